/* bd-store-private.h: what the tests of the store need beyond its API
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

BdStore *bd_store_open_with_steps (const char          *path,
                                   const BdSchemaStep  *steps,
                                   guint                n_steps,
                                   GError             **error);

G_END_DECLS
