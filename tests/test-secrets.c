/* test-secrets.c: passwords in a real keyring (gnome-keyring-daemon on the
 * test's own session bus), and the CLI's fallback to the environment
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-secrets"

#include "config.h"

#include "bd-secrets.h"
#include "bd-test-util.h"

/* A password goes into the keyring and comes back for its kind and
 * account only; cleared, it is gone. */
static void
test_secrets_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sms = NULL;

  g_assert_true (bd_secret_store (BD_SECRET_SMTP, "desk@mail.example", "pässword 1", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_secret_store (BD_SECRET_SMS, "https://sms.example/send", "t0ken", NULL, &error));
  g_assert_no_error (error);

  got = bd_secret_lookup (BD_SECRET_SMTP, "desk@mail.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "pässword 1");
  other = bd_secret_lookup (BD_SECRET_SMTP, "someone@mail.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other);
  sms = bd_secret_lookup (BD_SECRET_SMS, "https://sms.example/send", NULL, &error);
  g_assert_cmpstr (sms, ==, "t0ken");

  /* a new password replaces the old one */
  g_assert_true (bd_secret_store (BD_SECRET_SMTP, "desk@mail.example", "pässword 2", NULL, &error));
  g_clear_pointer (&got, g_free);
  got = bd_secret_lookup (BD_SECRET_SMTP, "desk@mail.example", NULL, &error);
  g_assert_cmpstr (got, ==, "pässword 2");

  g_assert_true (bd_secret_clear (BD_SECRET_SMTP, "desk@mail.example", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = bd_secret_lookup (BD_SECRET_SMTP, "desk@mail.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);
}

/* The CLI takes the keyring's secret first, then the environment's. */
static void
test_secrets_cli_keyring_first (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  const char *source = NULL;

  g_setenv ("BD_SMTP_PASSWORD", "from-env", TRUE);
  got = bd_secret_lookup_for_cli (BD_SECRET_SMTP, "cli@mail.example", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "from-env");
  g_assert_cmpstr (source, ==, "BD_SMTP_PASSWORD");
  g_clear_pointer (&got, g_free);

  g_assert_true (bd_secret_store (BD_SECRET_SMTP, "cli@mail.example", "from-keyring", NULL, &error));
  got = bd_secret_lookup_for_cli (BD_SECRET_SMTP, "cli@mail.example", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "from-keyring");
  g_assert_cmpstr (source, ==, "keyring");
  g_unsetenv ("BD_SMTP_PASSWORD");
}

/* Without a secret service (a server without a desktop session) the CLI
 * reads BD_SMS_TOKEN, and says why the keyring had nothing when the
 * variable is not set either. In a process of its own, with a bus address
 * that leads nowhere. */
static void
test_secrets_cli_without_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      const char *source = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      g_setenv ("BD_SMS_TOKEN", "env-token", TRUE);
      got = bd_secret_lookup_for_cli (BD_SECRET_SMS, "https://sms.example/send", &source, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got, ==, "env-token");
      g_assert_cmpstr (source, ==, "BD_SMS_TOKEN");
      g_clear_pointer (&got, g_free);

      g_unsetenv ("BD_SMS_TOKEN");
      got = bd_secret_lookup_for_cli (BD_SECRET_SMS, "https://sms.example/send", &source, &error);
      g_assert_null (got);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "keyring"));
      bd_secrets_disconnect ();
      bd_test_close_session_bus ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/cli-without-keyring", test_secrets_cli_without_keyring);
  g_test_add_func ("/secrets/keyring", test_secrets_keyring);
  g_test_add_func ("/secrets/cli-keyring-first", test_secrets_cli_keyring_first);

  if (!g_test_subprocess ())
    bd_test_keyring_start ();
  status = g_test_run ();
  bd_test_keyring_stop ();
  return status;
}
