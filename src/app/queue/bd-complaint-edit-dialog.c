/* bd-complaint-edit-dialog.c: who handles a complaint, where it stands, how
 * it was resolved and what the customer was given
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-complaint-edit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-complaint-edit-dialog.h"
#include "bd-util.h"

struct _BdComplaintEditDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkEntry *owner_entry;
  GtkDropDown *status_dropdown;
  GtkLabel *incentive_label;
  GtkEntry *incentive_entry;
  GtkTextView *resolution_view;
  GtkLabel *problem_label;

  /* Owned references */
  char *uuid;
  char *currency;
};

G_DEFINE_FINAL_TYPE (BdComplaintEditDialog, bd_complaint_edit_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char * const statuses[] = { "open", "answered", "resolved" };

const char *
bd_complaint_edit_dialog_get_uuid (BdComplaintEditDialog *self)
{
  g_return_val_if_fail (BD_IS_COMPLAINT_EDIT_DIALOG (self), NULL);
  return self->uuid;
}

char *
bd_complaint_edit_dialog_dup_owner (BdComplaintEditDialog *self)
{
  g_return_val_if_fail (BD_IS_COMPLAINT_EDIT_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->owner_entry))));
}

const char *
bd_complaint_edit_dialog_get_status (BdComplaintEditDialog *self)
{
  guint selected;

  g_return_val_if_fail (BD_IS_COMPLAINT_EDIT_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->status_dropdown);
  return selected < G_N_ELEMENTS (statuses) ? statuses[selected] : statuses[0];
}

char *
bd_complaint_edit_dialog_dup_resolution (BdComplaintEditDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BD_IS_COMPLAINT_EDIT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->resolution_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* The incentive typed, in minor units of the order's currency (0 for
 * none); FALSE when the text is no amount. */
gboolean
bd_complaint_edit_dialog_get_incentive (BdComplaintEditDialog *self,
                                        gint64                *minor)
{
  g_autofree char *text = NULL;
  const char *problem = NULL;

  g_return_val_if_fail (BD_IS_COMPLAINT_EDIT_DIALOG (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->incentive_entry))));
  *minor = 0;
  if (*text == '\0')
    return TRUE;
  return bd_parse_money (text, bd_currency_exponent (self->currency), minor, &problem) && *minor >= 0;
}

/* Save only with what the store takes: a resolved complaint says how, an
 * incentive is an amount. */
static void
changed_cb (BdComplaintEditDialog *self)
{
  g_autofree char *resolution = bd_complaint_edit_dialog_dup_resolution (self);
  const char *problem = NULL;
  gint64 minor;

  if (g_str_equal (bd_complaint_edit_dialog_get_status (self), "resolved") && *resolution == '\0')
    problem = _("A resolved complaint needs its resolution: write how it was resolved.");
  else if (!bd_complaint_edit_dialog_get_incentive (self, &minor))
    problem = _("The incentive is an amount like 5.00, or empty for none.");

  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", problem == NULL);
}

static void
bd_complaint_edit_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_COMPLAINT_EDIT_DIALOG);

  G_OBJECT_CLASS (bd_complaint_edit_dialog_parent_class)->dispose (object);
}

static void
bd_complaint_edit_dialog_finalize (GObject *object)
{
  BdComplaintEditDialog *self = BD_COMPLAINT_EDIT_DIALOG (object);

  g_free (self->uuid);
  g_free (self->currency);

  G_OBJECT_CLASS (bd_complaint_edit_dialog_parent_class)->finalize (object);
}

static void
bd_complaint_edit_dialog_class_init (BdComplaintEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_complaint_edit_dialog_dispose;
  object_class->finalize = bd_complaint_edit_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/queue/bd-complaint-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdComplaintEditDialog, owner_entry);
  gtk_widget_class_bind_template_child (widget_class, BdComplaintEditDialog, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdComplaintEditDialog, incentive_label);
  gtk_widget_class_bind_template_child (widget_class, BdComplaintEditDialog, incentive_entry);
  gtk_widget_class_bind_template_child (widget_class, BdComplaintEditDialog, resolution_view);
  gtk_widget_class_bind_template_child (widget_class, BdComplaintEditDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
bd_complaint_edit_dialog_init (BdComplaintEditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bd_complaint_edit_dialog_new:
 * @complaint: the complaint as bd_notes_list() gives it
 * @currency: the order's, which an incentive is in
 */
BdComplaintEditDialog *
bd_complaint_edit_dialog_new (GtkWindow    *parent,
                              const BdNote *complaint,
                              const char   *currency)
{
  BdComplaintEditDialog *self;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (complaint != NULL, NULL);

  body = g_strdup_printf (_("%s: “%s”"), bd_complaint_category_label (complaint->category), complaint->body);
  self = g_object_new (BD_TYPE_COMPLAINT_EDIT_DIALOG,
                       "transient-for", parent,
                       "body", body,
                       NULL);
  self->uuid = g_strdup (complaint->uuid);
  self->currency = g_strdup (currency);

  gtk_editable_set_text (GTK_EDITABLE (self->owner_entry), complaint->owner != NULL ? complaint->owner : "");
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (complaint->status, statuses[i]) == 0)
      gtk_drop_down_set_selected (self->status_dropdown, i);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->resolution_view),
                            complaint->resolution != NULL ? complaint->resolution : "", -1);
  if (currency != NULL)
    {
      /* Translators: the incentive's label, with the order's currency: "Incentive (EUR)" */
      g_autofree char *label = g_strdup_printf (_("_Incentive (%s)"), currency);

      gtk_label_set_label (self->incentive_label, label);
    }
  if (complaint->incentive > 0)
    {
      g_autofree char *amount = bd_format_decimal (complaint->incentive, bd_currency_exponent (currency));

      gtk_editable_set_text (GTK_EDITABLE (self->incentive_entry), amount);
    }
  changed_cb (self);

  return self;
}
