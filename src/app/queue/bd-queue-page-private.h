/* bd-queue-page-private.h: what the parts of the queue page share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-line-detail.h"
#include "bd-queue-filter-bar.h"
#include "bd-queue-page.h"
#include "bd-selection-keeper.h"
#include "bd-writer.h"

G_BEGIN_DECLS

struct _BdQueuePage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *list_pane;
  BdQueueFilterBar *filter_bar;
  GtkLabel *count_label;
  GtkColumnView *column_view;
  GtkColumnViewColumn *priority_column;
  GtkColumnViewColumn *order_column;
  GtkColumnViewColumn *customer_column;
  GtkColumnViewColumn *product_column;
  GtkColumnViewColumn *short_column;
  GtkColumnViewColumn *age_column;
  GtkColumnViewColumn *promised_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *supplier_column;
  GtkColumnViewColumn *eta_column;
  GtkColumnViewColumn *po_column;
  GMenuModel *columns_menu;
  GtkSpinner *loading_spinner;
  GtkWidget *waiting_box;
  GtkSpinner *waiting_spinner;
  AdwStatusPage *empty_status;
  GtkButton *other_statuses_button;
  GtkActionBar *bulk_bar;
  GtkLabel *bulk_label;
  BdLineDetail *detail;

  /* Owned references */
  BdStore *store;
  BdWriter *writer;              /* every change goes through it, in order */
  BdQueueModel *model;
  GtkMultiSelection *selection;
  BdSelectionKeeper *selection_keeper;
  GObject *sort_probe_a;         /* compared to read the view's sort */
  GObject *sort_probe_b;
  char *last_batch;
  AdwToast *last_toast;          /* weak: the toast shown, replaced by the next */
  GtkCssProvider *toast_css;     /* how far toasts rise above the bulk bar, */
  char *toast_css_class;         /* for the toast overlay of this page's window */
  guint lift_toasts_source;
  GCancellable *other_statuses;  /* counting the search's lines in all statuses */
  guint narrow_tick;             /* the columns follow the fold, after its slide */
  gint64 fold_time;              /* when the slide began, in frame time */
  guint tap_idle;                /* opening the line a click or tap selects */
  GSettings *settings;           /* the columns' order, widths, visibility; NULL without a schema */
  GSimpleActionGroup *column_actions;  /* "columns.": show or hide each, queue order, reset */
  guint save_columns_source;     /* saving the columns after a change settles */
  guint n_retrying;              /* messages being sent again */
  int row_wait;                  /* ms a frame waits for the rows it shows (see set_store) */

  /* Borrowed references */
  GtkColumnViewColumn *sort_column;  /* sorting by it, as the view's sorter last said */

  /* State */
  guint new_query : 1;           /* its result starts at the top */
  guint sort_descending : 1;     /* sort_column's direction */
  guint restoring_columns : 1;   /* not a person's change: nothing to save */
  guint tap_on_row : 1;          /* a click on a line, folded, not released yet */
};

/* bd-queue-page.c */
void  bd_queue_page_set_row_wait (BdQueuePage *self,
                                  int          row_wait);
GStrv bd_queue_page_dup_selected_refs (BdQueuePage *self,
                                       guint        max);
void     bd_queue_page_update_narrow             (BdQueuePage         *self);
gboolean bd_queue_page_column_hidden_when_narrow (GtkColumnViewColumn *column);
int      bd_queue_page_column_chosen_width       (GtkColumnViewColumn *column);
void     bd_queue_page_column_visibility_chosen  (GtkColumnViewColumn *column);
void     bd_queue_page_column_width_chosen       (GtkColumnViewColumn *column);

/* bd-queue-page-actions.c */
void bd_queue_page_class_install_actions (GtkWidgetClass *widget_class);
void bd_queue_page_update_actions        (BdQueuePage    *self);

/* bd-queue-page-columns.c */
void  bd_queue_page_setup_columns   (BdQueuePage      *self);
void  bd_queue_page_save_columns    (BdQueuePage      *self);
void  bd_queue_page_teardown_columns (BdQueuePage     *self);
void  bd_queue_page_follow_sort     (BdQueuePage      *self);
void  bd_queue_page_read_sort       (BdQueuePage      *self,
                                     BdBackorderQuery *query);
char *bd_queue_page_describe_sort   (BdQueuePage      *self,
                                     char            **explanation);

G_END_DECLS
