/* test-timeline.c: the events of a line or a customer through
 * BdSqlListModel, the second row source after the queue's
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-timeline"

#include "config.h"

#include "bd-actions.h"
#include "bd-customers.h"
#include "bd-event.h"
#include "bd-messages.h"
#include "bd-notes.h"
#include "bd-sql-list-model.h"
#include "bd-test-util.h"
#include "bd-timeline-source.h"

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,product_name,quantity,backordered_quantity\n"
  "SO-1,2026-01-05,C-1,Ada Lovelace,MUG-RED,Enamel Mug Red,2,2\n"
  "SO-2,2026-01-01,C-2,Grace Hopper,PAN-12,Cast Iron Skillet,1,1\n"
  "SO-3,2026-01-03,C-1,Ada Lovelace,LAMP,Table Lamp,3,1\n";

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  char *dir;
  BdStore *store;
  BdSqlListModel *model;
  GArray *changes;
  gint64 line;          /* SO-1/MUG-RED */
  gint64 other_line;    /* SO-2/PAN-12, another customer's */
  gint64 same_customer; /* SO-3/LAMP, Ada's too */
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  /* what the model says it has agrees with what it announced */
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, position + added);
  g_array_append_val (fixture->changes, change);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the model did not finish its query in time");
  return G_SOURCE_REMOVE;
}

static void
wait_loaded (BdSqlListModel *model)
{
  guint timeout = g_timeout_add_seconds (60, timeout_cb, NULL);

  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

static void
set_clock (BdStore    *store,
           const char *iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (now);
  bd_store_set_fixed_clock (store, now);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BdRowSource) source = bd_timeline_source_new ();
  g_autoptr(GError) error = NULL;
  BdTimelineQuery query = { 0, };

  fixture->store = bd_test_store_new (&fixture->dir);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG-RED", &fixture->line, NULL));
  g_assert_true (bd_actions_find_line (fixture->store, "SO-2/PAN-12", &fixture->other_line, NULL));
  g_assert_true (bd_actions_find_line (fixture->store, "SO-3/LAMP", &fixture->same_customer, NULL));
  set_clock (fixture->store, "2026-02-01T10:00:00Z");

  query.line_id = fixture->line;
  fixture->model = bd_sql_list_model_new (fixture->store, source, &query);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  bd_sql_list_model_refresh (fixture->model);
  wait_loaded (fixture->model);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->model);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->changes, g_array_unref);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* The timeline as "action:field=new action:field=new ...". */
static char *
entries (BdSqlListModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(BdEvent) event = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (bd_event_get_id (event), ==, bd_sql_list_model_get_id (model, i));
      g_string_append_printf (out, "%s%s:%s=%s", i ? " " : "", bd_event_get_action (event),
                              bd_event_get_field (event) ? bd_event_get_field (event) : "",
                              bd_event_get_new_value (event) ? bd_event_get_new_value (event) : "");
    }

  return g_string_free (out, FALSE);
}

static void
assert_changes (Fixture      *fixture,
                const Change *expected,
                guint         n_expected)
{
  g_assert_cmpuint (fixture->changes->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      Change *change = &g_array_index (fixture->changes, Change, i);

      g_assert_cmpuint (change->position, ==, expected[i].position);
      g_assert_cmpuint (change->removed, ==, expected[i].removed);
      g_assert_cmpuint (change->added, ==, expected[i].added);
    }
  g_array_set_size (fixture->changes, 0);
}

/* Each write to the line appends its events at the end, in one change;
 * entries already there keep their objects; writes to other lines change
 * nothing. */
