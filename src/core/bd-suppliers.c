/* bd-suppliers.c: suppliers, their products and terms, their POs and
 * reliability; what the desk does to them; the POs to chase
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-suppliers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-suppliers.h"
#include "bd-team-settings.h"
#include "bd-util.h"

/* Dates of purchase orders: a date may be kept as a local date
 * (YYYY-MM-DD) or as a time in UTC; bd_local_day() reads both.
 *
 * - A PO is open from its draft until it is received or cancelled.
 * - The date a PO is expected is its expected date, else the date the
 *   supplier confirmed: the desk's latest word on it.
 * - Reliability is measured against what the supplier promised: the
 *   confirmed date, else the expected date.
 * - A PO line is received on the day of the receipt that completed it
 *   (its latest). A receipt purchase_orders.csv recorded for what came
 *   before the desk (policy "imported") says nothing of when it came: a
 *   line received only that way is not in the history. bd-eta.c reads the
 *   same lines for the range of expected dates; the two agree. */

#define RELIABILITY_DAYS 365

struct _BdSupplier
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *ref;
  char *name;
  char *contact_name;
  char *email;
  char *phone;
  int lead_time_days;
  gint64 minimum_order;
  gboolean archived;
  char *refused_reason;   /* why the team's server refused its change, or NULL */

  /* figures */
  guint open_pos;
  guint pos_to_chase;
  char *next_expected;
  double on_time_rate;
  guint lines_received;
};

G_DEFINE_FINAL_TYPE (BdSupplier, bd_supplier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REF,
  PROP_NAME,
  PROP_CONTACT_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_LEAD_TIME_DAYS,
  PROP_ARCHIVED,
  PROP_OPEN_POS,
  PROP_POS_TO_CHASE,
  PROP_NEXT_EXPECTED,
  PROP_ON_TIME_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bd_supplier_finalize (GObject *object)
{
  BdSupplier *self = (BdSupplier *)object;

  g_free (self->uuid);
  g_free (self->ref);
  g_free (self->name);
  g_free (self->contact_name);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->refused_reason);
  g_free (self->next_expected);

  G_OBJECT_CLASS (bd_supplier_parent_class)->finalize (object);
}

static void
bd_supplier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BdSupplier *self = BD_SUPPLIER (object);

  switch (prop_id)
    {
    case PROP_REF: g_value_set_string (value, self->ref); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_CONTACT_NAME: g_value_set_string (value, self->contact_name); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_PHONE: g_value_set_string (value, self->phone); break;
    case PROP_LEAD_TIME_DAYS: g_value_set_int (value, self->lead_time_days); break;
    case PROP_ARCHIVED: g_value_set_boolean (value, self->archived); break;
    case PROP_OPEN_POS: g_value_set_uint (value, self->open_pos); break;
    case PROP_POS_TO_CHASE: g_value_set_uint (value, self->pos_to_chase); break;
    case PROP_NEXT_EXPECTED: g_value_set_string (value, self->next_expected); break;
    case PROP_ON_TIME_RATE: g_value_set_double (value, self->on_time_rate); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_supplier_class_init (BdSupplierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bd_supplier_finalize;
  object_class->get_property = bd_supplier_get_property;

  properties[PROP_REF] = g_param_spec_string ("ref", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CONTACT_NAME] = g_param_spec_string ("contact-name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  /* -1: not known */
  properties[PROP_LEAD_TIME_DAYS] = g_param_spec_int ("lead-time-days", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, flags);
  properties[PROP_OPEN_POS] = g_param_spec_uint ("open-pos", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_POS_TO_CHASE] = g_param_spec_uint ("pos-to-chase", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* a local date, or NULL */
  properties[PROP_NEXT_EXPECTED] = g_param_spec_string ("next-expected", NULL, NULL, NULL, flags);
  /* 0 to 1, or -1 without history */
  properties[PROP_ON_TIME_RATE] = g_param_spec_double ("on-time-rate", NULL, NULL, -1, 1, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_supplier_init (BdSupplier *self)
{
  self->lead_time_days = -1;
  self->minimum_order = -1;
  self->on_time_rate = -1;
}

const char *
bd_supplier_get_uuid (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->uuid;
}

const char *
bd_supplier_get_ref (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->ref;
}

const char *
bd_supplier_get_name (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->name;
}

const char *
bd_supplier_get_contact_name (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->contact_name;
}

const char *
bd_supplier_get_email (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->email;
}

const char *
bd_supplier_get_phone (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->phone;
}

/* Why the team's server refused the supplier's change (a sync user's role
 * may not write it), or NULL: kept here until discarded or sent again. */
const char *
bd_supplier_get_refused_reason (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->refused_reason;
}

/* The supplier's default lead time, or -1 when not known. */
int
bd_supplier_get_lead_time_days (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), -1);
  return self->lead_time_days;
}

/* The least value of an order, in minor units of the database's default
 * currency, or -1 for none. */
gint64
bd_supplier_get_minimum_order (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), -1);
  return self->minimum_order;
}

gboolean
bd_supplier_get_archived (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), FALSE);
  return self->archived;
}

guint
bd_supplier_get_open_pos (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), 0);
  return self->open_pos;
}

guint
bd_supplier_get_pos_to_chase (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), 0);
  return self->pos_to_chase;
}

/* The earliest date an open, ordered PO of the supplier is expected (a
 * local date, maybe past), or NULL. */
const char *
bd_supplier_get_next_expected (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), NULL);
  return self->next_expected;
}

/* The share of PO lines received on time over the last 365 days, or -1
 * without any (bd_suppliers_reliability()). */
double
bd_supplier_get_on_time_rate (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), -1);
  return self->on_time_rate;
}

/* How many PO lines the on-time rate is of. */
guint
bd_supplier_get_lines_received (BdSupplier *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIER (self), 0);
  return self->lines_received;
}

void
bd_supplier_reliability_free (BdSupplierReliability *reliability)
{
  if (reliability == NULL)
    return;

  g_free (reliability->since);
  g_free (reliability->until);
  g_clear_pointer (&reliability->days_late, g_array_unref);
  g_free (reliability);
}

void
bd_supplier_product_free (gpointer data)
{
  BdSupplierProduct *product = data;

  g_free (product->uuid);
  g_free (product->sku);
  g_free (product->product_name);
  g_free (product->currency);
  g_free (product);
}

void
bd_supplier_po_free (gpointer data)
{
  BdSupplierPo *po = data;

  g_free (po->uuid);
  g_free (po->number);
  g_free (po->status);
  g_free (po->currency);
  g_free (po->ordered_at);
  g_free (po->sent_at);
  g_free (po->confirmed_date);
  g_free (po->expected_at);
  g_free (po->received_at);
  g_free (po->cancelled_at);
  g_free (po);
}

