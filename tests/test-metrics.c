/* test-metrics.c: every figure of README "Metrics" against figures worked
 * out by hand on a small store
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-metrics"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bd-metrics.h"
#include "bd-metrics-series.h"
#include "bd-notes.h"
#include "bd-on-hand-snapshots-private.h"
#include "bd-purchase-orders.h"
#include "bd-receiving.h"
#include "bd-test-util.h"

/* Today is 2026-03-31 (the store's clock, TZ=UTC). SUP-A delivers MUG,
 * SUP-B delivers PAN; nobody delivers VASE. */
static const char suppliers_csv[] =
  "supplier_ref,name,email,phone,lead_time_days\n"
  "SUP-A,Atelier Ceramica,,,10\n"
  "SUP-B,Forge Brothers,,,5\n";

static const char products_csv[] =
  "sku,name,on_hand,reorder_point,safety_stock,pack_size,supplier_ref,unit_cost,lead_time_days\n"
  "MUG,Enamel Mug,0,0,0,1,SUP-A,2.50,\n"
  "PAN,Cast Iron Pan,0,0,0,1,SUP-B,10.00,\n"
  "VASE,Glass Vase,0,0,0,1,,,\n";

/* In March (the range of most cases):
 *   SO-1 MUG  2 short, promised 03-10, shipped 03-09: on time
 *   SO-2 PAN  1 short, promised 03-05, shipped 03-08: late
 *   SO-3 MUG  1 of 3 short (EUR), promised 03-20, open: overdue, 28 days old
 *   SO-4 VASE 1 short (EUR), no promise, cancelled: 7.50 EUR lost
 *   SO-5 MUG  4, none short, shipped 03-06 without a promise
 *   SO-6 PAN  2 short, ordered on the range's last day, open: 0 days old
 * and around it:
 *   SO-7 MUG  ordered the day after the range
 *   SO-8 MUG  ordered in January, promised 02-01, open: 80 days old */
static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,unit_price,currency,"
  "promised_at,shipped_at,cancelled_at\n"
  "SO-1,2026-03-01T10:00:00Z,C-1,Ada,MUG,2,2,10.00,USD,2026-03-10,2026-03-09,\n"
  "SO-2,2026-03-02T10:00:00Z,C-1,Ada,PAN,1,1,20.00,USD,2026-03-05,2026-03-08,\n"
  "SO-3,2026-03-03T10:00:00Z,C-2,Grace,MUG,3,1,5.00,EUR,2026-03-20,,\n"
  "SO-4,2026-03-04T10:00:00Z,C-2,Grace,VASE,1,1,7.50,EUR,,,2026-03-06\n"
  "SO-5,2026-03-05T10:00:00Z,C-3,Jean,MUG,4,0,3.00,USD,,2026-03-06,\n"
  "SO-6,2026-03-31T10:00:00Z,C-3,Jean,PAN,2,2,20.00,USD,,,\n"
  "SO-7,2026-04-01T10:00:00Z,C-4,Linus,MUG,1,1,10.00,USD,,,\n"
  "SO-8,2026-01-10T10:00:00Z,C-4,Linus,MUG,1,1,10.00,USD,2026-02-01,,\n";

static const BdTestCsv imports[] = {
  { BD_IMPORT_SUPPLIERS, suppliers_csv },
  { BD_IMPORT_PRODUCTS, products_csv },
  { BD_IMPORT_ORDERS, orders_csv },
  { 0, NULL },
};

#define LINE(ref) "(SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.ref = '" ref "')"
#define SUPPLIER(ref) "(SELECT id FROM suppliers WHERE ref = '" ref "')"
#define PRODUCT(sku) "(SELECT id FROM products WHERE sku = '" sku "')"
#define ROW "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'"

/* Messages (SO-1 told 03-10 a day after its order; SO-2 told 03-20, then
 * 03-07 before it shipped 03-08, then something after; SO-3 told no date
 * two and a half days after; a failed one), complaints, incentives, and
 * the POs: SUP-A received two lines in March against 03-10, one 2 days
 * late and one a day early, and one in February; a SUP-B PO covers
 * SO-3. */
static const char history_sql[] =
  "INSERT INTO messages (uuid, created_at, updated_at, channel, status, line_id, body, reference,"
  "  eta, eta_latest, sent_at, author) VALUES"
  " ('m1', " ROW ", 'email', 'sent', " LINE ("SO-1") ", 'b', 'r1', '2026-03-08', '2026-03-10',"
  "  '2026-03-02T10:00:00Z', 'T'),"
  " ('m2a', " ROW ", 'email', 'sent', " LINE ("SO-2") ", 'b', 'r2a', '2026-03-15', '2026-03-20',"
  "  '2026-03-04T10:00:00Z', 'T'),"
  " ('m2', " ROW ", 'email', 'sent', " LINE ("SO-2") ", 'b', 'r2', '2026-03-06', '2026-03-07',"
  "  '2026-03-05T10:00:00Z', 'T'),"
  " ('m2b', " ROW ", 'email', 'sent', " LINE ("SO-2") ", 'b', 'r2b', '2026-03-30', '2026-03-30',"
  "  '2026-03-09T10:00:00Z', 'T'),"
  " ('m2c', " ROW ", 'email', 'failed', " LINE ("SO-2") ", 'b', 'r2c', NULL, NULL, NULL, 'T'),"
  " ('m3', " ROW ", 'sms', 'sent', " LINE ("SO-3") ", 'b', 'r3', NULL, NULL, '2026-03-05T22:00:00Z', 'T'),"
  " ('m6', " ROW ", 'email', 'failed', " LINE ("SO-6") ", 'b', 'r6', NULL, NULL, NULL, 'T');"

  "INSERT INTO complaints (uuid, created_at, updated_at, line_id, author, category, body) VALUES"
  " ('c1', '2026-03-15T10:00:00Z', '2026-03-15T10:00:00Z', " LINE ("SO-1") ", 'T', 'delay', 'late'),"
  " ('c2', '2026-04-01T10:00:00Z', '2026-04-01T10:00:00Z', " LINE ("SO-7") ", 'T', 'delay', 'late');"

  "INSERT INTO incentives (uuid, created_at, updated_at, customer_id, line_id, kind, amount, currency, author)"
  " VALUES"
  " ('i1', '2026-03-10T10:00:00Z', '2026-03-10T10:00:00Z', (SELECT id FROM customers WHERE ref = 'C-2'),"
  "  NULL, 'discount', 500, 'EUR', 'T'),"
  " ('i2', '2026-03-11T10:00:00Z', '2026-03-11T10:00:00Z', (SELECT id FROM customers WHERE ref = 'C-1'),"
  "  NULL, 'discount', 250, NULL, 'T'),"
  " ('i3', '2026-03-12T10:00:00Z', '2026-03-12T10:00:00Z', (SELECT id FROM customers WHERE ref = 'C-1'),"
  "  NULL, 'free_shipping', NULL, NULL, 'T'),"
  " ('i4', '2026-04-02T10:00:00Z', '2026-04-02T10:00:00Z', (SELECT id FROM customers WHERE ref = 'C-1'),"
  "  NULL, 'discount', 1000, 'USD', 'T');"

  "INSERT INTO purchase_orders (uuid, created_at, updated_at, number, supplier_id, status, currency,"
  "  ordered_at, confirmed_date, expected_at) VALUES"
  " ('po1', " ROW ", 'PO-1', " SUPPLIER ("SUP-A") ", 'received', 'USD', '2026-02-20T10:00:00Z',"
  "  '2026-03-10', NULL),"
  " ('po2', " ROW ", 'PO-2', " SUPPLIER ("SUP-B") ", 'confirmed', 'USD', '2026-03-03T10:00:00Z',"
  "  '2026-03-20', NULL),"
  " ('po3', " ROW ", 'PO-3', " SUPPLIER ("SUP-A") ", 'received', 'USD', '2026-01-20T10:00:00Z',"
  "  NULL, '2026-02-10');"
  "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id, quantity, quantity_received) VALUES"
  " ('pl1', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-1'), " PRODUCT ("MUG") ", 5, 5),"
  " ('pl2', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-1'), " PRODUCT ("PAN") ", 2, 2),"
  " ('pl3', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-2'), " PRODUCT ("MUG") ", 1, 0),"
  " ('pl4', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-3'), " PRODUCT ("MUG") ", 1, 1);"
  "INSERT INTO po_line_covers (uuid, created_at, updated_at, po_line_id, line_id, quantity) VALUES"
  " ('cv1', " ROW ", (SELECT id FROM po_lines WHERE uuid = 'pl3'), " LINE ("SO-3") ", 1);"
  "INSERT INTO receipts (uuid, created_at, updated_at, po_id, received_at, author) VALUES"
  " ('r1', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-1'), '2026-03-12T10:00:00Z', 'T'),"
  " ('r2', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-1'), '2026-03-09T10:00:00Z', 'T'),"
  " ('r3', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-3'), '2026-02-12T10:00:00Z', 'T');"
  "INSERT INTO receipt_lines (uuid, created_at, updated_at, receipt_id, po_line_id, product_id, quantity) VALUES"
  " ('rl1', " ROW ", (SELECT id FROM receipts WHERE uuid = 'r1'), (SELECT id FROM po_lines WHERE uuid = 'pl1'),"
  "  " PRODUCT ("MUG") ", 5),"
  " ('rl2', " ROW ", (SELECT id FROM receipts WHERE uuid = 'r2'), (SELECT id FROM po_lines WHERE uuid = 'pl2'),"
  "  " PRODUCT ("PAN") ", 2),"
  " ('rl3', " ROW ", (SELECT id FROM receipts WHERE uuid = 'r3'), (SELECT id FROM po_lines WHERE uuid = 'pl4'),"
  "  " PRODUCT ("MUG") ", 1);";

