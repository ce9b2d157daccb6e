/* bd-contact-dialog.c: what a customer said on the phone or wrote back
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-contact-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-contact-dialog.h"

struct _BdContactDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkTextView *text_view;

  char *kind;         /* "call" or "reply" */
};

G_DEFINE_FINAL_TYPE (BdContactDialog, bd_contact_dialog, ADW_TYPE_MESSAGE_DIALOG)

/**
 * bd_contact_dialog_new:
 * @kind: "call" (the customer phoned) or "reply" (the customer wrote back)
 */
BdContactDialog *
bd_contact_dialog_new (GtkWindow  *parent,
                       const char *kind)
{
  BdContactDialog *self;
  gboolean call;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (g_strcmp0 (kind, "call") == 0 || g_strcmp0 (kind, "reply") == 0, NULL);

  call = g_str_equal (kind, "call");
  self = g_object_new (BD_TYPE_CONTACT_DIALOG,
                       "transient-for", parent,
                       "heading", call ? _("Log a Call") : _("Log a Reply"),
                       "body", call ? _("What did the customer say on the phone?")
                                    : _("What did the customer write back? Paste or sum it up."),
                       NULL);
  self->kind = g_strdup (kind);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "log",
                                         call ? _("_Log Call") : _("_Log Reply"));
  return self;
}

const char *
bd_contact_dialog_get_kind (BdContactDialog *self)
{
  g_return_val_if_fail (BD_IS_CONTACT_DIALOG (self), NULL);
  return self->kind;
}

char *
bd_contact_dialog_dup_text (BdContactDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BD_IS_CONTACT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
bd_contact_dialog_set_text (BdContactDialog *self,
                            const char      *text)
{
  g_return_if_fail (BD_IS_CONTACT_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

static void
text_changed_cb (BdContactDialog *self)
{
  g_autofree char *text = g_strstrip (bd_contact_dialog_dup_text (self));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "log", *text != '\0');
}

static void
bd_contact_dialog_show (GtkWidget *widget)
{
  BdContactDialog *self = BD_CONTACT_DIALOG (widget);

  GTK_WIDGET_CLASS (bd_contact_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
bd_contact_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_CONTACT_DIALOG);

  G_OBJECT_CLASS (bd_contact_dialog_parent_class)->dispose (object);
}

static void
bd_contact_dialog_finalize (GObject *object)
{
  BdContactDialog *self = BD_CONTACT_DIALOG (object);

  g_free (self->kind);

  G_OBJECT_CLASS (bd_contact_dialog_parent_class)->finalize (object);
}

static void
bd_contact_dialog_class_init (BdContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_contact_dialog_dispose;
  object_class->finalize = bd_contact_dialog_finalize;
  widget_class->show = bd_contact_dialog_show;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdContactDialog, text_view);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
}

static void
bd_contact_dialog_init (BdContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
