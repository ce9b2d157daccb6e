/* bd-sync-controller.c: the app's sync with the team's server, in the
 * background while it is set up and the network is there
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-controller"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-secrets.h"
#include "bd-sync.h"
#include "bd-sync-controller.h"
#include "bd-util.h"

/* The sync runs on a thread of its own with its own connection to the
 * store (DESIGN.md, Threads), as `backorder-desk-cli sync run` does:
 * a run (pull, push) and then a long poll of the server's _changes feed
 * (feed=longpoll, bd_sync_wait_for_changes()), which returns when another
 * client wrote something; a local edit wakes it a few seconds later, to
 * push; "Sync Now" wakes it at once. A failed run is tried again after a
 * pause that grows to a minute. The thread tells the main thread what it
 * does (the state, the documents done, the tables a pull changed, which
 * the app's store then tells the open lists) through idle callbacks.
 *
 * The password comes from the keyring on the thread, never from
 * anywhere else. */

#define PUSH_DELAY_MS   3000      /* after a local edit */
#define LONGPOLL_MS     25000     /* below proxies' usual 30 s idle limit */
#define MAX_PAUSE_S     60
/* how often the open lists hear of the tables a run is writing: a pull
 * commits a page a few times a second, and each announcement has every
 * list over those tables read again (the queue's 400,000 ids) */
#define FORWARD_MS      2000

typedef struct _Worker Worker;

struct _BdSyncController
{
  GObject parent_instance;

  BdStore *store;
  GNetworkMonitor *monitor;
  GCancellable *reaching;     /* a can_reach of the server, or NULL */
  Worker *worker;             /* the thread's, or NULL */
  GPtrArray *threads;         /* GThread *: joined at dispose */

  BdSyncState state;
  char *message;
  GDateTime *last_sync;
  guint progress;
  guint64 pull_done;          /* of a pull of several pages ... */
  guint64 pull_total;         /* ... of these, when the server says: else 0 */
  guint runs;
  guint n_refused;            /* as the last run left them */
  guint n_conflicts;
  guint push_source;
  guint forwarding;
  gboolean holding;           /* the store's watch, while a run writes */
  gboolean halted;            /* bd_sync_controller_stop()ped: not even by the network */
};

G_DEFINE_FINAL_TYPE (BdSyncController, bd_sync_controller, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GQuark controller_quark;

struct _Worker
{
  gatomicrefcount ref;
  GMutex lock;
  GCond cond;
  gboolean stop;
  gboolean force;
  gboolean poke;
  GCancellable *stopping;
  GCancellable *wake;           /* the long poll's, while it waits */

  char *database;
  char *user;
  char *account;
  GMainContext *context;
  BdSyncController *controller; /* main thread only: NULL once let go */

  /* the thread's only */
  GHashTable *written;          /* tables written since the last forward */
  gint64 forwarded_at;
};

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref))
    return;
  g_mutex_clear (&worker->lock);
  g_cond_clear (&worker->cond);
  g_clear_object (&worker->stopping);
  g_clear_object (&worker->wake);
  g_free (worker->database);
  g_free (worker->user);
  g_free (worker->account);
  g_clear_pointer (&worker->written, g_hash_table_unref);
  g_main_context_unref (worker->context);
  g_free (worker);
}

/* ---- from the thread to the main thread ---- */

typedef enum
{
  UPDATE_STATE,
  UPDATE_PROGRESS,
  UPDATE_TABLES,
  UPDATE_SYNCED,
  UPDATE_FINISHED,
} UpdateKind;

typedef struct
{
  Worker *worker;
  UpdateKind kind;
  BdSyncState state;
  char *message;
  guint progress;
  guint64 pull_done;
  guint64 pull_total;
  guint refused;
  guint conflicts;
  char **tables;
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  worker_unref (update->worker);
  g_free (update->message);
  g_strfreev (update->tables);
  g_free (update);
}

static void set_state (BdSyncController *self,
                       BdSyncState       state,
                       const char       *message);

