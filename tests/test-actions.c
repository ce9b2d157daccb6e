/* test-actions.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-actions"

#include "config.h"

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-history.h"
#include "bd-notes.h"
#include "bd-test-util.h"

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,promised_at,shipped_at\n"
  "SO-1,2026-03-01,C-1,Ada,MUG,2,2,2026-03-20,\n"
  "SO-1,2026-03-01,C-1,Ada,PAN,1,1,,\n"
  "SO-2,2026-03-02,C-2,Grace,MUG,1,1,,\n"
  "SO-3,2026-03-03,C-3,Jean,LAMP,1,1,,2026-03-10\n"
  "SO-4,2026-03-04,C-3,Jean,LAMP,1,0,,\n"
  "SO/5,2026-03-04,C-3,Jean,A/B,1,1,,\n";

static const BdTestCsv imports[] = {
  { BD_IMPORT_ORDERS, orders_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

static gint64
find (Fixture    *fixture,
      const char *ref)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (bd_actions_find_line (fixture->store, ref, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
line_state (Fixture *fixture,
            gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status || '|' || priority || '|' || coalesce(cancel_reason, '-')"
                                          " || '|' || refunded || '|' || (shipped_at IS NOT NULL)"
                                          " || '|' || (cancelled_at IS NOT NULL)"
                                          " FROM order_lines WHERE id = %" G_GINT64_FORMAT, id);
  return bd_test_text (fixture->store, sql);
}

static void
test_find_line (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdBackorder) line = NULL;
  gint64 id = find (fixture, "SO-1/PAN");
  gint64 by_uuid = 0;

  line = bd_backorder_load (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_backorder_get_ref (line), ==, "SO-1/PAN");
  g_assert_true (bd_actions_find_line (fixture->store, bd_backorder_get_uuid (line), &by_uuid, NULL));
  g_assert_cmpint (by_uuid, ==, id);

  /* slashes inside the order reference and the SKU */
  g_assert_cmpint (find (fixture, "SO/5/A/B"), >, 0);

  g_assert_false (bd_actions_find_line (fixture->store, "SO-9/MUG", &id, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "SO-9/MUG"));
}

/* Order “A” with SKU “B/C” and order “A/B” with SKU “C” are both “A/B/C”:
 * the REF is refused with both uuids, and each uuid still finds its line. */
static void
test_find_line_ambiguous (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *order_ref = NULL;
  g_autofree char *uuid_a = NULL;
  g_autofree char *uuid_ab = NULL;
  gint64 id = -1;

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity\n"
                                      "A,2026-03-01,C-1,B/C,1,1\n"
                                      "A/B,2026-03-01,C-1,C,1,1\n",
                                      NULL, &error));
  g_assert_no_error (error);
  uuid_a = bd_test_text (fixture->store,
                         "SELECT l.uuid FROM order_lines l JOIN orders o ON o.id = l.order_id"
                         " WHERE o.ref = 'A'");
  uuid_ab = bd_test_text (fixture->store,
                          "SELECT l.uuid FROM order_lines l JOIN orders o ON o.id = l.order_id"
                          " WHERE o.ref = 'A/B'");

  g_assert_false (bd_actions_find_line (fixture->store, "A/B/C", &id, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_AMBIGUOUS);
  g_assert_cmpint (id, ==, -1);
  g_assert_nonnull (strstr (error->message, "A/B/C"));
  g_assert_nonnull (strstr (error->message, uuid_a));
  g_assert_nonnull (strstr (error->message, uuid_ab));
  g_clear_error (&error);

  /* each uuid finds its own line */
  sql = g_strdup_printf ("SELECT o.ref FROM order_lines l JOIN orders o ON o.id = l.order_id"
                         " WHERE l.id = %" G_GINT64_FORMAT, find (fixture, uuid_a));
  order_ref = bd_test_text (fixture->store, sql);
  g_assert_cmpstr (order_ref, ==, "A");
}

static void
test_cancel_and_reopen (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *state = NULL;
  gint64 id = find (fixture, "SO-1/MUG");
  gint64 events_before = bd_test_count (fixture->store, "SELECT count(*) FROM events");

  g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "cancelled", "  customer asked  ",
                                        TRUE, &batch, &error));
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpuint (fixture->changed, ==, 1);

  state = line_state (fixture, id);
  g_assert_cmpstr (state, ==, "cancelled|0|customer asked|1|0|1");

  /* status, cancelled_at, reason and refunded, each an event of the batch */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events"), ==, events_before + 4);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE field = 'status'"
                                                  " AND old_value = 'waiting' AND new_value = 'cancelled'"
                                                  " AND author = 'Tester'"), ==, 1);

  /* a cancelled line cannot be shipped by hand, but it can be reopened */
  g_assert_false (bd_actions_set_status (fixture->store, &id, 1, "shipped", NULL, FALSE, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already cancelled"));
  g_clear_error (&error);

  g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "waiting", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = line_state (fixture, id);
  /* the refund stays on record: reopening used to write "Refunded: yes → no" */
  g_assert_cmpstr (state, ==, "waiting|0|-|1|0|0");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE field = 'refunded'"
                                                  " AND new_value = '0'"), ==, 0);

  /* the history has one entry per action, with what each changed */
  {
    g_autoptr(GPtrArray) history = bd_history_list (fixture->store, id, &error);
    BdHistoryEntry *cancel, *reopen;

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 3);   /* created, cancelled, reopened */
    cancel = g_ptr_array_index (history, 1);
    reopen = g_ptr_array_index (history, 2);
    g_assert_cmpuint (cancel->changes->len, ==, 4);
    g_assert_cmpstr (bd_history_entry_find (cancel, "status")->new_value, ==, "cancelled");
    g_assert_cmpstr (bd_history_entry_find (cancel, "cancel_reason")->new_value, ==, "customer asked");
    g_assert_cmpstr (bd_history_entry_find (cancel, "refunded")->new_value, ==, "1");
    g_assert_cmpstr (bd_history_entry_find (reopen, "status")->new_value, ==, "waiting");
    g_assert_cmpstr (bd_history_entry_find (reopen, "cancel_reason")->old_value, ==, "customer asked");
    g_assert_null (bd_history_entry_find (reopen, "refunded"));
  }
}

