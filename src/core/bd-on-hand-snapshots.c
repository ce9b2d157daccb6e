/* bd-on-hand-snapshots.c: the daily on-hand snapshots that imports and
 * receipts write, for inventory turnover
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-on-hand-snapshots"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-on-hand-snapshots-private.h"

/* One row per product and local day on which on_hand changed, holding the
 * day's latest count and the unit cost it is valued at (the cost of the
 * product's preferred supplier, else its cheapest one; none when no
 * supplier gave one). Written in the transaction of the change. */

/* The namespace of the uuids of snapshots (RFC 9562, version 5): every
 * machine of a team derives the same uuid for a product's day, so that
 * two desks that write the same day write one document (as team settings
 * do, bd-team-settings.c). */
static const guint8 snapshots_namespace[16] = {
  0x6d, 0x2a, 0x91, 0x04, 0xe8, 0x57, 0x4b, 0x3c, 0xa1, 0x7f, 0x0e, 0x93, 0x5c, 0x28, 0xd6, 0x41,
};

char *
bd_on_hand_snapshot_uuid (const char *product_uuid,
                          const char *day)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_return_val_if_fail (product_uuid != NULL && day != NULL, NULL);

  g_checksum_update (checksum, snapshots_namespace, sizeof snapshots_namespace);
  g_checksum_update (checksum, (const guchar *)product_uuid, -1);
  g_checksum_update (checksum, (const guchar *)"/", 1);
  g_checksum_update (checksum, (const guchar *)day, -1);
  g_checksum_get_digest (checksum, digest, &len);

  digest[6] = 0x50 | (digest[6] & 0x0f);
  digest[8] = 0x80 | (digest[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static char *
int_text (sqlite3_stmt *stmt,
          int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)sqlite3_column_int64 (stmt, column));
}

/* The snapshot of @product_id's on_hand now, for @day (local,
 * YYYY-MM-DD): the row of the day is written or overwritten (the latest
 * count of the day wins), dirty for sync. With @batch, an event records
 * what the row held before (none: no old value), so that undoing the
 * batch can put it back (bd_on_hand_snapshot_restore()). */
gboolean
bd_on_hand_snapshot_write (BdStore     *store,
                           gint64       product_id,
                           const char  *day,
                           const char  *now,
                           const char  *batch,
                           const char  *event_action,
                           GError     **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *old_on_hand = NULL;
  g_autofree char *new_on_hand = NULL;
  g_autofree char *currency = NULL;
  sqlite3_stmt *stmt;
  gboolean has_cost;
  gint64 on_hand, unit_cost;
  int rc;

  stmt = bd_store_cached (store,
                          "SELECT p.uuid, p.on_hand, ps.unit_cost, ps.currency,"
                          "  (SELECT s.on_hand FROM on_hand_snapshots s"
                          "   WHERE s.product_id = p.id AND s.day = ?2 AND s.deleted = 0)"
                          " FROM products p"
                          " LEFT JOIN product_suppliers ps ON ps.id ="
                          "  (SELECT x.id FROM product_suppliers x WHERE x.product_id = p.id AND x.deleted = 0"
                          "   ORDER BY x.preferred DESC, x.unit_cost IS NULL, x.unit_cost, x.id LIMIT 1)"
                          " WHERE p.id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      bd_store_set_sql_error (store, error, _("reading the stock"));
      return FALSE;
    }
  uuid = bd_on_hand_snapshot_uuid ((const char *)sqlite3_column_text (stmt, 0), day);
  on_hand = sqlite3_column_int64 (stmt, 1);
  has_cost = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
  unit_cost = sqlite3_column_int64 (stmt, 2);
  if (has_cost)
    currency = bd_stmt_dup_text (stmt, 3);
  if (has_cost && currency == NULL)
    currency = bd_store_get_default_currency (store);
  old_on_hand = int_text (stmt, 4);
  sqlite3_reset (stmt);

  /* a row tombstoned (a day undone, here or on another desk) comes back */
  stmt = bd_store_cached (store,
                          "INSERT INTO on_hand_snapshots (product_id, day, on_hand, unit_cost, currency,"
                          "  uuid, created_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
                          " ON CONFLICT (product_id, day) DO UPDATE SET on_hand = ?3, unit_cost = ?4,"
                          "  currency = ?5, updated_at = ?7, deleted = 0, dirty = 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, on_hand);
  if (has_cost)
    sqlite3_bind_int64 (stmt, 4, unit_cost);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  if (!bd_store_step_done (store, stmt, error))
    return FALSE;

  if (batch == NULL)
    return TRUE;
  new_on_hand = g_strdup_printf ("%" G_GINT64_FORMAT, on_hand);
  return bd_store_add_event (store, batch, event_action, "on_hand_snapshots", uuid, 0, "on_hand",
                             old_on_hand, new_on_hand, error);
}

/* Puts back the snapshots @batch wrote, as they were before it: the
 * count they held, or no row where the batch wrote the day's first one.
 * Each with an event of @undo_batch. Nothing of the stock changed after
 * @batch (receipts are undone only then), so no later row depends on
 * them. */
gboolean
bd_on_hand_snapshot_restore (BdStore     *store,
                             const char  *batch,
                             const char  *undo_batch,
                             const char  *now,
                             GError     **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) befores = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  /* the first event of each row in the batch says what it held before */
  stmt = bd_store_prepare (store,
                           "SELECT e.entity_uuid, e.old_value, s.on_hand FROM events e"
                           " JOIN on_hand_snapshots s ON s.uuid = e.entity_uuid"
                           " WHERE e.batch = ? AND e.entity = 'on_hand_snapshots'"
                           "  AND e.id = (SELECT min(x.id) FROM events x WHERE x.batch = e.batch"
                           "   AND x.entity_uuid = e.entity_uuid)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (uuids, bd_stmt_dup_text (stmt, 0));
      g_ptr_array_add (befores, bd_stmt_dup_text (stmt, 1));
      g_ptr_array_add (befores, int_text (stmt, 2));
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the stock"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      const char *before = g_ptr_array_index (befores, 2 * i);
      const char *current = g_ptr_array_index (befores, 2 * i + 1);
      sqlite3_stmt *update;

      update = bd_store_cached (store,
                                before != NULL
                                  ? "UPDATE on_hand_snapshots SET on_hand = ?2, deleted = 0, updated_at = ?3,"
                                    "  dirty = 1 WHERE uuid = ?1"
                                  : "UPDATE on_hand_snapshots SET deleted = 1, updated_at = ?3, dirty = 1"
                                    " WHERE uuid = ?1",
                                error);
      if (update == NULL)
        return FALSE;
      sqlite3_bind_text (update, 1, uuid, -1, SQLITE_STATIC);
      if (before != NULL)
        sqlite3_bind_int64 (update, 2, g_ascii_strtoll (before, NULL, 10));
      sqlite3_bind_text (update, 3, now, -1, SQLITE_STATIC);
      if (!bd_store_step_done (store, update, error) ||
          !bd_store_add_event (store, undo_batch, "receive-undo", "on_hand_snapshots", uuid, 0,
                               before != NULL ? "on_hand" : "deleted",
                               before != NULL ? current : "0", before != NULL ? before : "1", error))
        return FALSE;
    }

  return TRUE;
}
