/* bd-util.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-util"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "bd-util.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>

/* Under AddressSanitizer only (tools/run-sanitized-tests.sh). GLib 2.74
 * loses one GIOModule and its path (154 bytes) the first time GIO scans
 * its modules, with the four that Debian 12's glib-networking and dconf
 * install: any program of ours that touches GIO reports it, or not, as
 * a stale pointer happens to hide it (a copy of the same folder elsewhere
 * hides it). Its stack stops at g_malloc, as GLib has no frame pointers,
 * so no suppression in tests/lsan.supp can name it. The scan is done
 * here first, with leak checking off for it alone. */
__attribute__ ((constructor)) static void
scan_gio_modules_unchecked (void)
{
  __lsan_disable ();
  (void) g_vfs_get_default ();
  __lsan_enable ();
}
#endif

static gboolean
read_digits (const char **p,
             int          n,
             int         *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

/* The machine's zone, looked up once: g_time_zone_new_local() reads
 * /etc/localtime again on every call, which a million-row import notices. */
GTimeZone *
bd_local_time_zone (void)
{
  static GTimeZone *local;

  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());

  return g_time_zone_ref (local);
}

/* Whether @host names this machine: localhost or a loopback address
 * (127.0.0.0/8, ::1). What an unencrypted mail relay or SMS gateway must
 * be, since anything sent to it crosses no network. */
gboolean
bd_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_strcmp0 (host, "localhost") == 0)
    return TRUE;
  address = host != NULL ? g_inet_address_new_from_string (host) : NULL;
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  int yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (int)(y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The date of a day since 1970-01-01 (H. Hinnant's civil_from_days). */
static void
civil_from_days (gint64  z,
                 gint64 *y_out,
                 int    *m_out,
                 int    *d_out)
{
  gint64 era, y;
  int doe, yoe, doy, mp, d, m;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (int)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  *y_out = y + (m <= 2);
  *m_out = m;
  *d_out = d;
}

static void
put_digits (char *out,
            int   n,
            gint64 value)
{
  for (int i = n - 1; i >= 0; i--, value /= 10)
    out[i] = '0' + (char)(value % 10);
}

/* ISO 8601 date or date-time. A value without a zone is the machine's local
 * time (DESIGN.md, Dates); the result is UTC, "YYYY-MM-DDTHH:MM:SSZ".
 * Plain arithmetic, not GDateTime: an import parses four dates a line, and
 * a GDateTime for each was a tenth of a million-line import. */
gboolean
bd_parse_date (const char  *text,
               char       **iso_utc,
               const char **problem)
{
  const char *p = text;
  int y, mo, d, h = 0, mi = 0, s = 0;
  gboolean zoned = FALSE;
  int offset = 0;
  gint64 t, day, uy;
  int um, ud, secs;
  char *out;

  *problem = N_("a date like 2026-03-31 or a date and time like 2026-03-31T14:05:00");

  if (!read_digits (&p, 4, &y) || *p++ != '-' ||
      !read_digits (&p, 2, &mo) || *p++ != '-' ||
      !read_digits (&p, 2, &d))
    return FALSE;

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      if (!read_digits (&p, 2, &h) || *p++ != ':' || !read_digits (&p, 2, &mi))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &s))
            return FALSE;
          if (*p == '.' || *p == ',')
            {
              p++;
              if (!g_ascii_isdigit (*p))
                return FALSE;
              while (g_ascii_isdigit (*p))
                p++;
            }
        }

      if (*p == 'Z' || *p == 'z')
        {
          zoned = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          int zh, zm = 0;

          p++;
          if (!read_digits (&p, 2, &zh))
            return FALSE;
          /* +05, +0530 or +05:30; a colon needs its minutes */
          if (*p == ':')
            {
              p++;
              if (!read_digits (&p, 2, &zm))
                return FALSE;
            }
          else if (*p != '\0' && !read_digits (&p, 2, &zm))
            return FALSE;
          if (zh > 23 || zm > 59)
            return FALSE;
          zoned = TRUE;
          offset = sign * (zh * 3600 + zm * 60);
        }
    }

  if (*p != '\0')
    return FALSE;

  /* y < 1 first: g_date_get_days_in_month() is critical of year 0 */
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > g_date_get_days_in_month (mo, y) ||
      h > 23 || mi > 59 || s > 59)
    {
      *problem = N_("a real calendar date (this one does not exist)");
      return FALSE;
    }

  t = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  if (!zoned)
    {
      /* as g_date_time_new() does: a time in a gap moves forward */
      g_autoptr(GTimeZone) tz = bd_local_time_zone ();
      int interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_STANDARD, &t);

      offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
    }
  t -= offset;

  day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  secs = (int)(t - day * 86400);
  civil_from_days (day, &uy, &um, &ud);
  if (uy < 1 || uy > 9999)
    {
      *problem = N_("a date from year 1 to 9999 once in UTC");
      return FALSE;
    }

  out = g_malloc (21);
  put_digits (out, 4, uy);
  out[4] = '-';
  put_digits (out + 5, 2, um);
  out[7] = '-';
  put_digits (out + 8, 2, ud);
  out[10] = 'T';
  put_digits (out + 11, 2, secs / 3600);
  out[13] = ':';
  put_digits (out + 14, 2, secs / 60 % 60);
  out[16] = ':';
  put_digits (out + 17, 2, secs % 60);
  out[19] = 'Z';
  out[20] = '\0';

  *iso_utc = out;
  *problem = NULL;
  return TRUE;
}

