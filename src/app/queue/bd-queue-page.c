/* bd-queue-page.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-backorder.h"
#include "bd-queue-page-private.h"
#include "bd-widget-util.h"

/* The queue: the backorder lines and the selected line's detail, side by
 * side in a leaflet, one over the other when narrow. This file holds the
 * page's state and how its parts follow the model; the parts are
 * bd-queue-filter-bar.c (what to show), bd-queue-page-columns.c (the
 * cells and the sort), bd-queue-page-actions.c (what a person can do,
 * written through a BdWriter), bd-line-detail.c and the dialogs. */

G_DEFINE_FINAL_TYPE (BdQueuePage, bd_queue_page, GTK_TYPE_WIDGET)

/* How long a frame waits for rows read on a thread (once the disk was
 * slow) before they show empty: bd_sql_list_model_set_row_wait(). */
#define QUEUE_ROW_WAIT_MS 10

static void
ensure_visible (BdQueuePage *self,
                guint        position)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  double upper, page, row, top;

  if (adjustment == NULL || n == 0)
    return;

  /* GTK 4.8 has no scroll_to: rows are of one height, so the adjustment's
   * range divided by the rows tells where a row is (DESIGN.md). */
  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  row = upper / n;
  top = row * position;

  if (top < gtk_adjustment_get_value (adjustment) ||
      top + row > gtk_adjustment_get_value (adjustment) + page)
    gtk_adjustment_set_value (adjustment, top - (page - row) / 2);
}

/* The references of the first @max lines the actions work on: the
 * selection, or the line the pane shows when the list has left it out. */
GStrv
bd_queue_page_dup_selected_refs (BdQueuePage *self,
                                 guint        max)
{
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;
  guint n = 0;

  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);

  if (self->selection != NULL)
    selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (selected != NULL && !gtk_bitset_is_empty (selected))
    {
      for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
           ok && n < max;
           ok = gtk_bitset_iter_next (&iter, &position), n++)
        {
          /* a row still empty on screen is read now: the actions need it */
          g_autoptr(BdBackorder) line = bd_sql_list_model_dup_read_item (BD_SQL_LIST_MODEL (self->model),
                                                                         position);

          /* (a row whose read failed stays empty) */
          if (line != NULL && bd_backorder_is_read (line))
            g_strv_builder_add (refs, bd_backorder_get_ref (line));
        }
    }
  else if (bd_line_detail_get_outside_list (self->detail) && max > 0)
    g_strv_builder_add (refs, bd_backorder_get_ref (bd_line_detail_get_line (self->detail)));

  return g_strv_builder_end (refs);
}

/* The window's toasts come up from its bottom edge, where the bar of bulk
 * actions is: "5 lines marked shipped" covered the buttons of the next
 * bulk action. While the bar shows, they rise above it, by as much as
 * lies between the bar's top and the bottom of the window's toast overlay
 * (the page switcher, too, when the window is narrow): after the layout,
 * which the bar's reveal or a fold changes. */
static gboolean
lift_toasts_cb (gpointer data)
{
  BdQueuePage *self = data;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  graphene_rect_t pane;
  int bar_height = 0;

  self->lift_toasts_source = 0;
  if (overlay == NULL)
    return G_SOURCE_REMOVE;

  if (gtk_action_bar_get_revealed (self->bulk_bar) && gtk_widget_get_mapped (self->list_pane) &&
      gtk_widget_compute_bounds (self->list_pane, overlay, &pane))
    {
      g_autofree char *css = NULL;
      int lift;

      /* the bar is at the bottom of the list's pane */
      gtk_widget_measure (GTK_WIDGET (self->bulk_bar), GTK_ORIENTATION_VERTICAL, -1,
                          NULL, &bar_height, NULL, NULL);
      lift = gtk_widget_get_height (overlay) - (int)(pane.origin.y + pane.size.height) + bar_height;
      css = g_strdup_printf ("toastoverlay.%s > toast { margin-bottom: %dpx; }",
                             self->toast_css_class, lift + 12);
      gtk_css_provider_load_from_data (self->toast_css, css, -1);
      gtk_widget_add_css_class (overlay, self->toast_css_class);
    }
  else
    gtk_widget_remove_css_class (overlay, self->toast_css_class);

  return G_SOURCE_REMOVE;
}

