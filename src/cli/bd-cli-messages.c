/* bd-cli-messages.c: backorder-desk-cli templates, the message log, and
 * what a customer said
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-messages"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bd-actions.h"
#include "bd-cli-private.h"
#include "bd-compose.h"
#include "bd-customers.h"
#include "bd-delay-notices.h"
#include "bd-followups.h"
#include "bd-install-settings.h"
#include "bd-backorder-query.h"
#include "bd-secrets.h"
#include "bd-event.h"
#include "bd-eta.h"
#include "bd-timeline-source.h"
#include "bd-util.h"
#include "bd-messages.h"
#include "bd-po-mail.h"
#include "bd-suppliers.h"
#include "bd-templates.h"

static int
templates_list_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("templates list takes no arguments"));
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  rows = bd_templates_list (store, &error);
  if (rows == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (!json)
    {
      g_print ("%-24s %-4s %-6s %s\n", "KIND", "LANG", "EDITED", "NAME");
      for (guint i = 0; i < rows->len; i++)
        {
          BdTemplateRow *row = g_ptr_array_index (rows, i);

          g_print ("%-24s %-4s %-6s %s\n", row->kind, row->language, row->edited ? "yes" : "no", row->name);
        }
      return BD_CLI_EXIT_SUCCESS;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      BdTemplateRow *row = g_ptr_array_index (rows, i);
      const BdTemplateKind *kind = bd_template_kind_find (row->kind);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, row->uuid);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, row->kind);
      json_builder_set_member_name (builder, "audience");
      json_builder_add_string_value (builder, kind != NULL && kind->audience == BD_AUDIENCE_SUPPLIER
                                              ? "supplier" : "customer");
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, row->language);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->name);
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, row->subject);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, row->body);
      json_builder_set_member_name (builder, "edited");
      json_builder_add_boolean_value (builder, row->edited);
      json_builder_set_member_name (builder, "default");
      json_builder_add_boolean_value (builder, row->is_default);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  bd_cli_print_json (root);
  return BD_CLI_EXIT_SUCCESS;
}

/* What a message of KIND would say for a line or a PO, without sending. */
static int
templates_render_cb (BdCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *backorder = NULL;
  g_autofree char *po = NULL;
  g_autofree char *language = NULL;
  const GOptionEntry entries[] = {
    { "backorder", 0, 0, G_OPTION_ARG_STRING, &backorder, _("For this line, to its customer"), "REF" },
    { "po", 0, 0, G_OPTION_ARG_STRING, &po, _("For this purchase order, to its supplier"), "NUMBER" },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language,
      _("In this language (the customer’s own by default)"), "L" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdComposer) composer = NULL;
  g_autoptr(BdOutgoing) message = NULL;
  g_autoptr(GError) error = NULL;
  const BdTemplateKind *kind;
  gint64 line_id = 0;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("templates render expects the kind of message"));
  kind = bd_template_kind_find (argv[1]);
  if (kind == NULL)
    {
      guint n;
      const BdTemplateKind *kinds = bd_template_kinds (&n);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (names, (char *)kinds[i].kind);
      g_ptr_array_add (names, NULL);
      {
        g_autofree char *known = bd_cli_join ((const char * const *)names->pdata);

        return bd_cli_usage_error (cli, _("“%s” is not a kind of message: expected %s"), argv[1], known);
      }
    }
  if ((backorder == NULL) == (po == NULL))
    return bd_cli_usage_error (cli, _("templates render expects --backorder REF or --po NUMBER"));
  if ((kind->audience == BD_AUDIENCE_SUPPLIER) != (po != NULL))
    return bd_cli_usage_error (cli, kind->audience == BD_AUDIENCE_SUPPLIER
                                    ? _("“%s” is a message to a supplier: give --po NUMBER")
                                    : _("“%s” is a message to a customer: give --backorder REF"), argv[1]);

  if (backorder != NULL)
    {
      if (!bd_cli_open_line (cli, backorder, &store, &line_id, &status))
        return status;
    }
  else if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  composer = bd_composer_new (store, &error);
  if (composer != NULL)
    message = backorder != NULL
              ? bd_composer_for_line (composer, argv[1], line_id, NULL, language, &error)
              : bd_composer_for_po (composer, argv[1], po, language, &error);
  if (message == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  g_print (_("To: %s <%s> (%s)\n"), message->recipient_name != NULL ? message->recipient_name : "",
           message->recipient != NULL ? message->recipient : _("no address"),
           bd_channel_to_string (message->channel));
  if (message->subject != NULL)
    g_print (_("Subject: %s\n"), message->subject);
  if (message->attachment_name != NULL)
    g_print (_("Attached: %s\n"), message->attachment_name);
  g_print ("\n%s\n", message->body);
  return BD_CLI_EXIT_SUCCESS;
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

static int
messages_list_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *backorder = NULL;
  g_autofree char *customer = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "backorder", 0, 0, G_OPTION_ARG_STRING, &backorder, _("Only the messages about this line"), "REF" },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, _("Only the messages to and from this customer"), "REF" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  gint64 line_id = 0, customer_id = 0;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("messages list takes no arguments besides its options"));
  if (backorder != NULL && customer != NULL)
    return bd_cli_usage_error (cli, _("messages list takes --backorder or --customer, not both"));

  if (backorder != NULL)
    {
      if (!bd_cli_open_line (cli, backorder, &store, &line_id, &status))
        return status;
    }
  else if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  if (customer != NULL && !bd_customers_find (store, customer, &customer_id, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  messages = bd_messages_list (store, customer_id, line_id, &error);
  if (messages == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < messages->len; i++)
        {
          BdMessage *message = g_ptr_array_index (messages, i);

          json_builder_begin_object (builder);
          add_string (builder, "uuid", message->uuid);
          add_string (builder, "direction", message->direction);
          add_string (builder, "channel", message->channel);
          add_string (builder, "status", message->status);
          add_string (builder, "kind", message->kind);
          add_string (builder, "recipient", message->recipient);
          add_string (builder, "subject", message->subject);
          add_string (builder, "body", message->body);
          add_string (builder, "reference", message->reference);
          add_string (builder, "eta", message->eta);
          add_string (builder, "eta_earliest", message->eta_earliest);
          add_string (builder, "eta_latest", message->eta_latest);
          add_string (builder, "error", message->error);
          json_builder_set_member_name (builder, "attempts");
          json_builder_add_int_value (builder, message->attempts);
          add_string (builder, "sent_at", message->sent_at);
          add_string (builder, "created_at", message->created_at);
          add_string (builder, "author", message->author);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      bd_cli_print_json (root);
      return BD_CLI_EXIT_SUCCESS;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      BdMessage *message = g_ptr_array_index (messages, i);

      g_print ("%s  %-20s %-3s %-6s %-16s %s%s%s\n", message->uuid, message->created_at, message->direction,
               message->channel, message->status,
               message->subject != NULL ? message->subject : message->body,
               message->error != NULL ? " — " : "", message->error != NULL ? message->error : "");
    }
  return BD_CLI_EXIT_SUCCESS;
}

static int
log_contact_cb (BdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *kind = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, _("What came in: call or reply"), "call|reply" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  gint64 line_id;
  gint64 customer_id;
  BdChannel channel;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("backorder log-contact expects a line reference and what the customer said"));
  if (kind == NULL)
    return bd_cli_usage_error (cli, _("backorder log-contact expects --kind call or --kind reply"));
  if (!bd_channel_from_string (kind, &channel) || (channel != BD_CHANNEL_CALL && channel != BD_CHANNEL_REPLY))
    return bd_cli_usage_error (cli, _("“%s” is not a kind of contact: expected call or reply"), kind);

  if (!bd_cli_open_line (cli, argv[1], &store, &line_id, &status))
    return status;
  if (!bd_customers_of_line (store, line_id, &customer_id, &error) ||
      !bd_messages_log_incoming (store, channel, customer_id, line_id, argv[2], &uuid, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  g_print ("%s\n", uuid);
  return BD_CLI_EXIT_SUCCESS;
}

static int
delay_notices_due_cb (BdCli  *cli,
                      int     argc,
                      char  **argv)
{
  gboolean json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      _("Also the delayed lines that await an answer or whose customer agreed"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("delay-notices due takes no arguments besides its options"));
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  cases = bd_delay_notices_list (store, all, &error);
  if (cases == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < cases->len; i++)
        {
          BdDelayCase *item = g_ptr_array_index (cases, i);

          json_builder_begin_object (builder);
          add_string (builder, "ref", item->ref);
          add_string (builder, "customer_ref", item->customer_ref);
          add_string (builder, "customer_name", item->customer_name);
          add_string (builder, "promised_at", item->promised_at);
          add_string (builder, "eta", item->eta);
          add_string (builder, "state", bd_notice_state_to_string (item->state));
          json_builder_set_member_name (builder, "notices");
          json_builder_add_int_value (builder, item->n_notices);
          add_string (builder, "last_notice_date", item->last_new_date);
          add_string (builder, "deadline", item->deadline);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      bd_cli_print_json (root);
      return BD_CLI_EXIT_SUCCESS;
    }

  if (!bd_delay_notices_enabled (store))
    g_printerr (_("The team has switched the delay-notice rule off (team setting ftc_rule)\n"));
  for (guint i = 0; i < cases->len; i++)
    {
      BdDelayCase *item = g_ptr_array_index (cases, i);

      g_print ("%-28s %-12s promised %s, expected %s  %s\n", item->ref, bd_notice_state_to_string (item->state),
               item->promised_at, item->eta, item->customer_name);
    }
  return BD_CLI_EXIT_SUCCESS;
}

static int
followups_due_cb (BdCli  *cli,
                  int     argc,
                  char  **argv)
{
  gboolean json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, _("Every customer with open lines, with the day they are due"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("followups due takes no arguments besides its options"));
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  due = bd_followups_list (store, all, &error);
  if (due == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < due->len; i++)
        {
          BdFollowup *followup = g_ptr_array_index (due, i);

          json_builder_begin_object (builder);
          add_string (builder, "customer_ref", followup->customer_ref);
          add_string (builder, "customer_name", followup->customer_name);
          add_string (builder, "email", followup->email);
          json_builder_set_member_name (builder, "open_lines");
          json_builder_add_int_value (builder, followup->n_open_lines);
          add_string (builder, "last_contact", followup->last_contact);
          add_string (builder, "due", followup->due);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      bd_cli_print_json (root);
      return BD_CLI_EXIT_SUCCESS;
    }

  for (guint i = 0; i < due->len; i++)
    {
      BdFollowup *followup = g_ptr_array_index (due, i);

      g_print (_("%-10s due %s  %d open  last contact %s  %s\n"), followup->customer_ref, followup->due,
               followup->n_open_lines, followup->last_contact != NULL ? followup->last_contact : _("never"),
               followup->customer_name);
    }
  return BD_CLI_EXIT_SUCCESS;
}

static int
consent_cb (BdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 line_id;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return bd_cli_usage_error (cli, _("backorder consent expects a line reference and wait, alternative SKU "
                                      "or cancel"));
  if (g_str_equal (argv[2], "alternative") ? argc != 4 : argc != 3)
    return bd_cli_usage_error (cli, g_str_equal (argv[2], "alternative")
                                    ? _("backorder consent REF alternative expects the SKU the customer takes")
                                    : _("backorder consent expects a line reference and wait, alternative SKU "
                                        "or cancel"));
  if (!g_str_equal (argv[2], "wait") && !g_str_equal (argv[2], "alternative") && !g_str_equal (argv[2], "cancel"))
    return bd_cli_usage_error (cli, _("“%s” is not an answer to a delay notice: expected wait, alternative or cancel"),
                               argv[2]);

  if (!bd_cli_open_line (cli, argv[1], &store, &line_id, &status))
    return status;
  if (!bd_delay_notices_answer (store, line_id, argv[2], argc == 4 ? argv[3] : NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

/* The lines a notify command writes to: one, or those bd_compose_targets()
 * lists. */
static GArray *
notify_targets (BdStore     *store,
                const char  *backorder,
                gint64       backorder_id,
                gboolean     overdue,
                gboolean     at_risk,
                gboolean     followups_due,
                GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (overdue)
    return bd_compose_targets (store, BD_COMPOSE_TARGET_OVERDUE, NULL, error);
  if (at_risk)
    return bd_compose_targets (store, BD_COMPOSE_TARGET_DELAY_NOTICES, NULL, error);
  if (followups_due)
    return bd_compose_targets (store, BD_COMPOSE_TARGET_FOLLOWUPS, NULL, error);
  if (backorder != NULL)
    g_array_append_val (ids, backorder_id);
  return g_steal_pointer (&ids);
}

static int
notify_cb (BdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autofree char *kind = NULL;
  g_autofree char *backorder = NULL;
  g_autofree char *po = NULL;
  g_autofree char *channel_name = NULL;
  g_autofree char *out = NULL;
  gboolean overdue = FALSE, at_risk = FALSE, followups_due = FALSE, to_chase = FALSE, dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &kind, _("The kind of message, as templates list names it"), "KIND" },
    { "backorder", 0, 0, G_OPTION_ARG_STRING, &backorder, _("To the customer of this line"), "REF" },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, _("To the customer of every overdue line"), NULL },
    { "at-risk", 0, 0, G_OPTION_ARG_NONE, &at_risk,
      _("For every line whose expected date passed its promise and that has no notice for it yet"), NULL },
    { "followups-due", 0, 0, G_OPTION_ARG_NONE, &followups_due,
      _("To every customer due a follow-up, about their oldest open line"), NULL },
    { "po", 0, 0, G_OPTION_ARG_STRING, &po, _("To the supplier of this purchase order"), "NUMBER" },
    { "to-chase", 0, 0, G_OPTION_ARG_NONE, &to_chase,
      _("To the supplier of every purchase order to chase, as suppliers chase lists them"), NULL },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_name,
      _("smtp, sms or eml (an .eml file in --out); the customer’s own channel by default"), "CHANNEL" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, _("The folder for .eml files"), "DIR" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, _("Show what would be sent, and send nothing"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdComposer) composer = NULL;
  g_autoptr(BdTransport) transport = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) pos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const BdTemplateKind *kind_info;
  gboolean to_supplier;
  BdChannel channel = BD_CHANNEL_EMAIL;
  gboolean channel_given = channel_name != NULL;
  gint64 backorder_id = 0;
  guint n_failed = 0, n_done = 0;
  int n_targets, status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  channel_given = channel_name != NULL;
  if (argc != 1)
    return bd_cli_usage_error (cli, _("notify takes no arguments besides its options"));
  if (kind == NULL)
    return bd_cli_usage_error (cli, _("notify expects --template KIND"));
  kind_info = bd_template_kind_find (kind);
  if (kind_info == NULL)
    return bd_cli_usage_error (cli, _("“%s” is not a kind of message: see templates list"), kind);
  n_targets = (backorder != NULL) + overdue + at_risk + followups_due + (po != NULL) + to_chase;
  if (n_targets != 1)
    return bd_cli_usage_error (cli, _("notify expects one of --backorder, --overdue, --at-risk, --followups-due, "
                                      "--po or --to-chase"));
  to_supplier = po != NULL || to_chase;
  if ((kind_info->audience == BD_AUDIENCE_SUPPLIER) != to_supplier)
    return bd_cli_usage_error (cli, to_supplier ? _("“%s” is a message to a customer, not to a supplier")
                                                : _("“%s” is a message to a supplier: give --po NUMBER or "
                                                    "--to-chase"), kind);
  if (channel_given)
    {
      if (g_str_equal (channel_name, "smtp"))
        channel = BD_CHANNEL_EMAIL;
      else if (g_str_equal (channel_name, "sms") && !to_supplier)
        channel = BD_CHANNEL_SMS;
      else if (g_str_equal (channel_name, "eml"))
        channel = BD_CHANNEL_EML;
      else
        return bd_cli_usage_error (cli, _("“%s” is not a channel: expected smtp, sms or eml"), channel_name);
    }
  if (channel_given && channel == BD_CHANNEL_EML && out == NULL)
    return bd_cli_usage_error (cli, _("--channel eml expects --out DIR"));
  if (out != NULL && !dry_run && g_mkdir_with_parents (out, 0755) != 0)
    {
      int saved_errno = errno;

      g_printerr (_("backorder-desk-cli: cannot make the folder %s: %s\n"), out, g_strerror (saved_errno));
      return BD_CLI_EXIT_FAILURE;
    }

  if (backorder != NULL)
    {
      if (!bd_cli_open_line (cli, backorder, &store, &backorder_id, &status))
        return status;
    }
  else if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  composer = bd_composer_new (store, &error);
  if (composer == NULL)
    return bd_cli_fail (g_steal_pointer (&error));
  if (!dry_run)
    {
      transport = bd_transport_new_from_settings (store, TRUE, out, &error);
      if (transport == NULL)
        return bd_cli_fail (g_steal_pointer (&error));
    }

  if (po != NULL)
    g_ptr_array_add (pos, g_strdup (po));
  else if (to_chase)
    {
      g_autoptr(GPtrArray) chase = bd_suppliers_chase (store, &error);

      if (chase == NULL)
        return bd_cli_fail (g_steal_pointer (&error));
      for (guint i = 0; i < chase->len; i++)
        g_ptr_array_add (pos, g_strdup (((BdChaseEntry *)g_ptr_array_index (chase, i))->po_number));
    }
  else
    {
      lines = notify_targets (store, backorder, backorder_id, overdue, at_risk, followups_due, &error);
      if (lines == NULL || !bd_composer_preload (composer, (const gint64 *)lines->data, lines->len, &error))
        return bd_cli_fail (g_steal_pointer (&error));
    }

  for (guint i = 0; i < (to_supplier ? pos->len : lines->len); i++)
    {
      g_autoptr(BdOutgoing) message = NULL;
      g_autoptr(GError) message_error = NULL;
      g_autofree char *uuid = NULL;
      gint64 line_id = to_supplier ? 0 : g_array_index (lines, gint64, i);
      const char *number = to_supplier ? g_ptr_array_index (pos, i) : NULL;
      g_autofree char *what = NULL;
      gboolean marked_sent = FALSE;

      message = to_supplier ? bd_composer_for_po (composer, kind, number, NULL, &message_error)
                           : bd_composer_for_line (composer, kind, line_id, channel_given ? &channel : NULL, NULL,
                                                   &message_error);
      if (message == NULL)
        {
          g_print (_("not written: %s\n"), message_error->message);
          n_failed++;
          continue;
        }
      if (channel_given && channel == BD_CHANNEL_EML)
        message->channel = BD_CHANNEL_EML;

      if (to_supplier)
        what = g_strdup (number);
      else
        {
          g_autoptr(BdBackorder) line = bd_backorder_load (store, line_id, NULL);

          what = g_strdup (line != NULL ? bd_backorder_get_ref (line) : "?");
        }

      if (dry_run)
        {
          g_print (_("%s: would go to %s by %s: %s\n"), what,
                   message->recipient != NULL ? message->recipient : _("(no address)"),
                   bd_channel_to_string (message->channel),
                   message->subject != NULL ? message->subject : message->body);
          n_done++;
          continue;
        }

      if (!(to_supplier ? bd_po_mail_send (store, transport, message, &uuid, &marked_sent, &message_error)
                       : bd_messages_send (store, transport, message, &uuid, &message_error)))
        {
          g_print (_("%s: not sent (%s): %s\n"), what, uuid != NULL ? uuid : "-", message_error->message);
          n_failed++;
          continue;
        }

      /* a delay notice that went out starts its answer's week */
      if (g_str_equal (kind, "delay_notice") && message->eta != NULL &&
          !bd_delay_notices_record_sent (store, line_id, uuid, message->eta, &message_error))
        {
          g_print (_("%s: sent (%s), but the notice was not recorded: %s\n"), what, uuid, message_error->message);
          n_failed++;
          continue;
        }

      g_print (_("%s: %s to %s (%s)\n"), what, message->channel == BD_CHANNEL_EML ? _("saved") : _("sent"),
               message->recipient, uuid);
      if (marked_sent)
        g_print (_("%s: marked sent\n"), what);
      n_done++;
    }

  bd_secrets_disconnect ();
  if (n_done + n_failed == 0)
    g_print (_("Nothing to send\n"));
  if (n_failed > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "backorder-desk-cli: %u message was not sent\n",
                               "backorder-desk-cli: %u messages were not sent\n", n_failed), n_failed);
      return BD_CLI_EXIT_FAILURE;
    }
  return BD_CLI_EXIT_SUCCESS;
}

