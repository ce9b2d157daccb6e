/* test-ui.c: the window, driven as a person would, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui"

#define _GNU_SOURCE  /* unshare() */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>

#include "bd-actions.h"
#include "bd-application.h"
#include "bd-backorder.h"
#include "bd-communication-page.h"
#include "bd-compose-dialog.h"
#include "bd-compose-item.h"
#include "bd-compose-row.h"
#include "bd-queue-page-private.h"
#include "bd-demo.h"
#include "bd-install-settings.h"
#include "bd-team-settings.h"
#include "bd-line-detail.h"
#include "bd-note-row.h"
#include "bd-notes.h"
#include "bd-queue-filter-bar.h"
#include "bd-status.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

typedef struct
{
  char *dir;
  char *database;
  BdWindow *window;
  BdQueuePage *page;
} Fixture;

/* One application for the whole run: an application id is registered on
 * the session bus once per process. */
static BdApplication *app;

static gboolean
model_loaded (Fixture *fixture)
{
  BdQueueModel *model = bd_queue_page_get_model (fixture->page);

  return model != NULL && !bd_queue_model_get_loading (model);
}

/* Changes are written on a thread of their own: wait for them. */
static gboolean
writes_done (Fixture *fixture)
{
  return !bd_queue_page_get_writing (fixture->page);
}

static void
open_window (Fixture *fixture)
{
  fixture->window = bd_test_ui_open_window (app, fixture->database, TRUE, 1280, 800);
  fixture->page = bd_window_get_queue_page (fixture->window);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to load");
  bd_test_ui_drain ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  bd_test_ui_reset_queue_columns ();
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);

  if (GPOINTER_TO_INT (data))
    bd_test_ui_make_demo_store (fixture->database);

  open_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_drain ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

/* Labels and inscriptions (the list's cells) showing @text in the rows in
 * use (the list hides the rows it keeps for reuse). */
static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_get_child_visible (root) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    n++;
  if (GTK_IS_INSCRIPTION (root) && gtk_widget_get_child_visible (root) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) == 0)
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

static AdwMessageDialog *
find_dialog (void)
{
  return bd_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
dialog_shown (Fixture *fixture)
{
  return find_dialog () != NULL;
}

static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)));
}

static GtkWidget *find_action_button (GtkWidget  *widget,
                                      const char *action);
static gboolean task_done (Fixture *fixture);

/* A button activated from the keyboard clicks after a short press: the
 * task may not have begun when activate() returns. */
static gboolean
task_started_or_done (Fixture *fixture)
{
  return bd_window_get_busy (fixture->window) ||
         g_strcmp0 (bd_window_get_state (fixture->window), "content") == 0;
}

static void
test_ui_empty (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *import_button;
  GtkWidget *sample_button;

  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "empty");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-empty.png");

  /* the page's two ways out are there and can be used */
  import_button = find_action_button (GTK_WIDGET (fixture->window), "win.import");
  sample_button = find_action_button (GTK_WIDGET (fixture->window), "win.load-sample");
  g_assert_nonnull (import_button);
  g_assert_nonnull (sample_button);
  g_assert_true (gtk_widget_is_sensitive (import_button) && gtk_widget_get_mapped (import_button));
  g_assert_true (gtk_widget_is_sensitive (sample_button) && gtk_widget_get_mapped (sample_button));

  /* Load Sample Data fills the store and leaves the empty page */
  g_assert_true (gtk_widget_activate (sample_button));
  bd_test_ui_wait_for (fixture, task_started_or_done, "the sample data to start");
  bd_test_ui_wait_for (fixture, task_done, "the sample data");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue with sample data");
  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "content");
  g_assert_cmpuint (n_rows (fixture), >, 0);
}

static void
test_ui_cancel_line (Fixture       *fixture,
                     gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkSelectionModel *selection = bd_queue_page_get_selection (fixture->page);
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));
  g_autoptr(BdBackorder) chosen = NULL;
  g_autoptr(BdBackorder) next = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GtkWidget *check;
  g_autofree char *sql = NULL;
  g_autofree char *state = NULL;
  g_autofree char *status_before = NULL;
  guint before;

  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "content");
  before = n_rows (fixture);
  g_assert_cmpuint (before, >, 10);

  /* the agent selects the third line: the detail pane shows it */
  chosen = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 2);
  next = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 3);
  g_assert_true (gtk_selection_model_select_item (selection, 2, TRUE));
  bd_test_ui_drain ();
  g_assert_nonnull (bd_line_detail_get_line (detail));
  g_assert_cmpint (bd_backorder_get_id (bd_line_detail_get_line (detail)), ==, bd_backorder_get_id (chosen));
  status_before = g_strdup (bd_backorder_get_status (chosen));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-queue.png");

  /* Cancel… asks for a reason */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel", NULL));
  bd_test_ui_wait_for (fixture, dialog_shown, "the cancel dialog");
  dialog = find_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-lines"));
  entry = bd_test_ui_find_widget (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_ENTRY);
  check = bd_test_ui_find_widget (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (entry);
  g_assert_nonnull (check);

  /* it names the line, and its example of a reason shows whole */
  {
    g_autofree char *heading = g_strdup_printf ("Cancel %s?", bd_backorder_get_ref (chosen));
    GtkWidget *placeholder;
    int natural = 0;

    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
    bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-cancel-dialog-empty.png");
    placeholder = bd_test_ui_find_widget (entry, GTK_TYPE_LABEL);
    g_assert_nonnull (placeholder);
    g_assert_true (gtk_widget_get_mapped (placeholder));
    /* the entry's text clips it at its own width */
    gtk_widget_measure (placeholder, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    g_assert_cmpint (natural, <=, gtk_widget_get_width (gtk_widget_get_parent (placeholder)));
  }
  gtk_editable_set_text (GTK_EDITABLE (entry), "Customer found it elsewhere");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "cancel-lines"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-cancel-dialog.png");
  adw_message_dialog_response (dialog, "cancel-lines");
  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, writes_done, "the cancel to be written");

  /* the store has it, with the reason and an event */
  sql = g_strdup_printf ("SELECT status || '|' || cancel_reason || '|' || refunded FROM order_lines"
                         " WHERE id = %" G_GINT64_FORMAT, bd_backorder_get_id (chosen));
  state = bd_test_text (store, sql);
  g_assert_cmpstr (state, ==, "cancelled|Customer found it elsewhere|1");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE line_id = %" G_GINT64_FORMAT
                         " AND field = 'status' AND new_value = 'cancelled'", bd_backorder_get_id (chosen));
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);

  /* the view: the line left "Open", the next line took its place and is
   * selected, the detail pane follows */
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to reload");
  bd_test_ui_drain ();
  g_assert_cmpuint (n_rows (fixture), ==, before - 1);
  g_assert_cmpuint (bd_queue_model_find_id (bd_queue_page_get_model (fixture->page),
                                            bd_backorder_get_id (chosen)), ==, G_MAXUINT);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_minimum (selected), ==, 2);
  g_assert_cmpint (bd_backorder_get_id (bd_line_detail_get_line (detail)), ==, bd_backorder_get_id (next));

  /* Undo brings it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.undo-last", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the undo to be written");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to reload after undo");
  bd_test_ui_drain ();
  g_assert_cmpuint (n_rows (fixture), ==, before);
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&state, g_free);
  sql = g_strdup_printf ("SELECT status FROM order_lines WHERE id = %" G_GINT64_FORMAT, bd_backorder_get_id (chosen));
  state = bd_test_text (store, sql);
  /* the status it had: the sample data's purchasing puts lines on order */
  g_assert_cmpstr (state, ==, status_before);
  g_assert_true (bd_status_is_open (state));
}

static void
test_ui_priority_and_note (Fixture       *fixture,
                           gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkSelectionModel *selection = bd_queue_page_get_selection (fixture->page);
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkColumnViewColumn *order_column = bd_queue_page_get_column (fixture->page, "order");
  g_autoptr(BdBackorder) row = NULL;
  g_autofree char *sql = NULL;
  guint shown_before;
  int priority;

  /* by order reference, so that the line stays where it is */
  gtk_column_view_sort_by_column (view, order_column, GTK_SORT_ASCENDING);
  bd_test_ui_wait_for (fixture, model_loaded, "the sorted queue");
  bd_test_ui_drain ();
  row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  priority = bd_backorder_get_priority (row) == 2 ? 0 : 2;
  shown_before = count_labels (GTK_WIDGET (view), bd_priority_label (priority));

  gtk_selection_model_select_item (selection, 0, TRUE);
  bd_test_ui_drain ();

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i", priority);
  bd_test_ui_wait_for (fixture, writes_done, "the priority to be written");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to reload");
  bd_test_ui_drain ();
  /* the row object on screen follows the store, and so does its cell */
  g_assert_cmpint (bd_backorder_get_priority (row), ==, priority);
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), bd_priority_label (priority)), ==, shown_before + 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.add-note", "s", "Promised a call back");
  bd_test_ui_wait_for (fixture, writes_done, "the note to be written");
  sql = g_strdup_printf ("SELECT count(*) FROM notes WHERE line_id = %" G_GINT64_FORMAT
                         " AND body = 'Promised a call back'", bd_backorder_get_id (row));
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);
}

static void
test_ui_bulk_ship (Fixture       *fixture,
                   gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkSelectionModel *selection = bd_queue_page_get_selection (fixture->page);
  gint64 shipped_before = bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'shipped'");
  guint before = n_rows (fixture);

  gtk_selection_model_select_range (selection, 0, 5, TRUE);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.mark-shipped", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the shipping to be written");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to reload");
  bd_test_ui_drain ();

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines WHERE status = 'shipped'"),
                   ==, shipped_before + 5);
  g_assert_cmpuint (n_rows (fixture), ==, before - 5);
}

static guint other_process_rows_wanted;

static gboolean
rows_are_wanted (Fixture *fixture)
{
  return model_loaded (fixture) &&
         g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (fixture->page))) ==
         other_process_rows_wanted;
}

/* A line cancelled by the CLI while the window is open leaves the list
 * (it used to show as Waiting until the next change made in the window),
 * and the selected line stays selected. */
static void
test_ui_other_process (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkSelectionModel *selection = bd_queue_page_get_selection (fixture->page);
  g_autoptr(BdBackorder) selected = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  g_autoptr(BdBackorder) other = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 3);
  g_autoptr(GtkBitset) bits = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("BD_CLI"), "--database", fixture->database, "backorder",
                         "set-status", bd_backorder_get_uuid (other), "cancelled",
                         "--reason", "Cancelled at the phone", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  gtk_selection_model_select_item (selection, 0, TRUE);
  bd_test_ui_drain ();
  other_process_rows_wanted = n_rows (fixture) - 1;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  bd_test_ui_wait_for (fixture, rows_are_wanted, "the line cancelled by the CLI to leave the list");
  bd_test_ui_drain ();
  g_assert_cmpuint (bd_queue_model_find_id (bd_queue_page_get_model (fixture->page),
                                            bd_backorder_get_id (other)), ==, G_MAXUINT);
  bits = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (bits), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_minimum (bits), ==,
                    bd_queue_model_find_id (bd_queue_page_get_model (fixture->page),
                                            bd_backorder_get_id (selected)));
}

static guint
count_labels_with_prefix (GtkWidget  *root,
                          const char *prefix)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_get_child_visible (root) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (root)), prefix))
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels_with_prefix (child, prefix);

  return n;
}

/* A cancel and a reopen are one history entry each (a cancel was four:
 * status, date, reason, refund), and the reopen does not show the refund
 * taken back. */
static void
test_ui_history_per_action (Fixture       *fixture,
                            gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  GtkWidget *history = (GtkWidget *)gtk_widget_get_template_child (bd_queue_page_get_detail (fixture->page),
                                                                   BD_TYPE_LINE_DETAIL, "history_list");
  g_autoptr(GError) error = NULL;
  gint64 id = bd_backorder_get_id (row);

  g_assert_true (bd_actions_set_status (store, &id, 1, "cancelled", "Found it cheaper", TRUE, NULL, &error));
  g_assert_true (bd_actions_set_status (store, &id, 1, "waiting", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the reopen");
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page),
                                   bd_queue_model_find_id (bd_queue_page_get_model (fixture->page), id), TRUE);
  bd_test_ui_drain ();

  g_assert_cmpuint (count_labels (history, "Cancelled, refunded: Found it cheaper"), ==, 1);
  g_assert_cmpuint (count_labels (history, "Reopened"), ==, 1);
  g_assert_cmpuint (count_labels_with_prefix (history, "Refunded"), ==, 0);
  g_assert_cmpuint (count_labels_with_prefix (history, "Reason"), ==, 0);
  g_assert_cmpuint (count_labels_with_prefix (history, "Cancelled:"), ==, 0);
}

/* A line in the pane that the list no longer shows (a search left it out)
 * stays there, says so, and its actions work: Add Note saved nothing and
 * Mark Shipped did nothing. */
static void
test_ui_pane_outside_list (Fixture       *fixture,
                           gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));
  g_autoptr(BdBackorder) chosen = g_list_model_get_item (model, 0);
  g_autoptr(BdBackorder) other = NULL;
  GtkWidget *outside = (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (detail), BD_TYPE_LINE_DETAIL,
                                                                   "outside_label");
  GtkWidget *ship_button;
  g_autofree char *sql = NULL;
  gint64 id = bd_backorder_get_id (chosen);

  /* a customer other than the chosen line's */
  for (guint i = 1; i < g_list_model_get_n_items (model) && other == NULL; i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (model, i);

      if (!g_str_equal (bd_backorder_get_customer_name (row), bd_backorder_get_customer_name (chosen)))
        other = g_steal_pointer (&row);
    }
  g_assert_nonnull (other);

  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_drain ();
  g_assert_false (gtk_widget_get_visible (outside));

  bd_queue_page_set_search (fixture->page, bd_backorder_get_customer_name (other));
  bd_test_ui_wait_for (fixture, model_loaded, "the search");
  bd_test_ui_drain ();
  g_assert_cmpuint (bd_queue_model_find_id (bd_queue_page_get_model (fixture->page), id), ==, G_MAXUINT);

  /* still there, and says why it is not in the list */
  g_assert_nonnull (bd_line_detail_get_line (detail));
  g_assert_cmpint (bd_backorder_get_id (bd_line_detail_get_line (detail)), ==, id);
  g_assert_true (gtk_widget_get_visible (outside));
  ship_button = find_action_button (GTK_WIDGET (detail), "queue.mark-shipped");
  g_assert_true (gtk_widget_is_sensitive (ship_button));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-pane-outside-list.png");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.add-note", "s", "Called back");
  bd_test_ui_wait_for (fixture, writes_done, "the note");
  sql = g_strdup_printf ("SELECT count(*) FROM notes WHERE line_id = %" G_GINT64_FORMAT
                         " AND body = 'Called back'", id);
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.mark-shipped", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the shipping");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT status FROM order_lines WHERE id = %" G_GINT64_FORMAT, id);
  {
    g_autofree char *status = bd_test_text (store, sql);
    g_assert_cmpstr (status, ==, "shipped");
  }
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the shipping");
  bd_test_ui_drain ();
  g_assert_cmpstr (bd_backorder_get_status (bd_line_detail_get_line (detail)), ==, "shipped");
}

/* Down a page at a time, as a person scrolls: a jump to rows the view has
 * not measured yet makes GTK 4.8 warn that it cannot scroll there. */
static void
scroll_down (GtkAdjustment *adjustment)
{
  for (guint i = 0; i < 3; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                            gtk_adjustment_get_page_size (adjustment) / 2);
      bd_test_ui_settle ();
    }
}

/* A new sort, filter or search shows its first rows: the list kept its old
 * scroll position, so that Cancelled + sort by Customer started at “Chloé
 * Becker” with Ada Becker and Bruno Andersson above the view. */
static void
test_ui_new_query_at_top (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkColumnViewColumn *customer_column = bd_queue_page_get_column (fixture->page, "customer");
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  gtk_selection_model_unselect_all (bd_queue_page_get_selection (fixture->page));
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (5000);
    }
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment), >, 200);
  scroll_down (adjustment);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 200);

  gtk_column_view_sort_by_column (view, customer_column, GTK_SORT_ASCENDING);
  bd_test_ui_wait_for (fixture, model_loaded, "the sorted queue");
  bd_test_ui_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));

  /* the same for a search */
  scroll_down (adjustment);
  bd_queue_page_set_search (fixture->page, "mug");
  bd_test_ui_wait_for (fixture, model_loaded, "the search");
  bd_test_ui_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
}

static gboolean
rows_shown (Fixture *fixture)
{
  return model_loaded (fixture) && n_rows (fixture) > 0;
}

static gboolean
other_statuses_offered (Fixture *fixture)
{
  GtkWidget *button = (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                  BD_TYPE_QUEUE_PAGE,
                                                                  "other_statuses_button");

  return gtk_widget_get_visible (button) && gtk_widget_get_mapped (button);
}

/* Searching the order number of a shipped line under "Open" said only "No
 * Matching Lines": it now offers the lines the search finds in other
 * statuses, and the button shows them. */
