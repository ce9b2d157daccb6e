/* bd-metrics-series.c: the figures behind the dashboard's charts
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-metrics-series"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-metrics-series.h"
#include "bd-purchasing-private.h"
#include "bd-util.h"

/* README, "Metrics", charts. Over a range of local dates, both included:
 * - per week (Monday to Sunday, cut to the range): the backorder lines
 *   ordered, the backorder lines closed (shipped or cancelled), and the
 *   on-time rate of the lines shipped that week that had a promised date
 *   (on time as for on_time_delivery_rate: by local dates);
 * - the ten products and the ten suppliers with the most backordered units
 *   and the most backordered value (per currency) among the backorder
 *   lines ordered in the range, whatever their status now. A line counts
 *   for the supplier of the PO that covers it, else for its product's
 *   preferred supplier, as supplier_on_time_rate does.
 * Each query groups by local day or by product, so that C gets a few
 * hundred rows, never the lines. */

static void
week_free (gpointer data)
{
  BdMetricsWeek *week = data;

  g_free (week->week_start);
  g_free (week);
}

static void
top_free (gpointer data)
{
  BdMetricsTop *top = data;

  /* the lists read_tops() took items from hold NULL in their place */
  if (top == NULL)
    return;
  g_free (top->ref);
  g_free (top->name);
  g_free (top->currency);
  g_free (top);
}

void
bd_metrics_series_free (BdMetricsSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->from);
  g_free (series->to);
  g_clear_pointer (&series->weeks, g_ptr_array_unref);
  g_clear_pointer (&series->top_products_units, g_ptr_array_unref);
  g_clear_pointer (&series->top_products_value, g_ptr_array_unref);
  g_clear_pointer (&series->top_suppliers_units, g_ptr_array_unref);
  g_clear_pointer (&series->top_suppliers_value, g_ptr_array_unref);
  g_free (series);
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  unsigned y, m, d;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
day_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

typedef struct
{
  BdStore *store;
  const char *bounds[2];   /* the first day's start, the day after the last's (UTC) */
  GDate first_monday;
  BdMetricsSeries *series;
} Context;

/* The week of a local day (YYYY-MM-DD), or NULL outside the range. */
static BdMetricsWeek *
week_of (Context    *context,
         const char *day)
{
  GDate date;
  int index;

  g_date_clear (&date, 1);
  if (!parse_day (day, &date))
    return NULL;
  index = g_date_days_between (&context->first_monday, &date) / 7;
  if (index < 0 || (guint)index >= context->series->weeks->len)
    return NULL;
  return g_ptr_array_index (context->series->weeks, index);
}

static sqlite3_stmt *
prepare (Context     *context,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = bd_store_prepare (context->store, sql, error);

  if (stmt != NULL)
    for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < 2; i++)
      sqlite3_bind_text (stmt, i + 1, context->bounds[i], -1, SQLITE_STATIC);
  return stmt;
}

static gboolean
finish (Context  *context,
        int       rc,
        GError  **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  bd_store_set_sql_error (context->store, error, _("computing the charts"));
  return FALSE;
}

