/* test-compose.c: messages written from templates for backorder lines
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-compose"

#include "config.h"

#include "bd-actions.h"
#include "bd-compose.h"
#include "bd-incentives.h"
#include "bd-template.h"
#include "bd-test-util.h"

typedef struct
{
  char *dir;
  BdStore *store;
  gint64 ada;      /* SO-1/MUG, in English, by email */
  gint64 bruno;    /* SO-2/MUG, in German, by text message */
} Fixture;

static void
exec_sql (BdStore    *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 30, 10, 0, 0);

  fixture->store = bd_test_store_new (&fixture->dir);
  bd_store_set_fixed_clock (fixture->store, now);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_SUPPLIERS,
                                      "supplier_ref,name,lead_time_days\nSUP-1,Nordic Homeware,10\n", NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_PRODUCTS,
                                      "sku,name,on_hand,supplier_ref,lead_time_days\n"
                                      "MUG,Enamel Mug,0,SUP-1,10\n"
                                      "MUG-OAK,Oak Mug,4,SUP-1,10\n"
                                      "MUG-GLASS,Glass Mug,0,SUP-1,10\n", NULL, &error));
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,quantity,"
                                      "backordered_quantity,promised_at\n"
                                      "SO-1,2026-11-02,C-1,Ada Becker,ada@mail.example,MUG,3,2,2026-11-20\n"
                                      "SO-2,2026-11-03,C-2,Bruno Weber,bruno@mail.example,MUG,1,1,\n",
                                      NULL, &error));
  g_assert_no_error (error);
  exec_sql (fixture->store, "UPDATE customers SET language = 'de', phone = '+49 30 1234567',"
                            " preferred_channel = 'sms', sms_consent = 1 WHERE ref = 'C-2';"
                            "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                            " VALUES ('company_name', 'Kestrel Home Goods', 'ts-company', '2026-01-01', '2026-01-01');");
  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG", &fixture->ada, &error));
  g_assert_true (bd_actions_find_line (fixture->store, "SO-2/MUG", &fixture->bruno, &error));
  bd_store_set_author (fixture->store, "Mia Agent");
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
eta_text (Fixture    *fixture,
          gint64      line,
          const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdEta) eta = bd_eta_for_line (fixture->store, line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (eta->eta);
  return bd_template_format_date (eta->eta, language);
}

/* An English customer gets the English template by email, with the
 * line's values and the ETA promised logged with it. */
static void
test_compose_english_email (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BdComposer) composer = bd_composer_new (fixture->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdOutgoing) message = NULL;
  g_autofree char *eta = eta_text (fixture, fixture->ada, "en");
  g_autofree char *want_body = NULL;

  message = bd_composer_for_line (composer, "delay_update", fixture->ada, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (message->channel, ==, BD_CHANNEL_EMAIL);
  g_assert_cmpstr (message->recipient, ==, "ada@mail.example");
  g_assert_cmpstr (message->recipient_name, ==, "Ada Becker");
  g_assert_cmpstr (message->subject, ==, "Your order SO-1: a new date for Enamel Mug");
  want_body = g_strdup_printf ("Dear Ada Becker,\n\n"
                               "we are sorry: Enamel Mug from your order SO-1 is taking longer than we said. "
                               "We now expect to send it on %s (our estimate).\n\n"
                               "If you have any questions, just reply to this email.\n\n"
                               "Kind regards,\nMia Agent\nKestrel Home Goods", eta);
  g_assert_cmpstr (message->body, ==, want_body);
  g_assert_nonnull (message->eta);
  g_assert_cmpstr (message->kind, ==, "delay_update");
  g_assert_nonnull (message->template_uuid);
  g_assert_cmpint (message->line_id, ==, fixture->ada);
}

/* A German customer who chose text messages gets the German text, no
 * subject, on their phone; by email when asked. */
static void
test_compose_german_sms (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BdComposer) composer = bd_composer_new (fixture->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdOutgoing) sms = NULL;
  g_autoptr(BdOutgoing) email = NULL;
  g_autofree char *eta = eta_text (fixture, fixture->bruno, "de");
  g_autofree char *eta_line = NULL;
  BdChannel by_email = BD_CHANNEL_EMAIL;

  sms = bd_composer_for_line (composer, "delay_notice", fixture->bruno, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sms->channel, ==, BD_CHANNEL_SMS);
  g_assert_cmpstr (sms->recipient, ==, "+49301234567");
  g_assert_null (sms->subject);
  g_assert_true (g_str_has_prefix (sms->body, "Guten Tag Bruno Weber,\n\nwir können Enamel Mug aus Ihrer Bestellung SO-2"));
  eta_line = g_strdup_printf ("Der neue voraussichtliche Termin ist der %s", eta);
  g_assert_nonnull (strstr (sms->body, eta_line));
  /* no date was promised: the order's day and 30 days, in German */
  g_assert_nonnull (strstr (sms->body, "bis zum 3. Dezember 2026 versenden"));
  /* a week to answer */
  g_assert_nonnull (strstr (sms->body, "bis zum 7. Dezember 2026 Bescheid"));

  email = bd_composer_for_line (composer, "delay_notice", fixture->bruno, &by_email, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (email->recipient, ==, "bruno@mail.example");
  g_assert_cmpstr (email->subject, ==, "Ihre Bestellung SO-2 verzögert sich: Möchten Sie warten?");
}

/* What a message cannot say is refused with the line, the template and
 * the placeholder; customer data is never read for placeholders. */
static void
test_compose_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BdComposer) composer = bd_composer_new (fixture->store, NULL);
  g_autoptr(BdComposer) without_company = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdOutgoing) message = NULL;
  BdChannel by_sms = BD_CHANNEL_SMS;

  g_assert_null (bd_composer_for_line (composer, "delay_update", fixture->ada, &by_sms, NULL, &error));
  g_assert_cmpstr (error->message, ==, "SO-1/MUG: Ada Becker has not agreed to text messages");
  g_clear_error (&error);

  g_assert_null (bd_composer_for_line (composer, "chase", fixture->ada, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "to suppliers"));
  g_clear_error (&error);

  g_assert_null (bd_composer_for_line (composer, "alternative_offer", fixture->ada, NULL, NULL, &error));
  g_assert_error (error, BD_TEMPLATE_ERROR, BD_TEMPLATE_ERROR_NO_VALUE);
  g_assert_cmpstr (error->message, ==, "SO-1/MUG, template “Alternative product offer”: "
                                       "{{alternatives}} has no value for this message");
  g_clear_error (&error);

  exec_sql (fixture->store, "DELETE FROM team_settings WHERE key = 'company_name'");
  without_company = bd_composer_new (fixture->store, NULL);
  g_assert_null (bd_composer_for_line (without_company, "delay_update", fixture->ada, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "{{company.name}}"));
  g_clear_error (&error);

  /* a name that looks like a placeholder stays a name */
  exec_sql (fixture->store, "UPDATE customers SET name = '{{order.ref}} Becker' WHERE ref = 'C-1'");
  message = bd_composer_for_line (composer, "shipped", fixture->ada, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (message->body, "Dear {{order.ref}} Becker,"));
}

