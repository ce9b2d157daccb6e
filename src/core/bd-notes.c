/* bd-notes.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-notes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-actions-private.h"
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

/* The notes and complaints of a line, oldest first: BdNote. */
GPtrArray *
bd_notes_list (BdStore     *store,
               gint64       line_id,
               GError     **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT created_at, author, 'note', NULL, body, id, uuid, NULL FROM notes"
                           "  WHERE line_id = ?1 AND deleted = 0"
                           " UNION ALL "
                           "SELECT created_at, author, 'complaint', category, body, id, uuid, resolution"
                           "  FROM complaints WHERE line_id = ?1 AND deleted = 0"
                           /* uuids are time-ordered: within a second, in the
                            * order they were written, across both tables */
                           " ORDER BY 1, 7",
                           error);
  if (stmt == NULL)
    return NULL;

  notes = g_ptr_array_new_with_free_func (bd_note_free);
  sqlite3_bind_int64 (stmt, 1, line_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BdNote *note = g_new0 (BdNote, 1);

      note->at = bd_stmt_dup_text (stmt, 0);
      note->author = bd_stmt_dup_text (stmt, 1);
      note->kind = bd_stmt_dup_text (stmt, 2);
      note->category = bd_stmt_dup_text (stmt, 3);
      note->body = bd_stmt_dup_text (stmt, 4);
      note->uuid = bd_stmt_dup_text (stmt, 6);
      note->resolution = bd_stmt_dup_text (stmt, 7);
      g_ptr_array_add (notes, note);
    }

  return g_steal_pointer (&notes);
}
