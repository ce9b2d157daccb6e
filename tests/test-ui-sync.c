/* test-ui-sync.c: sync in the app, against a real PouchDB Server: the
 * Preferences' Sync page, the sync in the background, the header bar's
 * status, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-sync"
#define _GNU_SOURCE  /* memmem() */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "bd-actions.h"
#include "bd-application.h"
#include "bd-backorder.h"
#include "bd-conflict-row.h"
#include "bd-communication-page.h"
#include "bd-conflicts-dialog.h"
#include "bd-couch-server.h"
#include "bd-customer-view.h"
#include "bd-line-detail.h"
#include "bd-notes.h"
#include "bd-preferences-window.h"
#include "bd-refused-banner.h"
#include "bd-refused-row.h"
#include "bd-secrets.h"
#include "bd-sync.h"
#include "bd-sync-controller.h"
#include "bd-sync-preferences-page.h"
#include "bd-sync-setup.h"
#include "bd-sync-status-button.h"
#include "bd-template-editor.h"
#include "bd-purchase-orders.h"
#include "bd-suppliers.h"
#include "bd-suppliers-page.h"
#include "bd-test-util.h"
#include "bd-test-ui-util.h"
#include "bd-window.h"

#define DB "team"
#define WRONG_PASSWORD "not-the-admin-secret"

static const char orders_csv[] =
  "order_ref,ordered_at,customer_ref,customer_name,sku,quantity,backordered_quantity,promised_at,shipped_at\n"
  "SO-1,2026-03-01,C-1,Ada,MUG,2,2,2026-03-20,\n"
  "SO-2,2026-03-02,C-2,Grace,MUG,1,1,,\n"
  "SO-3,2026-03-03,C-3,Jean,LAMP,1,1,,\n";

typedef struct
{
  char *dir;
  char *database;
  BdCouchServer *server;
  BdWindow *window;
  BdQueuePage *page;
  char *other_dir;       /* another machine of the team */
  BdStore *other;
} Fixture;

static BdApplication *app;

/* ---- a network that a test can take away ---- */

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static gboolean
test_monitor_can_reach (GNetworkMonitor     *monitor,
                        GSocketConnectable  *connectable,
                        GCancellable        *cancellable,
                        GError             **error)
{
  if (TEST_MONITOR (monitor)->available)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "no network (test)");
  return FALSE;
}

static void
test_monitor_can_reach_async (GNetworkMonitor     *monitor,
                              GSocketConnectable  *connectable,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (monitor, cancellable, callback, user_data);
  GError *error = NULL;

  if (test_monitor_can_reach (monitor, connectable, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
test_monitor_can_reach_finish (GNetworkMonitor  *monitor,
                               GAsyncResult     *result,
                               GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_monitor_network_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_monitor_can_reach;
  iface->can_reach_async = test_monitor_can_reach_async;
  iface->can_reach_finish = test_monitor_can_reach_finish;
}

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_network_init))

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_signal_emit_by_name (self, "network-changed", available);
}

/* Everything logged while the tests run, to look for the password in. */
static GString *log_text;

/* A PNG of @popover drawn by its window's renderer (test-ui.c says why). */
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
  int width, height;

  for (guint i = 0; i < 400 && !(gtk_widget_get_mapped (GTK_WIDGET (popover)) &&
                                 gtk_widget_get_width (GTK_WIDGET (popover)) > 0); i++)
    {
      bd_test_ui_drain ();
      g_usleep (5000);
    }
  width = gtk_widget_get_width (GTK_WIDGET (popover));
  height = gtk_widget_get_height (GTK_WIDGET (popover));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)) && width > 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

static BdCouch *
admin_couch (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  BdCouch *couch = bd_couch_new (bd_couch_server_get_url (fixture->server), DB, BD_COUCH_SERVER_ADMIN,
                                 BD_COUCH_SERVER_ADMIN_PASSWORD, &error);

  g_assert_no_error (error);
  return couch;
}

/* The other machine syncs, with the engine as the CLI drives it. */
static void
sync_other (Fixture *fixture)
{
  g_autoptr(BdCouch) couch = admin_couch (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSync) sync = bd_sync_new (fixture->other, couch, &error);

  g_assert_no_error (error);
  g_assert_true (bd_sync_run_once (sync, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
model_loaded (Fixture *fixture)
{
  BdQueueModel *model = bd_queue_page_get_model (fixture->page);

  return model != NULL && !bd_queue_model_get_loading (model);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;

  if (bd_couch_server_skip_unless_available ())
    return;
  fixture->server = bd_couch_server_start (TRUE);
  {
    g_autoptr(BdCouch) couch = admin_couch (fixture);
    g_autoptr(JsonNode) reply = bd_couch_request (couch, "PUT", "", NULL, NULL, NULL, &error);

    g_assert_no_error (error);
  }

  /* the team's orders, imported on another machine and on the server */
  fixture->other = bd_test_store_new (&fixture->other_dir);
  bd_store_set_author (fixture->other, "boss");
  g_assert_true (bd_test_import_text (fixture->other, BD_IMPORT_ORDERS, orders_csv, NULL, &error));
  g_assert_no_error (error);
  sync_other (fixture);

  /* this machine: a new, empty database */
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);
  store = bd_store_create (fixture->database, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  fixture->window = bd_window_new (app, fixture->database, FALSE);
  bd_test_ui_patient_rows (fixture->window);
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->page = bd_window_get_queue_page (fixture->window);
  bd_test_ui_wait_for (fixture, model_loaded, "the queue to load");
  bd_test_ui_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (fixture->server == NULL)
    return;
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (BD_IS_PREFERENCES_WINDOW (window))
        gtk_window_destroy (window);
    }
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  /* what the sync's thread said last, freed */
  bd_test_ui_wind_down ();
  g_clear_object (&fixture->other);
  bd_couch_server_stop (fixture->server);
  bd_test_rm_rf (fixture->dir);
  bd_test_rm_rf (fixture->other_dir);
  g_free (fixture->database);
  g_free (fixture->dir);
  g_free (fixture->other_dir);
}

/* ---- the window's parts ---- */

static BdSyncStatusButton *
status_button (Fixture *fixture)
{
  return BD_SYNC_STATUS_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), BD_TYPE_WINDOW,
                                                               "sync_button"));
}

static BdSyncController *
controller (Fixture *fixture)
{
  return bd_sync_status_button_get_controller (status_button (fixture));
}

/* Opens Preferences as a person does and returns its Sync page. */
static BdSyncPreferencesPage *
open_sync_page (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (BD_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          GtkWidget *page = bd_test_ui_find_widget (GTK_WIDGET (window), BD_TYPE_SYNC_PREFERENCES_PAGE);

          g_assert_nonnull (page);
          adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
          return BD_SYNC_PREFERENCES_PAGE (page);
        }
    }
  g_assert_not_reached ();
}

static GtkEditable *
page_row (BdSyncPreferencesPage *page,
          const char            *name)
{
  return GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page), BD_TYPE_SYNC_PREFERENCES_PAGE, name));
}

static void
fill_in (Fixture               *fixture,
         BdSyncPreferencesPage *page,
         const char            *password)
{
  gtk_editable_set_text (page_row (page, "url_row"), bd_couch_server_get_url (fixture->server));
  gtk_editable_set_text (page_row (page, "db_row"), DB);
  gtk_editable_set_text (page_row (page, "user_row"), BD_COUCH_SERVER_ADMIN);
  gtk_editable_set_text (page_row (page, "password_row"), password);
}

/* Sync set up in Preferences with the right password, saved, Preferences
 * closed: the controller starts. */
static void
set_up_sync (Fixture *fixture)
{
  BdSyncPreferencesPage *page = open_sync_page (fixture);

  fill_in (fixture, page, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
}

/* A PNG of the status button's popover, open for it. */
static void
save_status_popover (Fixture            *fixture,
                     BdSyncStatusButton *button,
                     const char         *name)
{
  GtkMenuButton *menu_button = GTK_MENU_BUTTON (bd_test_ui_template_child (button, BD_TYPE_SYNC_STATUS_BUTTON,
                                                                           "menu_button"));

  gtk_menu_button_popup (menu_button);
  save_popover_png (fixture, gtk_menu_button_get_popover (menu_button), name);
  gtk_menu_button_popdown (menu_button);
  bd_test_ui_drain ();
}

static BdSyncPreferencesPage *testing_page;

static gboolean
tested (Fixture *fixture)
{
  return !bd_sync_preferences_page_get_testing (testing_page);
}

static void
test_connection (Fixture               *fixture,
                 BdSyncPreferencesPage *page)
{
  testing_page = page;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.test", NULL));
  bd_test_ui_wait_for (fixture, tested, "Test Connection's answer");
  g_test_message ("Test Connection: %s", bd_sync_preferences_page_get_result (page));
}

static gboolean
failed (Fixture *fixture)
{
  return bd_sync_controller_get_state (controller (fixture)) == BD_SYNC_STATE_ERROR;
}

static gboolean
synced (Fixture *fixture)
{
  return bd_sync_controller_get_state (controller (fixture)) == BD_SYNC_STATE_SYNCED;
}

static guint runs_before;

/* The most the header bar said while a sync ran. */
static guint most_progress;
static char *progress_text;

static void
record_progress_cb (BdSyncController   *sync,
                    BdSyncStatusButton *button)
{
  if (bd_sync_controller_get_state (sync) == BD_SYNC_STATE_SYNCING &&
      bd_sync_controller_get_progress (sync) > most_progress)
    {
      most_progress = bd_sync_controller_get_progress (sync);
      g_free (progress_text);
      progress_text = g_strdup (bd_sync_status_button_get_text (button));
    }
}

static gboolean
ran_again (Fixture *fixture)
{
  return synced (fixture) && bd_sync_controller_get_runs (controller (fixture)) > runs_before;
}

/* The queue's row of @order_ref, or NULL. */
static BdBackorder *
listed_row (Fixture    *fixture,
            const char *order_ref,
            guint      *position)
{
  GListModel *model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (bd_backorder_get_order_ref (row), order_ref) == 0)
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&row);
        }
    }
  return NULL;
}

