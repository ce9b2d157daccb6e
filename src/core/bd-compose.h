/* bd-compose.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-backorder.h"
#include "bd-eta.h"
#include "bd-messages.h"

G_BEGIN_DECLS

/* Messages written from templates for backorder lines: the values a
 * line gives its template's placeholders, in its customer's language,
 * and the message addressed on the customer's channel. */

typedef struct _BdComposer BdComposer;

/* The lines a batch of messages goes to, besides lines picked by hand. */
typedef enum
{
  BD_COMPOSE_TARGET_OVERDUE,        /* every overdue line */
  BD_COMPOSE_TARGET_DELAY_NOTICES,  /* every line that needs a delay notice */
  BD_COMPOSE_TARGET_FOLLOWUPS,      /* the oldest open line of each customer due a follow-up */
} BdComposeTarget;

GArray     *bd_compose_targets       (BdStore         *store,
                                      BdComposeTarget  target,
                                      GCancellable    *cancellable,
                                      GError         **error);

BdComposer *bd_composer_new          (BdStore      *store,
                                      GError      **error);
void        bd_composer_free         (BdComposer   *self);
gboolean    bd_composer_preload      (BdComposer   *self,
                                      const gint64 *ids,
                                      guint         n_ids,
                                      GError      **error);
GHashTable *bd_composer_line_values  (BdComposer   *self,
                                      BdBackorder  *line,
                                      const char   *language,
                                      BdEta       **eta,
                                      GError      **error);
BdOutgoing *bd_composer_for_line     (BdComposer   *self,
                                      const char   *kind,
                                      gint64        line_id,
                                      const BdChannel *channel,
                                      const char   *language,
                                      GError      **error);

BdOutgoing *bd_composer_for_po       (BdComposer   *self,
                                      const char   *kind,
                                      const char   *po_number,
                                      const char   *language,
                                      GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdComposer, bd_composer_free)

G_END_DECLS
