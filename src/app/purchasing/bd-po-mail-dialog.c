/* bd-po-mail-dialog.c: a purchase order, or a reminder about it, by email
 * to its supplier
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-mail-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-message-tasks.h"
#include "bd-po-mail-dialog.h"

/* Writes the supplier's message from its template (the PO's PDF
 * attached to a purchase order), shows it whole before anything goes,
 * and sends it through the mail server when the clerk says so; a draft
 * PO that went is marked sent (bd-po-mail.c). Writing and sending run on
 * threads with connections of their own; the window's store is told what
 * changed afterwards.
 *
 * Its states: "loading", "ready", "blocked" (it cannot go: no address, no
 * mail server, a template that does not render), "sending", "sent",
 * "saved" (as an .eml file, what a desk without a mail server can do),
 * "failed" (the server refused it: logged, and nothing else changed). */

struct _BdPoMailDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkButton *send_button;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  GtkWidget *eml_button;
  AdwActionRow *to_row;
  AdwActionRow *subject_row;
  AdwActionRow *attachment_row;
  GtkLabel *body_label;

  /* Owned references */
  BdStore *store;
  BdOutgoing *outgoing;
  GCancellable *cancellable;
  char *po_number;
  char *kind;
  char *problem;
  char *eml_dir;               /* where it was saved, once it was */

  BdSendSetup setup;
  const char *state;
};

G_DEFINE_FINAL_TYPE (BdPoMailDialog, bd_po_mail_dialog, ADW_TYPE_WINDOW)

enum { SENT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_status (BdPoMailDialog *self,
             const char     *text,
             const char     *css_class)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

/* Whether the message can be saved as an .eml file: it was written, has
 * an address, and this computer has a sender address for its From. */
static gboolean
can_save_eml (BdPoMailDialog *self)
{
  return self->outgoing != NULL && self->outgoing->recipient != NULL && *self->outgoing->recipient != '\0' &&
         self->setup.sender && (g_str_equal (self->state, "ready") || g_str_equal (self->state, "blocked"));
}

/* The one place that makes the dialog show its state. */
static void
set_state (BdPoMailDialog *self,
           const char     *state)
{
  gboolean loading = g_str_equal (state, "loading");
  gboolean sending = g_str_equal (state, "sending");
  gboolean ended = g_str_equal (state, "sent") || g_str_equal (state, "failed") || g_str_equal (state, "saved");

  self->state = state;

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_stack_set_visible_child_name (self->stack, loading ? "loading" : "message");

  if (ended)
    {
      gtk_button_set_label (self->send_button, _("_Close"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->send_button), "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "window.close");
    }
  else
    gtk_button_set_label (self->send_button, sending ? _("Sending…") : _("_Send"));
  gtk_widget_set_visible (self->cancel_button, !ended);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "po-mail.send", g_str_equal (state, "ready"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "po-mail.save-eml", can_save_eml (self));
  gtk_widget_set_visible (self->eml_button, can_save_eml (self));
  /* a message on its way is not left half told */
  gtk_widget_set_sensitive (self->cancel_button, !sending);
}

static void
show_outgoing (BdPoMailDialog *self)
{
  BdOutgoing *outgoing = self->outgoing;
  g_autofree char *to = NULL;

  if (outgoing->recipient != NULL && *outgoing->recipient != '\0')
    to = g_strdup_printf ("%s <%s>", outgoing->recipient_name != NULL ? outgoing->recipient_name : "",
                          outgoing->recipient);
  else
    to = g_strdup_printf (_("%s (no email address)"),
                          outgoing->recipient_name != NULL ? outgoing->recipient_name : "");
  adw_action_row_set_subtitle (self->to_row, to);
  adw_action_row_set_subtitle (self->subject_row, outgoing->subject != NULL ? outgoing->subject : "");

  gtk_widget_set_visible (GTK_WIDGET (self->attachment_row), outgoing->attachment != NULL);
  if (outgoing->attachment != NULL)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (outgoing->attachment));
      /* Translators: an attachment: its file name and size */
      g_autofree char *text = g_strdup_printf (_("%s · %s"), outgoing->attachment_name, size);

      adw_action_row_set_subtitle (self->attachment_row, text);
    }
  gtk_label_set_label (self->body_label, outgoing->body != NULL ? outgoing->body : "");
}

