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
#include "bd-store-private.h"

/* Checkpoints: copying what the write-ahead log holds back into the
 * database file. SQLite does it in the commit that takes the log past
 * 1,000 pages, before the commit returns, though the change is safe on
 * disk once the log is written and synced. A write of 10,000 lines
 * scattered over the million-line table (a PO's date moved) leaves some
 * 9,000 pages in the log, and copying them into the file and syncing it
 * took as long as the rest of the write. So a thread of the store's own,
 * with a connection of its own, copies them after the commit returns (a
 * PASSIVE checkpoint: it waits for no reader or writer). The store's
 * next write waits for it to end before it begins, as SQLite's next
 * write would have waited for the commit before: then all of the log is
 * copied and the write starts it over, so that it stays short. Reading
 * is not held up; closing the store waits for it. */
#define CHECKPOINT_PAGES 1000
/* With bd_store_set_overlap_checkpoints(): how long the log may grow
 * before a write waits for the checkpoint after all. */
#define CHECKPOINT_PAGES_OVERLAPPED 16000

typedef struct
{
  GMutex lock;
  GCond cond;
  GThread *thread;
  char *path;
  gboolean wanted;   /* a commit left the log past CHECKPOINT_PAGES */
  gboolean running;
  gboolean held;     /* bd_store_hold_checkpoints() */
  gboolean quit;
  guint n_done;
} Checkpointer;

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
  GHashTable *built_stmts;     /* SQL (owned) -> statement */
  GHashTable *scripts;       /* SQL (owned) -> Script */

  /* UUIDv7 monotonic counter (RFC 9562, method 1) */
  gint64 uuid_last_ms;
  guint uuid_counter;

  guint tx_depth;
  guint read_only : 1;
  GHashTable *changed_tables;   /* interned names, while a transaction is open */
  GFileMonitor *monitor;        /* the WAL, for changes of other connections */
  int data_version;
  guint watch_held;             /* bd_store_hold_watch()es not released */
  Checkpointer *checkpointer;   /* made at the first commit that needs one */
  int wal_pages;                /* the log's length after the last commit */
  guint overlap_checkpoints;    /* bd_store_set_overlap_checkpoints() calls in force */
  gboolean hold_checkpoints;
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

/* The statements of a script, prepared as far as it has run. */
typedef struct
{
  GPtrArray *stmts;
  gsize next;          /* where the first statement not prepared yet starts */
  gboolean complete;
} Script;

static void
script_free (gpointer data)
{
  Script *script = data;

  g_ptr_array_unref (script->stmts);
  g_free (script);
}

static gpointer
checkpoint_thread (gpointer data)
{
  Checkpointer *checkpointer = data;
  sqlite3 *db = NULL;

  g_mutex_lock (&checkpointer->lock);
  for (;;)
    {
      int rc, n_log = 0, n_copied = 0;
      gint64 start;

      while (!checkpointer->wanted && !checkpointer->quit)
        g_cond_wait (&checkpointer->cond, &checkpointer->lock);
      if (checkpointer->quit)
        break;
      checkpointer->wanted = FALSE;
      checkpointer->running = TRUE;
      while (checkpointer->held && !checkpointer->quit)
        g_cond_wait (&checkpointer->cond, &checkpointer->lock);
      g_mutex_unlock (&checkpointer->lock);

      start = g_get_monotonic_time ();
      if (db == NULL)
        {
          rc = sqlite3_open_v2 (checkpointer->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
          /* the file synced as the store's own commits are; it copies the
           * log's pages, which need no page cache */
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "PRAGMA synchronous = FULL; PRAGMA cache_size = 16", NULL, NULL, NULL);
          if (rc == SQLITE_OK)
            rc = sqlite3_wal_autocheckpoint (db, 0);
        }
      else
        rc = SQLITE_OK;
      if (rc == SQLITE_OK)
        rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_log, &n_copied);
      if (rc != SQLITE_OK)
        {
          /* the next commit asks again; the store is safe meanwhile, its
           * log only longer */
          g_debug ("checkpoint of %s: %s", checkpointer->path, db ? sqlite3_errmsg (db) : "out of memory");
          g_clear_pointer (&db, sqlite3_close);
        }
      else
        g_debug ("%.3f s: checkpoint, %d of %d pages of the log copied",
                 (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC, n_copied, n_log);

      g_mutex_lock (&checkpointer->lock);
      checkpointer->running = FALSE;
      checkpointer->n_done++;
      g_cond_broadcast (&checkpointer->cond);
    }
  g_mutex_unlock (&checkpointer->lock);

  g_clear_pointer (&db, sqlite3_close);
  return NULL;
}

