/* bd-application.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_APPLICATION (bd_application_get_type ())
G_DECLARE_FINAL_TYPE (BdApplication, bd_application, BD, APPLICATION, AdwApplication)

BdApplication *bd_application_new          (const char        *application_id,
                                            GApplicationFlags  flags);
const char    *bd_application_get_database (BdApplication     *self);
void           bd_application_set_database (BdApplication     *self,
                                            const char        *path);

G_END_DECLS