/* A whole number within [min, max]. On failure @problem is set to a new,
 * translated text that names the allowed range, since the caller cannot
 * know it: "a whole number from 1 to 2147483647". Digits past what 64 bits
 * hold are out of range, never wrapped around. */
gboolean
bd_parse_int (const char  *text,
              gint64       min,
              gint64       max,
              gint64      *value,
              char       **problem)
{
  const char *p = text;
  gboolean negative = FALSE;
  gboolean too_big = FALSE;
  guint64 v = 0;

  *problem = NULL;

  if (*p == '-' || *p == '+')
    negative = (*p++ == '-');

  if (!g_ascii_isdigit (*p))
    goto fail;

  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = (guint)(*p - '0');

      if (v > (G_MAXUINT64 - digit) / 10)
        too_big = TRUE;
      else
        v = v * 10 + digit;
    }

  if (*p != '\0')
    goto fail;

  /* G_MININT64 itself is not allowed by any column, so the magnitude may
   * stop at G_MAXINT64 */
  if (too_big || v > G_MAXINT64)
    goto fail;

  *value = negative ? -(gint64)v : (gint64)v;
  if (*value < min || *value > max)
    goto fail;

  return TRUE;

fail:
  *problem = g_strdup_printf (_("a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT),
                              min, max);
  return FALSE;
}

/* A yes or no of a file: true, false, yes, no, 1 or 0, in any case. On
 * failure @problem is an untranslated N_() text, like the dates'. */
gboolean
bd_parse_bool (const char  *text,
               gboolean    *value,
               const char **problem)
{
  static const char * const yes[] = { "true", "yes", "1", NULL };
  static const char * const no[] = { "false", "no", "0", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *value = TRUE;
        return TRUE;
      }

  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *value = FALSE;
        return TRUE;
      }

  *problem = N_("true or false (also yes, no, 1, 0)");
  return FALSE;
}

/* Decimal text in a file, integer minor units in the store: "12.5" with
 * exponent 2 is 1250. More decimals than the currency has is an error, not a
 * silent rounding. */
gboolean
bd_parse_money (const char  *text,
                int          exponent,
                gint64      *minor,
                const char **problem)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 whole = 0;
  gint64 frac = 0;
  int frac_digits = 0;

  *problem = N_("an amount like 12.50");

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (!g_ascii_isdigit (*p) && !(*p == '.' && g_ascii_isdigit (p[1])))
    return FALSE;

  for (; g_ascii_isdigit (*p); p++)
    {
      whole = whole * 10 + (*p - '0');
      if (whole > G_MAXINT64 / 100000)
        {
          *problem = N_("an amount that is not absurdly large");
          return FALSE;
        }
    }

  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (frac_digits == exponent)
            {
              if (*p != '0')
                {
                  *problem = exponent == 0 ? N_("a whole amount (this currency has no decimals)")
                                           : N_("an amount with no more decimals than the currency has");
                  return FALSE;
                }
              continue;
            }
          frac = frac * 10 + (*p - '0');
          frac_digits++;
        }
    }

  if (*p != '\0')
    return FALSE;

  for (; frac_digits < exponent; frac_digits++)
    frac *= 10;
  for (int i = 0; i < exponent; i++)
    whole *= 10;

  *minor = negative ? -(whole + frac) : whole + frac;
  *problem = NULL;
  return TRUE;
}

