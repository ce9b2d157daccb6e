/* bd-status.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-status"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-status.h"

/* A line's life (DESIGN.md): waiting -> on_order -> allocated -> shipped,
 * or cancelled. The first three are open: the queue shows them. */
static const char * const statuses[] = {
  "waiting", "on_order", "allocated", "shipped", "cancelled", NULL
};
#define N_OPEN 3

/* What a person may choose by hand; on_order and allocated belong to
 * purchasing (purchase orders and receipts). */
static const char * const set_by_hand[] = { "shipped", "cancelled", "waiting", NULL };

/* Every status, in the order of a line's life. */
const char * const *
bd_statuses (void)
{
  return statuses;
}

/* The statuses a person may set by hand, from some status. */
const char * const *
bd_statuses_set_by_hand (void)
{
  return set_by_hand;
}

gboolean
bd_status_is_valid (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

gboolean
bd_status_is_open (const char *status)
{
  if (status == NULL)
    return FALSE;

  for (guint i = 0; i < N_OPEN; i++)
    if (g_str_equal (status, statuses[i]))
      return TRUE;

  return FALSE;
}

/* The open statuses as an SQL list for “status IN (…)”, made from the same
 * list as bd_status_is_open(), so that queries and C agree. */
const char *
bd_status_open_sql (void)
{
  static const char *sql;

  if (g_once_init_enter (&sql))
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < N_OPEN; i++)
        {
          /* names, not input: nothing to quote but the name itself */
          g_assert (strchr (statuses[i], '\'') == NULL);
          g_string_append_printf (list, "%s'%s'", i > 0 ? ", " : "", statuses[i]);
        }
      g_once_init_leave (&sql, g_string_free (list, FALSE));
    }

  return sql;
}

const char *
bd_status_label (const char *status)
{
  if (g_strcmp0 (status, "waiting") == 0)
    return C_("status", "Waiting");
  if (g_strcmp0 (status, "on_order") == 0)
    return C_("status", "On order");
  if (g_strcmp0 (status, "allocated") == 0)
    return C_("status", "Allocated");
  if (g_strcmp0 (status, "shipped") == 0)
    return C_("status", "Shipped");
  if (g_strcmp0 (status, "cancelled") == 0)
    return C_("status", "Cancelled");
  return "";
}

/* Why a person may not set a line of status @from to @to by hand, in words
 * for a message, or NULL if they may: mark an open line shipped, cancel an
 * open line, reopen a cancelled one. @from NULL: not a backorder line. */
const char *
bd_status_why_not_by_hand (const char *from,
                           const char *to)
{
  /* a line without a status holds nothing back */
  if (!bd_status_is_valid (from))
    return _("it is not a backorder line");

  if (!bd_status_is_valid (to))
    return _("that is not a status");

  if (g_str_equal (to, "shipped") || g_str_equal (to, "cancelled"))
    {
      if (bd_status_is_open (from))
        return NULL;
      return g_str_equal (from, "shipped") ? _("it is already shipped") : _("it is already cancelled");
    }

  if (g_str_equal (to, "waiting"))
    {
      if (g_str_equal (from, "cancelled"))
        return NULL;
      return _("only a cancelled line can be reopened");
    }

  return _("purchasing sets this status through purchase orders and receipts");
}

gboolean
bd_status_can_set_by_hand (const char *from,
                           const char *to)
{
  return bd_status_why_not_by_hand (from, to) == NULL;
}

gboolean
bd_priority_is_valid (gint64 priority)
{
  return priority >= BD_PRIORITY_MIN && priority <= BD_PRIORITY_MAX;
}

/* The priority as a fixed English word, whatever the locale: for files
 * other programs read (the export), as the statuses are. */
const char *
bd_priority_to_string (int priority)
{
  switch (priority)
    {
    case BD_PRIORITY_URGENT: return "urgent";
    case BD_PRIORITY_HIGH: return "high";
    default: return "normal";
    }
}

const char *
bd_priority_label (int priority)
{
  switch (priority)
    {
    case BD_PRIORITY_URGENT: return C_("priority", "Urgent");
    case BD_PRIORITY_HIGH: return C_("priority", "High");
    default: return C_("priority", "Normal");
    }
}
