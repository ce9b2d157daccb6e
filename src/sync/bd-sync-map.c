/* bd-sync-map.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-sync-map.h"

G_DEFINE_QUARK (bd-sync-error-quark, bd_sync_error)

/* References that have no REFERENCES clause, and so no foreign key for
 * the schema to tell: each is a row id that must leave the machine as
 * that row's uuid. A new one goes here. */
static const struct
{
  const char *table;
  const char *column;
  const char *ref_table;
} extra_references[] = {
  { "events", "line_id", "order_lines" },
};

/* The columns that are the row's identity and sync state, not fields. */
static const char * const own_columns[] = { "id", "uuid", "rev", "dirty" };

struct _BdSyncMap
{
  GPtrArray *tables;     /* BdSyncTable */
  GHashTable *by_type;   /* type -> BdSyncTable */
  GHashTable *by_name;   /* table -> BdSyncTable */
};

static void
column_free (gpointer data)
{
  BdSyncColumn *column = data;

  g_free (column->name);
  g_free (column->ref_table);
  g_free (column);
}

static void
table_free (gpointer data)
{
  BdSyncTable *table = data;

  g_free (table->name);
  g_free (table->type);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->keys);
  g_array_unref (table->key_partial);
  g_free (table->select_sql);
  g_free (table);
}

/* "order_lines" -> "order_line": a document's type is its table's name in
 * the singular (every table's name ends in a plural s). */
static char *
type_of_table (const char *name)
{
  gsize len = strlen (name);

  if (len > 1 && name[len - 1] == 's')
    return g_strndup (name, len - 1);
  return g_strdup (name);
}

static const BdSyncColumn *
find_column (GPtrArray  *columns,
             const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    {
      const BdSyncColumn *column = columns->pdata[i];

      if (g_str_equal (column->name, name))
        return column;
    }
  return NULL;
}

const BdSyncColumn *
bd_sync_table_get_column (const BdSyncTable *table,
                          const char        *name)
{
  return find_column (table->columns, name);
}

static gboolean
read_table (BdStore      *store,
            const char   *name,
            BdSyncTable **out,
            GError      **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (column_free);
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  guint found = 0;
  BdSyncTable *table;
  GString *select;
  int rc;

  *out = NULL;

  sql = g_strdup_printf ("SELECT name, type, \"notnull\", dflt_value IS NOT NULL FROM pragma_table_info('%s')", name);
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column_name = (const char *)sqlite3_column_text (stmt, 0);
      const char *type = (const char *)sqlite3_column_text (stmt, 1);
      BdSyncColumn *column;
      gboolean own = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (own_columns); i++)
        if (g_str_equal (column_name, own_columns[i]))
          {
            own = TRUE;
            if (i > 0)
              found++;
          }
      if (g_str_equal (column_name, "deleted") || g_str_equal (column_name, "updated_at"))
        found++;
      if (own)
        continue;

      column = g_new0 (BdSyncColumn, 1);
      column->name = g_strdup (column_name);
      column->integer = type != NULL && strstr (type, "INT") != NULL;
      column->not_null = sqlite3_column_int (stmt, 2);
      column->has_default = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (columns, column);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the schema"));
      return FALSE;
    }

  /* uuid, rev, dirty, deleted and updated_at: a synced table */
  if (found < 5)
    return TRUE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  g_free (sql);
  sql = g_strdup_printf ("SELECT \"from\", \"table\" FROM pragma_foreign_key_list('%s')", name);
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdSyncColumn *column = (BdSyncColumn *)find_column (columns, (const char *)sqlite3_column_text (stmt, 0));

      if (column != NULL)
        column->ref_table = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra_references); i++)
    if (g_str_equal (extra_references[i].table, name))
      {
        BdSyncColumn *column = (BdSyncColumn *)find_column (columns, extra_references[i].column);

        if (column != NULL && column->ref_table == NULL)
          column->ref_table = g_strdup (extra_references[i].ref_table);
      }

  table = g_new0 (BdSyncTable, 1);
  table->name = g_strdup (name);
  table->type = type_of_table (name);
  table->columns = g_steal_pointer (&columns);
  table->keys = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  table->key_partial = g_array_new (FALSE, FALSE, sizeof (gboolean));

  /* natural keys: the unique indexes, but the uuid's */
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_free (sql);
  sql = g_strdup_printf ("SELECT l.name, l.partial, group_concat(i.name, ' ') FROM pragma_index_list('%s') AS l,"
                         " pragma_index_info(l.name) AS i WHERE l.\"unique\" GROUP BY l.name ORDER BY l.name",
                         name);
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    {
      table_free (table);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *names = (const char *)sqlite3_column_text (stmt, 2);
      gboolean partial = sqlite3_column_int (stmt, 1);

      if (names == NULL || g_str_equal (names, "uuid") || g_str_equal (names, "id"))
        continue;
      g_ptr_array_add (table->keys, g_strsplit (names, " ", -1));
      g_array_append_val (table->key_partial, partial);
    }

  select = g_string_new ("SELECT t.id, t.uuid, t.rev, t.dirty");
  for (guint i = 0; i < table->columns->len; i++)
    {
      const BdSyncColumn *column = table->columns->pdata[i];

      if (column->ref_table != NULL)
        g_string_append_printf (select, ", (SELECT r.uuid FROM \"%s\" AS r WHERE r.id = t.\"%s\")",
                                column->ref_table, column->name);
      else
        g_string_append_printf (select, ", t.\"%s\"", column->name);
    }
  g_string_append_printf (select, " FROM \"%s\" AS t", name);
  table->select_sql = g_string_free (select, FALSE);

  *out = table;
  return TRUE;
}

