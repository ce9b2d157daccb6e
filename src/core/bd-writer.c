/* bd-writer.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-writer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-actions.h"
#include "bd-customers.h"
#include "bd-delay-notices.h"
#include "bd-incentives.h"
#include "bd-messages.h"
#include "bd-notes.h"
#include "bd-team-settings.h"
#include "bd-writer.h"
#include "bd-util.h"

BdWriteRequest *
bd_write_request_new (BdWriteKind   kind,
                      const gint64 *line_ids,
                      guint         n_lines)
{
  BdWriteRequest *request = g_new0 (BdWriteRequest, 1);

  request->kind = kind;
  request->line_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_lines);
  if (n_lines > 0)
    g_array_append_vals (request->line_ids, line_ids, n_lines);

  return request;
}

void
bd_write_request_free (BdWriteRequest *request)
{
  if (request == NULL)
    return;

  g_array_unref (request->line_ids);
  g_free (request->status);
  g_free (request->reason);
  g_free (request->text);
  g_free (request->category);
  g_free (request->author);
  g_free (request->batch);
  g_free (request->note_uuid);
  g_free (request->owner);
  g_free (request->key);
  g_free (request->value);
  g_free (request);
}

gboolean
bd_write_request_run (const BdWriteRequest  *request,
                      BdStore               *store,
                      char                 **batch,
                      GError               **error)
{
  const gint64 *ids = (const gint64 *)(gpointer)request->line_ids->data;
  guint n = request->line_ids->len;

  switch (request->kind)
    {
    case BD_WRITE_SET_STATUS:
      return bd_actions_set_status (store, ids, n, request->status, request->reason,
                                    request->refunded, batch, error);
    case BD_WRITE_SET_PRIORITY:
      return bd_actions_set_priority (store, ids, n, request->priority, batch, error);
    case BD_WRITE_ADD_NOTE:
      g_return_val_if_fail (n == 1, FALSE);
      return bd_notes_add (store, ids[0], request->text, batch, error);
    case BD_WRITE_ADD_COMPLAINT:
      g_return_val_if_fail (n == 1, FALSE);
      return bd_notes_add_complaint (store, ids[0], request->category, request->text,
                                     batch, error);
    case BD_WRITE_UNDO:
      *batch = g_strdup (request->batch);
      return bd_actions_undo (store, request->batch, error);
    case BD_WRITE_EDIT_NOTE:
      return bd_notes_edit (store, request->note_uuid, request->text, batch, error);
    case BD_WRITE_DELETE_NOTE:
      return bd_notes_delete (store, request->note_uuid, batch, error);
    case BD_WRITE_SET_TEAM_SETTING:
      return bd_team_settings_set (store, request->key, request->value, batch, error);
    case BD_WRITE_UPDATE_COMPLAINT:
      {
        BdComplaintUpdate update = { request->owner, request->status, request->text, request->amount };

        return bd_notes_update_complaint (store, request->note_uuid, &update, batch, error);
      }
    case BD_WRITE_LOG_CONTACT:
      {
        BdChannel channel;
        gint64 customer_id;

        g_return_val_if_fail (n == 1, FALSE);
        if (!bd_channel_from_string (request->category, &channel) ||
            (channel != BD_CHANNEL_CALL && channel != BD_CHANNEL_REPLY))
          g_return_val_if_reached (FALSE);
        /* what came in is a record, not a change to undo: the message's
         * uuid stands for the batch */
        return bd_customers_of_line (store, ids[0], &customer_id, error) &&
               bd_messages_log_incoming (store, channel, customer_id, ids[0], request->text, batch, error);
      }
    case BD_WRITE_GIVE_INCENTIVE:
      {
        BdIncentiveKind kind;

        g_return_val_if_fail (n == 1, FALSE);
        if (!bd_incentive_kind_from_string (request->category, &kind))
          g_return_val_if_reached (FALSE);
        /* a record of what the customer was given: its uuid stands for
         * the batch */
        return bd_incentives_give (store, ids[0], kind, request->amount, request->text, batch, error);
      }
    case BD_WRITE_ANSWER_DELAY_NOTICE:
      g_return_val_if_fail (n == 1, FALSE);
      /* recorded on the notice, not a change to undo (Reopen takes a
       * cancelled line back): a fresh uuid stands for the batch */
      /* an alternative is taken with or without a notice before */
      if (!(g_strcmp0 (request->category, "alternative") == 0
            ? bd_delay_notices_take_alternative (store, ids[0], request->text, error)
            : bd_delay_notices_answer (store, ids[0], request->category, request->text, error)))
        return FALSE;
      *batch = bd_store_new_uuid (store);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* What the writing thread uses; the writer owns it and frees it after the
 * thread has finished (g_thread_pool_free waits). */
typedef struct
{
  char *path;
  BdStore *store;      /* opened on the thread, used only there */
  GTask *current;      /* the request being written */
  int waiting;         /* atomic: the current one waits for the lock */
} Worker;

struct _BdWriter
{
  GObject parent_instance;

  /* Owned references */
  GThreadPool *pool;   /* one thread: requests are written in order */
  Worker *worker;

  guint pending;
  gboolean waiting;
};

G_DEFINE_FINAL_TYPE (BdWriter, bd_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  BdWriteRequest *request;
  GAsyncReadyCallback callback;
  gpointer user_data;
  GHashTable *tables;     /* interned names the write changed */
  const char **table_names;
} Job;

static void
job_free (Job *job)
{
  bd_write_request_free (job->request);
  g_clear_pointer (&job->tables, g_hash_table_unref);
  g_free (job->table_names);
  g_free (job);
}

