/* bd-receiving.c: receipts against purchase orders, and the backorder
 * lines their units go to
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-receiving"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-on-hand-snapshots-private.h"
#include "bd-po-status.h"
#include "bd-purchasing-private.h"
#include "bd-receiving.h"
#include "bd-team-settings.h"
#include "bd-util.h"

/* A receipt's units go to the open lines of its SKU, all of them and not
 * only those its PO covered: the customer who waited longest gets the
 * first units whichever PO was meant for them. The plan is made in C
 * from the lines read once (the policy's order, ship-complete orders,
 * orders a receipt completes), the same for the preview and the booking;
 * the booking writes it set-based and then covers the SKU's open lines
 * anew (bd_po_recover()), so that each open PO covers the lines next in
 * line. What no line needs goes to on hand.
 *
 * Undo takes a receipt back while nothing later depends on it: no later
 * receipt of its SKU or on its PO, and no later change of the lines, PO,
 * PO line or product it changed (a priority or a note does not count). */

G_DEFINE_QUARK (bd-receiving-error-quark, bd_receiving_error)

/* From how many lines a receipt raises the page cache for its transaction */
#define BIG_RECEIPT_LINES 1000

static const char * const policy_names[] = { "fifo", "priority", "complete" };

gboolean
bd_allocation_policy_parse (const char         *text,
                            BdAllocationPolicy *policy)
{
  for (guint i = 0; i < G_N_ELEMENTS (policy_names); i++)
    if (g_strcmp0 (text, policy_names[i]) == 0)
      {
        *policy = (BdAllocationPolicy)i;
        return TRUE;
      }

  return FALSE;
}

const char *
bd_allocation_policy_to_string (BdAllocationPolicy policy)
{
  g_return_val_if_fail (policy <= BD_ALLOCATION_COMPLETE, NULL);

  return policy_names[policy];
}

/* The policy in a few words, for a preview's heading. */
const char *
bd_allocation_policy_describe (BdAllocationPolicy policy)
{
  switch (policy)
    {
    case BD_ALLOCATION_FIFO: return _("oldest order first");
    case BD_ALLOCATION_PRIORITY: return _("highest priority first, then oldest order");
    case BD_ALLOCATION_COMPLETE: return _("orders this receipt completes first, then oldest order");
    default: g_return_val_if_reached (NULL);
    }
}

/* The team's default policy (team setting allocation_policy), fifo until
 * one is set or when sync brought one this version does not know. */
BdAllocationPolicy
bd_receiving_default_policy (BdStore *store)
{
  g_autofree char *value = NULL;
  BdAllocationPolicy policy = BD_ALLOCATION_FIFO;

  g_return_val_if_fail (BD_IS_STORE (store), BD_ALLOCATION_FIFO);

  value = bd_team_settings_get (store, BD_TEAM_SETTING_ALLOCATION_POLICY, NULL);
  if (value == NULL || !bd_allocation_policy_parse (value, &policy))
    policy = BD_ALLOCATION_FIFO;

  return policy;
}

/* Why @allocation got what it got, in words. */
char *
bd_allocation_describe (const BdAllocation *allocation)
{
  g_autofree char *ordered = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (allocation != NULL, NULL);

  ordered = bd_format_local_date (allocation->ordered_at);

  switch (allocation->reason)
    {
    case BD_ALLOCATION_FIRST_IN_LINE:
      why = g_strdup_printf (_("had %d of %d from an earlier receipt: first in line"),
                             allocation->allocated_before, allocation->backordered);
      break;
    case BD_ALLOCATION_OLDEST:
      why = g_strdup_printf (_("oldest order first (ordered %s)"), ordered);
      break;
    case BD_ALLOCATION_BY_PRIORITY:
      if (allocation->priority >= 2)
        why = g_strdup_printf (_("urgent, then oldest (ordered %s)"), ordered);
      else if (allocation->priority == 1)
        why = g_strdup_printf (_("high priority, then oldest (ordered %s)"), ordered);
      else
        why = g_strdup_printf (_("normal priority, then oldest (ordered %s)"), ordered);
      break;
    case BD_ALLOCATION_COMPLETES_ORDER:
      why = g_strdup_printf (_("completes order %s"), allocation->order_ref);
      break;
    case BD_ALLOCATION_AFTER_WHOLE_ORDERS:
      why = g_strdup_printf (_("oldest order of the rest (ordered %s)"), ordered);
      break;
    case BD_ALLOCATION_SHIP_COMPLETE_WAITS:
      return g_strdup_printf (_("nothing: order %s ships complete and still waits for %s"),
                              allocation->order_ref, allocation->waits_for ? allocation->waits_for : "?");
    case BD_ALLOCATION_SHIP_COMPLETE_SHORT:
      return g_strdup_printf (_("nothing: order %s ships complete and needs %d, only %d left"),
                              allocation->order_ref, allocation->need, allocation->available);
    case BD_ALLOCATION_FROM_STOCK:
      return g_strdup_printf (_("from on hand: completes order %s, which ships complete"),
                              allocation->order_ref);
    default:
      g_return_val_if_reached (NULL);
    }

  if (allocation->quantity < allocation->need)
    return g_strdup_printf (_("%s; %d of the %d it needs, all that was left"), why, allocation->quantity,
                            allocation->need);

  return g_steal_pointer (&why);
}

static void
allocation_free (gpointer data)
{
  BdAllocation *allocation = data;

  g_free (allocation->ref);
  g_free (allocation->order_ref);
  g_free (allocation->customer_name);
  g_free (allocation->ordered_at);
  g_free (allocation->waits_for);
  g_free (allocation);
}

void
bd_receipt_free (BdReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->po_number);
  g_free (receipt->po_status);
  g_free (receipt->po_status_after);
  g_free (receipt->sku);
  g_free (receipt->product_name);
  g_clear_pointer (&receipt->allocations, g_ptr_array_unref);
  g_free (receipt->receipt_uuid);
  g_free (receipt->batch);
  g_free (receipt);
}

/* The PO line a receipt is for, as the write finds it. */
typedef struct
{
  gint64 po_id;
  char *po_uuid;
  char *number;
  char *status;
  char *received_at;
  gint64 po_line_id;
  char *po_line_uuid;
  gint64 product_id;
  char *product_uuid;
  char *sku;
  char *product_name;
  int ordered;
  int received;
  gboolean others_received;   /* every other line of the PO in full */
} Target;

