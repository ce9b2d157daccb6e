/* bd-csv.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-csv"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bd-csv.h"

struct _BdCsvReader
{
  GBytes *bytes;
  char *name;
  const char *data;
  gsize len;
  gsize pos;
  guint line;          /* line of the next character to read */
  guint record_line;   /* line where the current record starts */

  GString *buffer;     /* the fields of the current record, NUL-separated */
  GArray *offsets;     /* guint offsets into buffer */
};

G_DEFINE_QUARK (bd-csv-error-quark, bd_csv_error)

BdCsvReader *
bd_csv_reader_new_for_bytes (GBytes     *bytes,
                             const char *name)
{
  BdCsvReader *self = g_new0 (BdCsvReader, 1);

  self->bytes = g_bytes_ref (bytes);
  self->name = g_strdup (name);
  self->data = g_bytes_get_data (bytes, &self->len);
  self->line = 1;
  self->buffer = g_string_sized_new (256);
  self->offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), 32);

  if (self->len >= 3 && memcmp (self->data, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;

  return self;
}

/* A file to import must be a regular file: a folder gave an mmap error,
 * and a named pipe blocked for ever. It is opened without blocking and
 * looked at through its descriptor, so that what is checked is what is
 * read. */
BdCsvReader *
bd_csv_reader_new_for_path (const char  *path,
                            GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  GStatBuf st;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      if (errsv == EISDIR)
        g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ,
                     _("“%s” is a folder, not a CSV file: choose a file in it"), name);
      else
        g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ,
                     _("Cannot read “%s”: %s"), name, g_strerror (errsv));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      if (S_ISDIR (st.st_mode))
        g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ,
                     _("“%s” is a folder, not a CSV file: choose a file in it"), name);
      else
        g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ,
                     _("“%s” is not a regular file (it is a pipe, a device or a socket): "
                       "save the data to a CSV file and import that"), name);
      close (fd);
      return NULL;
    }

  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ,
                   _("Cannot read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  return bd_csv_reader_new_for_bytes (bytes, name);
}

void
bd_csv_reader_free (BdCsvReader *self)
{
  if (self == NULL)
    return;

  g_bytes_unref (self->bytes);
  g_free (self->name);
  g_string_free (self->buffer, TRUE);
  g_array_unref (self->offsets);
  g_free (self);
}

const char *
bd_csv_reader_get_name (BdCsvReader *self)
{
  return self->name;
}

static void
end_field (BdCsvReader *self,
           guint        start)
{
  g_string_append_c (self->buffer, '\0');
  g_array_append_val (self->offsets, start);
}

/* Reads the next record. FALSE at the end of the data (error unset) or on a
 * syntax error (error set, naming the line). Blank lines are skipped. */