void
bd_chase_entry_free (gpointer data)
{
  BdChaseEntry *entry = data;

  g_free (entry->po_uuid);
  g_free (entry->po_number);
  g_free (entry->status);
  g_free (entry->supplier_ref);
  g_free (entry->supplier_name);
  g_free (entry->contact_name);
  g_free (entry->email);
  g_free (entry->phone);
  g_free (entry->since);
  g_free (entry);
}

/* As scripts see it (suppliers chase --json). */
const char *
bd_chase_reason_to_string (BdChaseReason reason)
{
  switch (reason)
    {
    case BD_CHASE_UNCONFIRMED: return "unconfirmed";
    case BD_CHASE_LATE: return "late";
    default: g_return_val_if_reached (NULL);
    }
}

static gint64
today (BdStore *store)
{
  g_autoptr(GDateTime) now = bd_store_now (store);
  g_autofree char *iso = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gint64 day = 0;

  bd_local_day (iso, &day);
  return day;
}

static gboolean
step_error (BdStore  *store,
            int       rc,
            GError  **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;

  bd_store_set_sql_error (store, error, _("reading suppliers"));
  return FALSE;
}

#define SUPPLIER_COLUMNS \
  "id, uuid, ref, name, contact_name, email, phone, lead_time_days, minimum_order, archived," \
  " (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'supplier:' || suppliers.uuid)"

static BdSupplier *
supplier_from_row (sqlite3_stmt *stmt)
{
  BdSupplier *supplier = g_object_new (BD_TYPE_SUPPLIER, NULL);

  supplier->id = sqlite3_column_int64 (stmt, 0);
  supplier->uuid = bd_stmt_dup_text (stmt, 1);
  supplier->ref = bd_stmt_dup_text (stmt, 2);
  supplier->name = bd_stmt_dup_text (stmt, 3);
  supplier->contact_name = bd_stmt_dup_text (stmt, 4);
  supplier->email = bd_stmt_dup_text (stmt, 5);
  supplier->phone = bd_stmt_dup_text (stmt, 6);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    supplier->lead_time_days = sqlite3_column_int (stmt, 7);
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    supplier->minimum_order = sqlite3_column_int64 (stmt, 8);
  supplier->archived = sqlite3_column_int (stmt, 9) != 0;
  supplier->refused_reason = bd_stmt_dup_text (stmt, 10);

  return supplier;
}

/* One PO line received in full, and when it was due. */
typedef struct
{
  gint64 supplier_id;
  gint64 received_day;
  int days_late;
} ReceivedLine;

static int
compare_received (gconstpointer a,
                  gconstpointer b)
{
  const ReceivedLine *x = a, *y = b;

  return x->received_day < y->received_day ? -1 : x->received_day > y->received_day;
}

/* The PO lines received in full over the 365 days to today, of one
 * supplier or (@supplier_id 0) of all, by the day they were received. */
static GArray *
received_lines (BdStore  *store,
                gint64    supplier_id,
                gint64    first_day,
                gint64    last_day,
                GError  **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (ReceivedLine));
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT po.supplier_id, coalesce(po.confirmed_date, po.expected_at),"
                           "  (SELECT max(r.received_at) FROM receipt_lines rl"
                           "   JOIN receipts r ON r.id = rl.receipt_id"
                           "   WHERE rl.po_line_id = pl.id AND rl.deleted = 0 AND r.deleted = 0"
                           "    AND coalesce(r.policy, '') <> 'imported')"
                           " FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id"
                           " WHERE pl.deleted = 0 AND po.deleted = 0 AND pl.quantity_received >= pl.quantity"
                           "  AND (?1 = 0 OR po.supplier_id = ?1)",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, supplier_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReceivedLine line;
      gint64 due;

      if (!bd_local_day ((const char *)sqlite3_column_text (stmt, 1), &due) ||
          !bd_local_day ((const char *)sqlite3_column_text (stmt, 2), &line.received_day) ||
          line.received_day < first_day || line.received_day > last_day)
        continue;

      line.supplier_id = sqlite3_column_int64 (stmt, 0);
      line.days_late = (int)(line.received_day - due);
      g_array_append_val (lines, line);
    }
  if (!step_error (store, rc, error))
    return NULL;

  g_array_sort (lines, compare_received);
  return g_steal_pointer (&lines);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *)a, y = *(const int *)b;

  return x < y ? -1 : x > y;
}

/* The figures of @days_late (received - due per line). */
static void
summarize (BdSupplierReliability *reliability)
{
  GArray *days = reliability->days_late;
  g_autoptr(GArray) late = g_array_sized_new (FALSE, FALSE, sizeof (int), days->len);
  double sum = 0;

  reliability->lines = days->len;
  reliability->on_time = 0;
  reliability->on_time_rate = -1;
  reliability->mean_days_late = 0;
  reliability->p90_days_late = 0;
  if (days->len == 0)
    return;

  for (guint i = 0; i < days->len; i++)
    {
      int d = MAX (0, g_array_index (days, int, i));

      if (d == 0)
        reliability->on_time++;
      sum += d;
      g_array_append_val (late, d);
    }

  g_array_sort (late, compare_ints);
  reliability->on_time_rate = (double)reliability->on_time / days->len;
  reliability->mean_days_late = sum / days->len;
  /* nearest rank: the smallest value at least 90% of the lines reach */
  reliability->p90_days_late = g_array_index (late, int, (days->len * 9 + 9) / 10 - 1);
}

static BdSupplierReliability *
reliability_new (gint64 first_day,
                 gint64 last_day)
{
  BdSupplierReliability *reliability = g_new0 (BdSupplierReliability, 1);

  reliability->since = bd_day_to_date (first_day);
  reliability->until = bd_day_to_date (last_day);
  reliability->days_late = g_array_new (FALSE, FALSE, sizeof (int));
  return reliability;
}

/**
 * bd_suppliers_reliability:
 * @supplier: (nullable): a supplier, or %NULL for all suppliers together
 *
 * How reliably @supplier delivered over the last 365 days (today and the
 * 364 days before it): of its PO lines received in full on those days,
 * the share received by the date it confirmed (else the expected date),
 * and the mean and 90th percentile of the days they were late.
 */
