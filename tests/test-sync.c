/* test-sync.c: sync with a CouchDB server, against a real one (PouchDB
 * Server, started per test on a free loopback port)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>

#include "bd-actions.h"
#include "bd-couch-server.h"
#include "bd-demo.h"
#include "bd-notes.h"
#include "bd-sync.h"
#include "bd-sync-setup.h"
#include "bd-sync-test-util.h"
#include "bd-test-util.h"

#define DB BD_SYNC_TEST_DB

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,promised_at,shipped_at\n"
  "SO-1,2026-03-01,C-1,Ada,MUG,2,2,2026-03-20,\n"
  "SO-1,2026-03-01,C-1,Ada,PAN,1,1,,\n"
  "SO-2,2026-03-02,C-2,Grace,MUG,1,1,,\n"
  "SO-3,2026-03-03,C-3,Jean,LAMP,1,1,,\n";

static void
sync_as (BdSyncTestClient *client,
         BdCouchServer    *server,
         const char       *user,
         const char       *password)
{
  bd_sync_test_client_sync (client, server, user, password, 7);
}

static void
sync_client (BdSyncTestClient *client,
             BdCouchServer    *server)
{
  sync_as (client, server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
}

static gint64
update_seq (BdCouchServer *server)
{
  g_autoptr(JsonNode) info = bd_sync_test_admin_request (server, "GET", "", NULL);

  return json_object_get_int_member (json_node_get_object (info), "update_seq");
}

/* Everything a store holds of its synced rows, keyed by uuid, references
 * as uuids: local ids differ between machines, and are left out. */
static char *
export_synced (BdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = bd_sync_map_new (store, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint t = 0; t < bd_sync_map_get_n_tables (map); t++)
    {
      const BdSyncTable *table = bd_sync_map_get_table (map, t);
      g_autofree char *sql = g_strdup_printf ("%s ORDER BY t.uuid", table->select_sql);
      g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "== %s\n", table->name);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append_printf (out, "%s", sqlite3_column_text (stmt, 1));
          for (int c = 4; c < sqlite3_column_count (stmt); c++)
            {
              const char *v = (const char *)sqlite3_column_text (stmt, c);
              g_string_append_printf (out, "|%s", v ? v : "NULL");
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* Every table, sync state included: what "the store unchanged" compares. */
static char *
dump_all (BdStore *store)
{
  g_autoptr(BdStmt) names = bd_store_prepare (store, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                                     " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name", NULL);
  GString *out = g_string_new (NULL);

  while (sqlite3_step (names) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", sqlite3_column_text (names, 0));
      g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, NULL);

      g_string_append_printf (out, "== %s\n", sqlite3_column_text (names, 0));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *v = (const char *)sqlite3_column_text (stmt, c);
              g_string_append_printf (out, "%s|", v ? v : "NULL");
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static gint64
line_of (BdSyncTestClient *client,
         const char       *ref)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (bd_actions_find_line (client->store, ref, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
import_orders (BdSyncTestClient *client,
               const char       *csv)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (bd_test_import_text (client->store, BD_IMPORT_ORDERS, csv, NULL, &error));
  g_assert_no_error (error);
}

/* ---- the mapping ---- */

/* The synced tables are found in the schema: every table with the sync
 * columns, and one a later migration adds without any sync code. */
static void
test_map_tables (void)
{
  g_autoptr(BdSyncTestClient) client = bd_sync_test_client_new ("Ann");
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(BdSyncMap) map = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  const BdSyncTable *table;
  const BdSyncColumn *column;

  map = bd_sync_map_new (client->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bd_sync_map_get_n_tables (map); i++)
    g_string_append_printf (names, "%s ", bd_sync_map_get_table (map, i)->name);
  g_assert_cmpstr (names->str, ==,
                   "suppliers products product_suppliers customers orders order_lines notes complaints events "
                   "team_settings purchase_orders po_lines po_line_covers receipts receipt_lines allocations "
                   "templates messages delay_notices product_alternatives incentives on_hand_snapshots ");
  /* and the same list from the schema, independently */
  g_assert_cmpint (bd_test_count (client->store,
                                  "SELECT count(*) FROM sqlite_schema AS s WHERE type = 'table' AND"
                                  " (SELECT count(*) FROM pragma_table_info(s.name)"
                                  "  WHERE name IN ('uuid', 'rev', 'dirty', 'deleted', 'updated_at')) = 5"),
                   ==, bd_sync_map_get_n_tables (map));

  table = bd_sync_map_lookup_type (map, "order_line");
  g_assert_nonnull (table);
  g_assert_cmpstr (table->name, ==, "order_lines");
  column = bd_sync_table_get_column (table, "order_id");
  g_assert_cmpstr (column->ref_table, ==, "orders");
  g_assert_null (bd_sync_table_get_column (table, "id"));
  g_assert_null (bd_sync_table_get_column (table, "dirty"));
  /* a reference without a REFERENCES clause */
  column = bd_sync_table_get_column (bd_sync_map_lookup_type (map, "event"), "line_id");
  g_assert_cmpstr (column->ref_table, ==, "order_lines");
  /* natural keys: the unique indexes but the uuid's */
  g_assert_cmpint (table->keys->len, ==, 1);
  g_assert_cmpstr (((char **)table->keys->pdata[0])[0], ==, "order_id");
  g_assert_cmpstr (((char **)table->keys->pdata[0])[1], ==, "product_id");
  g_assert_cmpint (bd_sync_map_lookup_type (map, "note")->keys->len, ==, 0);

  /* a table a later version adds */
  g_assert_true (bd_store_exec (client->store,
                                "CREATE TABLE widgets (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
                                " line_id INTEGER REFERENCES order_lines (id), size INTEGER,"
                                " uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
                                " deleted INTEGER NOT NULL DEFAULT 0, rev TEXT, dirty INTEGER NOT NULL DEFAULT 1)",
                                &error));
  g_assert_no_error (error);
  g_clear_pointer (&map, bd_sync_map_free);
  map = bd_sync_map_new (client->store, &error);
  table = bd_sync_map_lookup_type (map, "widget");
  g_assert_nonnull (table);
  g_assert_cmpstr (bd_sync_table_get_column (table, "line_id")->ref_table, ==, "order_lines");

  /* and its rows on the server keep their merge bases as they turn dirty */
  g_assert_true (bd_sync_map_keep_bases (map, client->store, &error));
  g_assert_no_error (error);
  g_assert_true (bd_store_exec (client->store,
                                "INSERT INTO widgets (code, size, uuid, created_at, updated_at, rev, dirty)"
                                " VALUES ('W-1', 3, 'w1', '2026-05-01', '2026-05-01', '1-w', 0);"
                                " UPDATE widgets SET size = 4, dirty = 1", &error));
  g_assert_no_error (error);
  base = bd_test_text (client->store, "SELECT rev || ' ' || body FROM sync_shadow WHERE doc_id = 'widget:w1'");
  g_assert_cmpstr (base, ==, "1-w {\"_id\":\"widget:w1\",\"type\":\"widget\",\"code\":\"W-1\",\"line_id\":null,"
                             "\"size\":3,\"created_at\":\"2026-05-01\",\"updated_at\":\"2026-05-01\",\"deleted\":0}");
}

#define WIDGETS_SQL \
  "CREATE TABLE widgets (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE," \
  " line_id INTEGER REFERENCES order_lines (id), size INTEGER," \
  " uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL," \
  " deleted INTEGER NOT NULL DEFAULT 0, rev TEXT, dirty INTEGER NOT NULL DEFAULT 1)"

/* A row of every synced table goes to the server as a document and comes
 * back into another store the same, references and all. */
static void
test_map_round_trip (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autofree char *line_uuid = NULL;
  g_autofree char *order_uuid = NULL;
  g_autofree char *path = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  BdDemoOptions options = { .n_orders = 30, .seed = 3, .now = now };
  JsonObject *object;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  g_assert_true (bd_demo_generate (a->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  bd_store_set_fixed_clock (a->store, NULL);

  /* a table of a later version, on both */
  g_assert_true (bd_store_exec (a->store, WIDGETS_SQL, &error));
  g_assert_true (bd_store_exec (b->store, WIDGETS_SQL, &error));
  g_assert_true (bd_store_exec (a->store,
                                "INSERT INTO widgets (code, line_id, size, uuid, created_at, updated_at)"
                                " SELECT 'W-1', min(id), 3, '00000000-0000-7000-8000-00000000000w',"
                                " '2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z' FROM order_lines", &error));
  g_assert_no_error (error);
  /* a row of each: what the sample data lacks is made here */
  g_assert_true (bd_store_exec (a->store,
                                "INSERT INTO product_alternatives (product_id, alternative_id, uuid, created_at, updated_at)"
                                " SELECT min(id), max(id), 'alt-1', '2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z'"
                                " FROM products;"
                                "INSERT INTO complaints (line_id, author, category, body, uuid, created_at, updated_at)"
                                " SELECT min(id), 'Ann', 'late', 'Where is it?', 'complaint-1', '2026-05-01T12:00:00Z',"
                                " '2026-05-01T12:00:00Z' FROM order_lines;"
                                "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                                " VALUES ('company_name', 'Shop', 'setting-1', '2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z');"
                                "INSERT INTO messages (channel, status, customer_id, line_id, body, reference, author, eta,"
                                " uuid, created_at, updated_at)"
                                " SELECT 'email', 'sent', customer_id, id, 'It comes', '<m1@shop>', 'Ann', '2026-05-20',"
                                " 'message-1', '2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z' FROM order_lines"
                                " ORDER BY id LIMIT 1;"
                                "INSERT INTO delay_notices (line_id, message_id, new_date, deadline, uuid, created_at, updated_at)"
                                " SELECT line_id, id, '2026-05-20', '2026-05-10', 'notice-1', '2026-05-01T12:00:00Z',"
                                " '2026-05-01T12:00:00Z' FROM messages;"
                                "INSERT INTO incentives (customer_id, line_id, kind, amount, currency, author, uuid,"
                                " created_at, updated_at)"
                                " SELECT customer_id, id, 'discount', 500, 'EUR', 'Ann', 'incentive-1',"
                                " '2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z' FROM order_lines ORDER BY id LIMIT 1;"
                                "INSERT INTO on_hand_snapshots (product_id, day, on_hand, unit_cost, currency, uuid,"
                                " created_at, updated_at)"
                                " SELECT id, '2026-05-01', 7, 1250, 'EUR', 'snapshot-' || id,"
                                " '2026-05-01T12:00:00Z', '2026-05-01T12:00:00Z' FROM products;",
                                &error));
  g_assert_no_error (error);

  map = bd_sync_map_new (a->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bd_sync_map_get_n_tables (map); i++)
    {
      const BdSyncTable *table = bd_sync_map_get_table (map, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table->name);

      if (bd_test_count (a->store, sql) == 0)
        {
          g_autofree char *message = g_strdup_printf ("the sample data has no row of %s", table->name);

          g_test_message ("%s", message);
          g_test_fail ();
        }
    }

  sync_client (a, server);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines WHERE dirty = 1 OR rev IS NULL"), ==, 0);
  sync_client (b, server);

  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM widgets"), ==, 1);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM order_lines"), ==,
                   bd_test_count (a->store, "SELECT count(*) FROM order_lines"));

  /* the document: _id "<type>:<uuid>", a type, references as uuids */
  line_uuid = bd_test_text (a->store, "SELECT uuid FROM order_lines ORDER BY id LIMIT 1");
  order_uuid = bd_test_text (a->store, "SELECT o.uuid FROM orders AS o JOIN order_lines AS l ON l.order_id = o.id"
                                       " ORDER BY l.id LIMIT 1");
  path = g_strdup_printf ("order_line:%s", line_uuid);
  doc = bd_sync_test_admin_request (server, "GET", path, NULL);
  object = json_node_get_object (doc);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "order_line");
  g_assert_cmpstr (json_object_get_string_member (object, "order_id"), ==, order_uuid);
  g_assert_true (json_object_get_int_member (object, "quantity") > 0);
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_false (json_object_has_member (object, "dirty"));
  g_clear_pointer (&doc, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("widget:%s", "00000000-0000-7000-8000-00000000000w");
  doc = bd_sync_test_admin_request (server, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "line_id"), ==, line_uuid);

  /* search finds what arrived */
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH 'a*'"), ==,
                   bd_test_count (a->store, "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH 'a*'"));
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM orders_fts"), ==,
                   bd_test_count (a->store, "SELECT count(*) FROM orders"));

  bd_couch_server_stop (server);
}


/* ---- push and pull ---- */

/* Two clients edit different fields of one line offline: after syncing,
 * both have both changes. */
static void
test_converge_different_fields (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  g_autofree char *state = NULL;
  gint64 line;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  import_orders (a, orders_csv);
  sync_client (a, server);
  sync_client (b, server);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM order_lines"), ==, 4);

  /* offline: Ann cancels SO-2, Bob makes it urgent */
  line = line_of (a, "SO-2/MUG");
  g_assert_true (bd_actions_set_status (a->store, &line, 1, "cancelled", "customer asked", TRUE, NULL, &error));
  g_assert_no_error (error);
  line = line_of (b, "SO-2/MUG");
  g_assert_true (bd_actions_set_priority (b->store, &line, 1, 2, NULL, &error));
  g_assert_no_error (error);

  sync_client (a, server);
  sync_client (b, server);
  sync_client (a, server);

  state = bd_test_text (b->store, "SELECT status || '|' || priority || '|' || cancel_reason || '|' || refunded"
                                  " FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id WHERE o.ref = 'SO-2'");
  g_assert_cmpstr (state, ==, "cancelled|2|customer asked|1");
  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);
  /* the events of both, on both */
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM events WHERE author = 'Bob'"), >, 0);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM events WHERE author = 'Ann'"), >, 0);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);

  bd_couch_server_stop (server);
}

