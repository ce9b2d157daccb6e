/* bd-sync.h: the sync engine (README, "Sync")
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-couch.h"
#include "bd-sync-map.h"

G_BEGIN_DECLS

/* The default number of changes a pull page holds. */
#define BD_SYNC_PAGE_SIZE 500

/* What one run did. */
typedef struct
{
  guint pushed;      /* documents the server accepted */
  guint pulled;      /* documents written into the store */
  guint refused;     /* writes the server refused (kept, marked) */
  guint conflicts;   /* fields no rule settled, left for a person */
  guint merged;      /* rows found twice by their natural key, made one */
  guint read_ahead;  /* pages pulled whose request went before the page ahead of them was parsed */
} BdSyncReport;

/* Where a store stands with its server. */
typedef struct
{
  char *url;
  char *db;
  char *user;
  char *last_seq;
  char *last_sync;   /* UTC ISO 8601 */
  gint64 dirty;      /* rows not yet on the server */
  gint64 refused;
  gint64 conflicts;
  gint64 pending;    /* pulled documents waiting for a row they name */
} BdSyncStatus;

typedef struct _BdSync BdSync;

typedef enum
{
  BD_SYNC_STAGE_PUSHED,   /* the server answered a batch; its answer is written next */
  BD_SYNC_STAGE_PULLED,   /* a page of changes is written */
} BdSyncStage;

/* Called on the sync's thread after each batch and page: @table the
 * table of a pushed batch (NULL for a page), @done documents so far in
 * this run. */
typedef void (*BdSyncProgressFunc) (BdSync      *sync,
                                    BdSyncStage  stage,
                                    const char  *table,
                                    guint        done,
                                    gpointer     user_data);

BdSync             *bd_sync_new            (BdStore      *store,
                                            BdCouch      *couch,
                                            GError      **error);
void                bd_sync_free           (BdSync       *self);
void                bd_sync_set_page_size  (BdSync       *self,
                                            guint         page_size);
void                bd_sync_set_progress_func (BdSync           *self,
                                               BdSyncProgressFunc func,
                                               gpointer          user_data);
BdSyncMap          *bd_sync_get_map        (BdSync       *self);
gboolean            bd_sync_push           (BdSync       *self,
                                            GCancellable *cancellable,
                                            GError      **error);
gboolean            bd_sync_pull           (BdSync       *self,
                                            GCancellable *cancellable,
                                            GError      **error);
gboolean            bd_sync_run_once       (BdSync       *self,
                                            GCancellable *cancellable,
                                            GError      **error);
const BdSyncReport *bd_sync_get_report     (BdSync       *self);
gboolean            bd_sync_get_pull_progress (BdSync     *self,
                                               guint64    *done,
                                               guint64    *total);

char               *bd_sync_get_setting    (BdStore      *store,
                                            const char   *key);
gboolean            bd_sync_save_server    (BdStore      *store,
                                            const char   *url,
                                            const char   *db,
                                            const char   *admin_user,
                                            GError      **error);
gboolean            bd_sync_configure      (BdStore      *store,
                                            const char   *url,
                                            const char   *db,
                                            const char   *user,
                                            const char   *ca_file,
                                            GError      **error);
BdCouch            *bd_sync_open_couch     (BdStore      *store,
                                            const char   *user,
                                            const char   *password,
                                            GError      **error);
JsonArray          *bd_sync_list_refused   (BdStore      *store,
                                            GError      **error);
JsonArray          *bd_sync_list_conflicts (BdStore      *store,
                                            GError      **error);
gboolean            bd_sync_wait_for_changes (BdSync     *self,
                                              guint       timeout_ms,
                                              GCancellable *cancellable,
                                              GError    **error);
gboolean            bd_sync_status_load    (BdStore      *store,
                                            BdSyncStatus *status,
                                            GError      **error);
void                bd_sync_status_clear   (BdSyncStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSync, bd_sync_free)

G_END_DECLS
