/* bd-po-import.c: open purchase orders from the shop's previous tool
 * (purchase_orders.csv), so that expected dates are right from the first
 * day
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-import-private.h"
#include "bd-po-status.h"
#include "bd-purchasing-private.h"

/* A PO of the file is matched by its number. A new one is written as the
 * file says; its quantity_received is a receipt that was handed out
 * already (policy "imported": no allocation, nothing to on hand, and not
 * counted in the supplier's delivery history, since the file does not say
 * when it came). An open PO then covers waiting lines of its SKUs oldest
 * first, as one made from demand does.
 *
 * Importing the file again changes only what it says differently: a line's
 * quantity, more received (a receipt for the difference), the expected
 * date, and a status the PO may move on to. A status the desk has moved
 * the PO past stays: the desk is the newer truth there. */

BdPoImportOrder *
bd_po_import_order_new (const char *number,
                        gint64      supplier_id,
                        const char *ordered_at,
                        const char *expected_at,
                        const char *status,
                        guint       line)
{
  BdPoImportOrder *order = g_new0 (BdPoImportOrder, 1);

  order->number = g_strdup (number);
  order->supplier_id = supplier_id;
  order->ordered_at = g_strdup (ordered_at);
  order->expected_at = g_strdup (expected_at);
  order->status = g_strdup (status);
  order->line = line;
  order->lines = g_array_new (FALSE, FALSE, sizeof (BdPoImportLine));
  return order;
}

void
bd_po_import_order_free (gpointer data)
{
  BdPoImportOrder *order = data;

  g_free (order->number);
  g_free (order->ordered_at);
  g_free (order->expected_at);
  g_free (order->status);
  g_array_unref (order->lines);
  g_free (order);
}

gboolean
bd_po_import_parse_date (const char  *text,
                         char       **date,
                         const char **problem)
{
  return bd_purchasing_parse_date (text, date, problem);
}

gboolean
bd_po_import_status_is_valid (const char *status)
{
  return bd_po_status_is_valid (status);
}

