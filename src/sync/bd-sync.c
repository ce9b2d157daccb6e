/* bd-sync.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-store-private.h"
#include "bd-sync.h"

struct _BdSync
{
  BdStore *store;
  BdCouch *couch;
  BdSyncMap *map;
  guint page_size;
  BdSyncReport report;
  GPtrArray *touched;   /* interned table names written in this transaction */
  BdSyncProgressFunc progress;
  gpointer progress_data;
  BdStoreMarks marks;   /* the rows before this transaction's: not in the search indexes yet */
  /* whether sync_alias, sync_pending, sync_refused may have rows: a
   * statement per document for a table that has none is skipped */
  gboolean maybe_alias;
  gboolean maybe_pending;
  gboolean maybe_refused;
  /* where the pull stands (bd_sync_get_pull_progress()) */
  guint64 pull_done;         /* changes read by this pull */
  gint64 pull_left;          /* changes left after them; -1: not known */
  gint64 update_seq;         /* the database's, when its sequences are numbers; else -1 */
};

/* ---- settings ---- */

static char *
setting_get (BdStore    *store,
             const char *key)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT value FROM settings WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return bd_stmt_dup_text (stmt, 0);
  return NULL;
}

static gboolean
setting_set (BdStore     *store,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return bd_store_step_done (store, stmt, error);
}

