/* bd-util.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Parsers return FALSE and set @problem to what was expected, in words for
 * an error message ("a date like 2026-03-31"); they do not build GErrors so
 * that the CSV import can put file, line and column around them. Dates and
 * money give an untranslated N_() text; bd_parse_int() gives a new,
 * translated one, since it names the range it was asked for. */
GTimeZone *bd_local_time_zone    (void);
gboolean  bd_host_is_loopback    (const char  *host);
gboolean  bd_parse_date          (const char  *text,
                                  char       **iso_utc,
                                  const char **problem);
gboolean  bd_parse_int           (const char  *text,
                                  gint64       min,
                                  gint64       max,
                                  gint64      *value,
                                  char       **problem);
gboolean  bd_parse_bool          (const char  *text,
                                  gboolean    *value,
                                  const char **problem);
gboolean  bd_parse_money         (const char  *text,
                                  int          exponent,
                                  gint64      *minor,
                                  const char **problem);
int       bd_currency_exponent   (const char  *code);
char     *bd_format_money        (gint64       minor,
                                  const char  *currency);
char     *bd_format_decimal      (gint64       minor,
                                  int          exponent);
char     *bd_sort_key            (const char  *name);
char     *bd_today_start_utc     (void);
char     *bd_format_local_date   (const char  *iso_utc);
char     *bd_format_local_datetime (const char *iso_utc);
gboolean  bd_iso_to_unix         (const char  *iso_utc,
                                  gint64      *unix_time);
gboolean  bd_local_day           (const char  *stored,
                                  gint64      *day);
char     *bd_day_to_date         (gint64       day);
int       bd_days_between        (const char  *from,
                                  const char  *to);
int       bd_days_since          (const char  *iso_utc,
                                  GDateTime   *now);
void      bd_thread_give_way     (void);
gint64    bd_thread_storage_read_bytes (void);
gboolean  bd_thread_sched_times        (guint64 *run_ns,
                                        guint64 *wait_ns);
void      bd_task_run_in_background (GTask           *task,
                                     GTaskThreadFunc  func);
void      bd_main_context_post   (GMainContext *context,
                                  GSourceFunc   func,
                                  gpointer      data,
                                  GDestroyNotify notify,
                                  const char   *name);

G_END_DECLS
