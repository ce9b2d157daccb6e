/* bd-purchase-order.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-purchase-order"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-purchase-order.h"
#include "bd-row-source.h"

struct _BdPurchaseOrder
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *number;
  gint64 supplier_id;
  char *supplier_ref;
  char *supplier_name;
  char *status;
  char *currency;
  char *ordered_at;
  char *sent_at;
  char *confirmed_at;
  char *confirmed_date;
  char *expected_at;
  char *received_at;
  char *cancelled_at;
  char *note;
  int n_lines;
  gboolean has_value;
  gint64 value;
  gint64 quantity;
  gint64 quantity_received;
  char *refused_reason;   /* why the team's server refused its change, or NULL */
};

G_DEFINE_FINAL_TYPE (BdPurchaseOrder, bd_purchase_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_SUPPLIER_REF,
  PROP_SUPPLIER_NAME,
  PROP_STATUS,
  PROP_ORDERED_AT,
  PROP_CONFIRMED_DATE,
  PROP_EXPECTED_AT,
  PROP_N_LINES,
  PROP_VALUE,
  PROP_REFUSED_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bd_purchase_order_finalize (GObject *object)
{
  BdPurchaseOrder *self = (BdPurchaseOrder *)object;

  g_free (self->uuid);
  g_free (self->number);
  g_free (self->supplier_ref);
  g_free (self->supplier_name);
  g_free (self->status);
  g_free (self->currency);
  g_free (self->ordered_at);
  g_free (self->sent_at);
  g_free (self->confirmed_at);
  g_free (self->confirmed_date);
  g_free (self->expected_at);
  g_free (self->received_at);
  g_free (self->cancelled_at);
  g_free (self->note);
  g_free (self->refused_reason);

  G_OBJECT_CLASS (bd_purchase_order_parent_class)->finalize (object);
}

static void
bd_purchase_order_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BdPurchaseOrder *self = BD_PURCHASE_ORDER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_SUPPLIER_REF: g_value_set_string (value, self->supplier_ref); break;
    case PROP_SUPPLIER_NAME: g_value_set_string (value, self->supplier_name); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_ORDERED_AT: g_value_set_string (value, self->ordered_at); break;
    case PROP_CONFIRMED_DATE: g_value_set_string (value, self->confirmed_date); break;
    case PROP_EXPECTED_AT: g_value_set_string (value, self->expected_at); break;
    case PROP_N_LINES: g_value_set_int (value, self->n_lines); break;
    case PROP_VALUE: g_value_set_int64 (value, self->value); break;
    case PROP_REFUSED_REASON: g_value_set_string (value, self->refused_reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_purchase_order_class_init (BdPurchaseOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = bd_purchase_order_finalize;
  object_class->get_property = bd_purchase_order_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_SUPPLIER_REF] = g_param_spec_string ("supplier-ref", NULL, NULL, NULL, flags);
  properties[PROP_SUPPLIER_NAME] = g_param_spec_string ("supplier-name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_ORDERED_AT] = g_param_spec_string ("ordered-at", NULL, NULL, NULL, flags);
  properties[PROP_CONFIRMED_DATE] = g_param_spec_string ("confirmed-date", NULL, NULL, NULL, flags);
  properties[PROP_EXPECTED_AT] = g_param_spec_string ("expected-at", NULL, NULL, NULL, flags);
  properties[PROP_N_LINES] = g_param_spec_int ("n-lines", NULL, NULL, 0, G_MAXINT, 0, flags);
  /* in the minor units of its currency */
  properties[PROP_VALUE] = g_param_spec_int64 ("value", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_REFUSED_REASON] = g_param_spec_string ("refused-reason", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_purchase_order_init (BdPurchaseOrder *self)
{
}

static void
set_string (BdPurchaseOrder  *self,
            char            **field,
            sqlite3_stmt     *stmt,
            int               column,
            int               prop)
{
  const char *value = (const char *)sqlite3_column_text (stmt, column);

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (BdPurchaseOrder *self,
           gint64          *field,
           gint64           value,
           int              prop)
{
  if (*field == value)
    return;

  *field = value;
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Fills the row from BD_PURCHASE_ORDER_SELECT, notifying what changed, so
 * that a list keeps its item while its cells follow the store. */
void
bd_purchase_order_update_from_stmt (BdPurchaseOrder *self,
                                    sqlite3_stmt    *stmt)
{
  gint64 n_lines;

  g_return_if_fail (BD_IS_PURCHASE_ORDER (self));

  g_object_freeze_notify (G_OBJECT (self));

  set_int64 (self, &self->id, sqlite3_column_int64 (stmt, 0), PROP_ID);
  set_string (self, &self->uuid, stmt, 1, PROP_0);
  set_string (self, &self->number, stmt, 2, PROP_NUMBER);
  self->supplier_id = sqlite3_column_int64 (stmt, 3);
  set_string (self, &self->supplier_ref, stmt, 4, PROP_SUPPLIER_REF);
  set_string (self, &self->supplier_name, stmt, 5, PROP_SUPPLIER_NAME);
  set_string (self, &self->status, stmt, 6, PROP_STATUS);
  set_string (self, &self->currency, stmt, 7, PROP_0);
  set_string (self, &self->ordered_at, stmt, 8, PROP_ORDERED_AT);
  set_string (self, &self->sent_at, stmt, 9, PROP_0);
  set_string (self, &self->confirmed_at, stmt, 10, PROP_0);
  set_string (self, &self->confirmed_date, stmt, 11, PROP_CONFIRMED_DATE);
  set_string (self, &self->expected_at, stmt, 12, PROP_EXPECTED_AT);
  set_string (self, &self->received_at, stmt, 13, PROP_0);
  set_string (self, &self->cancelled_at, stmt, 14, PROP_0);
  set_string (self, &self->note, stmt, 15, PROP_0);
  n_lines = self->n_lines;
  set_int64 (self, &n_lines, sqlite3_column_int64 (stmt, 16), PROP_N_LINES);
  self->n_lines = (int)n_lines;
  self->has_value = sqlite3_column_type (stmt, 17) != SQLITE_NULL;
  set_int64 (self, &self->value, sqlite3_column_int64 (stmt, 17), PROP_VALUE);
  self->quantity = sqlite3_column_int64 (stmt, 18);
  self->quantity_received = sqlite3_column_int64 (stmt, 19);
  set_string (self, &self->refused_reason, stmt, 20, PROP_REFUSED_REASON);

  g_object_thaw_notify (G_OBJECT (self));
}

static GObject *
new_row (sqlite3_stmt *stmt,
         gpointer      user_data)
{
  BdPurchaseOrder *self = g_object_new (BD_TYPE_PURCHASE_ORDER, NULL);

  bd_purchase_order_update_from_stmt (self, stmt);
  return G_OBJECT (self);
}

static void
update_row (GObject      *row,
            sqlite3_stmt *stmt,
            gpointer      user_data)
{
  bd_purchase_order_update_from_stmt (BD_PURCHASE_ORDER (row), stmt);
}

/* Builds the POs @ids into @rows (id -> BdPurchaseOrder), refreshing those
 * already there. */
gboolean
bd_purchase_order_load_many (BdStore       *store,
                             const gint64  *ids,
                             guint          n_ids,
                             GHashTable    *rows,
                             GError       **error)
{
  return bd_row_load_pages (store, BD_PURCHASE_ORDER_SELECT " WHERE po.id IN " BD_ROW_PAGE_PARAMS,
                            ids, n_ids, rows, new_row, update_row, NULL, error);
}

BdPurchaseOrder *
bd_purchase_order_load (BdStore  *store,
                        gint64    id,
                        GError  **error)
{
  g_autoptr(GHashTable) rows = bd_row_table_new ();
  BdPurchaseOrder *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!bd_purchase_order_load_many (store, &id, 1, rows, error))
    return NULL;

  self = g_hash_table_lookup (rows, &id);
  if (self == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("The purchase order no longer exists"));
      return NULL;
    }

  return g_object_ref (self);
}

#define GETTER(type, name, field) \
  type bd_purchase_order_get_##name (BdPurchaseOrder *self) \
  { \
    g_return_val_if_fail (BD_IS_PURCHASE_ORDER (self), 0); \
    return self->field; \
  }

GETTER (gint64, id, id)
GETTER (const char *, uuid, uuid)
/* Why the team's server refused the PO's change (a sync user's role may
 * not write it), or NULL: kept here until discarded or sent again. */
GETTER (const char *, refused_reason, refused_reason)
GETTER (const char *, number, number)
GETTER (gint64, supplier_id, supplier_id)
GETTER (const char *, supplier_ref, supplier_ref)
GETTER (const char *, supplier_name, supplier_name)
GETTER (const char *, status, status)
GETTER (const char *, currency, currency)
GETTER (const char *, ordered_at, ordered_at)
GETTER (const char *, sent_at, sent_at)
GETTER (const char *, confirmed_at, confirmed_at)
GETTER (const char *, confirmed_date, confirmed_date)
GETTER (const char *, expected_at, expected_at)
GETTER (const char *, received_at, received_at)
GETTER (const char *, cancelled_at, cancelled_at)
GETTER (const char *, note, note)
GETTER (int, n_lines, n_lines)
GETTER (gboolean, has_value, has_value)
GETTER (gint64, value, value)
GETTER (gint64, quantity, quantity)
GETTER (gint64, quantity_received, quantity_received)

#undef GETTER