typedef BdTestStoreFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-31T12:00:00Z", NULL);
  g_autoptr(GError) error = NULL;

  bd_test_store_fixture_set_up (fixture, imports);
  bd_store_set_fixed_clock (fixture->store, now);
  g_assert_true (bd_store_exec (fixture->store, history_sql, &error));
  g_assert_no_error (error);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, bd_test_store_fixture_tear_down)

static BdMetrics *
compute (Fixture    *fixture,
         const char *from,
         const char *to)
{
  g_autoptr(GError) error = NULL;
  BdMetrics *metrics = bd_metrics_compute (fixture->store, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (metrics);
  return metrics;
}

#define assert_rate(value, expected) g_assert_cmpfloat_with_epsilon ((value), (expected), 1e-9)
#define assert_null(value) g_assert_true (bd_metrics_is_null (value))

/* "EUR 7.50, USD 2.50": the amounts as decimal text */
static char *
amounts (GPtrArray *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      BdMetricsAmount *amount = g_ptr_array_index (list, i);

      g_string_append_printf (out, "%s%s %" G_GINT64_FORMAT, i > 0 ? ", " : "", amount->currency, amount->amount);
    }
  return g_string_free (out, FALSE);
}

#define assert_amounts(list, expected) \
  G_STMT_START { \
    g_autofree char *text_ = amounts (list); \
    g_assert_cmpstr (text_, ==, expected); \
  } G_STMT_END

static BdSupplierMetrics *
supplier (BdMetrics  *metrics,
          const char *ref)
{
  for (guint i = 0; i < metrics->suppliers->len; i++)
    {
      BdSupplierMetrics *item = g_ptr_array_index (metrics->suppliers, i);

      if (g_str_equal (item->supplier_ref, ref))
        return item;
    }
  return NULL;
}

/* March: every figure. */
static void
test_metrics_month (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-03-01", "2026-03-31");
  BdSupplierMetrics *a, *b;

  g_assert_cmpstr (m->from, ==, "2026-03-01");
  g_assert_cmpstr (m->to, ==, "2026-03-31");

  /* SO-1 to SO-6; SO-7 is a day late for it, SO-8 was before */
  g_assert_cmpint (m->order_lines, ==, 6);
  g_assert_cmpint (m->backorder_lines, ==, 5);
  assert_rate (m->backorder_rate, 5.0 / 6);
  assert_rate (m->fill_rate, 1.0 / 6);
  /* 13 units ordered, 7 short */
  assert_rate (m->unit_fill_rate, 6.0 / 13);
  /* shipped with a promise: SO-1 on time, SO-2 late; SO-5 had none */
  assert_rate (m->on_time_delivery_rate, 1.0 / 2);

  /* open on 03-31: SO-3 (28 days, overdue), SO-6 (0 days), SO-8 (80 days,
   * overdue) */
  g_assert_cmpint (m->open_backorders, ==, 3);
  g_assert_cmpint (m->overdue_backorders, ==, 2);
  assert_rate (m->backorder_age_mean_days, 36);
  assert_rate (m->backorder_age_median_days, 28);
  g_assert_cmpint (m->age_buckets[0], ==, 1);
  g_assert_cmpint (m->age_buckets[1], ==, 0);
  g_assert_cmpint (m->age_buckets[2], ==, 1);
  g_assert_cmpint (m->age_buckets[3], ==, 0);
  g_assert_cmpint (m->age_buckets[4], ==, 1);

  /* promised: SO-1, SO-2 (shipped late), SO-3 (open past it) */
  assert_rate (m->promises_breached_rate, 2.0 / 3);
  /* SO-4 of five */
  assert_rate (m->cancellation_rate, 1.0 / 5);
  assert_amounts (m->revenue_lost, "EUR 750");
  /* SO-3 1 x 5.00 EUR; SO-6 2 x 20.00 and SO-8 10.00 USD */
  assert_amounts (m->backorder_value_open, "EUR 500, USD 5000");

  /* first messages: SO-1 after 1 day, SO-2 after 2, SO-3 after 2.5 */
  assert_rate (m->time_to_first_notice_median_days, 2);
  /* SO-6 (its message failed) and SO-8 */
  g_assert_cmpint (m->never_notified_open, ==, 2);

  g_assert_cmpint (m->complaints, ==, 1);
  /* the one without a currency is in the default (USD); free shipping
   * has no value; April's is out */
  assert_amounts (m->incentives_value, "EUR 500, USD 250");

  /* shipped in March with a date told: SO-1 by 03-10 (kept), SO-2 on 03-08
   * after being told 03-07 last (broken; 03-20 was before, 03-30 after
   * it shipped) */
  assert_rate (m->promise_kept_rate, 1.0 / 2);

  assert_null (m->inventory_turnover);

  /* SUP-A: PO-1's two lines, 2 days late and 1 early (PO-3's came in
   * February), and SO-1 (its preferred supplier); SUP-B: no delivery, and
   * SO-2, SO-6 (preferred) and SO-3 (its PO covers it, over SUP-A) */
  g_assert_cmpuint (m->suppliers->len, ==, 2);
  a = supplier (m, "SUP-A");
  b = supplier (m, "SUP-B");
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->supplier_name, ==, "Atelier Ceramica");
  assert_rate (a->on_time_rate, 1.0 / 2);
  assert_rate (a->days_late_mean, 0.5);
  g_assert_cmpint (a->backorder_lines, ==, 1);
  assert_null (b->on_time_rate);
  assert_null (b->days_late_mean);
  g_assert_cmpint (b->backorder_lines, ==, 3);
}

