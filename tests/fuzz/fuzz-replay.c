/* fuzz-replay.c: runs a fuzz target on every file of its corpus, as a test
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-fuzz-replay"

#include "config.h"

#include <string.h>

#include "bd-fuzz.h"

/* Built with the compiler of the normal build and linked with one target
 * (BD_FUZZ_TARGET names it), so that the seeds and every crash the fuzzers
 * found run in the suite without clang. Each file runs in a subprocess of
 * its own: one that crashes fails its own test case and not the others. */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
replay_file (gconstpointer data)
{
  const char *path = data;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      LLVMFuzzerTestOneInput ((const uint8_t *)contents, length);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *corpus = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  /* g_test_init() makes criticals fatal already; the targets say it again
   * for libFuzzer, and a crash in a subprocess must not stop the others */
  bd_fuzz_init ();
  g_test_set_nonfatal_assertions ();

  corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", BD_FUZZ_TARGET, NULL);
  dir = g_dir_open (corpus, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s", BD_FUZZ_TARGET, file);
      char *path = g_build_filename (corpus, file, NULL);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, replay_file);
    }

  return g_test_run ();
}
