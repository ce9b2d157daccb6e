/* bd-customers.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customers"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-customers.h"
#include "bd-sms.h"
#include "bd-status.h"

static gboolean
find_id (BdStore     *store,
         const char  *sql,
         const char  *text,
         gint64       number,
         gint64      *id,
         GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      if (text != NULL)
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no customer “%s”"), text);
      else
        g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The line is not in the database"));
      return FALSE;
    }

  bd_store_set_sql_error (store, error, _("Could not read the customers"));
  return FALSE;
}

/* The customer whose reference is @ref (as in orders.csv). */
gboolean
bd_customers_find (BdStore     *store,
                   const char  *ref,
                   gint64      *id,
                   GError     **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  return find_id (store, "SELECT id FROM customers WHERE ref = ? AND deleted = 0", ref, 0, id, error);
}

/* The customer of the order of line @line_id. */
gboolean
bd_customers_of_line (BdStore  *store,
                      gint64    line_id,
                      gint64   *id,
                      GError  **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  return find_id (store, "SELECT customer_id FROM order_lines WHERE id = ? AND deleted = 0", NULL, line_id,
                  id, error);
}

void
bd_customer_free (gpointer data)
{
  BdCustomer *customer = data;

  if (customer == NULL)
    return;

  g_free (customer->ref);
  g_free (customer->name);
  g_free (customer->email);
  g_free (customer->phone);
  g_free (customer->language);
  g_free (customer->preferred_channel);
  g_free (customer->refused_reason);
  g_clear_pointer (&customer->line_ids, g_ptr_array_unref);
  g_clear_pointer (&customer->owed, g_hash_table_unref);
  g_free (customer);
}

/* Customer @id with their backorder lines (open first) and what is owed
 * to them: the price of the units they paid for and still wait for, per
 * currency. */
BdCustomer *
bd_customers_load (BdStore  *store,
                   gint64    id,
                   GError  **error)
{
  g_autoptr(BdCustomer) customer = g_new0 (BdCustomer, 1);
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(BdStmt) lines = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store, "SELECT ref, name, email, phone, language, preferred_channel, sms_consent,"
                                  " (SELECT r.reason FROM sync_refused r WHERE r.doc_id = 'customer:' || customers.uuid)"
                                  " FROM customers WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The customer is not in the database"));
      return NULL;
    }
  customer->id = id;
  customer->ref = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  customer->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  customer->email = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  customer->phone = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  customer->language = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  customer->preferred_channel = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  customer->sms_consent = sqlite3_column_int (stmt, 6);
  customer->refused_reason = bd_stmt_dup_text (stmt, 7);

  customer->line_ids = g_ptr_array_new_with_free_func (g_free);
  customer->owed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sql = g_strdup_printf ("SELECT l.id, l.status IN (%s), l.backordered_quantity - l.allocated_quantity,"
                         " l.unit_price, o.currency"
                         " FROM order_lines l JOIN orders o ON o.id = l.order_id"
                         " WHERE l.customer_id = ? AND l.backordered_quantity > 0 AND l.deleted = 0"
                         " ORDER BY l.status IN (%s) DESC,"
                         "  CASE WHEN l.status IN (%s) THEN l.ordered_at END ASC, l.ordered_at DESC, l.id",
                         bd_status_open_sql (), bd_status_open_sql (), bd_status_open_sql ());
  lines = bd_store_prepare (store, sql, error);
  if (lines == NULL)
    return NULL;
  sqlite3_bind_int64 (lines, 1, id);
  while ((rc = sqlite3_step (lines)) == SQLITE_ROW)
    {
      gint64 line_id = sqlite3_column_int64 (lines, 0);

      g_ptr_array_add (customer->line_ids, g_memdup2 (&line_id, sizeof line_id));
      if (sqlite3_column_int (lines, 1))
        {
          const char *currency = (const char *)sqlite3_column_text (lines, 4);
          gint64 *sum;

          customer->n_open++;
          if (sqlite3_column_type (lines, 3) == SQLITE_NULL)
            continue;
          sum = g_hash_table_lookup (customer->owed, currency);
          if (sum == NULL)
            {
              sum = g_new0 (gint64, 1);
              g_hash_table_insert (customer->owed, g_strdup (currency), sum);
            }
          *sum += sqlite3_column_int64 (lines, 2) * sqlite3_column_int64 (lines, 3);
        }
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the customer’s lines"));
      return NULL;
    }

  return g_steal_pointer (&customer);
}