/* A range with nothing in it: counts 0, every ratio and median null, no
 * amounts, no suppliers; never an error. */
static void
test_metrics_empty (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2025-06-01", "2025-06-30");

  g_assert_cmpint (m->order_lines, ==, 0);
  g_assert_cmpint (m->backorder_lines, ==, 0);
  assert_null (m->backorder_rate);
  assert_null (m->fill_rate);
  assert_null (m->unit_fill_rate);
  assert_null (m->on_time_delivery_rate);
  g_assert_cmpint (m->open_backorders, ==, 0);
  g_assert_cmpint (m->overdue_backorders, ==, 0);
  assert_null (m->backorder_age_mean_days);
  assert_null (m->backorder_age_median_days);
  for (guint b = 0; b < BD_METRICS_N_AGE_BUCKETS; b++)
    g_assert_cmpint (m->age_buckets[b], ==, 0);
  assert_null (m->promises_breached_rate);
  assert_null (m->cancellation_rate);
  g_assert_cmpuint (m->revenue_lost->len, ==, 0);
  g_assert_cmpuint (m->backorder_value_open->len, ==, 0);
  assert_null (m->time_to_first_notice_median_days);
  g_assert_cmpint (m->never_notified_open, ==, 0);
  g_assert_cmpint (m->complaints, ==, 0);
  g_assert_cmpuint (m->incentives_value->len, ==, 0);
  assert_null (m->promise_kept_rate);
  assert_null (m->inventory_turnover);
  g_assert_cmpuint (m->suppliers->len, ==, 0);
}

/* Zero denominators among figures that have data: a day with one line
 * and no promise, nothing shipped or cancelled, nobody told. */
static void
test_metrics_zero_denominators (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-03-31", "2026-03-31");

  /* SO-6, ordered on the range's only day, counts */
  g_assert_cmpint (m->order_lines, ==, 1);
  g_assert_cmpint (m->backorder_lines, ==, 1);
  assert_rate (m->backorder_rate, 1);
  assert_rate (m->fill_rate, 0);
  assert_rate (m->unit_fill_rate, 0);
  assert_rate (m->cancellation_rate, 0);
  /* no line with a promise: no shipped one to be on time, none to breach */
  assert_null (m->on_time_delivery_rate);
  assert_null (m->promises_breached_rate);
  /* none told, none shipped */
  assert_null (m->time_to_first_notice_median_days);
  assert_null (m->promise_kept_rate);
  /* the open ones are whenever ordered */
  g_assert_cmpint (m->open_backorders, ==, 3);
}

/* Both ends count, by the local day: a line ordered on the last day is in,
 * one ordered the day after is not; the first day is in, the day before
 * is not. */
static void
test_metrics_range_ends (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BdMetrics) april = compute (fixture, "2026-04-01", "2026-04-30");
  g_autoptr(BdMetrics) first = compute (fixture, "2026-03-01", "2026-03-01");
  g_autoptr(BdMetrics) before = compute (fixture, "2026-02-28", "2026-02-28");
  g_autoptr(BdMetrics) to_30 = compute (fixture, "2026-03-01", "2026-03-30");

  g_assert_cmpint (april->order_lines, ==, 1);
  g_assert_cmpint (first->order_lines, ==, 1);
  g_assert_cmpint (before->order_lines, ==, 0);
  /* SO-6 (the 31st) is not in it */
  g_assert_cmpint (to_30->order_lines, ==, 5);
  /* complaints by the day logged: April's is April's */
  g_assert_cmpint (april->complaints, ==, 1);
  assert_amounts (april->incentives_value, "USD 1000");
}

/* An incentive given on a complaint counts once. c1's and c2's were set
 * before complaints kept theirs in the incentives table: c1's on 03-16
 * (its event; the complaint changed again in April), c2's on 04-05 (no
 * event: its updated_at). One handled in the desk now (03-31) on SO-1
 * (USD) is in the incentives table, under the complaint's uuid, and
 * counted from there only; changed, it is still one; taken back, none. */
