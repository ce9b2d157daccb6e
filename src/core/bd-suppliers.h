/* bd-suppliers.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bd-store.h"

G_BEGIN_DECLS

/* Suppliers: who they are, what they deliver on which terms, their
 * purchase orders and how reliably they deliver; what the desk does to
 * them; and the purchasing clerk's morning list of POs to chase. A list of
 * suppliers is tens of rows: arrays and GObjects, not a row source. */

#define BD_TYPE_SUPPLIER (bd_supplier_get_type ())
G_DECLARE_FINAL_TYPE (BdSupplier, bd_supplier, BD, SUPPLIER, GObject)

const char *bd_supplier_get_uuid           (BdSupplier *self);
const char *bd_supplier_get_ref            (BdSupplier *self);
const char *bd_supplier_get_name           (BdSupplier *self);
const char *bd_supplier_get_contact_name   (BdSupplier *self);
const char *bd_supplier_get_email          (BdSupplier *self);
const char *bd_supplier_get_phone          (BdSupplier *self);
const char *bd_supplier_get_refused_reason (BdSupplier *self);
int         bd_supplier_get_lead_time_days (BdSupplier *self);
gint64      bd_supplier_get_minimum_order  (BdSupplier *self);
gboolean    bd_supplier_get_archived       (BdSupplier *self);
guint       bd_supplier_get_open_pos       (BdSupplier *self);
guint       bd_supplier_get_pos_to_chase   (BdSupplier *self);
const char *bd_supplier_get_next_expected  (BdSupplier *self);
double      bd_supplier_get_on_time_rate   (BdSupplier *self);
guint       bd_supplier_get_lines_received (BdSupplier *self);

/* How reliably a supplier delivered over the last 365 days: of its PO
 * lines received in full in those days, which came by the date the
 * supplier confirmed (else the expected date). */
typedef struct
{
  char *since;            /* the first day counted (local date) */
  char *until;            /* today (local date) */
  guint lines;            /* PO lines received, with a date to be on time to */
  guint on_time;          /* of those, received by that date */
  double on_time_rate;    /* on_time / lines, or -1 without lines */
  double mean_days_late;  /* an early or on-time line counts 0 */
  int p90_days_late;      /* nearest rank; 0 without lines */
  GArray *days_late;      /* int, each line's received - due, early < 0, by day received */
} BdSupplierReliability;

/* A product the supplier delivers, and its terms. */
typedef struct
{
  char *uuid;             /* the link's */
  char *sku;
  char *product_name;
  gboolean has_unit_cost;
  gint64 unit_cost;       /* minor units of currency */
  char *currency;
  int lead_time_days;     /* -1: the supplier's */
  int moq;                /* -1: none */
  int pack_size;          /* -1: the product's */
  int product_pack_size;
  gboolean preferred;
} BdSupplierProduct;

/* One purchase order of a supplier, in short. */
typedef struct
{
  char *uuid;
  char *number;
  char *status;
  char *currency;
  char *ordered_at;
  char *sent_at;
  char *confirmed_date;
  char *expected_at;
  char *received_at;
  char *cancelled_at;
  guint lines;
  gint64 quantity;
  gint64 quantity_received;
  gint64 value;           /* sum of quantity x unit cost, minor units */
} BdSupplierPo;

typedef enum
{
  BD_CHASE_UNCONFIRMED,   /* sent and not confirmed after the chase days */
  BD_CHASE_LATE,          /* past its expected date and not fully received */
} BdChaseReason;

/* A PO to chase, and whom to call about it. */
typedef struct
{
  BdChaseReason reason;
  char *po_uuid;
  char *po_number;
  char *status;
  char *supplier_ref;
  char *supplier_name;
  char *contact_name;
  char *email;
  char *phone;
  char *since;            /* UNCONFIRMED: when it was sent; LATE: when it was due (local date) */
  int days;               /* UNCONFIRMED: days since sent; LATE: days past due */
  gint64 quantity;
  gint64 quantity_received;
} BdChaseEntry;

/* What a person gives for a supplier: NULL keeps what is stored, "" clears
 * it (a name cannot be cleared). Numbers and money as text, checked. */
typedef struct
{
  const char *name;
  const char *contact_name;
  const char *email;
  const char *phone;
  const char *lead_time_days;   /* 0 to 3650 */
  const char *minimum_order;    /* decimal, the default currency */
} BdSupplierFields;

/* The terms of a product at a supplier, the same way: NULL keeps, "" clears. */
typedef struct
{
  const char *unit_cost;        /* decimal, in currency (default: the database's) */
  const char *currency;
  const char *lead_time_days;   /* 0 to 3650 */
  const char *moq;              /* 0 or more */
  const char *pack_size;        /* 1 or more */
  const char *preferred;        /* true or false (yes, no, 1, 0) */
} BdSupplierLinkFields;

void                   bd_supplier_reliability_free (BdSupplierReliability *reliability);
void                   bd_supplier_product_free     (gpointer               product);
void                   bd_supplier_po_free          (gpointer               po);
void                   bd_chase_entry_free          (gpointer               entry);
const char            *bd_chase_reason_to_string    (BdChaseReason          reason);

GPtrArray             *bd_suppliers_list            (BdStore               *store,
                                                     gboolean               include_archived,
                                                     GError               **error);
BdSupplier            *bd_suppliers_find            (BdStore               *store,
                                                     const char            *ref,
                                                     GError               **error);
GPtrArray             *bd_suppliers_list_products   (BdStore               *store,
                                                     BdSupplier            *supplier,
                                                     GError               **error);
GPtrArray             *bd_suppliers_list_pos        (BdStore               *store,
                                                     BdSupplier            *supplier,
                                                     GError               **error);
BdSupplierReliability *bd_suppliers_reliability     (BdStore               *store,
                                                     BdSupplier            *supplier,
                                                     GError               **error);
GPtrArray             *bd_suppliers_chase           (BdStore               *store,
                                                     GError               **error);

gboolean               bd_suppliers_create          (BdStore               *store,
                                                     const char            *ref,
                                                     const BdSupplierFields *fields,
                                                     char                 **batch,
                                                     GError               **error);
gboolean               bd_suppliers_edit            (BdStore               *store,
                                                     const char            *ref,
                                                     const BdSupplierFields *fields,
                                                     char                 **batch,
                                                     GError               **error);
gboolean               bd_suppliers_set_archived    (BdStore               *store,
                                                     const char            *ref,
                                                     gboolean               archived,
                                                     char                 **batch,
                                                     GError               **error);
gboolean               bd_suppliers_set_link        (BdStore               *store,
                                                     const char            *ref,
                                                     const char            *sku,
                                                     const BdSupplierLinkFields *fields,
                                                     char                 **batch,
                                                     GError               **error);
gboolean               bd_suppliers_remove_link     (BdStore               *store,
                                                     const char            *ref,
                                                     const char            *sku,
                                                     char                 **batch,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSupplierReliability, bd_supplier_reliability_free)

G_END_DECLS
