/* bd-queue-page-actions.c: what a person can do on the queue page, and
 * the writes that do it
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-page-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-actions.h"
#include "bd-backorder.h"
#include "bd-cancel-dialog.h"
#include "bd-complaint-dialog.h"
#include "bd-complaint-edit-dialog.h"
#include "bd-contact-dialog.h"
#include "bd-compose-dialog.h"
#include "bd-incentive-dialog.h"
#include "bd-message-tasks.h"
#include "bd-products.h"
#include "bd-queue-page-private.h"
#include "bd-status.h"
#include "bd-util.h"
#include "bd-widget-util.h"

static GtkRoot *
get_window (BdQueuePage *self)
{
  return gtk_widget_get_root (GTK_WIDGET (self));
}

/* A new toast replaces the one shown at once: queued behind it, "3 lines
 * cancelled" came seconds after the change it told of. */
static void
toast_dismissed_cb (BdQueuePage *self,
                    AdwToast    *toast)
{
  /* never dismissed twice: the overlay forgets a toast it dismissed */
  if (self->last_toast == toast)
    g_clear_weak_pointer (&self->last_toast);
}

static void
add_toast (BdQueuePage *self,
           AdwToast    *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  g_set_weak_pointer (&self->last_toast, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* "SO-100268/MUG-RED" for one line, to name it in a toast; NULL for
 * several. */
static char *
line_ref (BdQueuePage *self,
          GArray      *ids)
{
  BdBackorder *shown = bd_line_detail_get_line (self->detail);
  gint64 id;
  g_autoptr(BdBackorder) line = NULL;

  if (ids->len != 1)
    return NULL;

  id = g_array_index (ids, gint64, 0);
  if (shown != NULL && bd_backorder_get_id (shown) == id)
    return g_strdup (bd_backorder_get_ref (shown));

  line = bd_backorder_load (self->store, id, NULL);
  return line != NULL ? g_strdup (bd_backorder_get_ref (line)) : NULL;
}

static void
show_error (BdQueuePage *self,
            const char  *heading,
            GError      *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The lines the actions work on: the selection, or the line the pane
 * shows when the list has left it out. */
static GArray *
selected_ids (BdQueuePage *self)
{
  GArray *ids;

  if (self->selection_keeper == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  else
    ids = bd_selection_keeper_get_selected_ids (self->selection_keeper);

  if (ids->len == 0 && bd_line_detail_get_outside_list (self->detail))
    {
      gint64 id = bd_backorder_get_id (bd_line_detail_get_line (self->detail));

      g_array_append_val (ids, id);
    }

  return ids;
}

static void
action_done (BdQueuePage *self,
             char        *batch,
             const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_batch);
  self->last_batch = batch;

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_action_target_value (toast, g_variant_new_string (batch));
  add_toast (self, toast);
}

/* A change on its way to the store: what to say when it is written. */
typedef struct
{
  BdQueuePage *page;
  char *done_message;
  const char *error_title;
  guint clear_note : 1;
  guint no_undo : 1;     /* a record of what came in: nothing to undo */
} Write;

static void
write_free (Write *write)
{
  g_clear_object (&write->page);
  g_free (write->done_message);
  g_free (write);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  BdQueuePage *self = write->page;
  g_autoptr(GError) error = NULL;
  char *batch = bd_writer_write_finish (BD_WRITER (object), result, &error);

  if (batch == NULL)
    {
      if (self->selection_keeper != NULL)
        bd_selection_keeper_forget_position (self->selection_keeper);
      /* the pane shows what was asked (a note's new text) before it is
       * written: back to what the store has */
      bd_line_detail_refresh (self->detail);
      show_error (self, _(write->error_title), error);
    }
  else
    {
      /* written through the writer's connection: this one's lists of
       * the tables it changed follow */
      if (self->store != NULL)
        bd_store_emit_changed_tables (self->store,
                                      bd_writer_write_get_tables (BD_WRITER (object), result));
      if (write->clear_note)
        bd_line_detail_clear_note (self->detail);
      if (write->no_undo)
        {
          add_toast (self, adw_toast_new (write->done_message));
          g_free (batch);
        }
      else
        action_done (self, batch, write->done_message);
    }

  write_free (write);
}

/* Hands @request to the writer, which writes it after the changes before
 * it, on its own thread; the toast comes when it is written. */
static void
write_request (BdQueuePage    *self,
               BdWriteRequest *request,
               const char     *error_title,
               char           *done_message)
{
  Write *write = g_new0 (Write, 1);

  write->page = g_object_ref (self);
  write->error_title = error_title;
  write->done_message = done_message;
  write->clear_note = request->kind == BD_WRITE_ADD_NOTE;
  write->no_undo = request->kind == BD_WRITE_LOG_CONTACT || request->kind == BD_WRITE_ANSWER_DELAY_NOTICE ||
                   request->kind == BD_WRITE_GIVE_INCENTIVE;
  request->author = g_strdup (bd_store_get_author (self->store));
  bd_writer_write_async (self->writer, request, write_done_cb, write);
}

static void
set_status (BdQueuePage *self,
            GArray      *ids,
            const char  *status,
            const char  *reason,
            gboolean     refunded)
{
  g_autofree char *ref = NULL;
  BdWriteRequest *request;
  char *message;

  if (ids->len == 0 || self->writer == NULL)
    return;

  bd_selection_keeper_remember_position (self->selection_keeper);

  request = bd_write_request_new (BD_WRITE_SET_STATUS, (const gint64 *)(gpointer)ids->data, ids->len);
  request->status = g_strdup (status);
  request->reason = g_strdup (reason);
  request->refunded = refunded;

  ref = line_ref (self, ids);
  if (ref != NULL && g_str_equal (status, "shipped"))
    /* Translators: %s is a line, like SO-100268/MUG-RED */
    message = g_strdup_printf (_("%s marked shipped"), ref);
  else if (ref != NULL && g_str_equal (status, "cancelled"))
    message = g_strdup_printf (_("%s cancelled"), ref);
  else if (ref != NULL)
    message = g_strdup_printf (_("%s reopened"), ref);
  else if (g_str_equal (status, "shipped"))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line marked shipped",
                                            "%u lines marked shipped", ids->len), ids->len);
  else if (g_str_equal (status, "cancelled"))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line cancelled",
                                            "%u lines cancelled", ids->len), ids->len);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line reopened",
                                            "%u lines reopened", ids->len), ids->len);

  write_request (self, request, N_("Nothing Was Changed"), message);
}

