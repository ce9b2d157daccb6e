/* bd-actions.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-actions"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-actions.h"
#include "bd-actions-private.h"
#include "bd-backorder.h"

/* The fields of a line that a person changes by hand, and so the only ones
 * Undo writes back. Literal SQL per field keeps the statements cacheable. */
static const struct {
  const char *field;
  const char *update_sql;
  const char *select_sql;
} line_fields[] = {
  { "status",
    "UPDATE order_lines SET status = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3",
    "SELECT status FROM order_lines WHERE id = ?" },
  { "priority",
    "UPDATE order_lines SET priority = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3",
    "SELECT priority FROM order_lines WHERE id = ?" },
  { "shipped_at",
    "UPDATE order_lines SET shipped_at = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3",
    "SELECT shipped_at FROM order_lines WHERE id = ?" },
  { "cancelled_at",
    "UPDATE order_lines SET cancelled_at = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3",
    "SELECT cancelled_at FROM order_lines WHERE id = ?" },
  { "cancel_reason",
    "UPDATE order_lines SET cancel_reason = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3",
    "SELECT cancel_reason FROM order_lines WHERE id = ?" },
  { "refunded",
    "UPDATE order_lines SET refunded = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3",
    "SELECT refunded FROM order_lines WHERE id = ?" },
};

static int
line_field_index (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (line_fields); i++)
    if (g_strcmp0 (line_fields[i].field, field) == 0)
      return i;
  return -1;
}

gboolean
bd_action_begin (BdAction  *action,
                 BdStore   *store,
                 GError   **error)
{
  action->store = store;
  action->batch = bd_store_new_uuid (store);
  action->now = bd_store_now_iso (store);
  if (bd_store_begin (store, error))
    return TRUE;

  /* a store that cannot be written, or stays busy: nothing to finish */
  g_clear_pointer (&action->batch, g_free);
  g_clear_pointer (&action->now, g_free);
  return FALSE;
}

gboolean
bd_action_finish (BdAction  *action,
                  gboolean   ok,
                  char     **batch,
                  GError   **error)
{
  if (ok)
    ok = bd_store_commit (action->store, error);
  else
    bd_store_rollback (action->store);

  if (ok)
    {
      /* what any action may write: the lines, their notes, complaints and
       * events */
      bd_store_emit_changed_tables (action->store, (const char * const[]) {
                                      "order_lines", "notes", "complaints", "events", NULL });
      if (batch != NULL)
        *batch = g_steal_pointer (&action->batch);
    }

  g_clear_pointer (&action->batch, g_free);
  g_clear_pointer (&action->now, g_free);
  return ok;
}

/* Sets one field of a line and logs it, if it really changes. */
static gboolean
set_line_field (BdAction    *action,
                const char  *event_action,
                gint64       line_id,
                const char  *uuid,
                const char  *field,
                const char  *old_value,
                const char  *new_value,
                GError     **error)
{
  int i = line_field_index (field);
  sqlite3_stmt *stmt;

  g_assert (i >= 0);

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  stmt = bd_store_cached (action->store, line_fields[i].update_sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, new_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, line_id);
  if (!bd_store_step_done (action->store, stmt, error))
    return FALSE;

  return bd_store_add_event (action->store, action->batch, event_action, "order_lines", uuid,
                             line_id, field, old_value, new_value, error);
}

gboolean
bd_actions_find_line (BdStore     *store,
                      const char  *ref,
                      gint64      *line_id,
                      GError     **error)
{
  g_autoptr(GString) candidates = g_string_new (NULL);
  sqlite3_stmt *stmt;
  const char *slash;
  gint64 found_id = 0;
  guint n_found = 0;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  stmt = bd_store_cached (store, "SELECT id FROM order_lines WHERE uuid = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *line_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);

  /* ORDER/SKU; either part may hold a slash itself, so try every split. Two
   * splits can both name a line (order “A” with SKU “B/C” and order “A/B”
   * with SKU “C” are both “A/B/C”): then the REF is refused, not guessed. */
  stmt = bd_store_cached (store,
                          "SELECT l.id, l.uuid FROM order_lines l"
                          " JOIN orders o ON o.id = l.order_id"
                          " JOIN products p ON p.id = l.product_id"
                          " WHERE o.ref = ? AND p.sku = ? AND l.deleted = 0",
                          error);
  if (stmt == NULL)
    return FALSE;

  for (slash = strchr (ref, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, ref, slash - ref, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, slash + 1, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *order_ref = g_strndup (ref, slash - ref);

          if (n_found == 0)
            found_id = sqlite3_column_int64 (stmt, 0);
          else
            g_string_append (candidates, "\n");
          g_string_append_printf (candidates, _("%s (order “%s”, SKU “%s”)"),
                                  (const char *)sqlite3_column_text (stmt, 1), order_ref, slash + 1);
          n_found++;
        }
    }
  sqlite3_reset (stmt);

  if (n_found == 1)
    {
      *line_id = found_id;
      return TRUE;
    }
  if (n_found > 1)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_AMBIGUOUS,
                   _("“%s” names more than one backorder line; give the uuid of the one you mean:\n%s"),
                   ref, candidates->str);
      return FALSE;
    }

  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
               _("There is no backorder line “%s” (expected ORDER/SKU, like SO-1001/MUG-RED)"),
               ref);
  return FALSE;
}