static void
target_clear (Target *t)
{
  g_free (t->po_uuid);
  g_free (t->number);
  g_free (t->status);
  g_free (t->received_at);
  g_free (t->po_line_uuid);
  g_free (t->product_uuid);
  g_free (t->sku);
  g_free (t->product_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

static gboolean
load_target (BdStore     *store,
             gint64       po_id,
             const char  *sku,
             Target      *t,
             GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;

  stmt = bd_store_prepare (store, "SELECT uuid, number, status, received_at FROM purchase_orders"
                                  " WHERE id = ? AND deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, po_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The purchase order is gone"));
      return FALSE;
    }
  t->po_id = po_id;
  t->po_uuid = bd_stmt_dup_text (stmt, 0);
  t->number = bd_stmt_dup_text (stmt, 1);
  t->status = bd_stmt_dup_text (stmt, 2);
  t->received_at = bd_stmt_dup_text (stmt, 3);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = bd_store_prepare (store,
                           "SELECT pl.id, pl.uuid, p.id, p.uuid, p.sku, p.name, pl.quantity, pl.quantity_received,"
                           "  NOT EXISTS (SELECT 1 FROM po_lines o WHERE o.po_id = pl.po_id AND o.id <> pl.id"
                           "   AND o.deleted = 0 AND o.quantity_received < o.quantity)"
                           " FROM po_lines pl JOIN products p ON p.id = pl.product_id"
                           " WHERE pl.po_id = ? AND p.sku = ? AND pl.deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, po_id);
  sqlite3_bind_text (stmt, 2, sku, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_autofree char *skus = NULL;

      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = bd_store_prepare (store,
                               "SELECT group_concat(sku, ', ') FROM (SELECT p.sku FROM po_lines pl"
                               " JOIN products p ON p.id = pl.product_id WHERE pl.po_id = ? AND pl.deleted = 0"
                               " ORDER BY p.sku)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, po_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        skus = bd_stmt_dup_text (stmt, 0);

      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s has no line for “%s” (its lines: %s)"), t->number, sku,
                   skus ? skus : _("none"));
      return FALSE;
    }

  t->po_line_id = sqlite3_column_int64 (stmt, 0);
  t->po_line_uuid = bd_stmt_dup_text (stmt, 1);
  t->product_id = sqlite3_column_int64 (stmt, 2);
  t->product_uuid = bd_stmt_dup_text (stmt, 3);
  t->sku = bd_stmt_dup_text (stmt, 4);
  t->product_name = bd_stmt_dup_text (stmt, 5);
  t->ordered = sqlite3_column_int (stmt, 6);
  t->received = sqlite3_column_int (stmt, 7);
  t->others_received = sqlite3_column_int (stmt, 8) != 0;
  return TRUE;
}

static gboolean
check_target (const Target    *t,
              int              quantity,
              BdReceiveFlags   flags,
              GError         **error)
{
  int expected = MAX (t->ordered - t->received, 0);

  /* goods come for a PO the supplier has: sent, confirmed or on the way */
  if (!g_str_equal (t->status, "sent") && !g_str_equal (t->status, "confirmed") &&
      !g_str_equal (t->status, "partially_received"))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Purchase order %s cannot receive goods while it is “%s”: %s"), t->number, t->status,
                   bd_po_status_why_not (t->status, "partially_received"));
      return FALSE;
    }

  if (quantity > expected && !(flags & BD_RECEIVE_ALLOW_OVER))
    {
      if (expected > 0)
        g_set_error (error, BD_RECEIVING_ERROR, BD_RECEIVING_ERROR_OVER_RECEIPT,
                     _("Purchase order %s expects %d more of “%s” (%d ordered, %d received): %d is %d over; "
                       "an over-receipt must be confirmed"),
                     t->number, expected, t->sku, t->ordered, t->received, quantity, quantity - expected);
      else
        g_set_error (error, BD_RECEIVING_ERROR, BD_RECEIVING_ERROR_OVER_RECEIPT,
                     _("Purchase order %s has received all %d of “%s” it ordered: %d more is an over-receipt, "
                       "which must be confirmed"),
                     t->number, t->ordered, t->sku, quantity);
      return FALSE;
    }

  return TRUE;
}

/* A line the receipt may reach, while the plan is made. */
typedef struct
{
  BdAllocation *allocation;
  gint64 order_id;
  gint64 other_need;      /* what the order's other open lines still lack */
  GPtrArray *others;      /* ship-complete orders: BdAllocation of those lines */
  gboolean listed;
} Candidate;

typedef struct
{
  BdStore *store;
  GArray *candidates;     /* Candidate */
  GPtrArray *served;      /* BdAllocation, in order */
  GHashTable *stock;      /* product id -> on hand not yet taken by the plan */
  int left;
  int from_stock;
} Plan;

static void
plan_clear (Plan *plan)
{
  if (plan->candidates != NULL)
    {
      for (guint i = 0; i < plan->candidates->len; i++)
        {
          Candidate *c = &g_array_index (plan->candidates, Candidate, i);

          if (!c->listed)
            allocation_free (c->allocation);
          g_clear_pointer (&c->others, g_ptr_array_unref);
        }
      g_clear_pointer (&plan->candidates, g_array_unref);
    }
  g_clear_pointer (&plan->served, g_ptr_array_unref);
  g_clear_pointer (&plan->stock, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static int
compare_age (const Candidate *a,
             const Candidate *b)
{
  int c = g_strcmp0 (a->allocation->ordered_at, b->allocation->ordered_at);

  if (c != 0)
    return c;
  return (a->allocation->line_id > b->allocation->line_id) - (a->allocation->line_id < b->allocation->line_id);
}

static int
compare_fifo (gconstpointer a,
              gconstpointer b)
{
  return compare_age (a, b);
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->allocation->priority != y->allocation->priority)
    return y->allocation->priority - x->allocation->priority;
  return compare_age (x, y);
}

/* What is on hand of a product and not yet taken by the plan. */
static gint64 *
stock_of (Plan   *plan,
          gint64  product_id)
{
  gint64 *left = g_hash_table_lookup (plan->stock, &product_id);

  if (left == NULL)
    {
      sqlite3_stmt *stmt = bd_store_cached (plan->store, "SELECT on_hand FROM products WHERE id = ?", NULL);
      gint64 *key = g_new (gint64, 1);

      *key = product_id;
      left = g_new0 (gint64, 1);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, product_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            *left = MAX (sqlite3_column_int64 (stmt, 0), 0);
          sqlite3_reset (stmt);
        }
      g_hash_table_insert (plan->stock, key, left);
    }

  return left;
}

/* Whether the other lines of a ship-complete order can all go now, from
 * on hand; else the SKUs they still wait for, in @waits_for. */
