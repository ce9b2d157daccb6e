/* bd-install-settings.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-install-settings"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-install-settings.h"
#include "bd-secrets.h"
#include "bd-util.h"

static const BdInstallSettingSpec specs[] = {
  { "smtp.host", N_("The mail server’s host name"), NULL },
  { "smtp.port", N_("The mail server’s port (587 for STARTTLS, 465 for TLS)"), NULL },
  { "smtp.security", N_("How the connection is encrypted: starttls, tls, or none (a relay on this machine only)"),
    "starttls" },
  { "smtp.user", N_("The user name for the mail server (its password is kept in the keyring)"), NULL },
  { "smtp.from", N_("The address messages are sent from"), NULL },
  { "smtp.from_name", N_("The name messages are sent from"), NULL },
  { "smtp.ca_file", N_("A certificate authority’s file, for a company’s own mail server certificate"), NULL },
  { "sms.url", N_("The SMS gateway’s address (its token is kept in the keyring)"), NULL },
};

const BdInstallSettingSpec *
bd_install_setting_specs (guint *n_specs)
{
  *n_specs = G_N_ELEMENTS (specs);
  return specs;
}

const BdInstallSettingSpec *
bd_install_setting_lookup (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_strcmp0 (specs[i].key, key) == 0)
      return &specs[i];

  return NULL;
}

/* The value of @key, its default when it is not set, or NULL. */
char *
bd_install_settings_get (BdStore    *store,
                         const char *key)
{
  const BdInstallSettingSpec *spec = bd_install_setting_lookup (key);
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  stmt = bd_store_prepare (store, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL &&
          *sqlite3_column_text (stmt, 0) != '\0')
        return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
    }

  return g_strdup (spec->default_value);
}

/* Whether @value may be the value of @key (an empty value unsets it). */
gboolean
bd_install_setting_check (const char  *key,
                          const char  *value,
                          GError     **error)
{
  if (bd_install_setting_lookup (key) == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("“%s” is not a setting"), key);
      return FALSE;
    }

  if (value != NULL && *value != '\0')
    {
      BdSmtpSecurity security;
      gint64 port;
      g_autofree char *problem = NULL;

      if (g_str_equal (key, "smtp.port") && !bd_parse_int (value, 1, 65535, &port, &problem))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("%s: expected %s, found “%s”"), key,
                       problem, value);
          return FALSE;
        }
      if (g_str_equal (key, "smtp.security") && !bd_smtp_security_from_string (value, &security))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("%s: expected starttls, tls or none, found “%s”"), key, value);
          return FALSE;
        }
      if (g_str_equal (key, "smtp.from") && !bd_mail_address_is_valid (value))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("%s: “%s” is not an email address"), key, value);
          return FALSE;
        }
      if (g_str_equal (key, "sms.url") && !g_str_has_prefix (value, "https://") &&
          !g_str_has_prefix (value, "http://localhost") && !g_str_has_prefix (value, "http://127."))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("%s: “%s” is not an https:// address (http:// is only for a gateway on this machine)"),
                       key, value);
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks @value for @key and writes it; an empty value unsets it. */
gboolean
bd_install_settings_set (BdStore     *store,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  gboolean unset = value == NULL || *value == '\0';

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!bd_install_setting_check (key, value, error))
    return FALSE;

  stmt = bd_store_prepare (store, unset ? "DELETE FROM settings WHERE key = ?1"
                                        : "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (!unset)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not save the setting"));
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "settings", NULL });
  return TRUE;
}

/* The keyring account of the mail server's password: "user@host". */
char *
bd_install_settings_smtp_account (BdStore *store)
{
  g_autofree char *user = bd_install_settings_get (store, "smtp.user");
  g_autofree char *host = bd_install_settings_get (store, "smtp.host");

  if (user == NULL || host == NULL)
    return NULL;
  return g_strdup_printf ("%s@%s", user, host);
}

void
bd_transport_free (BdTransport *transport)
{
  if (transport == NULL)
    return;

  g_free (transport->from);
  g_free (transport->from_name);
  g_clear_pointer (&transport->smtp, bd_smtp_session_free);
  if (transport->sms != NULL)
    {
      g_free (transport->sms->url);
      if (transport->sms->token != NULL)
        memset (transport->sms->token, 0, strlen (transport->sms->token));
      g_free (transport->sms->token);
      g_free (transport->sms);
    }
  g_free (transport->eml_dir);
  g_free (transport);
}

