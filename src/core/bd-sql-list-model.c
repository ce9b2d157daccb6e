/* bd-sql-list-model.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sql-list-model"

#include "config.h"

#include "bd-sql-list-model.h"
#include "bd-util.h"

/* A GListModel over SQL (DESIGN.md, Large lists), generic over a row
 * source: the source says what a query selects and how a row is built,
 * the model does the rest.
 *
 * The query runs on a worker thread with its own connection and returns the
 * ordered ids of the whole result, 8 bytes a row. get_item() builds row
 * objects a page at a time. The model keeps the rows that are alive (on
 * screen, in a selection) in a weak table, so that after a write it can
 * refresh exactly those in place, and a short list of recent rows strongly,
 * so that scrolling back does not reload them. Memory is proportional to
 * what is shown, not to the table.
 *
 * A list can read its rows on a thread (bd_sql_list_model_set_row_wait()):
 * get_item() waits for them a few milliseconds, and when they take longer
 * (pages of the store the file cache no longer holds, a disk busy with a
 * sync's writes) an empty row of the source's stands in for each until
 * they come, so that a frame never waits for the disk. It does so once a
 * read on the main thread was slow, for a while: rows from the file cache
 * cost no less on a thread, and handing each page to a thread and back
 * cost 2-10 ms a frame of a fast scroll on a busy machine.
 *
 * A new query shows its first rows as soon as the source has them (a
 * LIMIT query, a selection of the first ones) and then the whole result,
 * which starts with the same rows: the list grows at its end and nothing
 * on screen moves. A refresh after a write swaps in the whole result only,
 * so that rows further down stay where they are. */

/* A page is about two screens of rows: a fast scroll that jumps past whole
 * pages pays for few rows it does not show. */
#define PAGE_SIZE   32
#define RECENT_MAX  (PAGE_SIZE * 16)
/* The first rows of a new query: more than a screen shows. */
#define FIRST_IDS   (PAGE_SIZE * 4)
/* A read of a page on the main thread this slow for the disk (from the
 * file cache: 1-5 ms) has the list read its rows on a thread for a while,
 * renewed while reads there are slow for the disk too. */
#define SLOW_READ_US   (20 * G_TIME_SPAN_MILLISECOND)
#define APART_SECONDS  10

/* What a read of rows took, to tell a read slow for the disk from one slow
 * for want of a processor (a sync's threads busy), which is no reason to
 * hand reads to a thread: there they wait for one all the same, and the
 * frame that waits for them is blocked. */
typedef struct
{
  gint64 began;
  gint64 read_bytes;
  guint64 run_ns;
  guint64 wait_ns;
  gboolean sched;
} ReadClock;

static void
read_clock_start (ReadClock *clock)
{
  clock->read_bytes = bd_thread_storage_read_bytes ();
  clock->sched = bd_thread_sched_times (&clock->run_ns, &clock->wait_ns);
  clock->began = g_get_monotonic_time ();
}

/* Whether the read since read_clock_start() on this thread was slow for
 * the disk: it took over SLOW_READ_US, read from storage rather than the
 * file cache, and was blocked (neither running nor waiting for a
 * processor) for over half of it. A read that found two pages missing
 * from the cache while the processors were busy was slow, and read from
 * storage, and blocked for 1 ms of its 29. What the system does not say
 * is not held against the read. */
static gboolean
read_clock_slow_for_disk (ReadClock *clock)
{
  gint64 took = g_get_monotonic_time () - clock->began;
  gint64 read_bytes = clock->read_bytes >= 0 ? bd_thread_storage_read_bytes () : -1;
  gint64 blocked = took;
  guint64 run_ns, wait_ns;

  if (took <= SLOW_READ_US || (read_bytes >= 0 && read_bytes <= clock->read_bytes))
    return FALSE;
  if (clock->sched && bd_thread_sched_times (&run_ns, &wait_ns))
    blocked = took - (gint64)((run_ns - clock->run_ns + wait_ns - clock->wait_ns) / 1000);
  if (blocked <= took / 2)
    return FALSE;

  g_debug ("Reading rows took %.1f ms, blocked for %.1f ms, and read %" G_GINT64_FORMAT " bytes "
           "from storage: rows are read on a thread for %d s more", took / 1000.0, blocked / 1000.0,
           read_bytes >= 0 ? read_bytes - clock->read_bytes : -1, APART_SECONDS);
  return TRUE;
}