static int
compare_code (const void *key,
              const void *member)
{
  return memcmp (key, member, 3);
}

/* ISO 4217 minor-unit exponents that are not 2; -1 for text that is not a
 * currency code at all. */
int
bd_currency_exponent (const char *code)
{
  /* the codes whose minor unit is not two digits, in order, for bsearch:
   * an import asks this for every line */
  static const char codes[][4] = {
    "BHD", "BIF", "CLF", "CLP", "DJF", "GNF", "IQD", "ISK", "JOD", "JPY",
    "KMF", "KRW", "KWD", "LYD", "OMR", "PYG", "RWF", "TND", "UGX", "UYI",
    "UYW", "VND", "VUV", "XAF", "XOF", "XPF",
  };
  static const signed char exponents[] = {
    3, 0, 4, 0, 0, 0, 3, 0, 3, 0,
    0, 0, 3, 3, 3, 0, 0, 3, 0, 0,
    4, 0, 0, 0, 0, 0,
  };
  const char (*found)[4];

  G_STATIC_ASSERT (G_N_ELEMENTS (codes) == G_N_ELEMENTS (exponents));

  if (code == NULL || !g_ascii_isupper (code[0]) || !g_ascii_isupper (code[1]) ||
      !g_ascii_isupper (code[2]) || code[3] != '\0')
    return -1;

  found = bsearch (code, codes, G_N_ELEMENTS (codes), sizeof codes[0], compare_code);
  if (found != NULL)
    return exponents[found - codes];

  return 2;
}

char *
bd_format_decimal (gint64 minor,
                   int    exponent)
{
  guint64 abs_value = minor < 0 ? (guint64)(-minor) : (guint64)minor;
  guint64 scale = 1;

  if (exponent <= 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor);

  for (int i = 0; i < exponent; i++)
    scale *= 10;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          minor < 0 ? "-" : "",
                          abs_value / scale, exponent, abs_value % scale);
}

char *
bd_format_money (gint64      minor,
                 const char *currency)
{
  int exponent = bd_currency_exponent (currency);
  g_autofree char *number = bd_format_decimal (minor, exponent < 0 ? 2 : exponent);

  return g_strdup_printf ("%s %s", number, currency ? currency : "");
}

/* The folded form names sort by: lower case, without accents. */
char *
bd_sort_key (const char *name)
{
  g_autofree char *ascii = NULL;

  if (name == NULL)
    return g_strdup ("");

  ascii = g_str_to_ascii (name, "C");
  return g_ascii_strdown (ascii, -1);
}

/* The start of the local "today" in UTC: what "overdue" compares against. */
char *
bd_today_start_utc (void)
{
  g_autoptr(GTimeZone) tz = bd_local_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now),
                                                   0, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (midnight);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static GDateTime *
parse_stored (const char *iso_utc)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (iso_utc == NULL || *iso_utc == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (iso_utc, utc);
}

char *
bd_format_local_date (const char *iso_utc)
{
  g_autoptr(GDateTime) dt = parse_stored (iso_utc);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (dt);
  return g_date_time_format (local, "%Y-%m-%d");
}

/* A stored time as people read it: the machine's local date and time, to
 * the minute; "" for none. */
char *
bd_format_local_datetime (const char *iso_utc)
{
  g_autoptr(GDateTime) dt = parse_stored (iso_utc);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (dt);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* The local day (days since the epoch, in the machine's zone) of a Unix
 * time. */
static gint64
local_day (GTimeZone *tz,
           gint64     unix_time)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, unix_time);
  gint64 local = unix_time + (interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0);

  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

/* Seconds since the epoch of a stored time (YYYY-MM-DDTHH:MM:SSZ); FALSE
 * for NULL or anything else. */
gboolean
bd_iso_to_unix (const char *iso_utc,
                gint64     *unix_time)
{
  const char *p = iso_utc;
  int y, mo, d, h, mi, sec;

  if (iso_utc == NULL ||
      !read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &mo) || *p++ != '-' ||
      !read_digits (&p, 2, &d) || *p++ != 'T' || !read_digits (&p, 2, &h) || *p++ != ':' ||
      !read_digits (&p, 2, &mi) || *p++ != ':' || !read_digits (&p, 2, &sec))
    return FALSE;

  *unix_time = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  return TRUE;
}