static void
test_ui_search_other_statuses (Fixture       *fixture,
                               gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autofree char *order_ref = bd_test_text (store,
                                             "SELECT o.ref FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                             " WHERE l.status = 'shipped' AND l.backordered_quantity > 0"
                                             " AND NOT EXISTS (SELECT 1 FROM order_lines m WHERE m.order_id = o.id"
                                             " AND m.status IN ('waiting', 'on_order', 'allocated'))"
                                             " LIMIT 1");
  GtkButton *button = GTK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                                 "other_statuses_button"));

  g_assert_nonnull (order_ref);
  bd_queue_page_set_search (fixture->page, order_ref);
  bd_test_ui_wait_for (fixture, model_loaded, "the search under Open");
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  bd_test_ui_wait_for (fixture, other_statuses_offered, "the offer of other statuses");
  g_assert_nonnull (strstr (gtk_button_get_label (button), "Other Statuses"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-search-other-statuses.png");

  gtk_widget_activate (GTK_WIDGET (button));
  bd_test_ui_wait_for (fixture, rows_shown, "the lines in every status");
  g_assert_cmpint (bd_queue_page_get_query (fixture->page)->status, ==, BD_STATUS_FILTER_ALL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
}

/* Toasts name the line; the next replaces the one shown at once (queued,
 * they came seconds after what they told of); Undo takes the toast away
 * and says it was done. */
static void
test_ui_toasts (Fixture       *fixture,
                gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));
  g_autoptr(BdBackorder) first = g_list_model_get_item (model, 0);
  g_autoptr(BdBackorder) second = g_list_model_get_item (model, 1);
  g_autofree char *shipped = g_strdup_printf ("%s marked shipped", bd_backorder_get_ref (first));
  g_autofree char *priority = NULL;
  GtkWidget *window = GTK_WIDGET (fixture->window);

  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.mark-shipped", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the shipping");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the shipping");
  bd_test_ui_settle ();
  g_assert_cmpuint (count_labels (window, shipped), ==, 1);
  bd_test_ui_save_png (window, "ui-toast.png");

  /* the line that took its place gets a priority: its toast comes at once */
  g_assert_cmpint (bd_backorder_get_id (bd_line_detail_get_line (BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page)))),
                   ==, bd_backorder_get_id (second));
  priority = g_strdup_printf ("Priority of %s set to %s", bd_backorder_get_ref (second),
                              bd_priority_label (bd_backorder_get_priority (second) == 2 ? 1 : 2));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i",
                              bd_backorder_get_priority (second) == 2 ? 1 : 2);
  bd_test_ui_wait_for (fixture, writes_done, "the priority");
  bd_test_ui_settle ();
  bd_test_ui_settle ();
  g_assert_cmpuint (count_labels (window, priority), ==, 1);
  g_assert_cmpuint (count_labels (window, shipped), ==, 0);

  /* Ctrl+Z: the toast goes, and the undo says so */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.undo-last", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the undo");
  bd_test_ui_settle ();
  bd_test_ui_settle ();
  g_assert_cmpuint (count_labels (window, priority), ==, 0);
  g_assert_cmpuint (count_labels (window, "Undone"), ==, 1);
}

/* A window on another database than the default says which: several
 * windows may be open on different files. */
static void
test_ui_database_name (Fixture       *fixture,
                       gconstpointer  data)
{
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                        BD_TYPE_WINDOW,
                                                                                        "switcher_title"));

  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "desk.sqlite3");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "desk.sqlite3 — Backorder Desk");
}

/* Two typed characters do not search yet: the page says so. */
static void
test_ui_short_search (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkLabel *count = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                              "count_label"));
  guint all = n_rows (fixture);

  bd_queue_page_set_search (fixture->page, "SO");
  bd_test_ui_wait_for (fixture, model_loaded, "the short search");
  bd_test_ui_drain ();
  g_assert_cmpuint (n_rows (fixture), ==, all);
  g_assert_nonnull (strstr (gtk_label_get_label (count), "Search starts at 3 characters"));

  bd_queue_page_set_search (fixture->page, "SO-1");
  bd_test_ui_wait_for (fixture, model_loaded, "the search");
  bd_test_ui_drain ();
  g_assert_null (strstr (gtk_label_get_label (count), "Search starts"));
}

static gboolean
waiting_shown (Fixture *fixture)
{
  GtkWidget *box = (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                  "waiting_box");

  return gtk_widget_get_visible (box);
}

static gboolean
rollback_cb (gpointer data)
{
  bd_store_rollback (data);
  return G_SOURCE_REMOVE;
}

/* A change made while another program holds the store (an import in the
 * CLI) used to fail after 5 s with an error dialog. Now the page says it
 * will save when the database is free, the window stays responsive, later
 * changes queue behind it, and both are written once the lock goes. */
static void
test_ui_busy_store (Fixture       *fixture,
                    gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(BdStore) blocker = NULL;
  g_autoptr(BdBackorder) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 start;

  row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_drain ();

  blocker = bd_store_open (fixture->database, &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_begin (blocker, &error));
  start = g_get_monotonic_time ();
  g_timeout_add (6500, rollback_cb, blocker);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i",
                              bd_backorder_get_priority (row) == 2 ? 1 : 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.add-note", "s", "Waited for the import");
  bd_test_ui_wait_for (fixture, waiting_shown, "the page to say it waits");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-busy-store.png");

  bd_test_ui_wait_for (fixture, writes_done, "the changes to be written");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 6 * G_USEC_PER_SEC);
  g_assert_null (find_dialog ());
  g_assert_false (waiting_shown (fixture));

  sql = g_strdup_printf ("SELECT count(*) FROM notes WHERE line_id = %" G_GINT64_FORMAT
                         " AND body = 'Waited for the import'", bd_backorder_get_id (row));
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE line_id = %" G_GINT64_FORMAT
                         " AND field = 'priority'", bd_backorder_get_id (row));
  g_assert_cmpint (bd_test_count (store, sql), >=, 1);
}

static void
test_ui_sort_and_search (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkColumnViewColumn *order_column = bd_queue_page_get_column (fixture->page, "order");
  g_autoptr(BdBackorder) first = NULL;
  g_autoptr(BdBackorder) second = NULL;
  g_autoptr(BdBackorder) shown = NULL;
  const BdBackorderQuery *query;

  /* clicking a header sorts in SQL by that column */
  gtk_column_view_sort_by_column (view, order_column, GTK_SORT_DESCENDING);
  query = bd_queue_page_get_query (fixture->page);
  g_assert_cmpint (query->sort, ==, BD_SORT_ORDER_REF);
  g_assert_true (query->descending);
  bd_test_ui_wait_for (fixture, model_loaded, "the sorted queue");
  first = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  second = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 1);
  g_assert_cmpstr (bd_backorder_get_order_ref (first), >=, bd_backorder_get_order_ref (second));

  gtk_column_view_sort_by_column (view, order_column, GTK_SORT_ASCENDING);
  query = bd_queue_page_get_query (fixture->page);
  g_assert_false (query->descending);

  /* search as you type: the customer of the first line */
  bd_queue_page_set_search (fixture->page, bd_backorder_get_customer_name (first));
  bd_test_ui_wait_for (fixture, model_loaded, "the search");
  g_assert_cmpuint (n_rows (fixture), >=, 1);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), i);
      g_assert_cmpstr (bd_backorder_get_customer_name (row), ==, bd_backorder_get_customer_name (first));
    }

  /* the cells of a line shown follow it (BdRowCells), and stop when it
   * leaves the list: nothing stays connected to it */
  bd_test_ui_drain ();
  shown = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  g_assert_true (g_signal_has_handler_pending (shown, g_signal_lookup ("notify", G_TYPE_OBJECT), 0, FALSE));

  bd_queue_page_set_search (fixture->page, "zzzzqqq");
  bd_test_ui_wait_for (fixture, model_loaded, "the empty search");
  bd_test_ui_drain ();
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_false (g_signal_has_handler_pending (shown, g_signal_lookup ("notify", G_TYPE_OBJECT), 0, FALSE));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-no-match.png");
}

static void
test_ui_narrow (Fixture       *fixture,
                gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                    BD_TYPE_QUEUE_PAGE, "leaflet"));
  AdwViewSwitcherBar *switcher_bar =
    ADW_VIEW_SWITCHER_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), BD_TYPE_WINDOW,
                                                          "switcher_bar"));

  /* folding without animations makes GTK 4.8 allocate a box of width 0
   * and warn: the narrowing runs as a person sees it */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 720);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-narrow-dark.png");

  /* folded: one pane at a time, the page switcher at the bottom, dark */
  g_assert_true (adw_style_manager_get_dark (style));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) ==
                 (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                             "list_pane"));
  g_assert_true (adw_view_switcher_bar_get_reveal (switcher_bar));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (switcher_bar)));

  /* opening a line brings its detail over the list (without the slide:
   * see main()) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 0);
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == bd_queue_page_get_detail (fixture->page));
  g_assert_true (gtk_widget_get_mapped (bd_queue_page_get_detail (fixture->page)));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-narrow-dark-detail.png");

  /* wide again: both panes, the switcher back in the header */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_false (adw_view_switcher_bar_get_reveal (switcher_bar));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
task_done (Fixture *fixture)
{
  return !bd_window_get_busy (fixture->window);
}

static void
write_file (const char *dir,
            const char *name,
            const char *text,
            GFile     **file)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  *file = g_file_new_for_path (path);
}

static void
test_ui_import (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) suppliers = NULL;
  g_autoptr(GFile) orders = NULL;
  g_autoptr(GFile) bad = NULL;
  AdwMessageDialog *dialog;
  BdStore *store = bd_window_get_store (fixture->window);

  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "empty");

  write_file (fixture->dir, "suppliers.csv", "supplier_ref,name\nS-1,Nordic\n", &suppliers);
  write_file (fixture->dir, "orders.csv",
              "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n"
              "SO-1,2026-01-01,C-1,Ada,MUG,2,1\n"
              "SO-2,2026-01-02,C-2,Grace,PAN,1,1\n", &orders);

  bd_window_import_file (fixture->window, suppliers);
  bd_window_import_file (fixture->window, orders);
  bd_test_ui_wait_for (fixture, task_done, "the imports");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the import");
  bd_test_ui_drain ();
  g_assert_null (find_dialog ());
  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "content");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM suppliers"), ==, 1);

  /* a bad file: a dialog names the line and column, nothing changes */
  write_file (fixture->dir, "bad.csv",
              "order_ref,ordered_at,customer_ref,sku,quantity\n"
              "SO-3,2026-01-03,C-1,MUG,1\n"
              "SO-4,someday,C-1,MUG,1\n", &bad);
  bd_window_import_file (fixture->window, bad);
  bd_test_ui_wait_for (fixture, task_done, "the bad import");
  bd_test_ui_wait_for (fixture, dialog_shown, "the error dialog");
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing Was Imported");
  {
    GtkWidget *label = bd_test_ui_find_widget (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LABEL);
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "line 3, column ordered_at"));
  }
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-import-error.png");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM orders"), ==, 2);
}

static void
test_ui_export (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "queue.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  bd_queue_page_set_search (fixture->page, "");
  bd_window_export_file (fixture->window, file);
  bd_test_ui_wait_for (fixture, task_done, "the export");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "ref,order_ref"));
  /* header + one line per row shown + the empty string after the last break */
  g_assert_cmpuint (g_strv_length (lines), ==, n_rows (fixture) + 2);
}

/* Back Up… writes a copy that opens with the same rows, in the
 * background; the menu item is there and enabled. */
static void
test_ui_backup (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "backup.sqlite3", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BdStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = bd_test_dump (bd_window_get_store (fixture->window));
  g_autofree char *copied = NULL;

  /* the menu's action is enabled: a button naming it is sensitive (opening
   * GTK's own file chooser here would leak inside GTK under the sanitizers) */
  {
    GtkRevealer *task_bar = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                         BD_TYPE_WINDOW, "task_revealer"));
    GtkBox *box = GTK_BOX (gtk_revealer_get_child (task_bar));
    GtkWidget *probe = gtk_button_new ();

    gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), "win.backup");
    gtk_box_append (box, probe);
    bd_test_ui_drain ();
    g_assert_true (gtk_widget_is_sensitive (probe));
    gtk_box_remove (box, probe);
  }

  bd_window_backup_file (fixture->window, file);
  g_assert_true (bd_window_get_busy (fixture->window));
  bd_test_ui_wait_for (fixture, task_done, "the backup");

  copy = bd_store_open (path, &error);
  g_assert_no_error (error);
  copied = bd_test_dump (copy);
  g_assert_cmpstr (copied, ==, original);
}

/* The export's toast offers to open the file: its button opens the
 * file's URI through win.open-file. Opening it here would start whatever
 * the machine has for CSV; a URI nothing handles shows that the action
 * runs and that its failure is told, not dropped. */
/* A label in use whose text starts with @prefix, or NULL. */
static GtkLabel *
find_label_prefix (GtkWidget  *root,
                   const char *prefix)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_child_visible (root) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (root)), prefix))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_prefix (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
open_failed_shown (Fixture *fixture)
{
  return find_label_prefix (GTK_WIDGET (fixture->window), "Could not open nothing: ") != NULL;
}

static void
test_ui_export_open (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "queue.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  GtkWidget *open_button;
  GVariant *target;

  bd_window_export_file (fixture->window, file);
  bd_test_ui_wait_for (fixture, task_done, "the export");
  bd_test_ui_settle ();

  g_assert_cmpuint (count_labels (GTK_WIDGET (fixture->window), "Exported to queue.csv"), ==, 1);
  open_button = find_action_button (GTK_WIDGET (fixture->window), "win.open-file");
  g_assert_nonnull (open_button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open_button)), ==, "_Open");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (open_button));
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-export-toast.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-file", "s",
                                             "bd-test-no-handler:nothing"));
  bd_test_ui_wait_for (fixture, open_failed_shown, "the failure to open");
  g_test_message ("%s", gtk_label_get_label (find_label_prefix (GTK_WIDGET (fixture->window), "Could not open")));
}

static guint
count_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }

  return n;
}

/* The text of a message dialog's list below its first line. */
static const char *
dialog_details (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *label = extra != NULL ? bd_test_ui_find_widget (extra, GTK_TYPE_LABEL) : NULL;

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static GListModel *
files_model (GFile *first,
             ...)
{
  GListStore *files = g_list_store_new (G_TYPE_FILE);
  va_list args;

  va_start (args, first);
  for (GFile *file = first; file != NULL; file = va_arg (args, GFile *))
    g_list_store_append (files, file);
  va_end (args);

  return G_LIST_MODEL (files);
}

#define SUMMARY_SUPPLIERS "supplier_ref,name\nS-1,Nordic Mugs\n"
#define SUMMARY_PRODUCTS "sku,name,supplier_ref\nMUG,Red mug,S-1\nPAN,Pan,S-1\n"
#define SUMMARY_ORDERS \
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity\n" \
  "SO-1,2026-01-01,C-1,Ada,MUG,2,1\n" \
  "SO-2,2026-01-02,C-2,Grace,PAN,1,1\n" \
  "SO-3,2026-01-03,C-3,Edsger,MUG,1,1\n"

/* Three files picked together: one summary, not a toast and a dialog for
 * each. With a warning (an unknown column, which the CLI prints and the
 * app used to show file by file) the summary is a dialog that lists each
 * file's counts and every warning. */
static void
test_ui_import_summary_warnings (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GFile) suppliers = NULL;
  g_autoptr(GFile) products = NULL;
  g_autoptr(GFile) orders = NULL;
  g_autoptr(GListModel) files = NULL;
  AdwMessageDialog *dialog;
  const char *details;

  write_file (fixture->dir, "suppliers.csv", "supplier_ref,name,website\nS-1,Nordic Mugs,nordic.example\n",
              &suppliers);
  write_file (fixture->dir, "products.csv", SUMMARY_PRODUCTS, &products);
  write_file (fixture->dir, "orders.csv",
              "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,gift_wrap\n"
              "SO-1,2026-01-01,C-1,Ada,MUG,2,1,no\n"
              "SO-2,2026-01-02,C-2,Grace,PAN,1,1,yes\n", &orders);
  files = files_model (orders, suppliers, products, NULL);

  bd_window_import_files (fixture->window, files);
  bd_test_ui_wait_for (fixture, task_done, "the imports");
  bd_test_ui_wait_for (fixture, dialog_shown, "the summary");
  bd_test_ui_settle ();

  g_assert_cmpuint (count_dialogs (), ==, 1);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported, with Warnings");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Imported 3 files: 5 rows read, 2 warnings");
  details = dialog_details (dialog);
  g_test_message ("%s", details);
  g_assert_nonnull (strstr (details, "suppliers.csv (suppliers): 1 rows read: 1 new, 0 updated, 0 unchanged"));
  g_assert_nonnull (strstr (details, "products.csv (products): 2 rows read: 2 new"));
  g_assert_nonnull (strstr (details, "orders.csv (orders): 2 rows read: 2 new"));
  g_assert_nonnull (strstr (details, "Warning: suppliers.csv: the column “website” is not known and was ignored"));
  g_assert_nonnull (strstr (details, "Warning: orders.csv: the column “gift_wrap” is not known and was ignored"));
  /* in the order they were imported */
  g_assert_true (strstr (details, "suppliers.csv (") < strstr (details, "products.csv ("));
  g_assert_true (strstr (details, "products.csv (") < strstr (details, "orders.csv ("));
  /* and no toast of a file of its own */
  g_assert_null (find_label_prefix (GTK_WIDGET (fixture->window), "suppliers.csv:"));
  g_assert_null (find_label_prefix (GTK_WIDGET (fixture->window), "orders.csv:"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-import-summary.png");
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
summary_toast_shown (Fixture *fixture)
{
  return find_label_prefix (GTK_WIDGET (fixture->window), "Imported 3 files") != NULL;
}

/* Without warnings the summary is one toast, shown once the queue holds
 * what was imported, with Details: each file's counts. */
static void
test_ui_import_summary_toast (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GFile) suppliers = NULL;
  g_autoptr(GFile) products = NULL;
  g_autoptr(GFile) orders = NULL;
  g_autoptr(GListModel) files = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *details_button;

  write_file (fixture->dir, "suppliers.csv", SUMMARY_SUPPLIERS, &suppliers);
  write_file (fixture->dir, "products.csv", SUMMARY_PRODUCTS, &products);
  write_file (fixture->dir, "orders.csv", SUMMARY_ORDERS, &orders);
  files = files_model (suppliers, products, orders, NULL);

  bd_window_import_files (fixture->window, files);
  bd_test_ui_wait_for (fixture, task_done, "the imports");
  /* the last file is in; the queue reads it again */
  g_assert_true (bd_queue_model_get_loading (bd_queue_page_get_model (fixture->page)));
  g_assert_false (summary_toast_shown (fixture));
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the import");
  bd_test_ui_wait_for (fixture, summary_toast_shown, "the summary toast");
  bd_test_ui_settle ();

  g_assert_cmpuint (count_dialogs (), ==, 0);
  g_assert_cmpstr (gtk_label_get_label (find_label_prefix (GTK_WIDGET (fixture->window), "Imported 3 files")),
                   ==, "Imported 3 files: 6 rows read");
  details_button = find_action_button (GTK_WIDGET (fixture->window), "win.import-summary");
  g_assert_nonnull (details_button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (details_button)), ==, "_Details");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-import-summary-toast.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-summary", NULL));
  bd_test_ui_wait_for (fixture, dialog_shown, "the summary's details");
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import Summary");
  g_assert_nonnull (strstr (dialog_details (dialog), "orders.csv (orders): 3 rows read: 3 new"));
  gtk_window_close (GTK_WINDOW (dialog));
}