static void
mark_shipped_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  set_status (self, ids, "shipped", NULL, FALSE);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  set_status (self, ids, "waiting", NULL, FALSE);
}

static void
cancel_with_reason_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  const char *reason;
  gboolean refunded;

  g_variant_get (parameter, "(&sb)", &reason, &refunded);
  set_status (self, ids, "cancelled", reason, refunded);
}

/* The lines a dialog asks about, for when it has its answer. */
typedef struct
{
  BdQueuePage *page;
  GArray *ids;
} DialogLines;

static DialogLines *
dialog_lines_new (BdQueuePage *page,
                  GArray      *ids)
{
  DialogLines *lines = g_new0 (DialogLines, 1);

  lines->page = g_object_ref (page);
  lines->ids = ids;
  return lines;
}

static void
dialog_lines_free (gpointer data)
{
  DialogLines *lines = data;

  g_clear_object (&lines->page);
  g_clear_pointer (&lines->ids, g_array_unref);
  g_free (lines);
}

static void
cancel_response_cb (BdCancelDialog *dialog,
                    const char     *response,
                    DialogLines    *lines)
{
  if (!g_str_equal (response, "cancel-lines"))
    return;

  set_status (lines->page, lines->ids, "cancelled",
              bd_cancel_dialog_get_reason (dialog),
              bd_cancel_dialog_get_refunded (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  g_auto(GStrv) refs = NULL;
  BdCancelDialog *dialog;

  if (ids->len == 0)
    return;

  refs = bd_queue_page_dup_selected_refs (self, BD_LINES_NAMED);
  dialog = bd_cancel_dialog_new (GTK_WINDOW (get_window (self)), ids->len, (const char * const *)refs);
  g_signal_connect_data (dialog, "response", G_CALLBACK (cancel_response_cb),
                         dialog_lines_new (self, g_steal_pointer (&ids)),
                         (GClosureNotify)(void (*) (void))dialog_lines_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_priority_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  int priority = g_variant_get_int32 (parameter);
  g_autofree char *ref = NULL;
  BdWriteRequest *request;
  char *message;

  if (ids->len == 0 || self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_SET_PRIORITY, (const gint64 *)(gpointer)ids->data, ids->len);
  request->priority = priority;
  ref = line_ref (self, ids);
  if (ref != NULL)
    /* Translators: the first %s is a line, like SO-100268/MUG-RED, the second a priority */
    message = g_strdup_printf (_("Priority of %s set to %s"), ref, bd_priority_label (priority));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Priority of %u line set to %s",
                                            "Priority of %u lines set to %s", ids->len),
                               ids->len, bd_priority_label (priority));
  write_request (self, request, N_("Priority Not Changed"), message);
}

static gint64
single_selected_id (BdQueuePage *self)
{
  g_autoptr(GArray) ids = selected_ids (self);

  return ids->len == 1 ? g_array_index (ids, gint64, 0) : 0;
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  gint64 id = single_selected_id (self);
  BdWriteRequest *request;

  if (id == 0 || self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_ADD_NOTE, &id, 1);
  request->text = g_variant_dup_string (parameter, NULL);
  write_request (self, request, N_("Note Not Added"), g_strdup (_("Note added")));
}

static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  BdWriteRequest *request;

  if (self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_EDIT_NOTE, NULL, 0);
  g_variant_get (parameter, "(ss)", &request->note_uuid, &request->text);
  write_request (self, request, N_("Note Not Changed"), g_strdup (_("Note changed")));
}

