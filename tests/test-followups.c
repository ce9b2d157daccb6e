/* test-followups.c: delay notices after the FTC rule, and follow-ups,
 * on hand-made dates
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-followups"

#include "config.h"

#include "bd-actions.h"
#include "bd-backorder-query.h"
#include "bd-backorder-source.h"
#include "bd-eta.h"
#include "bd-delay-notices.h"
#include "bd-followups.h"
#include "bd-test-util.h"

typedef struct
{
  char *dir;
  BdStore *store;
} Fixture;

static void
exec_sql (BdStore    *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
set_today (Fixture *fixture,
           int      month,
           int      day)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, month, day, 10, 0, 0);

  bd_store_set_fixed_clock (fixture->store, now);
}

/* SO-1/MUG promised 2026-11-20 and covered by PO-1, due 2026-12-10 (so
 * expected 2026-12-11 with a day of handling); SO-2/MUG promised in
 * January; SO-3/MUG never promised, ordered 2026-10-01; SO-4/MUG shipped. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = bd_test_store_new (&fixture->dir);
  set_today (fixture, 11, 30);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_SUPPLIERS,
                                      "supplier_ref,name,lead_time_days\nSUP-1,Nordic Homeware,10\n", NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS,
                                      "sku,name,on_hand,supplier_ref,lead_time_days\n"
                                      "MUG,Enamel Mug,0,SUP-1,10\nMUG-OAK,Oak Mug,3,SUP-1,10\n", NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,"
                                      "backordered_quantity,promised_at,shipped_at\n"
                                      "SO-1,2026-11-02,C-1,Ada,MUG,2,2,2026-11-20,\n"
                                      "SO-2,2026-11-25,C-2,Bruno,MUG,1,1,2027-01-31,\n"
                                      "SO-3,2026-10-01,C-3,Chloé,MUG,1,1,,\n"
                                      "SO-4,2026-10-01,C-4,Dmitri,MUG,1,1,2026-10-20,2026-10-25\n",
                                      NULL, &error));
  g_assert_no_error (error);
  exec_sql (fixture->store,
            "INSERT INTO purchase_orders (number, supplier_id, status, currency, ordered_at, expected_at,"
            " uuid, created_at, updated_at) SELECT 'PO-1', id, 'confirmed', 'USD', '2026-11-10T09:00:00Z',"
            " '2026-12-10', 'po-1', '2026-11-10', '2026-11-10' FROM suppliers;"
            "INSERT INTO po_lines (po_id, product_id, quantity, uuid, created_at, updated_at)"
            " SELECT 1, id, 2, 'pl-1', '2026-11-10', '2026-11-10' FROM products WHERE sku = 'MUG';"
            "INSERT INTO po_line_covers (po_line_id, line_id, quantity, uuid, created_at, updated_at)"
            " SELECT 1, l.id, 2, 'cv-1', '2026-11-10', '2026-11-10' FROM order_lines l"
            " JOIN orders o ON o.id = l.order_id WHERE o.ref = 'SO-1';"
            "UPDATE order_lines SET status = 'on_order', covered_quantity = 2, eta = '2026-12-11'"
            " WHERE id = (SELECT line_id FROM po_line_covers);");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* "SO-1/MUG:needed SO-3/MUG:needed", the delayed lines and what they need */