static void
set_last_sync (BdSyncController *self,
               const char       *iso)
{
  g_autoptr(GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  g_clear_pointer (&self->last_sync, g_date_time_unref);
  if (time != NULL)
    self->last_sync = g_date_time_to_local (time);
}

/* While a run writes, the window's store leaves announcing its commits to
 * the controller, which names the tables (bd_store_hold_watch()). */
static void
hold_watch (BdSyncController *self,
            gboolean          hold)
{
  if (hold == self->holding)
    return;
  self->holding = hold;
  if (hold)
    bd_store_hold_watch (self->store);
  else
    {
      /* what it announces is the sync's (and maybe another program's),
       * not an edit here to push */
      self->forwarding++;
      bd_store_release_watch (self->store);
      self->forwarding--;
    }
}

static gboolean
apply_update (gpointer data)
{
  Update *update = data;
  BdSyncController *self = update->worker->controller;

  if (self == NULL)
    return G_SOURCE_REMOVE;   /* a thread let go of */

  switch (update->kind)
    {
    case UPDATE_STATE:
      if (update->state == BD_SYNC_STATE_SYNCING)
        {
          self->progress = 0;
          self->pull_done = self->pull_total = 0;
        }
      set_state (self, update->state, update->message);
      hold_watch (self, update->state == BD_SYNC_STATE_SYNCING);
      break;
    case UPDATE_PROGRESS:
      self->progress = update->progress;
      self->pull_done = update->pull_done;
      self->pull_total = update->pull_total;
      g_signal_emit (self, signals[CHANGED], 0);
      break;
    case UPDATE_TABLES:
      /* what a pull wrote, for the open lists and details */
      self->forwarding++;
      bd_store_emit_changed_tables (self->store, (const char * const *)update->tables);
      self->forwarding--;
      break;
    case UPDATE_SYNCED:
      self->n_refused = update->refused;
      self->n_conflicts = update->conflicts;
      set_last_sync (self, update->message);
      self->runs++;
      set_state (self, BD_SYNC_STATE_SYNCED, NULL);
      hold_watch (self, FALSE);
      break;
    case UPDATE_FINISHED:
      /* the thread ended by itself: a server it cannot use, said as an
       * error already; Sync Now or new settings start another */
      update->worker->controller = NULL;
      if (self->worker == update->worker)
        {
          g_clear_pointer (&self->worker, worker_unref);
          hold_watch (self, FALSE);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* In order, on the main thread (bd_main_context_post()). */
static void
post_update (Worker *worker,
             Update *update)
{
  update->worker = worker_ref (worker);
  bd_main_context_post (worker->context, apply_update, update, update_free, "[bd-sync-controller] update");
}

static void
post (Worker      *worker,
      UpdateKind   kind,
      BdSyncState  state,
      const char  *message,
      guint        progress,
      char       **tables)
{
  Update *update = g_new0 (Update, 1);

  update->kind = kind;
  update->state = state;
  update->message = g_strdup (message);
  update->progress = progress;
  update->tables = tables;
  post_update (worker, update);
}

/* ---- the thread ---- */

static void
worker_progress_cb (BdSync      *sync,
                    BdSyncStage  stage,
                    const char  *table,
                    guint        done,
                    gpointer     user_data)
{
  Worker *worker = user_data;
  const BdSyncReport *report = bd_sync_get_report (sync);
  Update *update = g_new0 (Update, 1);

  update->kind = UPDATE_PROGRESS;
  update->progress = report->pulled + report->pushed;
  /* a push's batches are counted, not measured against a whole */
  if (stage != BD_SYNC_STAGE_PULLED || !bd_sync_get_pull_progress (sync, &update->pull_done, &update->pull_total))
    update->pull_done = update->pull_total = 0;
  post_update (worker, update);
}

/* Tells the main thread the tables written since it last heard. */
static void
forward_written (Worker *worker)
{
  GStrvBuilder *builder;
  GHashTableIter iter;
  gpointer table;

  if (g_hash_table_size (worker->written) == 0)
    return;
  builder = g_strv_builder_new ();
  g_hash_table_iter_init (&iter, worker->written);
  while (g_hash_table_iter_next (&iter, &table, NULL))
    g_strv_builder_add (builder, table);
  g_hash_table_remove_all (worker->written);
  worker->forwarded_at = g_get_monotonic_time ();
  post (worker, UPDATE_TABLES, 0, NULL, 0, g_strv_builder_end (builder));
  g_strv_builder_unref (builder);
}

static void
worker_store_changed_cb (BdStore            *store,
                         const char * const *tables,
                         Worker             *worker)
{
  for (guint i = 0; tables[i] != NULL; i++)
    g_hash_table_add (worker->written, g_strdup (tables[i]));
  if (g_get_monotonic_time () - worker->forwarded_at >= FORWARD_MS * (gint64)1000)
    forward_written (worker);
}

static gint64
count_dirty (BdStore *store)
{
  BdSyncStatus status;
  gint64 dirty = 0;

  if (bd_sync_status_load (store, &status, NULL))
    dirty = status.dirty;
  bd_sync_status_clear (&status);
  return dirty;
}

/* The run ended well: when, and what it left for a person. */
static void
post_synced (Worker  *worker,
             BdStore *store)
{
  Update *update = g_new0 (Update, 1);
  BdSyncStatus status;

  update->kind = UPDATE_SYNCED;
  if (bd_sync_status_load (store, &status, NULL))
    {
      update->message = g_strdup (status.last_sync);
      update->refused = (guint)MIN (status.refused, G_MAXUINT);
      update->conflicts = (guint)MIN (status.conflicts, G_MAXUINT);
    }
  bd_sync_status_clear (&status);
  post_update (worker, update);
}

/* Takes what the main thread asked for. Called with the lock held. */
static void
take_requests (Worker   *worker,
               gboolean *force,
               gboolean *poke)
{
  *force |= worker->force;
  *poke |= worker->poke;
  worker->force = FALSE;
  worker->poke = FALSE;
}

static BdSync *
worker_connect (Worker   *worker,
                BdStore  *store,
                BdCouch **couch,
                GError  **error)
{
  g_autofree char *password = NULL;
  BdSync *sync;

  password = bd_secret_lookup (BD_SECRET_SYNC, worker->account, worker->stopping, error);
  if (password == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_AUTH,
                     _("No password for %s in the keyring: set it in Preferences, Sync"), worker->account);
      return NULL;
    }

  *couch = bd_sync_open_couch (store, worker->user, password, error);
  memset (password, 0, strlen (password));
  if (*couch == NULL)
    return NULL;

  sync = bd_sync_new (store, *couch, error);
  if (sync == NULL)
    g_clear_pointer (couch, bd_couch_free);
  return sync;
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BdCouch *couch = NULL;
  BdSync *sync = NULL;
  gulong handler = 0;
  guint pause = 0;
  gboolean run = TRUE;

  /* the queue scrolls while a run pulls: the window's frames first
   * (BD_SYNC_KEEP_PRIORITY=1, for benchmarks, measures without) */
  if (g_getenv ("BD_SYNC_KEEP_PRIORITY") == NULL)
    bd_thread_give_way ();
  post (worker, UPDATE_STATE, BD_SYNC_STATE_SYNCING, NULL, 0, NULL);
  store = bd_store_open (worker->database, &error);
  if (store != NULL)
    sync = worker_connect (worker, store, &couch, &error);
  if (sync == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        post (worker, UPDATE_STATE, BD_SYNC_STATE_ERROR, error->message, 0, NULL);
      goto out;
    }

  /* what this machine does is done in the sync user's name */
  bd_store_set_author (store, worker->user);
  bd_sync_set_progress_func (sync, worker_progress_cb, worker);
  handler = g_signal_connect (store, "changed", G_CALLBACK (worker_store_changed_cb), worker);

  for (;;)
    {
      gboolean force = FALSE;
      gboolean poke = FALSE;
      gboolean remote = FALSE;
      gboolean ok;

      if (run)
        {
          post (worker, UPDATE_STATE, BD_SYNC_STATE_SYNCING, NULL, 0, NULL);
          worker->forwarded_at = g_get_monotonic_time ();
          ok = bd_sync_run_once (sync, worker->stopping, &error);
          forward_written (worker);
          if (ok)
            {
              post_synced (worker, store);
              pause = 0;
            }
          else if (g_cancellable_is_cancelled (worker->stopping))
            break;
          else
            {
              g_debug ("Sync failed: %s", error->message);
              post (worker, UPDATE_STATE, BD_SYNC_STATE_ERROR, error->message, 0, NULL);
              /* a wrong password stays wrong until someone changes it */
              pause = g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_AUTH)
                      ? MAX_PAUSE_S : CLAMP (pause * 2, 5, MAX_PAUSE_S);
              g_clear_error (&error);
            }
          run = FALSE;
        }

      g_mutex_lock (&worker->lock);
      if (worker->stop)
        {
          g_mutex_unlock (&worker->lock);
          break;
        }
      take_requests (worker, &force, &poke);
      if (force || poke)
        g_mutex_unlock (&worker->lock);
      else if (pause > 0)
        {
          gint64 until = g_get_monotonic_time () + pause * G_USEC_PER_SEC;

          /* after a failure: again when the pause is over, or asked */
          while (!worker->stop && !worker->force)
            if (!g_cond_wait_until (&worker->cond, &worker->lock, until))
              break;
          take_requests (worker, &force, &poke);
          g_mutex_unlock (&worker->lock);
          if (!force)
            poke = FALSE;
          run = TRUE;
        }
      else
        {
          gint64 start = g_get_monotonic_time ();
          GCancellable *wake;

          worker->wake = g_cancellable_new ();
          wake = g_object_ref (worker->wake);
          g_mutex_unlock (&worker->lock);

          ok = bd_sync_wait_for_changes (sync, LONGPOLL_MS, wake, &error);
          g_object_unref (wake);

          g_mutex_lock (&worker->lock);
          g_clear_object (&worker->wake);
          take_requests (worker, &force, &poke);
          g_mutex_unlock (&worker->lock);

          if (ok)
            {
              /* the feed answers at once when there is something new,
               * at its timeout when there is not */
              remote = g_get_monotonic_time () - start < (LONGPOLL_MS - 1000) * (gint64)1000;
            }
          else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_debug ("Waiting for changes failed: %s", error->message);
              post (worker, UPDATE_STATE, BD_SYNC_STATE_ERROR, error->message, 0, NULL);
              pause = CLAMP (pause * 2, 5, MAX_PAUSE_S);
            }
          g_clear_error (&error);
        }

      if (g_cancellable_is_cancelled (worker->stopping))
        break;
      run = run || remote || force || (poke && count_dirty (store) > 0);
    }

out:
  if (handler != 0)
    {
      g_signal_handler_disconnect (store, handler);
      forward_written (worker);
    }
  g_clear_pointer (&sync, bd_sync_free);
  g_clear_pointer (&couch, bd_couch_free);
  post (worker, UPDATE_FINISHED, 0, NULL, 0, NULL);
  worker_unref (worker);
  return NULL;
}

/* ---- the main thread ---- */

static void
set_state (BdSyncController *self,
           BdSyncState       state,
           const char       *message)
{
  self->state = state;
  g_free (self->message);
  self->message = g_strdup (message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
worker_request (Worker   *worker,
                gboolean  force)
{
  g_mutex_lock (&worker->lock);
  if (force)
    worker->force = TRUE;
  else
    worker->poke = TRUE;
  if (worker->wake != NULL)
    g_cancellable_cancel (worker->wake);
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->lock);
}

static void
stop_worker (BdSyncController *self)
{
  Worker *worker = g_steal_pointer (&self->worker);

  g_clear_handle_id (&self->push_source, g_source_remove);
  if (self->reaching != NULL)
    {
      g_cancellable_cancel (self->reaching);
      g_clear_object (&self->reaching);
    }
  if (worker == NULL)
    return;

  /* what it wrote is announced now: it will not be heard of again */
  hold_watch (self, FALSE);
  worker->controller = NULL;
  g_mutex_lock (&worker->lock);
  worker->stop = TRUE;
  g_cancellable_cancel (worker->stopping);
  if (worker->wake != NULL)
    g_cancellable_cancel (worker->wake);
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->lock);
  worker_unref (worker);
}

static void
start_worker (BdSyncController *self)
{
  g_autofree char *url = bd_sync_get_setting (self->store, "sync.url");
  g_autofree char *user = bd_sync_get_setting (self->store, "sync.user");
  Worker *worker;

  g_return_if_fail (self->worker == NULL);

  worker = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&worker->ref);
  g_mutex_init (&worker->lock);
  g_cond_init (&worker->cond);
  worker->stopping = g_cancellable_new ();
  worker->database = g_strdup (bd_store_get_path (self->store));
  worker->user = g_strdup (user);
  /* the CLI's account for the same server and user */
  worker->account = g_strconcat (user, "@", url, NULL);
  worker->context = g_main_context_ref_thread_default ();
  worker->controller = self;
  worker->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->worker = worker;

  g_ptr_array_add (self->threads, g_thread_new ("sync", worker_thread, worker_ref (worker)));
}

