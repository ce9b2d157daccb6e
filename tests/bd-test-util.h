/* bd-test-util.h: helpers the tests share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-import.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* One file's text to import, of one kind. */
typedef struct
{
  BdImportKind kind;
  const char *text;
} BdTestCsv;

/* A store in a temporary directory, with data imported: the fixture of
 * tests that read and change a store. Its set-up's data is an array of
 * BdTestCsv imported in order, ended by one whose text is NULL, or NULL
 * for an empty store. */
typedef struct
{
  char *dir;
  BdStore *store;
  guint changed;   /* times the store emitted "changed" since the set-up */
} BdTestStoreFixture;

void       bd_test_store_fixture_set_up    (BdTestStoreFixture *fixture,
                                            gconstpointer       imports);
void       bd_test_store_fixture_tear_down (BdTestStoreFixture *fixture,
                                            gconstpointer       imports);

char      *bd_test_tmpdir        (void);
int        bd_test_thread_nice   (void);
void       bd_test_drop_from_file_cache (const char *path);
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

void       bd_test_count_changed_cb (BdStore            *store,
                                     const char * const *tables,
                                     guint              *changed);

GSubprocess *bd_test_smtp_server_start (const char         *out,
                                        const char * const *args,
                                        guint              *port);
void       bd_test_smtp_server_stop  (GSubprocess       **server);
GPtrArray *bd_test_smtp_received     (const char         *out);
void       bd_test_keep_glib_quark_block (void);
void       bd_test_keyring_start     (void);
void       bd_test_keyring_stop      (void);
void       bd_test_close_session_bus (void);
void       bd_test_make_certificate  (const char         *dir,
                                      char              **cert,
                                      char              **key);

G_END_DECLS
