/* test-receiving.c: receipts against purchase orders, the allocation
 * policies, the covers that move, undo, and the CLI's po receive, pdf and
 * export
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-receiving"

#include "config.h"

#include <string.h>

#include "bd-actions.h"
#include "bd-eta.h"
#include "bd-po-history.h"
#include "bd-purchase-orders.h"
#include "bd-receiving.h"
#include "bd-test-util.h"

/* Today is 2026-03-10 (the store's clock, TZ=UTC), one handling day.
 * MUG: 12 waiting in five lines, oldest SO-1; SO-5 and SO-4 were ordered
 * at the same minute, SO-5 imported first. SO-2 also waits for a PAN.
 * PO-1 (confirmed, due 2026-03-20) brings 6 MUG and 1 PAN, PO-2 (sent,
 * due 2026-03-30) 6 MUG; PO-3 is a draft. Covered oldest first, the
 * earliest PO first:
 *   PO-1: SO-1 2, SO-2 4          PO-2: SO-2 1, SO-3 1, SO-5 1, SO-4 3 */
static const char suppliers_csv[] =
  "supplier_ref,name,lead_time_days\n"
  "SUP-A,Atelier Ceramica,10\n";

static const char products_csv[] =
  "sku,name,on_hand,supplier_ref,unit_cost\n"
  "MUG,Enamel Mug,0,SUP-A,2.50\n"
  "PAN,Cast Iron Pan,0,SUP-A,10.00\n"
  "LAMP,=1+2 Lamp,0,SUP-A,20.00\n";

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,promised_at,shipped_at\n"
  "SO-1,2026-03-01T10:00:00Z,C-1,Ada,MUG,2,2,2026-03-25,\n"
  "SO-2,2026-03-02T10:00:00Z,C-2,Grace,MUG,5,5,,\n"
  "SO-2,2026-03-02T10:00:00Z,C-2,Grace,PAN,1,1,,\n"
  "SO-3,2026-03-03T10:00:00Z,C-3,Jean,MUG,1,1,,\n"
  "SO-5,2026-03-04T10:00:00Z,C-5,Mary,MUG,1,1,,\n"
  "SO-4,2026-03-04T10:00:00Z,C-4,Linus,MUG,3,3,,\n"
  "SO-6,2026-02-20T10:00:00Z,C-4,Linus,MUG,1,1,,2026-03-01\n";

static const char purchase_orders_csv[] =
  "po_number,supplier_ref,sku,quantity,quantity_received,ordered_at,expected_at,status\n"
  "PO-1,SUP-A,MUG,6,,2026-03-05,2026-03-20,confirmed\n"
  "PO-1,SUP-A,PAN,1,,2026-03-05,2026-03-20,confirmed\n"
  "PO-2,SUP-A,MUG,6,,2026-03-06,2026-03-30,sent\n"
  "PO-3,SUP-A,LAMP,2,,2026-03-06,2026-04-01,draft\n";

