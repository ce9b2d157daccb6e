/* bd-notes.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-notes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-actions-private.h"
#include "bd-incentives.h"
#include "bd-notes.h"

static const char * const complaint_categories[] = {
  "delay", "communication", "refund", "product", "other", NULL
};

/* The kinds of complaint, as stored; bd_complaint_category_label() names
 * them for people. */
const char * const *
bd_complaint_categories (void)
{
  return complaint_categories;
}

gboolean
bd_complaint_category_is_valid (const char *category)
{
  return category != NULL && g_strv_contains (complaint_categories, category);
}

/* A category's translated name; one this version does not know (synced
 * from a newer one) is shown as it is stored. */
const char *
bd_complaint_category_label (const char *category)
{
  if (g_strcmp0 (category, "delay") == 0)
    return C_("complaint", "Delay");
  if (g_strcmp0 (category, "communication") == 0)
    return C_("complaint", "Communication");
  if (g_strcmp0 (category, "refund") == 0)
    return C_("complaint", "Refund");
  if (g_strcmp0 (category, "product") == 0)
    return C_("complaint", "Product");
  if (g_strcmp0 (category, "other") == 0)
    return C_("complaint", "Other");
  return category ? category : "";
}

void
bd_note_free (gpointer data)
{
  BdNote *note = data;

  g_free (note->uuid);
  g_free (note->at);
  g_free (note->author);
  g_free (note->kind);
  g_free (note->category);
  g_free (note->body);
  g_free (note->resolution);
  g_free (note->owner);
  g_free (note->status);
  g_free (note->currency);
  g_free (note->refused_reason);
  g_free (note);
}

static gboolean
insert_note_like (BdAction    *action,
                  gint64       line_id,
                  const char  *table,
                  const char  *category,
                  const char  *text,
                  GError     **error)
{
  g_autofree char *uuid = bd_store_new_uuid (action->store);
  sqlite3_stmt *stmt;
  gboolean is_note = g_str_equal (table, "notes");

  if (!bd_action_check_line (action, line_id, error))
    return FALSE;

  if (is_note)
    stmt = bd_store_cached (action->store,
                            "INSERT INTO notes (uuid, created_at, updated_at, line_id, author, body)"
                            " VALUES (?1, ?2, ?2, ?3, ?4, ?5)", error);
  else
    stmt = bd_store_cached (action->store,
                            "INSERT INTO complaints (uuid, created_at, updated_at, line_id, author, body, category)"
                            " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, line_id);
  sqlite3_bind_text (stmt, 4, bd_store_get_author (action->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  if (!is_note)
    sqlite3_bind_text (stmt, 6, category, -1, SQLITE_STATIC);

  return bd_store_step_done (action->store, stmt, error) &&
         bd_store_add_event (action->store, action->batch, is_note ? "note" : "complaint",
                             table, uuid, line_id, category, NULL, text, error);
}

gboolean
bd_notes_add (BdStore     *store,
              gint64       line_id,
              const char  *text,
              char       **batch,
              GError     **error)
{
  g_autofree char *body = g_strstrip (g_strdup (text ? text : ""));
  BdAction action = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (*body == '\0')
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("A note needs some text"));
      return FALSE;
    }

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  ok = insert_note_like (&action, line_id, "notes", NULL, body, error);
  return bd_action_finish (&action, ok, batch, error);
}

gboolean
bd_notes_add_complaint (BdStore     *store,
                        gint64       line_id,
                        const char  *category,
                        const char  *text,
                        char       **batch,
                        GError     **error)
{
  g_autofree char *body = g_strstrip (g_strdup (text ? text : ""));
  BdAction action = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!bd_complaint_category_is_valid (category))
    {
      g_autofree char *known = g_strjoinv (", ", (char **)complaint_categories);
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not a complaint category: expected one of %s"),
                   category ? category : "", known);
      return FALSE;
    }

  if (*body == '\0')
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("A complaint needs a description"));
      return FALSE;
    }

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  ok = insert_note_like (&action, line_id, "complaints", category, body, error);
  return bd_action_finish (&action, ok, batch, error);
}

/* A note as edit and delete find it. */
typedef struct
{
  gint64 line_id;
  char *author;
  char *body;
  gboolean deleted;
} NoteState;

