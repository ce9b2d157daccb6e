/* test-ui-dashboard.c: the Dashboard page on sample data, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-dashboard"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "bd-application.h"
#include "bd-dashboard-page.h"
#include "bd-dashboard-page-private.h"
#include "bd-demo.h"
#include "bd-queue-filter-bar.h"
#include "bd-queue-page.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

typedef struct
{
  char *dir;
  char *database;
  BdWindow *window;
  BdDashboardPage *page;
  BdQueuePage *queue;
  guint shown;        /* times the page showed figures */
  const BdMetrics *held; /* figures the test holds a reference to */
} Fixture;

static BdApplication *app;

static gboolean
queue_loaded (Fixture *fixture)
{
  BdQueueModel *model = bd_queue_page_get_model (fixture->queue);

  return model != NULL && !bd_queue_model_get_loading (model) && !bd_queue_model_get_partial (model);
}

static gboolean
figures_shown (Fixture *fixture)
{
  return !bd_dashboard_page_get_loading (fixture->page) && bd_dashboard_page_get_metrics (fixture->page) != NULL;
}

/* the figures shown are not those held by the test any more */
static gboolean
figures_recomputed (Fixture *fixture)
{
  return figures_shown (fixture) && fixture->held != NULL &&
         bd_dashboard_page_get_metrics (fixture->page) != fixture->held;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);
  bd_test_ui_make_demo_store (fixture->database);

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 900);
  fixture->page = BD_DASHBOARD_PAGE (bd_window_get_dashboard_page (fixture->window));
  fixture->queue = bd_window_get_queue_page (fixture->window);
  bd_test_ui_wait_for (fixture, queue_loaded, "the queue");

  /* the figures are computed when the page is first shown */
  g_assert_null (bd_dashboard_page_get_metrics (fixture->page));
  g_assert_false (bd_dashboard_page_get_loading (fixture->page));
  bd_window_show_page (fixture->window, "dashboard");
  bd_test_ui_wait_for (fixture, figures_shown, "the figures");
  bd_test_ui_settle ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_drain ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

static const char *
tile_value (Fixture    *fixture,
            const char *name)
{
  BdKpiTile *tile = bd_dashboard_page_get_tile (fixture->page, name);

  g_assert_nonnull (tile);
  return bd_kpi_tile_get_value (tile);
}

/* The page opens on the last 30 days, each figure's tile with its value
 * and its change against the 30 days before in words; the charts are
 * there, each described in words. */
