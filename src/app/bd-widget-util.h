/* bd-widget-util.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How many lines a pane or a dialog names before "and 40 more". */
#define BD_LINES_NAMED 10

void       bd_widget_dispose_children (GtkWidget          *widget,
                                       GType               template_type);
GSettings *bd_settings_new            (void);
char      *bd_format_line_list        (const char * const *refs,
                                       guint               n_lines);
void       bd_flow_box_show_child     (GtkWidget          *child,
                                       gboolean            visible);
void       bd_windows_forget_gone_parents (void);

G_END_DECLS
