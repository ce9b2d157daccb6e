/* bd-message-tasks.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-message-tasks"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-backorder.h"
#include "bd-delay-notices.h"
#include "bd-install-settings.h"
#include "bd-message-tasks.h"
#include "bd-po-mail.h"
#include "bd-suppliers.h"
#include "bd-util.h"

/* The app's work on messages, each on a thread with a connection of its
 * own (DESIGN.md, Threads): writing a batch for the preview, sending it
 * one message after the other, and sending a failed one again. A mail
 * server may take seconds to answer; the window goes on meanwhile. The
 * caller tells its own connection's lists what changed afterwards
 * (bd_message_tables). */

const char * const bd_message_tables[] = { "messages", "events", "delay_notices", NULL };
const char * const bd_po_message_tables[] = { "messages", "events", "purchase_orders", NULL };

typedef struct
{
  char *database;
  char *author;
  GArray *line_ids;           /* NULL: the target's lines */
  GStrv po_numbers;           /* to suppliers: NULL, every PO to chase */
  gboolean to_suppliers;
  BdComposeTarget target;
  char *kind;
  gboolean as_eml;
  BdSendSetup setup;

  /* sending */
  GPtrArray *items;           /* BdComposeItem */
  char *eml_dir;
  char *sender;
  BdSendProgressFunc progress;
  GObject *target_object;
  GMainContext *context;

  /* retrying */
  char *uuid;
  gboolean confirmed;

  /* to a supplier */
  char *po_number;
  BdOutgoing *outgoing;
  char *problem;
  gboolean marked_sent;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->database);
  g_free (data->author);
  g_clear_pointer (&data->line_ids, g_array_unref);
  g_strfreev (data->po_numbers);
  g_free (data->kind);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data->eml_dir);
  g_free (data->sender);
  g_clear_object (&data->target_object);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data->uuid);
  g_free (data->po_number);
  g_clear_pointer (&data->outgoing, bd_outgoing_free);
  g_free (data->problem);
  g_free (data);
}

static TaskData *
task_data_new (BdStore *store)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->database = g_strdup (bd_store_get_path (store));
  data->author = g_strdup (bd_store_get_author (store));
  return data;
}

static BdStore *
open_store (TaskData  *data,
            gboolean   writable,
            GError   **error)
{
  BdStore *store = writable ? bd_store_open (data->database, error)
                            : bd_store_open_readonly (data->database, error);

  if (store != NULL && data->author != NULL)
    bd_store_set_author (store, data->author);
  return store;
}

static gboolean
setting_is_set (BdStore    *store,
                const char *key)
{
  g_autofree char *value = bd_install_settings_get (store, key);

  return value != NULL;
}

/* Why @outgoing cannot go, or NULL. */
static char *
find_problem (const BdOutgoing  *outgoing,
              const BdSendSetup *setup)
{
  if (outgoing->recipient == NULL || *outgoing->recipient == '\0')
    {
      const char *name = outgoing->recipient_name != NULL ? outgoing->recipient_name : _("The customer");

      return g_strdup_printf (outgoing->channel == BD_CHANNEL_SMS ? _("%s has no phone number for a text message")
                                                                  : _("%s has no email address"), name);
    }
  if (outgoing->channel == BD_CHANNEL_EMAIL && !setup->mail_server)
    return g_strdup (_("No mail server is set up on this computer"));
  if (outgoing->channel == BD_CHANNEL_SMS && !setup->sms_gateway)
    return g_strdup (_("No SMS gateway is set up on this computer"));
  return NULL;
}

static void
read_setup (BdStore     *store,
            BdSendSetup *setup)
{
  setup->mail_server = setting_is_set (store, "smtp.host") && setting_is_set (store, "smtp.from");
  setup->sms_gateway = setting_is_set (store, "sms.url");
  setup->sender = setting_is_set (store, "smtp.from");
}

/* Why @outgoing, to a supplier, cannot go, or NULL. */
static char *
find_supplier_problem (const BdOutgoing  *outgoing,
                       const BdSendSetup *setup)
{
  if (outgoing->recipient == NULL || *outgoing->recipient == '\0')
    /* Translators: %s is a supplier's name */
    return g_strdup_printf (_("%s has no email address: add it on the Suppliers page"),
                            outgoing->recipient_name != NULL ? outgoing->recipient_name : _("The supplier"));
  return find_problem (outgoing, setup);
}

/* Every task here the same way: @data on a thread of its own. A batch
 * that is sending ends as it does once begun (!@check_cancellable): a
 * cancel stops it between two messages. */