/* The priority the queue shows for @order_ref's line; -1 if it is not
 * listed. */
static int
listed_priority (Fixture    *fixture,
                 const char *order_ref)
{
  g_autoptr(BdBackorder) row = listed_row (fixture, order_ref, NULL);

  return row != NULL ? bd_backorder_get_priority (row) : -1;
}

static gboolean
lines_listed (Fixture *fixture)
{
  return model_loaded (fixture) && g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (fixture->page))) == 3;
}

static gboolean
pulled_priority (Fixture *fixture)
{
  return model_loaded (fixture) && listed_priority (fixture, "SO-2") == 2;
}

static gint64
line_of (BdStore    *store,
         const char *order_ref)
{
  g_autofree char *sql = g_strdup_printf ("SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                          " WHERE o.ref = '%s'", order_ref);

  return bd_test_count (store, sql);
}

/* The priority of @order_ref's line on the server (the other machine
 * does not sync meanwhile: nothing else wakes this one). */
static gint64
server_priority (Fixture    *fixture,
                 const char *order_ref)
{
  g_autofree char *sql = g_strdup_printf ("SELECT l.uuid FROM order_lines l JOIN orders o ON o.id = l.order_id"
                                          " WHERE o.ref = '%s'", order_ref);
  g_autofree char *uuid = bd_test_text (fixture->other, sql);
  g_autoptr(BdCouch) couch = admin_couch (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = bd_couch_request (couch, "GET", "_all_docs?include_docs=true", NULL, NULL, NULL,
                                                &error);
  JsonArray *rows;

  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (reply), "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_has_suffix (json_object_get_string_member (row, "id"), uuid))
        return json_object_get_int_member (json_object_get_object_member (row, "doc"), "priority");
    }
  g_assert_not_reached ();
}

static gboolean
pushed_priority (Fixture *fixture)
{
  if (server_priority (fixture, "SO-3") == 1)
    return TRUE;
  /* again after the app's next push */
  g_usleep (G_USEC_PER_SEC / 5);
  return FALSE;
}

/* Sync set up in Preferences with a wrong password says so in the header
 * bar; with the right one, the team's lines arrive in the open queue; a
 * line another machine changes shows there without a refresh, and a
 * change made here reaches the other machine, both with no one pressing
 * anything; Sync Now syncs at once. */
static void
test_setup_and_automatic (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  BdSyncPreferencesPage *page;
  BdSyncStatusButton *button;
  GtkWidget *preferences;
  const char *text;

  if (fixture->server == NULL)
    return;
  button = status_button (fixture);

  /* nothing set up: no status, nothing to sync */
  g_assert_cmpint (bd_sync_controller_get_state (controller (fixture)), ==, BD_SYNC_STATE_OFF);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button)) && gtk_widget_get_visible (GTK_WIDGET (button)));

  page = open_sync_page (fixture);
  preferences = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page)));

  /* a wrong password: Test Connection says the server refused the user */
  fill_in (fixture, page, WRONG_PASSWORD);
  test_connection (fixture, page);
  g_assert_true (bd_sync_preferences_page_get_failed (page));
  g_assert_nonnull (strstr (bd_sync_preferences_page_get_result (page), "refused user “admin”"));
  bd_test_ui_save_png (preferences, "ui-sync-preferences-refused.png");

  /* saved all the same: the header bar says why it does not sync */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  g_assert_false (bd_sync_preferences_page_get_failed (page));
  bd_test_ui_wait_for (fixture, failed, "the sync to fail");
  text = bd_sync_status_button_get_text (button);
  g_test_message ("status: %s", text);
  g_assert_true (g_str_has_prefix (text, "Sync failed: The server"));
  g_assert_nonnull (strstr (text, "refused user “admin”"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  /* the password went to the keyring: the row is empty and says so */
  g_assert_cmpstr (gtk_editable_get_text (page_row (page, "password_row")), ==, "");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page_row (page, "password_row"))), ==,
                   "Password (kept in the keyring)");

  gtk_window_destroy (GTK_WINDOW (preferences));
  bd_test_ui_drain ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-error.png");
  save_status_popover (fixture, button, "ui-sync-error-popover.png");

  /* the right password: the team's lines arrive in the open queue */
  page = open_sync_page (fixture);
  preferences = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page)));
  gtk_editable_set_text (page_row (page, "password_row"), BD_COUCH_SERVER_ADMIN_PASSWORD);
  /* after the status button, which updates first */
  g_signal_connect_after (controller (fixture), "changed", G_CALLBACK (record_progress_cb), button);
  test_connection (fixture, page);
  g_assert_false (bd_sync_preferences_page_get_failed (page));
  g_assert_true (g_str_has_prefix (bd_sync_preferences_page_get_result (page), "Connected"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  bd_test_ui_save_png (preferences, "ui-sync-preferences.png");
  gtk_window_destroy (GTK_WINDOW (preferences));
  bd_test_ui_drain ();
  bd_test_ui_wait_for (fixture, lines_listed, "the team's lines in the queue");
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
  /* while it ran, the header bar counted what came */
  g_signal_handlers_disconnect_by_func (controller (fixture), record_progress_cb, button);
  g_test_message ("progress: %s", progress_text);
  g_assert_cmpuint (most_progress, >, 0);
  {
    g_autofree char *want = g_strdup_printf ("Syncing: %u changes", most_progress);

    g_assert_cmpstr (progress_text, ==, want);
  }
  g_clear_pointer (&progress_text, g_free);

  /* the queue, no longer "No Orders Yet" */
  bd_test_ui_drain ();
  g_assert_cmpstr (bd_window_get_state (fixture->window), ==, "content");
  text = bd_sync_status_button_get_text (button);
  g_test_message ("status: %s", text);
  g_assert_true (g_str_has_prefix (text, "Synced, last at "));
  g_assert_nonnull (bd_sync_controller_get_last_sync (controller (fixture)));
  /* what this machine writes is in the sync user's name */
  g_assert_cmpstr (bd_store_get_author (bd_window_get_store (fixture->window)), ==, BD_COUCH_SERVER_ADMIN);

  /* another machine changes a line: the queue shows it, no one asked */
  {
    g_autoptr(GError) error = NULL;
    gint64 line = line_of (fixture->other, "SO-2");

    g_assert_true (bd_actions_set_priority (fixture->other, &line, 1, 2, NULL, &error));
    g_assert_no_error (error);
    sync_other (fixture);
  }
  g_assert_cmpint (listed_priority (fixture, "SO-2"), !=, 2);
  bd_test_ui_wait_for (fixture, pulled_priority, "the other machine's change in the queue");

  /* a change made here (another connection, as the queue's writer does)
   * reaches the server, no one asked: after the run that brought the
   * other machine's change has ended, so that only the edit can wake it */
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdStore) here = bd_store_open (fixture->database, &error);
    gint64 line = line_of (here, "SO-3");

    g_assert_no_error (error);
    g_assert_true (bd_actions_set_priority (here, &line, 1, 1, NULL, &error));
    g_assert_no_error (error);
  }
  bd_test_ui_wait_for (fixture, pushed_priority, "this machine's change on the server");

  /* Sync Now: in the main menu and on F5, a run at once */
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
  runs_before = bd_sync_controller_get_runs (controller (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL));
  bd_test_ui_wait_for (fixture, ran_again, "Sync Now's run");

  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-synced.png");
  /* as test-ui-eta narrows the queue: with animations, which the queue's
   * folding takes to allocate its panes */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  for (guint i = 0; i < 30; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-synced-narrow-dark.png");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  save_status_popover (fixture, button, "ui-sync-synced-popover-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
offline (Fixture *fixture)
{
  return bd_sync_controller_get_state (controller (fixture)) == BD_SYNC_STATE_OFFLINE;
}

static gboolean
pushed_offline_edit (Fixture *fixture)
{
  if (server_priority (fixture, "SO-1") == 2)
    return TRUE;
  g_usleep (G_USEC_PER_SEC / 5);
  return FALSE;
}

/* Without a network the header bar says offline and the work goes on
 * here; when the network is back, what was done offline goes to the
 * server by itself. */
static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  BdSyncStatusButton *button;
  const char *text;

  if (fixture->server == NULL)
    return;
  button = status_button (fixture);
  bd_sync_controller_set_network_monitor (controller (fixture), G_NETWORK_MONITOR (monitor));
  set_up_sync (fixture);
  bd_test_ui_wait_for (fixture, lines_listed, "the team's lines in the queue");
  bd_test_ui_wait_for (fixture, synced, "the sync to end");

  test_monitor_set_available (monitor, FALSE);
  bd_test_ui_wait_for (fixture, offline, "the sync to go offline");
  text = bd_sync_status_button_get_text (button);
  g_assert_true (g_str_has_prefix (text, "Offline"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (button),
                                                                              BD_TYPE_SYNC_STATUS_BUTTON,
                                                                              "menu_button"))), ==, text);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-offline.png");

  /* work goes on offline */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdStore) here = bd_store_open (fixture->database, &error);
    gint64 line = line_of (here, "SO-1");

    g_assert_no_error (error);
    g_assert_true (bd_actions_set_priority (here, &line, 1, 2, NULL, &error));
    g_assert_no_error (error);
  }
  bd_test_ui_drain ();
  g_assert_cmpint (bd_sync_controller_get_state (controller (fixture)), ==, BD_SYNC_STATE_OFFLINE);

  /* the network is back: it goes to the server */
  test_monitor_set_available (monitor, TRUE);
  bd_test_ui_wait_for (fixture, pushed_offline_edit, "the offline edit on the other machine");

  /* stopped for good (the window closing): the network coming and going
   * does not start it again */
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
  runs_before = bd_sync_controller_get_runs (controller (fixture));
  bd_sync_controller_stop (controller (fixture));
  test_monitor_set_available (monitor, FALSE);
  bd_test_ui_drain ();
  test_monitor_set_available (monitor, TRUE);
  bd_test_ui_settle ();
  g_assert_cmpint (bd_sync_controller_get_state (controller (fixture)), !=, BD_SYNC_STATE_SYNCING);
  g_assert_cmpuint (bd_sync_controller_get_runs (controller (fixture)), ==, runs_before);
}

