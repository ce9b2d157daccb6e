/* test-store.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>

#include "bd-backorder-query.h"
#include "bd-schema.h"
#include "bd-store-private.h"
#include "bd-test-util.h"

static void
test_store_create (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autofree char *mode = bd_test_text (store, "PRAGMA journal_mode");
  g_autofree char *currency = bd_store_get_default_currency (store);

  g_assert_cmpint (bd_store_get_schema_version (store), ==, BD_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (bd_test_count (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "PRAGMA synchronous"), ==, 2);  /* FULL */
  g_assert_cmpstr (currency, ==, "USD");

  /* every table a person writes carries identity, times, tombstone, sync */
  for (const char * const *t = (const char * const[]) { "suppliers", "products", "product_suppliers",
                                                       "customers", "orders", "order_lines",
                                                       "notes", "complaints", "events", NULL };
       *t != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s')"
                                              " WHERE name IN ('uuid', 'created_at', 'updated_at',"
                                              " 'deleted', 'rev', 'dirty')", *t);
      g_assert_cmpint (bd_test_count (store, sql), ==, 6);
    }

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

/* Each released schema has a database under tests/data; opening it must
 * bring it to the current version, keep every row, keep the file as it was
 * beside it, and give the schema a new store gets. */
static BdStore *
open_old_fixture (const char *dir,
                  int         version)
{
  g_autofree char *name = g_strdup_printf ("desk-v%d.sqlite3", version);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *kept_suffix = g_strdup_printf (".v%d-backup", version);
  g_autofree char *kept = g_strconcat (path, kept_suffix, NULL);
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  copy_file (fixture, path);
  store = bd_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (bd_store_get_schema_version (store), ==, BD_STORE_SCHEMA_VERSION);
  g_assert_cmpint (bd_test_count (store, "PRAGMA application_id"), ==, BD_SCHEMA_APPLICATION_ID);

  /* the file as it was is kept beside it, at its old version */
  g_assert_cmpint (sqlite3_open_v2 (kept, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                           " (SELECT count(*) FROM order_lines)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, version);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 35);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines"), ==, 35);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM suppliers"), ==, 8);

  /* the migrated schema is the one a new store gets */
  {
    g_autofree char *fresh_path = g_build_filename (dir, "fresh.sqlite3", NULL);
    g_autoptr(BdStore) fresh = bd_store_create (fresh_path, &error);
    const char *schema_sql = "SELECT group_concat(type || ' ' || name || ': ' || coalesce(sql, ''), '\n')"
                             " FROM (SELECT * FROM sqlite_schema ORDER BY name)";
    g_autofree char *migrated_schema = bd_test_text (store, schema_sql);
    g_autofree char *fresh_schema = NULL;

    g_assert_no_error (error);
    fresh_schema = bd_test_text (fresh, schema_sql);
    g_assert_cmpstr (migrated_schema, ==, fresh_schema);
  }

  return g_steal_pointer (&store);
}

static void
test_store_migrate_from_v1 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 1);
  g_autofree char *note = NULL;

  note = bd_test_text (store, "SELECT body FROM notes WHERE body LIKE '%schema version 1%'");
  g_assert_cmpstr (note, ==, "A note from schema version 1");
  /* the search index still answers */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'schema'"), ==, 1);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 2 gained purchasing in version 3: the new columns start empty
 * (nothing covered, allocated or promised by a PO) and every line, note
 * and cancellation of version 2 is kept. */
static void
test_store_migrate_from_v2 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 2);
  g_autofree char *reason = NULL;

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'schema'"), ==, 2);
  reason = bd_test_text (store, "SELECT cancel_reason FROM order_lines WHERE status = 'cancelled'"
                                " AND cancel_reason = 'v2 cancel'");
  g_assert_cmpstr (reason, ==, "v2 cancel");

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines"
                                         " WHERE covered_quantity = 0 AND allocated_quantity = 0 AND eta IS NULL"), ==, 35);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders WHERE ship_complete = 0"), ==,
                   bd_test_count (store, "SELECT count(*) FROM orders"));
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM suppliers WHERE archived = 0"), ==, 8);
  for (const char * const *table = (const char * const[]) { "purchase_orders", "po_lines", "po_line_covers",
                                                            "receipts", "receipt_lines", "allocations",
                                                            "team_settings", NULL };
       *table != NULL; table++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", *table);

      g_assert_cmpint (bd_test_count (store, sql), ==, 0);
    }

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 3 gained communication in version 4: its purchase order, the
 * line it covers and the team's company are kept; customers can be
 * reached as before (by email, no SMS consent); the default templates are
 * there, one per kind and language. */
