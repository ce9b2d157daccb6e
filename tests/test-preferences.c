/* test-preferences.c: the Preferences window, driven as a person would,
 * under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preferences"

#define _GNU_SOURCE  /* memmem() */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "bd-application.h"
#include "bd-export.h"
#include "bd-install-settings.h"
#include "bd-messages.h"
#include "bd-messages-preferences-page.h"
#include "bd-secrets.h"
#include "bd-preferences-window.h"
#include "bd-team-settings.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

#include <string.h>

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

  fixture->window = bd_test_ui_open_window (app, fixture->database, TRUE, 1280, 800);
  bd_test_ui_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_wind_down ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
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
  return bd_test_ui_find_window (BD_TYPE_PREFERENCES_WINDOW);
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
  bd_test_ui_wait_for (fixture, preferences_written, "the settings to be written");
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
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences.png");
  /* all of it, down to the allocation policy */
  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 1000);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences-all.png");

  /* a prefix PO numbers cannot take: refused, said, and the row shows
   * what is stored again */
  gtk_editable_set_text (prefix_row, "PO-1");
  g_signal_emit_by_name (prefix_row, "apply");
  bd_test_ui_wait_for (fixture, preferences_written, "the prefix to be refused");
  bd_test_ui_drain ();
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
  bd_test_ui_wait_for (fixture, handling_days_is_6, "the other program's change to show");
  g_assert_cmpstr (gtk_editable_get_text (company_row), ==, "Acme Homeware Ltd");

  /* narrow and dark */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 360, 720);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences-narrow-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (preferences));
  bd_test_ui_drain ();
}

static gboolean
service_level_is_90 (Fixture *fixture)
{
  BdPreferencesWindow *preferences = find_preferences ();
  GtkSpinButton *spin = GTK_SPIN_BUTTON (preferences_child (preferences, "service_level_spin"));

  return fabs (gtk_spin_button_get_value (spin) - 90) < 1e-9;
}

static void
set_service_level (Fixture       *fixture,
                   GtkSpinButton *spin,
                   double         percent,
                   const char    *stored)
{
  g_autofree char *value = NULL;

  gtk_spin_button_set_value (spin, percent);
  bd_test_ui_wait_for (fixture, preferences_written, "the service level to be written");
  value = team_setting (fixture->database, "service_level");
  g_assert_cmpstr (value, ==, stored);
}

/* The forecast's service level is set in percent, for the team, from 50
 * to 99.9 (the fraction the setting keeps); another program's change
 * shows. */
static void
test_preferences_service_level (Fixture       *fixture,
                                gconstpointer  data)
{
  BdPreferencesWindow *preferences;
  GtkSpinButton *spin;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  spin = GTK_SPIN_BUTTON (preferences_child (preferences, "service_level_spin"));

  /* the default, 95% */
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 95, 1e-9);

  set_service_level (fixture, spin, 97.5, "0.975");
  /* out of the range: held at its ends */
  set_service_level (fixture, spin, 120, "0.999");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 99.9, 1e-9);
  set_service_level (fixture, spin, 10, "0.5");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 50, 1e-9);

  {
    g_autoptr(BdStore) other = bd_store_open (fixture->database, &error);

    g_assert_no_error (error);
    g_assert_true (bd_team_settings_set (other, "service_level", "0.9", NULL, &error));
    g_assert_no_error (error);
  }
  bd_test_ui_wait_for (fixture, service_level_is_90, "the other program's service level to show");

  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 1200);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences-service-level.png");

  gtk_window_destroy (GTK_WINDOW (preferences));
  bd_test_ui_drain ();
}

/* Everything logged while the tests run, to look for secrets in. */
static GString *log_text;

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

static GtkWidget *
page_child (GtkWidget  *page,
            const char *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (page, BD_TYPE_MESSAGES_PREFERENCES_PAGE, name));

  g_assert_nonnull (child);
  return child;
}

static char *
install_setting (const char *database,
                 const char *key)
{
  g_autoptr(BdStore) store = bd_store_open (database, NULL);

  return bd_install_settings_get (store, key);
}

static BdMessagesPreferencesPage *testing_page;

static gboolean
test_sent (Fixture *fixture)
{
  return !bd_messages_preferences_page_get_testing (testing_page);
}

static void
apply_text (GtkWidget  *page,
            const char *row,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, row)), text);
  g_signal_emit_by_name (page_child (page, row), "apply");
}

static void
send_test (Fixture    *fixture,
           GtkWidget  *page,
           const char *to)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (page, "test_to_row")), to);
  g_assert_true (gtk_widget_activate_action (page, "messages-preferences.send-test", NULL));
  testing_page = BD_MESSAGES_PREFERENCES_PAGE (page);
  bd_test_ui_wait_for (fixture, test_sent, "the test message");
}

