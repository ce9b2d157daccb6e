/* bd-preferences-window.c: the Preferences window, the team's settings
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bd-messages-preferences-page.h"
#include "bd-preferences-window.h"
#include "bd-sync-preferences-page.h"
#include "bd-team-settings.h"
#include "bd-writer.h"

/* Settings apply as they change, as in GNOME's own preferences: a number
 * or a choice at once, a text when its row's Apply is pressed. They are
 * written through a BdWriter, so that a store locked by another program
 * (an import in the CLI) makes the window wait, not freeze. When another
 * program or machine changes a setting, the window shows the new value,
 * except in a text someone is editing. */

struct _BdPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwPreferencesPage *purchasing_page;
  AdwPreferencesGroup *team_group;
  AdwEntryRow *company_name_row;
  AdwEntryRow *po_prefix_row;
  GtkTextView *address_view;
  GtkRevealer *address_revealer;
  GtkSpinButton *handling_spin;
  GtkSpinButton *chase_spin;
  AdwComboRow *policy_row;
  GtkSpinButton *service_level_spin;

  /* Owned references */
  BdStore *store;
  BdWriter *writer;
  GHashTable *shown;      /* key -> the stored value the widgets last showed */

  guint loading;          /* > 0 while the widgets are set from the store */
};

G_DEFINE_FINAL_TYPE (BdPreferencesWindow, bd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const *
policies (void)
{
  const BdTeamSettingSpec *spec = bd_team_setting_lookup (BD_TEAM_SETTING_ALLOCATION_POLICY, NULL);

  return spec->choices;
}

static char *
address_text (BdPreferencesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->address_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A text widget is being edited when it no longer shows what was stored. */
static gboolean
text_is_edited (BdPreferencesWindow *self,
                const char          *key,
                const char          *text)
{
  const char *shown = g_hash_table_lookup (self->shown, key);

  return shown != NULL && g_strcmp0 (shown, text) != 0;
}

static void
show_value (BdPreferencesWindow *self,
            const char          *key,
            const char          *value,
            gboolean             force)
{
  self->loading++;

  if (g_str_equal (key, BD_TEAM_SETTING_COMPANY_NAME) || g_str_equal (key, BD_TEAM_SETTING_PO_PREFIX))
    {
      GtkEditable *row = GTK_EDITABLE (g_str_equal (key, BD_TEAM_SETTING_COMPANY_NAME)
                                         ? self->company_name_row : self->po_prefix_row);

      /* without its Apply button while the store's value goes in: a
       * text set from the store is no edit to apply */
      if (force || !text_is_edited (self, key, gtk_editable_get_text (row)))
        {
          adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), FALSE);
          gtk_editable_set_text (row, value);
          adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
        }
    }
  else if (g_str_equal (key, BD_TEAM_SETTING_COMPANY_ADDRESS))
    {
      g_autofree char *text = address_text (self);

      if (force || !text_is_edited (self, key, text))
        {
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->address_view), value, -1);
          gtk_revealer_set_reveal_child (self->address_revealer, FALSE);
        }
    }
  else if (g_str_equal (key, BD_TEAM_SETTING_HANDLING_DAYS))
    gtk_spin_button_set_value (self->handling_spin, g_ascii_strtod (value, NULL));
  else if (g_str_equal (key, BD_TEAM_SETTING_CHASE_DAYS))
    gtk_spin_button_set_value (self->chase_spin, g_ascii_strtod (value, NULL));
  else if (g_str_equal (key, BD_TEAM_SETTING_SERVICE_LEVEL))
    /* a fraction in the store, a percentage here */
    gtk_spin_button_set_value (self->service_level_spin, g_ascii_strtod (value, NULL) * 100);
  else if (g_str_equal (key, BD_TEAM_SETTING_ALLOCATION_POLICY))
    {
      const char * const *choices = policies ();

      for (guint i = 0; choices[i] != NULL; i++)
        if (g_str_equal (choices[i], value))
          adw_combo_row_set_selected (self->policy_row, i);
    }

  g_hash_table_insert (self->shown, g_strdup (key), g_strdup (value));
  self->loading--;
}

