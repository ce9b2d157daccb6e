/* test-import.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-import"

#include "config.h"

#include <string.h>

#include "bd-actions.h"
#include "bd-import.h"
#include "bd-notes.h"
#include "bd-products.h"
#include "bd-customers.h"
#include "bd-test-util.h"

static const char suppliers_csv[] =
  "supplier_ref,name,email,phone,lead_time_days\n"
  "SUP-1,Nordic Homeware,orders@nordic.example,+46 8 123,14\n"
  "SUP-2,\"Forge Brothers, Ltd\",,,21\n";

static const char products_csv[] =
  "sku,name,on_hand,reorder_point,safety_stock,pack_size,supplier_ref,unit_cost,lead_time_days\n"
  "MUG-RED,Enamel Mug Red,0,5,2,6,SUP-1,3.20,10\n"
  "PAN-12,Cast Iron Skillet,3,2,1,1,SUP-2,18.00,\n"
  "LAMP,Table Lamp,,,,,,,\n";

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,product_name,quantity,"
  "backordered_quantity,unit_price,currency,promised_at,shipped_at,cancelled_at\n"
  "SO-1,2026-03-01T10:00:00Z,C-1,Ada Lovelace,ada@example.com,MUG-RED,,2,2,12.50,USD,2026-03-20,,\n"
  "SO-1,2026-03-01T10:00:00Z,C-1,Ada Lovelace,ada@example.com,PAN-12,,1,0,45.00,USD,,,\n"
  "SO-2,2026-03-02,C-2,\"Grace Hopper\",,LAMP,,3,1,30,USD,2026-03-25,2026-03-24,\n"
  "SO-3,2026-03-03 09:30,C-3,Jean Bartik,,MUG-RED,,1,1,12.5,EUR,,,2026-03-05\n"
  "SO-4,2026-03-04,C-1,Ada Lovelace,,NEW-SKU,Brand New Thing,4,4,,,,,\n";

/* The suppliers and products most tests import orders against. */
static const BdTestCsv catalogue[] = {
  { BD_IMPORT_SUPPLIERS, suppliers_csv },
  { BD_IMPORT_PRODUCTS, products_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

static void
test_import_suppliers_products (Fixture       *fixture,
                                gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autofree char *name = bd_test_text (store, "SELECT name FROM suppliers WHERE ref = 'SUP-2'");

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM suppliers"), ==, 2);
  g_assert_cmpstr (name, ==, "Forge Brothers, Ltd");
  g_assert_cmpint (bd_test_count (store, "SELECT lead_time_days FROM suppliers WHERE ref = 'SUP-1'"), ==, 14);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM products"), ==, 3);
  g_assert_cmpint (bd_test_count (store, "SELECT pack_size FROM products WHERE sku = 'MUG-RED'"), ==, 6);
  /* defaults for the empty columns */
  g_assert_cmpint (bd_test_count (store, "SELECT pack_size FROM products WHERE sku = 'LAMP'"), ==, 1);
  /* money in minor units */
  g_assert_cmpint (bd_test_count (store, "SELECT unit_cost FROM product_suppliers ps"
                                         " JOIN products p ON p.id = ps.product_id WHERE p.sku = 'MUG-RED'"), ==, 320);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers WHERE preferred = 1"), ==, 2);
}

static const char indexes_sql[] =
  "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema"
  " WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)";

static void
test_import_orders (Fixture       *fixture,
                    gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ordered = NULL;
  g_autofree char *promised = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *indexes_before = bd_test_text (store, indexes_sql);
  g_autofree char *indexes_after = NULL;

  gint64 started_us;
  gint64 took_us;
  double phases;

  /* into a store without orders: the import drops the indexes of orders
   * and lines and builds them again at the end */
  started_us = g_get_monotonic_time ();
  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, orders_csv, report, &error));
  took_us = g_get_monotonic_time () - started_us;
  g_assert_no_error (error);
  indexes_after = bd_test_text (store, indexes_sql);
  g_assert_cmpstr (indexes_after, ==, indexes_before);
  g_assert_nonnull (strstr (indexes_after, "CREATE UNIQUE INDEX order_lines_order_product"));

  g_assert_cmpuint (report->rows, ==, 5);
  g_assert_cmpuint (report->created, ==, 5);
  /* where the time went (the benchmark prints it): parts of the call that
   * do not overlap, in seconds on the monotonic clock, so together no
   * longer than the call took (how long each is cannot be asserted) */
  g_assert_cmpfloat (report->seconds_rows, >=, 0);
  g_assert_cmpfloat (report->seconds_indexes, >=, 0);
  g_assert_cmpfloat (report->seconds_search, >=, 0);
  g_assert_cmpfloat (report->seconds_commit, >=, 0);
  phases = report->seconds_rows + report->seconds_indexes + report->seconds_search + report->seconds_commit;
  g_assert_cmpfloat (phases * G_USEC_PER_SEC, <=, took_us + 0.5);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders"), ==, 4);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM customers"), ==, 3);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines"), ==, 5);
  /* the line without a shortage is no backorder */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status IS NULL"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'waiting'"), ==, 2);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'shipped'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'cancelled'"), ==, 1);

  /* dates: with zone kept, without zone local (TZ=UTC here), date only at midnight */
  ordered = bd_test_text (store, "SELECT ordered_at FROM orders WHERE ref = 'SO-3'");
  g_assert_cmpstr (ordered, ==, "2026-03-03T09:30:00Z");
  promised = bd_test_text (store, "SELECT promised_at FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                  " WHERE o.ref = 'SO-1' AND l.backordered_quantity = 2");
  g_assert_cmpstr (promised, ==, "2026-03-20T00:00:00Z");

  g_assert_cmpint (bd_test_count (store, "SELECT unit_price FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                         " WHERE o.ref = 'SO-2'"), ==, 3000);

  /* a product orders.csv names but the store lacks is created from the row */
  new_name = bd_test_text (store, "SELECT name FROM products WHERE sku = 'NEW-SKU'");
  g_assert_cmpstr (new_name, ==, "Brand New Thing");
  /* a customer without a name in the file is named by its reference */
  customer = bd_test_text (store, "SELECT name FROM customers WHERE ref = 'C-2'");
  g_assert_cmpstr (customer, ==, "Grace Hopper");

  /* one event for the import itself */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import'"
                                         " AND field = 'orders'"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import'"
                                         " AND new_value LIKE '%\"created\":5%'"), ==, 1);
  /* created rows are counted there, not logged one by one */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action <> 'import'"), ==, 0);
}

