/* bd-purchase-orders.c: the lines, covers and dates of purchase orders,
 * and their moves through the PO state machine (bd-po-status.c)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-purchase-orders"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-status.h"
#include "bd-purchase-orders.h"
#include "bd-purchasing-private.h"
#include "bd-util.h"

static void
po_cover_free (gpointer data)
{
  BdPoCover *cover = data;

  g_free (cover->ref);
  g_free (cover->customer_name);
  g_free (cover);
}

void
bd_po_line_free (gpointer data)
{
  BdPoLine *line = data;

  g_free (line->uuid);
  g_free (line->sku);
  g_free (line->product_name);
  g_clear_pointer (&line->covers, g_ptr_array_unref);
  g_free (line);
}

/* A supplier by its reference or, when no reference is spelled so, its
 * name in any case: what --supplier takes. */
gboolean
bd_purchase_orders_find_supplier (BdStore     *store,
                                  const char  *ref_or_name,
                                  gint64      *supplier_id,
                                  GError     **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (ref_or_name != NULL, FALSE);

  return bd_purchasing_find_supplier (store, ref_or_name, supplier_id, error);
}

gboolean
bd_purchase_orders_find (BdStore     *store,
                         const char  *number,
                         gint64      *po_id,
                         GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  stmt = bd_store_prepare (store,
                           "SELECT id FROM purchase_orders WHERE deleted = 0 AND (number = ?1 OR uuid = ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("There is no purchase order “%s”"), number);
      return FALSE;
    }

  *po_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The POs @query selects (BdPurchaseOrder), newest first. */
GPtrArray *
bd_purchase_orders_list (BdStore          *store,
                         const BdPoQuery  *query,
                         GError          **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  ids = bd_po_query_run_ids (store, query, NULL, error);
  if (ids == NULL)
    return NULL;

  rows = bd_row_table_new ();
  if (!bd_purchase_order_load_many (store, (const gint64 *)(gpointer)ids->data, ids->len, rows, error))
    return NULL;

  orders = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      BdPurchaseOrder *po = g_hash_table_lookup (rows, &g_array_index (ids, gint64, i));

      if (po != NULL)
        g_ptr_array_add (orders, g_object_ref (po));
    }

  return g_steal_pointer (&orders);
}

/* The lines of a PO (BdPoLine) by SKU, each with the backorder lines it
 * covers. */
