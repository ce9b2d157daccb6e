/* bd-metrics.c: how the backorder operation is doing, over a range of days
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-metrics"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-csv.h"
#include "bd-eta.h"
#include "bd-metrics.h"
#include "bd-metrics-private.h"
#include "bd-purchasing-private.h"
#include "bd-util.h"

/* The figures and their rules are README "Metrics"; each query below says
 * which it computes. A range is given as local dates and its ends are
 * turned into UTC times once (the stored form), so that the comparisons
 * of ordered_at, created_at and shipped_at are plain text comparisons:
 *   ?1 the first day's start, ?2 the day after the last one's start,
 *   ?3 the last day's start, ?4 the last day (YYYY-MM-DD).
 * Every query runs in one read transaction, so that all figures describe
 * the same moment of the store.
 *
 * order_lines has no index on ordered_at (the import pays for each one):
 * the figures of the lines ordered in the range are one pass over the
 * table, and the open lines' one more, grouped by age and currency, so
 * that C gets a few hundred rows to take the median from, not the lines.
 * Both passes read the table in its order (NOT INDEXED where the planner
 * would pick an index and then fetch rows all over the file: three times
 * slower on the benchmark store); the supplier of each backorder line
 * comes from the queue's index alone, which covers what it needs. */

const char * const bd_metrics_age_bucket_names[BD_METRICS_N_AGE_BUCKETS] = {
  "0-7", "8-14", "15-30", "31-60", "over_60",
};

static const int age_bucket_last_day[BD_METRICS_N_AGE_BUCKETS - 1] = { 7, 14, 30, 60 };

/* A message that told the customer something about a line. */
#define SENT_MESSAGE "m.direction = 'out' AND m.status = 'sent' AND m.deleted = 0 AND m.sent_at IS NOT NULL"

gboolean
bd_metrics_is_null (double value)
{
  return isnan (value);
}

/* The ages in days, both included, of @bucket's lines; @max -1: no
 * bound. */
void
bd_metrics_age_bucket_days (guint  bucket,
                            int   *min,
                            int   *max)
{
  g_return_if_fail (bucket < BD_METRICS_N_AGE_BUCKETS);

  *min = bucket == 0 ? 0 : age_bucket_last_day[bucket - 1] + 1;
  *max = bucket < BD_METRICS_N_AGE_BUCKETS - 1 ? age_bucket_last_day[bucket] : -1;
}

/* The local date of the store's clock, YYYY-MM-DD: where the dashboard's
 * ranges end. */
char *
bd_metrics_today (BdStore *store)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  return bd_purchasing_today (store);
}

