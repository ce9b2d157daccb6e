/* bd-row-cells.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _BdRowCells BdRowCells;

/* Shows @item's row (gtk_list_item_get_item()) in its cell. */
typedef void (*BdCellUpdateFunc) (GtkListItem *item);

BdRowCells *bd_row_cells_new    (BdCellUpdateFunc          update);
BdRowCells *bd_row_cells_ref    (BdRowCells               *self);
void        bd_row_cells_unref  (BdRowCells               *self);
void        bd_row_cells_follow (BdRowCells               *self,
                                 GtkSignalListItemFactory *factory);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdRowCells, bd_row_cells_unref)

G_END_DECLS