static gboolean
others_on_hand (Plan       *plan,
                Candidate  *c,
                char      **waits_for)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < c->others->len; i++)
    {
      BdAllocation *o = g_ptr_array_index (c->others, i);

      if (*stock_of (plan, o->product_id) < o->need)
        {
          const char *sku = strrchr (o->ref, '/');

          g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", sku ? sku + 1 : o->ref);
        }
    }

  if (missing->len == 0)
    return TRUE;

  if (waits_for != NULL)
    *waits_for = g_string_free (g_steal_pointer (&missing), FALSE);
  return FALSE;
}

/* The line's turn: what is left, or nothing when its order ships complete
 * and cannot go whole now. A ship-complete order goes when this receipt
 * gives its line all it needs and its other lines are on hand: those
 * come from on hand with it. */
static void
visit (Plan               *plan,
       Candidate          *c,
       BdAllocationReason  reason)
{
  BdAllocation *a = c->allocation;

  if (c->listed || plan->left == 0)
    return;

  a->available = plan->left;
  c->listed = TRUE;
  g_ptr_array_add (plan->served, a);

  if (a->ship_complete && a->need > plan->left)
    {
      a->reason = BD_ALLOCATION_SHIP_COMPLETE_SHORT;
      return;
    }
  if (a->ship_complete && !others_on_hand (plan, c, &a->waits_for))
    {
      a->reason = BD_ALLOCATION_SHIP_COMPLETE_WAITS;
      return;
    }

  a->reason = reason;
  a->quantity = MIN (a->need, plan->left);
  plan->left -= a->quantity;

  for (guint i = 0; a->ship_complete && i < c->others->len; i++)
    {
      BdAllocation *o = g_ptr_array_index (c->others, i);

      *stock_of (plan, o->product_id) -= o->need;
      o->available = o->need;
      o->quantity = o->need;
      o->reason = BD_ALLOCATION_FROM_STOCK;
      plan->from_stock += o->need;
      g_ptr_array_add (plan->served, g_ptr_array_steal_index (c->others, i--));
    }
}

#define CANDIDATE_COLUMNS \
  "l.id, l.product_id, o.ref || '/' || p.sku, o.ref, cu.name, l.ordered_at, l.priority," \
  " o.ship_complete, l.backordered_quantity, l.allocated_quantity"
#define CANDIDATE_JOINS \
  " FROM order_lines l" \
  " JOIN orders o ON o.id = l.order_id" \
  " JOIN customers cu ON cu.id = l.customer_id" \
  " JOIN products p ON p.id = l.product_id"
/* open, and short of stock */
#define CANDIDATE_WHERE(l) \
  l "backordered_quantity > " l "allocated_quantity AND " l "deleted = 0" \
  " AND " l "status IN ('waiting', 'on_order', 'allocated')"

static BdAllocation *
allocation_from_stmt (sqlite3_stmt *stmt)
{
  BdAllocation *a = g_new0 (BdAllocation, 1);

  a->line_id = sqlite3_column_int64 (stmt, 0);
  a->product_id = sqlite3_column_int64 (stmt, 1);
  a->ref = bd_stmt_dup_text (stmt, 2);
  a->order_ref = bd_stmt_dup_text (stmt, 3);
  a->customer_name = bd_stmt_dup_text (stmt, 4);
  a->ordered_at = bd_stmt_dup_text (stmt, 5);
  a->priority = sqlite3_column_int (stmt, 6);
  a->ship_complete = sqlite3_column_int (stmt, 7) != 0;
  a->backordered = sqlite3_column_int (stmt, 8);
  a->allocated_before = sqlite3_column_int (stmt, 9);
  a->need = a->backordered - a->allocated_before;
  return a;
}

/* The open lines of the SKU that lack stock; what their orders' other
 * lines lack where the complete policy asks; the other lines themselves
 * for ship-complete orders. */
static gboolean
load_candidates (BdStore             *store,
                 const Target        *t,
                 BdAllocationPolicy   policy,
                 Plan                *plan,
                 GError             **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(BdStmt) others = NULL;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT " CANDIDATE_COLUMNS ", l.order_id,"
                           "  CASE WHEN ?2 THEN"
                           "   (SELECT coalesce(sum(m.backordered_quantity - m.allocated_quantity), 0)"
                           "    FROM order_lines m WHERE m.order_id = l.order_id AND m.id <> l.id"
                           "    AND " CANDIDATE_WHERE ("m.") ") ELSE 0 END"
                           CANDIDATE_JOINS
                           " WHERE l.product_id = ?1 AND l.backordered_quantity > 0 AND " CANDIDATE_WHERE ("l."),
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, t->product_id);
  sqlite3_bind_int (stmt, 2, policy == BD_ALLOCATION_COMPLETE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c = { allocation_from_stmt (stmt), sqlite3_column_int64 (stmt, 10),
                      sqlite3_column_int64 (stmt, 11), NULL, FALSE };

      g_array_append_val (plan->candidates, c);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the lines waiting for the stock"));
      return FALSE;
    }

  for (guint i = 0; i < plan->candidates->len; i++)
    {
      Candidate *c = &g_array_index (plan->candidates, Candidate, i);

      if (!c->allocation->ship_complete)
        continue;

      if (others == NULL)
        others = bd_store_prepare (store,
                                   "SELECT " CANDIDATE_COLUMNS CANDIDATE_JOINS
                                   " WHERE l.order_id = ?1 AND l.id <> ?2 AND " CANDIDATE_WHERE ("l.")
                                   " ORDER BY p.sku",
                                   error);
      if (others == NULL)
        return FALSE;

      c->others = g_ptr_array_new_with_free_func (allocation_free);
      sqlite3_reset (others);
      sqlite3_bind_int64 (others, 1, c->order_id);
      sqlite3_bind_int64 (others, 2, c->allocation->line_id);
      while ((rc = sqlite3_step (others)) == SQLITE_ROW)
        g_ptr_array_add (c->others, allocation_from_stmt (others));
      if (rc != SQLITE_DONE)
        {
          bd_store_set_sql_error (store, error, _("reading the lines waiting for the stock"));
          return FALSE;
        }
      c->other_need = c->others->len;
    }

  return TRUE;
}

/* Who gets what: lines an earlier receipt gave part of come first, then
 * the policy's order; lines of ship-complete orders only when their whole
 * order can go. */