static GDate *
date_from_text (const char *text)
{
  GDate *date = g_date_new ();
  unsigned y, m, d;

  if (text != NULL && strlen (text) == 10 && sscanf (text, "%4u-%2u-%2u", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    g_date_set_dmy (date, d, m, y);
  return date;
}

static char *
date_to_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The first and last day of @range, ending @today (YYYY-MM-DD): the last
 * 7, 30 or 90 days with today, or the quarter or year so far. FALSE for a
 * @today that is not a date. */
gboolean
bd_metrics_range_dates (BdMetricsRange   range,
                        const char      *today,
                        char           **from,
                        char           **to)
{
  g_autoptr(GDate) end = date_from_text (today);
  g_autoptr(GDate) start = NULL;

  if (!g_date_valid (end))
    return FALSE;

  start = g_date_copy (end);
  switch (range)
    {
    case BD_METRICS_RANGE_LAST_7:
      g_date_subtract_days (start, 6);
      break;
    case BD_METRICS_RANGE_LAST_30:
      g_date_subtract_days (start, 29);
      break;
    case BD_METRICS_RANGE_LAST_90:
      g_date_subtract_days (start, 89);
      break;
    case BD_METRICS_RANGE_THIS_QUARTER:
      g_date_set_dmy (start, 1, (g_date_get_month (end) - 1) / 3 * 3 + 1, g_date_get_year (end));
      break;
    case BD_METRICS_RANGE_THIS_YEAR:
      g_date_set_dmy (start, 1, G_DATE_JANUARY, g_date_get_year (end));
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  *from = date_to_text (start);
  *to = date_to_text (end);
  return TRUE;
}

/* The period of the same length just before @from to @to: what a figure
 * is compared with. FALSE when the dates are not a range. */
gboolean
bd_metrics_previous_range (const char  *from,
                           const char  *to,
                           char       **previous_from,
                           char       **previous_to)
{
  g_autoptr(GDate) start = date_from_text (from);
  g_autoptr(GDate) end = date_from_text (to);
  int days;

  if (!g_date_valid (start) || !g_date_valid (end) || g_date_compare (start, end) > 0)
    return FALSE;

  days = g_date_days_between (start, end) + 1;
  if (g_date_get_julian (start) <= (guint32)days)
    return FALSE;
  g_date_subtract_days (end, days);
  g_date_subtract_days (start, days);
  *previous_from = date_to_text (start);
  *previous_to = date_to_text (end);
  return TRUE;
}

/* The query of the queue that lists exactly the lines @lines counts over
 * @from to @to (local dates): @bucket for an age bucket, @ref the SKU or
 * supplier reference of a top product or supplier. Every status: a line
 * counted is listed whatever became of it since. */
BdBackorderQuery *
bd_metrics_lines_query (BdMetricsLines  lines,
                        const char     *from,
                        const char     *to,
                        guint           bucket,
                        const char     *ref)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  query->status = BD_STATUS_FILTER_ALL;
  query->as_of = g_strdup (to);
  switch (lines)
    {
    case BD_METRICS_LINES_ORDERED:
      query->ordered_from = g_strdup (from);
      query->ordered_to = g_strdup (to);
      break;
    case BD_METRICS_LINES_OPEN:
      query->open_then = TRUE;
      break;
    case BD_METRICS_LINES_OVERDUE:
      query->open_then = TRUE;
      query->overdue = TRUE;
      break;
    case BD_METRICS_LINES_NEVER_NOTIFIED:
      query->open_then = TRUE;
      query->never_notified = TRUE;
      break;
    case BD_METRICS_LINES_AGE_BUCKET:
      g_return_val_if_fail (bucket < BD_METRICS_N_AGE_BUCKETS, NULL);
      query->open_then = TRUE;
      bd_metrics_age_bucket_days (bucket, &query->age_min, &query->age_max);
      break;
    case BD_METRICS_LINES_BREACHED:
      query->ordered_from = g_strdup (from);
      query->ordered_to = g_strdup (to);
      query->promise_breached = TRUE;
      break;
    case BD_METRICS_LINES_PRODUCT:
      g_return_val_if_fail (ref != NULL, NULL);
      query->ordered_from = g_strdup (from);
      query->ordered_to = g_strdup (to);
      query->product_sku = g_strdup (ref);
      break;
    case BD_METRICS_LINES_SUPPLIER:
      g_return_val_if_fail (ref != NULL, NULL);
      query->ordered_from = g_strdup (from);
      query->ordered_to = g_strdup (to);
      query->supplier_ref = g_strdup (ref);
      query->supplier_counted = TRUE;
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  return g_steal_pointer (&query);
}

static double
ratio (gint64 numerator,
       gint64 denominator)
{
  return denominator != 0 ? (double)numerator / (double)denominator : NAN;
}

static void
amount_free (gpointer data)
{
  BdMetricsAmount *amount = data;

  g_free (amount->currency);
  g_free (amount);
}

static void
supplier_metrics_free (gpointer data)
{
  BdSupplierMetrics *supplier = data;

  g_free (supplier->supplier_ref);
  g_free (supplier->supplier_name);
  g_free (supplier);
}

static void
metrics_clear (BdMetrics *metrics)
{
  g_free (metrics->from);
  g_free (metrics->to);
  g_clear_pointer (&metrics->revenue_lost, g_ptr_array_unref);
  g_clear_pointer (&metrics->backorder_value_open, g_ptr_array_unref);
  g_clear_pointer (&metrics->incentives_value, g_ptr_array_unref);
  g_clear_pointer (&metrics->suppliers, g_ptr_array_unref);
}

/* Figures are shared, not copied: the dashboard keeps those it computed
 * for the periods it may compare with again. */
BdMetrics *
bd_metrics_ref (BdMetrics *metrics)
{
  g_return_val_if_fail (metrics != NULL, NULL);
  return g_rc_box_acquire (metrics);
}

/* Releases a reference; the last one frees the figures. */
void
bd_metrics_free (BdMetrics *metrics)
{
  if (metrics == NULL)
    return;
  g_rc_box_release_full (metrics, (GDestroyNotify)metrics_clear);
}

static void
amounts_add (GPtrArray  *amounts,
             const char *currency,
             gint64      amount)
{
  BdMetricsAmount *item;

  for (guint i = 0; i < amounts->len; i++)
    {
      item = g_ptr_array_index (amounts, i);
      if (g_str_equal (item->currency, currency))
        {
          item->amount += amount;
          return;
        }
    }

  item = g_new0 (BdMetricsAmount, 1);
  item->currency = g_strdup (currency);
  item->amount = amount;
  g_ptr_array_add (amounts, item);
}

/* Adds each of @amounts (BdMetricsAmount) to @into's in its currency. */
static void
amounts_add_all (GPtrArray *into,
                 GPtrArray *amounts)
{
  for (guint i = 0; i < amounts->len; i++)
    {
      const BdMetricsAmount *amount = g_ptr_array_index (amounts, i);

      amounts_add (into, amount->currency, amount->amount);
    }
}

static int
compare_amounts (gconstpointer a,
                 gconstpointer b)
{
  const BdMetricsAmount *x = *(BdMetricsAmount * const *)a;
  const BdMetricsAmount *y = *(BdMetricsAmount * const *)b;

  return strcmp (x->currency, y->currency);
}

static int
compare_suppliers (gconstpointer a,
                   gconstpointer b)
{
  const BdSupplierMetrics *x = *(BdSupplierMetrics * const *)a;
  const BdSupplierMetrics *y = *(BdSupplierMetrics * const *)b;

  return strcmp (x->supplier_ref, y->supplier_ref);
}

static void
bind_range (sqlite3_stmt *stmt,
            const char   *bounds[4])
{
  /* ?1 to ?4: the count is the highest number used */
  for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < 4; i++)
    sqlite3_bind_text (stmt, i + 1, bounds[i], -1, SQLITE_STATIC);
}

static sqlite3_stmt *
prepare_range (BdStore     *store,
               const char  *sql,
               const char  *bounds[4],
               GError     **error)
{
  sqlite3_stmt *stmt = bd_store_prepare (store, sql, error);

  if (stmt != NULL)
    bind_range (stmt, bounds);
  return stmt;
}

static gboolean
step_failed (BdStore     *store,
             int          rc,
             GError     **error)
{
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return FALSE;

  bd_store_set_sql_error (store, error, _("computing the metrics"));
  return TRUE;
}

static gboolean compute_suppliers (BdStore     *store,
                                   const char  *bounds[4],
                                   BdMetrics   *metrics,
                                   GArray      *product_lines,
                                   GError     **error);

/* The open lines of one age and currency, as bd_metrics_open() adds
 * them up. */
typedef struct
{
  gint64 key;          /* age and currency, its key in OpenLines.by_key */
  gint64 age;
  char *currency;
  gint64 lines;
  gint64 overdue;
  gint64 never_notified;
  gint64 value;
} OpenGroup;

static void
open_group_free (gpointer data)
{
  OpenGroup *group = data;

  g_free (group->currency);
  g_free (group);
}

static int
compare_open_groups (gconstpointer a,
                     gconstpointer b)
{
  const OpenGroup *x = *(OpenGroup * const *)a;
  const OpenGroup *y = *(OpenGroup * const *)b;

  if (x->age != y->age)
    return x->age < y->age ? -1 : 1;
  return g_strcmp0 (x->currency, y->currency);
}

/* A product's stock on a day and after, as inventory turnover reads it
 * (README, "Metrics"). */
typedef struct
{
  guint32 julian;      /* its local day */
  char start[32];      /* that day's start in UTC, as times are stored */
  gint64 on_hand;
  gint64 unit_cost;
  gboolean valued;     /* at a cost in the default currency */
} Snapshot;

typedef struct
{
  GPtrArray *by_product;   /* GArray of Snapshot by day, at the product's id; NULL for none */
  guint32 first_julian;    /* the earliest day read */
  double cost_shipped;
} Turnover;

/* The counts over the lines ordered in the range, as bd_metrics_line()
 * adds them up. */
typedef struct
{
  gint64 order_lines;
  gint64 units;
  gint64 units_backordered;
  gint64 backorder_lines;
  gint64 cancelled;
  gint64 promised;
  gint64 shipped_promised;
  gint64 late;
  gint64 open_past;
} LineCounts;

/* One range's sums in a pass over the lines (count_line()): a pass can
 * count for several ranges at once, the dashboard's and the period
 * before it. */
typedef struct
{
  const char * const *bounds;  /* as bind_range() binds them */
  double end_julian;          /* julianday() of the range's last day */
  LineCounts counts;
  GHashTable *by_key;   /* OpenGroup.key -> OpenGroup, borrowed */
  GPtrArray *currencies;      /* the currencies seen, whose index is in a key */
  GPtrArray *groups;    /* OpenGroup */
  GArray *product_lines;      /* gint64 at a product's id: its backorder lines ordered in the range */
  GPtrArray *revenue_lost;    /* BdMetricsAmount */
  Turnover *turnover;         /* NULL: no snapshot, no figure */
  BdSeriesCollector *series;  /* NULL: no charts asked for */
} OpenLines;

#define MAX_RANGES 2

/* What one pass over the lines counts for: the ranges, latest first. */
typedef struct
{
  guint n_ranges;
  OpenLines *ranges[MAX_RANGES];
} Pass;

#define PASS_POINTER "bd-metrics-pass"

/* The group of the open lines of @age and @currency, made when new. */
static OpenGroup *
open_group_get (OpenLines  *open,
                gint64      age,
                const char *currency)
{
  gint64 key;
  guint index;
  OpenGroup *group;

  if (currency == NULL)
    currency = "";
  /* an integer key: formatting a text one for each line was a tenth of
   * the pass; a store has a few currencies */
  for (index = 0; index < open->currencies->len; index++)
    if (strcmp (g_ptr_array_index (open->currencies, index), currency) == 0)
      break;
  if (index == open->currencies->len)
    g_ptr_array_add (open->currencies, g_strdup (currency));
  key = age * 4096 + index;
  group = g_hash_table_lookup (open->by_key, &key);
  if (group == NULL)
    {
      group = g_new0 (OpenGroup, 1);
      group->key = key;
      group->age = age;
      group->currency = g_strdup (currency);
      g_ptr_array_add (open->groups, group);
      g_hash_table_insert (open->by_key, &group->key, group);
    }
  return group;
}

static gboolean
status_is (const char *status,
           const char *name)
{
  return status != NULL && strcmp (status, name) == 0;
}

/* A line shipped in the range, at the cost of its product's snapshot of
 * that day (inventory_turnover's numerator). A line shipped before its
 * product's first snapshot has no known cost, as the stock of those days
 * has none: it counts on neither side. */
static void
add_shipped_cost (Turnover   *turnover,
                  gint64      product_id,
                  const char *shipped_at,
                  gint64      quantity)
{
  GArray *snapshots;
  const Snapshot *in_effect = NULL;
  guint lower = 0, upper;

  if (product_id < 0 || (guint64)product_id >= turnover->by_product->len ||
      !(snapshots = g_ptr_array_index (turnover->by_product, product_id)))
    return;

  /* the last snapshot that starts at or before the shipping time */
  upper = snapshots->len;
  while (lower < upper)
    {
      guint middle = (lower + upper) / 2;
      const Snapshot *snapshot = &g_array_index (snapshots, Snapshot, middle);

      if (strcmp (snapshot->start, shipped_at) <= 0)
        {
          in_effect = snapshot;
          lower = middle + 1;
        }
      else
        upper = middle;
    }

  if (in_effect != NULL && in_effect->valued)
    turnover->cost_shipped += (double)quantity * in_effect->unit_cost;
}

typedef enum
{
  STATUS_OTHER,
  STATUS_OPEN,        /* waiting, on_order, allocated */
  STATUS_SHIPPED,
  STATUS_CANCELLED,
} LineStatus;

/* A line's columns, and what SQL looked up for it, as count_line()
 * reads them. */
typedef struct
{
  const char *ordered_at;
  gint64 quantity;
  gint64 backordered;
  const char *status;
  LineStatus state;         /* @status, compared once for every range */
  const char *promised_at;
  const char *shipped_at;
  const char *cancelled_at;
  gboolean late_day;        /* shipped on a later local day than promised */
  gint64 product_id;
  const char *currency;     /* its order's, for the charts and revenue_lost; else NULL */
  gint64 unit_price;
} Line;

/* Counts @line for @open's range, by README "Metrics"'s rules, but for
 * its being open at the range's end (open_step()). One call a line with
 * its columns read once: a dozen count(*) FILTER (...) were most of the
 * pass's time, each comparing ordered_at again. The charts' figures, when
 * asked for, come from the same call (bd_series_collector_add()). */
static void
count_line (OpenLines  *open,
            const Line *line)
{
  const char * const *bounds = open->bounds;
  LineCounts *c = &open->counts;

  /* ordered after the range: nothing of it counts for the range */
  if (line->ordered_at == NULL || strcmp (line->ordered_at, bounds[1]) >= 0)
    return;

  if (open->series != NULL)
    bd_series_collector_add (open->series, line->ordered_at, line->backordered, line->status, line->shipped_at,
                             line->cancelled_at, line->promised_at != NULL, line->late_day, line->product_id,
                             line->currency, line->unit_price);

  if (open->turnover != NULL && line->shipped_at != NULL &&
      strcmp (line->shipped_at, bounds[0]) >= 0 && strcmp (line->shipped_at, bounds[1]) < 0)
    add_shipped_cost (open->turnover, line->product_id, line->shipped_at, line->quantity);

  /* order_lines and the rest: ordered in the range */
  if (strcmp (line->ordered_at, bounds[0]) < 0)
    return;

  c->order_lines++;
  c->units += line->quantity;
  c->units_backordered += line->backordered;

  if (line->backordered > 0)
    {
      c->backorder_lines++;
      if (line->state == STATUS_CANCELLED)
        {
          c->cancelled++;
          amounts_add (open->revenue_lost, line->currency != NULL ? line->currency : "",
                       line->unit_price * line->backordered);
        }
      /* the suppliers' figures count them by product */
      if (line->product_id >= 0)
        {
          if ((guint64)line->product_id >= open->product_lines->len)
            g_array_set_size (open->product_lines, line->product_id + 1);
          g_array_index (open->product_lines, gint64, line->product_id)++;
        }
    }

  if (line->promised_at == NULL)
    return;

  /* a promise breached: shipped on a later local day, whenever it
   * shipped; or open at the range's end past it */
  c->promised++;
  if (line->shipped_at != NULL)
    {
      c->shipped_promised++;
      c->late += line->late_day;
    }
  else if (line->backordered > 0 && strcmp (line->promised_at, bounds[2]) < 0)
    c->open_past += line->state == STATUS_OPEN ||
                    (line->state == STATUS_CANCELLED && line->cancelled_at != NULL &&
                     strcmp (line->cancelled_at, bounds[1]) >= 0);
}

/* bd_metrics_pass(pass, ordered_at, quantity, backordered_quantity,
 * status, promised_at, shipped_at, cancelled_at, late_day, product_id,
 * currency, unit_price): each line that counts for any of the pass's
 * ranges, counted in C for each (count_line()). */
static LineStatus status_of (const char *status);

static void
pass_step (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  Pass *pass = sqlite3_value_pointer (argv[0], PASS_POINTER);
  Line line;

  if (pass == NULL)
    return;
  line.ordered_at = (const char *)sqlite3_value_text (argv[1]);
  line.quantity = sqlite3_value_int64 (argv[2]);
  line.backordered = sqlite3_value_int64 (argv[3]);
  line.status = (const char *)sqlite3_value_text (argv[4]);
  line.state = status_of (line.status);
  line.promised_at = (const char *)sqlite3_value_text (argv[5]);
  line.shipped_at = (const char *)sqlite3_value_text (argv[6]);
  line.cancelled_at = (const char *)sqlite3_value_text (argv[7]);
  line.late_day = sqlite3_value_int (argv[8]) != 0;
  line.product_id = sqlite3_value_int64 (argv[9]);
  line.currency = (const char *)sqlite3_value_text (argv[10]);
  line.unit_price = sqlite3_value_int64 (argv[11]);

  for (guint i = 0; i < pass->n_ranges; i++)
    count_line (pass->ranges[i], &line);
}

static LineStatus
status_of (const char *status)
{
  if (status_is (status, "waiting") || status_is (status, "on_order") || status_is (status, "allocated"))
    return STATUS_OPEN;
  if (status_is (status, "shipped"))
    return STATUS_SHIPPED;
  if (status_is (status, "cancelled"))
    return STATUS_CANCELLED;
  return STATUS_OTHER;
}

/* bd_metrics_open(pass, ordered_at, status, promised_at, shipped_at,
 * cancelled_at, value, currency, ordered_julian, first_sent): a backorder
 * line open at the end of one of the pass's ranges at least, with what
 * SQL looks up for those alone (its order's currency, julianday() of its
 * local day ordered, its first message sent): added to the open lines of
 * each range at whose end it was open (ordered before it, and open now or
 * closed after it), by age in days from the local day ordered to the
 * range's last day, and currency. */
static void
open_step (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  Pass *pass = sqlite3_value_pointer (argv[0], PASS_POINTER);
  const char *ordered_at = (const char *)sqlite3_value_text (argv[1]);
  LineStatus state = status_of ((const char *)sqlite3_value_text (argv[2]));
  const char *promised_at = (const char *)sqlite3_value_text (argv[3]);
  const char *shipped_at = (const char *)sqlite3_value_text (argv[4]);
  const char *cancelled_at = (const char *)sqlite3_value_text (argv[5]);
  gint64 value = sqlite3_value_int64 (argv[6]);
  const char *currency = (const char *)sqlite3_value_text (argv[7]);
  double ordered_julian = sqlite3_value_double (argv[8]);
  const char *first_sent = (const char *)sqlite3_value_text (argv[9]);

  if (pass == NULL || ordered_at == NULL)
    return;
  for (guint i = 0; i < pass->n_ranges; i++)
    {
      OpenLines *open = pass->ranges[i];
      const char * const *bounds = open->bounds;
      OpenGroup *group;

      if (strcmp (ordered_at, bounds[1]) >= 0 ||
          !(state == STATUS_OPEN ||
            (state == STATUS_SHIPPED && shipped_at != NULL && strcmp (shipped_at, bounds[1]) >= 0) ||
            (state == STATUS_CANCELLED && cancelled_at != NULL && strcmp (cancelled_at, bounds[1]) >= 0)))
        continue;
      group = open_group_get (open, (gint64)(open->end_julian - ordered_julian), currency);
      group->lines++;
      group->overdue += promised_at != NULL && strcmp (promised_at, bounds[2]) < 0;
      group->never_notified += first_sent == NULL || strcmp (first_sent, bounds[1]) >= 0;
      group->value += value;
    }
}

static void
pass_final (sqlite3_context *context)
{
  sqlite3_result_null (context);
}

static gboolean
register_functions (BdStore  *store,
                    GError  **error)
{
  /* once per connection: registering again would expire its statements */
  if (g_object_get_data (G_OBJECT (store), "bd-metrics-functions") != NULL)
    return TRUE;

  if (sqlite3_create_function_v2 (bd_store_get_db (store), "bd_metrics_pass", 12,
                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                  pass_step, pass_final, NULL) != SQLITE_OK ||
      sqlite3_create_function_v2 (bd_store_get_db (store), "bd_metrics_open", 10,
                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
                                  open_step, pass_final, NULL) != SQLITE_OK)
    {
      bd_store_set_sql_error (store, error, _("computing the metrics"));
      return FALSE;
    }
  g_object_set_data (G_OBJECT (store), "bd-metrics-functions", GINT_TO_POINTER (TRUE));
  return TRUE;
}

static guint32
julian_of (const char *day)
{
  g_autoptr(GDate) date = date_from_text (day);

  return g_date_valid (date) ? g_date_get_julian (date) : 0;
}

static void
snapshots_free (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

/* The snapshots inventory turnover reads: each product's in effect on the
 * range's first day and those of the days in it. FALSE with @error on a
 * failure; @turnover->first_julian 0 when there is none. */
static gboolean
turnover_load (BdStore     *store,
               BdMetrics   *metrics,
               Turnover    *turnover,
               GError     **error)
{
  g_autofree char *default_currency = bd_store_get_default_currency (store);
  g_autoptr(BdStmt) stmt = NULL;
  GArray *snapshots = NULL;
  gint64 product_id = 0;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT product_id, day, on_hand, unit_cost, unit_cost IS NOT NULL AND currency = ?3"
                           " FROM ("
                           "  SELECT product_id, max(day) AS day, on_hand, unit_cost, currency FROM on_hand_snapshots"
                           "  WHERE deleted = 0 AND day < ?1 GROUP BY product_id"
                           "  UNION ALL"
                           "  SELECT product_id, day, on_hand, unit_cost, currency FROM on_hand_snapshots"
                           "  WHERE deleted = 0 AND day >= ?1 AND day <= ?2)"
                           " ORDER BY product_id, day",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, metrics->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, metrics->to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, default_currency, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *day = (const char *)sqlite3_column_text (stmt, 1);
      g_autofree char *start = NULL;
      const char *problem = NULL;
      Snapshot snapshot = { 0, };

      if (!bd_parse_date (day, &start, &problem))
        continue;
      snapshot.julian = julian_of (day);
      g_strlcpy (snapshot.start, start, sizeof snapshot.start);
      snapshot.on_hand = sqlite3_column_int64 (stmt, 2);
      snapshot.unit_cost = sqlite3_column_int64 (stmt, 3);
      snapshot.valued = sqlite3_column_int (stmt, 4) != 0;

      if (snapshots == NULL || sqlite3_column_int64 (stmt, 0) != product_id)
        {
          product_id = sqlite3_column_int64 (stmt, 0);
          if (product_id < 0 || product_id > G_MAXINT32)
            continue;
          snapshots = g_array_new (FALSE, FALSE, sizeof (Snapshot));
          if ((guint64)product_id >= turnover->by_product->len)
            g_ptr_array_set_size (turnover->by_product, product_id + 1);
          g_ptr_array_index (turnover->by_product, product_id) = snapshots;
        }
      g_array_append_val (snapshots, snapshot);
      if (turnover->first_julian == 0 || snapshot.julian < turnover->first_julian)
        turnover->first_julian = snapshot.julian;
    }

  return !step_failed (store, rc, error);
}

/* inventory_turnover = the cost of the units shipped in the range (added
 * up by the pass over the lines) / the mean stock value at cost over the
 * range's days that have one: a snapshot's value holds until the
 * product's next one, and the days before the first snapshot of all are
 * unknown, not zero. Only costs in the default currency count (README,
 * "Metrics"). */
static void
turnover_finish (BdMetrics *metrics,
                 Turnover  *turnover)
{
  guint32 first = julian_of (metrics->from);
  guint32 after = julian_of (metrics->to) + 1;
  guint32 known_from;
  double value_days = 0;

  metrics->inventory_turnover = NAN;
  if (turnover->first_julian == 0 || first == 0)
    return;

  for (guint p = 0; p < turnover->by_product->len; p++)
    {
      GArray *snapshots = g_ptr_array_index (turnover->by_product, p);

      for (guint i = 0; snapshots != NULL && i < snapshots->len; i++)
        {
          const Snapshot *snapshot = &g_array_index (snapshots, Snapshot, i);
          guint32 until = i + 1 < snapshots->len ? g_array_index (snapshots, Snapshot, i + 1).julian : after;
          guint32 since = MAX (snapshot->julian, first);

          if (snapshot->valued && until > since && snapshot->on_hand > 0)
            value_days += (double)snapshot->on_hand * snapshot->unit_cost * (MIN (until, after) - since);
        }
    }

  known_from = MAX (turnover->first_julian, first);
  if (known_from < after && value_days > 0)
    metrics->inventory_turnover = turnover->cost_shipped / (value_days / (after - known_from));
}

/* A line shipped late is a breached promise, whenever it shipped. A
 * local day is monotonic in UTC time: only the lines shipped after the
 * promised time need their local days compared, the slow part. */
/* A backorder line open at the end of one of the pass's ranges at least:
 * ?3 is the earliest end's day after. */
#define OPEN_AT_SOME_END \
  "(l.backordered_quantity > 0 AND (l.status IN ('waiting', 'on_order', 'allocated')" \
  " OR (l.status = 'shipped' AND l.shipped_at >= ?3)" \
  " OR (l.status = 'cancelled' AND l.cancelled_at >= ?3)))"

/* Whether a line shipped after its promised time was shipped on a later
 * local day: for the lines ordered in a range (the metrics) or shipped
 * in the charts' range (?4); NULL for the others. */
#define PASS_LATE_DAY \
  "CASE WHEN l.shipped_at > l.promised_at AND (l.ordered_at >= ?1 OR l.shipped_at >= ?4)" \
  " THEN date(l.shipped_at, 'localtime') > date(l.promised_at, 'localtime') END"

/* The pass of compute_lines() over the lines that count for any of its
 * ranges (?1 the earliest's first start, ?2 the latest's day after), the
 * ids from ?6 up to ?7: each line handed to bd_metrics_pass() once, and
 * the backorder lines open at some range's end to bd_metrics_open() with
 * what SQL looks up for them alone (FILTER spares the others those
 * expressions), once for all the ranges. The currency of the other lines
 * is looked up for the cancelled backorder lines (revenue_lost) and the
 * charts' backorder lines (ordered from ?4, the charts' range's first
 * start; "~" for no charts, after every time). */
#define PASS_SQL \
  "SELECT bd_metrics_pass(?5, l.ordered_at, l.quantity, l.backordered_quantity, l.status," \
  "  l.promised_at, l.shipped_at, l.cancelled_at, " PASS_LATE_DAY ", l.product_id," \
  "  CASE WHEN l.backordered_quantity > 0 AND (l.ordered_at >= ?4" \
  "    OR (l.ordered_at >= ?1 AND l.status = 'cancelled'))" \
  "   THEN (SELECT o.currency FROM orders o WHERE o.id = l.order_id) END," \
  "  coalesce(l.unit_price, 0))," \
  " bd_metrics_open(?5, l.ordered_at, l.status, l.promised_at, l.shipped_at, l.cancelled_at," \
  "  coalesce(l.unit_price, 0) * l.backordered_quantity," \
  "  (SELECT o.currency FROM orders o WHERE o.id = l.order_id)," \
  "  julianday(l.ordered_at, 'localtime', 'start of day')," \
  "  (SELECT min(m.sent_at) FROM messages m WHERE m.line_id = l.id AND " SENT_MESSAGE "))" \
  "  FILTER (WHERE " OPEN_AT_SOME_END ")" \
  " FROM order_lines l NOT INDEXED" \
  " WHERE " BD_SERIES_LINES_THAT_COUNT " AND l.id >= ?6 AND l.id < ?7"

static void
interrupt_cb (GCancellable *cancellable,
              sqlite3      *db)
{
  sqlite3_interrupt (db);
}

static void
open_lines_init (OpenLines          *open,
                 const char * const *bounds,
                 double              end_julian,
                 Turnover           *turnover,
                 BdSeriesCollector  *series)
{
  memset (open, 0, sizeof *open);
  open->bounds = bounds;
  open->end_julian = end_julian;
  open->by_key = g_hash_table_new (g_int64_hash, g_int64_equal);
  open->currencies = g_ptr_array_new_with_free_func (g_free);
  open->groups = g_ptr_array_new_with_free_func (open_group_free);
  open->product_lines = g_array_new (FALSE, TRUE, sizeof (gint64));
  open->revenue_lost = g_ptr_array_new_with_free_func (amount_free);
  open->turnover = turnover;
  open->series = series;
}

/* Frees what @open holds but its series collector, which is its
 * owner's. */
static void
open_lines_clear (OpenLines *open)
{
  g_clear_pointer (&open->by_key, g_hash_table_unref);
  g_clear_pointer (&open->currencies, g_ptr_array_unref);
  g_clear_pointer (&open->groups, g_ptr_array_unref);
  g_clear_pointer (&open->product_lines, g_array_unref);
  g_clear_pointer (&open->revenue_lost, g_ptr_array_unref);
}

/* Runs the pass over the lines whose id is from @first_id up to
 * @after_id, excluded, counting them for @pass's ranges; @bounds are ?1
 * to ?4 of PASS_SQL. */
static gboolean
run_lines (BdStore     *store,
           const char  *sql,
           const char  *bounds[4],
           Pass        *pass,
           gint64       first_id,
           gint64       after_id,
           GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < 4; i++)
    sqlite3_bind_text (stmt, i + 1, bounds[i], -1, SQLITE_STATIC);
  sqlite3_bind_pointer (stmt, 5, pass, PASS_POINTER, NULL);
  sqlite3_bind_int64 (stmt, 6, first_id);
  sqlite3_bind_int64 (stmt, 7, after_id);
  rc = sqlite3_step (stmt);
  if (step_failed (store, rc, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* A part of the pass over the lines, on a thread and a connection of its
 * own: what it adds up for each range is merged into the first part's. */
typedef struct
{
  const char *path;
  const char *sql;
  const char **bounds;
  gint64 first_id;
  gint64 after_id;
  Pass pass;
  OpenLines open[MAX_RANGES];
  Turnover turnover[MAX_RANGES];
  GCancellable *cancellable;
  GThread *thread;
  GError *error;
} Part;

static gpointer
part_thread (gpointer data)
{
  Part *part = data;
  g_autoptr(BdStore) store = bd_store_open_readonly (part->path, &part->error);
  gulong handler = 0;

  if (store == NULL)
    return NULL;
  if (part->cancellable != NULL)
    handler = g_cancellable_connect (part->cancellable, G_CALLBACK (interrupt_cb), bd_store_get_db (store), NULL);
  if (register_functions (store, &part->error) &&
      bd_store_exec (store, "SAVEPOINT bd_metrics_part", &part->error))
    {
      bd_store_set_mapped (store, TRUE);
      run_lines (store, part->sql, part->bounds, &part->pass, part->first_id, part->after_id, &part->error);
      bd_store_set_mapped (store, FALSE);
      bd_store_exec (store, "RELEASE bd_metrics_part", NULL);
    }
  if (handler != 0)
    g_cancellable_disconnect (part->cancellable, handler);
  return NULL;
}

static void
part_free (Part *part)
{
  for (guint i = 0; i < part->pass.n_ranges; i++)
    {
      g_clear_pointer (&part->open[i].series, bd_series_collector_free);
      open_lines_clear (&part->open[i]);
    }
  g_clear_error (&part->error);
  g_free (part);
}

/* Adds what @from counted to @into: the figures of the lines of both. */
static void
open_lines_merge (OpenLines       *into,
                  const OpenLines *from)
{
  LineCounts *a = &into->counts;
  const LineCounts *b = &from->counts;

  a->order_lines += b->order_lines;
  a->units += b->units;
  a->units_backordered += b->units_backordered;
  a->backorder_lines += b->backorder_lines;
  a->cancelled += b->cancelled;
  a->promised += b->promised;
  a->shipped_promised += b->shipped_promised;
  a->late += b->late;
  a->open_past += b->open_past;

  for (guint i = 0; i < from->groups->len; i++)
    {
      const OpenGroup *group = g_ptr_array_index (from->groups, i);
      OpenGroup *same = open_group_get (into, group->age, group->currency);

      same->lines += group->lines;
      same->overdue += group->overdue;
      same->never_notified += group->never_notified;
      same->value += group->value;
    }

  if (from->product_lines->len > into->product_lines->len)
    g_array_set_size (into->product_lines, from->product_lines->len);
  for (guint i = 0; i < from->product_lines->len; i++)
    g_array_index (into->product_lines, gint64, i) += g_array_index (from->product_lines, gint64, i);

  amounts_add_all (into->revenue_lost, from->revenue_lost);

  if (into->turnover != NULL && from->turnover != NULL)
    into->turnover->cost_shipped += from->turnover->cost_shipped;
  if (into->series != NULL && from->series != NULL)
    bd_series_collector_merge (into->series, from->series);
}

/* The ids from which each of @n_parts parts of order_lines start, about
 * as many lines each; parts[0] is the first. Fewer parts for a store
 * another connection cannot open (in memory) or a table too small. */
static guint
split_lines (BdStore  *store,
             guint     n_parts,
             gint64   *starts,
             GError  **error)
{
  const char *path = bd_store_get_path (store);
  g_autoptr(BdStmt) stmt = NULL;
  gint64 min, max;
  int rc;

  starts[0] = G_MININT64;
  if (n_parts < 2 || path == NULL || *path == '\0' || strcmp (path, ":memory:") == 0)
    return 1;

  /* each alone, so that SQLite reads one end of the table for it: both
   * in one SELECT scan an index of every line (0.9 billion instructions
   * on the 1M store, as much as a sixth of the pass) */
  stmt = bd_store_prepare (store, "SELECT (SELECT min(id) FROM order_lines), (SELECT max(id) FROM order_lines)",
                           error);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (step_failed (store, rc, error))
    return 0;
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return 1;
  min = sqlite3_column_int64 (stmt, 0);
  max = sqlite3_column_int64 (stmt, 1);
  if ((guint64)(max - min) < n_parts)
    return 1;
  for (guint i = 1; i < n_parts; i++)
    starts[i] = min + (gint64)((double)(max - min + 1) * i / n_parts);
  return n_parts;
}

#define MAX_PARTS 4

/* A range of compute_ranges(): its figures, its bounds as bind_range()
 * binds them, and what the pass adds up for it. */
typedef struct
{
  BdMetrics *metrics;
  char *first_start;
  char *last_start;
  char *after_start;
  const char *bounds[4];
  GPtrArray *snapshots;
  Turnover turnover;
  OpenLines open;
} Range;

/* The figures of the lines ordered in @range (order_lines,
 * backorder_lines, the rates over them, revenue lost) and of the
 * backorder lines open at its end, whenever ordered (counts, ages, value
 * and those never told anything, grouped by age and currency), from what
 * the pass added up; then the suppliers'. */
static gboolean
finish_lines (BdStore  *store,
              Range    *range,
              GError  **error)
{
  BdMetrics *metrics = range->metrics;
  const LineCounts *c = &range->open.counts;
  GPtrArray *groups = range->open.groups;
  gint64 fill;
  double age_sum = 0;
  gint64 seen = 0;

  metrics->order_lines = c->order_lines;
  metrics->backorder_lines = c->backorder_lines;
  fill = metrics->order_lines - metrics->backorder_lines;

  metrics->backorder_rate = ratio (metrics->backorder_lines, metrics->order_lines);
  metrics->fill_rate = ratio (fill, metrics->order_lines);
  metrics->unit_fill_rate = ratio (c->units - c->units_backordered, c->units);
  metrics->on_time_delivery_rate = ratio (c->shipped_promised - c->late, c->shipped_promised);
  metrics->promises_breached = c->late + c->open_past;
  metrics->promises_breached_rate = ratio (metrics->promises_breached, c->promised);
  metrics->cancellation_rate = ratio (c->cancelled, metrics->backorder_lines);
  turnover_finish (metrics, &range->turnover);
  amounts_add_all (metrics->revenue_lost, range->open.revenue_lost);

  /* the open lines, youngest first */
  g_ptr_array_sort (groups, compare_open_groups);
  for (guint i = 0; i < groups->len; i++)
    {
      const OpenGroup *group = g_ptr_array_index (groups, i);
      int bucket = 0;

      while (bucket < BD_METRICS_N_AGE_BUCKETS - 1 && group->age > age_bucket_last_day[bucket])
        bucket++;

      metrics->open_backorders += group->lines;
      metrics->overdue_backorders += group->overdue;
      metrics->never_notified_open += group->never_notified;
      metrics->age_buckets[bucket] += group->lines;
      age_sum += (double)group->age * group->lines;
      amounts_add (metrics->backorder_value_open, group->currency, group->value);
    }

  metrics->backorder_age_mean_days = NAN;
  metrics->backorder_age_median_days = NAN;
  if (metrics->open_backorders > 0)
    {
      /* the middle line, or the mean of the two middle ones */
      gint64 lower = (metrics->open_backorders - 1) / 2, upper = metrics->open_backorders / 2;
      double lower_age = 0, upper_age = 0;

      metrics->backorder_age_mean_days = age_sum / metrics->open_backorders;
      for (guint i = 0; i < groups->len; i++)
        {
          const OpenGroup *group = g_ptr_array_index (groups, i);

          if (lower >= seen && lower < seen + group->lines)
            lower_age = group->age;
          if (upper >= seen && upper < seen + group->lines)
            upper_age = group->age;
          seen += group->lines;
        }
      metrics->backorder_age_median_days = (lower_age + upper_age) / 2;
    }

  return compute_suppliers (store, range->bounds, metrics, range->open.product_lines, error);
}

/* One pass over every line that counts for any of @ranges, in the
 * table's order, each counted in C for each range (count_line()): the
 * lines ordered in the range, the open ones at its end, what shipped in
 * it. With @n_parts above 1 the table is cut in as many runs of ids,
 * each but the first read on a thread with a connection of its own at
 * the same time, and their sums added up: the same figures in about the
 * time of a part, where the cores are free. */
static gboolean
compute_lines (BdStore       *store,
               Range         *ranges,
               guint          n_ranges,
               gboolean       series,
               guint          n_parts,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify)part_free);
  Pass pass = { n_ranges, { NULL, } };
  const char *bounds[4];
  gint64 starts[MAX_PARTS];
  const char *sql = PASS_SQL;
  gboolean ok;

  if (!register_functions (store, error))
    return FALSE;

  /* ?1: the earliest first start; ?2: the latest day after; ?3: the
   * earliest day after; ?4: the charts' first start */
  bounds[0] = ranges[0].bounds[0];
  bounds[1] = ranges[0].bounds[1];
  bounds[2] = ranges[0].bounds[1];
  bounds[3] = series ? ranges[0].bounds[0] : "~";
  for (guint r = 0; r < n_ranges; r++)
    {
      pass.ranges[r] = &ranges[r].open;
      if (strcmp (ranges[r].bounds[0], bounds[0]) < 0)
        bounds[0] = ranges[r].bounds[0];
      if (strcmp (ranges[r].bounds[1], bounds[1]) > 0)
        bounds[1] = ranges[r].bounds[1];
      if (strcmp (ranges[r].bounds[1], bounds[2]) < 0)
        bounds[2] = ranges[r].bounds[1];
    }

  n_parts = split_lines (store, MIN (n_parts, MAX_PARTS), starts, error);
  if (n_parts == 0)
    return FALSE;
  for (guint i = 1; i < n_parts; i++)
    {
      Part *part = g_new0 (Part, 1);

      g_ptr_array_add (parts, part);
      part->path = bd_store_get_path (store);
      part->sql = sql;
      part->bounds = bounds;
      part->first_id = starts[i];
      part->after_id = i + 1 < n_parts ? starts[i + 1] : G_MAXINT64;
      part->cancellable = cancellable;
      part->pass.n_ranges = n_ranges;
      for (guint r = 0; r < n_ranges; r++)
        {
          BdSeriesCollector *collector = NULL;
          const BdMetrics *metrics = ranges[r].metrics;

          part->turnover[r] = ranges[r].turnover;
          part->turnover[r].cost_shipped = 0;
          if (ranges[r].open.series != NULL &&
              !(collector = bd_series_collector_new (store, metrics->from, metrics->to, error)))
            {
              part->pass.n_ranges = r;
              return FALSE;
            }
          open_lines_init (&part->open[r], ranges[r].open.bounds, ranges[r].open.end_julian,
                           ranges[r].open.turnover != NULL ? &part->turnover[r] : NULL, collector);
          part->pass.ranges[r] = &part->open[r];
        }
    }
  for (guint i = 0; i < parts->len; i++)
    {
      Part *part = g_ptr_array_index (parts, i);

      part->thread = g_thread_new ("bd-metrics-part", part_thread, part);
    }

  ok = run_lines (store, sql, bounds, &pass, starts[0], n_parts > 1 ? starts[1] : G_MAXINT64, error);
  for (guint i = 0; i < parts->len; i++)
    {
      Part *part = g_ptr_array_index (parts, i);

      g_thread_join (g_steal_pointer (&part->thread));
      if (ok && part->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&part->error));
          ok = FALSE;
        }
      for (guint r = 0; ok && r < n_ranges; r++)
        open_lines_merge (&ranges[r].open, &part->open[r]);
    }
  if (!ok)
    return FALSE;

  for (guint r = 0; r < n_ranges; r++)
    if (!finish_lines (store, &ranges[r], error))
      return FALSE;
  return TRUE;
}

