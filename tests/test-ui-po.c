/* test-ui-po.c: the Purchase Orders page, driven as a person would, under
 * Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-po"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bd-actions.h"
#include "bd-application.h"
#include "bd-backorder.h"
#include "bd-demo.h"
#include "bd-po-detail.h"
#include "bd-po-page.h"
#include "bd-po-source.h"
#include "bd-purchase-order.h"
#include "bd-purchase-orders.h"
#include "bd-receive-dialog.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* A program of its own, as test-preferences is: the page's widgets would
 * take test-ui past GLib's first block of quarks (see test-preferences.c). */

typedef struct
{
  char *dir;
  char *database;
  BdWindow *window;
  BdPoPage *page;
} Fixture;

static BdApplication *app;

static gboolean
list_loaded (Fixture *fixture)
{
  BdSqlListModel *model = bd_po_page_get_model (fixture->page);

  return model != NULL && !bd_sql_list_model_get_loading (model);
}

static GtkWidget *
child (Fixture    *fixture,
       GType       type,
       gpointer    widget,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
show_page (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_VIEW_STACK));

  adw_view_stack_set_visible_child_name (stack, "purchase-orders");
  bd_test_ui_wait_for (fixture, list_loaded, "the purchase orders to load");
  bd_test_ui_drain ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);

  bd_test_ui_make_demo_store (fixture->database);

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 800);
  fixture->page = bd_window_get_po_page (fixture->window);
  show_page (fixture);
}

/* The lists re-read on threads of their own after a write: what such a
 * thread hands back after the window went is freed on the main loop only
 * then, and at exit it would be a leak. */
static gboolean
lists_idle (Fixture *fixture)
{
  BdQueueModel *queue = bd_queue_page_get_model (bd_window_get_queue_page (fixture->window));

  return list_loaded (fixture) && (queue == NULL || !bd_queue_model_get_loading (queue));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bd_test_ui_settle ();
  bd_test_ui_wait_for (fixture, lists_idle, "the lists to finish reading");

  bd_test_ui_destroy_dialogs (GTK_WINDOW (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_wind_down ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

/* A text the window's store answers, through a connection of the test's
 * own (as another program would read it). */
static char *
sql_text (Fixture    *fixture,
          const char *sql)
{
  g_autoptr(BdStore) store = bd_store_open (fixture->database, NULL);

  g_assert_nonnull (store);
  return bd_test_text (store, sql);
}

static guint
core_count (Fixture    *fixture,
            const char *status,
            gint64      supplier_id)
{
  g_autoptr(BdPoQuery) query = bd_po_query_new ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  query->status = g_strdup (status);
  query->supplier_id = supplier_id;
  orders = bd_purchase_orders_list (bd_window_get_store (fixture->window), query, &error);
  g_assert_no_error (error);
  return orders->len;
}

static guint
n_items (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (bd_po_page_get_model (fixture->page)));
}

static void
set_dropdown (Fixture    *fixture,
              const char *name,
              guint       position)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (fixture, BD_TYPE_PO_PAGE, fixture->page, name)), position);
  bd_test_ui_wait_for (fixture, list_loaded, "the purchase orders to load");
  bd_test_ui_drain ();
}

/* The position of @text in the drop-down's strings. */
static guint
dropdown_find (Fixture    *fixture,
               const char *name,
               const char *text)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (child (fixture, BD_TYPE_PO_PAGE, fixture->page, name));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      return i;

  g_error ("“%s” is not in %s", text, name);
}

static BdPurchaseOrder *
shown (Fixture *fixture)
{
  return bd_po_detail_get_po (bd_po_page_get_detail (fixture->page));
}

static const char *
shown_error (Fixture *fixture)
{
  return bd_po_detail_get_error (bd_po_page_get_detail (fixture->page));
}

static gboolean
po_selected (Fixture *fixture)
{
  return shown (fixture) != NULL && g_object_get_data (G_OBJECT (fixture->window), "bd-wanted") != NULL &&
         g_str_equal (bd_purchase_order_get_number (shown (fixture)),
                      g_object_get_data (G_OBJECT (fixture->window), "bd-wanted"));
}

