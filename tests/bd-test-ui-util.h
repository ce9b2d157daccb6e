/* bd-test-ui-util.h: helpers the UI tests share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-application.h"
#include "bd-window.h"

G_BEGIN_DECLS

/* A test's condition on its own fixture, tried after each turn of the main
 * loop. */
typedef gboolean (*BdTestUiCondition) (gpointer data);

void       bd_test_ui_wait_for_func   (gpointer           data,
                                       BdTestUiCondition  condition,
                                       const char        *what);

/* Runs the main loop until @condition (a function taking the test's own
 * fixture) holds for @data; fails the test after 30 s, naming @what. */
#define bd_test_ui_wait_for(data, condition, what) \
  bd_test_ui_wait_for_func ((data), (BdTestUiCondition) (condition), (what))

void       bd_test_ui_drain           (void);
void       bd_test_ui_settle          (void);
void       bd_test_ui_save_png        (GtkWidget         *widget,
                                       const char        *name);
GtkWidget *bd_test_ui_template_child  (gpointer           widget,
                                       GType              type,
                                       const char        *name);
void       bd_test_ui_make_demo_store (const char        *database);
void       bd_test_ui_patient_rows    (BdWindow          *window);
BdWindow  *bd_test_ui_open_window     (BdApplication     *app,
                                       const char        *database,
                                       gboolean           create,
                                       int                width,
                                       int                height);
void       bd_test_ui_destroy_dialogs (GtkWindow         *keep);
void       bd_test_ui_reset_queue_columns (void);
gpointer   bd_test_ui_find_window     (GType              type);
GtkWidget *bd_test_ui_find_widget     (GtkWidget         *root,
                                       GType              type);
void       bd_test_ui_scroll_to       (GtkWidget         *widget);
void       bd_test_ui_wind_down       (void);
BdApplication *bd_test_ui_init        (int               *argc,
                                       char            ***argv,
                                       const char        *application_id);

G_END_DECLS
