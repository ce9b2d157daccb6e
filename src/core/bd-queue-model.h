/* bd-queue-model.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-backorder-query.h"
#include "bd-sql-list-model.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* The backorder queue: a BdSqlListModel of backorder lines
 * (BdBackorderSource) with the typed API the pages use. */
#define BD_TYPE_QUEUE_MODEL (bd_queue_model_get_type ())
G_DECLARE_FINAL_TYPE (BdQueueModel, bd_queue_model, BD, QUEUE_MODEL, BdSqlListModel)

BdQueueModel  *bd_queue_model_new            (BdStore        *store);
BdStore       *bd_queue_model_get_store      (BdQueueModel   *self);
const BdBackorderQuery *bd_queue_model_get_query      (BdQueueModel   *self);
void           bd_queue_model_set_query      (BdQueueModel   *self,
                                              const BdBackorderQuery  *query);
void           bd_queue_model_refresh        (BdQueueModel   *self);
gboolean       bd_queue_model_get_loading    (BdQueueModel   *self);
gboolean       bd_queue_model_get_partial    (BdQueueModel   *self);
const char    *bd_queue_model_get_error      (BdQueueModel   *self);
gint64         bd_queue_model_get_id         (BdQueueModel   *self,
                                              guint           position);
guint          bd_queue_model_find_id        (BdQueueModel   *self,
                                              gint64          id);
guint          bd_queue_model_get_n_cached   (BdQueueModel   *self);

G_END_DECLS