/* Shows what the store holds; @force_key's widget even while edited. */
static void
load (BdPreferencesWindow *self,
      const char          *force_key)
{
  g_autoptr(GPtrArray) settings = NULL;
  g_autoptr(GError) error = NULL;

  settings = bd_team_settings_list (self->store, &error);
  if (settings == NULL)
    {
      g_warning ("Cannot read the team settings: %s", error->message);
      return;
    }

  for (guint i = 0; i < settings->len; i++)
    {
      BdTeamSetting *setting = g_ptr_array_index (settings, i);

      show_value (self, setting->spec->key, setting->value,
                  g_strcmp0 (force_key, setting->spec->key) == 0);
    }
}

typedef struct
{
  BdPreferencesWindow *self;
  char *key;
} Write;

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  BdPreferencesWindow *self = write->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = bd_writer_write_finish (BD_WRITER (object), result, &error);

  /* the window was closed meanwhile: its widgets are gone */
  if (self->store == NULL)
    goto out;

  if (error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
  else
    /* written through the writer's connection: what shows the tables it
     * changed follows, on this one */
    bd_store_emit_changed_tables (self->store, bd_writer_write_get_tables (BD_WRITER (object), result));

  /* what was written (as the store spells it), or what stays */
  load (self, write->key);

  if (!bd_writer_get_busy (BD_WRITER (object)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

out:
  g_object_unref (write->self);
  g_free (write->key);
  g_free (write);
}

static void
write_setting (BdPreferencesWindow *self,
               const char          *key,
               const char          *value)
{
  BdWriteRequest *request;
  Write *write;

  if (self->loading > 0 || self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_SET_TEAM_SETTING, NULL, 0);
  request->key = g_strdup (key);
  request->value = g_strdup (value);
  request->author = g_strdup (bd_store_get_author (self->store));

  write = g_new0 (Write, 1);
  write->self = g_object_ref (self);
  write->key = g_strdup (key);

  bd_writer_write_async (self->writer, request, write_done_cb, write);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
company_name_apply_cb (BdPreferencesWindow *self)
{
  write_setting (self, BD_TEAM_SETTING_COMPANY_NAME,
                 gtk_editable_get_text (GTK_EDITABLE (self->company_name_row)));
}

static void
po_prefix_apply_cb (BdPreferencesWindow *self)
{
  write_setting (self, BD_TEAM_SETTING_PO_PREFIX,
                 gtk_editable_get_text (GTK_EDITABLE (self->po_prefix_row)));
}

static void
address_changed_cb (BdPreferencesWindow *self)
{
  g_autofree char *text = address_text (self);

  if (self->loading > 0)
    return;

  gtk_revealer_set_reveal_child (self->address_revealer,
                                 text_is_edited (self, BD_TEAM_SETTING_COMPANY_ADDRESS, text));
}

static void
apply_address_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdPreferencesWindow *self = BD_PREFERENCES_WINDOW (widget);
  g_autofree char *text = address_text (self);

  write_setting (self, BD_TEAM_SETTING_COMPANY_ADDRESS, text);
}

static void
write_number (BdPreferencesWindow *self,
              const char          *key,
              GtkSpinButton       *spin)
{
  g_autofree char *value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));

  write_setting (self, key, value);
}

static void
handling_changed_cb (BdPreferencesWindow *self)
{
  write_number (self, BD_TEAM_SETTING_HANDLING_DAYS, self->handling_spin);
}

static void
chase_changed_cb (BdPreferencesWindow *self)
{
  write_number (self, BD_TEAM_SETTING_CHASE_DAYS, self->chase_spin);
}

static void
service_level_changed_cb (BdPreferencesWindow *self)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  /* tenths of a percent: the three decimals the setting keeps */
  double fraction = round (gtk_spin_button_get_value (self->service_level_spin) * 10) / 1000;

  write_setting (self, BD_TEAM_SETTING_SERVICE_LEVEL, g_ascii_formatd (buffer, sizeof buffer, "%.3f", fraction));
}

