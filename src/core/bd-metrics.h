/* bd-metrics.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-backorder-query.h"
#include "bd-metrics-series.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* The age buckets of the lines open at the range's end, in days:
 * 0-7, 8-14, 15-30, 31-60, over 60. */
#define BD_METRICS_N_AGE_BUCKETS 5

/* An amount of money in one currency, in its minor units. */
typedef struct
{
  char *currency;
  gint64 amount;
} BdMetricsAmount;

/* A supplier's figures (README, "Metrics"). */
typedef struct
{
  char *supplier_ref;
  char *supplier_name;
  double on_time_rate;       /* supplier_on_time_rate; NAN: null */
  double days_late_mean;     /* supplier_days_late_mean; NAN: null */
  gint64 backorder_lines;    /* the range's backorder lines that count for it */
  gint64 po_lines_received;  /* on_time_rate's denominator */
  gint64 po_lines_on_time;   /* and its numerator */
} BdSupplierMetrics;

/* Every figure of README "Metrics" over a range of local dates. A double
 * that is NAN is null: its denominator was zero (bd_metrics_is_null()). */
typedef struct
{
  char *from;                /* YYYY-MM-DD, both ends included */
  char *to;

  gint64 order_lines;
  gint64 backorder_lines;
  double backorder_rate;
  double fill_rate;
  double unit_fill_rate;
  double on_time_delivery_rate;
  gint64 open_backorders;
  gint64 overdue_backorders;
  double backorder_age_mean_days;
  double backorder_age_median_days;
  gint64 age_buckets[BD_METRICS_N_AGE_BUCKETS];
  double promises_breached_rate;
  gint64 promises_breached;          /* its numerator, for the dashboard */
  double cancellation_rate;
  GPtrArray *revenue_lost;           /* BdMetricsAmount, by currency code */
  GPtrArray *backorder_value_open;   /* BdMetricsAmount */
  double time_to_first_notice_median_days;
  gint64 never_notified_open;
  gint64 complaints;
  GPtrArray *incentives_value;       /* BdMetricsAmount */
  double promise_kept_rate;
  double inventory_turnover;         /* in the default currency's costs */
  GPtrArray *suppliers;              /* BdSupplierMetrics, by reference */
  double suppliers_on_time_rate;     /* all suppliers' PO lines pooled: the dashboard's */
  gint64 suppliers_po_lines_received; /* its denominator */
} BdMetrics;

/* The dashboard's ranges: each ends today. */
typedef enum
{
  BD_METRICS_RANGE_LAST_7,
  BD_METRICS_RANGE_LAST_30,
  BD_METRICS_RANGE_LAST_90,
  BD_METRICS_RANGE_THIS_QUARTER,
  BD_METRICS_RANGE_THIS_YEAR,
} BdMetricsRange;

/* The lines behind a figure, for the queue. */
typedef enum
{
  BD_METRICS_LINES_ORDERED,     /* backorder_lines: ordered in the range */
  BD_METRICS_LINES_OPEN,        /* open_backorders */
  BD_METRICS_LINES_OVERDUE,     /* overdue_backorders */
  BD_METRICS_LINES_AGE_BUCKET,  /* one of age_buckets */
  BD_METRICS_LINES_BREACHED,    /* promises breached (backorder lines) */
  BD_METRICS_LINES_PRODUCT,     /* a top product's backorder lines */
  BD_METRICS_LINES_SUPPLIER,    /* a top supplier's backorder lines */
  BD_METRICS_LINES_NEVER_NOTIFIED, /* never_notified_open */
} BdMetricsLines;

extern const char * const bd_metrics_age_bucket_names[BD_METRICS_N_AGE_BUCKETS];

gboolean   bd_metrics_is_null  (double       value);
void       bd_metrics_age_bucket_days (guint   bucket,
                                       int    *min,
                                       int    *max);
char      *bd_metrics_today    (BdStore     *store);
gboolean   bd_metrics_range_dates (BdMetricsRange  range,
                                   const char     *today,
                                   char          **from,
                                   char          **to);
gboolean   bd_metrics_previous_range (const char  *from,
                                      const char  *to,
                                      char       **previous_from,
                                      char       **previous_to);
BdMetrics *bd_metrics_compute  (BdStore     *store,
                                const char  *from,
                                const char  *to,
                                GError     **error);
BdMetrics *bd_metrics_compute_with_series (BdStore          *store,
                                           const char       *from,
                                           const char       *to,
                                           BdMetricsSeries **series,
                                           GError          **error);
BdMetrics *bd_metrics_compute_parallel (BdStore          *store,
                                        const char       *from,
                                        const char       *to,
                                        BdMetricsSeries **series,
                                        guint             n_parts,
                                        GCancellable     *cancellable,
                                        GError          **error);
gboolean   bd_metrics_compute_ranges (BdStore             *store,
                                      guint                n_ranges,
                                      const char * const  *froms,
                                      const char * const  *tos,
                                      BdMetricsSeries    **series,
                                      guint                n_parts,
                                      GCancellable        *cancellable,
                                      BdMetrics          **metrics,
                                      GError             **error);
BdMetrics *bd_metrics_ref      (BdMetrics   *metrics);
void       bd_metrics_free     (BdMetrics   *metrics);
BdBackorderQuery *bd_metrics_lines_query (BdMetricsLines  lines,
                                          const char     *from,
                                          const char     *to,
                                          guint           bucket,
                                          const char     *ref);
JsonNode  *bd_metrics_to_json  (BdMetrics   *metrics);
GPtrArray *bd_metrics_to_rows  (BdMetrics   *metrics);
char      *bd_metrics_to_csv   (BdMetrics   *metrics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMetrics, bd_metrics_free)

G_END_DECLS
