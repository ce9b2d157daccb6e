/* test-purchasing.c: replenishment, purchase orders and their state
 * machine, covers, expected dates and the import of purchase_orders.csv
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-purchasing"

#include "config.h"

#include <string.h>

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-compose.h"
#include "bd-eta.h"
#include "bd-export.h"
#include "bd-po-source.h"
#include "bd-po-status.h"
#include "bd-purchase-orders.h"
#include "bd-replenish.h"
#include "bd-sql-list-model.h"
#include "bd-team-settings.h"
#include "bd-test-util.h"

/* Today is 2026-03-10 (the store's clock, TZ=UTC). SUP-A delivers MUG
 * (packs of 6) and LAMP in 10 days; SUP-B delivers PAN in 5 and SUP-C in
 * 3; nobody delivers VASE. */
static const char suppliers_csv[] =
  "supplier_ref,name,email,phone,lead_time_days\n"
  "SUP-A,Atelier Ceramica,,,10\n"
  "SUP-B,Forge Brothers,,,5\n"
  "SUP-C,Cheap Pans Ltd,,,3\n";

static const char products_csv[] =
  "sku,name,on_hand,reorder_point,safety_stock,pack_size,supplier_ref,unit_cost,lead_time_days\n"
  "MUG,Enamel Mug,0,0,0,6,SUP-A,2.50,\n"
  "PAN,Cast Iron Pan,0,0,0,1,SUP-B,10.00,5\n"
  "LAMP,Table Lamp,3,10,2,1,SUP-A,20.00,\n"
  "VASE,Glass Vase,0,0,0,1,,,\n";

/* MUG: 8 waiting in three lines, oldest SO-1; PAN: 4 waiting. */
static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,promised_at,shipped_at\n"
  "SO-1,2026-03-01T10:00:00Z,C-1,Ada,MUG,2,2,2026-03-25,\n"
  "SO-1,2026-03-01T10:00:00Z,C-1,Ada,PAN,1,1,2026-03-25,\n"
  "SO-2,2026-03-02T10:00:00Z,C-2,Grace,MUG,5,5,2026-04-05,\n"
  "SO-3,2026-03-03T10:00:00Z,C-3,Jean,MUG,1,1,,\n"
  "SO-4,2026-03-04T10:00:00Z,C-3,Jean,PAN,3,3,,\n"
  "SO-5,2026-03-05T10:00:00Z,C-4,Linus,VASE,1,1,,\n"
  "SO-6,2026-02-20T10:00:00Z,C-4,Linus,MUG,1,1,,2026-03-01\n";

static const BdTestCsv imports[] = {
  { BD_IMPORT_SUPPLIERS, suppliers_csv },
  { BD_IMPORT_PRODUCTS, products_csv },
  { BD_IMPORT_ORDERS, orders_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-10T12:00:00Z", NULL);
  g_autoptr(GError) error = NULL;

  bd_test_store_fixture_set_up (fixture, imports);
  bd_store_set_fixed_clock (fixture->store, now);

  /* PAN also comes from SUP-C, cheaper but not preferred */
  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO product_suppliers (uuid, created_at, updated_at, product_id,"
                                "  supplier_id, unit_cost, currency, lead_time_days, preferred)"
                                " SELECT 'ps-pan-c', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
                                "  p.id, s.id, 800, 'USD', 3, 0"
                                " FROM products p, suppliers s WHERE p.sku = 'PAN' AND s.ref = 'SUP-C'",
                                &error));
  g_assert_no_error (error);
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

/* "status covered eta" of a line */
static char *
line_state (Fixture    *fixture,
            const char *ref)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status || ' ' || covered_quantity || ' ' ||"
                                          " coalesce(eta, '-') FROM order_lines WHERE id = %" G_GINT64_FORMAT,
                                          line_id (fixture, ref));
  return bd_test_text (fixture->store, sql);
}

#define assert_line(fixture, ref, expected) \
  G_STMT_START { \
    g_autofree char *state_ = line_state (fixture, ref); \
    g_assert_cmpstr (state_, ==, expected); \
  } G_STMT_END

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

/* The number of the PO of @supplier_ref made last. */
static char *
po_of (Fixture    *fixture,
       const char *supplier_ref)
{
  g_autofree char *sql = g_strdup_printf ("SELECT po.number FROM purchase_orders po"
                                          " JOIN suppliers s ON s.id = po.supplier_id"
                                          " WHERE s.ref = '%s' ORDER BY po.id DESC LIMIT 1", supplier_ref);
  return bd_test_text (fixture->store, sql);
}

static BdReplenishSuggestion *
find_suggestion (GPtrArray  *suggestions,
                 const char *sku)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);

      if (g_str_equal (s->sku, sku))
        return s;
    }
  return NULL;
}