static void
note_state_clear (NoteState *state)
{
  g_free (state->author);
  g_free (state->body);
}

static gboolean
load_note (BdStore     *store,
           const char  *uuid,
           NoteState   *state,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bd_store_cached (store, "SELECT line_id, author, body, deleted FROM notes WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->line_id = sqlite3_column_int64 (stmt, 0);
      state->author = bd_stmt_dup_text (stmt, 1);
      state->body = bd_stmt_dup_text (stmt, 2);
      state->deleted = sqlite3_column_int (stmt, 3) != 0;
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no note “%s”"), uuid);
  else
    bd_store_set_sql_error (store, error, _("reading a note"));
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

/* The note @uuid, there and written by the person at this desk: the only
 * one who may change it. */
static gboolean
load_own_note (BdAction    *action,
               const char  *uuid,
               NoteState   *state,
               GError     **error)
{
  if (!load_note (action->store, uuid, state, error))
    return FALSE;

  if (state->deleted)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The note has been deleted"));
      return FALSE;
    }

  if (g_strcmp0 (state->author, bd_store_get_author (action->store)) != 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Only %s, who wrote this note, can change it"), state->author);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_note_field (BdAction    *action,
                const char  *event_action,
                const char  *uuid,
                gint64       line_id,
                const char  *field,
                const char  *old_value,
                const char  *new_value,
                GError     **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (field, "body"))
    stmt = bd_store_cached (action->store,
                            "UPDATE notes SET body = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3",
                            error);
  else
    stmt = bd_store_cached (action->store,
                            "UPDATE notes SET deleted = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, new_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);

  return bd_store_step_done (action->store, stmt, error) &&
         bd_store_add_event (action->store, action->batch, event_action, "notes", uuid, line_id,
                             field, old_value, new_value, error);
}

/* Sets the text of the note @uuid, as its author corrects it; the old
 * text stays in the event. The same text again changes nothing. */
gboolean
bd_notes_edit (BdStore     *store,
               const char  *uuid,
               const char  *text,
               char       **batch,
               GError     **error)
{
  g_autofree char *body = g_strstrip (g_strdup (text ? text : ""));
  NoteState state = { 0, };
  BdAction action = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (*body == '\0')
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("A note needs some text: delete the note instead"));
      return FALSE;
    }

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  ok = load_own_note (&action, uuid, &state, error);
  if (ok && g_strcmp0 (state.body, body) != 0)
    ok = set_note_field (&action, "note-edit", uuid, state.line_id, "body", state.body, body, error);
  note_state_clear (&state);

  return bd_action_finish (&action, ok, batch, error);
}

/* Deletes the note @uuid, as its author takes it back: a tombstone, since
 * it may have synced, that bd_actions_undo() lifts again. */
gboolean
bd_notes_delete (BdStore     *store,
                 const char  *uuid,
                 char       **batch,
                 GError     **error)
{
  NoteState state = { 0, };
  BdAction action = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  ok = load_own_note (&action, uuid, &state, error) &&
       set_note_field (&action, "note-delete", uuid, state.line_id, "deleted", "0", "1", error);
  note_state_clear (&state);

  return bd_action_finish (&action, ok, batch, error);
}

/* Whether the person at this desk may edit and delete @note: a note, not
 * a complaint, that they wrote. */
gboolean
bd_notes_can_change (BdStore      *store,
                     const BdNote *note)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  return g_strcmp0 (note->kind, "note") == 0 &&
         g_strcmp0 (note->author, bd_store_get_author (store)) == 0;
}

/* A complaint's handling: who owns it, where it stands, how it was
 * resolved and what the customer was given. Each field that changes is
 * an event of its own under one batch, which bd_actions_undo() reverts. */

static const char * const complaint_statuses[] = { "open", "answered", "resolved", NULL };

const char *
bd_complaint_status_label (const char *status)
{
  if (g_strcmp0 (status, "answered") == 0)
    return _("Answered");
  if (g_strcmp0 (status, "resolved") == 0)
    return _("Resolved");
  return _("Open");
}

/* One change of a complaint's handling for a person to read: "Status:
 * Open → Resolved", "Incentive: none → $5.00" (in @currency, its order's);
 * NULL for a field that is not part of its handling. */
