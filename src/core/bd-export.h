/* bd-export.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-backorder.h"
#include "bd-backorder-query.h"
#include "bd-po-source.h"

G_BEGIN_DECLS

gboolean  bd_export_backorders_csv  (BdStore        *store,
                                     const BdBackorderQuery  *query,
                                     GOutputStream  *out,
                                     GCancellable   *cancellable,
                                     GError        **error);
JsonNode *bd_export_backorders_json (BdStore        *store,
                                     const BdBackorderQuery  *query,
                                     GCancellable   *cancellable,
                                     GError        **error);
JsonNode *bd_backorder_to_json      (BdBackorder    *row);

gboolean  bd_export_purchase_orders_csv (BdStore          *store,
                                         const BdPoQuery  *query,
                                         GOutputStream    *out,
                                         GCancellable     *cancellable,
                                         GError          **error);

G_END_DECLS