static void
lift_toasts (BdQueuePage *self)
{
  if (self->lift_toasts_source == 0)
    self->lift_toasts_source = g_idle_add (lift_toasts_cb, self);
}

static void
update_detail (BdQueuePage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint n = 0;

  if (self->selection != NULL)
    {
      selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      n = (guint)gtk_bitset_get_size (selected);
    }

  if (n == 1)
    {
      bd_line_detail_show_line (self->detail, self->store,
                                bd_queue_model_get_id (self->model, gtk_bitset_get_minimum (selected)));
      bd_line_detail_set_outside_list (self->detail, FALSE);
    }
  else if (n > 1)
    {
      g_auto(GStrv) refs = bd_queue_page_dup_selected_refs (self, BD_LINES_NAMED);

      bd_line_detail_show_many (self->detail, n, (const char * const *)refs);
    }
  else if (bd_line_detail_get_line (self->detail) != NULL && self->model != NULL &&
           !bd_queue_model_get_loading (self->model))
    {
      /* The list no longer holds the line the pane shows (a search, a
       * filter, a change that moved it out): keep it, say so, and let the
       * actions work on it; a button that does nothing was the other way. */
      bd_line_detail_refresh (self->detail);
      bd_line_detail_set_outside_list (self->detail, bd_line_detail_get_line (self->detail) != NULL);
    }
  else if (bd_line_detail_get_line (self->detail) == NULL)
    bd_line_detail_show_none (self->detail);

  if (n > 1)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected",
                                                             "%u selected", n), n);
      gtk_label_set_label (self->bulk_label, label);
    }
  gtk_action_bar_set_revealed (self->bulk_bar, n > 1);
  lift_toasts (self);

  bd_queue_page_update_actions (self);
}

static void
selection_changed_cb (BdQueuePage *self)
{
  update_detail (self);
}

/* A new sort, filter or search starts at its first row (the old scroll
 * position hid them above the view), or at the selected line if it is
 * still there. Through the list's own "list.scroll-to-item" (GTK 4.8 has
 * it, though not gtk_column_view_scroll_to()): setting the adjustment to
 * rows the view has not measured makes it give up on the scroll. */
static gboolean
scroll_to_top_cb (gpointer data)
{
  g_autoptr(BdQueuePage) self = data;

  if (self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return G_SOURCE_REMOVE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);
          break;
        }
    }

  return G_SOURCE_REMOVE;
}

/* From an idle, not from inside the model's items-changed: the view must
 * have taken in the new rows before it is asked to scroll among them. */
static void
scroll_to_top (BdQueuePage *self)
{
  g_idle_add (scroll_to_top_cb, g_object_ref (self));
}

static void
count_other_statuses_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  BdBackorderQuery *query = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "bd-path");
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  GError *error = NULL;

  store = bd_store_open_readonly (path, &error);
  if (store != NULL)
    ids = bd_backorder_query_run_ids (store, query, cancellable, &error);
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, ids->len);
}

static void
count_other_statuses_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  BdQueuePage *self = BD_QUEUE_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (n <= 0)
    return;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %zd Line in Other Statuses",
                                        "Show %zd Lines in Other Statuses", n), n);
  gtk_button_set_label (self->other_statuses_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->other_statuses_button), TRUE);
}

/* An agent typing the order number of a cancelled line got "No Matching
 * Lines" under Open: when a search finds nothing under the status filter,
 * count what it finds in every status, on a thread, and offer those. */