BdSupplierReliability *
bd_suppliers_reliability (BdStore     *store,
                          BdSupplier  *supplier,
                          GError     **error)
{
  g_autoptr(BdSupplierReliability) reliability = NULL;
  g_autoptr(GArray) lines = NULL;
  gint64 last_day, first_day;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (supplier == NULL || BD_IS_SUPPLIER (supplier), NULL);

  last_day = today (store);
  first_day = last_day - (RELIABILITY_DAYS - 1);
  lines = received_lines (store, supplier ? supplier->id : 0, first_day, last_day, error);
  if (lines == NULL)
    return NULL;

  reliability = reliability_new (first_day, last_day);
  for (guint i = 0; i < lines->len; i++)
    g_array_append_val (reliability->days_late, g_array_index (lines, ReceivedLine, i).days_late);
  summarize (reliability);

  return g_steal_pointer (&reliability);
}

/* A PO still open, as the chase list and the figures need it. */
typedef struct
{
  gint64 supplier_id;
  char *uuid;
  char *number;
  char *status;
  char *sent;                 /* sent_at, else ordered_at */
  char *expected;             /* expected_at, else confirmed_date */
  gint64 quantity;
  gint64 quantity_received;
} OpenPo;

static void
open_po_free (gpointer data)
{
  OpenPo *po = data;

  g_free (po->uuid);
  g_free (po->number);
  g_free (po->status);
  g_free (po->sent);
  g_free (po->expected);
  g_free (po);
}

static GPtrArray *
open_pos (BdStore  *store,
          GError  **error)
{
  g_autoptr(GPtrArray) pos = g_ptr_array_new_with_free_func (open_po_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT po.supplier_id, po.uuid, po.number, po.status,"
                           "  coalesce(po.sent_at, po.ordered_at), coalesce(po.expected_at, po.confirmed_date),"
                           "  (SELECT total(quantity) FROM po_lines WHERE po_id = po.id AND deleted = 0),"
                           "  (SELECT total(quantity_received) FROM po_lines WHERE po_id = po.id AND deleted = 0)"
                           " FROM purchase_orders po"
                           " WHERE po.deleted = 0 AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received')"
                           " ORDER BY po.number",
                           error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpenPo *po = g_new0 (OpenPo, 1);

      po->supplier_id = sqlite3_column_int64 (stmt, 0);
      po->uuid = bd_stmt_dup_text (stmt, 1);
      po->number = bd_stmt_dup_text (stmt, 2);
      po->status = bd_stmt_dup_text (stmt, 3);
      po->sent = bd_stmt_dup_text (stmt, 4);
      po->expected = bd_stmt_dup_text (stmt, 5);
      po->quantity = sqlite3_column_int64 (stmt, 6);
      po->quantity_received = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (pos, po);
    }
  if (!step_error (store, rc, error))
    return NULL;

  return g_steal_pointer (&pos);
}

/* Whether @po is to be chased today (@today_day), and why. */
static gboolean
po_to_chase (const OpenPo  *po,
             gint64         today_day,
             gint64         chase_days,
             BdChaseReason *reason,
             int           *days,
             gint64        *since_day)
{
  gint64 day;

  if (g_str_equal (po->status, "sent"))
    {
      if (!bd_local_day (po->sent, &day) || today_day - day < chase_days)
        return FALSE;
      *reason = BD_CHASE_UNCONFIRMED;
      *days = (int)(today_day - day);
      *since_day = day;
      return TRUE;
    }

  if (g_str_equal (po->status, "confirmed") || g_str_equal (po->status, "partially_received"))
    {
      if (!bd_local_day (po->expected, &day) || today_day <= day || po->quantity_received >= po->quantity)
        return FALSE;
      *reason = BD_CHASE_LATE;
      *days = (int)(today_day - day);
      *since_day = day;
      return TRUE;
    }

  return FALSE;
}

static GPtrArray *
load_suppliers (BdStore     *store,
                const char  *where,
                const char  *param,
                GError     **error)
{
  g_autoptr(GPtrArray) suppliers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = g_strconcat ("SELECT " SUPPLIER_COLUMNS " FROM suppliers WHERE deleted = 0",
                                      where, " ORDER BY name COLLATE NOCASE, ref", NULL);
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (suppliers, supplier_from_row (stmt));
  if (!step_error (store, rc, error))
    return NULL;

  return g_steal_pointer (&suppliers);
}

/* Fills in the figures of @suppliers: open POs, POs to chase, the next
 * delivery expected, the on-time rate. */
static gboolean
add_figures (BdStore    *store,
             GPtrArray  *suppliers,
             GError    **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) reliabilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                               (GDestroyNotify)bd_supplier_reliability_free);
  g_autoptr(GPtrArray) pos = NULL;
  g_autoptr(GArray) lines = NULL;
  gint64 today_day = today (store);
  gint64 chase_days = bd_team_settings_get_int (store, BD_TEAM_SETTING_CHASE_DAYS);
  gint64 first_day = today_day - (RELIABILITY_DAYS - 1);

  for (guint i = 0; i < suppliers->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (suppliers, i);

      g_hash_table_insert (by_id, &supplier->id, supplier);
    }

  if (!(pos = open_pos (store, error)))
    return FALSE;

  for (guint i = 0; i < pos->len; i++)
    {
      OpenPo *po = g_ptr_array_index (pos, i);
      BdSupplier *supplier = g_hash_table_lookup (by_id, &po->supplier_id);
      BdChaseReason reason;
      int days;
      gint64 day;

      if (supplier == NULL)
        continue;

      supplier->open_pos++;
      if (po_to_chase (po, today_day, chase_days, &reason, &days, &day))
        supplier->pos_to_chase++;

      /* a draft is not ordered yet: nothing is on its way */
      if (!g_str_equal (po->status, "draft") && bd_local_day (po->expected, &day))
        {
          g_autofree char *date = bd_day_to_date (day);

          if (supplier->next_expected == NULL || strcmp (date, supplier->next_expected) < 0)
            {
              g_free (supplier->next_expected);
              supplier->next_expected = g_steal_pointer (&date);
            }
        }
    }

  if (!(lines = received_lines (store, 0, first_day, today_day, error)))
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      ReceivedLine *line = &g_array_index (lines, ReceivedLine, i);
      BdSupplierReliability *reliability = g_hash_table_lookup (reliabilities, &line->supplier_id);

      if (reliability == NULL)
        {
          BdSupplier *supplier = g_hash_table_lookup (by_id, &line->supplier_id);

          if (supplier == NULL)
            continue;
          reliability = reliability_new (first_day, today_day);
          g_hash_table_insert (reliabilities, &supplier->id, reliability);
        }
      g_array_append_val (reliability->days_late, line->days_late);
    }

  for (guint i = 0; i < suppliers->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (suppliers, i);
      BdSupplierReliability *reliability = g_hash_table_lookup (reliabilities, &supplier->id);

      if (reliability == NULL)
        continue;
      summarize (reliability);
      supplier->on_time_rate = reliability->on_time_rate;
      supplier->lines_received = reliability->lines;
    }

  return TRUE;
}

