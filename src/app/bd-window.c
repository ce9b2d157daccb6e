/* bd-window.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-actions.h"
#include "bd-demo.h"
#include "bd-export.h"
#include "bd-import.h"
#include "bd-window.h"

struct _BdWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkRevealer *task_revealer;
  GtkLabel *task_label;
  GtkProgressBar *task_progress;
  GtkStack *main_stack;
  GtkRevealer *read_only_revealer;
  GtkLabel *read_only_label;
  GtkSpinner *loading_spinner;
  AdwStatusPage *error_page;
  GtkWidget *create_button;
  AdwViewStack *view_stack;
  BdQueuePage *queue_page;

  /* Owned references */
  char *database;
  BdStore *store;
  GSettings *settings;
  GCancellable *task_cancellable;
  GQueue pending_imports;     /* GFile *, imported one after the other */

  gboolean create;            /* make the database when there is none */
};

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_CREATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  TASK_IMPORT,
  TASK_SAMPLE,
  TASK_EXPORT,
  TASK_BACKUP,
} TaskKind;

typedef struct
{
  TaskKind kind;
  char *database;
  GFile *file;
  char *display_name;
  BdImportKind import_kind;
  BdQuery *query;
  BdImportReport *report;
  BdWindow *window;        /* for progress; only touched on the main thread */
} TaskData;

static void run_next_import (BdWindow *self);

static void
task_data_free (TaskData *data)
{
  g_free (data->database);
  g_clear_object (&data->file);
  g_free (data->display_name);
  g_clear_pointer (&data->query, bd_query_free);
  g_clear_pointer (&data->report, bd_import_report_free);
  g_clear_object (&data->window);
  g_free (data);
}

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

/* "loading", "error", "empty" or "content": for tests and for the task bar. */
const char *
bd_window_get_state (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* TRUE while an import, export or sample data task runs or waits. */
gboolean
bd_window_get_busy (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);
  return self->task_cancellable != NULL || !g_queue_is_empty (&self->pending_imports);
}

static void
show_message (BdWindow   *self,
              const char *heading,
              const char *text)
{
  g_autofree char *first = g_strdup (text);
  char *rest = strchr (first, '\n');
  GtkWidget *dialog;

  /* The first line says what happened; the lines after it (up to twenty
   * bad rows of an import) go in a scrolling, selectable list below it,
   * so that a person can read them all and copy them. */
  if (rest != NULL)
    *rest++ = '\0';

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, first);

  if (rest != NULL && *rest != '\0')
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *label = gtk_label_new (rest);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 80);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
      gtk_widget_add_css_class (scroller, "card");
      gtk_widget_add_css_class (label, "problem-list");
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A store opened read-only (a read-only file, folder or disk) is shown
 * with a banner saying why, and nothing that writes is offered. */
static gboolean
can_write (BdWindow *self)
{
  return self->store != NULL && !bd_store_is_read_only (self->store);
}