static void
policy_changed_cb (BdPreferencesWindow *self)
{
  const char * const *choices = policies ();
  guint selected = adw_combo_row_get_selected (self->policy_row);

  if (selected < g_strv_length ((char **)choices))
    write_setting (self, BD_TEAM_SETTING_ALLOCATION_POLICY, choices[selected]);
}

static void
store_changed_cb (BdPreferencesWindow *self,
                  const char * const  *tables)
{
  if (bd_store_changes_include (tables, "team_settings"))
    load (self, NULL);
}

static void
bd_preferences_window_constructed (GObject *object)
{
  BdPreferencesWindow *self = (BdPreferencesWindow *)object;

  G_OBJECT_CLASS (bd_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (BD_IS_STORE (self->store));

  load (self, NULL);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  /* this computer's mail server and SMS gateway: a page of its own */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (bd_messages_preferences_page_new (self->store)));
  /* and the team's sync server */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (bd_sync_preferences_page_new (self->store)));

  if (bd_store_is_read_only (self->store))
    {
      /* nothing here can be saved: say why instead of failing each time */
      g_autofree char *description = g_strdup_printf (_("These settings cannot be changed: %s"),
                                                      bd_store_get_read_only_reason (self->store));

      adw_preferences_group_set_description (self->team_group, description);
      gtk_widget_set_sensitive (GTK_WIDGET (self->company_name_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->po_prefix_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->address_view), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->handling_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->chase_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->policy_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->service_level_spin), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.apply-address", FALSE);
    }
  else
    self->writer = bd_writer_new (bd_store_get_path (self->store));
}

static void
bd_preferences_window_dispose (GObject *object)
{
  BdPreferencesWindow *self = (BdPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->writer);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_preferences_window_parent_class)->dispose (object);
}

static void
bd_preferences_window_finalize (GObject *object)
{
  BdPreferencesWindow *self = (BdPreferencesWindow *)object;

  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (bd_preferences_window_parent_class)->finalize (object);
}

static void
bd_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BdPreferencesWindow *self = BD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, bd_preferences_window_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BdPreferencesWindow *self = BD_PREFERENCES_WINDOW (object);

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
bd_preferences_window_class_init (BdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_preferences_window_constructed;
  object_class->dispose = bd_preferences_window_dispose;
  object_class->finalize = bd_preferences_window_finalize;
  object_class->get_property = bd_preferences_window_get_property;
  object_class->set_property = bd_preferences_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * BdPreferencesWindow:busy:
   *
   * Whether changes are still being written.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/bd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, purchasing_page);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, team_group);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, company_name_row);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, po_prefix_row);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, address_view);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, address_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, handling_spin);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, chase_spin);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, policy_row);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, service_level_spin);
  gtk_widget_class_bind_template_callback (widget_class, company_name_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, po_prefix_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, handling_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, chase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, policy_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_level_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.apply-address", NULL, apply_address_action);
}

static void
bd_preferences_window_init (BdPreferencesWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char * const *choices = policies ();

  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* the model before the signal's first notify can mean anything */
  self->loading++;
  for (guint i = 0; choices[i] != NULL; i++)
    gtk_string_list_append (labels, bd_allocation_policy_label (choices[i]));
  adw_combo_row_set_model (self->policy_row, G_LIST_MODEL (labels));
  self->loading--;

  g_signal_connect_object (gtk_text_view_get_buffer (self->address_view), "changed",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
}

BdPreferencesWindow *
bd_preferences_window_new (GtkWindow *parent,
                           BdStore   *store)
{
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  return g_object_new (BD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

BdStore *
bd_preferences_window_get_store (BdPreferencesWindow *self)
{
  g_return_val_if_fail (BD_IS_PREFERENCES_WINDOW (self), NULL);
  return self->store;
}

gboolean
bd_preferences_window_get_busy (BdPreferencesWindow *self)
{
  g_return_val_if_fail (BD_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->writer != NULL && bd_writer_get_busy (self->writer);
}