/**
 * bd_suppliers_list:
 * @include_archived: whether to list archived suppliers too
 *
 * The suppliers by name, each with its figures: open POs, POs to chase,
 * the next delivery expected and the on-time rate.
 *
 * Returns: (transfer container) (element-type BdSupplier)
 */
GPtrArray *
bd_suppliers_list (BdStore   *store,
                   gboolean   include_archived,
                   GError   **error)
{
  g_autoptr(GPtrArray) suppliers = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  suppliers = load_suppliers (store, include_archived ? "" : " AND archived = 0", NULL, error);
  if (suppliers == NULL || !add_figures (store, suppliers, error))
    return NULL;

  return g_steal_pointer (&suppliers);
}

/* The supplier @ref names, without figures: by its reference, else by its
 * name in any case (as people say it). */
static BdSupplier *
find_supplier (BdStore     *store,
               const char  *ref,
               GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *folded = NULL;

  if (ref == NULL || *ref == '\0')
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("No supplier is given"));
      return NULL;
    }

  if (!(found = load_suppliers (store, " AND ref = ?1", ref, error)))
    return NULL;
  if (found->len == 1)
    return g_object_ref (g_ptr_array_index (found, 0));

  if (!(all = load_suppliers (store, "", NULL, error)))
    return NULL;

  folded = g_utf8_casefold (ref, -1);
  for (guint i = 0; i < all->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (all, i);
      g_autofree char *name = g_utf8_casefold (supplier->name, -1);

      if (g_str_equal (name, folded))
        g_ptr_array_add (found, g_object_ref (supplier));
    }

  if (found->len == 1)
    return g_object_ref (g_ptr_array_index (found, 0));

  if (found->len > 1)
    {
      g_autoptr(GString) refs = g_string_new (NULL);

      for (guint i = 0; i < found->len; i++)
        g_string_append_printf (refs, "%s%s", i ? ", " : "", ((BdSupplier *)g_ptr_array_index (found, i))->ref);
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_AMBIGUOUS,
                   _("More than one supplier is called “%s”: give the reference of the one you mean (%s)"),
                   ref, refs->str);
      return NULL;
    }

  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
               _("There is no supplier “%s” (expected its reference or its name)"), ref);
  return NULL;
}

/**
 * bd_suppliers_find:
 * @ref: a supplier's reference, or its name in any case
 *
 * One supplier with its figures, archived or not.
 */
BdSupplier *
bd_suppliers_find (BdStore     *store,
                   const char  *ref,
                   GError     **error)
{
  g_autoptr(BdSupplier) supplier = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!(supplier = find_supplier (store, ref, error)))
    return NULL;

  g_ptr_array_add (one, supplier);
  if (!add_figures (store, one, error))
    return NULL;

  return g_steal_pointer (&supplier);
}

/**
 * bd_suppliers_list_products:
 *
 * The products @supplier delivers, by SKU, with its terms for each.
 *
 * Returns: (transfer container) (element-type BdSupplierProduct)
 */
