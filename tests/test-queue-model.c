/* test-queue-model.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-queue-model"

#include "config.h"

#include <string.h>

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-backorder-source.h"
#include "bd-demo.h"
#include "bd-eta.h"
#include "bd-import.h"
#include "bd-notes.h"
#include "bd-backorder-query-private.h"
#include "bd-queue-model.h"
#include "bd-test-util.h"
#include "bd-util.h"

static const char suppliers_csv[] =
  "supplier_ref,name\nS-1,Nordic\nS-2,Forge\n";

static const char products_csv[] =
  "sku,name,supplier_ref\n"
  "MUG-RED,Enamel Mug Red,S-1\n"
  "PAN-12,Cast Iron Skillet,S-2\n"
  "LAMP,Table Lamp,S-1\n";

/* ordered_at decides the queue order; promised_at in the past is overdue */
static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,quantity,backordered_quantity,promised_at,shipped_at,cancelled_at\n"
  "SO-1,2026-01-05,C-1,Ada Lovelace,ada@example.com,MUG-RED,2,2,2026-01-20,,\n"
  "SO-2,2026-01-01,C-2,Grace Hopper,grace@example.com,PAN-12,1,1,2099-01-01,,\n"
  "SO-3,2026-01-03,C-3,Jean Bartik,jean@example.com,LAMP,3,1,,,\n"
  "SO-4,2026-01-02,C-1,Ada Lovelace,ada@example.com,LAMP,1,1,,2026-01-10,\n"
  "SO-5,2026-01-04,C-4,Émile Zola,emile@example.com,MUG-RED,1,1,,,2026-01-06\n"
  "SO-6,2026-01-06,C-2,Grace Hopper,grace@example.com,MUG-RED,5,0,,,\n";

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  char *dir;
  BdStore *store;
  BdQueueModel *model;
  GArray *changes;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the model did not finish its query in time");
  return G_SOURCE_REMOVE;
}

static void
wait_loaded (BdQueueModel *model)
{
  guint timeout = g_timeout_add_seconds (60, timeout_cb, NULL);

  while (bd_queue_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = bd_test_store_new (&fixture->dir);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_SUPPLIERS, suppliers_csv, NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS, products_csv, NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));
  g_assert_no_error (error);

  fixture->model = bd_queue_model_new (fixture->store);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  bd_queue_model_refresh (fixture->model);
  wait_loaded (fixture->model);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->model);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->changes, g_array_unref);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* The model's rows as "ORDER/SKU ORDER/SKU ...". */
static char *
refs (BdQueueModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_string_append_printf (out, "%s%s", i ? " " : "", bd_backorder_get_ref (row));
    }

  return g_string_free (out, FALSE);
}

static char *
refs_for (Fixture       *fixture,
          const BdBackorderQuery *query)
{
  bd_queue_model_set_query (fixture->model, query);
  wait_loaded (fixture->model);
  return refs (fixture->model);
}

static void
test_model_default (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *got = refs (fixture->model);
  g_autoptr(BdBackorder) first = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->model)) == BD_TYPE_BACKORDER);
  /* open lines, oldest first */
  g_assert_cmpstr (got, ==, "SO-2/PAN-12 SO-3/LAMP SO-1/MUG-RED");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->model), 3));

  g_assert_cmpstr (bd_backorder_get_customer_name (first), ==, "Grace Hopper");
  g_assert_cmpint (bd_backorder_get_short (first), ==, 1);
  g_assert_cmpstr (bd_backorder_get_status (first), ==, "waiting");
  g_assert_false (bd_backorder_get_overdue (first));

  {
    g_autoptr(BdBackorder) last = g_list_model_get_item (G_LIST_MODEL (fixture->model), 2);
    g_assert_true (bd_backorder_get_overdue (last));
  }
}

static void
test_model_sort (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  const struct { BdSortKey key; gboolean descending; const char *expected; } cases[] = {
    { BD_SORT_ORDER_REF, FALSE, "SO-1/MUG-RED SO-2/PAN-12 SO-3/LAMP SO-4/LAMP SO-5/MUG-RED" },
    { BD_SORT_ORDER_REF, TRUE, "SO-5/MUG-RED SO-4/LAMP SO-3/LAMP SO-2/PAN-12 SO-1/MUG-RED" },
    { BD_SORT_CUSTOMER, FALSE, "SO-1/MUG-RED SO-4/LAMP SO-5/MUG-RED SO-2/PAN-12 SO-3/LAMP" },
    { BD_SORT_PRODUCT, FALSE, "SO-2/PAN-12 SO-1/MUG-RED SO-5/MUG-RED SO-3/LAMP SO-4/LAMP" },
    { BD_SORT_SHORT, TRUE, "SO-1/MUG-RED SO-5/MUG-RED SO-4/LAMP SO-3/LAMP SO-2/PAN-12" },
    { BD_SORT_AGE, FALSE, "SO-1/MUG-RED SO-5/MUG-RED SO-3/LAMP SO-4/LAMP SO-2/PAN-12" },
    { BD_SORT_AGE, TRUE, "SO-2/PAN-12 SO-4/LAMP SO-3/LAMP SO-5/MUG-RED SO-1/MUG-RED" },
    { BD_SORT_PROMISED, FALSE, "SO-1/MUG-RED SO-2/PAN-12 SO-3/LAMP SO-4/LAMP SO-5/MUG-RED" },
    { BD_SORT_STATUS, FALSE, "SO-5/MUG-RED SO-4/LAMP SO-1/MUG-RED SO-2/PAN-12 SO-3/LAMP" },
    /* Forge, then Nordic's two products together */
    { BD_SORT_SUPPLIER, FALSE, "SO-2/PAN-12 SO-1/MUG-RED SO-3/LAMP SO-4/LAMP SO-5/MUG-RED" },
    { BD_SORT_SUPPLIER, TRUE, "SO-5/MUG-RED SO-4/LAMP SO-3/LAMP SO-1/MUG-RED SO-2/PAN-12" },
  };

  query->status = BD_STATUS_FILTER_ALL;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = NULL;

      query->sort = cases[i].key;
      query->descending = cases[i].descending;
      got = refs_for (fixture, query);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  /* a customer's new name moves their lines: the ranks the sort keeps
   * are made again after a change */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *renamed = NULL;

    query->sort = BD_SORT_CUSTOMER;
    query->descending = FALSE;
    g_free (refs_for (fixture, query));
    g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                        "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
                                        "SO-9,2026-01-09,C-1,Zoe Zeller,LAMP,1,0\n", NULL, &error));
    g_assert_no_error (error);
    wait_loaded (fixture->model);
    renamed = refs (fixture->model);
    g_assert_cmpstr (renamed, ==, "SO-5/MUG-RED SO-2/PAN-12 SO-3/LAMP SO-1/MUG-RED SO-4/LAMP");
  }
}

static void
test_model_filter (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autofree char *shipped = NULL;
  g_autofree char *cancelled = NULL;
  g_autofree char *all = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *supplier = NULL;

  query->status = BD_STATUS_FILTER_SHIPPED;
  shipped = refs_for (fixture, query);
  g_assert_cmpstr (shipped, ==, "SO-4/LAMP");

  query->status = BD_STATUS_FILTER_CANCELLED;
  cancelled = refs_for (fixture, query);
  g_assert_cmpstr (cancelled, ==, "SO-5/MUG-RED");

  /* all backorder lines, not the line that was never short */
  query->status = BD_STATUS_FILTER_ALL;
  all = refs_for (fixture, query);
  g_assert_cmpstr (all, ==, "SO-2/PAN-12 SO-4/LAMP SO-3/LAMP SO-5/MUG-RED SO-1/MUG-RED");

  query->status = BD_STATUS_FILTER_ALL;
  query->overdue = TRUE;
  overdue = refs_for (fixture, query);
  g_assert_cmpstr (overdue, ==, "SO-1/MUG-RED");

  query->overdue = FALSE;
  query->product_sku = g_strdup ("LAMP");
  sku = refs_for (fixture, query);
  g_assert_cmpstr (sku, ==, "SO-4/LAMP SO-3/LAMP");

  g_clear_pointer (&query->product_sku, g_free);
  query->supplier_ref = g_strdup ("S-2");
  supplier = refs_for (fixture, query);
  g_assert_cmpstr (supplier, ==, "SO-2/PAN-12");
}