typedef struct
{
  /* Owned references */
  BdStore *store;
  BdRowSource *source;
  gpointer query;
  GArray *ids;               /* gint64, in list order */
  GHashTable *alive;         /* gint64 * -> row, weak */
  GHashTable *pending;       /* gint64 * -> serial of the read: rows alive but empty, read on a thread */
  GQueue recent;             /* rows, strong */
  GCancellable *cancellable;
  GAsyncQueue *idle_stores;  /* BdStore *, read-only connections for queries */
  GAsyncQueue *row_stores;   /* BdStore *, read-only connections for rows read on a thread */
  char *error;

  /* Borrowed during construction only */
  gconstpointer initial_query;

  int row_wait;              /* ms get_item() waits for rows read on a thread; -1: reads them itself */
  guint n_reading;           /* reads on a thread that empty rows wait for */
  gint64 apart_until;        /* monotonic time until which rows are read on a thread */
  guint last_miss;           /* where get_item() last had to load rows */
  guint generation;
  guint loading : 1;
  guint partial : 1;         /* only the first rows of the result are in */
  guint complete : 1;        /* the ids are the whole result of the query */
  guint rows_stale : 1;      /* the store changed: rows built before may be out of date */
  guint in_background : 1;   /* the query running gives way (bd_task_run_in_background()) */
} BdSqlListModelPrivate;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (BdSqlListModel, bd_sql_list_model, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (BdSqlListModel)
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SOURCE,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_PARTIAL,
  PROP_ERROR,
  PROP_ROW_WAIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  BdSqlListModel *model;     /* borrowed: the task holds it */
  GMainContext *context;
  BdRowSource *source;
  char *path;
  gpointer query;
  GAsyncQueue *idle_stores;
  GArray *reread;            /* gint64: rows alive when a write made them stale, or NULL */
  guint generation;
  guint n_first;
} QueryTask;

/* What a query returns: the ids, and the rows of @reread read again in
 * the same transaction (or NULL). */
typedef struct
{
  GArray *ids;
  GHashTable *rows;
} QueryResult;

static void
query_result_free (QueryResult *result)
{
  g_clear_pointer (&result->ids, g_array_unref);
  g_clear_pointer (&result->rows, g_hash_table_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QueryResult, query_result_free)

static void
query_task_free (QueryTask *task)
{
  bd_row_source_free_query (task->source, task->query);
  g_clear_object (&task->source);
  g_main_context_unref (task->context);
  g_free (task->path);
  g_async_queue_unref (task->idle_stores);
  g_clear_pointer (&task->reread, g_array_unref);
  g_free (task);
}

typedef struct
{
  BdSqlListModel *model;
  GArray *ids;
  guint generation;
} FirstIds;

static void
first_ids_free (gpointer data)
{
  FirstIds *first = data;

  g_object_unref (first->model);
  g_array_unref (first->ids);
  g_free (first);
}

/* Called while the row is disposed: its fields are still there to read. */
static void
row_finalized_cb (gpointer  data,
                  GObject  *where_the_object_was)
{
  BdSqlListModel *self = data;
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  gint64 id = bd_row_source_get_id (priv->source, where_the_object_was);

  if (g_hash_table_lookup (priv->alive, &id) == (gpointer)where_the_object_was)
    {
      g_hash_table_remove (priv->alive, &id);
      /* an empty row gone: the read for it fills no other */
      g_hash_table_remove (priv->pending, &id);
    }
}

static void
forget_row (gpointer key,
            gpointer value,
            gpointer user_data)
{
  g_object_weak_unref (value, row_finalized_cb, user_data);
}

static void
set_loading (BdSqlListModel *self,
             gboolean        loading)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  if (priv->loading == !!loading)
    return;

  priv->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_partial (BdSqlListModel *self,
             gboolean        partial)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  if (priv->partial == !!partial)
    return;

  priv->partial = !!partial;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTIAL]);
}

static void
items_changed (BdSqlListModel *self,
               guint           position,
               guint           removed,
               guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
remember (BdSqlListModel *self,
          GObject        *row)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_queue_push_head (&priv->recent, g_object_ref (row));
  while (priv->recent.length > RECENT_MAX)
    g_object_unref (g_queue_pop_tail (&priv->recent));
}

/* Makes @row (for @key, a gint64 *) one the model hands out and refreshes
 * after writes, and with @keep one it keeps for a while. */
