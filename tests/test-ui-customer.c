/* test-ui-customer.c: a customer's own page and a product's alternatives,
 * opened from a line's pane and the Communication page, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-customer"

#include "config.h"

#include <adwaita.h>

#include "bd-alternatives-dialog.h"
#include "bd-application.h"
#include "bd-backorder.h"
#include "bd-complaint-edit-dialog.h"
#include "bd-notes.h"
#include "bd-contact-dialog.h"
#include "bd-customer-view.h"
#include "bd-event.h"
#include "bd-customers.h"
#include "bd-demo.h"
#include "bd-line-detail.h"
#include "bd-queue-model.h"
#include "bd-queue-page.h"
#include "bd-template.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-util.h"
#include "bd-window.h"

/* A program of its own, as test-preferences is: GLib's quarks (see there). */

typedef struct
{
  char *dir;
  char *database;
  BdStore *store;               /* a connection of the test's own, to check */
  BdWindow *window;
  BdQueuePage *page;
} Fixture;

static BdApplication *app;

static gboolean
queue_loaded (Fixture *fixture)
{
  BdQueueModel *model = bd_queue_page_get_model (fixture->page);

  return !bd_queue_model_get_loading (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);

  bd_test_ui_make_demo_store (fixture->database);

  fixture->store = bd_store_open (fixture->database, NULL);
  g_assert_nonnull (fixture->store);

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 800);
  fixture->page = bd_window_get_queue_page (fixture->window);
  bd_test_ui_wait_for (fixture, queue_loaded, "the queue to load");
  bd_test_ui_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  bd_test_ui_destroy_dialogs (GTK_WINDOW (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  bd_test_ui_wind_down ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (window, width, height);
  for (guint i = 0; i < 60; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* The first widget under @root whose action is @action_name. */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type under @root, if @title: an AdwPreferencesRow
 * with that title, or a GtkEntry with that placeholder. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (title == NULL ||
       (ADW_IS_PREFERENCES_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0) ||
       (GTK_IS_ENTRY (root) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (root)), title) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first label under @root that reads @text, mapped. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
customer_view_shown (Fixture *fixture)
{
  return bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW) != NULL;
}

static gboolean
alternatives_shown (Fixture *fixture)
{
  return bd_test_ui_find_window (BD_TYPE_ALTERNATIVES_DIALOG) != NULL;
}

static BdCustomerView *
current_view;

static gboolean
timeline_loaded (Fixture *fixture)
{
  BdSqlListModel *timeline = bd_customer_view_get_timeline (current_view);

  return !bd_sql_list_model_get_loading (timeline) && !bd_sql_list_model_get_partial (timeline);
}

/* The line selected in the queue, and its pane showing it. */
static BdBackorder *
select_line (Fixture *fixture,
             guint    position)
{
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));

  g_assert_true (gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), position, TRUE));
  bd_test_ui_drain ();
  g_assert_nonnull (bd_line_detail_get_line (detail));
  return g_object_ref (bd_line_detail_get_line (detail));
}