static void
test_dashboard_tiles (Fixture       *fixture,
                      gconstpointer  data)
{
  const BdMetrics *metrics = bd_dashboard_page_get_metrics (fixture->page);
  g_autofree char *open = NULL;
  g_autofree char *expected_from = NULL;
  g_autofree char *expected_to = NULL;
  g_autofree char *today = bd_metrics_today (bd_window_get_store (fixture->window));
  static const char * const charts[] = { "opened-closed", "age-buckets", "on-time", "top-products-units",
                                         "top-suppliers-units" };
  BdKpiTile *rate;

  g_assert_true (bd_metrics_range_dates (BD_METRICS_RANGE_LAST_30, today, &expected_from, &expected_to));
  g_assert_cmpstr (metrics->from, ==, expected_from);
  g_assert_cmpstr (metrics->to, ==, expected_to);

  open = g_strdup_printf ("%" G_GINT64_FORMAT, metrics->open_backorders);
  g_assert_cmpstr (tile_value (fixture, "open_backorders"), ==, open);
  g_assert_cmpint (metrics->open_backorders, >, 0);

  /* a rate with its change: up or down, and said to be better or worse */
  rate = bd_dashboard_page_get_tile (fixture->page, "backorder_rate");
  g_assert_true (g_str_has_suffix (bd_kpi_tile_get_value (rate), "%"));
  g_assert_true (g_str_has_suffix (bd_kpi_tile_get_change (rate), "better") ||
                 g_str_has_suffix (bd_kpi_tile_get_change (rate), "worse") ||
                 g_str_has_prefix (bd_kpi_tile_get_change (rate), "No change"));

  /* the suppliers' PO lines pooled, not a mean of their rates; the
   * sample data's on-hand snapshots give a turnover */
  {
    g_autofree char *pooled = g_strdup_printf ("%.1f%%", metrics->suppliers_on_time_rate * 100);
    g_autofree char *turnover = g_strdup_printf ("%.2f×", metrics->inventory_turnover);
    BdKpiTile *suppliers = bd_dashboard_page_get_tile (fixture->page, "supplier_on_time_rate");
    g_autofree char *lines = g_strdup_printf ("Of %" G_GINT64_FORMAT " PO lines received",
                                              metrics->suppliers_po_lines_received);

    g_assert_cmpint (metrics->suppliers_po_lines_received, >, 1);
    g_assert_cmpstr (tile_value (fixture, "supplier_on_time_rate"), ==, pooled);
    g_assert_cmpstr (bd_kpi_tile_get_detail (suppliers), ==, lines);
    g_assert_false (bd_metrics_is_null (metrics->inventory_turnover));
    g_assert_cmpstr (tile_value (fixture, "inventory_turnover"), ==, turnover);
  }

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      BdChart *chart = bd_dashboard_page_get_chart (fixture->page, charts[i]);

      g_assert_nonnull (chart);
      g_assert_true (g_str_has_prefix (bd_chart_get_description (chart), bd_chart_get_title (chart)));
    }
  /* the backlog's buckets, in words */
  {
    BdChart *ages = bd_dashboard_page_get_chart (fixture->page, "age-buckets");
    g_autofree char *words = g_strdup_printf ("0–7 days: %" G_GINT64_FORMAT ";", metrics->age_buckets[0]);

    g_assert_cmpuint (bd_chart_get_n_labels (ages), ==, BD_METRICS_N_AGE_BUCKETS);
    g_assert_nonnull (strstr (bd_chart_get_description (ages), words));
  }

  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard.png");
  bd_test_ui_save_png (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_DASHBOARD_PAGE,
                                                       "charts_box")),
            "ui-dashboard-charts.png");
}

/* Another range: the figures of its days; while they are computed the
 * page keeps the figures it has, with a spinner; a range chosen before
 * they come replaces the stale one, whose figures never show. */
static void
test_dashboard_range (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *today = bd_metrics_today (bd_window_get_store (fixture->window));
  g_autofree char *from_7 = NULL, *from_90 = NULL, *to = NULL;
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                       BD_TYPE_DASHBOARD_PAGE, "range_dropdown"));
  GtkWidget *spinner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                  BD_TYPE_DASHBOARD_PAGE, "spinner"));
  GtkWidget *error_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                      BD_TYPE_DASHBOARD_PAGE, "error_label"));
  const BdMetrics *before = bd_dashboard_page_get_metrics (fixture->page);
  g_autofree char *shown_before = g_strdup (tile_value (fixture, "open_backorders"));

  g_assert_true (bd_metrics_range_dates (BD_METRICS_RANGE_LAST_7, today, &from_7, &to));
  g_clear_pointer (&to, g_free);
  g_assert_true (bd_metrics_range_dates (BD_METRICS_RANGE_LAST_90, today, &from_90, &to));

  /* Last 7 days, then at once Last 90 days: the computing held until
   * both are asked for, so that the first one is stale when it ends */
  bd_dashboard_page_hold_computing (TRUE);
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_true (bd_dashboard_page_get_loading (fixture->page));
  g_assert_true (gtk_widget_get_visible (spinner));
  /* the figures of before stay meanwhile, and the page goes on */
  bd_test_ui_settle ();
  g_assert_true (bd_dashboard_page_get_loading (fixture->page));
  g_assert_true (bd_dashboard_page_get_metrics (fixture->page) == before);
  g_assert_cmpstr (tile_value (fixture, "open_backorders"), ==, shown_before);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-loading.png");

  gtk_drop_down_set_selected (dropdown, 2);
  bd_dashboard_page_hold_computing (FALSE);
  bd_test_ui_wait_for (fixture, figures_shown, "the figures of 90 days");
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_cmpstr (bd_dashboard_page_get_metrics (fixture->page)->from, ==, from_90);
  /* the 7 days' task, cancelled, shows nothing when it ends */
  bd_test_ui_settle ();
  g_assert_cmpstr (bd_dashboard_page_get_metrics (fixture->page)->from, ==, from_90);
  g_assert_cmpstr (bd_dashboard_page_get_series (fixture->page)->from, ==, from_90);

  /* a custom range: days that are not a range are said to be wrong and
   * leave the figures as they are */
  g_assert_false (bd_dashboard_page_set_custom_range (fixture->page, "2026-02-30", to));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "2026-02-30"));
  g_assert_false (bd_dashboard_page_get_loading (fixture->page));
  g_assert_false (bd_dashboard_page_set_custom_range (fixture->page, to, from_90));
  g_assert_true (gtk_widget_get_visible (error_label));

  g_assert_true (bd_dashboard_page_set_custom_range (fixture->page, from_7, to));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 5);
  bd_test_ui_wait_for (fixture, figures_shown, "the custom range's figures");
  g_assert_cmpstr (bd_dashboard_page_get_metrics (fixture->page)->from, ==, from_7);
  g_assert_cmpstr (bd_dashboard_page_get_metrics (fixture->page)->to, ==, to);
}

