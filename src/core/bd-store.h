/* bd-store.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "bd-schema.h"

G_BEGIN_DECLS

#define BD_STORE_ERROR (bd_store_error_quark ())

typedef enum
{
  BD_STORE_ERROR_OPEN,
  BD_STORE_ERROR_TOO_NEW,
  BD_STORE_ERROR_SQL,
  BD_STORE_ERROR_NOT_FOUND,
  BD_STORE_ERROR_INVALID,
  BD_STORE_ERROR_AMBIGUOUS,
  BD_STORE_ERROR_NOT_OURS,
  BD_STORE_ERROR_CORRUPT,
  BD_STORE_ERROR_FULL,
  BD_STORE_ERROR_READ_ONLY,
} BdStoreError;

/* The schema version this build writes: the number of its steps. Each
 * released version has a database under tests/data/ that the migration
 * tests start from. */
#define BD_STORE_SCHEMA_VERSION ((int)bd_schema_n_steps)

#define BD_TYPE_STORE (bd_store_get_type ())
G_DECLARE_FINAL_TYPE (BdStore, bd_store, BD, STORE, GObject)

GQuark       bd_store_error_quark        (void);
char        *bd_store_default_path       (void);
BdStore     *bd_store_open               (const char   *path,
                                          GError      **error);
BdStore     *bd_store_create             (const char   *path,
                                          GError      **error);
BdStore     *bd_store_open_readonly      (const char   *path,
                                          GError      **error);
const char  *bd_store_get_path           (BdStore      *self);
sqlite3     *bd_store_get_db             (BdStore      *self);
int          bd_store_get_schema_version (BdStore      *self);
gboolean     bd_store_is_read_only       (BdStore      *self);
const char  *bd_store_get_read_only_reason (BdStore    *self);
const char  *bd_store_get_author         (BdStore      *self);
void         bd_store_set_author         (BdStore      *self,
                                          const char   *author);
char        *bd_store_get_default_currency (BdStore    *self);
gboolean     bd_store_set_default_currency (BdStore    *self,
                                            const char *currency,
                                            GError    **error);

/* Clock and randomness: real by default; the demo generator pins both so that
 * the same seed and date give the same database, uuids included. */
void         bd_store_set_fixed_clock    (BdStore      *self,
                                          GDateTime    *now);
void         bd_store_set_seed           (BdStore      *self,
                                          guint32       seed);
GDateTime   *bd_store_now                (BdStore      *self);
char        *bd_store_now_iso            (BdStore      *self);
char        *bd_store_new_uuid           (BdStore      *self);

gboolean     bd_store_begin              (BdStore      *self,
                                          GError      **error);
gboolean     bd_store_commit             (BdStore      *self,
                                          GError      **error);
void         bd_store_rollback           (BdStore      *self);
gboolean     bd_store_exec               (BdStore      *self,
                                          const char   *sql,
                                          GError      **error);
sqlite3_stmt *bd_store_prepare           (BdStore      *self,
                                          const char   *sql,
                                          GError      **error);
sqlite3_stmt *bd_store_cached             (BdStore      *self,
                                          const char   *sql,
                                          GError      **error);
sqlite3_stmt *bd_store_cached_built       (BdStore      *self,
                                          const char   *sql,
                                          GError      **error);
typedef gboolean (*BdStatementFunc) (BdStore      *store,
                                     sqlite3_stmt *stmt,
                                     gpointer      data,
                                     GError      **error);
gboolean     bd_store_run_script         (BdStore      *self,
                                          const char   *sql,
                                          BdStatementFunc func,
                                          gpointer      data,
                                          GError      **error);
gboolean     bd_store_step_done          (BdStore      *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
void         bd_store_set_sql_error      (BdStore      *self,
                                          GError      **error,
                                          const char   *what);

gboolean     bd_store_add_event          (BdStore      *self,
                                          const char   *batch,
                                          const char   *action,
                                          const char   *entity,
                                          const char   *entity_uuid,
                                          gint64        line_id,
                                          const char   *field,
                                          const char   *old_value,
                                          const char   *new_value,
                                          GError      **error);

gboolean     bd_store_backup             (BdStore      *self,
                                          const char   *dest,
                                          GCancellable *cancellable,
                                          GError      **error);

void         bd_store_set_mapped         (BdStore      *self,
                                          gboolean      mapped);
void         bd_store_set_large_cache    (BdStore      *self,
                                          gboolean      large);

/* Tells listeners (list models, pages) that rows changed. */
#define BD_STORE_ALL_TABLES "*"
void         bd_store_emit_changed       (BdStore      *self);
void         bd_store_emit_changed_tables (BdStore     *self,
                                          const char * const *tables);
gboolean     bd_store_changes_include    (const char * const *tables,
                                          const char   *table);
void         bd_store_watch_other_connections (BdStore *self);
void         bd_store_hold_watch         (BdStore      *self);
void         bd_store_release_watch      (BdStore      *self);

void         bd_stmt_free                (gpointer      stmt);
char        *bd_stmt_dup_text            (sqlite3_stmt *stmt,
                                          int           column);

/* A sqlite3_stmt freed with sqlite3_finalize() by g_autoptr. */
typedef sqlite3_stmt BdStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdStmt, sqlite3_finalize)

G_END_DECLS
