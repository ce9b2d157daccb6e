/* bd-window.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-window-private.h"

/* A window on one database: the page its state calls for (loading, an
 * error, empty, or the queue and the pages beside it), a banner when the
 * store is read-only and a bar for the task running. Its actions are in
 * bd-window-actions.c, its work in the background in bd-window-tasks.c. */

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_CREATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* @create: make a new database when there is none at @database (the
 * default database on first use, New Database…); otherwise a missing file
 * is an error page with a button that makes it. */
BdWindow *
bd_window_new (BdApplication *application,
               const char    *database,
               gboolean       create)
{
  return g_object_new (BD_TYPE_WINDOW,
                       "application", application,
                       "database", database,
                       "create", create,
                       NULL);
}

BdStore *
bd_window_get_store (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return self->store;
}

BdQueuePage *
bd_window_get_queue_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return self->queue_page;
}

BdPoPage *
bd_window_get_po_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return self->po_page;
}

GtkWidget *
bd_window_get_dashboard_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->dashboard_page);
}

/* Shows the page named @name: "queue", "dashboard", ... */
void
bd_window_show_page (BdWindow   *self,
                     const char *name)
{
  g_return_if_fail (BD_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
bd_window_get_communication_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->communication_page);
}

GtkWidget *
bd_window_get_suppliers_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->suppliers_page);
}

/* "loading", "error", "empty" or "content": for tests and for the task bar. */
const char *
bd_window_get_state (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* Shows the page the store calls for: after it is opened or an import. */
void
bd_window_update_state (BdWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *state;
  gboolean content;
  int has_lines;

  if (self->store == NULL)
    state = "error";
  else if ((has_lines = bd_backorder_query_has_lines (self->store, &error)) < 0)
    {
      adw_status_page_set_description (self->error_page, error->message);
      state = "error";
    }
  else
    state = has_lines ? "content" : "empty";

  gtk_stack_set_visible_child_name (self->main_stack, state);

  /* A spinning spinner keeps the frame clock ticking on GTK 4.8 even on a
   * stack page that is not shown: spin it only while it is. */
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (state, "loading"));

  content = g_str_equal (state, "content");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, content);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), content);

  bd_window_update_actions (self);
}

/* Lines that arrive from elsewhere (a sync, the CLI) in an empty
 * database: the queue, not "No Orders Yet". */
static void
store_changed_cb (BdWindow           *self,
                  const char * const *tables)
{
  if (self->main_stack == NULL)
    return;   /* disposed */
  if (g_strcmp0 (bd_window_get_state (self), "empty") == 0 && bd_store_changes_include (tables, "order_lines"))
    bd_window_update_state (self);
}

void
bd_window_open_store (BdWindow *self)
{
  g_autoptr(GError) error = NULL;

  self->store = self->create ? bd_store_create (self->database, &error)
                             : bd_store_open (self->database, &error);
  if (self->store == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      /* a path that names no file: offer to make the database there */
      gtk_widget_set_visible (self->create_button,
                              g_error_matches (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND));
      bd_window_update_state (self);
      return;
    }

  /* the CLI, another window and later sync change the store too */
  bd_store_watch_other_connections (self->store);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if (bd_store_is_read_only (self->store))
    {
      gtk_label_set_label (self->read_only_label, bd_store_get_read_only_reason (self->store));
      gtk_revealer_set_reveal_child (self->read_only_revealer, TRUE);
    }

  bd_queue_page_set_store (self->queue_page, self->store);
  bd_communication_page_set_store (self->communication_page, self->store);
  bd_suppliers_page_set_store (self->suppliers_page, self->store);
  bd_po_page_set_store (self->po_page, self->store);
  bd_dashboard_page_set_store (self->dashboard_page, self->store);

  /* the team's server, in the background while it is set up */
  if (self->sync != NULL)
    bd_sync_controller_stop (self->sync);
  g_clear_object (&self->sync);
  self->sync = bd_sync_controller_new (self->store);
  bd_sync_status_button_set_controller (self->sync_button, self->sync);
  g_signal_connect_object (self->sync, "changed", G_CALLBACK (bd_window_update_actions), self, G_CONNECT_SWAPPED);
  bd_window_update_state (self);

  /* now, and every hour while the window is open */
  g_clear_object (&self->followups);
  self->followups = bd_followup_notifier_new (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                              self->database);
}

const char *
bd_window_get_database (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return self->database;
}

BdFollowupNotifier *
bd_window_get_followup_notifier (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return self->followups;
}

/* What the follow-up notification opens: this window's queue, showing
 * the open lines of every customer due for an update (a chip says so and
 * takes it off), as a dashboard figure opens its lines. */
void
bd_window_show_followups (BdWindow *self)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();

  g_return_if_fail (BD_IS_WINDOW (self));

  query->status = BD_STATUS_FILTER_OPEN;
  query->followup_due = TRUE;
  gtk_window_present (GTK_WINDOW (self));
  bd_queue_page_set_query (self->queue_page, query, _("Follow-up due"));
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
}

