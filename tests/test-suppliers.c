/* test-suppliers.c: suppliers, their terms, reliability and the POs to
 * chase, on a history made by hand
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-suppliers"

#include "config.h"

#include <string.h>

#include "bd-eta.h"
#include "bd-suppliers.h"
#include "bd-team-settings.h"
#include "bd-test-util.h"

static const char suppliers_csv[] =
  "supplier_ref,name,email,phone,lead_time_days\n"
  "SUP-1,Nordic Homeware,orders@nordic.example,+46 8 123,14\n"
  "SUP-2,\"Forge Brothers, Ltd\",,,21\n"
  "SUP-3,Third Source,,,\n";

static const char products_csv[] =
  "sku,name,on_hand,reorder_point,safety_stock,pack_size,supplier_ref,unit_cost,lead_time_days\n"
  "MUG-RED,Enamel Mug Red,0,5,2,6,SUP-1,3.20,10\n"
  "PAN-12,Cast Iron Skillet,3,2,1,1,SUP-2,18.00,\n"
  "LAMP,Table Lamp,,,,,,,\n";

static const BdTestCsv catalogue[] = {
  { BD_IMPORT_SUPPLIERS, suppliers_csv },
  { BD_IMPORT_PRODUCTS, products_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

/* Today, for every test: Monday 15 June 2026 (TZ=UTC). */
static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 6, 15, 10, 0, 0);

  bd_test_store_fixture_set_up (fixture, data);
  bd_store_set_fixed_clock (fixture->store, now);
}