static const BdTestCsv imports[] = {
  { BD_IMPORT_SUPPLIERS, suppliers_csv },
  { BD_IMPORT_PRODUCTS, products_csv },
  { BD_IMPORT_ORDERS, orders_csv },
  { BD_IMPORT_PURCHASE_ORDERS, purchase_orders_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-10T12:00:00Z", NULL);

  bd_test_store_fixture_set_up (fixture, imports);
  bd_store_set_fixed_clock (fixture->store, now);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, bd_test_store_fixture_tear_down)

static gint64
line_id (Fixture    *fixture,
         const char *ref)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (bd_actions_find_line (fixture->store, ref, &id, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
po_id (Fixture    *fixture,
       const char *number)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (bd_purchase_orders_find (fixture->store, number, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* "status covered allocated eta" of a line */
#define assert_line(fixture, ref, expected) \
  G_STMT_START { \
    g_autofree char *sql_ = g_strdup_printf ("SELECT status || ' ' || covered_quantity || ' ' ||" \
                                             " allocated_quantity || ' ' || coalesce(eta, '-')" \
                                             " FROM order_lines WHERE id = %" G_GINT64_FORMAT, \
                                             line_id (fixture, ref)); \
    g_autofree char *state_ = bd_test_text ((fixture)->store, sql_); \
    g_assert_cmpstr (state_, ==, expected); \
  } G_STMT_END

/* What purchasing holds, without times of writing, tombstones or events:
 * what an undo must give back. */
static char *
state (Fixture *fixture)
{
  return bd_test_text (fixture->store,
                       "SELECT group_concat(x, char(10)) FROM (SELECT x FROM ("
                       " SELECT o.ref || '/' || p.sku || ' ' || l.status || ' ' || l.covered_quantity || ' '"
                       "  || l.allocated_quantity || ' ' || coalesce(l.eta, '-') AS x"
                       " FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                       " UNION ALL SELECT 'cover ' || po.number || ' ' || o.ref || '/' || p.sku || ' ' || c.quantity"
                       " FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                       " JOIN purchase_orders po ON po.id = pl.po_id JOIN order_lines l ON l.id = c.line_id"
                       " JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                       " WHERE c.deleted = 0"
                       " UNION ALL SELECT 'po ' || number || ' ' || status || ' ' || coalesce(received_at, '-')"
                       " FROM purchase_orders"
                       " UNION ALL SELECT 'po line ' || po.number || ' ' || p.sku || ' ' || pl.quantity_received"
                       " FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id"
                       " JOIN products p ON p.id = pl.product_id"
                       " UNION ALL SELECT 'on hand ' || sku || ' ' || on_hand FROM products"
                       " UNION ALL SELECT 'allocations ' || count(*) FROM allocations WHERE deleted = 0"
                       " UNION ALL SELECT 'receipts ' || count(*) FROM receipts WHERE deleted = 0"
                       " UNION ALL SELECT 'receipt lines ' || count(*) FROM receipt_lines WHERE deleted = 0)"
                       " ORDER BY x)");
}

static BdReceipt *
receive (Fixture            *fixture,
         const char         *number,
         const char         *sku,
         int                 quantity,
         BdAllocationPolicy  policy,
         BdReceiveFlags      flags)
{
  g_autoptr(GError) error = NULL;
  BdReceipt *receipt = bd_receiving_receive (fixture->store, po_id (fixture, number), sku, quantity, policy, flags,
                                             &error);

  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  g_assert_nonnull (receipt->batch);
  return receipt;
}

static BdReceipt *
preview (Fixture            *fixture,
         const char         *number,
         const char         *sku,
         int                 quantity,
         BdAllocationPolicy  policy,
         BdReceiveFlags      flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  BdReceipt *receipt = bd_receiving_preview (fixture->store, po_id (fixture, number), sku, quantity, policy, flags,
                                             &error);

  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  g_assert_null (receipt->batch);
  /* a preview writes nothing */
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, before);
  return receipt;
}

/* "REF QUANTITY" of each line the receipt reaches, in order */
static char *
plan_text (BdReceipt *receipt)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < receipt->allocations->len; i++)
    {
      BdAllocation *a = g_ptr_array_index (receipt->allocations, i);

      g_string_append_printf (text, "%s%s %d", i > 0 ? ", " : "", a->ref, a->quantity);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_plan(receipt, expected) \
  G_STMT_START { \
    g_autofree char *plan_ = plan_text (receipt); \
    g_assert_cmpstr (plan_, ==, expected); \
  } G_STMT_END

static BdAllocation *
allocation_of (BdReceipt  *receipt,
               const char *ref)
{
  for (guint i = 0; i < receipt->allocations->len; i++)
    {
      BdAllocation *a = g_ptr_array_index (receipt->allocations, i);

      if (g_str_equal (a->ref, ref))
        return a;
    }
  g_assert_not_reached ();
}

static void
assert_describes (BdReceipt  *receipt,
                  const char *ref,
                  const char *words)
{
  g_autofree char *why = bd_allocation_describe (allocation_of (receipt, ref));

  if (strstr (why, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", ref, why, words);
}

static void
set_priority (Fixture    *fixture,
              const char *ref,
              int         priority)
{
  g_autoptr(GError) error = NULL;
  gint64 id = line_id (fixture, ref);

  g_assert_true (bd_actions_set_priority (fixture->store, &id, 1, priority, NULL, &error));
  g_assert_no_error (error);
}

static void
exec (Fixture    *fixture,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (fixture->store, sql, &error));
  g_assert_no_error (error);
}

static char *
covers_of (Fixture    *fixture,
           const char *number,
           const char *sku)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat(x, ', ') FROM (SELECT o.ref || '/' || p.sku || ' '"
                                          "  || c.quantity AS x FROM po_line_covers c"
                                          " JOIN po_lines pl ON pl.id = c.po_line_id"
                                          " JOIN purchase_orders po ON po.id = pl.po_id"
                                          " JOIN products pp ON pp.id = pl.product_id"
                                          " JOIN order_lines l ON l.id = c.line_id"
                                          " JOIN orders o ON o.id = l.order_id"
                                          " JOIN products p ON p.id = l.product_id"
                                          " WHERE po.number = '%s' AND pp.sku = '%s' AND c.deleted = 0"
                                          " ORDER BY l.ordered_at, l.id)", number, sku);

  return bd_test_text (fixture->store, sql);
}

#define assert_covers(fixture, number, sku, expected) \
  G_STMT_START { \
    g_autofree char *covers_ = covers_of (fixture, number, sku); \
    g_assert_cmpstr (covers_, ==, expected); \
  } G_STMT_END

static char *
po_state (Fixture    *fixture,
          const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status || ' ' || coalesce(received_at, '-') || ' ' ||"
                                          " (SELECT group_concat(p.sku || ':' || pl.quantity_received, ',')"
                                          "  FROM po_lines pl JOIN products p ON p.id = pl.product_id"
                                          "  WHERE pl.po_id = po.id)"
                                          " FROM purchase_orders po WHERE number = '%s'", number);

  return bd_test_text (fixture->store, sql);
}

#define assert_po(fixture, number, expected) \
  G_STMT_START { \
    g_autofree char *po_ = po_state (fixture, number); \
    g_assert_cmpstr (po_, ==, expected); \
  } G_STMT_END

/* The covers as imported, before anything arrives. */
static void
test_receiving_start (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_covers (fixture, "PO-1", "MUG", "SO-1/MUG 2, SO-2/MUG 4");
  assert_covers (fixture, "PO-2", "MUG", "SO-2/MUG 1, SO-3/MUG 1, SO-5/MUG 1, SO-4/MUG 3");
  assert_line (fixture, "SO-1/MUG", "on_order 2 0 2026-03-21");
  assert_line (fixture, "SO-2/MUG", "on_order 5 0 2026-03-31");
  g_assert_cmpint (bd_receiving_default_policy (fixture->store), ==, BD_ALLOCATION_FIFO);
}

/* Oldest order first: a partial receipt makes the oldest line allocated
 * and the next "2 of 5"; the PO is partly received, and covers only what
 * it still brings, for the lines next in line. A second receipt serves
 * the partly allocated line first, even before an urgent one. */
static void
test_receiving_fifo_partial (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BdReceipt) planned = preview (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(BdReceipt) booked = NULL;
  g_autoptr(BdReceipt) second = NULL;
  g_autofree char *sql = NULL;

  assert_plan (planned, "SO-1/MUG 2, SO-2/MUG 2");
  g_assert_cmpint (allocation_of (planned, "SO-1/MUG")->reason, ==, BD_ALLOCATION_OLDEST);
  assert_describes (planned, "SO-1/MUG", "oldest order first (ordered 2026-03-01)");
  assert_describes (planned, "SO-2/MUG", "2 of the 5 it needs, all that was left");
  g_assert_cmpint (planned->allocated, ==, 4);
  g_assert_cmpint (planned->to_stock, ==, 0);
  g_assert_cmpint (planned->n_lines_short, ==, 4);
  g_assert_cmpstr (planned->po_status_after, ==, "partially_received");

  booked = receive (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (booked, "SO-1/MUG 2, SO-2/MUG 2");

  /* allocated: today + 1 handling day; SO-2 has 2 of 5 and the rest on
   * order, 2 from PO-1 and 1 from PO-2 */
  assert_line (fixture, "SO-1/MUG", "allocated 0 2 2026-03-11");
  assert_line (fixture, "SO-2/MUG", "on_order 3 2 2026-03-31");
  assert_line (fixture, "SO-3/MUG", "on_order 1 0 2026-03-31");
  assert_covers (fixture, "PO-1", "MUG", "SO-2/MUG 2");
  assert_covers (fixture, "PO-2", "MUG", "SO-2/MUG 1, SO-3/MUG 1, SO-5/MUG 1, SO-4/MUG 3");
  assert_po (fixture, "PO-1", "partially_received - MUG:4,PAN:0");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM allocations WHERE deleted = 0"), ==, 2);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT sum(quantity) FROM allocations"), ==, 4);
  g_assert_cmpint (bd_test_count (fixture->store,
                                  "SELECT count(*) FROM receipts WHERE policy = 'fifo'"
                                  " AND received_at = '2026-03-10T12:00:00Z'"), ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE batch = '%s' AND field = 'allocated_quantity'"
                         " AND old_value = '0' AND new_value = '2' AND line_id = %" G_GINT64_FORMAT,
                         booked->batch, line_id (fixture, "SO-2/MUG"));
  g_assert_cmpint (bd_test_count (fixture->store, sql), ==, 1);

  /* "priority" would give the urgent SO-3 a unit; SO-2, partly
   * allocated, is first in line */
  set_priority (fixture, "SO-3/MUG", 2);
  second = receive (fixture, "PO-1", "MUG", 2, BD_ALLOCATION_PRIORITY, BD_RECEIVE_NONE);
  assert_plan (second, "SO-2/MUG 2");
  g_assert_cmpint (allocation_of (second, "SO-2/MUG")->reason, ==, BD_ALLOCATION_FIRST_IN_LINE);
  assert_describes (second, "SO-2/MUG", "had 2 of 5 from an earlier receipt: first in line");
  assert_line (fixture, "SO-2/MUG", "on_order 1 4 2026-03-31");
  assert_line (fixture, "SO-3/MUG", "on_order 1 0 2026-03-31");
  assert_covers (fixture, "PO-1", "MUG", NULL);
  /* PO-1's PAN is still to come */
  assert_po (fixture, "PO-1", "partially_received - MUG:6,PAN:0");
}

/* Priority first, then oldest: the urgent and the high lines take it
 * all, and the oldest line, promised for 2026-03-25, moves from PO-1 to
 * the later PO-2, which puts it at risk. */
static void
test_receiving_priority (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BdReceipt) fifo = NULL;
  g_autoptr(BdReceipt) planned = NULL;
  g_autoptr(BdReceipt) booked = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GError) error = NULL;
  BdEtaRisk *risk;

  set_priority (fixture, "SO-5/MUG", 2);
  set_priority (fixture, "SO-2/MUG", 1);

  /* the clerk switches policy and the preview changes */
  fifo = preview (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (fifo, "SO-1/MUG 2, SO-2/MUG 4");
  planned = preview (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_PRIORITY, BD_RECEIVE_NONE);
  assert_plan (planned, "SO-5/MUG 1, SO-2/MUG 5");
  assert_describes (planned, "SO-5/MUG", "urgent, then oldest");
  assert_describes (planned, "SO-2/MUG", "high priority, then oldest");

  booked = receive (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_PRIORITY, BD_RECEIVE_NONE);
  assert_plan (booked, "SO-5/MUG 1, SO-2/MUG 5");
  assert_line (fixture, "SO-5/MUG", "allocated 0 1 2026-03-11");
  assert_line (fixture, "SO-2/MUG", "allocated 0 5 2026-03-11");
  assert_line (fixture, "SO-1/MUG", "on_order 2 0 2026-03-31");
  assert_covers (fixture, "PO-2", "MUG", "SO-1/MUG 2, SO-3/MUG 1, SO-4/MUG 3");

  risks = bd_eta_list_at_risk (fixture->store, booked->batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (risks->len, ==, 1);
  risk = g_ptr_array_index (risks, 0);
  g_assert_cmpstr (risk->ref, ==, "SO-1/MUG");
  g_assert_cmpstr (risk->old_eta, ==, "2026-03-21");
  g_assert_cmpstr (risk->new_eta, ==, "2026-03-31");
}

/* Lines ordered at the same time go in the order they came (SO-5 was
 * imported before SO-4); covers of lines shipped since are given back. */
static void
test_receiving_ties (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const shipped[] = { "SO-1/MUG", "SO-2/MUG", "SO-3/MUG" };
  g_autoptr(BdReceipt) booked = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = line_id (fixture, shipped[i]);

      g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "shipped", NULL, FALSE, NULL, &error));
      g_assert_no_error (error);
    }
  /* shipped by hand: their covers stay until purchasing moves them */
  assert_covers (fixture, "PO-1", "MUG", "SO-1/MUG 2, SO-2/MUG 4");

  booked = receive (fixture, "PO-1", "MUG", 1, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (booked, "SO-5/MUG 1");
  assert_line (fixture, "SO-5/MUG", "allocated 0 1 2026-03-11");
  assert_line (fixture, "SO-1/MUG", "shipped 0 0 2026-03-21");
  /* PO-1, first to arrive, now covers the one line still waiting */
  assert_covers (fixture, "PO-1", "MUG", "SO-4/MUG 3");
  assert_covers (fixture, "PO-2", "MUG", NULL);
  assert_line (fixture, "SO-4/MUG", "on_order 3 0 2026-03-21");
}