static void
test_timeline_line (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdEvent) note = NULL;
  g_autofree char *got = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->model)) == BD_TYPE_EVENT);
  /* an import writes no event per created line */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 0);
  g_array_set_size (fixture->changes, 0);

  g_assert_true (bd_notes_add (fixture->store, fixture->line, "Called the supplier", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_sql_list_model_get_loading (fixture->model));
  wait_loaded (fixture->model);
  assert_changes (fixture, (Change[]) { { 0, 0, 1 } }, 1);

  note = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_cmpstr (bd_event_get_action (note), ==, "note");
  g_assert_cmpstr (bd_event_get_new_value (note), ==, "Called the supplier");
  g_assert_cmpstr (bd_event_get_at (note), ==, "2026-02-01T10:00:00Z");
  g_assert_cmpstr (bd_event_get_author (note), ==, bd_store_get_author (fixture->store));
  g_assert_null (bd_event_get_old_value (note));

  /* a change of priority: one event, at the end */
  g_assert_true (bd_actions_set_priority (fixture->store, &fixture->line, 1, 2, NULL, &error));
  wait_loaded (fixture->model);
  assert_changes (fixture, (Change[]) { { 1, 0, 1 } }, 1);

  /* another line's note: the model runs again, and nothing changes */
  g_assert_true (bd_notes_add (fixture->store, fixture->other_line, "Not this one", NULL, &error));
  wait_loaded (fixture->model);
  assert_changes (fixture, NULL, 0);

  /* a cancel writes several events in one action: one change for all */
  g_assert_true (bd_actions_set_status (fixture->store, &fixture->line, 1, "cancelled", "Out of range",
                                        TRUE, &batch, &error));
  g_assert_no_error (error);
  wait_loaded (fixture->model);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE batch = '%s'", batch);
    gint64 n = bd_test_count (fixture->store, sql);

    g_assert_cmpint (n, ==, 4);    /* status, cancelled_at, cancel_reason, refunded */
    assert_changes (fixture, (Change[]) { { 2, 0, n } }, 1);
  }

  /* undo appends too: the log keeps what happened */
  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  wait_loaded (fixture->model);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (fixture->changes, Change, 0).removed, ==, 0);

  /* the first entry is still the same object */
  {
    g_autoptr(BdEvent) again = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
    g_assert_true (again == note);
  }

  got = entries (fixture->model);
  g_test_message ("%s", got);
  g_assert_true (g_str_has_prefix (got, "note:=Called the supplier priority:priority=2 status:status=cancelled "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==,
                    bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE line_id = (SELECT id FROM"
                                                   " order_lines WHERE product_id = (SELECT id FROM products"
                                                   " WHERE sku = 'MUG-RED'))"));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->model),
                                        g_list_model_get_n_items (G_LIST_MODEL (fixture->model))));
}

/* Entries go by time, not by when they were written: an event dated
 * before the others (sync brings such) is inserted at its place. */
static void
test_timeline_order (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_notes_add (fixture->store, fixture->line, "second", NULL, &error));
  set_clock (fixture->store, "2026-02-01T11:00:00Z");
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "third", NULL, &error));
  wait_loaded (fixture->model);
  g_array_set_size (fixture->changes, 0);

  set_clock (fixture->store, "2026-01-31T09:00:00Z");
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "first", NULL, &error));
  g_assert_no_error (error);
  wait_loaded (fixture->model);
  assert_changes (fixture, (Change[]) { { 0, 0, 1 } }, 1);

  /* one time for two events: in the order they were written */
  set_clock (fixture->store, "2026-02-01T10:00:00Z");
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "second again", NULL, &error));
  wait_loaded (fixture->model);
  assert_changes (fixture, (Change[]) { { 2, 0, 1 } }, 1);

  {
    g_autofree char *got = entries (fixture->model);
    g_assert_cmpstr (got, ==, "note:=first note:=second note:=second again note:=third");
  }
}

/* A customer's timeline holds the events of all their lines, by time;
 * another query of the same model moves to another line. */
