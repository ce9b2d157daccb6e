/* bd-queue-model.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-backorder.h"
#include "bd-queue-model.h"

/* A GListModel of backorder lines over SQL (DESIGN.md, Large lists).
 *
 * The query runs on a worker thread with its own connection and returns the
 * ordered ids of the whole result, 8 bytes a row. get_item() builds row
 * objects a page at a time. The model keeps the rows that are alive (on
 * screen, in a selection) in a weak table, so that after a write it can
 * refresh exactly those in place, and a short list of recent rows strongly,
 * so that scrolling back does not reload them. Memory is proportional to
 * what is shown, not to the table. */

/* A page is about two screens of rows: a fast scroll that jumps past whole
 * pages pays for few rows it does not show. */
#define PAGE_SIZE   32
#define RECENT_MAX  (PAGE_SIZE * 16)

struct _BdQueueModel
{
  GObject parent_instance;

  /* Owned references */
  BdStore *store;
  BdQuery *query;
  GArray *ids;              /* gint64, in list order */
  GHashTable *alive;        /* gint64 * -> BdBackorder *, weak */
  GQueue recent;            /* BdBackorder *, strong */
  GCancellable *cancellable;
  GAsyncQueue *idle_stores;  /* BdStore *, read-only connections for queries */
  guint last_miss;           /* where get_item() last had to load rows */
  char *error;

  guint generation;
  guint loading : 1;
  guint refresh_again : 1;
  guint rows_stale : 1;      /* the store changed: rows built before may be out of date */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdQueueModel, bd_queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *path;
  BdQuery *query;
  GAsyncQueue *idle_stores;
  guint generation;
} QueryTask;

static void
query_task_free (QueryTask *task)
{
  g_free (task->path);
  bd_query_free (task->query);
  g_async_queue_unref (task->idle_stores);
  g_free (task);
}

/* Called while the row is disposed: its fields are still there to read. */
static void
row_finalized_cb (gpointer  data,
                  GObject  *where_the_object_was)
{
  BdQueueModel *self = data;
  gint64 id = bd_backorder_get_id ((BdBackorder *)where_the_object_was);

  if (g_hash_table_lookup (self->alive, &id) == (gpointer)where_the_object_was)
    g_hash_table_remove (self->alive, &id);
}

static void
forget_row (gpointer key,
            gpointer value,
            gpointer user_data)
{
  g_object_weak_unref (value, row_finalized_cb, user_data);
}

static void
set_loading (BdQueueModel *self,
             gboolean      loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
items_changed (BdQueueModel *self,
               guint         position,
               guint         removed,
               guint         added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
remember (BdQueueModel *self,
          BdBackorder  *row)
{
  g_queue_push_head (&self->recent, g_object_ref (row));
  while (self->recent.length > RECENT_MAX)
    g_object_unref (g_queue_pop_tail (&self->recent));
}

/* Loads @ids: rows already alive are refreshed in place, new ones are
 * created and become alive. */
static void
load_rows (BdQueueModel *self,
           const gint64 *ids,
           guint         n_ids,
           gboolean      keep)
{
  g_autoptr(GHashTable) rows = bd_backorder_table_new ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n_ids; i++)
    {
      BdBackorder *row = g_hash_table_lookup (self->alive, &ids[i]);

      if (row != NULL)
        g_hash_table_insert (rows, g_memdup2 (&ids[i], sizeof (gint64)), g_object_ref (row));
    }

  if (!bd_backorder_load_many (self->store, ids, n_ids, rows, &error))
    {
      g_warning ("Cannot load backorder lines: %s", error->message);
      return;
    }

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (self->alive, key))
        {
          g_hash_table_insert (self->alive, g_memdup2 (key, sizeof (gint64)), value);
          g_object_weak_ref (value, row_finalized_cb, self);
        }
      if (keep)
        remember (self, value);
    }
}

static GType
bd_queue_model_get_item_type (GListModel *model)
{
  return BD_TYPE_BACKORDER;
}