static char *
cases (Fixture  *fixture,
       gboolean  all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = bd_delay_notices_list (fixture->store, all, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      BdDelayCase *item = g_ptr_array_index (list, i);

      g_string_append_printf (text, "%s%s:%s", i ? " " : "", item->ref, bd_notice_state_to_string (item->state));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
line (Fixture    *fixture,
      const char *ref)
{
  gint64 id = 0;

  g_assert_true (bd_actions_find_line (fixture->store, ref, &id, NULL));
  return id;
}

static void
assert_cases (Fixture    *fixture,
              gboolean    all,
              const char *want)
{
  g_autofree char *got = cases (fixture, all);

  g_assert_cmpstr (got, ==, want);
}

/* A line whose date passed its promise (or the order's day and 30 days)
 * needs a notice; silence consents to a first notice at most 30 days
 * late; a date that slips again needs another, and then only an express
 * answer will do. */
static void
test_delay_notices_rule (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 so1 = line (fixture, "SO-1/MUG");

  /* SO-3: ordered 2026-10-01, no promise: held to 2026-10-31 */
  assert_cases (fixture, FALSE, "SO-3/MUG:needed SO-1/MUG:needed");

  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-11", "2026-12-07", &error));
  g_assert_no_error (error);
  assert_cases (fixture, FALSE, "SO-3/MUG:needed");
  assert_cases (fixture, TRUE, "SO-3/MUG:needed SO-1/MUG:awaiting");

  /* past the deadline without an answer: 2026-12-11 is within 30 days of
   * 2026-11-20, so silence is consent */
  set_today (fixture, 12, 8);
  assert_cases (fixture, TRUE, "SO-3/MUG:needed SO-1/MUG:consented");

  /* the supplier's date slips: a new notice is needed */
  exec_sql (fixture->store, "UPDATE purchase_orders SET expected_at = '2026-12-30';"
                            "UPDATE order_lines SET eta = '2026-12-31' WHERE status = 'on_order'");
  assert_cases (fixture, FALSE, "SO-3/MUG:needed SO-1/MUG:needed");
  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-31", "2026-12-15", &error));

  /* a second notice: silence is no consent */
  set_today (fixture, 12, 16);
  assert_cases (fixture, FALSE, "SO-3/MUG:needed SO-1/MUG:must_cancel");

  g_assert_true (bd_delay_notices_answer (fixture->store, so1, "wait", NULL, &error));
  g_assert_no_error (error);
  assert_cases (fixture, TRUE, "SO-3/MUG:needed SO-1/MUG:consented");

  /* a shop not under the rule */
  exec_sql (fixture->store, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                            " VALUES ('ftc_rule', 'off', 'ts-ftc', '2026-01-01', '2026-01-01')");
  assert_cases (fixture, TRUE, "");
}

/* Taking an alternative cancels the line as replaced; cancelling refunds
 * it; both in one transaction with the answer. What cannot be answered
 * leaves the store as it was. */
static void
test_delay_notices_answers (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 so1 = line (fixture, "SO-1/MUG");
  gint64 so3 = line (fixture, "SO-3/MUG");
  gint64 so2 = line (fixture, "SO-2/MUG");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *so1_state = NULL;
  g_autofree char *so3_state = NULL;

  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-11", "2026-12-07", &error));
  g_assert_true (bd_delay_notices_record (fixture->store, so3, 0, "2026-10-31", "2026-12-11", "2026-12-07", &error));

  before = bd_test_dump (fixture->store);
  g_assert_false (bd_delay_notices_answer (fixture->store, so2, "wait", NULL, &error));
  g_assert_nonnull (strstr (error->message, "No delay notice"));
  g_clear_error (&error);
  g_assert_false (bd_delay_notices_answer (fixture->store, so1, "alternative", "NOPE", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bd_delay_notices_answer (fixture->store, so1, "maybe", NULL, &error));
  g_clear_error (&error);
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (bd_delay_notices_answer (fixture->store, so1, "alternative", "MUG-OAK", &error));
  g_assert_no_error (error);
  g_assert_true (bd_delay_notices_answer (fixture->store, so3, "cancel", NULL, &error));
  g_assert_no_error (error);

  so1_state = bd_test_text (fixture->store, "SELECT l.status || '|' || l.cancel_reason || '|' || l.refunded"
                                            " || '|' || n.answer FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                            " JOIN delay_notices n ON n.line_id = l.id WHERE o.ref = 'SO-1'");
  g_assert_cmpstr (so1_state, ==, "cancelled|replaced by MUG-OAK|0|alternative");
  so3_state = bd_test_text (fixture->store, "SELECT l.status || '|' || l.refunded || '|' || n.answer"
                                            " FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                            " JOIN delay_notices n ON n.line_id = l.id WHERE o.ref = 'SO-3'");
  g_assert_cmpstr (so3_state, ==, "cancelled|1|cancel");
  assert_cases (fixture, TRUE, "");
}

/* Each customer with an open line is due a word every 7 days (or the
 * team's cadence): from their last message out, else their oldest open
 * order. */
static void
test_followups (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) every = NULL;
  BdFollowup *first;

  /* Ada (ordered 2026-11-02) and Chloé (2026-10-01) were never written to;
   * Bruno ordered 2026-11-25, due 2026-12-02; Dmitri's line shipped */
  due = bd_followups_list (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  first = g_ptr_array_index (due, 0);
  g_assert_cmpstr (first->customer_ref, ==, "C-3");
  g_assert_cmpstr (first->due, ==, "2026-10-08");
  g_assert_null (first->last_contact);
  g_assert_cmpstr (((BdFollowup *)g_ptr_array_index (due, 1))->customer_ref, ==, "C-1");

  /* a message that went to Chloé yesterday: due again in a week; a failed
   * one to Ada does not count */
  exec_sql (fixture->store,
            "INSERT INTO messages (uuid, created_at, updated_at, channel, status, customer_id, body, reference,"
            " sent_at, author) SELECT 'm-1', '2026-11-29T09:00:00Z', '2026-11-29T09:00:00Z', 'email', 'sent', id,"
            " 'x', 'm-1@x', '2026-11-29T09:00:00Z', 'Tester' FROM customers WHERE ref = 'C-3';"
            "INSERT INTO messages (uuid, created_at, updated_at, channel, status, customer_id, body, reference,"
            " author) SELECT 'm-2', '2026-11-29T09:00:00Z', '2026-11-29T09:00:00Z', 'email', 'failed', id,"
            " 'x', 'm-2@x', 'Tester' FROM customers WHERE ref = 'C-1';");
  g_clear_pointer (&due, g_ptr_array_unref);
  due = bd_followups_list (fixture->store, FALSE, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((BdFollowup *)g_ptr_array_index (due, 0))->customer_ref, ==, "C-1");

  every = bd_followups_list (fixture->store, TRUE, &error);
  g_assert_cmpuint (every->len, ==, 3);
  g_assert_cmpstr (((BdFollowup *)g_ptr_array_index (every, 2))->customer_ref, ==, "C-3");
  g_assert_cmpstr (((BdFollowup *)g_ptr_array_index (every, 2))->due, ==, "2026-12-06");
  g_assert_cmpstr (((BdFollowup *)g_ptr_array_index (every, 2))->last_contact, ==, "2026-11-29");

  /* a team that writes every 30 days */
  exec_sql (fixture->store, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                            " VALUES ('follow_up_days', '30', 'ts-fu', '2026-01-01', '2026-01-01')");
  g_assert_cmpint (bd_followups_cadence_days (fixture->store), ==, 30);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = bd_followups_list (fixture->store, FALSE, &error);
  g_assert_cmpuint (due->len, ==, 0);
}

/* The refs of the lines @query lists, in its order. */
static char *
query_refs (Fixture          *fixture,
            BdBackorderQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = bd_backorder_query_run_ids (fixture->store, query, NULL, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(BdBackorder) row = bd_backorder_load (fixture->store, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_string_append_printf (text, "%s%s", i ? " " : "", bd_backorder_get_ref (row));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The queue's filters: lines with units no PO covers (partly covered
 * ones too, not those covered whole), and lines the rule says must be
 * cancelled and refunded. */
static void
test_queue_filters (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdBackorderQuery) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refs = NULL;
  gint64 so1 = line (fixture, "SO-1/MUG");

  query->not_covered = TRUE;
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "SO-3/MUG SO-2/MUG");
  g_clear_pointer (&refs, g_free);

  /* SO-2 covered for 1 of 2 is still short of a PO */
  exec_sql (fixture->store, "UPDATE order_lines SET quantity = 2, backordered_quantity = 2, covered_quantity = 1"
                            " WHERE order_id = (SELECT id FROM orders WHERE ref = 'SO-2')");
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "SO-3/MUG SO-2/MUG");
  g_clear_pointer (&refs, g_free);

  /* a filter is part of what a query is */
  copy = bd_backorder_query_copy (query);
  g_assert_true (bd_backorder_query_equal (query, copy));
  copy->not_covered = FALSE;
  g_assert_false (bd_backorder_query_equal (query, copy));
  copy->must_cancel = TRUE;
  g_assert_false (bd_backorder_query_equal (query, copy));

  query->not_covered = FALSE;
  query->must_cancel = TRUE;
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "");
  g_clear_pointer (&refs, g_free);

  /* two notices, the second unanswered past its deadline */
  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-11", "2026-12-07", &error));
  exec_sql (fixture->store, "UPDATE purchase_orders SET expected_at = '2026-12-30';"
                            "UPDATE order_lines SET eta = '2026-12-31' WHERE status = 'on_order'");
  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-31", "2026-12-15", &error));
  g_assert_no_error (error);
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "");
  g_clear_pointer (&refs, g_free);

  set_today (fixture, 12, 16);
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "SO-1/MUG");
  g_clear_pointer (&refs, g_free);

  /* with the status filter too, and none once the customer agreed */
  query->status = BD_STATUS_FILTER_ALL;
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "SO-1/MUG");
  g_clear_pointer (&refs, g_free);
  g_assert_true (bd_delay_notices_answer (fixture->store, so1, "wait", NULL, &error));
  g_assert_no_error (error);
  refs = query_refs (fixture, query);
  g_assert_cmpstr (refs, ==, "");
}