typedef struct
{
  gint64 id;
  char *uuid;
  char *ref;
  char *status;
  char *shipped_at;
  char *cancelled_at;
  char *cancel_reason;
  char *refunded;
  char *priority;
} LineState;

static void
line_state_clear (LineState *state)
{
  g_free (state->uuid);
  g_free (state->ref);
  g_free (state->status);
  g_free (state->shipped_at);
  g_free (state->cancelled_at);
  g_free (state->cancel_reason);
  g_free (state->refunded);
  g_free (state->priority);
}

static gboolean
load_line_state (BdStore    *store,
                 gint64      id,
                 LineState  *state,
                 GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bd_store_cached (store,
                          "SELECT l.uuid, o.ref || '/' || p.sku, l.status, l.shipped_at,"
                          "  l.cancelled_at, l.cancel_reason, l.refunded, l.priority"
                          " FROM order_lines l"
                          " JOIN orders o ON o.id = l.order_id"
                          " JOIN products p ON p.id = l.product_id"
                          " WHERE l.id = ? AND l.deleted = 0",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                     _("The order line no longer exists"));
      else
        bd_store_set_sql_error (store, error, _("reading an order line"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  state->id = id;
  state->uuid = bd_stmt_dup_text (stmt, 0);
  state->ref = bd_stmt_dup_text (stmt, 1);
  state->status = bd_stmt_dup_text (stmt, 2);
  state->shipped_at = bd_stmt_dup_text (stmt, 3);
  state->cancelled_at = bd_stmt_dup_text (stmt, 4);
  state->cancel_reason = bd_stmt_dup_text (stmt, 5);
  state->refunded = bd_stmt_dup_text (stmt, 6);
  state->priority = bd_stmt_dup_text (stmt, 7);
  sqlite3_reset (stmt);

  return TRUE;
}

/* Fails, saying so, if the line is not there (any more). */
gboolean
bd_action_check_line (BdAction  *action,
                      gint64     line_id,
                      GError   **error)
{
  LineState state = { 0, };

  if (!load_line_state (action->store, line_id, &state, error))
    return FALSE;

  line_state_clear (&state);
  return TRUE;
}

static const char *
status_verb (const char *status)
{
  if (g_strcmp0 (status, "shipped") == 0)
    return _("marked shipped");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("cancelled");
  if (g_strcmp0 (status, "waiting") == 0)
    return _("reopened");
  return _("changed");
}

gboolean
bd_actions_set_status (BdStore       *store,
                       const gint64  *line_ids,
                       guint          n_lines,
                       const char    *status,
                       const char    *reason,
                       gboolean       refunded,
                       char         **batch,
                       GError       **error)
{
  g_autoptr(GString) refused = g_string_new (NULL);
  g_autofree LineState *states = NULL;
  g_autofree char *reason_copy = NULL;
  guint n_refused = 0;
  gboolean ok = TRUE;
  BdAction action = { 0, };

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  /* a status purchasing sets is refused per line below, with the reason */
  if (!bd_status_is_valid (status))
    {
      g_autofree char *known = g_strjoinv (", ", (char **)bd_statuses_set_by_hand ());
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not a status: expected one of %s"),
                   status ? status : "", known);
      return FALSE;
    }

  if (n_lines == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("No lines are selected"));
      return FALSE;
    }

  reason_copy = g_strstrip (g_strdup (reason ? reason : ""));
  if (g_strcmp0 (status, "cancelled") == 0 && *reason_copy == '\0')
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("A cancellation needs a reason"));
      return FALSE;
    }

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  states = g_new0 (LineState, n_lines);

  /* Check every line first: a bulk change is all or nothing. */
  for (guint i = 0; i < n_lines && ok; i++)
    {
      const char *why;

      if (!(ok = load_line_state (store, line_ids[i], &states[i], error)))
        break;

      why = bd_status_why_not_by_hand (states[i].status, status);
      if (why != NULL)
        {
          if (n_refused < 5)
            g_string_append_printf (refused, "\n%s: %s", states[i].ref, why);
          n_refused++;
        }
    }

  if (ok && n_refused > 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u line cannot be %s, so nothing was changed:%s",
                                "%u lines cannot be %s, so nothing was changed:%s",
                                n_refused),
                   n_refused, status_verb (status), refused->str);
      ok = FALSE;
    }

  for (guint i = 0; i < n_lines && ok; i++)
    {
      LineState *s = &states[i];
      const char *act = "status";

      ok = set_line_field (&action, act, s->id, s->uuid, "status", s->status, status, error);

      if (ok && g_strcmp0 (status, "shipped") == 0)
        ok = set_line_field (&action, act, s->id, s->uuid, "shipped_at", s->shipped_at, action.now, error);
      else if (ok && g_strcmp0 (status, "cancelled") == 0)
        ok = set_line_field (&action, act, s->id, s->uuid, "cancelled_at", s->cancelled_at, action.now, error) &&
             set_line_field (&action, act, s->id, s->uuid, "cancel_reason", s->cancel_reason, reason_copy, error) &&
             set_line_field (&action, act, s->id, s->uuid, "refunded", s->refunded, refunded ? "1" : "0", error);
      /* a reopen keeps the refund on record: the money went back, and
       * the history of the cancel says why */
      else if (ok && g_strcmp0 (status, "waiting") == 0)
        ok = set_line_field (&action, act, s->id, s->uuid, "cancelled_at", s->cancelled_at, NULL, error) &&
             set_line_field (&action, act, s->id, s->uuid, "cancel_reason", s->cancel_reason, NULL, error);
    }

  for (guint i = 0; i < n_lines; i++)
    line_state_clear (&states[i]);

  return bd_action_finish (&action, ok, batch, error);
}