/* Finds the synced tables in @store's schema: every table with the sync
 * columns, so that a table a later migration adds syncs with no code. */
BdSyncMap *
bd_sync_map_new (BdStore  *store,
                 GError  **error)
{
  g_autoptr(BdSyncMap) self = g_new0 (BdSyncMap, 1);
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  self->tables = g_ptr_array_new_with_free_func (table_free);
  self->by_type = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  stmt = bd_store_prepare (store, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%' ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the schema"));
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    {
      BdSyncTable *table;

      if (!read_table (store, names->pdata[i], &table, error))
        return NULL;
      if (table == NULL)
        continue;
      g_ptr_array_add (self->tables, table);
      g_hash_table_insert (self->by_type, table->type, table);
      g_hash_table_insert (self->by_name, table->name, table);
    }

  return g_steal_pointer (&self);
}

void
bd_sync_map_free (BdSyncMap *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->by_type, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_free (self);
}

guint
bd_sync_map_get_n_tables (BdSyncMap *self)
{
  return self->tables->len;
}

const BdSyncTable *
bd_sync_map_get_table (BdSyncMap *self,
                       guint      i)
{
  g_return_val_if_fail (i < self->tables->len, NULL);
  return self->tables->pdata[i];
}

const BdSyncTable *
bd_sync_map_lookup_type (BdSyncMap  *self,
                         const char *type)
{
  return g_hash_table_lookup (self->by_type, type);
}

const BdSyncTable *
bd_sync_map_lookup_table (BdSyncMap  *self,
                          const char *table)
{
  return g_hash_table_lookup (self->by_name, table);
}

/* The trigger that keeps the base of a merge of @table's rows: when a
 * row on the server (it has a revision) and clean turns dirty, the
 * version it held, the server's at that revision, goes to sync_shadow as
 * its document (references as uuids), as a pull kept it before. A clean
 * row is its own base, so a pull or a push that leaves a row clean writes
 * no shadow: those writes were half of the pages a pull changed. A shadow
 * of a clean row is never read (a stale one is replaced when the row
 * turns dirty again). */
static char *
base_trigger_sql (const BdSyncTable *table)
{
  GString *sql = g_string_new (NULL);
  g_autofree char *doc_id = g_strdup_printf ("'%s:' || old.uuid", table->type);

  g_string_append_printf (sql, "CREATE TRIGGER \"sync_base_%s\" AFTER UPDATE OF dirty ON \"%s\""
                               " WHEN old.dirty = 0 AND new.dirty <> 0 AND old.rev IS NOT NULL BEGIN"
                               " INSERT OR REPLACE INTO sync_shadow (doc_id, rev, body) VALUES (%s, old.rev, ",
                          table->name, table->name, doc_id);
  /* json_object() takes 127 arguments: 61 columns and the two above */
  g_string_append_printf (sql, "json_object('_id', %s, 'type', '%s'", doc_id, table->type);
  for (guint i = 0; i < table->columns->len; i++)
    {
      const BdSyncColumn *column = table->columns->pdata[i];

      if (column->ref_table != NULL)
        g_string_append_printf (sql, ", '%s', (SELECT r.uuid FROM \"%s\" AS r WHERE r.id = old.\"%s\")",
                                column->name, column->ref_table, column->name);
      else
        g_string_append_printf (sql, ", '%s', old.\"%s\"", column->name, column->name);
    }
  g_string_append (sql, ")); END");

  return g_string_free (sql, FALSE);
}

/* Makes the triggers that keep the bases of merges (base_trigger_sql())
 * for every synced table, anew for a table whose columns changed; a table
 * a later migration adds gets its own. */
gboolean
bd_sync_map_keep_bases (BdSyncMap  *self,
                        BdStore    *store,
                        GError    **error)
{
  gboolean begun = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  for (guint i = 0; i < self->tables->len; i++)
    {
      const BdSyncTable *table = self->tables->pdata[i];
      g_autofree char *sql = NULL;
      g_autofree char *name = g_strdup_printf ("sync_base_%s", table->name);
      g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
                                                 error);
      g_autofree char *drop = NULL;

      if (table->columns->len > 61)
        {
          g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                       _("Table “%s” has more columns than this version can sync"), table->name);
          goto fail;
        }
      sql = base_trigger_sql (table);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), sql) == 0)
        continue;
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (!begun && !(begun = bd_store_begin (store, error)))
        return FALSE;
      drop = g_strdup_printf ("DROP TRIGGER IF EXISTS \"%s\"", name);
      if (!bd_store_exec (store, drop, error) || !bd_store_exec (store, sql, error))
        goto fail;
    }
  return !begun || bd_store_commit (store, error);