static int
compare_refs (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* The lines bd_delay_notices_list() (`delay-notices due`) says need a
 * notice, by order reference. */
static char *
needed_refs (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = bd_delay_notices_list (fixture->store, FALSE, &error);
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      BdDelayCase *item = g_ptr_array_index (list, i);

      if (item->state == BD_NOTICE_NEEDED)
        g_ptr_array_add (refs, item->ref);
    }
  g_ptr_array_sort (refs, compare_refs);
  g_ptr_array_add (refs, NULL);
  return g_strjoinv (" ", (char **)refs->pdata);
}

/* The queue's filter Needs a delay notice lists exactly the lines
 * `delay-notices due` says need one, as they change: each way to an ETA
 * (a PO's stored date, the lead time, an allocated line's stored date
 * that today has passed, none without a supplier), with and without a
 * promise, a notice that covers the date, the date slipping past it,
 * and the rule switched off. */
static void
test_needs_notice_filter (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdBackorderQuery) copy = NULL;
  g_autoptr(GError) error = NULL;
  gint64 so1 = line (fixture, "SO-1/MUG");
  const char *expected[] = {
    "SO-1/MUG SO-3/MUG SO-5/MUG",        /* SO-2 promised later, SO-6 without an ETA */
    "SO-3/MUG SO-5/MUG",                 /* SO-1's notice covers its date */
    "SO-1/MUG SO-3/MUG SO-5/MUG",        /* which slipped past it */
    "",                                  /* the rule switched off */
  };

  /* SO-5: allocated, its stored date (11-01) passed: leaves 12-01 at the
   * soonest, after its promise; SO-6: a vase no supplier delivers */
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS,
                                      "sku,name,on_hand\nVASE,Glass Vase,0\n", NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,"
                                      "backordered_quantity,promised_at,shipped_at\n"
                                      "SO-5,2026-11-02,C-5,Eve,MUG,1,1,2026-11-25,\n"
                                      "SO-6,2026-10-02,C-6,Fay,VASE,1,1,2026-10-20,\n",
                                      NULL, &error));
  g_assert_no_error (error);
  exec_sql (fixture->store, "UPDATE order_lines SET status = 'allocated', allocated_quantity = 1, eta = '2026-11-01'"
                            " WHERE order_id = (SELECT id FROM orders WHERE ref = 'SO-5')");

  query->needs_notice = TRUE;
  query->sort = BD_SORT_ORDER_REF;
  copy = bd_backorder_query_copy (query);
  g_assert_true (bd_backorder_query_equal (query, copy));
  copy->needs_notice = FALSE;
  g_assert_false (bd_backorder_query_equal (query, copy));

  for (guint step = 0; step < G_N_ELEMENTS (expected); step++)
    {
      g_autofree char *listed = NULL;
      g_autofree char *due = NULL;

      if (step == 1)
        g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-11", "2026-12-07",
                                                &error));
      else if (step == 2)
        exec_sql (fixture->store, "UPDATE purchase_orders SET expected_at = '2026-12-30';"
                                  "UPDATE order_lines SET eta = '2026-12-31' WHERE status = 'on_order'");
      else if (step == 3)
        exec_sql (fixture->store, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                                  " VALUES ('ftc_rule', 'off', 'ts-ftc', '2026-01-01', '2026-01-01')");
      g_assert_no_error (error);

      listed = query_refs (fixture, query);
      due = needed_refs (fixture);
      g_assert_cmpstr (listed, ==, due);
      g_assert_cmpstr (listed, ==, expected[step]);
    }
}

