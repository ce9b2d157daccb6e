/* bd-widget-util.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-widget-util"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-widget-util.h"

/* For the dispose of a GtkWidget subclass whose template has children of
 * its own (a top box under a GtkBinLayout): disposes the template of
 * @template_type, then unparents what that leaves. GTK 4.8's
 * gtk_widget_dispose_template() unparents only the children bound to a
 * field, and a widget must unparent its own children before it goes. */
void
bd_widget_dispose_children (GtkWidget *widget,
                            GType      template_type)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, template_type);

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* The application's settings, or NULL when its schema is not installed
 * (a build run in place): then what they would remember is not kept,
 * rather than GSettings aborting. */
GSettings *
bd_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.backorderdesk.BackorderDesk", TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* The lines a bulk action works on, one a line: @refs names the first of
 * them (“SO-100268/MUG-RED”), @n_lines counts them all, and those @refs
 * leaves out are “and 40 more”. */
char *
bd_format_line_list (const char * const *refs,
                     guint               n_lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_named = 0;

  for (; refs != NULL && refs[n_named] != NULL; n_named++)
    {
      if (n_named > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, refs[n_named]);
    }

  if (n_lines > n_named)
    {
      guint n_more = n_lines - n_named;

      if (n_named > 0)
        g_string_append_c (text, '\n');
      /* Translators: after a list of the first lines of a selection */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n_more),
                              n_more);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Shows or hides @child of a GtkFlowBox, with the box's child that holds
 * it: a hidden widget leaves its slot behind otherwise (a shipped line's
 * lone Log Complaint… stood in the second column). */
void
bd_flow_box_show_child (GtkWidget *child,
                        gboolean   visible)
{
  GtkWidget *slot;

  g_return_if_fail (GTK_IS_WIDGET (child));

  slot = gtk_widget_get_parent (child);
  gtk_widget_set_visible (GTK_IS_FLOW_BOX_CHILD (slot) ? slot : child, visible);
}
