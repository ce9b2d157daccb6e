/* bd-cli-suppliers.c: backorder-desk-cli suppliers: the list with its
 * figures, one supplier with its reliability, the POs to chase, and what
 * the desk changes of suppliers and their products
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-suppliers"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bd-cli-private.h"
#include "bd-suppliers.h"
#include "bd-util.h"

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  g_print ("%s\n", text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A count that may be unknown (-1): null in JSON. */
static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_money (JsonBuilder *builder,
           const char  *name,
           gboolean     known,
           gint64       minor,
           const char  *currency)
{
  g_autofree char *text = NULL;
  int exponent = bd_currency_exponent (currency);

  if (known)
    text = bd_format_decimal (minor, exponent < 0 ? 2 : exponent);
  add_string (builder, name, text);
}

/* The figures of the list, for --json: money as decimal text, dates as
 * stored, what is not known as null. */
static void
add_supplier (JsonBuilder *builder,
              BdSupplier  *supplier,
              const char  *currency)
{
  double rate = bd_supplier_get_on_time_rate (supplier);

  add_string (builder, "ref", bd_supplier_get_ref (supplier));
  add_string (builder, "uuid", bd_supplier_get_uuid (supplier));
  add_string (builder, "name", bd_supplier_get_name (supplier));
  add_string (builder, "contact_name", bd_supplier_get_contact_name (supplier));
  add_string (builder, "email", bd_supplier_get_email (supplier));
  add_string (builder, "phone", bd_supplier_get_phone (supplier));
  add_int_or_null (builder, "lead_time_days", bd_supplier_get_lead_time_days (supplier));
  add_money (builder, "minimum_order", bd_supplier_get_minimum_order (supplier) >= 0,
             bd_supplier_get_minimum_order (supplier), currency);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, bd_supplier_get_archived (supplier));
  json_builder_set_member_name (builder, "open_pos");
  json_builder_add_int_value (builder, bd_supplier_get_open_pos (supplier));
  json_builder_set_member_name (builder, "pos_to_chase");
  json_builder_add_int_value (builder, bd_supplier_get_pos_to_chase (supplier));
  add_string (builder, "next_expected", bd_supplier_get_next_expected (supplier));
  json_builder_set_member_name (builder, "on_time_rate");
  if (rate >= 0)
    json_builder_add_double_value (builder, rate);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "lines_received");
  json_builder_add_int_value (builder, bd_supplier_get_lines_received (supplier));
}

static char *
on_time_text (double rate,
              guint  lines)
{
  if (rate < 0)
    return g_strdup (_("no deliveries yet"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f%% of %u line", "%.0f%% of %u lines", lines),
                          rate * 100, lines);
}

static int
suppliers_list_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  gboolean json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, _("Archived suppliers too"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) suppliers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("suppliers list takes no arguments besides its options"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(suppliers = bd_suppliers_list (store, all, &error)))
    return bd_cli_fail (g_steal_pointer (&error));
  currency = bd_store_get_default_currency (store);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < suppliers->len; i++)
        {
          json_builder_begin_object (builder);
          add_supplier (builder, g_ptr_array_index (suppliers, i), currency);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return BD_CLI_EXIT_SUCCESS;
    }

  g_print ("%-12s %-28s %5s %6s %-13s %s\n",
           _("REF"), _("NAME"), _("OPEN"), _("CHASE"), _("NEXT"), _("ON TIME"));
  for (guint i = 0; i < suppliers->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (suppliers, i);
      g_autofree char *on_time = on_time_text (bd_supplier_get_on_time_rate (supplier),
                                               bd_supplier_get_lines_received (supplier));
      const char *next = bd_supplier_get_next_expected (supplier);

      g_print ("%-12s %-28s %5u %6u %-13s %s%s\n",
               bd_supplier_get_ref (supplier), bd_supplier_get_name (supplier),
               bd_supplier_get_open_pos (supplier), bd_supplier_get_pos_to_chase (supplier),
               next ? next : "-", on_time,
               bd_supplier_get_archived (supplier) ? _(" (archived)") : "");
    }

  return BD_CLI_EXIT_SUCCESS;
}

