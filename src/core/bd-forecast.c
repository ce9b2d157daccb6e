/* bd-forecast.c: daily demand per product, its forecast by exponential
 * smoothing, and the reorder point and safety stock suggested from it
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-forecast"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-actions-private.h"
#include "bd-forecast.h"
#include "bd-team-settings.h"
#include "bd-util.h"

/* The parameter grids the fit searches. Every pair is run in one pass over
 * the days, side by side: the chains are independent, so the compiler
 * and the CPU overlap them, and 10,000 products fit in well under a
 * second (the benchmark's "forecast for all products" row). */
static const double alpha_grid[] = { 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9 };
static const double beta_grid[] = { 0.01, 0.05, 0.1, 0.2, 0.4 };

#define N_ALPHAS G_N_ELEMENTS (alpha_grid)
#define N_BETAS G_N_ELEMENTS (beta_grid)
#define N_PAIRS (N_ALPHAS * N_BETAS)

void
bd_forecast_free (gpointer data)
{
  BdForecast *forecast = data;

  g_free (forecast->sku);
  g_free (forecast->product_name);
  g_free (forecast);
}

const char *
bd_forecast_method_to_string (BdForecastMethod method)
{
  switch (method)
    {
    case BD_FORECAST_NONE: return "none";
    case BD_FORECAST_MEAN: return "mean";
    case BD_FORECAST_SIMPLE: return "simple";
    case BD_FORECAST_HOLT: return "holt";
    default: g_return_val_if_reached ("none");
    }
}

/**
 * bd_forecast_inverse_normal:
 * @p: a probability, 0 < @p < 1
 *
 * The z with P(Z <= z) = @p for a standard normal Z, by Peter J. Acklam's
 * rational approximation ("An algorithm for computing the inverse normal
 * cumulative distribution function", 2003): a rational function in the
 * central region and in sqrt(-2 log q) in the tails, with a relative
 * error below 1.15e-9, far finer than a safety stock needs.
 */
