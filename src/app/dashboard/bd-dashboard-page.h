/* bd-dashboard-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-chart.h"
#include "bd-kpi-tile.h"
#include "bd-metrics.h"
#include "bd-metrics-series.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_DASHBOARD_PAGE (bd_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (BdDashboardPage, bd_dashboard_page, BD, DASHBOARD_PAGE, GtkWidget)

void             bd_dashboard_page_set_store   (BdDashboardPage *self,
                                                BdStore         *store);
void             bd_dashboard_page_set_range   (BdDashboardPage *self,
                                                BdMetricsRange   range);
gboolean         bd_dashboard_page_set_custom_range (BdDashboardPage *self,
                                                     const char      *from,
                                                     const char      *to);
void             bd_dashboard_page_refresh     (BdDashboardPage *self);
gboolean         bd_dashboard_page_get_loading (BdDashboardPage *self);
const BdMetrics *bd_dashboard_page_get_metrics (BdDashboardPage *self);
const BdMetricsSeries *bd_dashboard_page_get_series (BdDashboardPage *self);
BdKpiTile       *bd_dashboard_page_get_tile    (BdDashboardPage *self,
                                                const char      *name);
BdChart         *bd_dashboard_page_get_chart   (BdDashboardPage *self,
                                                const char      *name);

G_END_DECLS