/* A file that fails stops the import: the dialog says so, with its bad
 * rows, and what became of the others (those before it are in, each
 * whole; those after it are not). */
static void
test_ui_import_summary_failure (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GFile) suppliers = NULL;
  g_autoptr(GFile) products = NULL;
  g_autoptr(GFile) orders = NULL;
  g_autoptr(GListModel) files = NULL;
  AdwMessageDialog *dialog;
  const char *details;

  write_file (fixture->dir, "suppliers.csv", SUMMARY_SUPPLIERS, &suppliers);
  write_file (fixture->dir, "products.csv", "sku,name,on_hand\nMUG,Red mug,lots\n", &products);
  write_file (fixture->dir, "orders.csv", SUMMARY_ORDERS, &orders);
  files = files_model (orders, products, suppliers, NULL);

  bd_window_import_files (fixture->window, files);
  bd_test_ui_wait_for (fixture, task_done, "the imports");
  bd_test_ui_wait_for (fixture, dialog_shown, "the error");
  bd_test_ui_settle ();

  g_assert_cmpuint (count_dialogs (), ==, 1);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Not All Files Were Imported");
  details = dialog_details (dialog);
  g_test_message ("%s\n%s", adw_message_dialog_get_body (dialog), details);
  g_assert_nonnull (strstr (details, "line 2, column on_hand"));
  g_assert_nonnull (strstr (details, "suppliers.csv (suppliers): 1 rows read: 1 new"));
  g_assert_nonnull (strstr (details, "orders.csv: not imported: the import stopped before it"));
  g_assert_null (strstr (details, "products.csv (products)"));
  g_assert_cmpint (bd_test_count (bd_window_get_store (fixture->window), "SELECT count(*) FROM suppliers"), ==, 1);
  g_assert_cmpint (bd_test_count (bd_window_get_store (fixture->window), "SELECT count(*) FROM products"), ==, 0);
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-import-summary-failure.png");
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
sample_toast_shown (Fixture *fixture)
{
  return count_labels (GTK_WIDGET (fixture->window), "Sample data loaded") > 0;
}

/* "Sample data loaded" came while the list was still loading it. */
static void
test_ui_sample_toast_after_load (Fixture       *fixture,
                                 gconstpointer  data)
{
  bd_window_load_sample (fixture->window);
  bd_test_ui_wait_for (fixture, task_done, "the sample data");

  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "content");
  g_assert_true (bd_queue_model_get_loading (bd_queue_page_get_model (fixture->page)));
  g_assert_false (sample_toast_shown (fixture));

  bd_test_ui_wait_for (fixture, model_loaded, "the queue with the sample data");
  bd_test_ui_wait_for (fixture, sample_toast_shown, "the toast");
  g_assert_cmpuint (n_rows (fixture), >, 0);
}

/* A PNG of @popover drawn by its window's renderer: the popover's own
 * (GL under Xvfb) leaked a texture's worth inside Mesa under the
 * sanitizers once the popover closed. */
static void
save_popover_png (Fixture    *fixture,
                  GtkPopover *popover,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (popover));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (popover));
  int height = gtk_widget_get_height (GTK_WIDGET (popover));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)) && width > 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

static GtkWidget *
filter_bar_child (Fixture    *fixture,
                  const char *name)
{
  GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                              "filter_bar"));
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (bar, G_OBJECT_TYPE (bar), name));

  g_assert_nonnull (child);
  return child;
}

static GPtrArray *
suggested_values (GtkListBox *list)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    g_ptr_array_add (values, g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (list, i)),
                                                "bd-suggestion-value"));
  return values;
}

static GtkListBoxRow *
suggestion_row (GtkListBox *list,
                const char *value)
{
  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "bd-suggestion-value"), value) == 0)
        return row;
    }

  return NULL;
}

static gboolean
sku_filter_off (Fixture *fixture)
{
  return bd_queue_page_get_query (fixture->page)->product_sku == NULL;
}

static gboolean
all_rows_of_sku (Fixture    *fixture,
                 const char *sku)
{
  GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (bd_backorder_get_sku (row), sku) != 0)
        return FALSE;
    }

  return TRUE;
}

/* The SKU filter: typing offers the products core suggests for the
 * text; choosing one filters the queue and shows a chip (and the filter
 * button says a filter is on); the chip takes the filter off again. */
static void
test_ui_filter_sku (Fixture       *fixture,
                    gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkEntry *entry = GTK_ENTRY (filter_bar_child (fixture, "sku_entry"));
  GtkListBox *list = GTK_LIST_BOX (filter_bar_child (fixture, "sku_suggestions"));
  GtkWidget *chips = filter_bar_child (fixture, "chip_box");
  GtkWidget *filter_button = filter_bar_child (fixture, "filter_button");
  g_autoptr(BdBackorder) first = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  g_autofree char *sku = g_strdup (bd_backorder_get_sku (first));
  g_autofree char *prefix = g_ascii_strdown (sku, 3);
  g_autofree char *chip_text = g_strdup_printf ("SKU: %s", sku);
  g_autoptr(GPtrArray) expected = bd_backorder_query_suggest_products (store, prefix, 8, NULL);
  g_autoptr(GPtrArray) shown = NULL;
  guint all_rows = n_rows (fixture);
  GtkWidget *chip;

  g_assert_false (gtk_widget_get_visible (chips));
  g_assert_false (gtk_widget_has_css_class (filter_button, "filter-on"));

  gtk_menu_button_popup (GTK_MENU_BUTTON (filter_button));
  gtk_editable_set_text (GTK_EDITABLE (entry), prefix);
  bd_test_ui_settle ();

  /* what is offered is what core suggests, in its order; typing alone
   * does not filter */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  shown = suggested_values (list);
  g_assert_cmpuint (expected->len, >, 1);
  g_assert_cmpuint (shown->len, ==, expected->len);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpstr (g_ptr_array_index (shown, i), ==, ((BdProductInfo *)g_ptr_array_index (expected, i))->sku);
  g_assert_nonnull (suggestion_row (list, sku));
  g_assert_null (bd_queue_page_get_query (fixture->page)->product_sku);
  save_popover_png (fixture, gtk_menu_button_get_popover (GTK_MENU_BUTTON (filter_button)), "ui-filter-suggestions.png");

  /* choosing one filters, and the chip and the button say so */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (suggestion_row (list, sku))));
  g_assert_cmpstr (bd_queue_page_get_query (fixture->page)->product_sku, ==, sku);
  bd_test_ui_wait_for (fixture, model_loaded, "the lines of the SKU");
  bd_test_ui_settle ();
  g_assert_true (all_rows_of_sku (fixture, sku));
  g_assert_cmpuint (n_rows (fixture), <, all_rows);
  g_assert_true (gtk_widget_get_visible (chips));
  g_assert_cmpuint (count_labels (chips, chip_text), ==, 1);
  g_assert_true (gtk_widget_has_css_class (filter_button, "filter-on"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, sku);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list)));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-filter-chip.png");

  /* the chip's button takes the filter off, and the list is whole again */
  chip = gtk_widget_get_first_child (chips);
  g_assert_true (GTK_IS_BUTTON (chip));
  g_assert_true (gtk_widget_activate (chip));
  bd_test_ui_wait_for (fixture, sku_filter_off, "the chip to take the filter off");
  bd_test_ui_wait_for (fixture, model_loaded, "the whole queue");
  g_assert_cmpuint (n_rows (fixture), ==, all_rows);
  g_assert_false (gtk_widget_get_visible (chips));
  g_assert_false (gtk_widget_has_css_class (filter_button, "filter-on"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Enter takes the best match: the SKU typed in full, in any case */
  {
    g_autofree char *typed = g_ascii_strdown (sku, -1);

    gtk_editable_set_text (GTK_EDITABLE (entry), typed);
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpstr (bd_queue_page_get_query (fixture->page)->product_sku, ==, sku);
  }

  /* emptying the entry takes the filter off too */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_null (bd_queue_page_get_query (fixture->page)->product_sku);

  /* a text nothing matches says so, and filters nothing */
  gtk_editable_set_text (GTK_EDITABLE (entry), "no such product at all");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_true (gtk_widget_get_visible (filter_bar_child (fixture, "sku_none")));
  g_signal_emit_by_name (entry, "activate");
  g_assert_null (bd_queue_page_get_query (fixture->page)->product_sku);
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (filter_button)));
  bd_test_ui_settle ();
}

/* The supplier is chosen by the name people see (or its reference),
 * from suppliers core matches; the filter is the supplier's reference. */
static void
test_ui_filter_supplier (Fixture       *fixture,
                         gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkEntry *entry = GTK_ENTRY (filter_bar_child (fixture, "supplier_entry"));
  GtkListBox *list = GTK_LIST_BOX (filter_bar_child (fixture, "supplier_suggestions"));
  GtkWidget *chips = filter_bar_child (fixture, "chip_box");
  g_autoptr(GPtrArray) suppliers = bd_backorder_query_list_suppliers (store, NULL);
  BdSupplierInfo *supplier = g_ptr_array_index (suppliers, suppliers->len - 1);
  g_autofree char *typed = g_utf8_strdown (supplier->name, 4);
  g_autoptr(GPtrArray) expected = bd_supplier_info_match (suppliers, typed, 8);
  g_autoptr(GPtrArray) shown = NULL;
  g_autofree char *chip_text = g_strdup_printf ("Supplier: %s", supplier->name);

  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  shown = suggested_values (list);
  g_assert_cmpuint (shown->len, ==, expected->len);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpstr (g_ptr_array_index (shown, i), ==, ((BdSupplierInfo *)g_ptr_array_index (expected, i))->ref);

  g_assert_true (gtk_widget_activate (GTK_WIDGET (suggestion_row (list, supplier->ref))));
  g_assert_cmpstr (bd_queue_page_get_query (fixture->page)->supplier_ref, ==, supplier->ref);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, supplier->name);
  bd_test_ui_wait_for (fixture, model_loaded, "the supplier's lines");
  g_assert_cmpuint (count_labels (chips, chip_text), ==, 1);

  /* SKU and supplier together: two chips */
  bd_queue_filter_bar_set_sku (BD_QUEUE_FILTER_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                                  BD_TYPE_QUEUE_PAGE,
                                                                                  "filter_bar")),
                               "NO-SUCH-SKU");
  g_assert_cmpuint (count_labels (chips, "SKU: NO-SUCH-SKU"), ==, 1);
  g_assert_cmpuint (count_labels (chips, chip_text), ==, 1);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-filter-chips.png");

  /* by its reference too */
  gtk_editable_set_text (GTK_EDITABLE (entry), supplier->ref);
  {
    g_autoptr(GPtrArray) by_ref = suggested_values (list);

    g_assert_cmpstr (g_ptr_array_index (by_ref, 0), ==, supplier->ref);
  }
}


static void run_for (guint ms);

/* The list has followed the fold (after the leaflet's slide). */
static gboolean
narrow_applied (Fixture *fixture)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                    BD_TYPE_QUEUE_PAGE, "leaflet"));

  /* the product column shows unless the window is narrow */
  return gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "product")) !=
         adw_leaflet_get_folded (leaflet);
}

/* The click gesture the page put on its list, before the rows' own. */
static GtkGesture *
list_click_gesture (Fixture *fixture)
{
  GtkWidget *view = GTK_WIDGET (bd_queue_page_get_column_view (fixture->page));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return GTK_GESTURE (controller);
    }

  g_assert_not_reached ();
}

/* Where the list shows @text, in its coordinates. */
static graphene_point_t
point_of_text (GtkWidget  *view,
               GtkWidget  *root,
               const char *text)
{
  graphene_point_t point = GRAPHENE_POINT_INIT (-1, -1);

  if (GTK_IS_INSCRIPTION (root) && gtk_widget_get_child_visible (root) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) == 0)
    {
      g_assert_true (gtk_widget_compute_point (root, view, &GRAPHENE_POINT_INIT (4, 4), &point));
      return point;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL && point.x < 0;
       child = gtk_widget_get_next_sibling (child))
    point = point_of_text (view, child, text);

  return point;
}

static gboolean
detail_shown (Fixture *fixture)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                    BD_TYPE_QUEUE_PAGE, "leaflet"));

  return adw_leaflet_get_visible_child (leaflet) == bd_queue_page_get_detail (fixture->page);
}

/* Lets the window take a new size, with the leaflet's slide. */
static void
resize_window (Fixture *fixture,
               int      width,
               int      height)
{
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_wait_for (fixture, narrow_applied, "the list to follow the fold");
  bd_test_ui_settle ();
}

/* At 360 pixels, a phone's width, in the worst case: lines selected (the
 * bulk bar), filters on (their chips), a change waiting for the store.
 * The window takes that width, the list shows order, customer and status
 * without scrolling sideways, and a tap opens a line. Wide again,
 * everything is back, and a column a person hid stays hidden. */
static void
test_ui_narrow_360 (Fixture       *fixture,
                    gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                    BD_TYPE_QUEUE_PAGE, "leaflet"));
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkSelectionModel *selection = bd_queue_page_get_selection (fixture->page);
  BdQueueFilterBar *bar = BD_QUEUE_FILTER_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                               BD_TYPE_QUEUE_PAGE, "filter_bar"));
  GtkWidget *waiting = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                                  "waiting_box"));
  const char *essential[] = { "order", "customer", "status" };
  const char *others[] = { "priority", "product", "short", "age", "promised" };
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
  GActionGroup *column_actions = bd_queue_page_get_column_actions (fixture->page);
  int customer_width = gtk_column_view_column_get_fixed_width (bd_queue_page_get_column (fixture->page, "customer"));
  g_auto(GStrv) hidden = NULL;
  g_autoptr(GVariant) widths = NULL;
  int saved_width = 0;
  g_autoptr(BdBackorder) first = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  g_autoptr(GPtrArray) suppliers = bd_backorder_query_list_suppliers (bd_window_get_store (fixture->window), NULL);
  g_autoptr(BdBackorder) tapped = NULL;
  GtkAdjustment *hadjustment;
  int min_width, content_width, list_width, natural;

  /* a person hid the supplier column, from the Columns menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "columns.show-supplier", NULL));
  g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));

  bd_queue_filter_bar_set_sku (bar, bd_backorder_get_sku (first));
  bd_queue_filter_bar_set_supplier (bar, ((BdSupplierInfo *)g_ptr_array_index (suppliers, 0))->ref);
  bd_queue_filter_bar_set_supplier (bar, NULL);
  bd_test_ui_wait_for (fixture, model_loaded, "the SKU's lines");
  g_assert_cmpuint (n_rows (fixture), >=, 1);
  gtk_selection_model_select_all (selection);
  gtk_widget_set_visible (waiting, TRUE);

  /* see test_ui_narrow(): the fold runs with animations */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  resize_window (fixture, 360, 720);

  /* What the window holds fits in 360 pixels: a composited desktop or a
   * phone makes the window that wide. Without a compositor (Xvfb here)
   * GTK draws a border of its own around it, and the window is that much
   * wider. The list pane leaves room for that border; the detail pane's
   * action buttons (two a line) do not, yet. */
  gtk_widget_measure (gtk_window_get_child (GTK_WINDOW (fixture->window)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &content_width, &natural, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, &natural, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                                 "list_pane")),
                      GTK_ORIENTATION_HORIZONTAL, -1, &list_width, &natural, NULL, NULL);
  g_test_message ("least widths: window %d, its content %d, the list %d", min_width, content_width, list_width);
  g_assert_cmpint (content_width, <=, 360);
  g_assert_cmpint (list_width, <=, 340);
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (fixture->window))), ==,
                   MAX (360, min_width));
  g_assert_true (adw_leaflet_get_folded (leaflet));

  for (guint i = 0; i < G_N_ELEMENTS (essential); i++)
    g_assert_true (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, essential[i])));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *action = g_strconcat ("show-", others[i], NULL);

      g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, others[i])));
      /* hidden for the width, not by the person: the Columns menu still
       * has it shown */
      if (g_action_group_has_action (column_actions, action))
        {
          g_autoptr(GVariant) state = g_action_group_get_action_state (column_actions, action);

          g_assert_true (g_variant_get_boolean (state));
        }
    }
  g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));
  /* all of them in view: nothing to scroll sideways to */
  hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), <=, gtk_adjustment_get_page_size (hadjustment));
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), bd_backorder_get_order_ref (first)), >=, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (view), bd_backorder_get_customer_name (first)), >=, 1);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-narrow-360.png");

  /* a person's change saves the columns now: as the person left them,
   * not as the narrow window has them */
  gtk_column_view_column_set_fixed_width (bd_queue_page_get_column (fixture->page, "order"), 101);
  run_for (700);
  hidden = g_settings_get_strv (settings, "queue-hidden-columns");
  g_assert_cmpstrv (hidden, ((const char *[]) { "supplier", NULL }));
  widths = g_settings_get_value (settings, "queue-column-widths");
  g_assert_true (g_variant_lookup (widths, "customer", "i", &saved_width));
  g_assert_cmpint (saved_width, ==, customer_width);
  g_assert_true (g_variant_lookup (widths, "order", "i", &saved_width));
  g_assert_cmpint (saved_width, ==, 101);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_drain ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-narrow-360-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_widget_set_visible (waiting, FALSE);

  /* a click or a tap on a line opens it (GTK 4.8 cannot fake a click:
   * the page's gesture is told of it, and the row selects itself on the
   * release, as its own gesture does); one on a header does not */
  bd_queue_filter_bar_set_sku (bar, NULL);
  bd_test_ui_wait_for (fixture, model_loaded, "the whole queue");
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  bd_test_ui_settle ();
  tapped = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 2);
  {
    GtkGesture *click = list_click_gesture (fixture);
    graphene_point_t at = point_of_text (GTK_WIDGET (view), GTK_WIDGET (view), bd_backorder_get_order_ref (tapped));

    g_assert_cmpfloat (at.x, >=, 0);
    g_signal_emit_by_name (click, "pressed", 1, 2.0, 2.0);     /* the Order header */
    g_signal_emit_by_name (click, "released", 1, 2.0, 2.0);
    bd_test_ui_settle ();
    g_assert_false (detail_shown (fixture));

    g_signal_emit_by_name (click, "pressed", 1, (double)at.x, (double)at.y);
    gtk_selection_model_select_item (selection, 2, TRUE);
    g_signal_emit_by_name (click, "released", 1, (double)at.x, (double)at.y);
    bd_test_ui_wait_for (fixture, detail_shown, "the tapped line");
  }
  g_assert_cmpint (bd_backorder_get_id (bd_line_detail_get_line (BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page)))),
                   ==, bd_backorder_get_id (tapped));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-narrow-360-detail.png");

  /* wide: the columns the fold hid are back, the one the person hid is
   * not (without the slide, as test_ui_narrow() does: the unfolding
   * slide leaks inside libadwaita 1.2 under the sanitizers) */
  resize_window (fixture, 1280, 800);
  g_assert_false (adw_leaflet_get_folded (leaflet));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_true (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, others[i])));
  g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (bd_queue_page_get_column (fixture->page, "customer")),
                   ==, customer_width);
}