/* Called by SQLite after each commit of the store's connection; it
 * replaces SQLite's own automatic checkpoints. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         n_pages)
{
  BdStore *self = data;
  Checkpointer *checkpointer;

  self->wal_pages = n_pages;
  if (n_pages < CHECKPOINT_PAGES)
    return SQLITE_OK;

  if (self->checkpointer == NULL)
    {
      checkpointer = g_new0 (Checkpointer, 1);
      g_mutex_init (&checkpointer->lock);
      g_cond_init (&checkpointer->cond);
      checkpointer->path = g_strdup (self->path);
      checkpointer->held = self->hold_checkpoints;
      checkpointer->thread = g_thread_new ("bd-checkpoint", checkpoint_thread, checkpointer);
      self->checkpointer = checkpointer;
    }

  checkpointer = self->checkpointer;
  g_mutex_lock (&checkpointer->lock);
  checkpointer->wanted = TRUE;
  g_cond_signal (&checkpointer->cond);
  g_mutex_unlock (&checkpointer->lock);
  return SQLITE_OK;
}

/* Until the checkpoint the last commits asked for is done. */
static void
checkpointer_wait (Checkpointer *checkpointer)
{
  g_mutex_lock (&checkpointer->lock);
  while (checkpointer->wanted || checkpointer->running)
    g_cond_wait (&checkpointer->cond, &checkpointer->lock);
  g_mutex_unlock (&checkpointer->lock);
}

void
bd_store_wait_checkpoint (BdStore *self)
{
  g_return_if_fail (BD_IS_STORE (self));

  if (self->checkpointer != NULL)
    checkpointer_wait (self->checkpointer);
}

/* For tests: while @hold, a checkpoint asked for waits before it copies
 * anything. */
void
bd_store_hold_checkpoints (BdStore  *self,
                           gboolean  hold)
{
  g_return_if_fail (BD_IS_STORE (self));

  self->hold_checkpoints = hold;
  if (self->checkpointer != NULL)
    {
      g_mutex_lock (&self->checkpointer->lock);
      self->checkpointer->held = hold;
      g_cond_broadcast (&self->checkpointer->cond);
      g_mutex_unlock (&self->checkpointer->lock);
    }
}

guint
bd_store_get_n_checkpoints (BdStore *self)
{
  guint n;

  g_return_val_if_fail (BD_IS_STORE (self), 0);

  if (self->checkpointer == NULL)
    return 0;
  g_mutex_lock (&self->checkpointer->lock);
  n = self->checkpointer->n_done;
  g_mutex_unlock (&self->checkpointer->lock);
  return n;
}

/* Its connection closes before the store's, so that the store's is the
 * last and closing it copies the rest of the log and removes it. */
static void
checkpointer_free (Checkpointer *checkpointer)
{
  g_mutex_lock (&checkpointer->lock);
  checkpointer->quit = TRUE;
  g_cond_signal (&checkpointer->cond);
  g_mutex_unlock (&checkpointer->lock);
  g_thread_join (checkpointer->thread);

  g_mutex_clear (&checkpointer->lock);
  g_cond_clear (&checkpointer->cond);
  g_free (checkpointer->path);
  g_free (checkpointer);
}

static void
bd_store_finalize (GObject *object)
{
  BdStore *self = (BdStore *)object;

  /* Statements go before the connection they belong to. */
  g_clear_pointer (&self->cached_stmts, g_hash_table_unref);
  g_clear_pointer (&self->built_stmts, g_hash_table_unref);
  g_clear_pointer (&self->scripts, g_hash_table_unref);
  g_clear_pointer (&self->changed_tables, g_hash_table_unref);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->checkpointer, checkpointer_free);
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
   * @tables: the tables the change touched, or %BD_STORE_ALL_TABLES alone
   *   when that is not known (another process changed the store)
   *
   * Emitted on the thread that committed a change, after the commit; a
   * listener re-reads only when a table it shows is among @tables
   * (bd_store_changes_include()).
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRV);
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
  self->built_stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, bd_stmt_free);
  self->scripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, script_free);
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

