/* bd-cli-purchasing.c: backorder-desk-cli replenish, po … and eta: what to
 * order, purchase orders, and when a waiting customer gets their item
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-purchasing"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-actions.h"
#include "bd-cli-private.h"
#include "bd-eta.h"
#include "bd-export.h"
#include "bd-po-document.h"
#include "bd-po-status.h"
#include "bd-purchase-orders.h"
#include "bd-receiving.h"
#include "bd-replenish.h"
#include "bd-util.h"

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

/* The store, and the supplier --supplier names (0 without it); NULL after
 * saying why, with @status. */
static BdStore *
open_with_supplier (BdCli       *cli,
                    const char  *supplier,
                    gint64      *supplier_id,
                    int         *status)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  *status = BD_CLI_EXIT_FAILURE;
  *supplier_id = 0;
  if (!(store = bd_cli_open_store (cli)))
    return NULL;

  if (supplier != NULL && !bd_purchase_orders_find_supplier (store, supplier, supplier_id, &error))
    {
      *status = bd_cli_fail (g_steal_pointer (&error));
      return NULL;
    }

  *status = BD_CLI_EXIT_SUCCESS;
  return g_steal_pointer (&store);
}

static char *
money_text (gboolean    has_value,
            gint64      value,
            const char *currency)
{
  if (!has_value)
    return g_strdup ("-");
  return bd_format_money (value, currency);
}

static char *
lead_text (int days)
{
  if (days < 0)
    return g_strdup ("-");
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
}

static int
replenish_cb (BdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *supplier = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier,
      _("Only what would be ordered from the supplier REF (or NAME)"), "REF" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_supplier = -1;
  gint64 supplier_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("replenish takes no arguments besides its options"));

  if (!(store = open_with_supplier (cli, supplier, &supplier_id, &status)))
    return status;

  suggestions = bd_replenish_suggest (store, supplier_id, &error);
  if (suggestions == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonNode) node = bd_replenish_to_json (suggestions);

      print_json (node);
      return BD_CLI_EXIT_SUCCESS;
    }

  if (suggestions->len == 0)
    {
      g_print (_("Nothing to order: every waiting line is covered and no stock is below its reorder "
                 "point.\n"));
      return BD_CLI_EXIT_SUCCESS;
    }

  for (guint i = 0; i < suggestions->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);
      const BdSupplierOption *chosen = bd_replenish_suggestion_get_chosen (s);
      gint64 this_supplier = chosen ? chosen->supplier_id : 0;

      if (this_supplier != last_supplier)
        {
          if (chosen != NULL)
            g_print ("%s%s (%s)\n", i > 0 ? "\n" : "", chosen->supplier_name, chosen->supplier_ref);
          else
            g_print ("%s%s\n", i > 0 ? "\n" : "", _("No supplier to order from"));
          g_print ("  %-16s %6s %6s %6s %6s  %-14s %-9s %5s %5s\n", _("SKU"), _("DEMAND"), _("SHORT"),
                   _("NEED"), _("ORDER"), _("UNIT COST"), _("LEAD"), _("MOQ"), _("PACK"));
          last_supplier = this_supplier;
        }

      if (chosen != NULL)
        {
          g_autofree char *cost = money_text (chosen->has_unit_cost, chosen->unit_cost, chosen->currency);
          g_autofree char *lead = lead_text (chosen->lead_time_days);

          g_print ("  %-16s %6d %6d %6d %6d  %-14s %-9s %5d %5d\n", s->sku, s->demand, s->shortfall,
                   s->need, s->quantity, cost, lead, chosen->moq, chosen->pack_size);
        }
      else
        g_print ("  %-16s %6d %6d %6d %6s\n", s->sku, s->demand, s->shortfall, s->need, "-");

      /* the other suppliers of the product, side by side */
      for (guint o = 0; o < s->options->len; o++)
        {
          BdSupplierOption *option = g_ptr_array_index (s->options, o);
          g_autofree char *cost = NULL;
          g_autofree char *lead = NULL;
          g_autofree char *on_time = NULL;

          if ((int)o == s->chosen)
            continue;

          cost = money_text (option->has_unit_cost, option->unit_cost, option->currency);
          lead = lead_text (option->lead_time_days);
          on_time = option->on_time_rate >= 0 ? g_strdup_printf (_("%.0f%% on time"), option->on_time_rate * 100)
                                              : g_strdup (_("no deliveries yet"));
          g_print (_("    or %s (%s): %d at %s, lead %s, MOQ %d, pack %d, %s\n"), option->supplier_name,
                   option->supplier_ref, option->quantity, cost, lead, option->moq, option->pack_size, on_time);
        }
    }

  return BD_CLI_EXIT_SUCCESS;
}

