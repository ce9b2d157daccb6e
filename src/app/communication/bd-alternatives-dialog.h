/* bd-alternatives-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_ALTERNATIVES_DIALOG (bd_alternatives_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdAlternativesDialog, bd_alternatives_dialog, BD, ALTERNATIVES_DIALOG, AdwWindow)

BdAlternativesDialog *bd_alternatives_dialog_new       (GtkWindow            *parent,
                                                        BdStore              *store,
                                                        const char           *sku);
const char           *bd_alternatives_dialog_get_error (BdAlternativesDialog *self);
guint                 bd_alternatives_dialog_get_n_shown (BdAlternativesDialog *self);

G_END_DECLS
