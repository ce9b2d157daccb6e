/* test-ui-eta.c: the queue's ETA and PO columns, its purchasing filters
 * and the line pane's expected date, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-eta"

#include "config.h"

#include <adwaita.h>

#include "bd-application.h"
#include "bd-backorder.h"
#include "bd-complaint-edit-dialog.h"
#include "bd-compose-dialog.h"
#include "bd-compose-item.h"
#include "bd-delay-notice-group.h"
#include "bd-incentive-dialog.h"
#include "bd-delay-notices.h"
#include "bd-products.h"
#include "bd-note-row.h"
#include "bd-notes.h"
#include "bd-followup-notifier.h"
#include "bd-contact-dialog.h"
#include "bd-messages.h"
#include "bd-line-detail.h"
#include "bd-queue-filter-bar.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

typedef struct
{
  char *dir;
  char *database;
  BdWindow *window;
  BdQueuePage *page;
  char *eta_po;          /* what PO-1's lines are expected: its date and a handling day */
  char *eta_lead;        /* a line no PO covers: today, 10 days' lead time and a day */
} Fixture;

static BdApplication *app;

static gboolean
model_loaded (Fixture *fixture)
{
  BdQueueModel *model = bd_queue_page_get_model (fixture->page);

  return model != NULL && !bd_queue_model_get_loading (model);
}

static char *
local_day (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
exec_sql (BdStore    *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

/* SO-1/MUG (2 short) covered whole by PO-1, due in 40 days, and promised
 * long ago: two delay notices went unanswered past their deadlines, so it
 * must be cancelled and refunded. SO-2/MUG (5 short) covered for 2 by
 * PO-1; SO-3/MUG covered by nothing; SO-4/MUG (3 short) with 1 set aside
 * from a receipt. No supplier has a delivery history. */
static void
make_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_create (fixture->database, &error);
  g_autofree char *po_date = local_day (40);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  fixture->eta_po = local_day (41);
  fixture->eta_lead = local_day (11);

  g_assert_true (bd_test_import_text (store, BD_IMPORT_SUPPLIERS,
                                      "supplier_ref,name,lead_time_days\nSUP-1,Nordic Homeware,10\n", NULL, &error));
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                                      "sku,name,on_hand,supplier_ref,lead_time_days\n"
                                      "MUG,Enamel Mug,0,SUP-1,10\n", NULL, &error));
  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,"
                                      "backordered_quantity,promised_at\n"
                                      "SO-1,2026-01-02,C-1,Ada Lovelace,MUG,2,2,2026-01-20\n"
                                      "SO-2,2026-01-03,C-2,Bruno Ganz,MUG,5,5,\n"
                                      "SO-3,2026-01-04,C-3,Chloé Zhao,MUG,1,1,\n"
                                      "SO-4,2026-01-05,C-4,Dmitri Ivanov,MUG,3,3,\n",
                                      NULL, &error));
  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO purchase_orders (number, supplier_id, status, currency, ordered_at,"
                         " expected_at, uuid, created_at, updated_at) SELECT 'PO-1', id, 'confirmed', 'USD',"
                         " '2026-01-10T09:00:00Z', '%s', 'po-1', '2026-01-10', '2026-01-10' FROM suppliers;"
                         "INSERT INTO po_lines (po_id, product_id, quantity, uuid, created_at, updated_at)"
                         " SELECT 1, id, 4, 'pl-1', '2026-01-10', '2026-01-10' FROM products;"
                         "INSERT INTO po_line_covers (po_line_id, line_id, quantity, uuid, created_at, updated_at)"
                         " SELECT 1, l.id, CASE o.ref WHEN 'SO-1' THEN 2 ELSE 2 END, 'cv-' || o.ref,"
                         " '2026-01-10', '2026-01-10' FROM order_lines l JOIN orders o ON o.id = l.order_id"
                         " WHERE o.ref IN ('SO-1', 'SO-2');"
                         "UPDATE order_lines SET status = 'on_order', covered_quantity = 2, eta = '%s'"
                         " WHERE order_id = (SELECT id FROM orders WHERE ref = 'SO-1');"
                         "UPDATE order_lines SET covered_quantity = 2"
                         " WHERE order_id = (SELECT id FROM orders WHERE ref = 'SO-2');"
                         "UPDATE order_lines SET allocated_quantity = 1"
                         " WHERE order_id = (SELECT id FROM orders WHERE ref = 'SO-4');"
                         "INSERT INTO delay_notices (line_id, original_date, new_date, deadline, uuid,"
                         " created_at, updated_at) SELECT l.id, '2026-01-20', '2026-02-20', '2026-01-28', 'dn-1',"
                         " '2026-01-21', '2026-01-21' FROM order_lines l JOIN orders o ON o.id = l.order_id"
                         " WHERE o.ref = 'SO-1';"
                         "INSERT INTO delay_notices (line_id, original_date, new_date, deadline, uuid,"
                         " created_at, updated_at) SELECT l.id, '2026-01-20', '%s', '2026-03-01', 'dn-2',"
                         " '2026-02-21', '2026-02-21' FROM order_lines l JOIN orders o ON o.id = l.order_id"
                         " WHERE o.ref = 'SO-1';",
                         po_date, fixture->eta_po, fixture->eta_po);
  exec_sql (store, sql);
}

static void
open_window (Fixture *fixture)
{
  fixture->window = bd_test_ui_open_window (app, fixture->database, TRUE, 1400, 800);
  fixture->page = bd_window_get_queue_page (fixture->window);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to load");
  bd_test_ui_drain ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  bd_test_ui_reset_queue_columns ();
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);
  make_store (fixture);
  open_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_drain ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
  g_free (fixture->eta_po);
  g_free (fixture->eta_lead);
}

/* A PNG of @popover drawn by its window's renderer (test-ui.c says why). */
static void
save_popover_png (Fixture    *fixture,
                  GtkPopover *popover,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (popover));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (popover));
  int height = gtk_widget_get_height (GTK_WIDGET (popover));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)) && width > 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