/* A pulled row that is clean is its own merge base: the pull writes no
 * shadow for it. Edited afterwards, it keeps the version it had then,
 * the server's, as its base, a document like the server's (references as
 * uuids): the next pull merges field by field against it, so that the
 * status the other side changed arrives and nothing is a conflict. */
static void
test_edited_after_pull (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *state = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  gint64 line;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  import_orders (a, orders_csv);
  sync_client (a, server);
  sync_client (b, server);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM order_lines WHERE dirty = 0"), ==, 4);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM sync_shadow"), ==, 0);

  /* Ann cancels SO-2 and syncs; Bob, not synced since, makes it urgent */
  line = line_of (a, "SO-2/MUG");
  g_assert_true (bd_actions_set_status (a->store, &line, 1, "cancelled", "customer asked", TRUE, NULL, &error));
  g_assert_no_error (error);
  sync_client (a, server);
  line = line_of (b, "SO-2/MUG");
  g_assert_true (bd_actions_set_priority (b->store, &line, 1, 2, NULL, &error));
  g_assert_no_error (error);

  /* its base: the line as pulled, at the revision pulled */
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM sync_shadow"), ==, 1);
  base = bd_test_text (b->store, "SELECT s.rev || '|' || json_extract (s.body, '$.type') || '|'"
                                 " || json_extract (s.body, '$.status') || '|' || json_extract (s.body, '$.priority')"
                                 " || '|' || json_extract (s.body, '$.order_id') || '|' || json_extract (s.body, '$.quantity')"
                                 " FROM sync_shadow AS s JOIN order_lines AS l ON s.doc_id = 'order_line:' || l.uuid"
                                 " WHERE l.id = (SELECT l.id FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id"
                                 "               WHERE o.ref = 'SO-2')");
  expected = bd_test_text (b->store, "SELECT l.rev || '|order_line|waiting|0|' || o.uuid || '|' || l.quantity"
                                     " FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id WHERE o.ref = 'SO-2'");
  g_assert_cmpstr (base, ==, expected);

  sync_client (b, server);
  sync_client (a, server);
  state = bd_test_text (b->store, "SELECT status || '|' || priority || '|' || cancel_reason || '|' || refunded"
                                  " FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id WHERE o.ref = 'SO-2'");
  g_assert_cmpstr (state, ==, "cancelled|2|customer asked|1");
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);

  bd_couch_server_stop (server);
}

/* The same file imported on two machines before either synced: one row
 * per key on both after, the lower uuid kept, the other gone from the
 * server. */
static void
test_same_import_two_clients (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  g_autoptr(JsonNode) all = NULL;
  gint64 line;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  import_orders (a, orders_csv);
  import_orders (b, orders_csv);
  /* and Bob notes something on a line before the first sync */
  line = line_of (b, "SO-3/LAMP");
  g_assert_true (bd_notes_add (b->store, line, "Called the customer", NULL, &error));
  g_assert_no_error (error);

  sync_client (a, server);
  sync_client (b, server);
  sync_client (a, server);
  sync_client (b, server);

  for (guint i = 0; i < 2; i++)
    {
      BdStore *store = i == 0 ? a->store : b->store;

      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders"), ==, 3);
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM customers"), ==, 3);
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM products"), ==, 3);
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines"), ==, 4);
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM notes AS n JOIN order_lines AS l ON l.id = n.line_id"
                                             " JOIN orders AS o ON o.id = l.order_id WHERE o.ref = 'SO-3'"), ==, 1);
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM sync_pending"), ==, 0);
    }
  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);

  /* the server holds one live document per row */
  all = bd_sync_test_admin_request (server, "GET", "_all_docs", NULL);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (all), "rows")), ==,
                   1 + bd_test_count (a->store, "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM customers)"
                                                " + (SELECT count(*) FROM products) + (SELECT count(*) FROM order_lines)"
                                                " + (SELECT count(*) FROM notes) + (SELECT count(*) FROM events)"
                                                " + (SELECT count(*) FROM templates) + (SELECT count(*) FROM team_settings)") - 1);

  bd_couch_server_stop (server);
}

