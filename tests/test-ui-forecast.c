/* test-ui-forecast.c: the Reorder Points dialog, driven as a purchasing
 * clerk would, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-forecast"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bd-application.h"
#include "bd-demo.h"
#include "bd-forecast.h"
#include "bd-forecast-dialog.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* A program of its own, as test-ui-suppliers is: GLib's quarks (see
 * tests/bd-test-util.c). */

typedef struct
{
  char *dir;
  char *database;
  BdStore *store;               /* a connection of the test's own, to check */
  BdWindow *window;
  BdForecastDialog *dialog;
} Fixture;

static BdApplication *app;

/* The demo's six months of orders up to now, each product with a
 * supplier and its lead time. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);

  bd_test_ui_make_demo_store (fixture->database);

  fixture->store = bd_store_open (fixture->database, NULL);
  g_assert_nonnull (fixture->store);

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 800);
  bd_test_ui_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bd_test_ui_destroy_dialogs (GTK_WINDOW (fixture->window));
  /* the dialog goes before the window it is transient for */
  g_clear_object (&fixture->dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  bd_test_ui_wind_down ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

/* A label whose text has @part in @root, or NULL. */
static GtkLabel *
find_label_with (GtkWidget  *root,
                 const char *part)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), part) != NULL)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
dialog_loaded (Fixture *fixture)
{
  return !bd_forecast_dialog_get_loading (fixture->dialog);
}

/* Opens the dialog by the window's action, as the main menu does, and
 * waits for the forecast worked out on its thread. */
static void
open_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.forecast", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (BD_IS_FORECAST_DIALOG (window))
        fixture->dialog = g_object_ref (BD_FORECAST_DIALOG (window));
    }
  g_assert_nonnull (fixture->dialog);
  bd_test_ui_wait_for (fixture, dialog_loaded, "the forecast");
  bd_test_ui_drain ();
}

static gboolean
dialog_gone (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (BD_IS_FORECAST_DIALOG (window))
        return FALSE;
    }
  return TRUE;
}

static const char *undone_sku;

static gboolean
levels_undone (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT levels_set_in_desk FROM products WHERE sku = '%s'", undone_sku);

  bd_test_ui_drain ();
  return bd_test_count (fixture->store, sql) == 0;
}

static char *
levels_of (Fixture    *fixture,
           const char *sku)
{
  g_autofree char *sql = g_strdup_printf ("SELECT reorder_point || '+' || safety_stock || ':' || levels_set_in_desk"
                                          " FROM products WHERE sku = '%s'", sku);

  return bd_test_text (fixture->store, sql);
}

/* Every product with a suggestion is listed with its levels now, the
 * method and the trust in words; two of them chosen and applied write
 * exactly what was suggested, in one batch; Undo (the toast's action)
 * puts back what was there. */
static void
test_apply_undo (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forecasts = bd_forecast_compute (fixture->store, NULL, &error);
  g_autofree char *first_sku = NULL;
  g_autofree char *second_sku = NULL;
  g_autofree char *third_sku = NULL;
  g_autofree char *first_before = NULL;
  g_autofree char *third_before = NULL;
  g_autofree char *batch = NULL;
  GListModel *items;
  guint n_suggested = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < forecasts->len; i++)
    n_suggested += ((BdForecast *)g_ptr_array_index (forecasts, i))->has_suggestion;
  g_assert_cmpuint (n_suggested, >, 3);

  open_dialog (fixture);
  items = bd_forecast_dialog_get_items (fixture->dialog);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n_suggested);
  /* each row's reorder level: the demand over the lead time and the
   * safety stock together, the stock at which to order */
  for (guint i = 0; i < forecasts->len; i++)
    {
      const BdForecast *f = g_ptr_array_index (forecasts, i);
      g_autofree char *level = NULL;

      if (!f->has_suggestion)
        continue;
      level = g_strdup_printf ("Reorder level %d (now %d): reorder point %d + safety stock %d (now %d + %d)",
                               f->reorder_point + f->safety_stock, f->current_reorder_point + f->current_safety_stock,
                               f->reorder_point, f->safety_stock, f->current_reorder_point, f->current_safety_stock);
      g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), level));
      break;
    }
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "naive forecast"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-forecast.png");

  /* the first two chosen, no other */
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BdForecastChoice) item = g_list_model_get_item (items, i);

      bd_forecast_choice_set_chosen (item, i < 2);
      if (i == 0)
        first_sku = g_strdup (bd_forecast_choice_get_sku (item));
      else if (i == 1)
        second_sku = g_strdup (bd_forecast_choice_get_sku (item));
      else if (i == 2)
        third_sku = g_strdup (bd_forecast_choice_get_sku (item));
    }
  first_before = levels_of (fixture, first_sku);
  third_before = levels_of (fixture, third_sku);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "forecast.apply", NULL));
  bd_test_ui_wait_for (fixture, dialog_gone, "the levels to be set");

  for (guint i = 0; i < forecasts->len; i++)
    {
      BdForecast *f = g_ptr_array_index (forecasts, i);
      g_autofree char *got = NULL;
      g_autofree char *expected = NULL;

      if (g_strcmp0 (f->sku, first_sku) != 0 && g_strcmp0 (f->sku, second_sku) != 0)
        continue;
      got = levels_of (fixture, f->sku);
      expected = g_strdup_printf ("%d+%d:1", f->reorder_point, f->safety_stock);
      g_assert_cmpstr (got, ==, expected);
    }
  {
    g_autofree char *third_after = levels_of (fixture, third_sku);

    g_assert_cmpstr (third_after, ==, third_before);
  }
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(DISTINCT batch) FROM events WHERE action = 'forecast'"),
                   ==, 1);
  batch = bd_test_text (fixture->store, "SELECT batch FROM events WHERE action = 'forecast' LIMIT 1");

  /* what the toast's Undo does */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", "s", batch));
  undone_sku = first_sku;
  bd_test_ui_wait_for (fixture, levels_undone, "the levels to be put back");
  {
    g_autofree char *first_after = levels_of (fixture, first_sku);

    g_assert_cmpstr (first_after, ==, first_before);
  }
}

/* At 360 pixels and in the dark style, the rows wrap and stay readable;
 * nothing chosen, nothing to apply. */
static void
test_narrow_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *items;

  open_dialog (fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 360, 640);
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-forecast-narrow.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  /* the style reaches the widgets a frame later */
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-forecast-narrow-dark.png");

  items = bd_forecast_dialog_get_items (fixture->dialog);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BdForecastChoice) item = g_list_model_get_item (items, i);

      bd_forecast_choice_set_chosen (item, FALSE);
    }
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->dialog),
                                                                                        BD_TYPE_FORECAST_DIALOG,
                                                                                        "apply_button"))));
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestForecast");

  g_test_add ("/ui-forecast/apply-undo", Fixture, NULL, fixture_set_up, test_apply_undo, fixture_tear_down);
  g_test_add ("/ui-forecast/narrow-dark", Fixture, NULL, fixture_set_up, test_narrow_dark, fixture_tear_down);

  return g_test_run ();
}
