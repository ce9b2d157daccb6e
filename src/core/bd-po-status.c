/* bd-po-status.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-status"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-status.h"

/* A PO's life: draft (an RFQ until it is sent) -> sent -> confirmed (with
 * the supplier's date) -> partially_received -> received, or cancelled.
 * The first four are open: their lines are on order. */
static const char * const statuses[] = {
  "draft", "sent", "confirmed", "partially_received", "received", "cancelled", NULL
};
#define N_OPEN 4

/* What a person chooses; the two "received" come from booking receipts. */
static const char * const set_by_hand[] = { "sent", "confirmed", "cancelled", NULL };

/* Every legal move. A supplier may deliver without confirming first, and
 * what is left of a partly delivered PO may be cancelled. */
static const struct {
  const char *from;
  const char *to;
} transitions[] = {
  { "draft", "sent" },
  { "draft", "cancelled" },
  { "sent", "confirmed" },
  { "sent", "partially_received" },
  { "sent", "received" },
  { "sent", "cancelled" },
  { "confirmed", "partially_received" },
  { "confirmed", "received" },
  { "confirmed", "cancelled" },
  { "partially_received", "received" },
  { "partially_received", "cancelled" },
};

const char * const *
bd_po_statuses (void)
{
  return statuses;
}

const char * const *
bd_po_statuses_set_by_hand (void)
{
  return set_by_hand;
}

gboolean
bd_po_status_is_valid (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

gboolean
bd_po_status_is_open (const char *status)
{
  if (status == NULL)
    return FALSE;

  for (guint i = 0; i < N_OPEN; i++)
    if (g_str_equal (status, statuses[i]))
      return TRUE;

  return FALSE;
}

/* Lines (what and how many) change while the supplier has not committed
 * to them: in a draft and a sent PO. */
gboolean
bd_po_status_can_edit_lines (const char *status)
{
  return g_strcmp0 (status, "draft") == 0 || g_strcmp0 (status, "sent") == 0;
}

/* The expected date moves as long as something is still to come. */
gboolean
bd_po_status_can_set_expected (const char *status)
{
  return bd_po_status_is_open (status);
}

/* The open statuses as an SQL list for "status IN (…)". */
const char *
bd_po_status_open_sql (void)
{
  return "'draft', 'sent', 'confirmed', 'partially_received'";
}

const char *
bd_po_status_label (const char *status)
{
  if (g_strcmp0 (status, "draft") == 0)
    return C_("po status", "Draft");
  if (g_strcmp0 (status, "sent") == 0)
    return C_("po status", "Sent");
  if (g_strcmp0 (status, "confirmed") == 0)
    return C_("po status", "Confirmed");
  if (g_strcmp0 (status, "partially_received") == 0)
    return C_("po status", "Partially received");
  if (g_strcmp0 (status, "received") == 0)
    return C_("po status", "Received");
  if (g_strcmp0 (status, "cancelled") == 0)
    return C_("po status", "Cancelled");
  return "";
}

static guint
rank (const char *status)
{
  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_str_equal (status, statuses[i]))
      return i;
  return G_MAXUINT;
}

/* Why a PO of status @from may not move to @to, in words for a message
 * that names the PO and both states before it, or NULL when it may. */
const char *
bd_po_status_why_not (const char *from,
                      const char *to)
{
  if (!bd_po_status_is_valid (from) || !bd_po_status_is_valid (to))
    return _("that is not a status of a purchase order");

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (g_str_equal (transitions[i].from, from) && g_str_equal (transitions[i].to, to))
      return NULL;

  if (g_str_equal (from, to))
    return _("it is in that status already");
  if (g_str_equal (from, "received"))
    return _("a received purchase order is closed");
  if (g_str_equal (from, "cancelled"))
    return _("a cancelled purchase order is closed");
  if (g_str_equal (from, "draft"))
    return _("a draft is sent to the supplier first");
  if (g_str_equal (to, "confirmed"))
    return _("only a sent purchase order is confirmed");
  if (rank (to) < rank (from))
    return _("a purchase order does not go back");

  return _("that is not a step a purchase order takes");
}

/* As bd_po_status_why_not(), for a person choosing the status: the
 * received ones come from booking what arrived. */
const char *
bd_po_status_why_not_by_hand (const char *from,
                              const char *to)
{
  const char *why = bd_po_status_why_not (from, to);

  if (why != NULL)
    return why;

  if (!g_strv_contains (set_by_hand, to))
    return _("it follows from booking a receipt against the purchase order");

  return NULL;
}
