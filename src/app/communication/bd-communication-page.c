/* bd-communication-page.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-communication-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-communication-page.h"
#include "bd-refused-banner.h"
#include "bd-templates.h"
#include "bd-widget-util.h"

/* The Communication page: the kinds of message, to customers and to
 * suppliers, beside the editor of their templates (bd-template-editor.c)
 * with its preview for a real backorder line: the queue's, until the
 * agent types another. Side by side, or one over the other when narrow. */

struct _BdCommunicationPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkListBox *kind_list;
  GtkEntry *customer_entry;
  BdTemplateEditor *editor;

  /* Owned references */
  BdStore *store;

  gint64 offered_line;          /* the queue's line last offered */
};

G_DEFINE_FINAL_TYPE (BdCommunicationPage, bd_communication_page, GTK_TYPE_WIDGET)

static const char *
row_kind (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "bd-kind") : NULL;
}

/* "Edited in Deutsch, English" or "Not saved" under each kind, and the
 * marker of a change of one of its languages the server refused. */
static void
update_rows (BdCommunicationPage *self)
{
  g_autoptr(GPtrArray) rows = self->store != NULL ? bd_templates_list (self->store, NULL) : NULL;
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->kind_list, i)) != NULL; i++)
    {
      GtkLabel *state = g_object_get_data (G_OBJECT (row), "bd-state");
      const char *kind = row_kind (row);
      const char *refused = NULL;
      g_autoptr(GStrvBuilder) edited = g_strv_builder_new ();
      g_auto(GStrv) languages = NULL;
      g_autofree char *text = NULL;

      for (guint j = 0; rows != NULL && j < rows->len; j++)
        {
          BdTemplateRow *template = g_ptr_array_index (rows, j);

          if (!g_str_equal (template->kind, kind))
            continue;
          if (template->edited)
            g_strv_builder_add (edited, template->language);
          /* the first language's: the editor says each one's */
          if (refused == NULL)
            refused = template->refused_reason;
        }
      languages = g_strv_builder_end (edited);

      if (bd_template_editor_has_draft (self->editor, kind))
        text = g_strdup (_("Changed, not saved"));
      else if (languages[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (", ", languages);

          /* Translators: %s lists language codes, like "de, en" */
          text = g_strdup_printf (_("Edited: %s"), joined);
        }

      gtk_label_set_label (state, text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (state), text != NULL);
      bd_refused_marker_set_reason (g_object_get_data (G_OBJECT (row), "bd-refused"), refused);
    }
}

static void
header_cb (GtkListBoxRow *row,
           GtkListBoxRow *before,
           gpointer       user_data)
{
  const BdTemplateKind *kind = bd_template_kind_find (row_kind (row));
  const BdTemplateKind *previous = before != NULL ? bd_template_kind_find (row_kind (before)) : NULL;
  GtkWidget *header;

  if (previous != NULL && previous->audience == kind->audience)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (kind->audience == BD_AUDIENCE_SUPPLIER ? _("To Suppliers") : _("To Customers"));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 18 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

static void
fill_kinds (BdCommunicationPage *self)
{
  guint n_kinds;
  const BdTemplateKind *kinds = bd_template_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *refused = bd_refused_marker_new ();
      GtkWidget *title = gtk_label_new (_(kinds[i].label));
      GtkWidget *state = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (state), 0);
      gtk_widget_add_css_class (state, "dim-label");
      gtk_widget_add_css_class (state, "caption");
      gtk_widget_set_visible (state, FALSE);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), state);
      gtk_widget_set_hexpand (box, TRUE);
      gtk_box_append (GTK_BOX (line), box);
      gtk_box_append (GTK_BOX (line), refused);
      gtk_widget_set_margin_top (line, 6);
      gtk_widget_set_margin_bottom (line, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
      g_object_set_data (G_OBJECT (row), "bd-kind", (gpointer)kinds[i].kind);
      g_object_set_data (G_OBJECT (row), "bd-state", state);
      g_object_set_data (G_OBJECT (row), "bd-refused", refused);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                      -1);
      gtk_list_box_append (self->kind_list, row);
    }
}

