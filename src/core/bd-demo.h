/* bd-demo.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-import.h"

G_BEGIN_DECLS

/* What "Load Sample Data" and backorder-desk-cli demo make unless told
 * otherwise, and the most orders the CLI accepts. */
#define BD_DEMO_DEFAULT_ORDERS 2000
#define BD_DEMO_DEFAULT_SEED   1
#define BD_DEMO_MAX_ORDERS     10000000

typedef struct
{
  guint n_orders;
  guint32 seed;
  GDateTime *now;   /* NULL: now */
} BdDemoOptions;

/* Sample data for trying the app: it pins @store's clock and seed, so give it
 * a connection of its own. The same seed and date give the same database. */
gboolean bd_demo_generate (BdStore             *store,
                           const BdDemoOptions *options,
                           BdProgressFunc       progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GError             **error);

G_END_DECLS
