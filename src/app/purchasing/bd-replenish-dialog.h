/* bd-replenish-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_REPLENISH_DIALOG (bd_replenish_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdReplenishDialog, bd_replenish_dialog, BD, REPLENISH_DIALOG, AdwWindow)

BdReplenishDialog *bd_replenish_dialog_new         (BdStore           *store);
GListModel        *bd_replenish_dialog_get_items   (BdReplenishDialog *self);
gboolean           bd_replenish_dialog_get_loading (BdReplenishDialog *self);
gboolean           bd_replenish_dialog_get_busy    (BdReplenishDialog *self);
const char        *bd_replenish_dialog_get_error   (BdReplenishDialog *self);

G_END_DECLS