static void
test_model_search (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  const struct { const char *search; const char *expected; } cases[] = {
    { "grace", "SO-2/PAN-12" },                        /* customer name */
    { "Lovel", "SO-4/LAMP SO-1/MUG-RED" },             /* prefix of a name */
    { "ada@exam", "SO-4/LAMP SO-1/MUG-RED" },          /* email */
    { "emile", "SO-5/MUG-RED" },                       /* without the accent */
    { "MUG-RED", "SO-5/MUG-RED SO-1/MUG-RED" },        /* SKU */
    { "skillet", "SO-2/PAN-12" },                      /* product name */
    { "SO-3", "SO-3/LAMP" },                           /* order reference */
    { "ada lamp", "SO-4/LAMP" },                       /* every word must match */
    { "chased", "SO-3/LAMP" },                         /* a note */
    { "scratched", "SO-2/PAN-12" },                    /* a complaint */
    { "zz", "SO-2/PAN-12 SO-4/LAMP SO-3/LAMP SO-5/MUG-RED SO-1/MUG-RED" }, /* too short: no search */
    { "nobody", "" },
    { "\"quoted", "" },
  };
  gint64 id;

  g_assert_true (bd_actions_find_line (fixture->store, "SO-3/LAMP", &id, NULL));
  g_assert_true (bd_notes_add (fixture->store, id, "Supplier chased twice", NULL, NULL));
  g_assert_true (bd_actions_find_line (fixture->store, "SO-2/PAN-12", &id, NULL));
  g_assert_true (bd_notes_add_complaint (fixture->store, id, "product", "The pan came scratched", NULL, NULL));

  query->status = BD_STATUS_FILTER_ALL;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = NULL;

      g_free (query->search);
      query->search = g_strdup (cases[i].search);
      got = refs_for (fixture, query);
      g_assert_cmpstr (got, ==, cases[i].expected);
      g_assert_null (bd_queue_model_get_error (fixture->model));
    }
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* After a write the model emits the smallest change, and rows on screen
 * keep their identity while following the store. */
static void
test_model_items_changed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BdBackorder) kept = g_list_model_get_item (G_LIST_MODEL (fixture->model), 2);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  Change *change;
  gint64 id;
  guint notified = 0;
  gulong handler;

  g_array_set_size (fixture->changes, 0);

  /* cancelling the middle line of "Open" removes exactly it */
  g_assert_true (bd_actions_find_line (fixture->store, "SO-3/LAMP", &id, NULL));
  g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "cancelled", "test", FALSE, NULL, NULL));
  g_assert_true (bd_queue_model_get_loading (fixture->model));
  wait_loaded (fixture->model);

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 1);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);

  /* the row after it is the same object, now at position 1 */
  {
    g_autoptr(BdBackorder) again = g_list_model_get_item (G_LIST_MODEL (fixture->model), 1);
    g_assert_true (again == kept);
  }

  /* a change that keeps the line where it is: no items-changed, but the
   * row object notifies the new value */
  g_array_set_size (fixture->changes, 0);
  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG-RED", &id, NULL));
  g_assert_cmpint (bd_backorder_get_id (kept), ==, id);
  query->status = BD_STATUS_FILTER_OPEN;
  query->sort = BD_SORT_ORDER_REF;
  bd_queue_model_set_query (fixture->model, query);
  wait_loaded (fixture->model);
  g_array_set_size (fixture->changes, 0);

  handler = g_signal_connect (kept, "notify::priority", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (bd_actions_set_priority (fixture->store, &id, 1, 2, NULL, NULL));
  wait_loaded (fixture->model);
  /* the row may outlive this frame in the model's cache */
  g_signal_handler_disconnect (kept, handler);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpint (bd_backorder_get_priority (kept), ==, 2);
  g_assert_cmpuint (notified, ==, 1);

  /* a line coming back is an insertion at its place */
  g_assert_true (bd_actions_find_line (fixture->store, "SO-3/LAMP", &id, NULL));
  g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "waiting", NULL, FALSE, NULL, NULL));
  wait_loaded (fixture->model);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);
}

/* The ids the model lists for @search, in queue order, against the same
 * question in plain SQL: every word matches the line's customer, product,
 * order or one of its notes. @path is a piece of the SQL the query must
 * run, to be sure each way of answering a search is tested. */
static void
check_search (BdStore        *store,
              BdQueueModel   *model,
              BdBackorderQuery        *query,
              const char     *search,
              const char     *path)
{
  g_auto(GStrv) words = g_strsplit (search, " ", -1);
  g_autoptr(GString) sql = g_string_new ("SELECT coalesce(group_concat(id), '') FROM (SELECT l.id FROM order_lines l"
                                         " WHERE l.backordered_quantity > 0 AND l.deleted = 0");
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *query_sql = NULL;

  if (query->status == BD_STATUS_FILTER_OPEN)
    g_string_append (sql, " AND l.status IN ('waiting', 'on_order', 'allocated')");
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *fts = bd_backorder_query_fts_term (words[i]);
      g_autofree char *quoted = g_strdup_printf ("'%s'", fts);

      g_string_append_printf (sql, " AND (l.customer_id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH %s)"
                                   " OR l.product_id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH %s)"
                                   " OR l.order_id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH %s)"
                                   " OR l.id IN (SELECT line_id FROM notes WHERE deleted = 0 AND id IN"
                                   " (SELECT rowid FROM notes_fts WHERE notes_fts MATCH %s))"
                                   " OR l.id IN (SELECT line_id FROM complaints WHERE deleted = 0 AND id IN"
                                   " (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH %s)))",
                              quoted, quoted, quoted, quoted, quoted);
    }
  g_string_append (sql, " ORDER BY l.priority DESC, l.ordered_at ASC, l.id ASC)");
  expected = bd_test_text (store, sql->str);

  g_free (query->search);
  query->search = g_strdup (search);
  query->sort = BD_SORT_QUEUE;
  query->descending = FALSE;
  bd_queue_model_set_query (model, query);
  wait_loaded (model);
  for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (model)); p++)
    g_string_append_printf (got, "%s%" G_GINT64_FORMAT, p ? "," : "", bd_queue_model_get_id (model, p));

  g_test_message ("search “%s”, status %u: %u lines", search, query->status,
                  g_list_model_get_n_items (G_LIST_MODEL (model)));
  g_assert_nonnull (expected);
  g_assert_cmpstr (got->str, ==, expected);

  query_sql = bd_backorder_query_to_sql (store, query);
  if (strstr (query_sql, path) == NULL)
    g_error ("search “%s” should run “%s”: %s", search, path, query_sql);
}