static guint
queue_count (Fixture *fixture)
{
  bd_test_ui_wait_for (fixture, queue_loaded, "the queue's lines");
  return g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (fixture->queue)));
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
visible_page (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), BD_TYPE_WINDOW,
                                                                       "view_stack"));

  return adw_view_stack_get_visible_child_name (stack);
}

/* Clicking a figure opens the queue on exactly its lines, with a chip
 * that names them and takes the filter off. */
static void
click_tile (Fixture    *fixture,
            const char *name,
            gint64      expected)
{
  bd_window_show_page (fixture->window, "dashboard");
  bd_kpi_tile_click (bd_dashboard_page_get_tile (fixture->page, name));
  g_assert_cmpstr (visible_page (fixture), ==, "queue");
  g_assert_cmpuint (queue_count (fixture), ==, expected);
  g_assert_true (bd_backorder_query_has_figure (bd_queue_page_get_query (fixture->queue)));
}

static void
click_chart (Fixture    *fixture,
             const char *name,
             guint       index,
             gint64      expected)
{
  bd_window_show_page (fixture->window, "dashboard");
  bd_chart_activate_label (bd_dashboard_page_get_chart (fixture->page, name), index);
  g_assert_cmpstr (visible_page (fixture), ==, "queue");
  g_assert_cmpuint (queue_count (fixture), ==, expected);
}

