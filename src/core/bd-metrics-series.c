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
 * One pass over the lines gives every figure to aggregates in C (by week,
 * by product and currency); the products' sums then go to the suppliers. */

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

/* The backorder lines ordered in the range of one product in one
 * currency. */
typedef struct
{
  gint64 product_id;
  char *currency;
  gint64 units;
  gint64 value;
} ProductSum;

static void
product_sum_free (gpointer data)
{
  ProductSum *sum = data;

  g_free (sum->currency);
  g_free (sum);
}

typedef struct
{
  BdStore *store;
  const char *bounds[2];   /* the first day's start, the day after the last's (UTC) */
  GDate first_monday;
  GPtrArray *week_starts;  /* the UTC start of each week's local Monday, as times are stored */
  BdMetricsSeries *series;
  GHashTable *sums_by_key; /* "product_id currency" -> ProductSum, borrowed */
  GPtrArray *sums;         /* ProductSum */
} Context;

/* The week of a stored (UTC) time by the local day it fell on, or NULL
 * outside the range: the weeks' starts are local midnights turned into
 * UTC once, so that no time of a line needs turning into a local day
 * (date(..., 'localtime') was most of the pass's time). */
static BdMetricsWeek *
week_of (Context    *context,
         const char *time)
{
  GPtrArray *starts = context->week_starts;
  guint lower = 0, upper = starts->len;

  if (time == NULL || starts->len == 0 || strcmp (time, g_ptr_array_index (starts, 0)) < 0 ||
      strcmp (time, context->bounds[1]) >= 0)
    return NULL;

  /* the last week that starts at or before @time */
  while (upper - lower > 1)
    {
      guint middle = (lower + upper) / 2;

      if (strcmp (g_ptr_array_index (starts, middle), time) <= 0)
        lower = middle;
      else
        upper = middle;
    }
  return g_ptr_array_index (context->series->weeks, lower);
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

#define SERIES_POINTER "bd-metrics-series"

/* bd_series_week(context, what, time, on_time): a line of the week of
 * the local day of @time: 0 a backorder line ordered, 1 one closed, 2 a
 * line shipped with a promised date (on time or not). */
static void
series_week_step (sqlite3_context  *sql_context,
                  int               argc,
                  sqlite3_value   **argv)
{
  Context *context = sqlite3_value_pointer (argv[0], SERIES_POINTER);
  BdMetricsWeek *week;

  if (context == NULL)
    return;
  week = week_of (context, (const char *)sqlite3_value_text (argv[2]));
  if (week == NULL)
    return;

  switch (sqlite3_value_int (argv[1]))
    {
    case 0:
      week->opened++;
      break;
    case 1:
      week->closed++;
      break;
    default:
      week->shipped_promised++;
      week->shipped_on_time += sqlite3_value_int (argv[3]) != 0;
    }
}

/* bd_series_product(context, product_id, currency, units, value): a
 * backorder line ordered in the range, added to its product's sum in its
 * currency. */
static void
series_product_step (sqlite3_context  *sql_context,
                     int               argc,
                     sqlite3_value   **argv)
{
  Context *context = sqlite3_value_pointer (argv[0], SERIES_POINTER);
  gint64 product_id = sqlite3_value_int64 (argv[1]);
  const char *currency = (const char *)sqlite3_value_text (argv[2]);
  char key[64];
  ProductSum *sum;

  if (context == NULL)
    return;
  if (currency == NULL)
    currency = "";
  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT " %s", product_id, currency);
  sum = g_hash_table_lookup (context->sums_by_key, key);
  if (sum == NULL)
    {
      sum = g_new0 (ProductSum, 1);
      sum->product_id = product_id;
      sum->currency = g_strdup (currency);
      g_ptr_array_add (context->sums, sum);
      g_hash_table_insert (context->sums_by_key, g_strdup (key), sum);
    }
  sum->units += sqlite3_value_int64 (argv[3]);
  sum->value += sqlite3_value_int64 (argv[4]);
}

static void
series_final (sqlite3_context *sql_context)
{
  sqlite3_result_null (sql_context);
}

