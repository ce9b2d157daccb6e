/* bd-compose-row.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-compose-item.h"

G_BEGIN_DECLS

#define BD_TYPE_COMPOSE_ROW (bd_compose_row_get_type ())
G_DECLARE_FINAL_TYPE (BdComposeRow, bd_compose_row, BD, COMPOSE_ROW, GtkWidget)

GtkWidget     *bd_compose_row_new      (void);
void           bd_compose_row_set_item (BdComposeRow  *self,
                                        BdComposeItem *item);
BdComposeItem *bd_compose_row_get_item (BdComposeRow  *self);
const char    *bd_compose_row_get_result_text (BdComposeRow *self);

G_END_DECLS
