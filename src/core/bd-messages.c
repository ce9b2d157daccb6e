/* bd-messages.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-messages"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-messages.h"

/* A send is three steps, each its own transaction, so that what the log
 * says is never ahead of what happened:
 *   1. the message is logged as "sending" with its reference (the
 *      Message-ID or the gateway's reference) and committed;
 *   2. it goes to the server (outside any transaction: a slow server must
 *      not hold the store's write lock);
 *   3. the server's answer is written: "sent", "failed" with its reason,
 *      or "unknown" when the connection broke after the whole message.
 * A crash between 1 and 3 leaves "sending", which the next start reads as
 * "unknown" (bd_messages_settle_interrupted()). A retry keeps the
 * reference, so that a receiving server can tell it from a new message,
 * and never goes for a message that was sent, or for an "unknown" one
 * without the person's word. */

static const char * const channel_names[] = { "email", "sms", "mailto", "eml", "call", "reply" };

const char *
bd_channel_to_string (BdChannel channel)
{
  g_return_val_if_fail (channel <= BD_CHANNEL_REPLY, NULL);

  return channel_names[channel];
}

gboolean
bd_channel_from_string (const char *text,
                        BdChannel  *channel)
{
  for (guint i = 0; i < G_N_ELEMENTS (channel_names); i++)
    if (g_strcmp0 (text, channel_names[i]) == 0)
      {
        *channel = i;
        return TRUE;
      }

  return FALSE;
}

BdOutgoing *
bd_outgoing_new (BdChannel channel)
{
  BdOutgoing *outgoing = g_new0 (BdOutgoing, 1);

  outgoing->channel = channel;
  return outgoing;
}

/* A copy for another thread to send: the attachment's bytes are shared,
 * being immutable. */
BdOutgoing *
bd_outgoing_copy (const BdOutgoing *outgoing)
{
  BdOutgoing *copy;

  g_return_val_if_fail (outgoing != NULL, NULL);

  copy = g_memdup2 (outgoing, sizeof *outgoing);
  copy->kind = g_strdup (outgoing->kind);
  copy->template_uuid = g_strdup (outgoing->template_uuid);
  copy->recipient = g_strdup (outgoing->recipient);
  copy->recipient_name = g_strdup (outgoing->recipient_name);
  copy->subject = g_strdup (outgoing->subject);
  copy->body = g_strdup (outgoing->body);
  copy->eta = g_strdup (outgoing->eta);
  copy->eta_earliest = g_strdup (outgoing->eta_earliest);
  copy->eta_latest = g_strdup (outgoing->eta_latest);
  copy->attachment = outgoing->attachment != NULL ? g_bytes_ref (outgoing->attachment) : NULL;
  copy->attachment_name = g_strdup (outgoing->attachment_name);
  return copy;
}

void
bd_outgoing_free (BdOutgoing *outgoing)
{
  if (outgoing == NULL)
    return;

  g_free (outgoing->kind);
  g_free (outgoing->template_uuid);
  g_free (outgoing->recipient);
  g_free (outgoing->recipient_name);
  g_free (outgoing->subject);
  g_free (outgoing->body);
  g_free (outgoing->eta);
  g_free (outgoing->eta_earliest);
  g_free (outgoing->eta_latest);
  g_clear_pointer (&outgoing->attachment, g_bytes_unref);
  g_free (outgoing->attachment_name);
  g_free (outgoing);
}

void
bd_message_free (gpointer data)
{
  BdMessage *message = data;

  if (message == NULL)
    return;

  g_free (message->uuid);
  g_free (message->direction);
  g_free (message->channel);
  g_free (message->status);
  g_free (message->kind);
  g_free (message->template_uuid);
  g_free (message->recipient);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->reference);
  g_free (message->eta);
  g_free (message->eta_earliest);
  g_free (message->eta_latest);
  g_free (message->error);
  g_free (message->sent_at);
  g_free (message->author);
  g_free (message->created_at);
  g_free (message);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_id (sqlite3_stmt *stmt,
         int           column,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, column, id);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
step_done (BdStore       *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not write the message log"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit_or_rollback (BdStore  *store,
                    gboolean  ok,
                    GError  **error)
{
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "messages", "events", NULL });
  return bd_store_commit (store, error);
}