static void
exec (BdStore    *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!bd_store_exec (store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

/* Purchase orders, their lines and receipts straight into the tables, as
 * the purchase-order code would leave them. NULL is SQL NULL. */
static gint64
add_po (BdStore    *store,
        const char *number,
        const char *supplier_ref,
        const char *status,
        const char *sent_at,
        const char *confirmed_date,
        const char *expected_at,
        const char *received_at)
{
  g_autofree char *sql = NULL;

#define Q(s) ((s) ? g_strdup_printf ("'%s'", (s)) : g_strdup ("NULL"))
  {
    g_autofree char *sent = Q (sent_at);
    g_autofree char *confirmed = Q (confirmed_date);
    g_autofree char *expected = Q (expected_at);
    g_autofree char *received = Q (received_at);

    sql = g_strdup_printf ("INSERT INTO purchase_orders (number, supplier_id, status, currency, ordered_at,"
                           "  sent_at, confirmed_date, expected_at, received_at, uuid, created_at, updated_at)"
                           " VALUES ('%s', (SELECT id FROM suppliers WHERE ref = '%s'), '%s', 'USD',"
                           "  '2026-01-01T09:00:00Z', %s, %s, %s, %s, 'uuid-%s', '2026-01-01T09:00:00Z',"
                           "  '2026-01-01T09:00:00Z')",
                           number, supplier_ref, status, sent, confirmed, expected, received, number);
  }
#undef Q
  exec (store, sql);
  return sqlite3_last_insert_rowid (bd_store_get_db (store));
}

static gint64
add_line (BdStore    *store,
          gint64      po_id,
          const char *sku,
          int         quantity,
          int         received,
          int         unit_cost)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO po_lines (po_id, product_id, quantity, quantity_received,"
                                          "  unit_cost, uuid, created_at, updated_at)"
                                          " VALUES (%" G_GINT64_FORMAT ", (SELECT id FROM products WHERE sku = '%s'),"
                                          "  %d, %d, %d, 'line-' || %" G_GINT64_FORMAT " || '-%s',"
                                          "  '2026-01-01T09:00:00Z', '2026-01-01T09:00:00Z')",
                                          po_id, sku, quantity, received, unit_cost, po_id, sku);

  exec (store, sql);
  return sqlite3_last_insert_rowid (bd_store_get_db (store));
}

static void
add_receipt (BdStore    *store,
             gint64      po_id,
             gint64      po_line_id,
             int         quantity,
             const char *received_at)
{
  g_autofree char *receipt = g_strdup_printf ("INSERT INTO receipts (po_id, received_at, author, uuid, created_at,"
                                              "  updated_at) VALUES (%" G_GINT64_FORMAT ", '%s', 'Tester',"
                                              "  'receipt-%s-%" G_GINT64_FORMAT "', '%s', '%s')",
                                              po_id, received_at, received_at, po_line_id, received_at, received_at);
  g_autofree char *line = NULL;
  gint64 receipt_id;

  exec (store, receipt);
  receipt_id = sqlite3_last_insert_rowid (bd_store_get_db (store));
  line = g_strdup_printf ("INSERT INTO receipt_lines (receipt_id, po_line_id, product_id, quantity, uuid,"
                          "  created_at, updated_at)"
                          " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                          "  (SELECT product_id FROM po_lines WHERE id = %" G_GINT64_FORMAT "), %d,"
                          "  'receipt-line-' || %" G_GINT64_FORMAT ", '%s', '%s')",
                          receipt_id, po_line_id, po_line_id, quantity, receipt_id, received_at, received_at);
  exec (store, line);
}

/* SUP-1's deliveries of the last year, and some from before it:
 *
 *   PO-A confirmed for 1 March: one line 2 days early, one completed by
 *        its second receipt on the day (the first came 20 February)
 *   PO-B confirmed for 10 April, received 15 April: 5 days late
 *   PO-C not confirmed, expected 1 May, received 4 May: 3 days late
 *   PO-D confirmed for 20 May, received 9 June: 20 days late
 *   PO-E received 10 May 2025: before the 365 days
 *   PO-F one line complete 3 days late, one still short: the short line
 *        does not count
 *   PO-H received with neither a confirmed nor an expected date
 *   PO-I received by a receipt purchase_orders.csv recorded: not counted
 *   PO-J marked received without a receipt: not counted
 *
 * So 6 lines count: -2, 0, 5, 3, 20, 3 days; 2 on time. */
static void
add_history (BdStore *store)
{
  gint64 po, line;

  po = add_po (store, "PO-A", "SUP-1", "received", "2026-02-01T09:00:00Z", "2026-03-01", "2026-03-01",
               "2026-03-01T12:00:00Z");
  line = add_line (store, po, "MUG-RED", 10, 10, 300);
  add_receipt (store, po, line, 10, "2026-02-27T08:00:00Z");
  line = add_line (store, po, "LAMP", 4, 4, 1000);
  add_receipt (store, po, line, 1, "2026-02-20T08:00:00Z");
  add_receipt (store, po, line, 3, "2026-03-01T16:00:00Z");

  po = add_po (store, "PO-B", "SUP-1", "received", "2026-03-20T09:00:00Z", "2026-04-10", "2026-04-10",
               "2026-04-15T09:00:00Z");
  line = add_line (store, po, "MUG-RED", 5, 5, 300);
  add_receipt (store, po, line, 5, "2026-04-15T09:00:00Z");

  po = add_po (store, "PO-C", "SUP-1", "received", "2026-04-01T09:00:00Z", NULL, "2026-05-01",
               "2026-05-04T15:00:00Z");
  line = add_line (store, po, "MUG-RED", 5, 5, 300);
  add_receipt (store, po, line, 5, "2026-05-04T15:00:00Z");

  po = add_po (store, "PO-D", "SUP-1", "received", "2026-05-01T09:00:00Z", "2026-05-20", "2026-05-20",
               "2026-06-09T09:00:00Z");
  line = add_line (store, po, "MUG-RED", 5, 5, 300);
  add_receipt (store, po, line, 5, "2026-06-09T09:00:00Z");

  po = add_po (store, "PO-E", "SUP-1", "received", "2025-04-01T09:00:00Z", "2025-05-01", "2025-05-01",
               "2025-05-10T09:00:00Z");
  line = add_line (store, po, "MUG-RED", 5, 5, 300);
  add_receipt (store, po, line, 5, "2025-05-10T09:00:00Z");

  po = add_po (store, "PO-F", "SUP-1", "partially_received", "2026-05-01T09:00:00Z", "2026-06-01", "2026-07-01",
               NULL);
  line = add_line (store, po, "MUG-RED", 5, 5, 300);
  add_receipt (store, po, line, 5, "2026-06-04T09:00:00Z");
  line = add_line (store, po, "LAMP", 5, 2, 1000);
  add_receipt (store, po, line, 2, "2026-06-04T09:00:00Z");

  po = add_po (store, "PO-H", "SUP-1", "received", "2026-05-01T09:00:00Z", NULL, NULL, "2026-05-05T09:00:00Z");
  line = add_line (store, po, "MUG-RED", 5, 5, 300);
  add_receipt (store, po, line, 5, "2026-05-05T09:00:00Z");

  /* PO-I came before the desk: purchase_orders.csv recorded its receipt,
   * on the day of the import, which says nothing of when it came */
  po = add_po (store, "PO-I", "SUP-1", "received", "2026-03-01T09:00:00Z", "2026-03-10", "2026-03-10",
               "2026-06-01T09:00:00Z");
  line = add_line (store, po, "LAMP", 3, 3, 1000);
  add_receipt (store, po, line, 3, "2026-06-01T09:00:00Z");
  exec (store, "UPDATE receipts SET policy = 'imported' WHERE po_id = (SELECT id FROM purchase_orders"
               " WHERE number = 'PO-I')");

  /* PO-J's line has no receipt at all (only the PO says received) */
  po = add_po (store, "PO-J", "SUP-1", "received", "2026-05-01T09:00:00Z", "2026-05-02", "2026-05-02",
               "2026-05-30T09:00:00Z");
  add_line (store, po, "MUG-RED", 2, 2, 300);
}

static void
test_suppliers_reliability (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) nordic = NULL;
  g_autoptr(BdSupplier) forge = NULL;
  g_autoptr(BdSupplierReliability) reliability = NULL;
  g_autoptr(BdSupplierReliability) none = NULL;
  g_autoptr(BdSupplierReliability) all = NULL;
  const int expected_days[] = { -2, 0, 5, 3, 3, 20 };

  add_history (fixture->store);

  nordic = bd_suppliers_find (fixture->store, "SUP-1", &error);
  g_assert_no_error (error);
  reliability = bd_suppliers_reliability (fixture->store, nordic, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (reliability->since, ==, "2025-06-16");
  g_assert_cmpstr (reliability->until, ==, "2026-06-15");
  g_assert_cmpuint (reliability->lines, ==, 6);
  g_assert_cmpuint (reliability->on_time, ==, 2);
  g_assert_cmpfloat_with_epsilon (reliability->on_time_rate, 2.0 / 6, 1e-9);
  /* early counts 0: (0 + 0 + 5 + 3 + 3 + 20) / 6 */
  g_assert_cmpfloat_with_epsilon (reliability->mean_days_late, 31.0 / 6, 1e-9);
  /* the 6th of 6 sorted (0 0 3 3 5 20): 90% of 6 is 5.4, rank 6 */
  g_assert_cmpint (reliability->p90_days_late, ==, 20);
  /* by the day received: A's two (27 Feb, 1 Mar), B, C, F (4 June), D */
  g_assert_cmpuint (reliability->days_late->len, ==, G_N_ELEMENTS (expected_days));
  for (guint i = 0; i < G_N_ELEMENTS (expected_days); i++)
    g_assert_cmpint (g_array_index (reliability->days_late, int, i), ==, expected_days[i]);

  /* the list shows the same rate */
  g_assert_cmpfloat_with_epsilon (bd_supplier_get_on_time_rate (nordic), 2.0 / 6, 1e-9);
  g_assert_cmpuint (bd_supplier_get_lines_received (nordic), ==, 6);

  /* no history: no figures, said so by -1 */
  forge = bd_suppliers_find (fixture->store, "SUP-2", &error);
  none = bd_suppliers_reliability (fixture->store, forge, &error);
  g_assert_cmpuint (none->lines, ==, 0);
  g_assert_cmpfloat (none->on_time_rate, ==, -1);
  g_assert_cmpfloat (bd_supplier_get_on_time_rate (forge), ==, -1);

  /* all suppliers together: SUP-1's are all there is */
  all = bd_suppliers_reliability (fixture->store, NULL, &error);
  g_assert_cmpuint (all->lines, ==, 6);

  /* the range of expected dates reads the same lines */
  {
    BdSupplierHistory everyone = { 0, };
    g_autoptr(GHashTable) histories = bd_eta_supplier_histories (fixture->store, "2026-06-15", &everyone, &error);
    gint64 id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-1'");
    BdSupplierHistory *history;

    g_assert_no_error (error);
    history = g_hash_table_lookup (histories, &id);
    g_assert_nonnull (history);
    g_assert_cmpuint (history->n_lines, ==, reliability->lines);
    g_assert_cmpuint (history->n_on_time, ==, reliability->on_time);
    g_assert_cmpfloat (bd_supplier_history_on_time_rate (history), ==, reliability->on_time_rate);
  }
}

/* With 10 lines the 90th percentile is the 9th: a single worst line does
 * not make it. */
static void
test_suppliers_p90 (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) nordic = NULL;
  g_autoptr(BdSupplierReliability) reliability = NULL;

  for (int i = 1; i <= 10; i++)
    {
      g_autofree char *number = g_strdup_printf ("PO-%02d", i);
      g_autofree char *received = g_strdup_printf ("2026-05-%02dT09:00:00Z", 1 + (i == 10 ? 30 : i));
      gint64 po = add_po (fixture->store, number, "SUP-1", "received", NULL, "2026-05-01", NULL, received);
      gint64 line = add_line (fixture->store, po, "MUG-RED", 1, 1, 100);

      add_receipt (fixture->store, po, line, 1, received);
    }

  nordic = bd_suppliers_find (fixture->store, "SUP-1", &error);
  reliability = bd_suppliers_reliability (fixture->store, nordic, &error);
  g_assert_no_error (error);
  /* late by 1 to 9 days, and one by 30 */
  g_assert_cmpuint (reliability->lines, ==, 10);
  g_assert_cmpuint (reliability->on_time, ==, 0);
  g_assert_cmpint (reliability->p90_days_late, ==, 9);
  g_assert_cmpfloat_with_epsilon (reliability->mean_days_late, (45.0 + 30) / 10, 1e-9);
}

