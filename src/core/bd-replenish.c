/* bd-replenish.c: what to order of which product from whom, and the
 * draft purchase orders made from it in one step
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-replenish"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-eta.h"
#include "bd-po-number.h"
#include "bd-replenish.h"
#include "bd-purchasing-private.h"
#include "bd-util.h"

static void
option_free (gpointer data)
{
  BdSupplierOption *option = data;

  g_free (option->supplier_ref);
  g_free (option->supplier_name);
  g_free (option->currency);
  g_free (option);
}

void
bd_replenish_suggestion_free (gpointer data)
{
  BdReplenishSuggestion *suggestion = data;

  g_free (suggestion->sku);
  g_free (suggestion->product_name);
  g_clear_pointer (&suggestion->options, g_ptr_array_unref);
  g_free (suggestion);
}

void
bd_replenish_result_free (BdReplenishResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->numbers, g_ptr_array_unref);
  g_clear_pointer (&result->no_supplier, g_ptr_array_unref);
  g_free (result->batch);
  g_free (result);
}

/* What to order for @need: at least the MOQ, in whole packs. */
int
bd_replenish_round (int need,
                    int moq,
                    int pack_size)
{
  gint64 quantity;

  if (need <= 0)
    return 0;

  quantity = MAX (need, moq);
  if (pack_size > 1)
    quantity = (quantity + pack_size - 1) / pack_size * pack_size;

  return (int)MIN (quantity, G_MAXINT32);
}

const BdSupplierOption *
bd_replenish_suggestion_get_chosen (const BdReplenishSuggestion *suggestion)
{
  g_return_val_if_fail (suggestion != NULL, NULL);

  if (suggestion->chosen < 0)
    return NULL;
  return g_ptr_array_index (suggestion->options, suggestion->chosen);
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const BdReplenishSuggestion *x = *(BdReplenishSuggestion **)a;
  const BdReplenishSuggestion *y = *(BdReplenishSuggestion **)b;
  const BdSupplierOption *sx = bd_replenish_suggestion_get_chosen (x);
  const BdSupplierOption *sy = bd_replenish_suggestion_get_chosen (y);
  int cmp;

  /* grouped by supplier, those without one last */
  if ((sx == NULL) != (sy == NULL))
    return sx == NULL ? 1 : -1;
  if (sx != NULL && (cmp = g_strcmp0 (sx->supplier_ref, sy->supplier_ref)) != 0)
    return cmp;
  return g_strcmp0 (x->sku, y->sku);
}

/* The suggestions for every product that has demand no PO covers or
 * stock below its reorder point + safety stock, grouped by the supplier
 * chosen for it (the preferred one, else the cheapest), or only those of
 * @supplier_id. Reads in one transaction, so that its figures agree. */
