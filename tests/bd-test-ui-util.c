/* bd-test-ui-util.c: helpers the UI tests share
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-test-ui-util"

#include "config.h"

#include <adwaita.h>

#include "bd-demo.h"
#include "bd-queue-page-private.h"
#include "bd-test-ui-util.h"

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for: %s", (const char *)data);
  return G_SOURCE_REMOVE;
}

void
bd_test_ui_wait_for_func (gpointer           data,
                          BdTestUiCondition  condition,
                          const char        *what)
{
  guint timeout = g_timeout_add_seconds (30, timeout_cb, (gpointer)what);

  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

/* Runs what is ready to run, without waiting for more. */
void
bd_test_ui_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Lets a third of a second of frames, idles and thread results pass: for
 * what has no signal to wait for (a popover's layout, a list's rows). */
void
bd_test_ui_settle (void)
{
  for (guint i = 0; i < 30; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
}

/* Writes what @widget shows to a PNG in the build directory, for a person
 * to look at. A window just presented has no size until a frame passes,
 * and a dialog fades in from nothing: wait until there is something to
 * draw. */
void
bd_test_ui_save_png (GtkWidget  *widget,
                     const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = 0, height = 0;

  for (guint i = 0; i < 400 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      g_main_context_iteration (NULL, FALSE);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (gtk_widget_get_mapped (widget) && width > 0)
        {
          gdk_paintable_snapshot (paintable, snapshot, width, height);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        }
      if (node == NULL)
        g_usleep (5000);
    }
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

/* The child @name of @widget's template, which must be there. */
GtkWidget *
bd_test_ui_template_child (gpointer    widget,
                           GType       type,
                           const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* A new store at @database with the sample data of 400 orders (seed 3),
 * dated from now: what most UI tests start from. */
void
bd_test_ui_make_demo_store (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_create (database, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  BdDemoOptions options = { 400, 3, now };

  g_assert_no_error (error);
  g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
window_ready (BdWindow *window)
{
  return g_strcmp0 (bd_window_get_state (window), "loading") != 0;
}

/* The tests read what the queue's rows show: they wait for the rows as
 * long as a loaded test machine takes to read them, where the app waits
 * 10 ms and shows them empty meanwhile (which /ui/rows-read-apart and the
 * queue model's tests test). */
void
bd_test_ui_patient_rows (BdWindow *window)
{
  bd_queue_page_set_row_wait (bd_window_get_queue_page (window), 60 * 1000);
}

/* A window of @app on @database, presented at @width x @height, once it
 * has opened its store (the test holds a reference). */
BdWindow *
bd_test_ui_open_window (BdApplication *app,
                        const char    *database,
                        gboolean       create,
                        int            width,
                        int            height)
{
  BdWindow *window = bd_window_new (app, database, create);

  bd_test_ui_patient_rows (window);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  bd_test_ui_wait_for (window, window_ready, "the window to open its store");
  return window;
}

/* Destroys every window but @keep: the dialogs a test left open. */
void
bd_test_ui_destroy_dialogs (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != keep)
        gtk_window_destroy (window);
    }
}

/* The queue's columns as a person left them live in GSettings, which the
 * memory backend keeps for the whole run: each test starts from none. */
void
bd_test_ui_reset_queue_columns (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");

  g_settings_reset (settings, "queue-column-order");
  g_settings_reset (settings, "queue-hidden-columns");
  g_settings_reset (settings, "queue-column-widths");
}

/* The visible window of @type (a dialog a test opened), or NULL. */
gpointer
bd_test_ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* GTK and libadwaita set up for a test run of windows, and the test's
 * application registered under @application_id (once per process: an
 * application id is registered on the session bus once). Call
 * bd_test_keep_glib_quark_block() before it. The tests check what the
 * window does, not how it slides: without animations nothing is left
 * running in libadwaita 1.2's animation code when a test's window goes
 * (a rare crash there under a loaded run, and the leaflet's slide leaks
 * under the sanitizers). */
BdApplication *
bd_test_ui_init (int         *argc,
                 char      ***argv,
                 const char  *application_id)
{
  g_autoptr(GError) error = NULL;
  BdApplication *app;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = bd_application_new (application_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* The first widget of @type at or under @root, or NULL. */
GtkWidget *
bd_test_ui_find_widget (GtkWidget *root,
                        GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_test_ui_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Runs the main loop for half a second: what a window's threads finish
 * after it went (a query, a write) reaches the main loop a little later,
 * on a loaded machine later still; freed only then, it is no leak at
 * exit. */
void
bd_test_ui_wind_down (void)
{
  for (guint i = 0; i < 50; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
}

/* Scrolls the scrolled window around @widget until @widget is near its
 * top, for a picture of it. */
void
bd_test_ui_scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  g_assert_nonnull (scroller);
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), point.y - 24);
  bd_test_ui_settle ();
}