gboolean
bd_actions_set_priority (BdStore       *store,
                         const gint64  *line_ids,
                         guint          n_lines,
                         int            priority,
                         char         **batch,
                         GError       **error)
{
  g_autofree char *value = NULL;
  gboolean ok = TRUE;
  BdAction action = { 0, };

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!bd_priority_is_valid (priority))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Priority %d does not exist: expected %d (normal) to %d (urgent)"),
                   priority, BD_PRIORITY_MIN, BD_PRIORITY_MAX);
      return FALSE;
    }

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  value = g_strdup_printf ("%d", priority);
  for (guint i = 0; i < n_lines && ok; i++)
    {
      LineState state = { 0, };

      ok = load_line_state (store, line_ids[i], &state, error) &&
           set_line_field (&action, "priority", state.id, state.uuid, "priority",
                           state.priority, value, error);
      line_state_clear (&state);
    }

  return bd_action_finish (&action, ok, batch, error);
}

static gboolean
undo_one (BdAction     *action,
          sqlite3_stmt *event,
          GError      **error)
{
  const char *entity = (const char *)sqlite3_column_text (event, 0);
  const char *uuid = (const char *)sqlite3_column_text (event, 1);
  gint64 line_id = sqlite3_column_int64 (event, 2);
  const char *field = (const char *)sqlite3_column_text (event, 4);
  const char *old_value = (const char *)sqlite3_column_text (event, 5);
  const char *new_value = (const char *)sqlite3_column_text (event, 6);
  int i;

  if (g_strcmp0 (entity, "notes") == 0 || g_strcmp0 (entity, "complaints") == 0)
    return bd_notes_undo_event (action, event, error);
  if (g_strcmp0 (entity, "products") == 0)
    return bd_products_undo_event (action, event, error);

  i = line_field_index (field);
  if (g_strcmp0 (entity, "order_lines") == 0 && i >= 0)
    {
      g_autofree char *current = NULL;
      sqlite3_stmt *stmt = bd_store_cached (action->store, line_fields[i].select_sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, line_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        current = bd_stmt_dup_text (stmt, 0);
      sqlite3_reset (stmt);

      if (g_strcmp0 (current, new_value) != 0)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("The line has changed since, so this cannot be undone"));
          return FALSE;
        }

      return set_line_field (action, "undo", line_id, uuid, field, new_value, old_value, error);
    }

  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
               _("This kind of change cannot be undone"));
  return FALSE;
}

gboolean
bd_actions_undo (BdStore     *store,
                 const char  *batch,
                 GError     **error)
{
  g_autoptr(BdStmt) events = NULL;
  BdAction action = { 0, };
  gboolean ok = TRUE;
  guint n = 0;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  events = bd_store_prepare (store, BD_ACTION_UNDO_SELECT " WHERE batch = ? ORDER BY id DESC",
                             error);
  if (events == NULL)
    return bd_action_finish (&action, FALSE, NULL, error);

  sqlite3_bind_text (events, 1, batch, -1, SQLITE_STATIC);
  while (ok && sqlite3_step (events) == SQLITE_ROW)
    {
      ok = undo_one (&action, events, error);
      n++;
    }

  if (ok && n == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is nothing to undo"));
      ok = FALSE;
    }

  return bd_action_finish (&action, ok, NULL, error);
}
