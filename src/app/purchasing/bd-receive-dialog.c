/* bd-receive-dialog.c: what arrived against a purchase order, who gets it
 * under the policy chosen, previewed as it is typed, then booked
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-receive-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-receive-dialog.h"

struct _BdReceiveDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget *commit_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  AdwPreferencesGroup *lines_group;
  AdwComboRow *policy_row;
  GtkWidget *over_row;
  GtkCheckButton *over_check;
  AdwPreferencesGroup *preview_group;

  /* Owned references */
  BdStore *store;
  char *number;
  GPtrArray *lines;        /* BdPoLine, borrowed from the page's detail: a ref */
  GPtrArray *spins;        /* GtkSpinButton *, one per line */
  GPtrArray *preview_rows; /* GtkWidget * in preview_group */
  gint64 po_id;
};

G_DEFINE_FINAL_TYPE (BdReceiveDialog, bd_receive_dialog, ADW_TYPE_WINDOW)

enum {
  RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const BdAllocationPolicy policies[] = {
  BD_ALLOCATION_FIFO, BD_ALLOCATION_PRIORITY, BD_ALLOCATION_COMPLETE,
};

static void
set_error (BdReceiveDialog *self,
           const char      *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), message != NULL);
}

static void
add_preview_row (BdReceiveDialog *self,
                 GtkWidget       *row)
{
  g_ptr_array_add (self->preview_rows, row);
  adw_preferences_group_add (self->preview_group, row);
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
allocation_row (BdAllocation *a)
{
  g_autofree char *title = g_strdup_printf ("%s · %s", a->ref, a->customer_name);
  g_autofree char *why = bd_allocation_describe (a);
  /* Translators: what a backorder line gets of a receipt, of what it needs */
  g_autofree char *gets = g_strdup_printf (_("%d of %d"), a->quantity, a->need);
  GtkWidget *row = text_row (title, why);
  GtkWidget *label = gtk_label_new (gets);

  gtk_widget_set_name (row, "bd-allocation");
  g_object_set_data_full (G_OBJECT (row), "bd-ref", g_strdup (a->ref), g_free);
  g_object_set_data (G_OBJECT (row), "bd-quantity", GINT_TO_POINTER (a->quantity));
  gtk_widget_add_css_class (label, "numeric");
  if (a->quantity == 0)
    gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static BdAllocationPolicy
get_policy (BdReceiveDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->policy_row);

  return selected < G_N_ELEMENTS (policies) ? policies[selected] : BD_ALLOCATION_FIFO;
}

/* The preview: each SKU with a quantity, planned on its own by the core's
 * dry run, as it would be booked. */
static void
update_preview (BdReceiveDialog *self)
{
  BdAllocationPolicy policy = get_policy (self);
  gboolean allow_over = gtk_check_button_get_active (self->over_check);
  gboolean any_over = FALSE;
  guint n_items = 0;

  for (guint i = 0; i < self->preview_rows->len; i++)
    adw_preferences_group_remove (self->preview_group, g_ptr_array_index (self->preview_rows, i));
  g_ptr_array_set_size (self->preview_rows, 0);
  set_error (self, NULL);

  adw_preferences_group_set_description (self->preview_group, bd_allocation_policy_describe (policy));

  for (guint i = 0; i < self->lines->len; i++)
    {
      BdPoLine *line = g_ptr_array_index (self->lines, i);
      int quantity = gtk_spin_button_get_value_as_int (g_ptr_array_index (self->spins, i));
      g_autoptr(BdReceipt) receipt = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *summary = NULL;

      if (quantity == 0)
        continue;
      n_items++;
      if (quantity > line->quantity - line->quantity_received)
        any_over = TRUE;

      receipt = bd_receiving_preview (self->store, self->po_id, line->sku, quantity, policy,
                                      allow_over ? BD_RECEIVE_ALLOW_OVER : BD_RECEIVE_NONE, &error);
      if (receipt == NULL)
        {
          GtkWidget *row = text_row (line->sku, error->message);

          gtk_widget_add_css_class (row, "error");
          add_preview_row (self, row);
          continue;
        }

      /* Translators: a receipt's preview: SKU, units to backorder lines, units to stock */
      summary = g_strdup_printf (_("%d to waiting orders, %d to stock"), receipt->allocated, receipt->to_stock);
      {
        g_autofree char *title = g_strdup_printf (_("%d × %s"), quantity, line->sku);
        GtkWidget *row = text_row (title, summary);

        gtk_widget_set_name (row, "bd-receipt-summary");
        gtk_widget_add_css_class (row, "heading");
        add_preview_row (self, row);
      }
      for (guint j = 0; j < receipt->allocations->len; j++)
        add_preview_row (self, allocation_row (g_ptr_array_index (receipt->allocations, j)));
      if (receipt->allocations->len == 0)
        {
          g_autofree char *none = g_strdup_printf (_("No line of %s waits for it: all of it goes to stock"),
                                                   line->sku);

          add_preview_row (self, text_row (none, NULL));
        }
    }

  if (n_items == 0)
    add_preview_row (self, text_row (_("Enter the quantity that arrived"), NULL));

  gtk_widget_set_visible (self->over_row, any_over || allow_over);
}

static void
inputs_changed_cb (BdReceiveDialog *self)
{
  if (self->store != NULL)
    update_preview (self);
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdReceiveDialog *self = BD_RECEIVE_DIALOG (widget);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (BdReceiveItem));
  g_autoptr(GPtrArray) receipts = NULL;
  g_autoptr(GError) error = NULL;
  BdReceiveFlags flags = gtk_check_button_get_active (self->over_check) ? BD_RECEIVE_ALLOW_OVER : BD_RECEIVE_NONE;

  for (guint i = 0; i < self->lines->len; i++)
    {
      BdPoLine *line = g_ptr_array_index (self->lines, i);
      BdReceiveItem item = { line->sku, gtk_spin_button_get_value_as_int (g_ptr_array_index (self->spins, i)) };

      g_array_append_val (items, item);
    }

  receipts = bd_receiving_receive_many (self->store, self->po_id, (BdReceiveItem *)(gpointer)items->data,
                                        items->len, get_policy (self), flags, &error);
  if (receipts == NULL)
    {
      if (g_error_matches (error, BD_RECEIVING_ERROR, BD_RECEIVING_ERROR_OVER_RECEIPT))
        {
          g_autofree char *message = g_strdup_printf (_("%s: tick “Book more than was ordered” to book it"),
                                                      error->message);

          gtk_widget_set_visible (self->over_row, TRUE);
          set_error (self, message);
        }
      else
        set_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[RECEIVED], 0, receipts);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
spin_changed_cb (BdReceiveDialog *self)
{
  update_preview (self);
}

/* A dialog to receive against the PO @po_id (@number) of @store, whose
 * lines are @lines (BdPoLine). */
BdReceiveDialog *
bd_receive_dialog_new (BdStore            *store,
                       gint64              po_id,
                       const char         *number,
                       GPtrArray          *lines,
                       BdAllocationPolicy  policy)
{
  BdReceiveDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (lines != NULL, NULL);

  self = g_object_new (BD_TYPE_RECEIVE_DIALOG, NULL);
  self->po_id = po_id;
  self->number = g_strdup (number);
  self->lines = g_ptr_array_ref (lines);
  /* Translators: the title of the Receive dialog, with the PO number */
  title = g_strdup_printf (_("Receive %s"), number);
  gtk_window_set_title (GTK_WINDOW (self), title);

  for (guint i = 0; i < lines->len; i++)
    {
      BdPoLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 1000000, 1);
      g_autofree char *subtitle = g_strdup_printf (_("%s · %d ordered, %d received"), line->product_name,
                                                   line->quantity, line->quantity_received);
      g_autofree char *label = g_strdup_printf (_("Quantity of %s that arrived"), line->sku);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->sku);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), MAX (line->quantity - line->quantity_received, 0));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->spins, spin);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (spin_changed_cb), self, G_CONNECT_SWAPPED);
    }

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    if (policies[i] == policy)
      adw_combo_row_set_selected (self->policy_row, i);

  /* last: the callbacks above preview once there is a store */
  self->store = g_object_ref (store);
  update_preview (self);

  return self;
}