static void
update_state (BdWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *state;
  gboolean content;
  int has_lines;

  if (self->store == NULL)
    state = "error";
  else if ((has_lines = bd_query_has_lines (self->store, &error)) < 0)
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

  /* Without a writable database there is nothing to import into. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 can_write (self) && self->task_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample",
                                 can_write (self) && self->task_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup",
                                 self->store != NULL && self->task_cancellable == NULL);

  content = g_str_equal (state, "content");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, content);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", content);
}

static void
set_task_running (BdWindow   *self,
                  const char *label)
{
  gboolean running = label != NULL;

  if (running)
    {
      gtk_label_set_label (self->task_label, label);
      gtk_progress_bar_set_fraction (self->task_progress, 0);
    }

  gtk_revealer_set_reveal_child (self->task_revealer, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", !running && can_write (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample", !running && can_write (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup", !running && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-task", running);
}

typedef struct
{
  BdWindow *window;
  double fraction;
} Progress;

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *progress = data;

  gtk_progress_bar_set_fraction (progress->window->task_progress, progress->fraction);
  g_object_unref (progress->window);
  g_free (progress);

  return G_SOURCE_REMOVE;
}

/* Called on the worker thread: hands the figure to the main loop. */
static void
task_progress_cb (double   fraction,
                  gpointer user_data)
{
  TaskData *data = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->window = g_object_ref (data->window);
  progress->fraction = fraction;
  g_idle_add (progress_idle_cb, progress);
}

static void
task_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  /* Long work gets a connection of its own (DESIGN.md, Threads). */
  store = data->kind == TASK_EXPORT || data->kind == TASK_BACKUP
            ? bd_store_open_readonly (data->database, &error)
            : bd_store_open (data->database, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (data->kind)
    {
    case TASK_IMPORT:
      {
        g_autofree char *path = g_file_get_path (data->file);

        if (path == NULL)
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("“%s” is not a local file"), data->display_name);
        else if (bd_import_detect_kind (path, &data->import_kind, &error))
          ok = bd_import_path (store, data->import_kind, path, data->report,
                               task_progress_cb, data, cancellable, &error);
      }
      break;

    case TASK_SAMPLE:
      {
        BdDemoOptions options = { 2000, 1, NULL };

        ok = bd_demo_generate (store, &options, task_progress_cb, data, cancellable, &error);
      }
      break;

    case TASK_EXPORT:
      {
        g_autoptr(GFileOutputStream) out = NULL;

        /* g_file_replace() writes beside the file and renames at close:
         * a failed export leaves the old file as it was. */
        out = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                              cancellable, &error);
        if (out != NULL)
          {
            ok = bd_export_backorders_csv (store, data->query, G_OUTPUT_STREAM (out),
                                           cancellable, &error);
            if (ok)
              ok = g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error);
            else
              g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
          }
      }
      break;

    case TASK_BACKUP:
      {
        g_autofree char *path = g_file_get_path (data->file);

        if (path == NULL)
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("“%s” is not a local file"), data->display_name);
        else
          ok = bd_store_backup (store, path, cancellable, &error);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
task_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdWindow *self = BD_WINDOW (object);
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  AdwToast *toast = NULL;

  g_clear_object (&self->task_cancellable);
  set_task_running (self, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_queue_clear_full (&self->pending_imports, g_object_unref);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast = adw_toast_new (_("Cancelled: nothing was changed"));
      else if (data->kind == TASK_IMPORT)
        show_message (self, _("Nothing Was Imported"), error->message);
      else if (data->kind == TASK_EXPORT)
        show_message (self, _("The Queue Was Not Exported"), error->message);
      else if (data->kind == TASK_BACKUP)
        show_message (self, _("No Backup Was Made"), error->message);
      else
        show_message (self, _("Sample Data Was Not Loaded"), error->message);
    }
  else if (data->kind == TASK_IMPORT)
    {
      g_autofree char *summary = bd_import_report_describe (data->report);
      g_autofree char *title = g_strdup_printf ("%s: %s", data->display_name, summary);

      toast = adw_toast_new (title);
      if (data->report->warnings->len > 0)
        {
          g_autofree char *warnings = NULL;
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) lines = NULL;

          for (guint i = 0; i < data->report->warnings->len; i++)
            g_strv_builder_add (builder, g_ptr_array_index (data->report->warnings, i));
          lines = g_strv_builder_end (builder);
          warnings = g_strjoinv ("\n", lines);
          show_message (self, _("Imported, with Warnings"), warnings);
        }
    }
  else if (data->kind == TASK_SAMPLE)
    toast = adw_toast_new (_("Sample data loaded"));
  else if (data->kind == TASK_BACKUP)
    toast = adw_toast_new_format (_("Backup written to %s"), data->display_name);
  else
    toast = adw_toast_new_format (_("Exported to %s"), data->display_name);

  if (toast != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, toast);

  if ((data->kind == TASK_IMPORT || data->kind == TASK_SAMPLE) && error == NULL && self->store != NULL)
    {
      /* The import wrote through its own connection: tell this one's
       * listeners, and leave the empty page if there are lines now. */
      bd_store_emit_changed (self->store);
      bd_queue_page_reload_suppliers (self->queue_page);
      update_state (self);
    }

  run_next_import (self);
}