/* Whole orders first: the orders this receipt completes, oldest first
 * (SO-4 needs 3 when 2 are left, so it is not one), then the rest oldest
 * first. SO-2 also waits for a PAN: never complete by MUG alone. */
static void
test_receiving_complete (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BdReceipt) fifo = preview (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(BdReceipt) planned = preview (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_COMPLETE, BD_RECEIVE_NONE);
  g_autoptr(BdReceipt) booked = NULL;

  assert_plan (fifo, "SO-1/MUG 2, SO-2/MUG 4");
  assert_plan (planned, "SO-1/MUG 2, SO-3/MUG 1, SO-5/MUG 1, SO-2/MUG 2");
  g_assert_cmpint (allocation_of (planned, "SO-3/MUG")->reason, ==, BD_ALLOCATION_COMPLETES_ORDER);
  g_assert_cmpint (allocation_of (planned, "SO-2/MUG")->reason, ==, BD_ALLOCATION_AFTER_WHOLE_ORDERS);
  assert_describes (planned, "SO-3/MUG", "completes order SO-3");
  assert_describes (planned, "SO-2/MUG", "oldest order of the rest");

  booked = receive (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_COMPLETE, BD_RECEIVE_NONE);
  assert_plan (booked, "SO-1/MUG 2, SO-3/MUG 1, SO-5/MUG 1, SO-2/MUG 2");
  assert_line (fixture, "SO-3/MUG", "allocated 0 1 2026-03-11");
  assert_line (fixture, "SO-4/MUG", "on_order 3 0 2026-03-31");
  assert_line (fixture, "SO-2/MUG", "on_order 3 2 2026-03-31");
  assert_covers (fixture, "PO-2", "MUG", "SO-2/MUG 3, SO-4/MUG 3");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM receipts WHERE policy = 'complete'"), ==, 1);
}