/* Two documents of one customer (two machines' first syncs at the same
 * moment) in one page: one row, the lower uuid, and a search index that
 * holds it once and is whole. */
static void
test_same_key_in_one_page (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) c = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (server == NULL)
    return;
  r1 = bd_sync_test_admin_request (server, "PUT", "customer:0000000b-0000-7000-8000-000000000000",
                      "{\"type\": \"customer\", \"ref\": \"C-1\", \"name\": \"Ada Lovelace\", \"sort_name\": \"ada lovelace\","
                      " \"created_at\": \"2026-03-01T00:00:00Z\", \"updated_at\": \"2026-03-01T00:00:00Z\", \"deleted\": 0}");
  r2 = bd_sync_test_admin_request (server, "PUT", "customer:0000000a-0000-7000-8000-000000000000",
                      "{\"type\": \"customer\", \"ref\": \"C-1\", \"name\": \"Ada Lovelace\", \"sort_name\": \"ada lovelace\","
                      " \"email\": \"ada@example.com\", \"created_at\": \"2026-03-01T00:00:00Z\","
                      " \"updated_at\": \"2026-03-01T00:00:00Z\", \"deleted\": 0}");
  c = bd_sync_test_client_new ("Cy");
  sync_client (c, server);

  g_assert_cmpint (bd_test_count (c->store, "SELECT count(*) FROM customers"), ==, 1);
  uuid = bd_test_text (c->store, "SELECT uuid || '|' || email FROM customers");
  g_assert_cmpstr (uuid, ==, "0000000a-0000-7000-8000-000000000000|ada@example.com");
  g_assert_true (bd_store_exec (c->store, "INSERT INTO customers_fts (customers_fts) VALUES ('integrity-check')",
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (c->store, "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH 'lovelace'"),
                   ==, 1);
  /* the other's document is gone from the server */
  gone = bd_sync_test_admin_request (server, "POST", "_all_docs",
                       "{\"keys\": [\"customer:0000000b-0000-7000-8000-000000000000\"]}");
  {
    g_autofree char *text = json_to_string (gone, FALSE);

    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "\"deleted\":true"));
  }

  bd_couch_server_stop (server);
}

/* A note deleted on one machine is deleted on the other (a tombstone). */
static void
test_delete_propagates (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  gint64 line;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  import_orders (a, orders_csv);
  line = line_of (a, "SO-1/MUG");
  g_assert_true (bd_notes_add (a->store, line, "Wrong line", NULL, &error));
  g_assert_no_error (error);
  sync_client (a, server);
  sync_client (b, server);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM notes WHERE deleted = 0"), ==, 1);

  uuid = bd_test_text (a->store, "SELECT uuid FROM notes");
  g_assert_true (bd_notes_delete (a->store, uuid, NULL, &error));
  g_assert_no_error (error);
  sync_client (a, server);
  sync_client (b, server);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM notes WHERE deleted = 0"), ==, 0);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM notes WHERE deleted = 1"), ==, 1);

  bd_couch_server_stop (server);
}

/* A push whose reply was lost is sent again: the server changes nothing
 * the second time, and the row is clean after. */
static void
test_push_replayed (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_rev = NULL;
  gint64 seq;
  gint64 line;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  import_orders (a, orders_csv);
  sync_client (a, server);
  line = line_of (a, "SO-2/MUG");
  old_rev = bd_test_text (a->store, "SELECT l.rev FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id"
                                    " WHERE o.ref = 'SO-2'");
  g_assert_true (bd_actions_set_priority (a->store, &line, 1, 1, NULL, &error));
  g_assert_no_error (error);
  sync_client (a, server);
  seq = update_seq (server);

  /* as if the reply had not come: the row dirty again on its old revision */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE order_lines SET dirty = 1, rev = '%s' WHERE id = %" G_GINT64_FORMAT,
                                            old_rev, line);

    g_assert_true (bd_store_exec (a->store, sql, &error));
    g_assert_no_error (error);
  }
  sync_client (a, server);
  g_assert_cmpint (update_seq (server), ==, seq);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  bd_couch_server_stop (server);
}

typedef struct
{
  char *path;
  gint64 line;
  guint calls;
} InFlight;

static void
edit_in_flight_cb (BdSync      *sync,
                   BdSyncStage  stage,
                   const char  *table,
                   guint        done,
                   gpointer     user_data)
{
  InFlight *in_flight = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) other = NULL;

  if (stage != BD_SYNC_STAGE_PUSHED || g_strcmp0 (table, "order_lines") != 0 || in_flight->calls++ > 0)
    return;
  /* another connection (the app's writer) edits the line meanwhile */
  other = bd_store_open (in_flight->path, &error);
  g_assert_no_error (error);
  g_assert_true (bd_actions_set_priority (other, &in_flight->line, 1, 2, NULL, &error));
  g_assert_no_error (error);
}

/* Pushes the lines of orders_csv in batches of @page_size, the line
 * @ref edited by another connection when the first batch of lines is
 * answered (once the push read it, before the server has it): the line
 * stays dirty, the server has the version read, and the next push sends
 * the new one. */
static void
push_edited_meanwhile (const char *ref,
                       guint       page_size)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *sql = NULL;
  InFlight in_flight = { 0 };

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  import_orders (a, orders_csv);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines"), ==, 4);
  in_flight.path = g_strdup (bd_store_get_path (a->store));
  in_flight.line = line_of (a, ref);

  couch = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  sync = bd_sync_new (a->store, couch, &error);
  g_assert_no_error (error);
  bd_sync_set_page_size (sync, page_size);
  bd_sync_set_progress_func (sync, edit_in_flight_cb, &in_flight);
  g_assert_true (bd_sync_push (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (in_flight.calls, ==, (4 + page_size - 1) / page_size);

  sql = g_strdup_printf ("SELECT dirty FROM order_lines WHERE id = %" G_GINT64_FORMAT, in_flight.line);
  g_assert_cmpint (bd_test_count (a->store, sql), ==, 1);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT uuid FROM order_lines WHERE id = %" G_GINT64_FORMAT, in_flight.line);
  uuid = bd_test_text (a->store, sql);
  path = g_strdup_printf ("order_line:%s", uuid);
  doc = bd_sync_test_admin_request (server, "GET", path, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (doc), "priority"), !=, 2);
  g_clear_pointer (&doc, json_node_unref);

  g_assert_true (bd_sync_push (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);
  doc = bd_sync_test_admin_request (server, "GET", path, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (doc), "priority"), ==, 2);

  g_free (in_flight.path);
  bd_couch_server_stop (server);
}

/* A row edited again while its push was in flight stays dirty, and the
 * next push sends the new version: one batch of everything, the line in
 * the batch in flight. */
static void
test_push_edited_in_flight (void)
{
  push_edited_meanwhile ("SO-2/MUG", 500);
}

/* The push reads the next batch while the server takes one: a row of
 * that batch edited after it was read and before its own post goes as it
 * was read, and stays dirty. The last of the four lines: in the second
 * batch of two. */
static void
test_push_edited_after_read (void)
{
  push_edited_meanwhile ("SO-3/LAMP", 2);
}

/* ---- conflicts ---- */

static char *
line_field (BdSyncTestClient *client,
            const char       *ref,
            const char       *expr)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id"
                                          " JOIN products AS p ON p.id = l.product_id"
                                          " WHERE o.ref || '/' || p.sku = '%s'", expr, ref);
  return bd_test_text (client->store, sql);
}

/* The same field changed on both sides follows its rule: shipped wins
 * over a later cancel, the higher priority wins, a note's text edited on
 * both sides is kept as two notes; what no rule settles (a customer's
 * email) keeps the server's value and goes to the conflicts, for a person. */