/* The median of a sorted column of doubles; NAN for none. */
static double
median_of (sqlite3_stmt *stmt,
           BdStore      *store,
           GError      **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  guint n;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double value = sqlite3_column_double (stmt, 0);

      g_array_append_val (values, value);
    }
  if (step_failed (store, rc, error))
    return -INFINITY;

  n = values->len;
  if (n == 0)
    return NAN;
  return (g_array_index (values, double, (n - 1) / 2) + g_array_index (values, double, n / 2)) / 2;
}

/* time_to_first_notice_median_days: the backorder lines ordered in the
 * range that were told anything, from the message log (fewer rows than
 * the lines, so it leads). */
static gboolean
compute_first_notice (BdStore     *store,
                      const char  *bounds[4],
                      BdMetrics   *metrics,
                      GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  stmt = prepare_range (store,
                        "SELECT julianday(min(m.sent_at)) - julianday(l.ordered_at) AS days"
                        " FROM messages m CROSS JOIN order_lines l ON l.id = m.line_id"
                        " WHERE " SENT_MESSAGE " AND m.line_id IS NOT NULL"
                        "  AND l.deleted = 0 AND l.backordered_quantity > 0"
                        "  AND l.ordered_at >= ?1 AND l.ordered_at < ?2"
                        " GROUP BY l.id ORDER BY days",
                        bounds, error);
  if (stmt == NULL)
    return FALSE;

  metrics->time_to_first_notice_median_days = median_of (stmt, store, error);
  return !isinf (metrics->time_to_first_notice_median_days);
}