static void
delete_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  BdWriteRequest *request;

  if (self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_DELETE_NOTE, NULL, 0);
  request->note_uuid = g_variant_dup_string (parameter, NULL);
  write_request (self, request, N_("Note Not Deleted"), g_strdup (_("Note deleted")));
}

static void
focus_note_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
  bd_line_detail_focus_note (self->detail);
}

static void
complaint_response_cb (BdComplaintDialog *dialog,
                       const char        *response,
                       DialogLines       *lines)
{
  BdQueuePage *self = lines->page;
  BdWriteRequest *request;

  if (!g_str_equal (response, "log") || self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_ADD_COMPLAINT, (const gint64 *)(gpointer)lines->ids->data, 1);
  request->category = g_strdup (bd_complaint_dialog_get_category (dialog));
  request->text = bd_complaint_dialog_dup_text (dialog);
  write_request (self, request, N_("Complaint Not Logged"), g_strdup (_("Complaint logged")));
}

static void
log_complaint_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  BdComplaintDialog *dialog;

  if (ids->len != 1)
    return;

  dialog = bd_complaint_dialog_new (GTK_WINDOW (get_window (self)));
  g_signal_connect_data (dialog, "response", G_CALLBACK (complaint_response_cb),
                         dialog_lines_new (self, g_steal_pointer (&ids)),
                         (GClosureNotify)(void (*) (void))dialog_lines_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
contact_response_cb (BdContactDialog *dialog,
                     const char      *response,
                     DialogLines     *lines)
{
  BdQueuePage *self = lines->page;
  BdWriteRequest *request;
  gboolean call = g_str_equal (bd_contact_dialog_get_kind (dialog), "call");

  if (!g_str_equal (response, "log") || self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_LOG_CONTACT, (const gint64 *)(gpointer)lines->ids->data, 1);
  request->category = g_strdup (bd_contact_dialog_get_kind (dialog));
  request->text = bd_contact_dialog_dup_text (dialog);
  write_request (self, request, call ? N_("Call Not Logged") : N_("Reply Not Logged"),
                 g_strdup (call ? _("Call logged") : _("Reply logged")));
}

/* What a customer said on the phone ("call") or wrote back ("reply"),
 * logged on the line and its customer's timeline. */
static void
log_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  const char *kind = g_variant_get_string (parameter, NULL);
  BdContactDialog *dialog;

  if (ids->len != 1 || (!g_str_equal (kind, "call") && !g_str_equal (kind, "reply")))
    return;

  dialog = bd_contact_dialog_new (GTK_WINDOW (get_window (self)), kind);
  g_signal_connect_data (dialog, "response", G_CALLBACK (contact_response_cb),
                         dialog_lines_new (self, g_steal_pointer (&ids)),
                         (GClosureNotify)(void (*) (void))dialog_lines_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
complaint_edit_response_cb (BdComplaintEditDialog *dialog,
                            const char            *response,
                            BdQueuePage           *self)
{
  BdWriteRequest *request;

  if (!g_str_equal (response, "save") || self->writer == NULL)
    return;

  request = bd_write_request_new (BD_WRITE_UPDATE_COMPLAINT, NULL, 0);
  request->note_uuid = g_strdup (bd_complaint_edit_dialog_get_uuid (dialog));
  request->owner = bd_complaint_edit_dialog_dup_owner (dialog);
  request->status = g_strdup (bd_complaint_edit_dialog_get_status (dialog));
  request->text = bd_complaint_edit_dialog_dup_resolution (dialog);
  bd_complaint_edit_dialog_get_incentive (dialog, &request->amount);
  write_request (self, request, N_("Complaint Not Changed"), g_strdup (_("Complaint updated")));
}

/* Who handles the complaint (its uuid), where it stands, how it was
 * resolved and what the customer was given. */
static void
edit_complaint_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  BdBackorder *line = bd_line_detail_get_line (self->detail);
  const char *uuid = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  BdComplaintEditDialog *dialog = NULL;

  if (line == NULL || self->store == NULL)
    return;

  notes = bd_notes_list (self->store, bd_backorder_get_id (line), &error);
  for (guint i = 0; notes != NULL && i < notes->len && dialog == NULL; i++)
    {
      BdNote *note = g_ptr_array_index (notes, i);

      if (g_strcmp0 (note->uuid, uuid) == 0 && g_strcmp0 (note->kind, "complaint") == 0)
        dialog = bd_complaint_edit_dialog_new (GTK_WINDOW (get_window (self)), note,
                                               bd_backorder_get_currency (line));
    }
  if (dialog == NULL)
    return;

  g_signal_connect_object (dialog, "response", G_CALLBACK (complaint_edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Messages from a template to the customers of the lines picked. */
static void
send_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  BdComposeDialog *dialog;

  if (ids->len == 0 || self->store == NULL)
    return;

  dialog = bd_compose_dialog_new (GTK_WINDOW (get_window (self)), self->store,
                                  (const gint64 *)(gpointer)ids->data, ids->len, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The delay notice for the line shown: its template, the new date and
 * the option to cancel, to read before it goes. */
static void
send_delay_notice_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  BdComposeDialog *dialog;

  if (ids->len != 1 || self->store == NULL)
    return;

  dialog = bd_compose_dialog_new (GTK_WINDOW (get_window (self)), self->store,
                                  (const gint64 *)(gpointer)ids->data, ids->len, BD_COMPOSE_TARGET_DELAY_NOTICES);
  bd_compose_dialog_set_kind (dialog, "delay_notice");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
answer_delay_notice (BdQueuePage *self,
                     gint64       line_id,
                     const char  *answer,
                     const char  *alternative_sku)
{
  BdWriteRequest *request = bd_write_request_new (BD_WRITE_ANSWER_DELAY_NOTICE, &line_id, 1);
  char *done;

  request->category = g_strdup (answer);
  request->text = g_strdup (alternative_sku);
  if (g_str_equal (answer, "wait"))
    done = g_strdup (_("Recorded: the customer waits"));
  else if (g_str_equal (answer, "cancel"))
    done = g_strdup (_("Recorded: the customer cancels; the line is cancelled and refunded"));
  else
    /* Translators: %s is a product's SKU */
    done = g_strdup_printf (_("Recorded: the customer takes %s; the line is cancelled"), alternative_sku);
  write_request (self, request, N_("Answer Not Recorded"), done);
}

/* The customer's answer to the line's last delay notice: "wait" or
 * "cancel" (cancelled and refunded in full, as the rule says). */
static void
answer_delay_notice_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  const char *answer = g_variant_get_string (parameter, NULL);

  if (ids->len != 1 || self->writer == NULL || (!g_str_equal (answer, "wait") && !g_str_equal (answer, "cancel")))
    return;

  answer_delay_notice (self, g_array_index (ids, gint64, 0), answer, NULL);
}

static void
alternative_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         BdQueuePage      *self)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  guint selected = gtk_drop_down_get_selected (choice);
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "bd-line-ids");
  GPtrArray *skus = g_object_get_data (G_OBJECT (dialog), "bd-skus");

  if (!g_str_equal (response, "take") || ids == NULL || skus == NULL || selected >= skus->len ||
      self->writer == NULL)
    return;

  answer_delay_notice (self, g_array_index (ids, gint64, 0), "alternative", g_ptr_array_index (skus, selected));
}

/* The customer takes another product instead: one of those the product
 * names as alternatives, those in stock first (bd_products_list_alternatives()).
 * The line is cancelled, "replaced by SKU", and the choice logged: the
 * answer to its delay notice when one went (bd_delay_notices_take_alternative()). */
static void
take_alternative_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(GPtrArray) alternatives = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) skus = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdBackorder) line = NULL;
  GtkWidget *dialog, *choice;

  if (ids->len != 1 || self->store == NULL)
    return;

  line = bd_backorder_load (self->store, g_array_index (ids, gint64, 0), &error);
  if (line != NULL)
    alternatives = bd_products_list_alternatives (self->store, bd_backorder_get_sku (line), &error);
  if (alternatives == NULL)
    {
      show_error (self, _("Cannot Read the Alternatives"), error);
      return;
    }

  for (int in_stock = 1; in_stock >= 0; in_stock--)
    for (guint i = 0; i < alternatives->len; i++)
      {
        BdProductAlternative *alternative = g_ptr_array_index (alternatives, i);
        g_autofree char *label = NULL;

        if ((alternative->on_hand > 0) != in_stock)
          continue;
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %" G_GINT64_FORMAT " in stock",
                                              "%s · %s · %" G_GINT64_FORMAT " in stock", alternative->on_hand),
                                 alternative->sku, alternative->name, MAX (alternative->on_hand, 0));
        gtk_string_list_append (labels, label);
        g_ptr_array_add (skus, g_strdup (alternative->sku));
      }

  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Which Product Does the Customer Take?"),
                                   alternatives->len > 0
                                   ? _("The line is cancelled, replaced by the product chosen, and the choice "
                                       "logged (as the answer to its delay notice, if one went). Sell the "
                                       "product in the shop as a new order.")
                                   : _("The product names no alternatives. Add them from the line’s product "
                                       "(Alternatives…), or import product_alternatives.csv."));
  gtk_widget_set_name (dialog, "bd-take-alternative");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (alternatives->len > 0)
    {
      choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The product the customer takes"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "take", _("_Take It"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "take", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "take");
      g_object_set_data_full (G_OBJECT (dialog), "bd-line-ids", g_steal_pointer (&ids), (GDestroyNotify)g_array_unref);
      g_object_set_data_full (G_OBJECT (dialog), "bd-skus", g_steal_pointer (&skus), (GDestroyNotify)g_ptr_array_unref);
      g_signal_connect_object (dialog, "response", G_CALLBACK (alternative_response_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
incentive_response_cb (BdIncentiveDialog *dialog,
                       const char        *response,
                       DialogLines       *lines)
{
  BdQueuePage *self = lines->page;
  BdWriteRequest *request;
  BdIncentiveKind kind = bd_incentive_dialog_get_kind (dialog);
  const char *currency = g_object_get_data (G_OBJECT (dialog), "bd-currency");
  g_autofree char *what = NULL;
  gint64 amount;

  if (!g_str_equal (response, "give") || self->writer == NULL || !bd_incentive_dialog_get_amount (dialog, &amount))
    return;

  request = bd_write_request_new (BD_WRITE_GIVE_INCENTIVE, (const gint64 *)(gpointer)lines->ids->data, 1);
  request->category = g_strdup (bd_incentive_kind_to_string (kind));
  request->amount = amount;
  request->text = bd_incentive_dialog_dup_note (dialog);
  what = bd_incentive_describe (kind, amount, currency, NULL);
  /* Translators: %s is what was given: "a discount of $5.00", "free shipping" */
  write_request (self, request, N_("Incentive Not Recorded"), g_strdup_printf (_("Given: %s"), what));
}

/* A discount or free shipping for the customer of the line, for their
 * wait: kept on the line and the customer (the dashboard counts it), and
 * what the incentive template's {{incentive}} tells them. */
static void
give_incentive_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(BdBackorder) line = NULL;
  g_autoptr(GError) error = NULL;
  BdIncentiveDialog *dialog;

  if (ids->len != 1 || self->store == NULL)
    return;

  line = bd_backorder_load (self->store, g_array_index (ids, gint64, 0), &error);
  if (line == NULL)
    {
      show_error (self, _("Incentive Not Recorded"), error);
      return;
    }

  dialog = bd_incentive_dialog_new (GTK_WINDOW (get_window (self)), bd_backorder_get_currency (line));
  g_object_set_data_full (G_OBJECT (dialog), "bd-currency", g_strdup (bd_backorder_get_currency (line)), g_free);
  g_signal_connect_data (dialog, "response", G_CALLBACK (incentive_response_cb),
                         dialog_lines_new (self, g_steal_pointer (&ids)),
                         (GClosureNotify)(void (*) (void))dialog_lines_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_retrying--;
  if (bd_message_tasks_retry_finish (result, &error))
    add_toast (self, adw_toast_new (_("Message sent")));
  else
    show_error (self, _("Message Not Sent"), error);

  /* written through the thread's connection, sent or not: this one's
   * lists follow, the pane's log among them */
  if (self->store != NULL)
    bd_store_emit_changed_tables (self->store, bd_message_tables);
  bd_queue_page_update_actions (self);
}

static void
retry (BdQueuePage *self,
       const char  *uuid,
       gboolean     confirmed)
{
  self->n_retrying++;
  bd_queue_page_update_actions (self);
  bd_message_tasks_retry_async (self->store, uuid, confirmed, NULL, retry_done_cb, g_object_ref (self));
}

static void
retry_unknown_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           BdQueuePage      *self)
{
  if (g_str_equal (response, "send") && self->store != NULL)
    retry (self, g_object_get_data (G_OBJECT (dialog), "bd-uuid"), TRUE);
}

/* Sends a message that did not go again; one that may have gone (the
 * connection broke after the whole message) only once the agent says the
 * customer did not get it. */
static void
retry_message_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  const char *uuid = g_variant_get_string (parameter, NULL);
  g_autoptr(BdMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *when = NULL;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  message = bd_messages_get (self->store, uuid, &error);
  if (message == NULL)
    {
      show_error (self, _("Message Not Sent"), error);
      return;
    }
  if (g_strcmp0 (message->status, "unknown") != 0)
    {
      retry (self, uuid, FALSE);
      return;
    }

  when = bd_format_local_datetime (message->created_at);
  body = g_strdup_printf (_("The connection to the mail server broke after the whole message went to it, on %s, "
                            "so %s may have it. Send it again only if they did not get it."),
                          when, message->recipient != NULL ? message->recipient
                                                                          : _("the customer"));
  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Send the Message Again?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bd-uuid", g_strdup (uuid), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (retry_unknown_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* TRUE while a message is being sent again. */
gboolean
bd_queue_page_get_retrying (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), FALSE);
  return self->n_retrying > 0;
}

/* Messages to the customers of the lines @target names: the overdue
 * ones, those that need a delay notice, those due a follow-up. */
void
bd_queue_page_compose (BdQueuePage     *self,
                       BdComposeTarget  target)
{
  BdComposeDialog *dialog;

  g_return_if_fail (BD_IS_QUEUE_PAGE (self));

  if (self->store == NULL || bd_store_is_read_only (self->store))
    return;

  dialog = bd_compose_dialog_new (GTK_WINDOW (get_window (self)), self->store, NULL, 0, target);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = bd_writer_write_finish (BD_WRITER (object), result, &error);

  if (batch == NULL)
    add_toast (self, adw_toast_new (error->message));
  else
    {
      if (self->store != NULL)
        bd_store_emit_changed_tables (self->store,
                                      bd_writer_write_get_tables (BD_WRITER (object), result));
      /* the toast with Undo went when it was pressed: say it was done */
      add_toast (self, adw_toast_new (_("Undone")));
    }
}

/* TRUE while changes are on their way to the store. */
gboolean
bd_queue_page_get_writing (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), FALSE);
  return self->writer != NULL && bd_writer_get_busy (self->writer);
}