static void
compose_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BdPoMailDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  BdOutgoing *outgoing;

  outgoing = bd_message_tasks_compose_po_finish (result, &self->setup, &problem, &error);
  /* closed meanwhile */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    {
      g_clear_pointer (&outgoing, bd_outgoing_free);
      return;
    }
  g_clear_object (&self->cancellable);

  self->outgoing = outgoing;
  g_free (self->problem);
  self->problem = g_strdup (error != NULL ? error->message : problem);

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->to_row)), outgoing != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), outgoing != NULL);
  if (outgoing != NULL)
    show_outgoing (self);

  if (self->problem != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This message cannot go: %s"), self->problem);

      show_status (self, text, "error");
      set_state (self, "blocked");
      return;
    }

  show_status (self, NULL, NULL);
  set_state (self, "ready");
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdPoMailDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean marked_sent = FALSE;
  gboolean sent;

  g_clear_object (&self->cancellable);
  sent = bd_message_tasks_send_po_finish (result, &marked_sent, &error);
  /* closed meanwhile (the window went): its store went with it */
  if (self->store == NULL)
    return;

  /* written through the thread's connection: this one's lists follow */
  bd_store_emit_changed_tables (self->store, bd_po_message_tables);

  if (!sent)
    {
      g_autofree char *text = g_strdup_printf (_("Not sent: %s. The message log has it, to try again."),
                                               error->message);

      g_free (self->problem);
      self->problem = g_strdup (error->message);
      show_status (self, text, "error");
      set_state (self, "failed");
      return;
    }

  if (self->eml_dir != NULL)
    {
      g_autofree char *folder = g_filename_display_name (self->eml_dir);
      /* Translators: %s is a folder */
      g_autofree char *text = g_strdup_printf (_("Saved as an .eml file in %s, to send from your mail program. "
                                                 "Mark the purchase order sent once it went."), folder);

      show_status (self, text, "success");
      set_state (self, "saved");
      return;
    }

  show_status (self, marked_sent ? _("Sent. The purchase order is marked sent.") : _("Sent."), "success");
  set_state (self, "sent");
  g_signal_emit (self, signals[SENT], 0, marked_sent);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdPoMailDialog *self = BD_PO_MAIL_DIALOG (widget);

  if (g_strcmp0 (self->state, "ready") != 0 || self->outgoing == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  show_status (self, NULL, NULL);
  set_state (self, "sending");
  bd_message_tasks_send_po_async (self->store, self->outgoing, NULL, self->cancellable, send_done_cb,
                                  g_object_ref (self));
}

/* Saves the message, its PDF attached, as an .eml file in @folder and
 * logs it as saved: the chooser's answer, and what tests call. */
