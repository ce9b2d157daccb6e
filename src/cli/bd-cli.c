/* bd-cli.c: backorder-desk-cli, the headless program: its options, the
 * dispatch to the commands of the other bd-cli-*.c files, and help
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "backorder-desk-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "bd-actions.h"
#include "bd-cli-private.h"

#define PROGRAM "backorder-desk-cli"

/* In the order the usage lists them. */
static const BdCliCommand * const command_tables[] = {
  bd_cli_data_commands,
  bd_cli_backorder_commands,
  bd_cli_message_commands,
  bd_cli_purchasing_commands,
  bd_cli_settings_commands,
  bd_cli_supplier_commands,
  bd_cli_metrics_commands,
  bd_cli_forecast_commands,
  bd_cli_sync_commands,
  bd_cli_sync_resolve_commands,
};

static GPtrArray *
all_commands (void)
{
  static GPtrArray *commands;

  if (commands == NULL)
    {
      commands = g_ptr_array_new ();
      for (guint t = 0; t < G_N_ELEMENTS (command_tables); t++)
        for (const BdCliCommand *c = command_tables[t]; c->name != NULL; c++)
          g_ptr_array_add (commands, (gpointer)c);
    }

  return commands;
}

/* The first word of @name is @group; the second, if any, in @second. */
static gboolean
name_in_group (const char  *name,
               const char  *group,
               const char **second)
{
  gsize len = strlen (group);

  if (strncmp (name, group, len) != 0 || (name[len] != '\0' && name[len] != ' '))
    return FALSE;

  *second = name[len] == ' ' ? name + len + 1 : NULL;
  return TRUE;
}

static void
append_usage_line (GString            *out,
                   const char         *indent,
                   const BdCliCommand *command)
{
  g_string_append_printf (out, "%s" PROGRAM " [--database PATH] %s%s%s\n", indent,
                          command->name, *command->arguments ? " " : "", command->arguments);
}

/* The usage lines of every command (the README's list is this list). */
static void
append_usage (GString *out)
{
  GPtrArray *commands = all_commands ();

  g_string_append (out, _("Usage:\n"));
  g_string_append (out, "  " PROGRAM " [--database PATH [--create]] COMMAND …\n");
  for (guint i = 0; i < commands->len; i++)
    append_usage_line (out, "  ", g_ptr_array_index (commands, i));
  g_string_append (out, "  " PROGRAM " COMMAND --help|-h\n");
  g_string_append (out, "  " PROGRAM " --help|-h\n");
  g_string_append (out, "  " PROGRAM " --version\n");
}

#define OPTION_WIDTH 22
#define LINE_WIDTH 79

/* "  --name ARG   description", the description wrapped at word ends to
 * fit a terminal of 80 columns. */
static void
append_option (GString    *out,
               const char *option,
               const char *description)
{
  g_auto(GStrv) words = g_strsplit (description, " ", -1);
  glong column;

  g_string_append_printf (out, "  %s", option);
  column = 2 + g_utf8_strlen (option, -1);
  if (column > OPTION_WIDTH + 2)
    {
      g_string_append_c (out, '\n');
      column = 0;
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (i == 0 || column + 1 + len > LINE_WIDTH)
        {
          if (i > 0)
            {
              g_string_append_c (out, '\n');
              column = 0;
            }
          for (; column < OPTION_WIDTH + 4; column++)
            g_string_append_c (out, ' ');
        }
      else
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += len;
    }
  g_string_append_c (out, '\n');
}

static int
print_help (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GPtrArray *commands = all_commands ();

  append_usage (out);

  g_string_append (out, _("\nCommands:\n"));
  for (guint i = 0; i < commands->len; i++)
    {
      const BdCliCommand *command = g_ptr_array_index (commands, i);

      append_option (out, command->name, _(command->summary));
    }

  g_string_append (out, _("\nOptions before the command:\n"));
  append_option (out, "--database PATH", _("The database to use instead of the application’s own"));
  append_option (out, "--create", _("Make a new database at PATH if it names no file"));
  append_option (out, "-h, --help", _("Show this help (after a command: that command’s help)"));
  append_option (out, "--version", _("Show the version"));

  g_string_append (out, _("\nExit status: 0 on success; 1 when the database refuses a change or the\n"
                          "work fails; 2 for a wrong command line.\n"));

  g_print ("%s", out->str);
  return BD_CLI_EXIT_SUCCESS;
}