static gboolean
exec_text (BdStore     *store,
           const char  *sql,
           const char  *a,
           const char  *b,
           const char  *c,
           GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached_built (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  if (c != NULL)
    sqlite3_bind_text (stmt, 3, c, -1, SQLITE_TRANSIENT);
  return bd_store_step_done (store, stmt, error);
}

static char *
query_text (BdStore    *store,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *stmt = bd_store_cached_built (store, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = bd_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return text;
}

/* Notes which of the sync's own tables that are looked up once per
 * document have rows, in the transaction about to look: mostly none do
 * (a first pull), and the statements are skipped. Whoever adds a row to
 * one sets its flag again. */
static gboolean
note_sync_tables (BdSync  *self,
                  GError **error)
{
  sqlite3_stmt *stmt = bd_store_cached (self->store, "SELECT EXISTS (SELECT 1 FROM sync_alias),"
                                                     " EXISTS (SELECT 1 FROM sync_pending),"
                                                     " EXISTS (SELECT 1 FROM sync_refused)", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      bd_store_set_sql_error (self->store, error, _("reading"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  self->maybe_alias = sqlite3_column_int (stmt, 0);
  self->maybe_pending = sqlite3_column_int (stmt, 1);
  self->maybe_refused = sqlite3_column_int (stmt, 2);
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- the engine ---- */

static gboolean
forget_server (BdSync  *self,
               GError **error)
{
  static const char * const sql[] = {
    "DELETE FROM sync_shadow", "DELETE FROM sync_alias", "DELETE FROM sync_pending",
    "DELETE FROM sync_outbox", "DELETE FROM sync_refused",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (!bd_store_exec (self->store, sql[i], error))
      return FALSE;
  for (guint t = 0; t < bd_sync_map_get_n_tables (self->map); t++)
    {
      g_autofree char *update = g_strdup_printf ("UPDATE \"%s\" SET rev = NULL, dirty = 1",
                                                 bd_sync_map_get_table (self->map, t)->name);

      if (!bd_store_exec (self->store, update, error))
        return FALSE;
    }
  return TRUE;
}

/* A sync of @store with the database of @couch. A store that synced with
 * another server or database before starts over from its first change. */
BdSync *
bd_sync_new (BdStore  *store,
             BdCouch  *couch,
             GError  **error)
{
  g_autoptr(BdSync) self = g_new0 (BdSync, 1);
  g_autofree char *url = setting_get (store, "sync.url");
  g_autofree char *db = setting_get (store, "sync.db");
  g_autofree char *user = setting_get (store, "sync.user");

  self->store = g_object_ref (store);
  self->couch = couch;
  self->page_size = BD_SYNC_PAGE_SIZE;
  self->pull_left = -1;
  self->update_seq = -1;
  self->touched = g_ptr_array_new ();
  self->maybe_alias = self->maybe_pending = self->maybe_refused = TRUE;
  self->map = bd_sync_map_new (store, error);
  if (self->map == NULL || !bd_sync_map_keep_bases (self->map, store, error))
    return NULL;

  if (g_strcmp0 (url, bd_couch_get_url (couch)) != 0 || g_strcmp0 (db, bd_couch_get_db (couch)) != 0 ||
      g_strcmp0 (user, bd_couch_get_user (couch)) != 0)
    {
      gboolean same_server = g_strcmp0 (url, bd_couch_get_url (couch)) == 0 &&
                             g_strcmp0 (db, bd_couch_get_db (couch)) == 0;

      if (!bd_store_begin (store, error))
        return NULL;
      /* another server: what this store knew of the old one means nothing
       * there, and every row goes to the new one */
      if (!same_server && url != NULL && !forget_server (self, error))
        {
          bd_store_rollback (store);
          return NULL;
        }
      if (!setting_set (store, "sync.url", bd_couch_get_url (couch), error) ||
          !setting_set (store, "sync.db", bd_couch_get_db (couch), error) ||
          (bd_couch_get_user (couch) != NULL &&
           !setting_set (store, "sync.user", bd_couch_get_user (couch), error)) ||
          (!same_server && !setting_set (store, "sync.last_seq", "0", error)) ||
          !bd_store_commit (store, error))
        {
          bd_store_rollback (store);
          return NULL;
        }
    }

  /* a CA file given is kept with the server, as the app's Preferences
   * keep it: the next sync trusts the same authorities */
  if (bd_couch_get_ca_file (couch) != NULL)
    {
      g_autofree char *ca_file = setting_get (store, "sync.ca_file");

      if (g_strcmp0 (ca_file, bd_couch_get_ca_file (couch)) != 0 &&
          !setting_set (store, "sync.ca_file", bd_couch_get_ca_file (couch), error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

void
bd_sync_free (BdSync *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->map, bd_sync_map_free);
  g_clear_pointer (&self->touched, g_ptr_array_unref);
  g_free (self);
}

void
bd_sync_set_page_size (BdSync *self,
                       guint   page_size)
{
  g_return_if_fail (page_size > 0);
  self->page_size = page_size;
}

void
bd_sync_set_progress_func (BdSync             *self,
                           BdSyncProgressFunc  func,
                           gpointer            user_data)
{
  self->progress = func;
  self->progress_data = user_data;
}

static void
progress (BdSync      *self,
          BdSyncStage  stage,
          const char  *table)
{
  if (self->progress != NULL)
    self->progress (self, stage, table, stage == BD_SYNC_STAGE_PUSHED ? self->report.pushed : self->report.pulled,
                    self->progress_data);
}

BdSyncMap *
bd_sync_get_map (BdSync *self)
{
  return self->map;
}

const BdSyncReport *
bd_sync_get_report (BdSync *self)
{
  return &self->report;
}

/**
 * bd_sync_get_pull_progress:
 * @done: (out): the changes the pull going on has read and written
 * @total: (out): those and the ones left on the server
 *
 * Where a pull of several pages stands, for a progress bar: from the
 * "pending" of the server's pages (CouchDB 2+), or else from the
 * database's last sequence number (PouchDB Server, CouchDB 1), which
 * counts a document changed twice twice: then @total shrinks towards the
 * true one as the pull goes, and is exact at its end.
 *
 * Returns: FALSE when the server does not say how many are left (a
 * pull of one page, or opaque sequences without "pending")
 */
gboolean
bd_sync_get_pull_progress (BdSync  *self,
                           guint64 *done,
                           guint64 *total)
{
  *done = self->pull_done;
  *total = self->pull_done + (guint64)MAX (self->pull_left, 0);
  return self->pull_left >= 0;
}

static void
touch (BdSync            *self,
       const BdSyncTable *table)
{
  const char *name = g_intern_string (table->name);

  if (!g_ptr_array_find (self->touched, name, NULL))
    g_ptr_array_add (self->touched, (gpointer)name);
}

static void
emit_touched (BdSync *self)
{
  if (self->touched->len == 0)
    return;
  g_ptr_array_add (self->touched, NULL);
  bd_store_emit_changed_tables (self->store, (const char * const *)self->touched->pdata);
  g_ptr_array_set_size (self->touched, 0);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* ---- push ---- */

/* Checks the reply to a _bulk_docs of @sent_ids: a result for each,
 * found by its id (not every server answers in the order it was asked),
 * with a revision or an error. *results: id -> JsonObject. */
static gboolean
check_bulk_reply (JsonNode     *reply,
                  GPtrArray    *sent_ids,
                  GHashTable  **results_out,
                  GError      **error)
{
  g_autoptr(GHashTable) results = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (reply) ||
      json_array_get_length (array = json_node_get_array (reply)) != sent_ids->len)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                   _("The server’s reply to a push is not a list of %u results"), sent_ids->len);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *result;
      JsonNode *id, *rev, *err;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      result = json_node_get_object (node);
      id = json_object_get_member (result, "id");
      rev = json_object_get_member (result, "rev");
      err = json_object_get_member (result, "error");
      if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING ||
          g_hash_table_contains (results, json_node_get_string (id)))
        goto bad;
      if (err != NULL ? json_node_get_value_type (err) != G_TYPE_STRING
                      : rev == NULL || json_node_get_value_type (rev) != G_TYPE_STRING)
        goto bad;
      g_hash_table_insert (results, (gpointer)json_node_get_string (id), result);
      continue;

    bad:
      {
        g_autofree char *text = json_to_string (node, FALSE);

        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                     _("The server’s reply to a push has a malformed result: %s"), text);
        return FALSE;
      }
    }
  for (guint i = 0; i < sent_ids->len; i++)
    if (!g_hash_table_contains (results, sent_ids->pdata[i]))
      {
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                     _("The server’s reply to a push has no result for “%s”"), (char *)sent_ids->pdata[i]);
        return FALSE;
      }

  *results_out = g_steal_pointer (&results);
  return TRUE;
}

/* Documents of rows merged into another go away on the server. */
static gboolean
push_outbox (BdSync        *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (self->store, "SELECT doc_id, rev FROM sync_outbox ORDER BY doc_id", error);
  g_autoptr(JsonArray) docs = json_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GHashTable) results = NULL;

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *doc = json_object_new ();

      json_object_set_string_member (doc, "_id", (const char *)sqlite3_column_text (stmt, 0));
      json_object_set_string_member (doc, "_rev", (const char *)sqlite3_column_text (stmt, 1));
      json_object_set_boolean_member (doc, "_deleted", TRUE);
      json_array_add_object_element (docs, doc);
      g_ptr_array_add (ids, bd_stmt_dup_text (stmt, 0));
    }
  if (ids->len == 0)
    return TRUE;

  json_object_set_array_member (request, "docs", json_array_ref (docs));
  json_node_set_object (body, request);
  reply = bd_couch_request (self->couch, "POST", "_bulk_docs", body, NULL, cancellable, error);
  if (reply == NULL || !check_bulk_reply (reply, ids, &results, error))
    return FALSE;

  if (!bd_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *result = g_hash_table_lookup (results, ids->pdata[i]);
      const char *err = json_object_get_string_member_with_default (result, "error", NULL);

      /* deleted, or changed or deleted by another client since: either
       * way nothing of it is left to do here */
      if ((err == NULL || g_str_equal (err, "conflict") || g_str_equal (err, "not_found")) &&
          !exec_text (self->store, "DELETE FROM sync_outbox WHERE doc_id = ?", ids->pdata[i], NULL, NULL, error))
        {
          bd_store_rollback (self->store);
          return FALSE;
        }
    }
  return bd_store_commit (self->store, error);
}

static gboolean merge_server_docs (BdSync        *self,
                                   GPtrArray     *ids,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* What a row held when it was read for a push, its fields' values as
 * they are in the store: compared when the server's answer is written, a
 * row edited meanwhile stays dirty. Cheaper than its document. */
static char *
row_fingerprint (sqlite3_stmt *stmt)
{
  GString *text = g_string_new (NULL);
  int n = sqlite3_column_count (stmt);

  /* the uuid and the fields: not the id, the revision or the flag */
  for (int col = 1; col < n; col++)
    {
      int type = sqlite3_column_type (stmt, col);

      if (col == 2 || col == 3)
        continue;
      g_string_append_printf (text, "%d:", type);
      if (type != SQLITE_NULL)
        {
          const char *value = (const char *)sqlite3_column_text (stmt, col);
          int len = sqlite3_column_bytes (stmt, col);

          g_string_append_printf (text, "%d:", len);
          g_string_append_len (text, value, len);
        }
    }
  return g_string_free (text, FALSE);
}

/* A batch of dirty rows of a table, read, to send. */
typedef struct
{
  const BdSyncTable *table;
  JsonArray *docs;
  GPtrArray *ids;
  GPtrArray *bodies;         /* bd_sync_doc_body() of each document sent */
  GPtrArray *fingerprints;   /* row_fingerprint() of each row sent */
  GArray *rowids;
  guint n_rows;              /* rows read: 0 when none are left */
  /* the post, on a thread of its own while the next batch is read */
  BdCouch *couch;
  GCancellable *cancellable;
  JsonNode *reply;
  GError *error;
} Batch;

static void
batch_free (Batch *batch)
{
  if (batch == NULL)
    return;
  json_array_unref (batch->docs);
  g_ptr_array_unref (batch->ids);
  g_ptr_array_unref (batch->bodies);
  g_ptr_array_unref (batch->fingerprints);
  g_array_unref (batch->rowids);
  g_clear_pointer (&batch->reply, json_node_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

/* The next page of dirty rows of @table after row *@after: NULL on error. A
 * row the server refused as it is now is left out: sent again only once
 * it changed. */
static Batch *
read_batch (BdSync             *self,
            const BdSyncTable  *table,
            const char         *sql,
            gint64             *after,
            GError            **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (self->store, sql, error);
  g_autoptr(Batch) batch = g_new0 (Batch, 1);
  int rc;

  if (stmt == NULL)
    return NULL;
  batch->table = table;
  batch->docs = json_array_new ();
  batch->ids = g_ptr_array_new_with_free_func (g_free);
  batch->bodies = g_ptr_array_new_with_free_func (g_free);
  batch->fingerprints = g_ptr_array_new_with_free_func (g_free);
  batch->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, *after);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) doc = bd_sync_row_to_doc (table, stmt);
      g_autofree char *doc_body = bd_sync_doc_body (doc);
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      batch->n_rows++;
      *after = rowid;
      if (self->maybe_refused)
        {
          g_autofree char *refused = query_text (self->store, "SELECT body FROM sync_refused WHERE doc_id = ?",
                                                 json_object_get_string_member (doc, "_id"));

          if (g_strcmp0 (refused, doc_body) == 0)
            continue;
        }
      g_ptr_array_add (batch->ids, g_strdup (json_object_get_string_member (doc, "_id")));
      g_ptr_array_add (batch->bodies, g_steal_pointer (&doc_body));
      g_ptr_array_add (batch->fingerprints, row_fingerprint (stmt));
      g_array_append_val (batch->rowids, rowid);
      json_array_add_object_element (batch->docs, g_steal_pointer (&doc));
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (self->store, error, _("reading"));
      return NULL;
    }
  return g_steal_pointer (&batch);
}

static gpointer
post_thread (gpointer data)
{
  Batch *batch = data;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

  json_object_set_array_member (request, "docs", json_array_ref (batch->docs));
  json_node_set_object (body, request);
  batch->reply = bd_couch_request (batch->couch, "POST", "_bulk_docs", body, NULL, batch->cancellable,
                                   &batch->error);
  return NULL;
}

/* Writes the server's answer to @batch: a row the server took is clean
 * if it is still what was sent, and keeps the revision; a refused one is
 * kept, marked; *conflicts: the ids the server has another version of. */
static gboolean
write_batch_results (BdSync      *self,
                     Batch       *batch,
                     GHashTable  *results,
                     GPtrArray   *conflicts,
                     GError     **error)
{
  const BdSyncTable *table = batch->table;
  g_autofree char *sql = g_strconcat (table->select_sql, " WHERE t.id = ?", NULL);
  g_autofree char *clean_sql = g_strdup_printf ("UPDATE \"%s\" SET rev = ?1, dirty = 0 WHERE id = ?2", table->name);
  g_autofree char *rev_sql = g_strdup_printf ("UPDATE \"%s\" SET rev = ?1 WHERE id = ?2", table->name);

  if (!bd_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < batch->ids->len; i++)
    {
      JsonObject *result = g_hash_table_lookup (results, batch->ids->pdata[i]);
      const char *err = json_object_get_string_member_with_default (result, "error", NULL);
      const char *doc_id = batch->ids->pdata[i];
      gint64 rowid = g_array_index (batch->rowids, gint64, i);
      gboolean ok = TRUE;

      if (err == NULL)
        {
          const char *rev = json_object_get_string_member (result, "rev");
          sqlite3_stmt *now = bd_store_cached_built (self->store, sql, error);
          g_autofree char *fingerprint = NULL;
          sqlite3_stmt *up = NULL;
          int rc;

          ok = now != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (now, 1, rowid);
              rc = sqlite3_step (now);
              if (rc == SQLITE_ROW)
                fingerprint = row_fingerprint (now);
              else
                {
                  if (rc == SQLITE_DONE)
                    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                                 _("No row %" G_GINT64_FORMAT " in %s"), rowid, table->name);
                  else
                    bd_store_set_sql_error (self->store, error, _("reading"));
                  ok = FALSE;
                }
              sqlite3_reset (now);
            }
          /* dirty until the server has exactly what the row holds: a
           * row edited while its push was in flight goes again, merged
           * against what was sent; a clean row is its own base */
          gboolean clean = ok && g_str_equal (fingerprint, batch->fingerprints->pdata[i]);

          if (ok)
            ok = (up = bd_store_cached_built (self->store, clean ? clean_sql : rev_sql, error)) != NULL;
          if (ok)
            {
              sqlite3_bind_text (up, 1, rev, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int64 (up, 2, rowid);
              ok = bd_store_step_done (self->store, up, error) &&
                   (clean ||
                    exec_text (self->store, "INSERT OR REPLACE INTO sync_shadow (doc_id, rev, body) VALUES (?, ?, ?)",
                               doc_id, rev, batch->bodies->pdata[i], error)) &&
                   (!self->maybe_refused ||
                    exec_text (self->store, "DELETE FROM sync_refused WHERE doc_id = ?", doc_id, NULL, NULL, error));
            }
          self->report.pushed++;
        }
      else if (g_str_equal (err, "conflict"))
        {
          /* the server has another version: merged below, and the
           * row goes again on its revision */
          g_ptr_array_add (conflicts, g_strdup (doc_id));
        }
      else
        {
          const char *reason = json_object_get_string_member_with_default (result, "reason", err);
          g_autofree char *now = bd_store_now_iso (self->store);
          g_autoptr(BdStmt) ins = bd_store_prepare (self->store,
                                                    "INSERT OR REPLACE INTO sync_refused (doc_id, reason, body, refused_at)"
                                                    " VALUES (?, ?, ?, ?)", error);

          ok = ins != NULL;
          if (ok)
            {
              sqlite3_bind_text (ins, 1, doc_id, -1, SQLITE_STATIC);
              sqlite3_bind_text (ins, 2, reason, -1, SQLITE_STATIC);
              sqlite3_bind_text (ins, 3, batch->bodies->pdata[i], -1, SQLITE_STATIC);
              sqlite3_bind_text (ins, 4, now, -1, SQLITE_STATIC);
              ok = bd_store_step_done (self->store, ins, error);
            }
          self->maybe_refused = TRUE;
          self->report.refused++;
          g_debug ("The server refused %s: %s", doc_id, reason);
        }
      if (!ok)
        {
          bd_store_rollback (self->store);
          return FALSE;
        }
    }
  return bd_store_commit (self->store, error);
}

/* The next batch of @table with rows to send (none when ids->len is 0),
 * or NULL on error. */
static Batch *
read_sendable (BdSync             *self,
               const BdSyncTable  *table,
               const char         *sql,
               gint64             *after,
               GError            **error)
{
  Batch *batch = read_batch (self, table, sql, after, error);

  /* every row of a batch refused as it is: the next one */
  while (batch != NULL && batch->ids->len == 0 && batch->n_rows > 0)
    {
      batch_free (batch);
      batch = read_batch (self, table, sql, after, error);
    }
  return batch;
}

static GThread *
post_start (BdSync       *self,
            Batch        *batch,
            GCancellable *cancellable)
{
  batch->couch = self->couch;
  batch->cancellable = cancellable;
  return g_thread_new ("bd-sync-post", post_thread, batch);
}

/* Sends the dirty rows of @table in batches of the page size. While the
 * server takes a batch (the post and its JSON on a thread of their own),
 * the answer to the one before is written and the next one is read. */
static gboolean
push_table (BdSync             *self,
            const BdSyncTable  *table,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("%s WHERE t.dirty = 1 AND t.id > ? ORDER BY t.id LIMIT %u",
                                          table->select_sql, self->page_size);
  gint64 after = 0;
  g_autoptr(Batch) batch = NULL;
  GThread *thread;

  if (!note_sync_tables (self, error) ||
      (batch = read_sendable (self, table, sql, &after, error)) == NULL)
    return FALSE;
  if (batch->ids->len == 0)
    return TRUE;
  thread = post_start (self, batch, cancellable);
  while (thread != NULL)
    {
      g_autoptr(Batch) next = NULL;
      g_autoptr(GHashTable) results = NULL;
      g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) read_error = NULL;
      gboolean ok;

      next = read_sendable (self, table, sql, &after, &read_error);
      g_thread_join (thread);
      thread = NULL;
      if (batch->reply == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&batch->error));
          return FALSE;
        }
      if (!check_bulk_reply (batch->reply, batch->ids, &results, error))
        return FALSE;
      progress (self, BD_SYNC_STAGE_PUSHED, table->name);

      /* the next batch goes while this one's answer is written: its rows
       * are others, and a row a merge below changes is sent again (the
       * server's answer is written only for a row that is still what was
       * sent) */
      if (next != NULL && next->ids->len > 0)
        thread = post_start (self, next, cancellable);
      ok = write_batch_results (self, batch, results, conflicts, error) &&
           (conflicts->len == 0 || merge_server_docs (self, conflicts, cancellable, error));
      if (!ok || next == NULL)
        {
          if (thread != NULL)
            g_thread_join (thread);
          if (ok)
            g_propagate_error (error, g_steal_pointer (&read_error));
          return FALSE;
        }
      g_clear_pointer (&batch, batch_free);
      batch = g_steal_pointer (&next);
    }
  return TRUE;
}

