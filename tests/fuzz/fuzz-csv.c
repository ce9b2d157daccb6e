/* fuzz-csv.c: BdCsvReader against a plain reference reader, and its own
 * invariants
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-fuzz-csv"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bd-csv.h"
#include "bd-fuzz.h"

#define NAME "fuzz.csv"

/* The reference: RFC 4180 one byte at a time, as the README and bd-csv.h
 * describe the reader (a BOM is skipped, blank lines too, a record ends at
 * \n, \r\n or a lone \r, a quoted field counts the \n inside it, each
 * record must be UTF-8). Slow and obvious, where the reader is fast. */
typedef struct
{
  const char *d;
  gsize n;
  gsize pos;
  guint line;
} Reference;

typedef enum
{
  REF_RECORD,
  REF_END,
  REF_SYNTAX,
  REF_ENCODING,
} RefResult;

static RefResult
reference_next (Reference *ref,
                GPtrArray *fields,
                guint     *record_line,
                guint     *error_line)
{
  g_autoptr(GString) field = g_string_new (NULL);
  gsize begin;

  g_ptr_array_set_size (fields, 0);

  while (ref->pos < ref->n && (ref->d[ref->pos] == '\n' || ref->d[ref->pos] == '\r'))
    if (ref->d[ref->pos++] == '\n')
      ref->line++;

  if (ref->pos >= ref->n)
    return REF_END;

  *record_line = ref->line;
  begin = ref->pos;

  for (;;)
    {
      int c;

      g_string_truncate (field, 0);

      if (ref->pos < ref->n && ref->d[ref->pos] == '"')
        {
          guint quote_line = ref->line;

          ref->pos++;
          for (;;)
            {
              if (ref->pos >= ref->n)
                {
                  *error_line = quote_line;
                  return REF_SYNTAX;
                }
              c = (guchar)ref->d[ref->pos++];
              if (c == '"')
                {
                  if (ref->pos < ref->n && ref->d[ref->pos] == '"')
                    {
                      g_string_append_c (field, '"');
                      ref->pos++;
                      continue;
                    }
                  break;
                }
              if (c == '\n')
                ref->line++;
              g_string_append_c (field, c);
            }

          c = ref->pos < ref->n ? (guchar)ref->d[ref->pos] : -1;
          if (c != -1 && c != ',' && c != '\r' && c != '\n')
            {
              *error_line = ref->line;
              return REF_SYNTAX;
            }
        }
      else
        {
          for (;;)
            {
              c = ref->pos < ref->n ? (guchar)ref->d[ref->pos] : -1;
              if (c == -1 || c == ',' || c == '\r' || c == '\n')
                break;
              if (c == '"')
                {
                  *error_line = ref->line;
                  return REF_SYNTAX;
                }
              g_string_append_c (field, c);
              ref->pos++;
            }
        }

      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (c == ',')
        {
          ref->pos++;
          continue;
        }
      if (c == '\r')
        {
          ref->pos++;
          if (ref->pos < ref->n && ref->d[ref->pos] == '\n')
            ref->pos++;
          ref->line++;
        }
      else if (c == '\n')
        {
          ref->pos++;
          ref->line++;
        }
      break;
    }

  if (!g_utf8_validate_len (ref->d + begin, ref->pos - begin, NULL))
    {
      *error_line = *record_line;
      return REF_ENCODING;
    }

  return REF_RECORD;
}

static gsize
consumed (BdCsvReader *reader,
          gsize        size)
{
  return (gsize)(bd_csv_reader_get_fraction (reader) * (double)size + 0.5);
}

/* The line an error message names. */
static guint
line_in (const char *message)
{
  const char *p = strstr (message, ", line ");

  return p != NULL ? (guint)strtoul (p + strlen (", line "), NULL, 10) : 0;
}

/* Written back with bd_csv_append_row() and read again, a record is the
 * same record. */
