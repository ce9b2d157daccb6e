/* bd-delay-notices-private.h: the delay-notice rule, for the queue's filters
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-delay-notices.h"

G_BEGIN_DECLS

typedef struct _BdDelayRule BdDelayRule;

BdDelayRule *bd_delay_rule_new   (BdStore           *store,
                                  const char        *today,
                                  GError           **error);
void         bd_delay_rule_free  (BdDelayRule       *rule);
gboolean     bd_delay_rule_judge (const BdDelayRule *rule,
                                  gint64             line_id,
                                  gint64             eta_day,
                                  const char        *promised_at,
                                  const char        *ordered_at,
                                  BdNoticeState     *state,
                                  gint64            *promise_day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdDelayRule, bd_delay_rule_free)

G_END_DECLS