static void
run_task (TaskData            *data,
          gpointer             source_tag,
          GTaskThreadFunc      thread_func,
          gboolean             check_cancellable,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify)task_data_free);
  g_task_set_check_cancellable (task, check_cancellable);
  g_task_run_in_thread (task, thread_func);
}

/* The messages of @data->kind to the suppliers of @data->po_numbers, or
 * of every PO to chase. */
static GPtrArray *
preview_pos (TaskData      *data,
             BdStore       *store,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BdComposer) composer = NULL;

  if (data->po_numbers != NULL)
    for (guint i = 0; data->po_numbers[i] != NULL; i++)
      g_ptr_array_add (numbers, g_strdup (data->po_numbers[i]));
  else
    {
      g_autoptr(GPtrArray) chase = bd_suppliers_chase (store, error);

      if (chase == NULL)
        return NULL;
      for (guint i = 0; i < chase->len; i++)
        g_ptr_array_add (numbers, g_strdup (((BdChaseEntry *)g_ptr_array_index (chase, i))->po_number));
    }

  composer = bd_composer_new (store, error);
  if (composer == NULL)
    return NULL;

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *number = g_ptr_array_index (numbers, i);
      g_autoptr(GError) message_error = NULL;
      g_autofree char *problem = NULL;
      BdOutgoing *outgoing;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      outgoing = bd_composer_for_po (composer, data->kind, number, NULL, &message_error);
      if (outgoing == NULL)
        problem = g_strdup (message_error->message);
      else
        {
          if (data->as_eml)
            outgoing->channel = BD_CHANNEL_EML;
          problem = find_supplier_problem (outgoing, &data->setup);
        }
      g_ptr_array_add (items, bd_compose_item_new (0, number, outgoing, problem));
    }

  return g_steal_pointer (&items);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdComposer) composer = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;
  const BdChannel eml = BD_CHANNEL_EML;

  store = open_store (data, FALSE, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  read_setup (store, &data->setup);

  if (data->to_suppliers)
    {
      GPtrArray *po_items = preview_pos (data, store, cancellable, &error);

      if (po_items == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, po_items, (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  ids = data->line_ids != NULL ? g_array_ref (data->line_ids)
                               : bd_compose_targets (store, data->target, cancellable, &error);
  if (ids != NULL)
    composer = bd_composer_new (store, &error);
  if (composer != NULL && !bd_composer_preload (composer, (const gint64 *)ids->data, ids->len, &error))
    g_clear_pointer (&composer, bd_composer_free);
  if (composer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GError) message_error = NULL;
      g_autoptr(BdBackorder) line = NULL;
      g_autofree char *problem = NULL;
      BdOutgoing *outgoing;

      if (g_task_return_error_if_cancelled (task))
        return;

      line = bd_backorder_load (store, id, NULL);
      outgoing = bd_composer_for_line (composer, data->kind, id, data->as_eml ? &eml : NULL, NULL,
                                       &message_error);
      if (outgoing == NULL)
        problem = g_strdup (message_error->message);
      else
        problem = find_problem (outgoing, &data->setup);

      g_ptr_array_add (items, bd_compose_item_new (id, line != NULL ? bd_backorder_get_ref (line) : "",
                                                   outgoing, problem));
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify)g_ptr_array_unref);
}

/* Writes the message of @kind for each of @line_ids (NULL: the lines of
 * @target), on the customer's channel or as an .eml file, without
 * sending: the dialog's preview. A message that cannot be written or
 * sent says why in its problem. */
void
bd_message_tasks_preview_async (BdStore             *store,
                                const gint64        *line_ids,
                                guint                n_lines,
                                BdComposeTarget      target,
                                const char          *kind,
                                gboolean             as_eml,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (BD_IS_STORE (store));
  g_return_if_fail (kind != NULL);

  data = task_data_new (store);
  if (line_ids != NULL)
    {
      data->line_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_lines);
      g_array_append_vals (data->line_ids, line_ids, n_lines);
    }
  data->target = target;
  data->kind = g_strdup (kind);
  data->as_eml = as_eml;

  run_task (data, bd_message_tasks_preview_async, preview_thread, TRUE, cancellable, callback, user_data);
}

/* The same for suppliers: the message of @kind (chase, purchase_order,
 * rfq) to the supplier of each of @po_numbers (NULL: every PO to chase,
 * bd_suppliers_chase()), the PO's PDF attached where the kind has one.
 * Finish with bd_message_tasks_preview_finish(). */
void
bd_message_tasks_preview_pos_async (BdStore             *store,
                                    const char * const  *po_numbers,
                                    const char          *kind,
                                    gboolean             as_eml,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (BD_IS_STORE (store));
  g_return_if_fail (kind != NULL);

  data = task_data_new (store);
  data->to_suppliers = TRUE;
  data->po_numbers = g_strdupv ((char **)po_numbers);
  data->kind = g_strdup (kind);
  data->as_eml = as_eml;

  run_task (data, bd_message_tasks_preview_async, preview_thread, TRUE, cancellable, callback, user_data);
}

