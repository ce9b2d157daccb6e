/* bd-replenish.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-store.h"

G_BEGIN_DECLS

/* One supplier a product can be ordered from, with the figures a clerk
 * compares them by. */
typedef struct
{
  gint64 supplier_id;
  char *supplier_ref;
  char *supplier_name;
  gboolean has_unit_cost;
  gint64 unit_cost;
  char *currency;
  int lead_time_days;       /* -1: not known */
  int moq;                  /* 0: none */
  int pack_size;
  gboolean preferred;
  double on_time_rate;      /* 0..1, -1: no deliveries in the last 365 days */
  int history_lines;
  int quantity;             /* the suggestion with this supplier's MOQ and pack size */
} BdSupplierOption;

/* What to order of a product: the backordered quantity of its open
 * lines that no PO covers, plus its shortfall below reorder point +
 * safety stock counting on hand and what is on order for no backorder. */
typedef struct
{
  gint64 product_id;
  char *sku;
  char *product_name;
  int demand;
  int n_lines;              /* waiting lines with uncovered demand */
  int on_hand;
  int reorder_point;
  int safety_stock;
  int on_order;             /* still to come on open POs */
  int free_on_order;        /* of that, what covers no backorder */
  int shortfall;
  int need;                 /* demand + shortfall */
  int quantity;             /* the chosen supplier's suggestion */
  int chosen;               /* index in options, -1: no supplier */
  GPtrArray *options;       /* BdSupplierOption, the preferred first */
} BdReplenishSuggestion;

/* What the clerk orders of a product from a supplier; @seen_need is the
 * suggestion's need when the clerk saw it, so that demand covered since
 * (on another machine, in another window) is not ordered twice. */
typedef struct
{
  gint64 product_id;
  gint64 supplier_id;
  int quantity;
  int seen_need;
} BdReplenishPlanItem;

/* What making POs did. */
typedef struct
{
  GPtrArray *numbers;       /* char *: the new POs' numbers */
  guint n_po_lines;
  guint n_lines_covered;    /* backorder lines with a new cover */
  GPtrArray *no_supplier;   /* char *: SKUs with demand and no supplier */
  char *batch;
} BdReplenishResult;

void        bd_replenish_suggestion_free (gpointer           suggestion);
void        bd_replenish_result_free     (BdReplenishResult *result);
int         bd_replenish_round           (int                need,
                                          int                moq,
                                          int                pack_size);
GPtrArray  *bd_replenish_suggest         (BdStore           *store,
                                          gint64             supplier_id,
                                          GError           **error);
const BdSupplierOption *bd_replenish_suggestion_get_chosen (const BdReplenishSuggestion *suggestion);
JsonNode   *bd_replenish_to_json         (GPtrArray         *suggestions);

BdReplenishResult *bd_replenish_create_orders      (BdStore                   *store,
                                                    const BdReplenishPlanItem *items,
                                                    guint                      n_items,
                                                    GError                   **error);
BdReplenishResult *bd_replenish_create_from_demand (BdStore                   *store,
                                                    gint64                     supplier_id,
                                                    GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdReplenishResult, bd_replenish_result_free)

G_END_DECLS