/* Sends every dirty row, in batches of the page size, each with the
 * revision it was based on. */
gboolean
bd_sync_push (BdSync        *self,
              GCancellable  *cancellable,
              GError       **error)
{
  if (!push_outbox (self, cancellable, error))
    return FALSE;
  for (guint i = 0; i < bd_sync_map_get_n_tables (self->map); i++)
    if (!push_table (self, bd_sync_map_get_table (self->map, i), cancellable, error))
      return FALSE;
  return TRUE;
}

/* ---- merge ---- */

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gboolean
record_conflict (BdSync      *self,
                 const char  *doc_id,
                 const char  *field,
                 JsonObject  *local,
                 JsonObject  *remote,
                 GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (self->store,
                                             "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value,"
                                             " local_updated_at, remote_updated_at, created_at)"
                                             " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  g_autofree char *l = node_text (json_object_get_member (local, field));
  g_autofree char *r = node_text (json_object_get_member (remote, field));
  g_autofree char *now = bd_store_now_iso (self->store);

  if (stmt == NULL)
    return FALSE;
  /* one open conflict per field of a row: a newer one is the same
   * question with this machine's newer value */
  if (!exec_text (self->store, "UPDATE sync_conflicts SET resolved = 1 WHERE doc_id = ? AND field = ? AND resolved = 0",
                  doc_id, field, NULL, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, l, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, r, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, json_object_get_string_member_with_default (local, "updated_at", NULL), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, json_object_get_string_member_with_default (remote, "updated_at", NULL), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  self->report.conflicts++;
  return bd_store_step_done (self->store, stmt, error);
}

/* Merges @local and @remote field by field against @base, the version
 * both started from (NULL: none, two rows found to be one): a field one
 * side changed takes that side's value; a field both changed follows the
 * rule of the README's table; what no rule settles keeps the server's
 * value in the row and the local one in a conflict for a person.
 * *extra_note: a note's text edited on both sides, the local text to keep
 * as a note of its own. */
static JsonObject *
merge3 (BdSync             *self,
        const BdSyncTable  *table,
        JsonObject         *base,
        JsonObject         *local,
        JsonObject         *remote,
        char              **extra_note,
        GError            **error)
{
  g_autoptr(JsonObject) merged = json_object_new ();
  const char *local_updated = json_object_get_string_member_with_default (local, "updated_at", "");
  const char *remote_updated = json_object_get_string_member_with_default (remote, "updated_at", "");
  gboolean local_later = g_strcmp0 (local_updated, remote_updated) > 0;
  const char *doc_id = json_object_get_string_member (remote, "_id");
  g_autoptr(GList) members = json_object_get_members (remote);

  /* order_lines: when both sides changed the status, the fields that go
   * with it come from the side whose status won */
  int status_winner = 0;   /* 0: no contest, 1: local, -1: remote */

  *extra_note = NULL;
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (merged, l->data, json_node_copy (json_object_get_member (remote, l->data)));

  if (g_str_equal (table->name, "order_lines"))
    {
      JsonNode *ls = json_object_get_member (local, "status");
      JsonNode *rs = json_object_get_member (remote, "status");
      JsonNode *bs = base != NULL ? json_object_get_member (base, "status") : NULL;

      if (ls != NULL && rs != NULL && !nodes_equal (ls, rs) &&
          (base == NULL || (!nodes_equal (bs, ls) && !nodes_equal (bs, rs))))
        {
          if (g_strcmp0 (json_node_get_string (rs), "shipped") == 0)
            status_winner = -1;
          else if (g_strcmp0 (json_node_get_string (ls), "shipped") == 0 || local_later)
            status_winner = 1;
          else
            status_winner = -1;
        }
    }

  for (guint i = 0; i < table->columns->len; i++)
    {
      const BdSyncColumn *column = table->columns->pdata[i];
      const char *name = column->name;
      JsonNode *l = json_object_get_member (local, name);
      JsonNode *r = json_object_get_member (remote, name);
      JsonNode *b = base != NULL ? json_object_get_member (base, name) : NULL;
      JsonNode *take = NULL;

      if (status_winner != 0 &&
          (g_str_equal (name, "status") || g_str_equal (name, "shipped_at") || g_str_equal (name, "cancelled_at") ||
           g_str_equal (name, "cancel_reason") || g_str_equal (name, "refunded")))
        {
          if (status_winner > 0 && l != NULL)
            json_object_set_member (merged, name, json_node_copy (l));
          continue;
        }
      if (l == NULL || nodes_equal (l, r))
        continue;
      if (r == NULL || (base != NULL && nodes_equal (b, r)))
        take = l;   /* only the local side changed it */
      else if (base != NULL && nodes_equal (b, l))
        continue;   /* only the server's side */
      /* both sides changed it: the rules */
      else if (g_str_equal (name, "updated_at"))
        take = local_later ? l : NULL;
      else if (g_str_equal (name, "created_at"))
        take = g_strcmp0 (json_node_get_string (l), json_node_get_string (r)) < 0 ? l : NULL;
      else if (g_str_equal (name, "deleted"))
        take = json_node_get_int (l) != 0 ? l : NULL;
      else if (g_str_equal (name, "priority"))
        take = json_node_get_int (l) > json_node_get_int (r) ? l : NULL;
      else if (g_str_equal (table->name, "notes") && g_str_equal (name, "body"))
        *extra_note = g_strdup (json_node_get_string (l));
      else if (g_str_equal (table->name, "events") || g_str_equal (table->name, "messages") ||
               g_str_equal (name, "sort_name"))
        ;   /* never edited, only added; or made from another field */
      else if (!record_conflict (self, doc_id, name, local, remote, error))
        return NULL;

      if (take != NULL)
        json_object_set_member (merged, name, json_node_copy (take));
    }

  /* differing only in when each side wrote it (the same default template
   * made by two machines, the same file imported twice): the server's */
  {
    gboolean same = TRUE;

    for (guint i = 0; i < table->columns->len && same; i++)
      {
        const char *name = ((BdSyncColumn *)table->columns->pdata[i])->name;

        if (!g_str_equal (name, "created_at") && !g_str_equal (name, "updated_at"))
          same = nodes_equal (json_object_get_member (merged, name), json_object_get_member (remote, name));
      }
    if (same && *extra_note == NULL)
      {
        for (guint i = 0; i < table->columns->len; i++)
          {
            const char *name = ((BdSyncColumn *)table->columns->pdata[i])->name;
            JsonNode *r = json_object_get_member (remote, name);

            if (r != NULL)
              json_object_set_member (merged, name, json_node_copy (r));
          }
      }
  }

  return g_steal_pointer (&merged);
}

/* ---- pull ---- */

/* The open conflicts of a document a newer version of came from the
 * server: a field whose new value is this machine's is settled (a person
 * chose it elsewhere, or the same value was written there); one that
 * changed again stands against the newer value. */
static gboolean
settle_conflicts (BdSync      *self,
                  JsonObject  *doc,
                  GError     **error)
{
  const char *doc_id = json_object_get_string_member (doc, "_id");
  /* once per document pulled: kept prepared (the store's, not freed here) */
  sqlite3_stmt *stmt = bd_store_cached (self->store, "SELECT id, field, local_value, remote_value"
                                                     " FROM sync_conflicts WHERE doc_id = ? AND resolved = 0",
                                        error);
  g_autoptr(GArray) settled = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) moved_values = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *field = (const char *)sqlite3_column_text (stmt, 1);
      const char *local = (const char *)sqlite3_column_text (stmt, 2);
      const char *remote = (const char *)sqlite3_column_text (stmt, 3);
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *now = NULL;

      if (!json_object_has_member (doc, field))
        continue;
      now = node_text (json_object_get_member (doc, field));
      if (g_strcmp0 (now, local) == 0)
        g_array_append_val (settled, id);
      else if (g_strcmp0 (now, remote) != 0)
        {
          g_array_append_val (moved, id);
          g_ptr_array_add (moved_values, g_steal_pointer (&now));
        }
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (self->store, error, _("reading"));
      return FALSE;
    }
  sqlite3_reset (stmt);

  /* written once the reading is done */
  for (guint i = 0; i < settled->len + moved->len; i++)
    {
      gboolean settle = i < settled->len;
      g_autoptr(BdStmt) up = bd_store_prepare (self->store, settle
                                                 ? "UPDATE sync_conflicts SET resolved = 1 WHERE id = ?1"
                                                 : "UPDATE sync_conflicts SET remote_value = ?2,"
                                                   " remote_updated_at = ?3 WHERE id = ?1", error);

      if (up == NULL)
        return FALSE;
      sqlite3_bind_int64 (up, 1, settle ? g_array_index (settled, gint64, i)
                                        : g_array_index (moved, gint64, i - settled->len));
      if (!settle)
        {
          sqlite3_bind_text (up, 2, moved_values->pdata[i - settled->len], -1, SQLITE_STATIC);
          sqlite3_bind_text (up, 3, json_object_get_string_member_with_default (doc, "updated_at", NULL), -1,
                             SQLITE_STATIC);
        }
      if (!bd_store_step_done (self->store, up, error))
        return FALSE;
    }
  return TRUE;
}

/* @body: @doc's body (bd_sync_doc_body()). */
static gboolean
save_shadow (BdSync      *self,
             JsonObject  *doc,
             const char  *body,
             GError     **error)
{
  return exec_text (self->store, "INSERT OR REPLACE INTO sync_shadow (doc_id, rev, body) VALUES (?, ?, ?)",
                    json_object_get_string_member (doc, "_id"), json_object_get_string_member (doc, "_rev"),
                    body, error);
}

static gboolean
add_pending (BdSync      *self,
             JsonObject  *doc,
             GError     **error)
{
  g_autofree char *text = object_to_string (doc);

  self->maybe_pending = TRUE;
  return exec_text (self->store, "INSERT OR REPLACE INTO sync_pending (doc_id, body) VALUES (?, ?)",
                    json_object_get_string_member (doc, "_id"), text, NULL, error);
}

/* The row of @table whose natural key @doc has, another uuid than the
 * document's. */
static gint64
find_natural (BdSync             *self,
              const BdSyncTable  *table,
              JsonObject         *doc,
              GError            **error)
{
  for (guint k = 0; k < table->keys->len; k++)
    {
      char **names = table->keys->pdata[k];
      g_autoptr(GString) sql = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;
      g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (gint64));
      gboolean usable = TRUE;
      int rc;

      g_string_printf (sql, "SELECT id FROM \"%s\" WHERE 1", table->name);
      for (guint i = 0; names[i] != NULL && usable; i++)
        {
          const BdSyncColumn *column = bd_sync_table_get_column (table, names[i]);
          JsonNode *node = column != NULL ? json_object_get_member (doc, names[i]) : NULL;
          gint64 id = 0;

          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            usable = FALSE;
          else if (column->ref_table != NULL)
            {
              id = bd_sync_resolve_uuid (self->store, column->ref_table, json_node_get_string (node), error);
              if (id < 0)
                return -1;
              usable = id > 0;
            }
          g_array_append_val (values, id);
          g_string_append_printf (sql, " AND \"%s\" = ?", names[i]);
        }
      if (!usable)
        continue;
      if (g_array_index (table->key_partial, gboolean, k))
        g_string_append (sql, " AND deleted = 0");

      stmt = bd_store_cached_built (self->store, sql->str, error);
      if (stmt == NULL)
        return -1;
      for (guint i = 0; names[i] != NULL; i++)
        {
          const BdSyncColumn *column = bd_sync_table_get_column (table, names[i]);
          JsonNode *node = json_object_get_member (doc, names[i]);

          if (column->ref_table != NULL)
            sqlite3_bind_int64 (stmt, i + 1, g_array_index (values, gint64, i));
          else if (json_node_get_value_type (node) == G_TYPE_INT64)
            sqlite3_bind_int64 (stmt, i + 1, json_node_get_int (node));
          else
            sqlite3_bind_text (stmt, i + 1, json_node_get_string (node), -1, SQLITE_TRANSIENT);
        }
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          sqlite3_reset (stmt);
          return id;
        }
      if (rc != SQLITE_DONE)
        {
          bd_store_set_sql_error (self->store, error, _("reading"));
          sqlite3_reset (stmt);
          return -1;
        }
    }

  return 0;
}

