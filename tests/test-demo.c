/* test-demo.c: the sample data, whole or not at all
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include "bd-demo.h"
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/whole", test_demo_whole);
  g_test_add_func ("/demo/cancel-leaves-nothing", test_demo_cancel_leaves_nothing);

  return g_test_run ();
}
