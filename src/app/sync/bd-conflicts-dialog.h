/* bd-conflicts-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_CONFLICTS_DIALOG (bd_conflicts_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdConflictsDialog, bd_conflicts_dialog, BD, CONFLICTS_DIALOG, AdwWindow)

BdConflictsDialog *bd_conflicts_dialog_new            (GtkWindow         *parent,
                                                       BdStore           *store);
gboolean           bd_conflicts_dialog_get_loading     (BdConflictsDialog *self);
guint              bd_conflicts_dialog_get_n_conflicts (BdConflictsDialog *self);
guint              bd_conflicts_dialog_get_n_refused   (BdConflictsDialog *self);
AdwMessageDialog  *bd_conflicts_dialog_get_edit_dialog (BdConflictsDialog *self);

G_END_DECLS
