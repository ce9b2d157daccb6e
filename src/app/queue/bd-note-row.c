/* bd-note-row.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-note-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-note-row.h"
#include "bd-refused-banner.h"
#include "bd-util.h"

/* One note or complaint in the detail pane. A complaint shows what it is
 * about and whether it is settled, with an icon of its own; the author's
 * own notes can be edited in place and deleted. What the row does goes to
 * the page as "queue.edit-note" and "queue.delete-note". */
struct _BdNoteRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkImage *kind_icon;
  GtkWidget *badges;
  GtkLabel *category_label;
  GtkLabel *status_label;
  GtkLabel *body_label;
  GtkLabel *meta_label;
  GtkWidget *note_buttons;
  GtkWidget *edit_button;
  GtkWidget *complaint_button;
  GtkTextView *text_view;

  /* Borrowed references */
  GtkWidget *refused_marker;    /* a change the team's server refused */

  /* Owned references */
  char *uuid;
  char *body;

  guint can_change : 1;
};

G_DEFINE_FINAL_TYPE (BdNoteRow, bd_note_row, GTK_TYPE_LIST_BOX_ROW)

static char *
dup_text (BdNoteRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
update_actions (BdNoteRow *self)
{
  gboolean editing = bd_note_row_get_editing (self);
  g_autofree char *text = editing ? dup_text (self) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "note.edit", self->can_change && !editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "note.delete", self->can_change && !editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "note.cancel-edit", editing);
  /* an empty note is deleted, not saved */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "note.save",
                                 editing && self->can_change && *text != '\0');
}

static void
stop_editing (BdNoteRow *self)
{
  gboolean had_focus = gtk_widget_get_focus_child (gtk_stack_get_child_by_name (self->stack, "edit")) != NULL;

  gtk_stack_set_visible_child_name (self->stack, "view");
  update_actions (self);

  /* the keyboard goes on from where the editing began */
  if (had_focus)
    gtk_widget_grab_focus (self->edit_button);
}

static void
set_kind (BdNoteRow    *self,
          const BdNote *note)
{
  gboolean complaint = g_strcmp0 (note->kind, "complaint") == 0;
  const char *status = note->status != NULL ? note->status : "open";
  g_autoptr(GString) handling = g_string_new (NULL);

  /* a complaint's icon is the list's marker of one still open */
  gtk_image_set_from_icon_name (self->kind_icon, complaint ? "face-sad-symbolic"
                                                           : "accessories-text-editor-symbolic");
  gtk_widget_set_css_classes (GTK_WIDGET (self->kind_icon),
                              (const char *[]) { complaint ? "complaint-icon" : "note-icon", NULL });
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, complaint ? _("Complaint") : _("Note"),
                                  -1);

  gtk_widget_set_visible (self->badges, complaint);
  gtk_widget_set_visible (self->complaint_button, complaint);
  if (!complaint)
    return;

  /* a complaint resolved before complaints had a status has a resolution */
  if (g_str_equal (status, "open") && note->resolution != NULL && *note->resolution != '\0')
    status = "resolved";

  gtk_label_set_label (self->category_label, bd_complaint_category_label (note->category));
  gtk_label_set_label (self->status_label, bd_complaint_status_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { "status-badge", g_str_equal (status, "resolved") ? "resolved" : "open",
                                                 NULL });

  /* who has it, how it ended, what was given: on hover and for a screen reader */
  if (note->owner != NULL)
    g_string_append_printf (handling, _("Owner: %s"), note->owner);
  if (note->resolution != NULL && *note->resolution != '\0')
    g_string_append_printf (handling, "%s%s", handling->len ? "\n" : "", note->resolution);
  if (note->incentive > 0)
    {
      g_autofree char *amount = bd_format_money (note->incentive, note->currency);

      g_string_append_printf (handling, "%s", handling->len ? "\n" : "");
      g_string_append_printf (handling, _("Incentive given: %s"), amount);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), handling->len ? handling->str : NULL);
  if (handling->len)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, handling->str, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->status_label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Shows @note, which has the row's uuid; a text being edited stays as the
 * person left it. */