static void
look_in_other_statuses (BdQueuePage *self)
{
  const BdBackorderQuery *shown = bd_queue_model_get_query (self->model);
  g_autoptr(GTask) task = NULL;
  BdBackorderQuery *wider;

  if (shown->search == NULL || g_utf8_strlen (shown->search, -1) < 3 ||
      shown->status == BD_STATUS_FILTER_ALL)
    return;

  self->other_statuses = g_cancellable_new ();
  wider = bd_backorder_query_copy (shown);
  wider->status = BD_STATUS_FILTER_ALL;

  task = g_task_new (self, self->other_statuses, count_other_statuses_done_cb, NULL);
  g_task_set_source_tag (task, look_in_other_statuses);
  g_task_set_task_data (task, wider, (GDestroyNotify)bd_backorder_query_free);
  g_object_set_data_full (G_OBJECT (task), "bd-path", g_strdup (bd_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, count_other_statuses_thread);
}

static void
show_other_statuses_cb (BdQueuePage *self)
{
  bd_queue_filter_bar_set_status (self->filter_bar, BD_STATUS_FILTER_ALL);
}

static void
update_status (BdQueuePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loading = bd_queue_model_get_loading (self->model);
  const char *error = bd_queue_model_get_error (self->model);
  g_autofree char *count = NULL;

  gtk_spinner_set_spinning (self->loading_spinner, loading && n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), loading && n == 0);

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->empty_status, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_status, _("Cannot Show the Queue"));
      adw_status_page_set_description (self->empty_status, error);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_status, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_status, _("No Matching Lines"));
      adw_status_page_set_description (self->empty_status, _("Try another search, status or filter"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_status), error != NULL || (!loading && n == 0));

  if (loading || n > 0 || error != NULL)
    {
      if (self->other_statuses != NULL)
        g_cancellable_cancel (self->other_statuses);
      g_clear_object (&self->other_statuses);
      gtk_widget_set_visible (GTK_WIDGET (self->other_statuses_button), FALSE);
    }
  else if (self->other_statuses == NULL)
    look_in_other_statuses (self);

  /* the first rows of a big result come before the rest: no count yet */
  if (bd_queue_model_get_partial (self->model))
    count = g_strdup (_("Counting lines…"));
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n), n);
  {
    const BdBackorderQuery *query = bd_queue_model_get_query (self->model);
    g_autofree char *typed = g_strstrip (g_strdup (query->search ? query->search : ""));
    glong typed_length = g_utf8_strlen (typed, -1);

    /* a word too short to search for: the list is not filtered by it,
     * which looked like a search that found everything */
    if (typed_length > 0 && typed_length < BD_BACKORDER_QUERY_MIN_SEARCH)
      {
        g_free (count);
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Search starts at %d character · %u lines",
                                              "Search starts at %d characters · %u lines",
                                              BD_BACKORDER_QUERY_MIN_SEARCH),
                                 BD_BACKORDER_QUERY_MIN_SEARCH, n);
      }
  }
  /* and the order in force, which the headers show only for a column */
  {
    g_autofree char *explanation = NULL;
    g_autofree char *order = bd_queue_page_describe_sort (self, &explanation);
    /* Translators: the order the lines are in, then their number:
     * "Queue order · 412 lines"; a narrow window cuts its start */
    g_autofree char *shown = g_strdup_printf (C_("order and count", "%s · %s"), order, count);

    gtk_label_set_label (self->count_label, shown);
    if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->count_label)), explanation) != 0)
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), explanation);
  }

  if (!loading)
    {
      guint first = bd_selection_keeper_restore (self->selection_keeper);

      if (first != GTK_INVALID_LIST_POSITION)
        ensure_visible (self, first);
      else if (self->new_query && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
        scroll_to_top (self);
      self->new_query = FALSE;
      /* the selected line may have left the list without a
       * selection-changed; a selection that is still there was shown by
       * selection-changed or the store's "changed", so the pane is not
       * read again for every update of the list */
      if (bd_line_detail_get_line (self->detail) != NULL)
        {
          g_autoptr(GtkBitset) selected =
            gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

          if (gtk_bitset_is_empty (selected))
            update_detail (self);
        }
    }
}

