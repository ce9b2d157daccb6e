/* bd-followups.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-followups"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-followups.h"
#include "bd-purchasing-private.h"
#include "bd-status.h"
#include "bd-util.h"

void
bd_followup_free (gpointer data)
{
  BdFollowup *followup = data;

  if (followup == NULL)
    return;

  g_free (followup->customer_ref);
  g_free (followup->customer_name);
  g_free (followup->email);
  g_free (followup->last_contact);
  g_free (followup->due);
  g_free (followup);
}

int
bd_followups_cadence_days (BdStore *store)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT value FROM team_settings"
                                                    " WHERE key = 'follow_up_days' AND deleted = 0", NULL);
  gint64 days = BD_FOLLOW_UP_DEFAULT_DAYS;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *problem = NULL;

      if (!bd_parse_int ((const char *)sqlite3_column_text (stmt, 0), 1, 365, &days, &problem))
        days = BD_FOLLOW_UP_DEFAULT_DAYS;
    }

  return (int)days;
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const BdFollowup *x = *(BdFollowup * const *)a;
  const BdFollowup *y = *(BdFollowup * const *)b;
  int by_due = g_strcmp0 (x->due, y->due);

  return by_due != 0 ? by_due : g_strcmp0 (x->customer_ref, y->customer_ref);
}

/* The customers with open lines whose next contact is due today or
 * earlier (@all: every customer with open lines), the most overdue first. */
GPtrArray *
bd_followups_list (BdStore   *store,
                   gboolean   all,
                   GError   **error)
{
  g_autoptr(GPtrArray) followups = g_ptr_array_new_with_free_func (bd_followup_free);
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *today = NULL;
  int cadence;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  cadence = bd_followups_cadence_days (store);
  today = bd_purchasing_today (store);
  sql = g_strdup_printf ("SELECT c.id, c.ref, c.name, c.email, count(*), min(l.ordered_at),"
                         " (SELECT l2.id FROM order_lines l2 WHERE l2.customer_id = c.id"
                         "   AND l2.backordered_quantity > 0 AND l2.deleted = 0 AND l2.status IN (%s)"
                         "   ORDER BY l2.ordered_at, l2.id LIMIT 1),"
                         " (SELECT max(coalesce(m.sent_at, m.created_at)) FROM messages m"
                         "   WHERE m.customer_id = c.id AND m.direction = 'out' AND m.deleted = 0"
                         "   AND m.status IN ('sent', 'saved', 'handed_to_client'))"
                         " FROM order_lines l JOIN customers c ON c.id = l.customer_id"
                         " WHERE l.backordered_quantity > 0 AND l.deleted = 0 AND l.status IN (%s)"
                         " GROUP BY c.id", bd_status_open_sql (), bd_status_open_sql ());
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *last = (const char *)sqlite3_column_text (stmt, 7);
      g_autofree char *base = bd_format_local_date (last != NULL ? last : (const char *)sqlite3_column_text (stmt, 5));
      g_autofree char *due = bd_purchasing_add_days (base, cadence);
      BdFollowup *followup;

      if (due == NULL || (!all && g_strcmp0 (due, today) > 0))
        continue;

      followup = g_new0 (BdFollowup, 1);
      followup->customer_id = sqlite3_column_int64 (stmt, 0);
      followup->customer_ref = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      followup->customer_name = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      followup->email = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      followup->n_open_lines = sqlite3_column_int (stmt, 4);
      followup->oldest_line_id = sqlite3_column_int64 (stmt, 6);
      followup->last_contact = last != NULL ? bd_format_local_date (last) : NULL;
      followup->due = g_steal_pointer (&due);
      g_ptr_array_add (followups, followup);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the customers to follow up"));
      return NULL;
    }

  g_ptr_array_sort (followups, compare_due);
  return g_steal_pointer (&followups);
}
