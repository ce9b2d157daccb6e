/* bd-timeline-source.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-timeline-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-event.h"
#include "bd-timeline-source.h"

/* A timeline is short (tens of events a line), so SQLite sorts it: the
 * C sort of bd-sort.c pays off from tens of thousands of rows. */

struct _BdTimelineSource
{
  GObject parent_instance;
};

static void row_source_iface_init (BdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdTimelineSource, bd_timeline_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_ROW_SOURCE, row_source_iface_init))

static GType
bd_timeline_source_get_item_type (BdRowSource *source)
{
  return BD_TYPE_EVENT;
}

static gpointer
bd_timeline_source_copy_query (BdRowSource   *source,
                               gconstpointer  query)
{
  return g_memdup2 (query, sizeof (BdTimelineQuery));
}

static void
bd_timeline_source_free_query (BdRowSource *source,
                               gpointer     query)
{
  g_free (query);
}

static gboolean
bd_timeline_source_equal_query (BdRowSource   *source,
                                gconstpointer  a,
                                gconstpointer  b)
{
  const BdTimelineQuery *x = a, *y = b;

  return x->line_id == y->line_id && x->customer_id == y->customer_id;
}

static GArray *
bd_timeline_source_run_ids (BdRowSource     *source,
                            BdStore         *store,
                            gconstpointer    query,
                            guint            n_first,
                            BdFirstIdsFunc   first_ids,
                            gpointer         user_data,
                            GCancellable    *cancellable,
                            GError         **error)
{
  const BdTimelineQuery *timeline = query;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  /* the customer's lines from the index of backorder lines, which are
   * the lines people work on and so the ones with events */
  if (timeline->line_id > 0)
    stmt = bd_store_cached (store,
                            "SELECT id FROM events WHERE line_id = ?1 AND deleted = 0"
                            " ORDER BY created_at, id",
                            error);
  else
    /* and what the desk changed of the customer: their contact details and
     * consent (bd-customers.c), found by the customer's uuid through the
     * events' entity index; and the messages to or from them about no one
     * line (a call logged on the customer) */
    stmt = bd_store_cached (store,
                            "SELECT id FROM ("
                            " SELECT e.id, e.created_at FROM events e WHERE e.deleted = 0 AND e.line_id IN"
                            "  (SELECT l.id FROM order_lines l WHERE l.customer_id = ?1"
                            "   AND l.backordered_quantity > 0 AND l.deleted = 0)"
                            " UNION ALL"
                            " SELECT e.id, e.created_at FROM events e"
                            "  WHERE e.entity_uuid = (SELECT uuid FROM customers WHERE id = ?1)"
                            "  AND e.entity = 'customer' AND e.deleted = 0"
                            " UNION ALL"
                            " SELECT e.id, e.created_at FROM events e"
                            "  WHERE e.entity_uuid IN (SELECT m.uuid FROM messages m WHERE m.customer_id = ?1"
                            "   AND m.line_id IS NULL AND m.deleted = 0)"
                            "  AND e.entity = 'message' AND e.deleted = 0)"
                            " ORDER BY created_at, id",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, timeline->line_id > 0 ? timeline->line_id : timeline->customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the history"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static GObject *
new_event (sqlite3_stmt *stmt,
           gpointer      user_data)
{
  BdEvent *event = g_object_new (BD_TYPE_EVENT, NULL);

  bd_event_update_from_stmt (event, stmt);
  return G_OBJECT (event);
}

static void
update_event (GObject      *row,
              sqlite3_stmt *stmt,
              gpointer      user_data)
{
  bd_event_update_from_stmt (BD_EVENT (row), stmt);
}

static gboolean
bd_timeline_source_load_many (BdRowSource   *source,
                              BdStore       *store,
                              const gint64  *ids,
                              guint          n_ids,
                              GHashTable    *rows,
                              GError       **error)
{
  return bd_row_load_pages (store, BD_EVENT_SELECT " WHERE id IN " BD_ROW_PAGE_PARAMS,
                            ids, n_ids, rows, new_event, update_event, NULL, error);
}

static gint64
bd_timeline_source_get_id (BdRowSource *source,
                           gpointer     item)
{
  return bd_event_get_id (item);
}

/* Every change to a line writes its event; a customer's timeline also
 * follows which lines are theirs, and which of their notes and
 * complaints the server refused. */
static const char * const *
bd_timeline_source_get_tables (BdRowSource *source)
{
  static const char * const tables[] = { "events", "order_lines", "sync_refused", NULL };

  return tables;
}

static void
row_source_iface_init (BdRowSourceInterface *iface)
{
  iface->get_item_type = bd_timeline_source_get_item_type;
  iface->copy_query = bd_timeline_source_copy_query;
  iface->free_query = bd_timeline_source_free_query;
  iface->equal_query = bd_timeline_source_equal_query;
  iface->run_ids = bd_timeline_source_run_ids;
  iface->load_many = bd_timeline_source_load_many;
  iface->get_id = bd_timeline_source_get_id;
  iface->get_tables = bd_timeline_source_get_tables;
}

static void
bd_timeline_source_class_init (BdTimelineSourceClass *klass)
{
}

static void
bd_timeline_source_init (BdTimelineSource *self)
{
}

BdRowSource *
bd_timeline_source_new (void)
{
  return g_object_new (BD_TYPE_TIMELINE_SOURCE, NULL);
}