static gboolean
make_plan (BdStore             *store,
           const Target        *t,
           int                  quantity,
           BdAllocationPolicy   policy,
           BdReceipt           *receipt,
           GError             **error)
{
  g_auto(Plan) plan = { 0, };
  GArray *cs;
  int received_now = t->received + quantity;

  plan.store = store;
  plan.candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  plan.served = g_ptr_array_new_with_free_func (allocation_free);
  plan.stock = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  plan.left = quantity;
  if (!load_candidates (store, t, policy, &plan, error))
    return FALSE;
  cs = plan.candidates;

  g_array_sort (cs, policy == BD_ALLOCATION_PRIORITY ? compare_priority : compare_fifo);

  for (guint i = 0; i < cs->len; i++)
    {
      Candidate *c = &g_array_index (cs, Candidate, i);

      if (c->allocation->allocated_before > 0)
        visit (&plan, c, BD_ALLOCATION_FIRST_IN_LINE);
    }

  switch (policy)
    {
    case BD_ALLOCATION_FIFO:
      for (guint i = 0; i < cs->len; i++)
        visit (&plan, &g_array_index (cs, Candidate, i), BD_ALLOCATION_OLDEST);
      break;

    case BD_ALLOCATION_PRIORITY:
      for (guint i = 0; i < cs->len; i++)
        visit (&plan, &g_array_index (cs, Candidate, i), BD_ALLOCATION_BY_PRIORITY);
      break;

    case BD_ALLOCATION_COMPLETE:
      /* the orders that what is left makes whole (that need nothing else,
       * or ship complete with the rest on hand), oldest first; then the
       * rest, oldest first */
      for (guint i = 0; i < cs->len; i++)
        {
          Candidate *c = &g_array_index (cs, Candidate, i);
          gboolean whole = c->allocation->ship_complete ? others_on_hand (&plan, c, NULL) : c->other_need == 0;

          if (whole && c->allocation->need <= plan.left)
            visit (&plan, c, BD_ALLOCATION_COMPLETES_ORDER);
        }
      for (guint i = 0; i < cs->len; i++)
        visit (&plan, &g_array_index (cs, Candidate, i), BD_ALLOCATION_AFTER_WHOLE_ORDERS);
      break;

    default:
      g_assert_not_reached ();
    }

  receipt->po_id = t->po_id;
  receipt->po_number = g_strdup (t->number);
  receipt->po_status = g_strdup (t->status);
  receipt->po_status_after = g_strdup (received_now >= t->ordered && t->others_received ? "received"
                                                                                       : "partially_received");
  receipt->po_line_id = t->po_line_id;
  receipt->product_id = t->product_id;
  receipt->sku = g_strdup (t->sku);
  receipt->product_name = g_strdup (t->product_name);
  receipt->policy = policy;
  receipt->quantity = quantity;
  receipt->ordered = t->ordered;
  receipt->received_before = t->received;
  receipt->over = MAX (0, received_now - MAX (t->ordered, t->received));
  receipt->allocated = quantity - plan.left;
  receipt->to_stock = plan.left;
  receipt->from_stock = plan.from_stock;
  for (guint i = 0; i < cs->len; i++)
    {
      BdAllocation *a = g_array_index (cs, Candidate, i).allocation;

      if (a->need > a->quantity)
        receipt->n_lines_short++;
    }
  receipt->allocations = g_steal_pointer (&plan.served);
  return TRUE;
}

static gboolean
check_quantity (int       quantity,
                GError  **error)
{
  if (quantity > 0)
    return TRUE;

  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
               _("A receipt of %d cannot be booked: expected a quantity of 1 or more"), quantity);
  return FALSE;
}

static BdReceipt *
plan_receipt (BdStore             *store,
              gint64               po_id,
              const char          *sku,
              int                  quantity,
              BdAllocationPolicy   policy,
              BdReceiveFlags       flags,
              Target              *target,
              GError             **error)
{
  g_autoptr(BdReceipt) receipt = g_new0 (BdReceipt, 1);

  if (!load_target (store, po_id, sku, target, error) ||
      !check_target (target, quantity, flags, error) ||
      !make_plan (store, target, quantity, policy, receipt, error))
    return NULL;

  return g_steal_pointer (&receipt);
}

/* What booking @quantity of @sku against the PO would do under @policy,
 * writing nothing: which lines get how much and why, and what goes to
 * stock. */
BdReceipt *
bd_receiving_preview (BdStore             *store,
                      gint64               po_id,
                      const char          *sku,
                      int                  quantity,
                      BdAllocationPolicy   policy,
                      BdReceiveFlags       flags,
                      GError             **error)
{
  g_auto(Target) target = { 0, };

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (sku != NULL, NULL);
  g_return_val_if_fail (policy <= BD_ALLOCATION_COMPLETE, NULL);

  if (!check_quantity (quantity, error))
    return NULL;

  return plan_receipt (store, po_id, sku, quantity, policy, flags, &target, error);
}

static gboolean
step_with (BdStore     *store,
           const char  *sql,
           GError     **error,
           const char  *text1,
           const char  *text2,
           gint64       int3,
           gint64       int4)
{
  sqlite3_stmt *stmt = bd_store_cached (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  /* ?1 and ?2 are text, ?3 and ?4 numbers, where the statement has them */
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, int3);
  if (sqlite3_bind_parameter_count (stmt) >= 4)
    sqlite3_bind_int64 (stmt, 4, int4);

  return bd_store_step_done (store, stmt, error);
}

static gboolean
int_event (BdPoAction  *action,
           const char  *event_action,
           const char  *entity,
           const char  *uuid,
           const char  *field,
           gint64       old_value,
           gint64       new_value,
           GError     **error)
{
  g_autofree char *old_text = g_strdup_printf ("%" G_GINT64_FORMAT, old_value);
  g_autofree char *new_text = g_strdup_printf ("%" G_GINT64_FORMAT, new_value);

  return bd_store_add_event (action->store, action->batch, event_action, entity, uuid, 0, field,
                             old_text, new_text, error);
}

/* On hand of a product moved by @delta (what went to stock, or was taken
 * from it), with its event. */
static gboolean
add_on_hand (BdPoAction  *action,
             const char  *event_action,
             gint64       product_id,
             gint64       delta,
             GError     **error)
{
  BdStore *store = action->store;
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  gint64 on_hand;

  if (delta == 0)
    return TRUE;

  stmt = bd_store_prepare (store, "SELECT on_hand, uuid FROM products WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      bd_store_set_sql_error (store, error, _("reading the stock"));
      return FALSE;
    }
  on_hand = sqlite3_column_int64 (stmt, 0);
  uuid = bd_stmt_dup_text (stmt, 1);

  /* the day's snapshot for inventory turnover; an undo puts back the
   * receipt's instead (bd_on_hand_snapshot_restore()) */
  return step_with (store, "UPDATE products SET on_hand = on_hand + ?3, updated_at = ?1, dirty = 1 WHERE id = ?4",
                    error, action->now, NULL, delta, product_id) &&
         int_event (action, event_action, "products", uuid, "on_hand", on_hand, on_hand + delta, error) &&
         (g_str_equal (event_action, "receive-undo") ||
          bd_on_hand_snapshot_write (store, product_id, action->today, action->now, action->batch,
                                     event_action, error));
}

