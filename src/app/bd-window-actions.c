/* bd-window-actions.c: what a person can do from the window: its menu,
 * the file choosers, undo
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-alternatives-dialog.h"
#include "bd-customer-view.h"
#include "bd-customers.h"
#include "bd-preferences-window.h"
#include "bd-conflicts-dialog.h"
#include "bd-forecast-dialog.h"
#include "bd-replenish-dialog.h"
#include "bd-window-private.h"

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    BdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      bd_window_import_files (self, files);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* A modal, portal-aware chooser of the files @filter takes; @response_cb
 * owns it. */
static GtkFileChooserNative *
file_chooser (BdWindow             *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept,
              GtkFileFilter        *filter,
              GCallback             response_cb)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", response_cb, self);
  return chooser;
}

static GtkFileChooserNative *
csv_chooser (BdWindow             *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             GCallback             response_cb)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  return file_chooser (self, title, action, accept, filter, response_cb);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = csv_chooser (BD_WINDOW (widget), _("Import Orders, Products or Suppliers"),
                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                         G_CALLBACK (import_response_cb));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    BdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        bd_window_export_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  chooser = csv_chooser (BD_WINDOW (widget), _("Export the Queue as CSV"),
                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                         G_CALLBACK (export_response_cb));
  /* Translators: the file name an export suggests; %s is today's date */
  name = g_strdup_printf (_("backorders-%s.csv"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
backup_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    BdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL && self->task_cancellable == NULL)
        bd_window_backup_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Backorder Desk databases"));
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_filter_add_suffix (filter, "sqlite3");

  chooser = file_chooser (BD_WINDOW (widget), _("Back Up the Database"),
                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Back Up"), filter,
                          G_CALLBACK (backup_response_cb));
  /* Translators: the file name a backup suggests; %s is today's date */
  name = g_strdup_printf (_("backorder-desk-backup-%s.sqlite3"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
sample_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BdWindow         *self)
{
  if (g_str_equal (response, "load"))
    bd_window_load_sample (self);
}

static void
load_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  GtkWidget *dialog;

  if (self->task_cancellable != NULL)
    return;

  if (g_strcmp0 (bd_window_get_state (self), "empty") == 0)
    {
      bd_window_load_sample (self);
      return;
    }

  /* Sample data mixed into a shop's real orders cannot be taken out again. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add Sample Data?"),
                                   _("This database already holds orders. Sample customers, "
                                     "products and orders will be added to them and cannot be "
                                     "removed as a whole afterwards."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "load", _("_Add Sample Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "load",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sample_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  bd_queue_page_undo (self->queue_page, g_variant_get_string (parameter, NULL));
}

static void
open_file_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BdWindow *self = BD_WINDOW (object);
  g_autofree char *name = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (self), result, &error))
    {
      g_autofree char *message = NULL;
      AdwToast *toast;

      g_debug ("opening %s: %s", name, error->message);
      /* Translators: %s is a file name; what follows is the reason */
      message = g_strdup_printf (_("Could not open %s: %s"), name, error->message);
      toast = adw_toast_new (message);
      /* the answer to a click: at once, not after the toast shown */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* Opens the file at the URI @parameter in the application the desktop
 * has for it (the export's toast offers it). gtk_show_uri_full() rather
 * than GtkFileLauncher, which is GTK 4.10; it goes through the portal
 * when there is one. */
static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  char *name = g_file_get_basename (file);

  gtk_show_uri_full (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME, NULL,
                     open_file_done_cb, name != NULL ? name : g_strdup (uri));
}

static void
import_summary_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  bd_window_show_import_summary (BD_WINDOW (widget));
}

static void
create_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->store != NULL)
    return;

  self->create = TRUE;
  bd_window_open_store (self);
}

static void
new_database_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          BdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
          BdWindow *window = bd_window_new (BD_APPLICATION (app), path, TRUE);

          gtk_window_present (GTK_WINDOW (window));
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
new_database_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Backorder Desk databases"));
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_filter_add_suffix (filter, "sqlite3");

  chooser = file_chooser (BD_WINDOW (widget), _("New Database"),
                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"), filter,
                          G_CALLBACK (new_database_response_cb));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("desk.sqlite3"));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  BdPreferencesWindow *preferences;

  if (self->store == NULL)
    return;

  preferences = bd_preferences_window_new (GTK_WINDOW (self), self->store);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* What a sync left for a person: conflicts and refused writes
 * (sync/bd-conflicts-dialog.c). */
static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (bd_conflicts_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->sync != NULL)
    bd_sync_controller_sync_now (self->sync);
}

