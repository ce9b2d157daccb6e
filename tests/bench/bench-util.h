/* bench-util.h: rows of figures, printed and written to bench-results.json
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BENCH_AT_MOST,     /* value <= target */
  BENCH_AT_LEAST,    /* value >= target */
} BenchGoal;

void    bench_report    (const char *name,
                         double      value,
                         const char *unit,
                         BenchGoal   goal,
                         double      target,
                         const char *note);
void    bench_report_unmet (const char *name,
                            const char *unit,
                            const char *target_text,
                            const char *why);
int     bench_finish    (void);
double  bench_median    (GArray     *samples);
double  bench_percentile (GArray    *samples,
                          double     p);
double  bench_now_ms    (void);
double  bench_thread_cpu_ms (void);
const char *bench_data_dir (void);
const char *bench_out_dir  (void);
void    bench_remove_store (const char *path);
void    bench_drop_from_cache (const char *path);
void    bench_warm_cache   (const char *path);
gboolean bench_store_is_current (const char *path,
                                 const char *data_path);

G_END_DECLS