/* Shows the PO @number as the Suppliers page would: win.show-po. */
static void
select_po (Fixture    *fixture,
           const char *number)
{
  g_object_set_data_full (G_OBJECT (fixture->window), "bd-wanted", g_strdup (number), g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-po", "s", number));
  bd_test_ui_wait_for (fixture, po_selected, "the purchase order to be selected");
  bd_test_ui_drain ();
}

static char *
po_with_status (Fixture    *fixture,
                const char *status)
{
  g_autofree char *sql = g_strdup_printf ("SELECT number FROM purchase_orders WHERE status = '%s'"
                                          " AND EXISTS (SELECT 1 FROM po_lines pl JOIN po_line_covers c"
                                          "  ON c.po_line_id = pl.id AND c.deleted = 0 WHERE pl.po_id = purchase_orders.id)"
                                          " ORDER BY number LIMIT 1", status);

  return sql_text (fixture, sql);
}

static char *
po_status (Fixture    *fixture,
           const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM purchase_orders WHERE number = '%s'", number);

  return sql_text (fixture, sql);
}

static gboolean
po_written (Fixture *fixture)
{
  return !bd_po_page_get_writing (fixture->page);
}

/* A change of a PO runs on a thread: until it is done and shown. */
static void
wait_written (Fixture *fixture)
{
  bd_test_ui_wait_for (fixture, po_written, "the purchase order's change");
  bd_test_ui_drain ();
}

/* The AdwMessageDialog on screen, or NULL. */
static AdwMessageDialog *
find_message_dialog (void)
{
  return bd_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static BdReceiveDialog *
find_receive_dialog (void)
{
  return bd_test_ui_find_window (BD_TYPE_RECEIVE_DIALOG);
}

/* Answers the dialog a date action opened with @date and @response. */
static void
answer_date (Fixture    *fixture,
             const char *date,
             const char *response)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), date);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_written (fixture);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page lists the demo's POs, the open ones first, and filters them
 * by status and by supplier as the core's query does. */
static void
test_list_filters (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkLabel *count = GTK_LABEL (child (fixture, BD_TYPE_PO_PAGE, fixture->page, "count_label"));
  GtkWidget *empty = child (fixture, BD_TYPE_PO_PAGE, fixture->page, "empty_status");
  g_autofree char *expected = NULL;
  g_autofree char *supplier_name = NULL;
  gint64 supplier_id;
  guint n_open = core_count (fixture, "open", 0);
  guint n_all = core_count (fixture, "all", 0);

  g_assert_cmpuint (n_open, >=, 5);
  g_assert_cmpuint (n_all, >, n_open);
  g_assert_cmpuint (n_items (fixture), ==, n_open);
  expected = g_strdup_printf ("%u purchase orders", n_open);
  g_assert_cmpstr (gtk_label_get_label (count), ==, expected);
  g_assert_false (gtk_widget_get_visible (empty));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po.png");

  set_dropdown (fixture, "status_dropdown", dropdown_find (fixture, "status_dropdown", "All Statuses"));
  g_assert_cmpuint (n_items (fixture), ==, n_all);

  set_dropdown (fixture, "status_dropdown", dropdown_find (fixture, "status_dropdown", "Received"));
  g_assert_cmpuint (n_items (fixture), ==, core_count (fixture, "received", 0));
  for (guint i = 0; i < n_items (fixture); i++)
    {
      g_autoptr(BdPurchaseOrder) po = g_list_model_get_item (G_LIST_MODEL (bd_po_page_get_model (fixture->page)), i);

      g_assert_cmpstr (bd_purchase_order_get_status (po), ==, "received");
    }

  /* one supplier's */
  supplier_name = sql_text (fixture, "SELECT name FROM suppliers WHERE ref = 'SUP-01'");
  g_assert_true (bd_purchase_orders_find_supplier (bd_window_get_store (fixture->window), "SUP-01", &supplier_id,
                                                   NULL));
  set_dropdown (fixture, "status_dropdown", dropdown_find (fixture, "status_dropdown", "All Statuses"));
  set_dropdown (fixture, "supplier_dropdown", dropdown_find (fixture, "supplier_dropdown", supplier_name));
  g_assert_cmpuint (n_items (fixture), ==, core_count (fixture, "all", supplier_id));
  g_assert_cmpuint (n_items (fixture), <, n_all);
  for (guint i = 0; i < n_items (fixture); i++)
    {
      g_autoptr(BdPurchaseOrder) po = g_list_model_get_item (G_LIST_MODEL (bd_po_page_get_model (fixture->page)), i);

      g_assert_cmpstr (bd_purchase_order_get_supplier_ref (po), ==, "SUP-01");
    }

  /* none: the empty state says so */
  set_dropdown (fixture, "status_dropdown", dropdown_find (fixture, "status_dropdown", "Cancelled"));
  g_assert_cmpuint (n_items (fixture), ==, 0);
  g_assert_true (gtk_widget_get_visible (empty));
  g_assert_cmpstr (gtk_label_get_label (count), ==, "0 purchase orders");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po-empty.png");
}

