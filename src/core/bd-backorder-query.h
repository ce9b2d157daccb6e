/* bd-backorder-query.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-row-source.h"
#include "bd-store.h"

G_BEGIN_DECLS

typedef enum
{
  BD_STATUS_FILTER_OPEN,
  BD_STATUS_FILTER_ALL,
  BD_STATUS_FILTER_WAITING,
  BD_STATUS_FILTER_ON_ORDER,
  BD_STATUS_FILTER_ALLOCATED,
  BD_STATUS_FILTER_SHIPPED,
  BD_STATUS_FILTER_CANCELLED,
} BdStatusFilter;

typedef enum
{
  BD_SORT_QUEUE,       /* priority first, then oldest first: how the queue is worked */
  BD_SORT_ORDER_REF,
  BD_SORT_CUSTOMER,
  BD_SORT_PRODUCT,
  BD_SORT_SHORT,
  BD_SORT_AGE,
  BD_SORT_PROMISED,
  BD_SORT_STATUS,
  BD_SORT_PRIORITY,
  BD_SORT_SUPPLIER,    /* the product's preferred supplier, by name */
  BD_SORT_ETA,         /* the expected date the queue shows; lines without one last */
  BD_SORT_PO,          /* the number of the PO that decides the ETA; lines without one last */
} BdSortKey;

#define BD_SORT_LAST BD_SORT_PO

/* The smallest search term that searches (DESIGN.md, Large lists). */
#define BD_BACKORDER_QUERY_MIN_SEARCH 3

/* What a list of backorder lines shows: filters, search and order. */
typedef struct
{
  BdStatusFilter status;
  gboolean overdue;
  gboolean not_covered;    /* open lines with units no PO covers nor stock went to yet */
  gboolean must_cancel;    /* delay notice unanswered past its deadline (bd-delay-notices.c) */
  gboolean needs_notice;   /* open lines that need a delay notice now (bd-delay-notices.c) */
  char *search;
  char *product_sku;
  char *supplier_ref;
  BdSortKey sort;
  gboolean descending;

  /* What a figure of the dashboard counts (README, "Metrics"), so that
   * clicking it lists exactly its lines. Local dates (YYYY-MM-DD). */
  char *ordered_from;        /* ordered on or after this day; NULL: any */
  char *ordered_to;          /* ordered on or before this day; NULL: any */
  char *as_of;               /* the day open, age and breached are at;
                              * NULL: today */
  gboolean open_then;        /* open at the end of as_of, whatever their
                              * status now; with it, overdue means promised
                              * before as_of */
  int age_min;               /* days old at as_of, from the local day
                              * ordered; -1: no bound */
  int age_max;
  gboolean promise_breached; /* shipped after its promised day, or open past
                              * it at the end of as_of */
  gboolean never_notified;   /* told nothing (no message sent about it)
                              * by the end of as_of */
  gboolean supplier_counted; /* supplier_ref is the supplier the line counts
                              * for in the metrics: its covering PO's, else
                              * its product's preferred one */
  gboolean followup_due;     /* open lines of the customers due a follow-up
                              * (bd-followups.c): what the follow-up
                              * notification opens, shown as its chip */
} BdBackorderQuery;

BdBackorderQuery   *bd_backorder_query_new                 (void);
BdBackorderQuery   *bd_backorder_query_copy                (const BdBackorderQuery  *query);
void       bd_backorder_query_free                (BdBackorderQuery        *query);
gboolean   bd_backorder_query_equal               (const BdBackorderQuery  *a,
                                         const BdBackorderQuery  *b);
gboolean   bd_backorder_query_has_figure  (const BdBackorderQuery *query);
void       bd_backorder_query_clear_figure (BdBackorderQuery     *query);
gboolean   bd_status_filter_from_string (const char     *text,
                                         BdStatusFilter *filter);
const char *bd_sort_key_to_string       (BdSortKey       key);
gboolean   bd_sort_key_from_string      (const char     *text,
                                         BdSortKey      *key);
char      *bd_backorder_query_fts_term            (const char     *term);

/* The ordered ids of every matching line: 8 bytes a row, the whole result. */
char      *bd_backorder_query_to_sql              (BdStore        *store,
                                         const BdBackorderQuery  *query);
GArray    *bd_backorder_query_run_ids             (BdStore        *store,
                                         const BdBackorderQuery  *query,
                                         GCancellable   *cancellable,
                                         GError        **error);
GArray    *bd_backorder_query_run_ids_first       (BdStore        *store,
                                         const BdBackorderQuery  *query,
                                         guint           n_first,
                                         BdFirstIdsFunc  first_ids,
                                         gpointer        user_data,
                                         GCancellable   *cancellable,
                                         GError        **error);

typedef struct
{
  char *ref;
  char *name;
} BdSupplierInfo;

void       bd_supplier_info_free        (gpointer        info);
GPtrArray *bd_backorder_query_list_suppliers      (BdStore        *store,
                                         GError        **error);
GPtrArray *bd_supplier_info_match       (GPtrArray      *suppliers,
                                         const char     *text,
                                         guint           limit);

typedef struct
{
  char *sku;
  char *name;
} BdProductInfo;

void       bd_product_info_free         (gpointer        info);
GPtrArray *bd_backorder_query_suggest_products (BdStore   *store,
                                         const char     *text,
                                         guint           limit,
                                         GError        **error);
int        bd_backorder_query_has_lines           (BdStore        *store,
                                         GError        **error);
gboolean   bd_backorder_query_resolve_filters     (BdStore        *store,
                                         BdBackorderQuery        *query,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdBackorderQuery, bd_backorder_query_free)

G_END_DECLS
