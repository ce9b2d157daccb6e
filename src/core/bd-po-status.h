/* bd-po-status.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The statuses of a purchase order and the moves between them: one table
 * of legal transitions that the store's actions, the import, the CLI and
 * the pages all ask; none keeps a copy of these rules. */

const char * const *bd_po_statuses                 (void);
const char * const *bd_po_statuses_set_by_hand     (void);
gboolean            bd_po_status_is_valid          (const char *status);
gboolean            bd_po_status_is_open           (const char *status);
gboolean            bd_po_status_can_edit_lines    (const char *status);
gboolean            bd_po_status_can_set_expected  (const char *status);
const char         *bd_po_status_open_sql          (void);
const char         *bd_po_status_label             (const char *status);
const char         *bd_po_status_why_not           (const char *from,
                                                    const char *to);
const char         *bd_po_status_why_not_by_hand   (const char *from,
                                                    const char *to);

G_END_DECLS
