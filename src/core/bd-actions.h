/* bd-actions.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* What a person does to backorder lines. Each call is one transaction that
 * commits whole or leaves nothing, writes its events under one batch, and
 * hands the batch back so that bd_actions_undo() can revert it. Notes and
 * complaints are in bd-notes.h, the history of a line in bd-history.h. */

gboolean   bd_actions_find_line      (BdStore      *store,
                                      const char   *ref,
                                      gint64       *line_id,
                                      GError      **error);
gboolean   bd_actions_set_status     (BdStore      *store,
                                      const gint64 *line_ids,
                                      guint         n_lines,
                                      const char   *status,
                                      const char   *reason,
                                      gboolean      refunded,
                                      char        **batch,
                                      GError      **error);
gboolean   bd_actions_set_priority   (BdStore      *store,
                                      const gint64 *line_ids,
                                      guint         n_lines,
                                      int           priority,
                                      char        **batch,
                                      GError      **error);
gboolean   bd_actions_undo           (BdStore      *store,
                                      const char   *batch,
                                      GError      **error);

G_END_DECLS
