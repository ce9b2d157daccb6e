/* bd-dashboard-page-private.h: what the tests of the dashboard need
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-dashboard-page.h"

G_BEGIN_DECLS

void             bd_dashboard_page_hold_computing (gboolean hold);
const BdMetrics *bd_dashboard_page_get_previous   (BdDashboardPage *self);

G_END_DECLS
