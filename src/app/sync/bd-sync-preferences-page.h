/* bd-sync-preferences-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_SYNC_PREFERENCES_PAGE (bd_sync_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (BdSyncPreferencesPage, bd_sync_preferences_page, BD, SYNC_PREFERENCES_PAGE, AdwPreferencesPage)

GtkWidget  *bd_sync_preferences_page_new         (BdStore               *store);
void        bd_sync_preferences_page_set_ca_file (BdSyncPreferencesPage *self,
                                                  const char            *path);
const char *bd_sync_preferences_page_get_ca_file (BdSyncPreferencesPage *self);
gboolean    bd_sync_preferences_page_get_testing (BdSyncPreferencesPage *self);
const char *bd_sync_preferences_page_get_result  (BdSyncPreferencesPage *self);
gboolean    bd_sync_preferences_page_get_failed  (BdSyncPreferencesPage *self);

G_END_DECLS
