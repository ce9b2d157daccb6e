/* test-messages.c: the message log, sending through a real SMTP server,
 * retries that never send twice
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-messages"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-actions.h"
#include "bd-history.h"
#include "bd-incentives.h"
#include "bd-messages.h"
#include "bd-test-util.h"

typedef struct
{
  char *dir;
  char *out;
  BdStore *store;
  GSubprocess *server;
  guint port;
  gint64 line;
  gint64 customer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = bd_test_store_new (&fixture->dir);
  fixture->out = g_build_filename (fixture->dir, "received.jsonl", NULL);
  g_assert_true (bd_test_import_text (fixture->store, BD_IMPORT_ORDERS,
                                      "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,quantity,"
                                      "backordered_quantity\n"
                                      "SO-1,2026-03-01,C-1,Ada Becker,ada@mail.example,MUG,2,1\n",
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_actions_find_line (fixture->store, "SO-1/MUG", &fixture->line, &error));
  fixture->customer = bd_test_count (fixture->store, "SELECT id FROM customers WHERE ref = 'C-1'");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bd_test_smtp_server_stop (&fixture->server);
  g_clear_object (&fixture->store);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->out);
}

static BdOutgoing *
delay_mail (Fixture *fixture)
{
  BdOutgoing *outgoing = bd_outgoing_new (BD_CHANNEL_EMAIL);

  outgoing->kind = g_strdup ("delay_update");
  outgoing->recipient = g_strdup ("ada@mail.example");
  outgoing->recipient_name = g_strdup ("Ada Becker");
  outgoing->customer_id = fixture->customer;
  outgoing->line_id = fixture->line;
  outgoing->subject = g_strdup ("Your order SO-1: a new date");
  outgoing->body = g_strdup ("Dear Ada,\nyour mug now comes on December 3, 2026.");
  outgoing->eta = g_strdup ("2026-12-03");
  outgoing->eta_earliest = g_strdup ("2026-12-01");
  outgoing->eta_latest = g_strdup ("2026-12-08");
  return outgoing;
}

static BdSmtpSession *
session_for (Fixture    *fixture,
             const char *password)
{
  BdSmtpSettings settings = { 0, };

  settings.host = "127.0.0.1";
  settings.port = fixture->port;
  settings.security = BD_SMTP_SECURITY_NONE;
  settings.user = password != NULL ? "desk" : NULL;
  settings.password = (char *)password;
  settings.timeout_seconds = 10;
  return bd_smtp_session_new (&settings);
}

static guint
count_with_reference (Fixture    *fixture,
                      const char *reference)
{
  g_autoptr(GPtrArray) got = bd_test_smtp_received (fixture->out);
  g_autofree char *header = g_strdup_printf ("Message-ID: <%s>", reference);
  guint n = 0;

  for (guint i = 0; i < got->len; i++)
    if (strstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (got, i)), "data"), header))
      n++;

  return n;
}

/* A sent message is logged with its text, the ETA promised and its
 * reference, which is the Message-ID the server got; its line's history
 * has it. */
