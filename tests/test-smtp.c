/* test-smtp.c: mail formatted and sent to a real SMTP server on loopback
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-smtp"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-smtp.h"
#include "bd-test-util.h"

typedef struct
{
  char *dir;
  char *cert;
  char *key;
  char *out;
  GSubprocess *server;
  guint port;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->out = g_build_filename (fixture->dir, "received.jsonl", NULL);
  bd_test_make_certificate (fixture->dir, &fixture->cert, &fixture->key);
}

static void
stop_server (Fixture *fixture)
{
  bd_test_smtp_server_stop (&fixture->server);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_server (fixture);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->cert);
  g_free (fixture->key);
  g_free (fixture->out);
}

static void
start_server (Fixture            *fixture,
              const char * const *args)
{
  fixture->server = bd_test_smtp_server_start (fixture->out, args, &fixture->port);
}

static GPtrArray *
received (Fixture *fixture)
{
  return bd_test_smtp_received (fixture->out);
}

static const char *
member (JsonNode   *message,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (message), name);
}

static BdMail *
mail_new (guint n)
{
  BdMail *mail = bd_mail_new ();

  mail->message_id = g_strdup_printf ("test-%u@backorder-desk.test", n);
  mail->from = g_strdup ("desk@shop.example");
  mail->from_name = g_strdup ("Kestrel Home Goods");
  mail->to = g_strdup_printf ("customer%u@mail.example", n);
  mail->to_name = g_strdup ("Chloé Becker");
  mail->subject = g_strdup_printf ("Your order SO-%u: new date – Lieferung", n);
  mail->body = g_strdup_printf ("Dear Chloé,\nyour mug comes on December %u.\n.\nA line with a dot above.", n);
  return mail;
}

static BdSmtpSettings
settings_for (Fixture        *fixture,
              BdSmtpSecurity  security,
              const char     *password,
              const char     *ca_file)
{
  BdSmtpSettings settings = { 0, };

  settings.host = "127.0.0.1";
  settings.port = fixture->port;
  settings.security = security;
  settings.user = password != NULL ? "desk" : NULL;
  settings.password = (char *)password;
  settings.ca_file = (char *)ca_file;
  settings.timeout_seconds = 10;
  return settings;
}

/* The body of a one-part message, decoded. */
static char *
decoded_body (const char *data)
{
  const char *start = strstr (data, "\r\n\r\n");
  g_autoptr(GString) encoded = g_string_new (NULL);
  g_autofree guchar *decoded = NULL;
  gsize length;

  if (start == NULL)
    start = strstr (data, "\n\n");
  g_assert_nonnull (start);
  for (const char *p = start; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (encoded, *p);
  decoded = g_base64_decode (encoded->str, &length);
  return g_strndup ((const char *)decoded, length);
}

/* Twenty messages over STARTTLS with a login go over one connection, each
 * whole, once, with its own Message-ID. */
static void
test_smtp_send_many (Fixture       *fixture,
                     gconstpointer  data)
{
  BdSmtpSettings settings;
  g_autoptr(BdSmtpSession) session = NULL;
  g_autoptr(GPtrArray) got = NULL;

  start_server (fixture, (const char * const[]) { "--auth", "desk:s3cret", "--starttls", fixture->cert,
                                                  fixture->key, NULL });
  settings = settings_for (fixture, BD_SMTP_SECURITY_STARTTLS, "s3cret", fixture->cert);
  session = bd_smtp_session_new (&settings);

  for (guint i = 1; i <= 20; i++)
    {
      g_autoptr(BdMail) mail = mail_new (i);
      g_autoptr(GError) error = NULL;

      g_assert_true (bd_smtp_session_send (session, mail, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (bd_smtp_session_get_n_connections (session), ==, 1);

  got = received (fixture);
  g_assert_cmpuint (got->len, ==, 20);
  for (guint i = 0; i < got->len; i++)
    {
      JsonNode *message = g_ptr_array_index (got, i);
      JsonObject *object = json_node_get_object (message);
      g_autofree char *id = g_strdup_printf ("Message-ID: <test-%u@backorder-desk.test>", i + 1);
      g_autofree char *to = g_strdup_printf ("customer%u@mail.example", i + 1);
      g_autofree char *body = decoded_body (member (message, "data"));
      g_autofree char *want_body = g_strdup_printf ("Dear Chloé,\r\nyour mug comes on December %u.\r\n.\r\n"
                                                    "A line with a dot above.", i + 1);

      g_assert_nonnull (strstr (member (message, "data"), id));
      g_assert_cmpstr (member (message, "from"), ==, "desk@shop.example");
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "to"), 0), ==, to);
      g_assert_cmpstr (body, ==, want_body);
      g_assert_cmpint (json_object_get_int_member (object, "peer_port"), ==,
                       json_object_get_int_member (json_node_get_object (g_ptr_array_index (got, 0)), "peer_port"));
    }
}

/* A wrong password is a login error that names the user; nothing is sent. */
static void
test_smtp_login_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  BdSmtpSettings settings;
  g_autoptr(BdSmtpSession) session = NULL;
  g_autoptr(BdMail) mail = mail_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) got = NULL;

  start_server (fixture, (const char * const[]) { "--auth", "desk:s3cret", "--starttls", fixture->cert,
                                                  fixture->key, NULL });
  settings = settings_for (fixture, BD_SMTP_SECURITY_STARTTLS, "wrong", fixture->cert);
  session = bd_smtp_session_new (&settings);

  g_assert_false (bd_smtp_session_send (session, mail, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_LOGIN);
  g_assert_nonnull (strstr (error->message, "“desk”"));
  g_assert_null (strstr (error->message, "wrong"));
  got = received (fixture);
  g_assert_cmpuint (got->len, ==, 0);
}

