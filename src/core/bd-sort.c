/* bd-sort.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sort"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-sort.h"
#include "bd-util.h"

/* Every sort of a large list happens here rather than in SQLite: a covering
 * index gives the ids and keys of 400,000 lines in 40 ms, and SQLite's
 * sorter then takes three times as long as qsort over integer keys, which
 * takes several times as long as the radix sort below. */

int
bd_sort_compare (const BdSortItem  *a,
                 const BdSortItem  *b,
                 const BdSortOrder *order)
{
  if (a->k1 != b->k1)
    return a->k1 < b->k1 ? -order->k1 : order->k1;
  if (a->k2 != b->k2)
    return a->k2 < b->k2 ? -order->k2 : order->k2;
  if (a->id != b->id)
    return a->id < b->id ? -order->id : order->id;
  return 0;
}

static int
compare_items_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      order)
{
  return bd_sort_compare (a, b, order);
}

/* A part of the key as an unsigned number from 0 to its range, reversed
 * for a descending part. */
typedef struct
{
  gint64 min;
  gint64 max;
  guint bits;
  int sign;
} Part;

static void
part_init (Part   *part,
           int     sign,
           gint64  min,
           gint64  max)
{
  guint64 range = (guint64)max - (guint64)min;

  part->min = min;
  part->max = max;
  part->sign = sign;
  part->bits = 0;
  while (part->bits < 64 && (range >> part->bits) != 0)
    part->bits++;
}

static inline guint64
part_pack (const Part *part,
           gint64      value)
{
  return part->sign > 0 ? (guint64)value - (guint64)part->min
                        : (guint64)part->max - (guint64)value;
}

static inline gint64
part_unpack (const Part *part,
             guint64     packed)
{
  return part->sign > 0 ? (gint64)((guint64)part->min + packed)
                        : (gint64)((guint64)part->max - packed);
}

/* Shifts and masks of 64 bits are undefined in C: a part may take all 64. */
static inline guint64
shift_left (guint64 value,
            guint   bits)
{
  return bits < 64 ? value << bits : 0;
}

static inline guint64
low_bits (guint64 value,
          guint   bits)
{
  return bits < 64 ? value & ((G_GUINT64_CONSTANT (1) << bits) - 1) : value;
}

#define DIGIT_BITS 8
#define DIGITS     (1 << DIGIT_BITS)

/* The order of bd_sort_compare() as an LSD radix sort of the three parts
 * packed into one 64-bit number, each in as few bits as the values it
 * holds need (the times of a shop's lines span years, not centuries): the
 * lines of the benchmark store take six passes of a byte, not eight.
 *
 * The keys and the scratch space of the passes live in the items' own
 * memory (8 bytes each of their 24): a query's items are its largest
 * allocation, and two more arrays of 400,000 keys were 6 MB more at the
 * peak, while the window draws the first rows of the same query.
 *
 * FALSE, leaving @items as they were, when the parts need more than 64
 * bits together. */
