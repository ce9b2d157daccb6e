/* bd-customers.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

gboolean bd_customers_find         (BdStore     *store,
                                    const char  *ref,
                                    gint64      *id,
                                    GError     **error);
gboolean bd_customers_of_line      (BdStore     *store,
                                    gint64       line_id,
                                    gint64      *id,
                                    GError     **error);

G_END_DECLS