/* Marks for a push again the rows that reference row @rowid of @table,
 * once its uuid changed: their documents name the old one. */
static gboolean
dirty_references (BdSync             *self,
                  const BdSyncTable  *table,
                  gint64              rowid,
                  GError            **error)
{
  for (guint t = 0; t < bd_sync_map_get_n_tables (self->map); t++)
    {
      const BdSyncTable *other = bd_sync_map_get_table (self->map, t);

      for (guint i = 0; i < other->columns->len; i++)
        {
          const BdSyncColumn *column = other->columns->pdata[i];
          g_autofree char *sql = NULL;
          sqlite3_stmt *stmt = NULL;

          if (g_strcmp0 (column->ref_table, table->name) != 0)
            continue;
          sql = bd_sync_mark_referrers_sql (other, column);
          stmt = bd_store_cached_built (self->store, sql, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, rowid);
          if (!bd_store_step_done (self->store, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_note_copy (BdSync             *self,
               const BdSyncTable  *table,
               JsonObject         *merged,
               const char         *text,
               GError            **error)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (merged);
  g_autofree char *uuid = bd_store_new_uuid (self->store);
  g_autofree char *doc_id = bd_sync_doc_id (table, uuid);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (merged, l->data)));
  json_object_set_string_member (copy, "_id", doc_id);
  json_object_remove_member (copy, "_rev");
  json_object_set_string_member (copy, "body", text);

  return bd_sync_write_row (self->store, table, copy, 0, uuid, NULL, TRUE, NULL, error) == BD_SYNC_WRITE_DONE;
}

typedef enum
{
  APPLIED,
  PENDING,
  FAILED,
  SKIPPED,   /* nothing to write: this machine’s own coming back, a design document */
} ApplyResult;

static ApplyResult
write_checked (BdSync             *self,
               const BdSyncTable  *table,
               JsonObject         *doc,
               gint64              rowid,
               const char         *uuid,
               const char         *rev,
               gboolean            dirty,
               GError            **error)
{
  switch (bd_sync_write_row (self->store, table, doc, rowid, uuid, rev, dirty, NULL, error))
    {
    case BD_SYNC_WRITE_DONE:
      touch (self, table);
      /* a refused write the server's version replaced is settled */
      if (!dirty && self->maybe_refused &&
          !exec_text (self->store, "DELETE FROM sync_refused WHERE doc_id = ?",
                                json_object_get_string_member (doc, "_id"), NULL, NULL, error))
        return FAILED;
      return APPLIED;
    case BD_SYNC_WRITE_MISSING_REFERENCE:
      return PENDING;
    case BD_SYNC_WRITE_FAILED:
    default:
      return FAILED;
    }
}

/* Before a row inserted in this transaction is changed: its search
 * entries first, since the indexes' update triggers take out the old
 * entries of a row they expect to be there. */
static gboolean
index_before_update (BdSync             *self,
                     const BdSyncTable  *table,
                     gint64              rowid,
                     GError            **error)
{
  gint64 mark = g_str_equal (table->name, "customers") ? self->marks.customers
              : g_str_equal (table->name, "products") ? self->marks.products
              : g_str_equal (table->name, "orders") ? self->marks.orders : G_MAXINT64;

  if (rowid <= mark)
    return TRUE;
  return bd_store_index_new_rows (self->store, &self->marks, error) &&
         bd_store_mark_rows (self->store, &self->marks, error);
}

static ApplyResult
apply_doc (BdSync      *self,
           JsonObject  *doc,
           GError     **error)
{
  const char *doc_id = json_object_get_string_member (doc, "_id");
  const char *rev = json_object_get_string_member (doc, "_rev");
  gboolean deleted = json_object_get_boolean_member_with_default (doc, "_deleted", FALSE);
  g_autofree char *type = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *alias = NULL;
  const BdSyncTable *table;
  gint64 rowid;

  if (!bd_sync_split_doc_id (doc_id, &type, &uuid) || (table = bd_sync_map_lookup_type (self->map, type)) == NULL)
    {
      /* a design document, or a type of a newer version */
      g_debug ("Skipping document %s", doc_id);
      return SKIPPED;
    }

  if (self->maybe_alias)
    alias = query_text (self->store, "SELECT target FROM sync_alias WHERE uuid = ?", uuid);
  if (alias != NULL)
    {
      /* merged into another row here: the server's copy goes */
      if (!deleted &&
          !exec_text (self->store, "INSERT OR REPLACE INTO sync_outbox (doc_id, rev) VALUES (?, ?)", doc_id, rev,
                      NULL, error))
        return FAILED;
      return APPLIED;
    }

  rowid = bd_sync_resolve_uuid (self->store, table->name, uuid, error);
  if (rowid < 0)
    return FAILED;

  if (deleted)
    {
      if (rowid > 0)
        {
          g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET deleted = 1, dirty = 0, rev = ? WHERE id = ?",
                                                  table->name);
          sqlite3_stmt *stmt = bd_store_cached_built (self->store, sql, error);

          if (stmt == NULL)
            return FAILED;
          sqlite3_bind_text (stmt, 1, rev, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, rowid);
          if (!bd_store_step_done (self->store, stmt, error))
            return FAILED;
          touch (self, table);
        }
      if (!exec_text (self->store, "DELETE FROM sync_shadow WHERE doc_id = ?", doc_id, NULL, NULL, error))
        return FAILED;
      return APPLIED;
    }

  if (rowid > 0)
    {
      gboolean dirty = FALSE;
      g_autoptr(JsonObject) local = bd_sync_load_doc (self->store, table, rowid, &dirty, error);
      g_autofree char *local_body = NULL;
      g_autofree char *remote_body = NULL;
      gboolean stays_dirty = FALSE;
      ApplyResult result;

      if (local == NULL || !index_before_update (self, table, rowid, error))
        return FAILED;
      /* what this machine sent, coming back */
      if (!dirty && g_strcmp0 (json_object_get_string_member_with_default (local, "_rev", NULL), rev) == 0)
        return SKIPPED;
      /* a clean row takes the server's version as it is: the bodies
       * are compared, and kept, only for a row with local edits */
      if (dirty)
        {
          local_body = bd_sync_doc_body (local);
          remote_body = bd_sync_doc_body (doc);
        }
      if (!dirty || g_strcmp0 (local_body, remote_body) == 0)
        result = write_checked (self, table, doc, rowid, uuid, rev, FALSE, error);
      else
        {
          g_autofree char *base_text = query_text (self->store, "SELECT body FROM sync_shadow WHERE doc_id = ?",
                                                   doc_id);
          g_autoptr(JsonObject) base = parse_object (base_text);
          g_autofree char *extra_note = NULL;
          g_autoptr(JsonObject) merged = merge3 (self, table, base, local, doc, &extra_note, error);
          g_autofree char *merged_body = NULL;

          if (merged == NULL)
            return FAILED;
          merged_body = bd_sync_doc_body (merged);
          stays_dirty = g_strcmp0 (merged_body, remote_body) != 0;
          result = write_checked (self, table, merged, rowid, uuid, rev, stays_dirty, error);
          if (result == APPLIED && extra_note != NULL && !add_note_copy (self, table, merged, extra_note, error))
            return FAILED;
        }
      /* the server's version is the base of the next merge of a row that
       * stays dirty; a clean row is its own (bd_sync_map_keep_bases()) */
      if (result == APPLIED &&
          ((stays_dirty && !save_shadow (self, doc, remote_body, error)) || !settle_conflicts (self, doc, error)))
        return FAILED;
      return result;
    }

  /* new here: the same row made on two machines (imported twice) is
   * found by its natural key; one uuid stays, the lower */
  {
    gint64 match = find_natural (self, table, doc, error);
    ApplyResult result;

    if (match < 0)
      return FAILED;
    if (match > 0)
      {
        gboolean dirty;
        g_autoptr(JsonObject) local = bd_sync_load_doc (self->store, table, match, &dirty, error);
        g_autofree char *extra_note = NULL;
        g_autoptr(JsonObject) merged = NULL;
        g_autofree char *local_type = NULL;
        g_autofree char *local_uuid = NULL;
        const char *local_id;
        const char *local_rev;

        if (local == NULL || !index_before_update (self, table, match, error))
          return FAILED;
        local_id = json_object_get_string_member (local, "_id");
        local_rev = json_object_get_string_member_with_default (local, "_rev", NULL);
        bd_sync_split_doc_id (local_id, &local_type, &local_uuid);
        merged = merge3 (self, table, NULL, local, doc, &extra_note, error);
        if (merged == NULL)
          return FAILED;
        self->report.merged++;

        if (strcmp (uuid, local_uuid) < 0)
          {
            g_autofree char *merged_body = bd_sync_doc_body (merged);
            g_autofree char *remote_body = bd_sync_doc_body (doc);
            gboolean stays_dirty = g_strcmp0 (merged_body, remote_body) != 0;

            /* before the uuid changes: the bases the rows naming it keep
             * as they turn dirty name the one the server has */
            if (!dirty_references (self, table, match, error))
              return FAILED;
            result = write_checked (self, table, merged, match, uuid, rev, stays_dirty, error);
            if (result != APPLIED)
              return result;
            self->maybe_alias = TRUE;
            if ((local_rev != NULL &&
                 !exec_text (self->store, "INSERT OR REPLACE INTO sync_outbox (doc_id, rev) VALUES (?, ?)",
                             local_id, local_rev, NULL, error)) ||
                !exec_text (self->store, "INSERT OR REPLACE INTO sync_alias (uuid, target) VALUES (?, ?)",
                            local_uuid, uuid, NULL, error) ||
                !exec_text (self->store, "DELETE FROM sync_shadow WHERE doc_id = ?", local_id, NULL, NULL, error) ||
                (stays_dirty && !save_shadow (self, doc, remote_body, error)))
              return FAILED;
          }
        else
          {
            json_object_set_string_member (merged, "_id", local_id);
            result = write_checked (self, table, merged, match, local_uuid, local_rev, TRUE, error);
            if (result != APPLIED)
              return result;
            self->maybe_alias = TRUE;
            if (!exec_text (self->store, "INSERT OR REPLACE INTO sync_outbox (doc_id, rev) VALUES (?, ?)",
                            doc_id, rev, NULL, error) ||
                !exec_text (self->store, "INSERT OR REPLACE INTO sync_alias (uuid, target) VALUES (?, ?)",
                            uuid, local_uuid, NULL, error))
              return FAILED;
          }
        return APPLIED;
      }

    return write_checked (self, table, doc, 0, uuid, rev, FALSE, error);
  }
}

static ApplyResult
apply_or_park (BdSync      *self,
               JsonObject  *doc,
               GError     **error)
{
  ApplyResult result = apply_doc (self, doc, error);

  if (result == APPLIED || result == SKIPPED)
    {
      if (result == APPLIED)
        self->report.pulled++;
      result = APPLIED;
      if (self->maybe_pending &&
          !exec_text (self->store, "DELETE FROM sync_pending WHERE doc_id = ?",
                      json_object_get_string_member (doc, "_id"), NULL, NULL, error))
        return FAILED;
    }
  else if (result == PENDING && !add_pending (self, doc, error))
    return FAILED;
  return result;
}

/* Pulled documents that named rows not here then: applied once they are. */
static gboolean
retry_pending (BdSync  *self,
               GError **error)
{
  gboolean progress = self->maybe_pending;

  while (progress)
    {
      g_autoptr(BdStmt) stmt = bd_store_prepare (self->store, "SELECT body FROM sync_pending ORDER BY doc_id", error);
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          JsonObject *doc = parse_object ((const char *)sqlite3_column_text (stmt, 0));

          if (doc != NULL)
            g_ptr_array_add (docs, doc);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      progress = FALSE;
      for (guint i = 0; i < docs->len; i++)
        {
          ApplyResult result = apply_or_park (self, docs->pdata[i], error);

          if (result == FAILED)
            return FALSE;
          if (result == APPLIED)
            progress = TRUE;
        }
    }

  return TRUE;
}

/* Checks a page of _changes before anything of it is written: its
 * shape, and each document's fields against its table. */
static gboolean
check_changes (BdSync      *self,
               JsonNode    *reply,
               char       **last_seq,
               GError     **error)
{
  JsonObject *root;
  JsonNode *results, *seq;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (reply) ||
      (results = json_object_get_member (root = json_node_get_object (reply), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (results) ||
      (seq = json_object_get_member (root, "last_seq")) == NULL || !JSON_NODE_HOLDS_VALUE (seq) ||
      (json_node_get_value_type (seq) != G_TYPE_STRING && json_node_get_value_type (seq) != G_TYPE_INT64))
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                   _("The server’s list of changes is malformed: expected “results” and “last_seq”"));
      return FALSE;
    }
  *last_seq = json_node_get_value_type (seq) == G_TYPE_STRING ? g_strdup (json_node_get_string (seq))
                                                               : g_strdup_printf ("%" G_GINT64_FORMAT,
                                                                                  json_node_get_int (seq));

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *change, *doc;
      JsonNode *id, *doc_node, *doc_id, *rev;
      g_autofree char *type = NULL;
      g_autofree char *uuid = NULL;
      const BdSyncTable *table;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (id = json_object_get_member (change = json_node_get_object (node), "id")) == NULL ||
          json_node_get_value_type (id) != G_TYPE_STRING ||
          (doc_node = json_object_get_member (change, "doc")) == NULL || !JSON_NODE_HOLDS_OBJECT (doc_node) ||
          (doc_id = json_object_get_member (doc = json_node_get_object (doc_node), "_id")) == NULL ||
          json_node_get_value_type (doc_id) != G_TYPE_STRING ||
          g_strcmp0 (json_node_get_string (doc_id), json_node_get_string (id)) != 0 ||
          (rev = json_object_get_member (doc, "_rev")) == NULL || json_node_get_value_type (rev) != G_TYPE_STRING)
        {
          g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                       _("The server’s list of changes is malformed: change %u has no document with an id and a revision"),
                       i + 1);
          return FALSE;
        }
      if (json_object_has_member (doc, "_deleted") &&
          (!JSON_NODE_HOLDS_VALUE (json_object_get_member (doc, "_deleted")) ||
           json_node_get_value_type (json_object_get_member (doc, "_deleted")) != G_TYPE_BOOLEAN))
        {
          g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                       _("Document “%s”: “_deleted” should be true or false"), json_node_get_string (id));
          return FALSE;
        }
      if (json_object_get_boolean_member_with_default (doc, "_deleted", FALSE) ||
          !bd_sync_split_doc_id (json_node_get_string (id), &type, &uuid) ||
          (table = bd_sync_map_lookup_type (self->map, type)) == NULL)
        continue;
      if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), type) != 0)
        {
          g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                       _("Document “%s”: its type should be “%s”"), json_node_get_string (id), type);
          return FALSE;
        }
      if (!bd_sync_check_doc (table, doc, error))
        return FALSE;
    }

  return TRUE;
}

