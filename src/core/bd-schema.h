/* bd-schema.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* PRAGMA application_id of every Backorder Desk database: "BdDk". */
#define BD_SCHEMA_APPLICATION_ID 0x4264446b

/* One step of the schema: SQL, then a C function for what SQL cannot do
 * (backfills), both inside the migration's transaction. Foreign keys are
 * off while steps run and checked before the commit, as SQLite's
 * procedure for rebuilding a table asks. */
typedef gboolean (*BdSchemaFunc) (sqlite3  *db,
                                  GError  **error);

typedef struct
{
  const char *sql;
  BdSchemaFunc func;
} BdSchemaStep;

/* steps[i] takes a database from user_version i to i + 1; the version this
 * build writes is the number of steps. A released step never changes:
 * tests/data holds a database of each released version. */
extern const BdSchemaStep bd_schema_steps[];
extern const guint bd_schema_n_steps;

G_END_DECLS