static void
test_model_large (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(BdQueueModel) model = bd_queue_model_new (store);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { 50000, 5, now };
  gint64 lines, backorders;
  guint n;

  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lines = bd_test_count (store, "SELECT count(*) FROM order_lines");
  backorders = bd_test_count (store, "SELECT count(*) FROM order_lines WHERE backordered_quantity > 0");
  g_assert_cmpint (lines, >=, 100000);
  g_test_message ("%" G_GINT64_FORMAT " lines, %" G_GINT64_FORMAT " backorders", lines, backorders);

  query->status = BD_STATUS_FILTER_ALL;
  bd_queue_model_set_query (model, query);
  wait_loaded (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpint (n, ==, backorders);

  /* reading across the whole list builds rows a page at a time, and the
   * rows nobody holds do not pile up */
  for (guint i = 0; i < n; i += 997)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (bd_backorder_get_id (row), ==, bd_queue_model_get_id (model, i));
    }
  g_assert_cmpuint (bd_queue_model_get_n_cached (model), <=, 64 * 8);

  /* sorted in C: the same order as SQL gives (some products with no
   * preferred supplier, for the supplier sort) */
  g_assert_true (bd_store_exec (store, "UPDATE product_suppliers SET preferred = 0 WHERE product_id % 9 = 4", NULL));
  {
    const struct { BdSortKey key; const char *asc; const char *desc; } orders[] = {
      { BD_SORT_QUEUE, "l.priority DESC, l.ordered_at ASC, l.id ASC", "l.priority ASC, l.ordered_at DESC, l.id DESC" },
      { BD_SORT_PRIORITY, "l.priority ASC, l.ordered_at ASC, l.id ASC", "l.priority DESC, l.ordered_at ASC, l.id DESC" },
      { BD_SORT_SHORT, "l.backordered_quantity ASC, l.id ASC", "l.backordered_quantity DESC, l.id DESC" },
      { BD_SORT_AGE, "l.ordered_at DESC, l.id DESC", "l.ordered_at ASC, l.id ASC" },
      { BD_SORT_PROMISED, "l.promised_at IS NULL, l.promised_at ASC, l.id ASC",
                          "l.promised_at IS NULL, l.promised_at DESC, l.id DESC" },
      { BD_SORT_STATUS, "l.status ASC, l.id ASC", "l.status DESC, l.id DESC" },
      /* sorted by rank: the same as sorting by the text */
      { BD_SORT_ORDER_REF, "(SELECT ref FROM orders WHERE id = l.order_id) ASC, l.id ASC",
                           "(SELECT ref FROM orders WHERE id = l.order_id) DESC, l.id DESC" },
      { BD_SORT_CUSTOMER, "(SELECT sort_name FROM customers WHERE id = l.customer_id) ASC, l.id ASC",
                          "(SELECT sort_name FROM customers WHERE id = l.customer_id) DESC, l.id DESC" },
      { BD_SORT_PRODUCT, "(SELECT sort_name FROM products WHERE id = l.product_id) ASC, l.id ASC",
                         "(SELECT sort_name FROM products WHERE id = l.product_id) DESC, l.id DESC" },
      /* the preferred supplier, as the queue shows it; none first */
      { BD_SORT_SUPPLIER, "lower (" BD_BACKORDER_PREFERRED_SUPPLIER ") ASC, l.id ASC",
                          "lower (" BD_BACKORDER_PREFERRED_SUPPLIER ") DESC, l.id DESC" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
      for (int descending = 0; descending < 2; descending++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT group_concat(id) FROM (SELECT l.id FROM order_lines l"
                                                  " WHERE l.backordered_quantity > 0 AND l.deleted = 0 ORDER BY %s)",
                                                  descending ? orders[i].desc : orders[i].asc);
          g_autofree char *expected = bd_test_text (store, sql);
          g_autoptr(GString) got = g_string_new (NULL);

          query->sort = orders[i].key;
          query->descending = descending;
          bd_queue_model_set_query (model, query);
          wait_loaded (model);
          for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (model)); p++)
            g_string_append_printf (got, "%s%" G_GINT64_FORMAT, p ? "," : "", bd_queue_model_get_id (model, p));
          g_assert_cmpstr (got->str, ==, expected);
        }
  }

  /* sorted by customer, the names come in order */
  query->sort = BD_SORT_CUSTOMER;
  query->descending = FALSE;
  bd_queue_model_set_query (model, query);
  wait_loaded (model);
  for (guint i = 1; i < 2000; i++)
    {
      g_autoptr(BdBackorder) a = g_list_model_get_item (G_LIST_MODEL (model), i - 1);
      g_autoptr(BdBackorder) b = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *key_a = bd_sort_key (bd_backorder_get_customer_name (a));
      g_autofree char *key_b = bd_sort_key (bd_backorder_get_customer_name (b));

      g_assert_cmpstr (key_a, <=, key_b);
    }

  /* search agrees with the same question asked in plain SQL */
  query->search = g_strdup ("Hoffmann");
  bd_queue_model_set_query (model, query);
  wait_loaded (model);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                   bd_test_count (store, "SELECT count(*) FROM order_lines l JOIN customers c ON c.id = l.customer_id"
                                         " WHERE l.backordered_quantity > 0 AND c.name LIKE '%Hoffmann%'"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);

  /* each way a search is answered gives what plain SQL gives */
  {
    /* an order with open backorder lines, and ten orders around it */
    g_autofree char *ref = bd_test_text (store, "SELECT o.ref FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                                " WHERE l.status = 'waiting' ORDER BY l.id LIMIT 1");
    g_autofree char *ten = g_strndup (ref, strlen (ref) - 1);
    g_autofree char *ten_hoffmann = g_strconcat (ten, " Hoffmann", NULL);
    const struct { const char *search; const char *path; } searches[] = {
      { "Hoffmann", "INDEXED BY order_lines_customer" },        /* 800 customers */
      { "Uma Weber", "INDEXED BY order_lines_customer" },       /* two names of customers */
      { "Linen", " AND (0 OR l.product_id IN" },                /* products only: every line tested */
      { ref, "l.id IN (SELECT 0" },                             /* one order: its lines by id */
      { ten, "l.id IN (SELECT 0" },
      { "Hoffmann Linen", "INDEXED BY order_lines_customer" },  /* a customer's name drives, a product's tests */
      { ten_hoffmann, "l.id IN (SELECT 0" },                    /* ten orders beat 800 customers */
    };

    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        query->status = BD_STATUS_FILTER_OPEN;
        check_search (store, model, query, searches[i].search, searches[i].path);
        query->status = BD_STATUS_FILTER_ALL;
        check_search (store, model, query, searches[i].search, searches[i].path);
      }
    query->status = BD_STATUS_FILTER_ALL;
  }

  /* a word that matches every order is checked against the lines instead
   * of listing its matches: the same answer either way */
  g_free (query->search);
  query->search = g_strdup ("SO-1");
  bd_queue_model_set_query (model, query);
  wait_loaded (model);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, backorders);

  g_free (query->search);
  query->search = g_strdup ("SO-1 Hoffmann");
  bd_queue_model_set_query (model, query);
  wait_loaded (model);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                   bd_test_count (store, "SELECT count(*) FROM order_lines l JOIN customers c ON c.id = l.customer_id"
                                         " WHERE l.backordered_quantity > 0 AND c.name LIKE '%Hoffmann%'"));

  g_clear_object (&model);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

typedef struct
{
  GArray *first;
  GCancellable *cancel;   /* cancelled on the first rows, if set */
} Capture;

static void
capture_first_cb (const gint64 *ids,
                  guint         n_ids,
                  gpointer      user_data)
{
  Capture *capture = user_data;

  /* at most once a query */
  g_assert_null (capture->first);
  capture->first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (capture->first, ids, n_ids);
  if (capture->cancel != NULL)
    g_cancellable_cancel (capture->cancel);
}

/* A demo store with every status, priority and name ties among customers
 * and products at both ends of their order. */