static void
add_reliability (JsonBuilder           *builder,
                 BdSupplierReliability *reliability)
{
  json_builder_set_member_name (builder, "reliability");
  json_builder_begin_object (builder);
  add_string (builder, "since", reliability->since);
  add_string (builder, "until", reliability->until);
  json_builder_set_member_name (builder, "lines");
  json_builder_add_int_value (builder, reliability->lines);
  json_builder_set_member_name (builder, "on_time");
  json_builder_add_int_value (builder, reliability->on_time);
  json_builder_set_member_name (builder, "on_time_rate");
  if (reliability->lines > 0)
    json_builder_add_double_value (builder, reliability->on_time_rate);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "mean_days_late");
  if (reliability->lines > 0)
    json_builder_add_double_value (builder, reliability->mean_days_late);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "p90_days_late");
  if (reliability->lines > 0)
    json_builder_add_int_value (builder, reliability->p90_days_late);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_products (JsonBuilder *builder,
              GPtrArray   *products)
{
  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  for (guint i = 0; i < products->len; i++)
    {
      BdSupplierProduct *product = g_ptr_array_index (products, i);

      json_builder_begin_object (builder);
      add_string (builder, "sku", product->sku);
      add_string (builder, "name", product->product_name);
      add_money (builder, "unit_cost", product->has_unit_cost, product->unit_cost, product->currency);
      add_string (builder, "currency", product->currency);
      add_int_or_null (builder, "lead_time_days", product->lead_time_days);
      add_int_or_null (builder, "moq", product->moq);
      add_int_or_null (builder, "pack_size", product->pack_size);
      json_builder_set_member_name (builder, "product_pack_size");
      json_builder_add_int_value (builder, product->product_pack_size);
      json_builder_set_member_name (builder, "preferred");
      json_builder_add_boolean_value (builder, product->preferred);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_pos (JsonBuilder *builder,
         GPtrArray   *pos)
{
  json_builder_set_member_name (builder, "purchase_orders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pos->len; i++)
    {
      BdSupplierPo *po = g_ptr_array_index (pos, i);

      json_builder_begin_object (builder);
      add_string (builder, "number", po->number);
      add_string (builder, "status", po->status);
      add_string (builder, "ordered_at", po->ordered_at);
      add_string (builder, "sent_at", po->sent_at);
      add_string (builder, "confirmed_date", po->confirmed_date);
      add_string (builder, "expected_at", po->expected_at);
      add_string (builder, "received_at", po->received_at);
      json_builder_set_member_name (builder, "lines");
      json_builder_add_int_value (builder, po->lines);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, po->quantity);
      json_builder_set_member_name (builder, "quantity_received");
      json_builder_add_int_value (builder, po->quantity_received);
      add_money (builder, "value", TRUE, po->value, po->currency);
      add_string (builder, "currency", po->currency);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* "2026-06-01", or a local date for a time in UTC. */
static char *
day_text (const char *stored)
{
  gint64 day;

  if (!bd_local_day (stored, &day))
    return g_strdup ("-");
  return bd_day_to_date (day);
}

static void
print_supplier (BdSupplier            *supplier,
                BdSupplierReliability *reliability,
                GPtrArray             *products,
                GPtrArray             *pos,
                const char            *currency)
{
  g_autoptr(GString) contact = g_string_new (NULL);
  const char *parts[] = { bd_supplier_get_contact_name (supplier), bd_supplier_get_email (supplier),
                          bd_supplier_get_phone (supplier) };
  const char *next = bd_supplier_get_next_expected (supplier);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (contact, "%s%s", contact->len ? ", " : "", parts[i]);

  g_print ("%s  %s%s\n", bd_supplier_get_ref (supplier), bd_supplier_get_name (supplier),
           bd_supplier_get_archived (supplier) ? _(" (archived)") : "");
  g_print (_("Contact:        %s\n"), contact->len ? contact->str : "-");
  if (bd_supplier_get_lead_time_days (supplier) >= 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Lead time:      %d day\n", "Lead time:      %d days\n",
                          bd_supplier_get_lead_time_days (supplier)),
             bd_supplier_get_lead_time_days (supplier));
  else
    g_print (_("Lead time:      -\n"));
  if (bd_supplier_get_minimum_order (supplier) >= 0)
    {
      g_autofree char *minimum = bd_format_money (bd_supplier_get_minimum_order (supplier), currency);

      g_print (_("Minimum order:  %s\n"), minimum);
    }
  g_print (_("Open POs:       %u, %u to chase, next expected %s\n"), bd_supplier_get_open_pos (supplier),
           bd_supplier_get_pos_to_chase (supplier), next ? next : "-");

  if (reliability->lines == 0)
    g_print (_("Reliability:    no PO line received from %s to %s\n"), reliability->since, reliability->until);
  else
    g_print (_("Reliability:    %u of %u PO lines on time (%.0f%%) from %s to %s; "
               "%.1f days late on average, 90th percentile %d\n"),
             reliability->on_time, reliability->lines, reliability->on_time_rate * 100,
             reliability->since, reliability->until, reliability->mean_days_late,
             reliability->p90_days_late);

  g_print ("\n%-16s %-26s %12s %5s %5s %5s %s\n",
           _("SKU"), _("PRODUCT"), _("UNIT COST"), _("LEAD"), _("MOQ"), _("PACK"), _("PREFERRED"));
  for (guint i = 0; i < products->len; i++)
    {
      BdSupplierProduct *product = g_ptr_array_index (products, i);
      g_autofree char *cost = product->has_unit_cost ? bd_format_money (product->unit_cost, product->currency)
                                                     : g_strdup ("-");
      g_autofree char *lead = product->lead_time_days >= 0 ? g_strdup_printf ("%d", product->lead_time_days)
                                                           : g_strdup ("-");
      g_autofree char *moq = product->moq >= 0 ? g_strdup_printf ("%d", product->moq) : g_strdup ("-");
      g_autofree char *pack = g_strdup_printf ("%d", product->pack_size >= 0 ? product->pack_size
                                                                             : product->product_pack_size);

      g_print ("%-16s %-26s %12s %5s %5s %5s %s\n", product->sku, product->product_name, cost, lead, moq, pack,
               product->preferred ? _("yes") : "");
    }

  g_print ("\n%-16s %-19s %-10s %-10s %5s %12s\n",
           _("PO"), _("STATUS"), _("ORDERED"), _("EXPECTED"), _("LINES"), _("VALUE"));
  for (guint i = 0; i < pos->len; i++)
    {
      BdSupplierPo *po = g_ptr_array_index (pos, i);
      g_autofree char *ordered = day_text (po->ordered_at);
      g_autofree char *expected = day_text (po->expected_at ? po->expected_at : po->confirmed_date);
      g_autofree char *value = bd_format_money (po->value, po->currency);

      g_print ("%-16s %-19s %-10s %-10s %5u %12s\n", po->number, po->status, ordered, expected, po->lines, value);
    }
}

static int
suppliers_show_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdSupplier) supplier = NULL;
  g_autoptr(BdSupplierReliability) reliability = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) pos = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("suppliers show expects the reference or the name of a supplier"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(supplier = bd_suppliers_find (store, argv[1], &error)) ||
      !(reliability = bd_suppliers_reliability (store, supplier, &error)) ||
      !(products = bd_suppliers_list_products (store, supplier, &error)) ||
      !(pos = bd_suppliers_list_pos (store, supplier, &error)))
    return bd_cli_fail (g_steal_pointer (&error));
  currency = bd_store_get_default_currency (store);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_supplier (builder, supplier, currency);
      add_reliability (builder, reliability);
      add_products (builder, products);
      add_pos (builder, pos);
      json_builder_end_object (builder);
      print_json (builder);
      return BD_CLI_EXIT_SUCCESS;
    }

  print_supplier (supplier, reliability, products, pos, currency);
  return BD_CLI_EXIT_SUCCESS;
}

