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

void
bd_product_alternative_free (gpointer data)
{
  BdProductAlternative *alternative = data;

  if (alternative == NULL)
    return;
  g_free (alternative->sku);
  g_free (alternative->name);
  g_free (alternative);
}

static gboolean
find_product (BdStore     *store,
              const char  *sku,
              gint64      *id,
              char       **uuid,
              GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store, "SELECT id, uuid FROM products WHERE sku = ? AND deleted = 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      if (uuid != NULL)
        *uuid = bd_stmt_dup_text (stmt, 1);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no product “%s”"), sku);
  else
    bd_store_set_sql_error (store, error, _("reading a product"));
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

/**
 * bd_products_list_alternatives:
 *
 * The alternatives product @sku names, by SKU.
 *
 * Returns: (transfer container): #BdProductAlternative, or %NULL on error
 */
GPtrArray *
bd_products_list_alternatives (BdStore     *store,
                               const char  *sku,
                               GError     **error)
{
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func (bd_product_alternative_free);
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (sku != NULL, NULL);

  if (!find_product (store, sku, &id, NULL, error))
    return NULL;

  stmt = bd_store_cached (store,
                          "SELECT p.sku, p.name, p.on_hand FROM product_alternatives a"
                          " JOIN products p ON p.id = a.alternative_id"
                          " WHERE a.product_id = ? AND a.deleted = 0 AND p.deleted = 0 ORDER BY p.sku",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdProductAlternative *alternative = g_new0 (BdProductAlternative, 1);

      alternative->sku = bd_stmt_dup_text (stmt, 0);
      alternative->name = bd_stmt_dup_text (stmt, 1);
      alternative->on_hand = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (alternatives, alternative);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the alternatives of a product"));
      return NULL;
    }

  return g_steal_pointer (&alternatives);
}

/* Names @alternative_sku as what can replace @sku, or (@add FALSE) takes
 * it back: a pair taken back stays as a tombstone, for sync, and comes
 * back to life when named again. */
static gboolean
change_alternative (BdStore     *store,
                    const char  *sku,
                    const char  *typed_sku,
                    gboolean     add,
                    GError     **error)
{
  /* as typed into an entry: spaces around it are no part of an SKU */
  g_autofree char *alternative_sku = typed_sku != NULL ? g_strstrip (g_strdup (typed_sku)) : NULL;
  g_autofree char *now = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *product_uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 product_id = 0, alternative_id = 0, pair_id = 0;
  gboolean deleted = TRUE;
  gboolean ok;
  int rc;

  if (alternative_sku == NULL || *alternative_sku == '\0')
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("Give the SKU of the alternative"));
      return FALSE;
    }

  if (!bd_store_begin (store, error))
    return FALSE;

  ok = find_product (store, sku, &product_id, &product_uuid, error);
  if (ok && add && g_strcmp0 (sku, alternative_sku) == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is the product itself: a product is no alternative to itself"), sku);
      ok = FALSE;
    }
  ok = ok && find_product (store, alternative_sku, &alternative_id, NULL, error);

  if (ok)
    {
      stmt = bd_store_cached (store, "SELECT id, uuid, deleted FROM product_alternatives"
                                     " WHERE product_id = ? AND alternative_id = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, product_id);
          sqlite3_bind_int64 (stmt, 2, alternative_id);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              pair_id = sqlite3_column_int64 (stmt, 0);
              uuid = bd_stmt_dup_text (stmt, 1);
              deleted = sqlite3_column_int (stmt, 2);
            }
          else if (rc != SQLITE_DONE)
            {
              bd_store_set_sql_error (store, error, _("reading the alternatives of a product"));
              ok = FALSE;
            }
          sqlite3_reset (stmt);
        }
    }

  if (ok && add && !deleted)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is already an alternative to “%s”"), alternative_sku, sku);
      ok = FALSE;
    }
  if (ok && !add && deleted)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not an alternative to “%s”"), alternative_sku, sku);
      ok = FALSE;
    }

  now = bd_store_now_iso (store);
  batch = bd_store_new_uuid (store);
  if (ok && pair_id == 0)
    {
      uuid = bd_store_new_uuid (store);
      stmt = bd_store_cached (store, "INSERT INTO product_alternatives (product_id, alternative_id, uuid,"
                                     " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, product_id);
          sqlite3_bind_int64 (stmt, 2, alternative_id);
          sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
          ok = bd_store_step_done (store, stmt, error);
        }
    }
  else if (ok)
    {
      stmt = bd_store_cached (store, "UPDATE product_alternatives SET deleted = ?1, updated_at = ?2, dirty = 1"
                                     " WHERE id = ?3", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int (stmt, 1, !add);
          sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, pair_id);
          ok = bd_store_step_done (store, stmt, error);
        }
    }

  /* on the product's history: which alternative came or went */
  ok = ok && bd_store_add_event (store, batch, add ? "alternative-add" : "alternative-remove", "products",
                                 product_uuid, 0, "alternative", add ? NULL : alternative_sku,
                                 add ? alternative_sku : NULL, error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "product_alternatives", "events", NULL });
  return bd_store_commit (store, error);
}

/**
 * bd_products_add_alternative:
 *
 * Names @alternative_sku as what an agent can offer instead of @sku: an
 * error when either product is unknown, they are the same, or the pair
 * is there already. One event on the product.
 */
gboolean
bd_products_add_alternative (BdStore     *store,
                             const char  *sku,
                             const char  *alternative_sku,
                             GError     **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (sku != NULL, FALSE);

  return change_alternative (store, sku, alternative_sku, TRUE, error);
}

/**
 * bd_products_remove_alternative:
 *
 * @alternative_sku is no longer offered instead of @sku.
 */
gboolean
bd_products_remove_alternative (BdStore     *store,
                                const char  *sku,
                                const char  *alternative_sku,
                                GError     **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (sku != NULL, FALSE);

  return change_alternative (store, sku, alternative_sku, FALSE, error);
}