static const char *
row_subtitle (BdCustomerView *view,
              const char     *title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* The customer's name in a line's pane opens their page: their contact,
 * their lines, what is owed, the next follow-up and the timeline. */
static void
test_from_pane (Fixture       *fixture,
                gconstpointer  data)
{
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));
  g_autoptr(BdBackorder) line = select_line (fixture, 0);
  g_autoptr(BdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) target = NULL;
  GtkWidget *customer_row = find_actionable (GTK_WIDGET (detail), "win.show-customer");
  BdCustomerView *view;
  GtkWidget *email_row;
  GtkWidget *lines_list;
  gint64 id = 0;
  guint n_lines = 0;
  gboolean found_line = FALSE;

  g_assert_nonnull (customer_row);
  target = g_variant_ref (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (customer_row)));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, bd_backorder_get_customer_ref (line));
  g_assert_true (gtk_widget_get_focusable (customer_row) || gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (customer_row)));

  /* as Enter on the row does */
  g_assert_true (gtk_widget_activate (customer_row));
  bd_test_ui_wait_for (fixture, customer_view_shown, "the customer's page");
  view = current_view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);

  g_assert_true (bd_customers_find (fixture->store, bd_backorder_get_customer_ref (line), &id, &error));
  customer = bd_customers_load (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bd_customer_view_get_customer_id (view), ==, id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (view)), ==, customer->name);

  email_row = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "_Email");
  g_assert_nonnull (email_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, customer->email ? customer->email : "");

  /* a row for each of their lines, open first */
  lines_list = gtk_widget_get_parent (find_widget (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, "Owed"));
  lines_list = gtk_widget_get_next_sibling (gtk_widget_get_ancestor (lines_list, ADW_TYPE_PREFERENCES_GROUP));
  for (GtkWidget *row = find_widget (lines_list, GTK_TYPE_LIST_BOX_ROW, NULL); row;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *prefix = g_strconcat (bd_backorder_get_order_ref (line), " · ", NULL);

      /* the line selected is among them */
      if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix))
        found_line = TRUE;
      n_lines++;
    }
  g_assert_true (found_line);
  g_assert_cmpuint (n_lines, ==, MIN (customer->line_ids->len, 50));
  g_assert_cmpuint (n_lines, >, 0);

  /* what is owed: the core's sum, formatted */
  if (g_hash_table_size (customer->owed) == 1)
    {
      GHashTableIter iter;
      gpointer currency, sum;
      g_autofree char *money = NULL;

      g_hash_table_iter_init (&iter, customer->owed);
      g_assert_true (g_hash_table_iter_next (&iter, &currency, &sum));
      money = bd_format_money (*(gint64 *)sum, currency);
      g_assert_cmpstr (row_subtitle (view, "Owed"), ==, money);
    }
  g_assert_nonnull (row_subtitle (view, "Next follow-up"));
  g_assert_cmpstr (row_subtitle (view, "Next follow-up"), !=, "");

  /* the timeline: the events of their lines, as the core lists them */
  bd_test_ui_wait_for (fixture, timeline_loaded, "the timeline");
  g_assert_null (bd_sql_list_model_get_error (bd_customer_view_get_timeline (view)));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE deleted = 0 AND line_id IN"
                                            " (SELECT id FROM order_lines WHERE customer_id = %" G_GINT64_FORMAT
                                            " AND backordered_quantity > 0 AND deleted = 0)", id);

    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (bd_customer_view_get_timeline (view))), ==,
                     bd_test_count (fixture->store, sql));
  }

  gtk_window_set_default_size (GTK_WINDOW (view), 640, 720);
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer.png");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK, NULL)),
                                         "timeline");
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-timeline.png");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK, NULL)),
                                         "details");

  resize (GTK_WINDOW (view), 360, 720);
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-narrow.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  /* the style reaches the widgets a frame later */
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-narrow-dark.png");
  resize (GTK_WINDOW (view), 640, 720);
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-dark.png");
}

/* Contact fields are saved through the core: a bad address is refused
 * with what is wrong and nothing written; a good one is stored; consent
 * counts at once. */
