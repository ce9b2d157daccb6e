/* bd-backorder-source.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-row-source.h"

G_BEGIN_DECLS

/* Backorder lines as BdBackorder rows, for a BdBackorderQuery (bd-backorder-query.c). */
#define BD_TYPE_BACKORDER_SOURCE (bd_backorder_source_get_type ())
G_DECLARE_FINAL_TYPE (BdBackorderSource, bd_backorder_source, BD, BACKORDER_SOURCE, GObject)

BdRowSource *bd_backorder_source_new (void);

G_END_DECLS