char *
bd_complaint_describe_change (const char *field,
                              const char *old_value,
                              const char *new_value,
                              const char *currency)
{
  const char *none = C_("value", "none");
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  const char *name;

  if (g_strcmp0 (field, "incentive") == 0)
    {
      name = _("Incentive");
      old_text = bd_incentive_format_amount (old_value, currency);
      new_text = bd_incentive_format_amount (new_value, currency);
    }
  else if (g_strcmp0 (field, "status") == 0)
    {
      name = _("Status");
      old_text = g_strdup (old_value != NULL ? bd_complaint_status_label (old_value) : none);
      new_text = g_strdup (new_value != NULL ? bd_complaint_status_label (new_value) : none);
    }
  else if (g_strcmp0 (field, "owner") == 0 || g_strcmp0 (field, "resolution") == 0)
    {
      name = g_str_equal (field, "owner") ? _("Owner") : _("Resolution");
      old_text = g_strdup (old_value != NULL ? old_value : none);
      new_text = g_strdup (new_value != NULL ? new_value : none);
    }
  else
    return NULL;

  return g_strdup_printf ("%s: %s → %s", name, old_text, new_text);
}

/* The fields a complaint edit may set, in the order they are written. */
static const struct
{
  const char *field;
  const char *update_sql;
  const char *select_sql;
} complaint_fields[] = {
  { "owner", "UPDATE complaints SET owner = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3",
    "SELECT owner FROM complaints WHERE uuid = ?" },
  { "status", "UPDATE complaints SET status = coalesce (?1, 'open'), updated_at = ?2, dirty = 1 WHERE uuid = ?3",
    "SELECT status FROM complaints WHERE uuid = ?" },
  { "resolution", "UPDATE complaints SET resolution = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3",
    "SELECT resolution FROM complaints WHERE uuid = ?" },
  { "incentive", "UPDATE complaints SET incentive = CAST (?1 AS INTEGER), updated_at = ?2, dirty = 1 WHERE uuid = ?3",
    "SELECT CAST (incentive AS TEXT) FROM complaints WHERE uuid = ?" },
};

static int
complaint_field_index (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (complaint_fields); i++)
    if (g_strcmp0 (complaint_fields[i].field, field) == 0)
      return i;
  return -1;
}

static gboolean
read_complaint_field (BdStore     *store,
                      int          i,
                      const char  *uuid,
                      char       **value,
                      GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store, complaint_fields[i].select_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? bd_stmt_dup_text (stmt, 0) : NULL;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading a complaint"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_complaint_field (BdAction    *action,
                     const char  *event_action,
                     const char  *uuid,
                     gint64       line_id,
                     int          i,
                     const char  *old_value,
                     const char  *new_value,
                     GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (action->store, complaint_fields[i].update_sql, error);

  if (stmt == NULL)
    return FALSE;
  if (new_value != NULL)
    sqlite3_bind_text (stmt, 1, new_value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);

  return bd_store_step_done (action->store, stmt, error) &&
         bd_store_add_event (action->store, action->batch, event_action, "complaints", uuid, line_id,
                             complaint_fields[i].field, old_value, new_value, error) &&
         (!g_str_equal (complaint_fields[i].field, "incentive") ||
          bd_incentives_follow_complaint (action->store, uuid, action->now, error));
}

