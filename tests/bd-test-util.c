/* bd-test-util.c: helpers the tests share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-test-util"

#define _GNU_SOURCE  /* dl_iterate_phdr() */

#include "config.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#ifdef __SANITIZE_ADDRESS__
#include <link.h>
#include <sanitizer/lsan_interface.h>

/* the allocator's interface; GCC 12 ships no header for it */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);
#endif

#include <json-glib/json-glib.h>

#include "bd-secrets.h"
#include "bd-test-util.h"

char *
bd_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bd-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* The calling thread's nice value, which Linux keeps per thread
 * (bd_thread_give_way()); 0 elsewhere. */
int
bd_test_thread_nice (void)
{
#ifdef __linux__
  return getpriority (PRIO_PROCESS, (id_t)syscall (SYS_gettid));
#else
  return 0;
#endif
}

BdStore *
bd_test_store_new (char **dir_out)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  BdStore *store;

  store = bd_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  bd_store_set_author (store, "Tester");

  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);

  return store;
}

gboolean
bd_test_import_text (BdStore         *store,
                     BdImportKind     kind,
                     const char      *text,
                     BdImportReport  *report,
                     GError         **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(BdCsvReader) reader = NULL;
  const char *names[] = { "suppliers.csv", "products.csv", "orders.csv", "purchase_orders.csv",
                          "product_suppliers.csv", "product_alternatives.csv" };

  g_assert_cmpuint (kind, <, G_N_ELEMENTS (names));

  reader = bd_csv_reader_new_for_bytes (bytes, names[kind]);
  return bd_import_reader (store, kind, reader, report, NULL, NULL, NULL, error);
}

static void
store_changed_cb (BdStore            *store,
                  const char * const *tables,
                  BdTestStoreFixture *fixture)
{
  fixture->changed++;
}

