/* bd-compose-row.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-compose-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-compose-row.h"
#include "bd-widget-util.h"

/* One message of the compose dialog's list: to whom, on which channel,
 * its subject and text, or why it cannot go; after sending, what came of
 * it. It follows its item's state. */
struct _BdComposeRow
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel *recipient_label;
  GtkLabel *channel_label;
  GtkLabel *ref_label;
  GtkWidget *problem_box;
  GtkLabel *problem_label;
  GtkLabel *subject_label;
  GtkLabel *attachment_label;
  GtkLabel *body_label;
  GtkWidget *result_box;
  GtkSpinner *result_spinner;
  GtkImage *result_icon;
  GtkLabel *result_label;

  /* Owned references */
  BdComposeItem *item;
};

G_DEFINE_FINAL_TYPE (BdComposeRow, bd_compose_row, GTK_TYPE_WIDGET)

GtkWidget *
bd_compose_row_new (void)
{
  return g_object_new (BD_TYPE_COMPOSE_ROW, NULL);
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
show_result (BdComposeRow *self)
{
  BdComposeState state = bd_compose_item_get_state (self->item);
  const char *error = bd_compose_item_get_error (self->item);
  g_autofree char *text = NULL;
  const char *icon = NULL;
  const char *style = NULL;

  switch (state)
    {
    case BD_COMPOSE_STATE_SENDING:
      text = g_strdup (_("Sending…"));
      break;
    case BD_COMPOSE_STATE_SENT:
      text = error != NULL ? g_strdup (error) : g_strdup (_("Sent"));
      icon = "emblem-ok-symbolic";
      style = error != NULL ? "warning" : "success";
      break;
    case BD_COMPOSE_STATE_SAVED:
      text = g_strdup (_("Saved as an .eml file"));
      icon = "emblem-ok-symbolic";
      style = "success";
      break;
    case BD_COMPOSE_STATE_FAILED:
      /* Translators: %s is the mail server's or the gateway's reason */
      text = g_strdup_printf (_("Not sent: %s"), error != NULL ? error : _("no reason given"));
      icon = "dialog-error-symbolic";
      style = "error";
      break;
    case BD_COMPOSE_STATE_UNKNOWN:
      text = g_strdup_printf (_("May have gone out: %s. Check with the customer before sending it again."),
                              error != NULL ? error : _("the connection broke"));
      icon = "dialog-warning-symbolic";
      style = "warning";
      break;
    case BD_COMPOSE_STATE_NOT_SENT:
      text = g_strdup (_("Not sent: sending was stopped"));
      icon = "action-unavailable-symbolic";
      style = "dim-label";
      break;
    case BD_COMPOSE_STATE_PREVIEW:
    case BD_COMPOSE_STATE_PROBLEM:
    default:
      break;
    }

  gtk_widget_set_visible (self->result_box, text != NULL);
  gtk_label_set_label (self->result_label, text != NULL ? text : "");
  gtk_widget_set_css_classes (GTK_WIDGET (self->result_label),
                              (const char *[]) { style != NULL ? style : "dim-label", NULL });
  gtk_widget_set_css_classes (GTK_WIDGET (self->result_icon),
                              (const char *[]) { style != NULL ? style : "dim-label", NULL });
  gtk_image_set_from_icon_name (self->result_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->result_icon), icon != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->result_spinner), state == BD_COMPOSE_STATE_SENDING);
  gtk_spinner_set_spinning (self->result_spinner, state == BD_COMPOSE_STATE_SENDING);
}

static void
state_changed_cb (BdComposeRow *self)
{
  show_result (self);
}

void
bd_compose_row_set_item (BdComposeRow  *self,
                         BdComposeItem *item)
{
  const BdOutgoing *outgoing;
  g_autofree char *recipient = NULL;

  g_return_if_fail (BD_IS_COMPOSE_ROW (self));
  g_return_if_fail (item == NULL || BD_IS_COMPOSE_ITEM (item));

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item == NULL)
    return;

  g_signal_connect_object (item, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);

  outgoing = bd_compose_item_get_outgoing (item);
  recipient = bd_compose_item_dup_recipient (item);
  gtk_label_set_label (self->recipient_label, recipient);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->recipient_label), recipient);
  set_text (self->channel_label, bd_compose_item_get_channel_label (item));
  set_text (self->ref_label, bd_compose_item_get_ref (item));
  set_text (self->problem_label, bd_compose_item_get_problem (item));
  gtk_widget_set_visible (self->problem_box, bd_compose_item_get_problem (item) != NULL);
  set_text (self->subject_label, outgoing != NULL ? outgoing->subject : NULL);
  if (outgoing != NULL && outgoing->attachment_name != NULL)
    {
      /* Translators: %s is the file name of an attachment */
      g_autofree char *attached = g_strdup_printf (_("Attached: %s"), outgoing->attachment_name);

      set_text (self->attachment_label, attached);
    }
  else
    set_text (self->attachment_label, NULL);
  set_text (self->body_label, outgoing != NULL ? outgoing->body : NULL);
  show_result (self);
}

BdComposeItem *
bd_compose_row_get_item (BdComposeRow *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ROW (self), NULL);
  return self->item;
}

/* What the row says came of sending, or "" before. */
const char *
bd_compose_row_get_result_text (BdComposeRow *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ROW (self), NULL);
  return gtk_label_get_label (self->result_label);
}

static void
bd_compose_row_dispose (GObject *object)
{
  BdComposeRow *self = (BdComposeRow *)object;

  bd_compose_row_set_item (self, NULL);
  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_COMPOSE_ROW);

  G_OBJECT_CLASS (bd_compose_row_parent_class)->dispose (object);
}

static void
bd_compose_row_class_init (BdComposeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_compose_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/communication/bd-compose-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, channel_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, ref_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, problem_box);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, attachment_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, result_box);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, result_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, result_icon);
  gtk_widget_class_bind_template_child (widget_class, BdComposeRow, result_label);
}

static void
bd_compose_row_init (BdComposeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