static void
adopt_row (BdSqlListModel *self,
           gconstpointer   key,
           GObject        *row,
           gboolean        keep)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  if (!g_hash_table_contains (priv->alive, key))
    {
      g_hash_table_insert (priv->alive, g_memdup2 (key, sizeof (gint64)), row);
      g_object_weak_ref (G_OBJECT (row), row_finalized_cb, self);
    }
  if (keep)
    remember (self, row);
}

/* Loads @ids: rows already alive are refreshed in place, new ones are
 * created and become alive. */
static void
load_rows (BdSqlListModel *self,
           const gint64   *ids,
           guint           n_ids,
           gboolean        keep)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  g_autoptr(GHashTable) rows = bd_row_table_new ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n_ids; i++)
    {
      GObject *row = g_hash_table_lookup (priv->alive, &ids[i]);

      if (row != NULL)
        g_hash_table_insert (rows, g_memdup2 (&ids[i], sizeof (gint64)), g_object_ref (row));
    }

  if (!bd_row_source_load_many (priv->source, priv->store, ids, n_ids, rows, &error))
    {
      g_warning ("Cannot load rows: %s", error->message);
      return;
    }

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* an empty row filled here needs no thread's */
      g_hash_table_remove (priv->pending, key);
      adopt_row (self, key, value, keep);
    }
}

/* Rows read on a thread for get_item(), the thread's reference and the
 * model's: whichever lets go last frees them. What must go on the main
 * thread (the model, rows that may be the last of theirs, whose
 * finalizing touches the model) goes there: taken by get_item() when it
 * waited for them, or in the fill on the main context, to which the
 * thread hands its reference. */
typedef struct
{
  gatomicrefcount ref_count;
  GMutex mutex;
  GCond cond;
  gboolean done;             /* the thread has read them */
  gboolean waited_for;       /* get_item() waits: it takes the rows itself */
  guint serial;

  BdSqlListModel *model;
  GMainContext *context;
  BdRowSource *source;
  char *path;
  GAsyncQueue *stores;       /* the model's row_stores */
  GArray *ids;
  GHashTable *rows;
  GError *error;
  gboolean slow_for_disk;    /* the read was: rows go on being read on threads */
} RowsJob;

static RowsJob *
rows_job_ref (RowsJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
rows_job_unref (RowsJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_clear_object (&job->model);
  g_main_context_unref (job->context);
  g_object_unref (job->source);
  g_free (job->path);
  g_async_queue_unref (job->stores);
  g_array_unref (job->ids);
  g_clear_pointer (&job->rows, g_hash_table_unref);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowsJob, rows_job_unref)

/* On the main thread: the rows read fill the empty rows that stood in for
 * them, unless something filled them first (a refresh after a write reads
 * every row alive again, and is newer) or another read stands in now. */
static gboolean
rows_job_fill_cb (gpointer data)
{
  RowsJob *job = data;
  g_autoptr(BdSqlListModel) self = g_steal_pointer (&job->model);
  g_autoptr(GHashTable) rows = g_steal_pointer (&job->rows);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  priv->n_reading--;
  if (priv->source == NULL)  /* disposed */
    return G_SOURCE_REMOVE;

  if (job->error != NULL)
    g_debug ("Cannot read rows, they are read again when shown: %s", job->error->message);
  if (job->slow_for_disk)
    bd_sql_list_model_read_rows_apart_for (self, APART_SECONDS);

  for (guint i = 0; i < job->ids->len; i++)
    {
      gint64 *id = &g_array_index (job->ids, gint64, i);
      GObject *row, *fresh;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (priv->pending, id)) != job->serial)
        continue;
      g_hash_table_remove (priv->pending, id);
      row = g_hash_table_lookup (priv->alive, id);
      fresh = g_hash_table_lookup (rows, id);
      if (row != NULL && fresh != NULL)
        bd_row_source_update_from (priv->source, row, fresh);
      else if (row != NULL && job->error != NULL)
        {
          /* not the list's any more: the next get_item() reads it again */
          g_object_weak_unref (row, row_finalized_cb, self);
          g_hash_table_remove (priv->alive, id);
        }
      /* a row deleted meanwhile stays empty until the refresh that its
       * deletion brings removes it */
    }

  return G_SOURCE_REMOVE;
}

