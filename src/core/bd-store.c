/* bd-store.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "bd-schema.h"
#include "bd-store.h"

struct _BdStore
{
  GObject parent_instance;

  /* Owned references */
  sqlite3 *db;
  char *path;
  char *author;
  char *read_only_reason;
  GDateTime *fixed_now;
  GRand *rand;
  GHashTable *cached_stmts;

  /* UUIDv7 monotonic counter (RFC 9562, method 1) */
  gint64 uuid_last_ms;
  guint uuid_counter;

  guint tx_depth;
  guint read_only : 1;
  guint changed_pending : 1;
};

G_DEFINE_TYPE (BdStore, bd_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (bd-store-error-quark, bd_store_error)

/* A column of the current row as a new string, NULL for SQL NULL. */
char *
bd_stmt_dup_text (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

/* A GDestroyNotify for hash tables of statements. */
void
bd_stmt_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
bd_store_finalize (GObject *object)
{
  BdStore *self = (BdStore *)object;

  /* Statements go before the connection they belong to. */
  g_clear_pointer (&self->cached_stmts, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (bd_store_parent_class)->finalize (object);
}

static void
bd_store_class_init (BdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_store_finalize;

  /**
   * BdStore::changed:
   *
   * Emitted on the thread that committed a change to rows that lists show.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
bd_store_init (BdStore *self)
{
  const char *real_name = g_get_real_name ();

  if (real_name == NULL || *real_name == '\0' || g_str_equal (real_name, "Unknown"))
    real_name = g_get_user_name ();

  self->author = g_strdup (real_name);
  self->cached_stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              bd_stmt_free);
}

char *
bd_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "backorder-desk", "desk.sqlite3", NULL);
}

/* SQLite reports a full disk met while writing as SQLITE_FULL, and one met
 * while making its shared-memory index as an I/O error with ENOSPC. */
static int
primary_code (sqlite3 *db,
              int      code)
{
  int errsv = db != NULL ? sqlite3_system_errno (db) : 0;

  if (code == SQLITE_IOERR && (errsv == ENOSPC || errsv == EDQUOT))
    return SQLITE_FULL;

  return code;
}

void
bd_store_set_sql_error (BdStore     *self,
                        GError     **error,
                        const char  *what)
{
  int code = primary_code (self->db, sqlite3_errcode (self->db));

  /* Only the last, unexpected case names @what: the others say what the
   * person can do about it, and @what may be SQL. */
  if (code == SQLITE_FULL)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FULL,
                 _("The disk holding “%s” is full: nothing was saved. Free some space and "
                   "try again."), self->path);
  else if (code == SQLITE_READONLY)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_READ_ONLY,
                 _("“%s” cannot be written to: nothing was saved"), self->path);
  else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                 _("“%s” is busy in another program: nothing was saved, try again"), self->path);
  else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_CORRUPT,
                 _("“%s” is damaged: part of it cannot be read. Nothing was changed; "
                   "restore a backup copy of it."), self->path);
  else if (code == SQLITE_IOERR)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                 _("“%s” could not be read or written: %s. The disk may be failing or gone."),
                 self->path, g_strerror (sqlite3_system_errno (self->db)));
  else
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                 _("Database error in “%s” (%s): %s"),
                 self->path, what, sqlite3_errmsg (self->db));
}

gboolean
bd_store_exec (BdStore     *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      bd_store_set_sql_error (self, error, sql);
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
bd_store_prepare (BdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      bd_store_set_sql_error (self, error, _("preparing a query"));
      return NULL;
    }

  return stmt;
}

/* A prepared statement kept for the life of the connection, for the ones that
 * run once per row of an import. @sql must be a string literal: it is the key.
 * The statement comes back reset with its bindings cleared. */
sqlite3_stmt *
bd_store_cached (BdStore     *self,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->cached_stmts, sql);
  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          bd_store_set_sql_error (self, error, _("preparing a query"));
          return NULL;
        }
      g_hash_table_insert (self->cached_stmts, (gpointer)sql, stmt);
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  return stmt;
}

