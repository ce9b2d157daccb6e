/* bench-scroll.h: the work per frame while a column view scrolls, for the
 * UI benchmarks
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether a frame painted now counts (say, while a sync runs). */
typedef gboolean (*BenchScrollFilter) (gpointer user_data);

typedef struct
{
  GArray *work;       /* ms per frame, before-paint to after-paint */
  GArray *intervals;  /* ms from one frame's start to the next's */
  GArray *cpu;        /* ms of the main thread's processor time per frame */
  GArray *waited;     /* ms per frame the main thread was ready to run but
                       * waited for a processor (-1: not known) */
} BenchFrames;

#define BENCH_SCROLL_FRAMES 600
/* frames a view scrolls in its turn, when two take turns */
#define BENCH_SCROLL_TURN 10

void       bench_frames_init          (BenchFrames      *frames);
void       bench_frames_clear         (BenchFrames      *frames);
void       bench_scroll_through       (GtkWidget        *view,
                                       BenchFrames      *frames,
                                       BenchScrollFilter filter,
                                       gpointer          user_data);
void       bench_scroll_alternating   (GtkWidget        *first,
                                       BenchFrames      *first_frames,
                                       GtkWidget        *second,
                                       BenchFrames      *second_frames,
                                       BenchScrollFilter until,
                                       gpointer          user_data);
GtkWidget *bench_scroll_baseline_window (guint           n_rows);

G_END_DECLS