static gboolean
compute_weeks (Context  *context,
               GError  **error)
{
  g_autoptr(BdStmt) opened = NULL;
  g_autoptr(BdStmt) closed = NULL;
  g_autoptr(BdStmt) shipped = NULL;
  int rc;

  opened = prepare (context,
                    "SELECT date(l.ordered_at, 'localtime') AS day, count(*)"
                    " FROM order_lines l INDEXED BY order_lines_queue"
                    " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                    "  AND l.ordered_at >= ?1 AND l.ordered_at < ?2"
                    " GROUP BY day",
                    error);
  if (opened == NULL)
    return FALSE;
  while ((rc = sqlite3_step (opened)) == SQLITE_ROW)
    {
      BdMetricsWeek *week = week_of (context, (const char *)sqlite3_column_text (opened, 0));

      if (week != NULL)
        week->opened += sqlite3_column_int64 (opened, 1);
    }
  if (!finish (context, rc, error))
    return FALSE;

  closed = prepare (context,
                    "SELECT date(CASE l.status WHEN 'shipped' THEN l.shipped_at ELSE l.cancelled_at END,"
                    "  'localtime') AS day, count(*)"
                    " FROM order_lines l INDEXED BY order_lines_queue"
                    " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                    "  AND ((l.status = 'shipped' AND l.shipped_at >= ?1 AND l.shipped_at < ?2)"
                    "   OR (l.status = 'cancelled' AND l.cancelled_at >= ?1 AND l.cancelled_at < ?2))"
                    " GROUP BY day",
                    error);
  if (closed == NULL)
    return FALSE;
  while ((rc = sqlite3_step (closed)) == SQLITE_ROW)
    {
      BdMetricsWeek *week = week_of (context, (const char *)sqlite3_column_text (closed, 0));

      if (week != NULL)
        week->closed += sqlite3_column_int64 (closed, 1);
    }
  if (!finish (context, rc, error))
    return FALSE;

  shipped = prepare (context,
                     "SELECT date(l.shipped_at, 'localtime') AS day, count(*),"
                     " total(l.shipped_at <= l.promised_at"
                     "  OR date(l.shipped_at, 'localtime') <= date(l.promised_at, 'localtime'))"
                     " FROM order_lines l"
                     " WHERE l.deleted = 0 AND l.promised_at IS NOT NULL"
                     "  AND l.shipped_at >= ?1 AND l.shipped_at < ?2"
                     " GROUP BY day",
                     error);
  if (shipped == NULL)
    return FALSE;
  while ((rc = sqlite3_step (shipped)) == SQLITE_ROW)
    {
      BdMetricsWeek *week = week_of (context, (const char *)sqlite3_column_text (shipped, 0));

      if (week != NULL)
        {
          week->shipped_promised += sqlite3_column_int64 (shipped, 1);
          week->shipped_on_time += sqlite3_column_int64 (shipped, 2);
        }
    }
  if (!finish (context, rc, error))
    return FALSE;

  for (guint i = 0; i < context->series->weeks->len; i++)
    {
      BdMetricsWeek *week = g_ptr_array_index (context->series->weeks, i);

      week->on_time_rate = week->shipped_promised > 0 ? (double)week->shipped_on_time / week->shipped_promised
                                                      : NAN;
    }
  return TRUE;
}

static BdMetricsTop *
top_new (const char *ref,
         const char *name,
         const char *currency,
         gint64      units,
         gint64      value)
{
  BdMetricsTop *top = g_new0 (BdMetricsTop, 1);

  top->ref = g_strdup (ref);
  top->name = g_strdup (name);
  top->currency = g_strdup (currency);
  top->units = units;
  top->value = value;
  return top;
}

static int
compare_by_units (gconstpointer a,
                  gconstpointer b)
{
  const BdMetricsTop *x = *(BdMetricsTop * const *)a;
  const BdMetricsTop *y = *(BdMetricsTop * const *)b;

  if (x->units != y->units)
    return x->units > y->units ? -1 : 1;
  return strcmp (x->ref, y->ref);
}

static int
compare_by_value (gconstpointer a,
                  gconstpointer b)
{
  const BdMetricsTop *x = *(BdMetricsTop * const *)a;
  const BdMetricsTop *y = *(BdMetricsTop * const *)b;
  int by_currency = strcmp (x->currency, y->currency);

  if (by_currency != 0)
    return by_currency;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return strcmp (x->ref, y->ref);
}

/* From the rows (ref, name, currency, units, value) of @stmt, grouped by
 * ref and currency: the top by units over every currency into @by_units,
 * the top of each currency by value into @by_value. */
static gboolean
read_tops (Context       *context,
           sqlite3_stmt  *stmt,
           GPtrArray     *by_units,
           GPtrArray     *by_value,
           GError       **error)
{
  g_autoptr(GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all_units = g_ptr_array_new_with_free_func (top_free);
  g_autoptr(GPtrArray) all_values = g_ptr_array_new_with_free_func (top_free);
  const char *currency = NULL;
  guint in_currency = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *ref = (const char *)sqlite3_column_text (stmt, 0);
      const char *name = (const char *)sqlite3_column_text (stmt, 1);
      BdMetricsTop *top;

      if (ref == NULL)
        continue;
      top = g_hash_table_lookup (units, ref);
      if (top == NULL)
        {
          top = top_new (ref, name, NULL, 0, 0);
          g_ptr_array_add (all_units, top);
          g_hash_table_insert (units, top->ref, top);
        }
      top->units += sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (all_values, top_new (ref, name, (const char *)sqlite3_column_text (stmt, 2),
                                            sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4)));
    }
  if (!finish (context, rc, error))
    return FALSE;

  g_ptr_array_sort (all_units, compare_by_units);
  for (guint i = 0; i < all_units->len && i < BD_METRICS_TOP_N; i++)
    g_ptr_array_add (by_units, g_steal_pointer (&g_ptr_array_index (all_units, i)));

  g_ptr_array_sort (all_values, compare_by_value);
  for (guint i = 0; i < all_values->len; i++)
    {
      BdMetricsTop *top = g_ptr_array_index (all_values, i);

      if (g_strcmp0 (currency, top->currency) != 0)
        {
          currency = top->currency;
          in_currency = 0;
        }
      if (in_currency++ < BD_METRICS_TOP_N)
        g_ptr_array_add (by_value, g_steal_pointer (&g_ptr_array_index (all_values, i)));
    }
  return TRUE;
}

