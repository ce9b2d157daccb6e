/* bd-conflicts-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-conflict-row.h"
#include "bd-conflicts-dialog.h"
#include "bd-refused-row.h"
#include "bd-sync-resolve.h"

/* What a sync left for a person (README, "Sync"): the conflicts no rule
 * settled, each with both values side by side, who wrote each and when,
 * and Keep Mine / Keep Theirs / Edit…; and the writes the server refused,
 * with its reason, and Discard / Retry. A choice is written as this
 * machine's edit (bd_sync_resolve_conflict()) and goes to every machine
 * with the next sync.
 *
 * The lists are read on a thread with a connection of its own (DESIGN.md,
 * Threads): a first sync between two machines that drifted apart can
 * leave thousands, and a sync writing meanwhile holds the store. Their
 * rows go in a few dozen a frame, so that a long list never holds up the
 * main loop; the window says it is reading until the first ones are in.
 * A read after a store change keeps the list up until the new one is
 * there, and the keyboard on the row it was on. */

/* Rows made a turn of the main loop: a few milliseconds' worth. */
#define ROWS_A_TURN 25

struct _BdConflictsDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  GtkSpinner *loading_spinner;
  GtkWidget *conflicts_section;
  GtkWidget *conflicts_box;
  GtkWidget *refused_section;
  GtkWidget *refused_box;

  /* Owned references */
  BdStore *store;
  GCancellable *reading;           /* the read going on, or NULL */
  JsonArray *conflicts;            /* the last read's */
  JsonArray *refused;
  char *focus_doc_id;              /* the refused row to give the keyboard back to */

  /* Borrowed references */
  AdwMessageDialog *edit_dialog;   /* Edit…'s, while it is open */
  AdwToast *toast;                 /* the last one, while it shows */

  gint64 focus_conflict_id;        /* the conflict row to give the keyboard back to, or 0 */
  guint fill_source;
  guint n_conflicts;               /* rows shown */
  guint n_refused;
  guint focus_first : 1;           /* then the first row's first button has the keyboard */
  guint shown : 1;                 /* a read's rows are up */
};

G_DEFINE_FINAL_TYPE (BdConflictsDialog, bd_conflicts_dialog, ADW_TYPE_WINDOW)

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* One toast at a time: the last action's, not a queue of the earlier
 * ones' that would show after it. */