/* The spin button of the line of @sku, for tests. */
GtkSpinButton *
bd_receive_dialog_get_spin (BdReceiveDialog *self,
                            const char      *sku)
{
  g_return_val_if_fail (BD_IS_RECEIVE_DIALOG (self), NULL);

  for (guint i = 0; i < self->lines->len; i++)
    if (g_strcmp0 (((BdPoLine *)g_ptr_array_index (self->lines, i))->sku, sku) == 0)
      return g_ptr_array_index (self->spins, i);

  return NULL;
}

const char *
bd_receive_dialog_get_error (BdReceiveDialog *self)
{
  g_return_val_if_fail (BD_IS_RECEIVE_DIALOG (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

/* "REF QUANTITY, …" of the preview's lines, as shown, for tests. */
char *
bd_receive_dialog_get_preview_text (BdReceiveDialog *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (BD_IS_RECEIVE_DIALOG (self), NULL);

  for (guint i = 0; i < self->preview_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->preview_rows, i);

      if (g_strcmp0 (gtk_widget_get_name (row), "bd-allocation") != 0)
        continue;
      g_string_append_printf (text, "%s%s %d", text->len > 0 ? ", " : "",
                              (const char *)g_object_get_data (G_OBJECT (row), "bd-ref"),
                              GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "bd-quantity")));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
bd_receive_dialog_dispose (GObject *object)
{
  BdReceiveDialog *self = BD_RECEIVE_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_receive_dialog_parent_class)->dispose (object);
}

static void
bd_receive_dialog_finalize (GObject *object)
{
  BdReceiveDialog *self = BD_RECEIVE_DIALOG (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_free (self->number);

  G_OBJECT_CLASS (bd_receive_dialog_parent_class)->finalize (object);
}

static void
bd_receive_dialog_class_init (BdReceiveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_receive_dialog_dispose;
  object_class->finalize = bd_receive_dialog_finalize;

  /**
   * BdReceiveDialog::received:
   * @receipts: (element-type BdReceipt): what was booked, one receipt per SKU
   *
   * Emitted once the receipt is booked, before the dialog closes.
   */
  signals[RECEIVED] = g_signal_new ("received",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/purchasing/bd-receive-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, commit_button);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, lines_group);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, policy_row);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, over_row);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, over_check);
  gtk_widget_class_bind_template_child (widget_class, BdReceiveDialog, preview_group);
  gtk_widget_class_bind_template_callback (widget_class, inputs_changed_cb);

  gtk_widget_class_install_action (widget_class, "receive.commit", NULL, commit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "receive.commit", NULL);
}

static void
bd_receive_dialog_init (BdReceiveDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->spins = g_ptr_array_new ();
  self->preview_rows = g_ptr_array_new ();

  gtk_string_list_append (names, _("Oldest order first"));
  gtk_string_list_append (names, _("Priority first, then oldest"));
  gtk_string_list_append (names, _("Whole orders first"));
  adw_combo_row_set_model (self->policy_row, G_LIST_MODEL (names));
}