static char *
lookup_secret (BdSecretKind   kind,
               const char    *account,
               gboolean       for_cli,
               GError       **error)
{
  const char *source;

  if (account == NULL)
    return NULL;
  if (for_cli)
    return bd_secret_lookup_for_cli (kind, account, &source, error);
  return bd_secret_lookup (kind, account, NULL, error);
}

/* Where this installation's messages go: the mail server (a session that
 * connects on its first message) and the SMS gateway as set, with their
 * password and token from the keyring (or, for the CLI without one, the
 * environment), and @eml_dir for .eml files. A channel that is not set
 * up is left out; sending on it then says what to set. */
BdTransport *
bd_transport_new_from_settings (BdStore     *store,
                                gboolean     for_cli,
                                const char  *eml_dir,
                                GError     **error)
{
  g_autoptr(BdTransport) transport = g_new0 (BdTransport, 1);
  g_autofree char *host = bd_install_settings_get (store, "smtp.host");
  g_autofree char *url = bd_install_settings_get (store, "sms.url");
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  transport->from = bd_install_settings_get (store, "smtp.from");
  transport->from_name = bd_install_settings_get (store, "smtp.from_name");
  transport->eml_dir = g_strdup (eml_dir);

  if (host != NULL)
    {
      BdSmtpSettings settings = { 0, };
      g_autofree char *port = bd_install_settings_get (store, "smtp.port");
      g_autofree char *security = bd_install_settings_get (store, "smtp.security");
      g_autofree char *user = bd_install_settings_get (store, "smtp.user");
      g_autofree char *ca_file = bd_install_settings_get (store, "smtp.ca_file");
      g_autofree char *account = bd_install_settings_smtp_account (store);
      g_autofree char *password = lookup_secret (BD_SECRET_SMTP, account, for_cli, &local_error);

      if (user != NULL && password == NULL)
        {
          if (local_error != NULL)
            g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                        _("No password for %s: "), account);
          else
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                         for_cli ? _("No password for %s: set it in Preferences, or in BD_SMTP_PASSWORD")
                                 : _("No password for %s: set it in Preferences"), account);
          return NULL;
        }

      settings.host = host;
      settings.port = port != NULL ? (guint)g_ascii_strtoull (port, NULL, 10) : 0;
      bd_smtp_security_from_string (security, &settings.security);
      settings.user = user;
      settings.password = password;
      settings.ca_file = ca_file;
      transport->smtp = bd_smtp_session_new (&settings);
      if (password != NULL)
        memset (password, 0, strlen (password));
    }

  if (url != NULL)
    {
      transport->sms = g_new0 (BdSmsSettings, 1);
      transport->sms->url = g_strdup (url);
      transport->sms->token = lookup_secret (BD_SECRET_SMS, url, for_cli, NULL);
    }

  return g_steal_pointer (&transport);
}

/* A message to @to through @transport's mail server, to check the
 * settings: nothing is logged, since it goes to no customer. Blocks until
 * the server answered; call it on a worker thread. */
gboolean
bd_transport_send_test (BdTransport  *transport,
                        const char   *to,
                        GError      **error)
{
  g_autoptr(BdMail) mail = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *uuid = g_uuid_string_random ();

  g_return_val_if_fail (transport != NULL, FALSE);

  if (transport->smtp == NULL)
    {
      g_set_error_literal (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                           _("No mail server is set: enter its host first"));
      return FALSE;
    }
  if (transport->from == NULL)
    {
      g_set_error_literal (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                           _("No sender address is set: enter the From address first"));
      return FALSE;
    }
  if (to == NULL || !bd_mail_address_is_valid (to))
    {
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                   _("“%s” is not an email address to send the test to"), to != NULL ? to : "");
      return FALSE;
    }

  mail = bd_mail_new ();
  mail->message_id = g_strdup_printf ("test-%s@backorder-desk", uuid);
  mail->from = g_strdup (transport->from);
  mail->from_name = g_strdup (transport->from_name);
  mail->to = g_strdup (to);
  mail->subject = g_strdup (_("Backorder Desk test message"));
  mail->body = g_strdup (_("This message was sent from Backorder Desk’s Preferences to check the mail "
                           "server’s settings. It needs no answer."));

  return bd_smtp_session_send (transport->smtp, mail, now, error);
}
