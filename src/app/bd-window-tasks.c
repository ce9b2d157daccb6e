/* bd-window-tasks.c: the window's work in the background: imports,
 * export, sample data and backups, one at a time
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window-tasks"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-demo.h"
#include "bd-export.h"
#include "bd-import.h"
#include "bd-window-private.h"

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
  BdBackorderQuery *query;
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
  g_clear_pointer (&data->query, bd_backorder_query_free);
  g_clear_pointer (&data->report, bd_import_report_free);
  g_clear_object (&data->window);
  g_free (data);
}

/* What became of one file of an import of several, for its summary. */
typedef struct
{
  char *name;
  BdImportReport *report;   /* NULL when it was not imported */
  char *error;              /* why not; NULL when it was, or was not tried */
} ImportResult;

static void
import_result_free (gpointer data)
{
  ImportResult *result = data;

  g_free (result->name);
  g_clear_pointer (&result->report, bd_import_report_free);
  g_free (result->error);
  g_free (result);
}

/* @report: (transfer full) (nullable) */
static void
add_import_result (BdWindow       *self,
                   const char     *name,
                   BdImportReport *report,
                   const char     *error)
{
  ImportResult *result = g_new0 (ImportResult, 1);

  result->name = g_strdup (name);
  result->report = report;
  result->error = g_strdup (error);

  if (self->import_results == NULL)
    self->import_results = g_ptr_array_new_with_free_func (import_result_free);
  g_ptr_array_add (self->import_results, result);
}

static const char *
import_kind_label (BdImportKind kind)
{
  switch (kind)
    {
    case BD_IMPORT_SUPPLIERS: return C_("import kind", "suppliers");
    case BD_IMPORT_PRODUCTS: return C_("import kind", "products");
    case BD_IMPORT_ORDERS: return C_("import kind", "orders");
    case BD_IMPORT_PURCHASE_ORDERS: return C_("import kind", "purchase orders");
    case BD_IMPORT_PRODUCT_SUPPLIERS: return C_("import kind", "product suppliers");
    case BD_IMPORT_PRODUCT_ALTERNATIVES: return C_("import kind", "product alternatives");
    default: return bd_import_kind_to_string (kind);   /* a kind added since: its name in files */
    }
}

/* Each file of an import, what it read and each of its warnings (unknown
 * columns and the like), as lines a person can read and copy. Files that
 * failed are left out when @with_failed is FALSE: their error is told
 * above the list. */
static char *
describe_import_results (GPtrArray *results,
                         gboolean   with_failed)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      ImportResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL && !with_failed)
        continue;

      if (text->len > 0)
        g_string_append (text, "\n\n");

      if (result->report != NULL)
        {
          g_autofree char *summary = bd_import_report_describe (result->report);

          /* Translators: a file imported, its kind (suppliers, products,
           * orders, …) and what was read from it */
          g_string_append_printf (text, _("%s (%s): %s"),
                                  result->name, import_kind_label (result->report->kind), summary);
          for (guint w = 0; w < result->report->warnings->len; w++)
            g_string_append_printf (text, _("\nWarning: %s"),
                                    (const char *)g_ptr_array_index (result->report->warnings, w));
        }
      else if (result->error != NULL)
        g_string_append_printf (text, _("%s: not imported: %s"), result->name, result->error);
      else
        g_string_append_printf (text, _("%s: not imported: the import stopped before it"), result->name);
    }

  return g_string_free (text, FALSE);
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
      /* the scroller's height comes from the label's at its natural
       * width: unbounded, that was one line a row and cut the list */
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
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
  bd_window_update_actions (self);
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
        BdDemoOptions options = { BD_DEMO_DEFAULT_ORDERS, BD_DEMO_DEFAULT_SEED, NULL };

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
add_waiting_toasts_cb (BdWindow *self)
{
  BdQueueModel *model = bd_queue_page_get_model (self->queue_page);

  if (model != NULL && bd_queue_model_get_loading (model))
    return;

  if (model != NULL)
    g_signal_handlers_disconnect_by_func (model, add_waiting_toasts_cb, self);
  for (guint i = 0; self->toasts_after_load != NULL && i < self->toasts_after_load->len; i++)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 g_object_ref (g_ptr_array_index (self->toasts_after_load, i)));
  g_clear_pointer (&self->toasts_after_load, g_ptr_array_unref);
}

