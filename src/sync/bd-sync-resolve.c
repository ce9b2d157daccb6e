/* bd-sync-resolve.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-resolve"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-sync-resolve.h"

/* ---- helpers ---- */

static char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
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

static gboolean
exec_text (BdStore     *store,
           const char  *sql,
           const char  *a,
           const char  *b,
           GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  return bd_store_step_done (store, stmt, error);
}

/* Rows of @sql (one text argument, may be NULL) as JSON objects, a member
 * per column: integers as numbers, the rest as text. */
static JsonArray *
list_rows (BdStore     *store,
           const char  *sql,
           const char  *arg,
           GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  g_autoptr(JsonArray) array = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *name = sqlite3_column_name (stmt, c);

          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_NULL:
              json_object_set_null_member (object, name);
              break;
            case SQLITE_INTEGER:
              json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, c));
              break;
            default:
              json_object_set_string_member (object, name, (const char *)sqlite3_column_text (stmt, c));
              break;
            }
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

/* The table and local row of @doc_id. *rowid 0: not here. */
static const BdSyncTable *
find_row (BdStore     *store,
          BdSyncMap   *map,
          const char  *doc_id,
          char       **uuid_out,
          gint64      *rowid,
          GError     **error)
{
  g_autofree char *type = NULL;
  g_autofree char *uuid = NULL;
  const BdSyncTable *table;

  if (!bd_sync_split_doc_id (doc_id, &type, &uuid) || (table = bd_sync_map_lookup_type (map, type)) == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                   _("“%s” is not a document of a table this version syncs"), doc_id);
      return NULL;
    }
  *rowid = bd_sync_resolve_uuid (store, table->name, uuid, error);
  if (*rowid < 0)
    return NULL;
  *uuid_out = g_steal_pointer (&uuid);
  return table;
}

static void
emit_changed (BdStore    *store,
              const char *table)
{
  const char *tables[] = { table, "events", "sync_conflicts", "sync_refused", NULL };

  bd_store_emit_changed_tables (store, tables);
}

/* ---- what a document is, in words ---- */

static char *
label_query (BdStore    *store,
             const char *sql,
             const char *uuid,
             char      **second)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, NULL);

  *second = NULL;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  *second = bd_stmt_dup_text (stmt, 1);
  return bd_stmt_dup_text (stmt, 0);
}

/* What @doc_id is, for a person: "Order SO-1, MUG", "Customer C-1 (Ada)";
 * a row not here, or of a table without words, by its type and the
 * start of its uuid. */
char *
bd_sync_describe_doc (BdStore    *store,
                      const char *doc_id)
{
  g_autofree char *type = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!bd_sync_split_doc_id (doc_id, &type, &uuid))
    return g_strdup (doc_id);

