/* bd-import.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-csv.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_IMPORT_ERROR (bd_import_error_quark ())

typedef enum
{
  BD_IMPORT_ERROR_HEADER,
  BD_IMPORT_ERROR_ROWS,
  BD_IMPORT_ERROR_UNKNOWN_KIND,
} BdImportError;

typedef enum
{
  BD_IMPORT_SUPPLIERS,
  BD_IMPORT_PRODUCTS,
  BD_IMPORT_ORDERS,
  BD_IMPORT_PURCHASE_ORDERS,
  BD_IMPORT_PRODUCT_SUPPLIERS,
  BD_IMPORT_PRODUCT_ALTERNATIVES,
} BdImportKind;

/* The most bad rows an import reports before it stops looking. */
#define BD_IMPORT_MAX_PROBLEMS 20

typedef struct
{
  guint line;
  char *column;
  char *message;
} BdImportProblem;

typedef struct
{
  BdImportKind kind;
  guint rows;
  guint created;
  guint updated;
  guint unchanged;
  GPtrArray *warnings;   /* char *: unknown columns and the like */
  GPtrArray *problems;   /* BdImportProblem *: bad rows; nothing was written */
  /* where the time went, in seconds: reading, checking and writing the
   * rows; building indexes again; the search indexes; the commit */
  double seconds_rows;
  double seconds_indexes;
  double seconds_search;
  double seconds_commit;
} BdImportReport;

typedef void (*BdProgressFunc) (double   fraction,
                                gpointer user_data);

GQuark          bd_import_error_quark    (void);
const char     *bd_import_kind_to_string (BdImportKind    kind);
gboolean        bd_import_kind_from_string (const char   *text,
                                          BdImportKind   *kind);
char           *bd_import_kinds_to_string (const char    *separator);
gboolean        bd_import_detect_kind    (const char     *path,
                                          BdImportKind   *kind,
                                          GError        **error);
guint           bd_import_kind_order     (BdImportKind    kind);
void            bd_import_sort_paths     (GPtrArray      *paths);
BdImportReport *bd_import_report_new     (void);
void            bd_import_report_free    (BdImportReport *report);
char           *bd_import_report_describe (BdImportReport *report);

gboolean        bd_import_reader         (BdStore        *store,
                                          BdImportKind    kind,
                                          BdCsvReader    *reader,
                                          BdImportReport *report,
                                          BdProgressFunc  progress,
                                          gpointer        progress_data,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean        bd_import_path           (BdStore        *store,
                                          BdImportKind    kind,
                                          const char     *path,
                                          BdImportReport *report,
                                          BdProgressFunc  progress,
                                          gpointer        progress_data,
                                          GCancellable   *cancellable,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdImportReport, bd_import_report_free)

G_END_DECLS