static char *
chase_why (BdChaseEntry *entry)
{
  if (entry->reason == BD_CHASE_UNCONFIRMED)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "not confirmed, sent %d day ago",
                                         "not confirmed, sent %d days ago", entry->days),
                            entry->days);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day late, %" G_GINT64_FORMAT " of %"
                                       G_GINT64_FORMAT " received",
                                       "%d days late, %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " received",
                                       entry->days),
                          entry->days, entry->quantity_received, entry->quantity);
}

static int
suppliers_chase_cb (BdCli  *cli,
                    int     argc,
                    char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("suppliers chase takes no arguments besides its options"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(entries_found = bd_suppliers_chase (store, &error)))
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_found->len; i++)
        {
          BdChaseEntry *entry = g_ptr_array_index (entries_found, i);

          json_builder_begin_object (builder);
          add_string (builder, "po_number", entry->po_number);
          add_string (builder, "status", entry->status);
          add_string (builder, "reason", bd_chase_reason_to_string (entry->reason));
          add_string (builder, "since", entry->since);
          json_builder_set_member_name (builder, "days");
          json_builder_add_int_value (builder, entry->days);
          json_builder_set_member_name (builder, "quantity");
          json_builder_add_int_value (builder, entry->quantity);
          json_builder_set_member_name (builder, "quantity_received");
          json_builder_add_int_value (builder, entry->quantity_received);
          add_string (builder, "supplier_ref", entry->supplier_ref);
          add_string (builder, "supplier_name", entry->supplier_name);
          add_string (builder, "contact_name", entry->contact_name);
          add_string (builder, "email", entry->email);
          add_string (builder, "phone", entry->phone);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return BD_CLI_EXIT_SUCCESS;
    }

  if (entries_found->len == 0)
    {
      g_print (_("No purchase order to chase\n"));
      return BD_CLI_EXIT_SUCCESS;
    }

  g_print ("%-16s %-24s %-38s %s\n", _("PO"), _("SUPPLIER"), _("WHY"), _("CONTACT"));
  for (guint i = 0; i < entries_found->len; i++)
    {
      BdChaseEntry *entry = g_ptr_array_index (entries_found, i);
      g_autofree char *why = chase_why (entry);
      const char *contact = entry->phone ? entry->phone : entry->email ? entry->email : "-";

      g_print ("%-16s %-24s %-38s %s%s%s\n", entry->po_number, entry->supplier_name, why,
               entry->contact_name ? entry->contact_name : "", entry->contact_name ? " " : "", contact);
    }

  return BD_CLI_EXIT_SUCCESS;
}

