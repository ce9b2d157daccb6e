/* bd-communication-page.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"
#include "bd-template-editor.h"

G_BEGIN_DECLS

#define BD_TYPE_COMMUNICATION_PAGE (bd_communication_page_get_type ())
G_DECLARE_FINAL_TYPE (BdCommunicationPage, bd_communication_page, BD, COMMUNICATION_PAGE, GtkWidget)

void              bd_communication_page_set_store  (BdCommunicationPage *self,
                                                    BdStore             *store);
void              bd_communication_page_offer_line (BdCommunicationPage *self,
                                                    gint64               line_id);
void              bd_communication_page_select     (BdCommunicationPage *self,
                                                    const char          *kind,
                                                    const char          *language);
BdTemplateEditor *bd_communication_page_get_editor (BdCommunicationPage *self);

G_END_DECLS
