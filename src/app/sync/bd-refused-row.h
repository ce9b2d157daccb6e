/* bd-refused-row.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BD_TYPE_REFUSED_ROW (bd_refused_row_get_type ())
G_DECLARE_FINAL_TYPE (BdRefusedRow, bd_refused_row, BD, REFUSED_ROW, AdwBin)

GtkWidget  *bd_refused_row_new        (JsonObject   *refused);
const char *bd_refused_row_get_doc_id (BdRefusedRow *self);
GtkWidget  *bd_refused_row_get_first_button (BdRefusedRow *self);

G_END_DECLS