static void
test_store_migrate_from_v3 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 3);
  g_autofree char *eta = NULL;

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'schema'"), ==, 3);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM purchase_orders WHERE number = 'PO-V3-0001'"), ==, 1);
  eta = bd_test_text (store, "SELECT eta FROM order_lines WHERE status = 'on_order' AND covered_quantity > 0");
  g_assert_cmpstr (eta, ==, "2026-12-11");
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM team_settings WHERE key = 'company_name'"), ==, 1);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM customers"
                                         " WHERE preferred_channel = 'email' AND sms_consent = 0 AND phone IS NULL"), ==,
                   bd_test_count (store, "SELECT count(*) FROM customers"));
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM complaints WHERE status <> 'open'"), ==, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM templates"), ==, 44);
  g_assert_cmpint (bd_test_count (store, "SELECT count(DISTINCT language) FROM templates"), ==, 4);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages"), ==, 0);
  /* complaints written before are found by their own search index */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH 'promised'"),
                   ==, 1);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 4 gained the mark of links that product_suppliers.csv or the
 * desk set in version 5: none of version 4's is marked, and its links
 * (one with a pack size of its own), purchasing data and templates are
 * kept. */
static void
test_store_migrate_from_v4 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 4);
  g_autofree char *po = NULL;

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers"), ==, 25);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers WHERE set_as_link = 0"), ==, 25);
  g_assert_cmpint (bd_test_count (store, "SELECT pack_size FROM product_suppliers WHERE pack_size IS NOT NULL"), ==, 12);
  po = bd_test_text (store, "SELECT number || ' ' || status || ' ' || expected_at FROM purchase_orders");
  g_assert_cmpstr (po, ==, "PO-V3-0001 sent 2026-12-10");
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM team_settings WHERE key = 'company_name'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM templates"), ==, 44);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 6 gained the tables of sync (the last synced version of each
 * document, refused writes, conflicts): empty after the migration, and
 * every row of version 5 still waits for its first push. */
static void
test_store_migrate_from_v5 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 5);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers WHERE set_as_link = 1"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 35);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sync_shadow"), ==, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sync_refused"), ==, 0);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 6 gained the index of events by entity and the on-hand
 * snapshots in version 7: no snapshot is invented for the past. */
static void
test_store_migrate_from_v6 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 6);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM on_hand_snapshots"), ==, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sqlite_schema"
                                         " WHERE type = 'index' AND name = 'events_entity'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers WHERE set_as_link = 1"), ==, 1);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 7 gained the index of ETAs in version 8: it holds the open
 * lines purchasing gives an ETA, and the queue sorts them by it. */
static void
test_store_migrate_from_v7 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 7);
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sqlite_schema"
                                         " WHERE type = 'index' AND name = 'order_lines_eta'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines INDEXED BY order_lines_eta"
                                         " WHERE backordered_quantity > 0 AND deleted = 0"
                                         " AND CASE status WHEN 'on_order' THEN 1 WHEN 'allocated' THEN 1"
                                         " WHEN 'waiting' THEN covered_quantity > 0 ELSE 0 END"
                                         " AND status = 'on_order' AND eta = '2026-12-11'"), ==, 1);

  query->sort = BD_SORT_ETA;
  ids = bd_backorder_query_run_ids (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM on_hand_snapshots"), ==, 0);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Version 8 gained in version 9 an index per reference column of the rows
 * on the server (rev set) that had none: the synced rows of the fixture
 * (its even orders and lines) are in them, the others not. */
static void
test_store_migrate_from_v8 (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autoptr(BdStore) store = open_old_fixture (dir, 8);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sqlite_schema"
                                         " WHERE type = 'index' AND name LIKE '%\\_synced\\_%' ESCAPE '\\'"), ==, 7);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE rev IS NOT NULL"), ==, 17);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines INDEXED BY order_lines_synced_customer"
                                         " WHERE customer_id = 3 AND rev IS NOT NULL"), ==,
                   bd_test_count (store, "SELECT count(*) FROM order_lines NOT INDEXED"
                                         " WHERE customer_id = 3 AND rev IS NOT NULL"));
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines INDEXED BY order_lines_synced_customer"
                                         " WHERE customer_id = 3 AND rev IS NOT NULL"), ==, 5);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines INDEXED BY order_lines_synced_product"
                                         " WHERE product_id > 0 AND rev IS NOT NULL"), ==, 17);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders INDEXED BY orders_synced_customer"
                                         " WHERE customer_id > 0 AND rev IS NOT NULL"), ==, 10);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* An empty file is not a database: refused untouched when a database is
 * opened, made into one only when a new database was asked for. */