/* Runs the statements of @sql one after the other, each handed to @func
 * reset and without bindings (@func binds and steps it); stops at the
 * first @func refuses. Each statement is prepared the first time it runs
 * and kept for the life of the connection, with a copy of @sql as the
 * key: for scripts built at run time that run again and again, whose
 * parsing would otherwise be most of a small write's time. A statement
 * may use what one before it in the script made, since it is prepared
 * only when its turn comes. */
gboolean
bd_store_run_script (BdStore             *self,
                     const char          *sql,
                     BdStatementFunc      func,
                     gpointer             data,
                     GError             **error)
{
  Script *script;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  script = g_hash_table_lookup (self->scripts, sql);
  if (script == NULL)
    {
      script = g_new0 (Script, 1);
      script->stmts = g_ptr_array_new_with_free_func (bd_stmt_free);
      g_hash_table_insert (self->scripts, g_strdup (sql), script);
    }

  for (guint i = 0;; i++)
    {
      sqlite3_stmt *stmt = NULL;

      if (i < script->stmts->len)
        {
          stmt = g_ptr_array_index (script->stmts, i);
          sqlite3_reset (stmt);
          sqlite3_clear_bindings (stmt);
        }
      else if (script->complete)
        return TRUE;
      else
        {
          const char *tail = NULL;

          if (sqlite3_prepare_v3 (self->db, sql + script->next, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                  &tail) != SQLITE_OK)
            {
              bd_store_set_sql_error (self, error, _("preparing a query"));
              return FALSE;
            }
          script->next = tail - sql;
          if (stmt == NULL)
            {
              script->complete = TRUE;
              return TRUE;
            }
          g_ptr_array_add (script->stmts, stmt);
        }

      if (!func (self, stmt, data, error))
        return FALSE;
    }
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

/* As bd_store_cached(), for SQL built at run time (a table's name, the
 * columns a document has): the statement is kept under a copy of @sql. For
 * the statements that run once per document of a sync, whose parsing was
 * most of a pull's time. */
sqlite3_stmt *
bd_store_cached_built (BdStore     *self,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->built_stmts, sql);
  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          bd_store_set_sql_error (self, error, _("preparing a query"));
          return NULL;
        }
      g_hash_table_insert (self->built_stmts, g_strdup (sql), stmt);
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

