/* bd-po-page.c: the Purchase Orders page: the list with its filters, the
 * pane of the PO selected, and what a clerk does to a PO
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-compose-dialog.h"
#include "bd-eta.h"
#include "bd-export.h"
#include "bd-po-document.h"
#include "bd-po-mail-dialog.h"
#include "bd-po-page.h"
#include "bd-po-source.h"
#include "bd-po-status.h"
#include "bd-purchase-orders.h"
#include "bd-purchasing-tasks.h"
#include "bd-receive-dialog.h"
#include "bd-receiving.h"
#include "bd-refused-banner.h"
#include "bd-row-cells.h"
#include "bd-suppliers.h"
#include "bd-util.h"
#include "bd-widget-util.h"

struct _BdPoPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *list_pane;
  GtkDropDown *status_dropdown;
  GtkDropDown *supplier_dropdown;
  GtkLabel *count_label;
  GtkWidget *from_demand_button;
  GtkColumnView *column_view;
  GtkColumnViewColumn *number_column;
  GtkColumnViewColumn *supplier_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *ordered_column;
  GtkColumnViewColumn *expected_column;
  GtkColumnViewColumn *lines_column;
  GtkColumnViewColumn *value_column;
  GtkWidget *empty_status;
  BdPoDetail *detail;

  /* Borrowed references */
  AdwToast *last_toast;

  /* Owned references */
  BdStore *store;
  BdSqlListModel *model;
  GtkSingleSelection *selection;
  GArray *supplier_ids;       /* gint64 per entry of the supplier drop-down; 0: all */
  gint64 pending_po_id;       /* to select once the list holds it (win.show-po) */
  gboolean filling;           /* the drop-downs are being filled: no query yet */
  gboolean writing;           /* a change of the PO shown runs on its thread */
};

G_DEFINE_FINAL_TYPE (BdPoPage, bd_po_page, GTK_TYPE_WIDGET)

/* The status drop-down's entries: the open POs (the clerk's work) first. */
static const char * const status_filters[] = {
  "open", "all", "draft", "sent", "confirmed", "partially_received", "received", "cancelled",
};

typedef enum
{
  CELL_NUMBER,
  CELL_SUPPLIER,
  CELL_STATUS,
  CELL_ORDERED,
  CELL_EXPECTED,
  CELL_LINES,
  CELL_VALUE,
} CellKind;

static char *
cell_text (BdPurchaseOrder *po,
           CellKind         kind)
{
  switch (kind)
    {
    case CELL_NUMBER:
      return g_strdup (bd_purchase_order_get_number (po));
    case CELL_SUPPLIER:
      return g_strdup (bd_purchase_order_get_supplier_name (po));
    case CELL_STATUS:
      return g_strdup (bd_po_status_label (bd_purchase_order_get_status (po)));
    case CELL_ORDERED:
      return bd_format_local_date (bd_purchase_order_get_ordered_at (po));
    case CELL_EXPECTED:
      return g_strdup (bd_purchase_order_get_expected_at (po) ? bd_purchase_order_get_expected_at (po) : "—");
    case CELL_LINES:
      return g_strdup_printf ("%d", bd_purchase_order_get_n_lines (po));
    case CELL_VALUE:
      if (!bd_purchase_order_get_has_value (po))
        return g_strdup ("—");
      return bd_format_money (bd_purchase_order_get_value (po), bd_purchase_order_get_currency (po));
    default:
      g_assert_not_reached ();
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  CellKind kind = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (item), "bd-cell", data);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), kind == CELL_LINES || kind == CELL_VALUE ? 1 : 0);
  if (kind == CELL_LINES || kind == CELL_VALUE)
    gtk_widget_add_css_class (label, "numeric");
  if (kind == CELL_NUMBER)
    {
      /* a change the team's server refused: marked before the number */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      gtk_box_append (GTK_BOX (box), bd_refused_marker_new ());
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (item, box);
      return;
    }
  gtk_list_item_set_child (item, label);
}

static void
cell_update (GtkListItem *item)
{
  BdPurchaseOrder *po = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkLabel *label = GTK_LABEL (GTK_IS_LABEL (child) ? child : gtk_widget_get_last_child (child));
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "bd-cell"));
  g_autofree char *text = po != NULL ? cell_text (po, kind) : NULL;

  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
  if (!GTK_IS_LABEL (child))
    bd_refused_marker_set_reason (gtk_widget_get_first_child (child),
                                  po != NULL ? bd_purchase_order_get_refused_reason (po) : NULL);
}