/* promise_kept_rate: the backorder lines shipped in the range, each
 * against the last date it was told before it shipped (the end of the
 * ETA range of its last message that gave one; the ETA where the message
 * gave no range). The message of the latest sent_at gives the bare
 * columns of the group (SQLite's min/max rule). */
static gboolean
compute_promise_kept (BdStore     *store,
                      const char  *bounds[4],
                      BdMetrics   *metrics,
                      GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  stmt = prepare_range (store,
                        "SELECT count(*), total(shipped_day <= told) FROM ("
                        " SELECT date(l.shipped_at, 'localtime') AS shipped_day,"
                        "  coalesce(m.eta_latest, m.eta) AS told, max(m.sent_at)"
                        " FROM messages m CROSS JOIN order_lines l ON l.id = m.line_id"
                        " WHERE " SENT_MESSAGE " AND m.line_id IS NOT NULL"
                        "  AND coalesce(m.eta_latest, m.eta) IS NOT NULL AND m.sent_at <= l.shipped_at"
                        "  AND l.deleted = 0 AND l.backordered_quantity > 0"
                        "  AND l.shipped_at >= ?1 AND l.shipped_at < ?2"
                        " GROUP BY l.id)",
                        bounds, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (step_failed (store, rc, error))
    return FALSE;
  metrics->promise_kept_rate = ratio (sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0));
  return TRUE;
}

