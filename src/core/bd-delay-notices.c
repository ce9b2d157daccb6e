/* bd-delay-notices.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-delay-notices"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-delay-notices-private.h"
#include "bd-eta.h"
#include "bd-purchasing-private.h"
#include "bd-status.h"
#include "bd-util.h"

static const char * const state_names[] = { "needed", "awaiting", "consented", "must_cancel" };

void
bd_delay_case_free (gpointer data)
{
  BdDelayCase *item = data;

  if (item == NULL)
    return;

  g_free (item->ref);
  g_free (item->customer_ref);
  g_free (item->customer_name);
  g_free (item->promised_at);
  g_free (item->eta);
  g_free (item->last_new_date);
  g_free (item->deadline);
  g_free (item->answer);
  g_free (item);
}

const char *
bd_notice_state_to_string (BdNoticeState state)
{
  g_return_val_if_fail (state <= BD_NOTICE_MUST_CANCEL, NULL);

  return state_names[state];
}

static char *
team_setting (BdStore    *store,
              const char *key)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT value FROM team_settings WHERE key = ? AND deleted = 0",
                                             NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

/* The team setting "ftc_rule" (on unless "off"): shops that are not under
 * the rule switch it off. */
gboolean
bd_delay_notices_enabled (BdStore *store)
{
  g_autofree char *value = team_setting (store, "ftc_rule");

  return g_strcmp0 (value, "off") != 0;
}

static int
ftc_days (BdStore *store)
{
  g_autofree char *value = team_setting (store, "ftc_days");
  gint64 days = BD_FTC_DEFAULT_DAYS;
  g_autofree char *problem = NULL;

  if (value != NULL && !bd_parse_int (value, 1, 365, &days, &problem))
    days = BD_FTC_DEFAULT_DAYS;
  return (int)days;
}

typedef struct
{
  int n;
  char *first_original;
  char *last_new_date;
  gint64 last_new_day;
  char *deadline;
  char *answer;
} Notices;

static void
notices_free (gpointer data)
{
  Notices *notices = data;

  g_free (notices->first_original);
  g_free (notices->last_new_date);
  g_free (notices->deadline);
  g_free (notices->answer);
  g_free (notices);
}

/* line id -> Notices, for every line with a notice */
static GHashTable *
read_notices (BdStore  *store,
              GError  **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, notices_free);
  g_autoptr(BdStmt) stmt = bd_store_prepare (store,
                                             "SELECT line_id, original_date, new_date, deadline, answer"
                                             " FROM delay_notices WHERE deleted = 0 ORDER BY line_id, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 line_id = sqlite3_column_int64 (stmt, 0);
      Notices *notices = g_hash_table_lookup (table, &line_id);

      if (notices == NULL)
        {
          notices = g_new0 (Notices, 1);
          notices->first_original = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
          g_hash_table_insert (table, g_memdup2 (&line_id, sizeof line_id), notices);
        }
      notices->n++;
      g_free (notices->last_new_date);
      notices->last_new_date = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      if (!bd_local_day (notices->last_new_date, &notices->last_new_day))
        notices->last_new_day = G_MININT64;
      g_free (notices->deadline);
      notices->deadline = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      g_free (notices->answer);
      notices->answer = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the delay notices"));
      return NULL;
    }

  return g_steal_pointer (&table);
}

/* The promise a line is held to, as a local day: the date promised, or
 * the order's day and the rule's days. */
static gboolean
promise_day_of (const char *promised_at,
                const char *ordered_at,
                int         days,
                gint64     *day)
{
  if (promised_at != NULL)
    return bd_local_day (promised_at, day);
  if (!bd_local_day (ordered_at, day))
    return FALSE;
  *day += days;
  return TRUE;
}

/* The same as a date (YYYY-MM-DD); NULL when the line has neither. */
static char *
promise_of (BdBackorder *line,
            int          days)
{
  gint64 day;

  if (!promise_day_of (bd_backorder_get_promised_at (line), bd_backorder_get_ordered_at (line), days, &day))
    return NULL;
  return bd_day_to_date (day);
}