GPtrArray *
bd_suppliers_list_products (BdStore     *store,
                            BdSupplier  *supplier,
                            GError     **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (bd_supplier_product_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (BD_IS_SUPPLIER (supplier), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT ps.uuid, p.sku, p.name, ps.unit_cost, ps.currency, ps.lead_time_days,"
                           "  ps.moq, ps.pack_size, p.pack_size, ps.preferred"
                           " FROM product_suppliers ps JOIN products p ON p.id = ps.product_id"
                           " WHERE ps.supplier_id = ? AND ps.deleted = 0 AND p.deleted = 0"
                           " ORDER BY p.sku",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, supplier->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdSupplierProduct *product = g_new0 (BdSupplierProduct, 1);

      product->uuid = bd_stmt_dup_text (stmt, 0);
      product->sku = bd_stmt_dup_text (stmt, 1);
      product->product_name = bd_stmt_dup_text (stmt, 2);
      product->has_unit_cost = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      product->unit_cost = sqlite3_column_int64 (stmt, 3);
      product->currency = bd_stmt_dup_text (stmt, 4);
      product->lead_time_days = sqlite3_column_type (stmt, 5) != SQLITE_NULL ? sqlite3_column_int (stmt, 5) : -1;
      product->moq = sqlite3_column_type (stmt, 6) != SQLITE_NULL ? sqlite3_column_int (stmt, 6) : -1;
      product->pack_size = sqlite3_column_type (stmt, 7) != SQLITE_NULL ? sqlite3_column_int (stmt, 7) : -1;
      product->product_pack_size = sqlite3_column_int (stmt, 8);
      product->preferred = sqlite3_column_int (stmt, 9) != 0;
      g_ptr_array_add (products, product);
    }
  if (!step_error (store, rc, error))
    return NULL;

  return g_steal_pointer (&products);
}

/**
 * bd_suppliers_list_pos:
 *
 * The purchase orders of @supplier, the newest first.
 *
 * Returns: (transfer container) (element-type BdSupplierPo)
 */
GPtrArray *
bd_suppliers_list_pos (BdStore     *store,
                       BdSupplier  *supplier,
                       GError     **error)
{
  g_autoptr(GPtrArray) pos = g_ptr_array_new_with_free_func (bd_supplier_po_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (BD_IS_SUPPLIER (supplier), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT po.uuid, po.number, po.status, po.currency, po.ordered_at, po.sent_at,"
                           "  po.confirmed_date, po.expected_at, po.received_at, po.cancelled_at,"
                           "  count(pl.id), total(pl.quantity), total(pl.quantity_received),"
                           "  total(pl.quantity * coalesce(pl.unit_cost, 0))"
                           " FROM purchase_orders po LEFT JOIN po_lines pl ON pl.po_id = po.id AND pl.deleted = 0"
                           " WHERE po.supplier_id = ? AND po.deleted = 0"
                           " GROUP BY po.id ORDER BY po.ordered_at DESC, po.number DESC",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, supplier->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdSupplierPo *po = g_new0 (BdSupplierPo, 1);

      po->uuid = bd_stmt_dup_text (stmt, 0);
      po->number = bd_stmt_dup_text (stmt, 1);
      po->status = bd_stmt_dup_text (stmt, 2);
      po->currency = bd_stmt_dup_text (stmt, 3);
      po->ordered_at = bd_stmt_dup_text (stmt, 4);
      po->sent_at = bd_stmt_dup_text (stmt, 5);
      po->confirmed_date = bd_stmt_dup_text (stmt, 6);
      po->expected_at = bd_stmt_dup_text (stmt, 7);
      po->received_at = bd_stmt_dup_text (stmt, 8);
      po->cancelled_at = bd_stmt_dup_text (stmt, 9);
      po->lines = sqlite3_column_int (stmt, 10);
      po->quantity = sqlite3_column_int64 (stmt, 11);
      po->quantity_received = sqlite3_column_int64 (stmt, 12);
      po->value = sqlite3_column_int64 (stmt, 13);
      g_ptr_array_add (pos, po);
    }
  if (!step_error (store, rc, error))
    return NULL;

  return g_steal_pointer (&pos);
}

static int
compare_chase (gconstpointer a,
               gconstpointer b)
{
  const BdChaseEntry *x = *(BdChaseEntry * const *)a;
  const BdChaseEntry *y = *(BdChaseEntry * const *)b;
  g_autofree char *x_name = g_utf8_collate_key (x->supplier_name ? x->supplier_name : "", -1);
  g_autofree char *y_name = g_utf8_collate_key (y->supplier_name ? y->supplier_name : "", -1);
  int cmp = strcmp (x_name, y_name);

  if (cmp != 0)
    return cmp;
  if ((cmp = g_strcmp0 (x->supplier_ref, y->supplier_ref)) != 0)
    return cmp;
  if (x->days != y->days)
    return x->days > y->days ? -1 : 1;
  return g_strcmp0 (x->po_number, y->po_number);
}

/**
 * bd_suppliers_chase:
 *
 * The purchasing clerk's morning list: POs sent and not confirmed after
 * the team's chase days (counted in local days from the day it was
 * sent), and confirmed POs past their expected date and not fully
 * received. By supplier, so that one call covers all of a supplier's,
 * then the longest waiting first.
 *
 * Returns: (transfer container) (element-type BdChaseEntry)
 */
GPtrArray *
bd_suppliers_chase (BdStore  *store,
                    GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (bd_chase_entry_free);
  g_autoptr(GPtrArray) suppliers = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) pos = NULL;
  gint64 today_day;
  gint64 chase_days;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  /* archived suppliers too: their open POs still come */
  if (!(suppliers = load_suppliers (store, "", NULL, error)) || !(pos = open_pos (store, error)))
    return NULL;

  for (guint i = 0; i < suppliers->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (suppliers, i);

      g_hash_table_insert (by_id, &supplier->id, supplier);
    }

  today_day = today (store);
  chase_days = bd_team_settings_get_int (store, BD_TEAM_SETTING_CHASE_DAYS);
  for (guint i = 0; i < pos->len; i++)
    {
      OpenPo *po = g_ptr_array_index (pos, i);
      BdSupplier *supplier = g_hash_table_lookup (by_id, &po->supplier_id);
      BdChaseEntry *entry;
      BdChaseReason reason;
      gint64 since_day;
      int days;

      if (supplier == NULL || !po_to_chase (po, today_day, chase_days, &reason, &days, &since_day))
        continue;

      entry = g_new0 (BdChaseEntry, 1);
      entry->reason = reason;
      entry->po_uuid = g_strdup (po->uuid);
      entry->po_number = g_strdup (po->number);
      entry->status = g_strdup (po->status);
      entry->supplier_ref = g_strdup (supplier->ref);
      entry->supplier_name = g_strdup (supplier->name);
      entry->contact_name = g_strdup (supplier->contact_name);
      entry->email = g_strdup (supplier->email);
      entry->phone = g_strdup (supplier->phone);
      entry->since = reason == BD_CHASE_UNCONFIRMED ? g_strdup (po->sent) : bd_day_to_date (since_day);
      entry->days = days;
      entry->quantity = po->quantity;
      entry->quantity_received = po->quantity_received;
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_chase);
  return g_steal_pointer (&entries);
}

/* The desk's changes: one transaction each, an event per field. */

typedef struct
{
  BdStore *store;
  char *batch;
  char *now;
} Change;

static gboolean
change_begin (Change   *change,
              BdStore  *store,
              GError  **error)
{
  if (!bd_store_begin (store, error))
    return FALSE;

  change->store = store;
  change->batch = bd_store_new_uuid (store);
  change->now = bd_store_now_iso (store);
  return TRUE;
}

static gboolean
change_finish (Change   *change,
               gboolean  ok,
               char    **batch,
               GError  **error)
{
  if (ok)
    {
      bd_store_emit_changed_tables (change->store, (const char * const[]) {
                                      "suppliers", "product_suppliers", "events", NULL });
      ok = bd_store_commit (change->store, error);
    }
  else
    bd_store_rollback (change->store);

  if (ok && batch != NULL)
    *batch = g_steal_pointer (&change->batch);

  g_clear_pointer (&change->batch, g_free);
  g_clear_pointer (&change->now, g_free);
  return ok;
}

/* Sets @column (a name from this file, never from input) of one row and
 * logs it, if it really changes. */
static gboolean
set_column (Change      *change,
            const char  *action,
            const char  *table,
            gint64       id,
            const char  *uuid,
            const char  *column,
            const char  *old_value,
            const char  *new_value,
            GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(BdStmt) stmt = NULL;

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  sql = g_strdup_printf ("UPDATE %s SET %s = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3", table, column);
  if (!(stmt = bd_store_prepare (change->store, sql, error)))
    return FALSE;

  /* numbers as numbers, as the import stores them */
  if (new_value == NULL)
    sqlite3_bind_null (stmt, 1);
  else if (g_str_equal (column, "lead_time_days") || g_str_equal (column, "minimum_order") ||
           g_str_equal (column, "unit_cost") || g_str_equal (column, "moq") ||
           g_str_equal (column, "pack_size") || g_str_equal (column, "preferred") ||
           g_str_equal (column, "archived") || g_str_equal (column, "set_as_link") ||
           g_str_equal (column, "deleted"))
    sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (new_value, NULL, 10));
  else
    sqlite3_bind_text (stmt, 1, new_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);

  return bd_store_step_done (change->store, stmt, error) &&
         bd_store_add_event (change->store, change->batch, action, table, uuid, 0,
                             column, old_value, new_value, error);
}

/* @text as a field of the store: NULL for "", the text without the spaces
 * around it otherwise. */
static char *
clean_text (const char *text)
{
  char *clean = g_strstrip (g_strdup (text));

  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);

  return clean;
}

/* A number field as stored text: NULL for "", FALSE with an error naming
 * @what when it is not a whole number in [min, max]. */
