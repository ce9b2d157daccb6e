/* bd-refused-banner.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BD_TYPE_REFUSED_BANNER (bd_refused_banner_get_type ())
G_DECLARE_FINAL_TYPE (BdRefusedBanner, bd_refused_banner, BD, REFUSED_BANNER, GtkWidget)

char       *bd_refused_banner_describe   (const char      *reason);
void        bd_refused_banner_set_reason (BdRefusedBanner *self,
                                          const char      *reason);
const char *bd_refused_banner_get_text   (BdRefusedBanner *self);

GtkWidget  *bd_refused_marker_new        (void);
void        bd_refused_marker_set_reason (GtkWidget       *marker,
                                          const char      *reason);

G_END_DECLS
