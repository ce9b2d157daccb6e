/* bd-secret-row.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-secrets.h"

G_BEGIN_DECLS

void     bd_secret_row_show_state (AdwEntryRow   *row,
                                   BdSecretKind   kind,
                                   const char    *account,
                                   const char    *title,
                                   const char    *title_set);
gboolean bd_secret_row_store      (AdwEntryRow   *row,
                                   BdSecretKind   kind,
                                   const char    *account,
                                   GError       **error);
gboolean bd_secret_row_save       (AdwEntryRow   *row,
                                   BdSecretKind   kind,
                                   const char    *account,
                                   const char    *no_account,
                                   char         **said);

G_END_DECLS
