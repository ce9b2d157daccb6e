/* bd-sync-test-util.h: what the sync tests share: machines (stores of
 * their own) syncing with a PouchDB Server
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-couch-server.h"
#include "bd-couch.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* The team's database on the server. */
#define BD_SYNC_TEST_DB "team"

/* One machine: a store in a directory of its own. */
typedef struct
{
  char *dir;
  BdStore *store;
} BdSyncTestClient;

BdSyncTestClient *bd_sync_test_client_new   (const char       *author);
void              bd_sync_test_client_free  (BdSyncTestClient *client);
void              bd_sync_test_client_sync  (BdSyncTestClient *client,
                                             BdCouchServer    *server,
                                             const char       *user,
                                             const char       *password,
                                             guint             page_size);
BdCouch          *bd_sync_test_couch_new    (BdCouchServer    *server,
                                             const char       *user,
                                             const char       *password);
JsonNode         *bd_sync_test_admin_request (BdCouchServer   *server,
                                              const char      *method,
                                              const char      *path,
                                              const char      *body);
BdCouchServer    *bd_sync_test_server_start (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSyncTestClient, bd_sync_test_client_free)

G_END_DECLS
