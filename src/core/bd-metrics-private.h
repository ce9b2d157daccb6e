/* bd-metrics-private.h: what the metrics and the charts' series share, so
 * that the dashboard has both from one pass over the lines
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-metrics-series.h"

G_BEGIN_DECLS

/* Arguments of a pass over order_lines l whose ?1 is the range's first
 * start and ?2 the start of the day after it (UTC): whether a line
 * shipped after its promised time was shipped on a later local day
 * (NULL for the lines that need no answer: the local days are the slow
 * part), and the currency of a backorder line ordered in the range. */
#define BD_SERIES_LATE_DAY \
  "CASE WHEN l.shipped_at > l.promised_at AND (l.ordered_at >= ?1 OR l.shipped_at >= ?1)" \
  " THEN date(l.shipped_at, 'localtime') > date(l.promised_at, 'localtime') END"
#define BD_SERIES_CURRENCY \
  "CASE WHEN l.backordered_quantity > 0 AND l.ordered_at >= ?1" \
  " THEN (SELECT o.currency FROM orders o WHERE o.id = l.order_id) END"

/* The lines such a pass counts anything of: ordered in the range, shipped
 * or cancelled in it (or after it: then still open at its end), or open
 * now. The others, most of a long history, are read but cost no more:
 * one test here instead of every aggregate's arguments and filters. */
#define BD_SERIES_LINES_THAT_COUNT \
  "l.deleted = 0 AND l.ordered_at < ?2 AND (l.ordered_at >= ?1 OR l.shipped_at >= ?1 OR l.cancelled_at >= ?1" \
  " OR (l.backordered_quantity > 0 AND (l.status = 'waiting' OR l.status = 'on_order'" \
  "  OR l.status = 'allocated')))"

typedef struct _BdSeriesCollector BdSeriesCollector;

BdSeriesCollector *bd_series_collector_new    (BdStore            *store,
                                               const char         *from,
                                               const char         *to,
                                               GError            **error);
void               bd_series_collector_add    (BdSeriesCollector  *context,
                                               const char         *ordered_at,
                                               gint64              backordered,
                                               const char         *status,
                                               const char         *shipped_at,
                                               const char         *cancelled_at,
                                               gboolean            promised,
                                               gboolean            late_day,
                                               gint64              product_id,
                                               const char         *currency,
                                               gint64              unit_price);
void               bd_series_collector_merge  (BdSeriesCollector  *into,
                                               BdSeriesCollector  *from);
BdMetricsSeries   *bd_series_collector_finish (BdSeriesCollector  *context,
                                               GError            **error);
void               bd_series_collector_free   (BdSeriesCollector  *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSeriesCollector, bd_series_collector_free)

G_END_DECLS