#define LINE_SQL(table) \
  "SELECT o.ref, p.sku FROM " table " AS x JOIN order_lines AS l ON l.id = x.line_id" \
  " JOIN orders AS o ON o.id = l.order_id JOIN products AS p ON p.id = l.product_id WHERE x.uuid = ?"

  if (g_str_equal (type, "order_line") &&
      (a = label_query (store, "SELECT o.ref, p.sku FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id"
                               " JOIN products AS p ON p.id = l.product_id WHERE l.uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Order %s, %s"), a, b);
  if (g_str_equal (type, "note") && (a = label_query (store, LINE_SQL ("notes"), uuid, &b)))
    return g_strdup_printf (_("Note on order %s, %s"), a, b);
  if (g_str_equal (type, "complaint") && (a = label_query (store, LINE_SQL ("complaints"), uuid, &b)))
    return g_strdup_printf (_("Complaint on order %s, %s"), a, b);
  if (g_str_equal (type, "customer") &&
      (a = label_query (store, "SELECT ref, name FROM customers WHERE uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Customer %s (%s)"), a, b);
  if (g_str_equal (type, "product") &&
      (a = label_query (store, "SELECT sku, name FROM products WHERE uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Product %s (%s)"), a, b);
  if (g_str_equal (type, "supplier") &&
      (a = label_query (store, "SELECT ref, name FROM suppliers WHERE uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Supplier %s (%s)"), a, b);
  if (g_str_equal (type, "order") &&
      (a = label_query (store, "SELECT ref, NULL FROM orders WHERE uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Order %s"), a);
  if (g_str_equal (type, "purchase_order") &&
      (a = label_query (store, "SELECT number, NULL FROM purchase_orders WHERE uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Purchase order %s"), a);
  if (g_str_equal (type, "template") &&
      (a = label_query (store, "SELECT name, NULL FROM templates WHERE uuid = ?", uuid, &b)))
    return g_strdup_printf (_("Template “%s”"), a);
#undef LINE_SQL

  /* TRANSLATORS: a document's type, then the start of its id */
  return g_strdup_printf (_("%s %.8s"), type, uuid);
}

/* ---- lists ---- */

/* Conflicts no rule settled, not resolved yet, oldest first: id, doc_id,
 * what (bd_sync_describe_doc()), field, local_value, remote_value,
 * local_updated_at, remote_updated_at, local_author, remote_author (who
 * wrote each value, from the audit events that synced; NULL when none
 * says), created_at. */
JsonArray *
bd_sync_list_open_conflicts (BdStore  *store,
                             GError  **error)
{
  g_autoptr(JsonArray) rows = NULL;

#define AUTHOR_OF(value) \
  "(SELECT e.author FROM events AS e WHERE e.entity_uuid = substr(c.doc_id, instr(c.doc_id, ':') + 1)" \
  " AND e.field = c.field AND e.new_value IS c." value " ORDER BY e.created_at DESC, e.id DESC LIMIT 1)"

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  rows = list_rows (store,
                    "SELECT c.id, c.doc_id, c.field, c.local_value, c.remote_value, c.local_updated_at,"
                    " c.remote_updated_at, " AUTHOR_OF ("local_value") " AS local_author, "
                    AUTHOR_OF ("remote_value") " AS remote_author, c.created_at"
                    " FROM sync_conflicts AS c WHERE c.resolved = 0 ORDER BY c.id", NULL, error);
#undef AUTHOR_OF
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *what = bd_sync_describe_doc (store, json_object_get_string_member (row, "doc_id"));

      json_object_set_string_member (row, "what", what);
    }
  return g_steal_pointer (&rows);
}

/* Writes the server refused, oldest first: doc_id, what, reason,
 * refused_at, fields (the fields that differ from the server's version,
 * comma-separated), on_server (1: discarding goes back to the server's
 * version; 0: the row is new, and discarding removes it). */
JsonArray *
bd_sync_list_refused_writes (BdStore  *store,
                             GError  **error)
{
  g_autoptr(JsonArray) rows = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  rows = list_rows (store,
                    "SELECT r.doc_id, r.reason, r.refused_at, r.body, s.body AS shadow"
                    " FROM sync_refused AS r LEFT JOIN sync_shadow AS s ON s.doc_id = r.doc_id"
                    " ORDER BY r.refused_at, r.doc_id", NULL, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *what = bd_sync_describe_doc (store, json_object_get_string_member (row, "doc_id"));
      g_autoptr(JsonObject) mine = parse_object (json_object_get_string_member (row, "body"));
      g_autoptr(JsonObject) theirs = parse_object (json_object_get_string_member_with_default (row, "shadow", NULL));
      g_autoptr(GString) fields = g_string_new (NULL);

      if (mine != NULL && theirs != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (mine);

          members = g_list_sort (members, (GCompareFunc)strcmp);
          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *b = json_object_get_member (theirs, l->data);

              if (g_str_equal (l->data, "updated_at") || g_str_equal (l->data, "created_at"))
                continue;
              if (b == NULL || !json_node_equal (json_object_get_member (mine, l->data), b))
                g_string_append_printf (fields, "%s%s", fields->len > 0 ? ", " : "", (char *)l->data);
            }
        }
      json_object_set_string_member (row, "what", what);
      json_object_set_string_member (row, "fields", fields->str);
      json_object_set_int_member (row, "on_server", theirs != NULL);
      json_object_remove_member (row, "body");
      json_object_remove_member (row, "shadow");
    }
  return g_steal_pointer (&rows);
}

/* ---- conflicts ---- */

/* @text as a value of @column: a whole number for an integer column. */
static JsonNode *
value_node (const BdSyncColumn  *column,
            const char          *text,
            GError             **error)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *stripped = NULL;
  gint64 n;

  if (text == NULL)
    {
      json_node_init_null (node);
      return node;
    }
  if (column->integer && column->ref_table == NULL)
    {
      stripped = g_strstrip (g_strdup (text));
      if (!g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64, &n, NULL))
        {
          json_node_unref (node);
          g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                       _("“%s” is not a whole number, which field “%s” holds"), text, column->name);
          return NULL;
        }
      json_node_set_int (node, n);
      return node;
    }
  json_node_set_string (node, text);
  return node;
}