static gboolean
check_number (const char  *text,
              const char  *what,
              gint64       min,
              gint64       max,
              char       **value,
              GError     **error)
{
  g_autofree char *clean = clean_text (text);
  g_autofree char *expected = NULL;
  gint64 number;

  *value = NULL;
  if (clean == NULL)
    return TRUE;

  if (!bd_parse_int (clean, min, max, &number, &expected))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The %s expects %s, found “%s”"), what, expected, text);
      return FALSE;
    }

  *value = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return TRUE;
}

static gboolean
check_money (const char  *text,
             const char  *what,
             const char  *currency,
             char       **value,
             GError     **error)
{
  g_autofree char *clean = clean_text (text);
  const char *expected;
  gint64 minor;

  *value = NULL;
  if (clean == NULL)
    return TRUE;

  if (!bd_parse_money (clean, bd_currency_exponent (currency), &minor, &expected) || minor < 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The %s expects %s in %s, found “%s”"), what,
                   minor < 0 ? _("an amount of 0 or more") : _(expected), currency, text);
      return FALSE;
    }

  *value = g_strdup_printf ("%" G_GINT64_FORMAT, minor);
  return TRUE;
}

/* The supplier's stored fields, in the order of supplier_columns[]. */
static const char * const supplier_columns[] = {
  "name", "contact_name", "email", "phone", "lead_time_days", "minimum_order",
};

/* @fields checked and as the store keeps them: NULL where kept (given
 * NULL), "\0"-less NULL-able values otherwise in @values, @given set. */
static gboolean
check_supplier_fields (BdStore                *store,
                       const BdSupplierFields *fields,
                       char                  **values,
                       gboolean               *given,
                       GError                **error)
{
  g_autofree char *currency = bd_store_get_default_currency (store);
  const char *texts[] = {
    fields->name, fields->contact_name, fields->email, fields->phone,
    fields->lead_time_days, fields->minimum_order,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      given[i] = texts[i] != NULL;
      values[i] = NULL;
      if (!given[i])
        continue;

      if (!g_utf8_validate (texts[i], -1, NULL))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("The supplier’s %s is not text"), supplier_columns[i]);
          return FALSE;
        }

      if (i == 4)
        {
          if (!check_number (texts[i], _("lead time in days"), 0, 3650, &values[i], error))
            return FALSE;
        }
      else if (i == 5)
        {
          if (!check_money (texts[i], _("minimum order"), currency, &values[i], error))
            return FALSE;
        }
      else
        values[i] = clean_text (texts[i]);
    }

  if (given[0] && values[0] == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("A supplier needs a name"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_supplier_fields (Change      *change,
                       const char  *action,
                       BdSupplier  *supplier,
                       char       **values,
                       gboolean    *given,
                       GError     **error)
{
  g_autofree char *lead = supplier->lead_time_days >= 0
                            ? g_strdup_printf ("%d", supplier->lead_time_days) : NULL;
  g_autofree char *minimum = supplier->minimum_order >= 0
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, supplier->minimum_order) : NULL;
  const char *old_values[] = {
    supplier->name, supplier->contact_name, supplier->email, supplier->phone, lead, minimum,
  };

  for (guint i = 0; i < G_N_ELEMENTS (supplier_columns); i++)
    if (given[i] && !set_column (change, action, "suppliers", supplier->id, supplier->uuid,
                                 supplier_columns[i], old_values[i], values[i], error))
      return FALSE;

  return TRUE;
}

static void
free_values (char   **values,
             guint    n)
{
  for (guint i = 0; i < n; i++)
    g_free (values[i]);
}

/**
 * bd_suppliers_create:
 * @ref: the new supplier's reference: unique, the key suppliers.csv
 *   matches rows by
 *
 * Adds a supplier; @fields must give it a name.
 */
gboolean
bd_suppliers_create (BdStore                 *store,
                     const char              *ref,
                     const BdSupplierFields  *fields,
                     char                   **batch,
                     GError                 **error)
{
  char *values[G_N_ELEMENTS (supplier_columns)] = { NULL, };
  gboolean given[G_N_ELEMENTS (supplier_columns)];
  g_autofree char *clean_ref = clean_text (ref ? ref : "");
  g_autofree char *uuid = NULL;
  g_autoptr(BdSupplier) existing = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  Change change = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (clean_ref == NULL || !g_utf8_validate (clean_ref, -1, NULL))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("A supplier needs a reference, like SUP-1"));
      return FALSE;
    }
  if (fields->name == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("A supplier needs a name"));
      return FALSE;
    }
  if (!check_supplier_fields (store, fields, values, given, error))
    {
      free_values (values, G_N_ELEMENTS (values));
      return FALSE;
    }

  if (!change_begin (&change, store, error))
    {
      free_values (values, G_N_ELEMENTS (values));
      return FALSE;
    }

  /* a tombstoned row still holds its reference */
  stmt = bd_store_prepare (store, "SELECT deleted FROM suppliers WHERE ref = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, clean_ref, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("There is a supplier “%s” already: give another reference"), clean_ref);
          ok = FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (ok)
    {
      uuid = bd_store_new_uuid (store);
      stmt = bd_store_prepare (store,
                               "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?4)", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, clean_ref, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, values[0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, change.now, -1, SQLITE_STATIC);
      ok = bd_store_step_done (store, stmt, error) &&
           bd_store_add_event (store, change.batch, "supplier-create", "suppliers", uuid, 0,
                               "ref", NULL, clean_ref, error);
    }
  if (ok)
    existing = find_supplier (store, clean_ref, error);
  ok = ok && existing != NULL;
  /* the name is in; the rest like an edit */
  given[0] = FALSE;
  ok = ok && write_supplier_fields (&change, "supplier-create", existing, values, given, error);

  free_values (values, G_N_ELEMENTS (values));
  return change_finish (&change, ok, batch, error);
}

/**
 * bd_suppliers_edit:
 *
 * Changes what @fields gives of a supplier (its reference stays: it is
 * the key of suppliers.csv and of products.csv's supplier_ref).
 */
gboolean
bd_suppliers_edit (BdStore                 *store,
                   const char              *ref,
                   const BdSupplierFields  *fields,
                   char                   **batch,
                   GError                 **error)
{
  char *values[G_N_ELEMENTS (supplier_columns)] = { NULL, };
  gboolean given[G_N_ELEMENTS (supplier_columns)];
  g_autoptr(BdSupplier) supplier = NULL;
  Change change = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!check_supplier_fields (store, fields, values, given, error))
    {
      free_values (values, G_N_ELEMENTS (values));
      return FALSE;
    }

  if (!change_begin (&change, store, error))
    {
      free_values (values, G_N_ELEMENTS (values));
      return FALSE;
    }

  supplier = find_supplier (store, ref, error);
  ok = supplier != NULL &&
       write_supplier_fields (&change, "supplier-edit", supplier, values, given, error);

  free_values (values, G_N_ELEMENTS (values));
  return change_finish (&change, ok, batch, error);
}

