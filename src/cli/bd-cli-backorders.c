/* bd-cli-backorders.c: backorder-desk-cli list and export of backorder
 * lines, and what a person does to one (backorder set-status, …)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli-backorders"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "bd-actions.h"
#include "bd-cli-private.h"
#include "bd-export.h"
#include "bd-notes.h"
#include "bd-backorder-query.h"
#include "bd-status.h"
#include "bd-util.h"

typedef struct
{
  char *status;
  gboolean overdue;
  gboolean not_covered;
  gboolean must_cancel;
  gboolean needs_notice;
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

static char *
known_status_filters (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) filters = NULL;

  g_strv_builder_add_many (builder, "open", "all", NULL);
  g_strv_builder_addv (builder, (const char **)bd_statuses ());
  filters = g_strv_builder_end (builder);
  return bd_cli_join ((const char * const *)filters);
}

static char *
open_statuses (void)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  const char * const *statuses = bd_statuses ();

  for (guint i = 0; statuses[i] != NULL; i++)
    if (bd_status_is_open (statuses[i]))
      g_ptr_array_add (open, (char *)statuses[i]);
  g_ptr_array_add (open, NULL);
  return bd_cli_join ((const char * const *)open->pdata);
}

static char *
known_sort_keys (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (BdSortKey key = BD_SORT_QUEUE; key <= BD_SORT_LAST; key++)
    g_ptr_array_add (keys, (char *)bd_sort_key_to_string (key));
  g_ptr_array_add (keys, NULL);
  return bd_cli_join ((const char * const *)keys->pdata);
}

/* The options list and export share: which lines, in which order. FALSE
 * when the command is done, with @status. */
static gboolean
parse_list (BdCli         *cli,
            int            argc,
            char         **argv,
            gboolean       allow_json,
            ListOptions   *options,
            BdBackorderQuery       *query,
            int           *status)
{
  g_autofree char *known_statuses = known_status_filters ();
  g_autofree char *known_sorts = known_sort_keys ();
  g_autofree char *open = open_statuses ();
  g_autofree char *all = bd_cli_join (bd_statuses ());
  g_autofree char *status_help = g_strdup_printf (_("Which lines: open (the default: %s), all, or those of "
                                                    "one status: %s"), open, all);
  g_autofree char *sort_help = g_strdup_printf (_("The order, one of %s (default: queue, the highest "
                                                  "priority first, then the oldest)"), known_sorts);
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &options->status, status_help, "S" },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &options->overdue,
      _("Only open lines promised before today"), NULL },
    { "not-covered", 0, 0, G_OPTION_ARG_NONE, &options->not_covered,
      _("Only open lines with units no purchase order covers yet"), NULL },
    { "must-cancel", 0, 0, G_OPTION_ARG_NONE, &options->must_cancel,
      _("Only lines that must be cancelled and refunded (a delay notice unanswered past its deadline)"), NULL },
    { "needs-notice", 0, 0, G_OPTION_ARG_NONE, &options->needs_notice,
      _("Only open lines that need a delay notice now (those of delay-notices due in state needed)"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &options->search,
      _("Lines whose order, customer, product or notes match TEXT"), "TEXT" },
    { "sku", 0, 0, G_OPTION_ARG_STRING, &options->sku, _("Only lines of the product SKU"), "SKU" },
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &options->supplier,
      _("Only lines of products the supplier REF (or NAME) supplies"), "REF" },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &options->sort, sort_help, "KEY" },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &options->descending, _("Sort the other way round"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, _("Print a JSON array of objects"), NULL },
    { NULL }
  };

  if (!allow_json)
    memset (&entries[G_N_ELEMENTS (entries) - 2], 0, sizeof entries[0]);

  if (!bd_cli_parse (cli, entries, &argc, &argv, status))
    return FALSE;

  *status = BD_CLI_EXIT_USAGE;
  if (argc != 1)
    {
      bd_cli_usage_error (cli, _("%s takes no arguments besides its options"), cli->command->name);
      return FALSE;
    }

  if (options->status != NULL && !bd_status_filter_from_string (options->status, &query->status))
    {
      bd_cli_usage_error (cli, _("“%s” is not a status: expected %s"), options->status, known_statuses);
      return FALSE;
    }
  if (options->sort != NULL && !bd_sort_key_from_string (options->sort, &query->sort))
    {
      bd_cli_usage_error (cli, _("“%s” is not a sort key: expected %s"), options->sort, known_sorts);
      return FALSE;
    }

  query->overdue = options->overdue;
  query->not_covered = options->not_covered;
  query->must_cancel = options->must_cancel;
  query->needs_notice = options->needs_notice;
  query->descending = options->descending;
  query->search = g_strdup (options->search);
  query->product_sku = g_strdup (options->sku);
  query->supplier_ref = g_strdup (options->supplier);
  *status = BD_CLI_EXIT_SUCCESS;
  return TRUE;
}

/* The command line, then the store, then the filters' names checked
 * against it: what list and export share. */
static BdStore *
open_for_list (BdCli        *cli,
               int           argc,
               char        **argv,
               gboolean      allow_json,
               ListOptions  *options,
               BdBackorderQuery      *query,
               int          *status)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_list (cli, argc, argv, allow_json, options, query, status))
    return NULL;

  *status = BD_CLI_EXIT_FAILURE;
  if (!(store = bd_cli_open_store (cli)))
    return NULL;
  if (!bd_backorder_query_resolve_filters (store, query, &error))
    {
      *status = bd_cli_fail (g_steal_pointer (&error));
      return NULL;
    }

  *status = BD_CLI_EXIT_SUCCESS;
  return g_steal_pointer (&store);
}