static void
test_store_migrate_from_empty (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.sqlite3", NULL);
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 1;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_null (bd_store_open (path, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS);
  g_assert_nonnull (strstr (error->message, "empty file"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 0);

  store = bd_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bd_store_get_schema_version (store), ==, BD_STORE_SCHEMA_VERSION);
  g_assert_cmpint (bd_test_count (store, "PRAGMA application_id"), ==, BD_SCHEMA_APPLICATION_ID);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* A mistyped path is refused, and no folder or file is made for it. */
static void
test_store_missing (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "typo", NULL);
  g_autofree char *path = g_build_filename (sub, "desk.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;

  g_assert_null (bd_store_open (path, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_null (bd_store_open_readonly (path, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (sub, G_FILE_TEST_EXISTS));

  store = bd_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

static char *
read_file (const char *path,
           gsize      *len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

/* Another program's SQLite file is refused byte for byte untouched (it
 * used to get our 27 tables, WAL and user_version 1), with or without an
 * application id of its own. */
static void
test_store_foreign_database (void)
{
  const char *setups[] = {
    "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); PRAGMA user_version = 3;",
    "PRAGMA application_id = 1234; CREATE TABLE settings (key, value);",
    /* our table names, but not our file */
    "CREATE TABLE settings (k); CREATE TABLE order_lines (x); CREATE TABLE events (y);",
  };

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      g_autofree char *dir = bd_test_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "other.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gsize before_len, after_len;
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, setups[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      before = read_file (path, &before_len);

      g_assert_null (bd_store_open (path, &error));
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS);
      g_assert_nonnull (strstr (error->message, "another program"));
      g_clear_error (&error);
      g_assert_null (bd_store_create (path, &error));
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS);
      g_clear_error (&error);
      g_assert_null (bd_store_open_readonly (path, &error));
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS);

      after = read_file (path, &after_len);
      g_assert_cmpmem (before, before_len, after, after_len);
      bd_test_rm_rf (dir);
    }
}

static gboolean
failing_step (sqlite3  *db,
              GError  **error)
{
  g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL, "the backfill failed");
  return FALSE;
}

/* A step that fails, in SQL, in C or by leaving rows that break a foreign
 * key, leaves the file as it was: its version, its tables, its rows. */
static void
test_store_migrate_failing_step (void)
{
  const BdSchemaStep bad_steps[] = {
    { "CREATE TABLE half_done (a); INSERT INTO no_such_table VALUES (1);", NULL },
    { "CREATE TABLE half_done (a);", failing_step },
    { "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE half_done (p INTEGER REFERENCES parent (id));"
      "INSERT INTO half_done VALUES (42);", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_steps); i++)
    {
      g_autofree char *dir = NULL;
      g_autoptr(BdStore) store = bd_test_store_new (&dir);
      g_autofree char *path = g_strdup (bd_store_get_path (store));
      g_autofree BdSchemaStep *steps = g_new0 (BdSchemaStep, bd_schema_n_steps + 1);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      BdStore *again;

      g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                          "order_ref,ordered_at,customer_ref,sku,quantity\n"
                                          "SO-1,2026-03-01,C-1,MUG,2\n", NULL, &error));
      before = bd_test_dump (store);
      g_clear_object (&store);

      memcpy (steps, bd_schema_steps, bd_schema_n_steps * sizeof (BdSchemaStep));
      steps[bd_schema_n_steps] = bad_steps[i];
      again = bd_store_open_with_steps (path, steps, bd_schema_n_steps + 1, &error);
      g_assert_null (again);
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL);
      g_clear_error (&error);

      store = bd_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bd_store_get_schema_version (store), ==, BD_STORE_SCHEMA_VERSION);
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sqlite_schema"
                                             " WHERE name IN ('half_done', 'parent')"), ==, 0);
      /* foreign keys are on again */
      g_assert_cmpint (bd_test_count (store, "PRAGMA foreign_keys"), ==, 1);
      after = bd_test_dump (store);
      g_assert_cmpstr (after, ==, before);

      g_clear_object (&store);
      bd_test_rm_rf (dir);
    }
}

