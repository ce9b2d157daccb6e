/* bd-messages.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-mail.h"
#include "bd-sms.h"
#include "bd-smtp.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* The message log: every message sent, tried, or received, with its text
 * and the ETA promised then. An outgoing message is logged as "sending"
 * before it goes and marked by what the server said after; a person never
 * sees "sent" for a message no server accepted, and a message whose fate
 * is not known is not sent again without asking. */

typedef enum
{
  BD_CHANNEL_EMAIL,
  BD_CHANNEL_SMS,
  BD_CHANNEL_MAILTO,      /* handed to the user's mail client */
  BD_CHANNEL_EML,         /* saved as an .eml file */
  BD_CHANNEL_CALL,        /* incoming: a call */
  BD_CHANNEL_REPLY,       /* incoming: the customer's reply */
} BdChannel;

typedef struct
{
  gint64 id;
  char *uuid;
  char *direction;        /* "out", "in" */
  char *channel;          /* "email", "sms", "mailto", "eml", "call", "reply" */
  char *status;           /* "sending", "sent", "failed", "unknown", "handed_to_client",
                           * "saved", "received" */
  char *kind;
  char *template_uuid;
  char *recipient;
  gint64 customer_id;
  gint64 line_id;
  gint64 po_id;
  gint64 supplier_id;
  char *subject;
  char *body;
  char *reference;
  char *eta;
  char *eta_earliest;
  char *eta_latest;
  char *error;
  int attempts;
  char *sent_at;
  char *author;
  char *created_at;
} BdMessage;

/* A message to send: rendered, addressed, with what it promised. */
typedef struct
{
  BdChannel channel;
  char *kind;
  char *template_uuid;
  char *recipient;
  char *recipient_name;
  gint64 customer_id;
  gint64 line_id;
  gint64 po_id;
  gint64 supplier_id;
  char *subject;
  char *body;
  char *eta;
  char *eta_earliest;
  char *eta_latest;
  GBytes *attachment;
  char *attachment_name;
} BdOutgoing;

/* Where messages go: the sender's address, the mail server's session, the
 * SMS gateway, the folder for .eml files. */
typedef struct
{
  char *from;
  char *from_name;
  BdSmtpSession *smtp;
  BdSmsSettings *sms;
  char *eml_dir;
} BdTransport;

const char *bd_channel_to_string     (BdChannel       channel);
gboolean    bd_channel_from_string   (const char     *text,
                                      BdChannel      *channel);

BdOutgoing *bd_outgoing_new          (BdChannel       channel);
BdOutgoing *bd_outgoing_copy         (const BdOutgoing *outgoing);
void        bd_outgoing_free         (BdOutgoing     *outgoing);
void        bd_message_free          (gpointer        message);

gboolean    bd_messages_send         (BdStore        *store,
                                      BdTransport    *transport,
                                      BdOutgoing     *outgoing,
                                      char          **uuid,
                                      GError        **error);
gboolean    bd_messages_retry        (BdStore        *store,
                                      BdTransport    *transport,
                                      const char     *uuid,
                                      gboolean        confirmed,
                                      GError        **error);
gboolean    bd_messages_log_incoming (BdStore        *store,
                                      BdChannel       channel,
                                      gint64          customer_id,
                                      gint64          line_id,
                                      const char     *text,
                                      char          **uuid,
                                      GError        **error);
guint       bd_messages_settle_interrupted (BdStore  *store,
                                            GError  **error);
BdMessage  *bd_messages_get          (BdStore        *store,
                                      const char     *uuid,
                                      GError        **error);
GPtrArray  *bd_messages_list         (BdStore        *store,
                                      gint64          customer_id,
                                      gint64          line_id,
                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdOutgoing, bd_outgoing_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMessage, bd_message_free)

G_END_DECLS
