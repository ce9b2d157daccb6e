/* bd-csv.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_CSV_ERROR (bd_csv_error_quark ())

typedef enum
{
  BD_CSV_ERROR_READ,
  BD_CSV_ERROR_EMPTY,
  BD_CSV_ERROR_SYNTAX,
  BD_CSV_ERROR_ENCODING,
} BdCsvError;

/* An RFC 4180 reader: quoted fields with commas, quotes and newlines, UTF-8
 * with or without a byte-order mark, CRLF or LF. It reads straight from the
 * mapped file and copies only the fields of the current record. */
typedef struct _BdCsvReader BdCsvReader;

GQuark        bd_csv_error_quark          (void);
BdCsvReader  *bd_csv_reader_new_for_path  (const char   *path,
                                           GError      **error);
BdCsvReader  *bd_csv_reader_new_for_bytes (GBytes       *bytes,
                                           const char   *name);
void          bd_csv_reader_free          (BdCsvReader  *self);
const char   *bd_csv_reader_get_name      (BdCsvReader  *self);
gboolean      bd_csv_reader_next          (BdCsvReader  *self,
                                           GError      **error);
guint         bd_csv_reader_get_n_fields  (BdCsvReader  *self);
const char   *bd_csv_reader_get_field     (BdCsvReader  *self,
                                           guint         index);
void          bd_csv_reader_strip_fields  (BdCsvReader  *self);
guint         bd_csv_reader_get_line      (BdCsvReader  *self);
double        bd_csv_reader_get_fraction  (BdCsvReader  *self);

const char   *bd_csv_formula_safe         (const char   *value,
                                           char        **owned);
void          bd_csv_append_field         (GString      *out,
                                           const char   *value);
void          bd_csv_append_row           (GString      *out,
                                           const char * const *values,
                                           guint         n_values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdCsvReader, bd_csv_reader_free)

G_END_DECLS