/* @row_cells: the cells of all the columns */
static void
set_factory (GtkColumnViewColumn *column,
             CellKind             kind,
             BdRowCells          *row_cells)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (kind));
  /* a sync or a write refreshes the row in place: the cell follows it */
  bd_row_cells_follow (row_cells, GTK_SIGNAL_LIST_ITEM_FACTORY (factory));
  gtk_column_view_column_set_factory (column, factory);
}

/* Toasts */

static void
toast_dismissed_cb (BdPoPage *self,
                    AdwToast *toast)
{
  if (self->last_toast == toast)
    g_clear_weak_pointer (&self->last_toast);
}

static void
add_toast (BdPoPage *self,
           AdwToast *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  g_set_weak_pointer (&self->last_toast, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast (BdPoPage   *self,
       const char *text)
{
  add_toast (self, adw_toast_new (text));
}

/* The list */

static BdPurchaseOrder *
selected_po (BdPoPage *self)
{
  return bd_po_detail_get_po (self->detail);
}

static void
update_count (BdPoPage *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean loading = self->model ? bd_sql_list_model_get_loading (self->model) : FALSE;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u purchase order",
                                                        "%u purchase orders", n), n);

  gtk_label_set_label (self->count_label, self->model ? text : "");
  gtk_widget_set_visible (self->empty_status, self->model != NULL && !loading && n == 0);
}

static void
select_pending (BdPoPage *self)
{
  guint position;

  if (self->pending_po_id == 0 || self->model == NULL || bd_sql_list_model_get_loading (self->model))
    return;

  position = bd_sql_list_model_find_id (self->model, self->pending_po_id);
  if (position == G_MAXUINT)
    return;

  self->pending_po_id = 0;
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

static void
model_changed_cb (BdPoPage *self)
{
  update_count (self);
  select_pending (self);
}

static void
selection_changed_cb (BdPoPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 id = 0;

  if (position != GTK_INVALID_LIST_POSITION)
    id = bd_sql_list_model_get_id (self->model, position);
  bd_po_detail_show (self->detail, self->store, id);
}

static void
row_activated_cb (BdPoPage *self,
                  guint     position)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

static BdPoQuery *
current_query (BdPoPage *self)
{
  BdPoQuery *query = bd_po_query_new ();
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint supplier = gtk_drop_down_get_selected (self->supplier_dropdown);

  query->status = g_strdup (status < G_N_ELEMENTS (status_filters) ? status_filters[status] : "open");
  if (self->supplier_ids != NULL && supplier < self->supplier_ids->len)
    query->supplier_id = g_array_index (self->supplier_ids, gint64, supplier);
  return query;
}

static void
filters_changed_cb (BdPoPage *self)
{
  g_autoptr(BdPoQuery) query = NULL;

  if (self->model == NULL || self->filling)
    return;

  query = current_query (self);
  bd_sql_list_model_set_query (self->model, query);
  update_count (self);
}

static void
folded_changed_cb (BdPoPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  /* a phone's width keeps number, supplier and status */
  gtk_column_view_column_set_visible (self->ordered_column, !folded);
  gtk_column_view_column_set_visible (self->expected_column, !folded);
  gtk_column_view_column_set_visible (self->lines_column, !folded);
  gtk_column_view_column_set_visible (self->value_column, !folded);
  bd_po_detail_set_folded (self->detail, folded);
}

/* The suppliers of the drop-down, archived ones too: their POs stay. */
static void
fill_suppliers (BdPoPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) suppliers = NULL;
  g_autoptr(GError) error = NULL;
  gint64 selected_id = 0;
  guint selected = 0;
  gint64 all = 0;

  if (self->supplier_ids != NULL && gtk_drop_down_get_selected (self->supplier_dropdown) < self->supplier_ids->len)
    selected_id = g_array_index (self->supplier_ids, gint64, gtk_drop_down_get_selected (self->supplier_dropdown));

  g_clear_pointer (&self->supplier_ids, g_array_unref);
  self->supplier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, _("All Suppliers"));
  g_array_append_val (self->supplier_ids, all);

  suppliers = bd_suppliers_list (self->store, TRUE, &error);
  if (suppliers == NULL)
    g_warning ("Cannot list the suppliers: %s", error->message);
  for (guint i = 0; suppliers != NULL && i < suppliers->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (suppliers, i);
      gint64 id = 0;

      if (!bd_purchase_orders_find_supplier (self->store, bd_supplier_get_ref (supplier), &id, NULL))
        continue;
      if (id == selected_id)
        selected = self->supplier_ids->len;
      gtk_string_list_append (names, bd_supplier_get_name (supplier));
      g_array_append_val (self->supplier_ids, id);
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->supplier_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->supplier_dropdown, selected);
  self->filling = FALSE;
}

