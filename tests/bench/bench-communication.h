/* bench-communication.h: messages and timelines at a large shop's size
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bench_communication (void);

G_END_DECLS