gboolean
bd_csv_reader_next (BdCsvReader  *self,
                    GError      **error)
{
  const char *d = self->data;
  gsize n = self->len;
  gsize i = self->pos;
  gsize record_begin;
  guint start;

  g_string_truncate (self->buffer, 0);
  g_array_set_size (self->offsets, 0);

  /* Skip blank lines between records. */
  while (i < n && (d[i] == '\n' || d[i] == '\r'))
    {
      if (d[i] == '\n')
        self->line++;
      i++;
    }

  if (i >= n)
    {
      self->pos = i;
      return FALSE;
    }

  self->record_line = self->line;
  record_begin = i;
  start = 0;

  for (;;)
    {
      if (i < n && d[i] == '"')
        {
          /* Quoted field: runs to the closing quote; "" is one quote. */
          guint quote_line = self->line;
          gsize run;

          i++;
          for (;;)
            {
              const char *q;

              if (i >= n)
                {
                  g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX,
                               _("%s, line %u: a quoted field is never closed (a \" is missing)"),
                               self->name, quote_line);
                  return FALSE;
                }

              q = memchr (d + i, '"', n - i);
              run = q ? (gsize)(q - (d + i)) : n - i;
              for (gsize k = 0; k < run; k++)
                if (d[i + k] == '\n')
                  self->line++;
              g_string_append_len (self->buffer, d + i, run);
              i += run;

              if (i >= n)
                continue;

              /* at a quote */
              if (i + 1 < n && d[i + 1] == '"')
                {
                  g_string_append_c (self->buffer, '"');
                  i += 2;
                  continue;
                }

              i++;
              break;
            }

          if (i < n && d[i] != ',' && d[i] != '\n' && d[i] != '\r')
            {
              g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX,
                           _("%s, line %u: unexpected text after a closing quote "
                             "(a quote inside a quoted field must be doubled: \"\")"),
                           self->name, self->line);
              return FALSE;
            }
        }
      else
        {
          gsize begin = i;

          while (i < n && d[i] != ',' && d[i] != '\n' && d[i] != '\r')
            {
              if (d[i] == '"')
                {
                  g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX,
                               _("%s, line %u: a quote inside a field that does not start "
                                 "with a quote (quote the whole field and double the quote)"),
                               self->name, self->line);
                  return FALSE;
                }
              i++;
            }
          g_string_append_len (self->buffer, d + begin, i - begin);
        }

      end_field (self, start);
      start = self->buffer->len;

      if (i >= n)
        break;

      if (d[i] == ',')
        {
          i++;
          continue;
        }

      /* end of record: \n, \r\n or a lone \r */
      if (d[i] == '\r')
        i++;
      if (i < n && d[i] == '\n')
        i++;
      self->line++;
      break;
    }

  self->pos = i;

  if (!g_utf8_validate_len (d + record_begin, i - record_begin, NULL))
    {
      g_set_error (error, BD_CSV_ERROR, BD_CSV_ERROR_ENCODING,
                   _("%s, line %u: the text is not UTF-8 (save the file as UTF-8 and import it again)"),
                   self->name, self->record_line);
      return FALSE;
    }

  return TRUE;
}

guint
bd_csv_reader_get_n_fields (BdCsvReader *self)
{
  return self->offsets->len;
}

const char *
bd_csv_reader_get_field (BdCsvReader *self,
                         guint        index)
{
  if (index >= self->offsets->len)
    return "";

  return self->buffer->str + g_array_index (self->offsets, guint, index);
}

/* Trims spaces and tabs around every field of the current record, in place. */
void
bd_csv_reader_strip_fields (BdCsvReader *self)
{
  for (guint i = 0; i < self->offsets->len; i++)
    {
      guint *offset = &g_array_index (self->offsets, guint, i);
      char *field = self->buffer->str + *offset;
      gsize len = strlen (field);

      while (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\t'))
        field[--len] = '\0';
      while (*field == ' ' || *field == '\t')
        {
          field++;
          (*offset)++;
        }
    }
}

guint
bd_csv_reader_get_line (BdCsvReader *self)
{
  return self->record_line;
}

double
bd_csv_reader_get_fraction (BdCsvReader *self)
{
  return self->len ? (double)self->pos / (double)self->len : 1.0;
}

/* Text a spreadsheet would run as a formula gets a leading apostrophe: a
 * customer named "=HYPERLINK(…)" must not become a link in the agent's
 * spreadsheet (OWASP, CSV injection). That is a first character of =, +,
 * -, @, the control characters that hide one (tab, CR, LF), or the
 * full-width forms ＝ ＋ － ＠ that spreadsheets read as the ASCII ones.
 * Returns @value itself or a new string kept in @owned. */
const char *
bd_csv_formula_safe (const char  *value,
                     char       **owned)
{
  static const char * const fullwidth[] = {
    "\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0",  /* ＝ ＋ － ＠ */
  };
  gboolean formula;

  if (value == NULL || value[0] == '\0')
    return value;

  formula = strchr ("=+-@\t\r\n", value[0]) != NULL;
  for (guint i = 0; !formula && i < G_N_ELEMENTS (fullwidth); i++)
    formula = g_str_has_prefix (value, fullwidth[i]);

  if (!formula)
    return value;

  *owned = g_strconcat ("'", value, NULL);
  return *owned;
}

void
bd_csv_append_field (GString    *out,
                     const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
bd_csv_append_row (GString            *out,
                   const char * const *values,
                   guint               n_values)
{
  for (guint i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      bd_csv_append_field (out, values[i]);
    }
  g_string_append (out, "\r\n");
}