/* The order references the queue lists, in its order: "SO-1 SO-2". */
static char *
listed (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s", i ? " " : "", bd_backorder_get_order_ref (row));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_listed (Fixture    *fixture,
               const char *want)
{
  g_autofree char *got = NULL;

  bd_test_ui_settle ();
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to load");
  got = listed (fixture);
  g_assert_cmpstr (got, ==, want);
}

/* The texts of the cells called @name (GtkInscription widgets) the list
 * shows, joined by "|" in the order they are drawn. */
static void
collect_texts (GtkWidget  *widget,
               const char *name,
               GString    *texts)
{
  if (GTK_IS_INSCRIPTION (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0 &&
      gtk_widget_get_visible (widget))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      g_string_append_printf (texts, "%s%s", texts->len ? "|" : "", text ? text : "");
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, name, texts);
}

static gboolean
cells_hold (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_texts (GTK_WIDGET (bd_queue_page_get_column_view (fixture->page)), name, texts);
  return strstr (texts->str, text) != NULL;
}

static GtkWidget *
filter_bar_child (Fixture    *fixture,
                  const char *name)
{
  GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                              "filter_bar"));
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (bar, G_OBJECT_TYPE (bar), name));

  g_assert_nonnull (child);
  return child;
}

static GtkWidget *
detail_child (Fixture    *fixture,
              const char *name)
{
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL, name));

  g_assert_nonnull (child);
  return child;
}

static gboolean
action_state (GActionGroup *actions,
              const char   *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (actions, name);

  return g_variant_get_boolean (state);
}

/* The ETA column shows each line's expected date (stored for a covered
 * line, worked out for one no PO covers), the PO column the covering PO
 * and how much of a partly served line is on order or set aside; both
 * are in the Columns menu, and hiding one is kept in GSettings. */
static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
  GActionGroup *actions = bd_queue_page_get_column_actions (fixture->page);
  GtkColumnViewColumn *eta = bd_queue_page_get_column (fixture->page, "eta");
  GtkColumnViewColumn *po = bd_queue_page_get_column (fixture->page, "po");
  g_auto(GStrv) hidden = NULL;

  g_assert_nonnull (eta);
  g_assert_nonnull (po);
  g_assert_true (gtk_column_view_column_get_visible (eta));
  g_assert_true (gtk_column_view_column_get_visible (po));
  g_assert_true (gtk_column_view_column_get_header_menu (eta) == bd_queue_page_get_columns_menu (fixture->page));
  /* both sort (see test_sort_eta_po) */
  g_assert_nonnull (gtk_column_view_column_get_sorter (eta));
  g_assert_nonnull (gtk_column_view_column_get_sorter (po));

  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-columns.png");
  g_assert_true (cells_hold (fixture, "eta", fixture->eta_po));
  g_assert_true (cells_hold (fixture, "eta", fixture->eta_lead));
  g_assert_true (cells_hold (fixture, "po", "PO-1|PO-1|—|—"));
  g_assert_true (cells_hold (fixture, "po-partly", "2 of 5 on order|1 of 3 allocated"));

  /* every row's ETA from its page, the same as the pane works out */
  {
    GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));
    g_autoptr(BdBackorder) so1 = g_list_model_get_item (model, 0);
    g_autoptr(BdBackorder) so3 = g_list_model_get_item (model, 2);

    g_assert_cmpstr (bd_backorder_get_order_ref (so1), ==, "SO-1");
    g_assert_cmpstr (bd_backorder_get_eta (so1), ==, fixture->eta_po);
    g_assert_cmpstr (bd_backorder_get_order_ref (so3), ==, "SO-3");
    g_assert_cmpstr (bd_backorder_get_eta (so3), ==, fixture->eta_lead);
  }

  g_assert_true (action_state (actions, "show-eta"));
  g_assert_true (action_state (actions, "show-po"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "columns.show-po", NULL));
  g_assert_false (gtk_column_view_column_get_visible (po));
  g_assert_false (action_state (actions, "show-po"));

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_drain ();
  hidden = g_settings_get_strv (settings, "queue-hidden-columns");
  g_assert_cmpstrv (hidden, ((const char *[]) { "po", NULL }));

  open_window (fixture);
  g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "po")));
  g_assert_true (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "eta")));
}

/* "Not covered by a PO" keeps the lines with units no PO covers yet,
 * partly covered ones too; "Must cancel and refund" the line whose
 * second delay notice went unanswered. Each shows a chip that takes it
 * off. */
/* A click on the ETA header (what it does: sort the view by the column)
 * lists the lines by expected date, ties by id: SO-3 and SO-4 by lead
 * time, then SO-1 and SO-2 by PO-1; again, the other way round. The PO
 * header lists them by PO number, lines without a PO last both ways. */
