/* bd-status.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The statuses of a backorder line and its priorities, and what a person
 * may do with them by hand (DESIGN.md, The store). The pages, the CLI and
 * the store's actions all ask here; none keeps a copy of these rules. */

#define BD_PRIORITY_NORMAL 0
#define BD_PRIORITY_HIGH   1
#define BD_PRIORITY_URGENT 2
#define BD_PRIORITY_MIN    BD_PRIORITY_NORMAL
#define BD_PRIORITY_MAX    BD_PRIORITY_URGENT

const char * const *bd_statuses                (void);
const char * const *bd_statuses_set_by_hand    (void);
gboolean            bd_status_is_valid         (const char *status);
gboolean            bd_status_is_open          (const char *status);
const char         *bd_status_open_sql         (void);
const char         *bd_status_label            (const char *status);
gboolean            bd_status_can_set_by_hand  (const char *from,
                                                const char *to);
const char         *bd_status_why_not_by_hand  (const char *from,
                                                const char *to);

gboolean            bd_priority_is_valid       (gint64      priority);
const char         *bd_priority_label          (int         priority);
const char         *bd_priority_to_string      (int         priority);

G_END_DECLS
