/* bd-followup-notifier.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_TYPE_FOLLOWUP_NOTIFIER (bd_followup_notifier_get_type ())
G_DECLARE_FINAL_TYPE (BdFollowupNotifier, bd_followup_notifier, BD, FOLLOWUP_NOTIFIER, GObject)

/* How often the follow-ups are looked at while the app runs. */
#define BD_FOLLOWUP_CHECK_SECONDS 3600

BdFollowupNotifier *bd_followup_notifier_new        (GApplication       *application,
                                                     const char         *database);
void                bd_followup_notifier_check      (BdFollowupNotifier *self);
gboolean            bd_followup_notifier_get_checking (BdFollowupNotifier *self);
guint               bd_followup_notifier_get_n_due  (BdFollowupNotifier *self);
const char         *bd_followup_notifier_get_title  (BdFollowupNotifier *self);
const char         *bd_followup_notifier_get_body   (BdFollowupNotifier *self);
char               *bd_followup_notifier_dup_id     (BdFollowupNotifier *self);

G_END_DECLS