static void emit_changed (BdStore    *self,
                          GHashTable *tables);

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

  /* the log copied to its end, so that this write starts it over (see
   * Checkpointer); while writes overlap checkpoints, only once it is long */
  if (self->tx_depth == 0 && self->checkpointer != NULL &&
      (self->overlap_checkpoints == 0 || self->wal_pages >= CHECKPOINT_PAGES_OVERLAPPED))
    checkpointer_wait (self->checkpointer);

  if (!bd_store_exec (self, self->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT bd_nested", error))
    return FALSE;

  self->tx_depth++;
  return TRUE;
}

/* For a run of large writes one after another (a sync's pull, page after
 * page): while @overlap, a write does not wait for the checkpoint of the
 * log the writes before it left, the checkpoint's copying and syncing
 * overlap the write, and the log grows instead, up to
 * CHECKPOINT_PAGES_OVERLAPPED pages; then a write waits as usual and
 * starts it over. Calls nest: each TRUE is ended by a FALSE. */
void
bd_store_set_overlap_checkpoints (BdStore  *self,
                                  gboolean  overlap)
{
  g_return_if_fail (BD_IS_STORE (self));
  g_return_if_fail (overlap || self->overlap_checkpoints > 0);

  if (overlap)
    self->overlap_checkpoints++;
  else
    self->overlap_checkpoints--;
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
  if (self->changed_tables != NULL)
    {
      g_autoptr(GHashTable) tables = g_steal_pointer (&self->changed_tables);

      emit_changed (self, tables);
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
  g_clear_pointer (&self->changed_tables, g_hash_table_unref);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
read_int (sqlite3    *db,
          const char *sql,
          int        *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  return rc;
}

static int
read_user_version (sqlite3 *db,
                   int     *version)
{
  return read_int (db, "PRAGMA user_version", version);
}

/* What a file is, read before anything is written to it. */
typedef struct
{
  int version;
  int application_id;
  int page_count;
  int objects;
  int our_tables;
} Header;

/* One statement, so one snapshot: read as separate statements, another
 * process's commit between them made a new file look half ours (the
 * concurrent-create test caught it). */
static int
read_header (sqlite3 *db,
             Header  *header)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT (SELECT user_version FROM pragma_user_version),"
                           " (SELECT application_id FROM pragma_application_id),"
                           " (SELECT page_count FROM pragma_page_count),"
                           " (SELECT count(*) FROM sqlite_schema),"
                           /* version 1 files (0.1.0) carry no application id:
                            * they are ours if they have our tables */
                           " (SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                           "  AND name IN ('settings', 'order_lines', 'events'))",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          header->version = sqlite3_column_int (stmt, 0);
          header->application_id = sqlite3_column_int (stmt, 1);
          header->page_count = sqlite3_column_int (stmt, 2);
          header->objects = sqlite3_column_int (stmt, 3);
          header->our_tables = sqlite3_column_int (stmt, 4);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  return rc;
}

/* Only our own files are opened; any other, an empty one included unless a
 * new database was asked for, is refused before anything is written. */
static gboolean
check_header (BdStore       *self,
              const Header  *header,
              guint          n_steps,
              gboolean       create,
              GError       **error)
{
  g_autofree char *name = g_filename_display_name (self->path);
  gboolean ours = header->application_id == BD_SCHEMA_APPLICATION_ID ||
                  (header->application_id == 0 && header->version >= 1 && header->our_tables == 3);

  /* nothing in it: an empty file, or one SQLite has only just begun */
  if (header->page_count == 0 ||
      (header->version == 0 && header->application_id == 0 && header->objects == 0))
    {
      if (create)
        return TRUE;
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS,
                   _("“%s” is an empty file, not a Backorder Desk database. "
                     "It has not been changed."), name);
      return FALSE;
    }

  if (!ours)
    {
      if (header->application_id != 0)
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS,
                     _("“%s” is a database of another program (application id %08x), "
                       "not a Backorder Desk database. It has not been changed."),
                     name, (guint)header->application_id);
      else
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_OURS,
                     _("“%s” is an SQLite database of another program, not a Backorder Desk "
                       "database. It has not been changed."), name);
      return FALSE;
    }

  if (header->version > (int)n_steps)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Backorder Desk "
                     "(database version %d; this version knows up to %u). "
                     "It has not been changed: update Backorder Desk to open it."),
                   name, header->version, n_steps);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_steps (BdStore             *self,
           const BdSchemaStep  *steps,
           guint                from,
           guint                to,
           GError             **error)
{
  g_autofree char *set_version = NULL;
  int broken = 0;

  for (guint v = from; v < to; v++)
    {
      if (steps[v].sql != NULL && sqlite3_exec (self->db, steps[v].sql, NULL, NULL, NULL) != SQLITE_OK)
        {
          g_autofree char *what = g_strdup_printf (_("upgrading the database to version %u"), v + 1);
          bd_store_set_sql_error (self, error, what);
          return FALSE;
        }
      if (steps[v].func != NULL && !steps[v].func (self->db, error))
        return FALSE;
    }

  if (read_int (self->db, "SELECT count(*) FROM pragma_foreign_key_check", &broken) != SQLITE_OK)
    {
      bd_store_set_sql_error (self, error, _("checking the upgraded database"));
      return FALSE;
    }
  if (broken > 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                   _("Upgrading “%s” to version %u would leave %d rows pointing at rows that "
                     "do not exist: nothing was changed"), self->path, to, broken);
      return FALSE;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %u", to);
  return bd_store_exec (self, set_version, error);
}

/* Switching a file to WAL needs it to itself for a moment, and SQLite
 * answers "busy" at once, without its busy handler, while another process
 * has it open (several opening a new database at the same time): wait and
 * try again, as the busy timeout would. */
