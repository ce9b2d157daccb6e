/* test-csv.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bd-csv.h"
#include "bd-test-util.h"

static BdCsvReader *
reader_for (const char *text,
            gssize      len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize)len);

  return bd_csv_reader_new_for_bytes (bytes, "test.csv");
}

/* Reads every record into "a|b|c" strings with their start lines. */
static char *
read_all (const char  *text,
          gssize       len,
          GError     **error)
{
  g_autoptr(BdCsvReader) reader = reader_for (text, len);
  GString *out = g_string_new (NULL);

  while (bd_csv_reader_next (reader, error))
    {
      g_string_append_printf (out, "%u:", bd_csv_reader_get_line (reader));
      for (guint i = 0; i < bd_csv_reader_get_n_fields (reader); i++)
        g_string_append_printf (out, "%s[%s]", i ? "," : "", bd_csv_reader_get_field (reader, i));
      g_string_append_c (out, '\n');
    }

  if (error != NULL && *error != NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static void
test_csv_plain (void)
{
  g_autofree char *got = read_all ("a,b,c\n1,2,3\n", -1, NULL);

  g_assert_cmpstr (got, ==, "1:[a],[b],[c]\n2:[1],[2],[3]\n");
}

static void
test_csv_quotes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all ("name,text\n"
                                   "\"Smith, Jane\",\"She said \"\"hi\"\"\"\n"
                                   "\"two\nlines\",x\n"
                                   "\"\",\"\"\n"
                                   "last,\"multi\r\nline\r\nvalue\"\n"
                                   "after,y\n", -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==,
                   "1:[name],[text]\n"
                   "2:[Smith, Jane],[She said \"hi\"]\n"
                   "3:[two\nlines],[x]\n"
                   "5:[],[]\n"
                   "6:[last],[multi\r\nline\r\nvalue]\n"
                   "9:[after],[y]\n");
}

static void
test_csv_bom_crlf (void)
{
  g_autofree char *got = read_all ("\xEF\xBB\xBFsku,name\r\nA-1,Mug\r\nA-2,Cup", -1, NULL);

  /* no BOM in the first header, no \r in the last field, last line without
   * a line break */
  g_assert_cmpstr (got, ==, "1:[sku],[name]\n2:[A-1],[Mug]\n3:[A-2],[Cup]\n");
}

static void
test_csv_lone_cr_and_blank_lines (void)
{
  g_autofree char *got = read_all ("a,b\r1,2\r\n\n\n3,4\n", -1, NULL);

  g_assert_cmpstr (got, ==, "1:[a],[b]\n2:[1],[2]\n5:[3],[4]\n");
}

static void
test_csv_empty_fields (void)
{
  g_autofree char *got = read_all ("a,,c,\n", -1, NULL);

  g_assert_cmpstr (got, ==, "1:[a],[],[c],[]\n");
}

static void
test_csv_empty_file (void)
{
  g_autoptr(BdCsvReader) reader = reader_for ("", 0);
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_csv_unterminated_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all ("a,b\n1,2\n3,\"never\nclosed\n", -1, &error);

  g_assert_null (got);
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX);
  /* names the line where the quote opened */
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "never closed"));
}

static void
test_csv_stray_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all ("a,b\n1,ab\"c\n", -1, &error);

  g_assert_null (got);
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

static void
test_csv_text_after_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all ("a,b\n\"x\"y,1\n", -1, &error);

  g_assert_null (got);
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

static void
test_csv_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  /* "Müller" in Latin-1 */
  g_autofree char *got = read_all ("name\nok\nM\xFCller\n", -1, &error);

  g_assert_null (got);
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_csv_strip (void)
{
  g_autoptr(BdCsvReader) reader = reader_for ("  a , b\t,\" c \"\n", -1);

  g_assert_true (bd_csv_reader_next (reader, NULL));
  bd_csv_reader_strip_fields (reader);
  g_assert_cmpstr (bd_csv_reader_get_field (reader, 0), ==, "a");
  g_assert_cmpstr (bd_csv_reader_get_field (reader, 1), ==, "b");
  g_assert_cmpstr (bd_csv_reader_get_field (reader, 2), ==, "c");
  g_assert_cmpstr (bd_csv_reader_get_field (reader, 9), ==, "");
}

