/* bd-compose-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-compose-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-compose-dialog.h"
#include "bd-compose-row.h"
#include "bd-default-templates.h"
#include "bd-delay-notices.h"
#include "bd-mail.h"
#include "bd-message-tasks.h"

/* Writes a message from a template for each of some lines (those picked
 * in the queue, the overdue ones, those that need a delay notice, those
 * whose customer is due a follow-up), or for each of some purchase
 * orders to their suppliers (the POs to chase), shows every one before anything
 * goes, then sends them one after the other with progress and Cancel,
 * and says what came of each. Writing and sending run on threads with
 * connections of their own (bd-message-tasks.c); the window's store is
 * told what changed when they are done.
 *
 * Its states: "loading" (writing the messages), "ready", "sending",
 * "done". */

struct _BdComposeDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkButton *send_button;
  GtkRevealer *server_revealer;
  GtkLabel *server_label;
  GtkRevealer *progress_revealer;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  AdwComboRow *kind_row;
  AdwActionRow *delivery_row;
  GtkWidget *folder_button;
  GtkWidget *server_button;
  AdwEntryRow *sender_row;
  GtkWidget *mail_app_row;
  GtkLabel *summary_label;
  GtkStack *stack;
  GtkSpinner *spinner;
  AdwStatusPage *empty_page;
  GtkListView *list_view;

  /* Owned references */
  BdStore *store;
  GArray *line_ids;             /* NULL: the target's lines */
  GStrv po_numbers;             /* to suppliers: NULL, every PO to chase */
  GListStore *items;            /* BdComposeItem: cannot go first, then the rest */
  GPtrArray *sending;           /* BdComposeItem: the batch on its way, in order */
  GCancellable *cancellable;    /* the preview, or the sending */
  GPtrArray *kinds;             /* const char *: the kinds the row offers, in its order */
  char *eml_dir;                /* NULL: through the mail server */
  char *mailto_uri;             /* the last one handed to the mail program */

  BdComposeTarget target;
  gboolean to_suppliers;
  BdSendSetup setup;
  const char *state;
  guint n_sendable;
  guint n_done;
  gboolean stopping;
  gboolean opening_mail_app;
  gboolean handed_to_client;
  char *mail_app_error;
};

G_DEFINE_FINAL_TYPE (BdComposeDialog, bd_compose_dialog, ADW_TYPE_WINDOW)

static void update (BdComposeDialog *self);
static void start (BdComposeDialog *self);
static void set_audience (BdComposeDialog *self,
                          BdAudience       audience);

static void
set_state (BdComposeDialog *self,
           const char      *state)
{
  self->state = state;
  update (self);
}

static const char *
default_kind (BdComposeDialog *self)
{
  if (self->to_suppliers)
    return "chase";
  if (self->line_ids == NULL && self->target == BD_COMPOSE_TARGET_DELAY_NOTICES)
    return "delay_notice";
  return "delay_update";
}

const char *
bd_compose_dialog_get_kind (BdComposeDialog *self)
{
  guint selected;

  g_return_val_if_fail (BD_IS_COMPOSE_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->kind_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->kinds->len)
    return default_kind (self);
  return g_ptr_array_index (self->kinds, selected);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BdComposeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  BdSendSetup setup;

  items = bd_message_tasks_preview_finish (result, &setup, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  self->setup = setup;
  g_list_store_remove_all (self->items);
  self->n_sendable = 0;

  if (items == NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("Cannot Write the Messages"));
      adw_status_page_set_description (self->empty_page, error->message);
      set_state (self, "ready");
      return;
    }

  /* what cannot go comes first, so that nobody misses it */
  for (guint i = 0; i < items->len; i++)
    if (bd_compose_item_get_problem (g_ptr_array_index (items, i)) != NULL)
      g_list_store_append (self->items, g_ptr_array_index (items, i));
  for (guint i = 0; i < items->len; i++)
    if (bd_compose_item_get_problem (g_ptr_array_index (items, i)) == NULL)
      {
        g_list_store_append (self->items, g_ptr_array_index (items, i));
        self->n_sendable++;
      }

  set_state (self, "ready");
}

