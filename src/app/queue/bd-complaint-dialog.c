/* bd-complaint-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-complaint-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-complaint-dialog.h"
#include "bd-notes.h"

/* Asks what a customer complains about: a category and what they said.
 * The "log" response is enabled once there is text; whoever opened the
 * dialog acts on it. */
struct _BdComplaintDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkDropDown *category_dropdown;
  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE (BdComplaintDialog, bd_complaint_dialog, ADW_TYPE_MESSAGE_DIALOG)

BdComplaintDialog *
bd_complaint_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (BD_TYPE_COMPLAINT_DIALOG,
                       "transient-for", parent,
                       NULL);
}

/* The category chosen, as the store names it ("delay", …). */
const char *
bd_complaint_dialog_get_category (BdComplaintDialog *self)
{
  GObject *item;

  g_return_val_if_fail (BD_IS_COMPLAINT_DIALOG (self), NULL);

  item = gtk_drop_down_get_selected_item (self->category_dropdown);
  return item != NULL ? g_object_get_data (item, "bd-category") : NULL;
}

/* What the customer said, as typed. */
char *
bd_complaint_dialog_dup_text (BdComplaintDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BD_IS_COMPLAINT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
text_changed_cb (BdComplaintDialog *self)
{
  g_autofree char *text = g_strstrip (bd_complaint_dialog_dup_text (self));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "log", *text != '\0');
}

/* What the customer said is what is asked for: typing starts there. */
static void
bd_complaint_dialog_show (GtkWidget *widget)
{
  BdComplaintDialog *self = BD_COMPLAINT_DIALOG (widget);

  GTK_WIDGET_CLASS (bd_complaint_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
bd_complaint_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_COMPLAINT_DIALOG);

  G_OBJECT_CLASS (bd_complaint_dialog_parent_class)->dispose (object);
}

static void
bd_complaint_dialog_class_init (BdComplaintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_complaint_dialog_dispose;
  widget_class->show = bd_complaint_dialog_show;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-complaint-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdComplaintDialog, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdComplaintDialog, text_view);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
}

static void
bd_complaint_dialog_init (BdComplaintDialog *self)
{
  const char * const *categories = bd_complaint_categories ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* each item carries the category it stands for */
  for (guint i = 0; categories[i] != NULL; i++)
    {
      g_autoptr(GObject) item = NULL;

      gtk_string_list_append (labels, bd_complaint_category_label (categories[i]));
      item = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_object_set_data (item, "bd-category", (gpointer)categories[i]);
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (labels));
}