/* ---- a first sync of a larger dataset ---- */

#define MORE_ORDERS 300

/* What the window's store told its lists: whether every table was
 * announced while a run wrote, and whether the lines were, by name. */
typedef struct
{
  BdSyncController *controller;
  guint all_while_syncing;
  guint lines_while_syncing;
} Announcements;

static void
record_announcement_cb (BdStore            *store,
                        const char * const *tables,
                        Announcements      *seen)
{
  if (bd_sync_controller_get_state (seen->controller) != BD_SYNC_STATE_SYNCING)
    return;
  if (g_strv_contains (tables, BD_STORE_ALL_TABLES))
    seen->all_while_syncing++;
  else if (g_strv_contains (tables, "order_lines"))
    seen->lines_while_syncing++;
}

/* Stop, as the popover's button does, once the first page is in: on the
 * update that says so, while the run goes on. */
static void
stop_at_first_page_cb (BdSyncController   *sync,
                       BdSyncStatusButton *button)
{
  GtkWidget *stop = bd_test_ui_template_child (button, BD_TYPE_SYNC_STATUS_BUTTON, "stop_button");

  if (bd_sync_controller_get_state (sync) != BD_SYNC_STATE_SYNCING || bd_sync_controller_get_progress (sync) == 0)
    return;
  g_signal_handlers_disconnect_by_func (sync, stop_at_first_page_cb, button);
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (stop)), ==, "sync-status.stop");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (button), "sync-status.stop", NULL));
}

static gboolean
stopped (Fixture *fixture)
{
  return bd_sync_controller_get_state (controller (fixture)) == BD_SYNC_STATE_STOPPED;
}

/* The team's server holds @n more orders from the @first, MORE_ORDERS of
 * them several pages of changes. */
static void
add_orders (Fixture *fixture,
            guint    first,
            guint    n)
{
  g_autoptr(GString) csv = g_string_new ("order_ref,ordered_at,customer_ref,customer_name,sku,quantity,"
                                         "backordered_quantity\n");
  g_autoptr(GError) error = NULL;

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (csv, "SO-1%04u,2026-03-04,C-1%04u,Customer %u,MUG,1,1\n", i, i, i);
  g_assert_true (bd_test_import_text (fixture->other, BD_IMPORT_ORDERS, csv->str, NULL, &error));
  g_assert_no_error (error);
  sync_other (fixture);
}

static gboolean
all_lines_listed (Fixture *fixture)
{
  return synced (fixture) && model_loaded (fixture) &&
         g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (fixture->page))) == 3 + MORE_ORDERS;
}

/* The first sync of a dataset of several pages: Stop (the popover's)
 * stops it after its first page, saying so; Sync Now goes on, and every
 * line arrives once. Meanwhile the open lists hear of the tables the runs
 * wrote by name (how often depends on the pages' pace: logged), and never
 * that every table changed, which would have them all read again after
 * every page. */
static void
test_stop_resume (Fixture       *fixture,
                  gconstpointer  data)
{
  BdSyncStatusButton *button;
  Announcements seen = { NULL, 0, 0 };
  BdStore *store;
  GtkWidget *stop;
  gulong handler;
  gint64 lines;

  if (fixture->server == NULL)
    return;
  add_orders (fixture, 0, MORE_ORDERS);

  button = status_button (fixture);
  store = bd_window_get_store (fixture->window);
  seen.controller = controller (fixture);
  handler = g_signal_connect (store, "changed", G_CALLBACK (record_announcement_cb), &seen);

  /* after the status button, which updates first */
  g_signal_connect_after (controller (fixture), "changed", G_CALLBACK (stop_at_first_page_cb), button);
  set_up_sync (fixture);
  bd_test_ui_wait_for (fixture, stopped, "Stop after the first page");
  stop = bd_test_ui_template_child (button, BD_TYPE_SYNC_STATUS_BUTTON, "stop_button");
  g_assert_true (g_str_has_prefix (bd_sync_status_button_get_text (button), "Sync stopped"));
  g_assert_false (gtk_widget_get_visible (stop));
  bd_test_ui_settle ();
  /* it stays stopped: no run by itself */
  g_assert_cmpint (bd_sync_controller_get_state (controller (fixture)), ==, BD_SYNC_STATE_STOPPED);
  lines = bd_test_count (store, "SELECT count(*) FROM order_lines");
  g_test_message ("%" G_GINT64_FORMAT " of %u lines in before the stop", lines, 3 + MORE_ORDERS);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-stopped.png");
  save_status_popover (fixture, button, "ui-sync-stopped-popover.png");

  /* Sync Now goes on: every line, once */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL));
  bd_test_ui_wait_for (fixture, all_lines_listed, "every line in the queue");
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM order_lines"), ==, 3 + MORE_ORDERS);
  g_assert_cmpint (bd_test_count (store, "SELECT count(DISTINCT uuid) FROM order_lines"), ==, 3 + MORE_ORDERS);

  g_signal_handler_disconnect (store, handler);
  g_test_message ("announced while syncing: every table %u times, the lines %u times", seen.all_while_syncing,
                  seen.lines_while_syncing);
  g_assert_cmpuint (seen.all_while_syncing, ==, 0);
}

#ifdef __linux__
/* The nice values of this process's threads named @name, from
 * /proc/self/task/TID/stat (field 19). */
static GArray *
threads_nice (const char *name)
{
  g_autoptr(GArray) nices = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after_comm;
      int nice;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      g_strchomp (comm);
      if (g_strcmp0 (comm, name) != 0)
        continue;
      /* "pid (comm) state ppid ...": the fields after the name */
      after_comm = strrchr (stat, ')');
      g_assert_nonnull (after_comm);
      fields = g_strsplit (after_comm + 2, " ", -1);
      g_assert_cmpuint (g_strv_length (fields), >, 16);
      nice = (int)g_ascii_strtoll (fields[16], NULL, 10);
      g_array_append_val (nices, nice);
    }
  return g_steal_pointer (&nices);
}

/* The run's threads give way to the window's: the queue scrolls while it
 * pulls (bench-ui-sync). Every thread named "sync": this run's, and any
 * of an earlier test's still ending, which gave way too. */
static void
assert_sync_gives_way (void)
{
  g_autoptr(GArray) sync_nice = threads_nice ("sync");
  int main_nice = getpriority (PRIO_PROCESS, getpid ());   /* the main thread's: its id is the process's */

  g_assert_cmpuint (sync_nice->len, >=, 1);
  if (main_nice >= 19)
    {
      g_test_message ("the tests run at the lowest priority already: no thread can give way");
      return;
    }
  for (guint i = 0; i < sync_nice->len; i++)
    g_assert_cmpint (g_array_index (sync_nice, int, i), ==, MIN (main_nice + 10, 19));
}
#endif

/* What the header bar said of a first sync's pages, as they came. */
typedef struct
{
  Fixture *fixture;
  GArray *done;           /* guint64: changes received ... */
  GArray *total;          /* ... of these */
} PagesSeen;

