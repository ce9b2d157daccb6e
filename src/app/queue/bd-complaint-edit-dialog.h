/* bd-complaint-edit-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-notes.h"

G_BEGIN_DECLS

#define BD_TYPE_COMPLAINT_EDIT_DIALOG (bd_complaint_edit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdComplaintEditDialog, bd_complaint_edit_dialog, BD, COMPLAINT_EDIT_DIALOG, AdwMessageDialog)

BdComplaintEditDialog *bd_complaint_edit_dialog_new          (GtkWindow             *parent,
                                                              const BdNote          *complaint,
                                                              const char            *currency);
const char            *bd_complaint_edit_dialog_get_uuid     (BdComplaintEditDialog *self);
char                  *bd_complaint_edit_dialog_dup_owner    (BdComplaintEditDialog *self);
const char            *bd_complaint_edit_dialog_get_status   (BdComplaintEditDialog *self);
char                  *bd_complaint_edit_dialog_dup_resolution (BdComplaintEditDialog *self);
gboolean               bd_complaint_edit_dialog_get_incentive (BdComplaintEditDialog *self,
                                                              gint64                *minor);

G_END_DECLS
