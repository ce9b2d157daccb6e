/* bd-secrets.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "bd-secrets.h"

/* One libsecret schema for all of the app's secrets: "kind" says what the
 * secret opens, "account" whose it is. The Flatpak reaches the keyring
 * through the Secret portal's D-Bus service like any other app. */

static const char * const kind_names[] = { "smtp", "sms", "sync" };

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.backorderdesk.BackorderDesk.Secret", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
label_for (BdSecretKind kind)
{
  switch (kind)
    {
    case BD_SECRET_SMTP:
      return _("Backorder Desk: mail server password");
    case BD_SECRET_SMS:
      return _("Backorder Desk: SMS gateway token");
    case BD_SECRET_SYNC:
    default:
      return _("Backorder Desk: sync server password");
    }
}

static void
prefix_error (GError       **error,
              BdSecretKind   kind)
{
  g_prefix_error (error, "%s", kind == BD_SECRET_SMTP ? _("Could not use the keyring for the mail password: ")
                               : kind == BD_SECRET_SMS ? _("Could not use the keyring for the SMS token: ")
                                                       : _("Could not use the keyring for the sync password: "));
}

gboolean
bd_secret_store (BdSecretKind   kind,
                 const char    *account,
                 const char    *secret,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (kind <= BD_SECRET_SYNC, FALSE);
  g_return_val_if_fail (account != NULL && secret != NULL, FALSE);

  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label_for (kind), secret,
                                   cancellable, error,
                                   "kind", kind_names[kind], "account", account, NULL))
    {
      prefix_error (error, kind);
      return FALSE;
    }

  return TRUE;
}

/* The secret of @account, or NULL with no error when there is none. */
char *
bd_secret_lookup (BdSecretKind   kind,
                  const char    *account,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GError *local_error = NULL;
  char *secret;

  g_return_val_if_fail (kind <= BD_SECRET_SYNC, NULL);
  g_return_val_if_fail (account != NULL, NULL);

  secret = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                        "kind", kind_names[kind], "account", account, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      prefix_error (error, kind);
      return NULL;
    }

  /* out of libsecret's non-pageable memory into ours: the callers hand
   * it to libcurl and libsoup as a plain string anyway */
  {
    char *copy = g_strdup (secret);

    secret_password_free (secret);
    return copy;
  }
}

gboolean
bd_secret_clear (BdSecretKind   kind,
                 const char    *account,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (kind <= BD_SECRET_SYNC, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  secret_password_clear_sync (get_schema (), cancellable, &local_error,
                              "kind", kind_names[kind], "account", account, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      prefix_error (error, kind);
      return FALSE;
    }

  return TRUE;
}

/* Lets go of the connection to the secret service, for a program that
 * is done with secrets (the CLI before it exits, the tests). */
void
bd_secrets_disconnect (void)
{
  secret_service_disconnect ();
}

/* For backorder-desk-cli: the keyring when a secret service runs, else
 * BD_SMTP_PASSWORD, BD_SMS_TOKEN or BD_SYNC_PASSWORD from the environment
 * (a server without a desktop session); never a command-line argument,
 * which other users see in ps. @source says which ("keyring" or the
 * variable's name); NULL with no error when neither has it. */
char *
bd_secret_lookup_for_cli (BdSecretKind   kind,
                          const char    *account,
                          const char   **source,
                          GError       **error)
{
  static const char * const variables[] = { "BD_SMTP_PASSWORD", "BD_SMS_TOKEN", "BD_SYNC_PASSWORD" };
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *secret = NULL;
  const char *value;

  g_return_val_if_fail (kind <= BD_SECRET_SYNC, NULL);

  *source = NULL;
  secret = bd_secret_lookup (kind, account, NULL, &keyring_error);
  if (secret != NULL)
    {
      *source = "keyring";
      return g_steal_pointer (&secret);
    }

  value = g_getenv (variables[kind]);
  if (value != NULL && *value != '\0')
    {
      *source = variables[kind];
      return g_strdup (value);
    }

  /* no keyring and nothing in the environment: say why the keyring gave
   * nothing, since that is where the app keeps it */
  if (keyring_error != NULL)
    g_propagate_error (error, g_steal_pointer (&keyring_error));
  return NULL;
}