static void
test_timeline_customer (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BdTimelineQuery query = { 0, };
  g_autofree char *customer_id = NULL;

  g_assert_true (bd_notes_add (fixture->store, fixture->line, "mug", NULL, &error));
  set_clock (fixture->store, "2026-02-02T10:00:00Z");
  g_assert_true (bd_notes_add (fixture->store, fixture->other_line, "pan", NULL, &error));
  set_clock (fixture->store, "2026-02-03T10:00:00Z");
  g_assert_true (bd_notes_add (fixture->store, fixture->same_customer, "lamp", NULL, &error));
  g_assert_no_error (error);
  wait_loaded (fixture->model);

  customer_id = bd_test_text (fixture->store, "SELECT id FROM customers WHERE ref = 'C-1'");
  query.customer_id = g_ascii_strtoll (customer_id, NULL, 10);
  g_array_set_size (fixture->changes, 0);
  bd_sql_list_model_set_query (fixture->model, &query);
  wait_loaded (fixture->model);
  {
    g_autofree char *got = entries (fixture->model);
    g_assert_cmpstr (got, ==, "note:=mug note:=lamp");
  }
  /* "mug" stays at the start: one insertion after it */
  assert_changes (fixture, (Change[]) { { 1, 0, 1 } }, 1);

  /* the same query again runs nothing */
  bd_sql_list_model_set_query (fixture->model, &query);
  g_assert_false (bd_sql_list_model_get_loading (fixture->model));

  query.customer_id = 0;
  query.line_id = fixture->other_line;
  bd_sql_list_model_set_query (fixture->model, &query);
  wait_loaded (fixture->model);
  {
    g_autofree char *got = entries (fixture->model);
    g_assert_cmpstr (got, ==, "note:=pan");
  }
  g_assert_null (bd_sql_list_model_get_error (fixture->model));
}

/* A customer's timeline also tells what the desk changed of the customer
 * (contact details, consent) and what they said about no one line, in
 * time with their lines' events; each entry knows its line, none for the
 * customer's own. */
static void
test_timeline_customer_contact (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) labels = NULL;
  BdTimelineQuery query = { 0, };
  g_autofree char *customer_id = NULL;
  g_autofree char *other_id = NULL;
  gint64 id;

  customer_id = bd_test_text (fixture->store, "SELECT id FROM customers WHERE ref = 'C-1'");
  id = g_ascii_strtoll (customer_id, NULL, 10);
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "mug", NULL, &error));
  set_clock (fixture->store, "2026-02-02T10:00:00Z");
  g_assert_true (bd_customers_set_contact (fixture->store, id, "ada@new.example", NULL, "fr", &error));
  set_clock (fixture->store, "2026-02-03T10:00:00Z");
  g_assert_true (bd_customers_set_sms_consent (fixture->store, id, TRUE, &error));
  set_clock (fixture->store, "2026-02-04T10:00:00Z");
  g_assert_true (bd_notes_add (fixture->store, fixture->same_customer, "lamp", NULL, &error));
  /* a call about all she waits for, on no one line */
  set_clock (fixture->store, "2026-02-05T10:00:00Z");
  g_assert_true (bd_messages_log_incoming (fixture->store, BD_CHANNEL_CALL, id, 0, "Any news?", NULL, &error));
  /* another customer's edit is not in Ada's timeline */
  other_id = bd_test_text (fixture->store, "SELECT id FROM customers WHERE ref <> 'C-1' ORDER BY id LIMIT 1");
  g_assert_true (bd_customers_set_contact (fixture->store, g_ascii_strtoll (other_id, NULL, 10),
                                           "bob@new.example", NULL, NULL, &error));
  g_assert_no_error (error);

  query.customer_id = id;
  bd_sql_list_model_set_query (fixture->model, &query);
  wait_loaded (fixture->model);
  {
    g_autofree char *got = entries (fixture->model);
    g_assert_cmpstr (got, ==, "note:=mug edit:email=ada@new.example edit:language=fr edit:sms_consent=1 note:=lamp"
                              " message:status=received");
  }

  /* the lines and the customer's own entries apart */
  labels = bd_customers_line_labels (fixture->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->model)); i++)
    {
      g_autoptr(BdEvent) event = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      gint64 line_id = bd_event_get_line_id (event);

      if (g_str_equal (bd_event_get_action (event), "message"))
        g_assert_cmpint (line_id, ==, 0);
      else if (g_str_equal (bd_event_get_action (event), "edit"))
        {
          g_assert_cmpint (line_id, ==, 0);
          g_assert_cmpstr (bd_event_get_entity (event), ==, "customer");
        }
      else
        g_assert_cmpint (line_id, ==, i == 0 ? fixture->line : fixture->same_customer);
    }
  g_assert_cmpstr (g_hash_table_lookup (labels, &fixture->line), ==, "SO-1 · MUG-RED");
  g_assert_cmpstr (g_hash_table_lookup (labels, &fixture->same_customer), ==, "SO-3 · LAMP");
  g_assert_null (g_hash_table_lookup (labels, &fixture->other_line));
}