static void
test_metrics_complaint_incentives (Fixture       *fixture,
                                   gconstpointer  data)
{
  BdComplaintUpdate give = { NULL, "answered", NULL, 700 };
  BdComplaintUpdate more = { NULL, "answered", NULL, 900 };
  BdComplaintUpdate none = { NULL, "answered", NULL, 0 };
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *row = NULL;
  gint64 so1 = bd_test_count (fixture->store, "SELECT " LINE ("SO-1"));

  g_assert_true (bd_store_exec (fixture->store,
                                "UPDATE complaints SET incentive = 300, currency = 'EUR',"
                                " updated_at = '2026-04-20T10:00:00Z' WHERE uuid = 'c1';"
                                "UPDATE complaints SET incentive = 200, currency = 'USD',"
                                " updated_at = '2026-04-05T10:00:00Z' WHERE uuid = 'c2';"
                                "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
                                " entity_uuid, line_id, field, old_value, new_value) VALUES"
                                " ('e1', '2026-03-16T10:00:00Z', '2026-03-16T10:00:00Z', 'b1', 'T', 'complaint-edit',"
                                "  'complaints', 'c1', " LINE ("SO-1") ", 'incentive', NULL, '300');",
                                &error));
  g_assert_no_error (error);

  {
    g_autoptr(BdMetrics) march = compute (fixture, "2026-03-01", "2026-03-31");
    g_autoptr(BdMetrics) april = compute (fixture, "2026-04-01", "2026-04-30");

    assert_amounts (march->incentives_value, "EUR 800, USD 250");
    assert_amounts (april->incentives_value, "USD 1200");
  }

  g_assert_true (bd_notes_add_complaint (fixture->store, so1, "delay", "Where is it?", NULL, &error));
  g_assert_no_error (error);
  notes = bd_notes_list (fixture->store, so1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    if (g_strcmp0 (((BdNote *)g_ptr_array_index (notes, i))->body, "Where is it?") == 0)
      uuid = g_strdup (((BdNote *)g_ptr_array_index (notes, i))->uuid);
  g_assert_nonnull (uuid);

  g_assert_true (bd_notes_update_complaint (fixture->store, uuid, &give, NULL, &error));
  g_assert_no_error (error);
  row = bd_test_text (fixture->store,
                      "SELECT i.kind || '|' || i.amount || '|' || i.currency || '|' || (i.line_id = l.id)"
                      " || '|' || (i.customer_id = l.customer_id) || '|' || i.deleted"
                      " FROM incentives i, complaints c JOIN order_lines l ON l.id = c.line_id"
                      " WHERE i.uuid = c.uuid AND c.body = 'Where is it?'");
  g_assert_cmpstr (row, ==, "discount|700|USD|1|1|0");
  /* the complaint's own event tells it in the timeline, once */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'incentive'"), ==, 0);
  {
    g_autoptr(BdMetrics) march = compute (fixture, "2026-03-01", "2026-03-31");

    assert_amounts (march->incentives_value, "EUR 800, USD 950");
  }

  g_assert_true (bd_notes_update_complaint (fixture->store, uuid, &more, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM incentives WHERE deleted = 0 AND amount = 900"),
                   ==, 1);
  {
    g_autoptr(BdMetrics) march = compute (fixture, "2026-03-01", "2026-03-31");

    assert_amounts (march->incentives_value, "EUR 800, USD 1150");
  }

  g_assert_true (bd_notes_update_complaint (fixture->store, uuid, &none, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BdMetrics) march = compute (fixture, "2026-03-01", "2026-03-31");

    assert_amounts (march->incentives_value, "EUR 800, USD 250");
  }
}

/* At an end in the past, lines closed later were still open: SO-1
 * (shipped 03-09) and SO-2 (03-08) were open on 03-07, SO-4 (cancelled
 * 03-06) was not; SO-2's promise (03-05) was past then. */
static void
test_metrics_open_at_end (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-03-01", "2026-03-07");

  /* SO-1, SO-2, SO-3, SO-8 */
  g_assert_cmpint (m->open_backorders, ==, 4);
  /* SO-2 and SO-8 */
  g_assert_cmpint (m->overdue_backorders, ==, 2);
  /* ages 6, 5, 4 and 56 */
  assert_rate (m->backorder_age_mean_days, (6 + 5 + 4 + 56) / 4.0);
  assert_rate (m->backorder_age_median_days, 5.5);
  g_assert_cmpint (m->age_buckets[0], ==, 3);
  g_assert_cmpint (m->age_buckets[3], ==, 1);
  /* by 03-07 SO-1, SO-2 and SO-3 had been told something; SO-8 never */
  g_assert_cmpint (m->never_notified_open, ==, 1);
  /* SO-1 2 x 10.00, SO-2 20.00, SO-8 10.00 USD; SO-3 5.00 EUR */
  assert_amounts (m->backorder_value_open, "EUR 500, USD 5000");
  /* of SO-1, SO-2 and SO-3, SO-2 shipped late (after the range: what is
   * known now counts); SO-1's and SO-3's promises were still ahead */
  assert_rate (m->promises_breached_rate, 1.0 / 3);
  /* nothing shipped in the range */
  assert_null (m->promise_kept_rate);
  /* PO-1's lines came later */
  assert_null (supplier (m, "SUP-A")->on_time_rate);
}

/* No range: the 30 days up to today; one end: the other is today, or 29
 * days before it. */
static void
test_metrics_default_range (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, NULL, NULL);
  g_autoptr(BdMetrics) from_only = compute (fixture, "2026-03-01", NULL);
  g_autoptr(BdMetrics) to_only = compute (fixture, NULL, "2026-03-10");

  g_assert_cmpstr (m->from, ==, "2026-03-02");
  g_assert_cmpstr (m->to, ==, "2026-03-31");
  /* SO-2 to SO-6 */
  g_assert_cmpint (m->order_lines, ==, 5);
  g_assert_cmpstr (from_only->to, ==, "2026-03-31");
  g_assert_cmpstr (to_only->from, ==, "2026-02-09");
}

/* Dates that are not, and a range that ends before it starts: an error
 * that names them. */
static void
test_metrics_bad_range (Fixture       *fixture,
                        gconstpointer  data)
{
  struct { const char *from, *to, *says; } cases[] = {
    { "2026-02-30", "2026-03-31", "2026-02-30" },
    { "2026-03-01", "March", "March" },
    { "2026-03-31", "2026-03-01", "after it ends" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdMetrics) m = bd_metrics_compute (fixture->store, cases[i].from, cases[i].to, &error);

      g_assert_null (m);
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* --json: every figure by its name, null as null, money per currency as
 * decimal text, suppliers in an array. */
static void
test_metrics_json (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-03-01", "2026-03-31");
  g_autoptr(JsonNode) node = bd_metrics_to_json (m);
  JsonObject *object = json_node_get_object (node);
  JsonObject *buckets, *lost, *sup;
  JsonArray *suppliers;
  const char * const names[] = {
    "order_lines", "backorder_lines", "backorder_rate", "fill_rate", "unit_fill_rate",
    "on_time_delivery_rate", "open_backorders", "overdue_backorders", "backorder_age_mean_days",
    "backorder_age_median_days", "age_buckets", "promises_breached_rate", "cancellation_rate",
    "revenue_lost", "backorder_value_open", "time_to_first_notice_median_days", "never_notified_open",
    "complaints", "incentives_value", "promise_kept_rate", "inventory_turnover", "suppliers",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (!json_object_has_member (object, names[i]))
      g_error ("no %s", names[i]);

  g_assert_cmpint (json_object_get_int_member (object, "order_lines"), ==, 6);
  assert_rate (json_object_get_double_member (object, "on_time_delivery_rate"), 0.5);
  g_assert_true (json_object_get_null_member (object, "inventory_turnover"));
  buckets = json_object_get_object_member (object, "age_buckets");
  g_assert_cmpint (json_object_get_int_member (buckets, "over_60"), ==, 1);
  lost = json_object_get_object_member (object, "revenue_lost");
  g_assert_cmpstr (json_object_get_string_member (lost, "EUR"), ==, "7.50");
  g_assert_cmpuint (json_object_get_size (lost), ==, 1);
  suppliers = json_object_get_array_member (object, "suppliers");
  g_assert_cmpuint (json_array_get_length (suppliers), ==, 2);
  sup = json_array_get_object_element (suppliers, 1);
  g_assert_cmpstr (json_object_get_string_member (sup, "supplier_ref"), ==, "SUP-B");
  g_assert_true (json_object_get_null_member (sup, "supplier_on_time_rate"));
  g_assert_cmpint (json_object_get_int_member (sup, "backorder_lines"), ==, 3);
}

/* --csv: name, currency, supplier_ref, value; empty where they do not
 * apply, an empty value for null. */
static void
test_metrics_csv (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-03-01", "2026-03-31");
  g_autofree char *csv = bd_metrics_to_csv (m);
  const char * const rows[] = {
    "order_lines,,,6\r\n",
    "backorder_rate,,,0.8333333333\r\n",
    "on_time_delivery_rate,,,0.5\r\n",
    "backorder_age_median_days,,,28\r\n",
    "age_buckets.15-30,,,1\r\n",
    "revenue_lost,EUR,,7.50\r\n",
    "backorder_value_open,USD,,50.00\r\n",
    "incentives_value,EUR,,5.00\r\n",
    "inventory_turnover,,,\r\n",
    "supplier_on_time_rate,,SUP-A,0.5\r\n",
    "supplier_days_late_mean,,SUP-B,\r\n",
    "backorder_lines,,SUP-B,3\r\n",
  };

  g_assert_true (g_str_has_prefix (csv, "name,currency,supplier_ref,value\r\n"));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (strstr (csv, rows[i]) == NULL)
      g_error ("no row %s in:\n%s", rows[i], csv);
}


/* The dashboard's ranges end today; each figure is compared with the
 * period of the same length before it. */
static void
test_metrics_ranges (void)
{
  static const struct
  {
    BdMetricsRange range;
    const char *today, *from;
  } cases[] = {
    { BD_METRICS_RANGE_LAST_7, "2026-03-31", "2026-03-25" },
    { BD_METRICS_RANGE_LAST_30, "2026-03-31", "2026-03-02" },
    { BD_METRICS_RANGE_LAST_90, "2026-03-31", "2026-01-01" },
    { BD_METRICS_RANGE_THIS_QUARTER, "2026-03-31", "2026-01-01" },
    { BD_METRICS_RANGE_THIS_QUARTER, "2026-05-02", "2026-04-01" },
    { BD_METRICS_RANGE_THIS_QUARTER, "2026-12-31", "2026-10-01" },
    { BD_METRICS_RANGE_THIS_YEAR, "2026-05-02", "2026-01-01" },
    { BD_METRICS_RANGE_LAST_7, "2028-03-02", "2028-02-25" },
  };
  char *from = NULL, *to = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (bd_metrics_range_dates (cases[i].range, cases[i].today, &from, &to));
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].today);
      g_clear_pointer (&from, g_free);
      g_clear_pointer (&to, g_free);
    }
  g_assert_false (bd_metrics_range_dates (BD_METRICS_RANGE_LAST_7, "2026-02-30", &from, &to));
  g_assert_false (bd_metrics_range_dates (BD_METRICS_RANGE_LAST_7, "today", &from, &to));

  /* 31 days before March is from January 29 (2026: not a leap year) */
  g_assert_true (bd_metrics_previous_range ("2026-03-01", "2026-03-31", &from, &to));
  g_assert_cmpstr (from, ==, "2026-01-29");
  g_assert_cmpstr (to, ==, "2026-02-28");
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  /* one day: the day before */
  g_assert_true (bd_metrics_previous_range ("2026-03-01", "2026-03-01", &from, &to));
  g_assert_cmpstr (from, ==, "2026-02-28");
  g_assert_cmpstr (to, ==, "2026-02-28");
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  g_assert_false (bd_metrics_previous_range ("2026-03-31", "2026-03-01", &from, &to));
  g_assert_false (bd_metrics_previous_range ("2026-03-01", "March", &from, &to));
  g_assert_null (from);

  /* the buckets' days, as the queue's age filter takes them */
  {
    int min, max;

    bd_metrics_age_bucket_days (0, &min, &max);
    g_assert_cmpint (min, ==, 0);
    g_assert_cmpint (max, ==, 7);
    bd_metrics_age_bucket_days (2, &min, &max);
    g_assert_cmpint (min, ==, 15);
    g_assert_cmpint (max, ==, 30);
    bd_metrics_age_bucket_days (4, &min, &max);
    g_assert_cmpint (min, ==, 61);
    g_assert_cmpint (max, ==, -1);
  }
}

static BdMetricsSeries *
compute_series (Fixture    *fixture,
                const char *from,
                const char *to)
{
  g_autoptr(GError) error = NULL;
  BdMetricsSeries *series = bd_metrics_series_compute (fixture->store, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

/* "MUG 3, PAN 3": a top list; with the currency where it has one */
static char *
tops (GPtrArray *list,
      gboolean   by_value)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      BdMetricsTop *top = g_ptr_array_index (list, i);

      if (by_value)
        g_string_append_printf (out, "%s%s %s %" G_GINT64_FORMAT, i > 0 ? ", " : "", top->currency, top->ref,
                                top->value);
      else
        g_string_append_printf (out, "%s%s %" G_GINT64_FORMAT, i > 0 ? ", " : "", top->ref, top->units);
    }
  return g_string_free (out, FALSE);
}

#define assert_tops(list, by_value, expected) \
  G_STMT_START { \
    g_autofree char *text_ = tops (list, by_value); \
    g_assert_cmpstr (text_, ==, expected); \
  } G_STMT_END

/* March by week (Mondays: 02-23, as 03-01 is a Sunday, to 03-30) and the
 * most backordered products and suppliers. */
static void
test_metrics_series_month (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BdMetricsSeries) s = NULL;
  static const char * const mondays[] = { "2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16",
                                          "2026-03-23", "2026-03-30" };
  /* ordered: SO-1 (03-01); SO-2, SO-3, SO-4; SO-6 (03-31). SO-7 and SO-8
   * are out of the range */
  static const gint64 opened[] = { 1, 3, 0, 0, 0, 1 };
  /* SO-2 shipped 03-08 and SO-4 cancelled 03-06; SO-1 shipped 03-09 */
  static const gint64 closed[] = { 0, 2, 1, 0, 0, 0 };

  /* the dashboard's way: from the metrics' own pass, which gives the
   * same metrics as without the charts */
  if (data != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdMetrics) alone = compute (fixture, "2026-03-01", "2026-03-31");
      g_autoptr(BdMetrics) with = bd_metrics_compute_with_series (fixture->store, "2026-03-01", "2026-03-31", &s,
                                                                  &error);
      g_autofree char *alone_csv = NULL;
      g_autofree char *with_csv = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (with);
      g_assert_nonnull (s);
      alone_csv = bd_metrics_to_csv (alone);
      with_csv = bd_metrics_to_csv (with);
      g_assert_cmpstr (with_csv, ==, alone_csv);
    }
  else
    s = compute_series (fixture, "2026-03-01", "2026-03-31");

  g_assert_cmpuint (s->weeks->len, ==, G_N_ELEMENTS (mondays));
  for (guint i = 0; i < s->weeks->len; i++)
    {
      BdMetricsWeek *week = g_ptr_array_index (s->weeks, i);

      g_assert_cmpstr (week->week_start, ==, mondays[i]);
      g_assert_cmpint (week->opened, ==, opened[i]);
      g_assert_cmpint (week->closed, ==, closed[i]);
      /* shipped with a promise: SO-2 late in the second week, SO-1 on
       * time in the third; SO-5 shipped without one */
      if (i == 1)
        assert_rate (week->on_time_rate, 0);
      else if (i == 2)
        assert_rate (week->on_time_rate, 1);
      else
        assert_null (week->on_time_rate);
    }

  /* MUG: SO-1 2 + SO-3 1; PAN: SO-2 1 + SO-6 2; VASE: SO-4 1 */
  assert_tops (s->top_products_units, FALSE, "MUG 3, PAN 3, VASE 1");
  /* EUR: SO-4 7.50, SO-3 5.00; USD: SO-2 20.00 + SO-6 40.00, SO-1 20.00 */
  assert_tops (s->top_products_value, TRUE, "EUR VASE 750, EUR MUG 500, USD PAN 6000, USD MUG 2000");
  /* SUP-B: SO-2, SO-6 (preferred) and SO-3 (its PO covers it); SUP-A:
   * SO-1; VASE has no supplier */
  assert_tops (s->top_suppliers_units, FALSE, "SUP-B 4, SUP-A 2");
  assert_tops (s->top_suppliers_value, TRUE, "EUR SUP-B 500, USD SUP-B 6000, USD SUP-A 2000");
}

