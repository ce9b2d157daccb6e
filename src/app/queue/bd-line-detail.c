/* bd-line-detail.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-line-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "bd-delay-notice-group.h"
#include "bd-delay-notices.h"
#include "bd-eta.h"
#include "bd-history.h"
#include "bd-messages.h"
#include "bd-line-detail.h"
#include "bd-note-row.h"
#include "bd-queue-page.h"
#include "bd-refused-banner.h"
#include "bd-notes.h"
#include "bd-status.h"
#include "bd-util.h"
#include "bd-widget-util.h"

struct _BdLineDetail
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkRevealer *back_revealer;
  GtkStack *stack;
  GtkScrolledWindow *scroller;
  AdwStatusPage *many_page;
  GtkLabel *many_lines_label;
  GtkLabel *title_label;
  GtkLabel *status_label;
  GtkLabel *overdue_label;
  GtkWidget *outside_label;
  BdRefusedBanner *refused_banner;
  GtkWidget *ship_button;
  GtkWidget *cancel_button;
  GtkWidget *reopen_button;
  GtkWidget *alternative_button;
  GtkWidget *message_button;
  AdwComboRow *priority_row;
  AdwActionRow *product_row;
  AdwActionRow *quantity_row;
  AdwActionRow *promised_row;
  AdwActionRow *closed_row;
  GtkWidget *eta_group;
  AdwActionRow *eta_row;
  AdwActionRow *range_row;
  AdwActionRow *source_row;
  AdwActionRow *po_row;
  GtkWidget *po_button;
  AdwActionRow *allocation_row;
  BdDelayNoticeGroup *delay_group;
  AdwActionRow *order_row;
  AdwActionRow *customer_row;
  GtkListBox *notes_list;
  GtkEntry *note_entry;
  GtkWidget *note_button;
  GtkListBox *messages_list;
  GtkListBox *history_list;

  /* Owned references */
  BdStore *store;
  BdBackorder *line;

  guint updating : 1;
};

G_DEFINE_FINAL_TYPE (BdLineDetail, bd_line_detail, GTK_TYPE_WIDGET)

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* rows only: a placeholder is a child of the list too */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Notes are free text: no Pango markup from a person's typing. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && *text != '\0');
}

static const char *
value_label (const char *field,
             const char *value)
{
  if (value == NULL)
    return C_("value", "none");
  if (g_strcmp0 (field, "status") == 0)
    return bd_status_label (value);
  if (g_strcmp0 (field, "priority") == 0)
    return bd_priority_label (atoi (value));
  if (g_strcmp0 (field, "refunded") == 0)
    return g_strcmp0 (value, "1") == 0 ? _("yes") : _("no");
  return value;
}

static const char *
field_name (const char *field)
{
  if (g_strcmp0 (field, "status") == 0)
    return _("Status");
  if (g_strcmp0 (field, "priority") == 0)
    return _("Priority");
  if (g_strcmp0 (field, "cancel_reason") == 0)
    return _("Reason");
  if (g_strcmp0 (field, "refunded") == 0)
    return _("Refunded");
  if (g_strcmp0 (field, "deleted") == 0)
    return _("Removed");
  if (g_strcmp0 (field, "shipped_at") == 0)
    return _("Shipped");
  if (g_strcmp0 (field, "cancelled_at") == 0)
    return _("Cancelled");
  if (g_strcmp0 (field, "eta") == 0)
    return _("Expected date");
  if (g_strcmp0 (field, "promised_at") == 0)
    return _("Promised");
  if (g_strcmp0 (field, "covered_quantity") == 0)
    return _("Covered by purchase orders");
  if (g_strcmp0 (field, "allocated_quantity") == 0)
    return _("Allocated from stock");
  if (g_strcmp0 (field, "backordered_quantity") == 0)
    return _("Backordered");
  /* a column no label names yet: its name rather than nothing */
  return field ? field : "";
}