void
bd_test_store_fixture_set_up (BdTestStoreFixture *fixture,
                              gconstpointer       imports)
{
  const BdTestCsv *csv = imports;

  fixture->store = bd_test_store_new (&fixture->dir);
  fixture->changed = 0;

  for (; csv != NULL && csv->text != NULL; csv++)
    {
      g_autoptr(GError) error = NULL;
      gboolean imported = bd_test_import_text (fixture->store, csv->kind, csv->text, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (imported);
    }

  g_signal_connect (fixture->store, "changed", G_CALLBACK (store_changed_cb), fixture);
}

void
bd_test_store_fixture_tear_down (BdTestStoreFixture *fixture,
                                 gconstpointer       imports)
{
  g_clear_object (&fixture->store);
  bd_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

gint64
bd_test_count (BdStore    *store,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  return value;
}

char *
bd_test_text (BdStore    *store,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

/* Every row of every table a person's data lives in, and the schema (an
 * import drops and rebuilds indexes), as text: two stores hold the same
 * data when their dumps are equal. */
char *
bd_test_dump (BdStore *store)
{
  static const char * const tables[] = {
    "settings", "suppliers", "products", "product_suppliers", "customers", "orders",
    "order_lines", "notes", "complaints", "events",
    "team_settings", "purchase_orders", "po_lines", "po_line_covers", "receipts", "receipt_lines",
    "allocations",
    "(SELECT type, name, tbl_name, sql FROM sqlite_schema)",
  };
  GString *dump = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, NULL);

      g_assert_nonnull (stmt);
      g_string_append_printf (dump, "== %s\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *v = (const char *)sqlite3_column_text (stmt, c);
              g_string_append_printf (dump, "%s|", v ? v : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
    }

  return g_string_free (dump, FALSE);
}

void
bd_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        bd_test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* A "changed" handler that counts into a guint. */
void
bd_test_count_changed_cb (BdStore            *store,
                          const char * const *tables,
                          guint              *changed)
{
  (*changed)++;
}

/* A certificate of our own for 127.0.0.1, which no system CA vouches for,
 * made with openssl in @dir. */
void
bd_test_make_certificate (const char  *dir,
                          char       **cert,
                          char       **key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;

  *cert = g_build_filename (dir, "cert.pem", NULL);
  *key = g_build_filename (dir, "key.pem", NULL);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", *key, "-out", *cert, "-days", "2",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
}

/* Starts tests/smtp-server.py, a real SMTP server on a free loopback port
 * (Debian's python3-aiosmtpd), with @args; it writes what it accepts to
 * @out. Returns when it listens on *@port. */
GSubprocess *
bd_test_smtp_server_start (const char         *out,
                           const char * const *args,
                           guint              *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "smtp-server.py", NULL);
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  /* Debian's python, which has python3-aiosmtpd, whatever python is first
   * on PATH */
  g_ptr_array_add (argv, "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, "--out");
  g_ptr_array_add (argv, (gpointer)out);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  server = g_subprocess_newv ((const char * const *)argv->pdata,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (stdout_lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY "));
  *port = (guint)g_ascii_strtoull (line + 6, NULL, 10);
  g_assert_cmpuint (*port, >, 0);
  return server;
}

void
bd_test_smtp_server_stop (GSubprocess **server)
{
  if (*server == NULL)
    return;

  g_subprocess_force_exit (*server);
  g_subprocess_wait (*server, NULL, NULL);
  g_clear_object (server);
}

/* What the server accepted: one JSON object a message. */
GPtrArray *
bd_test_smtp_received (const char *out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  if (!g_file_get_contents (out, &contents, NULL, NULL))
    return messages;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_ptr_array_add (messages, node);
    }

  return messages;
}

#ifdef __SANITIZE_ADDRESS__
/* GLib's first block of quarks: 2048 pointers, the address of the string
 * of quark 1 second among them. */
#define QUARK_BLOCK_SIZE 2048

static int
keep_quark_block_cb (struct dl_phdr_info *info,
                     size_t               size,
                     void                *data)
{
  const char *quark_1 = g_quark_to_string (1);

  if (strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;

  /* the static that points to the block is in GLib's writable data */
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      const char *start;

      if (phdr->p_type != PT_LOAD || (phdr->p_flags & PF_W) == 0)
        continue;

      start = (const char *)(info->dlpi_addr + phdr->p_vaddr);
      for (gsize offset = (-(guintptr)start) % sizeof (gpointer);
           offset + sizeof (gpointer) <= phdr->p_memsz;
           offset += sizeof (gpointer))
        {
          const char * const *candidate = *(const char * const * const *)(gconstpointer)(start + offset);

          /* the allocator says what is a block of its own, without reading it */
          if (candidate != NULL && __sanitizer_get_ownership (candidate) &&
              __sanitizer_get_allocated_size (candidate) == QUARK_BLOCK_SIZE * sizeof (char *) &&
              candidate[1] == quark_1)
            {
              __lsan_ignore_object (candidate);
              *(gboolean *)data = TRUE;
              return 1;
            }
        }
    }

  return 1;
}
#endif

/* GLib drops its first block of quarks when a program makes more than
 * 2048 (on purpose: readers look quarks up without a lock), and
 * LeakSanitizer reports it as a leak of 16 KiB whose stack, with the fast
 * unwinder, stops at g_malloc() like any other (tools/run-sanitized-tests.sh):
 * no suppression can name it alone, and the UI test makes more than 2048.
 * Marks the block as not leaked; call it at the start of main(), while
 * GLib still points to it. A no-op without AddressSanitizer. */
void
bd_test_keep_glib_quark_block (void)
{
#ifdef __SANITIZE_ADDRESS__
  gboolean found = FALSE;

  dl_iterate_phdr (keep_quark_block_cb, &found);
  if (!found)
    g_printerr ("GLib’s first block of quarks was not found: LeakSanitizer may report it\n");
#endif
}

/* ---- a secret service for the tests ---- */

static GSubprocess *keyring;
static char *keyring_dir;

/* gnome-keyring-daemon, unlocked with a password on its stdin, as the
 * README's test command's dbus-run-session has no secret service. */
void
bd_test_keyring_start (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  GOutputStream *input;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  keyring_dir = bd_test_tmpdir ();
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_dir, TRUE);
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (keyring);
  g_assert_true (g_output_stream_write_all (input, "test-keyring-password", 21, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_no_error (error);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", "org.freedesktop.secrets"),
                                                               G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                               -1, NULL, &error);
      gboolean owned = FALSE;

      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &owned);
      if (owned)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

/* The session bus closed, and what it had read and not yet handed to the
 * main loop (signals libsecret subscribed to) dispatched, so that nothing
 * is left in flight when the program ends. */
void
bd_test_close_session_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus == NULL)
    return;
  g_dbus_connection_close_sync (bus, NULL, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The keyring stopped, after the store's secrets let go of it and the
 * session bus closed. */
void
bd_test_keyring_stop (void)
{
  bd_secrets_disconnect ();
  bd_test_close_session_bus ();
  if (keyring == NULL)
    return;
  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
  g_clear_object (&keyring);
  bd_test_rm_rf (keyring_dir);
  g_clear_pointer (&keyring_dir, g_free);
}

/* Drops @path's pages from the kernel's file cache, written to the disk
 * first, so that the next read of them reads the disk. */
void
bd_test_drop_from_file_cache (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return;
  g_assert_cmpint (fdatasync (fd), ==, 0);
  g_assert_cmpint (posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED), ==, 0);
  close (fd);
}