static void
store_changed_cb (BdPoPage           *self,
                  const char * const *tables)
{
  if (bd_store_changes_include (tables, "suppliers"))
    fill_suppliers (self);

  if (bd_store_changes_include (tables, "purchase_orders") || bd_store_changes_include (tables, "po_lines") ||
      bd_store_changes_include (tables, "po_line_covers") || bd_store_changes_include (tables, "receipts"))
    bd_po_detail_reload (self->detail);
}

void
bd_po_page_set_store (BdPoPage *self,
                      BdStore  *store)
{
  g_autoptr(BdRowSource) source = NULL;
  g_autoptr(BdPoQuery) query = NULL;

  g_return_if_fail (BD_IS_PO_PAGE (self));
  g_return_if_fail (BD_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  fill_suppliers (self);

  query = current_query (self);
  source = bd_po_source_new ();
  g_clear_object (&self->model);
  self->model = bd_sql_list_model_new (store, source, query);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  bd_sql_list_model_refresh (self->model);
  update_count (self);
}

BdSqlListModel *
bd_po_page_get_model (BdPoPage *self)
{
  g_return_val_if_fail (BD_IS_PO_PAGE (self), NULL);
  return self->model;
}

GtkSelectionModel *
bd_po_page_get_selection (BdPoPage *self)
{
  g_return_val_if_fail (BD_IS_PO_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

BdPoDetail *
bd_po_page_get_detail (BdPoPage *self)
{
  g_return_val_if_fail (BD_IS_PO_PAGE (self), NULL);
  return self->detail;
}

/* Selects the PO @number (win.show-po): the filters make way for it when
 * they hide it. */
gboolean
bd_po_page_show_po (BdPoPage    *self,
                    const char  *number,
                    GError     **error)
{
  gint64 id;

  g_return_val_if_fail (BD_IS_PO_PAGE (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  if (self->store == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no database open"));
      return FALSE;
    }
  if (!bd_purchase_orders_find (self->store, number, &id, error))
    return FALSE;

  self->pending_po_id = id;
  if (bd_sql_list_model_find_id (self->model, id) == G_MAXUINT)
    {
      self->filling = TRUE;
      gtk_drop_down_set_selected (self->status_dropdown, 1);   /* all */
      gtk_drop_down_set_selected (self->supplier_dropdown, 0);
      self->filling = FALSE;
      filters_changed_cb (self);
    }
  select_pending (self);
  return TRUE;
}

/* The actions on the PO shown */

static gboolean
check_po (BdPoPage         *self,
          BdPurchaseOrder **po)
{
  *po = selected_po (self);
  if (*po != NULL)
    return TRUE;

  bd_po_detail_show_error (self->detail, _("Select a purchase order first"));
  return FALSE;
}

static void
at_risk_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BdPoPage         *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "bd-line-ids");
  BdComposeDialog *compose;

  if (!g_str_equal (response, "notify") || ids == NULL || self->store == NULL)
    return;

  /* the delay notice: each customer's new date and the option to cancel */
  compose = bd_compose_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                                   (const gint64 *)(gpointer)ids->data, ids->len, BD_COMPOSE_TARGET_DELAY_NOTICES);
  bd_compose_dialog_set_kind (compose, "delay_notice");
  gtk_window_present (GTK_WINDOW (compose));
}

static void
show_at_risk (BdPoPage   *self,
              const char *batch)
{
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *list, *scroller;

  risks = bd_eta_list_at_risk (self->store, batch, &error);
  if (risks == NULL)
    {
      bd_po_detail_show_error (self->detail, error->message);
      return;
    }
  if (risks->len == 0)
    {
      toast (self, _("No waiting line is now expected after the date promised to its customer"));
      return;
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Line Now Late", "%u Lines Now Late", risks->len),
                             risks->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "Its new expected date is after the date promised to the customer.",
                                                "Their new expected dates are after the dates promised to the "
                                                "customers.", risks->len));
  gtk_widget_set_name (dialog, "bd-at-risk");
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lines now expected after their promised date"), -1);
  for (guint i = 0; i < risks->len; i++)
    {
      BdEtaRisk *risk = g_ptr_array_index (risks, i);
      g_autofree char *promised = bd_format_local_date (risk->promised_at);
      g_autofree char *title = g_strdup_printf ("%s · %s", risk->ref, risk->customer_name);
      /* Translators: a line at risk: promised date, old ETA → new ETA */
      g_autofree char *subtitle = g_strdup_printf (_("Promised %s · expected %s → %s"), promised,
                                                   risk->old_eta ? risk->old_eta : "—", risk->new_eta);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, risk->ref);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (!bd_store_is_read_only (self->store))
    {
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), risks->len);

      for (guint i = 0; i < risks->len; i++)
        g_array_append_val (ids, ((BdEtaRisk *)g_ptr_array_index (risks, i))->line_id);
      g_object_set_data_full (G_OBJECT (dialog), "bd-line-ids", g_steal_pointer (&ids),
                              (GDestroyNotify)g_array_unref);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "notify", _("_Send Delay Notices…"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "notify", ADW_RESPONSE_SUGGESTED);
      g_signal_connect_object (dialog, "response", G_CALLBACK (at_risk_response_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The PO actions are off while one of them writes: a second click would
 * act on a PO about to change. */
static const char * const write_actions[] = {
  "po.send", "po.confirm", "po.set-expected", "po.cancel", "po.set-line-quantity", "po.receive",
};

static void
set_writing (BdPoPage *self,
             gboolean  writing)
{
  self->writing = writing;
  for (guint i = 0; i < G_N_ELEMENTS (write_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), write_actions[i], !writing);
  bd_po_detail_set_busy (self->detail, writing);
}

/* TRUE while a change of a PO runs: for tests. */
gboolean
bd_po_page_get_writing (BdPoPage *self)
{
  g_return_val_if_fail (BD_IS_PO_PAGE (self), FALSE);
  return self->writing;
}

typedef struct
{
  BdPoPage *self;
  char *done;          /* the toast once it is done */
  gboolean at_risk;    /* then list the lines it made late for their promise */
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_object_unref (data->self);
  g_free (data->done);
  g_free (data);
}

static void
po_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteData *data = user_data;
  BdPoPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = bd_purchasing_po_write_finish (result, &error);

  /* the window went away meanwhile */
  if (self->store == NULL)
    {
      write_data_free (data);
      return;
    }

  set_writing (self, FALSE);
  if (error != NULL)
    bd_po_detail_show_error (self->detail, error->message);
  else
    {
      bd_po_detail_show_error (self->detail, NULL);
      toast (self, data->done);
      if (data->at_risk)
        show_at_risk (self, batch);
    }
  write_data_free (data);
}

/* Runs @write (taken) on its thread; @done (taken) is the toast once it
 * is done. What it refuses shows in the pane, as before. */
static void
start_write (BdPoPage  *self,
             BdPoWrite *write,
             char      *done,
             gboolean   at_risk)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->self = g_object_ref (self);
  data->done = done;
  data->at_risk = at_risk;
  set_writing (self, TRUE);
  bd_purchasing_po_write_async (self->store, write, po_written_cb, data);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  const char *number;
  BdPurchaseOrder *po;

  if (!check_po (self, &po))
    return;

  number = bd_purchase_order_get_number (po);
  start_write (self, bd_po_write_new (BD_PO_WRITE_SEND, number), g_strdup_printf (_("%s sent"), number), FALSE);
}

static void
mail_sent_cb (BdPoMailDialog *dialog,
              gboolean        marked_sent,
              BdPoPage       *self)
{
  const BdOutgoing *outgoing = bd_po_mail_dialog_get_outgoing (dialog);
  g_autofree char *text = NULL;

  if (marked_sent)
    /* Translators: the supplier's address */
    text = g_strdup_printf (_("Sent to %s; the purchase order is marked sent"), outgoing->recipient);
  else
    /* Translators: the supplier's address */
    text = g_strdup_printf (_("Message sent to %s"), outgoing->recipient);
  bd_po_detail_show_error (self->detail, NULL);
  toast (self, text);
}

/* Send by Email… and Chase Supplier…: the message from its template, to
 * read before it goes. */
static void
mail_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  const char *kind = g_str_equal (action_name, "po.chase") ? "chase" : "purchase_order";
  BdPoMailDialog *dialog;
  BdPurchaseOrder *po;

  if (!check_po (self, &po))
    return;

  dialog = bd_po_mail_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store,
                                  bd_purchase_order_get_number (po), kind);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (mail_sent_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A question with a date to type: Confirm… and Change Date…. */
static AdwMessageDialog *
date_dialog (BdPoPage   *self,
             const char *heading,
             const char *body,
             const char *date,
             const char *response,
             const char *response_label)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), date ? date : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    response, response_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "bd-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "bd-number", g_strdup (bd_purchase_order_get_number (selected_po (self))),
                          g_free);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BdPoPage         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "bd-entry");
  const char *number = g_object_get_data (G_OBJECT (dialog), "bd-number");
  const char *date = gtk_editable_get_text (entry);
  BdPoWrite *write;

  if (!g_str_equal (response, "confirm") || self->writing)
    return;

  write = bd_po_write_new (BD_PO_WRITE_CONFIRM, number);
  write->date = *date ? g_strdup (date) : NULL;
  start_write (self, write, g_strdup_printf (_("%s confirmed"), number), TRUE);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  BdPurchaseOrder *po;

  if (!check_po (self, &po))
    return;

  heading = g_strdup_printf (_("Confirm %s?"), bd_purchase_order_get_number (po));
  dialog = date_dialog (self, heading, _("The delivery date the supplier confirmed:"),
                        bd_purchase_order_get_expected_at (po), "confirm", _("C_onfirm"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_expected_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BdPoPage         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "bd-entry");
  const char *number = g_object_get_data (G_OBJECT (dialog), "bd-number");
  BdPoWrite *write;

  if (!g_str_equal (response, "set") || self->writing)
    return;

  write = bd_po_write_new (BD_PO_WRITE_SET_EXPECTED, number);
  write->date = g_strdup (gtk_editable_get_text (entry));
  start_write (self, write, g_strdup_printf (_("%s now expected %s"), number, write->date), TRUE);
}