GPtrArray *
bd_purchase_orders_load_lines (BdStore  *store,
                               gint64    po_id,
                               GError  **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (bd_po_line_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT pl.id, pl.uuid, pl.product_id, p.sku, p.name, pl.quantity,"
                           "  pl.quantity_received, pl.unit_cost,"
                           "  (SELECT coalesce(sum(c.quantity), 0) FROM po_line_covers c"
                           "   WHERE c.po_line_id = pl.id AND c.deleted = 0)"
                           " FROM po_lines pl JOIN products p ON p.id = pl.product_id"
                           " WHERE pl.po_id = ? AND pl.deleted = 0 ORDER BY p.sku, pl.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, po_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdPoLine *line = g_new0 (BdPoLine, 1);

      line->id = sqlite3_column_int64 (stmt, 0);
      line->uuid = bd_stmt_dup_text (stmt, 1);
      line->product_id = sqlite3_column_int64 (stmt, 2);
      line->sku = bd_stmt_dup_text (stmt, 3);
      line->product_name = bd_stmt_dup_text (stmt, 4);
      line->quantity = sqlite3_column_int (stmt, 5);
      line->quantity_received = sqlite3_column_int (stmt, 6);
      line->has_unit_cost = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      line->unit_cost = sqlite3_column_int64 (stmt, 7);
      line->covered = sqlite3_column_int (stmt, 8);
      line->covers = g_ptr_array_new_with_free_func (po_cover_free);
      g_ptr_array_add (lines, line);
      g_hash_table_insert (by_id, &line->id, line);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading a purchase order"));
      return NULL;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = bd_store_prepare (store,
                           "SELECT c.po_line_id, l.id, o.ref || '/' || p.sku, cu.name, c.quantity"
                           " FROM po_line_covers c"
                           " JOIN po_lines pl ON pl.id = c.po_line_id"
                           " JOIN order_lines l ON l.id = c.line_id"
                           " JOIN orders o ON o.id = l.order_id"
                           " JOIN products p ON p.id = l.product_id"
                           " JOIN customers cu ON cu.id = l.customer_id"
                           " WHERE pl.po_id = ? AND pl.deleted = 0 AND c.deleted = 0"
                           " ORDER BY l.ordered_at, l.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, po_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 po_line_id = sqlite3_column_int64 (stmt, 0);
      BdPoLine *line = g_hash_table_lookup (by_id, &po_line_id);
      BdPoCover *cover;

      if (line == NULL)
        continue;

      cover = g_new0 (BdPoCover, 1);
      cover->line_id = sqlite3_column_int64 (stmt, 1);
      cover->ref = bd_stmt_dup_text (stmt, 2);
      cover->customer_name = bd_stmt_dup_text (stmt, 3);
      cover->quantity = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (line->covers, cover);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading a purchase order"));
      return NULL;
    }

  return g_steal_pointer (&lines);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_money (JsonBuilder *builder,
           const char  *name,
           gboolean     has_value,
           gint64       value,
           const char  *currency)
{
  int exponent = bd_currency_exponent (currency);
  g_autofree char *text = has_value ? bd_format_decimal (value, exponent < 0 ? 2 : exponent) : NULL;

  add_string (builder, name, text);
}

/* The POs as `po list --json` prints them: the header, and each line
 * with what it covers. Money is decimal text in the PO's currency. */
JsonNode *
bd_purchase_orders_to_json (BdStore    *store,
                            GPtrArray  *orders,
                            GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < orders->len; i++)
    {
      BdPurchaseOrder *po = g_ptr_array_index (orders, i);
      const char *currency = bd_purchase_order_get_currency (po);
      g_autoptr(GPtrArray) lines = bd_purchase_orders_load_lines (store, bd_purchase_order_get_id (po), error);

      if (lines == NULL)
        return NULL;

      json_builder_begin_object (builder);
      add_string (builder, "number", bd_purchase_order_get_number (po));
      add_string (builder, "uuid", bd_purchase_order_get_uuid (po));
      add_string (builder, "supplier_ref", bd_purchase_order_get_supplier_ref (po));
      add_string (builder, "supplier_name", bd_purchase_order_get_supplier_name (po));
      add_string (builder, "status", bd_purchase_order_get_status (po));
      add_string (builder, "currency", currency);
      add_string (builder, "ordered_at", bd_purchase_order_get_ordered_at (po));
      add_string (builder, "sent_at", bd_purchase_order_get_sent_at (po));
      add_string (builder, "confirmed_at", bd_purchase_order_get_confirmed_at (po));
      add_string (builder, "confirmed_date", bd_purchase_order_get_confirmed_date (po));
      add_string (builder, "expected_at", bd_purchase_order_get_expected_at (po));
      add_string (builder, "received_at", bd_purchase_order_get_received_at (po));
      add_string (builder, "cancelled_at", bd_purchase_order_get_cancelled_at (po));
      add_money (builder, "value", bd_purchase_order_get_has_value (po), bd_purchase_order_get_value (po),
                 currency);

      json_builder_set_member_name (builder, "lines");
      json_builder_begin_array (builder);
      for (guint l = 0; l < lines->len; l++)
        {
          BdPoLine *line = g_ptr_array_index (lines, l);

          json_builder_begin_object (builder);
          add_string (builder, "sku", line->sku);
          add_string (builder, "product_name", line->product_name);
          add_int (builder, "quantity", line->quantity);
          add_int (builder, "quantity_received", line->quantity_received);
          add_money (builder, "unit_cost", line->has_unit_cost, line->unit_cost, currency);
          json_builder_set_member_name (builder, "covers");
          json_builder_begin_array (builder);
          for (guint c = 0; c < line->covers->len; c++)
            {
              BdPoCover *cover = g_ptr_array_index (line->covers, c);

              json_builder_begin_object (builder);
              add_string (builder, "ref", cover->ref);
              add_int (builder, "quantity", cover->quantity);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* A PO as a write finds it, inside its transaction. */
typedef struct
{
  gint64 id;
  char *uuid;
  char *number;
  char *status;
  gint64 supplier_id;
  char *supplier_name;
  gboolean supplier_archived;
  char *expected_at;
  char *confirmed_date;
} PoState;

static void
po_state_clear (PoState *po)
{
  g_free (po->uuid);
  g_free (po->number);
  g_free (po->status);
  g_free (po->supplier_name);
  g_free (po->expected_at);
  g_free (po->confirmed_date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PoState, po_state_clear)

static gboolean
load_po (BdStore  *store,
         gint64    po_id,
         PoState  *po,
         GError  **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  stmt = bd_store_prepare (store,
                           "SELECT po.uuid, po.number, po.status, po.supplier_id, s.name, s.archived,"
                           "  po.expected_at, po.confirmed_date"
                           " FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                           " WHERE po.id = ? AND po.deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, po_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("The purchase order no longer exists"));
      return FALSE;
    }

  po->id = po_id;
  po->uuid = bd_stmt_dup_text (stmt, 0);
  po->number = bd_stmt_dup_text (stmt, 1);
  po->status = bd_stmt_dup_text (stmt, 2);
  po->supplier_id = sqlite3_column_int64 (stmt, 3);
  po->supplier_name = bd_stmt_dup_text (stmt, 4);
  po->supplier_archived = sqlite3_column_int (stmt, 5) != 0;
  po->expected_at = bd_stmt_dup_text (stmt, 6);
  po->confirmed_date = bd_stmt_dup_text (stmt, 7);
  return TRUE;
}

/* The fields of a PO that change by hand; literal SQL per field. */
static const struct {
  const char *field;
  const char *sql;
} po_fields[] = {
  { "status", "UPDATE purchase_orders SET status = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "sent_at", "UPDATE purchase_orders SET sent_at = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "confirmed_at", "UPDATE purchase_orders SET confirmed_at = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "confirmed_date", "UPDATE purchase_orders SET confirmed_date = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "expected_at", "UPDATE purchase_orders SET expected_at = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
  { "cancelled_at", "UPDATE purchase_orders SET cancelled_at = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3" },
};

static gboolean
set_po_field (BdPoAction  *action,
              PoState     *po,
              const char  *event_action,
              const char  *field,
              const char  *old_value,
              const char  *new_value,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (po_fields) && stmt == NULL; i++)
    if (g_str_equal (po_fields[i].field, field))
      stmt = bd_store_cached (action->store, po_fields[i].sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, new_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, po->id);

  return bd_store_step_done (action->store, stmt, error) &&
         bd_store_add_event (action->store, action->batch, event_action, "purchase_orders", po->uuid,
                             0, field, old_value, new_value, error);
}

static gboolean
check_date (const char  *text,
            char       **date,
            GError     **error)
{
  const char *problem;

  if (bd_purchasing_parse_date (text, date, &problem))
    return TRUE;

  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
               _("“%s” is not a date: expected %s"), text, _(problem));
  return FALSE;
}

/* Takes back every cover of the PO's lines: the lines wait again. */
static gboolean
uncover_po (BdPoAction  *action,
            PoState     *po,
            GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  stmt = bd_store_prepare (action->store,
                           "INSERT INTO temp.bd_drop_covers (cover_id, quantity)"
                           " SELECT c.id, c.quantity FROM po_lines pl"
                           " JOIN po_line_covers c ON c.po_line_id = pl.id"
                           " WHERE pl.po_id = ? AND pl.deleted = 0 AND c.deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, po->id);

  return bd_store_step_done (action->store, stmt, error) &&
         bd_po_uncover (action, "po-cancel", error);
}

/* Moves a PO to @status, as a person chooses it: sent, confirmed (with
 * the supplier's date, @date, or the expected date when NULL) or
 * cancelled (its covered lines wait again). @date (a local date) also
 * sets the expected date of a sent PO. */
gboolean
bd_purchase_orders_set_status (BdStore     *store,
                               gint64       po_id,
                               const char  *status,
                               const char  *date,
                               char       **batch,
                               GError     **error)
{
  g_auto(PoState) po = { 0, };
  g_autofree char *day = NULL;
  BdPoAction action = { 0, };
  const char *why;
  gboolean dates_moved = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!bd_po_status_is_valid (status))
    {
      g_autofree char *known = g_strjoinv (", ", (char **)bd_po_statuses_set_by_hand ());

      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not a status of a purchase order: expected one of %s"),
                   status ? status : "", known);
      return FALSE;
    }

  if (date != NULL && !check_date (date, &day, error))
    return FALSE;

  if (!bd_po_action_begin (&action, store, error))
    return FALSE;

  if (!load_po (store, po_id, &po, error))
    return bd_po_action_finish (&action, FALSE, NULL, error);

  why = bd_po_status_why_not_by_hand (po.status, status);
  if (why != NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s cannot go from “%s” to “%s”: %s"),
                   po.number, po.status, status, why);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  if (g_str_equal (status, "sent") && po.supplier_archived)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s cannot be sent: its supplier %s is archived"),
                   po.number, po.supplier_name);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  if (g_str_equal (status, "cancelled") && day != NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s is being cancelled: it takes no expected date"), po.number);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  ok = set_po_field (&action, &po, "po-status", "status", po.status, status, error);

  if (ok && g_str_equal (status, "sent"))
    {
      ok = set_po_field (&action, &po, "po-status", "sent_at", NULL, action.now, error);
      if (ok && day != NULL && g_strcmp0 (day, po.expected_at) != 0)
        {
          ok = set_po_field (&action, &po, "po-status", "expected_at", po.expected_at, day, error);
          dates_moved = TRUE;
        }
    }
  else if (ok && g_str_equal (status, "confirmed"))
    {
      const char *confirmed = day != NULL ? day : po.expected_at;

      if (confirmed == NULL)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("Confirming purchase order %s needs the date the supplier confirmed "
                         "(it has no expected date yet)"), po.number);
          ok = FALSE;
        }
      ok = ok &&
           set_po_field (&action, &po, "po-status", "confirmed_at", NULL, action.now, error) &&
           set_po_field (&action, &po, "po-status", "confirmed_date", po.confirmed_date, confirmed, error);
      if (ok && g_strcmp0 (confirmed, po.expected_at) != 0)
        {
          ok = set_po_field (&action, &po, "po-status", "expected_at", po.expected_at, confirmed, error);
          dates_moved = TRUE;
        }
    }
  else if (ok && g_str_equal (status, "cancelled"))
    ok = set_po_field (&action, &po, "po-status", "cancelled_at", NULL, action.now, error) &&
         uncover_po (&action, &po, error);

  if (ok && dates_moved)
    ok = bd_po_update_etas (&action, po.id, NULL, error);

  return bd_po_action_finish (&action, ok, batch, error);
}

gboolean
bd_purchase_orders_cancel (BdStore  *store,
                           gint64    po_id,
                           char    **batch,
                           GError  **error)
{
  return bd_purchase_orders_set_status (store, po_id, "cancelled", NULL, batch, error);
}

/* Moves the date a PO is expected (a local date) and, in the same
 * transaction, the ETAs of the lines it covers; bd_eta_list_at_risk()
 * with the batch then lists the lines it puts past their promised date. */
gboolean
bd_purchase_orders_set_expected (BdStore     *store,
                                 gint64       po_id,
                                 const char  *date,
                                 char       **batch,
                                 GError     **error)
{
  g_auto(PoState) po = { 0, };
  g_autofree char *day = NULL;
  BdPoAction action = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (!check_date (date, &day, error))
    return FALSE;

  if (!bd_po_action_begin (&action, store, error))
    return FALSE;

  if (!load_po (store, po_id, &po, error))
    return bd_po_action_finish (&action, FALSE, NULL, error);

  if (!bd_po_status_can_set_expected (po.status))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The expected date of purchase order %s cannot change: it is %s"),
                   po.number, po.status);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  /* the rows of its lines lie on as many pages of the table */
  bd_store_set_large_cache (store, TRUE);
  ok = set_po_field (&action, &po, "po-date", "expected_at", po.expected_at, day, error) &&
       bd_po_update_etas (&action, po.id, NULL, error);
  ok = bd_po_action_finish (&action, ok, batch, error);
  bd_store_set_large_cache (store, FALSE);

  return ok;
}

