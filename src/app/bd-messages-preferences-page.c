/* bd-messages-preferences-page.c: Preferences' Messages page, how this
 * computer sends email and SMS
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-messages-preferences-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-install-settings.h"
#include "bd-messages-preferences-page.h"
#include "bd-secret-row.h"

/* The installation's settings (bd-install-settings.c: smtp.*, sms.url),
 * written as they are applied, as the Purchasing page does; the SMTP
 * password and the SMS token go to the keyring (bd-secrets.c) and are
 * never shown again, written anywhere else or logged: a row for them is
 * empty, and says whether the keyring holds one. The test message is
 * sent on a worker thread. */

struct _BdMessagesPreferencesPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  AdwEntryRow *host_row;
  GtkSpinButton *port_spin;
  AdwComboRow *security_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  AdwEntryRow *from_row;
  AdwEntryRow *sms_url_row;
  AdwEntryRow *sms_token_row;
  AdwEntryRow *test_to_row;
  GtkWidget *test_button;
  GtkLabel *test_label;

  /* Owned references */
  BdStore *store;
  GCancellable *testing;       /* a test message on its way, or NULL */
  char *problem;               /* the last refusal, as shown */

  guint loading;
};

G_DEFINE_FINAL_TYPE (BdMessagesPreferencesPage, bd_messages_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TESTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const securities[] = { "starttls", "tls", "none" };

static const char *
key_of (BdMessagesPreferencesPage *self,
        AdwEntryRow               *row)
{
  if (row == self->host_row)
    return "smtp.host";
  if (row == self->user_row)
    return "smtp.user";
  if (row == self->from_row)
    return "smtp.from";
  if (row == self->sms_url_row)
    return "sms.url";
  g_return_val_if_reached (NULL);
}

/* Says @text where a person sees it: a toast of the window, and kept for
 * tests and screen readers as the page's last problem. */
static void
say (BdMessagesPreferencesPage *self,
     const char                *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (text));
}

static void
refuse (BdMessagesPreferencesPage *self,
        const char                *text)
{
  g_free (self->problem);
  self->problem = g_strdup (text);
  say (self, text);
}

static void
show_text (BdMessagesPreferencesPage *self,
           AdwEntryRow               *row,
           const char                *key)
{
  g_autofree char *value = bd_install_settings_get (self->store, key);

  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
load (BdMessagesPreferencesPage *self)
{
  g_autofree char *port = bd_install_settings_get (self->store, "smtp.port");
  g_autofree char *security = bd_install_settings_get (self->store, "smtp.security");
  g_autofree char *account = bd_install_settings_smtp_account (self->store);
  g_autofree char *url = bd_install_settings_get (self->store, "sms.url");

  self->loading++;
  show_text (self, self->host_row, "smtp.host");
  show_text (self, self->user_row, "smtp.user");
  show_text (self, self->from_row, "smtp.from");
  show_text (self, self->sms_url_row, "sms.url");
  gtk_spin_button_set_value (self->port_spin, port != NULL ? g_ascii_strtod (port, NULL) : 0);
  for (guint i = 0; i < G_N_ELEMENTS (securities); i++)
    if (g_strcmp0 (security, securities[i]) == 0)
      adw_combo_row_set_selected (self->security_row, i);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->security_row),
                               g_strcmp0 (security, "none") == 0
                               ? _("Nothing is encrypted: only for a mail relay on this computer")
                               : "");
  bd_secret_row_show_state (self->password_row, BD_SECRET_SMTP, account,
                            _("Password"), _("Password (kept in the keyring)"));
  bd_secret_row_show_state (self->sms_token_row, BD_SECRET_SMS, url,
                            _("Token"), _("Token (kept in the keyring)"));
  self->loading--;
}

static gboolean
write_setting (BdMessagesPreferencesPage *self,
               const char                *key,
               const char                *value)
{
  g_autoptr(GError) error = NULL;

  if (self->loading > 0)
    return TRUE;

  if (!bd_install_settings_set (self->store, key, value, &error))
    {
      refuse (self, error->message);
      load (self);
      return FALSE;
    }

  g_clear_pointer (&self->problem, g_free);
  load (self);
  return TRUE;
}

static void
text_apply_cb (BdMessagesPreferencesPage *self,
               AdwEntryRow               *row)
{
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  write_setting (self, key_of (self, row), value);
}

static void
port_changed_cb (BdMessagesPreferencesPage *self)
{
  int port = gtk_spin_button_get_value_as_int (self->port_spin);
  g_autofree char *value = port > 0 ? g_strdup_printf ("%d", port) : NULL;

  write_setting (self, "smtp.port", value);
}

static void
security_changed_cb (BdMessagesPreferencesPage *self)
{
  guint selected = adw_combo_row_get_selected (self->security_row);

  if (selected < G_N_ELEMENTS (securities))
    write_setting (self, "smtp.security", securities[selected]);
}

/* Puts @row's text in the keyring under @account (bd-secret-row.c). */
static void
store_secret (BdMessagesPreferencesPage *self,
              AdwEntryRow               *row,
              BdSecretKind               kind,
              const char                *account,
              const char                *missing)
{
  g_autofree char *said = NULL;

  if (!bd_secret_row_save (row, kind, account, missing, &said))
    {
      refuse (self, said);
      return;
    }

  g_clear_pointer (&self->problem, g_free);
  say (self, said);
  load (self);
}

static void
password_apply_cb (BdMessagesPreferencesPage *self)
{
  g_autofree char *account = bd_install_settings_smtp_account (self->store);

  store_secret (self, self->password_row, BD_SECRET_SMTP, account,
                _("Set the mail server’s host and user first: the password is kept for them"));
}

