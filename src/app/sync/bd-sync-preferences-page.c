/* bd-sync-preferences-page.c: Preferences' Sync page, the team's server
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-preferences-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-secret-row.h"
#include "bd-sync.h"
#include "bd-sync-controller.h"
#include "bd-sync-preferences-page.h"

/* The server's address, the database and the user are kept in the store
 * (bd_sync_configure(), where `backorder-desk-cli sync run` finds them
 * too), the password in the keyring under "user@address", as the CLI
 * looks it up (bd-secret-row.c: typed once, never shown again), the
 * certificate authority file's path with the server. Test Connection asks
 * the server for the database with what the rows hold, on a thread, and
 * says what it answered; Save and Sync keeps them and starts the window's
 * sync over. */

struct _BdSyncPreferencesPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  AdwEntryRow *url_row;
  AdwEntryRow *db_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  AdwActionRow *ca_row;
  GtkLabel *result_label;

  /* Owned references */
  BdStore *store;
  char *ca_file;
  GCancellable *testing;
  GtkNativeDialog *chooser;
  gboolean failed;
};

G_DEFINE_FINAL_TYPE (BdSyncPreferencesPage, bd_sync_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TESTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The keyring's account of a server and user: the CLI's. */
static char *
account_of (BdStore *store)
{
  g_autofree char *url = bd_sync_get_setting (store, "sync.url");
  g_autofree char *user = bd_sync_get_setting (store, "sync.user");

  return url != NULL && user != NULL ? g_strconcat (user, "@", url, NULL) : NULL;
}

static void
show_result (BdSyncPreferencesPage *self,
             const char            *text,
             gboolean               failed)
{
  self->failed = failed;
  gtk_label_set_label (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
}

static void
show_ca_file (BdSyncPreferencesPage *self)
{
  adw_action_row_set_subtitle (self->ca_row, self->ca_file != NULL
                                             ? self->ca_file
                                             : _("The system’s certificate authorities"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-preferences.clear-ca", self->ca_file != NULL);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
load (BdSyncPreferencesPage *self)
{
  g_autofree char *url = bd_sync_get_setting (self->store, "sync.url");
  g_autofree char *db = bd_sync_get_setting (self->store, "sync.db");
  g_autofree char *user = bd_sync_get_setting (self->store, "sync.user");
  g_autofree char *account = account_of (self->store);

  set_text (self->url_row, url);
  set_text (self->db_row, db);
  set_text (self->user_row, user);
  g_free (self->ca_file);
  self->ca_file = bd_sync_get_setting (self->store, "sync.ca_file");
  show_ca_file (self);
  bd_secret_row_show_state (self->password_row, BD_SECRET_SYNC, account,
                            _("Password"), _("Password (kept in the keyring)"));
}

/* ---- Test Connection ---- */

typedef struct
{
  char *url;
  char *db;
  char *user;
  char *password;
  char *ca_file;
} Test;

static void
test_free (Test *test)
{
  g_free (test->url);
  g_free (test->db);
  g_free (test->user);
  if (test->password != NULL)
    memset (test->password, 0, strlen (test->password));
  g_free (test->password);
  g_free (test->ca_file);
  g_free (test);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Test *test = task_data;
  g_autoptr(BdCouch) couch = NULL;
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;

  couch = bd_couch_new (test->url, test->db, test->user, test->password, &error);
  if (couch == NULL || (test->ca_file != NULL && !bd_couch_set_ca_file (couch, test->ca_file, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* the database itself: a wrong password, a database that is not there
   * or a user who is not its member each get the server's answer */
  reply = bd_couch_request (couch, "GET", "", NULL, NULL, cancellable, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdSyncPreferencesPage *self = BD_SYNC_PREFERENCES_PAGE (object);
  Test *test = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-preferences.test", TRUE);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: the database's name, the server's address, the user */
      g_autofree char *text = g_strdup_printf (_("Connected: the database “%s” on %s, as %s"), test->db,
                                               test->url, test->user);

      show_result (self, text, FALSE);
    }
  else
    {
      /* Translators: %s is the server's or the network's answer */
      g_autofree char *text = g_strdup_printf (_("Not connected: %s"), error->message);

      show_result (self, text, TRUE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdSyncPreferencesPage *self = BD_SYNC_PREFERENCES_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  Test *test;

  if (self->testing != NULL)
    return;

  test = g_new0 (Test, 1);
  test->url = row_text (self->url_row);
  test->db = row_text (self->db_row);
  test->user = row_text (self->user_row);
  test->ca_file = g_strdup (self->ca_file);
  /* what is typed, else what the keyring holds for the saved server */
  test->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (*test->password == '\0')
    {
      g_autofree char *url = bd_sync_get_setting (self->store, "sync.url");
      g_autofree char *user = bd_sync_get_setting (self->store, "sync.user");
      g_autofree char *account = account_of (self->store);
      g_autofree char *typed_url = g_str_has_suffix (test->url, "/") ? g_strdup (test->url)
                                                                     : g_strconcat (test->url, "/", NULL);

      if (account != NULL && g_strcmp0 (url, typed_url) == 0 && g_strcmp0 (user, test->user) == 0)
        {
          g_free (test->password);
          test->password = bd_secret_lookup (BD_SECRET_SYNC, account, NULL, NULL);
        }
    }

  self->testing = g_cancellable_new ();
  gtk_widget_action_set_enabled (widget, "sync-preferences.test", FALSE);
  show_result (self, _("Connecting…"), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);

  task = g_task_new (self, self->testing, test_done_cb, NULL);
  g_task_set_task_data (task, test, (GDestroyNotify)test_free);
  g_task_run_in_thread (task, test_thread);
}

/* ---- Save and Sync ---- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdSyncPreferencesPage *self = BD_SYNC_PREFERENCES_PAGE (widget);
  BdSyncController *controller = bd_sync_controller_find (self->store);
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *db = row_text (self->db_row);
  g_autofree char *user = row_text (self->user_row);
  g_autofree char *account = NULL;
  g_autofree char *said = NULL;
  g_autoptr(GError) error = NULL;

  /* not while a sync of the old settings writes */
  if (controller != NULL)
    bd_sync_controller_stop (controller);

  if (!bd_sync_configure (self->store, url, db, user, self->ca_file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      show_result (self, text, TRUE);
      if (controller != NULL)
        bd_sync_controller_reload (controller);
      return;
    }

  account = account_of (self->store);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0' &&
      !bd_secret_row_save (self->password_row, BD_SECRET_SYNC, account,
                           _("Set the server’s address and the user first: the password is kept for them"), &said))
    show_result (self, said, TRUE);
  else
    {
      /* Translators: %s is the server's address */
      g_autofree char *text = g_strdup_printf (_("Saved: this database syncs with %s"), url);

      show_result (self, text, FALSE);
    }

  load (self);
  if (controller != NULL)
    bd_sync_controller_reload (controller);
}

/* ---- the certificate authority ---- */

static void
chooser_response_cb (BdSyncPreferencesPage *self,
                     int                    response,
                     GtkFileChooser        *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        bd_sync_preferences_page_set_ca_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_ca_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdSyncPreferencesPage *self = BD_SYNC_PREFERENCES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Certificate Authority"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
clear_ca_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  bd_sync_preferences_page_set_ca_file (BD_SYNC_PREFERENCES_PAGE (widget), NULL);
}

/* ---- the class ---- */

static void
bd_sync_preferences_page_constructed (GObject *object)
{
  BdSyncPreferencesPage *self = (BdSyncPreferencesPage *)object;

  G_OBJECT_CLASS (bd_sync_preferences_page_parent_class)->constructed (object);

  g_return_if_fail (BD_IS_STORE (self->store));

  load (self);
  if (bd_store_is_read_only (self->store))
    gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

static void
bd_sync_preferences_page_dispose (GObject *object)
{
  BdSyncPreferencesPage *self = (BdSyncPreferencesPage *)object;

  if (self->testing != NULL)
    g_cancellable_cancel (self->testing);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_SYNC_PREFERENCES_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_sync_preferences_page_parent_class)->dispose (object);
}

static void
bd_sync_preferences_page_finalize (GObject *object)
{
  BdSyncPreferencesPage *self = (BdSyncPreferencesPage *)object;

  g_clear_object (&self->testing);
  g_free (self->ca_file);

  G_OBJECT_CLASS (bd_sync_preferences_page_parent_class)->finalize (object);
}

static void
bd_sync_preferences_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  BdSyncPreferencesPage *self = BD_SYNC_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TESTING:
      g_value_set_boolean (value, self->testing != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sync_preferences_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  BdSyncPreferencesPage *self = BD_SYNC_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sync_preferences_page_class_init (BdSyncPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_sync_preferences_page_constructed;
  object_class->dispose = bd_sync_preferences_page_dispose;
  object_class->finalize = bd_sync_preferences_page_finalize;
  object_class->get_property = bd_sync_preferences_page_get_property;
  object_class->set_property = bd_sync_preferences_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sync/bd-sync-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSyncPreferencesPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, BdSyncPreferencesPage, db_row);
  gtk_widget_class_bind_template_child (widget_class, BdSyncPreferencesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, BdSyncPreferencesPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BdSyncPreferencesPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, BdSyncPreferencesPage, result_label);

  gtk_widget_class_install_action (widget_class, "sync-preferences.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "sync-preferences.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "sync-preferences.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "sync-preferences.clear-ca", NULL, clear_ca_action);
}

static void
bd_sync_preferences_page_init (BdSyncPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bd_sync_preferences_page_new (BdStore *store)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  return g_object_new (BD_TYPE_SYNC_PREFERENCES_PAGE, "store", store, NULL);
}

/* What the file chooser of the Certificate Authority row does with the
 * file chosen; NULL: the system's authorities. Kept with Save and Sync. */
void
bd_sync_preferences_page_set_ca_file (BdSyncPreferencesPage *self,
                                      const char            *path)
{
  g_return_if_fail (BD_IS_SYNC_PREFERENCES_PAGE (self));

  g_free (self->ca_file);
  self->ca_file = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  show_ca_file (self);
}

const char *
bd_sync_preferences_page_get_ca_file (BdSyncPreferencesPage *self)
{
  g_return_val_if_fail (BD_IS_SYNC_PREFERENCES_PAGE (self), NULL);
  return self->ca_file;
}

/* Whether Test Connection is waiting for the server. */
gboolean
bd_sync_preferences_page_get_testing (BdSyncPreferencesPage *self)
{
  g_return_val_if_fail (BD_IS_SYNC_PREFERENCES_PAGE (self), FALSE);
  return self->testing != NULL;
}

/* What the last test or save said, as shown; NULL before any. */
const char *
bd_sync_preferences_page_get_result (BdSyncPreferencesPage *self)
{
  g_return_val_if_fail (BD_IS_SYNC_PREFERENCES_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->result_label)) ? gtk_label_get_label (self->result_label) : NULL;
}

/* Whether what the last test or save said is a failure. */
gboolean
bd_sync_preferences_page_get_failed (BdSyncPreferencesPage *self)
{
  g_return_val_if_fail (BD_IS_SYNC_PREFERENCES_PAGE (self), FALSE);
  return self->failed;
}