static BdNoticeState
state_of (const Notices *notices,
          gint64         eta_day,
          const char    *today,
          int            days)
{
  g_autofree char *silence_limit = NULL;

  /* no notice, or the date slipped past the one the last notice gave */
  if (notices == NULL || notices->last_new_day < eta_day)
    return BD_NOTICE_NEEDED;
  if (g_strcmp0 (notices->answer, "wait") == 0)
    return BD_NOTICE_CONSENTED;
  if (g_strcmp0 (today, notices->deadline) <= 0)
    return BD_NOTICE_AWAITING;

  /* silence: consent only to a first notice at most the rule's days late */
  silence_limit = notices->first_original != NULL ? bd_purchasing_add_days (notices->first_original, days) : NULL;
  if (notices->n == 1 && silence_limit != NULL && g_strcmp0 (notices->last_new_date, silence_limit) <= 0)
    return BD_NOTICE_CONSENTED;
  return BD_NOTICE_MUST_CANCEL;
}

/* The rule as it stands today: the team's settings and every line's
 * notices, read once, to judge many lines by. The one place the rule is
 * written: bd_delay_notices_list() judges by it, and so do the queue's
 * filters (bd-backorder-query.c), from the ETAs they work out faster. */
struct _BdDelayRule
{
  gboolean enabled;
  int days;
  char *today;
  GHashTable *notices;   /* line id -> Notices */
};

void
bd_delay_rule_free (BdDelayRule *rule)
{
  if (rule == NULL)
    return;

  g_free (rule->today);
  g_clear_pointer (&rule->notices, g_hash_table_unref);
  g_free (rule);
}

/* The rule on @today (a local date, the ETAs' today); NULL on an error. */
BdDelayRule *
bd_delay_rule_new (BdStore     *store,
                   const char  *today,
                   GError     **error)
{
  g_autoptr(BdDelayRule) rule = g_new0 (BdDelayRule, 1);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  rule->enabled = bd_delay_notices_enabled (store);
  rule->days = ftc_days (store);
  rule->today = g_strdup (today);
  if (rule->enabled)
    {
      rule->notices = read_notices (store, error);
      if (rule->notices == NULL)
        return NULL;
    }

  return g_steal_pointer (&rule);
}

/* What the rule asks of the open line @line_id, expected on @eta_day (a
 * local day, see bd_local_day()): FALSE when nothing, the rule being off
 * or the line not later than its promise; else its @state and the day
 * of the promise it is held to. */
gboolean
bd_delay_rule_judge (const BdDelayRule *rule,
                     gint64             line_id,
                     gint64             eta_day,
                     const char        *promised_at,
                     const char        *ordered_at,
                     BdNoticeState     *state,
                     gint64            *promise_day)
{
  gint64 promise;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (!rule->enabled || !promise_day_of (promised_at, ordered_at, rule->days, &promise) || eta_day <= promise)
    return FALSE;

  *state = state_of (g_hash_table_lookup (rule->notices, &line_id), eta_day, rule->today, rule->days);
  if (promise_day != NULL)
    *promise_day = promise;
  return TRUE;
}

/* Adds to @cases the lines of @ids whose expected date is past their
 * promise, with what the rule asks for each (see bd_delay_notices_list()). */