/* @currency: the line's order's, an incentive's */
static char *
describe_change (const BdHistoryChange *change,
                 const char            *currency)
{
  /* only a complaint has one (an undo of its handling, too) */
  if (g_strcmp0 (change->field, "incentive") == 0)
    return bd_complaint_describe_change (change->field, change->old_value, change->new_value, currency);
  if (g_strcmp0 (change->field, "shipped_at") == 0 || g_strcmp0 (change->field, "cancelled_at") == 0)
    {
      g_autofree char *old_when = bd_format_local_datetime (change->old_value);
      g_autofree char *new_when = bd_format_local_datetime (change->new_value);

      return g_strdup_printf ("%s: %s → %s", field_name (change->field),
                              change->old_value ? old_when : C_("value", "none"),
                              change->new_value ? new_when : C_("value", "none"));
    }

  return g_strdup_printf ("%s: %s → %s", field_name (change->field),
                          value_label (change->field, change->old_value),
                          value_label (change->field, change->new_value));
}

/* A change of a complaint's handling (bd_notes_update_complaint()) as a
 * complaint's, not as the line's own fields. */
static char *
describe_complaint_change (const BdHistoryChange *change,
                           const char            *currency)
{
  char *text = bd_complaint_describe_change (change->field, change->old_value, change->new_value, currency);

  return text != NULL ? text : describe_change (change, currency);
}

/* Every change of an entry, "Status: Waiting → Shipped, Priority: …". */
static char *
describe_changes (BdHistoryEntry *entry,
                  const char     *currency)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < entry->changes->len; i++)
    {
      g_autofree char *change = describe_change (g_ptr_array_index (entry->changes, i), currency);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, change);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A message's step in the history, named by its subject (a text
 * message's by the start of its text); NULL for "sending", which the
 * step after it tells of. */
static char *
describe_message_event (BdHistoryEntry *entry)
{
  g_autofree char *what = NULL;
  const char *status = entry->new_value;

  if (entry->subject != NULL && g_utf8_strlen (entry->subject, -1) > 80)
    {
      g_autofree char *start = g_utf8_substring (entry->subject, 0, 79);

      what = g_strconcat (start, "…", NULL);
    }
  else
    what = g_strdup (entry->subject != NULL ? entry->subject : "");
  g_strdelimit (what, "\n", ' ');

  if (g_strcmp0 (status, "sent") == 0)
    return g_strdup_printf (_("Message sent: %s"), what);
  if (g_strcmp0 (status, "saved") == 0)
    return g_strdup_printf (_("Message saved as an .eml file: %s"), what);
  if (g_strcmp0 (status, "failed") == 0)
    return g_strdup_printf (_("Message not sent: %s"), what);
  if (g_strcmp0 (status, "unknown") == 0)
    return g_strdup_printf (_("Message may have gone out: %s"), what);
  if (g_strcmp0 (status, "handed_to_client") == 0)
    return g_strdup_printf (_("Message handed to the mail program: %s"), what);
  if (g_strcmp0 (status, "received") == 0)
    return g_strdup_printf (_("Customer’s call or reply logged: %s"), what);
  return NULL;
}

/* One sentence for one thing done to the line: a cancel sets four fields,
 * and was four entries of the history. */