/* What the PO line received, moved by @delta. */
static gboolean
add_received (BdPoAction    *action,
              const char    *event_action,
              const Target  *t,
              int            delta,
              GError       **error)
{
  return step_with (action->store,
                    "UPDATE po_lines SET quantity_received = quantity_received + ?3, updated_at = ?1, dirty = 1"
                    " WHERE id = ?4",
                    error, action->now, NULL, delta, t->po_line_id) &&
         int_event (action, event_action, "po_lines", t->po_line_uuid, "quantity_received", t->received,
                    t->received + delta, error);
}

/* Moves the PO to @status (received at @received_at), with events; the
 * state machine's moves come from booking (partially received,
 * received) or from undoing it (back to the status before). */
static gboolean
set_po_status (BdPoAction    *action,
               const char    *event_action,
               const Target  *t,
               const char    *status,
               const char    *received_at,
               GError       **error)
{
  BdStore *store = action->store;
  sqlite3_stmt *stmt;

  if (g_strcmp0 (status, t->status) == 0)
    return TRUE;

  stmt = bd_store_cached (store,
                          "UPDATE purchase_orders SET status = ?1, received_at = ?2, updated_at = ?3, dirty = 1"
                          " WHERE id = ?4",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, received_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, t->po_id);

  return bd_store_step_done (store, stmt, error) &&
         bd_store_add_event (store, action->batch, event_action, "purchase_orders", t->po_uuid, 0, "status",
                             t->status, status, error) &&
         (g_strcmp0 (received_at, t->received_at) == 0 ||
          bd_store_add_event (store, action->batch, event_action, "purchase_orders", t->po_uuid, 0,
                              "received_at", t->received_at, received_at, error));
}

/* The products whose lines a receipt changes go to temp.bd_recover; then
 * the ETAs of their open lines are kept, so that the lines the change
 * moves to another PO get an event with both dates. */
static gboolean
add_product (BdPoAction  *action,
             gint64       product_id,
             GError     **error)
{
  return step_with (action->store, "INSERT OR IGNORE INTO temp.bd_recover (product_id) VALUES (?4)",
                    error, NULL, NULL, 0, product_id);
}

static gboolean
snapshot_etas (BdPoAction  *action,
               GError     **error)
{
  return bd_po_action_run (action,
                           "DELETE FROM temp.bd_eta_before;"
                           "INSERT INTO temp.bd_eta_before (line_id, eta)"
                           " SELECT l.id, l.eta FROM temp.bd_recover r"
                           " CROSS JOIN order_lines l ON l.product_id = r.product_id"
                           " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                           "  AND l.status IN ('waiting', 'on_order', 'allocated')",
                           error);
}

/* Covers the products' lines anew and logs the ETAs that moved, but those
 * of lines now allocated (their status says it). */
static gboolean
recover_and_log (BdPoAction  *action,
                 const char  *event_action,
                 GError     **error)
{
  g_autofree char *eta_events = g_strdup_printf (
    "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
    "  entity_uuid, line_id, field, old_value, new_value)"
    " SELECT bd_uuid(), :now, :now, :batch, :author, '%s', 'order_lines', l.uuid, l.id,"
    "  'eta', b.eta, l.eta"
    " FROM temp.bd_eta_before b CROSS JOIN order_lines l ON l.id = b.line_id"
    " WHERE l.eta IS NOT b.eta AND l.status <> 'allocated'"
    " ORDER BY b.line_id", event_action);

  return bd_po_recover (action, event_action, error) &&
         bd_po_action_run (action, eta_events, error) &&
         bd_po_action_run (action, "DELETE FROM temp.bd_eta_before; DELETE FROM temp.bd_allocate", error);
}