static void
test_conflict_rules (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) early = g_date_time_new_utc (2026, 4, 1, 9, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_new_utc (2026, 4, 1, 10, 0, 0);
  g_autofree char *note = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  g_autofree char *value = NULL;
  BdSyncStatus status;
  gint64 line;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  import_orders (a, orders_csv);
  line = line_of (a, "SO-3/LAMP");
  g_assert_true (bd_notes_add (a->store, line, "Customer called", NULL, &error));
  g_assert_no_error (error);
  sync_client (a, server);
  sync_client (b, server);

  /* offline; Bob's changes are the later ones */
  bd_store_set_fixed_clock (a->store, early);
  bd_store_set_fixed_clock (b->store, late);
  line = line_of (a, "SO-2/MUG");
  g_assert_true (bd_actions_set_status (a->store, &line, 1, "shipped", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  line = line_of (b, "SO-2/MUG");
  g_assert_true (bd_actions_set_status (b->store, &line, 1, "cancelled", "out of stock", FALSE, NULL, &error));
  g_assert_no_error (error);

  line = line_of (a, "SO-1/MUG");
  g_assert_true (bd_actions_set_priority (a->store, &line, 1, 2, NULL, &error));
  g_assert_no_error (error);
  line = line_of (b, "SO-1/MUG");
  g_assert_true (bd_actions_set_priority (b->store, &line, 1, 1, NULL, &error));
  g_assert_no_error (error);

  note = bd_test_text (a->store, "SELECT uuid FROM notes");
  g_assert_true (bd_notes_edit (a->store, note, "Customer called twice", NULL, &error));
  g_assert_no_error (error);
  /* Ann again, on her second machine: a note is edited by its author */
  bd_store_set_author (b->store, "Ann");
  g_assert_true (bd_notes_edit (b->store, note, "Customer called, wants a refund", NULL, &error));
  g_assert_no_error (error);

  g_assert_true (bd_store_exec (a->store, "UPDATE customers SET email = 'ada@old.example', dirty = 1,"
                                          " updated_at = '2026-04-01T09:00:00Z' WHERE ref = 'C-1'", &error));
  g_assert_true (bd_store_exec (b->store, "UPDATE customers SET email = 'ada@new.example', dirty = 1,"
                                          " updated_at = '2026-04-01T10:00:00Z' WHERE ref = 'C-1'", &error));
  g_assert_no_error (error);

  sync_client (a, server);
  sync_client (b, server);
  sync_client (a, server);

  for (guint i = 0; i < 2; i++)
    {
      BdSyncTestClient *client = i == 0 ? a : b;
      g_autofree char *state = line_field (client, "SO-2/MUG", "status || '|' || (cancel_reason IS NULL)");
      g_autofree char *priority = line_field (client, "SO-1/MUG", "priority");
      g_autofree char *notes = bd_test_text (client->store, "SELECT group_concat(body, ' + ') FROM"
                                                            " (SELECT body FROM notes WHERE deleted = 0 ORDER BY body)");

      g_assert_cmpstr (state, ==, "shipped|1");
      g_assert_cmpstr (priority, ==, "2");
      g_assert_cmpstr (notes, ==, "Customer called twice + Customer called, wants a refund");
      g_assert_cmpint (bd_test_count (client->store, "SELECT count(*) FROM notes AS n JOIN order_lines AS l"
                                                     " ON l.id = n.line_id JOIN orders AS o ON o.id = l.order_id"
                                                     " WHERE o.ref = 'SO-3'"), ==, 2);
    }
  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);

  /* the email: the server's (Ann's, first there) in the row, Bob's in a
   * conflict on Bob's machine, for him to decide */
  value = bd_test_text (b->store, "SELECT email FROM customers WHERE ref = 'C-1'");
  g_assert_cmpstr (value, ==, "ada@old.example");
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM sync_conflicts"), ==, 1);
  g_free (value);
  value = bd_test_text (b->store, "SELECT field || '|' || local_value || '|' || remote_value || '|' || (doc_id"
                                  " LIKE 'customer:%') FROM sync_conflicts");
  g_assert_cmpstr (value, ==, "email|ada@new.example|ada@old.example|1");
  g_assert_true (bd_sync_status_load (b->store, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.conflicts, ==, 1);
  g_assert_cmpint (status.dirty, ==, 0);
  bd_sync_status_clear (&status);

  bd_couch_server_stop (server);
}

/* ---- roles ---- */

static void
setup_server (BdCouchServer    *server,
              BdSyncTestClient *client)
{
  g_autoptr(BdCouch) admin = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = bd_sync_map_new (client->store, &error);

  g_assert_no_error (error);
  g_assert_true (bd_sync_setup_server (admin, map, NULL, &error));
  g_assert_no_error (error);
}

static void
add_user (BdCouchServer *server,
          const char    *name,
          const char    *role)
{
  g_autoptr(BdCouch) admin = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_sync_add_user (admin, name, role, "pw-of-user", NULL, &error));
  g_assert_no_error (error);
}

/* An agent's write of a purchase order is refused with the server's
 * reason (403 on a single write); the local change is kept and marked,
 * not sent again until it changes; the agent's other changes go
 * through. */
static void
test_role_refused (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) boss = NULL;
  g_autoptr(BdSyncTestClient) ann = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(JsonNode) po = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *note = NULL;
  g_autofree char *path = NULL;
  BdSyncStatus status;
  gint64 seq;
  gint64 line;

  if (server == NULL)
    return;
  boss = bd_sync_test_client_new ("admin");
  ann = bd_sync_test_client_new ("ann");
  setup_server (server, boss);
  add_user (server, "ann", "agent");
  import_orders (boss, orders_csv);
  g_assert_true (bd_store_exec (boss->store,
                                "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                                " VALUES ('S-1', 'Acme', 'supplier-1', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z');"
                                "INSERT INTO purchase_orders (number, supplier_id, currency, ordered_at, uuid, created_at,"
                                " updated_at) SELECT 'PO-1', id, 'EUR', '2026-03-01', 'po-1', '2026-03-01T00:00:00Z',"
                                " '2026-03-01T00:00:00Z' FROM suppliers", &error));
  g_assert_no_error (error);
  sync_client (boss, server);
  sync_as (ann, server, "ann", "pw-of-user");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM purchase_orders"), ==, 1);

  /* a new machine's own default templates, which a clerk may not write,
   * are the server's already: taken, not refused */
  {
    g_autoptr(BdSyncTestClient) pete = bd_sync_test_client_new ("pete");

    add_user (server, "pete", "purchasing");
    sync_as (pete, server, "pete", "pw-of-user");
    g_assert_cmpint (bd_test_count (pete->store, "SELECT count(*) FROM sync_refused"), ==, 0);
    g_assert_cmpint (bd_test_count (pete->store, "SELECT count(*) FROM templates WHERE dirty = 1"), ==, 0);
    g_assert_cmpint (bd_test_count (pete->store, "SELECT count(*) FROM templates"), ==,
                     bd_test_count (boss->store, "SELECT count(*) FROM templates"));
  }
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM order_lines"), ==, 4);

  /* Ann makes a line urgent, and (by a way around the app) edits the PO */
  line = line_of (ann, "SO-2/MUG");
  g_assert_true (bd_actions_set_priority (ann->store, &line, 1, 2, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_store_exec (ann->store, "UPDATE purchase_orders SET note = 'cheaper elsewhere', dirty = 1",
                                &error));
  g_assert_no_error (error);
  sync_as (ann, server, "ann", "pw-of-user");

  /* the line went; the PO did not, and says why */
  po = bd_sync_test_admin_request (server, "GET", "purchase_order:po-1", NULL);
  g_assert_true (json_node_get_value_type (json_object_get_member (json_node_get_object (po), "note")) != G_TYPE_STRING);
  reason = bd_test_text (ann->store, "SELECT reason FROM sync_refused WHERE doc_id = 'purchase_order:po-1'");
  g_assert_cmpstr (reason, ==, "ann (agent) may not write purchase_order documents");
  note = bd_test_text (ann->store, "SELECT note || '|' || dirty FROM purchase_orders");
  g_assert_cmpstr (note, ==, "cheaper elsewhere|1");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM events WHERE dirty = 1"), ==, 0);
  g_assert_true (bd_sync_status_load (ann->store, &status, &error));
  g_assert_cmpint (status.refused, ==, 1);
  bd_sync_status_clear (&status);

  /* not sent again while it is as it was refused */
  seq = update_seq (server);
  sync_as (ann, server, "ann", "pw-of-user");
  g_assert_cmpint (update_seq (server), ==, seq);
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 1);

  /* a single write: HTTP 403 with the function's reason */
  couch = bd_sync_test_couch_new (server, "ann", "pw-of-user");
  json_object_set_string_member (json_node_get_object (po), "note", "x");
  reply = bd_couch_request (couch, "PUT", "purchase_order:po-1", po, NULL, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "ann (agent) may not write purchase_order documents"));
  g_clear_error (&error);

  /* an agent may not set a line on order, nor create an order line */
  g_clear_pointer (&po, json_node_unref);
  {
    g_autofree char *uuid = bd_test_text (ann->store, "SELECT uuid FROM order_lines LIMIT 1");

    path = g_strdup_printf ("order_line:%s", uuid);
  }
  po = bd_sync_test_admin_request (server, "GET", path, NULL);
  json_object_set_string_member (json_node_get_object (po), "status", "on_order");
  reply = bd_couch_request (couch, "PUT", path, po, NULL, NULL, &error);
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "may not set a line to on_order"));
  g_clear_error (&error);
  /* an event in another's name */
  g_clear_pointer (&po, json_node_unref);
  po = json_from_string ("{\"type\": \"event\", \"batch\": \"b\", \"author\": \"boss\", \"action\": \"x\","
                         " \"entity\": \"order_lines\", \"created_at\": \"2026-03-01T00:00:00Z\","
                         " \"updated_at\": \"2026-03-01T00:00:00Z\"}", NULL);
  reply = bd_couch_request (couch, "PUT", "event:e-1", po, NULL, NULL, &error);
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "author should be ann"));
  g_clear_error (&error);
  /* unknown types, and missing fields */
  g_clear_pointer (&po, json_node_unref);
  po = json_from_string ("{\"type\": \"spaceship\"}", NULL);
  reply = bd_couch_request (couch, "PUT", "spaceship:1", po, NULL, NULL, &error);
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "Unknown document type"));
  g_clear_error (&error);
  g_clear_pointer (&po, json_node_unref);
  po = json_from_string ("{\"type\": \"note\", \"author\": \"ann\", \"created_at\": \"2026-03-01T00:00:00Z\","
                         " \"updated_at\": \"2026-03-01T00:00:00Z\"}", NULL);
  reply = bd_couch_request (couch, "PUT", "note:n-1", po, NULL, NULL, &error);
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "needs the field"));

  bd_couch_server_stop (server);
}

