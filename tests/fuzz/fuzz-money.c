/* fuzz-money.c: bd_parse_money() against exact arithmetic, and back through
 * bd_format_decimal()
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-fuzz-money"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bd-fuzz.h"
#include "bd-util.h"

/* Amounts up to this many whole units must be accepted; the parser may
 * refuse larger ones as absurd, but never wrap them. */
#define SURELY_FINE 10000000000000    /* 10^13 */

/* The value of -?(digits[.digits]|.digits) in minor units, exactly (an
 * __int128 saturated far above gint64); FALSE for text of another form or
 * with non-zero digits beyond @exponent decimals. */
static gboolean
exact_minor (const char *text,
             int         exponent,
             __int128   *minor,
             __int128   *whole)
{
  const __int128 cap = (__int128)1 << 100;
  const char *p = text;
  gboolean negative = FALSE;
  int n_digits = 0;
  __int128 w = 0, f = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  for (; *p >= '0' && *p <= '9'; p++, n_digits++)
    w = MIN (w * 10 + (*p - '0'), cap);

  if (*p == '.')
    {
      int decimals = 0;

      for (p++; *p >= '0' && *p <= '9'; p++, n_digits++, decimals++)
        {
          if (decimals >= exponent)
            {
              if (*p != '0')
                return FALSE;
              continue;
            }
          f = f * 10 + (*p - '0');
        }
      for (; decimals < exponent; decimals++)
        f *= 10;
    }

  if (*p != '\0' || n_digits == 0)
    return FALSE;

  *whole = w;
  for (int i = 0; i < exponent; i++)
    w = MIN (w * 10, cap);

  *minor = negative ? -(w + f) : w + f;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gsize initialized;
  char *text;
  const char *problem = NULL;
  gint64 minor = 0;
  __int128 exact = 0, whole = 0;
  gboolean exact_ok;
  int exponent;

  if (g_once_init_enter (&initialized))
    {
      bd_fuzz_init ();
      g_once_init_leave (&initialized, 1);
    }

  if (size < 1)
    return 0;

  /* the first byte picks the currency's exponent, 0 to 4 as in ISO 4217:
   * '0' to '4' are those */
  exponent = (data[0] + 2) % 5;
  text = bd_fuzz_string (data + 1, size - 1);
  exact_ok = exact_minor (text, exponent, &exact, &whole);

  if (!bd_parse_money (text, exponent, &minor, &problem))
    {
      BD_FUZZ_CHECK (problem != NULL && *problem != '\0', text, strlen (text),
                     "a rejected amount says nothing about what was expected");
      BD_FUZZ_CHECK (!exact_ok || whole > SURELY_FINE, text, strlen (text),
                     "rejected with exponent %d, but it is a plain amount", exponent);
    }
  else
    {
      g_autofree char *formatted = bd_format_decimal (minor, exponent);
      const char *again_problem = NULL;
      gint64 again = 0;

      BD_FUZZ_CHECK (problem == NULL, text, strlen (text), "accepted, with a problem");
      BD_FUZZ_CHECK (exact_ok, text, strlen (text),
                     "accepted as %" G_GINT64_FORMAT " with exponent %d, but it is not a plain "
                     "amount with at most that many decimals", minor, exponent);
      BD_FUZZ_CHECK (exact == minor, text, strlen (text),
                     "parsed as %" G_GINT64_FORMAT " minor units with exponent %d, which is wrong",
                     minor, exponent);
      BD_FUZZ_CHECK (bd_parse_money (formatted, exponent, &again, &again_problem) && again == minor,
                     text, strlen (text),
                     "%" G_GINT64_FORMAT " (exponent %d) formats as “%s”, which parses as %"
                     G_GINT64_FORMAT, minor, exponent, formatted, again);
    }

  free (text);
  return 0;
}