/* A range without lines: weeks of zeros, no rate, empty top lists; a
 * range that is not one is an error naming it. */
static void
test_metrics_series_empty (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BdMetricsSeries) s = compute_series (fixture, "2025-06-02", "2025-06-15");
  g_autoptr(GError) error = NULL;
  BdMetricsSeries *bad;

  g_assert_cmpuint (s->weeks->len, ==, 2);
  for (guint i = 0; i < s->weeks->len; i++)
    {
      BdMetricsWeek *week = g_ptr_array_index (s->weeks, i);

      g_assert_cmpint (week->opened, ==, 0);
      g_assert_cmpint (week->closed, ==, 0);
      assert_null (week->on_time_rate);
    }
  g_assert_cmpuint (s->top_products_units->len, ==, 0);
  g_assert_cmpuint (s->top_products_value->len, ==, 0);
  g_assert_cmpuint (s->top_suppliers_units->len, ==, 0);
  g_assert_cmpuint (s->top_suppliers_value->len, ==, 0);

  bad = bd_metrics_series_compute (fixture->store, "2026-03-31", "2026-03-01", &error);
  g_assert_null (bad);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-03-31"));
}

static guint
count_lines (Fixture          *fixture,
             BdBackorderQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = bd_backorder_query_run_ids (fixture->store, query, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  bd_backorder_query_free (query);
  return ids->len;
}

#define LINES(kind, from, to, bucket, ref) \
  count_lines (fixture, bd_metrics_lines_query (kind, from, to, bucket, ref))

/* The queue's query for a figure lists as many lines as the figure
 * counts: at the range's end, whatever happened to the lines since. */
static void
test_metrics_lines_query (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-03-01", "2026-03-31");
  g_autoptr(BdMetrics) early = compute (fixture, "2026-03-01", "2026-03-10");
  g_autoptr(BdBackorderQuery) copy = NULL;
  g_autoptr(BdBackorderQuery) query = NULL;

  g_assert_cmpuint (LINES (BD_METRICS_LINES_ORDERED, "2026-03-01", "2026-03-31", 0, NULL), ==, m->backorder_lines);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_OPEN, "2026-03-01", "2026-03-31", 0, NULL), ==, 3);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_OVERDUE, "2026-03-01", "2026-03-31", 0, NULL), ==, 2);
  for (guint b = 0; b < BD_METRICS_N_AGE_BUCKETS; b++)
    g_assert_cmpuint (LINES (BD_METRICS_LINES_AGE_BUCKET, "2026-03-01", "2026-03-31", b, NULL), ==,
                      m->age_buckets[b]);
  g_assert_cmpint (m->promises_breached, ==, 2);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_BREACHED, "2026-03-01", "2026-03-31", 0, NULL), ==, 2);
  /* open on 03-31 and told nothing by then: fewer than the open ones */
  g_assert_cmpint (m->never_notified_open, <, m->open_backorders);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_NEVER_NOTIFIED, "2026-03-01", "2026-03-31", 0, NULL), ==,
                    m->never_notified_open);
  /* SO-1 and SO-3; not SO-8 (January) nor SO-7 (April) */
  g_assert_cmpuint (LINES (BD_METRICS_LINES_PRODUCT, "2026-03-01", "2026-03-31", 0, "MUG"), ==, 2);
  /* as the supplier figures count them: SO-3 is SUP-B's (its PO), so
   * SUP-A has SO-1 only though it delivers MUG */
  g_assert_cmpuint (LINES (BD_METRICS_LINES_SUPPLIER, "2026-03-01", "2026-03-31", 0, "SUP-A"), ==, 1);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_SUPPLIER, "2026-03-01", "2026-03-31", 0, "SUP-B"), ==, 3);

  /* on 03-10: SO-3 and SO-8 open (SO-1, SO-2 shipped and SO-4 cancelled
   * before; they are closed now as they were then), SO-8 overdue; SO-2
   * was late, SO-3's promise (03-20) not yet past */
  g_assert_cmpint (early->open_backorders, ==, 2);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_OPEN, "2026-03-01", "2026-03-10", 0, NULL), ==, 2);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_OVERDUE, "2026-03-01", "2026-03-10", 0, NULL), ==,
                    early->overdue_backorders);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_BREACHED, "2026-03-01", "2026-03-10", 0, NULL), ==,
                    early->promises_breached);
  g_assert_cmpint (early->promises_breached, ==, 1);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_NEVER_NOTIFIED, "2026-03-01", "2026-03-10", 0, NULL), ==,
                    early->never_notified_open);
  /* on 02-01, SO-1 to SO-6 were not yet ordered: SO-8 alone, 22 days old */
  g_assert_cmpuint (LINES (BD_METRICS_LINES_OPEN, "2026-01-01", "2026-02-01", 0, NULL), ==, 1);
  g_assert_cmpuint (LINES (BD_METRICS_LINES_AGE_BUCKET, "2026-01-01", "2026-02-01", 2, NULL), ==, 1);

  /* without a day, breached and age are today's (this machine's clock,
   * after March 2026): SO-2 shipped late, SO-3 is open past 03-20; SO-3
   * and SO-6, ordered in March, are over 14 days old by now */
  query = bd_backorder_query_new ();
  query->status = BD_STATUS_FILTER_ALL;
  query->ordered_from = g_strdup ("2026-03-01");
  query->ordered_to = g_strdup ("2026-03-31");
  query->promise_breached = TRUE;
  g_assert_cmpuint (count_lines (fixture, g_steal_pointer (&query)), ==, 2);
  query = bd_backorder_query_new ();
  query->status = BD_STATUS_FILTER_OPEN;
  query->ordered_from = g_strdup ("2026-03-01");
  query->ordered_to = g_strdup ("2026-03-31");
  query->age_min = 15;
  g_assert_cmpuint (count_lines (fixture, g_steal_pointer (&query)), ==, 2);
  /* a day that is not one matches nothing, rather than everything */
  query = bd_backorder_query_new ();
  query->status = BD_STATUS_FILTER_ALL;
  query->ordered_from = g_strdup ("2026-02-30");
  g_assert_cmpuint (count_lines (fixture, g_steal_pointer (&query)), ==, 0);

  /* a query with a figure is another query, and copies whole */
  query = bd_metrics_lines_query (BD_METRICS_LINES_AGE_BUCKET, "2026-03-01", "2026-03-31", 2, NULL);
  copy = bd_backorder_query_copy (query);
  g_assert_true (bd_backorder_query_equal (query, copy));
  g_assert_true (bd_backorder_query_has_figure (copy));
  copy->age_max = 29;
  g_assert_false (bd_backorder_query_equal (query, copy));
  bd_backorder_query_clear_figure (copy);
  g_assert_false (bd_backorder_query_has_figure (copy));
  g_assert_cmpstr (copy->as_of, ==, NULL);
  g_assert_cmpint (copy->age_min, ==, -1);
}

