/* test-hostile.c: hostile files, imported one by one
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-hostile"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bd-import.h"
#include "bd-test-util.h"

/* Each file of tests/data/hostile (and a few made at run time: too big to
 * commit, or not files at all) is imported into a store that holds some
 * data already. Its name starts with the kind of file and says what is
 * hostile about it. An "error" file must fail with a message that names
 * the file, the line (when it has one) and the column (when it has one),
 * and leave the store exactly as it was; an "ok" file must import and the
 * fact given must hold, and no row that was there may change. Each runs in
 * a subprocess of its own, so that one that crashes or hangs fails alone. */

typedef void (*MakeFunc) (const char *path);

typedef struct
{
  const char *file;
  gboolean ok;
  guint line;            /* error: the line it names; 0 for none */
  const char *column;    /* error: the column it names, or NULL */
  const char *fact_sql;  /* ok: a query, and the text it must give */
  const char *fact;
  MakeFunc make;         /* made at run time, not in tests/data/hostile */
} Case;

#define ERROR_AT(file, line, column) { file, FALSE, line, column, NULL, NULL, NULL }
#define OK_IF(file, sql, value) { file, TRUE, 0, NULL, sql, value, NULL }

#define LINE_H1 "SELECT l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.ref = 'H-1'"

static void make_field_8mib (const char *path);
static void make_line_200000_fields (const char *path);
static void make_10000_columns (const char *path);
static void make_unclosed_quote_8mib (const char *path);
static void make_blank_lines_then_bad_row (const char *path);
static void make_fifo (const char *path);
static void make_directory (const char *path);

static const Case cases[] = {
  /* whole numbers: overflowing ones are errors, never wrapped */
  ERROR_AT ("orders-quantity-0.csv", 2, "quantity"),
  ERROR_AT ("orders-quantity-minus-1.csv", 2, "quantity"),
  OK_IF ("orders-quantity-int32-max.csv", LINE_H1, "2147483647"),
  ERROR_AT ("orders-quantity-int32-max-plus-1.csv", 2, "quantity"),
  ERROR_AT ("orders-quantity-int64-max.csv", 2, "quantity"),
  ERROR_AT ("orders-quantity-int64-max-plus-1.csv", 2, "quantity"),
  ERROR_AT ("orders-quantity-2-pow-64-plus-1.csv", 2, "quantity"),
  ERROR_AT ("orders-quantity-exponent-1e3.csv", 2, "quantity"),
  /* the reader trims spaces and tabs around every value, quoted or not */
  OK_IF ("orders-quantity-leading-space.csv", LINE_H1, "5"),
  OK_IF ("orders-quantity-trailing-space.csv", LINE_H1, "5"),
  OK_IF ("orders-quantity-plus-sign.csv", LINE_H1, "5"),
  ERROR_AT ("orders-quantity-arabic-indic-digit.csv", 2, "quantity"),
  ERROR_AT ("orders-backordered-minus-1.csv", 2, "backordered_quantity"),
  ERROR_AT ("orders-backordered-int32-max-plus-1.csv", 2, "backordered_quantity"),
  ERROR_AT ("orders-backordered-2-pow-64-plus-1.csv", 2, "backordered_quantity"),
  OK_IF ("products-on-hand-minus-1.csv", "SELECT on_hand FROM products WHERE sku = 'H-SKU'", "-1"),
  ERROR_AT ("products-on-hand-int32-max-plus-1.csv", 2, "on_hand"),
  ERROR_AT ("products-on-hand-2-pow-64-plus-1.csv", 2, "on_hand"),
  ERROR_AT ("products-pack-size-0.csv", 2, "pack_size"),
  ERROR_AT ("products-pack-size-int64-max-plus-1.csv", 2, "pack_size"),
  ERROR_AT ("products-pack-size-2-pow-64-plus-1.csv", 2, "pack_size"),
  ERROR_AT ("products-reorder-point-minus-1.csv", 2, "reorder_point"),
  ERROR_AT ("products-safety-stock-int64-max.csv", 2, "safety_stock"),
  ERROR_AT ("products-lead-time-days-3651.csv", 2, "lead_time_days"),
  ERROR_AT ("products-unit-cost-huge.csv", 2, "unit_cost"),
  ERROR_AT ("suppliers-lead-time-days-2-pow-64-plus-1.csv", 2, "lead_time_days"),
  ERROR_AT ("suppliers-lead-time-days-arabic-indic-digit.csv", 2, "lead_time_days"),

  /* dates */
  ERROR_AT ("orders-date-year-0000.csv", 2, "ordered_at"),
  ERROR_AT ("orders-date-past-9999-in-utc.csv", 2, "ordered_at"),
  ERROR_AT ("orders-date-2026-02-29.csv", 2, "ordered_at"),
  OK_IF ("orders-date-2024-02-29.csv", "SELECT ordered_at FROM orders WHERE ref = 'H-1'",
         "2024-02-29T00:00:00Z"),
  ERROR_AT ("orders-date-hour-24.csv", 2, "ordered_at"),
  ERROR_AT ("orders-date-zone-colon-only.csv", 2, "ordered_at"),
  ERROR_AT ("orders-date-lone-z.csv", 2, "ordered_at"),
  ERROR_AT ("orders-date-leap-second.csv", 2, "ordered_at"),
  ERROR_AT ("orders-promised-zone-one-digit.csv", 2, "promised_at"),

  /* What a spreadsheet would run is text like any other, kept as written
   * (the export adds the apostrophe); the tab before "=1+2" goes as the
   * spaces and tabs around every value do. */
  OK_IF ("orders-formula-cells.csv",
         "SELECT group_concat(name, '|') FROM (SELECT name FROM customers WHERE ref LIKE 'F-%' ORDER BY ref)",
         "=1+2|+1+2|-1+2|@SUM(A1)|=1+2|\r=1+2|\n=1+2|＝1+2|＋1+2|－1+2|＠SUM(A1)|"
         "=HYPERLINK(\"http://example.com\",\"x\")"),

  /* bytes and syntax */
  ERROR_AT ("orders-invalid-utf8-latin1.csv", 3, NULL),
  ERROR_AT ("orders-invalid-utf8-overlong.csv", 2, NULL),
  ERROR_AT ("orders-utf16le-bom.csv", 1, NULL),
  ERROR_AT ("orders-nul-byte.csv", 2, NULL),
  ERROR_AT ("orders-quote-inside-unquoted-field.csv", 2, NULL),
  ERROR_AT ("orders-text-after-closing-quote.csv", 2, NULL),
  ERROR_AT ("orders-unclosed-quote-in-header.csv", 1, NULL),
  OK_IF ("orders-quoted-newline-kept.csv",
         "SELECT group_concat(name, '|') FROM (SELECT name FROM customers WHERE ref IN ('HC-1', 'HC-2') ORDER BY ref)",
         "two\nlines|crlf\r\ninside"),
  ERROR_AT ("orders-quoted-newline-then-bad-row.csv", 4, "quantity"),
  OK_IF ("orders-lone-cr-line-ends.csv", LINE_H1, "2"),
  ERROR_AT ("orders-bom-only.csv", 0, NULL),
  OK_IF ("orders-header-only.csv", "SELECT count(*) FROM order_lines", "1"),

  /* made at run time */
  { "orders-field-8mib.csv", TRUE, 0, NULL,
    "SELECT length(name) FROM customers WHERE ref = 'HC-1'", "8388608", make_field_8mib },
  { "orders-line-200000-fields.csv", FALSE, 2, NULL, NULL, NULL, make_line_200000_fields },
  { "orders-10000-columns.csv", TRUE, 0, NULL, LINE_H1, "2", make_10000_columns },
  { "orders-unclosed-quote-8mib.csv", FALSE, 2, NULL, NULL, NULL, make_unclosed_quote_8mib },
  { "orders-blank-lines-100000-then-bad-row.csv", FALSE, 100002, "quantity", NULL, NULL,
    make_blank_lines_then_bad_row },
  { "orders-fifo.csv", FALSE, 0, NULL, NULL, NULL, make_fifo },
  { "orders-directory.csv", FALSE, 0, NULL, NULL, NULL, make_directory },
};