static gboolean
register_functions (Context  *context,
                    GError  **error)
{
  sqlite3 *db = bd_store_get_db (context->store);

  /* once per connection: registering again would expire its statements */
  if (g_object_get_data (G_OBJECT (context->store), "bd-metrics-series-functions") != NULL)
    return TRUE;

  if (sqlite3_create_function_v2 (db, "bd_series_week", 4, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                  series_week_step, series_final, NULL) != SQLITE_OK ||
      sqlite3_create_function_v2 (db, "bd_series_product", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                  series_product_step, series_final, NULL) != SQLITE_OK)
    {
      bd_store_set_sql_error (context->store, error, _("computing the charts"));
      return FALSE;
    }
  g_object_set_data (G_OBJECT (context->store), "bd-metrics-series-functions", GINT_TO_POINTER (TRUE));
  return TRUE;
}

/* Every line once, in the table's order (order_lines has no index on the
 * dates, and the lines closed or shipped in the range are not in the
 * queue's index): each FILTER picks the lines of one figure, and only
 * those have their local day or currency worked out. 10 times faster on
 * the 1M store than a query per figure. */
static gboolean
compute_lines (Context  *context,
               GError  **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  if (!register_functions (context, error))
    return FALSE;

  stmt = prepare (context,
                  "SELECT bd_series_week(?3, 0, l.ordered_at, 0)"
                  "  FILTER (WHERE l.backordered_quantity > 0 AND l.ordered_at >= ?1),"
                  " bd_series_week(?3, 1, CASE l.status WHEN 'shipped' THEN l.shipped_at ELSE l.cancelled_at END, 0)"
                  "  FILTER (WHERE l.backordered_quantity > 0"
                  "   AND ((l.status = 'shipped' AND l.shipped_at >= ?1 AND l.shipped_at < ?2)"
                  "    OR (l.status = 'cancelled' AND l.cancelled_at >= ?1 AND l.cancelled_at < ?2))),"
                  /* CASE, not OR: only a line shipped after the promised
                   * time has its local days compared */
                  " bd_series_week(?3, 2, l.shipped_at, CASE WHEN l.shipped_at <= l.promised_at THEN 1"
                  "  ELSE date(l.shipped_at, 'localtime') <= date(l.promised_at, 'localtime') END)"
                  "  FILTER (WHERE l.promised_at IS NOT NULL AND l.shipped_at >= ?1 AND l.shipped_at < ?2),"
                  " bd_series_product(?3, l.product_id, (SELECT o.currency FROM orders o WHERE o.id = l.order_id),"
                  "  l.backordered_quantity, coalesce(l.unit_price, 0) * l.backordered_quantity)"
                  "  FILTER (WHERE l.backordered_quantity > 0 AND l.ordered_at >= ?1)"
                  /* a line closed or shipped in the range was ordered
                   * before its end */
                  " FROM order_lines l NOT INDEXED"
                  " WHERE l.deleted = 0 AND l.ordered_at < ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_pointer (stmt, 3, context, SERIES_POINTER, NULL);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
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

/* From @rows (BdMetricsTop, one per ref and currency): the top by units
 * over every currency into @by_units, the top of each currency by value
 * into @by_value. */
static void
make_tops (GPtrArray *rows,
           GPtrArray *by_units,
           GPtrArray *by_value)
{
  g_autoptr(GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all_units = g_ptr_array_new_with_free_func (top_free);
  const char *currency = NULL;
  guint in_currency = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const BdMetricsTop *row = g_ptr_array_index (rows, i);
      BdMetricsTop *top = g_hash_table_lookup (units, row->ref);

      if (top == NULL)
        {
          top = top_new (row->ref, row->name, NULL, 0, 0);
          g_ptr_array_add (all_units, top);
          g_hash_table_insert (units, top->ref, top);
        }
      top->units += row->units;
    }

  g_ptr_array_sort (all_units, compare_by_units);
  for (guint i = 0; i < all_units->len && i < BD_METRICS_TOP_N; i++)
    g_ptr_array_add (by_units, g_steal_pointer (&g_ptr_array_index (all_units, i)));

  g_ptr_array_sort (rows, compare_by_value);
  for (guint i = 0; i < rows->len; i++)
    {
      BdMetricsTop *top = g_ptr_array_index (rows, i);

      if (g_strcmp0 (currency, top->currency) != 0)
        {
          currency = top->currency;
          in_currency = 0;
        }
      if (in_currency++ < BD_METRICS_TOP_N)
        g_ptr_array_add (by_value, g_steal_pointer (&g_ptr_array_index (rows, i)));
    }
}

/* id -> (ref, name) of a small table: products or suppliers. */
static GHashTable *
load_names (Context     *context,
            const char  *sql,
            GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)g_strfreev);
  g_autoptr(BdStmt) stmt = prepare (context, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      char **pair = g_new0 (char *, 3);

      pair[0] = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      pair[1] = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      g_hash_table_insert (names, g_memdup2 (&id, sizeof id), pair);
    }
  if (!finish (context, rc, error))
    return NULL;
  return g_steal_pointer (&names);
}

