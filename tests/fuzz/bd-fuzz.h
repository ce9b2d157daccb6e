/* bd-fuzz.h: what the fuzz targets share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry point; fuzz-replay.c calls it too. */
int    LLVMFuzzerTestOneInput (const uint8_t *data,
                               size_t         size);

void   bd_fuzz_init           (void);
char  *bd_fuzz_string         (const uint8_t *data,
                               size_t         size);
G_NORETURN
void   bd_fuzz_fail           (const char    *what,
                               const char    *input,
                               gsize          input_len,
                               const char    *format,
                               ...) G_GNUC_PRINTF (4, 5);

/* An invariant the code under test broke: says which, with the input, and
 * aborts, which libFuzzer and the replay test both count as a failure. */
#define BD_FUZZ_CHECK(cond, input, input_len, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      bd_fuzz_fail (#cond, input, input_len, __VA_ARGS__); \
  } G_STMT_END

G_END_DECLS
