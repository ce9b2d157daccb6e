/* test-po-number.c: the numbers of purchase orders
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-po-number"

#include "config.h"

#include "bd-po-number.h"
#include "bd-test-util.h"

typedef BdTestStoreFixture Fixture;

static char *
next_number (BdStore *store)
{
  g_autoptr(GError) error = NULL;
  char *number;

  g_assert_true (bd_store_begin (store, &error));
  number = bd_po_number_next (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (number);
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);

  return number;
}

/* A PO of another machine, or an earlier one of this, as sync or the
 * purchasing code would leave it. */
static void
insert_po (BdStore    *store,
           const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  if (bd_test_count (store, "SELECT count(*) FROM suppliers WHERE ref = 'SUP-1'") == 0)
    g_assert_true (bd_store_exec (store,
                                  "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                                  " VALUES ('SUP-1', 'Nordic', 'sup-1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                  &error));
  sql = g_strdup_printf ("INSERT INTO purchase_orders (number, supplier_id, currency, ordered_at, uuid,"
                         "  created_at, updated_at)"
                         " VALUES ('%s', (SELECT id FROM suppliers WHERE ref = 'SUP-1'), 'USD',"
                         "  '2026-03-01T00:00:00Z', '%s', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
                         number, number);
  g_assert_true (bd_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
test_po_number_format (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *first = next_number (fixture->store);
  g_autofree char *second = next_number (fixture->store);
  g_autofree char *code = bd_test_text (fixture->store,
                                        "SELECT value FROM settings WHERE key = 'installation_code'");
  g_autofree char *expected_first = NULL;
  g_autofree char *expected_second = NULL;

  /* PREFIX-CODE-SEQUENCE, the code two characters that cannot be misread */
  g_assert_nonnull (code);
  g_assert_true (g_regex_match_simple ("^[2-9A-HJ-NP-Z]{2}$", code, 0, 0));
  expected_first = g_strdup_printf ("PO-%s-0001", code);
  expected_second = g_strdup_printf ("PO-%s-0002", code);
  g_assert_cmpstr (first, ==, expected_first);
  g_assert_cmpstr (second, ==, expected_second);
}

/* The prefix is the team's setting; the sequence goes on under a new one. */
static void
test_po_number_prefix (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = next_number (fixture->store);
  g_autofree char *second = NULL;
  g_autofree char *code = bd_test_text (fixture->store,
                                        "SELECT value FROM settings WHERE key = 'installation_code'");
  g_autofree char *expected = NULL;

  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                                " VALUES ('po_prefix', 'ACME', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                &error));
  g_assert_no_error (error);

  second = next_number (fixture->store);
  expected = g_strdup_printf ("ACME-%s-0002", code);
  g_assert_cmpstr (second, ==, expected);
}

/* A store restored from a backup counts from its old counter, but the POs
 * synced back into it since are higher: no number twice. */
static void
test_po_number_after_restore (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = next_number (fixture->store);
  g_autofree char *code = bd_test_text (fixture->store,
                                        "SELECT value FROM settings WHERE key = 'installation_code'");
  g_autofree char *taken = g_strdup_printf ("PO-%s-0041", code);
  g_autofree char *other_prefix = g_strdup_printf ("OLD-%s-0900", code);
  g_autofree char *expected = g_strdup_printf ("PO-%s-0042", code);
  g_autofree char *next = NULL;

  insert_po (fixture->store, taken);
  /* another prefix's numbers and another machine's do not count */
  insert_po (fixture->store, other_prefix);
  insert_po (fixture->store, "PO-ZZZZ-0500");
  g_assert_true (bd_store_exec (fixture->store, "DELETE FROM settings WHERE key = 'po_sequence'", &error));

  next = next_number (fixture->store);
  g_assert_cmpstr (next, ==, expected);
}

/* Past 9999 the sequence grows a digit. */
static void
test_po_number_wide (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = next_number (fixture->store);
  g_autofree char *next = NULL;

  g_assert_true (bd_store_exec (fixture->store, "UPDATE settings SET value = '9999' WHERE key = 'po_sequence'",
                                &error));
  next = next_number (fixture->store);
  g_assert_true (g_str_has_suffix (next, "-10000"));
}

/* The code is not one the team's POs already carry. Same seed and clock,
 * so the same first draw; the second store holds a PO of that code. */
static void
test_po_number_code_not_in_use (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 1, 12, 0, 0);
  g_autofree char *dir_a = NULL;
  g_autofree char *dir_b = NULL;
  g_autoptr(BdStore) a = bd_test_store_new (&dir_a);
  g_autoptr(BdStore) b = bd_test_store_new (&dir_b);
  g_autofree char *number_a = NULL;
  g_autofree char *number_b = NULL;
  g_autofree char *code_a = NULL;
  g_autofree char *code_b = NULL;
  g_autofree char *theirs = NULL;

  bd_store_set_fixed_clock (a, now);
  bd_store_set_fixed_clock (b, now);
  bd_store_set_seed (a, 7);
  bd_store_set_seed (b, 7);

  number_a = next_number (a);
  code_a = bd_test_text (a, "SELECT value FROM settings WHERE key = 'installation_code'");

  theirs = g_strdup_printf ("PO-%s-0007", code_a);
  insert_po (b, theirs);
  number_b = next_number (b);
  code_b = bd_test_text (b, "SELECT value FROM settings WHERE key = 'installation_code'");

  g_assert_cmpstr (code_b, !=, code_a);
  g_assert_false (g_str_has_prefix (number_b, theirs));

  /* and without that PO the draw is the same: the test means something */
  {
    g_autofree char *dir_c = NULL;
    g_autoptr(BdStore) c = bd_test_store_new (&dir_c);
    g_autofree char *number_c = NULL;

    bd_store_set_fixed_clock (c, now);
    bd_store_set_seed (c, 7);
    number_c = next_number (c);
    g_assert_cmpstr (number_c, ==, number_a);
    g_clear_object (&c);
    bd_test_rm_rf (dir_c);
  }

  g_clear_object (&a);
  g_clear_object (&b);
  bd_test_rm_rf (dir_a);
  bd_test_rm_rf (dir_b);
}

/* A rollback gives the number back: nothing was made with it. */
static void
test_po_number_rollback (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = next_number (fixture->store);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;

  g_assert_true (bd_store_begin (fixture->store, &error));
  first = bd_po_number_next (fixture->store, &error);
  g_assert_no_error (error);
  bd_store_rollback (fixture->store);

  again = next_number (fixture->store);
  g_assert_cmpstr (again, ==, first);
  g_assert_true (g_str_has_suffix (again, "-0002"));
}

/* Outside a transaction two callers could take the same number. */
static void
test_po_number_needs_transaction (Fixture       *fixture,
                                  gconstpointer  data)
{
  char *number;

  g_test_expect_message ("bd-po-number", G_LOG_LEVEL_CRITICAL, "*autocommit*");
  number = bd_po_number_next (fixture->store, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (number);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, bd_test_store_fixture_set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/po-number/format", test_po_number_format);
  ADD ("/po-number/prefix", test_po_number_prefix);
  ADD ("/po-number/after-restore", test_po_number_after_restore);
  ADD ("/po-number/wide", test_po_number_wide);
  ADD ("/po-number/rollback", test_po_number_rollback);
  ADD ("/po-number/needs-transaction", test_po_number_needs_transaction);
  g_test_add_func ("/po-number/code-not-in-use", test_po_number_code_not_in_use);

  return g_test_run ();
}
