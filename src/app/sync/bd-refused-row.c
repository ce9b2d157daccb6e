/* bd-refused-row.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-refused-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-conflict-row.h"
#include "bd-refused-row.h"
#include "bd-util.h"

/* One write the server refused, in the Conflicts window: the server's
 * reason, what was changed here, and Discard / Retry, whose actions
 * (conflicts.discard, conflicts.retry) the window holds. */
struct _BdRefusedRow
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkLabel *reason_label;
  GtkLabel *detail_label;
  GtkButton *discard_button;
  GtkButton *retry_button;

  /* Owned references */
  char *doc_id;
};

G_DEFINE_FINAL_TYPE (BdRefusedRow, bd_refused_row, ADW_TYPE_BIN)

static void
bd_refused_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_REFUSED_ROW);

  G_OBJECT_CLASS (bd_refused_row_parent_class)->dispose (object);
}

static void
bd_refused_row_finalize (GObject *object)
{
  BdRefusedRow *self = (BdRefusedRow *)object;

  g_clear_pointer (&self->doc_id, g_free);

  G_OBJECT_CLASS (bd_refused_row_parent_class)->finalize (object);
}

static void
bd_refused_row_class_init (BdRefusedRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_refused_row_dispose;
  object_class->finalize = bd_refused_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/sync/bd-refused-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdRefusedRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdRefusedRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, BdRefusedRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, BdRefusedRow, discard_button);
  gtk_widget_class_bind_template_child (widget_class, BdRefusedRow, retry_button);
}

static void
bd_refused_row_init (BdRefusedRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bd_refused_row_new (JsonObject *refused)
{
  BdRefusedRow *self = g_object_new (BD_TYPE_REFUSED_ROW, NULL);
  const char *what = json_object_get_string_member (refused, "what");
  const char *fields = json_object_get_string_member_with_default (refused, "fields", "");
  g_autofree char *when = bd_format_local_datetime (json_object_get_string_member (refused, "refused_at"));
  g_autofree char *detail = NULL;
  g_autofree char *discard = NULL;
  g_autofree char *retry = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_auto(GStrv) names = g_strsplit (fields, ", ", -1);
  gboolean on_server = json_object_get_int_member (refused, "on_server") != 0;
  GVariant *target;

  self->doc_id = g_strdup (json_object_get_string_member (refused, "doc_id"));
  gtk_label_set_text (self->title_label, what);
  gtk_label_set_text (self->reason_label, json_object_get_string_member (refused, "reason"));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = NULL;

      if (*names[i] == '\0')
        continue;
      label = bd_conflict_field_label (names[i]);
      g_string_append_printf (changed, "%s%s", changed->len > 0 ? ", " : "", label);
    }
  if (!on_server)
    /* TRANSLATORS: when the server refused a new row */
    detail = g_strdup_printf (_("Made here, refused %s. Discarding deletes it."), when);
  else if (changed->len > 0)
    /* TRANSLATORS: the fields changed here, then when the server refused them */
    detail = g_strdup_printf (_("Changed here: %s. Refused %s."), changed->str, when);
  else
    detail = g_strdup_printf (_("Refused %s."), when);
  gtk_label_set_text (self->detail_label, detail);

  target = g_variant_ref_sink (g_variant_new_string (self->doc_id));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->discard_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->retry_button), target);
  g_variant_unref (target);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  discard = on_server ? g_strdup_printf (_("Give up your change of %s and take the server’s version"), what)
                      : g_strdup_printf (_("Delete %s, which the server never had"), what);
  retry = g_strdup_printf (_("Send your change of %s again with the next sync"), what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->discard_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, discard,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, retry, -1);

  return GTK_WIDGET (self);
}

const char *
bd_refused_row_get_doc_id (BdRefusedRow *self)
{
  g_return_val_if_fail (BD_IS_REFUSED_ROW (self), NULL);
  return self->doc_id;
}

GtkWidget *
bd_refused_row_get_first_button (BdRefusedRow *self)
{
  g_return_val_if_fail (BD_IS_REFUSED_ROW (self), NULL);
  return GTK_WIDGET (self->retry_button);
}