static GPtrArray *
suggest (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *suggestions = bd_replenish_suggest (fixture->store, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (suggestions);
  return suggestions;
}

static BdReplenishResult *
create_from_demand (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  BdReplenishResult *result = bd_replenish_create_from_demand (fixture->store, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Demand no PO covers, rounded to the supplier's pack size; the shortfall
 * below reorder point + safety stock; the preferred supplier first and
 * the others side by side; a product nobody supplies. */
static void
test_replenish_suggestions (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = suggest (fixture);
  BdReplenishSuggestion *mug = find_suggestion (suggestions, "MUG");
  BdReplenishSuggestion *pan = find_suggestion (suggestions, "PAN");
  BdReplenishSuggestion *lamp = find_suggestion (suggestions, "LAMP");
  BdReplenishSuggestion *vase = find_suggestion (suggestions, "VASE");
  const BdSupplierOption *option;

  g_assert_cmpuint (suggestions->len, ==, 4);

  /* 2 + 5 + 1 waiting (the shipped line is no demand), in packs of 6 */
  g_assert_cmpint (mug->demand, ==, 8);
  g_assert_cmpint (mug->n_lines, ==, 3);
  g_assert_cmpint (mug->shortfall, ==, 0);
  g_assert_cmpint (mug->need, ==, 8);
  g_assert_cmpint (mug->quantity, ==, 12);
  option = bd_replenish_suggestion_get_chosen (mug);
  g_assert_cmpstr (option->supplier_ref, ==, "SUP-A");
  g_assert_cmpint (option->unit_cost, ==, 250);
  g_assert_cmpint (option->lead_time_days, ==, 10);
  g_assert_cmpint (option->pack_size, ==, 6);

  /* below reorder point + safety stock: 10 + 2 - 3 on hand */
  g_assert_cmpint (lamp->demand, ==, 0);
  g_assert_cmpint (lamp->shortfall, ==, 9);
  g_assert_cmpint (lamp->quantity, ==, 9);

  /* the preferred supplier is chosen, the cheaper one is beside it */
  g_assert_cmpint (pan->quantity, ==, 4);
  g_assert_cmpuint (pan->options->len, ==, 2);
  g_assert_cmpstr (bd_replenish_suggestion_get_chosen (pan)->supplier_ref, ==, "SUP-B");
  option = g_ptr_array_index (pan->options, 1);
  g_assert_cmpstr (option->supplier_ref, ==, "SUP-C");
  g_assert_cmpint (option->unit_cost, ==, 800);
  g_assert_cmpint (option->lead_time_days, ==, 3);
  g_assert_false (option->preferred);
  g_assert_cmpfloat (option->on_time_rate, <, 0);   /* no deliveries yet */

  /* nobody to order from: listed, last */
  g_assert_cmpint (vase->demand, ==, 1);
  g_assert_cmpint (vase->chosen, ==, -1);
  g_assert_true (g_ptr_array_index (suggestions, suggestions->len - 1) == vase);

  /* grouped by supplier: SUP-A's two first */
  g_assert_cmpstr (((BdReplenishSuggestion *)g_ptr_array_index (suggestions, 0))->sku, ==, "LAMP");
  g_assert_cmpstr (((BdReplenishSuggestion *)g_ptr_array_index (suggestions, 1))->sku, ==, "MUG");

  /* one supplier's */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) only_b = NULL;
    gint64 sup_b = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-B'");

    only_b = bd_replenish_suggest (fixture->store, sup_b, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (only_b->len, ==, 1);
    g_assert_cmpstr (((BdReplenishSuggestion *)g_ptr_array_index (only_b, 0))->sku, ==, "PAN");
  }
}

/* The MOQ first, then whole packs. */
static void
test_replenish_moq_and_pack (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  BdReplenishSuggestion *mug;

  g_assert_cmpint (bd_replenish_round (8, 0, 6), ==, 12);
  g_assert_cmpint (bd_replenish_round (12, 0, 6), ==, 12);
  g_assert_cmpint (bd_replenish_round (8, 20, 6), ==, 24);
  g_assert_cmpint (bd_replenish_round (8, 20, 1), ==, 20);
  g_assert_cmpint (bd_replenish_round (0, 20, 6), ==, 0);
  g_assert_cmpint (bd_replenish_round (7, 0, 1), ==, 7);

  /* a link's own pack size wins over the product's */
  g_assert_true (bd_store_exec (fixture->store,
                                "UPDATE product_suppliers SET moq = 20 WHERE product_id ="
                                " (SELECT id FROM products WHERE sku = 'MUG');"
                                "UPDATE product_suppliers SET pack_size = 4 WHERE product_id ="
                                " (SELECT id FROM products WHERE sku = 'PAN') AND preferred = 1",
                                NULL));
  suggestions = suggest (fixture);
  mug = find_suggestion (suggestions, "MUG");
  g_assert_cmpint (mug->need, ==, 8);
  g_assert_cmpint (mug->quantity, ==, 24);
  g_assert_cmpint (bd_replenish_suggestion_get_chosen (mug)->moq, ==, 20);
  g_assert_cmpint (find_suggestion (suggestions, "PAN")->quantity, ==, 4);
  g_assert_true (bd_store_exec (fixture->store,
                                "UPDATE product_suppliers SET pack_size = 3 WHERE product_id ="
                                " (SELECT id FROM products WHERE sku = 'PAN') AND preferred = 1",
                                NULL));
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  suggestions = suggest (fixture);
  g_assert_cmpint (find_suggestion (suggestions, "PAN")->quantity, ==, 6);
}

/* One draft PO per supplier, each line covering its product's waiting
 * lines oldest first; the lines go on order with the PO's date as ETA;
 * a second run finds nothing left to order. */
static void
test_create_from_demand (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BdReplenishResult) result = create_from_demand (fixture);
  g_autoptr(BdReplenishResult) again = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *po_a = po_of (fixture, "SUP-A");
  g_autofree char *po_b = po_of (fixture, "SUP-B");
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  BdPoLine *line;

  g_assert_cmpuint (result->numbers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (result->numbers, 0), ==, po_a);
  g_assert_cmpstr (g_ptr_array_index (result->numbers, 1), ==, po_b);
  g_assert_cmpuint (result->n_po_lines, ==, 3);
  g_assert_cmpuint (result->n_lines_covered, ==, 5);
  g_assert_cmpuint (result->no_supplier->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->no_supplier, 0), ==, "VASE");

  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders WHERE status = 'draft'"
                                                  " AND ordered_at = '2026-03-10T12:00:00Z'"), ==, 2);
  /* expected after the supplier's lead time; ETA one handling day later */
  {
    g_autofree char *expected = bd_test_text (fixture->store, "SELECT expected_at FROM purchase_orders po"
                                                              " JOIN suppliers s ON s.id = po.supplier_id"
                                                              " WHERE s.ref = 'SUP-A'");
    g_assert_cmpstr (expected, ==, "2026-03-20");
  }
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-21");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-21");
  assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-21");
  assert_line (fixture, "SO-1/PAN", "on_order 1 2026-03-16");
  assert_line (fixture, "SO-4/PAN", "on_order 3 2026-03-16");
  assert_line (fixture, "SO-5/VASE", "waiting 0 -");
  assert_line (fixture, "SO-6/MUG", "shipped 0 -");

  /* the PO's lines say what they cover */
  lines = bd_purchase_orders_load_lines (fixture->store, po_id (fixture, po_a), NULL);
  g_assert_cmpuint (lines->len, ==, 2);
  line = g_ptr_array_index (lines, 1);
  g_assert_cmpstr (line->sku, ==, "MUG");
  g_assert_cmpint (line->quantity, ==, 12);
  g_assert_cmpint (line->unit_cost, ==, 250);
  g_assert_cmpint (line->covered, ==, 8);
  g_assert_cmpuint (line->covers->len, ==, 3);
  g_assert_cmpstr (((BdPoCover *)g_ptr_array_index (line->covers, 0))->ref, ==, "SO-1/MUG");
  g_assert_cmpint (((BdPoCover *)g_ptr_array_index (line->covers, 1))->quantity, ==, 5);
  line = g_ptr_array_index (lines, 0);
  g_assert_cmpstr (line->sku, ==, "LAMP");
  g_assert_cmpint (line->quantity, ==, 9);
  g_assert_cmpuint (line->covers->len, ==, 0);

  /* every line's change is in its history: status and covered quantity */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'po-create'"
                                                  " AND field = 'status' AND new_value = 'on_order'"), ==, 5);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'po-create'"
                                                  " AND field = 'covered_quantity'"), ==, 5);

  /* demand already covered is not ordered twice; nor is the 4 mugs and
   * the 9 lamps on order for no one */
  suggestions = suggest (fixture);
  g_assert_cmpuint (suggestions->len, ==, 1);
  g_assert_cmpstr (((BdReplenishSuggestion *)g_ptr_array_index (suggestions, 0))->sku, ==, "VASE");
  g_assert_cmpint (find_suggestion (suggestions, "VASE")->demand, ==, 1);

  /* a covered line cancelled since frees its units: 6 of the 12 mugs on
   * order are for no one then, not 4 */
  {
    g_autoptr(GPtrArray) after_cancel = NULL;
    gint64 id = line_id (fixture, "SO-1/MUG");

    g_assert_true (bd_store_exec (fixture->store, "UPDATE products SET reorder_point = 4 WHERE sku = 'MUG'", NULL));
    after_cancel = suggest (fixture);
    g_assert_null (find_suggestion (after_cancel, "MUG"));
    g_assert_true (bd_actions_set_status (fixture->store, &id, 1, "cancelled", "changed their mind", FALSE,
                                          NULL, NULL));
    g_clear_pointer (&after_cancel, g_ptr_array_unref);
    after_cancel = suggest (fixture);
    g_assert_null (find_suggestion (after_cancel, "MUG"));
    g_assert_true (bd_store_exec (fixture->store, "UPDATE products SET reorder_point = 7 WHERE sku = 'MUG'", NULL));
    g_clear_pointer (&after_cancel, g_ptr_array_unref);
    after_cancel = suggest (fixture);
    g_assert_cmpint (find_suggestion (after_cancel, "MUG")->free_on_order, ==, 6);
    g_assert_cmpint (find_suggestion (after_cancel, "MUG")->shortfall, ==, 1);
    g_assert_true (bd_store_exec (fixture->store, "UPDATE products SET reorder_point = 0 WHERE sku = 'MUG'", NULL));
  }

  dump = bd_test_dump (fixture->store);
  again = create_from_demand (fixture);
  g_assert_cmpuint (again->numbers->len, ==, 0);
  g_assert_cmpuint (again->n_lines_covered, ==, 0);
  dump_after = bd_test_dump (fixture->store);
  g_assert_cmpstr (dump_after, ==, dump);
}

/* A PO line for less than the demand covers the oldest lines: the one it
 * covers in part stays waiting and shows "2 of 5 on order". */