static gboolean
use_wal (BdStore  *self,
         GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(BdStmt) stmt = NULL;
      int rc;

      rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && g_ascii_strcasecmp ((const char *)sqlite3_column_text (stmt, 0), "wal") == 0)
        return TRUE;
      if (rc != SQLITE_ROW && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
        {
          bd_store_set_sql_error (self, error, _("switching to a write-ahead log"));
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                       _("“%s” is busy in another program: nothing was saved, try again"),
                       self->path);
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_usleep (MIN (attempt, 20) * 1000);
    }
}

/* Brings the file to the version of @steps, all steps in one transaction:
 * a failure leaves the file as it was. The write lock comes first and the
 * version is read again under it, so that processes opening a new or old
 * file at the same time upgrade it once. Before a file with data is
 * rewritten, a copy of it is kept beside it (PATH.vN-backup). */
static gboolean
migrate (BdStore             *self,
         const BdSchemaStep  *steps,
         guint                n_steps,
         gboolean             create,
         int                  version,
         GError             **error)
{
  Header header = { 0, };
  gboolean ok;

  if (version >= (int)n_steps)
    return TRUE;

  if (version >= 1)
    {
      g_autofree char *copy = g_strdup_printf ("%s.v%d-backup", self->path, version);

      if (!bd_store_backup (self, copy, NULL, error))
        return FALSE;
    }

  /* a no-op inside a transaction: off before it, on again after */
  sqlite3_exec (self->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);

  ok = bd_store_begin (self, error);
  if (ok && read_header (self->db, &header) != SQLITE_OK)
    {
      bd_store_set_sql_error (self, error, _("reading the database version"));
      ok = FALSE;
    }
  ok = ok && check_header (self, &header, n_steps, create, error);
  /* another process may have upgraded it while this one waited */
  if (ok && header.version < (int)n_steps)
    ok = run_steps (self, steps, MAX (header.version, 0), n_steps, error);

  if (ok)
    ok = bd_store_commit (self, error);
  else
    bd_store_rollback (self);

  sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return ok;
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

/* bd_uuid() in SQL: a new uuid of this store (bd_store_new_uuid()), so
 * that writes of many rows (a PO line's covers of 100,000 backorder lines)
 * are one INSERT … SELECT rather than a statement per row from C. */
static void
uuid_sql_func (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  BdStore *self = sqlite3_user_data (context);

  sqlite3_result_text (context, bd_store_new_uuid (self), 36, g_free);
}

static void
configure_connection (BdStore *self)
{
  sqlite3_create_function_v2 (self->db, "bd_uuid", 0, SQLITE_UTF8, self, uuid_sql_func,
                              NULL, NULL, NULL);

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 0);

  /* A modest page cache: the kernel's page cache holds the rest of the file
   * for every connection at once, while SQLite's cache is memory of this
   * process (the benchmark holds the app to 40 MB more with a million
   * lines than with a thousand). */
  bd_store_set_large_cache (self, FALSE);
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
open_store (const char          *path,
            gboolean             read_only,
            gboolean             create,
            const BdSchemaStep  *steps,
            guint                n_steps,
            GError             **error)
{
  g_autoptr(BdStore) self = NULL;
  Header header = { 0, };
  gboolean existed;
  gboolean created = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  existed = g_file_test (path, G_FILE_TEST_EXISTS);

  /* a mistyped path gets no new folders and no new database */
  if (!existed && (!create || read_only))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("There is no database “%s”"), path);
      return NULL;
    }

  if (!read_only && existed)
    self->read_only_reason = why_read_only (path);
  self->read_only = read_only || self->read_only_reason != NULL;

  if (self->read_only)
    {
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_autofree char *cannot_write = self->read_only_reason ? NULL : why_read_only (path);
      /* Immutable only for a file this user cannot write: a reader that
       * may write (a worker, a backup) makes its -shm itself, and an
       * immutable one would read pages half-way through another's commit
       * (the crash harness's backups found it). */
      gboolean immutable = (self->read_only_reason != NULL || cannot_write != NULL) &&
                           !g_file_test (shm, G_FILE_TEST_EXISTS);

      rc = connect_read_only (self, immutable);
      if (rc == SQLITE_OK)
        {
          configure_connection (self);
          rc = read_header (self->db, &header);
        }
      /* a -shm file this user cannot read */
      if (!immutable && (rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY))
        {
          rc = connect_read_only (self, TRUE);
          if (rc == SQLITE_OK)
            {
              configure_connection (self);
              rc = read_header (self->db, &header);
            }
        }
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (!existed && g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_OPEN,
                       _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
          return NULL;
        }

      /* Made here exclusively, so that only the process that made the
       * file removes it again when making the database fails; several may
       * be opening it at once. */
      if (!existed)
        {
          int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

          if (fd >= 0)
            {
              created = TRUE;
              close (fd);
            }
          else if (errno != EEXIST)
            {
              int errsv = errno;
              g_set_error (error, BD_STORE_ERROR, errsv == ENOSPC ? BD_STORE_ERROR_FULL : BD_STORE_ERROR_OPEN,
                           _("Cannot create “%s”: %s"), path, g_strerror (errsv));
              return NULL;
            }
        }

      rc = sqlite3_open_v2 (path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc == SQLITE_OK)
        {
          configure_connection (self);
          rc = read_header (self->db, &header);
        }
    }

  if (rc != SQLITE_OK)
    {
      set_open_error (self, rc, error);
      return NULL;
    }

  /* what the file is, before anything is written to it */
  if (!check_header (self, &header, n_steps, create, error))
    return NULL;

  if (self->read_only)
    {
      if (header.version < (int)n_steps && self->read_only_reason != NULL)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_READ_ONLY,
                       _("“%s” must be upgraded for this version of Backorder Desk, which "
                         "needs to write to it. %s"), path, self->read_only_reason);
          return NULL;
        }
      if (header.version < (int)n_steps)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_OPEN,
                       _("“%s” needs to be upgraded before it can be read"), path);
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  if (!use_wal (self, error) ||
      !bd_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !bd_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, steps, n_steps, create, header.version, error))
    {
      if (created)
        {
          g_clear_pointer (&self->db, sqlite3_close_v2);
          remove_new_files (path);
        }
      return NULL;
    }

  /* checkpoints after the commits, on a thread of their own (see
   * Checkpointer) */
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
  return g_steal_pointer (&self);
}

