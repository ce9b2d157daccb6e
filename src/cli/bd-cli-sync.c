/* bd-cli-sync.c: backorder-desk-cli sync: preparing a CouchDB server, its
 * users, and syncing with it
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "bd-cli-private.h"
#include "bd-secrets.h"
#include "bd-sync.h"
#include "bd-sync-setup.h"

#define PROGRAM "backorder-desk-cli"

/* A password from @variable, else asked on the terminal without echo;
 * never from the command line, which other users see in ps. NULL after
 * saying why. */
static char *
read_password (const char *variable,
               const char *prompt)
{
  const char *value = g_getenv (variable);
  g_autoptr(GString) line = g_string_new (NULL);
  struct termios old, quiet;
  char c;
  int fd;

  if (value != NULL && *value != '\0')
    return g_strdup (value);

  fd = g_open ("/dev/tty", O_RDWR | O_NOCTTY, 0);
  if (fd < 0)
    {
      g_printerr (_("%s: no password: set %s, or run this in a terminal to be asked\n"), PROGRAM, variable);
      return NULL;
    }
  if (write (fd, prompt, strlen (prompt)) < 0 || tcgetattr (fd, &old) != 0)
    {
      close (fd);
      g_printerr (_("%s: no password: set %s, or run this in a terminal to be asked\n"), PROGRAM, variable);
      return NULL;
    }
  quiet = old;
  quiet.c_lflag &= ~ECHO;
  tcsetattr (fd, TCSAFLUSH, &quiet);
  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  tcsetattr (fd, TCSAFLUSH, &old);
  if (write (fd, "\n", 1) < 0)
    {
      /* only the line end after the hidden password */
    }
  close (fd);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
clear_password (char *password)
{
  if (password == NULL)
    return;
  memset (password, 0, strlen (password));
  g_free (password);
}

typedef char BdPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdPassword, clear_password)

/* The admin's connection: --url, --db and --admin-user, or what sync
 * setup remembered in the store. */
