/* bd-customer-view.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customer-view"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "bd-backorder.h"
#include "bd-complaint-edit-dialog.h"
#include "bd-conflicts-dialog.h"
#include "bd-contact-dialog.h"
#include "bd-customer-view.h"
#include "bd-customers.h"
#include "bd-event.h"
#include "bd-followups.h"
#include "bd-messages.h"
#include "bd-notes.h"
#include "bd-refused-banner.h"
#include "bd-status.h"
#include "bd-timeline-source.h"
#include "bd-util.h"

/* A customer's own page: how to reach them (changed here, in the
 * store at once), what they wait for and what is owed to them, when the
 * desk must next be in touch, and their timeline. The timeline is a lazy
 * list over BdSqlListModel, as the queue is: a customer with ten thousand
 * entries shows the first ones as soon as the first page is read. */

/* The lines a page lists: a customer with more is a shop's own account,
 * and the queue's search finds the rest. */
#define MAX_LINES_SHOWN 50

struct _BdCustomerView
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack *view_stack;
  AdwPreferencesGroup *refused_group;
  BdRefusedBanner *refused_banner;
  AdwPreferencesGroup *contact_group;
  AdwEntryRow *email_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *language_row;
  GtkSwitch *consent_switch;
  AdwComboRow *channel_row;
  GtkLabel *contact_error;
  AdwActionRow *owed_row;
  AdwActionRow *followup_row;
  AdwPreferencesGroup *complaints_group;
  GtkListBox *complaints_list;
  AdwPreferencesGroup *lines_group;
  GtkListBox *lines_list;
  GtkStack *timeline_stack;
  GtkListView *timeline_view;

  /* Owned references */
  BdStore *store;
  BdSqlListModel *timeline;
  BdCustomer *customer;
  GHashTable *line_labels;    /* line id -> "ORDER-REF · SKU" */
  GPtrArray *complaints;      /* BdNote: those about their lines, not resolved first */
  char *error;

  gint64 customer_id;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (BdCustomerView, bd_customer_view, ADW_TYPE_WINDOW)

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* One sentence for one entry of the timeline: an event is one field of
 * one change, so the sentence says which. */
