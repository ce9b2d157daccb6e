/* bench-core.c: the store, import, queue queries and actions at the size of
 * a large shop (a million order lines)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <glib/gstdio.h>
#include <time.h>

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-delay-notices.h"
#include "bd-export.h"
#include "bd-forecast.h"
#include "bd-eta.h"
#include "bd-import.h"
#include "bd-purchase-orders.h"
#include "bd-queue-model.h"
#include "bd-metrics.h"
#include "bd-po-history.h"
#include "bd-receiving.h"
#include "bd-replenish.h"
#include "bd-store-private.h"
#include "bench-communication.h"
#include "bench-util.h"

static char *
data_file (const char *name)
{
  return g_build_filename (bench_data_dir (), name, NULL);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value ? (guint)g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* Imports the three files into a new store at @path; returns the seconds
 * the orders took. */
static double
import_all (const char *path)
{
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autofree char *suppliers = data_file ("suppliers.csv");
  g_autofree char *products = data_file ("products.csv");
  g_autofree char *orders = data_file ("orders.csv");
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  double start;

  bench_remove_store (path);
  store = bd_store_create (path, &error);
  g_assert_no_error (error);

  if (!bd_import_path (store, BD_IMPORT_SUPPLIERS, suppliers, NULL, NULL, NULL, NULL, &error) ||
      !bd_import_path (store, BD_IMPORT_PRODUCTS, products, NULL, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);

  start = bench_now_ms ();
  if (!bd_import_path (store, BD_IMPORT_ORDERS, orders, report, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_print ("# import phases: rows %.2f s, indexes %.2f s, search indexes %.2f s, commit %.2f s\n",
           report->seconds_rows, report->seconds_indexes, report->seconds_search,
           report->seconds_commit);
  return (bench_now_ms () - start) / 1000.0;
}

/* The same file through the sqlite3 shell's .import into a bare table. */
static double
sqlite3_import (const char *dir)
{
  g_autofree char *orders = data_file ("orders.csv");
  g_autofree char *db = g_build_filename (dir, "bare.sqlite3", NULL);
  g_autofree char *script = g_strdup_printf (".mode csv\n.import '%s' bare\n", orders);
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double start;

  if (sqlite3 == NULL)
    return -1;

  bench_remove_store (db);
  start = bench_now_ms ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, sqlite3, db, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, script, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return (bench_now_ms () - start) / 1000.0;
}

static void
bench_import (const char *store_path)
{
  g_autofree char *orders_path = data_file ("orders.csv");
  g_autofree char *dir = g_dir_make_tmp ("bd-bench-XXXXXX", NULL);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  guint runs = env_uint ("BD_BENCH_IMPORT_RUNS", 3);
  g_autofree char *note = NULL;
  double median, sqlite_median;

  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *path = g_build_filename (dir, "import.sqlite3", NULL);
      double seconds = import_all (path);
      double bare = sqlite3_import (dir);

      g_array_append_val (ours, seconds);
      if (bare >= 0)
        g_array_append_val (theirs, bare);
      g_print ("# import run %u: %.2f s (sqlite3 .import %.2f s)\n", i + 1, seconds, bare);

      if (i == 0 && !bench_store_is_current (store_path, orders_path))
        {
          bench_remove_store (store_path);
          g_assert_cmpint (g_rename (path, store_path), ==, 0);
        }
      bench_remove_store (path);
    }

  median = bench_median (ours);
  bench_report ("import 1,000,000 order lines (orders.csv, empty store)", 1e6 / median,
                "lines/s", BENCH_AT_LEAST, 150000, NULL);

  if (theirs->len > 0)
    {
      sqlite_median = bench_median (theirs);
      note = g_strdup_printf ("%.2f s vs sqlite3 .import %.2f s", median, sqlite_median);
      bench_report ("import time as a multiple of sqlite3 .import of the same file",
                    median / sqlite_median, "x", BENCH_AT_MOST, 4, note);
    }
  else
    bench_report_unmet ("import time as a multiple of sqlite3 .import of the same file",
                        "x", "<= 4 x", "the sqlite3 shell is not installed");

  bench_remove_store (g_build_filename (dir, "bare.sqlite3", NULL));
  g_rmdir (dir);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("a query took more than a minute");
  return G_SOURCE_REMOVE;
}

static void
loading_cb (BdQueueModel *model,
            GParamSpec   *pspec,
            double       *done)
{
  if (!bd_queue_model_get_loading (model))
    *done = bench_now_ms ();
}

/* From the change to the model holding the rows: the time to the full row
 * count, and to the first 50 rows built. The model may show the first rows
 * of a new query before it has the count ("partial"); they are the rows
 * the whole result starts with. */
static void
measure_query (BdQueueModel  *model,
               const BdBackorderQuery *query,
               double        *to_count,
               double        *to_rows)
{
  double start = bench_now_ms ();
  double done = 0;
  guint timeout = g_timeout_add_seconds (60, timeout_cb, NULL);
  gulong handler = g_signal_connect (model, "notify::loading", G_CALLBACK (loading_cb), &done);
  guint n;

  bd_queue_model_set_query (model, query);
  while (bd_queue_model_get_loading (model) && !bd_queue_model_get_partial (model))
    g_main_context_iteration (NULL, TRUE);

  n = MIN (50, g_list_model_get_n_items (G_LIST_MODEL (model)));
  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  *to_rows = bench_now_ms () - start;

  while (bd_queue_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_signal_handler_disconnect (model, handler);
  /* a query equal to the last one runs nothing */
  *to_count = (done > 0 ? done : bench_now_ms ()) - start;
}

static void
bench_search (BdStore *store)
{
  g_autoptr(BdQueueModel) model = bd_queue_model_new (store);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  /* what an agent types: a customer's name, an SKU, an order reference */
  g_autofree char *worst = NULL;
  double worst_ms = 0;
  const char *words[] = { "Hoffmann Yusuf", "SKU-04711", "SO-0123456", "Rossi", "c01234@mail" };

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      for (guint len = 3; len <= strlen (words[w]); len++)
        {
          double to_count, to_rows;

          g_free (query->search);
          query->search = g_strndup (words[w], len);
          measure_query (model, query, &to_count, &to_rows);
          g_array_append_val (samples, to_rows);
          g_print ("# search “%s”: %.1f ms, %u rows\n", query->search, to_rows,
                   g_list_model_get_n_items (G_LIST_MODEL (model)));
          if (to_rows > worst_ms)
            {
              worst_ms = to_rows;
              g_free (worst);
              worst = g_strdup_printf ("slowest: “%s”, %.0f ms, %u rows", query->search, to_rows,
                                       g_list_model_get_n_items (G_LIST_MODEL (model)));
            }
        }
    }

  bench_report ("search as you type: text change to the first 50 rows (median)",
                bench_median (samples), "ms", BENCH_AT_MOST, 30, worst);
}

static void
bench_filter_sort (BdStore *store)
{
  g_autoptr(BdQueueModel) model = bd_queue_model_new (store);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) to_rows = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_count = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *worst = NULL;
  const BdStatusFilter filters[] = { BD_STATUS_FILTER_OPEN, BD_STATUS_FILTER_ALL,
                                     BD_STATUS_FILTER_SHIPPED, BD_STATUS_FILTER_CANCELLED };
  double worst_ms = 0;

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (BdSortKey key = BD_SORT_QUEUE; key <= BD_SORT_LAST; key++)
      for (int descending = 0; descending < 2; descending++)
        {
          double count_ms, rows_ms;

          query->status = filters[f];
          query->sort = key;
          query->descending = descending;
          measure_query (model, query, &count_ms, &rows_ms);
          g_print ("# status %u, sort %s%s: %.1f ms to the count, %.1f ms to 50 rows, %u rows\n",
                   filters[f], bd_sort_key_to_string (key), descending ? " desc" : "", count_ms,
                   rows_ms, g_list_model_get_n_items (G_LIST_MODEL (model)));
          g_array_append_val (to_rows, rows_ms);
          g_array_append_val (to_count, count_ms);
          if (count_ms > worst_ms)
            {
              worst_ms = count_ms;
              g_free (worst);
              worst = g_strdup_printf ("slowest: status %u, sort %s%s, %.0f ms, %u rows", filters[f],
                                       bd_sort_key_to_string (key), descending ? " desc" : "", count_ms,
                                       g_list_model_get_n_items (G_LIST_MODEL (model)));
            }
        }

  bench_report ("filter by status and sort by a column: to the first 50 rows (median)",
                bench_median (to_rows), "ms", BENCH_AT_MOST, 50, NULL);
  bench_report ("filter by status and sort by a column: to the full row count (median)",
                bench_median (to_count), "ms", BENCH_AT_MOST, 100, worst);
}

/* The queue's delay-notice filters, sorted in the queue's order: Needs
 * a delay notice works the rule out over every open line (the ETA of
 * each), Must cancel over the few with a notice; `delay-notices due`
 * (bd_delay_notices_list()) is the reference that reads the same lines. */
static void
bench_delay_notice_filters (BdStore *store)
{
  g_autoptr(BdQueueModel) model = bd_queue_model_new (store);
  g_autoptr(BdBackorderQuery) needs = bd_backorder_query_new ();
  g_autoptr(BdBackorderQuery) must = bd_backorder_query_new ();
  g_autoptr(BdBackorderQuery) open = bd_backorder_query_new ();
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *note = NULL;
  double count_ms, rows_ms, must_count_ms, must_rows_ms, open_count_ms, open_rows_ms, start, due_ms;
  guint n_lines;

  start = bench_now_ms ();
  due = bd_delay_notices_list (store, FALSE, NULL);
  due_ms = bench_now_ms () - start;
  g_assert_nonnull (due);

  /* the reference: the open lines without the filter, in the same run */
  open->sort = BD_SORT_AGE;
  measure_query (model, open, &open_count_ms, &open_rows_ms);
  needs->needs_notice = TRUE;
  measure_query (model, needs, &count_ms, &rows_ms);
  n_lines = g_list_model_get_n_items (G_LIST_MODEL (model));
  must->must_cancel = TRUE;
  measure_query (model, must, &must_count_ms, &must_rows_ms);
  note = g_strdup_printf ("%u lines, to the count %.0f ms; without the filter %.0f ms to 50 rows, %.0f to the count;"
                          " delay-notices due (%u cases) %.0f ms; must cancel to the count %.0f ms",
                          n_lines, count_ms, open_rows_ms, open_count_ms, due->len, due_ms, must_count_ms);
  bench_report ("queue filter Needs a delay notice: to the first 50 rows", rows_ms, "ms",
                BENCH_AT_MOST, 50, note);
}

static GArray *
open_line_ids (BdStore *store,
               guint    limit)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) ids = bd_backorder_query_run_ids (store, query, NULL, NULL);

  g_assert_nonnull (ids);
  if (ids->len > limit)
    g_array_set_size (ids, limit);
  return g_steal_pointer (&ids);
}