static void
test_import_idempotent (Fixture       *fixture,
                        gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 events;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));
  g_assert_no_error (error);
  before = bd_test_text (store, "SELECT group_concat(uuid || updated_at || coalesce(status, '-'), ',')"
                                " FROM (SELECT * FROM order_lines ORDER BY id)");
  events = bd_test_count (store, "SELECT count(*) FROM events");

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, orders_csv, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 0);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->unchanged, ==, 5);

  after = bd_test_text (store, "SELECT group_concat(uuid || updated_at || coalesce(status, '-'), ',')"
                               " FROM (SELECT * FROM order_lines ORDER BY id)");
  g_assert_cmpstr (before, ==, after);
  /* only the import's own event */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events"), ==, events + 1);

  /* products and suppliers too */
  g_clear_pointer (&report, bd_import_report_free);
  report = bd_import_report_new ();
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS, products_csv, report, &error));
  g_assert_cmpuint (report->unchanged, ==, 3);
  g_clear_pointer (&report, bd_import_report_free);
  report = bd_import_report_new ();
  g_assert_true (bd_test_import_text (store, BD_IMPORT_SUPPLIERS, suppliers_csv, report, &error));
  g_assert_cmpuint (report->unchanged, ==, 2);
}

static gint64
line_id (BdStore    *store,
         const char *ref)
{
  gint64 id = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_actions_find_line (store, ref, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* The nightly re-import updates the shop's facts and keeps the desk's work. */
static void
test_import_update_keeps_desk_work (Fixture       *fixture,
                                    gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *event = NULL;
  gint64 so1, so4;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));
  so1 = line_id (store, "SO-1/MUG-RED");
  so4 = line_id (store, "SO-4/NEW-SKU");

  /* the desk's work: priority, a note, a cancellation made in the desk */
  g_assert_true (bd_actions_set_priority (store, &so1, 1, 2, NULL, &error));
  g_assert_true (bd_notes_add (store, so1, "Customer called", NULL, &error));
  g_assert_true (bd_actions_set_status (store, &so4, 1, "cancelled", "customer asked", TRUE, NULL, &error));
  g_assert_no_error (error);

  /* the shop moved the promised date of SO-1 and shipped it */
  {
    g_autoptr(GString) text = g_string_new (orders_csv);
    g_string_replace (text, "MUG-RED,,2,2,12.50,USD,2026-03-20,,", "MUG-RED,,2,2,12.50,USD,2026-03-27,2026-03-26,", 1);
    g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, text->str, report, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->unchanged, ==, 4);

  status = bd_test_text (store, "SELECT status || ',' || priority || ',' || promised_at FROM order_lines l"
                                " JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                                " WHERE o.ref = 'SO-1' AND p.sku = 'MUG-RED'");
  /* shipped_at in the file closed the line; the priority stayed */
  g_assert_cmpstr (status, ==, "shipped,2,2026-03-27T00:00:00Z");
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM notes WHERE body = 'Customer called'"), ==, 1);

  /* the desk's cancellation is not undone by a file that does not mention it */
  g_clear_pointer (&status, g_free);
  status = bd_test_text (store, "SELECT status || ',' || refunded || ',' || cancel_reason FROM order_lines"
                                " WHERE id IN (SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                " WHERE o.ref = 'SO-4')");
  g_assert_cmpstr (status, ==, "cancelled,1,customer asked");

  /* the change is an event with old and new values */
  event = bd_test_text (store, "SELECT field || ' ' || old_value || ' ' || new_value FROM events"
                               " WHERE action = 'import-update'");
  g_assert_nonnull (strstr (event, "promised_at"));
  g_assert_nonnull (strstr (event, "\"status\":\"waiting\""));
  g_assert_nonnull (strstr (event, "\"status\":\"shipped\""));
}

static void
assert_nothing_written (BdStore    *store,
                        const char *before)
{
  g_autofree char *after = bd_test_dump (store);

  g_assert_cmpstr (before, ==, after);
}

static void
assert_rejected (BdStore      *store,
                 BdImportKind  kind,
                 const char   *text,
                 int           code,
                 const char   *const *fragments)
{
  g_autofree char *before = bd_test_dump (store);
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_test_import_text (store, kind, text, NULL, &error));
  g_assert_error (error, BD_IMPORT_ERROR, code);
  for (guint i = 0; fragments[i] != NULL; i++)
    if (strstr (error->message, fragments[i]) == NULL)
      g_error ("“%s” not in the error: %s", fragments[i], error->message);

  assert_nothing_written (store, before);
}

#define HEADER "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity,unit_price,currency,shipped_at,cancelled_at\n"

static void
test_import_bad_rows (Fixture       *fixture,
                      gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;

  /* some good data first, so that "nothing written" means something */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));

  assert_rejected (store, BD_IMPORT_ORDERS,
                   HEADER
                   "SO-10,2026-03-01,C-9,MUG-RED,2,1,,,,\n"      /* good, would be written */
                   "SO-11,2026-02-30,C-9,MUG-RED,2,1,,,,\n"      /* no such day */
                   "SO-12,yesterday,C-9,MUG-RED,2,1,,,,\n"       /* not a date */
                   "SO-13,2026-03-01,C-9,MUG-RED,two,1,,,,\n"    /* not a number */
                   "SO-14,2026-03-01,C-9,MUG-RED,0,0,,,,\n"      /* quantity must be > 0 */
                   "SO-15,2026-03-01,C-9,MUG-RED,2,3,,,,\n"      /* more short than ordered */
                   "SO-16,2026-03-01,C-9,MUG-RED,2,1,1.234,,,\n" /* three decimals in USD */
                   "SO-17,2026-03-01,C-9,MUG-RED,2,1,,usd,,\n"   /* not a currency code */
                   "SO-18,2026-03-01,C-9,MUG-RED,2,1,,,2026-03-02,2026-03-03\n" /* both */
                   "SO-19,2026-03-01,,MUG-RED,2,1,,,,\n"         /* no customer */
                   "\"SO-20\n\",2026-03-01,C-9,MUG-RED,2,1,,,,,extra\n", /* field count, 2 lines */
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) {
                     "nothing was imported",
                     "line 3, column ordered_at: expected a real calendar date",
                     "line 4, column ordered_at: expected a date like 2026-03-31",
                     "line 5, column quantity: expected a whole number from 1 to 2147483647, found “two”",
                     "line 6, column quantity: expected a whole number from 1 to 2147483647, found “0”",
                     "line 7, column backordered_quantity: expected a whole number from 0 to 2, found “3”",
                     "line 8, column unit_price",
                     "line 9, column currency: expected a three-letter ISO 4217 currency code",
                     "line 10, column cancelled_at: a line cannot be both shipped and cancelled",
                     "line 11, column customer_ref: expected a customer reference, found nothing",
                     "line 12: the row has 11 fields, but the header has 10",
                     NULL });
}