static GtkWidget *find_action_button (GtkWidget  *widget,
                                      const char *action);

/* A --database path that names no file opens on the error page with a
 * Create Database button, and makes the database only when it is pressed. */
static void
test_ui_missing_database (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "typo", "desk.sqlite3", NULL);
  GtkWidget *create_button;
  BdWindow *window;

  window = bd_window_new (app, path, FALSE);
  bd_test_ui_patient_rows (window);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (bd_window_get_state (window), ==, "error");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  create_button = find_action_button (GTK_WIDGET (window), "win.create-database");
  g_assert_nonnull (create_button);
  g_assert_true (gtk_widget_get_visible (create_button));
  bd_test_ui_save_png (GTK_WIDGET (window), "ui-missing.png");

  /* a button activated from the keyboard clicks after a short press */
  g_assert_true (gtk_widget_activate (create_button));
  for (guint i = 0; i < 400 && g_str_equal (bd_window_get_state (window), "error"); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_cmpstr (bd_window_get_state (window), ==, "empty");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  bd_test_rm_rf (dir);
}

static void
test_ui_too_new (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.sqlite3", NULL);
  BdWindow *window;

  {
    g_autoptr(BdStore) store = bd_store_create (path, NULL);
    g_assert_true (bd_store_exec (store, "PRAGMA user_version = 42", NULL));
  }

  window = bd_window_new (app, path, FALSE);
  bd_test_ui_patient_rows (window);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (bd_window_get_state (window), ==, "error");
  bd_test_ui_save_png (GTK_WIDGET (window), "ui-error.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  bd_test_rm_rf (dir);
}

/* The first button in @widget's tree that names @action. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Set in main(): the mount namespace of this process, private, so that a
 * test may mount a folder read-only without the machine seeing it. */
static int mount_namespace_errno = -1;

/* A store on a read-only disk opens read-only: the queue shows, a banner
 * says why nothing can be changed, nothing that writes is enabled, and an
 * action tried anyway changes nothing. It used to say “not a Backorder
 * Desk database”. A read-only bind mount, since CI runs as root, whom file
 * modes do not stop. */
static void
test_ui_read_only (void)
{
  g_autofree char *dir = bd_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "desk.sqlite3", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Fixture fixture = { .dir = dir, .database = path };
  GtkWidget *ship_button;
  GtkLabel *banner_label;
  GtkRevealer *banner;
  g_autoptr(BdStore) store = NULL;

  if (mount_namespace_errno != 0)
    g_error ("this test needs a mount namespace of its own (unshare: %s)",
             g_strerror (mount_namespace_errno));

  {
    g_autoptr(BdStore) writer = bd_store_create (path, NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    BdDemoOptions options = { 200, 5, now };

    g_assert_true (bd_demo_generate (writer, &options, NULL, NULL, NULL, NULL));
  }
  g_assert_cmpint (mount (dir, dir, NULL, MS_BIND, NULL), ==, 0);
  g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), ==, 0);

  open_window (&fixture);
  store = bd_store_open (path, NULL);
  g_assert_nonnull (store);
  g_assert_true (bd_store_is_read_only (store));
  g_assert_cmpstr (bd_window_get_state (fixture.window), ==, "content");
  before = bd_test_dump (store);

  banner = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (fixture.window), BD_TYPE_WINDOW,
                                                        "read_only_revealer"));
  banner_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture.window), BD_TYPE_WINDOW,
                                                           "read_only_label"));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (banner_label), "read-only disk"));

  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture.page), 0, TRUE);
  bd_test_ui_drain ();
  ship_button = find_action_button (GTK_WIDGET (fixture.page), "queue.mark-shipped");
  g_assert_nonnull (ship_button);
  g_assert_false (gtk_widget_is_sensitive (ship_button));
  {
    GtkWidget *detail = bd_queue_page_get_detail (fixture.page);

    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL,
                                                                            "priority_row"))));
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL,
                                                                            "note_entry"))));
  }
  g_assert_false (find_action_button (GTK_WIDGET (fixture.window), "win.import") != NULL &&
                  gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (fixture.window), "win.import")));

  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "queue.mark-shipped", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "queue.set-priority", "i", 2);
  bd_test_ui_drain ();
  after = bd_test_dump (store);
  g_assert_cmpstr (after, ==, before);

  bd_test_ui_save_png (GTK_WIDGET (fixture.window), "ui-read-only.png");

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.window);
  bd_test_ui_drain ();
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  bd_test_rm_rf (dir);
}

static void
count_paint_cb (GdkFrameClock *clock,
                guint         *paints)
{
  (*paints)++;
}

static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A window nobody touches draws nothing: the spinner of the hidden
 * "loading" page kept the frame clock ticking (11% of a core with the
 * queue shown, 5% on the empty page), a laptop's battery all day. Counted
 * on the empty page and on the queue, once loading has finished and the
 * page's transition is over. */
static void
test_ui_idle (Fixture       *fixture,
              gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  guint paints = 0;

  g_assert_cmpstr (bd_window_get_state (fixture->window), ==,
                   GPOINTER_TO_INT (data) ? "content" : "empty");
  run_for (1000);

  g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &paints);
  run_for (5000);
  g_signal_handlers_disconnect_by_func (clock, count_paint_cb, &paints);

  g_assert_cmpuint (paints, ==, 0);
}

/* The widget named @name (a cell's text or marker) in @root. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
shows_text (GtkWidget  *row_widget,
            const char *name,
            const char *text)
{
  GtkWidget *cell = find_named (row_widget, name);

  return cell != NULL && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), text) == 0;
}

/* The row of the list that shows line @row, or NULL when no row in use
 * shows it. */
static GtkWidget *
find_row_widget (Fixture     *fixture,
                 BdBackorder *row)
{
  GtkWidget *list = bd_test_ui_find_widget (GTK_WIDGET (bd_queue_page_get_column_view (fixture->page)), GTK_TYPE_LIST_VIEW);

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_get_child_visible (child) &&
          shows_text (child, "order", bd_backorder_get_order_ref (row)) &&
          shows_text (child, "sku", bd_backorder_get_sku (row)))
        return child;
    }

  return NULL;
}

static GtkWidget *
find_cell (Fixture     *fixture,
           BdBackorder *row,
           const char  *name)
{
  GtkWidget *row_widget = find_row_widget (fixture, row);

  g_assert_nonnull (row_widget);
  return find_named (row_widget, name);
}

static gboolean
query_tooltip (GtkWidget *cell)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  return shown;
}

static BdBackorder *
nth_row (Fixture *fixture,
         guint    position)
{
  return g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), position);
}

static gboolean
rows_read (Fixture *fixture)
{
  return !bd_sql_list_model_get_reading_rows (BD_SQL_LIST_MODEL (bd_queue_page_get_model (fixture->page)));
}

/* A label under @root whose text holds @text, or NULL. */
static GtkWidget *
find_label_holding (GtkWidget  *root,
                    const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_holding (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Rows the queue reads on a thread once the disk was slow: rows not read
 * yet stand in empty when asked for, and show their fields once read; the
 * actions on a selection of rows not read yet name the lines themselves,
 * not empty rows. (That the same row objects fill in and notify, the
 * queue model's tests hold the reads to see.) */
static void
test_ui_rows_read_apart (Fixture       *fixture,
                         gconstpointer  data)
{
  BdQueueModel *model;
  GtkColumnView *view;
  GtkAdjustment *adjustment;
  g_autoptr(BdBackorder) last = NULL;
  g_autoptr(BdBackorder) before_last = NULL;
  g_autoptr(BdBackorder) read = NULL;
  guint n;

  /* more lines than the first screens read */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_drain ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdStore) store = bd_store_open (fixture->database, &error);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    BdDemoOptions options = { 3000, 3, now };

    g_assert_no_error (error);
    g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  open_window (fixture);
  view = bd_queue_page_get_column_view (fixture->page);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to load");
  bd_test_ui_settle ();
  model = bd_queue_page_get_model (fixture->page);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 600);
  g_assert_cmpuint (bd_queue_model_get_n_cached (model), <, n / 2);
  bd_queue_page_set_row_wait (fixture->page, 0);
  g_assert_cmpint (bd_sql_list_model_get_row_wait (BD_SQL_LIST_MODEL (model)), ==, 0);
  /* as after a slow read from the disk */
  bd_sql_list_model_read_rows_apart_for (BD_SQL_LIST_MODEL (model), 600);

  /* the last lines, not read yet: empty rows stand in at once */
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  before_last = g_list_model_get_item (G_LIST_MODEL (model), n - 2);
  g_assert_false (bd_backorder_is_read (last));
  g_assert_false (bd_backorder_is_read (before_last));
  g_assert_cmpint (bd_backorder_get_id (last), ==, bd_queue_model_get_id (model, n - 1));

  /* selected before they are read, the pane names them */
  gtk_selection_model_select_range (bd_queue_page_get_selection (fixture->page), n - 2, 2, TRUE);
  read = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_assert_true (read == last);
  g_assert_true (bd_backorder_is_read (last));
  g_assert_true (bd_backorder_is_read (before_last));
  g_assert_nonnull (find_label_holding (bd_queue_page_get_detail (fixture->page), bd_backorder_get_ref (last)));
  g_assert_nonnull (find_label_holding (bd_queue_page_get_detail (fixture->page),
                                        bd_backorder_get_ref (before_last)));

  /* scrolled to the end, rows the view asks for fill in by themselves */
  gtk_selection_model_unselect_all (bd_queue_page_get_selection (fixture->page));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  bd_test_ui_settle ();
  bd_test_ui_wait_for (fixture, rows_read, "the rows to be read");
  bd_test_ui_settle ();
  for (guint i = n - 8; i < n - 2; i++)
    {
      g_autoptr(BdBackorder) row = nth_row (fixture, i);
      GtkWidget *cell;

      g_assert_true (bd_backorder_is_read (row));
      cell = find_cell (fixture, row, "customer");
      g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), ==, bd_backorder_get_customer_name (row));
      cell = find_cell (fixture, row, "priority");
      g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), ==,
                       bd_priority_label (bd_backorder_get_priority (row)));
    }
}

/* Item 6 of issue 10: the queue sorts by priority first, yet its column was
 * off-screen at the window's first size with the detail pane beside the
 * list. It leads now, and its cells lie within what the list shows. */
static void
test_ui_columns_priority_in_sight (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
  g_autoptr(GVariant) width = g_settings_get_default_value (settings, "window-width");
  g_autoptr(GVariant) height = g_settings_get_default_value (settings, "window-height");
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkWidget *scrolled = gtk_widget_get_parent (GTK_WIDGET (view));
  g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  g_autoptr(BdBackorder) row = nth_row (fixture, 0);
  GtkWidget *cell;
  graphene_rect_t bounds;

  /* the window as it first opens, a line open in the pane */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), g_variant_get_int32 (width),
                               g_variant_get_int32 (height));
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (bd_queue_page_get_detail (fixture->page)));
  /* (the window's decorations take a little of it) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, g_variant_get_int32 (width));

  g_assert_true (first == bd_queue_page_get_column (fixture->page, "priority"));
  cell = find_cell (fixture, row, "priority");
  g_assert_nonnull (cell);
  g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), ==,
                   bd_priority_label (bd_backorder_get_priority (row)));
  g_assert_true (gtk_widget_compute_bounds (cell, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scrolled));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-columns-default.png");

  /* the size the issue was seen at, for a person to look at */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 900);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-columns-1400.png");
}

static gboolean
action_state (GActionGroup *group,
              const char   *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (group, name);

  return g_variant_get_boolean (state);
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)))
    return GTK_MENU_BUTTON (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The main menu has the page's Columns menu as a submenu. */
static gboolean
main_menu_has_columns (Fixture *fixture)
{
  GtkMenuButton *button = find_primary_menu_button (GTK_WIDGET (fixture->window));
  GMenuModel *menu;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (button);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (section, j, G_MENU_LINK_SUBMENU);

          if (submenu != NULL && submenu == bd_queue_page_get_columns_menu (fixture->page))
            return TRUE;
        }
    }

  return FALSE;
}

/* Item 6: which columns show, their order and widths are a person's, kept
 * in GSettings and found again by the next window; a column's header menu
 * (right click) and the main menu's Columns (keyboard) change them. */
static void
test_ui_columns_menu_and_settings (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
  GActionGroup *actions = bd_queue_page_get_column_actions (fixture->page);
  GListModel *columns = gtk_column_view_get_columns (bd_queue_page_get_column_view (fixture->page));
  g_auto(GStrv) hidden = NULL;
  g_autoptr(GtkColumnViewColumn) second = NULL;
  g_autoptr(GtkColumnViewColumn) moved = NULL;
  g_autoptr(GVariant) user_value = NULL;

  /* every header offers the menu, and so does the main menu */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_true (gtk_column_view_column_get_header_menu (column) == bd_queue_page_get_columns_menu (fixture->page));
    }
  g_assert_true (main_menu_has_columns (fixture));
  g_assert_true (gtk_column_view_get_reorderable (bd_queue_page_get_column_view (fixture->page)));

  /* hiding the supplier from the window's menu */
  g_assert_true (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));
  g_assert_true (action_state (actions, "show-supplier"));
  g_assert_false (g_action_group_has_action (actions, "show-priority"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "columns.show-supplier", NULL));
  g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));
  g_assert_false (action_state (actions, "show-supplier"));

  /* a double click on a header's edge asks for the text's width, which
   * would measure every cell of a scroll: the usual width instead */
  {
    GtkColumnViewColumn *age = bd_queue_page_get_column (fixture->page, "age");
    int usual = gtk_column_view_column_get_fixed_width (age);

    gtk_column_view_column_set_fixed_width (age, -1);
    g_assert_cmpint (gtk_column_view_column_get_fixed_width (age), ==, usual);
  }

  /* a width and an order, as a drag on the header leaves them */
  gtk_column_view_column_set_fixed_width (bd_queue_page_get_column (fixture->page, "customer"), 222);
  gtk_column_view_insert_column (bd_queue_page_get_column_view (fixture->page), 1,
                                 bd_queue_page_get_column (fixture->page, "status"));

  /* kept when the window goes, and found by the next one */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_drain ();
  hidden = g_settings_get_strv (settings, "queue-hidden-columns");
  g_assert_cmpstrv (hidden, ((const char *[]) { "supplier", NULL }));

  open_window (fixture);
  actions = bd_queue_page_get_column_actions (fixture->page);
  columns = gtk_column_view_get_columns (bd_queue_page_get_column_view (fixture->page));
  g_assert_false (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));
  g_assert_false (action_state (actions, "show-supplier"));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (bd_queue_page_get_column (fixture->page, "customer")),
                   ==, 222);
  second = g_list_model_get_item (columns, 1);
  g_assert_true (second == bd_queue_page_get_column (fixture->page, "status"));

  /* the menu, for a person to look at: in a window of its own, with the
   * page's actions (GTK 4.8 cannot open a header's menu without a click) */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *button = gtk_menu_button_new ();
    GtkPopover *popover;

    gtk_window_set_default_size (GTK_WINDOW (window), 300, 420);
    gtk_widget_set_valign (button, GTK_ALIGN_START);
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), bd_queue_page_get_columns_menu (fixture->page));
    gtk_widget_insert_action_group (window, "columns", actions);
    gtk_window_set_child (GTK_WINDOW (window), button);
    gtk_window_present (GTK_WINDOW (window));
    bd_test_ui_settle ();
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
    bd_test_ui_settle ();
    bd_test_ui_save_png (GTK_WIDGET (popover), "ui-columns-menu.png");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    gtk_window_destroy (GTK_WINDOW (window));
    bd_test_ui_drain ();
  }

  /* shown again from the header menu's action, and saved */
  g_action_group_activate_action (actions, "show-supplier", NULL);
  g_assert_true (gtk_column_view_column_get_visible (bd_queue_page_get_column (fixture->page, "supplier")));
  run_for (700);
  g_clear_pointer (&hidden, g_strfreev);
  hidden = g_settings_get_strv (settings, "queue-hidden-columns");
  g_assert_cmpstrv (hidden, ((const char *[]) { NULL }));

  /* Restore Default Columns: the usual order and widths, nothing kept */
  g_action_group_activate_action (actions, "reset", NULL);
  bd_test_ui_drain ();
  /* priority, order, customer, product, short, age, promised, status */
  moved = g_list_model_get_item (columns, 7);
  g_assert_true (moved == bd_queue_page_get_column (fixture->page, "status"));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (bd_queue_page_get_column (fixture->page, "customer")),
                   !=, 222);
  run_for (700);
  user_value = g_settings_get_user_value (settings, "queue-column-order");
  g_assert_null (user_value);
}

