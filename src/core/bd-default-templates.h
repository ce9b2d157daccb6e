/* bd-default-templates.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The kinds of message, and the templates that ship with the app for
 * each in English, German, French and Spanish. */

typedef enum
{
  BD_AUDIENCE_CUSTOMER,
  BD_AUDIENCE_SUPPLIER,
} BdAudience;

typedef struct
{
  const char *kind;          /* "delay_notice": the CLI's and the README's name */
  const char *label;         /* translatable, N_() */
  BdAudience audience;
} BdTemplateKind;

typedef struct
{
  const char *kind;
  const char *language;
  const char *name;
  const char *subject;
  const char *body;
} BdDefaultTemplate;

const BdTemplateKind    *bd_template_kinds            (guint       *n_kinds);
const BdTemplateKind    *bd_template_kind_find        (const char  *kind);
const BdDefaultTemplate *bd_default_templates         (guint       *n_templates);
char                    *bd_default_template_uuid     (const char  *kind,
                                                       const char  *language);
gboolean                 bd_default_templates_insert  (sqlite3     *db,
                                                       GError     **error);

G_END_DECLS
