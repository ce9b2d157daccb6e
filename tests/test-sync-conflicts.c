/* test-sync-conflicts.c: what a person decides about a sync (conflicts,
 * refused writes) against a real server (PouchDB Server), and TLS with a
 * CA file of one's own
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-conflicts"

#include "config.h"

#include <glib/gstdio.h>

#include "bd-couch-server.h"
#include "bd-customers.h"
#include "bd-sync.h"
#include "bd-sync-resolve.h"
#include "bd-sync-setup.h"
#include "bd-sync-test-util.h"
#include "bd-test-util.h"

#define DB BD_SYNC_TEST_DB

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
  "SO-1,2026-03-01,C-1,Ada,MUG,2,2\n"
  "SO-2,2026-03-02,C-2,Grace,PAN,1,1\n";

static void
sync_as (BdSyncTestClient *client,
         BdCouchServer    *server,
         const char       *user,
         const char       *password)
{
  bd_sync_test_client_sync (client, server, user, password, 0);
}

static void
sync_client (BdSyncTestClient *client,
             BdCouchServer    *server)
{
  sync_as (client, server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
}

static void
import_orders (BdSyncTestClient *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (client->store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));
  g_assert_no_error (error);
}

static void
set_contact (BdSyncTestClient *client,
             const char       *email,
             const char       *phone,
             const char       *language)
{
  g_autoptr(GError) error = NULL;
  gint64 id = bd_test_count (client->store, "SELECT id FROM customers WHERE ref = 'C-1'");

  g_assert_true (bd_customers_set_contact (client->store, id, email, phone, language, &error));
  g_assert_no_error (error);
}

static char *
contact_of (BdSyncTestClient *client)
{
  return bd_test_text (client->store, "SELECT email || '|' || phone || '|' || language FROM customers"
                                      " WHERE ref = 'C-1'");
}

static gint64
open_conflicts (BdSyncTestClient *client)
{
  return bd_test_count (client->store, "SELECT count(*) FROM sync_conflicts WHERE resolved = 0");
}

/* The synced rows keyed by uuid, references as uuids. */
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

/* Two machines with the same customer; Ann's contact details reach the
 * server first, Bob's then meet them: three conflicts on Bob's machine. */
static void
make_contact_conflicts (BdCouchServer    *server,
                        BdSyncTestClient *a,
                        BdSyncTestClient *b)
{
  g_autoptr(GDateTime) early = g_date_time_new_utc (2026, 4, 1, 9, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_new_utc (2026, 4, 1, 10, 0, 0);

  import_orders (a);
  sync_client (a, server);
  sync_client (b, server);
  bd_store_set_fixed_clock (a->store, early);
  bd_store_set_fixed_clock (b->store, late);
  set_contact (a, "ada@old.example", "+49 30 1111111", "de");
  set_contact (b, "ada@new.example", "+49 30 2222222", "fr");
  bd_store_set_fixed_clock (a->store, NULL);
  bd_store_set_fixed_clock (b->store, NULL);
  sync_client (a, server);
  sync_client (b, server);
}

static JsonObject *
conflict_of (JsonArray  *conflicts,
             const char *field)
{
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonObject *row = json_array_get_object_element (conflicts, i);

      if (g_str_equal (json_object_get_string_member (row, "field"), field))
        return row;
    }
  g_assert_not_reached ();
}

/* Bob keeps his email, takes Ann's language and types another phone
 * number: his machine's row takes them as his edits, they go to the
 * server with his next sync, and Ann's machine takes them from there.
 * Both end equal, no conflict left anywhere, and the audit says who
 * chose. */