/* The request for the page after one, sent as soon as that one's bytes
 * are read, with the sequence they most likely end with, so that the
 * server works on it while this side parses and checks the page (a pull
 * waited for the parsing between two requests: a fifth of its time).
 * What the page really ends with is known once it is parsed: a read-ahead
 * of another sequence is thrown away and the page asked for again. */
typedef struct
{
  BdSync *self;
  char *since;
  char *path;
  GCancellable *parent;
  GCancellable *cancellable;   /* its own, also cancelled when not wanted */
  gulong parent_handler;
  GThread *thread;
  GBytes *reply;               /* NULL when it failed: asked for again */
  guint status;
} ReadAhead;

static char *
changes_path (BdSync     *self,
              const char *since)
{
  g_autofree char *since_escaped = g_uri_escape_string (since, NULL, FALSE);

  return g_strdup_printf ("_changes?since=%s&include_docs=true&conflicts=true&limit=%u", since_escaped,
                          self->page_size);
}

static gpointer
read_ahead_thread (gpointer data)
{
  ReadAhead *ahead = data;

  ahead->reply = bd_couch_send (ahead->self->couch, "GET", ahead->path, NULL, &ahead->status, ahead->cancellable,
                                NULL);
  return NULL;
}

static void
cancel_ahead_cb (GCancellable *parent,
                 GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static ReadAhead *
read_ahead_start (BdSync       *self,
                  const char   *since,
                  GCancellable *parent)
{
  ReadAhead *ahead = g_new0 (ReadAhead, 1);

  ahead->self = self;
  ahead->since = g_strdup (since);
  ahead->path = changes_path (self, since);
  ahead->cancellable = g_cancellable_new ();
  if (parent != NULL)
    {
      ahead->parent = g_object_ref (parent);
      ahead->parent_handler = g_cancellable_connect (parent, G_CALLBACK (cancel_ahead_cb), ahead->cancellable, NULL);
    }
  ahead->thread = g_thread_new ("bd-sync-ahead", read_ahead_thread, ahead);
  return ahead;
}

/* Waits for the reply; the one for @since, or NULL. */
static GBytes *
read_ahead_finish (ReadAhead  *ahead,
                   const char *since,
                   guint      *status)
{
  g_thread_join (g_steal_pointer (&ahead->thread));
  if (ahead->reply == NULL || g_strcmp0 (ahead->since, since) != 0)
    return NULL;
  *status = ahead->status;
  return g_steal_pointer (&ahead->reply);
}

static void
read_ahead_free (ReadAhead *ahead)
{
  if (ahead == NULL)
    return;
  if (ahead->thread != NULL)
    {
      g_cancellable_cancel (ahead->cancellable);
      g_thread_join (g_steal_pointer (&ahead->thread));
    }
  if (ahead->parent != NULL)
    g_cancellable_disconnect (ahead->parent, ahead->parent_handler);
  g_clear_object (&ahead->parent);
  g_clear_object (&ahead->cancellable);
  g_clear_pointer (&ahead->reply, g_bytes_unref);
  g_free (ahead->since);
  g_free (ahead->path);
  g_free (ahead);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadAhead, read_ahead_free)

/* A page of _changes, fetched and checked, not yet written. */
typedef struct
{
  JsonNode *reply;
  char *last_seq;
  guint n;
  gint64 pending;      /* changes after this page, as CouchDB 2+ says; -1 when the server does not */
  ReadAhead *ahead;    /* the request for the page after it, or NULL */
  gboolean read_ahead; /* this one's reply was read ahead */
} Page;

static void
page_free (Page *page)
{
  if (page == NULL)
    return;
  json_node_unref (page->reply);
  g_free (page->last_seq);
  read_ahead_free (page->ahead);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* A page's "pending" (CouchDB 2+: the changes after it), or -1 when the
 * server does not say (PouchDB Server, CouchDB 1) or says nonsense. */
static gint64
read_pending (JsonObject *reply)
{
  JsonNode *pending = json_object_get_member (reply, "pending");

  if (pending == NULL || !JSON_NODE_HOLDS_VALUE (pending) || json_node_get_value_type (pending) != G_TYPE_INT64)
    return -1;
  return MAX (json_node_get_int (pending), -1);
}

/* A sequence as a number; -1 for CouchDB 2+'s opaque ones. */
static gint64
numeric_seq (const char *seq)
{
  gint64 value = -1;

  if (seq == NULL || !g_ascii_string_to_signed (seq, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return value;
}

/* The changes left after @page: what the server says, or else what its
 * database's last sequence number leaves after the page's (at most that
 * many: a document changed twice is listed once), or -1. */
static gint64
changes_left (BdSync *self,
              Page   *page)
{
  gint64 seq = numeric_seq (page->last_seq);

  if (page->pending >= 0)
    return page->pending;
  if (self->update_seq >= 0 && seq >= 0)
    return MAX (self->update_seq - seq, 0);
  return -1;
}

/* The database's last sequence number, before a pull of several pages
 * from a server whose pages do not say how many are left; -1 when it
 * is not a number or cannot be read (the pull does without it). */
static gint64
read_update_seq (BdSync       *self,
                 GCancellable *cancellable)
{
  g_autoptr(JsonNode) info = bd_couch_request (self->couch, "GET", "", NULL, NULL, cancellable, NULL);
  JsonNode *seq;

  if (info == NULL || !JSON_NODE_HOLDS_OBJECT (info) ||
      (seq = json_object_get_member (json_node_get_object (info), "update_seq")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (seq) || json_node_get_value_type (seq) != G_TYPE_INT64)
    return -1;
  return MAX (json_node_get_int (seq), -1);
}

/* The page of changes after @since, checked; NULL with @error set when the
 * server cannot be reached or its reply is not a page of changes. Takes
 * @ahead, the request read ahead for it, if any. Runs on a thread of its
 * own while the page before is written: it reads only the map, which does
 * not change, and the connection, whose requests libsoup (>= 3.2) takes
 * from any thread. */
static Page *
fetch_page (BdSync        *self,
            const char    *since,
            ReadAhead     *ahead,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(ReadAhead) taken = ahead;
  g_autofree char *path = changes_path (self, since);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(ReadAhead) next = NULL;
  g_autofree char *last_seq = NULL;
  g_autofree char *guess = NULL;
  guint status = 0;
  gboolean read_ahead;
  JsonArray *results;
  Page *page;

  if (taken != NULL)
    bytes = read_ahead_finish (taken, since, &status);
  read_ahead = bytes != NULL;
  if (bytes == NULL)
    bytes = bd_couch_send (self->couch, "GET", path, NULL, &status, cancellable, error);
  if (bytes == NULL)
    return NULL;
  /* the next request goes before this page is parsed */
  if (status == 200 && (guess = bd_couch_guess_last_seq (bytes)) != NULL && g_strcmp0 (guess, since) != 0)
    next = read_ahead_start (self, guess, cancellable);

  reply = bd_couch_parse_reply (self->couch, "GET", path, bytes, status, error);
  if (reply == NULL || !check_changes (self, reply, &last_seq, error))
    return NULL;
  page = g_new0 (Page, 1);
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  page->n = json_array_get_length (results);
  page->pending = read_pending (json_node_get_object (reply));
  page->reply = g_steal_pointer (&reply);
  page->last_seq = g_steal_pointer (&last_seq);
  page->read_ahead = read_ahead;
  /* only a full page has one after it */
  if (page->n >= self->page_size)
    page->ahead = g_steal_pointer (&next);
  return page;
}

/* The next page, fetched while this one is written. */
typedef struct
{
  BdSync *self;
  char *since;
  ReadAhead *ahead;
  GCancellable *cancellable;
  GError *error;
  Page *done;   /* a page written: freed here, off the writer's thread */
} Prefetch;

static gpointer
prefetch_thread (gpointer data)
{
  Prefetch *prefetch = data;

  g_clear_pointer (&prefetch->done, page_free);
  return fetch_page (prefetch->self, prefetch->since, g_steal_pointer (&prefetch->ahead), prefetch->cancellable,
                     &prefetch->error);
}

static GThread *
prefetch_start (Prefetch *prefetch)
{
  return g_thread_new ("bd-sync-fetch", prefetch_thread, prefetch);
}

/* The page fetched, or NULL with @error set. */
static Page *
prefetch_finish (GThread   *thread,
                 Prefetch  *prefetch,
                 GError   **error)
{
  Page *page = g_thread_join (thread);

  if (page == NULL)
    g_propagate_error (error, g_steal_pointer (&prefetch->error));
  g_clear_error (&prefetch->error);
  return page;
}

/* Writes @page and its sequence in one transaction: the cursor never
 * moves past what is not written. */
static gboolean
apply_page (BdSync  *self,
            Page    *page,
            GError **error)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (page->reply), "results");

  if (!bd_store_begin (self->store, error))
    return FALSE;
  g_ptr_array_set_size (self->touched, 0);
  if (!bd_store_mark_rows (self->store, &self->marks, error) || !note_sync_tables (self, error))
    goto fail;
  for (guint i = 0; i < page->n; i++)
    {
      JsonObject *doc = json_object_get_object_member (json_array_get_object_element (results, i), "doc");

      if (apply_or_park (self, doc, error) == FAILED)
        goto fail;
    }
  if (!retry_pending (self, error) ||
      !bd_store_index_new_rows (self->store, &self->marks, error) ||
      !setting_set (self->store, "sync.last_seq", page->last_seq, error))
    goto fail;
  emit_touched (self);
  if (!bd_store_commit (self->store, error))
    return FALSE;
  self->pull_done += page->n;
  if (page->read_ahead)
    self->report.read_ahead++;
  self->pull_left = changes_left (self, page);
  progress (self, BD_SYNC_STAGE_PULLED, NULL);
  return TRUE;

fail:
  g_ptr_array_set_size (self->touched, 0);
  bd_store_rollback (self->store);
  return FALSE;
}

/* The server's versions of documents a push found changed there (409),
 * merged into the rows as a pull would: a lost reply's retry finds its
 * own version and only takes the revision. */
static gboolean
merge_server_docs (BdSync        *self,
                   GPtrArray     *ids,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonArray) keys = json_array_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonObject) changes_root = json_object_new ();
  g_autoptr(JsonArray) results = json_array_new ();
  g_autofree char *ignored = NULL;
  JsonArray *rows;

  for (guint i = 0; i < ids->len; i++)
    json_array_add_string_element (keys, ids->pdata[i]);
  json_object_set_array_member (request, "keys", json_array_ref (keys));
  json_node_set_object (body, request);
  reply = bd_couch_request (self->couch, "POST", "_all_docs?include_docs=true&conflicts=true", body, NULL,
                            cancellable, error);
  if (reply == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (reply) ||
      !json_object_has_member (json_node_get_object (reply), "rows") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (reply), "rows")))
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                   _("The server’s reply to a request for documents is malformed: expected “rows”"));
      return FALSE;
    }

  /* as a page of changes, checked the same way */
  rows = json_object_get_array_member (json_node_get_object (reply), "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      JsonNode *doc = JSON_NODE_HOLDS_OBJECT (row) ? json_object_get_member (json_node_get_object (row), "doc") : NULL;
      JsonObject *change;

      if (doc == NULL || !JSON_NODE_HOLDS_OBJECT (doc))
        continue;   /* deleted there since, or gone: the next pull says */
      change = json_object_new ();
      json_object_set_member (change, "id", json_node_copy (json_object_get_member (json_node_get_object (doc), "_id")));
      json_object_set_member (change, "doc", json_node_copy (doc));
      json_array_add_object_element (results, change);
    }
  json_object_set_array_member (changes_root, "results", json_array_ref (results));
  json_object_set_int_member (changes_root, "last_seq", 0);
  changes = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (changes, changes_root);
  if (!check_changes (self, changes, &ignored, error))
    return FALSE;

  if (!bd_store_begin (self->store, error))
    return FALSE;
  g_ptr_array_set_size (self->touched, 0);
  if (!bd_store_mark_rows (self->store, &self->marks, error) || !note_sync_tables (self, error))
    goto fail;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *doc = json_object_get_object_member (json_array_get_object_element (results, i), "doc");

      if (apply_or_park (self, doc, error) == FAILED)
        goto fail;
    }
  if (!bd_store_index_new_rows (self->store, &self->marks, error))
    goto fail;
  emit_touched (self);
  return bd_store_commit (self->store, error);