static BdCouch *
admin_couch (BdStore     *store,
             const char  *url,
             const char  *db,
             const char  *admin_user,
             const char  *ca_file)
{
  g_autofree char *saved_url = bd_sync_get_setting (store, "sync.setup_url");
  g_autofree char *saved_db = bd_sync_get_setting (store, "sync.setup_db");
  g_autofree char *saved_admin = bd_sync_get_setting (store, "sync.admin_user");
  g_autoptr(BdPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  BdCouch *couch;

  url = url != NULL ? url : saved_url;
  db = db != NULL ? db : saved_db;
  admin_user = admin_user != NULL ? admin_user : saved_admin;
  if (url == NULL || db == NULL || admin_user == NULL)
    {
      g_printerr (_("%s: no server: give --url, --db and --admin-user, or run sync setup first\n"), PROGRAM);
      return NULL;
    }
  prompt = g_strdup_printf (_("Password of %s on %s: "), admin_user, url);
  password = read_password ("BD_SYNC_PASSWORD", prompt);
  if (password == NULL)
    return NULL;
  couch = bd_couch_new (url, db, admin_user, password, &error);
  if (couch == NULL)
    bd_cli_fail (g_steal_pointer (&error));
  else if (ca_file != NULL && !bd_couch_set_ca_file (couch, ca_file, &error))
    {
      bd_cli_fail (g_steal_pointer (&error));
      g_clear_pointer (&couch, bd_couch_free);
    }
  return couch;
}

static int
sync_setup_cb (BdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *admin_user = NULL;
  g_autofree char *ca_file = NULL;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, _("The server’s address, https://host:port/"), "URL" },
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, _("The team’s database on it"), "NAME" },
    { "admin-user", 0, 0, G_OPTION_ARG_STRING, &admin_user,
      _("The server admin (password from BD_SYNC_PASSWORD, or asked)"), "USER" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      _("Trust the certificate authorities of this PEM file instead of the system’s"), "PATH" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSyncMap) map = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("sync setup takes no arguments besides its options"));
  if (url == NULL || db == NULL || admin_user == NULL)
    return bd_cli_usage_error (cli, _("sync setup needs --url, --db and --admin-user"));
  /* a wrong address or name is a wrong command line */
  couch = bd_couch_new (url, db, admin_user, "", &error);
  if (couch == NULL)
    return bd_cli_usage_error (cli, "%s", error->message);
  g_clear_pointer (&couch, bd_couch_free);

  if (!(store = bd_cli_open_or_create_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(couch = admin_couch (store, url, db, admin_user, ca_file)))
    return BD_CLI_EXIT_FAILURE;
  if (!(map = bd_sync_map_new (store, &error)) ||
      !bd_sync_setup_server (couch, map, NULL, &error) ||
      !bd_sync_save_server (store, bd_couch_get_url (couch), db, admin_user, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print (_("Database “%s” on %s is ready: members by role (agent, purchasing, importer, admin),"
             " and the rules of this version\n"), db, bd_couch_get_url (couch));
  return BD_CLI_EXIT_SUCCESS;
}

static int
user_command (BdCli       *cli,
              int          argc,
              char       **argv,
              const char  *what)
{
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *admin_user = NULL;
  g_autofree char *role = NULL;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, _("agent, purchasing, importer or admin"), "ROLE" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, _("The server’s address (default: the one sync setup prepared)"), "URL" },
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, _("The team’s database (default: the one sync setup prepared)"), "NAME" },
    { "admin-user", 0, 0, G_OPTION_ARG_STRING, &admin_user,
      _("The server admin (password from BD_SYNC_PASSWORD, or asked)"), "USER" },
    { NULL }
  };
  const GOptionEntry *used = entries;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int status;

  /* set-role takes its role as an argument, remove-user none */
  if (!g_str_equal (what, "add-user"))
    used = entries + 1;
  if (!bd_cli_parse (cli, used, &argc, &argv, &status))
    return status;
  if (g_str_equal (what, "set-role"))
    {
      if (argc != 3)
        return bd_cli_usage_error (cli, _("sync set-role expects a user’s name and a role"));
      role = g_strdup (argv[2]);
    }
  else if (argc != 2)
    return bd_cli_usage_error (cli, _("sync %s expects a user’s name"), what);
  if (g_str_equal (what, "add-user") && role == NULL)
    return bd_cli_usage_error (cli, _("sync add-user needs --role"));
  if (role != NULL && !bd_sync_role_is_valid (role))
    return bd_cli_usage_error (cli, _("“%s” is not a role: expected agent, purchasing, importer or admin"), role);

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(couch = admin_couch (store, url, db, admin_user, NULL)))
    return BD_CLI_EXIT_FAILURE;

  if (g_str_equal (what, "add-user"))
    {
      g_autofree char *prompt = g_strdup_printf (_("Password for the new user %s: "), argv[1]);
      g_autoptr(BdPassword) password = read_password ("BD_SYNC_USER_PASSWORD", prompt);

      if (password == NULL)
        return BD_CLI_EXIT_FAILURE;
      ok = bd_sync_add_user (couch, argv[1], role, password, NULL, &error);
    }
  else if (g_str_equal (what, "set-role"))
    ok = bd_sync_set_role (couch, argv[1], role, NULL, &error);
  else
    ok = bd_sync_remove_user (couch, argv[1], NULL, &error);

  if (!ok)
    return bd_cli_fail (g_steal_pointer (&error));
  return BD_CLI_EXIT_SUCCESS;
}

static int
sync_add_user_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  return user_command (cli, argc, argv, "add-user");
}

static int
sync_set_role_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  return user_command (cli, argc, argv, "set-role");
}

static int
sync_remove_user_cb (BdCli  *cli,
                     int     argc,
                     char  **argv)
{
  return user_command (cli, argc, argv, "remove-user");
}

static gboolean
interrupted_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* SIGINT and SIGTERM cancel a continuous sync: a thread of its own
 * watches for them, as the sync holds this one. */
static gpointer
signal_thread (gpointer data)
{
  GCancellable *cancellable = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) sigint = g_unix_signal_source_new (SIGINT);
  g_autoptr(GSource) sigterm = g_unix_signal_source_new (SIGTERM);

  g_source_set_callback (sigint, interrupted_cb, cancellable, NULL);
  g_source_set_callback (sigterm, interrupted_cb, cancellable, NULL);
  g_source_attach (sigint, context);
  g_source_attach (sigterm, context);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (context, TRUE);
  g_source_destroy (sigint);
  g_source_destroy (sigterm);
  return NULL;
}

static void
print_report (BdSync *sync)
{
  const BdSyncReport *report = bd_sync_get_report (sync);

  g_print (_("Synced: %u sent, %u received, %u merged, %u refused, %u new conflicts\n"), report->pushed,
           report->pulled, report->merged, report->refused, report->conflicts);
}

