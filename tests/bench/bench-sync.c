/* bench-sync.c: the sync's rows of the performance figures (issue 14,
 * "Performance"), against PouchDB Server on loopback
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-sync                         the rows (BD_BENCH_SYNC_DOCS: how many
 *                                      documents to pull, 100,000 by default)
 *   bench-sync --pull URL STORE        a child: pulls into STORE, prints
 *                                      "ms MS hwm-kb KB pulled N"
 *   bench-sync --rest URL STORE        a child: the same up to the pull
 *
 * Pulling: a fresh store pulls every document from the server, in a
 * process of its own, so that its peak RSS (VmHWM) is the pull's; set
 * against curl fetching the same _changes pages (one process, one
 * connection) into /dev/null, and against the same process at rest.
 * Pushing: 10,000 customers edited in that store, pushed; set against
 * curl posting the same _bulk_docs batches (the same rows edited again,
 * with the revisions the server has then).
 * Merging (BD_BENCH_ONLY=merge runs only this row): the first sync of a
 * copy of the core benchmark's 1M store (run that first) when another
 * machine imported the same customers and pushed them with uuids of its
 * own, lower: BD_BENCH_SYNC_MERGES (2,000) of them are merged, each
 * keeping the server's uuid, and the rows naming it are looked for to be
 * sent again; then the same with the store's orders and lines pushed
 * before (both machines pushed before either pulled), whose rows naming
 * a merged customer are then marked to be sent again.
 */

#define _GNU_SOURCE 1   /* RUSAGE_THREAD */
#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bd-couch-server.h"
#include "bd-sync.h"
#include "bd-test-util.h"
#include "bench-couch.h"
#include "bench-util.h"

#define DB "bench"
#define N_EDITS 10000

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static BdCouch *
admin_couch_of (const char *url,
                const char *db)
{
  g_autoptr(GError) error = NULL;
  BdCouch *couch = bd_couch_new (url, db, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD, &error);

  g_assert_no_error (error);
  return couch;
}

static BdCouch *
admin_couch (const char *url)
{
  return admin_couch_of (url, DB);
}

/* The child: opens STORE, and pulls unless @rest. */
static int
child_main (gboolean    rest,
            const char *url,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  double start;
  double ms = 0;

  g_assert_no_error (error);
  couch = admin_couch (url);
  sync = bd_sync_new (store, couch, &error);
  g_assert_no_error (error);
  start = bench_now_ms ();
  if (!rest && !bd_sync_pull (sync, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  ms = bench_now_ms () - start;
  g_print ("ms %.1f hwm-kb %ld pulled %u\n", ms, peak_rss_kb (), bd_sync_get_report (sync)->pulled);
  {
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    g_printerr ("# the pull's process: %.0f ms user, %.0f ms system\n",
                usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0,
                usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0);
#ifdef RUSAGE_THREAD
    /* the pull writes on this thread, and fetches on another: the
     * writer's time is the pull's on a quiet machine */
    getrusage (RUSAGE_THREAD, &usage);
    g_printerr ("# its writing thread: %.0f ms user, %.0f ms system\n",
                usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0,
                usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0);
#endif
  }
  return 0;
}

static gboolean
run_child (const char *self_path,
           gboolean    rest,
           const char *url,
           const char *store,
           double     *ms,
           long       *hwm_kb,
           guint      *pulled)
{
  const char *argv[] = { self_path, rest ? "--rest" : "--pull", url, store, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL) ||
      sscanf (out, "ms %lf hwm-kb %ld pulled %u", ms, hwm_kb, pulled) != 3)
    {
      g_printerr ("# the child failed: %s%s\n", error ? error->message : "", err ? err : "");
      return FALSE;
    }
  g_print ("%s", err);
  return TRUE;
}

/* The sequences the pull's pages start at, as the sync asks for them:
 * pages of @page changes until an empty one. */
static GPtrArray *
page_starts (const char *url,
             guint       page)
{
  g_autoptr(BdCouch) couch = admin_couch (url);
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *since = g_strdup ("0");

  while (TRUE)
    {
      g_autofree char *path = g_strdup_printf ("_changes?since=%s&limit=%u", since, page);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) reply = bd_couch_request (couch, "GET", path, NULL, NULL, NULL, &error);
      JsonObject *root;
      guint n;

      g_assert_no_error (error);
      g_ptr_array_add (starts, g_strdup (since));
      root = json_node_get_object (reply);
      n = json_array_get_length (json_object_get_array_member (root, "results"));
      g_free (since);
      since = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (root, "last_seq"));
      if (n < page)
        break;
    }
  return starts;
}

