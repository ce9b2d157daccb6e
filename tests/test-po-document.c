/* test-po-document.c: a purchase order printed, read back with pdftotext
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-po-document"

#include "config.h"

#include "bd-po-document.h"
#include "bd-test-util.h"

typedef struct
{
  char *dir;
  BdStore *store;
} Fixture;

/* A PO of @n_lines lines (SKU-001 …) for Nordic Homeware, written as the
 * purchasing code writes them, with the company in the team settings. */
static void
add_po (BdStore    *store,
        const char *number,
        guint       n_lines)
{
  g_autoptr(GString) products = g_string_new ("sku,name,supplier_ref\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= n_lines; i++)
    g_string_append_printf (products, "SKU-%03u,Stoneware Mug no. %u in Sage,SUP-1\n", i, i);
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS, products->str, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (bd_store_exec (store,
                                "INSERT INTO team_settings (key, value, uuid, created_at, updated_at) VALUES"
                                " ('company_name', 'Kestrel Home Goods', 'ts-1', '2026-01-01', '2026-01-01'),"
                                " ('company_address', 'Hafenstraße 12\n20457 Hamburg', 'ts-2', '2026-01-01', '2026-01-01');",
                                &error));
  g_assert_no_error (error);

  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO purchase_orders (number, supplier_id, status, currency, ordered_at, expected_at,"
      "  uuid, created_at, updated_at)"
      " SELECT '%s', id, 'sent', 'EUR', '2026-11-02T09:00:00Z', '2026-11-20', 'po-%s', '2026-11-02', '2026-11-02'"
      " FROM suppliers WHERE ref = 'SUP-1';"
      "INSERT INTO po_lines (po_id, product_id, quantity, unit_cost, uuid, created_at, updated_at)"
      " SELECT (SELECT id FROM purchase_orders WHERE number = '%s'), p.id, 6, 1250,"
      "  'pl-%s-' || p.sku, '2026-11-02', '2026-11-02'"
      " FROM products p ORDER BY p.sku;",
      number, number, number, number);

    g_assert_true (bd_store_exec (store, sql, &error));
    g_assert_no_error (error);
  }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = bd_test_store_new (&fixture->dir);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_SUPPLIERS,
                                      "supplier_ref,name,email,phone\n"
                                      "SUP-1,Nordic Homeware AB,orders@nordic.example,+46 8 123 45 67\n",
                                      NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static char *
pdf_text (const char *path)
{
  return run ((const char * const[]) { "pdftotext", "-layout", path, "-", NULL });
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = run ((const char * const[]) { "pdfinfo", path, NULL });
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint)g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* The PDF shows the number, the company, the supplier, the dates, every
 * line with its quantity and costs, and the total. */
static void
test_po_document_pdf (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPoDocument) doc = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "po.pdf", NULL);
  g_autofree char *text = NULL;
  gint64 total;

  add_po (fixture->store, "PO-K7-0042", 3);
  doc = bd_po_document_load (fixture->store, "PO-K7-0042", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bd_po_document_get_n_lines (doc), ==, 3);
  g_assert_true (bd_po_document_get_total (doc, &total));
  g_assert_cmpint (total, ==, 3 * 6 * 1250);

  g_assert_true (bd_po_document_write_pdf (doc, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 1);

  text = pdf_text (path);
  for (const char * const *want = (const char * const[]) {
         "Purchase Order", "PO-K7-0042", "Kestrel Home Goods", "Hafenstraße 12",
         "Nordic Homeware AB (SUP-1)", "orders@nordic.example", "2026-11-02", "2026-11-20",
         "SKU-001", "SKU-002", "SKU-003", "Stoneware Mug no. 2 in Sage", "12.50 EUR", "75.00 EUR",
         "3 lines, 18 units", "Total: 225.00 EUR", "Page 1 of 1", NULL };
       *want != NULL; want++)
    if (strstr (text, *want) == NULL)
      g_error ("“%s” is not in the PDF:\n%s", *want, text);
}

/* A long PO goes on over pages, each with the table's header and its page
 * number, every line exactly once, the total on the last page. */
static void
test_po_document_pages (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPoDocument) doc = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "long.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages;

  add_po (fixture->store, "PO-K7-0043", 60);
  doc = bd_po_document_load (fixture->store, "PO-K7-0043", &error);
  g_assert_no_error (error);
  g_assert_true (bd_po_document_write_pdf (doc, path, &error));
  g_assert_no_error (error);

  n_pages = pdf_pages (path);
  g_assert_cmpuint (n_pages, >=, 2);

  text = pdf_text (path);
  /* pdftotext ends each page with a form feed */
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, n_pages);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *foot = g_strdup_printf ("Page %u of %u", p + 1, n_pages);

      g_assert_nonnull (strstr (pages[p], foot));
      g_assert_nonnull (strstr (pages[p], "Quantity"));
      g_assert_true ((strstr (pages[p], "Total: 4,500.00 EUR") != NULL ||
                      strstr (pages[p], "Total: 4500.00 EUR") != NULL) == (p + 1 == n_pages));
    }
  g_assert_nonnull (strstr (pages[1], "PO-K7-0043 (continued)"));

  for (guint i = 1; i <= 60; i++)
    {
      g_autofree char *sku = g_strdup_printf ("SKU-%03u ", i);
      const char *first = strstr (text, sku);

      g_assert_nonnull (first);
      g_assert_null (strstr (first + 1, sku));
    }
}

/* A page too small for even one line still takes one line a page. */
static void
test_po_document_tiny_pages (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPoDocument) doc = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  guint n_pages;

  add_po (fixture->store, "PO-K7-0044", 5);
  doc = bd_po_document_load (fixture->store, "PO-K7-0044", &error);
  g_assert_no_error (error);

  n_pages = bd_po_document_paginate (doc, cr, 300, 200);
  /* the first page, all header, still takes one line; then two a page */
  g_assert_cmpuint (n_pages, >=, 3);
  for (guint p = 0; p < n_pages; p++)
    bd_po_document_draw_page (doc, cr, 300, 200, p);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* An unknown number says so; a PDF that cannot be written says why and
 * leaves the file that was there. */
static void
test_po_document_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPoDocument) doc = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "po.pdf", NULL);

  g_assert_null (bd_po_document_load (fixture->store, "PO-NOPE", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "PO-NOPE"));
  g_clear_error (&error);

  add_po (fixture->store, "PO-K7-0045", 2);
  doc = bd_po_document_load (fixture->store, "PO-K7-0045", &error);
  g_assert_no_error (error);
  g_assert_false (bd_po_document_write_pdf (doc, missing, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/po-document/pdf", test_po_document_pdf);
  ADD ("/po-document/pages", test_po_document_pages);
  ADD ("/po-document/tiny-pages", test_po_document_tiny_pages);
  ADD ("/po-document/errors", test_po_document_errors);

  return g_test_run ();
}