static void
check_round_trip (BdCsvReader *reader,
                  const char  *input,
                  gsize        size)
{
  guint n_fields = bd_csv_reader_get_n_fields (reader);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BdCsvReader) again = NULL;
  g_autoptr(GError) error = NULL;

  /* a record of one empty field is a blank line once written */
  if (n_fields == 1 && *bd_csv_reader_get_field (reader, 0) == '\0')
    return;

  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (values, (gpointer)bd_csv_reader_get_field (reader, i));
  /* after a header, as an export writes it: a field that starts with
   * U+FEFF would be a byte-order mark at the start of the text */
  g_string_append (out, "header\r\n");
  bd_csv_append_row (out, (const char * const *)values->pdata, n_fields);

  bytes = g_bytes_new (out->str, out->len);
  again = bd_csv_reader_new_for_bytes (bytes, NAME);
  BD_FUZZ_CHECK (bd_csv_reader_next (again, &error), input, size, "the header written does not read");
  BD_FUZZ_CHECK (bd_csv_reader_next (again, &error), input, size,
                 "a record written back does not read again: %s",
                 error ? error->message : "no record");
  BD_FUZZ_CHECK (bd_csv_reader_get_n_fields (again) == n_fields, input, size,
                 "a record of %u fields written back reads as %u fields",
                 n_fields, bd_csv_reader_get_n_fields (again));
  for (guint i = 0; i < n_fields; i++)
    BD_FUZZ_CHECK (strcmp (bd_csv_reader_get_field (again, i), values->pdata[i]) == 0,
                   input, size, "field %u written back reads as another text", i);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BdCsvReader) reader = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *input;
  char *copy;
  Reference ref;
  guint max_line = 1;
  guint last_line = 0;
  gsize last_pos;

  if (g_once_init_enter (&initialized))
    {
      bd_fuzz_init ();
      g_once_init_leave (&initialized, 1);
    }

  /* the reader reads the bytes in place: a block of exactly their size,
   * so that AddressSanitizer sees a read past their end */
  copy = malloc (MAX (size, 1));
  g_assert (copy != NULL);
  if (size > 0)
    memcpy (copy, data, size);
  input = copy;
  bytes = g_bytes_new_with_free_func (copy, size, free, copy);
  reader = bd_csv_reader_new_for_bytes (bytes, NAME);

  for (gsize i = 0; i < size; i++)
    if (input[i] == '\n' || input[i] == '\r')
      max_line++;

  ref = (Reference) { input, size, 0, 1 };
  if (size >= 3 && memcmp (input, "\xEF\xBB\xBF", 3) == 0)
    ref.pos = 3;
  last_pos = ref.pos;

  for (;;)
    {
      guint ref_line = 0, ref_error_line = 0;
      RefResult want = reference_next (&ref, expected, &ref_line, &ref_error_line);
      gboolean got = bd_csv_reader_next (reader, &error);

      if (!got)
        {
          BD_FUZZ_CHECK (want != REF_RECORD, input, size,
                         "the reader stopped (%s) where the reference reads a record on line %u",
                         error ? error->message : "end", ref_line);
          if (want == REF_END)
            {
              BD_FUZZ_CHECK (error == NULL, input, size,
                             "an error where the reference reads to the end: %s", error->message);
              break;
            }

          BD_FUZZ_CHECK (error != NULL, input, size,
                         "the reader ends where the reference has a %s error on line %u",
                         want == REF_SYNTAX ? "syntax" : "encoding", ref_error_line);
          BD_FUZZ_CHECK (g_error_matches (error, BD_CSV_ERROR,
                                          want == REF_SYNTAX ? BD_CSV_ERROR_SYNTAX
                                                             : BD_CSV_ERROR_ENCODING),
                         input, size, "the reader says “%s”, the reference has a %s error",
                         error->message, want == REF_SYNTAX ? "syntax" : "encoding");
          BD_FUZZ_CHECK (g_str_has_prefix (error->message, NAME ", line "), input, size,
                         "the error does not name the file and line: %s", error->message);
          BD_FUZZ_CHECK (line_in (error->message) == ref_error_line, input, size,
                         "the error names line %u, the reference line %u: %s",
                         line_in (error->message), ref_error_line, error->message);
          break;
        }

      {
        guint n_fields = bd_csv_reader_get_n_fields (reader);
        guint line = bd_csv_reader_get_line (reader);
        gsize pos = consumed (reader, size);
        gsize field_bytes = 0;

        BD_FUZZ_CHECK (want == REF_RECORD, input, size,
                       "the reader reads a record on line %u, the reference %s",
                       line, want == REF_END ? "is at the end" : "has an error");
        BD_FUZZ_CHECK (line > last_line && line <= max_line, input, size,
                       "a record on line %u after one on line %u, in a text of %u lines",
                       line, last_line, max_line);
        BD_FUZZ_CHECK (line == ref_line, input, size,
                       "a record on line %u, the reference says line %u", line, ref_line);
        BD_FUZZ_CHECK (pos >= last_pos && pos <= size && pos == ref.pos, input, size,
                       "the reader is at byte %" G_GSIZE_FORMAT " after a record, the reference at %"
                       G_GSIZE_FORMAT, pos, ref.pos);
        BD_FUZZ_CHECK (n_fields == expected->len, input, size,
                       "%u fields on line %u, the reference reads %u", n_fields, line, expected->len);

        for (guint i = 0; i < n_fields; i++)
          {
            const char *field = bd_csv_reader_get_field (reader, i);

            BD_FUZZ_CHECK (strcmp (field, expected->pdata[i]) == 0, input, size,
                           "field %u on line %u differs from the reference's", i, line);
            field_bytes += strlen (field);
          }
        BD_FUZZ_CHECK (field_bytes <= pos - last_pos, input, size,
                       "%" G_GSIZE_FORMAT " bytes of fields out of a record of %" G_GSIZE_FORMAT,
                       field_bytes, pos - last_pos);
        BD_FUZZ_CHECK (*bd_csv_reader_get_field (reader, n_fields) == '\0', input, size,
                       "a field past the last one is not empty");

        check_round_trip (reader, input, size);

        bd_csv_reader_strip_fields (reader);
        for (guint i = 0; i < n_fields; i++)
          {
            const char *field = bd_csv_reader_get_field (reader, i);
            gsize len = strlen (field);

            BD_FUZZ_CHECK (strstr (expected->pdata[i], field) != NULL, input, size,
                           "field %u stripped is not part of the field", i);
            BD_FUZZ_CHECK (len == 0 || (field[0] != ' ' && field[0] != '\t' &&
                                        field[len - 1] != ' ' && field[len - 1] != '\t'),
                           input, size, "field %u still has a space or tab at an end", i);
          }

        last_line = line;
        last_pos = pos;
      }
    }

  BD_FUZZ_CHECK (bd_csv_reader_get_fraction (reader) >= 0.0 &&
                 bd_csv_reader_get_fraction (reader) <= 1.0, input, size,
                 "the fraction read is %f", bd_csv_reader_get_fraction (reader));

  return 0;
}
