/* bd-history.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* The history of a line, as its detail pane tells it: the audit log's
 * events, one entry for each thing done. */

/* One change of one field. */
typedef struct
{
  char *field;
  char *old_value;
  char *new_value;
} BdHistoryChange;

/* One thing done to a line: a person's action or an import's update, with
 * every field it changed (a cancel sets status, date, reason and refund). */
typedef struct
{
  char *at;
  char *author;
  char *action;
  char *field;        /* the first change's, as a shortcut */
  char *old_value;
  char *new_value;
  char *subject;      /* the text of the note an entry is about, the subject (or text)
                       * of a message, or NULL */
  GPtrArray *changes; /* BdHistoryChange, in the order they were made */
  char *refused_reason; /* why the server refused the change of the note or
                         * complaint it is about, or NULL */
} BdHistoryEntry;

void                   bd_history_entry_free (gpointer              entry);
const BdHistoryChange *bd_history_entry_find (const BdHistoryEntry *entry,
                                              const char           *field);
GPtrArray             *bd_history_list       (BdStore              *store,
                                              gint64                line_id,
                                              GError              **error);

G_END_DECLS