#ifdef __linux__
/* A row source that says on which priority its queries ran: the
 * timeline's, and the nice value of the thread of each query. */
#define TEST_TYPE_NICE_SOURCE (test_nice_source_get_type ())
G_DECLARE_FINAL_TYPE (TestNiceSource, test_nice_source, TEST, NICE_SOURCE, GObject)

struct _TestNiceSource
{
  GObject parent_instance;
  BdRowSource *timeline;
  GAsyncQueue *nices;   /* int + 100 a query, from its thread */
  GMutex lock;
  GCond cond;
  gboolean hold;        /* queries that give way wait until it is FALSE */
  int main_nice;
};

static void nice_source_iface_init (BdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNiceSource, test_nice_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_ROW_SOURCE, nice_source_iface_init))

static GType
nice_source_get_item_type (BdRowSource *source)
{
  return bd_row_source_get_item_type (TEST_NICE_SOURCE (source)->timeline);
}

static gpointer
nice_source_copy_query (BdRowSource   *source,
                        gconstpointer  query)
{
  return bd_row_source_copy_query (TEST_NICE_SOURCE (source)->timeline, query);
}

static void
nice_source_free_query (BdRowSource *source,
                        gpointer     query)
{
  bd_row_source_free_query (TEST_NICE_SOURCE (source)->timeline, query);
}

static gboolean
nice_source_equal_query (BdRowSource   *source,
                         gconstpointer  a,
                         gconstpointer  b)
{
  return bd_row_source_equal_query (TEST_NICE_SOURCE (source)->timeline, a, b);
}

static GArray *
nice_source_run_ids (BdRowSource     *source,
                     BdStore         *store,
                     gconstpointer    query,
                     guint            n_first,
                     BdFirstIdsFunc   first_ids,
                     gpointer         user_data,
                     GCancellable    *cancellable,
                     GError         **error)
{
  TestNiceSource *self = TEST_NICE_SOURCE (source);
  int nice = bd_test_thread_nice ();

  g_async_queue_push (self->nices, GINT_TO_POINTER (nice + 100));
  g_mutex_lock (&self->lock);
  while (self->hold && nice > self->main_nice)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  return bd_row_source_run_ids (self->timeline, store, query, n_first, first_ids, user_data, cancellable,
                                error);
}

static gboolean
nice_source_load_many (BdRowSource   *source,
                       BdStore       *store,
                       const gint64  *ids,
                       guint          n_ids,
                       GHashTable    *rows,
                       GError       **error)
{
  return bd_row_source_load_many (TEST_NICE_SOURCE (source)->timeline, store, ids, n_ids, rows,
                                  error);
}

static gint64
nice_source_get_id (BdRowSource *source,
                    gpointer     item)
{
  return bd_row_source_get_id (TEST_NICE_SOURCE (source)->timeline, item);
}

static void
nice_source_iface_init (BdRowSourceInterface *iface)
{
  iface->get_item_type = nice_source_get_item_type;
  iface->copy_query = nice_source_copy_query;
  iface->free_query = nice_source_free_query;
  iface->equal_query = nice_source_equal_query;
  iface->run_ids = nice_source_run_ids;
  iface->load_many = nice_source_load_many;
  iface->get_id = nice_source_get_id;
}