static void
rows_job_run (gpointer data,
              gpointer user_data)
{
  RowsJob *job = data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean waited_for;

  store = g_async_queue_try_pop (job->stores);
  if (store == NULL)
    store = bd_store_open_readonly (job->path, &error);
  if (store != NULL)
    {
      ReadClock clock;

      read_clock_start (&clock);
      bd_row_source_load_many (job->source, store, (const gint64 *)(gpointer)job->ids->data,
                               job->ids->len, job->rows, &error);
      job->slow_for_disk = read_clock_slow_for_disk (&clock);
      /* the connection read last, its page cache warm, reads next */
      g_async_queue_push_front (job->stores, g_steal_pointer (&store));
    }

  g_mutex_lock (&job->mutex);
  job->error = g_steal_pointer (&error);
  job->done = TRUE;
  waited_for = job->waited_for;
  if (waited_for)
    g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);

  /* get_item() gave up waiting: the fill takes the thread's reference,
   * after the job's lock is let go (the fill may free the job) */
  if (waited_for)
    rows_job_unref (job);
  else
    bd_main_context_post (job->context, rows_job_fill_cb, job, (GDestroyNotify)rows_job_unref,
                          "[bd] rows read on a thread");
}

/* The rows asked for last are read first: those of a screen scrolled past
 * while the disk was slow are no longer what anyone waits for. */
static int
rows_job_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const RowsJob *x = a, *y = b;

  /* serials wrap after 4 billion reads: compared as a difference */
  return (int)(y->serial - x->serial);
}

static GThreadPool *
rows_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      /* two threads: one reading while the other waits for the disk */
      GThreadPool *new_pool = g_thread_pool_new (rows_job_run, NULL, 2, FALSE, NULL);

      g_thread_pool_set_sort_function (new_pool, rows_job_compare, NULL);
      g_once_init_leave (&pool, new_pool);
    }

  return pool;
}

/* Reads @ids on a thread and waits for them up to the model's row wait;
 * after that (or at once, while rows read before are still being waited
 * for: a frame waits once) empty rows stand in for them. */
static void
read_rows_apart (BdSqlListModel *self,
                 const gint64   *ids,
                 guint           n_ids)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  static guint serial;
  g_autoptr(RowsJob) job = g_new0 (RowsJob, 1);
  gboolean done = FALSE;

  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  /* never 0, which pending's lookups return for none */
  if (++serial == 0)
    serial = 1;
  job->serial = serial;
  job->model = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();
  job->source = g_object_ref (priv->source);
  job->path = g_strdup (bd_store_get_path (priv->store));
  job->stores = g_async_queue_ref (priv->row_stores);
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (job->ids, ids, n_ids);
  job->rows = bd_row_table_new ();
  job->waited_for = priv->row_wait > 0 && priv->n_reading == 0;

  g_thread_pool_push (rows_pool (), rows_job_ref (job), NULL);

  if (job->waited_for)
    {
      gint64 deadline = g_get_monotonic_time () + priv->row_wait * G_TIME_SPAN_MILLISECOND;

      g_mutex_lock (&job->mutex);
      while (!job->done)
        if (!g_cond_wait_until (&job->cond, &job->mutex, deadline))
          break;
      done = job->done;
      /* the thread hands them to the main context instead */
      job->waited_for = done;
      g_mutex_unlock (&job->mutex);
    }

  if (done)
    {
      g_autoptr(GHashTable) rows = g_steal_pointer (&job->rows);
      GHashTableIter iter;
      gpointer key, value;

      if (job->error != NULL)
        g_warning ("Cannot load rows: %s", job->error->message);
      if (job->slow_for_disk)
        bd_sql_list_model_read_rows_apart_for (self, APART_SECONDS);

      g_hash_table_iter_init (&iter, rows);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          /* newer than what an earlier read would fill it with */
          g_hash_table_remove (priv->pending, key);
          adopt_row (self, key, value, TRUE);
        }
      /* the thread may let go of the job last */
      g_clear_object (&job->model);
    }
  else
    {
      priv->n_reading++;
      for (guint i = 0; i < n_ids; i++)
        {
          g_autoptr(GObject) placeholder = bd_row_source_new_placeholder (priv->source, ids[i]);

          adopt_row (self, &ids[i], placeholder, TRUE);
          g_hash_table_insert (priv->pending, g_memdup2 (&ids[i], sizeof (gint64)),
                               GUINT_TO_POINTER (job->serial));
        }
    }
}

static GType
bd_sql_list_model_get_item_type (GListModel *model)
{
  BdSqlListModel *self = BD_SQL_LIST_MODEL (model);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  return bd_row_source_get_item_type (priv->source);
}

static guint
bd_sql_list_model_get_n_items (GListModel *model)
{
  BdSqlListModel *self = BD_SQL_LIST_MODEL (model);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  return priv->ids->len;
}