static char *
describe_event (BdHistoryEntry *entry,
                const char     *currency)
{
  const BdHistoryChange *status = bd_history_entry_find (entry, "status");

  /* "import-create" is what databases written before 0.1 hold */
  if (g_strcmp0 (entry->action, "created") == 0 || g_strcmp0 (entry->action, "import-create") == 0)
    return g_strdup (_("Imported from the shop"));
  if (g_strcmp0 (entry->action, "import-update") == 0)
    {
      g_autofree char *changes = describe_changes (entry, currency);
      return g_strdup_printf (_("Updated by an import: %s"), changes);
    }
  if (g_strcmp0 (entry->action, "undo") == 0 && g_strcmp0 (entry->field, "deleted") == 0)
    {
      /* the undo of a delete brings the note back; that of an add takes
       * it away */
      if (g_strcmp0 (entry->new_value, "0") == 0)
        return g_strdup_printf (_("Undone: note restored: %s"), entry->subject ? entry->subject : "");
      return g_strdup (_("Undone: a note or complaint was taken back"));
    }
  if (g_strcmp0 (entry->action, "undo") == 0 && g_strcmp0 (entry->field, "body") == 0)
    return g_strdup_printf (_("Undone: note edit, back to “%s”"), entry->new_value);
  if (g_strcmp0 (entry->action, "note") == 0)
    return g_strdup_printf (_("Note: %s"), entry->new_value);
  if (g_strcmp0 (entry->action, "note-edit") == 0)
    return g_strdup_printf (_("Note edited: “%s” → “%s”"), entry->old_value, entry->new_value);
  if (g_strcmp0 (entry->action, "note-delete") == 0)
    return g_strdup_printf (_("Note deleted: %s"), entry->subject ? entry->subject : "");
  if (g_strcmp0 (entry->action, "complaint") == 0)
    return g_strdup_printf (_("Complaint (%s): %s"), bd_complaint_category_label (entry->field),
                            entry->new_value);
  if (g_strcmp0 (entry->action, "complaint-edit") == 0)
    {
      g_autoptr(GString) changes = g_string_new (NULL);

      for (guint i = 0; i < entry->changes->len; i++)
        {
          g_autofree char *change = describe_complaint_change (g_ptr_array_index (entry->changes, i), currency);

          g_string_append_printf (changes, "%s%s", i > 0 ? ", " : "", change);
        }
      /* Translators: %s lists what changed: "Owner: none → Grace, Status: Open → Resolved" */
      return g_strdup_printf (_("Complaint handled: %s"), changes->str);
    }

  if (g_strcmp0 (entry->action, "message") == 0)
    return describe_message_event (entry);
  if (g_strcmp0 (entry->action, "incentive") == 0)
    /* Translators: %s is what was given: "a discount of $5.00", "free shipping" */
    return g_strdup_printf (_("Incentive given: %s"), entry->new_value);
  if (g_strcmp0 (entry->action, "delay_notice") == 0)
    /* Translators: %s is a date */
    return g_strdup_printf (_("Delay notice recorded, with the new date %s"), entry->new_value);
  if (g_strcmp0 (entry->action, "consent") == 0)
    return g_strdup_printf (_("Answer to the delay notice: %s"), entry->new_value);

  if (g_strcmp0 (entry->action, "status") == 0 && status != NULL)
    {
      const BdHistoryChange *reason = bd_history_entry_find (entry, "cancel_reason");
      const BdHistoryChange *refunded = bd_history_entry_find (entry, "refunded");

      if (g_strcmp0 (status->new_value, "shipped") == 0)
        return g_strdup (_("Marked shipped"));
      if (g_strcmp0 (status->new_value, "cancelled") == 0)
        {
          gboolean was_refunded = refunded != NULL && g_strcmp0 (refunded->new_value, "1") == 0;

          return g_strdup_printf (was_refunded ? _("Cancelled, refunded: %s")
                                               : _("Cancelled, not refunded: %s"),
                                  reason != NULL && reason->new_value ? reason->new_value : "");
        }
      if (g_strcmp0 (status->old_value, "cancelled") == 0)
        return g_strdup (_("Reopened"));
    }

  {
    g_autofree char *changes = describe_changes (entry, currency);

    if (g_strcmp0 (entry->action, "undo") == 0)
      return g_strdup_printf (_("Undone: %s"), changes);
    return g_steal_pointer (&changes);
  }
}

/* The rows of @notes, in their order. A row whose note is still there
 * is kept and updated, not made again: a note being edited keeps its
 * text, its cursor and the focus while other changes come in. */