static void
test_store_too_new (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autofree char *path = g_strdup (bd_store_get_path (store));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len, after_len;
  BdStore *again;

  g_assert_true (bd_store_exec (store, "PRAGMA user_version = 99", NULL));
  g_assert_true (bd_store_exec (store, "PRAGMA journal_mode = DELETE", NULL));
  g_clear_object (&store);

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  again = bd_store_open (path, &error);
  g_assert_null (again);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));

  /* left untouched, byte for byte, and not turned into WAL */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  bd_test_rm_rf (dir);
}

static void
test_store_not_a_database (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  const char *text = "This is a shopping list, not a database. It is long enough to have a header.";
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  BdStore *store;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  store = bd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS);
  g_assert_nonnull (strstr (error->message, "not a Backorder Desk database"));

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);

  bd_test_rm_rf (dir);
}

static void
test_store_uuid (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GRegex) layout = g_regex_new ("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                                          0, 0, NULL);
  g_autofree char *previous = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);

  bd_store_set_fixed_clock (store, now);
  bd_store_set_seed (store, 42);
  for (guint i = 0; i < 10000; i++)
    {
      char *uuid = bd_store_new_uuid (store);

      g_assert_true (g_regex_match (layout, uuid, 0, NULL));
      /* time-ordered even within one millisecond */
      if (previous != NULL)
        g_assert_cmpstr (previous, <, uuid);
      g_free (previous);
      previous = g_strdup (uuid);
      if (i < 3)
        g_ptr_array_add (first, g_strdup (uuid));
      g_free (uuid);
    }

  /* the timestamp is the clock's: 2026-01-02T03:04:05Z 019b7ca98c88 in hex ms */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (first, 0), "019b7ca9-8c88"));

  /* the same seed and clock give the same uuids */
  bd_store_set_seed (store, 42);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uuid = bd_store_new_uuid (store);
      g_assert_cmpstr (uuid, ==, g_ptr_array_index (first, i));
    }

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

static void
test_store_event (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *author = NULL;

  g_assert_true (bd_store_add_event (store, "b1", "status", "order_lines", "u1", 0,
                                     "status", "waiting", "shipped", &error));
  g_assert_no_error (error);
  author = bd_test_text (store, "SELECT author FROM events WHERE batch = 'b1'");
  g_assert_cmpstr (author, ==, "Tester");
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE old_value = 'waiting'"
                                         " AND new_value = 'shipped'"), ==, 1);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* Transactions nest as savepoints: an inner commit is kept only if the
 * outer one commits, an inner rollback undoes only its own part, and
 * "changed" is emitted once, after the outermost commit. */
static void
test_store_nested_transactions (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (bd_test_count_changed_cb), &changed);

  /* inner committed, outer rolled back: nothing */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "INSERT INTO settings (key, value) VALUES ('a', '1')", &error));
  g_assert_true (bd_store_commit (store, &error));
  bd_store_emit_changed (store);
  g_assert_cmpint (changed, ==, 0);
  bd_store_rollback (store);
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM settings WHERE key = 'a'"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (bd_store_get_db (store)));

  /* inner rolled back, outer committed: only the outer part */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "INSERT INTO settings (key, value) VALUES ('b', '1')", &error));
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "INSERT INTO settings (key, value) VALUES ('c', '1')", &error));
  bd_store_emit_changed (store);
  bd_store_rollback (store);
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "INSERT INTO settings (key, value) VALUES ('d', '1')", &error));
  bd_store_emit_changed (store);
  g_assert_true (bd_store_commit (store, &error));
  g_assert_cmpint (changed, ==, 0);
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM settings WHERE key IN ('b', 'd')"), ==, 2);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM settings WHERE key = 'c'"), ==, 0);

  /* outside a transaction "changed" is at once */
  bd_store_emit_changed (store);
  g_assert_cmpint (changed, ==, 2);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* A backup is the committed store, taken while another connection writes;
 * it opens as a Backorder Desk database with the same rows. It replaces
 * an old file at its place whole, refuses to overwrite the database itself,
 * and a cancelled one leaves nothing behind. */