fail:
  g_ptr_array_set_size (self->touched, 0);
  bd_store_rollback (self->store);
  return FALSE;
}

/* Pulls every change since the last one pulled, a page at a time. */
gboolean
bd_sync_pull (BdSync        *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *since = setting_get (self->store, "sync.last_seq");
  g_autoptr(Page) page = fetch_page (self, since != NULL ? since : "0", NULL, cancellable, error);
  g_autoptr(Page) done = NULL;
  gboolean ok = FALSE;

  self->pull_done = 0;
  self->pull_left = -1;
  self->update_seq = -1;
  /* a pull of several pages says how far it is when the server's pages
   * do not (bd_sync_get_pull_progress()) */
  if (page != NULL && page->n >= self->page_size && page->pending < 0)
    self->update_seq = read_update_seq (self, cancellable);

  /* While a page is written, the next one is fetched, parsed and checked,
   * and the one before freed, on a thread of its own: the server's time
   * and the parsing hide behind the writing (a second core does them).
   * The checkpoint of one page's writes overlaps the next page's too.
   * And the pages' commits but the last one's do not wait for the disk
   * (synchronous NORMAL): the checkpoint after each (on the store's
   * thread, synchronous FULL) syncs the log before it copies it, and the
   * last page's commit syncs it here. A power cut before then takes the
   * last pages back together with the cursor past them (each page and its
   * sequence are one transaction): they are pulled again. The store stays
   * whole whatever happens. */
  bd_store_set_overlap_checkpoints (self->store, TRUE);
  while (page != NULL)
    {
      gboolean more = page->n > 0 && page->n >= self->page_size;
      Prefetch prefetch = { self, page->last_seq, g_steal_pointer (&page->ahead), cancellable, NULL,
                            g_steal_pointer (&done) };
      GThread *thread = more ? prefetch_start (&prefetch) : NULL;
      g_autoptr(Page) next = NULL;
      gboolean written;

      written = bd_store_exec (self->store, more ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL",
                               error) &&
                apply_page (self, page, error);
      if (thread != NULL)
        next = prefetch_finish (thread, &prefetch, written ? error : NULL);
      else
        g_clear_pointer (&prefetch.done, page_free);
      read_ahead_free (prefetch.ahead);
      if (!written || !more)
        {
          ok = written;
          break;
        }
      /* freed by the next page's fetch */
      done = g_steal_pointer (&page);
      page = g_steal_pointer (&next);
    }
  bd_store_set_overlap_checkpoints (self->store, FALSE);
  if (!bd_store_exec (self->store, "PRAGMA synchronous = FULL", ok ? error : NULL))
    ok = FALSE;
  return ok;
}