/* Reverts the change written under @batch, after the changes before it. */
void
bd_queue_page_undo (BdQueuePage *self,
                    const char  *batch)
{
  BdWriteRequest *request;

  g_return_if_fail (BD_IS_QUEUE_PAGE (self));
  g_return_if_fail (batch != NULL);

  if (self->writer == NULL)
    return;

  /* Ctrl+Z as much as the toast's button: the toast offering Undo goes */
  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);

  request = bd_write_request_new (BD_WRITE_UNDO, NULL, 0);
  request->batch = g_strdup (batch);
  request->author = g_strdup (bd_store_get_author (self->store));
  bd_writer_write_async (self->writer, request, undo_done_cb, g_object_ref (self));
}

static void
undo_last_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);
  g_autofree char *batch = g_steal_pointer (&self->last_batch);

  if (batch != NULL)
    gtk_widget_activate_action (widget, "win.undo", "s", batch);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  bd_queue_filter_bar_focus_search (self->filter_bar);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdQueuePage *self = BD_QUEUE_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* The one place that says which actions can run now: after the selection,
 * the line shown or the store changed. */
void
bd_queue_page_update_actions (BdQueuePage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  BdBackorder *line;
  const char *status;
  guint n_selected = 0;
  gboolean many;
  gboolean writable;

  g_assert (BD_IS_QUEUE_PAGE (self));

  if (self->selection != NULL)
    {
      selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      n_selected = (guint)gtk_bitset_get_size (selected);
    }

  line = bd_line_detail_get_line (self->detail);
  status = line ? bd_backorder_get_status (line) : NULL;
  if (n_selected == 0 && bd_line_detail_get_outside_list (self->detail))
    n_selected = 1;
  many = n_selected > 1;
  /* a store opened read-only: the window's banner says why */
  writable = self->store != NULL && !bd_store_is_read_only (self->store);

  /* with several lines the core says which it refuses, all or nothing */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.mark-shipped",
                                 writable && (many || bd_status_can_set_by_hand (status, "shipped")));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.cancel",
                                 writable && (many || bd_status_can_set_by_hand (status, "cancelled")));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.cancel-with-reason",
                                 writable && (many || bd_status_can_set_by_hand (status, "cancelled")));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.reopen",
                                 writable && (many || bd_status_can_set_by_hand (status, "waiting")));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.set-priority", writable && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.add-note", writable && n_selected == 1);
  /* which notes may change is the pane's to show (bd_notes_can_change()) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.edit-note", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.delete-note", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.focus-note", writable && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.log-complaint", writable && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.log-contact", writable && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.edit-complaint", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.undo-last", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.send-message", writable && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.send-delay-notice", writable && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.answer-delay-notice", writable && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.take-alternative", writable && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.give-incentive", writable && n_selected == 1);
  /* one retry at a time: a second press while it goes would be refused */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.retry-message", writable && self->n_retrying == 0);
}

