/* bd-incentives.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-incentives"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-incentives.h"
#include "bd-template.h"

static const char * const kind_names[] = { "discount", "free_shipping" };

void
bd_incentive_free (gpointer data)
{
  BdIncentive *incentive = data;

  if (incentive == NULL)
    return;

  g_free (incentive->uuid);
  g_free (incentive->currency);
  g_free (incentive->note);
  g_free (incentive->author);
  g_free (incentive->created_at);
  g_free (incentive);
}

const char *
bd_incentive_kind_to_string (BdIncentiveKind kind)
{
  g_return_val_if_fail (kind <= BD_INCENTIVE_FREE_SHIPPING, NULL);

  return kind_names[kind];
}

gboolean
bd_incentive_kind_from_string (const char      *text,
                               BdIncentiveKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

/* The incentive as a message says it, in the message's language: the
 * {{incentive}} placeholder. */
char *
bd_incentive_describe (BdIncentiveKind  kind,
                       gint64           amount,
                       const char      *currency,
                       const char      *language)
{
  static const char * const free_shipping[] = { "free shipping", "kostenlosen Versand",
                                                "la livraison gratuite", "el envío gratuito" };
  static const char * const discount[] = { "a discount of ", "einen Rabatt von ",
                                           "une remise de ", "un descuento de " };
  const char * const *languages = bd_template_languages ();
  const char *ours = bd_template_language_or_default (language);
  guint lang = 0;

  for (guint i = 0; languages[i] != NULL; i++)
    if (languages[i] == ours)
      lang = i;

  if (kind == BD_INCENTIVE_FREE_SHIPPING)
    return g_strdup (free_shipping[lang]);

  {
    g_autofree char *money = bd_template_format_money (amount, currency, ours);

    return g_strconcat (discount[lang], money, NULL);
  }
}

/* A complaint's incentive as its history holds it (minor units, as
 * text), for a person to read: "$7.00" in @currency, or "none". */
char *
bd_incentive_format_amount (const char *minor_text,
                            const char *currency)
{
  gint64 minor;

  if (minor_text == NULL || !g_ascii_string_to_signed (minor_text, 10, 0, G_MAXINT64, &minor, NULL))
    return g_strdup (C_("value", "none"));
  return bd_template_format_money (minor, currency, NULL);
}

/* Records what the customer of @line_id was given, in the currency of the
 * line's order, with an event on the line. */
gboolean
bd_incentives_give (BdStore          *store,
                    gint64            line_id,
                    BdIncentiveKind   kind,
                    gint64            amount,
                    const char       *note,
                    char            **uuid_out,
                    GError          **error)
{
  g_autoptr(BdStmt) line = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *value = NULL;
  gint64 customer_id;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind <= BD_INCENTIVE_FREE_SHIPPING, FALSE);

  if (kind == BD_INCENTIVE_DISCOUNT && amount <= 0)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("A discount needs an amount above zero"));
      return FALSE;
    }

  line = bd_store_prepare (store, "SELECT l.customer_id, o.currency FROM order_lines l"
                                  " JOIN orders o ON o.id = l.order_id WHERE l.id = ? AND l.deleted = 0", error);
  if (line == NULL)
    return FALSE;
  sqlite3_bind_int64 (line, 1, line_id);
  if (sqlite3_step (line) != SQLITE_ROW)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The line is not in the database"));
      return FALSE;
    }
  customer_id = sqlite3_column_int64 (line, 0);
  currency = g_strdup ((const char *)sqlite3_column_text (line, 1));
  g_clear_pointer (&line, sqlite3_finalize);

  uuid = bd_store_new_uuid (store);
  now = bd_store_now_iso (store);
  batch = bd_store_new_uuid (store);
  value = bd_incentive_describe (kind, amount, currency, NULL);

  if (!bd_store_begin (store, error))
    return FALSE;
  stmt = bd_store_cached (store,
                          "INSERT INTO incentives (uuid, created_at, updated_at, customer_id, line_id, kind,"
                          " amount, currency, note, author) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, customer_id);
      sqlite3_bind_int64 (stmt, 4, line_id);
      sqlite3_bind_text (stmt, 5, kind_names[kind], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, kind == BD_INCENTIVE_DISCOUNT ? amount : 0);
      sqlite3_bind_text (stmt, 7, currency, -1, SQLITE_STATIC);
      if (note != NULL && *note != '\0')
        sqlite3_bind_text (stmt, 8, note, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, bd_store_get_author (store), -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      if (!ok)
        bd_store_set_sql_error (store, error, _("Could not record the incentive"));
    }
  ok = ok && bd_store_add_event (store, batch, "incentive", "incentive", uuid, line_id, "kind", NULL, value, error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "incentives", "events", NULL });
  if (!bd_store_commit (store, error))
    return FALSE;

  if (uuid_out != NULL)
    *uuid_out = g_steal_pointer (&uuid);
  return TRUE;
}

