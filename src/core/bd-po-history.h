/* bd-po-history.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-history.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* What happened to one purchase order, as its detail pane tells it: the
 * receipts booked against it and the audit log of the PO, its lines and
 * its receipts. */

/* One line of a receipt booked against a PO (undone ones are not
 * listed). */
typedef struct
{
  char *uuid;              /* the receipt's */
  char *received_at;
  char *author;
  char *policy;
  char *sku;
  char *product_name;
  int quantity;
  int to_stock;
  int allocated;           /* to backorder lines */
  char *batch;             /* what bd_receiving_undo() takes */
} BdPoReceiptEntry;

void       bd_po_receipt_entry_free (gpointer  entry);
GPtrArray *bd_po_history_receipts   (BdStore  *store,
                                     gint64    po_id,
                                     GError  **error);
GPtrArray *bd_po_history_list       (BdStore  *store,
                                     gint64    po_id,
                                     GError  **error);

G_END_DECLS