void
bd_queue_page_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "queue.mark-shipped", NULL, mark_shipped_action);
  gtk_widget_class_install_action (widget_class, "queue.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "queue.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "queue.cancel-with-reason", "(sb)", cancel_with_reason_action);
  gtk_widget_class_install_action (widget_class, "queue.set-priority", "i", set_priority_action);
  gtk_widget_class_install_action (widget_class, "queue.add-note", "s", add_note_action);
  gtk_widget_class_install_action (widget_class, "queue.edit-note", "(ss)", edit_note_action);
  gtk_widget_class_install_action (widget_class, "queue.delete-note", "s", delete_note_action);
  gtk_widget_class_install_action (widget_class, "queue.focus-note", NULL, focus_note_action);
  gtk_widget_class_install_action (widget_class, "queue.log-complaint", NULL, log_complaint_action);
  gtk_widget_class_install_action (widget_class, "queue.log-contact", "s", log_contact_action);
  gtk_widget_class_install_action (widget_class, "queue.edit-complaint", "s", edit_complaint_action);
  gtk_widget_class_install_action (widget_class, "queue.undo-last", NULL, undo_last_action);
  gtk_widget_class_install_action (widget_class, "queue.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "queue.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "queue.send-message", NULL, send_message_action);
  gtk_widget_class_install_action (widget_class, "queue.send-delay-notice", NULL, send_delay_notice_action);
  gtk_widget_class_install_action (widget_class, "queue.answer-delay-notice", "s", answer_delay_notice_action);
  gtk_widget_class_install_action (widget_class, "queue.take-alternative", NULL, take_alternative_action);
  gtk_widget_class_install_action (widget_class, "queue.give-incentive", NULL, give_incentive_action);
  gtk_widget_class_install_action (widget_class, "queue.retry-message", "s", retry_message_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "queue.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "queue.mark-shipped", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "queue.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "queue.reopen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "queue.set-priority", "i", 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "queue.set-priority", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "queue.set-priority", "i", 2);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "queue.focus-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "queue.log-complaint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "queue.undo-last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "queue.send-message", NULL);
}