/* 2^64 + 1 wrapped around to 1 and was imported as a quantity of 1 */
static void
test_import_overflow (Fixture       *fixture,
                      gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, orders_csv, NULL, &error));

  assert_rejected (store, BD_IMPORT_ORDERS,
                   HEADER
                   "SO-30,2026-03-01,C-9,MUG-RED,18446744073709551617,0,,,,\n"
                   "SO-31,2026-03-01,C-9,MUG-RED,2,18446744073709551617,,,,\n"
                   "SO-32,2026-03-01,C-9,MUG-RED,2147483648,0,,,,\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) {
                     "line 2, column quantity: expected a whole number from 1 to 2147483647, "
                     "found “18446744073709551617”",
                     "line 3, column backordered_quantity: expected a whole number from 0 to 2, "
                     "found “18446744073709551617”",
                     "line 4, column quantity: expected a whole number from 1 to 2147483647",
                     NULL });

  assert_rejected (store, BD_IMPORT_PRODUCTS,
                   "sku,name,on_hand,safety_stock,pack_size\n"
                   "MUG-RED,Mug,18446744073709551617,,\n"
                   "LAMP,Lamp,,18446744073709551616,\n"
                   "TEA,Tea,,,-18446744073709551615\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) {
                     "line 2, column on_hand: expected a whole number from -1000000000 to 1000000000",
                     "line 3, column safety_stock: expected a whole number from 0 to 2147483647",
                     "line 4, column pack_size: expected a whole number from 1 to 2147483647",
                     NULL });

  assert_rejected (store, BD_IMPORT_SUPPLIERS,
                   "supplier_ref,name,lead_time_days\nS-1,One,18446744073709551623\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) {
                     "line 2, column lead_time_days: expected a whole number from 0 to 3650", NULL });
}

static void
test_import_duplicate_line (Fixture       *fixture,
                            gconstpointer  data)
{
  assert_rejected (fixture->store, BD_IMPORT_ORDERS,
                   HEADER
                   "SO-1,2026-03-01,C-1,MUG-RED,2,1,,,,\n"
                   "SO-2,2026-03-01,C-1,LAMP,2,1,,,,\n"
                   "SO-1,2026-03-01,C-1,MUG-RED,5,1,,,,\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) { "line 4, column sku", "already on line 2", NULL });

  assert_rejected (fixture->store, BD_IMPORT_ORDERS,
                   HEADER
                   "SO-1,2026-03-01,C-1,MUG-RED,2,1,,,,\n"
                   "SO-1,2026-03-01,C-2,LAMP,2,1,,,,\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) { "line 3, column customer_ref", "another customer on line 2", NULL });

  assert_rejected (fixture->store, BD_IMPORT_SUPPLIERS,
                   "supplier_ref,name\nS-1,One\nS-2,Two\nS-1,Again\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) { "line 4, column supplier_ref", "already on line 2", NULL });
}

static void
test_import_header_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  assert_rejected (fixture->store, BD_IMPORT_ORDERS, "",
                   BD_IMPORT_ERROR_HEADER,
                   (const char * const[]) { "orders.csv is empty", "order_ref", NULL });

  assert_rejected (fixture->store, BD_IMPORT_ORDERS,
                   "order_ref,ordered_at,customer_ref,quantity\nSO-1,2026-03-01,C-1,1\n",
                   BD_IMPORT_ERROR_HEADER,
                   (const char * const[]) { "line 1", "required column(s) sku", NULL });

  assert_rejected (fixture->store, BD_IMPORT_PRODUCTS,
                   "sku,name,sku\nA,B,C\n",
                   BD_IMPORT_ERROR_HEADER,
                   (const char * const[]) { "“sku” appears twice", NULL });
}

static void
test_import_syntax_error_writes_nothing (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autoptr(GError) error = NULL;

  /* good rows, then a quote that never closes: nothing of the good rows */
  g_assert_false (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                       HEADER "SO-1,2026-03-01,C-1,MUG-RED,2,1,,,,\n"
                                       "SO-2,2026-03-01,C-1,\"LAMP,2,1,,,,\n",
                                       NULL, &error));
  g_assert_error (error, BD_CSV_ERROR, BD_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 3"));
  assert_nothing_written (fixture->store, before);
}

static void
test_import_unknown_columns (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_SUPPLIERS,
                                      "Supplier_Ref , name , fax\nS-9,Ninth,123\n", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 1);
  g_assert_cmpuint (report->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 0), "“fax” is not known"));
}

static void
test_import_unknown_supplier (Fixture       *fixture,
                              gconstpointer  data)
{
  assert_rejected (fixture->store, BD_IMPORT_PRODUCTS,
                   "sku,name,supplier_ref\nX-1,Thing,NOPE\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) { "line 2, column supplier_ref", "no supplier “NOPE”", NULL });
}

static void
test_import_problem_cap (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (HEADER);
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "SO-%u,2026-03-01,C-1,MUG-RED,x,1,,,,\n", i);

  g_assert_false (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS, text->str, report, &error));
  g_assert_cmpuint (report->problems->len, ==, BD_IMPORT_MAX_PROBLEMS);
  g_assert_cmpuint (((BdImportProblem *)g_ptr_array_index (report->problems, 0))->line, ==, 2);
  g_assert_cmpuint (((BdImportProblem *)g_ptr_array_index (report->problems, 19))->line, ==, 21);
  g_assert_nonnull (strstr (error->message, "only the first 20"));
}

