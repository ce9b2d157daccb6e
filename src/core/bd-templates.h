/* bd-templates.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-default-templates.h"
#include "bd-store.h"
#include "bd-template.h"

G_BEGIN_DECLS

/* The team's message templates: one per kind and language, rows that
 * sync. */
typedef struct
{
  gint64 id;
  char *uuid;
  char *kind;
  char *language;
  char *name;
  char *subject;
  char *body;
  gboolean edited;
  gboolean is_default;    /* one of the app's: its text can be restored */
  char *updated_at;
  char *refused_reason;   /* why the team's server refused its change, or NULL */
} BdTemplateRow;

void           bd_template_row_free      (gpointer        row);
GPtrArray     *bd_templates_list         (BdStore        *store,
                                          GError        **error);
BdTemplateRow *bd_templates_find         (BdStore        *store,
                                          const char     *kind,
                                          const char     *language,
                                          GError        **error);
BdTemplateRow *bd_templates_get          (BdStore        *store,
                                          const char     *uuid,
                                          GError        **error);
gboolean       bd_templates_check        (const char     *subject,
                                          const char     *body,
                                          BdTemplateSpan *span,
                                          gboolean       *in_subject,
                                          GError        **error);
gboolean       bd_templates_save         (BdStore        *store,
                                          const char     *kind,
                                          const char     *language,
                                          const char     *name,
                                          const char     *subject,
                                          const char     *body,
                                          char          **uuid,
                                          GError        **error);
gboolean       bd_templates_restore_default (BdStore     *store,
                                             const char  *kind,
                                             const char  *language,
                                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTemplateRow, bd_template_row_free)

G_END_DECLS
