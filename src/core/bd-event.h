/* bd-event.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* One entry of the audit log (the events table), as a timeline shows it:
 * when, who, what, and which field went from what to what. */
#define BD_TYPE_EVENT (bd_event_get_type ())
G_DECLARE_FINAL_TYPE (BdEvent, bd_event, BD, EVENT, GObject)

/* Why the team's server refused the change of the note or complaint an
 * event of the events table named @prefix ("e." or "") is about, or
 * NULL: a timeline marks its entries (README, "Sync"). */
#define BD_EVENT_REFUSED_REASON(prefix) \
  "(SELECT r.reason FROM sync_refused r WHERE r.doc_id =" \
  " CASE " prefix "entity WHEN 'notes' THEN 'note:' WHEN 'complaints' THEN 'complaint:' END" \
  " || " prefix "entity_uuid)"

/* Columns that bd_event_update_from_stmt() reads, in order. */
#define BD_EVENT_SELECT \
  "SELECT id, created_at, author, action, field, old_value, new_value, entity, line_id, " \
  BD_EVENT_REFUSED_REASON ("") " FROM events"

void        bd_event_update_from_stmt   (BdEvent      *self,
                                         sqlite3_stmt *stmt);

gint64      bd_event_get_id             (BdEvent      *self);
const char *bd_event_get_at             (BdEvent      *self);
const char *bd_event_get_author         (BdEvent      *self);
const char *bd_event_get_action         (BdEvent      *self);
const char *bd_event_get_field          (BdEvent      *self);
const char *bd_event_get_old_value      (BdEvent      *self);
const char *bd_event_get_new_value      (BdEvent      *self);
const char *bd_event_get_entity         (BdEvent      *self);
gint64      bd_event_get_line_id        (BdEvent      *self);
const char *bd_event_get_refused_reason (BdEvent      *self);

G_END_DECLS