/* Users: added with a role, the role changed, removed; a removed user's
 * sync is refused. sync setup run again replaces the design document. */
static void
test_users (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdCouch) admin = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) user = NULL;
  g_autoptr(JsonNode) design = NULL;
  const char *rev;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("bob");
  setup_server (server, a);
  design = bd_sync_test_admin_request (server, "GET", "_design/backorder-desk", NULL);
  rev = json_object_get_string_member (json_node_get_object (design), "_rev");
  g_assert_true (g_str_has_prefix (rev, "1-"));
  setup_server (server, a);
  g_clear_pointer (&design, json_node_unref);
  design = bd_sync_test_admin_request (server, "GET", "_design/backorder-desk", NULL);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (design), "_rev"), "2-"));

  admin = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  add_user (server, "bob", "agent");
  g_assert_false (bd_sync_add_user (admin, "bob", "agent", "pw", NULL, &error));
  g_assert_nonnull (strstr (error->message, "exists already"));
  g_clear_error (&error);
  g_assert_false (bd_sync_add_user (admin, "eve", "boss", "pw", NULL, &error));
  g_assert_nonnull (strstr (error->message, "“boss” is not a role"));
  g_clear_error (&error);

  g_assert_true (bd_sync_set_role (admin, "bob", "purchasing", NULL, &error));
  g_assert_no_error (error);
  user = bd_sync_test_admin_request (server, "GET", "/_users/org.couchdb.user:bob", NULL);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_node_get_object (user), "roles"), 0),
                   ==, "purchasing");
  sync_as (a, server, "bob", "pw-of-user");

  g_assert_true (bd_sync_remove_user (admin, "bob", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bd_sync_remove_user (admin, "bob", NULL, &error));
  g_assert_nonnull (strstr (error->message, "no user “bob”"));
  g_clear_error (&error);
  couch = bd_sync_test_couch_new (server, "bob", "pw-of-user");
  sync = bd_sync_new (a->store, couch, &error);
  g_assert_false (bd_sync_run_once (sync, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_AUTH);

  bd_couch_server_stop (server);
}

/* 10,000 changes made across three machines, synced in turns, converge to
 * identical stores. */
static void
test_three_clients_converge (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  BdSyncTestClient *clients[3] = { NULL, };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autofree char *export_a = NULL;
  BdDemoOptions options = { .n_orders = 300, .seed = 9, .now = now };
  guint changes = 0;

  if (server == NULL)
    return;
  for (guint i = 0; i < 3; i++)
    clients[i] = bd_sync_test_client_new (i == 0 ? "Ann" : i == 1 ? "Bob" : "Cy");
  g_assert_true (bd_demo_generate (clients[0]->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  bd_store_set_fixed_clock (clients[0]->store, NULL);
  for (guint i = 0; i < 3; i++)
    sync_client (clients[i], server);

  while (changes < 10000)
    for (guint i = 0; i < 3; i++)
      {
        BdStore *store = clients[i]->store;
        g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT id FROM order_lines WHERE deleted = 0"
                                                          " ORDER BY id", NULL);
        g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);

            g_array_append_val (lines, id);
          }
        for (guint n = 0; n < 150; n++)
          {
            gint64 id = g_array_index (lines, gint64, g_rand_int_range (rand, 0, lines->len));

            if (n % 15 == 0)
              {
                g_autofree char *text = g_strdup_printf ("Note %u from %s", changes + n, bd_store_get_author (store));

                g_assert_true (bd_notes_add (store, id, text, NULL, &error));
                g_assert_no_error (error);
              }
            else if (!g_hash_table_contains (seen, &id))
              {
                g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
                g_array_append_val (picked, id);
              }
          }
        /* each line's priority and its event: two changed rows a line */
        g_assert_true (bd_actions_set_priority (store, (gint64 *)picked->data, picked->len,
                                                g_rand_int_range (rand, 0, 3), NULL, &error));
        g_assert_no_error (error);
        changes += 2 * picked->len + 2 * 10;
        sync_client (clients[i], server);
      }

  /* one more turn each, and all agree */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 3; i++)
      sync_client (clients[i], server);
  export_a = export_synced (clients[0]->store);
  for (guint i = 1; i < 3; i++)
    {
      g_autofree char *export_other = export_synced (clients[i]->store);

      g_assert_cmpstr (export_a, ==, export_other);
    }
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (bd_test_count (clients[i]->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);
      bd_sync_test_client_free (clients[i]);
    }

  bd_couch_server_stop (server);
}

/* A store moved to another server (or database) sends everything there,
 * and nothing of what it knew of the old one gets in the way. */
static void
test_another_server (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) info = NULL;
  gint64 rows;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  import_orders (a, orders_csv);
  sync_client (a, server);
  rows = json_object_get_int_member (json_node_get_object (info = bd_sync_test_admin_request (server, "GET", "", NULL)),
                                     "doc_count");

  reply = bd_sync_test_admin_request (server, "PUT", "/team2", NULL);
  couch = bd_couch_new (bd_couch_server_get_url (server), "team2", BD_COUCH_SERVER_ADMIN,
                        BD_COUCH_SERVER_ADMIN_PASSWORD, &error);
  g_assert_no_error (error);
  sync = bd_sync_new (a->store, couch, &error);
  g_assert_no_error (error);
  g_assert_true (bd_sync_run_once (sync, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&info, json_node_unref);
  info = bd_sync_test_admin_request (server, "GET", "/team2", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==, rows);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM order_lines WHERE dirty = 1"), ==, 0);

  bd_couch_server_stop (server);
}

/* ---- the server killed and restarted ---- */

typedef struct
{
  BdCouchServer *server;
  BdSyncStage stage;
  guint kill_at;
  guint calls;
} Killer;

static void
kill_cb (BdSync      *sync,
         BdSyncStage  stage,
         const char  *table,
         guint        done,
         gpointer     user_data)
{
  Killer *killer = user_data;

  if (stage == killer->stage && ++killer->calls == killer->kill_at)
    bd_couch_server_kill (killer->server);
}

static int
synchronous (BdStore *store)
{
  return bd_test_count (store, "PRAGMA synchronous");
}

typedef struct
{
  BdStore *store;
  GArray *modes;   /* int: PRAGMA synchronous after each page */
} SyncModes;

static void
note_synchronous_cb (BdSync      *sync,
                     BdSyncStage  stage,
                     const char  *table,
                     guint        done,
                     gpointer     user_data)
{
  SyncModes *modes = user_data;
  int mode = synchronous (modes->store);

  if (stage == BD_SYNC_STAGE_PULLED)
    g_array_append_val (modes->modes, mode);
}

/* A pull's pages are committed without waiting for the disk but the
 * last, whose commit syncs them all (a page and its sequence go
 * together either way): the store is back to syncing every commit after
 * it, pulled in full or cut short. */
static void
test_pull_synced_at_the_end (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) array = g_array_new (FALSE, FALSE, sizeof (int));
  SyncModes modes = { NULL, array };

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  modes.store = b->store;
  import_orders (a, orders_csv);
  sync_client (a, server);
  g_assert_cmpint (synchronous (b->store), ==, 2);

  couch = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  sync = bd_sync_new (b->store, couch, &error);
  g_assert_no_error (error);
  bd_sync_set_page_size (sync, 3);
  bd_sync_set_progress_func (sync, note_synchronous_cb, &modes);
  g_assert_true (bd_sync_pull (sync, NULL, &error));
  g_assert_no_error (error);

  /* NORMAL (1) for every page but the last, FULL (2) for it and after */
  g_assert_cmpuint (array->len, >, 2);
  for (guint i = 0; i + 1 < array->len; i++)
    g_assert_cmpint (g_array_index (array, int, i), ==, 1);
  g_assert_cmpint (g_array_index (array, int, array->len - 1), ==, 2);
  g_assert_cmpint (synchronous (b->store), ==, 2);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM order_lines"), ==, 4);
  /* every page after the first was asked for while the one before was
   * parsed, with the sequence guessed right */
  g_assert_cmpuint (bd_sync_get_report (sync)->read_ahead, ==, array->len - 1);

  bd_couch_server_stop (server);
}