/* Runs curl with @args, returns its wall-clock time in ms. */
static double
time_curl (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;
  double start = bench_now_ms ();

  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("# curl failed: %s %s\n", error ? error->message : "", err ? err : "");
      return -1;
    }
  return bench_now_ms () - start;
}

static void
bench_pull (const char *self_path,
            const char *url,
            const char *dir,
            guint       n,
            char      **store_out)
{
  g_autofree char *store_path = g_build_filename (dir, "pull.sqlite3", NULL);
  g_autofree char *rest_path = g_build_filename (dir, "rest.sqlite3", NULL);
  g_autofree char *config = g_build_filename (dir, "curl-pull.conf", NULL);
  g_autoptr(GPtrArray) starts = NULL;
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *note = NULL;
  g_autofree char *rss_note = NULL;
  g_autofree char *name = NULL;
  double sync_ms = 0, rest_ms = 0, curl_ms, cold_ms;
  long hwm = 0, rest_hwm = 0;
  guint pulled = 0, none = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdStore) store = bd_store_create (i == 0 ? store_path : rest_path, &error);

      g_assert_no_error (error);
    }
  /* curl's URLs: the pages the sync asks for */
  starts = page_starts (url, BD_SYNC_PAGE_SIZE);
  g_string_append_printf (conf, "user = \"%s:%s\"\nsilent\n", BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  for (guint i = 0; i < starts->len; i++)
    g_string_append_printf (conf, "url = \"%s%s/_changes?since=%s&include_docs=true&conflicts=true&limit=%u\"\n"
                                  "output = \"/dev/null\"\n",
                            url, DB, (char *)starts->pdata[i], BD_SYNC_PAGE_SIZE);
  g_assert_true (g_file_set_contents (config, conf->str, -1, NULL));
  g_ptr_array_add (args, "curl");
  g_ptr_array_add (args, "-K");
  g_ptr_array_add (args, config);

  /* the server's first pass over its documents is its slowest: curl
   * takes it, then the sync and curl again each find it warm */
  cold_ms = time_curl (args);
  g_ptr_array_set_size (args, 3);
  if (!run_child (self_path, TRUE, url, rest_path, &rest_ms, &rest_hwm, &none) ||
      !run_child (self_path, FALSE, url, store_path, &sync_ms, &hwm, &pulled))
    {
      bench_report_unmet ("sync: pull of every document, time against curl", "x", "<= 1.5 x", "the pull failed");
      return;
    }
  g_print ("# pulled %u documents in %.0f ms, peak RSS %ld KB (at rest %ld KB)\n", pulled, sync_ms, hwm, rest_hwm);
  curl_ms = time_curl (args);
  g_print ("# curl: %.0f ms the first time, %.0f ms after the sync\n", cold_ms, curl_ms);
  /* the same requests through the sync's HTTP client, nothing written */
  {
    g_autoptr(BdCouch) couch = admin_couch (url);
    double start = bench_now_ms ();

    for (guint i = 0; i < starts->len; i++)
      {
        g_autofree char *path = g_strdup_printf ("_changes?since=%s&include_docs=true&conflicts=true&limit=%u",
                                                 (char *)starts->pdata[i], BD_SYNC_PAGE_SIZE);
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) reply = bd_couch_request (couch, "GET", path, NULL, NULL, NULL, &error);

        g_assert_no_error (error);
      }
    g_print ("# the same pages through BdCouch, parsed, nothing written: %.0f ms\n", bench_now_ms () - start);
  }

  name = g_strdup_printf ("sync: pulling %u documents, time against curl fetching the same pages", n);
  note = g_strdup_printf ("%u pages of %u: sync %.0f ms (into SQLite, search index), curl %.0f ms"
                          " (into /dev/null; %.0f ms on the server's first pass, before the sync)",
                          starts->len, BD_SYNC_PAGE_SIZE, sync_ms, curl_ms, cold_ms);
  if (curl_ms > 0)
    bench_report (name, sync_ms / curl_ms, "x", BENCH_AT_MOST, 1.5, note);
  else
    bench_report_unmet (name, "x", "<= 1.5 x", "curl failed");

  g_free (name);
  name = g_strdup_printf ("sync: pulling %u documents, peak RSS above the same process at rest", n);
  rss_note = g_strdup_printf ("peak (VmHWM) %ld KB pulling, %ld KB at rest (store open, sync made, nothing pulled)",
                              hwm, rest_hwm);
  bench_report (name, (hwm - rest_hwm) / 1024.0, "MB", BENCH_AT_MOST, 60, rss_note);

  *store_out = g_steal_pointer (&store_path);
}

