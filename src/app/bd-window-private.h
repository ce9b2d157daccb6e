/* bd-window-private.h: what the parts of the window share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-communication-page.h"
#include "bd-followup-notifier.h"
#include "bd-suppliers-page.h"
#include "bd-po-page.h"
#include "bd-dashboard-page.h"
#include "bd-sync-controller.h"
#include "bd-sync-status-button.h"
#include "bd-window.h"

G_BEGIN_DECLS

struct _BdWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkRevealer *task_revealer;
  GtkLabel *task_label;
  GtkProgressBar *task_progress;
  GtkStack *main_stack;
  GtkRevealer *read_only_revealer;
  GtkLabel *read_only_label;
  GtkSpinner *loading_spinner;
  AdwStatusPage *error_page;
  GtkWidget *create_button;
  AdwViewStack *view_stack;
  BdQueuePage *queue_page;
  BdCommunicationPage *communication_page;
  BdSuppliersPage *suppliers_page;
  BdPoPage *po_page;
  BdDashboardPage *dashboard_page;
  GMenu *columns_section;
  BdSyncStatusButton *sync_button;

  /* Owned references */
  char *database;
  BdStore *store;
  GSettings *settings;
  GCancellable *task_cancellable;
  GQueue pending_imports;     /* GFile *, imported one after the other */
  GPtrArray *import_results;  /* BdImportResult *: the files of the import running */
  char *import_summary;       /* the last import's summary, for its toast's Details */
  GPtrArray *toasts_after_load; /* AdwToast *: shown once the queue has loaded */
  BdFollowupNotifier *followups; /* says when customers are due for an update */
  BdSyncController *sync;     /* the team server's, when set up */

  gboolean create;            /* make the database when there is none */
};

/* bd-window.c */
void bd_window_open_store   (BdWindow *self);
void bd_window_update_state (BdWindow *self);

/* bd-window-actions.c */
void bd_window_class_install_actions (GtkWidgetClass *widget_class);
void bd_window_update_actions        (BdWindow       *self);

/* bd-window-tasks.c */
void bd_window_show_import_summary (BdWindow   *self);
void bd_window_tasks_dispose       (BdWindow   *self);

G_END_DECLS
