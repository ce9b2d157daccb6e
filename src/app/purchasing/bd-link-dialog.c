/* bd-link-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-link-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-link-dialog.h"
#include "bd-purchasing-tasks.h"
#include "bd-util.h"

/* The terms of a product at a supplier: unit cost, lead time, MOQ, pack
 * size and whether it is the preferred supplier; or a product the
 * supplier delivers from now on, by its SKU; or no longer. As the
 * supplier dialog, it says what the core refuses and keeps what was
 * typed. */

struct _BdLinkDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget *save_button;
  GtkLabel *error_label;
  AdwPreferencesGroup *group;
  AdwEntryRow *sku_row;
  AdwEntryRow *cost_row;
  AdwEntryRow *lead_time_row;
  AdwEntryRow *moq_row;
  AdwEntryRow *pack_row;
  GtkSwitch *preferred_switch;
  GtkWidget *remove_button;

  /* Owned references */
  BdStore *store;
  char *ref;
  char *sku;

  gboolean busy;
};

G_DEFINE_FINAL_TYPE (BdLinkDialog, bd_link_dialog, ADW_TYPE_WINDOW)

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_number (AdwEntryRow *row,
            int          value)
{
  g_autofree char *text = value >= 0 ? g_strdup_printf ("%d", value) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
update_busy (BdLinkDialog *self,
             gboolean      busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "link.save", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "link.remove", !busy && self->sku != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !busy);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdLinkDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = bd_purchasing_write_finish (result, &error);

  /* the window went, and its dialogs with it */
  if (self->store == NULL)
    return;

  update_busy (self, FALSE);
  if (!ok)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdLinkDialog *self = BD_LINK_DIALOG (widget);
  BdSupplierWrite *write;

  if (self->busy)
    return;

  write = bd_supplier_write_new (BD_SUPPLIER_WRITE_LINK, self->ref);
  write->sku = self->sku != NULL ? g_strdup (self->sku) : row_text (self->sku_row);
  write->fields[0] = row_text (self->cost_row);
  write->fields[2] = row_text (self->lead_time_row);
  write->fields[3] = row_text (self->moq_row);
  write->fields[4] = row_text (self->pack_row);
  write->fields[5] = g_strdup (gtk_switch_get_active (self->preferred_switch) ? "true" : "false");

  update_busy (self, TRUE);
  bd_purchasing_write_async (self->store, write, save_done_cb, g_object_ref (self));
}

static void
remove_response_cb (BdLinkDialog *self,
                    const char   *response)
{
  BdSupplierWrite *write;

  if (!g_str_equal (response, "remove") || self->busy)
    return;

  write = bd_supplier_write_new (BD_SUPPLIER_WRITE_REMOVE_LINK, self->ref);
  write->sku = g_strdup (self->sku);
  update_busy (self, TRUE);
  bd_purchasing_write_async (self->store, write, save_done_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdLinkDialog *self = BD_LINK_DIALOG (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->sku == NULL || self->busy)
    return;

  /* Translators: %s is an SKU */
  heading = g_strdup_printf (_("Remove %s from This Supplier?"), self->sku);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("It is no longer offered from this supplier for new purchase orders. Its "
                                     "purchase orders stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
bd_link_dialog_get_busy (BdLinkDialog *self)
{
  g_return_val_if_fail (BD_IS_LINK_DIALOG (self), FALSE);
  return self->busy;
}

/* What the last save could not do, or NULL. */
const char *
bd_link_dialog_get_error (BdLinkDialog *self)
{
  g_return_val_if_fail (BD_IS_LINK_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

/* A write on its way is seen through: its answer needs the dialog. */
static gboolean
bd_link_dialog_close_request (GtkWindow *window)
{
  BdLinkDialog *self = BD_LINK_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bd_link_dialog_parent_class)->close_request (window);
}

static void
bd_link_dialog_dispose (GObject *object)
{
  BdLinkDialog *self = (BdLinkDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_LINK_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_link_dialog_parent_class)->dispose (object);
}

static void
bd_link_dialog_finalize (GObject *object)
{
  BdLinkDialog *self = (BdLinkDialog *)object;

  g_free (self->ref);
  g_free (self->sku);

  G_OBJECT_CLASS (bd_link_dialog_parent_class)->finalize (object);
}

static void
bd_link_dialog_class_init (BdLinkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_link_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bd_link_dialog_close_request;
  object_class->finalize = bd_link_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/purchasing/bd-link-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, group);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, sku_row);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, cost_row);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, lead_time_row);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, moq_row);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, pack_row);
  gtk_widget_class_bind_template_child (widget_class, BdLinkDialog, preferred_switch);

  gtk_widget_class_install_action (widget_class, "link.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "link.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "link.save", NULL);
}

static void
bd_link_dialog_init (BdLinkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

/* The terms of @product at @supplier, or with @product NULL a product
 * the supplier is to deliver. */
BdLinkDialog *
bd_link_dialog_new (BdStore                 *store,
                    BdSupplier              *supplier,
                    const BdSupplierProduct *product,
                    const char              *default_currency)
{
  BdLinkDialog *self;
  const char *currency;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *cost_title = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (BD_IS_SUPPLIER (supplier), NULL);

  self = g_object_new (BD_TYPE_LINK_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->ref = g_strdup (bd_supplier_get_ref (supplier));
  currency = product != NULL && product->currency != NULL ? product->currency : default_currency;
  /* Translators: %s is a currency code */
  cost_title = g_strdup_printf (_("Unit Cost in %s"), currency != NULL ? currency : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cost_row), cost_title);

  if (product == NULL)
    {
      /* Translators: %s is a supplier's name */
      title = g_strdup_printf (_("New Product of %s"), bd_supplier_get_name (supplier));
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_widget_set_visible (GTK_WIDGET (self->sku_row), TRUE);
      gtk_widget_set_visible (self->remove_button, FALSE);
      update_busy (self, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->sku_row));
      return self;
    }

  self->sku = g_strdup (product->sku);
  /* Translators: %s is an SKU */
  title = g_strdup_printf (_("Terms of %s"), product->sku);
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* Translators: a product's name and the supplier's */
  description = g_strdup_printf (_("%s from %s"), product->product_name, bd_supplier_get_name (supplier));
  adw_preferences_group_set_title (self->group, description);

  if (product->has_unit_cost)
    {
      int exponent = bd_currency_exponent (currency);
      g_autofree char *cost = bd_format_decimal (product->unit_cost, exponent < 0 ? 2 : exponent);

      gtk_editable_set_text (GTK_EDITABLE (self->cost_row), cost);
    }
  set_number (self->lead_time_row, product->lead_time_days);
  set_number (self->moq_row, product->moq);
  set_number (self->pack_row, product->pack_size);
  gtk_switch_set_active (self->preferred_switch, product->preferred);
  update_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->cost_row));
  return self;
}