static void
test_partial_cover (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReplenishResult) result = NULL;
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(JsonNode) json = NULL;
  BdReplenishPlanItem item = { 0, };
  gboolean seen = FALSE;
  JsonArray *rows;

  item.product_id = bd_test_count (fixture->store, "SELECT id FROM products WHERE sku = 'MUG'");
  item.supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-A'");
  item.quantity = 4;
  item.seen_need = 8;
  result = bd_replenish_create_orders (fixture->store, &item, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->numbers->len, ==, 1);

  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-21");
  assert_line (fixture, "SO-2/MUG", "waiting 2 -");
  assert_line (fixture, "SO-3/MUG", "waiting 0 -");

  /* list backorders --json */
  json = bd_export_backorders_json (fixture->store, query, NULL, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "ref"), "SO-2/MUG"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "waiting");
          g_assert_cmpint (json_object_get_int_member (row, "on_order_quantity"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (row, "backordered_quantity"), ==, 5);
          g_assert_cmpint (json_object_get_int_member (row, "allocated_quantity"), ==, 0);
          g_assert_cmpstr (json_object_get_string_member (row, "po_number"), ==, result->numbers->pdata[0]);
          g_assert_false (json_object_get_boolean_member (row, "ship_complete"));
          /* the rest is not ordered yet: today + 10 days' lead + 1 */
          g_assert_cmpstr (json_object_get_string_member (row, "eta"), ==, "2026-03-21");
          seen = TRUE;
        }
    }
  g_assert_true (seen);

  /* the rest is still demand: 3 of SO-2 and 1 of SO-3, the 4 mugs are
   * all given to customers */
  {
    g_autoptr(GPtrArray) suggestions = suggest (fixture);
    BdReplenishSuggestion *mug = find_suggestion (suggestions, "MUG");

    g_assert_cmpint (mug->demand, ==, 4);
    g_assert_cmpint (mug->n_lines, ==, 2);
    g_assert_cmpint (mug->on_order, ==, 4);
    g_assert_cmpint (mug->free_on_order, ==, 0);
  }

  /* what was covered since the clerk looked is taken off: they saw a
   * need of 8 and planned 12; 4 are covered now */
  {
    g_autoptr(BdReplenishResult) stale = NULL;

    item.quantity = 12;
    item.seen_need = 8;
    stale = bd_replenish_create_orders (fixture->store, &item, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (bd_test_count (fixture->store, "SELECT quantity FROM po_lines ORDER BY id DESC LIMIT 1"),
                     ==, 8);
    assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-21");
    assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-21");
  }
}

/* A plan with a supplier that is archived, or does not deliver the
 * product, is refused whole. */
static void
test_plan_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = bd_test_dump (fixture->store);
  g_autofree char *after = NULL;
  BdReplenishResult *result;
  BdReplenishPlanItem items[2] = { { 0, } };

  items[0].product_id = bd_test_count (fixture->store, "SELECT id FROM products WHERE sku = 'PAN'");
  items[0].supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-B'");
  items[0].quantity = 4;
  items[1].product_id = bd_test_count (fixture->store, "SELECT id FROM products WHERE sku = 'MUG'");
  items[1].supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-C'");
  items[1].quantity = 8;

  result = bd_replenish_create_orders (fixture->store, items, 2, &error);
  g_assert_null (result);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“MUG”"));
  g_assert_nonnull (strstr (error->message, "SUP-C"));
  g_assert_nonnull (strstr (error->message, "does not deliver"));
  g_clear_error (&error);

  g_assert_true (bd_store_exec (fixture->store, "UPDATE suppliers SET archived = 1 WHERE ref = 'SUP-B'", NULL));
  g_free (dump);
  dump = bd_test_dump (fixture->store);
  result = bd_replenish_create_orders (fixture->store, items, 1, &error);
  g_assert_null (result);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "archived"));

  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, dump);
}

/* Every pair of statuses, against the table in the issue: draft -> sent
 * -> confirmed -> partially received -> received, or cancelled. */
static void
test_po_state_machine (void)
{
  const char * const *statuses = bd_po_statuses ();
  static const char * const legal[] = {
    "draft>sent", "draft>cancelled",
    "sent>confirmed", "sent>partially_received", "sent>received", "sent>cancelled",
    "confirmed>partially_received", "confirmed>received", "confirmed>cancelled",
    "partially_received>received", "partially_received>cancelled",
    NULL
  };
  static const char * const by_hand[] = {
    "draft>sent", "draft>cancelled", "sent>confirmed", "sent>cancelled", "confirmed>cancelled",
    "partially_received>cancelled", NULL
  };
  guint n_legal = 0;

  g_assert_cmpuint (g_strv_length ((char **)statuses), ==, 6);

  for (guint f = 0; statuses[f] != NULL; f++)
    for (guint t = 0; statuses[t] != NULL; t++)
      {
        g_autofree char *pair = g_strdup_printf ("%s>%s", statuses[f], statuses[t]);
        const char *why = bd_po_status_why_not (statuses[f], statuses[t]);
        const char *why_by_hand = bd_po_status_why_not_by_hand (statuses[f], statuses[t]);

        if (g_strv_contains (legal, pair))
          {
            g_assert_null (why);
            n_legal++;
          }
        else
          {
            if (why == NULL)
              g_error ("%s should be refused", pair);
            g_assert_cmpstr (why, !=, "");
          }

        if (g_strv_contains (by_hand, pair))
          g_assert_null (why_by_hand);
        else
          g_assert_nonnull (why_by_hand);
      }
  g_assert_cmpuint (n_legal, ==, g_strv_length ((char **)legal));

  g_assert_nonnull (bd_po_status_why_not ("draft", "bogus"));
  g_assert_true (bd_po_status_is_open ("partially_received"));
  g_assert_false (bd_po_status_is_open ("received"));
  g_assert_true (bd_po_status_can_edit_lines ("sent"));
  g_assert_false (bd_po_status_can_edit_lines ("confirmed"));
  g_assert_true (bd_po_status_can_set_expected ("confirmed"));
  g_assert_false (bd_po_status_can_set_expected ("cancelled"));
}

/* The moves through the store: dates set on the way, illegal moves
 * refused with the PO and both states named and nothing written. */
