/* bd-forecast-dialog.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_FORECAST_CHOICE (bd_forecast_choice_get_type ())
G_DECLARE_FINAL_TYPE (BdForecastChoice, bd_forecast_choice, BD, FORECAST_CHOICE, GObject)

#define BD_TYPE_FORECAST_DIALOG (bd_forecast_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BdForecastDialog, bd_forecast_dialog, BD, FORECAST_DIALOG, AdwWindow)

const char       *bd_forecast_choice_get_sku     (BdForecastChoice *self);
gboolean          bd_forecast_choice_get_chosen  (BdForecastChoice *self);
void              bd_forecast_choice_set_chosen  (BdForecastChoice *self,
                                                  gboolean          chosen);

BdForecastDialog *bd_forecast_dialog_new         (BdStore          *store);
GListModel       *bd_forecast_dialog_get_items   (BdForecastDialog *self);
gboolean          bd_forecast_dialog_get_loading (BdForecastDialog *self);
gboolean          bd_forecast_dialog_get_busy    (BdForecastDialog *self);
const char       *bd_forecast_dialog_get_error   (BdForecastDialog *self);

G_END_DECLS
