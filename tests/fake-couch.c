/* fake-couch.c: a CouchDB that answers wrongly, for test-sync: a
 * SoupServer in a process of its own
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   fake-couch CHANGES BULK [CERT KEY]
 *
 * Listens on a free loopback port (HTTPS with the certificate CERT and
 * its key KEY when given), prints "READY <port>", and answers
 * every request with 200: CHANGES to a path ending in /_changes, BULK to
 * one ending in /_bulk_docs, the request's Accept-Encoding to
 * /_accept_encoding ({"accept_encoding": null when there was none}), {}
 * to any other. It runs until it is killed. CHANGES may also be pages by
 * the request's since, a line each: "since=SEQ REPLY"; a since without a
 * line gets no changes.
 * In a process of its own for the reason sms-gateway.c gives (Debian 12's
 * libsoup 3.2 server leaks what the sanitizers would count against the
 * test).
 */

#define G_LOG_DOMAIN "fake-couch"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>

static const char *changes;
static const char *bulk;

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *body = "{}";
  g_autofree char *echo = NULL;

  if (g_str_has_suffix (path, "/_accept_encoding"))
    {
      const char *value = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                         "Accept-Encoding");
      g_autofree char *quoted = value != NULL ? g_strescape (value, NULL) : NULL;

      body = echo = quoted != NULL ? g_strdup_printf ("{\"accept_encoding\": \"%s\"}", quoted)
                                   : g_strdup ("{\"accept_encoding\": null}");
    }
  else if (g_str_has_suffix (path, "/_changes") && g_str_has_prefix (changes, "since="))
    {
      const char *since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
      g_auto(GStrv) pages = g_strsplit (changes, "\n", -1);
      g_autofree char *prefix = g_strdup_printf ("since=%s ", since != NULL ? since : "0");

      body = echo = g_strdup_printf ("{\"results\": [], \"last_seq\": \"%s\"}", since != NULL ? since : "0");
      for (guint i = 0; pages[i] != NULL; i++)
        if (g_str_has_prefix (pages[i], prefix))
          {
            g_free (echo);
            body = echo = g_strdup (pages[i] + strlen (prefix));
          }
    }
  else if (g_str_has_suffix (path, "/_changes"))
    body = changes;
  else if (g_str_has_suffix (path, "/_bulk_docs"))
    body = bulk;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;

  if (argc != 3 && argc != 5)
    {
      g_printerr ("usage: fake-couch CHANGES BULK [CERT KEY]\n");
      return 2;
    }
  changes = argv[1];
  bulk = argv[2];

  if (argc == 5)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (argv[3], argv[4], &error);

      if (certificate == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      server = soup_server_new ("tls-certificate", certificate, NULL);
    }
  else
    server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY |
                                 (argc == 5 ? SOUP_SERVER_LISTEN_HTTPS : 0), &error))
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