static void
test_resolve_everywhere (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *export_a = NULL;
  g_autofree char *export_b = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uuid = NULL;
  JsonObject *row;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  make_contact_conflicts (server, a, b);

  g_assert_cmpint (open_conflicts (a), ==, 0);
  g_assert_cmpint (open_conflicts (b), ==, 3);
  conflicts = bd_sync_list_open_conflicts (b->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_length (conflicts), ==, 3);
  row = conflict_of (conflicts, "email");
  g_assert_cmpstr (json_object_get_string_member (row, "what"), ==, "Customer C-1 (Ada)");
  g_assert_cmpstr (json_object_get_string_member (row, "local_value"), ==, "ada@new.example");
  g_assert_cmpstr (json_object_get_string_member (row, "remote_value"), ==, "ada@old.example");
  /* who wrote each, from the audit events that synced */
  g_assert_cmpstr (json_object_get_string_member (row, "local_author"), ==, "Bob");
  g_assert_cmpstr (json_object_get_string_member (row, "remote_author"), ==, "Ann");
  g_assert_cmpstr (json_object_get_string_member (row, "local_updated_at"), ==, "2026-04-01T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (row, "remote_updated_at"), ==, "2026-04-01T09:00:00Z");
  /* until decided, the server's value */
  contact = contact_of (b);
  g_assert_cmpstr (contact, ==, "ada@old.example|+49 30 1111111|de");

  g_assert_true (bd_sync_resolve_conflict (b->store, json_object_get_int_member (conflict_of (conflicts, "email"), "id"),
                                           BD_SYNC_KEEP_LOCAL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_sync_resolve_conflict (b->store,
                                           json_object_get_int_member (conflict_of (conflicts, "language"), "id"),
                                           BD_SYNC_KEEP_REMOTE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_sync_resolve_conflict (b->store, json_object_get_int_member (conflict_of (conflicts, "phone"), "id"),
                                           BD_SYNC_KEEP_VALUE, "+49 30 3333333", &error));
  g_assert_no_error (error);
  g_assert_cmpint (open_conflicts (b), ==, 0);
  g_free (contact);
  contact = contact_of (b);
  g_assert_cmpstr (contact, ==, "ada@new.example|+49 30 3333333|de");
  g_assert_cmpint (bd_test_count (b->store, "SELECT dirty FROM customers WHERE ref = 'C-1'"), ==, 1);

  /* resolved everywhere: the server, and Ann's machine after her sync */
  sync_client (b, server);
  sync_client (a, server);
  uuid = bd_test_text (b->store, "SELECT uuid FROM customers WHERE ref = 'C-1'");
  path = g_strdup_printf ("customer:%s", uuid);
  doc = bd_sync_test_admin_request (server, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "email"), ==, "ada@new.example");
  g_free (contact);
  contact = contact_of (a);
  g_assert_cmpstr (contact, ==, "ada@new.example|+49 30 3333333|de");
  g_assert_cmpint (open_conflicts (a), ==, 0);
  g_assert_cmpint (open_conflicts (b), ==, 0);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM customers WHERE dirty = 1"), ==, 0);
  g_assert_cmpint (bd_test_count (b->store, "SELECT count(*) FROM customers WHERE dirty = 1"), ==, 0);
  export_a = export_synced (a->store);
  export_b = export_synced (b->store);
  g_assert_cmpstr (export_a, ==, export_b);
  /* the choices, in Bob's name, on both machines */
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM events WHERE action = 'sync-resolve'"
                                            " AND author = 'Bob'"), ==, 3);
  g_assert_cmpint (bd_test_count (a->store, "SELECT count(*) FROM events WHERE action = 'sync-resolve'"
                                            " AND field = 'phone' AND old_value = '+49 30 1111111'"
                                            " AND new_value = '+49 30 3333333'"), ==, 1);

  bd_couch_server_stop (server);
}

/* Three machines met Ann's email first: Bob decides for his; Cleo, who
 * had written what Bob chose, finds hers settled by his choice; Dan, who
 * had written another, still has his to decide, now against Bob's. */