static gboolean
insert_receipt_line (BdPoAction  *action,
                     gint64       receipt_id,
                     gint64       po_line_id,
                     gint64       product_id,
                     int          quantity,
                     int          to_stock,
                     gint64      *id,
                     GError     **error)
{
  BdStore *store = action->store;
  g_autofree char *uuid = bd_store_new_uuid (store);
  sqlite3_stmt *stmt;

  stmt = bd_store_cached (store,
                          "INSERT INTO receipt_lines (uuid, created_at, updated_at, receipt_id, po_line_id,"
                          "  product_id, quantity, to_stock)"
                          " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, receipt_id);
  if (po_line_id > 0)
    sqlite3_bind_int64 (stmt, 4, po_line_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, product_id);
  sqlite3_bind_int (stmt, 6, quantity);
  sqlite3_bind_int (stmt, 7, to_stock);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;

  *id = sqlite3_last_insert_rowid (bd_store_get_db (store));
  return TRUE;
}

/* Writes what the plan says: the receipt (its line for the PO line, and
 * one per SKU taken from on hand for a ship-complete order, without a PO
 * line), the allocations, the lines, the stock, the PO; then covers the
 * SKUs' lines anew. */
static gboolean
book (BdPoAction    *action,
      const Target  *t,
      BdReceipt     *receipt,
      GError       **error)
{
  BdStore *store = action->store;
  g_autoptr(GHashTable) picks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *receipt_uuid = bd_store_new_uuid (store);
  g_autofree char *quantity_text = g_strdup_printf ("%d", receipt->quantity);
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;
  gint64 receipt_id, line_id;
  gint64 start = g_get_monotonic_time ();

  stmt = bd_store_cached (store,
                          "INSERT INTO receipts (uuid, created_at, updated_at, po_id, received_at, author, policy)"
                          " VALUES (?1, ?2, ?2, ?3, ?2, ?4, ?5)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, receipt_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, t->po_id);
  sqlite3_bind_text (stmt, 4, bd_store_get_author (store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, bd_allocation_policy_to_string (receipt->policy), -1, SQLITE_STATIC);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;
  receipt_id = sqlite3_last_insert_rowid (bd_store_get_db (store));

  /* the receipt's event comes first: undo finds the receipt by it */
  if (!bd_store_add_event (store, action->batch, "receive", "receipts", receipt_uuid, 0, "quantity", NULL,
                           quantity_text, error) ||
      !insert_receipt_line (action, receipt_id, t->po_line_id, t->product_id, receipt->quantity,
                            receipt->to_stock, &line_id, error) ||
      !bd_po_action_run (action, "DELETE FROM temp.bd_allocate; DELETE FROM temp.bd_recover", error) ||
      !add_product (action, t->product_id, error))
    return FALSE;

  /* a receipt line for each SKU taken from on hand */
  for (guint i = 0; i < receipt->allocations->len; i++)
    {
      BdAllocation *a = g_ptr_array_index (receipt->allocations, i);
      gint64 *sum;

      if (a->reason != BD_ALLOCATION_FROM_STOCK)
        continue;
      sum = g_hash_table_lookup (picks, &a->product_id);
      if (sum == NULL)
        {
          sum = g_new0 (gint64, 2);
          g_hash_table_insert (picks, g_memdup2 (&a->product_id, sizeof (gint64)), sum);
        }
      sum[0] += a->quantity;
    }
  g_hash_table_iter_init (&iter, picks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *sum = value;

      if (!insert_receipt_line (action, receipt_id, 0, *(gint64 *)key, (int)sum[0], 0, &sum[1], error) ||
          !add_product (action, *(gint64 *)key, error))
        return FALSE;
    }

  for (guint i = 0; i < receipt->allocations->len; i++)
    {
      BdAllocation *a = g_ptr_array_index (receipt->allocations, i);
      g_autofree char *uuid = NULL;
      gint64 from;

      if (a->quantity == 0)
        continue;

      from = a->reason == BD_ALLOCATION_FROM_STOCK ? ((gint64 *)g_hash_table_lookup (picks, &a->product_id))[1]
                                                   : line_id;
      uuid = bd_store_new_uuid (store);
      stmt = bd_store_cached (store,
                              "INSERT INTO allocations (uuid, created_at, updated_at, receipt_line_id, line_id,"
                              "  quantity) VALUES (?1, ?2, ?2, ?3, ?4, ?5)",
                              error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, action->now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, from);
      sqlite3_bind_int64 (stmt, 4, a->line_id);
      sqlite3_bind_int (stmt, 5, a->quantity);
      if (!bd_store_step_done (store, stmt, error))
        return FALSE;

      stmt = bd_store_cached (store, "INSERT INTO temp.bd_allocate (line_id, quantity) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, a->line_id);
      sqlite3_bind_int (stmt, 2, a->quantity);
      if (!bd_store_step_done (store, stmt, error))
        return FALSE;
    }

  g_debug ("%.3f s: the receipt and its allocations", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  if (!snapshot_etas (action, error) ||
      !bd_po_allocate (action, "receive", error) ||
      !add_on_hand (action, "receive", t->product_id, receipt->to_stock, error) ||
      !add_received (action, "receive", t, receipt->quantity, error) ||
      !set_po_status (action, "receive", t, receipt->po_status_after,
                      g_str_equal (receipt->po_status_after, "received") ? action->now : t->received_at,
                      error))
    return FALSE;

  g_hash_table_iter_init (&iter, picks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!add_on_hand (action, "receive", *(gint64 *)key, -((gint64 *)value)[0], error))
      return FALSE;

  if (!recover_and_log (action, "receive", error))
    return FALSE;

  receipt->receipt_uuid = g_steal_pointer (&receipt_uuid);
  return TRUE;
}

static void
emit_receiving_tables (BdStore *store)
{
  /* besides what every purchasing write changes (bd_po_action_finish()) */
  bd_store_emit_changed_tables (store, (const char * const[]) { "allocations", "products", "on_hand_snapshots",
                                                              NULL });
}

/* Books @quantity of @sku received against the PO, handed out under
 * @policy as bd_receiving_preview() shows, in one transaction with its
 * events; its batch undoes it (bd_receiving_undo()). More than the PO
 * line still expects needs BD_RECEIVE_ALLOW_OVER. */
BdReceipt *
bd_receiving_receive (BdStore             *store,
                      gint64               po_id,
                      const char          *sku,
                      int                  quantity,
                      BdAllocationPolicy   policy,
                      BdReceiveFlags       flags,
                      GError             **error)
{
  g_auto(Target) target = { 0, };
  g_autoptr(BdReceipt) receipt = NULL;
  BdPoAction action = { 0, };
  gint64 start;
  gboolean big, ok;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (sku != NULL, NULL);
  g_return_val_if_fail (policy <= BD_ALLOCATION_COMPLETE, NULL);

  if (!check_quantity (quantity, error))
    return NULL;

  if (!bd_po_action_begin (&action, store, error))
    return NULL;

  start = g_get_monotonic_time ();
  receipt = plan_receipt (store, po_id, sku, quantity, policy, flags, &target, error);
  g_debug ("%.3f s: the plan", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);

  /* a receipt over thousands of lines touches more pages than the
   * connection's small cache holds, as create-from-demand does; a small
   * one would only pay for growing and shrinking it */
  big = receipt != NULL && receipt->allocations->len >= BIG_RECEIPT_LINES;
  if (big)
    bd_store_exec (store, "PRAGMA cache_size = -262144", NULL);
  ok = receipt != NULL && book (&action, &target, receipt, error);
  if (ok)
    emit_receiving_tables (store);

  ok = bd_po_action_finish (&action, ok, ok ? &receipt->batch : NULL, error);
  if (big)
    bd_store_exec (store, "PRAGMA cache_size = -8192", NULL);
  if (!ok)
    return NULL;

  return g_steal_pointer (&receipt);
}

/* Why the receipt of @batch cannot be undone, or NULL. */
static char *
why_not_undo (BdStore      *store,
              const char   *batch,
              gint64        receipt_id,
              const Target *t,
              const char   *what)
{
  g_autoptr(BdStmt) stmt = NULL;

  /* a later receipt of one of its SKUs, or on its PO, was handed out as
   * if this one stood */
  stmt = bd_store_prepare (store,
                           "SELECT po.number, r.received_at FROM receipts r"
                           " LEFT JOIN purchase_orders po ON po.id = r.po_id"
                           " WHERE r.id > ?1 AND r.deleted = 0 AND (r.po_id = ?2 OR EXISTS (SELECT 1"
                           "  FROM receipt_lines rl WHERE rl.receipt_id = r.id AND rl.deleted = 0"
                           "  AND rl.product_id IN (SELECT product_id FROM receipt_lines WHERE receipt_id = ?1)))"
                           " ORDER BY r.id LIMIT 1",
                           NULL);
  if (stmt == NULL)
    return g_strdup (_("the store could not be read"));
  sqlite3_bind_int64 (stmt, 1, receipt_id);
  sqlite3_bind_int64 (stmt, 2, t->po_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *when = bd_format_local_datetime ((const char *)sqlite3_column_text (stmt, 1));
      const char *number = (const char *)sqlite3_column_text (stmt, 0);

      return g_strdup_printf (_("%s cannot be undone: a later receipt (on %s, %s) was handed out after it; "
                                "undo that one first"),
                              what, number ? number : "?", when);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* a later change of what it changed: a line shipped, cancelled or
   * covered since, the PO, the PO line, the stock. A priority does not
   * depend on it, nor what a receipt undone since did and undid. */
  stmt = bd_store_prepare (store,
                           "SELECT e.entity, e.field, o.ref || '/' || p.sku FROM events e"
                           " LEFT JOIN order_lines l ON e.entity = 'order_lines' AND l.id = e.line_id"
                           " LEFT JOIN orders o ON o.id = l.order_id"
                           " LEFT JOIN products p ON p.id = l.product_id"
                           " WHERE e.id > (SELECT max(id) FROM events WHERE batch = ?1) AND e.deleted = 0"
                           "  AND (e.entity_uuid IN (SELECT entity_uuid FROM events WHERE batch = ?1)"
                           "   OR e.entity_uuid = ?2)"
                           "  AND NOT (e.entity = 'order_lines' AND e.field = 'priority')"
                           "  AND e.action <> 'receive-undo'"
                           /* from the receipts undone, whose events the index on
                            * entity_uuid finds: SQLite read that whole index */
                           "  AND NOT (e.action = 'receive' AND e.batch IN (SELECT x.batch FROM receipts r"
                           "   CROSS JOIN events x ON x.entity_uuid = r.uuid WHERE r.deleted <> 0"
                           "   AND x.entity = 'receipts' AND x.action = 'receive'))"
                           " ORDER BY e.id LIMIT 1",
                           NULL);
  if (stmt == NULL)
    return g_strdup (_("the store could not be read"));
  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, t->po_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *entity = (const char *)sqlite3_column_text (stmt, 0);
      const char *field = (const char *)sqlite3_column_text (stmt, 1);
      const char *ref = (const char *)sqlite3_column_text (stmt, 2);

      if (g_strcmp0 (entity, "order_lines") == 0)
        return g_strdup_printf (_("%s cannot be undone: line %s has changed since (%s)"), what,
                                ref ? ref : "?", field ? field : "?");
      if (g_strcmp0 (entity, "purchase_orders") == 0)
        return g_strdup_printf (_("%s cannot be undone: purchase order %s has changed since (%s)"), what,
                                t->number, field ? field : "?");
      if (g_strcmp0 (entity, "products") == 0)
        return g_strdup_printf (_("%s cannot be undone: the stock it changed has changed since"), what);
      return g_strdup_printf (_("%s cannot be undone: what it changed has changed since (%s)"), what,
                              field ? field : "?");
    }

  return NULL;
}

/* What the receipt's batch set a PO field from, or FALSE when it did not
 * change it. */
static gboolean
po_field_before (BdStore     *store,
                 const char  *batch,
                 const char  *field,
                 char       **old_value)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store,
                                             "SELECT old_value FROM events WHERE batch = ? AND entity = 'purchase_orders'"
                                             " AND field = ? ORDER BY id LIMIT 1",
                                             NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *old_value = bd_stmt_dup_text (stmt, 0);
  return TRUE;
}

/* A line of the receipt being undone. */
typedef struct
{
  gint64 id;
  gint64 po_line_id;      /* 0: taken from on hand */
  gint64 product_id;
  int quantity;
  int to_stock;
} UndoLine;

static gboolean
undo_receipt (BdStore     *store,
              const char  *batch,
              GError     **error)
{
  g_auto(Target) t = { 0, };
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (UndoLine));
  g_autofree char *receipt_uuid = NULL;
  g_autofree char *why = NULL;
  g_autofree char *what = NULL;
  g_autofree char *old_status = NULL;
  g_autofree char *old_received_at = NULL;
  BdPoAction action = { 0, };
  gint64 receipt_id, on_hand = 0;
  int quantity = 0, to_stock = 0, rc;
  gboolean deleted, ok;

  if (!bd_po_action_begin (&action, store, error))
    return FALSE;

  stmt = bd_store_prepare (store,
                           "SELECT r.id, r.uuid, r.deleted, r.po_id, po.uuid, po.number, po.status, po.received_at"
                           " FROM events e"
                           " JOIN receipts r ON r.uuid = e.entity_uuid"
                           " JOIN purchase_orders po ON po.id = r.po_id"
                           " WHERE e.batch = ? AND e.entity = 'receipts' AND e.action = 'receive'"
                           " ORDER BY e.id LIMIT 1",
                           error);
  if (stmt == NULL)
    return bd_po_action_finish (&action, FALSE, NULL, error);
  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no receipt to undo"));
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }
  receipt_id = sqlite3_column_int64 (stmt, 0);
  receipt_uuid = bd_stmt_dup_text (stmt, 1);
  deleted = sqlite3_column_int (stmt, 2) != 0;
  t.po_id = sqlite3_column_int64 (stmt, 3);
  t.po_uuid = bd_stmt_dup_text (stmt, 4);
  t.number = bd_stmt_dup_text (stmt, 5);
  t.status = bd_stmt_dup_text (stmt, 6);
  t.received_at = bd_stmt_dup_text (stmt, 7);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = bd_store_prepare (store,
                           "SELECT rl.id, coalesce(rl.po_line_id, 0), pl.uuid, pl.quantity, pl.quantity_received,"
                           "  rl.product_id, p.uuid, p.sku, p.name, p.on_hand, rl.quantity, rl.to_stock"
                           " FROM receipt_lines rl JOIN products p ON p.id = rl.product_id"
                           " LEFT JOIN po_lines pl ON pl.id = rl.po_line_id"
                           " WHERE rl.receipt_id = ? ORDER BY rl.id",
                           error);
  if (stmt == NULL)
    return bd_po_action_finish (&action, FALSE, NULL, error);
  sqlite3_bind_int64 (stmt, 1, receipt_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UndoLine line = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 5), sqlite3_column_int (stmt, 10),
                        sqlite3_column_int (stmt, 11) };

      if (line.po_line_id > 0)
        {
          t.po_line_id = line.po_line_id;
          t.po_line_uuid = bd_stmt_dup_text (stmt, 2);
          t.ordered = sqlite3_column_int (stmt, 3);
          t.received = sqlite3_column_int (stmt, 4);
          t.product_id = line.product_id;
          t.product_uuid = bd_stmt_dup_text (stmt, 6);
          t.sku = bd_stmt_dup_text (stmt, 7);
          t.product_name = bd_stmt_dup_text (stmt, 8);
          on_hand = sqlite3_column_int64 (stmt, 9);
          quantity = line.quantity;
          to_stock = line.to_stock;
        }
      g_array_append_val (lines, line);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE || t.po_line_id == 0)
    {
      bd_store_set_sql_error (store, error, _("reading the receipt"));
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  what = g_strdup_printf (_("The receipt of %d “%s” on %s"), quantity, t.sku, t.number);
  if (deleted)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, _("%s was undone already"), what);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  why = why_not_undo (store, batch, receipt_id, &t, what);
  if (why == NULL && on_hand < to_stock)
    why = g_strdup_printf (_("%s cannot be undone: the %d it put on hand are no longer there (%" G_GINT64_FORMAT
                             " on hand)"), what, to_stock, on_hand);
  if (why != NULL)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID, why);
      return bd_po_action_finish (&action, FALSE, NULL, error);
    }

  ok = bd_po_action_run (&action, "DELETE FROM temp.bd_allocate; DELETE FROM temp.bd_recover", error) &&
       step_with (store,
                  "INSERT INTO temp.bd_allocate (line_id, quantity)"
                  " SELECT line_id, -sum(quantity) FROM allocations WHERE deleted = 0"
                  "  AND receipt_line_id IN (SELECT id FROM receipt_lines WHERE receipt_id = ?4)"
                  " GROUP BY line_id",
                  error, NULL, NULL, 0, receipt_id);
  for (guint i = 0; ok && i < lines->len; i++)
    ok = add_product (&action, g_array_index (lines, UndoLine, i).product_id, error);

  ok = ok &&
       snapshot_etas (&action, error) &&
       step_with (store, "UPDATE allocations SET deleted = 1, updated_at = ?1, dirty = 1 WHERE deleted = 0"
                         "  AND receipt_line_id IN (SELECT id FROM receipt_lines WHERE receipt_id = ?4)",
                  error, action.now, NULL, 0, receipt_id) &&
       step_with (store, "UPDATE receipt_lines SET deleted = 1, updated_at = ?1, dirty = 1 WHERE receipt_id = ?4",
                  error, action.now, NULL, 0, receipt_id) &&
       step_with (store, "UPDATE receipts SET deleted = 1, updated_at = ?1, dirty = 1 WHERE id = ?4",
                  error, action.now, NULL, 0, receipt_id) &&
       bd_store_add_event (store, action.batch, "receive-undo", "receipts", receipt_uuid, 0, "deleted",
                           "0", "1", error) &&
       bd_po_allocate (&action, "receive-undo", error) &&
       add_received (&action, "receive-undo", &t, -quantity, error);

  for (guint i = 0; ok && i < lines->len; i++)
    {
      UndoLine *line = &g_array_index (lines, UndoLine, i);

      /* what went to stock comes off; what came from stock goes back */
      ok = add_on_hand (&action, "receive-undo", line->product_id,
                        line->po_line_id > 0 ? -line->to_stock : line->quantity, error);
    }

  ok = ok && bd_on_hand_snapshot_restore (store, batch, action.batch, action.now, error);

  /* the PO goes back to the status it had, received_at with it */
  if (ok && po_field_before (store, batch, "status", &old_status))
    {
      if (!po_field_before (store, batch, "received_at", &old_received_at))
        old_received_at = g_strdup (t.received_at);
      ok = set_po_status (&action, "receive-undo", &t, old_status, old_received_at, error);
    }

  ok = ok && recover_and_log (&action, "receive-undo", error);
  if (ok)
    emit_receiving_tables (store);

  return bd_po_action_finish (&action, ok, NULL, error);
}

