/* bd-window.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-application.h"
#include "bd-followup-notifier.h"
#include "bd-po-page.h"
#include "bd-queue-page.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_WINDOW (bd_window_get_type ())
G_DECLARE_FINAL_TYPE (BdWindow, bd_window, BD, WINDOW, AdwApplicationWindow)

BdWindow    *bd_window_new            (BdApplication *application,
                                       const char    *database,
                                       gboolean       create);
BdStore     *bd_window_get_store      (BdWindow      *self);
BdQueuePage *bd_window_get_queue_page (BdWindow      *self);
GtkWidget   *bd_window_get_communication_page (BdWindow *self);
GtkWidget   *bd_window_get_suppliers_page (BdWindow *self);
BdPoPage    *bd_window_get_po_page    (BdWindow      *self);
GtkWidget   *bd_window_get_dashboard_page (BdWindow   *self);
void         bd_window_show_page      (BdWindow      *self,
                                       const char    *name);
const char  *bd_window_get_state      (BdWindow      *self);
gboolean     bd_window_get_busy       (BdWindow      *self);
void         bd_window_backup_file    (BdWindow      *self,
                                       GFile         *file);
void         bd_window_import_file    (BdWindow      *self,
                                       GFile         *file);
void         bd_window_import_files   (BdWindow      *self,
                                       GListModel    *files);
void         bd_window_load_sample    (BdWindow      *self);
void         bd_window_export_file    (BdWindow      *self,
                                       GFile         *file);
const char  *bd_window_get_database   (BdWindow      *self);
BdFollowupNotifier *bd_window_get_followup_notifier (BdWindow *self);
void         bd_window_show_followups (BdWindow      *self);
void         bd_window_message_followups (BdWindow   *self);

G_END_DECLS
