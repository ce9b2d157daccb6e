/* test-customers.c: a customer's contact details and a product's
 * alternatives, as an agent changes them in the desk
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-customers"

#include "config.h"

#include "bd-customers.h"
#include "bd-products.h"
#include "bd-test-util.h"

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,product_name,quantity,backordered_quantity\n"
  "SO-1,2026-01-05,C-1,Ada Lovelace,ada@example.com,MUG-RED,Enamel Mug Red,2,2\n"
  "SO-2,2026-01-01,C-2,Grace Hopper,,PAN-12,Cast Iron Skillet,1,1\n"
  "SO-3,2026-01-03,C-1,Ada Lovelace,ada@example.com,LAMP,Table Lamp,3,1\n";

static const BdTestCsv imports[] = {
  { BD_IMPORT_ORDERS, orders_csv },
  { 0, NULL },
};

typedef BdTestStoreFixture Fixture;

static gint64
customer_id (BdStore    *store,
             const char *ref)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (bd_customers_find (store, ref, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* Each field set, cleared and checked; an event for each change, none
 * for what stayed. */
static void
test_customers_contact (Fixture       *fixture,
                        gconstpointer  data)
{
  BdStore *store = fixture->store;
  gint64 ada = customer_id (store, "C-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *events = NULL;

  g_assert_true (bd_customers_set_contact (store, ada, " ada@example.org ", "+49 30 1234567", "DE", &error));
  g_assert_no_error (error);
  contact = bd_test_text (store, "SELECT email || '|' || phone || '|' || language FROM customers WHERE ref = 'C-1'");
  g_assert_cmpstr (contact, ==, "ada@example.org|+49 30 1234567|de");
  events = bd_test_text (store, "SELECT group_concat(field || ':' || ifnull(old_value, '-') || '>' || new_value, ' ')"
                                " FROM (SELECT * FROM events WHERE entity = 'customer' AND action = 'edit'"
                                " ORDER BY id)");
  g_assert_cmpstr (events, ==, "email:ada@example.com>ada@example.org phone:->+49 30 1234567 language:->de");

  /* the same again: nothing changes, no event */
  g_assert_true (bd_customers_set_contact (store, ada, "ada@example.org", "+49 30 1234567", "de", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE entity = 'customer'"), ==, 3);

  /* cleared: NULL in the store, not "" */
  g_assert_true (bd_customers_set_contact (store, ada, "ada@example.org", "", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM customers WHERE ref = 'C-1'"
                                         " AND phone IS NULL AND language IS NULL"), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE entity = 'customer'"), ==, 5);
}

/* Bad values: an error naming the value, the store as it was. */
static void
test_customers_contact_invalid (Fixture       *fixture,
                                gconstpointer  data)
{
  BdStore *store = fixture->store;
  gint64 ada = customer_id (store, "C-1");
  g_autofree char *before = bd_test_dump (store);
  const struct { const char *email, *phone, *language, *named; } cases[] = {
    { "ada.example.com", NULL, NULL, "ada.example.com" },
    { "ada@", NULL, NULL, "ada@" },
    { "a b@example.com", NULL, NULL, "a b@example.com" },
    { NULL, "call me", NULL, "call me" },
    { NULL, NULL, "german", "german" },
    { NULL, NULL, "d1", "d1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (bd_customers_set_contact (store, ada, cases[i].email, cases[i].phone, cases[i].language,
                                                &error));
      g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      after = bd_test_dump (store);
      g_assert_cmpstr (before, ==, after);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (bd_customers_set_contact (store, 9999, "x@example.com", NULL, NULL, &error));
    g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  }
}

/* The channel a customer prefers: set with an event, the same again
 * without one; anything but email or sms refused, the store as it was. */
static void
test_customers_preferred_channel (Fixture       *fixture,
                                  gconstpointer  data)
{
  BdStore *store = fixture->store;
  gint64 ada = customer_id (store, "C-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *events = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (bd_customers_set_preferred_channel (store, ada, "sms", &error));
  g_assert_no_error (error);
  channel = bd_test_text (store, "SELECT preferred_channel FROM customers WHERE ref = 'C-1'");
  g_assert_cmpstr (channel, ==, "sms");
  g_assert_true (bd_customers_set_preferred_channel (store, ada, "sms", &error));
  events = bd_test_text (store, "SELECT group_concat(field || ':' || old_value || '>' || new_value, ' ')"
                                " FROM events WHERE entity = 'customer' AND action = 'edit'");
  g_assert_cmpstr (events, ==, "preferred_channel:email>sms");

  before = bd_test_dump (store);
  g_assert_false (bd_customers_set_preferred_channel (store, ada, "fax", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“fax”"));
  g_clear_error (&error);
  g_assert_false (bd_customers_set_preferred_channel (store, 9999, "email", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
  after = bd_test_dump (store);
  g_assert_cmpstr (before, ==, after);
}

static char *
alternatives_of (BdStore    *store,
                 const char *sku)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = bd_products_list_alternatives (store, sku, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      BdProductAlternative *alternative = g_ptr_array_index (list, i);

      g_string_append_printf (text, "%s%s=%s", i ? " " : "", alternative->sku, alternative->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Added, listed, removed, added again; an event on the product each
 * time. */
static void
test_customers_alternatives (Fixture       *fixture,
                             gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  g_autofree char *events = NULL;

  list = alternatives_of (store, "MUG-RED");
  g_assert_cmpstr (list, ==, "");

  g_assert_true (bd_products_add_alternative (store, "MUG-RED", " PAN-12 ", &error));
  g_assert_no_error (error);
  g_assert_true (bd_products_add_alternative (store, "MUG-RED", "LAMP", &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_free);
  list = alternatives_of (store, "MUG-RED");
  g_assert_cmpstr (list, ==, "LAMP=Table Lamp PAN-12=Cast Iron Skillet");
  /* one way: the lamp names none */
  g_clear_pointer (&list, g_free);
  list = alternatives_of (store, "LAMP");
  g_assert_cmpstr (list, ==, "");

  g_assert_true (bd_products_remove_alternative (store, "MUG-RED", "PAN-12", &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_free);
  list = alternatives_of (store, "MUG-RED");
  g_assert_cmpstr (list, ==, "LAMP=Table Lamp");
  /* a tombstone, for sync */
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_alternatives WHERE deleted = 1"), ==, 1);

  g_assert_true (bd_products_add_alternative (store, "MUG-RED", "PAN-12", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_alternatives"), ==, 2);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM product_alternatives WHERE deleted = 0"), ==, 2);

  events = bd_test_text (store, "SELECT group_concat(action || ':' || ifnull(old_value, '') || '>'"
                                " || ifnull(new_value, ''), ' ') FROM (SELECT * FROM events"
                                " WHERE entity = 'products' AND field = 'alternative' ORDER BY id)");
  g_assert_cmpstr (events, ==, "alternative-add:>PAN-12 alternative-add:>LAMP alternative-remove:PAN-12> "
                               "alternative-add:>PAN-12");
}

/* Unknown SKUs, the product itself, a duplicate, nothing to remove: each
 * an error that says so, the store as it was. */
static void
test_customers_alternatives_invalid (Fixture       *fixture,
                                     gconstpointer  data)
{
  BdStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const struct { const char *sku, *alternative; gboolean add; int code; const char *says; } cases[] = {
    { "MUG-RED", "NOPE", TRUE, BD_STORE_ERROR_NOT_FOUND, "There is no product “NOPE”" },
    { "NOPE", "LAMP", TRUE, BD_STORE_ERROR_NOT_FOUND, "There is no product “NOPE”" },
    { "MUG-RED", "MUG-RED", TRUE, BD_STORE_ERROR_INVALID, "no alternative to itself" },
    { "MUG-RED", "LAMP", TRUE, BD_STORE_ERROR_INVALID, "“LAMP” is already an alternative to “MUG-RED”" },
    { "MUG-RED", "  ", TRUE, BD_STORE_ERROR_INVALID, "Give the SKU" },
    { "MUG-RED", "PAN-12", FALSE, BD_STORE_ERROR_NOT_FOUND, "“PAN-12” is not an alternative to “MUG-RED”" },
  };

  g_assert_true (bd_products_add_alternative (store, "MUG-RED", "LAMP", &error));
  g_assert_no_error (error);
  before = bd_test_dump (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;
      g_autofree char *after = NULL;
      gboolean ok = cases[i].add ? bd_products_add_alternative (store, cases[i].sku, cases[i].alternative, &case_error)
                                 : bd_products_remove_alternative (store, cases[i].sku, cases[i].alternative,
                                                                   &case_error);

      g_assert_false (ok);
      g_assert_error (case_error, BD_STORE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (case_error->message, cases[i].says));
      after = bd_test_dump (store);
      g_assert_cmpstr (before, ==, after);
    }

  g_assert_null (bd_products_list_alternatives (store, "NOPE", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, imports, bd_test_store_fixture_set_up, func, bd_test_store_fixture_tear_down)

  ADD ("/customers/contact", test_customers_contact);
  ADD ("/customers/contact-invalid", test_customers_contact_invalid);
  ADD ("/customers/preferred-channel", test_customers_preferred_channel);
  ADD ("/customers/alternatives", test_customers_alternatives);
  ADD ("/customers/alternatives-invalid", test_customers_alternatives_invalid);

  return g_test_run ();
}