static void
sync_until_killed (BdSyncTestClient *client,
                   BdCouchServer    *server,
                   BdSyncStage       stage,
                   guint             kill_at)
{
  g_autoptr(BdCouch) couch = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSync) sync = bd_sync_new (client->store, couch, &error);
  Killer killer = { server, stage, kill_at, 0 };

  g_assert_no_error (error);
  bd_sync_set_page_size (sync, 7);
  bd_sync_set_progress_func (sync, kill_cb, &killer);
  g_assert_false (bd_sync_run_once (sync, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NETWORK);
  g_assert_cmpint (killer.calls, >=, kill_at);
  /* cut short, every commit is synced again */
  g_assert_cmpint (synchronous (client->store), ==, 2);
}

/* The server killed in the middle of a push and in the middle of a pull,
 * then started again: after the next sync both machines equal the server,
 * nothing lost or twice. */
static void
test_server_killed (void)
{
  BdCouchServer *server;
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  BdDemoOptions options = { .n_orders = 20, .seed = 5, .now = now };
  gint64 rows;

  if (bd_couch_server_skip_unless_available ())
    return;
  server = bd_couch_server_start (FALSE);
  reply = bd_sync_test_admin_request (server, "PUT", "", NULL);
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  g_assert_true (bd_demo_generate (a->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  bd_store_set_fixed_clock (a->store, NULL);

  /* the third batch answered, then the server gone */
  sync_until_killed (a, server, BD_SYNC_STAGE_PUSHED, 3);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM products WHERE dirty = 0"), >, 0);
  bd_couch_server_restart (server);
  sync_client (a, server);

  /* the second page written, then the server gone */
  sync_until_killed (b, server, BD_SYNC_STAGE_PULLED, 2);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM products"), >, 0);
  bd_couch_server_restart (server);
  sync_client (b, server);
  sync_client (a, server);

  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM order_lines"), ==,
                   bd_test_count (a->store, "SELECT count(*) FROM order_lines"));

  /* one document per row on the server */
  rows = 0;
  {
    g_autoptr(BdSyncMap) map = bd_sync_map_new (a->store, &error);

    for (guint i = 0; i < bd_sync_map_get_n_tables (map); i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", bd_sync_map_get_table (map, i)->name);

        rows += bd_test_count (a->store, sql);
      }
  }
  all = bd_sync_test_admin_request (server, "GET", "_all_docs?limit=0", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (all), "total_rows"), ==, rows);

  bd_couch_server_stop (server);
}

/* ---- backorder-desk-cli sync run, continuously ---- */

static gint64
count_in (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Waits for @sql to count @expected in @path; FALSE after a minute (a
 * deadline for a sync that hangs, not a timing assertion). */
static gboolean
wait_for_count (const char *path,
                const char *sql,
                gint64      expected)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (count_in (path, sql) != expected)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  return TRUE;
}

/* Without --once, sync run keeps syncing: what arrives on the server comes
 * down, what is changed here goes up, until SIGINT ends it with 0. */
static void
test_cli_continuous (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *doc_path = NULL;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  import_orders (a, orders_csv);
  path = g_strdup (bd_store_get_path (a->store));
  g_clear_object (&a->store);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "BD_SYNC_PASSWORD", BD_COUCH_SERVER_ADMIN_PASSWORD, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, bd_couch_server_child_setup, NULL, NULL);
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("BD_CLI"), "--database", path, "sync", "run",
                                     "--url", bd_couch_server_get_url (server), "--db", DB,
                                     "--user", BD_COUCH_SERVER_ADMIN, NULL);
  g_assert_no_error (error);

  /* its first sync: everything on the server */
  g_assert_true (wait_for_count (path, "SELECT count(*) FROM order_lines WHERE dirty = 0", 4));

  /* another machine's customer arrives */
  reply = bd_sync_test_admin_request (server, "PUT", "customer:0000000c-0000-7000-8000-000000000000",
                         "{\"type\": \"customer\", \"ref\": \"C-9\", \"name\": \"Zed\", \"sort_name\": \"zed\","
                         " \"created_at\": \"2026-03-01T00:00:00Z\", \"updated_at\": \"2026-03-01T00:00:00Z\","
                         " \"deleted\": 0}");
  g_assert_true (wait_for_count (path, "SELECT count(*) FROM customers WHERE ref = 'C-9'", 1));

  /* and a change here goes up */
  {
    g_autoptr(BdStore) store = bd_store_open (path, &error);
    gint64 line = 0;

    g_assert_no_error (error);
    g_assert_true (bd_actions_find_line (store, "SO-1/PAN", &line, &error));
    g_assert_true (bd_actions_set_priority (store, &line, 1, 2, NULL, &error));
    g_assert_no_error (error);
    uuid = bd_test_text (store, "SELECT uuid FROM order_lines WHERE priority = 2");
  }
  doc_path = g_strdup_printf ("order_line:%s", uuid);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (TRUE)
      {
        g_clear_pointer (&doc, json_node_unref);
        doc = bd_sync_test_admin_request (server, "GET", doc_path, NULL);
        if (json_object_get_int_member (json_node_get_object (doc), "priority") == 2)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (G_USEC_PER_SEC / 5);
      }
  }

  g_subprocess_send_signal (cli, SIGINT);
  g_assert_true (g_subprocess_wait (cli, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);

  bd_couch_server_stop (server);
}

static int
run_cli_valist (const char  *path,
                char       **out,
                char       **err,
                va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "BD_SYNC_PASSWORD", BD_COUCH_SERVER_ADMIN_PASSWORD, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *err_ignored = NULL;
  g_autofree char *ignored = NULL;
  const char *arg;
  int status = -1;

  /* stdout taken, even when not wanted: it is not for the TAP stream */
  if (out == NULL)
    out = &ignored;
  if (err == NULL)
    err = &err_ignored;

  g_ptr_array_add (argv, (char *)g_getenv ("BD_CLI"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, (char *)path);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "BD_SYNC_USER_PASSWORD", "pw-of-user", TRUE);
  g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s", *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* backorder-desk-cli on @path with the arguments that follow, up to NULL;
 * its exit status, and what it printed in @out. */
static int
run_cli (const char  *path,
         char       **out,
         ...)
{
  va_list args;
  int status;

  va_start (args, out);
  status = run_cli_valist (path, out, NULL, args);
  va_end (args);
  return status;
}

/* As run_cli(), with what it printed on stderr in @err. */
static int
run_cli_err (const char  *path,
             char       **err,
             ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = run_cli_valist (path, NULL, err, args);
  va_end (args);
  return status;
}

/* sync setup remembers the server: the user commands and sync run find
 * it without being told again, and sync status shows where it stands. */
static void
test_cli_remembers (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) user = NULL;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  import_orders (a, orders_csv);
  path = g_strdup (bd_store_get_path (a->store));
  g_clear_object (&a->store);

  g_assert_cmpint (run_cli (path, NULL, "sync", "setup", "--url", bd_couch_server_get_url (server), "--db", DB,
                            "--admin-user", BD_COUCH_SERVER_ADMIN, NULL), ==, 0);
  g_assert_cmpint (run_cli (path, NULL, "sync", "add-user", "ann", "--role", "agent", NULL), ==, 0);
  user = bd_sync_test_admin_request (server, "GET", "/_users/org.couchdb.user:ann", NULL);
  g_assert_cmpint (run_cli (path, NULL, "sync", "run", "--once", "--user", BD_COUCH_SERVER_ADMIN, NULL), ==, 0);
  g_assert_cmpint (run_cli (path, &out, "sync", "status", "--json", NULL), ==, 0);
  status = json_from_string (out, NULL);
  g_assert_nonnull (status);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "url"), ==,
                   bd_couch_server_get_url (server));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "user"), ==, BD_COUCH_SERVER_ADMIN);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "pending_changes"), ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (status), "conflicts")),
                   ==, 0);

  /* a CA file given once is kept for the next runs (the server here is
   * plain HTTP: what the file is for is tested in test-sync-conflicts) */
  {
    g_autofree char *dir = bd_test_tmpdir ();
    g_autofree char *cert = NULL;
    g_autofree char *key = NULL;
    g_autofree char *kept = NULL;
    g_autofree char *err = NULL;
    g_autoptr(BdStore) store = NULL;

    bd_test_make_certificate (dir, &cert, &key);
    g_assert_cmpint (run_cli (path, NULL, "sync", "run", "--once", "--ca-file", cert, NULL), ==, 0);
    store = bd_store_open (path, NULL);
    kept = bd_sync_get_setting (store, "sync.ca_file");
    g_assert_cmpstr (kept, ==, cert);
    g_clear_object (&store);
    /* gone, the kept file is named when the next run cannot use it */
    g_assert_cmpint (g_unlink (cert), ==, 0);
    g_assert_cmpint (run_cli_err (path, &err, "sync", "run", "--once", NULL), ==, 1);
    g_assert_nonnull (strstr (err, cert));
    bd_test_rm_rf (dir);
  }

  bd_couch_server_stop (server);
}

