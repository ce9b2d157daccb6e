/* bd-queue-filter-bar.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-backorder-query.h"

G_BEGIN_DECLS

#define BD_TYPE_QUEUE_FILTER_BAR (bd_queue_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (BdQueueFilterBar, bd_queue_filter_bar, BD, QUEUE_FILTER_BAR, GtkWidget)

BdBackorderQuery *bd_queue_filter_bar_get_query     (BdQueueFilterBar *self);
void     bd_queue_filter_bar_set_search    (BdQueueFilterBar *self,
                                            const char       *text);
void     bd_queue_filter_bar_set_status    (BdQueueFilterBar *self,
                                            BdStatusFilter    filter);
void     bd_queue_filter_bar_set_suppliers (BdQueueFilterBar *self,
                                            GPtrArray        *suppliers);
void     bd_queue_filter_bar_set_store     (BdQueueFilterBar *self,
                                            BdStore          *store);
void     bd_queue_filter_bar_set_sku       (BdQueueFilterBar *self,
                                            const char       *sku);
void     bd_queue_filter_bar_set_supplier  (BdQueueFilterBar *self,
                                            const char       *ref);
void     bd_queue_filter_bar_set_figure    (BdQueueFilterBar       *self,
                                            const BdBackorderQuery *query,
                                            const char             *label);
void     bd_queue_filter_bar_apply         (BdQueueFilterBar       *self,
                                            const BdBackorderQuery *query,
                                            const char             *label);
void     bd_queue_filter_bar_set_not_covered (BdQueueFilterBar *self,
                                              gboolean          not_covered);
void     bd_queue_filter_bar_set_must_cancel (BdQueueFilterBar *self,
                                              gboolean          must_cancel);
void     bd_queue_filter_bar_set_needs_notice (BdQueueFilterBar *self,
                                               gboolean          needs_notice);
void     bd_queue_filter_bar_focus_search  (BdQueueFilterBar *self);

G_END_DECLS