static gboolean
is_configured (BdSyncController *self)
{
  g_autofree char *url = bd_sync_get_setting (self->store, "sync.url");
  g_autofree char *db = bd_sync_get_setting (self->store, "sync.db");
  g_autofree char *user = bd_sync_get_setting (self->store, "sync.user");

  return url != NULL && db != NULL && user != NULL && !bd_store_is_read_only (self->store);
}

static void
reach_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BdSyncController *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean reachable = g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reaching);
  if (reachable)
    start_worker (self);
  else
    set_state (self, BD_SYNC_STATE_OFFLINE, NULL);
}

/* Starts the sync when the server can be reached: with a network, or
 * without one for a server on this machine. */
static void
start (BdSyncController *self)
{
  g_autofree char *url = NULL;
  g_autoptr(GSocketConnectable) address = NULL;

  if (self->worker != NULL || self->reaching != NULL)
    return;
  if (g_network_monitor_get_network_available (self->monitor))
    {
      start_worker (self);
      return;
    }

  url = bd_sync_get_setting (self->store, "sync.url");
  address = g_network_address_parse_uri (url, 5984, NULL);
  if (address == NULL)
    {
      set_state (self, BD_SYNC_STATE_OFFLINE, NULL);
      return;
    }
  self->reaching = g_cancellable_new ();
  g_network_monitor_can_reach_async (self->monitor, address, self->reaching, reach_cb, self);
}