/* ---- errors ---- */

/* A wrong password: a clear error naming the user, nothing written. */
static void
test_wrong_password (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  import_orders (a, orders_csv);
  couch = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, "wrong");
  sync = bd_sync_new (a->store, couch, &error);
  g_assert_no_error (error);
  before = dump_all (a->store);
  g_assert_false (bd_sync_run_once (sync, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "“admin”"));
  after = dump_all (a->store);
  g_assert_cmpstr (before, ==, after);

  bd_couch_server_stop (server);
}

/* ---- replies that are not what CouchDB sends ---- */

/* tests/fake-couch: a server that answers every request with a fixed
 * reply, in a process of its own. */
typedef struct
{
  GSubprocess *process;
  char *url;
} FakeCouch;

static FakeCouch *
fake_couch_start (const char *changes,
                  const char *bulk)
{
  FakeCouch *fake = g_new0 (FakeCouch, 1);
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "fake-couch", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, bd_couch_server_child_setup, NULL, NULL);
  fake->process = g_subprocess_launcher_spawn (launcher, &error, program,
                                               changes != NULL ? changes : "{\"results\": [], \"last_seq\": 0}",
                                               bulk != NULL ? bulk : "[]", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY "));
  fake->url = g_strdup_printf ("http://127.0.0.1:%s/", line + 6);
  return fake;
}

static void
fake_couch_stop (FakeCouch *fake)
{
  g_subprocess_force_exit (fake->process);
  g_subprocess_wait (fake->process, NULL, NULL);
  g_object_unref (fake->process);
  g_free (fake->url);
  g_free (fake);
}

typedef struct
{
  const char *name;
  const char *changes;
  const char *bulk;
  gsize max_reply;
  int code;
  const char *message;   /* a part of the error's */
} BadReply;

#define GOOD_DOC(quantity) \
  "{\"_id\": \"customer:00000000-0000-7000-8000-000000000001\", \"_rev\": \"1-a\", \"type\": \"customer\"," \
  " \"ref\": \"C-9\", \"name\": \"Zed\", \"sort_name\": \"zed\", \"created_at\": \"2026-03-01T00:00:00Z\"," \
  " \"updated_at\": \"2026-03-01T00:00:00Z\", \"deleted\": " quantity "}"

static const BadReply bad_replies[] = {
  { "not-json", "<html>Proxy error</html>", NULL, 0, BD_SYNC_ERROR_PROTOCOL, "not JSON" },
  { "truncated", "{\"results\": [{\"id\": \"customer:00000000-0000-7000-8000-000000000001\", \"doc\": {\"_id\": \"cust",
    NULL, 0, BD_SYNC_ERROR_PROTOCOL, "not JSON" },
  { "no-results", "{\"last_seq\": 3}", NULL, 0, BD_SYNC_ERROR_PROTOCOL, "“results”" },
  { "results-not-array", "{\"results\": {}, \"last_seq\": 3}", NULL, 0, BD_SYNC_ERROR_PROTOCOL, "“results”" },
  { "no-doc", "{\"results\": [{\"id\": \"customer:1\", \"seq\": 1}], \"last_seq\": 1}", NULL, 0,
    BD_SYNC_ERROR_PROTOCOL, "change 1" },
  { "wrong-type", "{\"results\": [{\"id\": \"customer:00000000-0000-7000-8000-000000000001\", \"seq\": 1,"
    " \"doc\": " GOOD_DOC ("\"no\"") "}], \"last_seq\": 1}", NULL, 0, BD_SYNC_ERROR_DOCUMENT,
    "field “deleted” should be an integer" },
  /* a good document first: the page is refused whole */
  { "wrong-type-second", "{\"results\": [{\"id\": \"customer:00000000-0000-7000-8000-000000000001\", \"seq\": 1,"
    " \"doc\": " GOOD_DOC ("0") "}, {\"id\": \"order:x\", \"seq\": 2, \"doc\": {\"_id\": \"order:x\","
    " \"_rev\": \"1-b\", \"type\": \"order\", \"ref\": 42}}], \"last_seq\": 2}", NULL, 0, BD_SYNC_ERROR_DOCUMENT,
    "“ref” should be text" },
  { "huge", "{\"results\": [{\"id\": \"customer:00000000-0000-7000-8000-000000000001\", \"seq\": 1,"
    " \"doc\": " GOOD_DOC ("0") "}], \"last_seq\": 1}", NULL, 100, BD_SYNC_ERROR_PROTOCOL, "larger than" },
  { "push-not-array", NULL, "{\"ok\": true}", 0, BD_SYNC_ERROR_PROTOCOL, "push" },
  { "push-wrong-id", NULL, "[{\"id\": \"other\", \"rev\": \"1-x\"}]", 0, BD_SYNC_ERROR_PROTOCOL, "push" },
};

/* Replies that are malformed, of the wrong types, truncated or huge are
 * refused with an error that says so, the store left as it was. */
static void
test_bad_reply (gconstpointer data)
{
  const BadReply *bad = data;
  FakeCouch *fake = fake_couch_start (bad->changes, bad->bulk);
  g_autoptr(BdSyncTestClient) a = bd_sync_test_client_new ("Ann");
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_orders (a, "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
                    "SO-1,2026-03-01,C-1,Ada,MUG,2,2\n");
  couch = bd_couch_new (fake->url, DB, "ann", "secret", &error);
  g_assert_no_error (error);
  if (bad->max_reply > 0)
    bd_couch_set_max_reply (couch, bad->max_reply);
  sync = bd_sync_new (a->store, couch, &error);
  g_assert_no_error (error);

  before = dump_all (a->store);
  if (bad->bulk != NULL)
    g_assert_false (bd_sync_push (sync, NULL, &error));
  else
    g_assert_false (bd_sync_pull (sync, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, bad->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, bad->message));
  after = dump_all (a->store);
  g_assert_cmpstr (before, ==, after);

  fake_couch_stop (fake);
}

/* The sequence a page of changes ends with, read off its bytes for the
 * next request to go before the page is parsed: the last "last_seq" key
 * near the end, a number or a string; nothing where that is unsure. The
 * pull checks the guess against the parsed page. */
static void
test_couch_guess_last_seq (void)
{
  static const struct
  {
    const char *reply;
    const char *guess;
  } cases[] = {
    { "{\"results\": [], \"last_seq\": 42}", "42" },
    { "{\"results\":[],\"last_seq\":7,\"pending\":3}", "7" },
    { "{\"results\": [],\n\"last_seq\" :\t\"12-g1AAAAB\", \"pending\": 0}\n", "12-g1AAAAB" },
    /* a document's own field of that name comes before the page's */
    { "{\"results\": [{\"doc\": {\"last_seq\": 99}}], \"last_seq\": 5}", "5" },
    /* ... or after it, where a server puts the results last: wrong, and caught by the check */
    { "{\"last_seq\": 5, \"results\": [{\"doc\": {\"last_seq\": 99}}]}", "99" },
    { "{\"results\": []}", NULL },
    { "{\"results\": [], \"last_seq\": ", NULL },
    { "{\"results\": [], \"last_seq\": 42", NULL },
    { "{\"results\": [], \"last_seq\": \"4\\\"2\"}", NULL },
    { "{\"results\": [], \"last_seq\": null}", NULL },
    { "{\"results\": [], \"last_seq\": \"\"}", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) reply = g_bytes_new_static (cases[i].reply, strlen (cases[i].reply));
      g_autofree char *guess = bd_couch_guess_last_seq (reply);

      g_test_message ("%s", cases[i].reply);
      g_assert_cmpstr (guess, ==, cases[i].guess);
    }
}

#define CUSTOMER_DOC(n) \
  "{\"_id\": \"customer:00000000-0000-7000-8000-00000000000" #n "\", \"_rev\": \"1-a\", \"type\": \"customer\"," \
  " \"ref\": \"C-" #n "\", \"name\": \"Zed\", \"sort_name\": \"zed\", \"created_at\": \"2026-03-01T00:00:00Z\"," \
  " \"updated_at\": \"2026-03-01T00:00:00Z\", \"deleted\": 0}"
