/* bd-row-source.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-row-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-row-source.h"

G_DEFINE_INTERFACE (BdRowSource, bd_row_source, G_TYPE_OBJECT)

static void
bd_row_source_default_init (BdRowSourceInterface *iface)
{
}

GType
bd_row_source_get_item_type (BdRowSource *self)
{
  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), G_TYPE_INVALID);
  return BD_ROW_SOURCE_GET_IFACE (self)->get_item_type (self);
}

gpointer
bd_row_source_copy_query (BdRowSource   *self,
                          gconstpointer  query)
{
  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), NULL);

  if (query == NULL)
    return NULL;
  return BD_ROW_SOURCE_GET_IFACE (self)->copy_query (self, query);
}

void
bd_row_source_free_query (BdRowSource *self,
                          gpointer     query)
{
  g_return_if_fail (BD_IS_ROW_SOURCE (self));

  if (query != NULL)
    BD_ROW_SOURCE_GET_IFACE (self)->free_query (self, query);
}

gboolean
bd_row_source_equal_query (BdRowSource   *self,
                           gconstpointer  a,
                           gconstpointer  b)
{
  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), FALSE);

  if (a == NULL || b == NULL)
    return a == b;
  return BD_ROW_SOURCE_GET_IFACE (self)->equal_query (self, a, b);
}

GArray *
bd_row_source_run_ids (BdRowSource     *self,
                       BdStore         *store,
                       gconstpointer    query,
                       guint            n_first,
                       BdFirstIdsFunc   first_ids,
                       gpointer         user_data,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), NULL);
  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (n_first == 0 || first_ids != NULL, NULL);

  return BD_ROW_SOURCE_GET_IFACE (self)->run_ids (self, store, query, n_first, first_ids, user_data,
                                                  cancellable, error);
}

gboolean
bd_row_source_load_many (BdRowSource   *self,
                         BdStore       *store,
                         const gint64  *ids,
                         guint          n_ids,
                         GHashTable    *rows,
                         GError       **error)
{
  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), FALSE);
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  if (n_ids == 0)
    return TRUE;
  return BD_ROW_SOURCE_GET_IFACE (self)->load_many (self, store, ids, n_ids, rows, error);
}

/* Whether rows of @self can be read on a thread while an empty row stands
 * in for them (new_placeholder and update_from). */
gboolean
bd_row_source_can_read_apart (BdRowSource *self)
{
  BdRowSourceInterface *iface;

  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), FALSE);

  iface = BD_ROW_SOURCE_GET_IFACE (self);
  return iface->new_placeholder != NULL && iface->update_from != NULL;
}

GObject *
bd_row_source_new_placeholder (BdRowSource *self,
                               gint64       id)
{
  g_return_val_if_fail (bd_row_source_can_read_apart (self), NULL);

  return BD_ROW_SOURCE_GET_IFACE (self)->new_placeholder (self, id);
}

void
bd_row_source_update_from (BdRowSource *self,
                           GObject     *row,
                           GObject     *fresh)
{
  g_return_if_fail (bd_row_source_can_read_apart (self));
  g_return_if_fail (G_IS_OBJECT (row) && G_IS_OBJECT (fresh));

  BD_ROW_SOURCE_GET_IFACE (self)->update_from (self, row, fresh);
}

/* Whether a change to @changed (the tables of a store's "changed" signal)
 * can change what a list over @self shows. */
gboolean
bd_row_source_reads_any (BdRowSource        *self,
                         const char * const *changed)
{
  BdRowSourceInterface *iface;
  const char * const *tables;

  g_return_val_if_fail (BD_IS_ROW_SOURCE (self), TRUE);
  g_return_val_if_fail (changed != NULL, TRUE);

  iface = BD_ROW_SOURCE_GET_IFACE (self);
  if (iface->get_tables == NULL)
    return TRUE;

  tables = iface->get_tables (self);
  for (guint i = 0; tables[i] != NULL; i++)
    if (bd_store_changes_include (changed, tables[i]))
      return TRUE;

  return FALSE;
}

gint64
bd_row_source_get_id (BdRowSource *self,
                      gpointer     item)
{
  return BD_ROW_SOURCE_GET_IFACE (self)->get_id (self, item);
}

/* id (gint64 *) -> row object, what load_many fills. */
GHashTable *
bd_row_table_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/* What most load_many implementations are: @sql (a literal, cached on the
 * connection) run for each page of @ids; a row already in @rows is
 * updated by @update_row, any other made by @new_row and added. */
gboolean
bd_row_load_pages (BdStore          *store,
                   const char       *sql,
                   const gint64     *ids,
                   guint             n_ids,
                   GHashTable       *rows,
                   BdRowNewFunc      new_row,
                   BdRowUpdateFunc   update_row,
                   gpointer          user_data,
                   GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  stmt = bd_store_cached (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint start = 0; start < n_ids; start += BD_ROW_PAGE)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      for (guint i = 0; i < BD_ROW_PAGE && start + i < n_ids; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[start + i]);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          GObject *row = g_hash_table_lookup (rows, &id);

          if (row != NULL)
            update_row (row, stmt, user_data);
          else
            g_hash_table_insert (rows, g_memdup2 (&id, sizeof id), new_row (stmt, user_data));
        }

      if (rc != SQLITE_DONE)
        {
          bd_store_set_sql_error (store, error, _("reading"));
          sqlite3_reset (stmt);
          return FALSE;
        }
    }

  sqlite3_reset (stmt);
  return TRUE;
}
