/* bd-po-mail.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-messages.h"

G_BEGIN_DECLS

gboolean bd_po_mail_send (BdStore      *store,
                          BdTransport  *transport,
                          BdOutgoing   *outgoing,
                          char        **uuid,
                          gboolean     *marked_sent,
                          GError      **error);

G_END_DECLS