/* A ship-complete order gets nothing until it can go whole: not part of
 * its MUG, not its PAN while the MUG is missing (the PAN goes to stock);
 * when the MUG comes, its line gets all of it and the PAN comes from on
 * hand. Undone, the PAN goes back on hand. */
static void
test_receiving_ship_complete (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BdReceipt) short_plan = NULL;
  g_autoptr(BdReceipt) waits = NULL;
  g_autoptr(BdReceipt) pan = NULL;
  g_autoptr(BdReceipt) mug = NULL;
  g_autoptr(BdReceipt) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  BdAllocation *a;

  exec (fixture, "UPDATE orders SET ship_complete = 1 WHERE ref = 'SO-2'");

  short_plan = preview (fixture, "PO-1", "MUG", 3, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (short_plan, "SO-1/MUG 2, SO-2/MUG 0, SO-3/MUG 1");
  a = allocation_of (short_plan, "SO-2/MUG");
  g_assert_cmpint (a->reason, ==, BD_ALLOCATION_SHIP_COMPLETE_SHORT);
  assert_describes (short_plan, "SO-2/MUG", "order SO-2 ships complete and needs 5, only 1 left");

  waits = preview (fixture, "PO-1", "MUG", 8, BD_ALLOCATION_FIFO, BD_RECEIVE_ALLOW_OVER);
  assert_plan (waits, "SO-1/MUG 2, SO-2/MUG 0, SO-3/MUG 1, SO-5/MUG 1, SO-4/MUG 3");
  g_assert_cmpint (allocation_of (waits, "SO-2/MUG")->reason, ==, BD_ALLOCATION_SHIP_COMPLETE_WAITS);
  assert_describes (waits, "SO-2/MUG", "ships complete and still waits for PAN");
  g_assert_cmpint (waits->to_stock, ==, 1);

  /* the PAN alone cannot go: to stock, and PO-1 no longer covers it */
  pan = receive (fixture, "PO-1", "PAN", 1, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (pan, "SO-2/PAN 0");
  assert_describes (pan, "SO-2/PAN", "still waits for MUG");
  g_assert_cmpint (pan->to_stock, ==, 1);
  assert_line (fixture, "SO-2/PAN", "waiting 0 0 -");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT on_hand FROM products WHERE sku = 'PAN'"), ==, 1);

  mug = receive (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (mug, "SO-1/MUG 2, SO-2/MUG 0, SO-3/MUG 1, SO-5/MUG 1, SO-4/MUG 2");
  assert_line (fixture, "SO-2/MUG", "on_order 5 0 2026-03-31");
  assert_po (fixture, "PO-1", "received 2026-03-10T12:00:00Z MUG:6,PAN:1");

  /* SO-4 first in line; then SO-2's MUG, all 5, and its PAN from on hand */
  before = state (fixture);
  last = receive (fixture, "PO-2", "MUG", 6, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (last, "SO-4/MUG 1, SO-2/MUG 5, SO-2/PAN 1");
  g_assert_cmpint (allocation_of (last, "SO-4/MUG")->reason, ==, BD_ALLOCATION_FIRST_IN_LINE);
  g_assert_cmpint (allocation_of (last, "SO-2/PAN")->reason, ==, BD_ALLOCATION_FROM_STOCK);
  assert_describes (last, "SO-2/PAN", "from on hand: completes order SO-2");
  g_assert_cmpint (last->from_stock, ==, 1);
  g_assert_cmpint (last->allocated, ==, 6);
  assert_line (fixture, "SO-2/MUG", "allocated 0 5 2026-03-11");
  assert_line (fixture, "SO-2/PAN", "allocated 0 1 2026-03-11");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT on_hand FROM products WHERE sku = 'PAN'"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store,
                                  "SELECT count(*) FROM receipt_lines WHERE po_line_id IS NULL AND quantity = 1"
                                  " AND product_id = (SELECT id FROM products WHERE sku = 'PAN')"), ==, 1);
  assert_po (fixture, "PO-2", "received 2026-03-10T12:00:00Z MUG:6");

  g_assert_true (bd_receiving_undo (fixture->store, last->batch, &error));
  g_assert_no_error (error);
  after = state (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT on_hand FROM products WHERE sku = 'PAN'"), ==, 1);
}

/* More than ordered only with consent; what no line needs goes to on
 * hand; a PO received in full no longer covers anything. */
static void
test_receiving_over (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BdReceipt) first = NULL;
  g_autoptr(BdReceipt) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;

  g_assert_null (bd_receiving_receive (fixture->store, po_id (fixture, "PO-1"), "MUG", 7, BD_ALLOCATION_FIFO,
                                       BD_RECEIVE_NONE, &error));
  g_assert_error (error, BD_RECEIVING_ERROR, BD_RECEIVING_ERROR_OVER_RECEIPT);
  g_assert_nonnull (strstr (error->message, "PO-1 expects 6 more of “MUG”"));
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, before);

  first = receive (fixture, "PO-1", "MUG", 7, BD_ALLOCATION_FIFO, BD_RECEIVE_ALLOW_OVER);
  assert_plan (first, "SO-1/MUG 2, SO-2/MUG 5");
  g_assert_cmpint (first->over, ==, 1);
  g_assert_cmpint (first->to_stock, ==, 0);
  assert_covers (fixture, "PO-1", "MUG", NULL);

  /* 20 for the 5 still short: 15 to stock, and PO-2 is received */
  second = receive (fixture, "PO-2", "MUG", 20, BD_ALLOCATION_FIFO, BD_RECEIVE_ALLOW_OVER);
  assert_plan (second, "SO-3/MUG 1, SO-5/MUG 1, SO-4/MUG 3");
  g_assert_cmpint (second->over, ==, 14);
  g_assert_cmpint (second->to_stock, ==, 15);
  g_assert_cmpint (second->n_lines_short, ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT on_hand FROM products WHERE sku = 'MUG'"), ==, 15);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT to_stock FROM receipt_lines ORDER BY id DESC LIMIT 1"),
                   ==, 15);
  assert_po (fixture, "PO-2", "received 2026-03-10T12:00:00Z MUG:20");
  assert_covers (fixture, "PO-2", "MUG", NULL);
  assert_line (fixture, "SO-4/MUG", "allocated 0 3 2026-03-11");
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE batch = '%s' AND entity = 'products'"
                         " AND field = 'on_hand' AND old_value = '0' AND new_value = '15'", second->batch);
  g_assert_cmpint (bd_test_count (fixture->store, sql), ==, 1);
  /* never more than received, never the same unit twice */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT sum(quantity) FROM allocations"), ==, 12);
}

