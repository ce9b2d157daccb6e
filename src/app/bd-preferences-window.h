/* bd-preferences-window.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_PREFERENCES_WINDOW (bd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BdPreferencesWindow, bd_preferences_window, BD, PREFERENCES_WINDOW, AdwPreferencesWindow)

BdPreferencesWindow *bd_preferences_window_new      (GtkWindow           *parent,
                                                     BdStore             *store);
BdStore             *bd_preferences_window_get_store (BdPreferencesWindow *self);
gboolean             bd_preferences_window_get_busy (BdPreferencesWindow *self);

G_END_DECLS