char *
bd_customer_view_describe_event (GObject *object)
{
  BdEvent *event = BD_EVENT (object);
  const char *action = bd_event_get_action (event);
  const char *field = bd_event_get_field (event);
  const char *old_value = bd_event_get_old_value (event);
  const char *new_value = bd_event_get_new_value (event);

  if (action == NULL)
    return g_strdup ("");
  if (g_str_equal (action, "edit") && g_strcmp0 (bd_event_get_entity (event), "customer") == 0)
    {
      if (g_strcmp0 (field, "email") == 0)
        return g_strdup_printf (_("Email changed in the desk: “%s” → “%s”"), or_empty (old_value),
                                or_empty (new_value));
      if (g_strcmp0 (field, "phone") == 0)
        return g_strdup_printf (_("Phone changed in the desk: “%s” → “%s”"), or_empty (old_value),
                                or_empty (new_value));
      if (g_strcmp0 (field, "language") == 0)
        return g_strdup_printf (_("Language changed in the desk: “%s” → “%s”"), or_empty (old_value),
                                or_empty (new_value));
      if (g_strcmp0 (field, "preferred_channel") == 0)
        return g_strdup (g_strcmp0 (new_value, "sms") == 0 ? _("Prefers text messages, set in the desk")
                                                            : _("Prefers email, set in the desk"));
      if (g_strcmp0 (field, "sms_consent") == 0)
        return g_strdup (g_strcmp0 (new_value, "1") == 0 ? _("Consent to text messages given")
                                                          : _("Consent to text messages withdrawn"));
    }
  if (g_str_equal (action, "created") || g_str_equal (action, "import-create"))
    return g_strdup (_("Imported from the shop"));
  if (g_str_equal (action, "note"))
    return g_strdup_printf (_("Note: %s"), or_empty (new_value));
  if (g_str_equal (action, "note-edit"))
    return g_strdup_printf (_("Note edited: “%s” → “%s”"), or_empty (old_value), or_empty (new_value));
  if (g_str_equal (action, "note-delete"))
    return g_strdup (_("Note deleted"));
  if (g_str_equal (action, "complaint"))
    return g_strdup_printf (_("Complaint (%s): %s"), bd_complaint_category_label (field), or_empty (new_value));
  if (g_str_equal (action, "incentive"))
    /* Translators: %s is what was given: "a discount of $5.00", "free shipping" */
    return g_strdup_printf (_("Incentive given: %s"), or_empty (new_value));
  if (g_str_equal (action, "delay_notice"))
    /* Translators: %s is a date */
    return g_strdup_printf (_("Delay notice recorded, with the new date %s"), or_empty (new_value));
  if (g_str_equal (action, "consent"))
    return g_strdup_printf (_("Answer to the delay notice: %s"), or_empty (new_value));
  if (g_str_equal (action, "message"))
    {
      if (g_strcmp0 (new_value, "sent") == 0)
        return g_strdup (_("Message sent"));
      if (g_strcmp0 (new_value, "saved") == 0)
        return g_strdup (_("Message saved as an .eml file"));
      if (g_strcmp0 (new_value, "failed") == 0)
        return g_strdup (_("Message not sent"));
      if (g_strcmp0 (new_value, "unknown") == 0)
        return g_strdup (_("Message may have gone out"));
      if (g_strcmp0 (new_value, "handed_to_client") == 0)
        return g_strdup (_("Message handed to the mail program"));
      if (g_strcmp0 (new_value, "received") == 0)
        return g_strdup (_("Customer’s call or reply logged"));
      return g_strdup (_("Message"));
    }
  if (g_strcmp0 (field, "status") == 0)
    return g_strdup_printf (_("Status: %s → %s"), bd_status_label (old_value), bd_status_label (new_value));
  if (g_strcmp0 (field, "priority") == 0)
    return g_strdup_printf (_("Priority: %s → %s"), bd_priority_label (old_value ? atoi (old_value) : 0),
                            bd_priority_label (new_value ? atoi (new_value) : 0));
  if (g_strcmp0 (field, "eta") == 0)
    return g_strdup_printf (_("Expected date: %s → %s"), old_value ? old_value : _("none"),
                            new_value ? new_value : _("none"));
  if (g_strcmp0 (field, "covered_quantity") == 0)
    return g_strdup_printf (_("Covered by purchase orders: %s → %s"), or_empty (old_value), or_empty (new_value));
  if (g_strcmp0 (field, "allocated_quantity") == 0)
    return g_strdup_printf (_("Allocated from stock: %s → %s"), or_empty (old_value), or_empty (new_value));
  if (g_strcmp0 (field, "cancel_reason") == 0)
    return g_strdup_printf (_("Reason to cancel: %s"), or_empty (new_value));
  if (g_strcmp0 (action, "undo") == 0)
    return g_strdup_printf (_("Undone: %s “%s” → “%s”"), or_empty (field), or_empty (old_value),
                            or_empty (new_value));
  /* fields are the store's column names: what an agent sees elsewhere too */
  return g_strdup_printf (_("%s: “%s” → “%s”"), or_empty (field), or_empty (old_value), or_empty (new_value));
}

/* What an entry of the timeline is about: its line (order and SKU), or
 * the customer's own details. */
char *
bd_customer_view_label_event (BdCustomerView *self,
                              GObject        *object)
{
  BdEvent *event = BD_EVENT (object);
  const char *label;

  g_return_val_if_fail (BD_IS_CUSTOMER_VIEW (self), NULL);

  if (g_strcmp0 (bd_event_get_entity (event), "customer") == 0)
    return g_strdup (_("Contact details"));
  if (bd_event_get_line_id (event) == 0)
    /* Translators: a timeline entry about no one line of the customer */
    return g_strdup (_("All their lines"));

  label = self->line_labels != NULL ? g_hash_table_lookup (self->line_labels, &(gint64) { bd_event_get_line_id (event) })
                                    : NULL;
  return g_strdup (label != NULL ? label : "");
}

static void
setup_entry_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *subject = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (subject), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subject), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subject, "caption-heading");
  gtk_box_append (GTK_BOX (box), subject);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "caption");
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), when);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (line), box);
  /* a note or complaint whose change the server refused */
  gtk_box_append (GTK_BOX (line), bd_refused_marker_new ());
  gtk_list_item_set_child (item, line);
  gtk_list_item_set_activatable (item, FALSE);
}

