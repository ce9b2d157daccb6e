/* bd-backorder.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-status.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* One backorder line as lists and the detail pane show it. */
#define BD_TYPE_BACKORDER (bd_backorder_get_type ())
G_DECLARE_FINAL_TYPE (BdBackorder, bd_backorder, BD, BACKORDER, GObject)

/* The product's preferred supplier: the first by name if data from
 * elsewhere marks more than one. */
#define BD_BACKORDER_PREFERRED_SUPPLIER \
  "(SELECT s.name FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id" \
  " WHERE ps.product_id = l.product_id AND ps.preferred <> 0 AND ps.deleted = 0 AND s.deleted = 0" \
  " ORDER BY s.name, s.id LIMIT 1)"

/* Columns and joins that bd_backorder_update_from_stmt() reads, in order.
 * The supplier and the unresolved complaint are subqueries on indexes
 * (product_suppliers by product, complaints by line): a page of rows is
 * still one statement. */
#define BD_BACKORDER_SELECT \
  "SELECT l.id, l.uuid, o.ref, l.ordered_at, c.ref, c.name, c.email, p.sku, p.name," \
  " l.quantity, l.backordered_quantity, l.status, l.priority, l.promised_at, l.shipped_at," \
  " l.cancelled_at, l.cancel_reason, l.refunded, l.unit_price, o.currency," \
  " " BD_BACKORDER_PREFERRED_SUPPLIER "," \
  " EXISTS (SELECT 1 FROM complaints k WHERE k.line_id = l.id AND k.deleted = 0" \
  "   AND coalesce (trim (k.resolution), '') = '')" \
  " FROM order_lines l" \
  " JOIN orders o ON o.id = l.order_id" \
  " JOIN customers c ON c.id = l.customer_id" \
  " JOIN products p ON p.id = l.product_id"

BdBackorder *bd_backorder_new_from_stmt    (sqlite3_stmt *stmt,
                                            const char   *today_start);
void         bd_backorder_update_from_stmt (BdBackorder  *self,
                                            sqlite3_stmt *stmt,
                                            const char   *today_start);
BdBackorder *bd_backorder_load             (BdStore      *store,
                                            gint64        id,
                                            GError      **error);
GHashTable  *bd_backorder_table_new        (void);
gboolean     bd_backorder_load_many        (BdStore      *store,
                                            const gint64 *ids,
                                            guint         n_ids,
                                            GHashTable   *rows,
                                            GError      **error);

gint64       bd_backorder_get_id           (BdBackorder  *self);
const char  *bd_backorder_get_uuid         (BdBackorder  *self);
const char  *bd_backorder_get_ref          (BdBackorder  *self);
const char  *bd_backorder_get_order_ref    (BdBackorder  *self);
const char  *bd_backorder_get_ordered_at   (BdBackorder  *self);
const char  *bd_backorder_get_customer_ref (BdBackorder  *self);
const char  *bd_backorder_get_customer_name (BdBackorder *self);
const char  *bd_backorder_get_customer_email (BdBackorder *self);
const char  *bd_backorder_get_sku          (BdBackorder  *self);
const char  *bd_backorder_get_product_name (BdBackorder  *self);
int          bd_backorder_get_quantity     (BdBackorder  *self);
int          bd_backorder_get_short        (BdBackorder  *self);
const char  *bd_backorder_get_status       (BdBackorder  *self);
int          bd_backorder_get_priority     (BdBackorder  *self);
const char  *bd_backorder_get_promised_at  (BdBackorder  *self);
const char  *bd_backorder_get_shipped_at   (BdBackorder  *self);
const char  *bd_backorder_get_cancelled_at (BdBackorder  *self);
const char  *bd_backorder_get_cancel_reason (BdBackorder *self);
gboolean     bd_backorder_get_refunded     (BdBackorder  *self);
gboolean     bd_backorder_get_has_price    (BdBackorder  *self);
gint64       bd_backorder_get_unit_price   (BdBackorder  *self);
const char  *bd_backorder_get_currency     (BdBackorder  *self);
gboolean     bd_backorder_get_overdue      (BdBackorder  *self);
const char  *bd_backorder_get_supplier_name (BdBackorder *self);
gboolean     bd_backorder_get_has_open_complaint (BdBackorder *self);
int          bd_backorder_get_age_days     (BdBackorder  *self);
gboolean     bd_backorder_is_open          (BdBackorder  *self);

G_END_DECLS