double
bd_forecast_inverse_normal (double p)
{
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                              1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                              6.680131188771972e+01, -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                              -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                              3.754408661907416e+00 };
  const double p_low = 0.02425;
  double q, r;

  g_return_val_if_fail (p > 0.0 && p < 1.0, NAN);

  if (p < p_low)
    {
      q = sqrt (-2 * log (p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
             ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
  if (p > 1 - p_low)
    {
      q = sqrt (-2 * log (1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
              ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }

  q = p - 0.5;
  r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/* Holt's starting trend: the change per day between the means of the first
 * two weeks (or halves, for a short series), steadier than y1 - y0 on
 * daily counts and exact on a straight line. */
static double
start_trend (const double *y,
             guint         n)
{
  guint k = MIN (7, n / 2);
  double first = 0, second = 0;

  if (k == 0)
    return 0;
  for (guint i = 0; i < k; i++)
    {
      first += y[i];
      second += y[k + i];
    }
  return (second - first) / k / k;
}

/* Runs simple smoothing with every alpha of the grid over y[0..n): the
 * one-step-ahead squared errors from day 1 on, and the levels after day
 * n - 1. */
static void
run_simple (const double *y,
            guint         n,
            double        sse[N_ALPHAS],
            double        level[N_ALPHAS])
{
  for (guint k = 0; k < N_ALPHAS; k++)
    {
      sse[k] = 0;
      level[k] = y[0];
    }
  for (guint t = 1; t < n; t++)
    for (guint k = 0; k < N_ALPHAS; k++)
      {
        double e = y[t] - level[k];

        sse[k] += e * e;
        level[k] += alpha_grid[k] * e;
      }
}

/* Holt's, in its error-correction form, with every (alpha, beta) pair:
 * l = l + b + alpha e, b = b + alpha beta e. */
static void
run_holt (const double *y,
          guint         n,
          double        sse[N_PAIRS],
          double        level[N_PAIRS],
          double        trend[N_PAIRS])
{
  double alpha[N_PAIRS], alpha_beta[N_PAIRS];
  double b0 = start_trend (y, n);

  for (guint k = 0; k < N_PAIRS; k++)
    {
      alpha[k] = alpha_grid[k / N_BETAS];
      alpha_beta[k] = alpha[k] * beta_grid[k % N_BETAS];
      sse[k] = 0;
      level[k] = y[0];
      trend[k] = b0;
    }
  for (guint t = 1; t < n; t++)
    for (guint k = 0; k < N_PAIRS; k++)
      {
        double f = level[k] + trend[k];
        double e = y[t] - f;

        sse[k] += e * e;
        level[k] = f + alpha[k] * e;
        trend[k] += alpha_beta[k] * e;
      }
}

static guint
argmin (const double *values,
        guint         n)
{
  guint best = 0;

  for (guint k = 1; k < n; k++)
    if (values[k] < values[best])
      best = k;
  return best;
}

/* The mean absolute error over y[0..n) of the forecast level + h trend
 * for h = 1..n, made without seeing them; demand is never below 0. */
static double
holdout_mae (const double *y,
             guint         n,
             double        level,
             double        trend)
{
  double sum = 0;

  for (guint h = 1; h <= n; h++)
    sum += fabs (y[h - 1] - MAX (level + h * trend, 0));
  return sum / n;
}

/* The state of one method with one parameter set after all of y[0..n). */
static void
run_one (const double *y,
         guint         n,
         double        alpha,
         double        beta,
         gboolean      holt,
         double       *level,
         double       *trend)
{
  double l = y[0], b = holt ? start_trend (y, n) : 0;

  for (guint t = 1; t < n; t++)
    {
      double f = l + b;
      double e = y[t] - f;

      l = f + alpha * e;
      if (holt)
        b += alpha * beta * e;
    }
  *level = l;
  *trend = b;
}

/**
 * bd_forecast_fit:
 * @demand: daily demand, oldest first, days without orders as 0
 * @n_days: how many days
 *
 * Fits @forecast's method, parameters, held-back errors, daily forecast
 * and standard deviation to @demand:
 *
 * - the last %BD_FORECAST_HOLDOUT_DAYS days are held back; simple
 *   smoothing and Holt's have their parameters chosen on the days before
 *   (the grid's least one-step-ahead squared error);
 * - each then forecasts the held-back days from there, without seeing
 *   them; the naive forecast is the mean of the 28 days before the
 *   hold-out, the same for each held-back day. Holt's is the method only
 *   where its held-back mean absolute error is below simple smoothing's;
 * - the chosen method, with its parameters, is run over every day and
 *   forecasts the next.
 *
 * A history too short for that (under twice the hold-out) gets its mean
 * as the forecast and no errors. Returns %FALSE for no days at all.
 */
gboolean
bd_forecast_fit (const double *demand,
                 guint         n_days,
                 BdForecast   *forecast)
{
  double sum = 0, squares = 0, mean;
  g_return_val_if_fail (forecast != NULL, FALSE);

  forecast->history_days = n_days;
  forecast->alpha = NAN;
  forecast->beta = NAN;
  forecast->mae = NAN;
  forecast->naive_mae = NAN;
  forecast->sse = NAN;
  forecast->daily = 0;
  forecast->stddev = 0;
  forecast->level = 0;
  forecast->trend = 0;
  forecast->method = BD_FORECAST_NONE;
  if (n_days == 0)
    return FALSE;

  for (guint t = 0; t < n_days; t++)
    sum += demand[t];
  mean = sum / n_days;
  for (guint t = 0; t < n_days; t++)
    squares += (demand[t] - mean) * (demand[t] - mean);
  /* the sample deviation; a constant demand has none */
  forecast->stddev = n_days > 1 ? sqrt (squares / (n_days - 1)) : 0;

  if (n_days < 2 * BD_FORECAST_HOLDOUT_DAYS)
    {
      forecast->method = BD_FORECAST_MEAN;
      forecast->daily = mean;
      forecast->level = mean;
      return TRUE;
    }

  {
    guint m = n_days - BD_FORECAST_HOLDOUT_DAYS;
    const double *held = demand + m;
    double simple_sse[N_ALPHAS], simple_level[N_ALPHAS];
    double holt_sse[N_PAIRS], holt_level[N_PAIRS], holt_trend[N_PAIRS];
    double simple_mae, holt_mae, naive = 0, naive_mae = 0;
    guint s, h;

    run_simple (demand, m, simple_sse, simple_level);
    run_holt (demand, m, holt_sse, holt_level, holt_trend);
    s = argmin (simple_sse, N_ALPHAS);
    h = argmin (holt_sse, N_PAIRS);
    simple_mae = holdout_mae (held, BD_FORECAST_HOLDOUT_DAYS, simple_level[s], 0);
    holt_mae = holdout_mae (held, BD_FORECAST_HOLDOUT_DAYS, holt_level[h], holt_trend[h]);

    for (guint t = m - BD_FORECAST_HOLDOUT_DAYS; t < m; t++)
      naive += demand[t];
    naive /= BD_FORECAST_HOLDOUT_DAYS;
    for (guint t = 0; t < BD_FORECAST_HOLDOUT_DAYS; t++)
      naive_mae += fabs (held[t] - naive);
    forecast->naive_mae = naive_mae / BD_FORECAST_HOLDOUT_DAYS;

    /* rounding apart: on a constant both are exact, and the simpler wins */
    if (holt_mae < simple_mae - 1e-9)
      {
        forecast->method = BD_FORECAST_HOLT;
        forecast->alpha = alpha_grid[h / N_BETAS];
        forecast->beta = beta_grid[h % N_BETAS];
        forecast->mae = holt_mae;
        forecast->sse = holt_sse[h];
      }
    else
      {
        forecast->method = BD_FORECAST_SIMPLE;
        forecast->alpha = alpha_grid[s];
        forecast->mae = simple_mae;
        forecast->sse = simple_sse[s];
      }
  }

  run_one (demand, n_days, forecast->alpha, forecast->beta,
           forecast->method == BD_FORECAST_HOLT, &forecast->level, &forecast->trend);
  forecast->daily = MAX (forecast->level + forecast->trend, 0);
  return TRUE;
}

/* Rounds a level up to whole units, forgiving the last bits of a sum that
 * is whole on paper (3 x 7 days must not become 22). */
static int
ceil_units (double value)
{
  double units = ceil (value - 1e-6);

  return (int)CLAMP (units, 0, G_MAXINT32);
}

/**
 * bd_forecast_suggest:
 * @service_level: the share of lead times to come through without running
 *   out, 0.5 to 0.999
 *
 * Fills @forecast's lead-time demand and suggestion from its fit and
 * lead_time_days: safety stock = z(@service_level) x the standard
 * deviation of daily demand x sqrt(lead time days); the reorder point of
 * the desk's reorder level (reorder_point + safety_stock) is the forecast
 * demand over the lead time, so that the level is forecast demand over the
 * lead time + safety stock. Each is rounded up to whole units. Nothing is
 * suggested without a lead time or without a history.
 */
void
bd_forecast_suggest (BdForecast *forecast,
                     double      service_level)
{
  double z;

  g_return_if_fail (forecast != NULL);

  forecast->lead_time_demand = 0;
  forecast->has_suggestion = FALSE;
  forecast->reorder_point = 0;
  forecast->safety_stock = 0;
  if (forecast->lead_time_days < 0 || forecast->method == BD_FORECAST_NONE)
    return;

  for (int h = 1; h <= forecast->lead_time_days; h++)
    forecast->lead_time_demand += MAX (forecast->level + h * forecast->trend, 0);
  z = bd_forecast_inverse_normal (CLAMP (service_level, 0.5, 0.999));
  forecast->safety_stock = ceil_units (z * forecast->stddev * sqrt (forecast->lead_time_days));
  forecast->reorder_point = ceil_units (forecast->lead_time_demand);
  forecast->has_suggestion = TRUE;
}

/* The service level the team set, else 95%. */
double
bd_forecast_service_level (BdStore *store)
{
  return bd_team_settings_get_double (store, BD_TEAM_SETTING_SERVICE_LEVEL);
}

static gint64
store_today (BdStore *store)
{
  g_autofree char *now = bd_store_now_iso (store);
  gint64 day = 0;

  if (!bd_local_day (now, &day))
    g_return_val_if_reached (0);
  return day;
}

/* What one product sold on one local day (one order line). */
typedef struct
{
  gint32 day;
  gint32 quantity;
} DayQuantity;

static void
lines_free (gpointer lines)
{
  if (lines != NULL)
    g_array_unref (lines);
}

/* Fits one product's days, from its first order within first_day to
 * last_day, from its lines' (day, quantity) in any order. */
static void
fit_product (BdForecast *forecast,
             GArray     *lines,
             gint64      first_day,
             gint64      last_day,
             double     *buffer)
{
  gint64 start = last_day + 1;
  guint n;

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    start = MIN (start, g_array_index (lines, DayQuantity, i).day);
  if (start > last_day)
    {
      bd_forecast_fit (NULL, 0, forecast);
      return;
    }

  /* from the product's first order within the window: before it the
   * product was not sold, which says nothing of its demand */
  start = MAX (start, first_day);
  n = (guint)(last_day - start + 1);
  memset (buffer, 0, sizeof (double) * n);
  for (guint i = 0; i < lines->len; i++)
    {
      const DayQuantity *line = &g_array_index (lines, DayQuantity, i);

      buffer[line->day - start] += line->quantity;
    }
  bd_forecast_fit (buffer, n, forecast);
}

/**
 * bd_forecast_compute:
 * @sku: (nullable): one product's, or %NULL for every product's
 *
 * Every product's forecast and suggestion (BdForecast, by product id) from
 * the ordered quantity of its order lines (backordered or not, cancelled
 * or not: all of it was demand) per local day of ordered_at. The history
 * runs from the product's first order, at most %BD_FORECAST_HISTORY_DAYS
 * days back, to yesterday (today is not over); a day without orders is 0.
 * The lead time is the preferred supplier's for the product (the link's,
 * else the supplier's), else the longest of its other suppliers'.
 *
 * One pass over the order lines, read in the order they are stored and
 * summed per product and day; then each product's days are fitted.
 */
GPtrArray *
bd_forecast_compute (BdStore     *store,
                     const char  *sku,
                     GError     **error)
{
  g_autoptr(GPtrArray) forecasts = NULL;
  g_autoptr(GHashTable) by_product = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree double *buffer = NULL;
  g_autofree char *since = NULL;
  gint64 started = g_get_monotonic_time ();
  double service_level;
  gint64 last_day, first_day;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  last_day = store_today (store) - 1;
  first_day = last_day - BD_FORECAST_HISTORY_DAYS + 1;
  service_level = bd_forecast_service_level (store);

  stmt = bd_store_prepare (store,
                           "SELECT p.id, p.sku, p.name, p.reorder_point, p.safety_stock,"
                           " (SELECT coalesce(ps.lead_time_days, s.lead_time_days)"
                           "  FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id"
                           "  WHERE ps.product_id = p.id AND ps.deleted = 0 AND s.deleted = 0"
                           "   AND s.archived = 0"
                           "   AND coalesce(ps.lead_time_days, s.lead_time_days) IS NOT NULL"
                           "  ORDER BY ps.preferred DESC, 1 DESC LIMIT 1)"
                           " FROM products p"
                           " WHERE p.deleted = 0 AND (?1 IS NULL OR p.sku = ?1)"
                           " ORDER BY p.id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_STATIC);

  forecasts = g_ptr_array_new_with_free_func (bd_forecast_free);
  /* product id -> index in forecasts */
  by_product = g_hash_table_new (g_int64_hash, g_int64_equal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdForecast *forecast = g_new0 (BdForecast, 1);

      forecast->product_id = sqlite3_column_int64 (stmt, 0);
      forecast->sku = bd_stmt_dup_text (stmt, 1);
      forecast->product_name = bd_stmt_dup_text (stmt, 2);
      forecast->current_reorder_point = sqlite3_column_int (stmt, 3);
      forecast->current_safety_stock = sqlite3_column_int (stmt, 4);
      forecast->lead_time_days = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                                 ? -1 : MAX (sqlite3_column_int (stmt, 5), 0);
      g_hash_table_insert (by_product, &forecast->product_id, GUINT_TO_POINTER (forecasts->len));
      g_ptr_array_add (forecasts, forecast);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the products"));
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sku != NULL && forecasts->len == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no product “%s”"), sku);
      return NULL;
    }

  /* The lines are summed per product and local day here, not by GROUP BY:
   * a shop's product rarely has two lines a day, so SQL would sort a
   * million rows to sum almost none, three times the time of reading
   * them (the benchmark's "forecast" row). ordered_at is UTC: a day's
   * margin for the machine's zone, and the local days outside the window
   * are left out below. */
  since = bd_day_to_date (first_day - 1);
  stmt = bd_store_prepare (store,
                           "SELECT product_id, ordered_at, quantity FROM order_lines"
                           " WHERE deleted = 0 AND ordered_at >= ?1"
                           "  AND (?2 IS NULL OR product_id = (SELECT id FROM products WHERE sku = ?2))",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, since, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sku, -1, SQLITE_STATIC);

  lines = g_ptr_array_new_with_free_func (lines_free);
  g_ptr_array_set_size (lines, forecasts->len);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (stmt, 0);
      const char *ordered_at = (const char *)sqlite3_column_text (stmt, 1);
      DayQuantity line;
      gpointer index;
      gint64 day;

      if (!bd_local_day (ordered_at, &day) || day < first_day || day > last_day ||
          !g_hash_table_lookup_extended (by_product, &product_id, NULL, &index))
        continue;
      line.day = (gint32)day;
      line.quantity = sqlite3_column_int (stmt, 2);
      if (g_ptr_array_index (lines, GPOINTER_TO_UINT (index)) == NULL)
        g_ptr_array_index (lines, GPOINTER_TO_UINT (index)) = g_array_new (FALSE, FALSE, sizeof (DayQuantity));
      g_array_append_val (g_ptr_array_index (lines, GPOINTER_TO_UINT (index)), line);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the order history"));
      return NULL;
    }
  g_debug ("read the order lines: %.0f ms", (g_get_monotonic_time () - started) / 1000.0);

  buffer = g_new (double, BD_FORECAST_HISTORY_DAYS);
  for (guint i = 0; i < forecasts->len; i++)
    fit_product (g_ptr_array_index (forecasts, i), g_ptr_array_index (lines, i), first_day, last_day, buffer);
  g_debug ("fitted %u products: %.0f ms", forecasts->len, (g_get_monotonic_time () - started) / 1000.0);

  for (guint i = 0; i < forecasts->len; i++)
    bd_forecast_suggest (g_ptr_array_index (forecasts, i), service_level);

  return g_steal_pointer (&forecasts);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (value * 10000) / 10000);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gboolean     known,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The forecasts as JSON: { "service_level", "products": [...] }, figures
 * that do not apply as null. */
JsonNode *
bd_forecast_to_json (GPtrArray *forecasts,
                     double     service_level)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_double (builder, "service_level", service_level);
  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  for (guint i = 0; i < forecasts->len; i++)
    {
      const BdForecast *f = g_ptr_array_index (forecasts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sku");
      json_builder_add_string_value (builder, f->sku);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, f->product_name);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, bd_forecast_method_to_string (f->method));
      add_double (builder, "alpha", f->alpha);
      add_double (builder, "beta", f->beta);
      add_int (builder, "history_days", TRUE, f->history_days);
      add_double (builder, "mae", f->mae);
      add_double (builder, "naive_mae", f->naive_mae);
      add_double (builder, "forecast_daily", f->daily);
      add_double (builder, "stddev_daily", f->stddev);
      add_int (builder, "lead_time_days", f->lead_time_days >= 0, f->lead_time_days);
      add_double (builder, "lead_time_demand", f->has_suggestion ? f->lead_time_demand : NAN);
      add_int (builder, "reorder_point", f->has_suggestion, f->reorder_point);
      add_int (builder, "safety_stock", f->has_suggestion, f->safety_stock);
      add_int (builder, "reorder_level", f->has_suggestion, (gint64)f->reorder_point + f->safety_stock);
      add_int (builder, "current_reorder_point", TRUE, f->current_reorder_point);
      add_int (builder, "current_safety_stock", TRUE, f->current_safety_stock);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The levels Apply sets, each with its UPDATE: literals, as
 * bd_store_cached() keys statements by their text's address. */
static const struct { const char *field; const char *update; } product_fields[] = {
  { "reorder_point", "UPDATE products SET reorder_point = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "safety_stock", "UPDATE products SET safety_stock = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "levels_set_in_desk", "UPDATE products SET levels_set_in_desk = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
};

/* Sets one level of a product (an index in product_fields) and logs it,
 * if it really changes. */
static gboolean
set_product_field (BdAction    *action,
                   gint64       product_id,
                   const char  *uuid,
                   guint        field,
                   gint64       old_value,
                   gint64       new_value,
                   GError     **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  sqlite3_stmt *stmt;

  g_assert (field < G_N_ELEMENTS (product_fields));

  if (old_value == new_value)
    return TRUE;

  stmt = bd_store_cached (action->store, product_fields[field].update, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, new_value);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, product_id);
  old_text = g_strdup_printf ("%" G_GINT64_FORMAT, old_value);
  new_text = g_strdup_printf ("%" G_GINT64_FORMAT, new_value);
  return bd_store_step_done (action->store, stmt, error) &&
         bd_store_add_event (action->store, action->batch, "forecast", "products", uuid, 0,
                             product_fields[field].field, old_text, new_text, error);
}

/**
 * bd_forecast_apply:
 * @forecasts: (element-type BdForecast): the products to set, with their
 *   suggestions as computed; those without a suggestion are left
 * @n_changed: (out) (optional): how many products changed
 * @batch: (out) (optional): the batch of the events, for Undo; %NULL when
 *   nothing changed
 *
 * Writes the suggested reorder point and safety stock of each product as
 * desk work (levels_set_in_desk, which a later products.csv leaves alone):
 * one transaction, an event per value that changes, undone together by
 * bd_actions_undo(). A product deleted since is an error, and nothing is
 * written.
 */
gboolean
bd_forecast_apply (BdStore     *store,
                   GPtrArray   *forecasts,
                   guint       *n_changed,
                   char       **batch,
                   GError     **error)
{
  BdAction action = { 0, };
  g_autofree char *new_batch = NULL;
  gboolean ok = TRUE;
  guint changed = 0;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (forecasts != NULL, FALSE);

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  for (guint i = 0; ok && i < forecasts->len; i++)
    {
      const BdForecast *f = g_ptr_array_index (forecasts, i);
      g_autofree char *uuid = NULL;
      gint64 old_point = 0, old_safety = 0, old_set = 0;
      sqlite3_stmt *stmt;
      int rc;

      if (!f->has_suggestion)
        continue;

      stmt = bd_store_cached (store,
                              "SELECT uuid, reorder_point, safety_stock, levels_set_in_desk"
                              " FROM products WHERE id = ? AND deleted = 0",
                              error);
      if (!(ok = stmt != NULL))
        break;
      sqlite3_bind_int64 (stmt, 1, f->product_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          uuid = bd_stmt_dup_text (stmt, 0);
          old_point = sqlite3_column_int64 (stmt, 1);
          old_safety = sqlite3_column_int64 (stmt, 2);
          old_set = sqlite3_column_int64 (stmt, 3);
        }
      else if (rc == SQLITE_DONE)
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                     _("The product “%s” has been deleted"), f->sku);
      else
        bd_store_set_sql_error (store, error, _("reading a product"));
      sqlite3_reset (stmt);
      if (!(ok = rc == SQLITE_ROW))
        break;

      if (old_point != f->reorder_point || old_safety != f->safety_stock || old_set != 1)
        changed++;
      ok = set_product_field (&action, f->product_id, uuid, 0, old_point, f->reorder_point, error) &&
           set_product_field (&action, f->product_id, uuid, 1, old_safety, f->safety_stock, error) &&
           set_product_field (&action, f->product_id, uuid, 2, old_set, 1, error);
    }

  if (ok && changed > 0)
    bd_store_emit_changed_tables (store, (const char * const[]) { "products", NULL });
  if (!bd_action_finish (&action, ok, &new_batch, error))
    return FALSE;

  if (n_changed != NULL)
    *n_changed = changed;
  if (batch != NULL)
    *batch = changed > 0 ? g_steal_pointer (&new_batch) : NULL;
  return TRUE;
}
