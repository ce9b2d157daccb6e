/* bd-widget-util.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       bd_widget_dispose_children (GtkWidget *widget,
                                       GType      template_type);
GSettings *bd_settings_new            (void);

G_END_DECLS