static int
create_from_demand_cb (BdCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *supplier = NULL;
  const GOptionEntry entries[] = {
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier,
      _("Only for what is ordered from the supplier REF (or NAME)"), "REF" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdReplenishResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 supplier_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("po create-from-demand takes no arguments besides its options"));

  if (!(store = open_with_supplier (cli, supplier, &supplier_id, &status)))
    return status;

  result = bd_replenish_create_from_demand (store, supplier_id, &error);
  if (result == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  /* the numbers alone, for scripts */
  for (guint i = 0; i < result->numbers->len; i++)
    g_print ("%s\n", (const char *)g_ptr_array_index (result->numbers, i));

  if (result->numbers->len == 0)
    g_print (_("Nothing to order: no purchase order was made.\n"));

  if (result->no_supplier->len > 0)
    {
      g_autofree char *skus = NULL;

      g_ptr_array_add (result->no_supplier, NULL);
      skus = bd_cli_join ((const char * const *)result->no_supplier->pdata);
      g_printerr (_("warning: no supplier to order these from: %s\n"), skus);
    }

  return BD_CLI_EXIT_SUCCESS;
}

static int
po_list_cb (BdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *po_status = NULL;
  g_autofree char *supplier = NULL;
  g_autofree char *known = g_strjoinv (", ", (char **)bd_po_statuses ());
  g_autofree char *status_help = g_strdup_printf (_("Which purchase orders: all (the default), open, or "
                                                    "those of one status: %s"), known);
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &po_status, status_help, "S" },
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier,
      _("Only the purchase orders of the supplier REF (or NAME)"), "REF" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      _("Print a JSON array of objects, each with its lines and what they cover"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdPoQuery) query = bd_po_query_new ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("po list takes no arguments besides its options"));

  query->status = g_strdup (po_status);
  if (!bd_po_query_check (query, &error))
    return bd_cli_usage_error (cli, "%s", error->message);

  if (!(store = open_with_supplier (cli, supplier, &query->supplier_id, &status)))
    return status;

  orders = bd_purchase_orders_list (store, query, &error);
  if (orders == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonNode) node = bd_purchase_orders_to_json (store, orders, &error);

      if (node == NULL)
        return bd_cli_fail (g_steal_pointer (&error));
      print_json (node);
      return BD_CLI_EXIT_SUCCESS;
    }

  g_print ("%-14s %-10s %-18s %-10s %-10s %5s %14s\n", _("NUMBER"), _("SUPPLIER"), _("STATUS"),
           _("ORDERED"), _("EXPECTED"), _("LINES"), _("VALUE"));
  for (guint i = 0; i < orders->len; i++)
    {
      BdPurchaseOrder *po = g_ptr_array_index (orders, i);
      g_autofree char *ordered = bd_format_local_date (bd_purchase_order_get_ordered_at (po));
      g_autofree char *value = money_text (bd_purchase_order_get_has_value (po), bd_purchase_order_get_value (po),
                                           bd_purchase_order_get_currency (po));
      const char *expected = bd_purchase_order_get_expected_at (po);

      g_print ("%-14s %-10s %-18s %-10s %-10s %5d %14s\n", bd_purchase_order_get_number (po),
               bd_purchase_order_get_supplier_ref (po), bd_purchase_order_get_status (po), ordered,
               expected ? expected : "-", bd_purchase_order_get_n_lines (po), value);
    }

  return BD_CLI_EXIT_SUCCESS;
}

