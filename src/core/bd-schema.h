/* bd-schema.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* migrations[i] takes a database from user_version i to i + 1. */
extern const char * const bd_schema_migrations[];
extern const guint bd_schema_n_migrations;

G_END_DECLS