static int
export_backorders_cb (BdCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_auto(ListOptions) options = { 0, };
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!(store = open_for_list (cli, argc, argv, FALSE, &options, query, &status)))
    return status;

  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  if (!bd_export_backorders_csv (store, query, out, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
list_backorders_cb (BdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_auto(ListOptions) options = { 0, };
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(BdStore) store = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!(store = open_for_list (cli, argc, argv, TRUE, &options, query, &status)))
    return status;

  rows = bd_export_backorders_json (store, query, NULL, &error);
  if (rows == NULL)
    return bd_cli_fail (g_steal_pointer (&error));

  if (options.json)
    {
      g_autofree char *text = json_to_string (rows, TRUE);
      g_print ("%s\n", text);
      return BD_CLI_EXIT_SUCCESS;
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

  return BD_CLI_EXIT_SUCCESS;
}

static int
set_status_cb (BdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *reason = NULL;
  gboolean refunded = FALSE;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, _("Why the line is cancelled: a cancellation needs one"),
      "TEXT" },
    { "refunded", 0, 0, G_OPTION_ARG_NONE, &refunded, _("The customer was refunded (with cancelled)"), NULL },
    { NULL }
  };
  const char * const *by_hand = bd_statuses_set_by_hand ();
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 line_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("backorder set-status expects a line reference and a status"));
  if (!g_strv_contains (by_hand, argv[2]))
    {
      g_autofree char *known = bd_cli_join (by_hand);

      if (bd_status_is_valid (argv[2]))
        return bd_cli_usage_error (cli, _("“%s” cannot be set by hand: expected %s"), argv[2], known);
      return bd_cli_usage_error (cli, _("“%s” is not a status: expected %s"), argv[2], known);
    }

  if (!bd_cli_open_line (cli, argv[1], &store, &line_id, &status))
    return status;

  /* whether this line may go there, and the reason, are the store's to say */
  if (!bd_actions_set_status (store, &line_id, 1, argv[2], reason, refunded, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
set_priority_cb (BdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  gint64 line_id;
  gint64 priority;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("backorder set-priority expects a line reference and a priority"));
  if (!bd_parse_int (argv[2], BD_PRIORITY_MIN, BD_PRIORITY_MAX, &priority, &problem))
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (int p = BD_PRIORITY_MIN; p <= BD_PRIORITY_MAX; p++)
        g_string_append_printf (known, "%s%d (%s)", p > BD_PRIORITY_MIN ? ", " : "", p, bd_priority_label (p));
      return bd_cli_usage_error (cli, _("“%s” is not a priority: expected %s"), argv[2], known->str);
    }

  if (!bd_cli_open_line (cli, argv[1], &store, &line_id, &status))
    return status;

  if (!bd_actions_set_priority (store, &line_id, 1, (int)priority, NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
note_cb (BdCli  *cli,
         int     argc,
         char  **argv)
{
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 line_id;
  int status;

  if (!bd_cli_parse (cli, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("backorder note expects a line reference and the text of the note"));

  if (!bd_cli_open_line (cli, argv[1], &store, &line_id, &status))
    return status;

  if (!bd_notes_add (store, line_id, argv[2], NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

static int
complaint_cb (BdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *category = NULL;
  g_autofree char *known = bd_cli_join (bd_complaint_categories ());
  g_autofree char *category_help = g_strdup_printf (_("The kind of complaint: %s"), known);
  const GOptionEntry entries[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, category_help, "C" },
    { NULL }
  };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 line_id;
  int status;

  if (!bd_cli_parse (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return bd_cli_usage_error (cli, _("backorder complaint expects a line reference and what the "
                                      "customer complains about"));
  if (category == NULL)
    return bd_cli_usage_error (cli, _("backorder complaint expects --category"));
  if (!bd_complaint_category_is_valid (category))
    return bd_cli_usage_error (cli, _("“%s” is not a complaint category: expected %s"), category, known);

  if (!bd_cli_open_line (cli, argv[1], &store, &line_id, &status))
    return status;

  if (!bd_notes_add_complaint (store, line_id, category, argv[2], NULL, &error))
    return bd_cli_fail (g_steal_pointer (&error));

  return BD_CLI_EXIT_SUCCESS;
}

const BdCliCommand bd_cli_backorder_commands[] = {
  { "list backorders",
    "[--status S] [--overdue] [--not-covered] [--must-cancel] [--needs-notice] [--search TEXT] [--sku SKU] [--supplier REF] [--sort KEY] [--descending] [--json]",
    N_("List backorder lines: the open ones, highest priority and oldest first, by default"),
    list_backorders_cb },
  { "export backorders",
    "[--status S] [--overdue] [--not-covered] [--must-cancel] [--needs-notice] [--search TEXT] [--sku SKU] [--supplier REF] [--sort KEY] [--descending]",
    N_("Write backorder lines as CSV, chosen and sorted as list does"), export_backorders_cb },
  { "backorder set-status", "REF shipped|cancelled|waiting [--reason TEXT] [--refunded]",
    N_("Mark an open line shipped, cancel it, or reopen a cancelled one"), set_status_cb },
  { "backorder set-priority", "REF 0|1|2",
    N_("Set a line’s priority"), set_priority_cb },
  { "backorder note", "REF TEXT",
    N_("Write a note on a line"), note_cb },
  { "backorder complaint", "REF --category C TEXT",
    N_("Log a customer’s complaint about a line"), complaint_cb },
  { NULL }
};
