/* bd-incentives.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* What a customer was given for waiting: a discount in the order's
 * currency, or free shipping. */
typedef enum
{
  BD_INCENTIVE_DISCOUNT,
  BD_INCENTIVE_FREE_SHIPPING,
} BdIncentiveKind;

typedef struct
{
  char *uuid;
  BdIncentiveKind kind;
  gint64 amount;          /* minor units; 0 for free shipping */
  char *currency;
  gint64 customer_id;
  gint64 line_id;
  char *note;
  char *author;
  char *created_at;
} BdIncentive;

void        bd_incentive_free      (gpointer         incentive);
const char *bd_incentive_kind_to_string   (BdIncentiveKind  kind);
gboolean    bd_incentive_kind_from_string (const char      *text,
                                           BdIncentiveKind *kind);
char       *bd_incentive_describe  (BdIncentiveKind  kind,
                                    gint64           amount,
                                    const char      *currency,
                                    const char      *language);
char       *bd_incentive_format_amount (const char *minor_text,
                                        const char *currency);
gboolean    bd_incentives_give     (BdStore         *store,
                                    gint64           line_id,
                                    BdIncentiveKind  kind,
                                    gint64           amount,
                                    const char      *note,
                                    char           **uuid,
                                    GError         **error);
gboolean    bd_incentives_follow_complaint (BdStore     *store,
                                            const char  *complaint_uuid,
                                            const char  *now,
                                            GError     **error);
GPtrArray  *bd_incentives_list     (BdStore         *store,
                                    gint64           customer_id,
                                    GError         **error);

G_END_DECLS
