/* bd-po-source.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-row-source.h"

G_BEGIN_DECLS

/* Which purchase orders a list shows: all, the open ones or those of one
 * status, of every supplier or one; newest first. */
typedef struct
{
  char *status;         /* NULL or "all", "open", or one status */
  gint64 supplier_id;   /* 0: every supplier */
} BdPoQuery;

BdPoQuery *bd_po_query_new   (void);
BdPoQuery *bd_po_query_copy  (const BdPoQuery *query);
void       bd_po_query_free  (BdPoQuery       *query);
gboolean   bd_po_query_equal (const BdPoQuery *a,
                              const BdPoQuery *b);
gboolean   bd_po_query_check (const BdPoQuery *query,
                              GError         **error);
GArray    *bd_po_query_run_ids (BdStore        *store,
                                const BdPoQuery *query,
                                GCancellable   *cancellable,
                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdPoQuery, bd_po_query_free)

/* Purchase orders as BdPurchaseOrder rows, for the PO list page. */
#define BD_TYPE_PO_SOURCE (bd_po_source_get_type ())
G_DECLARE_FINAL_TYPE (BdPoSource, bd_po_source, BD, PO_SOURCE, GObject)

BdRowSource *bd_po_source_new (void);

G_END_DECLS