/* A sync's refusal of the entry's note or complaint, or its discard,
 * changes the event in place: the marker follows. */
static void
entry_refused_cb (BdEvent    *event,
                  GParamSpec *pspec,
                  GtkWidget  *marker)
{
  bd_refused_marker_set_reason (marker, bd_event_get_refused_reason (event));
}

/* A change of a complaint's handling, with an incentive in the currency
 * of its line's order (its complaints say which). NULL for a field that
 * is not part of it. */
static char *
describe_complaint_change (BdCustomerView *self,
                           BdEvent        *event)
{
  const char *currency = NULL;
  g_autofree char *change = NULL;

  for (guint i = 0; self->complaints != NULL && i < self->complaints->len && currency == NULL; i++)
    {
      BdNote *complaint = g_ptr_array_index (self->complaints, i);

      if (complaint->line_id == bd_event_get_line_id (event))
        currency = complaint->currency;
    }
  change = bd_complaint_describe_change (bd_event_get_field (event), bd_event_get_old_value (event),
                                         bd_event_get_new_value (event), currency);
  if (change == NULL)
    return NULL;
  /* Translators: %s is what changed in a complaint's handling: "Status: Open → Resolved" */
  return g_strdup_printf (_("Complaint handled: %s"), change);
}

/* The sentence of an entry of this customer's timeline: as
 * bd_customer_view_describe_event() says it, and a complaint's handling
 * as a complaint's (an incentive given as an amount of money). */
char *
bd_customer_view_describe_entry (BdCustomerView *self,
                                 GObject        *object)
{
  BdEvent *event = BD_EVENT (object);

  g_return_val_if_fail (BD_IS_CUSTOMER_VIEW (self), NULL);

  g_autofree char *change = NULL;

  if (g_strcmp0 (bd_event_get_entity (event), "complaints") == 0)
    change = describe_complaint_change (self, event);
  return change != NULL ? g_steal_pointer (&change) : bd_customer_view_describe_event (object);
}

static void
bind_entry_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  BdCustomerView *self = user_data;
  GtkWidget *line = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_widget_get_first_child (line);
  GtkWidget *marker = gtk_widget_get_last_child (line);
  GtkWidget *subject = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_next_sibling (subject);
  GtkWidget *when_label = gtk_widget_get_last_child (box);
  BdEvent *event = gtk_list_item_get_item (item);
  g_autofree char *label = bd_customer_view_label_event (self, G_OBJECT (event));
  g_autofree char *description = bd_customer_view_describe_entry (self, G_OBJECT (event));
  g_autofree char *when = bd_format_local_datetime (bd_event_get_at (event));
  const char *author = bd_event_get_author (event);
  g_autofree char *subtitle = author != NULL && *author ? g_strdup_printf ("%s · %s", author, when)
                                                        : g_strdup (when);

  gtk_label_set_label (GTK_LABEL (subject), label);
  gtk_widget_set_visible (subject, *label != '\0');
  gtk_label_set_label (GTK_LABEL (text), description);
  gtk_label_set_label (GTK_LABEL (when_label), subtitle);
  bd_refused_marker_set_reason (marker, bd_event_get_refused_reason (event));
  g_signal_connect_object (event, "notify::refused-reason", G_CALLBACK (entry_refused_cb), marker, 0);
}

static void
unbind_entry_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *marker = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), entry_refused_cb, marker);
}

static void
update_timeline_page (BdCustomerView *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->timeline)) > 0;

  gtk_stack_set_visible_child_name (self->timeline_stack, any ? "list" : "empty");
}

static void
set_contact_error (BdCustomerView *self,
                   const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->contact_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->contact_error), message != NULL);
}

static gboolean
contact_edited (BdCustomerView *self)
{
  return self->customer != NULL &&
         (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->email_row)), or_empty (self->customer->email)) != 0 ||
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->phone_row)), or_empty (self->customer->phone)) != 0 ||
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->language_row)),
                     or_empty (self->customer->language)) != 0);
}