/* Writes the messages again: for another kind, or another delivery. */
static void
refresh (BdComposeDialog *self)
{
  if (g_strcmp0 (self->state, "sending") == 0 || g_strcmp0 (self->state, "done") == 0)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  adw_status_page_set_icon_name (self->empty_page, "mail-unread-symbolic");
  set_state (self, "loading");
  if (self->to_suppliers)
    {
      bd_message_tasks_preview_pos_async (self->store, (const char * const *)self->po_numbers,
                                          bd_compose_dialog_get_kind (self), self->eml_dir != NULL,
                                          self->cancellable, preview_done_cb, g_object_ref (self));
      return;
    }
  bd_message_tasks_preview_async (self->store,
                                  self->line_ids != NULL ? (const gint64 *)(gpointer)self->line_ids->data : NULL,
                                  self->line_ids != NULL ? self->line_ids->len : 0,
                                  self->target, bd_compose_dialog_get_kind (self), self->eml_dir != NULL,
                                  self->cancellable, preview_done_cb, g_object_ref (self));
}

/* The one message that the user's mail program can take instead: an
 * email with an address (a missing mail server does not matter there),
 * or NULL. A batch is not handed over: a mail program opens one window a
 * message. */
static BdComposeItem *
mail_app_item (BdComposeDialog *self)
{
  g_autoptr(BdComposeItem) item = NULL;
  BdOutgoing *outgoing;

  if (self->eml_dir != NULL || g_list_model_get_n_items (G_LIST_MODEL (self->items)) != 1)
    return NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->items), 0);
  outgoing = bd_compose_item_get_outgoing (item);
  if (outgoing == NULL || outgoing->channel != BD_CHANNEL_EMAIL || !bd_mail_address_is_valid (outgoing->recipient))
    return NULL;
  return item;
}

static gboolean
sender_is_valid (BdComposeDialog *self)
{
  const char *sender;

  if (self->eml_dir == NULL || self->setup.sender)
    return TRUE;
  sender = gtk_editable_get_text (GTK_EDITABLE (self->sender_row));
  return bd_mail_address_is_valid (sender);
}

static const char *
empty_description (BdComposeDialog *self)
{
  if (self->to_suppliers)
    return self->po_numbers != NULL ? _("No purchase orders are selected.")
                                    : _("No purchase order is to chase: every one sent is confirmed, and none is late.");
  if (self->line_ids != NULL)
    return _("No lines are selected.");

  switch (self->target)
    {
    case BD_COMPOSE_TARGET_OVERDUE:
      return _("No open line is past its promised date.");
    case BD_COMPOSE_TARGET_DELAY_NOTICES:
      if (!bd_delay_notices_enabled (self->store))
        return _("The team has switched the delay-notice rule off.");
      return _("No line needs a delay notice: every delayed customer was told of the date they wait for.");
    case BD_COMPOSE_TARGET_FOLLOWUPS:
      return _("No customer is due a follow-up today.");
    default:
      return "";
    }
}

static char *
describe_results (BdComposeDialog *self)
{
  guint n[BD_COMPOSE_STATE_NOT_SENT + 1] = { 0, };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->sending != NULL && i < self->sending->len; i++)
    n[bd_compose_item_get_state (g_ptr_array_index (self->sending, i))]++;

#define APPEND(count, singular, plural) \
  if ((count) > 0) \
    { \
      if (text->len > 0) \
        g_string_append (text, " · "); \
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, singular, plural, (count)), (count)); \
    }

  APPEND (n[BD_COMPOSE_STATE_SENT], "%u sent", "%u sent");
  APPEND (n[BD_COMPOSE_STATE_SAVED], "%u saved", "%u saved");
  APPEND (n[BD_COMPOSE_STATE_FAILED], "%u failed", "%u failed");
  APPEND (n[BD_COMPOSE_STATE_UNKNOWN], "%u may have gone out", "%u may have gone out");
  APPEND (n[BD_COMPOSE_STATE_NOT_SENT], "%u not sent", "%u not sent");
