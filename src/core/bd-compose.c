/* bd-compose.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-compose"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-backorder-query.h"
#include "bd-compose.h"
#include "bd-delay-notices.h"
#include "bd-followups.h"
#include "bd-incentives.h"
#include "bd-po-document.h"
#include "bd-purchasing-private.h"
#include "bd-sms.h"
#include "bd-templates.h"
#include "bd-util.h"

/* Days after the order that stand for a promise when none was made (the
 * FTC Mail Order Rule's 30 days). */
#define NO_PROMISE_DAYS 30

struct _BdComposer
{
  BdStore *store;
  BdEtaContext *eta;
  char *today;
  char *company_name;
  char *agent_name;
  GHashTable *lines;        /* id -> BdBackorder: read ahead by bd_composer_preload() */
};

static char *
team_setting (BdStore    *store,
              const char *key)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, "SELECT value FROM team_settings WHERE key = ? AND deleted = 0",
                                             NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL ||
      *sqlite3_column_text (stmt, 0) == '\0')
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

BdComposer *
bd_composer_new (BdStore  *store,
                 GError  **error)
{
  g_autoptr(BdComposer) self = g_new0 (BdComposer, 1);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->eta = bd_eta_context_new (store, error);
  if (self->eta == NULL)
    return NULL;
  self->today = g_strdup (bd_eta_context_get_today (self->eta));
  self->company_name = team_setting (store, "company_name");
  self->agent_name = g_strdup (bd_store_get_author (store));
  return g_steal_pointer (&self);
}

void
bd_composer_free (BdComposer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->eta, bd_eta_context_free);
  g_clear_object (&self->store);
  g_free (self->today);
  g_free (self->company_name);
  g_free (self->agent_name);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_free (self);
}

/**
 * bd_composer_preload:
 *
 * Reads lines @ids ahead, a page of them a statement, for the messages
 * about to be written for them: a batch of thousands spends half its time
 * reading its lines one by one otherwise. A composer lives for one batch,
 * so the lines are as they were when the batch began.
 */
gboolean
bd_composer_preload (BdComposer    *self,
                     const gint64  *ids,
                     guint          n_ids,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->lines == NULL)
    self->lines = bd_backorder_table_new ();
  return bd_backorder_load_many (self->store, ids, n_ids, self->lines, error);
}

static void
put (GHashTable *values,
     const char *name,
     char       *value)
{
  if (value != NULL)
    g_hash_table_insert (values, (gpointer)name, value);
}

/* "between December 1, 2026 and December 8, 2026" (bd_eta_get_promise():
 * the range with the ETA in it), or what a date without a range is, in
 * @language. */
static char *
describe_range (const BdEta *eta,
                const char  *language)
{
  static const char * const between[][3] = {
    { "between ", " and ", "" },
    { "zwischen dem ", " und dem ", "" },
    { "entre le ", " et le ", "" },
    { "entre el ", " y el ", "" },
  };
  static const char * const estimate[] = { "our estimate", "unsere Schätzung", "notre estimation",
                                           "nuestra estimación" };
  const char * const *languages = bd_template_languages ();
  const char *ours = bd_template_language_or_default (language);
  const char *first;
  const char *last;
  guint lang = 0;

  for (guint i = 0; languages[i] != NULL; i++)
    if (languages[i] == ours)
      lang = i;

  if (!bd_eta_get_promise (eta, &first, &last))
    return g_strdup (estimate[lang]);

  {
    g_autofree char *from = bd_template_format_date (first, ours);
    g_autofree char *to = bd_template_format_date (last, ours);

    return g_strconcat (between[lang][0], from, between[lang][1], to, between[lang][2], NULL);
  }
}