/* The notification's Write to Them: the messages to every customer due
 * for an update, ready to read and send. */
void
bd_window_message_followups (BdWindow *self)
{
  g_return_if_fail (BD_IS_WINDOW (self));

  gtk_window_present (GTK_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.message-followups", NULL);
}

/* The queue's line, for the Communication page's preview: the one
 * selected, else the first. */
static gint64
queue_line (BdWindow *self)
{
  GtkSelectionModel *selection = bd_queue_page_get_selection (self->queue_page);
  BdQueueModel *model = bd_queue_page_get_model (self->queue_page);
  g_autoptr(GtkBitset) selected = NULL;

  if (selection == NULL || model == NULL)
    return 0;

  selected = gtk_selection_model_get_selection (selection);
  if (!gtk_bitset_is_empty (selected))
    return bd_queue_model_get_id (model, gtk_bitset_get_minimum (selected));
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    return bd_queue_model_get_id (model, 0);
  return 0;
}

static void
page_changed_cb (BdWindow *self)
{
  if (self->store != NULL &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "communication") == 0)
    bd_communication_page_offer_line (self->communication_page, queue_line (self));
}

/* A dashboard figure clicked: its lines in the queue. */
static void
dashboard_show_lines_cb (BdWindow               *self,
                         const BdBackorderQuery *query,
                         const char             *label)
{
  bd_queue_page_set_query (self->queue_page, query, label);
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
}

/* Several windows may be open on different files: one that is not on the
 * default database says which it shows, in its title and subtitle. */
static void
show_database_name (BdWindow *self)
{
  g_autofree char *default_path = bd_store_default_path ();
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (g_strcmp0 (self->database, default_path) == 0)
    return;

  name = g_filename_display_basename (self->database);
  adw_view_switcher_title_set_subtitle (self->switcher_title, name);
  /* Translators: the window's title; %s is the name of a database file */
  title = g_strdup_printf (_("%s — Backorder Desk"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switcher_title), self->database);
}

static void
bd_window_constructed (GObject *object)
{
  BdWindow *self = (BdWindow *)object;

  G_OBJECT_CLASS (bd_window_parent_class)->constructed (object);

  show_database_name (self);
  bd_window_open_store (self);
}

static gboolean
bd_window_close_request (GtkWindow *window)
{
  BdWindow *self = BD_WINDOW (window);

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (bd_window_parent_class)->close_request (window);
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = (BdWindow *)object;

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  g_queue_clear_full (&self->pending_imports, g_object_unref);
  bd_window_tasks_dispose (self);

  if (self->sync != NULL)
    bd_sync_controller_stop (self->sync);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_WINDOW);

  g_clear_object (&self->sync);
  g_clear_object (&self->followups);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_window_parent_class)->dispose (object);
}

static void
bd_window_finalize (GObject *object)
{
  BdWindow *self = (BdWindow *)object;

  g_clear_pointer (&self->database, g_free);

  G_OBJECT_CLASS (bd_window_parent_class)->finalize (object);
}

static void
bd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BdWindow *self = BD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    case PROP_CREATE:
      self->create = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BdWindow *self = BD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_CREATE:
      g_value_set_boolean (value, self->create);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_window_class_init (BdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bd_window_constructed;
  object_class->dispose = bd_window_dispose;
  object_class->finalize = bd_window_finalize;
  object_class->get_property = bd_window_get_property;
  object_class->set_property = bd_window_set_property;
  window_class->close_request = bd_window_close_request;

  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE] =
    g_param_spec_boolean ("create", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BD_TYPE_QUEUE_PAGE);
  g_type_ensure (BD_TYPE_COMMUNICATION_PAGE);
  g_type_ensure (BD_TYPE_SUPPLIERS_PAGE);
  g_type_ensure (BD_TYPE_PO_PAGE);
  g_type_ensure (BD_TYPE_DASHBOARD_PAGE);
  g_type_ensure (BD_TYPE_SYNC_STATUS_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/bd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, task_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, task_label);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, task_progress);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, queue_page);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, communication_page);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, suppliers_page);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, po_page);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, dashboard_page);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_show_lines_cb);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, columns_section);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sync_button);

  bd_window_class_install_actions (widget_class);
}

static void
bd_window_init (BdWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->pending_imports);

  g_object_bind_property (self->switcher_title, "title-visible",
                          self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);

  /* The queue's columns from the keyboard too: a column's header menu
   * opens only on a right click. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns",
                                  bd_queue_page_get_column_actions (self->queue_page));
  g_menu_append_submenu (self->columns_section, _("_Columns"),
                         bd_queue_page_get_columns_menu (self->queue_page));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Without an installed schema (a build run in place) the window keeps
   * its default size instead of aborting. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.backorderdesk.BackorderDesk", TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 1180, 760);

  bd_window_update_actions (self);
}