#undef APPEND

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The one place that makes the dialog show its state. */
static void
update (BdComposeDialog *self)
{
  gboolean loading = g_strcmp0 (self->state, "loading") == 0;
  gboolean ready = g_strcmp0 (self->state, "ready") == 0;
  gboolean sending = g_strcmp0 (self->state, "sending") == 0;
  gboolean done = g_strcmp0 (self->state, "done") == 0;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  gboolean as_eml = self->eml_dir != NULL;
  g_autofree char *send_label = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *subtitle = NULL;

  /* the stack */
  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (n_items > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      if (g_strcmp0 (adw_status_page_get_icon_name (self->empty_page), "dialog-error-symbolic") != 0)
        {
          adw_status_page_set_title (self->empty_page, _("Nobody to Write To"));
          adw_status_page_set_description (self->empty_page, empty_description (self));
        }
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  /* the choices, fixed once sending starts */
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), loading || ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delivery_row), loading || ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sender_row), loading || ready);
  if (as_eml)
    {
      g_autofree char *name = g_filename_display_basename (self->eml_dir);
      /* Translators: %s is the name of a folder */
      g_autofree char *where = g_strdup_printf (_("Saved as .eml files in “%s”, to send from a mail program"), name);

      adw_action_row_set_subtitle (self->delivery_row, where);
      gtk_button_set_label (GTK_BUTTON (self->folder_button), _("Change _Folder…"));
    }
  else
    {
      adw_action_row_set_subtitle (self->delivery_row,
                                   self->to_suppliers ? _("By email to each supplier")
                                                      : _("By email, or by text message to a customer who prefers it"));
      gtk_button_set_label (GTK_BUTTON (self->folder_button), _("Save as ._eml Files…"));
    }
  gtk_widget_set_visible (self->server_button, as_eml && self->setup.mail_server);
  /* the banner offers it when there is no mail server */
  gtk_widget_set_visible (self->folder_button, as_eml || self->setup.mail_server);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_row), as_eml && !loading && !self->setup.sender);
  gtk_revealer_set_reveal_child (self->server_revealer, ready && !as_eml && !self->setup.mail_server);

  gtk_widget_set_visible (self->mail_app_row, (loading || ready) && mail_app_item (self) != NULL);

  /* the summary above the list */
  if (done && self->handed_to_client)
    summary = g_strdup (_("Handed to your mail program: send it from there. It is logged as handed over, "
                          "not as sent."));
  else if (self->mail_app_error != NULL)
    summary = g_strdup_printf (_("Your mail program could not be opened: %s"), self->mail_app_error);
  else if (sending || done)
    summary = describe_results (self);
  else if (!loading && n_items > 0)
    {
      guint n_problems = n_items - self->n_sendable;

      if (n_problems == n_items)
        summary = g_strdup (g_dngettext (GETTEXT_PACKAGE, "The message cannot go: see why below.",
                                         "No message can go: see why below.", n_items));
      else if (n_problems > 0)
        summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u message cannot go: see why below. The others are ready.",
                                                "%u messages cannot go: see why below. The others are ready.",
                                                n_problems), n_problems);
      else
        summary = g_strdup (_("Every message is ready. Nothing goes until you send it."));
    }
  gtk_label_set_label (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');

  if (!loading && self->to_suppliers)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u purchase order", "%u purchase orders", n_items),
                                n_items);
  else if (!loading)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n_items), n_items);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");

  /* the buttons */
  if (done)
    {
      gtk_button_set_label (self->send_button, _("_Close"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "compose.close");
    }
  else
    {
      if (self->n_sendable == 0 || loading)
        send_label = g_strdup (as_eml ? _("_Save Messages") : _("_Send Messages"));
      else if (as_eml)
        send_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Save %u Message", "_Save %u Messages",
                                                   self->n_sendable), self->n_sendable);
      else
        send_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Send %u Message", "_Send %u Messages",
                                                   self->n_sendable), self->n_sendable);
      gtk_button_set_label (self->send_button, send_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "compose.send");
    }
  gtk_widget_set_visible (self->cancel_button, !done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.send",
                                 ready && self->n_sendable > 0 && sender_is_valid (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.choose-folder", loading || ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.use-server", loading || ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.open-mail-app",
                                 ready && !self->opening_mail_app && mail_app_item (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.cancel", !done && !self->stopping);

  /* the progress */
  gtk_revealer_set_reveal_child (self->progress_revealer, sending);
  if (sending && self->sending != NULL)
    {
      g_autofree char *progress = NULL;
      guint n = self->sending->len;
      guint current = MIN (self->n_done + 1, n);

      if (self->stopping)
        progress = g_strdup (_("Stopping after this message…"));
      else if (as_eml)
        progress = g_strdup_printf (_("Saving %u of %u…"), current, n);
      else
        progress = g_strdup_printf (_("Sending %u of %u…"), current, n);
      gtk_label_set_label (self->progress_label, progress);
      gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double)self->n_done / n : 0);
    }
}