static gboolean
has_class_action (GType       type,
                  const char *name)
{
  GtkWidgetClass *klass = g_type_class_peek (type);
  const char *action;
  GType owner;
  const GVariantType *parameter_type;
  const char *property;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action, &parameter_type, &property); i++)
    if (g_str_equal (action, name))
      return TRUE;
  return FALSE;
}

/* win.show-po selects a PO the filters hid; the pane shows its lines,
 * receipts and history; From Demand… is there for win.replenish. */
static void
test_show_po (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *number = sql_text (fixture, "SELECT number FROM purchase_orders WHERE status = 'received'"
                                               " ORDER BY number LIMIT 1");
  GtkWidget *from_demand = child (fixture, BD_TYPE_PO_PAGE, fixture->page, "from_demand_button");
  gboolean replenish = has_class_action (BD_TYPE_WINDOW, "win.replenish") ||
                       g_action_map_lookup_action (G_ACTION_MAP (fixture->window), "replenish") != NULL;
  BdPoDetail *detail = bd_po_page_get_detail (fixture->page);

  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (from_demand)), ==, "win.replenish");
  g_assert_cmpint (gtk_widget_get_sensitive (from_demand), ==, replenish);

  select_po (fixture, number);
  g_assert_cmpuint (n_items (fixture), ==, core_count (fixture, "all", 0));
  g_assert_cmpstr (bd_purchase_order_get_status (shown (fixture)), ==, "received");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (fixture, BD_TYPE_PO_DETAIL, detail, "number_label"))), ==,
                   number);
  /* a received PO offers none of the moves */
  g_assert_false (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "send_button")));
  g_assert_false (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "receive_button")));
  g_assert_cmpuint (bd_po_detail_get_lines (detail)->len, >=, 1);
  {
    GtkWidget *scroller = child (fixture, BD_TYPE_PO_DETAIL, detail, "scroller");
    GtkWidget *lines = child (fixture, BD_TYPE_PO_DETAIL, detail, "lines_group");
    GtkWidget *row = find_type (lines, ADW_TYPE_EXPANDER_ROW);

    /* its first line opened: what it covered */
    if (row != NULL)
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    bd_test_ui_settle ();
    bd_test_ui_save_png (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)), "ui-po-detail.png");
  }

  /* Ctrl+P prints it */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->page));
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

            if (GTK_IS_NAMED_ACTION (action) && GTK_IS_KEYVAL_TRIGGER (trigger) &&
                g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "po.print") &&
                gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_p &&
                gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_CONTROL_MASK)
              found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* an unknown number is said so */
  g_assert_false (bd_po_page_show_po (fixture->page, "PO-NOPE", NULL));
}

/* Send, Confirm (with the supplier's date) and Cancel, each refused with
 * the core's words where the state machine has no such move; line
 * quantities while draft or sent. */
