/* test-preferences.c: the Preferences window, driven as a person would,
 * under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <adwaita.h>

#include "bd-application.h"
#include "bd-preferences-window.h"
#include "bd-team-settings.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* A program of its own rather than a part of test-ui: GLib keeps the
 * names of types, signals and properties as quarks, and when a process
 * makes more than 2,048 of them it drops its first table of them without
 * freeing it, by design (gquark.c). LeakSanitizer reports those 16 KiB,
 * and with the fast unwinder the report holds no frame to suppress it by.
 * test-ui is close to that number; the Preferences window's widgets would
 * take it past. */

typedef struct
{
  char *dir;
  char *database;
  BdWindow *window;
} Fixture;

static BdApplication *app;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for: %s", (const char *)data);
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_for (Fixture    *fixture,
          Condition   condition,
          const char *what)
{
  guint timeout = g_timeout_add_seconds (30, timeout_cb, (gpointer)what);

  while (!condition (fixture))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

static void
drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
window_ready (Fixture *fixture)
{
  return g_strcmp0 (bd_window_get_state (fixture->window), "loading") != 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BdStore) store = NULL;

  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);
  store = bd_store_create (fixture->database, NULL);
  g_assert_nonnull (store);
  g_clear_object (&store);

  fixture->window = bd_window_new (app, fixture->database, TRUE);
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_for (fixture, window_ready, "the window to open its store");
  drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  /* what the window's threads finish after it went (a query, a write)
   * reaches the main loop a little later, on a loaded machine later still;
   * freed only then, it is no leak at exit */
  for (guint i = 0; i < 50; i++)
    {
      drain ();
      g_usleep (10000);
    }
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

/* Writes what @widget shows to a PNG in the build directory, for a person
 * to look at (as test-ui does). */
static void
save_png (GtkWidget  *widget,
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

/* Labels showing @text in @root. */
static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_get_child_visible (root) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

/* The Preferences window of the window on screen, or NULL. */
static BdPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (BD_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return BD_PREFERENCES_WINDOW (window);
    }

  return NULL;
}

static gboolean
preferences_written (Fixture *fixture)
{
  BdPreferencesWindow *preferences = find_preferences ();

  return preferences != NULL && !bd_preferences_window_get_busy (preferences);
}

/* A shortcut of @widget's class: @keyval with @modifiers runs @action. */
static gboolean
has_shortcut (GtkWidget       *widget,
              guint            keyval,
              GdkModifierType  modifiers,
              const char      *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (named) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static GtkWidget *
preferences_child (BdPreferencesWindow *preferences,
                   const char          *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                BD_TYPE_PREFERENCES_WINDOW, name));

  g_assert_nonnull (child);
  return child;
}

static char *
team_setting (const char *database,
              const char *key)
{
  g_autoptr(BdStore) store = bd_store_open (database, NULL);

  return bd_team_settings_get (store, key, NULL);
}

static gboolean
handling_days_is_6 (Fixture *fixture)
{
  BdPreferencesWindow *preferences = find_preferences ();

  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (preferences_child (preferences, "handling_spin"))) == 6;
}

/* Preferences (the main menu, Ctrl+,) shows the team's settings and
 * writes each change for the whole team; a value a setting does not take
 * is refused with a toast, and another program's change shows, except in
 * a text someone is editing. */