/* The open POs of the chase test: today is 15 June, chase after 3 days. */
static void
add_open_pos (BdStore *store)
{
  gint64 po;

  po = add_po (store, "PO-S1", "SUP-1", "sent", "2026-06-10T15:00:00Z", NULL, "2026-06-25", NULL);
  add_line (store, po, "MUG-RED", 12, 0, 300);
  po = add_po (store, "PO-S2", "SUP-2", "sent", "2026-06-13T09:00:00Z", NULL, NULL, NULL);
  add_line (store, po, "PAN-12", 2, 0, 1800);
  po = add_po (store, "PO-S3", "SUP-2", "sent", "2026-06-12T23:00:00Z", NULL, NULL, NULL);
  add_line (store, po, "PAN-12", 3, 0, 1800);
  po = add_po (store, "PO-C1", "SUP-2", "confirmed", "2026-06-01T09:00:00Z", "2026-06-14", "2026-06-14", NULL);
  add_line (store, po, "PAN-12", 10, 0, 1800);
  po = add_po (store, "PO-C2", "SUP-1", "confirmed", "2026-06-01T09:00:00Z", "2026-06-15", "2026-06-15", NULL);
  add_line (store, po, "MUG-RED", 10, 0, 300);
  po = add_po (store, "PO-C3", "SUP-1", "partially_received", "2026-05-01T09:00:00Z", "2026-06-01", "2026-06-01",
               NULL);
  add_line (store, po, "MUG-RED", 10, 4, 300);
  po = add_po (store, "PO-C4", "SUP-1", "confirmed", "2026-05-01T09:00:00Z", "2026-06-10", NULL, NULL);
  add_line (store, po, "LAMP", 2, 0, 1000);
  /* a draft is no order yet, and a received PO is done */
  po = add_po (store, "PO-D1", "SUP-1", "draft", NULL, NULL, "2026-05-01", NULL);
  add_line (store, po, "MUG-RED", 6, 0, 300);
  po = add_po (store, "PO-R1", "SUP-1", "received", "2026-05-01T09:00:00Z", "2026-05-10", "2026-05-10",
               "2026-05-12T09:00:00Z");
  add_line (store, po, "MUG-RED", 6, 6, 300);
  /* a confirmed PO past its date but all there (waiting for its status) */
  po = add_po (store, "PO-C5", "SUP-1", "confirmed", "2026-05-01T09:00:00Z", "2026-06-01", "2026-06-01", NULL);
  add_line (store, po, "MUG-RED", 6, 6, 300);
}

