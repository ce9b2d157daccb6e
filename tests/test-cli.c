/* test-cli.c: backorder-desk-cli as scripts use it
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/wait.h>

#include "bd-po-status.h"
#include "bd-couch-server.h"
#include "bd-install-settings.h"
#include "bd-status.h"
#include "bd-suppliers.h"
#include "bd-test-util.h"

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_argv (Run       *run,
          GPtrArray *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  /* Under the sanitizers every report aborts the program: a check like
   * "status != 0" must not take that for the error it expects. */
  if (!WIFEXITED (wait_status))
    g_test_message ("%s", run->err);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Runs @cli (or the one under test) with @prefix before it: runuser and
 * its arguments for running it as another user. */
static void
run_cli_full (Run                *run,
              const char * const *prefix,
              const char         *cli,
              const char         *database,
              va_list             args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  for (guint i = 0; prefix != NULL && prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)prefix[i]);
  if (cli == NULL)
    cli = g_getenv ("BD_CLI");
  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  if (database != NULL)
    {
      g_ptr_array_add (argv, (char *)"--database");
      g_ptr_array_add (argv, (char *)database);
    }
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);

  run_argv (run, argv);
}

static void
run_cli (Run        *run,
         const char *database,
         ...)
{
  va_list args;

  va_start (args, database);
  run_cli_full (run, NULL, NULL, database, args);
  va_end (args);
}

static JsonArray *
list_json (const char *database,
           const char *status)
{
  g_auto(Run) run = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_cli (&run, database, "list", "backorders", "--status", status, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_cli_demo_deterministic (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.sqlite3", NULL);
  g_autofree char *b = g_build_filename (dir, "b.sqlite3", NULL);
  g_autofree char *c = g_build_filename (dir, "c.sqlite3", NULL);
  g_auto(Run) run_a = { 0, };
  g_auto(Run) run_b = { 0, };
  g_auto(Run) run_c = { 0, };
  g_autoptr(BdStore) store_a = NULL;
  g_autoptr(BdStore) store_b = NULL;
  g_autoptr(BdStore) store_c = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  g_autofree char *dump_c = NULL;

  run_cli (&run_a, a, "demo", "--orders", "300", "--seed", "11", "--now", "2026-05-01", NULL);
  run_cli (&run_b, b, "demo", "--orders", "300", "--seed", "11", "--now", "2026-05-01", NULL);
  run_cli (&run_c, c, "demo", "--orders", "300", "--seed", "12", "--now", "2026-05-01", NULL);
  g_assert_cmpint (run_a.status, ==, 0);
  g_assert_cmpint (run_b.status, ==, 0);
  g_assert_cmpint (run_c.status, ==, 0);

  store_a = bd_store_open (a, NULL);
  store_b = bd_store_open (b, NULL);
  store_c = bd_store_open (c, NULL);
  dump_a = bd_test_dump (store_a);
  dump_b = bd_test_dump (store_b);
  dump_c = bd_test_dump (store_c);

  /* uuids, times and all */
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_a, !=, dump_c);

  /* realistic: backorders of every kind, some overdue, some with desk work */
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM orders"), ==, 300);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM order_lines WHERE status = 'waiting'"), >, 10);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM order_lines WHERE status = 'shipped'"), >, 10);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM order_lines WHERE status = 'cancelled'"), >, 0);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM order_lines WHERE status = 'waiting'"
                                           " AND promised_at < '2026-05-01'"), >, 0);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM order_lines WHERE status = 'waiting'"
                                           " AND promised_at > '2026-05-01'"), >, 0);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM order_lines WHERE priority > 0"), >, 0);
  g_assert_cmpint (bd_test_count (store_a, "SELECT count(*) FROM notes"), >, 0);
  g_assert_cmpint (bd_test_count (store_a, "SELECT max(ordered_at) <= '2026-05-01' FROM orders"), ==, 1);

  g_clear_object (&store_a);
  g_clear_object (&store_b);
  g_clear_object (&store_c);
  bd_test_rm_rf (dir);
}

static void
test_cli_list_and_actions (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(JsonArray) open = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) cancelled = NULL;
  g_auto(Run) demo = { 0, };
  g_auto(Run) cancel = { 0, };
  g_auto(Run) priority = { 0, };
  g_auto(Run) note = { 0, };
  g_auto(Run) complaint = { 0, };
  g_auto(Run) table = { 0, };
  const char *fields[] = { "ref", "order_ref", "ordered_at", "customer_ref", "customer_name", "sku",
                           "product_name", "quantity", "backordered_quantity", "status", "priority",
                           "promised_at", "shipped_at" };
  JsonObject *first;
  g_autofree char *ref = NULL;

  run_cli (&demo, db, "demo", "--orders", "200", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  open = list_json (db, "open");
  all = list_json (db, "all");
  g_assert_cmpuint (json_array_get_length (open), >, 0);
  g_assert_cmpuint (json_array_get_length (all), >, json_array_get_length (open));

  first = json_array_get_object_element (open, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_true (json_object_has_member (first, fields[i]));
  ref = g_strdup (json_object_get_string_member (first, "ref"));

  run_cli (&cancel, db, "backorder", "set-status", ref, "cancelled", "--reason", "out of range", "--refunded", NULL);
  g_assert_cmpint (cancel.status, ==, 0);
  run_cli (&priority, db, "backorder", "set-priority", ref, "2", NULL);
  g_assert_cmpint (priority.status, ==, 0);
  run_cli (&note, db, "backorder", "note", ref, "Told the customer", NULL);
  g_assert_cmpint (note.status, ==, 0);
  run_cli (&complaint, db, "backorder", "complaint", ref, "--category", "delay", "Too slow", NULL);
  g_assert_cmpint (complaint.status, ==, 0);

  cancelled = list_json (db, "cancelled");
  {
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (cancelled); i++)
      {
        JsonObject *row = json_array_get_object_element (cancelled, i);

        if (g_strcmp0 (json_object_get_string_member (row, "ref"), ref) != 0)
          continue;
        found = TRUE;
        g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "cancelled");
        g_assert_cmpint (json_object_get_int_member (row, "priority"), ==, 2);
      }
    g_assert_true (found);
  }

  /* the search finds the line by its note */
  run_cli (&table, db, "list", "backorders", "--status", "all", "--search", "Told customer", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, ref));

  bd_test_rm_rf (dir);
}

static void
test_cli_export (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(JsonArray) open = NULL;
  g_auto(Run) demo = { 0, };
  g_auto(Run) export = { 0, };
  g_auto(GStrv) lines = NULL;

  run_cli (&demo, db, "demo", "--orders", "150", NULL);
  open = list_json (db, "open");
  run_cli (&export, db, "export", "backorders", NULL);
  g_assert_cmpint (export.status, ==, 0);

  g_assert_true (g_str_has_prefix (export.out, "ref,order_ref,ordered_at,customer_ref,customer_name"));
  lines = g_strsplit (export.out, "\r\n", -1);
  /* header, one row a line, and the empty string after the last break */
  g_assert_cmpuint (g_strv_length (lines), ==, json_array_get_length (open) + 2);

  bd_test_rm_rf (dir);
}

/* The export keeps priority as the number and adds its word (fixed
 * English, like the status) and the product's preferred supplier, at the
 * end so that the columns before them stay where they were. */
static void
test_cli_export_columns (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *suppliers = g_build_filename (dir, "suppliers.csv", NULL);
  g_autofree char *products = g_build_filename (dir, "products.csv", NULL);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  g_auto(Run) import_suppliers = { 0, };
  g_auto(Run) import_products = { 0, };
  g_auto(Run) import_orders = { 0, };
  g_auto(Run) priority = { 0, };
  g_auto(Run) export = { 0, };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  guint priority_column = 0, label_column = 0, supplier_column = 0;

  g_assert_true (g_file_set_contents (suppliers, "supplier_ref,name\nS-1,Nordic Mugs\nS-2,Pans & Co\nZ-9,Zeta Pots\n", -1, NULL));
  g_assert_true (g_file_set_contents (products,
                                      "sku,name,supplier_ref\n"
                                      "MUG,Red mug,S-1\n"
                                      "PAN,Pan,\n"
                                      "POT,Pot,S-2\n", -1, NULL));
  g_assert_true (g_file_set_contents (orders,
                                      "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
                                      "SO-1,2026-01-01,C-1,Ada,MUG,2,1\n"
                                      "SO-2,2026-01-02,C-2,Grace,PAN,1,1\n"
                                      "SO-3,2026-01-03,C-3,Edsger,POT,1,1\n", -1, NULL));
  run_cli (&import_suppliers, db, "--create", "import", "suppliers", suppliers, NULL);
  run_cli (&import_products, db, "import", "products", products, NULL);
  run_cli (&import_orders, db, "import", "orders", orders, NULL);
  g_assert_cmpint (import_orders.status, ==, 0);
  run_cli (&priority, db, "backorder", "set-priority", "SO-1/MUG", "2", NULL);
  g_assert_cmpint (priority.status, ==, 0);

  /* data from elsewhere (a sync) may mark two suppliers of POT preferred:
   * the first by name, as the queue's Supplier column has it */
  {
    g_autoptr(BdStore) store = bd_store_open (db, NULL);

    g_assert_nonnull (store);
    g_assert_true (bd_store_exec (store,
                                  "INSERT INTO product_suppliers (product_id, supplier_id, preferred, uuid,"
                                  " created_at, updated_at)"
                                  " SELECT p.id, s.id, 1, 'test-uuid', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'"
                                  " FROM products p, suppliers s WHERE p.sku = 'POT' AND s.ref = 'Z-9'",
                                  NULL));
  }

  run_cli (&export, db, "export", "backorders", "--sort", "order", NULL);
  g_assert_cmpint (export.status, ==, 0);
  lines = g_strsplit (export.out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);

  header = g_strsplit (lines[0], ",", -1);
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "priority"))
        priority_column = i;
      else if (g_str_equal (header[i], "priority_label"))
        label_column = i;
      else if (g_str_equal (header[i], "supplier_ref"))
        supplier_column = i;
    }
  /* the new ones last, the old ones where they were */
  g_assert_cmpuint (priority_column, ==, 11);
  g_assert_cmpuint (label_column, ==, g_strv_length (header) - 2);
  g_assert_cmpuint (supplier_column, ==, g_strv_length (header) - 1);

  {
    const char *expected[][3] = {
      { "2", "urgent", "S-1" },
      { "0", "normal", "" },
      { "0", "normal", "S-2" },      /* Pans & Co before Zeta Pots */
    };

    for (guint row = 0; row < G_N_ELEMENTS (expected); row++)
      {
        g_auto(GStrv) fields = g_strsplit (lines[row + 1], ",", -1);

        g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
        g_assert_cmpstr (fields[priority_column], ==, expected[row][0]);
        g_assert_cmpstr (fields[label_column], ==, expected[row][1]);
        g_assert_cmpstr (fields[supplier_column], ==, expected[row][2]);
      }
  }

  bd_test_rm_rf (dir);
}

/* A name a spreadsheet would run as a formula is exported as text. */
static void
test_cli_export_formula (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *csv = g_build_filename (dir, "orders.csv", NULL);
  g_auto(Run) import = { 0, };
  g_auto(Run) export = { 0, };

  g_assert_true (g_file_set_contents (csv,
                                      "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,unit_price\n"
                                      "SO-1,2026-01-01,C-1,\"=HYPERLINK(\"\"http://x\"\")\",MUG,2,1,-1.50\n"
                                      "SO-2,2026-01-02,C-2,\"\n=1+2\",MUG,2,1,\n"
                                      "SO-3,2026-01-03,C-3,＝HYPERLINK(1),MUG,2,1,\n"
                                      "SO-4,2026-01-04,C-4,＠SUM(1),MUG,2,1,\n",
                                      -1, NULL));
  run_cli (&import, db, "--create", "import", "orders", csv, NULL);
  g_assert_cmpint (import.status, ==, 0);
  run_cli (&export, db, "export", "backorders", NULL);
  g_assert_cmpint (export.status, ==, 0);

  g_assert_nonnull (strstr (export.out, ",\"'=HYPERLINK(\"\"http://x\"\")\","));
  g_assert_nonnull (strstr (export.out, ",\"'\n=1+2\","));
  g_assert_nonnull (strstr (export.out, ",'＝HYPERLINK(1),"));
  g_assert_nonnull (strstr (export.out, ",'＠SUM(1),"));
  /* numbers stay numbers */
  g_assert_nonnull (strstr (export.out, ",-1.50,"));

  bd_test_rm_rf (dir);
}

static void
test_cli_errors (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *csv = g_build_filename (dir, "orders.csv", NULL);
  g_auto(Run) no_command = { 0, };
  g_auto(Run) bad_kind = { 0, };
  g_auto(Run) bad_status = { 0, };
  g_auto(Run) bad_file = { 0, };
  g_auto(Run) no_line = { 0, };
  g_auto(Run) by_hand = { 0, };

  run_cli (&no_command, db, NULL);
  g_assert_cmpint (no_command.status, ==, 2);
  g_assert_nonnull (strstr (no_command.err, "Usage"));

  run_cli (&bad_kind, db, "import", "customers", "x.csv", NULL);
  g_assert_cmpint (bad_kind.status, ==, 2);

  run_cli (&bad_status, db, "list", "backorders", "--status", "lost", NULL);
  g_assert_cmpint (bad_status.status, ==, 2);
  g_assert_nonnull (strstr (bad_status.err, "lost"));

  g_assert_true (g_file_set_contents (csv, "order_ref,ordered_at,customer_ref,sku,quantity\n"
                                           "SO-1,2026-01-01,C-1,MUG,nine\n", -1, NULL));
  run_cli (&bad_file, db, "--create", "import", "orders", csv, NULL);
  g_assert_cmpint (bad_file.status, ==, 1);
  g_assert_nonnull (strstr (bad_file.err, "line 2, column quantity"));
  g_assert_cmpstr (bad_file.out, ==, "");

  run_cli (&no_line, db, "backorder", "note", "SO-404/NOPE", "hello", NULL);
  g_assert_cmpint (no_line.status, ==, 1);
  g_assert_nonnull (strstr (no_line.err, "SO-404/NOPE"));

  run_cli (&by_hand, db, "backorder", "set-status", "SO-1/MUG", "allocated", NULL);
  g_assert_cmpint (by_hand.status, !=, 0);

  bd_test_rm_rf (dir);
}

/* An ambiguous REF is refused with the candidates' uuids; a priority of
 * 2^64 + 2 wrapped around to 2 and was set. */
