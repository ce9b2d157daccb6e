/* test-util.c: dates, money and numbers as files write them
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-util"

#include "config.h"

#include "bd-test-util.h"
#include "bd-util.h"

static void
test_parse_date (void)
{
  const struct { const char *text; const char *utc; } good[] = {
    { "2026-03-01", "2026-03-01T00:00:00Z" },                  /* local = UTC here */
    { "2026-03-01T14:05", "2026-03-01T14:05:00Z" },
    { "2026-03-01 14:05:09", "2026-03-01T14:05:09Z" },
    { "2026-03-01T14:05:09.123Z", "2026-03-01T14:05:09Z" },
    { "2026-03-01T14:05:09+02:00", "2026-03-01T12:05:09Z" },
    { "2026-03-01T00:30:00-0130", "2026-03-01T02:00:00Z" },
    { "2024-02-29", "2024-02-29T00:00:00Z" },
    { "2026-03-01T10:00+05", "2026-03-01T05:00:00Z" },
    { "0001-01-01T00:00Z", "0001-01-01T00:00:00Z" },
  };
  const char *bad[] = { "", "2026-3-1", "01/03/2026", "2026-02-29", "2026-13-01",
                        "2026-03-01T25:00", "2026-03-01x", "2026-03-01T10:00+99:00",
                        /* year 0 asked GLib for its days and got a critical */
                        "0000-01-01", "0000-02-29", "0000-12-31T10:00Z",
                        /* a colon without minutes is no zone */
                        "2026-03-01T10:00+05:", "2026-03-01T10:00+05:3", "2026-03-01T10:00-05:",
                        "2026-03-01T10:00+5", "2026-03-01T10:00Z+01",
                        /* before year 1 or after 9999 once in UTC */
                        "0001-01-01T00:30+01:00", "9999-12-31T23:30-01:00" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *iso = NULL;
      const char *problem = NULL;

      g_assert_true (bd_parse_date (good[i].text, &iso, &problem));
      g_assert_cmpstr (iso, ==, good[i].utc);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char *iso = NULL;
      const char *problem = NULL;

      g_assert_false (bd_parse_date (bad[i], &iso, &problem));
      g_assert_null (iso);
      g_assert_nonnull (problem);
    }

  /* past the years a stored date has, the problem says so */
  {
    char *iso = NULL;
    const char *problem = NULL;

    g_assert_false (bd_parse_date ("9999-12-31T23:30-01:00", &iso, &problem));
    g_assert_cmpstr (problem, ==, "a date from year 1 to 9999 once in UTC");
  }
}

/* Times without a zone are local: checked against GDateTime's own
 * conversion in the machine's zone, over two years of hours, including the
 * hours that a change to summer time skips or repeats. The suite runs this
 * in UTC and again in Europe/Berlin (tests/meson.build). */
static void
test_parse_date_local (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  for (int day = 0; day < 731; day++)
    for (int hour = 0; hour < 24; hour++)
      {
        g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
        g_autoptr(GDateTime) date = g_date_time_add_days (base, day);
        g_autofree char *text = g_strdup_printf ("%04d-%02d-%02dT%02d:30:15",
                                                 g_date_time_get_year (date),
                                                 g_date_time_get_month (date),
                                                 g_date_time_get_day_of_month (date), hour);
        g_autoptr(GDateTime) local = g_date_time_new (tz, g_date_time_get_year (date),
                                                      g_date_time_get_month (date),
                                                      g_date_time_get_day_of_month (date),
                                                      hour, 30, 15);
        g_autoptr(GDateTime) utc = g_date_time_to_utc (local);
        g_autofree char *expected = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
        g_autofree char *iso = NULL;
        const char *problem = NULL;

        g_assert_true (bd_parse_date (text, &iso, &problem));
        g_assert_cmpstr (iso, ==, expected);
      }
}

