/* bd-note-row.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-notes.h"

G_BEGIN_DECLS

#define BD_TYPE_NOTE_ROW (bd_note_row_get_type ())
G_DECLARE_FINAL_TYPE (BdNoteRow, bd_note_row, BD, NOTE_ROW, GtkListBoxRow)

GtkWidget  *bd_note_row_new          (const BdNote *note,
                                      gboolean      can_change);
void        bd_note_row_update       (BdNoteRow    *self,
                                      const BdNote *note,
                                      gboolean      can_change);
const char *bd_note_row_get_uuid     (BdNoteRow    *self);
gboolean    bd_note_row_get_editing  (BdNoteRow    *self);
void        bd_note_row_start_editing (BdNoteRow   *self);

G_END_DECLS