static void
test_cli_ambiguous_ref_and_overflow (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *csv = g_build_filename (dir, "orders.csv", NULL);
  g_autoptr(JsonArray) lines = NULL;
  g_auto(Run) import = { 0, };
  g_auto(Run) ambiguous = { 0, };
  g_auto(Run) by_uuid = { 0, };
  g_auto(Run) overflow = { 0, };
  g_autofree char *uuid_a = NULL;
  g_autofree char *uuid_ab = NULL;

  g_assert_true (g_file_set_contents (csv,
                                      "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity\n"
                                      "A,2026-03-01,C-1,B/C,1,1\n"
                                      "A/B,2026-03-02,C-1,C,1,1\n",
                                      -1, NULL));
  run_cli (&import, db, "--create", "import", "orders", csv, NULL);
  g_assert_cmpint (import.status, ==, 0);

  lines = list_json (db, "all");
  g_assert_cmpint (json_array_get_length (lines), ==, 2);
  uuid_a = g_strdup (json_object_get_string_member (json_array_get_object_element (lines, 0), "uuid"));
  uuid_ab = g_strdup (json_object_get_string_member (json_array_get_object_element (lines, 1), "uuid"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0), "ref"), ==, "A/B/C");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 1), "ref"), ==, "A/B/C");

  run_cli (&ambiguous, db, "backorder", "set-priority", "A/B/C", "2", NULL);
  g_assert_cmpint (ambiguous.status, ==, 1);
  g_assert_nonnull (strstr (ambiguous.err, "more than one"));
  g_assert_nonnull (strstr (ambiguous.err, uuid_a));
  g_assert_nonnull (strstr (ambiguous.err, uuid_ab));

  run_cli (&by_uuid, db, "backorder", "set-priority", uuid_ab, "1", NULL);
  g_assert_cmpint (by_uuid.status, ==, 0);

  run_cli (&overflow, db, "backorder", "set-priority", uuid_a, "18446744073709551618", NULL);
  g_assert_cmpint (overflow.status, ==, 2);
  g_assert_nonnull (strstr (overflow.err, "18446744073709551618"));

  g_clear_pointer (&lines, json_array_unref);
  lines = list_json (db, "all");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      gboolean is_ab = g_str_equal (json_object_get_string_member (line, "uuid"), uuid_ab);

      g_assert_cmpint (json_object_get_int_member (line, "priority"), ==, (is_ab ? 1 : 0));
    }

  bd_test_rm_rf (dir);
}

static char *
file_state (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *listing = NULL;
  const char *entry;
  gsize len;

  g_assert_nonnull (d);
  while ((entry = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (names, NULL);
  listing = g_strjoinv (" ", (char **)names->pdata);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
  return g_strdup_printf ("%s: %s", listing, checksum);
}

static void
run_as_nobody (Run        *run,
               const char *cli,
               const char *database,
               ...)
{
  const char * const prefix[] = { "runuser", "-u", "nobody", "--", NULL };
  va_list args;

  va_start (args, database);
  run_cli_full (run, prefix, cli, database, args);
  va_end (args);
}

/* A store in a read-only file or folder opens read-only: it can be listed,
 * a change is refused with the reason, and neither the file nor the folder
 * changes (no -wal or -shm left behind). It used to say “not a Backorder
 * Desk database”. CI runs as root, whom file modes do not stop: the CLI
 * runs as nobody. */
static void
test_cli_read_only (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *cli = g_build_filename (dir, "backorder-desk-cli", NULL);
  g_autofree char *cli_contents = NULL;
  gsize cli_len;
  const struct { const char *folder; int folder_mode, file_mode; const char *why; } cases[] = {
    { "file", 0777, 0444, "is read-only for you" },
    { "folder", 0555, 0666, "The folder holding" },
  };

  /* the build tree may be where nobody cannot go */
  g_assert_true (g_file_get_contents (g_getenv ("BD_CLI"), &cli_contents, &cli_len, NULL));
  g_assert_true (g_file_set_contents (cli, cli_contents, cli_len, NULL));
  g_assert_cmpint (g_chmod (cli, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folder = g_build_filename (dir, cases[i].folder, NULL);
      g_autofree char *db = g_build_filename (folder, "desk.sqlite3", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *ref = NULL;
      g_autoptr(JsonArray) lines = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_auto(Run) demo = { 0, };
      g_auto(Run) list = { 0, };
      g_auto(Run) note = { 0, };
      g_auto(Run) import = { 0, };

      g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
      run_cli (&demo, db, "demo", "--orders", "100", NULL);
      g_assert_cmpint (demo.status, ==, 0);
      lines = list_json (db, "open");
      ref = g_strdup (json_object_get_string_member (json_array_get_object_element (lines, 0), "ref"));
      g_assert_cmpint (g_chmod (db, cases[i].file_mode), ==, 0);
      g_assert_cmpint (g_chmod (folder, cases[i].folder_mode), ==, 0);
      before = file_state (folder, "desk.sqlite3");

      run_as_nobody (&list, cli, db, "list", "backorders", "--json", NULL);
      g_assert_cmpstr (list.err, ==, "");
      g_assert_cmpint (list.status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, list.out, -1, NULL));
      g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==,
                        json_array_get_length (lines));

      run_as_nobody (&note, cli, db, "backorder", "note", ref, "Told the customer", NULL);
      g_assert_cmpint (note.status, ==, 1);
      g_assert_nonnull (strstr (note.err, cases[i].why));
      g_assert_nonnull (strstr (note.err, "nothing in it can be changed"));

      run_as_nobody (&import, cli, db, "import", "orders", "/dev/null", NULL);
      g_assert_cmpint (import.status, ==, 1);

      after = file_state (folder, "desk.sqlite3");
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
    }

  bd_test_rm_rf (dir);
}

/* A full disk says so and loses nothing: a store on a 1 MB tmpfs (in a
 * mount namespace of its own, so the machine's mounts are untouched) gets
 * sample data that does not fit, and keeps what it had; then the disk is
 * filled to the last byte and the store is only read. */
static void
test_cli_full_disk (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *seed = g_build_filename (dir, "seed.sqlite3", NULL);
  g_autofree char *mnt = g_build_filename (dir, "mnt", NULL);
  g_autofree char *err_path = g_build_filename (dir, "demo.err", NULL);
  g_autofree char *list_err_path = g_build_filename (dir, "list.err", NULL);
  g_autofree char *before_path = g_build_filename (dir, "before.sql", NULL);
  g_autofree char *after_path = g_build_filename (dir, "after.sql", NULL);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) create = { 0, };
  g_auto(Run) script = { 0, };
  const char *text =
    "set -eu\n"
    "mount -t tmpfs -o size=1m tmpfs \"$1\"\n"
    "cp \"$2/seed.sqlite3\" \"$1/desk.sqlite3\"\n"
    "sqlite3 \"$1/desk.sqlite3\" .dump > \"$2/before.sql\"\n"
    "rc=0\n"
    "\"$3\" --database \"$1/desk.sqlite3\" demo --orders 3000 2> \"$2/demo.err\" || rc=$?\n"
    "sqlite3 \"$1/desk.sqlite3\" .dump > \"$2/after.sql\"\n"
    "dd if=/dev/zero of=\"$1/fill\" bs=4096 2> /dev/null || true\n"
    "\"$3\" --database \"$1/desk.sqlite3\" list backorders 2> \"$2/list.err\" && exit 3\n"
    "exit $rc\n";

  run_cli (&create, seed, "--create", "list", "backorders", NULL);
  g_assert_cmpint (create.status, ==, 0);
  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);

  g_ptr_array_add (argv, (char *)"unshare");
  g_ptr_array_add (argv, (char *)"--mount");
  g_ptr_array_add (argv, (char *)"sh");
  g_ptr_array_add (argv, (char *)"-c");
  g_ptr_array_add (argv, (char *)text);
  g_ptr_array_add (argv, (char *)"sh");
  g_ptr_array_add (argv, mnt);
  g_ptr_array_add (argv, dir);
  g_ptr_array_add (argv, (char *)g_getenv ("BD_CLI"));
  run_argv (&script, argv);

  if (!g_file_get_contents (err_path, &err, NULL, NULL))
    g_error ("the full-disk script did not run the CLI (it needs to mount a tmpfs): %s", script.err);
  g_assert_cmpint (script.status, ==, 1);
  g_assert_nonnull (strstr (err, "is full"));
  g_assert_nonnull (strstr (err, "nothing was saved"));

  /* a disk with no byte left: reading needs the WAL's index, and that was
   * reported as “not a Backorder Desk database: disk I/O error” */
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (list_err_path, &err, NULL, NULL));
  g_assert_nonnull (strstr (err, "is full"));
  g_assert_null (strstr (err, "not a Backorder Desk database"));

  g_assert_true (g_file_get_contents (before_path, &before, NULL, NULL));
  g_assert_true (g_file_get_contents (after_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  bd_test_rm_rf (dir);
}

/* A damaged file says so and is left as it was; SQLite's own “database
 * disk image is malformed” named neither the file nor what to do. */
static void
test_cli_damaged (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  g_auto(Run) demo = { 0, };
  g_auto(Run) list = { 0, };

  run_cli (&demo, db, "demo", "--orders", "100", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  /* everything after the first two pages overwritten */
  g_assert_true (g_file_get_contents (db, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 3 * 4096);
  memset (contents + 2 * 4096, 0xff, len - 2 * 4096);
  g_assert_true (g_file_set_contents (db, contents, len, NULL));
  before = file_state (dir, "desk.sqlite3");

  run_cli (&list, db, "list", "backorders", "--status", "all", NULL);
  g_assert_cmpint (list.status, ==, 1);
  g_assert_nonnull (strstr (list.err, "is damaged"));
  g_assert_nonnull (strstr (list.err, "backup"));
  g_assert_null (strstr (list.err, "malformed"));

  after = file_state (dir, "desk.sqlite3");
  g_assert_cmpstr (after, ==, before);

  bd_test_rm_rf (dir);
}

static void
test_cli_backup (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.sqlite3", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-folder", "copy.sqlite3", NULL);
  g_autoptr(JsonArray) original = NULL;
  g_autoptr(JsonArray) copied = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *original_text = NULL;
  g_autofree char *copied_text = NULL;
  g_auto(Run) demo = { 0, };
  g_auto(Run) backup = { 0, };
  g_auto(Run) missing = { 0, };
  g_auto(Run) itself = { 0, };

  run_cli (&demo, db, "demo", "--orders", "100", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  run_cli (&backup, db, "backup", copy, NULL);
  g_assert_cmpint (backup.status, ==, 0);
  g_assert_nonnull (strstr (backup.out, copy));

  original = list_json (db, "all");
  copied = list_json (copy, "all");
  json_node_set_array (node, original);
  json_generator_set_root (generator, node);
  original_text = json_generator_to_data (generator, NULL);
  json_node_set_array (node, copied);
  copied_text = json_generator_to_data (generator, NULL);
  g_assert_cmpuint (json_array_get_length (original), >, 0);
  g_assert_cmpstr (copied_text, ==, original_text);

  run_cli (&missing, db, "backup", nowhere, NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "no-such-folder"));

  run_cli (&itself, db, "backup", db, NULL);
  g_assert_cmpint (itself.status, ==, 1);
  g_assert_nonnull (strstr (itself.err, "the database itself"));

  bd_test_rm_rf (dir);
}

/* A path that names no database is made only with --create (or by demo);
 * without it, nothing is created, not even the folder. */
static void
test_cli_create (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "typo", NULL);
  g_autofree char *db = g_build_filename (sub, "desk.sqlite3", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.sqlite3", NULL);
  g_auto(Run) missing = { 0, };
  g_auto(Run) created = { 0, };
  g_auto(Run) empty_run = { 0, };

  run_cli (&missing, db, "list", "backorders", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, db));
  g_assert_nonnull (strstr (missing.err, "--create"));
  g_assert_false (g_file_test (sub, G_FILE_TEST_EXISTS));

  run_cli (&created, db, "--create", "list", "backorders", NULL);
  g_assert_cmpint (created.status, ==, 0);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));

  /* a 0-byte file is no database */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  run_cli (&empty_run, empty, "list", "backorders", NULL);
  g_assert_cmpint (empty_run.status, ==, 1);
  g_assert_nonnull (strstr (empty_run.err, "empty file"));

  bd_test_rm_rf (dir);
}

/* Eight processes making the same new database at once all succeed; it
 * used to fail in 88 of 160 tries with “table settings already exists”. */
static void
test_cli_concurrent_create (void)
{
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *dir = bd_test_tmpdir ();
      g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
      GPid pids[8];
      int errs[8];

      for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
        {
          const char *argv[] = { g_getenv ("BD_CLI"), "--database", db, "--create",
                                 "list", "backorders", NULL };
          g_autoptr(GError) error = NULL;

          g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                    G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pids[i],
                                    NULL, NULL, &errs[i], &error);
          g_assert_no_error (error);
        }

      for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
        {
          g_autoptr(GIOChannel) channel = g_io_channel_unix_new (errs[i]);
          g_autofree char *err = NULL;
          int status;

          g_io_channel_set_close_on_unref (channel, TRUE);
          g_io_channel_read_to_end (channel, &err, NULL, NULL);
          g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
          g_spawn_close_pid (pids[i]);
          if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
            g_error ("round %u, process %u failed: %s", round, i, err);
        }

      {
        g_autoptr(BdStore) store = bd_store_open (db, NULL);

        g_assert_nonnull (store);
        g_assert_cmpint (bd_store_get_schema_version (store), ==, BD_STORE_SCHEMA_VERSION);
      }
      bd_test_rm_rf (dir);
    }
}

/* Age is the days waited: a line ordered on 2026-06-26 and shipped on
 * 2026-07-03 waited 7 days, whenever one looks (it kept counting to
 * today); an open line counts to today. */
static void
test_cli_age_of_closed_lines (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *csv = g_build_filename (dir, "orders.csv", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) ten_days_ago = g_date_time_add_days (now, -10);
  g_autofree char *open_date = g_date_time_format (ten_days_ago, "%Y-%m-%d");
  g_autofree char *text = g_strdup_printf ("order_ref,ordered_at,customer_ref,sku,quantity,"
                                           "backordered_quantity,shipped_at,cancelled_at\n"
                                           "SO-1,2026-06-26,C-1,MUG,1,1,2026-07-03,\n"
                                           "SO-2,2026-06-26,C-1,MUG,1,1,,2026-06-28\n"
                                           "SO-3,%s,C-1,MUG,1,1,,\n", open_date);
  g_autoptr(JsonArray) lines = NULL;
  g_auto(Run) import = { 0, };
  g_auto(Run) export = { 0, };

  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  run_cli (&import, db, "--create", "import", "orders", csv, NULL);
  g_assert_cmpint (import.status, ==, 0);

  lines = list_json (db, "all");
  g_assert_cmpuint (json_array_get_length (lines), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      const char *ref = json_object_get_string_member (line, "ref");
      gint64 age = json_object_get_int_member (line, "age_days");

      if (g_str_equal (ref, "SO-1/MUG"))
        g_assert_cmpint (age, ==, 7);
      else if (g_str_equal (ref, "SO-2/MUG"))
        g_assert_cmpint (age, ==, 2);
      else
        g_assert_cmpint (age, ==, 10);
    }

  /* the export says the same */
  run_cli (&export, db, "export", "backorders", "--status", "shipped", NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_nonnull (strstr (export.out, "SO-1/MUG"));
  g_assert_nonnull (strstr (export.out, ",7,"));

  bd_test_rm_rf (dir);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
find_object (JsonArray  *array,
             const char *member,
             const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL), value) == 0)
        return object;
    }
  g_error ("no object with %s “%s”", member, value);
  return NULL;
}

/* The day after a local date. */
static char *
next_day (const char *date)
{
  g_autofree char *iso = g_strconcat (date, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) day = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);

  return g_date_time_format (next, "%Y-%m-%d");
}

/* What a purchasing clerk does from the command line: suggestions, drafts
 * from demand, the PO list with what each line covers, sending and
 * confirming, a date that slips and the lines it puts at risk, the ETA of
 * a line, cancelling, and purchase_orders.csv with a bad row. */