/* Item 7: a name cut short shows whole in a tooltip, "Qty Short" says what
 * it counts, and an overdue promise has an icon and words, not only a
 * colour. Item 8: the Supplier column shows the product's preferred
 * supplier. */
static void
test_ui_columns_cells (Fixture       *fixture,
                       gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkColumnViewColumn *customer_column = bd_queue_page_get_column (fixture->page, "customer");
  g_autoptr(BdBackorder) row = NULL;
  g_autoptr(BdBackorder) overdue = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *supplier = NULL;
  GtkWidget *cell;
  GtkWidget *header;
  gboolean explained = FALSE;

  /* by promise: the first lines are overdue */
  gtk_column_view_sort_by_column (view, bd_queue_page_get_column (fixture->page, "promised"), GTK_SORT_ASCENDING);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue by promise");
  bd_test_ui_settle ();
  overdue = nth_row (fixture, 0);
  row = nth_row (fixture, 1);
  g_assert_true (bd_backorder_get_overdue (overdue));

  /* a customer's name too long for the column */
  gtk_column_view_column_set_fixed_width (customer_column, 40);
  bd_test_ui_settle ();
  cell = find_cell (fixture, row, "customer");
  g_assert_true (gtk_widget_get_has_tooltip (cell));
  g_assert_true (query_tooltip (cell));
  tooltip = bd_queue_page_cell_dup_tooltip (cell);
  g_assert_cmpstr (tooltip, ==, bd_backorder_get_customer_name (row));
  g_clear_pointer (&tooltip, g_free);

  /* and one that fits: no tooltip */
  gtk_column_view_column_set_fixed_width (customer_column, 400);
  bd_test_ui_settle ();
  cell = find_cell (fixture, row, "customer");
  g_assert_false (query_tooltip (cell));
  g_assert_null (bd_queue_page_cell_dup_tooltip (cell));

  /* "Qty Short": its header and its cells say what it counts */
  cell = find_cell (fixture, row, "short");
  tooltip = bd_queue_page_cell_dup_tooltip (cell);
  sql = g_strdup_printf ("%d of %d ordered", bd_backorder_get_short (row), bd_backorder_get_quantity (row));
  g_assert_nonnull (strstr (tooltip, sql));
  g_clear_pointer (&tooltip, g_free);
  header = gtk_widget_get_first_child (GTK_WIDGET (view));
  for (GtkWidget *button = gtk_widget_get_first_child (header); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    explained |= count_labels (button, "Qty Short") == 1 && gtk_widget_get_tooltip_text (button) != NULL;
  g_assert_true (explained);

  /* overdue: an icon that says so, and the words in the tooltip */
  cell = find_cell (fixture, overdue, "overdue-marker");
  g_assert_true (gtk_widget_get_visible (cell));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (cell)), ==, "alarm-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (cell), ==, "Overdue");
  tooltip = bd_queue_page_cell_dup_tooltip (find_cell (fixture, overdue, "promised"));
  g_assert_true (g_str_has_prefix (tooltip, "Overdue"));
  g_clear_pointer (&tooltip, g_free);
  {
    g_autoptr(BdBackorder) later = nth_row (fixture, n_rows (fixture) - 1);

    /* the last by promise is not overdue (none promised, or later) */
    if (!bd_backorder_get_overdue (later) && find_row_widget (fixture, later) != NULL)
      g_assert_false (gtk_widget_get_visible (find_cell (fixture, later, "overdue-marker")));
  }

  /* the preferred supplier of the line's product */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT s.name FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id"
                         " JOIN products p ON p.id = ps.product_id WHERE p.sku = '%s' AND ps.preferred",
                         bd_backorder_get_sku (row));
  supplier = bd_test_text (store, sql);
  g_assert_nonnull (supplier);
  g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (find_cell (fixture, row, "supplier"))), ==, supplier);

  /* and its header sorts by it */
  gtk_column_view_sort_by_column (view, bd_queue_page_get_column (fixture->page, "supplier"), GTK_SORT_ASCENDING);
  g_assert_cmpint (bd_queue_page_get_query (fixture->page)->sort, ==, BD_SORT_SUPPLIER);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue by supplier");
}

static GtkWidget *
find_text_view (GtkWidget *root)
{
  return bd_test_ui_find_widget (root, GTK_TYPE_TEXT_VIEW);
}

/* Item 8: a line with a complaint still to be answered has a marker beside
 * its priority; the marker goes with the complaint (undone here: nothing
 * in the desk resolves one yet; test-queue-model shows a resolution). */
static void
test_ui_columns_complaint_marker (Fixture       *fixture,
                                  gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  g_autoptr(BdBackorder) row = NULL;
  AdwMessageDialog *dialog;
  GtkTextBuffer *buffer;
  GtkWidget *marker;
  g_autofree char *sql = NULL;

  /* by order, so that the line stays where it is; one without a complaint */
  gtk_column_view_sort_by_column (view, bd_queue_page_get_column (fixture->page, "order"), GTK_SORT_ASCENDING);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue by order");
  bd_test_ui_settle ();
  for (guint i = 0; row == NULL; i++)
    {
      g_autoptr(BdBackorder) candidate = nth_row (fixture, i);

      if (!bd_backorder_get_has_open_complaint (candidate))
        {
          row = g_steal_pointer (&candidate);
          gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), i, TRUE);
        }
    }
  bd_test_ui_settle ();
  g_assert_false (gtk_widget_get_visible (find_cell (fixture, row, "complaint-marker")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.log-complaint", NULL));
  bd_test_ui_wait_for (fixture, dialog_shown, "the complaint dialog");
  dialog = find_dialog ();
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_text_view (GTK_WIDGET (dialog))));
  gtk_text_buffer_set_text (buffer, "Nobody told me it would take a month", -1);
  adw_message_dialog_response (dialog, "log");
  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, writes_done, "the complaint to be written");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to reload");
  bd_test_ui_settle ();

  sql = g_strdup_printf ("SELECT count(*) FROM complaints WHERE line_id = %" G_GINT64_FORMAT " AND deleted = 0",
                         bd_backorder_get_id (row));
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);
  marker = find_cell (fixture, row, "complaint-marker");
  g_assert_true (gtk_widget_get_visible (marker));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (marker), ==, "Complaint not resolved yet");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-columns-complaint.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.undo-last", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the undo to be written");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to reload after undo");
  bd_test_ui_settle ();
  g_assert_cmpint (bd_test_count (store, sql), ==, 0);
  g_assert_false (gtk_widget_get_visible (find_cell (fixture, row, "complaint-marker")));
}

static gboolean
count_says (Fixture    *fixture,
            const char *words)
{
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                              "count_label"));

  return strstr (gtk_label_get_label (label), words) != NULL;
}

/* Item 9: a header's first click sorts by its column, the second turns
 * the order round, the third brings back the queue's own order (priority,
 * then oldest), which the count says is in force. */
static void
test_ui_columns_third_click (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  GtkColumnViewColumn *customer = bd_queue_page_get_column (fixture->page, "customer");
  GActionGroup *actions = bd_queue_page_get_column_actions (fixture->page);
  const BdBackorderQuery *query;
  g_autoptr(BdBackorder) first = NULL;

  g_assert_true (count_says (fixture, "Queue order"));
  g_assert_false (g_action_group_get_action_enabled (actions, "queue-order"));

  /* the view's sorter goes through the same states as for clicks */
  gtk_column_view_sort_by_column (view, customer, GTK_SORT_ASCENDING);
  query = bd_queue_page_get_query (fixture->page);
  g_assert_cmpint (query->sort, ==, BD_SORT_CUSTOMER);
  g_assert_false (query->descending);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue by customer");
  g_assert_true (count_says (fixture, "Sorted by Customer"));
  g_assert_true (g_action_group_get_action_enabled (actions, "queue-order"));

  gtk_column_view_sort_by_column (view, customer, GTK_SORT_DESCENDING);
  query = bd_queue_page_get_query (fixture->page);
  g_assert_cmpint (query->sort, ==, BD_SORT_CUSTOMER);
  g_assert_true (query->descending);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue by customer, descending");
  g_assert_true (count_says (fixture, "descending"));

  gtk_column_view_sort_by_column (view, customer, GTK_SORT_ASCENDING);
  query = bd_queue_page_get_query (fixture->page);
  g_assert_cmpint (query->sort, ==, BD_SORT_QUEUE);
  g_assert_false (query->descending);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue in queue order");
  g_assert_true (count_says (fixture, "Queue order"));
  g_assert_false (g_action_group_get_action_enabled (actions, "queue-order"));
  /* no header shows a sort */
  {
    g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);

    g_assert_cmpint (gtk_sorter_compare (gtk_column_view_get_sorter (view), a, b), ==, GTK_ORDERING_EQUAL);
  }
  first = nth_row (fixture, 0);
  for (guint i = 1; i < n_rows (fixture); i++)
    {
      g_autoptr(BdBackorder) other = nth_row (fixture, i);

      g_assert_cmpint (bd_backorder_get_priority (first), >=, bd_backorder_get_priority (other));
    }

  /* a click on another column after a first one is no third click */
  gtk_column_view_sort_by_column (view, customer, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (view, bd_queue_page_get_column (fixture->page, "order"), GTK_SORT_ASCENDING);
  query = bd_queue_page_get_query (fixture->page);
  g_assert_cmpint (query->sort, ==, BD_SORT_ORDER_REF);

  /* and the menu's Sort in Queue Order, from the keyboard */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "columns.queue-order", NULL));
  query = bd_queue_page_get_query (fixture->page);
  g_assert_cmpint (query->sort, ==, BD_SORT_QUEUE);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue in queue order again");
  g_assert_true (count_says (fixture, "Queue order"));
}

/* The queue at a phone's width, dark: the leading priority and the
 * markers, for a person to look at. */
static void
test_ui_columns_narrow (Fixture       *fixture,
                        gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkColumnView *view = bd_queue_page_get_column_view (fixture->page);
  g_autoptr(GtkColumnViewColumn) first = NULL;

  /* as in test_ui_narrow: GTK 4.8 folds badly without animations */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_column_view_sort_by_column (view, bd_queue_page_get_column (fixture->page, "promised"), GTK_SORT_ASCENDING);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 30; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue by promise");
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-columns-narrow-dark.png");

  first = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  g_assert_true (first == bd_queue_page_get_column (fixture->page, "priority"));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The row of the list at @position, found among the rows on screen. */
static GtkWidget *
find_row (GtkWidget *view,
          guint      position)
{
  GtkWidget *found = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (gtk_widget_get_css_name (child), "row") && gtk_widget_get_child_visible (child) &&
          GTK_IS_LIST_VIEW (gtk_widget_get_parent (child)))
        {
          graphene_rect_t bounds;
          double height = gtk_widget_get_height (child);

          /* the list view is the parent; rows are in the order of the
           * model only as far as the view cares, so go by their place */
          if (height > 0 && gtk_widget_compute_bounds (child, gtk_widget_get_parent (child), &bounds) &&
              (guint)(bounds.origin.y / height + 0.5) == position)
            found = child;
        }
      else if (found == NULL)
        found = find_row (child, position);
    }

  return found;
}

/* Clicks the middle of the list's row at @position for real, through the X
 * server: GTK 4.8 cannot fake pointer input, xdotool can. */
static void
click_row (Fixture    *fixture,
           guint       position,
           const char *modifier)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *row = find_row (GTK_WIDGET (bd_queue_page_get_column_view (fixture->page)), position);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  graphene_point_t point;
  double dx, dy;
  int status;

  g_assert_nonnull (row);
  if (!GDK_IS_X11_SURFACE (surface))
    g_error ("clicking needs the X11 backend (xvfb-run), not %s", G_OBJECT_TYPE_NAME (surface));

  g_assert_true (gtk_widget_compute_point (row, window,
                                           &GRAPHENE_POINT_INIT (100, gtk_widget_get_height (row) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  command = g_strdup_printf ("xdotool mousemove --window %lu %d %d %s%s%s click 1 %s%s",
                             (gulong)gdk_x11_surface_get_xid (surface),
                             (int)(point.x + dx), (int)(point.y + dy),
                             modifier ? "keydown " : "", modifier ? modifier : "", modifier ? " " : "",
                             modifier ? "keyup " : "", modifier ? modifier : "");
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error))
    g_error ("this test clicks with xdotool (tools/install-deps.sh installs it): %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static const guint *selection_wanted;

/* The selection is exactly selection_wanted, ended by G_MAXUINT. */
static gboolean
selection_is_wanted (Fixture *fixture)
{
  g_autoptr(GtkBitset) bits = gtk_selection_model_get_selection (bd_queue_page_get_selection (fixture->page));
  guint n = 0;

  for (; selection_wanted[n] != G_MAXUINT; n++)
    if (!gtk_bitset_contains (bits, selection_wanted[n]))
      return FALSE;

  return gtk_bitset_get_size (bits) == n;
}

static void
wait_for_selection (Fixture     *fixture,
                    const guint *wanted,
                    const char  *what)
{
  selection_wanted = wanted;
  bd_test_ui_wait_for (fixture, selection_is_wanted, what);
  bd_test_ui_drain ();
}

/* Ctrl+click adds a row to the selection and takes it out again. On GTK
 * 4.8 it did neither: the cell and the row each took the click, so the
 * row was toggled twice. */
static void
test_ui_ctrl_click (Fixture       *fixture,
                    gconstpointer  data)
{
  bd_test_ui_settle ();

  click_row (fixture, 0, NULL);
  wait_for_selection (fixture, (const guint[]) { 0, G_MAXUINT }, "a click to select the first row");

  click_row (fixture, 2, "ctrl");
  wait_for_selection (fixture, (const guint[]) { 0, 2, G_MAXUINT }, "Ctrl+click to add the third row");

  click_row (fixture, 0, "ctrl");
  wait_for_selection (fixture, (const guint[]) { 2, G_MAXUINT }, "Ctrl+click to take the first row out");

  /* Shift+click still selects from the row clicked last */
  click_row (fixture, 4, "shift");
  wait_for_selection (fixture, (const guint[]) { 0, 1, 2, 3, 4, G_MAXUINT }, "Shift+click to select a range");

  /* and a plain click one row alone */
  click_row (fixture, 1, NULL);
  wait_for_selection (fixture, (const guint[]) { 1, G_MAXUINT }, "a click to select one row alone");
}

/* The references of the list's rows from @first, @n of them. */
static GStrv
row_refs (Fixture *fixture,
          guint    first,
          guint    n)
{
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), i);

      g_strv_builder_add (refs, bd_backorder_get_ref (row));
    }

  return g_strv_builder_end (refs);
}

/* Fifty lines selected: the pane and the cancel dialog say which, the
 * first ten and "and 40 more", where they said only "50 Lines Selected"
 * and "Cancel 50 Lines?". */