static void
test_parse_int (void)
{
  const struct { const char *text; gint64 min, max, value; } good[] = {
    { "0", 0, 2, 0 },
    { "+2", 0, 2, 2 },
    { "-1000000000", -1000000000, 1000000000, -1000000000 },
    { "2147483647", 1, G_MAXINT32, G_MAXINT32 },
    { "9223372036854775807", 0, G_MAXINT64, G_MAXINT64 },
    { "007", 0, 10, 7 },
  };
  const struct { const char *text; gint64 min, max; } bad[] = {
    /* 2^64 + 1 and 2^64 + 2 wrapped around to 1 and 2 */
    { "18446744073709551617", 1, G_MAXINT32 },
    { "18446744073709551618", 0, 2 },
    { "-18446744073709551615", -10, 10 },
    { "9223372036854775808", 0, G_MAXINT64 },
    { "2147483648", 1, G_MAXINT32 },
    { "99999999999999999999999999999999", 0, G_MAXINT64 },
    { "3", 0, 2 },
    { "-1", 0, 2 },
    { "", 0, 2 },
    { "-", 0, 2 },
    { "1e3", 0, 10000 },
    { " 5", 0, 10 },
    { "5 ", 0, 10 },
    { "1.0", 0, 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *problem = NULL;
      gint64 value = -42;

      g_assert_true (bd_parse_int (good[i].text, good[i].min, good[i].max, &value, &problem));
      g_assert_cmpint (value, ==, good[i].value);
      g_assert_null (problem);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *problem = NULL;
      g_autofree char *range = g_strdup_printf ("a whole number from %" G_GINT64_FORMAT
                                                " to %" G_GINT64_FORMAT,
                                                bad[i].min, bad[i].max);
      gint64 value = -42;

      g_assert_false (bd_parse_int (bad[i].text, bad[i].min, bad[i].max, &value, &problem));
      g_assert_cmpstr (problem, ==, range);
    }
}

static void
test_parse_money (void)
{
  gint64 minor;
  const char *problem;

  g_assert_true (bd_parse_money ("12.5", 2, &minor, &problem));
  g_assert_cmpint (minor, ==, 1250);
  g_assert_true (bd_parse_money ("-0.07", 2, &minor, &problem));
  g_assert_cmpint (minor, ==, -7);
  g_assert_true (bd_parse_money (".5", 2, &minor, &problem));
  g_assert_cmpint (minor, ==, 50);
  g_assert_true (bd_parse_money ("1500", 0, &minor, &problem));
  g_assert_cmpint (minor, ==, 1500);
  g_assert_true (bd_parse_money ("1.2500", 2, &minor, &problem));   /* trailing zeros are fine */
  g_assert_cmpint (minor, ==, 125);
  g_assert_false (bd_parse_money ("1.255", 2, &minor, &problem));
  g_assert_false (bd_parse_money ("12,50", 2, &minor, &problem));
  g_assert_false (bd_parse_money ("abc", 2, &minor, &problem));

  g_assert_cmpint (bd_currency_exponent ("USD"), ==, 2);
  g_assert_cmpint (bd_currency_exponent ("JPY"), ==, 0);
  g_assert_cmpint (bd_currency_exponent ("KWD"), ==, 3);
  g_assert_cmpint (bd_currency_exponent ("usd"), ==, -1);
  g_assert_cmpint (bd_currency_exponent ("EURO"), ==, -1);

  {
    g_autofree char *a = bd_format_decimal (1250, 2);
    g_autofree char *b = bd_format_decimal (-7, 2);
    g_autofree char *c = bd_format_decimal (1125, 3);
    g_assert_cmpstr (a, ==, "12.50");
    g_assert_cmpstr (b, ==, "-0.07");
    g_assert_cmpstr (c, ==, "1.125");
  }
}

static void
test_days_since (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 5, 9, 0, 0);
  g_autoptr(GDateTime) new_year = g_date_time_new_utc (2027, 1, 1, 0, 0, 1);

  g_assert_cmpint (bd_days_since ("2026-03-01T10:00:00Z", now), ==, 4);
  g_assert_cmpint (bd_days_since ("2026-03-05T08:59:59Z", now), ==, 0);
  g_assert_cmpint (bd_days_since ("2026-03-04T23:59:59Z", now), ==, 1);
  g_assert_cmpint (bd_days_since ("2024-02-28T12:00:00Z", now), ==, 736);   /* over a leap day */
  g_assert_cmpint (bd_days_since ("2026-12-31T23:59:59Z", new_year), ==, 1);
  g_assert_cmpint (bd_days_since ("2026-03-06T00:00:00Z", now), ==, -1);
  g_assert_cmpint (bd_days_since (NULL, now), ==, 0);
  g_assert_cmpint (bd_days_since ("garbage", now), ==, 0);
}

/* Stored times in the machine's zone, to the minute; run in UTC and again
 * in Europe/Berlin (tests/meson.build). */