static void
update_actions (BdCustomerView *self)
{
  gboolean writable = self->store != NULL && !bd_store_is_read_only (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save-contact", writable && contact_edited (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.log-contact", writable && self->customer != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.edit-complaint", writable && self->customer != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->consent_switch), writable && self->customer != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->channel_row), writable && self->customer != NULL);
}

static GtkWidget *
line_row (BdBackorder *line)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s · %s", bd_backorder_get_order_ref (line), bd_backorder_get_sku (line));
  g_autofree char *promised = bd_format_local_date (bd_backorder_get_promised_at (line));
  g_autofree char *subtitle = NULL;

  if (promised != NULL && *promised)
    subtitle = g_strdup_printf (_("%s · %d short · promised %s"), bd_status_label (bd_backorder_get_status (line)),
                                bd_backorder_get_short (line), promised);
  else
    subtitle = g_strdup_printf (_("%s · %d short"), bd_status_label (bd_backorder_get_status (line)),
                                bd_backorder_get_short (line));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
fill_lines (BdCustomerView *self)
{
  g_autofree char *description = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, child);

  for (guint i = 0; i < self->customer->line_ids->len && i < MAX_LINES_SHOWN; i++)
    {
      gint64 *id = g_ptr_array_index (self->customer->line_ids, i);
      g_autoptr(BdBackorder) line = bd_backorder_load (self->store, *id, NULL);

      if (line != NULL)
        gtk_list_box_append (self->lines_list, line_row (line));
    }

  if (self->customer->line_ids->len > MAX_LINES_SHOWN)
    description = g_strdup_printf (_("%d open of %u; the first %d shown"), self->customer->n_open,
                                   self->customer->line_ids->len, MAX_LINES_SHOWN);
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d open of %u line", "%d open of %u lines",
                                                self->customer->line_ids->len),
                                   self->customer->n_open, self->customer->line_ids->len);
  adw_preferences_group_set_description (self->lines_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_list), self->customer->line_ids->len > 0);
}

/* Their complaints, each with Handle… as in a line's pane: an agent who
 * has the customer on the phone sees and settles them all here. */
static void
fill_complaints (BdCustomerView *self)
{
  g_autoptr(GError) error = NULL;
  guint n_open = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->complaints_list))) != NULL)
    gtk_list_box_remove (self->complaints_list, child);

  g_clear_pointer (&self->complaints, g_ptr_array_unref);
  self->complaints = bd_notes_list_complaints (self->store, self->customer_id, &error);
  if (self->complaints == NULL)
    {
      g_warning ("Cannot read the customer’s complaints: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->complaints_group), FALSE);
      return;
    }

  for (guint i = 0; i < self->complaints->len; i++)
    {
      BdNote *complaint = g_ptr_array_index (self->complaints, i);
      const char *label = self->line_labels != NULL ? g_hash_table_lookup (self->line_labels, &complaint->line_id)
                                                    : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *handle = gtk_button_new_with_mnemonic (_("_Handle…"));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: a complaint's category and the line it is about */
      title = g_strdup_printf (_("%s · %s"), bd_complaint_category_label (complaint->category), or_empty (label));
      if (complaint->owner != NULL)
        /* Translators: a complaint's status, who handles it, and its text */
        subtitle = g_strdup_printf (_("%s, by %s: %s"), bd_complaint_status_label (complaint->status),
                                    complaint->owner, complaint->body);
      else
        subtitle = g_strdup_printf (_("%s: %s"), bd_complaint_status_label (complaint->status), complaint->body);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      if (complaint->refused_reason != NULL)
        {
          GtkWidget *marker = bd_refused_marker_new ();

          bd_refused_marker_set_reason (marker, complaint->refused_reason);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), marker);
        }
      gtk_widget_set_valign (handle, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (handle), "s", complaint->uuid);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (handle), "customer.edit-complaint");
      gtk_accessible_update_property (GTK_ACCESSIBLE (handle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Handle the complaint"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), handle);
      gtk_list_box_append (self->complaints_list, row);
      n_open += g_strcmp0 (complaint->status, "resolved") != 0;
    }

  {
    g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not resolved of %u",
                                                                 "%u not resolved of %u", self->complaints->len),
                                                    n_open, self->complaints->len);

    adw_preferences_group_set_description (self->complaints_group, description);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->complaints_group), self->complaints->len > 0);
}