static void
test_refused_transitions (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 shipped = find (fixture, "SO-3/LAMP");
  gint64 not_backorder = find (fixture, "SO-4/LAMP");
  gint64 open = find (fixture, "SO-2/MUG");
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;

  g_assert_false (bd_actions_set_status (fixture->store, &open, 1, "cancelled", "  ", FALSE, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);

  g_assert_false (bd_actions_set_status (fixture->store, &open, 1, "on_order", NULL, FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "purchasing"));
  g_clear_error (&error);

  g_assert_false (bd_actions_set_status (fixture->store, &open, 1, "waiting", NULL, FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "only a cancelled line"));
  g_clear_error (&error);

  g_assert_false (bd_actions_set_status (fixture->store, &shipped, 1, "cancelled", "late", FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "SO-3/LAMP: it is already shipped"));
  g_clear_error (&error);

  g_assert_false (bd_actions_set_status (fixture->store, &not_backorder, 1, "shipped", NULL, FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "not a backorder line"));
  g_clear_error (&error);

  g_assert_false (bd_actions_set_status (fixture->store, &open, 1, "lost", NULL, FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "not a status"));

  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (fixture->changed, ==, 0);
}

static void
test_bulk_all_or_nothing (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  gint64 ids[] = { find (fixture, "SO-1/MUG"), find (fixture, "SO-3/LAMP"), find (fixture, "SO-2/MUG") };

  g_assert_false (bd_actions_set_status (fixture->store, ids, 3, "cancelled", "stock never came",
                                         FALSE, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1 line cannot be cancelled"));
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (before, ==, after);

  /* without the shipped one, all of them */
  ids[1] = find (fixture, "SO-1/PAN");
  g_assert_true (bd_actions_set_status (fixture->store, ids, 3, "cancelled", "stock never came",
                                        FALSE, NULL, NULL));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM order_lines WHERE status = 'cancelled'"
                                                  " AND cancel_reason = 'stock never came'"), ==, 3);
}

static void
test_ship (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 4, 1, 12, 0, 0);
  g_autofree char *shipped_at = NULL;
  gint64 id = find (fixture, "SO-2/MUG");

  bd_store_set_fixed_clock (fixture->store, now);
  g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "shipped", NULL, FALSE, NULL, NULL));
  shipped_at = bd_test_text (fixture->store, "SELECT shipped_at FROM order_lines WHERE status = 'shipped'"
                                             " AND id IN (SELECT l.id FROM order_lines l JOIN orders o"
                                             " ON o.id = l.order_id WHERE o.ref = 'SO-2')");
  g_assert_cmpstr (shipped_at, ==, "2026-04-01T12:00:00Z");
}

