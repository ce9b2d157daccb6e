/* test-forecast.c: daily demand, its forecast, and the levels suggested
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-forecast"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bd-actions.h"
#include "bd-forecast.h"
#include "bd-replenish.h"
#include "bd-team-settings.h"
#include "bd-test-util.h"

/* Today is 2026-03-10 (the store's clock, TZ=UTC): the history ends on
 * 2026-03-09. SUP-A takes 9 days (the supplier's), SUP-B 4 by the link. */
static const char suppliers_csv[] =
  "supplier_ref,name,email,phone,lead_time_days\n"
  "SUP-A,Atelier Ceramica,,,9\n"
  "SUP-B,Forge Brothers,,,20\n";

static const char products_csv[] =
  "sku,name,on_hand,reorder_point,safety_stock,pack_size,supplier_ref,unit_cost,lead_time_days\n"
  "FLAT,Flat Mug,0,3,1,1,SUP-A,2.50,\n"
  "RISE,Rising Pan,0,0,0,1,SUP-B,10.00,4\n"
  "NOISE,Noisy Lamp,0,0,0,1,SUP-A,20.00,\n"
  "NEW,New Vase,0,0,0,1,SUP-A,5.00,\n"
  "IDLE,Idle Bowl,0,0,0,1,SUP-A,5.00,\n"
  "LOOSE,Loose Spoon,0,0,0,1,,,\n";

typedef BdTestStoreFixture Fixture;

/* Constant 5 a day for 100 days. */
static int
flat_demand (guint day)
{
  return 5;
}

/* 1 a day more every 10 days. */
static int
rise_demand (guint day)
{
  return 2 + day / 10;
}

static int
noise_demand (guint day)
{
  return (int)(day * 7919 % 11);
}

/* An orders.csv with one order per product and day of demand, the last
 * day 2026-03-09; a tenth of the lines backordered, as a shop's are, but
 * none of FLAT's: replenishment is to order it from the forecast alone. */
static char *
make_orders_csv (void)
{
  const struct { const char *sku; guint days; int (*demand) (guint); } series[] = {
    { "FLAT", 100, flat_demand },
    { "RISE", 120, rise_demand },
    { "NOISE", 150, noise_demand },
    { "NEW", 20, flat_demand },
    { "LOOSE", 100, flat_demand },
  };
  g_autoptr(GDateTime) last = g_date_time_new_utc (2026, 3, 9, 10, 0, 0);
  GString *csv = g_string_new ("order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,"
                               "promised_at,shipped_at\n");

  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    for (guint day = 0; day < series[s].days; day++)
      {
        g_autoptr(GDateTime) at = g_date_time_add_days (last, (int)day - (int)series[s].days + 1);
        g_autofree char *when = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
        int quantity = series[s].demand (day);

        if (quantity > 0)
          g_string_append_printf (csv, "SO-%s-%u,%s,C-1,Ada,%s,%d,%d,,\n", series[s].sku, day, when,
                                  series[s].sku, quantity,
                                  day % 10 == 0 && !g_str_equal (series[s].sku, "FLAT") ? 1 : 0);
      }

  return g_string_free (csv, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const BdTestCsv imports[] = {
    { BD_IMPORT_SUPPLIERS, suppliers_csv },
    { BD_IMPORT_PRODUCTS, products_csv },
    { 0, NULL },
  };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-10T12:00:00Z", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *orders = make_orders_csv ();

  bd_test_store_fixture_set_up (fixture, imports);
  bd_store_set_fixed_clock (fixture->store, now);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS, orders, NULL, &error));
  g_assert_no_error (error);
}

static BdForecast *
find (GPtrArray  *forecasts,
      const char *sku)
{
  for (guint i = 0; i < forecasts->len; i++)
    {
      BdForecast *forecast = g_ptr_array_index (forecasts, i);

      if (g_str_equal (forecast->sku, sku))
        return forecast;
    }
  g_assert_not_reached ();
}

