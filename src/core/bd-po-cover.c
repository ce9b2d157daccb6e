/* bd-po-cover.c: which backorder lines the PO lines cover, and what the
 * lines' sums, status and expected dates become when that changes
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-cover"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-status.h"
#include "bd-purchasing-private.h"
#include "bd-util.h"

/* The rows of a temporary table have no statistics, so SQLite takes it
 * for small and would read a big table whole beside it: an UPDATE … FROM
 * one names its rows again with IN (…), and a join reads it first by
 * CROSS JOIN. Updating the ETAs of 10,000 lines scanned the million
 * order lines before.
 *
 * Everything here is set-based: a PO made from all the demand of a big
 * shop covers 100,000 lines, and a statement per line from C was several
 * times slower than the same rows written by INSERT … SELECT. The rows a
 * step works on are handed over in temporary tables of the connection. */

/* The handling days of the team (the days from a delivery to the parcel
 * leaving), a team setting; 1 until set. */
int
bd_purchasing_handling_days (BdStore *store)
{
  g_autoptr(BdStmt) stmt = NULL;
  gint64 days = 1;

  stmt = bd_store_prepare (store, "SELECT value FROM team_settings WHERE key = 'handling_days'"
                                  " AND deleted = 0", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *problem = NULL;
      const char *text = (const char *)sqlite3_column_text (stmt, 0);

      if (text == NULL || !bd_parse_int (text, 0, 365, &days, &problem))
        days = 1;
    }

  return (int)days;
}

/* The local date of the store's now (its fixed clock in tests and the
 * demo), YYYY-MM-DD. */
char *
bd_purchasing_today (BdStore *store)
{
  g_autoptr(GDateTime) now = bd_store_now (store);
  g_autoptr(GTimeZone) tz = bd_local_time_zone ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* @date (YYYY-MM-DD) moved by @days. */
char *
bd_purchasing_add_days (const char *date,
                        int         days)
{
  g_autoptr(GDate) d = g_date_new ();
  char out[16];

  g_date_set_parse (d, date);
  if (!g_date_valid (d))
    return NULL;

  if (days >= 0)
    g_date_add_days (d, days);
  else
    g_date_subtract_days (d, -days);
  g_date_strftime (out, sizeof out, "%Y-%m-%d", d);
  return g_strdup (out);
}

/* A date a person gives (a PO's expected date): ISO 8601, a time of day
 * being ignored; the local date, YYYY-MM-DD. */
gboolean
bd_purchasing_parse_date (const char  *text,
                          char       **date,
                          const char **problem)
{
  g_autofree char *iso = NULL;

  if (text == NULL || !bd_parse_date (text, &iso, problem))
    {
      *problem = N_("a date like 2026-03-31");
      return FALSE;
    }

  *date = bd_format_local_date (iso);
  return TRUE;
}

/* A supplier by its reference or, when no reference is spelled so, by its
 * name in any case. */
gboolean
bd_purchasing_find_supplier (BdStore     *store,
                             const char  *ref_or_name,
                             gint64      *id,
                             GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(GString) refs = g_string_new (NULL);
  guint n = 0;

  stmt = bd_store_prepare (store,
                           "SELECT id, ref FROM suppliers WHERE deleted = 0 AND ref = ?1"
                           " UNION ALL "
                           "SELECT id, ref FROM suppliers WHERE deleted = 0 AND name = ?1 COLLATE NOCASE"
                           " AND NOT EXISTS (SELECT 1 FROM suppliers WHERE deleted = 0 AND ref = ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, ref_or_name, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      g_string_append_printf (refs, "%s%s", n++ ? ", " : "", sqlite3_column_text (stmt, 1));
    }

  if (n == 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("There is no supplier “%s” (by reference or name)"), ref_or_name);
      return FALSE;
    }
  if (n > 1)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_AMBIGUOUS,
                   _("More than one supplier is called “%s”; give one of their references: %s"),
                   ref_or_name, refs->str);
      return FALSE;
    }

  return TRUE;
}