static void
test_preferences (Fixture       *fixture,
                     gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  BdPreferencesWindow *preferences;
  GtkEditable *company_row;
  GtkEditable *prefix_row;
  GtkTextBuffer *address;
  GtkRevealer *address_revealer;
  GtkSpinButton *handling_spin;
  GtkSpinButton *chase_spin;
  AdwComboRow *policy_row;
  g_autoptr(GError) error = NULL;

  g_assert_true (has_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_comma, GDK_CONTROL_MASK,
                               "win.preferences"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (fixture->window));

  company_row = GTK_EDITABLE (preferences_child (preferences, "company_name_row"));
  prefix_row = GTK_EDITABLE (preferences_child (preferences, "po_prefix_row"));
  address = gtk_text_view_get_buffer (GTK_TEXT_VIEW (preferences_child (preferences, "address_view")));
  address_revealer = GTK_REVEALER (preferences_child (preferences, "address_revealer"));
  handling_spin = GTK_SPIN_BUTTON (preferences_child (preferences, "handling_spin"));
  chase_spin = GTK_SPIN_BUTTON (preferences_child (preferences, "chase_spin"));
  policy_row = ADW_COMBO_ROW (preferences_child (preferences, "policy_row"));

  /* the defaults, as nothing is set */
  g_assert_cmpstr (gtk_editable_get_text (company_row), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (prefix_row), ==, "PO");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (handling_spin), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (chase_spin), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (policy_row), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (address_revealer));

  /* each change is written for the team */
  gtk_spin_button_set_value (chase_spin, 5);
  gtk_editable_set_text (company_row, "Acme Homeware");
  g_signal_emit_by_name (company_row, "apply");
  adw_combo_row_set_selected (policy_row, 1);
  gtk_text_buffer_set_text (address, "1 Harbour Road\nGöteborg", -1);
  g_assert_true (gtk_revealer_get_reveal_child (address_revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.apply-address", NULL));
  wait_for (fixture, preferences_written, "the settings to be written");
  g_assert_false (gtk_revealer_get_reveal_child (address_revealer));

  {
    g_autofree char *chase = team_setting (fixture->database, "chase_days");
    g_autofree char *company = team_setting (fixture->database, "company_name");
    g_autofree char *policy = team_setting (fixture->database, "allocation_policy");
    g_autofree char *stored_address = team_setting (fixture->database, "company_address");

    g_assert_cmpstr (chase, ==, "5");
    g_assert_cmpstr (company, ==, "Acme Homeware");
    g_assert_cmpstr (policy, ==, "priority");
    g_assert_cmpstr (stored_address, ==, "1 Harbour Road\nGöteborg");
  }
  save_png (GTK_WIDGET (preferences), "ui-preferences.png");
  /* all of it, down to the allocation policy */
  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 1000);
  for (guint i = 0; i < 20; i++)
    {
      drain ();
      g_usleep (10000);
    }
  save_png (GTK_WIDGET (preferences), "ui-preferences-all.png");

  /* a prefix PO numbers cannot take: refused, said, and the row shows
   * what is stored again */
  gtk_editable_set_text (prefix_row, "PO-1");
  g_signal_emit_by_name (prefix_row, "apply");
  wait_for (fixture, preferences_written, "the prefix to be refused");
  drain ();
  g_assert_cmpstr (gtk_editable_get_text (prefix_row), ==, "PO");
  g_assert_cmpuint (count_labels (GTK_WIDGET (preferences),
                                  "The PO number prefix (po_prefix) expects letters A to Z and digits only, like PO, found “PO-1”"), ==, 1);
  {
    g_autofree char *prefix = team_setting (fixture->database, "po_prefix");
    g_assert_cmpstr (prefix, ==, "PO");
  }

  /* another program changes settings: they show, but not over a text
   * being edited */
  gtk_editable_set_text (company_row, "Acme Homeware Ltd");
  {
    g_autoptr(BdStore) other = bd_store_open (fixture->database, &error);

    g_assert_no_error (error);
    g_assert_true (bd_team_settings_set (other, "company_name", "Someone Else", NULL, &error));
    g_assert_true (bd_team_settings_set (other, "handling_days", "6", NULL, &error));
    g_assert_no_error (error);
  }
  wait_for (fixture, handling_days_is_6, "the other program's change to show");
  g_assert_cmpstr (gtk_editable_get_text (company_row), ==, "Acme Homeware Ltd");

  /* narrow and dark */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 360, 720);
  for (guint i = 0; i < 20; i++)
    {
      drain ();
      g_usleep (10000);
    }
  save_png (GTK_WIDGET (preferences), "ui-preferences-narrow-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (preferences));
  drain ();
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = bd_application_new ("io.github.backorderdesk.BackorderDesk.TestPreferences", G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;

    g_application_register (G_APPLICATION (app), NULL, &error);
    g_assert_no_error (error);
  }

  g_test_add ("/preferences/window", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);

  return g_test_run ();
}
