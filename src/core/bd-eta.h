/* bd-eta.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-backorder.h"

G_BEGIN_DECLS

/* Where a line's expected date comes from. */
typedef enum
{
  BD_ETA_NONE,             /* no PO and no supplier lead time: unknown */
  BD_ETA_CLOSED,           /* shipped or cancelled */
  BD_ETA_ALLOCATED,        /* the stock is here: today + handling days */
  BD_ETA_PURCHASE_ORDER,   /* its PO's date + handling days */
  BD_ETA_LEAD_TIME,        /* today + the supplier's lead time + handling days */
} BdEtaSource;

/* Whose delivery history the range comes from. */
typedef enum
{
  BD_ETA_RANGE_NONE,       /* no received PO lines in the last 365 days */
  BD_ETA_RANGE_SUPPLIER,
  BD_ETA_RANGE_ALL_SUPPLIERS,   /* the supplier has fewer than 5 */
} BdEtaRangeFrom;

/* A supplier's deliveries of the last 365 days: its fully received PO
 * lines, and their days late against the date promised (the confirmed
 * date, else the expected one); negative is early. */
typedef struct
{
  int n_lines;
  int n_on_time;
  int p10;
  int p90;
  double mean_late;
} BdSupplierHistory;

#define BD_ETA_MIN_HISTORY 5
#define BD_ETA_HISTORY_DAYS 365

typedef struct
{
  char *eta;               /* the local date, YYYY-MM-DD; NULL: unknown */
  char *earliest;          /* the range, NULL when there is none */
  char *latest;
  BdEtaSource source;
  char *po_number;         /* BD_ETA_PURCHASE_ORDER */
  char *po_date;
  char *supplier_ref;      /* the PO's supplier, else the preferred one */
  char *supplier_name;
  int lead_time_days;      /* BD_ETA_LEAD_TIME */
  int handling_days;
  BdEtaRangeFrom range_from;
  int range_lines;
  int p10;
  int p90;
} BdEta;

/* A line whose expected date a change moved past the date promised to its
 * customer: what a delay notice is sent from. */
typedef struct
{
  gint64 line_id;
  char *ref;
  char *order_ref;
  char *customer_ref;
  char *customer_name;
  char *customer_email;
  char *promised_at;
  char *old_eta;
  char *new_eta;
} BdEtaRisk;

typedef struct _BdEtaContext BdEtaContext;

GHashTable   *bd_eta_supplier_histories (BdStore          *store,
                                         const char       *today,
                                         BdSupplierHistory *all,
                                         GError          **error);
GHashTable   *bd_eta_supplier_deliveries (BdStore         *store,
                                          const char      *first_day,
                                          const char      *last_day,
                                          BdSupplierHistory *all,
                                          GError         **error);
double        bd_supplier_history_on_time_rate (const BdSupplierHistory *history);

BdEtaContext *bd_eta_context_new        (BdStore          *store,
                                         GError          **error);
void          bd_eta_context_free       (BdEtaContext     *context);
BdEtaContext *bd_eta_context_for_store  (BdStore          *store,
                                         GError          **error);
const char   *bd_eta_context_get_today  (BdEtaContext     *context);
BdEta        *bd_eta_compute            (BdEtaContext     *context,
                                         BdBackorder      *line);
void          bd_eta_free               (BdEta            *eta);
const char   *bd_eta_source_to_string   (BdEtaSource       source);
const char   *bd_eta_range_from_to_string (BdEtaRangeFrom  from);
JsonNode     *bd_eta_to_json            (BdEta            *eta,
                                         BdBackorder      *line);
void          bd_eta_add_json_members   (BdEtaContext     *context,
                                         BdBackorder      *line,
                                         JsonObject       *object);
char         *bd_eta_describe           (BdEta            *eta);
char         *bd_eta_describe_range     (const BdEta      *eta,
                                         gboolean          with_eta);
gboolean      bd_eta_get_promise        (const BdEta      *eta,
                                         const char      **from,
                                         const char      **to);

BdEta        *bd_eta_for_line           (BdStore          *store,
                                         gint64            line_id,
                                         GError          **error);

void          bd_eta_risk_free          (gpointer          risk);
GPtrArray    *bd_eta_list_at_risk       (BdStore          *store,
                                         const char       *batch,
                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdEta, bd_eta_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdEtaContext, bd_eta_context_free)

G_END_DECLS
