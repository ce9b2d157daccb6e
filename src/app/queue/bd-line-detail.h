/* bd-line-detail.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-backorder.h"

G_BEGIN_DECLS

#define BD_TYPE_LINE_DETAIL (bd_line_detail_get_type ())
G_DECLARE_FINAL_TYPE (BdLineDetail, bd_line_detail, BD, LINE_DETAIL, GtkWidget)

void         bd_line_detail_show_line   (BdLineDetail *self,
                                         BdStore      *store,
                                         gint64        line_id);
void         bd_line_detail_show_many   (BdLineDetail       *self,
                                         guint               n_selected,
                                         const char * const *refs);
void         bd_line_detail_show_none   (BdLineDetail *self);
void         bd_line_detail_refresh     (BdLineDetail *self);
void         bd_line_detail_set_outside_list (BdLineDetail *self,
                                              gboolean      outside);
gboolean     bd_line_detail_get_outside_list (BdLineDetail *self);
void         bd_line_detail_set_folded  (BdLineDetail *self,
                                         gboolean      folded);
void         bd_line_detail_focus_note  (BdLineDetail *self);
void         bd_line_detail_clear_note  (BdLineDetail *self);
BdBackorder *bd_line_detail_get_line    (BdLineDetail *self);

G_END_DECLS