static void
test_sort_eta_po (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkColumnViewColumn *eta = bd_queue_page_get_column (fixture->page, "eta");
  GtkColumnViewColumn *po = bd_queue_page_get_column (fixture->page, "po");
  GtkLabel *count = GTK_LABEL (bd_test_ui_template_child (fixture->page, BD_TYPE_QUEUE_PAGE, "count_label"));

  assert_listed (fixture, "SO-1 SO-2 SO-3 SO-4");

  gtk_column_view_sort_by_column (view, eta, GTK_SORT_ASCENDING);
  assert_listed (fixture, "SO-3 SO-4 SO-1 SO-2");
  g_assert_true (cells_hold (fixture, "po", "—|—|PO-1|PO-1"));
  gtk_column_view_sort_by_column (view, eta, GTK_SORT_DESCENDING);
  assert_listed (fixture, "SO-2 SO-1 SO-4 SO-3");

  /* by PO the lines with one first, as the queue order has them here:
   * the count above the list says which order is in force */
  gtk_column_view_sort_by_column (view, po, GTK_SORT_ASCENDING);
  assert_listed (fixture, "SO-1 SO-2 SO-3 SO-4");
  g_assert_nonnull (strstr (gtk_label_get_label (count), "Sorted by PO"));
  gtk_column_view_sort_by_column (view, po, GTK_SORT_DESCENDING);
  assert_listed (fixture, "SO-2 SO-1 SO-4 SO-3");
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-sorted-by-po.png");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  GtkCheckButton *not_covered = GTK_CHECK_BUTTON (filter_bar_child (fixture, "not_covered_check"));
  GtkCheckButton *must_cancel = GTK_CHECK_BUTTON (filter_bar_child (fixture, "must_cancel_check"));
  GtkWidget *chips = filter_bar_child (fixture, "chip_box");
  GtkMenuButton *filter_button = GTK_MENU_BUTTON (filter_bar_child (fixture, "filter_button"));
  GtkWidget *chip;

  assert_listed (fixture, "SO-1 SO-2 SO-3 SO-4");
  g_assert_false (gtk_widget_get_visible (chips));

  gtk_check_button_set_active (not_covered, TRUE);
  assert_listed (fixture, "SO-2 SO-3 SO-4");
  g_assert_true (bd_queue_page_get_query (fixture->page)->not_covered);
  g_assert_true (gtk_widget_get_visible (chips));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (filter_button), "filter-on"));

  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-filters.png");
  gtk_menu_button_popup (filter_button);
  bd_test_ui_settle ();
  save_popover_png (fixture, gtk_menu_button_get_popover (filter_button), "ui-eta-filters-popover.png");
  gtk_menu_button_popdown (filter_button);
  bd_test_ui_settle ();

  /* the chip takes it off */
  chip = gtk_widget_get_first_child (chips);
  g_assert_nonnull (chip);
  g_signal_emit_by_name (chip, "clicked");
  assert_listed (fixture, "SO-1 SO-2 SO-3 SO-4");
  g_assert_false (gtk_check_button_get_active (not_covered));
  g_assert_false (gtk_widget_get_visible (chips));

  gtk_check_button_set_active (must_cancel, TRUE);
  assert_listed (fixture, "SO-1");
  g_assert_true (bd_queue_page_get_query (fixture->page)->must_cancel);

  /* both: no line is both */
  gtk_check_button_set_active (not_covered, TRUE);
  assert_listed (fixture, "");

  bd_queue_filter_bar_set_must_cancel (BD_QUEUE_FILTER_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                                           BD_TYPE_QUEUE_PAGE,
                                                                                           "filter_bar")),
                                       FALSE);
  assert_listed (fixture, "SO-2 SO-3 SO-4");
}

static void
select_line (Fixture *fixture,
             guint    position)
{
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), position, TRUE);
  bd_test_ui_settle ();
}

static const char *
subtitle (Fixture    *fixture,
          const char *row)
{
  AdwActionRow *action_row = ADW_ACTION_ROW (detail_child (fixture, row));

  if (!gtk_widget_get_visible (GTK_WIDGET (action_row)))
    return NULL;
  return adw_action_row_get_subtitle (action_row);
}

/* The pane says when a line is expected, its range (none without a
 * supplier history, and says so), where the date comes from, the PO
 * covering it with a button to it, and what stock went to it. */
static void
test_detail (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *allocated = NULL;
  GtkWidget *po_button = detail_child (fixture, "po_button");

  /* SO-2: 2 of 5 on order, the rest after the lead time, the later date */
  select_line (fixture, 1);
  g_assert_cmpstr (subtitle (fixture, "eta_row"), ==, fixture->eta_po);
  g_assert_cmpstr (subtitle (fixture, "range_row"), ==, "No range: no delivery history yet");
  g_assert_nonnull (strstr (subtitle (fixture, "source_row"), "PO-1"));
  g_assert_cmpstr (subtitle (fixture, "po_row"), ==, "PO-1 · 2 of 5 on order");
  g_assert_null (subtitle (fixture, "allocation_row"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-detail.png");

  /* Show opens the PO on the window's purchase orders page */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                         BD_TYPE_WINDOW, "view_stack"));

    g_assert_true (gtk_widget_get_sensitive (po_button));
    gtk_widget_activate (po_button);
    for (guint i = 0; i < 100 && g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "purchase-orders") != 0; i++)
      bd_test_ui_settle ();
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "purchase-orders");
    bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-show-po.png");
    adw_view_stack_set_visible_child_name (stack, "queue");
    bd_test_ui_settle ();
  }

  /* SO-3: no PO, the lead time */
  select_line (fixture, 2);
  g_assert_cmpstr (subtitle (fixture, "eta_row"), ==, fixture->eta_lead);
  g_assert_null (subtitle (fixture, "po_row"));
  g_assert_nonnull (strstr (subtitle (fixture, "source_row"), "lead time of 10 days"));

  /* SO-4: one of three set aside */
  select_line (fixture, 3);
  allocated = g_strdup (subtitle (fixture, "allocation_row"));
  g_assert_cmpstr (allocated, ==, "1 of 3 allocated");
}

static BdDelayNoticeGroup *delay_group (Fixture *fixture);

/* A supplier always 2 to 7 days late: the pane's range starts after the
 * ETA, and says it is what the supplier's history makes likely; in the
 * default size, narrow and dark. */
