/* bd-backorder.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-backorder"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-backorder.h"
#include "bd-util.h"

struct _BdBackorder
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *ref;
  char *order_ref;
  char *ordered_at;
  char *customer_ref;
  char *customer_name;
  char *customer_email;
  char *sku;
  char *product_name;
  int quantity;
  int short_quantity;
  char *status;
  int priority;
  char *promised_at;
  char *shipped_at;
  char *cancelled_at;
  char *cancel_reason;
  gboolean refunded;
  gboolean has_price;
  gint64 unit_price;
  char *currency;
  gboolean overdue;
  int age_days;
  char *supplier_name;          /* the product's preferred supplier, or NULL */
  gboolean has_open_complaint;  /* a complaint without a resolution yet */
  char *refused_reason;         /* why the server refused the line's change, or NULL */

  gint64 product_id;
  int covered;
  int allocated;
  char *stored_eta;
  gboolean ship_complete;
  gint64 po_id;
  char *po_number;
  gint64 po_supplier_id;
  char *po_supplier_ref;
  char *po_supplier_name;
  char *po_date;
  gint64 preferred_supplier_id;
  char *preferred_supplier_ref;
  char *preferred_supplier_name;
  int lead_time_days;   /* -1: none known */
  char *eta;            /* set by whoever loads it with an ETA context, or NULL */
};