static BdStore *
first_rows_store (char **dir)
{
  g_autoptr(BdStore) store = bd_test_store_new (dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { 50000, 7, now };

  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_store_exec (store,
                                "UPDATE order_lines SET status = 'on_order' WHERE status = 'waiting' AND id % 7 = 0;"
                                "UPDATE order_lines SET status = 'allocated' WHERE status = 'waiting' AND id % 11 = 0;"
                                "UPDATE order_lines SET status = NULL WHERE backordered_quantity > 0 AND id % 997 = 0;"
                                "UPDATE customers SET sort_name = 'aaa same' WHERE id % 500 = 1;"
                                "UPDATE customers SET sort_name = 'zzz same' WHERE id % 500 = 2;"
                                "UPDATE products SET sort_name = 'aaa same' WHERE id % 100 = 1;"
                                "UPDATE products SET sort_name = 'zzz same' WHERE id % 100 = 2;"
                                "UPDATE product_suppliers SET preferred = 0 WHERE product_id % 9 = 4;",
                                &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/* The first rows a query hands over early are the rows its whole result
 * starts with, for every sort, filter and direction; the sorts with a way
 * to them hand them over before the whole result is read (a cancel on
 * the first rows then stops the query), the others after. */
static void
test_model_first_rows (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = first_rows_store (&dir);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  const BdStatusFilter filters[] = { BD_STATUS_FILTER_OPEN, BD_STATUS_FILTER_ALL, BD_STATUS_FILTER_WAITING,
                                     BD_STATUS_FILTER_ON_ORDER, BD_STATUS_FILTER_ALLOCATED,
                                     BD_STATUS_FILTER_SHIPPED, BD_STATUS_FILTER_CANCELLED };
  guint early = 0, before_whole = 0;

  /* the ways to the first rows on every result, not only on long ones */
  bd_backorder_query_set_early_min (200);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (int overdue = 0; overdue < 2; overdue++)
      for (BdSortKey key = BD_SORT_QUEUE; key <= BD_SORT_LAST; key++)
        for (int descending = 0; descending < 2; descending++)
          {
            Capture capture = { NULL, NULL };
            Capture stopped = { NULL, g_cancellable_new () };
            g_autoptr(GArray) ids = NULL;
            g_autoptr(GArray) cut = NULL;
            g_autoptr(GArray) plain = NULL;
            g_autoptr(GError) error = NULL;

            query->status = filters[f];
            query->overdue = overdue;
            query->sort = key;
            query->descending = descending;

            g_assert_true (bd_store_exec (store, "BEGIN", &error));
            ids = bd_backorder_query_run_ids_first (store, query, 128, capture_first_cb, &capture, NULL, &error);
            g_assert_no_error (error);
            cut = bd_backorder_query_run_ids_first (store, query, 128, capture_first_cb, &stopped, stopped.cancel, &error);
            g_assert_true (bd_store_exec (store, "COMMIT", NULL));
            plain = bd_backorder_query_run_ids (store, query, NULL, NULL);

            g_assert_cmpuint (ids->len, ==, plain->len);
            g_assert_cmpmem (ids->data, ids->len * sizeof (gint64), plain->data, plain->len * sizeof (gint64));

            if (cut == NULL)
              {
                g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
                before_whole++;
                /* searching, sorting by quantity or promise: no other way */
                g_assert_true (key != BD_SORT_SHORT && key != BD_SORT_PROMISED);
              }
            g_clear_object (&stopped.cancel);
            g_clear_pointer (&stopped.first, g_array_unref);

            if (capture.first == NULL)
              {
                g_assert_cmpuint (ids->len, <, 200);
                continue;
              }

            early++;
            g_assert_cmpuint (capture.first->len, ==, MIN (128, ids->len));
            if (memcmp (capture.first->data, ids->data, capture.first->len * sizeof (gint64)) != 0)
              g_error ("status %u%s, sort %s%s: the first rows are not the start of the result",
                       filters[f], overdue ? " overdue" : "", bd_sort_key_to_string (key),
                       descending ? " desc" : "");
            g_array_unref (capture.first);
          }

  g_test_message ("%u queries of %u showed their first rows early, %u before the whole result was read",
                  early, (guint)(G_N_ELEMENTS (filters) * 2 * (BD_SORT_LAST + 1) * 2), before_whole);
  g_assert_cmpuint (before_whole, >, 100);

  /* a search selects few lines: its first rows come from the whole */
  {
    Capture capture = { NULL, g_cancellable_new () };
    g_autoptr(GArray) ids = NULL;

    query->status = BD_STATUS_FILTER_ALL;
    query->overdue = FALSE;
    query->sort = BD_SORT_CUSTOMER;
    query->search = g_strdup ("Hoffmann");
    ids = bd_backorder_query_run_ids_first (store, query, 128, capture_first_cb, &capture, capture.cancel, NULL);
    g_assert_nonnull (ids);
    g_assert_cmpuint (ids->len, >, 200);
    g_assert_nonnull (capture.first);
    g_array_unref (capture.first);
    g_object_unref (capture.cancel);
  }

  bd_backorder_query_set_early_min (0);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

typedef struct
{
  GArray *changes;
  guint partial_changes;   /* changes made while partial */
  gboolean was_partial;
} Recorder;

static void
record_change_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  Change change = { position, removed, added };

  g_array_append_val (recorder->changes, change);
}

static void
record_partial_cb (BdQueueModel *model,
                   GParamSpec   *pspec,
                   Recorder     *recorder)
{
  if (bd_queue_model_get_partial (model))
    recorder->was_partial = TRUE;
}

/* A new query shows its first rows, then the rest appended after them:
 * nothing on screen moves. A refresh after a write swaps the whole
 * result in at once. */
static void
test_model_first_rows_model (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = first_rows_store (&dir);
  g_autoptr(BdQueueModel) model = bd_queue_model_new (store);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (Change)), 0, FALSE };
  const struct { BdStatusFilter status; BdSortKey key; gboolean descending; } queries[] = {
    { BD_STATUS_FILTER_ALL, BD_SORT_QUEUE, FALSE },
    { BD_STATUS_FILTER_ALL, BD_SORT_CUSTOMER, TRUE },
    { BD_STATUS_FILTER_SHIPPED, BD_SORT_ORDER_REF, FALSE },
    { BD_STATUS_FILTER_ALL, BD_SORT_STATUS, TRUE },
    { BD_STATUS_FILTER_ALL, BD_SORT_SHORT, FALSE },      /* from the keys before the sort */
  };

  /* the demo store's 30,000 lines are few for early rows by default */
  bd_backorder_query_set_early_min (1000);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_change_cb), &recorder);
  g_signal_connect (model, "notify::partial", G_CALLBACK (record_partial_cb), &recorder);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      guint old_n = g_list_model_get_n_items (G_LIST_MODEL (model));
      guint n;
      Change *first, *rest;

      g_array_set_size (recorder.changes, 0);
      recorder.was_partial = FALSE;
      query->status = queries[q].status;
      query->sort = queries[q].key;
      query->descending = queries[q].descending;
      bd_queue_model_set_query (model, query);
      wait_loaded (model);
      n = g_list_model_get_n_items (G_LIST_MODEL (model));

      g_test_message ("query %u: %u changes, %u rows", q, recorder.changes->len, n);
      g_assert_true (recorder.was_partial);
      g_assert_false (bd_queue_model_get_partial (model));
      g_assert_cmpuint (recorder.changes->len, ==, 2);
      first = &g_array_index (recorder.changes, Change, 0);
      rest = &g_array_index (recorder.changes, Change, 1);
      /* the old list gives way to the first rows... */
      g_assert_cmpuint (first->removed, ==, old_n - first->position);
      g_assert_cmpuint (first->position + first->added, ==, 128);
      /* ...and the rest comes after them */
      g_assert_cmpuint (rest->position, ==, 128);
      g_assert_cmpuint (rest->removed, ==, 0);
      g_assert_cmpuint (rest->added, ==, n - 128);
    }

  /* a write: the whole result at once, no first rows */
  {
    gint64 id = bd_queue_model_get_id (model, 3);
    g_autoptr(GError) error = NULL;

    g_array_set_size (recorder.changes, 0);
    recorder.was_partial = FALSE;
    g_assert_true (bd_actions_set_priority (store, &id, 1, 2, NULL, &error));
    g_assert_no_error (error);
    wait_loaded (model);
    g_assert_false (recorder.was_partial);
    g_assert_cmpuint (recorder.changes->len, <=, 1);
  }

  bd_backorder_query_set_early_min (0);
  g_array_unref (recorder.changes);
  g_clear_object (&model);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* The queue re-reads only after changes to tables it shows: a team
 * setting or a message log entry costs it nothing. */
static void
test_model_changed_tables (Fixture       *fixture,
                           gconstpointer  data)
{
  g_array_set_size (fixture->changes, 0);

  bd_store_emit_changed_tables (fixture->store, (const char * const[]) { "team_settings", "settings", NULL });
  g_assert_false (bd_queue_model_get_loading (fixture->model));

  /* search reads notes */
  bd_store_emit_changed_tables (fixture->store, (const char * const[]) { "team_settings", "notes", NULL });
  g_assert_true (bd_queue_model_get_loading (fixture->model));
  wait_loaded (fixture->model);

  /* a change by another process may be anything */
  bd_store_emit_changed (fixture->store);
  g_assert_true (bd_queue_model_get_loading (fixture->model));
  wait_loaded (fixture->model);

  /* the purchasing that covers a line changes its row */
  bd_store_emit_changed_tables (fixture->store, (const char * const[]) { "po_line_covers", NULL });
  g_assert_true (bd_queue_model_get_loading (fixture->model));
  wait_loaded (fixture->model);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             gboolean   *notified)
{
  *notified = TRUE;
}