static void
test_detail_range_late (Fixture       *fixture,
                        gconstpointer  data)
{
  static const int late[] = { 2, 3, 5, 7, 7 };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);
  g_autofree char *earliest = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (late); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO purchase_orders (number, supplier_id, status, currency, ordered_at, confirmed_date,"
        " expected_at, uuid, created_at, updated_at) SELECT 'H-%u', id, 'received', 'USD',"
        " date('now', '-60 days'), date('now', '-40 days'), date('now', '-40 days'), 'h-%u',"
        " '2026-01-01', '2026-01-01' FROM suppliers;"
        "INSERT INTO po_lines (po_id, product_id, quantity, quantity_received, uuid, created_at, updated_at)"
        " SELECT last_insert_rowid(), id, 5, 5, 'hl-%u', '2026-01-01', '2026-01-01' FROM products;"
        "INSERT INTO receipts (po_id, received_at, author, uuid, created_at, updated_at)"
        " SELECT po_id, strftime('%%Y-%%m-%%dT10:00:00Z', 'now', '-40 days', '+%d days'), 'Tester', 'hr-%u',"
        " '2026-01-01', '2026-01-01' FROM po_lines WHERE uuid = 'hl-%u';"
        "INSERT INTO receipt_lines (receipt_id, po_line_id, product_id, quantity, uuid, created_at, updated_at)"
        " SELECT last_insert_rowid(), id, product_id, 5, 'hrl-%u', '2026-01-01', '2026-01-01'"
        " FROM po_lines WHERE uuid = 'hl-%u';",
        i, i, i, late[i], i, i, i, i);

      exec_sql (store, sql);
    }
  g_clear_object (&store);
  earliest = local_day (43);
  latest = local_day (48);
  expected = g_strdup_printf ("From this supplier’s history likely %s – %s", earliest, latest);

  /* SO-1: PO-1's date and a handling day */
  select_line (fixture, 0);
  g_assert_cmpstr (subtitle (fixture, "eta_row"), ==, fixture->eta_po);
  g_assert_cmpstr (subtitle (fixture, "range_row"), ==, expected);
  g_assert_nonnull (strstr (subtitle (fixture, "source_row"), "likely"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-range-late.png");

  /* as test_narrow_dark() narrows the window */
  gtk_selection_model_unselect_all (bd_queue_page_get_selection (fixture->page));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_settle ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 0);
  for (guint i = 0; i < 5; i++)
    bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (detail_child (fixture, "range_row")));
  /* the pane scrolled to the expected date */
  {
    GtkWidget *row = detail_child (fixture, "range_row");
    GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    double x, y;

    g_assert_true (gtk_widget_translate_coordinates (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                     0, 0, &x, &y));
    gtk_adjustment_set_value (adjustment, y - 120);
    bd_test_ui_settle ();
  }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-range-late-narrow-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Narrow and dark: the list keeps its essential columns, the pane its
 * expected date, and a line that must be cancelled its delay notice. */
static void
test_narrow_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 1, TRUE);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-narrow-dark.png");

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 1);
  for (guint i = 0; i < 5; i++)
    bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (bd_queue_page_get_detail (fixture->page)));
  g_assert_true (gtk_widget_get_mapped (detail_child (fixture, "eta_row")));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-narrow-dark-detail.png");

  /* SO-1 must be cancelled and refunded: its pane says so */
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 0);
  for (guint i = 0; i < 5; i++)
    bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (delay_group (fixture))));
  g_assert_cmpint (bd_delay_notice_group_get_state (delay_group (fixture)), ==, BD_NOTICE_MUST_CANCEL);
  bd_test_ui_scroll_to (GTK_WIDGET (delay_group (fixture)));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-delay-notice-narrow-dark.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static BdContactDialog *
find_contact_dialog (void)
{
  return bd_test_ui_find_window (BD_TYPE_CONTACT_DIALOG);
}

static gboolean
writes_done (Fixture *fixture)
{
  return !bd_queue_page_get_writing (fixture->page);
}

/* "Log Call…" and "Log Reply…" write down what came in on the line (and
 * its customer's timeline), and the pane lists it with the messages. */
static void
test_log_contact (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *kinds[] = { "call", "reply" };
  const char *texts[] = { "Called: can wait until March.", "Wrote back: please keep it for me." };
  g_autoptr(GPtrArray) messages = NULL;
  GtkListBox *list = GTK_LIST_BOX (detail_child (fixture, "messages_list"));
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  gint64 line_id;

  select_line (fixture, 2);
  {
    g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 2);

    line_id = bd_backorder_get_id (row);
  }

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      BdContactDialog *dialog;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.log-contact", "s", kinds[i]));
      dialog = find_contact_dialog ();
      g_assert_nonnull (dialog);
      g_assert_cmpstr (bd_contact_dialog_get_kind (dialog), ==, kinds[i]);
      /* nothing written, nothing to log */
      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "log"));
      bd_contact_dialog_set_text (dialog, texts[i]);
      g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "log"));
      if (i == 0)
        bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-eta-log-call.png");
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "log");
      gtk_window_destroy (GTK_WINDOW (dialog));
      bd_test_ui_settle ();
      bd_test_ui_wait_for (fixture, writes_done, "the contact to be logged");
      bd_test_ui_settle ();
    }

  store = bd_store_open (fixture->database, &error);
  g_assert_no_error (error);
  messages = bd_messages_list (store, 0, line_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  for (guint i = 0; i < messages->len; i++)
    {
      BdMessage *message = g_ptr_array_index (messages, i);

      g_assert_cmpstr (message->direction, ==, "in");
      g_assert_cmpstr (message->status, ==, "received");
      g_assert_true (g_str_equal (message->body, texts[0]) || g_str_equal (message->body, texts[1]));
      g_assert_cmpint (message->customer_id, >, 0);
    }
  /* the pane lists them */
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
}

static gboolean
followups_checked (Fixture *fixture)
{
  return !bd_followup_notifier_get_checking (bd_window_get_followup_notifier (fixture->window));
}

/* The window looks at its customers' follow-ups when it opens (and every
 * hour): a notification says how many are due and who; its Write to Them
 * brings up the messages to them; once every one of them heard from the
 * desk, the notification goes. */