static void
test_import_currency_exponent (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      HEADER
                                      "JP-1,2026-03-01,C-1,MUG-RED,1,1,1500,JPY,,\n"
                                      "KW-1,2026-03-01,C-1,MUG-RED,1,1,1.125,KWD,,\n",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT unit_price FROM order_lines l"
                                                  " JOIN orders o ON o.id = l.order_id WHERE o.ref = 'JP-1'"), ==, 1500);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT unit_price FROM order_lines l"
                                                  " JOIN orders o ON o.id = l.order_id WHERE o.ref = 'KW-1'"), ==, 1125);

  assert_rejected (fixture->store, BD_IMPORT_ORDERS,
                   HEADER "JP-2,2026-03-01,C-1,MUG-RED,1,1,15.5,JPY,,\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) { "line 2, column unit_price", "no decimals", NULL });
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* Whole numbers are bound as integers (faster than SQLite converting the
 * text): references, SKUs and names that look like numbers stay text,
 * spelled as in the file, and numbers stay numbers. */
static void
test_import_numeric_text (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *types = NULL;
  g_autofree char *texts = NULL;

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,customer_name,sku,product_name,"
                                      "quantity,backordered_quantity\n"
                                      "1001,2026-03-01,42,2026,777,-5,3,1\n"
                                      "0099,2026-03-01,007,0,778,123456789012345678901,2,0\n",
                                      NULL, &error));
  g_assert_no_error (error);

#define EACH_LINE " AS t FROM order_lines l JOIN orders o ON o.id = l.order_id" \
                  " JOIN customers c ON c.id = l.customer_id JOIN products p ON p.id = l.product_id ORDER BY l.id)"
  types = bd_test_text (fixture->store,
                        "SELECT group_concat(t, ' ') FROM (SELECT typeof(o.ref) || typeof(c.ref) || typeof(c.name)"
                        " || typeof(p.sku) || typeof(p.name) || typeof(l.quantity)" EACH_LINE);
  g_assert_cmpstr (types, ==, "texttexttexttexttextinteger texttexttexttexttextinteger");
  texts = bd_test_text (fixture->store,
                        "SELECT group_concat(t, ' ') FROM (SELECT o.ref || '/' || c.ref || '/' || c.name"
                        " || '/' || p.sku || '/' || p.name || '/' || l.quantity" EACH_LINE);
#undef EACH_LINE
  g_assert_cmpstr (texts, ==, "1001/42/2026/777/-5/3 0099/007/0/778/123456789012345678901/2");
}

static void
test_import_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (HEADER);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = bd_test_dump (fixture->store);

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "SO-%u,2026-03-01,C-%u,MUG-RED,2,1,,,,\n", i, i % 50);

  bytes = g_bytes_new (text->str, text->len);
  reader = bd_csv_reader_new_for_bytes (bytes, "orders.csv");
  g_assert_false (bd_import_reader (fixture->store, BD_IMPORT_ORDERS, reader, NULL,
                                    cancel_on_progress, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_nothing_written (fixture->store, before);
}

static const char product_suppliers_csv[] =
  "sku,supplier_ref,unit_cost,currency,lead_time_days,moq,pack_size,preferred\n"
  "MUG-RED,SUP-1,2.90,,12,24,6,\n"
  "MUG-RED,SUP-2,3.10,EUR,20,12,,yes\n"
  "PAN-12,SUP-1,17.50,,30,,,\n";

#define LINK_SQL(sku, ref, what) \
  "SELECT " what " FROM product_suppliers ps JOIN products p ON p.id = ps.product_id" \
  " JOIN suppliers s ON s.id = ps.supplier_id WHERE p.sku = '" sku "' AND s.ref = '" ref "'"

/* Several suppliers per product with their terms; the preferred one
 * unsets the other (with an event), and the file is a link's truth. */
static void
test_import_product_suppliers (Fixture       *fixture,
                               gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mug1 = NULL;
  g_autofree char *mug2 = NULL;
  g_autofree char *pan1 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_SUPPLIERS, product_suppliers_csv, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows, ==, 3);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->updated, ==, 1);

  mug1 = bd_test_text (store, LINK_SQL ("MUG-RED", "SUP-1", "ps.unit_cost || ' ' || ps.currency || ' ' || ps.lead_time_days"
                                        " || ' ' || moq || ' ' || ps.pack_size || ' ' || preferred || ' ' || set_as_link"));
  mug2 = bd_test_text (store, LINK_SQL ("MUG-RED", "SUP-2", "ps.unit_cost || ' ' || ps.currency || ' ' || ps.lead_time_days"
                                        " || ' ' || moq || ' ' || coalesce(ps.pack_size, '-') || ' ' || preferred"));
  pan1 = bd_test_text (store, LINK_SQL ("PAN-12", "SUP-1", "ps.unit_cost || ' ' || ps.lead_time_days || ' ' || preferred"));
  g_assert_cmpstr (mug1, ==, "290 USD 12 24 6 0 1");
  g_assert_cmpstr (mug2, ==, "310 EUR 20 12 - 1");
  g_assert_cmpstr (pan1, ==, "1750 30 0");
  /* PAN-12 keeps the preferred supplier products.csv named */
  g_assert_cmpint (bd_test_count (store, LINK_SQL ("PAN-12", "SUP-2", "preferred")), ==, 1);
  /* one preferred supplier per product */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers WHERE preferred = 1"
                                         " GROUP BY product_id ORDER BY 1 DESC LIMIT 1"), ==, 1);
  /* SUP-1 lost MUG-RED's preference: an event of its own */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import-update'"
                                         " AND entity = 'product_suppliers' AND field = 'preferred'"
                                         " AND new_value = '{\"preferred\":\"0\"}'"), ==, 1);

  /* the same file again changes nothing */
  before = bd_test_text (store, "SELECT group_concat(t, ',') FROM (SELECT uuid || updated_at || preferred AS t"
                                " FROM product_suppliers ORDER BY id)");
  g_clear_pointer (&report, bd_import_report_free);
  report = bd_import_report_new ();
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_SUPPLIERS, product_suppliers_csv, report, &error));
  g_assert_cmpuint (report->unchanged, ==, 3);
  after = bd_test_text (store, "SELECT group_concat(t, ',') FROM (SELECT uuid || updated_at || preferred AS t"
                               " FROM product_suppliers ORDER BY id)");
  g_assert_cmpstr (after, ==, before);
  /* the first import's two: SUP-1's new terms, and its preference gone */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action <> 'import'"), ==, 2);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import'"
                                         " AND field = 'product-suppliers'"), ==, 2);
}

