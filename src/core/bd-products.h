/* bd-products.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* For bd_products_set_levels(): a level left as it is. */
#define BD_PRODUCT_LEVEL_KEEP (-1)

gboolean bd_products_set_levels (BdStore     *store,
                                 const char  *sku,
                                 gint64       reorder_point,
                                 gint64       safety_stock,
                                 char       **batch,
                                 GError     **error);

G_END_DECLS
