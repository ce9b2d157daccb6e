/* bd-purchasing-private.h: what the purchasing parts of the core share
 * (purchase orders, replenishment, expected dates, the import of POs)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* One purchasing write: a transaction, the batch its events share, when
 * it happens, the local date of that moment and the team's handling
 * days, read once. */
typedef struct
{
  BdStore *store;
  char *batch;
  char *now;          /* UTC, as stored */
  char *today;        /* the local date, YYYY-MM-DD */
  int handling_days;
} BdPoAction;

gboolean  bd_po_action_begin            (BdPoAction   *action,
                                         BdStore      *store,
                                         GError      **error);
gboolean  bd_po_action_run              (BdPoAction   *action,
                                         const char   *sql,
                                         GError      **error);
gboolean  bd_po_action_finish           (BdPoAction   *action,
                                         gboolean      ok,
                                         char        **batch,
                                         GError      **error);

int       bd_purchasing_handling_days   (BdStore      *store);
char     *bd_purchasing_today           (BdStore      *store);
char     *bd_purchasing_add_days        (const char   *date,
                                         int           days);
gboolean  bd_purchasing_parse_date      (const char   *text,
                                         char        **date,
                                         const char  **problem);
gboolean  bd_purchasing_find_supplier   (BdStore      *store,
                                         const char   *ref_or_name,
                                         gint64       *id,
                                         GError      **error);
gboolean  bd_purchasing_temp_tables     (BdStore      *store,
                                         GError      **error);

/* The supplier a backorder line (an order_lines row "l") counts for in
 * the metrics: the supplier of the PO that first covered it, else its
 * product's preferred supplier (the first one marked); NULL for none. */
#define BD_LINE_COUNTED_SUPPLIER_SQL \
  "coalesce((SELECT po.supplier_id FROM po_line_covers c" \
  " JOIN po_lines pl ON pl.id = c.po_line_id JOIN purchase_orders po ON po.id = pl.po_id" \
  " WHERE c.line_id = l.id AND c.deleted = 0 ORDER BY c.id LIMIT 1)," \
  " (SELECT ps.supplier_id FROM product_suppliers ps" \
  " WHERE ps.product_id = l.product_id AND ps.preferred = 1 AND ps.deleted = 0 ORDER BY ps.id LIMIT 1))"

/* The date a PO's lines arrive by, for ETAs: the date it is expected
 * (moved by hand or by the supplier after confirming), else the date the
 * supplier confirmed; SQL over a purchase_orders row "po". */
#define BD_PO_DATE_SQL "coalesce(po.expected_at, po.confirmed_date)"

/* Covers waiting lines oldest first with what the PO lines in
 * temp.bd_cover_src (po_line_id, product_id, capacity, arrives) may still
 * cover, the earliest arriving PO line first; @all_new: none of them
 * covers anything yet. Writes the covers, the lines' sums, status and
 * ETA, and their events. */
gboolean  bd_po_cover_from_source       (BdPoAction   *action,
                                         const char   *event_action,
                                         gboolean      all_new,
                                         guint        *n_lines,
                                         GError      **error);
/* Takes back what temp.bd_drop_covers (cover_id, quantity) lists. */
gboolean  bd_po_uncover                 (BdPoAction   *action,
                                         const char   *event_action,
                                         GError      **error);
gboolean  bd_po_trim_covers             (BdPoAction   *action,
                                         gint64        po_line_id,
                                         gint64        excess,
                                         const char   *event_action,
                                         GError      **error);
/* Gives the lines of temp.bd_allocate (line_id, quantity) that much
 * more allocated stock (less, for a negative quantity): their sum,
 * status (allocated once the whole backordered quantity is) and ETA, and
 * their events. Call bd_po_recover() for their products after it. */
gboolean  bd_po_allocate                (BdPoAction   *action,
                                         const char   *event_action,
                                         GError      **error);
/* Covers the open lines of the products in temp.bd_recover (product_id)
 * anew: oldest first by the open PO lines arriving first, as
 * bd_po_cover_from_source() covers, writing only what differs from the
 * covers there are, with the lines' sums, status, ETA and events. */
gboolean  bd_po_recover                 (BdPoAction   *action,
                                         const char   *event_action,
                                         GError      **error);
/* Stores the ETA of the on-order lines the PO covers again, with an
 * event for each that moved. */
gboolean  bd_po_update_etas             (BdPoAction   *action,
                                         gint64        po_id,
                                         guint        *n_changed,
                                         GError      **error);

G_END_DECLS