/* The lines a change of PO dates put past their promised date; @quiet:
 * nothing when there are none. */
static int
print_at_risk_full (BdStore    *store,
                    const char *batch,
                    gboolean    quiet)
{
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GError) error = NULL;

  risks = bd_eta_list_at_risk (store, batch, &error);
  if (risks == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (risks->len == 0 && quiet)
    return BD_CLI_EXIT_SUCCESS;

  if (risks->len == 0)
    {
      g_print (_("No line is now expected after the date promised to its customer.\n"));
      return BD_CLI_EXIT_SUCCESS;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%u line is now expected after the date promised to its customer:\n",
                        "%u lines are now expected after the date promised to their customers:\n",
                        risks->len), risks->len);
  g_print ("%-28s %-24s %-10s %-10s %-10s\n", _("REF"), _("CUSTOMER"), _("PROMISED"), _("OLD ETA"),
           _("NEW ETA"));
  for (guint i = 0; i < risks->len; i++)
    {
      BdEtaRisk *risk = g_ptr_array_index (risks, i);
      g_autofree char *promised = bd_format_local_date (risk->promised_at);

      g_print ("%-28s %-24s %-10s %-10s %-10s\n", risk->ref, risk->customer_name, promised,
               risk->old_eta ? risk->old_eta : "-", risk->new_eta);
    }

  return BD_CLI_EXIT_SUCCESS;
}

static int
print_at_risk (BdStore    *store,
               const char *batch)
{
  return print_at_risk_full (store, batch, FALSE);
}

/* --expected-at and set-expected's DATE: a wrong one is a wrong command
 * line, found before the store is opened. */
static gboolean
check_date (BdCli       *cli,
            const char  *what,
            const char  *text,
            int         *status)
{
  g_autofree char *date = NULL;
  const char *problem;

  if (bd_parse_date (text, &date, &problem))
    return TRUE;

  *status = bd_cli_usage_error (cli, _("%s expects a date like 2026-03-31, found “%s”"), what, text);
  return FALSE;
}

static int
po_set_status_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *expected_at = NULL;
  const GOptionEntry entries[] = {
    { "expected-at", 0, 0, G_OPTION_ARG_STRING, &expected_at,
      _("The delivery date: the supplier’s with confirmed, the expected one with sent"), "DATE" },
    { NULL }
  };
  const char * const *by_hand = bd_po_statuses_set_by_hand ();
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  gint64 po_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("po set-status expects a purchase order number and a status"));
  if (!g_strv_contains (by_hand, argv[2]))
    {
      g_autofree char *known = bd_cli_join (by_hand);

      if (bd_po_status_is_valid (argv[2]))
        return bd_cli_usage_error (cli, _("“%s” cannot be set by hand (booking a receipt sets it): expected %s"),
                                   argv[2], known);
      return bd_cli_usage_error (cli, _("“%s” is not a status of a purchase order: expected %s"), argv[2], known);
    }
  if (expected_at != NULL && !check_date (cli, "--expected-at", expected_at, &status))
    return status;

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_purchase_orders_find (store, argv[1], &po_id, &error) ||
      !bd_purchase_orders_set_status (store, po_id, argv[2], expected_at, &batch, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  if (expected_at != NULL || g_str_equal (argv[2], "confirmed"))
    return print_at_risk (store, batch);

  return BD_CLI_EXIT_SUCCESS;
}

static int
po_set_expected_cb (BdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  gint64 po_id;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("po set-expected expects a purchase order number and a date"));
  if (!check_date (cli, "DATE", argv[2], &status))
    return status;

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_purchase_orders_find (store, argv[1], &po_id, &error) ||
      !bd_purchase_orders_set_expected (store, po_id, argv[2], &batch, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return print_at_risk (store, batch);
}