/* For the pairs product_suppliers.csv names it wins over products.csv's
 * supplier_ref, unit_cost and lead_time_days, whichever file comes later;
 * the preferred supplier it chose stays chosen; a pair it does not name
 * still follows products.csv. */
static void
test_import_product_suppliers_win (Fixture       *fixture,
                                   gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mug1 = NULL;
  g_autofree char *mug3 = NULL;
  g_autofree char *pan2 = NULL;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_SUPPLIERS, "supplier_ref,name\nSUP-3,Third\n", NULL, &error));
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_SUPPLIERS, product_suppliers_csv, NULL, &error));
  g_assert_no_error (error);

  /* the nightly products.csv again: nothing it says about those links */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS, products_csv, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->unchanged, ==, 3);

  /* a new cost for MUG-RED at SUP-1, a new supplier for it, and a new
   * cost for PAN-12 at SUP-2, which only products.csv names */
  g_clear_pointer (&report, bd_import_report_free);
  report = bd_import_report_new ();
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                                      "sku,name,supplier_ref,unit_cost,lead_time_days\n"
                                      "MUG-RED,Enamel Mug Red,SUP-1,3.50,9\n"
                                      "PAN-12,Cast Iron Skillet,SUP-2,19.00,\n",
                                      report, &error));
  g_assert_no_error (error);
  mug1 = bd_test_text (store, LINK_SQL ("MUG-RED", "SUP-1", "ps.unit_cost || ' ' || ps.lead_time_days || ' ' || preferred"));
  g_assert_cmpstr (mug1, ==, "290 12 0");
  g_assert_cmpint (bd_test_count (store, LINK_SQL ("MUG-RED", "SUP-2", "preferred")), ==, 1);
  pan2 = bd_test_text (store, LINK_SQL ("PAN-12", "SUP-2", "unit_cost || ' ' || preferred"));
  g_assert_cmpstr (pan2, ==, "1900 1");
  g_assert_cmpuint (report->updated, ==, 1);

  /* products.csv names a third supplier for MUG-RED: a link, but the
   * preferred supplier product_suppliers.csv chose stays */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                                      "sku,name,supplier_ref,unit_cost\nMUG-RED,Enamel Mug Red,SUP-3,4.00\n",
                                      NULL, &error));
  g_assert_no_error (error);
  mug3 = bd_test_text (store, LINK_SQL ("MUG-RED", "SUP-3", "unit_cost || ' ' || preferred || ' ' || set_as_link"));
  g_assert_cmpstr (mug3, ==, "400 0 0");
  g_assert_cmpint (bd_test_count (store, LINK_SQL ("MUG-RED", "SUP-2", "preferred")), ==, 1);

  /* without product_suppliers.csv the shorthand still makes its supplier
   * the preferred one */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                                      "sku,name,supplier_ref\nPAN-12,Cast Iron Skillet,SUP-3\n", NULL, &error));
  g_assert_cmpint (bd_test_count (store, LINK_SQL ("PAN-12", "SUP-3", "preferred")), ==, 1);
  g_assert_cmpint (bd_test_count (store, LINK_SQL ("PAN-12", "SUP-2", "preferred")), ==, 0);
}

/* A link removed (a tombstone) is back when the file names it again. */
static void
test_import_product_suppliers_revive (Fixture       *fixture,
                                      gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_SUPPLIERS, product_suppliers_csv, NULL, &error));
  g_assert_true (bd_store_exec (store, "UPDATE product_suppliers SET deleted = 1", &error));
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_SUPPLIERS, product_suppliers_csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_suppliers WHERE deleted = 0"), ==, 3);
}

#define PS_HEADER "sku,supplier_ref,unit_cost,currency,lead_time_days,moq,pack_size,preferred\n"

static void
test_import_product_suppliers_bad_rows (Fixture       *fixture,
                                        gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;

  /* some links first, so that "nothing written" means something */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_SUPPLIERS, product_suppliers_csv, NULL, &error));

  assert_rejected (store, BD_IMPORT_PRODUCT_SUPPLIERS,
                   PS_HEADER
                   "LAMP,SUP-1,9.99,,,,,yes\n"          /* good, would be written */
                   "NOPE,SUP-1,1.00,,,,,\n"             /* no such product */
                   "LAMP,SUP-9,1.00,,,,,\n"             /* no such supplier */
                   "LAMP,SUP-2,1.234,,,,,\n"            /* three decimals in USD */
                   "LAMP,SUP-2,1.00,usd,,,,\n"          /* not a currency code */
                   "LAMP,SUP-2,,EUR,,,,\n"              /* a currency without a cost */
                   "LAMP,SUP-2,,,3651,,,\n"             /* lead time */
                   "LAMP,SUP-2,,,,-1,,\n"               /* moq */
                   "LAMP,SUP-2,,,,,0,\n"                /* pack size */
                   "LAMP,SUP-2,,,,,,maybe\n"            /* not a yes or no */
                   "LAMP,SUP-1,8.00,,,,,\n"             /* the pair again */
                   "PAN-12,SUP-1,,,,,,yes\n"            /* fine alone */
                   "PAN-12,SUP-2,,,,,,true\n"           /* a second preferred supplier */
                   ",SUP-1,,,,,,\n"                     /* no SKU */
                   "LAMP,,,,,,,\n",                     /* no supplier */
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) {
                     "product_suppliers.csv has rows that cannot be imported; nothing was imported",
                     "line 3, column sku: there is no product “NOPE”: import products.csv first",
                     "line 4, column supplier_ref: there is no supplier “SUP-9”",
                     "line 5, column unit_cost",
                     "line 6, column currency: expected a three-letter ISO 4217 currency code like EUR, found “usd”",
                     "line 7, column currency: a currency belongs to a unit cost",
                     "line 8, column lead_time_days: expected a whole number from 0 to 3650, found “3651”",
                     "line 9, column moq: expected a whole number from 0 to 2147483647, found “-1”",
                     "line 10, column pack_size: expected a whole number from 1 to 2147483647, found “0”",
                     "line 11, column preferred: expected true or false (also yes, no, 1, 0), found “maybe”",
                     "line 12, column supplier_ref: SKU “LAMP” with supplier “SUP-1” is already on line 2",
                     "line 14, column preferred: SKU “PAN-12” has its preferred supplier on line 13 already",
                     "line 15, column sku: expected an SKU, found nothing",
                     "line 16, column supplier_ref: expected a supplier reference, found nothing",
                     NULL });

  assert_rejected (store, BD_IMPORT_PRODUCT_SUPPLIERS, "sku,unit_cost\nLAMP,1.00\n",
                   BD_IMPORT_ERROR_HEADER,
                   (const char * const[]) { "line 1: the header lacks the required column(s) supplier_ref", NULL });
}

