/* bd-conflict-row.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BD_TYPE_CONFLICT_ROW (bd_conflict_row_get_type ())
G_DECLARE_FINAL_TYPE (BdConflictRow, bd_conflict_row, BD, CONFLICT_ROW, AdwBin)

GtkWidget  *bd_conflict_row_new        (JsonObject    *conflict);
gint64      bd_conflict_row_get_id     (BdConflictRow *self);
GtkWidget  *bd_conflict_row_get_first_button (BdConflictRow *self);
char       *bd_conflict_field_label    (const char    *field);

G_END_DECLS