static void
test_edit_contact (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BdBackorder) line = select_line (fixture, 0);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stored = NULL;
  BdCustomerView *view;
  GtkWidget *email_row, *phone_row, *language_row;
  GtkSwitch *consent;
  gint64 id = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s",
                                             bd_backorder_get_customer_ref (line)));
  bd_test_ui_wait_for (fixture, customer_view_shown, "the customer's page");
  view = current_view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);
  id = bd_customer_view_get_customer_id (view);
  email_row = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "_Email");
  phone_row = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "_Phone");
  language_row = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "_Language code");
  consent = GTK_SWITCH (find_widget (GTK_WIDGET (view), GTK_TYPE_SWITCH, NULL));

  /* nothing changed: nothing to save */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (view), "customer.save-contact", NULL) &&
                  bd_customer_view_get_error (view) != NULL);

  sql = g_strdup_printf ("SELECT ifnull(email, '') || '|' || ifnull(phone, '') || '|' || ifnull(language, '')"
                         " || '|' || sms_consent FROM customers WHERE id = %" G_GINT64_FORMAT, id);
  before = bd_test_dump (fixture->store);
  gtk_editable_set_text (GTK_EDITABLE (email_row), "not an address");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.save-contact", NULL));
  g_assert_nonnull (bd_customer_view_get_error (view));
  g_assert_nonnull (strstr (bd_customer_view_get_error (view), "“not an address” is not an email address"));
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (before, ==, after);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-error.png");

  gtk_editable_set_text (GTK_EDITABLE (email_row), "ada@example.net");
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "+49 30 1234567");
  gtk_editable_set_text (GTK_EDITABLE (language_row), "FR");
  /* Enter in a field saves, as in a form */
  g_signal_emit_by_name (language_row, "entry-activated");
  g_assert_null (bd_customer_view_get_error (view));
  gtk_switch_set_active (consent, FALSE);
  stored = bd_test_text (fixture->store, sql);
  g_assert_cmpstr (stored, ==, "ada@example.net|+49 30 1234567|fr|0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (language_row)), ==, "fr");

  gtk_switch_set_active (consent, TRUE);
  g_clear_pointer (&stored, g_free);
  stored = bd_test_text (fixture->store, sql);
  g_assert_cmpstr (stored, ==, "ada@example.net|+49 30 1234567|fr|1");

  /* the channel they prefer counts at once too */
  {
    AdwComboRow *channel_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (view), BD_TYPE_CUSTOMER_VIEW,
                                                                             "channel_row"));
    g_autofree char *channel_sql = g_strdup_printf ("SELECT preferred_channel FROM customers WHERE id = %"
                                                    G_GINT64_FORMAT, id);
    g_autofree char *channel = NULL;

    g_assert_cmpuint (adw_combo_row_get_selected (channel_row), ==, 0);
    adw_combo_row_set_selected (channel_row, 1);
    channel = bd_test_text (fixture->store, channel_sql);
    g_assert_cmpstr (channel, ==, "sms");
    g_assert_null (bd_customer_view_get_error (view));
    bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-prefers-sms.png");
  }
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE entity = 'customer'"), >=, 4);

  /* the timeline tells the desk's changes of the customer, as such, and
   * names the line of every other entry */
  bd_test_ui_wait_for (fixture, timeline_loaded, "the timeline");
  {
    GListModel *timeline = G_LIST_MODEL (bd_customer_view_get_timeline (view));
    g_autofree char *line_label = g_strdup_printf ("%s · %s", bd_backorder_get_order_ref (line),
                                                   bd_backorder_get_sku (line));
    gboolean email_told = FALSE, line_named = FALSE;
    guint n = g_list_model_get_n_items (timeline);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GObject) event = g_list_model_get_item (timeline, i);
        g_autofree char *text = bd_customer_view_describe_event (event);
        g_autofree char *label = bd_customer_view_label_event (view, event);

        if (g_str_has_prefix (text, "Email changed in the desk: ") && strstr (text, "→ “ada@example.net”") != NULL)
          {
            g_assert_cmpstr (label, ==, "Contact details");
            email_told = TRUE;
          }
        else if (bd_event_get_line_id (BD_EVENT (event)) == bd_backorder_get_id (line))
          {
            g_assert_cmpstr (label, ==, line_label);
            line_named = TRUE;
          }
        else if (bd_event_get_line_id (BD_EVENT (event)) != 0)
          g_assert_cmpstr (label, !=, "");
      }
    g_assert_true (email_told);
    g_assert_true (line_named);

    /* and its rows show it: the first entry is in sight */
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK, NULL)),
                                           "timeline");
    bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-timeline-contact.png");
    {
      g_autoptr(GObject) first = g_list_model_get_item (timeline, 0);
      g_autofree char *first_label = bd_customer_view_label_event (view, first);

      g_assert_nonnull (find_label (GTK_WIDGET (view), first_label));
    }
  }
}