static gboolean
evaluate_lines (BdStore      *store,
                GArray       *ids,
                gboolean      all,
                BdEtaContext *shared_context,
                GPtrArray    *cases,
                GError      **error)
{
  g_autoptr(BdDelayRule) rule = NULL;
  g_autoptr(BdEtaContext) own_context = NULL;
  BdEtaContext *context = shared_context;

  if (context == NULL)
    context = own_context = bd_eta_context_new (store, error);
  if (context == NULL)
    return FALSE;
  rule = bd_delay_rule_new (store, bd_eta_context_get_today (context), error);
  if (rule == NULL)
    return FALSE;

  for (guint start = 0; start < ids->len; start += 256)
    {
      guint n = MIN (256, ids->len - start);
      g_autoptr(GHashTable) rows = bd_backorder_table_new ();

      if (!bd_backorder_load_many (store, &g_array_index (ids, gint64, start), n, rows, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          gint64 id = g_array_index (ids, gint64, start + i);
          BdBackorder *line = g_hash_table_lookup (rows, &id);
          g_autoptr(BdEta) eta = NULL;
          Notices *line_notices;
          BdNoticeState state;
          BdDelayCase *item;
          gint64 eta_day, promise_day;

          if (line == NULL)
            continue;
          eta = bd_eta_compute (context, line);
          if (eta == NULL || !bd_local_day (eta->eta, &eta_day) ||
              !bd_delay_rule_judge (rule, id, eta_day, bd_backorder_get_promised_at (line),
                                    bd_backorder_get_ordered_at (line), &state, &promise_day))
            continue;
          if (!all && state != BD_NOTICE_NEEDED && state != BD_NOTICE_MUST_CANCEL)
            continue;

          item = g_new0 (BdDelayCase, 1);
          item->line_id = id;
          item->ref = g_strdup (bd_backorder_get_ref (line));
          item->customer_ref = g_strdup (bd_backorder_get_customer_ref (line));
          item->customer_name = g_strdup (bd_backorder_get_customer_name (line));
          item->promised_at = bd_day_to_date (promise_day);
          item->eta = g_strdup (eta->eta);
          item->state = state;
          line_notices = g_hash_table_lookup (rule->notices, &id);
          if (line_notices != NULL)
            {
              item->n_notices = line_notices->n;
              item->last_new_date = g_strdup (line_notices->last_new_date);
              item->deadline = g_strdup (line_notices->deadline);
              item->answer = g_strdup (line_notices->answer);
            }
          g_ptr_array_add (cases, item);
        }
    }

  return TRUE;
}

/* The ids @sql (one column) yields. */
static GArray *
read_ids (BdStore     *store,
          const char  *sql,
          GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the open lines"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The open lines whose expected date is past their promise, with what
 * the rule asks for each; @all: also those awaiting an answer or
 * consented, not only those that need a notice or must be cancelled. The
 * oldest order first. Empty when the team switched the rule off. */
GPtrArray *
bd_delay_notices_list (BdStore   *store,
                       gboolean   all,
                       GError   **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (bd_delay_case_free);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!bd_delay_notices_enabled (store))
    return g_steal_pointer (&cases);

  sql = g_strdup_printf ("SELECT id FROM order_lines WHERE backordered_quantity > 0 AND deleted = 0"
                         " AND status IN (%s) ORDER BY ordered_at, id", bd_status_open_sql ());
  ids = read_ids (store, sql, error);
  if (ids == NULL || !evaluate_lines (store, ids, all, NULL, cases, error))
    return NULL;

  return g_steal_pointer (&cases);
}

/* The ids of the open lines the rule says must be cancelled and refunded
 * (BD_NOTICE_MUST_CANCEL), in no particular order: only a line with a
 * notice can be one, so only those are looked at. Empty when the team
 * switched the rule off. What the queue's "Must cancel and refund" filter
 * lists. */
GArray *
bd_delay_notices_must_cancel_ids (BdStore  *store,
                                  GError  **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (bd_delay_case_free);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) must = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!bd_delay_notices_enabled (store))
    return g_steal_pointer (&must);

  sql = g_strdup_printf ("SELECT l.id FROM order_lines l WHERE l.id IN"
                         " (SELECT line_id FROM delay_notices WHERE deleted = 0)"
                         " AND l.backordered_quantity > 0 AND l.deleted = 0 AND l.status IN (%s)",
                         bd_status_open_sql ());
  ids = read_ids (store, sql, error);
  if (ids == NULL || !evaluate_lines (store, ids, FALSE, NULL, cases, error))
    return NULL;

  for (guint i = 0; i < cases->len; i++)
    {
      BdDelayCase *item = g_ptr_array_index (cases, i);

      if (item->state == BD_NOTICE_MUST_CANCEL)
        g_array_append_val (must, item->line_id);
    }

  return g_steal_pointer (&must);
}

/**
 * bd_delay_notices_for_line:
 * @out: (out) (transfer full): the line's case, or %NULL when the rule
 *   asks nothing of it (switched off, the line closed, or not later than
 *   its promise)
 *
 * What the rule asks of one line, as bd_delay_notices_list() with all
 * says it: for the line's own view. Reads through the store's shared ETA
 * context (bd_eta_context_for_store()), as the line's view does.
 */