static void
test_csv_write_round_trip (void)
{
  const char *values[] = { "plain", "with, comma", "with \"quote\"", "two\nlines", "", "ünï" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(BdCsvReader) reader = NULL;

  bd_csv_append_row (out, values, G_N_ELEMENTS (values));
  g_assert_cmpstr (out->str, ==, "plain,\"with, comma\",\"with \"\"quote\"\"\",\"two\nlines\",,ünï\r\n");

  reader = reader_for (out->str, out->len);
  g_assert_true (bd_csv_reader_next (reader, NULL));
  g_assert_cmpuint (bd_csv_reader_get_n_fields (reader), ==, G_N_ELEMENTS (values));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpstr (bd_csv_reader_get_field (reader, i), ==, values[i]);
  g_assert_false (bd_csv_reader_next (reader, NULL));
}

static void
test_csv_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  BdCsvReader *reader = bd_csv_reader_new_for_path ("/nonexistent/orders.csv", &error);

  g_assert_null (reader);
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "orders.csv"));
}

/* A folder gave an mmap error, a named pipe blocked the import for ever. */
static void
test_csv_not_a_regular_file (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.csv", NULL);
  g_autofree char *file = g_build_filename (dir, "real.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "link.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdCsvReader) reader = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (file, "a,b\n1,2\n", -1, NULL));
  g_assert_cmpint (symlink (file, link), ==, 0);

  /* a reader that blocks on the pipe fails the test instead of hanging it */
  alarm (20);

  g_assert_null (bd_csv_reader_new_for_path (folder, &error));
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "“orders.csv” is a folder"));
  g_clear_error (&error);

  g_assert_null (bd_csv_reader_new_for_path (fifo, &error));
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "“pipe.csv” is not a regular file"));
  g_clear_error (&error);

  g_assert_null (bd_csv_reader_new_for_path ("/dev/zero", &error));
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "“zero” is not a regular file"));
  g_clear_error (&error);

  alarm (0);

  /* a link to a file is that file */
  reader = bd_csv_reader_new_for_path (link, &error);
  g_assert_no_error (error);
  g_assert_true (bd_csv_reader_next (reader, &error));
  g_assert_cmpstr (bd_csv_reader_get_field (reader, 1), ==, "b");

  bd_test_rm_rf (dir);
}

static void
test_csv_formula_safe (void)
{
  const char *formulas[] = {
    "=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
    "＝1+2", "＋1", "－1", "＠SUM(A1)",
  };
  const char *plain[] = {
    "Ada", "1=1", "a-b", "x@example.com", " =1", "'=1", "", "Ｘ", "é=",
  };

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autofree char *owned = NULL;
      g_autofree char *expected = g_strconcat ("'", formulas[i], NULL);

      g_assert_cmpstr (bd_csv_formula_safe (formulas[i], &owned), ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *owned = NULL;

      g_assert_true (bd_csv_formula_safe (plain[i], &owned) == plain[i]);
      g_assert_null (owned);
    }

  g_assert_null (bd_csv_formula_safe (NULL, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/plain", test_csv_plain);
  g_test_add_func ("/csv/quotes", test_csv_quotes);
  g_test_add_func ("/csv/bom-crlf", test_csv_bom_crlf);
  g_test_add_func ("/csv/lone-cr-blank-lines", test_csv_lone_cr_and_blank_lines);
  g_test_add_func ("/csv/empty-fields", test_csv_empty_fields);
  g_test_add_func ("/csv/empty-file", test_csv_empty_file);
  g_test_add_func ("/csv/error/unterminated-quote", test_csv_unterminated_quote);
  g_test_add_func ("/csv/error/stray-quote", test_csv_stray_quote);
  g_test_add_func ("/csv/error/text-after-quote", test_csv_text_after_quote);
  g_test_add_func ("/csv/error/not-utf8", test_csv_not_utf8);
  g_test_add_func ("/csv/error/missing-file", test_csv_missing_file);
  g_test_add_func ("/csv/error/not-a-regular-file", test_csv_not_a_regular_file);
  g_test_add_func ("/csv/strip", test_csv_strip);
  g_test_add_func ("/csv/write-round-trip", test_csv_write_round_trip);
  g_test_add_func ("/csv/formula-safe", test_csv_formula_safe);

  return g_test_run ();
}