static gint64
count_allocations (BdStore    *store,
                   const char *batch)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store,
                                             "SELECT count(*) FROM events WHERE batch = ?"
                                             " AND field = 'allocated_quantity'",
                                             NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Takes back the receipt booked as @batch: its allocations, the stock it
 * added or took, what its PO line received and the PO's status, and
 * covers the SKUs' lines again; refused, saying why, when something later
 * depends on it. */
gboolean
bd_receiving_undo (BdStore     *store,
                   const char  *batch,
                   GError     **error)
{
  gboolean big, ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  /* as many pages as the receipt touched */
  big = count_allocations (store, batch) >= BIG_RECEIPT_LINES;
  if (big)
    bd_store_exec (store, "PRAGMA cache_size = -262144", NULL);
  ok = undo_receipt (store, batch, error);
  if (big)
    bd_store_exec (store, "PRAGMA cache_size = -8192", NULL);
  return ok;
}

/* A delivery of several SKUs against one PO, as the app's Receive dialog
 * books it: a receipt per SKU with a quantity (in the order given, each
 * handed out as if the ones before stood), all of them one transaction,
 * or none when one is refused. Items with quantity 0 are passed over; all
 * of them 0 is an error. Hands back the receipts (BdReceipt), each with
 * its batch for bd_receiving_undo_many(). */