static char *
chase_text (BdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = bd_suppliers_chase (store, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      BdChaseEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (text, "%s%s %s %s %d %s", i ? "; " : "", entry->supplier_ref, entry->po_number,
                              bd_chase_reason_to_string (entry->reason), entry->days, entry->since);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Sent and not confirmed after the chase days; confirmed, past the
 * expected date (else the confirmed one) and not fully received. By
 * supplier name, the longest waiting first. */
static void
test_suppliers_chase (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *later = NULL;
  g_autofree char *none = NULL;

  add_open_pos (fixture->store);

  text = chase_text (fixture->store);
  g_assert_cmpstr (text, ==,
                   "SUP-2 PO-S3 unconfirmed 3 2026-06-12T23:00:00Z; "
                   "SUP-2 PO-C1 late 1 2026-06-14; "
                   "SUP-1 PO-C3 late 14 2026-06-01; "
                   "SUP-1 PO-C4 late 5 2026-06-10; "
                   "SUP-1 PO-S1 unconfirmed 5 2026-06-10T15:00:00Z");

  /* the team gives suppliers more days */
  g_assert_true (bd_team_settings_set (fixture->store, "chase_days", "4", NULL, &error));
  later = chase_text (fixture->store);
  g_assert_cmpstr (later, ==,
                   "SUP-2 PO-C1 late 1 2026-06-14; "
                   "SUP-1 PO-C3 late 14 2026-06-01; "
                   "SUP-1 PO-C4 late 5 2026-06-10; "
                   "SUP-1 PO-S1 unconfirmed 5 2026-06-10T15:00:00Z");

  /* whom to call */
  {
    g_autoptr(GPtrArray) entries = bd_suppliers_chase (fixture->store, &error);
    BdChaseEntry *entry = g_ptr_array_index (entries, 3);

    g_assert_cmpstr (entry->supplier_name, ==, "Nordic Homeware");
    g_assert_cmpstr (entry->email, ==, "orders@nordic.example");
    g_assert_cmpstr (entry->phone, ==, "+46 8 123");
    g_assert_cmpint (entry->quantity, ==, 12);
    g_assert_cmpint (entry->quantity_received, ==, 0);
  }

  /* nothing open: nothing to chase */
  exec (fixture->store, "UPDATE purchase_orders SET status = 'received'");
  none = chase_text (fixture->store);
  g_assert_cmpstr (none, ==, "");
}

static void
test_suppliers_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suppliers = NULL;
  BdSupplier *forge, *nordic, *third;

  add_history (fixture->store);
  add_open_pos (fixture->store);

  suppliers = bd_suppliers_list (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suppliers->len, ==, 3);
  /* by name */
  forge = g_ptr_array_index (suppliers, 0);
  nordic = g_ptr_array_index (suppliers, 1);
  third = g_ptr_array_index (suppliers, 2);
  g_assert_cmpstr (bd_supplier_get_ref (forge), ==, "SUP-2");
  g_assert_cmpstr (bd_supplier_get_ref (nordic), ==, "SUP-1");
  g_assert_cmpstr (bd_supplier_get_ref (third), ==, "SUP-3");

  /* SUP-1: PO-F, S1, C2, C3, C4, C5 and the draft are open; three to
   * chase; the earliest date of an ordered open PO is C3's, 1 June (the
   * draft's is earlier but nothing is ordered) */
  g_assert_cmpuint (bd_supplier_get_open_pos (nordic), ==, 7);
  g_assert_cmpuint (bd_supplier_get_pos_to_chase (nordic), ==, 3);
  g_assert_cmpstr (bd_supplier_get_next_expected (nordic), ==, "2026-06-01");
  g_assert_cmpint (bd_supplier_get_lead_time_days (nordic), ==, 14);

  g_assert_cmpuint (bd_supplier_get_open_pos (forge), ==, 3);
  g_assert_cmpuint (bd_supplier_get_pos_to_chase (forge), ==, 2);
  g_assert_cmpstr (bd_supplier_get_next_expected (forge), ==, "2026-06-14");
  g_assert_cmpfloat (bd_supplier_get_on_time_rate (forge), ==, -1);

  g_assert_cmpuint (bd_supplier_get_open_pos (third), ==, 0);
  g_assert_null (bd_supplier_get_next_expected (third));
  g_assert_cmpint (bd_supplier_get_lead_time_days (third), ==, -1);

  /* properties for the page that will list them */
  {
    g_autofree char *next = NULL;
    guint chase = 0;

    g_object_get (nordic, "next-expected", &next, "pos-to-chase", &chase, NULL);
    g_assert_cmpstr (next, ==, "2026-06-01");
    g_assert_cmpuint (chase, ==, 3);
  }
}

/* A supplier's products with their terms, and its POs. */
static void
test_suppliers_show (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) nordic = NULL;
  g_autoptr(BdSupplier) by_name = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) pos = NULL;
  BdSupplierProduct *mug;
  BdSupplierPo *po;

  add_open_pos (fixture->store);

  nordic = bd_suppliers_find (fixture->store, "SUP-1", &error);
  g_assert_no_error (error);
  /* people give the name, in any case */
  by_name = bd_suppliers_find (fixture->store, "nordic HOMEWARE", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_supplier_get_uuid (by_name), ==, bd_supplier_get_uuid (nordic));

  products = bd_suppliers_list_products (fixture->store, nordic, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  mug = g_ptr_array_index (products, 0);
  g_assert_cmpstr (mug->sku, ==, "MUG-RED");
  g_assert_cmpstr (mug->product_name, ==, "Enamel Mug Red");
  g_assert_true (mug->has_unit_cost);
  g_assert_cmpint (mug->unit_cost, ==, 320);
  g_assert_cmpstr (mug->currency, ==, "USD");
  g_assert_cmpint (mug->lead_time_days, ==, 10);
  g_assert_cmpint (mug->moq, ==, -1);
  g_assert_cmpint (mug->pack_size, ==, -1);
  g_assert_cmpint (mug->product_pack_size, ==, 6);
  g_assert_true (mug->preferred);

  pos = bd_suppliers_list_pos (fixture->store, nordic, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pos->len, ==, 7);
  /* same ordered_at: by number, the highest first */
  po = g_ptr_array_index (pos, 0);
  g_assert_cmpstr (po->number, ==, "PO-S1");
  g_assert_cmpstr (po->status, ==, "sent");
  g_assert_cmpuint (po->lines, ==, 1);
  g_assert_cmpint (po->quantity, ==, 12);
  g_assert_cmpint (po->value, ==, 12 * 300);
}

