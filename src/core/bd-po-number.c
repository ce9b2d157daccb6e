/* bd-po-number.c: the numbers of purchase orders
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-number"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-po-number.h"

/* A PO number is PREFIX-CODE-SEQUENCE, like PO-K7-0042: the team's prefix
 * (the team setting po_prefix), a short code of this installation, and
 * this installation's own sequence. Two machines that make POs offline
 * never make the same number, since each counts under its own code; a
 * person reads the number to a supplier on the phone, so it stays short.
 *
 * The code and the sequence belong to one installation: they live in the
 * settings table, which never syncs. The code is drawn once, from letters
 * and digits that cannot be mistaken for each other (no 0/O, 1/I), and
 * never one that the POs in the store already carry (those synced from
 * the team's other machines). The sequence never goes back below the
 * highest number of this code in the store, so a store restored from an
 * older backup (whose counter is behind the POs synced back into it) does
 * not repeat a number. */

static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#define CODE_KEY "installation_code"
#define SEQUENCE_KEY "po_sequence"

static gboolean
read_text (BdStore     *store,
           const char  *sql,
           const char  *key,
           char       **value,
           GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? bd_stmt_dup_text (stmt, 0) : NULL;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading a setting"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_setting (BdStore     *store,
               const char  *key,
               const char  *value,
               GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store,
                                        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                        error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return bd_store_step_done (store, stmt, error);
}

static gboolean
code_is_valid (const char *code)
{
  if (code == NULL || *code == '\0')
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    if (strchr (code_alphabet, *p) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
code_in_use (BdStore     *store,
             const char  *code,
             gboolean    *in_use,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* once per installation: a scan of the POs is fine */
  stmt = bd_store_cached (store,
                          "SELECT 1 FROM purchase_orders WHERE number LIKE '%-' || ? || '-%' LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading purchase orders"));
      return FALSE;
    }

  *in_use = rc == SQLITE_ROW;
  return TRUE;
}

/* A code drawn from the store's randomness (the sample data pins it):
 * the random bits of a new uuid. Two characters give 1,024 codes; when
 * the first tries all meet codes in use, three. */
static char *
draw_code (BdStore *store,
           guint    attempt)
{
  g_autofree char *uuid = bd_store_new_uuid (store);
  guint64 bits = g_ascii_strtoull (uuid + 24, NULL, 16);
  guint length = attempt < 32 ? 2 : 3;
  char *code = g_malloc (length + 1);

  for (guint i = 0; i < length; i++, bits >>= 5)
    code[i] = code_alphabet[bits & 31];
  code[length] = '\0';

  return code;
}

/**
 * bd_po_number_installation_code:
 *
 * The short code of this installation in its PO numbers, drawn and kept
 * the first time it is asked for. Call it inside a transaction: it may
 * write the code.
 */
char *
bd_po_number_installation_code (BdStore  *store,
                                 GError  **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (!sqlite3_get_autocommit (bd_store_get_db (store)), NULL);

  if (!read_text (store, "SELECT value FROM settings WHERE key = ?", CODE_KEY, &code, error))
    return NULL;
  if (code_is_valid (code))
    return g_steal_pointer (&code);

  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      gboolean in_use;

      g_free (code);
      code = draw_code (store, attempt);
      if (!code_in_use (store, code, &in_use, error))
        return NULL;
      if (!in_use)
        break;
    }

  if (!write_setting (store, CODE_KEY, code, error))
    return NULL;

  return g_steal_pointer (&code);
}

static gboolean
highest_in_store (BdStore     *store,
                  const char  *stem,
                  gint64      *highest,
                  GError     **error)
{
  g_autofree char *end = g_strdup (stem);
  sqlite3_stmt *stmt;
  int rc;

  /* the numbers that begin with @stem are those from it up to the stem
   * with its last character, the dash, one higher */
  end[strlen (end) - 1]++;

  stmt = bd_store_cached (store,
                          "SELECT max(CAST(substr(number, length(?1) + 1) AS INTEGER))"
                          " FROM purchase_orders WHERE number > ?1 AND number < ?2"
                          "  AND substr(number, length(?1) + 1) NOT GLOB '*[^0-9]*'",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, stem, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *highest = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading purchase orders"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
number_exists (BdStore     *store,
               const char  *number,
               gboolean    *exists,
               GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store, "SELECT 1 FROM purchase_orders WHERE number = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading purchase orders"));
      return FALSE;
    }

  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * bd_po_number_next:
 *
 * The number for a new purchase order: PREFIX-CODE-SEQUENCE (see the top
 * of this file), the sequence at least four digits. Call it inside the
 * transaction that inserts the PO: it counts the sequence on, and a
 * rollback gives the number back.
 *
 * Returns: the number, or %NULL with @error set
 */
char *
bd_po_number_next (BdStore  *store,
                   GError  **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *code = NULL;
  g_autofree char *counter_text = NULL;
  g_autofree char *stem = NULL;
  char *number = NULL;
  gint64 highest = 0;
  gint64 next;
  gboolean exists = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  /* the sequence is read and counted on in one transaction, the caller's */
  g_return_val_if_fail (!sqlite3_get_autocommit (bd_store_get_db (store)), NULL);

  if (!read_text (store, "SELECT value FROM team_settings WHERE key = ? AND deleted = 0",
                  "po_prefix", &prefix, error))
    return NULL;
  if (prefix == NULL || *g_strstrip (prefix) == '\0')
    {
      g_free (prefix);
      prefix = g_strdup (BD_PO_NUMBER_DEFAULT_PREFIX);
    }

  if (!(code = bd_po_number_installation_code (store, error)))
    return NULL;

  stem = g_strdup_printf ("%s-%s-", prefix, code);
  if (!read_text (store, "SELECT value FROM settings WHERE key = ?", SEQUENCE_KEY, &counter_text, error) ||
      !highest_in_store (store, stem, &highest, error))
    return NULL;

  next = MAX (counter_text ? g_ascii_strtoll (counter_text, NULL, 10) : 0, highest);
  while (exists)
    {
      g_free (number);
      number = g_strdup_printf ("%s%04" G_GINT64_FORMAT, stem, ++next);
      if (!number_exists (store, number, &exists, error))
        {
          g_free (number);
          return NULL;
        }
    }

  g_clear_pointer (&counter_text, g_free);
  counter_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
  if (!write_setting (store, SEQUENCE_KEY, counter_text, error))
    {
      g_free (number);
      return NULL;
    }

  return number;
}
