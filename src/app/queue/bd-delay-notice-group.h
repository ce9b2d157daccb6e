/* bd-delay-notice-group.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-delay-notices.h"

G_BEGIN_DECLS

#define BD_TYPE_DELAY_NOTICE_GROUP (bd_delay_notice_group_get_type ())
G_DECLARE_FINAL_TYPE (BdDelayNoticeGroup, bd_delay_notice_group, BD, DELAY_NOTICE_GROUP, GtkWidget)

void           bd_delay_notice_group_show      (BdDelayNoticeGroup *self,
                                                const BdDelayCase  *delay_case);
BdNoticeState  bd_delay_notice_group_get_state (BdDelayNoticeGroup *self);

G_END_DECLS
