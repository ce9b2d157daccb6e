/* bd-suppliers-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_SUPPLIERS_PAGE (bd_suppliers_page_get_type ())
G_DECLARE_FINAL_TYPE (BdSuppliersPage, bd_suppliers_page, BD, SUPPLIERS_PAGE, GtkWidget)

void        bd_suppliers_page_set_store    (BdSuppliersPage *self,
                                            BdStore         *store);
GListModel *bd_suppliers_page_get_shown    (BdSuppliersPage *self);
gboolean    bd_suppliers_page_get_loading  (BdSuppliersPage *self);
gboolean    bd_suppliers_page_get_busy     (BdSuppliersPage *self);
gboolean    bd_suppliers_page_select       (BdSuppliersPage *self,
                                            const char      *ref);
const char *bd_suppliers_page_get_shown_ref (BdSuppliersPage *self);

G_END_DECLS
