/* bd-receiving.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* What arrives against a purchase order, and who gets it: a receipt of
 * one SKU, its units handed to the open backorder lines of that SKU
 * under an allocation policy, the rest to on hand. */

#define BD_RECEIVING_ERROR (bd_receiving_error_quark ())

typedef enum
{
  /* more than the PO line still expects, without the clerk's consent */
  BD_RECEIVING_ERROR_OVER_RECEIPT,
} BdReceivingError;

typedef enum
{
  BD_ALLOCATION_FIFO,        /* oldest order first */
  BD_ALLOCATION_PRIORITY,    /* highest priority first, then oldest */
  BD_ALLOCATION_COMPLETE,    /* orders this receipt completes first */
} BdAllocationPolicy;

typedef enum
{
  BD_RECEIVE_NONE       = 0,
  BD_RECEIVE_ALLOW_OVER = 1 << 0,   /* the clerk confirmed an over-receipt */
} BdReceiveFlags;

/* Why a line gets what it gets, or nothing. */
typedef enum
{
  BD_ALLOCATION_FIRST_IN_LINE,       /* an earlier receipt gave it part */
  BD_ALLOCATION_OLDEST,              /* fifo: its order is the oldest left */
  BD_ALLOCATION_BY_PRIORITY,         /* priority: the highest left, then oldest */
  BD_ALLOCATION_COMPLETES_ORDER,     /* complete: its order needs nothing else */
  BD_ALLOCATION_AFTER_WHOLE_ORDERS,  /* complete: oldest of the rest */
  BD_ALLOCATION_SHIP_COMPLETE_WAITS, /* nothing: its order ships whole and waits for more */
  BD_ALLOCATION_SHIP_COMPLETE_SHORT, /* nothing: its order ships whole, and too little is left */
  BD_ALLOCATION_FROM_STOCK,          /* from on hand: completes a ship-complete order */
} BdAllocationReason;

/* One backorder line the receipt reaches, in the order it was served.
 * A line of another SKU is one of a ship-complete order the receipt
 * completes, served from on hand (BD_ALLOCATION_FROM_STOCK). */
typedef struct
{
  gint64 line_id;
  gint64 product_id;
  char *ref;
  char *order_ref;
  char *customer_name;
  char *ordered_at;
  int priority;
  gboolean ship_complete;
  char *waits_for;           /* SHIP_COMPLETE_WAITS: the order's other SKUs still short */
  int backordered;
  int allocated_before;
  int need;                  /* backordered - allocated_before */
  int available;             /* what was left of the receipt at its turn */
  int quantity;              /* what this receipt gives it; 0: passed over */
  BdAllocationReason reason;
} BdAllocation;

/* A receipt as planned (a preview) or booked. */
typedef struct
{
  gint64 po_id;
  char *po_number;
  char *po_status;           /* before the receipt */
  char *po_status_after;
  gint64 po_line_id;
  gint64 product_id;
  char *sku;
  char *product_name;
  BdAllocationPolicy policy;
  int quantity;
  int ordered;               /* the PO line's quantity */
  int received_before;
  int over;                  /* beyond what was ordered */
  int allocated;             /* of the receipt's own SKU */
  int to_stock;              /* what no backorder needs: to on hand */
  int from_stock;            /* other SKUs' units taken from on hand */
  guint n_lines_short;       /* lines of the SKU still short after it */
  GPtrArray *allocations;    /* BdAllocation */
  char *receipt_uuid;        /* booked */
  char *batch;               /* booked: for bd_receiving_undo() */
} BdReceipt;

GQuark      bd_receiving_error_quark        (void);

gboolean    bd_allocation_policy_parse      (const char          *text,
                                             BdAllocationPolicy  *policy);
const char *bd_allocation_policy_to_string  (BdAllocationPolicy   policy);
const char *bd_allocation_policy_describe   (BdAllocationPolicy   policy);
char       *bd_allocation_describe          (const BdAllocation  *allocation);

BdAllocationPolicy bd_receiving_default_policy (BdStore      *store);

void        bd_receipt_free                 (BdReceipt           *receipt);

BdReceipt  *bd_receiving_preview            (BdStore             *store,
                                             gint64               po_id,
                                             const char          *sku,
                                             int                  quantity,
                                             BdAllocationPolicy   policy,
                                             BdReceiveFlags       flags,
                                             GError             **error);
BdReceipt  *bd_receiving_receive            (BdStore             *store,
                                             gint64               po_id,
                                             const char          *sku,
                                             int                  quantity,
                                             BdAllocationPolicy   policy,
                                             BdReceiveFlags       flags,
                                             GError             **error);
gboolean    bd_receiving_undo               (BdStore             *store,
                                             const char          *batch,
                                             GError             **error);

/* One PO line's part of a delivery: bd_receiving_receive_many(). */
typedef struct
{
  const char *sku;
  int quantity;              /* 0: nothing of it came */
} BdReceiveItem;

GPtrArray  *bd_receiving_receive_many       (BdStore             *store,
                                             gint64               po_id,
                                             const BdReceiveItem *items,
                                             guint                n_items,
                                             BdAllocationPolicy   policy,
                                             BdReceiveFlags       flags,
                                             GError             **error);
gboolean    bd_receiving_undo_many          (BdStore             *store,
                                             GPtrArray           *receipts,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdReceipt, bd_receipt_free)

G_END_DECLS
