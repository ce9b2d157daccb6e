/* bd-supplier-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-supplier-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-purchasing-tasks.h"
#include "bd-supplier-dialog.h"
#include "bd-util.h"

/* A new supplier, or a supplier's name, contact and terms. What the core
 * refuses is said above the fields, which keep what was typed: the
 * dialog closes only once the store holds it. */

struct _BdSupplierDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget *save_button;
  GtkLabel *error_label;
  AdwEntryRow *ref_row;
  AdwEntryRow *name_row;
  AdwEntryRow *contact_row;
  AdwEntryRow *email_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *lead_time_row;
  AdwEntryRow *minimum_row;

  /* Owned references */
  BdStore *store;
  BdSupplier *supplier;         /* NULL: a new one */

  gboolean busy;
};

G_DEFINE_FINAL_TYPE (BdSupplierDialog, bd_supplier_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_busy (BdSupplierDialog *self,
             gboolean          busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplier.save", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !busy);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdSupplierDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
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

  ref = self->supplier != NULL ? g_strdup (bd_supplier_get_ref (self->supplier)) : row_text (self->ref_row);
  g_signal_emit (self, signals[SAVED], 0, ref);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdSupplierDialog *self = BD_SUPPLIER_DIALOG (widget);
  g_autofree char *ref = self->supplier != NULL ? g_strdup (bd_supplier_get_ref (self->supplier))
                                                : row_text (self->ref_row);
  BdSupplierWrite *write;

  if (self->busy)
    return;

  write = bd_supplier_write_new (self->supplier != NULL ? BD_SUPPLIER_WRITE_EDIT : BD_SUPPLIER_WRITE_CREATE, ref);
  write->fields[0] = row_text (self->name_row);
  write->fields[1] = row_text (self->contact_row);
  write->fields[2] = row_text (self->email_row);
  write->fields[3] = row_text (self->phone_row);
  write->fields[4] = row_text (self->lead_time_row);
  write->fields[5] = row_text (self->minimum_row);

  update_busy (self, TRUE);
  bd_purchasing_write_async (self->store, write, save_done_cb, g_object_ref (self));
}

/* Whether a save is on its way. */
gboolean
bd_supplier_dialog_get_busy (BdSupplierDialog *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER_DIALOG (self), FALSE);
  return self->busy;
}

/* What the last save could not do, or NULL. */
const char *
bd_supplier_dialog_get_error (BdSupplierDialog *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

/* A write on its way is seen through: its answer needs the dialog. */
static gboolean
bd_supplier_dialog_close_request (GtkWindow *window)
{
  BdSupplierDialog *self = BD_SUPPLIER_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bd_supplier_dialog_parent_class)->close_request (window);
}

static void
bd_supplier_dialog_dispose (GObject *object)
{
  BdSupplierDialog *self = (BdSupplierDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_SUPPLIER_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->supplier);

  G_OBJECT_CLASS (bd_supplier_dialog_parent_class)->dispose (object);
}

static void
bd_supplier_dialog_class_init (BdSupplierDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_supplier_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bd_supplier_dialog_close_request;

  /* the supplier's reference, once the store holds what was typed */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/purchasing/bd-supplier-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, ref_row);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, lead_time_row);
  gtk_widget_class_bind_template_child (widget_class, BdSupplierDialog, minimum_row);

  gtk_widget_class_install_action (widget_class, "supplier.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "supplier.save", NULL);
}

static void
bd_supplier_dialog_init (BdSupplierDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

BdSupplierDialog *
bd_supplier_dialog_new (BdStore    *store,
                        BdSupplier *supplier)
{
  BdSupplierDialog *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (supplier == NULL || BD_IS_SUPPLIER (supplier), NULL);

  self = g_object_new (BD_TYPE_SUPPLIER_DIALOG, NULL);
  self->store = g_object_ref (store);
  if (supplier == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Supplier"));
      gtk_widget_grab_focus (GTK_WIDGET (self->ref_row));
      return self;
    }

  self->supplier = g_object_ref (supplier);
  /* Translators: %s is a supplier's name */
  {
    g_autofree char *title = g_strdup_printf (_("Edit %s"), bd_supplier_get_name (supplier));

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->ref_row), FALSE);
  set_text (self->name_row, bd_supplier_get_name (supplier));
  set_text (self->contact_row, bd_supplier_get_contact_name (supplier));
  set_text (self->email_row, bd_supplier_get_email (supplier));
  set_text (self->phone_row, bd_supplier_get_phone (supplier));
  if (bd_supplier_get_lead_time_days (supplier) >= 0)
    {
      g_autofree char *lead = g_strdup_printf ("%d", bd_supplier_get_lead_time_days (supplier));

      set_text (self->lead_time_row, lead);
    }
  if (bd_supplier_get_minimum_order (supplier) >= 0)
    {
      g_autofree char *currency = bd_store_get_default_currency (store);
      int exponent = bd_currency_exponent (currency);
      g_autofree char *minimum = bd_format_decimal (bd_supplier_get_minimum_order (supplier),
                                                    exponent < 0 ? 2 : exponent);

      set_text (self->minimum_row, minimum);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