/* A row carries its product's preferred supplier and whether a complaint
 * about the line waits for a resolution, for the queue's Supplier column
 * and complaint marker; a complaint logged, resolved or undone shows in
 * the row object the list already holds. */
static void
test_model_supplier_and_complaint (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BdBackorder) mug = NULL;
  g_autoptr(BdBackorder) pan = NULL;
  g_autoptr(BdBackorder) spare = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  gboolean notified = FALSE;
  gint64 id;
  guint mug_at, spare_at;

  /* a product no supplier supplies */
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS, "sku,name\nSPARE,Spare Part\n",
                                      NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity\n"
                                      "SO-7,2026-01-07,C-1,SPARE,1,1\n", NULL, &error));
  g_assert_no_error (error);
  bd_queue_model_refresh (fixture->model);
  wait_loaded (fixture->model);

  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG-RED", &id, NULL));
  mug_at = bd_queue_model_find_id (fixture->model, id);
  mug = g_list_model_get_item (G_LIST_MODEL (fixture->model), mug_at);
  g_assert_true (bd_actions_find_line (fixture->store, "SO-7/SPARE", &id, NULL));
  spare_at = bd_queue_model_find_id (fixture->model, id);
  spare = g_list_model_get_item (G_LIST_MODEL (fixture->model), spare_at);
  g_assert_nonnull (mug);
  g_assert_nonnull (spare);
  g_assert_cmpstr (bd_backorder_get_supplier_name (mug), ==, "Nordic");
  g_assert_null (bd_backorder_get_supplier_name (spare));
  g_assert_false (bd_backorder_get_has_open_complaint (mug));

  /* a line read on its own (the detail pane) has them too */
  g_assert_true (bd_actions_find_line (fixture->store, "SO-2/PAN-12", &id, NULL));
  pan = bd_backorder_load (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_backorder_get_supplier_name (pan), ==, "Forge");

  /* a complaint: the row the model holds notifies and shows it */
  g_signal_connect (mug, "notify::has-open-complaint", G_CALLBACK (notified_cb), &notified);
  g_assert_true (bd_notes_add_complaint (fixture->store, bd_backorder_get_id (mug), "delay",
                                         "Waited three weeks", &batch, &error));
  g_assert_no_error (error);
  wait_loaded (fixture->model);
  g_assert_true (notified);
  g_assert_true (bd_backorder_get_has_open_complaint (mug));
  g_assert_false (bd_backorder_get_has_open_complaint (spare));

  /* resolved (nothing in the app resolves one yet; sync will bring
   * resolutions from elsewhere): no longer open */
  g_assert_true (bd_store_exec (fixture->store, "UPDATE complaints SET resolution = 'Refunded the shipping'",
                                &error));
  g_assert_no_error (error);
  bd_queue_model_refresh (fixture->model);
  wait_loaded (fixture->model);
  g_assert_false (bd_backorder_get_has_open_complaint (mug));

  /* a blank resolution resolves nothing */
  g_assert_true (bd_store_exec (fixture->store, "UPDATE complaints SET resolution = '  '", &error));
  bd_queue_model_refresh (fixture->model);
  wait_loaded (fixture->model);
  g_assert_true (bd_backorder_get_has_open_complaint (mug));

  /* undone: the complaint is tombstoned, and the marker goes */
  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  wait_loaded (fixture->model);
  g_assert_false (bd_backorder_get_has_open_complaint (mug));

  g_signal_handlers_disconnect_by_func (mug, notified_cb, &notified);
}

/* What a line sorts by for the ETA or PO sort: the value the queue shows
 * (the ETA a list's page works out, the covering PO's number), or NULL. */
static char *
shown_key (BdStore      *store,
           BdEtaContext *context,
           BdSortKey     key,
           gint64        id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdBackorder) line = bd_backorder_load (store, id, &error);
  g_autoptr(BdEta) eta = NULL;

  g_assert_no_error (error);
  if (key == BD_SORT_PO)
    return g_strdup (bd_backorder_get_po_number (line));
  eta = bd_eta_compute (context, line);
  return g_strdup (eta->eta);
}

/* A demo store with every way a line gets its ETA: stored (on order,
 * allocated) or not (allocated: today; on order: its PO's date), the lead
 * time of a preferred supplier or none, a PO covering part of a waiting
 * line; and ties. */
static BdStore *
eta_sort_store (char **dir)
{
  g_autoptr(BdStore) store = bd_test_store_new (dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { 3000, 3, now };

  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* products without a preferred supplier: waiting lines without an ETA */
  g_assert_true (bd_store_exec (store, "UPDATE product_suppliers SET preferred = 0 WHERE product_id % 9 = 4", &error));
  g_assert_no_error (error);
  /* partly covered lines: waiting, their ETA the later of the lead time
   * and their PO's date */
  g_assert_true (bd_store_exec (store, "UPDATE order_lines SET status = 'waiting', eta = NULL"
                                       " WHERE status = 'on_order' AND id % 3 = 0;"
                                       "UPDATE purchase_orders SET expected_at = '2027-06-01' WHERE id % 2 = 0",
                                &error));
  g_assert_no_error (error);
  /* lines without a stored ETA: allocated ones are due today, on order
   * ones when their PO is */
  g_assert_true (bd_store_exec (store, "UPDATE order_lines SET eta = NULL"
                                       " WHERE status IN ('on_order', 'allocated') AND id % 5 = 1",
                                &error));
  g_assert_no_error (error);
  /* allocated lines whose stored date passed: due today (with the
   * handling days), tied there with those without a date */
  g_assert_true (bd_store_exec (store, "UPDATE order_lines SET eta = '2026-10-01'"
                                       " WHERE status = 'allocated' AND id % 5 = 2",
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'allocated' AND eta IS NULL"),
                   >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'allocated'"
                                         " AND eta = '2026-10-01'"), >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'on_order' AND eta IS NULL"),
                   >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines"
                                         " WHERE status = 'waiting' AND covered_quantity > 0"), >, 0);

  return g_steal_pointer (&store);
}

/* Sorting by ETA or PO gives the lines in the order of what the queue
 * shows for them: by expected date or PO number, lines without one last
 * in both directions, ties by id as every sort breaks them. */
