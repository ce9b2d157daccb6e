/* bd-complaint-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_COMPLAINT_DIALOG (bd_complaint_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdComplaintDialog, bd_complaint_dialog, BD, COMPLAINT_DIALOG, AdwMessageDialog)

BdComplaintDialog *bd_complaint_dialog_new          (GtkWindow         *parent);
const char        *bd_complaint_dialog_get_category (BdComplaintDialog *self);
char              *bd_complaint_dialog_dup_text     (BdComplaintDialog *self);

G_END_DECLS