static void
edit_customers (BdStore    *store,
                const char *tag)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE customers SET email = '%s' || id || '@mail.example',"
                                          " updated_at = '2026-04-01T00:00:00Z', dirty = 1"
                                          " WHERE id IN (SELECT id FROM customers ORDER BY id LIMIT %u)",
                                          tag, N_EDITS);

  g_assert_true (bd_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
bench_push (const char *url,
            const char *dir,
            const char *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (store_path, &error);
  g_autoptr(BdCouch) couch = admin_couch (url);
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *note = NULL;
  g_autofree char *name = NULL;
  g_autofree char *user = g_strdup_printf ("%s:%s", BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_autofree char *bulk_url = g_strdup_printf ("%s%s/_bulk_docs", url, DB);
  const BdSyncTable *table;
  double start, sync_ms, curl_ms;
  guint batches = 0;

  g_assert_no_error (error);
  sync = bd_sync_new (store, couch, &error);
  g_assert_no_error (error);
  /* only the edits go: not the new store's own default templates */
  g_assert_true (bd_store_exec (store, "UPDATE templates SET dirty = 0", &error));
  g_assert_no_error (error);

  edit_customers (store, "sync");
  start = bench_now_ms ();
  g_assert_true (bd_sync_push (sync, NULL, &error));
  g_assert_no_error (error);
  sync_ms = bench_now_ms () - start;
  g_assert_cmpuint (bd_sync_get_report (sync)->pushed, ==, N_EDITS);

  /* the same rows edited again, in the same batches, with the revisions
   * the server has now: what curl posts */
  edit_customers (store, "curl");
  table = bd_sync_map_lookup_table (bd_sync_get_map (sync), "customers");
  {
    g_autofree char *sql = g_strdup_printf ("%s WHERE t.dirty = 1 ORDER BY t.id", table->select_sql);
    g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, &error);
    g_autoptr(JsonArray) docs = NULL;
    int rc = SQLITE_ROW;

    g_assert_no_error (error);
    while (rc == SQLITE_ROW)
      {
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          {
            if (docs == NULL)
              docs = json_array_new ();
            json_array_add_object_element (docs, bd_sync_row_to_doc (table, stmt));
          }
        if (docs != NULL && (rc != SQLITE_ROW || json_array_get_length (docs) == BD_SYNC_PAGE_SIZE))
          {
            g_autoptr(JsonObject) request = json_object_new ();
            g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
            g_autofree char *text = NULL;
            g_autofree char *file = g_strdup_printf ("%s/batch-%03u.json", dir, batches++);

            json_object_set_array_member (request, "docs", g_steal_pointer (&docs));
            json_node_set_object (body, request);
            text = json_to_string (body, FALSE);
            g_assert_true (g_file_set_contents (file, text, -1, NULL));
            if (batches > 1)
              g_ptr_array_add (args, g_strdup ("--next"));
            g_ptr_array_add (args, g_strdup ("-s"));
            g_ptr_array_add (args, g_strdup ("-u"));
            g_ptr_array_add (args, g_strdup (user));
            g_ptr_array_add (args, g_strdup ("-H"));
            g_ptr_array_add (args, g_strdup ("Content-Type: application/json"));
            g_ptr_array_add (args, g_strdup ("--data-binary"));
            g_ptr_array_add (args, g_strconcat ("@", file, NULL));
            g_ptr_array_add (args, g_strdup ("-o"));
            g_ptr_array_add (args, g_strdup ("/dev/null"));
            g_ptr_array_add (args, g_strdup (bulk_url));
          }
      }
  }
  g_ptr_array_insert (args, 0, g_strdup ("curl"));
  curl_ms = time_curl (args);
  /* curl's edits went through: the server has them */
  {
    g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT 'customer:' || uuid FROM customers ORDER BY id LIMIT 1",
                                               &error);
    g_autoptr(JsonNode) doc = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    doc = bd_couch_request (couch, "GET", (const char *)sqlite3_column_text (stmt, 0), NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (doc), "email"), "curl"));
  }

  name = g_strdup_printf ("sync: pushing %u local edits, time against curl posting the same batches", N_EDITS);
  note = g_strdup_printf ("%u batches of %u: sync %.0f ms (read rows, post, mark clean), curl %.0f ms;"
                          " one run each on a shared, loaded machine", batches, BD_SYNC_PAGE_SIZE, sync_ms, curl_ms);
  if (curl_ms > 0)
    bench_report (name, sync_ms / curl_ms, "x", BENCH_AT_MOST, 1.5, note);
  else
    bench_report_unmet (name, "x", "<= 1.5 x", "curl failed");
}