static void
assert_refused (BdStore    *store,
                gboolean    ok,
                GError     *error,
                int         code,
                const char *fragment,
                const char *before)
{
  g_autofree char *after = bd_test_dump (store);

  g_assert_false (ok);
  g_assert_error (error, BD_STORE_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in the error: %s", fragment, error->message);
  g_assert_cmpstr (after, ==, before);
}

static void
test_suppliers_create_edit (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) ninth = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *before = NULL;
  g_autofree char *row = NULL;
  BdSupplierFields fields = {
    .name = " Ninth Wave ", .contact_name = "Ann Lee", .email = "ann@ninth.example", .phone = "555",
    .lead_time_days = "12", .minimum_order = "250.00",
  };

  g_assert_true (bd_suppliers_create (fixture->store, "SUP-9", &fields, &batch, &error));
  g_assert_no_error (error);
  ninth = bd_suppliers_find (fixture->store, "SUP-9", &error);
  g_assert_cmpstr (bd_supplier_get_name (ninth), ==, "Ninth Wave");
  g_assert_cmpstr (bd_supplier_get_contact_name (ninth), ==, "Ann Lee");
  g_assert_cmpint (bd_supplier_get_lead_time_days (ninth), ==, 12);
  g_assert_cmpint (bd_supplier_get_minimum_order (ninth), ==, 25000);
  g_assert_false (bd_supplier_get_archived (ninth));
  /* the creation and each field in one batch */
  row = g_strdup_printf ("SELECT count(*) FROM events WHERE batch = '%s'", batch);
  g_assert_cmpint (bd_test_count (fixture->store, row), ==, 6);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT typeof(lead_time_days) = 'integer'"
                                                  " FROM suppliers WHERE ref = 'SUP-9'"), ==, 1);

  /* edit: a field changed, one cleared, the rest kept */
  {
    BdSupplierFields edit = { .contact_name = "Bo Berg", .phone = "" };
    g_autoptr(BdSupplier) edited = NULL;

    g_assert_true (bd_suppliers_edit (fixture->store, "ninth wave", &edit, NULL, &error));
    g_assert_no_error (error);
    edited = bd_suppliers_find (fixture->store, "SUP-9", &error);
    g_assert_cmpstr (bd_supplier_get_contact_name (edited), ==, "Bo Berg");
    g_assert_null (bd_supplier_get_phone (edited));
    g_assert_cmpstr (bd_supplier_get_email (edited), ==, "ann@ninth.example");
    g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'supplier-edit'"
                                                    " AND field = 'phone' AND old_value = '555'"
                                                    " AND new_value IS NULL"), ==, 1);
  }

  /* bad input: a clear error, and nothing written */
  before = bd_test_dump (fixture->store);
  {
    BdSupplierFields bad = { .name = "Again" };
    gboolean ok = bd_suppliers_create (fixture->store, "SUP-1", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "There is a supplier “SUP-1” already",
                    before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields bad = { .contact_name = "Nobody" };
    gboolean ok = bd_suppliers_create (fixture->store, "SUP-10", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "A supplier needs a name", before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields bad = { .name = "Tenth" };
    gboolean ok = bd_suppliers_create (fixture->store, "  ", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "A supplier needs a reference", before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields bad = { .name = "" };
    gboolean ok = bd_suppliers_edit (fixture->store, "SUP-9", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "A supplier needs a name", before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields bad = { .lead_time_days = "two weeks" };
    gboolean ok = bd_suppliers_edit (fixture->store, "SUP-9", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID,
                    "The lead time in days expects a whole number from 0 to 3650, found “two weeks”", before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields bad = { .minimum_order = "12.345" };
    gboolean ok = bd_suppliers_edit (fixture->store, "SUP-9", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "The minimum order expects", before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields bad = { .minimum_order = "-5" };
    gboolean ok = bd_suppliers_edit (fixture->store, "SUP-9", &bad, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "an amount of 0 or more", before);
    g_clear_error (&error);
  }
  {
    BdSupplierFields edit = { .contact_name = "X" };
    gboolean ok = bd_suppliers_edit (fixture->store, "SUP-404", &edit, NULL, &error);
    assert_refused (fixture->store, ok, error, BD_STORE_ERROR_NOT_FOUND, "There is no supplier “SUP-404”", before);
    g_clear_error (&error);
  }
}

/* Archiving: refused while the supplier has open POs; done, it leaves the
 * list and stops being any product's preferred supplier, also after the
 * next products.csv. */
static void
test_suppliers_archive (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *before = NULL;
  BdSupplierLinkFields lamp = { .unit_cost = "25.00", .preferred = "yes" };
  gboolean ok;
  gint64 po;

  g_assert_true (bd_suppliers_set_link (fixture->store, "SUP-3", "LAMP", &lamp, NULL, &error));
  g_assert_no_error (error);

  po = add_po (fixture->store, "PO-X1", "SUP-3", "sent", "2026-06-14T09:00:00Z", NULL, NULL, NULL);
  add_line (fixture->store, po, "LAMP", 1, 0, 2500);
  add_po (fixture->store, "PO-X2", "SUP-3", "draft", NULL, NULL, NULL, NULL);

  before = bd_test_dump (fixture->store);
  ok = bd_suppliers_set_archived (fixture->store, "SUP-3", TRUE, NULL, &error);
  assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID,
                  "Supplier “SUP-3” has 2 open purchase orders (PO-X1, PO-X2): receive or cancel them", before);
  g_clear_error (&error);

  exec (fixture->store, "UPDATE purchase_orders SET status = 'cancelled'");
  g_assert_true (bd_suppliers_set_archived (fixture->store, "SUP-3", TRUE, NULL, &error));
  g_assert_no_error (error);

  listed = bd_suppliers_list (fixture->store, FALSE, &error);
  all = bd_suppliers_list (fixture->store, TRUE, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_true (bd_supplier_get_archived (g_ptr_array_index (all, 2)));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT preferred FROM product_suppliers ps JOIN suppliers s"
                                                  " ON s.id = ps.supplier_id WHERE s.ref = 'SUP-3'"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'supplier-archive'"
                                                  " AND field = 'archived' AND new_value = '1'"), ==, 1);

  /* products.csv naming it does not make it preferred again */
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS,
                                      "sku,name,supplier_ref\nLAMP,Table Lamp,SUP-3\n", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT preferred FROM product_suppliers ps JOIN suppliers s"
                                                  " ON s.id = ps.supplier_id WHERE s.ref = 'SUP-3'"), ==, 0);
  /* nor does the suppliers.csv of every night bring it back */
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_SUPPLIERS, suppliers_csv, NULL, &error));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT archived FROM suppliers WHERE ref = 'SUP-3'"), ==, 1);

  /* its terms stay as they are, and it cannot be made preferred */
  g_free (before);
  before = bd_test_dump (fixture->store);
  ok = bd_suppliers_set_link (fixture->store, "SUP-3", "LAMP", &lamp, NULL, &error);
  assert_refused (fixture->store, ok, error, BD_STORE_ERROR_INVALID, "Supplier “SUP-3” is archived", before);
  g_clear_error (&error);
  g_assert_false (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCT_SUPPLIERS,
                                       "sku,supplier_ref,preferred\nLAMP,SUP-3,yes\n", NULL, &error));
  g_assert_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_ROWS);
  g_assert_nonnull (strstr (error->message, "line 2, column preferred: supplier “SUP-3” is archived: it cannot "
                                            "be a product’s preferred supplier"));
  g_clear_error (&error);
  {
    g_autofree char *after = bd_test_dump (fixture->store);
    g_assert_cmpstr (after, ==, before);
  }

  /* back */
  g_assert_true (bd_suppliers_set_archived (fixture->store, "SUP-3", FALSE, NULL, &error));
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = bd_suppliers_list (fixture->store, FALSE, &error);
  g_assert_cmpuint (listed->len, ==, 3);
}

