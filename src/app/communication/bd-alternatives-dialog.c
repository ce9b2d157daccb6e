/* bd-alternatives-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-alternatives-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-alternatives-dialog.h"
#include "bd-products.h"

/* The products an agent can offer instead of one that is out of stock:
 * listed with their stock, added by SKU, taken back. Each change is in
 * the store at once (bd-products.c), as in product_alternatives.csv. */

struct _BdAlternativesDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  AdwPreferencesGroup *list_group;
  GtkListBox *list;
  AdwEntryRow *sku_row;
  GtkLabel *error_label;

  /* Owned references */
  BdStore *store;
  char *sku;
  char *error;

  guint n_shown;
};

G_DEFINE_FINAL_TYPE (BdAlternativesDialog, bd_alternatives_dialog, ADW_TYPE_WINDOW)

static void
set_error (BdAlternativesDialog *self,
           const char           *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWidget *
alternative_row (BdAlternativesDialog       *self,
                 const BdProductAlternative *alternative)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = g_strdup_printf ("%s · %s", alternative->sku, alternative->name);
  g_autofree char *stock = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " in stock",
                                                         "%" G_GINT64_FORMAT " in stock", alternative->on_hand),
                                            alternative->on_hand);
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), alternative->sku);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), alternative->on_hand > 0 ? stock : _("Out of stock"));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "alternatives.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", alternative->sku);
  gtk_widget_set_sensitive (remove, !bd_store_is_read_only (self->store));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
reload (BdAlternativesDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alternatives = bd_products_list_alternatives (self->store, self->sku, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_shown = 0;

  if (alternatives == NULL)
    {
      set_error (self, error->message);
      return;
    }

  for (guint i = 0; i < alternatives->len; i++)
    gtk_list_box_append (self->list, alternative_row (self, g_ptr_array_index (alternatives, i)));
  self->n_shown = alternatives->len;

  if (alternatives->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("None yet: add one by its SKU below"));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_list_box_append (self->list, none);
    }
}

static void
add_cb (BdAlternativesDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!bd_products_add_alternative (self->store, self->sku, gtk_editable_get_text (GTK_EDITABLE (self->sku_row)),
                                    &error))
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->sku_row), "");
  reload (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdAlternativesDialog *self = BD_ALTERNATIVES_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!bd_products_remove_alternative (self->store, self->sku, g_variant_get_string (parameter, NULL), &error))
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  reload (self);
}

static void
bd_alternatives_dialog_dispose (GObject *object)
{
  BdAlternativesDialog *self = BD_ALTERNATIVES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_ALTERNATIVES_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_alternatives_dialog_parent_class)->dispose (object);
}

static void
bd_alternatives_dialog_finalize (GObject *object)
{
  BdAlternativesDialog *self = BD_ALTERNATIVES_DIALOG (object);

  g_free (self->sku);
  g_free (self->error);

  G_OBJECT_CLASS (bd_alternatives_dialog_parent_class)->finalize (object);
}

static void
bd_alternatives_dialog_class_init (BdAlternativesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_alternatives_dialog_dispose;
  object_class->finalize = bd_alternatives_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/communication/"
                                               "bd-alternatives-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdAlternativesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdAlternativesDialog, list_group);
  gtk_widget_class_bind_template_child (widget_class, BdAlternativesDialog, list);
  gtk_widget_class_bind_template_child (widget_class, BdAlternativesDialog, sku_row);
  gtk_widget_class_bind_template_child (widget_class, BdAlternativesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);

  gtk_widget_class_install_action (widget_class, "alternatives.remove", "s", remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_alternatives_dialog_init (BdAlternativesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bd_alternatives_dialog_new:
 *
 * The alternatives of product @sku, to see and change.
 */
BdAlternativesDialog *
bd_alternatives_dialog_new (GtkWindow  *parent,
                            BdStore    *store,
                            const char *sku)
{
  BdAlternativesDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (sku != NULL, NULL);

  self = g_object_new (BD_TYPE_ALTERNATIVES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->sku = g_strdup (sku);

  title = g_strdup_printf (_("Alternatives for %s"), sku);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sku_row), !bd_store_is_read_only (store));
  reload (self);

  return self;
}

/* What the last change refused, or NULL. */
const char *
bd_alternatives_dialog_get_error (BdAlternativesDialog *self)
{
  g_return_val_if_fail (BD_IS_ALTERNATIVES_DIALOG (self), NULL);

  return self->error;
}

/* How many alternatives the list shows. */
guint
bd_alternatives_dialog_get_n_shown (BdAlternativesDialog *self)
{
  g_return_val_if_fail (BD_IS_ALTERNATIVES_DIALOG (self), 0);

  return self->n_shown;
}