static void
network_changed_cb (BdSyncController *self,
                    gboolean          available)
{
  if (self->state == BD_SYNC_STATE_OFF || self->state == BD_SYNC_STATE_STOPPED || self->halted)
    return;
  if (available)
    start (self);
  else if (self->worker != NULL)
    {
      g_autofree char *url = bd_sync_get_setting (self->store, "sync.url");

      /* the network is gone: stop waiting on it, unless the server is
       * still in reach (on this machine) */
      stop_worker (self);
      set_state (self, BD_SYNC_STATE_OFFLINE, NULL);
      start (self);
    }
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(BdStore) store = NULL;
  GError *error = NULL;
  BdSyncStatus *status = g_new0 (BdSyncStatus, 1);

  store = bd_store_open_readonly (task_data, &error);
  if (store == NULL || !bd_sync_status_load (store, status, &error))
    {
      bd_sync_status_clear (status);
      g_free (status);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, status, NULL);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdSyncController *self = BD_SYNC_CONTROLLER (object);
  BdSyncStatus *status = g_task_propagate_pointer (G_TASK (result), NULL);

  if (status == NULL)
    return;
  self->n_refused = (guint)MIN (status->refused, G_MAXUINT);
  self->n_conflicts = (guint)MIN (status->conflicts, G_MAXUINT);
  bd_sync_status_clear (status);
  g_free (status);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What is left for a person, counted again on a thread after someone
 * decided in the Conflicts window. */
static void
count_attention (BdSyncController *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, count_done_cb, NULL);

  g_task_set_source_tag (task, count_attention);
  g_task_set_task_data (task, g_strdup (bd_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, count_thread);
}

static gboolean
push_cb (gpointer user_data)
{
  BdSyncController *self = user_data;

  self->push_source = 0;
  if (self->worker != NULL)
    worker_request (self->worker, FALSE);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (BdSyncController   *self,
                  const char * const *tables)
{
  if (self->forwarding > 0 || self->state == BD_SYNC_STATE_OFF)
    return;
  if ((self->n_refused > 0 || self->n_conflicts > 0) &&
      (bd_store_changes_include (tables, "sync_conflicts") || bd_store_changes_include (tables, "sync_refused")))
    count_attention (self);
  if (self->worker == NULL)
    return;
  /* edits come in bursts: push a few seconds after the first */
  if (self->push_source == 0)
    self->push_source = g_timeout_add (PUSH_DELAY_MS, push_cb, self);
}

static void
bd_sync_controller_dispose (GObject *object)
{
  BdSyncController *self = (BdSyncController *)object;

  stop_worker (self);
  /* the threads end once their request is cancelled */
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (self->threads->pdata[i]);
  /* what they said last, still queued, finds no one to hear it */
  g_ptr_array_set_size (self->threads, 0);
  if (self->store != NULL)
    {
      if (g_object_get_qdata (G_OBJECT (self->store), controller_quark) == self)
        g_object_set_qdata (G_OBJECT (self->store), controller_quark, NULL);
      g_signal_handlers_disconnect_by_data (self->store, self);
    }
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->store);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (bd_sync_controller_parent_class)->dispose (object);
}

static void
bd_sync_controller_finalize (GObject *object)
{
  BdSyncController *self = (BdSyncController *)object;

  g_ptr_array_unref (self->threads);
  g_free (self->message);
  g_clear_pointer (&self->last_sync, g_date_time_unref);

  G_OBJECT_CLASS (bd_sync_controller_parent_class)->finalize (object);
}

static void
bd_sync_controller_class_init (BdSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_sync_controller_dispose;
  object_class->finalize = bd_sync_controller_finalize;

  /**
   * BdSyncController::changed:
   *
   * The state, its message, the progress or the time of the last sync
   * changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  controller_quark = g_quark_from_static_string ("bd-sync-controller");
}

static void
bd_sync_controller_init (BdSyncController *self)
{
  self->threads = g_ptr_array_new ();
}

/* The sync of @store, started when it is set up (Preferences, Sync, or
 * the CLI) and the server is in reach. */
BdSyncController *
bd_sync_controller_new (BdStore *store)
{
  BdSyncController *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_SYNC_CONTROLLER, NULL);
  self->store = g_object_ref (store);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_object_set_qdata (G_OBJECT (store), controller_quark, self);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  bd_sync_controller_reload (self);
  return self;
}

/* Watches @monitor for the network instead of GLib's default: for tests,
 * which cannot take the machine offline. */
void
bd_sync_controller_set_network_monitor (BdSyncController *self,
                                        GNetworkMonitor  *monitor)
{
  g_return_if_fail (BD_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));

  g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  network_changed_cb (self, g_network_monitor_get_network_available (monitor));
}

