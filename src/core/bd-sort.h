/* bd-sort.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* Sorting the ids of a large list in C (DESIGN.md, Large lists): a row
 * source reads each row's id and up to two integer keys from a covering
 * index, and sorts them here. Text sorts by a rank (BdRanks), times by
 * their seconds (bd_sort_time_key()). */
typedef struct
{
  gint64 k1;
  gint64 k2;
  gint64 id;     /* the last tie-break, so that every order is total */
} BdSortItem;

/* The direction of each part: 1 ascending, -1 descending. */
typedef struct
{
  int k1;
  int k2;
  int id;
} BdSortOrder;

int            bd_sort_compare      (const BdSortItem   *a,
                                     const BdSortItem   *b,
                                     const BdSortOrder  *order);
void           bd_sort_items        (GArray             *items,
                                     const BdSortOrder  *order);
void           bd_sort_first        (GArray             *items,
                                     guint               n,
                                     const BdSortOrder  *order,
                                     GArray             *first);

/* Seconds since 1970 of a stored time (YYYY-MM-DDTHH:MM:SSZ), remembering
 * the day of the last one: rows read in index order mostly share it.
 * Zero-initialize the parser. */
typedef struct
{
  char day[10];
  gint64 day_start;
  gboolean has_day;
} BdTimeParser;

gboolean       bd_sort_time_key     (BdTimeParser       *parser,
                                     const char         *iso_utc,
                                     gint64             *seconds);

/* The place of each row of a table in the order of a text column (a
 * reference, a name), so that rows referring to it sort by an integer. */
typedef struct _BdRanks BdRanks;

const BdRanks *bd_ranks_get         (BdStore            *store,
                                     const char         *sql,
                                     gboolean            unique,
                                     GError            **error);
gint64         bd_ranks_lookup      (const BdRanks      *ranks,
                                     gint64              id);
guint          bd_ranks_get_n_rows  (const BdRanks      *ranks);
gint64         bd_ranks_get_nth_id  (const BdRanks      *ranks,
                                     guint               nth);

G_END_DECLS