/* complaints and incentives_value: logged in the range (created_at). An
 * incentive without a currency is in the store's default one; one
 * without an amount (free shipping) has no value.
 *
 * An incentive given on a complaint is counted once: since a complaint's
 * incentive is kept in the incentives table under the complaint's uuid
 * (bd_incentives_follow_complaint()), the incentives table counts it. A
 * complaint whose incentive was set before that (or by a desk that does
 * not keep it there yet) has no such row: it is counted from the
 * complaint, on the day the incentive was last set (its latest
 * "incentive" event; the complaint's updated_at when no event says), in
 * the complaint's currency. */
static gboolean
compute_complaints (BdStore     *store,
                    const char  *bounds[4],
                    BdMetrics   *metrics,
                    GError     **error)
{
  g_autoptr(BdStmt) count = NULL;
  g_autoptr(BdStmt) value = NULL;
  g_autofree char *default_currency = bd_store_get_default_currency (store);
  int rc;

  count = prepare_range (store,
                         "SELECT count(*) FROM complaints"
                         " WHERE deleted = 0 AND created_at >= ?1 AND created_at < ?2",
                         bounds, error);
  if (count == NULL)
    return FALSE;
  rc = sqlite3_step (count);
  if (step_failed (store, rc, error))
    return FALSE;
  metrics->complaints = sqlite3_column_int64 (count, 0);

  value = prepare_range (store,
                         "SELECT currency, total(amount) FROM ("
                         " SELECT currency, amount FROM incentives"
                         "  WHERE deleted = 0 AND amount IS NOT NULL AND created_at >= ?1 AND created_at < ?2"
                         " UNION ALL"
                         " SELECT currency, incentive FROM ("
                         "  SELECT c.currency, c.incentive,"
                         "   coalesce ((SELECT max (e.created_at) FROM events e"
                         "              WHERE e.entity_uuid = c.uuid AND e.entity = 'complaints'"
                         "               AND e.field = 'incentive' AND e.deleted = 0), c.updated_at) AS set_at"
                         "  FROM complaints c"
                         "  WHERE c.deleted = 0 AND c.incentive > 0"
                         "   AND NOT EXISTS (SELECT 1 FROM incentives i WHERE i.uuid = c.uuid))"
                         "  WHERE set_at >= ?1 AND set_at < ?2)"
                         " GROUP BY currency",
                         bounds, error);
  if (value == NULL)
    return FALSE;
  while ((rc = sqlite3_step (value)) == SQLITE_ROW)
    {
      const char *currency = (const char *)sqlite3_column_text (value, 0);

      amounts_add (metrics->incentives_value, currency != NULL ? currency : default_currency,
                   sqlite3_column_int64 (value, 1));
    }
  return !step_failed (store, rc, error);
}

