/* bd-messages-preferences-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_MESSAGES_PREFERENCES_PAGE (bd_messages_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (BdMessagesPreferencesPage, bd_messages_preferences_page, BD, MESSAGES_PREFERENCES_PAGE,
                      AdwPreferencesPage)

GtkWidget  *bd_messages_preferences_page_new          (BdStore                   *store);
gboolean    bd_messages_preferences_page_get_testing  (BdMessagesPreferencesPage *self);
const char *bd_messages_preferences_page_get_problem  (BdMessagesPreferencesPage *self);

G_END_DECLS
