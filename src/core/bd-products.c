/* bd-products.c: what the desk does to products
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-products"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-actions-private.h"
#include "bd-products.h"

/**
 * bd_products_set_levels:
 * @reorder_point: the new reorder point, or %BD_PRODUCT_LEVEL_KEEP
 * @safety_stock: the new safety stock, or %BD_PRODUCT_LEVEL_KEEP
 *
 * Sets a product's reorder point and safety stock in the desk: desk work,
 * which a later products.csv does not overwrite (the product is marked
 * levels_set_in_desk). One transaction, an event per level that changed.
 */
gboolean
bd_products_set_levels (BdStore     *store,
                        const char  *sku,
                        gint64       reorder_point,
                        gint64       safety_stock,
                        char       **batch,
                        GError     **error)
{
  const struct { const char *field; gint64 value; const char *update; } levels[] = {
    { "reorder_point", reorder_point,
      "UPDATE products SET reorder_point = ?1, levels_set_in_desk = 1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
    { "safety_stock", safety_stock,
      "UPDATE products SET safety_stock = ?1, levels_set_in_desk = 1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  };
  g_autofree char *new_batch = NULL;
  g_autofree char *now = NULL;
  g_autofree char *uuid = NULL;
  gint64 old_values[2] = { 0, 0 };
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (sku != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (levels[i].value != BD_PRODUCT_LEVEL_KEEP && (levels[i].value < 0 || levels[i].value > G_MAXINT32))
      {
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                     _("The %s of “%s” must be a whole number from 0 to %d"),
                     levels[i].field, sku, G_MAXINT32);
        return FALSE;
      }

  if (!bd_store_begin (store, error))
    return FALSE;

  stmt = bd_store_cached (store,
                          "SELECT id, uuid, reorder_point, safety_stock FROM products WHERE sku = ? AND deleted = 0",
                          error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          uuid = bd_stmt_dup_text (stmt, 1);
          old_values[0] = sqlite3_column_int64 (stmt, 2);
          old_values[1] = sqlite3_column_int64 (stmt, 3);
        }
      else if (rc == SQLITE_DONE)
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no product “%s”"), sku);
      else
        bd_store_set_sql_error (store, error, _("reading a product"));
      sqlite3_reset (stmt);
      ok = rc == SQLITE_ROW;
    }

  new_batch = bd_store_new_uuid (store);
  now = bd_store_now_iso (store);
  for (guint i = 0; ok && i < G_N_ELEMENTS (levels); i++)
    {
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;

      if (levels[i].value == BD_PRODUCT_LEVEL_KEEP)
        continue;

      /* set again to the same: still desk work from now on */
      stmt = bd_store_cached (store, levels[i].update, error);
      if (!(ok = stmt != NULL))
        break;
      sqlite3_bind_int64 (stmt, 1, levels[i].value);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, id);
      old_text = g_strdup_printf ("%" G_GINT64_FORMAT, old_values[i]);
      new_text = g_strdup_printf ("%" G_GINT64_FORMAT, levels[i].value);
      ok = bd_store_step_done (store, stmt, error) &&
           bd_store_add_event (store, new_batch, "levels", "products", uuid, 0, levels[i].field,
                               old_text, new_text, error);
    }

  if (ok)
    {
      bd_store_emit_changed_tables (store, (const char * const[]) { "products", "events", NULL });
      ok = bd_store_commit (store, error);
    }
  else
    bd_store_rollback (store);

  if (ok && batch != NULL)
    *batch = g_steal_pointer (&new_batch);

  return ok;
}

/* Puts back one level of a product as the event found it, unless it has
 * changed since: a level set again by hand, or by a products.csv, is not
 * overwritten by an Undo of older work. */
gboolean
bd_products_undo_event (BdAction      *action,
                        sqlite3_stmt  *event,
                        GError       **error)
{
  /* literals, as bd_store_cached() keys statements by their text's address */
  static const struct { const char *field; const char *select; const char *update; } fields[] = {
    { "reorder_point", "SELECT reorder_point FROM products WHERE uuid = ?",
      "UPDATE products SET reorder_point = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3" },
    { "safety_stock", "SELECT safety_stock FROM products WHERE uuid = ?",
      "UPDATE products SET safety_stock = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3" },
    { "levels_set_in_desk", "SELECT levels_set_in_desk FROM products WHERE uuid = ?",
      "UPDATE products SET levels_set_in_desk = ?1, updated_at = ?2, dirty = 1 WHERE uuid = ?3" },
  };
  const char *uuid = (const char *)sqlite3_column_text (event, 1);
  const char *field = (const char *)sqlite3_column_text (event, 4);
  const char *old_value = (const char *)sqlite3_column_text (event, 5);
  const char *new_value = (const char *)sqlite3_column_text (event, 6);
  g_autofree char *current = NULL;
  sqlite3_stmt *stmt;
  int known = -1;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (field, fields[i].field) == 0)
      known = (int)i;
  if (known < 0 || old_value == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("This kind of change cannot be undone"));
      return FALSE;
    }

  stmt = bd_store_cached (action->store, fields[known].select, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = bd_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (g_strcmp0 (current, new_value) != 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The product has changed since, so this cannot be undone"));
      return FALSE;
    }

  stmt = bd_store_cached (action->store, fields[known].update, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (old_value, NULL, 10));
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  if (!bd_store_step_done (action->store, stmt, error) ||
      !bd_store_add_event (action->store, action->batch, "undo", "products", uuid, 0, fields[known].field,
                           new_value, old_value, error))
    return FALSE;

  bd_store_emit_changed_tables (action->store, (const char * const[]) { "products", NULL });
  return TRUE;
}
