/* bd-purchase-orders.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-po-source.h"
#include "bd-purchase-order.h"

G_BEGIN_DECLS

/* What a purchasing clerk does to purchase orders. Each call is one
 * transaction with its events under one batch, which it hands back. */

/* A backorder line a PO line covers, and how much of it. */
typedef struct
{
  gint64 line_id;
  char *ref;
  char *customer_name;
  int quantity;
} BdPoCover;

typedef struct
{
  gint64 id;
  char *uuid;
  gint64 product_id;
  char *sku;
  char *product_name;
  int quantity;
  int quantity_received;
  gboolean has_unit_cost;
  gint64 unit_cost;
  int covered;
  GPtrArray *covers;   /* BdPoCover, oldest order first */
} BdPoLine;

void       bd_po_line_free                   (gpointer       line);

gboolean   bd_purchase_orders_find_supplier  (BdStore       *store,
                                              const char    *ref_or_name,
                                              gint64        *supplier_id,
                                              GError       **error);
gboolean   bd_purchase_orders_find           (BdStore       *store,
                                              const char    *number,
                                              gint64        *po_id,
                                              GError       **error);
GPtrArray *bd_purchase_orders_list           (BdStore       *store,
                                              const BdPoQuery *query,
                                              GError       **error);
GPtrArray *bd_purchase_orders_load_lines     (BdStore       *store,
                                              gint64         po_id,
                                              GError       **error);
JsonNode  *bd_purchase_orders_to_json        (BdStore       *store,
                                              GPtrArray     *orders,
                                              GError       **error);

gboolean   bd_purchase_orders_set_status     (BdStore       *store,
                                              gint64         po_id,
                                              const char    *status,
                                              const char    *date,
                                              char         **batch,
                                              GError       **error);
gboolean   bd_purchase_orders_cancel         (BdStore       *store,
                                              gint64         po_id,
                                              char         **batch,
                                              GError       **error);
gboolean   bd_purchase_orders_set_expected   (BdStore       *store,
                                              gint64         po_id,
                                              const char    *date,
                                              char         **batch,
                                              GError       **error);
gboolean   bd_purchase_orders_set_line_quantity (BdStore    *store,
                                              gint64         po_id,
                                              const char    *sku,
                                              int            quantity,
                                              char         **batch,
                                              GError       **error);

G_END_DECLS
