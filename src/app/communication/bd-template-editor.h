/* bd-template-editor.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_TEMPLATE_EDITOR (bd_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (BdTemplateEditor, bd_template_editor, BD, TEMPLATE_EDITOR, GtkWidget)

void        bd_template_editor_set_store     (BdTemplateEditor *self,
                                              BdStore          *store);
void        bd_template_editor_show_kind     (BdTemplateEditor *self,
                                              const char       *kind);
const char *bd_template_editor_get_kind      (BdTemplateEditor *self);
void        bd_template_editor_set_language  (BdTemplateEditor *self,
                                              const char       *language);
const char *bd_template_editor_get_language  (BdTemplateEditor *self);
void        bd_template_editor_set_line      (BdTemplateEditor *self,
                                              gint64            line_id);
gint64      bd_template_editor_get_line      (BdTemplateEditor *self);
void        bd_template_editor_store_changed (BdTemplateEditor   *self,
                                              const char * const *tables);
gboolean    bd_template_editor_has_draft     (BdTemplateEditor *self,
                                              const char       *kind);
gboolean    bd_template_editor_get_busy      (BdTemplateEditor *self);
void        bd_template_editor_set_folded    (BdTemplateEditor *self,
                                              gboolean          folded);

G_END_DECLS