G_DEFINE_FINAL_TYPE (BdBackorder, bd_backorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REF,
  PROP_ORDER_REF,
  PROP_ORDERED_AT,
  PROP_CUSTOMER_REF,
  PROP_CUSTOMER_NAME,
  PROP_SKU,
  PROP_PRODUCT_NAME,
  PROP_QUANTITY,
  PROP_SHORT,
  PROP_STATUS,
  PROP_PRIORITY,
  PROP_PROMISED_AT,
  PROP_OVERDUE,
  PROP_AGE_DAYS,
  PROP_SUPPLIER_NAME,
  PROP_HAS_OPEN_COMPLAINT,
  PROP_REFUSED_REASON,
  PROP_COVERED,
  PROP_ALLOCATED,
  PROP_STORED_ETA,
  PROP_PO_NUMBER,
  PROP_ETA,
  PROP_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bd_backorder_finalize (GObject *object)
{
  BdBackorder *self = (BdBackorder *)object;

  g_free (self->uuid);
  g_free (self->ref);
  g_free (self->order_ref);
  g_free (self->ordered_at);
  g_free (self->customer_ref);
  g_free (self->customer_name);
  g_free (self->customer_email);
  g_free (self->sku);
  g_free (self->product_name);
  g_free (self->status);
  g_free (self->promised_at);
  g_free (self->shipped_at);
  g_free (self->cancelled_at);
  g_free (self->cancel_reason);
  g_free (self->refused_reason);
  g_free (self->currency);
  g_free (self->supplier_name);
  g_free (self->stored_eta);
  g_free (self->po_number);
  g_free (self->po_supplier_ref);
  g_free (self->po_supplier_name);
  g_free (self->po_date);
  g_free (self->preferred_supplier_ref);
  g_free (self->preferred_supplier_name);
  g_free (self->eta);

  G_OBJECT_CLASS (bd_backorder_parent_class)->finalize (object);
}

static void
bd_backorder_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BdBackorder *self = BD_BACKORDER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_REF: g_value_set_string (value, self->ref); break;
    case PROP_ORDER_REF: g_value_set_string (value, self->order_ref); break;
    case PROP_ORDERED_AT: g_value_set_string (value, self->ordered_at); break;
    case PROP_CUSTOMER_REF: g_value_set_string (value, self->customer_ref); break;
    case PROP_CUSTOMER_NAME: g_value_set_string (value, self->customer_name); break;
    case PROP_SKU: g_value_set_string (value, self->sku); break;
    case PROP_PRODUCT_NAME: g_value_set_string (value, self->product_name); break;
    case PROP_QUANTITY: g_value_set_int (value, self->quantity); break;
    case PROP_SHORT: g_value_set_int (value, self->short_quantity); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_PRIORITY: g_value_set_int (value, self->priority); break;
    case PROP_PROMISED_AT: g_value_set_string (value, self->promised_at); break;
    case PROP_OVERDUE: g_value_set_boolean (value, self->overdue); break;
    case PROP_AGE_DAYS: g_value_set_int (value, self->age_days); break;
    case PROP_SUPPLIER_NAME: g_value_set_string (value, self->supplier_name); break;
    case PROP_HAS_OPEN_COMPLAINT: g_value_set_boolean (value, self->has_open_complaint); break;
    case PROP_REFUSED_REASON: g_value_set_string (value, self->refused_reason); break;
    case PROP_COVERED: g_value_set_int (value, self->covered); break;
    case PROP_ALLOCATED: g_value_set_int (value, self->allocated); break;
    case PROP_STORED_ETA: g_value_set_string (value, self->stored_eta); break;
    case PROP_PO_NUMBER: g_value_set_string (value, self->po_number); break;
    case PROP_ETA: g_value_set_string (value, self->eta); break;
    case PROP_READ: g_value_set_boolean (value, self->uuid != NULL); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_backorder_class_init (BdBackorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = bd_backorder_finalize;
  object_class->get_property = bd_backorder_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REF] = g_param_spec_string ("ref", NULL, NULL, NULL, flags);
  properties[PROP_ORDER_REF] = g_param_spec_string ("order-ref", NULL, NULL, NULL, flags);
  properties[PROP_ORDERED_AT] = g_param_spec_string ("ordered-at", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER_REF] = g_param_spec_string ("customer-ref", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER_NAME] = g_param_spec_string ("customer-name", NULL, NULL, NULL, flags);
  properties[PROP_SKU] = g_param_spec_string ("sku", NULL, NULL, NULL, flags);
  properties[PROP_PRODUCT_NAME] = g_param_spec_string ("product-name", NULL, NULL, NULL, flags);
  properties[PROP_QUANTITY] = g_param_spec_int ("quantity", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SHORT] = g_param_spec_int ("short", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_PRIORITY] = g_param_spec_int ("priority", NULL, NULL, BD_PRIORITY_MIN, BD_PRIORITY_MAX,
                                                BD_PRIORITY_NORMAL, flags);
  properties[PROP_PROMISED_AT] = g_param_spec_string ("promised-at", NULL, NULL, NULL, flags);
  properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, flags);
  properties[PROP_AGE_DAYS] = g_param_spec_int ("age-days", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_SUPPLIER_NAME] = g_param_spec_string ("supplier-name", NULL, NULL, NULL, flags);
  properties[PROP_HAS_OPEN_COMPLAINT] = g_param_spec_boolean ("has-open-complaint", NULL, NULL, FALSE, flags);
  properties[PROP_REFUSED_REASON] = g_param_spec_string ("refused-reason", NULL, NULL, NULL, flags);
  properties[PROP_COVERED] = g_param_spec_int ("covered", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_ALLOCATED] = g_param_spec_int ("allocated", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_STORED_ETA] = g_param_spec_string ("stored-eta", NULL, NULL, NULL, flags);
  properties[PROP_PO_NUMBER] = g_param_spec_string ("po-number", NULL, NULL, NULL, flags);
  properties[PROP_ETA] = g_param_spec_string ("eta", NULL, NULL, NULL, flags);
  /* FALSE for a placeholder (bd_backorder_is_read()); filled, it notifies
   * this alone */
  properties[PROP_READ] = g_param_spec_boolean ("read", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_backorder_init (BdBackorder *self)
{
}

static void
set_text (BdBackorder  *self,
          char        **field,
          const char   *value,
          int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_string (BdBackorder   *self,
            char         **field,
            sqlite3_stmt  *stmt,
            int            column,
            int            prop)
{
  set_text (self, field, (const char *)sqlite3_column_text (stmt, column), prop);
}

static void
set_int (BdBackorder *self,
         int         *field,
         int          value,
         int          prop)
{
  if (*field == value)
    return;

  *field = value;
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Refreshes the row in place and notifies what changed, so that a list keeps
 * its item (and its selection) while the cells follow the store. */
void
bd_backorder_update_from_stmt (BdBackorder  *self,
                               sqlite3_stmt *stmt,
                               const char   *today_start)
{
  g_autofree char *ref = NULL;
  gboolean was_read;
  gboolean overdue;
  int age_days;

  g_return_if_fail (BD_IS_BACKORDER (self));

  g_object_freeze_notify (G_OBJECT (self));
  was_read = self->uuid != NULL;

  self->id = sqlite3_column_int64 (stmt, 0);
  set_string (self, &self->uuid, stmt, 1, PROP_0);
  set_string (self, &self->order_ref, stmt, 2, PROP_ORDER_REF);
  set_string (self, &self->ordered_at, stmt, 3, PROP_ORDERED_AT);
  set_string (self, &self->customer_ref, stmt, 4, PROP_CUSTOMER_REF);
  set_string (self, &self->customer_name, stmt, 5, PROP_CUSTOMER_NAME);
  set_string (self, &self->customer_email, stmt, 6, PROP_0);
  set_string (self, &self->sku, stmt, 7, PROP_SKU);
  set_string (self, &self->product_name, stmt, 8, PROP_PRODUCT_NAME);
  set_int (self, &self->quantity, sqlite3_column_int (stmt, 9), PROP_QUANTITY);
  set_int (self, &self->short_quantity, sqlite3_column_int (stmt, 10), PROP_SHORT);
  set_string (self, &self->status, stmt, 11, PROP_STATUS);
  set_int (self, &self->priority, sqlite3_column_int (stmt, 12), PROP_PRIORITY);
  set_string (self, &self->promised_at, stmt, 13, PROP_PROMISED_AT);
  set_string (self, &self->shipped_at, stmt, 14, PROP_0);
  set_string (self, &self->cancelled_at, stmt, 15, PROP_0);
  set_string (self, &self->cancel_reason, stmt, 16, PROP_0);
  self->refunded = sqlite3_column_int (stmt, 17) != 0;
  self->has_price = sqlite3_column_type (stmt, 18) != SQLITE_NULL;
  self->unit_price = sqlite3_column_int64 (stmt, 18);
  set_string (self, &self->currency, stmt, 19, PROP_0);
  set_string (self, &self->supplier_name, stmt, 20, PROP_SUPPLIER_NAME);
  set_int (self, &self->has_open_complaint, sqlite3_column_int (stmt, 21) != 0, PROP_HAS_OPEN_COMPLAINT);
  self->product_id = sqlite3_column_int64 (stmt, 22);
  set_int (self, &self->covered, sqlite3_column_int (stmt, 23), PROP_COVERED);
  set_int (self, &self->allocated, sqlite3_column_int (stmt, 24), PROP_ALLOCATED);
  set_string (self, &self->stored_eta, stmt, 25, PROP_STORED_ETA);
  self->ship_complete = sqlite3_column_int (stmt, 26) != 0;
  self->po_id = sqlite3_column_int64 (stmt, 27);
  set_string (self, &self->po_number, stmt, 28, PROP_PO_NUMBER);
  self->po_supplier_id = sqlite3_column_int64 (stmt, 29);
  set_string (self, &self->po_supplier_ref, stmt, 30, PROP_0);
  set_string (self, &self->po_supplier_name, stmt, 31, PROP_0);
  set_string (self, &self->po_date, stmt, 32, PROP_0);
  self->preferred_supplier_id = sqlite3_column_int64 (stmt, 33);
  set_string (self, &self->preferred_supplier_ref, stmt, 34, PROP_0);
  set_string (self, &self->preferred_supplier_name, stmt, 35, PROP_0);
  self->lead_time_days = sqlite3_column_type (stmt, 36) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 36);
  set_string (self, &self->refused_reason, stmt, 37, PROP_REFUSED_REASON);

  /* The reference people read and type: order and SKU, unique by key and the
   * same on every machine of a team. */
  ref = g_strdup_printf ("%s/%s", self->order_ref, self->sku);
  if (g_strcmp0 (ref, self->ref) != 0)
    {
      g_free (self->ref);
      self->ref = g_steal_pointer (&ref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REF]);
    }

  overdue = bd_status_is_open (self->status) && self->promised_at != NULL &&
            today_start != NULL && g_strcmp0 (self->promised_at, today_start) < 0;
  if (overdue != self->overdue)
    {
      self->overdue = overdue;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE]);
    }

  /* the days waited: to the day a closed line was shipped or cancelled */
  if (g_strcmp0 (self->status, "shipped") == 0 && self->shipped_at != NULL)
    age_days = bd_days_between (self->ordered_at, self->shipped_at);
  else if (g_strcmp0 (self->status, "cancelled") == 0 && self->cancelled_at != NULL)
    age_days = bd_days_between (self->ordered_at, self->cancelled_at);
  else
    age_days = bd_days_since (self->ordered_at, NULL);
  set_int (self, &self->age_days, age_days, PROP_AGE_DAYS);

  if (!was_read && self->uuid != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Refreshes the row in place from @fresh, the same line read on another
 * thread, and notifies what changed: how a list fills the empty row it
 * showed while it read the line. */
void
bd_backorder_update_from (BdBackorder *self,
                          BdBackorder *fresh)
{
  gboolean quiet;

  g_return_if_fail (BD_IS_BACKORDER (self));
  g_return_if_fail (BD_IS_BACKORDER (fresh));

  /* A placeholder's cells show nothing yet: filled, it notifies "read"
   * alone, not each of its twenty fields (each had every cell of the row
   * update). */
  quiet = self->uuid == NULL;
#define QUIET(prop) (quiet ? PROP_0 : (prop))
  g_object_freeze_notify (G_OBJECT (self));

  self->id = fresh->id;
  set_text (self, &self->uuid, fresh->uuid, PROP_0);
  set_text (self, &self->ref, fresh->ref, QUIET (PROP_REF));
  set_text (self, &self->order_ref, fresh->order_ref, QUIET (PROP_ORDER_REF));
  set_text (self, &self->ordered_at, fresh->ordered_at, QUIET (PROP_ORDERED_AT));
  set_text (self, &self->customer_ref, fresh->customer_ref, QUIET (PROP_CUSTOMER_REF));
  set_text (self, &self->customer_name, fresh->customer_name, QUIET (PROP_CUSTOMER_NAME));
  set_text (self, &self->customer_email, fresh->customer_email, PROP_0);
  set_text (self, &self->sku, fresh->sku, QUIET (PROP_SKU));
  set_text (self, &self->product_name, fresh->product_name, QUIET (PROP_PRODUCT_NAME));
  set_int (self, &self->quantity, fresh->quantity, QUIET (PROP_QUANTITY));
  set_int (self, &self->short_quantity, fresh->short_quantity, QUIET (PROP_SHORT));
  set_text (self, &self->status, fresh->status, QUIET (PROP_STATUS));
  set_int (self, &self->priority, fresh->priority, QUIET (PROP_PRIORITY));
  set_text (self, &self->promised_at, fresh->promised_at, QUIET (PROP_PROMISED_AT));
  set_text (self, &self->shipped_at, fresh->shipped_at, PROP_0);
  set_text (self, &self->cancelled_at, fresh->cancelled_at, PROP_0);
  set_text (self, &self->cancel_reason, fresh->cancel_reason, PROP_0);
  self->refunded = fresh->refunded;
  self->has_price = fresh->has_price;
  self->unit_price = fresh->unit_price;
  set_text (self, &self->currency, fresh->currency, PROP_0);
  set_int (self, &self->overdue, fresh->overdue, QUIET (PROP_OVERDUE));
  set_int (self, &self->age_days, fresh->age_days, QUIET (PROP_AGE_DAYS));
  set_text (self, &self->supplier_name, fresh->supplier_name, QUIET (PROP_SUPPLIER_NAME));
  set_int (self, &self->has_open_complaint, fresh->has_open_complaint, QUIET (PROP_HAS_OPEN_COMPLAINT));
  set_text (self, &self->refused_reason, fresh->refused_reason, QUIET (PROP_REFUSED_REASON));
  self->product_id = fresh->product_id;
  set_int (self, &self->covered, fresh->covered, QUIET (PROP_COVERED));
  set_int (self, &self->allocated, fresh->allocated, QUIET (PROP_ALLOCATED));
  set_text (self, &self->stored_eta, fresh->stored_eta, QUIET (PROP_STORED_ETA));
  self->ship_complete = fresh->ship_complete;
  self->po_id = fresh->po_id;
  set_text (self, &self->po_number, fresh->po_number, QUIET (PROP_PO_NUMBER));
  self->po_supplier_id = fresh->po_supplier_id;
  set_text (self, &self->po_supplier_ref, fresh->po_supplier_ref, PROP_0);
  set_text (self, &self->po_supplier_name, fresh->po_supplier_name, PROP_0);
  set_text (self, &self->po_date, fresh->po_date, PROP_0);
  self->preferred_supplier_id = fresh->preferred_supplier_id;
  set_text (self, &self->preferred_supplier_ref, fresh->preferred_supplier_ref, PROP_0);
  set_text (self, &self->preferred_supplier_name, fresh->preferred_supplier_name, PROP_0);
  self->lead_time_days = fresh->lead_time_days;
  set_text (self, &self->eta, fresh->eta, QUIET (PROP_ETA));

#undef QUIET
  if (quiet && fresh->uuid != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* A line of @id whose fields are not read yet: what a list shows until
 * they are (bd_backorder_update_from()). */
BdBackorder *
bd_backorder_new_placeholder (gint64 id)
{
  BdBackorder *self = g_object_new (BD_TYPE_BACKORDER, NULL);

  self->id = id;
  return self;
}

BdBackorder *
bd_backorder_new_from_stmt (sqlite3_stmt *stmt,
                            const char   *today_start)
{
  BdBackorder *self = g_object_new (BD_TYPE_BACKORDER, NULL);

  bd_backorder_update_from_stmt (self, stmt, today_start);
  return self;
}

BdBackorder *
bd_backorder_load (BdStore  *store,
                   gint64    id,
                   GError  **error)
{
  g_autofree char *today = bd_today_start_utc ();
  sqlite3_stmt *stmt;
  BdBackorder *self = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_cached (store, BD_BACKORDER_SELECT " WHERE l.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self = bd_backorder_new_from_stmt (stmt, today);
  else if (rc == SQLITE_DONE)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                 _("The order line no longer exists"));
  else
    bd_store_set_sql_error (store, error, _("reading an order line"));
  sqlite3_reset (stmt);

  return self;
}

/* id (gint64 *) -> BdBackorder, what bd_backorder_load_many() fills. */
GHashTable *
bd_backorder_table_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

#define PAGE 64
#define P8 "?,?,?,?,?,?,?,?"
#define P64 P8 "," P8 "," P8 "," P8 "," P8 "," P8 "," P8 "," P8

/* Loads the lines @ids into @rows, a page of 64 per statement: row objects
 * already in @rows are refreshed in place, the others are created. */
gboolean
bd_backorder_load_many (BdStore       *store,
                        const gint64  *ids,
                        guint          n_ids,
                        GHashTable    *rows,
                        GError       **error)
{
  g_autofree char *today = bd_today_start_utc ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  stmt = bd_store_cached (store, BD_BACKORDER_SELECT " WHERE l.id IN (" P64 ")", error);
  if (stmt == NULL)
    return FALSE;

  for (guint start = 0; start < n_ids; start += PAGE)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      for (guint i = 0; i < PAGE && start + i < n_ids; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[start + i]);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          BdBackorder *row = g_hash_table_lookup (rows, &id);

          if (row != NULL)
            bd_backorder_update_from_stmt (row, stmt, today);
          else
            g_hash_table_insert (rows, g_memdup2 (&id, sizeof id),
                                 bd_backorder_new_from_stmt (stmt, today));
        }

      if (rc != SQLITE_DONE)
        {
          bd_store_set_sql_error (store, error, _("reading order lines"));
          sqlite3_reset (stmt);
          return FALSE;
        }
    }

  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether the line's fields are there: not for a placeholder a list shows
 * while it reads the line, nor for the empty row that stands in for a line
 * deleted meanwhile. Every line read has its uuid. */
gboolean
bd_backorder_is_read (BdBackorder *self)
{
  g_return_val_if_fail (BD_IS_BACKORDER (self), FALSE);
  return self->uuid != NULL;
}

#define GETTER(type, name, field) \
  type bd_backorder_get_##name (BdBackorder *self) \
  { \
    g_return_val_if_fail (BD_IS_BACKORDER (self), 0); \
    return self->field; \
  }

GETTER (gint64, id, id)
GETTER (const char *, uuid, uuid)
GETTER (const char *, ref, ref)
GETTER (const char *, order_ref, order_ref)
GETTER (const char *, ordered_at, ordered_at)
GETTER (const char *, customer_ref, customer_ref)
GETTER (const char *, customer_name, customer_name)
GETTER (const char *, customer_email, customer_email)
GETTER (const char *, sku, sku)
GETTER (const char *, product_name, product_name)
GETTER (int, quantity, quantity)
GETTER (int, short, short_quantity)
GETTER (const char *, status, status)
GETTER (int, priority, priority)
GETTER (const char *, promised_at, promised_at)
GETTER (const char *, shipped_at, shipped_at)
GETTER (const char *, cancelled_at, cancelled_at)
GETTER (const char *, cancel_reason, cancel_reason)
GETTER (gboolean, refunded, refunded)
GETTER (gboolean, has_price, has_price)
GETTER (gint64, unit_price, unit_price)
GETTER (const char *, currency, currency)
GETTER (gboolean, overdue, overdue)
GETTER (int, age_days, age_days)
GETTER (const char *, supplier_name, supplier_name)
GETTER (gboolean, has_open_complaint, has_open_complaint)
/* Why the team's server refused this line's change (a sync user's role
 * may not write it), or NULL: the change is kept here until the user
 * discards or sends it again (the Conflicts window). */
GETTER (const char *, refused_reason, refused_reason)
GETTER (gint64, product_id, product_id)
GETTER (int, covered, covered)
GETTER (int, allocated, allocated)
GETTER (const char *, stored_eta, stored_eta)
GETTER (const char *, eta, eta)
GETTER (gboolean, ship_complete, ship_complete)
GETTER (gint64, po_id, po_id)
GETTER (const char *, po_number, po_number)
GETTER (gint64, po_supplier_id, po_supplier_id)
GETTER (const char *, po_supplier_ref, po_supplier_ref)
GETTER (const char *, po_supplier_name, po_supplier_name)
GETTER (const char *, po_date, po_date)
GETTER (gint64, preferred_supplier_id, preferred_supplier_id)
GETTER (const char *, preferred_supplier_ref, preferred_supplier_ref)
GETTER (const char *, preferred_supplier_name, preferred_supplier_name)
GETTER (int, lead_time_days, lead_time_days)

#undef GETTER

gboolean
bd_backorder_is_open (BdBackorder *self)
{
  g_return_val_if_fail (BD_IS_BACKORDER (self), FALSE);
  return bd_status_is_open (self->status);
}

/* The expected date (YYYY-MM-DD, or NULL for none) that a list worked out
 * for the line when it loaded it (bd-backorder-source.c): a computed ETA
 * moves with today, so it is not a column of the row. */
void
bd_backorder_set_eta (BdBackorder *self,
                      const char  *eta)
{
  g_return_if_fail (BD_IS_BACKORDER (self));

  if (g_strcmp0 (self->eta, eta) == 0)
    return;

  g_free (self->eta);
  self->eta = g_strdup (eta);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
}