static void
model_changed_cb (BdQueuePage *self)
{
  update_status (self);
}

static void
store_changed_cb (BdQueuePage *self)
{
  /* the lines selected now are selected again where the reload puts
   * them */
  bd_selection_keeper_remember_selection (self->selection_keeper);

  /* The row objects refresh with the model; the pane reloads notes and
   * history, which no row object holds. */
  update_detail (self);
}

static void
load_suppliers (BdQueuePage *self)
{
  g_autoptr(GPtrArray) suppliers = bd_backorder_query_list_suppliers (self->store, NULL);

  bd_queue_filter_bar_set_suppliers (self->filter_bar, suppliers);
}

static void
update_query (BdQueuePage *self)
{
  g_autoptr(BdBackorderQuery) query = NULL;

  if (self->model == NULL)
    return;

  query = bd_queue_filter_bar_get_query (self->filter_bar);
  bd_queue_page_read_sort (self, query);
  if (bd_backorder_query_equal (query, bd_queue_model_get_query (self->model)))
    return;

  self->new_query = TRUE;
  bd_queue_model_set_query (self->model, query);
}

static void
filters_changed_cb (BdQueuePage *self)
{
  update_query (self);
}

/* Enter in the search: on to the lines it found. */
static void
search_activated_cb (BdQueuePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
sorter_changed_cb (BdQueuePage *self)
{
  bd_queue_page_follow_sort (self);
  update_query (self);
}

/* Enter (or a double click) on a line */
static void
row_activated_cb (BdQueuePage *self,
                  guint        position)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

/* A click or a tap on a line while folded opens it, as lists do on a
 * phone. Not GTK's single-click activation: that selects the line under
 * the pointer as it moves, so that a pointer resting on the list took the
 * selection away from the lines an action was about to change. The row
 * selects itself when the click is released; then the pane shows it. */
static gboolean
open_tapped_line_cb (gpointer data)
{
  BdQueuePage *self = data;
  g_autoptr(GtkBitset) selected = NULL;

  self->tap_idle = 0;
  if (self->selection == NULL || !adw_leaflet_get_folded (self->leaflet))
    return G_SOURCE_REMOVE;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) == 1)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
  return G_SOURCE_REMOVE;
}

static void
list_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 BdQueuePage     *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked;

  self->tap_on_row = FALSE;
  if (n_press != 1 || (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0 ||
      !adw_leaflet_get_folded (self->leaflet))
    return;

  /* on a line, not on a column's header */
  for (picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
       picked != NULL && picked != GTK_WIDGET (self->column_view);
       picked = gtk_widget_get_parent (picked))
    if (g_str_equal (gtk_widget_get_css_name (picked), "row"))
      self->tap_on_row = TRUE;
}

static void
list_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  BdQueuePage     *self)
{
  if (!self->tap_on_row)
    return;

  self->tap_on_row = FALSE;
  /* after the row's own gesture, which selects it on this release */
  if (self->tap_idle == 0)
    self->tap_idle = g_idle_add (open_tapped_line_cb, self);
}

/* What the page does to the columns while the window is narrow is kept
 * apart from what a person chose (bd-queue-page-columns.c saves that): a
 * column it hid, and a width it made smaller, come back when the window
 * widens, and are saved as the person left them. */
#define HIDDEN_WHEN_NARROW_KEY "bd-hidden-when-narrow"
#define WIDTH_BEFORE_NARROW_KEY "bd-width-before-narrow"

/* The list pane's least width (its width-request in the .ui): the columns
 * a narrow window keeps fit in it. */
#define NARROW_LIST_WIDTH 340
#define NARROW_MIN_CUSTOMER_WIDTH 64

