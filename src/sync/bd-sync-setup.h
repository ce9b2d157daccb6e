/* bd-sync-setup.h: preparing a CouchDB server for a team
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-couch.h"
#include "bd-sync-map.h"

G_BEGIN_DECLS

/* The design document every team database holds. */
#define BD_SYNC_DESIGN_ID "_design/backorder-desk"

const char * const *bd_sync_roles             (void);
gboolean            bd_sync_role_is_valid     (const char    *role);
char               *bd_sync_validate_function (BdSyncMap     *map);
gboolean            bd_sync_setup_server      (BdCouch       *admin,
                                               BdSyncMap     *map,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean            bd_sync_add_user          (BdCouch       *admin,
                                               const char    *name,
                                               const char    *role,
                                               const char    *password,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean            bd_sync_set_role          (BdCouch       *admin,
                                               const char    *name,
                                               const char    *role,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean            bd_sync_remove_user       (BdCouch       *admin,
                                               const char    *name,
                                               GCancellable  *cancellable,
                                               GError       **error);

G_END_DECLS
