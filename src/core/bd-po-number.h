/* bd-po-number.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* The prefix of PO numbers while the team setting po_prefix is not set. */
#define BD_PO_NUMBER_DEFAULT_PREFIX "PO"

char *bd_po_number_next              (BdStore  *store,
                                      GError  **error);
char *bd_po_number_installation_code (BdStore  *store,
                                      GError  **error);

G_END_DECLS