static void
test_dashboard_click_through (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                       BD_TYPE_DASHBOARD_PAGE, "range_dropdown"));
  const BdMetrics *metrics;
  const BdMetricsSeries *series;
  BdQueueFilterBar *bar;
  GtkWidget *chip_label;
  GtkWidget *chip;
  g_autofree char *chip_text = NULL;
  gint64 open;
  gint64 bucket_sum = 0;

  /* a year: some of every kind of line */
  gtk_drop_down_set_selected (dropdown, 4);
  bd_test_ui_wait_for (fixture, figures_shown, "the year's figures");
  bd_test_ui_settle ();
  metrics = bd_dashboard_page_get_metrics (fixture->page);
  series = bd_dashboard_page_get_series (fixture->page);
  open = g_ascii_strtoll (tile_value (fixture, "open_backorders"), NULL, 10);
  g_assert_cmpint (open, ==, metrics->open_backorders);

  click_tile (fixture, "open_backorders", open);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-queue-filtered.png");
  /* the chip says which lines; clicking it takes the figure off */
  bar = BD_QUEUE_FILTER_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture->queue), BD_TYPE_QUEUE_PAGE,
                                                            "filter_bar"));
  {
    g_autofree char *to = NULL;
    GDateTime *dt;
    g_autofree char *iso = g_strconcat (metrics->to, "T12:00:00Z", NULL);

    dt = g_date_time_new_from_iso8601 (iso, NULL);
    to = g_date_time_format (dt, "%-d %b %Y");
    g_date_time_unref (dt);
    chip_text = g_strdup_printf ("Open backorders on %s", to);
  }
  chip_label = find_label (GTK_WIDGET (bar), chip_text);
  g_assert_nonnull (chip_label);
  chip = gtk_widget_get_ancestor (chip_label, GTK_TYPE_BUTTON);
  g_assert_nonnull (chip);
  g_signal_emit_by_name (chip, "clicked");
  bd_test_ui_wait_for (fixture, queue_loaded, "the queue without the figure");
  g_assert_false (bd_backorder_query_has_figure (bd_queue_page_get_query (fixture->queue)));
  g_assert_null (find_label (GTK_WIDGET (bar), chip_text));

  click_tile (fixture, "overdue_backorders", metrics->overdue_backorders);
  g_assert_true (bd_queue_page_get_query (fixture->queue)->overdue);
  click_tile (fixture, "promises_breached_rate", metrics->promises_breached);
  click_tile (fixture, "backorder_lines", metrics->backorder_lines);
  /* the lines to tell something: open, and never told anything (the
   * demo store has no message: /metrics/lines-query tells them apart) */
  click_tile (fixture, "never_notified_open", metrics->never_notified_open);
  g_assert_true (bd_queue_page_get_query (fixture->queue)->never_notified);

  for (guint b = 0; b < BD_METRICS_N_AGE_BUCKETS; b++)
    {
      click_chart (fixture, "age-buckets", b, metrics->age_buckets[b]);
      bucket_sum += metrics->age_buckets[b];
    }
  g_assert_cmpint (bucket_sum, ==, open);

  /* from the keyboard: the arrows go from bucket to bucket (not past the
   * ends), Enter opens the one they are on */
  {
    BdChart *ages = bd_dashboard_page_get_chart (fixture->page, "age-buckets");

    bd_window_show_page (fixture->window, "dashboard");
    for (guint i = 0; i < BD_METRICS_N_AGE_BUCKETS + 2; i++)
      g_assert_true (bd_chart_handle_key (ages, GDK_KEY_Left));
    g_assert_true (bd_chart_handle_key (ages, GDK_KEY_Right));
    g_assert_true (bd_chart_handle_key (ages, GDK_KEY_Right));
    g_assert_false (bd_chart_handle_key (ages, GDK_KEY_a));
    g_assert_cmpstr (visible_page (fixture), ==, "dashboard");
    g_assert_true (bd_chart_handle_key (ages, GDK_KEY_Return));
    g_assert_cmpstr (visible_page (fixture), ==, "queue");
    g_assert_cmpuint (queue_count (fixture), ==, metrics->age_buckets[2]);
    /* a chart that lists no lines takes no keys */
    g_assert_false (bd_chart_handle_key (bd_dashboard_page_get_chart (fixture->page, "on-time"), GDK_KEY_Right));
  }

  /* the first product and supplier by units: as many lines as the queue
   * lists for them over the range (units are not lines: compared with
   * the core's count of the same query) */
  g_assert_cmpuint (series->top_products_units->len, >, 0);
  g_assert_cmpuint (series->top_suppliers_units->len, >, 0);
  {
    const BdMetricsTop *product = g_ptr_array_index (series->top_products_units, 0);
    const BdMetricsTop *supplier = g_ptr_array_index (series->top_suppliers_units, 0);
    g_autoptr(BdBackorderQuery) product_query =
      bd_metrics_lines_query (BD_METRICS_LINES_PRODUCT, metrics->from, metrics->to, 0, product->ref);
    g_autoptr(BdBackorderQuery) supplier_query =
      bd_metrics_lines_query (BD_METRICS_LINES_SUPPLIER, metrics->from, metrics->to, 0, supplier->ref);
    g_autoptr(GArray) product_ids = bd_backorder_query_run_ids (bd_window_get_store (fixture->window),
                                                                product_query, NULL, NULL);
    g_autoptr(GArray) supplier_ids = bd_backorder_query_run_ids (bd_window_get_store (fixture->window),
                                                                 supplier_query, NULL, NULL);

    g_assert_cmpuint (product_ids->len, >, 0);
    click_chart (fixture, "top-products-units", 0, product_ids->len);
    g_assert_cmpstr (bd_queue_page_get_query (fixture->queue)->product_sku, ==, product->ref);
    click_chart (fixture, "top-suppliers-units", 0, supplier_ids->len);
    g_assert_cmpstr (bd_queue_page_get_query (fixture->queue)->supplier_ref, ==, supplier->ref);
    g_assert_true (bd_queue_page_get_query (fixture->queue)->supplier_counted);
  }
}

/* A chart saved as PNG is a picture of the size asked for; its data as
 * CSV has a row per label. (The code behind the file choosers: a chooser
 * is not opened in a test.) */