static void
test_cli_purchasing (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *suppliers = g_build_filename (dir, "suppliers.csv", NULL);
  g_autofree char *products = g_build_filename (dir, "products.csv", NULL);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *pos = g_build_filename (dir, "purchase_orders.csv", NULL);
  g_autoptr(JsonNode) suggestions = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) lines = NULL;
  g_autoptr(JsonNode) eta = NULL;
  g_auto(GStrv) numbers = NULL;
  g_autofree char *mug_po = NULL;
  g_autofree char *pan_po = NULL;
  g_autofree char *mug_eta = NULL;
  JsonObject *object;
  JsonArray *array;

  g_assert_true (g_file_set_contents (suppliers, "supplier_ref,name,lead_time_days\n"
                                                 "SUP-1,Nordic Homeware,10\nSUP-2,Forge Brothers,5\n", -1, NULL));
  g_assert_true (g_file_set_contents (products, "sku,name,pack_size,supplier_ref,unit_cost\n"
                                                "MUG,Mug,6,SUP-1,2.50\nPAN,Pan,1,SUP-2,10.00\n", -1, NULL));
  g_assert_true (g_file_set_contents (orders, "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,"
                                              "backordered_quantity,promised_at\n"
                                              "SO-1,2026-03-01,C-1,Ada,MUG,2,2,2026-03-20\n"
                                              "SO-2,2026-03-02,C-2,Grace,MUG,5,5,2099-01-01\n"
                                              "SO-3,2026-03-03,C-2,Grace,PAN,1,1,\n", -1, NULL));

  {
    g_auto(Run) a = { 0, };
    g_auto(Run) b = { 0, };
    g_auto(Run) c = { 0, };

    run_cli (&a, db, "--create", "import", "suppliers", suppliers, NULL);
    run_cli (&b, db, "import", "products", products, NULL);
    run_cli (&c, db, "import", "orders", orders, NULL);
    g_assert_cmpint (a.status + b.status + c.status, ==, 0);
  }

  /* 7 mugs in packs of 6; one pan */
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, db, "replenish", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    suggestions = parse_json (run.out);
    array = json_node_get_array (suggestions);
    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    object = find_object (array, "sku", "MUG");
    g_assert_cmpint (json_object_get_int_member (object, "demand"), ==, 7);
    g_assert_cmpint (json_object_get_int_member (object, "quantity"), ==, 12);
    g_assert_cmpstr (json_object_get_string_member (object, "supplier_ref"), ==, "SUP-1");
    g_assert_cmpstr (json_object_get_string_member (object, "unit_cost"), ==, "2.50");
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "options")), ==, 1);
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, db, "replenish", "--supplier", "Forge Brothers", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Forge Brothers (SUP-2)"));
    g_assert_nonnull (strstr (run.out, "PAN"));
    g_assert_null (strstr (run.out, "MUG"));
  }

  /* the drafts: their numbers, one a line */
  {
    g_auto(Run) run = { 0, };
    g_auto(Run) again = { 0, };

    run_cli (&run, db, "po", "create-from-demand", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    numbers = g_strsplit (g_strchomp (run.out), "\n", -1);
    g_assert_cmpuint (g_strv_length (numbers), ==, 2);

    /* nothing is ordered twice */
    run_cli (&again, db, "po", "create-from-demand", NULL);
    g_assert_cmpint (again.status, ==, 0);
    g_assert_nonnull (strstr (again.out, "Nothing to order"));
  }

  /* the list: the fields the issue names, and what each line covers */
  {
    g_auto(Run) run = { 0, };
    JsonArray *po_lines;
    JsonArray *covers;

    run_cli (&run, db, "po", "list", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    list = parse_json (run.out);
    array = json_node_get_array (list);
    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    object = find_object (array, "supplier_ref", "SUP-1");
    mug_po = g_strdup (json_object_get_string_member (object, "number"));
    g_assert_true (g_strv_contains ((const char * const *)numbers, mug_po));
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "draft");
    g_assert_nonnull (json_object_get_string_member (object, "ordered_at"));
    g_assert_nonnull (json_object_get_string_member (object, "expected_at"));
    g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "30.00");
    po_lines = json_object_get_array_member (object, "lines");
    g_assert_cmpuint (json_array_get_length (po_lines), ==, 1);
    object = json_array_get_object_element (po_lines, 0);
    g_assert_cmpstr (json_object_get_string_member (object, "sku"), ==, "MUG");
    g_assert_cmpint (json_object_get_int_member (object, "quantity"), ==, 12);
    g_assert_cmpint (json_object_get_int_member (object, "quantity_received"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (object, "unit_cost"), ==, "2.50");
    covers = json_object_get_array_member (object, "covers");
    g_assert_cmpuint (json_array_get_length (covers), ==, 2);
    object = json_array_get_object_element (covers, 0);
    g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, "SO-1/MUG");
    g_assert_cmpint (json_object_get_int_member (object, "quantity"), ==, 2);
    object = json_array_get_object_element (covers, 1);
    g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, "SO-2/MUG");
    g_assert_cmpint (json_object_get_int_member (object, "quantity"), ==, 5);
    pan_po = g_strdup (json_object_get_string_member (find_object (array, "supplier_ref", "SUP-2"), "number"));
  }

  /* list backorders --json: the ETA (the PO's date + 1 handling day),
   * its PO and what is on order */
  {
    g_auto(Run) run = { 0, };
    const char *expected = json_object_get_string_member (find_object (json_node_get_array (list), "number",
                                                                       mug_po), "expected_at");

    run_cli (&run, db, "list", "backorders", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    lines = parse_json (run.out);
    object = find_object (json_node_get_array (lines), "ref", "SO-1/MUG");
    mug_eta = next_day (expected);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "on_order");
    g_assert_cmpstr (json_object_get_string_member (object, "eta"), ==, mug_eta);
    g_assert_true (json_object_get_null_member (object, "eta_earliest"));
    g_assert_true (json_object_get_null_member (object, "eta_latest"));
    g_assert_cmpstr (json_object_get_string_member (object, "po_number"), ==, mug_po);
    g_assert_cmpint (json_object_get_int_member (object, "on_order_quantity"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (object, "allocated_quantity"), ==, 0);
    g_assert_false (json_object_get_boolean_member (object, "ship_complete"));
  }

  /* sent, then confirmed for a late date: both mug lines pass their
   * promised date */
  {
    g_auto(Run) sent = { 0, };
    g_auto(Run) confirmed = { 0, };
    g_auto(Run) filtered = { 0, };

    run_cli (&sent, db, "po", "set-status", mug_po, "sent", NULL);
    g_assert_cmpint (sent.status, ==, 0);
    run_cli (&confirmed, db, "po", "set-status", mug_po, "confirmed", "--expected-at", "2099-06-01", NULL);
    g_assert_cmpint (confirmed.status, ==, 0);
    g_assert_nonnull (strstr (confirmed.out, "2 lines are now expected after"));
    g_assert_nonnull (strstr (confirmed.out, "SO-1/MUG"));
    g_assert_nonnull (strstr (confirmed.out, "SO-2/MUG"));
    g_assert_nonnull (strstr (confirmed.out, "Grace"));
    g_assert_nonnull (strstr (confirmed.out, "2099-06-02"));
    g_assert_nonnull (strstr (confirmed.out, mug_eta));

    run_cli (&filtered, db, "po", "list", "--status", "confirmed", NULL);
    g_assert_cmpint (filtered.status, ==, 0);
    g_assert_nonnull (strstr (filtered.out, mug_po));
    g_assert_null (strstr (filtered.out, pan_po));
  }

  /* earlier again: nothing newly at risk; the ETA follows */
  {
    g_auto(Run) earlier = { 0, };
    g_auto(Run) run = { 0, };

    run_cli (&earlier, db, "po", "set-expected", mug_po, "2099-05-01", NULL);
    g_assert_cmpint (earlier.status, ==, 0);
    g_assert_nonnull (strstr (earlier.out, "No line is now expected after"));

    run_cli (&run, db, "eta", "SO-2/MUG", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    eta = parse_json (run.out);
    object = json_node_get_object (eta);
    g_assert_cmpstr (json_object_get_string_member (object, "eta"), ==, "2099-05-02");
    g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "purchase_order");
    g_assert_cmpstr (json_object_get_string_member (object, "po_number"), ==, mug_po);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "range"), "from"),
                     ==, "none");
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, db, "eta", "SO-2/MUG", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "SO-2/MUG: Expected 2099-05-02; no range: no delivery history yet\n"));
  }

  /* cancelling the pan's PO puts its line back to waiting */
  {
    g_auto(Run) cancel = { 0, };
    g_auto(Run) run = { 0, };
    g_autoptr(JsonNode) after = NULL;

    run_cli (&cancel, db, "po", "set-status", pan_po, "cancelled", NULL);
    g_assert_cmpint (cancel.status, ==, 0);
    run_cli (&run, db, "list", "backorders", "--sku", "PAN", "--json", NULL);
    after = parse_json (run.out);
    object = find_object (json_node_get_array (after), "ref", "SO-3/PAN");
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "waiting");
    g_assert_cmpint (json_object_get_int_member (object, "on_order_quantity"), ==, 0);
    g_assert_true (json_object_get_null_member (object, "po_number"));
  }

  /* a bad row of purchase_orders.csv: its line and column, nothing written */
  {
    g_auto(Run) run = { 0, };
    g_auto(Run) listed = { 0, };

    g_assert_true (g_file_set_contents (pos, "po_number,supplier_ref,sku,quantity,ordered_at\n"
                                             "OLD-1,SUP-1,MUG,3,2026-02-01\n"
                                             "OLD-1,SUP-1,PAN,0,2026-02-01\n", -1, NULL));
    run_cli (&run, db, "import", "purchase-orders", pos, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "line 3, column quantity"));
    run_cli (&listed, db, "po", "list", NULL);
    g_assert_null (strstr (listed.out, "OLD-1"));
  }

  bd_test_rm_rf (dir);
}

/* The usage lines of --help (the README's block is these). */
static GPtrArray *
usage_lines (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(Run) help = { 0, };
  g_auto(GStrv) out = NULL;
  guint i = 0;

  run_cli (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  out = g_strsplit (help.out, "\n", -1);
  g_assert_cmpstr (out[0], ==, "Usage:");
  for (i = 1; out[i] != NULL && *out[i] != '\0'; i++)
    {
      g_assert_true (g_str_has_prefix (out[i], "  backorder-desk-cli "));
      g_ptr_array_add (lines, g_strdup (out[i] + 2));
    }
  g_assert_cmpuint (lines->len, >, 5);
  return g_steal_pointer (&lines);
}

#define COMMAND_PREFIX "backorder-desk-cli [--database PATH] "

/* The words that name the command of a usage line ("backorder note"), or
 * NULL for the lines about the program itself. */
static char *
usage_command (const char *line)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) name = g_ptr_array_new ();

  if (!g_str_has_prefix (line, COMMAND_PREFIX))
    return NULL;

  words = g_strsplit (line + strlen (COMMAND_PREFIX), " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      /* a command's words are lower-case; an option ("--template") ends them */
      if (*words[i] == '\0' || *words[i] == '-' ||
          strspn (words[i], "abcdefghijklmnopqrstuvwxyz-") != strlen (words[i]))
        break;
      g_ptr_array_add (name, words[i]);
    }
  g_ptr_array_add (name, NULL);
  g_assert_cmpuint (name->len, >, 1);
  return g_strjoinv (" ", (char **)name->pdata);
}

static GPtrArray *
documented_commands (void)
{
  g_autoptr(GPtrArray) lines = usage_lines ();
  GPtrArray *commands = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < lines->len; i++)
    {
      char *command = usage_command (g_ptr_array_index (lines, i));

      if (command != NULL)
        g_ptr_array_add (commands, command);
    }

  return commands;
}

/* The README's usage block is what the program prints, line for line. */
static void
test_cli_usage_is_readme (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autoptr(GPtrArray) lines = usage_lines ();
  g_autofree char *text = NULL;
  g_auto(GStrv) block = NULL;
  const char *section;
  const char *start;
  const char *end;

  g_assert_true (g_file_get_contents (path, &readme, NULL, NULL));
  section = strstr (readme, "\n## backorder-desk-cli\n");
  g_assert_nonnull (section);
  start = strstr (section, "\n```\n");
  g_assert_nonnull (start);
  start += strlen ("\n```\n");
  end = strstr (start, "```\n");
  g_assert_nonnull (end);

  text = g_strndup (start, end - start - 1);
  block = g_strsplit (text, "\n", -1);
  g_ptr_array_add (lines, NULL);
  g_assert_cmpstrv (block, (char **)lines->pdata);
}

/* The values a usage line offers are the core's. */
static void
test_cli_usage_follows_core (void)
{
  g_autoptr(GPtrArray) lines = usage_lines ();
  g_autofree char *statuses = g_strjoinv ("|", (char **)bd_statuses_set_by_hand ());
  g_autofree char *po_statuses = g_strjoinv ("|", (char **)bd_po_statuses_set_by_hand ());
  gboolean seen_po_status = FALSE;
  g_autoptr(GString) priorities = g_string_new (NULL);
  gboolean seen_status = FALSE;
  gboolean seen_priority = FALSE;

  for (int p = BD_PRIORITY_MIN; p <= BD_PRIORITY_MAX; p++)
    g_string_append_printf (priorities, "%s%d", p > BD_PRIORITY_MIN ? "|" : "", p);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *command = usage_command (line);

      if (g_strcmp0 (command, "backorder set-status") == 0)
        {
          g_autofree char *expected = g_strdup_printf (" REF %s ", statuses);
          g_assert_nonnull (strstr (line, expected));
          seen_status = TRUE;
        }
      if (g_strcmp0 (command, "po set-status") == 0)
        {
          g_autofree char *expected = g_strdup_printf (" NUMBER %s ", po_statuses);
          g_assert_nonnull (strstr (line, expected));
          seen_po_status = TRUE;
        }
      if (g_strcmp0 (command, "backorder set-priority") == 0)
        {
          g_assert_true (g_str_has_suffix (line, priorities->str));
          seen_priority = TRUE;
        }
    }

  g_assert_true (seen_status);
  g_assert_true (seen_priority);
  g_assert_true (seen_po_status);
}

/* --help and -h after every command print its usage and options on
 * stdout and exit 0; demo --help said “Unknown option --help”, status 2. */