static gboolean
find_product (BdStore     *store,
              const char  *sku,
              gint64      *product_id,
              GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT id FROM products WHERE sku = ? AND deleted = 0",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("There is no product with the SKU “%s”"), sku);
      return FALSE;
    }
  *product_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The quantity of @sku on a draft or sent PO: a new line when it has
 * none, none when @quantity is 0. More covers waiting lines oldest
 * first; less gives back the covers of the newest lines first. */
gboolean
bd_purchase_orders_set_line_quantity (BdStore     *store,
                                      gint64       po_id,
                                      const char  *sku,
                                      int          quantity,
                                      char       **batch,
                                      GError     **error)
{
  g_auto(PoState) po = { 0, };
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *line_uuid = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  BdPoAction action = { 0, };
  gint64 product_id = 0, line_id = 0, received = 0, covered = 0, old_quantity = 0;
  gint64 capacity;
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (sku != NULL, FALSE);

  if (quantity < 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("A quantity of %d cannot be ordered: expected 0 (no line) or more"), quantity);
      return FALSE;
    }

  if (!bd_po_action_begin (&action, store, error))
    return FALSE;

  if (!load_po (store, po_id, &po, error) || !find_product (store, sku, &product_id, error))
    return bd_po_action_finish (&action, FALSE, NULL, error);

  if (!bd_po_status_can_edit_lines (po.status))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The lines of purchase order %s cannot change: it is %s (lines change while it "
                     "is a draft or sent)"), po.number, po.status);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  stmt = bd_store_prepare (store,
                           "SELECT id, uuid, quantity, quantity_received,"
                           "  (SELECT coalesce(sum(c.quantity), 0) FROM po_line_covers c"
                           "   WHERE c.po_line_id = pl.id AND c.deleted = 0)"
                           " FROM po_lines pl WHERE po_id = ? AND product_id = ? AND deleted = 0",
                           error);
  if (stmt == NULL)
    return bd_po_action_finish (&action, FALSE, NULL, error);
  sqlite3_bind_int64 (stmt, 1, po.id);
  sqlite3_bind_int64 (stmt, 2, product_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      line_id = sqlite3_column_int64 (stmt, 0);
      line_uuid = bd_stmt_dup_text (stmt, 1);
      old_quantity = sqlite3_column_int64 (stmt, 2);
      received = sqlite3_column_int64 (stmt, 3);
      covered = sqlite3_column_int64 (stmt, 4);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (line_id == 0 && quantity == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s has no line for “%s”"), po.number, sku);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }
  if (quantity < received)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s has received %" G_GINT64_FORMAT " of “%s” already: "
                     "it cannot order fewer"), po.number, received, sku);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }
  if (quantity == old_quantity)
    return bd_po_action_finish (&action, TRUE, batch, error);

  old_text = line_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, old_quantity) : NULL;
  new_text = g_strdup_printf ("%d", quantity);

  if (line_id == 0)
    {
      line_uuid = bd_store_new_uuid (store);
      stmt = bd_store_prepare (store,
                               "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id,"
                               "  quantity, unit_cost)"
                               " VALUES (?1, ?2, ?2, ?3, ?4, ?5, (SELECT unit_cost FROM product_suppliers"
                               "  WHERE product_id = ?4 AND supplier_id = ?6 AND deleted = 0))",
                               error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, line_uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, action.now, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, po.id);
          sqlite3_bind_int64 (stmt, 4, product_id);
          sqlite3_bind_int (stmt, 5, quantity);
          sqlite3_bind_int64 (stmt, 6, po.supplier_id);
          ok = bd_store_step_done (store, stmt, error);
          line_id = sqlite3_last_insert_rowid (bd_store_get_db (store));
        }
    }
  else
    {
      stmt = bd_store_prepare (store,
                               "UPDATE po_lines SET quantity = CASE WHEN ?1 > 0 THEN ?1 ELSE quantity END,"
                               "  deleted = (?1 = 0), updated_at = ?2, dirty = 1 WHERE id = ?3",
                               error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int (stmt, 1, quantity);
          sqlite3_bind_text (stmt, 2, action.now, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, line_id);
          ok = bd_store_step_done (store, stmt, error);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ok = ok && bd_store_add_event (store, action.batch, "po-line", "po_lines", line_uuid, 0, "quantity",
                                 old_text, quantity > 0 ? new_text : NULL, error);

  capacity = quantity - received - covered;
  if (ok && capacity > 0)
    {
      stmt = bd_store_prepare (store,
                               "INSERT INTO temp.bd_cover_src (po_line_id, product_id, capacity, arrives)"
                               " VALUES (?, ?, ?, ?)",
                               error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, line_id);
          sqlite3_bind_int64 (stmt, 2, product_id);
          sqlite3_bind_int64 (stmt, 3, capacity);
          sqlite3_bind_text (stmt, 4, po.expected_at ? po.expected_at : po.confirmed_date, -1, SQLITE_STATIC);
          ok = bd_store_step_done (store, stmt, error) &&
               bd_po_cover_from_source (&action, "po-line", FALSE, NULL, error);
        }
    }
  else if (ok && capacity < 0)
    ok = bd_po_trim_covers (&action, line_id, -capacity, "po-line", error);

  return bd_po_action_finish (&action, ok, batch, error);
}
