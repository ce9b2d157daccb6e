/* test-writer.c: changes written in order, off the main loop, waiting out a
 * locked store
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-writer"

#include "config.h"

#include "bd-actions.h"
#include "bd-team-settings.h"
#include "bd-test-util.h"
#include "bd-writer.h"

typedef struct
{
  char *dir;
  BdStore *store;
  BdWriter *writer;
  GPtrArray *done;     /* "batch" or "error: message", in the order they came */
  GPtrArray *tables;   /* the tables each write changed, sorted, joined by spaces */
  gint64 line;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = bd_test_store_new (&fixture->dir);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity\n"
                                      "SO-1,2026-03-01,C-1,MUG,2,1\n",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG", &fixture->line, &error));
  fixture->writer = bd_writer_new (bd_store_get_path (fixture->store));
  fixture->done = g_ptr_array_new_with_free_func (g_free);
  fixture->tables = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->writer);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->done);
  g_ptr_array_unref (fixture->tables);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = bd_writer_write_finish (BD_WRITER (object), result, &error);
  g_auto(GStrv) tables = g_strdupv ((char **)bd_writer_write_get_tables (BD_WRITER (object), result));

  qsort (tables, g_strv_length (tables), sizeof (char *), compare_names);
  g_ptr_array_add (fixture->tables, g_strjoinv (" ", tables));
  if (batch != NULL)
    g_ptr_array_add (fixture->done, g_steal_pointer (&batch));
  else
    g_ptr_array_add (fixture->done, g_strconcat ("error: ", error->message, NULL));
}

static void
write_request (Fixture        *fixture,
               BdWriteRequest *request)
{
  bd_writer_write_async (fixture->writer, request, write_done_cb, fixture);
}

static BdWriteRequest *
priority_request (Fixture *fixture,
                  int      priority)
{
  BdWriteRequest *request = bd_write_request_new (BD_WRITE_SET_PRIORITY, &fixture->line, 1);

  request->priority = priority;
  return request;
}

static void
wait_done (Fixture *fixture,
           guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (fixture->done->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Requests are written in the order they came, each with its batch. */
static void
test_writer_order (Fixture       *fixture,
                   gconstpointer  data)
{
  BdWriteRequest *note = bd_write_request_new (BD_WRITE_ADD_NOTE, &fixture->line, 1);
  BdWriteRequest *reopen = bd_write_request_new (BD_WRITE_SET_STATUS, &fixture->line, 1);
  g_autofree char *sql = NULL;

  note->text = g_strdup ("Called the customer");
  reopen->status = g_strdup ("waiting");   /* refused: the line is not cancelled */

  write_request (fixture, priority_request (fixture, 1));
  write_request (fixture, note);
  write_request (fixture, priority_request (fixture, 2));
  write_request (fixture, reopen);
  g_assert_true (bd_writer_get_busy (fixture->writer));
  wait_done (fixture, 4);
  g_assert_false (bd_writer_get_busy (fixture->writer));

  for (guint i = 0; i < 3; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (fixture->done, i), "error: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->done, 3), "error: "));

  /* the last priority written is the last asked for, and the events are in
   * the order of the requests */
  sql = g_strdup_printf ("SELECT priority FROM order_lines WHERE id = %" G_GINT64_FORMAT, fixture->line);
  g_assert_cmpint (bd_test_count (fixture->store, sql), ==, 2);
  for (guint i = 0; i + 1 < 3; i++)
    {
      g_autofree char *first = g_strdup_printf ("SELECT min(id) FROM events WHERE batch = '%s'",
                                                (const char *)g_ptr_array_index (fixture->done, i));
      g_autofree char *next = g_strdup_printf ("SELECT min(id) FROM events WHERE batch = '%s'",
                                               (const char *)g_ptr_array_index (fixture->done, i + 1));

      g_assert_cmpint (bd_test_count (fixture->store, first), <, bd_test_count (fixture->store, next));
    }
}

static gboolean
release_cb (gpointer data)
{
  BdStore *blocker = data;

  bd_store_rollback (blocker);
  return G_SOURCE_REMOVE;
}

/* A write that meets the store locked by another program (an import) waits
 * for as long as that takes, past SQLite's 5 s busy timeout that used to
 * end in an error dialog, says that it waits, and then writes. */
static void
test_writer_waits_for_lock (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BdStore) blocker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gboolean saw_waiting = FALSE;
  gint64 start;

  blocker = bd_store_open (bd_store_get_path (fixture->store), &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_begin (blocker, &error));

  start = g_get_monotonic_time ();
  g_timeout_add (6500, release_cb, blocker);
  write_request (fixture, priority_request (fixture, 2));
  write_request (fixture, priority_request (fixture, 1));

  while (fixture->done->len < 2)
    {
      g_main_context_iteration (NULL, TRUE);
      saw_waiting |= bd_writer_get_waiting (fixture->writer);
    }

  g_assert_true (saw_waiting);
  g_assert_false (bd_writer_get_waiting (fixture->writer));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 6 * G_USEC_PER_SEC);
  for (guint i = 0; i < 2; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (fixture->done, i), "error: "));

  sql = g_strdup_printf ("SELECT priority FROM order_lines WHERE id = %" G_GINT64_FORMAT, fixture->line);
  g_assert_cmpint (bd_test_count (fixture->store, sql), ==, 1);
}

