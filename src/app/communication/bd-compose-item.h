/* bd-compose-item.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bd-messages.h"

G_BEGIN_DECLS

typedef enum
{
  BD_COMPOSE_STATE_PREVIEW,   /* written, not sent yet */
  BD_COMPOSE_STATE_PROBLEM,   /* cannot be written or sent: the problem says why */
  BD_COMPOSE_STATE_SENDING,
  BD_COMPOSE_STATE_SENT,
  BD_COMPOSE_STATE_SAVED,     /* as an .eml file */
  BD_COMPOSE_STATE_FAILED,
  BD_COMPOSE_STATE_UNKNOWN,   /* the connection broke: it may have gone out */
  BD_COMPOSE_STATE_NOT_SENT,  /* sending stopped before its turn */
} BdComposeState;

#define BD_TYPE_COMPOSE_ITEM (bd_compose_item_get_type ())
G_DECLARE_FINAL_TYPE (BdComposeItem, bd_compose_item, BD, COMPOSE_ITEM, GObject)

BdComposeItem  *bd_compose_item_new              (gint64          line_id,
                                                  const char     *ref,
                                                  BdOutgoing     *outgoing,
                                                  const char     *problem);
gint64          bd_compose_item_get_line_id      (BdComposeItem  *self);
const char     *bd_compose_item_get_ref          (BdComposeItem  *self);
BdOutgoing     *bd_compose_item_get_outgoing     (BdComposeItem  *self);
const char     *bd_compose_item_get_problem      (BdComposeItem  *self);
char           *bd_compose_item_dup_recipient    (BdComposeItem  *self);
const char     *bd_compose_item_get_channel_label (BdComposeItem *self);
BdComposeState  bd_compose_item_get_state        (BdComposeItem  *self);
const char     *bd_compose_item_get_error        (BdComposeItem  *self);
const char     *bd_compose_item_get_message_uuid (BdComposeItem  *self);
void            bd_compose_item_set_result       (BdComposeItem  *self,
                                                  BdComposeState  state,
                                                  const char     *message_uuid,
                                                  const char     *error);

G_END_DECLS