static void
show_toast (BdConflictsDialog *self,
            const char        *text,
            guint              timeout)
{
  AdwToast *toast = adw_toast_new (text);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  adw_toast_set_timeout (toast, timeout);
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (BdConflictsDialog *self,
            const GError      *error)
{
  show_toast (self, error->message, 0);
}

static void
show_done (BdConflictsDialog *self,
           const char        *text)
{
  show_toast (self, text, 5);
}

/* The row the keyboard is in, to give it back to after a read. */
static void
remember_focus (BdConflictsDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row;

  if (focus == NULL)
    return;
  if ((row = gtk_widget_get_ancestor (focus, BD_TYPE_CONFLICT_ROW)) != NULL)
    {
      self->focus_conflict_id = bd_conflict_row_get_id (BD_CONFLICT_ROW (row));
      g_clear_pointer (&self->focus_doc_id, g_free);
    }
  else if ((row = gtk_widget_get_ancestor (focus, BD_TYPE_REFUSED_ROW)) != NULL)
    {
      self->focus_conflict_id = 0;
      g_free (self->focus_doc_id);
      self->focus_doc_id = g_strdup (bd_refused_row_get_doc_id (BD_REFUSED_ROW (row)));
    }
}

/* Adds the next rows of the last read, and gives the keyboard back to
 * its row once that is in. */
static gboolean
fill_cb (gpointer user_data)
{
  BdConflictsDialog *self = user_data;
  guint n_conflicts = self->conflicts != NULL ? json_array_get_length (self->conflicts) : 0;
  guint n_refused = self->refused != NULL ? json_array_get_length (self->refused) : 0;
  GtkWidget *focus = NULL;

  for (guint made = 0; made < ROWS_A_TURN && self->n_conflicts + self->n_refused < n_conflicts + n_refused; made++)
    {
      GtkWidget *row;
      GtkWidget *button;

      if (self->n_conflicts < n_conflicts)
        {
          row = bd_conflict_row_new (json_array_get_object_element (self->conflicts, self->n_conflicts++));
          gtk_box_append (GTK_BOX (self->conflicts_box), row);
          button = bd_conflict_row_get_first_button (BD_CONFLICT_ROW (row));
          if (self->focus_conflict_id != 0 && bd_conflict_row_get_id (BD_CONFLICT_ROW (row)) == self->focus_conflict_id)
            focus = button;
        }
      else
        {
          row = bd_refused_row_new (json_array_get_object_element (self->refused, self->n_refused++));
          gtk_box_append (GTK_BOX (self->refused_box), row);
          button = bd_refused_row_get_first_button (BD_REFUSED_ROW (row));
          if (g_strcmp0 (self->focus_doc_id, bd_refused_row_get_doc_id (BD_REFUSED_ROW (row))) == 0)
            focus = button;
        }
      if (self->focus_first && self->n_conflicts + self->n_refused == 1)
        focus = button;
    }

  if (focus != NULL)
    {
      gtk_widget_grab_focus (focus);
      self->focus_first = FALSE;
      self->focus_conflict_id = 0;
      g_clear_pointer (&self->focus_doc_id, g_free);
    }

  if (self->n_conflicts + self->n_refused < n_conflicts + n_refused)
    return G_SOURCE_CONTINUE;

  self->fill_source = 0;
  self->focus_first = FALSE;
  self->focus_conflict_id = 0;
  g_clear_pointer (&self->focus_doc_id, g_free);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  JsonArray *conflicts;
  JsonArray *refused;
} Lists;

static void
lists_free (Lists *lists)
{
  g_clear_pointer (&lists->conflicts, json_array_unref);
  g_clear_pointer (&lists->refused, json_array_unref);
  g_free (lists);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(BdStore) store = NULL;
  GError *error = NULL;
  Lists *lists = g_new0 (Lists, 1);

  store = bd_store_open_readonly (path, &error);
  if (store != NULL && bd_store_exec (store, "BEGIN", &error))
    {
      /* both lists as of one moment */
      if ((lists->conflicts = bd_sync_list_open_conflicts (store, &error)) != NULL)
        lists->refused = bd_sync_list_refused_writes (store, &error);
      bd_store_exec (store, "ROLLBACK", NULL);
    }
  if (error != NULL)
    {
      lists_free (lists);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, lists, (GDestroyNotify)lists_free);
}

/* @user_data: the window, unless the read was cancelled: the task holds
 * no reference to it (see reload()). */
static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdConflictsDialog *self;
  g_autoptr(GError) error = NULL;
  Lists *lists = g_task_propagate_pointer (G_TASK (result), &error);

  /* cancelled when the window went or read again: then it may be gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = BD_CONFLICTS_DIALOG (user_data);
  g_clear_object (&self->reading);

  clear_box (self->conflicts_box);
  clear_box (self->refused_box);
  self->n_conflicts = 0;
  self->n_refused = 0;
  g_clear_pointer (&self->conflicts, json_array_unref);
  g_clear_pointer (&self->refused, json_array_unref);
  if (lists != NULL)
    {
      self->conflicts = g_steal_pointer (&lists->conflicts);
      self->refused = g_steal_pointer (&lists->refused);
      lists_free (lists);
    }
  else
    show_error (self, error);

  gtk_widget_set_visible (self->conflicts_section, self->conflicts != NULL &&
                                                   json_array_get_length (self->conflicts) > 0);
  gtk_widget_set_visible (self->refused_section, self->refused != NULL && json_array_get_length (self->refused) > 0);
  self->shown = TRUE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack,
                                    gtk_widget_get_visible (self->conflicts_section) ||
                                    gtk_widget_get_visible (self->refused_section) ? "list" : "empty");
  g_clear_handle_id (&self->fill_source, g_source_remove);
  if (fill_cb (self) == G_SOURCE_CONTINUE)
    self->fill_source = g_idle_add (fill_cb, self);
}

/* Reads both lists again; @focus: then the first row's first button
 * takes the keyboard focus (after an action, whose row went), else the
 * row that has it keeps it. */
static void
reload (BdConflictsDialog *self,
        gboolean           focus)
{
  g_autoptr(GTask) task = NULL;

  g_assert (BD_IS_CONFLICTS_DIALOG (self));

  /* destroyed: a read still in flight holds it alive, but its widgets
   * and store are gone */
  if (self->store == NULL)
    return;

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();

  self->focus_first = focus;
  if (!focus)
    remember_focus (self);
  if (!self->shown)
    {
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  /* Not the task's source object: a task would keep the window alive
   * after gtk_window_destroy() until its read ends, hearing the store,
   * and, should the main window go first, pointing to it as its
   * transient parent, which GTK does not clear for a window already
   * destroyed. Dispose cancels the read, and read_done_cb() then does
   * not look at the window. */
  task = g_task_new (NULL, self->reading, read_done_cb, self);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_strdup (bd_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, read_thread);
}

static void
store_changed_cb (BdConflictsDialog  *self,
                  const char * const *tables,
                  BdStore            *store)
{
  if (bd_store_changes_include (tables, "sync_conflicts") || bd_store_changes_include (tables, "sync_refused"))
    reload (self, FALSE);
}

static void
resolve (BdConflictsDialog *self,
         gint64             id,
         BdSyncChoice       choice,
         const char        *value)
{
  g_autoptr(GError) error = NULL;

  if (!bd_sync_resolve_conflict (self->store, id, choice, value, &error))
    {
      show_error (self, error);
      reload (self, FALSE);
      return;
    }
  show_done (self, choice == BD_SYNC_KEEP_LOCAL ? _("Kept yours: it goes to the team with the next sync")
                 : choice == BD_SYNC_KEEP_REMOTE ? _("Kept the server’s value")
                 : _("Your value goes to the team with the next sync"));
  reload (self, TRUE);
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  resolve (BD_CONFLICTS_DIALOG (widget), g_variant_get_int64 (parameter), BD_SYNC_KEEP_LOCAL, NULL);
}

static void
keep_theirs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  resolve (BD_CONFLICTS_DIALOG (widget), g_variant_get_int64 (parameter), BD_SYNC_KEEP_REMOTE, NULL);
}

static void
edit_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  BdConflictsDialog *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "conflict-id"));

  if (self->edit_dialog == dialog)
    g_clear_weak_pointer (&self->edit_dialog);
  if (g_str_equal (response, "save"))
    resolve (self, id, BD_SYNC_KEEP_VALUE, gtk_editable_get_text (entry));
}

