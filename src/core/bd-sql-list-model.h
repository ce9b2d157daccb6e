/* bd-sql-list-model.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-row-source.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_SQL_LIST_MODEL (bd_sql_list_model_get_type ())
G_DECLARE_DERIVABLE_TYPE (BdSqlListModel, bd_sql_list_model, BD, SQL_LIST_MODEL, GObject)

struct _BdSqlListModelClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

BdSqlListModel *bd_sql_list_model_new          (BdStore         *store,
                                                BdRowSource     *source,
                                                gconstpointer    query);
BdStore        *bd_sql_list_model_get_store    (BdSqlListModel  *self);
BdRowSource    *bd_sql_list_model_get_source   (BdSqlListModel  *self);
gconstpointer   bd_sql_list_model_get_query    (BdSqlListModel  *self);
void            bd_sql_list_model_set_query    (BdSqlListModel  *self,
                                                gconstpointer    query);
void            bd_sql_list_model_refresh      (BdSqlListModel  *self);
gboolean        bd_sql_list_model_get_loading  (BdSqlListModel  *self);
gboolean        bd_sql_list_model_get_partial  (BdSqlListModel  *self);
const char     *bd_sql_list_model_get_error    (BdSqlListModel  *self);
gint64          bd_sql_list_model_get_id       (BdSqlListModel  *self,
                                                guint            position);
guint           bd_sql_list_model_find_id      (BdSqlListModel  *self,
                                                gint64           id);
void            bd_sql_list_model_set_row_wait (BdSqlListModel  *self,
                                                int              row_wait);
int             bd_sql_list_model_get_row_wait (BdSqlListModel  *self);
void            bd_sql_list_model_read_rows_apart_for (BdSqlListModel *self,
                                                      guint           seconds);
gpointer        bd_sql_list_model_dup_read_item (BdSqlListModel *self,
                                                guint            position);
gboolean        bd_sql_list_model_get_reading_rows (BdSqlListModel *self);
guint           bd_sql_list_model_get_n_cached (BdSqlListModel  *self);

G_END_DECLS
