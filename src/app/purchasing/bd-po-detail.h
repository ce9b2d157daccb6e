/* bd-po-detail.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-purchase-order.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_PO_DETAIL (bd_po_detail_get_type ())
G_DECLARE_FINAL_TYPE (BdPoDetail, bd_po_detail, BD, PO_DETAIL, GtkWidget)

void             bd_po_detail_show        (BdPoDetail *self,
                                           BdStore    *store,
                                           gint64      po_id);
void             bd_po_detail_reload      (BdPoDetail *self);
BdPurchaseOrder *bd_po_detail_get_po      (BdPoDetail *self);
GPtrArray       *bd_po_detail_get_lines   (BdPoDetail *self);
void             bd_po_detail_show_error  (BdPoDetail *self,
                                           const char *message);
const char      *bd_po_detail_get_error   (BdPoDetail *self);
void             bd_po_detail_set_busy    (BdPoDetail *self,
                                           gboolean    busy);
void             bd_po_detail_set_folded  (BdPoDetail *self,
                                           gboolean    folded);

G_END_DECLS