static int
messages_retry_cb (BdCli  *cli,
                   int     argc,
                   char  **argv)
{
  gboolean confirm = FALSE;
  const GOptionEntry entries[] = {
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirm,
      _("Send a message whose fate is unknown again: you checked that it did not arrive"), NULL },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdTransport) transport = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("messages retry expects the uuid of a message"));
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;

  transport = bd_transport_new_from_settings (store, TRUE, NULL, &error);
  if (transport == NULL || !bd_messages_retry (store, transport, argv[1], confirm, &error))
    {
      bd_secrets_disconnect ();
      return bd_cli_fail (g_steal_pointer (&error));
    }

  bd_secrets_disconnect ();
  g_print (_("%s: sent\n"), argv[1]);
  return BD_CLI_EXIT_SUCCESS;
}

/* The events of a customer's lines, oldest first. */
static GPtrArray *
customer_timeline (BdStore  *store,
                   gint64    customer_id,
                   GError  **error)
{
  g_autoptr(BdRowSource) source = bd_timeline_source_new ();
  BdTimelineQuery query = { 0, customer_id };
  g_autoptr(GArray) ids = bd_row_source_run_ids (source, store, &query, 0, NULL, NULL, NULL, error);
  g_autoptr(GHashTable) rows = bd_row_table_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

  if (ids == NULL)
    return NULL;
  for (guint start = 0; start < ids->len; start += BD_ROW_PAGE)
    if (!bd_row_source_load_many (source, store, &g_array_index (ids, gint64, start),
                                  MIN (BD_ROW_PAGE, ids->len - start), rows, error))
      return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      GObject *event = g_hash_table_lookup (rows, &g_array_index (ids, gint64, i));

      if (event != NULL)
        g_ptr_array_add (events, g_object_ref (event));
    }
  return g_steal_pointer (&events);
}