/* An incentive given while handling a complaint is one incentive, as one
 * given with Give Incentive… is: the complaint's incentive column is kept
 * in the incentives table too, so that the dashboard, the customer and
 * the {{incentive}} placeholder find it where they find the others. The
 * row has the complaint's uuid: that links the two without a column of
 * its own (no schema step), the same uuid on every machine, so that two
 * desks editing one complaint write one row and sync merges it. A
 * complaint's incentive is a discount in its order's currency. The
 * complaint's own "complaint-edit" event is the one the timeline shows,
 * so the row gets no "incentive" event: the incentive is told once.
 * Called inside the complaint edit's (or its undo's) transaction, after
 * the complaint changed. */
gboolean
bd_incentives_follow_complaint (BdStore     *store,
                                const char  *complaint_uuid,
                                const char  *now,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (complaint_uuid != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  /* a corrected amount keeps the day it was given; one given again after
   * it was taken back is given on the day it comes back */
  stmt = bd_store_cached (store,
                          "INSERT INTO incentives (uuid, created_at, updated_at, customer_id, line_id, kind,"
                          " amount, currency, note, author)"
                          " SELECT c.uuid, ?2, ?2, l.customer_id, c.line_id, 'discount', c.incentive, c.currency,"
                          "  c.body, ?3"
                          " FROM complaints c JOIN order_lines l ON l.id = c.line_id"
                          " WHERE c.uuid = ?1 AND c.deleted = 0 AND c.incentive > 0"
                          " ON CONFLICT (uuid) DO UPDATE SET amount = excluded.amount,"
                          "  currency = excluded.currency, updated_at = excluded.updated_at, dirty = 1,"
                          "  created_at = CASE WHEN deleted THEN excluded.created_at ELSE created_at END,"
                          "  deleted = 0"
                          " WHERE amount IS NOT excluded.amount OR currency IS NOT excluded.currency OR deleted",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, complaint_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, bd_store_get_author (store), -1, SQLITE_STATIC);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;

  stmt = bd_store_cached (store,
                          "UPDATE incentives SET deleted = 1, updated_at = ?2, dirty = 1"
                          " WHERE uuid = ?1 AND deleted = 0 AND NOT EXISTS (SELECT 1 FROM complaints c"
                          "  WHERE c.uuid = ?1 AND c.deleted = 0 AND c.incentive > 0)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, complaint_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;

  bd_store_emit_changed_tables (store, (const char * const[]) { "incentives", NULL });
  return TRUE;
}

/* A customer's incentives, newest first. */
GPtrArray *
bd_incentives_list (BdStore  *store,
                    gint64    customer_id,
                    GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (bd_incentive_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store, "SELECT uuid, kind, amount, currency, customer_id, line_id, note, author,"
                                  " created_at FROM incentives WHERE customer_id = ? AND deleted = 0"
                                  " ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdIncentive *incentive = g_new0 (BdIncentive, 1);

      incentive->uuid = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      bd_incentive_kind_from_string ((const char *)sqlite3_column_text (stmt, 1), &incentive->kind);
      incentive->amount = sqlite3_column_int64 (stmt, 2);
      incentive->currency = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      incentive->customer_id = sqlite3_column_int64 (stmt, 4);
      incentive->line_id = sqlite3_column_int64 (stmt, 5);
      incentive->note = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      incentive->author = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
      incentive->created_at = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
      g_ptr_array_add (list, incentive);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the incentives"));
      return NULL;
    }

  return g_steal_pointer (&list);
}