static void
test_cli_help (void)
{
  g_autoptr(GPtrArray) commands = documented_commands ();
  const char *program[][2] = { { "--help", NULL }, { "-h", NULL }, { "help", NULL } };

  g_assert_cmpuint (commands->len, >=, 9);

  for (guint i = 0; i < G_N_ELEMENTS (program); i++)
    {
      g_auto(Run) run = { 0, };

      run_cli (&run, NULL, program[i][0], NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_str_has_prefix (run.out, "Usage:\n"));
      g_assert_nonnull (strstr (run.out, "--version"));
      g_assert_cmpstr (run.err, ==, "");
    }

  {
    g_auto(Run) version = { 0, };

    run_cli (&version, NULL, "--version", NULL);
    g_assert_cmpint (version.status, ==, 0);
    g_assert_cmpstr (version.out, ==, "backorder-desk-cli " PACKAGE_VERSION "\n");
  }

  for (guint i = 0; i < commands->len; i++)
    {
      const char *flags[] = { "--help", "-h", NULL };
      g_auto(GStrv) words = g_strsplit (g_ptr_array_index (commands, i), " ", -1);

      for (guint f = 0; flags[f] != NULL; f++)
        {
          g_autoptr(GPtrArray) argv = g_ptr_array_new ();
          g_autofree char *usage = g_strdup_printf ("Usage: " COMMAND_PREFIX "%s",
                                                    (char *)g_ptr_array_index (commands, i));
          g_auto(Run) run = { 0, };

          g_ptr_array_add (argv, (char *)g_getenv ("BD_CLI"));
          for (guint w = 0; words[w] != NULL; w++)
            g_ptr_array_add (argv, words[w]);
          g_ptr_array_add (argv, (char *)flags[f]);
          run_argv (&run, argv);

          if (run.status != 0 || !g_str_has_prefix (run.out, usage) || !strstr (run.out, "-h, --help"))
            g_error ("%s %s: status %d\n%s%s", (char *)g_ptr_array_index (commands, i), flags[f],
                     run.status, run.out, run.err);
          g_assert_cmpstr (run.err, ==, "");
        }
    }
}

/* What each exit status means (README): 0 done; 2 a wrong command line,
 * found before the store is opened; 1 the store refused or the work
 * failed. Each case runs on a fresh copy of a small store with a waiting
 * (SO-1), a shipped (SO-2) and a cancelled (SO-3) line. */
typedef struct
{
  int status;
  const char *database;   /* NULL: the copy; "-": no --database */
  const char *args[18];
} ExitCase;

