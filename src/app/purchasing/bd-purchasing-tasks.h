/* bd-purchasing-tasks.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-replenish.h"
#include "bd-store.h"
#include "bd-suppliers.h"

G_BEGIN_DECLS

/* A supplier and everything its pane shows. */
typedef struct
{
  BdSupplier *supplier;
  GPtrArray *products;                 /* BdSupplierProduct */
  GPtrArray *pos;                      /* BdSupplierPo */
  GPtrArray *chase;                    /* BdChaseEntry, this supplier's */
  BdSupplierReliability *reliability;
  char *currency;                      /* the database's default */
} BdSupplierDetail;

void bd_supplier_detail_free (BdSupplierDetail *detail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSupplierDetail, bd_supplier_detail_free)

typedef enum
{
  BD_SUPPLIER_WRITE_CREATE,
  BD_SUPPLIER_WRITE_EDIT,
  BD_SUPPLIER_WRITE_ARCHIVE,
  BD_SUPPLIER_WRITE_RESTORE,
  BD_SUPPLIER_WRITE_LINK,
  BD_SUPPLIER_WRITE_REMOVE_LINK,
} BdSupplierWriteKind;

/* What a person changed of a supplier or of one of its product links:
 * the strings are owned, NULL keeps what is stored (bd-suppliers.h). */
typedef struct
{
  BdSupplierWriteKind kind;
  char *ref;
  char *sku;                           /* LINK, REMOVE_LINK */
  char *fields[6];                     /* CREATE, EDIT: BdSupplierFields' order; LINK: BdSupplierLinkFields' */
} BdSupplierWrite;

BdSupplierWrite *bd_supplier_write_new  (BdSupplierWriteKind kind,
                                         const char         *ref);
void             bd_supplier_write_free (BdSupplierWrite    *write);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSupplierWrite, bd_supplier_write_free)

typedef enum
{
  BD_PO_WRITE_SEND,
  BD_PO_WRITE_CONFIRM,
  BD_PO_WRITE_SET_EXPECTED,
  BD_PO_WRITE_CANCEL,
  BD_PO_WRITE_SET_LINE_QUANTITY,
} BdPoWriteKind;

/* What a clerk did to a purchase order, found by its number when the
 * write runs: the strings are owned. */
typedef struct
{
  BdPoWriteKind kind;
  char *number;
  char *date;                          /* CONFIRM (NULL: keep), SET_EXPECTED */
  char *sku;                           /* SET_LINE_QUANTITY */
  int quantity;                        /* SET_LINE_QUANTITY */
} BdPoWrite;

BdPoWrite *bd_po_write_new  (BdPoWriteKind kind,
                             const char   *number);
void       bd_po_write_free (BdPoWrite    *write);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdPoWrite, bd_po_write_free)

/* Each runs on a thread with a connection of its own; what a write
 * changed is told by @store's "changed" as it finishes. */
void       bd_purchasing_list_suppliers_async   (BdStore             *store,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray *bd_purchasing_list_suppliers_finish  (GAsyncResult        *result,
                                                 GError             **error);
void       bd_purchasing_load_detail_async      (BdStore             *store,
                                                 const char          *ref,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
BdSupplierDetail *bd_purchasing_load_detail_finish (GAsyncResult     *result,
                                                 GError             **error);
void       bd_purchasing_write_async            (BdStore             *store,
                                                 BdSupplierWrite     *write,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean   bd_purchasing_write_finish           (GAsyncResult        *result,
                                                 GError             **error);
void       bd_purchasing_suggest_async          (BdStore             *store,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray *bd_purchasing_suggest_finish         (GAsyncResult        *result,
                                                 GError             **error);
void       bd_purchasing_create_orders_async    (BdStore             *store,
                                                 GArray              *items,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
BdReplenishResult *bd_purchasing_create_orders_finish (GAsyncResult  *result,
                                                 GError             **error);
void       bd_purchasing_po_write_async         (BdStore             *store,
                                                 BdPoWrite           *write,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char      *bd_purchasing_po_write_finish        (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