static void
set_expected_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  BdPurchaseOrder *po;

  if (!check_po (self, &po))
    return;

  heading = g_strdup_printf (_("Change the Date of %s?"), bd_purchase_order_get_number (po));
  dialog = date_dialog (self, heading,
                        _("The date the purchase order is now expected. The expected dates of the lines it "
                          "covers move with it."),
                        bd_purchase_order_get_expected_at (po), "set", _("_Change Date"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (set_expected_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BdPoPage         *self)
{
  const char *number = g_object_get_data (G_OBJECT (dialog), "bd-number");

  if (!g_str_equal (response, "cancel-po") || self->writing)
    return;

  start_write (self, bd_po_write_new (BD_PO_WRITE_CANCEL, number), g_strdup_printf (_("%s cancelled"), number),
               FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  GPtrArray *lines = bd_po_detail_get_lines (self->detail);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  BdPurchaseOrder *po;
  guint covered = 0;

  if (!check_po (self, &po))
    return;

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    covered += ((BdPoLine *)g_ptr_array_index (lines, i))->covers->len;

  heading = g_strdup_printf (_("Cancel %s?"), bd_purchase_order_get_number (po));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The %u backorder line it covers goes back to waiting. A cancelled "
                                       "purchase order cannot be reopened.",
                                       "The %u backorder lines it covers go back to waiting. A cancelled "
                                       "purchase order cannot be reopened.", covered), covered);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep It"),
                                    "cancel-po", _("_Cancel Purchase Order"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-po", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "bd-number", g_strdup (bd_purchase_order_get_number (po)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_line_quantity_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  BdPurchaseOrder *po;
  BdPoWrite *write;
  const char *sku;
  int quantity;

  if (!check_po (self, &po))
    return;

  g_variant_get (parameter, "(&si)", &sku, &quantity);
  write = bd_po_write_new (BD_PO_WRITE_SET_LINE_QUANTITY, bd_purchase_order_get_number (po));
  write->sku = g_strdup (sku);
  write->quantity = quantity;
  start_write (self, write, g_strdup_printf (_("%s: %s now %d"), bd_purchase_order_get_number (po), sku, quantity),
               FALSE);
}

/* Receiving */

typedef struct
{
  BdPoPage *self;     /* weak */
  GPtrArray *receipts;
} UndoData;

static void
undo_data_free (gpointer data)
{
  UndoData *undo = data;

  g_clear_weak_pointer (&undo->self);
  g_ptr_array_unref (undo->receipts);
  g_free (undo);
}

static void
undo_receipt_cb (AdwToast *toast_,
                 UndoData *undo)
{
  g_autoptr(GError) error = NULL;

  if (undo->self == NULL || undo->self->store == NULL)
    return;

  if (!bd_receiving_undo_many (undo->self->store, undo->receipts, &error))
    {
      bd_po_detail_show_error (undo->self->detail, error->message);
      return;
    }
  toast (undo->self, _("Receipt undone"));
}

static void
received_cb (BdPoPage        *self,
             GPtrArray       *receipts,
             BdReceiveDialog *dialog)
{
  UndoData *undo = g_new0 (UndoData, 1);
  g_autofree char *text = NULL;
  AdwToast *t;
  int units = 0, allocated = 0;

  for (guint i = 0; i < receipts->len; i++)
    {
      BdReceipt *receipt = g_ptr_array_index (receipts, i);

      units += receipt->quantity;
      allocated += receipt->allocated;
    }

  /* Translators: units received, the PO number, units given to waiting orders */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d unit received on %s, %d to waiting orders",
                                       "%d units received on %s, %d to waiting orders", units),
                          units, ((BdReceipt *)g_ptr_array_index (receipts, 0))->po_number, allocated);
  g_set_weak_pointer (&undo->self, self);
  undo->receipts = g_ptr_array_ref (receipts);

  t = adw_toast_new (text);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_timeout (t, 10);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_receipt_cb), undo,
                         (GClosureNotify)(void (*) (void))undo_data_free, 0);
  bd_po_detail_show_error (self->detail, NULL);
  add_toast (self, t);
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  BdReceiveDialog *dialog;
  BdPurchaseOrder *po;

  if (!check_po (self, &po))
    return;

  dialog = bd_receive_dialog_new (self->store, bd_purchase_order_get_id (po), bd_purchase_order_get_number (po),
                                  bd_po_detail_get_lines (self->detail), bd_receiving_default_policy (self->store));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "received", G_CALLBACK (received_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Print, PDF, CSV */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                BdPoDocument      *document)
{
  guint n_pages = bd_po_document_paginate (document, gtk_print_context_get_cairo_context (context),
                                           gtk_print_context_get_width (context),
                                           gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, MAX (n_pages, 1));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              BdPoDocument      *document)
{
  bd_po_document_draw_page (document, gtk_print_context_get_cairo_context (context),
                            gtk_print_context_get_width (context), gtk_print_context_get_height (context),
                            (guint)page);
}