static void
token_apply_cb (BdMessagesPreferencesPage *self)
{
  g_autofree char *url = bd_install_settings_get (self->store, "sms.url");

  store_secret (self, self->sms_token_row, BD_SECRET_SMS, url,
                _("Set the gateway’s address first: the token is kept for it"));
}

typedef struct
{
  BdTransport *transport;
  char *to;
} Test;

static void
test_free (Test *test)
{
  g_clear_pointer (&test->transport, bd_transport_free);
  g_free (test->to);
  g_free (test);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Test *test = task_data;
  GError *error = NULL;

  if (bd_transport_send_test (test->transport, test->to, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_test_result (BdMessagesPreferencesPage *self,
                  const char                *text,
                  gboolean                   failed)
{
  gtk_label_set_label (self->test_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->test_label), TRUE);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "error");
}

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdMessagesPreferencesPage *self = BD_MESSAGES_PREFERENCES_PAGE (object);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages-preferences.send-test", TRUE);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Sent to %s: the mail server took it"),
                                               gtk_editable_get_text (GTK_EDITABLE (self->test_to_row)));

      show_test_result (self, text, FALSE);
    }
  else
    {
      /* Translators: %s is the mail server's or the settings' problem */
      g_autofree char *text = g_strdup_printf (_("Not sent: %s"), error->message);

      show_test_result (self, text, TRUE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
}

static void
send_test_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdMessagesPreferencesPage *self = BD_MESSAGES_PREFERENCES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  BdTransport *transport;
  Test *test;

  if (self->testing != NULL)
    return;

  /* the settings and the password from the keyring here, the network on
   * a thread */
  transport = bd_transport_new_from_settings (self->store, FALSE, NULL, &error);
  if (transport == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not sent: %s"), error->message);

      show_test_result (self, text, TRUE);
      return;
    }

  test = g_new0 (Test, 1);
  test->transport = transport;
  test->to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->test_to_row))));

  self->testing = g_cancellable_new ();
  gtk_widget_action_set_enabled (widget, "messages-preferences.send-test", FALSE);
  show_test_result (self, _("Sending…"), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);

  task = g_task_new (self, self->testing, test_done_cb, NULL);
  g_task_set_task_data (task, test, (GDestroyNotify)test_free);
  g_task_run_in_thread (task, test_thread);
}

static void
store_changed_cb (BdMessagesPreferencesPage *self,
                  const char * const        *tables)
{
  if (bd_store_changes_include (tables, "settings"))
    load (self);
}

static void
bd_messages_preferences_page_constructed (GObject *object)
{
  BdMessagesPreferencesPage *self = (BdMessagesPreferencesPage *)object;

  G_OBJECT_CLASS (bd_messages_preferences_page_parent_class)->constructed (object);

  g_return_if_fail (BD_IS_STORE (self->store));

  load (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if (bd_store_is_read_only (self->store))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->port_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->security_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->from_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sms_url_row), FALSE);
    }
}

static void
bd_messages_preferences_page_dispose (GObject *object)
{
  BdMessagesPreferencesPage *self = (BdMessagesPreferencesPage *)object;

  if (self->testing != NULL)
    g_cancellable_cancel (self->testing);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_MESSAGES_PREFERENCES_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_messages_preferences_page_parent_class)->dispose (object);
}

static void
bd_messages_preferences_page_finalize (GObject *object)
{
  BdMessagesPreferencesPage *self = (BdMessagesPreferencesPage *)object;

  g_clear_object (&self->testing);
  g_free (self->problem);

  G_OBJECT_CLASS (bd_messages_preferences_page_parent_class)->finalize (object);
}

static void
bd_messages_preferences_page_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  BdMessagesPreferencesPage *self = BD_MESSAGES_PREFERENCES_PAGE (object);

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
bd_messages_preferences_page_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  BdMessagesPreferencesPage *self = BD_MESSAGES_PREFERENCES_PAGE (object);

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
bd_messages_preferences_page_class_init (BdMessagesPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_messages_preferences_page_constructed;
  object_class->dispose = bd_messages_preferences_page_dispose;
  object_class->finalize = bd_messages_preferences_page_finalize;
  object_class->get_property = bd_messages_preferences_page_get_property;
  object_class->set_property = bd_messages_preferences_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/bd-messages-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, security_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, sms_url_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, sms_token_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, test_to_row);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, BdMessagesPreferencesPage, test_label);
  gtk_widget_class_bind_template_callback (widget_class, text_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_apply_cb);

  gtk_widget_class_install_action (widget_class, "messages-preferences.send-test", NULL, send_test_action);
}

static void
bd_messages_preferences_page_init (BdMessagesPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bd_messages_preferences_page_new (BdStore *store)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  return g_object_new (BD_TYPE_MESSAGES_PREFERENCES_PAGE, "store", store, NULL);
}

/* Whether a test message is on its way. */
gboolean
bd_messages_preferences_page_get_testing (BdMessagesPreferencesPage *self)
{
  g_return_val_if_fail (BD_IS_MESSAGES_PREFERENCES_PAGE (self), FALSE);
  return self->testing != NULL;
}

/* The last value or secret the page refused, and why; NULL after one it
 * took. */
const char *
bd_messages_preferences_page_get_problem (BdMessagesPreferencesPage *self)
{
  g_return_val_if_fail (BD_IS_MESSAGES_PREFERENCES_PAGE (self), NULL);
  return self->problem;
}