/* Product links in the desk: set up, changed, made preferred (the other
 * preferred unset), removed; products.csv leaves a desk link alone. */
static void
test_suppliers_links (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) forge = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autofree char *before = NULL;
  g_autofree char *terms = NULL;
  BdSupplierLinkFields mug = {
    .unit_cost = "2.95", .currency = "EUR", .lead_time_days = "7", .moq = "24", .pack_size = "12",
    .preferred = "true",
  };
  gboolean ok;

  g_assert_true (bd_suppliers_set_link (fixture->store, "SUP-2", "MUG-RED", &mug, NULL, &error));
  g_assert_no_error (error);
  forge = bd_suppliers_find (fixture->store, "SUP-2", &error);
  products = bd_suppliers_list_products (fixture->store, forge, &error);
  g_assert_cmpuint (products->len, ==, 2);
  {
    BdSupplierProduct *link = g_ptr_array_index (products, 0);

    g_assert_cmpstr (link->sku, ==, "MUG-RED");
    g_assert_cmpint (link->unit_cost, ==, 295);
    g_assert_cmpstr (link->currency, ==, "EUR");
    g_assert_cmpint (link->lead_time_days, ==, 7);
    g_assert_cmpint (link->moq, ==, 24);
    g_assert_cmpint (link->pack_size, ==, 12);
    g_assert_true (link->preferred);
  }
  /* SUP-1 was MUG-RED's preferred supplier: not any more, with an event */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM product_suppliers WHERE preferred = 1"
                                                  " AND product_id = (SELECT id FROM products WHERE sku = 'MUG-RED')"),
                   ==, 1);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'supplier-link'"
                                                  " AND field = 'preferred' AND old_value = '1'"
                                                  " AND new_value = '0'"), ==, 1);

  /* products.csv (SUP-1 at 3.20 for MUG-RED) does not take the preference
   * back from the link the desk chose */
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS, products_csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT ps.preferred FROM product_suppliers ps"
                                                  " JOIN suppliers s ON s.id = ps.supplier_id"
                                                  " JOIN products p ON p.id = ps.product_id"
                                                  " WHERE s.ref = 'SUP-2' AND p.sku = 'MUG-RED'"), ==, 1);

  /* a change keeps what it does not give; "" clears */
  {
    BdSupplierLinkFields change = { .moq = "", .lead_time_days = "9" };

    g_assert_true (bd_suppliers_set_link (fixture->store, "SUP-2", "MUG-RED", &change, NULL, &error));
    terms = bd_test_text (fixture->store, "SELECT ps.unit_cost || ' ' || ps.currency || ' ' || ps.lead_time_days"
                                          " || ' ' || coalesce(ps.moq, '-') || ' ' || ps.pack_size"
                                          " FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id"
                                          " JOIN products p ON p.id = ps.product_id"
                                          " WHERE s.ref = 'SUP-2' AND p.sku = 'MUG-RED'");
    g_assert_cmpstr (terms, ==, "295 EUR 9 - 12");
  }

  /* bad terms: refused, nothing written */
  before = bd_test_dump (fixture->store);
  {
    const struct { BdSupplierLinkFields fields; const char *sku; int code; const char *fragment; } cases[] = {
      { { .pack_size = "0" }, "MUG-RED", BD_STORE_ERROR_INVALID,
        "The pack size expects a whole number from 1 to 2147483647, found “0”" },
      { { .moq = "-1" }, "MUG-RED", BD_STORE_ERROR_INVALID, "The minimum order quantity expects" },
      { { .unit_cost = "1.2.3" }, "MUG-RED", BD_STORE_ERROR_INVALID, "The unit cost expects" },
      { { .unit_cost = "1.00", .currency = "euro" }, "MUG-RED", BD_STORE_ERROR_INVALID,
        "The currency expects a three-letter ISO 4217 code like EUR, found “euro”" },
      { { .currency = "EUR" }, "MUG-RED", BD_STORE_ERROR_INVALID, "A currency belongs to a unit cost" },
      { { .preferred = "perhaps" }, "MUG-RED", BD_STORE_ERROR_INVALID,
        "Preferred expects true or false (also yes, no, 1, 0), found “perhaps”" },
      { { .moq = "6" }, "NO-SUCH", BD_STORE_ERROR_NOT_FOUND, "There is no product “NO-SUCH”" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        ok = bd_suppliers_set_link (fixture->store, "SUP-2", cases[i].sku, &cases[i].fields, NULL, &error);

        assert_refused (fixture->store, ok, error, cases[i].code, cases[i].fragment, before);
        g_clear_error (&error);
      }
  }

  /* removed: gone from the list, a tombstone that products.csv leaves */
  g_assert_true (bd_suppliers_remove_link (fixture->store, "SUP-2", "MUG-RED", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&products, g_ptr_array_unref);
  products = bd_suppliers_list_products (fixture->store, forge, &error);
  g_assert_cmpuint (products->len, ==, 1);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM product_suppliers WHERE deleted = 1"), ==, 1);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS,
                                      "sku,name,supplier_ref,unit_cost\nMUG-RED,Enamel Mug Red,SUP-2,3.00\n",
                                      NULL, &error));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM product_suppliers WHERE deleted = 1"), ==, 1);

  g_free (before);
  before = bd_test_dump (fixture->store);
  ok = bd_suppliers_remove_link (fixture->store, "SUP-2", "MUG-RED", NULL, &error);
  assert_refused (fixture->store, ok, error, BD_STORE_ERROR_NOT_FOUND, "Supplier “SUP-2” does not supply “MUG-RED”", before);
  g_clear_error (&error);

  /* set up again in the desk: back */
  {
    BdSupplierLinkFields again = { .unit_cost = "3.05" };

    g_assert_true (bd_suppliers_set_link (fixture->store, "SUP-2", "MUG-RED", &again, NULL, &error));
    g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM product_suppliers WHERE deleted = 1"), ==, 0);
  }
}

/* A name two suppliers share is not guessed. */
static void
test_suppliers_ambiguous (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) found = NULL;
  BdSupplierFields twin = { .name = "Nordic Homeware" };

  g_assert_true (bd_suppliers_create (fixture->store, "SUP-7", &twin, NULL, &error));
  found = bd_suppliers_find (fixture->store, "nordic homeware", &error);
  g_assert_null (found);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "SUP-1, SUP-7"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, catalogue, set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/suppliers/reliability", test_suppliers_reliability);
  ADD ("/suppliers/reliability-p90", test_suppliers_p90);
  ADD ("/suppliers/chase", test_suppliers_chase);
  ADD ("/suppliers/list", test_suppliers_list);
  ADD ("/suppliers/show", test_suppliers_show);
  ADD ("/suppliers/create-edit", test_suppliers_create_edit);
  ADD ("/suppliers/archive", test_suppliers_archive);
  ADD ("/suppliers/links", test_suppliers_links);
  ADD ("/suppliers/ambiguous", test_suppliers_ambiguous);

  return g_test_run ();
}
