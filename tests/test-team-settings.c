/* test-team-settings.c: settings the whole team shares
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-team-settings"

#include "config.h"

#include <string.h>

#include "bd-delay-notices.h"
#include "bd-followups.h"
#include "bd-po-number.h"
#include "bd-team-settings.h"
#include "bd-test-util.h"

typedef BdTestStoreFixture Fixture;

static void
test_team_settings_defaults (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) settings = bd_team_settings_list (fixture->store, &error);
  const char *expected[][2] = {
    { "company_name", "" },
    { "company_address", "" },
    { "po_prefix", "PO" },
    { "handling_days", "1" },
    { "chase_days", "3" },
    { "allocation_policy", "fifo" },
    { "ftc_rule", "on" },
    { "ftc_days", "30" },
    { "follow_up_days", "7" },
    { "service_level", "0.95" },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (settings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < settings->len; i++)
    {
      BdTeamSetting *setting = g_ptr_array_index (settings, i);

      g_assert_cmpstr (setting->spec->key, ==, expected[i][0]);
      g_assert_cmpstr (setting->value, ==, expected[i][1]);
      g_assert_false (setting->is_set);
    }

  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "handling_days"), ==, 1);
  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "chase_days"), ==, 3);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM team_settings"), ==, 0);
}

/* Each setting set and read back, as stored: numbers in one spelling,
 * choices in lower case, text without the spaces around it. */
static void
test_team_settings_round_trip (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *cases[][3] = {
    { "company_name", "  Acme Homeware Ltd ", "Acme Homeware Ltd" },
    { "company_address", "1 Harbour Road\nGöteborg", "1 Harbour Road\nGöteborg" },
    { "po_prefix", "ACME", "ACME" },
    { "handling_days", " 2", "2" },
    { "chase_days", "007", "7" },
    { "allocation_policy", "Priority", "priority" },
    { "ftc_rule", "off", "off" },
    { "ftc_days", "21", "21" },
    { "follow_up_days", "14", "14" },
    { "service_level", " 0.990 ", "0.99" },
  };
  g_autoptr(GPtrArray) settings = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *batch = NULL;
      g_autofree char *value = NULL;

      g_assert_true (bd_team_settings_set (fixture->store, cases[i][0], cases[i][1], &batch, &error));
      g_assert_no_error (error);
      g_assert_nonnull (batch);
      value = bd_team_settings_get (fixture->store, cases[i][0], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, cases[i][2]);
    }

  settings = bd_team_settings_list (fixture->store, &error);
  for (guint i = 0; i < settings->len; i++)
    g_assert_true (((BdTeamSetting *)g_ptr_array_index (settings, i))->is_set);
  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "chase_days"), ==, 7);

  /* each change is an event with the old and new value */
  {
    g_autofree char *event = bd_test_text (fixture->store,
                                           "SELECT author || '|' || field || '|' || coalesce(old_value, 'NULL')"
                                           " || '|' || new_value FROM events WHERE action = 'setting'"
                                           " AND field = 'chase_days'");
    g_assert_cmpstr (event, ==, "Tester|chase_days|NULL|7");
  }

  /* set again: the old value is in the event, the row is the same row */
  g_assert_true (bd_team_settings_set (fixture->store, "chase_days", "5", NULL, &error));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM team_settings"), ==, 10);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'setting'"
                                                  " AND old_value = '7' AND new_value = '5'"), ==, 1);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT dirty FROM team_settings WHERE key = 'chase_days'"), ==, 1);
}

/* Every machine gives a key's row the same uuid, so that sync finds one
 * row where two machines set it offline. */
static void
test_team_settings_uuid (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) other = bd_test_store_new (&dir);
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;
  g_autofree char *derived = bd_team_setting_uuid ("po_prefix");
  g_autofree char *other_key = bd_team_setting_uuid ("chase_days");

  g_assert_true (bd_team_settings_set (fixture->store, "po_prefix", "ACME", NULL, &error));
  g_assert_true (bd_team_settings_set (other, "po_prefix", "XYZ", NULL, &error));
  g_assert_no_error (error);

  here = bd_test_text (fixture->store, "SELECT uuid FROM team_settings WHERE key = 'po_prefix'");
  there = bd_test_text (other, "SELECT uuid FROM team_settings WHERE key = 'po_prefix'");
  g_assert_cmpstr (here, ==, there);
  g_assert_cmpstr (here, ==, derived);
  g_assert_cmpstr (other_key, !=, derived);
  /* a version 5 uuid */
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                                       here, 0, 0));

  g_clear_object (&other);
  bd_test_rm_rf (dir);
}

/* Setting what is already set writes nothing. */
static void
test_team_settings_unchanged (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *batch = NULL;
  guint changed;

  g_assert_true (bd_team_settings_set (fixture->store, "handling_days", "2", NULL, &error));
  before = bd_test_dump (fixture->store);
  changed = fixture->changed;

  g_assert_true (bd_team_settings_set (fixture->store, "handling_days", " 2 ", &batch, &error));
  g_assert_no_error (error);
  g_assert_null (batch);
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (fixture->changed, ==, changed);
}