static gboolean
radix_sort (GArray            *items,
            const BdSortOrder *order)
{
  BdSortItem *all = (BdSortItem *)(gpointer)items->data;
  guint64 *keys = (guint64 *)(gpointer)items->data;
  guint64 *scratch = keys + items->len;
  guint n = items->len;
  guint count[DIGITS];
  gint64 min[3], max[3];
  Part parts[3];
  guint total;

  G_STATIC_ASSERT (sizeof (BdSortItem) >= 2 * sizeof (guint64));

  if (n < 2)
    return TRUE;

  min[0] = max[0] = all[0].k1;
  min[1] = max[1] = all[0].k2;
  min[2] = max[2] = all[0].id;
  for (guint i = 1; i < n; i++)
    {
      min[0] = MIN (min[0], all[i].k1); max[0] = MAX (max[0], all[i].k1);
      min[1] = MIN (min[1], all[i].k2); max[1] = MAX (max[1], all[i].k2);
      min[2] = MIN (min[2], all[i].id); max[2] = MAX (max[2], all[i].id);
    }
  part_init (&parts[0], order->k1, min[0], max[0]);
  part_init (&parts[1], order->k2, min[1], max[1]);
  part_init (&parts[2], order->id, min[2], max[2]);

  total = parts[0].bits + parts[1].bits + parts[2].bits;
  if (total > 64)
    return FALSE;

  /* key i goes where item i / 3 was, which was read before */
  for (guint i = 0; i < n; i++)
    {
      BdSortItem item = all[i];
      guint64 key = part_pack (&parts[0], item.k1);

      key = shift_left (key, parts[1].bits) | part_pack (&parts[1], item.k2);
      key = shift_left (key, parts[2].bits) | part_pack (&parts[2], item.id);
      keys[i] = key;
    }

  for (guint shift = 0; shift < total; shift += DIGIT_BITS)
    {
      guint64 *swap;
      guint sum = 0;

      memset (count, 0, sizeof count);
      for (guint i = 0; i < n; i++)
        count[(keys[i] >> shift) & (DIGITS - 1)]++;
      if (count[(keys[0] >> shift) & (DIGITS - 1)] == n)
        continue;   /* every key has this digit: nothing to do */

      for (guint d = 0; d < DIGITS; d++)
        {
          guint c = count[d];
          count[d] = sum;
          sum += c;
        }
      for (guint i = 0; i < n; i++)
        scratch[count[(keys[i] >> shift) & (DIGITS - 1)]++] = keys[i];

      swap = keys;
      keys = scratch;
      scratch = swap;
    }

  if (keys != (guint64 *)(gpointer)items->data)
    {
      memcpy (items->data, keys, n * sizeof (guint64));
      keys = (guint64 *)(gpointer)items->data;
    }

  /* from the end: item i goes over keys 3i to 3i + 2, read before */
  for (guint i = n; i-- > 0;)
    {
      guint64 key = keys[i];
      BdSortItem item;

      item.id = part_unpack (&parts[2], low_bits (key, parts[2].bits));
      key = parts[2].bits < 64 ? key >> parts[2].bits : 0;
      item.k2 = part_unpack (&parts[1], low_bits (key, parts[1].bits));
      key = parts[1].bits < 64 ? key >> parts[1].bits : 0;
      item.k1 = part_unpack (&parts[0], key);
      all[i] = item;
    }

  return TRUE;
}

/* Sorts @items (BdSortItem) in @order. */
void
bd_sort_items (GArray            *items,
               const BdSortOrder *order)
{
  g_return_if_fail (items != NULL);
  g_return_if_fail (order != NULL);

  if (!radix_sort (items, order))
    g_qsort_with_data (items->data, items->len, sizeof (BdSortItem), compare_items_cb, (gpointer)order);
}

/* A max-heap of the best items so far: the worst of them on top, so that
 * most items of a long list cost one comparison. */
typedef struct
{
  const BdSortItem *all;
  const BdSortOrder *order;
  guint *heap;
  guint size;
} Heap;

static inline gboolean
heap_above (Heap  *h,
            guint  a,
            guint  b)
{
  return bd_sort_compare (&h->all[h->heap[a]], &h->all[h->heap[b]], h->order) > 0;
}

static void
heap_swap (Heap  *h,
           guint  a,
           guint  b)
{
  guint t = h->heap[a];

  h->heap[a] = h->heap[b];
  h->heap[b] = t;
}

static void
heap_sift_down (Heap  *h,
                guint  i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, top = i;

      if (l < h->size && heap_above (h, l, top))
        top = l;
      if (r < h->size && heap_above (h, r, top))
        top = r;
      if (top == i)
        return;
      heap_swap (h, i, top);
      i = top;
    }
}