gboolean
bd_po_import_find_supplier (BdStore     *store,
                            const char  *ref,
                            gint64      *id,
                            gboolean    *archived,
                            GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store, "SELECT id, archived FROM suppliers WHERE ref = ? AND deleted = 0",
                                        error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
  *id = 0;
  *archived = FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *archived = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* What the store holds of PO @number that a row of the file cannot
 * change: its supplier, and what it has received of the row's product.
 * Sets @problem (and the @column: 0 supplier, 1 quantity, 2 received)
 * when the row disagrees. */
gboolean
bd_po_import_check_stored (BdStore     *store,
                           const char  *number,
                           gint64       supplier_id,
                           gint64       product_id,
                           int          quantity,
                           int          received,
                           int         *column,
                           char       **problem,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *problem = NULL;

  stmt = bd_store_cached (store,
                          "SELECT po.supplier_id, s.ref,"
                          "  (SELECT pl.quantity_received FROM po_lines pl WHERE pl.po_id = po.id"
                          "   AND pl.product_id = ?2 AND pl.deleted = 0)"
                          " FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                          " WHERE po.number = ?1 AND po.deleted = 0",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      int stored_received = sqlite3_column_int (stmt, 2);

      if (sqlite3_column_int64 (stmt, 0) != supplier_id)
        {
          *column = 0;
          *problem = g_strdup_printf (_("purchase order “%s” is with supplier “%s” in the desk: "
                                        "expected that supplier"),
                                      number, sqlite3_column_text (stmt, 1));
        }
      else if (quantity < stored_received)
        {
          *column = 1;
          *problem = g_strdup_printf (_("the desk has %d received on this line already: expected a "
                                        "quantity of at least %d"), stored_received, stored_received);
        }
      else if (received < stored_received)
        {
          *column = 2;
          *problem = g_strdup_printf (_("the desk has %d received on this line already: expected at "
                                        "least %d"), stored_received, stored_received);
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading"));
      return FALSE;
    }

  return TRUE;
}

static const char *
derived_status (BdPoImportOrder *order)
{
  gboolean all = TRUE, some = FALSE;

  if (order->status != NULL)
    return order->status;

  for (guint i = 0; i < order->lines->len; i++)
    {
      BdPoImportLine *line = &g_array_index (order->lines, BdPoImportLine, i);

      all = all && line->received >= line->quantity;
      some = some || line->received > 0;
    }

  return all ? "received" : some ? "partially_received" : "sent";
}

typedef struct
{
  BdPoAction action;
  gint64 receipt_id;     /* of the PO being written, 0 until it needs one */
  GArray *moved;         /* gint64: POs whose date moved */
  gboolean covers;       /* something to cover */
} Writer;

static gboolean
add_receipt_line (Writer      *w,
                  gint64       po_id,
                  gint64       po_line_id,
                  gint64       product_id,
                  int          quantity,
                  GError     **error)
{
  BdStore *store = w->action.store;
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;

  if (quantity <= 0)
    return TRUE;

  if (w->receipt_id == 0)
    {
      uuid = bd_store_new_uuid (store);
      stmt = bd_store_cached (store,
                              "INSERT INTO receipts (uuid, created_at, updated_at, po_id, received_at,"
                              "  author, policy, note)"
                              " VALUES (?1, ?2, ?2, ?3, ?2, ?4, 'imported', 'purchase_orders.csv')",
                              error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, w->action.now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, po_id);
      sqlite3_bind_text (stmt, 4, bd_store_get_author (store), -1, SQLITE_STATIC);
      if (!bd_store_step_done (store, stmt, error))
        return FALSE;
      w->receipt_id = sqlite3_last_insert_rowid (bd_store_get_db (store));
      g_clear_pointer (&uuid, g_free);
    }

  uuid = bd_store_new_uuid (store);
  stmt = bd_store_cached (store,
                          "INSERT INTO receipt_lines (uuid, created_at, updated_at, receipt_id, po_line_id,"
                          "  product_id, quantity, to_stock)"
                          " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 0)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, w->action.now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, w->receipt_id);
  sqlite3_bind_int64 (stmt, 4, po_line_id);
  sqlite3_bind_int64 (stmt, 5, product_id);
  sqlite3_bind_int (stmt, 6, quantity);
  return bd_store_step_done (store, stmt, error);
}

/* Queues what the PO line may still cover, or gives back what it covers
 * beyond what is still to come. */
static gboolean
plan_cover (Writer      *w,
            gint64       po_line_id,
            gint64       product_id,
            gint64       capacity,
            const char  *arrives,
            GError     **error)
{
  sqlite3_stmt *stmt;

  if (capacity < 0)
    return bd_po_trim_covers (&w->action, po_line_id, -capacity, "import-update", error);
  if (capacity == 0)
    return TRUE;

  stmt = bd_store_cached (w->action.store,
                          "INSERT INTO temp.bd_cover_src (po_line_id, product_id, capacity, arrives)"
                          " VALUES (?, ?, ?, ?)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, po_line_id);
  sqlite3_bind_int64 (stmt, 2, product_id);
  sqlite3_bind_int64 (stmt, 3, capacity);
  sqlite3_bind_text (stmt, 4, arrives, -1, SQLITE_STATIC);
  w->covers = TRUE;
  return bd_store_step_done (w->action.store, stmt, error);
}

static gboolean
insert_line (Writer          *w,
             gint64           po_id,
             gint64           supplier_id,
             BdPoImportLine  *line,
             gint64          *po_line_id,
             GError         **error)
{
  g_autofree char *uuid = bd_store_new_uuid (w->action.store);
  sqlite3_stmt *stmt;

  stmt = bd_store_cached (w->action.store,
                          "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id, quantity,"
                          "  quantity_received, unit_cost)"
                          " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, (SELECT unit_cost FROM product_suppliers"
                          "  WHERE product_id = ?4 AND supplier_id = ?7 AND deleted = 0))",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, w->action.now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, po_id);
  sqlite3_bind_int64 (stmt, 4, line->product_id);
  sqlite3_bind_int (stmt, 5, line->quantity);
  sqlite3_bind_int (stmt, 6, line->received);
  sqlite3_bind_int64 (stmt, 7, supplier_id);
  if (!bd_store_step_done (w->action.store, stmt, error))
    return FALSE;

  *po_line_id = sqlite3_last_insert_rowid (bd_store_get_db (w->action.store));
  return add_receipt_line (w, po_id, *po_line_id, line->product_id, line->received, error);
}

static gboolean
create_order (Writer           *w,
              BdPoImportOrder  *order,
              guint            *created,
              GError          **error)
{
  BdStore *store = w->action.store;
  const char *status = derived_status (order);
  gboolean open = bd_po_status_is_open (status);
  gboolean confirmed = g_str_equal (status, "confirmed") || g_str_equal (status, "partially_received") ||
                       g_str_equal (status, "received");
  g_autofree char *uuid = bd_store_new_uuid (store);
  g_autofree char *currency = bd_store_get_default_currency (store);
  sqlite3_stmt *stmt;
  gint64 po_id;

  stmt = bd_store_cached (store,
                          "INSERT INTO purchase_orders (uuid, created_at, updated_at, number, supplier_id,"
                          "  status, currency, ordered_at, sent_at, confirmed_date, expected_at, received_at,"
                          "  cancelled_at)"
                          " VALUES (?1, ?2, ?2, ?3, ?4, ?5,"
                          "  coalesce((SELECT currency FROM product_suppliers WHERE supplier_id = ?4"
                          "   AND currency IS NOT NULL AND deleted = 0 ORDER BY id LIMIT 1), ?6),"
                          "  ?7, CASE WHEN ?5 <> 'draft' THEN ?7 END, CASE WHEN ?8 THEN ?9 END, ?9,"
                          "  CASE WHEN ?5 = 'received' THEN ?2 END, CASE WHEN ?5 = 'cancelled' THEN ?2 END)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, w->action.now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, order->number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, order->supplier_id);
  sqlite3_bind_text (stmt, 5, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, order->ordered_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, confirmed);
  sqlite3_bind_text (stmt, 9, order->expected_at, -1, SQLITE_STATIC);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;
  po_id = sqlite3_last_insert_rowid (bd_store_get_db (store));

  w->receipt_id = 0;
  for (guint i = 0; i < order->lines->len; i++)
    {
      BdPoImportLine *line = &g_array_index (order->lines, BdPoImportLine, i);
      gint64 po_line_id;

      if (!insert_line (w, po_id, order->supplier_id, line, &po_line_id, error))
        return FALSE;
      if (open && !plan_cover (w, po_line_id, line->product_id, line->quantity - line->received,
                               order->expected_at, error))
        return FALSE;
      (*created)++;
    }

  return TRUE;
}

static gboolean
po_event (Writer      *w,
          const char  *entity,
          const char  *uuid,
          const char  *field,
          const char  *old_value,
          const char  *new_value,
          GError     **error)
{
  return bd_store_add_event (w->action.store, w->action.batch, "import-update", entity, uuid, 0,
                             field, old_value, new_value, error);
}

/* A PO the store has: what the file says differently. */
static gboolean
update_order (Writer           *w,
              BdPoImportOrder  *order,
              gint64            po_id,
              guint            *updated,
              guint            *unchanged,
              GError          **error)
{
  BdStore *store = w->action.store;
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *status = NULL;
  g_autofree char *expected_at = NULL;
  gboolean po_changed = FALSE;

  stmt = bd_store_prepare (store, "SELECT uuid, status, expected_at FROM purchase_orders WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, po_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  uuid = bd_stmt_dup_text (stmt, 0);
  status = bd_stmt_dup_text (stmt, 1);
  expected_at = bd_stmt_dup_text (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (order->expected_at != NULL && g_strcmp0 (order->expected_at, expected_at) != 0)
    {
      stmt = bd_store_prepare (store, "UPDATE purchase_orders SET expected_at = ?1, updated_at = ?2, dirty = 1"
                                      " WHERE id = ?3", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, order->expected_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, w->action.now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, po_id);
      if (!bd_store_step_done (store, stmt, error) ||
          !po_event (w, "purchase_orders", uuid, "expected_at", expected_at, order->expected_at, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_free (expected_at);
      expected_at = g_strdup (order->expected_at);
      g_array_append_val (w->moved, po_id);
      po_changed = TRUE;
    }

  if (order->status != NULL && bd_po_status_why_not (status, order->status) == NULL)
    {
      stmt = bd_store_prepare (store,
                               "UPDATE purchase_orders SET status = ?1, updated_at = ?2, dirty = 1,"
                               "  sent_at = coalesce(sent_at, CASE WHEN ?1 <> 'draft' THEN ?2 END),"
                               "  confirmed_date = coalesce(confirmed_date,"
                               "   CASE WHEN ?1 IN ('confirmed', 'partially_received', 'received')"
                               "   THEN expected_at END),"
                               "  received_at = CASE WHEN ?1 = 'received' THEN ?2 ELSE received_at END,"
                               "  cancelled_at = CASE WHEN ?1 = 'cancelled' THEN ?2 ELSE cancelled_at END"
                               " WHERE id = ?3", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, order->status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, w->action.now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, po_id);
      if (!bd_store_step_done (store, stmt, error) ||
          !po_event (w, "purchase_orders", uuid, "status", status, order->status, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_free (status);
      status = g_strdup (order->status);
      po_changed = TRUE;
    }

  w->receipt_id = 0;
  for (guint i = 0; i < order->lines->len; i++)
    {
      BdPoImportLine *line = &g_array_index (order->lines, BdPoImportLine, i);
      g_autofree char *line_uuid = NULL;
      gint64 po_line_id = 0;
      int quantity = 0, received = 0, covered = 0;
      gboolean changed = FALSE;

      stmt = bd_store_prepare (store,
                               "SELECT id, uuid, quantity, quantity_received,"
                               "  (SELECT coalesce(sum(c.quantity), 0) FROM po_line_covers c"
                               "   WHERE c.po_line_id = pl.id AND c.deleted = 0)"
                               " FROM po_lines pl WHERE po_id = ? AND product_id = ? AND deleted = 0",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, po_id);
      sqlite3_bind_int64 (stmt, 2, line->product_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          po_line_id = sqlite3_column_int64 (stmt, 0);
          line_uuid = bd_stmt_dup_text (stmt, 1);
          quantity = sqlite3_column_int (stmt, 2);
          received = sqlite3_column_int (stmt, 3);
          covered = sqlite3_column_int (stmt, 4);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (po_line_id == 0)
        {
          if (!insert_line (w, po_id, order->supplier_id, line, &po_line_id, error))
            return FALSE;
          changed = TRUE;
        }
      else if (line->quantity != quantity || line->received != received)
        {
          g_autofree char *old_q = g_strdup_printf ("%d", quantity);
          g_autofree char *new_q = g_strdup_printf ("%d", line->quantity);
          g_autofree char *old_r = g_strdup_printf ("%d", received);
          g_autofree char *new_r = g_strdup_printf ("%d", line->received);

          stmt = bd_store_prepare (store,
                                   "UPDATE po_lines SET quantity = ?1, quantity_received = ?2, updated_at = ?3,"
                                   "  dirty = 1 WHERE id = ?4", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int (stmt, 1, line->quantity);
          sqlite3_bind_int (stmt, 2, line->received);
          sqlite3_bind_text (stmt, 3, w->action.now, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 4, po_line_id);
          if (!bd_store_step_done (store, stmt, error) ||
              (line->quantity != quantity &&
               !po_event (w, "po_lines", line_uuid, "quantity", old_q, new_q, error)) ||
              (line->received != received &&
               !po_event (w, "po_lines", line_uuid, "quantity_received", old_r, new_r, error)) ||
              !add_receipt_line (w, po_id, po_line_id, line->product_id, line->received - received, error))
            return FALSE;
          g_clear_pointer (&stmt, sqlite3_finalize);
          changed = TRUE;
        }
      else
        covered = -1;   /* unchanged: nothing to cover anew */

      if (changed || po_changed)
        (*updated)++;
      else
        (*unchanged)++;

      /* what the line may still cover, once the file's figures are in */
      if (bd_po_status_is_open (status) && covered >= 0)
        {
          gint64 capacity = (gint64)line->quantity - line->received - covered;

          if (!plan_cover (w, po_line_id, line->product_id, capacity, expected_at, error))
            return FALSE;
        }
    }

  /* a PO the file cancels gives its lines back */
  if (g_str_equal (status, "cancelled"))
    {
      stmt = bd_store_prepare (store,
                               "INSERT INTO temp.bd_drop_covers (cover_id, quantity)"
                               " SELECT c.id, c.quantity FROM po_lines pl"
                               " JOIN po_line_covers c ON c.po_line_id = pl.id"
                               " WHERE pl.po_id = ? AND pl.deleted = 0 AND c.deleted = 0",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, po_id);
      if (!bd_store_step_done (store, stmt, error) ||
          !bd_po_uncover (&w->action, "import-update", error))
        return FALSE;
    }

  return TRUE;
}

/* Writes the POs of the file, in the import's transaction: @batch and
 * @now are the import's. */
gboolean
bd_po_import_orders (BdStore     *store,
                     const char  *batch,
                     const char  *now,
                     GPtrArray   *orders,
                     guint       *created,
                     guint       *updated,
                     guint       *unchanged,
                     GError     **error)
{
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today = bd_purchasing_today (store);
  Writer w = { { 0, }, };

  w.action.store = store;
  w.action.batch = (char *)batch;
  w.action.now = (char *)now;
  w.action.today = today;
  w.action.handling_days = bd_purchasing_handling_days (store);
  w.moved = moved;

  if (!bd_purchasing_temp_tables (store, error))
    return FALSE;

  for (guint i = 0; i < orders->len; i++)
    {
      BdPoImportOrder *order = g_ptr_array_index (orders, i);
      sqlite3_stmt *stmt = bd_store_cached (store, "SELECT id FROM purchase_orders WHERE number = ? AND deleted = 0",
                                            error);
      gint64 po_id = 0;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, order->number, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        po_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (po_id == 0 ? !create_order (&w, order, created, error)
                     : !update_order (&w, order, po_id, updated, unchanged, error))
        return FALSE;
    }

  /* all the file's open POs cover together: the earliest arriving first */
  if (w.covers && !bd_po_cover_from_source (&w.action, "po-import", FALSE, NULL, error))
    return FALSE;

  for (guint i = 0; i < moved->len; i++)
    if (!bd_po_update_etas (&w.action, g_array_index (moved, gint64, i), NULL, error))
      return FALSE;

  return TRUE;
}