static void
test_ui_bulk_lists_lines (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  GtkLabel *lines = GTK_LABEL (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL, "many_lines_label"));
  g_auto(GStrv) named = row_refs (fixture, 0, 10);
  g_auto(GStrv) unnamed = row_refs (fixture, 10, 1);
  g_autofree char *expected = NULL;
  g_autofree char *joined = g_strjoinv ("\n", named);
  AdwMessageDialog *dialog;
  const char *body;

  g_assert_cmpuint (n_rows (fixture), >, 50);
  gtk_selection_model_select_range (bd_queue_page_get_selection (fixture->page), 0, 50, TRUE);
  bd_test_ui_drain ();

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (lines)));
  expected = g_strdup_printf ("%s\nand 40 more", joined);
  g_assert_cmpstr (gtk_label_get_label (lines), ==, expected);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-bulk-pane.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel", NULL));
  bd_test_ui_wait_for (fixture, dialog_shown, "the cancel dialog");
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cancel 50 Lines?");
  body = adw_message_dialog_get_body (dialog);
  for (guint i = 0; named[i] != NULL; i++)
    g_assert_nonnull (strstr (body, named[i]));
  g_assert_null (strstr (body, unnamed[0]));
  g_assert_nonnull (strstr (body, "and 40 more"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-bulk-cancel-dialog.png");
  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_drain ();

  /* two lines: both named, nothing more */
  gtk_selection_model_select_range (bd_queue_page_get_selection (fixture->page), 0, 2, TRUE);
  bd_test_ui_drain ();
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s\n%s", named[0], named[1]);
  g_assert_cmpstr (gtk_label_get_label (lines), ==, expected);

  /* narrow and dark, the pane over the list (folding without animations
   * makes GTK 4.8 warn: see test_ui_narrow()) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_selection_model_select_range (bd_queue_page_get_selection (fixture->page), 0, 50, TRUE);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 0);
  bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (lines)));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-bulk-pane-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The reason's example shows whole in the cancel dialog of a narrow window
 * too (it was cut off), and the dialog names the line there as well. */
static void
test_ui_cancel_dialog_narrow (Fixture       *fixture,
                              gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(BdBackorder) row = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  g_autofree char *heading = g_strdup_printf ("Cancel %s?", bd_backorder_get_ref (row));
  AdwMessageDialog *dialog;
  GtkWidget *placeholder;
  int natural = 0;

  /* folding without animations makes GTK 4.8 warn: see test_ui_narrow() */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.cancel", NULL));
  bd_test_ui_wait_for (fixture, dialog_shown, "the cancel dialog");
  dialog = find_dialog ();
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-cancel-dialog-narrow-dark.png");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);

  placeholder = bd_test_ui_find_widget (bd_test_ui_find_widget (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_ENTRY),
                             GTK_TYPE_LABEL);
  g_assert_true (gtk_widget_get_mapped (placeholder));
  gtk_widget_measure (placeholder, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_test_message ("placeholder %d, its text %d", natural, gtk_widget_get_width (gtk_widget_get_parent (placeholder)));
  g_assert_cmpint (natural, <=, gtk_widget_get_width (gtk_widget_get_parent (placeholder)));

  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_drain ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* A toast comes up where the bar of bulk actions is: it covered the bar's
 * buttons, which the next bulk action needs. */
static void
test_ui_bulk_toast_above_bar (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *bar = (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_QUEUE_PAGE,
                                                               "bulk_bar");
  GType toast_type;
  GtkWidget *toast;
  graphene_rect_t bar_bounds, toast_bounds;

  gtk_selection_model_select_range (bd_queue_page_get_selection (fixture->page), 0, 5, TRUE);
  bd_test_ui_drain ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i", 2);
  bd_test_ui_wait_for (fixture, writes_done, "the priorities");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the priorities");
  bd_test_ui_settle ();

  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (bar)));
  /* libadwaita's own widget for a toast, registered with the first one */
  toast_type = g_type_from_name ("AdwToastWidget");
  g_assert_true (toast_type != G_TYPE_INVALID);
  toast = bd_test_ui_find_widget (window, toast_type);
  g_assert_nonnull (toast);
  bd_test_ui_save_png (window, "ui-bulk-toast.png");

  g_assert_true (gtk_widget_compute_bounds (bar, window, &bar_bounds));
  g_assert_true (gtk_widget_compute_bounds (toast, window, &toast_bounds));
  g_test_message ("bar %g..%g, toast %g..%g", bar_bounds.origin.y, bar_bounds.origin.y + bar_bounds.size.height,
                  toast_bounds.origin.y, toast_bounds.origin.y + toast_bounds.size.height);
  g_assert_cmpfloat (toast_bounds.origin.y + toast_bounds.size.height, <=, bar_bounds.origin.y);

  /* one line selected: no bar, and the toast back down */
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_settle ();
  g_assert_false (gtk_action_bar_get_revealed (GTK_ACTION_BAR (bar)));
  g_assert_true (gtk_widget_compute_bounds (toast, window, &toast_bounds));
  g_assert_cmpfloat (toast_bounds.origin.y + toast_bounds.size.height, >, bar_bounds.origin.y);

  /* narrow and dark: the page switcher is at the bottom too, under the bar
   * (folding without animations makes GTK 4.8 warn: see test_ui_narrow()) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_selection_model_select_range (bd_queue_page_get_selection (fixture->page), 0, 3, TRUE);
  bd_test_ui_drain ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i", 1);
  bd_test_ui_wait_for (fixture, writes_done, "the priorities");
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the priorities");
  bd_test_ui_settle ();
  toast = bd_test_ui_find_widget (window, toast_type);
  g_assert_nonnull (toast);
  bd_test_ui_save_png (window, "ui-bulk-toast-narrow-dark.png");
  g_assert_true (gtk_widget_compute_bounds (bar, window, &bar_bounds));
  g_assert_true (gtk_widget_compute_bounds (toast, window, &toast_bounds));
  g_assert_cmpfloat (toast_bounds.origin.y + toast_bounds.size.height, <=, bar_bounds.origin.y);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The detail pane of another line starts at its top (it kept the scroll
 * of the line before, halfway down its history); its title is never left
 * selected (moving the focus into the pane selected it all). */
static void
test_ui_pane_top_and_title (Fixture       *fixture,
                            gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL,
                                                                                     "scroller"));
  GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL, "title_label"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  g_autoptr(BdBackorder) first = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  gint64 id = bd_backorder_get_id (first);

  /* a history long enough to scroll */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *text = g_strdup_printf ("Called the supplier, try %u", i + 1);

      g_assert_true (bd_notes_add (store, id, text, NULL, NULL));
    }
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the notes");

  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment), >, 300);
  gtk_adjustment_set_value (adjustment, 300);
  bd_test_ui_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 300);

  /* the same line again, after a change: it stays where it was */
  g_assert_true (bd_notes_add (store, id, "One more", NULL, NULL));
  bd_store_emit_changed (store);
  bd_test_ui_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 300);

  /* another line: from its top */
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 1, TRUE);
  bd_test_ui_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Tab into the pane: its title is not selected */
  gtk_widget_grab_focus (GTK_WIDGET (bd_queue_page_get_column_view (fixture->page)));
  g_assert_true (gtk_widget_child_focus (detail, GTK_DIR_TAB_FORWARD));
  bd_test_ui_settle ();
  g_assert_false (gtk_label_get_selection_bounds (title, NULL, NULL));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-pane-focus.png");
}

/* A shipped line has one button left, Log Complaint…: it is laid out like
 * the buttons of an open line, at the start, not in the last of the slots
 * the hidden ones kept. */
static void
test_ui_pane_shipped_buttons (Fixture       *fixture,
                              gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  /* a shipped line's first button: its customer may still be written to */
  GtkWidget *message_button = (GtkWidget *)gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL,
                                                                          "message_button");
  GtkWidget *ship_button = (GtkWidget *)gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL, "ship_button");
  g_autoptr(BdBackorder) first = NULL;
  graphene_rect_t open_bounds, shipped_bounds;
  gint64 id;

  /* every status: the line stays in the list once shipped */
  bd_queue_page_set_status_filter (fixture->page, BD_STATUS_FILTER_ALL);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue in every status");
  first = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  /* open (the sample data's purchasing puts lines on order) */
  g_assert_true (bd_backorder_is_open (first));
  id = bd_backorder_get_id (first);

  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (ship_button));
  g_assert_true (gtk_widget_compute_bounds (ship_button, detail, &open_bounds));

  g_assert_true (bd_actions_set_status (store, &id, 1, "shipped", NULL, FALSE, NULL, NULL));
  bd_store_emit_changed (store);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the shipping");
  bd_test_ui_settle ();
  g_assert_cmpstr (bd_backorder_get_status (bd_line_detail_get_line (BD_LINE_DETAIL (detail))), ==, "shipped");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-pane-shipped.png");

  /* where the first button of an open line is, as wide as it would be */
  g_assert_false (gtk_widget_get_mapped (ship_button));
  g_assert_true (gtk_widget_get_mapped (message_button));
  g_assert_true (gtk_widget_compute_bounds (message_button, detail, &shipped_bounds));
  g_assert_cmpfloat (shipped_bounds.origin.x, ==, open_bounds.origin.x);
  g_assert_cmpfloat (shipped_bounds.origin.y, ==, open_bounds.origin.y);
  g_assert_cmpfloat (shipped_bounds.size.width, ==, open_bounds.size.width);
  g_assert_cmpfloat (shipped_bounds.size.height, ==, open_bounds.size.height);
}

/* The row of the pane's notes and complaints that shows @body. */
static BdNoteRow *
find_note_row (Fixture    *fixture,
               const char *body)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (bd_queue_page_get_detail (fixture->page),
                                                                  BD_TYPE_LINE_DETAIL, "notes_list"));
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), BD_TYPE_NOTE_ROW, "body_label"));

      if (g_strcmp0 (gtk_label_get_label (label), body) == 0)
        return BD_NOTE_ROW (row);
    }

  return NULL;
}

static GtkWidget *
note_row_part (BdNoteRow  *row,
               const char *name)
{
  return (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (row), BD_TYPE_NOTE_ROW, name);
}

static char *
dup_note_row_text (BdNoteRow *row)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note_row_part (row, "text_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Selects the first line after giving it a note and a complaint of the
 * person at this desk, and a note of someone else. */
static gint64
select_line_with_notes (Fixture *fixture)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(BdBackorder) first = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  g_autoptr(BdStore) other = bd_store_open (fixture->database, NULL);
  gint64 id = bd_backorder_get_id (first);

  g_assert_true (bd_notes_add (store, id, "Custmer called about the date", NULL, NULL));
  g_assert_true (bd_notes_add_complaint (store, id, "delay", "Third time the date moved", NULL, NULL));
  bd_store_set_author (other, "Someone Else");
  g_assert_true (bd_notes_add (other, id, "Supplier confirmed week 12", NULL, NULL));
  bd_store_emit_changed (store);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue after the notes");

  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page),
                                   bd_queue_model_find_id (bd_queue_page_get_model (fixture->page), id), TRUE);
  bd_test_ui_settle ();
  return id;
}

/* A complaint looks like one: its own icon, its category and whether it
 * is settled, where it was a note with "Complaint (delay)" in small print. */
static void
test_ui_complaint_looks (Fixture       *fixture,
                         gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  BdNoteRow *complaint, *note;
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  GtkAdjustment *adjustment;

  select_line_with_notes (fixture);
  complaint = find_note_row (fixture, "Third time the date moved");
  note = find_note_row (fixture, "Custmer called about the date");
  g_assert_nonnull (complaint);
  g_assert_nonnull (note);

  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (note_row_part (complaint, "kind_icon"))), !=,
                   gtk_image_get_icon_name (GTK_IMAGE (note_row_part (note, "kind_icon"))));
  g_assert_true (gtk_widget_has_css_class (note_row_part (complaint, "kind_icon"), "complaint-icon"));
  g_assert_true (gtk_widget_get_mapped (note_row_part (complaint, "category_label")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (note_row_part (complaint, "category_label"))), ==, "Delay");
  g_assert_true (gtk_widget_get_mapped (note_row_part (complaint, "status_label")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (note_row_part (complaint, "status_label"))), ==, "Open");
  g_assert_false (gtk_widget_get_mapped (note_row_part (note, "badges")));

  /* the notes at the top of the pane, to look at */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (detail,
                                                                         BD_TYPE_LINE_DETAIL, "scroller")));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-notes.png");
  /* the history names what changed in words, not by its column */
  g_assert_cmpuint (count_labels (detail, "Status: Waiting → On order, Covered by purchase orders: 0 → 2"), ==, 1);
  g_assert_cmpuint (count_labels_with_prefix (detail, "Expected date: "), >=, 1);
  g_assert_cmpuint (count_labels_with_prefix (detail, "eta: "), ==, 0);

  /* narrow and dark (folding without animations makes GTK 4.8 warn: see
   * test_ui_narrow()) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 0);
  bd_test_ui_settle ();
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  bd_test_ui_settle ();
  g_assert_true (gtk_widget_get_mapped (note_row_part (complaint, "status_label")));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-notes-narrow-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
note_row_gone (Fixture *fixture)
{
  return find_note_row (fixture, "Custmer called about the date") == NULL;
}

/* An agent corrects a typo in a note, in place, and deletes one; each is a
 * change with Undo and an entry in the line's history. Others' notes and
 * complaints cannot be changed. */
static void
test_ui_note_edit_delete (Fixture       *fixture,
                          gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  GtkWidget *history = (GtkWidget *)gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL, "history_list");
  GtkTextBuffer *buffer;
  BdNoteRow *row;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  gint64 id = select_line_with_notes (fixture);

  /* others' notes and complaints: no buttons, and no editing */
  row = find_note_row (fixture, "Supplier confirmed week 12");
  g_assert_false (gtk_widget_get_visible (note_row_part (row, "note_buttons")));
  gtk_widget_activate_action (GTK_WIDGET (row), "note.edit", NULL);
  g_assert_false (bd_note_row_get_editing (row));
  row = find_note_row (fixture, "Third time the date moved");
  g_assert_false (gtk_widget_get_visible (note_row_part (row, "note_buttons")));

  /* Edit: the text in a text view, with the focus */
  row = find_note_row (fixture, "Custmer called about the date");
  g_assert_true (gtk_widget_get_mapped (note_row_part (row, "edit_button")));
  g_assert_true (gtk_widget_is_sensitive (note_row_part (row, "edit_button")));
  gtk_widget_activate_action (GTK_WIDGET (row), "note.edit", NULL);
  bd_test_ui_settle ();
  g_assert_true (bd_note_row_get_editing (row));
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (row))) == note_row_part (row, "text_view"));
  text = dup_note_row_text (row);
  g_assert_cmpstr (text, ==, "Custmer called about the date");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note_row_part (row, "text_view")));
  gtk_text_buffer_set_text (buffer, "Customer called about the", -1);

  /* another change while editing (a note added elsewhere): the editing
   * goes on, the text as typed */
  g_assert_true (bd_notes_add (store, id, "Meanwhile", NULL, NULL));
  bd_store_emit_changed (store);
  bd_test_ui_settle ();
  g_assert_true (find_note_row (fixture, "Meanwhile") != NULL);
  g_assert_true (bd_note_row_get_editing (row));
  g_clear_pointer (&text, g_free);
  text = dup_note_row_text (row);
  g_assert_cmpstr (text, ==, "Customer called about the");
  gtk_text_buffer_insert_at_cursor (buffer, " date", -1);
  {
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (detail,
                                                                BD_TYPE_LINE_DETAIL, "scroller")));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    bd_test_ui_settle ();
    bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-note-editing.png");
  }

  /* an empty text cannot be saved */
  gtk_text_buffer_set_text (buffer, "  ", -1);
  g_assert_false (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (row), "note.save")));
  gtk_text_buffer_set_text (buffer, "Customer called about the date", -1);
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (row), "note.save")));

  gtk_widget_activate_action (GTK_WIDGET (row), "note.save", NULL);
  g_assert_false (bd_note_row_get_editing (row));
  bd_test_ui_wait_for (fixture, writes_done, "the edit");
  bd_test_ui_settle ();
  sql = g_strdup_printf ("SELECT count(*) FROM notes WHERE line_id = %" G_GINT64_FORMAT
                         " AND body = 'Customer called about the date' AND deleted = 0", id);
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE action = 'note-edit'"
                                         " AND old_value = 'Custmer called about the date'"), ==, 1);
  g_assert_cmpuint (count_labels (history, "Note edited: “Custmer called about the date” → "
                                           "“Customer called about the date”"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (fixture->window), "Note changed"), ==, 1);

  /* Undo: the old text again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.undo-last", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the undo of the edit");
  bd_test_ui_settle ();
  g_assert_nonnull (find_note_row (fixture, "Custmer called about the date"));
  g_assert_null (find_note_row (fixture, "Customer called about the date"));

  /* Delete, with a toast to undo it */
  row = find_note_row (fixture, "Custmer called about the date");
  gtk_widget_activate_action (GTK_WIDGET (row), "note.delete", NULL);
  bd_test_ui_wait_for (fixture, writes_done, "the delete");
  bd_test_ui_wait_for (fixture, note_row_gone, "the deleted note to leave the pane");
  bd_test_ui_settle ();
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT deleted FROM notes WHERE line_id = %" G_GINT64_FORMAT
                         " AND body = 'Custmer called about the date'", id);
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);
  g_assert_cmpuint (count_labels (history, "Note deleted: Custmer called about the date"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (fixture->window), "Note deleted"), ==, 1);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-note-deleted.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.undo-last", NULL));
  bd_test_ui_wait_for (fixture, writes_done, "the undo of the delete");
  bd_test_ui_settle ();
  g_assert_cmpint (bd_test_count (store, sql), ==, 0);
  g_assert_nonnull (find_note_row (fixture, "Custmer called about the date"));
  g_assert_cmpuint (count_labels (history, "Undone: note restored: Custmer called about the date"), ==, 1);
}

/* Types @keys for real, through the X server (xdotool's names), with the
 * pointer over the window: without a window manager the keyboard goes to
 * the window under the pointer. */
static void
press_keys (Fixture    *fixture,
            const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!GDK_IS_X11_SURFACE (surface))
    g_error ("typing needs the X11 backend (xvfb-run), not %s", G_OBJECT_TYPE_NAME (surface));
  command = g_strdup_printf ("xdotool mousemove --window %lu 1 1 key %s",
                             (gulong)gdk_x11_surface_get_xid (surface), keys);

  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error))
    g_error ("this test types with xdotool (tools/install-deps.sh installs it): %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static BdNoteRow *row_waited_for;

static gboolean
row_not_editing (Fixture *fixture)
{
  return !bd_note_row_get_editing (row_waited_for);
}

/* Editing a note from the keyboard: Escape leaves the text as it was,
 * Ctrl+Enter saves (the text view took it for a line break), and the
 * focus is back on the note's Edit button either way. */
static void
test_ui_note_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkTextBuffer *buffer;
  BdNoteRow *row;
  g_autofree char *sql = NULL;
  gint64 id = select_line_with_notes (fixture);

  row_waited_for = row = find_note_row (fixture, "Custmer called about the date");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note_row_part (row, "text_view")));

  gtk_widget_activate_action (GTK_WIDGET (row), "note.edit", NULL);
  bd_test_ui_settle ();
  gtk_text_buffer_set_text (buffer, "Not this", -1);
  press_keys (fixture, "Escape");
  bd_test_ui_wait_for (fixture, row_not_editing, "Escape to end the editing");
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (row))) == note_row_part (row, "edit_button"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (note_row_part (row, "body_label"))), ==,
                   "Custmer called about the date");

  gtk_widget_activate_action (GTK_WIDGET (row), "note.edit", NULL);
  bd_test_ui_settle ();
  gtk_text_buffer_set_text (buffer, "Customer called about the date", -1);
  press_keys (fixture, "ctrl+Return");
  bd_test_ui_wait_for (fixture, row_not_editing, "Ctrl+Enter to save");
  bd_test_ui_wait_for (fixture, writes_done, "the edit");
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (row))) == note_row_part (row, "edit_button"));
  sql = g_strdup_printf ("SELECT count(*) FROM notes WHERE line_id = %" G_GINT64_FORMAT
                         " AND body = 'Customer called about the date'", id);
  g_assert_cmpint (bd_test_count (store, sql), ==, 1);
}

/* The compose dialog open now, or NULL. */
static BdComposeDialog *
find_compose_dialog (void)
{
  return bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG);
}

static gboolean
compose_ready (Fixture *fixture)
{
  BdComposeDialog *dialog = find_compose_dialog ();

  return dialog != NULL && g_strcmp0 (bd_compose_dialog_get_state (dialog), "ready") == 0;
}

static gboolean
compose_done (Fixture *fixture)
{
  BdComposeDialog *dialog = find_compose_dialog ();

  return dialog != NULL && g_strcmp0 (bd_compose_dialog_get_state (dialog), "done") == 0;
}

static gboolean
compose_closed (Fixture *fixture)
{
  return find_compose_dialog () == NULL;
}

/* The team's name, which every default template signs with. */
static void
set_company_name (BdStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_team_settings_set (store, "company_name", "Kestrel Home Goods", NULL, &error));
  g_assert_no_error (error);
}

