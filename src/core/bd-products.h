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

/* An alternative a product names: what an agent can offer instead. */
typedef struct
{
  char *sku;
  char *name;
  gint64 on_hand;
} BdProductAlternative;

void       bd_product_alternative_free     (gpointer     alternative);
GPtrArray *bd_products_list_alternatives   (BdStore     *store,
                                            const char  *sku,
                                            GError     **error);
gboolean   bd_products_add_alternative     (BdStore     *store,
                                            const char  *sku,
                                            const char  *alternative_sku,
                                            GError     **error);
gboolean   bd_products_remove_alternative  (BdStore     *store,
                                            const char  *sku,
                                            const char  *alternative_sku,
                                            GError     **error);

G_END_DECLS