/* Resolves conflict @conflict_id as a person chose: the row's field takes
 * the local value, the server's, or @value (BD_SYNC_KEEP_VALUE), as an
 * edit of this machine's: the row is marked for a push, which takes the
 * choice to the server and from there to every machine; an audit event
 * says who chose what. Every open conflict of that field of that row is
 * resolved with it. */
gboolean
bd_sync_resolve_conflict (BdStore       *store,
                          gint64         conflict_id,
                          BdSyncChoice   choice,
                          const char    *value,
                          GError       **error)
{
  g_autoptr(BdSyncMap) map = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *field = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *rev = NULL;
  const BdSyncTable *table;
  const BdSyncColumn *column;
  gint64 rowid = 0;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (choice != BD_SYNC_KEEP_VALUE || value != NULL, FALSE);

  map = bd_sync_map_new (store, error);
  if (map == NULL)
    return FALSE;
  stmt = bd_store_prepare (store, "SELECT doc_id, field, local_value, remote_value FROM sync_conflicts"
                                  " WHERE id = ? AND resolved = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("There is no open conflict %" G_GINT64_FORMAT), conflict_id);
      return FALSE;
    }
  doc_id = bd_stmt_dup_text (stmt, 0);
  field = bd_stmt_dup_text (stmt, 1);
  chosen = choice == BD_SYNC_KEEP_LOCAL ? bd_stmt_dup_text (stmt, 2)
         : choice == BD_SYNC_KEEP_REMOTE ? bd_stmt_dup_text (stmt, 3)
         : g_strdup (value);
  g_clear_pointer (&stmt, sqlite3_finalize);

  table = find_row (store, map, doc_id, &uuid, &rowid, error);
  if (table == NULL)
    return FALSE;
  if (rowid == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("The row of conflict %" G_GINT64_FORMAT " (%s) is not in this database"), conflict_id, doc_id);
      return FALSE;
    }
  column = bd_sync_table_get_column (table, field);
  if (column == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                   _("%s has no field “%s”"), table->name, field);
      return FALSE;
    }
  node = value_node (column, chosen, error);
  if (node == NULL)
    return FALSE;

  if (!bd_store_begin (store, error))
    return FALSE;
  doc = bd_sync_load_doc (store, table, rowid, NULL, error);
  if (doc == NULL)
    goto fail;
  old = node_text (json_object_get_member (doc, field));
  rev = g_strdup (json_object_get_string_member_with_default (doc, "_rev", NULL));
  now = bd_store_now_iso (store);
  json_object_set_member (doc, field, json_node_ref (node));
  if (bd_sync_table_get_column (table, "updated_at") != NULL)
    json_object_set_string_member (doc, "updated_at", now);
  if (!bd_sync_check_doc (table, doc, error))
    goto fail;
  switch (bd_sync_write_row (store, table, doc, rowid, uuid, rev, TRUE, NULL, error))
    {
    case BD_SYNC_WRITE_DONE:
      break;
    case BD_SYNC_WRITE_MISSING_REFERENCE:
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                   _("“%s” names no row of %s in this database"), chosen, column->ref_table);
      goto fail;
    case BD_SYNC_WRITE_FAILED:
    default:
      goto fail;
    }

  batch = bd_store_new_uuid (store);
  {
    g_autofree char *new_text = node_text (node);

    if (!bd_store_add_event (store, batch, "sync-resolve", table->name, uuid,
                             g_str_equal (table->name, "order_lines") ? rowid : 0, field, old, new_text, error))
      goto fail;
  }
  if (!exec_text (store, "UPDATE sync_conflicts SET resolved = 1 WHERE doc_id = ? AND field = ? AND resolved = 0",
                  doc_id, field, error) ||
      !bd_store_commit (store, error))
    goto fail;

  emit_changed (store, table->name);
  return TRUE;