static void
fill_notes (BdLineDetail *self,
            GPtrArray    *notes)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean writable = !bd_store_is_read_only (self->store);
  GtkWidget *child, *next;

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    g_hash_table_add (wanted, ((BdNote *)g_ptr_array_index (notes, i))->uuid);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list)); child != NULL; child = next)
    {
      next = gtk_widget_get_next_sibling (child);
      if (BD_IS_NOTE_ROW (child) &&
          !g_hash_table_contains (wanted, bd_note_row_get_uuid (BD_NOTE_ROW (child))))
        gtk_list_box_remove (self->notes_list, child);
    }

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      BdNote *note = g_ptr_array_index (notes, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->notes_list, i);
      gboolean can_change = writable && bd_notes_can_change (self->store, note);

      if (row != NULL && g_strcmp0 (bd_note_row_get_uuid (BD_NOTE_ROW (row)), note->uuid) == 0)
        {
          bd_note_row_update (BD_NOTE_ROW (row), note, can_change);
          continue;
        }

      /* a new note, or one out of its place (sync may bring an older one) */
      for (int j = i + 1; (row = gtk_list_box_get_row_at_index (self->notes_list, j)) != NULL; j++)
        if (g_strcmp0 (bd_note_row_get_uuid (BD_NOTE_ROW (row)), note->uuid) == 0)
          {
            gtk_list_box_remove (self->notes_list, GTK_WIDGET (row));
            break;
          }
      gtk_list_box_insert (self->notes_list, bd_note_row_new (note, can_change), i);
    }
}

/* What came of a message, short: "Sent by email · 2026-03-02 14:05". */
static char *
describe_message_state (const BdMessage *message)
{
  g_autofree char *when = bd_format_local_datetime (message->sent_at != NULL ? message->sent_at
                                                                             : message->created_at);
  const char *channel = message->channel;
  const char *how;

  if (g_strcmp0 (message->status, "received") == 0)
    /* Translators: "Call noted by Ada · 2026-03-02 14:05" */
    return g_strdup_printf (g_strcmp0 (channel, "call") == 0 ? _("Call noted by %s · %s")
                                                             : _("Reply noted by %s · %s"),
                            message->author, when);

  if (g_strcmp0 (channel, "sms") == 0)
    how = _("by text message");
  else if (g_strcmp0 (channel, "eml") == 0)
    how = _("as an .eml file");
  else if (g_strcmp0 (channel, "mailto") == 0)
    how = _("through the mail program");
  else
    how = _("by email");

  /* Translators: the first %s is how ("by email"), the second when */
  if (g_strcmp0 (message->status, "sent") == 0)
    return g_strdup_printf (_("Sent %s · %s"), how, when);
  if (g_strcmp0 (message->status, "saved") == 0)
    return g_strdup_printf (_("Saved %s · %s"), how, when);
  if (g_strcmp0 (message->status, "handed_to_client") == 0)
    return g_strdup_printf (_("Handed to the mail program · %s"), when);
  if (g_strcmp0 (message->status, "sending") == 0)
    return g_strdup_printf (_("Being sent %s"), how);
  if (g_strcmp0 (message->status, "unknown") == 0)
    return g_strdup_printf (_("May have gone out %s · %s"), how, when);
  return g_strdup_printf (_("Not sent %s · %s"), how, when);
}

/* To whom, and why it did not go: above the text of an expanded message. */
static char *
describe_message_details (const BdMessage *message)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (message->recipient != NULL && g_strcmp0 (message->direction, "out") == 0)
    g_string_append_printf (text, _("To %s"), message->recipient);
  if (message->error != NULL && g_strcmp0 (message->status, "failed") == 0)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", message->error);
  if (g_strcmp0 (message->status, "unknown") == 0)
    g_string_append_printf (text, "%s%s%s%s", text->len > 0 ? "\n" : "",
                            message->error != NULL ? message->error : "", message->error != NULL ? "\n" : "",
                            _("It may have arrived: check with the customer before sending it again."));
  if (message->attempts > 1)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                            g_dngettext (GETTEXT_PACKAGE, "Tried once", "Tried %d times", message->attempts));
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static const char *
message_icon (const BdMessage *message)
{
  if (g_strcmp0 (message->status, "received") == 0)
    return g_strcmp0 (message->channel, "call") == 0 ? "call-start-symbolic" : "mail-reply-sender-symbolic";
  if (g_strcmp0 (message->status, "failed") == 0)
    return "dialog-error-symbolic";
  if (g_strcmp0 (message->status, "unknown") == 0)
    return "dialog-warning-symbolic";
  if (g_strcmp0 (message->status, "sending") == 0)
    return "mail-send-symbolic";
  return "emblem-ok-symbolic";
}

/* One message: its subject (or its text's start), what came of it, its
 * whole text when expanded, and Retry for one that did not go. */
