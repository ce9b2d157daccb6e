/* bd-export.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-csv.h"
#include "bd-eta.h"
#include "bd-export.h"
#include "bd-purchase-orders.h"
#include "bd-util.h"

typedef gboolean (*RowFunc) (BdBackorder  *row,
                             gpointer      data,
                             GError      **error);

/* Visits the lines of @query in list order, a page at a time. */
static gboolean
foreach_row (BdStore        *store,
             const BdBackorderQuery  *query,
             RowFunc         func,
             gpointer        data,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GArray) ids = bd_backorder_query_run_ids (store, query, cancellable, error);
  const guint page = 512;

  if (ids == NULL)
    return FALSE;

  for (guint start = 0; start < ids->len; start += page)
    {
      g_autoptr(GHashTable) rows = bd_backorder_table_new ();
      guint n = MIN (page, ids->len - start);
      const gint64 *slice = &g_array_index (ids, gint64, start);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!bd_backorder_load_many (store, slice, n, rows, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          BdBackorder *row = g_hash_table_lookup (rows, &slice[i]);

          if (row != NULL && !func (row, data, error))
            return FALSE;
        }
    }

  return TRUE;
}

static const char * const csv_columns[] = {
  "ref", "order_ref", "ordered_at", "customer_ref", "customer_name", "customer_email",
  "sku", "product_name", "quantity", "backordered_quantity", "status", "priority",
  "promised_at", "shipped_at", "cancelled_at", "cancel_reason", "refunded",
  "unit_price", "currency", "age_days", "overdue",
  /* added after the rest, so that files read by column position still
   * read the columns above where they were */
  "priority_label", "supplier_ref",
};

typedef struct
{
  GOutputStream *out;
  GString *buffer;
  GCancellable *cancellable;
  GHashTable *supplier_refs;   /* SKU -> the ref of its preferred supplier */
} CsvExport;

/* The preferred supplier of every product that has one, by SKU: read once
 * rather than once a row (a shop has thousands of products, an export can
 * have a hundred thousand lines). */
static GHashTable *
load_supplier_refs (BdStore  *store,
                    GError  **error)
{
  g_autoptr(GHashTable) refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT p.sku, s.ref FROM product_suppliers ps"
                           " JOIN products p ON p.id = ps.product_id"
                           " JOIN suppliers s ON s.id = ps.supplier_id"
                           " WHERE ps.preferred <> 0 AND ps.deleted = 0 AND s.deleted = 0"
                           " ORDER BY s.name, s.id",
                           error);
  if (stmt == NULL)
    return NULL;

  /* the first by name when data from elsewhere marks more than one, as
   * the queue's Supplier column has it */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_hash_table_contains (refs, sqlite3_column_text (stmt, 0)))
      g_hash_table_insert (refs, bd_stmt_dup_text (stmt, 0), bd_stmt_dup_text (stmt, 1));

  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the products’ suppliers"));
      return NULL;
    }

  return g_steal_pointer (&refs);
}

static gboolean
flush_csv (CsvExport  *export,
           GError    **error)
{
  if (export->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (export->out, export->buffer->str, export->buffer->len,
                                  NULL, export->cancellable, error))
    return FALSE;

  g_string_truncate (export->buffer, 0);
  return TRUE;
}