static gpointer
bd_sql_list_model_get_item (GListModel *model,
                            guint       position)
{
  BdSqlListModel *self = BD_SQL_LIST_MODEL (model);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  GObject *row;
  gint64 id;

  if (position >= priv->ids->len)
    return NULL;

  id = g_array_index (priv->ids, gint64, position);
  row = g_hash_table_lookup (priv->alive, &id);

  if (row == NULL)
    {
      /* The rows a list asks for next: those after this one when it moves
       * down (or jumps), before it when it moves up; of them only the ones
       * not built yet. One query per frame while scrolling fast, where
       * pages at fixed places needed two for most frames. */
      g_autoptr(GArray) missing = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);
      guint start = position >= priv->last_miss || position < PAGE_SIZE ? position : position + 1 - PAGE_SIZE;
      guint end = MIN (start + PAGE_SIZE, priv->ids->len);

      for (guint i = start; i < end; i++)
        {
          gint64 *other = &g_array_index (priv->ids, gint64, i);

          if (!g_hash_table_contains (priv->alive, other))
            g_array_append_val (missing, *other);
        }
      priv->last_miss = position;

      if (priv->row_wait >= 0 && bd_row_source_can_read_apart (priv->source) &&
          g_get_monotonic_time () < priv->apart_until)
        read_rows_apart (self, (const gint64 *)(gpointer)missing->data, missing->len);
      else
        {
          ReadClock clock;

          /* only a list with a row wait reads rows on a thread */
          if (priv->row_wait >= 0)
            read_clock_start (&clock);
          load_rows (self, (const gint64 *)(gpointer)missing->data, missing->len, TRUE);
          if (priv->row_wait >= 0 && read_clock_slow_for_disk (&clock))
            bd_sql_list_model_read_rows_apart_for (self, APART_SECONDS);
        }
      row = g_hash_table_lookup (priv->alive, &id);
    }

  /* A row deleted between the id query and now: an empty row stands in
   * until the refresh that the deletion triggers removes it. */
  if (row == NULL)
    return g_object_new (bd_row_source_get_item_type (priv->source), NULL);

  return g_object_ref (row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bd_sql_list_model_get_item_type;
  iface->get_n_items = bd_sql_list_model_get_n_items;
  iface->get_item = bd_sql_list_model_get_item;
}

static void
swap_ids (BdSqlListModel *self,
          GArray         *ids,
          gboolean        partial,
          GHashTable     *fresh)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  g_autoptr(GArray) old = priv->ids;
  g_autoptr(GArray) alive_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 *a = (const gint64 *)(gpointer)old->data;
  const gint64 *b = (const gint64 *)(gpointer)ids->data;
  guint prefix = 0, suffix = 0;
  guint max_common = MIN (old->len, ids->len);
  GHashTableIter iter;
  gpointer key;

  /* The smallest change that turns the old list into the new one, so that
   * a selection and the scroll position stay on the same row. From the
   * first rows of a result to the whole of it, that is the rows after
   * them. */
  while (prefix < max_common && a[prefix] == b[prefix])
    prefix++;
  while (suffix < max_common - prefix &&
         a[old->len - 1 - suffix] == b[ids->len - 1 - suffix])
    suffix++;

  priv->ids = g_array_ref (ids);

  /* Rows on screen follow the store after a write; a new filter or sort
   * leaves them as they are (reading 500 rows again took 10 ms). The query
   * read them again on its thread when the source can fill rows in place
   * from others; rows alive since were read after the write. The first
   * rows of a new query leave that to its whole result. */
  if (priv->rows_stale && !partial)
    {
      if (fresh != NULL)
        {
          GHashTableIter fresh_iter;
          gpointer value;

          g_hash_table_iter_init (&fresh_iter, fresh);
          while (g_hash_table_iter_next (&fresh_iter, &key, &value))
            {
              GObject *row = g_hash_table_lookup (priv->alive, key);

              if (row != NULL)
                bd_row_source_update_from (priv->source, row, value);
              g_hash_table_remove (priv->pending, key);
            }
        }
      else
        {
          g_hash_table_iter_init (&iter, priv->alive);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_array_append_val (alive_ids, *(gint64 *)key);
          if (alive_ids->len > 0)
            load_rows (self, (const gint64 *)(gpointer)alive_ids->data, alive_ids->len, FALSE);
        }
      priv->rows_stale = FALSE;
    }

  /* "partial" already says what the rows are while items-changed runs,
   * and is notified after it */
  g_object_freeze_notify (G_OBJECT (self));
  set_partial (self, partial);
  if (old->len - prefix - suffix > 0 || ids->len - prefix - suffix > 0)
    items_changed (self, prefix, old->len - prefix - suffix, ids->len - prefix - suffix);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
