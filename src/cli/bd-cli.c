/* bd-cli.c: backorder-desk-cli, the headless program
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "backorder-desk-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-demo.h"
#include "bd-export.h"
#include "bd-import.h"
#include "bd-query.h"
#include "bd-util.h"

#define EXIT_USAGE 2

static const char usage[] =
  N_("Usage: backorder-desk-cli [--database PATH [--create]] COMMAND …\n"
     "\n"
     "Commands:\n"
     "  demo [--orders N] [--seed S] [--now DATE]\n"
     "  import suppliers|products|orders FILE\n"
     "  export backorders [--status S] [--overdue] [--search TEXT] [--sort KEY] [--descending]\n"
     "  list backorders [--status S|open|all] [--overdue] [--search TEXT] [--sort KEY] [--json]\n"
     "  backorder set-status REF shipped|cancelled|waiting [--reason TEXT] [--refunded]\n"
     "  backorder set-priority REF 0|1|2\n"
     "  backorder note REF TEXT\n"
     "  backorder complaint REF --category C TEXT\n"
     "  backup FILE\n");

static int
fail (GError *error)
{
  g_printerr ("backorder-desk-cli: %s\n", error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("backorder-desk-cli: %s\n\n%s", message, _(usage));
  return EXIT_USAGE;
}

static gboolean
parse_options (GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

/* --create, given before the command: a new database at --database PATH
 * is made only when asked (the default database is made on first use, and
 * demo makes one, as that is its job). */
static gboolean create_database;

static BdStore *
open_store_full (const char *path,
                 gboolean    create)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GError) error = NULL;
  BdStore *store;

  if (path == NULL)
    {
      path = default_path = bd_store_default_path ();
      create = TRUE;
    }

  store = create || create_database ? bd_store_create (path, &error) : bd_store_open (path, &error);
  if (store == NULL)
    {
      if (g_error_matches (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND))
        g_printerr (_("backorder-desk-cli: %s (give --create before the command to make a new "
                      "database there)\n"), error->message);
      else
        g_printerr ("backorder-desk-cli: %s\n", error->message);
    }

  return store;
}

static BdStore *
open_store (const char *path)
{
  return open_store_full (path, FALSE);
}

static int
cmd_demo (const char  *database,
          int          argc,
          char       **argv)
{
  int orders = BD_DEMO_DEFAULT_ORDERS;
  int seed = BD_DEMO_DEFAULT_SEED;
  g_autofree char *now_text = NULL;
  GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders, NULL, NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, NULL, NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, NULL, NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { 0, };

  if (!parse_options (entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 1)
    return usage_error (_("demo takes no arguments besides its options"));
  if (orders < 1 || orders > BD_DEMO_MAX_ORDERS)
    return usage_error (_("--orders expects a number from 1 to %d"), BD_DEMO_MAX_ORDERS);

  if (now_text != NULL)
    {
      g_autofree char *iso = NULL;
      const char *expected;
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      if (!bd_parse_date (now_text, &iso, &expected))
        return usage_error (_("--now expects %s, found “%s”"), _(expected), now_text);
      now = g_date_time_new_from_iso8601 (iso, utc);
    }

  if (!(store = open_store_full (database, TRUE)))
    return EXIT_FAILURE;

  options.n_orders = orders;
  options.seed = (guint32)seed;
  options.now = now;

  if (!bd_demo_generate (store, &options, NULL, NULL, NULL, &error))
    return fail (g_steal_pointer (&error));

  g_print (_("Sample data with %d orders written to %s\n"), orders, bd_store_get_path (store));
  return EXIT_SUCCESS;
}

static int
cmd_import (const char  *database,
            int          argc,
            char       **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  BdImportKind kind;

  if (argc != 3)
    return usage_error (_("import expects a kind (suppliers, products or orders) and a file"));
  if (!bd_import_kind_from_string (argv[1], &kind))
    return usage_error (_("“%s” is not a kind of import: expected suppliers, products or orders"), argv[1]);

  if (!(store = open_store (database)))
    return EXIT_FAILURE;

  if (!bd_import_path (store, kind, argv[2], report, NULL, NULL, NULL, &error))
    return fail (g_steal_pointer (&error));

  for (guint i = 0; i < report->warnings->len; i++)
    g_printerr (_("warning: %s\n"), (const char *)g_ptr_array_index (report->warnings, i));

  summary = bd_import_report_describe (report);
  g_print ("%s\n", summary);
  return EXIT_SUCCESS;
}

typedef struct
{
  char *status;
  gboolean overdue;
  char *search;
  char *sort;
  gboolean descending;
  char *sku;
  char *supplier;
  gboolean json;
} ListOptions;

static void
list_options_clear (ListOptions *options)
{
  g_free (options->status);
  g_free (options->search);
  g_free (options->sort);
  g_free (options->sku);
  g_free (options->supplier);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListOptions, list_options_clear)

static int
parse_list (const char   *verb,
            int           argc,
            char        **argv,
            gboolean      allow_json,
            ListOptions  *options,
            BdQuery      *query)
{
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &options->status, NULL, NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &options->overdue, NULL, NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &options->search, NULL, NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &options->sort, NULL, NULL },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &options->descending, NULL, NULL },
    { "sku", 0, 0, G_OPTION_ARG_STRING, &options->sku, NULL, NULL },
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &options->supplier, NULL, NULL },
    { allow_json ? "json" : NULL, 0, 0, G_OPTION_ARG_NONE, &options->json, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!parse_options (entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 2 || g_strcmp0 (argv[1], "backorders") != 0)
    return usage_error (_("%s expects “backorders”"), verb);

  if (options->status != NULL && !bd_status_filter_from_string (options->status, &query->status))
    return usage_error (_("“%s” is not a status: expected open, all, waiting, on_order, "
                          "allocated, shipped or cancelled"), options->status);
  if (options->sort != NULL && !bd_sort_key_from_string (options->sort, &query->sort))
    return usage_error (_("“%s” is not a sort key: expected queue, order, customer, product, "
                          "short, age, promised, status or priority"), options->sort);

  query->overdue = options->overdue;
  query->descending = options->descending;
  query->search = g_strdup (options->search);
  query->product_sku = g_strdup (options->sku);
  query->supplier_ref = g_strdup (options->supplier);
  return EXIT_SUCCESS;
}

