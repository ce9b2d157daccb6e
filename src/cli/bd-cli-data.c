/* bd-cli-data.c: backorder-desk-cli demo, import and backup: data into
 * and out of a database as a whole
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-data"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-cli-private.h"
#include "bd-demo.h"
#include "bd-import.h"
#include "bd-util.h"

static int
demo_cb (BdCli  *cli,
         int     argc,
         char  **argv)
{
  int orders = BD_DEMO_DEFAULT_ORDERS;
  int seed = BD_DEMO_DEFAULT_SEED;
  g_autofree char *now_text = NULL;
  g_autofree char *orders_help = g_strdup_printf (_("How many orders to make, from 1 to %d (default: %d)"),
                                                  BD_DEMO_MAX_ORDERS, BD_DEMO_DEFAULT_ORDERS);
  g_autofree char *seed_help = g_strdup_printf (_("The seed of the random choices (default: %d): the same "
                                                  "seed and date give the same database"),
                                                BD_DEMO_DEFAULT_SEED);
  const GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders, orders_help, "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, seed_help, "S" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text,
      _("The date the sample data ends on, like 2026-03-31 (default: now)"), "DATE" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  BdDemoOptions options = { 0, };
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("demo takes no arguments besides its options"));
  if (orders < 1 || orders > BD_DEMO_MAX_ORDERS)
    return bd_cli_usage_error (cli, _("--orders expects a number from 1 to %d"), BD_DEMO_MAX_ORDERS);

  if (now_text != NULL)
    {
      g_autofree char *iso = NULL;
      const char *expected;
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      if (!bd_parse_date (now_text, &iso, &expected))
        return bd_cli_usage_error (cli, _("--now expects %s, found “%s”"), _(expected), now_text);
      now = g_date_time_new_from_iso8601 (iso, utc);
    }

  if (!(store = bd_cli_open_or_create_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  options.n_orders = orders;
  options.seed = (guint32)seed;
  options.now = now;

  if (!bd_demo_generate (store, &options, NULL, NULL, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print (_("Sample data with %d orders written to %s\n"), orders, bd_store_get_path (store));
  return BD_CLI_EXIT_SUCCESS;
}

static int
import_cb (BdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  BdImportKind kind;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    {
      g_autofree char *kinds = bd_import_kinds_to_string (", ");

      return bd_cli_usage_error (cli, _("import expects a kind (%s) and a file"), kinds);
    }
  if (!bd_import_kind_from_string (argv[1], &kind))
    {
      g_autofree char *kinds = bd_import_kinds_to_string (", ");

      return bd_cli_usage_error (cli, _("“%s” is not a kind of import: expected %s"), argv[1], kinds);
    }

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  if (!bd_import_path (store, kind, argv[2], report, NULL, NULL, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  for (guint i = 0; i < report->warnings->len; i++)
    g_printerr (_("warning: %s\n"), (const char *)g_ptr_array_index (report->warnings, i));

  summary = bd_import_report_describe (report);
  g_print ("%s\n", summary);
  return BD_CLI_EXIT_SUCCESS;
}

static int
backup_cb (BdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  const char *database = cli->database;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("backup expects the file to write the copy to"));

  if (database == NULL)
    database = default_path = bd_store_default_path ();

  /* a connection that only reads: the copy is made while others write */
  store = bd_store_open_readonly (database, &error);
  if (store == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (!bd_store_backup (store, argv[1], NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print (_("Backup of %s written to %s\n"), database, argv[1]);
  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_data_commands[] = {
  { "demo", "[--orders N] [--seed S] [--now DATE]",
    N_("Write sample data: suppliers, products, customers and six months of orders"), demo_cb },
  { "import", "suppliers|products|product-suppliers|product-alternatives|orders|purchase-orders FILE",
    N_("Import a CSV file of suppliers, products, their links, alternatives, orders or purchase orders, "
       "all of it or nothing"), import_cb },
  { "backup", "FILE",
    N_("Write a consistent copy of the database to FILE, while others go on writing"), backup_cb },
  { NULL }
};