static void
test_po_set_status (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdReplenishResult) result = create_from_demand (fixture);
  g_autofree char *number = po_of (fixture, "SUP-B");
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *after = NULL;
  g_autofree char *confirmed = NULL;
  gint64 id = po_id (fixture, number);

  /* a draft is not confirmed */
  dump = bd_test_dump (fixture->store);
  g_assert_false (bd_purchase_orders_set_status (fixture->store, id, "confirmed", "2026-03-18", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, number));
  g_assert_nonnull (strstr (error->message, "“draft”"));
  g_assert_nonnull (strstr (error->message, "“confirmed”"));
  g_clear_error (&error);
  g_assert_false (bd_purchase_orders_set_status (fixture->store, id, "received", NULL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "sent to the supplier first"));
  g_clear_error (&error);
  g_assert_false (bd_purchase_orders_set_status (fixture->store, id, "lost", NULL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bd_purchase_orders_set_status (fixture->store, id, "sent", "2026-02-30", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (after, ==, dump);

  g_assert_true (bd_purchase_orders_set_status (fixture->store, id, "sent", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders WHERE status = 'sent'"
                                                  " AND sent_at = '2026-03-10T12:00:00Z'"), ==, 1);

  /* received comes from booking receipts */
  g_assert_false (bd_purchase_orders_set_status (fixture->store, id, "received", NULL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "receipt"));
  g_clear_error (&error);

  /* the supplier's date: the PO's date, and its lines' ETA */
  g_assert_true (bd_purchase_orders_set_status (fixture->store, id, "confirmed", "2026-03-18", NULL, &error));
  g_assert_no_error (error);
  confirmed = bd_test_text (fixture->store, "SELECT status || ' ' || confirmed_date || ' ' || expected_at"
                                            " FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                                            " WHERE s.ref = 'SUP-B'");
  g_assert_cmpstr (confirmed, ==, "confirmed 2026-03-18 2026-03-18");
  assert_line (fixture, "SO-1/PAN", "on_order 1 2026-03-19");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE entity = 'purchase_orders'"
                                                  " AND field = 'status'"), ==, 2 + 2);

  /* no way back */
  g_assert_false (bd_purchase_orders_set_status (fixture->store, id, "sent", NULL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“confirmed” to “sent”"));
  g_clear_error (&error);

  /* an archived supplier's draft is not sent */
  {
    g_autofree char *po_a = po_of (fixture, "SUP-A");

    g_assert_true (bd_store_exec (fixture->store, "UPDATE suppliers SET archived = 1 WHERE ref = 'SUP-A'", NULL));
    g_assert_false (bd_purchase_orders_set_status (fixture->store, po_id (fixture, po_a), "sent", NULL, NULL,
                                                   &error));
    g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "archived"));
  }
}

/* Cancelling a PO puts the lines it covered back to waiting, with their
 * covers tombstoned and their ETA computed again when read. */
static void
test_po_cancel_uncovers (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BdReplenishResult) result = create_from_demand (fixture);
  g_autofree char *number = po_of (fixture, "SUP-A");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *batch = NULL;

  g_assert_true (bd_purchase_orders_cancel (fixture->store, po_id (fixture, number), &batch, &error));
  g_assert_no_error (error);

  assert_line (fixture, "SO-1/MUG", "waiting 0 -");
  assert_line (fixture, "SO-2/MUG", "waiting 0 -");
  assert_line (fixture, "SO-3/MUG", "waiting 0 -");
  /* the other supplier's PO keeps its lines */
  assert_line (fixture, "SO-1/PAN", "on_order 1 2026-03-16");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM po_line_covers WHERE deleted = 1"), ==, 3);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders WHERE status = 'cancelled'"
                                                  " AND cancelled_at IS NOT NULL"), ==, 1);

  /* each line's history says so, and undo does not half revert it */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'po-cancel'"
                                                  " AND field = 'status' AND new_value = 'waiting'"), ==, 3);
  g_assert_false (bd_actions_undo (fixture->store, batch, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_line (fixture, "SO-1/MUG", "waiting 0 -");

  /* the demand is back */
  suggestions = suggest (fixture);
  g_assert_cmpint (find_suggestion (suggestions, "MUG")->demand, ==, 8);

  /* a cancelled PO is closed */
  g_assert_false (bd_purchase_orders_cancel (fixture->store, po_id (fixture, number), NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);
  g_assert_false (bd_purchase_orders_set_status (fixture->store, po_id (fixture, number), "sent", NULL, NULL,
                                                 &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "closed"));
}

/* More on a draft covers the next lines oldest first; less gives back
 * the newest lines' covers first; lines of a confirmed PO are fixed. */
static void
test_po_edit_lines (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReplenishResult) result = NULL;
  BdReplenishPlanItem item = { 0, };
  gint64 id;

  item.product_id = bd_test_count (fixture->store, "SELECT id FROM products WHERE sku = 'MUG'");
  item.supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-A'");
  item.quantity = 4;
  result = bd_replenish_create_orders (fixture->store, &item, 1, &error);
  g_assert_no_error (error);
  id = po_id (fixture, result->numbers->pdata[0]);
  assert_line (fixture, "SO-2/MUG", "waiting 2 -");

  g_assert_true (bd_purchase_orders_set_line_quantity (fixture->store, id, "MUG", 8, NULL, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-21");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-21");
  assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-21");
  /* the partly covered line's cover grew, no second one */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM po_line_covers WHERE deleted = 0"), ==, 3);

  g_assert_true (bd_purchase_orders_set_line_quantity (fixture->store, id, "MUG", 3, NULL, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-21");
  assert_line (fixture, "SO-2/MUG", "waiting 1 -");
  assert_line (fixture, "SO-3/MUG", "waiting 0 -");

  /* a new line, then none */
  g_assert_true (bd_purchase_orders_set_line_quantity (fixture->store, id, "PAN", 1, NULL, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/PAN", "on_order 1 2026-03-21");
  g_assert_true (bd_purchase_orders_set_line_quantity (fixture->store, id, "PAN", 0, NULL, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/PAN", "waiting 0 -");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM po_lines WHERE deleted = 0"), ==, 1);

  g_assert_false (bd_purchase_orders_set_line_quantity (fixture->store, id, "MUG", -1, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bd_purchase_orders_set_line_quantity (fixture->store, id, "NOPE", 1, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (bd_purchase_orders_set_status (fixture->store, id, "sent", NULL, NULL, &error));
  g_assert_true (bd_purchase_orders_set_status (fixture->store, id, "confirmed", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bd_purchase_orders_set_line_quantity (fixture->store, id, "MUG", 5, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "confirmed"));
}

/* Received PO lines of the last 365 days, by hand: @lates are days late
 * (received - promised) of the supplier's lines; one line received 400
 * days ago and one imported receipt must not count. */
static void
add_history (Fixture    *fixture,
             const char *supplier_ref,
             const int  *lates,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO purchase_orders (uuid, created_at, updated_at, number, supplier_id, status,"
        "  currency, ordered_at, confirmed_date, expected_at)"
        " SELECT 'h-%s-%u', '2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z', 'H-%s-%u', id, 'received',"
        "  'USD', '2025-12-01T00:00:00Z', '2026-01-%02u', '2026-01-%02u' FROM suppliers WHERE ref = '%s';"
        "INSERT INTO po_lines (uuid, created_at, updated_at, po_id, product_id, quantity, quantity_received)"
        " SELECT 'hl-%s-%u', '2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z', last_insert_rowid(),"
        "  (SELECT id FROM products WHERE sku = 'MUG'), 5, 5;"
        "INSERT INTO receipts (uuid, created_at, updated_at, po_id, received_at, author)"
        " SELECT 'hr-%s-%u', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', po_id,"
        "  strftime('%%Y-%%m-%%dT10:00:00Z', '2026-01-%02u', '%+d days'), 'Tester'"
        " FROM po_lines WHERE uuid = 'hl-%s-%u';"
        "INSERT INTO receipt_lines (uuid, created_at, updated_at, receipt_id, po_line_id, product_id, quantity)"
        " SELECT 'hrl-%s-%u', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', last_insert_rowid(),"
        "  id, product_id, 5 FROM po_lines WHERE uuid = 'hl-%s-%u'",
        supplier_ref, i, supplier_ref, i, 10 + i, 10 + i, supplier_ref,
        supplier_ref, i,
        supplier_ref, i, 10 + i, lates[i], supplier_ref, i,
        supplier_ref, i, supplier_ref, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (bd_store_exec (fixture->store, sql, &error));
      g_assert_no_error (error);
    }
}

static BdEta *
eta_of (Fixture    *fixture,
        const char *ref)
{
  g_autoptr(GError) error = NULL;
  BdEta *eta = bd_eta_for_line (fixture->store, line_id (fixture, ref), &error);

  g_assert_no_error (error);
  g_assert_nonnull (eta);
  return eta;
}

/* An allocated line's ETA is today + the handling days: the date stored
 * when its units were set aside holds only while it is still ahead. */
static void
test_eta_allocated_not_shipped (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autoptr(BdEta) stale = NULL;
  g_autoptr(BdEta) ahead = NULL;

  sql = g_strdup_printf ("UPDATE order_lines SET status = 'allocated',"
                         " allocated_quantity = backordered_quantity, eta = '2026-03-01'"
                         " WHERE id = %" G_GINT64_FORMAT, line_id (fixture, "SO-1/MUG"));
  g_assert_true (bd_store_exec (fixture->store, sql, NULL));
  stale = eta_of (fixture, "SO-1/MUG");
  g_assert_cmpint (stale->source, ==, BD_ETA_ALLOCATED);
  g_assert_cmpstr (stale->eta, ==, "2026-03-11");

  g_assert_true (bd_store_exec (fixture->store,
                                "UPDATE order_lines SET eta = '2026-03-13' WHERE status = 'allocated'", NULL));
  ahead = eta_of (fixture, "SO-1/MUG");
  g_assert_cmpstr (ahead->eta, ==, "2026-03-13");
}

/* The ETA and its range: the 10th and 90th percentile (nearest rank) of
 * the supplier's days late; all suppliers' when it has fewer than 5;
 * none without a history. */
static void
test_eta_and_range (Fixture       *fixture,
                    gconstpointer  data)
{
  static const int a_lates[] = { 3, -2, 10, 0, 1 };
  static const int b_lates[] = { 4, 6 };
  g_autoptr(BdEta) uncovered = eta_of (fixture, "SO-1/PAN");
  g_autoptr(BdEta) nobody = eta_of (fixture, "SO-5/VASE");
  g_autoptr(BdEta) closed = eta_of (fixture, "SO-6/MUG");
  g_autoptr(BdEta) mug = NULL;
  g_autoptr(BdEta) pan = NULL;
  g_autoptr(BdReplenishResult) result = NULL;
  g_autofree char *text = NULL;

  /* not covered: today + 5 days' lead + 1 handling day; no history */
  g_assert_cmpint (uncovered->source, ==, BD_ETA_LEAD_TIME);
  g_assert_cmpstr (uncovered->eta, ==, "2026-03-16");
  g_assert_cmpint (uncovered->lead_time_days, ==, 5);
  g_assert_cmpstr (uncovered->supplier_ref, ==, "SUP-B");
  g_assert_cmpint (uncovered->range_from, ==, BD_ETA_RANGE_NONE);
  g_assert_null (uncovered->earliest);
  text = bd_eta_describe (uncovered);
  g_assert_nonnull (strstr (text, "No range"));
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (nobody->source, ==, BD_ETA_NONE);
  g_assert_null (nobody->eta);
  g_assert_cmpint (closed->source, ==, BD_ETA_CLOSED);

  add_history (fixture, "SUP-A", a_lates, G_N_ELEMENTS (a_lates));
  add_history (fixture, "SUP-B", b_lates, G_N_ELEMENTS (b_lates));
  /* a year and more ago, 30 days late: not counted */
  g_assert_true (bd_store_exec (fixture->store,
                                "UPDATE receipts SET received_at = '2025-01-01T10:00:00Z' WHERE uuid = 'hr-SUP-B-1'",
                                NULL));
  /* the handling days are a team setting */
  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                                " VALUES ('handling_days', '2', 'ts-h', '2026-01-01T00:00:00Z',"
                                "  '2026-01-01T00:00:00Z')", NULL));

  result = create_from_demand (fixture);
  mug = eta_of (fixture, "SO-1/MUG");
  pan = eta_of (fixture, "SO-1/PAN");

  /* covered: the PO's date (2026-03-20) + 2; SUP-A's five deliveries:
   * -2 0 1 3 10, so -2 to +10 */
  g_assert_cmpint (mug->source, ==, BD_ETA_PURCHASE_ORDER);
  g_assert_cmpstr (mug->po_number, ==, result->numbers->pdata[0]);
  g_assert_cmpstr (mug->eta, ==, "2026-03-22");
  g_assert_cmpint (mug->range_from, ==, BD_ETA_RANGE_SUPPLIER);
  g_assert_cmpint (mug->range_lines, ==, 5);
  g_assert_cmpint (mug->p10, ==, -2);
  g_assert_cmpint (mug->p90, ==, 10);
  g_assert_cmpstr (mug->earliest, ==, "2026-03-20");
  g_assert_cmpstr (mug->latest, ==, "2026-04-01");

  /* SUP-B has one delivery in the year: all suppliers' six,
   * -2 0 1 3 4 10, so -2 to +10 */
  g_assert_cmpstr (pan->eta, ==, "2026-03-17");
  g_assert_cmpint (pan->range_from, ==, BD_ETA_RANGE_ALL_SUPPLIERS);
  g_assert_cmpint (pan->range_lines, ==, 6);
  g_assert_cmpint (pan->p10, ==, -2);
  g_assert_cmpint (pan->p90, ==, 10);
  g_assert_cmpstr (pan->earliest, ==, "2026-03-15");
  g_assert_cmpstr (pan->latest, ==, "2026-03-27");
  text = bd_eta_describe (pan);
  g_assert_nonnull (strstr (text, "all suppliers"));

  /* the same figures in list backorders --json */
  {
    g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
    g_autoptr(JsonNode) json = NULL;
    g_autoptr(GError) error = NULL;
    JsonArray *rows;

    query->product_sku = g_strdup ("MUG");
    json = bd_export_backorders_json (fixture->store, query, NULL, &error);
    g_assert_no_error (error);
    rows = json_node_get_array (json);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        g_assert_cmpstr (json_object_get_string_member (row, "eta"), ==, "2026-03-22");
        g_assert_cmpstr (json_object_get_string_member (row, "eta_earliest"), ==, "2026-03-20");
        g_assert_cmpstr (json_object_get_string_member (row, "eta_latest"), ==, "2026-04-01");
      }
  }

  /* on-time rates side by side: SUP-A 2 of 5 by the date (-2 and 0) */
  {
    g_autoptr(GHashTable) histories = NULL;
    BdSupplierHistory all;
    gint64 sup_a = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-A'");

    histories = bd_eta_supplier_histories (fixture->store, "2026-03-10", &all, NULL);
    g_assert_cmpfloat_with_epsilon (bd_supplier_history_on_time_rate (g_hash_table_lookup (histories, &sup_a)),
                                    0.4, 1e-9);
    g_assert_cmpint (all.n_lines, ==, 6);
  }
}

/* A later PO date moves the ETAs of the lines the PO covers in the same
 * transaction, and lists those it puts past their promised date. */
static void
test_po_date_change_at_risk (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BdReplenishResult) result = create_from_demand (fixture);
  g_autofree char *number = po_of (fixture, "SUP-A");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *earlier = NULL;
  BdEtaRisk *risk;
  gint64 id = po_id (fixture, number);

  /* promised: SO-1 2026-03-25, SO-2 2026-04-05, SO-3 nothing */
  g_assert_true (bd_purchase_orders_set_expected (fixture->store, id, "2026-03-28", &batch, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-29");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-29");
  assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-29");
  /* the other PO's lines are not touched */
  assert_line (fixture, "SO-1/PAN", "on_order 1 2026-03-16");

  risks = bd_eta_list_at_risk (fixture->store, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (risks->len, ==, 1);
  risk = g_ptr_array_index (risks, 0);
  g_assert_cmpstr (risk->ref, ==, "SO-1/MUG");
  g_assert_cmpstr (risk->order_ref, ==, "SO-1");
  g_assert_cmpstr (risk->customer_name, ==, "Ada");
  g_assert_cmpstr (risk->old_eta, ==, "2026-03-21");
  g_assert_cmpstr (risk->new_eta, ==, "2026-03-29");

  /* each moved line has an event with both dates */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE field = 'eta'"), ==, 3);

  /* earlier, though still past SO-1's promise: nothing newly at risk */
  g_assert_true (bd_purchase_orders_set_expected (fixture->store, id, "2026-03-26", &earlier, &error));
  g_assert_no_error (error);
  none = bd_eta_list_at_risk (fixture->store, earlier, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-27");

  /* the list stays with its batch */
  g_clear_pointer (&risks, g_ptr_array_unref);
  risks = bd_eta_list_at_risk (fixture->store, batch, &error);
  g_assert_cmpuint (risks->len, ==, 1);

  /* a malformed date and a closed PO are refused */
  g_assert_false (bd_purchase_orders_set_expected (fixture->store, id, "next week", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "next week"));
  g_clear_error (&error);
  g_assert_true (bd_purchase_orders_cancel (fixture->store, id, NULL, &error));
  g_assert_false (bd_purchase_orders_set_expected (fixture->store, id, "2026-04-01", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, number));
}

/* The events a batch wrote for the lines' ETAs, "ref old new uuid-matches"
 * in the lines' order. */
static char *
eta_events (Fixture    *fixture,
            const char *batch)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(group_concat(ref, ', '), '') FROM ("
                                          " SELECT o.ref || '/' || p.sku || ' ' || coalesce(e.old_value, '-') || ' '"
                                          "  || e.new_value || ' ' || (e.entity_uuid = l.uuid"
                                          "  AND e.entity = 'order_lines') AS ref"
                                          " FROM events e JOIN order_lines l ON l.id = e.line_id"
                                          " JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                                          " WHERE e.batch = '%s' AND e.field = 'eta' ORDER BY l.id)", batch);

  return bd_test_text (fixture->store, sql);
}

/* A supplier who is always late: its range starts after the ETA, and
 * is said as what its history makes likely, so that the two dates do
 * not read as a contradiction; all suppliers' history when it has too
 * little, and why there is no range when nobody has any. */
static void
test_eta_range_wording (Fixture       *fixture,
                        gconstpointer  data)
{
  static const int late[] = { 2, 3, 5, 7, 7 };
  g_autoptr(BdEta) uncovered = eta_of (fixture, "SO-1/PAN");
  g_autoptr(BdEta) nobody = eta_of (fixture, "SO-5/VASE");
  g_autoptr(BdEta) mug = NULL;
  g_autoptr(BdEta) pan = NULL;
  g_autoptr(BdReplenishResult) result = NULL;
  g_autofree char *text = NULL;

  text = bd_eta_describe_range (uncovered, TRUE);
  g_assert_cmpstr (text, ==, "Expected 2026-03-16; no range: no delivery history yet");
  g_clear_pointer (&text, g_free);
  text = bd_eta_describe_range (uncovered, FALSE);
  g_assert_cmpstr (text, ==, "No range: no delivery history yet");
  g_clear_pointer (&text, g_free);
  text = bd_eta_describe (uncovered);
  g_assert_nonnull (strstr (text, "No range: no delivery history yet"));
  g_clear_pointer (&text, g_free);
  g_assert_null (bd_eta_describe_range (nobody, TRUE));

  add_history (fixture, "SUP-A", late, G_N_ELEMENTS (late));
  result = create_from_demand (fixture);
  mug = eta_of (fixture, "SO-1/MUG");
  pan = eta_of (fixture, "SO-1/PAN");

  /* the PO's 2026-03-20 + 1 handling day; 2 to 7 days late */
  g_assert_cmpstr (mug->eta, ==, "2026-03-21");
  g_assert_cmpstr (mug->earliest, ==, "2026-03-23");
  g_assert_cmpstr (mug->latest, ==, "2026-03-28");
  text = bd_eta_describe_range (mug, TRUE);
  g_assert_cmpstr (text, ==, "Expected 2026-03-21; from this supplier’s history likely 2026-03-23 – 2026-03-28");
  g_clear_pointer (&text, g_free);
  text = bd_eta_describe_range (mug, FALSE);
  g_assert_cmpstr (text, ==, "From this supplier’s history likely 2026-03-23 – 2026-03-28");
  g_clear_pointer (&text, g_free);
  text = bd_eta_describe (mug);
  g_assert_nonnull (strstr (text, "likely 2026-03-23 – 2026-03-28"));
  g_assert_null (strstr (text, "Between"));
  g_clear_pointer (&text, g_free);

  /* told to a customer, the span holds the expected date the same
   * message gives, and is what the message logs as promised */
  {
    g_autoptr(BdComposer) composer = NULL;
    g_autoptr(BdOutgoing) message = NULL;
    g_autoptr(GError) error = NULL;
    const char *from;
    const char *to;
    gint64 id;

    g_assert_true (bd_eta_get_promise (mug, &from, &to));
    g_assert_cmpstr (from, ==, "2026-03-21");
    g_assert_cmpstr (to, ==, "2026-03-28");
    g_assert_false (bd_eta_get_promise (uncovered, &from, &to));
    g_assert_null (from);
    g_assert_null (to);
    g_assert_true (bd_team_settings_set (fixture->store, "company_name", "Kestrel Home Goods", NULL, &error));
    g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG", &id, &error));
    composer = bd_composer_new (fixture->store, NULL);
    message = bd_composer_for_line (composer, "delay_update", id, NULL, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("%s", message->body);
    g_assert_nonnull (strstr (message->body, "on March 21, 2026 (between March 21, 2026 and March 28, 2026)"));
    g_assert_cmpstr (message->eta, ==, "2026-03-21");
    g_assert_cmpstr (message->eta_earliest, ==, "2026-03-21");
    g_assert_cmpstr (message->eta_latest, ==, "2026-03-28");
  }

  /* SUP-B has no history: SUP-A's five stand for all suppliers' */
  g_assert_cmpint (pan->range_from, ==, BD_ETA_RANGE_ALL_SUPPLIERS);
  text = bd_eta_describe_range (pan, TRUE);
  g_assert_cmpstr (text, ==, "Expected 2026-03-16; from all suppliers’ history likely 2026-03-18 – 2026-03-23");
}

/* A line two POs cover waits for the later one: moving one PO's date
 * recomputes the ETAs of its own lines only, a line the other PO holds
 * up longer keeps its ETA (no event, the row not written), a line it
 * covers only in part stays without one; the events name the lines and
 * both dates, the range moves with the date, and the lines at risk are
 * exactly those moved past their promise. */
static void
test_po_date_change_two_pos (Fixture       *fixture,
                             gconstpointer  data)
{
  static const int a_lates[] = { 3, -2, 10, 0, 1 };
  g_autoptr(BdReplenishResult) a = NULL;
  g_autoptr(BdReplenishResult) c = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(BdEta) eta = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-03-11T09:00:00Z", NULL);
  g_autofree char *batch = NULL;
  g_autofree char *events = NULL;
  g_autofree char *updated = NULL;
  BdReplenishPlanItem item = { 0, };
  gint64 po_a, po_c;

  add_history (fixture, "SUP-A", a_lates, G_N_ELEMENTS (a_lates));
  /* MUG also comes from SUP-C, in 3 days */
  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO product_suppliers (uuid, created_at, updated_at, product_id,"
                                "  supplier_id, unit_cost, currency, lead_time_days, pack_size, preferred)"
                                " SELECT 'ps-mug-c', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
                                "  p.id, s.id, 300, 'USD', 3, 1, 0"
                                " FROM products p, suppliers s WHERE p.sku = 'MUG' AND s.ref = 'SUP-C'",
                                &error));
  g_assert_no_error (error);

  /* PO A (SUP-A, due 2026-03-20): SO-1's 2 and 2 of SO-2's 5 */
  item.product_id = bd_test_count (fixture->store, "SELECT id FROM products WHERE sku = 'MUG'");
  item.supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-A'");
  item.quantity = 4;
  item.seen_need = 8;
  a = bd_replenish_create_orders (fixture->store, &item, 1, &error);
  g_assert_no_error (error);
  po_a = po_id (fixture, a->numbers->pdata[0]);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-21");
  assert_line (fixture, "SO-2/MUG", "waiting 2 -");

  /* a line covered in part has no stored ETA, and gets none */
  g_assert_true (bd_purchase_orders_set_expected (fixture->store, po_a, "2026-03-18", &batch, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-19");
  assert_line (fixture, "SO-2/MUG", "waiting 2 -");
  events = eta_events (fixture, batch);
  g_assert_cmpstr (events, ==, "SO-1/MUG 2026-03-21 2026-03-19 1");
  g_clear_pointer (&events, g_free);
  g_clear_pointer (&batch, g_free);

  /* PO C (SUP-C, due 2026-03-13): the rest of SO-2 and SO-3 */
  item.supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-C'");
  item.seen_need = 4;
  c = bd_replenish_create_orders (fixture->store, &item, 1, &error);
  g_assert_no_error (error);
  po_c = po_id (fixture, c->numbers->pdata[0]);
  /* SO-2 waits for the later of its two POs */
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-19");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-19");
  assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-14");

  /* C later than A: SO-2 and SO-3 move, SO-1 (A's alone) does not */
  g_assert_true (bd_purchase_orders_set_expected (fixture->store, po_c, "2026-03-22", &batch, &error));
  g_assert_no_error (error);
  /* the change's larger page cache is given back */
  g_assert_cmpint (bd_test_count (fixture->store, "PRAGMA cache_size"), ==, -8192);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-19");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-23");
  assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-23");
  events = eta_events (fixture, batch);
  g_assert_cmpstr (events, ==, "SO-2/MUG 2026-03-19 2026-03-23 1, SO-3/MUG 2026-03-14 2026-03-23 1");
  g_clear_pointer (&events, g_free);
  g_clear_pointer (&batch, g_free);

  /* A moves, but C still holds SO-2 up longer: only SO-1 moves, SO-2's
   * row is not written (its updated_at stays) and has no event */
  updated = bd_test_text (fixture->store, "SELECT l.updated_at FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                          " JOIN products p ON p.id = l.product_id"
                                          " WHERE o.ref = 'SO-2' AND p.sku = 'MUG'");
  bd_store_set_fixed_clock (fixture->store, later);
  g_assert_true (bd_purchase_orders_set_expected (fixture->store, po_a, "2026-03-21", &batch, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-22");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-23");
  events = eta_events (fixture, batch);
  g_assert_cmpstr (events, ==, "SO-1/MUG 2026-03-19 2026-03-22 1");
  g_clear_pointer (&events, g_free);
  {
    g_autofree char *now = bd_test_text (fixture->store,
                                         "SELECT l.updated_at FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                         " JOIN products p ON p.id = l.product_id"
                                         " WHERE o.ref = 'SO-2' AND p.sku = 'MUG'");

    g_assert_cmpstr (now, ==, updated);
  }
  risks = bd_eta_list_at_risk (fixture->store, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (risks->len, ==, 0);
  g_clear_pointer (&risks, g_ptr_array_unref);
  g_clear_pointer (&batch, g_free);

  /* A past both: SO-1 (promised 2026-03-25) is at risk, SO-2 (promised
   * 2026-04-05) moves but is not, SO-3 (C's alone) stays */
  g_assert_true (bd_purchase_orders_set_expected (fixture->store, po_a, "2026-03-30", &batch, &error));
  g_assert_no_error (error);
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-31");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-31");
  assert_line (fixture, "SO-3/MUG", "on_order 1 2026-03-23");
  events = eta_events (fixture, batch);
  g_assert_cmpstr (events, ==, "SO-1/MUG 2026-03-22 2026-03-31 1, SO-2/MUG 2026-03-23 2026-03-31 1");
  risks = bd_eta_list_at_risk (fixture->store, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (risks->len, ==, 1);
  g_assert_cmpstr (((BdEtaRisk *)g_ptr_array_index (risks, 0))->ref, ==, "SO-1/MUG");
  g_assert_cmpstr (((BdEtaRisk *)g_ptr_array_index (risks, 0))->old_eta, ==, "2026-03-22");
  g_assert_cmpstr (((BdEtaRisk *)g_ptr_array_index (risks, 0))->new_eta, ==, "2026-03-31");

  /* the range moves with the date: SUP-A's -2 to +10 days late */
  eta = eta_of (fixture, "SO-1/MUG");
  g_assert_cmpint (eta->source, ==, BD_ETA_PURCHASE_ORDER);
  g_assert_cmpstr (eta->po_number, ==, a->numbers->pdata[0]);
  g_assert_cmpstr (eta->eta, ==, "2026-03-31");
  g_assert_cmpstr (eta->earliest, ==, "2026-03-29");
  g_assert_cmpstr (eta->latest, ==, "2026-04-10");
  g_clear_pointer (&eta, bd_eta_free);
  eta = eta_of (fixture, "SO-2/MUG");
  g_assert_cmpstr (eta->eta, ==, "2026-03-31");
  g_assert_cmpstr (eta->po_number, ==, a->numbers->pdata[0]);
  g_assert_cmpstr (eta->earliest, ==, "2026-03-29");
  g_assert_cmpstr (eta->latest, ==, "2026-04-10");
}

/* The list of POs as a row source of the SQL list model, with filters. */
static void
test_po_source (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BdReplenishResult) result = create_from_demand (fixture);
  g_autoptr(BdRowSource) source = bd_po_source_new ();
  g_autoptr(BdPoQuery) query = bd_po_query_new ();
  g_autoptr(BdSqlListModel) model = NULL;
  g_autoptr(BdPurchaseOrder) po = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = NULL;

  model = bd_sql_list_model_new (fixture->store, source, query);
  bd_sql_list_model_refresh (model);
  while (bd_sql_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == BD_TYPE_PURCHASE_ORDER);
  /* it re-reads after changes to POs, not after a note */
  g_assert_true (bd_row_source_reads_any (source, (const char * const[]) { "po_lines", NULL }));
  g_assert_true (bd_row_source_reads_any (source, (const char * const[]) { "purchase_orders", NULL }));
  g_assert_false (bd_row_source_reads_any (source, (const char * const[]) { "notes", "order_lines", NULL }));

  po = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (bd_purchase_order_get_supplier_ref (po), ==, "SUP-A");
  g_assert_cmpstr (bd_purchase_order_get_status (po), ==, "draft");
  g_assert_cmpint (bd_purchase_order_get_n_lines (po), ==, 2);
  /* 12 x 2.50 + 9 x 20.00 */
  g_assert_cmpint (bd_purchase_order_get_value (po), ==, 12 * 250 + 9 * 2000);
  g_assert_cmpstr (bd_purchase_order_get_expected_at (po), ==, "2026-03-20");

  g_assert_true (bd_purchase_orders_set_status (fixture->store, bd_purchase_order_get_id (po), "sent", NULL,
                                                NULL, &error));
  g_assert_no_error (error);

  query->status = g_strdup ("sent");
  sent = bd_purchase_orders_list (fixture->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (bd_purchase_order_get_supplier_ref (g_ptr_array_index (sent, 0)), ==, "SUP-A");

  g_free (query->status);
  query->status = g_strdup ("open");
  query->supplier_id = bd_test_count (fixture->store, "SELECT id FROM suppliers WHERE ref = 'SUP-B'");
  g_clear_pointer (&sent, g_ptr_array_unref);
  sent = bd_purchase_orders_list (fixture->store, query, &error);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (bd_purchase_order_get_supplier_ref (g_ptr_array_index (sent, 0)), ==, "SUP-B");

  g_free (query->status);
  query->status = g_strdup ("lost");
  g_assert_null (bd_purchase_orders_list (fixture->store, query, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
}

static const char purchase_orders_csv[] =
  "po_number,supplier_ref,sku,quantity,quantity_received,ordered_at,expected_at,status\n"
  "OLD-1,SUP-A,MUG,10,3,2026-02-01,2026-03-15,confirmed\n"
  "OLD-1,SUP-A,LAMP,4,0,2026-02-01,2026-03-15,confirmed\n"
  "OLD-2,SUP-B,PAN,2,2,2026-01-05,2026-01-20,received\n"
  "OLD-3,SUP-B,PAN,5,,2026-03-01,2026-03-12,\n";

/* Open POs of the previous tool cover waiting lines oldest first, what
 * they received is a receipt handed out already; the same file again
 * changes nothing. */
static void
test_import_purchase_orders (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BdImportReport) report = bd_import_report_new ();
  g_autoptr(BdImportReport) again = bd_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  g_autofree char *old3 = NULL;
  BdImportKind kind;

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS, purchase_orders_csv, report,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows, ==, 4);
  g_assert_cmpuint (report->created, ==, 4);

  /* 10 - 3 received = 7 to come: SO-1 (2) and SO-2 (5), oldest first */
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-16");
  assert_line (fixture, "SO-2/MUG", "on_order 5 2026-03-16");
  assert_line (fixture, "SO-3/MUG", "waiting 0 -");
  /* OLD-2 is received: it covers nothing; OLD-3 (sent, from the empty
   * status) covers both PAN lines */
  assert_line (fixture, "SO-1/PAN", "on_order 1 2026-03-13");
  assert_line (fixture, "SO-4/PAN", "on_order 3 2026-03-13");
  old3 = bd_test_text (fixture->store, "SELECT status || ' ' || sent_at FROM purchase_orders WHERE number = 'OLD-3'");
  g_assert_cmpstr (old3, ==, "sent 2026-03-01T00:00:00Z");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders WHERE number = 'OLD-1'"
                                                  " AND confirmed_date = '2026-03-15'"), ==, 1);

  /* received units: receipts handed out already, no allocation */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM receipts WHERE policy = 'imported'"), ==, 2);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT sum(quantity) FROM receipt_lines"), ==, 5);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT sum(to_stock) FROM receipt_lines"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM allocations"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT on_hand FROM products WHERE sku = 'PAN'"), ==, 0);

  /* each covered line's history says so */
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'po-import'"
                                                  " AND field = 'status' AND new_value = 'on_order'"), ==, 4);

  /* the same file again: only the import's own event is new */
  dump = bd_test_dump (fixture->store);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS, purchase_orders_csv, again,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->unchanged, ==, 4);
  g_assert_cmpuint (again->created + again->updated, ==, 0);
  g_assert_true (bd_store_exec (fixture->store, "DELETE FROM events WHERE action = 'import'", NULL));
  dump_after = bd_test_dump (fixture->store);
  g_free (dump);
  dump = bd_test_dump (fixture->store);
  g_assert_cmpstr (dump_after, ==, dump);

  /* the kind is told by the header */
  {
    g_autofree char *dir = bd_test_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "po.csv", NULL);

    g_assert_true (g_file_set_contents (path, purchase_orders_csv, -1, NULL));
    g_assert_true (bd_import_detect_kind (path, &kind, &error));
    g_assert_cmpint (kind, ==, BD_IMPORT_PURCHASE_ORDERS);
    g_assert_true (bd_import_kind_from_string ("purchase-orders", &kind));
    g_assert_cmpint (kind, ==, BD_IMPORT_PURCHASE_ORDERS);
    g_assert_cmpuint (bd_import_kind_order (BD_IMPORT_PURCHASE_ORDERS), >,
                      bd_import_kind_order (BD_IMPORT_ORDERS));
    bd_test_rm_rf (dir);
  }
}

/* What the file says differently later: a date, more received, a status
 * the PO moves on to. */
static void
test_import_purchase_orders_update (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdImportReport) report = bd_import_report_new ();

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS, purchase_orders_csv, NULL,
                                      &error));
  g_assert_no_error (error);

  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS,
                                      "po_number,supplier_ref,sku,quantity,quantity_received,ordered_at,"
                                      "expected_at,status\n"
                                      "OLD-1,SUP-A,MUG,10,5,2026-02-01,2026-03-18,partially_received\n"
                                      "OLD-3,SUP-B,PAN,5,,2026-03-01,2026-03-12,cancelled\n",
                                      report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 2);

  /* 5 still to come of OLD-1: the newest line gives back 2; the date
   * moved the ETA of the line still on order */
  assert_line (fixture, "SO-1/MUG", "on_order 2 2026-03-19");
  assert_line (fixture, "SO-2/MUG", "waiting 3 -");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT sum(quantity) FROM receipt_lines rl"
                                                  " JOIN products p ON p.id = rl.product_id WHERE p.sku = 'MUG'"), ==, 5);
  /* OLD-3 cancelled: the PAN lines wait again */
  assert_line (fixture, "SO-1/PAN", "waiting 0 -");
  assert_line (fixture, "SO-4/PAN", "waiting 0 -");
}