fail:
  bd_store_rollback (store);
  return FALSE;
}

/* ---- refused writes ---- */

static gboolean
check_refused (BdStore     *store,
               const char  *doc_id,
               GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT 1 FROM sync_refused WHERE doc_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("The server refused no write of “%s”"), doc_id);
      return FALSE;
    }
  return TRUE;
}

/* Gives up a write the server refused: the row goes back to the server's
 * version as this machine last had it (a newer one comes with the next
 * pull); a row the server never had is deleted here. */
gboolean
bd_sync_discard_refused (BdStore     *store,
                         const char  *doc_id,
                         GError     **error)
{
  g_autoptr(BdSyncMap) map = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(JsonObject) shadow = NULL;
  g_autofree char *shadow_rev = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *batch = NULL;
  const BdSyncTable *table;
  gint64 rowid = 0;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (doc_id != NULL, FALSE);

  map = bd_sync_map_new (store, error);
  if (map == NULL || !check_refused (store, doc_id, error))
    return FALSE;
  table = find_row (store, map, doc_id, &uuid, &rowid, error);
  if (table == NULL)
    return FALSE;

  stmt = bd_store_prepare (store, "SELECT rev, body FROM sync_shadow WHERE doc_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      shadow_rev = bd_stmt_dup_text (stmt, 0);
      shadow = parse_object ((const char *)sqlite3_column_text (stmt, 1));
      if (shadow == NULL || !bd_sync_check_doc (table, shadow, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                         _("The server’s version of “%s” kept here is damaged"), doc_id);
          return FALSE;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!bd_store_begin (store, error))
    return FALSE;
  if (rowid > 0)
    {
      if (shadow != NULL)
        {
          if (bd_sync_write_row (store, table, shadow, rowid, uuid, shadow_rev, FALSE, NULL, error) !=
              BD_SYNC_WRITE_DONE)
            {
              if (error != NULL && *error == NULL)
                g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                             _("The server’s version of “%s” names a row that is not here"), doc_id);
              goto fail;
            }
        }
      else
        {
          /* new here, and refused: the server never had it */
          g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET deleted = 1, dirty = 0 WHERE id = ?",
                                                  table->name);

          stmt = bd_store_prepare (store, sql, error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, rowid);
          if (!bd_store_step_done (store, stmt, error))
            goto fail;
        }
      batch = bd_store_new_uuid (store);
      if (!bd_store_add_event (store, batch, "sync-discard", table->name, uuid,
                               g_str_equal (table->name, "order_lines") ? rowid : 0, NULL, NULL, NULL, error))
        goto fail;
    }
  if (!exec_text (store, "DELETE FROM sync_refused WHERE doc_id = ?", doc_id, NULL, error) ||
      !bd_store_commit (store, error))
    goto fail;

  emit_changed (store, table->name);
  return TRUE;

fail:
  bd_store_rollback (store);
  return FALSE;
}

/* Sends a refused write again with the next sync, as it is (after the
 * user's role changed, say): it is not held back as refused any more. */
gboolean
bd_sync_retry_refused (BdStore     *store,
                       const char  *doc_id,
                       GError     **error)
{
  g_autoptr(BdSyncMap) map = NULL;
  g_autofree char *uuid = NULL;
  const BdSyncTable *table;
  gint64 rowid = 0;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (doc_id != NULL, FALSE);

  map = bd_sync_map_new (store, error);
  if (map == NULL || !check_refused (store, doc_id, error))
    return FALSE;
  table = find_row (store, map, doc_id, &uuid, &rowid, error);
  if (table == NULL)
    return FALSE;

  if (!bd_store_begin (store, error))
    return FALSE;
  if (rowid > 0)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET dirty = 1 WHERE id = ?", table->name);
      g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!bd_store_step_done (store, stmt, error))
        goto fail;
    }
  if (!exec_text (store, "DELETE FROM sync_refused WHERE doc_id = ?", doc_id, NULL, error) ||
      !bd_store_commit (store, error))
    goto fail;

  emit_changed (store, table->name);
  return TRUE;

fail:
  bd_store_rollback (store);
  return FALSE;
}