static void
bench_actions (BdStore *store)
{
  g_autoptr(GArray) ids = open_line_ids (store, 10000);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  double start, ms;

  g_assert_cmpuint (ids->len, ==, 10000);

  for (guint i = 0; i < 100; i++)
    {
      gint64 id = g_array_index (ids, gint64, i * 37);

      start = bench_now_ms ();
      if (!bd_actions_set_status (store, &id, 1, "shipped", NULL, FALSE, NULL, &error))
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (samples, ms);
    }
  bench_report ("a queue action on one line (mark shipped, with its events), committed (median)",
                bench_median (samples), "ms", BENCH_AT_MOST, 5, NULL);

  /* the lines shipped above are not open any more */
  g_clear_pointer (&ids, g_array_unref);
  ids = open_line_ids (store, 10000);
  start = bench_now_ms ();
  if (!bd_actions_set_status (store, (gint64 *)(gpointer)ids->data, ids->len, "cancelled",
                              "benchmark", FALSE, &batch, &error))
    g_error ("%s", error->message);
  ms = bench_now_ms () - start;
  bench_report ("bulk cancel of 10,000 selected lines, committed", ms, "ms", BENCH_AT_MOST, 1000, NULL);
}

static void
bench_export (BdStore *store)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  guint n = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path ("/dev/null");
      g_autoptr(GFileOutputStream) out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &error);
      g_autoptr(GArray) ids = bd_backorder_query_run_ids (store, query, NULL, NULL);
      double start = bench_now_ms (), ms;

      g_assert_no_error (error);
      if (!bd_export_backorders_csv (store, query, G_OUTPUT_STREAM (out), NULL, &error))
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (samples, ms);
      n = ids->len;
    }

  note = g_strdup_printf ("%u open lines", n);
  bench_report ("export of the whole queue (the open lines) to CSV", bench_median (samples), "ms",
                BENCH_AT_MOST, 1000, note);
}

