/* bd-cli-private.h: what the parts of backorder-desk-cli share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "bd-store.h"

G_BEGIN_DECLS

/* Exit statuses (README, backorder-desk-cli). */
#define BD_CLI_EXIT_SUCCESS 0
#define BD_CLI_EXIT_FAILURE 1   /* the store refused, or the work failed */
#define BD_CLI_EXIT_USAGE   2   /* a wrong command line */

typedef struct _BdCli BdCli;
typedef struct _BdCliCommand BdCliCommand;

/* Runs a command: @argv[0] is the last word of its name, the rest is what
 * follows it on the command line. Returns the exit status. */
typedef int (*BdCliHandler) (BdCli  *cli,
                             int     argc,
                             char  **argv);

/* One entry of a command table: it drives both the dispatch and --help. */
struct _BdCliCommand
{
  /* one word, or two for a verb on a kind of thing ("list backorders") */
  const char *name;
  /* what follows the name in the usage line; not translated, as it is
   * made of option names and the values the program matches */
  const char *arguments;
  /* one line for the list of commands; N_() */
  const char *summary;
  BdCliHandler handler;
};

/* What came before the command, and the command being run. */
struct _BdCli
{
  const char *database;          /* --database PATH; NULL: the default */
  gboolean create;               /* --create */
  const BdCliCommand *command;
};

/* The command tables of the parts, each ending with an empty entry; a
 * new part adds its table to bd-cli.c. */
extern const BdCliCommand bd_cli_data_commands[];
extern const BdCliCommand bd_cli_backorder_commands[];
extern const BdCliCommand bd_cli_message_commands[];
extern const BdCliCommand bd_cli_purchasing_commands[];
extern const BdCliCommand bd_cli_settings_commands[];
extern const BdCliCommand bd_cli_supplier_commands[];
extern const BdCliCommand bd_cli_metrics_commands[];
extern const BdCliCommand bd_cli_forecast_commands[];
extern const BdCliCommand bd_cli_sync_commands[];
extern const BdCliCommand bd_cli_sync_resolve_commands[];

int       bd_cli_fail                  (GError              *error);
int       bd_cli_usage_error           (BdCli               *cli,
                                        const char          *format,
                                        ...) G_GNUC_PRINTF (2, 3);
gboolean  bd_cli_parse                 (BdCli               *cli,
                                        const GOptionEntry  *entries,
                                        int                 *argc,
                                        char              ***argv,
                                        int                 *status);
char     *bd_cli_join                  (const char * const  *words);
BdStore  *bd_cli_open_store            (BdCli               *cli);
BdStore  *bd_cli_open_or_create_store  (BdCli               *cli);
gboolean  bd_cli_open_line             (BdCli               *cli,
                                        const char          *ref,
                                        BdStore            **store,
                                        gint64              *line_id,
                                        int                 *status);
void      bd_cli_print_json            (JsonNode            *node);

G_END_DECLS