/* The local day (days since 1970-01-01) of a stored date: a local date
 * (YYYY-MM-DD) as it is, a time in UTC (YYYY-MM-DDTHH:MM:SSZ) on the
 * machine's calendar. FALSE for NULL or anything else. */
gboolean
bd_local_day (const char *stored,
              gint64     *day)
{
  const char *p = stored;
  int y, mo, d;

  if (stored == NULL)
    return FALSE;

  if (strlen (stored) == 10)
    {
      if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &mo) || *p++ != '-' ||
          !read_digits (&p, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return FALSE;
      *day = days_from_civil (y, mo, d);
      return TRUE;
    }

  {
    g_autoptr(GTimeZone) tz = bd_local_time_zone ();
    gint64 unix_time;

    if (!bd_iso_to_unix (stored, &unix_time))
      return FALSE;
    *day = local_day (tz, unix_time);
    return TRUE;
  }
}

/* A local day (see bd_local_day()) as a date, YYYY-MM-DD. */
char *
bd_day_to_date (gint64 day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day * 86400);

  return g_date_time_format (dt, "%Y-%m-%d");
}

/* Whole local days from @from to @to, both as stored; 0 when either is
 * missing or not a stored time. */
int
bd_days_between (const char *from,
                 const char *to)
{
  g_autoptr(GTimeZone) tz = bd_local_time_zone ();
  gint64 from_unix, to_unix;

  if (!bd_iso_to_unix (from, &from_unix) || !bd_iso_to_unix (to, &to_unix))
    return 0;

  return (int)(local_day (tz, to_unix) - local_day (tz, from_unix));
}

/* Whole local days from @iso_utc (as stored: YYYY-MM-DDTHH:MM:SSZ) to @now
 * (or to the real now). Without GDateTime: lists and exports ask this for
 * every row. */
int
bd_days_since (const char *iso_utc,
               GDateTime  *now)
{
  g_autoptr(GTimeZone) tz = bd_local_time_zone ();
  gint64 then, now_unix;

  if (iso_utc == NULL || strlen (iso_utc) < 20 || !bd_iso_to_unix (iso_utc, &then))
    return 0;

  now_unix = now ? g_date_time_to_unix (now) : g_get_real_time () / G_USEC_PER_SEC;

  return (int)(local_day (tz, now_unix) - local_day (tz, then));
}

/* From a worker thread: runs @func on @context's own thread, in an idle of
 * default priority, after whatever was posted before it. Never
 * g_main_context_invoke(): on a thread without a context of its own, that
 * calls the function right there whenever it can acquire @context, as it
 * can between two iterations of the main loop; the function then runs on
 * the wrong thread, and before what an earlier call queued in an idle
 * (a message's "sending" arriving after its "sent"). @name is static. */
void
bd_main_context_post (GMainContext   *context,
                      GSourceFunc     func,
                      gpointer        data,
                      GDestroyNotify  notify,
                      const char     *name)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
}

/* For a thread that works long in the background (a sync's run): it, and
 * the threads it starts after, give way to the process's other threads,
 * so that the main thread paints its frames first when both want a
 * processor. Linux keeps a nice value per thread (setpriority(2), Notes),
 * so this raises the calling thread's by 10 (each call by 10 more, up to
 * 19); a thread may always lower its own priority, also in a sandbox.
 * Elsewhere it does nothing. */
void
bd_thread_give_way (void)
{
#ifdef __linux__
  id_t tid = (id_t)syscall (SYS_gettid);
  int current;

  errno = 0;
  current = getpriority (PRIO_PROCESS, tid);
  if (errno != 0 || setpriority (PRIO_PROCESS, tid, MIN (current + 10, 19)) != 0)
    g_debug ("A background thread keeps its priority: %s", g_strerror (errno));
#endif
}

static void
close_io_fd (gpointer data)
{
  int fd = GPOINTER_TO_INT (data) - 1;

  if (fd >= 0)
    close (fd);
}

#ifdef __linux__
/* Reads the calling thread's @path (a file of /proc/thread-self) afresh
 * into @buffer, NUL-terminated: kept open per thread in @key, its pread at
 * 0 reads it again. Returns the length, or -1 where the system does not
 * say. */
