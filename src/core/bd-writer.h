/* bd-writer.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* One thing a person asked to change, to be written by a BdWriter. */
typedef enum
{
  BD_WRITE_SET_STATUS,
  BD_WRITE_SET_PRIORITY,
  BD_WRITE_ADD_NOTE,
  BD_WRITE_ADD_COMPLAINT,
  BD_WRITE_UNDO,
  BD_WRITE_EDIT_NOTE,
  BD_WRITE_DELETE_NOTE,
  BD_WRITE_SET_TEAM_SETTING,
  BD_WRITE_LOG_CONTACT,
  BD_WRITE_UPDATE_COMPLAINT,
  BD_WRITE_ANSWER_DELAY_NOTICE,
  BD_WRITE_GIVE_INCENTIVE,
} BdWriteKind;

typedef struct
{
  BdWriteKind kind;
  GArray *line_ids;    /* gint64 */
  char *status;        /* SET_STATUS */
  char *reason;        /* SET_STATUS to cancelled */
  gboolean refunded;   /* SET_STATUS to cancelled */
  int priority;        /* SET_PRIORITY */
  char *text;          /* ADD_NOTE, ADD_COMPLAINT, EDIT_NOTE, LOG_CONTACT */
  char *category;      /* ADD_COMPLAINT; LOG_CONTACT: "call" or "reply";
                        * ANSWER_DELAY_NOTICE: "wait", "alternative" or "cancel",
                        * the alternative's SKU in text */
  char *batch;         /* UNDO */
  char *note_uuid;     /* EDIT_NOTE, DELETE_NOTE, UPDATE_COMPLAINT */
  char *owner;         /* UPDATE_COMPLAINT; its status in status, resolution in text */
  gint64 amount;       /* UPDATE_COMPLAINT, GIVE_INCENTIVE: the incentive, minor units;
                        * GIVE_INCENTIVE: its kind in category, a word why in text */
  char *key;           /* SET_TEAM_SETTING */
  char *value;         /* SET_TEAM_SETTING */
  char *author;        /* whom the audit events name: the requesting store's
                        * (the sync user once sync is set up); NULL: the
                        * writing connection's own */
} BdWriteRequest;

BdWriteRequest *bd_write_request_new  (BdWriteKind          kind,
                                       const gint64        *line_ids,
                                       guint                n_lines);
void            bd_write_request_free (BdWriteRequest      *request);
gboolean        bd_write_request_run  (const BdWriteRequest *request,
                                       BdStore             *store,
                                       char               **batch,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdWriteRequest, bd_write_request_free)

/* Writes requests one after the other, in the order they came, on a thread
 * with a connection of its own: the main loop never waits for the store,
 * and a write that meets the store locked by another program (an import in
 * the CLI) waits for as long as that takes instead of failing. */
#define BD_TYPE_WRITER (bd_writer_get_type ())
G_DECLARE_FINAL_TYPE (BdWriter, bd_writer, BD, WRITER, GObject)

BdWriter *bd_writer_new          (const char          *path);
void      bd_writer_write_async  (BdWriter            *self,
                                  BdWriteRequest      *request,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
char     *bd_writer_write_finish (BdWriter            *self,
                                  GAsyncResult        *result,
                                  GError             **error);
const char * const *
          bd_writer_write_get_tables (BdWriter        *self,
                                      GAsyncResult    *result);
gboolean  bd_writer_get_busy     (BdWriter            *self);
gboolean  bd_writer_get_waiting  (BdWriter            *self);

G_END_DECLS