static void
test_store_backup (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(BdStore) writer = NULL;
  g_autoptr(BdStore) reader = NULL;
  g_autoptr(BdStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dest = g_build_filename (dir, "backup.sqlite3", NULL);
  g_autofree char *old_contents = NULL;
  gsize old_len;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity\n"
                                      "SO-1,2026-03-01,C-1,MUG,2,1\nSO-2,2026-03-02,C-2,LAMP,1,1\n",
                                      NULL, &error));
  g_assert_no_error (error);
  before = bd_test_dump (store);

  /* an old file at the place, and a write in progress elsewhere */
  g_assert_true (g_file_set_contents (dest, "yesterday's backup", -1, NULL));
  writer = bd_store_open (bd_store_get_path (store), &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_begin (writer, &error));
  g_assert_true (bd_store_exec (writer, "UPDATE order_lines SET priority = 2", &error));

  reader = bd_store_open_readonly (bd_store_get_path (store), &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_backup (reader, dest, NULL, &error));
  g_assert_no_error (error);
  bd_store_rollback (writer);

  copy = bd_store_open (dest, &error);
  g_assert_no_error (error);
  copied = bd_test_dump (copy);
  g_assert_cmpstr (copied, ==, before);
  g_assert_cmpint (bd_test_count (copy, "PRAGMA user_version"), ==, BD_STORE_SCHEMA_VERSION);
  g_clear_object (&copy);

  /* not over the database itself */
  g_assert_false (bd_store_backup (reader, bd_store_get_path (store), NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = bd_test_dump (store);
  g_assert_cmpstr (after, ==, before);

  /* cancelled: the old backup stays, no temporary file is left */
  g_assert_true (g_file_get_contents (dest, &old_contents, &old_len, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (bd_store_backup (reader, dest, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autofree char *now_contents = NULL;
    gsize now_len;

    g_assert_true (g_file_get_contents (dest, &now_contents, &now_len, NULL));
    g_assert_cmpmem (now_contents, now_len, old_contents, old_len);
  }
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".backorder-desk-backup"));

  g_clear_object (&reader);
  g_clear_object (&writer);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
record_tables_cb (BdStore            *store,
                  const char * const *tables,
                  GPtrArray          *seen)
{
  g_autofree char *joined = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; tables[i] != NULL; i++)
    g_ptr_array_add (sorted, (gpointer)tables[i]);
  g_ptr_array_sort (sorted, compare_names);
  g_ptr_array_add (sorted, NULL);
  joined = g_strjoinv (",", (char **)sorted->pdata);
  g_ptr_array_add (seen, g_steal_pointer (&joined));
}

/* "changed" says which tables a transaction touched (their union, once,
 * at the outermost commit), and listeners ask whether theirs is among
 * them. */
static void
test_store_changed_tables (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_signal_connect (store, "changed", G_CALLBACK (record_tables_cb), seen);

  bd_store_emit_changed_tables (store, (const char * const[]) { "notes", NULL });
  g_assert_true (bd_store_begin (store, &error));
  bd_store_emit_changed_tables (store, (const char * const[]) { "order_lines", "events", NULL });
  bd_store_emit_changed_tables (store, (const char * const[]) { "events", "notes", NULL });
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_true (bd_store_commit (store, &error));
  bd_store_emit_changed (store);

  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "notes");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "events,notes,order_lines");
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, BD_STORE_ALL_TABLES);

  g_assert_true (bd_store_changes_include ((const char * const[]) { "notes", "events", NULL }, "events"));
  g_assert_false (bd_store_changes_include ((const char * const[]) { "notes", NULL }, "order_lines"));
  g_assert_true (bd_store_changes_include ((const char * const[]) { BD_STORE_ALL_TABLES, NULL }, "orders"));

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

static gboolean
stop_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_main_loop (guint    ms,
               GPtrArray *until_seen)
{
  gboolean done = FALSE;
  guint source = g_timeout_add (ms, stop_cb, &done);

  while (!done && (until_seen == NULL || until_seen->len == 0))
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (source);
}

/* A commit of another connection (the CLI, a writer's thread) reaches the
 * listeners of a watching store as "changed" with every table; its own
 * commits do not come twice. */