static GtkWidget *
message_row (BdLineDetail    *self,
             const BdMessage *message)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (message_icon (message));
  GtkWidget *text = gtk_label_new (message->body);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *state = describe_message_state (message);
  g_autofree char *details = describe_message_details (message);
  const char *title = message->subject != NULL && *message->subject != '\0' ? message->subject : message->body;
  gboolean failed = g_strcmp0 (message->status, "failed") == 0;
  gboolean unknown = g_strcmp0 (message->status, "unknown") == 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), state);
  gtk_widget_set_name (row, message->uuid);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  failed ? _("Not sent") : unknown ? _("May have gone out") : _("Message"), -1);
  if (failed)
    gtk_widget_add_css_class (icon, "error");
  else if (unknown)
    gtk_widget_add_css_class (icon, "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  if ((failed || unknown) && g_strcmp0 (message->direction, "out") == 0 &&
      g_strcmp0 (message->channel, "mailto") != 0)
    {
      GtkWidget *retry = gtk_button_new_with_mnemonic (unknown ? _("_Retry…") : _("_Retry"));

      gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "queue.retry-message");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", message->uuid);
      gtk_widget_set_sensitive (retry, !bd_store_is_read_only (self->store));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), retry);
    }

  if (details != NULL)
    {
      GtkWidget *label = gtk_label_new (details);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, failed ? "error" : unknown ? "warning" : "dim-label");
      gtk_box_append (GTK_BOX (content), label);
    }
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (content), text);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 9);
  gtk_widget_set_margin_bottom (content, 9);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), content);
  return row;
}

/* The ETA, its range, where it comes from, the PO that covers the line
 * and what stock went to it (bd-eta.c), from the store's shared ETA
 * context: no query of its own but the line's. */
static void
fill_eta (BdLineDetail *self)
{
  BdBackorder *line = self->line;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdEta) eta = NULL;
  g_autofree char *source = NULL;
  g_autofree char *range = NULL;
  g_autofree char *po = NULL;
  g_autofree char *allocated = NULL;
  g_autofree char *partly = NULL;
  BdEtaContext *context;
  int missing = bd_backorder_get_short (line);

  gtk_widget_set_visible (self->eta_group, bd_backorder_is_open (line));
  if (!bd_backorder_is_open (line))
    return;

  context = bd_eta_context_for_store (self->store, &error);
  if (context == NULL)
    {
      g_warning ("Cannot work out the expected date: %s", error->message);
      gtk_widget_set_visible (self->eta_group, FALSE);
      return;
    }
  eta = bd_eta_compute (context, line);

  adw_action_row_set_subtitle (self->eta_row, eta->eta != NULL ? eta->eta : _("Not known"));
  range = bd_eta_describe_range (eta, FALSE);
  set_subtitle (self->range_row, range);
  source = bd_eta_describe (eta);
  set_subtitle (self->source_row, source);

  partly = bd_queue_page_describe_partly (line);
  if (bd_backorder_get_po_number (line) != NULL)
    po = partly != NULL && bd_backorder_get_covered (line) > 0
         ? g_strdup_printf ("%s · %s", bd_backorder_get_po_number (line), partly)
         : g_strdup (bd_backorder_get_po_number (line));
  set_subtitle (self->po_row, po);
  gtk_widget_set_sensitive (self->po_button, TRUE);
  gtk_widget_set_tooltip_text (self->po_button, _("Open the purchase order"));

  if (bd_backorder_get_allocated (line) >= missing && missing > 0)
    allocated = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "All %d unit set aside, ready to ship",
                                              "All %d units set aside, ready to ship", missing), missing);
  else if (bd_backorder_get_allocated (line) > 0)
    allocated = g_strdup_printf (_("%d of %d allocated"), bd_backorder_get_allocated (line), missing);
  set_subtitle (self->allocation_row, allocated);
}

/* What the delay-notice rule asks of the line, if anything. */
static void
fill_delay_notice (BdLineDetail *self)
{
  g_autoptr(GError) error = NULL;
  BdDelayCase *delay_case = NULL;

  if (!bd_delay_notices_for_line (self->store, bd_backorder_get_id (self->line), &delay_case, &error))
    g_warning ("Cannot work out the line’s delay notice: %s", error->message);
  bd_delay_notice_group_show (self->delay_group, delay_case);
  bd_delay_case_free (delay_case);
}