gboolean
bd_store_step_done (BdStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      bd_store_set_sql_error (self, error, _("writing"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE ... COMMIT, the ones
 * inside it savepoints, so that work made of other whole actions (the sample
 * data is three imports and some desk work) commits or rolls back as one.
 * "changed" waits for the outermost commit: before it, other connections
 * would not see the change. */
gboolean
bd_store_begin (BdStore  *self,
                GError  **error)
{
  if (self->read_only_reason != NULL)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_READ_ONLY, self->read_only_reason);
      return FALSE;
    }

  if (!bd_store_exec (self, self->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT bd_nested", error))
    return FALSE;

  self->tx_depth++;
  return TRUE;
}

gboolean
bd_store_commit (BdStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (self->tx_depth > 1)
    {
      /* SQLite ends the whole transaction by itself on some errors (a full
       * disk, I/O): then there is nothing left to release into */
      if (sqlite3_get_autocommit (self->db))
        {
          self->tx_depth--;
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                       _("The change to “%s” was undone by an earlier error and nothing was saved"),
                       self->path);
          return FALSE;
        }
      if (!bd_store_exec (self, "RELEASE bd_nested", error))
        {
          bd_store_rollback (self);
          return FALSE;
        }
      self->tx_depth--;
      return TRUE;
    }

  if (!bd_store_exec (self, "COMMIT", error))
    {
      bd_store_rollback (self);
      return FALSE;
    }

  self->tx_depth = 0;
  if (self->changed_pending)
    {
      self->changed_pending = FALSE;
      g_signal_emit (self, signals[CHANGED], 0);
    }

  return TRUE;
}

void
bd_store_rollback (BdStore *self)
{
  if (self->tx_depth > 1)
    {
      self->tx_depth--;
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK TO bd_nested; RELEASE bd_nested", NULL, NULL, NULL);
      return;
    }

  self->tx_depth = 0;
  self->changed_pending = FALSE;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
read_user_version (sqlite3 *db,
                   int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  return rc;
}

static gboolean
migrate (BdStore  *self,
         int       from,
         GError  **error)
{
  g_autofree char *set_version = NULL;

  if (from >= BD_STORE_SCHEMA_VERSION)
    return TRUE;

  /* All migrations in one transaction: a failure leaves the file as it was. */
  if (!bd_store_begin (self, error))
    return FALSE;

  for (int v = from; v < BD_STORE_SCHEMA_VERSION; v++)
    {
      if (sqlite3_exec (self->db, bd_schema_migrations[v], NULL, NULL, NULL) != SQLITE_OK)
        {
          g_autofree char *what = g_strdup_printf (_("upgrading the database to version %d"), v + 1);
          bd_store_set_sql_error (self, error, what);
          bd_store_rollback (self);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", BD_STORE_SCHEMA_VERSION);
  if (!bd_store_exec (self, set_version, error))
    {
      bd_store_rollback (self);
      return FALSE;
    }

  return bd_store_commit (self, error);
}

/* Why a database that exists cannot be written here, in words for the
 * person; NULL when it can. access() rather than the file's mode: it
 * knows about read-only mounts and about the user asking. */
static char *
why_read_only (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int errsv;

  if (access (path, W_OK) != 0)
    errsv = errno;
  else if (access (dir, W_OK | X_OK) != 0)
    {
      errsv = errno;
      if (errsv == EROFS)
        return g_strdup_printf (_("“%s” is on a read-only disk: it can be read, but nothing in it "
                                  "can be changed."), path);
      /* the write-ahead log and its index are files beside the database */
      return g_strdup_printf (_("The folder holding “%s” is read-only for you: the database can "
                                "be read, but nothing in it can be changed. Ask whoever owns the "
                                "folder to let you write to it, or copy the file to a folder of "
                                "yours."), path);
    }
  else
    return NULL;

  if (errsv == EROFS)
    return g_strdup_printf (_("“%s” is on a read-only disk: it can be read, but nothing in it "
                              "can be changed."), path);

  return g_strdup_printf (_("“%s” is read-only for you: it can be read, but nothing in it can be "
                            "changed. Ask whoever owns the file to let you write to it."), path);
}

/* What went wrong opening @path, by SQLite's code, in words that say what
 * to do: SQLite's own texts ("file is not a database", "disk I/O error")
 * name neither the file nor a way out. */
static void
set_open_error (BdStore  *self,
                int       rc,
                GError  **error)
{
  const char *path = self->path;
  int errsv = self->db != NULL ? sqlite3_system_errno (self->db) : 0;

  switch (primary_code (self->db, rc))
    {
    case SQLITE_NOTADB:
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS,
                   _("“%s” is not a Backorder Desk database: it is not a database file at all. "
                     "It has not been changed."), path);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be read. It has not been changed; restore "
                     "a backup copy of it."), path);
      break;

    case SQLITE_FULL:
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FULL,
                   _("The disk holding “%s” is full: free some space and try again."), path);
      break;

    case SQLITE_IOERR:
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_OPEN,
                   _("“%s” could not be read: %s. The disk may be failing or gone."),
                   path, errsv != 0 ? g_strerror (errsv) : sqlite3_errstr (rc));
      break;

    default:
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_OPEN,
                   _("Cannot open “%s”: %s"), path,
                   errsv != 0 ? g_strerror (errsv) : sqlite3_errstr (rc));
      break;
    }
}