static void
test_resolve_settles_others (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) a = NULL;
  g_autoptr(BdSyncTestClient) b = NULL;
  g_autoptr(BdSyncTestClient) c = NULL;
  g_autoptr(BdSyncTestClient) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  g_autofree char *value = NULL;
  gint64 id;

  if (server == NULL)
    return;
  a = bd_sync_test_client_new ("Ann");
  b = bd_sync_test_client_new ("Bob");
  c = bd_sync_test_client_new ("Cleo");
  d = bd_sync_test_client_new ("Dan");
  import_orders (a);
  sync_client (a, server);
  sync_client (b, server);
  sync_client (c, server);
  sync_client (d, server);
  set_contact (a, "ada@a.example", NULL, NULL);
  set_contact (b, "ada@b.example", NULL, NULL);
  set_contact (c, "ada@b.example", NULL, NULL);
  set_contact (d, "ada@d.example", NULL, NULL);
  sync_client (a, server);
  sync_client (b, server);
  sync_client (c, server);
  sync_client (d, server);
  g_assert_cmpint (open_conflicts (b), ==, 1);
  g_assert_cmpint (open_conflicts (c), ==, 1);
  g_assert_cmpint (open_conflicts (d), ==, 1);

  id = bd_test_count (b->store, "SELECT id FROM sync_conflicts WHERE resolved = 0");
  g_assert_true (bd_sync_resolve_conflict (b->store, id, BD_SYNC_KEEP_LOCAL, NULL, &error));
  g_assert_no_error (error);
  sync_client (b, server);
  sync_client (c, server);
  sync_client (d, server);

  g_assert_cmpint (open_conflicts (c), ==, 0);
  value = bd_test_text (c->store, "SELECT email FROM customers WHERE ref = 'C-1'");
  g_assert_cmpstr (value, ==, "ada@b.example");
  conflicts = bd_sync_list_open_conflicts (d->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_length (conflicts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conflicts, 0), "local_value"), ==,
                   "ada@d.example");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conflicts, 0), "remote_value"), ==,
                   "ada@b.example");

  bd_couch_server_stop (server);
}

/* A conflict that is not open, a value not of the field's type: refused
 * with an error that says so, the store unchanged. */