/* Edit…: a value of one's own, starting from one's own (or the
 * server's, when one's own is empty). */
static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdConflictsDialog *self = BD_CONFLICTS_DIALOG (widget);
  gint64 id = g_variant_get_int64 (parameter);
  JsonArray *conflicts = self->conflicts;
  JsonObject *conflict = NULL;
  g_autofree char *field = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *entry_label = NULL;
  const char *start;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  for (guint i = 0; conflicts != NULL && i < json_array_get_length (conflicts); i++)
    if (json_object_get_int_member (json_array_get_object_element (conflicts, i), "id") == id)
      conflict = json_array_get_object_element (conflicts, i);
  if (conflict == NULL)
    {
      reload (self, FALSE);
      return;
    }

  field = bd_conflict_field_label (json_object_get_string_member (conflict, "field"));
  /* TRANSLATORS: a field ("Email"), then the row ("Customer C-1 (Ada)") */
  heading = g_strdup_printf (_("%s of %s"), field, json_object_get_string_member (conflict, "what"));
  start = json_object_get_string_member_with_default (conflict, "local_value", NULL);
  if (start == NULL)
    start = json_object_get_string_member_with_default (conflict, "remote_value", NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The value you save here goes to every machine of the team"
                                                         " with the next sync.")));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), start != NULL ? start : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  entry_label = g_strdup_printf (_("New value of %s"), heading);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "conflict-id", GSIZE_TO_POINTER ((gsize)id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response_cb), self, 0);
  g_set_weak_pointer (&self->edit_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdConflictsDialog *self = BD_CONFLICTS_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!bd_sync_discard_refused (self->store, g_variant_get_string (parameter, NULL), &error))
    {
      show_error (self, error);
      reload (self, FALSE);
      return;
    }
  show_done (self, _("Your change is discarded"));
  reload (self, TRUE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BdConflictsDialog *self = BD_CONFLICTS_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!bd_sync_retry_refused (self->store, g_variant_get_string (parameter, NULL), &error))
    {
      show_error (self, error);
      reload (self, FALSE);
      return;
    }
  show_done (self, _("Your change goes to the server again with the next sync"));
  reload (self, TRUE);
}