static gboolean
write_csv_row (BdBackorder  *row,
               gpointer      data,
               GError      **error)
{
  CsvExport *export = data;
  g_autofree char *quantity = g_strdup_printf ("%d", bd_backorder_get_quantity (row));
  g_autofree char *short_qty = g_strdup_printf ("%d", bd_backorder_get_short (row));
  g_autofree char *priority = g_strdup_printf ("%d", bd_backorder_get_priority (row));
  g_autofree char *age = g_strdup_printf ("%d", bd_backorder_get_age_days (row));
  g_autofree char *price = NULL;
  const char *values[G_N_ELEMENTS (csv_columns)];
  char *texts[9] = { NULL, };

  if (bd_backorder_get_has_price (row))
    {
      int exponent = bd_currency_exponent (bd_backorder_get_currency (row));
      price = bd_format_decimal (bd_backorder_get_unit_price (row), exponent < 0 ? 2 : exponent);
    }

  values[0] = bd_csv_formula_safe (bd_backorder_get_ref (row), &texts[0]);
  values[1] = bd_csv_formula_safe (bd_backorder_get_order_ref (row), &texts[1]);
  values[2] = bd_backorder_get_ordered_at (row);
  values[3] = bd_csv_formula_safe (bd_backorder_get_customer_ref (row), &texts[2]);
  values[4] = bd_csv_formula_safe (bd_backorder_get_customer_name (row), &texts[3]);
  values[5] = bd_csv_formula_safe (bd_backorder_get_customer_email (row), &texts[4]);
  values[6] = bd_csv_formula_safe (bd_backorder_get_sku (row), &texts[5]);
  values[7] = bd_csv_formula_safe (bd_backorder_get_product_name (row), &texts[6]);
  values[8] = quantity;
  values[9] = short_qty;
  values[10] = bd_backorder_get_status (row);
  values[11] = priority;
  values[12] = bd_backorder_get_promised_at (row);
  values[13] = bd_backorder_get_shipped_at (row);
  values[14] = bd_backorder_get_cancelled_at (row);
  values[15] = bd_csv_formula_safe (bd_backorder_get_cancel_reason (row), &texts[7]);
  values[16] = bd_backorder_get_refunded (row) ? "1" : "0";
  values[17] = price;
  values[18] = bd_backorder_get_currency (row);
  values[19] = age;
  values[20] = bd_backorder_get_overdue (row) ? "1" : "0";
  values[21] = bd_priority_to_string (bd_backorder_get_priority (row));
  values[22] = bd_csv_formula_safe (g_hash_table_lookup (export->supplier_refs, bd_backorder_get_sku (row)),
                                    &texts[8]);

  bd_csv_append_row (export->buffer, values, G_N_ELEMENTS (values));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (texts[i]);

  if (export->buffer->len > 64 * 1024)
    return flush_csv (export, error);

  return TRUE;
}