static void
heap_sift_up (Heap  *h,
              guint  i)
{
  while (i > 0 && heap_above (h, i, (i - 1) / 2))
    {
      heap_swap (h, i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
}

/* Appends to @first the @n first of @items in @order, in that order,
 * leaving @items as they are: what a list shows before its whole result
 * is sorted. */
void
bd_sort_first (GArray            *items,
               guint              n,
               const BdSortOrder *order,
               GArray            *first)
{
  Heap h = { (const BdSortItem *)(gpointer)items->data, order, NULL, 0 };
  g_autoptr(GArray) best = NULL;

  g_return_if_fail (items != NULL);
  g_return_if_fail (order != NULL);
  g_return_if_fail (first != NULL);

  n = MIN (n, items->len);
  if (n == 0)
    return;

  h.heap = g_new (guint, n);
  for (guint i = 0; i < items->len; i++)
    {
      if (h.size < n)
        {
          h.heap[h.size++] = i;
          heap_sift_up (&h, h.size - 1);
        }
      else if (bd_sort_compare (&h.all[i], &h.all[h.heap[0]], order) < 0)
        {
          h.heap[0] = i;
          heap_sift_down (&h, 0);
        }
    }

  best = g_array_sized_new (FALSE, FALSE, sizeof (BdSortItem), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (best, h.all[h.heap[i]]);
  g_free (h.heap);

  g_qsort_with_data (best->data, best->len, sizeof (BdSortItem), compare_items_cb, (gpointer)order);
  g_array_append_vals (first, best->data, best->len);
}

/* Whether @text begins with the ten bytes of @day, which hold no NUL: it
 * stops at the end of a shorter text. Inline, where strncmp() was 4% of
 * reading 400,000 lines. */
static inline gboolean
same_day (const char *text,
          const char *day)
{
  for (guint i = 0; i < 10; i++)
    if (text[i] != day[i])
      return FALSE;
  return TRUE;
}

static inline gboolean
read_2 (const char *p,
        int        *value)
{
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  *value = (p[0] - '0') * 10 + (p[1] - '0');
  return TRUE;
}

/* The same seconds as bd_iso_to_unix(), which costs a tenth of reading
 * 400,000 lines when called for each: the day of the last time is kept,
 * and for a time on the same day only the hour, minute and second are
 * read. */
gboolean
bd_sort_time_key (BdTimeParser *parser,
                  const char   *iso_utc,
                  gint64       *seconds)
{
  int h = 0, mi = 0, s = 0;

  if (iso_utc == NULL)
    return FALSE;

  if (parser->has_day && same_day (iso_utc, parser->day) &&
      iso_utc[10] == 'T' && read_2 (iso_utc + 11, &h) && iso_utc[13] == ':' &&
      read_2 (iso_utc + 14, &mi) && iso_utc[16] == ':' && read_2 (iso_utc + 17, &s))
    {
      *seconds = parser->day_start + h * 3600 + mi * 60 + s;
      return TRUE;
    }

  if (!bd_iso_to_unix (iso_utc, seconds))
    return FALSE;

  /* bd_iso_to_unix() read a whole date, so the first ten bytes are there */
  memcpy (parser->day, iso_utc, sizeof parser->day);
  read_2 (iso_utc + 11, &h);
  read_2 (iso_utc + 14, &mi);
  read_2 (iso_utc + 17, &s);
  parser->day_start = *seconds - (h * 3600 + mi * 60 + s);
  parser->has_day = TRUE;
  return TRUE;
}

/* ranks[id] is the place of row @id in the order of the text (equal texts
 * share one), so that rows referring to it sort as SQL would by the text;
 * order[] holds the ids in that order, for reading lines entity by entity
 * in the order of the sort (a first screen before the whole list). */
struct _BdRanks
{
  guint32 *ranks;
  gint64 n_ranks;     /* ids below this have a rank */
  guint32 last;       /* the rank after every other, for a row newer than the ranks */
  guint32 *order;
  guint n_rows;
};

static void
ranks_clear (BdRanks *ranks)
{
  g_clear_pointer (&ranks->ranks, g_free);
  g_clear_pointer (&ranks->order, g_free);
}

/* @sql gives id and text, ordered by the text. */
static gboolean
load_ranks (BdStore    *store,
            const char *sql,
            gboolean    unique,
            BdRanks    *ranks,
            GError    **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr(GString) previous = g_string_new (NULL);
  gint64 max_id = 0;
  guint32 rank = 0;
  int rc;

  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      guint32 id32 = (guint32)id;
      guint8 start = TRUE;

      /* ranks[] has a place for every id up to the largest */
      if (id < 0 || id > G_MAXUINT32 - 1)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("A row id is out of the range a sort can handle"));
          return FALSE;
        }

      if (!unique)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, 1);
          gsize len = sqlite3_column_bytes (stmt, 1);

          start = ids->len == 0 || len != previous->len || memcmp (text, previous->str, len) != 0;
          if (start)
            g_string_append_len (g_string_truncate (previous, 0), text, len);
        }

      g_array_append_val (ids, id32);
      g_array_append_val (starts, start);
      max_id = MAX (max_id, id);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("sorting"));
      return FALSE;
    }

  ranks->n_ranks = max_id + 1;
  ranks->ranks = g_new0 (guint32, ranks->n_ranks);
  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0 && g_array_index (starts, guint8, i))
        rank++;
      ranks->ranks[g_array_index (ids, guint32, i)] = rank;
    }
  ranks->last = rank + 1;
  ranks->n_rows = ids->len;
  ranks->order = (guint32 *)(gpointer)g_array_free (g_steal_pointer (&ids), FALSE);

  return TRUE;
}