/* TRUE for a column the page hid because the window is narrow. */
gboolean
bd_queue_page_column_hidden_when_narrow (GtkColumnViewColumn *column)
{
  g_return_val_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column), FALSE);

  return g_object_get_data (G_OBJECT (column), HIDDEN_WHEN_NARROW_KEY) != NULL;
}

/* The width of @column as a person left it, which a narrow window may
 * have made smaller for now. */
int
bd_queue_page_column_chosen_width (GtkColumnViewColumn *column)
{
  gpointer before;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column), -1);

  before = g_object_get_data (G_OBJECT (column), WIDTH_BEFORE_NARROW_KEY);
  return before != NULL ? GPOINTER_TO_INT (before) : gtk_column_view_column_get_fixed_width (column);
}

/* A person showed or hid @column: that stands, narrow or not. */
void
bd_queue_page_column_visibility_chosen (GtkColumnViewColumn *column)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  g_object_set_data (G_OBJECT (column), HIDDEN_WHEN_NARROW_KEY, NULL);
}

/* A person resized @column: that width stands, narrow or not. */
void
bd_queue_page_column_width_chosen (GtkColumnViewColumn *column)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  g_object_set_data (G_OBJECT (column), WIDTH_BEFORE_NARROW_KEY, NULL);
}

/* Folded (a phone, a narrow window), the list keeps the columns that say
 * which line it is and where it stands (order, customer, status), with a
 * customer column narrow enough for the three to fit, and a tap opens the
 * line, as lists do on a phone. Unfolded, all comes back as it was.
 * Nothing here changes how narrow the window may be: a window whose least
 * width changed as it folded was resized again, in the middle of a frame. */
void
bd_queue_page_update_narrow (BdQueuePage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  gboolean restoring = self->restoring_columns;
  int room;

  /* not a person's change: not saved, not a choice in the Columns menu */
  self->restoring_columns = TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      gboolean essential = column == self->order_column || column == self->customer_column ||
                           column == self->status_column;

      if (folded && !essential && gtk_column_view_column_get_visible (column))
        {
          g_object_set_data (G_OBJECT (column), HIDDEN_WHEN_NARROW_KEY, GINT_TO_POINTER (TRUE));
          gtk_column_view_column_set_visible (column, FALSE);
        }
      else if (!folded && bd_queue_page_column_hidden_when_narrow (column))
        {
          g_object_set_data (G_OBJECT (column), HIDDEN_WHEN_NARROW_KEY, NULL);
          gtk_column_view_column_set_visible (column, TRUE);
        }
    }

  room = NARROW_LIST_WIDTH - gtk_column_view_column_get_fixed_width (self->order_column) -
         gtk_column_view_column_get_fixed_width (self->status_column);
  room = MAX (room, NARROW_MIN_CUSTOMER_WIDTH);
  if (folded && gtk_column_view_column_get_fixed_width (self->customer_column) != room)
    {
      /* the room the other two leave, narrower or wider than its usual
       * width: a GTK 4.8 column with a fixed width does not grow into
       * the list's width */
      if (g_object_get_data (G_OBJECT (self->customer_column), WIDTH_BEFORE_NARROW_KEY) == NULL)
        g_object_set_data (G_OBJECT (self->customer_column), WIDTH_BEFORE_NARROW_KEY,
                           GINT_TO_POINTER (gtk_column_view_column_get_fixed_width (self->customer_column)));
      gtk_column_view_column_set_fixed_width (self->customer_column, room);
    }
  else if (!folded && g_object_get_data (G_OBJECT (self->customer_column), WIDTH_BEFORE_NARROW_KEY) != NULL)
    {
      gtk_column_view_column_set_fixed_width (self->customer_column,
                                              bd_queue_page_column_chosen_width (self->customer_column));
      g_object_set_data (G_OBJECT (self->customer_column), WIDTH_BEFORE_NARROW_KEY, NULL);
    }

  self->restoring_columns = restoring;
}