/**
 * bd_suppliers_set_archived:
 *
 * Archives a supplier the shop no longer buys from, or brings one back.
 * An archived supplier is left out of the list of suppliers and gets no
 * new purchase orders; one with open POs cannot be archived (receive or
 * cancel them first). Archiving unsets it as the preferred supplier of
 * its products, and marks its links as the desk's, so that products.csv
 * does not make it preferred again.
 */
gboolean
bd_suppliers_set_archived (BdStore     *store,
                           const char  *ref,
                           gboolean     archived,
                           char       **batch,
                           GError     **error)
{
  g_autoptr(BdSupplier) supplier = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  Change change = { 0, };
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!change_begin (&change, store, error))
    return FALSE;

  supplier = find_supplier (store, ref, error);
  ok = supplier != NULL;

  if (ok && archived)
    {
      g_autoptr(GString) numbers = g_string_new (NULL);
      guint n = 0;

      stmt = bd_store_prepare (store,
                               "SELECT number FROM purchase_orders WHERE supplier_id = ? AND deleted = 0"
                               " AND status IN ('draft', 'sent', 'confirmed', 'partially_received')"
                               " ORDER BY number", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, supplier->id);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              if (n++ < 5)
                g_string_append_printf (numbers, "%s%s", n > 1 ? ", " : "", sqlite3_column_text (stmt, 0));
            }
          g_clear_pointer (&stmt, sqlite3_finalize);
        }
      if (ok && n > 0)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Supplier “%s” has %u open purchase order (%s%s): receive or cancel "
                                    "it before archiving the supplier",
                                    "Supplier “%s” has %u open purchase orders (%s%s): receive or cancel "
                                    "them before archiving the supplier",
                                    n),
                       supplier->ref, n, numbers->str, n > 5 ? ", …" : "");
          ok = FALSE;
        }
    }

  if (ok)
    ok = set_column (&change, archived ? "supplier-archive" : "supplier-unarchive", "suppliers",
                     supplier->id, supplier->uuid, "archived", supplier->archived ? "1" : "0",
                     archived ? "1" : "0", error);

  if (ok && archived)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) preferred = g_array_new (FALSE, FALSE, sizeof (gboolean));
      g_autoptr(GArray) marked = g_array_new (FALSE, FALSE, sizeof (gboolean));

      stmt = bd_store_prepare (store, "SELECT id, uuid, preferred, set_as_link FROM product_suppliers"
                                      " WHERE supplier_id = ? AND deleted = 0", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, supplier->id);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);
              gboolean p = sqlite3_column_int (stmt, 2) != 0;
              gboolean m = sqlite3_column_int (stmt, 3) != 0;

              g_array_append_val (ids, id);
              g_ptr_array_add (uuids, bd_stmt_dup_text (stmt, 1));
              g_array_append_val (preferred, p);
              g_array_append_val (marked, m);
            }
        }

      for (guint i = 0; ok && i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          const char *uuid = g_ptr_array_index (uuids, i);

          ok = set_column (&change, "supplier-archive", "product_suppliers", id, uuid, "preferred",
                           g_array_index (preferred, gboolean, i) ? "1" : "0", "0", error) &&
               set_column (&change, "supplier-archive", "product_suppliers", id, uuid, "set_as_link",
                           g_array_index (marked, gboolean, i) ? "1" : "0", "1", error);
        }
    }

  return change_finish (&change, ok, batch, error);
}

typedef struct
{
  gint64 id;
  char *uuid;
  gboolean deleted;
  gboolean set_as_link;
  char *values[6];   /* as link_columns[] */
} StoredLink;

static const char * const link_columns[] = {
  "unit_cost", "currency", "lead_time_days", "moq", "pack_size", "preferred",
};

static void
stored_link_clear (StoredLink *link)
{
  g_free (link->uuid);
  for (guint i = 0; i < G_N_ELEMENTS (link->values); i++)
    g_free (link->values[i]);
}

/* The link of @product_id and @supplier_id, tombstoned or not; FALSE
 * with no error when there is none. */
static gboolean
load_link (BdStore     *store,
           gint64       product_id,
           gint64       supplier_id,
           StoredLink  *link,
           GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT id, uuid, deleted, set_as_link, unit_cost, currency, lead_time_days, moq,"
                           "  pack_size, preferred FROM product_suppliers WHERE product_id = ? AND supplier_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, supplier_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      step_error (store, rc, error);
      return FALSE;
    }

  link->id = sqlite3_column_int64 (stmt, 0);
  link->uuid = bd_stmt_dup_text (stmt, 1);
  link->deleted = sqlite3_column_int (stmt, 2) != 0;
  link->set_as_link = sqlite3_column_int (stmt, 3) != 0;
  for (guint i = 0; i < G_N_ELEMENTS (link->values); i++)
    link->values[i] = bd_stmt_dup_text (stmt, 4 + i);
  return TRUE;
}

static gboolean
find_product (BdStore     *store,
              const char  *sku,
              gint64      *id,
              GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT id FROM products WHERE sku = ? AND deleted = 0",
                                             error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, sku ? sku : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }

  if (step_error (store, rc, error))
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no product “%s”"),
                 sku ? sku : "");
  return FALSE;
}

/* Unsets the other preferred suppliers of @product_id, an event each. */
static gboolean
unset_other_preferred (Change      *change,
                       const char  *action,
                       gint64       product_id,
                       gint64       link_id,
                       GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BdStmt) stmt = NULL;

  stmt = bd_store_prepare (change->store, "SELECT id, uuid FROM product_suppliers"
                                          " WHERE product_id = ? AND id <> ? AND preferred = 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, link_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (uuids, bd_stmt_dup_text (stmt, 1));
    }

  for (guint i = 0; i < ids->len; i++)
    if (!set_column (change, action, "product_suppliers", g_array_index (ids, gint64, i),
                     g_ptr_array_index (uuids, i), "preferred", "1", "0", error))
      return FALSE;

  return TRUE;
}

/**
 * bd_suppliers_set_link:
 *
 * Sets up or changes the terms of @sku at the supplier @ref: what
 * @fields gives (NULL keeps, "" clears). A link set in the desk is the
 * desk's: products.csv leaves it alone. Making a supplier preferred
 * unsets the product's other preferred one. An archived supplier's links
 * cannot change.
 */