gboolean
bd_delay_notices_for_line (BdStore      *store,
                           gint64        line_id,
                           BdDelayCase **out,
                           GError      **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (bd_delay_case_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(BdBackorder) line = NULL;
  BdEtaContext *context;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (!bd_delay_notices_enabled (store))
    return TRUE;
  line = bd_backorder_load (store, line_id, error);
  if (line == NULL)
    return FALSE;
  if (!bd_backorder_is_open (line) || bd_backorder_get_short (line) <= 0)
    return TRUE;

  context = bd_eta_context_for_store (store, error);
  if (context == NULL)
    return FALSE;
  g_array_append_val (ids, line_id);
  if (!evaluate_lines (store, ids, TRUE, context, cases, error))
    return FALSE;
  if (cases->len > 0)
    *out = g_ptr_array_steal_index (cases, 0);
  return TRUE;
}

/* A notice sent for @line_id (by message @message_id, or 0): the date it
 * gave and the day by which the customer may answer. */
gboolean
bd_delay_notices_record (BdStore     *store,
                         gint64       line_id,
                         gint64       message_id,
                         const char  *original_date,
                         const char  *new_date,
                         const char  *deadline,
                         GError     **error)
{
  g_autofree char *uuid = bd_store_new_uuid (store);
  g_autofree char *now = bd_store_now_iso (store);
  g_autofree char *batch = bd_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (new_date != NULL && deadline != NULL, FALSE);

  if (!bd_store_begin (store, error))
    return FALSE;
  stmt = bd_store_cached (store,
                          "INSERT INTO delay_notices (uuid, created_at, updated_at, line_id, message_id,"
                          " original_date, new_date, deadline) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, line_id);
      if (message_id > 0)
        sqlite3_bind_int64 (stmt, 4, message_id);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_text (stmt, 5, original_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, new_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, deadline, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      if (!ok)
        bd_store_set_sql_error (store, error, _("Could not record the delay notice"));
    }
  ok = ok && bd_store_add_event (store, batch, "delay_notice", "delay_notice", uuid, line_id, "new_date",
                                 original_date, new_date, error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "delay_notices", "events", NULL });
  return bd_store_commit (store, error);
}

/* A delay notice that went out as message @message_uuid, giving
 * @new_date: recorded against the line's promise, with a week to answer. */
gboolean
bd_delay_notices_record_sent (BdStore     *store,
                              gint64       line_id,
                              const char  *message_uuid,
                              const char  *new_date,
                              GError     **error)
{
  g_autoptr(BdBackorder) line = bd_backorder_load (store, line_id, error);
  g_autoptr(BdStmt) message = NULL;
  g_autofree char *promise = NULL;
  g_autofree char *today = NULL;
  g_autofree char *deadline = NULL;
  gint64 message_id = 0;

  if (line == NULL)
    return FALSE;

  message = bd_store_prepare (store, "SELECT id FROM messages WHERE uuid = ?", error);
  if (message == NULL)
    return FALSE;
  sqlite3_bind_text (message, 1, message_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (message) == SQLITE_ROW)
    message_id = sqlite3_column_int64 (message, 0);
  g_clear_pointer (&message, sqlite3_finalize);

  promise = promise_of (line, ftc_days (store));
  today = bd_purchasing_today (store);
  deadline = bd_purchasing_add_days (today, BD_DELAY_NOTICE_ANSWER_DAYS);
  return bd_delay_notices_record (store, line_id, message_id, promise, new_date, deadline, error);
}

static gboolean
product_exists (BdStore     *store,
                const char  *sku,
                GError     **error)
{
  g_autoptr(BdStmt) product = bd_store_prepare (store, "SELECT 1 FROM products WHERE sku = ? AND deleted = 0", error);

  if (product == NULL)
    return FALSE;
  sqlite3_bind_text (product, 1, sku, -1, SQLITE_STATIC);
  if (sqlite3_step (product) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no product “%s”"), sku);
      return FALSE;
    }
  return TRUE;
}

static char *
replaced_by (const char *sku)
{
  /* TRANSLATORS: the reason a line was cancelled; %s is an SKU */
  return g_strdup_printf (_("replaced by %s"), sku);
}

/* The customer's answer to the last notice of @line_id: "wait", or
 * "alternative" (the line is cancelled, "replaced by SKU"), or "cancel"
 * (cancelled and refunded). One transaction with the line's change. */
gboolean
bd_delay_notices_answer (BdStore     *store,
                         gint64       line_id,
                         const char  *answer,
                         const char  *alternative_sku,
                         GError     **error)
{
  g_autoptr(BdStmt) last = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *reason = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (g_strcmp0 (answer, "wait") != 0 && g_strcmp0 (answer, "alternative") != 0 &&
      g_strcmp0 (answer, "cancel") != 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not an answer to a delay notice: expected wait, alternative or cancel"),
                   answer != NULL ? answer : "");
      return FALSE;
    }
  if (g_str_equal (answer, "alternative") && (alternative_sku == NULL || *alternative_sku == '\0'))
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("Say which product the customer takes instead"));
      return FALSE;
    }

  last = bd_store_prepare (store, "SELECT uuid, answer FROM delay_notices WHERE line_id = ? AND deleted = 0"
                                  " ORDER BY id DESC LIMIT 1", error);
  if (last == NULL)
    return FALSE;
  sqlite3_bind_int64 (last, 1, line_id);
  if (sqlite3_step (last) != SQLITE_ROW)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("No delay notice was sent for this line: there is nothing to answer"));
      return FALSE;
    }
  uuid = g_strdup ((const char *)sqlite3_column_text (last, 0));
  g_clear_pointer (&last, sqlite3_finalize);

  if (g_str_equal (answer, "alternative"))
    {
      if (!product_exists (store, alternative_sku, error))
        return FALSE;
      reason = replaced_by (alternative_sku);
    }
  else if (g_str_equal (answer, "cancel"))
    reason = g_strdup (_("cancelled by the customer after a delay notice"));

  now = bd_store_now_iso (store);
  batch = bd_store_new_uuid (store);
  if (!bd_store_begin (store, error))
    return FALSE;

  if (reason != NULL)
    ok = bd_actions_set_status (store, &line_id, 1, "cancelled", reason, g_str_equal (answer, "cancel"),
                                NULL, error);

  if (ok)
    {
      stmt = bd_store_cached (store, "UPDATE delay_notices SET answer = ?2, answered_at = ?3, updated_at = ?3,"
                                     " dirty = 1 WHERE uuid = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, answer, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
          sqlite3_reset (stmt);
          if (!ok)
            bd_store_set_sql_error (store, error, _("Could not record the answer"));
        }
    }
  ok = ok && bd_store_add_event (store, batch, "consent", "delay_notice", uuid, line_id, "answer", NULL,
                                 alternative_sku != NULL && g_str_equal (answer, "alternative")
                                 ? reason : answer, error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "delay_notices", "order_lines", "events", NULL });
  return bd_store_commit (store, error);
}