/* Each bad row is reported with its line and column, and nothing is
 * written. */
static void
test_import_purchase_orders_bad_rows (Fixture       *fixture,
                                      gconstpointer  data)
{
  static const struct {
    const char *row;
    const char *column;
    const char *says;
  } cases[] = {
    { "P-1,SUP-X,MUG,1,,2026-02-01,,", "supplier_ref", "no supplier “SUP-X”" },
    { "P-1,SUP-D,MUG,1,,2026-02-01,,", "supplier_ref", "archived" },
    { "P-1,SUP-A,NOPE,1,,2026-02-01,,", "sku", "no product “NOPE”" },
    { "P-1,SUP-A,MUG,0,,2026-02-01,,", "quantity", "a whole number from 1" },
    { "P-1,SUP-A,MUG,-3,,2026-02-01,,", "quantity", "a whole number from 1" },
    { "P-1,SUP-A,MUG,2,3,2026-02-01,,", "quantity_received", "no more than ordered" },
    { "P-1,SUP-A,MUG,2,,yesterday,,", "ordered_at", "a date" },
    { "P-1,SUP-A,MUG,2,,2026-02-01,2026-13-01,", "expected_at", "a date" },
    { "P-1,SUP-A,MUG,2,,2026-02-01,,shipped", "status", "“shipped”" },
    { "P-1,SUP-A,MUG,2,1,2026-02-01,,draft", "quantity_received", "a draft" },
    { "P-1,SUP-A,MUG,2,,,,", "ordered_at", "found nothing" },
  };
  g_autofree char *dump = NULL;

  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO suppliers (uuid, created_at, updated_at, ref, name, archived)"
                                " VALUES ('sup-d', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'SUP-D',"
                                "  'Gone Ltd', 1)", NULL));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS, purchase_orders_csv, NULL, NULL));
  dump = bd_test_dump (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("po_number,supplier_ref,sku,quantity,quantity_received,"
                                               "ordered_at,expected_at,status\n"
                                               "P-0,SUP-A,PAN,1,,2026-02-01,,\n%s\n", cases[i].row);
      g_autofree char *where = g_strdup_printf ("line 3, column %s: ", cases[i].column);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS, text, NULL, &error));
      g_assert_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_ROWS);
      if (strstr (error->message, where) == NULL || strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: %s", cases[i].row, error->message);
      after = bd_test_dump (fixture->store);
      g_assert_cmpstr (after, ==, dump);
    }

  /* rows of one PO that disagree, and the same SKU twice */
  {
    static const struct {
      const char *rows;
      const char *says;
    } across[] = {
      { "P-1,SUP-A,MUG,1,,2026-02-01,,\nP-1,SUP-B,PAN,1,,2026-02-01,,", "line 3, column supplier_ref" },
      { "P-1,SUP-A,MUG,1,,2026-02-01,,\nP-1,SUP-A,LAMP,1,,2026-02-02,,", "line 3, column ordered_at" },
      { "P-1,SUP-A,MUG,1,,2026-02-01,,\nP-1,SUP-A,MUG,1,,2026-02-01,,", "line 3, column sku" },
      /* what the desk holds: another supplier, more received */
      { "OLD-1,SUP-B,MUG,10,3,2026-02-01,2026-03-15,confirmed", "line 2, column supplier_ref" },
      { "OLD-1,SUP-A,MUG,10,1,2026-02-01,2026-03-15,confirmed", "line 2, column quantity_received" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (across); i++)
      {
        g_autofree char *text = g_strdup_printf ("po_number,supplier_ref,sku,quantity,quantity_received,"
                                                 "ordered_at,expected_at,status\n%s\n", across[i].rows);
        g_autofree char *after = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_false (bd_test_import_text (fixture->store, BD_IMPORT_PURCHASE_ORDERS, text, NULL, &error));
        g_assert_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_ROWS);
        if (strstr (error->message, across[i].says) == NULL)
          g_error ("%s: %s", across[i].rows, error->message);
        after = bd_test_dump (fixture->store);
        g_assert_cmpstr (after, ==, dump);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/replenish/suggestions", test_replenish_suggestions);
  ADD ("/replenish/moq-and-pack", test_replenish_moq_and_pack);
  ADD ("/replenish/create-from-demand", test_create_from_demand);
  ADD ("/replenish/partial-cover", test_partial_cover);
  ADD ("/replenish/plan-refused", test_plan_refused);
  g_test_add_func ("/po/state-machine", test_po_state_machine);
  ADD ("/po/set-status", test_po_set_status);
  ADD ("/po/cancel-uncovers", test_po_cancel_uncovers);
  ADD ("/po/edit-lines", test_po_edit_lines);
  ADD ("/po/source", test_po_source);
  ADD ("/eta/range", test_eta_and_range);
  ADD ("/eta/allocated-not-shipped", test_eta_allocated_not_shipped);
  ADD ("/eta/range-wording", test_eta_range_wording);
  ADD ("/eta/date-change-at-risk", test_po_date_change_at_risk);
  ADD ("/eta/date-change-two-pos", test_po_date_change_two_pos);
  ADD ("/import/purchase-orders", test_import_purchase_orders);
  ADD ("/import/purchase-orders-update", test_import_purchase_orders_update);
  ADD ("/import/purchase-orders-bad-rows", test_import_purchase_orders_bad_rows);

  return g_test_run ();
}
