/* bd-backorder-query-private.h: what the tests of queries need beyond their API
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-backorder-query.h"

G_BEGIN_DECLS

void bd_backorder_query_set_early_min (guint rows);

G_END_DECLS