/* Writes the message's event: the timeline of its line shows it. */
static gboolean
add_event (BdStore     *store,
           const char  *uuid,
           gint64       line_id,
           const char  *old_status,
           const char  *new_status,
           GError     **error)
{
  g_autofree char *batch = bd_store_new_uuid (store);

  return bd_store_add_event (store, batch, "message", "message", uuid, line_id, "status",
                             old_status, new_status, error);
}

/* Step 1, or the whole log of a message that cannot go (no address). */
static gboolean
log_new (BdStore     *store,
         const char  *direction,
         const char  *status,
         BdOutgoing  *outgoing,
         const char  *error_text,
         char       **uuid_out,
         char       **reference_out,
         GError     **error)
{
  g_autofree char *uuid = bd_store_new_uuid (store);
  g_autofree char *reference = g_strdup_printf ("%s@backorder-desk", uuid);
  g_autofree char *now = bd_store_now_iso (store);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!bd_store_begin (store, error))
    return FALSE;

  stmt = bd_store_cached (store,
                          "INSERT INTO messages (uuid, created_at, updated_at, direction, channel, status,"
                          " template_uuid, kind, recipient, customer_id, line_id, po_id, supplier_id,"
                          " subject, body, reference, eta, eta_earliest, eta_latest, error, attempts,"
                          " sent_at, author)"
                          " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                          " ?16, ?17, ?18, ?19, ?20, ?21, ?22)", error);
  ok = stmt != NULL;
  if (ok)
    {
      gboolean out = g_str_equal (direction, "out");

      bind_text (stmt, 1, uuid);
      bind_text (stmt, 2, now);
      bind_text (stmt, 3, direction);
      bind_text (stmt, 4, bd_channel_to_string (outgoing->channel));
      bind_text (stmt, 5, status);
      bind_text (stmt, 6, outgoing->template_uuid);
      bind_text (stmt, 7, outgoing->kind);
      bind_text (stmt, 8, outgoing->recipient);
      bind_id (stmt, 9, outgoing->customer_id);
      bind_id (stmt, 10, outgoing->line_id);
      bind_id (stmt, 11, outgoing->po_id);
      bind_id (stmt, 12, outgoing->supplier_id);
      bind_text (stmt, 13, outgoing->subject);
      bind_text (stmt, 14, outgoing->body != NULL ? outgoing->body : "");
      bind_text (stmt, 15, reference);
      bind_text (stmt, 16, outgoing->eta);
      bind_text (stmt, 17, outgoing->eta_earliest);
      bind_text (stmt, 18, outgoing->eta_latest);
      bind_text (stmt, 19, error_text);
      sqlite3_bind_int (stmt, 20, out && error_text == NULL ? 1 : 0);
      bind_text (stmt, 21, out ? NULL : now);
      bind_text (stmt, 22, bd_store_get_author (store));
      ok = step_done (store, stmt, error);
    }

  ok = ok && add_event (store, uuid, outgoing->line_id, NULL, status, error);
  if (!commit_or_rollback (store, ok, error))
    return FALSE;

  if (uuid_out != NULL)
    *uuid_out = g_steal_pointer (&uuid);
  if (reference_out != NULL)
    *reference_out = g_steal_pointer (&reference);
  return TRUE;
}

/* Step 3: what the server said. */
static gboolean
log_result (BdStore     *store,
            const char  *uuid,
            gint64       line_id,
            const char  *old_status,
            const char  *status,
            const char  *error_text,
            GError     **error)
{
  g_autofree char *now = bd_store_now_iso (store);
  gboolean sent = g_str_equal (status, "sent") || g_str_equal (status, "saved") ||
                  g_str_equal (status, "handed_to_client");
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!bd_store_begin (store, error))
    return FALSE;

  stmt = bd_store_cached (store,
                          "UPDATE messages SET status = ?2, error = ?3, sent_at = ?4, updated_at = ?5,"
                          " dirty = 1 WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_text (stmt, 1, uuid);
      bind_text (stmt, 2, status);
      bind_text (stmt, 3, error_text);
      bind_text (stmt, 4, sent ? now : NULL);
      bind_text (stmt, 5, now);
      ok = step_done (store, stmt, error);
    }

  ok = ok && add_event (store, uuid, line_id, old_status, status, error);
  return commit_or_rollback (store, ok, error);
}

