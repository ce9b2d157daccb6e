/* bd-cancel-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_CANCEL_DIALOG (bd_cancel_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdCancelDialog, bd_cancel_dialog, BD, CANCEL_DIALOG, AdwMessageDialog)

BdCancelDialog *bd_cancel_dialog_new           (GtkWindow          *parent,
                                                guint               n_lines,
                                                const char * const *refs);
guint           bd_cancel_dialog_get_n_lines   (BdCancelDialog     *self);
void            bd_cancel_dialog_set_lines     (BdCancelDialog     *self,
                                                guint               n_lines,
                                                const char * const *refs);
const char     *bd_cancel_dialog_get_reason    (BdCancelDialog *self);
gboolean        bd_cancel_dialog_get_refunded  (BdCancelDialog *self);

G_END_DECLS