gboolean
bd_purchasing_temp_tables (BdStore  *store,
                           GError  **error)
{
  sqlite3_stmt *made;
  gboolean exists;

  /* made by an earlier action of this connection: the tables are made in
   * one go, so the last one tells, and parsing some twenty statements of
   * DDL for each action was most of a small action's time */
  made = bd_store_cached (store, "SELECT 1 FROM temp.sqlite_schema WHERE name = 'bd_eta_before'", NULL);
  exists = made != NULL && sqlite3_step (made) == SQLITE_ROW;
  if (made != NULL)
    sqlite3_reset (made);
  if (exists)
    return TRUE;

  return bd_store_exec (store,
                        "CREATE TEMP TABLE IF NOT EXISTS bd_cover_src ("
                        "  po_line_id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL,"
                        "  capacity INTEGER NOT NULL, arrives TEXT);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_new_covers ("
                        "  po_line_id INTEGER NOT NULL, line_id INTEGER NOT NULL,"
                        "  quantity INTEGER NOT NULL, existing INTEGER);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_supply ("
                        "  po_line_id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL,"
                        "  capacity INTEGER NOT NULL, s_end INTEGER NOT NULL);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_demand ("
                        "  line_id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL,"
                        "  need INTEGER NOT NULL, d_end INTEGER NOT NULL);"
                        "CREATE INDEX IF NOT EXISTS temp.bd_demand_product ON bd_demand (product_id, d_end);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_drop_covers ("
                        "  cover_id INTEGER PRIMARY KEY, quantity INTEGER NOT NULL);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_line_delta ("
                        "  line_id INTEGER PRIMARY KEY, delta INTEGER NOT NULL,"
                        "  new_status TEXT, moves INTEGER);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_eta_change ("
                        "  line_id INTEGER PRIMARY KEY, uuid TEXT, old_eta TEXT, new_eta TEXT);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_plan ("
                        "  product_id INTEGER PRIMARY KEY, supplier_id INTEGER NOT NULL,"
                        "  quantity INTEGER NOT NULL, unit_cost INTEGER, currency TEXT, lead INTEGER);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_plan_po ("
                        "  supplier_id INTEGER PRIMARY KEY, po_id INTEGER NOT NULL);"
                        /* receiving: the stock given to (or taken back from) lines,
                         * the products whose covers are worked out anew, and
                         * the covers they had */
                        "CREATE TEMP TABLE IF NOT EXISTS bd_allocate ("
                        "  line_id INTEGER PRIMARY KEY, quantity INTEGER NOT NULL,"
                        "  new_status TEXT, moves INTEGER);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_recover ("
                        "  product_id INTEGER PRIMARY KEY);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_cover_now ("
                        "  cover_id INTEGER PRIMARY KEY, po_line_id INTEGER NOT NULL,"
                        "  line_id INTEGER NOT NULL, quantity INTEGER NOT NULL);"
                        "CREATE INDEX IF NOT EXISTS temp.bd_cover_now_pair ON bd_cover_now (po_line_id, line_id);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_cover_keep ("
                        "  cover_id INTEGER PRIMARY KEY, quantity INTEGER NOT NULL);"
                        "CREATE TEMP TABLE IF NOT EXISTS bd_eta_before ("
                        "  line_id INTEGER PRIMARY KEY, eta TEXT);",
                        error);
}

gboolean
bd_po_action_begin (BdPoAction  *action,
                    BdStore     *store,
                    GError     **error)
{
  action->store = store;
  if (!bd_store_begin (store, error))
    return FALSE;

  if (!bd_purchasing_temp_tables (store, error))
    {
      bd_store_rollback (store);
      return FALSE;
    }

  action->batch = bd_store_new_uuid (store);
  action->now = bd_store_now_iso (store);
  action->today = bd_purchasing_today (store);
  action->handling_days = bd_purchasing_handling_days (store);
  return TRUE;
}