/* This installation sends through the SMTP server on @port. */
static void
set_mail_server (BdStore *store,
                 guint    port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  g_assert_true (bd_install_settings_set (store, "smtp.host", "127.0.0.1", &error));
  g_assert_true (bd_install_settings_set (store, "smtp.port", port_text, &error));
  g_assert_true (bd_install_settings_set (store, "smtp.security", "none", &error));
  g_assert_true (bd_install_settings_set (store, "smtp.from", "desk@shop.example", &error));
  g_assert_no_error (error);
}

static GtkWidget *
dialog_child (BdComposeDialog *dialog,
              const char      *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), BD_TYPE_COMPOSE_DIALOG, name));
}

/* The row of the dialog's list that shows the message to @ref. */
static BdComposeRow *
find_compose_row (BdComposeDialog *dialog,
                  const char      *ref)
{
  GtkWidget *list = dialog_child (dialog, "list_view");

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = bd_test_ui_find_widget (child, BD_TYPE_COMPOSE_ROW);

      if (row != NULL && gtk_widget_get_child_visible (child) && bd_compose_row_get_item (BD_COMPOSE_ROW (row)) &&
          g_strcmp0 (bd_compose_item_get_ref (bd_compose_row_get_item (BD_COMPOSE_ROW (row))), ref) == 0)
        return BD_COMPOSE_ROW (row);
    }

  return NULL;
}

/* Three lines picked in the queue, Send Messages…: the dialog shows the
 * message each customer gets (to whom, how, subject and text) before
 * anything goes; Send sends them through the installation's mail server,
 * which gets each once; the dialog says each was sent, and the line's
 * history shows the message. */
static void
test_ui_compose_send (Fixture       *fixture,
                      gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkSelectionModel *selection = bd_queue_page_get_selection (fixture->page);
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));
  g_autofree char *out = g_build_filename (fixture->dir, "received.jsonl", NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  BdComposeDialog *dialog;
  GListModel *items;
  const char *refused;
  guint port;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (lines, g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), i));
  /* the server refuses the second customer's address */
  refused = bd_backorder_get_customer_email (g_ptr_array_index (lines, 1));
  g_assert_cmpstr (refused, !=, bd_backorder_get_customer_email (g_ptr_array_index (lines, 0)));
  g_assert_cmpstr (refused, !=, bd_backorder_get_customer_email (g_ptr_array_index (lines, 2)));
  server = bd_test_smtp_server_start (out, (const char *[]) { "--refuse-rcpt", refused, NULL }, &port);
  set_mail_server (store, port);
  set_company_name (store);

  gtk_selection_model_select_range (selection, 0, 3, TRUE);
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (fixture->page), "queue.send-message")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.send-message", NULL));
  bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written");
  dialog = find_compose_dialog ();
  g_assert_cmpstr (bd_compose_dialog_get_kind (dialog), ==, "delay_update");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (dialog_child (dialog, "server_revealer"))));

  /* the preview: one message a line, to its customer, by email, written
   * from the template; nothing sent yet */
  items = bd_compose_dialog_get_items (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 3);
  g_assert_cmpuint (bd_compose_dialog_get_n_sendable (dialog), ==, 3);
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-preview.png");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);
      BdBackorder *line = g_ptr_array_index (lines, i);
      BdOutgoing *outgoing = bd_compose_item_get_outgoing (item);
      g_autofree char *subject = g_strdup_printf ("Your order %s: a new date for %s",
                                                  bd_backorder_get_order_ref (line),
                                                  bd_backorder_get_product_name (line));
      g_autofree char *greeting = g_strdup_printf ("Dear %s,", bd_backorder_get_customer_name (line));
      BdComposeRow *row = find_compose_row (dialog, bd_backorder_get_ref (line));

      g_assert_cmpint (bd_compose_item_get_line_id (item), ==, bd_backorder_get_id (line));
      g_assert_null (bd_compose_item_get_problem (item));
      g_assert_cmpint (outgoing->channel, ==, BD_CHANNEL_EMAIL);
      g_assert_cmpstr (outgoing->recipient, ==, bd_backorder_get_customer_email (line));
      g_assert_cmpstr (outgoing->subject, ==, subject);
      g_assert_true (g_str_has_prefix (outgoing->body, greeting));
      g_assert_nonnull (strstr (outgoing->body, "Kestrel Home Goods"));

      /* and its row shows it (the first rows: the list makes rows for
       * what is in sight) */
      g_assert_true (row != NULL || i > 0);
      if (row == NULL)
        continue;
      g_assert_cmpuint (count_labels (GTK_WIDGET (row), subject), ==, 1);
      g_assert_cmpuint (count_labels (GTK_WIDGET (row), outgoing->body), ==, 1);
      g_assert_cmpuint (count_labels (GTK_WIDGET (row), "Email"), ==, 1);
    }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dialog_child (dialog, "send_button"))), ==,
                   "_Send 3 Messages");
  received = bd_test_smtp_received (out);
  g_assert_cmpuint (received->len, ==, 0);
  g_clear_pointer (&received, g_ptr_array_unref);

  /* Send: each goes once, and the dialog says what came of it; the
   * refused one failed with the server's reason */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "compose.send", NULL));
  bd_test_ui_wait_for (fixture, compose_done, "the messages to be sent");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);
      BdComposeRow *row = find_compose_row (dialog, bd_compose_item_get_ref (item));

      g_assert_nonnull (bd_compose_item_get_message_uuid (item));
      g_assert_true (row != NULL || i > 0);
      if (i == 1)
        {
          g_autofree char *shown = NULL;

          g_assert_cmpint (bd_compose_item_get_state (item), ==, BD_COMPOSE_STATE_FAILED);
          g_assert_nonnull (strstr (bd_compose_item_get_error (item), "550"));
          shown = g_strdup_printf ("Not sent: %s", bd_compose_item_get_error (item));
          if (row != NULL)
            g_assert_cmpstr (bd_compose_row_get_result_text (row), ==, shown);
          continue;
        }
      g_assert_cmpint (bd_compose_item_get_state (item), ==, BD_COMPOSE_STATE_SENT);
      if (row != NULL)
        g_assert_cmpstr (bd_compose_row_get_result_text (row), ==, "Sent");
    }
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==,
                   "2 sent · 1 failed");
  received = bd_test_smtp_received (out);
  g_assert_cmpuint (received->len, ==, 2);
  for (guint i = 0; i < 3; i += 2)
    {
      BdBackorder *line = g_ptr_array_index (lines, i);
      guint found = 0;

      for (guint j = 0; j < received->len; j++)
        {
          JsonObject *message = json_node_get_object (g_ptr_array_index (received, j));
          JsonArray *to = json_object_get_array_member (message, "to");

          if (g_strcmp0 (json_array_get_string_element (to, 0), bd_backorder_get_customer_email (line)) == 0)
            found++;
        }
      g_assert_cmpuint (found, >=, 1);
    }
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages WHERE status = 'sent'"), ==, 2);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages WHERE status = 'failed'"), ==, 1);
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-sent.png");

  /* the one that failed is in sight */
  {
    g_autoptr(BdComposeItem) failed = g_list_model_get_item (items, 1);

    for (guint i = 0; i < 20; i++)
      bd_test_ui_drain ();
    g_assert_nonnull (find_compose_row (dialog, bd_compose_item_get_ref (failed)));
  }

  /* at a phone's width, dark */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-sent-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "compose.close", NULL));
  bd_test_ui_wait_for (fixture, compose_closed, "the dialog to close");

  /* the line's history tells of the message */
  gtk_selection_model_select_item (selection, 0, TRUE);
  bd_test_ui_drain ();
  {
    BdBackorder *line = g_ptr_array_index (lines, 0);
    g_autofree char *told = g_strdup_printf ("Message sent: Your order %s: a new date for %s",
                                             bd_backorder_get_order_ref (line),
                                             bd_backorder_get_product_name (line));

    g_assert_cmpint (bd_backorder_get_id (bd_line_detail_get_line (detail)), ==, bd_backorder_get_id (line));
    g_assert_cmpuint (count_labels (GTK_WIDGET (detail), told), ==, 1);
  }

  bd_test_smtp_server_stop (&server);
}

/* No mail server: the dialog says so and sends nothing by email; saved as
 * .eml files into a folder instead (with a sender address, which this
 * computer does not have either), each message is a file there. */
static void
test_ui_compose_eml (Fixture       *fixture,
                     gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autofree char *folder = g_build_filename (fixture->dir, "outbox", NULL);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  BdComposeDialog *dialog;
  GListModel *items;
  GtkWidget *sender;
  guint n, n_files = 0;

  set_company_name (store);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  overdue = bd_compose_targets (store, BD_COMPOSE_TARGET_OVERDUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, >, 0);

  /* from the main menu: every overdue line */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.message-overdue", NULL));
  bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written");
  dialog = find_compose_dialog ();
  items = bd_compose_dialog_get_items (dialog);
  n = g_list_model_get_n_items (items);
  g_assert_cmpuint (n, ==, overdue->len);

  /* no mail server: said, and nothing can be sent by email */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (dialog_child (dialog, "server_revealer"))));
  g_assert_cmpuint (bd_compose_dialog_get_n_sendable (dialog), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "send_button")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==,
                   "No message can go: see why below.");
  {
    g_autoptr(BdComposeItem) item = g_list_model_get_item (items, 0);

    g_assert_cmpstr (bd_compose_item_get_problem (item), ==, "No mail server is set up on this computer");
  }
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-no-server.png");

  /* Save as .eml Files… (what the folder chooser hands over) */
  bd_compose_dialog_set_eml_folder (dialog, folder_file);
  bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written as files");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (dialog_child (dialog, "server_revealer"))));
  g_assert_cmpuint (bd_compose_dialog_get_n_sendable (dialog), ==, n);
  {
    g_autoptr(BdComposeItem) item = g_list_model_get_item (items, 0);

    g_assert_cmpint (bd_compose_item_get_outgoing (item)->channel, ==, BD_CHANNEL_EML);
  }

  /* a sender address first */
  sender = dialog_child (dialog, "sender_row");
  g_assert_true (gtk_widget_get_visible (sender));
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "send_button")));
  gtk_editable_set_text (GTK_EDITABLE (sender), "not an address");
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "send_button")));
  gtk_editable_set_text (GTK_EDITABLE (sender), "desk@shop.example");
  g_assert_true (gtk_widget_is_sensitive (dialog_child (dialog, "send_button")));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-eml.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "compose.send", NULL));
  bd_test_ui_wait_for (fixture, compose_done, "the messages to be saved");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (bd_compose_item_get_state (item), ==, BD_COMPOSE_STATE_SAVED);
    }

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, n);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages WHERE status = 'saved'"), ==, n);
  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, compose_closed, "the dialog to close");
}

/* Cancel while messages go stops after the one on its way: it is saved,
 * the others are not, and the dialog says which. (The test holds the
 * store's write lock, so that the first message waits for it until
 * Cancel was pressed.) */
static void
test_ui_compose_cancel (Fixture       *fixture,
                        gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autofree char *folder = g_build_filename (fixture->dir, "outbox", NULL);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(BdStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(BdComposeItem) first = NULL;
  BdComposeDialog *dialog;
  GListModel *items;
  guint n, n_files = 0;

  set_company_name (store);
  g_assert_true (bd_install_settings_set (store, "smtp.from", "desk@shop.example", &error));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.message-overdue", NULL));
  bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written");
  dialog = find_compose_dialog ();
  bd_compose_dialog_set_eml_folder (dialog, folder_file);
  bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written as files");
  items = bd_compose_dialog_get_items (dialog);
  n = g_list_model_get_n_items (items);
  g_assert_cmpuint (n, >, 2);
  /* this computer has a sender address: nothing to ask */
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "sender_row")));

  other = bd_store_open (bd_store_get_path (store), &error);
  g_assert_no_error (error);
  g_assert_true (bd_store_begin (other, &error));

  first = g_list_model_get_item (items, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "compose.send", NULL));
  while (bd_compose_item_get_state (first) != BD_COMPOSE_STATE_SENDING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (bd_compose_dialog_get_state (dialog), ==, "sending");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (dialog_child (dialog, "progress_revealer"))));
  {
    g_autofree char *progress = g_strdup_printf ("Saving 1 of %u…", n);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "progress_label"))), ==, progress);
  }

  /* Escape is Cancel; closing the window would be too: it stays open */
  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_drain ();
  g_assert_true (find_compose_dialog () == dialog);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "progress_label"))), ==,
                   "Stopping after this message…");
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-stopping.png");
  g_assert_true (bd_store_commit (other, &error));

  bd_test_ui_wait_for (fixture, compose_done, "the sending to stop");
  g_assert_cmpint (bd_compose_item_get_state (first), ==, BD_COMPOSE_STATE_SAVED);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (bd_compose_item_get_state (item), ==, BD_COMPOSE_STATE_NOT_SENT);
    }
  {
    g_autofree char *summary = g_strdup_printf ("1 saved · %u not sent", n - 1);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==, summary);
  }
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM messages"), ==, 1);
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-compose-stopped.png");
  gtk_window_close (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, compose_closed, "the dialog to close");
}

/* The main menu's lists: the lines that need a delay notice get the
 * delay-notice template, the customers due a follow-up a delay update
 * about their oldest line; each the lines the core lists. */
static void
test_ui_compose_targets (Fixture       *fixture,
                         gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  struct { const char *action; BdComposeTarget target; const char *kind; } cases[] = {
    { "win.message-delay-notices", BD_COMPOSE_TARGET_DELAY_NOTICES, "delay_notice" },
    { "win.message-followups", BD_COMPOSE_TARGET_FOLLOWUPS, "delay_update" },
  };

  set_company_name (store);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = bd_compose_targets (store, cases[c].target, NULL, &error);
      BdComposeDialog *dialog;
      GListModel *items;

      g_assert_no_error (error);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), cases[c].action, NULL));
      bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written");
      dialog = find_compose_dialog ();
      items = bd_compose_dialog_get_items (dialog);
      g_assert_cmpstr (bd_compose_dialog_get_kind (dialog), ==, cases[c].kind);
      g_assert_cmpuint (g_list_model_get_n_items (items), ==, ids->len);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dialog_child (dialog, "stack"))), ==,
                       ids->len > 0 ? "list" : "empty");
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);
          gboolean listed = FALSE;

          for (guint j = 0; j < ids->len; j++)
            listed |= g_array_index (ids, gint64, j) == bd_compose_item_get_line_id (item);
          g_assert_true (listed);
        }

      /* another kind is written again */
      bd_compose_dialog_set_kind (dialog, "shipped");
      bd_test_ui_wait_for (fixture, compose_ready, "the messages to be written again");
      if (ids->len > 0)
        {
          g_autoptr(BdComposeItem) item = g_list_model_get_item (items, 0);
          BdOutgoing *outgoing = bd_compose_item_get_outgoing (item);

          g_assert_nonnull (outgoing);
          g_assert_nonnull (strstr (outgoing->subject, "has shipped"));
        }
      gtk_widget_activate_action (GTK_WIDGET (dialog), "compose.cancel", NULL);
      bd_test_ui_wait_for (fixture, compose_closed, "the dialog to close");
    }
}

static GtkWidget *
editor_child (BdTemplateEditor *editor,
              const char       *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), BD_TYPE_TEMPLATE_EDITOR, name));
}

static const char *
editor_label (BdTemplateEditor *editor,
              const char       *name)
{
  return gtk_label_get_label (GTK_LABEL (editor_child (editor, name)));
}

static void
set_body (BdTemplateEditor *editor,
          const char       *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor_child (editor, "body_view"))), text, -1);
}

static gboolean
editor_idle (Fixture *fixture)
{
  BdCommunicationPage *page = BD_COMMUNICATION_PAGE (bd_window_get_communication_page (fixture->window));

  return !bd_template_editor_get_busy (bd_communication_page_get_editor (page));
}

/* The sidebar row's line under a kind: "Edited: en", "Changed, not saved". */
static const char *
kind_state (BdCommunicationPage *page,
            const char          *kind)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (page), BD_TYPE_COMMUNICATION_PAGE,
                                                                  "kind_list"));
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "bd-kind"), kind) == 0)
      {
        GtkWidget *state = g_object_get_data (G_OBJECT (row), "bd-state");

        return gtk_widget_get_visible (state) ? gtk_label_get_label (GTK_LABEL (state)) : "";
      }

  g_assert_not_reached ();
}

static void
show_communication_page (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), BD_TYPE_WINDOW,
                                                                       "view_stack"));

  adw_view_stack_set_visible_child_name (stack, "communication");
  bd_test_ui_drain ();
}

/* The Communication page: a template's text is checked as it is typed
 * (an unknown placeholder and a brace left open are underlined, named by
 * line and column, and keep Save off), the preview renders it for the
 * queue's line as it is typed, and Save stores it: the next message of
 * that kind says the new text. */