show_first_ids_cb (gpointer data)
{
  FirstIds *first = data;
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (first->model);

  /* not if a newer query started, nor after the whole result */
  if (first->generation == priv->generation && priv->loading && !priv->complete)
    swap_ids (first->model, first->ids, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

/* On the worker thread: the first rows go to the model's main context at
 * once, in an idle of the priority the task returns with, so that they
 * arrive before the whole result. */
static void
first_ids_cb (const gint64 *ids,
              guint         n_ids,
              gpointer      user_data)
{
  QueryTask *data = user_data;
  FirstIds *first = g_new0 (FirstIds, 1);

  first->model = g_object_ref (data->model);
  first->generation = data->generation;
  first->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (first->ids, ids, n_ids);

  bd_main_context_post (data->context, show_first_ids_cb, first, first_ids_free, "[bd] first rows of a query");
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
  g_autoptr(QueryResult) result = g_new0 (QueryResult, 1);
  sqlite3 *db;

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
  db = bd_store_get_db (store);

  /* One read transaction: the first rows and the whole result come from
   * the same state of the store, so that one begins with the other. */
  if (bd_store_exec (store, "BEGIN", &error))
    result->ids = bd_row_source_run_ids (data->source, store, data->query, data->n_first,
                                         data->n_first > 0 ? first_ids_cb : NULL, data,
                                         cancellable, &error);
  /* the rows on screen as they are now: the main thread fills them in */
  if (result->ids != NULL && data->reread != NULL)
    {
      g_autoptr(GError) reread_error = NULL;

      result->rows = bd_row_table_new ();
      if (!bd_row_source_load_many (data->source, store, (const gint64 *)(gpointer)data->reread->data,
                                    data->reread->len, result->rows, &reread_error))
        {
          /* the ids all the same: the main thread reads the rows then */
          g_debug ("Cannot read the rows shown again: %s", reread_error->message);
          g_clear_pointer (&result->rows, g_hash_table_unref);
        }
    }
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  g_async_queue_push (data->idle_stores, g_steal_pointer (&store));
  if (result->ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)query_result_free);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdSqlListModel *self = BD_SQL_LIST_MODEL (object);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  QueryTask *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(QueryResult) done = NULL;

  done = g_task_propagate_pointer (G_TASK (result), &error);

  if (data->generation != priv->generation)
    return;

  g_clear_object (&priv->cancellable);

  if (done != NULL)
    {
      if (priv->error != NULL)
        {
          g_clear_pointer (&priv->error, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      priv->complete = TRUE;
      swap_ids (self, done->ids, FALSE, done->rows);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (priv->error);
      priv->error = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  set_partial (self, FALSE);
  set_loading (self, FALSE);
}

static void
run_query (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  QueryTask *data;
  /* a refresh that gave way is still running */
  gboolean overtaken = priv->in_background && priv->cancellable != NULL;

  if (priv->query == NULL)
    return;

  /* A newer query makes the running one moot. */
  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  priv->generation++;

  data = g_new0 (QueryTask, 1);
  data->model = self;
  data->context = g_main_context_ref_thread_default ();
  data->source = g_object_ref (priv->source);
  data->path = g_strdup (bd_store_get_path (priv->store));
  data->idle_stores = g_async_queue_ref (priv->idle_stores);
  data->query = bd_row_source_copy_query (priv->source, priv->query);
  data->generation = priv->generation;
  /* Only a list of another query gives way to the first rows: a list
   * refreshed after a write would lose its rows further down for a moment. */
  data->n_first = priv->complete ? 0 : FIRST_IDS;
  if (priv->rows_stale && bd_row_source_can_read_apart (priv->source))
    {
      GHashTableIter iter;
      gpointer key;

      data->reread = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (priv->alive));
      g_hash_table_iter_init (&iter, priv->alive);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_array_append_val (data->reread, *(gint64 *)key);
    }

  task = g_task_new (self, priv->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, bd_sql_list_model_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify)query_task_free);
  /* A list already shown (the whole result of its query in: a new query
   * clears it), read again after a write, is not what the user waits
   * for: the frames painted meanwhile come first (a sync names what it
   * wrote every two seconds). A new query, or the first, is; and so is
   * a refresh that overtakes one that gave way and has not finished, so
   * that a busy machine does not keep a list from ever catching up. */
  priv->in_background = priv->complete && !overtaken;
  if (priv->in_background)
    bd_task_run_in_background (task, query_thread);
  else
    g_task_run_in_thread (task, query_thread);

  set_loading (self, TRUE);
}

/* Runs the query again, and reads the rows built so far again with it:
 * after a write, or when the caller knows the store changed. */
void
bd_sql_list_model_refresh (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_if_fail (BD_IS_SQL_LIST_MODEL (self));

  priv->rows_stale = TRUE;
  run_query (self);
}

/* A change to tables the list does not show costs it nothing: a note
 * written re-reads the line's timeline, not the queue's 400,000 ids. */
static void
store_changed_cb (BdSqlListModel     *self,
                  const char * const *tables,
                  BdStore            *store)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  if (bd_row_source_reads_any (priv->source, tables))
    bd_sql_list_model_refresh (self);
}

static void
bd_sql_list_model_constructed (GObject *object)
{
  BdSqlListModel *self = (BdSqlListModel *)object;
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  G_OBJECT_CLASS (bd_sql_list_model_parent_class)->constructed (object);

  g_assert (BD_IS_STORE (priv->store));
  g_assert (BD_IS_ROW_SOURCE (priv->source));

  priv->query = bd_row_source_copy_query (priv->source, priv->initial_query);
  priv->initial_query = NULL;

  g_signal_connect_object (priv->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bd_sql_list_model_dispose (GObject *object)
{
  BdSqlListModel *self = (BdSqlListModel *)object;
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);

  g_queue_clear_full (&priv->recent, g_object_unref);
  if (priv->pending != NULL)
    g_hash_table_remove_all (priv->pending);
  if (priv->alive != NULL)
    {
      g_hash_table_foreach (priv->alive, forget_row, self);
      g_hash_table_remove_all (priv->alive);
    }

  if (priv->source != NULL)
    {
      bd_row_source_free_query (priv->source, g_steal_pointer (&priv->query));
      g_clear_object (&priv->source);
    }
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (bd_sql_list_model_parent_class)->dispose (object);
}

static void
bd_sql_list_model_finalize (GObject *object)
{
  BdSqlListModel *self = (BdSqlListModel *)object;
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_clear_pointer (&priv->alive, g_hash_table_unref);
  g_clear_pointer (&priv->pending, g_hash_table_unref);
  g_clear_pointer (&priv->ids, g_array_unref);
  g_clear_pointer (&priv->error, g_free);
  g_clear_pointer (&priv->idle_stores, g_async_queue_unref);
  g_clear_pointer (&priv->row_stores, g_async_queue_unref);

  G_OBJECT_CLASS (bd_sql_list_model_parent_class)->finalize (object);
}

static void
bd_sql_list_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BdSqlListModel *self = BD_SQL_LIST_MODEL (object);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, priv->source);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;
    case PROP_PARTIAL:
      g_value_set_boolean (value, priv->partial);
      break;
    case PROP_ERROR:
      g_value_set_string (value, priv->error);
      break;
    case PROP_ROW_WAIT:
      g_value_set_int (value, priv->row_wait);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sql_list_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BdSqlListModel *self = BD_SQL_LIST_MODEL (object);
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;
    case PROP_SOURCE:
      priv->source = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      /* copied in constructed(), when the source that copies it is there */
      priv->initial_query = g_value_get_pointer (value);
      break;
    case PROP_ROW_WAIT:
      bd_sql_list_model_set_row_wait (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sql_list_model_class_init (BdSqlListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bd_sql_list_model_constructed;
  object_class->dispose = bd_sql_list_model_dispose;
  object_class->finalize = bd_sql_list_model_finalize;
  object_class->get_property = bd_sql_list_model_get_property;
  object_class->set_property = bd_sql_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, BD_TYPE_ROW_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The first query, in the source's own type; NULL lists nothing until
   * bd_sql_list_model_set_query(). */
  properties[PROP_QUERY] =
    g_param_spec_pointer ("query", NULL, NULL,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE while the model shows the first rows of a new query and reads
   * the rest: n-items is not the count yet. */
  properties[PROP_PARTIAL] =
    g_param_spec_boolean ("partial", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* How many milliseconds get_item() waits for rows it reads on a thread
   * before empty rows stand in for them, once a read on the calling thread
   * was slow; -1, or a source that cannot, reads them on the calling
   * thread whatever it takes. */
  properties[PROP_ROW_WAIT] =
    g_param_spec_int ("row-wait", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_sql_list_model_init (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  priv->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  priv->alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  priv->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  priv->row_wait = -1;
  priv->idle_stores = g_async_queue_new_full (g_object_unref);
  priv->row_stores = g_async_queue_new_full (g_object_unref);
  g_queue_init (&priv->recent);
}

/* A list of what @source selects for @query (copied; NULL: nothing until
 * a query is set) in @store, kept in step with its "changed" signal. */
BdSqlListModel *
bd_sql_list_model_new (BdStore       *store,
                       BdRowSource   *source,
                       gconstpointer  query)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (BD_IS_ROW_SOURCE (source), NULL);

  return g_object_new (BD_TYPE_SQL_LIST_MODEL,
                       "store", store,
                       "source", source,
                       "query", query,
                       NULL);
}

BdStore *
bd_sql_list_model_get_store (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), NULL);
  return priv->store;
}

BdRowSource *
bd_sql_list_model_get_source (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), NULL);
  return priv->source;
}

gconstpointer
bd_sql_list_model_get_query (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), NULL);
  return priv->query;
}