static void
record_pages_cb (BdSyncController *sync,
                 PagesSeen        *seen)
{
  BdSyncStatusButton *button = status_button (seen->fixture);
  GtkProgressBar *bar = GTK_PROGRESS_BAR (bd_test_ui_template_child (button, BD_TYPE_SYNC_STATUS_BUTTON,
                                                                     "progress_bar"));
  g_autofree char *bar_text = NULL;
  g_autofree char *status_text = NULL;
  guint64 done, total;

  if (!bd_sync_controller_get_pull_progress (sync, &done, &total))
    return;
  g_array_append_val (seen->done, done);
  g_array_append_val (seen->total, total);

  /* the bar: how far, in words and as a fraction; the button the same */
  bar_text = g_strdup_printf ("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " changes", done, total);
  status_text = g_strdup_printf ("Syncing: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " changes", done, total);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, bar_text);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (bar), (double)done / (double)total, 1e-9);
  g_assert_cmpstr (bd_sync_status_button_get_text (button), ==, status_text);

  /* the server holds the rest back while a person looks */
  if (seen->done->len == 1)
    bd_couch_server_pause (seen->fixture->server, TRUE);
}

static gboolean
twice_the_lines_listed (Fixture *fixture)
{
  return synced (fixture) && model_loaded (fixture) &&
         g_list_model_get_n_items (G_LIST_MODEL (bd_queue_page_get_model (fixture->page))) == 3 + 2 * MORE_ORDERS;
}

static gboolean
first_page_in (PagesSeen *seen)
{
  return seen->done->len > 0;
}

/* The first sync of a dataset of several pages says how far it is: "N of
 * M changes", with a bar that fills. PouchDB Server's pages do not say
 * how many are left ("pending", CouchDB 2+): the engine counts them from
 * the database's last sequence, an upper bound that comes down to the
 * exact count by the last page. */
static void
test_progress_total (Fixture       *fixture,
                     gconstpointer  data)
{
  PagesSeen seen = { fixture, g_array_new (FALSE, FALSE, sizeof (guint64)),
                     g_array_new (FALSE, FALSE, sizeof (guint64)) };
  BdSyncStatusButton *button = status_button (fixture);
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(BdCouch) admin = NULL;
  g_autoptr(GError) error = NULL;
  guint64 docs;

  if (fixture->server == NULL)
    return;
  /* four pages: the one fetched while the second is written may be the
   * last, which would end the run while the server is paused */
  add_orders (fixture, 0, 2 * MORE_ORDERS);
  admin = admin_couch (fixture);
  info = bd_couch_request (admin, "GET", "", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  docs = json_object_get_int_member (json_node_get_object (info), "doc_count");

  /* after the status button, which updates first */
  g_signal_connect_after (controller (fixture), "changed", G_CALLBACK (record_pages_cb), &seen);
  set_up_sync (fixture);
  bd_test_ui_wait_for (&seen, first_page_in, "the first page");
  bd_test_ui_settle ();
  g_assert_cmpint (bd_sync_controller_get_state (controller (fixture)), ==, BD_SYNC_STATE_SYNCING);
#ifdef __linux__
  assert_sync_gives_way ();
#endif
  save_status_popover (fixture, button, "ui-sync-progress-popover.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  save_status_popover (fixture, button, "ui-sync-progress-popover-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  bd_couch_server_pause (fixture->server, FALSE);
  bd_test_ui_wait_for (fixture, twice_the_lines_listed, "every line in the queue");
  g_signal_handlers_disconnect_by_func (controller (fixture), record_pages_cb, &seen);

  for (guint i = 0; i < seen.done->len; i++)
    g_test_message ("page %u: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT, i + 1,
                    g_array_index (seen.done, guint64, i), g_array_index (seen.total, guint64, i));
  /* every page but the last is full: each said how far */
  g_assert_cmpuint (seen.done->len, ==, (docs + BD_SYNC_PAGE_SIZE - 1) / BD_SYNC_PAGE_SIZE);
  g_assert_cmpuint (g_array_index (seen.done, guint64, 0), ==, BD_SYNC_PAGE_SIZE);
  g_assert_cmpuint (g_array_index (seen.total, guint64, 0), >=, docs);
  for (guint i = 1; i < seen.done->len; i++)
    {
      g_assert_cmpuint (g_array_index (seen.done, guint64, i), >, g_array_index (seen.done, guint64, i - 1));
      g_assert_cmpuint (g_array_index (seen.total, guint64, i), <=, g_array_index (seen.total, guint64, i - 1));
    }
  g_assert_cmpuint (g_array_index (seen.done, guint64, seen.done->len - 1), ==, docs);
  g_assert_cmpuint (g_array_index (seen.total, guint64, seen.done->len - 1), ==, docs);
  g_array_unref (seen.done);
  g_array_unref (seen.total);
}

static gboolean
attention_counted (Fixture *fixture)
{
  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 1 &&
         bd_sync_controller_get_n_conflicts (controller (fixture)) == 1;
}

static gboolean
conflict_decided (Fixture *fixture)
{
  return bd_sync_controller_get_n_conflicts (controller (fixture)) == 0;
}

/* A write the server refused and a conflict no rule settled, left by a
 * run: the header bar says so, with a warning, and its Review… opens the
 * Conflicts window; deciding there updates the header bar. */
static void
test_attention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BdSyncStatusButton *button;
  BdConflictsDialog *dialog;
  GtkWidget *review;
  GtkWidget *row;
  const char *text;

  if (fixture->server == NULL)
    return;
  button = status_button (fixture);
  set_up_sync (fixture);
  bd_test_ui_wait_for (fixture, lines_listed, "the team's lines in the queue");
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
  review = bd_test_ui_template_child (button, BD_TYPE_SYNC_STATUS_BUTTON, "attention_box");
  g_assert_false (gtk_widget_get_visible (review));

  /* what a run leaves (another connection, as the sync's thread writes) */
  {
    g_autoptr(BdStore) here = bd_store_open (fixture->database, &error);

    g_assert_no_error (error);
    g_assert_true (bd_store_exec (here,
                                  "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value,"
                                  " local_updated_at, remote_updated_at, created_at)"
                                  " SELECT 'customer:' || uuid, 'name', 'Ada L.', name, '2026-04-01T10:00:00Z',"
                                  " '2026-04-01T09:00:00Z', '2026-04-01T10:05:00Z' FROM customers WHERE ref = 'C-1';"
                                  "INSERT INTO sync_refused (doc_id, reason, body, refused_at)"
                                  " SELECT 'customer:' || uuid, 'admin may not write this', '{}',"
                                  " '2026-04-01T10:06:00Z' FROM customers WHERE ref = 'C-2'", &error));
    g_assert_no_error (error);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL));
  bd_test_ui_wait_for (fixture, attention_counted, "the run's count of what is left");
  text = bd_sync_status_button_get_text (button);
  g_test_message ("status: %s", text);
  g_assert_true (g_str_has_prefix (text, "Synced, last at "));
  g_assert_true (g_str_has_suffix (text, "1 change refused by the server, 1 conflict to decide."));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_template_child (GTK_WIDGET (button),
                                                                                      BD_TYPE_SYNC_STATUS_BUTTON,
                                                                                      "icon"))), ==,
                   "dialog-warning-symbolic");
  g_assert_true (gtk_widget_get_visible (review));
  save_status_popover (fixture, button, "ui-sync-attention-popover.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  save_status_popover (fixture, button, "ui-sync-attention-popover-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Review… opens the Conflicts window; Keep Theirs there */
  row = gtk_widget_get_last_child (review);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.show-conflicts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-conflicts", NULL));
  dialog = bd_test_ui_find_window (BD_TYPE_CONFLICTS_DIALOG);
  g_assert_nonnull (dialog);
  while (bd_conflicts_dialog_get_loading (dialog))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_conflicts (dialog), ==, 1);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_refused (dialog), ==, 1);
  row = bd_test_ui_find_widget (GTK_WIDGET (dialog), BD_TYPE_CONFLICT_ROW);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "conflicts.keep-theirs", "x",
                                             bd_conflict_row_get_id (BD_CONFLICT_ROW (row))));
  bd_test_ui_wait_for (fixture, conflict_decided, "the header bar to count again");
  g_assert_true (g_str_has_suffix (bd_sync_status_button_get_text (button), "1 change refused by the server."));
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_drain ();
}

/* Whether a label under @root shows @text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (!gtk_widget_get_visible (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

#define OTHER_NOTE "Customer rang: keep it, whatever the wait"

static gboolean
note_in_detail (Fixture *fixture)
{
  GtkWidget *detail = bd_test_ui_find_widget (GTK_WIDGET (fixture->window), BD_TYPE_LINE_DETAIL);

  return detail != NULL && shows_label (detail, OTHER_NOTE);
}

static char *priority_author;

static gboolean
priority_written (Fixture *fixture)
{
  g_autoptr(BdStore) store = bd_store_open (fixture->database, NULL);

  g_clear_pointer (&priority_author, g_free);
  priority_author = bd_test_text (store, "SELECT author FROM events WHERE action = 'priority'"
                                         " AND new_value = '2'");
  if (priority_author == NULL)
    g_usleep (G_USEC_PER_SEC / 20);
  return priority_author != NULL;
}

/* The line open in the detail pane follows another machine's note, no
 * one asking: the pane, not only the list. A change made there (the
 * queue's writer, a connection of its own) is in the sync user's name,
 * the only one the server lets this user write events in. */
static void
test_detail_follows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *model;
  guint position = GTK_INVALID_LIST_POSITION;
  gint64 line;

  if (fixture->server == NULL)
    return;
  set_up_sync (fixture);
  bd_test_ui_wait_for (fixture, lines_listed, "the team's lines in the queue");
  bd_test_ui_wait_for (fixture, synced, "the sync to end");

  model = G_LIST_MODEL (bd_queue_page_get_model (fixture->page));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BdBackorder) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (bd_backorder_get_order_ref (row), "SO-2") == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), position, TRUE));
  bd_test_ui_drain ();
  g_assert_false (note_in_detail (fixture));

  line = line_of (fixture->other, "SO-2");
  g_assert_true (bd_notes_add (fixture->other, line, OTHER_NOTE, NULL, &error));
  g_assert_no_error (error);
  sync_other (fixture);
  bd_test_ui_wait_for (fixture, note_in_detail, "the other machine's note in the detail pane");
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-detail-follows.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i", 2));
  bd_test_ui_wait_for (fixture, priority_written, "the priority's event");
  g_assert_cmpstr (priority_author, ==, BD_COUCH_SERVER_ADMIN);
  g_clear_pointer (&priority_author, g_free);
}

/* ---- a write the server refuses ---- */

#define CLERK "clerk"
#define AGENT "ann"
#define USER_PASSWORD "pw-of-user"

/* The server set up as `sync setup` does, with @user of @role, and the
 * app syncing as that user. */