static void
print_receipt (BdReceipt *receipt,
               gboolean   booked)
{
  g_print (_("%s: %d of %s (%s) received, %s: %s\n"), receipt->po_number, receipt->quantity, receipt->sku,
           receipt->product_name, bd_allocation_policy_to_string (receipt->policy),
           bd_allocation_policy_describe (receipt->policy));

  if (receipt->allocations->len > 0)
    {
      g_print ("%-28s %-24s %5s %5s  %s\n", _("REF"), _("CUSTOMER"), _("GETS"), _("NEEDS"), _("WHY"));
      for (guint i = 0; i < receipt->allocations->len; i++)
        {
          BdAllocation *a = g_ptr_array_index (receipt->allocations, i);
          g_autofree char *why = bd_allocation_describe (a);

          g_print ("%-28s %-24s %5d %5d  %s\n", a->ref, a->customer_name, a->quantity, a->need, why);
        }
    }
  else
    g_print (_("No line of %s waits for it.\n"), receipt->sku);

  g_print (_("To backorder lines: %d; to stock: %d"), receipt->allocated, receipt->to_stock);
  if (receipt->from_stock > 0)
    g_print (_("; taken from stock for ship-complete orders: %d"), receipt->from_stock);
  if (receipt->over > 0)
    g_print (_("; over what was ordered: %d"), receipt->over);
  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u line of %s is still short.\n", "%u lines of %s are still short.\n",
                        receipt->n_lines_short), receipt->n_lines_short, receipt->sku);
  if (g_strcmp0 (receipt->po_status, receipt->po_status_after) != 0)
    g_print (_("Purchase order %s: %s → %s\n"), receipt->po_number, receipt->po_status, receipt->po_status_after);

  if (booked)
    g_print (_("Booked.\n"));
  else
    g_print (_("Dry run: nothing was booked.\n"));
}