static void
assert_refused (BdStore    *store,
                const char *key,
                const char *value,
                int         code,
                const char *fragment)
{
  g_autofree char *before = bd_test_dump (store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_team_settings_set (store, key, value, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in the error: %s", fragment, error->message);

  after = bd_test_dump (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_team_settings_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  /* something set already, so that "unchanged" means something */
  g_assert_true (bd_team_settings_set (fixture->store, "handling_days", "2", NULL, &error));

  assert_refused (fixture->store, "handeling_days", "2", BD_STORE_ERROR_NOT_FOUND,
                  "There is no team setting “handeling_days”: expected one of company_name, "
                  "company_address, po_prefix, handling_days, chase_days, allocation_policy, ftc_rule, ftc_days, "
                  "follow_up_days");
  assert_refused (fixture->store, "handling_days", "two", BD_STORE_ERROR_INVALID,
                  "The handling days (handling_days) expects a whole number from 0 to 365, found “two”");
  assert_refused (fixture->store, "handling_days", "-1", BD_STORE_ERROR_INVALID,
                  "The handling days (handling_days) expects a whole number from 0 to 365");
  assert_refused (fixture->store, "chase_days", "366", BD_STORE_ERROR_INVALID,
                  "The days before chasing (chase_days) expects a whole number from 0 to 365, found “366”");
  assert_refused (fixture->store, "allocation_policy", "lifo", BD_STORE_ERROR_INVALID,
                  "The default allocation policy (allocation_policy) expects one of fifo, priority, complete, found “lifo”");
  assert_refused (fixture->store, "po_prefix", "PO-1", BD_STORE_ERROR_INVALID,
                  "The PO number prefix (po_prefix) expects letters A to Z and digits only");
  assert_refused (fixture->store, "po_prefix", "Ä", BD_STORE_ERROR_INVALID,
                  "The PO number prefix (po_prefix) expects letters A to Z and digits only");
  assert_refused (fixture->store, "po_prefix", "  ", BD_STORE_ERROR_INVALID, "The PO number prefix (po_prefix) cannot be empty");
  assert_refused (fixture->store, "po_prefix", "ABCDEFGHIJK", BD_STORE_ERROR_INVALID,
                  "The PO number prefix (po_prefix) takes at most 10 characters, found 11");

  /* and reading an unknown key says so too */
  value = bd_team_settings_get (fixture->store, "colour", &error);
  g_assert_null (value);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

/* What sync brought from a newer version, that this one cannot read as a
 * number: the code that uses it takes the default. */
static void
test_team_settings_foreign_value (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                                " VALUES ('chase_days', 'three', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                &error));
  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "chase_days"), ==, 3);

  /* and a tombstoned row is not set */
  g_assert_true (bd_store_exec (fixture->store, "UPDATE team_settings SET value = '9', deleted = 1", &error));
  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "chase_days"), ==, 3);
  g_assert_true (bd_team_settings_set (fixture->store, "chase_days", "9", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_team_settings_get_int (fixture->store, "chase_days"), ==, 9);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT deleted FROM team_settings"), ==, 0);
}

/* The PO numbers follow the prefix. */
static void
test_team_settings_po_prefix (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  g_assert_true (bd_team_settings_set (fixture->store, "po_prefix", "acme", NULL, &error));
  g_assert_true (bd_store_begin (fixture->store, &error));
  number = bd_po_number_next (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_commit (fixture->store, &error));
  g_assert_true (g_str_has_prefix (number, "acme-"));
  g_assert_true (g_str_has_suffix (number, "-0001"));
}

/* The settings of customer communication are these same rows: what the
 * delay notices and follow-ups read follows what is set. */
static void
test_team_settings_communication (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_delay_notices_enabled (fixture->store));
  g_assert_cmpint (bd_followups_cadence_days (fixture->store), ==, 7);

  g_assert_true (bd_team_settings_set (fixture->store, "ftc_rule", "OFF", NULL, &error));
  g_assert_true (bd_team_settings_set (fixture->store, "follow_up_days", "10", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bd_delay_notices_enabled (fixture->store));
  g_assert_cmpint (bd_followups_cadence_days (fixture->store), ==, 10);

  g_assert_false (bd_team_settings_set (fixture->store, "follow_up_days", "0", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bd_team_settings_set (fixture->store, "ftc_rule", "maybe", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
}

/* Listeners hear of a change (the Preferences window reads it again). */
static void
test_team_settings_changed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_team_settings_set (fixture->store, "company_name", "Acme", NULL, &error));
  g_assert_cmpuint (fixture->changed, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, bd_test_store_fixture_set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/team-settings/defaults", test_team_settings_defaults);
  ADD ("/team-settings/round-trip", test_team_settings_round_trip);
  ADD ("/team-settings/uuid", test_team_settings_uuid);
  ADD ("/team-settings/unchanged", test_team_settings_unchanged);
  ADD ("/team-settings/errors", test_team_settings_errors);
  ADD ("/team-settings/foreign-value", test_team_settings_foreign_value);
  ADD ("/team-settings/po-prefix", test_team_settings_po_prefix);
  ADD ("/team-settings/changed", test_team_settings_changed);
  ADD ("/team-settings/communication", test_team_settings_communication);

  return g_test_run ();
}
