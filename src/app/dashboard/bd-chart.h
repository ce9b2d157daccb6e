/* bd-chart.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  BD_CHART_BARS,        /* a group of upright bars per label */
  BD_CHART_LINE,        /* one point per label, joined */
  BD_CHART_ROWS,        /* a bar lying down per label: long names */
} BdChartKind;

typedef enum
{
  BD_CHART_COUNT,       /* whole numbers */
  BD_CHART_FRACTION,    /* 0 to 1, shown as per cent */
  BD_CHART_MONEY,       /* minor units of the chart's currency */
} BdChartUnit;

#define BD_TYPE_CHART (bd_chart_get_type ())
G_DECLARE_FINAL_TYPE (BdChart, bd_chart, BD, CHART, GtkWidget)

BdChart    *bd_chart_new             (BdChartKind         kind,
                                      BdChartUnit         unit,
                                      const char         *title);
void        bd_chart_set_currency    (BdChart            *self,
                                      const char         *currency);
void        bd_chart_set_data        (BdChart            *self,
                                      const char * const *labels,
                                      guint               n_labels,
                                      const char * const *series_names,
                                      guint               n_series,
                                      const double       *values);
void        bd_chart_set_clickable   (BdChart            *self,
                                      gboolean            clickable);
const char *bd_chart_get_title       (BdChart            *self);
guint       bd_chart_get_n_labels    (BdChart            *self);
gboolean    bd_chart_get_labels_wrapped (BdChart         *self);
char       *bd_chart_format_value    (BdChart            *self,
                                      double              value);
const char *bd_chart_get_description (BdChart            *self);
void        bd_chart_activate_label  (BdChart            *self,
                                      guint               index);
gboolean    bd_chart_handle_key      (BdChart            *self,
                                      guint               keyval);
char       *bd_chart_to_csv          (BdChart            *self);
gboolean    bd_chart_save_csv        (BdChart            *self,
                                      GFile              *file,
                                      GError            **error);
gboolean    bd_chart_save_png        (BdChart            *self,
                                      GFile              *file,
                                      int                 width,
                                      int                 height,
                                      GError            **error);

G_END_DECLS