static void
set_up_sync_as (Fixture    *fixture,
                const char *user,
                const char *role)
{
  g_autoptr(BdCouch) admin = admin_couch (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSyncMap) map = bd_sync_map_new (fixture->other, &error);
  BdSyncPreferencesPage *page;

  g_assert_no_error (error);
  g_assert_true (bd_sync_setup_server (admin, map, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bd_sync_add_user (admin, user, role, USER_PASSWORD, NULL, &error));
  g_assert_no_error (error);

  page = open_sync_page (fixture);
  fill_in (fixture, page, USER_PASSWORD);
  gtk_editable_set_text (page_row (page, "user_row"), user);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
  bd_test_ui_wait_for (fixture, lines_listed, "the team's lines in the queue");
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
}

/* The Conflicts window's row of @doc_id refused, or NULL. */
static GtkWidget *
find_refused_row (GtkWidget  *root,
                  const char *doc_id)
{
  if (BD_IS_REFUSED_ROW (root) && g_strcmp0 (bd_refused_row_get_doc_id (BD_REFUSED_ROW (root)), doc_id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_refused_row (child, doc_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Review… from @from (a banner; the window, as the header bar's) opens
 * the Conflicts window, which lists @n_refused writes, @doc_id's refused
 * for @reason; Discard there. */
static void
discard_refused (GtkWidget  *from,
                 const char *doc_id,
                 const char *reason,
                 guint       n_refused)
{
  BdConflictsDialog *dialog;
  GtkWidget *refused;

  g_assert_true (gtk_widget_activate_action (from, "win.show-conflicts", NULL));
  dialog = bd_test_ui_find_window (BD_TYPE_CONFLICTS_DIALOG);
  g_assert_nonnull (dialog);
  while (bd_conflicts_dialog_get_loading (dialog))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_refused (dialog), ==, n_refused);
  refused = find_refused_row (GTK_WIDGET (dialog), doc_id);
  g_assert_nonnull (refused);
  g_assert_true (shows_label (refused, reason));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "conflicts.discard", "s", doc_id));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* @window's PNGs at its size, dark, and at a phone's width, dark. */
static void
save_dark_and_narrow (GtkWindow  *window,
                      const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *narrow = g_strdup_printf ("%s-narrow-dark.png", name);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (window), dark);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (window, 360, 720);
  for (guint i = 0; i < 30; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (window), narrow);
}

static void
restore_style (Fixture *fixture)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 720);
}

/* The tooltips of the queue's refused-change markers shown, one "text\n"
 * each. */
static void
shown_refused_markers (GtkWidget *root,
                       GString   *found)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_IMAGE (root) && g_strcmp0 (gtk_widget_get_name (root), "refused-marker") == 0)
    g_string_append_printf (found, "%s\n", gtk_widget_get_tooltip_text (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    shown_refused_markers (child, found);
}

/* The markers under @root show @reason, each in the same words as the
 * banner; none for NULL. Returns the banner's words. */
static char *
assert_refused_markers (GtkWidget  *root,
                        const char *reason)
{
  g_autoptr(GString) found = g_string_new (NULL);
  g_autofree char *want = reason != NULL ? g_strdup_printf ("The server refused this change: %s\n", reason)
                                         : g_strdup ("");

  bd_test_ui_settle ();
  shown_refused_markers (root, found);
  g_assert_cmpstr (found->str, ==, want);
  if (reason == NULL)
    return NULL;
  want[strlen (want) - 1] = '\0';
  return g_steal_pointer (&want);
}

static gboolean
refusal_counted (Fixture *fixture)
{
  g_autoptr(BdBackorder) row = listed_row (fixture, "SO-2", NULL);

  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 1 &&
         row != NULL && bd_backorder_get_refused_reason (row) != NULL;
}

static gboolean
refusal_discarded (Fixture *fixture)
{
  g_autoptr(BdBackorder) row = listed_row (fixture, "SO-2", NULL);

  return model_loaded (fixture) && row != NULL && bd_backorder_get_refused_reason (row) == NULL &&
         bd_backorder_get_priority (row) == 0;
}

static BdRefusedBanner *
refused_banner (Fixture *fixture)
{
  GtkWidget *detail = bd_test_ui_find_widget (GTK_WIDGET (fixture->window), BD_TYPE_LINE_DETAIL);

  g_assert_nonnull (detail);
  return BD_REFUSED_BANNER (bd_test_ui_find_widget (detail, BD_TYPE_REFUSED_BANNER));
}

/* A team set up as `sync setup` does, the app syncing as a purchasing
 * clerk, who may not change a line's priority: the server refuses it
 * with its reason (403 from validate_doc_update). The change is kept
 * here and marked where the line is worked, in the queue's row and the
 * line's pane, which leads to the Conflicts window; Discard there brings
 * the line back to the server's version, and the marks go. */
static void
test_refused_marked (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BdBackorder) row = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *want = NULL;
  BdRefusedBanner *banner;
  const char *reason;
  guint position = GTK_INVALID_LIST_POSITION;

  if (fixture->server == NULL)
    return;
  set_up_sync_as (fixture, CLERK, "purchasing");

  /* the clerk makes SO-2 urgent, from the queue */
  row = listed_row (fixture, "SO-2", &position);
  g_assert_nonnull (row);
  g_assert_null (bd_backorder_get_refused_reason (row));
  doc_id = g_strconcat ("order_line:", bd_backorder_get_uuid (row), NULL);
  g_clear_object (&row);
  g_assert_true (gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), position, TRUE));
  bd_test_ui_drain ();
  g_assert_null (bd_refused_banner_get_text (refused_banner (fixture)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "queue.set-priority", "i", 2));
  bd_test_ui_wait_for (fixture, refusal_counted, "the server's refusal marked in the queue");

  /* the server's reason, the change kept */
  row = listed_row (fixture, "SO-2", NULL);
  reason = bd_backorder_get_refused_reason (row);
  g_test_message ("refused: %s", reason);
  g_assert_cmpstr (reason, ==, CLERK " (purchasing) may not change the \"priority\" of a order_line");
  g_assert_cmpint (bd_backorder_get_priority (row), ==, 2);
  g_assert_cmpint (server_priority (fixture, "SO-2"), ==, 0);
  g_assert_true (g_str_has_suffix (bd_sync_status_button_get_text (status_button (fixture)),
                                   "1 change refused by the server."));

  /* marked in the row (for the eye and a screen reader) and the pane */
  want = assert_refused_markers (GTK_WIDGET (bd_queue_page_get_column_view (fixture->page)), reason);
  banner = refused_banner (fixture);
  g_assert_cmpstr (bd_refused_banner_get_text (banner), ==, want);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused.png");
  save_dark_and_narrow (GTK_WINDOW (fixture->window), "ui-sync-refused");
  /* Enter on the line, as on a phone: its pane (without the slide: with
   * it, LeakSanitizer found render nodes of libadwaita's drawing left
   * behind) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", position);
  for (guint i = 0; i < 30; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused-pane-narrow-dark.png");
  restore_style (fixture);

  /* Review… in the pane: the Conflicts window, the same reason there;
   * Discard: the server's version again, no mark left */
  discard_refused (GTK_WIDGET (banner), doc_id, reason, 1);
  bd_test_ui_wait_for (fixture, refusal_discarded, "the server's version back in the queue");
  bd_test_ui_settle ();
  assert_refused_markers (GTK_WIDGET (bd_queue_page_get_column_view (fixture->page)), NULL);
  g_assert_null (bd_refused_banner_get_text (refused_banner (fixture)));
  g_assert_cmpint (bd_test_count (bd_window_get_store (fixture->window), "SELECT count(*) FROM sync_refused"), ==, 0);
}

/* The team's supplier S-1, and @purchase_orders_csv of it, on the
 * server. */
static void
add_supplier (Fixture    *fixture,
              const char *purchase_orders_csv)
{
  BdSupplierFields fields = { .name = "Acme Mugs", .phone = "+1 555 0100" };
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_suppliers_create (fixture->other, "S-1", &fields, NULL, &error));
  g_assert_no_error (error);
  if (purchase_orders_csv != NULL)
    g_assert_true (bd_test_import_text (fixture->other, BD_IMPORT_PURCHASE_ORDERS, purchase_orders_csv, NULL,
                                        &error));
  g_assert_no_error (error);
  sync_other (fixture);
}

static BdSuppliersPage *
suppliers_page (Fixture *fixture)
{
  return BD_SUPPLIERS_PAGE (bd_window_get_suppliers_page (fixture->window));
}

static BdSupplier *
shown_supplier (Fixture *fixture)
{
  GListModel *shown = bd_suppliers_page_get_shown (suppliers_page (fixture));

  return g_list_model_get_n_items (shown) == 1 ? g_list_model_get_item (shown, 0) : NULL;
}

static gboolean
supplier_selected (Fixture *fixture)
{
  return bd_suppliers_page_select (suppliers_page (fixture), "S-1");
}

static gboolean
supplier_refused (Fixture *fixture)
{
  g_autoptr(BdSupplier) supplier = shown_supplier (fixture);

  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 1 &&
         supplier != NULL && bd_supplier_get_refused_reason (supplier) != NULL &&
         !bd_suppliers_page_get_busy (suppliers_page (fixture)) &&
         g_strcmp0 (bd_suppliers_page_get_shown_ref (suppliers_page (fixture)), "S-1") == 0;
}

static gboolean
supplier_discarded (Fixture *fixture)
{
  g_autoptr(BdSupplier) supplier = shown_supplier (fixture);

  return supplier != NULL && bd_supplier_get_refused_reason (supplier) == NULL &&
         g_strcmp0 (bd_supplier_get_phone (supplier), "+1 555 0100") == 0 &&
         !bd_suppliers_page_get_busy (suppliers_page (fixture));
}

/* An agent may not write suppliers: the agent's edit of one is refused
 * by the server, kept, and marked in the Suppliers page's list and pane;
 * Discard brings the server's version back. */
