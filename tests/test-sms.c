/* test-sms.c: text messages sent to an HTTP gateway, a SoupServer in
 * tests/sms-gateway.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sms"

#include "config.h"

#include "bd-sms.h"
#include "bd-test-util.h"

typedef struct
{
  char *dir;
  char *out;
  GSubprocess *gateway;
  char *url;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->out = g_build_filename (fixture->dir, "requests.txt", NULL);
}

static void
stop_gateway (Fixture *fixture)
{
  if (fixture->gateway == NULL)
    return;
  g_subprocess_force_exit (fixture->gateway);
  g_subprocess_wait (fixture->gateway, NULL, NULL);
  g_clear_object (&fixture->gateway);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_gateway (fixture);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->out);
  g_free (fixture->url);
}

/* Starts tests/sms-gateway (a SoupServer) answering @status and @answer,
 * or never when @stall. */
static void
start_gateway (Fixture    *fixture,
               guint       status,
               const char *answer,
               gboolean    stall)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "sms-gateway", NULL);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  stop_gateway (fixture);
  fixture->gateway = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, fixture->out,
                                       status_text, answer, stall ? "stall" : NULL, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->gateway));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY "));
  g_free (fixture->url);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%s/sms", line + 6);
}

/* The requests the gateway got, one a line. */
static GStrv
requests (Fixture *fixture)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (fixture->out, &contents, NULL, NULL))
    return g_new0 (char *, 1);
  g_strchomp (contents);
  if (*contents == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (contents, "\n", -1);
}

static gboolean
send_sms (Fixture     *fixture,
          const char  *url,
          const char  *to,
          guint        timeout_seconds,
          GError     **error)
{
  BdSmsSettings settings = { (char *)url, "t0ken", timeout_seconds };

  return bd_sms_send (&settings, to, "Ihre Tasse kommt am 3. Dezember.", "msg-0190a-1", NULL, error);
}

/* A 2xx is sent: the gateway got one POST with the token and the JSON the
 * README documents, the number in its plain form. */
static void
test_sms_sent (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) got = NULL;

  start_gateway (fixture, 202, "{\"id\":\"gw-1\"}", FALSE);
  g_assert_true (send_sms (fixture, fixture->url, "+49 (30) 123-4567", 5, &error));
  g_assert_no_error (error);
  got = requests (fixture);
  g_assert_cmpuint (g_strv_length (got), ==, 1);
  g_assert_cmpstr (got[0], ==, "POST /sms|Bearer t0ken|application/json|"
                               "{\"to\":\"+49301234567\",\"body\":\"Ihre Tasse kommt am 3. Dezember.\","
                               "\"reference\":\"msg-0190a-1\"}");
}

/* Anything else failed, with the gateway's own reason. */
static void
test_sms_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start_gateway (fixture, 500, "{\"error\":\"quota exceeded for today\"}", FALSE);
  g_assert_false (send_sms (fixture, fixture->url, "+4930123456", 5, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_nonnull (strstr (error->message, "quota exceeded for today"));
  g_assert_nonnull (strstr (error->message, "+4930123456"));
  g_clear_error (&error);

  start_gateway (fixture, 401, "bad token", FALSE);
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
  g_auto(GStrv) got = NULL;

  start_gateway (fixture, 202, "{}", TRUE);
  g_assert_false (send_sms (fixture, fixture->url, "+4930123456", 1, &error));
  g_assert_error (error, BD_SMS_ERROR, BD_SMS_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "may have gone out"));
  got = requests (fixture);
  g_assert_cmpuint (g_strv_length (got), ==, 1);
}

/* What is refused before anything is sent, and a gateway that is not
 * there. */
static void
test_sms_settings (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) got = NULL;
  g_autofree char *gone = NULL;

  start_gateway (fixture, 202, "{}", FALSE);
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
  got = requests (fixture);
  g_assert_cmpuint (g_strv_length (got), ==, 0);

  /* the gateway's address once it is gone */
  gone = g_strdup (fixture->url);
  stop_gateway (fixture);
  g_assert_false (send_sms (fixture, gone, "+4930123456", 5, &error));
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
