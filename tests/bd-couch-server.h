/* bd-couch-server.h: a PouchDB Server for the sync tests
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A pouchdb-server (tests/node_modules, installed by tools/install-deps.sh)
 * on a free loopback port, its working directory (where it writes
 * config.json and log.txt) a temporary one of its own. */
typedef struct _BdCouchServer BdCouchServer;

#define BD_COUCH_SERVER_ADMIN "admin"
#define BD_COUCH_SERVER_ADMIN_PASSWORD "admin-secret"

gboolean       bd_couch_server_skip_unless_available (void);
BdCouchServer *bd_couch_server_start    (gboolean       in_memory);
BdCouchServer *bd_couch_server_start_niced (gboolean   in_memory,
                                            int        nice);
void           bd_couch_server_kill     (BdCouchServer *self);
void           bd_couch_server_restart  (BdCouchServer *self);
void           bd_couch_server_pause    (BdCouchServer *self,
                                         gboolean       paused);
void           bd_couch_server_stop     (BdCouchServer *self);
const char    *bd_couch_server_get_url  (BdCouchServer *self);
guint          bd_couch_server_get_port (BdCouchServer *self);
void           bd_couch_server_child_setup (gpointer    data);

G_END_DECLS