static void
complaint_response_cb (BdComplaintEditDialog *dialog,
                       const char            *response,
                       BdCustomerView        *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *resolution = NULL;
  BdComplaintUpdate update = { 0, };

  if (!g_str_equal (response, "save") || self->store == NULL)
    return;

  owner = bd_complaint_edit_dialog_dup_owner (dialog);
  resolution = bd_complaint_edit_dialog_dup_resolution (dialog);
  update.owner = owner;
  update.status = bd_complaint_edit_dialog_get_status (dialog);
  update.resolution = resolution;
  bd_complaint_edit_dialog_get_incentive (dialog, &update.incentive);
  if (!bd_notes_update_complaint (self->store, bd_complaint_edit_dialog_get_uuid (dialog), &update, NULL, &error))
    {
      GtkWidget *message = adw_message_dialog_new (GTK_WINDOW (self), _("Complaint Not Changed"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }
}

/* Handle… of a complaint (its uuid): who handles it, where it stands,
 * how it was resolved and what the customer was given, as in a line's
 * pane; in the store at once, on the line's history. */
static void
edit_complaint_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BdCustomerView *self = BD_CUSTOMER_VIEW (widget);
  const char *uuid = g_variant_get_string (parameter, NULL);

  for (guint i = 0; self->complaints != NULL && i < self->complaints->len; i++)
    {
      BdNote *complaint = g_ptr_array_index (self->complaints, i);
      g_autoptr(BdBackorder) line = NULL;
      BdComplaintEditDialog *dialog;

      if (g_strcmp0 (complaint->uuid, uuid) != 0)
        continue;
      /* an incentive is in the currency of the line's order */
      line = bd_backorder_load (self->store, complaint->line_id, NULL);
      dialog = bd_complaint_edit_dialog_new (GTK_WINDOW (self), complaint,
                                             line != NULL ? bd_backorder_get_currency (line) : complaint->currency);
      g_signal_connect_object (dialog, "response", G_CALLBACK (complaint_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
}

static char *
describe_owed (BdCustomer *customer)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) currencies = g_hash_table_get_keys (customer->owed);

  currencies = g_list_sort (currencies, (GCompareFunc)g_strcmp0);
  for (GList *l = currencies; l != NULL; l = l->next)
    {
      gint64 *sum = g_hash_table_lookup (customer->owed, l->data);

      g_ptr_array_add (parts, bd_format_money (*sum, l->data));
    }
  if (parts->len == 0)
    return g_strdup (_("Nothing: no paid line waits"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **)parts->pdata);
}

static char *
describe_followup (BdCustomerView *self)
{
  g_autoptr(GPtrArray) followups = NULL;
  g_autoptr(GError) error = NULL;

  if (self->customer->n_open == 0)
    return g_strdup (_("None: nothing is open"));

  followups = bd_followups_list (self->store, TRUE, &error);
  if (followups == NULL)
    return g_strdup (error->message);
  for (guint i = 0; i < followups->len; i++)
    {
      BdFollowup *followup = g_ptr_array_index (followups, i);
      g_autoptr(GDateTime) now = NULL;
      g_autofree char *today = NULL;

      if (followup->customer_id != self->customer_id)
        continue;
      now = g_date_time_new_now_local ();
      today = g_date_time_format (now, "%F");
      if (g_strcmp0 (followup->due, today) <= 0)
        return g_strdup_printf (_("Due now, since %s"), followup->due);
      return g_strdup_printf (_("Due on %s"), followup->due);
    }
  return g_strdup (_("None due"));
}

static void
reload (BdCustomerView *self,
        gboolean        keep_edits)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owed = NULL;
  g_autofree char *followup = NULL;
  BdCustomer *customer = bd_customers_load (self->store, self->customer_id, &error);

  if (customer == NULL)
    {
      set_contact_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->customer, bd_customer_free);
  self->customer = customer;

  self->updating = TRUE;
  gtk_window_set_title (GTK_WINDOW (self), customer->name);
  /* shown in place of the switcher when the window is narrow */
  adw_view_switcher_title_set_title (self->switcher_title, customer->name);
  adw_preferences_group_set_description (self->contact_group, customer->ref);
  bd_refused_banner_set_reason (self->refused_banner, customer->refused_reason);
  gtk_widget_set_visible (GTK_WIDGET (self->refused_group), customer->refused_reason != NULL);
  /* what the agent typed and did not save yet stays */
  if (!keep_edits)
    {
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), or_empty (customer->email));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), or_empty (customer->phone));
  gtk_editable_set_text (GTK_EDITABLE (self->language_row), or_empty (customer->language));
    }
  gtk_switch_set_active (self->consent_switch, customer->sms_consent);
  adw_combo_row_set_selected (self->channel_row, g_strcmp0 (customer->preferred_channel, "sms") == 0 ? 1 : 0);
  self->updating = FALSE;

  owed = describe_owed (customer);
  adw_action_row_set_subtitle (self->owed_row, owed);
  followup = describe_followup (self);
  adw_action_row_set_subtitle (self->followup_row, followup);
  fill_lines (self);
  update_actions (self);

  g_clear_pointer (&self->line_labels, g_hash_table_unref);
  self->line_labels = bd_customers_line_labels (self->store, self->customer_id, NULL);
  fill_complaints (self);
}