static gboolean
timeline_has_call (Fixture *fixture)
{
  GListModel *timeline = G_LIST_MODEL (bd_customer_view_get_timeline (current_view));

  if (!timeline_loaded (fixture))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(GObject) event = g_list_model_get_item (timeline, i);

      if (g_strcmp0 (bd_event_get_action (BD_EVENT (event)), "message") == 0 &&
          g_strcmp0 (bd_event_get_new_value (BD_EVENT (event)), "received") == 0 &&
          bd_event_get_line_id (BD_EVENT (event)) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A call about all the customer waits for is logged on their page: on the
 * customer, no line, and on their timeline as such. */
static void
test_log_call (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BdBackorder) line = select_line (fixture, 0);
  g_autofree char *sql = NULL;
  g_autofree char *logged = NULL;
  BdCustomerView *view;
  BdContactDialog *dialog;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s",
                                             bd_backorder_get_customer_ref (line)));
  bd_test_ui_wait_for (fixture, customer_view_shown, "the customer's page");
  view = current_view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);
  id = bd_customer_view_get_customer_id (view);
  g_assert_nonnull (find_actionable (GTK_WIDGET (view), "customer.log-contact"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.log-contact", "s", "call"));
  dialog = bd_test_ui_find_window (BD_TYPE_CONTACT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (bd_contact_dialog_get_kind (dialog), ==, "call");
  bd_contact_dialog_set_text (dialog, "Asked when the whole order comes; told her early January");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "log");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_drain ();
  g_assert_null (bd_customer_view_get_error (view));

  sql = g_strdup_printf ("SELECT channel || '|' || status || '|' || ifnull(line_id, '-') || '|' || body FROM messages"
                         " WHERE customer_id = %" G_GINT64_FORMAT " AND direction = 'in'", id);
  logged = bd_test_text (fixture->store, sql);
  g_assert_cmpstr (logged, ==, "call|received|-|Asked when the whole order comes; told her early January");

  bd_test_ui_wait_for (fixture, timeline_has_call, "the call on the timeline");
  {
    GListModel *timeline = G_LIST_MODEL (bd_customer_view_get_timeline (view));
    g_autoptr(GObject) last = g_list_model_get_item (timeline, g_list_model_get_n_items (timeline) - 1);
    g_autofree char *label = bd_customer_view_label_event (view, last);

    g_assert_cmpstr (label, ==, "All their lines");
  }
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-log-call.png");
}

/* The customer's page lists the complaints about their lines, not
 * resolved first, and Handle… settles one as in a line's pane: who owns
 * it, where it stands, the incentive given, in the store at once. */
static void
test_complaints (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BdBackorder) line = select_line (fixture, 0);
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stored = NULL;
  BdCustomerView *view;
  BdComplaintEditDialog *dialog;
  GtkWidget *group;
  GtkListBox *list;

  g_assert_true (bd_notes_add_complaint (store, bd_backorder_get_id (line), "delay",
                                         "Promised for November and still nothing", NULL, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT uuid FROM complaints WHERE line_id = %" G_GINT64_FORMAT, bd_backorder_get_id (line));
  uuid = bd_test_text (fixture->store, sql);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s",
                                             bd_backorder_get_customer_ref (line)));
  bd_test_ui_wait_for (fixture, customer_view_shown, "the customer's page");
  view = current_view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);
  group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), BD_TYPE_CUSTOMER_VIEW, "complaints_group"));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (view), BD_TYPE_CUSTOMER_VIEW, "complaints_list"));
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0))),
                            "Promised for November"));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, "1 not resolved of 1");
  g_assert_nonnull (find_actionable (GTK_WIDGET (view), "customer.edit-complaint"));
  bd_test_ui_scroll_to (group);
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-complaints.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.edit-complaint", "s", uuid));
  dialog = bd_test_ui_find_window (BD_TYPE_COMPLAINT_EDIT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), BD_TYPE_COMPLAINT_EDIT_DIALOG,
                                                                      "owner_entry")), "Maria");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                            BD_TYPE_COMPLAINT_EDIT_DIALOG,
                                                                            "status_dropdown")), 1);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), BD_TYPE_COMPLAINT_EDIT_DIALOG,
                                                                      "incentive_entry")), "5");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_drain ();

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT owner || '|' || status || '|' || incentive FROM complaints WHERE uuid = '%s'", uuid);
  stored = bd_test_text (fixture->store, sql);
  g_assert_cmpstr (stored, ==, "Maria|answered|500");
  /* the page shows it */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0))),
                            "by Maria"));
  /* the timeline tells the handling as a complaint's, the incentive as
   * an amount in the order's currency, once */
  bd_test_ui_wait_for (fixture, timeline_loaded, "the timeline");
  {
    GListModel *timeline = G_LIST_MODEL (bd_customer_view_get_timeline (view));
    g_autofree char *money = bd_template_format_money (500, bd_backorder_get_currency (line), NULL);
    g_autofree char *want = g_strdup_printf ("Complaint handled: Incentive: none → %s", money);
    guint told = 0;

    for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
      {
        g_autoptr(GObject) event = g_list_model_get_item (timeline, i);
        g_autofree char *text = bd_customer_view_describe_entry (view, event);

        told += g_strcmp0 (text, want) == 0;
        told += g_strcmp0 (text, "Complaint handled: Owner: none → Maria") == 0;
      }
    g_assert_cmpuint (told, ==, 2);
  }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  resize (GTK_WINDOW (view), 360, 720);
  bd_test_ui_scroll_to (group);
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-customer-complaints-narrow-dark.png");
}