/* The customer agreed to text messages, or withdrew: a withdrawal in the
 * desk is theirs to undo, not a later orders.csv's. */
gboolean
bd_customers_set_sms_consent (BdStore   *store,
                              gint64     id,
                              gboolean   consent,
                              GError   **error)
{
  g_autofree char *now = bd_store_now_iso (store);
  g_autofree char *batch = bd_store_new_uuid (store);
  g_autofree char *uuid = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(BdStmt) find = NULL;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  find = bd_store_prepare (store, "SELECT uuid FROM customers WHERE id = ? AND deleted = 0", error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_int64 (find, 1, id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("The customer is not in the database"));
      return FALSE;
    }
  uuid = g_strdup ((const char *)sqlite3_column_text (find, 0));
  g_clear_pointer (&find, sqlite3_finalize);

  if (!bd_store_begin (store, error))
    return FALSE;
  stmt = bd_store_prepare (store, "UPDATE customers SET sms_consent = ?2, consent_withdrawn_in_desk = ?3,"
                                  " updated_at = ?4, dirty = 1 WHERE id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, consent);
      sqlite3_bind_int (stmt, 3, !consent);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        bd_store_set_sql_error (store, error, _("Could not change the customer"));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  ok = ok && bd_store_add_event (store, batch, "edit", "customer", uuid, 0, "sms_consent", consent ? "0" : "1",
                                 consent ? "1" : "0", error);
  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "customers", "events", NULL });
  return bd_store_commit (store, error);
}

static char *
trimmed_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* An address a message can go to: one @ with something either side and
 * no spaces. Whether the mailbox exists only the mail server knows. */
static gboolean
looks_like_email (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strpbrk (email, " \t\r\n<>,;") == NULL;
}

/* The fields of customer @id whose new value differs from the old one,
 * written in one transaction with an event each. */
