/* bd-cli-metrics.c: backorder-desk-cli metrics: how the backorder operation
 * is doing over a range of days
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-metrics"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-cli-private.h"
#include "bd-metrics.h"

/* Without --json or --csv: "name [currency] [supplier] value" a figure a
 * line, "null" for a null figure. */
static void
print_plain (BdMetrics *metrics)
{
  g_autoptr(GPtrArray) rows = bd_metrics_to_rows (metrics);

  g_print (_("From %s to %s\n"), metrics->from, metrics->to);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GString) name = g_string_new (row[0]);

      if (row[1][0] != '\0')
        g_string_append_printf (name, " %s", row[1]);
      if (row[2][0] != '\0')
        g_string_append_printf (name, " %s", row[2]);
      g_print ("%-40s %s\n", name->str, row[3][0] != '\0' ? row[3] : "null");
    }
}

static int
metrics_cb (BdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean json = FALSE;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, _("The range’s first day (default: 29 days before its last)"),
      "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, _("The range’s last day (default: today)"), "DATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON object"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, _("Print CSV: name, currency, supplier_ref, value"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("metrics takes no arguments besides its options"));
  if (json && csv)
    return bd_cli_usage_error (cli, _("--json and --csv cannot be used together"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  metrics = bd_metrics_compute (store, from, to, &error);
  if (metrics == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonNode) node = bd_metrics_to_json (metrics);

      bd_cli_print_json (node);
      return BD_CLI_EXIT_SUCCESS;
    }

  if (csv)
    {
      text = bd_metrics_to_csv (metrics);
      g_print ("%s", text);
    }
  else
    print_plain (metrics);
  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_metrics_commands[] = {
  { "metrics", "[--from DATE] [--to DATE] [--json | --csv]",
    N_("How the backorders are doing over a range of days (default: the last 30)"), metrics_cb },
  { NULL }
};
