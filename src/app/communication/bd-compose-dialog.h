/* bd-compose-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-compose.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_COMPOSE_DIALOG (bd_compose_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdComposeDialog, bd_compose_dialog, BD, COMPOSE_DIALOG, AdwWindow)

BdComposeDialog *bd_compose_dialog_new            (GtkWindow       *parent,
                                                   BdStore         *store,
                                                   const gint64    *line_ids,
                                                   guint            n_lines,
                                                   BdComposeTarget  target);
BdComposeDialog *bd_compose_dialog_new_for_pos    (GtkWindow          *parent,
                                                   BdStore            *store,
                                                   const char * const *po_numbers);
const char      *bd_compose_dialog_get_state      (BdComposeDialog *self);
GListModel      *bd_compose_dialog_get_items      (BdComposeDialog *self);
guint            bd_compose_dialog_get_n_sendable (BdComposeDialog *self);
const char      *bd_compose_dialog_get_kind       (BdComposeDialog *self);
void             bd_compose_dialog_set_kind       (BdComposeDialog *self,
                                                   const char      *kind);
void             bd_compose_dialog_set_eml_folder (BdComposeDialog *self,
                                                   GFile           *folder);
const char      *bd_compose_dialog_get_mailto_uri (BdComposeDialog *self);

G_END_DECLS
