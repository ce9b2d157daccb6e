/* bd-sync-controller.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-store.h"

G_BEGIN_DECLS

typedef enum
{
  BD_SYNC_STATE_OFF,       /* no server set up */
  BD_SYNC_STATE_SYNCED,
  BD_SYNC_STATE_SYNCING,
  BD_SYNC_STATE_OFFLINE,
  BD_SYNC_STATE_ERROR,
  BD_SYNC_STATE_STOPPED,   /* by the user, until Sync Now */
} BdSyncState;

#define BD_TYPE_SYNC_CONTROLLER (bd_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (BdSyncController, bd_sync_controller, BD, SYNC_CONTROLLER, GObject)

BdSyncController *bd_sync_controller_new           (BdStore          *store);
BdSyncController *bd_sync_controller_find          (BdStore          *store);
BdSyncState       bd_sync_controller_get_state     (BdSyncController *self);
const char       *bd_sync_controller_get_message   (BdSyncController *self);
GDateTime        *bd_sync_controller_get_last_sync (BdSyncController *self);
guint             bd_sync_controller_get_progress  (BdSyncController *self);
gboolean          bd_sync_controller_get_pull_progress (BdSyncController *self,
                                                        guint64          *done,
                                                        guint64          *total);
guint             bd_sync_controller_get_runs      (BdSyncController *self);
guint             bd_sync_controller_get_n_refused (BdSyncController *self);
guint             bd_sync_controller_get_n_conflicts (BdSyncController *self);
char             *bd_sync_controller_describe      (BdSyncController *self);
void              bd_sync_controller_sync_now      (BdSyncController *self);
void              bd_sync_controller_stop          (BdSyncController *self);
void              bd_sync_controller_pause         (BdSyncController *self);
void              bd_sync_controller_reload        (BdSyncController *self);
void              bd_sync_controller_set_network_monitor (BdSyncController *self,
                                                          GNetworkMonitor  *monitor);

G_END_DECLS