/* Alternatives in stock, and the incentive given, in the message. */
static void
test_compose_alternatives_and_incentive (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(BdComposer) composer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdOutgoing) offer = NULL;
  g_autoptr(BdOutgoing) thanks = NULL;

  exec_sql (fixture->store,
            "INSERT INTO product_alternatives (product_id, alternative_id, uuid, created_at, updated_at)"
            " SELECT p.id, a.id, 'alt-' || a.sku, '2026-01-01', '2026-01-01' FROM products p, products a"
            " WHERE p.sku = 'MUG' AND a.sku IN ('MUG-OAK', 'MUG-GLASS')");
  g_assert_true (bd_incentives_give (fixture->store, fixture->ada, BD_INCENTIVE_DISCOUNT, 500, NULL, NULL, &error));
  composer = bd_composer_new (fixture->store, NULL);

  offer = bd_composer_for_line (composer, "alternative_offer", fixture->ada, NULL, NULL, &error);
  g_assert_no_error (error);
  /* only what is in stock */
  g_assert_nonnull (strstr (offer->body, "can ship right away:\n\n• Oak Mug (MUG-OAK)\n\nReply"));
  g_assert_null (strstr (offer->body, "Glass"));

  thanks = bd_composer_for_line (composer, "incentive", fixture->ada, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (thanks->subject, ==, "Thank you for waiting: a discount of $5.00 on your order SO-1");
}

/* A supplier gets the PO's message with its lines and, for an order, its
 * PDF attached. */