/* Follows the fold once the leaflet has finished sliding: columns hidden
 * or shown while it slides (GTK 4.8, libadwaita 1.2) left the window's
 * stack to be drawn without a size in the frame the slide ended. */
static gboolean
update_narrow_cb (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  gint64 slide = (gint64)adw_leaflet_get_mode_transition_duration (self->leaflet) * 1000;
  gboolean animations = TRUE;

  g_object_get (gtk_widget_get_settings (widget), "gtk-enable-animations", &animations, NULL);
  if (self->fold_time == 0)
    self->fold_time = now;
  if (animations && now - self->fold_time <= slide)
    return G_SOURCE_CONTINUE;

  self->narrow_tick = 0;
  self->fold_time = 0;
  bd_queue_page_update_narrow (self);
  return G_SOURCE_REMOVE;
}

static void
folded_changed_cb (BdQueuePage *self)
{
  lift_toasts (self);
  bd_line_detail_set_folded (self->detail, adw_leaflet_get_folded (self->leaflet));

  /* the slide starts again: so does the wait */
  self->fold_time = 0;
  if (self->narrow_tick == 0)
    self->narrow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_narrow_cb, NULL, NULL);
}

static void
writer_waiting_cb (BdQueuePage *self)
{
  gboolean waiting = bd_writer_get_waiting (self->writer);

  /* spinning only while shown: a hidden spinner still ticks the frame clock */
  gtk_spinner_set_spinning (self->waiting_spinner, waiting);
  gtk_widget_set_visible (self->waiting_box, waiting);
}

static gint64
get_line_id (GListModel *model,
             guint       position)
{
  return bd_queue_model_get_id (BD_QUEUE_MODEL (model), position);
}