/* Messages to the lines a list names, from the main menu: the queue page
 * opens the compose dialog for them. */
static void
compose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  BdComposeTarget target;

  if (g_str_equal (action_name, "win.message-overdue"))
    target = BD_COMPOSE_TARGET_OVERDUE;
  else if (g_str_equal (action_name, "win.message-delay-notices"))
    target = BD_COMPOSE_TARGET_DELAY_NOTICES;
  else
    target = BD_COMPOSE_TARGET_FOLLOWUPS;

  bd_queue_page_compose (self->queue_page, target);
}

static void
replenish_created_cb (BdWindow           *self,
                      const char * const *numbers)
{
  guint n = numbers != NULL ? g_strv_length ((char **)numbers) : 0;
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No purchase order made: the demand is covered"));
  else
    {
      joined = g_strjoinv (", ", (char **)numbers);
      /* Translators: %s lists the numbers of the purchase orders made */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Draft purchase order %s made",
                                           "Draft purchase orders made: %s", n), joined);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The demand no purchase order covers, turned into draft POs per
 * supplier in a dialog of its own. */
static void
replenish_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  BdReplenishDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = bd_replenish_dialog_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "created", G_CALLBACK (replenish_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Shows the purchase order named by the string parameter on the Purchase
 * Orders page (the Suppliers page's list of a supplier's POs opens one so). */
static void
show_po_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  adw_view_stack_set_visible_child_name (self->view_stack, "purchase-orders");
  if (!bd_po_page_show_po (self->po_page, g_variant_get_string (parameter, NULL), &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
forecast_applied_cb (BdWindow   *self,
                     const char *batch,
                     guint       n_changed)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (n_changed == 0)
    text = g_strdup (_("No reorder point changed: they were as suggested"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reorder point and safety stock set for %u product",
                                         "Reorder points and safety stocks set for %u products", n_changed),
                            n_changed);
  toast = adw_toast_new (text);
  if (batch != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
      adw_toast_set_action_target_value (toast, g_variant_new_string (batch));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Reorder points and safety stocks from the demand forecast, in a dialog
 * of their own. */
static void
forecast_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  BdForecastDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = bd_forecast_dialog_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "applied", G_CALLBACK (forecast_applied_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A customer's own page, by their reference: from a line's pane, the
 * Communication page, or anything else that names a customer. */
static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  BdCustomerView *view;
  gint64 id = 0;

  if (self->store == NULL)
    return;

  if (!bd_customers_find (self->store, g_variant_get_string (parameter, NULL), &id, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  view = bd_customer_view_new (GTK_WINDOW (self), self->store, id);
  gtk_window_present (GTK_WINDOW (view));
}

/* What can be offered instead of a product, by its SKU. */
static void
show_alternatives_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);
  BdAlternativesDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = bd_alternatives_dialog_new (GTK_WINDOW (self), self->store, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The one place that says which of the window's actions can run now:
 * after the store, the page shown or a task changed. A store opened
 * read-only (a read-only file, folder or disk) is shown with a banner
 * saying why, and nothing that writes is offered; without a writable
 * database there is nothing to import into. */
void
bd_window_update_actions (BdWindow *self)
{
  gboolean running = self->task_cancellable != NULL;
  gboolean writable = self->store != NULL && !bd_store_is_read_only (self->store);
  gboolean content = g_strcmp0 (bd_window_get_state (self), "content") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample", writable && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup", self->store != NULL && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-conflicts", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-summary", self->import_summary != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.message-overdue", content && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.message-delay-notices", content && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.message-followups", content && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.replenish", content && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-po", content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forecast", content && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-customer", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-alternatives", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 self->sync != NULL &&
                                 bd_sync_controller_get_state (self->sync) != BD_SYNC_STATE_OFF);
}

void
bd_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.create-database", NULL, create_database_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, new_database_action);
  gtk_widget_class_install_action (widget_class, "win.load-sample", NULL, load_sample_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action);
  gtk_widget_class_install_action (widget_class, "win.undo", "s", undo_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL, show_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "win.import-summary", NULL, import_summary_action);
  gtk_widget_class_install_action (widget_class, "win.message-overdue", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "win.message-delay-notices", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "win.message-followups", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "win.replenish", NULL, replenish_action);
  gtk_widget_class_install_action (widget_class, "win.show-po", "s", show_po_action);
  gtk_widget_class_install_action (widget_class, "win.forecast", NULL, forecast_action);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "s", show_customer_action);
  gtk_widget_class_install_action (widget_class, "win.show-alternatives", "s", show_alternatives_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.replenish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync-now", NULL);
}
