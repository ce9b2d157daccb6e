/* bd-eta.c: when a waiting customer gets their item, and how sure that is
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-eta"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-eta.h"
#include "bd-purchasing-private.h"
#include "bd-util.h"

/* An open line's ETA (the local date its parcel leaves):
 *   allocated            -> today + handling days
 *   covered by PO lines  -> the PO's date + handling days (stored on the
 *                           line in the transaction that changes it)
 *   not covered          -> today + the preferred supplier's lead time for
 *                           the product + handling days (computed when
 *                           read: it moves with today)
 * A line only partly covered waits for the rest too: the later of the two.
 * Its range is the 10th to 90th percentile of the supplier's days late
 * over its received PO lines of the last 365 days, or of every supplier's
 * when it has fewer than 5, added to the ETA. */

struct _BdEtaContext
{
  char *today;
  int handling_days;
  GHashTable *histories;       /* supplier id (gint64 *) -> BdSupplierHistory */
  BdSupplierHistory all;
};

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *)a, y = *(const int *)b;

  return (x > y) - (x < y);
}

/* The nearest-rank percentile: the smallest value with at least @p per
 * cent of the values at or below it. */
static int
percentile (GArray *sorted,
            int     p)
{
  guint rank = (guint)((p * sorted->len + 99) / 100);

  return g_array_index (sorted, int, rank > 0 ? rank - 1 : 0);
}

static void
history_fill (BdSupplierHistory *history,
              GArray            *days)
{
  double sum = 0;

  g_array_sort (days, compare_int);
  history->n_lines = days->len;
  history->n_on_time = 0;
  for (guint i = 0; i < days->len; i++)
    {
      int late = g_array_index (days, int, i);

      sum += late;
      if (late <= 0)
        history->n_on_time++;
    }
  history->mean_late = days->len > 0 ? sum / days->len : 0;
  history->p10 = days->len > 0 ? percentile (days, 10) : 0;
  history->p90 = days->len > 0 ? percentile (days, 90) : 0;
}

/* The history of every supplier that has one (supplier id -> history)
 * and, in @all, of all of them together: the PO lines received in full
 * in the BD_ETA_HISTORY_DAYS up to @today (a local date), each on the
 * local day of its last receipt. */
GHashTable *
bd_eta_supplier_histories (BdStore           *store,
                           const char        *today,
                           BdSupplierHistory *all,
                           GError           **error)
{
  g_autofree char *first = bd_purchasing_add_days (today, 1 - BD_ETA_HISTORY_DAYS);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  return bd_eta_supplier_deliveries (store, first, today, all, error);
}

/* The same for the PO lines whose last receipt fell on a local day from
 * @first_day to @last_day, both included (YYYY-MM-DD); the metrics'
 * supplier figures. */
GHashTable *
bd_eta_supplier_deliveries (BdStore           *store,
                            const char        *first_day,
                            const char        *last_day,
                            BdSupplierHistory *all,
                            GError           **error)
{
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify)g_array_unref);
  g_autoptr(GHashTable) histories = NULL;
  g_autoptr(GArray) all_days = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(BdStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT supplier_id, late FROM ("
                           " SELECT po.supplier_id,"
                           "  date(max(r.received_at), 'localtime') AS day,"
                           "  CAST(julianday(date(max(r.received_at), 'localtime'))"
                           "   - julianday(coalesce(po.confirmed_date, po.expected_at)) AS INTEGER) AS late"
                           " FROM po_lines pl"
                           " JOIN purchase_orders po ON po.id = pl.po_id"
                           " JOIN receipt_lines rl ON rl.po_line_id = pl.id AND rl.deleted = 0"
                           " JOIN receipts r ON r.id = rl.receipt_id AND r.deleted = 0"
                           "  AND coalesce(r.policy, '') <> 'imported'"
                           " WHERE pl.deleted = 0 AND po.deleted = 0 AND pl.quantity_received >= pl.quantity"
                           "  AND coalesce(po.confirmed_date, po.expected_at) IS NOT NULL"
                           " GROUP BY pl.id)"
                           " WHERE day >= ?1 AND day <= ?2",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, first_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last_day, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 supplier_id = sqlite3_column_int64 (stmt, 0);
      int late = sqlite3_column_int (stmt, 1);
      GArray *list = g_hash_table_lookup (days, &supplier_id);

      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (days, g_memdup2 (&supplier_id, sizeof supplier_id), list);
        }
      g_array_append_val (list, late);
      g_array_append_val (all_days, late);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the suppliers’ deliveries"));
      return NULL;
    }

  histories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BdSupplierHistory *history = g_new0 (BdSupplierHistory, 1);

      history_fill (history, value);
      g_hash_table_insert (histories, g_memdup2 (key, sizeof (gint64)), history);
    }

  if (all != NULL)
    history_fill (all, all_days);

  return g_steal_pointer (&histories);
}

