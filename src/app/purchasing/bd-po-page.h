/* bd-po-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-po-detail.h"
#include "bd-sql-list-model.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_PO_PAGE (bd_po_page_get_type ())
G_DECLARE_FINAL_TYPE (BdPoPage, bd_po_page, BD, PO_PAGE, GtkWidget)

void                bd_po_page_set_store     (BdPoPage    *self,
                                              BdStore     *store);
BdSqlListModel     *bd_po_page_get_model     (BdPoPage    *self);
GtkSelectionModel  *bd_po_page_get_selection (BdPoPage    *self);
BdPoDetail         *bd_po_page_get_detail    (BdPoPage    *self);
gboolean            bd_po_page_get_writing   (BdPoPage    *self);
gboolean            bd_po_page_show_po       (BdPoPage    *self,
                                              const char  *number,
                                              GError     **error);
gboolean            bd_po_page_print         (BdPoPage    *self,
                                              GtkPrintOperationAction action,
                                              const char  *export_path,
                                              GError     **error);
gboolean            bd_po_page_save_pdf      (BdPoPage    *self,
                                              GFile       *file,
                                              GError     **error);
gboolean            bd_po_page_export_csv    (BdPoPage    *self,
                                              GFile       *file,
                                              GError     **error);

G_END_DECLS
