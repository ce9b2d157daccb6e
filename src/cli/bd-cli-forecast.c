/* bd-cli-forecast.c: backorder-desk-cli forecast and forecast apply: the
 * demand forecast per product and the reorder levels suggested from it
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-forecast"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bd-cli-private.h"
#include "bd-forecast.h"

static char *
figure_text (double value,
             int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = NULL;

  if (isnan (value))
    return g_strdup ("-");
  format = g_strdup_printf ("%%.%df", decimals);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static char *
level_text (const BdForecast *f,
            int               value)
{
  if (!f->has_suggestion)
    return g_strdup ("-");
  return g_strdup_printf ("%d", value);
}

static int
forecast_cb (BdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *sku = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "sku", 0, 0, G_OPTION_ARG_STRING, &sku, _("Only the product SKU"), "SKU" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print JSON: the service level and an array of products"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) forecasts = NULL;
  g_autoptr(GError) error = NULL;
  double service_level;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("forecast takes no arguments besides its options, or apply"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  forecasts = bd_forecast_compute (store, sku, &error);
  if (forecasts == NULL)
    return bd_cli_fail (g_steal_pointer (&error));
  service_level = bd_forecast_service_level (store);

  if (json)
    {
      g_autoptr(JsonNode) node = bd_forecast_to_json (forecasts, service_level);

      bd_cli_print_json (node);
      return BD_CLI_EXIT_SUCCESS;
    }

  /* TRANSLATORS: the service level the safety stock is for, as a percentage */
  g_print (_("Service level %.1f%%; held back: the last %d days; naive: the mean of the %d days before\n"),
           service_level * 100, BD_FORECAST_HOLDOUT_DAYS, BD_FORECAST_HOLDOUT_DAYS);
  g_print ("%-16s %-7s %5s %5s %7s %7s %7s %5s %11s %11s\n", _("SKU"), _("METHOD"), _("ALPHA"),
           _("BETA"), _("MAE"), _("NAIVE"), _("DAILY"), _("LEAD"), _("REORDER"), _("SAFETY"));
  for (guint i = 0; i < forecasts->len; i++)
    {
      const BdForecast *f = g_ptr_array_index (forecasts, i);
      g_autofree char *alpha = figure_text (f->alpha, 2);
      g_autofree char *beta = figure_text (f->beta, 2);
      g_autofree char *mae = figure_text (f->mae, 2);
      g_autofree char *naive = figure_text (f->naive_mae, 2);
      g_autofree char *daily = figure_text (f->daily, 2);
      g_autofree char *lead = f->lead_time_days >= 0 ? g_strdup_printf ("%d", f->lead_time_days) : g_strdup ("-");
      g_autofree char *point = level_text (f, f->reorder_point);
      g_autofree char *safety = level_text (f, f->safety_stock);
      /* the suggestion, then what the product has now */
      g_autofree char *point_pair = g_strdup_printf ("%s/%d", point, f->current_reorder_point);
      g_autofree char *safety_pair = g_strdup_printf ("%s/%d", safety, f->current_safety_stock);

      g_print ("%-16s %-7s %5s %5s %7s %7s %7s %5s %11s %11s\n", f->sku, bd_forecast_method_to_string (f->method),
               alpha, beta, mae, naive, daily, lead, point_pair, safety_pair);
    }
  g_print (_("REORDER and SAFETY: suggested/now; replenishment fills up to their sum.\n"));

  return BD_CLI_EXIT_SUCCESS;
}

static int
forecast_apply_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *sku = NULL;
  const GOptionEntry entries[] = {
    { "sku", 0, 0, G_OPTION_ARG_STRING, &sku, _("Only the product SKU"), "SKU" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) forecasts = NULL;
  g_autoptr(GError) error = NULL;
  guint n_changed = 0, n_suggested = 0;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("forecast apply takes no arguments besides its options"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  forecasts = bd_forecast_compute (store, sku, &error);
  if (forecasts == NULL ||
      !bd_forecast_apply (store, forecasts, &n_changed, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  for (guint i = 0; i < forecasts->len; i++)
    if (((BdForecast *)g_ptr_array_index (forecasts, i))->has_suggestion)
      n_suggested++;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Set the reorder point and safety stock of %u product",
                        "Set the reorder point and safety stock of %u products", n_changed),
           n_changed);
  g_print (_(" (%u with a suggestion)\n"), n_suggested);

  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_forecast_commands[] = {
  { "forecast", "[--sku SKU] [--json]",
    N_("Forecast each product’s daily demand and suggest its reorder point and safety stock"),
    forecast_cb },
  { "forecast apply", "[--sku SKU]",
    N_("Set the suggested reorder point and safety stock of each product, in one change with its events"),
    forecast_apply_cb },
  { NULL }
};
