/* bd-sync-resolve.h: what a person decides about a sync: conflicts no
 * rule settled, writes the server refused (README, "Sync")
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sync-map.h"

G_BEGIN_DECLS

typedef enum
{
  BD_SYNC_KEEP_LOCAL,    /* the value this machine had */
  BD_SYNC_KEEP_REMOTE,   /* the server's value */
  BD_SYNC_KEEP_VALUE,    /* another value, typed by the person */
} BdSyncChoice;

char       *bd_sync_describe_doc       (BdStore       *store,
                                        const char    *doc_id);
JsonArray  *bd_sync_list_open_conflicts (BdStore      *store,
                                         GError      **error);
JsonArray  *bd_sync_list_refused_writes (BdStore      *store,
                                         GError      **error);
gboolean    bd_sync_resolve_conflict   (BdStore       *store,
                                        gint64         conflict_id,
                                        BdSyncChoice   choice,
                                        const char    *value,
                                        GError       **error);
gboolean    bd_sync_discard_refused    (BdStore       *store,
                                        const char    *doc_id,
                                        GError       **error);
gboolean    bd_sync_retry_refused      (BdStore       *store,
                                        const char    *doc_id,
                                        GError       **error);

G_END_DECLS