/* The ranks a connection loaded last, kept while the store is as it was:
 * no other connection committed since (data_version) and this one wrote
 * nothing (total_changes). Ranking 570,000 orders takes 50 ms, which a
 * list sorted by order would pay at every change of filter. */
typedef struct
{
  BdRanks ranks;
  gint64 data_version;
  gint64 changes;
} RankCache;

static void
rank_cache_free (gpointer data)
{
  RankCache *cache = data;

  ranks_clear (&cache->ranks);
  g_free (cache);
}

static gint64
data_version (BdStore *store)
{
  sqlite3_stmt *stmt = bd_store_cached (store, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

/* The ranks of the rows @sql gives (id, then the text, ordered by the
 * text) on @store's connection, read again only after a change. Rows of
 * equal text share a rank unless @unique says the text has no duplicates.
 * Kept per @sql, which is best a literal. */
const BdRanks *
bd_ranks_get (BdStore     *store,
              const char  *sql,
              gboolean     unique,
              GError     **error)
{
  g_autofree char *name = NULL;
  RankCache *cache;
  gint64 version;
  gint64 changes;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  version = data_version (store);
  changes = sqlite3_total_changes64 (bd_store_get_db (store));
  name = g_strconcat ("bd-ranks: ", sql, NULL);

  cache = g_object_get_data (G_OBJECT (store), name);
  if (cache != NULL && version >= 0 && cache->data_version == version && cache->changes == changes)
    return &cache->ranks;

  /* the old ranks go first: a million-line store's take megabytes */
  g_object_set_data (G_OBJECT (store), name, NULL);
  cache = g_new0 (RankCache, 1);
  if (!load_ranks (store, sql, unique, &cache->ranks, error))
    {
      rank_cache_free (cache);
      return NULL;
    }
  cache->data_version = version;
  cache->changes = changes;
  g_object_set_data_full (G_OBJECT (store), name, cache, rank_cache_free);
  return &cache->ranks;
}

/* The rank of row @id; a row newer than the ranks comes after all. */
gint64
bd_ranks_lookup (const BdRanks *ranks,
                 gint64         id)
{
  return id >= 0 && id < ranks->n_ranks ? ranks->ranks[id] : ranks->last;
}

guint
bd_ranks_get_n_rows (const BdRanks *ranks)
{
  return ranks->n_rows;
}

/* The id of the row at place @nth of the order. */
gint64
bd_ranks_get_nth_id (const BdRanks *ranks,
                     guint          nth)
{
  g_return_val_if_fail (nth < ranks->n_rows, 0);
  return ranks->order[nth];
}