static void
test_refused_supplier (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSupplier) supplier = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *want = NULL;
  BdRefusedBanner *banner;
  const char *reason;

  if (fixture->server == NULL)
    return;
  add_supplier (fixture, NULL);
  set_up_sync_as (fixture, AGENT, "agent");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (suppliers_page (fixture)),
                                                                                  ADW_TYPE_VIEW_STACK)),
                                         "suppliers");

  /* the agent changes the supplier's phone (another connection, as the
   * page's writer does, in the sync user's name) */
  {
    g_autoptr(BdStore) here = bd_store_open (fixture->database, &error);
    BdSupplierFields fields = { .phone = "+1 555 0199" };

    g_assert_no_error (error);
    bd_store_set_author (here, AGENT);
    g_assert_true (bd_suppliers_edit (here, "S-1", &fields, NULL, &error));
    g_assert_no_error (error);
    doc_id = bd_test_text (here, "SELECT 'supplier:' || uuid FROM suppliers WHERE ref = 'S-1'");
  }
  bd_test_ui_wait_for (fixture, supplier_selected, "the supplier listed");
  bd_test_ui_wait_for (fixture, supplier_refused, "the server's refusal marked in the Suppliers page");

  supplier = shown_supplier (fixture);
  reason = bd_supplier_get_refused_reason (supplier);
  g_test_message ("refused: %s", reason);
  g_assert_cmpstr (reason, ==, AGENT " (agent) may not write supplier documents");
  g_assert_cmpstr (bd_supplier_get_phone (supplier), ==, "+1 555 0199");
  want = assert_refused_markers (GTK_WIDGET (suppliers_page (fixture)), reason);
  banner = BD_REFUSED_BANNER (bd_test_ui_template_child (suppliers_page (fixture), BD_TYPE_SUPPLIERS_PAGE,
                                                         "refused_banner"));
  g_assert_cmpstr (bd_refused_banner_get_text (banner), ==, want);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused-supplier.png");
  save_dark_and_narrow (GTK_WINDOW (fixture->window), "ui-sync-refused-supplier");
  restore_style (fixture);

  discard_refused (GTK_WIDGET (banner), doc_id, reason, 1);
  bd_test_ui_wait_for (fixture, supplier_discarded, "the server's version back in the Suppliers page");
  bd_test_ui_settle ();
  assert_refused_markers (GTK_WIDGET (suppliers_page (fixture)), NULL);
  g_assert_null (bd_refused_banner_get_text (banner));
}

static BdRefusedBanner *
po_banner (Fixture *fixture)
{
  return BD_REFUSED_BANNER (bd_test_ui_find_widget (GTK_WIDGET (bd_window_get_po_page (fixture->window)),
                                                    BD_TYPE_REFUSED_BANNER));
}

static gboolean
po_refused (Fixture *fixture)
{
  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 2 &&
         bd_refused_banner_get_text (po_banner (fixture)) != NULL;
}

static gboolean
po_discarded (Fixture *fixture)
{
  g_autofree char *expected = bd_test_text (bd_window_get_store (fixture->window),
                                            "SELECT expected_at FROM purchase_orders WHERE number = 'PO-1'");

  return bd_refused_banner_get_text (po_banner (fixture)) == NULL && g_strcmp0 (expected, "2026-03-20") == 0;
}

/* An agent may not write purchase orders: the agent's new date for one
 * is refused by the server, kept, and marked in the Purchase Orders
 * page's list and pane (the expected date it gave the line it covers is
 * refused too: an agent may not write a line's ETA); Discard brings the
 * server's date back. */
static void
test_refused_po (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *want = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *po_page;

  if (fixture->server == NULL)
    return;
  add_supplier (fixture, "po_number,supplier_ref,sku,quantity,quantity_received,ordered_at,expected_at,status\n"
                         "PO-1,S-1,LAMP,5,,2026-03-01,2026-03-20,sent\n");
  set_up_sync_as (fixture, AGENT, "agent");
  po_page = GTK_WIDGET (bd_window_get_po_page (fixture->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-po", "s", "PO-1"));

  /* the agent moves its date (another connection, in the sync user's
   * name, as the page's writer does) */
  {
    g_autoptr(BdStore) here = bd_store_open (fixture->database, &error);

    g_assert_no_error (error);
    bd_store_set_author (here, AGENT);
    g_assert_true (bd_purchase_orders_set_expected (here, bd_test_count (here, "SELECT id FROM purchase_orders"
                                                                               " WHERE number = 'PO-1'"),
                                                    "2026-04-30", NULL, &error));
    g_assert_no_error (error);
    doc_id = bd_test_text (here, "SELECT 'purchase_order:' || uuid FROM purchase_orders WHERE number = 'PO-1'");
  }
  bd_test_ui_wait_for (fixture, po_refused, "the server's refusal marked in the Purchase Orders page");

  reason = bd_test_text (bd_window_get_store (fixture->window),
                         "SELECT reason FROM sync_refused WHERE doc_id LIKE 'purchase_order:%'");
  g_test_message ("refused: %s", reason);
  g_assert_cmpstr (reason, ==, AGENT " (agent) may not write purchase_order documents");
  want = assert_refused_markers (po_page, reason);
  g_assert_cmpstr (bd_refused_banner_get_text (po_banner (fixture)), ==, want);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused-po.png");
  save_dark_and_narrow (GTK_WINDOW (fixture->window), "ui-sync-refused-po");
  restore_style (fixture);

  discard_refused (GTK_WIDGET (po_banner (fixture)), doc_id, reason, 2);
  bd_test_ui_wait_for (fixture, po_discarded, "the server's date back in the Purchase Orders page");
  bd_test_ui_settle ();
  assert_refused_markers (po_page, NULL);
}

static BdCustomerView *
customer_view (void)
{
  BdCustomerView *view = bd_test_ui_find_window (BD_TYPE_CUSTOMER_VIEW);

  g_assert_nonnull (view);
  return view;
}

static BdRefusedBanner *
customer_banner (void)
{
  return BD_REFUSED_BANNER (bd_test_ui_template_child (customer_view (), BD_TYPE_CUSTOMER_VIEW, "refused_banner"));
}

static gboolean
customer_refused (Fixture *fixture)
{
  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 1 &&
         bd_refused_banner_get_text (customer_banner ()) != NULL;
}

static gboolean
customer_discarded (Fixture *fixture)
{
  g_autofree char *email = bd_test_text (bd_window_get_store (fixture->window),
                                         "SELECT ifnull (email, '') FROM customers WHERE ref = 'C-1'");

  return bd_refused_banner_get_text (customer_banner ()) == NULL && g_strcmp0 (email, "") == 0;
}

/* A purchasing clerk may not write customers: the clerk's new email for
 * one, typed in the customer's window, is refused by the server, kept,
 * and the window says so with the server's reason; its Review… opens the
 * Conflicts window over it, where Discard brings the server's version
 * back. (There is no list of customers to mark: a customer is opened
 * from a line or by their reference.) */
static void
test_refused_customer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *doc_id = NULL;
  g_autofree char *want = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *email = NULL;
  BdCustomerView *view;
  GtkWidget *email_row;

  if (fixture->server == NULL)
    return;
  set_up_sync_as (fixture, CLERK, "purchasing");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s", "C-1"));
  view = customer_view ();
  gtk_window_set_default_size (GTK_WINDOW (view), 640, 720);
  g_assert_null (bd_refused_banner_get_text (customer_banner ()));
  g_assert_false (gtk_widget_get_visible (bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "refused_group")));

  /* the clerk types Ada's email in her window and saves it */
  email_row = bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "email_row");
  gtk_editable_set_text (GTK_EDITABLE (email_row), "ada@example.org");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.save-contact", NULL));
  g_assert_null (bd_customer_view_get_error (view));
  doc_id = bd_test_text (bd_window_get_store (fixture->window),
                         "SELECT 'customer:' || uuid FROM customers WHERE ref = 'C-1'");
  bd_test_ui_wait_for (fixture, customer_refused, "the server's refusal marked in the customer's window");

  /* the server's reason, the change kept, said in the window */
  reason = bd_test_text (bd_window_get_store (fixture->window),
                         "SELECT reason FROM sync_refused WHERE doc_id LIKE 'customer:%'");
  g_test_message ("refused: %s", reason);
  g_assert_cmpstr (reason, ==, CLERK " (purchasing) may not write customer documents");
  email = bd_test_text (bd_window_get_store (fixture->window), "SELECT email FROM customers WHERE ref = 'C-1'");
  g_assert_cmpstr (email, ==, "ada@example.org");
  want = bd_refused_banner_describe (reason);
  g_assert_cmpstr (bd_refused_banner_get_text (customer_banner ()), ==, want);
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "refused_group")));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (customer_banner ())));
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-sync-refused-customer.png");
  save_dark_and_narrow (GTK_WINDOW (view), "ui-sync-refused-customer");
  restore_style (fixture);

  /* Review…: the Conflicts window over the customer's; Discard there */
  discard_refused (GTK_WIDGET (customer_banner ()), doc_id, reason, 1);
  bd_test_ui_wait_for (fixture, customer_discarded, "the server's version back in the customer's window");
  g_assert_false (gtk_widget_get_visible (bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "refused_group")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "");
  gtk_window_destroy (GTK_WINDOW (view));
  bd_test_ui_drain ();
}

#define TEMPLATE_BODY "SELECT body FROM templates WHERE kind = 'delay_update' AND language = 'en'"

static BdCommunicationPage *
communication_page (Fixture *fixture)
{
  return BD_COMMUNICATION_PAGE (bd_window_get_communication_page (fixture->window));
}