/* The purchase orders page, if the window has one: looked up now, not
 * when the pane was made. */
static void
show_po_cb (BdLineDetail *self)
{
  const char *number = self->line != NULL ? bd_backorder_get_po_number (self->line) : NULL;

  if (number == NULL)
    return;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-po", "s", number))
    {
      gtk_widget_set_sensitive (self->po_button, FALSE);
      gtk_widget_set_tooltip_text (self->po_button, _("This window has no page of purchase orders"));
    }
}

static void
fill (BdLineDetail *self)
{
  BdBackorder *line = self->line;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *title = NULL;
  g_autofree char *product = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *promised = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *order = NULL;
  g_autofree char *ordered = NULL;
  g_autofree char *customer = NULL;
  const char *status = bd_backorder_get_status (line);

  self->updating = TRUE;

  title = g_strdup_printf ("%s · %s", bd_backorder_get_order_ref (line), bd_backorder_get_sku (line));
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->status_label, bd_status_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { "status-badge", status ? status : "none", NULL });
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label), bd_backorder_get_overdue (line));
  bd_refused_banner_set_reason (self->refused_banner, bd_backorder_get_refused_reason (line));

  bd_flow_box_show_child (self->ship_button, bd_status_can_set_by_hand (status, "shipped"));
  bd_flow_box_show_child (self->cancel_button, bd_status_can_set_by_hand (status, "cancelled"));
  bd_flow_box_show_child (self->reopen_button, bd_status_can_set_by_hand (status, "waiting"));
  bd_flow_box_show_child (self->alternative_button, bd_status_can_set_by_hand (status, "cancelled"));

  adw_combo_row_set_selected (self->priority_row, bd_backorder_get_priority (line));
  /* the buttons follow their actions; these two controls act by code */
  gtk_widget_set_sensitive (GTK_WIDGET (self->priority_row), !bd_store_is_read_only (self->store));
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry), !bd_store_is_read_only (self->store));

  product = g_strdup_printf ("%s (%s)", bd_backorder_get_product_name (line), bd_backorder_get_sku (line));
  set_subtitle (self->product_row, product);

  if (bd_backorder_get_has_price (line))
    {
      g_autofree char *price = bd_format_money (bd_backorder_get_unit_price (line),
                                                bd_backorder_get_currency (line));
      quantity = g_strdup_printf (_("%d ordered, %d short, %s each"),
                                  bd_backorder_get_quantity (line), bd_backorder_get_short (line), price);
    }
  else
    quantity = g_strdup_printf (_("%d ordered, %d short"),
                                bd_backorder_get_quantity (line), bd_backorder_get_short (line));
  set_subtitle (self->quantity_row, quantity);

  promised = bd_format_local_date (bd_backorder_get_promised_at (line));
  set_subtitle (self->promised_row, promised);

  if (g_strcmp0 (status, "shipped") == 0)
    {
      g_autofree char *when = bd_format_local_datetime (bd_backorder_get_shipped_at (line));
      closed = g_strdup_printf (_("Shipped on %s"), when);
    }
  else if (g_strcmp0 (status, "cancelled") == 0)
    {
      g_autofree char *when = bd_format_local_datetime (bd_backorder_get_cancelled_at (line));
      const char *reason = bd_backorder_get_cancel_reason (line);

      closed = g_strdup_printf (bd_backorder_get_refunded (line) ? _("Cancelled on %s, refunded: %s")
                                                                 : _("Cancelled on %s: %s"),
                                when, reason ? reason : _("no reason given"));
    }
  set_subtitle (self->closed_row, closed);
  fill_eta (self);
  fill_delay_notice (self);

  ordered = bd_format_local_datetime (bd_backorder_get_ordered_at (line));
  order = g_strdup_printf (_("%s, ordered %s (%d days ago)"), bd_backorder_get_order_ref (line),
                           ordered, bd_backorder_get_age_days (line));
  set_subtitle (self->order_row, order);

  if (bd_backorder_get_customer_email (line) != NULL)
    customer = g_strdup_printf ("%s (%s) <%s>", bd_backorder_get_customer_name (line),
                                bd_backorder_get_customer_ref (line),
                                bd_backorder_get_customer_email (line));
  else
    customer = g_strdup_printf ("%s (%s)", bd_backorder_get_customer_name (line),
                                bd_backorder_get_customer_ref (line));
  set_subtitle (self->customer_row, customer);
  /* the target first: an action that takes one, named without, warns */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->customer_row), "s", bd_backorder_get_customer_ref (line));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->customer_row), "win.show-customer");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->product_row), "s", bd_backorder_get_sku (line));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->product_row), "win.show-alternatives");

  notes = bd_notes_list (self->store, bd_backorder_get_id (line), NULL);
  fill_notes (self, notes);

  clear_list (self->messages_list);
  messages = bd_messages_list (self->store, 0, bd_backorder_get_id (line), NULL);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    gtk_list_box_append (self->messages_list, message_row (self, g_ptr_array_index (messages, i)));

  clear_list (self->history_list);
  history = bd_history_list (self->store, bd_backorder_get_id (line), NULL);
  for (guint i = history ? history->len : 0; i > 0; i--)
    {
      BdHistoryEntry *entry = g_ptr_array_index (history, i - 1);
      g_autofree char *text = describe_event (entry, bd_backorder_get_currency (line));
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (text == NULL)
        continue;
      when = bd_format_local_datetime (entry->at);
      subtitle = *entry->author ? g_strdup_printf ("%s · %s", entry->author, when) : g_strdup (when);
      row = text_row (text, subtitle);
      /* a note or complaint the server refused: the pane's banner is the
       * line's own, so the entry says it */
      if (entry->refused_reason != NULL)
        {
          GtkWidget *marker = bd_refused_marker_new ();

          bd_refused_marker_set_reason (marker, entry->refused_reason);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), marker);
        }
      gtk_list_box_append (self->history_list, row);
    }

  gtk_stack_set_visible_child_name (self->stack, "line");
  self->updating = FALSE;
}