static void
kind_selected_cb (BdCommunicationPage *self,
                  GtkListBoxRow       *row)
{
  if (row != NULL)
    bd_template_editor_show_kind (self->editor, row_kind (row));
}

/* A click or Enter on a kind: on to its editor when the page is narrow. */
static void
kind_activated_cb (BdCommunicationPage *self,
                   GtkListBoxRow       *row)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor));
}

static void
editor_changed_cb (BdCommunicationPage *self)
{
  update_rows (self);
}

/* The window opens the page, or says there is no such customer. */
static void
open_customer_cb (BdCommunicationPage *self)
{
  g_autofree char *ref = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer_entry))));

  if (*ref == '\0')
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s", ref);
}

static void
folded_changed_cb (BdCommunicationPage *self)
{
  bd_template_editor_set_folded (self->editor, adw_leaflet_get_folded (self->leaflet));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdCommunicationPage *self = BD_COMMUNICATION_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_list));
}

static void
store_changed_cb (BdCommunicationPage *self,
                  const char * const  *tables)
{
  bd_template_editor_store_changed (self->editor, tables);
  if (bd_store_changes_include (tables, "templates") || bd_store_changes_include (tables, "sync_refused"))
    update_rows (self);
}

void
bd_communication_page_set_store (BdCommunicationPage *self,
                                 BdStore             *store)
{
  g_return_if_fail (BD_IS_COMMUNICATION_PAGE (self));
  g_return_if_fail (BD_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  self->offered_line = 0;
  bd_template_editor_set_store (self->editor, store);
  if (gtk_list_box_get_selected_row (self->kind_list) == NULL)
    gtk_list_box_select_row (self->kind_list, gtk_list_box_get_row_at_index (self->kind_list, 0));
  update_rows (self);
}

/* The queue's line (0: none) as the page is shown: the preview takes it,
 * unless the agent typed another since it was last offered. */
void
bd_communication_page_offer_line (BdCommunicationPage *self,
                                  gint64               line_id)
{
  g_return_if_fail (BD_IS_COMMUNICATION_PAGE (self));

  if (line_id == self->offered_line && bd_template_editor_get_line (self->editor) != 0)
    return;

  self->offered_line = line_id;
  if (line_id > 0 || bd_template_editor_get_line (self->editor) == 0)
    bd_template_editor_set_line (self->editor, line_id);
}

/* Shows the template of @kind in @language. */
void
bd_communication_page_select (BdCommunicationPage *self,
                              const char          *kind,
                              const char          *language)
{
  GtkListBoxRow *row;

  g_return_if_fail (BD_IS_COMMUNICATION_PAGE (self));

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->kind_list, i)) != NULL; i++)
    if (g_strcmp0 (row_kind (row), kind) == 0)
      gtk_list_box_select_row (self->kind_list, row);
  bd_template_editor_set_language (self->editor, language);
}

BdTemplateEditor *
bd_communication_page_get_editor (BdCommunicationPage *self)
{
  g_return_val_if_fail (BD_IS_COMMUNICATION_PAGE (self), NULL);
  return self->editor;
}

static void
bd_communication_page_dispose (GObject *object)
{
  BdCommunicationPage *self = (BdCommunicationPage *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_COMMUNICATION_PAGE);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_communication_page_parent_class)->dispose (object);
}

static void
bd_communication_page_class_init (BdCommunicationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_communication_page_dispose;

  g_type_ensure (BD_TYPE_TEMPLATE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/communication/bd-communication-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCommunicationPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdCommunicationPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BdCommunicationPage, customer_entry);
  gtk_widget_class_bind_template_child (widget_class, BdCommunicationPage, kind_list);
  gtk_widget_class_bind_template_child (widget_class, BdCommunicationPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_customer_cb);

  gtk_widget_class_install_action (widget_class, "communication.show-list", NULL, show_list_action);
}

static void
bd_communication_page_init (BdCommunicationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_header_func (self->kind_list, header_cb, NULL, NULL);
  fill_kinds (self);
}
