/* bd-sync-test-util.c: what the sync tests share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-sync.h"
#include "bd-sync-test-util.h"
#include "bd-test-util.h"

BdSyncTestClient *
bd_sync_test_client_new (const char *author)
{
  BdSyncTestClient *client = g_new0 (BdSyncTestClient, 1);

  client->store = bd_test_store_new (&client->dir);
  bd_store_set_author (client->store, author);
  return client;
}

void
bd_sync_test_client_free (BdSyncTestClient *client)
{
  g_clear_object (&client->store);
  bd_test_rm_rf (client->dir);
  g_free (client->dir);
  g_free (client);
}

BdCouch *
bd_sync_test_couch_new (BdCouchServer *server,
                        const char    *user,
                        const char    *password)
{
  g_autoptr(GError) error = NULL;
  BdCouch *couch = bd_couch_new (bd_couch_server_get_url (server), BD_SYNC_TEST_DB, user, password, &error);

  g_assert_no_error (error);
  return couch;
}

/* The server's answer to a request of its admin on the team's database. */
JsonNode *
bd_sync_test_admin_request (BdCouchServer *server,
                            const char    *method,
                            const char    *path,
                            const char    *body)
{
  g_autoptr(BdCouch) couch = bd_sync_test_couch_new (server, BD_COUCH_SERVER_ADMIN, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_autoptr(JsonNode) request = body != NULL ? json_from_string (body, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *reply = bd_couch_request (couch, method, path, request, NULL, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

/* A server with the team's database, empty, or NULL when the test is
 * skipped (bd_couch_server_skip_unless_available()). */
BdCouchServer *
bd_sync_test_server_start (void)
{
  BdCouchServer *server;
  g_autoptr(JsonNode) reply = NULL;

  if (bd_couch_server_skip_unless_available ())
    return NULL;
  server = bd_couch_server_start (TRUE);
  reply = bd_sync_test_admin_request (server, "PUT", "", NULL);
  return server;
}

/* One sync of @client with the team's database as @user, in pages of
 * @page_size (0: the engine's own). */
void
bd_sync_test_client_sync (BdSyncTestClient *client,
                          BdCouchServer    *server,
                          const char       *user,
                          const char       *password,
                          guint             page_size)
{
  g_autoptr(BdCouch) couch = bd_sync_test_couch_new (server, user, password);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSync) sync = bd_sync_new (client->store, couch, &error);

  g_assert_no_error (error);
  if (page_size > 0)
    bd_sync_set_page_size (sync, page_size);
  bd_sync_run_once (sync, NULL, &error);
  g_assert_no_error (error);
}
