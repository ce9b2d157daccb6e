/* bd-sync-status-button.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-sync-controller.h"

G_BEGIN_DECLS

#define BD_TYPE_SYNC_STATUS_BUTTON (bd_sync_status_button_get_type ())
G_DECLARE_FINAL_TYPE (BdSyncStatusButton, bd_sync_status_button, BD, SYNC_STATUS_BUTTON, GtkWidget)

void              bd_sync_status_button_set_controller (BdSyncStatusButton *self,
                                                        BdSyncController   *controller);
BdSyncController *bd_sync_status_button_get_controller (BdSyncStatusButton *self);
const char       *bd_sync_status_button_get_text       (BdSyncStatusButton *self);

G_END_DECLS
