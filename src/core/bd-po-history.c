/* bd-po-history.c: the receipts and the history of one purchase order
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-history.h"
#include "bd-util.h"

void
bd_po_receipt_entry_free (gpointer data)
{
  BdPoReceiptEntry *entry = data;

  g_free (entry->uuid);
  g_free (entry->received_at);
  g_free (entry->author);
  g_free (entry->policy);
  g_free (entry->sku);
  g_free (entry->product_name);
  g_free (entry->batch);
  g_free (entry);
}

/* The receipt lines booked against the PO and not undone, newest first:
 * BdPoReceiptEntry. */
GPtrArray *
bd_po_history_receipts (BdStore  *store,
                        gint64    po_id,
                        GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (bd_po_receipt_entry_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT r.uuid, r.received_at, r.author, r.policy, p.sku, p.name, rl.quantity,"
                           "  rl.to_stock,"
                           "  (SELECT coalesce(sum(a.quantity), 0) FROM allocations a"
                           "   WHERE a.receipt_line_id = rl.id AND a.deleted = 0),"
                           "  (SELECT e.batch FROM events e WHERE e.entity = 'receipts' AND e.action = 'receive'"
                           "   AND e.entity_uuid = r.uuid ORDER BY e.id LIMIT 1)"
                           " FROM receipts r"
                           " JOIN receipt_lines rl ON rl.receipt_id = r.id AND rl.deleted = 0"
                           "  AND rl.po_line_id IS NOT NULL"
                           " JOIN products p ON p.id = rl.product_id"
                           " WHERE r.po_id = ? AND r.deleted = 0"
                           " ORDER BY r.received_at DESC, r.id DESC, rl.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, po_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdPoReceiptEntry *entry = g_new0 (BdPoReceiptEntry, 1);

      entry->uuid = bd_stmt_dup_text (stmt, 0);
      entry->received_at = bd_stmt_dup_text (stmt, 1);
      entry->author = bd_stmt_dup_text (stmt, 2);
      entry->policy = bd_stmt_dup_text (stmt, 3);
      entry->sku = bd_stmt_dup_text (stmt, 4);
      entry->product_name = bd_stmt_dup_text (stmt, 5);
      entry->quantity = sqlite3_column_int (stmt, 6);
      entry->to_stock = sqlite3_column_int (stmt, 7);
      entry->allocated = sqlite3_column_int (stmt, 8);
      entry->batch = bd_stmt_dup_text (stmt, 9);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the receipts of a purchase order"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static void
change_free (gpointer data)
{
  BdHistoryChange *change = data;

  g_free (change->field);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

/* The events of the PO, of its lines and of its receipts, oldest first,
 * one BdHistoryEntry per action (a batch): "po-create", "po-status",
 * "po-expected", "po-line", "receive", "receive-undo", and "message" for
 * each step of a message to the supplier (its status). The subject of an
 * entry about a line or a receipt is its SKU, of a message its kind. */
GPtrArray *
bd_po_history_list (BdStore  *store,
                    gint64    po_id,
                    GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (bd_history_entry_free);
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *last_batch = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "WITH po AS (SELECT uuid FROM purchase_orders WHERE id = ?1),"
                           " lines AS (SELECT pl.uuid, p.sku FROM po_lines pl"
                           "  JOIN products p ON p.id = pl.product_id WHERE pl.po_id = ?1),"
                           " recs AS (SELECT r.uuid, (SELECT group_concat(p.sku, ', ') FROM receipt_lines rl"
                           "  JOIN products p ON p.id = rl.product_id"
                           "  WHERE rl.receipt_id = r.id AND rl.po_line_id IS NOT NULL) AS sku"
                           "  FROM receipts r WHERE r.po_id = ?1)"
                           " SELECT e.created_at, e.author, e.action, e.field, e.old_value, e.new_value, e.batch,"
                           "  CASE e.entity WHEN 'po_lines' THEN (SELECT sku FROM lines WHERE uuid = e.entity_uuid)"
                           "   WHEN 'receipts' THEN (SELECT sku FROM recs WHERE uuid = e.entity_uuid)"
                           "   WHEN 'message' THEN (SELECT kind FROM messages WHERE uuid = e.entity_uuid) END"
                           " FROM events e"
                           " WHERE e.deleted = 0 AND ((e.entity = 'purchase_orders' AND e.entity_uuid IN po)"
                           "  OR (e.entity = 'po_lines' AND e.entity_uuid IN (SELECT uuid FROM lines))"
                           "  OR (e.entity = 'receipts' AND e.entity_uuid IN (SELECT uuid FROM recs))"
                           "  OR (e.entity = 'message' AND e.entity_uuid IN"
                           "   (SELECT uuid FROM messages WHERE po_id = ?1 AND deleted = 0)))"
                           " ORDER BY e.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, po_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *action = (const char *)sqlite3_column_text (stmt, 2);
      const char *batch = (const char *)sqlite3_column_text (stmt, 6);
      BdHistoryEntry *entry = NULL;
      BdHistoryChange *change;

      if (batch != NULL && g_strcmp0 (batch, last_batch) == 0 && entries->len > 0)
        {
          entry = g_ptr_array_index (entries, entries->len - 1);
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
          entry->subject = bd_stmt_dup_text (stmt, 7);
          entry->changes = g_ptr_array_new_with_free_func (change_free);
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
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the history of a purchase order"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}