/* Step 2: hands the message to its channel. Returns the status to log;
 * @error says why when it is not a success. */
static const char *
transport_send (BdStore          *store,
                BdTransport      *transport,
                const BdOutgoing *outgoing,
                const char       *reference,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  switch (outgoing->channel)
    {
    case BD_CHANNEL_EMAIL:
    case BD_CHANNEL_EML:
      {
        g_autoptr(BdMail) mail = bd_mail_new ();
        g_autoptr(GDateTime) now = bd_store_now (store);

        mail->message_id = g_strdup (reference);
        mail->from = g_strdup (transport->from);
        mail->from_name = g_strdup (transport->from_name);
        mail->to = g_strdup (outgoing->recipient);
        mail->to_name = g_strdup (outgoing->recipient_name);
        mail->subject = g_strdup (outgoing->subject);
        mail->body = g_strdup (outgoing->body);
        if (outgoing->attachment != NULL)
          {
            mail->attachment = g_bytes_ref (outgoing->attachment);
            mail->attachment_name = g_strdup (outgoing->attachment_name);
            mail->attachment_type = g_strdup ("application/pdf");
          }

        if (outgoing->channel == BD_CHANNEL_EML)
          {
            g_autofree char *text = NULL;
            g_autofree char *name = NULL;
            g_autofree char *path = NULL;

            if (transport->eml_dir == NULL || mail->from == NULL)
              {
                g_set_error_literal (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                                     _("No folder or sender address is set for saving messages"));
                return "failed";
              }
            text = bd_mail_format (mail, now);
            name = g_strdup_printf ("%s.eml", reference);
            g_strdelimit (name, "/\\@", '-');
            path = g_build_filename (transport->eml_dir, name, NULL);
            if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
              return "failed";
            return "saved";
          }

        if (transport->smtp == NULL || transport->from == NULL)
          {
            g_set_error_literal (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                                 _("No mail server or sender address is set: set them in Preferences"));
            return "failed";
          }
        if (!bd_smtp_session_send (transport->smtp, mail, now, &local_error))
          {
            gboolean unknown = g_error_matches (local_error, BD_SMTP_ERROR, BD_SMTP_ERROR_UNKNOWN);

            g_propagate_error (error, g_steal_pointer (&local_error));
            return unknown ? "unknown" : "failed";
          }
        return "sent";
      }

    case BD_CHANNEL_SMS:
      if (transport->sms == NULL)
        {
          g_set_error_literal (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS,
                               _("No SMS gateway is set: set its URL in Preferences"));
          return "failed";
        }
      if (!bd_sms_send (transport->sms, outgoing->recipient, outgoing->body, reference, NULL, &local_error))
        {
          gboolean unknown = g_error_matches (local_error, BD_SMS_ERROR, BD_SMS_ERROR_UNKNOWN);

          g_propagate_error (error, g_steal_pointer (&local_error));
          return unknown ? "unknown" : "failed";
        }
      return "sent";

    case BD_CHANNEL_MAILTO:
      /* the app opens the mail client after this: never "sent" */
      return "handed_to_client";

    case BD_CHANNEL_CALL:
    case BD_CHANNEL_REPLY:
    default:
      g_return_val_if_reached ("failed");
    }
}

/* Logs @outgoing, sends it and logs what came of it. FALSE with @error when
 * it did not go; the log has it either way (@uuid). */
gboolean
bd_messages_send (BdStore      *store,
                  BdTransport  *transport,
                  BdOutgoing   *outgoing,
                  char        **uuid_out,
                  GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(GError) send_error = NULL;
  const char *status;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (transport != NULL && outgoing != NULL, FALSE);
  g_return_val_if_fail (outgoing->channel <= BD_CHANNEL_EML, FALSE);

  if (outgoing->recipient == NULL || *outgoing->recipient == '\0')
    {
      g_autofree char *problem = g_strdup_printf (outgoing->channel == BD_CHANNEL_SMS
                                                  ? _("%s has no phone number for a text message")
                                                  : _("%s has no email address"),
                                                  outgoing->recipient_name != NULL ? outgoing->recipient_name
                                                                                   : _("The recipient"));

      if (!log_new (store, "out", "failed", outgoing, problem, uuid_out, NULL, error))
        return FALSE;
      g_set_error_literal (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS, problem);
      return FALSE;
    }

  if (!log_new (store, "out", "sending", outgoing, NULL, &uuid, &reference, error))
    return FALSE;

  status = transport_send (store, transport, outgoing, reference, &send_error);
  if (!log_result (store, uuid, outgoing->line_id, "sending", status,
                   send_error != NULL ? send_error->message : NULL, error))
    return FALSE;

  if (uuid_out != NULL)
    *uuid_out = g_steal_pointer (&uuid);
  if (send_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&send_error));
      return FALSE;
    }
  return TRUE;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

