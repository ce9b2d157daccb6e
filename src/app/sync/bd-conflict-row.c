/* bd-conflict-row.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-conflict-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-conflict-row.h"
#include "bd-util.h"

/* One conflict of the Conflicts window (bd-conflicts-dialog.c): both
 * values side by side, who wrote each and when, and the buttons whose
 * actions (conflicts.keep-mine, keep-theirs, edit) the window holds,
 * aimed at this conflict by their target. */
struct _BdConflictRow
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkFlowBox *sides;
  GtkLabel *local_value_label;
  GtkLabel *local_who_label;
  GtkLabel *remote_value_label;
  GtkLabel *remote_who_label;
  GtkButton *keep_mine_button;
  GtkButton *keep_theirs_button;
  GtkButton *edit_button;

  gint64 id;
};

G_DEFINE_FINAL_TYPE (BdConflictRow, bd_conflict_row, ADW_TYPE_BIN)

static void
bd_conflict_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_CONFLICT_ROW);

  G_OBJECT_CLASS (bd_conflict_row_parent_class)->dispose (object);
}

static void
bd_conflict_row_class_init (BdConflictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_conflict_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/sync/bd-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, sides);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, local_value_label);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, local_who_label);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, remote_value_label);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, remote_who_label);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, keep_theirs_button);
  gtk_widget_class_bind_template_child (widget_class, BdConflictRow, edit_button);
}

static void
bd_conflict_row_init (BdConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* the two sides are text to read, not items to pick: Tab goes from
   * one row's buttons to the next row's */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sides));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

/* A field as the rest of the app names it; one it has no words for by
 * its column's name. */
char *
bd_conflict_field_label (const char *field)
{
  static const struct
  {
    const char *field;
    const char *label;
  } labels[] = {
    { "status", N_("Status") },
    { "priority", N_("Priority") },
    { "promised_at", N_("Promised date") },
    { "eta", N_("Expected date") },
    { "email", N_("Email") },
    { "phone", N_("Phone") },
    { "language", N_("Language") },
    { "preferred_channel", N_("Preferred channel") },
    { "name", N_("Name") },
    { "note", N_("Note") },
    { "body", N_("Text") },
    { "subject", N_("Subject") },
    { "resolution", N_("Resolution") },
    { "on_hand", N_("On hand") },
    { "reorder_point", N_("Reorder point") },
    { "lead_time_days", N_("Lead time") },
    { "expected_at", N_("Expected date") },
    { "quantity", N_("Quantity") },
  };
  g_autofree char *spaced = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (field, labels[i].field))
      return g_strdup (_(labels[i].label));

  spaced = g_strdelimit (g_strdup (field), "_", ' ');
  spaced[0] = g_ascii_toupper (spaced[0]);
  return g_steal_pointer (&spaced);
}

static void
set_side (GtkLabel   *value_label,
          GtkLabel   *who_label,
          JsonObject *conflict,
          const char *value_member,
          const char *author_member,
          const char *time_member)
{
  const char *value = json_object_get_string_member_with_default (conflict, value_member, NULL);
  const char *author = json_object_get_string_member_with_default (conflict, author_member, NULL);
  const char *when = json_object_get_string_member_with_default (conflict, time_member, NULL);
  g_autofree char *local_time = when != NULL ? bd_format_local_datetime (when) : NULL;
  g_autofree char *who = NULL;

  if (value != NULL && *value != '\0')
    {
      gtk_label_set_text (value_label, value);
      gtk_widget_remove_css_class (GTK_WIDGET (value_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (value_label, _("(empty)"));
      gtk_widget_add_css_class (GTK_WIDGET (value_label), "dim-label");
    }

  if (author != NULL && local_time != NULL && *local_time != '\0')
    /* TRANSLATORS: who changed a value, then when */
    who = g_strdup_printf (_("%s, %s"), author, local_time);
  else if (author != NULL)
    who = g_strdup (author);
  else if (local_time != NULL && *local_time != '\0')
    who = g_strdup (local_time);
  gtk_label_set_text (who_label, who != NULL ? who : "");
  gtk_widget_set_visible (GTK_WIDGET (who_label), who != NULL);
}

GtkWidget *
bd_conflict_row_new (JsonObject *conflict)
{
  BdConflictRow *self = g_object_new (BD_TYPE_CONFLICT_ROW, NULL);
  g_autofree char *field = bd_conflict_field_label (json_object_get_string_member (conflict, "field"));
  const char *what = json_object_get_string_member (conflict, "what");
  g_autofree char *title = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *edit = NULL;
  GVariant *target;

  self->id = json_object_get_int_member (conflict, "id");
  /* TRANSLATORS: the row ("Customer C-1 (Ada)"), then the field ("Email") */
  title = g_strdup_printf (_("%s: %s"), what, field);
  gtk_label_set_text (self->title_label, title);
  set_side (self->local_value_label, self->local_who_label, conflict, "local_value", "local_author",
            "local_updated_at");
  set_side (self->remote_value_label, self->remote_who_label, conflict, "remote_value", "remote_author",
            "remote_updated_at");

  target = g_variant_new_int64 (self->id);
  g_variant_ref_sink (target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->keep_mine_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->keep_theirs_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->edit_button), target);
  g_variant_unref (target);

  /* which conflict each button is for, for a screen reader going
   * through them */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  mine = g_strdup_printf (_("Keep your value of %s"), title);
  theirs = g_strdup_printf (_("Keep the server’s value of %s"), title);
  edit = g_strdup_printf (_("Type another value of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->keep_mine_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, mine,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->keep_theirs_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  theirs, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, edit, -1);

  return GTK_WIDGET (self);
}

gint64
bd_conflict_row_get_id (BdConflictRow *self)
{
  g_return_val_if_fail (BD_IS_CONFLICT_ROW (self), 0);
  return self->id;
}

GtkWidget *
bd_conflict_row_get_first_button (BdConflictRow *self)
{
  g_return_val_if_fail (BD_IS_CONFLICT_ROW (self), NULL);
  return GTK_WIDGET (self->keep_mine_button);
}