static void
copy_store (const char *from,
            const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  bench_remove_store (to);
  g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Replenishment suggestions for every product: the demand of the 100,000
 * open lines and each product's suppliers. */
static void
bench_replenish (BdStore *store)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;
  guint n = 0, demand = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) suggestions = NULL;
      double start = bench_now_ms (), ms;

      suggestions = bd_replenish_suggest (store, 0, &error);
      if (suggestions == NULL)
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (samples, ms);
      n = suggestions->len;
      demand = 0;
      for (guint k = 0; k < suggestions->len; k++)
        demand += ((BdReplenishSuggestion *)g_ptr_array_index (suggestions, k))->demand;
    }

  note = g_strdup_printf ("%u products, demand %u", n, demand);
  bench_report ("replenishment suggestions for all products (median)", bench_median (samples), "ms",
                BENCH_AT_MOST, 500, note);
}

/* The demand forecast and suggested levels of all 10,000 products: one
 * pass over the million order lines summed per product and day, then the
 * fitting of each product's two years of days. */
static void
bench_forecast (BdStore *store)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;
  guint n = 0, n_holt = 0, n_suggested = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) forecasts = NULL;
      double start = bench_now_ms (), ms;

      forecasts = bd_forecast_compute (store, NULL, &error);
      if (forecasts == NULL)
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (samples, ms);
      n = forecasts->len;
      n_holt = n_suggested = 0;
      for (guint k = 0; k < forecasts->len; k++)
        {
          const BdForecast *f = g_ptr_array_index (forecasts, k);

          n_holt += f->method == BD_FORECAST_HOLT;
          n_suggested += f->has_suggestion;
        }
    }

  note = g_strdup_printf ("%u products, %u Holt's, %u with a suggestion", n, n_holt, n_suggested);
  bench_report ("forecast and reorder points for all products (median)", bench_median (samples) / 1000.0, "s",
                BENCH_AT_MOST, 2, note);
}

/* All the figures of README "Metrics" for the year up to today and for
 * all time (the store holds two years). */
static void
bench_metrics (BdStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days (now, -364);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *first = g_date_time_format (year_ago, "%Y-%m-%d");
  struct { const char *name; const char *from; double target; } ranges[] = {
    { "all metrics for a year (median)", first, 500 },
    { "all metrics for all time (median)", "2000-01-01", 1000 },
  };

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *note = NULL;
      gint64 lines = 0, open = 0;

      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(BdMetrics) metrics = NULL;
          double start = bench_now_ms (), ms;

          metrics = bd_metrics_compute (store, ranges[r].from, today, &error);
          if (metrics == NULL)
            g_error ("%s", error->message);
          ms = bench_now_ms () - start;
          g_array_append_val (samples, ms);
          lines = metrics->order_lines;
          open = metrics->open_backorders;
        }

      note = g_strdup_printf ("%" G_GINT64_FORMAT " lines ordered in the range, %" G_GINT64_FORMAT
                              " open at its end", lines, open);
      bench_report (ranges[r].name, bench_median (samples), "ms", BENCH_AT_MOST, ranges[r].target, note);
    }
}

static BdStore *
open_copy (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  BdStore *store;

  copy_store (from, to);
  store = bd_store_open (to, &error);
  g_assert_no_error (error);
  return store;
}

/* The queue sorted by ETA (either way) under each status filter: the
 * median to the first 50 rows and to the full count, into @to_rows and
 * @to_count; @worst gets the slowest first rows. */
static void
measure_eta_sort (BdStore *store,
                  GArray  *to_rows,
                  GArray  *to_count,
                  char   **worst)
{
  g_autoptr(BdQueueModel) model = bd_queue_model_new (store);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  const BdStatusFilter filters[] = { BD_STATUS_FILTER_OPEN, BD_STATUS_FILTER_ALL, BD_STATUS_FILTER_ON_ORDER,
                                     BD_STATUS_FILTER_WAITING, BD_STATUS_FILTER_SHIPPED };
  double worst_ms = 0;

  query->sort = BD_SORT_ETA;
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (int descending = 0; descending < 2; descending++)
      {
        double count_ms, rows_ms;

        query->status = filters[f];
        query->descending = descending;
        measure_query (model, query, &count_ms, &rows_ms);
        g_print ("# ETA sort, status %u%s: %.1f ms to 50 rows, %.1f ms to the count, %u rows\n", filters[f],
                 descending ? " desc" : "", rows_ms, count_ms, g_list_model_get_n_items (G_LIST_MODEL (model)));
        g_array_append_val (to_rows, rows_ms);
        g_array_append_val (to_count, count_ms);
        if (rows_ms > worst_ms)
          {
            worst_ms = rows_ms;
            g_free (*worst);
            *worst = g_strdup_printf ("status %u%s %.0f ms", filters[f], descending ? " desc" : "", rows_ms);
          }
      }
}