/* The suppliers' on-time rate of the dashboard pools their PO lines:
 * SUP-A 1 of 2 on time in March, SUP-B (a PO of its own, due 03-20,
 * received 03-15) 1 of 1. The mean of their rates would be 0.75. */
static void
test_metrics_suppliers_pooled (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BdMetrics) m = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO purchase_orders (uuid, created_at, updated_at, number, supplier_id,"
                                "  status, currency, ordered_at, confirmed_date) VALUES"
                                " ('po4', " ROW ", 'PO-4', " SUPPLIER ("SUP-B") ", 'received', 'USD',"
                                "  '2026-03-01T10:00:00Z', '2026-03-20');"
                                "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id, quantity,"
                                "  quantity_received) VALUES"
                                " ('pl5', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-4'), "
                                PRODUCT ("PAN") ", 3, 3);"
                                "INSERT INTO receipts (uuid, created_at, updated_at, po_id, received_at, author) VALUES"
                                " ('r5', " ROW ", (SELECT id FROM purchase_orders WHERE number = 'PO-4'),"
                                "  '2026-03-15T10:00:00Z', 'T');"
                                "INSERT INTO receipt_lines (uuid, created_at, updated_at, receipt_id, po_line_id,"
                                "  product_id, quantity) VALUES"
                                " ('rl5', " ROW ", (SELECT id FROM receipts WHERE uuid = 'r5'),"
                                "  (SELECT id FROM po_lines WHERE uuid = 'pl5'), " PRODUCT ("PAN") ", 3);",
                                &error));
  g_assert_no_error (error);

  m = compute (fixture, "2026-03-01", "2026-03-31");
  assert_rate (supplier (m, "SUP-A")->on_time_rate, 1.0 / 2);
  assert_rate (supplier (m, "SUP-B")->on_time_rate, 1);
  g_assert_cmpint (m->suppliers_po_lines_received, ==, 3);
  assert_rate (m->suppliers_on_time_rate, 2.0 / 3);
}

