/* test-notes.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-notes"

#include "config.h"

#include "bd-actions.h"
#include "bd-history.h"
#include "bd-notes.h"
#include "bd-test-util.h"
#include "bd-writer.h"

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
  "SO-1,2026-03-01,C-1,Ada,MUG,2,2\n"
  "SO-2,2026-03-02,C-2,Grace,MUG,1,1\n";

static const BdTestCsv imports[] = {
  { BD_IMPORT_ORDERS, orders_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

static gint64
find (Fixture    *fixture,
      const char *ref)
{
  gint64 id = 0;

  g_assert_true (bd_actions_find_line (fixture->store, ref, &id, NULL));
  return id;
}

/* The one note or complaint of the line with @body. */
static BdNote *
find_note (GPtrArray  *notes,
           const char *body)
{
  for (guint i = 0; i < notes->len; i++)
    {
      BdNote *note = g_ptr_array_index (notes, i);

      if (g_strcmp0 (note->body, body) == 0)
        return note;
    }

  return NULL;
}

/* Adds a note and returns its uuid. */
static char *
add_note (Fixture    *fixture,
          gint64      line_id,
          const char *text)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  BdNote *note;

  g_assert_true (bd_notes_add (fixture->store, line_id, text, NULL, &error));
  g_assert_no_error (error);
  notes = bd_notes_list (fixture->store, line_id, &error);
  note = find_note (notes, text);
  g_assert_nonnull (note);
  g_assert_nonnull (note->uuid);
  return g_strdup (note->uuid);
}

static char *
note_state (Fixture    *fixture,
            const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT body || '|' || deleted || '|' || dirty FROM notes"
                                          " WHERE uuid = '%s'", uuid);
  return bd_test_text (fixture->store, sql);
}

static gint64
count_events (Fixture    *fixture,
              const char *action,
              const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE action = '%s'"
                                          " AND entity = 'notes' AND entity_uuid = '%s'", action, uuid);
  return bd_test_count (fixture->store, sql);
}

/* The author corrects a typo: the text changes, the event keeps both, the
 * search finds the new words and not the old, and Undo brings the old
 * text back. */
static void
test_notes_edit (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 id = find (fixture, "SO-1/MUG");
  g_autofree char *uuid = add_note (fixture, id, "Custmer called");
  g_autofree char *batch = NULL;
  g_autofree char *state = NULL;
  g_autofree char *event = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_notes_edit (fixture->store, uuid, "  Customer called  ", &batch, &error));
  g_assert_no_error (error);
  g_assert_nonnull (batch);

  state = note_state (fixture, uuid);
  g_assert_cmpstr (state, ==, "Customer called|0|1");
  notes = bd_notes_list (fixture->store, id, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((BdNote *)g_ptr_array_index (notes, 0))->body, ==, "Customer called");

  event = bd_test_text (fixture->store, "SELECT author || '|' || field || '|' || old_value || '|' || new_value"
                                        " FROM events WHERE action = 'note-edit'");
  g_assert_cmpstr (event, ==, "Tester|body|Custmer called|Customer called");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'customer'"), ==, 1);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'custmer'"), ==, 0);

  /* the same text again: nothing to write */
  g_assert_true (bd_notes_edit (fixture->store, uuid, "Customer called", NULL, &error));
  g_assert_cmpint (count_events (fixture, "note-edit", uuid), ==, 1);

  /* undo: the text as it was, and an event saying so */
  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = note_state (fixture, uuid);
  g_assert_cmpstr (state, ==, "Custmer called|0|1");
  g_assert_cmpint (count_events (fixture, "undo", uuid), ==, 1);
}

/* The author deletes a note: a tombstone, gone from the list and the
 * search, an event, and Undo brings it back. */