/* A read-only connection. A WAL database is read through its shared-memory
 * index (-shm), which a reader creates when it is missing, owned by the
 * reader and as read-only as the database: the owner's next write would
 * then fail. So without a -shm file (no writer has the file open) the
 * file is opened as immutable and read as it is; changes that someone who
 * may write makes later are not seen. With one, it is read like any
 * other reader, following the writers. */
static int
connect_read_only (BdStore  *self,
                   gboolean  immutable)
{
  g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, immutable ? "?immutable=1" : "?mode=ro", NULL);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  return sqlite3_open_v2 (uri, &self->db,
                          SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
}

static void
configure_connection (BdStore *self)
{
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 0);

  /* A modest page cache: the kernel's page cache holds the rest of the file
   * for every connection at once, while SQLite's cache is memory of this
   * process (the benchmark holds the app to 40 MB more with a million
   * lines than with a thousand). */
  sqlite3_exec (self->db, "PRAGMA cache_size = -8192", NULL, NULL, NULL);
}

/* A database file this open created, and its companions, when making it
 * failed (a full disk): the folder is left as it was. */
static void
remove_new_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_remove (wal);
  g_remove (shm);
  g_remove (journal);
  g_remove (path);
}

static BdStore *
open_store (const char  *path,
            gboolean     read_only,
            GError     **error)
{
  g_autoptr(BdStore) self = NULL;
  gboolean existed;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  existed = g_file_test (path, G_FILE_TEST_EXISTS);

  if (!read_only && existed)
    self->read_only_reason = why_read_only (path);
  self->read_only = read_only || self->read_only_reason != NULL;

  if (self->read_only)
    {
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      gboolean immutable = !g_file_test (shm, G_FILE_TEST_EXISTS);

      rc = connect_read_only (self, immutable);
      if (rc == SQLITE_OK)
        {
          configure_connection (self);
          rc = read_user_version (self->db, &version);
        }
      /* a -shm file this user cannot read */
      if (!immutable && (rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY))
        {
          rc = connect_read_only (self, TRUE);
          if (rc == SQLITE_OK)
            {
              configure_connection (self);
              rc = read_user_version (self->db, &version);
            }
        }
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_OPEN,
                       _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
          return NULL;
        }

      rc = sqlite3_open_v2 (path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
      /* Look at the version before anything writes to the file: a database
       * from a newer Backorder Desk, or a file that is no database, is left
       * untouched. */
      if (rc == SQLITE_OK)
        {
          configure_connection (self);
          rc = read_user_version (self->db, &version);
        }
    }

  if (rc != SQLITE_OK)
    {
      set_open_error (self, rc, error);
      return NULL;
    }

  if (version > BD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Backorder Desk "
                     "(database version %d; this version knows up to %d). "
                     "It has not been changed: update Backorder Desk to open it."),
                   path, version, BD_STORE_SCHEMA_VERSION);
      return NULL;
    }

  if (self->read_only)
    {
      if (version < BD_STORE_SCHEMA_VERSION && self->read_only_reason != NULL)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_READ_ONLY,
                       _("“%s” must be upgraded for this version of Backorder Desk, which "
                         "needs to write to it. %s"), path, self->read_only_reason);
          return NULL;
        }
      if (version < BD_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_OPEN,
                       _("“%s” needs to be upgraded before it can be read"), path);
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  if (!bd_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !bd_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !bd_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, version, error))
    {
      if (!existed)
        {
          g_clear_pointer (&self->db, sqlite3_close_v2);
          remove_new_files (path);
        }
      return NULL;
    }

  return g_steal_pointer (&self);
}