static guint
bd_queue_model_get_n_items (GListModel *model)
{
  return BD_QUEUE_MODEL (model)->ids->len;
}

static gpointer
bd_queue_model_get_item (GListModel *model,
                         guint       position)
{
  BdQueueModel *self = BD_QUEUE_MODEL (model);
  BdBackorder *row;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  row = g_hash_table_lookup (self->alive, &id);

  if (row == NULL)
    {
      /* The rows a list asks for next: those after this one when it moves
       * down (or jumps), before it when it moves up; of them only the ones
       * not built yet. One query per frame while scrolling fast, where
       * pages at fixed places needed two for most frames. */
      g_autoptr(GArray) missing = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);
      guint start = position >= self->last_miss || position < PAGE_SIZE ? position : position + 1 - PAGE_SIZE;
      guint end = MIN (start + PAGE_SIZE, self->ids->len);

      for (guint i = start; i < end; i++)
        {
          gint64 *other = &g_array_index (self->ids, gint64, i);

          if (!g_hash_table_contains (self->alive, other))
            g_array_append_val (missing, *other);
        }
      self->last_miss = position;

      load_rows (self, (const gint64 *)(gpointer)missing->data, missing->len, TRUE);
      row = g_hash_table_lookup (self->alive, &id);
    }

  /* A line deleted between the id query and now: an empty row stands in
   * until the refresh that the deletion triggers removes it. */
  if (row == NULL)
    return g_object_new (BD_TYPE_BACKORDER, NULL);

  return g_object_ref (row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bd_queue_model_get_item_type;
  iface->get_n_items = bd_queue_model_get_n_items;
  iface->get_item = bd_queue_model_get_item;
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryTask *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids;

  /* Connections are reused from query to query (opening one costs more than
   * a narrow search); a query still running when the next starts has its
   * own. */
  store = g_async_queue_try_pop (data->idle_stores);
  if (store == NULL)
    store = bd_store_open_readonly (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ids = bd_query_run_ids (store, data->query, cancellable, &error);
  g_async_queue_push (data->idle_stores, g_steal_pointer (&store));
  if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

static void
swap_ids (BdQueueModel *self,
          GArray       *ids)
{
  g_autoptr(GArray) old = self->ids;
  g_autoptr(GArray) alive_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 *a = (const gint64 *)(gpointer)old->data;
  const gint64 *b = (const gint64 *)(gpointer)ids->data;
  guint prefix = 0, suffix = 0;
  guint max_common = MIN (old->len, ids->len);
  GHashTableIter iter;
  gpointer key;

  /* The smallest change that turns the old list into the new one, so that
   * a selection and the scroll position stay on the same line. */
  while (prefix < max_common && a[prefix] == b[prefix])
    prefix++;
  while (suffix < max_common - prefix &&
         a[old->len - 1 - suffix] == b[ids->len - 1 - suffix])
    suffix++;

  self->ids = g_array_ref (ids);

  /* Rows on screen follow the store after a write; a new filter or sort
   * leaves them as they are (reading 500 rows again took 10 ms). */
  if (self->rows_stale)
    {
      g_hash_table_iter_init (&iter, self->alive);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_array_append_val (alive_ids, *(gint64 *)key);
      if (alive_ids->len > 0)
        load_rows (self, (const gint64 *)(gpointer)alive_ids->data, alive_ids->len, FALSE);
      self->rows_stale = FALSE;
    }

  if (old->len - prefix - suffix > 0 || ids->len - prefix - suffix > 0)
    items_changed (self, prefix, old->len - prefix - suffix, ids->len - prefix - suffix);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdQueueModel *self = BD_QUEUE_MODEL (object);
  QueryTask *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);

  if (data->generation != self->generation)
    return;

  g_clear_object (&self->cancellable);

  if (ids != NULL)
    {
      if (self->error != NULL)
        {
          g_clear_pointer (&self->error, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      swap_ids (self, ids);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  set_loading (self, FALSE);
}

static void
run_query (BdQueueModel *self)
{
  g_autoptr(GTask) task = NULL;
  QueryTask *data;

  /* A newer query makes the running one moot. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  data = g_new0 (QueryTask, 1);
  data->path = g_strdup (bd_store_get_path (self->store));
  data->idle_stores = g_async_queue_ref (self->idle_stores);
  data->query = bd_query_copy (self->query);
  data->generation = self->generation;

  task = g_task_new (self, self->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, bd_queue_model_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify)query_task_free);
  g_task_run_in_thread (task, query_thread);

  set_loading (self, TRUE);
}

/* Runs the query again, and reads the rows built so far again with it:
 * after a write, or when the caller knows the store changed. */
void
bd_queue_model_refresh (BdQueueModel *self)
{
  g_return_if_fail (BD_IS_QUEUE_MODEL (self));

  self->rows_stale = TRUE;
  run_query (self);
}

static void
store_changed_cb (BdQueueModel *self,
                  BdStore      *store)
{
  bd_queue_model_refresh (self);
}

static void
bd_queue_model_constructed (GObject *object)
{
  BdQueueModel *self = (BdQueueModel *)object;

  G_OBJECT_CLASS (bd_queue_model_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bd_queue_model_dispose (GObject *object)
{
  BdQueueModel *self = (BdQueueModel *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_queue_clear_full (&self->recent, g_object_unref);
  if (self->alive != NULL)
    {
      g_hash_table_foreach (self->alive, forget_row, self);
      g_hash_table_remove_all (self->alive);
    }

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_queue_model_parent_class)->dispose (object);
}

static void
bd_queue_model_finalize (GObject *object)
{
  BdQueueModel *self = (BdQueueModel *)object;

  g_clear_pointer (&self->alive, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, bd_query_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->idle_stores, g_async_queue_unref);

  G_OBJECT_CLASS (bd_queue_model_parent_class)->finalize (object);
}

static void
bd_queue_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BdQueueModel *self = BD_QUEUE_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_queue_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BdQueueModel *self = BD_QUEUE_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_queue_model_class_init (BdQueueModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bd_queue_model_constructed;
  object_class->dispose = bd_queue_model_dispose;
  object_class->finalize = bd_queue_model_finalize;
  object_class->get_property = bd_queue_model_get_property;
  object_class->set_property = bd_queue_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_queue_model_init (BdQueueModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->query = bd_query_new ();
  self->idle_stores = g_async_queue_new_full (g_object_unref);
  g_queue_init (&self->recent);
}

BdQueueModel *
bd_queue_model_new (BdStore *store)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  return g_object_new (BD_TYPE_QUEUE_MODEL, "store", store, NULL);
}

BdStore *
bd_queue_model_get_store (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), NULL);
  return self->store;
}

const BdQuery *
bd_queue_model_get_query (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), NULL);
  return self->query;
}

void
bd_queue_model_set_query (BdQueueModel  *self,
                          const BdQuery *query)
{
  g_return_if_fail (BD_IS_QUEUE_MODEL (self));
  g_return_if_fail (query != NULL);

  if (bd_query_equal (self->query, query) && self->generation > 0)
    return;

  bd_query_free (self->query);
  self->query = bd_query_copy (query);
  run_query (self);
}

gboolean
bd_queue_model_get_loading (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), FALSE);
  return self->loading;
}

const char *
bd_queue_model_get_error (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), NULL);
  return self->error;
}

gint64
bd_queue_model_get_id (BdQueueModel *self,
                       guint         position)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}

guint
bd_queue_model_find_id (BdQueueModel *self,
                        gint64        id)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;

  return G_MAXUINT;
}

/* For tests and benchmarks: how many row objects exist. */
guint
bd_queue_model_get_n_cached (BdQueueModel *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_MODEL (self), 0);
  return g_hash_table_size (self->alive);
}
