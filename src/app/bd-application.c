/* bd-application.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-application.h"
#include "bd-store.h"
#include "bd-widget-util.h"
#include "bd-window.h"

struct _BdApplication
{
  AdwApplication parent_instance;

  char *database;
};

G_DEFINE_FINAL_TYPE (BdApplication, bd_application, ADW_TYPE_APPLICATION)

BdApplication *
bd_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (BD_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

const char *
bd_application_get_database (BdApplication *self)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), NULL);
  return self->database;
}

void
bd_application_set_database (BdApplication *self,
                             const char    *path)
{
  g_return_if_fail (BD_IS_APPLICATION (self));

  g_free (self->database);
  self->database = g_strdup (path);
}

static int
bd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  BdApplication *self = BD_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_autofree char *absolute = g_file_get_path (file);

      bd_application_set_database (self, absolute);

      /* Another database is another desk: do not hand the window to a
       * running instance that has its own database open. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
bd_application_activate (GApplication *app)
{
  BdApplication *self = BD_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      g_autofree char *default_path = bd_store_default_path ();

      /* the default database is made on first use; a path given is only
       * opened (its window offers to make it) */
      window = GTK_WINDOW (bd_window_new (self, self->database ? self->database : default_path,
                                          self->database == NULL));
    }

  gtk_window_present (window);
}

static void
bd_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (bd_application_parent_class)->startup (application);

  bd_windows_forget_gone_parents ();
}

static void
bd_application_finalize (GObject *object)
{
  BdApplication *self = (BdApplication *)object;

  g_clear_pointer (&self->database, g_free);

  G_OBJECT_CLASS (bd_application_parent_class)->finalize (object);
}

static void
bd_application_class_init (BdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bd_application_finalize;
  app_class->startup = bd_application_startup;
  app_class->activate = bd_application_activate;
  app_class->handle_local_options = bd_application_handle_local_options;
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  BdApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Backorder Desk authors", NULL };

  adw_show_about_window (window,
                         "application-name", _("Backorder Desk"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Backorder Desk authors"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/backorderdesk/backorder-desk",
                         "issue-url", "https://github.com/backorderdesk/backorder-desk/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Backorder Desk authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: Replace "translator-credits" with your names, one name per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  BdApplication *self = user_data;
  /* a closed window leaves the application's list while it is walked:
   * walk a copy (ASan saw the use after free on Ctrl+Q) */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

/* The window on @database, or a new one. */
static BdWindow *
window_for (BdApplication *self,
            const char    *database)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BD_IS_WINDOW (l->data) && g_strcmp0 (bd_window_get_database (l->data), database) == 0)
      return l->data;

  return bd_window_new (self, database, FALSE);
}

/* The follow-up notification's click (bd-followup-notifier.c): the window
 * on that database, its queue showing the lines of those due. */
static void
show_followups_action_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  bd_window_show_followups (window_for (user_data, g_variant_get_string (parameter, NULL)));
}

/* Its Write to Them: the messages to those due. */
static void
message_followups_action_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  bd_window_message_followups (window_for (user_data, g_variant_get_string (parameter, NULL)));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "quit", quit_action_cb },
  { "show-followups", show_followups_action_cb, "s" },
  { "message-followups", message_followups_action_cb, "s" },
};

static void
bd_application_init (BdApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  g_application_add_main_option (G_APPLICATION (self), "database", 0, 0,
                                 G_OPTION_ARG_FILENAME,
                                 _("Open the database at PATH instead of the default one"),
                                 _("PATH"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
}