fail:
  if (begun)
    bd_store_rollback (store);
  return FALSE;
}

/* Marks for a push the rows of @table on the server (with a revision)
 * that name the row of ?1 through @column: their documents name it by its
 * uuid, which changed. Every such column has an index of the rows with a
 * revision (schema step 9): it runs once per row merged. */
char *
bd_sync_mark_referrers_sql (const BdSyncTable  *table,
                            const BdSyncColumn *column)
{
  return g_strdup_printf ("UPDATE \"%s\" SET dirty = 1 WHERE \"%s\" = ? AND rev IS NOT NULL",
                          table->name, column->name);
}

char *
bd_sync_doc_id (const BdSyncTable *table,
                const char        *uuid)
{
  return g_strconcat (table->type, ":", uuid, NULL);
}

/* "order_line:0190..." -> "order_line", "0190...". */
gboolean
bd_sync_split_doc_id (const char  *doc_id,
                      char       **type,
                      char       **uuid)
{
  const char *colon = strchr (doc_id, ':');

  if (colon == NULL || colon == doc_id || colon[1] == '\0')
    return FALSE;
  *type = g_strndup (doc_id, colon - doc_id);
  *uuid = g_strdup (colon + 1);
  return TRUE;
}

JsonObject *
bd_sync_row_to_doc (const BdSyncTable *table,
                    sqlite3_stmt      *stmt)
{
  JsonObject *doc = json_object_new ();

  {
    g_autofree char *id = bd_sync_doc_id (table, (const char *)sqlite3_column_text (stmt, 1));

    json_object_set_string_member (doc, "_id", id);
  }
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    json_object_set_string_member (doc, "_rev", (const char *)sqlite3_column_text (stmt, 2));
  json_object_set_string_member (doc, "type", table->type);

  for (guint i = 0; i < table->columns->len; i++)
    {
      const BdSyncColumn *column = table->columns->pdata[i];
      int col = 4 + i;

      switch (sqlite3_column_type (stmt, col))
        {
        case SQLITE_NULL:
          json_object_set_null_member (doc, column->name);
          break;
        case SQLITE_INTEGER:
          json_object_set_int_member (doc, column->name, sqlite3_column_int64 (stmt, col));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (doc, column->name, sqlite3_column_double (stmt, col));
          break;
        default:
          json_object_set_string_member (doc, column->name, (const char *)sqlite3_column_text (stmt, col));
          break;
        }
    }

  return doc;
}

