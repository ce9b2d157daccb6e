/* bd-customers.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

gboolean bd_customers_find         (BdStore     *store,
                                    const char  *ref,
                                    gint64      *id,
                                    GError     **error);
/* A customer as their page shows them. */
typedef struct
{
  gint64 id;
  char *ref;
  char *name;
  char *email;
  char *phone;
  char *language;
  char *preferred_channel;
  gboolean sms_consent;
  char *refused_reason;     /* why the team's server refused its change, or NULL */
  GPtrArray *line_ids;      /* gint64 *: open lines first, oldest first, then closed newest first */
  GHashTable *owed;         /* currency -> gint64 *: the price of what they paid for and wait for */
  int n_open;
} BdCustomer;

void        bd_customer_free       (gpointer     customer);
gboolean    bd_customers_set_sms_consent (BdStore  *store,
                                          gint64    id,
                                          gboolean  consent,
                                          GError  **error);
BdCustomer *bd_customers_load      (BdStore     *store,
                                    gint64       id,
                                    GError     **error);
gboolean    bd_customers_set_contact (BdStore     *store,
                                      gint64       id,
                                      const char  *email,
                                      const char  *phone,
                                      const char  *language,
                                      GError     **error);
gboolean    bd_customers_set_preferred_channel (BdStore    *store,
                                                gint64      id,
                                                const char *channel,
                                                GError    **error);
GHashTable *bd_customers_line_labels (BdStore   *store,
                                      gint64     id,
                                      GError   **error);
gboolean bd_customers_of_line      (BdStore     *store,
                                    gint64       line_id,
                                    gint64      *id,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdCustomer, bd_customer_free)

G_END_DECLS