/* Acklam's approximation against the tables. */
static void
test_forecast_inverse_normal (void)
{
  g_assert_cmpfloat_with_epsilon (bd_forecast_inverse_normal (0.95), 1.6449, 1e-4);
  g_assert_cmpfloat_with_epsilon (bd_forecast_inverse_normal (0.99), 2.3263, 1e-4);
  g_assert_cmpfloat_with_epsilon (bd_forecast_inverse_normal (0.975), 1.95996, 1e-5);
  g_assert_cmpfloat_with_epsilon (bd_forecast_inverse_normal (0.5), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (bd_forecast_inverse_normal (0.999), 3.0902, 1e-4);
  /* the lower tail, the other branch */
  g_assert_cmpfloat_with_epsilon (bd_forecast_inverse_normal (0.01), -2.3263, 1e-4);
}

/* A constant: its own forecast, no error, nothing to keep for safety. */
static void
test_forecast_constant (void)
{
  BdForecast forecast = { 0, };
  double demand[90];

  for (guint i = 0; i < G_N_ELEMENTS (demand); i++)
    demand[i] = 5;
  g_assert_true (bd_forecast_fit (demand, G_N_ELEMENTS (demand), &forecast));
  g_assert_cmpint (forecast.method, ==, BD_FORECAST_SIMPLE);
  g_assert_cmpfloat_with_epsilon (forecast.daily, 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (forecast.mae, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (forecast.naive_mae, 0, 1e-9);
  g_assert_cmpfloat (forecast.stddev, ==, 0);

  forecast.lead_time_days = 7;
  bd_forecast_suggest (&forecast, 0.95);
  g_assert_true (forecast.has_suggestion);
  g_assert_cmpint (forecast.safety_stock, ==, 0);
  g_assert_cmpint (forecast.reorder_point, ==, 35);
}

/* A straight line: Holt's wins and forecasts where the line goes. */
static void
test_forecast_trend (void)
{
  BdForecast forecast = { 0, };
  double demand[120];

  for (guint i = 0; i < G_N_ELEMENTS (demand); i++)
    demand[i] = 3 + 0.5 * i;
  g_assert_true (bd_forecast_fit (demand, G_N_ELEMENTS (demand), &forecast));
  g_assert_cmpint (forecast.method, ==, BD_FORECAST_HOLT);
  g_assert_false (isnan (forecast.beta));
  /* day 120 of the line */
  g_assert_cmpfloat_with_epsilon (forecast.daily, 63, 1e-6);
  g_assert_cmpfloat_with_epsilon (forecast.mae, 0, 1e-6);
  /* the naive mean of days 64..91 against days 92..119: 14 days behind */
  g_assert_cmpfloat_with_epsilon (forecast.naive_mae, 14, 1e-9);

  /* over 4 days of lead time: 63 + 63.5 + 64 + 64.5 */
  forecast.lead_time_days = 4;
  bd_forecast_suggest (&forecast, 0.95);
  g_assert_cmpfloat_with_epsilon (forecast.lead_time_demand, 255, 1e-6);
  g_assert_cmpint (forecast.reorder_point, ==, 255);
}

/* A weekly pattern with noise, fixed seed: a method is fitted and its
 * held-back error is in the naive forecast's range, not far off it. */
static void
test_forecast_seasonal_noise (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  BdForecast forecast = { 0, };
  double demand[200];

  for (guint i = 0; i < G_N_ELEMENTS (demand); i++)
    demand[i] = MAX (0, round (10 + 4 * sin (2 * G_PI * i / 7) + g_rand_double_range (rand, -2, 2)));
  g_assert_true (bd_forecast_fit (demand, G_N_ELEMENTS (demand), &forecast));
  g_assert_true (forecast.method == BD_FORECAST_SIMPLE || forecast.method == BD_FORECAST_HOLT);
  g_assert_cmpfloat (forecast.alpha, >, 0);
  g_assert_cmpfloat (forecast.alpha, <, 1);
  g_assert_cmpfloat (forecast.mae, >, 1);
  g_assert_cmpfloat (forecast.naive_mae, >, 1);
  /* smoothing cannot see the weekly pattern: about as good as the mean */
  g_assert_cmpfloat (forecast.mae, <, 1.5 * forecast.naive_mae);
  g_assert_cmpfloat (forecast.daily, >, 6);
  g_assert_cmpfloat (forecast.daily, <, 14);
  /* the spread of a sine of amplitude 4 and the noise */
  g_assert_cmpfloat (forecast.stddev, >, 2.5);
  g_assert_cmpfloat (forecast.stddev, <, 4);
}

/* Too short a history to hold days back: its mean, and no error. */
static void
test_forecast_short (void)
{
  BdForecast forecast = { 0, };
  double demand[] = { 1, 3, 2, 2 };

  g_assert_true (bd_forecast_fit (demand, G_N_ELEMENTS (demand), &forecast));
  g_assert_cmpint (forecast.method, ==, BD_FORECAST_MEAN);
  g_assert_cmpfloat_with_epsilon (forecast.daily, 2, 1e-9);
  g_assert_true (isnan (forecast.mae));
  g_assert_true (isnan (forecast.naive_mae));

  g_assert_false (bd_forecast_fit (NULL, 0, &forecast));
  g_assert_cmpint (forecast.method, ==, BD_FORECAST_NONE);
}

/* The formula by hand: safety stock = z x sd x sqrt(lead time), reorder
 * point = demand over the lead time, both rounded up. */
static void
test_forecast_reorder_formula (void)
{
  BdForecast forecast = { 0, };

  forecast.method = BD_FORECAST_SIMPLE;
  forecast.level = 4;
  forecast.trend = 0;
  forecast.stddev = 2;
  forecast.lead_time_days = 9;
  /* 1.6449 x 2 x 3 = 9.87 */
  bd_forecast_suggest (&forecast, 0.95);
  g_assert_cmpint (forecast.safety_stock, ==, 10);
  g_assert_cmpint (forecast.reorder_point, ==, 36);
  /* 2.3263 x 2 x 3 = 13.96 */
  bd_forecast_suggest (&forecast, 0.99);
  g_assert_cmpint (forecast.safety_stock, ==, 14);

  /* a falling trend does not forecast negative demand */
  forecast.level = 2;
  forecast.trend = -1;
  forecast.lead_time_days = 4;
  bd_forecast_suggest (&forecast, 0.95);
  g_assert_cmpfloat_with_epsilon (forecast.lead_time_demand, 1, 1e-9);
  g_assert_cmpint (forecast.reorder_point, ==, 1);

  /* without a lead time nothing is suggested */
  forecast.lead_time_days = -1;
  bd_forecast_suggest (&forecast, 0.95);
  g_assert_false (forecast.has_suggestion);
}

/* From the store: every product's history by local day, the preferred
 * supplier's lead time, the current levels beside the suggestion. */
static void
test_forecast_store (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forecasts = bd_forecast_compute (fixture->store, NULL, &error);
  BdForecast *f;

  g_assert_no_error (error);
  g_assert_cmpuint (forecasts->len, ==, 6);

  f = find (forecasts, "FLAT");
  g_assert_cmpint (f->method, ==, BD_FORECAST_SIMPLE);
  g_assert_cmpint (f->history_days, ==, 100);
  g_assert_cmpfloat_with_epsilon (f->daily, 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->mae, 0, 1e-9);
  g_assert_cmpint (f->lead_time_days, ==, 9);
  g_assert_true (f->has_suggestion);
  g_assert_cmpint (f->reorder_point, ==, 45);
  g_assert_cmpint (f->safety_stock, ==, 0);
  g_assert_cmpint (f->current_reorder_point, ==, 3);
  g_assert_cmpint (f->current_safety_stock, ==, 1);

  /* the link's lead time before the supplier's */
  f = find (forecasts, "RISE");
  g_assert_cmpint (f->method, ==, BD_FORECAST_HOLT);
  g_assert_cmpint (f->lead_time_days, ==, 4);
  g_assert_cmpint (f->history_days, ==, 120);
  g_assert_cmpfloat (f->daily, >, 12);
  g_assert_cmpint (f->safety_stock, >, 0);

  /* its first day had no demand: its history starts at its first order */
  f = find (forecasts, "NOISE");
  g_assert_cmpint (f->history_days, ==, 149);
  g_assert_false (isnan (f->mae));

  /* from its first order: 20 days, too few to judge */
  f = find (forecasts, "NEW");
  g_assert_cmpint (f->method, ==, BD_FORECAST_MEAN);
  g_assert_cmpint (f->history_days, ==, 20);
  g_assert_cmpint (f->reorder_point, ==, 45);

  f = find (forecasts, "IDLE");
  g_assert_cmpint (f->method, ==, BD_FORECAST_NONE);
  g_assert_false (f->has_suggestion);

  /* no supplier, no lead time: a forecast, no suggestion */
  f = find (forecasts, "LOOSE");
  g_assert_cmpint (f->method, ==, BD_FORECAST_SIMPLE);
  g_assert_cmpint (f->lead_time_days, ==, -1);
  g_assert_false (f->has_suggestion);

  /* one product's alone, the same figures */
  {
    g_autoptr(GPtrArray) one = bd_forecast_compute (fixture->store, "RISE", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (one->len, ==, 1);
    g_assert_cmpint (find (one, "RISE")->reorder_point, ==, find (forecasts, "RISE")->reorder_point);
    g_assert_cmpfloat (find (one, "RISE")->mae, ==, find (forecasts, "RISE")->mae);
  }

  g_assert_null (bd_forecast_compute (fixture->store, "NOPE", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

/* The service level is a team setting: what it takes, and what the
 * safety stock does with it. */
static void
test_forecast_service_level (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *bad[] = { "1.2", "0.4", "1", "abc", "95%", "0.9555", "", "nan" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpfloat (bd_forecast_service_level (fixture->store), ==, 0.95);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (bd_team_settings_set (fixture->store, BD_TEAM_SETTING_SERVICE_LEVEL, bad[i], NULL, &error));
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "service_level"));
      g_clear_error (&error);
    }
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM team_settings"), ==, 0);
  g_assert_cmpfloat (bd_forecast_service_level (fixture->store), ==, 0.95);

  before = bd_forecast_compute (fixture->store, "RISE", &error);
  g_assert_true (bd_team_settings_set (fixture->store, BD_TEAM_SETTING_SERVICE_LEVEL, "0.99", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bd_forecast_service_level (fixture->store), ==, 0.99);
  after = bd_forecast_compute (fixture->store, "RISE", &error);
  g_assert_cmpint (find (after, "RISE")->safety_stock, >, find (before, "RISE")->safety_stock);
}

/* Apply writes the levels as desk work in one batch of events, which
 * replenishment then orders up to; Undo puts back what was there. */
static void
test_forecast_apply_undo (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forecasts = bd_forecast_compute (fixture->store, NULL, &error);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autofree char *batch = NULL;
  g_autofree char *levels = NULL;
  const BdReplenishSuggestion *flat = NULL;
  guint n_changed = 0;

  /* FLAT has no open backorder: only its reorder point 3 + safety
   * stock 1 to fill up to from 0 on hand */
  suggestions = bd_replenish_suggest (fixture->store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < suggestions->len; i++)
    if (g_str_equal (((BdReplenishSuggestion *)g_ptr_array_index (suggestions, i))->sku, "FLAT"))
      flat = g_ptr_array_index (suggestions, i);
  g_assert_nonnull (flat);
  g_assert_cmpint (flat->demand, ==, 0);
  g_assert_cmpint (flat->need, ==, 4);
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  g_ptr_array_add (chosen, find (forecasts, "FLAT"));
  g_ptr_array_add (chosen, find (forecasts, "RISE"));
  /* nothing to suggest: left alone */
  g_ptr_array_add (chosen, find (forecasts, "IDLE"));
  g_assert_true (bd_forecast_apply (fixture->store, chosen, &n_changed, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_nonnull (batch);

  levels = bd_test_text (fixture->store,
                         "SELECT group_concat(sku || ':' || reorder_point || '+' || safety_stock || ':'"
                         " || levels_set_in_desk, ' ') FROM (SELECT * FROM products ORDER BY sku)");
  {
    g_autofree char *expected = g_strdup_printf ("FLAT:45+0:1 IDLE:0+0:0 LOOSE:0+0:0 NEW:0+0:0 NOISE:0+0:0 RISE:%d+%d:1",
                                                 find (forecasts, "RISE")->reorder_point,
                                                 find (forecasts, "RISE")->safety_stock);
    g_assert_cmpstr (levels, ==, expected);
  }
  /* FLAT: reorder_point 3 -> 45, safety_stock 1 -> 0, set in desk; RISE:
   * its two levels and set in desk */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'forecast'"
                                                  " AND entity = 'products'"), ==, 6);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(DISTINCT batch) FROM events"
                                                  " WHERE action = 'forecast'"), ==, 1);

  /* replenishment now suggests FLAT from the forecast: 45 to fill up to */
  suggestions = bd_replenish_suggest (fixture->store, 0, &error);
  g_assert_no_error (error);
  flat = NULL;
  for (guint i = 0; i < suggestions->len; i++)
    if (g_str_equal (((BdReplenishSuggestion *)g_ptr_array_index (suggestions, i))->sku, "FLAT"))
      flat = g_ptr_array_index (suggestions, i);
  g_assert_nonnull (flat);
  g_assert_cmpint (flat->demand, ==, 0);
  g_assert_cmpint (flat->shortfall, ==, 45);
  g_assert_cmpint (flat->quantity, ==, 45);
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  /* the same again: nothing changes, nothing to undo */
  {
    g_autofree char *again = NULL;

    g_assert_true (bd_forecast_apply (fixture->store, chosen, &n_changed, &again, &error));
    g_assert_cmpuint (n_changed, ==, 0);
    g_assert_null (again);
  }

  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&levels, g_free);
  levels = bd_test_text (fixture->store,
                         "SELECT group_concat(sku || ':' || reorder_point || '+' || safety_stock || ':'"
                         " || levels_set_in_desk, ' ') FROM (SELECT * FROM products ORDER BY sku)");
  g_assert_cmpstr (levels, ==, "FLAT:3+1:0 IDLE:0+0:0 LOOSE:0+0:0 NEW:0+0:0 NOISE:0+0:0 RISE:0+0:0");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'undo'"
                                                  " AND entity = 'products'"), ==, 6);

  /* a level changed since is not overwritten by an Undo of older work */
  g_clear_pointer (&batch, g_free);
  g_assert_true (bd_forecast_apply (fixture->store, chosen, NULL, &batch, &error));
  g_assert_true (bd_store_exec (fixture->store, "UPDATE products SET safety_stock = 7 WHERE sku = 'RISE'", &error));
  g_assert_false (bd_actions_undo (fixture->store, batch, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT reorder_point FROM products WHERE sku = 'FLAT'"), ==, 45);
}

/* A product deleted since the forecast: refused, nothing written. */
static void
test_forecast_apply_deleted (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forecasts = bd_forecast_compute (fixture->store, NULL, &error);

  g_assert_true (bd_store_exec (fixture->store, "UPDATE products SET deleted = 1 WHERE sku = 'RISE'", &error));
  g_assert_false (bd_forecast_apply (fixture->store, forecasts, NULL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "RISE"));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'forecast'"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT reorder_point FROM products WHERE sku = 'FLAT'"), ==, 3);
}

static void
add (const char *path,
     void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, bd_test_store_fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forecast/inverse-normal", test_forecast_inverse_normal);
  g_test_add_func ("/forecast/constant", test_forecast_constant);
  g_test_add_func ("/forecast/trend", test_forecast_trend);
  g_test_add_func ("/forecast/seasonal-noise", test_forecast_seasonal_noise);
  g_test_add_func ("/forecast/short", test_forecast_short);
  g_test_add_func ("/forecast/reorder-formula", test_forecast_reorder_formula);
  add ("/forecast/store", test_forecast_store);
  add ("/forecast/service-level", test_forecast_service_level);
  add ("/forecast/apply-undo", test_forecast_apply_undo);
  add ("/forecast/apply-deleted", test_forecast_apply_deleted);

  return g_test_run ();
}