static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "draft");
  g_autofree char *status = NULL;
  g_autofree char *covered = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *quantity = NULL;
  BdPoDetail *detail = bd_po_page_get_detail (fixture->page);

  g_assert_nonnull (number);
  select_po (fixture, number);
  g_assert_cmpstr (bd_purchase_order_get_status (shown (fixture)), ==, "draft");
  g_assert_true (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "send_button")));
  g_assert_false (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "confirm_button")));

  /* a draft is not confirmed: refused, said, nothing changed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.confirm", NULL));
  answer_date (fixture, "2030-01-15", "confirm");
  g_assert_nonnull (shown_error (fixture));
  g_assert_nonnull (strstr (shown_error (fixture), "cannot go from “draft” to “confirmed”"));
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "draft");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po-refused.png");

  /* a line's quantity while it is a draft */
  sku = g_strdup (((BdPoLine *)g_ptr_array_index (bd_po_detail_get_lines (detail), 0))->sku);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.set-line-quantity", "(si)", sku, 40));
  wait_written (fixture);
  g_assert_null (shown_error (fixture));
  sql = g_strdup_printf ("SELECT pl.quantity FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id"
                         " JOIN products p ON p.id = pl.product_id WHERE po.number = '%s' AND p.sku = '%s'",
                         number, sku);
  quantity = sql_text (fixture, sql);
  g_assert_cmpstr (quantity, ==, "40");
  g_assert_cmpint (((BdPoLine *)g_ptr_array_index (bd_po_detail_get_lines (detail), 0))->quantity, ==, 40);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.send", NULL));
  wait_written (fixture);
  g_assert_null (shown_error (fixture));
  g_clear_pointer (&status, g_free);
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "sent");
  g_assert_cmpstr (bd_purchase_order_get_status (shown (fixture)), ==, "sent");
  g_assert_true (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "confirm_button")));

  /* sent twice: refused */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.send", NULL));
  wait_written (fixture);
  g_assert_nonnull (strstr (shown_error (fixture), "it is in that status already"));

  /* a malformed date: refused, named */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.confirm", NULL));
  answer_date (fixture, "next week", "confirm");
  g_assert_nonnull (strstr (shown_error (fixture), "next week"));
  g_clear_pointer (&status, g_free);
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "sent");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.confirm", NULL));
  answer_date (fixture, "2030-01-15", "confirm");
  g_clear_pointer (&status, g_free);
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "confirmed");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT confirmed_date FROM purchase_orders WHERE number = '%s'", number);
  g_clear_pointer (&quantity, g_free);
  quantity = sql_text (fixture, sql);
  g_assert_cmpstr (quantity, ==, "2030-01-15");
  /* its lines now wait for 2030: the dialog lists those late for their promise */
  if (find_message_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));
  bd_test_ui_drain ();

  /* confirmed: its lines' quantities stay as ordered */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.set-line-quantity", "(si)", sku, 2));
  wait_written (fixture);
  g_assert_nonnull (shown_error (fixture));
  g_assert_nonnull (strstr (shown_error (fixture), number));

  /* cancel: asked first; Keep It leaves it be */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.cancel", NULL));
  g_assert_nonnull (find_message_dialog ());
  bd_test_ui_save_png (GTK_WIDGET (find_message_dialog ()), "ui-po-cancel-dialog.png");
  adw_message_dialog_response (find_message_dialog (), "keep");
  gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));
  bd_test_ui_drain ();
  g_clear_pointer (&status, g_free);
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "confirmed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.cancel", NULL));
  adw_message_dialog_response (find_message_dialog (), "cancel-po");
  gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));
  wait_written (fixture);
  g_clear_pointer (&status, g_free);
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "cancelled");
  /* what it covered waits again */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                         " JOIN purchase_orders po ON po.id = pl.po_id WHERE po.number = '%s' AND c.deleted = 0",
                         number);
  covered = sql_text (fixture, sql);
  g_assert_cmpstr (covered, ==, "0");
  /* it left the open ones the list shows: show-po finds it among all */
  g_assert_null (shown (fixture));
  select_po (fixture, number);
  g_assert_false (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "cancel_button")));

  /* closed: sending it is refused */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.send", NULL));
  wait_written (fixture);
  g_test_message ("%s", shown_error (fixture));
  g_assert_nonnull (strstr (shown_error (fixture), "a cancelled purchase order is closed"));
}

/* A later date for a confirmed PO: the lines it now makes late for their
 * promise, in a dialog, as the core lists them. */
