/* bd-queue-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-backorder.h"
#include "bd-backorder-query.h"
#include "bd-compose.h"
#include "bd-queue-model.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_QUEUE_PAGE (bd_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (BdQueuePage, bd_queue_page, BD, QUEUE_PAGE, GtkWidget)

gboolean           bd_queue_page_get_writing    (BdQueuePage *self);
gboolean           bd_queue_page_get_retrying   (BdQueuePage *self);
void               bd_queue_page_undo           (BdQueuePage *self,
                                                 const char  *batch);
void               bd_queue_page_set_store      (BdQueuePage *self,
                                                 BdStore     *store);
BdQueueModel      *bd_queue_page_get_model      (BdQueuePage *self);
GtkSelectionModel *bd_queue_page_get_selection  (BdQueuePage *self);
GtkColumnView     *bd_queue_page_get_column_view (BdQueuePage *self);
const BdBackorderQuery     *bd_queue_page_get_query      (BdQueuePage *self);
GtkWidget         *bd_queue_page_get_detail     (BdQueuePage *self);
void               bd_queue_page_set_search     (BdQueuePage *self,
                                                 const char  *text);
void               bd_queue_page_reload_suppliers (BdQueuePage *self);
void               bd_queue_page_set_query      (BdQueuePage            *self,
                                                 const BdBackorderQuery *query,
                                                 const char             *label);
void               bd_queue_page_set_status_filter (BdQueuePage    *self,
                                                    BdStatusFilter  filter);
GtkColumnViewColumn *bd_queue_page_get_column   (BdQueuePage *self,
                                                 const char  *name);
GActionGroup      *bd_queue_page_get_column_actions (BdQueuePage *self);
GMenuModel        *bd_queue_page_get_columns_menu (BdQueuePage *self);
char              *bd_queue_page_cell_dup_tooltip (GtkWidget  *cell);
char              *bd_queue_page_describe_partly (BdBackorder *row);
void               bd_queue_page_compose        (BdQueuePage     *self,
                                                 BdComposeTarget  target);

G_END_DECLS