/* Opens a Backorder Desk database that exists, upgrading it if it is from an
 * older version; refuses anything else untouched. */
BdStore *
bd_store_open (const char  *path,
               GError     **error)
{
  return open_store (path, FALSE, FALSE, bd_schema_steps, bd_schema_n_steps, error);
}

/* As bd_store_open(), but makes a new database (and its folder) when there
 * is none at @path, or when @path is an empty file: for the default
 * database, and where a new one was asked for. */
BdStore *
bd_store_create (const char  *path,
                 GError     **error)
{
  return open_store (path, FALSE, TRUE, bd_schema_steps, bd_schema_n_steps, error);
}

/* For tests of migrations: @steps instead of the schema's own. */
BdStore *
bd_store_open_with_steps (const char          *path,
                          const BdSchemaStep  *steps,
                          guint                n_steps,
                          GError             **error)
{
  return open_store (path, FALSE, TRUE, steps, n_steps, error);
}

/* A second connection for a worker thread: lists run their queries on one. */
BdStore *
bd_store_open_readonly (const char  *path,
                        GError     **error)
{
  return open_store (path, TRUE, FALSE, bd_schema_steps, bd_schema_n_steps, error);
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

static int
read_data_version (BdStore *self)
{
  int version = 0;

  read_int (self->db, "PRAGMA data_version", &version);
  return version;
}

static void
emit_changed (BdStore    *self,
              GHashTable *tables)
{
  g_autofree const char **names = NULL;

  if (g_hash_table_contains (tables, BD_STORE_ALL_TABLES))
    {
      names = g_new0 (const char *, 2);
      names[0] = BD_STORE_ALL_TABLES;
    }
  else
    names = (const char **)g_hash_table_get_keys_as_array (tables, NULL);

  /* what this connection tells now is no news from another process */
  self->data_version = read_data_version (self);
  g_signal_emit (self, signals[CHANGED], 0, names);
}

/* Tells the listeners that rows of @tables (NULL-terminated) changed, or
 * waits for the outermost commit when a transaction is open. */
void
bd_store_emit_changed_tables (BdStore            *self,
                              const char * const *tables)
{
  g_autoptr(GHashTable) set = NULL;

  g_return_if_fail (BD_IS_STORE (self));
  g_return_if_fail (tables != NULL);

  if (self->tx_depth > 0)
    {
      if (self->changed_tables == NULL)
        self->changed_tables = g_hash_table_new (g_str_hash, g_str_equal);
      set = g_hash_table_ref (self->changed_tables);
    }
  else
    set = g_hash_table_new (g_str_hash, g_str_equal);

  /* the names are interned: they outlive any set */
  for (guint i = 0; tables[i] != NULL; i++)
    g_hash_table_add (set, (gpointer)g_intern_string (tables[i]));

  if (self->tx_depth == 0)
    emit_changed (self, set);
}

/* A change whose extent is not known: every listener re-reads. */
void
bd_store_emit_changed (BdStore *self)
{
  bd_store_emit_changed_tables (self, (const char * const[]) { BD_STORE_ALL_TABLES, NULL });
}

gboolean
bd_store_changes_include (const char * const *tables,
                          const char         *table)
{
  g_return_val_if_fail (tables != NULL, TRUE);

  return g_strv_contains (tables, BD_STORE_ALL_TABLES) || g_strv_contains (tables, table);
}

static void
wal_changed_cb (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other,
                GFileMonitorEvent  event,
                BdStore           *self)
{
  int version;

  if (event != G_FILE_MONITOR_EVENT_CHANGED && event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT &&
      event != G_FILE_MONITOR_EVENT_CREATED)
    return;

  /* announced by the holder, or when it lets go */
  if (self->watch_held > 0)
    return;

  /* PRAGMA data_version moves only for commits of other connections */
  version = read_data_version (self);
  if (version == self->data_version)
    return;

  self->data_version = version;
  g_debug ("%s was changed by another connection", self->path);
  g_signal_emit (self, signals[CHANGED], 0, (const char * const[]) { BD_STORE_ALL_TABLES, NULL });
}

/* Changes committed by another process (the CLI, a second window, sync)
 * or another connection of this one (a writer's thread) reach this
 * store's listeners as "changed" with every table, on the main context of
 * the caller. A file monitor on the write-ahead log, which every commit
 * writes, rather than a timer: nothing runs while nothing changes. */
void
bd_store_watch_other_connections (BdStore *self)
{
  g_autofree char *wal_path = NULL;
  g_autoptr(GFile) wal = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BD_IS_STORE (self));

  if (self->monitor != NULL)
    return;

  wal_path = g_strconcat (self->path, "-wal", NULL);
  wal = g_file_new_for_path (wal_path);
  self->data_version = read_data_version (self);
  self->monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_warning ("Changes by other programs to %s will not show: %s", self->path, error->message);
      return;
    }

  g_file_monitor_set_rate_limit (self->monitor, 200);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (wal_changed_cb), self, 0);
}

