/* test-demo.c: the sample data, whole or not at all
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include "bd-demo.h"
#include "bd-eta.h"
#include "bd-test-util.h"

typedef struct
{
  GCancellable *cancellable;
  double cancel_at;
  double last;
} Canceller;

static void
cancel_at_cb (double   fraction,
              gpointer data)
{
  Canceller *canceller = data;

  canceller->last = fraction;
  if (fraction >= canceller->cancel_at)
    g_cancellable_cancel (canceller->cancellable);
}

/* Cancelled at any point (after the suppliers and products were imported,
 * after the orders, in the desk work), the sample data leaves the store as
 * it was; it used to keep whatever imports had finished. */
static void
test_demo_cancel_leaves_nothing (void)
{
  const double points[] = { 0.1, 0.35, 0.9 };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autofree char *dir = NULL;
      g_autoptr(BdStore) store = bd_test_store_new (&dir);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 1, 12, 0, 0);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = bd_test_dump (store);
      g_autofree char *after = NULL;
      BdDemoOptions options = { .n_orders = 400, .seed = 3, .now = now };
      Canceller canceller = { cancellable, points[i], 0 };

      g_assert_false (bd_demo_generate (store, &options, cancel_at_cb, &canceller, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpfloat (canceller.last, >=, points[i]);
      g_assert_cmpfloat (canceller.last, <, 1.0);

      after = bd_test_dump (store);
      g_assert_cmpstr (after, ==, before);
      g_assert_true (sqlite3_get_autocommit (bd_store_get_db (store)));

      g_clear_object (&store);
      bd_test_rm_rf (dir);
    }
}

static void
test_demo_whole (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { .n_orders = 400, .seed = 3, .now = now };
  guint changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (bd_test_count_changed_cb), &changed);
  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders"), ==, 400);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM suppliers"), >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM notes"), >, 0);
  /* one notice for the whole, after it is committed */
  g_assert_cmpint (changed, ==, 1);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* The sample data has purchasing to show: POs received on time, early
 * and late over the past months (some in two deliveries, what they
 * brought gone to stock), a draft, POs sent and not confirmed (one for
 * long enough to chase), confirmed and due, confirmed and late, one
 * partly received today, handed to the oldest orders; and demand no PO
 * covers yet. */
static void
test_demo_purchasing (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 1, 12, 0, 0);
  g_autoptr(GHashTable) histories = NULL;
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { .n_orders = 400, .seed = 3, .now = now };
  BdSupplierHistory all = { 0, };
  GHashTableIter iter;
  gpointer value;
  guint n_with_range = 0;

  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'received'"), >=, 16);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'draft'"), ==, 1);
  /* sent six days ago and not confirmed: to chase; sent yesterday */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'sent'"
                                         " AND sent_at < '2026-04-28'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'sent'"
                                         " AND sent_at >= '2026-04-28'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'confirmed'"
                                         " AND expected_at < '2026-05-01'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'confirmed'"
                                         " AND expected_at > '2026-05-01'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE status = 'partially_received'"),
                   ==, 1);

  /* deliveries of the past: some in two parts, all to stock */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM po_lines pl WHERE (SELECT count(*) FROM receipt_lines rl"
                                         " WHERE rl.po_line_id = pl.id) = 2"), >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM receipts r WHERE r.received_at < '2026-04-01'"
                                         " AND EXISTS (SELECT 1 FROM allocations a JOIN receipt_lines rl"
                                         "  ON rl.id = a.receipt_line_id WHERE rl.receipt_id = r.id)"), ==, 0);

  /* early and late: a range for every supplier, most from their own
   * deliveries */
  histories = bd_eta_supplier_histories (store, "2026-05-01", &all, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all.p10, <, 0);
  g_assert_cmpint (all.p90, >, 0);
  g_hash_table_iter_init (&iter, histories);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((BdSupplierHistory *)value)->n_lines >= BD_ETA_MIN_HISTORY)
      n_with_range++;
  g_assert_cmpuint (n_with_range, >=, 4);

  /* today's delivery went to the oldest orders: lines allocated, one of
   * them in part; the other lines of five suppliers are on order, the
   * rest not covered */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'allocated'"), >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE allocated_quantity > 0"
                                         " AND allocated_quantity < backordered_quantity"
                                         " AND status IN ('waiting', 'on_order')"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'on_order'"), >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'waiting'"
                                         " AND covered_quantity = 0"), >, 0);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/whole", test_demo_whole);
  g_test_add_func ("/demo/cancel-leaves-nothing", test_demo_cancel_leaves_nothing);
  g_test_add_func ("/demo/purchasing", test_demo_purchasing);

  return g_test_run ();
}