static void
test_followup_notification (Fixture       *fixture,
                            gconstpointer  data)
{
  BdFollowupNotifier *notifier = bd_window_get_followup_notifier (fixture->window);
  g_autoptr(GError) error = NULL;
  GtkWindow *compose;

  g_assert_nonnull (notifier);
  bd_test_ui_wait_for (fixture, followups_checked, "the follow-ups to be looked at");
  /* all four waited since January without a word */
  g_assert_cmpuint (bd_followup_notifier_get_n_due (notifier), ==, 4);
  g_assert_cmpstr (bd_followup_notifier_get_title (notifier), ==, "4 customers are due for an update");
  g_assert_true (g_str_has_suffix (bd_followup_notifier_get_body (notifier), " and 1 more"));

  /* its Write to Them (the click itself: /ui-comm/followups/show) */
  g_assert_null (bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG));
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "message-followups",
                                  g_variant_new_string (fixture->database));
  for (guint i = 0; i < 100 && bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG) == NULL; i++)
    bd_test_ui_settle ();
  compose = bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG);
  g_assert_nonnull (compose);
  gtk_window_destroy (compose);
  bd_test_ui_settle ();

  /* every customer heard from the desk today: none due, nothing shown */
  {
    g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);
    g_autofree char *now = NULL;
    g_autofree char *sql = NULL;

    g_assert_no_error (error);
    now = bd_store_now_iso (store);
    sql = g_strdup_printf ("INSERT INTO messages (uuid, created_at, updated_at, direction, channel, status,"
                           " customer_id, body, reference, attempts, sent_at, author)"
                           " SELECT 'm-' || id, '%s', '%s', 'out', 'email', 'sent', id, 'News', 'r-' || id, 1,"
                           " '%s', 'Tester' FROM customers", now, now, now);
    exec_sql (store, sql);
  }
  bd_followup_notifier_check (notifier);
  bd_test_ui_wait_for (fixture, followups_checked, "the follow-ups to be looked at again");
  g_assert_cmpuint (bd_followup_notifier_get_n_due (notifier), ==, 0);
  g_assert_null (bd_followup_notifier_get_title (notifier));
}

static gboolean history_tells (Fixture    *fixture,
                               const char *text);

static gboolean
history_tells_incentive (Fixture *fixture)
{
  return history_tells (fixture, "Complaint handled: Owner: none → Grace, Status: Open → Resolved") &&
         history_tells (fixture, "Incentive: none → $5.00");
}

/* A complaint is handled in the pane: its row's Handle… sets owner,
 * status, resolution and incentive; a resolved one without its
 * resolution, or an incentive that is no amount, cannot be saved. */
static void
test_complaint_handling (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkListBox *notes = GTK_LIST_BOX (detail_child (fixture, "notes_list"));
  g_autoptr(GError) error = NULL;
  BdComplaintEditDialog *dialog;
  GtkWidget *row;
  gint64 line_id;

  select_line (fixture, 2);
  {
    g_autoptr(BdBackorder) line = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 2);
    g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);

    g_assert_no_error (error);
    line_id = bd_backorder_get_id (line);
    g_assert_true (bd_notes_add_complaint (store, line_id, "delay", "Nobody told me it would take this long",
                                           NULL, &error));
    g_assert_no_error (error);
  }
  bd_line_detail_refresh (BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page)));
  bd_test_ui_settle ();

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (notes, 0));
  g_assert_true (BD_IS_NOTE_ROW (row));
  g_assert_true (gtk_widget_activate_action (row, "note.handle-complaint", NULL));
  dialog = BD_COMPLAINT_EDIT_DIALOG (bd_test_ui_find_window (BD_TYPE_COMPLAINT_EDIT_DIALOG));
  g_assert_nonnull (dialog);

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                      BD_TYPE_COMPLAINT_EDIT_DIALOG, "owner_entry")),
                         "Grace");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                            BD_TYPE_COMPLAINT_EDIT_DIALOG,
                                                                            "status_dropdown")), 2);
  /* resolved, but how? */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                    BD_TYPE_COMPLAINT_EDIT_DIALOG,
                                                                                    "problem_label"))));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (
                              GTK_WIDGET (dialog), BD_TYPE_COMPLAINT_EDIT_DIALOG, "resolution_view"))),
                            "Apologised and took 5.00 off", -1);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                      BD_TYPE_COMPLAINT_EDIT_DIALOG, "incentive_entry")),
                         "five");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                      BD_TYPE_COMPLAINT_EDIT_DIALOG, "incentive_entry")),
                         "5.00");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-eta-complaint-edit.png");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_settle ();
  bd_test_ui_wait_for (fixture, writes_done, "the complaint to be written");
  bd_test_ui_settle ();

  {
    g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);
    g_autoptr(GPtrArray) list = bd_notes_list (store, line_id, &error);
    BdNote *complaint;

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    complaint = g_ptr_array_index (list, 0);
    g_assert_cmpstr (complaint->owner, ==, "Grace");
    g_assert_cmpstr (complaint->status, ==, "resolved");
    g_assert_cmpstr (complaint->resolution, ==, "Apologised and took 5.00 off");
    g_assert_cmpint (complaint->incentive, ==, 500);
  }
  /* the history tells the handling as a complaint's, the incentive as
   * an amount of money */
  bd_test_ui_wait_for (fixture, history_tells_incentive, "the history to tell the incentive");
  {
    GtkListBox *history = GTK_LIST_BOX (detail_child (fixture, "history_list"));
    GtkListBoxRow *told;

    for (int i = 0; (told = gtk_list_box_get_row_at_index (history, i)) != NULL; i++)
      if (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (told)), "Incentive: none") != NULL)
        break;
    bd_test_ui_scroll_to (GTK_WIDGET (told));
    bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-complaint-incentive-history.png");
  }
  /* the row says so */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (notes, 0));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (row, BD_TYPE_NOTE_ROW,
                                                                                  "status_label"))), ==, "Resolved");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (gtk_widget_get_template_child (row, BD_TYPE_NOTE_ROW,
                                                                                                    "status_label"))),
                            "Owner: Grace"));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How far the right edge of the first cell called @name is from the
 * right edge of the list's visible width (negative: past it). */