static void
test_resolve_bad_input (void)
{
  g_autoptr(BdSyncTestClient) a = bd_sync_test_client_new ("Ann");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  import_orders (a);
  g_assert_true (bd_store_exec (a->store,
                                "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value, created_at)"
                                " SELECT 'product:' || uuid, 'on_hand', '3', '5', '2026-04-01T10:00:00Z'"
                                " FROM products WHERE sku = 'MUG';"
                                "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value, created_at)"
                                " VALUES ('product:gone', 'name', 'a', 'b', '2026-04-01T10:00:00Z')", &error));
  g_assert_no_error (error);
  id = bd_test_count (a->store, "SELECT min(id) FROM sync_conflicts");
  before = bd_test_dump (a->store);

  g_assert_false (bd_sync_resolve_conflict (a->store, 999, BD_SYNC_KEEP_LOCAL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no open conflict 999"));
  g_clear_error (&error);
  g_assert_false (bd_sync_resolve_conflict (a->store, id, BD_SYNC_KEEP_VALUE, "a few", &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_DOCUMENT);
  g_assert_nonnull (strstr (error->message, "“a few” is not a whole number"));
  g_assert_nonnull (strstr (error->message, "on_hand"));
  g_clear_error (&error);
  g_assert_false (bd_sync_resolve_conflict (a->store, id + 1, BD_SYNC_KEEP_LOCAL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "product:gone"));
  g_clear_error (&error);
  g_assert_false (bd_sync_discard_refused (a->store, "product:nothing", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bd_sync_retry_refused (a->store, "product:nothing", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = bd_test_dump (a->store);
  g_assert_cmpstr (before, ==, after);

  /* and a good one: a whole number with spaces around it */
  g_assert_true (bd_sync_resolve_conflict (a->store, id, BD_SYNC_KEEP_VALUE, " 4 ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (a->store, "SELECT on_hand FROM products WHERE sku = 'MUG'"), ==, 4);
}

/* ---- refused writes ---- */

static void
setup_team (BdCouchServer    *server,
            BdSyncTestClient *boss)
{
  g_autoptr(BdCouch) admin = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = bd_sync_map_new (boss->store, &error);

  g_assert_no_error (error);
  g_assert_true (bd_sync_setup_server (admin, map, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_sync_add_user (admin, "ann", "agent", "pw-of-ann", NULL, &error));
  g_assert_no_error (error);

  import_orders (boss);
  g_assert_true (bd_store_exec (boss->store,
                                "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                                " VALUES ('S-1', 'Acme', 'supplier-1', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z');"
                                "INSERT INTO purchase_orders (number, supplier_id, currency, ordered_at, uuid, created_at,"
                                " updated_at) SELECT 'PO-1', id, 'EUR', '2026-03-01', 'po-1', '2026-03-01T00:00:00Z',"
                                " '2026-03-01T00:00:00Z' FROM suppliers", &error));
  g_assert_no_error (error);
  sync_client (boss, server);
}

/* Ann, an agent, edits a PO and adds a supplier (by a way around the
 * app): both refused. Discarding puts the PO back as the server has it
 * and takes the supplier the server never had away; nothing of either
 * goes to the server. */
static void
test_refused_discard (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) boss = NULL;
  g_autoptr(BdSyncTestClient) ann = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) refused = NULL;
  g_autoptr(JsonNode) po = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *note = NULL;
  JsonObject *row;

  if (server == NULL)
    return;
  boss = bd_sync_test_client_new ("admin");
  ann = bd_sync_test_client_new ("ann");
  setup_team (server, boss);
  sync_as (ann, server, "ann", "pw-of-ann");
  g_assert_true (bd_store_exec (ann->store,
                                "UPDATE purchase_orders SET note = 'cheaper elsewhere', dirty = 1;"
                                "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                                " VALUES ('S-9', 'Bargains', 'supplier-9', '2026-03-01T00:00:00Z',"
                                " '2026-03-01T00:00:00Z')", &error));
  g_assert_no_error (error);
  sync_as (ann, server, "ann", "pw-of-ann");

  refused = bd_sync_list_refused_writes (ann->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_length (refused), ==, 2);
  row = json_array_get_object_element (refused, 0);
  if (!g_str_equal (json_object_get_string_member (row, "doc_id"), "purchase_order:po-1"))
    row = json_array_get_object_element (refused, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "doc_id"), ==, "purchase_order:po-1");
  g_assert_cmpstr (json_object_get_string_member (row, "what"), ==, "Purchase order PO-1");
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==,
                   "ann (agent) may not write purchase_order documents");
  g_assert_cmpstr (json_object_get_string_member (row, "fields"), ==, "note");
  g_assert_cmpint (json_object_get_int_member (row, "on_server"), ==, 1);

  g_assert_true (bd_sync_discard_refused (ann->store, "purchase_order:po-1", &error));
  g_assert_no_error (error);
  g_assert_true (bd_sync_discard_refused (ann->store, "supplier:supplier-9", &error));
  g_assert_no_error (error);
  note = bd_test_text (ann->store, "SELECT coalesce(note, '(none)') || '|' || dirty FROM purchase_orders");
  g_assert_cmpstr (note, ==, "(none)|0");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM suppliers WHERE deleted = 0"), ==, 1);
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM suppliers WHERE dirty = 1"), ==, 0);
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 0);

  sync_as (ann, server, "ann", "pw-of-ann");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 0);
  po = bd_sync_test_admin_request (server, "GET", "purchase_order:po-1", NULL);
  g_assert_false (json_object_has_member (json_node_get_object (po), "note") &&
                  !json_object_get_null_member (json_node_get_object (po), "note"));
  all = bd_sync_test_admin_request (server, "GET", "_all_docs?key=%22supplier%3Asupplier-9%22", NULL);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (all), "rows")), ==, 0);

  bd_couch_server_stop (server);
}

/* A refused write is not sent again as it is, until retried: after Ann
 * became purchasing, her retried PO edit goes through. */
static void
test_refused_retry (void)
{
  BdCouchServer *server = bd_sync_test_server_start ();
  g_autoptr(BdSyncTestClient) boss = NULL;
  g_autoptr(BdSyncTestClient) ann = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) po = NULL;
  g_autoptr(BdCouch) admin = NULL;

  if (server == NULL)
    return;
  boss = bd_sync_test_client_new ("admin");
  ann = bd_sync_test_client_new ("ann");
  setup_team (server, boss);
  sync_as (ann, server, "ann", "pw-of-ann");
  g_assert_true (bd_store_exec (ann->store, "UPDATE purchase_orders SET note = 'cheaper elsewhere', dirty = 1",
                                &error));
  g_assert_no_error (error);
  sync_as (ann, server, "ann", "pw-of-ann");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 1);

  admin = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_assert_true (bd_sync_set_role (admin, "ann", "purchasing", NULL, &error));
  g_assert_no_error (error);
  /* held back as refused until retried */
  sync_as (ann, server, "ann", "pw-of-ann");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 1);
  po = bd_sync_test_admin_request (server, "GET", "purchase_order:po-1", NULL);
  g_assert_false (json_object_has_member (json_node_get_object (po), "note") &&
                  !json_object_get_null_member (json_node_get_object (po), "note"));
  g_clear_pointer (&po, json_node_unref);

  g_assert_true (bd_sync_retry_refused (ann->store, "purchase_order:po-1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 0);
  sync_as (ann, server, "ann", "pw-of-ann");
  po = bd_sync_test_admin_request (server, "GET", "purchase_order:po-1", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (po), "note"), ==, "cheaper elsewhere");
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM sync_refused"), ==, 0);
  g_assert_cmpint (bd_test_count (ann->store, "SELECT count(*) FROM purchase_orders WHERE dirty = 1"), ==, 0);

  bd_couch_server_stop (server);
}