static int
cmd_export (const char  *database,
            int          argc,
            char       **argv)
{
  g_auto(ListOptions) options = { 0, };
  g_autoptr(BdQuery) query = bd_query_new ();
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = parse_list ("export", argc, argv, FALSE, &options, query)) != EXIT_SUCCESS)
    return rc;
  if (!(store = open_store (database)))
    return EXIT_FAILURE;

  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  if (!bd_export_backorders_csv (store, query, out, NULL, &error))
    return fail (g_steal_pointer (&error));

  return EXIT_SUCCESS;
}

static int
cmd_list (const char  *database,
          int          argc,
          char       **argv)
{
  g_auto(ListOptions) options = { 0, };
  g_autoptr(BdQuery) query = bd_query_new ();
  g_autoptr(BdStore) store = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = parse_list ("list", argc, argv, TRUE, &options, query)) != EXIT_SUCCESS)
    return rc;
  if (!(store = open_store (database)))
    return EXIT_FAILURE;

  rows = bd_export_backorders_json (store, query, NULL, &error);
  if (rows == NULL)
    return fail (g_steal_pointer (&error));

  if (options.json)
    {
      g_autofree char *text = json_to_string (rows, TRUE);
      g_print ("%s\n", text);
      return EXIT_SUCCESS;
    }

  g_print ("%-28s %-10s %-8s %5s %5s %-10s %s\n",
           _("REF"), _("STATUS"), _("PRIORITY"), _("SHORT"), _("AGE"), _("PROMISED"), _("CUSTOMER"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);
      const char *promised = json_object_get_string_member_with_default (row, "promised_at", NULL);
      g_autofree char *promised_day = bd_format_local_date (promised);

      g_print ("%-28s %-10s %-8s %5" G_GINT64_FORMAT " %5" G_GINT64_FORMAT " %-10s %s%s\n",
               json_object_get_string_member (row, "ref"),
               json_object_get_string_member (row, "status"),
               bd_priority_label (json_object_get_int_member (row, "priority")),
               json_object_get_int_member (row, "backordered_quantity"),
               json_object_get_int_member (row, "age_days"),
               promised_day,
               json_object_get_string_member (row, "customer_name"),
               json_object_get_boolean_member (row, "overdue") ? _(" (overdue)") : "");
    }

  return EXIT_SUCCESS;
}