/* Adds @toast (transfer full) once the queue shows what the task wrote:
 * "Sample data loaded" over a list still loading said what was not so. */
static void
add_toast_after_load (BdWindow *self,
                      AdwToast *toast)
{
  BdQueueModel *model = bd_queue_page_get_model (self->queue_page);

  if (model == NULL || !bd_queue_model_get_loading (model))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (self->toasts_after_load == NULL)
    {
      self->toasts_after_load = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect_object (model, "notify::loading",
                               G_CALLBACK (add_waiting_toasts_cb), self, G_CONNECT_SWAPPED);
    }
  g_ptr_array_add (self->toasts_after_load, g_object_ref_sink (toast));
}

/* Shows the summary of the last import: each file, what it read and its
 * warnings. */
void
bd_window_show_import_summary (BdWindow *self)
{
  g_return_if_fail (BD_IS_WINDOW (self));

  if (self->import_summary != NULL)
    show_message (self, _("Import Summary"), self->import_summary);
}

/* All files of an import are done, or it stopped at one (@error): one
 * summary for them all, rather than a toast and a dialog for each. */
static void
finish_import (BdWindow     *self,
               const GError *error)
{
  g_autoptr(GPtrArray) results = g_steal_pointer (&self->import_results);
  g_autofree char *details = NULL;
  g_autofree char *title = NULL;
  guint n_imported = 0, n_rows = 0, n_warnings = 0;
  AdwToast *toast;

  if (results == NULL)
    return;

  for (guint i = 0; i < results->len; i++)
    {
      ImportResult *result = g_ptr_array_index (results, i);

      if (result->report == NULL)
        continue;
      n_imported++;
      n_rows += result->report->rows;
      n_warnings += result->report->warnings->len;
    }

  g_clear_pointer (&self->import_summary, g_free);
  bd_window_update_actions (self);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *first = g_strdup (error->message);
      char *rest = strchr (first, '\n');
      g_autofree char *text = NULL;

      /* the problems of the file that failed, then what became of the
       * others: the files before it were imported, each whole */
      if (rest != NULL)
        *rest++ = '\0';
      details = describe_import_results (results, FALSE);
      text = g_strdup_printf ("%s\n%s%s%s", first, rest != NULL ? rest : "",
                              rest != NULL && *rest && *details ? "\n\n" : "", details);
      show_message (self, n_imported == 0 ? _("Nothing Was Imported") : _("Not All Files Were Imported"),
                    text);
      return;
    }

  details = describe_import_results (results, TRUE);

  if (error != NULL)
    {
      if (n_imported == 0)
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Cancelled: nothing was changed")));
          return;
        }
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Cancelled: %u of %u files were imported",
                                            "Cancelled: %u of %u files were imported",
                                            results->len),
                               n_imported, results->len);
    }
  else if (results->len == 1)
    {
      ImportResult *result = g_ptr_array_index (results, 0);
      g_autofree char *summary = bd_import_report_describe (result->report);

      title = g_strdup_printf ("%s: %s", result->name, summary);
    }
  else
    {
      g_autofree char *files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u file",
                                                             "Imported %u files", n_imported),
                                                n_imported);
      g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row read",
                                                            "%u rows read", n_rows),
                                               n_rows);

      /* Translators: "Imported 3 files: 120 rows read" */
      title = g_strdup_printf (_("%s: %s"), files, rows);
    }

  if (n_warnings > 0)
    {
      g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                                                "%u warnings", n_warnings),
                                                   n_warnings);
      g_autofree char *with_warnings = g_strdup_printf ("%s, %s", title, warnings);

      g_free (title);
      title = g_steal_pointer (&with_warnings);
    }

  self->import_summary = g_strdup_printf ("%s\n%s", title, details);
  bd_window_update_actions (self);

  /* Warnings (a column of the file that was ignored) need reading: the
   * summary itself. Otherwise a toast, with the details a click away
   * when there is more than one file. */
  if (n_warnings > 0)
    {
      show_message (self, _("Imported, with Warnings"), self->import_summary);
      return;
    }

  toast = adw_toast_new (title);
  if (results->len > 1 || error != NULL)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.import-summary");
    }
  add_toast_after_load (self, toast);
}