/* No deliveries in the range: no pooled rate either. */
static void
test_metrics_suppliers_pooled_none (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(BdMetrics) m = compute (fixture, "2026-04-01", "2026-04-30");

  g_assert_cmpint (m->suppliers_po_lines_received, ==, 0);
  assert_null (m->suppliers_on_time_rate);
}

/* inventory_turnover on a store of its own. MUG costs 2.00 USD (the
 * default currency):
 *   05-01 products.csv: 10 on hand          05-02 SO-1 ships 2 (4.00)
 *   05-03 products.csv: 4 on hand           05-05 PO-1 brings 6: 10
 *   05-06 SO-2 ships 3 (6.00)
 * VASE costs 1.00 EUR, 5 on hand from 05-02: another currency, left out;
 * SO-3 shipped 04-20, before any snapshot. */
static void
set_clock (BdStore    *store,
           const char *now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (now, NULL);

  bd_store_set_fixed_clock (store, time);
}

static void
import (BdStore      *store,
        BdImportKind  kind,
        const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (store, kind, text, NULL, &error));
  g_assert_no_error (error);
}

static void assert_two_ranges (BdStore    *store,
                               const char *from_a,
                               const char *to_a,
                               const char *from_b,
                               const char *to_b,
                               guint       n_parts);

static double
turnover (BdStore    *store,
          const char *from,
          const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetrics) metrics = bd_metrics_compute (store, from, to, &error);

  g_assert_no_error (error);
  return metrics->inventory_turnover;
}

static void
test_metrics_inventory_turnover (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReceipt) receipt = NULL;
  gint64 po = 0;

  set_clock (store, "2026-05-01T09:00:00Z");
  import (store, BD_IMPORT_SUPPLIERS, "supplier_ref,name\nSUP-A,Atelier Ceramica\n");
  import (store, BD_IMPORT_PRODUCTS, "sku,name,on_hand,supplier_ref,unit_cost\nMUG,Enamel Mug,10,SUP-A,2.00\n"
                                     "VASE,Glass Vase,,,\n");
  import (store, BD_IMPORT_ORDERS,
          "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,shipped_at\n"
          "SO-1,2026-04-25T10:00:00Z,C-1,Ada,MUG,2,0,2026-05-02T10:00:00Z\n"
          "SO-2,2026-04-26T10:00:00Z,C-1,Ada,MUG,3,0,2026-05-06T10:00:00Z\n"
          "SO-3,2026-04-10T10:00:00Z,C-1,Ada,MUG,7,0,2026-04-20T10:00:00Z\n");
  import (store, BD_IMPORT_PURCHASE_ORDERS,
          "po_number,supplier_ref,sku,quantity,ordered_at,expected_at,status\n"
          "PO-1,SUP-A,MUG,6,2026-04-28,2026-05-05,sent\n");
  g_assert_true (bd_store_exec (store,
                                "INSERT INTO on_hand_snapshots (product_id, day, on_hand, unit_cost, currency,"
                                " uuid, created_at, updated_at)"
                                " SELECT id, '2026-05-02', 5, 100, 'EUR', 'vase-0502', " ROW
                                " FROM products WHERE sku = 'VASE'",
                                &error));
  g_assert_no_error (error);

  set_clock (store, "2026-05-03T09:00:00Z");
  import (store, BD_IMPORT_PRODUCTS, "sku,name,on_hand\nMUG,Enamel Mug,4\n");
  /* the same count again changes nothing, and writes nothing */
  set_clock (store, "2026-05-04T09:00:00Z");
  import (store, BD_IMPORT_PRODUCTS, "sku,name,on_hand\nMUG,Enamel Mug,4\n");

  set_clock (store, "2026-05-05T09:00:00Z");
  g_assert_true (bd_purchase_orders_find (store, "PO-1", &po, &error));
  receipt = bd_receiving_receive (store, po, "MUG", 6, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (receipt);

  /* one row per day on which the count changed, dirty for sync, with a
   * uuid every desk derives alike */
  {
    g_autofree char *rows = bd_test_text (store,
                                          "SELECT group_concat(day || ' ' || on_hand || ' ' || unit_cost || ' '"
                                          " || currency || ' ' || dirty, ', ') FROM (SELECT * FROM on_hand_snapshots"
                                          " WHERE product_id = " PRODUCT ("MUG") " ORDER BY day)");
    g_autofree char *uuid = bd_test_text (store, "SELECT uuid FROM on_hand_snapshots WHERE day = '2026-05-03'");
    g_autofree char *product_uuid = bd_test_text (store, "SELECT uuid FROM products WHERE sku = 'MUG'");
    g_autofree char *derived = bd_on_hand_snapshot_uuid (product_uuid, "2026-05-03");

    g_assert_cmpstr (rows, ==, "2026-05-01 10 200 USD 1, 2026-05-03 4 200 USD 1, 2026-05-05 10 200 USD 1");
    g_assert_cmpstr (uuid, ==, derived);
  }

  /* 05-01 to 05-06: stock 20.00, 20.00, 8.00, 8.00, 20.00, 20.00 (mean
   * 16.00); shipped 4.00 + 6.00 */
  assert_rate (turnover (store, "2026-05-01", "2026-05-06"), 10.0 / 16);
  /* 04-28 to 05-02: the days before 05-01 are unknown, not empty: 4.00
   * over a mean of 20.00 (over 5 days with zeros it would be 0.5) */
  assert_rate (turnover (store, "2026-04-28", "2026-05-02"), 4.0 / 20);
  /* after the last snapshot, its value holds: nothing shipped */
  assert_rate (turnover (store, "2026-05-07", "2026-05-08"), 0);
  /* April has no snapshot (SO-3 shipped then): null */
  assert_null (turnover (store, "2026-04-01", "2026-04-30"));
  /* the same from one pass with another range, in parts or not */
  assert_two_ranges (store, "2026-05-01", "2026-05-06", "2026-04-25", "2026-04-30", 1);
  assert_two_ranges (store, "2026-05-01", "2026-05-06", "2026-04-28", "2026-05-02", 2);
}

/* The series as text: every week's counts and every top list. */
static char *
describe_series (BdMetricsSeries *series)
{
  GString *out = g_string_new (NULL);
  GPtrArray *lists[] = { series->top_products_units, series->top_products_value, series->top_suppliers_units,
                         series->top_suppliers_value };

  for (guint i = 0; i < series->weeks->len; i++)
    {
      BdMetricsWeek *week = g_ptr_array_index (series->weeks, i);

      g_string_append_printf (out, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                              G_GINT64_FORMAT "\n", week->week_start, week->opened, week->closed,
                              week->shipped_promised, week->shipped_on_time);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *text = tops (lists[i], i % 2 == 1);

      g_string_append_printf (out, "%s\n", text);
    }
  return g_string_free (out, FALSE);
}

/* Two ranges from one pass over the lines, in @n_parts parts, against
 * each computed alone: the same figures to the last digit (CSV and the
 * numerators), the first's charts too. */