/* The products in stock that may replace the line's, one a line. */
static char *
alternatives_in_stock (BdStore *store,
                       gint64   product_id)
{
  /* cached, as are the other statements run once a message: a batch of
   * ten thousand would otherwise spend a third of its time preparing */
  sqlite3_stmt *stmt = bd_store_cached (store,
                                        "SELECT p.name, p.sku FROM product_alternatives a"
                                        " JOIN products p ON p.id = a.alternative_id"
                                        " WHERE a.product_id = ? AND a.deleted = 0 AND p.deleted = 0"
                                        " AND p.on_hand > 0 ORDER BY p.sort_name", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s• %s (%s)", text->len > 0 ? "\n" : "",
                            (const char *)sqlite3_column_text (stmt, 0),
                            (const char *)sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static char *
latest_incentive (BdStore    *store,
                  gint64      line_id,
                  const char *language)
{
  sqlite3_stmt *stmt = bd_store_cached (store,
                                        "SELECT kind, amount, currency FROM incentives"
                                        " WHERE line_id = ? AND deleted = 0"
                                        " ORDER BY created_at DESC, id DESC LIMIT 1", NULL);
  BdIncentiveKind kind;
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, line_id);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      bd_incentive_kind_from_string ((const char *)sqlite3_column_text (stmt, 0), &kind))
    text = bd_incentive_describe (kind, sqlite3_column_int64 (stmt, 1),
                                  (const char *)sqlite3_column_text (stmt, 2), language);
  sqlite3_reset (stmt);

  return text;
}

/* What @line gives its template's placeholders in @language: text to be
 * inserted as it is. A placeholder without a value (no expected date, no
 * alternative in stock, no incentive, no company name set) is left out,
 * and rendering a template that needs it says so. */
GHashTable *
bd_composer_line_values (BdComposer   *self,
                         BdBackorder  *line,
                         const char   *language,
                         BdEta       **eta_out,
                         GError      **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(BdEta) eta = NULL;
  g_autofree char *order_day = NULL;
  const char *promised = bd_backorder_get_promised_at (line);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (BD_IS_BACKORDER (line), NULL);

  language = bd_template_language_or_default (language);
  eta = bd_eta_compute (self->eta, line);

  put (values, "customer.name", g_strdup (bd_backorder_get_customer_name (line)));
  put (values, "customer.email", g_strdup (bd_backorder_get_customer_email (line)));
  put (values, "order.ref", g_strdup (bd_backorder_get_order_ref (line)));
  put (values, "order.date", bd_template_format_date (bd_backorder_get_ordered_at (line), language));
  put (values, "product.name", g_strdup (bd_backorder_get_product_name (line)));
  put (values, "product.sku", g_strdup (bd_backorder_get_sku (line)));
  put (values, "quantity", g_strdup_printf ("%d", bd_backorder_get_short (line)));

  /* no promise made: the order's day and the rule's 30 days */
  if (promised != NULL)
    put (values, "promised_at", bd_template_format_date (promised, language));
  else
    {
      gint64 unix_time;

      if (bd_iso_to_unix (bd_backorder_get_ordered_at (line), &unix_time))
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
          g_autoptr(GDateTime) deadline = g_date_time_add_days (utc, NO_PROMISE_DAYS);
          g_autofree char *iso = g_date_time_format (deadline, "%Y-%m-%dT%H:%M:%SZ");

          put (values, "promised_at", bd_template_format_date (iso, language));
        }
    }

  if (eta != NULL && eta->eta != NULL)
    {
      put (values, "eta", bd_template_format_date (eta->eta, language));
      put (values, "eta_range", describe_range (eta, language));
    }

  {
    g_autofree char *deadline = bd_purchasing_add_days (self->today, BD_DELAY_NOTICE_ANSWER_DAYS);

    if (deadline != NULL)
      put (values, "cancel_deadline", bd_template_format_date (deadline, language));
  }

  put (values, "alternatives", alternatives_in_stock (self->store, bd_backorder_get_product_id (line)));
  put (values, "incentive", latest_incentive (self->store, bd_backorder_get_id (line), language));
  put (values, "company.name", g_strdup (self->company_name));
  put (values, "agent.name", g_strdup (self->agent_name));

  if (eta_out != NULL)
    *eta_out = g_steal_pointer (&eta);
  return g_steal_pointer (&values);
}