void
bd_note_row_update (BdNoteRow    *self,
                    const BdNote *note,
                    gboolean      can_change)
{
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;

  g_return_if_fail (BD_IS_NOTE_ROW (self));
  g_return_if_fail (note != NULL);

  if (self->uuid == NULL)
    self->uuid = g_strdup (note->uuid);
  g_return_if_fail (g_strcmp0 (self->uuid, note->uuid) == 0);

  g_free (self->body);
  self->body = g_strdup (note->body);
  self->can_change = can_change;

  set_kind (self, note);
  bd_refused_marker_set_reason (self->refused_marker, note->refused_reason);
  gtk_label_set_label (self->body_label, note->body);
  when = bd_format_local_datetime (note->at);
  meta = g_strdup_printf ("%s · %s", note->author, when);
  gtk_label_set_label (self->meta_label, meta);
  gtk_widget_set_visible (self->note_buttons, can_change);

  if (!can_change && bd_note_row_get_editing (self))
    stop_editing (self);
  update_actions (self);
}

GtkWidget *
bd_note_row_new (const BdNote *note,
                 gboolean      can_change)
{
  BdNoteRow *self;

  g_return_val_if_fail (note != NULL, NULL);

  self = g_object_new (BD_TYPE_NOTE_ROW, NULL);
  bd_note_row_update (self, note, can_change);
  return GTK_WIDGET (self);
}

const char *
bd_note_row_get_uuid (BdNoteRow *self)
{
  g_return_val_if_fail (BD_IS_NOTE_ROW (self), NULL);
  return self->uuid;
}

gboolean
bd_note_row_get_editing (BdNoteRow *self)
{
  g_return_val_if_fail (BD_IS_NOTE_ROW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "edit") == 0;
}

/* The text of the note in a text view, the cursor at its end. */
void
bd_note_row_start_editing (BdNoteRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (BD_IS_NOTE_ROW (self));

  if (!self->can_change || bd_note_row_get_editing (self))
    return;

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buffer, self->body, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);

  gtk_stack_set_visible_child_name (self->stack, "edit");
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bd_note_row_start_editing (BD_NOTE_ROW (widget));
}

static void
cancel_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  stop_editing (BD_NOTE_ROW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdNoteRow *self = BD_NOTE_ROW (widget);
  g_autofree char *text = dup_text (self);

  if (*text == '\0')
    return;

  if (!g_str_equal (text, self->body))
    {
      /* shown at once; the pane reads it again once it is written, and
       * again if it could not be */
      g_free (self->body);
      self->body = g_strdup (text);
      gtk_label_set_label (self->body_label, text);
      gtk_widget_activate_action (widget, "queue.edit-note", "(ss)", self->uuid, text);
    }

  stop_editing (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdNoteRow *self = BD_NOTE_ROW (widget);
  g_autofree char *uuid = g_strdup (self->uuid);
  GtkWidget *neighbour = gtk_widget_get_next_sibling (widget);

  /* the row goes: the keyboard goes on at the next one, or the one before */
  if (neighbour == NULL)
    neighbour = gtk_widget_get_prev_sibling (widget);
  if (gtk_widget_get_focus_child (widget) != NULL && neighbour != NULL)
    gtk_widget_child_focus (neighbour, GTK_DIR_TAB_FORWARD);

  gtk_widget_activate_action (widget, "queue.delete-note", "s", uuid);
}

static void
handle_complaint_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BdNoteRow *self = BD_NOTE_ROW (widget);

  gtk_widget_activate_action (widget, "queue.edit-complaint", "s", self->uuid);
}

static void
text_changed_cb (BdNoteRow *self)
{
  update_actions (self);
}

static void
bd_note_row_dispose (GObject *object)
{
  /* the row's child is the template's stack: taken from the row first,
   * so that the row does not let go of it a second time */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_NOTE_ROW);

  G_OBJECT_CLASS (bd_note_row_parent_class)->dispose (object);
}

static void
bd_note_row_finalize (GObject *object)
{
  BdNoteRow *self = (BdNoteRow *)object;

  g_free (self->uuid);
  g_free (self->body);

  G_OBJECT_CLASS (bd_note_row_parent_class)->finalize (object);
}

static void
bd_note_row_class_init (BdNoteRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_note_row_dispose;
  object_class->finalize = bd_note_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-note-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, stack);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, badges);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, note_buttons);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, complaint_button);
  gtk_widget_class_bind_template_child (widget_class, BdNoteRow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);

  gtk_widget_class_install_action (widget_class, "note.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "note.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action (widget_class, "note.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "note.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "note.handle-complaint", NULL, handle_complaint_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "note.cancel-edit", NULL);
}

static void
bd_note_row_init (BdNoteRow *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);

  /* before the buttons, beside the text */
  self->refused_marker = bd_refused_marker_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->complaint_button)), self->refused_marker,
                              gtk_widget_get_prev_sibling (self->complaint_button));

  /* Ctrl+Enter saves: before the text view, which would take it for a
   * line break */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("note.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}
