/* bd-selection-keeper.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The id of the item at @position of @model, 0 if there is none: read
 * from the model's ids, without building the item. */
typedef gint64 (*BdSelectionKeeperIdFunc) (GListModel *model,
                                           guint       position);

#define BD_TYPE_SELECTION_KEEPER (bd_selection_keeper_get_type ())
G_DECLARE_FINAL_TYPE (BdSelectionKeeper, bd_selection_keeper, BD, SELECTION_KEEPER, GObject)

BdSelectionKeeper *bd_selection_keeper_new                (GtkSelectionModel       *selection,
                                                           GListModel              *model,
                                                           BdSelectionKeeperIdFunc  get_id);
GArray            *bd_selection_keeper_get_selected_ids   (BdSelectionKeeper       *self);
void               bd_selection_keeper_remember_selection (BdSelectionKeeper       *self);
void               bd_selection_keeper_remember_position  (BdSelectionKeeper       *self);
void               bd_selection_keeper_forget_position    (BdSelectionKeeper       *self);
guint              bd_selection_keeper_restore            (BdSelectionKeeper       *self);

G_END_DECLS