/* The queue sorted by ETA once purchasing covers the open lines, whose
 * ETAs are then stored: first half the products' demand covered (half the
 * lines stored, half worked out from lead times), then all of it (100,000
 * lines covered by 200 POs), on a copy. */
static void
bench_eta_sort (const char *store_path,
                const char *scratch)
{
  g_autoptr(BdStore) store = open_copy (store_path, scratch);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (BdReplenishPlanItem));
  g_autoptr(BdReplenishResult) half = NULL;
  g_autoptr(BdReplenishResult) rest = NULL;
  g_autoptr(GArray) half_rows = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) half_count = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_rows = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_count = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *half_worst = NULL;
  g_autofree char *all_worst = NULL;
  g_autofree char *note = NULL;

  suggestions = bd_replenish_suggest (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < suggestions->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);

      if (s->product_id % 2 == 1 && s->demand > 0 && s->chosen >= 0)
        {
          BdSupplierOption *option = g_ptr_array_index (s->options, s->chosen);
          BdReplenishPlanItem item = { s->product_id, option->supplier_id, s->demand, s->need };

          g_array_append_val (plan, item);
        }
    }
  half = bd_replenish_create_orders (store, (BdReplenishPlanItem *)(gpointer)plan->data, plan->len, &error);
  if (half == NULL)
    g_error ("%s", error->message);
  /* measured once the log of the write is copied into the file, as the
   * list is read some time after */
  bd_store_wait_checkpoint (store);
  measure_eta_sort (store, half_rows, half_count, &half_worst);

  rest = bd_replenish_create_from_demand (store, 0, &error);
  if (rest == NULL)
    g_error ("%s", error->message);
  bd_store_wait_checkpoint (store);
  measure_eta_sort (store, all_rows, all_count, &all_worst);

  g_clear_object (&store);
  bench_remove_store (scratch);

  note = g_strdup_printf ("%u + %u lines covered; to the count %.0f ms; slowest %s; with %u covered: %.1f ms to "
                          "50 rows (slowest %s), %.0f ms to the count",
                          half->n_lines_covered, rest->n_lines_covered, bench_median (all_count), all_worst,
                          half->n_lines_covered, bench_median (half_rows), half_worst, bench_median (half_count));
  bench_report ("queue sorted by ETA, open lines covered by POs: to the first 50 rows (median)",
                bench_median (all_rows), "ms", BENCH_AT_MOST, 50, note);
}

/* The rows create-from-demand writes, by plain SQL statements in one
 * transaction on a connection with the store's own settings (and the same
 * page cache): the floor it is measured against. */
static const char plain_create_sql[] =
  "BEGIN IMMEDIATE;"
  "CREATE TEMP TABLE base_need AS SELECT product_id,"
  "  sum(backordered_quantity - covered_quantity - allocated_quantity) AS demand"
  " FROM order_lines WHERE status = 'waiting' AND backordered_quantity > 0 AND deleted = 0"
  " GROUP BY product_id;"
  "INSERT INTO purchase_orders (uuid, created_at, updated_at, number, supplier_id, status, currency,"
  "  ordered_at, expected_at)"
  " SELECT bd_uuid(), '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'BASE-' || ps.supplier_id,"
  "  ps.supplier_id, 'draft', 'USD', '2026-11-01T00:00:00Z', '2026-12-01'"
  " FROM base_need n JOIN product_suppliers ps ON ps.product_id = n.product_id AND ps.preferred = 1"
  " GROUP BY ps.supplier_id;"
  "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity, entity_uuid,"
  "  field, old_value, new_value)"
  " SELECT bd_uuid(), created_at, created_at, 'base', 'bench', 'po-create', 'purchase_orders', uuid,"
  "  'status', NULL, 'draft' FROM purchase_orders WHERE number LIKE 'BASE-%';"
  "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id, quantity, unit_cost)"
  " SELECT bd_uuid(), '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', po.id, n.product_id, n.demand,"
  "  ps.unit_cost"
  " FROM base_need n JOIN product_suppliers ps ON ps.product_id = n.product_id AND ps.preferred = 1"
  " JOIN purchase_orders po ON po.number = 'BASE-' || ps.supplier_id;"
  "INSERT INTO po_line_covers (uuid, created_at, updated_at, po_line_id, line_id, quantity)"
  " SELECT bd_uuid(), '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', pl.id, l.id,"
  "  l.backordered_quantity - l.covered_quantity - l.allocated_quantity"
  " FROM order_lines l JOIN po_lines pl ON pl.product_id = l.product_id"
  " WHERE l.status = 'waiting' AND l.backordered_quantity > 0 AND l.deleted = 0"
  "  AND pl.created_at = '2026-11-01T00:00:00Z';"
  "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity, entity_uuid, line_id,"
  "  field, old_value, new_value)"
  " SELECT bd_uuid(), c.created_at, c.created_at, 'base', 'bench', 'po-create', 'order_lines', l.uuid, l.id,"
  "  'status', l.status, 'on_order'"
  " FROM po_line_covers c JOIN order_lines l ON l.id = c.line_id;"
  "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity, entity_uuid, line_id,"
  "  field, old_value, new_value)"
  " SELECT bd_uuid(), c.created_at, c.created_at, 'base', 'bench', 'po-create', 'order_lines', l.uuid, l.id,"
  "  'covered_quantity', l.covered_quantity, l.covered_quantity + c.quantity"
  " FROM po_line_covers c JOIN order_lines l ON l.id = c.line_id;"
  "UPDATE order_lines SET status = 'on_order', covered_quantity = backordered_quantity - allocated_quantity,"
  "  eta = '2026-12-02', updated_at = '2026-11-01T00:00:00Z', dirty = 1"
  " WHERE status = 'waiting' AND backordered_quantity > 0 AND deleted = 0;"
  "COMMIT;";