#define SMTP_PASSWORD "Pw-9f3c1b7e-smtp"
#define SMS_TOKEN "Tk-52aa90d4-sms"

/* Whether @path's bytes hold @needle. */
static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* Every file under @dir that holds @needle, as "a, b". */
static void
files_holding (const char *dir,
               const char *needle,
               GString    *found)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        files_holding (path, needle, found);
      else if (file_holds (path, needle))
        g_string_append_printf (found, "%s%s", found->len ? ", " : "", path);
    }
}

/* The Messages page: this computer's mail server and SMS gateway, set as
 * they are applied (a value a setting does not take is refused and the
 * store left as it was); the password and the token go to the keyring and
 * are never shown again; Send Test Message sends one through the server
 * with the password from the keyring, and says why when it cannot. */
static void
test_messages_page (Fixture       *fixture,
                    gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *received = g_build_filename (fixture->dir, "received.jsonl", NULL);
  g_autofree char *smtp_auth = g_strdup ("desk:" SMTP_PASSWORD);
  const char *smtp_args[] = { "--auth", smtp_auth, NULL };
  g_autoptr(GSubprocess) smtp = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *port_text = NULL;
  BdPreferencesWindow *preferences;
  GtkWidget *page;
  GtkLabel *test_label;
  guint port = 0;

  smtp = bd_test_smtp_server_start (received, smtp_args, &port);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  page = bd_test_ui_find_widget (GTK_WIDGET (preferences), BD_TYPE_MESSAGES_PREFERENCES_PAGE);
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  test_label = GTK_LABEL (page_child (page, "test_label"));

  /* nothing set: the test says what is missing */
  send_test (fixture, page, "ada@mail.example");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (test_label)));
  g_assert_cmpstr (gtk_label_get_label (test_label), ==, "Not sent: No mail server is set: enter its host first");

  /* a sender that is no address: refused, said, nothing stored */
  apply_text (page, "from_row", "not an address");
  g_assert_cmpstr (bd_messages_preferences_page_get_problem (BD_MESSAGES_PREFERENCES_PAGE (page)), ==,
                   "smtp.from: “not an address” is not an email address");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (page, "from_row"))), ==, "");
  {
    g_autofree char *from = install_setting (fixture->database, "smtp.from");
    g_assert_null (from);
  }

  /* a password before the host and user it is for */
  apply_text (page, "password_row", SMTP_PASSWORD);
  g_assert_cmpstr (bd_messages_preferences_page_get_problem (BD_MESSAGES_PREFERENCES_PAGE (page)), ==,
                   "Set the mail server’s host and user first: the password is kept for them");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (page, "password_row"))), ==, "");

  apply_text (page, "host_row", "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (page_child (page, "port_spin")), port);
  adw_combo_row_set_selected (ADW_COMBO_ROW (page_child (page, "security_row")), 2);
  apply_text (page, "user_row", "desk");
  apply_text (page, "from_row", "desk@shop.example");
  apply_text (page, "password_row", SMTP_PASSWORD);
  g_assert_null (bd_messages_preferences_page_get_problem (BD_MESSAGES_PREFERENCES_PAGE (page)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (page, "password_row"))), ==, "");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page_child (page, "password_row"))), ==,
                   "Password (kept in the keyring)");
  apply_text (page, "sms_url_row", "http://127.0.0.1:9/sms");
  apply_text (page, "sms_token_row", SMS_TOKEN);
  g_assert_null (bd_messages_preferences_page_get_problem (BD_MESSAGES_PREFERENCES_PAGE (page)));

  port_text = g_strdup_printf ("%u", port);
  {
    g_autofree char *host = install_setting (fixture->database, "smtp.host");
    g_autofree char *stored_port = install_setting (fixture->database, "smtp.port");
    g_autofree char *security = install_setting (fixture->database, "smtp.security");
    g_autofree char *user = install_setting (fixture->database, "smtp.user");
    g_autofree char *from = install_setting (fixture->database, "smtp.from");
    g_autofree char *url = install_setting (fixture->database, "sms.url");
    g_autofree char *password = bd_secret_lookup (BD_SECRET_SMTP, "desk@127.0.0.1", NULL, NULL);
    g_autofree char *token = bd_secret_lookup (BD_SECRET_SMS, "http://127.0.0.1:9/sms", NULL, NULL);

    g_assert_cmpstr (host, ==, "127.0.0.1");
    g_assert_cmpstr (stored_port, ==, port_text);
    g_assert_cmpstr (security, ==, "none");
    g_assert_cmpstr (user, ==, "desk");
    g_assert_cmpstr (from, ==, "desk@shop.example");
    g_assert_cmpstr (url, ==, "http://127.0.0.1:9/sms");
    g_assert_cmpstr (password, ==, SMTP_PASSWORD);
    g_assert_cmpstr (token, ==, SMS_TOKEN);
  }
  /* "none" is for a relay on this computer, and says so */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (page, "security_row"))), ==,
                   "Nothing is encrypted: only for a mail relay on this computer");

  /* the test goes through the server, logged in with the keyring's password */
  send_test (fixture, page, "ada@mail.example");
  g_assert_cmpstr (gtk_label_get_label (test_label), ==, "Sent to ada@mail.example: the mail server took it");
  messages = bd_test_smtp_received (received);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (test_label), "error"));
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences-messages.png");

  /* and says why it did not go */
  send_test (fixture, page, "nobody");
  g_assert_cmpstr (gtk_label_get_label (test_label), ==,
                   "Not sent: “nobody” is not an email address to send the test to");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (test_label), "error"));
  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 1000);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences-messages-all.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 360, 720);
  for (guint i = 0; i < 20; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  bd_test_ui_save_png (GTK_WIDGET (preferences), "ui-preferences-messages-narrow-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* messages sent, failed and exported with the secrets in use: neither
   * is anywhere but the keyring */
  {
    g_autoptr(BdStore) store = bd_store_open (fixture->database, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(BdTransport) transport = bd_transport_new_from_settings (store, FALSE, NULL, &error);
    g_autoptr(BdOutgoing) mail = bd_outgoing_new (BD_CHANNEL_EMAIL);
    g_autoptr(BdOutgoing) sms = bd_outgoing_new (BD_CHANNEL_SMS);
    g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
    g_autofree char *export_path = g_build_filename (fixture->dir, "export.csv", NULL);
    g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
    g_autoptr(GFileOutputStream) out = NULL;
    g_autoptr(GString) found = g_string_new (NULL);
    g_autoptr(GSettings) settings = g_settings_new ("io.github.backorderdesk.BackorderDesk");
    g_autofree char *mail_uuid = NULL;
    g_autofree char *sms_uuid = NULL;
    const char *secrets[] = { SMTP_PASSWORD, SMS_TOKEN };

    g_assert_no_error (error);
    mail->recipient = g_strdup ("bruno@mail.example");
    mail->subject = g_strdup ("Your order");
    mail->body = g_strdup ("It is on its way.");
    g_assert_true (bd_messages_send (store, transport, mail, &mail_uuid, &error));
    g_assert_no_error (error);
    sms->recipient = g_strdup ("+4915100000000");
    sms->body = g_strdup ("It is on its way.");
    g_assert_false (bd_messages_send (store, transport, sms, &sms_uuid, &error));
    g_assert_nonnull (error);
    g_message ("the gateway's refusal: %s", error->message);
    g_clear_error (&error);

    query->status = BD_STATUS_FILTER_ALL;
    out = g_file_replace (export_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (bd_export_backorders_csv (store, query, G_OUTPUT_STREAM (out), NULL, &error));
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
    g_assert_no_error (error);
    g_settings_sync ();

    g_assert_true (g_file_test (fixture->database, G_FILE_TEST_EXISTS));
    for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
      {
        /* the store and its WAL, the export, the settings' keyfile */
        files_holding (fixture->dir, secrets[i], found);
        files_holding (g_get_user_config_dir (), secrets[i], found);
        g_assert_cmpstr (found->str, ==, "");
        g_assert_null (strstr (log_text->str, secrets[i]));
      }
    /* the search finds what is there */
    files_holding (fixture->dir, "bruno@mail.example", found);
    g_assert_cmpstr (found->str, !=, "");
    g_assert_nonnull (strstr (log_text->str, "the gateway's refusal"));
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
  bd_test_ui_drain ();
  bd_test_smtp_server_stop (&smtp);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config_dir = NULL;
  int status;

  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  /* settings in a keyfile of the test's own, searched for secrets, and
   * every log line kept */
  config_dir = bd_test_tmpdir ();
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestPreferences");

  g_test_add ("/preferences/window", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);
  g_test_add ("/preferences/messages", Fixture, NULL, fixture_set_up, test_messages_page, fixture_tear_down);
  g_test_add ("/preferences/service-level", Fixture, NULL, fixture_set_up, test_preferences_service_level,
              fixture_tear_down);

  bd_test_keyring_start ();
  status = g_test_run ();
  g_clear_object (&app);
  bd_test_keyring_stop ();
  bd_test_rm_rf (config_dir);
  g_string_free (log_text, TRUE);
  return status;
}