static gboolean
compute_tops (Context  *context,
              GError  **error)
{
  g_autoptr(BdStmt) products = NULL;
  g_autoptr(BdStmt) suppliers = NULL;

  products = prepare (context,
                      "SELECT p.sku, p.name, o.currency, total(l.backordered_quantity),"
                      " total(coalesce(l.unit_price, 0) * l.backordered_quantity)"
                      " FROM order_lines l INDEXED BY order_lines_queue"
                      " JOIN products p ON p.id = l.product_id JOIN orders o ON o.id = l.order_id"
                      " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                      "  AND l.ordered_at >= ?1 AND l.ordered_at < ?2"
                      " GROUP BY l.product_id, o.currency",
                      error);
  if (products == NULL ||
      !read_tops (context, products, context->series->top_products_units, context->series->top_products_value,
                  error))
    return FALSE;

  /* the same attribution as bd-metrics.c's suppliers, tables made once */
  suppliers = prepare (context,
                       "WITH preferred AS MATERIALIZED ("
                       "  SELECT product_id, supplier_id, min(id) FROM product_suppliers"
                       "  WHERE preferred = 1 AND deleted = 0 GROUP BY product_id),"
                       " covered AS MATERIALIZED ("
                       "  SELECT c.line_id, po.supplier_id, min(c.id) FROM po_line_covers c"
                       "  JOIN po_lines pl ON pl.id = c.po_line_id"
                       "  JOIN purchase_orders po ON po.id = pl.po_id"
                       "  WHERE c.deleted = 0 GROUP BY c.line_id),"
                       " counted AS ("
                       "  SELECT coalesce(covered.supplier_id, preferred.supplier_id) AS supplier_id,"
                       "   o.currency AS currency, l.backordered_quantity AS units,"
                       "   coalesce(l.unit_price, 0) * l.backordered_quantity AS value"
                       "  FROM order_lines l INDEXED BY order_lines_queue"
                       "  JOIN orders o ON o.id = l.order_id"
                       "  LEFT JOIN covered ON covered.line_id = l.id"
                       "  LEFT JOIN preferred ON preferred.product_id = l.product_id"
                       "  WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                       "   AND l.ordered_at >= ?1 AND l.ordered_at < ?2)"
                       " SELECT s.ref, s.name, counted.currency, total(units), total(value)"
                       " FROM counted JOIN suppliers s ON s.id = counted.supplier_id"
                       " GROUP BY counted.supplier_id, counted.currency",
                       error);
  if (suppliers == NULL ||
      !read_tops (context, suppliers, context->series->top_suppliers_units, context->series->top_suppliers_value,
                  error))
    return FALSE;
  return TRUE;
}

/* The charts' figures from @from to @to, local dates (YYYY-MM-DD), both
 * included. Reads only, in one read transaction; meant for a worker
 * thread with a connection of its own. */
BdMetricsSeries *
bd_metrics_series_compute (BdStore     *store,
                           const char  *from,
                           const char  *to,
                           GError     **error)
{
  g_autoptr(BdMetricsSeries) series = g_new0 (BdMetricsSeries, 1);
  g_autofree char *first_start = NULL;
  g_autofree char *after_start = NULL;
  g_autofree char *after = NULL;
  const char *problem = NULL;
  Context context = { store, };
  GDate first, last, day;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_clear (&day, 1);
  if (!parse_day (from, &first) || !parse_day (to, &last) || g_date_compare (&first, &last) > 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” to “%s” is not a range of dates: expected two dates like 2026-03-31, the first not after the last"),
                   from != NULL ? from : "", to != NULL ? to : "");
      return NULL;
    }

  day = last;
  g_date_add_days (&day, 1);
  after = day_text (&day);
  if (!bd_parse_date (from, &first_start, &problem) || !bd_parse_date (after, &after_start, &problem))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The range %s to %s is out of the dates this program knows"), from, to);
      return NULL;
    }

  series->from = g_strdup (from);
  series->to = g_strdup (to);
  series->weeks = g_ptr_array_new_with_free_func (week_free);
  series->top_products_units = g_ptr_array_new_with_free_func (top_free);
  series->top_products_value = g_ptr_array_new_with_free_func (top_free);
  series->top_suppliers_units = g_ptr_array_new_with_free_func (top_free);
  series->top_suppliers_value = g_ptr_array_new_with_free_func (top_free);

  context.first_monday = first;
  g_date_subtract_days (&context.first_monday, g_date_get_weekday (&first) - G_DATE_MONDAY);
  for (day = context.first_monday; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 7))
    {
      BdMetricsWeek *week = g_new0 (BdMetricsWeek, 1);

      week->week_start = day_text (&day);
      week->on_time_rate = NAN;
      g_ptr_array_add (series->weeks, week);
    }

  context.bounds[0] = first_start;
  context.bounds[1] = after_start;
  context.series = series;

  if (!bd_store_exec (store, "SAVEPOINT bd_metrics_series", error))
    return NULL;
  ok = compute_weeks (&context, error) && compute_tops (&context, error);
  if (!bd_store_exec (store, "RELEASE bd_metrics_series", ok ? error : NULL) && ok)
    return NULL;
  if (!ok)
    return NULL;

  return g_steal_pointer (&series);
}