/* The first @n customers of @store as the other machine pushed them:
 * the same fields, a uuid of its own that sorts before this one's. */
static void
put_same_customers (BdCouch *couch,
                    BdStore *store,
                    guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = bd_sync_map_new (store, &error);
  const BdSyncTable *table;
  g_autofree char *sql = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  gboolean more = TRUE;

  g_assert_no_error (error);
  table = bd_sync_map_lookup_table (map, "customers");
  sql = g_strdup_printf ("%s ORDER BY t.id LIMIT %u", table->select_sql, n);
  stmt = bd_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  while (more)
    {
      g_autoptr(JsonArray) docs = json_array_new ();
      g_autoptr(JsonObject) request = json_object_new ();
      g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) reply = NULL;

      while (json_array_get_length (docs) < 1000 && (more = sqlite3_step (stmt) == SQLITE_ROW))
        {
          JsonObject *doc = bd_sync_row_to_doc (table, stmt);
          g_autofree char *uuid = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
          g_autofree char *id = NULL;

          memset (uuid, '0', 8);
          id = bd_sync_doc_id (table, uuid);
          json_object_set_string_member (doc, "_id", id);
          json_object_remove_member (doc, "_rev");
          json_array_add_object_element (docs, doc);
        }
      if (json_array_get_length (docs) == 0)
        break;
      json_object_set_array_member (request, "docs", json_array_ref (docs));
      json_node_set_object (body, request);
      reply = bd_couch_request (couch, "POST", "_bulk_docs", body, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

/* @synced: the store's orders and lines on the server already (a
 * revision each), as when both machines pushed before either pulled: the
 * rows naming each merged customer are then marked to be sent again. */
static void
bench_merge (const char *url,
             guint       n,
             gboolean    synced)
{
  g_autofree char *big = g_build_filename (bench_out_dir (), "bench-1m.sqlite3", NULL);
  g_autofree char *path = g_build_filename (bench_out_dir (), "bench-sync-merge.sqlite3", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (big);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdCouch) couch = admin_couch_of (url, synced ? "bench-merge-synced" : "bench-merge");
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *name = g_strdup_printf ("sync: merging %u customers imported on two machines, 1M-line store%s", n,
                                           synced ? ", its lines pushed" : "");
  g_autofree char *note = NULL;
  double start, ms;
  guint merged;

  if (!g_file_test (big, G_FILE_TEST_EXISTS))
    {
      bench_report_unmet (name, "ms", "<= 2 ms", "the 1M store is missing: the core benchmark makes it, run it first");
      return;
    }
  bench_remove_store (path);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  if (synced)
    {
      g_assert_true (bd_store_exec (store, "UPDATE orders SET rev = '1-pushed', dirty = 0;"
                                           " UPDATE order_lines SET rev = '1-pushed', dirty = 0", &error));
      g_assert_no_error (error);
    }
  reply = bd_couch_request (couch, "PUT", "", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  put_same_customers (couch, store, n);

  sync = bd_sync_new (store, couch, &error);
  g_assert_no_error (error);
  start = bench_now_ms ();
  g_assert_true (bd_sync_pull (sync, NULL, &error));
  g_assert_no_error (error);
  ms = bench_now_ms () - start;
  merged = bd_sync_get_report (sync)->merged;
  g_assert_cmpuint (merged, ==, n);

  note = g_strdup_printf ("the first pull of a copy of the 1M store (%u orders, %u lines): %u customers merged in"
                          " %.0f ms, the server's uuids kept, %u orders and lines naming them to send again",
                          (guint)bd_test_count (store, "SELECT count(*) FROM orders"),
                          (guint)bd_test_count (store, "SELECT count(*) FROM order_lines"), merged, ms,
                          (guint)bd_test_count (store, "SELECT (SELECT count(*) FROM orders WHERE dirty = 1 AND rev IS NOT NULL)"
                                                       " + (SELECT count(*) FROM order_lines WHERE dirty = 1 AND rev IS NOT NULL)"));
  bench_report (name, ms / merged, "ms", BENCH_AT_MOST, 2, note);
  g_clear_pointer (&sync, bd_sync_free);
  g_clear_object (&store);
  bench_remove_store (path);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *self_path = NULL;
  const char *docs = g_getenv ("BD_BENCH_SYNC_DOCS");
  const char *merges = g_getenv ("BD_BENCH_SYNC_MERGES");
  gboolean only_merge = g_strcmp0 (g_getenv ("BD_BENCH_ONLY"), "merge") == 0;
  guint n = docs != NULL ? (guint)g_ascii_strtoull (docs, NULL, 10) : 100000;
  BdCouchServer *server;
  g_autofree char *url = NULL;

  if (argc == 4 && (g_str_equal (argv[1], "--pull") || g_str_equal (argv[1], "--rest")))
    return child_main (g_str_equal (argv[1], "--rest"), argv[2], argv[3]);

  /* the server's helper finds tests/node_modules as the tests do */
  g_test_init (&argc, &argv, NULL);
  g_print ("%-62s %12s %-8s %-16s %s\n", "figure", "measured", "unit", "target", "");
  if (bd_couch_server_skip_unless_available ())
    {
      bench_report_unmet ("sync: pull and push", "x", "<= 1.5 x", "node is not installed");
      return bench_finish ();
    }

  self_path = g_canonicalize_filename (argv[0], NULL);
  dir = g_dir_make_tmp ("bench-sync-XXXXXX", NULL);
  server = bd_couch_server_start (TRUE);
  url = g_strdup (bd_couch_server_get_url (server));
  {
    g_autoptr(BdCouch) couch = admin_couch (url);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) reply = bd_couch_request (couch, "PUT", "", NULL, NULL, NULL, &error);

    g_assert_no_error (error);
  }
  if (!only_merge)
    {
      g_print ("# putting %u documents on the server\n", n);
      {
        g_autoptr(BdCouch) couch = admin_couch (url);

        bench_couch_put_customers (couch, 0, n);
      }

      bench_pull (self_path, url, dir, n, &store_path);
      if (store_path != NULL)
        bench_push (url, dir, store_path);
    }
  /* BD_BENCH_SYNC_MERGES=0: not these rows */
  for (guint synced = 0; synced < 2 && g_strcmp0 (merges, "0") != 0; synced++)
    bench_merge (url, merges != NULL ? (guint)g_ascii_strtoull (merges, NULL, 10) : 2000, synced);

  bd_couch_server_stop (server);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (rm) != 0)
      g_printerr ("# could not remove %s\n", dir);
  }
  return bench_finish ();
}