GPtrArray *
bd_replenish_suggest (BdStore  *store,
                      gint64    supplier_id,
                      GError  **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (bd_replenish_suggestion_free);
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GHashTable) by_product = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) histories = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *today = bd_purchasing_today (store);
  g_autofree char *default_currency = bd_store_get_default_currency (store);
  gboolean in_transaction;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  in_transaction = !sqlite3_get_autocommit (bd_store_get_db (store));
  if (!in_transaction && !bd_store_exec (store, "BEGIN", error))
    return NULL;

  /* A waiting line's demand is its backordered quantity less what PO
   * lines cover and receipts allocated of it (a line fully covered or
   * allocated is on order or allocated, no longer waiting). The first
   * comes from the queue's index alone; the other two from the covers and
   * allocations of waiting lines, found by line in their own indexes: read
   * from the lines' rows, the sums kept on them cost 100,000 row reads. */
  stmt = bd_store_prepare (store,
                           "WITH waiting AS ("
                           "  SELECT product_id, sum(backordered_quantity) AS quantity, count(*) AS n_lines"
                           "  FROM order_lines"
                           "  WHERE status = 'waiting' AND backordered_quantity > 0 AND deleted = 0"
                           "  GROUP BY product_id),"
                           " taken AS ("
                           "  SELECT l.product_id, c.quantity FROM order_lines l"
                           "  JOIN po_line_covers c ON c.line_id = l.id AND c.deleted = 0"
                           "  WHERE l.status = 'waiting' AND l.backordered_quantity > 0 AND l.deleted = 0"
                           "  UNION ALL"
                           "  SELECT l.product_id, a.quantity FROM order_lines l"
                           "  JOIN allocations a ON a.line_id = l.id AND a.deleted = 0"
                           "  WHERE l.status = 'waiting' AND l.backordered_quantity > 0 AND l.deleted = 0),"
                           " need AS ("
                           "  SELECT w.product_id, w.quantity - coalesce(t.quantity, 0) AS demand, w.n_lines"
                           "  FROM waiting w LEFT JOIN (SELECT product_id, sum(quantity) AS quantity FROM taken"
                           "   GROUP BY product_id) t ON t.product_id = w.product_id),"
                           /* a cover of a line shipped or cancelled since frees
                            * its units for someone else */
                           " covered AS ("
                           "  SELECT c.po_line_id, sum(c.quantity) AS quantity FROM po_line_covers c"
                           "  JOIN order_lines l ON l.id = c.line_id"
                           "  WHERE c.deleted = 0 AND l.status IN ('waiting', 'on_order', 'allocated')"
                           "  GROUP BY c.po_line_id),"
                           " coming AS ("
                           "  SELECT pl.product_id,"
                           "   sum(max(pl.quantity - pl.quantity_received, 0)) AS on_order,"
                           "   sum(max(pl.quantity - pl.quantity_received - coalesce(c.quantity, 0), 0)) AS free"
                           "  FROM po_lines pl"
                           "  JOIN purchase_orders po ON po.id = pl.po_id"
                           "  LEFT JOIN covered c ON c.po_line_id = pl.id"
                           "  WHERE pl.deleted = 0 AND po.deleted = 0"
                           "   AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received')"
                           "  GROUP BY pl.product_id)"
                           " SELECT p.id, p.sku, p.name, coalesce(n.demand, 0), coalesce(n.n_lines, 0),"
                           "  p.on_hand, p.reorder_point, p.safety_stock,"
                           "  coalesce(c.on_order, 0), coalesce(c.free, 0)"
                           " FROM products p"
                           " LEFT JOIN need n ON n.product_id = p.id"
                           " LEFT JOIN coming c ON c.product_id = p.id"
                           " WHERE p.deleted = 0 AND (n.demand > 0"
                           "  OR p.reorder_point + p.safety_stock > p.on_hand + coalesce(c.free, 0))"
                           " ORDER BY p.id",
                           error);
  if (stmt == NULL)
    goto fail;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdReplenishSuggestion *s = g_new0 (BdReplenishSuggestion, 1);
      gint64 target;

      s->product_id = sqlite3_column_int64 (stmt, 0);
      s->sku = bd_stmt_dup_text (stmt, 1);
      s->product_name = bd_stmt_dup_text (stmt, 2);
      s->demand = sqlite3_column_int (stmt, 3);
      s->n_lines = sqlite3_column_int (stmt, 4);
      s->on_hand = sqlite3_column_int (stmt, 5);
      s->reorder_point = sqlite3_column_int (stmt, 6);
      s->safety_stock = sqlite3_column_int (stmt, 7);
      s->on_order = sqlite3_column_int (stmt, 8);
      s->free_on_order = sqlite3_column_int (stmt, 9);
      target = (gint64)s->reorder_point + s->safety_stock;
      s->shortfall = (int)CLAMP (target - s->on_hand - s->free_on_order, 0, G_MAXINT32);
      s->need = (int)MIN ((gint64)s->demand + s->shortfall, G_MAXINT32);
      s->chosen = -1;
      s->options = g_ptr_array_new_with_free_func (option_free);
      g_ptr_array_add (all, s);
      g_hash_table_insert (by_product, &s->product_id, s);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading what to order"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  histories = bd_eta_supplier_histories (store, today, NULL, error);
  if (histories == NULL)
    goto fail;

  /* each product's suppliers: the preferred first, then the cheapest */
  stmt = bd_store_prepare (store,
                           "SELECT ps.product_id, s.id, s.ref, s.name, ps.unit_cost,"
                           "  coalesce(ps.currency, ?1), coalesce(ps.lead_time_days, s.lead_time_days),"
                           "  coalesce(ps.moq, 0), coalesce(ps.pack_size, p.pack_size, 1), ps.preferred"
                           " FROM product_suppliers ps"
                           " JOIN suppliers s ON s.id = ps.supplier_id"
                           " JOIN products p ON p.id = ps.product_id"
                           " WHERE ps.deleted = 0 AND s.deleted = 0 AND s.archived = 0"
                           " ORDER BY ps.product_id, ps.preferred DESC, ps.unit_cost IS NULL, ps.unit_cost, s.ref",
                           error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, default_currency, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (stmt, 0);
      BdReplenishSuggestion *s = g_hash_table_lookup (by_product, &product_id);
      const BdSupplierHistory *history;
      BdSupplierOption *option;

      if (s == NULL)
        continue;

      option = g_new0 (BdSupplierOption, 1);
      option->supplier_id = sqlite3_column_int64 (stmt, 1);
      option->supplier_ref = bd_stmt_dup_text (stmt, 2);
      option->supplier_name = bd_stmt_dup_text (stmt, 3);
      option->has_unit_cost = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      option->unit_cost = sqlite3_column_int64 (stmt, 4);
      option->currency = bd_stmt_dup_text (stmt, 5);
      option->lead_time_days = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
      option->moq = MAX (sqlite3_column_int (stmt, 7), 0);
      option->pack_size = MAX (sqlite3_column_int (stmt, 8), 1);
      option->preferred = sqlite3_column_int (stmt, 9) != 0;
      history = g_hash_table_lookup (histories, &option->supplier_id);
      option->on_time_rate = bd_supplier_history_on_time_rate (history);
      option->history_lines = history ? history->n_lines : 0;
      option->quantity = bd_replenish_round (s->need, option->moq, option->pack_size);
      g_ptr_array_add (s->options, option);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the products’ suppliers"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!in_transaction)
    bd_store_exec (store, "COMMIT", NULL);

  result = g_ptr_array_new_with_free_func (bd_replenish_suggestion_free);
  for (guint i = 0; i < all->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (all, i);

      if (s->options->len > 0)
        {
          s->chosen = 0;
          s->quantity = ((BdSupplierOption *)g_ptr_array_index (s->options, 0))->quantity;
        }

      if (supplier_id > 0 && (s->chosen < 0 ||
                              bd_replenish_suggestion_get_chosen (s)->supplier_id != supplier_id))
        continue;

      g_ptr_array_add (result, g_ptr_array_steal_index_fast (all, i));
      i--;
    }

  g_ptr_array_sort (result, compare_suggestions);
  return g_steal_pointer (&result);

fail:
  if (!in_transaction)
    bd_store_exec (store, "ROLLBACK", NULL);
  return NULL;
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
add_option_members (JsonBuilder            *builder,
                    const BdSupplierOption *option)
{
  g_autofree char *cost = NULL;

  if (option->has_unit_cost)
    {
      int exponent = bd_currency_exponent (option->currency);
      cost = bd_format_decimal (option->unit_cost, exponent < 0 ? 2 : exponent);
    }

  add_string (builder, "supplier_ref", option->supplier_ref);
  add_string (builder, "supplier_name", option->supplier_name);
  add_string (builder, "unit_cost", cost);
  add_string (builder, "currency", option->currency);
  json_builder_set_member_name (builder, "lead_time_days");
  if (option->lead_time_days >= 0)
    json_builder_add_int_value (builder, option->lead_time_days);
  else
    json_builder_add_null_value (builder);
  add_int (builder, "moq", option->moq);
  add_int (builder, "pack_size", option->pack_size);
}

/* The suggestions as `replenish --json` prints them. */
JsonNode *
bd_replenish_to_json (GPtrArray *suggestions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < suggestions->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);
      const BdSupplierOption *chosen = bd_replenish_suggestion_get_chosen (s);

      json_builder_begin_object (builder);
      add_string (builder, "sku", s->sku);
      add_string (builder, "product_name", s->product_name);
      add_int (builder, "demand", s->demand);
      add_int (builder, "backorder_lines", s->n_lines);
      add_int (builder, "on_hand", s->on_hand);
      add_int (builder, "reorder_point", s->reorder_point);
      add_int (builder, "safety_stock", s->safety_stock);
      add_int (builder, "on_order", s->on_order);
      add_int (builder, "free_on_order", s->free_on_order);
      add_int (builder, "shortfall", s->shortfall);
      add_int (builder, "need", s->need);
      add_int (builder, "quantity", s->quantity);
      if (chosen != NULL)
        add_option_members (builder, chosen);
      else
        add_string (builder, "supplier_ref", NULL);

      json_builder_set_member_name (builder, "options");
      json_builder_begin_array (builder);
      for (guint o = 0; o < s->options->len; o++)
        {
          BdSupplierOption *option = g_ptr_array_index (s->options, o);

          json_builder_begin_object (builder);
          add_option_members (builder, option);
          json_builder_set_member_name (builder, "preferred");
          json_builder_add_boolean_value (builder, option->preferred);
          json_builder_set_member_name (builder, "on_time_rate");
          if (option->on_time_rate >= 0)
            json_builder_add_double_value (builder, option->on_time_rate);
          else
            json_builder_add_null_value (builder);
          add_int (builder, "deliveries", option->history_lines);
          add_int (builder, "quantity", option->quantity);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static gboolean
plan_insert (BdStore     *store,
             gint64       product_id,
             gint64       supplier_id,
             int          quantity,
             GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store,
                                        "INSERT INTO temp.bd_plan (product_id, supplier_id, quantity,"
                                        "  unit_cost, currency, lead)"
                                        " SELECT ?1, ?2, ?3, ps.unit_cost, ps.currency,"
                                        "  coalesce(ps.lead_time_days, s.lead_time_days)"
                                        " FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id"
                                        " WHERE ps.product_id = ?1 AND ps.supplier_id = ?2 AND ps.deleted = 0",
                                        error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, supplier_id);
  sqlite3_bind_int (stmt, 3, quantity);
  return bd_store_step_done (store, stmt, error);
}

/* One draft PO per supplier of temp.bd_plan, a line per product, each
 * covering the waiting lines of its product oldest first. */
static gboolean
make_orders (BdPoAction         *action,
             BdReplenishResult  *result,
             GError            **error)
{
  BdStore *store = action->store;
  g_autoptr(BdStmt) suppliers = NULL;
  g_autofree char *default_currency = bd_store_get_default_currency (store);
  int rc;

  suppliers = bd_store_prepare (store,
                                "SELECT p.supplier_id, max(p.lead), max(p.currency)"
                                " FROM temp.bd_plan p JOIN suppliers s ON s.id = p.supplier_id"
                                " GROUP BY p.supplier_id ORDER BY s.ref",
                                error);
  if (suppliers == NULL)
    return FALSE;

  while ((rc = sqlite3_step (suppliers)) == SQLITE_ROW)
    {
      gint64 supplier_id = sqlite3_column_int64 (suppliers, 0);
      const char *currency = (const char *)sqlite3_column_text (suppliers, 2);
      g_autofree char *expected = NULL;
      g_autofree char *uuid = bd_store_new_uuid (store);
      g_autofree char *number = bd_po_number_next (store, error);
      sqlite3_stmt *insert;
      gint64 po_id;

      if (number == NULL)
        return FALSE;

      if (sqlite3_column_type (suppliers, 1) != SQLITE_NULL)
        expected = bd_purchasing_add_days (action->today, sqlite3_column_int (suppliers, 1));

      insert = bd_store_cached (store,
                                "INSERT INTO purchase_orders (uuid, created_at, updated_at, number,"
                                "  supplier_id, status, currency, ordered_at, expected_at)"
                                " VALUES (?1, ?2, ?2, ?3, ?4, 'draft', ?5, ?2, ?6)",
                                error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, action->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, number, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 4, supplier_id);
      sqlite3_bind_text (insert, 5, currency ? currency : default_currency, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, expected, -1, SQLITE_STATIC);
      if (!bd_store_step_done (store, insert, error))
        return FALSE;
      po_id = sqlite3_last_insert_rowid (bd_store_get_db (store));

      insert = bd_store_cached (store, "INSERT INTO temp.bd_plan_po (supplier_id, po_id) VALUES (?, ?)", error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, supplier_id);
      sqlite3_bind_int64 (insert, 2, po_id);
      if (!bd_store_step_done (store, insert, error) ||
          !bd_store_add_event (store, action->batch, "po-create", "purchase_orders", uuid, 0,
                               "status", NULL, "draft", error))
        return FALSE;

      g_ptr_array_add (result->numbers, g_steal_pointer (&number));
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("making purchase orders"));
      return FALSE;
    }

  if (!bd_po_action_run (action,
                         "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id,"
                         "  quantity, unit_cost)"
                         " SELECT bd_uuid(), :now, :now, pp.po_id, p.product_id, p.quantity, p.unit_cost"
                         " FROM temp.bd_plan p JOIN temp.bd_plan_po pp ON pp.supplier_id = p.supplier_id"
                         " ORDER BY pp.po_id, p.product_id",
                         error))
    return FALSE;
  result->n_po_lines = sqlite3_changes (bd_store_get_db (store));

  return bd_po_action_run (action,
                           "INSERT INTO temp.bd_cover_src (po_line_id, product_id, capacity, arrives)"
                           " SELECT pl.id, pl.product_id, pl.quantity, po.expected_at"
                           " FROM temp.bd_plan_po pp"
                           " JOIN purchase_orders po ON po.id = pp.po_id"
                           " JOIN po_lines pl ON pl.po_id = pp.po_id",
                           error) &&
         bd_po_cover_from_source (action, "po-create", TRUE, &result->n_lines_covered, error) &&
         bd_po_action_run (action, "DELETE FROM temp.bd_plan; DELETE FROM temp.bd_plan_po", error);
}