#define MESSAGE_COLUMNS \
  "id, uuid, direction, channel, status, kind, template_uuid, recipient, customer_id, line_id," \
  " po_id, supplier_id, subject, body, reference, eta, eta_earliest, eta_latest, error, attempts," \
  " sent_at, author, created_at"

static BdMessage *
message_from_row (sqlite3_stmt *stmt)
{
  BdMessage *message = g_new0 (BdMessage, 1);

  message->id = sqlite3_column_int64 (stmt, 0);
  message->uuid = column_text (stmt, 1);
  message->direction = column_text (stmt, 2);
  message->channel = column_text (stmt, 3);
  message->status = column_text (stmt, 4);
  message->kind = column_text (stmt, 5);
  message->template_uuid = column_text (stmt, 6);
  message->recipient = column_text (stmt, 7);
  message->customer_id = sqlite3_column_int64 (stmt, 8);
  message->line_id = sqlite3_column_int64 (stmt, 9);
  message->po_id = sqlite3_column_int64 (stmt, 10);
  message->supplier_id = sqlite3_column_int64 (stmt, 11);
  message->subject = column_text (stmt, 12);
  message->body = column_text (stmt, 13);
  message->reference = column_text (stmt, 14);
  message->eta = column_text (stmt, 15);
  message->eta_earliest = column_text (stmt, 16);
  message->eta_latest = column_text (stmt, 17);
  message->error = column_text (stmt, 18);
  message->attempts = sqlite3_column_int (stmt, 19);
  message->sent_at = column_text (stmt, 20);
  message->author = column_text (stmt, 21);
  message->created_at = column_text (stmt, 22);
  return message;
}

BdMessage *
bd_messages_get (BdStore     *store,
                 const char  *uuid,
                 GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  stmt = bd_store_prepare (store, "SELECT " MESSAGE_COLUMNS " FROM messages WHERE uuid = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return message_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no message %s"), uuid);
  else
    bd_store_set_sql_error (store, error, _("Could not read the message log"));
  return NULL;
}

