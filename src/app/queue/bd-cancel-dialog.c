/* bd-cancel-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cancel-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-cancel-dialog.h"
#include "bd-widget-util.h"

/* Cancelling asks for a reason (and whether the customer was refunded):
 * what an agent needs to tell the customer and the shop later. The
 * "cancel-lines" response is enabled once there is a reason; whoever
 * opened the dialog acts on it. */
struct _BdCancelDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkEntry *reason_entry;
  GtkCheckButton *refunded_check;

  guint n_lines;
};

G_DEFINE_FINAL_TYPE (BdCancelDialog, bd_cancel_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_N_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Asks about @n_lines lines; @refs names the first of them (up to
 * BD_LINES_NAMED). */
BdCancelDialog *
bd_cancel_dialog_new (GtkWindow          *parent,
                      guint               n_lines,
                      const char * const *refs)
{
  BdCancelDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (BD_TYPE_CANCEL_DIALOG, "transient-for", parent, NULL);
  bd_cancel_dialog_set_lines (self, n_lines, refs);
  return self;
}

guint
bd_cancel_dialog_get_n_lines (BdCancelDialog *self)
{
  g_return_val_if_fail (BD_IS_CANCEL_DIALOG (self), 0);
  return self->n_lines;
}

/* The heading names the line, or says how many lines go and the body
 * which (@refs, the first of them): an agent cancelling from the keyboard
 * sees what the Delete key is about to cancel. */
void
bd_cancel_dialog_set_lines (BdCancelDialog     *self,
                            guint               n_lines,
                            const char * const *refs)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *consequence;

  g_return_if_fail (BD_IS_CANCEL_DIALOG (self));

  if (n_lines == 1 && refs != NULL && refs[0] != NULL)
    /* Translators: %s is a line, like SO-100268/MUG-RED */
    heading = g_strdup_printf (_("Cancel %s?"), refs[0]);
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cancel %u Line?", "Cancel %u Lines?",
                                            n_lines), n_lines);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  consequence = g_dngettext (GETTEXT_PACKAGE,
                             "The customer will not get what is still missing. You can undo this for a few seconds afterwards.",
                             "The customers will not get what is still missing. You can undo this for a few seconds afterwards.",
                             n_lines);
  if (n_lines > 1)
    {
      g_autofree char *lines = bd_format_line_list (refs, n_lines);

      body = g_strdup_printf ("%s\n\n%s", lines, consequence);
    }
  else
    body = g_strdup (consequence);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "cancel-lines",
                                         g_dngettext (GETTEXT_PACKAGE, "_Cancel Line",
                                                      "_Cancel Lines", n_lines));

  if (self->n_lines != n_lines)
    {
      self->n_lines = n_lines;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
    }
}

/* The reason as typed. */
const char *
bd_cancel_dialog_get_reason (BdCancelDialog *self)
{
  g_return_val_if_fail (BD_IS_CANCEL_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->reason_entry));
}

gboolean
bd_cancel_dialog_get_refunded (BdCancelDialog *self)
{
  g_return_val_if_fail (BD_IS_CANCEL_DIALOG (self), FALSE);
  return gtk_check_button_get_active (self->refunded_check);
}

static void
reason_changed_cb (BdCancelDialog *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (bd_cancel_dialog_get_reason (self)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "cancel-lines", *reason != '\0');
}

static void
reason_activate_cb (BdCancelDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "cancel-lines"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "cancel-lines");
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* The reason is what is asked for: typing starts there. */
static void
bd_cancel_dialog_show (GtkWidget *widget)
{
  BdCancelDialog *self = BD_CANCEL_DIALOG (widget);

  GTK_WIDGET_CLASS (bd_cancel_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
}

static void
bd_cancel_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_CANCEL_DIALOG);

  G_OBJECT_CLASS (bd_cancel_dialog_parent_class)->dispose (object);
}

static void
bd_cancel_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BdCancelDialog *self = BD_CANCEL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_N_LINES:
      g_value_set_uint (value, self->n_lines);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_cancel_dialog_class_init (BdCancelDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_cancel_dialog_dispose;
  object_class->get_property = bd_cancel_dialog_get_property;
  widget_class->show = bd_cancel_dialog_show;

  properties[PROP_N_LINES] =
    g_param_spec_uint ("n-lines", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-cancel-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCancelDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, BdCancelDialog, refunded_check);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_activate_cb);
}

static void
bd_cancel_dialog_init (BdCancelDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
