/* bench-ui.c: the window at the size of a large shop: start-up to the first
 * frame with rows, the work per frame while scrolling 400,000 lines against
 * a plain GtkColumnView over a GtkStringList, and peak memory.
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: bench-ui                 all figures (runs itself for the others)
 *        bench-ui --start STORE   prints "startup MS rss-kb KB" for STORE
 *        BD_BENCH_ONLY=dashboard  only the dashboard's range switch
 */

#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "bd-application.h"
#include "bd-dashboard-page.h"
#include "bd-import.h"
#include "bd-queue-page.h"
#include "bd-window.h"
#include "bench-scroll.h"
#include "bench-util.h"

static gint64 main_start_us;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out: %s", (const char *)data);
  return G_SOURCE_REMOVE;
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static gboolean
first_rows_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  BdWindow *window = BD_WINDOW (widget);
  BdQueueModel *model = bd_queue_page_get_model (bd_window_get_queue_page (window));
  double *when = user_data;

  /* the first frame drawn once the model holds rows */
  if (model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 &&
      gtk_widget_get_mapped (GTK_WIDGET (bd_queue_page_get_column_view (bd_window_get_queue_page (window)))))
    {
      *when = (g_get_monotonic_time () - main_start_us) / 1000.0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static BdWindow *
open_window (BdApplication *app,
             const char    *store,
             double        *startup_ms)
{
  BdWindow *window = bd_window_new (app, store, FALSE);
  guint timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer)"the first rows");

  *startup_ms = -1;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), first_rows_cb, startup_ms, NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (*startup_ms < 0)
    g_main_context_iteration (NULL, TRUE);
  /* the tick that saw the rows runs before that frame's paint: let it paint */
  g_main_context_iteration (NULL, FALSE);
  g_source_remove (timeout);
  return window;
}

static void
wait_loaded (BdQueueModel *model)
{
  guint timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer)"the queue");

  while (bd_queue_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

typedef struct
{
  BdDashboardPage *page;
  const char *from;         /* the range's first day, once its figures are in */
  gboolean painted;
} RangeSwitch;

static void
range_painted_cb (GdkFrameClock *clock,
                  RangeSwitch   *range)
{
  const BdMetrics *metrics = bd_dashboard_page_get_metrics (range->page);

  if (!bd_dashboard_page_get_loading (range->page) && metrics != NULL &&
      g_strcmp0 (metrics->from, range->from) == 0)
    range->painted = TRUE;
}

/* The processor time of the process so far, all threads, in ms: what a
 * switch costs whatever else the machine runs. */
static double
process_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* The dashboard on the 1M store, switched between this year and the last
 * 90 days: from the switch to the frame painted with the new figures
 * (tiles, the comparison with the period before, charts). */
static void
bench_dashboard (BdApplication *app,
                 const char    *store)
{
  static const BdMetricsRange ranges[] = { BD_METRICS_RANGE_THIS_YEAR, BD_METRICS_RANGE_LAST_90 };
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *today = NULL;
  g_autofree char *note = NULL;
  RangeSwitch range = { NULL, NULL, FALSE };
  guint timeout;
  GdkFrameClock *clock;
  BdWindow *window;
  double startup;
  gulong handler;

  window = open_window (app, store, &startup);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  range.page = BD_DASHBOARD_PAGE (bd_window_get_dashboard_page (window));
  bd_window_show_page (window, "dashboard");
  timeout = g_timeout_add_seconds (300, timeout_cb, (gpointer)"the dashboard");
  while (bd_dashboard_page_get_metrics (range.page) == NULL || bd_dashboard_page_get_loading (range.page))
    g_main_context_iteration (NULL, TRUE);

  today = g_strdup (bd_dashboard_page_get_metrics (range.page)->to);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (range_painted_cb), &range);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      double start, ms, cpu;

      g_assert_true (bd_metrics_range_dates (ranges[i % 2], today, &from, &to));
      range.from = from;
      range.painted = FALSE;
      start = bench_now_ms ();
      cpu = process_cpu_ms ();
      bd_dashboard_page_set_range (range.page, ranges[i % 2]);
      while (!range.painted)
        g_main_context_iteration (NULL, TRUE);
      ms = bench_now_ms () - start;
      cpu = process_cpu_ms () - cpu;
      g_array_append_val (samples, ms);
      g_print ("# %s to %s: %.0f ms, processor time %.0f ms\n", from, to, ms, cpu);
    }
  g_signal_handler_disconnect (clock, handler);
  g_source_remove (timeout);
  gtk_window_destroy (GTK_WINDOW (window));

  /* the first two compute the period before too; the others find it
   * kept (README, "Using it": the Dashboard) */
  note = g_strdup_printf ("this year and the last 90 days in turn, %u switches; the first to this year, "
                          "with the period before to compute, %.0f ms", samples->len,
                          g_array_index (samples, double, 0));
  bench_report ("switching the dashboard's range repaints the page with the new figures (median)",
                bench_median (samples), "ms", BENCH_AT_MOST, 600, note);
}

static BdApplication *
new_app (void)
{
  BdApplication *app = bd_application_new ("io.github.backorderdesk.BackorderDesk.Bench",
                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* A child run: start on @store, show all backorder lines, scroll through
 * them, print the start-up time and the peak resident memory. */
static int
run_start (const char *store)
{
  g_autoptr(BdApplication) app = new_app ();
  BdWindow *window;
  BdQueuePage *page;
  double startup;
  BenchFrames frames;

  window = open_window (app, store, &startup);
  page = bd_window_get_queue_page (window);
  bd_queue_page_set_status_filter (page, BD_STATUS_FILTER_ALL);
  wait_loaded (bd_queue_page_get_model (page));
  bench_frames_init (&frames);
  bench_scroll_through (GTK_WIDGET (bd_queue_page_get_column_view (page)), &frames, NULL, NULL);

  g_print ("startup %.1f rss-kb %ld rows %u\n", startup, peak_rss_kb (),
           g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (page))));
  g_print ("# scroll work a frame: median %.2f ms, 95th percentile %.2f ms\n",
           bench_median (frames.work), bench_percentile (frames.work, 0.95));
  bench_frames_clear (&frames);
  return 0;
}

