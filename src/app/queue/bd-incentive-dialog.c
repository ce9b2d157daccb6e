/* bd-incentive-dialog.c: a discount or free shipping given to a customer
 * for their wait
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-incentive-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-incentive-dialog.h"
#include "bd-util.h"

/* What an agent gives a customer to keep them waiting: a discount, an
 * amount in the order's currency, or free shipping, with a word why. The
 * queue page records it (bd_incentives_give()); the incentive template's
 * {{incentive}} then tells the customer of it. */

struct _BdIncentiveDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkCheckButton *discount_check;
  GtkCheckButton *shipping_check;
  GtkLabel *amount_label;
  GtkEntry *amount_entry;
  GtkEntry *note_entry;

  char *currency;
};

G_DEFINE_FINAL_TYPE (BdIncentiveDialog, bd_incentive_dialog, ADW_TYPE_MESSAGE_DIALOG)

/**
 * bd_incentive_dialog_new:
 * @currency: the order's, which a discount is in
 */
BdIncentiveDialog *
bd_incentive_dialog_new (GtkWindow  *parent,
                         const char *currency)
{
  BdIncentiveDialog *self;
  g_autofree char *label = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  self = g_object_new (BD_TYPE_INCENTIVE_DIALOG, "transient-for", parent, NULL);
  self->currency = g_strdup (currency);
  /* Translators: the discount's label, with the order's currency: "_Amount (EUR)" */
  label = g_strdup_printf (_("_Amount (%s)"), currency);
  gtk_label_set_label (self->amount_label, label);
  return self;
}

BdIncentiveKind
bd_incentive_dialog_get_kind (BdIncentiveDialog *self)
{
  g_return_val_if_fail (BD_IS_INCENTIVE_DIALOG (self), BD_INCENTIVE_DISCOUNT);

  return gtk_check_button_get_active (self->shipping_check) ? BD_INCENTIVE_FREE_SHIPPING : BD_INCENTIVE_DISCOUNT;
}

/* The discount typed, in minor units of the order's currency; FALSE when
 * the text is no amount above zero. Free shipping has none: 0. */
gboolean
bd_incentive_dialog_get_amount (BdIncentiveDialog *self,
                                gint64            *minor)
{
  g_autofree char *text = NULL;
  const char *problem = NULL;

  g_return_val_if_fail (BD_IS_INCENTIVE_DIALOG (self), FALSE);

  *minor = 0;
  if (bd_incentive_dialog_get_kind (self) == BD_INCENTIVE_FREE_SHIPPING)
    return TRUE;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry))));
  return bd_parse_money (text, bd_currency_exponent (self->currency), minor, &problem) && *minor > 0;
}

/* The word why, or NULL. */
char *
bd_incentive_dialog_dup_note (BdIncentiveDialog *self)
{
  g_autofree char *note = NULL;

  g_return_val_if_fail (BD_IS_INCENTIVE_DIALOG (self), NULL);

  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  return *note != '\0' ? g_steal_pointer (&note) : NULL;
}

/* Give only what the store takes: a discount above zero. */
static void
changed_cb (BdIncentiveDialog *self)
{
  gint64 minor;
  gboolean discount = bd_incentive_dialog_get_kind (self) == BD_INCENTIVE_DISCOUNT;

  gtk_widget_set_sensitive (GTK_WIDGET (self->amount_label), discount);
  gtk_widget_set_sensitive (GTK_WIDGET (self->amount_entry), discount);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "give",
                                           bd_incentive_dialog_get_amount (self, &minor));
}

static void
bd_incentive_dialog_show (GtkWidget *widget)
{
  BdIncentiveDialog *self = BD_INCENTIVE_DIALOG (widget);

  GTK_WIDGET_CLASS (bd_incentive_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
}

static void
bd_incentive_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_INCENTIVE_DIALOG);

  G_OBJECT_CLASS (bd_incentive_dialog_parent_class)->dispose (object);
}

static void
bd_incentive_dialog_finalize (GObject *object)
{
  BdIncentiveDialog *self = BD_INCENTIVE_DIALOG (object);

  g_free (self->currency);

  G_OBJECT_CLASS (bd_incentive_dialog_parent_class)->finalize (object);
}

static void
bd_incentive_dialog_class_init (BdIncentiveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_incentive_dialog_dispose;
  object_class->finalize = bd_incentive_dialog_finalize;
  widget_class->show = bd_incentive_dialog_show;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-incentive-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdIncentiveDialog, discount_check);
  gtk_widget_class_bind_template_child (widget_class, BdIncentiveDialog, shipping_check);
  gtk_widget_class_bind_template_child (widget_class, BdIncentiveDialog, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BdIncentiveDialog, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, BdIncentiveDialog, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
bd_incentive_dialog_init (BdIncentiveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