static void
store_changed_cb (BdCustomerView     *self,
                  const char * const *tables)
{
  const char *shown[] = { "customers", "order_lines", "orders", "messages", "events", "complaints", "sync_refused" };

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    if (bd_store_changes_include (tables, shown[i]))
      {
        reload (self, contact_edited (self));
        return;
      }
}

static void
contact_changed_cb (BdCustomerView *self)
{
  if (self->updating)
    return;
  update_actions (self);
}

static void
save_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdCustomerView *self = BD_CUSTOMER_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!bd_customers_set_contact (self->store, self->customer_id,
                                 gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                                 gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                                 gtk_editable_get_text (GTK_EDITABLE (self->language_row)), &error))
    {
      set_contact_error (self, error->message);
      return;
    }
  set_contact_error (self, NULL);
  reload (self, FALSE);
}

static void
contact_response_cb (BdContactDialog *dialog,
                     const char      *response,
                     BdCustomerView  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BdChannel channel;

  if (!g_str_equal (response, "log") || self->store == NULL)
    return;

  channel = g_str_equal (bd_contact_dialog_get_kind (dialog), "call") ? BD_CHANNEL_CALL : BD_CHANNEL_REPLY;
  text = bd_contact_dialog_dup_text (dialog);
  if (!bd_messages_log_incoming (self->store, channel, self->customer_id, 0, text, NULL, &error))
    {
      set_contact_error (self, error->message);
      return;
    }
  set_contact_error (self, NULL);
}

/* A call or a reply about all they wait for, not one line: logged on the
 * customer, and so on their timeline. */
