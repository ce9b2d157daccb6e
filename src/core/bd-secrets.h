/* bd-secrets.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Passwords and tokens live in the user's keyring (libsecret), never in
 * the store, GSettings, logs or exports. */
typedef enum
{
  BD_SECRET_SMTP,     /* the mail server's password; account: "user@host" */
  BD_SECRET_SMS,      /* the SMS gateway's token; account: its URL */
  BD_SECRET_SYNC,     /* the CouchDB server's password; account: "user@url" */
} BdSecretKind;

gboolean  bd_secret_store      (BdSecretKind   kind,
                                const char    *account,
                                const char    *secret,
                                GCancellable  *cancellable,
                                GError       **error);
char     *bd_secret_lookup     (BdSecretKind   kind,
                                const char    *account,
                                GCancellable  *cancellable,
                                GError       **error);
gboolean  bd_secret_clear      (BdSecretKind   kind,
                                const char    *account,
                                GCancellable  *cancellable,
                                GError       **error);
void      bd_secrets_disconnect (void);
char     *bd_secret_lookup_for_cli (BdSecretKind   kind,
                                    const char    *account,
                                    const char   **source,
                                    GError       **error);

G_END_DECLS