static double
room_after_cell (Fixture    *fixture,
                 const char *name)
{
  GtkWidget *view = GTK_WIDGET (bd_queue_page_get_column_view (fixture->page));
  GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *cell = find_named (view, name);
  graphene_rect_t bounds;

  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_compute_bounds (cell, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  return gtk_widget_get_width (scrolled) - (bounds.origin.x + bounds.size.width);
}

/* At the window's first size (the settings' default), with a line's pane
 * open, the usual columns up to Status fit in the list's width: no
 * scrolling sideways to see where a line stands. */
static void
test_columns_fit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  select_line (fixture, 1);
  for (guint i = 0; i < 5; i++)
    bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (detail));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-default-size-pane.png");

  g_test_message ("room after Status: %.0f px", room_after_cell (fixture, "status"));
  g_assert_cmpfloat (room_after_cell (fixture, "status"), >=, 0);
  /* the first column still leads */
  g_assert_cmpfloat (room_after_cell (fixture, "order"), >, room_after_cell (fixture, "status"));

  /* the same in the dark style, for a person to look at */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-default-size-pane-dark.png");
  g_assert_cmpfloat (room_after_cell (fixture, "status"), >=, 0);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The delay notice in the line's pane */

static BdDelayNoticeGroup *
delay_group (Fixture *fixture)
{
  return BD_DELAY_NOTICE_GROUP (detail_child (fixture, "delay_group"));
}

static gboolean
delay_button_shown (Fixture    *fixture,
                    const char *name)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (delay_group (fixture)),
                                                                 BD_TYPE_DELAY_NOTICE_GROUP, name));

  /* the flow box's slot goes with it */
  return gtk_widget_get_visible (button) && gtk_widget_get_visible (gtk_widget_get_parent (button));
}

static guint
position_of (Fixture    *fixture,
             const char *order_ref)
{
  GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (model, i);

      if (g_str_equal (bd_backorder_get_order_ref (row), order_ref))
        return i;
    }
  g_assert_not_reached ();
}

static gint64
line_id_of (Fixture    *fixture,
            const char *order_ref)
{
  g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)),
                                                      position_of (fixture, order_ref));

  return bd_backorder_get_id (row);
}

static char *
line_state (Fixture    *fixture,
            const char *order_ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT l.status || '|' || coalesce(l.cancel_reason, '') || '|' || l.refunded"
                                          " || '|' || coalesce((SELECT answer FROM delay_notices n WHERE"
                                          " n.line_id = l.id ORDER BY n.id DESC LIMIT 1), '')"
                                          " FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                          " WHERE o.ref = '%s'", order_ref);

  g_assert_no_error (error);
  return bd_test_text (store, sql);
}

static gboolean
take_alternative_shown (Fixture *fixture)
{
  GtkWidget *dialog = bd_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (dialog), "bd-take-alternative") == 0;
}

static gboolean
delay_compose_ready (Fixture *fixture)
{
  BdComposeDialog *dialog = bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG);

  return dialog != NULL && g_strcmp0 (bd_compose_dialog_get_state (dialog), "ready") == 0;
}

/* The pane says what the delay-notice rule asks of the line and records
 * the customer's answer: SO-1, two notices unanswered past their
 * deadline, must be cancelled and refunded until the customer agrees to
 * wait; SO-2 needs a notice, written from its template; SO-4 cancels
 * (cancelled and refunded); SO-3 takes the alternative in stock
 * (cancelled, "replaced by MUG-OAK"). */