/* The options that set a supplier's fields, shared by add and edit. */
typedef struct
{
  char *name;
  char *contact;
  char *email;
  char *phone;
  char *lead_time;
  char *minimum_order;
} SupplierOptions;

static void
supplier_options_clear (SupplierOptions *options)
{
  g_free (options->name);
  g_free (options->contact);
  g_free (options->email);
  g_free (options->phone);
  g_free (options->lead_time);
  g_free (options->minimum_order);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SupplierOptions, supplier_options_clear)

static int
supplier_change (BdCli    *cli,
                 int       argc,
                 char    **argv,
                 gboolean  create)
{
  g_auto(SupplierOptions) options = { 0, };
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, _("The supplier’s name"), "NAME" },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &options.contact, _("Whom to talk to there (\"\" for nobody)"),
      "NAME" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &options.email, _("Where purchase orders go"), "ADDRESS" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &options.phone, _("The number to call when chasing"), "NUMBER" },
    { "lead-time", 0, 0, G_OPTION_ARG_STRING, &options.lead_time,
      _("Days from order to delivery, unless a product says otherwise"), "DAYS" },
    { "minimum-order", 0, 0, G_OPTION_ARG_STRING, &options.minimum_order,
      _("The least an order may be worth, in the default currency"), "AMOUNT" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BdSupplierFields fields = { 0, };
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, create ? _("suppliers add expects the reference of the new supplier")
                                           : _("suppliers edit expects the reference or the name of a supplier"));
  if (create && options.name == NULL)
    return bd_cli_usage_error (cli, _("suppliers add expects --name"));
  if (!create && options.name == NULL && options.contact == NULL && options.email == NULL &&
      options.phone == NULL && options.lead_time == NULL && options.minimum_order == NULL)
    return bd_cli_usage_error (cli, _("suppliers edit expects at least one thing to change"));

  fields.name = options.name;
  fields.contact_name = options.contact;
  fields.email = options.email;
  fields.phone = options.phone;
  fields.lead_time_days = options.lead_time;
  fields.minimum_order = options.minimum_order;

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!(create ? bd_suppliers_create (store, argv[1], &fields, NULL, &error)
               : bd_suppliers_edit (store, argv[1], &fields, NULL, &error)))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