static int
cmd_backorder (const char  *database,
               int          argc,
               char       **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *category = NULL;
  gboolean refunded = FALSE;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { "refunded", 0, 0, G_OPTION_ARG_NONE, &refunded, NULL, NULL },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, NULL, NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb;
  gint64 line_id;
  gboolean ok;

  if (!parse_options (entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc < 3)
    return usage_error (_("backorder expects an action and a line reference"));

  verb = argv[1];
  if (!g_str_equal (verb, "set-status") && !g_str_equal (verb, "set-priority") &&
      !g_str_equal (verb, "note") && !g_str_equal (verb, "complaint"))
    return usage_error (_("“%s” is not a backorder action: expected set-status, set-priority, "
                          "note or complaint"), verb);
  if (argc != 4)
    return usage_error (_("backorder %s expects a line reference and one value"), verb);

  if (!(store = open_store (database)))
    return EXIT_FAILURE;

  if (!bd_actions_find_line (store, argv[2], &line_id, &error))
    return fail (g_steal_pointer (&error));

  if (g_str_equal (verb, "set-status"))
    {
      if (!g_str_equal (argv[3], "shipped") && !g_str_equal (argv[3], "cancelled") &&
          !g_str_equal (argv[3], "waiting"))
        return usage_error (_("“%s” cannot be set by hand: expected shipped, cancelled or waiting"), argv[3]);
      ok = bd_actions_set_status (store, &line_id, 1, argv[3], reason, refunded, NULL, &error);
    }
  else if (g_str_equal (verb, "set-priority"))
    {
      gint64 priority;
      g_autofree char *expected = NULL;

      if (!bd_parse_int (argv[3], 0, 2, &priority, &expected))
        return usage_error (_("a priority is 0 (normal), 1 (high) or 2 (urgent), not “%s”"), argv[3]);
      ok = bd_actions_set_priority (store, &line_id, 1, (int)priority, NULL, &error);
    }
  else if (g_str_equal (verb, "note"))
    ok = bd_actions_add_note (store, line_id, argv[3], NULL, &error);
  else
    {
      if (category == NULL)
        return usage_error (_("backorder complaint expects --category"));
      ok = bd_actions_add_complaint (store, line_id, category, argv[3], NULL, &error);
    }

  if (!ok)
    return fail (g_steal_pointer (&error));

  return EXIT_SUCCESS;
}

static int
cmd_backup (const char  *database,
            int          argc,
            char       **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;

  if (argc != 2)
    return usage_error (_("backup expects the file to write the copy to"));

  if (database == NULL)
    database = default_path = bd_store_default_path ();

  /* a connection that only reads: the copy is made while others write */
  store = bd_store_open_readonly (database, &error);
  if (store == NULL)
    return fail (g_steal_pointer (&error));

  if (!bd_store_backup (store, argv[1], NULL, &error))
    return fail (g_steal_pointer (&error));

  g_print (_("Backup of %s written to %s\n"), database, argv[1]);
  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  const char *database = NULL;
  const char *command;
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* the options of every command, before it */
  while (argc > first && g_str_has_prefix (argv[first], "--"))
    {
      if (g_str_has_prefix (argv[first], "--database="))
        database = argv[first++] + strlen ("--database=");
      else if (g_str_equal (argv[first], "--database") && argc > first + 1)
        {
          database = argv[first + 1];
          first += 2;
        }
      else if (g_str_equal (argv[first], "--create"))
        {
          create_database = TRUE;
          first++;
        }
      else
        break;
    }

  if (argc <= first)
    return usage_error (_("a command is missing"));

  command = argv[first];
  argc -= first;
  argv += first;

  if (g_str_equal (command, "--help") || g_str_equal (command, "help"))
    {
      g_print ("%s", _(usage));
      return EXIT_SUCCESS;
    }
  if (g_str_equal (command, "demo"))
    return cmd_demo (database, argc, argv);
  if (g_str_equal (command, "import"))
    return cmd_import (database, argc, argv);
  if (g_str_equal (command, "export"))
    return cmd_export (database, argc, argv);
  if (g_str_equal (command, "list"))
    return cmd_list (database, argc, argv);
  if (g_str_equal (command, "backorder"))
    return cmd_backorder (database, argc, argv);
  if (g_str_equal (command, "backup"))
    return cmd_backup (database, argc, argv);

  return usage_error (_("“%s” is not a command"), command);
}