static BdSupplierMetrics *
supplier_entry (GHashTable *by_id,
                gint64      id)
{
  BdSupplierMetrics *supplier = g_hash_table_lookup (by_id, &id);

  if (supplier == NULL)
    {
      supplier = g_new0 (BdSupplierMetrics, 1);
      supplier->on_time_rate = NAN;
      supplier->days_late_mean = NAN;
      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), supplier);
    }
  return supplier;
}

/* Per supplier: its deliveries in the range (the PO lines received in
 * full whose last receipt fell in it, as the ETAs' history counts them,
 * bd-eta.c) and the backorder lines ordered in the range that count for
 * it: the supplier of the PO that covers the line (its first cover),
 * else the product's preferred supplier. */
static gboolean
compute_suppliers (BdStore     *store,
                   const char  *bounds[4],
                   BdMetrics   *metrics,
                   GArray      *product_lines,
                   GError     **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) preferred_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) deliveries = NULL;
  g_autoptr(BdStmt) preferred = NULL;
  g_autoptr(BdStmt) lines = NULL;
  g_autoptr(BdStmt) names = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  deliveries = bd_eta_supplier_deliveries (store, metrics->from, metrics->to, NULL, error);
  if (deliveries == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, deliveries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const BdSupplierHistory *history = value;
      BdSupplierMetrics *supplier = supplier_entry (by_id, *(gint64 *)key);

      supplier->po_lines_received = history->n_lines;
      supplier->po_lines_on_time = history->n_on_time;
      supplier->on_time_rate = ratio (history->n_on_time, history->n_lines);
      supplier->days_late_mean = history->n_lines > 0 ? history->mean_late : NAN;
    }

  /* The lines were counted by product in the pass over them; each
   * product's go to its preferred supplier, but for the few a PO covers,
   * which go to the PO's. */
  preferred = bd_store_prepare (store,
                                "SELECT product_id, supplier_id, min(id) FROM product_suppliers"
                                " WHERE preferred = 1 AND deleted = 0 GROUP BY product_id",
                                error);
  if (preferred == NULL)
    return FALSE;
  while ((rc = sqlite3_step (preferred)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (preferred, 0);
      gint64 n = product_id >= 0 && (guint64)product_id < product_lines->len
                   ? g_array_index (product_lines, gint64, product_id) : 0;

      if (n > 0)
        supplier_entry (by_id, sqlite3_column_int64 (preferred, 1))->backorder_lines += n;
      g_hash_table_insert (preferred_of, g_memdup2 (&product_id, sizeof product_id),
                           g_memdup2 ((gint64[]) { sqlite3_column_int64 (preferred, 1) }, sizeof (gint64)));
    }
  if (step_failed (store, rc, error))
    return FALSE;

  lines = prepare_range (store,
                         "WITH covered AS MATERIALIZED ("
                         "  SELECT c.line_id, po.supplier_id, min(c.id) FROM po_line_covers c"
                         "  JOIN po_lines pl ON pl.id = c.po_line_id"
                         "  JOIN purchase_orders po ON po.id = pl.po_id"
                         "  WHERE c.deleted = 0 GROUP BY c.line_id)"
                         " SELECT l.product_id, covered.supplier_id"
                         " FROM covered CROSS JOIN order_lines l ON l.id = covered.line_id"
                         " WHERE l.deleted = 0 AND l.backordered_quantity > 0"
                         "  AND l.ordered_at >= ?1 AND l.ordered_at < ?2",
                         bounds, error);
  if (lines == NULL)
    return FALSE;
  while ((rc = sqlite3_step (lines)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (lines, 0);
      gint64 *supplier_id = g_hash_table_lookup (preferred_of, &product_id);

      if (supplier_id != NULL)
        supplier_entry (by_id, *supplier_id)->backorder_lines--;
      supplier_entry (by_id, sqlite3_column_int64 (lines, 1))->backorder_lines++;
    }
  if (step_failed (store, rc, error))
    return FALSE;

  /* a supplier whose lines all went to another's PO, and that delivered
   * nothing in the range, has no figure */
  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BdSupplierMetrics *supplier = value;

      if (supplier->backorder_lines == 0 && bd_metrics_is_null (supplier->on_time_rate) &&
          bd_metrics_is_null (supplier->days_late_mean))
        {
          supplier_metrics_free (supplier);
          g_hash_table_iter_remove (&iter);
        }
    }

  names = bd_store_prepare (store, "SELECT id, ref, name FROM suppliers", error);
  if (names == NULL)
    return FALSE;
  while ((rc = sqlite3_step (names)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (names, 0);
      BdSupplierMetrics *supplier = g_hash_table_lookup (by_id, &id);

      if (supplier == NULL)
        continue;
      supplier->supplier_ref = g_strdup ((const char *)sqlite3_column_text (names, 1));
      supplier->supplier_name = g_strdup ((const char *)sqlite3_column_text (names, 2));
      g_hash_table_remove (by_id, &id);
      g_ptr_array_add (metrics->suppliers, supplier);
    }
  if (step_failed (store, rc, error))
    return FALSE;

  /* a supplier row that is gone: nothing to name it by */
  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    supplier_metrics_free (value);

  g_ptr_array_sort (metrics->suppliers, compare_suppliers);

  /* the suppliers together: every PO line counts once, so that a
   * supplier of one delivery weighs no more than one of a hundred */
  {
    gint64 received = 0, on_time = 0;

    for (guint i = 0; i < metrics->suppliers->len; i++)
      {
        const BdSupplierMetrics *supplier = g_ptr_array_index (metrics->suppliers, i);

        received += supplier->po_lines_received;
        on_time += supplier->po_lines_on_time;
      }
    metrics->suppliers_on_time_rate = ratio (on_time, received);
    metrics->suppliers_po_lines_received = received;
  }
  return TRUE;
}

static char *
parse_day (const char  *text,
           gboolean     first,
           GError     **error)
{
  const char *problem = NULL;
  char *date = NULL;

  if (bd_purchasing_parse_date (text, &date, &problem))
    return date;

  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
               first ? _("The range’s first day “%s” is not a date: expected %s")
                     : _("The range’s last day “%s” is not a date: expected %s"),
               text, _(problem));
  return NULL;
}