/* Draft POs from all the demand (the 100,000 open lines covered, with
 * their events), against the same rows written by plain SQL, side by
 * side in the same run: three rounds, each on fresh copies, taking turns
 * so that the machine's other work weighs on both alike. */
static void
bench_create_from_demand (const char *store_path,
                          const char *scratch)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floors = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;
  guint n_pos = 0, n_covered = 0;
  gint64 covered_plain = 0;
  double ms, floor_ms;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(BdStore) plain = NULL;
      g_autoptr(BdStore) store = NULL;
      g_autoptr(BdReplenishResult) result = NULL;
      g_autoptr(GError) error = NULL;
      double start;

      plain = open_copy (store_path, scratch);
      bd_store_exec (plain, "PRAGMA cache_size = -262144", NULL);
      start = bench_now_ms ();
      if (!bd_store_exec (plain, plain_create_sql, &error))
        g_error ("%s", error->message);
      floor_ms = bench_now_ms () - start;
      g_array_append_val (floors, floor_ms);
      {
        g_autoptr(BdStmt) stmt = bd_store_prepare (plain, "SELECT count(*) FROM po_line_covers", NULL);

        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        covered_plain = sqlite3_column_int64 (stmt, 0);
      }
      g_clear_object (&plain);

      store = open_copy (store_path, scratch);
      start = bench_now_ms ();
      result = bd_replenish_create_from_demand (store, 0, &error);
      if (result == NULL)
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (ours, ms);
      n_pos = result->numbers->len;
      n_covered = result->n_lines_covered;
      g_print ("# create from demand, round %u: %.2f s, plain SQL %.2f s\n", round + 1, ms / 1000.0,
               floor_ms / 1000.0);
    }
  bench_remove_store (scratch);

  ms = bench_median (ours);
  floor_ms = bench_median (floors);
  note = g_strdup_printf ("%u POs, %u lines covered (plain SQL: %" G_GINT64_FORMAT ")",
                          n_pos, n_covered, covered_plain);
  bench_report ("create POs from all demand, with covers and events, committed (median)", ms / 1000.0, "s",
                BENCH_AT_MOST, 10, note);
  g_free (note);
  note = g_strdup_printf ("%.2f s vs plain SQL %.2f s (medians of 3)", ms / 1000.0, floor_ms / 1000.0);
  bench_report ("create POs from all demand as a multiple of plain SQL of the same rows", ms / floor_ms, "x",
                BENCH_AT_MOST, 1.3, note);
}

/* The PO detail's history and receipts of one PO (the median of 9
 * reads); *n_entries: the history's entries. */
static double
po_history_ms (BdStore *store,
               gint64   po_id,
               guint   *n_entries,
               guint   *n_receipts)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(GPtrArray) receipts = NULL;
      g_autoptr(GError) error = NULL;
      double start = bench_now_ms (), ms;

      receipts = bd_po_history_receipts (store, po_id, &error);
      if (receipts != NULL)
        history = bd_po_history_list (store, po_id, &error);
      if (history == NULL)
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (samples, ms);
      *n_entries = history->len;
      *n_receipts = receipts->len;
    }

  return bench_median (samples);
}

/* The history of the PO of the date change (1,000 PO lines covering
 * 10,010 backorder lines, its date moved six times) as the PO detail
 * reads it, its events found by entity_uuid among all of the store's;
 * then the same once the index events_entity is dropped (schema step
 * 7 added it), on this copy of the store. */
static void
bench_po_history (BdStore *store,
                  gint64   po_id)
{
  g_autofree char *note = NULL;
  guint n_entries = 0, n_receipts = 0;
  gint64 n_events = 0;
  double ms, scan_ms;

  {
    g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT count(*) FROM events", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    n_events = sqlite3_column_int64 (stmt, 0);
  }
  ms = po_history_ms (store, po_id, &n_entries, &n_receipts);
  if (!bd_store_exec (store, "DROP INDEX events_entity", NULL))
    g_error ("cannot drop events_entity");
  scan_ms = po_history_ms (store, po_id, &n_entries, &n_receipts);

  note = g_strdup_printf ("%u entries, %u receipts, among %" G_GINT64_FORMAT " events; %.1f ms without "
                          "the index on entity_uuid", n_entries, n_receipts, n_events, scan_ms);
  bench_report ("a PO's history and receipts, 10,010 lines covered: read (median)", ms, "ms", BENCH_AT_MOST, 50,
                note);
}

/* A PO covering about 10,000 lines (a supplier given 1,000 products),
 * then its expected date moved: the ETAs of its lines, with an event
 * each, committed. The store's thread copies the pages of the log into
 * the file after the commit (a checkpoint, see Checkpointer in
 * bd-store.c), and the next write waits for it to end: so each round
 * starts once the last one's checkpoint is done, which is timed apart,
 * as a clerk moves one date and not six in a row. */
