/* test-backorder-query.c: what the queue's SKU and supplier filters offer
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-backorder-query"

#include "config.h"

#include "bd-backorder-query.h"
#include "bd-test-util.h"

static const BdTestCsv shop[] = {
  { BD_IMPORT_SUPPLIERS,
    "supplier_ref,name\n"
    "S-10,Nordic Mugs\n"
    "FORGE,Forge & Anvil\n"
    "S-30,Émile Fer\n"
    "NM-2,Mugs of the North\n" },
  { BD_IMPORT_PRODUCTS,
    "sku,name\n"
    "MUG-RED,Enamel Mug Red\n"
    "MUG-BLUE,Enamel Mug Blue\n"
    "mug-lower,Plain Mug\n"
    "Mug-Mixed,Mixed Case Mug\n"
    "PAN-12,Cast Iron Skillet\n"
    "LAMP,Mugwort Table Lamp\n"
    "RED-LAMP,Red Lamp\n" },
  { 0, NULL }
};

static char *
skus (GPtrArray *products)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < products->len; i++)
    g_string_append_printf (text, "%s%s", i ? " " : "",
                            ((BdProductInfo *)g_ptr_array_index (products, i))->sku);
  return g_string_free (text, FALSE);
}

static char *
suggest (BdStore    *store,
         const char *text,
         guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = bd_backorder_query_suggest_products (store, text, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (products);
  return skus (products);
}

/* SKUs starting with the text first (any case), then names starting with
 * it, then a word of SKU or name; by SKU within each. */
static void
test_suggest_products (BdTestStoreFixture *fixture,
                       gconstpointer       data)
{
  struct
  {
    const char *text;
    guint limit;
    const char *expected;
  } cases[] = {
    { "MUG", 10, "MUG-BLUE MUG-RED Mug-Mixed mug-lower LAMP" },
    { "mug", 10, "MUG-BLUE MUG-RED Mug-Mixed mug-lower LAMP" },
    { "mUg-R", 10, "MUG-RED" },
    { "mug", 2, "MUG-BLUE MUG-RED" },
    { "  pan ", 10, "PAN-12" },
    { "cast", 10, "PAN-12" },           /* a name's start */
    { "skil", 10, "PAN-12" },           /* a word of the name */
    { "red", 10, "RED-LAMP MUG-RED" },  /* SKU first, then a word of one */
    { "lamp", 10, "LAMP RED-LAMP" },
    { "nothing", 10, "" },
    { "", 10, "" },
    { "-", 10, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = suggest (fixture->store, cases[i].text, cases[i].limit);

      g_test_message ("“%s”: %s", cases[i].text, found);
      g_assert_cmpstr (found, ==, cases[i].expected);
    }
}

static char *
refs (GPtrArray *suppliers)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < suppliers->len; i++)
    g_string_append_printf (text, "%s%s", i ? " " : "",
                            ((BdSupplierInfo *)g_ptr_array_index (suppliers, i))->ref);
  return g_string_free (text, FALSE);
}

/* By the name people see or by the reference: a name's start, a
 * reference's start, a word of the name, anywhere; any case, accents or
 * not. */
static void
test_match_suppliers (BdTestStoreFixture *fixture,
                      gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suppliers = bd_backorder_query_list_suppliers (fixture->store, &error);
  struct
  {
    const char *text;
    guint limit;
    const char *expected;
  } cases[] = {
    { "nordic", 10, "S-10" },
    { "MUGS", 10, "NM-2 S-10" },       /* the name's start, then a word */
    { "s-", 10, "S-10 S-30" },         /* references */
    { "s-1", 10, "S-10" },
    { "forge", 10, "FORGE" },          /* name and reference alike: once */
    { "& anv", 10, "FORGE" },
    { "emile", 10, "S-30" },
    { "ÉMILE", 10, "S-30" },
    { "north", 10, "NM-2" },
    { "or", 10, "FORGE NM-2 S-10" },   /* inside a name or reference, by name */
    { "mugs", 1, "NM-2" },
    { "zebra", 10, "" },
    { " ", 10, "" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) matches = bd_supplier_info_match (suppliers, cases[i].text, cases[i].limit);
      g_autofree char *found = refs (matches);

      g_test_message ("“%s”: %s", cases[i].text, found);
      g_assert_cmpstr (found, ==, cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/backorder-query/suggest-products", BdTestStoreFixture, shop,
              bd_test_store_fixture_set_up, test_suggest_products, bd_test_store_fixture_tear_down);
  g_test_add ("/backorder-query/match-suppliers", BdTestStoreFixture, shop,
              bd_test_store_fixture_set_up, test_match_suppliers, bd_test_store_fixture_tear_down);

  return g_test_run ();
}