static const ExitCase exit_cases[] = {
  /* the program */
  { 2, "-", { NULL } },
  { 0, "-", { "--help" } },
  { 0, "-", { "-h" } },
  { 0, "-", { "help" } },
  { 0, "-", { "help", "backorder", "note" } },
  { 0, "-", { "--version" } },
  { 2, "-", { "--bogus", "list", "backorders" } },
  { 2, "-", { "bogus" } },
  { 2, "-", { "--database" } },
  { 2, "-", { "--database=", "list", "backorders" } },
  { 2, "-", { "help", "bogus" } },

  { 0, "@NEW", { "demo", "--orders", "30", "--seed", "2", "--now", "2026-05-01" } },
  { 2, "@NEW", { "demo", "--orders", "0" } },
  { 2, "@NEW", { "demo", "--orders", "many" } },
  { 2, "@NEW", { "demo", "--now", "tomorrow" } },
  { 2, "@NEW", { "demo", "extra" } },
  { 2, "@NEW", { "demo", "--bogus" } },
  { 1, "@NOTDB", { "demo", "--orders", "5" } },

  { 0, NULL, { "import", "orders", "@ORDERS" } },
  { 0, NULL, { "import", "suppliers", "@SUPPLIERS" } },
  { 0, NULL, { "import", "product-suppliers", "@LINKS" } },
  { 1, NULL, { "import", "product-suppliers", "@ORDERS" } },
  { 2, NULL, { "import", "product_suppliers", "@LINKS" } },
  { 2, NULL, { "import", "customers", "@ORDERS" } },
  { 2, NULL, { "import", "orders" } },
  { 2, NULL, { "import" } },
  { 2, NULL, { "import", "orders", "@ORDERS", "extra" } },
  { 2, NULL, { "import", "--bogus", "orders", "@ORDERS" } },
  { 1, NULL, { "import", "orders", "@BAD" } },
  { 1, NULL, { "import", "orders", "@NOFILE" } },
  { 1, "@MISSING", { "import", "orders", "@ORDERS" } },

  { 0, NULL, { "backup", "@COPY" } },
  { 2, NULL, { "backup" } },
  { 2, NULL, { "backup", "@COPY", "extra" } },
  { 2, NULL, { "backup", "--bogus", "@COPY" } },
  { 1, NULL, { "backup", "@DB" } },
  { 1, NULL, { "backup", "@NOWHERE" } },

  { 0, NULL, { "list", "backorders" } },
  { 0, NULL, { "list", "backorders", "--status", "all", "--overdue", "--search", "C-1", "--sku", "MUG",
               "--supplier", "SUP-1", "--sort", "age", "--descending", "--json" } },
  { 0, NULL, { "list", "backorders", "--not-covered", "--must-cancel", "--json" } },
  { 0, NULL, { "list", "backorders", "--needs-notice", "--sort", "eta" } },
  { 0, NULL, { "export", "backorders", "--not-covered" } },
  { 0, NULL, { "list", "backorders", "--sort", "eta" } },
  { 0, NULL, { "list", "backorders", "--status", "all", "--sort", "po", "--descending", "--json" } },
  { 2, NULL, { "list", "backorders", "--sort", "bogus" } },
  { 2, NULL, { "list", "backorders", "--status", "lost" } },
  { 2, NULL, { "list", "backorders", "--status" } },
  { 2, NULL, { "list", "backorders", "extra" } },
  { 2, NULL, { "list" } },
  { 2, NULL, { "list", "bogus" } },
  { 1, "@NOTDB", { "list", "backorders" } },
  { 1, "@MISSING", { "list", "backorders" } },

  { 0, NULL, { "export", "backorders", "--status", "all", "--sort", "promised", "--descending" } },
  { 2, NULL, { "export", "backorders", "--json" } },
  { 2, NULL, { "export", "backorders", "--sort", "bogus" } },
  { 2, NULL, { "export" } },
  { 1, "@NOTDB", { "export", "backorders" } },

  { 0, NULL, { "backorder", "set-status", "SO-1/MUG", "shipped" } },
  { 0, NULL, { "backorder", "set-status", "SO-1/MUG", "cancelled", "--reason", "out of range", "--refunded" } },
  { 0, NULL, { "backorder", "set-status", "SO-3/MUG", "waiting" } },
  /* a reason of "-h" is a reason, not a question */
  { 0, NULL, { "backorder", "set-status", "SO-1/MUG", "cancelled", "--reason", "-h" } },
  { 2, NULL, { "backorder", "set-status", "SO-1/MUG", "allocated" } },
  { 2, NULL, { "backorder", "set-status", "SO-404/MUG", "on_order" } },
  { 2, NULL, { "backorder", "set-status", "SO-1/MUG", "lost" } },
  { 2, NULL, { "backorder", "set-status", "SO-1/MUG" } },
  { 2, NULL, { "backorder", "set-status", "SO-1/MUG", "shipped", "extra" } },
  { 2, NULL, { "backorder", "set-status", "SO-1/MUG", "shipped", "--category", "delay" } },
  { 2, NULL, { "backorder" } },
  { 2, NULL, { "backorder", "frob", "SO-1/MUG" } },
  { 1, NULL, { "backorder", "set-status", "SO-404/MUG", "shipped" } },
  { 1, NULL, { "backorder", "set-status", "SO-2/MUG", "shipped" } },
  { 1, NULL, { "backorder", "set-status", "SO-2/MUG", "cancelled", "--reason", "late" } },
  { 1, NULL, { "backorder", "set-status", "SO-3/MUG", "cancelled", "--reason", "late" } },
  { 1, NULL, { "backorder", "set-status", "SO-1/MUG", "waiting" } },
  { 1, NULL, { "backorder", "set-status", "SO-1/MUG", "cancelled" } },
  { 1, NULL, { "backorder", "set-status", "SO-1/MUG", "cancelled", "--reason", "  " } },

  { 0, NULL, { "backorder", "set-priority", "SO-1/MUG", "2" } },
  { 0, NULL, { "backorder", "set-priority", "SO-1/MUG", "0" } },
  { 2, NULL, { "backorder", "set-priority", "SO-1/MUG", "3" } },
  { 2, NULL, { "backorder", "set-priority", "SO-404/MUG", "3" } },
  { 2, NULL, { "backorder", "set-priority", "SO-1/MUG", "-1" } },
  { 2, NULL, { "backorder", "set-priority", "SO-1/MUG", "high" } },
  { 2, NULL, { "backorder", "set-priority", "SO-1/MUG" } },
  { 1, NULL, { "backorder", "set-priority", "SO-404/MUG", "1" } },
  { 1, "@MISSING", { "backorder", "set-priority", "SO-1/MUG", "1" } },

  { 0, NULL, { "backorder", "note", "SO-1/MUG", "Called the customer" } },
  { 2, NULL, { "backorder", "note", "SO-1/MUG" } },
  { 2, NULL, { "backorder", "note", "SO-1/MUG", "two", "texts" } },
  { 2, NULL, { "backorder", "note", "SO-1/MUG", "--reason", "x", "text" } },
  { 1, NULL, { "backorder", "note", "SO-404/MUG", "hello" } },
  { 1, NULL, { "backorder", "note", "SO-1/MUG", "   " } },

  { 0, NULL, { "import", "purchase-orders", "@POS" } },
  { 1, NULL, { "import", "purchase-orders", "@BADPOS" } },
  { 2, NULL, { "import", "invoices", "@POS" } },

  { 0, NULL, { "replenish" } },
  { 0, NULL, { "replenish", "--supplier", "Nordic Homeware", "--json" } },
  { 2, NULL, { "replenish", "extra" } },
  { 2, NULL, { "replenish", "--bogus" } },
  { 1, NULL, { "replenish", "--supplier", "SUP-404" } },
  { 1, "@NOTDB", { "replenish" } },

  { 0, NULL, { "po", "create-from-demand" } },
  { 0, NULL, { "po", "create-from-demand", "--supplier", "SUP-1" } },
  { 2, NULL, { "po", "create-from-demand", "extra" } },
  { 1, NULL, { "po", "create-from-demand", "--supplier", "SUP-404" } },
  { 2, NULL, { "po" } },
  { 2, NULL, { "po", "frob" } },

  { 0, NULL, { "po", "list" } },
  { 0, NULL, { "po", "list", "--status", "open", "--supplier", "SUP-1", "--json" } },
  { 2, NULL, { "po", "list", "--status", "lost" } },
  { 2, NULL, { "po", "list", "extra" } },
  { 1, NULL, { "po", "list", "--supplier", "SUP-404" } },

  { 0, NULL, { "po", "set-status", "PO-OLD-1", "confirmed", "--expected-at", "2026-04-01" } },
  { 0, NULL, { "po", "set-status", "PO-OLD-1", "cancelled" } },
  { 1, NULL, { "po", "set-status", "PO-OLD-1", "sent" } },
  { 1, NULL, { "po", "set-status", "PO-404", "sent" } },
  { 1, NULL, { "po", "set-status", "PO-OLD-1", "cancelled", "--expected-at", "2026-04-01" } },
  { 2, NULL, { "po", "set-status", "PO-OLD-1", "received" } },
  { 2, NULL, { "po", "set-status", "PO-OLD-1", "lost" } },
  { 2, NULL, { "po", "set-status", "PO-OLD-1", "confirmed", "--expected-at", "soon" } },
  { 2, NULL, { "po", "set-status", "PO-OLD-1" } },

  { 0, NULL, { "po", "set-expected", "PO-OLD-1", "2026-04-01" } },
  { 1, NULL, { "po", "set-expected", "PO-404", "2026-04-01" } },
  { 2, NULL, { "po", "set-expected", "PO-OLD-1", "soon" } },
  { 2, NULL, { "po", "set-expected", "PO-OLD-1" } },

  { 0, NULL, { "po", "receive", "PO-OLD-1", "MUG", "1" } },
  { 0, NULL, { "po", "receive", "PO-OLD-1", "MUG", "3", "--allow-over", "--policy", "priority", "--dry-run" } },
  { 1, NULL, { "po", "receive", "PO-OLD-1", "MUG", "2" } },
  { 1, NULL, { "po", "receive", "PO-404", "MUG", "1" } },
  { 1, NULL, { "po", "receive", "PO-OLD-1", "PAN", "1" } },
  { 2, NULL, { "po", "receive", "PO-OLD-1", "MUG", "many" } },
  { 2, NULL, { "po", "receive", "PO-OLD-1", "MUG", "0" } },
  { 2, NULL, { "po", "receive", "PO-OLD-1", "MUG", "1", "--policy", "lottery" } },
  { 2, NULL, { "po", "receive", "PO-OLD-1", "MUG" } },

  { 0, NULL, { "po", "pdf", "PO-OLD-1", "@PDF" } },
  { 1, NULL, { "po", "pdf", "PO-404", "@PDF" } },
  { 1, NULL, { "po", "pdf", "PO-OLD-1", "@NOWHERE" } },
  { 2, NULL, { "po", "pdf", "PO-OLD-1" } },

  { 0, NULL, { "po", "export", "@CSVOUT" } },
  { 1, NULL, { "po", "export", "@NOWHERE" } },
  { 1, "@NOTDB", { "po", "export", "@CSVOUT" } },
  { 2, NULL, { "po", "export" } },
  { 2, NULL, { "po", "export", "@CSVOUT", "extra" } },

  { 0, NULL, { "eta", "SO-1/MUG" } },
  { 0, NULL, { "eta", "SO-4/PAN", "--json" } },
  { 1, NULL, { "eta", "SO-404/MUG" } },
  { 2, NULL, { "eta" } },
  { 2, NULL, { "eta", "SO-1/MUG", "extra" } },
  { 0, NULL, { "metrics" } },
  { 0, NULL, { "metrics", "--from", "2026-03-01", "--to", "2026-03-31", "--json" } },
  { 0, NULL, { "metrics", "--to", "2026-03-31", "--csv" } },
  { 1, NULL, { "metrics", "--from", "2026-02-30" } },
  { 1, NULL, { "metrics", "--from", "2026-03-31", "--to", "2026-03-01" } },
  { 1, "@NOTDB", { "metrics" } },
  { 2, NULL, { "metrics", "--json", "--csv" } },
  { 2, NULL, { "metrics", "extra" } },
  { 2, NULL, { "metrics", "--from" } },
  { 0, NULL, { "forecast" } },
  { 0, NULL, { "forecast", "--sku", "MUG", "--json" } },
  { 1, NULL, { "forecast", "--sku", "NOPE" } },
  { 1, "@NOTDB", { "forecast" } },
  { 2, NULL, { "forecast", "extra" } },
  { 2, NULL, { "forecast", "--bogus" } },
  { 0, NULL, { "forecast", "apply", "--sku", "MUG" } },
  { 0, NULL, { "forecast", "apply" } },
  { 1, NULL, { "forecast", "apply", "--sku", "NOPE" } },
  { 1, "@NOTDB", { "forecast", "apply" } },
  { 2, NULL, { "forecast", "apply", "extra" } },
  { 2, NULL, { "forecast", "apply", "--json" } },

  { 0, NULL, { "backorder", "complaint", "SO-1/MUG", "--category", "delay", "Too slow" } },
  { 2, NULL, { "backorder", "complaint", "SO-1/MUG", "Too slow" } },
  { 2, NULL, { "backorder", "complaint", "SO-1/MUG", "--category", "weather", "Rain" } },
  { 2, NULL, { "backorder", "complaint", "SO-1/MUG", "--category", "delay" } },
  { 1, NULL, { "backorder", "complaint", "SO-404/MUG", "--category", "delay", "Too slow" } },
  { 1, NULL, { "backorder", "complaint", "SO-1/MUG", "--category", "delay", "  " } },

  { 0, NULL, { "backorder", "log-contact", "SO-1/MUG", "--kind", "call", "Happy to wait" } },
  { 0, NULL, { "backorder", "log-contact", "SO-1/MUG", "--kind", "reply", "Please cancel" } },
  { 2, NULL, { "backorder", "log-contact", "SO-1/MUG", "Happy to wait" } },
  { 2, NULL, { "backorder", "log-contact", "SO-1/MUG", "--kind", "fax", "Happy to wait" } },
  { 2, NULL, { "backorder", "log-contact", "SO-1/MUG", "--kind", "call" } },
  { 1, NULL, { "backorder", "log-contact", "SO-404/MUG", "--kind", "call", "Hello" } },
  { 1, NULL, { "backorder", "log-contact", "SO-1/MUG", "--kind", "call", "  " } },

  { 0, NULL, { "templates", "render", "delay_update", "--backorder", "SO-1/MUG", "--language", "fr" } },
  { 2, NULL, { "templates", "render", "poem", "--backorder", "SO-1/MUG" } },
  { 2, NULL, { "templates", "render", "delay_update" } },
  { 2, NULL, { "templates", "render", "delay_update", "--po", "PO-1" } },
  { 2, NULL, { "templates", "render", "chase", "--backorder", "SO-1/MUG" } },
  { 1, NULL, { "templates", "render", "delay_update", "--backorder", "SO-404/MUG" } },
  { 1, NULL, { "templates", "render", "alternative_offer", "--backorder", "SO-1/MUG" } },
  { 1, NULL, { "templates", "render", "chase", "--po", "PO-404" } },
  { 0, NULL, { "templates", "render", "purchase_order", "--po", "PO-OLD-1", "--language", "de" } },
  { 0, NULL, { "notify", "--template", "delay_update", "--backorder", "SO-1/MUG" } },
  { 0, NULL, { "notify", "--template", "delay_update", "--overdue", "--dry-run" } },
  { 2, NULL, { "notify", "--backorder", "SO-1/MUG" } },
  { 2, NULL, { "notify", "--template", "poem", "--backorder", "SO-1/MUG" } },
  { 2, NULL, { "notify", "--template", "delay_update", "--backorder", "SO-1/MUG", "--overdue" } },
  { 2, NULL, { "notify", "--template", "delay_update", "--po", "PO-OLD-1" } },
  { 2, NULL, { "notify", "--template", "delay_update", "--backorder", "SO-1/MUG", "--channel", "fax" } },
  { 2, NULL, { "notify", "--template", "delay_update", "--backorder", "SO-1/MUG", "--channel", "eml" } },
  { 2, NULL, { "notify", "--template", "delay_update" } },
  { 1, NULL, { "notify", "--template", "delay_update", "--backorder", "SO-404/MUG" } },
  /* the supplier has no email address: logged as failed */
  { 1, NULL, { "notify", "--template", "chase", "--po", "PO-OLD-1" } },
  { 2, NULL, { "notify", "--template", "delay_update", "--to-chase" } },
  { 2, NULL, { "notify", "--template", "chase", "--to-chase", "--po", "PO-OLD-1" } },
  { 2, NULL, { "notify", "--template", "chase", "--to-chase", "--channel", "sms" } },
  { 0, NULL, { "messages", "retry", "msg-failed" } },
  { 1, NULL, { "messages", "retry", "no-such-message" } },
  { 2, NULL, { "messages", "retry" } },
  { 0, NULL, { "customer", "show", "C-1" } },
  { 0, NULL, { "customer", "show", "C-2", "--json" } },
  { 1, NULL, { "customer", "show", "C-404" } },
  { 2, NULL, { "customer", "show" } },
  { 2, NULL, { "customer" } },
  { 0, NULL, { "delay-notices", "due" } },
  { 0, NULL, { "delay-notices", "due", "--all", "--json" } },
  { 2, NULL, { "delay-notices", "due", "extra" } },
  { 2, NULL, { "delay-notices" } },
  { 0, NULL, { "followups", "due" } },
  { 0, NULL, { "followups", "due", "--all", "--json" } },
  { 2, NULL, { "followups", "due", "--bogus" } },
  { 2, NULL, { "backorder", "consent", "SO-1/MUG" } },
  { 2, NULL, { "backorder", "consent", "SO-1/MUG", "maybe" } },
  { 2, NULL, { "backorder", "consent", "SO-1/MUG", "alternative" } },
  { 2, NULL, { "backorder", "consent", "SO-1/MUG", "wait", "extra" } },
  { 1, NULL, { "backorder", "consent", "SO-404/MUG", "wait" } },
  { 0, NULL, { "backorder", "consent", "SO-1/MUG", "wait" } },
  { 0, NULL, { "backorder", "consent", "SO-1/MUG", "cancel" } },
  /* no notice was sent for the shipped SO-2 */
  { 1, NULL, { "backorder", "consent", "SO-2/MUG", "wait" } },
  { 1, NULL, { "backorder", "consent", "SO-1/MUG", "alternative", "NOPE" } },
  { 1, "@NOTDB", { "delay-notices", "due" } },
  { 1, "@NOTDB", { "followups", "due" } },
  { 0, NULL, { "templates", "list" } },
  { 0, NULL, { "templates", "list", "--json" } },
  { 2, NULL, { "templates", "list", "extra" } },
  { 2, NULL, { "templates" } },
  { 1, "@NOTDB", { "templates", "list" } },

  { 0, NULL, { "messages", "list" } },
  { 0, NULL, { "messages", "list", "--backorder", "SO-1/MUG", "--json" } },
  { 0, NULL, { "messages", "list", "--customer", "C-1" } },
  { 2, NULL, { "messages", "list", "--backorder", "SO-1/MUG", "--customer", "C-1" } },
  { 2, NULL, { "messages", "list", "extra" } },
  { 1, NULL, { "messages", "list", "--backorder", "SO-404/MUG" } },
  { 1, NULL, { "messages", "list", "--customer", "C-404" } },

  { 0, NULL, { "settings", "list" } },
  { 0, NULL, { "settings", "list", "--json" } },
  { 2, NULL, { "settings", "list", "extra" } },
  { 2, NULL, { "settings", "list", "--bogus" } },
  { 1, "@NOTDB", { "settings", "list" } },
  { 1, "@MISSING", { "settings", "list" } },
  { 0, NULL, { "settings", "get", "chase_days" } },
  { 2, NULL, { "settings", "get", "chase_dayz" } },
  { 2, NULL, { "settings", "get" } },
  { 2, NULL, { "settings", "get", "chase_days", "extra" } },
  { 1, "@MISSING", { "settings", "get", "chase_days" } },
  { 0, NULL, { "settings", "set", "chase_days", "5" } },
  { 0, NULL, { "settings", "set", "smtp.host", "mail.example.com" } },
  { 0, NULL, { "settings", "set", "smtp.security", "tls" } },
  { 0, NULL, { "settings", "get", "smtp.security" } },
  { 2, NULL, { "settings", "set", "smtp.security", "ssl3" } },
  { 2, NULL, { "settings", "set", "smtp.port", "70000" } },
  { 2, NULL, { "settings", "set", "smtp.from", "not an address" } },
  { 2, NULL, { "settings", "set", "sms.url", "http://sms.example.com/send" } },
  { 0, NULL, { "settings", "set", "company_name", "" } },
  { 2, NULL, { "settings", "set", "chase_days", "five" } },
  { 2, NULL, { "settings", "set", "allocation_policy", "lifo" } },
  { 2, NULL, { "settings", "set", "po_prefix", "PO-" } },
  { 2, NULL, { "settings", "set", "colour", "red" } },
  { 2, NULL, { "settings", "set", "chase_days" } },
  { 2, NULL, { "settings" } },
  { 1, "@MISSING", { "settings", "set", "chase_days", "5" } },
  { 1, "@NOTDB", { "settings", "set", "chase_days", "5" } },

  { 0, NULL, { "suppliers", "list" } },
  { 0, NULL, { "suppliers", "list", "--all", "--json" } },
  { 2, NULL, { "suppliers", "list", "extra" } },
  { 1, "@NOTDB", { "suppliers", "list" } },
  { 0, NULL, { "suppliers", "show", "SUP-1" } },
  { 0, NULL, { "suppliers", "show", "nordic homeware", "--json" } },
  { 1, NULL, { "suppliers", "show", "SUP-404" } },
  { 2, NULL, { "suppliers", "show" } },
  { 2, NULL, { "suppliers", "show", "SUP-1", "extra" } },
  { 0, NULL, { "suppliers", "chase" } },
  { 0, NULL, { "suppliers", "chase", "--json" } },
  { 2, NULL, { "suppliers", "chase", "extra" } },
  { 1, "@MISSING", { "suppliers", "chase" } },
  { 0, NULL, { "suppliers", "add", "SUP-9", "--name", "Ninth", "--lead-time", "12", "--minimum-order", "250" } },
  { 1, NULL, { "suppliers", "add", "SUP-1", "--name", "Again" } },
  { 1, NULL, { "suppliers", "add", "SUP-9", "--name", "Ninth", "--lead-time", "soon" } },
  { 2, NULL, { "suppliers", "add", "SUP-9" } },
  { 2, NULL, { "suppliers", "add", "--name", "Ninth" } },
  { 0, NULL, { "suppliers", "edit", "SUP-1", "--phone", "555", "--contact", "" } },
  { 1, NULL, { "suppliers", "edit", "SUP-404", "--phone", "555" } },
  { 1, NULL, { "suppliers", "edit", "SUP-1", "--name", "" } },
  { 2, NULL, { "suppliers", "edit", "SUP-1" } },
  { 2, NULL, { "suppliers", "edit", "--phone", "555" } },
  { 0, NULL, { "suppliers", "archive", "SUP-2" } },
  /* PO-OLD-1 is open */
  { 1, NULL, { "suppliers", "archive", "SUP-1" } },
  { 1, NULL, { "suppliers", "archive", "SUP-404" } },
  { 2, NULL, { "suppliers", "archive" } },
  { 0, NULL, { "suppliers", "unarchive", "SUP-1" } },
  { 1, NULL, { "suppliers", "unarchive", "SUP-404" } },
  { 2, NULL, { "suppliers", "unarchive", "SUP-1", "extra" } },
  { 0, NULL, { "suppliers", "link", "SUP-1", "MUG", "--moq", "6", "--unit-cost", "2.40", "--preferred", "yes" } },
  { 1, NULL, { "suppliers", "link", "SUP-1", "NOPE", "--moq", "6" } },
  { 1, NULL, { "suppliers", "link", "SUP-1", "MUG", "--pack-size", "0" } },
  { 2, NULL, { "suppliers", "link", "SUP-1" } },
  { 2, NULL, { "suppliers", "link", "SUP-1", "MUG", "--bogus", "1" } },
  { 0, NULL, { "suppliers", "unlink", "SUP-1", "MUG" } },
  { 1, NULL, { "suppliers", "unlink", "SUP-1", "NOPE" } },
  { 2, NULL, { "suppliers", "unlink", "SUP-1" } },
  { 2, NULL, { "suppliers", "frob" } },

  /* sync, against a PouchDB Server (BD_SYNC_PASSWORD is its admin's,
   * BD_SYNC_USER_PASSWORD a new user's); in this order */
  { 2, NULL, { "sync", "setup", "--url", "@COUCH", "--db", "team" } },
  { 2, NULL, { "sync", "setup", "--url", "ftp://example.com/", "--db", "team", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "setup", "--url", "@COUCH", "--db", "Team!", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "setup", "extra", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 1, "@NOTDB", { "sync", "setup", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 1, NULL, { "sync", "setup", "--url", "@COUCH", "--db", "team", "--admin-user", "nobody" } },
  { 0, NULL, { "sync", "setup", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  /* again: the rules replaced */
  { 0, NULL, { "sync", "setup", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 0, NULL, { "sync", "add-user", "ann", "--role", "agent", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 1, NULL, { "sync", "add-user", "ann", "--role", "agent", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "add-user", "ann", "--role", "boss", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "add-user", "ann", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  /* no server given and none set up in this database */
  { 1, NULL, { "sync", "add-user", "ann", "--role", "agent" } },
  { 0, NULL, { "sync", "set-role", "ann", "purchasing", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 1, NULL, { "sync", "set-role", "ghost", "purchasing", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "set-role", "ann", "boss", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "set-role", "ann" } },
  { 0, NULL, { "sync", "run", "--once", "--url", "@COUCH", "--db", "team", "--user", "admin" } },
  { 1, NULL, { "sync", "run", "--once", "--url", "@COUCH", "--db", "team", "--user", "ann" } },
  { 1, NULL, { "sync", "run", "--once" } },
  { 2, NULL, { "sync", "run", "--once", "extra" } },
  { 2, NULL, { "sync", "run", "--once", "--url", "ftp://example.com/", "--db", "team", "--user", "admin" } },
  { 0, NULL, { "sync", "remove-user", "ann", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 1, NULL, { "sync", "remove-user", "ann", "--url", "@COUCH", "--db", "team", "--admin-user", "admin" } },
  { 2, NULL, { "sync", "remove-user" } },
  { 0, NULL, { "sync", "status" } },
  { 0, NULL, { "sync", "status", "--json" } },
  { 1, "@NOTDB", { "sync", "status" } },
  { 2, NULL, { "sync", "status", "extra" } },
  { 1, NULL, { "sync", "run", "--once", "--url", "https://127.0.0.1:1/", "--db", "team", "--user", "admin",
               "--ca-file", "no-such-ca.pem" } },
  /* what a person decides: @SYNCDB holds conflict 1 (a customer's email)
   * and refused writes of suppliers s-1 and s-2 */
  { 0, NULL, { "sync", "conflicts" } },
  { 0, "@SYNCDB", { "sync", "conflicts", "--json" } },
  { 1, "@NOTDB", { "sync", "conflicts" } },
  { 2, NULL, { "sync", "conflicts", "extra" } },
  { 2, NULL, { "sync", "resolve", "1" } },
  { 2, NULL, { "sync", "resolve", "one", "local" } },
  { 2, NULL, { "sync", "resolve", "1", "both" } },
  { 2, NULL, { "sync", "resolve", "1", "local", "--value", "x" } },
  { 0, "@SYNCDB", { "sync", "resolve", "1", "local" } },
  { 1, "@SYNCDB", { "sync", "resolve", "1", "remote" } },
  { 1, "@SYNCDB", { "sync", "resolve", "99", "--value", "a@b.example" } },
  { 0, "@SYNCDB", { "sync", "refused" } },
  { 0, NULL, { "sync", "refused", "--json" } },
  { 1, "@NOTDB", { "sync", "refused" } },
  { 2, NULL, { "sync", "refused", "extra" } },
  { 0, "@SYNCDB", { "sync", "discard", "supplier:s-1" } },
  { 1, "@SYNCDB", { "sync", "discard", "supplier:s-1" } },
  { 2, NULL, { "sync", "discard" } },
  { 0, "@SYNCDB", { "sync", "retry", "supplier:s-2" } },
  { 1, "@SYNCDB", { "sync", "retry", "supplier:s-2" } },
  { 2, NULL, { "sync", "retry", "supplier:s-2", "extra" } },
  { 2, NULL, { "sync", "frob" } },
};

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("none");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
}

static void
test_cli_exit_codes (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *pristine = g_build_filename (dir, "pristine.sqlite3", NULL);
  g_autofree char *wal = g_strconcat (pristine, "-wal", NULL);
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *suppliers = g_build_filename (dir, "suppliers.csv", NULL);
  g_autofree char *products = g_build_filename (dir, "products.csv", NULL);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *links = g_build_filename (dir, "product_suppliers.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *not_db = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GHashTable) covered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) commands = documented_commands ();
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", dir, TRUE);
  g_autofree char *contents = NULL;
  gsize len;
  g_autofree char *pos = g_build_filename (dir, "purchase_orders.csv", NULL);
  g_autofree char *bad_pos = g_build_filename (dir, "bad_purchase_orders.csv", NULL);
  g_autofree char *received = g_build_filename (dir, "received.jsonl", NULL);
  g_autofree char *sync_db = g_build_filename (dir, "sync.sqlite3", NULL);
  GSubprocess *smtp = NULL;
  guint smtp_port = 0;
  struct { const char *name; const char *path; } places[] = {
    { "@POS", pos },
    { "@BADPOS", bad_pos },
    { "@SUPPLIERS", suppliers },
    { "@LINKS", links },
    { "@ORDERS", orders },
    { "@BAD", bad },
    { "@NOTDB", not_db },
    { "@DB", db },
    { "@NOFILE", "no-such-file.csv" },
    { "@MISSING", "" },
    { "@COPY", "" },
    { "@NOWHERE", "" },
    { "@PDF", "" },
    { "@CSVOUT", "" },
    { "@SYNCDB", sync_db },
    { "@COUCH", "" },
  };
  g_autofree char *missing = g_build_filename (dir, "missing", "desk.sqlite3", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.sqlite3", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-folder", "copy.sqlite3", NULL);
  g_autofree char *pdf = g_build_filename (dir, "po.pdf", NULL);
  g_autofree char *csv_out = g_build_filename (dir, "pos.csv", NULL);
  /* the sync cases need node for their server; only they are left out
   * without it */
  g_autofree char *node = g_find_program_in_path ("node");
  gboolean have_node = node != NULL;
  BdCouchServer *couch = NULL;

  if (have_node)
    {
      couch = bd_couch_server_start (TRUE);
      places[G_N_ELEMENTS (places) - 1].path = bd_couch_server_get_url (couch);
    }
  else
    g_test_message ("node is not installed: the sync cases are left out (run tools/install-deps.sh)");
  env = g_environ_setenv (env, "BD_SYNC_PASSWORD", BD_COUCH_SERVER_ADMIN_PASSWORD, TRUE);
  env = g_environ_setenv (env, "BD_SYNC_USER_PASSWORD", "pw-of-user", TRUE);

  places[9].path = missing;
  places[10].path = copy;
  places[11].path = nowhere;
  places[12].path = pdf;
  places[13].path = csv_out;

  /* a conflict and two refused writes, as a sync leaves them */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdStore) store = bd_store_create (sync_db, &error);

    g_assert_no_error (error);
    /* the customer by an import, which indexes it for search */
    g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                        "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,"
                                        "quantity,backordered_quantity\n"
                                        "SO-1,2026-03-01,C-1,Ada,ada@old.example,MUG,1,1\n", NULL, &error));
    g_assert_no_error (error);
    g_assert_true (bd_store_exec (store,
                                  "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value, created_at)"
                                  " SELECT 'customer:' || uuid, 'email', 'ada@new.example', 'ada@old.example',"
                                  " '2026-04-01T10:00:00Z' FROM customers;"
                                  "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                                  " VALUES ('S-1', 'Acme', 's-1', '2026-04-01T09:00:00Z', '2026-04-01T09:00:00Z'),"
                                  " ('S-2', 'Bargains', 's-2', '2026-04-01T09:00:00Z', '2026-04-01T09:00:00Z');"
                                  "INSERT INTO sync_refused (doc_id, reason, body, refused_at)"
                                  " VALUES ('supplier:s-1', 'ann (agent) may not write supplier documents', '{}',"
                                  " '2026-04-01T10:00:00Z'),"
                                  " ('supplier:s-2', 'ann (agent) may not write supplier documents', '{}',"
                                  " '2026-04-01T10:00:00Z')", &error));
    g_assert_no_error (error);
  }

  g_assert_true (g_file_set_contents (suppliers, "supplier_ref,name\nSUP-1,Nordic Homeware\nSUP-2,Forge Brothers\n", -1, NULL));
  g_assert_true (g_file_set_contents (products, "sku,name,supplier_ref\nMUG,Mug,SUP-1\nPAN,Pan,SUP-1\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (orders,
                                      "order_ref,ordered_at,customer_ref,customer_email,sku,quantity,"
                                      "backordered_quantity,promised_at,shipped_at,cancelled_at\n"
                                      "SO-1,2026-03-01,C-1,c1@mail.example,MUG,1,1,2026-03-20,,\n"
                                      "SO-2,2026-03-02,C-1,c1@mail.example,MUG,1,1,,2026-03-05,\n"
                                      "SO-3,2026-03-03,C-2,,MUG,1,1,,,2026-03-05\n"
                                      "SO-4,2026-03-04,C-2,,PAN,1,1,,,\n",
                                      -1, NULL));
  /* a sent PO covering SO-1; SO-4 is left for create-from-demand */
  g_assert_true (g_file_set_contents (pos, "po_number,supplier_ref,sku,quantity,ordered_at,expected_at,status\n"
                                           "PO-OLD-1,SUP-1,MUG,1,2026-03-02,2026-03-25,sent\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad_pos, "po_number,supplier_ref,sku,quantity,ordered_at\n"
                                               "PO-OLD-2,SUP-1,MUG,none,2026-03-02\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "order_ref,ordered_at,customer_ref,sku,quantity\n"
                                           "SO-9,2026-03-01,C-1,MUG,nine\n", -1, NULL));
  g_assert_true (g_file_set_contents (not_db, "not a database\n", -1, NULL));
  g_assert_true (g_file_set_contents (links, "sku,supplier_ref,unit_cost,moq,preferred\nMUG,SUP-1,2.50,6,yes\n",
                                      -1, NULL));

  {
    g_auto(Run) a = { 0, };
    g_auto(Run) b = { 0, };
    g_auto(Run) c = { 0, };
    g_auto(Run) d = { 0, };

    run_cli (&a, pristine, "--create", "import", "suppliers", suppliers, NULL);
    run_cli (&b, pristine, "import", "products", products, NULL);
    run_cli (&c, pristine, "import", "orders", orders, NULL);
    run_cli (&d, pristine, "import", "purchase-orders", pos, NULL);
    g_assert_cmpint (a.status + b.status + c.status + d.status, ==, 0);
  }
  /* a company to sign messages with, a mail server to send them to, and a
   * message that failed */
  smtp = bd_test_smtp_server_start (received, NULL, &smtp_port);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdStore) store = bd_store_open (pristine, &error);
    g_autofree char *port = g_strdup_printf ("%u", smtp_port);

    g_assert_no_error (error);
    g_assert_true (bd_install_settings_set (store, "smtp.host", "127.0.0.1", &error));
    g_assert_true (bd_install_settings_set (store, "smtp.port", port, &error));
    g_assert_true (bd_install_settings_set (store, "smtp.security", "none", &error));
    g_assert_true (bd_install_settings_set (store, "smtp.from", "desk@shop.example", &error));
    g_assert_no_error (error);
    g_assert_true (bd_store_exec (store, "INSERT INTO messages (uuid, created_at, updated_at, channel, status,"
                                         " recipient, subject, body, reference, error, attempts, author) VALUES"
                                         " ('msg-failed', '2026-03-25', '2026-03-25', 'email', 'failed',"
                                         " 'c1@mail.example', 'Your order', 'Hello', 'msg-failed@backorder-desk',"
                                         " 'login refused', 1, 'Tester')", &error));
    g_assert_no_error (error);
    g_assert_true (bd_store_exec (store, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                                         " VALUES ('company_name', 'Kestrel', 'ts-company', '2026-01-01', '2026-01-01');"
                                         /* and a delay notice sent for SO-1 */
                                         "INSERT INTO delay_notices (line_id, original_date, new_date, deadline,"
                                         " uuid, created_at, updated_at) SELECT l.id, '2026-03-20', '2026-04-10',"
                                         " '2026-04-01', 'dn-1', '2026-03-25', '2026-03-25' FROM order_lines l"
                                         " JOIN orders o ON o.id = l.order_id WHERE o.ref = 'SO-1'",
                                  &error));
    g_assert_no_error (error);
  }
  /* closed cleanly: the file is the whole store */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (pristine, &contents, &len, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (exit_cases); i++)
    {
      const ExitCase *c = &exit_cases[i];
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) shown = g_string_new (NULL);
      g_autofree char *new_db = g_strdup_printf ("%s/new-%u.sqlite3", dir, i);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(Run) run = { 0, };
      int wait_status;

      if (!have_node && g_strv_contains (c->args, "@COUCH"))
        continue;
      g_assert_true (g_file_set_contents (db, contents, len, NULL));
      before = checksum_file (db);

      g_ptr_array_add (argv, g_strdup (g_getenv ("BD_CLI")));
      if (g_strcmp0 (c->database, "-") != 0)
        {
          const char *database = c->database == NULL ? db : c->database;

          if (g_str_equal (database, "@NEW"))
            database = new_db;
          for (guint p = 0; p < G_N_ELEMENTS (places); p++)
            if (g_str_equal (database, places[p].name))
              database = places[p].path;
          g_ptr_array_add (argv, g_strdup ("--database"));
          g_ptr_array_add (argv, g_strdup (database));
        }
      for (guint a = 0; c->args[a] != NULL; a++)
        {
          const char *arg = c->args[a];

          for (guint p = 0; p < G_N_ELEMENTS (places); p++)
            if (g_str_equal (arg, places[p].name))
              arg = places[p].path;
          g_ptr_array_add (argv, g_strdup (arg));
          g_string_append_printf (shown, " %s", c->args[a]);
        }
      g_ptr_array_add (argv, NULL);

      g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                    &run.out, &run.err, &wait_status, &error);
      g_assert_no_error (error);
      run.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;

      if (g_test_verbose ())
        g_test_message ("%d:%s", run.status, shown->str);
      if (run.status != c->status)
        g_error ("backorder-desk-cli%s: expected status %d, got %d\nstdout: %s\nstderr: %s",
                 shown->str, c->status, run.status, run.out, run.err);

      if (c->status == 0)
        g_assert_cmpstr (run.err, ==, "");
      else
        g_assert_cmpstr (run.err, !=, "");
      if (c->status == 2)
        {
          /* said what is wrong, showed how it is used, and touched nothing */
          g_assert_nonnull (strstr (run.err, "Usage"));
          after = checksum_file (db);
          g_assert_cmpstr (after, ==, before);
          g_assert_false (g_file_test (new_db, G_FILE_TEST_EXISTS));
        }

      for (guint k = 0; k < commands->len; k++)
        {
          const char *command = g_ptr_array_index (commands, k);
          g_autofree char *args = g_strjoinv (" ", (char **)c->args);

          if (g_str_has_prefix (args, command) &&
              (args[strlen (command)] == '\0' || args[strlen (command)] == ' '))
            {
              guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (covered, command));

              g_hash_table_insert (covered, g_strdup (command), GUINT_TO_POINTER (seen | 1u << c->status));
            }
        }
    }

  /* every documented command is tried for each status */
  for (guint k = 0; k < commands->len; k++)
    {
      const char *command = g_ptr_array_index (commands, k);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (covered, command));

      if (!have_node && g_str_has_prefix (command, "sync "))
        continue;
      if (seen != 0x7)
        g_error ("no case of “%s” ends with status %s", command,
                 !(seen & 1) ? "0" : !(seen & 2) ? "1" : "2");
    }

  bd_test_smtp_server_stop (&smtp);
  bd_couch_server_stop (couch);
  bd_test_rm_rf (dir);
}

