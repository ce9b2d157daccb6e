/* sms-gateway.c: an SMS gateway for the tests, a SoupServer in a process of
 * its own
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sms-gateway OUT STATUS BODY [stall]
 *
 * Listens on a free loopback port, prints "READY <port>", answers every
 * POST to /sms with STATUS and BODY (or never, with "stall"), and appends
 * "METHOD PATH|AUTHORIZATION|CONTENT-TYPE|BODY" of each request to OUT.
 * It runs until it is killed. In a process of its own because Debian 12's
 * libsoup 3.2 server leaks a listener's address and every connection a
 * client closes (fixed in 3.3), which the sanitizers would count against
 * the test that runs it.
 */

#define G_LOG_DOMAIN "sms-gateway"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>

static const char *out_path;
static guint status;
static const char *answer;
static gboolean stall;

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *line = g_strdup_printf ("%s %s|%s|%s|%.*s\n", soup_server_message_get_method (msg), path,
                                           soup_message_headers_get_one (headers, "Authorization"),
                                           soup_message_headers_get_content_type (headers, NULL),
                                           (int)g_bytes_get_size (bytes), (const char *)g_bytes_get_data (bytes, NULL));
  FILE *out = fopen (out_path, "a");

  fputs (line, out);
  fclose (out);

  if (stall)
    {
      soup_server_message_pause (msg);
      return;
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;

  if (argc < 4)
    {
      g_printerr ("usage: sms-gateway OUT STATUS BODY [stall]\n");
      return 2;
    }
  out_path = argv[1];
  status = (guint)g_ascii_strtoull (argv[2], NULL, 10);
  answer = argv[3];
  stall = argc > 4 && g_str_equal (argv[4], "stall");

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/sms", handler_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  g_print ("READY %d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