gboolean
bd_suppliers_set_link (BdStore                     *store,
                       const char                  *ref,
                       const char                  *sku,
                       const BdSupplierLinkFields  *fields,
                       char                       **batch,
                       GError                     **error)
{
  g_autoptr(BdSupplier) supplier = NULL;
  g_autofree char *default_currency = bd_store_get_default_currency (store);
  g_autofree char *currency = NULL;
  char *values[G_N_ELEMENTS (link_columns)] = { NULL, };
  gboolean given[G_N_ELEMENTS (link_columns)] = { FALSE, };
  StoredLink link = { 0, };
  Change change = { 0, };
  gint64 product_id = 0;
  gboolean found = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  /* the terms first: wrong ones are refused before the store is asked */
  currency = fields->currency != NULL ? clean_text (fields->currency) : NULL;
  if (currency != NULL && bd_currency_exponent (currency) < 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The currency expects a three-letter ISO 4217 code like EUR, found “%s”"), currency);
      return FALSE;
    }
  if (currency != NULL && fields->unit_cost == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("A currency belongs to a unit cost: give the unit cost too"));
      return FALSE;
    }

  given[0] = fields->unit_cost != NULL;
  ok = !given[0] || check_money (fields->unit_cost, _("unit cost"), currency ? currency : default_currency,
                                 &values[0], error);
  if (ok && given[0])
    {
      given[1] = TRUE;
      values[1] = values[0] != NULL ? g_strdup (currency ? currency : default_currency) : NULL;
    }
  given[2] = fields->lead_time_days != NULL;
  ok = ok && (!given[2] || check_number (fields->lead_time_days, _("lead time in days"), 0, 3650, &values[2], error));
  given[3] = fields->moq != NULL;
  ok = ok && (!given[3] || check_number (fields->moq, _("minimum order quantity"), 0, G_MAXINT32, &values[3], error));
  given[4] = fields->pack_size != NULL;
  ok = ok && (!given[4] || check_number (fields->pack_size, _("pack size"), 1, G_MAXINT32, &values[4], error));
  given[5] = fields->preferred != NULL;
  if (ok && given[5])
    {
      g_autofree char *clean = clean_text (fields->preferred);
      const char *expected;
      gboolean preferred;

      if (clean == NULL || !bd_parse_bool (clean, &preferred, &expected))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("Preferred expects true or false (also yes, no, 1, 0), found “%s”"), fields->preferred);
          ok = FALSE;
        }
      else
        values[5] = g_strdup (preferred ? "1" : "0");
    }

  if (!ok)
    goto out;

  if (!(ok = change_begin (&change, store, error)))
    goto out;

  supplier = find_supplier (store, ref, error);
  ok = supplier != NULL && find_product (store, sku, &product_id, error);
  if (ok && supplier->archived)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Supplier “%s” is archived: bring it back before changing what it supplies"),
                   supplier->ref);
      ok = FALSE;
    }

  if (ok)
    {
      g_autoptr(GError) local_error = NULL;

      found = load_link (store, product_id, supplier->id, &link, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }

  if (ok && !found)
    {
      g_autofree char *uuid = bd_store_new_uuid (store);
      g_autoptr(BdStmt) stmt = bd_store_prepare (store,
                                                 "INSERT INTO product_suppliers (product_id, supplier_id,"
                                                 "  set_as_link, uuid, created_at, updated_at)"
                                                 " VALUES (?1, ?2, 1, ?3, ?4, ?4)", error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, product_id);
          sqlite3_bind_int64 (stmt, 2, supplier->id);
          sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, change.now, -1, SQLITE_STATIC);
          ok = bd_store_step_done (store, stmt, error) &&
               bd_store_add_event (store, change.batch, "supplier-link", "product_suppliers", uuid, 0,
                                   "sku", NULL, sku, error);
        }
      ok = ok && load_link (store, product_id, supplier->id, &link, error);
    }
  else if (ok)
    {
      /* the desk's now, and back if it was removed */
      ok = set_column (&change, "supplier-link", "product_suppliers", link.id, link.uuid, "set_as_link",
                       link.set_as_link ? "1" : "0", "1", error) &&
           set_column (&change, "supplier-link", "product_suppliers", link.id, link.uuid, "deleted",
                       link.deleted ? "1" : "0", "0", error);
    }

  for (guint i = 0; ok && i < G_N_ELEMENTS (link_columns); i++)
    if (given[i])
      ok = set_column (&change, "supplier-link", "product_suppliers", link.id, link.uuid, link_columns[i],
                       link.values[i], values[i], error);

  if (ok && g_strcmp0 (values[5], "1") == 0)
    ok = unset_other_preferred (&change, "supplier-link", product_id, link.id, error);

  ok = change_finish (&change, ok, batch, error);

out:
  stored_link_clear (&link);
  free_values (values, G_N_ELEMENTS (values));
  return ok;
}

/**
 * bd_suppliers_remove_link:
 *
 * The supplier @ref no longer supplies @sku: its link is tombstoned (it
 * syncs), and products.csv does not bring it back; product_suppliers.csv
 * naming the pair does.
 */
gboolean
bd_suppliers_remove_link (BdStore     *store,
                          const char  *ref,
                          const char  *sku,
                          char       **batch,
                          GError     **error)
{
  g_autoptr(BdSupplier) supplier = NULL;
  StoredLink link = { 0, };
  Change change = { 0, };
  gint64 product_id = 0;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!change_begin (&change, store, error))
    return FALSE;

  supplier = find_supplier (store, ref, error);
  ok = supplier != NULL && find_product (store, sku, &product_id, error);
  if (ok)
    {
      g_autoptr(GError) local_error = NULL;

      if (!load_link (store, product_id, supplier->id, &link, &local_error) || link.deleted)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                         _("Supplier “%s” does not supply “%s”"), supplier->ref, sku);
          ok = FALSE;
        }
    }

  if (ok)
    ok = set_column (&change, "supplier-unlink", "product_suppliers", link.id, link.uuid, "deleted",
                     "0", "1", error) &&
         set_column (&change, "supplier-unlink", "product_suppliers", link.id, link.uuid, "preferred",
                     link.values[5], "0", error) &&
         set_column (&change, "supplier-unlink", "product_suppliers", link.id, link.uuid, "set_as_link",
                     link.set_as_link ? "1" : "0", "1", error);

  stored_link_clear (&link);
  return change_finish (&change, ok, batch, error);
}