static BdRefusedBanner *
template_banner (Fixture *fixture)
{
  return BD_REFUSED_BANNER (bd_test_ui_template_child (bd_communication_page_get_editor (communication_page (fixture)),
                                                       BD_TYPE_TEMPLATE_EDITOR, "refused_banner"));
}

static gboolean
template_refused (Fixture *fixture)
{
  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 1 &&
         bd_refused_banner_get_text (template_banner (fixture)) != NULL;
}

static char *template_body_before;

static gboolean
template_discarded (Fixture *fixture)
{
  g_autofree char *body = bd_test_text (bd_window_get_store (fixture->window), TEMPLATE_BODY);

  return bd_refused_banner_get_text (template_banner (fixture)) == NULL &&
         g_strcmp0 (body, template_body_before) == 0;
}

/* A purchasing clerk may not write templates (an agent may): the clerk's
 * edit of one, saved in the Communication page, is refused by the
 * server, kept, and marked in the page's list of kinds and in the
 * editor; Discard brings the server's text back. */
static void
test_refused_template (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *doc_id = NULL;
  g_autofree char *want = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *body = NULL;
  BdTemplateEditor *editor;
  GtkWidget *kinds;

  if (fixture->server == NULL)
    return;
  set_up_sync_as (fixture, CLERK, "purchasing");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (communication_page (fixture)),
                                                                                  ADW_TYPE_VIEW_STACK)),
                                         "communication");
  bd_communication_page_select (communication_page (fixture), "delay_update", "en");
  editor = bd_communication_page_get_editor (communication_page (fixture));
  kinds = bd_test_ui_template_child (communication_page (fixture), BD_TYPE_COMMUNICATION_PAGE, "kind_list");
  g_assert_null (bd_refused_banner_get_text (template_banner (fixture)));
  g_clear_pointer (&template_body_before, g_free);
  template_body_before = bd_test_text (bd_window_get_store (fixture->window), TEMPLATE_BODY);
  g_assert_nonnull (template_body_before);
  assert_refused_markers (kinds, NULL);

  /* the clerk rewrites the delay update and saves it */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (bd_test_ui_template_child (editor,
                                                                                              BD_TYPE_TEMPLATE_EDITOR,
                                                                                              "body_view"))),
                            "Hello {{customer.name}}, {{product.name}} is late.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "template.save", NULL));
  doc_id = bd_test_text (bd_window_get_store (fixture->window),
                         "SELECT 'template:' || uuid FROM templates WHERE kind = 'delay_update' AND language = 'en'");
  bd_test_ui_wait_for (fixture, template_refused, "the server's refusal marked in the Communication page");

  /* the server's reason, the change kept, marked in the list and editor */
  reason = bd_test_text (bd_window_get_store (fixture->window),
                         "SELECT reason FROM sync_refused WHERE doc_id LIKE 'template:%'");
  g_test_message ("refused: %s", reason);
  g_assert_cmpstr (reason, ==, CLERK " (purchasing) may not write template documents");
  body = bd_test_text (bd_window_get_store (fixture->window), TEMPLATE_BODY);
  g_assert_cmpstr (body, ==, "Hello {{customer.name}}, {{product.name}} is late.");
  want = assert_refused_markers (kinds, reason);
  g_assert_cmpstr (bd_refused_banner_get_text (template_banner (fixture)), ==, want);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused-template.png");
  save_dark_and_narrow (GTK_WINDOW (fixture->window), "ui-sync-refused-template");
  restore_style (fixture);

  discard_refused (GTK_WIDGET (template_banner (fixture)), doc_id, reason, 1);
  bd_test_ui_wait_for (fixture, template_discarded, "the server's text back in the Communication page");
  assert_refused_markers (kinds, NULL);
  g_clear_pointer (&template_body_before, g_free);
}

#define NOTE_REFUSED CLERK " (purchasing) may not write note documents"
#define COMPLAINT_REFUSED CLERK " (purchasing) may not write complaint documents"
#define MARKED(reason) "The server refused this change: " reason "\n"

/* The line pane's list @name: "history_list", "notes_list". */
static GtkWidget *
detail_list (Fixture    *fixture,
             const char *name)
{
  GtkWidget *detail = bd_test_ui_find_widget (GTK_WIDGET (fixture->window), BD_TYPE_LINE_DETAIL);

  g_assert_nonnull (detail);
  return bd_test_ui_template_child (detail, BD_TYPE_LINE_DETAIL, name);
}

static GtkWidget *
history_list (Fixture *fixture)
{
  return detail_list (fixture, "history_list");
}

/* Scrolls the scrolled window around @widget to its top, or as far as
 * it goes (a pane just shown is laid out over a few frames). */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  for (guint i = 0; i < 20; i++)
    {
      graphene_point_t point;

      g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      gtk_adjustment_set_value (adjustment, point.y);
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_settle ();
}

/* Whether the refused-change markers under @root say @want, in order. */
static gboolean
markers_say (GtkWidget  *root,
             const char *want)
{
  g_autoptr(GString) found = g_string_new (NULL);

  shown_refused_markers (root, found);
  return g_strcmp0 (found->str, want) == 0;
}

static gboolean
notes_refused (Fixture *fixture)
{
  /* the history newest first: the complaint, then the note */
  return synced (fixture) && bd_sync_controller_get_n_refused (controller (fixture)) == 2 &&
         markers_say (history_list (fixture), MARKED (COMPLAINT_REFUSED) MARKED (NOTE_REFUSED));
}

static gboolean
timeline_read (Fixture *fixture)
{
  BdSqlListModel *timeline = bd_customer_view_get_timeline (customer_view ());

  return !bd_sql_list_model_get_loading (timeline) && !bd_sql_list_model_get_partial (timeline);
}

static gboolean
note_discarded (Fixture *fixture)
{
  return markers_say (history_list (fixture), MARKED (COMPLAINT_REFUSED)) &&
         markers_say (detail_list (fixture, "notes_list"), MARKED (COMPLAINT_REFUSED)) &&
         markers_say (bd_test_ui_template_child (customer_view (), BD_TYPE_CUSTOMER_VIEW, "timeline_view"),
                      MARKED (COMPLAINT_REFUSED));
}

/* A purchasing clerk may not write notes or complaints: the clerk's note
 * and complaint on a line are refused by the server and kept; the line's
 * pane marks them in its notes and its history, the customer's window
 * in their complaints and timeline, each with its reason (the line
 * itself is not refused: no banner).
 * Discard of the note from the header bar's Review… takes its marks away,
 * in the open pane and timeline, and leaves the complaint's. */
static void
test_refused_note (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdBackorder) row = NULL;
  g_autofree char *note_doc = NULL;
  GtkWidget *timeline;
  BdCustomerView *view;
  guint position = GTK_INVALID_LIST_POSITION;

  if (fixture->server == NULL)
    return;
  set_up_sync_as (fixture, CLERK, "purchasing");
  row = listed_row (fixture, "SO-2", &position);
  g_assert_nonnull (row);
  g_assert_true (gtk_selection_model_select_item (bd_queue_page_get_selection (fixture->page), position, TRUE));
  bd_test_ui_drain ();
  g_assert_true (markers_say (history_list (fixture), ""));
  g_assert_true (markers_say (detail_list (fixture, "notes_list"), ""));

  /* the clerk notes what the customer said, and logs a complaint
   * (another connection, in the sync user's name, as the pane's writer) */
  {
    g_autoptr(BdStore) here = bd_store_open (fixture->database, &error);
    gint64 line;

    g_assert_no_error (error);
    bd_store_set_author (here, CLERK);
    line = line_of (here, "SO-2");
    g_assert_true (bd_notes_add (here, line, "Grace asked for the blue one", NULL, &error));
    g_assert_no_error (error);
    g_assert_true (bd_notes_add_complaint (here, line, "delay", "Waited three weeks already", NULL, &error));
    g_assert_no_error (error);
    note_doc = bd_test_text (here, "SELECT 'note:' || uuid FROM notes");
  }
  bd_test_ui_wait_for (fixture, notes_refused, "the server's refusals marked in the line's history");
  g_assert_null (bd_refused_banner_get_text (refused_banner (fixture)));
  g_assert_cmpint (bd_test_count (bd_window_get_store (fixture->window),
                                  "SELECT count(*) FROM notes WHERE body = 'Grace asked for the blue one'"), ==, 1);
  /* the notes oldest first */
  g_assert_true (markers_say (detail_list (fixture, "notes_list"), MARKED (NOTE_REFUSED) MARKED (COMPLAINT_REFUSED)));
  scroll_to (history_list (fixture));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused-history.png");
  save_dark_and_narrow (GTK_WINDOW (fixture->window), "ui-sync-refused-history");
  /* the line's pane at a phone's width (without the slide, as above) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_signal_emit_by_name (bd_queue_page_get_column_view (fixture->page), "activate", position);
  bd_test_ui_settle ();
  scroll_to (history_list (fixture));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-sync-refused-history-pane-narrow-dark.png");
  restore_style (fixture);

  /* the customer's timeline, oldest first: the note, then the complaint */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s", "C-2"));
  view = customer_view ();
  gtk_window_set_default_size (GTK_WINDOW (view), 640, 720);
  bd_test_ui_settle ();
  g_assert_true (markers_say (bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "complaints_list"),
                              MARKED (COMPLAINT_REFUSED)));
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-sync-refused-complaints.png");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW,
                                                                                    "view_stack")),
                                         "timeline");
  bd_test_ui_wait_for (fixture, timeline_read, "the customer's timeline");
  bd_test_ui_settle ();
  timeline = bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "timeline_view");
  g_assert_true (markers_say (timeline, MARKED (NOTE_REFUSED) MARKED (COMPLAINT_REFUSED)));
  bd_test_ui_save_png (GTK_WIDGET (view), "ui-sync-refused-timeline.png");
  save_dark_and_narrow (GTK_WINDOW (view), "ui-sync-refused-timeline");
  restore_style (fixture);

  /* Review… from the header bar: Discard of the note; the complaint's
   * marks stay */
  discard_refused (GTK_WIDGET (fixture->window), note_doc, NOTE_REFUSED, 2);
  bd_test_ui_wait_for (fixture, note_discarded, "the note's marks gone from the history and the timeline");
  g_assert_cmpint (bd_test_count (bd_window_get_store (fixture->window), "SELECT count(*) FROM sync_refused"), ==, 1);
  g_assert_true (markers_say (bd_test_ui_template_child (view, BD_TYPE_CUSTOMER_VIEW, "complaints_list"),
                              MARKED (COMPLAINT_REFUSED)));
  gtk_window_destroy (GTK_WINDOW (view));
  bd_test_ui_drain ();
}