/* The commands of @group, for a group named without one of them. */
static void
append_group (GString    *out,
              const char *group)
{
  GPtrArray *commands = all_commands ();

  g_string_append (out, _("Usage:\n"));
  for (guint i = 0; i < commands->len; i++)
    {
      const BdCliCommand *command = g_ptr_array_index (commands, i);
      const char *second;

      if (name_in_group (command->name, group, &second))
        append_usage_line (out, "  ", command);
    }
}

int
bd_cli_fail (GError *error)
{
  g_printerr (PROGRAM ": %s\n", error->message);
  g_error_free (error);
  return BD_CLI_EXIT_FAILURE;
}

static void
append_command_usage (GString            *out,
                      const BdCliCommand *command)
{
  g_string_append (out, _("Usage: "));
  append_usage_line (out, "", command);
}

int
bd_cli_usage_error (BdCli      *cli,
                    const char *format,
                    ...)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_string_append_printf (out, PROGRAM ": %s\n\n", message);
  if (cli != NULL && cli->command != NULL)
    {
      append_command_usage (out, cli->command);
      g_string_append_printf (out, _("Try “%s %s --help” for more.\n"), PROGRAM, cli->command->name);
    }
  else
    append_usage (out);

  g_printerr ("%s", out->str);
  return BD_CLI_EXIT_USAGE;
}

static void
print_command_help (const BdCliCommand *command,
                    const GOptionEntry *entries)
{
  g_autoptr(GString) out = g_string_new (NULL);

  append_command_usage (out, command);
  g_string_append_printf (out, "\n%s\n", _(command->summary));

  g_string_append (out, _("\nOptions:\n"));
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    {
      g_autofree char *option = NULL;

      if (entries[i].arg == G_OPTION_ARG_NONE)
        option = g_strdup_printf ("--%s", entries[i].long_name);
      else
        option = g_strdup_printf ("--%s %s", entries[i].long_name, entries[i].arg_description);
      append_option (out, option, entries[i].description);
    }
  append_option (out, "-h, --help", _("Show this help"));

  g_print ("%s", out->str);
}

/* Parses the options of the command being run out of @argv, leaving its
 * other arguments. FALSE when the command is done: --help was asked for
 * (@status 0) or the options are wrong (@status 2). The descriptions of
 * @entries are translated already; --help shows them. */
gboolean
bd_cli_parse (BdCli                *cli,
              const GOptionEntry   *entries,
              int                  *argc,
              char               ***argv,
              int                  *status)
{
  static const GOptionEntry no_entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert (cli->command != NULL);

  /* GOption with its help turned off takes -h for an unknown option; its
   * help would list options GOption's way, without the usage line */
  for (int i = 1; i < *argc && !g_str_equal ((*argv)[i], "--"); i++)
    {
      const char *arg = (*argv)[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_command_help (cli->command, entries);
          *status = BD_CLI_EXIT_SUCCESS;
          return FALSE;
        }

      /* the value of an option (--reason -h) is not a question */
      for (guint e = 0; entries != NULL && entries[e].long_name != NULL; e++)
        if (entries[e].arg != G_OPTION_ARG_NONE && g_str_has_prefix (arg, "--") &&
            g_str_equal (arg + 2, entries[e].long_name))
          i++;
    }

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries ? entries : no_entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = bd_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* "a, b, c": lists of values in messages. */
char *
bd_cli_join (const char * const *words)
{
  return g_strjoinv (", ", (char **)words);
}

static BdStore *
open_store (BdCli    *cli,
            gboolean  create)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = cli->database;
  BdStore *store;

  /* the application's own database is made on first use */
  if (path == NULL)
    {
      path = default_path = bd_store_default_path ();
      create = TRUE;
    }

  store = create || cli->create ? bd_store_create (path, &error) : bd_store_open (path, &error);
  if (store == NULL)
    {
      if (g_error_matches (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND))
        g_printerr (_("backorder-desk-cli: %s (give --create before the command to make a new "
                      "database there)\n"), error->message);
      else
        g_printerr (PROGRAM ": %s\n", error->message);
    }

  return store;
}

/* The database of --database, made only with --create (a path that names
 * no file is more often a typing mistake than a wish); NULL after saying
 * why. */
BdStore *
bd_cli_open_store (BdCli *cli)
{
  return open_store (cli, FALSE);
}

/* Prints @node as indented JSON and a line end. */
void
bd_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

