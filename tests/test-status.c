/* test-status.c: the statuses and priorities of a line, and what a person
 * may set by hand
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-status"

#include "config.h"

#include "bd-actions.h"
#include "bd-status.h"
#include "bd-test-util.h"

/* Every pair, written out: DESIGN.md says by hand a person may mark an open
 * line shipped, cancel an open line, or reopen a cancelled one (to waiting);
 * on_order and allocated are purchasing's. */
static const struct
{
  const char *from;
  const char *to[6];
} allowed[] = {
  { NULL, { NULL } },
  { "waiting", { "shipped", "cancelled", NULL } },
  { "on_order", { "shipped", "cancelled", NULL } },
  { "allocated", { "shipped", "cancelled", NULL } },
  { "shipped", { NULL } },
  { "cancelled", { "waiting", NULL } },
};

static void
test_status_by_hand (void)
{
  const char * const *statuses = bd_statuses ();

  g_assert_cmpuint (g_strv_length ((char **)statuses), ==, 5);
  g_assert_cmpuint (G_N_ELEMENTS (allowed), ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      const char *from = allowed[i].from;

      for (guint t = 0; statuses[t] != NULL; t++)
        {
          const char *to = statuses[t];
          gboolean expected = g_strv_contains (allowed[i].to, to);
          const char *why = bd_status_why_not_by_hand (from, to);

          if (g_test_verbose ())
            g_test_message ("%s -> %s: %s", from, to, why ? why : "allowed");
          g_assert_cmpint (bd_status_can_set_by_hand (from, to), ==, expected);
          if (expected)
            g_assert_null (why);
          else
            g_assert_true (why != NULL && *why != '\0');
        }

      g_assert_false (bd_status_can_set_by_hand (from, NULL));
      g_assert_false (bd_status_can_set_by_hand (from, "lost"));
    }

  /* purchasing's statuses say whose they are */
  g_assert_nonnull (strstr (bd_status_why_not_by_hand ("waiting", "on_order"), "purchasing"));
  g_assert_nonnull (strstr (bd_status_why_not_by_hand ("shipped", "cancelled"), "already shipped"));
  g_assert_false (bd_status_can_set_by_hand ("lost", "shipped"));
}

/* The list a person chooses from is exactly the statuses some line may be
 * set to by hand. */
static void
test_status_set_by_hand_list (void)
{
  const char * const *statuses = bd_statuses ();
  const char * const *by_hand = bd_statuses_set_by_hand ();

  for (guint t = 0; statuses[t] != NULL; t++)
    {
      gboolean reachable = FALSE;

      for (guint f = 0; statuses[f] != NULL; f++)
        reachable |= bd_status_can_set_by_hand (statuses[f], statuses[t]);
      g_assert_cmpint (g_strv_contains (by_hand, statuses[t]), ==, reachable);
    }

  for (guint i = 0; by_hand[i] != NULL; i++)
    g_assert_true (bd_status_is_valid (by_hand[i]));
}

static void
test_status_open (void)
{
  const char * const *statuses = bd_statuses ();
  const char *open[] = { "waiting", "on_order", "allocated", NULL };
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);

  for (guint t = 0; statuses[t] != NULL; t++)
    {
      /* the SQL list the queries use agrees with C */
      g_autofree char *sql = g_strdup_printf ("SELECT '%s' IN (%s)", statuses[t], bd_status_open_sql ());

      g_assert_true (bd_status_is_valid (statuses[t]));
      g_assert_cmpint (bd_status_is_open (statuses[t]), ==, g_strv_contains (open, statuses[t]));
      g_assert_cmpint (bd_test_count (store, sql), ==, bd_status_is_open (statuses[t]));
      g_assert_cmpstr (bd_status_label (statuses[t]), !=, "");
    }

  g_assert_false (bd_status_is_open (NULL));
  g_assert_false (bd_status_is_open ("lost"));
  g_assert_false (bd_status_is_valid (NULL));
  g_assert_false (bd_status_is_valid ("lost"));
  g_assert_false (bd_status_is_valid (""));
  g_assert_cmpstr (bd_status_label ("lost"), ==, "");

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

static void
test_priority (void)
{
  g_assert_cmpint (BD_PRIORITY_MIN, ==, 0);
  g_assert_cmpint (BD_PRIORITY_MAX, ==, 2);
  g_assert_false (bd_priority_is_valid (BD_PRIORITY_MIN - 1));
  g_assert_false (bd_priority_is_valid (BD_PRIORITY_MAX + 1));
  g_assert_false (bd_priority_is_valid (G_MAXINT64));

  for (int p = BD_PRIORITY_MIN; p <= BD_PRIORITY_MAX; p++)
    {
      g_assert_true (bd_priority_is_valid (p));
      for (int q = BD_PRIORITY_MIN; q < p; q++)
        g_assert_cmpstr (bd_priority_label (p), !=, bd_priority_label (q));
    }
  g_assert_cmpstr (bd_priority_label (BD_PRIORITY_NORMAL), ==, "Normal");
  g_assert_cmpstr (bd_priority_label (BD_PRIORITY_URGENT), ==, "Urgent");
}

/* The store's actions and its schema follow the same rules: every pair
 * through bd_actions_set_status(), every priority, and the CHECKs. */
static void
test_status_store_agrees (void)
{
  const char * const *statuses = bd_statuses ();
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity\n"
                                      "SO-1,2026-03-01,C-1,MUG,1,1\n",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_actions_find_line (store, "SO-1/MUG", &id, &error));

  for (guint f = 0; statuses[f] != NULL; f++)
    for (guint t = 0; statuses[t] != NULL; t++)
      {
        g_autofree char *set = g_strdup_printf ("UPDATE order_lines SET status = '%s'", statuses[f]);
        gboolean ok;

        g_assert_true (bd_store_exec (store, set, &error));
        g_assert_no_error (error);
        ok = bd_actions_set_status (store, &id, 1, statuses[t], "a reason", FALSE, NULL, &error);
        g_assert_cmpint (ok, ==, bd_status_can_set_by_hand (statuses[f], statuses[t]));
        if (!ok)
          {
            g_assert_nonnull (strstr (error->message, bd_status_why_not_by_hand (statuses[f], statuses[t])));
            g_clear_error (&error);
          }
      }

  for (int p = BD_PRIORITY_MIN - 1; p <= BD_PRIORITY_MAX + 1; p++)
    {
      g_autofree char *set = g_strdup_printf ("UPDATE order_lines SET priority = %d", p);
      gboolean ok = bd_actions_set_priority (store, &id, 1, p, NULL, NULL);

      g_assert_cmpint (ok, ==, bd_priority_is_valid (p));
      g_assert_cmpint (bd_store_exec (store, set, NULL), ==, bd_priority_is_valid (p));
    }

  g_assert_false (bd_store_exec (store, "UPDATE order_lines SET status = 'lost'", NULL));

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/by-hand", test_status_by_hand);
  g_test_add_func ("/status/set-by-hand-list", test_status_set_by_hand_list);
  g_test_add_func ("/status/open", test_status_open);
  g_test_add_func ("/status/priority", test_priority);
  g_test_add_func ("/status/store-agrees", test_status_store_agrees);

  return g_test_run ();
}