/* The queue as shown, with its filters, search and order, as CSV. */
gboolean
bd_export_backorders_csv (BdStore        *store,
                          const BdBackorderQuery  *query,
                          GOutputStream  *out,
                          GCancellable   *cancellable,
                          GError        **error)
{
  CsvExport export = { out, NULL, cancellable, NULL };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  export.supplier_refs = load_supplier_refs (store, error);
  if (export.supplier_refs == NULL)
    return FALSE;

  export.buffer = g_string_sized_new (128 * 1024);
  bd_csv_append_row (export.buffer, csv_columns, G_N_ELEMENTS (csv_columns));
  bd_store_set_mapped (store, TRUE);
  ok = foreach_row (store, query, write_csv_row, &export, cancellable, error) &&
       flush_csv (&export, error);
  bd_store_set_mapped (store, FALSE);

  g_string_free (export.buffer, TRUE);
  g_hash_table_unref (export.supplier_refs);
  return ok;
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

JsonNode *
bd_backorder_to_json (BdBackorder *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "ref", bd_backorder_get_ref (row));
  add_string (builder, "uuid", bd_backorder_get_uuid (row));
  add_string (builder, "order_ref", bd_backorder_get_order_ref (row));
  add_string (builder, "ordered_at", bd_backorder_get_ordered_at (row));
  add_string (builder, "customer_ref", bd_backorder_get_customer_ref (row));
  add_string (builder, "customer_name", bd_backorder_get_customer_name (row));
  add_string (builder, "customer_email", bd_backorder_get_customer_email (row));
  add_string (builder, "sku", bd_backorder_get_sku (row));
  add_string (builder, "product_name", bd_backorder_get_product_name (row));
  add_int (builder, "quantity", bd_backorder_get_quantity (row));
  add_int (builder, "backordered_quantity", bd_backorder_get_short (row));
  add_string (builder, "status", bd_backorder_get_status (row));
  add_int (builder, "priority", bd_backorder_get_priority (row));
  add_string (builder, "promised_at", bd_backorder_get_promised_at (row));
  add_string (builder, "shipped_at", bd_backorder_get_shipped_at (row));
  add_string (builder, "cancelled_at", bd_backorder_get_cancelled_at (row));
  add_string (builder, "cancel_reason", bd_backorder_get_cancel_reason (row));
  json_builder_set_member_name (builder, "refunded");
  json_builder_add_boolean_value (builder, bd_backorder_get_refunded (row));
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_boolean_value (builder, bd_backorder_get_overdue (row));
  add_int (builder, "age_days", bd_backorder_get_age_days (row));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

typedef struct
{
  JsonArray *array;
  BdEtaContext *eta;
} JsonExport;

static gboolean
add_json_row (BdBackorder  *row,
              gpointer      data,
              GError      **error)
{
  JsonExport *export = data;
  JsonNode *node = bd_backorder_to_json (row);

  /* what purchasing knows of the line: its expected date and range */
  bd_eta_add_json_members (export->eta, row, json_node_get_object (node));
  json_array_add_element (export->array, node);
  return TRUE;
}

JsonNode *
bd_export_backorders_json (BdStore        *store,
                           const BdBackorderQuery  *query,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(BdEtaContext) eta = NULL;
  JsonExport export;
  JsonNode *node;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  eta = bd_eta_context_new (store, error);
  if (eta == NULL)
    return NULL;

  export.array = array;
  export.eta = eta;
  if (!foreach_row (store, query, add_json_row, &export, cancellable, error))
    return NULL;

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static const char * const po_csv_columns[] = {
  "po_number", "supplier_ref", "supplier_name", "status", "currency", "ordered_at", "sent_at",
  "confirmed_date", "expected_at", "received_at", "cancelled_at", "sku", "product_name",
  "quantity", "quantity_received", "unit_cost", "line_value", "covered_quantity", "covered_lines",
};

static char *
money_or_null (gboolean    has_value,
               gint64      value,
               const char *currency)
{
  int exponent = bd_currency_exponent (currency);

  return has_value ? bd_format_decimal (value, exponent < 0 ? 2 : exponent) : NULL;
}

/* The POs of @query (newest first) as CSV, a row per PO line (a PO
 * without lines gets one row of its own): money as decimal text in the
 * PO's currency, and text a spreadsheet would run as a formula made
 * safe, as the backorder export does. */
gboolean
bd_export_purchase_orders_csv (BdStore          *store,
                               const BdPoQuery  *query,
                               GOutputStream    *out,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  orders = bd_purchase_orders_list (store, query, error);
  if (orders == NULL)
    return FALSE;

  bd_csv_append_row (buffer, po_csv_columns, G_N_ELEMENTS (po_csv_columns));
  for (guint i = 0; i < orders->len; i++)
    {
      BdPurchaseOrder *po = g_ptr_array_index (orders, i);
      const char *currency = bd_purchase_order_get_currency (po);
      g_autoptr(GPtrArray) lines = NULL;
      g_autofree char *number = NULL;
      g_autofree char *supplier_ref = NULL;
      g_autofree char *supplier_name = NULL;
      const char *head[11];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      lines = bd_purchase_orders_load_lines (store, bd_purchase_order_get_id (po), error);
      if (lines == NULL)
        return FALSE;

      head[0] = bd_csv_formula_safe (bd_purchase_order_get_number (po), &number);
      head[1] = bd_csv_formula_safe (bd_purchase_order_get_supplier_ref (po), &supplier_ref);
      head[2] = bd_csv_formula_safe (bd_purchase_order_get_supplier_name (po), &supplier_name);
      head[3] = bd_purchase_order_get_status (po);
      head[4] = currency;
      head[5] = bd_purchase_order_get_ordered_at (po);
      head[6] = bd_purchase_order_get_sent_at (po);
      head[7] = bd_purchase_order_get_confirmed_date (po);
      head[8] = bd_purchase_order_get_expected_at (po);
      head[9] = bd_purchase_order_get_received_at (po);
      head[10] = bd_purchase_order_get_cancelled_at (po);

      for (guint l = 0; l < MAX (lines->len, 1); l++)
        {
          BdPoLine *line = l < lines->len ? g_ptr_array_index (lines, l) : NULL;
          const char *values[G_N_ELEMENTS (po_csv_columns)] = { NULL, };
          g_autofree char *sku = NULL;
          g_autofree char *name = NULL;
          g_autofree char *quantity = NULL;
          g_autofree char *received = NULL;
          g_autofree char *cost = NULL;
          g_autofree char *value = NULL;
          g_autofree char *covered = NULL;
          g_autofree char *covered_lines = NULL;

          memcpy (values, head, sizeof head);
          if (line != NULL)
            {
              quantity = g_strdup_printf ("%d", line->quantity);
              received = g_strdup_printf ("%d", line->quantity_received);
              cost = money_or_null (line->has_unit_cost, line->unit_cost, currency);
              value = money_or_null (line->has_unit_cost, line->unit_cost * line->quantity, currency);
              covered = g_strdup_printf ("%d", line->covered);
              covered_lines = g_strdup_printf ("%u", line->covers->len);
              values[11] = bd_csv_formula_safe (line->sku, &sku);
              values[12] = bd_csv_formula_safe (line->product_name, &name);
              values[13] = quantity;
              values[14] = received;
              values[15] = cost;
              values[16] = value;
              values[17] = covered;
              values[18] = covered_lines;
            }
          bd_csv_append_row (buffer, values, G_N_ELEMENTS (values));
        }

      if (buffer->len > 64 * 1024)
        {
          if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }

  return g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error);
}