static void
test_model_sort_eta_po (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = eta_sort_store (&dir);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdEtaContext) context = NULL;
  const BdSortKey keys[] = { BD_SORT_ETA, BD_SORT_PO };
  const BdStatusFilter filters[] = { BD_STATUS_FILTER_ALL, BD_STATUS_FILTER_OPEN, BD_STATUS_FILTER_WAITING,
                                     BD_STATUS_FILTER_ON_ORDER, BD_STATUS_FILTER_ALLOCATED,
                                     BD_STATUS_FILTER_SHIPPED, BD_STATUS_FILTER_CANCELLED };

  context = bd_eta_context_new (store, &error);
  g_assert_no_error (error);

  g_assert_true (bd_sort_key_from_string ("eta", &query->sort));
  g_assert_cmpint (query->sort, ==, BD_SORT_ETA);
  g_assert_true (bd_sort_key_from_string ("po", &query->sort));
  g_assert_cmpint (query->sort, ==, BD_SORT_PO);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    for (int descending = 0; descending < 2; descending++)
      {
        g_autoptr(GArray) ids = NULL;
        g_autofree char *previous = NULL;
        g_autoptr(BdBackorderQuery) plain = bd_backorder_query_new ();
        g_autoptr(GArray) unsorted = NULL;
        gint64 previous_id = 0;
        guint with = 0, without = 0, ties = 0;

        query->status = filters[f];
        query->sort = keys[k];
        query->descending = descending;
        ids = bd_backorder_query_run_ids (store, query, NULL, &error);
        g_assert_no_error (error);
        /* the lines of the filter, each once */
        plain->status = filters[f];
        unsorted = bd_backorder_query_run_ids (store, plain, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (ids->len, ==, unsorted->len);

        for (guint i = 0; i < ids->len; i++)
          {
            gint64 id = g_array_index (ids, gint64, i);
            g_autofree char *shown = shown_key (store, context, keys[k], id);

            if (shown == NULL)
              without++;
            else
              {
                int cmp;

                with++;
                /* nothing with a value after one without */
                if (without > 0)
                  g_error ("%s%s: line %" G_GINT64_FORMAT " (%s) after a line without one",
                           bd_sort_key_to_string (keys[k]), descending ? " desc" : "", id, shown);
                if (i > 0)
                  {
                    cmp = descending ? g_strcmp0 (previous, shown) : g_strcmp0 (shown, previous);
                    if (cmp < 0)
                      g_error ("%s%s: %s after %s", bd_sort_key_to_string (keys[k]),
                               descending ? " desc" : "", shown, previous);
                    if (cmp == 0)
                      {
                        ties++;
                        g_assert_cmpint (descending ? previous_id - id : id - previous_id, >, 0);
                      }
                  }
              }
            if (shown == NULL && without > 1)
              g_assert_cmpint (descending ? previous_id - id : id - previous_id, >, 0);

            g_free (previous);
            previous = g_steal_pointer (&shown);
            previous_id = id;
          }

        g_test_message ("status %u, %s%s: %u with, %u ties, %u without", filters[f],
                        bd_sort_key_to_string (keys[k]), descending ? " desc" : "", with, ties, without);
        /* the data has every case: values, ties and lines without */
        if (filters[f] == BD_STATUS_FILTER_ALL)
          {
            g_assert_cmpuint (with, >, 10);
            g_assert_cmpuint (ties, >, 10);
            g_assert_cmpuint (without, >, 10);
          }
        if ((filters[f] == BD_STATUS_FILTER_ALLOCATED && keys[k] == BD_SORT_ETA) ||
            filters[f] == BD_STATUS_FILTER_WAITING)
          g_assert_cmpuint (with, >, 0);
      }

  /* the open lines too, as the queue lists them by default */
  query->status = BD_STATUS_FILTER_OPEN;
  query->sort = BD_SORT_ETA;
  query->descending = FALSE;
  {
    g_autoptr(GArray) ids = bd_backorder_query_run_ids (store, query, NULL, &error);
    g_autofree char *first = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, >, 0);
    first = shown_key (store, context, BD_SORT_ETA, g_array_index (ids, gint64, 0));
    g_assert_nonnull (first);
  }
}

/* The ETA sort hands its first rows over before it reads the whole
 * result (from order_lines_eta and the waiting lines), and they are the
 * rows the whole result starts with: under every filter, either way, for
 * one row, a screen, and more rows than have an ETA (then the lines
 * without one follow, by id). */
static void
test_model_first_rows_eta (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = eta_sort_store (&dir);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  const BdStatusFilter filters[] = { BD_STATUS_FILTER_OPEN, BD_STATUS_FILTER_ALL, BD_STATUS_FILTER_WAITING,
                                     BD_STATUS_FILTER_ON_ORDER, BD_STATUS_FILTER_ALLOCATED,
                                     BD_STATUS_FILTER_SHIPPED, BD_STATUS_FILTER_CANCELLED };
  const guint sizes[] = { 1, 50, 100000 };

  bd_backorder_query_set_early_min (1);
  query->sort = BD_SORT_ETA;

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (int descending = 0; descending < 2; descending++)
      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        {
          Capture capture = { NULL, NULL };
          Capture stopped = { NULL, g_cancellable_new () };
          g_autoptr(GArray) ids = NULL;
          g_autoptr(GArray) cut = NULL;
          g_autoptr(GError) error = NULL;

          query->status = filters[f];
          query->descending = descending;

          g_assert_true (bd_store_exec (store, "BEGIN", &error));
          ids = bd_backorder_query_run_ids_first (store, query, sizes[z], capture_first_cb, &capture, NULL, &error);
          g_assert_no_error (error);
          cut = bd_backorder_query_run_ids_first (store, query, sizes[z], capture_first_cb, &stopped, stopped.cancel,
                                                  &error);
          g_assert_true (bd_store_exec (store, "COMMIT", NULL));
          g_test_message ("status %u%s, %u first: %u rows", filters[f], descending ? " desc" : "", sizes[z], ids->len);
          g_assert_cmpuint (ids->len, >, 0);

          /* before the whole result: cancelled on the first rows */
          g_assert_null (cut);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_nonnull (capture.first);
          g_assert_cmpuint (capture.first->len, ==, MIN (sizes[z], ids->len));
          if (memcmp (capture.first->data, ids->data, capture.first->len * sizeof (gint64)) != 0)
            g_error ("status %u%s, %u first: not the start of the result", filters[f], descending ? " desc" : "",
                     sizes[z]);

          g_array_unref (capture.first);
          g_clear_pointer (&stopped.first, g_array_unref);
          g_clear_object (&stopped.cancel);
        }

  bd_backorder_query_set_early_min (0);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* A source of backorder lines whose reads on a thread (the rows a list
 * reads apart from the main thread) wait, once read, until the test lets
 * them go. */
#define TEST_TYPE_HELD_SOURCE (test_held_source_get_type ())
G_DECLARE_FINAL_TYPE (TestHeldSource, test_held_source, TEST, HELD_SOURCE, GObject)

struct _TestHeldSource
{
  GObject parent_instance;
  BdRowSource *lines;
  GThread *main_thread;
  GMutex lock;
  GCond cond;
  gboolean hold;
  guint n_held;         /* how many of the first reads on a thread hold */
  guint n_read;         /* reads on a thread that have read their rows */
  gulong slow_main_us;  /* the next read on the main thread takes this long */
  gboolean busy;        /* running all that time, rather than blocked */
  gboolean from_disk;   /* and reads what it reads from the disk */
  gboolean read_disk;   /* it did read from the disk */
};

static void held_source_iface_init (BdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestHeldSource, test_held_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_ROW_SOURCE, held_source_iface_init))

#define LINES(source) (TEST_HELD_SOURCE (source)->lines)

static GType
held_source_get_item_type (BdRowSource *source)
{
  return bd_row_source_get_item_type (LINES (source));
}

static gpointer
held_source_copy_query (BdRowSource   *source,
                        gconstpointer  query)
{
  return bd_row_source_copy_query (LINES (source), query);
}

static void
held_source_free_query (BdRowSource *source,
                        gpointer     query)
{
  bd_row_source_free_query (LINES (source), query);
}

static gboolean
held_source_equal_query (BdRowSource   *source,
                         gconstpointer  a,
                         gconstpointer  b)
{
  return bd_row_source_equal_query (LINES (source), a, b);
}

static GArray *
held_source_run_ids (BdRowSource     *source,
                     BdStore         *store,
                     gconstpointer    query,
                     guint            n_first,
                     BdFirstIdsFunc   first_ids,
                     gpointer         user_data,
                     GCancellable    *cancellable,
                     GError         **error)
{
  return bd_row_source_run_ids (LINES (source), store, query, n_first, first_ids, user_data, cancellable,
                                error);
}

