/* bench-util.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <time.h>
#include <json-glib/json-glib.h>

#include "bd-store.h"

#include "bench-util.h"

typedef struct
{
  char *name;
  double value;
  char *unit;
  char *target;
  gboolean met;
  gboolean measured;
  char *note;
} Row;

static GPtrArray *rows;

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The processor time of the calling thread, in ms: what it did, apart
 * from its waits for the disk, for a processor and for anything else. */
double
bench_thread_cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

const char *
bench_data_dir (void)
{
  const char *dir = g_getenv ("BD_BENCH_DATA");

  if (dir == NULL)
    g_error ("BD_BENCH_DATA is not set: run the benchmarks with meson test --benchmark");
  return dir;
}

const char *
bench_out_dir (void)
{
  const char *dir = g_getenv ("BD_BENCH_OUT");

  return dir ? dir : ".";
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

double
bench_percentile (GArray *samples,
                  double  p)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);
  guint index;

  g_assert (samples->len > 0);
  g_array_sort (sorted, compare_double);
  index = (guint)(p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

double
bench_median (GArray *samples)
{
  return bench_percentile (samples, 0.5);
}

static void
add_row (Row *row)
{
  if (rows == NULL)
    rows = g_ptr_array_new ();
  g_ptr_array_add (rows, row);

  if (row->measured)
    g_print ("%-62s %12.2f %-8s %-16s %s%s%s\n", row->name, row->value, row->unit, row->target,
             row->met ? "met" : "NOT MET", row->note ? "  " : "", row->note ? row->note : "");
  else
    g_print ("%-62s %12s %-8s %-16s NOT MET  %s\n", row->name, "-", row->unit, row->target, row->note);
}

void
bench_report (const char *name,
              double      value,
              const char *unit,
              BenchGoal   goal,
              double      target,
              const char *note)
{
  Row *row = g_new0 (Row, 1);

  row->name = g_strdup (name);
  row->value = value;
  row->unit = g_strdup (unit);
  row->measured = TRUE;
  /* the decision comes from the measurement, here and nowhere else */
  row->met = goal == BENCH_AT_MOST ? value <= target : value >= target;
  row->target = g_strdup_printf ("%s %g %s", goal == BENCH_AT_MOST ? "<=" : ">=", target, unit);
  row->note = g_strdup (note);
  add_row (row);
}

void
bench_report_unmet (const char *name,
                    const char *unit,
                    const char *target_text,
                    const char *why)
{
  Row *row = g_new0 (Row, 1);

  row->name = g_strdup (name);
  row->unit = g_strdup (unit);
  row->target = g_strdup (target_text);
  row->note = g_strdup (why);
  add_row (row);
}

/* Merges this program's rows into bench-results.json: rows of the same name
 * are replaced, the others kept, so that several benchmark programs share
 * one file. */
int
bench_finish (void)
{
  g_autofree char *path = g_build_filename (bench_out_dir (), "bench-results.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    g_hash_table_add (mine, ((Row *)g_ptr_array_index (rows, i))->name);

  json_builder_begin_array (builder);

  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      json_parser_load_from_file (parser, path, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *old = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (old); i++)
        {
          JsonObject *o = json_array_get_object_element (old, i);

          if (o != NULL && !g_hash_table_contains (mine, json_object_get_string_member_with_default (o, "name", "")))
            json_builder_add_value (builder, json_node_copy (json_array_get_element (old, i)));
        }
    }

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->name);
      json_builder_set_member_name (builder, "value");
      if (row->measured)
        json_builder_add_double_value (builder, row->value);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, row->unit);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, row->target);
      json_builder_set_member_name (builder, "met");
      json_builder_add_boolean_value (builder, row->met);
      if (row->note != NULL)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, row->note);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  if (!g_file_set_contents (path, text, -1, &error))
    g_error ("cannot write %s: %s", path, error->message);

  g_print ("wrote %s\n", path);
  return 0;
}

void
bench_remove_store (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Leaves the file cache to the store a benchmark measures: the copy it
 * was made from (read once, as big) would otherwise share the cache with
 * it, as no user's machine has it do, and on a machine whose cache holds
 * about a gigabyte (this project's CI machines) push its pages out. */
void
bench_drop_from_cache (const char *path)
{
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return;
  /* advice: where it is not taken, the figure is as before */
  (void)posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  close (fd);
}

/* Reads @path into the file cache, as a store in use is: what a figure
 * measures is then what the app does, not the first reads of a file
 * that the machine has not read yet (a fresh copy is written around the
 * cache, in part). */
void
bench_warm_cache (const char *path)
{
  g_autofree char *buffer = g_malloc (1 << 20);
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return;
  for (;;)
    {
      gssize n = read (fd, buffer, 1 << 20);

      if (n == 0 || (n < 0 && errno != EINTR))
        break;
    }
  close (fd);
}

static char *
schema_text (BdStore *store)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT (SELECT page_size FROM pragma_page_size ())"
                                                    " || group_concat(sql, ';') FROM"
                                                    " (SELECT sql FROM sqlite_schema ORDER BY name)", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

/* A store the benchmarks keep in the build directory is used again unless
 * @data_path is newer or the schema changed (even within a version that is
 * not released yet). */
gboolean
bench_store_is_current (const char *path,
                        const char *data_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *fresh_path = NULL;
  g_autofree char *cached_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  GStatBuf store_stat, data_stat;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdStore) fresh = NULL;

  if (g_stat (path, &store_stat) != 0 || g_stat (data_path, &data_stat) != 0)
    return FALSE;
  if (store_stat.st_mtime < data_stat.st_mtime)
    return FALSE;

  store = bd_store_open_readonly (path, NULL);
  if (store == NULL || bd_store_get_schema_version (store) != BD_STORE_SCHEMA_VERSION)
    return FALSE;

  dir = g_dir_make_tmp ("bd-bench-XXXXXX", NULL);
  fresh_path = g_build_filename (dir, "fresh.sqlite3", NULL);
  fresh = bd_store_create (fresh_path, NULL);
  g_assert_nonnull (fresh);
  cached_schema = schema_text (store);
  fresh_schema = schema_text (fresh);
  g_clear_object (&fresh);
  bench_remove_store (fresh_path);
  g_rmdir (dir);

  return g_strcmp0 (cached_schema, fresh_schema) == 0;
}