typedef struct
{
  gint64 id;
  char *phone;
  char *language;
  char *preferred_channel;
  gboolean sms_consent;
} Contact;

static void
contact_clear (Contact *contact)
{
  g_free (contact->phone);
  g_free (contact->language);
  g_free (contact->preferred_channel);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Contact, contact_clear)

static gboolean
load_contact (BdStore  *store,
              gint64    line_id,
              Contact  *contact,
              GError  **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store,
                                        "SELECT c.id, c.phone, c.language, c.preferred_channel, c.sms_consent"
                                        " FROM customers c JOIN order_lines l ON l.customer_id = c.id"
                                        " WHERE l.id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, line_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                           _("The customer of the line is not in the database"));
      return FALSE;
    }

  contact->id = sqlite3_column_int64 (stmt, 0);
  contact->phone = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  contact->language = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  contact->preferred_channel = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  contact->sms_consent = sqlite3_column_int (stmt, 4);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean render_into (BdOutgoing    *outgoing,
                             const char    *what,
                             BdTemplateRow *row,
                             GHashTable    *values,
                             gboolean       with_subject,
                             GError       **error);

/* The message of @kind for line @line_id: the template in the customer's
 * language (or @language), rendered, addressed on @channel (or the
 * customer's own). A template that needs a value the line has not (its
 * error names the line), a text message to a customer who did not agree
 * to them, or a kind for suppliers is refused; a customer without an
 * address gets a message without recipient, which the log keeps as
 * failed. */
BdOutgoing *
bd_composer_for_line (BdComposer       *self,
                      const char       *kind,
                      gint64            line_id,
                      const BdChannel  *channel,
                      const char       *language,
                      GError          **error)
{
  const BdTemplateKind *kind_info;
  g_autoptr(BdBackorder) line = NULL;
  g_autoptr(BdTemplateRow) row = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(BdEta) eta = NULL;
  g_autoptr(BdOutgoing) outgoing = NULL;
  g_auto(Contact) contact = { 0, };
  BdChannel chosen;

  g_return_val_if_fail (self != NULL, NULL);

  kind_info = bd_template_kind_find (kind);
  if (kind_info == NULL || kind_info->audience != BD_AUDIENCE_CUSTOMER)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   kind_info == NULL ? _("“%s” is not a kind of message")
                                     : _("“%s” is a message to suppliers, not to a customer"), kind);
      return NULL;
    }

  if (self->lines != NULL && g_hash_table_contains (self->lines, &line_id))
    line = g_object_ref (g_hash_table_lookup (self->lines, &line_id));
  else
    line = bd_backorder_load (self->store, line_id, error);
  if (line == NULL || !load_contact (self->store, line_id, &contact, error))
    return NULL;

  row = bd_templates_find (self->store, kind, language != NULL ? language : contact.language, error);
  if (row == NULL)
    return NULL;

  if (channel != NULL)
    chosen = *channel;
  else if (g_strcmp0 (contact.preferred_channel, "sms") == 0 && contact.sms_consent)
    chosen = BD_CHANNEL_SMS;
  else
    chosen = BD_CHANNEL_EMAIL;
  if (chosen == BD_CHANNEL_SMS && !contact.sms_consent)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("%s: %s has not agreed to text messages"), bd_backorder_get_ref (line),
                   bd_backorder_get_customer_name (line));
      return NULL;
    }

  values = bd_composer_line_values (self, line, row->language, &eta, error);
  if (values == NULL)
    return NULL;

  outgoing = bd_outgoing_new (chosen);
  if (!render_into (outgoing, bd_backorder_get_ref (line), row, values, chosen != BD_CHANNEL_SMS, error))
    return NULL;

  outgoing->kind = g_strdup (kind);
  outgoing->template_uuid = g_strdup (row->uuid);
  outgoing->customer_id = contact.id;
  outgoing->line_id = line_id;
  outgoing->recipient_name = g_strdup (bd_backorder_get_customer_name (line));
  if (chosen == BD_CHANNEL_SMS)
    outgoing->recipient = bd_sms_normalize_phone (contact.phone);
  else
    outgoing->recipient = g_strdup (bd_backorder_get_customer_email (line));
  if (eta != NULL)
    {
      const char *first;
      const char *last;

      /* what the message tells, not the bare range */
      bd_eta_get_promise (eta, &first, &last);
      outgoing->eta = g_strdup (eta->eta);
      outgoing->eta_earliest = g_strdup (first);
      outgoing->eta_latest = g_strdup (last);
    }

  return g_steal_pointer (&outgoing);
}