#define CHANGE(n) \
  "{\"id\": \"customer:00000000-0000-7000-8000-00000000000" #n "\", \"seq\": " #n ", \"doc\": " CUSTOMER_DOC (n) "}"

/* A page whose bytes end with another "last_seq" than its own (a member
 * the pull does not read, after the page's): the request read ahead with
 * that guess is thrown away and the page after it asked for with the
 * page's true sequence; nothing is missed, nothing read twice. */
static void
test_pull_read_ahead_wrong (void)
{
  FakeCouch *fake = fake_couch_start ("since=0 {\"results\": [" CHANGE (1) "], \"last_seq\": 1,"
                                      " \"extra\": {\"last_seq\": 77}}\n"
                                      "since=77 {\"results\": [" CHANGE (9) "], \"last_seq\": 78}\n"
                                      "since=1 {\"results\": [" CHANGE (2) "], \"last_seq\": 2}",
                                      NULL);
  g_autoptr(BdSyncTestClient) a = bd_sync_test_client_new ("Ann");
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_seq = NULL;

  couch = bd_couch_new (fake->url, DB, "ann", "secret", &error);
  g_assert_no_error (error);
  sync = bd_sync_new (a->store, couch, &error);
  g_assert_no_error (error);
  bd_sync_set_page_size (sync, 1);
  g_assert_true (bd_sync_pull (sync, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM customers WHERE ref IN ('C-1', 'C-2')"), ==, 2);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM customers WHERE ref = 'C-9'"), ==, 0);
  last_seq = bd_sync_get_setting (a->store, "sync.last_seq");
  g_assert_cmpstr (last_seq, ==, "2");
  /* the page after the second (none) was read ahead; the second was not */
  g_assert_cmpuint (bd_sync_get_report (sync)->read_ahead, ==, 1);

  fake_couch_stop (fake);
}

/* Replies are asked for uncompressed: PouchDB Server compresses each page
 * of changes on the fly, which cost it more time than the whole pull
 * spent on this side (README, "Sync"). */
static void
test_pull_uncompressed (void)
{
  FakeCouch *fake = fake_couch_start (NULL, NULL);
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *object;

  couch = bd_couch_new (fake->url, DB, "ann", "secret", &error);
  g_assert_no_error (error);
  reply = bd_couch_request (couch, "GET", "_accept_encoding", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply));
  object = json_node_get_object (reply);
  g_assert_true (json_object_has_member (object, "accept_encoding"));
  if (!json_object_get_null_member (object, "accept_encoding"))
    {
      const char *asked = json_object_get_string_member (object, "accept_encoding");

      g_test_message ("Accept-Encoding: %s", asked);
      g_assert_null (strstr (asked, "gzip"));
      g_assert_null (strstr (asked, "deflate"));
      g_assert_null (strstr (asked, "br"));
    }

  fake_couch_stop (fake);
}

/* A row merged into one of another uuid has every row on the server
 * that names it sent again: a look-up of each reference column, once per
 * merged row, through an index, never a read of the whole table (one
 * such read per merged customer took over 10 minutes on a 1M-line store).
 * Every reference column of every synced table, by its query plan. */
static void
test_map_referrers_indexed (void)
{
  g_autoptr(BdSyncTestClient) client = bd_sync_test_client_new ("Ann");
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = bd_sync_map_new (client->store, &error);
  guint checked = 0;

  g_assert_no_error (error);
  for (guint t = 0; t < bd_sync_map_get_n_tables (map); t++)
    {
      const BdSyncTable *table = bd_sync_map_get_table (map, t);

      for (guint i = 0; i < table->columns->len; i++)
        {
          const BdSyncColumn *column = table->columns->pdata[i];
          g_autofree char *sql = NULL;
          g_autofree char *explain = NULL;
          g_autoptr(BdStmt) stmt = NULL;
          g_autoptr(GString) plan = g_string_new (NULL);

          if (column->ref_table == NULL)
            continue;
          sql = bd_sync_mark_referrers_sql (table, column);
          explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
          stmt = bd_store_prepare (client->store, explain, &error);
          g_assert_no_error (error);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_string_append_printf (plan, "%s; ", (const char *)sqlite3_column_text (stmt, 3));
          g_test_message ("%s.%s: %s", table->name, column->name, plan->str);
          if (!g_str_has_prefix (plan->str, "SEARCH ") || strstr (plan->str, "USING INDEX") == NULL)
            g_error ("%s.%s: the rows naming a merged row are found by %s", table->name, column->name, plan->str);
          checked++;
        }
    }
  /* customers, products, orders, lines, suppliers, POs... all named */
  g_assert_cmpuint (checked, >=, 25);
}

/* A pull says how far it is from the "pending" of CouchDB 2+'s pages;
 * a server that gives neither "pending" nor numbers for its sequences
 * leaves it unknown. (PouchDB Server gives no "pending": the UI test
 * /ui-sync/progress-total covers its numeric sequences.) */
static void
test_pull_progress_pending (void)
{
  static const char * const replies[] = {
    "{\"results\": [{\"id\": \"customer:00000000-0000-7000-8000-000000000001\", \"seq\": \"7-g1AAAA\","
    " \"doc\": " GOOD_DOC ("0") "}], \"last_seq\": \"7-g1AAAA\", \"pending\": 41}",
    "{\"results\": [{\"id\": \"customer:00000000-0000-7000-8000-000000000001\", \"seq\": \"7-g1AAAA\","
    " \"doc\": " GOOD_DOC ("0") "}], \"last_seq\": \"7-g1AAAA\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      FakeCouch *fake = fake_couch_start (replies[i], NULL);
      g_autoptr(BdSyncTestClient) a = bd_sync_test_client_new ("Ann");
      g_autoptr(BdCouch) couch = NULL;
      g_autoptr(BdSync) sync = NULL;
      g_autoptr(GError) error = NULL;
      guint64 done = 0, total = 0;

      couch = bd_couch_new (fake->url, DB, "ann", "secret", &error);
      g_assert_no_error (error);
      sync = bd_sync_new (a->store, couch, &error);
      g_assert_no_error (error);
      g_assert_false (bd_sync_get_pull_progress (sync, &done, &total));
      bd_sync_set_page_size (sync, 2);
      g_assert_true (bd_sync_pull (sync, NULL, &error));
      g_assert_no_error (error);
      if (i == 0)
        {
          g_assert_true (bd_sync_get_pull_progress (sync, &done, &total));
          g_assert_cmpuint (done, ==, 1);
          g_assert_cmpuint (total, ==, 42);
        }
      else
        g_assert_false (bd_sync_get_pull_progress (sync, &done, &total));
      fake_couch_stop (fake);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/map/tables", test_map_tables);
  g_test_add_func ("/sync/map/round-trip", test_map_round_trip);
  g_test_add_func ("/sync/map/referrers-indexed", test_map_referrers_indexed);
  g_test_add_func ("/sync/converge/different-fields", test_converge_different_fields);
  g_test_add_func ("/sync/converge/edited-after-pull", test_edited_after_pull);
  g_test_add_func ("/sync/converge/same-import", test_same_import_two_clients);
  g_test_add_func ("/sync/converge/same-key-in-one-page", test_same_key_in_one_page);
  g_test_add_func ("/sync/converge/delete", test_delete_propagates);
  g_test_add_func ("/sync/push/replayed", test_push_replayed);
  g_test_add_func ("/sync/push/edited-in-flight", test_push_edited_in_flight);
  g_test_add_func ("/sync/push/edited-after-read", test_push_edited_after_read);
  g_test_add_func ("/sync/pull/synced-at-the-end", test_pull_synced_at_the_end);
  g_test_add_func ("/sync/pull/progress-pending", test_pull_progress_pending);
  g_test_add_func ("/sync/pull/uncompressed", test_pull_uncompressed);
  g_test_add_func ("/sync/couch/guess-last-seq", test_couch_guess_last_seq);
  g_test_add_func ("/sync/pull/read-ahead-wrong", test_pull_read_ahead_wrong);
  g_test_add_func ("/sync/conflict/rules", test_conflict_rules);
  g_test_add_func ("/sync/roles/refused", test_role_refused);
  g_test_add_func ("/sync/roles/users", test_users);
  g_test_add_func ("/sync/converge/three-clients", test_three_clients_converge);
  g_test_add_func ("/sync/another-server", test_another_server);
  g_test_add_func ("/sync/server-killed", test_server_killed);
  g_test_add_func ("/sync/cli/continuous", test_cli_continuous);
  g_test_add_func ("/sync/cli/remembers", test_cli_remembers);
  g_test_add_func ("/sync/errors/wrong-password", test_wrong_password);
  for (guint i = 0; i < G_N_ELEMENTS (bad_replies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/errors/bad-reply/%s", bad_replies[i].name);

      g_test_add_data_func (path, &bad_replies[i], test_bad_reply);
    }

  return g_test_run ();
}
