/* bd-backorder-source.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-backorder-source"

#include "config.h"

#include "bd-backorder.h"
#include "bd-backorder-source.h"
#include "bd-backorder-query.h"
#include "bd-eta.h"

/* The row source of the queue: what a BdBackorderQuery selects, in its order,
 * with its filters and search (bd-backorder-query.c); rows are BdBackorder. */

struct _BdBackorderSource
{
  GObject parent_instance;
};

static void row_source_iface_init (BdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdBackorderSource, bd_backorder_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_ROW_SOURCE, row_source_iface_init))

static GType
bd_backorder_source_get_item_type (BdRowSource *source)
{
  return BD_TYPE_BACKORDER;
}

static gpointer
bd_backorder_source_copy_query (BdRowSource   *source,
                                gconstpointer  query)
{
  return bd_backorder_query_copy (query);
}

static void
bd_backorder_source_free_query (BdRowSource *source,
                                gpointer     query)
{
  bd_backorder_query_free (query);
}

static gboolean
bd_backorder_source_equal_query (BdRowSource   *source,
                                 gconstpointer  a,
                                 gconstpointer  b)
{
  return bd_backorder_query_equal (a, b);
}

static GArray *
bd_backorder_source_run_ids (BdRowSource     *source,
                             BdStore         *store,
                             gconstpointer    query,
                             guint            n_first,
                             BdFirstIdsFunc   first_ids,
                             gpointer         user_data,
                             GCancellable    *cancellable,
                             GError         **error)
{
  return bd_backorder_query_run_ids_first (store, query, n_first, first_ids, user_data, cancellable, error);
}

static gboolean
bd_backorder_source_load_many (BdRowSource   *source,
                               BdStore       *store,
                               const gint64  *ids,
                               guint          n_ids,
                               GHashTable    *rows,
                               GError       **error)
{
  g_autoptr(GError) eta_error = NULL;
  BdEtaContext *context;

  if (!bd_backorder_load_many (store, ids, n_ids, rows, error))
    return FALSE;

  /* Each row's ETA from the page's rows and the store's shared context
   * (the suppliers' histories, read once): no query a row. */
  context = bd_eta_context_for_store (store, &eta_error);
  if (context == NULL)
    {
      /* the rows without their ETA, rather than no rows */
      g_warning ("Cannot work out expected dates: %s", eta_error->message);
      return TRUE;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      BdBackorder *row = g_hash_table_lookup (rows, &ids[i]);
      g_autoptr(BdEta) eta = NULL;

      if (row == NULL)
        continue;
      eta = bd_eta_compute (context, row);
      bd_backorder_set_eta (row, eta->eta);
    }

  return TRUE;
}

static gint64
bd_backorder_source_get_id (BdRowSource *source,
                            gpointer     item)
{
  return bd_backorder_get_id (item);
}

static GObject *
bd_backorder_source_new_placeholder (BdRowSource *source,
                                     gint64       id)
{
  return G_OBJECT (bd_backorder_new_placeholder (id));
}

static void
bd_backorder_source_update_from (BdRowSource *source,
                                 GObject     *row,
                                 GObject     *fresh)
{
  bd_backorder_update_from (BD_BACKORDER (row), BD_BACKORDER (fresh));
}

/* What the queue filters, sorts, searches and shows: the lines with their
 * order, customer and product, the notes that search reads, the suppliers
 * a filter names and a row shows, the complaints and the changes the
 * team's server refused that a row is marked for, the purchasing that
 * covers and allocates lines, and the delay notices two filters judge by. */
static const char * const *
bd_backorder_source_get_tables (BdRowSource *source)
{
  static const char * const tables[] = {
    "order_lines", "orders", "customers", "products", "notes", "complaints",
    "suppliers", "product_suppliers", "po_line_covers", "po_lines", "purchase_orders",
    "allocations", "delay_notices", "sync_refused", NULL,
  };

  return tables;
}

static void
row_source_iface_init (BdRowSourceInterface *iface)
{
  iface->get_item_type = bd_backorder_source_get_item_type;
  iface->copy_query = bd_backorder_source_copy_query;
  iface->free_query = bd_backorder_source_free_query;
  iface->equal_query = bd_backorder_source_equal_query;
  iface->run_ids = bd_backorder_source_run_ids;
  iface->load_many = bd_backorder_source_load_many;
  iface->get_id = bd_backorder_source_get_id;
  iface->new_placeholder = bd_backorder_source_new_placeholder;
  iface->update_from = bd_backorder_source_update_from;
  iface->get_tables = bd_backorder_source_get_tables;
}

static void
bd_backorder_source_class_init (BdBackorderSourceClass *klass)
{
}

static void
bd_backorder_source_init (BdBackorderSource *self)
{
}

BdRowSource *
bd_backorder_source_new (void)
{
  return g_object_new (BD_TYPE_BACKORDER_SOURCE, NULL);
}
