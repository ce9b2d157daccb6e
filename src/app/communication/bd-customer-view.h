/* bd-customer-view.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-sql-list-model.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_CUSTOMER_VIEW (bd_customer_view_get_type ())
G_DECLARE_FINAL_TYPE (BdCustomerView, bd_customer_view, BD, CUSTOMER_VIEW, AdwWindow)

BdCustomerView *bd_customer_view_new            (GtkWindow       *parent,
                                                 BdStore         *store,
                                                 gint64           customer_id);
gint64          bd_customer_view_get_customer_id (BdCustomerView *self);
BdSqlListModel *bd_customer_view_get_timeline   (BdCustomerView  *self);
const char     *bd_customer_view_get_error      (BdCustomerView  *self);
char           *bd_customer_view_describe_event (GObject         *event);
char           *bd_customer_view_describe_entry (BdCustomerView *self,
                                                 GObject        *object);
char           *bd_customer_view_label_event    (BdCustomerView  *self,
                                                 GObject         *event);

G_END_DECLS