/* The ETA of each row of the queue's source, from its page: stored for a
 * covered line, worked out from the lead time for one no PO covers, and
 * worked out again when the day or the handling days change. */
static void
test_source_eta (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BdRowSource) source = bd_backorder_source_new ();
  g_autoptr(GHashTable) rows = bd_row_table_new ();
  g_autoptr(GError) error = NULL;
  const char * const tables[] = { "team_settings", NULL };
  gint64 ids[3] = { line (fixture, "SO-1/MUG"), line (fixture, "SO-3/MUG"), line (fixture, "SO-4/MUG") };
  BdBackorder *so1, *so3, *so4;

  g_assert_true (bd_row_source_load_many (source, fixture->store, ids, G_N_ELEMENTS (ids), rows, &error));
  g_assert_no_error (error);
  so1 = g_hash_table_lookup (rows, &ids[0]);
  so3 = g_hash_table_lookup (rows, &ids[1]);
  so4 = g_hash_table_lookup (rows, &ids[2]);
  /* PO-1's date and a day; today, 10 days' lead time and a day */
  g_assert_cmpstr (bd_backorder_get_eta (so1), ==, "2026-12-11");
  g_assert_cmpstr (bd_backorder_get_eta (so3), ==, "2026-12-11");
  g_assert_null (bd_backorder_get_eta (so4));
  g_assert_cmpstr (bd_backorder_get_po_number (so1), ==, "PO-1");

  set_today (fixture, 12, 8);
  g_assert_true (bd_row_source_load_many (source, fixture->store, ids, G_N_ELEMENTS (ids), rows, &error));
  g_assert_cmpstr (bd_backorder_get_eta (so1), ==, "2026-12-11");
  g_assert_cmpstr (bd_backorder_get_eta (so3), ==, "2026-12-19");

  exec_sql (fixture->store, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                            " VALUES ('handling_days', '3', 'ts-hd', '2026-01-01', '2026-01-01')");
  bd_store_emit_changed_tables (fixture->store, tables);
  g_assert_true (bd_row_source_load_many (source, fixture->store, ids, G_N_ELEMENTS (ids), rows, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bd_backorder_get_eta (so3), ==, "2026-12-21");
}

