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
  "   AND coalesce (trim (k.resolution), '') = '')," \
  " l.product_id, l.covered_quantity, l.allocated_quantity, l.eta, o.ship_complete," \
  " cpo.id, cpo.number, cpo.supplier_id, cs.ref, cs.name, coalesce(cpo.expected_at, cpo.confirmed_date)," \
  " pps.supplier_id, ps.ref, ps.name, coalesce(pps.lead_time_days, ps.lead_time_days)," \
  " (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'order_line:' || l.uuid)" \
  " FROM order_lines l" \
  " JOIN orders o ON o.id = l.order_id" \
  " JOIN customers c ON c.id = l.customer_id" \
  " JOIN products p ON p.id = l.product_id" \
  BD_BACKORDER_PURCHASING_JOINS

/* The open PO that decides a covered line's expected date (the one that
 * comes last), and the product's preferred supplier. */
#define BD_BACKORDER_PURCHASING_JOINS \
  " LEFT JOIN purchase_orders cpo ON cpo.id = (SELECT po.id FROM po_line_covers pc" \
  "   JOIN po_lines pl ON pl.id = pc.po_line_id JOIN purchase_orders po ON po.id = pl.po_id" \
  "   WHERE pc.line_id = l.id AND pc.deleted = 0" \
  "   AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received')" \
  "   ORDER BY coalesce(po.expected_at, po.confirmed_date) DESC, po.id DESC LIMIT 1)" \
  " LEFT JOIN suppliers cs ON cs.id = cpo.supplier_id" \
  " LEFT JOIN product_suppliers pps ON pps.id = (SELECT x.id FROM product_suppliers x" \
  "   JOIN suppliers xs ON xs.id = x.supplier_id WHERE x.product_id = l.product_id" \
  "   AND x.preferred <> 0 AND x.deleted = 0 AND xs.deleted = 0 ORDER BY xs.name, xs.id LIMIT 1)" \
  " LEFT JOIN suppliers ps ON ps.id = pps.supplier_id"

BdBackorder *bd_backorder_new_placeholder  (gint64        id);
void         bd_backorder_update_from      (BdBackorder  *self,
                                            BdBackorder  *fresh);
gboolean     bd_backorder_is_read          (BdBackorder  *self);
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
const char  *bd_backorder_get_refused_reason (BdBackorder *self);
int          bd_backorder_get_age_days     (BdBackorder  *self);
gboolean     bd_backorder_is_open          (BdBackorder  *self);

/* What purchasing knows of the line: how much is covered by POs and
 * allocated, the stored ETA (covered and allocated lines), the PO that
 * decides it, and the product's preferred supplier and lead time. */
gint64       bd_backorder_get_product_id   (BdBackorder  *self);
int          bd_backorder_get_covered      (BdBackorder  *self);
int          bd_backorder_get_allocated    (BdBackorder  *self);
const char  *bd_backorder_get_stored_eta   (BdBackorder  *self);
gboolean     bd_backorder_get_ship_complete (BdBackorder *self);
gint64       bd_backorder_get_po_id        (BdBackorder  *self);
const char  *bd_backorder_get_po_number    (BdBackorder  *self);
gint64       bd_backorder_get_po_supplier_id (BdBackorder *self);
const char  *bd_backorder_get_po_supplier_ref (BdBackorder *self);
const char  *bd_backorder_get_po_supplier_name (BdBackorder *self);
const char  *bd_backorder_get_po_date      (BdBackorder  *self);
gint64       bd_backorder_get_preferred_supplier_id (BdBackorder *self);
const char  *bd_backorder_get_preferred_supplier_ref (BdBackorder *self);
const char  *bd_backorder_get_preferred_supplier_name (BdBackorder *self);
int          bd_backorder_get_lead_time_days (BdBackorder *self);
const char  *bd_backorder_get_eta          (BdBackorder  *self);
void         bd_backorder_set_eta          (BdBackorder  *self,
                                            const char   *eta);

G_END_DECLS