void
bd_line_detail_show_line (BdLineDetail *self,
                          BdStore      *store,
                          gint64        line_id)
{
  g_autoptr(GError) error = NULL;
  BdBackorder *line;
  gboolean other_line;

  g_return_if_fail (BD_IS_LINE_DETAIL (self));
  g_return_if_fail (BD_IS_STORE (store));

  g_set_object (&self->store, store);
  line = bd_backorder_load (store, line_id, &error);
  if (line == NULL)
    {
      bd_line_detail_show_none (self);
      return;
    }

  other_line = self->line == NULL || bd_backorder_get_id (self->line) != line_id;
  if (other_line)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      clear_list (self->notes_list);
    }

  g_clear_object (&self->line);
  self->line = line;
  fill (self);

  /* another line is read from its top; the same one, changed, stays
   * where the agent was reading it */
  if (other_line)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

void
bd_line_detail_refresh (BdLineDetail *self)
{
  g_return_if_fail (BD_IS_LINE_DETAIL (self));

  if (self->line != NULL && self->store != NULL)
    bd_line_detail_show_line (self, self->store, bd_backorder_get_id (self->line));
}

/* Several lines selected: how many, and which (@refs, the first of
 * them), with what can be done to all of them. */
void
bd_line_detail_show_many (BdLineDetail       *self,
                          guint               n_selected,
                          const char * const *refs)
{
  g_autofree char *title = NULL;
  g_autofree char *lines = NULL;

  g_return_if_fail (BD_IS_LINE_DETAIL (self));

  g_clear_object (&self->line);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Line Selected", "%u Lines Selected",
                                        n_selected), n_selected);
  adw_status_page_set_title (self->many_page, title);
  lines = bd_format_line_list (refs, n_selected);
  gtk_label_set_label (self->many_lines_label, lines);
  gtk_stack_set_visible_child_name (self->stack, "many");
}

