/* bd-link-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"
#include "bd-suppliers.h"

G_BEGIN_DECLS

#define BD_TYPE_LINK_DIALOG (bd_link_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdLinkDialog, bd_link_dialog, BD, LINK_DIALOG, AdwWindow)

BdLinkDialog *bd_link_dialog_new       (BdStore                 *store,
                                        BdSupplier              *supplier,
                                        const BdSupplierProduct *product,
                                        const char              *default_currency);
gboolean      bd_link_dialog_get_busy  (BdLinkDialog            *self);
const char   *bd_link_dialog_get_error (BdLinkDialog            *self);

G_END_DECLS