typedef gboolean (*ComputeFunc) (BdStore     *store,
                                 const char  *bounds[4],
                                 BdMetrics   *metrics,
                                 GError     **error);

/* after compute_lines() */
static const struct
{
  const char *name;
  ComputeFunc compute;
} parts[] = {
  { "first notice", compute_first_notice },
  { "promises kept", compute_promise_kept },
  { "complaints", compute_complaints },
};

/* Every figure of README "Metrics" from @from to @to, local dates
 * (YYYY-MM-DD), both included. @to NULL: today (the store's clock);
 * @from NULL: the 30 days up to @to. Reads only; meant for a worker
 * thread with a connection of its own. */
BdMetrics *
bd_metrics_compute (BdStore     *store,
                    const char  *from,
                    const char  *to,
                    GError     **error)
{
  return bd_metrics_compute_with_series (store, from, to, NULL, error);
}

/* The same, and with @series the charts' figures of the range
 * (bd_metrics_series_compute()) from the same pass over the lines: what
 * the dashboard shows, for about the time of the metrics alone. */
BdMetrics *
bd_metrics_compute_with_series (BdStore          *store,
                                const char       *from,
                                const char       *to,
                                BdMetricsSeries **series,
                                GError          **error)
{
  return bd_metrics_compute_parallel (store, from, to, series, 1, NULL, error);
}

/* The same, with the pass over the lines cut in @n_parts (at most 4):
 * see bd_metrics_compute_ranges(). */
BdMetrics *
bd_metrics_compute_parallel (BdStore          *store,
                             const char       *from,
                             const char       *to,
                             BdMetricsSeries **series,
                             guint             n_parts,
                             GCancellable     *cancellable,
                             GError          **error)
{
  BdMetrics *metrics = NULL;

  if (!bd_metrics_compute_ranges (store, 1, &from, &to, series, n_parts, cancellable, &metrics, error))
    return NULL;
  return metrics;
}

/* Sets @range's days and bounds from @from and @to (as for
 * bd_metrics_compute()). */
static gboolean
range_init (BdStore     *store,
            Range       *range,
            const char  *from,
            const char  *to,
            GError     **error)
{
  BdMetrics *metrics = range->metrics = g_rc_box_new0 (BdMetrics);
  g_autofree char *after = NULL;
  const char *problem = NULL;

  metrics->revenue_lost = g_ptr_array_new_with_free_func (amount_free);
  metrics->backorder_value_open = g_ptr_array_new_with_free_func (amount_free);
  metrics->incentives_value = g_ptr_array_new_with_free_func (amount_free);
  metrics->suppliers = g_ptr_array_new_with_free_func (supplier_metrics_free);
  metrics->inventory_turnover = NAN;
  metrics->suppliers_on_time_rate = NAN;

  if (to != NULL)
    metrics->to = parse_day (to, FALSE, error);
  else
    metrics->to = bd_purchasing_today (store);
  if (metrics->to == NULL)
    return FALSE;
  if (from != NULL)
    metrics->from = parse_day (from, TRUE, error);
  else
    metrics->from = bd_purchasing_add_days (metrics->to, -29);
  if (metrics->from == NULL)
    return FALSE;
  if (strcmp (metrics->from, metrics->to) > 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The range starts on %s, after it ends on %s"), metrics->from, metrics->to);
      return FALSE;
    }

  after = bd_purchasing_add_days (metrics->to, 1);
  if (!bd_parse_date (metrics->from, &range->first_start, &problem) ||
      !bd_parse_date (metrics->to, &range->last_start, &problem) ||
      !bd_parse_date (after, &range->after_start, &problem) ||
      julian_of (metrics->to) == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The range %s to %s is out of the dates this program knows"), metrics->from, metrics->to);
      return FALSE;
    }
  range->bounds[0] = range->first_start;
  range->bounds[1] = range->after_start;
  range->bounds[2] = range->last_start;
  range->bounds[3] = metrics->to;
  range->snapshots = g_ptr_array_new_with_free_func (snapshots_free);
  range->turnover.by_product = range->snapshots;
  /* julianday() of a day's midnight is its GDate Julian day + 1721424.5 */
  open_lines_init (&range->open, range->bounds, julian_of (metrics->to) + 1721424.5, NULL, NULL);
  return TRUE;
}

static void
range_clear (Range *range)
{
  g_clear_pointer (&range->metrics, bd_metrics_free);
  g_clear_pointer (&range->first_start, g_free);
  g_clear_pointer (&range->last_start, g_free);
  g_clear_pointer (&range->after_start, g_free);
  g_clear_pointer (&range->snapshots, g_ptr_array_unref);
  if (range->open.by_key != NULL)
    open_lines_clear (&range->open);
}

/* The figures of @n_ranges ranges (at most 2; @froms and @tos as for
 * bd_metrics_compute()) into @metrics, from one pass over the lines
 * counting each line for each range: the dashboard's range and the period
 * before it for little more than the time of one. @series: the charts'
 * figures of the first range. The pass is cut in @n_parts (at most 4)
 * read at the same time, each but the first on a thread with a read-only
 * connection of its own to @store's file: the same figures, in about the
 * time of one part on as many free cores. The parts are read each in a
 * read transaction of its own: a write committed between their starts
 * shows in some of them (the dashboard computes again after a write). A
 * store in memory is read in one part. @cancellable stops every part.
 * FALSE, with @error, and nothing set on a failure. */
gboolean
bd_metrics_compute_ranges (BdStore             *store,
                           guint                n_ranges,
                           const char * const  *froms,
                           const char * const  *tos,
                           BdMetricsSeries    **series,
                           guint                n_parts,
                           GCancellable        *cancellable,
                           BdMetrics          **metrics,
                           GError             **error)
{
  g_autoptr(BdSeriesCollector) collector = NULL;
  Range ranges[MAX_RANGES] = { { NULL, }, };
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (n_ranges >= 1 && n_ranges <= MAX_RANGES, FALSE);

  if (series != NULL)
    *series = NULL;
  for (guint r = 0; ok && r < n_ranges; r++)
    ok = range_init (store, &ranges[r], froms[r], tos[r], error);
  if (ok && series != NULL)
    {
      collector = bd_series_collector_new (store, ranges[0].metrics->from, ranges[0].metrics->to, error);
      ranges[0].open.series = collector;
      ok = collector != NULL;
    }

  /* one read transaction: every figure of the same moment; one pass
   * over order_lines, the file mapped meanwhile as for an export */
  if (ok && !bd_store_exec (store, "SAVEPOINT bd_metrics", error))
    ok = FALSE;
  else if (ok)
    {
      gint64 start = g_get_monotonic_time ();
      gulong handler = 0;

      bd_store_set_mapped (store, TRUE);
      for (guint r = 0; ok && r < n_ranges; r++)
        {
          ok = turnover_load (store, ranges[r].metrics, &ranges[r].turnover, error);
          if (ranges[r].turnover.first_julian != 0)
            ranges[r].open.turnover = &ranges[r].turnover;
        }
      if (cancellable != NULL)
        handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), bd_store_get_db (store), NULL);
      ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           compute_lines (store, ranges, n_ranges, series != NULL, MAX (n_parts, 1), cancellable, error);
      if (handler != 0)
        g_cancellable_disconnect (cancellable, handler);
      g_debug ("lines ordered and open, revenue lost, suppliers%s of %u range%s: %.3f s",
               series != NULL ? ", charts" : "", n_ranges, n_ranges > 1 ? "s" : "",
               (g_get_monotonic_time () - start) / 1e6);

      for (guint r = 0; r < n_ranges; r++)
        for (guint i = 0; ok && i < G_N_ELEMENTS (parts); i++)
          {
            start = g_get_monotonic_time ();
            ok = parts[i].compute (store, ranges[r].bounds, ranges[r].metrics, error);
            g_debug ("%s: %.3f s", parts[i].name, (g_get_monotonic_time () - start) / 1e6);
          }
      /* cancelled between two queries: none was interrupted */
      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      if (ok && collector != NULL)
        {
          ranges[0].open.series = NULL;
          ok = (*series = bd_series_collector_finish (g_steal_pointer (&collector), error)) != NULL;
        }
      bd_store_set_mapped (store, FALSE);
      if (!bd_store_exec (store, "RELEASE bd_metrics", ok ? error : NULL) && ok)
        ok = FALSE;
    }

  for (guint r = 0; r < n_ranges; r++)
    {
      if (ok)
        {
          g_ptr_array_sort (ranges[r].metrics->revenue_lost, compare_amounts);
          g_ptr_array_sort (ranges[r].metrics->backorder_value_open, compare_amounts);
          g_ptr_array_sort (ranges[r].metrics->incentives_value, compare_amounts);
          metrics[r] = g_steal_pointer (&ranges[r].metrics);
        }
      range_clear (&ranges[r]);
    }
  if (!ok && series != NULL)
    g_clear_pointer (series, bd_metrics_series_free);
  return ok;
}