static void
test_at_risk (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "confirmed");
  g_autofree char *sql = NULL;
  g_autofree char *refs = NULL;
  g_autofree char *expected_at = NULL;
  g_autofree char *eta = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  guint n_rows = 0;

  g_assert_nonnull (number);
  /* a promise for each line it covers, a week from now */
  {
    g_autoptr(BdStore) store = bd_store_open (fixture->database, NULL);

    sql = g_strdup_printf ("UPDATE order_lines SET promised_at = strftime('%%Y-%%m-%%dT00:00:00Z', 'now', '+7 days')"
                           " WHERE id IN (SELECT c.line_id FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                           " JOIN purchase_orders po ON po.id = pl.po_id WHERE po.number = '%s' AND c.deleted = 0)",
                           number);
    g_assert_true (bd_store_exec (store, sql, NULL));
  }
  select_po (fixture, number);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.set-expected", NULL));
  answer_date (fixture, "2031-06-30", "set");
  g_assert_null (shown_error (fixture));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT expected_at FROM purchase_orders WHERE number = '%s'", number);
  expected_at = sql_text (fixture, sql);
  g_assert_cmpstr (expected_at, ==, "2031-06-30");

  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "bd-at-risk");
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-po-at-risk.png");

  /* every line it covers, each with its new ETA */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT group_concat(ref, ' ') FROM (SELECT DISTINCT o.ref || '/' || p.sku AS ref"
                         " FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                         " JOIN purchase_orders po ON po.id = pl.po_id JOIN order_lines l ON l.id = c.line_id"
                         " JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                         " WHERE po.number = '%s' AND c.deleted = 0 ORDER BY 1)", number);
  refs = sql_text (fixture, sql);
  list = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (adw_message_dialog_get_extra_child (dialog)));
  if (GTK_IS_VIEWPORT (list))
    list = gtk_viewport_get_child (GTK_VIEWPORT (list));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *word = g_strdup_printf ("%s", gtk_widget_get_name (row));

      g_assert_nonnull (strstr (refs, word));
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "→ 2031-07-01"));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >=, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT DISTINCT l.eta FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                         " JOIN purchase_orders po ON po.id = pl.po_id JOIN order_lines l ON l.id = c.line_id"
                         " WHERE po.number = '%s' AND c.deleted = 0", number);
  eta = sql_text (fixture, sql);
  g_assert_cmpstr (eta, ==, "2031-07-01");
}

static gboolean
receive_dialog_gone (Fixture *fixture)
{
  return find_receive_dialog () == NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the line test_receive made urgent */
static gint64 urgent_line_id;

static gboolean
allocation_undone (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM allocations WHERE deleted = 0"
                                          " AND line_id = %" G_GINT64_FORMAT, urgent_line_id);
  g_autofree char *n = sql_text (fixture, sql);

  return g_str_equal (n, "0");
}

/* Receive a PO through the preview: switch policy and see the preview
 * change, refuse an over-receipt until it is ticked, commit, find the
 * allocation in the core and the line allocated in the queue, undo. */
