/* bd-po-source.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-source.h"
#include "bd-po-status.h"
#include "bd-purchase-order.h"

/* A shop has thousands of POs, not millions: SQLite sorts them, and the
 * ids come from one statement per query. */

BdPoQuery *
bd_po_query_new (void)
{
  return g_new0 (BdPoQuery, 1);
}

BdPoQuery *
bd_po_query_copy (const BdPoQuery *query)
{
  BdPoQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->status = g_strdup (query->status);
  return copy;
}

void
bd_po_query_free (BdPoQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->status);
  g_free (query);
}

gboolean
bd_po_query_equal (const BdPoQuery *a,
                   const BdPoQuery *b)
{
  return g_strcmp0 (a->status, b->status) == 0 && a->supplier_id == b->supplier_id;
}

/* FALSE, saying why, for a status filter that is none. */
gboolean
bd_po_query_check (const BdPoQuery  *query,
                   GError          **error)
{
  g_return_val_if_fail (query != NULL, FALSE);

  if (query->status == NULL || g_str_equal (query->status, "all") ||
      g_str_equal (query->status, "open") || bd_po_status_is_valid (query->status))
    return TRUE;

  {
    g_autofree char *known = g_strjoinv (", ", (char **)bd_po_statuses ());

    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                 _("“%s” is not a status of a purchase order: expected all, open, %s"),
                 query->status, known);
  }
  return FALSE;
}

GArray *
bd_po_query_run_ids (BdStore          *store,
                     const BdPoQuery  *query,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT po.id FROM purchase_orders po WHERE po.deleted = 0");
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!bd_po_query_check (query, error))
    return NULL;

  if (g_strcmp0 (query->status, "open") == 0)
    g_string_append_printf (sql, " AND po.status IN (%s)", bd_po_status_open_sql ());
  else if (query->status != NULL && !g_str_equal (query->status, "all"))
    g_string_append (sql, " AND po.status = :status");
  if (query->supplier_id > 0)
    g_string_append (sql, " AND po.supplier_id = :supplier");
  g_string_append (sql, " ORDER BY po.ordered_at DESC, po.id DESC");

  stmt = bd_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_parameter_index (stmt, ":status") > 0)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":status"), query->status, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index (stmt, ":supplier") > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":supplier"), query->supplier_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading purchase orders"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

struct _BdPoSource
{
  GObject parent_instance;
};

static void row_source_iface_init (BdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdPoSource, bd_po_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_ROW_SOURCE, row_source_iface_init))

static GType
bd_po_source_get_item_type (BdRowSource *source)
{
  return BD_TYPE_PURCHASE_ORDER;
}

static gpointer
bd_po_source_copy_query (BdRowSource   *source,
                         gconstpointer  query)
{
  return bd_po_query_copy (query);
}

static void
bd_po_source_free_query (BdRowSource *source,
                         gpointer     query)
{
  bd_po_query_free (query);
}

static gboolean
bd_po_source_equal_query (BdRowSource   *source,
                          gconstpointer  a,
                          gconstpointer  b)
{
  return bd_po_query_equal (a, b);
}

static GArray *
bd_po_source_run_ids (BdRowSource     *source,
                      BdStore         *store,
                      gconstpointer    query,
                      guint            n_first,
                      BdFirstIdsFunc   first_ids,
                      gpointer         user_data,
                      GCancellable    *cancellable,
                      GError         **error)
{
  return bd_po_query_run_ids (store, query, cancellable, error);
}

static gboolean
bd_po_source_load_many (BdRowSource   *source,
                        BdStore       *store,
                        const gint64  *ids,
                        guint          n_ids,
                        GHashTable    *rows,
                        GError       **error)
{
  return bd_purchase_order_load_many (store, ids, n_ids, rows, error);
}

static gint64
bd_po_source_get_id (BdRowSource *source,
                     gpointer     item)
{
  return bd_purchase_order_get_id (item);
}

/* A PO row shows its header, the sums of its lines and its supplier. */
static const char * const *
bd_po_source_get_tables (BdRowSource *source)
{
  /* and the changes the team's server refused that a row is marked for */
  static const char * const tables[] = { "purchase_orders", "po_lines", "suppliers", "sync_refused", NULL };

  return tables;
}

static void
row_source_iface_init (BdRowSourceInterface *iface)
{
  iface->get_item_type = bd_po_source_get_item_type;
  iface->copy_query = bd_po_source_copy_query;
  iface->free_query = bd_po_source_free_query;
  iface->equal_query = bd_po_source_equal_query;
  iface->run_ids = bd_po_source_run_ids;
  iface->load_many = bd_po_source_load_many;
  iface->get_id = bd_po_source_get_id;
  iface->get_tables = bd_po_source_get_tables;
}

static void
bd_po_source_class_init (BdPoSourceClass *klass)
{
}

static void
bd_po_source_init (BdPoSource *self)
{
}

BdRowSource *
bd_po_source_new (void)
{
  return g_object_new (BD_TYPE_PO_SOURCE, NULL);
}
