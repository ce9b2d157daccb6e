/* bd-queue-model.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-model"

#include "config.h"

#include "bd-backorder-source.h"
#include "bd-queue-model.h"

/* All the work is BdSqlListModel's over a BdBackorderSource; this class
 * keeps the typed calls of the pages, the CLI's neighbours and the tests. */

struct _BdQueueModel
{
  BdSqlListModel parent_instance;
};

G_DEFINE_FINAL_TYPE (BdQueueModel, bd_queue_model, BD_TYPE_SQL_LIST_MODEL)

static void
bd_queue_model_class_init (BdQueueModelClass *klass)
{
}

static void
bd_queue_model_init (BdQueueModel *self)
{
}

/* The open lines in queue order until a query is set. */
BdQueueModel *
bd_queue_model_new (BdStore *store)
{
  g_autoptr(BdRowSource) source = NULL;
  g_autoptr(BdBackorderQuery) query = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  source = bd_backorder_source_new ();
  query = bd_backorder_query_new ();
  return g_object_new (BD_TYPE_QUEUE_MODEL,
                       "store", store,
                       "source", source,
                       "query", query,
                       NULL);
}

BdStore *
bd_queue_model_get_store (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), NULL);
  return bd_sql_list_model_get_store (BD_SQL_LIST_MODEL (self));
}

const BdBackorderQuery *
bd_queue_model_get_query (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), NULL);
  return bd_sql_list_model_get_query (BD_SQL_LIST_MODEL (self));
}

void
bd_queue_model_set_query (BdQueueModel  *self,
                          const BdBackorderQuery *query)
{
  g_return_if_fail (BD_IS_QUEUE_MODEL (self));
  bd_sql_list_model_set_query (BD_SQL_LIST_MODEL (self), query);
}

void
bd_queue_model_refresh (BdQueueModel *self)
{
  g_return_if_fail (BD_IS_QUEUE_MODEL (self));
  bd_sql_list_model_refresh (BD_SQL_LIST_MODEL (self));
}

gboolean
bd_queue_model_get_loading (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), FALSE);
  return bd_sql_list_model_get_loading (BD_SQL_LIST_MODEL (self));
}

gboolean
bd_queue_model_get_partial (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), FALSE);
  return bd_sql_list_model_get_partial (BD_SQL_LIST_MODEL (self));
}

const char *
bd_queue_model_get_error (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), NULL);
  return bd_sql_list_model_get_error (BD_SQL_LIST_MODEL (self));
}

gint64
bd_queue_model_get_id (BdQueueModel *self,
                       guint         position)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), 0);
  return bd_sql_list_model_get_id (BD_SQL_LIST_MODEL (self), position);
}

guint
bd_queue_model_find_id (BdQueueModel *self,
                        gint64        id)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), G_MAXUINT);
  return bd_sql_list_model_find_id (BD_SQL_LIST_MODEL (self), id);
}

guint
bd_queue_model_get_n_cached (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), 0);
  return bd_sql_list_model_get_n_cached (BD_SQL_LIST_MODEL (self));
}