/* The messages (BdComposeItem), in the order of their lines. */
GPtrArray *
bd_message_tasks_preview_finish (GAsyncResult  *result,
                                 BdSendSetup   *setup,
                                 GError       **error)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (setup != NULL)
    *setup = data->setup;
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  BdSendProgressFunc func;
  GObject *target;
  guint index;
  BdComposeState state;
  char *uuid;
  char *error;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_clear_object (&progress->target);
  g_free (progress->uuid);
  g_free (progress->error);
  g_free (progress);
}

static gboolean
progress_cb (gpointer data)
{
  Progress *progress = data;

  progress->func (progress->target, progress->index, progress->state, progress->uuid, progress->error);
  return G_SOURCE_REMOVE;
}

/* From the sending thread: hands what happened to the main loop. */
static void
report (TaskData       *data,
        guint           index,
        BdComposeState  state,
        const char     *uuid,
        const char     *error)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->func = data->progress;
  progress->target = g_object_ref (data->target_object);
  progress->index = index;
  progress->state = state;
  progress->uuid = g_strdup (uuid);
  progress->error = g_strdup (error);
  bd_main_context_post (data->context, progress_cb, progress, progress_free, "[bd] a message's progress");
}

static BdTransport *
eml_transport (BdStore  *store,
               TaskData *data)
{
  BdTransport *transport = g_new0 (BdTransport, 1);

  transport->from = bd_install_settings_get (store, "smtp.from");
  if (transport->from == NULL)
    transport->from = g_strdup (data->sender);
  transport->from_name = bd_install_settings_get (store, "smtp.from_name");
  transport->eml_dir = g_strdup (data->eml_dir);
  return transport;
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdTransport) transport = NULL;
  GError *error = NULL;

  store = open_store (data, TRUE, &error);
  if (store != NULL)
    transport = data->eml_dir != NULL ? eml_transport (store, data)
                                      : bd_transport_new_from_settings (store, FALSE, NULL, &error);
  if (transport == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < data->items->len; i++)
    {
      BdComposeItem *item = g_ptr_array_index (data->items, i);
      BdOutgoing *outgoing = bd_compose_item_get_outgoing (item);
      g_autoptr(GError) send_error = NULL;
      g_autofree char *uuid = NULL;
      BdComposeState state;

      /* between messages: the one on its way is never cut off */
      if (g_cancellable_is_cancelled (cancellable))
        break;

      report (data, i, BD_COMPOSE_STATE_SENDING, NULL, NULL);
      /* to a supplier: on the PO's history, and a draft PO marked sent */
      if (outgoing->po_id > 0 ? bd_po_mail_send (store, transport, outgoing, &uuid, NULL, &send_error)
                              : bd_messages_send (store, transport, outgoing, &uuid, &send_error))
        {
          state = outgoing->channel == BD_CHANNEL_EML ? BD_COMPOSE_STATE_SAVED : BD_COMPOSE_STATE_SENT;

          /* a delay notice that went out starts its answer's week */
          if (g_strcmp0 (outgoing->kind, "delay_notice") == 0 && outgoing->eta != NULL &&
              !bd_delay_notices_record_sent (store, outgoing->line_id, uuid, outgoing->eta, &send_error))
            g_prefix_error (&send_error, _("Sent, but the delay notice was not recorded: "));
        }
      else
        {
          g_autoptr(BdMessage) logged = uuid != NULL ? bd_messages_get (store, uuid, NULL) : NULL;

          state = logged != NULL && g_strcmp0 (logged->status, "unknown") == 0 ? BD_COMPOSE_STATE_UNKNOWN
                                                                                : BD_COMPOSE_STATE_FAILED;
        }

      report (data, i, state, uuid, send_error != NULL ? send_error->message : NULL);
    }

  g_task_return_boolean (task, TRUE);
}

/* Sends the messages of @items (BdComposeItem) one after the other, as
 * they were written, through this installation's mail server and SMS
 * gateway, or into @eml_dir as .eml files (from @sender when no sender
 * address is set). @progress is called on this thread's main context for
 * each. @cancellable stops it between two messages. */