static void
log_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdCustomerView *self = BD_CUSTOMER_VIEW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  BdContactDialog *dialog;

  if (!g_str_equal (kind, "call") && !g_str_equal (kind, "reply"))
    return;

  dialog = bd_contact_dialog_new (GTK_WINDOW (self), kind);
  g_signal_connect_object (dialog, "response", G_CALLBACK (contact_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
contact_activated_cb (BdCustomerView *self)
{
  if (contact_edited (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "customer.save-contact", NULL);
}

/* Consent is a word the customer gave or withdrew: it counts at once,
 * as a switch does elsewhere in GNOME. */
static void
consent_changed_cb (BdCustomerView *self)
{
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_switch_get_active (self->consent_switch);

  if (self->updating || self->customer == NULL || active == self->customer->sms_consent)
    return;
  if (!bd_customers_set_sms_consent (self->store, self->customer_id, active, &error))
    {
      set_contact_error (self, error->message);
      self->updating = TRUE;
      gtk_switch_set_active (self->consent_switch, self->customer->sms_consent);
      self->updating = FALSE;
      return;
    }
  self->customer->sms_consent = active;
}

/* How they want to hear from the desk: at once, as the consent. */
static void
channel_changed_cb (BdCustomerView *self)
{
  g_autoptr(GError) error = NULL;
  const char *channel = adw_combo_row_get_selected (self->channel_row) == 1 ? "sms" : "email";

  if (self->updating || self->customer == NULL || g_strcmp0 (channel, self->customer->preferred_channel) == 0)
    return;
  if (!bd_customers_set_preferred_channel (self->store, self->customer_id, channel, &error))
    {
      set_contact_error (self, error->message);
      self->updating = TRUE;
      adw_combo_row_set_selected (self->channel_row,
                                  g_strcmp0 (self->customer->preferred_channel, "sms") == 0 ? 1 : 0);
      self->updating = FALSE;
      return;
    }
  g_free (self->customer->preferred_channel);
  self->customer->preferred_channel = g_strdup (channel);
}

/* Review… of the banner: the Conflicts window, over this one, where the
 * refused change is discarded or sent again. The banner names the main
 * window's action, which a window of its own does not reach. */
static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BdCustomerView *self = BD_CUSTOMER_VIEW (widget);

  if (self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (bd_conflicts_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
bd_customer_view_dispose (GObject *object)
{
  BdCustomerView *self = BD_CUSTOMER_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_CUSTOMER_VIEW);
  g_clear_object (&self->timeline);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_customer_view_parent_class)->dispose (object);
}

static void
bd_customer_view_finalize (GObject *object)
{
  BdCustomerView *self = BD_CUSTOMER_VIEW (object);

  g_clear_pointer (&self->customer, bd_customer_free);
  g_clear_pointer (&self->line_labels, g_hash_table_unref);
  g_clear_pointer (&self->complaints, g_ptr_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (bd_customer_view_parent_class)->finalize (object);
}

static void
bd_customer_view_class_init (BdCustomerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_customer_view_dispose;
  object_class->finalize = bd_customer_view_finalize;

  g_type_ensure (BD_TYPE_REFUSED_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/communication/bd-customer-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, refused_group);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, refused_banner);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, contact_group);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, email_row);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, phone_row);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, language_row);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, complaints_group);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, complaints_list);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, channel_row);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, contact_error);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, owed_row);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, followup_row);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, lines_group);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, lines_list);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerView, timeline_view);
  gtk_widget_class_bind_template_callback (widget_class, contact_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, consent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_changed_cb);

  gtk_widget_class_install_action (widget_class, "customer.save-contact", NULL, save_contact_action);
  gtk_widget_class_install_action (widget_class, "customer.log-contact", "s", log_contact_action);
  gtk_widget_class_install_action (widget_class, "customer.edit-complaint", "s", edit_complaint_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL, show_conflicts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_customer_view_init (BdCustomerView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_entry_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_entry_cb), self, 0);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_entry_cb), NULL);
  gtk_list_view_set_factory (self->timeline_view, factory);
}

/**
 * bd_customer_view_new:
 *
 * The page of customer @customer_id, a window of its own beside @parent.
 */
BdCustomerView *
bd_customer_view_new (GtkWindow *parent,
                      BdStore   *store,
                      gint64     customer_id)
{
  BdCustomerView *self;
  BdTimelineQuery query = { 0, customer_id };
  g_autoptr(BdRowSource) source = bd_timeline_source_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_CUSTOMER_VIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;

  /* a new model lists nothing until it is asked to */
  self->timeline = bd_sql_list_model_new (store, source, NULL);
  bd_sql_list_model_set_query (self->timeline, &query);
  g_signal_connect_object (self->timeline, "items-changed", G_CALLBACK (update_timeline_page), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->timeline)));
  gtk_list_view_set_model (self->timeline_view, GTK_SELECTION_MODEL (selection));
  update_timeline_page (self);

  /* a change made elsewhere (an import, the queue, another window) shows */
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self, FALSE);

  return self;
}

gint64
bd_customer_view_get_customer_id (BdCustomerView *self)
{
  g_return_val_if_fail (BD_IS_CUSTOMER_VIEW (self), 0);

  return self->customer_id;
}

/* The timeline's model: tests and benchmarks wait for its rows. */
BdSqlListModel *
bd_customer_view_get_timeline (BdCustomerView *self)
{
  g_return_val_if_fail (BD_IS_CUSTOMER_VIEW (self), NULL);

  return self->timeline;
}

/* What the last change refused, or NULL. */
const char *
bd_customer_view_get_error (BdCustomerView *self)
{
  g_return_val_if_fail (BD_IS_CUSTOMER_VIEW (self), NULL);

  return self->error;
}
