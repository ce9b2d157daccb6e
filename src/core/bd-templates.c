/* bd-templates.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-templates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-templates.h"

/* Every (kind, language) has one uuid, derived from both, whoever makes
 * the row: two desks that write a template for the same kind and language
 * offline write the same row, which sync merges, rather than two. */

void
bd_template_row_free (gpointer data)
{
  BdTemplateRow *row = data;

  if (row == NULL)
    return;

  g_free (row->uuid);
  g_free (row->kind);
  g_free (row->language);
  g_free (row->name);
  g_free (row->subject);
  g_free (row->body);
  g_free (row->updated_at);
  g_free (row->refused_reason);
  g_free (row);
}

static const BdDefaultTemplate *
find_default (const char *kind,
              const char *language)
{
  guint n;
  const BdDefaultTemplate *defaults = bd_default_templates (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (defaults[i].kind, kind) && g_str_equal (defaults[i].language, language))
      return &defaults[i];

  return NULL;
}

#define TEMPLATE_COLUMNS \
  "id, uuid, kind, language, name, subject, body, edited, updated_at," \
  " (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'template:' || templates.uuid)"

static BdTemplateRow *
row_from_stmt (sqlite3_stmt *stmt)
{
  BdTemplateRow *row = g_new0 (BdTemplateRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->uuid = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  row->kind = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  row->language = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  row->name = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  row->subject = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  row->body = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  row->edited = sqlite3_column_int (stmt, 7);
  row->updated_at = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
  row->refused_reason = bd_stmt_dup_text (stmt, 9);
  row->is_default = find_default (row->kind, row->language) != NULL;
  return row;
}

static guint
kind_rank (const char *kind)
{
  guint n;
  const BdTemplateKind *kinds = bd_template_kinds (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (kinds[i].kind, kind))
      return i;

  return n;
}

static guint
language_rank (const char *language)
{
  const char * const *languages = bd_template_languages ();

  for (guint i = 0; languages[i] != NULL; i++)
    if (g_str_equal (languages[i], language))
      return i;

  return 100;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const BdTemplateRow *x = *(BdTemplateRow * const *)a;
  const BdTemplateRow *y = *(BdTemplateRow * const *)b;

  if (kind_rank (x->kind) != kind_rank (y->kind))
    return kind_rank (x->kind) < kind_rank (y->kind) ? -1 : 1;
  if (language_rank (x->language) != language_rank (y->language))
    return language_rank (x->language) < language_rank (y->language) ? -1 : 1;
  return g_strcmp0 (x->language, y->language);
}

/* All templates, by kind (in the order of bd_template_kinds()), then the
 * app's languages, then the others. */
GPtrArray *
bd_templates_list (BdStore  *store,
                   GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (bd_template_row_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store, "SELECT " TEMPLATE_COLUMNS " FROM templates WHERE deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_stmt (stmt));
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the message templates"));
      return NULL;
    }

  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);
}

static BdTemplateRow *
find_exact (BdStore     *store,
            const char  *kind,
            const char  *language,
            GError     **error)
{
  /* cached: a batch of messages looks its template up once a message */
  sqlite3_stmt *stmt = bd_store_cached (store, "SELECT " TEMPLATE_COLUMNS " FROM templates"
                                               " WHERE kind = ? AND language = ? AND deleted = 0", error);
  BdTemplateRow *row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, language, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = row_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    bd_store_set_sql_error (store, error, _("Could not read the message templates"));
  sqlite3_reset (stmt);
  return row;
}

/* The template of @kind for a reader of @language ("de", "de_AT", NULL):
 * theirs if the team has one, else the default language's. */
BdTemplateRow *
bd_templates_find (BdStore     *store,
                   const char  *kind,
                   const char  *language,
                   GError     **error)
{
  GError *local_error = NULL;
  BdTemplateRow *row;
  g_autofree char *short_language = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  if (bd_template_kind_find (kind) == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("“%s” is not a kind of message"), kind);
      return NULL;
    }

  if (language != NULL && strlen (language) >= 2)
    {
      short_language = g_ascii_strdown (language, 2);
      row = find_exact (store, kind, short_language, &local_error);
      if (row != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          return row;
        }
    }

  row = find_exact (store, kind, bd_template_languages ()[0], &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (row == NULL)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                 _("There is no template for “%s”: write one on the Communication page"), kind);
  return row;
}

BdTemplateRow *
bd_templates_get (BdStore     *store,
                  const char  *uuid,
                  GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store, "SELECT " TEMPLATE_COLUMNS " FROM templates WHERE uuid = ? AND deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return row_from_stmt (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no template %s"), uuid);
  else
    bd_store_set_sql_error (store, error, _("Could not read the message templates"));
  return NULL;
}