BdStore *
bd_store_open (const char  *path,
               GError     **error)
{
  return open_store (path, FALSE, error);
}

/* A second connection for a worker thread: lists run their queries on one. */
BdStore *
bd_store_open_readonly (const char  *path,
                        GError     **error)
{
  return open_store (path, TRUE, error);
}

const char *
bd_store_get_path (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), NULL);
  return self->path;
}

sqlite3 *
bd_store_get_db (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), NULL);
  return self->db;
}

int
bd_store_get_schema_version (BdStore *self)
{
  int version = -1;

  g_return_val_if_fail (BD_IS_STORE (self), -1);

  read_user_version (self->db, &version);
  return version;
}

/* TRUE when the file could not be opened for writing (a read-only file,
 * folder or disk); bd_store_get_read_only_reason() says why, for a banner. */
gboolean
bd_store_is_read_only (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), TRUE);
  return self->read_only_reason != NULL;
}

const char *
bd_store_get_read_only_reason (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), NULL);
  return self->read_only_reason;
}

const char *
bd_store_get_author (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), NULL);
  return self->author;
}

void
bd_store_set_author (BdStore    *self,
                     const char *author)
{
  g_return_if_fail (BD_IS_STORE (self));
  g_return_if_fail (author != NULL);

  g_free (self->author);
  self->author = g_strdup (author);
}

