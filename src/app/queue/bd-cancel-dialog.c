/* bd-cancel-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cancel-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-cancel-dialog.h"

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

BdCancelDialog *
bd_cancel_dialog_new (GtkWindow *parent,
                      guint      n_lines)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (BD_TYPE_CANCEL_DIALOG,
                       "transient-for", parent,
                       "n-lines", n_lines,
                       NULL);
}

guint
bd_cancel_dialog_get_n_lines (BdCancelDialog *self)
{
  g_return_val_if_fail (BD_IS_CANCEL_DIALOG (self), 0);
  return self->n_lines;
}

/* The heading and the button say how many lines go. */
void
bd_cancel_dialog_set_n_lines (BdCancelDialog *self,
                              guint           n_lines)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (BD_IS_CANCEL_DIALOG (self));

  if (self->n_lines == n_lines)
    return;

  self->n_lines = n_lines;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cancel %u Line?", "Cancel %u Lines?",
                                          n_lines), n_lines);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "cancel-lines",
                                         g_dngettext (GETTEXT_PACKAGE, "_Cancel Line",
                                                      "_Cancel Lines", n_lines));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
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
bd_cancel_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BdCancelDialog *self = BD_CANCEL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_N_LINES:
      bd_cancel_dialog_set_n_lines (self, g_value_get_uint (value));
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
  object_class->set_property = bd_cancel_dialog_set_property;
  widget_class->show = bd_cancel_dialog_show;

  properties[PROP_N_LINES] =
    g_param_spec_uint ("n-lines", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