static gboolean
render_into (BdOutgoing  *outgoing,
             const char  *what,
             BdTemplateRow *row,
             GHashTable  *values,
             gboolean     with_subject,
             GError     **error)
{
  g_autoptr(BdTemplate) subject = NULL;
  g_autoptr(BdTemplate) body = NULL;
  g_autoptr(GError) local_error = NULL;

  body = bd_template_parse (row->body, NULL, &local_error);
  if (body != NULL && row->subject != NULL && with_subject)
    subject = bd_template_parse (row->subject, NULL, &local_error);
  /* the one value a new desk lacks: say where it is set */
  if (local_error == NULL && !g_hash_table_contains (values, "company.name") &&
      (g_strv_contains (bd_template_get_names (body), "company.name") ||
       (subject != NULL && g_strv_contains (bd_template_get_names (subject), "company.name"))))
    g_set_error_literal (&local_error, BD_TEMPLATE_ERROR, BD_TEMPLATE_ERROR_NO_VALUE,
                         _("{{company.name}} has no value: set the company’s name in Preferences, or with "
                           "“backorder-desk-cli settings set company_name NAME”"));
  if (local_error == NULL)
    outgoing->body = bd_template_render (body, values, &local_error);
  if (local_error == NULL && subject != NULL)
    outgoing->subject = bd_template_render (subject, values, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, _("%s, template “%s”: %s"),
                   what, row->name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* The message of @kind (purchase_order, rfq, chase) to the supplier of
 * PO @po_number, with the PO's PDF attached to an order or a request for
 * quotation. Suppliers are written to in @language, else the default. */
BdOutgoing *
bd_composer_for_po (BdComposer  *self,
                    const char  *kind,
                    const char  *po_number,
                    const char  *language,
                    GError     **error)
{
  const BdTemplateKind *kind_info;
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(BdStmt) lines = NULL;
  g_autoptr(BdTemplateRow) row = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) line_text = g_string_new (NULL);
  g_autoptr(BdOutgoing) outgoing = NULL;
  const char *date;
  gint64 po_id;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (po_number != NULL, NULL);

  kind_info = bd_template_kind_find (kind);
  if (kind_info == NULL || kind_info->audience != BD_AUDIENCE_SUPPLIER)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   kind_info == NULL ? _("“%s” is not a kind of message")
                                     : _("“%s” is a message to a customer, not to a supplier"), kind);
      return NULL;
    }

  stmt = bd_store_prepare (self->store,
                           "SELECT po.id, coalesce(po.expected_at, po.confirmed_date), s.id, s.name,"
                           " coalesce(s.contact_name, s.name), s.email"
                           " FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                           " WHERE po.number = ? AND po.deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, po_number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND, _("There is no purchase order “%s”"), po_number);
      return NULL;
    }

  row = bd_templates_find (self->store, kind, language, error);
  if (row == NULL)
    return NULL;

  po_id = sqlite3_column_int64 (stmt, 0);
  date = (const char *)sqlite3_column_text (stmt, 1);
  put (values, "po.number", g_strdup (po_number));
  if (date != NULL)
    put (values, "po.expected_at", bd_template_format_date (date, row->language));
  put (values, "supplier.name", g_strdup ((const char *)sqlite3_column_text (stmt, 3)));
  put (values, "supplier.contact", g_strdup ((const char *)sqlite3_column_text (stmt, 4)));
  put (values, "company.name", g_strdup (self->company_name));
  put (values, "agent.name", g_strdup (self->agent_name));

  lines = bd_store_prepare (self->store,
                            "SELECT l.quantity, p.name, p.sku FROM po_lines l JOIN products p ON p.id = l.product_id"
                            " WHERE l.po_id = ? AND l.deleted = 0 ORDER BY l.id", error);
  if (lines == NULL)
    return NULL;
  sqlite3_bind_int64 (lines, 1, po_id);
  while (sqlite3_step (lines) == SQLITE_ROW)
    g_string_append_printf (line_text, "%s• %" G_GINT64_FORMAT " × %s (%s)", line_text->len > 0 ? "\n" : "",
                            (gint64)sqlite3_column_int64 (lines, 0), (const char *)sqlite3_column_text (lines, 1),
                            (const char *)sqlite3_column_text (lines, 2));
  if (line_text->len > 0)
    put (values, "po.lines", g_strdup (line_text->str));

  outgoing = bd_outgoing_new (BD_CHANNEL_EMAIL);
  if (!render_into (outgoing, po_number, row, values, TRUE, error))
    return NULL;

  outgoing->kind = g_strdup (kind);
  outgoing->template_uuid = g_strdup (row->uuid);
  outgoing->po_id = po_id;
  outgoing->supplier_id = sqlite3_column_int64 (stmt, 2);
  outgoing->recipient = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  outgoing->recipient_name = g_strdup ((const char *)sqlite3_column_text (stmt, 3));

  /* a chase too: the supplier finds the order it is asked about */
  if (g_str_equal (kind, "purchase_order") || g_str_equal (kind, "rfq") || g_str_equal (kind, "chase"))
    {
      g_autoptr(BdPoDocument) document = bd_po_document_load (self->store, po_number, error);

      if (document == NULL)
        return NULL;
      outgoing->attachment = bd_po_document_to_pdf (document, error);
      if (outgoing->attachment == NULL)
        return NULL;
      outgoing->attachment_name = g_strdup_printf ("%s.pdf", po_number);
    }

  return g_steal_pointer (&outgoing);
}