char *
bd_store_get_default_currency (BdStore *self)
{
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  stmt = bd_store_prepare (self, "SELECT value FROM settings WHERE key = 'default_currency'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *)sqlite3_column_text (stmt, 0));

  return g_strdup ("USD");
}

gboolean
bd_store_set_default_currency (BdStore     *self,
                               const char  *currency,
                               GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  stmt = bd_store_prepare (self,
                           "INSERT OR REPLACE INTO settings (key, value) VALUES ('default_currency', ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, currency, -1, SQLITE_TRANSIENT);
  return bd_store_step_done (self, stmt, error);
}

void
bd_store_set_fixed_clock (BdStore   *self,
                          GDateTime *now)
{
  g_return_if_fail (BD_IS_STORE (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = g_date_time_to_utc (now);
}

void
bd_store_set_seed (BdStore *self,
                   guint32  seed)
{
  g_return_if_fail (BD_IS_STORE (self));

  g_clear_pointer (&self->rand, g_rand_free);
  self->rand = g_rand_new_with_seed (seed);
  self->uuid_last_ms = 0;
  self->uuid_counter = 0;
}

GDateTime *
bd_store_now (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  if (self->fixed_now != NULL)
    return g_date_time_ref (self->fixed_now);

  return g_date_time_new_now_utc ();
}

char *
bd_store_now_iso (BdStore *self)
{
  g_autoptr(GDateTime) now = bd_store_now (self);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static guint32
store_random (BdStore *self)
{
  return self->rand != NULL ? g_rand_int (self->rand) : g_random_int ();
}

/* UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * that keeps uuids made in the same millisecond in order, then random bits.
 * Time-ordered, so a big import appends to the end of the uuid index. */
char *
bd_store_new_uuid (BdStore *self)
{
  guint8 b[16];
  gint64 ms;
  guint32 r;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  if (self->fixed_now != NULL)
    ms = g_date_time_to_unix (self->fixed_now) * 1000;
  else
    ms = g_get_real_time () / 1000;

  if (ms > self->uuid_last_ms)
    {
      self->uuid_last_ms = ms;
      self->uuid_counter = store_random (self) & 0x3ff;
    }
  else
    {
      self->uuid_counter++;
      if (self->uuid_counter > 0xfff)
        {
          self->uuid_last_ms++;
          self->uuid_counter = 0;
        }
    }
  ms = self->uuid_last_ms;

  b[0] = (ms >> 40) & 0xff;
  b[1] = (ms >> 32) & 0xff;
  b[2] = (ms >> 24) & 0xff;
  b[3] = (ms >> 16) & 0xff;
  b[4] = (ms >> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((self->uuid_counter >> 8) & 0x0f);
  b[7] = self->uuid_counter & 0xff;
  r = store_random (self);
  b[8] = 0x80 | ((r >> 24) & 0x3f);
  b[9] = (r >> 16) & 0xff;
  b[10] = (r >> 8) & 0xff;
  b[11] = r & 0xff;
  r = store_random (self);
  b[12] = (r >> 24) & 0xff;
  b[13] = (r >> 16) & 0xff;
  b[14] = (r >> 8) & 0xff;
  b[15] = r & 0xff;

  /* by hand: g_strdup_printf() was 5% of a million-line import */
  {
    static const char hex[] = "0123456789abcdef";
    char *text = g_malloc (37);
    char *p = text;

    for (guint i = 0; i < 16; i++)
      {
        if (i == 4 || i == 6 || i == 8 || i == 10)
          *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0xf];
      }
    *p = '\0';

    return text;
  }
}

gboolean
bd_store_add_event (BdStore     *self,
                    const char  *batch,
                    const char  *action,
                    const char  *entity,
                    const char  *entity_uuid,
                    gint64       line_id,
                    const char  *field,
                    const char  *old_value,
                    const char  *new_value,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  stmt = bd_store_cached (self,
                           "INSERT INTO events (uuid, created_at, updated_at, batch, author, action,"
                           "  entity, entity_uuid, line_id, field, old_value, new_value)"
                           " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           error);
  if (stmt == NULL)
    return FALSE;

  uuid = bd_store_new_uuid (self);
  now = bd_store_now_iso (self);

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, batch, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, self->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, entity_uuid, -1, SQLITE_STATIC);
  if (line_id > 0)
    sqlite3_bind_int64 (stmt, 8, line_id);
  sqlite3_bind_text (stmt, 9, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, old_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, new_value, -1, SQLITE_STATIC);

  return bd_store_step_done (self, stmt, error);
}

void
bd_store_emit_changed (BdStore *self)
{
  g_return_if_fail (BD_IS_STORE (self));

  if (self->tx_depth > 0)
    self->changed_pending = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

static int
backup_cancelled_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Writes what is in @path to the disk before it is named: a backup that
 * reports success must survive a power cut. */
static gboolean
sync_path (const char  *path,
           int          flags,
           GError     **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  int errsv;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }

  errsv = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Cannot write the backup to “%s”: %s"), path, g_strerror (errsv));
  return FALSE;
}

/* A consistent copy of the whole store in @dest while others go on writing
 * (VACUUM INTO reads one snapshot, and the copy is compact). It is written
 * beside @dest, flushed to the disk, then renamed over it: a failed or
 * cancelled backup leaves whatever was at @dest. Works on a read-only
 * connection too; run it on a worker's connection, it reads the whole
 * file. */
gboolean
bd_store_backup (BdStore       *self,
                 const char    *dest,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dest_name = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  const char *companions[] = { "", "-wal", "-shm" };
  int fd, rc, errsv;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  dest_name = g_filename_display_name (dest);
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *own = g_strconcat (self->path, companions[i], NULL);

      if (same_file (dest, own))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("“%s” is the database itself: a backup must go to another file"), dest_name);
          return FALSE;
        }
    }

  /* VACUUM INTO wants a file that does not exist or is empty */
  dir = g_path_get_dirname (dest);
  tmp = g_build_filename (dir, ".backorder-desk-backup-XXXXXX", NULL);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write the backup to “%s”: %s"), dest_name, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  stmt = bd_store_prepare (self, "VACUUM INTO ?", error);
  if (stmt == NULL)
    {
      g_remove (tmp);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, tmp, -1, SQLITE_STATIC);

  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 1000, backup_cancelled_cb, cancellable);
  rc = sqlite3_step (stmt);
  sqlite3_progress_handler (self->db, 0, NULL, NULL);

  if (rc != SQLITE_DONE)
    {
      int code = primary_code (self->db, sqlite3_errcode (self->db));

      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (code == SQLITE_FULL)
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FULL,
                         _("The disk for “%s” is full: the backup was not written"), dest_name);
          else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
            bd_store_set_sql_error (self, error, NULL);
          else
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                         _("Cannot write the backup to “%s”: %s"), dest_name, sqlite3_errmsg (self->db));
        }
      g_remove (tmp);
      return FALSE;
    }

  if (!sync_path (tmp, O_RDONLY, error))
    {
      g_remove (tmp);
      return FALSE;
    }

  if (g_rename (tmp, dest) != 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write the backup to “%s”: %s"), dest_name, g_strerror (errsv));
      g_remove (tmp);
      return FALSE;
    }

  /* the new name, too */
  return sync_path (dir, O_RDONLY | O_DIRECTORY, error);
}