static void
bd_conflicts_dialog_dispose (GObject *object)
{
  BdConflictsDialog *self = (BdConflictsDialog *)object;

  if (self->edit_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->edit_dialog));
  g_clear_weak_pointer (&self->edit_dialog);
  g_clear_weak_pointer (&self->toast);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  /* the store outlives the window: no "changed" may reach it after this */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_CONFLICTS_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->conflicts, json_array_unref);
  g_clear_pointer (&self->refused, json_array_unref);
  g_clear_pointer (&self->focus_doc_id, g_free);

  G_OBJECT_CLASS (bd_conflicts_dialog_parent_class)->dispose (object);
}

static void
bd_conflicts_dialog_class_init (BdConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_conflicts_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/sync/bd-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, conflicts_section);
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, refused_section);
  gtk_widget_class_bind_template_child (widget_class, BdConflictsDialog, refused_box);

  gtk_widget_class_install_action (widget_class, "conflicts.keep-mine", "x", keep_mine_action);
  gtk_widget_class_install_action (widget_class, "conflicts.keep-theirs", "x", keep_theirs_action);
  gtk_widget_class_install_action (widget_class, "conflicts.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "conflicts.discard", "s", discard_action);
  gtk_widget_class_install_action (widget_class, "conflicts.retry", "s", retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_conflicts_dialog_init (BdConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BdConflictsDialog *
bd_conflicts_dialog_new (GtkWindow *parent,
                         BdStore   *store)
{
  BdConflictsDialog *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_CONFLICTS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self, FALSE);
  return self;
}

/* Whether the lists are being read, or their rows going in. */
gboolean
bd_conflicts_dialog_get_loading (BdConflictsDialog *self)
{
  g_return_val_if_fail (BD_IS_CONFLICTS_DIALOG (self), FALSE);
  return self->reading != NULL || self->fill_source != 0;
}

guint
bd_conflicts_dialog_get_n_conflicts (BdConflictsDialog *self)
{
  g_return_val_if_fail (BD_IS_CONFLICTS_DIALOG (self), 0);
  return self->n_conflicts;
}

guint
bd_conflicts_dialog_get_n_refused (BdConflictsDialog *self)
{
  g_return_val_if_fail (BD_IS_CONFLICTS_DIALOG (self), 0);
  return self->n_refused;
}

/* Edit…'s dialog while it is open, else NULL. */
AdwMessageDialog *
bd_conflicts_dialog_get_edit_dialog (BdConflictsDialog *self)
{
  g_return_val_if_fail (BD_IS_CONFLICTS_DIALOG (self), NULL);
  return self->edit_dialog;
}