/* An early delivery of the later PO: the customer who waited longest
 * gets it whichever PO was meant for them, and the earlier PO now covers
 * the lines next in line (their ETA moves earlier, with an event each);
 * covers that stay are not written again. */
static void
test_receiving_covers_move (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BdReceipt) booked = NULL;
  g_autofree char *sql = NULL;
  gint64 kept = bd_test_count (fixture->store,
                               "SELECT c.id FROM po_line_covers c JOIN order_lines l ON l.id = c.line_id"
                               " JOIN orders o ON o.id = l.order_id WHERE o.ref = 'SO-4'");

  booked = receive (fixture, "PO-2", "MUG", 3, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_plan (booked, "SO-1/MUG 2, SO-2/MUG 1");

  assert_covers (fixture, "PO-1", "MUG", "SO-2/MUG 4, SO-3/MUG 1, SO-5/MUG 1");
  assert_covers (fixture, "PO-2", "MUG", "SO-4/MUG 3");
  assert_line (fixture, "SO-1/MUG", "allocated 0 2 2026-03-11");
  assert_line (fixture, "SO-2/MUG", "on_order 4 1 2026-03-21");
  assert_line (fixture, "SO-3/MUG", "on_order 1 0 2026-03-21");
  assert_line (fixture, "SO-5/MUG", "on_order 1 0 2026-03-21");
  assert_line (fixture, "SO-4/MUG", "on_order 3 0 2026-03-31");
  assert_po (fixture, "PO-2", "partially_received - MUG:3");

  /* SO-4's cover is the same row; four given back, two new */
  g_assert_cmpint (bd_test_count (fixture->store,
                                  "SELECT c.id FROM po_line_covers c JOIN order_lines l ON l.id = c.line_id"
                                  " JOIN orders o ON o.id = l.order_id WHERE o.ref = 'SO-4' AND c.deleted = 0"),
                   ==, kept);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM po_line_covers WHERE deleted = 1"), ==, 4);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM po_line_covers WHERE deleted = 0"), ==, 5);

  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE batch = '%s' AND field = 'eta'"
                         " AND old_value = '2026-03-31' AND new_value = '2026-03-21'", booked->batch);
  g_assert_cmpint (bd_test_count (fixture->store, sql), ==, 3);
}

