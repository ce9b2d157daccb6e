/* bd-po-import-private.h: the purchasing half of the import of
 * purchase_orders.csv, which bd-import.c reads and checks
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 product_id;
  int quantity;
  int received;
  guint line;
} BdPoImportLine;

/* One PO of the file, its rows gathered. */
typedef struct
{
  char *number;
  gint64 supplier_id;
  char *ordered_at;     /* UTC */
  char *expected_at;    /* a local date, or NULL */
  char *status;         /* NULL: from what was received */
  guint line;           /* its first row */
  GArray *lines;        /* BdPoImportLine */
} BdPoImportOrder;

BdPoImportOrder *bd_po_import_order_new      (const char  *number,
                                              gint64       supplier_id,
                                              const char  *ordered_at,
                                              const char  *expected_at,
                                              const char  *status,
                                              guint        line);
void             bd_po_import_order_free     (gpointer     order);
gboolean         bd_po_import_parse_date     (const char  *text,
                                              char       **date,
                                              const char **problem);
gboolean         bd_po_import_status_is_valid (const char *status);
gboolean         bd_po_import_find_supplier  (BdStore     *store,
                                              const char  *ref,
                                              gint64      *id,
                                              gboolean    *archived,
                                              GError     **error);
gboolean         bd_po_import_check_stored   (BdStore     *store,
                                              const char  *number,
                                              gint64       supplier_id,
                                              gint64       product_id,
                                              int          quantity,
                                              int          received,
                                              int         *column,
                                              char       **problem,
                                              GError     **error);
gboolean         bd_po_import_orders         (BdStore     *store,
                                              const char  *batch,
                                              const char  *now,
                                              GPtrArray   *orders,
                                              guint       *created,
                                              guint       *updated,
                                              guint       *unchanged,
                                              GError     **error);

G_END_DECLS
