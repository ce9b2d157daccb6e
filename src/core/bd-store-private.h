/* bd-store-private.h: what the import and the tests need of the store
 * beyond its API
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* What the import needs of the store beyond its API: the rows it starts
 * from, the search indexes of the rows it made, and the indexes it drops
 * and builds again when it fills an empty store. */
typedef struct
{
  gint64 customers;
  gint64 products;
  gint64 orders;
  gint64 lines;
} BdStoreMarks;

gboolean     bd_store_mark_rows          (BdStore      *self,
                                          BdStoreMarks *marks,
                                          GError      **error);
gboolean     bd_store_index_new_rows     (BdStore      *self,
                                          const BdStoreMarks *since,
                                          GError      **error);
gboolean     bd_store_drop_indexes       (BdStore      *self,
                                          const char   *table,
                                          GPtrArray    *recreate,
                                          GError      **error);
gboolean     bd_store_recreate_indexes   (BdStore      *self,
                                          GPtrArray    *recreate,
                                          GError      **error);

void         bd_store_set_overlap_checkpoints (BdStore *self,
                                               gboolean overlap);

/* For tests and benchmarks: waits until the checkpoint the last commits
 * asked for is done; how many the store's thread made. */
void         bd_store_wait_checkpoint    (BdStore      *self);
void         bd_store_hold_checkpoints   (BdStore      *self,
                                          gboolean      hold);
guint        bd_store_get_n_checkpoints  (BdStore      *self);

/* For tests of migrations: @steps instead of the schema's own. */
BdStore *bd_store_open_with_steps (const char          *path,
                                   const BdSchemaStep  *steps,
                                   guint                n_steps,
                                   GError             **error);

G_END_DECLS