static void
test_dashboard_save (Fixture       *fixture,
                     gconstpointer  data)
{
  BdChart *chart = bd_dashboard_page_get_chart (fixture->page, "opened-closed");
  BdChart *ages = bd_dashboard_page_get_chart (fixture->page, "age-buckets");
  g_autofree char *png_path = g_build_filename (fixture->dir, "chart.png", NULL);
  g_autofree char *csv_path = g_build_filename (fixture->dir, "ages.csv", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "no-such-dir", "chart.png", NULL);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const BdMetrics *metrics = bd_dashboard_page_get_metrics (fixture->page);
  g_autofree char *first = NULL;

  g_assert_true (bd_chart_save_png (chart, png, 640, 360, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 360);
  /* a copy a person can look at */
  {
    g_autofree char *copy = g_test_build_filename (G_TEST_BUILT, "ui-dashboard-chart.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (copy);

    g_assert_true (bd_chart_save_png (bd_dashboard_page_get_chart (fixture->page, "top-products-units"), file,
                                      480, 0, NULL));
  }

  g_assert_false (bd_chart_save_png (chart, bad, 640, 360, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (bd_chart_save_csv (ages, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "label,Open lines");
  first = g_strdup_printf ("0–7 days,%" G_GINT64_FORMAT, metrics->age_buckets[0]);
  g_assert_cmpstr (lines[1], ==, first);
  g_assert_cmpuint (g_strv_length (lines), >=, 1 + BD_METRICS_N_AGE_BUCKETS);
}

/* Scrolls the page down to its charts. */
static void
scroll_to_charts (Fixture *fixture)
{
  GtkWidget *charts = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_DASHBOARD_PAGE,
                                                                 "charts_box"));
  GtkWidget *scrolled = gtk_widget_get_ancestor (charts, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  g_assert_true (gtk_widget_translate_coordinates (charts, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 40);
  bd_test_ui_settle ();
}

/* At 360 px and in the dark style the tiles go two to a row and the
 * charts one; a person looks at the pictures. */
static void
test_dashboard_narrow_dark (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-dark.png");
  /* wide, the backlog's five ages side by side in a line */
  g_assert_false (bd_chart_get_labels_wrapped (bd_dashboard_page_get_chart (fixture->page, "age-buckets")));
  scroll_to_charts (fixture);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-charts-dark.png");

  /* the queue's leaflet folds too: without animations GTK 4.8 allocates
   * a box of width 0 and warns (as tests/test-ui.c's narrow tests say) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 5; i++)
    bd_test_ui_settle ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->page)), <=, 360);
  /* at 360 pixels every age is named, in two lines, none left out; the
   * weeks of the opened and closed chart fit in one */
  g_assert_true (bd_chart_get_labels_wrapped (bd_dashboard_page_get_chart (fixture->page, "age-buckets")));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-narrow-dark.png");
  scroll_to_charts (fixture);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-charts-narrow-dark.png");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (
      GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_DASHBOARD_PAGE, "charts_box")),
      GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.45);
    bd_test_ui_settle ();
    bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-charts-narrow-dark-2.png");
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-dashboard-narrow.png");
}

/* A range whose period before was computed already compares with those
 * figures, not computed again; after a write to the store, they are. */
static void
test_dashboard_previous_kept (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                       BD_TYPE_DASHBOARD_PAGE, "range_dropdown"));
  g_autoptr(BdMetrics) year_before = NULL;
  g_autoptr(BdMetrics) year = NULL;
  g_autofree char *previous_from = NULL;
  g_autofree char *previous_to = NULL;

  /* this year, then the last 90 days, then this year again */
  gtk_drop_down_set_selected (dropdown, 4);
  bd_test_ui_wait_for (fixture, figures_shown, "the year's figures");
  g_assert_nonnull (bd_dashboard_page_get_previous (fixture->page));
  /* held, so that figures computed again cannot come at the same address */
  year_before = bd_metrics_ref ((BdMetrics *)bd_dashboard_page_get_previous (fixture->page));
  year = bd_metrics_ref ((BdMetrics *)bd_dashboard_page_get_metrics (fixture->page));
  g_assert_true (bd_metrics_previous_range (year->from, year->to, &previous_from, &previous_to));
  g_assert_cmpstr (year_before->from, ==, previous_from);
  g_assert_cmpstr (year_before->to, ==, previous_to);

  gtk_drop_down_set_selected (dropdown, 2);
  bd_test_ui_wait_for (fixture, figures_shown, "the 90 days' figures");
  g_assert_true (bd_dashboard_page_get_previous (fixture->page) != year_before);

  gtk_drop_down_set_selected (dropdown, 4);
  g_assert_true (bd_dashboard_page_get_loading (fixture->page));
  bd_test_ui_wait_for (fixture, figures_shown, "the year's figures again");
  /* the same figures of the period before; the range's own computed anew */
  g_assert_true (bd_dashboard_page_get_previous (fixture->page) == year_before);
  g_assert_true (bd_dashboard_page_get_metrics (fixture->page) != year);
  g_assert_cmpstr (tile_value (fixture, "open_backorders"), !=, "");

  /* a write: the figures are computed again, those before too */
  g_clear_pointer (&year, bd_metrics_free);
  year = bd_metrics_ref ((BdMetrics *)bd_dashboard_page_get_metrics (fixture->page));
  fixture->held = year;
  bd_store_emit_changed (bd_window_get_store (fixture->window));
  bd_test_ui_wait_for (fixture, figures_recomputed, "the figures after the write");
  g_assert_true (bd_dashboard_page_get_previous (fixture->page) != year_before);
  g_assert_cmpstr (bd_dashboard_page_get_previous (fixture->page)->from, ==, previous_from);
}