/* Undo gives back what was there: lines, covers, the PO, stock; once. */
static void
test_receiving_undo (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *before = state (fixture);
  g_autofree char *after = NULL;
  g_autoptr(BdReceipt) booked = NULL;
  g_autoptr(GError) error = NULL;

  booked = receive (fixture, "PO-2", "MUG", 3, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_assert_true (bd_receiving_undo (fixture->store, booked->batch, &error));
  g_assert_no_error (error);
  after = state (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM allocations WHERE deleted = 1"), ==, 2);
  g_assert_cmpint (bd_test_count (fixture->store,
                                  "SELECT count(*) FROM events WHERE action = 'receive-undo'"
                                  " AND entity = 'receipts' AND field = 'deleted'"), ==, 1);

  g_assert_false (bd_receiving_undo (fixture->store, booked->batch, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "was undone already"));
  g_clear_error (&error);

  g_assert_false (bd_receiving_undo (fixture->store, "no-such-batch", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

static void
assert_undo_refused (Fixture    *fixture,
                     const char *batch,
                     const char *words)
{
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_receiving_undo (fixture->store, batch, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* A later receipt of the SKU depends on an earlier one: undo that first,
 * then the earlier one may go too. */
static void
test_receiving_undo_later_receipt (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *before = state (fixture);
  g_autofree char *after = NULL;
  g_autoptr(BdReceipt) first = receive (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(BdReceipt) second = receive (fixture, "PO-2", "MUG", 2, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(GError) error = NULL;

  assert_undo_refused (fixture, first->batch, "a later receipt (on PO-2");

  g_assert_true (bd_receiving_undo (fixture->store, second->batch, &error));
  g_assert_no_error (error);
  g_assert_true (bd_receiving_undo (fixture->store, first->batch, &error));
  g_assert_no_error (error);
  after = state (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A line shipped since, or the PO cancelled since, depends on the
 * receipt; a priority changed since does not. */
static void
test_receiving_undo_changed_since (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BdReceipt) booked = receive (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(GError) error = NULL;
  gint64 id = line_id (fixture, "SO-1/MUG");

  g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "shipped", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  assert_undo_refused (fixture, booked->batch, "line SO-1/MUG has changed since (status)");
}

static void
test_receiving_undo_po_changed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BdReceipt) booked = receive (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;

  set_priority (fixture, "SO-2/MUG", 2);
  g_assert_true (bd_purchase_orders_cancel (fixture->store, po_id (fixture, "PO-1"), &batch, &error));
  g_assert_no_error (error);
  assert_undo_refused (fixture, booked->batch, "purchase order PO-1 has changed since (status)");
}

static void
test_receiving_undo_priority_since (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *before = state (fixture);
  g_autofree char *after = NULL;
  g_autoptr(BdReceipt) booked = receive (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_autoptr(GError) error = NULL;

  set_priority (fixture, "SO-2/MUG", 2);
  g_assert_true (bd_receiving_undo (fixture->store, booked->batch, &error));
  g_assert_no_error (error);
  after = state (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
assert_refused (Fixture            *fixture,
                const char         *number,
                const char         *sku,
                int                 quantity,
                BdReceiveFlags      flags,
                const char         *words)
{
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReceipt) planned = NULL;
  g_autoptr(BdReceipt) booked = NULL;

  planned = bd_receiving_preview (fixture->store, po_id (fixture, number), sku, quantity, BD_ALLOCATION_FIFO,
                                  flags, &error);
  g_assert_null (planned);
  g_assert_nonnull (error);
  g_clear_error (&error);

  booked = bd_receiving_receive (fixture->store, po_id (fixture, number), sku, quantity, BD_ALLOCATION_FIFO,
                                 flags, &error);
  g_assert_null (booked);
  g_assert_nonnull (error);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);

  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (sqlite3_get_autocommit (bd_store_get_db (fixture->store)));
}

/* Each bad receipt is refused with the thing named, and the store is as
 * it was. */
static void
test_receiving_bad_input (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReceipt) mug = NULL;
  g_autoptr(BdReceipt) pan = NULL;
  g_autofree char *batch = NULL;

  assert_refused (fixture, "PO-3", "LAMP", 1, BD_RECEIVE_NONE,
                  "Purchase order PO-3 cannot receive goods while it is “draft”: a draft is sent to the supplier "
                  "first");
  assert_refused (fixture, "PO-1", "MUG", 0, BD_RECEIVE_NONE, "A receipt of 0 cannot be booked");
  assert_refused (fixture, "PO-1", "MUG", -3, BD_RECEIVE_ALLOW_OVER, "A receipt of -3 cannot be booked");
  assert_refused (fixture, "PO-1", "LAMP", 1, BD_RECEIVE_NONE,
                  "Purchase order PO-1 has no line for “LAMP” (its lines: MUG, PAN)");
  assert_refused (fixture, "PO-1", "BOGUS", 1, BD_RECEIVE_NONE, "no line for “BOGUS”");
  assert_refused (fixture, "PO-1", "MUG", 7, BD_RECEIVE_NONE,
                  "PO-1 expects 6 more of “MUG” (6 ordered, 0 received): 7 is 1 over");

  g_assert_true (bd_purchase_orders_cancel (fixture->store, po_id (fixture, "PO-2"), &batch, &error));
  g_assert_no_error (error);
  assert_refused (fixture, "PO-2", "MUG", 1, BD_RECEIVE_NONE,
                  "PO-2 cannot receive goods while it is “cancelled”: a cancelled purchase order is closed");

  mug = receive (fixture, "PO-1", "MUG", 6, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  assert_refused (fixture, "PO-1", "MUG", 1, BD_RECEIVE_NONE, "has received all 6 of “MUG” it ordered");
  pan = receive (fixture, "PO-1", "PAN", 1, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_assert_cmpstr (pan->po_status_after, ==, "received");
  assert_refused (fixture, "PO-1", "MUG", 1, BD_RECEIVE_ALLOW_OVER,
                  "PO-1 cannot receive goods while it is “received”: a received purchase order is closed");
}

/* The team's default policy, fifo while none (or none known) is set. */
static void
test_receiving_default_policy (Fixture       *fixture,
                               gconstpointer  data)
{
  exec (fixture, "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                 " VALUES ('allocation_policy', 'priority', 'ts-p', '2026-01-01', '2026-01-01')");
  g_assert_cmpint (bd_receiving_default_policy (fixture->store), ==, BD_ALLOCATION_PRIORITY);
  exec (fixture, "UPDATE team_settings SET value = 'complete'");
  g_assert_cmpint (bd_receiving_default_policy (fixture->store), ==, BD_ALLOCATION_COMPLETE);
  exec (fixture, "UPDATE team_settings SET value = 'lottery'");
  g_assert_cmpint (bd_receiving_default_policy (fixture->store), ==, BD_ALLOCATION_FIFO);
}

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_argv (Run                *run,
          const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &run->out, &run->err, &wait_status,
                &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

#define run_cli(run, fixture, ...) \
  run_argv (run, (const char * const[]) { g_getenv ("BD_CLI"), "--database", \
                                          bd_store_get_path ((fixture)->store), __VA_ARGS__, NULL })

/* po receive prints who gets what and why; --dry-run books nothing; a
 * malformed or out-of-range number, an unknown policy and an over-receipt
 * without --allow-over leave the store as it was. */
static void
test_receiving_cli_receive (Fixture       *fixture,
                            gconstpointer  data)
{
  const char * const bad_numbers[] = { "4x", "0", "-1", "", "1e3", "99999999999" };
  g_autofree char *before = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, fixture, "po", "receive", "PO-1", "MUG", "4", "--dry-run");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "SO-1/MUG"));
    g_assert_nonnull (strstr (run.out, "oldest order first (ordered 2026-03-01)"));
    g_assert_nonnull (strstr (run.out, "Dry run: nothing was booked."));
    after = bd_test_dump (fixture->store);
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_auto(Run) run = { 0, };

      run_cli (&run, fixture, "po", "receive", "PO-1", "MUG", bad_numbers[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "Usage"));
      after = bd_test_dump (fixture->store);
      g_assert_cmpstr (after, ==, before);
      g_clear_pointer (&after, g_free);
    }

  {
    g_auto(Run) run = { 0, };

    run_cli (&run, fixture, "po", "receive", "PO-1", "MUG", "4", "--policy", "lottery");
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“lottery” is not an allocation policy"));
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, fixture, "po", "receive", "PO-1", "MUG", "7");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--allow-over"));
    after = bd_test_dump (fixture->store);
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, fixture, "po", "receive", "PO-1", "MUG", "7", "--allow-over", "--policy", "complete");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "completes order SO-1"));
    g_assert_nonnull (strstr (run.out, "over what was ordered: 1"));
    g_assert_nonnull (strstr (run.out, "Booked."));
    g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM receipts WHERE policy = 'complete'"),
                     ==, 1);
    /* the CLI's clock is the real one: the ETA is another today */
    g_assert_cmpint (bd_test_count (fixture->store,
                                    "SELECT allocated_quantity FROM order_lines WHERE status = 'allocated'"
                                    " AND order_id = (SELECT id FROM orders WHERE ref = 'SO-1')"), ==, 2);
  }
}

/* po pdf writes the PO as a PDF that shows its number and lines. */
static void
test_receiving_cli_pdf (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "PO-1.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "no-such-folder", "PO-1.pdf", NULL);
  g_auto(Run) run = { 0, };
  g_auto(Run) text = { 0, };
  g_auto(Run) missing = { 0, };
  g_auto(Run) unwritable = { 0, };

  run_cli (&run, fixture, "po", "pdf", "PO-1", path);
  g_assert_cmpint (run.status, ==, 0);
  run_argv (&text, (const char * const[]) { "pdftotext", "-layout", path, "-", NULL });
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "PO-1"));
  g_assert_nonnull (strstr (text.out, "Atelier Ceramica"));
  g_assert_nonnull (strstr (text.out, "Enamel Mug"));
  g_assert_nonnull (strstr (text.out, "Cast Iron Pan"));

  run_cli (&missing, fixture, "po", "pdf", "PO-404", path);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "PO-404"));
  run_cli (&unwritable, fixture, "po", "pdf", "PO-1", nowhere);
  g_assert_cmpint (unwritable.status, ==, 1);
}

/* po export: a row per PO line with its header's columns, text made safe
 * from spreadsheet formulas; eta tells a partly allocated line. */
static void
test_receiving_cli_export (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "pos.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(BdReceipt) booked = receive (fixture, "PO-1", "MUG", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  g_auto(Run) run = { 0, };
  gboolean seen_mug = FALSE, seen_lamp = FALSE;

  run_cli (&run, fixture, "po", "export", path);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  rows = g_strsplit (contents, "\r\n", -1);

  g_assert_cmpstr (rows[0], ==,
                   "po_number,supplier_ref,supplier_name,status,currency,ordered_at,sent_at,confirmed_date,"
                   "expected_at,received_at,cancelled_at,sku,product_name,quantity,quantity_received,unit_cost,"
                   "line_value,covered_quantity,covered_lines");
  /* four PO lines and the end of the file */
  g_assert_cmpuint (g_strv_length (rows), ==, 6);
  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], ",", -1);

      if (rows[i][0] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (fields), ==, 19);
      if (g_str_equal (fields[0], "PO-1") && g_str_equal (fields[11], "MUG"))
        {
          seen_mug = TRUE;
          g_assert_cmpstr (fields[3], ==, "partially_received");
          g_assert_cmpstr (fields[8], ==, "2026-03-20");
          g_assert_cmpstr (fields[13], ==, "6");
          g_assert_cmpstr (fields[14], ==, "4");
          g_assert_cmpstr (fields[15], ==, "2.50");
          g_assert_cmpstr (fields[16], ==, "15.00");
          g_assert_cmpstr (fields[17], ==, "2");
          g_assert_cmpstr (fields[18], ==, "1");
        }
      if (g_str_equal (fields[11], "LAMP"))
        {
          seen_lamp = TRUE;
          g_assert_cmpstr (fields[0], ==, "PO-3");
          g_assert_cmpstr (fields[12], ==, "'=1+2 Lamp");
        }
    }
  g_assert_true (seen_mug);
  g_assert_true (seen_lamp);

  {
    g_auto(Run) extra = { 0, };

    run_cli (&extra, fixture, "po", "export");
    g_assert_cmpint (extra.status, ==, 2);
  }

  /* a line partly allocated says so */
  {
    g_auto(Run) eta = { 0, };

    run_cli (&eta, fixture, "eta", "SO-2/MUG");
    g_assert_cmpint (eta.status, ==, 0);
    g_assert_nonnull (strstr (eta.out, "2 of 5 allocated: first in line for the next receipt."));
  }
}