suppliers_add_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  return supplier_change (cli, argc, argv, TRUE);
}

static int
suppliers_edit_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  return supplier_change (cli, argc, argv, FALSE);
}

static int
set_archived (BdCli    *cli,
              int       argc,
              char    **argv,
              gboolean  archived)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("%s expects the reference or the name of a supplier"), cli->command->name);

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_suppliers_set_archived (store, argv[1], archived, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
suppliers_archive_cb (BdCli  *cli,
                      int     argc,
                      char  **argv)
{
  return set_archived (cli, argc, argv, TRUE);
}

static int
suppliers_unarchive_cb (BdCli  *cli,
                        int     argc,
                        char  **argv)
{
  return set_archived (cli, argc, argv, FALSE);
}

static int
suppliers_link_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *unit_cost = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *lead_time = NULL;
  g_autofree char *moq = NULL;
  g_autofree char *pack_size = NULL;
  g_autofree char *preferred = NULL;
  const GOptionEntry entries[] = {
    { "unit-cost", 0, 0, G_OPTION_ARG_STRING, &unit_cost, _("The price of one unit, like 3.20"), "AMOUNT" },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency,
      _("The currency of the unit cost (default: the database’s)"), "CODE" },
    { "lead-time", 0, 0, G_OPTION_ARG_STRING, &lead_time,
      _("Days from order to delivery of this product (\"\": the supplier’s)"), "DAYS" },
    { "moq", 0, 0, G_OPTION_ARG_STRING, &moq, _("The least quantity the supplier takes an order for"), "N" },
    { "pack-size", 0, 0, G_OPTION_ARG_STRING, &pack_size,
      _("Units in a pack at this supplier (\"\": the product’s)"), "N" },
    { "preferred", 0, 0, G_OPTION_ARG_STRING, &preferred,
      _("yes: the supplier purchase orders for the product go to (the other is unset); no: not"), "yes|no" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BdSupplierLinkFields fields = { 0, };
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("suppliers link expects a supplier and the SKU of a product"));

  fields.unit_cost = unit_cost;
  fields.currency = currency;
  fields.lead_time_days = lead_time;
  fields.moq = moq;
  fields.pack_size = pack_size;
  fields.preferred = preferred;

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_suppliers_set_link (store, argv[1], argv[2], &fields, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
suppliers_unlink_cb (BdCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("suppliers unlink expects a supplier and the SKU of a product"));

  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_suppliers_remove_link (store, argv[1], argv[2], NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_supplier_commands[] = {
  { "suppliers list", "[--all] [--json]",
    N_("List suppliers with their open POs, POs to chase, next delivery and on-time rate"),
    suppliers_list_cb },
  { "suppliers show", "REF [--json]",
    N_("Show a supplier: contact, terms, products, POs and reliability over 365 days"), suppliers_show_cb },
  { "suppliers chase", "[--json]",
    N_("List the POs to chase: sent and unconfirmed too long, or late and not all received"),
    suppliers_chase_cb },
  { "suppliers add", "REF --name NAME [--contact NAME] [--email ADDRESS] [--phone NUMBER] [--lead-time DAYS] "
                     "[--minimum-order AMOUNT]",
    N_("Add a supplier"), suppliers_add_cb },
  { "suppliers edit", "REF [--name NAME] [--contact NAME] [--email ADDRESS] [--phone NUMBER] [--lead-time DAYS] "
                      "[--minimum-order AMOUNT]",
    N_("Change a supplier’s name, contact or terms (\"\" clears one)"), suppliers_edit_cb },
  { "suppliers archive", "REF",
    N_("Archive a supplier the shop no longer buys from (none of its POs may be open)"),
    suppliers_archive_cb },
  { "suppliers unarchive", "REF",
    N_("Bring an archived supplier back"), suppliers_unarchive_cb },
  { "suppliers link", "REF SKU [--unit-cost AMOUNT] [--currency CODE] [--lead-time DAYS] [--moq N] "
                      "[--pack-size N] [--preferred yes|no]",
    N_("Set up or change what a supplier asks for a product (\"\" clears a term)"), suppliers_link_cb },
  { "suppliers unlink", "REF SKU",
    N_("Record that a supplier no longer supplies a product"), suppliers_unlink_cb },
  { NULL }
};