static void
kind_selected_cb (BdComposeDialog *self)
{
  if (self->kinds != NULL && self->store != NULL)
    refresh (self);
}

static void
sender_changed_cb (BdComposeDialog *self)
{
  update (self);
}

/* On the main thread, as each message goes and when it went. */
static void
progress_cb (GObject        *target,
             guint           index,
             BdComposeState  state,
             const char     *message_uuid,
             const char     *error)
{
  BdComposeDialog *self = BD_COMPOSE_DIALOG (target);
  BdComposeItem *item;

  if (self->sending == NULL || index >= self->sending->len)
    return;

  item = g_ptr_array_index (self->sending, index);
  bd_compose_item_set_result (item, state, message_uuid, error);
  if (state != BD_COMPOSE_STATE_SENDING)
    self->n_done = index + 1;
  update (self);
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdComposeDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  bd_message_tasks_send_finish (result, &error);
  g_clear_object (&self->cancellable);

  /* what did not get its turn */
  for (guint i = 0; i < self->sending->len; i++)
    {
      BdComposeItem *item = g_ptr_array_index (self->sending, i);
      BdComposeState state = bd_compose_item_get_state (item);

      if (state == BD_COMPOSE_STATE_PREVIEW || state == BD_COMPOSE_STATE_SENDING)
        bd_compose_item_set_result (item, BD_COMPOSE_STATE_NOT_SENT, NULL, error != NULL ? error->message : NULL);
    }

  self->stopping = FALSE;
  set_state (self, "done");

  /* a message that did not go is what the agent must see: in sight */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      BdComposeState state = bd_compose_item_get_state (item);

      if (state == BD_COMPOSE_STATE_FAILED || state == BD_COMPOSE_STATE_UNKNOWN)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          break;
        }
    }

  /* nothing could go at all: a password not in the keyring, a store that
   * cannot be opened */
  if (error != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Sent"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  /* written through the thread's connection: this one's lists follow */
  bd_store_emit_changed_tables (self->store, self->to_suppliers ? bd_po_message_tables : bd_message_tables);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdComposeDialog *self = BD_COMPOSE_DIALOG (widget);
  g_autofree char *sender = NULL;

  if (g_strcmp0 (self->state, "ready") != 0 || self->n_sendable == 0 || !sender_is_valid (self))
    return;

  g_clear_pointer (&self->sending, g_ptr_array_unref);
  self->sending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (bd_compose_item_get_problem (item) == NULL)
        g_ptr_array_add (self->sending, g_steal_pointer (&item));
    }

  if (self->eml_dir != NULL && !self->setup.sender)
    sender = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sender_row))));

  self->n_done = 0;
  self->stopping = FALSE;
  self->cancellable = g_cancellable_new ();
  set_state (self, "sending");
  bd_message_tasks_send_async (self->store, self->sending, self->eml_dir, sender, progress_cb, G_OBJECT (self),
                               self->cancellable, send_done_cb, g_object_ref (self));
}

static void
mail_app_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BdComposeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdComposeItem) item = NULL;
  g_autoptr(BdOutgoing) handed = NULL;
  g_autofree char *uuid = NULL;
  BdTransport none = { 0, };

  self->opening_mail_app = FALSE;
  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      if (self->store == NULL)
        return;
      g_free (self->mail_app_error);
      self->mail_app_error = g_strdup (error->message);
      update (self);
      return;
    }
  if (self->store == NULL || (item = mail_app_item (self)) == NULL)
    return;
  g_object_ref (item);

  /* logged as what it is: in the user's hands, not sent; a mailto: URI
   * carries no attachment */
  handed = bd_outgoing_copy (bd_compose_item_get_outgoing (item));
  handed->channel = BD_CHANNEL_MAILTO;
  g_clear_pointer (&handed->attachment, g_bytes_unref);
  g_clear_pointer (&handed->attachment_name, g_free);
  if (!bd_messages_send (self->store, &none, handed, &uuid, &error))
    {
      g_free (self->mail_app_error);
      self->mail_app_error = g_strdup (error->message);
      update (self);
      return;
    }

  g_clear_pointer (&self->mail_app_error, g_free);
  self->handed_to_client = TRUE;
  set_state (self, "done");
}

/* Hands the one message to the user's own mail program (a mailto: URI,
 * through the portal in the Flatpak), to send from there. */