gboolean
bd_po_action_finish (BdPoAction  *action,
                     gboolean     ok,
                     char       **batch,
                     GError     **error)
{
  if (ok)
    {
      gint64 start = g_get_monotonic_time ();

      ok = bd_store_commit (action->store, error);
      g_debug ("%.3f s: commit", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
    }
  else
    bd_store_rollback (action->store);

  if (ok)
    {
      bd_store_emit_changed_tables (action->store, (const char * const[]) {
                                      "purchase_orders", "po_lines", "po_line_covers", "receipts",
                                      "receipt_lines", "order_lines", "events", NULL });
      if (batch != NULL)
        *batch = g_steal_pointer (&action->batch);
    }

  g_clear_pointer (&action->batch, g_free);
  g_clear_pointer (&action->now, g_free);
  g_clear_pointer (&action->today, g_free);
  return ok;
}

static gboolean
bind_common (BdPoAction   *action,
             sqlite3_stmt *stmt,
             const char   *handling)
{
  /* the same parameters everywhere, bound where the statement has them */
  for (int i = 1; i <= sqlite3_bind_parameter_count (stmt); i++)
    {
      const char *name = sqlite3_bind_parameter_name (stmt, i);

      if (g_strcmp0 (name, ":now") == 0)
        sqlite3_bind_text (stmt, i, action->now, -1, SQLITE_STATIC);
      else if (g_strcmp0 (name, ":batch") == 0)
        sqlite3_bind_text (stmt, i, action->batch, -1, SQLITE_STATIC);
      else if (g_strcmp0 (name, ":author") == 0)
        sqlite3_bind_text (stmt, i, bd_store_get_author (action->store), -1, SQLITE_STATIC);
      else if (g_strcmp0 (name, ":handling") == 0)
        sqlite3_bind_text (stmt, i, handling, -1, SQLITE_STATIC);
      else if (g_strcmp0 (name, ":today") == 0)
        sqlite3_bind_text (stmt, i, action->today, -1, SQLITE_STATIC);
    }

  return TRUE;
}

typedef struct
{
  BdPoAction *action;
  const char *handling;
} RunData;

static gboolean
run_one_cb (BdStore       *store,
            sqlite3_stmt  *stmt,
            gpointer       data,
            GError       **error)
{
  RunData *run_data = data;
  gint64 start = g_get_monotonic_time ();

  bind_common (run_data->action, stmt, run_data->handling);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;
  g_debug ("%.3f s: %.60s", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC, sqlite3_sql (stmt));
  return TRUE;
}

/* Runs each statement of @sql with the action's parameters; prepared once
 * for the connection (bd_store_run_script()), since the same few scripts
 * run for every purchasing write. */
static gboolean
run (BdPoAction  *action,
     const char  *sql,
     GError     **error)
{
  g_autofree char *handling = g_strdup_printf ("+%d days", action->handling_days);
  RunData run_data = { action, handling };

  return bd_store_run_script (action->store, sql, run_one_cb, &run_data, error);
}

/* Runs @sql, one or more statements, with the parameters :now, :batch,
 * :author, :handling (as "+N days") and :today of @action. */
gboolean
bd_po_action_run (BdPoAction  *action,
                  const char  *sql,
                  GError     **error)
{
  return run (action, sql, error);
}

/* The stored ETA of an on-order line: the latest of its open covering
 * POs' dates, plus the handling days. */
#define COVERED_ETA_SQL(line) \
  "(SELECT max(date(" BD_PO_DATE_SQL ", :handling)) FROM po_line_covers c" \
  " JOIN po_lines pl ON pl.id = c.po_line_id" \
  " JOIN purchase_orders po ON po.id = pl.po_id" \
  " WHERE c.line_id = " line " AND c.deleted = 0" \
  " AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received'))"

/* A line's status once its covered quantity moved by d.delta: on order
 * when the covers (with what is allocated) make up its whole backordered
 * quantity, waiting again when they no longer do. */
#define NEW_STATUS_SQL(l) \
  "(CASE WHEN " l "status = 'waiting' AND " l "covered_quantity + d.delta > 0" \
  "   AND " l "covered_quantity + d.delta + " l "allocated_quantity >= " l "backordered_quantity" \
  "  THEN 'on_order'" \
  "  WHEN " l "status = 'on_order'" \
  "   AND " l "covered_quantity + d.delta + " l "allocated_quantity < " l "backordered_quantity" \
  "  THEN 'waiting'" \
  "  ELSE " l "status END)"

/* A line's new status and ETA are written by two UPDATEs: one for the
 * lines whose status changes, one for the others. A status is a column
 * of the queue's and the customer's indexes, and SQLite rewrites the
 * index entries of every row whose indexed column an UPDATE sets, even
 * to the value it had: setting it for 10,000 allocated lines whose
 * covers a receipt took back cost 250 ms of index writes for nothing. */
#define STATUS_ETA_SQL(status) \
  "CASE " status \
  "  WHEN 'on_order' THEN " COVERED_ETA_SQL ("order_lines.id") \
  "  WHEN 'waiting' THEN NULL ELSE eta END"

/* Applies temp.bd_line_delta to the lines: their events first (old values
 * in hand), then the UPDATEs of sums, status and ETA. A delta of 0 (a
 * line covered as much as before, by another PO) only works out its ETA
 * again. */
static gboolean
apply_line_deltas (BdPoAction  *action,
                   const char  *event_action,
                   GError     **error)
{
  g_autofree char *covered_events = NULL;
  g_autofree char *status_events = NULL;

  covered_events = g_strdup_printf (
    "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
    "  entity_uuid, line_id, field, old_value, new_value)"
    " SELECT bd_uuid(), :now, :now, :batch, :author, '%s', 'order_lines', l.uuid, l.id,"
    "  'covered_quantity', l.covered_quantity, l.covered_quantity + d.delta"
    " FROM temp.bd_line_delta d CROSS JOIN order_lines l ON l.id = d.line_id"
    " WHERE d.delta <> 0"
    " ORDER BY d.line_id", event_action);
  status_events = g_strdup_printf (
    "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
    "  entity_uuid, line_id, field, old_value, new_value)"
    " SELECT bd_uuid(), :now, :now, :batch, :author, '%s', 'order_lines', l.uuid, l.id,"
    "  'status', l.status, d.new_status"
    " FROM temp.bd_line_delta d CROSS JOIN order_lines l ON l.id = d.line_id"
    " WHERE d.moves"
    " ORDER BY d.line_id", event_action);

  /* The status events come after the sums: undo goes through a batch
   * backwards and refuses at a covered_quantity event, so a purchasing
   * change is never half undone as if it were a person's status change. */
  return run (action,
              "UPDATE temp.bd_line_delta AS d SET new_status = " NEW_STATUS_SQL ("l.") ","
              "  moves = " NEW_STATUS_SQL ("l.") " IS NOT l.status"
              " FROM order_lines l WHERE l.id = d.line_id",
              error) &&
         run (action, status_events, error) &&
         run (action, covered_events, error) &&
         run (action,
              "UPDATE order_lines SET"
              "  status = d.new_status,"
              "  covered_quantity = covered_quantity + d.delta,"
              "  eta = " STATUS_ETA_SQL ("d.new_status") ","
              "  updated_at = :now, dirty = 1"
              " FROM temp.bd_line_delta d WHERE order_lines.id = d.line_id AND d.moves"
              "  AND order_lines.id IN (SELECT line_id FROM temp.bd_line_delta WHERE moves);"
              "UPDATE order_lines SET"
              "  covered_quantity = covered_quantity + d.delta,"
              "  eta = " STATUS_ETA_SQL ("d.new_status") ","
              "  updated_at = :now, dirty = 1"
              " FROM temp.bd_line_delta d WHERE order_lines.id = d.line_id AND NOT d.moves"
              "  AND order_lines.id IN (SELECT line_id FROM temp.bd_line_delta WHERE NOT moves)",
              error) &&
         run (action, "DELETE FROM temp.bd_line_delta", error);
}

/* Works out, into temp.bd_new_covers, which PO lines of
 * temp.bd_cover_src cover which backorder lines: the demand of the lines
 * oldest first against the PO lines' capacity earliest arriving first.
 * @from_scratch: the demand is every open line's need not allocated, as
 * if nothing were covered yet (where the covers belong); else only the
 * waiting lines' need no cover meets yet (what is left to cover). */
static gboolean
plan_covers (BdPoAction  *action,
             gboolean     from_scratch,
             GError     **error)
{
  g_autofree char *sql = NULL;

  /* Each side as intervals on a line per product: the demand of the
   * lines oldest first, the PO lines' capacity earliest arriving first; a
   * PO line covers of a backorder line what their intervals share. Both
   * sides go to tables of their own, the demand indexed by product and
   * end: joined as subqueries, SQLite compared every PO line with every
   * backorder line (32 s for 10,000 by 100,000). */
  sql = g_strdup_printf (
    "DELETE FROM temp.bd_new_covers;"
    "DELETE FROM temp.bd_supply;"
    "DELETE FROM temp.bd_demand;"
    "INSERT INTO temp.bd_supply (po_line_id, product_id, capacity, s_end)"
    " SELECT po_line_id, product_id, capacity,"
    "  sum(capacity) OVER (PARTITION BY product_id"
    "   ORDER BY coalesce(arrives, '9999-12-31'), po_line_id)"
    " FROM temp.bd_cover_src WHERE capacity > 0;"
    "INSERT INTO temp.bd_demand (line_id, product_id, need, d_end)"
    " SELECT line_id, product_id, need,"
    "  sum(need) OVER (PARTITION BY product_id ORDER BY ordered_at, line_id)"
    " FROM (SELECT l.id AS line_id, l.product_id, l.ordered_at,"
    "        l.backordered_quantity - %s l.allocated_quantity AS need"
    "       FROM order_lines l"
    "       WHERE %s AND l.backordered_quantity > 0 AND l.deleted = 0"
    "        AND l.product_id IN (SELECT product_id FROM temp.bd_supply))"
    " WHERE need > 0;"
    "INSERT INTO temp.bd_new_covers (po_line_id, line_id, quantity)"
    " SELECT s.po_line_id, d.line_id,"
    "  min(d.d_end, s.s_end) - max(d.d_end - d.need, s.s_end - s.capacity)"
    " FROM temp.bd_supply s"
    " JOIN temp.bd_demand d ON d.product_id = s.product_id"
    "  AND d.d_end > s.s_end - s.capacity AND d.d_end - d.need < s.s_end"
    " ORDER BY s.po_line_id, d.d_end",
    from_scratch ? "" : "l.covered_quantity -",
    from_scratch ? "l.status IN ('waiting', 'on_order')" : "l.status = 'waiting'");

  return run (action, sql, error);
}

gboolean
bd_po_cover_from_source (BdPoAction  *action,
                         const char  *event_action,
                         gboolean     all_new,
                         guint       *n_lines,
                         GError      **error)
{
  g_assert (g_regex_match_simple ("^[a-z-]+$", event_action, 0, 0));

  if (!plan_covers (action, FALSE, error))
    return FALSE;

  /* a PO line that covered part of a line before adds to that cover */
  if (!all_new &&
      !run (action,
            "UPDATE temp.bd_new_covers SET existing = (SELECT c.id FROM po_line_covers c"
            "  WHERE c.po_line_id = bd_new_covers.po_line_id AND c.line_id = bd_new_covers.line_id"
            "  AND c.deleted = 0);"
            "UPDATE po_line_covers SET quantity = po_line_covers.quantity + n.quantity,"
            "  updated_at = :now, dirty = 1"
            " FROM temp.bd_new_covers n WHERE po_line_covers.id = n.existing"
            "  AND po_line_covers.id IN (SELECT existing FROM temp.bd_new_covers)",
            error))
    return FALSE;

  if (!run (action,
            "INSERT INTO po_line_covers (uuid, created_at, updated_at, po_line_id, line_id, quantity)"
            " SELECT bd_uuid(), :now, :now, po_line_id, line_id, quantity"
            " FROM temp.bd_new_covers WHERE existing IS NULL ORDER BY rowid",
            error))
    return FALSE;

  if (!run (action,
            "INSERT INTO temp.bd_line_delta (line_id, delta)"
            " SELECT line_id, sum(quantity) FROM temp.bd_new_covers GROUP BY line_id",
            error))
    return FALSE;

  if (n_lines != NULL)
    *n_lines = sqlite3_changes (bd_store_get_db (action->store));

  return apply_line_deltas (action, event_action, error) &&
         run (action, "DELETE FROM temp.bd_new_covers; DELETE FROM temp.bd_cover_src;"
                      "DELETE FROM temp.bd_supply; DELETE FROM temp.bd_demand", error);
}

gboolean
bd_po_uncover (BdPoAction  *action,
               const char  *event_action,
               GError     **error)
{
  g_assert (g_regex_match_simple ("^[a-z-]+$", event_action, 0, 0));

  /* covers are synced rows: one taken back whole is a tombstone */
  return run (action,
              "INSERT INTO temp.bd_line_delta (line_id, delta)"
              " SELECT c.line_id, -sum(min(d.quantity, c.quantity))"
              " FROM temp.bd_drop_covers d CROSS JOIN po_line_covers c ON c.id = d.cover_id"
              " WHERE c.deleted = 0 GROUP BY c.line_id",
              error) &&
         run (action,
              "UPDATE po_line_covers SET"
              "  deleted = (po_line_covers.quantity <= d.quantity),"
              "  quantity = CASE WHEN po_line_covers.quantity <= d.quantity THEN po_line_covers.quantity"
              "   ELSE po_line_covers.quantity - d.quantity END,"
              "  updated_at = :now, dirty = 1"
              " FROM temp.bd_drop_covers d WHERE po_line_covers.id = d.cover_id"
              "  AND po_line_covers.id IN (SELECT cover_id FROM temp.bd_drop_covers)"
              "  AND po_line_covers.deleted = 0",
              error) &&
         apply_line_deltas (action, event_action, error) &&
         run (action, "DELETE FROM temp.bd_drop_covers", error);
}

/* The lines of a PO lie scattered over the million-line table, one page
 * each for most of them, and reading and writing those pages is what a
 * date change costs: 10,000 lines are about 8,800 of the table's 39,000
 * pages. So each page is read once before the UPDATE: one pass takes
 * the lines' uuid (for the events), status and old ETA and works out the
 * new one, and only lines whose ETA really moves are written (a line
 * that another PO holds up longer keeps its ETA, and its page is not
 * rewritten). The ETA is no column of the status-led indexes, so the
 * UPDATE rewrites the rows alone. */
gboolean
bd_po_update_etas (BdPoAction  *action,
                   gint64       po_id,
                   guint       *n_changed,
                   GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *handling = g_strdup_printf ("+%d days", action->handling_days);
  gint64 start;

  if (!run (action, "DELETE FROM temp.bd_eta_change", error))
    return FALSE;

  /* The PO's lines in the table's order, so that the pages are read (and
   * then written) front to back. A line this PO alone covers (its covered
   * quantity is what this PO's covers give it: the covers of every PO
   * make it up) gets this PO's date; only the others look for the latest
   * of their POs, which for 10,000 lines took 3 lookups each and three
   * times the processor time of the rest of this pass. */
  stmt = bd_store_prepare (action->store,
                           "WITH m (id, quantity) AS (SELECT c.line_id, sum(c.quantity)"
                           "  FROM po_lines pl JOIN po_line_covers c ON c.po_line_id = pl.id"
                           "  WHERE pl.po_id = :po AND pl.deleted = 0 AND c.deleted = 0 GROUP BY c.line_id),"
                           /* materialized: else the ETA is worked out twice a line */
                           " n AS MATERIALIZED (SELECT l.id, l.uuid, l.eta,"
                           "  CASE WHEN l.covered_quantity = m.quantity"
                           "   THEN (SELECT date(" BD_PO_DATE_SQL ", :handling) FROM purchase_orders po"
                           "    WHERE po.id = :po AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received'))"
                           "   ELSE " COVERED_ETA_SQL ("l.id") " END AS new_eta"
                           "  FROM m CROSS JOIN order_lines l ON l.id = m.id"
                           "  WHERE l.status = 'on_order')"
                           "INSERT INTO temp.bd_eta_change (line_id, uuid, old_eta, new_eta)"
                           " SELECT id, uuid, eta, new_eta FROM n WHERE eta IS NOT new_eta ORDER BY id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":handling"), handling, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":po"), po_id);
  start = g_get_monotonic_time ();
  if (!bd_store_step_done (action->store, stmt, error))
    return FALSE;
  g_debug ("%.3f s: the new ETAs of %d lines", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC,
           sqlite3_changes (bd_store_get_db (action->store)));

  if (n_changed != NULL)
    *n_changed = sqlite3_changes (bd_store_get_db (action->store));

  return run (action,
              "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
              "  entity_uuid, line_id, field, old_value, new_value)"
              " SELECT bd_uuid(), :now, :now, :batch, :author, 'po-date', 'order_lines', uuid, line_id,"
              "  'eta', old_eta, new_eta"
              " FROM temp.bd_eta_change ORDER BY line_id",
              error) &&
         run (action,
              "UPDATE order_lines SET eta = e.new_eta, updated_at = :now, dirty = 1"
              " FROM temp.bd_eta_change e WHERE order_lines.id = e.line_id"
              "  AND order_lines.id IN (SELECT line_id FROM temp.bd_eta_change)",
              error);
}

/* Gives back @excess units of the covers of a PO line, the newest lines'
 * first, so that those waiting longest stay covered. */
gboolean
bd_po_trim_covers (BdPoAction  *action,
                   gint64       po_line_id,
                   gint64       excess,
                   const char  *event_action,
                   GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  if (excess <= 0)
    return TRUE;

  stmt = bd_store_prepare (action->store,
                           "INSERT INTO temp.bd_drop_covers (cover_id, quantity)"
                           " SELECT id, min(quantity, ?2 - (cum - quantity)) FROM ("
                           "  SELECT c.id, c.quantity, sum(c.quantity) OVER"
                           "   (ORDER BY l.ordered_at DESC, l.id DESC) AS cum"
                           "  FROM po_line_covers c JOIN order_lines l ON l.id = c.line_id"
                           "  WHERE c.po_line_id = ?1 AND c.deleted = 0)"
                           " WHERE cum - quantity < ?2",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, po_line_id);
  sqlite3_bind_int64 (stmt, 2, excess);
  return bd_store_step_done (action->store, stmt, error) &&
         bd_po_uncover (action, event_action, error);
}

/* A line's status once temp.bd_allocate gave it a.quantity more (or took
 * that much back): allocated when its whole backordered quantity is; on
 * order when covers make up the rest; else waiting. */
#define ALLOCATED_STATUS_SQL(l) \
  "(CASE WHEN " l "allocated_quantity + a.quantity >= " l "backordered_quantity THEN 'allocated'" \
  "  WHEN " l "covered_quantity > 0" \
  "   AND " l "covered_quantity + " l "allocated_quantity + a.quantity >= " l "backordered_quantity" \
  "  THEN 'on_order'" \
  "  ELSE 'waiting' END)"

gboolean
bd_po_allocate (BdPoAction  *action,
                const char  *event_action,
                GError     **error)
{
  g_autofree char *status_events = NULL;
  g_autofree char *allocated_events = NULL;

  g_assert (g_regex_match_simple ("^[a-z-]+$", event_action, 0, 0));

  status_events = g_strdup_printf (
    "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
    "  entity_uuid, line_id, field, old_value, new_value)"
    " SELECT bd_uuid(), :now, :now, :batch, :author, '%s', 'order_lines', l.uuid, l.id,"
    "  'status', l.status, a.new_status"
    " FROM temp.bd_allocate a CROSS JOIN order_lines l ON l.id = a.line_id"
    " WHERE a.moves"
    " ORDER BY a.line_id", event_action);
  allocated_events = g_strdup_printf (
    "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
    "  entity_uuid, line_id, field, old_value, new_value)"
    " SELECT bd_uuid(), :now, :now, :batch, :author, '%s', 'order_lines', l.uuid, l.id,"
    "  'allocated_quantity', l.allocated_quantity, l.allocated_quantity + a.quantity"
    " FROM temp.bd_allocate a CROSS JOIN order_lines l ON l.id = a.line_id"
    " WHERE a.quantity <> 0"
    " ORDER BY a.line_id", event_action);

  /* an allocated line leaves when its parcel can: today + handling days;
   * the status is set only where it changes (see STATUS_ETA_SQL) */
  return run (action,
              "UPDATE temp.bd_allocate AS a SET new_status = " ALLOCATED_STATUS_SQL ("l.") ","
              "  moves = " ALLOCATED_STATUS_SQL ("l.") " IS NOT l.status"
              " FROM order_lines l WHERE l.id = a.line_id",
              error) &&
         run (action, status_events, error) &&
         run (action, allocated_events, error) &&
         run (action,
              "UPDATE order_lines SET"
              "  status = a.new_status,"
              "  allocated_quantity = allocated_quantity + a.quantity,"
              "  eta = CASE a.new_status"
              "    WHEN 'allocated' THEN date(:today, :handling)"
              "    WHEN 'on_order' THEN " COVERED_ETA_SQL ("order_lines.id")
              "    ELSE NULL END,"
              "  updated_at = :now, dirty = 1"
              " FROM temp.bd_allocate a WHERE order_lines.id = a.line_id AND a.moves"
              "  AND order_lines.id IN (SELECT line_id FROM temp.bd_allocate WHERE moves);"
              "UPDATE order_lines SET"
              "  allocated_quantity = allocated_quantity + a.quantity,"
              "  eta = CASE a.new_status"
              "    WHEN 'allocated' THEN date(:today, :handling)"
              "    WHEN 'on_order' THEN " COVERED_ETA_SQL ("order_lines.id")
              "    ELSE NULL END,"
              "  updated_at = :now, dirty = 1"
              " FROM temp.bd_allocate a WHERE order_lines.id = a.line_id AND NOT a.moves"
              "  AND order_lines.id IN (SELECT line_id FROM temp.bd_allocate WHERE NOT moves)",
              error);
}

gboolean
bd_po_recover (BdPoAction  *action,
               const char  *event_action,
               GError     **error)
{
  g_autofree char *supply = NULL;

  g_assert (g_regex_match_simple ("^[a-z-]+$", event_action, 0, 0));

  /* Where the covers belong now: every open PO line of the products with
   * what it still brings, against every open line's need not allocated,
   * as create-from-demand covers (plan_covers()). Only the difference to
   * the covers there are is written: a receipt on the PO that arrives
   * first takes back the covers of the lines it served and nothing else,
   * while an early delivery of a later PO moves the next lines in line to
   * the PO that now arrives first. */
  supply = g_strdup_printf ("DELETE FROM temp.bd_cover_src;"
                            "INSERT INTO temp.bd_cover_src (po_line_id, product_id, capacity, arrives)"
                            " SELECT pl.id, pl.product_id, max(pl.quantity - pl.quantity_received, 0),"
                            "  " BD_PO_DATE_SQL
                            " FROM temp.bd_recover r CROSS JOIN po_lines pl ON pl.product_id = r.product_id"
                            " JOIN purchase_orders po ON po.id = pl.po_id"
                            " WHERE pl.deleted = 0 AND po.deleted = 0 AND po.status IN (%s)",
                            bd_po_status_open_sql ());

  return run (action, supply, error) &&
         plan_covers (action, TRUE, error) &&
         run (action,
              /* the covers there are, of any PO line of the products */
              "DELETE FROM temp.bd_cover_now;"
              "DELETE FROM temp.bd_cover_keep;"
              "INSERT INTO temp.bd_cover_now (cover_id, po_line_id, line_id, quantity)"
              " SELECT c.id, c.po_line_id, c.line_id, c.quantity"
              " FROM temp.bd_recover r CROSS JOIN po_lines pl ON pl.product_id = r.product_id"
              " CROSS JOIN po_line_covers c ON c.po_line_id = pl.id"
              " WHERE c.deleted = 0;"
              "UPDATE temp.bd_new_covers SET existing = (SELECT n.cover_id FROM temp.bd_cover_now n"
              "  WHERE n.po_line_id = bd_new_covers.po_line_id AND n.line_id = bd_new_covers.line_id);"
              "INSERT INTO temp.bd_cover_keep (cover_id, quantity)"
              " SELECT existing, quantity FROM temp.bd_new_covers WHERE existing IS NOT NULL;"
              /* what each line gains or loses; 0 for a line that changed PO */
              "INSERT INTO temp.bd_line_delta (line_id, delta)"
              " SELECT line_id, sum(delta) FROM ("
              "  SELECT n.line_id, coalesce(k.quantity, 0) - n.quantity AS delta"
              "  FROM temp.bd_cover_now n LEFT JOIN temp.bd_cover_keep k ON k.cover_id = n.cover_id"
              "  WHERE coalesce(k.quantity, 0) <> n.quantity"
              "  UNION ALL"
              "  SELECT line_id, quantity FROM temp.bd_new_covers WHERE existing IS NULL)"
              " GROUP BY line_id;"
              /* covers are synced rows: one taken back whole is a tombstone */
              "UPDATE po_line_covers SET"
              "  deleted = (k.quantity IS NULL),"
              "  quantity = coalesce(k.quantity, po_line_covers.quantity),"
              "  updated_at = :now, dirty = 1"
              " FROM temp.bd_cover_now n LEFT JOIN temp.bd_cover_keep k ON k.cover_id = n.cover_id"
              " WHERE po_line_covers.id = n.cover_id AND coalesce(k.quantity, 0) <> n.quantity"
              "  AND po_line_covers.id IN (SELECT cover_id FROM temp.bd_cover_now);"
              "INSERT INTO po_line_covers (uuid, created_at, updated_at, po_line_id, line_id, quantity)"
              " SELECT bd_uuid(), :now, :now, po_line_id, line_id, quantity"
              " FROM temp.bd_new_covers WHERE existing IS NULL ORDER BY rowid",
              error) &&
         apply_line_deltas (action, event_action, error) &&
         run (action, "DELETE FROM temp.bd_new_covers; DELETE FROM temp.bd_cover_src;"
                      "DELETE FROM temp.bd_supply; DELETE FROM temp.bd_demand;"
                      "DELETE FROM temp.bd_cover_now; DELETE FROM temp.bd_cover_keep;"
                      "DELETE FROM temp.bd_recover", error);
}