static char *
stripped_or_null (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/**
 * bd_notes_update_complaint:
 * @uuid: the complaint's
 * @update: its owner, status, resolution and incentive as they are to be
 *
 * Records how the complaint @uuid is handled, in one transaction; what
 * does not change is left alone. A status other than open, answered or
 * resolved, a resolved complaint without a resolution and a negative
 * incentive are refused, and the store left as it was.
 */
gboolean
bd_notes_update_complaint (BdStore                 *store,
                           const char              *uuid,
                           const BdComplaintUpdate *update,
                           char                   **batch,
                           GError                 **error)
{
  g_autofree char *owner = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *incentive = NULL;
  BdAction action = { 0, };
  sqlite3_stmt *stmt;
  gint64 line_id = 0;
  gboolean ok;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (update != NULL, FALSE);

  if (!g_strv_contains (complaint_statuses, update->status != NULL ? update->status : ""))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not a complaint status: expected open, answered or resolved"),
                   update->status != NULL ? update->status : "");
      return FALSE;
    }
  owner = stripped_or_null (update->owner);
  resolution = stripped_or_null (update->resolution);
  if (g_str_equal (update->status, "resolved") && resolution == NULL)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("A resolved complaint needs its resolution: write how it was resolved"));
      return FALSE;
    }
  if (update->incentive < 0)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("An incentive cannot be less than nothing"));
      return FALSE;
    }
  if (update->incentive > 0)
    incentive = g_strdup_printf ("%" G_GINT64_FORMAT, update->incentive);

  if (!bd_action_begin (&action, store, error))
    return FALSE;

  stmt = bd_store_cached (store, "SELECT line_id FROM complaints WHERE uuid = ? AND deleted = 0", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      line_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no complaint “%s”"), uuid);
          ok = FALSE;
        }
    }

  /* the incentive in the order's currency */
  if (ok && incentive != NULL)
    {
      stmt = bd_store_cached (store,
                              "UPDATE complaints SET currency = (SELECT o.currency FROM order_lines l"
                              " JOIN orders o ON o.id = l.order_id WHERE l.id = complaints.line_id)"
                              " WHERE uuid = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
          ok = bd_store_step_done (store, stmt, error);
        }
    }

  for (guint i = 0; ok && i < G_N_ELEMENTS (complaint_fields); i++)
    {
      const char *wanted[] = { owner, update->status, resolution, incentive };
      g_autofree char *current = NULL;

      ok = read_complaint_field (store, i, uuid, &current, error);
      if (ok && g_strcmp0 (current, wanted[i]) != 0)
        ok = set_complaint_field (&action, "complaint-edit", uuid, line_id, i, current, wanted[i], error);
    }

  return bd_action_finish (&action, ok, batch, error);
}

/* Undoes a complaint's edit: only while its field is as that left it. */
static gboolean
undo_complaint_change (BdAction      *action,
                       sqlite3_stmt  *event,
                       GError       **error)
{
  const char *uuid = (const char *)sqlite3_column_text (event, 1);
  gint64 line_id = sqlite3_column_int64 (event, 2);
  const char *field = (const char *)sqlite3_column_text (event, 4);
  const char *old_value = (const char *)sqlite3_column_text (event, 5);
  const char *new_value = (const char *)sqlite3_column_text (event, 6);
  g_autofree char *current = NULL;
  int i = complaint_field_index (field);

  if (i < 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("This kind of change cannot be undone"));
      return FALSE;
    }
  if (!read_complaint_field (action->store, i, uuid, &current, error))
    return FALSE;
  if (g_strcmp0 (current, new_value) != 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The complaint has changed since, so this cannot be undone"));
      return FALSE;
    }

  return set_complaint_field (action, "undo", uuid, line_id, i, new_value, old_value, error);
}

/* Undoes an edit or a delete: only while the note is as that left it. */
static gboolean
undo_note_change (BdAction      *action,
                  sqlite3_stmt  *event,
                  GError       **error)
{
  const char *uuid = (const char *)sqlite3_column_text (event, 1);
  gint64 line_id = sqlite3_column_int64 (event, 2);
  const char *field = (const char *)sqlite3_column_text (event, 4);
  const char *old_value = (const char *)sqlite3_column_text (event, 5);
  const char *new_value = (const char *)sqlite3_column_text (event, 6);
  NoteState state = { 0, };
  gboolean unchanged;
  gboolean ok;

  if (!load_note (action->store, uuid, &state, error))
    return FALSE;

  if (g_strcmp0 (field, "body") == 0)
    unchanged = !state.deleted && g_strcmp0 (state.body, new_value) == 0;
  else
    unchanged = state.deleted == (g_strcmp0 (new_value, "1") == 0);
  note_state_clear (&state);

  if (!unchanged)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The note has changed since, so this cannot be undone"));
      return FALSE;
    }

  ok = set_note_field (action, "undo", uuid, line_id, field, new_value, old_value, error);
  return ok;
}

