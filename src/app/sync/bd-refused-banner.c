/* bd-refused-banner.c: a row's change the team's server refused, said
 * where the row is worked on
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-refused-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-refused-banner.h"

/* Above a line's details while the server refuses its change (a role
 * that may not write it): the server's reason, and Review… to the
 * Conflicts window, where the change is discarded or sent again. The
 * change stays here meanwhile (README, "Sync"). The look of libadwaita
 * 1.3's AdwBanner, which 1.2 does not have. */
struct _BdRefusedBanner
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkLabel *label;
};

G_DEFINE_FINAL_TYPE (BdRefusedBanner, bd_refused_banner, GTK_TYPE_WIDGET)

static void
bd_refused_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_REFUSED_BANNER);

  G_OBJECT_CLASS (bd_refused_banner_parent_class)->dispose (object);
}

static void
bd_refused_banner_class_init (BdRefusedBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_refused_banner_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sync/bd-refused-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, BdRefusedBanner, box);
  gtk_widget_class_bind_template_child (widget_class, BdRefusedBanner, label);
}

static void
bd_refused_banner_init (BdRefusedBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* What a marked row says, in the banner, a tooltip or to a screen
 * reader. */
char *
bd_refused_banner_describe (const char *reason)
{
  /* Translators: %s is the server's reason, in its own words */
  return g_strdup_printf (_("The server refused this change: %s"), reason);
}

/* The mark of a list's row whose change the server refused, where the
 * banner does not fit: hidden until bd_refused_marker_set_reason(). Tests
 * find it by its name. */
GtkWidget *
bd_refused_marker_new (void)
{
  GtkWidget *marker = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_set_name (marker, "refused-marker");
  gtk_widget_add_css_class (marker, "refused-marker");
  gtk_widget_set_valign (marker, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (marker, FALSE);
  return marker;
}

/* Shows @marker with the banner's words for @reason, in its tooltip and
 * to a screen reader, or hides it for NULL. Its texts are set only when
 * the reason changes, which a list's bind mostly does not: setting a
 * tooltip costs a round trip to the display. */
void
bd_refused_marker_set_reason (GtkWidget  *marker,
                              const char *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WIDGET (marker));

  gtk_widget_set_visible (marker, reason != NULL);
  if (reason == NULL)
    return;
  text = bd_refused_banner_describe (reason);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (marker), text) == 0)
    return;
  gtk_widget_set_tooltip_text (marker, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* Shows @reason, or hides the banner for NULL. */
void
bd_refused_banner_set_reason (BdRefusedBanner *self,
                              const char      *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BD_IS_REFUSED_BANNER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), reason != NULL);
  if (reason == NULL)
    return;
  text = bd_refused_banner_describe (reason);
  gtk_label_set_label (self->label, text);
}

const char *
bd_refused_banner_get_text (BdRefusedBanner *self)
{
  g_return_val_if_fail (BD_IS_REFUSED_BANNER (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_label (self->label) : NULL;
}