/* The document of row @rowid of @table, NULL when there is none. */
JsonObject *
bd_sync_load_doc (BdStore           *store,
                  const BdSyncTable *table,
                  gint64             rowid,
                  gboolean          *dirty,
                  GError           **error)
{
  g_autofree char *sql = g_strconcat (table->select_sql, " WHERE t.id = ?", NULL);
  sqlite3_stmt *stmt = bd_store_cached_built (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      JsonObject *doc;

      if (dirty != NULL)
        *dirty = sqlite3_column_int (stmt, 3);
      doc = bd_sync_row_to_doc (table, stmt);
      sqlite3_reset (stmt);
      return doc;
    }
  if (rc != SQLITE_DONE)
    bd_store_set_sql_error (store, error, _("reading"));
  else
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("No row %" G_GINT64_FORMAT " in %s"),
                 rowid, table->name);
  sqlite3_reset (stmt);
  return NULL;
}

/* The document's fields as canonical text, without _rev: what tells two
 * versions of a row apart. */
char *
bd_sync_doc_body (JsonObject *doc)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) members = json_object_get_members (doc);

  members = g_list_sort (members, (GCompareFunc)strcmp);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "_rev"))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (doc, l->data)));
  json_node_set_object (node, copy);

  return json_to_string (node, FALSE);
}

/* Whether @doc can be a row of @table: each field present is of its
 * column's type, a NOT NULL column without a default is present and not
 * null. */
gboolean
bd_sync_check_doc (const BdSyncTable *table,
                   JsonObject        *doc,
                   GError           **error)
{
  const char *id = json_object_get_string_member_with_default (doc, "_id", "?");

  for (guint i = 0; i < table->columns->len; i++)
    {
      const BdSyncColumn *column = table->columns->pdata[i];
      JsonNode *node = json_object_get_member (doc, column->name);
      const char *expected;

      if (node == NULL)
        {
          if (column->not_null && !column->has_default)
            {
              g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                           _("Document “%s” has no field “%s”"), id, column->name);
              return FALSE;
            }
          continue;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (column->not_null)
            {
              g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                           _("Document “%s”: field “%s” may not be null"), id, column->name);
              return FALSE;
            }
          continue;
        }

      if (column->integer && column->ref_table == NULL)
        {
          expected = _("an integer");
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            continue;
        }
      else
        {
          expected = column->ref_table != NULL ? _("a uuid") : _("text");
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            continue;
        }
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT,
                   _("Document “%s”: field “%s” should be %s"), id, column->name, expected);
      return FALSE;
    }

  return TRUE;
}

/* The local id of the row of @table whose uuid is @uuid; 0 when there is
 * none, -1 on error. */
