/* bd-history.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-history"

#include "config.h"

#include "bd-event.h"
#include "bd-history.h"

void
bd_history_entry_free (gpointer data)
{
  BdHistoryEntry *entry = data;

  g_free (entry->at);
  g_free (entry->author);
  g_free (entry->action);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry->subject);
  g_free (entry->refused_reason);
  g_clear_pointer (&entry->changes, g_ptr_array_unref);
  g_free (entry);
}

static void
history_change_free (gpointer data)
{
  BdHistoryChange *change = data;

  g_free (change->field);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

/* The change of @field in @entry, or NULL. */
const BdHistoryChange *
bd_history_entry_find (const BdHistoryEntry *entry,
                       const char           *field)
{
  g_return_val_if_fail (entry != NULL, NULL);

  for (guint i = 0; i < entry->changes->len; i++)
    {
      const BdHistoryChange *change = g_ptr_array_index (entry->changes, i);

      if (g_strcmp0 (change->field, field) == 0)
        return change;
    }

  return NULL;
}

/* The history of a line, oldest first: BdHistoryEntry. */
GPtrArray *
bd_history_list (BdStore     *store,
                 gint64       line_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *last_batch = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           /* the line's creation is the first entry: imports do not
                            * write an event for each row they create */
                           "SELECT created_at, '', 'created', NULL, NULL, NULL, 0, NULL, NULL, NULL"
                           " FROM order_lines WHERE id = ?1"
                           " UNION ALL "
                           /* a deleted note's event says which note in its text, a
                            * message's which message in its subject (a text
                            * message's in its text) */
                           "SELECT e.created_at, e.author, e.action, e.field, e.old_value, e.new_value, e.id,"
                           "  e.batch, coalesce (n.body, m.subject, m.body), " BD_EVENT_REFUSED_REASON ("e.")
                           " FROM events e LEFT JOIN notes n ON e.entity = 'notes' AND n.uuid = e.entity_uuid"
                           " LEFT JOIN messages m ON e.entity = 'message' AND m.uuid = e.entity_uuid"
                           /* by time: a change another machine made earlier
                            * arrives with a sync after later ones, and a
                            * later id; within a second, as written */
                           " WHERE e.line_id = ?1 ORDER BY 1, 7",
                           error);
  if (stmt == NULL)
    return NULL;

  /* the events of one batch (one action, one import) are one entry */
  entries = g_ptr_array_new_with_free_func (bd_history_entry_free);
  sqlite3_bind_int64 (stmt, 1, line_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *batch = (const char *)sqlite3_column_text (stmt, 7);
      const char *action = (const char *)sqlite3_column_text (stmt, 2);
      BdHistoryEntry *entry = NULL;
      BdHistoryChange *change;

      if (batch != NULL && g_strcmp0 (batch, last_batch) == 0 && entries->len > 0)
        {
          entry = g_ptr_array_index (entries, entries->len - 1);
          /* an undo and what it undid never share a batch, but keep apart
           * what is not the same action */
          if (g_strcmp0 (entry->action, action) != 0)
            entry = NULL;
        }

      if (entry == NULL)
        {
          entry = g_new0 (BdHistoryEntry, 1);
          entry->at = bd_stmt_dup_text (stmt, 0);
          entry->author = bd_stmt_dup_text (stmt, 1);
          entry->action = g_strdup (action);
          entry->field = bd_stmt_dup_text (stmt, 3);
          entry->old_value = bd_stmt_dup_text (stmt, 4);
          entry->new_value = bd_stmt_dup_text (stmt, 5);
          entry->subject = bd_stmt_dup_text (stmt, 8);
          entry->refused_reason = bd_stmt_dup_text (stmt, 9);
          entry->changes = g_ptr_array_new_with_free_func (history_change_free);
          g_ptr_array_add (entries, entry);
        }

      change = g_new0 (BdHistoryChange, 1);
      change->field = bd_stmt_dup_text (stmt, 3);
      change->old_value = bd_stmt_dup_text (stmt, 4);
      change->new_value = bd_stmt_dup_text (stmt, 5);
      g_ptr_array_add (entry->changes, change);

      g_free (last_batch);
      last_batch = g_strdup (batch);
    }

  return g_steal_pointer (&entries);
}
