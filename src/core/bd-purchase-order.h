/* bd-purchase-order.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* One purchase order as a list of POs shows it: its header and the sums
 * of its lines. */
#define BD_TYPE_PURCHASE_ORDER (bd_purchase_order_get_type ())
G_DECLARE_FINAL_TYPE (BdPurchaseOrder, bd_purchase_order, BD, PURCHASE_ORDER, GObject)

/* Columns that bd_purchase_order_update_from_stmt() reads, in order. */
#define BD_PURCHASE_ORDER_SELECT \
  "SELECT po.id, po.uuid, po.number, po.supplier_id, s.ref, s.name, po.status, po.currency," \
  " po.ordered_at, po.sent_at, po.confirmed_at, po.confirmed_date, po.expected_at," \
  " po.received_at, po.cancelled_at, po.note," \
  " (SELECT count(*) FROM po_lines pl WHERE pl.po_id = po.id AND pl.deleted = 0)," \
  " (SELECT sum(pl.quantity * pl.unit_cost) FROM po_lines pl WHERE pl.po_id = po.id AND pl.deleted = 0)," \
  " (SELECT coalesce(sum(pl.quantity), 0) FROM po_lines pl WHERE pl.po_id = po.id AND pl.deleted = 0)," \
  " (SELECT coalesce(sum(pl.quantity_received), 0) FROM po_lines pl" \
  "   WHERE pl.po_id = po.id AND pl.deleted = 0)," \
  " (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'purchase_order:' || po.uuid)" \
  " FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"

void         bd_purchase_order_update_from_stmt (BdPurchaseOrder *self,
                                                 sqlite3_stmt    *stmt);
gboolean     bd_purchase_order_load_many        (BdStore         *store,
                                                 const gint64    *ids,
                                                 guint            n_ids,
                                                 GHashTable      *rows,
                                                 GError         **error);
BdPurchaseOrder *bd_purchase_order_load         (BdStore         *store,
                                                 gint64           id,
                                                 GError         **error);

gint64       bd_purchase_order_get_id             (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_uuid           (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_number         (BdPurchaseOrder *self);
gint64       bd_purchase_order_get_supplier_id    (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_supplier_ref   (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_supplier_name  (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_status         (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_currency       (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_ordered_at     (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_sent_at        (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_confirmed_at   (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_confirmed_date (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_expected_at    (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_received_at    (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_cancelled_at   (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_note           (BdPurchaseOrder *self);
const char  *bd_purchase_order_get_refused_reason (BdPurchaseOrder *self);
int          bd_purchase_order_get_n_lines        (BdPurchaseOrder *self);
gboolean     bd_purchase_order_get_has_value      (BdPurchaseOrder *self);
gint64       bd_purchase_order_get_value          (BdPurchaseOrder *self);
gint64       bd_purchase_order_get_quantity       (BdPurchaseOrder *self);
gint64       bd_purchase_order_get_quantity_received (BdPurchaseOrder *self);

G_END_DECLS