/* --supplier takes the name people see as well as the reference; an SKU
 * or supplier the store does not know is an error naming it, not an empty
 * list with exit 0. */
static void
test_cli_filters_by_name (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(BdStore) store = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *name = NULL;
  g_auto(Run) demo = { 0, };
  g_auto(Run) by_ref = { 0, };
  g_auto(Run) by_name = { 0, };
  g_auto(Run) no_sku = { 0, };
  g_auto(Run) no_supplier = { 0, };
  g_auto(Run) export = { 0, };

  run_cli (&demo, db, "demo", "--orders", "200", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  store = bd_store_open (db, NULL);
  ref = bd_test_text (store, "SELECT ref FROM suppliers ORDER BY ref LIMIT 1");
  name = bd_test_text (store, "SELECT lower(name) FROM suppliers ORDER BY ref LIMIT 1");
  g_clear_object (&store);

  run_cli (&by_ref, db, "list", "backorders", "--status", "all", "--supplier", ref, "--json", NULL);
  run_cli (&by_name, db, "list", "backorders", "--status", "all", "--supplier", name, "--json", NULL);
  g_assert_cmpint (by_ref.status, ==, 0);
  g_assert_cmpint (by_name.status, ==, 0);
  g_assert_cmpstr (by_name.out, ==, by_ref.out);
  g_assert_cmpuint (strlen (by_ref.out), >, 10);

  run_cli (&no_sku, db, "list", "backorders", "--sku", "NO-SUCH-SKU", NULL);
  g_assert_cmpint (no_sku.status, ==, 1);
  g_assert_nonnull (strstr (no_sku.err, "NO-SUCH-SKU"));

  run_cli (&no_supplier, db, "list", "backorders", "--supplier", "Nobody & Sons", NULL);
  g_assert_cmpint (no_supplier.status, ==, 1);
  g_assert_nonnull (strstr (no_supplier.err, "Nobody & Sons"));

  run_cli (&export, db, "export", "backorders", "--supplier", "Nobody & Sons", NULL);
  g_assert_cmpint (export.status, ==, 1);
  g_assert_cmpstr (export.out, ==, "");

  bd_test_rm_rf (dir);
}

/* forecast: a suggestion per product beside its levels now, as JSON and
 * as a table; forecast apply writes exactly what it suggested, with
 * events; a service level out of range is refused. */
static void
test_cli_forecast (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(BdStore) store = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Run) demo = { 0, };
  g_auto(Run) json = { 0, };
  g_auto(Run) plain = { 0, };
  g_auto(Run) bad = { 0, };
  g_auto(Run) apply = { 0, };
  JsonArray *products;
  guint n_suggested = 0;

  run_cli (&demo, db, "demo", "--orders", "300", "--seed", "3", "--now", today, NULL);
  g_assert_cmpint (demo.status, ==, 0);

  run_cli (&json, db, "forecast", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  node = parse_json (json.out);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (node), "service_level"), ==, 0.95);
  products = json_object_get_array_member (json_node_get_object (node), "products");
  g_assert_cmpuint (json_array_get_length (products), >, 0);

  run_cli (&plain, db, "forecast", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_nonnull (strstr (plain.out, "METHOD"));
  g_assert_nonnull (strstr (plain.out, json_object_get_string_member (json_array_get_object_element (products, 0),
                                                                      "sku")));

  run_cli (&bad, db, "settings", "set", "service_level", "0.3", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "service_level"));

  run_cli (&apply, db, "forecast", "apply", NULL);
  g_assert_cmpint (apply.status, ==, 0);
  g_assert_cmpstr (apply.err, ==, "");

  store = bd_store_open (db, NULL);
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      g_autofree char *sql = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      if (json_object_get_null_member (product, "reorder_point"))
        continue;
      n_suggested++;
      sql = g_strdup_printf ("SELECT reorder_point || '+' || safety_stock || ':' || levels_set_in_desk"
                             " FROM products WHERE sku = '%s'", json_object_get_string_member (product, "sku"));
      expected = g_strdup_printf ("%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT ":1",
                                  json_object_get_int_member (product, "reorder_point"),
                                  json_object_get_int_member (product, "safety_stock"));
      got = bd_test_text (store, sql);
      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpint (json_object_get_int_member (product, "reorder_level"), ==,
                       json_object_get_int_member (product, "reorder_point") +
                       json_object_get_int_member (product, "safety_stock"));
    }
  g_assert_cmpuint (n_suggested, >, 0);
  g_assert_cmpint (bd_test_count (store, "SELECT count(DISTINCT batch) FROM events WHERE action = 'forecast'"), ==, 1);
  g_clear_object (&store);

  bd_test_rm_rf (dir);
}