void
bd_message_tasks_send_async (BdStore             *store,
                             GPtrArray           *items,
                             const char          *eml_dir,
                             const char          *sender,
                             BdSendProgressFunc   progress,
                             GObject             *target,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (BD_IS_STORE (store));
  g_return_if_fail (items != NULL);
  g_return_if_fail (progress != NULL && G_IS_OBJECT (target));

  data = task_data_new (store);
  data->items = g_ptr_array_ref (items);
  data->eml_dir = g_strdup (eml_dir);
  data->sender = g_strdup (sender);
  data->progress = progress;
  data->target_object = g_object_ref (target);
  data->context = g_main_context_ref_thread_default ();

  run_task (data, bd_message_tasks_send_async, send_thread, FALSE, cancellable, callback, user_data);
}

gboolean
bd_message_tasks_send_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
retry_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdTransport) transport = NULL;
  GError *error = NULL;

  store = open_store (data, TRUE, &error);
  if (store != NULL)
    transport = bd_transport_new_from_settings (store, FALSE, NULL, &error);
  if (transport == NULL || !bd_messages_retry (store, transport, data->uuid, data->confirmed, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Sends a failed message again (bd_messages_retry()): one whose fate is
 * unknown only when @confirmed. */
void
bd_message_tasks_retry_async (BdStore             *store,
                              const char          *uuid,
                              gboolean             confirmed,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (BD_IS_STORE (store));
  g_return_if_fail (uuid != NULL);

  data = task_data_new (store);
  data->uuid = g_strdup (uuid);
  data->confirmed = confirmed;

  run_task (data, bd_message_tasks_retry_async, retry_thread, TRUE, cancellable, callback, user_data);
}

gboolean
bd_message_tasks_retry_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
compose_po_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdComposer) composer = NULL;
  BdOutgoing *outgoing = NULL;
  GError *error = NULL;

  store = open_store (data, FALSE, &error);
  if (store != NULL)
    composer = bd_composer_new (store, &error);
  if (composer != NULL)
    outgoing = bd_composer_for_po (composer, data->kind, data->po_number, NULL, &error);
  if (outgoing == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  read_setup (store, &data->setup);
  data->problem = find_supplier_problem (outgoing, &data->setup);

  g_task_return_pointer (task, outgoing, (GDestroyNotify)bd_outgoing_free);
}

/* Writes the message of @kind (purchase_order, rfq, chase) to the
 * supplier of @po_number from its template, with the PO's PDF where the
 * kind has one, without sending it: what the PO's mail dialog shows. */
void
bd_message_tasks_compose_po_async (BdStore             *store,
                                   const char          *po_number,
                                   const char          *kind,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (BD_IS_STORE (store));
  g_return_if_fail (po_number != NULL && kind != NULL);

  data = task_data_new (store);
  data->po_number = g_strdup (po_number);
  data->kind = g_strdup (kind);

  run_task (data, bd_message_tasks_compose_po_async, compose_po_thread, TRUE, cancellable, callback, user_data);
}

/* The message, and in @problem why it cannot go (no address, no mail
 * server), or NULL. */
BdOutgoing *
bd_message_tasks_compose_po_finish (GAsyncResult  *result,
                                    BdSendSetup   *setup,
                                    char         **problem,
                                    GError       **error)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (setup != NULL)
    *setup = data->setup;
  if (problem != NULL)
    *problem = g_strdup (data->problem);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
send_po_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdTransport) transport = NULL;
  GError *error = NULL;

  store = open_store (data, TRUE, &error);
  if (store != NULL)
    transport = data->eml_dir != NULL ? eml_transport (store, data)
                                      : bd_transport_new_from_settings (store, FALSE, NULL, &error);
  if (transport == NULL ||
      !bd_po_mail_send (store, transport, data->outgoing, NULL, &data->marked_sent, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Sends @outgoing (from bd_message_tasks_compose_po_finish()) through
 * this installation's mail server, logs it, and marks a draft PO sent
 * once it went (bd_po_mail_send()); or, with @eml_dir, saves it there as
 * an .eml file, the PDF attached, which leaves the PO as it is. */
void
bd_message_tasks_send_po_async (BdStore             *store,
                                BdOutgoing          *outgoing,
                                const char          *eml_dir,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (BD_IS_STORE (store));
  g_return_if_fail (outgoing != NULL);

  data = task_data_new (store);
  data->outgoing = bd_outgoing_copy (outgoing);
  data->eml_dir = g_strdup (eml_dir);
  if (eml_dir != NULL)
    data->outgoing->channel = BD_CHANNEL_EML;

  /* once it is on its way it ends as it does */
  run_task (data, bd_message_tasks_send_po_async, send_po_thread, FALSE, cancellable, callback, user_data);
}

gboolean
bd_message_tasks_send_po_finish (GAsyncResult  *result,
                                 gboolean      *marked_sent,
                                 GError       **error)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (marked_sent != NULL)
    *marked_sent = data->marked_sent;
  return g_task_propagate_boolean (G_TASK (result), error);
}