static void
test_store_other_connections (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(BdStore) other = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  bd_store_watch_other_connections (store);
  g_signal_connect (store, "changed", G_CALLBACK (record_tables_cb), seen);

  /* its own change: told once, with its tables */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_SUPPLIERS, "supplier_ref,name\nS-1,One\n",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  run_main_loop (1500, NULL);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), !=, BD_STORE_ALL_TABLES);
  g_ptr_array_set_size (seen, 0);

  /* another connection's */
  other = bd_store_open (bd_store_get_path (store), &error);
  g_assert_no_error (error);
  g_assert_true (bd_test_import_text (other, BD_IMPORT_SUPPLIERS, "supplier_ref,name\nS-2,Two\n",
                                      NULL, &error));
  g_assert_no_error (error);
  run_main_loop (10000, seen);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, BD_STORE_ALL_TABLES);

  g_clear_object (&other);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* While the watch is held (the app's sync writing page after page, and
 * naming the tables itself), another connection's commits are not
 * announced; released, they are, once. */
static void
test_store_hold_watch (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(BdStore) other = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  bd_store_watch_other_connections (store);
  g_signal_connect (store, "changed", G_CALLBACK (record_tables_cb), seen);
  other = bd_store_open (bd_store_get_path (store), &error);
  g_assert_no_error (error);

  bd_store_hold_watch (store);
  bd_store_hold_watch (store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *csv = g_strdup_printf ("supplier_ref,name\nS-%u,Supplier %u\n", i, i);

      g_assert_true (bd_test_import_text (other, BD_IMPORT_SUPPLIERS, csv, NULL, &error));
      g_assert_no_error (error);
      run_main_loop (400, NULL);
    }
  run_main_loop (1000, NULL);
  g_assert_cmpuint (seen->len, ==, 0);

  /* held twice: let go once, still held */
  bd_store_release_watch (store);
  run_main_loop (500, NULL);
  g_assert_cmpuint (seen->len, ==, 0);
  bd_store_release_watch (store);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, BD_STORE_ALL_TABLES);
  run_main_loop (1000, NULL);
  g_assert_cmpuint (seen->len, ==, 1);

  /* nothing new meanwhile: nothing to say */
  bd_store_hold_watch (store);
  bd_store_release_watch (store);
  g_assert_cmpuint (seen->len, ==, 1);

  g_clear_object (&other);
  g_clear_object (&store);
  bd_test_rm_rf (dir);
}


static gboolean
bind_and_step_cb (BdStore       *store,
                  sqlite3_stmt  *stmt,
                  gpointer       data,
                  GError       **error)
{
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int (stmt, 1, GPOINTER_TO_INT (data));
  return bd_store_step_done (store, stmt, error);
}

static int
n_statements (BdStore *store)
{
  int n = 0;

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (bd_store_get_db (store), NULL); stmt != NULL;
       stmt = sqlite3_next_stmt (bd_store_get_db (store), stmt))
    n++;
  return n;
}

/* A script's statements run in turn, each prepared when its turn first
 * comes (so one may use a table an earlier one made) and kept: the second
 * run prepares nothing; a failing statement stops the script with an
 * error. */
