/* bd-forecast.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-store.h"

G_BEGIN_DECLS

/* Days of history held back to judge a forecast by. */
#define BD_FORECAST_HOLDOUT_DAYS 28
/* The most days of history a forecast looks at. */
#define BD_FORECAST_HISTORY_DAYS 730

typedef enum
{
  BD_FORECAST_NONE,     /* no order in the history */
  BD_FORECAST_MEAN,     /* too short a history to fit and judge: its mean */
  BD_FORECAST_SIMPLE,   /* simple exponential smoothing */
  BD_FORECAST_HOLT,     /* Holt's linear trend */
} BdForecastMethod;

/* A product's forecast and the levels suggested from it. */
typedef struct
{
  gint64 product_id;
  char *sku;
  char *product_name;
  BdForecastMethod method;
  double alpha;                 /* NAN where the method has none */
  double beta;                  /* NAN: not Holt */
  int history_days;             /* days of daily demand, zeros included */
  double mae;                   /* held-back days; NAN without a hold-out */
  double naive_mae;             /* the naive forecast's, NAN likewise */
  double sse;                   /* one-step-ahead squared error of the fit */
  double level;                 /* the method's state after the last day */
  double trend;                 /* per day; 0 but for Holt's */
  double daily;                 /* forecast demand of the next day */
  double stddev;                /* of daily demand over the history */
  int lead_time_days;           /* -1: not known, and nothing suggested */
  double lead_time_demand;      /* forecast demand over the lead time */
  gboolean has_suggestion;
  /* the suggestion as the desk keeps it: the level replenishment fills up
   * to is reorder_point + safety_stock (bd-replenish.c), so reorder_point
   * is the lead-time demand and their sum the reorder level */
  int reorder_point;
  int safety_stock;
  int current_reorder_point;
  int current_safety_stock;
} BdForecast;

void        bd_forecast_free           (gpointer          forecast);
const char *bd_forecast_method_to_string (BdForecastMethod method);
double      bd_forecast_inverse_normal (double            p);
gboolean    bd_forecast_fit            (const double     *demand,
                                        guint             n_days,
                                        BdForecast       *forecast);
void        bd_forecast_suggest        (BdForecast       *forecast,
                                        double            service_level);
GPtrArray  *bd_forecast_compute        (BdStore          *store,
                                        const char       *sku,
                                        GError          **error);
JsonNode   *bd_forecast_to_json        (GPtrArray        *forecasts,
                                        double            service_level);
double      bd_forecast_service_level  (BdStore          *store);
gboolean    bd_forecast_apply          (BdStore          *store,
                                        GPtrArray        *forecasts,
                                        guint            *n_changed,
                                        char            **batch,
                                        GError          **error);

G_END_DECLS