static void
open_mail_app_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdComposeDialog *self = BD_COMPOSE_DIALOG (widget);
  BdComposeItem *item = mail_app_item (self);
  BdOutgoing *outgoing;

  if (g_strcmp0 (self->state, "ready") != 0 || item == NULL || self->opening_mail_app)
    return;

  outgoing = bd_compose_item_get_outgoing (item);
  g_free (self->mailto_uri);
  self->mailto_uri = bd_mail_mailto_uri (outgoing->recipient, outgoing->subject, outgoing->body);
  g_clear_pointer (&self->mail_app_error, g_free);
  self->opening_mail_app = TRUE;
  update (self);
  gtk_show_uri_full (GTK_WINDOW (self), self->mailto_uri, GDK_CURRENT_TIME, NULL, mail_app_opened_cb,
                     g_object_ref (self));
}

/* The mailto: URI last handed to the mail program, or NULL. */
const char *
bd_compose_dialog_get_mailto_uri (BdComposeDialog *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_DIALOG (self), NULL);
  return self->mailto_uri;
}

/* Before sending it closes the dialog; while sending it stops after the
 * message on its way. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdComposeDialog *self = BD_COMPOSE_DIALOG (widget);

  if (g_strcmp0 (self->state, "sending") == 0)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      self->stopping = TRUE;
      update (self);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* Messages as .eml files in @folder, written for that (by email to every
 * customer): what a desk without a mail server can do. */
void
bd_compose_dialog_set_eml_folder (BdComposeDialog *self,
                                  GFile           *folder)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BD_IS_COMPOSE_DIALOG (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  path = folder != NULL ? g_file_get_path (folder) : NULL;
  if (g_strcmp0 (path, self->eml_dir) == 0)
    return;

  g_free (self->eml_dir);
  self->eml_dir = g_steal_pointer (&path);
  refresh (self);
}

static void
folder_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    BdComposeDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        bd_compose_dialog_set_eml_folder (self, folder);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdComposeDialog *self = BD_COMPOSE_DIALOG (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Messages as .eml Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save Here"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
use_server_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  bd_compose_dialog_set_eml_folder (BD_COMPOSE_DIALOG (widget), NULL);
}

void
bd_compose_dialog_set_kind (BdComposeDialog *self,
                            const char      *kind)
{
  g_return_if_fail (BD_IS_COMPOSE_DIALOG (self));

  for (guint i = 0; i < self->kinds->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->kinds, i), kind) == 0)
      {
        adw_combo_row_set_selected (self->kind_row, i);
        return;
      }

  g_return_if_reached ();
}

/* "loading", "ready", "sending" or "done". */
const char *
bd_compose_dialog_get_state (BdComposeDialog *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_DIALOG (self), NULL);
  return self->state;
}

/* The messages shown (BdComposeItem). */
GListModel *
bd_compose_dialog_get_items (BdComposeDialog *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_DIALOG (self), NULL);
  return G_LIST_MODEL (self->items);
}

guint
bd_compose_dialog_get_n_sendable (BdComposeDialog *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_DIALOG (self), 0);
  return self->n_sendable;
}

static const char *
title_for (BdComposeDialog *self)
{
  if (self->to_suppliers)
    return _("Chase Suppliers");
  if (self->line_ids != NULL)
    return _("Send Messages");

  switch (self->target)
    {
    case BD_COMPOSE_TARGET_OVERDUE:
      return _("Message Overdue Lines");
    case BD_COMPOSE_TARGET_DELAY_NOTICES:
      return _("Send Delay Notices");
    case BD_COMPOSE_TARGET_FOLLOWUPS:
      return _("Send Follow-ups");
    default:
      return _("Send Messages");
    }
}

/* A dialog for the messages to @line_ids, or when it is NULL to the
 * lines of @target. */
BdComposeDialog *
bd_compose_dialog_new (GtkWindow       *parent,
                       BdStore         *store,
                       const gint64    *line_ids,
                       guint            n_lines,
                       BdComposeTarget  target)
{
  BdComposeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_COMPOSE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->target = target;
  if (line_ids != NULL)
    {
      self->line_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_lines);
      g_array_append_vals (self->line_ids, line_ids, n_lines);
    }

  start (self);
  return self;
}

/* A dialog for the messages to the suppliers of @po_numbers, or when it
 * is NULL of every purchase order to chase: the same preview, progress
 * and Cancel as for customers, each message logged on its PO. */