static void
test_receive (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "confirmed");
  g_autofree char *sql = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *youngest = NULL;
  g_autofree char *youngest_uuid = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *allocated = NULL;
  BdReceiveDialog *dialog;
  AdwComboRow *policy_row;
  GPtrArray *lines;
  gint64 line_id;

  select_po (fixture, number);
  lines = bd_po_detail_get_lines (bd_po_page_get_detail (fixture->page));

  /* the SKU of the PO with most lines short, and its youngest line made urgent */
  sql = g_strdup_printf ("SELECT p.sku FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id"
                         " JOIN products p ON p.id = pl.product_id WHERE po.number = '%s'"
                         " ORDER BY (SELECT count(*) FROM order_lines l WHERE l.product_id = pl.product_id"
                         "  AND l.status IN ('waiting', 'on_order') AND l.allocated_quantity = 0) DESC, p.sku LIMIT 1",
                         number);
  sku = sql_text (fixture, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT o.ref || '/' || p.sku || ' ' || l.uuid FROM order_lines l"
                         " JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                         " WHERE p.sku = '%s' AND l.status IN ('waiting', 'on_order') AND l.allocated_quantity = 0"
                         " ORDER BY l.ordered_at DESC, l.id DESC LIMIT 1", sku);
  youngest = sql_text (fixture, sql);
  youngest_uuid = g_strdup (strchr (youngest, ' ') + 1);
  *strchr (youngest, ' ') = '\0';
  {
    g_autoptr(GError) error = NULL;
    BdStore *store = bd_window_get_store (fixture->window);

    g_auto(GStrv) others = NULL;
    g_autofree char *others_sql = g_strdup_printf ("SELECT group_concat(l.id, ' ') FROM order_lines l"
                                                   " JOIN products p ON p.id = l.product_id WHERE p.sku = '%s'"
                                                   " AND l.status IN ('waiting', 'on_order', 'allocated')", sku);
    g_autofree char *ids_text = sql_text (fixture, others_sql);
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

    /* the others normal, so that only this one comes first by priority */
    others = g_strsplit (ids_text, " ", -1);
    for (guint i = 0; others[i] != NULL; i++)
      {
        gint64 id = g_ascii_strtoll (others[i], NULL, 10);

        g_array_append_val (ids, id);
      }
    g_assert_true (bd_actions_set_priority (store, (gint64 *)(gpointer)ids->data, ids->len, 0, NULL, &error));
    g_assert_true (bd_actions_find_line (store, youngest, &line_id, &error));
    g_assert_true (bd_actions_set_priority (store, &line_id, 1, 2, NULL, &error));
    g_assert_no_error (error);
    urgent_line_id = line_id;
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.receive", NULL));
  dialog = find_receive_dialog ();
  g_assert_nonnull (dialog);
  policy_row = ADW_COMBO_ROW (child (fixture, BD_TYPE_RECEIVE_DIALOG, dialog, "policy_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (policy_row), ==, 0);   /* the team's default: fifo */

  /* each line's open quantity by default */
  for (guint i = 0; i < lines->len; i++)
    {
      BdPoLine *line = g_ptr_array_index (lines, i);

      g_assert_cmpint (gtk_spin_button_get_value_as_int (bd_receive_dialog_get_spin (dialog, line->sku)), ==,
                       line->quantity - line->quantity_received);
      if (!g_str_equal (line->sku, sku))
        gtk_spin_button_set_value (bd_receive_dialog_get_spin (dialog, line->sku), 0);
    }
  gtk_spin_button_set_value (bd_receive_dialog_get_spin (dialog, sku), 1);
  bd_test_ui_drain ();
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-po-receive.png");

  fifo = bd_receive_dialog_get_preview_text (dialog);
  adw_combo_row_set_selected (policy_row, 1);   /* priority first */
  bd_test_ui_drain ();
  priority = bd_receive_dialog_get_preview_text (dialog);
  g_test_message ("fifo: %s; priority: %s", fifo, priority);
  g_assert_cmpstr (fifo, !=, priority);
  {
    g_autofree char *first = g_strdup_printf ("%s 1", youngest);

    g_assert_true (g_str_has_prefix (priority, first));
    g_assert_false (g_str_has_prefix (fifo, first));
  }

  /* more than the PO expects: refused until ticked, nothing written */
  before = bd_test_dump (bd_window_get_store (fixture->window));
  gtk_spin_button_set_value (bd_receive_dialog_get_spin (dialog, sku), 500);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_get_visible (child (fixture, BD_TYPE_RECEIVE_DIALOG, dialog, "over_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.commit", NULL));
  bd_test_ui_drain ();
  g_assert_nonnull (bd_receive_dialog_get_error (dialog));
  g_assert_nonnull (strstr (bd_receive_dialog_get_error (dialog), "Book more than was ordered"));
  after = bd_test_dump (bd_window_get_store (fixture->window));
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* nothing at all: refused too */
  gtk_spin_button_set_value (bd_receive_dialog_get_spin (dialog, sku), 0);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.commit", NULL));
  bd_test_ui_drain ();
  g_assert_cmpstr (bd_receive_dialog_get_error (dialog), ==, "Nothing to receive: every quantity is 0");
  after = bd_test_dump (bd_window_get_store (fixture->window));
  g_assert_cmpstr (after, ==, before);

  gtk_spin_button_set_value (bd_receive_dialog_get_spin (dialog, sku), 1);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.commit", NULL));
  bd_test_ui_wait_for (fixture, receive_dialog_gone, "the Receive dialog to close");
  bd_test_ui_drain ();

  /* in the core: the urgent line got the one unit */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT sum(a.quantity) FROM allocations a JOIN order_lines l ON l.id = a.line_id"
                         " WHERE a.deleted = 0 AND l.uuid = '%s'", youngest_uuid);
  allocated = sql_text (fixture, sql);
  g_assert_cmpstr (allocated, ==, "1");
  /* in the queue: the line shows it */
  {
    BdQueueModel *queue = bd_queue_page_get_model (bd_window_get_queue_page (fixture->window));
    guint position;
    g_autoptr(BdBackorder) line = NULL;

    for (guint i = 0; i < 500 && (bd_queue_model_get_loading (queue) ||
                                  bd_queue_model_find_id (queue, line_id) == G_MAXUINT); i++)
      {
        bd_test_ui_drain ();
        g_usleep (10000);
      }
    position = bd_queue_model_find_id (queue, line_id);
    g_assert_cmpuint (position, !=, G_MAXUINT);
    line = g_list_model_get_item (G_LIST_MODEL (queue), position);
    g_assert_cmpint (bd_backorder_get_allocated (line), ==, 1);
  }
  /* the pane lists the receipt */
  g_assert_cmpint (((BdPoLine *)g_ptr_array_index (bd_po_detail_get_lines (bd_po_page_get_detail (fixture->page)),
                                                   0))->quantity_received, >=, 0);

  /* Undo in the toast takes it back */
  {
    GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_TOAST_OVERLAY);
    GtkWidget *undo = find_button (overlay, "_Undo");

    g_assert_nonnull (undo);
    gtk_widget_activate (undo);
    bd_test_ui_wait_for (fixture, allocation_undone, "the receipt to be undone");
  }
}

