/* bd-row-source.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_ROW_SOURCE (bd_row_source_get_type ())
G_DECLARE_INTERFACE (BdRowSource, bd_row_source, BD, ROW_SOURCE, GObject)

/* Receives the first ids of a result while the rest is still being read
 * (see run_ids). */
typedef void (*BdFirstIdsFunc) (const gint64 *ids,
                                guint         n_ids,
                                gpointer      user_data);

/**
 * BdRowSourceInterface:
 * @get_item_type: the GObject type of the rows
 * @copy_query: a copy of a query description, which is the source's own
 *   type (BdBackorderQuery for backorder lines); @free_query frees one and
 *   @equal_query compares two
 * @run_ids: the ordered ids of every row @query selects. Called on a worker
 *   thread with a read-only connection of its own, inside one read
 *   transaction; stops with G_IO_ERROR_CANCELLED when @cancellable is
 *   cancelled. When @n_first is not 0 the source may, once, hand the first
 *   @n_first ids of that same result to @first_ids before it has the
 *   whole, so that a list shows its first screen early; it need not.
 * @load_many: builds the rows @ids into @rows (gint64 * id -> row): rows
 *   already there are refreshed in place and notify what changed, the
 *   others are created; ids no longer in the store are left out. Called
 *   on the main thread with the model's store, and, for a source that can
 *   read apart, on worker threads with connections of their own into
 *   tables of their own (rows read on a thread, the rows on screen read
 *   again with a query).
 * @get_id: the id of a row, which is what @run_ids lists; also called
 *   while the row is being disposed.
 * @new_placeholder: optional, with @update_from: an empty row of @id, which
 *   a list shows while it reads the row on a thread (@load_many on a
 *   connection of the thread's own, into a table of its own)
 * @update_from: fills @row in place with the fields of @fresh, a row of
 *   the same id built on another thread, and notifies what changed
 *
 * What BdSqlListModel lists: one SQL list model, many small row sources
 * (DESIGN.md, Large lists).
 *
 * An interface rather than a struct of function pointers: the model holds
 * its source by reference and hands it to worker threads, so its lifetime
 * is that of a GObject, and a source can carry what it was made for (a
 * table, a scope) as properties. A source is shared between threads: it
 * keeps no state that changes after construction.
 */
struct _BdRowSourceInterface
{
  GTypeInterface parent_iface;

  GType     (*get_item_type) (BdRowSource    *self);
  gpointer  (*copy_query)    (BdRowSource    *self,
                              gconstpointer   query);
  void      (*free_query)    (BdRowSource    *self,
                              gpointer        query);
  gboolean  (*equal_query)   (BdRowSource    *self,
                              gconstpointer   a,
                              gconstpointer   b);
  GArray   *(*run_ids)       (BdRowSource    *self,
                              BdStore        *store,
                              gconstpointer   query,
                              guint           n_first,
                              BdFirstIdsFunc  first_ids,
                              gpointer        user_data,
                              GCancellable   *cancellable,
                              GError        **error);
  gboolean  (*load_many)     (BdRowSource    *self,
                              BdStore        *store,
                              const gint64   *ids,
                              guint           n_ids,
                              GHashTable     *rows,
                              GError        **error);
  gint64    (*get_id)        (BdRowSource    *self,
                              gpointer        item);
  GObject  *(*new_placeholder) (BdRowSource  *self,
                                gint64        id);
  void      (*update_from)   (BdRowSource    *self,
                              GObject        *row,
                              GObject        *fresh);
  /* optional: the tables whose rows the list or its items show; a list
   * over a source without it re-reads after any change */
  const char * const *
            (*get_tables)    (BdRowSource    *self);
};

GType       bd_row_source_get_item_type (BdRowSource    *self);
gpointer    bd_row_source_copy_query    (BdRowSource    *self,
                                         gconstpointer   query);
void        bd_row_source_free_query    (BdRowSource    *self,
                                         gpointer        query);
gboolean    bd_row_source_equal_query   (BdRowSource    *self,
                                         gconstpointer   a,
                                         gconstpointer   b);
GArray     *bd_row_source_run_ids       (BdRowSource    *self,
                                         BdStore        *store,
                                         gconstpointer   query,
                                         guint           n_first,
                                         BdFirstIdsFunc  first_ids,
                                         gpointer        user_data,
                                         GCancellable   *cancellable,
                                         GError        **error);
gboolean    bd_row_source_load_many     (BdRowSource    *self,
                                         BdStore        *store,
                                         const gint64   *ids,
                                         guint           n_ids,
                                         GHashTable     *rows,
                                         GError        **error);
gint64      bd_row_source_get_id        (BdRowSource    *self,
                                         gpointer        item);
gboolean    bd_row_source_reads_any     (BdRowSource    *self,
                                         const char * const *changed);
gboolean    bd_row_source_can_read_apart (BdRowSource   *self);
GObject    *bd_row_source_new_placeholder (BdRowSource  *self,
                                         gint64          id);
void        bd_row_source_update_from   (BdRowSource    *self,
                                         GObject        *row,
                                         GObject        *fresh);

GHashTable *bd_row_table_new            (void);

/* For load_many: rows read BD_ROW_PAGE ids to a statement, whose SQL
 * selects the id first and ends in "IN " BD_ROW_PAGE_PARAMS. */
#define BD_ROW_PAGE 64
#define BD_ROW_P8 "?,?,?,?,?,?,?,?"
#define BD_ROW_PAGE_PARAMS \
  "(" BD_ROW_P8 "," BD_ROW_P8 "," BD_ROW_P8 "," BD_ROW_P8 "," \
  BD_ROW_P8 "," BD_ROW_P8 "," BD_ROW_P8 "," BD_ROW_P8 ")"

typedef GObject *(*BdRowNewFunc)    (sqlite3_stmt *stmt,
                                     gpointer      user_data);
typedef void     (*BdRowUpdateFunc) (GObject      *row,
                                     sqlite3_stmt *stmt,
                                     gpointer      user_data);

gboolean    bd_row_load_pages           (BdStore        *store,
                                         const char     *sql,
                                         const gint64   *ids,
                                         guint           n_ids,
                                         GHashTable     *rows,
                                         BdRowNewFunc    new_row,
                                         BdRowUpdateFunc update_row,
                                         gpointer        user_data,
                                         GError        **error);

G_END_DECLS