/* The Receive dialog's delivery: MUG and PAN on PO-1 in one transaction,
 * undone in one; a refused item leaves nothing of the others. */
static void
test_receiving_many (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) receipts = NULL;
  g_autofree char *before = state (fixture);
  g_autofree char *after_refused = NULL;
  g_autofree char *after_undo = NULL;
  const BdReceiveItem over[] = { { "MUG", 6 }, { "PAN", 3 } };
  const BdReceiveItem zero[] = { { "MUG", 0 }, { "PAN", 0 } };
  const BdReceiveItem both[] = { { "MUG", 6 }, { "LAMP", 0 }, { "PAN", 1 } };

  /* PAN over what PO-1 expects: MUG, booked first, is rolled back too */
  receipts = bd_receiving_receive_many (fixture->store, po_id (fixture, "PO-1"), over, G_N_ELEMENTS (over),
                                        BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
  g_assert_error (error, BD_RECEIVING_ERROR, BD_RECEIVING_ERROR_OVER_RECEIPT);
  g_assert_null (receipts);
  g_clear_error (&error);
  after_refused = state (fixture);
  g_assert_cmpstr (after_refused, ==, before);

  receipts = bd_receiving_receive_many (fixture->store, po_id (fixture, "PO-1"), zero, G_N_ELEMENTS (zero),
                                        BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Nothing to receive: every quantity is 0");
  g_assert_null (receipts);
  g_clear_error (&error);

  receipts = bd_receiving_receive_many (fixture->store, po_id (fixture, "PO-1"), both, G_N_ELEMENTS (both),
                                        BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (receipts);
  g_assert_cmpuint (receipts->len, ==, 2);
  assert_line (fixture, "SO-1/MUG", "allocated 0 2 2026-03-11");
  assert_line (fixture, "SO-2/PAN", "allocated 0 1 2026-03-11");
  {
    g_autofree char *status = bd_test_text (fixture->store, "SELECT status FROM purchase_orders WHERE number = 'PO-1'");
    g_assert_cmpstr (status, ==, "received");
  }

  g_assert_true (bd_receiving_undo_many (fixture->store, receipts, &error));
  g_assert_no_error (error);
  after_undo = state (fixture);
  g_assert_cmpstr (after_undo, ==, before);
}

/* What the PO's pane lists: its receipts, newest first, and its history. */
static void
test_receiving_po_history (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReceipt) first = NULL;
  g_autoptr(BdReceipt) second = NULL;
  g_autoptr(GPtrArray) receipts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-03-11T09:00:00Z", NULL);
  g_autofree char *batch = NULL;
  BdPoReceiptEntry *entry;
  BdHistoryEntry *h;

  g_assert_true (bd_purchase_orders_set_status (fixture->store, po_id (fixture, "PO-2"), "confirmed", "2026-03-28",
                                                &batch, &error));
  g_assert_no_error (error);
  first = receive (fixture, "PO-2", "MUG", 2, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE);
  bd_store_set_fixed_clock (fixture->store, later);
  second = receive (fixture, "PO-2", "MUG", 1, BD_ALLOCATION_PRIORITY, BD_RECEIVE_NONE);

  receipts = bd_po_history_receipts (fixture->store, po_id (fixture, "PO-2"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (receipts->len, ==, 2);
  entry = g_ptr_array_index (receipts, 0);
  g_assert_cmpstr (entry->sku, ==, "MUG");
  g_assert_cmpint (entry->quantity, ==, 1);
  g_assert_cmpstr (entry->policy, ==, "priority");
  g_assert_cmpstr (entry->batch, ==, second->batch);
  g_assert_cmpint (entry->allocated + entry->to_stock, ==, 1);
  entry = g_ptr_array_index (receipts, 1);
  g_assert_cmpint (entry->quantity, ==, 2);
  g_assert_cmpint (entry->allocated, ==, 2);
  g_assert_cmpstr (entry->batch, ==, first->batch);

  /* an undone receipt is no longer listed */
  g_assert_true (bd_receiving_undo (fixture->store, second->batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&receipts, g_ptr_array_unref);
  receipts = bd_po_history_receipts (fixture->store, po_id (fixture, "PO-2"), &error);
  g_assert_cmpuint (receipts->len, ==, 1);

  history = bd_po_history_list (fixture->store, po_id (fixture, "PO-2"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 4);
  /* the last four: confirm, receive, receive, undo */
  h = g_ptr_array_index (history, history->len - 4);
  g_assert_cmpstr (h->action, ==, "po-status");
  g_assert_cmpstr (bd_history_entry_find (h, "status")->new_value, ==, "confirmed");
  g_assert_cmpstr (bd_history_entry_find (h, "confirmed_date")->new_value, ==, "2026-03-28");
  h = g_ptr_array_index (history, history->len - 3);
  g_assert_cmpstr (h->action, ==, "receive");
  g_assert_cmpstr (h->subject, ==, "MUG");
  h = g_ptr_array_index (history, history->len - 2);
  g_assert_cmpstr (h->action, ==, "receive");
  h = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (h->action, ==, "receive-undo");

  /* nothing of another PO */
  g_clear_pointer (&history, g_ptr_array_unref);
  history = bd_po_history_list (fixture->store, po_id (fixture, "PO-3"), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    g_assert_cmpstr (((BdHistoryEntry *)g_ptr_array_index (history, i))->action, !=, "receive");
}

static void
snapshot_import (BdStore      *store,
                 BdImportKind  kind,
                 const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_test_import_text (store, kind, text, NULL, &error));
  g_assert_no_error (error);
}

static void
snapshot_clock (BdStore    *store,
                const char *now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (now, NULL);

  bd_store_set_fixed_clock (store, time);
}

/* "day on_hand" of LAMP's snapshots that are not tombstones */
static char *
lamp_snapshots (BdStore *store)
{
  return bd_test_text (store,
                       "SELECT group_concat(day || ' ' || on_hand, ', ') FROM (SELECT * FROM on_hand_snapshots"
                       " WHERE deleted = 0 AND product_id = (SELECT id FROM products WHERE sku = 'LAMP')"
                       " ORDER BY day)");
}

/* What a receipt puts in stock is the day's on-hand snapshot; its undo
 * puts the day's snapshot back as it was: gone where the receipt wrote
 * the day's first, the count before where the day had one. */
static void
test_receiving_snapshots (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(BdReceipt) first = NULL;
  g_autoptr(BdReceipt) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  gint64 po = 0;

  snapshot_clock (store, "2026-05-01T09:00:00Z");
  snapshot_import (store, BD_IMPORT_SUPPLIERS, "supplier_ref,name\nSUP-A,Atelier Ceramica\n");
  snapshot_import (store, BD_IMPORT_PRODUCTS, "sku,name,on_hand,supplier_ref,unit_cost\nLAMP,Lamp,3,SUP-A,20.00\n");
  snapshot_import (store, BD_IMPORT_PURCHASE_ORDERS,
                   "po_number,supplier_ref,sku,quantity,ordered_at,expected_at,status\n"
                   "PO-1,SUP-A,LAMP,10,2026-04-28,2026-05-05,sent\n");
  g_assert_true (bd_purchase_orders_find (store, "PO-1", &po, &error));

  /* the day's first snapshot, by a receipt: undone, it goes */
  snapshot_clock (store, "2026-05-02T09:00:00Z");
  first = bd_receiving_receive (store, po, "LAMP", 4, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
  g_assert_no_error (error);
  rows = lamp_snapshots (store);
  g_assert_cmpstr (rows, ==, "2026-05-01 3, 2026-05-02 7");
  g_clear_pointer (&rows, g_free);
  g_assert_true (bd_receiving_undo (store, first->batch, &error));
  g_assert_no_error (error);
  rows = lamp_snapshots (store);
  g_assert_cmpstr (rows, ==, "2026-05-01 3");
  g_clear_pointer (&rows, g_free);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM on_hand_snapshots WHERE deleted = 1 AND dirty = 1"),
                   ==, 1);

  /* a day that had one from an import: undone, its count comes back */
  snapshot_import (store, BD_IMPORT_PRODUCTS, "sku,name,on_hand\nLAMP,Lamp,5\n");
  second = bd_receiving_receive (store, po, "LAMP", 2, BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, &error);
  g_assert_no_error (error);
  rows = lamp_snapshots (store);
  g_assert_cmpstr (rows, ==, "2026-05-01 3, 2026-05-02 7");
  g_clear_pointer (&rows, g_free);
  g_assert_true (bd_receiving_undo (store, second->batch, &error));
  g_assert_no_error (error);
  rows = lamp_snapshots (store);
  g_assert_cmpstr (rows, ==, "2026-05-01 3, 2026-05-02 5");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/receiving/start", test_receiving_start);
  ADD ("/receiving/fifo-partial", test_receiving_fifo_partial);
  ADD ("/receiving/priority", test_receiving_priority);
  ADD ("/receiving/ties", test_receiving_ties);
  ADD ("/receiving/complete", test_receiving_complete);
  ADD ("/receiving/ship-complete", test_receiving_ship_complete);
  ADD ("/receiving/over-receipt", test_receiving_over);
  ADD ("/receiving/covers-move", test_receiving_covers_move);
  ADD ("/receiving/undo", test_receiving_undo);
  g_test_add_func ("/receiving/snapshots", test_receiving_snapshots);
  ADD ("/receiving/undo-later-receipt", test_receiving_undo_later_receipt);
  ADD ("/receiving/undo-changed-since", test_receiving_undo_changed_since);
  ADD ("/receiving/undo-po-changed", test_receiving_undo_po_changed);
  ADD ("/receiving/undo-priority-since", test_receiving_undo_priority_since);
  ADD ("/receiving/bad-input", test_receiving_bad_input);
  ADD ("/receiving/default-policy", test_receiving_default_policy);
  ADD ("/receiving/many", test_receiving_many);
  ADD ("/receiving/po-history", test_receiving_po_history);
  ADD ("/receiving/cli/receive", test_receiving_cli_receive);
  ADD ("/receiving/cli/pdf", test_receiving_cli_pdf);
  ADD ("/receiving/cli/export", test_receiving_cli_export);

  return g_test_run ();
}
