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

#include "bd-metrics-private.h"
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
  gint64 key;             /* product and currency, its key in sums_by_key */
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

/* What the pass over the lines adds up, the series's or the metrics'
 * (bd_metrics_compute_with_series()). */
struct _BdSeriesCollector
{
  BdStore *store;
  const char *bounds[2];   /* the first day's start, the day after the last's (UTC) */
  char *first_start;       /* owns bounds[0] */
  char *after_start;       /* owns bounds[1] */
  GPtrArray *week_starts;  /* the UTC start of each week's local Monday, as times are stored */
  BdMetricsSeries *series;
  GHashTable *sums_by_key; /* ProductSum.key -> ProductSum, borrowed */
  GPtrArray *currencies;   /* the currencies seen, whose index is in a key */
  GPtrArray *sums;         /* ProductSum */
};

typedef BdSeriesCollector Context;

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

static gboolean
in_range (Context    *context,
          const char *time)
{
  return time != NULL && strcmp (time, context->bounds[0]) >= 0 && strcmp (time, context->bounds[1]) < 0;
}

/* A backorder line ordered in the range, added to its product's sum in
 * its currency. */
static void
add_product_sum (Context    *context,
                 gint64      product_id,
                 const char *currency,
                 gint64      units,
                 gint64      value)
{
  gint64 key;
  guint index;
  ProductSum *sum;

  if (currency == NULL)
    currency = "";
  /* an integer key (a store has a few currencies): formatting a text one
   * for each line took longer than the rest of the line */
  for (index = 0; index < context->currencies->len; index++)
    if (strcmp (g_ptr_array_index (context->currencies, index), currency) == 0)
      break;
  if (index == context->currencies->len)
    g_ptr_array_add (context->currencies, g_strdup (currency));
  key = product_id * 4096 + index;
  sum = g_hash_table_lookup (context->sums_by_key, &key);
  if (sum == NULL)
    {
      sum = g_new0 (ProductSum, 1);
      sum->key = key;
      sum->product_id = product_id;
      sum->currency = g_strdup (currency);
      g_ptr_array_add (context->sums, sum);
      g_hash_table_insert (context->sums_by_key, &sum->key, sum);
    }
  sum->units += units;
  sum->value += value;
}

/* One line ordered before the range's end, with the columns the charts
 * read: @late_day is TRUE for a line shipped on a later local day than
 * promised; @currency (its order's) is needed for a backorder line
 * ordered in the range alone. */
void
bd_series_collector_add (BdSeriesCollector *context,
                         const char        *ordered_at,
                         gint64             backordered,
                         const char        *status,
                         const char        *shipped_at,
                         const char        *cancelled_at,
                         gboolean           promised,
                         gboolean           late_day,
                         gint64             product_id,
                         const char        *currency,
                         gint64             unit_price)
{
  BdMetricsWeek *week;

  if (backordered > 0)
    {
      /* ordered in the range: opened that week, and the tops */
      if (in_range (context, ordered_at))
        {
          if ((week = week_of (context, ordered_at)) != NULL)
            week->opened++;
          add_product_sum (context, product_id, currency, backordered, unit_price * backordered);
        }

      /* closed in the range */
      if (g_strcmp0 (status, "shipped") == 0 && in_range (context, shipped_at))
        week = week_of (context, shipped_at);
      else if (g_strcmp0 (status, "cancelled") == 0 && in_range (context, cancelled_at))
        week = week_of (context, cancelled_at);
      else
        week = NULL;
      if (week != NULL)
        week->closed++;
    }

  /* shipped in the range with a promise: on time unless on a later day */
  if (promised && in_range (context, shipped_at) && (week = week_of (context, shipped_at)) != NULL)
    {
      week->shipped_promised++;
      week->shipped_on_time += !late_day;
    }
}

/* Adds what @from (a collector of the same range, over other lines)
 * added up to @into: the dashboard's pass over the lines in parts. */
void
bd_series_collector_merge (BdSeriesCollector *into,
                           BdSeriesCollector *from)
{
  g_return_if_fail (into->series->weeks->len == from->series->weeks->len);

  for (guint i = 0; i < into->series->weeks->len; i++)
    {
      BdMetricsWeek *a = g_ptr_array_index (into->series->weeks, i);
      const BdMetricsWeek *b = g_ptr_array_index (from->series->weeks, i);

      a->opened += b->opened;
      a->closed += b->closed;
      a->shipped_promised += b->shipped_promised;
      a->shipped_on_time += b->shipped_on_time;
    }
  for (guint i = 0; i < from->sums->len; i++)
    {
      const ProductSum *sum = g_ptr_array_index (from->sums, i);

      add_product_sum (into, sum->product_id, sum->currency, sum->units, sum->value);
    }
}

/* bd_series_line(context, ordered_at, backordered_quantity, status,
 * shipped_at, cancelled_at, promised, late_day, product_id, currency,
 * unit_price): bd_series_collector_add() for each line. */
static void
series_line_step (sqlite3_context  *sql_context,
                  int               argc,
                  sqlite3_value   **argv)
{
  Context *context = sqlite3_value_pointer (argv[0], SERIES_POINTER);

  if (context == NULL)
    return;
  bd_series_collector_add (context, (const char *)sqlite3_value_text (argv[1]), sqlite3_value_int64 (argv[2]),
                           (const char *)sqlite3_value_text (argv[3]), (const char *)sqlite3_value_text (argv[4]),
                           (const char *)sqlite3_value_text (argv[5]), sqlite3_value_int (argv[6]) != 0,
                           sqlite3_value_int (argv[7]) != 0, sqlite3_value_int64 (argv[8]),
                           (const char *)sqlite3_value_text (argv[9]), sqlite3_value_int64 (argv[10]));
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

  if (sqlite3_create_function_v2 (db, "bd_series_line", 11, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                  series_line_step, series_final, NULL) != SQLITE_OK)
    {
      bd_store_set_sql_error (context->store, error, _("computing the charts"));
      return FALSE;
    }
  g_object_set_data (G_OBJECT (context->store), "bd-metrics-series-functions", GINT_TO_POINTER (TRUE));
  return TRUE;
}