static int
sync_run_cb (BdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *user = NULL;
  g_autofree char *ca_file = NULL;
  gboolean once = FALSE;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, _("Sync once and exit (default: until interrupted)"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, _("The server’s address (default: the last one used)"), "URL" },
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, _("The team’s database (default: the last one used)"), "NAME" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      _("The user to sync as (password from BD_SYNC_PASSWORD or the keyring)"), "USER" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      _("Trust the certificate authorities of this PEM file instead of the system’s (default: the last one given)"),
      "PATH" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(BdPassword) password = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_url = NULL;
  g_autofree char *saved_db = NULL;
  g_autofree char *saved_user = NULL;
  g_autofree char *account = NULL;
  GThread *watcher = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("sync run takes no arguments besides its options"));
  if (url != NULL && !(couch = bd_couch_new (url, db != NULL ? db : "x", NULL, NULL, &error)))
    return bd_cli_usage_error (cli, "%s", error->message);
  g_clear_pointer (&couch, bd_couch_free);

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  saved_url = bd_sync_get_setting (store, "sync.url");
  saved_db = bd_sync_get_setting (store, "sync.db");
  saved_user = bd_sync_get_setting (store, "sync.user");
  /* the server last synced with, else the one sync setup prepared */
  if (saved_url == NULL && saved_db == NULL)
    {
      saved_url = bd_sync_get_setting (store, "sync.setup_url");
      saved_db = bd_sync_get_setting (store, "sync.setup_db");
    }
  if (url == NULL)
    url = g_steal_pointer (&saved_url);
  if (db == NULL)
    db = g_steal_pointer (&saved_db);
  if (user == NULL)
    user = g_steal_pointer (&saved_user);
  /* the CA file last given, or the one the app's Preferences keep */
  if (ca_file == NULL)
    ca_file = bd_sync_get_setting (store, "sync.ca_file");
  if (ca_file != NULL && *ca_file == '\0')
    g_clear_pointer (&ca_file, g_free);
  if (url == NULL || db == NULL || user == NULL)
    {
      g_printerr (_("%s: no server: give --url, --db and --user\n"), PROGRAM);
      return BD_CLI_EXIT_FAILURE;
    }

  /* the environment first: what a script sets is meant */
  if (g_getenv ("BD_SYNC_PASSWORD") != NULL && *g_getenv ("BD_SYNC_PASSWORD") != '\0')
    password = g_strdup (g_getenv ("BD_SYNC_PASSWORD"));
  else
    {
      const char *source = NULL;

      account = g_strconcat (user, "@", url, NULL);
      password = bd_secret_lookup_for_cli (BD_SECRET_SYNC, account, &source, &error);
      bd_secrets_disconnect ();
      if (password == NULL)
        {
          g_printerr (_("%s: no password for %s: set BD_SYNC_PASSWORD or keep it in the keyring%s%s\n"), PROGRAM,
                      user, error != NULL ? ": " : "", error != NULL ? error->message : "");
          return BD_CLI_EXIT_FAILURE;
        }
    }

  if (!(couch = bd_couch_new (url, db, user, password, &error)) ||
      (ca_file != NULL && !bd_couch_set_ca_file (couch, ca_file, &error)))
    return bd_cli_fail (g_steal_pointer (&error));
  if (!(sync = bd_sync_new (store, couch, &error)))
    return bd_cli_fail (g_steal_pointer (&error));
  /* what this machine does from now on is done in the sync user's name */
  bd_store_set_author (store, user);

  if (once)
    {
      if (!bd_sync_run_once (sync, NULL, &error))
        return bd_cli_fail (g_steal_pointer (&error));
      print_report (sync);
      return BD_CLI_EXIT_SUCCESS;
    }

  watcher = g_thread_new ("signals", signal_thread, cancellable);
  status = BD_CLI_EXIT_SUCCESS;
  while (!g_cancellable_is_cancelled (cancellable))
    {
      if (!bd_sync_run_once (sync, cancellable, &error) ||
          !bd_sync_wait_for_changes (sync, 10000, cancellable, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            break;
          /* offline, or the server down: say so and try again */
          g_printerr (PROGRAM ": %s\n", error->message);
          g_clear_error (&error);
          if (g_cancellable_is_cancelled (cancellable))
            break;
          g_usleep (5 * G_USEC_PER_SEC);
          continue;
        }
      print_report (sync);
    }
  g_cancellable_cancel (cancellable);
  g_thread_join (watcher);
  return status;
}