static gboolean
held_source_load_many (BdRowSource   *source,
                       BdStore       *store,
                       const gint64  *ids,
                       guint          n_ids,
                       GHashTable    *rows,
                       GError       **error)
{
  TestHeldSource *self = TEST_HELD_SOURCE (source);
  gboolean ok;

  if (g_thread_self () == self->main_thread && self->slow_main_us > 0 && self->from_disk)
    {
      g_autofree char *wal = g_strconcat (bd_store_get_path (store), "-wal", NULL);

      sqlite3_db_release_memory (bd_store_get_db (store));
      bd_test_drop_from_file_cache (bd_store_get_path (store));
      bd_test_drop_from_file_cache (wal);
    }
  if (g_thread_self () == self->main_thread && self->slow_main_us > 0 && self->from_disk)
    {
      gint64 before = bd_thread_storage_read_bytes ();

      ok = bd_row_source_load_many (self->lines, store, ids, n_ids, rows, error);
      self->read_disk = before >= 0 && bd_thread_storage_read_bytes () > before;
    }
  else
    ok = bd_row_source_load_many (self->lines, store, ids, n_ids, rows, error);

  /* as a read from the disk is: slow, and what it read not in the file
   * cache (nor in the connection's page cache) */
  if (g_thread_self () == self->main_thread && self->slow_main_us > 0 && self->busy)
    {
      gint64 until = g_get_monotonic_time () + self->slow_main_us;

      /* as a read slow for want of a processor: it runs, or waits for one */
      while (g_get_monotonic_time () < until)
        ;
      self->slow_main_us = 0;
    }
  else if (g_thread_self () == self->main_thread && self->slow_main_us > 0)
    {
      g_usleep (self->slow_main_us);
      self->slow_main_us = 0;
    }
  if (g_thread_self () != self->main_thread)
    {
      guint number;

      g_mutex_lock (&self->lock);
      number = ++self->n_read;
      g_cond_broadcast (&self->cond);
      while (self->hold && number <= self->n_held)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);
    }

  return ok;
}

static gint64
held_source_get_id (BdRowSource *source,
                    gpointer     item)
{
  return bd_row_source_get_id (LINES (source), item);
}

static GObject *
held_source_new_placeholder (BdRowSource *source,
                             gint64       id)
{
  return bd_row_source_new_placeholder (LINES (source), id);
}

static void
held_source_update_from (BdRowSource *source,
                         GObject     *row,
                         GObject     *fresh)
{
  bd_row_source_update_from (LINES (source), row, fresh);
}

static void
held_source_iface_init (BdRowSourceInterface *iface)
{
  iface->get_item_type = held_source_get_item_type;
  iface->copy_query = held_source_copy_query;
  iface->free_query = held_source_free_query;
  iface->equal_query = held_source_equal_query;
  iface->run_ids = held_source_run_ids;
  iface->load_many = held_source_load_many;
  iface->get_id = held_source_get_id;
  iface->new_placeholder = held_source_new_placeholder;
  iface->update_from = held_source_update_from;
}

static void
test_held_source_finalize (GObject *object)
{
  TestHeldSource *self = TEST_HELD_SOURCE (object);

  g_clear_object (&self->lines);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (test_held_source_parent_class)->finalize (object);
}

static void
test_held_source_class_init (TestHeldSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_held_source_finalize;
}

static void
test_held_source_init (TestHeldSource *self)
{
  self->lines = bd_backorder_source_new ();
  self->main_thread = g_thread_self ();
  self->n_held = G_MAXUINT;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
held_source_hold (TestHeldSource *self,
                  gboolean        hold)
{
  g_mutex_lock (&self->lock);
  self->hold = hold;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static guint
held_source_get_n_read (TestHeldSource *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_read;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Until @n reads on a thread have read their rows (and, held, wait). */
static void
held_source_wait_read (TestHeldSource *self,
                       guint           n)
{
  g_mutex_lock (&self->lock);
  while (self->n_read < n)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
wait_rows_read (BdSqlListModel *model)
{
  guint timeout = g_timeout_add_seconds (60, timeout_cb, NULL);

  while (bd_sql_list_model_get_reading_rows (model))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

/* Counts notifications, and names the last. */
typedef struct
{
  guint count;
  const char *last;
} Notified;

static void
count_any_notify_cb (GObject    *object,
                     GParamSpec *pspec,
                     Notified   *notified)
{
  notified->count++;
  notified->last = pspec->name;
}

/* A list that reads its rows on a thread: while the read takes longer than
 * the list's row wait, empty rows of the right ids stand in, and the same
 * objects fill in and notify when the rows come. A row acted on is read at
 * once. A read that takes no longer hands out the rows themselves. */
static void
test_model_rows_apart (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TestHeldSource) source = g_object_new (TEST_TYPE_HELD_SOURCE, NULL);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdSqlListModel) model = NULL;
  g_autoptr(BdBackorder) first = NULL;
  g_autoptr(BdBackorder) second = NULL;
  g_autoptr(BdBackorder) acted_on = NULL;
  Notified notified = { 0, NULL };
  gint64 id;

  model = bd_sql_list_model_new (fixture->store, BD_ROW_SOURCE (source), query);
  bd_sql_list_model_set_row_wait (model, 20);
  g_assert_cmpint (bd_sql_list_model_get_row_wait (model), ==, 20);
  bd_sql_list_model_read_rows_apart_for (model, 600);
  bd_sql_list_model_refresh (model);
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  held_source_hold (source, TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (bd_sql_list_model_get_reading_rows (model));
  g_assert_cmpint (bd_backorder_get_id (first), ==, bd_sql_list_model_get_id (model, 0));
  g_assert_false (bd_backorder_is_read (first));
  g_assert_null (bd_backorder_get_customer_name (first));
  /* the page read stands in whole: no second read, no wait */
  second = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_false (bd_backorder_is_read (second));
  g_assert_cmpuint (held_source_get_n_read (source), <=, 1);
  /* the same object when asked again */
  {
    g_autoptr(BdBackorder) again = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (again == first);
  }

  /* what an action needs is read at once, on the calling thread */
  acted_on = bd_sql_list_model_dup_read_item (model, 2);
  g_assert_true (bd_backorder_is_read (acted_on));
  g_assert_cmpstr (bd_backorder_get_ref (acted_on), ==, "SO-1/MUG-RED");

  g_signal_connect (first, "notify", G_CALLBACK (count_any_notify_cb), &notified);
  held_source_hold (source, FALSE);
  wait_rows_read (model);
  g_assert_true (bd_backorder_is_read (first));
  g_assert_cmpstr (bd_backorder_get_ref (first), ==, "SO-2/PAN-12");
  g_assert_cmpstr (bd_backorder_get_customer_name (first), ==, "Grace Hopper");
  g_assert_cmpstr (bd_backorder_get_status (first), ==, "waiting");
  g_assert_cmpstr (bd_backorder_get_ref (second), ==, "SO-3/LAMP");
  /* one notification, not one a field: each had every cell update */
  g_assert_cmpuint (notified.count, ==, 1);
  g_assert_cmpstr (notified.last, ==, "read");
  g_signal_handlers_disconnect_by_data (first, &notified);
  /* the row read at once stays as it was read */
  g_assert_cmpstr (bd_backorder_get_ref (acted_on), ==, "SO-1/MUG-RED");
  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG-RED", &id, NULL));
  g_assert_cmpint (bd_backorder_get_id (acted_on), ==, id);

  /* a read as quick as the wait: the rows themselves, nothing stands in */
  g_clear_object (&first);
  g_clear_object (&second);
  g_clear_object (&acted_on);
  g_clear_object (&model);
  model = bd_sql_list_model_new (fixture->store, BD_ROW_SOURCE (source), query);
  bd_sql_list_model_set_row_wait (model, 60 * 1000);
  bd_sql_list_model_read_rows_apart_for (model, 600);
  bd_sql_list_model_refresh (model);
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (bd_backorder_is_read (first));
  g_assert_false (bd_sql_list_model_get_reading_rows (model));
  g_assert_cmpstr (bd_backorder_get_customer_name (first), ==, "Grace Hopper");
}

/* A write while rows are read on a thread: the refresh it brings fills the
 * empty rows with what the store holds now, and the read from before the
 * write, coming back later, leaves them so. */
static void
test_model_rows_apart_write (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TestHeldSource) source = g_object_new (TEST_TYPE_HELD_SOURCE, NULL);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdSqlListModel) model = NULL;
  g_autoptr(BdBackorder) first = NULL;
  gint64 id;

  model = bd_sql_list_model_new (fixture->store, BD_ROW_SOURCE (source), query);
  bd_sql_list_model_set_row_wait (model, 0);
  bd_sql_list_model_read_rows_apart_for (model, 600);
  bd_sql_list_model_refresh (model);
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  /* the empty row's read holds; the refresh's reads of its query do not */
  source->n_held = 1;
  held_source_hold (source, TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_false (bd_backorder_is_read (first));
  /* read before the write, held */
  held_source_wait_read (source, 1);
  g_assert_cmpint (bd_backorder_get_id (first), ==, bd_sql_list_model_get_id (model, 0));

  g_assert_true (bd_actions_find_line (fixture->store, "SO-2/PAN-12", &id, NULL));
  g_assert_cmpint (bd_backorder_get_id (first), ==, id);
  g_assert_true (bd_actions_set_priority (fixture->store, &id, 1, 2, NULL, NULL));
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (bd_backorder_is_read (first));
  g_assert_cmpint (bd_backorder_get_priority (first), ==, 2);

  held_source_hold (source, FALSE);
  wait_rows_read (model);
  g_assert_cmpint (bd_backorder_get_priority (first), ==, 2);
  g_assert_cmpstr (bd_backorder_get_customer_name (first), ==, "Grace Hopper");
}

/* Rows are read on the main thread while that is quick (the file cache),
 * and on a thread for a while once a read there was slow (the disk). */
static void
test_model_rows_apart_when_slow (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 1, 12, 0, 0);
  BdDemoOptions options = { 1000, 7, now };
  g_autoptr(TestHeldSource) source = g_object_new (TEST_TYPE_HELD_SOURCE, NULL);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdSqlListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdBackorder) quick = NULL;
  g_autoptr(BdBackorder) slow = NULL;
  g_autoptr(BdBackorder) apart = NULL;
  g_autoptr(BdBackorder) never = NULL;
  gboolean busy_read_disk;
  guint n;

  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  model = bd_sql_list_model_new (store, BD_ROW_SOURCE (source), query);
  bd_sql_list_model_set_row_wait (model, 20);
  bd_sql_list_model_refresh (model);
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 200);

  /* reads on a thread hold from here on: a row read is one read here */
  held_source_hold (source, TRUE);
  quick = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (bd_backorder_is_read (quick));
  /* slow for want of a processor: the next rows are read here all the same */
  source->slow_main_us = 40 * 1000;
  /* this read slow, the next one not: none read on a thread */
  slow = g_list_model_get_item (G_LIST_MODEL (model), 50);
  g_assert_true (bd_backorder_is_read (slow));
  g_clear_object (&slow);
  slow = g_list_model_get_item (G_LIST_MODEL (model), 150);
  g_assert_true (bd_backorder_is_read (slow));
  g_clear_object (&slow);
  /* from the disk, but slow for its running (the processors busy, not
   * the disk): here too */
  source->slow_main_us = 80 * 1000;
  source->from_disk = TRUE;
  source->busy = TRUE;
  slow = g_list_model_get_item (G_LIST_MODEL (model), 84);
  g_assert_true (bd_backorder_is_read (slow));
  g_clear_object (&slow);
  busy_read_disk = source->read_disk;
  source->from_disk = FALSE;
  source->busy = FALSE;
  slow = g_list_model_get_item (G_LIST_MODEL (model), 40);
  g_assert_true (bd_backorder_is_read (slow));
  g_clear_object (&slow);
  /* slow for the disk */
  source->slow_main_us = 40 * 1000;
  source->from_disk = TRUE;
  slow = g_list_model_get_item (G_LIST_MODEL (model), 100);
  g_assert_true (bd_backorder_is_read (slow));
  g_assert_cmpuint (held_source_get_n_read (source), ==, 0);
  if (!source->read_disk)
    {
      /* tmpfs, or a kernel that does not count a thread's reads */
      held_source_hold (source, FALSE);
      g_test_skip ("the test's folder gives no reads from a disk that the kernel counts");
      return;
    }
  /* the busy read did read from the disk */
  g_assert_true (busy_read_disk);

  apart = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_assert_false (bd_backorder_is_read (apart));
  held_source_hold (source, FALSE);
  wait_rows_read (model);
  g_assert_true (bd_backorder_is_read (apart));
  g_assert_cmpuint (held_source_get_n_read (source), ==, 1);

  /* without a row wait a list reads on the main thread whatever it takes */
  g_clear_object (&model);
  model = bd_sql_list_model_new (store, BD_ROW_SOURCE (source), query);
  bd_sql_list_model_refresh (model);
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  held_source_hold (source, TRUE);
  source->slow_main_us = 40 * 1000;
  source->from_disk = TRUE;
  g_clear_object (&quick);
  quick = g_list_model_get_item (G_LIST_MODEL (model), 0);
  never = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_assert_true (bd_backorder_is_read (never));
  bd_sql_list_model_read_rows_apart_for (model, 600);
  g_clear_object (&never);
  never = g_list_model_get_item (G_LIST_MODEL (model), 100);
  g_assert_true (bd_backorder_is_read (never));
  held_source_hold (source, FALSE);
}