/* One line's case, for its view: the same state the list gives, with
 * the dates and the answer; nothing for a line the rule asks nothing of. */
static void
test_delay_notices_for_line (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 so1 = line (fixture, "SO-1/MUG");
  BdDelayCase *item = NULL;

  /* promised in January; shipped */
  g_assert_true (bd_delay_notices_for_line (fixture->store, line (fixture, "SO-2/MUG"), &item, &error));
  g_assert_null (item);
  g_assert_true (bd_delay_notices_for_line (fixture->store, line (fixture, "SO-4/MUG"), &item, &error));
  g_assert_null (item);
  g_assert_no_error (error);

  g_assert_true (bd_delay_notices_for_line (fixture->store, so1, &item, &error));
  g_assert_nonnull (item);
  g_assert_cmpint (item->state, ==, BD_NOTICE_NEEDED);
  g_assert_cmpstr (item->eta, ==, "2026-12-11");
  g_assert_cmpstr (item->promised_at, ==, "2026-11-20");
  g_assert_cmpint (item->n_notices, ==, 0);
  g_clear_pointer (&item, bd_delay_case_free);

  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-11", "2026-12-07", &error));
  g_assert_true (bd_delay_notices_for_line (fixture->store, so1, &item, &error));
  g_assert_cmpint (item->state, ==, BD_NOTICE_AWAITING);
  g_assert_cmpstr (item->deadline, ==, "2026-12-07");
  g_assert_cmpstr (item->last_new_date, ==, "2026-12-11");
  g_assert_null (item->answer);
  g_clear_pointer (&item, bd_delay_case_free);

  g_assert_true (bd_delay_notices_answer (fixture->store, so1, "wait", NULL, &error));
  g_assert_true (bd_delay_notices_for_line (fixture->store, so1, &item, &error));
  g_assert_cmpint (item->state, ==, BD_NOTICE_CONSENTED);
  g_assert_cmpstr (item->answer, ==, "wait");
  g_clear_pointer (&item, bd_delay_case_free);
  g_assert_no_error (error);

  exec_sql (fixture->store, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                            " VALUES ('ftc_rule', 'off', 'ts-ftc', '2026-01-01', '2026-01-01')");
  g_assert_true (bd_delay_notices_for_line (fixture->store, so1, &item, &error));
  g_assert_null (item);
}