static void
test_priority_note_complaint (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 id = find (fixture, "SO-1/MUG");
  BdNote *note;

  g_assert_true (bd_actions_set_priority (fixture->store, &id, 1, 2, NULL, &error));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT max(priority) FROM order_lines"), ==, 2);
  g_assert_false (bd_actions_set_priority (fixture->store, &id, 1, 3, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (bd_notes_add (fixture->store, id, "Called the customer", NULL, &error));
  g_assert_false (bd_notes_add (fixture->store, id, "   ", NULL, &error));
  g_clear_error (&error);

  g_assert_true (bd_notes_add_complaint (fixture->store, id, "delay", "Third time the date moved", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bd_notes_add_complaint (fixture->store, id, "weather", "It rained", NULL, &error));
  g_assert_nonnull (strstr (error->message, "delay"));
  g_clear_error (&error);

  notes = bd_notes_list (fixture->store, id, &error);
  g_assert_cmpuint (notes->len, ==, 2);
  note = g_ptr_array_index (notes, 0);
  g_assert_cmpstr (note->kind, ==, "note");
  g_assert_cmpstr (note->body, ==, "Called the customer");
  g_assert_cmpstr (note->author, ==, "Tester");
  note = g_ptr_array_index (notes, 1);
  g_assert_cmpstr (note->kind, ==, "complaint");
  g_assert_cmpstr (note->category, ==, "delay");

  /* notes are searchable */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'customer'"), ==, 1);

  history = bd_history_list (fixture->store, id, &error);
  /* created, priority, note, complaint */
  g_assert_cmpuint (history->len, ==, 4);
  g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, 0))->action, ==, "created");
  g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, 1))->action, ==, "priority");
  g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, 1))->new_value, ==, "2");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* another machine's change, written there before these and arrived
   * with a sync after them: in its place by time, not by arrival */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE order_lines SET created_at = '2026-01-01T00:00:00Z' WHERE id = %"
                                            G_GINT64_FORMAT ";"
                                            "INSERT INTO events (uuid, created_at, updated_at, batch, author, action,"
                                            " entity, entity_uuid, line_id, field, old_value, new_value)"
                                            " SELECT 'e-remote', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z',"
                                            " 'b-remote', 'Ann', 'priority', 'order_lines', uuid, id, 'priority',"
                                            " '0', '1' FROM order_lines WHERE id = %" G_GINT64_FORMAT, id, id);

    g_assert_true (bd_store_exec (fixture->store, sql, &error));
    g_assert_no_error (error);
  }
  history = bd_history_list (fixture->store, id, &error);
  g_assert_cmpuint (history->len, ==, 5);
  g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, 0))->action, ==, "created");
  g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, 1))->author, ==, "Ann");
  g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, 2))->new_value, ==, "2");
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *note_batch = NULL;
  g_autofree char *before = NULL;
  g_autofree char *state = NULL;
  gint64 ids[] = { find (fixture, "SO-1/MUG"), find (fixture, "SO-2/MUG") };

  g_assert_true (bd_actions_set_priority (fixture->store, ids, 1, 1, NULL, NULL));
  before = line_state (fixture, ids[0]);

  g_assert_true (bd_actions_set_status (fixture->store, ids, 2, "cancelled", "duplicate", TRUE, &batch, NULL));
  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  state = line_state (fixture, ids[0]);
  g_assert_cmpstr (state, ==, before);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM order_lines WHERE status = 'cancelled'"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'undo'"), ==, 8);

  /* undoing a note tombstones it */
  g_assert_true (bd_notes_add (fixture->store, ids[0], "oops", &note_batch, NULL));
  g_assert_true (bd_actions_undo (fixture->store, note_batch, &error));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT deleted FROM notes WHERE body = 'oops'"), ==, 1);

  /* a line changed since cannot be undone, and nothing is written */
  g_clear_pointer (&batch, g_free);
  g_assert_true (bd_actions_set_priority (fixture->store, ids, 1, 2, &batch, NULL));
  g_assert_true (bd_actions_set_priority (fixture->store, ids, 1, 0, NULL, NULL));
  g_assert_false (bd_actions_undo (fixture->store, batch, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT priority FROM order_lines WHERE id IN"
                                                  " (SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                                  " JOIN products p ON p.id = l.product_id"
                                                  " WHERE o.ref = 'SO-1' AND p.sku = 'MUG')"), ==, 0);
  g_clear_error (&error);

  g_assert_false (bd_actions_undo (fixture->store, "no-such-batch", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

/* Every category has a translated name of its own; the detail pane and the
 * complaint dialog show these, never the stored key. */
static void
test_complaint_categories (void)
{
  const char * const *categories = bd_complaint_categories ();
  const char *expected[] = { "delay", "communication", "refund", "product", "other", NULL };

  g_assert_cmpstrv (categories, expected);
  for (guint i = 0; categories[i] != NULL; i++)
    {
      const char *label = bd_complaint_category_label (categories[i]);

      g_assert_true (bd_complaint_category_is_valid (categories[i]));
      g_assert_cmpstr (label, !=, categories[i]);
      g_assert_true (g_unichar_isupper (g_utf8_get_char (label)));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (label, !=, bd_complaint_category_label (categories[j]));
    }
  g_assert_cmpstr (bd_complaint_category_label ("delay"), ==, "Delay");

  g_assert_false (bd_complaint_category_is_valid (NULL));
  g_assert_false (bd_complaint_category_is_valid ("weather"));
  g_assert_false (bd_complaint_category_is_valid ("Delay"));
  /* one a newer version synced in is shown as stored */
  g_assert_cmpstr (bd_complaint_category_label ("weather"), ==, "weather");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, imports, bd_test_store_fixture_set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/actions/find-line", test_find_line);
  ADD ("/actions/find-line-ambiguous", test_find_line_ambiguous);
  ADD ("/actions/cancel-and-reopen", test_cancel_and_reopen);
  ADD ("/actions/refused", test_refused_transitions);
  ADD ("/actions/bulk-all-or-nothing", test_bulk_all_or_nothing);
  ADD ("/actions/ship", test_ship);
  ADD ("/actions/priority-note-complaint", test_priority_note_complaint);
  ADD ("/actions/undo", test_undo);
  g_test_add_func ("/actions/complaint-categories", test_complaint_categories);

  return g_test_run ();
}
