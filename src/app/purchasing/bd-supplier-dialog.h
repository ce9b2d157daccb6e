/* bd-supplier-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"
#include "bd-suppliers.h"

G_BEGIN_DECLS

#define BD_TYPE_SUPPLIER_DIALOG (bd_supplier_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdSupplierDialog, bd_supplier_dialog, BD, SUPPLIER_DIALOG, AdwWindow)

BdSupplierDialog *bd_supplier_dialog_new       (BdStore          *store,
                                                BdSupplier       *supplier);
gboolean          bd_supplier_dialog_get_busy  (BdSupplierDialog *self);
const char       *bd_supplier_dialog_get_error (BdSupplierDialog *self);

G_END_DECLS