/* on_hand is the shop's count: a value in products.csv replaces it. The
 * levels set in the desk are desk work that it does not overwrite, and the
 * import says so. */
static void
test_import_products_levels (Fixture       *fixture,
                             gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mug = NULL;
  g_autofree char *pan = NULL;

  g_assert_true (bd_products_set_levels (store, "MUG-RED", 9, BD_PRODUCT_LEVEL_KEEP, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT levels_set_in_desk FROM products WHERE sku = 'MUG-RED'"), ==, 1);

  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                                      "sku,name,on_hand,reorder_point,safety_stock\n"
                                      "MUG-RED,Enamel Mug Red,10,50,20\n"
                                      "PAN-12,Cast Iron Skillet,,8,4\n",
                                      report, &error));
  g_assert_no_error (error);

  /* MUG-RED: the count replaced (not added to 0), the levels kept */
  mug = bd_test_text (store, "SELECT on_hand || ' ' || reorder_point || ' ' || safety_stock FROM products"
                             " WHERE sku = 'MUG-RED'");
  g_assert_cmpstr (mug, ==, "10 9 2");
  /* PAN-12: levels from the file, its count (3) kept when the cell is empty */
  pan = bd_test_text (store, "SELECT on_hand || ' ' || reorder_point || ' ' || safety_stock FROM products"
                             " WHERE sku = 'PAN-12'");
  g_assert_cmpstr (pan, ==, "3 8 4");
  g_assert_cmpuint (report->warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->warnings, 0), ==,
                   "products.csv: 1 product’s reorder point or safety stock was set in the desk and was kept");

  /* and the count again: replaced, not summed */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCTS,
                                      "sku,name,on_hand\nMUG-RED,Enamel Mug Red,4\n", NULL, &error));
  g_assert_cmpint (bd_test_count (store, "SELECT on_hand FROM products WHERE sku = 'MUG-RED'"), ==, 4);

  /* the desk's levels: an event each, and an unknown SKU is refused */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'levels'"
                                         " AND field = 'reorder_point' AND old_value = '5' AND new_value = '9'"), ==, 1);
  g_assert_false (bd_products_set_levels (store, "NOPE", 1, 1, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

#define SC_HEADER "order_ref,ordered_at,customer_ref,sku,quantity,backordered_quantity,ship_complete\n"

/* ship_complete: the customer wants the whole order in one parcel. */
static void
test_import_ship_complete (Fixture       *fixture,
                           gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *flags = NULL;
  const char *csv = SC_HEADER
                    "SO-1,2026-03-01,C-1,MUG-RED,2,2,yes\n"
                    "SO-1,2026-03-01,C-1,LAMP,1,1,\n"
                    "SO-2,2026-03-02,C-2,MUG-RED,1,1,FALSE\n"
                    "SO-3,2026-03-03,C-3,MUG-RED,1,1,\n"
                    "SO-3,2026-03-03,C-3,LAMP,1,1,1\n"
                    "SO-4,2026-03-04,C-4,LAMP,1,1,\n";

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, csv, NULL, &error));
  g_assert_no_error (error);
  flags = bd_test_text (store, "SELECT group_concat(ref || '=' || ship_complete, ' ')"
                               " FROM (SELECT * FROM orders ORDER BY ref)");
  /* SO-3 says so on its second line */
  g_assert_cmpstr (flags, ==, "SO-1=1 SO-2=0 SO-3=1 SO-4=0");
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action <> 'import'"), ==, 0);

  /* again: nothing changes */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, csv, report, &error));
  g_assert_cmpuint (report->unchanged, ==, 6);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action <> 'import'"), ==, 0);

  /* the shop changes its mind about SO-2 and SO-4, once on a later line */
  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                      SC_HEADER
                                      "SO-2,2026-03-02,C-2,MUG-RED,1,1,yes\n"
                                      "SO-4,2026-03-04,C-4,LAMP,1,1,\n"
                                      "SO-4,2026-03-04,C-4,MUG-RED,1,1,yes\n",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders WHERE ship_complete = 1"), ==, 4);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'import-update'"
                                         " AND entity = 'orders'"), ==, 2);

  assert_rejected (store, BD_IMPORT_ORDERS,
                   SC_HEADER
                   "SO-9,2026-03-01,C-1,MUG-RED,2,2,yes\n"
                   "SO-9,2026-03-01,C-1,LAMP,1,1,no\n"
                   "SO-10,2026-03-01,C-1,LAMP,1,1,perhaps\n",
                   BD_IMPORT_ERROR_ROWS,
                   (const char * const[]) {
                     "line 3, column ship_complete: order “SO-9” has another ship_complete on line 2",
                     "line 4, column ship_complete: expected true or false (also yes, no, 1, 0), found “perhaps”",
                     NULL });
}