/* Adds @units and @value to @supplier_id's row in @currency. */
static void
add_supplier_sum (GHashTable *sums,
                  GPtrArray  *rows,
                  GHashTable *suppliers,
                  gint64      supplier_id,
                  const char *currency,
                  gint64      units,
                  gint64      value)
{
  char key[64];
  char **names = g_hash_table_lookup (suppliers, &supplier_id);
  BdMetricsTop *row;

  if (names == NULL)
    return;
  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT " %s", supplier_id, currency);
  row = g_hash_table_lookup (sums, key);
  if (row == NULL)
    {
      row = top_new (names[0], names[1], currency, 0, 0);
      g_ptr_array_add (rows, row);
      g_hash_table_insert (sums, g_strdup (key), row);
    }
  row->units += units;
  row->value += value;
}

/* The top products and suppliers from the products' sums: a product's
 * lines count for its preferred supplier, but for those a PO covers,
 * which count for the PO's (the same rule as bd-metrics.c's). */
static gboolean
compute_tops (Context  *context,
              GError  **error)
{
  g_autoptr(GHashTable) products = NULL;
  g_autoptr(GHashTable) suppliers = NULL;
  g_autoptr(GHashTable) preferred = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) supplier_sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) product_rows = g_ptr_array_new_with_free_func (top_free);
  g_autoptr(GPtrArray) supplier_rows = g_ptr_array_new_with_free_func (top_free);
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(BdStmt) covered = NULL;
  int rc;

  products = load_names (context, "SELECT id, sku, name FROM products", error);
  if (products == NULL)
    return FALSE;
  suppliers = load_names (context, "SELECT id, ref, name FROM suppliers", error);
  if (suppliers == NULL)
    return FALSE;

  stmt = prepare (context,
                  "SELECT product_id, supplier_id, min(id) FROM product_suppliers"
                  " WHERE preferred = 1 AND deleted = 0 GROUP BY product_id",
                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (stmt, 0);
      gint64 supplier_id = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (preferred, g_memdup2 (&product_id, sizeof product_id),
                           g_memdup2 (&supplier_id, sizeof supplier_id));
    }
  if (!finish (context, rc, error))
    return FALSE;

  for (guint i = 0; i < context->sums->len; i++)
    {
      const ProductSum *sum = g_ptr_array_index (context->sums, i);
      char **names = g_hash_table_lookup (products, &sum->product_id);
      gint64 *supplier_id = g_hash_table_lookup (preferred, &sum->product_id);

      if (names != NULL)
        g_ptr_array_add (product_rows, top_new (names[0], names[1], sum->currency, sum->units, sum->value));
      if (supplier_id != NULL)
        add_supplier_sum (supplier_sums, supplier_rows, suppliers, *supplier_id, sum->currency, sum->units,
                          sum->value);
    }

  /* the lines a PO covers: from the product's preferred supplier to the
   * PO's */
  covered = prepare (context,
                     "WITH covered AS MATERIALIZED ("
                     "  SELECT c.line_id, po.supplier_id, min(c.id) FROM po_line_covers c"
                     "  JOIN po_lines pl ON pl.id = c.po_line_id"
                     "  JOIN purchase_orders po ON po.id = pl.po_id"
                     "  WHERE c.deleted = 0 GROUP BY c.line_id)"
                     " SELECT l.product_id, o.currency, covered.supplier_id, l.backordered_quantity,"
                     "  coalesce(l.unit_price, 0) * l.backordered_quantity"
                     " FROM covered CROSS JOIN order_lines l ON l.id = covered.line_id"
                     " JOIN orders o ON o.id = l.order_id"
                     " WHERE l.deleted = 0 AND l.backordered_quantity > 0"
                     "  AND l.ordered_at >= ?1 AND l.ordered_at < ?2",
                     error);
  if (covered == NULL)
    return FALSE;
  while ((rc = sqlite3_step (covered)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (covered, 0);
      const char *currency = (const char *)sqlite3_column_text (covered, 1);
      gint64 units = sqlite3_column_int64 (covered, 3);
      gint64 value = sqlite3_column_int64 (covered, 4);
      gint64 *supplier_id = g_hash_table_lookup (preferred, &product_id);

      if (currency == NULL)
        currency = "";
      if (supplier_id != NULL)
        add_supplier_sum (supplier_sums, supplier_rows, suppliers, *supplier_id, currency, -units, -value);
      add_supplier_sum (supplier_sums, supplier_rows, suppliers, sqlite3_column_int64 (covered, 2), currency,
                        units, value);
    }
  if (!finish (context, rc, error))
    return FALSE;

  /* a supplier whose every line a PO of another covers has none left */
  for (guint i = supplier_rows->len; i > 0; i--)
    {
      const BdMetricsTop *row = g_ptr_array_index (supplier_rows, i - 1);

      if (row->units == 0 && row->value == 0)
        g_ptr_array_remove_index (supplier_rows, i - 1);
    }

  make_tops (product_rows, context->series->top_products_units, context->series->top_products_value);
  make_tops (supplier_rows, context->series->top_suppliers_units, context->series->top_suppliers_value);
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
  GPtrArray *week_starts;
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

  week_starts = g_ptr_array_new_with_free_func (g_free);
  context.week_starts = week_starts;
  context.first_monday = first;
  g_date_subtract_days (&context.first_monday, g_date_get_weekday (&first) - G_DATE_MONDAY);
  for (day = context.first_monday; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 7))
    {
      BdMetricsWeek *week = g_new0 (BdMetricsWeek, 1);

      g_autofree char *start = NULL;

      week->week_start = day_text (&day);
      week->on_time_rate = NAN;
      g_ptr_array_add (series->weeks, week);
      if (!bd_parse_date (week->week_start, &start, &problem))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("The range %s to %s is out of the dates this program knows"), from, to);
          g_ptr_array_unref (week_starts);
          return NULL;
        }
      g_ptr_array_add (week_starts, g_steal_pointer (&start));
    }

  context.bounds[0] = first_start;
  context.bounds[1] = after_start;
  context.series = series;
  context.sums_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  context.sums = g_ptr_array_new_with_free_func (product_sum_free);

  if (!bd_store_exec (store, "SAVEPOINT bd_metrics_series", error))
    return NULL;
  {
    gint64 start = g_get_monotonic_time ();

    ok = compute_lines (&context, error);
    g_debug ("the lines: %.3f s", (g_get_monotonic_time () - start) / 1e6);
    start = g_get_monotonic_time ();
    ok = ok && compute_tops (&context, error);
    g_debug ("the tops: %.3f s", (g_get_monotonic_time () - start) / 1e6);
  }
  g_hash_table_unref (context.sums_by_key);
  g_ptr_array_unref (context.sums);
  g_ptr_array_unref (week_starts);
  if (!bd_store_exec (store, "RELEASE bd_metrics_series", ok ? error : NULL) && ok)
    return NULL;
  if (!ok)
    return NULL;

  return g_steal_pointer (&series);
}