/* The share of lines received by the date promised, from 0 to 1; -1 for
 * no history. */
double
bd_supplier_history_on_time_rate (const BdSupplierHistory *history)
{
  if (history == NULL || history->n_lines == 0)
    return -1;
  return history->n_on_time / (double)history->n_lines;
}

/* What the ETAs of lines are computed from, read once for a list of
 * them: today, the handling days and every supplier's history. */
BdEtaContext *
bd_eta_context_new (BdStore  *store,
                    GError  **error)
{
  g_autoptr(BdEtaContext) context = g_new0 (BdEtaContext, 1);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  context->today = bd_purchasing_today (store);
  context->handling_days = bd_purchasing_handling_days (store);
  context->histories = bd_eta_supplier_histories (store, context->today, &context->all, error);
  if (context->histories == NULL)
    return NULL;

  return g_steal_pointer (&context);
}

/* What a list's pages read their ETAs from (bd-backorder-source.c), kept
 * on the store: the supplier histories are one query over the received
 * PO lines, worth reading once rather than at each page of a scroll.
 * Made again when the store changed since (a write of this connection,
 * or a commit of another one: SQLite's data_version) or the day did.
 * Asking the store, not following its "changed" signal: a list that
 * re-reads its rows in a handler of that signal may run before ours. */
typedef struct
{
  BdEtaContext *context;
  int total_changes;
  gint64 data_version;
} SharedContext;

static void
shared_context_free (gpointer data)
{
  SharedContext *shared = data;

  g_clear_pointer (&shared->context, bd_eta_context_free);
  g_free (shared);
}