static gboolean
write_changes (BdStore            *store,
               gint64              id,
               const char * const *fields,
               const char * const *old_values,
               const char * const *new_values,
               guint               n,
               GError            **error)
{
  g_autofree char *now = NULL;
  g_autofree char *batch = NULL;
  gboolean ok = TRUE;

  if (!bd_store_begin (store, error))
    return FALSE;

  now = bd_store_now_iso (store);
  batch = bd_store_new_uuid (store);
  for (guint i = 0; ok && i < n; i++)
    {
      g_autofree char *sql = NULL;
      g_autoptr(BdStmt) stmt = NULL;
      g_autofree char *uuid = NULL;

      if (g_strcmp0 (old_values[i], new_values[i]) == 0)
        continue;

      sql = g_strdup_printf ("UPDATE customers SET %s = ?1, updated_at = ?2, dirty = 1 WHERE id = ?3"
                             " RETURNING uuid", fields[i]);
      stmt = bd_store_prepare (store, sql, error);
      if (!(ok = stmt != NULL))
        break;
      if (new_values[i] != NULL)
        sqlite3_bind_text (stmt, 1, new_values[i], -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          bd_store_set_sql_error (store, error, _("Could not change the customer"));
          ok = FALSE;
          break;
        }
      uuid = bd_stmt_dup_text (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
      ok = bd_store_add_event (store, batch, "edit", "customer", uuid, 0, fields[i], old_values[i],
                               new_values[i], error);
    }

  if (!ok)
    {
      bd_store_rollback (store);
      return FALSE;
    }

  bd_store_emit_changed_tables (store, (const char * const[]) { "customers", "events", NULL });
  return bd_store_commit (store, error);
}

/**
 * bd_customers_set_contact:
 * @email: (nullable): the address, or %NULL or "" for none
 * @phone: (nullable): a number a text can go to, or %NULL or "" for none
 * @language: (nullable): a two-letter ISO 639-1 code, or %NULL or "" for
 *   the default
 *
 * How to reach customer @id, as an agent corrects it: each value checked
 * first (an error names the one that is wrong and nothing is written),
 * then one transaction with an event for each field that changed.
 */
gboolean
bd_customers_set_contact (BdStore     *store,
                          gint64       id,
                          const char  *email,
                          const char  *phone,
                          const char  *language,
                          GError     **error)
{
  char *new_values[3] = { trimmed_or_null (email), trimmed_or_null (phone), trimmed_or_null (language) };
  const char *fields[3] = { "email", "phone", "language" };
  g_autoptr(BdCustomer) customer = NULL;
  const char *old_values[3];
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (new_values[0] != NULL && !looks_like_email (new_values[0]))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not an email address: give one like name@example.com"), new_values[0]);
      goto invalid;
    }
  if (new_values[1] != NULL)
    {
      g_autofree char *normalized = bd_sms_normalize_phone (new_values[1]);

      if (normalized == NULL)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("“%s” is not a phone number: give one like +49 30 1234567"), new_values[1]);
          goto invalid;
        }
    }
  if (new_values[2] != NULL)
    {
      if (strlen (new_values[2]) != 2 || !g_ascii_isalpha (new_values[2][0]) || !g_ascii_isalpha (new_values[2][1]))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("“%s” is not a language: give a two-letter ISO 639-1 code like de"), new_values[2]);
          goto invalid;
        }
      for (char *c = new_values[2]; *c; c++)
        *c = g_ascii_tolower (*c);
    }

  customer = bd_customers_load (store, id, error);
  if (customer == NULL)
    goto invalid;
  old_values[0] = customer->email;
  old_values[1] = customer->phone;
  old_values[2] = customer->language;

  ok = write_changes (store, id, fields, old_values, (const char * const *)new_values, G_N_ELEMENTS (fields), error);
  for (guint i = 0; i < G_N_ELEMENTS (new_values); i++)
    g_free (new_values[i]);
  return ok;

invalid:
  for (guint i = 0; i < G_N_ELEMENTS (new_values); i++)
    g_free (new_values[i]);
  return FALSE;
}

/**
 * bd_customers_set_preferred_channel:
 * @channel: "email" or "sms"
 *
 * How customer @id wants to hear from the desk, as an agent sets it: a
 * message goes by text to one who prefers it and consented to texts
 * (bd-compose.c), by email otherwise. One transaction with its event.
 */
gboolean
bd_customers_set_preferred_channel (BdStore     *store,
                                    gint64       id,
                                    const char  *channel,
                                    GError     **error)
{
  const char *fields[] = { "preferred_channel" };
  const char *old_values[1];
  const char *new_values[] = { channel };
  g_autoptr(BdCustomer) customer = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (g_strcmp0 (channel, "email") != 0 && g_strcmp0 (channel, "sms") != 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("“%s” is not a channel a customer can prefer: expected email or sms"),
                   channel != NULL ? channel : "");
      return FALSE;
    }

  customer = bd_customers_load (store, id, error);
  if (customer == NULL)
    return FALSE;
  old_values[0] = customer->preferred_channel;
  return write_changes (store, id, fields, old_values, new_values, 1, error);
}

/* What names each backorder line of the customer @id in their timeline:
 * line id (gint64 *) -> "ORDER-REF · SKU". */
GHashTable *
bd_customers_line_labels (BdStore  *store,
                          gint64    id,
                          GError  **error)
{
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store, "SELECT l.id, o.ref, p.sku FROM order_lines l"
                                  " JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id"
                                  " WHERE l.customer_id = ? AND l.backordered_quantity > 0 AND l.deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 line_id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (labels, g_memdup2 (&line_id, sizeof line_id),
                           g_strdup_printf ("%s · %s", (const char *)sqlite3_column_text (stmt, 1),
                                            (const char *)sqlite3_column_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the lines of a customer"));
      return NULL;
    }

  return g_steal_pointer (&labels);
}
