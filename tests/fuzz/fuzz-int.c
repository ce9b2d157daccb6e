/* fuzz-int.c: bd_parse_int() against exact arithmetic
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-fuzz-int"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bd-fuzz.h"
#include "bd-util.h"

/* The ranges the import asks for, and the whole of gint64. */
static const struct { gint64 min, max; } ranges[] = {
  { 1, G_MAXINT32 },                 /* quantity */
  { 0, G_MAXINT32 },                 /* backordered_quantity, reorder_point, ... */
  { -1000000000, 1000000000 },       /* on_hand */
  { 0, 3650 },                       /* lead_time_days */
  { G_MININT64, G_MAXINT64 },
};

/* [+-]digits, as a sign and the digits without leading zeros; NULL for
 * anything else. */
static char *
canonical_digits (const char *text,
                  gboolean   *negative)
{
  const char *p = text;
  const char *start;

  *negative = FALSE;
  if (*p == '+' || *p == '-')
    *negative = *p++ == '-';

  if (*p == '\0')
    return NULL;
  for (const char *q = p; *q != '\0'; q++)
    if (*q < '0' || *q > '9')
      return NULL;

  start = p;
  while (*start == '0' && start[1] != '\0')
    start++;

  if (strcmp (start, "0") == 0)
    *negative = FALSE;

  return g_strdup (start);
}

/* |digits| compared with the magnitude of @bound, as decimal text: no
 * machine integer holds every input. */
static int
compare_magnitude (const char *digits,
                   gint64      bound)
{
  guint64 magnitude = bound < 0 ? -(guint64)bound : (guint64)bound;
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  gsize a = strlen (digits), b = strlen (text);

  if (a != b)
    return a < b ? -1 : 1;
  return strcmp (digits, text);
}

static gboolean
within (const char *digits,
        gboolean    negative,
        gint64      min,
        gint64      max)
{
  gboolean above_min, below_max;

  /* value >= min */
  if (negative)
    above_min = min < 0 && compare_magnitude (digits, min) <= 0;
  else
    above_min = min <= 0 || compare_magnitude (digits, min) >= 0;

  /* value <= max */
  if (negative)
    below_max = max >= 0 || compare_magnitude (digits, max) >= 0;
  else
    below_max = max >= 0 && compare_magnitude (digits, max) <= 0;

  return above_min && below_max;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized;
  char *text;
  g_autofree char *digits = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *problem = NULL;
  gboolean negative;
  gboolean parsed;
  gint64 value = 0;
  gint64 min, max;

  if (g_once_init_enter (&initialized))
    {
      bd_fuzz_init ();
      g_once_init_leave (&initialized, 1);
    }

  if (size < 1)
    return 0;

  /* the first byte picks the range: '0' to '4' in the order above */
  min = ranges[(data[0] + 2) % G_N_ELEMENTS (ranges)].min;
  max = ranges[(data[0] + 2) % G_N_ELEMENTS (ranges)].max;
  text = bd_fuzz_string (data + 1, size - 1);

  parsed = bd_parse_int (text, min, max, &value, &problem);
  digits = canonical_digits (text, &negative);
  if (digits != NULL)
    canonical = g_strconcat (negative ? "-" : "", digits, NULL);

  if (!parsed)
    {
      BD_FUZZ_CHECK (problem != NULL && *problem != '\0', text, strlen (text),
                     "a rejected number says nothing about what was expected");
      /* bd_parse_int() may refuse G_MININT64 itself: no column allows it */
      BD_FUZZ_CHECK (digits == NULL || !within (digits, negative, min, max) ||
                     compare_magnitude (digits, G_MAXINT64) > 0, text, strlen (text),
                     "rejected, but it is a whole number from %" G_GINT64_FORMAT
                     " to %" G_GINT64_FORMAT, min, max);
    }
  else
    {
      g_autofree char *printed = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      BD_FUZZ_CHECK (problem == NULL, text, strlen (text), "accepted, with a problem");
      BD_FUZZ_CHECK (value >= min && value <= max, text, strlen (text),
                     "parsed as %" G_GINT64_FORMAT ", outside %" G_GINT64_FORMAT
                     " to %" G_GINT64_FORMAT, value, min, max);
      BD_FUZZ_CHECK (canonical != NULL, text, strlen (text),
                     "parsed as %" G_GINT64_FORMAT ", but it is not [+-]digits", value);
      BD_FUZZ_CHECK (strcmp (printed, canonical) == 0, text, strlen (text),
                     "parsed as %s, but it says %s", printed, canonical);
    }

  free (text);
  return 0;
}