static void
start_task (BdWindow *self,
            TaskData *data,
            const char *label)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->task_cancellable == NULL);

  self->task_cancellable = g_cancellable_new ();
  data->window = g_object_ref (self);
  data->database = g_strdup (self->database);

  task = g_task_new (self, self->task_cancellable, task_done_cb, NULL);
  g_task_set_source_tag (task, start_task);
  g_task_set_task_data (task, data, (GDestroyNotify)task_data_free);
  g_task_run_in_thread (task, task_thread);

  set_task_running (self, label);
}

static void
run_next_import (BdWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *label = NULL;
  TaskData *data;

  /* One task at a time: the others wait their turn in the queue. */
  if (self->task_cancellable != NULL)
    return;
  if ((file = g_queue_pop_head (&self->pending_imports)) == NULL)
    return;

  data = g_new0 (TaskData, 1);
  data->kind = TASK_IMPORT;
  data->file = g_object_ref (file);
  data->display_name = g_file_get_basename (file);
  data->report = bd_import_report_new ();

  label = g_strdup_printf (_("Importing %s…"), data->display_name);
  start_task (self, data, label);
}

static int
import_order (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  BdImportKind kind = BD_IMPORT_ORDERS;

  if (path != NULL)
    bd_import_detect_kind (path, &kind, NULL);
  return kind;
}

static int
compare_import_order (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return import_order (*(GFile **)a) - import_order (*(GFile **)b);
}

void
bd_window_import_file (BdWindow *self,
                       GFile    *file)
{
  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_queue_push_tail (&self->pending_imports, g_object_ref (file));
  run_next_import (self);
}

void
bd_window_export_file (BdWindow *self,
                       GFile    *file)
{
  TaskData *data;
  g_autofree char *label = NULL;

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->task_cancellable != NULL)
    return;

  data = g_new0 (TaskData, 1);
  data->kind = TASK_EXPORT;
  data->file = g_object_ref (file);
  data->display_name = g_file_get_basename (file);
  data->query = bd_query_copy (bd_queue_page_get_query (self->queue_page));

  label = g_strdup_printf (_("Exporting to %s…"), data->display_name);
  start_task (self, data, label);
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    BdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);

      /* Suppliers before products before orders, whatever the order picked. */
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (sorted, g_list_model_get_item (files, i));
      g_ptr_array_sort_with_data (sorted, compare_import_order, NULL);

      for (guint i = 0; i < sorted->len; i++)
        g_queue_push_tail (&self->pending_imports, g_object_ref (g_ptr_array_index (sorted, i)));
      run_next_import (self);
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

void
bd_window_backup_file (BdWindow *self,
                       GFile    *file)
{
  TaskData *data;
  g_autofree char *label = NULL;

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->task_cancellable == NULL);

  data = g_new0 (TaskData, 1);
  data->kind = TASK_BACKUP;
  data->file = g_object_ref (file);
  data->display_name = g_file_get_basename (file);

  label = g_strdup_printf (_("Backing up to %s…"), data->display_name);
  start_task (self, data, label);
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
start_sample (BdWindow *self)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->kind = TASK_SAMPLE;
  data->display_name = g_strdup (_("sample data"));
  start_task (self, data, _("Loading sample data…"));
}

static void
sample_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BdWindow         *self)
{
  if (g_str_equal (response, "load"))
    start_sample (self);
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
      start_sample (self);
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
open_store (BdWindow *self)
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
      update_state (self);
      return;
    }

  /* the CLI, another window and later sync change the store too */
  bd_store_watch_other_connections (self->store);

  if (bd_store_is_read_only (self->store))
    {
      gtk_label_set_label (self->read_only_label, bd_store_get_read_only_reason (self->store));
      gtk_revealer_set_reveal_child (self->read_only_revealer, TRUE);
    }

  bd_queue_page_set_store (self->queue_page, self->store);
  update_state (self);
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
  open_store (self);
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
bd_window_constructed (GObject *object)
{
  BdWindow *self = (BdWindow *)object;

  G_OBJECT_CLASS (bd_window_parent_class)->constructed (object);

  open_store (self);
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

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_WINDOW);

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

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.create-database", NULL, create_database_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, new_database_action);
  gtk_widget_class_install_action (widget_class, "win.load-sample", NULL, load_sample_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action);
  gtk_widget_class_install_action (widget_class, "win.undo", "s", undo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
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

  set_task_running (self, NULL);
}