/* A figure without a value says what it had none of (its denominator),
 * so that an empty tile beside a chart of the same days that shows
 * something reads as what it is. */
static void
test_dashboard_null_reasons (Fixture       *fixture,
                             gconstpointer  data)
{
  const BdMetrics *metrics;

  /* days to come: nothing ordered, shipped nor told in them */
  g_assert_true (bd_dashboard_page_set_custom_range (fixture->page, "2040-01-01", "2040-01-31"));
  bd_test_ui_wait_for (fixture, figures_shown, "the figures of days to come");
  metrics = bd_dashboard_page_get_metrics (fixture->page);
  g_assert_cmpstr (metrics->from, ==, "2040-01-01");
  g_assert_true (bd_metrics_is_null (metrics->on_time_delivery_rate));
  g_assert_true (bd_metrics_is_null (metrics->backorder_rate));
  g_assert_true (bd_metrics_is_null (metrics->promise_kept_rate));

  g_assert_cmpstr (tile_value (fixture, "on_time_delivery_rate"), ==, "—");
  g_assert_cmpstr (bd_kpi_tile_get_detail (bd_dashboard_page_get_tile (fixture->page, "on_time_delivery_rate")), ==,
                   "No line ordered in this range has shipped with a promised date yet");
  g_assert_cmpstr (bd_kpi_tile_get_detail (bd_dashboard_page_get_tile (fixture->page, "backorder_rate")), ==,
                   "No line ordered in this range");
  g_assert_cmpstr (bd_kpi_tile_get_detail (bd_dashboard_page_get_tile (fixture->page, "promise_kept_rate")), ==,
                   "No backorder line shipped in this range after being told a date");
  /* the lines open now are open at its end: their ages have a value */
  g_assert_false (bd_metrics_is_null (metrics->backorder_age_median_days));
  g_assert_cmpstr (tile_value (fixture, "backorder_age_median_days"), !=, "—");
  g_assert_cmpstr (bd_kpi_tile_get_detail (bd_dashboard_page_get_tile (fixture->page, "backorder_age_median_days")),
                   !=, "No backorder open at the range’s end");
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.Test");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui-dashboard/tiles", test_dashboard_tiles);
  ADD ("/ui-dashboard/range", test_dashboard_range);
  ADD ("/ui-dashboard/previous-kept", test_dashboard_previous_kept);
  ADD ("/ui-dashboard/null-reasons", test_dashboard_null_reasons);
  ADD ("/ui-dashboard/click-through", test_dashboard_click_through);
  ADD ("/ui-dashboard/save", test_dashboard_save);
  ADD ("/ui-dashboard/narrow-dark", test_dashboard_narrow_dark);

  return g_test_run ();
}