static void
test_format_local_datetime (void)
{
  gboolean berlin = g_strcmp0 (g_getenv ("TZ"), "Europe/Berlin") == 0;
  const struct { const char *stored, *utc, *berlin; } cases[] = {
    { "2026-01-15T09:05:59Z", "2026-01-15 09:05", "2026-01-15 10:05" },
    { "2026-07-15T23:30:00Z", "2026-07-15 23:30", "2026-07-16 01:30" },
    /* the night summer time starts: 01:00 UTC is 03:00 there */
    { "2026-03-29T00:59:00Z", "2026-03-29 00:59", "2026-03-29 01:59" },
    { "2026-03-29T01:00:00Z", "2026-03-29 01:00", "2026-03-29 03:00" },
    { NULL, "", "" },
    { "", "", "" },
    { "garbage", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bd_format_local_datetime (cases[i].stored);
      g_autofree char *day = bd_format_local_date (cases[i].stored);

      g_assert_cmpstr (text, ==, berlin ? cases[i].berlin : cases[i].utc);
      /* the same day as bd_format_local_date() */
      g_assert_true (g_str_has_prefix (text, day));
    }
}

static void
test_sort_key (void)
{
  g_autofree char *a = bd_sort_key ("Émile Zola");
  g_autofree char *b = bd_sort_key ("zoë");

  g_assert_cmpstr (a, ==, "emile zola");
  g_assert_cmpstr (b, ==, "zoe");
}

/* Dates of either kind the store keeps, as local days: a local date as it
 * is, a time in UTC on the local calendar (in Berlin 23:30 UTC is the
 * next day). */
static void
test_local_day (void)
{
  gboolean berlin = g_strcmp0 (g_getenv ("TZ"), "Europe/Berlin") == 0;
  g_autofree char *date = NULL;
  g_autofree char *time_date = NULL;
  gint64 day = 0, time_day = 0;

  g_assert_true (bd_local_day ("2026-03-31", &day));
  date = bd_day_to_date (day);
  g_assert_cmpstr (date, ==, "2026-03-31");

  g_assert_true (bd_local_day ("2026-03-31T23:30:00Z", &time_day));
  time_date = bd_day_to_date (time_day);
  g_assert_cmpstr (time_date, ==, berlin ? "2026-04-01" : "2026-03-31");
  g_assert_cmpint (time_day - day, ==, berlin ? 1 : 0);

  g_assert_true (bd_local_day ("1970-01-02", &day));
  g_assert_cmpint (day, ==, 1);

  for (const char * const *bad = (const char * const[]) { "", "2026-13-01", "2026-3-1", "yesterday",
                                                          "2026-03-31T23:30", NULL };
       *bad != NULL; bad++)
    g_assert_false (bd_local_day (*bad, &day));
  g_assert_false (bd_local_day (NULL, &day));
}

static void
test_parse_bool (void)
{
  const struct { const char *text; gboolean ok, value; } cases[] = {
    { "true", TRUE, TRUE }, { "TRUE", TRUE, TRUE }, { "Yes", TRUE, TRUE }, { "1", TRUE, TRUE },
    { "false", TRUE, FALSE }, { "no", TRUE, FALSE }, { "NO", TRUE, FALSE }, { "0", TRUE, FALSE },
    { "", FALSE, FALSE }, { "y", FALSE, FALSE }, { "2", FALSE, FALSE }, { "truth", FALSE, FALSE },
    { "01", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean value = !cases[i].value;
      const char *problem = NULL;

      g_assert_cmpint (bd_parse_bool (cases[i].text, &value, &problem), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (value, ==, cases[i].value);
      else
        g_assert_cmpstr (problem, ==, "true or false (also yes, no, 1, 0)");
    }
}

typedef struct
{
  GMainContext *context;
  GThread      *main_thread;
  GString      *order;
  gboolean      posted;
} PostData;

static gboolean
record_post_cb (gpointer data)
{
  PostData *post = ((gpointer *)data)[0];

  g_assert_true (g_thread_self () == post->main_thread);
  g_string_append (post->order, ((gpointer *)data)[1]);
  return G_SOURCE_REMOVE;
}

static gpointer
post_thread (gpointer data)
{
  PostData *post = data;
  static const char *names[] = { "a", "b", "c" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gpointer *args = g_new (gpointer, 2);

      args[0] = post;
      args[1] = (gpointer)names[i];
      bd_main_context_post (post->context, record_post_cb, args, g_free, "[test] post");
    }
  g_atomic_int_set (&post->posted, TRUE);
  return NULL;
}

/* From a worker thread while the main loop is not running (a context
 * anybody could acquire): nothing runs on the worker, and everything
 * runs in the order it was posted once the main loop turns. */
static void
test_main_context_post (void)
{
  PostData post = { g_main_context_default (), g_thread_self (), g_string_new (NULL), FALSE };
  g_autoptr(GThread) thread = g_thread_new ("post", post_thread, &post);

  g_thread_join (g_steal_pointer (&thread));
  g_assert_true (g_atomic_int_get (&post.posted));
  g_assert_cmpstr (post.order->str, ==, "");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (post.order->str, ==, "abc");
  g_string_free (post.order, TRUE);
}

#ifdef __linux__
static gpointer
nice_thread (gpointer data)
{
  return GINT_TO_POINTER (bd_test_thread_nice ());
}

typedef struct
{
  int before;
  int after;
  int started_after;
} GiveWay;

static gpointer
give_way_thread (gpointer data)
{
  GiveWay *way = data;

  way->before = bd_test_thread_nice ();
  bd_thread_give_way ();
  way->after = bd_test_thread_nice ();
  way->started_after = GPOINTER_TO_INT (g_thread_join (g_thread_new ("started", nice_thread, NULL)));
  return NULL;
}

/* A background thread gives way: its nice value goes up by 10, and the
 * threads it starts afterwards (a sync's fetches) inherit it, while the
 * main thread's stays where it was. */
static void
test_thread_give_way (void)
{
  GiveWay way = { 0, };
  int main_before = bd_test_thread_nice ();

  if (main_before >= 19)
    {
      g_test_skip ("the tests run at the lowest priority already");
      return;
    }
  g_thread_join (g_thread_new ("give-way", give_way_thread, &way));
  g_assert_cmpint (way.before, ==, main_before);
  g_assert_cmpint (way.after, ==, MIN (main_before + 10, 19));
  g_assert_cmpint (way.started_after, ==, way.after);
  g_assert_cmpint (bd_test_thread_nice (), ==, main_before);
}

static void
background_task_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_assert_true (g_task_get_source_object (task) == source_object);
  g_assert_cmpint (GPOINTER_TO_INT (task_data), ==, 42);
  g_task_return_int (task, bd_test_thread_nice ());
}

static void
background_task_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GArray *nices = user_data;
  g_autoptr(GError) error = NULL;
  int nice = (int)g_task_propagate_int (G_TASK (result), &error);

  g_assert_no_error (error);
  /* back on the caller's thread */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_array_append_val (nices, nice);
}

/* Work the window does not wait for runs on threads that give way, and
 * each of them gives way once: a thread that ran ten tasks is no lower
 * than one that ran one. The result comes back on the caller's context. */
static void
test_task_run_in_background (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GArray) nices = g_array_new (FALSE, FALSE, sizeof (int));
  int main_before = bd_test_thread_nice ();

  if (main_before >= 19)
    {
      g_test_skip ("the tests run at the lowest priority already");
      return;
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GTask) task = g_task_new (source, NULL, background_task_done_cb, nices);

      g_task_set_task_data (task, GINT_TO_POINTER (42), NULL);
      bd_task_run_in_background (task, background_task_thread);
      /* one after the other, so that the threads run several each */
      while (nices->len <= i)
        g_main_context_iteration (NULL, TRUE);
    }
  for (guint i = 0; i < nices->len; i++)
    g_assert_cmpint (g_array_index (nices, int, i), ==, MIN (main_before + 10, 19));
  g_assert_cmpint (bd_test_thread_nice (), ==, main_before);
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/util/parse-date", test_parse_date);
  g_test_add_func ("/util/local/parse-date", test_parse_date_local);
  g_test_add_func ("/util/parse-int", test_parse_int);
  g_test_add_func ("/util/parse-money", test_parse_money);
  g_test_add_func ("/util/parse-bool", test_parse_bool);
  g_test_add_func ("/util/local/local-day", test_local_day);
  g_test_add_func ("/util/days-since", test_days_since);
  g_test_add_func ("/util/local/format-datetime", test_format_local_datetime);
  g_test_add_func ("/util/sort-key", test_sort_key);
  g_test_add_func ("/util/main-context-post", test_main_context_post);
#ifdef __linux__
  g_test_add_func ("/util/thread-give-way", test_thread_give_way);
  g_test_add_func ("/util/task-run-in-background", test_task_run_in_background);
#endif

  return g_test_run ();
}
