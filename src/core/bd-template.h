/* bd-template.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of a message template with {{placeholders}}, parsed once and
 * rendered for many messages. What a placeholder stands for is inserted as
 * it is and never read for placeholders again, so that a customer named
 * "{{po.number}}" stays a name. */

#define BD_TEMPLATE_ERROR (bd_template_error_quark ())

typedef enum
{
  BD_TEMPLATE_ERROR_EMPTY,           /* no text at all */
  BD_TEMPLATE_ERROR_UNBALANCED,      /* "{{" without "}}", or "}}" without "{{" */
  BD_TEMPLATE_ERROR_UNKNOWN,         /* a name that is no placeholder */
  BD_TEMPLATE_ERROR_NO_VALUE,        /* rendering: a placeholder this message has no value for */
} BdTemplateError;

/* Where a problem is, for the editor: bytes into the text, and the line and
 * column (from 1, in characters) that the message names. */
typedef struct
{
  gsize offset;
  gsize length;
  guint line;
  guint column;
} BdTemplateSpan;

typedef struct _BdTemplate BdTemplate;

GQuark              bd_template_error_quark          (void);

BdTemplate         *bd_template_parse                (const char      *text,
                                                      BdTemplateSpan  *span,
                                                      GError         **error);
void                bd_template_free                 (BdTemplate      *self);
const char * const *bd_template_get_names            (BdTemplate      *self);
char               *bd_template_render               (BdTemplate      *self,
                                                      GHashTable      *values,
                                                      GError         **error);

const char * const *bd_template_placeholders         (void);
const char         *bd_template_placeholder_describe (const char      *name);

const char * const *bd_template_languages            (void);
const char         *bd_template_language_or_default  (const char      *language);
char               *bd_template_format_date          (const char      *date,
                                                      const char      *language);
char               *bd_template_format_money         (gint64           minor,
                                                      const char      *currency,
                                                      const char      *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTemplate, bd_template_free)

G_END_DECLS
