/* bench-communication.c: rendering messages, sending them over SMTP and a
 * customer's long timeline (BD_BENCH_ONLY=communication runs only these)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-communication"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bd-compose.h"
#include "bd-demo.h"
#include "bd-mail.h"
#include "bd-smtp.h"
#include "bd-sql-list-model.h"
#include "bd-team-settings.h"
#include "bd-timeline-source.h"
#include "bench-communication.h"
#include "bench-util.h"

#define N_RENDER 10000
#define N_SEND 1000
#define N_TIMELINE 10000

/* A demo store with over 10,000 open lines: the shop's sample data at
 * a larger size, the company named (every default template signs with
 * it). */
static BdStore *
make_store (const char *path)
{
  g_autoptr(BdStore) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 2, 9, 0, 0);
  BdDemoOptions options = { 40000, 1, now };
  BdStore *store;

  bench_remove_store (path);
  writer = bd_store_create (path, &error);
  g_assert_no_error (error);
  if (!bd_demo_generate (writer, &options, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_clear_object (&writer);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  if (!bd_team_settings_set (store, "company_name", "Kestrel Home Goods", NULL, &error))
    g_error ("%s", error->message);
  return store;
}

static GArray *
open_lines (BdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT l.id FROM order_lines l JOIN customers c"
                                                    " ON c.id = l.customer_id WHERE l.backordered_quantity > 0"
                                                    " AND c.email IS NOT NULL AND l.deleted = 0 ORDER BY l.id",
                                             &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

/* 10,000 messages from the delay-update template, each for a line of
 * the store with an expected date (a delay update needs one; the others
 * are left out before the clock starts), in the customer's language:
 * what the compose dialog's preview does for a big batch. */
static GPtrArray *
bench_render (BdStore *store,
              GArray  *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdComposer) composer = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)bd_outgoing_free);
  g_autoptr(GArray) with_eta = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *note = NULL;
  BdChannel by_email = BD_CHANNEL_EMAIL;
  double start;

  composer = bd_composer_new (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(BdOutgoing) message = bd_composer_for_line (composer, "delay_update",
                                                            g_array_index (lines, gint64, i), &by_email, NULL,
                                                            NULL);

      if (message != NULL)
        g_array_append_val (with_eta, g_array_index (lines, gint64, i));
    }
  g_clear_pointer (&composer, bd_composer_free);
  g_assert_cmpuint (with_eta->len, >, 0);

  /* as the compose dialog does: the composer reads the lines ahead */
  start = bench_now_ms ();
  composer = bd_composer_new (store, &error);
  g_assert_no_error (error);
  if (!bd_composer_preload (composer, (const gint64 *)with_eta->data, MIN (with_eta->len, N_RENDER), &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < N_RENDER; i++)
    {
      BdOutgoing *message = bd_composer_for_line (composer, "delay_update",
                                                  g_array_index (with_eta, gint64, i % with_eta->len),
                                                  &by_email, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (messages, message);
    }
  note = g_strdup_printf ("%u messages over %u lines with an expected date", messages->len,
                          MIN (with_eta->len, N_RENDER));
  bench_report ("render 10,000 messages from a template (delay update)", bench_now_ms () - start, "ms",
                BENCH_AT_MOST, 1000, note);

  return g_steal_pointer (&messages);
}

static GSubprocess *
start_server (const char *out,
              guint      *port)
{
  const char *srcdir = g_getenv ("BD_BENCH_SRCDIR");
  g_autofree char *script = g_build_filename (srcdir ? srcdir : ".", "tests", "smtp-server.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "/usr/bin/python3", script, "--out", out, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "READY "));
  *port = (guint)g_ascii_strtoull (line + 6, NULL, 10);
  return server;
}

/* 1,000 of those messages to a loopback SMTP server (tests/smtp-server.py,
 * aiosmtpd) through one session: one connection, every message whole. */
static void
bench_send (GPtrArray *messages)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-smtp-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "received.jsonl", NULL);
  g_autofree char *received = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(BdSmtpSession) session = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_now_utc ();
  BdSmtpSettings settings = { 0, };
  guint port = 0, n_received = 0;
  double start;

  g_assert_cmpuint (messages->len, >=, N_SEND);
  server = start_server (out, &port);
  settings.host = "127.0.0.1";
  settings.port = port;
  settings.security = BD_SMTP_SECURITY_NONE;
  settings.timeout_seconds = 10;

  start = bench_now_ms ();
  session = bd_smtp_session_new (&settings);
  for (guint i = 0; i < N_SEND; i++)
    {
      BdOutgoing *message = g_ptr_array_index (messages, i);
      g_autoptr(BdMail) mail = bd_mail_new ();
      g_autoptr(GError) error = NULL;

      mail->message_id = g_strdup_printf ("bench-%u@backorder-desk.test", i);
      mail->from = g_strdup ("desk@shop.example");
      mail->from_name = g_strdup ("Kestrel Home Goods");
      mail->to = g_strdup (message->recipient);
      mail->to_name = g_strdup (message->recipient_name);
      mail->subject = g_strdup (message->subject);
      mail->body = g_strdup (message->body);
      if (!bd_smtp_session_send (session, mail, date, &error))
        g_error ("message %u: %s", i, error->message);
    }
  note = g_strdup_printf ("%u connection(s)", bd_smtp_session_get_n_connections (session));
  g_clear_pointer (&session, bd_smtp_session_free);
  {
    double elapsed = bench_now_ms () - start;

    g_assert_true (g_file_get_contents (out, &received, NULL, NULL));
    for (const char *p = received; *p; p++)
      if (*p == '\n')
        n_received++;
    g_clear_pointer (&note, g_free);
    note = g_strdup_printf ("one session; the server got %u", n_received);
    if (n_received != N_SEND)
      bench_report_unmet ("send 1,000 messages over SMTP to a loopback server, one connection", "s", "<= 10",
                          note);
    else
      bench_report ("send 1,000 messages over SMTP to a loopback server, one connection", elapsed / 1000, "s",
                    BENCH_AT_MOST, 10, note);
  }

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_unlink (out);
  g_rmdir (dir);
}