static void
test_nice_source_dispose (GObject *object)
{
  TestNiceSource *self = TEST_NICE_SOURCE (object);

  g_clear_object (&self->timeline);
  G_OBJECT_CLASS (test_nice_source_parent_class)->dispose (object);
}

static void
test_nice_source_finalize (GObject *object)
{
  TestNiceSource *self = TEST_NICE_SOURCE (object);

  g_async_queue_unref (self->nices);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (test_nice_source_parent_class)->finalize (object);
}

static void
test_nice_source_class_init (TestNiceSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_nice_source_dispose;
  G_OBJECT_CLASS (klass)->finalize = test_nice_source_finalize;
}

static void
test_nice_source_init (TestNiceSource *self)
{
  self->timeline = bd_timeline_source_new ();
  self->nices = g_async_queue_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->main_nice = bd_test_thread_nice ();
}

static void
nice_source_hold (TestNiceSource *self,
                  gboolean        hold)
{
  g_mutex_lock (&self->lock);
  self->hold = hold;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* The nice value of the thread of the next query the model runs. */
static int
next_query_nice (TestNiceSource *source,
                 BdSqlListModel *model)
{
  wait_loaded (model);
  return GPOINTER_TO_INT (g_async_queue_try_pop (source->nices)) - 100;
}

/* A list shown and read again after a write is not what the user waits
 * for: its query runs on a thread that gives way to the main thread
 * (bd_task_run_in_background()), so that a sync's writes cost the frames
 * being painted no processor. A new query, or the first, runs at the
 * window's priority. */
static void
test_timeline_refresh_gives_way (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TestNiceSource) source = g_object_new (TEST_TYPE_NICE_SOURCE, NULL);
  g_autoptr(BdSqlListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  int main_nice = bd_test_thread_nice ();
  BdTimelineQuery query = { 0, };
  int held;

  if (main_nice >= 19)
    {
      g_test_skip ("the tests run at the lowest priority already");
      return;
    }

  query.line_id = fixture->line;
  model = bd_sql_list_model_new (fixture->store, BD_ROW_SOURCE (source), &query);
  bd_sql_list_model_refresh (model);
  g_assert_cmpint (next_query_nice (source, model), ==, main_nice);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* a write: read again in the background, and the note is there */
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "Called the supplier", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_query_nice (source, model), ==, MIN (main_nice + 10, 19));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* another line: what the user asked for, at the window's priority */
  query.line_id = fixture->other_line;
  bd_sql_list_model_set_query (model, &query);
  g_assert_cmpint (next_query_nice (source, model), ==, main_nice);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpint (bd_test_thread_nice (), ==, main_nice);

  /* A refresh that gave way and is still running (held here, as on a
   * machine too busy to give it a processor) is overtaken by the next
   * write's at the window's priority: the list catches up all the same */
  query.line_id = fixture->line;
  bd_sql_list_model_set_query (model, &query);
  g_assert_cmpint (next_query_nice (source, model), ==, main_nice);
  nice_source_hold (source, TRUE);
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "Asked again", NULL, &error));
  g_assert_no_error (error);
  held = GPOINTER_TO_INT (g_async_queue_timeout_pop (source->nices, 30 * G_USEC_PER_SEC)) - 100;
  g_assert_cmpint (held, ==, MIN (main_nice + 10, 19));
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "And again", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_query_nice (source, model), ==, main_nice);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* the held one ends and changes nothing; the next refresh gives way again */
  nice_source_hold (source, FALSE);
  g_assert_true (bd_notes_add (fixture->store, fixture->line, "Last", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_query_nice (source, model), ==, MIN (main_nice + 10, 19));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/timeline/line", test_timeline_line);
  ADD ("/timeline/order", test_timeline_order);
  ADD ("/timeline/customer", test_timeline_customer);
  ADD ("/timeline/customer-contact", test_timeline_customer_contact);
#ifdef __linux__
  ADD ("/timeline/refresh-gives-way", test_timeline_refresh_gives_way);
#endif

  return g_test_run ();
}