void
bd_window_tasks_dispose (BdWindow *self)
{
  g_clear_pointer (&self->import_results, g_ptr_array_unref);
  g_clear_pointer (&self->import_summary, g_free);
  g_clear_pointer (&self->toasts_after_load, g_ptr_array_unref);
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
      if (data->kind == TASK_IMPORT)
        {
          g_autoptr(GFile) file = NULL;

          /* the files after it are not imported: the summary says so */
          add_import_result (self, data->display_name, NULL,
                             g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                               ? _("cancelled") : error->message);
          while ((file = g_queue_pop_head (&self->pending_imports)) != NULL)
            {
              g_autofree char *name = g_file_get_basename (file);

              add_import_result (self, name, NULL, NULL);
              g_clear_object (&file);
            }
          finish_import (self, error);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast = adw_toast_new (_("Cancelled: nothing was changed"));
      else if (data->kind == TASK_EXPORT)
        show_message (self, _("The Queue Was Not Exported"), error->message);
      else if (data->kind == TASK_BACKUP)
        show_message (self, _("No Backup Was Made"), error->message);
      else
        show_message (self, _("Sample Data Was Not Loaded"), error->message);
    }
  else if (data->kind == TASK_IMPORT)
    add_import_result (self, data->display_name, g_steal_pointer (&data->report), NULL);
  else if (data->kind == TASK_BACKUP)
    toast = adw_toast_new_format (_("Backup written to %s"), data->display_name);
  else if (data->kind == TASK_EXPORT)
    {
      g_autofree char *uri = g_file_get_uri (data->file);

      toast = adw_toast_new_format (_("Exported to %s"), data->display_name);
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-file");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }

  if (toast != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, toast);

  if ((data->kind == TASK_IMPORT || data->kind == TASK_SAMPLE) && error == NULL && self->store != NULL)
    {
      /* The import wrote through its own connection: tell this one's
       * listeners, and leave the empty page if there are lines now. */
      bd_store_emit_changed (self->store);
      bd_queue_page_reload_suppliers (self->queue_page);
      bd_window_update_state (self);
    }

  if (data->kind == TASK_SAMPLE && error == NULL)
    add_toast_after_load (self, adw_toast_new (_("Sample data loaded")));

  /* the last file of an import: its summary, once the queue shows it */
  if (data->kind == TASK_IMPORT && error == NULL && g_queue_is_empty (&self->pending_imports))
    finish_import (self, NULL);

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
  return bd_import_kind_order (kind);
}

static int
compare_import_order (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return import_order (*(GFile **)a) - import_order (*(GFile **)b);
}

/* Imports @files one after the other: suppliers before products before
 * orders, whatever the order they were picked in. */
void
bd_window_import_files (BdWindow   *self,
                        GListModel *files)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (sorted, g_list_model_get_item (files, i));
  g_ptr_array_sort_with_data (sorted, compare_import_order, NULL);

  for (guint i = 0; i < sorted->len; i++)
    g_queue_push_tail (&self->pending_imports, g_object_ref (g_ptr_array_index (sorted, i)));
  run_next_import (self);
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
  data->query = bd_backorder_query_copy (bd_queue_page_get_query (self->queue_page));

  label = g_strdup_printf (_("Exporting to %s…"), data->display_name);
  start_task (self, data, label);
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

void
bd_window_load_sample (BdWindow *self)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->kind = TASK_SAMPLE;
  data->display_name = g_strdup (_("sample data"));
  start_task (self, data, _("Loading sample data…"));
}

/* TRUE while an import, export or sample data task runs or waits. */
gboolean
bd_window_get_busy (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);
  return self->task_cancellable != NULL || !g_queue_is_empty (&self->pending_imports);
}