static gboolean
run_child (const char *self,
           const char *store,
           double     *startup,
           long       *rss_kb)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *line;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self, "--start", store, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  line = out ? strstr (out, "startup ") : NULL;
  if (!g_subprocess_get_successful (process) || line == NULL ||
      sscanf (line, "startup %lf rss-kb %ld", startup, rss_kb) != 2)
    return FALSE;
  return TRUE;
}

static char *
small_store (void)
{
  g_autofree char *dir = g_build_filename (bench_data_dir (), "small", NULL);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  char *path = g_build_filename (bench_out_dir (), "bench-1k.sqlite3", NULL);
  const char *files[] = { "suppliers.csv", "products.csv", "orders.csv" };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (bench_store_is_current (path, orders))
    return path;
  bench_remove_store (path);

  store = bd_store_create (path, &error);
  g_assert_no_error (error);
  for (BdImportKind kind = BD_IMPORT_SUPPLIERS; kind <= BD_IMPORT_ORDERS; kind++)
    {
      g_autofree char *file = g_build_filename (dir, files[kind], NULL);

      if (!bd_import_path (store, kind, file, NULL, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
    }
  return path;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *big = NULL;
  g_autofree char *small = NULL;
  g_autoptr(GArray) startups = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(BdApplication) app = NULL;
  BenchFrames ours_frames, plain_frames;
  GArray *ours, *plain;
  g_autofree char *note = NULL;
  long rss_big = -1, rss_small = -1;
  double startup;
  BdWindow *window;
  BdQueuePage *page;
  GtkWidget *baseline;
  guint n_rows;

  main_start_us = g_get_monotonic_time ();
  gtk_init ();
  adw_init ();

  if (argc == 3 && g_str_equal (argv[1], "--start"))
    return run_start (argv[2]);

  big = g_build_filename (bench_out_dir (), "bench-1m.sqlite3", NULL);
  if (!g_file_test (big, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: the core benchmark makes it, run it first", big);
  /* the core benchmark runs first and makes it again when it is stale */
  if (g_strcmp0 (g_getenv ("BD_BENCH_ONLY"), "dashboard") == 0)
    {
      app = new_app ();
      bench_dashboard (app, big);
      return bench_finish ();
    }
  small = small_store ();

  /* start-up and memory, each in a process of its own; BD_BENCH_ONLY=scroll
   * skips them */
  for (guint i = 0; i < 3 && g_strcmp0 (g_getenv ("BD_BENCH_ONLY"), "scroll") != 0; i++)
    {
      long rss;

      if (!run_child (argv[0], big, &startup, &rss))
        g_error ("the start-up run failed");
      g_array_append_val (startups, startup);
      rss_big = MAX (rss_big, rss);
    }
  if (startups->len > 0)
    {
      if (!run_child (argv[0], small, &startup, &rss_small))
        g_error ("the start-up run on the small store failed");

      bench_report ("open backorder-desk on the 1M store: main() to the first frame with rows",
                    bench_median (startups), "ms", BENCH_AT_MOST, 500, NULL);
      note = g_strdup_printf ("%ld MB with 1M lines, %ld MB with 1,000", rss_big / 1024, rss_small / 1024);
      bench_report ("peak resident memory, 1M store after scrolling all backorder lines, over a 1,000-line store",
                    (rss_big - rss_small) / 1024.0, "MB", BENCH_AT_MOST, 40, note);
    }

  /* scrolling: ours and the plain column view, in this process, taking
   * turns so that the machine's drift weighs on both alike */
  app = new_app ();
  window = open_window (app, big, &startup);
  page = bd_window_get_queue_page (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  bd_queue_page_set_status_filter (page, BD_STATUS_FILTER_ALL);
  wait_loaded (bd_queue_page_get_model (page));
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (page)));
  baseline = bench_scroll_baseline_window (n_rows);
  bench_frames_init (&ours_frames);
  bench_frames_init (&plain_frames);
  bench_scroll_alternating (GTK_WIDGET (bd_queue_page_get_column_view (page)), &ours_frames,
                            g_object_get_data (G_OBJECT (baseline), "view"), &plain_frames, NULL, NULL);
  ours = ours_frames.work;
  plain = plain_frames.work;
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (baseline));

  {
    double ours_median = bench_median (ours), plain_median = bench_median (plain);
    double ours_p95 = bench_percentile (ours, 0.95), plain_p95 = bench_percentile (plain, 0.95);
    g_autofree char *median_note = g_strdup_printf ("%.2f ms vs %.2f ms a frame, %u rows, %u frames",
                                                    ours_median, plain_median, n_rows, ours->len);
    g_autofree char *p95_note = g_strdup_printf ("%.2f ms vs %.2f ms a frame", ours_p95, plain_p95);

    bench_report ("scroll all backorder lines: work per frame, median, over a plain GtkColumnView",
                  ours_median / plain_median, "x", BENCH_AT_MOST, 1.2, median_note);
    bench_report ("scroll all backorder lines: work per frame, 95th percentile, over a plain GtkColumnView",
                  ours_p95 / plain_p95, "x", BENCH_AT_MOST, 1.2, p95_note);
  }
  bench_frames_clear (&ours_frames);
  bench_frames_clear (&plain_frames);

  return bench_finish ();
}
