/* bd-po-mail-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-messages.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_PO_MAIL_DIALOG (bd_po_mail_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdPoMailDialog, bd_po_mail_dialog, BD, PO_MAIL_DIALOG, AdwWindow)

BdPoMailDialog   *bd_po_mail_dialog_new          (GtkWindow      *parent,
                                                  BdStore        *store,
                                                  const char     *po_number,
                                                  const char     *kind);
const char       *bd_po_mail_dialog_get_state    (BdPoMailDialog *self);
const char       *bd_po_mail_dialog_get_problem  (BdPoMailDialog *self);
const BdOutgoing *bd_po_mail_dialog_get_outgoing (BdPoMailDialog *self);
void              bd_po_mail_dialog_save_eml     (BdPoMailDialog *self,
                                                  GFile          *folder);

G_END_DECLS