static char *
format_amount (const BdMetricsAmount *amount)
{
  int exponent = bd_currency_exponent (amount->currency);

  return bd_format_decimal (amount->amount, exponent < 0 ? 2 : exponent);
}

/* A figure as text: an integer as such, a fraction to 10 significant
 * digits; NULL for null. */
static char *
format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (bd_metrics_is_null (value))
    return NULL;
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)value);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

typedef struct
{
  const char *name;
  gsize offset;
  gboolean is_count;
} Figure;

#define COUNT(field) { #field, G_STRUCT_OFFSET (BdMetrics, field), TRUE }
#define RATE(field) { #field, G_STRUCT_OFFSET (BdMetrics, field), FALSE }

/* The figures with one value, in the order of README "Metrics"; the age
 * buckets and the figures per currency and per supplier are added where
 * they belong. */
static const Figure scalars[] = {
  COUNT (order_lines),
  COUNT (backorder_lines),
  RATE (backorder_rate),
  RATE (fill_rate),
  RATE (unit_fill_rate),
  RATE (on_time_delivery_rate),
  COUNT (open_backorders),
  COUNT (overdue_backorders),
  RATE (backorder_age_mean_days),
  RATE (backorder_age_median_days),
  RATE (promises_breached_rate),
  RATE (cancellation_rate),
  RATE (time_to_first_notice_median_days),
  COUNT (never_notified_open),
  COUNT (complaints),
  RATE (promise_kept_rate),
  RATE (inventory_turnover),
};

static double
scalar_value (BdMetrics    *metrics,
              const Figure *figure)
{
  gpointer p = G_STRUCT_MEMBER_P (metrics, figure->offset);

  return figure->is_count ? (double)*(gint64 *)p : *(double *)p;
}

static void
json_add_value (JsonBuilder *builder,
                const char  *name,
                double       value,
                gboolean     is_count)
{
  json_builder_set_member_name (builder, name);
  if (bd_metrics_is_null (value))
    json_builder_add_null_value (builder);
  else if (is_count)
    json_builder_add_int_value (builder, (gint64)value);
  else
    json_builder_add_double_value (builder, value);
}

static void
json_add_amounts (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *amounts)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (guint i = 0; i < amounts->len; i++)
    {
      const BdMetricsAmount *amount = g_ptr_array_index (amounts, i);
      g_autofree char *text = format_amount (amount);

      json_builder_set_member_name (builder, amount->currency);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);
}

/* `metrics --json`: one object, every figure by its name; null for a zero
 * denominator; money as decimal text in objects keyed by currency; the
 * per-supplier figures in "suppliers". */
JsonNode *
bd_metrics_to_json (BdMetrics *metrics)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (metrics != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, metrics->from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, metrics->to);

  for (guint i = 0; i < G_N_ELEMENTS (scalars); i++)
    {
      json_add_value (builder, scalars[i].name, scalar_value (metrics, &scalars[i]), scalars[i].is_count);
      if (g_str_equal (scalars[i].name, "backorder_age_median_days"))
        {
          json_builder_set_member_name (builder, "age_buckets");
          json_builder_begin_object (builder);
          for (guint b = 0; b < BD_METRICS_N_AGE_BUCKETS; b++)
            json_add_value (builder, bd_metrics_age_bucket_names[b], metrics->age_buckets[b], TRUE);
          json_builder_end_object (builder);
        }
      else if (g_str_equal (scalars[i].name, "cancellation_rate"))
        {
          json_add_amounts (builder, "revenue_lost", metrics->revenue_lost);
          json_add_amounts (builder, "backorder_value_open", metrics->backorder_value_open);
        }
      else if (g_str_equal (scalars[i].name, "complaints"))
        json_add_amounts (builder, "incentives_value", metrics->incentives_value);
    }

  json_builder_set_member_name (builder, "suppliers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < metrics->suppliers->len; i++)
    {
      const BdSupplierMetrics *supplier = g_ptr_array_index (metrics->suppliers, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "supplier_ref");
      json_builder_add_string_value (builder, supplier->supplier_ref);
      json_builder_set_member_name (builder, "supplier_name");
      json_builder_add_string_value (builder, supplier->supplier_name);
      json_add_value (builder, "supplier_on_time_rate", supplier->on_time_rate, FALSE);
      json_add_value (builder, "supplier_days_late_mean", supplier->days_late_mean, FALSE);
      json_add_value (builder, "backorder_lines", supplier->backorder_lines, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_row (GPtrArray  *rows,
         const char *name,
         const char *currency,
         const char *supplier_ref,
         const char *value)
{
  char **row = g_new0 (char *, 5);

  row[0] = g_strdup (name);
  row[1] = g_strdup (currency != NULL ? currency : "");
  row[2] = g_strdup (supplier_ref != NULL ? supplier_ref : "");
  row[3] = g_strdup (value != NULL ? value : "");
  g_ptr_array_add (rows, row);
}

static void
add_amount_rows (GPtrArray  *rows,
                 const char *name,
                 GPtrArray  *amounts)
{
  for (guint i = 0; i < amounts->len; i++)
    {
      const BdMetricsAmount *amount = g_ptr_array_index (amounts, i);
      g_autofree char *text = format_amount (amount);

      add_row (rows, name, amount->currency, NULL, text);
    }
}

/* Every figure as a row of four strings (a GStrv): name, currency,
 * supplier_ref, value; "" where one does not apply, a value "" for null.
 * A figure per currency has a row per currency that has an amount; the
 * age buckets are rows "age_buckets.0-7" and so on. What `metrics --csv`
 * prints, and the plain listing. */
GPtrArray *
bd_metrics_to_rows (BdMetrics *metrics)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  g_return_val_if_fail (metrics != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scalars); i++)
    {
      g_autofree char *text = format_value (scalar_value (metrics, &scalars[i]));

      add_row (rows, scalars[i].name, NULL, NULL, text);
      if (g_str_equal (scalars[i].name, "backorder_age_median_days"))
        for (guint b = 0; b < BD_METRICS_N_AGE_BUCKETS; b++)
          {
            g_autofree char *name = g_strconcat ("age_buckets.", bd_metrics_age_bucket_names[b], NULL);
            g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, metrics->age_buckets[b]);

            add_row (rows, name, NULL, NULL, count);
          }
      else if (g_str_equal (scalars[i].name, "cancellation_rate"))
        {
          add_amount_rows (rows, "revenue_lost", metrics->revenue_lost);
          add_amount_rows (rows, "backorder_value_open", metrics->backorder_value_open);
        }
      else if (g_str_equal (scalars[i].name, "complaints"))
        add_amount_rows (rows, "incentives_value", metrics->incentives_value);
    }

  for (guint i = 0; i < metrics->suppliers->len; i++)
    {
      const BdSupplierMetrics *supplier = g_ptr_array_index (metrics->suppliers, i);
      g_autofree char *on_time = format_value (supplier->on_time_rate);
      g_autofree char *late = format_value (supplier->days_late_mean);
      g_autofree char *lines = g_strdup_printf ("%" G_GINT64_FORMAT, supplier->backorder_lines);

      add_row (rows, "supplier_on_time_rate", NULL, supplier->supplier_ref, on_time);
      add_row (rows, "supplier_days_late_mean", NULL, supplier->supplier_ref, late);
      add_row (rows, "backorder_lines", NULL, supplier->supplier_ref, lines);
    }

  return rows;
}

/* `metrics --csv`: a header and the rows of bd_metrics_to_rows(); a
 * supplier reference that would start a formula is quoted. */
char *
bd_metrics_to_csv (BdMetrics *metrics)
{
  g_autoptr(GPtrArray) rows = NULL;
  GString *out = g_string_new (NULL);
  const char *header[] = { "name", "currency", "supplier_ref", "value" };

  g_return_val_if_fail (metrics != NULL, NULL);

  rows = bd_metrics_to_rows (metrics);
  bd_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *owned = NULL;
      const char *fields[4] = { row[0], row[1], bd_csv_formula_safe (row[2], &owned), row[3] };

      bd_csv_append_row (out, fields, G_N_ELEMENTS (fields));
    }

  return g_string_free (out, FALSE);
}