static gint64
count_dirty (BdSync *self)
{
  gint64 n = 0;

  for (guint i = 0; i < bd_sync_map_get_n_tables (self->map); i++)
    {
      const BdSyncTable *table = bd_sync_map_get_table (self->map, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE dirty = 1", table->name);
      g_autoptr(BdStmt) stmt = bd_store_prepare (self->store, sql, NULL);

      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        n += sqlite3_column_int64 (stmt, 0);
    }
  return n;
}

/* Pull, push, and again while pushes go through and rows stay dirty
 * (a push that met a newer version merged it), until nothing more moves: then this store and the server agree, but for writes the server
 * refused (kept, marked) and conflicts left for a person. */
gboolean
bd_sync_run_once (BdSync        *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *now = NULL;

  memset (&self->report, 0, sizeof self->report);
  for (guint round = 0; round < 5; round++)
    {
      guint pushed = self->report.pushed;
      gint64 dirty;

      /* pull first: a new machine's rows the server has already (the
       * default templates, the same import) merge before anything goes */
      if (!bd_sync_pull (self, cancellable, error) || !bd_sync_push (self, cancellable, error))
        return FALSE;
      dirty = count_dirty (self);
      if (dirty == 0 || (round > 0 && self->report.pushed == pushed))
        break;
    }

  now = bd_store_now_iso (self->store);
  if (!bd_store_begin (self->store, error))
    return FALSE;
  if (!setting_set (self->store, "sync.last_sync", now, error))
    {
      bd_store_rollback (self->store);
      return FALSE;
    }
  return bd_store_commit (self->store, error);
}

static gint64
count (BdStore    *store,
       const char *sql)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

gboolean
bd_sync_status_load (BdStore       *store,
                     BdSyncStatus  *status,
                     GError       **error)
{
  g_autoptr(BdSyncMap) map = bd_sync_map_new (store, error);
  BdSync fake = { .store = store, .map = map };

  memset (status, 0, sizeof *status);
  if (map == NULL)
    return FALSE;
  status->url = setting_get (store, "sync.url");
  status->db = setting_get (store, "sync.db");
  status->user = setting_get (store, "sync.user");
  status->last_seq = setting_get (store, "sync.last_seq");
  status->last_sync = setting_get (store, "sync.last_sync");
  status->dirty = count_dirty (&fake);
  status->refused = count (store, "SELECT count(*) FROM sync_refused");
  status->conflicts = count (store, "SELECT count(*) FROM sync_conflicts WHERE resolved = 0");
  status->pending = count (store, "SELECT count(*) FROM sync_pending");
  return TRUE;
}

void
bd_sync_status_clear (BdSyncStatus *status)
{
  g_clear_pointer (&status->url, g_free);
  g_clear_pointer (&status->db, g_free);
  g_clear_pointer (&status->user, g_free);
  g_clear_pointer (&status->last_seq, g_free);
  g_clear_pointer (&status->last_sync, g_free);
}

/* The sync state this store keeps in its settings: "sync.url",
 * "sync.db", "sync.user" (the server synced with), "sync.last_seq",
 * "sync.last_sync"; "sync.setup_url", "sync.setup_db",
 * "sync.admin_user" (the server sync setup prepared). NULL when not set. */
char *
bd_sync_get_setting (BdStore    *store,
                     const char *key)
{
  return setting_get (store, key);
}

/* Remembers the server a setup prepared, for the commands after it. */
gboolean
bd_sync_save_server (BdStore     *store,
                     const char  *url,
                     const char  *db,
                     const char  *admin_user,
                     GError     **error)
{
  if (!bd_store_begin (store, error))
    return FALSE;
  if (!setting_set (store, "sync.setup_url", url, error) || !setting_set (store, "sync.setup_db", db, error) ||
      (admin_user != NULL && !setting_set (store, "sync.admin_user", admin_user, error)))
    {
      bd_store_rollback (store);
      return FALSE;
    }
  return bd_store_commit (store, error);
}

/* Makes @store sync with @db on @url as @user from now on, its server's
 * certificate checked against @ca_file's authorities (NULL or "": the
 * system's), as the app's Preferences set it up. The password is not
 * here: it lives in the keyring. A store that synced with another server
 * starts over with this one (bd_sync_new()). Nothing is changed when a
 * value is wrong. */
gboolean
bd_sync_configure (BdStore     *store,
                   const char  *url,
                   const char  *db,
                   const char  *user,
                   const char  *ca_file,
                   GError     **error)
{
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (user == NULL || *user == '\0')
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP, _("A user name for the server is needed"));
      return FALSE;
    }
  if (!(couch = bd_couch_new (url, db, user, NULL, error)) ||
      (ca_file != NULL && *ca_file != '\0' && !bd_couch_set_ca_file (couch, ca_file, error)) ||
      !(sync = bd_sync_new (store, couch, error)))
    return FALSE;

  if (!bd_store_begin (store, error))
    return FALSE;
  if (!(ca_file != NULL && *ca_file != '\0'
          ? setting_set (store, "sync.ca_file", ca_file, error)
          : bd_store_exec (store, "DELETE FROM settings WHERE key = 'sync.ca_file'", error)) ||
      !bd_store_commit (store, error))
    {
      bd_store_rollback (store);
      return FALSE;
    }
  bd_store_emit_changed_tables (store, (const char * const[]) { "settings", NULL });
  return TRUE;
}

