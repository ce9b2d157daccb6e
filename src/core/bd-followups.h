/* bd-followups.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* Every customer with a line still open hears from the desk at least
 * every N days (the team setting follow_up_days, 7 unless set): the next
 * contact is due N days after the last message that went out to them,
 * or after their oldest open order when none did. */

typedef struct
{
  gint64 customer_id;
  char *customer_ref;
  char *customer_name;
  char *email;
  int n_open_lines;
  gint64 oldest_line_id;
  char *last_contact;     /* local date of the last message out, or NULL */
  char *due;              /* local date */
} BdFollowup;

#define BD_FOLLOW_UP_DEFAULT_DAYS 7

void       bd_followup_free          (gpointer   data);
int        bd_followups_cadence_days (BdStore   *store);
GPtrArray *bd_followups_list         (BdStore   *store,
                                      gboolean   all,
                                      GError   **error);

G_END_DECLS