/* Lists what @query selects: the rows of the last result stay until the
 * first rows of the new one are in. */
void
bd_sql_list_model_set_query (BdSqlListModel *self,
                             gconstpointer   query)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_if_fail (BD_IS_SQL_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  if (priv->generation > 0 && bd_row_source_equal_query (priv->source, priv->query, query))
    return;

  bd_row_source_free_query (priv->source, priv->query);
  priv->query = bd_row_source_copy_query (priv->source, query);
  priv->complete = FALSE;
  run_query (self);
}

gboolean
bd_sql_list_model_get_loading (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), FALSE);
  return priv->loading;
}

gboolean
bd_sql_list_model_get_partial (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), FALSE);
  return priv->partial;
}

const char *
bd_sql_list_model_get_error (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), NULL);
  return priv->error;
}

gint64
bd_sql_list_model_get_id (BdSqlListModel *self,
                          guint           position)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), 0);

  if (position >= priv->ids->len)
    return 0;

  return g_array_index (priv->ids, gint64, position);
}

guint
bd_sql_list_model_find_id (BdSqlListModel *self,
                           gint64          id)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < priv->ids->len; i++)
    if (g_array_index (priv->ids, gint64, i) == id)
      return i;

  return G_MAXUINT;
}

void
bd_sql_list_model_set_row_wait (BdSqlListModel *self,
                                int             row_wait)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_if_fail (BD_IS_SQL_LIST_MODEL (self));
  g_return_if_fail (row_wait >= -1);

  if (priv->row_wait == row_wait)
    return;

  priv->row_wait = row_wait;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_WAIT]);
}