/* The Communication page opens a customer by reference; an unknown one
 * is said so and opens nothing. */
static void
test_from_communication (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page = bd_window_get_communication_page (fixture->window);
  GtkWidget *entry = find_widget (page, GTK_TYPE_ENTRY, "Customer reference");
  g_autofree char *ref = bd_test_text (fixture->store, "SELECT ref FROM customers ORDER BY id LIMIT 1");

  g_assert_nonnull (entry);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK)),
                                         "communication");
  bd_test_ui_drain ();

  gtk_editable_set_text (GTK_EDITABLE (entry), "NOBODY");
  g_signal_emit_by_name (entry, "activate");
  bd_test_ui_settle ();
  g_assert_null (bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW));

  gtk_editable_set_text (GTK_EDITABLE (entry), ref);
  g_signal_emit_by_name (entry, "activate");
  bd_test_ui_wait_for (fixture, customer_view_shown, "the customer's page");
  current_view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);
  g_assert_cmpint (bd_customer_view_get_customer_id (current_view), ==,
                   bd_test_count (fixture->store, "SELECT id FROM customers ORDER BY id LIMIT 1"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-communication-customer-entry.png");
}

/* A customer with thousands of entries: the list has them all, and only
 * the rows on screen (and a page or so) are built. */
static void
test_timeline_lazy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdBackorder) line = select_line (fixture, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  BdSqlListModel *timeline;
  gint64 id = 0;
  gint64 n_events;

  g_assert_true (bd_customers_find (fixture->store, bd_backorder_get_customer_ref (line), &id, &error));
  /* 5,000 notes' worth of events on the line, written as an import would */
  sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                         " INSERT INTO events (batch, author, action, entity, entity_uuid, line_id, field,"
                         " new_value, uuid, created_at, updated_at)"
                         " SELECT 'b' || i, 'Test', 'note', 'notes', 'n' || i, %" G_GINT64_FORMAT ", 'body',"
                         " 'Called the customer, number ' || i, 'u-test-' || i,"
                         " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '+' || i || ' seconds'),"
                         " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now') FROM n",
                         bd_backorder_get_id (line));
  g_assert_true (bd_store_exec (fixture->store, sql, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE deleted = 0 AND line_id IN (SELECT id FROM order_lines"
                         " WHERE customer_id = %" G_GINT64_FORMAT " AND backordered_quantity > 0 AND deleted = 0)", id);
  n_events = bd_test_count (fixture->store, sql);
  g_assert_cmpint (n_events, >, 5000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s",
                                             bd_backorder_get_customer_ref (line)));
  bd_test_ui_wait_for (fixture, customer_view_shown, "the customer's page");
  current_view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (current_view), ADW_TYPE_VIEW_STACK,
                                                                      NULL)), "timeline");
  timeline = bd_customer_view_get_timeline (current_view);
  bd_test_ui_wait_for (fixture, timeline_loaded, "the timeline");
  bd_test_ui_settle ();

  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, n_events);
  g_assert_cmpuint (bd_sql_list_model_get_n_cached (timeline), <, 1000);
  {
    g_autoptr(GObject) last = g_list_model_get_item (G_LIST_MODEL (timeline), n_events - 1);
    g_autofree char *text = bd_customer_view_describe_event (last);

    g_assert_cmpstr (text, ==, "Note: Called the customer, number 5000");
  }
  bd_test_ui_save_png (GTK_WIDGET (current_view), "ui-customer-timeline-long.png");
}

