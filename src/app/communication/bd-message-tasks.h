/* bd-message-tasks.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-compose.h"
#include "bd-compose-item.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* What this installation can send on: for the compose dialog to say. */
typedef struct
{
  gboolean mail_server;     /* smtp.host and smtp.from are set */
  gboolean sms_gateway;     /* sms.url is set */
  gboolean sender;          /* smtp.from is set (an .eml file needs it) */
} BdSendSetup;

/* Called on the main thread as each message of a batch goes and when it
 * went: @index into the batch. */
typedef void (*BdSendProgressFunc) (GObject       *target,
                                    guint          index,
                                    BdComposeState state,
                                    const char    *message_uuid,
                                    const char    *error);

void       bd_message_tasks_preview_async  (BdStore             *store,
                                            const gint64        *line_ids,
                                            guint                n_lines,
                                            BdComposeTarget      target,
                                            const char          *kind,
                                            gboolean             as_eml,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void       bd_message_tasks_preview_pos_async (BdStore             *store,
                                               const char * const  *po_numbers,
                                               const char          *kind,
                                               gboolean             as_eml,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *bd_message_tasks_preview_finish (GAsyncResult        *result,
                                            BdSendSetup         *setup,
                                            GError             **error);

void       bd_message_tasks_send_async     (BdStore             *store,
                                            GPtrArray           *items,
                                            const char          *eml_dir,
                                            const char          *sender,
                                            BdSendProgressFunc   progress,
                                            GObject             *target,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean   bd_message_tasks_send_finish    (GAsyncResult        *result,
                                            GError             **error);

void       bd_message_tasks_retry_async    (BdStore             *store,
                                            const char          *uuid,
                                            gboolean             confirmed,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean   bd_message_tasks_retry_finish   (GAsyncResult        *result,
                                            GError             **error);

BdOutgoing *bd_message_tasks_compose_po_finish (GAsyncResult      *result,
                                                BdSendSetup       *setup,
                                                char             **problem,
                                                GError           **error);
void        bd_message_tasks_compose_po_async  (BdStore           *store,
                                                const char        *po_number,
                                                const char        *kind,
                                                GCancellable      *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer           user_data);
void        bd_message_tasks_send_po_async     (BdStore           *store,
                                                BdOutgoing        *outgoing,
                                                const char        *eml_dir,
                                                GCancellable      *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer           user_data);
gboolean    bd_message_tasks_send_po_finish    (GAsyncResult      *result,
                                                gboolean          *marked_sent,
                                                GError           **error);

extern const char * const bd_message_tables[];
extern const char * const bd_po_message_tables[];

G_END_DECLS