/* The line REF names, in a store opened for it; FALSE after saying why
 * (no such line, or no store), with @status. */
gboolean
bd_cli_open_line (BdCli       *cli,
                  const char  *ref,
                  BdStore    **store,
                  gint64      *line_id,
                  int         *status)
{
  g_autoptr(GError) error = NULL;

  *status = BD_CLI_EXIT_FAILURE;
  if (!(*store = bd_cli_open_store (cli)))
    return FALSE;

  if (!bd_actions_find_line (*store, ref, line_id, &error))
    {
      *status = bd_cli_fail (g_steal_pointer (&error));
      return FALSE;
    }

  return TRUE;
}

/* The same, made if need be: for demo, whose job that is. */
BdStore *
bd_cli_open_or_create_store (BdCli *cli)
{
  return open_store (cli, TRUE);
}

static int run (BdCli  *cli,
                int     argc,
                char  **argv);

/* help [COMMAND]: the same as --help, before or after the command. */
static int
run_help (BdCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  if (argc <= 1 || argv[1][0] == '-')
    return print_help ();

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, (char *)"--help");
  g_ptr_array_add (args, NULL);
  return run (cli, args->len - 1, (char **)args->pdata);
}

/* Finds the command that @argv starts with and runs it. */
static int
run (BdCli  *cli,
     int     argc,
     char  **argv)
{
  g_autoptr(GPtrArray) seconds = g_ptr_array_new ();
  GPtrArray *commands = all_commands ();
  const BdCliCommand *single = NULL;
  const char *group = argv[0];

  if (g_str_equal (group, "help"))
    return run_help (cli, argc, argv);

  for (guint i = 0; i < commands->len; i++)
    {
      const BdCliCommand *command = g_ptr_array_index (commands, i);
      const char *second;

      if (!name_in_group (command->name, group, &second))
        continue;

      if (second == NULL)
        single = command;
      else if (argc > 1 && g_str_equal (argv[1], second))
        {
          cli->command = command;
          return command->handler (cli, argc - 1, argv + 1);
        }
      else
        g_ptr_array_add (seconds, (char *)second);
    }

  if (single != NULL)
    {
      cli->command = single;
      return single->handler (cli, argc, argv);
    }

  if (seconds->len == 0)
    return bd_cli_usage_error (cli, _("“%s” is not a command"), group);

  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autoptr(GString) out = g_string_new (NULL);

      append_group (out, group);
      g_print ("%s", out->str);
      return BD_CLI_EXIT_SUCCESS;
    }

  g_ptr_array_add (seconds, NULL);
  {
    g_autofree char *known = bd_cli_join ((const char * const *)seconds->pdata);
    g_autoptr(GString) out = g_string_new (NULL);

    if (argc > 1)
      g_string_append_printf (out, _("“%s %s” is not a command: after %s, expected %s"),
                              group, argv[1], group, known);
    else
      g_string_append_printf (out, _("%s expects one of: %s"), group, known);
    g_string_prepend (out, PROGRAM ": ");
    g_string_append (out, "\n\n");
    append_group (out, group);
    g_printerr ("%s", out->str);
    return BD_CLI_EXIT_USAGE;
  }
}

int
main (int    argc,
      char **argv)
{
  BdCli cli = { 0, };
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* the options of every command, before it */
  for (; first < argc && argv[first][0] == '-'; first++)
    {
      const char *arg = argv[first];

      if (g_str_has_prefix (arg, "--database="))
        cli.database = arg + strlen ("--database=");
      else if (g_str_equal (arg, "--database"))
        {
          if (first + 1 >= argc)
            return bd_cli_usage_error (&cli, _("--database expects the path of a database"));
          cli.database = argv[++first];
        }
      else if (g_str_equal (arg, "--create"))
        cli.create = TRUE;
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        return print_help ();
      else if (g_str_equal (arg, "--version"))
        {
          g_print (PROGRAM " %s\n", PACKAGE_VERSION);
          return BD_CLI_EXIT_SUCCESS;
        }
      else
        return bd_cli_usage_error (&cli, _("Unknown option %s"), arg);
    }

  if (cli.database != NULL && *cli.database == '\0')
    return bd_cli_usage_error (&cli, _("--database expects the path of a database"));

  if (first >= argc)
    return bd_cli_usage_error (&cli, _("a command is missing"));

  return run (&cli, argc - first, argv + first);
}