/* Files under @dir holding @needle, one "path\n" each. */
static void
files_holding (const char *dir,
               const char *needle,
               GString    *found)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        files_holding (path, needle, found);
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               memmem (contents, length, needle, strlen (needle)) != NULL)
        g_string_append_printf (found, "%s\n", path);
    }
}

/* After sync is set up and has run, the password is in the keyring and
 * nowhere else: not in the database or its WAL, not in the settings'
 * keyfile, not in a log line. */
static void
test_password_not_stored (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) found = g_string_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
  g_autofree char *account = NULL;
  g_autofree char *kept = NULL;
  BdSyncPreferencesPage *page;

  if (fixture->server == NULL)
    return;
  page = open_sync_page (fixture);
  fill_in (fixture, page, BD_COUCH_SERVER_ADMIN_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  {
    AdwStyleManager *style = adw_style_manager_get_default ();
    GtkWidget *preferences = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page)));

    /* the page at a phone's width, dark */
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    gtk_window_set_default_size (GTK_WINDOW (preferences), 360, 720);
    for (guint i = 0; i < 20; i++)
      {
        bd_test_ui_drain ();
        g_usleep (10000);
      }
    bd_test_ui_save_png (preferences, "ui-sync-preferences-narrow-dark.png");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  }
  bd_test_ui_wait_for (fixture, lines_listed, "the team's lines in the queue");
  bd_test_ui_wait_for (fixture, synced, "the sync to end");
  g_settings_sync ();

  /* the keyring has it, under the CLI's account */
  account = g_strdup_printf ("%s@%s", BD_COUCH_SERVER_ADMIN, bd_couch_server_get_url (fixture->server));
  if (!g_str_has_suffix (account, "/"))
    {
      char *with_slash = g_strconcat (account, "/", NULL);

      g_free (account);
      account = with_slash;
    }
  kept = bd_secret_lookup (BD_SECRET_SYNC, account, NULL, NULL);
  g_assert_cmpstr (kept, ==, BD_COUCH_SERVER_ADMIN_PASSWORD);

  g_assert_true (g_file_test (fixture->database, G_FILE_TEST_EXISTS));
  files_holding (fixture->dir, BD_COUCH_SERVER_ADMIN_PASSWORD, found);
  files_holding (g_get_user_config_dir (), BD_COUCH_SERVER_ADMIN_PASSWORD, found);
  g_assert_cmpstr (found->str, ==, "");
  g_assert_null (strstr (log_text->str, BD_COUCH_SERVER_ADMIN_PASSWORD));
  /* the search finds what is there: the server's address */
  files_holding (fixture->dir, bd_couch_server_get_url (fixture->server), found);
  g_assert_cmpstr (found->str, !=, "");
}

/* ---- TLS ---- */

/* An HTTPS server that answers every request as a CouchDB database
 * would, with a certificate of its own that no system trusts: node, as
 * PouchDB Server runs on. */
static GSubprocess *
https_server_start (const char *cert,
                    const char *key,
                    guint      *port)
{
  static const char script[] =
    "const fs = require('fs');"
    "const server = require('https').createServer("
    "  { cert: fs.readFileSync(process.argv[1]), key: fs.readFileSync(process.argv[2]) },"
    "  (req, res) => { res.setHeader('Content-Type', 'application/json');"
    "                  res.end('{\"db_name\":\"team\",\"doc_count\":0}'); });"
    "server.listen(0, '127.0.0.1', () => console.log(server.address().port));";
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "node", "-e", script, cert, key, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  *port = atoi (line);
  g_assert_cmpuint (*port, >, 0);
  return server;
}

/* A server whose certificate the system does not trust: Test Connection
 * says so and does not connect; with its authority chosen as the CA file,
 * it connects; an unreadable CA file is named. */
static void
test_certificate (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GSubprocess) https = NULL;
  BdSyncPreferencesPage *page;
  guint port;

  if (fixture->server == NULL)
    return;
  bd_test_make_certificate (fixture->dir, &cert, &key);
  https = https_server_start (cert, key, &port);
  url = g_strdup_printf ("https://127.0.0.1:%u/", port);

  page = open_sync_page (fixture);
  fill_in (fixture, page, "secret");
  gtk_editable_set_text (page_row (page, "url_row"), url);

  /* the system's authorities: refused, never ignored */
  test_connection (fixture, page);
  g_assert_true (bd_sync_preferences_page_get_failed (page));
  g_assert_nonnull (strstr (bd_sync_preferences_page_get_result (page), "certificate that cannot be trusted"));

  /* its own authority: connected */
  bd_sync_preferences_page_set_ca_file (page, cert);
  test_connection (fixture, page);
  g_assert_false (bd_sync_preferences_page_get_failed (page));
  g_assert_true (g_str_has_prefix (bd_sync_preferences_page_get_result (page), "Connected"));

  /* kept with the server, for the sync */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  g_assert_false (bd_sync_preferences_page_get_failed (page));
  {
    g_autofree char *kept = bd_sync_get_setting (bd_window_get_store (fixture->window), "sync.ca_file");

    g_assert_cmpstr (kept, ==, cert);
  }
  bd_sync_controller_stop (controller (fixture));

  /* a file that is no certificate: named, nothing saved */
  missing = g_build_filename (fixture->dir, "missing.pem", NULL);
  bd_sync_preferences_page_set_ca_file (page, missing);
  test_connection (fixture, page);
  g_assert_true (bd_sync_preferences_page_get_failed (page));
  g_assert_nonnull (strstr (bd_sync_preferences_page_get_result (page), missing));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync-preferences.save", NULL));
  g_assert_true (bd_sync_preferences_page_get_failed (page));
  g_assert_nonnull (strstr (bd_sync_preferences_page_get_result (page), "Not saved"));
  {
    g_autofree char *kept = bd_sync_get_setting (bd_window_get_store (fixture->window), "sync.ca_file");

    g_assert_cmpstr (kept, ==, cert);
  }

  g_subprocess_force_exit (https);
  g_subprocess_wait (https, NULL, NULL);
}

/* ---- the logs, searched for the password ---- */

static GLogWriterOutput
log_writer_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (log_text, "%s=%s\n", fields[i].key, (const char *)fields[i].value);
    else
      {
        g_string_append_printf (log_text, "%s=", fields[i].key);
        g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }

  /* debug and info kept only here: on stdout they would break TAP */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config_dir = NULL;
  int status;

  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  /* settings in a keyfile of the test's own, searched for the password,
   * and every log line kept */
  config_dir = bd_test_tmpdir ();
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestUiSync");

  g_test_add ("/ui-sync/setup-and-automatic", Fixture, NULL, fixture_set_up, test_setup_and_automatic,
              fixture_tear_down);
  g_test_add ("/ui-sync/password-not-stored", Fixture, NULL, fixture_set_up, test_password_not_stored,
              fixture_tear_down);
  g_test_add ("/ui-sync/offline", Fixture, NULL, fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/ui-sync/certificate", Fixture, NULL, fixture_set_up, test_certificate, fixture_tear_down);
  g_test_add ("/ui-sync/stop-resume", Fixture, NULL, fixture_set_up, test_stop_resume, fixture_tear_down);
  g_test_add ("/ui-sync/attention", Fixture, NULL, fixture_set_up, test_attention, fixture_tear_down);
  g_test_add ("/ui-sync/detail-follows", Fixture, NULL, fixture_set_up, test_detail_follows, fixture_tear_down);
  g_test_add ("/ui-sync/progress-total", Fixture, NULL, fixture_set_up, test_progress_total, fixture_tear_down);
  g_test_add ("/ui-sync/refused-supplier", Fixture, NULL, fixture_set_up, test_refused_supplier, fixture_tear_down);
  g_test_add ("/ui-sync/refused-po", Fixture, NULL, fixture_set_up, test_refused_po, fixture_tear_down);
  g_test_add ("/ui-sync/refused-customer", Fixture, NULL, fixture_set_up, test_refused_customer,
              fixture_tear_down);
  g_test_add ("/ui-sync/refused-template", Fixture, NULL, fixture_set_up, test_refused_template,
              fixture_tear_down);
  g_test_add ("/ui-sync/refused-note", Fixture, NULL, fixture_set_up, test_refused_note, fixture_tear_down);
  g_test_add ("/ui-sync/refused-marked", Fixture, NULL, fixture_set_up, test_refused_marked, fixture_tear_down);

  bd_test_keyring_start ();
  status = g_test_run ();
  g_clear_object (&app);
  bd_test_keyring_stop ();
  bd_test_rm_rf (config_dir);
  g_string_free (log_text, TRUE);
  return status;
}
