/* bd-customers.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-customers.h"

static gboolean
find_id (BdStore     *store,
         const char  *sql,
         const char  *text,
         gint64       number,
         gint64      *id,
         GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      if (text != NULL)
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no customer “%s”"), text);
      else
        g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The line is not in the database"));
      return FALSE;
    }

  bd_store_set_sql_error (store, error, _("Could not read the customers"));
  return FALSE;
}

/* The customer whose reference is @ref (as in orders.csv). */
gboolean
bd_customers_find (BdStore     *store,
                   const char  *ref,
                   gint64      *id,
                   GError     **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  return find_id (store, "SELECT id FROM customers WHERE ref = ? AND deleted = 0", ref, 0, id, error);
}

/* The customer of the order of line @line_id. */
gboolean
bd_customers_of_line (BdStore  *store,
                      gint64    line_id,
                      gint64   *id,
                      GError  **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  return find_id (store, "SELECT customer_id FROM order_lines WHERE id = ? AND deleted = 0", NULL, line_id,
                  id, error);
}