/* The controller of @store's window, for its Preferences; NULL when it
 * has none. */
BdSyncController *
bd_sync_controller_find (BdStore *store)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  return controller_quark != 0 ? g_object_get_qdata (G_OBJECT (store), controller_quark) : NULL;
}

BdSyncState
bd_sync_controller_get_state (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), BD_SYNC_STATE_OFF);
  return self->state;
}

/* Why the last sync failed, in the server's or the network's words;
 * NULL unless the state is BD_SYNC_STATE_ERROR. */
const char *
bd_sync_controller_get_message (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), NULL);
  return self->message;
}

/* (nullable): the local time of the last sync that ended well. */
GDateTime *
bd_sync_controller_get_last_sync (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), NULL);
  return self->last_sync;
}

/* The documents sent and received so far in the run going on. */
guint
bd_sync_controller_get_progress (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), 0);
  return self->progress;
}

/* Where a pull of several pages stands, for a progress bar: @done of
 * @total changes. FALSE while not known (a push, a short pull, a server
 * that does not say). */
gboolean
bd_sync_controller_get_pull_progress (BdSyncController *self,
                                      guint64          *done,
                                      guint64          *total)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), FALSE);

  *done = self->pull_done;
  *total = self->pull_total;
  return self->state == BD_SYNC_STATE_SYNCING && self->pull_total > 0;
}