/* A received PO: the dialog says why nothing can be booked, and writes
 * nothing. */
static void
test_receive_closed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *number = sql_text (fixture, "SELECT number FROM purchase_orders WHERE status = 'received'"
                                               " ORDER BY number LIMIT 1");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  BdReceiveDialog *dialog;
  BdPoLine *line;

  select_po (fixture, number);
  line = g_ptr_array_index (bd_po_detail_get_lines (bd_po_page_get_detail (fixture->page)), 0);
  before = bd_test_dump (bd_window_get_store (fixture->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.receive", NULL));
  dialog = find_receive_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (bd_receive_dialog_get_spin (dialog, line->sku)), ==, 0);
  gtk_spin_button_set_value (bd_receive_dialog_get_spin (dialog, line->sku), 2);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.commit", NULL));
  bd_test_ui_drain ();
  g_assert_nonnull (bd_receive_dialog_get_error (dialog));
  g_assert_nonnull (strstr (bd_receive_dialog_get_error (dialog), number));
  after = bd_test_dump (bd_window_get_store (fixture->window));
  g_assert_cmpstr (after, ==, before);
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_drain ();
}

static char *
pdf_text (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* Print runs the same page renderer as `po pdf`: exported through the
 * print operation (no dialog), the PDF holds the number, the supplier and
 * every line; Save as PDF and Export write their files. */
static void
test_print (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "confirmed");
  g_autofree char *printed = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autofree char *saved = g_build_filename (fixture->dir, "saved.pdf", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "pos.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *csv_text = NULL;
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  GPtrArray *lines;

  /* nothing selected: said so */
  g_assert_false (bd_po_page_print (fixture->page, GTK_PRINT_OPERATION_ACTION_EXPORT, printed, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  select_po (fixture, number);
  lines = bd_po_detail_get_lines (bd_po_page_get_detail (fixture->page));
  g_assert_true (bd_po_page_print (fixture->page, GTK_PRINT_OPERATION_ACTION_EXPORT, printed, &error));
  g_assert_no_error (error);
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, bd_purchase_order_get_supplier_name (shown (fixture))));
  for (guint i = 0; i < lines->len; i++)
    g_assert_nonnull (strstr (text, ((BdPoLine *)g_ptr_array_index (lines, i))->sku));
  g_clear_pointer (&text, g_free);

  g_assert_true (bd_po_page_save_pdf (fixture->page, saved_file, &error));
  g_assert_no_error (error);
  text = pdf_text (saved);
  g_assert_nonnull (strstr (text, number));

  /* the POs the list shows: the open ones */
  g_assert_true (bd_po_page_export_csv (fixture->page, csv_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_nonnull (strstr (csv_text, number));
}

/* Narrow (a phone) and dark: the list keeps number, supplier and status,
 * and the pane slides over it. */
static void
test_narrow_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *number = po_with_status (fixture, "confirmed");
  AdwLeaflet *leaflet = ADW_LEAFLET (child (fixture, BD_TYPE_PO_PAGE, fixture->page, "leaflet"));
  BdPoDetail *detail = bd_po_page_get_detail (fixture->page);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  select_po (fixture, number);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po-dark.png");

  /* folding without animations makes GTK 4.8 allocate a box of width 0
   * and warn (as test-ui's narrow test says): it narrows as a person sees it */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  bd_test_ui_settle ();
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_get_visible (child (fixture, BD_TYPE_PO_DETAIL, detail, "back_button")));
  /* the page fits a phone: the window's content is the widest of its
   * pages, each at its least */
  {
    int list_width, detail_width, page_width, natural;

    gtk_widget_measure (child (fixture, BD_TYPE_PO_PAGE, fixture->page, "list_pane"), GTK_ORIENTATION_HORIZONTAL,
                        -1, &list_width, &natural, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (detail), GTK_ORIENTATION_HORIZONTAL, -1, &detail_width, &natural, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &page_width, &natural, NULL,
                        NULL);
    g_test_message ("least widths: list %d, detail %d, page %d", list_width, detail_width, page_width);
    g_assert_cmpint (list_width, <=, 340);
    g_assert_cmpint (detail_width, <=, 340);
    g_assert_cmpint (page_width, <=, 340);
  }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po-narrow-detail.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.back", NULL));
  bd_test_ui_settle ();
  g_assert_false (gtk_column_view_column_get_visible (GTK_COLUMN_VIEW_COLUMN (
                    gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_PO_PAGE, "value_column"))));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po-narrow.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* A PO's change runs on a thread of its own: meanwhile its buttons and
 * line quantities are off, and once the core refused it (a draft is not
 * confirmed) the pane says why and the buttons come back. */
static void
test_write_in_thread (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "draft");
  g_autofree char *status = NULL;
  BdPoDetail *detail = bd_po_page_get_detail (fixture->page);
  GtkWidget *send = NULL;
  GtkWidget *cancel = NULL;
  AdwMessageDialog *dialog;

  g_assert_nonnull (number);
  select_po (fixture, number);
  send = child (fixture, BD_TYPE_PO_DETAIL, detail, "send_button");
  cancel = child (fixture, BD_TYPE_PO_DETAIL, detail, "cancel_button");
  g_assert_true (gtk_widget_is_sensitive (send));
  g_assert_null (shown_error (fixture));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.confirm", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "2030-01-15");
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* running: nothing else to click on this PO */
  g_assert_true (bd_po_page_get_writing (fixture->page));
  g_assert_false (gtk_widget_is_sensitive (send));
  g_assert_false (gtk_widget_is_sensitive (cancel));
  /* off: a Send now does not run (the PO stays a draft below) */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.send", NULL);

  wait_written (fixture);
  g_assert_nonnull (shown_error (fixture));
  g_assert_nonnull (strstr (shown_error (fixture), "cannot go from “draft” to “confirmed”"));
  g_assert_true (gtk_widget_is_sensitive (send));
  g_assert_true (gtk_widget_is_sensitive (cancel));
  status = po_status (fixture, number);
  g_assert_cmpstr (status, ==, "draft");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-po-refused-in-thread.png");
}

int
main (int    argc,
      char **argv)
{
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestUiPo");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui-po/list-filters", test_list_filters);
  ADD ("/ui-po/show-po", test_show_po);
  ADD ("/ui-po/status", test_status);
  ADD ("/ui-po/write-in-thread", test_write_in_thread);
  ADD ("/ui-po/at-risk", test_at_risk);
  ADD ("/ui-po/receive", test_receive);
  ADD ("/ui-po/receive-closed", test_receive_closed);
  ADD ("/ui-po/narrow-dark", test_narrow_dark);
  ADD ("/ui-po/print", test_print);

  return g_test_run ();
}