static void
bench_date_change (const char *store_path,
                   const char *scratch)
{
  g_autoptr(BdStore) store = open_copy (store_path, scratch);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (BdReplenishPlanItem));
  g_autoptr(BdReplenishResult) result = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) checkpoint_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_cpu_samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 supplier_id = 0, po_id = 0, n_lines;
  double start, cpu, ms, risk_ms = 0, floor_ms;

  if (!bd_store_exec (store,
                      "INSERT INTO product_suppliers (uuid, created_at, updated_at, product_id, supplier_id,"
                      "  unit_cost, currency, preferred)"
                      " SELECT bd_uuid(), '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', p.id, s.id, 100, 'USD', 0"
                      " FROM products p, suppliers s WHERE s.ref = 'SUP-000' AND p.id <= 1000"
                      "  AND NOT EXISTS (SELECT 1 FROM product_suppliers x WHERE x.product_id = p.id"
                      "   AND x.supplier_id = s.id)",
                      &error) ||
      !bd_purchase_orders_find_supplier (store, "SUP-000", &supplier_id, &error))
    g_error ("%s", error->message);

  suggestions = bd_replenish_suggest (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < suggestions->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);
      BdReplenishPlanItem item = { s->product_id, supplier_id, s->demand, s->need };

      if (s->product_id <= 1000 && s->demand > 0)
        g_array_append_val (plan, item);
    }
  result = bd_replenish_create_orders (store, (BdReplenishPlanItem *)(gpointer)plan->data, plan->len, &error);
  if (result == NULL || !bd_purchase_orders_find (store, result->numbers->pdata[0], &po_id, &error))
    g_error ("%s", error->message);
  {
    g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT count(*) FROM po_line_covers c"
                                                      " JOIN po_lines pl ON pl.id = c.po_line_id"
                                                      " WHERE pl.po_id = ?", NULL);

    sqlite3_bind_int64 (stmt, 1, po_id);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    n_lines = sqlite3_column_int64 (stmt, 0);
  }

  /* the date moves later and back: every run moves every ETA */
  for (guint i = 0; i < 6; i++)
    {
      const char *date = i % 2 == 0 ? "2027-06-01" : "2027-05-01";

      g_clear_pointer (&batch, g_free);
      bd_store_wait_checkpoint (store);
      start = bench_now_ms ();
      cpu = bench_thread_cpu_ms ();
      if (!bd_purchase_orders_set_expected (store, po_id, date, &batch, &error))
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      cpu = bench_thread_cpu_ms () - cpu;
      g_array_append_val (samples, ms);
      g_array_append_val (cpu_samples, cpu);
      start = bench_now_ms ();
      bd_store_wait_checkpoint (store);
      ms = bench_now_ms () - start;
      g_array_append_val (checkpoint_samples, ms);

      if (i == 0)
        {
          start = bench_now_ms ();
          risks = bd_eta_list_at_risk (store, batch, &error);
          g_assert_no_error (error);
          risk_ms = bench_now_ms () - start;
        }
    }

  /* the floor: the same rows by plain SQL in a transaction, an event
   * for each line and one UPDATE of their ETAs */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE;"
                                              "CREATE TEMP TABLE IF NOT EXISTS base_lines (id INTEGER PRIMARY KEY);"
                                              "DELETE FROM base_lines;"
                                              "INSERT INTO base_lines SELECT c.line_id FROM po_line_covers c"
                                              "  JOIN po_lines pl ON pl.id = c.po_line_id WHERE pl.po_id = %" G_GINT64_FORMAT ";"
                                              "INSERT INTO events (uuid, created_at, updated_at, batch, author, action,"
                                              "  entity, entity_uuid, line_id, field, old_value, new_value)"
                                              " SELECT bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', 'base',"
                                              "  'bench', 'po-date', 'order_lines', l.uuid, l.id, 'eta', l.eta, '2027-0%u-01'"
                                              " FROM base_lines b CROSS JOIN order_lines l ON l.id = b.id;"
                                              "UPDATE order_lines SET eta = '2027-0%u-01', updated_at = '2026-11-30T00:00:00Z',"
                                              "  dirty = 1 WHERE id IN (SELECT id FROM base_lines);"
                                              "COMMIT;", po_id, 7 + i % 2, 7 + i % 2);

      bd_store_wait_checkpoint (store);
      start = bench_now_ms ();
      cpu = bench_thread_cpu_ms ();
      if (!bd_store_exec (store, sql, &error))
        g_error ("%s", error->message);
      floor_ms = bench_now_ms () - start;
      cpu = bench_thread_cpu_ms () - cpu;
      g_array_append_val (floor_samples, floor_ms);
      g_array_append_val (floor_cpu_samples, cpu);
    }
  ms = bench_median (samples);
  floor_ms = bench_median (floor_samples);


  note = g_strdup_printf ("%" G_GINT64_FORMAT " ETAs with an event each; the same rows by plain SQL "
                          "%.0f ms; processor time %.0f ms against plain SQL's %.0f ms; listing the %u lines "
                          "at risk %.0f ms more; the checkpoint after the commit, on the store's thread, %.0f ms",
                          n_lines, floor_ms, bench_median (cpu_samples), bench_median (floor_cpu_samples),
                          risks->len, risk_ms, bench_median (checkpoint_samples));
  bench_report ("a PO date change recomputing its lines' ETAs, committed (median)", ms, "ms", BENCH_AT_MOST, 200,
                note);

  bench_po_history (store, po_id);
  g_clear_object (&store);
  bench_remove_store (scratch);
}


/* One receipt handed out over 10,000 covered lines: 10,000 open lines of
 * as many orders given to one product, a PO covering all of them, and the
 * whole of it received (every line allocated, its cover taken back,
 * with the events), committed; three rounds, each undone after, and each
 * beside the same rows written by plain SQL (one UPDATE of the lines)
 * and put back. */