void
bd_queue_page_set_store (BdQueuePage *self,
                         BdStore     *store)
{
  g_return_if_fail (BD_IS_QUEUE_PAGE (self));
  g_return_if_fail (BD_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_object (&self->model);
  g_clear_object (&self->selection);
  g_clear_object (&self->selection_keeper);
  g_clear_object (&self->writer);

  if (!bd_store_is_read_only (store))
    {
      self->writer = bd_writer_new (bd_store_get_path (store));
      g_signal_connect_object (self->writer, "notify::waiting",
                               G_CALLBACK (writer_waiting_cb), self, G_CONNECT_SWAPPED);
    }

  self->model = bd_queue_model_new (store);
  /* A frame waits for the rows it shows no longer than this; past it they
   * show empty for a frame or two while a thread reads them (the store's
   * pages the file cache no longer holds, a disk busy with a sync's
   * writes: 100-600 ms on the main thread when it read them itself). */
  bd_sql_list_model_set_row_wait (BD_SQL_LIST_MODEL (self->model), self->row_wait);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  self->selection_keeper = bd_selection_keeper_new (GTK_SELECTION_MODEL (self->selection),
                                                    G_LIST_MODEL (self->model), get_line_id);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::partial",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  bd_queue_filter_bar_set_store (self->filter_bar, store);
  load_suppliers (self);
  bd_queue_model_refresh (self->model);
  update_query (self);
  update_status (self);
  update_detail (self);
}

/* How long a frame waits for the rows it shows before they stand in empty
 * (bd_sql_list_model_set_row_wait()): 10 ms unless changed; tests that
 * read what the rows show wait for them however long a loaded machine
 * takes. */
void
bd_queue_page_set_row_wait (BdQueuePage *self,
                            int          row_wait)
{
  g_return_if_fail (BD_IS_QUEUE_PAGE (self));
  g_return_if_fail (row_wait >= -1);

  self->row_wait = row_wait;
  if (self->model != NULL)
    bd_sql_list_model_set_row_wait (BD_SQL_LIST_MODEL (self->model), row_wait);
}

BdQueueModel *
bd_queue_page_get_model (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return self->model;
}

GtkSelectionModel *
bd_queue_page_get_selection (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
bd_queue_page_get_column_view (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return self->column_view;
}

const BdBackorderQuery *
bd_queue_page_get_query (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return self->model ? bd_queue_model_get_query (self->model) : NULL;
}

GtkWidget *
bd_queue_page_get_detail (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return GTK_WIDGET (self->detail);
}

void
bd_queue_page_set_search (BdQueuePage *self,
                          const char  *text)
{
  g_return_if_fail (BD_IS_QUEUE_PAGE (self));

  bd_queue_filter_bar_set_search (self->filter_bar, text);
}

/* Suppliers change only with an import: the window calls this after one,
 * rather than the page reading them again after every write. */
void
bd_queue_page_reload_suppliers (BdQueuePage *self)
{
  g_return_if_fail (BD_IS_QUEUE_PAGE (self));

  if (self->store != NULL)
    load_suppliers (self);
}

/* Shows the lines @query selects, all its filters shown in the filter bar
 * (a dashboard figure's as a chip saying @label, which takes it off);
 * the search is emptied and the sort kept. */
void
bd_queue_page_set_query (BdQueuePage            *self,
                         const BdBackorderQuery *query,
                         const char             *label)
{
  g_return_if_fail (BD_IS_QUEUE_PAGE (self));
  g_return_if_fail (query != NULL);

  bd_queue_filter_bar_apply (self->filter_bar, query, label);
}

void
bd_queue_page_set_status_filter (BdQueuePage    *self,
                                 BdStatusFilter  filter)
{
  g_return_if_fail (BD_IS_QUEUE_PAGE (self));

  bd_queue_filter_bar_set_status (self->filter_bar, filter);
}

static void
bd_queue_page_dispose (GObject *object)
{
  BdQueuePage *self = (BdQueuePage *)object;

  /* Taking the view apart changes its sorter: stop listening first. */
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  bd_queue_page_teardown_columns (self);

  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_QUEUE_PAGE);

  if (self->narrow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->narrow_tick);
  self->narrow_tick = 0;
  g_clear_handle_id (&self->tap_idle, g_source_remove);
  if (self->other_statuses != NULL)
    g_cancellable_cancel (self->other_statuses);
  g_clear_object (&self->other_statuses);
  g_clear_handle_id (&self->lift_toasts_source, g_source_remove);
  if (self->toast_css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->toast_css));
  g_clear_object (&self->toast_css);
  g_clear_pointer (&self->toast_css_class, g_free);
  g_clear_weak_pointer (&self->last_toast);
  g_clear_object (&self->selection_keeper);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->writer);
  g_clear_pointer (&self->last_batch, g_free);

  G_OBJECT_CLASS (bd_queue_page_parent_class)->dispose (object);
}

static void
bd_queue_page_class_init (BdQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_queue_page_dispose;

  g_type_ensure (BD_TYPE_BACKORDER);
  g_type_ensure (BD_TYPE_LINE_DETAIL);
  g_type_ensure (BD_TYPE_QUEUE_FILTER_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, priority_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, order_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, customer_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, product_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, short_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, age_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, promised_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, status_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, supplier_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, eta_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, po_column);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, columns_menu);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, other_statuses_button);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, bulk_bar);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, BdQueuePage, detail);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_other_statuses_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  bd_queue_page_class_install_actions (widget_class);
}

static void
bd_queue_page_init (BdQueuePage *self)
{
  static guint n_pages;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->row_wait = QUEUE_ROW_WAIT_MS;
  bd_queue_page_setup_columns (self);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);

  /* before the rows' own gestures: see open_tapped_line_cb() */
  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (list_pressed_cb), self, 0);
  g_signal_connect_object (gesture, "released", G_CALLBACK (list_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (lift_toasts), self, G_CONNECT_SWAPPED);

  /* a class of its own: the provider is the display's, for every window */
  self->toast_css_class = g_strdup_printf ("bd-above-action-bar-%u", ++n_pages);
  self->toast_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->toast_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  bd_queue_page_update_actions (self);
}
