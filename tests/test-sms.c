/* test-sms.c: text messages sent to an HTTP gateway, a SoupServer here
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sms"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bd-sms.h"

typedef struct
{
  SoupServer *server;
  char *url;
  guint status;           /* what the gateway answers */
  const char *answer;     /* its body */
  gboolean stall;         /* never answer */
  GPtrArray *requests;    /* "AUTH|BODY" of each request */
  GPtrArray *stalled;     /* SoupServerMessage, kept paused */
} Fixture;

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  g_ptr_array_add (fixture->requests,
                   g_strdup_printf ("%s %s|%s|%s|%.*s", soup_server_message_get_method (msg), path,
                                    soup_message_headers_get_one (headers, "Authorization"),
                                    soup_message_headers_get_content_type (headers, NULL),
                                    (int)g_bytes_get_size (bytes), (const char *)g_bytes_get_data (bytes, NULL)));

  if (fixture->stall)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->stalled, g_object_ref (msg));
      return;
    }

  soup_server_message_set_status (msg, fixture->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    fixture->answer, strlen (fixture->answer));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->requests = g_ptr_array_new_with_free_func (g_free);
  fixture->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->status = 202;
  fixture->answer = "{\"id\":\"gw-1\"}";
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/sms", handler_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d/sms", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < fixture->stalled->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->stalled, i));
  g_ptr_array_unref (fixture->stalled);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->requests);
  g_free (fixture->url);
}

typedef struct
{
  BdSmsSettings settings;
  const char *to;
  gboolean done;
  gboolean ok;
  GError *error;
} Send;

static gpointer
send_thread (gpointer data)
{
  Send *send = data;

  send->ok = bd_sms_send (&send->settings, send->to, "Ihre Tasse kommt am 3. Dezember.",
                          "msg-0190a-1", NULL, &send->error);
  g_atomic_int_set (&send->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Sends from a thread, as the app does, while the server answers here. */
static gboolean
send_sms (Fixture     *fixture,
          const char  *url,
          const char  *to,
          guint        timeout_seconds,
          GError     **error)
{
  Send send = { { (char *)url, "t0ken", timeout_seconds }, to, FALSE, FALSE, NULL };
  GThread *thread = g_thread_new ("send", send_thread, &send);

  while (!g_atomic_int_get (&send.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  if (send.error != NULL)
    g_propagate_error (error, send.error);
  return send.ok;
}

/* A 2xx is sent: the gateway got one POST with the token and the JSON the
 * README documents, the number in its plain form. */
static void
test_sms_sent (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;

  g_assert_true (send_sms (fixture, fixture->url, "+49 (30) 123-4567", 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->requests->len, ==, 1);
  want = g_strdup ("POST /sms|Bearer t0ken|application/json|"
                   "{\"to\":\"+49301234567\",\"body\":\"Ihre Tasse kommt am 3. Dezember.\","
                   "\"reference\":\"msg-0190a-1\"}");
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==, want);
}

/* Anything else failed, with the gateway's own reason. */
static void
test_sms_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->status = 500;
  fixture->answer = "{\"error\":\"quota exceeded for today\"}";
  g_assert_false (send_sms (fixture, fixture->url, "+4930123456", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_nonnull (strstr (error->message, "quota exceeded for today"));
  g_assert_nonnull (strstr (error->message, "+4930123456"));
  g_clear_error (&error);

  fixture->status = 401;
  fixture->answer = "bad token";
  g_assert_false (send_sms (fixture, fixture->url, "+4930123456", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "bad token"));
}

/* No answer within the timeout: the request went, so it may have gone
 * out, and the error says so rather than "failed". */
static void
test_sms_timeout (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->stall = TRUE;
  g_assert_false (send_sms (fixture, fixture->url, "+4930123456", 1, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "may have gone out"));
  g_assert_cmpuint (fixture->requests->len, ==, 1);
}

/* What is refused before anything is sent, and a gateway that is not
 * there. */
static void
test_sms_settings (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint port;
  g_autofree char *closed = NULL;

  g_assert_false (send_sms (fixture, "http://sms.example.com/send", "+4930123456", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  g_assert_false (send_sms (fixture, "", "+4930123456", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS);
  g_clear_error (&error);

  g_assert_false (send_sms (fixture, fixture->url, "call me", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "call me"));
  g_clear_error (&error);
  g_assert_cmpuint (fixture->requests->len, ==, 0);

  /* the server's port once it is gone */
  {
    GSList *uris = soup_server_get_uris (fixture->server);

    port = g_uri_get_port (uris->data);
    g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  }
  soup_server_disconnect (fixture->server);
  closed = g_strdup_printf ("http://127.0.0.1:%u/sms", port);
  g_assert_false (send_sms (fixture, closed, "+4930123456", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_CONNECT);
}

static void
test_sms_phone (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "+49 30 1234567", "+49301234567" },
    { "(030) 123-45.67", "030123456" "7" },
    { "+1 415 555 0100", "+14155550100" },
    { "12345", NULL },
    { "+49 30 12a4567", NULL },
    { "4930+1234567", NULL },
    { "1234567890123456", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = bd_sms_normalize_phone (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/sms/phone", test_sms_phone);
  ADD ("/sms/sent", test_sms_sent);
  ADD ("/sms/refused", test_sms_refused);
  ADD ("/sms/timeout", test_sms_timeout);
  ADD ("/sms/settings", test_sms_settings);

  return g_test_run ();
}
