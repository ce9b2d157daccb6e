/* test-sort.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sort"

#include "config.h"

#include "bd-sort.h"
#include "bd-util.h"

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      order)
{
  return bd_sort_compare (a, b, order);
}

/* @n items with keys drawn from [0, @range1) and [0, @range2) (0: any
 * 64-bit value), ids unique. */
static GArray *
random_items (GRand  *rand,
              guint   n,
              gint64  range1,
              gint64  range2,
              gint64  id_base)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (BdSortItem));

  for (guint i = 0; i < n; i++)
    {
      BdSortItem item;

      item.k1 = range1 > 0 ? g_rand_int_range (rand, 0, (gint32)MIN (range1, G_MAXINT32))
                           : (gint64)(((guint64)g_rand_int (rand) << 32) | g_rand_int (rand));
      item.k2 = range2 > 0 ? g_rand_int_range (rand, 0, (gint32)MIN (range2, G_MAXINT32)) - range2 / 2
                           : (gint64)(((guint64)g_rand_int (rand) << 32) | g_rand_int (rand));
      item.id = id_base + i * 7 % n;     /* unique, not in order */
      g_array_append_val (items, item);
    }

  return items;
}

static void
assert_same (GArray *a,
             GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      BdSortItem *x = &g_array_index (a, BdSortItem, i);
      BdSortItem *y = &g_array_index (b, BdSortItem, i);

      g_assert_cmpint (x->k1, ==, y->k1);
      g_assert_cmpint (x->k2, ==, y->k2);
      g_assert_cmpint (x->id, ==, y->id);
    }
}

/* The radix sort, whatever the ranges and directions, gives the order of
 * bd_sort_compare(); bd_sort_first() gives its beginning. */
static void
test_sort_items (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const struct { guint n; gint64 range1; gint64 range2; gint64 id_base; } cases[] = {
    { 0, 3, 0, 1 },
    { 1, 3, 0, 1 },
    { 2, 1, 1, 1 },
    { 1000, 3, 1 << 24, 1 },                 /* a priority and a time */
    { 5000, 1, 1, 1 },                       /* only ids differ */
    { 5000, 600000, 1, 1 },                  /* a rank */
    { 5000, 2, 1 << 30, G_GINT64_CONSTANT (1) << 40 },
    { 3000, 0, 5, 1 },                       /* any 64-bit key: qsort */
    { 3000, 0, 0, G_MININT64 / 2 },
  };
  const BdSortOrder orders[] = {
    { 1, 1, 1 }, { -1, 1, 1 }, { 1, -1, -1 }, { -1, -1, -1 }, { 1, 1, -1 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
      {
        g_autoptr(GArray) items = random_items (rand, cases[c].n, cases[c].range1, cases[c].range2,
                                                cases[c].id_base);
        g_autoptr(GArray) expected = g_array_copy (items);
        g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (BdSortItem));
        g_autoptr(GArray) before = g_array_copy (items);

        g_qsort_with_data (expected->data, expected->len, sizeof (BdSortItem), compare_cb,
                           (gpointer)&orders[o]);

        for (guint n = 0; n <= 130; n += 13)
          {
            g_array_set_size (first, 0);
            bd_sort_first (items, n, &orders[o], first);
            g_assert_cmpuint (first->len, ==, MIN (n, items->len));
            for (guint i = 0; i < first->len; i++)
              g_assert_cmpint (g_array_index (first, BdSortItem, i).id, ==,
                               g_array_index (expected, BdSortItem, i).id);
          }
        /* bd_sort_first() leaves the items as they were */
        assert_same (items, before);

        bd_sort_items (items, &orders[o]);
        assert_same (items, expected);
      }
}

/* The extremes of 64 bits: a part that needs all of them, alone (the
 * same id everywhere: radix) or with others (qsort). */
static void
test_sort_extremes (void)
{
  const BdSortOrder up = { 1, 1, 1 }, down = { -1, 1, 1 };

  for (guint same_id = 0; same_id < 2; same_id++)
    {
      BdSortItem values[] = {
        { G_MAXINT64, 0, 1 }, { G_MININT64, 0, 2 }, { 0, 0, 3 }, { -1, 0, 4 }, { 1, 0, 5 },
      };
      g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (BdSortItem));

      for (guint i = 0; same_id && i < G_N_ELEMENTS (values); i++)
        values[i].id = 9;
      g_array_append_vals (items, values, G_N_ELEMENTS (values));

      bd_sort_items (items, &up);
      g_assert_cmpint (g_array_index (items, BdSortItem, 0).k1, ==, G_MININT64);
      g_assert_cmpint (g_array_index (items, BdSortItem, 1).k1, ==, -1);
      g_assert_cmpint (g_array_index (items, BdSortItem, 2).k1, ==, 0);
      g_assert_cmpint (g_array_index (items, BdSortItem, 4).k1, ==, G_MAXINT64);
      g_assert_cmpint (g_array_index (items, BdSortItem, 4).id, ==, same_id ? 9 : 1);

      bd_sort_items (items, &down);
      g_assert_cmpint (g_array_index (items, BdSortItem, 0).k1, ==, G_MAXINT64);
      g_assert_cmpint (g_array_index (items, BdSortItem, 3).k1, ==, -1);
      g_assert_cmpint (g_array_index (items, BdSortItem, 4).k1, ==, G_MININT64);
    }
}

/* Remembering the day gives what bd_iso_to_unix() gives, for times in
 * and out of order and for text that is no time. */
static void
test_sort_time_key (void)
{
  const char *times[] = {
    "2026-03-31T14:05:00Z", "2026-03-31T14:05:00Z", "2026-03-31T00:00:59Z",
    "2026-03-30T23:59:59Z", "2026-03-31T23:59:59Z", "1970-01-01T00:00:00Z",
    "2026-03-31", "2026-03-31T1", "2026-03-31Tab:cd:efZ", "", "2026-03-31T14:05:00Z",
    "2400-02-29T12:00:00Z", "2026-03-31T14:05:07+02:00",
  };
  BdTimeParser parser = { 0, };

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      {
        gint64 expected = -1, got = -1;
        gboolean ok = bd_iso_to_unix (times[i], &expected);

        g_assert_cmpint (bd_sort_time_key (&parser, times[i], &got), ==, ok);
        if (ok)
          g_assert_cmpint (got, ==, expected);
      }

  g_assert_false (bd_sort_time_key (&parser, NULL, &(gint64) { 0 }));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sort/items", test_sort_items);
  g_test_add_func ("/sort/extremes", test_sort_extremes);
  g_test_add_func ("/sort/time-key", test_sort_time_key);

  return g_test_run ();
}