static void
test_store_run_script (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  const char *script = "CREATE TEMP TABLE IF NOT EXISTS script_test (x INTEGER);"
                       "INSERT INTO script_test VALUES (?1);  ";
  g_autofree char *copy = g_strdup (script);
  int after_first;

  g_assert_true (bd_store_run_script (store, script, bind_and_step_cb, GINT_TO_POINTER (7), &error));
  g_assert_no_error (error);
  after_first = n_statements (store);
  /* the same text from another buffer finds the same statements */
  g_assert_true (bd_store_run_script (store, copy, bind_and_step_cb, GINT_TO_POINTER (8), &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_statements (store), ==, after_first);
  g_assert_cmpint (bd_test_count (store, "SELECT sum(x) FROM temp.script_test"), ==, 15);

  g_assert_false (bd_store_run_script (store, "INSERT INTO temp.script_test VALUES (1); INSERT INTO nowhere VALUES (1)",
                                       bind_and_step_cb, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM temp.script_test"), ==, 3);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* A commit that leaves more than 1,000 pages in the write-ahead log
 * returns before they are copied into the file: the store's thread
 * copies them (a checkpoint), the next write waits for it and starts the
 * log over, and closing the store leaves no log behind. */
static void
test_store_checkpoint (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (bd_store_get_path (store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(BdStmt) stmt = NULL;
  GStatBuf buf;

  /* small writes: no checkpoint is asked for */
  g_assert_true (bd_store_exec (store, "CREATE TABLE bulk (x BLOB)", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bd_store_get_n_checkpoints (store), ==, 0);

  /* some 1,500 pages of 4 KiB */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store,
                                "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
                                " INSERT INTO bulk SELECT randomblob(3000) FROM n",
                                &error));
  g_assert_no_error (error);
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM bulk"), ==, 1500);

  bd_store_wait_checkpoint (store);
  g_assert_cmpuint (bd_store_get_n_checkpoints (store), ==, 1);
  /* the pages are in the file itself */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 1500 * 3000);

  /* the next write starts the log over: one page or two in it */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "INSERT INTO bulk VALUES (x'00')", &error));
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);
  stmt = bd_store_prepare (store, "PRAGMA wal_checkpoint(PASSIVE)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), <, 10);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM bulk"), ==, 1501);

  /* a checkpoint asked for and the store closed at once: no log left,
   * nothing lost */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "UPDATE bulk SET x = randomblob(3000)", &error));
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM bulk WHERE length(x) = 3000"), ==, 1501);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* While writes overlap checkpoints (a sync's pull, page after page), a
 * write does not wait for the checkpoint the one before asked for: here
 * one held until the end, which a write would otherwise wait for forever. */
static void
test_store_overlap_checkpoints (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (store, "CREATE TABLE bulk (x BLOB)", &error));
  g_assert_no_error (error);
  bd_store_hold_checkpoints (store, TRUE);
  bd_store_set_overlap_checkpoints (store, TRUE);

  /* some 1,500 pages: a checkpoint asked for, and held */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store,
                                "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
                                " INSERT INTO bulk SELECT randomblob(3000) FROM n",
                                &error));
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);

  /* the next write goes ahead of it */
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_exec (store, "INSERT INTO bulk VALUES (x'00')", &error));
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bd_store_get_n_checkpoints (store), ==, 0);

  bd_store_set_overlap_checkpoints (store, FALSE);
  bd_store_hold_checkpoints (store, FALSE);
  bd_store_wait_checkpoint (store);
  g_assert_cmpuint (bd_store_get_n_checkpoints (store), >=, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM bulk"), ==, 1501);

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create", test_store_create);
  g_test_add_func ("/store/run-script", test_store_run_script);
  g_test_add_func ("/store/migrate/from-empty", test_store_migrate_from_empty);
  g_test_add_func ("/store/migrate/from-v1", test_store_migrate_from_v1);
  g_test_add_func ("/store/migrate/from-v2", test_store_migrate_from_v2);
  g_test_add_func ("/store/migrate/from-v3", test_store_migrate_from_v3);
  g_test_add_func ("/store/migrate/from-v4", test_store_migrate_from_v4);
  g_test_add_func ("/store/migrate/from-v5", test_store_migrate_from_v5);
  g_test_add_func ("/store/migrate/from-v6", test_store_migrate_from_v6);
  g_test_add_func ("/store/migrate/from-v7", test_store_migrate_from_v7);
  g_test_add_func ("/store/migrate/from-v8", test_store_migrate_from_v8);
  g_test_add_func ("/store/migrate/failing-step", test_store_migrate_failing_step);
  g_test_add_func ("/store/refuse/missing", test_store_missing);
  g_test_add_func ("/store/refuse/foreign", test_store_foreign_database);
  g_test_add_func ("/store/refuse/too-new", test_store_too_new);
  g_test_add_func ("/store/refuse/not-a-database", test_store_not_a_database);
  g_test_add_func ("/store/uuid", test_store_uuid);
  g_test_add_func ("/store/event", test_store_event);
  g_test_add_func ("/store/nested-transactions", test_store_nested_transactions);
  g_test_add_func ("/store/backup", test_store_backup);
  g_test_add_func ("/store/changed-tables", test_store_changed_tables);
  g_test_add_func ("/store/other-connections", test_store_other_connections);
  g_test_add_func ("/store/hold-watch", test_store_hold_watch);
  g_test_add_func ("/store/overlap-checkpoints", test_store_overlap_checkpoints);
  g_test_add_func ("/store/checkpoint", test_store_checkpoint);

  return g_test_run ();
}