GPtrArray *
bd_receiving_receive_many (BdStore             *store,
                           gint64               po_id,
                           const BdReceiveItem *items,
                           guint                n_items,
                           BdAllocationPolicy   policy,
                           BdReceiveFlags       flags,
                           GError             **error)
{
  g_autoptr(GPtrArray) receipts = g_ptr_array_new_with_free_func ((GDestroyNotify)bd_receipt_free);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);
  g_return_val_if_fail (policy <= BD_ALLOCATION_COMPLETE, NULL);

  if (!bd_store_begin (store, error))
    return NULL;

  for (guint i = 0; i < n_items; i++)
    {
      BdReceipt *receipt;

      if (items[i].quantity == 0)
        continue;

      receipt = bd_receiving_receive (store, po_id, items[i].sku, items[i].quantity, policy, flags, error);
      if (receipt == NULL)
        {
          bd_store_rollback (store);
          return NULL;
        }
      g_ptr_array_add (receipts, receipt);
    }

  if (receipts->len == 0)
    {
      bd_store_rollback (store);
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("Nothing to receive: every quantity is 0"));
      return NULL;
    }

  if (!bd_store_commit (store, error))
    return NULL;

  return g_steal_pointer (&receipts);
}

/* Takes back the receipts bd_receiving_receive_many() booked, the last
 * first, in one transaction: all of them or, when one cannot be undone,
 * none. */
gboolean
bd_receiving_undo_many (BdStore    *store,
                        GPtrArray  *receipts,
                        GError    **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (receipts != NULL, FALSE);

  if (!bd_store_begin (store, error))
    return FALSE;

  for (guint i = receipts->len; i > 0; i--)
    {
      BdReceipt *receipt = g_ptr_array_index (receipts, i - 1);

      if (!bd_receiving_undo (store, receipt->batch, error))
        {
          bd_store_rollback (store);
          return FALSE;
        }
    }

  return bd_store_commit (store, error);
}
