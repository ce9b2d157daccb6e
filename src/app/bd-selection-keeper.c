/* bd-selection-keeper.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-selection-keeper"

#include "config.h"

#include "bd-selection-keeper.h"

/* Keeps the selection of a list over SQL by item, not by position: a
 * write or an import may move the selected items or take some away. Items
 * that left are replaced by the item that took the first one's place, so
 * that an agent who cancels a line works on down the queue without
 * reaching for the mouse.
 *
 * The list tells it when: remember before the model reloads, restore once
 * it has. Any GListModel whose items have ids will do; positions are
 * those of the selection model over it. */
struct _BdSelectionKeeper
{
  GObject parent_instance;

  /* Owned references */
  GtkSelectionModel *selection;
  GListModel *model;

  BdSelectionKeeperIdFunc get_id;

  /* State */
  GHashTable *selected_before;   /* gint64 * ids, while the model reloads */
  guint reselect_position;       /* selected when none of them is left */
};

G_DEFINE_FINAL_TYPE (BdSelectionKeeper, bd_selection_keeper, G_TYPE_OBJECT)

/* A selection of thousands is not worth keeping by item: its ids are not
 * even collected. */
#define MAX_KEPT 1000

BdSelectionKeeper *
bd_selection_keeper_new (GtkSelectionModel       *selection,
                         GListModel              *model,
                         BdSelectionKeeperIdFunc  get_id)
{
  BdSelectionKeeper *self;

  g_return_val_if_fail (GTK_IS_SELECTION_MODEL (selection), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (get_id != NULL, NULL);

  self = g_object_new (BD_TYPE_SELECTION_KEEPER, NULL);
  self->selection = g_object_ref (selection);
  self->model = g_object_ref (model);
  self->get_id = get_id;
  return self;
}

/* The ids of the selected items, in the list's order. */
GArray *
bd_selection_keeper_get_selected_ids (BdSelectionKeeper *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GArray *ids;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (BD_IS_SELECTION_KEEPER (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  selected = gtk_selection_model_get_selection (self->selection);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = self->get_id (self->model, position);

      if (id > 0)
        g_array_append_val (ids, id);
    }

  return ids;
}

/* Before the model reloads: the selected items, to select them again
 * wherever they are after it. */
void
bd_selection_keeper_remember_selection (BdSelectionKeeper *self)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  guint64 n;

  g_return_if_fail (BD_IS_SELECTION_KEEPER (self));

  g_clear_pointer (&self->selected_before, g_hash_table_unref);
  selected = gtk_selection_model_get_selection (self->selection);
  n = gtk_bitset_get_size (selected);
  if (n == 0 || n > MAX_KEPT)
    return;

  ids = bd_selection_keeper_get_selected_ids (self);

  self->selected_before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (self->selected_before, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));

  if (self->reselect_position == GTK_INVALID_LIST_POSITION)
    self->reselect_position = gtk_bitset_get_minimum (selected);
}

/* Before a change that takes the selected items out of the list: select
 * what takes the first one's place. */
void
bd_selection_keeper_remember_position (BdSelectionKeeper *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_if_fail (BD_IS_SELECTION_KEEPER (self));

  selected = gtk_selection_model_get_selection (self->selection);
  self->reselect_position = gtk_bitset_is_empty (selected) ? GTK_INVALID_LIST_POSITION
                                                          : gtk_bitset_get_minimum (selected);
}

/* The change did not happen after all. */
void
bd_selection_keeper_forget_position (BdSelectionKeeper *self)
{
  g_return_if_fail (BD_IS_SELECTION_KEEPER (self));

  self->reselect_position = GTK_INVALID_LIST_POSITION;
}

/* Once the model has reloaded: selects the remembered items where they
 * are now, or else the item at the remembered position. Returns the
 * first position it selected, for the list to scroll to, or
 * GTK_INVALID_LIST_POSITION when it left the selection as it was. */
guint
bd_selection_keeper_restore (BdSelectionKeeper *self)
{
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GtkBitset) mask = NULL;
  g_autoptr(GtkBitset) restored = NULL;
  guint n, position;
  guint first = GTK_INVALID_LIST_POSITION;

  g_return_val_if_fail (BD_IS_SELECTION_KEEPER (self), GTK_INVALID_LIST_POSITION);

  wanted = g_steal_pointer (&self->selected_before);
  n = g_list_model_get_n_items (self->model);
  position = self->reselect_position;
  self->reselect_position = GTK_INVALID_LIST_POSITION;
  if (n == 0)
    return GTK_INVALID_LIST_POSITION;

  selected = gtk_selection_model_get_selection (self->selection);
  restored = gtk_bitset_new_empty ();

  if (wanted != NULL)
    {
      guint found = 0;

      for (guint i = 0; i < n && found < g_hash_table_size (wanted); i++)
        {
          gint64 id = self->get_id (self->model, i);

          if (g_hash_table_contains (wanted, &id))
            {
              gtk_bitset_add (restored, i);
              first = MIN (first, i);
              found++;
            }
        }
    }

  if (gtk_bitset_is_empty (restored) && position != GTK_INVALID_LIST_POSITION)
    {
      first = MIN (position, n - 1);
      gtk_bitset_add (restored, first);
    }

  if (gtk_bitset_is_empty (restored) || gtk_bitset_equals (restored, selected))
    return GTK_INVALID_LIST_POSITION;

  mask = gtk_bitset_new_range (0, n);
  gtk_selection_model_set_selection (self->selection, restored, mask);
  return first;
}

static void
bd_selection_keeper_dispose (GObject *object)
{
  BdSelectionKeeper *self = (BdSelectionKeeper *)object;

  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (bd_selection_keeper_parent_class)->dispose (object);
}

static void
bd_selection_keeper_finalize (GObject *object)
{
  BdSelectionKeeper *self = (BdSelectionKeeper *)object;

  g_clear_pointer (&self->selected_before, g_hash_table_unref);

  G_OBJECT_CLASS (bd_selection_keeper_parent_class)->finalize (object);
}

static void
bd_selection_keeper_class_init (BdSelectionKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_selection_keeper_dispose;
  object_class->finalize = bd_selection_keeper_finalize;
}

static void
bd_selection_keeper_init (BdSelectionKeeper *self)
{
  self->reselect_position = GTK_INVALID_LIST_POSITION;
}