/* Stops announcing the commits of other connections (as every table
 * changed) until bd_store_release_watch(): for a caller that announces
 * its own writes on another connection with the tables they changed, as
 * the app's sync does while a run writes page after page, so that the
 * open lists re-read what changed, and not everything after every page. */
void
bd_store_hold_watch (BdStore *self)
{
  g_return_if_fail (BD_IS_STORE (self));
  self->watch_held++;
}

/* Lets the watch go again; what other connections committed meanwhile,
 * the holder's writes and any other program's, is announced once. */
void
bd_store_release_watch (BdStore *self)
{
  int version;

  g_return_if_fail (BD_IS_STORE (self));
  g_return_if_fail (self->watch_held > 0);

  if (--self->watch_held > 0 || self->monitor == NULL)
    return;
  version = read_data_version (self);
  if (version == self->data_version)
    return;
  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0, (const char * const[]) { BD_STORE_ALL_TABLES, NULL });
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

/* For one write that reads and rewrites more pages than the modest page
 * cache holds (a PO date change rewrites the rows of 10,000 lines, on
 * 8,800 pages of the table): with the usual cache SQLite writes dirty
 * pages to the log before the commit and reads pages again that it read
 * a statement before, 30 ms of processor time of 220. 64 MB while it
 * lasts; back to 8 MB after, the pages no longer needed freed. */
void
bd_store_set_large_cache (BdStore  *self,
                          gboolean  large)
{
  g_return_if_fail (BD_IS_STORE (self));

  sqlite3_exec (self->db, large ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -8192", NULL, NULL, NULL);
  if (!large)
    sqlite3_db_release_memory (self->db);
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