/**
 * bd_delay_notices_take_alternative:
 *
 * The customer of @line_id takes product @sku instead, with or without a
 * delay notice before: the answer to the line's last notice when there is
 * one (bd_delay_notices_answer()), else the line cancelled, "replaced by
 * SKU", and the choice logged on it. One transaction; an SKU that is no
 * product changes nothing.
 */
gboolean
bd_delay_notices_take_alternative (BdStore     *store,
                                   gint64       line_id,
                                   const char  *sku,
                                   GError     **error)
{
  g_autoptr(BdStmt) notice = NULL;
  g_autoptr(BdBackorder) line = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *batch = NULL;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (sku == NULL || *sku == '\0')
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                           _("Say which product the customer takes instead"));
      return FALSE;
    }

  notice = bd_store_prepare (store, "SELECT 1 FROM delay_notices WHERE line_id = ? AND deleted = 0", error);
  if (notice == NULL)
    return FALSE;
  sqlite3_bind_int64 (notice, 1, line_id);
  if (sqlite3_step (notice) == SQLITE_ROW)
    return bd_delay_notices_answer (store, line_id, "alternative", sku, error);
  g_clear_pointer (&notice, sqlite3_finalize);

  line = bd_backorder_load (store, line_id, error);
  if (line == NULL || !product_exists (store, sku, error))
    return FALSE;

  reason = replaced_by (sku);
  batch = bd_store_new_uuid (store);
  if (!bd_store_begin (store, error))
    return FALSE;
  ok = bd_actions_set_status (store, &line_id, 1, "cancelled", reason, FALSE, NULL, error) &&
       bd_store_add_event (store, batch, "alternative", "order_line", bd_backorder_get_uuid (line), line_id,
                           "sku", NULL, sku, error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "order_lines", "events", NULL });
  return bd_store_commit (store, error);
}
