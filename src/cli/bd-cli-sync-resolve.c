/* bd-cli-sync-resolve.c: backorder-desk-cli sync conflicts, resolve,
 * refused, discard, retry: what a person decides about a sync
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-cli-private.h"
#include "bd-sync-resolve.h"

/* One side of a conflict: “value” (who, when). */
static void
print_side (const char *title,
            JsonObject *row,
            const char *side)
{
  g_autofree char *value_member = g_strconcat (side, "_value", NULL);
  g_autofree char *author_member = g_strconcat (side, "_author", NULL);
  g_autofree char *time_member = g_strconcat (side, "_updated_at", NULL);
  const char *value = json_object_get_string_member_with_default (row, value_member, NULL);
  const char *author = json_object_get_string_member_with_default (row, author_member, NULL);
  const char *when = json_object_get_string_member_with_default (row, time_member, NULL);
  g_autofree char *quoted = value != NULL ? g_strdup_printf (_("“%s”"), value) : g_strdup (_("(none)"));
  g_autofree char *who = NULL;

  if (author != NULL && when != NULL)
    who = g_strdup_printf (" (%s, %s)", author, when);
  else if (author != NULL || when != NULL)
    who = g_strdup_printf (" (%s)", author != NULL ? author : when);
  g_print ("    %-16s%s%s\n", title, quoted, who != NULL ? who : "");
}

/* One list command: --json, no arguments. */
static int
list_command (BdCli       *cli,
              int          argc,
              char       **argv,
              gboolean     conflicts)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("sync %s takes no arguments besides its options"),
                               conflicts ? "conflicts" : "refused");
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  rows = conflicts ? bd_sync_list_open_conflicts (store, &error) : bd_sync_list_refused_writes (store, &error);
  if (rows == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, rows);
      bd_cli_print_json (node);
      return BD_CLI_EXIT_SUCCESS;
    }

  if (json_array_get_length (rows) == 0)
    g_print ("%s\n", conflicts ? _("No conflicts") : _("No refused writes"));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (conflicts)
        {
          /* TRANSLATORS: conflict number, what it is, which field */
          g_print (_("%" G_GINT64_FORMAT ": %s, %s\n"), json_object_get_int_member (row, "id"),
                   json_object_get_string_member (row, "what"), json_object_get_string_member (row, "field"));
          print_side (_("here:"), row, "local");
          print_side (_("on the server:"), row, "remote");
        }
      else
        {
          const char *fields = json_object_get_string_member (row, "fields");

          g_print ("%s: %s\n", json_object_get_string_member (row, "doc_id"),
                   json_object_get_string_member (row, "what"));
          g_print (_("    refused %s: %s\n"), json_object_get_string_member (row, "refused_at"),
                   json_object_get_string_member (row, "reason"));
          if (json_object_get_int_member (row, "on_server") == 0)
            g_print ("    %s\n", _("new here: discarding deletes it"));
          else if (fields[0] != '\0')
            g_print (_("    changed here: %s\n"), fields);
        }
    }
  return BD_CLI_EXIT_SUCCESS;
}

static int
sync_conflicts_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  return list_command (cli, argc, argv, TRUE);
}

static int
sync_refused_cb (BdCli  *cli,
                 int     argc,
                 char  **argv)
{
  return list_command (cli, argc, argv, FALSE);
}

static int
sync_resolve_cb (BdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *value = NULL;
  const GOptionEntry entries[] = {
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, _("Neither side’s value but this one"), "VALUE" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BdSyncChoice choice;
  guint64 id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc < 2 || argc > 3)
    return bd_cli_usage_error (cli, _("sync resolve expects a conflict’s number, then local, remote or --value"));
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return bd_cli_usage_error (cli, _("“%s” is not a conflict’s number (see sync conflicts)"), argv[1]);
  if ((argc == 3) == (value != NULL))
    return bd_cli_usage_error (cli, _("sync resolve expects one of local, remote or --value"));
  if (value != NULL)
    choice = BD_SYNC_KEEP_VALUE;
  else if (g_str_equal (argv[2], "local"))
    choice = BD_SYNC_KEEP_LOCAL;
  else if (g_str_equal (argv[2], "remote"))
    choice = BD_SYNC_KEEP_REMOTE;
  else
    return bd_cli_usage_error (cli, _("“%s” is not a choice: expected local, remote or --value"), argv[2]);

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_sync_resolve_conflict (store, (gint64)id, choice, value, &error))
    return bd_cli_fail (g_steal_pointer (&error));
  g_print (_("Conflict %" G_GUINT64_FORMAT " resolved: the choice goes to the server with the next sync\n"), id);
  return BD_CLI_EXIT_SUCCESS;
}

static int
refused_command (BdCli    *cli,
                 int       argc,
                 char    **argv,
                 gboolean  discard)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = { { NULL } };
  gboolean ok;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("sync %s expects the document id of a refused write (see sync refused)"),
                               discard ? "discard" : "retry");
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  ok = discard ? bd_sync_discard_refused (store, argv[1], &error) : bd_sync_retry_refused (store, argv[1], &error);
  if (!ok)
    return bd_cli_fail (g_steal_pointer (&error));
  if (discard)
    g_print (_("Discarded: %s is as the server has it\n"), argv[1]);
  else
    g_print (_("%s goes to the server again with the next sync\n"), argv[1]);
  return BD_CLI_EXIT_SUCCESS;
}

static int
sync_discard_cb (BdCli  *cli,
                 int     argc,
                 char  **argv)
{
  return refused_command (cli, argc, argv, TRUE);
}

static int
sync_retry_cb (BdCli  *cli,
               int     argc,
               char  **argv)
{
  return refused_command (cli, argc, argv, FALSE);
}

const BdCliCommand bd_cli_sync_resolve_commands[] = {
  { "sync conflicts", "[--json]",
    N_("Conflicts no rule settled, with both values, who wrote each and when"), sync_conflicts_cb },
  { "sync resolve", "ID local|remote|--value VALUE",
    N_("Settle a conflict: this machine’s value, the server’s, or another; it goes to every machine"),
    sync_resolve_cb },
  { "sync refused", "[--json]",
    N_("Writes the server refused, with its reason"), sync_refused_cb },
  { "sync discard", "DOC_ID",
    N_("Give up a refused write: the row goes back to the server’s version"), sync_discard_cb },
  { "sync retry", "DOC_ID",
    N_("Send a refused write again with the next sync (after a role change)"), sync_retry_cb },
  { NULL }
};