/* metrics: the range given, JSON with every figure by its name and the
 * suppliers in an array, CSV rows name,currency,supplier_ref,value, and a
 * plain listing of the same figures. */
static void
test_cli_metrics (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(BdStore) store = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *order_lines_row = NULL;
  g_auto(GStrv) csv_rows = NULL;
  g_auto(GStrv) plain_rows = NULL;
  g_auto(Run) demo = { 0, };
  g_auto(Run) json = { 0, };
  g_auto(Run) csv = { 0, };
  g_auto(Run) plain = { 0, };
  JsonObject *object;
  gint64 lines;

  run_cli (&demo, db, "demo", "--orders", "60", "--seed", "3", "--now", "2026-06-01", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  store = bd_store_open (db, NULL);
  lines = bd_test_count (store, "SELECT count(*) FROM order_lines WHERE deleted = 0"
                                " AND ordered_at >= '2026-03-01T00:00:00Z' AND ordered_at < '2026-06-01T00:00:00Z'");
  g_clear_object (&store);
  g_assert_cmpint (lines, >, 0);

  run_cli (&json, db, "metrics", "--from", "2026-03-01", "--to", "2026-05-31", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  node = parse_json (json.out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "2026-03-01");
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "2026-05-31");
  g_assert_cmpint (json_object_get_int_member (object, "order_lines"), ==, lines);
  /* the sample data's on-hand snapshots give it a figure */
  g_assert_cmpfloat (json_object_get_double_member (object, "inventory_turnover"), >, 0);
  g_assert_nonnull (json_object_get_object_member (object, "backorder_value_open"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "suppliers")), >, 0);

  run_cli (&csv, db, "metrics", "--from", "2026-03-01", "--to", "2026-05-31", "--csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "name,currency,supplier_ref,value\r\n"));
  order_lines_row = g_strdup_printf ("\r\norder_lines,,,%" G_GINT64_FORMAT "\r\n", lines);
  g_assert_nonnull (strstr (csv.out, order_lines_row));
  g_assert_null (strstr (csv.out, "\r\ninventory_turnover,,,\r\n"));
  g_assert_nonnull (strstr (csv.out, "\r\ninventory_turnover,,,0."));

  run_cli (&plain, db, "metrics", "--from", "2026-03-01", "--to", "2026-05-31", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_true (g_str_has_prefix (plain.out, "From 2026-03-01 to 2026-05-31\n"));
  /* a line per CSV row: the CSV's header and the plain one's first line
   * stand for each other */
  csv_rows = g_strsplit (csv.out, "\r\n", -1);
  plain_rows = g_strsplit (plain.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (plain_rows), ==, g_strv_length (csv_rows));

  bd_test_rm_rf (dir);
}

/* What a customer said goes into the message log, and the log and the
 * templates come out as JSON with the members the README names. */
static void
test_cli_messages (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_auto(Run) demo = { 0, };
  g_auto(Run) logged = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) by_customer = { 0, };
  g_auto(Run) templates = { 0, };
  g_autoptr(JsonNode) messages = NULL;
  g_autoptr(JsonNode) all_templates = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *message;
  JsonObject *first;

  g_autoptr(JsonArray) open = NULL;
  const char *ref, *customer;

  run_cli (&demo, db, "demo", "--orders", "40", "--seed", "3", "--now", "2026-06-01", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  open = list_json (db, "open");
  ref = json_object_get_string_member (json_array_get_object_element (open, 0), "ref");
  customer = json_object_get_string_member (json_array_get_object_element (open, 0), "customer_ref");
  run_cli (&logged, db, "backorder", "log-contact", ref, "--kind", "call", "Happy to wait until July", NULL);
  if (logged.status != 0)
    g_error ("%s", logged.err);
  g_strchomp (logged.out);
  g_assert_cmpuint (strlen (logged.out), ==, 36);

  run_cli (&list, db, "messages", "list", "--backorder", ref, "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  messages = json_from_string (list.out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (messages)), ==, 1);
  message = json_array_get_object_element (json_node_get_array (messages), 0);
  g_assert_cmpstr (json_object_get_string_member (message, "uuid"), ==, logged.out);
  g_assert_cmpstr (json_object_get_string_member (message, "direction"), ==, "in");
  g_assert_cmpstr (json_object_get_string_member (message, "channel"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (message, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (message, "body"), ==, "Happy to wait until July");

  /* the same message is the customer's */
  run_cli (&by_customer, db, "messages", "list", "--customer", customer, NULL);
  g_assert_cmpint (by_customer.status, ==, 0);
  g_assert_nonnull (strstr (by_customer.out, logged.out));

  /* the customer's page: their open line with its expected date, what is
   * owed, and the call in the timeline */
  {
    g_auto(Run) show = { 0, };
    g_autoptr(JsonNode) page = NULL;
    JsonObject *object;
    JsonArray *timeline;
    gboolean call_seen = FALSE;

    run_cli (&show, db, "customer", "show", customer, "--json", NULL);
    g_assert_cmpint (show.status, ==, 0);
    page = json_from_string (show.out, &error);
    g_assert_no_error (error);
    object = json_node_get_object (page);
    g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, customer);
    g_assert_cmpint (json_object_get_int_member (object, "open_lines"), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (object, "lines"), 0), "ref"), ==, ref);
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (
                        json_object_get_array_member (object, "lines"), 0), "eta"));
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "owed")), >=, 1);
    timeline = json_object_get_array_member (object, "timeline");
    for (guint i = 0; i < json_array_get_length (timeline); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (timeline, i), "action"),
                     "message") == 0)
        call_seen = TRUE;
    g_assert_true (call_seen);
  }

  run_cli (&templates, db, "templates", "list", "--json", NULL);
  g_assert_cmpint (templates.status, ==, 0);
  all_templates = json_from_string (templates.out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all_templates)), ==, 44);
  first = json_array_get_object_element (json_node_get_array (all_templates), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "backorder_confirmation");
  g_assert_cmpstr (json_object_get_string_member (first, "language"), ==, "en");
  g_assert_cmpstr (json_object_get_string_member (first, "audience"), ==, "customer");
  g_assert_true (json_object_has_member (first, "uuid"));
  g_assert_true (json_object_has_member (first, "name"));

  bd_test_rm_rf (dir);
}

/* The demo's data in @db (200 orders), sending through a real SMTP
 * server on loopback that writes what it gets to @received, from a
 * company with a name; the server to stop. */
static GSubprocess *
demo_with_mail_server (const char *db,
                       const char *received)
{
  g_auto(Run) demo = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *port_text = NULL;
  GSubprocess *smtp;
  guint port = 0;

  run_cli (&demo, db, "demo", "--orders", "200", "--seed", "5", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  smtp = bd_test_smtp_server_start (received, NULL, &port);
  store = bd_store_open (db, &error);
  g_assert_no_error (error);
  port_text = g_strdup_printf ("%u", port);
  g_assert_true (bd_install_settings_set (store, "smtp.host", "127.0.0.1", &error));
  g_assert_true (bd_install_settings_set (store, "smtp.port", port_text, &error));
  g_assert_true (bd_install_settings_set (store, "smtp.security", "none", &error));
  g_assert_true (bd_install_settings_set (store, "smtp.from", "desk@shop.example", &error));
  g_assert_true (bd_store_exec (store, "INSERT OR REPLACE INTO team_settings (key, value, uuid, created_at, updated_at)"
                                       " VALUES ('company_name', 'Kestrel Home', 'ts-c', '2026-01-01', '2026-01-01')",
                                &error));
  g_assert_no_error (error);
  return smtp;
}

/* notify writes from a template and sends through the mail server the
 * settings name: a dry run sends nothing; delay notices for the lines at
 * risk go out, are logged with the ETA they promised, and start the
 * answer's week, so the lines no longer need one; .eml files are saved. */
static void
test_cli_notify (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *received = g_build_filename (dir, "received.jsonl", NULL);
  g_autofree char *outbox = g_build_filename (dir, "outbox", NULL);
  g_auto(Run) dry = { 0, };
  g_auto(Run) sent = { 0, };
  g_auto(Run) due = { 0, };
  g_auto(Run) eml = { 0, };
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(JsonNode) still_due = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *smtp = NULL;
  guint n_needed;

  smtp = demo_with_mail_server (db, received);

  run_cli (&dry, db, "notify", "--template", "delay_notice", "--at-risk", "--dry-run", NULL);
  g_assert_cmpint (dry.status, ==, 0);
  n_needed = 0;
  for (const char *p = dry.out; (p = strstr (p, ": would go to ")) != NULL; p++)
    n_needed++;
  g_assert_cmpuint (n_needed, >, 0);
  got = bd_test_smtp_received (received);
  g_assert_cmpuint (got->len, ==, 0);
  g_clear_pointer (&got, g_ptr_array_unref);

  run_cli (&sent, db, "notify", "--template", "delay_notice", "--at-risk", NULL);
  if (sent.status != 0)
    g_error ("%s\n%s", sent.out, sent.err);
  got = bd_test_smtp_received (received);
  g_assert_cmpuint (got->len, ==, n_needed);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (got, 0)), "data"),
                            "Subject: Your order SO-"));

  /* answered for now: nothing needs a notice */
  run_cli (&due, db, "delay-notices", "due", "--json", NULL);
  g_assert_cmpint (due.status, ==, 0);
  still_due = json_from_string (due.out, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (still_due)); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (still_due), i),
                                                    "state"), !=, "needed");
  {
    g_autoptr(BdStore) store = bd_store_open (db, &error);

    g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM delay_notices"), ==, n_needed);
    g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages WHERE kind = 'delay_notice'"
                                           " AND status = 'sent' AND eta IS NOT NULL"), ==, n_needed);
  }

  run_cli (&eml, db, "notify", "--template", "shipped", "--overdue", "--channel", "eml", "--out", outbox, NULL);
  if (eml.status != 0)
    g_error ("%s\n%s", eml.out, eml.err);
  {
    g_autoptr(GDir) files = g_dir_open (outbox, 0, &error);
    guint n = 0;

    g_assert_no_error (error);
    while (g_dir_read_name (files) != NULL)
      n++;
    g_assert_cmpuint (n, >, 0);
  }

  bd_test_smtp_server_stop (&smtp);
  bd_test_rm_rf (dir);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* The refs of a JSON array of objects (a CLI's --json output) whose
 * "state" is @state (any when NULL), sorted and joined by spaces. */
static char *
json_refs (const char *json,
           const char *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (json, &error);
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  JsonArray *array;

  g_assert_no_error (error);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (state == NULL || g_strcmp0 (json_object_get_string_member (object, "state"), state) == 0)
        g_ptr_array_add (refs, (gpointer)json_object_get_string_member (object, "ref"));
    }
  g_ptr_array_sort (refs, compare_strings);
  g_ptr_array_add (refs, NULL);
  return g_strjoinv (" ", (char **)refs->pdata);
}

/* list backorders --needs-notice lists exactly the lines delay-notices
 * due says need a notice (state needed), over a demo store's lines. */
static void
test_cli_needs_notice (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_auto(Run) demo = { 0, };
  g_auto(Run) listed = { 0, };
  g_auto(Run) due = { 0, };
  g_autofree char *listed_refs = NULL;
  g_autofree char *due_refs = NULL;

  run_cli (&demo, db, "demo", "--orders", "300", "--seed", "5", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  run_cli (&listed, db, "list", "backorders", "--needs-notice", "--json", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  run_cli (&due, db, "delay-notices", "due", "--json", NULL);
  g_assert_cmpint (due.status, ==, 0);

  listed_refs = json_refs (listed.out, NULL);
  due_refs = json_refs (due.out, "needed");
  g_assert_cmpstr (listed_refs, !=, "");
  g_assert_cmpstr (listed_refs, ==, due_refs);
  bd_test_rm_rf (dir);
}

/* notify --to-chase: a reminder from the chase template to the supplier
 * of every PO that suppliers chase lists, its PDF attached, each logged on
 * its PO; a dry run sends nothing; a supplier without an address is said,
 * logged as failed, and makes the exit status 1. */
static void
test_cli_notify_to_chase (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *received = g_build_filename (dir, "received.jsonl", NULL);
  g_auto(Run) dry = { 0, };
  g_auto(Run) sent = { 0, };
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) chase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *no_address = NULL;
  GSubprocess *smtp = NULL;
  guint n_with_address = 0;

  smtp = demo_with_mail_server (db, received);
  {
    g_autoptr(BdStore) store = bd_store_open (db, &error);
    g_autofree char *sql = NULL;

    g_assert_no_error (error);
    /* two POs sent long ago and never confirmed, of two suppliers */
    g_assert_true (bd_store_exec (store, "UPDATE purchase_orders SET status = 'sent', sent_at = '2020-01-06T09:00:00Z',"
                                         " confirmed_at = NULL, confirmed_date = NULL WHERE id IN"
                                         " (SELECT min(po.id) FROM purchase_orders po WHERE EXISTS"
                                         " (SELECT 1 FROM po_lines WHERE po_id = po.id) GROUP BY po.supplier_id"
                                         " ORDER BY po.supplier_id LIMIT 2)", &error));
    g_assert_no_error (error);
    chase = bd_suppliers_chase (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (chase->len, >=, 2);
    no_address = g_strdup (((BdChaseEntry *)g_ptr_array_index (chase, 0))->supplier_ref);
    sql = g_strdup_printf ("UPDATE suppliers SET email = NULL WHERE ref = '%s'", no_address);
    g_assert_true (bd_store_exec (store, sql, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < chase->len; i++)
      n_with_address += !g_str_equal (((BdChaseEntry *)g_ptr_array_index (chase, i))->supplier_ref, no_address);
  }

  run_cli (&dry, db, "notify", "--template", "chase", "--to-chase", "--dry-run", NULL);
  if (dry.status != 0)
    g_error ("%s\n%s", dry.out, dry.err);
  for (guint i = 0; i < chase->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: would go to ", ((BdChaseEntry *)g_ptr_array_index (chase, i))->po_number);

      g_assert_nonnull (strstr (dry.out, line));
    }
  got = bd_test_smtp_received (received);
  g_assert_cmpuint (got->len, ==, 0);
  g_clear_pointer (&got, g_ptr_array_unref);

  run_cli (&sent, db, "notify", "--template", "chase", "--to-chase", NULL);
  g_assert_cmpint (sent.status, ==, 1);
  {
    guint n_failed = chase->len - n_with_address;
    g_autofree char *said = g_strdup_printf (n_failed == 1 ? "%u message was not sent" : "%u messages were not sent",
                                             n_failed);

    g_assert_nonnull (strstr (sent.err, said));
  }
  got = bd_test_smtp_received (received);
  g_assert_cmpuint (got->len, ==, n_with_address);
  for (guint i = 0; i < got->len; i++)
    g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (got, i)), "data"),
                              "Content-Type: application/pdf"));
  {
    g_autoptr(BdStore) store = bd_store_open (db, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages WHERE kind = 'chase' AND status = 'sent'"
                                           " AND po_id IS NOT NULL"), ==, n_with_address);
    g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages WHERE kind = 'chase'"
                                           " AND status = 'failed'"), ==, chase->len - n_with_address);
  }

  bd_test_smtp_server_stop (&smtp);
  bd_test_rm_rf (dir);
}