/* The product in a line's pane opens its alternatives: unknown SKUs, the
 * product itself and a duplicate are refused with what is wrong; one is
 * added, then removed. */
static void
test_alternatives (Fixture       *fixture,
                   gconstpointer  data)
{
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));
  g_autoptr(BdBackorder) line = select_line (fixture, 0);
  const char *sku = bd_backorder_get_sku (line);
  g_autofree char *other_sql = g_strdup_printf ("SELECT sku FROM products WHERE sku <> '%s' ORDER BY id LIMIT 1", sku);
  g_autofree char *other = bd_test_text (fixture->store, other_sql);
  g_autofree char *title = g_strdup_printf ("Alternatives for %s", sku);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *product_row = find_actionable (GTK_WIDGET (detail), "win.show-alternatives");
  BdAlternativesDialog *dialog;
  GtkWidget *sku_row;
  GtkWidget *remove;
  const struct { const char *typed; const char *says; } refused[] = {
    { "NO-SUCH-SKU", "There is no product “NO-SUCH-SKU”" },
    { sku, "no alternative to itself" },
  };

  g_assert_nonnull (product_row);
  g_assert_true (gtk_widget_activate (product_row));
  bd_test_ui_wait_for (fixture, alternatives_shown, "the alternatives dialog");
  dialog = bd_test_ui_find_window (BD_TYPE_ALTERNATIVES_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, title);
  g_assert_cmpuint (bd_alternatives_dialog_get_n_shown (dialog), ==, 0);
  sku_row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL);

  before = bd_test_dump (fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (sku_row), refused[i].typed);
      g_signal_emit_by_name (sku_row, "apply");
      g_assert_nonnull (bd_alternatives_dialog_get_error (dialog));
      g_assert_nonnull (strstr (bd_alternatives_dialog_get_error (dialog), refused[i].says));
    }
  after = bd_test_dump (fixture->store);
  g_assert_cmpstr (before, ==, after);

  gtk_editable_set_text (GTK_EDITABLE (sku_row), other);
  g_signal_emit_by_name (sku_row, "entry-activated");
  g_assert_null (bd_alternatives_dialog_get_error (dialog));
  g_assert_cmpuint (bd_alternatives_dialog_get_n_shown (dialog), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sku_row)), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (sku_row), other);
  g_signal_emit_by_name (sku_row, "apply");
  g_assert_nonnull (strstr (bd_alternatives_dialog_get_error (dialog), "is already an alternative"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-alternatives.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  resize (GTK_WINDOW (dialog), 360, 520);
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-alternatives-narrow-dark.png");

  /* the remove button says what it removes */
  remove = find_actionable (GTK_WIDGET (dialog), "alternatives.remove");
  g_assert_nonnull (remove);
  {
    g_autofree char *label = g_strdup_printf ("Remove %s", other);

    g_assert_cmpstr (gtk_widget_get_tooltip_text (remove), ==, label);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "alternatives.remove", "s", other));
  g_assert_cmpuint (bd_alternatives_dialog_get_n_shown (dialog), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM product_alternatives a JOIN products p"
                                            " ON p.id = a.product_id WHERE p.sku = '%s' AND a.deleted = 0", sku);

    g_assert_cmpint (bd_test_count (fixture->store, sql), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestCustomer");

  g_test_add ("/ui-customer/from-pane", Fixture, NULL, fixture_set_up, test_from_pane, fixture_tear_down);
  g_test_add ("/ui-customer/edit-contact", Fixture, NULL, fixture_set_up, test_edit_contact, fixture_tear_down);
  g_test_add ("/ui-customer/log-call", Fixture, NULL, fixture_set_up, test_log_call, fixture_tear_down);
  g_test_add ("/ui-customer/complaints", Fixture, NULL, fixture_set_up, test_complaints, fixture_tear_down);
  g_test_add ("/ui-customer/from-communication", Fixture, NULL, fixture_set_up, test_from_communication,
              fixture_tear_down);
  g_test_add ("/ui-customer/timeline-lazy", Fixture, NULL, fixture_set_up, test_timeline_lazy, fixture_tear_down);
  g_test_add ("/ui-customer/alternatives", Fixture, NULL, fixture_set_up, test_alternatives, fixture_tear_down);

  return g_test_run ();
}
