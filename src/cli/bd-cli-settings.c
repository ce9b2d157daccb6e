/* bd-cli-settings.c: backorder-desk-cli settings, the team's settings
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bd-cli-private.h"
#include "bd-install-settings.h"
#include "bd-team-settings.h"

static char *
known_keys (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const BdTeamSettingSpec *specs;
  guint n_specs;

  const BdInstallSettingSpec *install_specs;
  guint n_install;

  specs = bd_team_setting_specs (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    g_ptr_array_add (keys, (char *)specs[i].key);
  install_specs = bd_install_setting_specs (&n_install);
  for (guint i = 0; i < n_install; i++)
    g_ptr_array_add (keys, (char *)install_specs[i].key);
  g_ptr_array_add (keys, NULL);
  return bd_cli_join ((const char * const *)keys->pdata);
}

/* The spec of @key, or NULL after a usage error: the keys are the
 * program's to know, like the values of --status. */
static const BdTeamSettingSpec *
lookup_key (BdCli      *cli,
            const char *key,
            int        *status)
{
  const BdTeamSettingSpec *spec = bd_team_setting_lookup (key, NULL);

  if (spec == NULL && bd_install_setting_lookup (key) == NULL)
    {
      g_autofree char *known = known_keys ();

      *status = bd_cli_usage_error (cli, _("“%s” is not a team setting: expected %s"), key, known);
    }

  return spec;
}

static int
settings_list_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) settings = NULL;
  g_autoptr(GError) error = NULL;
  const BdInstallSettingSpec *install_specs;
  guint n_install;
  int status;

  install_specs = bd_install_setting_specs (&n_install);
  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("settings list takes no arguments besides its options"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(settings = bd_team_settings_list (store, &error)))
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < settings->len; i++)
        {
          BdTeamSetting *setting = g_ptr_array_index (settings, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, setting->spec->key);
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, setting->value);
          json_builder_set_member_name (builder, "default");
          json_builder_add_boolean_value (builder, !setting->is_set);
          json_builder_set_member_name (builder, "summary");
          json_builder_add_string_value (builder, _(setting->spec->summary));
          json_builder_end_object (builder);
        }
      /* this installation's own, which do not sync */
      for (guint i = 0; i < n_install; i++)
        {
          g_autofree char *value = bd_install_settings_get (store, install_specs[i].key);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, install_specs[i].key);
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, value != NULL ? value : "");
          json_builder_set_member_name (builder, "scope");
          json_builder_add_string_value (builder, "installation");
          json_builder_set_member_name (builder, "summary");
          json_builder_add_string_value (builder, _(install_specs[i].label));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return BD_CLI_EXIT_SUCCESS;
    }

  for (guint i = 0; i < settings->len; i++)
    {
      BdTeamSetting *setting = g_ptr_array_index (settings, i);
      g_auto(GStrv) lines = g_strsplit (setting->value, "\n", -1);
      const char *shown = *setting->value != '\0' ? lines[0] : _("(empty)");

      /* an address's further lines under its first */
      g_print ("%-18s %s%s\n", setting->spec->key, shown, setting->is_set ? "" : _(" (default)"));
      for (guint l = 1; lines[0] != NULL && lines[l] != NULL; l++)
        g_print ("%-18s %s\n", "", lines[l]);
    }
  for (guint i = 0; i < n_install; i++)
    {
      g_autofree char *value = bd_install_settings_get (store, install_specs[i].key);

      g_print ("%-18s %s%s\n", install_specs[i].key, value != NULL ? value : _("(not set)"),
               _(" (this installation)"));
    }

  return BD_CLI_EXIT_SUCCESS;
}

static int
settings_get_cb (BdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("settings get expects the key of a setting"));
  if (bd_install_setting_lookup (argv[1]) == NULL && !lookup_key (cli, argv[1], &status))
    return status;

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (bd_install_setting_lookup (argv[1]) != NULL)
    {
      value = bd_install_settings_get (store, argv[1]);
      g_print ("%s\n", value != NULL ? value : "");
      return BD_CLI_EXIT_SUCCESS;
    }
  if (!(value = bd_team_settings_get (store, argv[1], &error)))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print ("%s\n", value);
  return BD_CLI_EXIT_SUCCESS;
}

static int
settings_set_cb (BdCli  *cli,
                 int     argc,
                 char  **argv)
{
  const BdTeamSettingSpec *spec;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("settings set expects the key of a setting and its value"));
  /* this installation's own: how it reaches its mail server and gateway */
  if (bd_install_setting_lookup (argv[1]) != NULL)
    {
      if (!bd_install_setting_check (argv[1], argv[2], &error))
        return bd_cli_usage_error (cli, "%s", error->message);
      if (!(store = bd_cli_open_store (cli)))
        return BD_CLI_EXIT_FAILURE;
      if (!bd_install_settings_set (store, argv[1], argv[2], &error))
        return bd_cli_fail (g_steal_pointer (&error));
      return BD_CLI_EXIT_SUCCESS;
    }
  if (!(spec = lookup_key (cli, argv[1], &status)))
    return status;
  /* what a setting takes is known before the store is opened, like the
   * priorities of backorder set-priority */
  if (!(normalized = bd_team_setting_normalize (spec, argv[2], &error)))
    return bd_cli_usage_error (cli, "%s", error->message);

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_team_settings_set (store, argv[1], argv[2], NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_settings_commands[] = {
  { "settings list", "[--json]",
    N_("List the team’s settings: PO header, PO number prefix, handling and chase days, allocation policy"),
    settings_list_cb },
  { "settings get", "KEY",
    N_("Print the value of one team setting"), settings_get_cb },
  { "settings set", "KEY VALUE",
    N_("Change a team setting for the whole team"), settings_set_cb },
  { NULL }
};