/* A certificate no CA vouches for is refused, over STARTTLS and over TLS,
 * until its CA is set; then the same server is used. */
static void
test_smtp_certificate (Fixture       *fixture,
                       gconstpointer  data)
{
  const struct { const char *option; BdSmtpSecurity security; } modes[] = {
    { "--starttls", BD_SMTP_SECURITY_STARTTLS },
    { "--tls", BD_SMTP_SECURITY_TLS },
  };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      BdSmtpSettings settings;
      g_autoptr(BdSmtpSession) refused = NULL;
      g_autoptr(BdSmtpSession) trusted = NULL;
      g_autoptr(BdMail) mail = mail_new (m);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) got = NULL;

      g_unlink (fixture->out);
      start_server (fixture, (const char * const[]) { modes[m].option, fixture->cert, fixture->key, NULL });

      settings = settings_for (fixture, modes[m].security, NULL, NULL);
      refused = bd_smtp_session_new (&settings);
      g_assert_false (bd_smtp_session_send (refused, mail, NULL, &error));
      g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_CERTIFICATE);
      g_assert_nonnull (strstr (error->message, "127.0.0.1"));
      g_clear_error (&error);
      got = received (fixture);
      g_assert_cmpuint (got->len, ==, 0);
      g_clear_pointer (&got, g_ptr_array_unref);

      settings = settings_for (fixture, modes[m].security, NULL, fixture->cert);
      trusted = bd_smtp_session_new (&settings);
      g_assert_true (bd_smtp_session_send (trusted, mail, NULL, &error));
      g_assert_no_error (error);
      got = received (fixture);
      g_assert_cmpuint (got->len, ==, 1);

      stop_server (fixture);
    }
}

/* The connection breaks while the second message (4 MB with its
 * attachment) is on its way: that one failed (not "unknown": the server
 * never had it whole); sent again on a new connection it arrives, and
 * every message is there exactly once. */
