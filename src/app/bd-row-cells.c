/* bd-row-cells.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-row-cells"

#include "config.h"

#include "bd-row-cells.h"

/**
 * BdRowCells:
 *
 * The cells of a column view whose rows are objects changed in place (a
 * write, a sync): each cell shows its row again when the row notifies.
 * The cells bound to one row follow it with one "notify" handler: one
 * handler a cell, connected at bind and disconnected at unbind, cost a
 * sixth of a fast scroll's frame in the queue (eleven cells a row, and a
 * scroll binds new rows every frame).
 *
 * The factories of the view's columns hold it: a view may unbind its cells
 * after the widget that made it has gone. Main thread only.
 */
struct _BdRowCells
{
  grefcount ref_count;
  BdCellUpdateFunc update;
  GHashTable *rows;  /* row (borrowed: a bound cell holds it) -> BoundRow */
};

typedef struct
{
  BdRowCells *owner;
  GPtrArray *cells;  /* GtkListItem, borrowed: each is here while it is bound */
  gulong handler;
} BoundRow;

static void
bound_row_free (gpointer data)
{
  BoundRow *bound = data;

  /* every cell unbinds before its factory goes: none is left */
  g_warn_if_fail (bound->cells->len == 0);
  g_ptr_array_unref (bound->cells);
  g_free (bound);
}

static void
bound_row_notify_cb (BoundRow *bound)
{
  for (guint i = 0; i < bound->cells->len; i++)
    bound->owner->update (g_ptr_array_index (bound->cells, i));
}

/**
 * bd_row_cells_new:
 * @update: shows a cell's row
 *
 * Returns: (transfer full): the cells of one view, none followed yet
 */
BdRowCells *
bd_row_cells_new (BdCellUpdateFunc update)
{
  BdRowCells *self;

  g_return_val_if_fail (update != NULL, NULL);

  self = g_new0 (BdRowCells, 1);
  g_ref_count_init (&self->ref_count);
  self->update = update;
  self->rows = g_hash_table_new_full (NULL, NULL, NULL, bound_row_free);
  return self;
}

/**
 * bd_row_cells_ref:
 *
 * Returns: (transfer full): @self
 */
BdRowCells *
bd_row_cells_ref (BdRowCells *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bd_row_cells_unref:
 *
 * Lets go of @self; each factory it follows holds it too.
 */
void
bd_row_cells_unref (BdRowCells *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->rows);
  g_free (self);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         BdRowCells               *self)
{
  GObject *row = gtk_list_item_get_item (item);
  BoundRow *bound;

  g_return_if_fail (row != NULL);

  self->update (item);

  bound = g_hash_table_lookup (self->rows, row);
  if (bound == NULL)
    {
      bound = g_new0 (BoundRow, 1);
      bound->owner = self;
      bound->cells = g_ptr_array_sized_new (16);
      bound->handler = g_signal_connect_swapped (row, "notify", G_CALLBACK (bound_row_notify_cb),
                                                 bound);
      g_hash_table_insert (self->rows, row, bound);
    }
  g_ptr_array_add (bound->cells, item);
}

/* GTK emits it before an item goes, also when its view does: nothing is
 * left connected. */
static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BdRowCells               *self)
{
  GObject *row = gtk_list_item_get_item (item);
  BoundRow *bound = row != NULL ? g_hash_table_lookup (self->rows, row) : NULL;

  if (bound == NULL || !g_ptr_array_remove_fast (bound->cells, item) || bound->cells->len > 0)
    return;
  g_signal_handler_disconnect (row, bound->handler);
  g_hash_table_remove (self->rows, row);
}

static void
closure_data_destroy_cb (gpointer  data,
                         GClosure *closure)
{
  bd_row_cells_unref (data);
}

/**
 * bd_row_cells_follow:
 * @self: the cells of a view
 * @factory: the factory of one of the view's columns, whose "setup" made
 *   the cells
 *
 * Shows each of @factory's cells its row when it is bound, and again
 * whenever the row notifies while it is bound.
 */
void
bd_row_cells_follow (BdRowCells               *self,
                     GtkSignalListItemFactory *factory)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory));

  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cb), bd_row_cells_ref (self),
                         closure_data_destroy_cb, 0);
  g_signal_connect_data (factory, "unbind", G_CALLBACK (unbind_cb), bd_row_cells_ref (self),
                         closure_data_destroy_cb, 0);
}
