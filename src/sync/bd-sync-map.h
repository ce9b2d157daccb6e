/* bd-sync-map.h: synced rows as CouchDB documents
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_SYNC_ERROR (bd_sync_error_quark ())

typedef enum
{
  BD_SYNC_ERROR_NETWORK,    /* the server cannot be reached */
  BD_SYNC_ERROR_AUTH,       /* 401: wrong user or password */
  BD_SYNC_ERROR_FORBIDDEN,  /* 403 */
  BD_SYNC_ERROR_PROTOCOL,   /* a reply that is not what CouchDB answers */
  BD_SYNC_ERROR_SERVER,     /* any other refusal by the server */
  BD_SYNC_ERROR_DOCUMENT,   /* a document that cannot be a row */
  BD_SYNC_ERROR_NOT_SET_UP, /* no server configured */
  BD_SYNC_ERROR_CERTIFICATE, /* TLS: the server's certificate is not trusted, or the CA file is unusable */
} BdSyncError;

GQuark bd_sync_error_quark (void);

/* One column of a synced table, as a document field of the same name. */
typedef struct
{
  char *name;
  gboolean integer;     /* declared INTEGER: a JSON integer */
  gboolean not_null;
  gboolean has_default;
  char *ref_table;      /* a reference: the row's uuid in the document */
} BdSyncColumn;

/* A table with the sync columns (uuid, updated_at, deleted, rev, dirty):
 * each row one document of type @type, "<type>:<uuid>". */
typedef struct
{
  char *name;
  char *type;
  GPtrArray *columns;   /* BdSyncColumn: every column but id, uuid, rev, dirty */
  GPtrArray *keys;      /* GStrv: the natural keys, its unique indexes but uuid's */
  GArray *key_partial;  /* gboolean per key: the index is of live rows only */
  char *select_sql;     /* id, uuid, rev, dirty, then the columns (references as uuids) */
} BdSyncTable;

/* Every synced table of @store, in the order they were created. */
typedef struct _BdSyncMap BdSyncMap;

BdSyncMap          *bd_sync_map_new            (BdStore           *store,
                                                GError           **error);
void                bd_sync_map_free           (BdSyncMap         *self);
guint               bd_sync_map_get_n_tables   (BdSyncMap         *self);
const BdSyncTable  *bd_sync_map_get_table      (BdSyncMap         *self,
                                                guint              i);
const BdSyncTable  *bd_sync_map_lookup_type    (BdSyncMap         *self,
                                                const char        *type);
const BdSyncTable  *bd_sync_map_lookup_table   (BdSyncMap         *self,
                                                const char        *table);
const BdSyncColumn *bd_sync_table_get_column   (const BdSyncTable *table,
                                                const char        *name);

gboolean            bd_sync_map_keep_bases     (BdSyncMap         *self,
                                                BdStore           *store,
                                                GError           **error);
char               *bd_sync_mark_referrers_sql (const BdSyncTable  *table,
                                                const BdSyncColumn *column);
char               *bd_sync_doc_id             (const BdSyncTable *table,
                                                const char        *uuid);
gboolean            bd_sync_split_doc_id       (const char        *doc_id,
                                                char             **type,
                                                char             **uuid);

/* The document of the current row @stmt of table->select_sql. */
JsonObject         *bd_sync_row_to_doc         (const BdSyncTable *table,
                                                sqlite3_stmt      *stmt);
JsonObject         *bd_sync_load_doc           (BdStore           *store,
                                                const BdSyncTable *table,
                                                gint64             rowid,
                                                gboolean          *dirty,
                                                GError           **error);
char               *bd_sync_doc_body           (JsonObject        *doc);
gboolean            bd_sync_check_doc          (const BdSyncTable *table,
                                                JsonObject        *doc,
                                                GError           **error);

typedef enum
{
  BD_SYNC_WRITE_DONE,
  BD_SYNC_WRITE_MISSING_REFERENCE,  /* a row it names has not arrived yet */
  BD_SYNC_WRITE_FAILED,
} BdSyncWriteResult;

BdSyncWriteResult   bd_sync_write_row          (BdStore           *store,
                                                const BdSyncTable *table,
                                                JsonObject        *doc,
                                                gint64             rowid,
                                                const char        *uuid,
                                                const char        *rev,
                                                gboolean           dirty,
                                                gint64            *new_rowid,
                                                GError           **error);
gint64              bd_sync_resolve_uuid       (BdStore           *store,
                                                const char        *table,
                                                const char        *uuid,
                                                GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSyncMap, bd_sync_map_free)

G_END_DECLS
