/* bd-install-settings.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-messages.h"

G_BEGIN_DECLS

/* Settings of this installation, which do not sync (the settings table):
 * how this desk reaches its mail server and SMS gateway. Passwords and
 * tokens are not among them: they live in the keyring (bd-secrets.h). */

typedef struct
{
  const char *key;            /* "smtp.host" */
  const char *label;          /* N_() */
  const char *default_value;  /* NULL: none */
} BdInstallSettingSpec;

const BdInstallSettingSpec *bd_install_setting_specs  (guint       *n_specs);
const BdInstallSettingSpec *bd_install_setting_lookup (const char  *key);
gboolean    bd_install_setting_check (const char  *key,
                                      const char  *value,
                                      GError     **error);
char       *bd_install_settings_get  (BdStore     *store,
                                      const char  *key);
gboolean    bd_install_settings_set  (BdStore     *store,
                                      const char  *key,
                                      const char  *value,
                                      GError     **error);
char       *bd_install_settings_smtp_account (BdStore *store);

BdTransport *bd_transport_new_from_settings (BdStore    *store,
                                             gboolean    for_cli,
                                             const char *eml_dir,
                                             GError    **error);
void         bd_transport_free              (BdTransport *transport);
gboolean     bd_transport_send_test         (BdTransport *transport,
                                             const char  *to,
                                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTransport, bd_transport_free)

G_END_DECLS
