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

/* GTK 4.8 keeps a window's pointer to its transient parent until the
 * window is finalized, and then disconnects from the parent through it.
 * When the parent goes, it clears the pointer of a window not destroyed
 * with its parent; one that is, it destroys, and gtk_window_destroy()
 * does nothing to a window already closed: the pointer stays. A closed
 * window kept alive by its own work (a read or a send on a thread, which
 * holds it until it ends) can so outlive its parent, the main window
 * closed meanwhile, and would then touch freed memory. Here each window
 * lets go of its parent when the parent goes: destroyed with it first,
 * if it asked to be. */
static void
parent_destroyed_cb (GtkWindow *window)
{
  g_object_ref (window);
  if (gtk_window_get_destroy_with_parent (window))
    gtk_window_destroy (window);
  gtk_window_set_transient_for (window, NULL);
  g_object_unref (window);
}

static void
transient_for_changed_cb (GtkWindow  *window,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  GtkWindow *parent = gtk_window_get_transient_for (window);
  GtkWindow *watched = g_object_get_data (G_OBJECT (window), "bd-watched-parent");

  if (parent == watched)
    return;
  if (watched != NULL)
    g_signal_handlers_disconnect_by_func (watched, parent_destroyed_cb, window);
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), window, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (window), "bd-watched-parent", parent);
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "bd-watches-parent") != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), "bd-watches-parent", GINT_TO_POINTER (TRUE));
      g_signal_connect (window, "notify::transient-for", G_CALLBACK (transient_for_changed_cb), NULL);
      transient_for_changed_cb (window, NULL, NULL);
    }
}

/* Makes every window of the process, from now on, let go of its transient
 * parent when that goes (see parent_destroyed_cb()). Call it once, at the
 * application's startup. */
void
bd_windows_forget_gone_parents (void)
{
  static gboolean watching;
  GListModel *toplevels;

  if (watching)
    return;
  watching = TRUE;
  toplevels = gtk_window_get_toplevels ();
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
  toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
}
