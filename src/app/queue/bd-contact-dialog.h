/* bd-contact-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_CONTACT_DIALOG (bd_contact_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdContactDialog, bd_contact_dialog, BD, CONTACT_DIALOG, AdwMessageDialog)

BdContactDialog *bd_contact_dialog_new      (GtkWindow       *parent,
                                             const char      *kind);
const char      *bd_contact_dialog_get_kind (BdContactDialog *self);
char            *bd_contact_dialog_dup_text (BdContactDialog *self);
void             bd_contact_dialog_set_text (BdContactDialog *self,
                                             const char      *text);

G_END_DECLS