static BdReplenishResult *
result_new (void)
{
  BdReplenishResult *result = g_new0 (BdReplenishResult, 1);

  result->numbers = g_ptr_array_new_with_free_func (g_free);
  result->no_supplier = g_ptr_array_new_with_free_func (g_free);
  return result;
}

static BdReplenishResult *
finish (BdPoAction         *action,
        BdReplenishResult  *result,
        gboolean            ok,
        GError            **error)
{
  g_autoptr(BdReplenishResult) owned = result;

  /* a big plan moves a big part of the lines' indexes */
  if (!bd_po_action_finish (action, ok, &owned->batch, error))
    return NULL;

  return g_steal_pointer (&owned);
}

/* A plan a clerk edited (quantities, suppliers): its draft POs, one per
 * supplier. Demand covered since the clerk saw it (@seen_need of each
 * item) is taken off, so that it is not ordered twice. */
BdReplenishResult *
bd_replenish_create_orders (BdStore                    *store,
                            const BdReplenishPlanItem  *items,
                            guint                       n_items,
                            GError                    **error)
{
  g_autoptr(GHashTable) needs = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) planned = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) current = NULL;
  BdReplenishResult *result = result_new ();
  BdPoAction action = { 0, };
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!bd_po_action_begin (&action, store, error))
    {
      bd_replenish_result_free (result);
      return NULL;
    }

  current = bd_replenish_suggest (store, 0, error);
  ok = current != NULL;
  for (guint i = 0; ok && i < current->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (current, i);

      g_hash_table_insert (needs, &s->product_id, GINT_TO_POINTER (s->need));
    }

  for (guint i = 0; ok && i < n_items; i++)
    {
      const BdReplenishPlanItem *item = &items[i];
      g_autoptr(BdStmt) stmt = NULL;
      int need_now = GPOINTER_TO_INT (g_hash_table_lookup (needs, &item->product_id));
      int quantity = item->quantity - MAX (0, item->seen_need - need_now);
      const char *sku, *supplier;
      gboolean archived, linked;

      stmt = bd_store_prepare (store,
                               "SELECT p.sku, s.ref, s.archived,"
                               "  EXISTS (SELECT 1 FROM product_suppliers ps WHERE ps.product_id = p.id"
                               "   AND ps.supplier_id = s.id AND ps.deleted = 0)"
                               " FROM products p, suppliers s WHERE p.id = ? AND s.id = ?"
                               "  AND p.deleted = 0 AND s.deleted = 0",
                               error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, item->product_id);
      sqlite3_bind_int64 (stmt, 2, item->supplier_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                       _("The product or the supplier of a planned line no longer exists"));
          ok = FALSE;
          break;
        }
      sku = (const char *)sqlite3_column_text (stmt, 0);
      supplier = (const char *)sqlite3_column_text (stmt, 1);
      archived = sqlite3_column_int (stmt, 2) != 0;
      linked = sqlite3_column_int (stmt, 3) != 0;

      if (item->quantity < 0)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("%d of “%s” cannot be ordered: expected 0 or more"), item->quantity, sku);
          ok = FALSE;
        }
      else if (archived)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("“%s” cannot be ordered from %s: the supplier is archived"), sku, supplier);
          ok = FALSE;
        }
      else if (!linked)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("“%s” cannot be ordered from %s: the supplier does not deliver it"), sku, supplier);
          ok = FALSE;
        }
      else if (g_hash_table_contains (planned, &item->product_id))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("“%s” is twice in the plan: order it from one supplier at a time"), sku);
          ok = FALSE;
        }

      if (ok && quantity > 0)
        {
          ok = plan_insert (store, item->product_id, item->supplier_id, quantity, error);
          g_hash_table_add (planned, (gpointer)&item->product_id);
        }
    }

  ok = ok && make_orders (&action, result, error);
  return finish (&action, result, ok, error);
}