#define ORDERS_HEADER \
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity," \
  "unit_price,currency,promised_at\n"
#define ORDERS_ROW "H-1,2026-03-01,HC-1,Hostile Customer,MUG-RED,2,1,,,\n"

static void
write_file (const char *path,
            GString    *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
}

static void
make_field_8mib (const char *path)
{
  g_autoptr(GString) text = g_string_new (ORDERS_HEADER "H-1,2026-03-01,HC-1,");

  for (guint i = 0; i < 8 * 1024 * 1024 / 8; i++)
    g_string_append (text, "Lorem ip");
  g_string_append (text, ",MUG-RED,2,1,,,\n");
  write_file (path, text);
}

static void
make_line_200000_fields (const char *path)
{
  g_autoptr(GString) text = g_string_new (ORDERS_HEADER "H-1,2026-03-01,HC-1,Name,MUG-RED,2,1");

  for (guint i = 7; i < 200000; i++)
    g_string_append (text, ",x");
  g_string_append_c (text, '\n');
  write_file (path, text);
}

/* The ten known columns and 9,990 unknown ones, which are warned about
 * and ignored. */
static void
make_10000_columns (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_len (text, ORDERS_HEADER, strlen (ORDERS_HEADER) - 1);
  for (guint i = 10; i < 10000; i++)
    g_string_append_printf (text, ",extra_%u", i);
  g_string_append_c (text, '\n');
  g_string_append_len (text, ORDERS_ROW, strlen (ORDERS_ROW) - 1);
  for (guint i = 10; i < 10000; i++)
    g_string_append (text, ",=1");
  g_string_append_c (text, '\n');
  write_file (path, text);
}

