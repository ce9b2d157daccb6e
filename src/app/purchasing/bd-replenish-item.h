/* bd-replenish-item.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bd-replenish.h"

G_BEGIN_DECLS

#define BD_TYPE_REPLENISH_ITEM (bd_replenish_item_get_type ())
G_DECLARE_FINAL_TYPE (BdReplenishItem, bd_replenish_item, BD, REPLENISH_ITEM, GObject)

BdReplenishItem             *bd_replenish_item_new            (BdReplenishSuggestion *suggestion);
const BdReplenishSuggestion *bd_replenish_item_get_suggestion (BdReplenishItem       *self);
const BdSupplierOption      *bd_replenish_item_get_option     (BdReplenishItem       *self);
int                          bd_replenish_item_get_chosen     (BdReplenishItem       *self);
void                         bd_replenish_item_set_chosen     (BdReplenishItem       *self,
                                                               int                    chosen);
int                          bd_replenish_item_get_quantity   (BdReplenishItem       *self);
void                         bd_replenish_item_set_quantity   (BdReplenishItem       *self,
                                                               int                    quantity);
char                        *bd_replenish_item_get_warning    (BdReplenishItem       *self);
char                        *bd_replenish_option_describe     (const BdSupplierOption *option);

/* where the item is in its supplier's group, set as the list is grouped */
gboolean                     bd_replenish_item_get_first      (BdReplenishItem       *self);
guint                        bd_replenish_item_get_group_size (BdReplenishItem       *self);
void                         bd_replenish_item_set_group      (BdReplenishItem       *self,
                                                               gboolean               first,
                                                               guint                  group_size);

G_END_DECLS