gboolean
bd_notes_undo_event (BdAction      *action,
                     sqlite3_stmt  *event,
                     GError       **error)
{
  const char *entity = (const char *)sqlite3_column_text (event, 0);
  const char *uuid = (const char *)sqlite3_column_text (event, 1);
  gint64 line_id = sqlite3_column_int64 (event, 2);
  const char *kind = (const char *)sqlite3_column_text (event, 3);
  sqlite3_stmt *stmt;

  if (g_strcmp0 (kind, "note-edit") == 0 || g_strcmp0 (kind, "note-delete") == 0)
    return undo_note_change (action, event, error);
  if (g_strcmp0 (kind, "complaint-edit") == 0)
    return undo_complaint_change (action, event, error);

  if (g_strcmp0 (kind, "note") != 0 && g_strcmp0 (kind, "complaint") != 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("This kind of change cannot be undone"));
      return FALSE;
    }

  /* taking back what was added: a tombstone, since it may have synced */
  if (g_strcmp0 (entity, "notes") == 0)
    stmt = bd_store_cached (action->store,
                            "UPDATE notes SET deleted = 1, updated_at = ?, dirty = 1 WHERE uuid = ?",
                            error);
  else
    stmt = bd_store_cached (action->store,
                            "UPDATE complaints SET deleted = 1, updated_at = ?, dirty = 1 WHERE uuid = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  return bd_store_step_done (action->store, stmt, error) &&
         bd_store_add_event (action->store, action->batch, "undo", entity, uuid, line_id,
                             "deleted", "0", "1", error);
}

/* The notes and complaints @stmt yields, in bd_notes_list()'s columns. */
static GPtrArray *
read_notes (BdStore       *store,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (bd_note_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdNote *note = g_new0 (BdNote, 1);

      note->at = bd_stmt_dup_text (stmt, 0);
      note->author = bd_stmt_dup_text (stmt, 1);
      note->kind = bd_stmt_dup_text (stmt, 2);
      note->category = bd_stmt_dup_text (stmt, 3);
      note->body = bd_stmt_dup_text (stmt, 4);
      note->uuid = bd_stmt_dup_text (stmt, 6);
      note->resolution = bd_stmt_dup_text (stmt, 7);
      note->owner = bd_stmt_dup_text (stmt, 8);
      note->status = bd_stmt_dup_text (stmt, 9);
      note->incentive = sqlite3_column_int64 (stmt, 10);
      note->currency = bd_stmt_dup_text (stmt, 11);
      note->line_id = sqlite3_column_int64 (stmt, 12);
      note->refused_reason = bd_stmt_dup_text (stmt, 13);
      g_ptr_array_add (notes, note);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the notes"));
      return NULL;
    }

  return g_steal_pointer (&notes);
}

/* The notes and complaints of a line, oldest first: BdNote. */
GPtrArray *
bd_notes_list (BdStore     *store,
               gint64       line_id,
               GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT created_at, author, 'note', NULL, body, id, uuid, NULL, NULL, NULL, 0, NULL, line_id,"
                           "  (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'note:' || notes.uuid)"
                           "  FROM notes WHERE line_id = ?1 AND deleted = 0"
                           " UNION ALL "
                           "SELECT created_at, author, 'complaint', category, body, id, uuid, resolution,"
                           "  owner, status, coalesce (incentive, 0), currency, line_id,"
                           "  (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'complaint:' || complaints.uuid)"
                           "  FROM complaints WHERE line_id = ?1 AND deleted = 0"
                           /* uuids are time-ordered: within a second, in the
                            * order they were written, across both tables */
                           " ORDER BY 1, 7",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, line_id);
  return read_notes (store, stmt, error);
}

/**
 * bd_notes_list_complaints:
 *
 * The complaints about every line of customer @customer_id, for their
 * page: those not resolved first, each oldest first.
 *
 * Returns: (transfer container) (element-type BdNote)
 */
GPtrArray *
bd_notes_list_complaints (BdStore  *store,
                          gint64    customer_id,
                          GError  **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT c.created_at, c.author, 'complaint', c.category, c.body, c.id, c.uuid, c.resolution,"
                           "  c.owner, c.status, coalesce (c.incentive, 0), c.currency, c.line_id,"
                           "  (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'complaint:' || c.uuid)"
                           "  FROM complaints c JOIN order_lines l ON l.id = c.line_id"
                           " WHERE l.customer_id = ?1 AND l.deleted = 0 AND c.deleted = 0"
                           " ORDER BY c.status = 'resolved', c.created_at, c.uuid",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  return read_notes (store, stmt, error);
}