/* A customer takes an alternative without a delay notice before: the
 * line cancelled as replaced, not refunded, the choice an event on the
 * line; with a notice, it is the notice's answer. An SKU that is no
 * product changes nothing. */
static void
test_take_alternative (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 so1 = line (fixture, "SO-1/MUG");
  gint64 so2 = line (fixture, "SO-2/MUG");
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  g_autofree char *so1_state = NULL;
  g_autofree char *so2_state = NULL;
  g_autofree char *choice = NULL;

  g_assert_false (bd_delay_notices_take_alternative (fixture->store, so2, "NOPE", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bd_delay_notices_take_alternative (fixture->store, so2, "", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (bd_delay_notices_take_alternative (fixture->store, so2, "MUG-OAK", &error));
  g_assert_no_error (error);
  so2_state = bd_test_text (fixture->store, "SELECT l.status || '|' || l.cancel_reason || '|' || l.refunded"
                                            " FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                            " WHERE o.ref = 'SO-2'");
  g_assert_cmpstr (so2_state, ==, "cancelled|replaced by MUG-OAK|0");
  choice = bd_test_text (fixture->store, "SELECT action || ':' || field || ':' || new_value FROM events"
                                         " WHERE action = 'alternative'");
  g_assert_cmpstr (choice, ==, "alternative:sku:MUG-OAK");

  g_assert_true (bd_delay_notices_record (fixture->store, so1, 0, "2026-11-20", "2026-12-11", "2026-12-07", &error));
  g_assert_true (bd_delay_notices_take_alternative (fixture->store, so1, "MUG-OAK", &error));
  g_assert_no_error (error);
  so1_state = bd_test_text (fixture->store, "SELECT l.status || '|' || n.answer FROM order_lines l"
                                            " JOIN delay_notices n ON n.line_id = l.id JOIN orders o ON o.id = l.order_id"
                                            " WHERE o.ref = 'SO-1'");
  g_assert_cmpstr (so1_state, ==, "cancelled|alternative");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/delay-notices/rule", test_delay_notices_rule);
  ADD ("/delay-notices/answers", test_delay_notices_answers);
  ADD ("/delay-notices/for-line", test_delay_notices_for_line);
  ADD ("/delay-notices/take-alternative", test_take_alternative);
  ADD ("/followups/due", test_followups);
  ADD ("/delay-notices/queue-filters", test_queue_filters);
  ADD ("/delay-notices/needs-notice-filter", test_needs_notice_filter);
  ADD ("/eta/queue-source", test_source_eta);

  return g_test_run ();
}