static int
sync_status_cb (BdCli  *cli,
                int     argc,
                char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) refused = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  BdSyncStatus state;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("sync status takes no arguments besides its options"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_sync_status_load (store, &state, &error) ||
      !(refused = bd_sync_list_refused (store, &error)) ||
      !(conflicts = bd_sync_list_conflicts (store, &error)))
    {
      bd_sync_status_clear (&state);
      return bd_cli_fail (g_steal_pointer (&error));
    }

  if (json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

#define SET_TEXT(name, value) \
  if ((value) != NULL) json_object_set_string_member (object, name, value); \
  else json_object_set_null_member (object, name)
      SET_TEXT ("url", state.url);
      SET_TEXT ("db", state.db);
      SET_TEXT ("user", state.user);
      SET_TEXT ("last_seq", state.last_seq);
      SET_TEXT ("last_sync", state.last_sync);
#undef SET_TEXT
      json_object_set_int_member (object, "pending_changes", state.dirty);
      json_object_set_int_member (object, "waiting_documents", state.pending);
      json_object_set_array_member (object, "refused", json_array_ref (refused));
      json_object_set_array_member (object, "conflicts", json_array_ref (conflicts));
      json_node_set_object (node, object);
      bd_cli_print_json (node);
    }
  else
    {
      g_print (_("Server:          %s\n"), state.url != NULL ? state.url : _("(not set up)"));
      g_print (_("Database:        %s\n"), state.db != NULL ? state.db : _("(not set up)"));
      g_print (_("User:            %s\n"), state.user != NULL ? state.user : _("(none)"));
      g_print (_("Last sequence:   %s\n"), state.last_seq != NULL ? state.last_seq : _("(never synced)"));
      g_print (_("Last sync:       %s\n"), state.last_sync != NULL ? state.last_sync : _("(never)"));
      g_print (_("Pending changes: %" G_GINT64_FORMAT "\n"), state.dirty);
      if (state.pending > 0)
        g_print (_("Waiting:         %" G_GINT64_FORMAT " received documents wait for rows they name\n"),
                 state.pending);
      g_print (_("Refused writes:  %u\n"), json_array_get_length (refused));
      for (guint i = 0; i < json_array_get_length (refused); i++)
        {
          JsonObject *row = json_array_get_object_element (refused, i);

          g_print ("  %s: %s\n", json_object_get_string_member (row, "doc_id"),
                   json_object_get_string_member (row, "reason"));
        }
      g_print (_("Conflicts:       %u\n"), json_array_get_length (conflicts));
      for (guint i = 0; i < json_array_get_length (conflicts); i++)
        {
          JsonObject *row = json_array_get_object_element (conflicts, i);
          const char *local = json_object_get_string_member_with_default (row, "local_value", NULL);
          const char *remote = json_object_get_string_member_with_default (row, "remote_value", NULL);

          g_print (_("  %s %s: here “%s”, on the server “%s”\n"), json_object_get_string_member (row, "doc_id"),
                   json_object_get_string_member (row, "field"), local != NULL ? local : _("(none)"),
                   remote != NULL ? remote : _("(none)"));
        }
    }

  bd_sync_status_clear (&state);
  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_sync_commands[] = {
  { "sync setup", "--url URL --db NAME --admin-user USER [--ca-file PATH]",
    N_("Prepare a CouchDB server for the team: database, members by role, the rules of who writes what"),
    sync_setup_cb },
  { "sync add-user", "NAME --role agent|purchasing|importer|admin [--url URL] [--db NAME] [--admin-user USER]",
    N_("Add a user of the team’s server (password from BD_SYNC_USER_PASSWORD, or asked)"), sync_add_user_cb },
  { "sync set-role", "NAME agent|purchasing|importer|admin [--url URL] [--db NAME] [--admin-user USER]",
    N_("Give a user of the team’s server another role"), sync_set_role_cb },
  { "sync remove-user", "NAME [--url URL] [--db NAME] [--admin-user USER]",
    N_("Remove a user from the team’s server"), sync_remove_user_cb },
  { "sync run", "[--once] [--url URL] [--db NAME] [--user USER] [--ca-file PATH]",
    N_("Sync with the team’s server, once or until interrupted"), sync_run_cb },
  { "sync status", "[--json]",
    N_("Where this database stands with the server: last sequence, pending changes, refused writes, conflicts"),
    sync_status_cb },
  { NULL }
};