/* For one long read of much of the file (an export): the file mapped,
 * pages cost no system call each. It shows as resident memory while it
 * lasts, so it is switched off again afterwards. */
void
bd_store_set_mapped (BdStore  *self,
                     gboolean  mapped)
{
  g_return_if_fail (BD_IS_STORE (self));

  sqlite3_exec (self->db, mapped ? "PRAGMA mmap_size = 1073741824" : "PRAGMA mmap_size = 0",
                NULL, NULL, NULL);
}

static gint64
max_id (BdStore    *self,
        const char *sql,
        GError    **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      bd_store_set_sql_error (self, error, _("reading"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Notes the highest ids of the searchable tables, before rows are added. */
gboolean
bd_store_mark_rows (BdStore      *self,
                    BdStoreMarks *marks,
                    GError      **error)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  marks->customers = max_id (self, "SELECT coalesce(max(id), 0) FROM customers", error);
  marks->products = marks->customers < 0 ? -1 : max_id (self, "SELECT coalesce(max(id), 0) FROM products", error);
  marks->orders = marks->products < 0 ? -1 : max_id (self, "SELECT coalesce(max(id), 0) FROM orders", error);
  marks->lines = marks->orders < 0 ? -1 : max_id (self, "SELECT coalesce(max(id), 0) FROM order_lines", error);

  return marks->lines >= 0;
}

/* Drops the indexes of @table that a CREATE INDEX made (not the primary
 * key), adding the statements that make them again to @recreate. For an
 * import into an empty table: building an index from a million sorted rows
 * at the end is several times faster than keeping it in step row by row.
 * Call it and bd_store_recreate_indexes() in the same transaction. */
gboolean
bd_store_drop_indexes (BdStore    *self,
                       const char *table,
                       GPtrArray  *recreate,
                       GError    **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  stmt = bd_store_prepare (self, "SELECT name, sql FROM sqlite_schema"
                                 " WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
                                 " ORDER BY name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (recreate, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (self, error, _("reading"));
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (char *)names->pdata[i]);

      if (!bd_store_exec (self, sql, error))
        return FALSE;
    }

  return TRUE;
}

/* Runs the statements bd_store_drop_indexes() kept. A unique index that
 * finds two equal keys fails, and with it the transaction. */
gboolean
bd_store_recreate_indexes (BdStore    *self,
                           GPtrArray  *recreate,
                           GError    **error)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  for (guint i = 0; i < recreate->len; i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!bd_store_exec (self, recreate->pdata[i], error))
        return FALSE;
      g_debug ("%.2f s: %s", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC,
               (const char *)recreate->pdata[i]);
    }

  return TRUE;
}

/* Adds the customers, products and orders inserted since @since to the
 * search indexes, in bulk (see bd-schema.c). Call it in the transaction
 * that inserted them. */
gboolean
bd_store_index_new_rows (BdStore            *self,
                         const BdStoreMarks *since,
                         GError            **error)
{
  static const char * const sql[] = {
    "INSERT INTO customers_fts (rowid, ref, name, email) SELECT id, ref, name, email FROM customers WHERE id > ?",
    "INSERT INTO products_fts (rowid, sku, name) SELECT id, sku, name FROM products WHERE id > ?",
    "INSERT INTO orders_fts (rowid, ref) SELECT id, ref FROM orders WHERE id > ?",
  };
  const gint64 marks[] = { since->customers, since->products, since->orders };

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(BdStmt) stmt = bd_store_prepare (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, marks[i]);
      if (!bd_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}
