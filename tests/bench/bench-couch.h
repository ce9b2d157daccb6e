/* bench-couch.h: documents put on the benchmarks' PouchDB Server
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-couch.h"

G_BEGIN_DECLS

void bench_couch_put_customers (BdCouch *couch,
                                guint    first,
                                guint    n);

G_END_DECLS
