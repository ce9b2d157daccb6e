/* bd-receive-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-purchase-orders.h"
#include "bd-receiving.h"

G_BEGIN_DECLS

#define BD_TYPE_RECEIVE_DIALOG (bd_receive_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdReceiveDialog, bd_receive_dialog, BD, RECEIVE_DIALOG, AdwWindow)

BdReceiveDialog *bd_receive_dialog_new              (BdStore            *store,
                                                     gint64              po_id,
                                                     const char         *number,
                                                     GPtrArray          *lines,
                                                     BdAllocationPolicy  policy);
GtkSpinButton   *bd_receive_dialog_get_spin         (BdReceiveDialog    *self,
                                                     const char         *sku);
const char      *bd_receive_dialog_get_error        (BdReceiveDialog    *self);
char            *bd_receive_dialog_get_preview_text (BdReceiveDialog    *self);

G_END_DECLS
