/* bd-actions.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* What a person does to backorder lines. Each call is one transaction that
 * commits whole or leaves nothing, writes its events under one batch, and
 * hands the batch back so that bd_actions_undo() can revert it. */

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
  GPtrArray *changes; /* BdHistoryChange, in the order they were made */
} BdHistoryEntry;

const BdHistoryChange *bd_history_entry_find (const BdHistoryEntry *entry,
                                              const char           *field);

typedef struct
{
  char *at;
  char *author;
  char *kind;       /* "note" or "complaint" */
  char *category;   /* complaints only */
  char *body;
} BdLineNote;

void       bd_history_entry_free     (gpointer      entry);
void       bd_line_note_free         (gpointer      note);
gboolean   bd_actions_find_line      (BdStore      *store,
                                      const char   *ref,
                                      gint64       *line_id,
                                      GError      **error);
gboolean   bd_actions_set_status     (BdStore      *store,
                                      const gint64 *line_ids,
                                      guint         n_lines,
                                      const char   *status,
                                      const char   *reason,
                                      gboolean      refunded,
                                      char        **batch,
                                      GError      **error);
gboolean   bd_actions_set_priority   (BdStore      *store,
                                      const gint64 *line_ids,
                                      guint         n_lines,
                                      int           priority,
                                      char        **batch,
                                      GError      **error);
gboolean   bd_actions_add_note       (BdStore      *store,
                                      gint64        line_id,
                                      const char   *text,
                                      char        **batch,
                                      GError      **error);
gboolean   bd_actions_add_complaint  (BdStore      *store,
                                      gint64        line_id,
                                      const char   *category,
                                      const char   *text,
                                      char        **batch,
                                      GError      **error);
gboolean   bd_actions_undo           (BdStore      *store,
                                      const char   *batch,
                                      GError      **error);
GPtrArray *bd_actions_list_history   (BdStore      *store,
                                      gint64        line_id,
                                      GError      **error);
GPtrArray *bd_actions_list_notes     (BdStore      *store,
                                      gint64        line_id,
                                      GError      **error);
const char * const *bd_complaint_categories        (void);
gboolean            bd_complaint_category_is_valid (const char *category);
const char         *bd_complaint_category_label    (const char *category);

G_END_DECLS