BdComposeDialog *
bd_compose_dialog_new_for_pos (GtkWindow          *parent,
                               BdStore            *store,
                               const char * const *po_numbers)
{
  BdComposeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_COMPOSE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->to_suppliers = TRUE;
  self->po_numbers = g_strdupv ((char **)po_numbers);
  set_audience (self, BD_AUDIENCE_SUPPLIER);

  start (self);
  return self;
}

static void
start (BdComposeDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), title_for (self));
  adw_window_title_set_title (self->window_title, title_for (self));

  /* the kind first, without writing for it: refresh() writes once */
  g_signal_handlers_block_by_func (self->kind_row, kind_selected_cb, self);
  for (guint i = 0; i < self->kinds->len; i++)
    if (g_str_equal (g_ptr_array_index (self->kinds, i), default_kind (self)))
      adw_combo_row_set_selected (self->kind_row, i);
  g_signal_handlers_unblock_by_func (self->kind_row, kind_selected_cb, self);

  /* the no-mail-server banner: where it is set, and what needs none */
  gtk_label_set_label (self->server_label,
                       _("No mail server is set up on this computer, so nothing can go by email from here. "
                         "Set one in Preferences, on the Messages page. Or save the messages as .eml files "
                         "to send from your mail program, or hand a single message to it."));

  refresh (self);
}

/* Closing while messages go would leave the one on its way half told:
 * stop after it, and close then. */
static gboolean
bd_compose_dialog_close_request (GtkWindow *window)
{
  BdComposeDialog *self = BD_COMPOSE_DIALOG (window);

  if (g_strcmp0 (self->state, "sending") == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "compose.cancel", NULL);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (bd_compose_dialog_parent_class)->close_request (window);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, bd_compose_row_new ());
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  bd_compose_row_set_item (BD_COMPOSE_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  bd_compose_row_set_item (BD_COMPOSE_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
bd_compose_dialog_dispose (GObject *object)
{
  BdComposeDialog *self = (BdComposeDialog *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_COMPOSE_DIALOG);

  g_clear_object (&self->items);
  g_clear_pointer (&self->sending, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_compose_dialog_parent_class)->dispose (object);
}

static void
bd_compose_dialog_finalize (GObject *object)
{
  BdComposeDialog *self = (BdComposeDialog *)object;

  g_clear_pointer (&self->line_ids, g_array_unref);
  g_clear_pointer (&self->po_numbers, g_strfreev);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  g_free (self->eml_dir);
  g_free (self->mailto_uri);
  g_free (self->mail_app_error);

  G_OBJECT_CLASS (bd_compose_dialog_parent_class)->finalize (object);
}

static void
bd_compose_dialog_class_init (BdComposeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bd_compose_dialog_dispose;
  object_class->finalize = bd_compose_dialog_finalize;
  window_class->close_request = bd_compose_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/communication/bd-compose-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, server_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, server_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, delivery_row);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, folder_button);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, server_button);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, sender_row);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, mail_app_row);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BdComposeDialog, list_view);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sender_changed_cb);

  gtk_widget_class_install_action (widget_class, "compose.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "compose.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "compose.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "compose.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "compose.use-server", NULL, use_server_action);
  gtk_widget_class_install_action (widget_class, "compose.open-mail-app", NULL, open_mail_app_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "compose.cancel", NULL);
}

/* The kinds of message to @audience that the row offers, each item's
 * label translated. */
static void
set_audience (BdComposeDialog *self,
              BdAudience       audience)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const BdTemplateKind *kinds = NULL;
  guint n_kinds;

  kinds = bd_template_kinds (&n_kinds);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  self->kinds = g_ptr_array_new ();
  for (guint i = 0; i < n_kinds; i++)
    if (kinds[i].audience == audience)
      {
        g_ptr_array_add (self->kinds, (gpointer)kinds[i].kind);
        gtk_string_list_append (labels, _(kinds[i].label));
      }
  g_signal_handlers_block_by_func (self->kind_row, kind_selected_cb, self);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (labels));
  g_signal_handlers_unblock_by_func (self->kind_row, kind_selected_cb, self);
}

static void
bd_compose_dialog_init (BdComposeDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (BD_TYPE_COMPOSE_ITEM);
  self->state = "loading";
  set_audience (self, BD_AUDIENCE_CUSTOMER);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  {
    GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));

    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }
}
