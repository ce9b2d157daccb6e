/* fuzz-date.c: bd_parse_date() against the README's date grammar and GDateTime
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-fuzz-date"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bd-fuzz.h"
#include "bd-util.h"

/* What the input says, read by the grammar alone (README, CSV formats):
 *   YYYY-MM-DD [ (T|t|space) HH:MM [ :SS [ (.|,) digits ] ] [ Z|z | (+|-)HH [ [:]MM ] ] ]
 * with zone hours 00-23 and minutes 00-59. */
typedef struct
{
  int year, month, day, hour, minute, second;
  gboolean zoned;
  int offset;   /* seconds east of UTC */
} Parts;

static gboolean
take_digits (const char **p,
             int          n,
             int         *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      char c = (*p)[i];

      if (c < '0' || c > '9')
        return FALSE;
      value = value * 10 + (c - '0');
    }

  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
take_char (const char **p,
           const char  *one_of)
{
  if (**p == '\0' || strchr (one_of, **p) == NULL)
    return FALSE;

  (*p)++;
  return TRUE;
}

static gboolean
read_grammar (const char *text,
              Parts      *parts)
{
  const char *p = text;

  memset (parts, 0, sizeof *parts);

  if (!take_digits (&p, 4, &parts->year) || !take_char (&p, "-") ||
      !take_digits (&p, 2, &parts->month) || !take_char (&p, "-") ||
      !take_digits (&p, 2, &parts->day))
    return FALSE;

  if (*p == '\0')
    return TRUE;

  if (!take_char (&p, "Tt ") || !take_digits (&p, 2, &parts->hour) ||
      !take_char (&p, ":") || !take_digits (&p, 2, &parts->minute))
    return FALSE;

  if (take_char (&p, ":"))
    {
      if (!take_digits (&p, 2, &parts->second))
        return FALSE;
      if (take_char (&p, ".,"))
        {
          if (*p < '0' || *p > '9')
            return FALSE;
          while (*p >= '0' && *p <= '9')
            p++;
        }
    }

  if (take_char (&p, "Zz"))
    parts->zoned = TRUE;
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1;
      int zh, zm = 0;

      if (!take_digits (&p, 2, &zh))
        return FALSE;
      if (*p != '\0')
        {
          take_char (&p, ":");
          if (!take_digits (&p, 2, &zm))
            return FALSE;
        }
      if (zh > 23 || zm > 59)
        return FALSE;
      parts->zoned = TRUE;
      parts->offset = sign * (zh * 3600 + zm * 60);
    }

  return *p == '\0';
}

static gboolean
is_leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static gboolean
real_date (const Parts *parts)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return parts->year >= 1 &&
         parts->month >= 1 && parts->month <= 12 &&
         parts->day >= 1 &&
         parts->day <= days[parts->month - 1] + (parts->month == 2 && is_leap (parts->year)) &&
         parts->hour <= 23 && parts->minute <= 59 && parts->second <= 59;
}

/* The UTC text GDateTime makes of it, or NULL when that is outside years
 * 1-9999. Without a zone it is local time, as g_date_time_new() takes it. */
static char *
expected_utc (const Parts *parts)
{
  g_autoptr(GDateTime) utc = NULL;

  if (parts->zoned)
    {
      g_autoptr(GDateTime) wall = g_date_time_new_utc (parts->year, parts->month, parts->day,
                                                       parts->hour, parts->minute, parts->second);

      if (wall != NULL)
        utc = g_date_time_add_seconds (wall, -parts->offset);
    }
  else
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
      g_autoptr(GDateTime) local = g_date_time_new (tz, parts->year, parts->month, parts->day,
                                                    parts->hour, parts->minute, parts->second);

      if (local != NULL)
        utc = g_date_time_to_utc (local);
    }

  if (utc == NULL)
    return NULL;

  /* not g_date_time_format(): its %Y does not pad years below 1000 */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

static gboolean
stored_form (const char *iso)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";

  if (strlen (iso) != strlen (pattern))
    return FALSE;

  for (gsize i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (iso[i]) : iso[i] != pattern[i])
      return FALSE;

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized;
  char *text;
  char *iso = NULL;
  const char *problem = NULL;
  g_autofree char *expected = NULL;
  Parts parts;
  gboolean parsed;

  if (g_once_init_enter (&initialized))
    {
      /* A zone with summer time, the same wherever an input is replayed;
       * set before anything reads the local zone. */
      g_setenv ("TZ", "Europe/Berlin", TRUE);
      bd_fuzz_init ();
      g_once_init_leave (&initialized, 1);
    }

  text = bd_fuzz_string (data, size);
  parsed = bd_parse_date (text, &iso, &problem);

  if (read_grammar (text, &parts) && real_date (&parts))
    expected = expected_utc (&parts);

  if (!parsed)
    {
      BD_FUZZ_CHECK (iso == NULL, text, strlen (text), "a rejected date set a result");
      BD_FUZZ_CHECK (problem != NULL && *problem != '\0', text, strlen (text),
                     "a rejected date says nothing about what was expected");
      BD_FUZZ_CHECK (expected == NULL, text, strlen (text),
                     "rejected, but the grammar and GDateTime make it %s", expected);
    }
  else
    {
      g_autofree char *again = NULL;
      const char *again_problem = NULL;

      BD_FUZZ_CHECK (iso != NULL && problem == NULL, text, strlen (text),
                     "an accepted date without a result, or with a problem");
      BD_FUZZ_CHECK (stored_form (iso), text, strlen (text),
                     "the result “%s” is not YYYY-MM-DDTHH:MM:SSZ", iso);
      BD_FUZZ_CHECK (expected != NULL, text, strlen (text),
                     "accepted as %s, but it is not a date of the grammar, or not a real one, "
                     "or not within years 1-9999", iso);
      BD_FUZZ_CHECK (strcmp (iso, expected) == 0, text, strlen (text),
                     "parsed as %s, GDateTime says %s", iso, expected);
      BD_FUZZ_CHECK (bd_parse_date (iso, &again, &again_problem) && strcmp (again, iso) == 0,
                     text, strlen (text), "the result %s does not parse back to itself (%s)",
                     iso, again ? again : "rejected");
    }

  g_free (iso);
  free (text);
  return 0;
}
