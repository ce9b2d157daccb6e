/* bd-couch-server.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bd-couch-server.h"
#include "bd-test-util.h"

struct _BdCouchServer
{
  char *dir;
  char *data_dir;   /* NULL: in memory */
  guint port;
  char *url;
  GSubprocess *process;
  int nice;         /* added to the server's nice value: 0 or more */
};

static char *
server_script (void)
{
  return g_test_build_filename (G_TEST_DIST, "node_modules", "pouchdb-server", "bin", "pouchdb-server", NULL);
}

/* The sync tests skip only when node itself is missing; a node without the
 * server (tools/install-deps.sh not run) is a failure, not a skip. */
gboolean
bd_couch_server_skip_unless_available (void)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *script = server_script ();

  if (node == NULL)
    {
      g_test_skip ("node is not installed: the sync tests need PouchDB Server (run tools/install-deps.sh)");
      return TRUE;
    }
  if (!g_file_test (script, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: run tools/install-deps.sh", script);

  return FALSE;
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (socket);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A server, or a program a test runs, ends with the test even when the
 * test fails at an assertion and has no time to stop it. */
void
bd_couch_server_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Before node starts its threads, which inherit it. */
static void
server_child_setup (gpointer data)
{
  BdCouchServer *self = data;

  bd_couch_server_child_setup (NULL);
  /* after fork, before exec: a system call, nothing to print from here;
   * the server merely runs at the caller's priority if it fails */
  if (self->nice > 0)
    (void)!nice (self->nice);
}

static void
launch (BdCouchServer *self)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *script = server_script ();
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  g_autofree char *out = g_build_filename (self->dir, "server.out", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  const char *argv[10];
  guint n = 0;

  argv[n++] = "node";
  argv[n++] = script;
  argv[n++] = "--host";
  argv[n++] = "127.0.0.1";
  argv[n++] = "--port";
  argv[n++] = port;
  if (self->data_dir != NULL)
    {
      argv[n++] = "--dir";
      argv[n++] = self->data_dir;
    }
  else
    argv[n++] = "--in-memory";
  argv[n] = NULL;

  g_subprocess_launcher_set_cwd (launcher, self->dir);
  g_subprocess_launcher_set_child_setup (launcher, server_child_setup, self, NULL);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  self->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* until it answers: node takes a second or two to load the server. A
   * deadline for a start that hangs, not a timing assertion. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (TRUE)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", self->url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      if (body != NULL && soup_message_get_status (msg) == SOUP_STATUS_OK)
        break;
      if (g_subprocess_get_identifier (self->process) == NULL || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (out, &log, NULL, NULL);
          g_error ("pouchdb-server did not start on port %u: %s", self->port, log);
        }
      g_usleep (G_USEC_PER_SEC / 10);
    }
}

static void
create_admin (BdCouchServer *self)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("%s_config/admins/" BD_COUCH_SERVER_ADMIN, self->url);
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", uri);
  g_autoptr(GBytes) request = g_bytes_new_static ("\"" BD_COUCH_SERVER_ADMIN_PASSWORD "\"",
                                                  strlen ("\"" BD_COUCH_SERVER_ADMIN_PASSWORD "\""));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
}

/* A server with an admin, BD_COUCH_SERVER_ADMIN (once an admin exists,
 * databases are created as the admin: an unauthenticated PUT of a new
 * database crashes PouchDB Server). Call bd_couch_server_skip_unless_available()
 * first. */
BdCouchServer *
bd_couch_server_start (gboolean in_memory)
{
  return bd_couch_server_start_niced (in_memory, 0);
}

/* As bd_couch_server_start(), with the server's processes at a priority
 * @nice steps lower than the caller's: for a benchmark, where the server
 * stands for another machine and should not compete with the app for this
 * one's processors. */
BdCouchServer *
bd_couch_server_start_niced (gboolean in_memory,
                             int      nice)
{
  BdCouchServer *self;

  g_return_val_if_fail (nice >= 0, NULL);

  self = g_new0 (BdCouchServer, 1);
  self->nice = nice;

  self->dir = bd_test_tmpdir ();
  if (!in_memory)
    {
      self->data_dir = g_build_filename (self->dir, "data", NULL);
      g_assert_cmpint (g_mkdir (self->data_dir, 0700), ==, 0);
    }
  self->port = free_port ();
  self->url = g_strdup_printf ("http://127.0.0.1:%u/", self->port);
  launch (self);
  create_admin (self);

  return self;
}

/* Kills the server as a crash would (SIGKILL). */
void
bd_couch_server_kill (BdCouchServer *self)
{
  if (self->process == NULL)
    return;
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

/* Stops the server where it is (SIGSTOP), or lets it go on: a client's
 * requests wait meanwhile, as on a slow line. */
void
bd_couch_server_pause (BdCouchServer *self,
                       gboolean       paused)
{
  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, paused ? SIGSTOP : SIGCONT);
}

/* Starts a killed server again on its port, with its data (--dir). */
void
bd_couch_server_restart (BdCouchServer *self)
{
  g_assert_nonnull (self->data_dir);
  bd_couch_server_kill (self);
  launch (self);
}

void
bd_couch_server_stop (BdCouchServer *self)
{
  if (self == NULL)
    return;
  bd_couch_server_kill (self);
  bd_test_rm_rf (self->dir);
  g_free (self->dir);
  g_free (self->data_dir);
  g_free (self->url);
  g_free (self);
}

const char *
bd_couch_server_get_url (BdCouchServer *self)
{
  return self->url;
}

guint
bd_couch_server_get_port (BdCouchServer *self)
{
  return self->port;
}