static void
first_rows_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gboolean   *shown)
{
  if (g_list_model_get_n_items (model) > 0)
    *shown = TRUE;
}

/* A customer with 10,000 entries in their timeline: from asking for it to
 * the first rows in the list model, which a GtkListView shows as they
 * come (the customer page's list), median of 9. */
static void
bench_timeline (BdStore *store,
                GArray  *lines)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *note = NULL;
  g_autoptr(BdRowSource) source = bd_timeline_source_new ();
  gint64 line_id = g_array_index (lines, gint64, 0);
  BdTimelineQuery query = { 0, 0 };
  g_autoptr(BdStmt) stmt = NULL;
  guint n_items = 0;

  stmt = bd_store_prepare (store, "SELECT customer_id FROM order_lines WHERE id = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, line_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  query.customer_id = sqlite3_column_int64 (stmt, 0);

  /* notes' events on one of their lines, as years of an agent's work */
  sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
                         " INSERT INTO events (batch, author, action, entity, entity_uuid, line_id, field,"
                         " new_value, uuid, created_at, updated_at)"
                         " SELECT 'bench-' || i, 'Bench', 'note', 'notes', 'n' || i, %" G_GINT64_FORMAT ", 'body',"
                         " 'Called the customer, number ' || i, 'bench-timeline-' || i,"
                         " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2020-01-01', '+' || i || ' hours'),"
                         " '2020-01-01T00:00:00Z' FROM n", N_TIMELINE, line_id);
  if (!bd_store_exec (store, sql, &error))
    g_error ("%s", error->message);

  for (guint run = 0; run < 9; run++)
    {
      g_autoptr(BdSqlListModel) model = bd_sql_list_model_new (store, source, NULL);
      gboolean shown = FALSE;
      double start, elapsed;

      g_signal_connect (model, "items-changed", G_CALLBACK (first_rows_cb), &shown);
      start = bench_now_ms ();
      bd_sql_list_model_set_query (model, &query);
      while (!shown)
        g_main_context_iteration (NULL, TRUE);
      /* a screen's worth built, as the list view asks for them */
      for (guint i = 0; i < 30; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
      elapsed = bench_now_ms () - start;
      g_array_append_val (samples, elapsed);

      while (bd_sql_list_model_get_loading (model))
        g_main_context_iteration (NULL, TRUE);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
    }

  note = g_strdup_printf ("%u entries in all", n_items);
  bench_report ("a customer's timeline of 10,000 entries: to its first rows (median)", bench_median (samples),
                "ms", BENCH_AT_MOST, 50, note);
}

void
bench_communication (void)
{
  g_autofree char *path = g_build_filename (bench_out_dir (), "bench-communication.sqlite3", NULL);
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_print ("# making the communication store (sample data, 40,000 orders)\n");
  store = make_store (path);
  lines = open_lines (store);
  g_print ("# %u open lines with an email address\n", lines->len);

  messages = bench_render (store, lines);
  bench_send (messages);
  bench_timeline (store, lines);

  g_clear_object (&store);
  bench_remove_store (path);
}
