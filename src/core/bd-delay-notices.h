/* bd-delay-notices.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* Delay notices after the US FTC Mail Order Rule (README, "Delay notices"):
 * a line whose expected date passes the date promised (or the order's day
 * and 30 days when none was) needs a notice with the new date and the
 * option to cancel; the customer's answer is recorded; silence counts as
 * consent only for a first notice whose new date is at most 30 days past
 * the original, and otherwise a line whose answer is not in by the
 * deadline must be cancelled and refunded. */

typedef enum
{
  BD_NOTICE_NEEDED,          /* no notice covers the line's expected date */
  BD_NOTICE_AWAITING,        /* sent, the deadline not passed, no answer */
  BD_NOTICE_CONSENTED,       /* the customer agreed, or silence counts */
  BD_NOTICE_MUST_CANCEL,     /* the deadline passed without express consent */
} BdNoticeState;

typedef struct
{
  gint64 line_id;
  char *ref;
  char *customer_ref;
  char *customer_name;
  char *promised_at;         /* the promise, or the order's day + 30 days (a date) */
  char *eta;                 /* the expected date now */
  BdNoticeState state;
  int n_notices;
  char *last_new_date;       /* the date the last notice gave */
  char *deadline;            /* of the last notice */
  char *answer;              /* to the last notice: wait, alternative, cancel, or NULL */
} BdDelayCase;

#define BD_FTC_DEFAULT_DAYS 30
/* Days a customer has to answer a delay notice. */
#define BD_DELAY_NOTICE_ANSWER_DAYS 7

void        bd_delay_case_free          (gpointer      data);
const char *bd_notice_state_to_string   (BdNoticeState state);
gboolean    bd_delay_notices_enabled    (BdStore      *store);
GPtrArray  *bd_delay_notices_list       (BdStore      *store,
                                         gboolean      all,
                                         GError      **error);
gboolean    bd_delay_notices_for_line   (BdStore      *store,
                                         gint64        line_id,
                                         BdDelayCase **out,
                                         GError      **error);
GArray     *bd_delay_notices_must_cancel_ids (BdStore *store,
                                              GError **error);
gboolean    bd_delay_notices_record     (BdStore      *store,
                                         gint64        line_id,
                                         gint64        message_id,
                                         const char   *original_date,
                                         const char   *new_date,
                                         const char   *deadline,
                                         GError      **error);
gboolean    bd_delay_notices_record_sent (BdStore     *store,
                                          gint64       line_id,
                                          const char  *message_uuid,
                                          const char  *new_date,
                                          GError     **error);
gboolean    bd_delay_notices_take_alternative (BdStore    *store,
                                               gint64      line_id,
                                               const char *sku,
                                               GError    **error);
gboolean    bd_delay_notices_answer     (BdStore      *store,
                                         gint64        line_id,
                                         const char   *answer,
                                         const char   *alternative_sku,
                                         GError      **error);

G_END_DECLS