/* Draft POs for all the demand no PO covers (or only that of
 * @supplier_id), each product from the supplier the suggestions choose,
 * in the suggested quantity; in one transaction, so that running it again
 * finds the demand covered. */
BdReplenishResult *
bd_replenish_create_from_demand (BdStore  *store,
                                 gint64    supplier_id,
                                 GError  **error)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  BdReplenishResult *result = result_new ();
  BdPoAction action = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  /* covering a big part of the lines touches more pages than the
   * connection's small cache holds (as an import does) */
  bd_store_exec (store, "PRAGMA cache_size = -262144", NULL);

  if (!bd_po_action_begin (&action, store, error))
    {
      bd_replenish_result_free (result);
      return NULL;
    }

  suggestions = bd_replenish_suggest (store, supplier_id, error);
  ok = suggestions != NULL;
  for (guint i = 0; ok && i < suggestions->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);
      const BdSupplierOption *chosen = bd_replenish_suggestion_get_chosen (s);

      if (chosen == NULL)
        {
          if (s->demand > 0)
            g_ptr_array_add (result->no_supplier, g_strdup (s->sku));
          continue;
        }
      if (s->quantity > 0)
        ok = plan_insert (store, s->product_id, chosen->supplier_id, s->quantity, error);
    }

  ok = ok && make_orders (&action, result, error);
  result = finish (&action, result, ok, error);
  bd_store_exec (store, "PRAGMA cache_size = -8192", NULL);
  return result;
}