static void
make_unclosed_quote_8mib (const char *path)
{
  g_autoptr(GString) text = g_string_new (ORDERS_HEADER "H-1,2026-03-01,HC-1,\"");

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append (text, "a,b\r\nc ");
  write_file (path, text);
}

static void
make_blank_lines_then_bad_row (const char *path)
{
  g_autoptr(GString) text = g_string_new (ORDERS_HEADER);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '\n');
  g_string_append (text, "H-1,2026-03-01,HC-1,Name,MUG-RED,x,1,,,\n");
  write_file (path, text);
}

static void
make_fifo (const char *path)
{
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
}

static void
make_directory (const char *path)
{
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
}

static BdImportKind
kind_of (const char *file)
{
  if (g_str_has_prefix (file, "orders-"))
    return BD_IMPORT_ORDERS;
  if (g_str_has_prefix (file, "products-"))
    return BD_IMPORT_PRODUCTS;
  g_assert_true (g_str_has_prefix (file, "suppliers-"));
  return BD_IMPORT_SUPPLIERS;
}

/* "line N" as a whole number, not the start of "line N0" */
static gboolean
names_line (const char *message,
            guint       line)
{
  g_autofree char *needle = g_strdup_printf ("line %u", line);

  for (const char *p = strstr (message, needle); p != NULL; p = strstr (p + 1, needle))
    if (!g_ascii_isdigit (p[strlen (needle)]))
      return TRUE;

  return FALSE;
}

static BdStore *
store_with_data (char **dir)
{
  BdStore *store = bd_test_store_new (dir);
  g_autoptr(GError) error = NULL;

  bd_test_import_text (store, BD_IMPORT_SUPPLIERS,
                       "supplier_ref,name,lead_time_days\nSUP-1,Nordic Homeware,14\n", NULL, &error);
  g_assert_no_error (error);
  bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                       "sku,name,on_hand,supplier_ref,unit_cost\nMUG-RED,Enamel Mug Red,0,SUP-1,3.20\n",
                       NULL, &error);
  g_assert_no_error (error);
  bd_test_import_text (store, BD_IMPORT_ORDERS,
                       "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
                       "SO-1,2026-03-01T10:00:00Z,C-1,Ada Lovelace,MUG-RED,2,1\n", NULL, &error);
  g_assert_no_error (error);

  return store;
}

static void
alarm_cb (int signum)
{
  static const char message[] = "the import did not return within 20 s (waiting on a FIFO?)\n";

  if (write (STDERR_FILENO, message, sizeof message - 1) < 0)
    _exit (2);
  _exit (1);
}

static void
run_case (const Case *c)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = store_with_data (&dir);
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = bd_test_dump (store);
  gint64 updates = bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import-update'");
  gboolean imported;

  if (c->make != NULL)
    {
      path = g_build_filename (dir, c->file, NULL);
      c->make (path);
    }
  else
    path = g_test_build_filename (G_TEST_DIST, "data", "hostile", c->file, NULL);

  /* a FIFO without a writer must not make the import wait for one */
  signal (SIGALRM, alarm_cb);
  alarm (20);
  imported = bd_import_path (store, kind_of (c->file), path, report, NULL, NULL, NULL, &error);
  alarm (0);

  if (c->ok)
    {
      g_autofree char *fact = NULL;

      g_assert_no_error (error);
      g_assert_true (imported);
      fact = bd_test_text (store, c->fact_sql);
      g_assert_cmpstr (fact, ==, c->fact);
      /* the files only add rows: none that was there changed */
      g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import-update'"),
                       ==, updates);
    }
  else
    {
      g_autofree char *after = NULL;

      g_assert_false (imported);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", c->file, error->message);
      if (strstr (error->message, c->file) == NULL)
        g_error ("the error does not name the file %s: %s", c->file, error->message);
      if (c->line > 0 && !names_line (error->message, c->line))
        g_error ("the error does not name line %u: %s", c->line, error->message);
      if (c->column != NULL && strstr (error->message, c->column) == NULL)
        g_error ("the error does not name the column %s: %s", c->column, error->message);

      after = bd_test_dump (store);
      g_assert_cmpstr (after, ==, before);
    }

  bd_test_rm_rf (dir);
}

static void
test_hostile_file (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      run_case (data);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Every file of the corpus has its expected outcome here, and every case
 * read from it is there. */
static void
test_hostile_all_listed (void)
{
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, &error);
  const char *name;
  guint n_files = 0;

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (cases[i].make == NULL)
      g_hash_table_add (listed, (gpointer)cases[i].file);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_hash_table_contains (listed, name))
        g_error ("tests/data/hostile/%s has no expected outcome in test-hostile.c", name);
      n_files++;
    }

  g_assert_cmpuint (n_files, ==, g_hash_table_size (listed));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* a case that fails in its subprocess fails alone */
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  g_test_add_func ("/hostile/all-listed", test_hostile_all_listed);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/hostile/%s/%s", cases[i].ok ? "ok" : "error",
                                                    cases[i].file);

      g_test_add_data_func (test_path, &cases[i], test_hostile_file);
    }

  return g_test_run ();
}
