/* bd-test-util.h: helpers the tests share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-import.h"
#include "bd-store.h"

G_BEGIN_DECLS

char      *bd_test_tmpdir        (void);
BdStore   *bd_test_store_new     (char       **dir_out);
gboolean   bd_test_import_text   (BdStore     *store,
                                  BdImportKind kind,
                                  const char  *text,
                                  BdImportReport *report,
                                  GError     **error);
gint64     bd_test_count         (BdStore     *store,
                                  const char  *sql);
char      *bd_test_text          (BdStore     *store,
                                  const char  *sql);
char      *bd_test_dump          (BdStore     *store);
void       bd_test_rm_rf         (const char  *dir);

G_END_DECLS
