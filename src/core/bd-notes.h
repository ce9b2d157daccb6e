/* bd-notes.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* The notes and complaints of a line. Each write is one action, like those
 * of bd-actions.h: one transaction, its events under one batch handed
 * back for bd_actions_undo(). A note can be edited and deleted, by its
 * author only; a complaint is a record of what a customer said, and
 * stays as it was logged. */

typedef struct
{
  char *uuid;
  char *at;
  char *author;
  char *kind;       /* "note" or "complaint" */
  char *category;   /* complaints only */
  char *body;
  char *resolution; /* complaints only: NULL while the complaint is open */
  char *owner;      /* complaints only: who handles it, or NULL */
  char *status;     /* complaints only: "open", "answered" or "resolved" */
  gint64 incentive; /* complaints only: given, in minor units of @currency */
  char *currency;
  gint64 line_id;
  char *refused_reason; /* why the team's server refused its change, or NULL */
} BdNote;

/* What a complaint's handling is now (bd_notes_update_complaint()). */
typedef struct
{
  const char *owner;       /* NULL or empty: nobody yet */
  const char *status;      /* "open", "answered" or "resolved" */
  const char *resolution;  /* NULL or empty: none yet; a resolved one needs it */
  gint64 incentive;        /* given, in minor units of the order's currency; 0: none */
} BdComplaintUpdate;

void       bd_note_free           (gpointer      note);
gboolean   bd_notes_add           (BdStore      *store,
                                   gint64        line_id,
                                   const char   *text,
                                   char        **batch,
                                   GError      **error);
gboolean   bd_notes_add_complaint (BdStore      *store,
                                   gint64        line_id,
                                   const char   *category,
                                   const char   *text,
                                   char        **batch,
                                   GError      **error);
gboolean   bd_notes_edit          (BdStore      *store,
                                   const char   *uuid,
                                   const char   *text,
                                   char        **batch,
                                   GError      **error);
gboolean   bd_notes_delete        (BdStore      *store,
                                   const char   *uuid,
                                   char        **batch,
                                   GError      **error);
gboolean   bd_notes_update_complaint (BdStore                 *store,
                                      const char              *uuid,
                                      const BdComplaintUpdate *update,
                                      char                   **batch,
                                      GError                 **error);
const char *bd_complaint_status_label (const char *status);
char       *bd_complaint_describe_change (const char *field,
                                          const char *old_value,
                                          const char *new_value,
                                          const char *currency);
GPtrArray *bd_notes_list          (BdStore      *store,
                                   gint64        line_id,
                                   GError      **error);
GPtrArray *bd_notes_list_complaints (BdStore     *store,
                                     gint64       customer_id,
                                     GError     **error);
gboolean   bd_notes_can_change    (BdStore      *store,
                                   const BdNote *note);

const char * const *bd_complaint_categories        (void);
gboolean            bd_complaint_category_is_valid (const char *category);
const char         *bd_complaint_category_label    (const char *category);

G_END_DECLS