/* The ids of the lines @target names, in the order they are listed: the
 * queue's for overdue lines, the rule's for delay notices, the most
 * overdue customer first for follow-ups. */
GArray *
bd_compose_targets (BdStore          *store,
                    BdComposeTarget   target,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  switch (target)
    {
    case BD_COMPOSE_TARGET_OVERDUE:
      {
        g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();

        query->overdue = TRUE;
        return bd_backorder_query_run_ids (store, query, cancellable, error);
      }

    case BD_COMPOSE_TARGET_DELAY_NOTICES:
      {
        g_autoptr(GPtrArray) cases = bd_delay_notices_list (store, FALSE, error);

        if (cases == NULL)
          return NULL;
        for (guint i = 0; i < cases->len; i++)
          {
            BdDelayCase *item = g_ptr_array_index (cases, i);

            if (item->state == BD_NOTICE_NEEDED)
              g_array_append_val (ids, item->line_id);
          }
      }
      break;

    case BD_COMPOSE_TARGET_FOLLOWUPS:
      {
        g_autoptr(GPtrArray) due = bd_followups_list (store, FALSE, error);

        if (due == NULL)
          return NULL;
        for (guint i = 0; i < due->len; i++)
          g_array_append_val (ids, ((BdFollowup *)g_ptr_array_index (due, i))->oldest_line_id);
      }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  return g_steal_pointer (&ids);
}
