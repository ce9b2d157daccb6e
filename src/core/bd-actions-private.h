/* bd-actions-private.h: what the files of a person's actions share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* One action being written: its transaction, the batch its events share
 * (what Undo reverts) and the time it is written at. */
typedef struct
{
  BdStore *store;
  char *batch;
  char *now;
} BdAction;

gboolean bd_action_begin      (BdAction     *action,
                               BdStore      *store,
                               GError      **error);
gboolean bd_action_finish     (BdAction     *action,
                               gboolean      ok,
                               char        **batch,
                               GError      **error);
gboolean bd_action_check_line (BdAction     *action,
                               gint64        line_id,
                               GError      **error);

/* The columns of an event that Undo reads, in order. */
#define BD_ACTION_UNDO_SELECT \
  "SELECT entity, entity_uuid, line_id, action, field, old_value, new_value FROM events"

/* bd-notes.c: undoes one event of a note or a complaint (entity "notes"
 * or "complaints"), a row of BD_ACTION_UNDO_SELECT. */
gboolean bd_notes_undo_event  (BdAction     *action,
                               sqlite3_stmt *event,
                               GError      **error);

/* bd-products.c: undoes one event of a product's levels (entity
 * "products": reorder_point, safety_stock, levels_set_in_desk) */
gboolean bd_products_undo_event (BdAction     *action,
                                 sqlite3_stmt *event,
                                 GError      **error);

G_END_DECLS