static void
bench_receive (const char *store_path,
               const char *scratch)
{
  g_autoptr(BdStore) store = open_copy (store_path, scratch);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) undo_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(BdReplenishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *sku = NULL;
  BdReplenishPlanItem item = { 0, };
  gint64 po_id = 0, n_lines = 0, need = 0;

  {
    g_autoptr(BdStmt) stmt = NULL;

    if (!bd_store_exec (store,
                        "CREATE TEMP TABLE bench_lines AS SELECT min(id) AS id FROM order_lines"
                        " WHERE status = 'waiting' AND backordered_quantity > 0 AND deleted = 0"
                        "  AND order_id NOT IN (SELECT order_id FROM order_lines WHERE product_id = 1)"
                        " GROUP BY order_id LIMIT 10000;"
                        "UPDATE order_lines SET product_id = 1 WHERE id IN (SELECT id FROM bench_lines)",
                        &error))
      g_error ("%s", error->message);

    stmt = bd_store_prepare (store,
                             "SELECT p.sku, ps.supplier_id,"
                             "  (SELECT count(*) FROM order_lines WHERE product_id = 1 AND status = 'waiting'"
                             "   AND backordered_quantity > 0 AND deleted = 0),"
                             "  (SELECT sum(backordered_quantity) FROM order_lines WHERE product_id = 1"
                             "   AND status = 'waiting' AND backordered_quantity > 0 AND deleted = 0)"
                             " FROM products p JOIN product_suppliers ps ON ps.product_id = p.id AND ps.preferred = 1"
                             " WHERE p.id = 1", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    sku = bd_stmt_dup_text (stmt, 0);
    item.product_id = 1;
    item.supplier_id = sqlite3_column_int64 (stmt, 1);
    n_lines = sqlite3_column_int64 (stmt, 2);
    need = sqlite3_column_int64 (stmt, 3);
    item.quantity = (int)need;
  }

  result = bd_replenish_create_orders (store, &item, 1, &error);
  if (result == NULL || !bd_purchase_orders_find (store, result->numbers->pdata[0], &po_id, &error) ||
      !bd_purchase_orders_set_status (store, po_id, "sent", NULL, NULL, &error))
    g_error ("%s", error->message);
  g_assert_cmpint (result->n_lines_covered, ==, n_lines);

  /* the lines as they are before, to put them back after the floor */
  if (!bd_store_exec (store,
                      "CREATE TEMP TABLE base_lines AS SELECT id, status, covered_quantity, eta FROM order_lines"
                      " WHERE product_id = 1 AND status = 'on_order' AND backordered_quantity > 0 AND deleted = 0",
                      &error))
    g_error ("%s", error->message);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(BdReceipt) receipt = NULL;
      g_autofree char *floor_sql = NULL;
      g_autofree char *restore_sql = NULL;
      double start = bench_now_ms (), ms, undo_ms, floor_ms;

      receipt = bd_receiving_receive (store, po_id, sku, (int)need, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
      if (receipt == NULL)
        g_error ("%s", error->message);
      ms = bench_now_ms () - start;
      g_array_append_val (samples, ms);
      g_assert_cmpint (receipt->to_stock, ==, 0);
      g_assert_cmpint (receipt->n_lines_short, ==, 0);

      start = bench_now_ms ();
      if (!bd_receiving_undo (store, receipt->batch, &error))
        g_error ("%s", error->message);
      undo_ms = bench_now_ms () - start;
      g_array_append_val (undo_samples, undo_ms);

      /* the floor: the same rows by plain SQL in one transaction, one
       * UPDATE of the lines with all their columns, then put back */
      floor_sql = g_strdup_printf (
        "BEGIN IMMEDIATE;"
        "INSERT INTO receipts (uuid, created_at, updated_at, po_id, received_at, author, policy)"
        " VALUES (bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', %1$" G_GINT64_FORMAT ","
        "  '2026-11-30T00:00:00Z', 'bench', 'base');"
        "INSERT INTO receipt_lines (uuid, created_at, updated_at, receipt_id, po_line_id, product_id, quantity)"
        " SELECT bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', (SELECT max(id) FROM receipts), id, 1,"
        "  quantity"
        " FROM po_lines WHERE po_id = %1$" G_GINT64_FORMAT ";"
        "INSERT INTO allocations (uuid, created_at, updated_at, receipt_line_id, line_id, quantity)"
        " SELECT bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', (SELECT max(id) FROM receipt_lines), l.id,"
        "  l.backordered_quantity FROM base_lines b CROSS JOIN order_lines l ON l.id = b.id;"
        "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity, entity_uuid, line_id,"
        "  field, old_value, new_value)"
        " SELECT bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', 'base', 'bench', 'receive',"
        "  'order_lines', l.uuid, l.id, 'status', l.status, 'allocated'"
        " FROM base_lines b CROSS JOIN order_lines l ON l.id = b.id;"
        "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity, entity_uuid, line_id,"
        "  field, old_value, new_value)"
        " SELECT bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', 'base', 'bench', 'receive',"
        "  'order_lines', l.uuid, l.id, 'allocated_quantity', 0, l.backordered_quantity"
        " FROM base_lines b CROSS JOIN order_lines l ON l.id = b.id;"
        "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity, entity_uuid, line_id,"
        "  field, old_value, new_value)"
        " SELECT bd_uuid(), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', 'base', 'bench', 'receive',"
        "  'order_lines', l.uuid, l.id, 'covered_quantity', l.covered_quantity, 0"
        " FROM base_lines b CROSS JOIN order_lines l ON l.id = b.id;"
        "UPDATE order_lines SET status = 'allocated', allocated_quantity = backordered_quantity,"
        "  covered_quantity = 0, eta = '2026-12-01', updated_at = '2026-11-30T00:00:00Z', dirty = 1"
        " WHERE id IN (SELECT id FROM base_lines);"
        "UPDATE po_line_covers SET deleted = 1, updated_at = '2026-11-30T00:00:00Z', dirty = 1"
        " WHERE deleted = 0 AND po_line_id IN (SELECT id FROM po_lines WHERE po_id = %1$" G_GINT64_FORMAT ");"
        "UPDATE po_lines SET quantity_received = quantity, updated_at = '2026-11-30T00:00:00Z', dirty = 1"
        " WHERE po_id = %1$" G_GINT64_FORMAT ";"
        "UPDATE purchase_orders SET status = 'received', updated_at = '2026-11-30T00:00:00Z', dirty = 1"
        " WHERE id = %1$" G_GINT64_FORMAT ";"
        "COMMIT;", po_id);
      restore_sql = g_strdup_printf (
        "BEGIN IMMEDIATE;"
        "UPDATE order_lines SET status = b.status, allocated_quantity = 0, covered_quantity = b.covered_quantity,"
        "  eta = b.eta FROM base_lines b WHERE order_lines.id = b.id"
        "  AND order_lines.id IN (SELECT id FROM base_lines);"
        "UPDATE po_line_covers SET deleted = 0 WHERE updated_at = '2026-11-30T00:00:00Z';"
        "UPDATE po_lines SET quantity_received = 0 WHERE po_id = %1$" G_GINT64_FORMAT ";"
        "UPDATE purchase_orders SET status = 'sent' WHERE id = %1$" G_GINT64_FORMAT ";"
        "DELETE FROM allocations WHERE created_at = '2026-11-30T00:00:00Z';"
        "DELETE FROM receipt_lines WHERE created_at = '2026-11-30T00:00:00Z';"
        "DELETE FROM receipts WHERE created_at = '2026-11-30T00:00:00Z';"
        "DELETE FROM events WHERE batch = 'base';"
        "COMMIT;", po_id);

      start = bench_now_ms ();
      if (!bd_store_exec (store, floor_sql, &error))
        g_error ("%s", error->message);
      floor_ms = bench_now_ms () - start;
      g_array_append_val (floor_samples, floor_ms);
      if (!bd_store_exec (store, restore_sql, &error))
        g_error ("%s", error->message);

      g_print ("# receive over %" G_GINT64_FORMAT " lines, round %u: %.0f ms, undo %.0f ms, plain SQL %.0f ms\n",
               n_lines, round + 1, ms, undo_ms, floor_ms);
    }

  g_clear_object (&store);
  bench_remove_store (scratch);

  note = g_strdup_printf ("%" G_GINT64_FORMAT " lines allocated in full (%" G_GINT64_FORMAT " units), covers "
                          "taken back, with events; the same rows by plain SQL %.0f ms; its undo %.0f ms",
                          n_lines, need, bench_median (floor_samples), bench_median (undo_samples));
  bench_report ("one receipt allocated over 10,000 covered lines, committed (median)", bench_median (samples), "ms",
                BENCH_AT_MOST, 1000, note);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *store_path = g_build_filename (bench_out_dir (), "bench-1m.sqlite3", NULL);
  g_autofree char *scratch = g_build_filename (bench_out_dir (), "bench-scratch.sqlite3", NULL);
  g_autofree char *orders_path = data_file ("orders.csv");
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdStore) writable = NULL;
  g_autoptr(GError) error = NULL;
  const char *only = g_getenv ("BD_BENCH_ONLY");

  g_setenv ("TZ", "UTC", TRUE);
  g_print ("%-62s %12s %-8s %-16s %s\n", "figure", "measured", "unit", "target", "");

  /* BD_BENCH_ONLY=communication: only the messages' and timeline's rows,
   * on a store of their own (no 1M store needed) */
  if (g_strcmp0 (only, "communication") == 0)
    {
      bench_communication ();
      return bench_finish ();
    }

  if (env_uint ("BD_BENCH_IMPORT_RUNS", 3) > 0)
    bench_import (store_path);
  if (!bench_store_is_current (store_path, orders_path))
    {
      g_print ("# making the 1M store\n");
      import_all (store_path);
    }

  store = bd_store_open (store_path, &error);
  g_assert_no_error (error);
  /* BD_BENCH_ONLY=forecast: only the forecast row */
  if (g_strcmp0 (only, "forecast") == 0)
    {
      bench_forecast (store);
      g_clear_object (&store);
      return bench_finish ();
    }
  /* BD_BENCH_ONLY=metrics: only the metrics rows */
  if (g_strcmp0 (only, "metrics") == 0)
    {
      bench_metrics (store);
      g_clear_object (&store);
      return bench_finish ();
    }
  /* BD_BENCH_ONLY=queue: only the queue's search and filter rows (and
   * the ETA sort's, on a copy); =eta: only the ETA sort's */
  if (g_strcmp0 (only, "queue") == 0 || g_strcmp0 (only, "eta") == 0)
    {
      if (g_strcmp0 (only, "queue") == 0)
        {
          bench_search (store);
          bench_filter_sort (store);
        }
      g_clear_object (&store);
      bench_eta_sort (store_path, scratch);
      return bench_finish ();
    }
  /* BD_BENCH_ONLY=delay-notices: only the delay-notice filter's row */
  if (g_strcmp0 (only, "delay-notices") == 0)
    {
      bench_delay_notice_filters (store);
      g_clear_object (&store);
      return bench_finish ();
    }
  /* BD_BENCH_ONLY=create: only the create-from-demand rows */
  if (g_strcmp0 (only, "create") == 0)
    {
      g_clear_object (&store);
      bench_create_from_demand (store_path, scratch);
      return bench_finish ();
    }
  /* BD_BENCH_ONLY=po-date: only the PO date change row and the history of
   * that PO */
  if (g_strcmp0 (only, "po-date") == 0)
    {
      g_clear_object (&store);
      bench_date_change (store_path, scratch);
      return bench_finish ();
    }
  /* BD_BENCH_ONLY=purchasing: only the purchasing rows; =receiving: only
   * the receipt's */
  if (only == NULL)
    {
      bench_search (store);
      bench_filter_sort (store);
      bench_export (store);

      /* actions write: on a copy, so that the cached store stays as imported */
      copy_store (store_path, scratch);
      writable = bd_store_open (scratch, &error);
      g_assert_no_error (error);
      bench_actions (writable);
      g_clear_object (&writable);
      bench_remove_store (scratch);
    }

  if (g_strcmp0 (only, "receiving") != 0)
    bench_replenish (store);
  if (only == NULL)
    {
      bench_metrics (store);
      bench_forecast (store);
    }
  g_clear_object (&store);
  /* these write: each on a copy of its own */
  if (g_strcmp0 (only, "receiving") != 0)
    {
      bench_create_from_demand (store_path, scratch);
      bench_date_change (store_path, scratch);
    }
  if (only == NULL)
    bench_eta_sort (store_path, scratch);
  bench_receive (store_path, scratch);

  return bench_finish ();
}