/* Every line ordered before the range's end once, in the table's order
 * (order_lines has no index on the dates, and the lines closed or
 * shipped in the range are not in the queue's index), each counted in C;
 * only a backorder line ordered in the range has its currency looked up,
 * and only a line shipped after its promised time its local days
 * compared. bd_metrics_compute_with_series() makes the same calls from
 * the metrics' own pass. */
static gboolean
compute_lines (Context  *context,
               GError  **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  if (!register_functions (context, error))
    return FALSE;

  stmt = prepare (context,
                  "SELECT bd_series_line(?3, l.ordered_at, l.backordered_quantity, l.status, l.shipped_at,"
                  "  l.cancelled_at, l.promised_at IS NOT NULL, " BD_SERIES_LATE_DAY ", l.product_id,"
                  "  " BD_SERIES_CURRENCY ", coalesce(l.unit_price, 0))"
                  " FROM order_lines l NOT INDEXED"
                  " WHERE " BD_SERIES_LINES_THAT_COUNT,
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_pointer (stmt, 3, context, SERIES_POINTER, NULL);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  return finish (context, rc, error);
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

void
bd_series_collector_free (BdSeriesCollector *context)
{
  if (context == NULL)
    return;
  g_clear_pointer (&context->series, bd_metrics_series_free);
  g_clear_pointer (&context->week_starts, g_ptr_array_unref);
  g_clear_pointer (&context->sums_by_key, g_hash_table_unref);
  g_clear_pointer (&context->currencies, g_ptr_array_unref);
  g_clear_pointer (&context->sums, g_ptr_array_unref);
  g_free (context->first_start);
  g_free (context->after_start);
  g_free (context);
}

/* What adds up the charts' figures from @from to @to, local dates
 * (YYYY-MM-DD), both included; NULL with @error for dates that are no
 * range. */
BdSeriesCollector *
bd_series_collector_new (BdStore     *store,
                         const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_autoptr(BdSeriesCollector) context = g_new0 (BdSeriesCollector, 1);
  BdMetricsSeries *series;
  g_autofree char *after = NULL;
  const char *problem = NULL;
  GDate first, last, day, monday;

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
  if (!bd_parse_date (from, &context->first_start, &problem) ||
      !bd_parse_date (after, &context->after_start, &problem))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The range %s to %s is out of the dates this program knows"), from, to);
      return NULL;
    }

  context->store = store;
  context->bounds[0] = context->first_start;
  context->bounds[1] = context->after_start;
  context->series = series = g_new0 (BdMetricsSeries, 1);
  series->from = g_strdup (from);
  series->to = g_strdup (to);
  series->weeks = g_ptr_array_new_with_free_func (week_free);
  series->top_products_units = g_ptr_array_new_with_free_func (top_free);
  series->top_products_value = g_ptr_array_new_with_free_func (top_free);
  series->top_suppliers_units = g_ptr_array_new_with_free_func (top_free);
  series->top_suppliers_value = g_ptr_array_new_with_free_func (top_free);
  context->week_starts = g_ptr_array_new_with_free_func (g_free);
  context->sums_by_key = g_hash_table_new (g_int64_hash, g_int64_equal);
  context->currencies = g_ptr_array_new_with_free_func (g_free);
  context->sums = g_ptr_array_new_with_free_func (product_sum_free);

  monday = first;
  g_date_subtract_days (&monday, g_date_get_weekday (&first) - G_DATE_MONDAY);
  for (day = monday; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 7))
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
          return NULL;
        }
      g_ptr_array_add (context->week_starts, g_steal_pointer (&start));
    }

  return g_steal_pointer (&context);
}

/* The charts' figures once every line is added: the weeks' on-time rates
 * and the tops (a few small queries). Frees @context. */
BdMetricsSeries *
bd_series_collector_finish (BdSeriesCollector  *context,
                            GError            **error)
{
  g_autoptr(BdSeriesCollector) owned = context;

  for (guint i = 0; i < context->series->weeks->len; i++)
    {
      BdMetricsWeek *week = g_ptr_array_index (context->series->weeks, i);

      week->on_time_rate = week->shipped_promised > 0 ? (double)week->shipped_on_time / week->shipped_promised
                                                      : NAN;
    }

  if (!compute_tops (context, error))
    return NULL;
  return g_steal_pointer (&context->series);
}

/* The charts' figures from @from to @to, local dates (YYYY-MM-DD), both
 * included. Reads only, in one read transaction; meant for a worker
 * thread with a connection of its own. The dashboard has them from the
 * metrics' pass instead (bd_metrics_compute_with_series()). */
BdMetricsSeries *
bd_metrics_series_compute (BdStore     *store,
                           const char  *from,
                           const char  *to,
                           GError     **error)
{
  g_autoptr(BdSeriesCollector) context = NULL;
  BdMetricsSeries *series = NULL;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  context = bd_series_collector_new (store, from, to, error);
  if (context == NULL)
    return NULL;

  if (!bd_store_exec (store, "SAVEPOINT bd_metrics_series", error))
    return NULL;
  ok = compute_lines (context, error);
  if (ok)
    ok = (series = bd_series_collector_finish (g_steal_pointer (&context), error)) != NULL;
  if (!bd_store_exec (store, "RELEASE bd_metrics_series", ok ? error : NULL) && ok)
    {
      bd_metrics_series_free (series);
      return NULL;
    }
  return series;
}