int
bd_sql_list_model_get_row_wait (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), -1);
  return priv->row_wait;
}

/* Reads the rows get_item() has to on a thread for the next @seconds, as
 * after a slow read on the main thread; only with a row wait. */
void
bd_sql_list_model_read_rows_apart_for (BdSqlListModel *self,
                                       guint           seconds)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_if_fail (BD_IS_SQL_LIST_MODEL (self));

  if (priv->row_wait < 0)
    return;

  priv->apart_until = MAX (priv->apart_until, g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND);
}

/* The row at @position with its fields read: one still empty, its read on
 * a thread not back yet, is read now on this one. For what acts on a row
 * rather than shows it. */
gpointer
bd_sql_list_model_dup_read_item (BdSqlListModel *self,
                                 guint           position)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);
  GObject *row;
  gint64 id;

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), NULL);

  row = g_list_model_get_item (G_LIST_MODEL (self), position);
  if (row == NULL)
    return NULL;

  id = g_array_index (priv->ids, gint64, position);
  if (g_hash_table_contains (priv->pending, &id))
    load_rows (self, &id, 1, FALSE);

  return row;
}

/* Whether rows that stand in empty are still being read on a thread, or
 * their rows are on their way to the main context: tests wait for them. */
gboolean
bd_sql_list_model_get_reading_rows (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), FALSE);
  return priv->n_reading > 0;
}

/* For tests and benchmarks: how many row objects exist. */
guint
bd_sql_list_model_get_n_cached (BdSqlListModel *self)
{
  BdSqlListModelPrivate *priv = bd_sql_list_model_get_instance_private (self);

  g_return_val_if_fail (BD_IS_SQL_LIST_MODEL (self), 0);
  return g_hash_table_size (priv->alive);
}