/* settings set, get and list say the same, and the store keeps what was
 * set; a key or value the setting does not take changes nothing. */
static void
test_cli_settings (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) create = { 0, };
  g_auto(Run) set_days = { 0, };
  g_auto(Run) set_address = { 0, };
  g_auto(Run) get = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) json = { 0, };
  g_auto(Run) bad_key = { 0, };
  g_auto(Run) bad_value = { 0, };
  JsonArray *rows;
  gboolean seen = FALSE;

  run_cli (&create, db, "--create", "settings", "list", NULL);
  g_assert_cmpint (create.status, ==, 0);
  g_assert_nonnull (strstr (create.out, "chase_days         3 (default)\n"));

  run_cli (&set_days, db, "settings", "set", "chase_days", " 5", NULL);
  run_cli (&set_address, db, "settings", "set", "company_address", "1 Harbour Road\nGöteborg", NULL);
  g_assert_cmpint (set_days.status, ==, 0);
  g_assert_cmpint (set_address.status, ==, 0);
  g_assert_cmpstr (set_days.out, ==, "");

  run_cli (&get, db, "settings", "get", "chase_days", NULL);
  g_assert_cmpint (get.status, ==, 0);
  g_assert_cmpstr (get.out, ==, "5\n");

  run_cli (&list, db, "settings", "list", NULL);
  g_assert_nonnull (strstr (list.out, "chase_days         5\n"));
  g_assert_nonnull (strstr (list.out, "company_address    1 Harbour Road\n                   Göteborg\n"));
  g_assert_nonnull (strstr (list.out, "handling_days      1 (default)\n"));

  run_cli (&json, db, "settings", "list", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "key"), "chase_days"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "value"), ==, "5");
          g_assert_false (json_object_get_boolean_member (row, "default"));
          seen = TRUE;
        }
    }
  g_assert_true (seen);

  run_cli (&bad_key, db, "settings", "set", "chase_dayz", "5", NULL);
  g_assert_cmpint (bad_key.status, ==, 2);
  g_assert_nonnull (strstr (bad_key.err, "“chase_dayz” is not a team setting: expected company_name,"));
  run_cli (&bad_value, db, "settings", "set", "handling_days", "366", NULL);
  g_assert_cmpint (bad_value.status, ==, 2);
  g_assert_nonnull (strstr (bad_value.err, "The handling days (handling_days) expects a whole number from 0 to 365, found “366”"));

  {
    g_autoptr(BdStore) store = bd_store_open (db, NULL);

    g_assert_cmpint (bd_test_count (store, "SELECT value FROM team_settings WHERE key = 'chase_days'"), ==, 5);
    g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM team_settings"), ==, 2);
  }

  bd_test_rm_rf (dir);
}

/* A date @days from today (UTC, as the tests run), as a local date or as
 * a time in UTC. */
static char *
date_from_today (int      days,
                 gboolean time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, time ? "%Y-%m-%dT09:00:00Z" : "%Y-%m-%d");
}

/* suppliers show, list and chase on a history made by hand, with
 * product_suppliers.csv imported through the CLI. */
static void
test_cli_suppliers (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *suppliers = g_build_filename (dir, "suppliers.csv", NULL);
  g_autofree char *products = g_build_filename (dir, "products.csv", NULL);
  g_autofree char *links = g_build_filename (dir, "product_suppliers.csv", NULL);
  g_autofree char *bad_links = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) chased = NULL;
  g_auto(Run) a = { 0, };
  g_auto(Run) b = { 0, };
  g_auto(Run) c = { 0, };
  g_auto(Run) d = { 0, };
  g_auto(Run) show = { 0, };
  g_auto(Run) show_text = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) chase = { 0, };
  g_auto(Run) chase_text = { 0, };
  g_auto(Run) archive = { 0, };
  g_auto(Run) bad = { 0, };
  JsonObject *reliability;
  JsonObject *product;
  JsonObject *entry;

  g_assert_true (g_file_set_contents (suppliers, "supplier_ref,name,phone,lead_time_days\n"
                                                 "SUP-1,Nordic Homeware,+46 8 123,14\nSUP-2,Forge Brothers,,21\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (products, "sku,name,supplier_ref,unit_cost\nMUG,Mug,SUP-1,3.20\n"
                                                "PAN,Pan,SUP-2,18.00\n", -1, NULL));
  g_assert_true (g_file_set_contents (links, "sku,supplier_ref,unit_cost,moq,pack_size,preferred\n"
                                             "MUG,SUP-1,2.90,24,6,\nMUG,SUP-2,3.10,12,,yes\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad_links, "sku,supplier_ref,preferred\nMUG,SUP-1,yes\nMUG,SUP-2,yes\n",
                                      -1, NULL));

  run_cli (&a, db, "--create", "import", "suppliers", suppliers, NULL);
  run_cli (&b, db, "import", "products", products, NULL);
  run_cli (&c, db, "import", "product-suppliers", links, NULL);
  g_assert_cmpint (a.status + b.status + c.status, ==, 0);
  g_assert_cmpstr (c.out, ==, "2 rows read: 1 new, 1 updated, 0 unchanged\n");

  /* two preferred suppliers for one product: nothing imported */
  run_cli (&bad, db, "import", "product-suppliers", bad_links, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "line 3, column preferred: SKU “MUG” has its preferred supplier on line 2"));

  /* SUP-1: one line 2 days late, one on time; a PO sent 5 days ago and
   * not confirmed; SUP-2: a confirmed PO 3 days past its date */
  {
    g_autoptr(BdStore) store = bd_store_open (db, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *due = date_from_today (-30, FALSE);
    g_autofree char *late = date_from_today (-28, TRUE);
    g_autofree char *on_time = date_from_today (-31, TRUE);
    g_autofree char *sent = date_from_today (-5, TRUE);
    g_autofree char *past = date_from_today (-3, FALSE);
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO purchase_orders (id, number, supplier_id, status, currency, ordered_at, sent_at,"
      "  confirmed_date, expected_at, received_at, uuid, created_at, updated_at) VALUES"
      " (1, 'PO-1', 1, 'received', 'USD', '%s', '%s', '%s', '%s', '%s', 'u1', '%s', '%s'),"
      " (2, 'PO-2', 1, 'sent', 'USD', '%s', '%s', NULL, NULL, NULL, 'u2', '%s', '%s'),"
      " (3, 'PO-3', 2, 'confirmed', 'USD', '%s', '%s', '%s', '%s', NULL, 'u3', '%s', '%s');"
      "INSERT INTO po_lines (po_id, product_id, quantity, quantity_received, unit_cost, uuid, created_at,"
      "  updated_at) VALUES"
      " (1, 1, 10, 10, 290, 'l1', '%s', '%s'),"
      " (2, 1, 24, 0, 290, 'l2', '%s', '%s'),"
      " (3, 2, 12, 0, 310, 'l3', '%s', '%s');"
      /* the second line of PO-1 comes with a receipt, the day before it was due */
      "INSERT INTO po_lines (id, po_id, product_id, quantity, quantity_received, unit_cost, uuid, created_at,"
      "  updated_at) VALUES (4, 1, 2, 2, 2, 1800, 'l4', '%s', '%s');"
      "INSERT INTO receipts (id, po_id, received_at, author, uuid, created_at, updated_at)"
      " VALUES (1, 1, '%s', 'Tester', 'r1', '%s', '%s');"
      "INSERT INTO receipt_lines (receipt_id, po_line_id, product_id, quantity, uuid, created_at, updated_at)"
      " VALUES (1, 4, 2, 2, 'rl1', '%s', '%s');"
      /* and the first line with one, two days after it was due */
      "INSERT INTO receipts (id, po_id, received_at, author, uuid, created_at, updated_at)"
      " VALUES (2, 1, '%s', 'Tester', 'r2', '%s', '%s');"
      "INSERT INTO receipt_lines (receipt_id, po_line_id, product_id, quantity, uuid, created_at, updated_at)"
      " VALUES (2, 1, 1, 10, 'rl2', '%s', '%s')",
      sent, sent, due, due, late, sent, sent,
      sent, sent, sent, sent,
      sent, sent, past, past, sent, sent,
      sent, sent, sent, sent, sent, sent,
      sent, sent, on_time, on_time, on_time, on_time, on_time,
      late, late, late, late, late);

    g_assert_true (bd_store_exec (store, sql, &error));
    g_assert_no_error (error);
  }

  run_cli (&show, db, "suppliers", "show", "SUP-1", "--json", NULL);
  g_assert_cmpint (show.status, ==, 0);
  shown = parse_json (show.out);
  reliability = json_object_get_object_member (json_node_get_object (shown), "reliability");
  g_assert_cmpint (json_object_get_int_member (reliability, "lines"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (reliability, "on_time"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (reliability, "on_time_rate"), ==, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (reliability, "mean_days_late"), ==, 1.0);
  g_assert_cmpint (json_object_get_int_member (reliability, "p90_days_late"), ==, 2);
  product = json_array_get_object_element (json_object_get_array_member (json_node_get_object (shown), "products"), 0);
  g_assert_cmpstr (json_object_get_string_member (product, "sku"), ==, "MUG");
  g_assert_cmpstr (json_object_get_string_member (product, "unit_cost"), ==, "2.90");
  g_assert_cmpint (json_object_get_int_member (product, "moq"), ==, 24);
  g_assert_cmpint (json_object_get_int_member (product, "pack_size"), ==, 6);
  g_assert_false (json_object_get_boolean_member (product, "preferred"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (shown),
                                                                         "purchase_orders")), ==, 2);

  run_cli (&show_text, db, "suppliers", "show", "nordic homeware", NULL);
  g_assert_cmpint (show_text.status, ==, 0);
  g_assert_nonnull (strstr (show_text.out, "Reliability:    1 of 2 PO lines on time (50%)"));
  g_assert_nonnull (strstr (show_text.out, "1.0 days late on average, 90th percentile 2\n"));

  run_cli (&list, db, "suppliers", "list", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  listed = parse_json (list.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);
  {
    /* by name: Forge Brothers, then Nordic Homeware */
    JsonObject *forge = json_array_get_object_element (json_node_get_array (listed), 0);
    JsonObject *nordic = json_array_get_object_element (json_node_get_array (listed), 1);
    g_autofree char *past = date_from_today (-3, FALSE);

    g_assert_cmpstr (json_object_get_string_member (forge, "ref"), ==, "SUP-2");
    g_assert_cmpint (json_object_get_int_member (forge, "open_pos"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (forge, "pos_to_chase"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (forge, "next_expected"), ==, past);
    g_assert_true (json_object_get_null_member (forge, "on_time_rate"));
    g_assert_cmpint (json_object_get_int_member (nordic, "open_pos"), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (nordic, "on_time_rate"), ==, 0.5);
  }

  run_cli (&chase, db, "suppliers", "chase", "--json", NULL);
  g_assert_cmpint (chase.status, ==, 0);
  chased = parse_json (chase.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (chased)), ==, 2);
  entry = json_array_get_object_element (json_node_get_array (chased), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "po_number"), ==, "PO-3");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "late");
  g_assert_cmpint (json_object_get_int_member (entry, "days"), ==, 3);
  entry = json_array_get_object_element (json_node_get_array (chased), 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "po_number"), ==, "PO-2");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "unconfirmed");
  g_assert_cmpint (json_object_get_int_member (entry, "days"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (entry, "phone"), ==, "+46 8 123");

  run_cli (&chase_text, db, "suppliers", "chase", NULL);
  g_assert_nonnull (strstr (chase_text.out, "not confirmed, sent 5 days ago"));
  g_assert_nonnull (strstr (chase_text.out, "3 days late, 0 of 12 received"));

  /* an open PO keeps its supplier from the archive */
  run_cli (&archive, db, "suppliers", "archive", "SUP-1", NULL);
  g_assert_cmpint (archive.status, ==, 1);
  g_assert_nonnull (strstr (archive.err, "Supplier “SUP-1” has 1 open purchase order (PO-2)"));

  run_cli (&d, db, "settings", "set", "chase_days", "6", NULL);
  {
    g_auto(Run) fewer = { 0, };

    run_cli (&fewer, db, "suppliers", "chase", NULL);
    g_assert_null (strstr (fewer.out, "PO-2"));
    g_assert_nonnull (strstr (fewer.out, "PO-3"));
  }

  bd_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/demo-deterministic", test_cli_demo_deterministic);
  g_test_add_func ("/cli/list-and-actions", test_cli_list_and_actions);
  g_test_add_func ("/cli/export", test_cli_export);
  g_test_add_func ("/cli/export-columns", test_cli_export_columns);
  g_test_add_func ("/cli/export-formula", test_cli_export_formula);
  g_test_add_func ("/cli/errors", test_cli_errors);
  g_test_add_func ("/cli/ambiguous-ref-and-overflow", test_cli_ambiguous_ref_and_overflow);
  g_test_add_func ("/cli/read-only", test_cli_read_only);
  g_test_add_func ("/cli/full-disk", test_cli_full_disk);
  g_test_add_func ("/cli/damaged", test_cli_damaged);
  g_test_add_func ("/cli/backup", test_cli_backup);
  g_test_add_func ("/cli/age-of-closed-lines", test_cli_age_of_closed_lines);
  g_test_add_func ("/cli/create", test_cli_create);
  g_test_add_func ("/cli/concurrent-create", test_cli_concurrent_create);
  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/usage-is-readme", test_cli_usage_is_readme);
  g_test_add_func ("/cli/usage-follows-core", test_cli_usage_follows_core);
  g_test_add_func ("/cli/exit-codes", test_cli_exit_codes);
  g_test_add_func ("/cli/metrics", test_cli_metrics);
  g_test_add_func ("/cli/messages", test_cli_messages);
  g_test_add_func ("/cli/notify", test_cli_notify);
  g_test_add_func ("/cli/notify/to-chase", test_cli_notify_to_chase);
  g_test_add_func ("/cli/list-needs-notice", test_cli_needs_notice);
  g_test_add_func ("/cli/filters-by-name", test_cli_filters_by_name);
  g_test_add_func ("/cli/purchasing", test_cli_purchasing);
  g_test_add_func ("/cli/settings", test_cli_settings);
  g_test_add_func ("/cli/forecast", test_cli_forecast);
  g_test_add_func ("/cli/suppliers", test_cli_suppliers);

  return g_test_run ();
}
