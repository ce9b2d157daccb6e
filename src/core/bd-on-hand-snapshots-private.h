/* bd-on-hand-snapshots-private.h: the daily on-hand snapshots that imports
 * and receipts write, for inventory turnover
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

char     *bd_on_hand_snapshot_uuid    (const char  *product_uuid,
                                       const char  *day);
gboolean  bd_on_hand_snapshot_write   (BdStore     *store,
                                       gint64       product_id,
                                       const char  *day,
                                       const char  *now,
                                       const char  *batch,
                                       const char  *event_action,
                                       GError     **error);
gboolean  bd_on_hand_snapshot_restore (BdStore     *store,
                                       const char  *batch,
                                       const char  *undo_batch,
                                       const char  *now,
                                       GError     **error);

G_END_DECLS