/* The messages of a customer or of a line, newest first. */
GPtrArray *
bd_messages_list (BdStore  *store,
                  gint64    customer_id,
                  gint64    line_id,
                  GError  **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (bd_message_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           line_id > 0
                           ? "SELECT " MESSAGE_COLUMNS " FROM messages WHERE line_id = ?1 AND deleted = 0"
                             " ORDER BY created_at DESC, id DESC"
                           : customer_id > 0
                           ? "SELECT " MESSAGE_COLUMNS " FROM messages WHERE customer_id = ?1 AND deleted = 0"
                             " ORDER BY created_at DESC, id DESC"
                           : "SELECT " MESSAGE_COLUMNS " FROM messages WHERE deleted = 0"
                             " ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  if (line_id > 0 || customer_id > 0)
    sqlite3_bind_int64 (stmt, 1, line_id > 0 ? line_id : customer_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the message log"));
      return NULL;
    }

  return g_steal_pointer (&messages);
}

/* Sends a failed message again, as it was written and to the same
 * address, with the same reference. A message that went is never sent
 * again; one whose fate is unknown only when @confirmed (the person
 * checked that it did not arrive). */
gboolean
bd_messages_retry (BdStore      *store,
                   BdTransport  *transport,
                   const char   *uuid,
                   gboolean      confirmed,
                   GError      **error)
{
  g_autoptr(BdMessage) message = NULL;
  g_autoptr(BdOutgoing) outgoing = NULL;
  g_autoptr(GError) send_error = NULL;
  BdChannel channel;
  const char *status;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  message = bd_messages_get (store, uuid, error);
  if (message == NULL)
    return FALSE;

  if (!g_str_equal (message->direction, "out") || !bd_channel_from_string (message->channel, &channel) ||
      channel == BD_CHANNEL_MAILTO)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Message %s was not sent by the desk and cannot be sent again"), uuid);
      return FALSE;
    }
  if (g_str_equal (message->status, "sent") || g_str_equal (message->status, "saved"))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Message %s went out on %s and is not sent twice"), uuid,
                   message->sent_at != NULL ? message->sent_at : "?");
      return FALSE;
    }
  if (g_str_equal (message->status, "sending"))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Message %s is being sent right now"), uuid);
      return FALSE;
    }
  if (g_str_equal (message->status, "unknown") && !confirmed)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Message %s may have gone out on %s (the connection broke before the server "
                     "answered): send it again only if %s did not get it"),
                   uuid, message->created_at, message->recipient != NULL ? message->recipient : _("the recipient"));
      return FALSE;
    }
  if (message->recipient == NULL || *message->recipient == '\0')
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Message %s has no recipient: write a new one once the address is known"), uuid);
      return FALSE;
    }

  /* "sending" again, one attempt more, before it goes */
  if (!bd_store_begin (store, error))
    return FALSE;
  stmt = bd_store_cached (store, "UPDATE messages SET status = 'sending', attempts = attempts + 1,"
                                 " error = NULL, updated_at = ?2, dirty = 1 WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      g_autofree char *now = bd_store_now_iso (store);

      bind_text (stmt, 1, uuid);
      bind_text (stmt, 2, now);
      ok = step_done (store, stmt, error);
    }
  ok = ok && add_event (store, uuid, message->line_id, message->status, "sending", error);
  if (!commit_or_rollback (store, ok, error))
    return FALSE;

  outgoing = bd_outgoing_new (channel);
  outgoing->recipient = g_strdup (message->recipient);
  outgoing->subject = g_strdup (message->subject);
  outgoing->body = g_strdup (message->body);
  outgoing->line_id = message->line_id;

  status = transport_send (store, transport, outgoing, message->reference, &send_error);
  if (!log_result (store, uuid, message->line_id, "sending", status,
                   send_error != NULL ? send_error->message : NULL, error))
    return FALSE;
  if (send_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&send_error));
      return FALSE;
    }
  return TRUE;
}

/* A call or a customer's reply, as the agent noted it. */
gboolean
bd_messages_log_incoming (BdStore     *store,
                          BdChannel    channel,
                          gint64       customer_id,
                          gint64       line_id,
                          const char  *text,
                          char       **uuid,
                          GError     **error)
{
  g_autoptr(BdOutgoing) incoming = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (channel == BD_CHANNEL_CALL || channel == BD_CHANNEL_REPLY, FALSE);

  while (text != NULL && g_ascii_isspace (*text))
    text++;
  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("Write what the customer said"));
      return FALSE;
    }

  incoming = bd_outgoing_new (channel);
  incoming->customer_id = customer_id;
  incoming->line_id = line_id;
  incoming->body = g_strdup (text);
  return log_new (store, "in", "received", incoming, NULL, uuid, NULL, error);
}

/* Messages left "sending" for more than ten minutes (a send gives up after
 * its timeout, 30 s) by a process that ended mid-send: whether they went
 * is not known. Returns how many. */
guint
bd_messages_settle_interrupted (BdStore  *store,
                                GError  **error)
{
  g_autoptr(GPtrArray) stuck = g_ptr_array_new_with_free_func (bd_message_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), 0);

  stmt = bd_store_prepare (store, "SELECT " MESSAGE_COLUMNS " FROM messages"
                                  " WHERE status = 'sending' AND updated_at < ?", error);
  if (stmt == NULL)
    return 0;
  {
    g_autoptr(GDateTime) now = bd_store_now (store);
    g_autoptr(GDateTime) cutoff = g_date_time_add_minutes (now, -10);
    g_autofree char *cutoff_text = g_date_time_format (cutoff, "%Y-%m-%dT%H:%M:%SZ");

    sqlite3_bind_text (stmt, 1, cutoff_text, -1, SQLITE_TRANSIENT);
  }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (stuck, message_from_row (stmt));
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < stuck->len; i++)
    {
      BdMessage *message = g_ptr_array_index (stuck, i);

      if (!log_result (store, message->uuid, message->line_id, "sending", "unknown",
                       _("The desk stopped while this message was being sent"), error))
        return i;
    }

  return stuck->len;
}