static void
test_import_detect_kind (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  const struct { const char *header; BdImportKind kind; } cases[] = {
    { "order_ref,sku,quantity\n", BD_IMPORT_ORDERS },
    { "\xEF\xBB\xBFsku,name\n", BD_IMPORT_PRODUCTS },
    { "supplier_ref,name\n", BD_IMPORT_SUPPLIERS },
    { "sku,supplier_ref,unit_cost\n", BD_IMPORT_PRODUCT_SUPPLIERS },
    { "sku,alternative_sku\n", BD_IMPORT_PRODUCT_ALTERNATIVES },
    { "SKU , Supplier_Ref\n", BD_IMPORT_PRODUCT_SUPPLIERS },
    /* products.csv names a supplier too */
    { "sku,name,supplier_ref\n", BD_IMPORT_PRODUCTS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, "file.csv", NULL);
      BdImportKind kind = 99;

      g_assert_true (g_file_set_contents (path, cases[i].header, -1, NULL));
      g_assert_true (bd_import_detect_kind (path, &kind, NULL));
      g_assert_cmpint (kind, ==, cases[i].kind);
    }

  {
    g_autofree char *path = g_build_filename (dir, "file.csv", NULL);
    g_autoptr(GError) error = NULL;
    BdImportKind kind;

    g_assert_true (g_file_set_contents (path, "name,price\n", -1, NULL));
    g_assert_false (bd_import_detect_kind (path, &kind, &error));
    g_assert_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_UNKNOWN_KIND);
  }

  bd_test_rm_rf (dir);
}

/* Files picked together import suppliers, then products, then orders,
 * whatever order they were picked in; a file of no known kind goes last. */
static void
test_import_sort_paths (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  const struct { const char *name, *header; } files[] = {
    { "junk.csv", "name,price\n" },
    { "orders-1.csv", "order_ref,sku,quantity\n" },
    { "products.csv", "sku,name\n" },
    { "orders-2.csv", "order_ref,sku,quantity\n" },
    { "missing.csv", NULL },
    { "product_suppliers.csv", "sku,supplier_ref,moq\n" },
    { "suppliers.csv", "supplier_ref,name\n" },
  };
  const char *expected[] = { "suppliers.csv", "products.csv", "product_suppliers.csv", "orders-1.csv",
                             "orders-2.csv", "junk.csv", "missing.csv", NULL };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (bd_import_kind_order (BD_IMPORT_SUPPLIERS), <, bd_import_kind_order (BD_IMPORT_PRODUCTS));
  g_assert_cmpuint (bd_import_kind_order (BD_IMPORT_PRODUCTS), <, bd_import_kind_order (BD_IMPORT_PRODUCT_SUPPLIERS));
  g_assert_cmpuint (bd_import_kind_order (BD_IMPORT_PRODUCT_SUPPLIERS), <, bd_import_kind_order (BD_IMPORT_ORDERS));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      char *path = g_build_filename (dir, files[i].name, NULL);

      if (files[i].header != NULL)
        g_assert_true (g_file_set_contents (path, files[i].header, -1, NULL));
      g_ptr_array_add (paths, path);
    }

  bd_import_sort_paths (paths);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (names, g_path_get_basename (g_ptr_array_index (paths, i)));
  g_ptr_array_add (names, NULL);
  g_assert_cmpstrv ((char **)names->pdata, expected);

  bd_test_rm_rf (dir);
}

/* orders.csv says how to reach a customer; the file wins, except over
 * consent to texts withdrawn in the desk. */
static void
test_import_customer_contact (Fixture       *fixture,
                              gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *header = "order_ref,ordered_at,customer_ref,sku,quantity,customer_phone,customer_language,"
                       "customer_sms_consent\n";
  g_autofree char *csv = g_strconcat (header,
                                      "SO-1,2026-03-01,C-1,MUG-RED,2,+49 30 1234567,de_AT,yes\n"
                                      "SO-2,2026-03-02,C-2,MUG-RED,1,,FR,\n", NULL);
  g_autofree char *again = g_strconcat (header, "SO-1,2026-03-01,C-1,MUG-RED,2,+49 30 7654321,de,yes\n", NULL);
  gint64 c1;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, csv, NULL, &error));
  g_assert_no_error (error);
  contact = bd_test_text (store, "SELECT group_concat(ref || '|' || coalesce(phone, '') || '|' || language || '|'"
                                 " || sms_consent, ' ') FROM (SELECT * FROM customers ORDER BY ref)");
  g_assert_cmpstr (contact, ==, "C-1|+49 30 1234567|de|1 C-2||fr|0");

  /* the customer tells the desk: no more texts; tonight's file says yes */
  c1 = bd_test_count (store, "SELECT id FROM customers WHERE ref = 'C-1'");
  g_assert_true (bd_customers_set_sms_consent (store, c1, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, again, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contact, g_free);
  contact = bd_test_text (store, "SELECT phone || '|' || sms_consent FROM customers WHERE ref = 'C-1'");
  g_assert_cmpstr (contact, ==, "+49 30 7654321|0");

  /* bad contact columns: each named, nothing written */
  before = bd_test_dump (store);
  {
    g_autofree char *bad = g_strconcat (header, "SO-3,2026-03-03,C-3,MUG-RED,1,call me,german,maybe\n", NULL);

    g_assert_false (bd_test_import_text (store, BD_IMPORT_ORDERS, bad, NULL, &error));
    g_assert_nonnull (strstr (error->message, "column customer_phone"));
    g_assert_nonnull (strstr (error->message, "column customer_language"));
    g_assert_nonnull (strstr (error->message, "column customer_sms_consent"));
  }
  after = bd_test_dump (store);
  g_assert_cmpstr (before, ==, after);
}

/* An email, phone or language an agent edited in the desk is desk work
 * that a later orders.csv does not overwrite; the fields the desk did not
 * touch still follow the file, as do other customers. */