/* On the writing thread, at the commit of the job's transaction. */
static void
job_store_changed_cb (BdStore            *store,
                      const char * const *tables,
                      gpointer            user_data)
{
  Job *job = user_data;

  for (guint i = 0; tables[i] != NULL; i++)
    g_hash_table_add (job->tables, (gpointer)g_intern_string (tables[i]));
}

static void
set_waiting (BdWriter *self,
             gboolean  waiting)
{
  if (self->waiting == waiting)
    return;

  self->waiting = waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

static gboolean
announce_waiting_cb (gpointer data)
{
  BdWriter *self = data;

  /* it may have got the lock meanwhile */
  if (self->pending > 0 && g_atomic_int_get (&self->worker->waiting))
    set_waiting (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* SQLite's busy handler for the writing connection, instead of its busy
 * timeout: no limit, since giving up is what lost the person's change. */
static int
busy_cb (void *data,
         int   count)
{
  Worker *worker = data;

  if (count == 0 && worker->current != NULL)
    {
      g_atomic_int_set (&worker->waiting, TRUE);
      bd_main_context_post (g_task_get_context (worker->current), announce_waiting_cb,
                            g_object_ref (g_task_get_source_object (worker->current)), g_object_unref,
                            "[bd] a write waits for the lock");
    }

  g_usleep (count < 50 ? 2 * 1000 : 50 * 1000);
  return 1;
}

static void
write_thread (gpointer data,
              gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Worker *worker = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *batch = NULL;
  gulong handler;
  gboolean ok;

  if (worker->store == NULL)
    {
      worker->store = bd_store_open (worker->path, &error);
      if (worker->store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      sqlite3_busy_handler (bd_store_get_db (worker->store), busy_cb, worker);
    }

  if (job->request->author != NULL)
    bd_store_set_author (worker->store, job->request->author);
  worker->current = task;
  handler = g_signal_connect (worker->store, "changed", G_CALLBACK (job_store_changed_cb), job);
  ok = bd_write_request_run (job->request, worker->store, &batch, &error);
  g_signal_handler_disconnect (worker->store, handler);
  if (ok)
    g_task_return_pointer (task, batch, g_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  worker->current = NULL;
  g_atomic_int_set (&worker->waiting, FALSE);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdWriter *self = BD_WRITER (object);
  Job *job = g_task_get_task_data (G_TASK (result));

  g_assert (self->pending > 0);
  self->pending--;
  set_waiting (self, FALSE);
  if (self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (job->callback != NULL)
    job->callback (object, result, job->user_data);
}

/* Writes @request (taken) after those before it; @callback gets the batch
 * of the change from bd_writer_write_finish(), for its Undo. */
void
bd_writer_write_async (BdWriter            *self,
                       BdWriteRequest      *request,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  Job *job;

  g_return_if_fail (BD_IS_WRITER (self));
  g_return_if_fail (request != NULL);

  job = g_new0 (Job, 1);
  job->request = request;
  job->callback = callback;
  job->user_data = user_data;
  job->tables = g_hash_table_new (g_str_hash, g_str_equal);

  task = g_task_new (self, NULL, write_done_cb, NULL);
  g_task_set_source_tag (task, bd_writer_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);

  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  /* the pool owns the task's reference from here */
  if (!g_thread_pool_push (self->pool, task, &error))
    g_error ("cannot start the thread that writes: %s", error->message);
}

char *
bd_writer_write_finish (BdWriter      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (BD_IS_WRITER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The tables a finished write changed (NULL-terminated; none when it
 * failed), for the "changed" signal of the caller's own connection to the
 * store: the write went through the writer's. Valid as long as @result. */
const char * const *
bd_writer_write_get_tables (BdWriter     *self,
                            GAsyncResult *result)
{
  Job *job;

  g_return_val_if_fail (BD_IS_WRITER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (job->table_names == NULL)
    job->table_names = (const char **)g_hash_table_get_keys_as_array (job->tables, NULL);

  return job->table_names;
}

/* TRUE while requests are waiting or being written. */
gboolean
bd_writer_get_busy (BdWriter *self)
{
  g_return_val_if_fail (BD_IS_WRITER (self), FALSE);
  return self->pending > 0;
}

/* TRUE while the request being written waits for another program to let
 * go of the store: for a spinner, not an error. */
gboolean
bd_writer_get_waiting (BdWriter *self)
{
  g_return_val_if_fail (BD_IS_WRITER (self), FALSE);
  return self->waiting;
}

BdWriter *
bd_writer_new (const char *path)
{
  BdWriter *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BD_TYPE_WRITER, NULL);
  self->worker = g_new0 (Worker, 1);
  self->worker->path = g_strdup (path);
  self->pool = g_thread_pool_new (write_thread, self->worker, 1, FALSE, &error);
  g_assert_no_error (error);

  return self;
}

static void
bd_writer_finalize (GObject *object)
{
  BdWriter *self = (BdWriter *)object;

  /* every task holds a reference to the writer: none is left by now, and
   * this waits for the thread to end */
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  if (self->worker != NULL)
    {
      g_clear_object (&self->worker->store);
      g_free (self->worker->path);
      g_free (self->worker);
    }

  G_OBJECT_CLASS (bd_writer_parent_class)->finalize (object);
}

static void
bd_writer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BdWriter *self = BD_WRITER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, bd_writer_get_busy (self));
      break;
    case PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_writer_class_init (BdWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_writer_finalize;
  object_class->get_property = bd_writer_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_writer_init (BdWriter *self)
{
}