/* Prints the PO shown with the same renderer as `po pdf`: @action is
 * GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG for a person, EXPORT with
 * @export_path (a PDF) for tests. */
gboolean
bd_po_page_print (BdPoPage                *self,
                  GtkPrintOperationAction  action,
                  const char              *export_path,
                  GError                 **error)
{
  g_autoptr(BdPoDocument) document = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  BdPurchaseOrder *po;

  g_return_val_if_fail (BD_IS_PO_PAGE (self), FALSE);

  po = selected_po (self);
  if (po == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("Select a purchase order first"));
      return FALSE;
    }

  document = bd_po_document_load (self->store, bd_purchase_order_get_number (po), error);
  if (document == NULL)
    return FALSE;

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, bd_purchase_order_get_number (po));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);

  result = gtk_print_operation_run (operation, action, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!bd_po_page_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error))
    bd_po_detail_show_error (self->detail, error->message);
}

/* Writes the PO shown as a PDF to @file. */
gboolean
bd_po_page_save_pdf (BdPoPage  *self,
                     GFile     *file,
                     GError   **error)
{
  g_autoptr(BdPoDocument) document = NULL;
  g_autofree char *path = NULL;
  BdPurchaseOrder *po;

  g_return_val_if_fail (BD_IS_PO_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  po = selected_po (self);
  if (po == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("Select a purchase order first"));
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Cannot write to that place: pick a local folder"));
      return FALSE;
    }

  document = bd_po_document_load (self->store, bd_purchase_order_get_number (po), error);
  return document != NULL && bd_po_document_write_pdf (document, path, error);
}