void
bd_po_mail_dialog_save_eml (BdPoMailDialog *self,
                            GFile          *folder)
{
  g_return_if_fail (BD_IS_PO_MAIL_DIALOG (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (!can_save_eml (self))
    return;

  g_free (self->eml_dir);
  self->eml_dir = g_file_get_path (folder);
  self->cancellable = g_cancellable_new ();
  show_status (self, NULL, NULL);
  set_state (self, "sending");
  bd_message_tasks_send_po_async (self->store, self->outgoing, self->eml_dir, self->cancellable, send_done_cb,
                                  g_object_ref (self));
}

static void
folder_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    BdPoMailDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        bd_po_mail_dialog_save_eml (self, folder);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
save_eml_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdPoMailDialog *self = BD_PO_MAIL_DIALOG (widget);
  GtkFileChooserNative *chooser;

  if (!can_save_eml (self))
    return;

  chooser = gtk_file_chooser_native_new (_("Save the Message as an .eml File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save Here"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* "loading", "ready", "blocked", "sending", "sent", "saved" or "failed". */
const char *
bd_po_mail_dialog_get_state (BdPoMailDialog *self)
{
  g_return_val_if_fail (BD_IS_PO_MAIL_DIALOG (self), NULL);
  return self->state;
}

/* Why the message cannot go or did not go, or NULL. */
const char *
bd_po_mail_dialog_get_problem (BdPoMailDialog *self)
{
  g_return_val_if_fail (BD_IS_PO_MAIL_DIALOG (self), NULL);
  return self->problem;
}

/* The message shown, or NULL while it is written or when it could not be. */
const BdOutgoing *
bd_po_mail_dialog_get_outgoing (BdPoMailDialog *self)
{
  g_return_val_if_fail (BD_IS_PO_MAIL_DIALOG (self), NULL);
  return self->outgoing;
}

/* A dialog with the message of @kind (purchase_order, rfq or chase) to
 * the supplier of @po_number. */
BdPoMailDialog *
bd_po_mail_dialog_new (GtkWindow  *parent,
                       BdStore    *store,
                       const char *po_number,
                       const char *kind)
{
  BdPoMailDialog *self;
  const char *title;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (po_number != NULL && kind != NULL, NULL);

  self = g_object_new (BD_TYPE_PO_MAIL_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->po_number = g_strdup (po_number);
  self->kind = g_strdup (kind);

  title = g_str_equal (kind, "chase") ? _("Chase Supplier") : _("Send Purchase Order");
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, po_number);

  self->cancellable = g_cancellable_new ();
  set_state (self, "loading");
  bd_message_tasks_compose_po_async (store, po_number, kind, self->cancellable, compose_done_cb,
                                     g_object_ref (self));
  return self;
}

/* Closing while the message goes would leave it half told. */
static gboolean
bd_po_mail_dialog_close_request (GtkWindow *window)
{
  BdPoMailDialog *self = BD_PO_MAIL_DIALOG (window);

  if (g_strcmp0 (self->state, "sending") == 0)
    return TRUE;

  return GTK_WINDOW_CLASS (bd_po_mail_dialog_parent_class)->close_request (window);
}

static void
bd_po_mail_dialog_dispose (GObject *object)
{
  BdPoMailDialog *self = BD_PO_MAIL_DIALOG (object);

  if (self->cancellable != NULL && g_strcmp0 (self->state, "loading") == 0)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_PO_MAIL_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_po_mail_dialog_parent_class)->dispose (object);
}

static void
bd_po_mail_dialog_finalize (GObject *object)
{
  BdPoMailDialog *self = BD_PO_MAIL_DIALOG (object);

  g_clear_pointer (&self->outgoing, bd_outgoing_free);
  g_free (self->po_number);
  g_free (self->kind);
  g_free (self->problem);
  g_free (self->eml_dir);

  G_OBJECT_CLASS (bd_po_mail_dialog_parent_class)->finalize (object);
}

static void
bd_po_mail_dialog_class_init (BdPoMailDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bd_po_mail_dialog_dispose;
  object_class->finalize = bd_po_mail_dialog_finalize;
  window_class->close_request = bd_po_mail_dialog_close_request;

  /**
   * BdPoMailDialog::sent:
   * @marked_sent: whether a draft PO was marked sent
   *
   * The message went to the supplier.
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/purchasing/bd-po-mail-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, eml_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, attachment_row);
  gtk_widget_class_bind_template_child (widget_class, BdPoMailDialog, body_label);

  gtk_widget_class_install_action (widget_class, "po-mail.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "po-mail.save-eml", NULL, save_eml_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_po_mail_dialog_init (BdPoMailDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = "loading";
}