static void
test_compose_purchase_order (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BdComposer) composer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdOutgoing) order = NULL;
  g_autoptr(BdOutgoing) chase = NULL;

  exec_sql (fixture->store,
            "UPDATE suppliers SET email = 'orders@nordic.example', contact_name = 'Annika Berg';"
            "INSERT INTO purchase_orders (number, supplier_id, status, currency, ordered_at, expected_at,"
            " uuid, created_at, updated_at) SELECT 'PO-T-0001', id, 'sent', 'USD', '2026-11-20T09:00:00Z',"
            " '2026-12-04', 'po-1', '2026-11-20', '2026-11-20' FROM suppliers;"
            "INSERT INTO po_lines (po_id, product_id, quantity, unit_cost, uuid, created_at, updated_at)"
            " SELECT 1, id, 6, 450, 'pl-' || sku, '2026-11-20', '2026-11-20' FROM products WHERE sku = 'MUG';");
  composer = bd_composer_new (fixture->store, NULL);

  order = bd_composer_for_po (composer, "purchase_order", "PO-T-0001", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (order->recipient, ==, "orders@nordic.example");
  g_assert_cmpstr (order->subject, ==, "Purchase order PO-T-0001 from Kestrel Home Goods");
  g_assert_true (g_str_has_prefix (order->body, "Dear Annika Berg,\n\nplease find attached our purchase order "
                                                "PO-T-0001:\n\n• 6 × Enamel Mug (MUG)\n\nWe would like delivery "
                                                "by December 4, 2026."));
  g_assert_cmpstr (order->attachment_name, ==, "PO-T-0001.pdf");
  g_assert_true (g_str_has_prefix (g_bytes_get_data (order->attachment, NULL), "%PDF"));
  g_assert_cmpint (order->po_id, ==, 1);

  chase = bd_composer_for_po (composer, "chase", "PO-T-0001", "fr", &error);
  g_assert_no_error (error);
  /* the PO it chases, attached */
  g_assert_cmpstr (chase->attachment_name, ==, "PO-T-0001.pdf");
  g_assert_true (g_str_has_prefix (g_bytes_get_data (chase->attachment, NULL), "%PDF"));
  g_assert_cmpstr (chase->subject, ==, "Bon de commande PO-T-0001 : merci de confirmer la date de livraison");

  g_assert_null (bd_composer_for_po (composer, "delay_update", "PO-T-0001", NULL, &error));
  g_assert_nonnull (strstr (error->message, "to a customer"));
  g_clear_error (&error);
  g_assert_null (bd_composer_for_po (composer, "chase", "PO-NOPE", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND);
}

/* Lines read ahead give the messages they give when read one by one; a
 * line not read ahead is still read, and what changed after the read
 * ahead is not seen (a composer is one batch). */
static void
test_compose_preload (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BdComposer) plain = bd_composer_new (fixture->store, NULL);
  g_autoptr(BdComposer) preloaded = bd_composer_new (fixture->store, NULL);
  g_autoptr(GError) error = NULL;
  gint64 ids[] = { fixture->ada };
  gint64 lines[] = { fixture->ada, fixture->bruno };

  g_assert_true (bd_composer_preload (preloaded, ids, G_N_ELEMENTS (ids), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(BdOutgoing) want = bd_composer_for_line (plain, "delay_update", lines[i], NULL, NULL, &error);
      g_autoptr(BdOutgoing) got = NULL;

      g_assert_no_error (error);
      got = bd_composer_for_line (preloaded, "delay_update", lines[i], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got->recipient, ==, want->recipient);
      g_assert_cmpstr (got->subject, ==, want->subject);
      g_assert_cmpstr (got->body, ==, want->body);
    }

  /* the line as read ahead: the customer's name changed since, the message does not */
  {
    g_autoptr(BdOutgoing) before = bd_composer_for_line (preloaded, "delay_update", fixture->ada, NULL, NULL, &error);
    g_autoptr(BdOutgoing) after = NULL;

    g_assert_true (bd_store_exec (fixture->store, "UPDATE customers SET name = 'Somebody Else'", &error));
    g_assert_no_error (error);
    after = bd_composer_for_line (preloaded, "delay_update", fixture->ada, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (after->body, ==, before->body);
    g_assert_nonnull (strstr (after->body, "Ada Becker"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/compose/english-email", test_compose_english_email);
  ADD ("/compose/german-sms", test_compose_german_sms);
  ADD ("/compose/refusals", test_compose_refusals);
  ADD ("/compose/alternatives-and-incentive", test_compose_alternatives_and_incentive);
  ADD ("/compose/purchase-order", test_compose_purchase_order);
  ADD ("/compose/preload", test_compose_preload);

  return g_test_run ();
}