void
bd_line_detail_show_none (BdLineDetail *self)
{
  g_return_if_fail (BD_IS_LINE_DETAIL (self));

  g_clear_object (&self->line);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* The line shown is not in the list (a search or filter left it out): the
 * pane keeps it, and says so, so that nothing done here seems lost. */
void
bd_line_detail_set_outside_list (BdLineDetail *self,
                                 gboolean      outside)
{
  g_return_if_fail (BD_IS_LINE_DETAIL (self));
  gtk_widget_set_visible (self->outside_label, outside);
}

gboolean
bd_line_detail_get_outside_list (BdLineDetail *self)
{
  g_return_val_if_fail (BD_IS_LINE_DETAIL (self), FALSE);
  return self->line != NULL && gtk_widget_get_visible (self->outside_label);
}

void
bd_line_detail_set_folded (BdLineDetail *self,
                           gboolean      folded)
{
  g_return_if_fail (BD_IS_LINE_DETAIL (self));
  gtk_revealer_set_reveal_child (self->back_revealer, folded);
}

void
bd_line_detail_focus_note (BdLineDetail *self)
{
  g_return_if_fail (BD_IS_LINE_DETAIL (self));

  if (self->line != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

void
bd_line_detail_clear_note (BdLineDetail *self)
{
  g_return_if_fail (BD_IS_LINE_DETAIL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

BdBackorder *
bd_line_detail_get_line (BdLineDetail *self)
{
  g_return_val_if_fail (BD_IS_LINE_DETAIL (self), NULL);
  return self->line;
}

static void
priority_selected_cb (BdLineDetail *self)
{
  guint selected = adw_combo_row_get_selected (self->priority_row);

  if (self->updating || self->line == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if ((int)selected == bd_backorder_get_priority (self->line))
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "queue.set-priority", "i", (int)selected);
}

static void
add_note_cb (BdLineDetail *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "queue.add-note", "s", stripped);
}

static void
note_changed_cb (BdLineDetail *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_widget_set_sensitive (self->note_button, *stripped != '\0');
}

static void
bd_line_detail_dispose (GObject *object)
{
  BdLineDetail *self = (BdLineDetail *)object;

  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_LINE_DETAIL);

  g_clear_object (&self->line);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_line_detail_parent_class)->dispose (object);
}

static void
bd_line_detail_class_init (BdLineDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_line_detail_dispose;

  g_type_ensure (BD_TYPE_DELAY_NOTICE_GROUP);
  g_type_ensure (BD_TYPE_REFUSED_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-line-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, many_page);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, many_lines_label);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, outside_label);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, refused_banner);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, ship_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, alternative_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, message_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, priority_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, product_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, promised_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, closed_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, eta_group);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, eta_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, range_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, source_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, po_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, po_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, allocation_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, delay_group);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, order_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, notes_list);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, note_entry);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, note_button);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, messages_list);
  gtk_widget_class_bind_template_child (widget_class, BdLineDetail, history_list);
  gtk_widget_class_bind_template_callback (widget_class, priority_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_note_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_po_cb);
}

static void
bd_line_detail_init (BdLineDetail *self)
{
  GtkWidget *no_notes;
  GtkWidget *no_messages;

  gtk_widget_init_template (GTK_WIDGET (self));

  no_notes = gtk_label_new (_("No notes yet"));
  gtk_label_set_xalign (GTK_LABEL (no_notes), 0);
  gtk_widget_add_css_class (no_notes, "dim-label");
  gtk_widget_set_margin_start (no_notes, 12);
  gtk_widget_set_margin_end (no_notes, 12);
  gtk_widget_set_margin_top (no_notes, 15);
  gtk_widget_set_margin_bottom (no_notes, 15);
  gtk_list_box_set_placeholder (self->notes_list, no_notes);

  no_messages = gtk_label_new (_("No messages yet"));
  gtk_label_set_xalign (GTK_LABEL (no_messages), 0);
  gtk_widget_add_css_class (no_messages, "dim-label");
  gtk_widget_set_margin_start (no_messages, 12);
  gtk_widget_set_margin_end (no_messages, 12);
  gtk_widget_set_margin_top (no_messages, 15);
  gtk_widget_set_margin_bottom (no_messages, 15);
  gtk_list_box_set_placeholder (self->messages_list, no_messages);
}
