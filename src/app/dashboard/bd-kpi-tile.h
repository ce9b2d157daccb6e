/* bd-kpi-tile.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Which way a figure went against the period before, and whether that is
 * good news. */
typedef enum
{
  BD_KPI_SAME,
  BD_KPI_UP,
  BD_KPI_DOWN,
  BD_KPI_UNKNOWN,       /* one of the two figures is null */
} BdKpiDirection;

#define BD_TYPE_KPI_TILE (bd_kpi_tile_get_type ())
G_DECLARE_FINAL_TYPE (BdKpiTile, bd_kpi_tile, BD, KPI_TILE, GtkWidget)

BdKpiTile  *bd_kpi_tile_new        (const char     *name,
                                    const char     *title,
                                    gboolean        clickable);
const char *bd_kpi_tile_get_name   (BdKpiTile      *self);
void        bd_kpi_tile_set_value  (BdKpiTile      *self,
                                    const char     *value,
                                    const char     *detail);
const char *bd_kpi_tile_get_value  (BdKpiTile      *self);
const char *bd_kpi_tile_get_detail (BdKpiTile      *self);
void        bd_kpi_tile_set_change (BdKpiTile      *self,
                                    BdKpiDirection  direction,
                                    gboolean        good,
                                    const char     *text);
const char *bd_kpi_tile_get_change (BdKpiTile      *self);
gboolean    bd_kpi_tile_get_good   (BdKpiTile      *self);
void        bd_kpi_tile_click      (BdKpiTile      *self);

G_END_DECLS