/* How many runs ended well since the controller was made. */
guint
bd_sync_controller_get_runs (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), 0);
  return self->runs;
}

/* Writes the server refused, as the last run left them (and since then
 * discarded or sent again here). */
guint
bd_sync_controller_get_n_refused (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), 0);
  return self->n_refused;
}

/* Conflicts no rule settled, waiting for a person. */
guint
bd_sync_controller_get_n_conflicts (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), 0);
  return self->n_conflicts;
}

/* The state in a few words, for the header bar's button, its tooltip and
 * screen readers: "Synced at 14:02", "Syncing: 500 changes", ... */
char *
bd_sync_controller_describe (BdSyncController *self)
{
  g_return_val_if_fail (BD_IS_SYNC_CONTROLLER (self), NULL);

  switch (self->state)
    {
    case BD_SYNC_STATE_OFF:
      return g_strdup (_("Sync is not set up"));
    case BD_SYNC_STATE_SYNCED:
      if (self->last_sync != NULL)
        {
          g_autofree char *time = g_date_time_format (self->last_sync, "%x %H:%M");

          /* Translators: %s is a date and time */
          return g_strdup_printf (_("Synced, last at %s"), time);
        }
      return g_strdup (_("Synced"));
    case BD_SYNC_STATE_SYNCING:
      if (self->pull_total > 0)
        /* Translators: changes received so far of those to receive: "1,200 of 100,000 changes" */
        return g_strdup_printf (g_dngettext (NULL, "Syncing: %'" G_GUINT64_FORMAT " of %'" G_GUINT64_FORMAT " change",
                                             "Syncing: %'" G_GUINT64_FORMAT " of %'" G_GUINT64_FORMAT " changes",
                                             self->pull_total),
                                self->pull_done, self->pull_total);
      if (self->progress > 0)
        return g_strdup_printf (g_dngettext (NULL, "Syncing: %u change", "Syncing: %u changes", self->progress),
                                self->progress);
      return g_strdup (_("Syncing…"));
    case BD_SYNC_STATE_OFFLINE:
      return g_strdup (_("Offline: changes are kept and sent when the network is back"));
    case BD_SYNC_STATE_ERROR:
      /* Translators: %s is the server's or the network's reason */
      return g_strdup_printf (_("Sync failed: %s"), self->message != NULL ? self->message : "");
    case BD_SYNC_STATE_STOPPED:
      return g_strdup (_("Sync stopped: Sync Now goes on from where it stopped"));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Syncs now, not waiting for the server's next change or the pause after
 * a failure. */
void
bd_sync_controller_sync_now (BdSyncController *self)
{
  g_return_if_fail (BD_IS_SYNC_CONTROLLER (self));

  if (self->state == BD_SYNC_STATE_OFF)
    return;
  if (self->state == BD_SYNC_STATE_STOPPED)
    set_state (self, BD_SYNC_STATE_SYNCING, NULL);
  if (self->worker != NULL)
    worker_request (self->worker, TRUE);
  else
    start (self);
}

/* Stops syncing, until reload: a window closing, or another database
 * opened in it. */
void
bd_sync_controller_stop (BdSyncController *self)
{
  g_return_if_fail (BD_IS_SYNC_CONTROLLER (self));
  self->halted = TRUE;
  stop_worker (self);
}

/* Stops syncing at the user's word (a first sync of a large dataset on a
 * slow line, say), until Sync Now or new settings. What the run committed
 * stays: a pull page and its place in the server's feed go in one
 * transaction, so the next run goes on from the last page written. */
void
bd_sync_controller_pause (BdSyncController *self)
{
  g_return_if_fail (BD_IS_SYNC_CONTROLLER (self));

  if (self->state == BD_SYNC_STATE_OFF)
    return;
  set_state (self, BD_SYNC_STATE_STOPPED, NULL);
  stop_worker (self);
}

/* Starts over with the server, user and password set up now. */
void
bd_sync_controller_reload (BdSyncController *self)
{
  g_autofree char *last = NULL;

  g_return_if_fail (BD_IS_SYNC_CONTROLLER (self));

  stop_worker (self);
  self->halted = FALSE;
  if (!is_configured (self))
    {
      set_state (self, BD_SYNC_STATE_OFF, NULL);
      return;
    }

  last = bd_sync_get_setting (self->store, "sync.last_sync");
  set_last_sync (self, last);
  {
    g_autofree char *user = bd_sync_get_setting (self->store, "sync.user");

    /* what this window writes, in the sync user's name as well */
    bd_store_set_author (self->store, user);
  }
  set_state (self, BD_SYNC_STATE_SYNCING, NULL);
  start (self);
}