static void
test_notes_delete (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 id = find (fixture, "SO-1/MUG");
  g_autofree char *uuid = add_note (fixture, id, "Wrong line, sorry");
  g_autofree char *batch = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_notes_delete (fixture->store, uuid, &batch, &error));
  g_assert_no_error (error);

  state = note_state (fixture, uuid);
  g_assert_cmpstr (state, ==, "Wrong line, sorry|1|1");
  notes = bd_notes_list (fixture->store, id, &error);
  g_assert_cmpuint (notes->len, ==, 0);
  g_assert_cmpint (count_events (fixture, "note-delete", uuid), ==, 1);

  /* deleted once is enough */
  g_assert_false (bd_notes_delete (fixture->store, uuid, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bd_notes_edit (fixture->store, uuid, "Right line", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bd_notes_list (fixture->store, id, &error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((BdNote *)g_ptr_array_index (notes, 0))->uuid, ==, uuid);

  /* undone twice: nothing is left to restore */
  g_assert_false (bd_actions_undo (fixture->store, batch, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_cmpuint (count_events (fixture, "undo", uuid), ==, 1);
}

/* Only the author may change a note; a complaint is not a note; bad text is
 * refused. Each refusal leaves the store as it was. */
static void
test_notes_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 id = find (fixture, "SO-1/MUG");
  g_autofree char *uuid = add_note (fixture, id, "Promised a call back");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *complaint = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_notes_add_complaint (fixture->store, id, "delay", "Late again", NULL, &error));
  complaint = bd_test_text (fixture->store, "SELECT uuid FROM complaints");
  notes = bd_notes_list (fixture->store, id, &error);
  g_assert_true (bd_notes_can_change (fixture->store, find_note (notes, "Promised a call back")));
  g_assert_false (bd_notes_can_change (fixture->store, find_note (notes, "Late again")));
  before = bd_test_dump (fixture->store);

  /* someone else at this desk */
  bd_store_set_author (fixture->store, "Grace Hopper");
  g_assert_false (bd_notes_can_change (fixture->store, find_note (notes, "Promised a call back")));
  g_assert_false (bd_notes_edit (fixture->store, uuid, "Hijacked", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Only Tester"));
  g_clear_error (&error);
  g_assert_false (bd_notes_delete (fixture->store, uuid, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bd_store_set_author (fixture->store, "Tester");

  g_assert_false (bd_notes_edit (fixture->store, uuid, "  ", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "delete"));
  g_clear_error (&error);

  g_assert_false (bd_notes_edit (fixture->store, complaint, "Not late", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bd_notes_delete (fixture->store, "no-such-note", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-note"));

  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* An edit that a later edit overwrote cannot be undone: Undo would throw
 * the later text away. */
static void
test_notes_undo_after_change (Fixture       *fixture,
                              gconstpointer  data)
{
  gint64 id = find (fixture, "SO-2/MUG");
  g_autofree char *uuid = add_note (fixture, id, "first");
  g_autofree char *batch = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_notes_edit (fixture->store, uuid, "second", &batch, NULL));
  g_assert_true (bd_notes_edit (fixture->store, uuid, "third", NULL, NULL));
  g_assert_false (bd_actions_undo (fixture->store, batch, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  state = note_state (fixture, uuid);
  g_assert_cmpstr (state, ==, "third|0|1");
}

/* The line's history tells of edits and deletes, and which note a delete
 * took (the event holds only the tombstone). */
static void
test_notes_history (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 id = find (fixture, "SO-1/MUG");
  g_autofree char *uuid = add_note (fixture, id, "Calld");
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  BdHistoryEntry *entry;

  g_assert_true (bd_notes_edit (fixture->store, uuid, "Called", NULL, NULL));
  g_assert_true (bd_notes_delete (fixture->store, uuid, NULL, NULL));

  history = bd_history_list (fixture->store, id, &error);
  g_assert_no_error (error);
  /* created, note, note-edit, note-delete */
  g_assert_cmpuint (history->len, ==, 4);
  entry = g_ptr_array_index (history, 2);
  g_assert_cmpstr (entry->action, ==, "note-edit");
  g_assert_cmpstr (entry->author, ==, "Tester");
  g_assert_cmpstr (entry->old_value, ==, "Calld");
  g_assert_cmpstr (entry->new_value, ==, "Called");
  entry = g_ptr_array_index (history, 3);
  g_assert_cmpstr (entry->action, ==, "note-delete");
  g_assert_cmpstr (entry->subject, ==, "Called");
  g_assert_null (((BdHistoryEntry *)g_ptr_array_index (history, 0))->subject);
}

/* The window writes edits and deletes through a BdWriter's requests. */
static void
test_notes_write_requests (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 id = find (fixture, "SO-2/MUG");
  g_autofree char *uuid = add_note (fixture, id, "Chased twcie");
  g_autoptr(BdWriteRequest) edit = bd_write_request_new (BD_WRITE_EDIT_NOTE, NULL, 0);
  g_autoptr(BdWriteRequest) delete = bd_write_request_new (BD_WRITE_DELETE_NOTE, NULL, 0);
  g_autofree char *edit_batch = NULL;
  g_autofree char *delete_batch = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;

  edit->note_uuid = g_strdup (uuid);
  edit->text = g_strdup ("Chased twice");
  g_assert_true (bd_write_request_run (edit, fixture->store, &edit_batch, &error));
  g_assert_no_error (error);
  delete->note_uuid = g_strdup (uuid);
  g_assert_true (bd_write_request_run (delete, fixture->store, &delete_batch, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (edit_batch, !=, delete_batch);

  state = note_state (fixture, uuid);
  g_assert_cmpstr (state, ==, "Chased twice|1|1");
}

static char *
complaint_state (Fixture *fixture)
{
  return bd_test_text (fixture->store,
                       "SELECT coalesce (owner, '-') || '|' || status || '|' || coalesce (resolution, '-') || '|'"
                       " || coalesce (incentive, 0) || '|' || coalesce (currency, '-') FROM complaints");
}

/* A complaint's handling: owner, status, resolution and incentive, each
 * change an event under one batch that Undo reverts; bad input refused
 * with the store as it was. */
static void
test_complaint_update (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = find (fixture, "SO-1/MUG");
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *state = NULL;
  g_autofree char *before = NULL;
  BdComplaintUpdate update = { "  Grace  ", "answered", NULL, 0 };
  BdComplaintUpdate resolved = { "Grace", "resolved", "Sent a replacement", 500 };
  BdComplaintUpdate bad_status = { NULL, "closed", NULL, 0 };
  BdComplaintUpdate no_resolution = { NULL, "resolved", "  ", 0 };
  BdComplaintUpdate negative = { NULL, "open", NULL, -1 };
  BdNote *complaint;

  g_assert_true (bd_notes_add_complaint (fixture->store, id, "delay", "Still waiting", NULL, &error));
  g_assert_no_error (error);
  notes = bd_notes_list (fixture->store, id, &error);
  complaint = find_note (notes, "Still waiting");
  g_assert_cmpstr (complaint->status, ==, "open");
  g_assert_null (complaint->owner);
  uuid = g_strdup (complaint->uuid);
  g_clear_pointer (&notes, g_ptr_array_unref);

  g_assert_true (bd_notes_update_complaint (fixture->store, uuid, &update, NULL, &error));
  g_assert_no_error (error);
  state = complaint_state (fixture);
  g_assert_cmpstr (state, ==, "Grace|answered|-|0|-");
  g_clear_pointer (&state, g_free);

  g_assert_true (bd_notes_update_complaint (fixture->store, uuid, &resolved, &batch, &error));
  g_assert_no_error (error);
  state = complaint_state (fixture);
  g_assert_cmpstr (state, ==, "Grace|resolved|Sent a replacement|500|USD");
  g_clear_pointer (&state, g_free);
  /* the owner stayed: two fields changed, two events */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'complaint-edit'"
                                                  " AND batch = (SELECT batch FROM events WHERE field = 'resolution')"),
                   ==, 3);
  notes = bd_notes_list (fixture->store, id, &error);
  complaint = find_note (notes, "Still waiting");
  g_assert_cmpstr (complaint->resolution, ==, "Sent a replacement");
  g_assert_cmpint (complaint->incentive, ==, 500);
  g_assert_cmpstr (complaint->currency, ==, "USD");
  /* the incentive is one like any other: in the incentives table, under
   * the complaint's uuid (bd_incentives_follow_complaint()) */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM incentives i JOIN complaints c"
                                                  " ON c.uuid = i.uuid WHERE i.amount = 500 AND i.deleted = 0"),
                   ==, 1);
  /* found by search, by its resolution */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH 'replacement'"), ==, 1);

  /* refused, the store as it was */
  before = bd_test_dump (fixture->store);
  g_assert_false (bd_notes_update_complaint (fixture->store, uuid, &bad_status, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“closed” is not a complaint status: expected open, answered or resolved");
  g_clear_error (&error);
  g_assert_false (bd_notes_update_complaint (fixture->store, uuid, &no_resolution, NULL, &error));
  g_assert_cmpstr (error->message, ==, "A resolved complaint needs its resolution: write how it was resolved");
  g_clear_error (&error);
  g_assert_false (bd_notes_update_complaint (fixture->store, uuid, &negative, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bd_notes_update_complaint (fixture->store, "no-such-complaint", &update, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *after = bd_test_dump (fixture->store);

    g_assert_cmpstr (after, ==, before);
  }

  /* undo: answered again, by Grace, without resolution or incentive */
  g_assert_true (bd_actions_undo (fixture->store, batch, &error));
  g_assert_no_error (error);
  state = complaint_state (fixture);
  g_assert_true (g_str_has_prefix (state, "Grace|answered|-|0|"));
  /* its changes told as a complaint's, for the history and timeline */
  {
    g_autofree char *status = bd_complaint_describe_change ("status", "open", "resolved", "USD");
    g_autofree char *given = bd_complaint_describe_change ("incentive", NULL, "500", "EUR");
    g_autofree char *line_field = bd_complaint_describe_change ("priority", "0", "1", NULL);

    g_assert_cmpstr (status, ==, "Status: Open → Resolved");
    g_assert_cmpstr (given, ==, "Incentive: none → €5.00");
    g_assert_null (line_field);
  }

  /* and the incentive taken back with it */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM incentives WHERE deleted = 0"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM incentives WHERE deleted = 1"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, imports, bd_test_store_fixture_set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/notes/edit", test_notes_edit);
  ADD ("/notes/delete", test_notes_delete);
  ADD ("/notes/refused", test_notes_refused);
  ADD ("/notes/undo-after-change", test_notes_undo_after_change);
  ADD ("/notes/history", test_notes_history);
  ADD ("/notes/write-requests", test_notes_write_requests);
  ADD ("/notes/complaint-update", test_complaint_update);

  return g_test_run ();
}