/* A placeholder filled from a line read elsewhere has every field of it. */
static void
test_model_update_from (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdBackorder) line = NULL;
  g_autoptr(BdBackorder) placeholder = NULL;
  g_autoptr(GArray) ids = NULL;
  GParamSpec **pspecs;
  guint n_pspecs;
  gint64 id;

  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG-RED", &id, NULL));
  line = bd_backorder_load (fixture->store, id, &error);
  g_assert_no_error (error);
  bd_backorder_set_eta (line, "2026-02-01");
  placeholder = bd_backorder_new_placeholder (id);
  g_assert_false (bd_backorder_is_read (placeholder));

  bd_backorder_update_from (placeholder, line);
  g_assert_true (bd_backorder_is_read (placeholder));

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (line), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;

      g_value_init (&a, pspecs[i]->value_type);
      g_value_init (&b, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (line), pspecs[i]->name, &a);
      g_object_get_property (G_OBJECT (placeholder), pspecs[i]->name, &b);
      if (g_param_values_cmp (pspecs[i], &a, &b) != 0)
        g_error ("property %s differs", pspecs[i]->name);
    }
  g_free (pspecs);

  g_assert_cmpstr (bd_backorder_get_uuid (placeholder), ==, bd_backorder_get_uuid (line));
  g_assert_cmpstr (bd_backorder_get_customer_email (placeholder), ==, "ada@example.com");
  g_assert_cmpstr (bd_backorder_get_customer_email (placeholder), ==, bd_backorder_get_customer_email (line));
  g_assert_cmpstr (bd_backorder_get_eta (placeholder), ==, "2026-02-01");
  g_assert_cmpint (bd_backorder_get_product_id (placeholder), ==, bd_backorder_get_product_id (line));
  g_assert_cmpint (bd_backorder_get_preferred_supplier_id (placeholder), ==,
                   bd_backorder_get_preferred_supplier_id (line));
  g_assert_cmpstr (bd_backorder_get_preferred_supplier_name (placeholder), ==, "Nordic");
  g_assert_cmpint (bd_backorder_get_lead_time_days (placeholder), ==, bd_backorder_get_lead_time_days (line));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/queue-model/default", test_model_default);
  ADD ("/queue-model/sort", test_model_sort);
  ADD ("/queue-model/filter", test_model_filter);
  ADD ("/queue-model/search", test_model_search);
  ADD ("/queue-model/items-changed", test_model_items_changed);
  ADD ("/queue-model/changed-tables", test_model_changed_tables);
  ADD ("/queue-model/supplier-and-complaint", test_model_supplier_and_complaint);
  ADD ("/queue-model/rows-apart", test_model_rows_apart);
  ADD ("/queue-model/rows-apart-write", test_model_rows_apart_write);
  ADD ("/queue-model/update-from", test_model_update_from);
  g_test_add_func ("/queue-model/rows-apart-when-slow", test_model_rows_apart_when_slow);
  g_test_add_func ("/queue-model/sort-eta-po", test_model_sort_eta_po);
  g_test_add_func ("/queue-model/first-rows-eta", test_model_first_rows_eta);
  g_test_add_func ("/queue-model/large", test_model_large);
  g_test_add_func ("/queue-model/first-rows", test_model_first_rows);
  g_test_add_func ("/queue-model/first-rows-model", test_model_first_rows_model);

  return g_test_run ();
}