static void
test_smtp_dropped_mid_message (Fixture       *fixture,
                               gconstpointer  data)
{
  BdSmtpSettings settings;
  g_autoptr(BdSmtpSession) session = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMail) first = mail_new (1);
  g_autoptr(BdMail) second = mail_new (2);
  g_autoptr(BdMail) third = mail_new (3);

  second->attachment = g_bytes_new_take (g_malloc0 (4 << 20), 4 << 20);
  second->attachment_name = g_strdup ("big.pdf");
  start_server (fixture, (const char * const[]) { "--drop-mid-data", "2", NULL });
  settings = settings_for (fixture, BD_SMTP_SECURITY_NONE, NULL, NULL);
  session = bd_smtp_session_new (&settings);

  g_assert_true (bd_smtp_session_send (session, first, NULL, &error));
  g_assert_false (bd_smtp_session_send (session, second, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_DROPPED);
  g_clear_error (&error);
  g_assert_true (bd_smtp_session_send (session, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_smtp_session_send (session, third, NULL, &error));
  g_assert_no_error (error);

  got = received (fixture);
  g_assert_cmpuint (got->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("<test-%u@backorder-desk.test>", i + 1);

      g_assert_nonnull (strstr (member (g_ptr_array_index (got, i), "data"), id));
    }
}

/* The connection breaks after the whole message, before the server's
 * answer: it may have gone out, and the error says so. */
static void
test_smtp_dropped_after_data (Fixture       *fixture,
                              gconstpointer  data)
{
  BdSmtpSettings settings;
  g_autoptr(BdSmtpSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMail) mail = mail_new (1);

  start_server (fixture, (const char * const[]) { "--drop-after-data", "1", NULL });
  settings = settings_for (fixture, BD_SMTP_SECURITY_NONE, NULL, NULL);
  session = bd_smtp_session_new (&settings);

  g_assert_false (bd_smtp_session_send (session, mail, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "may have gone out"));
}

static void
test_smtp_refused_and_unreachable (Fixture       *fixture,
                                   gconstpointer  data)
{
  BdSmtpSettings settings;
  g_autoptr(BdSmtpSession) session = NULL;
  g_autoptr(BdSmtpSession) nowhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMail) mail = mail_new (1);
  guint port;

  start_server (fixture, (const char * const[]) { "--refuse-rcpt", "customer1@mail.example", NULL });
  settings = settings_for (fixture, BD_SMTP_SECURITY_NONE, NULL, NULL);
  session = bd_smtp_session_new (&settings);
  g_assert_false (bd_smtp_session_send (session, mail, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "customer1@mail.example"));
  g_assert_nonnull (strstr (error->message, "550"));
  g_clear_error (&error);

  /* nobody listens on the port once the server is gone */
  port = fixture->port;
  stop_server (fixture);
  settings.port = port;
  nowhere = bd_smtp_session_new (&settings);
  g_assert_false (bd_smtp_session_send (nowhere, mail, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_CONNECT);
  g_clear_error (&error);

  /* an address that would add a header is refused before connecting */
  g_free (mail->to);
  mail->to = g_strdup ("a@b.example\r\nBcc: all@else.example");
  g_assert_false (bd_smtp_session_send (nowhere, mail, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS);
}

/* Without encryption only a relay on this machine: a server elsewhere
 * is refused before anything is sent, the password with it. */
static void
test_smtp_none_only_here (Fixture       *fixture,
                          gconstpointer  data)
{
  BdSmtpSettings settings;
  g_autoptr(BdSmtpSession) remote = NULL;
  g_autoptr(BdSmtpSession) here = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMail) mail = mail_new (1);

  start_server (fixture, NULL);
  settings = settings_for (fixture, BD_SMTP_SECURITY_NONE, NULL, NULL);
  settings.host = "mail.shop.example";
  remote = bd_smtp_session_new (&settings);
  g_assert_false (bd_smtp_session_send (remote, mail, NULL, &error));
  g_assert_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "mail.shop.example is not on this computer"));
  g_assert_cmpuint (bd_smtp_session_get_n_connections (remote), ==, 0);
  g_clear_error (&error);

  /* localhost is this machine */
  settings.host = "localhost";
  here = bd_smtp_session_new (&settings);
  g_assert_true (bd_smtp_session_send (here, mail, NULL, &error));
  g_assert_no_error (error);
}

/* The message as text: encoded words for a subject and a name that are
 * not ASCII, a quoted ASCII name, an RFC 5322 date, a PDF attached. */