static void
test_delay_notice_answers (Fixture       *fixture,
                           gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *so1 = NULL;
  g_autofree char *so3 = NULL;
  g_autofree char *so4 = NULL;
  GtkWidget *dialog;

  /* SO-1: must cancel and refund, say so, and offer the answers */
  select_line (fixture, position_of (fixture, "SO-1"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (delay_group (fixture))));
  g_assert_cmpint (bd_delay_notice_group_get_state (delay_group (fixture)), ==, BD_NOTICE_MUST_CANCEL);
  g_assert_false (delay_button_shown (fixture, "send_button"));
  g_assert_true (delay_button_shown (fixture, "wait_button"));
  g_assert_true (delay_button_shown (fixture, "alternative_button"));
  g_assert_true (delay_button_shown (fixture, "cancel_button"));
  bd_test_ui_scroll_to (GTK_WIDGET (delay_group (fixture)));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-delay-notice-must-cancel.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.answer-delay-notice", "s", "wait"));
  bd_test_ui_wait_for (fixture, writes_done, "the answer to be recorded");
  bd_test_ui_settle ();
  so1 = line_state (fixture, "SO-1");
  g_assert_cmpstr (so1, ==, "on_order||0|wait");
  g_assert_cmpint (bd_delay_notice_group_get_state (delay_group (fixture)), ==, BD_NOTICE_CONSENTED);
  g_assert_false (delay_button_shown (fixture, "wait_button"));
  /* and the queue's filter no longer lists it */
  {
    g_autoptr(GArray) must = bd_delay_notices_must_cancel_ids (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (must->len, ==, 0);
  }

  /* SO-2: no notice yet; Send Notice… writes it from its template */
  select_line (fixture, position_of (fixture, "SO-2"));
  g_assert_cmpint (bd_delay_notice_group_get_state (delay_group (fixture)), ==, BD_NOTICE_NEEDED);
  g_assert_true (delay_button_shown (fixture, "send_button"));
  g_assert_false (delay_button_shown (fixture, "wait_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.send-delay-notice", NULL));
  bd_test_ui_wait_for (fixture, delay_compose_ready, "the delay notice to be written");
  {
    BdComposeDialog *compose = bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG);
    g_autoptr(BdComposeItem) item = NULL;

    g_assert_cmpstr (bd_compose_dialog_get_kind (compose), ==, "delay_notice");
    g_assert_cmpuint (g_list_model_get_n_items (bd_compose_dialog_get_items (compose)), ==, 1);
    item = g_list_model_get_item (bd_compose_dialog_get_items (compose), 0);
    g_assert_cmpint (bd_compose_item_get_line_id (item), ==, line_id_of (fixture, "SO-2"));
    gtk_window_destroy (GTK_WINDOW (compose));
    bd_test_ui_settle ();
  }

  /* notices went to SO-3 and SO-4; an alternative in stock for the mug */
  g_assert_true (bd_delay_notices_record (store, line_id_of (fixture, "SO-3"), 0, "2026-02-03", fixture->eta_lead,
                                          "2099-01-01", &error));
  g_assert_true (bd_delay_notices_record (store, line_id_of (fixture, "SO-4"), 0, "2026-02-04", fixture->eta_lead,
                                          "2099-01-01", &error));
  g_assert_no_error (error);
  exec_sql (store, "INSERT INTO products (sku, name, on_hand, uuid, created_at, updated_at)"
                   " VALUES ('MUG-OAK', 'Oak Mug', 3, 'p-oak', '2026-01-01', '2026-01-01')");
  g_assert_true (bd_products_add_alternative (store, "MUG", "MUG-OAK", &error));
  g_assert_no_error (error);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to read the change");

  /* SO-4 cancels: cancelled and refunded in full */
  select_line (fixture, position_of (fixture, "SO-4"));
  g_assert_cmpint (bd_delay_notice_group_get_state (delay_group (fixture)), ==, BD_NOTICE_AWAITING);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-delay-notice-awaiting.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.answer-delay-notice", "s", "cancel"));
  bd_test_ui_wait_for (fixture, writes_done, "the answer to be recorded");
  so4 = line_state (fixture, "SO-4");
  g_assert_cmpstr (so4, ==, "cancelled|cancelled by the customer after a delay notice|1|cancel");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to read the change");

  /* SO-3 takes the mug in stock */
  select_line (fixture, position_of (fixture, "SO-3"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.take-alternative", NULL));
  bd_test_ui_wait_for (fixture, take_alternative_shown, "the alternatives to be offered");
  dialog = bd_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  {
    GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
    g_autoptr(GtkStringObject) first = g_list_model_get_item (gtk_drop_down_get_model (choice), 0);

    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (choice)), ==, 1);
    g_assert_cmpstr (gtk_string_object_get_string (first), ==, "MUG-OAK · Oak Mug · 3 in stock");
  }
  /* drawn once shown: a picture taken before the dialog was mapped left a
   * leak in Mesa's software driver under the sanitizers */
  bd_test_ui_settle ();
  bd_test_ui_save_png (dialog, "ui-eta-delay-notice-alternative.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "take");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, writes_done, "the answer to be recorded");
  so3 = line_state (fixture, "SO-3");
  g_assert_cmpstr (so3, ==, "cancelled|replaced by MUG-OAK|0|alternative");
}

/* Give Incentive…: a discount in the order's currency, checked before
 * it can be given, or free shipping; each recorded on the line and its
 * customer, and told in the line's history. */
static gboolean
history_tells (Fixture    *fixture,
               const char *text)
{
  GtkListBox *list = GTK_LIST_BOX (detail_child (fixture, "history_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (ADW_IS_PREFERENCES_ROW (row) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_give_incentive (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *kinds[] = { "discount", "free_shipping" };
  g_autoptr(GError) error = NULL;
  g_autofree char *given = NULL;
  g_autofree char *sql = NULL;

  select_line (fixture, position_of (fixture, "SO-2"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      BdIncentiveDialog *dialog;
      GtkWidget *amount;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.give-incentive", NULL));
      dialog = bd_test_ui_find_window (BD_TYPE_INCENTIVE_DIALOG);
      g_assert_nonnull (dialog);
      amount = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), BD_TYPE_INCENTIVE_DIALOG, "amount_entry"));

      /* nothing typed, no amount: nothing to give */
      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "give"));
      if (i == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (amount), "five");
          g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "give"));
          gtk_editable_set_text (GTK_EDITABLE (amount), "0");
          g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "give"));
          gtk_editable_set_text (GTK_EDITABLE (amount), "5.00");
          gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                              BD_TYPE_INCENTIVE_DIALOG, "note_entry")),
                                 "for the long wait");
          bd_test_ui_settle ();
          bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-eta-give-incentive.png");
          adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
          bd_test_ui_settle ();
          bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-eta-give-incentive-dark.png");
          adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
          bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-give-incentive-pane.png");
        }
      else
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                       BD_TYPE_INCENTIVE_DIALOG,
                                                                                       "shipping_check")), TRUE);
          g_assert_false (gtk_widget_get_sensitive (amount));
        }
      g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "give"));
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "give");
      gtk_window_destroy (GTK_WINDOW (dialog));
      bd_test_ui_wait_for (fixture, writes_done, "the incentive to be recorded");
      bd_test_ui_settle ();
    }

  {
    g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);

    g_assert_no_error (error);
    sql = g_strdup_printf ("SELECT group_concat(kind || ':' || amount || ':' || currency || ':' || ifnull(note, '-'), ' ')"
                           " FROM (SELECT * FROM incentives WHERE line_id = %" G_GINT64_FORMAT " ORDER BY id)",
                           line_id_of (fixture, "SO-2"));
    given = bd_test_text (store, sql);
  }
  g_assert_cmpstr (given, ==, "discount:500:USD:for the long wait free_shipping:0:USD:-");
  g_assert_true (history_tells (fixture, "Incentive given: a discount of"));
  g_assert_true (history_tells (fixture, "Incentive given: free shipping"));
}

/* Take Alternative… in the pane of a line no delay notice went to: the
 * products the mug names, in stock first; the line cancelled, replaced. */