static int
po_receive_cb (BdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *policy_text = NULL;
  gboolean dry_run = FALSE;
  gboolean allow_over = FALSE;
  const GOptionEntry entries[] = {
    { "policy", 0, 0, G_OPTION_ARG_STRING, &policy_text,
      _("Who gets the stock: fifo (oldest order first), priority (highest priority, then oldest) or complete "
        "(orders it completes first); the team’s default policy without it"), "POLICY" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, _("Show who would get what, and book nothing"), NULL },
    { "allow-over", 0, 0, G_OPTION_ARG_NONE, &allow_over,
      _("Book more than the purchase order still expects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  BdAllocationPolicy policy = BD_ALLOCATION_FIFO;
  BdReceiveFlags flags;
  gint64 quantity, po_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return bd_cli_usage_error (cli, _("po receive expects a purchase order number, an SKU and a quantity"));
  if (!bd_parse_int (argv[3], 1, G_MAXINT, &quantity, &problem))
    return bd_cli_usage_error (cli, _("QTY expects %s, found “%s”"), problem, argv[3]);
  if (policy_text != NULL && !bd_allocation_policy_parse (policy_text, &policy))
    return bd_cli_usage_error (cli, _("“%s” is not an allocation policy: expected fifo, priority or complete"),
                               policy_text);
  flags = allow_over ? BD_RECEIVE_ALLOW_OVER : BD_RECEIVE_NONE;

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (policy_text == NULL)
    policy = bd_receiving_default_policy (store);
  if (!bd_purchase_orders_find (store, argv[1], &po_id, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  if (dry_run)
    receipt = bd_receiving_preview (store, po_id, argv[2], (int)quantity, policy, flags, &error);
  else
    receipt = bd_receiving_receive (store, po_id, argv[2], (int)quantity, policy, flags, &error);
  if (receipt == NULL)
    {
      if (g_error_matches (error, BD_RECEIVING_ERROR, BD_RECEIVING_ERROR_OVER_RECEIPT))
        {
          g_autofree char *message = g_strdup_printf (_("%s (book it with --allow-over)"), error->message);

          g_free (error->message);
          error->message = g_steal_pointer (&message);
        }
      return bd_cli_fail (g_steal_pointer (&error));
    }

  print_receipt (receipt, !dry_run);
  if (!dry_run)
    return print_at_risk_full (store, receipt->batch, TRUE);

  return BD_CLI_EXIT_SUCCESS;
}

static int
po_pdf_cb (BdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdPoDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("po pdf expects a purchase order number and the PDF file to write"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(document = bd_po_document_load (store, argv[1], &error)) ||
      !bd_po_document_write_pdf (document, argv[2], &error))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print (_("Purchase order %s written to %s\n"), bd_po_document_get_number (document), argv[2]);
  return BD_CLI_EXIT_SUCCESS;
}

static int
po_export_cb (BdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdPoQuery) query = bd_po_query_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("po export expects the CSV file to write"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  /* written whole or not at all: into memory, then the file replaced */
  if (!bd_export_purchase_orders_csv (store, query, out, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error) ||
      !g_file_set_contents_full (argv[1],
                                 g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                 g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print (_("Purchase orders written to %s\n"), argv[1]);
  return BD_CLI_EXIT_SUCCESS;
}

static int
eta_cb (BdCli  *cli,
        int     argc,
        char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdBackorder) line = NULL;
  g_autoptr(BdEta) eta = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *range = NULL;
  gint64 line_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("eta expects a line reference"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_actions_find_line (store, argv[1], &line_id, &error) ||
      !(line = bd_backorder_load (store, line_id, &error)) ||
      !(eta = bd_eta_for_line (store, line_id, &error)))
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonNode) node = bd_eta_to_json (eta, line);

      print_json (node);
      return BD_CLI_EXIT_SUCCESS;
    }

  description = bd_eta_describe (eta);
  range = bd_eta_describe_range (eta, TRUE);
  if (eta->eta == NULL)
    g_print (_("%s: no expected date\n"), bd_backorder_get_ref (line));
  else
    /* Translators: a line reference, then "Expected DATE; …" with its range */
    g_print (_("%s: %s\n"), bd_backorder_get_ref (line), range);
  g_print ("%s\n", description);
  if (bd_backorder_get_covered (line) > 0 && bd_backorder_get_covered (line) < bd_backorder_get_short (line))
    g_print (_("%d of %d on order.\n"), bd_backorder_get_covered (line), bd_backorder_get_short (line));
  if (bd_backorder_get_allocated (line) > 0 && bd_backorder_get_allocated (line) < bd_backorder_get_short (line))
    g_print (_("%d of %d allocated: first in line for the next receipt.\n"), bd_backorder_get_allocated (line),
             bd_backorder_get_short (line));

  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_purchasing_commands[] = {
  { "replenish", "[--supplier REF] [--json]",
    N_("Suggest what to order: demand no PO covers and stock below its reorder point, by supplier"),
    replenish_cb },
  { "po create-from-demand", "[--supplier REF]",
    N_("Make a draft purchase order per supplier for all the demand no PO covers; print their numbers"),
    create_from_demand_cb },
  { "po list", "[--status S] [--supplier REF] [--json]",
    N_("List purchase orders, newest first"), po_list_cb },
  { "po set-status", "NUMBER sent|confirmed|cancelled [--expected-at DATE]",
    N_("Send, confirm (with the supplier’s date) or cancel a purchase order"), po_set_status_cb },
  { "po set-expected", "NUMBER DATE",
    N_("Move a purchase order’s expected date; print the lines it puts past their promised date"),
    po_set_expected_cb },
  { "po receive", "NUMBER SKU QTY [--policy fifo|priority|complete] [--dry-run] [--allow-over]",
    N_("Book what arrived of an SKU against a purchase order and hand it to the lines that wait longest; "
       "print who gets what and why"),
    po_receive_cb },
  { "po pdf", "NUMBER FILE",
    N_("Write a purchase order as a PDF to send to the supplier"), po_pdf_cb },
  { "po export", "FILE",
    N_("Write all purchase orders and their lines to a CSV file"), po_export_cb },
  { "eta", "REF [--json]",
    N_("When a backorder line is expected, its range, and where that comes from"), eta_cb },
  { NULL }
};