static void
test_mail_format (void)
{
  g_autoptr(BdMail) mail = mail_new (7);
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 30, 9, 5, 0);
  g_autofree char *text = NULL;
  g_autofree char *with_pdf = NULL;
  g_autofree char *pdf_base64 = g_base64_encode ((const guchar *)"%PDF-1.5 test", 13);

  text = bd_mail_format (mail, date);
  g_assert_true (g_str_has_prefix (text, "From: \"Kestrel Home Goods\" <desk@shop.example>\r\n"));
  g_assert_nonnull (strstr (text, "\r\nTo: =?UTF-8?B?Q2hsb8OpIEJlY2tlcg==?= <customer7@mail.example>\r\n"));
  g_assert_nonnull (strstr (text, "\r\nSubject: =?UTF-8?B?"));
  g_assert_nonnull (strstr (text, "\r\nDate: Mon, 30 Nov 2026 09:05:00 +0000\r\n"));
  g_assert_nonnull (strstr (text, "\r\nMessage-ID: <test-7@backorder-desk.test>\r\n"));
  g_assert_nonnull (strstr (text, "Content-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_null (strstr (text, "Chloé"));

  mail->attachment = g_bytes_new_static ("%PDF-1.5 test", 13);
  mail->attachment_name = g_strdup ("PO-K7-0042.pdf");
  mail->attachment_type = g_strdup ("application/pdf");
  with_pdf = bd_mail_format (mail, date);
  g_assert_nonnull (strstr (with_pdf, "Content-Type: multipart/mixed; boundary="));
  g_assert_nonnull (strstr (with_pdf, "Content-Disposition: attachment; filename=\"PO-K7-0042.pdf\""));
  g_assert_nonnull (strstr (with_pdf, pdf_base64));

  g_assert_true (bd_mail_address_is_valid ("ada@example.com"));
  g_assert_false (bd_mail_address_is_valid ("ada example.com"));
  g_assert_false (bd_mail_address_is_valid ("<ada@example.com>"));
  g_assert_false (bd_mail_address_is_valid ("ada@example.com, eve@example.com"));
  g_assert_false (bd_mail_address_is_valid ("@example.com"));
  g_assert_false (bd_mail_address_is_valid ("ada@"));
}

/* The URI the user's mail program opens: every field percent-encoded as
 * UTF-8, spaces as %20, line breaks as %0D%0A, and nothing of the text
 * able to end its field or add one. */
static void
test_mail_mailto (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *no_subject = NULL;
  g_autofree char *decoded = NULL;

  uri = bd_mail_mailto_uri ("jörg+orders@example.com", "Your order K-1: ready & shipped? 100% sure",
                            "Dear Zoë,\nyour vase (SKU #12) ships on 3 March.\r\ncc=eve@example.com\n\n— Kestrel");
  g_assert_cmpstr (uri, ==,
                   "mailto:j%C3%B6rg+orders@example.com"
                   "?subject=Your%20order%20K-1%3A%20ready%20%26%20shipped%3F%20100%25%20sure"
                   "&body=Dear%20Zo%C3%AB%2C%0D%0Ayour%20vase%20%28SKU%20%2312%29%20ships%20on%203%20March."
                   "%0D%0Acc%3Deve%40example.com%0D%0A%0D%0A%E2%80%94%20Kestrel");
  /* what a mail program decodes is the text, as UTF-8 */
  decoded = g_uri_unescape_string (strstr (uri, "&body=") + 6, NULL);
  g_assert_cmpstr (decoded, ==, "Dear Zoë,\r\nyour vase (SKU #12) ships on 3 March.\r\ncc=eve@example.com"
                                "\r\n\r\n— Kestrel");

  /* a subject is one line; no subject, no field */
  g_clear_pointer (&uri, g_free);
  uri = bd_mail_mailto_uri ("ada@example.com", "Line one\nBcc: eve@example.com", NULL);
  g_assert_cmpstr (uri, ==, "mailto:ada@example.com?subject=Line%20one%20Bcc%3A%20eve%40example.com");
  no_subject = bd_mail_mailto_uri ("ada@example.com", NULL, "Hi");
  g_assert_cmpstr (no_subject, ==, "mailto:ada@example.com?body=Hi");

  /* an address that would add recipients is refused */
  g_assert_null (bd_mail_mailto_uri ("ada@example.com,eve@example.com", "x", "y"));
  g_assert_null (bd_mail_mailto_uri ("ada@example.com?cc=eve@example.com", "x", "y"));
  g_assert_null (bd_mail_mailto_uri (NULL, "x", "y"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/smtp/none-only-here", test_smtp_none_only_here);

  g_test_add_func ("/mail/format", test_mail_format);
  g_test_add_func ("/mail/mailto", test_mail_mailto);
  ADD ("/smtp/send-many", test_smtp_send_many);
  ADD ("/smtp/login-refused", test_smtp_login_refused);
  ADD ("/smtp/certificate", test_smtp_certificate);
  ADD ("/smtp/dropped-mid-message", test_smtp_dropped_mid_message);
  ADD ("/smtp/dropped-after-data", test_smtp_dropped_after_data);
  ADD ("/smtp/refused-and-unreachable", test_smtp_refused_and_unreachable);

  return g_test_run ();
}