/* ---- TLS ---- */

typedef struct
{
  GSubprocess *process;
  char *url;
} FakeCouch;

/* tests/fake-couch over HTTPS with @cert and @key. */
static FakeCouch *
fake_couch_start_tls (const char *cert,
                      const char *key)
{
  FakeCouch *fake = g_new0 (FakeCouch, 1);
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "fake-couch", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, bd_couch_server_child_setup, NULL, NULL);
  fake->process = g_subprocess_launcher_spawn (launcher, &error, program, "{\"results\": [], \"last_seq\": 0}",
                                               "[]", cert, key, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY "));
  fake->url = g_strdup_printf ("https://127.0.0.1:%s/", line + 6);
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

/* A pull from the server at @url, trusting @ca_file (NULL: the system's
 * authorities). */
static gboolean
sync_tls (BdStore     *store,
          const char  *url,
          const char  *ca_file,
          GError     **error)
{
  g_autoptr(BdCouch) couch = bd_couch_new (url, DB, "ann", "secret", error);
  g_autoptr(BdSync) sync = NULL;

  g_assert_nonnull (couch);
  if (ca_file != NULL && !bd_couch_set_ca_file (couch, ca_file, error))
    return FALSE;
  sync = bd_sync_new (store, couch, error);
  g_assert_nonnull (sync);
  return bd_sync_pull (sync, NULL, error);
}

/* A server whose certificate a CA file of one's own vouches for syncs;
 * with another CA file, or the system's, the certificate error says why,
 * and nothing syncs; a CA file that cannot be read is named. */
static void
test_tls_ca_file (void)
{
  g_autoptr(BdSyncTestClient) a = bd_sync_test_client_new ("Ann");
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *other_dir = g_build_filename (dir, "other", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_cert = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);
  g_autoptr(GError) error = NULL;
  FakeCouch *fake;

  g_assert_cmpint (g_mkdir (other_dir, 0700), ==, 0);
  bd_test_make_certificate (dir, &cert, &key);
  bd_test_make_certificate (other_dir, &other_cert, &other_key);
  fake = fake_couch_start_tls (cert, key);

  /* the system's authorities do not know it */
  g_assert_false (sync_tls (a->store, fake->url, NULL, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CERTIFICATE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not signed by a trusted certificate authority"));
  g_clear_error (&error);

  /* another CA file: the same, and which file was used */
  g_assert_false (sync_tls (a->store, fake->url, other_cert, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CERTIFICATE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not signed by a trusted certificate authority"));
  g_assert_nonnull (strstr (error->message, other_cert));
  g_clear_error (&error);

  /* a file that is not there */
  g_assert_false (sync_tls (a->store, fake->url, missing, &error));
  g_assert_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CERTIFICATE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* the right one */
  g_assert_true (sync_tls (a->store, fake->url, cert, &error));
  g_assert_no_error (error);

  fake_couch_stop (fake);
  bd_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-conflicts/resolve/everywhere", test_resolve_everywhere);
  g_test_add_func ("/sync-conflicts/resolve/settles-others", test_resolve_settles_others);
  g_test_add_func ("/sync-conflicts/resolve/bad-input", test_resolve_bad_input);
  g_test_add_func ("/sync-conflicts/refused/discard", test_refused_discard);
  g_test_add_func ("/sync-conflicts/refused/retry", test_refused_retry);
  g_test_add_func ("/sync-conflicts/tls/ca-file", test_tls_ca_file);

  return g_test_run ();
}