static void
test_messages_sent (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdSmtpSession) smtp = NULL;
  BdTransport transport = { "desk@shop.example", "Kestrel Home Goods", NULL, NULL, NULL };
  g_autoptr(BdOutgoing) outgoing = delay_mail (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(BdMessage) message = NULL;
  g_autoptr(GPtrArray) by_line = NULL;
  g_autoptr(GPtrArray) by_customer = NULL;

  fixture->server = bd_test_smtp_server_start (fixture->out, NULL, &fixture->port);
  smtp = session_for (fixture, NULL);
  transport.smtp = smtp;

  g_assert_true (bd_messages_send (fixture->store, &transport, outgoing, &uuid, &error));
  g_assert_no_error (error);

  message = bd_messages_get (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message->status, ==, "sent");
  g_assert_cmpstr (message->channel, ==, "email");
  g_assert_cmpstr (message->direction, ==, "out");
  g_assert_cmpstr (message->body, ==, "Dear Ada,\nyour mug now comes on December 3, 2026.");
  g_assert_cmpstr (message->eta, ==, "2026-12-03");
  g_assert_cmpstr (message->eta_earliest, ==, "2026-12-01");
  g_assert_cmpstr (message->eta_latest, ==, "2026-12-08");
  g_assert_cmpint (message->attempts, ==, 1);
  g_assert_nonnull (message->sent_at);
  g_assert_null (message->error);
  g_assert_cmpstr (message->author, ==, "Tester");
  g_assert_cmpuint (count_with_reference (fixture, message->reference), ==, 1);

  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'message'"
                                                  " AND new_value = 'sent' AND line_id IS NOT NULL"), ==, 1);

  by_line = bd_messages_list (fixture->store, 0, fixture->line, &error);
  by_customer = bd_messages_list (fixture->store, fixture->customer, 0, &error);
  g_assert_cmpuint (by_line->len, ==, 1);
  g_assert_cmpuint (by_customer->len, ==, 1);

  /* the line's history names the message by its subject */
  {
    g_autoptr(GPtrArray) history = bd_history_list (fixture->store, fixture->line, &error);
    BdHistoryEntry *last;

    g_assert_no_error (error);
    last = g_ptr_array_index (history, history->len - 1);
    g_assert_cmpstr (last->action, ==, "message");
    g_assert_cmpstr (last->new_value, ==, "sent");
    g_assert_cmpstr (last->subject, ==, "Your order SO-1: a new date");
  }

  /* and it is never sent twice */
  g_assert_false (bd_messages_retry (fixture->store, &transport, uuid, TRUE, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not sent twice"));
  g_assert_cmpuint (count_with_reference (fixture, message->reference), ==, 1);
}

/* A refused login is logged as failed with the server's reason; after the
 * password is fixed the retry sends it, once, with the same reference. */
static void
test_messages_failed_then_retried (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BdSmtpSession) wrong = NULL;
  g_autoptr(BdSmtpSession) right = NULL;
  BdTransport transport = { "desk@shop.example", NULL, NULL, NULL, NULL };
  g_autoptr(BdOutgoing) outgoing = delay_mail (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(BdMessage) failed = NULL;
  g_autoptr(BdMessage) sent = NULL;

  fixture->server = bd_test_smtp_server_start (fixture->out, (const char * const[]) { "--auth", "desk:s3cret", NULL },
                                               &fixture->port);
  wrong = session_for (fixture, "wrong");
  transport.smtp = wrong;
  g_assert_false (bd_messages_send (fixture->store, &transport, outgoing, &uuid, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_LOGIN);
  g_clear_error (&error);

  failed = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (failed->status, ==, "failed");
  g_assert_nonnull (strstr (failed->error, "refused the login"));
  g_assert_null (failed->sent_at);

  right = session_for (fixture, "s3cret");
  transport.smtp = right;
  g_assert_true (bd_messages_retry (fixture->store, &transport, uuid, FALSE, &error));
  g_assert_no_error (error);
  sent = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (sent->status, ==, "sent");
  g_assert_cmpint (sent->attempts, ==, 2);
  g_assert_null (sent->error);
  g_assert_cmpstr (sent->reference, ==, failed->reference);
  g_assert_cmpuint (count_with_reference (fixture, sent->reference), ==, 1);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM messages"), ==, 1);
}

/* The connection breaks after the whole message: "unknown". A retry asks
 * first; with the person's word it goes, with the same Message-ID. */
static void
test_messages_unknown (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BdSmtpSession) smtp = NULL;
  BdTransport transport = { "desk@shop.example", NULL, NULL, NULL, NULL };
  g_autoptr(BdOutgoing) outgoing = delay_mail (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(BdMessage) message = NULL;
  g_autoptr(BdMessage) again = NULL;

  fixture->server = bd_test_smtp_server_start (fixture->out, (const char * const[]) { "--drop-after-data", "1", NULL },
                                               &fixture->port);
  smtp = session_for (fixture, NULL);
  transport.smtp = smtp;
  g_assert_false (bd_messages_send (fixture->store, &transport, outgoing, &uuid, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_UNKNOWN);
  g_clear_error (&error);
  message = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (message->status, ==, "unknown");

  g_assert_false (bd_messages_retry (fixture->store, &transport, uuid, FALSE, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "may have gone out"));
  g_clear_error (&error);
  g_clear_pointer (&again, bd_message_free);
  again = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (again->status, ==, "unknown");
  g_assert_cmpint (again->attempts, ==, 1);

  g_assert_true (bd_messages_retry (fixture->store, &transport, uuid, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, bd_message_free);
  again = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (again->status, ==, "sent");
  g_assert_cmpint (again->attempts, ==, 2);
  g_assert_cmpuint (count_with_reference (fixture, again->reference), ==, 1);
}

/* A customer without an address: logged failed, with why, nothing sent;
 * an .eml file is saved, never "sent"; a mailto is "handed to the mail
 * client". */
static void
test_messages_channels (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *eml_dir = g_build_filename (fixture->dir, "outbox", NULL);
  BdTransport transport = { "desk@shop.example", "Kestrel", NULL, NULL, eml_dir };
  g_autoptr(BdOutgoing) no_address = delay_mail (fixture);
  g_autoptr(BdOutgoing) eml = delay_mail (fixture);
  g_autoptr(BdOutgoing) mailto = delay_mail (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(BdMessage) message = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;

  g_clear_pointer (&no_address->recipient, g_free);
  g_assert_false (bd_messages_send (fixture->store, &transport, no_address, &uuid, &error));
  g_assert_nonnull (strstr (error->message, "Ada Becker has no email address"));
  g_clear_error (&error);
  message = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (message->status, ==, "failed");
  g_assert_cmpstr (message->error, ==, "Ada Becker has no email address");
  g_assert_false (bd_messages_retry (fixture->store, &transport, uuid, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "no recipient"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (eml_dir, 0700), ==, 0);
  eml->channel = BD_CHANNEL_EML;
  g_clear_pointer (&uuid, g_free);
  g_assert_true (bd_messages_send (fixture->store, &transport, eml, &uuid, &error));
  g_assert_no_error (error);
  g_clear_pointer (&message, bd_message_free);
  message = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (message->status, ==, "saved");
  file = g_strdup_printf ("%s/%s.eml", eml_dir, message->reference);
  g_strdelimit (file + strlen (eml_dir) + 1, "@", '-');
  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "To: \"Ada Becker\" <ada@mail.example>\r\n"));
  g_assert_nonnull (strstr (contents, message->reference));

  mailto->channel = BD_CHANNEL_MAILTO;
  g_clear_pointer (&uuid, g_free);
  g_assert_true (bd_messages_send (fixture->store, &transport, mailto, &uuid, &error));
  g_clear_pointer (&message, bd_message_free);
  message = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (message->status, ==, "handed_to_client");
}

/* What came in, and messages a process left half-sent. */
static void
test_messages_incoming_and_interrupted (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(BdMessage) call = NULL;
  g_autofree char *status = NULL;

  g_assert_true (bd_messages_log_incoming (fixture->store, BD_CHANNEL_CALL, fixture->customer, fixture->line,
                                           "Ada called: happy to wait until December.", &uuid, &error));
  g_assert_no_error (error);
  call = bd_messages_get (fixture->store, uuid, &error);
  g_assert_cmpstr (call->direction, ==, "in");
  g_assert_cmpstr (call->status, ==, "received");
  g_assert_cmpstr (call->channel, ==, "call");
  g_assert_false (bd_messages_log_incoming (fixture->store, BD_CHANNEL_REPLY, fixture->customer, 0, "  \n", NULL,
                                            &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* one left "sending" an hour ago by a process that died, one being
   * sent right now by another */
  g_assert_true (bd_store_exec (fixture->store,
                                "INSERT INTO messages (uuid, created_at, updated_at, channel, status, body, reference,"
                                " author) VALUES"
                                " ('m-old', '2020-01-01T10:00:00Z', '2020-01-01T10:00:00Z', 'email', 'sending', 'x',"
                                "  'm-old@backorder-desk', 'Tester'),"
                                " ('m-now', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                                "  'email', 'sending', 'y', 'm-now@backorder-desk', 'Tester')", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bd_messages_settle_interrupted (fixture->store, &error), ==, 1);
  g_assert_no_error (error);
  status = bd_test_text (fixture->store, "SELECT status || ' ' || error FROM messages WHERE uuid = 'm-old'");
  g_assert_cmpstr (status, ==, "unknown The desk stopped while this message was being sent");
  g_clear_pointer (&status, g_free);
  status = bd_test_text (fixture->store, "SELECT status FROM messages WHERE uuid = 'm-now'");
  g_assert_cmpstr (status, ==, "sending");
}

/* An incentive is recorded against the customer and the line, in the
 * order's currency, with an event on the line; a message says it in its
 * language. */
static void
test_messages_incentives (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) given = NULL;
  g_autofree char *uuid = NULL;
  BdIncentive *newest;

  g_assert_false (bd_incentives_give (fixture->store, fixture->line, BD_INCENTIVE_DISCOUNT, 0, NULL, NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (bd_incentives_give (fixture->store, fixture->line, BD_INCENTIVE_DISCOUNT, 500, "for the wait",
                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_incentives_give (fixture->store, fixture->line, BD_INCENTIVE_FREE_SHIPPING, 0, NULL, &uuid,
                                     &error));

  given = bd_incentives_list (fixture->store, fixture->customer, &error);
  g_assert_cmpuint (given->len, ==, 2);
  newest = g_ptr_array_index (given, 0);
  g_assert_cmpstr (newest->uuid, ==, uuid);
  g_assert_cmpint (newest->kind, ==, BD_INCENTIVE_FREE_SHIPPING);
  g_assert_cmpint (((BdIncentive *)g_ptr_array_index (given, 1))->amount, ==, 500);
  g_assert_cmpstr (((BdIncentive *)g_ptr_array_index (given, 1))->currency, ==, "USD");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'incentive'"
                                                  " AND line_id IS NOT NULL"), ==, 2);

  {
    g_autofree char *en = bd_incentive_describe (BD_INCENTIVE_DISCOUNT, 500, "USD", "en");
    g_autofree char *de = bd_incentive_describe (BD_INCENTIVE_DISCOUNT, 500, "EUR", "de");
    g_autofree char *fr = bd_incentive_describe (BD_INCENTIVE_FREE_SHIPPING, 0, "EUR", "fr");

    g_assert_cmpstr (en, ==, "a discount of $5.00");
    g_assert_cmpstr (de, ==, "einen Rabatt von 5,00\u00a0€");
    g_assert_cmpstr (fr, ==, "la livraison gratuite");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/messages/sent", test_messages_sent);
  ADD ("/messages/failed-then-retried", test_messages_failed_then_retried);
  ADD ("/messages/unknown", test_messages_unknown);
  ADD ("/messages/channels", test_messages_channels);
  ADD ("/messages/incoming-and-interrupted", test_messages_incoming_and_interrupted);
  ADD ("/messages/incentives", test_messages_incentives);

  return g_test_run ();
}
