/* bd-incentive-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-incentives.h"

G_BEGIN_DECLS

#define BD_TYPE_INCENTIVE_DIALOG (bd_incentive_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdIncentiveDialog, bd_incentive_dialog, BD, INCENTIVE_DIALOG, AdwMessageDialog)

BdIncentiveDialog *bd_incentive_dialog_new        (GtkWindow         *parent,
                                                   const char        *currency);
BdIncentiveKind    bd_incentive_dialog_get_kind   (BdIncentiveDialog *self);
gboolean           bd_incentive_dialog_get_amount (BdIncentiveDialog *self,
                                                   gint64            *minor);
char              *bd_incentive_dialog_dup_note   (BdIncentiveDialog *self);

G_END_DECLS