/* A connection to the server @store is configured for ("sync.url",
 * "sync.db", "sync.user", "sync.ca_file"), as @user with @password when
 * @user is not NULL. */
BdCouch *
bd_sync_open_couch (BdStore     *store,
                    const char  *user,
                    const char  *password,
                    GError     **error)
{
  g_autofree char *url = setting_get (store, "sync.url");
  g_autofree char *db = setting_get (store, "sync.db");
  g_autofree char *saved_user = setting_get (store, "sync.user");
  g_autofree char *ca_file = setting_get (store, "sync.ca_file");
  g_autoptr(BdCouch) couch = NULL;

  if (url == NULL || db == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP, _("No server is set up for sync"));
      return NULL;
    }
  if (!(couch = bd_couch_new (url, db, user != NULL ? user : saved_user, password, error)) ||
      (ca_file != NULL && *ca_file != '\0' && !bd_couch_set_ca_file (couch, ca_file, error)))
    return NULL;
  return g_steal_pointer (&couch);
}

static JsonArray *
list_rows (BdStore     *store,
           const char  *sql,
           GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  g_autoptr(JsonArray) array = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
            json_object_set_null_member (object, sqlite3_column_name (stmt, c));
          else
            json_object_set_string_member (object, sqlite3_column_name (stmt, c),
                                           (const char *)sqlite3_column_text (stmt, c));
        }
      json_array_add_object_element (array, object);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading"));
      return NULL;
    }
  return g_steal_pointer (&array);
}

/* Writes the server refused: doc_id, reason, refused_at. */
JsonArray *
bd_sync_list_refused (BdStore  *store,
                      GError  **error)
{
  return list_rows (store, "SELECT doc_id, reason, refused_at FROM sync_refused ORDER BY refused_at, doc_id", error);
}

/* Conflicts no rule settled, not resolved yet: doc_id, field,
 * local_value, remote_value, local_updated_at, remote_updated_at,
 * created_at. */
JsonArray *
bd_sync_list_conflicts (BdStore  *store,
                        GError  **error)
{
  return list_rows (store, "SELECT doc_id, field, local_value, remote_value, local_updated_at, remote_updated_at,"
                           " created_at FROM sync_conflicts WHERE resolved = 0 ORDER BY id", error);
}

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean done;
  gint64 until;
  GCancellable *cancellable;
} Deadline;

static gpointer
deadline_thread (gpointer data)
{
  Deadline *deadline = data;

  g_mutex_lock (&deadline->lock);
  while (!deadline->done)
    if (!g_cond_wait_until (&deadline->cond, &deadline->lock, deadline->until))
      {
        g_cancellable_cancel (deadline->cancellable);
        break;
      }
  g_mutex_unlock (&deadline->lock);
  return NULL;
}

static void
cancel_child_cb (GCancellable *parent,
                 gpointer      child)
{
  g_cancellable_cancel (child);
}

/* Waits until the server has a change past the last one pulled, or
 * @timeout_ms passed (a long poll: live mode). Not every server ends a
 * long poll at its timeout: it is given up here then. */
gboolean
bd_sync_wait_for_changes (BdSync        *self,
                          guint          timeout_ms,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *since = setting_get (self->store, "sync.last_seq");
  g_autofree char *since_escaped = g_uri_escape_string (since != NULL ? since : "0", NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("_changes?feed=longpoll&since=%s&timeout=%u&limit=1",
                                           since_escaped, timeout_ms);
  g_autoptr(GCancellable) child = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Deadline deadline = { .until = g_get_monotonic_time () + (gint64)timeout_ms * 1000 + G_USEC_PER_SEC,
                        .cancellable = child };
  gulong handler = 0;
  GThread *thread;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_child_cb), child, NULL);
  g_mutex_init (&deadline.lock);
  g_cond_init (&deadline.cond);
  thread = g_thread_new ("sync-deadline", deadline_thread, &deadline);

  reply = bd_couch_request (self->couch, "GET", path, NULL, NULL, child, &local_error);

  g_mutex_lock (&deadline.lock);
  deadline.done = TRUE;
  g_cond_signal (&deadline.cond);
  g_mutex_unlock (&deadline.lock);
  g_thread_join (thread);
  g_mutex_clear (&deadline.lock);
  g_cond_clear (&deadline.cond);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (reply != NULL)
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (cancellable == NULL || !g_cancellable_is_cancelled (cancellable)))
    return TRUE;   /* the time was up */
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