static void
test_take_alternative (Fixture       *fixture,
                       gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *so2 = NULL;
  GtkWidget *dialog;

  exec_sql (store, "INSERT INTO products (sku, name, on_hand, uuid, created_at, updated_at) VALUES"
                   " ('MUG-OAK', 'Oak Mug', 0, 'p-oak', '2026-01-01', '2026-01-01'),"
                   " ('MUG-ASH', 'Ash Mug', 4, 'p-ash', '2026-01-01', '2026-01-01')");
  g_assert_true (bd_products_add_alternative (store, "MUG", "MUG-OAK", &error));
  g_assert_true (bd_products_add_alternative (store, "MUG", "MUG-ASH", &error));
  g_assert_no_error (error);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to read the change");

  select_line (fixture, position_of (fixture, "SO-2"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (detail_child (fixture, "alternative_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.take-alternative", NULL));
  bd_test_ui_wait_for (fixture, take_alternative_shown, "the alternatives to be offered");
  dialog = bd_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  {
    GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
    GListModel *model = gtk_drop_down_get_model (choice);
    g_autoptr(GtkStringObject) first = g_list_model_get_item (model, 0);
    g_autoptr(GtkStringObject) second = g_list_model_get_item (model, 1);

    /* in stock first */
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    g_assert_cmpstr (gtk_string_object_get_string (first), ==, "MUG-ASH · Ash Mug · 4 in stock");
    g_assert_cmpstr (gtk_string_object_get_string (second), ==, "MUG-OAK · Oak Mug · 0 in stock");
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "take");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, writes_done, "the choice to be recorded");
  so2 = line_state (fixture, "SO-2");
  g_assert_cmpstr (so2, ==, "cancelled|replaced by MUG-ASH|0|");
}

/* The order references of the lines `delay-notices due` says need a
 * notice, oldest first: "SO-2 SO-3". */
static char *
due_refs (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = bd_delay_notices_list (bd_window_get_store (fixture->window), FALSE, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    {
      BdDelayCase *item = g_ptr_array_index (cases, i);

      if (item->state == BD_NOTICE_NEEDED)
        g_string_append_printf (text, "%s%.*s", text->len > 0 ? " " : "",
                                (int)strcspn (item->ref, "/"), item->ref);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Needs a delay notice lists the lines `delay-notices due` says need
 * one, with a chip that takes it off: SO-1 must be cancelled instead, the
 * others were promised nothing and are expected long after their order's
 * day and 30 days; a notice to SO-3 takes it off the list. At the default
 * size, and narrow and dark. */
static void
test_needs_notice_filter (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkCheckButton *needs = GTK_CHECK_BUTTON (filter_bar_child (fixture, "needs_notice_check"));
  GtkWidget *chips = filter_bar_child (fixture, "chip_box");
  GtkMenuButton *filter_button = GTK_MENU_BUTTON (filter_bar_child (fixture, "filter_button"));
  AdwStyleManager *style = adw_style_manager_get_default ();
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  GtkWidget *chip;

  assert_listed (fixture, "SO-1 SO-2 SO-3 SO-4");
  gtk_check_button_set_active (needs, TRUE);
  assert_listed (fixture, "SO-2 SO-3 SO-4");
  due = due_refs (fixture);
  g_assert_cmpstr (due, ==, "SO-2 SO-3 SO-4");
  g_assert_true (bd_queue_page_get_query (fixture->page)->needs_notice);
  g_assert_true (gtk_widget_get_visible (chips));
  chip = gtk_widget_get_first_child (chips);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (chip), "bd-chip"), ==, "needs-notice");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (chip))))),
                   ==, "Needs a delay notice");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (filter_button), "filter-on"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-needs-notice.png");
  gtk_menu_button_popup (filter_button);
  bd_test_ui_settle ();
  save_popover_png (fixture, gtk_menu_button_get_popover (filter_button), "ui-eta-needs-notice-popover.png");
  gtk_menu_button_popdown (filter_button);
  bd_test_ui_settle ();

  /* a notice went to SO-3 with its expected date: it waits for the answer */
  g_assert_true (bd_delay_notices_record (store, line_id_of (fixture, "SO-3"), 0, "2026-02-03", fixture->eta_lead,
                                          "2099-01-01", &error));
  g_assert_no_error (error);
  assert_listed (fixture, "SO-2 SO-4");
  g_clear_pointer (&due, g_free);
  due = due_refs (fixture);
  g_assert_cmpstr (due, ==, "SO-2 SO-4");

  /* as test_narrow_dark() folds the window */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 3; i++)
    bd_test_ui_settle ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-eta-needs-notice-narrow-dark.png");
  gtk_menu_button_popup (filter_button);
  bd_test_ui_settle ();
  save_popover_png (fixture, gtk_menu_button_get_popover (filter_button), "ui-eta-needs-notice-popover-narrow-dark.png");
  gtk_menu_button_popdown (filter_button);
  bd_test_ui_settle ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* the chip takes it off */
  g_signal_emit_by_name (gtk_widget_get_first_child (chips), "clicked");
  assert_listed (fixture, "SO-1 SO-2 SO-3 SO-4");
  g_assert_false (gtk_check_button_get_active (needs));
  g_assert_false (gtk_widget_get_visible (chips));
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestEta");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui-eta/columns", test_columns);
  ADD ("/ui-eta/sort-eta-po", test_sort_eta_po);
  ADD ("/ui-eta/columns-fit", test_columns_fit);
  ADD ("/ui-eta/filters", test_filters);
  ADD ("/ui-eta/needs-notice-filter", test_needs_notice_filter);
  ADD ("/ui-eta/detail", test_detail);
  ADD ("/ui-eta/narrow-dark", test_narrow_dark);
  ADD ("/ui-eta/detail-range-late", test_detail_range_late);
  ADD ("/ui-eta/log-contact", test_log_contact);
  ADD ("/ui-eta/followup-notification", test_followup_notification);
  ADD ("/ui-eta/complaint-handling", test_complaint_handling);
  ADD ("/ui-eta/delay-notice/answers", test_delay_notice_answers);
  ADD ("/ui-eta/give-incentive", test_give_incentive);
  ADD ("/ui-eta/take-alternative", test_take_alternative);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