/* Each write tells which tables it changed, for the lists of the caller's
 * own connection; a refused one changed none. */
static void
test_writer_tables (Fixture       *fixture,
                    gconstpointer  data)
{
  BdWriteRequest *reopen = bd_write_request_new (BD_WRITE_SET_STATUS, &fixture->line, 1);

  reopen->status = g_strdup ("waiting");   /* refused: the line is not cancelled */
  write_request (fixture, priority_request (fixture, 2));
  write_request (fixture, reopen);
  wait_done (fixture, 2);

  g_assert_cmpstr (g_ptr_array_index (fixture->tables, 0), ==, "complaints events notes order_lines");
  g_assert_cmpstr (g_ptr_array_index (fixture->tables, 1), ==, "");
}

static BdWriteRequest *
setting_request (const char *key,
                 const char *value)
{
  BdWriteRequest *request = bd_write_request_new (BD_WRITE_SET_TEAM_SETTING, NULL, 0);

  request->key = g_strdup (key);
  request->value = g_strdup (value);
  return request;
}

/* The Preferences window writes team settings through the writer too: in
 * order, and a value the setting does not take comes back as an error. */
static void
test_writer_team_setting (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *value = NULL;

  write_request (fixture, setting_request ("chase_days", "4"));
  write_request (fixture, setting_request ("chase_days", "four"));
  write_request (fixture, setting_request ("company_name", "Acme"));
  wait_done (fixture, 3);

  g_assert_false (g_str_has_prefix (g_ptr_array_index (fixture->done, 0), "error: "));
  g_assert_cmpstr (g_ptr_array_index (fixture->done, 1), ==,
                   "error: The days before chasing (chase_days) expects a whole number from 0 to 365, found “four”");
  g_assert_false (g_str_has_prefix (g_ptr_array_index (fixture->done, 2), "error: "));

  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "chase_days"), ==, 4);
  value = bd_team_settings_get (fixture->store, "company_name", NULL);
  g_assert_cmpstr (value, ==, "Acme");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/writer/order", Fixture, NULL, fixture_set_up, test_writer_order, fixture_tear_down);
  g_test_add ("/writer/tables", Fixture, NULL, fixture_set_up, test_writer_tables, fixture_tear_down);
  g_test_add ("/writer/team-setting", Fixture, NULL, fixture_set_up, test_writer_team_setting,
              fixture_tear_down);
  g_test_add ("/writer/waits-for-lock", Fixture, NULL, fixture_set_up, test_writer_waits_for_lock,
              fixture_tear_down);

  return g_test_run ();
}