static void
assert_two_ranges (BdStore    *store,
                   const char *from_a,
                   const char *to_a,
                   const char *from_b,
                   const char *to_b,
                   guint       n_parts)
{
  const char *froms[] = { from_a, from_b };
  const char *tos[] = { to_a, to_b };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetricsSeries) series = NULL;
  g_autoptr(BdMetricsSeries) series_alone = NULL;
  BdMetrics *both[2] = { NULL, NULL };

  g_assert_true (bd_metrics_compute_ranges (store, 2, froms, tos, &series, n_parts, NULL, both, &error));
  g_assert_no_error (error);
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(BdMetrics) alone = bd_metrics_compute_with_series (store, froms[r], tos[r],
                                                                   r == 0 ? &series_alone : NULL, &error);
      g_autofree char *alone_csv = NULL;
      g_autofree char *csv = NULL;

      g_assert_no_error (error);
      alone_csv = bd_metrics_to_csv (alone);
      csv = bd_metrics_to_csv (both[r]);
      g_assert_cmpstr (csv, ==, alone_csv);
      g_assert_cmpint (both[r]->promises_breached, ==, alone->promises_breached);
      g_assert_cmpint (both[r]->suppliers_po_lines_received, ==, alone->suppliers_po_lines_received);
      if (!bd_metrics_is_null (alone->inventory_turnover))
        g_assert_cmpfloat_with_epsilon (both[r]->inventory_turnover, alone->inventory_turnover, 1e-12);
      bd_metrics_free (both[r]);
    }
  {
    g_autofree char *charts = describe_series (series);
    g_autofree char *charts_alone = describe_series (series_alone);

    g_assert_cmpstr (charts, ==, charts_alone);
  }
}

/* The pass over the lines cut in parts read at once (the dashboard's)
 * gives the figures and the charts of one pass, whatever the range and
 * however many parts: every line counted once, in its part. */
static void
test_metrics_parallel (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const ranges[][2] = {
    { "2026-03-01", "2026-03-31" },
    { "2026-02-01", "2026-04-30" },
    { "2026-03-08", "2026-03-08" },
    { "2020-01-01", "2026-12-31" },
    { "2027-01-01", "2027-01-31" },
  };

  /* a store on disk, which other connections open: cut in parts */
  g_assert_nonnull (bd_store_get_path (fixture->store));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM order_lines"), >=, 4);

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdMetricsSeries) one_series = NULL;
      g_autoptr(BdMetrics) one = bd_metrics_compute_with_series (fixture->store, ranges[r][0], ranges[r][1],
                                                                 &one_series, &error);
      g_autofree char *one_csv = NULL;
      g_autofree char *one_charts = NULL;

      g_assert_no_error (error);
      one_csv = bd_metrics_to_csv (one);
      one_charts = describe_series (one_series);

      for (guint n = 2; n <= 4; n++)
        {
          g_autoptr(BdMetricsSeries) series = NULL;
          g_autoptr(BdMetrics) parts = bd_metrics_compute_parallel (fixture->store, ranges[r][0], ranges[r][1],
                                                                    &series, n, NULL, &error);
          g_autoptr(BdMetrics) plain = bd_metrics_compute_parallel (fixture->store, ranges[r][0], ranges[r][1],
                                                                    NULL, n, NULL, &error);
          g_autofree char *csv = NULL;
          g_autofree char *charts = NULL;
          g_autofree char *plain_csv = NULL;

          g_assert_no_error (error);
          csv = bd_metrics_to_csv (parts);
          charts = describe_series (series);
          plain_csv = bd_metrics_to_csv (plain);
          g_assert_cmpstr (csv, ==, one_csv);
          g_assert_cmpstr (plain_csv, ==, one_csv);
          g_assert_cmpstr (charts, ==, one_charts);
          g_assert_cmpint (parts->promises_breached, ==, one->promises_breached);
          g_assert_cmpint (parts->suppliers_po_lines_received, ==, one->suppliers_po_lines_received);
        }
    }
}

/* The dashboard's range and the period before it from one pass over the
 * lines (or any two ranges: overlapping, apart, the same) give the
 * figures of each computed alone, in one part or several. */
static void
test_metrics_two_ranges (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const pairs[][4] = {
    { "2026-03-01", "2026-03-31", "2026-01-29", "2026-02-28" },  /* March and the period before */
    { "2026-03-11", "2026-03-20", "2026-03-01", "2026-03-10" },
    /* SO-1, SO-2 and SO-4, open on 03-05, closed before the first's end */
    { "2026-03-11", "2026-03-20", "2026-03-01", "2026-03-05" },
    { "2026-03-01", "2026-03-31", "2026-03-08", "2026-04-15" },  /* overlapping */
    { "2026-01-01", "2026-01-31", "2026-04-01", "2026-04-30" },  /* the later one second */
    { "2026-03-05", "2026-03-05", "2026-03-05", "2026-03-05" },
    { "2027-01-01", "2027-12-31", "2026-01-01", "2026-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    for (guint n = 1; n <= 3; n++)
      assert_two_ranges (fixture->store, pairs[i][0], pairs[i][1], pairs[i][2], pairs[i][3], n);
}

/* A range that is not one fails the whole computing and says which. */
static void
test_metrics_two_ranges_bad (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *froms[] = { "2026-03-01", "2026-02-30" };
  const char *tos[] = { "2026-03-31", "2026-03-31" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetricsSeries) series = NULL;
  BdMetrics *both[2] = { NULL, NULL };

  g_assert_false (bd_metrics_compute_ranges (fixture->store, 2, froms, tos, &series, 2, NULL, both, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_assert_null (both[0]);
  g_assert_null (both[1]);
  g_assert_null (series);
}

/* Cancelled, the parts stop and say so; nothing is returned. */
static void
test_metrics_parallel_cancelled (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetricsSeries) series = NULL;
  g_autoptr(BdMetrics) metrics = NULL;

  g_cancellable_cancel (cancellable);
  metrics = bd_metrics_compute_parallel (fixture->store, "2026-03-01", "2026-03-31", &series, 2, cancellable,
                                         &error);
  g_assert_null (metrics);
  g_assert_null (series);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/metrics/month", test_metrics_month);
  ADD ("/metrics/empty", test_metrics_empty);
  ADD ("/metrics/zero-denominators", test_metrics_zero_denominators);
  ADD ("/metrics/range-ends", test_metrics_range_ends);
  ADD ("/metrics/open-at-end", test_metrics_open_at_end);
  ADD ("/metrics/complaint-incentives", test_metrics_complaint_incentives);
  ADD ("/metrics/default-range", test_metrics_default_range);
  ADD ("/metrics/bad-range", test_metrics_bad_range);
  ADD ("/metrics/json", test_metrics_json);
  ADD ("/metrics/csv", test_metrics_csv);
  ADD ("/metrics/series/month", test_metrics_series_month);
  g_test_add ("/metrics/series/month-with-metrics", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_metrics_series_month, bd_test_store_fixture_tear_down);
  ADD ("/metrics/series/empty", test_metrics_series_empty);
  ADD ("/metrics/lines-query", test_metrics_lines_query);
  ADD ("/metrics/parallel", test_metrics_parallel);
  ADD ("/metrics/parallel-cancelled", test_metrics_parallel_cancelled);
  ADD ("/metrics/two-ranges", test_metrics_two_ranges);
  ADD ("/metrics/two-ranges-bad", test_metrics_two_ranges_bad);
  g_test_add_func ("/metrics/ranges", test_metrics_ranges);
  g_test_add_func ("/metrics/inventory-turnover", test_metrics_inventory_turnover);
  ADD ("/metrics/suppliers-pooled", test_metrics_suppliers_pooled);
  ADD ("/metrics/suppliers-pooled-none", test_metrics_suppliers_pooled_none);

  return g_test_run ();
}
