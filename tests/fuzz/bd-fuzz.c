/* bd-fuzz.c: what the fuzz targets share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-fuzz"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bd-fuzz.h"

static void
fatal_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        data)
{
  g_log_default_handler (domain, level, message, data);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

/* A GLib critical or warning is a bug the parsers must not have (a
 * g_return_if_fail() tripped by bad input): it aborts, so that libFuzzer
 * saves the input and the replay test fails. Not through
 * g_log_set_always_fatal() alone: GLib then stops with SIGTRAP, which
 * libFuzzer does not catch, and the input would be lost. */
void
bd_fuzz_init (void)
{
  g_log_set_default_handler (fatal_log_cb, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The input up to its first NUL, in a block of exactly its length + 1, so
 * that AddressSanitizer sees a read past the terminator. */
char *
bd_fuzz_string (const uint8_t *data,
                size_t         size)
{
  const uint8_t *nul = memchr (data, '\0', size);
  gsize len = nul != NULL ? (gsize)(nul - data) : size;
  char *text = malloc (len + 1);

  g_assert (text != NULL);
  memcpy (text, data, len);
  text[len] = '\0';
  return text;
}

void
bd_fuzz_fail (const char *what,
              const char *input,
              gsize       input_len,
              const char *format,
              ...)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* bytes as C would spell them: inputs hold NULs and broken UTF-8 */
  for (gsize i = 0; i < MIN (input_len, 512); i++)
    {
      guchar c = input[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (shown, "\\%c", c);
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (shown, c);
      else
        g_string_append_printf (shown, "\\x%02x", c);
    }

  fprintf (stderr, "invariant broken: %s\n  %s\n  input (%" G_GSIZE_FORMAT " bytes): \"%s\"%s\n",
           what, message, input_len, shown->str, input_len > 512 ? "..." : "");
  fflush (stderr);
  abort ();
}