static int
customer_show_cb (BdCli  *cli,
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
  g_autoptr(BdCustomer) customer = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GPtrArray) followups = NULL;
  g_autoptr(BdEtaContext) context = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *next_due = NULL;
  gint64 id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_usage_error (cli, _("customer show expects a customer reference"));
  if (!(store = bd_cli_open_store (cli)))
    return BD_CLI_EXIT_FAILURE;
  if (!bd_customers_find (store, argv[1], &id, &error) ||
      !(customer = bd_customers_load (store, id, &error)) ||
      !(timeline = customer_timeline (store, id, &error)) ||
      !(followups = bd_followups_list (store, TRUE, &error)) ||
      !(context = bd_eta_context_new (store, &error)))
    return bd_cli_fail (g_steal_pointer (&error));

  for (guint i = 0; i < followups->len; i++)
    if (((BdFollowup *)g_ptr_array_index (followups, i))->customer_id == id)
      next_due = ((BdFollowup *)g_ptr_array_index (followups, i))->due;

  json_builder_begin_object (builder);
  add_string (builder, "ref", customer->ref);
  add_string (builder, "name", customer->name);
  add_string (builder, "email", customer->email);
  add_string (builder, "phone", customer->phone);
  add_string (builder, "language", customer->language);
  add_string (builder, "preferred_channel", customer->preferred_channel);
  json_builder_set_member_name (builder, "sms_consent");
  json_builder_add_boolean_value (builder, customer->sms_consent);
  json_builder_set_member_name (builder, "open_lines");
  json_builder_add_int_value (builder, customer->n_open);
  add_string (builder, "next_follow_up", next_due);
  json_builder_set_member_name (builder, "owed");
  json_builder_begin_object (builder);
  {
    GHashTableIter iter;
    gpointer currency, sum;

    g_hash_table_iter_init (&iter, customer->owed);
    while (g_hash_table_iter_next (&iter, &currency, &sum))
      {
        int exponent = bd_currency_exponent (currency);
        g_autofree char *amount = bd_format_decimal (*(gint64 *)sum, exponent < 0 ? 2 : exponent);

        add_string (builder, currency, amount);
      }
  }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < customer->line_ids->len; i++)
    {
      g_autoptr(BdBackorder) line = bd_backorder_load (store, *(gint64 *)g_ptr_array_index (customer->line_ids, i),
                                                       NULL);
      g_autoptr(BdEta) eta = NULL;

      if (line == NULL)
        continue;
      eta = bd_backorder_is_open (line) ? bd_eta_compute (context, line) : NULL;
      json_builder_begin_object (builder);
      add_string (builder, "ref", bd_backorder_get_ref (line));
      add_string (builder, "status", bd_backorder_get_status (line));
      json_builder_set_member_name (builder, "backordered_quantity");
      json_builder_add_int_value (builder, bd_backorder_get_short (line));
      add_string (builder, "promised_at", bd_backorder_get_promised_at (line));
      add_string (builder, "eta", eta != NULL ? eta->eta : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "timeline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < timeline->len; i++)
    {
      BdEvent *event = g_ptr_array_index (timeline, i);

      json_builder_begin_object (builder);
      add_string (builder, "at", bd_event_get_at (event));
      add_string (builder, "author", bd_event_get_author (event));
      add_string (builder, "action", bd_event_get_action (event));
      add_string (builder, "field", bd_event_get_field (event));
      add_string (builder, "old_value", bd_event_get_old_value (event));
      add_string (builder, "new_value", bd_event_get_new_value (event));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (json)
    {
      bd_cli_print_json (root);
      return BD_CLI_EXIT_SUCCESS;
    }

  {
    JsonObject *object = json_node_get_object (root);
    JsonArray *lines = json_object_get_array_member (object, "lines");
    JsonArray *events = json_object_get_array_member (object, "timeline");
    g_autoptr(GList) currencies = json_object_get_members (json_object_get_object_member (object, "owed"));

    g_print ("%s  %s  %s\n", customer->ref, customer->name, customer->email != NULL ? customer->email : "");
    g_print (_("Open lines: %d   Next follow-up: %s\n"), customer->n_open, next_due != NULL ? next_due : "-");
    for (GList *l = currencies; l != NULL; l = l->next)
      g_print (_("Owed: %s %s\n"), json_object_get_string_member (json_object_get_object_member (object, "owed"),
                                                                   l->data), (const char *)l->data);
    for (guint i = 0; i < json_array_get_length (lines); i++)
      {
        JsonObject *line = json_array_get_object_element (lines, i);

        g_print ("  %-28s %-10s %3" G_GINT64_FORMAT "  %s\n", json_object_get_string_member (line, "ref"),
                 json_object_get_string_member (line, "status"),
                 json_object_get_int_member (line, "backordered_quantity"),
                 json_object_get_string_member (line, "eta") != NULL
                 ? json_object_get_string_member (line, "eta") : "");
      }
    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *event = json_array_get_object_element (events, i);

        g_print ("  %s %s %s %s %s\n", json_object_get_string_member (event, "at"),
                 json_object_get_string_member (event, "author"), json_object_get_string_member (event, "action"),
                 json_object_get_string_member (event, "field") ? json_object_get_string_member (event, "field") : "",
                 json_object_get_string_member (event, "new_value") ? json_object_get_string_member (event, "new_value") : "");
      }
  }
  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_message_commands[] = {
  { "templates list", "[--json]",
    N_("List the message templates, by kind and language"), templates_list_cb },
  { "templates render", "KIND (--backorder REF | --po NUMBER) [--language L]",
    N_("Show the message a template makes for a line or a purchase order, without sending it"),
    templates_render_cb },
  { "notify", "--template KIND (--backorder REF | --overdue | --at-risk | --followups-due | --po NUMBER | --to-chase) "
              "[--channel smtp|sms|eml] [--out DIR] [--dry-run]",
    N_("Write and send a message from a template to customers or a supplier, and log it"), notify_cb },
  { "messages list", "[--backorder REF | --customer REF] [--json]",
    N_("List the messages sent and received, newest first"), messages_list_cb },
  { "messages retry", "UUID [--confirm]",
    N_("Send a failed message again (one whose fate is unknown only with --confirm)"), messages_retry_cb },
  { "backorder log-contact", "REF --kind call|reply TEXT",
    N_("Log what a customer said on the phone or wrote back about a line"), log_contact_cb },
  { "delay-notices due", "[--all] [--json]",
    N_("List the lines that need a delay notice, or must be cancelled for want of an answer"),
    delay_notices_due_cb },
  { "backorder consent", "REF wait|alternative SKU|cancel",
    N_("Record a customer’s answer to a delay notice"), consent_cb },
  { "customer show", "REF [--json]",
    N_("Show a customer: their lines, what is owed to them, the next follow-up and the timeline"),
    customer_show_cb },
  { "followups due", "[--all] [--json]",
    N_("List the customers with open lines who are due to hear from the desk"), followups_due_cb },
  { NULL }
};
