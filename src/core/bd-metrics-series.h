/* bd-metrics-series.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* How many products or suppliers a top list holds at most. */
#define BD_METRICS_TOP_N 10

/* A week of the range, Monday to Sunday, cut to the range's days. */
typedef struct
{
  char *week_start;       /* the Monday, YYYY-MM-DD (may be before the range) */
  gint64 opened;          /* backorder lines ordered that week */
  gint64 closed;          /* backorder lines shipped or cancelled that week */
  gint64 shipped_promised; /* lines shipped that week that had a promised date */
  gint64 shipped_on_time; /* those shipped on or before that date */
  double on_time_rate;    /* shipped_on_time / shipped_promised; NAN: null */
} BdMetricsWeek;

/* A product or supplier in a top list. */
typedef struct
{
  char *ref;              /* SKU or supplier reference */
  char *name;
  char *currency;         /* the value's currency; NULL in a list by units */
  gint64 units;           /* backordered units */
  gint64 value;           /* in the currency's minor units */
} BdMetricsTop;

/* The dashboard's charts over a range of local dates (README, "Metrics"):
 * the backorder lines ordered in the range, by week and the most
 * backordered products and suppliers. */
typedef struct
{
  char *from;
  char *to;
  GPtrArray *weeks;               /* BdMetricsWeek, in order */
  GPtrArray *top_products_units;  /* BdMetricsTop, most first, then by ref */
  GPtrArray *top_products_value;  /* BdMetricsTop, by currency, then most first */
  GPtrArray *top_suppliers_units;
  GPtrArray *top_suppliers_value;
} BdMetricsSeries;

BdMetricsSeries *bd_metrics_series_compute (BdStore          *store,
                                            const char       *from,
                                            const char       *to,
                                            GError          **error);
void             bd_metrics_series_free    (BdMetricsSeries  *series);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMetricsSeries, bd_metrics_series_free)

G_END_DECLS