static void
test_ui_templates_edit (Fixture       *fixture,
                        gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  BdCommunicationPage *page = BD_COMMUNICATION_PAGE (bd_window_get_communication_page (fixture->window));
  BdTemplateEditor *editor = bd_communication_page_get_editor (page);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor_child (editor, "body_view")));
  GtkWidget *subject = editor_child (editor, "subject_entry");
  GtkWidget *save = editor_child (editor, "save_button");
  g_autoptr(BdBackorder) line = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter iter;

  set_company_name (store);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 1, TRUE);
  line = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 1);
  show_communication_page (fixture);
  bd_communication_page_select (page, "delay_update", "en");

  /* the preview is for the queue's line, from the stored text */
  g_assert_cmpint (bd_template_editor_get_line (editor), ==, bd_backorder_get_id (line));
  expected = g_strdup_printf ("Your order %s: a new date for %s", bd_backorder_get_order_ref (line),
                              bd_backorder_get_product_name (line));
  g_assert_cmpstr (editor_label (editor, "preview_subject_label"), ==, expected);
  g_assert_false (gtk_widget_is_sensitive (save));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-templates.png");

  /* an unknown placeholder: underlined, named by line and column, no Save */
  set_body (editor, "Dear {{customer.name}},\nnews of {{customer.nam}} soon.");
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "error_box")));
  g_assert_cmpstr (editor_label (editor, "error_label"), ==,
                   "Text, line 2, column 9: there is no placeholder “{{customer.nam}}”; did you mean “{{customer.name}}”?");
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 1, 8);
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                                          "template-error")));
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 1, 7);
  g_assert_false (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                                           "template-error")));
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_cmpstr (editor_label (editor, "preview_problem_label"), ==,
                   "The preview shows once the template has no errors.");
  g_assert_cmpstr (kind_state (page, "delay_update"), ==, "Changed, not saved");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-templates-error.png");

  /* a brace left open in the subject: the subject says so */
  set_body (editor, "Hello {{customer.name}}, news about {{product.name}}.");
  gtk_editable_set_text (GTK_EDITABLE (subject), "Your order {{order.ref");
  g_assert_cmpstr (editor_label (editor, "error_label"), ==,
                   "Subject, line 1, column 12: “{{” is not closed by “}}” on its line");
  g_assert_true (gtk_widget_has_css_class (subject, "error"));
  g_assert_nonnull (gtk_entry_get_attributes (GTK_ENTRY (subject)));
  g_assert_false (gtk_widget_is_sensitive (save));

  /* fixed: the preview follows as it is typed, and Save is on */
  gtk_editable_set_text (GTK_EDITABLE (subject), "Update on {{order.ref}}");
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "error_box")));
  g_assert_false (gtk_widget_has_css_class (subject, "error"));
  g_assert_true (gtk_widget_is_sensitive (save));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Hello %s, news about %s.", bd_backorder_get_customer_name (line),
                              bd_backorder_get_product_name (line));
  g_assert_cmpstr (editor_label (editor, "preview_body_label"), ==, expected);

  /* a placeholder from the list goes where the cursor is */
  {
    GtkListBox *placeholders = GTK_LIST_BOX (editor_child (editor, "placeholder_list"));
    GtkListBoxRow *row;
    GtkTextIter end;

    gtk_widget_grab_focus (editor_child (editor, "body_view"));
    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_place_cursor (buffer, &end);
    gtk_text_buffer_insert_at_cursor (buffer, " Expected: ", -1);
    for (guint i = 0; (row = gtk_list_box_get_row_at_index (placeholders, i)) != NULL; i++)
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "bd-placeholder"), "eta") == 0)
        g_signal_emit_by_name (placeholders, "row-activated", row);
  }
  {
    g_autofree char *body = NULL;
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (body, ==, "Hello {{customer.name}}, news about {{product.name}}. Expected: {{eta}}");
  }

  /* Save: stored, edited, and what the next message says */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "template.save", NULL));
  bd_test_ui_wait_for (fixture, editor_idle, "the template to be saved");
  bd_test_ui_drain ();
  g_assert_cmpint (bd_test_count (store, "SELECT edited FROM templates WHERE kind = 'delay_update'"
                                         " AND language = 'en'"), ==, 1);
  {
    g_autofree char *body = bd_test_text (store, "SELECT body FROM templates WHERE kind = 'delay_update'"
                                                 " AND language = 'en'");
    g_autoptr(BdComposer) composer = bd_composer_new (store, &error);
    g_autoptr(BdOutgoing) message = NULL;
    g_autofree char *subject_wanted = g_strdup_printf ("Update on %s", bd_backorder_get_order_ref (line));

    g_assert_cmpstr (body, ==, "Hello {{customer.name}}, news about {{product.name}}. Expected: {{eta}}");
    message = bd_composer_for_line (composer, "delay_update", bd_backorder_get_id (line), NULL, "en", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (message->subject, ==, subject_wanted);
    g_assert_true (g_str_has_prefix (message->body, "Hello "));
    g_assert_cmpstr (editor_label (editor, "preview_subject_label"), ==, subject_wanted);
  }
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "unsaved_label")));
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "edited_label")));
  g_assert_cmpstr (kind_state (page, "delay_update"), ==, "Edited: en");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-templates-saved.png");

  /* Restore Default Text…, once asked: the app's text again */
  g_assert_true (gtk_widget_is_sensitive (editor_child (editor, "restore_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "template.restore", NULL));
  bd_test_ui_wait_for (fixture, dialog_shown, "the question before restoring");
  adw_message_dialog_response (find_dialog (), "restore");
  gtk_window_close (GTK_WINDOW (find_dialog ()));
  bd_test_ui_wait_for (fixture, editor_idle, "the default text to be restored");
  bd_test_ui_drain ();
  g_assert_cmpint (bd_test_count (store, "SELECT edited FROM templates WHERE kind = 'delay_update'"
                                         " AND language = 'en'"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (subject)), ==,
                   "Your order {{order.ref}}: a new date for {{product.name}}");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Your order %s: a new date for %s", bd_backorder_get_order_ref (line),
                              bd_backorder_get_product_name (line));
  g_assert_cmpstr (editor_label (editor, "preview_subject_label"), ==, expected);
  g_assert_cmpstr (kind_state (page, "delay_update"), ==, "");
  g_assert_false (gtk_widget_is_sensitive (editor_child (editor, "restore_button")));

  /* another language, its own text; a line typed by hand */
  bd_communication_page_select (page, "delay_update", "de");
  g_assert_true (g_str_has_prefix (editor_label (editor, "preview_body_label"), "Guten Tag "));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "line_entry")), "SO-0/NOPE");
  g_signal_emit_by_name (editor_child (editor, "line_entry"), "activate");
  g_assert_true (gtk_widget_has_css_class (editor_child (editor, "line_entry"), "error"));
  g_assert_true (g_str_has_prefix (editor_label (editor, "preview_problem_label"), "There is no"));
  g_assert_nonnull (strstr (editor_label (editor, "preview_problem_label"), "SO-0/NOPE"));

  /* narrow and dark: the editor over the list (folding without animations
   * makes GTK 4.8 warn: see test_ui_narrow()) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (page), BD_TYPE_COMMUNICATION_PAGE, "kind_list"),
                         "row-activated",
                         gtk_list_box_get_selected_row (GTK_LIST_BOX (gtk_widget_get_template_child (
                           GTK_WIDGET (page), BD_TYPE_COMMUNICATION_PAGE, "kind_list"))));
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-templates-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* No lines at all: the preview says why it shows nothing. */
static void
test_ui_templates_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  BdCommunicationPage *page = BD_COMMUNICATION_PAGE (bd_window_get_communication_page (fixture->window));
  BdTemplateEditor *editor = bd_communication_page_get_editor (page);

  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "empty");
  bd_communication_page_offer_line (page, 0);
  bd_communication_page_select (page, "delay_notice", "en");
  g_assert_cmpstr (editor_label (editor, "preview_problem_label"), ==,
                   "No backorder lines yet: once orders are imported, the preview shows the message for one of them.");
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "preview_body_label")));
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, "subject_entry"))),
                                   "Your order {{order.ref}} is delayed"));
}

static gboolean
retry_done (Fixture *fixture)
{
  return !bd_queue_page_get_retrying (fixture->page);
}

/* The pane's row of message @uuid, or NULL. */
static GtkWidget *
find_message_row (Fixture    *fixture,
                  const char *uuid)
{
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (bd_queue_page_get_detail (fixture->page),
                                                               BD_TYPE_LINE_DETAIL, "messages_list"));

  return find_named (list, uuid);
}

/* Scrolls the pane to its messages, for a person to see them. */
static void
show_pane_messages (Fixture *fixture)
{
  GtkWidget *detail = bd_queue_page_get_detail (fixture->page);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL,
                                                                                    "scroller"));
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (detail, BD_TYPE_LINE_DETAIL, "messages_list"));
  graphene_rect_t bounds;

  for (guint i = 0; i < 10; i++)
    bd_test_ui_drain ();
  g_assert_true (gtk_widget_compute_bounds (list, gtk_scrolled_window_get_child (scroller), &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), bounds.origin.y - 60);
  for (guint i = 0; i < 10; i++)
    bd_test_ui_drain ();
}

static char *
message_status (BdStore    *store,
                const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM messages WHERE uuid = '%s'", uuid);

  return bd_test_text (store, sql);
}

/* Writes a delay update for @line_id and sends it through the mail server
 * set up: as the compose dialog does, without it. */
static char *
send_delay_update (BdStore *store,
                   gint64   line_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdComposer) composer = bd_composer_new (store, &error);
  g_autoptr(BdOutgoing) outgoing = NULL;
  g_autoptr(BdTransport) transport = NULL;
  char *uuid = NULL;

  g_assert_no_error (error);
  outgoing = bd_composer_for_line (composer, "delay_update", line_id, NULL, NULL, &error);
  g_assert_no_error (error);
  transport = bd_transport_new_from_settings (store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bd_messages_send (store, transport, outgoing, &uuid, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (uuid);
  return uuid;
}

/* The pane lists the line's messages with what came of each; one that
 * failed has Retry, which sends it (once); one that may have gone out
 * asks first, and Cancel sends nothing. */
static void
test_ui_messages_retry (Fixture       *fixture,
                        gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  BdLineDetail *detail = BD_LINE_DETAIL (bd_queue_page_get_detail (fixture->page));
  g_autoptr(BdBackorder) line = g_list_model_get_item (G_LIST_MODEL (bd_queue_page_get_model (fixture->page)), 0);
  const char *email = bd_backorder_get_customer_email (line);
  g_autofree char *out = g_build_filename (fixture->dir, "received.jsonl", NULL);
  g_autofree char *refused_uuid = NULL;
  g_autofree char *unknown_uuid = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *retry;
  guint port;

  set_company_name (store);
  gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), 0, TRUE);
  bd_test_ui_drain ();
  g_assert_cmpuint (count_labels (GTK_WIDGET (detail), "No messages yet"), ==, 1);

  /* refused by the server: failed, with its reason, and Retry */
  server = bd_test_smtp_server_start (out, (const char *[]) { "--refuse-rcpt", email, NULL }, &port);
  set_mail_server (store, port);
  refused_uuid = send_delay_update (store, bd_backorder_get_id (line));
  bd_test_smtp_server_stop (&server);
  bd_test_ui_drain ();
  row = find_message_row (fixture, refused_uuid);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Not sent by email · "));
  {
    g_autofree char *reason = NULL;
    g_autoptr(BdMessage) message = bd_messages_get (store, refused_uuid, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (message->error, "550"));
    reason = g_strdup_printf ("To %s\n%s", email, message->error);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    bd_test_ui_drain ();
    g_assert_cmpuint (count_labels (row, reason), ==, 1);
  }
  retry = find_action_button (row, "queue.retry-message");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_is_sensitive (retry));
  show_pane_messages (fixture);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-messages-failed.png");

  /* the server takes it now: Retry sends it, once */
  server = bd_test_smtp_server_start (out, NULL, &port);
  set_mail_server (store, port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.retry-message", "s", refused_uuid));
  bd_test_ui_wait_for (fixture, retry_done, "the message to be sent again");
  bd_test_ui_drain ();
  status = message_status (store, refused_uuid);
  g_assert_cmpstr (status, ==, "sent");
  received = bd_test_smtp_received (out);
  g_assert_cmpuint (received->len, ==, 1);
  row = find_message_row (fixture, refused_uuid);
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Sent by email · "));
  g_assert_null (find_action_button (row, "queue.retry-message"));
  bd_test_smtp_server_stop (&server);

  /* the connection broke after the whole message: it may have gone out */
  server = bd_test_smtp_server_start (out, (const char *[]) { "--drop-after-data", "1", NULL }, &port);
  set_mail_server (store, port);
  unknown_uuid = send_delay_update (store, bd_backorder_get_id (line));
  g_clear_pointer (&status, g_free);
  status = message_status (store, unknown_uuid);
  g_assert_cmpstr (status, ==, "unknown");
  bd_test_ui_drain ();
  row = find_message_row (fixture, unknown_uuid);
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "May have gone out"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  show_pane_messages (fixture);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-messages-unknown.png");

  /* Send Again… asks; Cancel sends nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.retry-message", "s", unknown_uuid));
  bd_test_ui_wait_for (fixture, dialog_shown, "the question before sending again");
  g_assert_cmpstr (adw_message_dialog_get_heading (find_dialog ()), ==, "Send the Message Again?");
  bd_test_ui_save_png (GTK_WIDGET (find_dialog ()), "ui-messages-send-again.png");
  adw_message_dialog_response (find_dialog (), "cancel");
  gtk_window_close (GTK_WINDOW (find_dialog ()));
  bd_test_ui_drain ();
  g_assert_false (bd_queue_page_get_retrying (fixture->page));
  g_clear_pointer (&status, g_free);
  status = message_status (store, unknown_uuid);
  g_assert_cmpstr (status, ==, "unknown");

  /* … and Send Again sends it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.retry-message", "s", unknown_uuid));
  bd_test_ui_wait_for (fixture, dialog_shown, "the question before sending again");
  adw_message_dialog_response (find_dialog (), "send");
  gtk_window_close (GTK_WINDOW (find_dialog ()));
  bd_test_ui_wait_for (fixture, retry_done, "the message to be sent again");
  g_clear_pointer (&status, g_free);
  status = message_status (store, unknown_uuid);
  g_assert_cmpstr (status, ==, "sent");
  g_clear_pointer (&received, g_ptr_array_unref);
  received = bd_test_smtp_received (out);
  g_assert_cmpuint (received->len, ==, 2);
  bd_test_smtp_server_stop (&server);

  /* narrow and dark, the pane over the list (folding without animations
   * makes GTK 4.8 warn: see test_ui_narrow()) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", 0);
  for (guint i = 0; i < 40; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  show_pane_messages (fixture);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-messages-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  /* before any thread: a mount namespace is per process */
  if (unshare (CLONE_NEWNS) == 0 && mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
    mount_namespace_errno = 0;
  else
    mount_namespace_errno = errno;

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.Test");

#define ADD(path, func, demo) \
  g_test_add (path, Fixture, GINT_TO_POINTER (demo), fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/empty", test_ui_empty, FALSE);
  ADD ("/ui/idle/empty", test_ui_idle, FALSE);
  ADD ("/ui/idle/queue", test_ui_idle, TRUE);
  ADD ("/ui/cancel-line", test_ui_cancel_line, TRUE);
  ADD ("/ui/rows-read-apart", test_ui_rows_read_apart, FALSE);
  ADD ("/ui/priority-and-note", test_ui_priority_and_note, TRUE);
  ADD ("/ui/bulk-ship", test_ui_bulk_ship, TRUE);
  ADD ("/ui/ctrl-click", test_ui_ctrl_click, TRUE);
  ADD ("/ui/bulk-lists-lines", test_ui_bulk_lists_lines, TRUE);
  ADD ("/ui/cancel-dialog-narrow", test_ui_cancel_dialog_narrow, TRUE);
  ADD ("/ui/bulk-toast-above-bar", test_ui_bulk_toast_above_bar, TRUE);
  ADD ("/ui/pane-top-and-title", test_ui_pane_top_and_title, TRUE);
  ADD ("/ui/pane-shipped-buttons", test_ui_pane_shipped_buttons, TRUE);
  ADD ("/ui/complaint-looks", test_ui_complaint_looks, TRUE);
  ADD ("/ui/note-edit-delete", test_ui_note_edit_delete, TRUE);
  ADD ("/ui/note-keys", test_ui_note_keys, TRUE);
  ADD ("/ui/busy-store", test_ui_busy_store, TRUE);
  ADD ("/ui/other-process", test_ui_other_process, TRUE);
  ADD ("/ui/history-per-action", test_ui_history_per_action, TRUE);
  ADD ("/ui/pane-outside-list", test_ui_pane_outside_list, TRUE);
  ADD ("/ui/new-query-at-top", test_ui_new_query_at_top, TRUE);
  ADD ("/ui/search-other-statuses", test_ui_search_other_statuses, TRUE);
  ADD ("/ui/toasts", test_ui_toasts, TRUE);
  ADD ("/ui/database-name", test_ui_database_name, TRUE);
  ADD ("/ui/short-search", test_ui_short_search, TRUE);
  ADD ("/ui/sort-and-search", test_ui_sort_and_search, TRUE);
  ADD ("/ui/narrow-dark", test_ui_narrow, TRUE);
  ADD ("/ui/import", test_ui_import, FALSE);
  ADD ("/ui/export", test_ui_export, TRUE);
  ADD ("/ui/backup", test_ui_backup, TRUE);
  ADD ("/ui/columns/priority-in-sight", test_ui_columns_priority_in_sight, TRUE);
  ADD ("/ui/columns/menu-and-settings", test_ui_columns_menu_and_settings, TRUE);
  ADD ("/ui/columns/cells", test_ui_columns_cells, TRUE);
  ADD ("/ui/columns/complaint-marker", test_ui_columns_complaint_marker, TRUE);
  ADD ("/ui/columns/third-click", test_ui_columns_third_click, TRUE);
  ADD ("/ui/columns/narrow-dark", test_ui_columns_narrow, TRUE);
  ADD ("/ui/export-open", test_ui_export_open, TRUE);
  ADD ("/ui/import-summary/warnings", test_ui_import_summary_warnings, FALSE);
  ADD ("/ui/import-summary/toast", test_ui_import_summary_toast, FALSE);
  ADD ("/ui/import-summary/failure", test_ui_import_summary_failure, FALSE);
  ADD ("/ui/sample-toast-after-load", test_ui_sample_toast_after_load, FALSE);
  ADD ("/ui/filter/sku", test_ui_filter_sku, TRUE);
  ADD ("/ui/filter/supplier", test_ui_filter_supplier, TRUE);
  ADD ("/ui/narrow-360", test_ui_narrow_360, TRUE);
  ADD ("/ui/compose/send", test_ui_compose_send, TRUE);
  ADD ("/ui/compose/eml", test_ui_compose_eml, TRUE);
  ADD ("/ui/compose/cancel", test_ui_compose_cancel, TRUE);
  ADD ("/ui/compose/targets", test_ui_compose_targets, TRUE);
  ADD ("/ui/templates/edit", test_ui_templates_edit, TRUE);
  ADD ("/ui/templates/empty", test_ui_templates_empty, FALSE);
  ADD ("/ui/messages/retry", test_ui_messages_retry, TRUE);
  g_test_add_func ("/ui/too-new", test_ui_too_new);
  g_test_add_func ("/ui/missing-database", test_ui_missing_database);
  g_test_add_func ("/ui/read-only", test_ui_read_only);

  return g_test_run ();
}