/* Whether a subject and a body can be sent: the first problem, in the
 * subject or the body (@in_subject), with its position. */
gboolean
bd_templates_check (const char      *subject,
                    const char      *body,
                    BdTemplateSpan  *span,
                    gboolean        *in_subject,
                    GError         **error)
{
  g_autoptr(BdTemplate) parsed = NULL;
  GError *local_error = NULL;

  if (in_subject != NULL)
    *in_subject = FALSE;

  if (subject != NULL && *subject != '\0')
    {
      parsed = bd_template_parse (subject, span, &local_error);
      if (parsed == NULL)
        {
          if (in_subject != NULL)
            *in_subject = TRUE;
          g_propagate_prefixed_error (error, local_error, _("Subject, "));
          return FALSE;
        }
      g_clear_pointer (&parsed, bd_template_free);
    }

  parsed = bd_template_parse (body != NULL ? body : "", span, &local_error);
  if (parsed == NULL)
    {
      g_propagate_prefixed_error (error, local_error, _("Text, "));
      return FALSE;
    }

  return TRUE;
}

static gboolean
language_is_valid (const char *language)
{
  return language != NULL && strlen (language) == 2 &&
         g_ascii_islower (language[0]) && g_ascii_islower (language[1]);
}

static gboolean
write_row (BdStore                 *store,
           const char              *uuid,
           const char              *kind,
           const char              *language,
           const char              *name,
           const char              *subject,
           const char              *body,
           gboolean                 edited,
           const BdTemplateRow     *old,
           GError                 **error)
{
  g_autofree char *now = bd_store_now_iso (store);
  g_autofree char *batch = bd_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!bd_store_begin (store, error))
    return FALSE;

  /* the row of this kind and language, new, or back from the dead */
  stmt = bd_store_cached (store,
                          "INSERT INTO templates (uuid, created_at, updated_at, kind, language, name, subject,"
                          " body, edited) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                          " ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, subject = excluded.subject,"
                          " body = excluded.body, edited = excluded.edited, deleted = 0,"
                          " updated_at = excluded.updated_at, dirty = 1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, language, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, name, -1, SQLITE_STATIC);
      if (subject != NULL && *subject != '\0')
        sqlite3_bind_text (stmt, 6, subject, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 6);
      sqlite3_bind_text (stmt, 7, body, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 8, edited);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      if (!ok)
        bd_store_set_sql_error (store, error, _("Could not save the template"));
    }

  ok = ok && (old == NULL || g_strcmp0 (old->subject, subject) == 0 ||
              bd_store_add_event (store, batch, "edit", "template", uuid, 0, "subject", old->subject, subject, error));
  ok = ok && bd_store_add_event (store, batch, old == NULL ? "create" : "edit", "template", uuid, 0, "body",
                                 old != NULL ? old->body : NULL, body, error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "templates", "events", NULL });
  return bd_store_commit (store, error);
}

/* Writes the template of @kind in @language (a two-letter ISO 639-1 code),
 * new or edited, after checking it: a template that cannot be sent is
 * never saved. */
gboolean
bd_templates_save (BdStore     *store,
                   const char  *kind,
                   const char  *language,
                   const char  *name,
                   const char  *subject,
                   const char  *body,
                   char       **uuid_out,
                   GError     **error)
{
  const BdTemplateKind *kind_info;
  g_autoptr(BdTemplateRow) old = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  kind_info = bd_template_kind_find (kind);
  if (kind_info == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("“%s” is not a kind of message"),
                   kind != NULL ? kind : "");
      return FALSE;
    }
  if (!language_is_valid (language))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not a language code: expected two lower-case letters like “de”"),
                   language != NULL ? language : "");
      return FALSE;
    }
  if (!bd_templates_check (subject, body, NULL, NULL, error))
    return FALSE;

  old = find_exact (store, kind, language, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  uuid = bd_default_template_uuid (kind, language);
  if (!write_row (store, uuid, kind, language,
                  name != NULL && *name != '\0' ? name : _(kind_info->label),
                  subject, body, TRUE, old, error))
    return FALSE;

  if (uuid_out != NULL)
    *uuid_out = g_steal_pointer (&uuid);
  return TRUE;
}

/* Puts back the app's own text of a default template. */
gboolean
bd_templates_restore_default (BdStore     *store,
                              const char  *kind,
                              const char  *language,
                              GError     **error)
{
  const BdDefaultTemplate *original = find_default (kind, language);
  g_autoptr(BdTemplateRow) old = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (original == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The app has no text of its own for “%s” in “%s”"), kind, language);
      return FALSE;
    }

  old = find_exact (store, kind, language, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  uuid = bd_default_template_uuid (kind, language);
  return write_row (store, uuid, kind, language, original->name, original->subject, original->body,
                    FALSE, old, error);
}