gint64
bd_sync_resolve_uuid (BdStore     *store,
                      const char  *table,
                      const char  *uuid,
                      GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE uuid = ?", table);
  sqlite3_stmt *stmt = bd_store_cached_built (store, sql, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading"));
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

/* Writes the fields of @doc (checked by bd_sync_check_doc()) into row
 * @rowid of @table, or a new row when @rowid is 0, with @uuid, @rev and
 * @dirty. References are resolved to local ids; a reference to a row not
 * here yet writes nothing. Fields the document lacks keep their value (or
 * default). */
BdSyncWriteResult
bd_sync_write_row (BdStore           *store,
                   const BdSyncTable *table,
                   JsonObject        *doc,
                   gint64             rowid,
                   const char        *uuid,
                   const char        *rev,
                   gboolean           dirty,
                   gint64            *new_rowid,
                   GError           **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GPtrArray) present = g_ptr_array_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int n = 1;

  for (guint i = 0; i < table->columns->len; i++)
    {
      const BdSyncColumn *column = table->columns->pdata[i];
      JsonNode *node = json_object_get_member (doc, column->name);
      gint64 id = 0;

      if (node == NULL)
        continue;
      if (column->ref_table != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          id = bd_sync_resolve_uuid (store, column->ref_table, json_node_get_string (node), error);
          if (id < 0)
            return BD_SYNC_WRITE_FAILED;
          if (id == 0)
            return BD_SYNC_WRITE_MISSING_REFERENCE;
        }
      g_ptr_array_add (present, (gpointer)column);
      g_array_append_val (ids, id);
    }

  if (rowid == 0)
    {
      g_string_append_printf (sql, "INSERT INTO \"%s\" (uuid, rev, dirty", table->name);
      g_string_append (values, "?, ?, ?");
      for (guint i = 0; i < present->len; i++)
        {
          const BdSyncColumn *column = present->pdata[i];

          g_string_append_printf (sql, ", \"%s\"", column->name);
          g_string_append (values, ", ?");
        }
      g_string_append_printf (sql, ") VALUES (%s)", values->str);
    }
  else
    {
      g_string_append_printf (sql, "UPDATE \"%s\" SET uuid = ?, rev = ?, dirty = ?", table->name);
      for (guint i = 0; i < present->len; i++)
        {
          const BdSyncColumn *column = present->pdata[i];

          g_string_append_printf (sql, ", \"%s\" = ?", column->name);
        }
      g_string_append (sql, " WHERE id = ?");
    }

  stmt = bd_store_cached_built (store, sql->str, error);
  if (stmt == NULL)
    return BD_SYNC_WRITE_FAILED;
  sqlite3_bind_text (stmt, n++, uuid, -1, SQLITE_TRANSIENT);
  if (rev != NULL)
    sqlite3_bind_text (stmt, n++, rev, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, n++);
  sqlite3_bind_int (stmt, n++, dirty);
  for (guint i = 0; i < present->len; i++, n++)
    {
      const BdSyncColumn *column = present->pdata[i];
      JsonNode *node = json_object_get_member (doc, column->name);

      if (JSON_NODE_HOLDS_NULL (node))
        sqlite3_bind_null (stmt, n);
      else if (column->ref_table != NULL)
        sqlite3_bind_int64 (stmt, n, g_array_index (ids, gint64, i));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        sqlite3_bind_int64 (stmt, n, json_node_get_int (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        sqlite3_bind_double (stmt, n, json_node_get_double (node));
      else
        sqlite3_bind_text (stmt, n, json_node_get_string (node), -1, SQLITE_TRANSIENT);
    }
  if (rowid != 0)
    sqlite3_bind_int64 (stmt, n++, rowid);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("writing %s from the server"), table->name);

      bd_store_set_sql_error (store, error, what);
      sqlite3_reset (stmt);
      return BD_SYNC_WRITE_FAILED;
    }
  sqlite3_reset (stmt);
  if (new_rowid != NULL)
    *new_rowid = rowid != 0 ? rowid : sqlite3_last_insert_rowid (bd_store_get_db (store));

  return BD_SYNC_WRITE_DONE;
}