static gint64
data_version (BdStore *store)
{
  sqlite3_stmt *stmt = bd_store_cached (store, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

/**
 * bd_eta_context_for_store:
 *
 * The ETA context of @store as it is now, shared by the lists of the
 * thread that owns @store (the main thread's store, in the app).
 *
 * Returns: (transfer none): the context, valid until the store changes or
 *   the next call; %NULL on an error
 */
BdEtaContext *
bd_eta_context_for_store (BdStore  *store,
                          GError  **error)
{
  SharedContext *shared;
  int total_changes;
  gint64 version;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  shared = g_object_get_data (G_OBJECT (store), "bd-eta-context");
  if (shared == NULL)
    {
      shared = g_new0 (SharedContext, 1);
      g_object_set_data_full (G_OBJECT (store), "bd-eta-context", shared, shared_context_free);
    }

  total_changes = sqlite3_total_changes (bd_store_get_db (store));
  version = data_version (store);
  if (shared->context != NULL && shared->total_changes == total_changes && shared->data_version == version &&
      version >= 0)
    {
      g_autofree char *today = bd_purchasing_today (store);

      if (g_str_equal (today, shared->context->today))
        return shared->context;
    }

  g_clear_pointer (&shared->context, bd_eta_context_free);
  shared->context = bd_eta_context_new (store, error);
  shared->total_changes = total_changes;
  shared->data_version = version;
  return shared->context;
}

void
bd_eta_context_free (BdEtaContext *context)
{
  if (context == NULL)
    return;

  g_free (context->today);
  g_clear_pointer (&context->histories, g_hash_table_unref);
  g_free (context);
}

const char *
bd_eta_context_get_today (BdEtaContext *context)
{
  return context->today;
}

void
bd_eta_free (BdEta *eta)
{
  if (eta == NULL)
    return;

  g_free (eta->eta);
  g_free (eta->earliest);
  g_free (eta->latest);
  g_free (eta->po_number);
  g_free (eta->po_date);
  g_free (eta->supplier_ref);
  g_free (eta->supplier_name);
  g_free (eta);
}

static void
set_range (BdEtaContext *context,
           BdEta        *eta,
           gint64        supplier_id)
{
  const BdSupplierHistory *history = NULL;

  if (eta->eta == NULL)
    return;

  if (supplier_id > 0)
    history = g_hash_table_lookup (context->histories, &supplier_id);

  if (history != NULL && history->n_lines >= BD_ETA_MIN_HISTORY)
    eta->range_from = BD_ETA_RANGE_SUPPLIER;
  else if (context->all.n_lines > 0)
    {
      history = &context->all;
      eta->range_from = BD_ETA_RANGE_ALL_SUPPLIERS;
    }
  else
    return;

  eta->range_lines = history->n_lines;
  eta->p10 = history->p10;
  eta->p90 = history->p90;
  eta->earliest = bd_purchasing_add_days (eta->eta, history->p10);
  eta->latest = bd_purchasing_add_days (eta->eta, history->p90);
}

/* The ETA of @line, loaded with BD_BACKORDER_SELECT, and where it comes
 * from. */
BdEta *
bd_eta_compute (BdEtaContext *context,
                BdBackorder  *line)
{
  g_autoptr(BdEta) eta = g_new0 (BdEta, 1);
  const char *status = bd_backorder_get_status (line);
  int lead = bd_backorder_get_lead_time_days (line);
  gint64 range_supplier = 0;

  eta->handling_days = context->handling_days;
  eta->lead_time_days = -1;

  if (!bd_backorder_is_open (line))
    {
      eta->source = BD_ETA_CLOSED;
      return g_steal_pointer (&eta);
    }

  if (g_str_equal (status, "allocated"))
    {
      g_autofree char *soonest = bd_purchasing_add_days (context->today, context->handling_days);
      const char *stored = bd_backorder_get_stored_eta (line);

      /* stored when the units were set aside; a line still not shipped
       * days later leaves no sooner than today + the handling days */
      eta->source = BD_ETA_ALLOCATED;
      eta->eta = g_strdup (stored != NULL && strcmp (stored, soonest) > 0 ? stored : soonest);
      return g_steal_pointer (&eta);
    }

  if (bd_backorder_get_po_id (line) > 0)
    {
      eta->po_number = g_strdup (bd_backorder_get_po_number (line));
      eta->po_date = g_strdup (bd_backorder_get_po_date (line));
    }

  if (g_str_equal (status, "on_order"))
    {
      eta->source = BD_ETA_PURCHASE_ORDER;
      eta->eta = g_strdup (bd_backorder_get_stored_eta (line));
      if (eta->eta == NULL && eta->po_date != NULL)
        eta->eta = bd_purchasing_add_days (eta->po_date, context->handling_days);
      eta->supplier_ref = g_strdup (bd_backorder_get_po_supplier_ref (line));
      eta->supplier_name = g_strdup (bd_backorder_get_po_supplier_name (line));
      range_supplier = bd_backorder_get_po_supplier_id (line);
    }
  else if (lead >= 0 && bd_backorder_get_preferred_supplier_id (line) > 0)
    {
      g_autofree char *by_lead = bd_purchasing_add_days (context->today, lead + context->handling_days);
      g_autofree char *by_po = NULL;

      /* partly covered: the rest is not ordered yet, and comes later */
      if (eta->po_date != NULL)
        by_po = bd_purchasing_add_days (eta->po_date, context->handling_days);

      if (by_po != NULL && g_strcmp0 (by_po, by_lead) > 0)
        {
          eta->source = BD_ETA_PURCHASE_ORDER;
          eta->eta = g_steal_pointer (&by_po);
          eta->supplier_ref = g_strdup (bd_backorder_get_po_supplier_ref (line));
          eta->supplier_name = g_strdup (bd_backorder_get_po_supplier_name (line));
          range_supplier = bd_backorder_get_po_supplier_id (line);
        }
      else
        {
          eta->source = BD_ETA_LEAD_TIME;
          eta->eta = g_steal_pointer (&by_lead);
          eta->lead_time_days = lead;
          eta->supplier_ref = g_strdup (bd_backorder_get_preferred_supplier_ref (line));
          eta->supplier_name = g_strdup (bd_backorder_get_preferred_supplier_name (line));
          range_supplier = bd_backorder_get_preferred_supplier_id (line);
        }
    }
  else
    {
      eta->source = BD_ETA_NONE;
      return g_steal_pointer (&eta);
    }

  set_range (context, eta, range_supplier);
  return g_steal_pointer (&eta);
}

const char *
bd_eta_source_to_string (BdEtaSource source)
{
  switch (source)
    {
    case BD_ETA_NONE: return "none";
    case BD_ETA_CLOSED: return "closed";
    case BD_ETA_ALLOCATED: return "allocated";
    case BD_ETA_PURCHASE_ORDER: return "purchase_order";
    case BD_ETA_LEAD_TIME: return "lead_time";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
bd_eta_range_from_to_string (BdEtaRangeFrom from)
{
  switch (from)
    {
    case BD_ETA_RANGE_NONE: return "none";
    case BD_ETA_RANGE_SUPPLIER: return "supplier";
    case BD_ETA_RANGE_ALL_SUPPLIERS: return "all_suppliers";
    default: g_return_val_if_reached (NULL);
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The ETA as `eta REF --json` prints it. */
JsonNode *
bd_eta_to_json (BdEta       *eta,
                BdBackorder *line)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *description = bd_eta_describe (eta);

  json_builder_begin_object (builder);
  add_string (builder, "ref", bd_backorder_get_ref (line));
  add_string (builder, "status", bd_backorder_get_status (line));
  add_string (builder, "promised_at", bd_backorder_get_promised_at (line));
  add_string (builder, "eta", eta->eta);
  add_string (builder, "eta_earliest", eta->earliest);
  add_string (builder, "eta_latest", eta->latest);
  add_string (builder, "source", bd_eta_source_to_string (eta->source));
  add_string (builder, "po_number", eta->po_number);
  add_string (builder, "po_date", eta->po_date);
  add_string (builder, "supplier_ref", eta->supplier_ref);
  add_string (builder, "supplier_name", eta->supplier_name);
  json_builder_set_member_name (builder, "lead_time_days");
  if (eta->lead_time_days >= 0)
    json_builder_add_int_value (builder, eta->lead_time_days);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "handling_days");
  json_builder_add_int_value (builder, eta->handling_days);
  json_builder_set_member_name (builder, "backordered_quantity");
  json_builder_add_int_value (builder, bd_backorder_get_short (line));
  json_builder_set_member_name (builder, "on_order_quantity");
  json_builder_add_int_value (builder, bd_backorder_get_covered (line));
  json_builder_set_member_name (builder, "allocated_quantity");
  json_builder_add_int_value (builder, bd_backorder_get_allocated (line));

  json_builder_set_member_name (builder, "range");
  json_builder_begin_object (builder);
  add_string (builder, "from", bd_eta_range_from_to_string (eta->range_from));
  json_builder_set_member_name (builder, "lines");
  json_builder_add_int_value (builder, eta->range_lines);
  json_builder_set_member_name (builder, "p10_days_late");
  if (eta->range_from != BD_ETA_RANGE_NONE)
    json_builder_add_int_value (builder, eta->p10);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "p90_days_late");
  if (eta->range_from != BD_ETA_RANGE_NONE)
    json_builder_add_int_value (builder, eta->p90);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  add_string (builder, "description", description);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* What `list backorders --json` adds to a line. */
void
bd_eta_add_json_members (BdEtaContext *context,
                         BdBackorder  *line,
                         JsonObject   *object)
{
  g_autoptr(BdEta) eta = bd_eta_compute (context, line);

  json_object_set_string_member (object, "eta", eta->eta);
  json_object_set_string_member (object, "eta_earliest", eta->earliest);
  json_object_set_string_member (object, "eta_latest", eta->latest);
  json_object_set_string_member (object, "po_number", bd_backorder_get_po_number (line));
  json_object_set_int_member (object, "allocated_quantity", bd_backorder_get_allocated (line));
  json_object_set_int_member (object, "on_order_quantity", bd_backorder_get_covered (line));
  json_object_set_boolean_member (object, "ship_complete", bd_backorder_get_ship_complete (line));
}

static char *
days_text (int days)
{
  if (days == 0)
    return g_strdup (_("on the day"));
  if (days < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day early", "%d days early", -days), -days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day late", "%d days late", days), days);
}

/* Where the ETA comes from and how sure it is, in words. */
char *
bd_eta_describe (BdEta *eta)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *handling = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d handling day",
                                                            "%d handling days", eta->handling_days),
                                               eta->handling_days);

  switch (eta->source)
    {
    case BD_ETA_CLOSED:
      return g_strdup (_("The line is closed: it has no expected date."));

    case BD_ETA_NONE:
      return g_strdup (_("No expected date: no purchase order covers the line, and the product has no "
                         "preferred supplier with a lead time."));

    case BD_ETA_ALLOCATED:
      g_string_printf (text, _("Expected %s: the stock is set aside for it; today plus %s."),
                       eta->eta, handling);
      break;

    case BD_ETA_PURCHASE_ORDER:
      g_string_printf (text, _("Expected %s: purchase order %s from %s, due %s, plus %s."),
                       eta->eta, eta->po_number ? eta->po_number : "?",
                       eta->supplier_name ? eta->supplier_name : "?",
                       eta->po_date ? eta->po_date : "?", handling);
      break;

    case BD_ETA_LEAD_TIME:
      g_string_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                          "Expected %s: not covered by a purchase order; today plus "
                                          "%s’s lead time of %d day, plus %s.",
                                          "Expected %s: not covered by a purchase order; today plus "
                                          "%s’s lead time of %d days, plus %s.",
                                          eta->lead_time_days),
                       eta->eta, eta->supplier_name ? eta->supplier_name : "?", eta->lead_time_days,
                       handling);
      break;

    default:
      g_assert_not_reached ();
    }

  /* the range is what the history makes likely, which for a supplier
   * who is always late starts after the ETA: not "between" (see
   * bd_eta_describe_range()) */
  if (eta->range_from == BD_ETA_RANGE_NONE)
    g_string_append (text, _(" No range: no delivery history yet (no supplier has a delivery received in the "
                             "last 365 days)."));
  else
    {
      g_autofree char *p10 = days_text (eta->p10);
      g_autofree char *p90 = days_text (eta->p90);

      g_string_append_c (text, ' ');
      if (eta->range_from == BD_ETA_RANGE_SUPPLIER)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "From %s’s %d delivery of the last 365 days, likely "
                                                   "%s – %s (10th to 90th percentile of days late: %s to %s).",
                                                   "From %s’s %d deliveries of the last 365 days, likely "
                                                   "%s – %s (10th to 90th percentile of days late: %s to %s).",
                                                   eta->range_lines),
                                eta->supplier_name, eta->range_lines, eta->earliest, eta->latest, p10, p90);
      else
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "From all suppliers’ %d delivery of the last 365 days, "
                                                   "since this supplier has fewer than %d, likely %s – %s "
                                                   "(10th to 90th percentile of days late: %s to %s).",
                                                   "From all suppliers’ %d deliveries of the last 365 days, "
                                                   "since this supplier has fewer than %d, likely %s – %s "
                                                   "(10th to 90th percentile of days late: %s to %s).",
                                                   eta->range_lines),
                                eta->range_lines, BD_ETA_MIN_HISTORY, eta->earliest, eta->latest, p10, p90);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bd_eta_describe_range:
 * @eta: an ETA
 * @with_eta: whether the text starts with the ETA itself
 *
 * The range of @eta as a person reads it: what the supplier's history
 * (or all suppliers') makes likely, not a span the ETA lies in, since for
 * a supplier who is always late it starts after the ETA ("Expected
 * 2026-07-01; from this supplier’s history likely 2026-07-03 –
 * 2026-07-08"); without a range, why there is none.
 *
 * Returns: (transfer full) (nullable): the text, %NULL for a line
 *   without an ETA
 */
char *
bd_eta_describe_range (const BdEta *eta,
                       gboolean     with_eta)
{
  g_return_val_if_fail (eta != NULL, NULL);

  if (eta->eta == NULL)
    return NULL;

  switch (eta->range_from)
    {
    case BD_ETA_RANGE_SUPPLIER:
      return with_eta
             /* Translators: the expected date, then the range of dates the supplier's deliveries
              * make likely (10th to 90th percentile of its days late), earliest – latest */
             ? g_strdup_printf (_("Expected %s; from this supplier’s history likely %s – %s"), eta->eta,
                                eta->earliest, eta->latest)
             : g_strdup_printf (_("From this supplier’s history likely %s – %s"), eta->earliest, eta->latest);
    case BD_ETA_RANGE_ALL_SUPPLIERS:
      return with_eta
             /* Translators: as above, from all suppliers' deliveries: this one has too few */
             ? g_strdup_printf (_("Expected %s; from all suppliers’ history likely %s – %s"), eta->eta,
                                eta->earliest, eta->latest)
             : g_strdup_printf (_("From all suppliers’ history likely %s – %s"), eta->earliest, eta->latest);
    case BD_ETA_RANGE_NONE:
    default:
      return with_eta
             ? g_strdup_printf (_("Expected %s; no range: no delivery history yet"), eta->eta)
             : g_strdup (_("No range: no delivery history yet"));
    }
}

/**
 * bd_eta_get_promise:
 * @eta: an ETA
 * @from: (out): the first day of the span told to a customer
 * @to: (out): its last day
 *
 * The span of days a message tells a customer, "between @from and
 * @to": the range widened to hold the ETA itself, which the same
 * message gives as the expected date. The range alone can start after
 * the ETA (a supplier who is always late) or end before it, and a letter
 * saying "we expect to send it on the 10th (between the 12th and the
 * 17th)" contradicts itself. What a message logs as promised is this
 * span too, so that promise_kept_rate reads what the customer read.
 *
 * Returns: %FALSE, leaving both %NULL, when @eta has no range or no date
 */
gboolean
bd_eta_get_promise (const BdEta  *eta,
                    const char  **from,
                    const char  **to)
{
  g_return_val_if_fail (eta != NULL, FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  *from = NULL;
  *to = NULL;
  if (eta->eta == NULL || eta->earliest == NULL || eta->latest == NULL)
    return FALSE;

  /* ISO 8601 dates order as strings */
  *from = strcmp (eta->earliest, eta->eta) < 0 ? eta->earliest : eta->eta;
  *to = strcmp (eta->latest, eta->eta) > 0 ? eta->latest : eta->eta;
  return TRUE;
}

/* The ETA of one line, and where it comes from. */
BdEta *
bd_eta_for_line (BdStore  *store,
                 gint64    line_id,
                 GError  **error)
{
  g_autoptr(BdEtaContext) context = NULL;
  g_autoptr(BdBackorder) line = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  line = bd_backorder_load (store, line_id, error);
  if (line == NULL)
    return NULL;

  context = bd_eta_context_new (store, error);
  if (context == NULL)
    return NULL;

  return bd_eta_compute (context, line);
}

void
bd_eta_risk_free (gpointer data)
{
  BdEtaRisk *risk = data;

  g_free (risk->ref);
  g_free (risk->order_ref);
  g_free (risk->customer_ref);
  g_free (risk->customer_name);
  g_free (risk->customer_email);
  g_free (risk->promised_at);
  g_free (risk->old_eta);
  g_free (risk->new_eta);
  g_free (risk);
}

/* The lines whose ETA the change @batch moved later and past the date
 * promised to the customer (the local day of promised_at), oldest order
 * first: the lines that change puts at risk. The events of the batch
 * keep this list, so that delay notices can be sent from it later. */
GPtrArray *
bd_eta_list_at_risk (BdStore     *store,
                     const char  *batch,
                     GError     **error)
{
  g_autoptr(GPtrArray) risks = g_ptr_array_new_with_free_func (bd_eta_risk_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (batch != NULL, NULL);

  stmt = bd_store_prepare (store,
                           "SELECT l.id, o.ref || '/' || p.sku, o.ref, c.ref, c.name, c.email,"
                           "  l.promised_at, e.old_value, e.new_value"
                           " FROM events e"
                           " JOIN order_lines l ON l.id = e.line_id"
                           " JOIN orders o ON o.id = l.order_id"
                           " JOIN customers c ON c.id = l.customer_id"
                           " JOIN products p ON p.id = l.product_id"
                           " WHERE e.batch = ?1 AND e.field = 'eta' AND e.deleted = 0"
                           "  AND l.promised_at IS NOT NULL AND e.new_value IS NOT NULL"
                           "  AND e.new_value > date(l.promised_at, 'localtime')"
                           "  AND (e.old_value IS NULL OR e.new_value > e.old_value)"
                           " ORDER BY l.ordered_at, l.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdEtaRisk *risk = g_new0 (BdEtaRisk, 1);

      risk->line_id = sqlite3_column_int64 (stmt, 0);
      risk->ref = bd_stmt_dup_text (stmt, 1);
      risk->order_ref = bd_stmt_dup_text (stmt, 2);
      risk->customer_ref = bd_stmt_dup_text (stmt, 3);
      risk->customer_name = bd_stmt_dup_text (stmt, 4);
      risk->customer_email = bd_stmt_dup_text (stmt, 5);
      risk->promised_at = bd_stmt_dup_text (stmt, 6);
      risk->old_eta = bd_stmt_dup_text (stmt, 7);
      risk->new_eta = bd_stmt_dup_text (stmt, 8);
      g_ptr_array_add (risks, risk);
    }

  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the lines at risk"));
      return NULL;
    }

  return g_steal_pointer (&risks);
}