static gssize
read_thread_file (GPrivate   *key,
                  const char *path,
                  char       *buffer,
                  gsize       size)
{
  /* the descriptor + 1; 0: not opened yet; -1: not to be had */
  int stored = GPOINTER_TO_INT (g_private_get (key));
  ssize_t n;

  if (stored == 0)
    {
      int fd = open (path, O_RDONLY | O_CLOEXEC);

      stored = fd >= 0 ? fd + 1 : -1;
      g_private_set (key, GINT_TO_POINTER (stored));
    }
  if (stored < 0)
    return -1;

  n = pread (stored - 1, buffer, size - 1, 0);
  if (n <= 0)
    return -1;
  buffer[n] = '\0';
  return n;
}
#endif

/* How many bytes the calling thread has had read from storage so far, not
 * from the file cache: Linux's /proc/thread-self/io. -1 where the system
 * does not say. */
gint64
bd_thread_storage_read_bytes (void)
{
#ifdef __linux__
  static GPrivate fd_key = G_PRIVATE_INIT (close_io_fd);
  char buffer[512];
  const char *field;

  if (read_thread_file (&fd_key, "/proc/thread-self/io", buffer, sizeof buffer) < 0)
    return -1;

  field = strstr (buffer, "\nread_bytes: ");
  if (field == NULL)
    return -1;
  return g_ascii_strtoll (field + strlen ("\nread_bytes: "), NULL, 10);
#else
  return -1;
#endif
}

/* How long the calling thread has run, and waited for a processor while it
 * was ready to run, so far, in nanoseconds: the kernel's scheduler
 * statistics (/proc/thread-self/schedstat). The rest of the time it was
 * blocked: waiting for the disk, a lock, a sleep. FALSE where the system
 * does not say. */
gboolean
bd_thread_sched_times (guint64 *run_ns,
                       guint64 *wait_ns)
{
#ifdef __linux__
  static GPrivate fd_key = G_PRIVATE_INIT (close_io_fd);
  char buffer[128];
  char *end;

  if (read_thread_file (&fd_key, "/proc/thread-self/schedstat", buffer, sizeof buffer) < 0)
    return FALSE;

  *run_ns = g_ascii_strtoull (buffer, &end, 10);
  if (end == buffer)
    return FALSE;
  *wait_ns = g_ascii_strtoull (end, NULL, 10);
  return TRUE;
#else
  return FALSE;
#endif
}

typedef struct
{
  GTask *task;
  GTaskThreadFunc func;
} BackgroundJob;

static void
background_thread (gpointer data,
                   gpointer user_data)
{
  static GPrivate given_way;
  BackgroundJob *job = data;

  /* once a thread: the pool's threads are its own */
  if (g_private_get (&given_way) == NULL)
    {
      bd_thread_give_way ();
      g_private_set (&given_way, GINT_TO_POINTER (TRUE));
    }
  /* a task cancelled while it waited for a thread keeps none busy */
  if (!g_task_return_error_if_cancelled (job->task))
    job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
               g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

/* As g_task_run_in_thread(), on a thread that gives way to the main
 * thread (bd_thread_give_way()): for work the window does not wait for,
 * such as a list reading its query again after a sync wrote, which would
 * otherwise take a processor from the frames being painted. GLib's own
 * task threads are shared and a thread cannot take its priority back, so
 * these are threads of their own, as many as a machine has processors
 * (at most 4), made by the first call (call it from the main thread:
 * they start from its priority) and kept for the rest of the process;
 * tasks run in the order they came. Where a thread cannot be started,
 * the task runs as g_task_run_in_thread() runs it.
 *
 * GTask does not know the task runs on a thread: @func returns the task's
 * result as the last thing it does (the callback may run at once), and a
 * task that returns on cancel is not for here. */
void
bd_task_run_in_background (GTask           *task,
                           GTaskThreadFunc  func)
{
  static gsize initialized;
  static GThreadPool *pool;
  BackgroundJob *job;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);
  g_return_if_fail (!g_task_get_return_on_cancel (task));

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) error = NULL;
      guint n_threads = CLAMP (g_get_num_processors (), 1, 4);

      pool = g_thread_pool_new (background_thread, NULL, n_threads, TRUE, &error);
      if (pool == NULL)
        g_debug ("Background tasks run on GLib's threads: %s", error->message);
      g_once_init_leave (&initialized, 1);
    }

  if (pool == NULL)
    {
      g_task_run_in_thread (task, func);
      return;
    }

  job = g_new0 (BackgroundJob, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool, job, NULL);
}