/* Writes the POs the list shows (its filters) to @file as CSV, whole or
 * not at all. */
gboolean
bd_po_page_export_csv (BdPoPage  *self,
                       GFile     *file,
                       GError   **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(BdPoQuery) query = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (BD_IS_PO_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->store == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no database open"));
      return FALSE;
    }

  query = current_query (self);
  if (!bd_export_purchase_orders_csv (self->store, query, out, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return FALSE;

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

typedef gboolean (*SaveFunc) (BdPoPage  *self,
                              GFile     *file,
                              GError   **error);

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     BdPoPage        *self)
{
  SaveFunc save = g_object_get_data (G_OBJECT (chooser), "bd-save");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (!save (self, file, &error))
        bd_po_detail_show_error (self->detail, error->message);
      else
        {
          g_autofree char *name = g_file_get_basename (file);

          text = g_strdup_printf (_("Saved %s"), name);
          toast (self, text);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_with_chooser (BdPoPage   *self,
                   const char *title,
                   const char *name,
                   SaveFunc    save)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "bd-save", save);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);
  g_autofree char *name = NULL;
  BdPurchaseOrder *po;

  if (!check_po (self, &po))
    return;

  name = g_strdup_printf ("%s.pdf", bd_purchase_order_get_number (po));
  save_with_chooser (self, _("Save the Purchase Order as PDF"), name, bd_po_page_save_pdf);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  save_with_chooser (BD_PO_PAGE (widget), _("Export Purchase Orders"), "purchase-orders.csv",
                     bd_po_page_export_csv);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdPoPage *self = BD_PO_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
bd_po_page_dispose (GObject *object)
{
  BdPoPage *self = BD_PO_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_weak_pointer (&self->last_toast);
  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_PO_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_po_page_parent_class)->dispose (object);
}

static void
bd_po_page_finalize (GObject *object)
{
  BdPoPage *self = BD_PO_PAGE (object);

  g_clear_pointer (&self->supplier_ids, g_array_unref);

  G_OBJECT_CLASS (bd_po_page_parent_class)->finalize (object);
}

static void
bd_po_page_class_init (BdPoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_po_page_dispose;
  object_class->finalize = bd_po_page_finalize;

  g_type_ensure (BD_TYPE_PO_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/purchasing/bd-po-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, supplier_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, from_demand_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, number_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, supplier_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, ordered_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, expected_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, lines_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, value_column);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, BdPoPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "po.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "po.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "po.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "po.set-expected", NULL, set_expected_action);
  gtk_widget_class_install_action (widget_class, "po.set-line-quantity", "(si)", set_line_quantity_action);
  gtk_widget_class_install_action (widget_class, "po.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "po.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "po.send-mail", NULL, mail_action);
  gtk_widget_class_install_action (widget_class, "po.chase", NULL, mail_action);
  gtk_widget_class_install_action (widget_class, "po.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "po.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "po.back", NULL, back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "po.print", NULL);
}

static void
bd_po_page_init (BdPoPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(BdRowCells) row_cells = bd_row_cells_new (cell_update);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (statuses, _("Open"));
  gtk_string_list_append (statuses, _("All Statuses"));
  for (guint i = 2; i < G_N_ELEMENTS (status_filters); i++)
    gtk_string_list_append (statuses, bd_po_status_label (status_filters[i]));
  self->filling = TRUE;
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  self->filling = FALSE;

  set_factory (self->number_column, CELL_NUMBER, row_cells);
  set_factory (self->supplier_column, CELL_SUPPLIER, row_cells);
  set_factory (self->status_column, CELL_STATUS, row_cells);
  set_factory (self->ordered_column, CELL_ORDERED, row_cells);
  set_factory (self->expected_column, CELL_EXPECTED, row_cells);
  set_factory (self->lines_column, CELL_LINES, row_cells);
  set_factory (self->value_column, CELL_VALUE, row_cells);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}