static void
test_import_customer_contact_edited (Fixture       *fixture,
                                     gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *events = NULL;
  const char *header = "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,quantity,"
                       "customer_phone,customer_language\n";
  g_autofree char *csv = g_strconcat (header,
                                      "SO-1,2026-03-01,C-1,Ada,ada@old.example,MUG-RED,2,+49 30 1234567,de\n"
                                      "SO-2,2026-03-02,C-2,Bea,bea@old.example,MUG-RED,1,+33 1 23456789,fr\n",
                                      NULL);
  /* tonight's file still has the old email and language of C-1, a new
   * phone for her, and everything new for C-2 */
  g_autofree char *again = g_strconcat (header,
                                        "SO-1,2026-03-01,C-1,Ada,ada@old.example,MUG-RED,2,+49 30 7654321,de\n"
                                        "SO-2,2026-03-02,C-2,Bea,bea@new.example,MUG-RED,1,+33 1 99999999,es\n",
                                        NULL);
  gint64 c1;

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, csv, NULL, &error));
  g_assert_no_error (error);

  /* the customer told the desk her new address and language */
  c1 = bd_test_count (store, "SELECT id FROM customers WHERE ref = 'C-1'");
  g_assert_true (bd_customers_set_contact (store, c1, "ada@new.example", "+49 30 1234567", "en", &error));
  g_assert_no_error (error);

  g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, again, NULL, &error));
  g_assert_no_error (error);
  contact = bd_test_text (store, "SELECT group_concat(ref || '|' || email || '|' || phone || '|' || language, ' ')"
                                 " FROM (SELECT * FROM customers ORDER BY ref)");
  g_assert_cmpstr (contact, ==,
                   "C-1|ada@new.example|+49 30 7654321|en C-2|bea@new.example|+33 1 99999999|es");

  /* the desk's edits are in the events, the file's change of the phone
   * too; the edited fields got no import event */
  events = bd_test_text (store, "SELECT group_concat(action || ':' || field, ' ') FROM (SELECT e.* FROM events e"
                                " JOIN customers c ON c.uuid = e.entity_uuid WHERE c.ref = 'C-1'"
                                " AND e.field IN ('email', 'phone', 'language') ORDER BY e.id)");
  g_assert_cmpstr (events, ==, "edit:email edit:language import-update:phone");

  /* importing the same file again changes no customer */
  {
    const char *customers = "SELECT group_concat(updated_at || email || phone || language, ' ') FROM customers";
    g_autofree char *before = bd_test_text (store, customers);
    g_autofree char *after = NULL;

    g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS, again, NULL, &error));
    g_assert_no_error (error);
    after = bd_test_text (store, customers);
    g_assert_cmpstr (before, ==, after);
  }
}

/* product_alternatives.csv: pairs of known products, once each; a pair
 * removed in the desk comes back when the file names it again. */
static void
test_import_product_alternatives (Fixture       *fixture,
                                  gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autofree char *pairs = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *csv = "sku,alternative_sku\nMUG-RED,LAMP\nLAMP,MUG-RED\n";

  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_ALTERNATIVES, csv, NULL, &error));
  g_assert_no_error (error);
  pairs = bd_test_text (store, "SELECT group_concat(p.sku || '>' || a.sku, ' ') FROM product_alternatives x"
                               " JOIN products p ON p.id = x.product_id JOIN products a ON a.id = x.alternative_id"
                               " WHERE x.deleted = 0");
  g_assert_cmpstr (pairs, ==, "MUG-RED>LAMP LAMP>MUG-RED");

  g_assert_true (bd_store_exec (store, "UPDATE product_alternatives SET deleted = 1", &error));
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_ALTERNATIVES, csv, report, &error));
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_alternatives WHERE deleted = 0"), ==, 2);
  g_assert_true (bd_test_import_text (store, BD_IMPORT_PRODUCT_ALTERNATIVES, csv, report, &error));
  g_assert_cmpuint (report->unchanged, ==, 2);

  before = bd_test_dump (store);
  g_assert_false (bd_test_import_text (store, BD_IMPORT_PRODUCT_ALTERNATIVES,
                                       "sku,alternative_sku\nMUG-RED,MUG-RED\nMUG-RED,NOPE\nLAMP,MUG-RED\n"
                                       "LAMP,MUG-RED\n", NULL, &error));
  g_assert_nonnull (strstr (error->message, "no alternative to itself"));
  g_assert_nonnull (strstr (error->message, "there is no product “NOPE”"));
  g_assert_nonnull (strstr (error->message, "already on line 4"));
  after = bd_test_dump (store);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, imports) \
  g_test_add (path, Fixture, imports, bd_test_store_fixture_set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/import/suppliers-products", test_import_suppliers_products, catalogue);
  ADD ("/import/orders", test_import_orders, catalogue);
  ADD ("/import/idempotent", test_import_idempotent, catalogue);
  ADD ("/import/update-keeps-desk-work", test_import_update_keeps_desk_work, catalogue);
  ADD ("/import/error/bad-rows", test_import_bad_rows, catalogue);
  ADD ("/import/error/overflow", test_import_overflow, catalogue);
  ADD ("/import/error/duplicates", test_import_duplicate_line, catalogue);
  ADD ("/import/error/header", test_import_header_errors, catalogue);
  ADD ("/import/error/syntax", test_import_syntax_error_writes_nothing, catalogue);
  ADD ("/import/error/unknown-supplier", test_import_unknown_supplier, NULL);
  ADD ("/import/error/problem-cap", test_import_problem_cap, catalogue);
  ADD ("/import/unknown-columns", test_import_unknown_columns, NULL);
  ADD ("/import/currency-exponent", test_import_currency_exponent, catalogue);
  ADD ("/import/numeric-text", test_import_numeric_text, catalogue);
  ADD ("/import/cancel", test_import_cancel, catalogue);
  ADD ("/import/product-suppliers", test_import_product_suppliers, catalogue);
  ADD ("/import/product-suppliers/win-over-products", test_import_product_suppliers_win, catalogue);
  ADD ("/import/product-suppliers/revive", test_import_product_suppliers_revive, catalogue);
  ADD ("/import/error/product-suppliers", test_import_product_suppliers_bad_rows, catalogue);
  ADD ("/import/products/levels-and-on-hand", test_import_products_levels, catalogue);
  ADD ("/import/orders/ship-complete", test_import_ship_complete, catalogue);
  ADD ("/import/orders/customer-contact", test_import_customer_contact, catalogue);
  ADD ("/import/orders/customer-contact-edited", test_import_customer_contact_edited, catalogue);
  ADD ("/import/product-alternatives", test_import_product_alternatives, catalogue);
  g_test_add_func ("/import/detect-kind", test_import_detect_kind);
  g_test_add_func ("/import/sort-paths", test_import_sort_paths);

  return g_test_run ();
}
