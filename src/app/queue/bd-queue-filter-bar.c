/* bd-queue-filter-bar.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-queue-filter-bar.h"
#include "bd-widget-util.h"

/* What the queue shows: the search, the status, overdue only, an SKU and
 * a supplier. It says "changed" when any of them does, and hands the page
 * a query with them; the page adds the sort of its columns.
 *
 * Children given to it in a .ui go at the end of its row of filters: the
 * page puts its own state there (a change waiting for the store, the
 * count of lines). */
struct _BdQueueFilterBar
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkBox *filter_row;
  GtkDropDown *status_dropdown;
  GtkToggleButton *overdue_button;
  GtkEntry *sku_entry;
  GtkDropDown *supplier_dropdown;

  guint updating_suppliers : 1;
};

static void bd_queue_filter_bar_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdQueueFilterBar, bd_queue_filter_bar, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, bd_queue_filter_bar_buildable_init))

enum {
  CHANGED,
  SEARCH_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkBuildableIface *parent_buildable_iface;

/* The items of the status list, in the order shown. Each item carries
 * its filter (STATUS_FILTER_KEY), which is what is read and looked for. */
static const struct
{
  BdStatusFilter filter;
  const char *label;
} status_items[] = {
  { BD_STATUS_FILTER_OPEN, N_("Open") },
  { BD_STATUS_FILTER_ALL, N_("All") },
  { BD_STATUS_FILTER_WAITING, N_("Waiting") },
  { BD_STATUS_FILTER_ON_ORDER, N_("On order") },
  { BD_STATUS_FILTER_ALLOCATED, N_("Allocated") },
  { BD_STATUS_FILTER_SHIPPED, N_("Shipped") },
  { BD_STATUS_FILTER_CANCELLED, N_("Cancelled") },
};

#define STATUS_FILTER_KEY "bd-status-filter"

/* Each supplier item carries its reference; "All suppliers" none. */
#define SUPPLIER_REF_KEY "bd-supplier-ref"

/* A new query with the filters as they are; its sort is the default. */
BdBackorderQuery *
bd_queue_filter_bar_get_query (BdQueueFilterBar *self)
{
  BdBackorderQuery *query;
  GObject *status;
  GObject *supplier;
  const char *sku;

  g_return_val_if_fail (BD_IS_QUEUE_FILTER_BAR (self), NULL);

  query = bd_backorder_query_new ();
  status = gtk_drop_down_get_selected_item (self->status_dropdown);
  supplier = gtk_drop_down_get_selected_item (self->supplier_dropdown);
  sku = gtk_editable_get_text (GTK_EDITABLE (self->sku_entry));

  query->status = status != NULL ? GPOINTER_TO_UINT (g_object_get_data (status, STATUS_FILTER_KEY))
                                 : BD_STATUS_FILTER_OPEN;
  query->overdue = gtk_toggle_button_get_active (self->overdue_button);
  query->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query->product_sku = *sku ? g_strstrip (g_strdup (sku)) : NULL;
  query->supplier_ref = supplier != NULL ? g_strdup (g_object_get_data (supplier, SUPPLIER_REF_KEY)) : NULL;

  return query;
}

/* Sets the search text and says so at once, without the search entry's
 * pause for typing. */
void
bd_queue_filter_bar_set_search (BdQueueFilterBar *self,
                                const char       *text)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
bd_queue_filter_bar_set_status (BdQueueFilterBar *self,
                                BdStatusFilter    filter)
{
  GListModel *items;

  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  items = gtk_drop_down_get_model (self->status_dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      if (GPOINTER_TO_UINT (g_object_get_data (item, STATUS_FILTER_KEY)) == filter)
        gtk_drop_down_set_selected (self->status_dropdown, i);
    }
}

/* @suppliers: (element-type BdSupplierInfo) (nullable): the suppliers to
 * choose from, after "All suppliers". The supplier chosen stays chosen if
 * it is still there. Not a change of the filters: suppliers change only
 * with an import, which reloads the list anyway. */
void
bd_queue_filter_bar_set_suppliers (BdQueueFilterBar *self,
                                   GPtrArray        *suppliers)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *current = NULL;
  GObject *selected;
  guint new_selected = 0;

  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  selected = gtk_drop_down_get_selected_item (self->supplier_dropdown);
  if (selected != NULL)
    current = g_strdup (g_object_get_data (selected, SUPPLIER_REF_KEY));

  gtk_string_list_append (names, _("All suppliers"));
  for (guint i = 0; suppliers != NULL && i < suppliers->len; i++)
    {
      BdSupplierInfo *info = g_ptr_array_index (suppliers, i);
      g_autoptr(GObject) item = NULL;

      gtk_string_list_append (names, info->name);
      item = g_list_model_get_item (G_LIST_MODEL (names), i + 1);
      g_object_set_data_full (item, SUPPLIER_REF_KEY, g_strdup (info->ref), g_free);
      if (g_strcmp0 (info->ref, current) == 0)
        new_selected = i + 1;
    }

  self->updating_suppliers = TRUE;
  gtk_drop_down_set_model (self->supplier_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->supplier_dropdown, new_selected);
  self->updating_suppliers = FALSE;
}

void
bd_queue_filter_bar_focus_search (BdQueueFilterBar *self)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
filter_changed_cb (BdQueueFilterBar *self)
{
  if (!self->updating_suppliers)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
search_activate_cb (BdQueueFilterBar *self)
{
  g_signal_emit (self, signals[SEARCH_ACTIVATED], 0);
}

static void
bd_queue_filter_bar_add_child (GtkBuildable *buildable,
                               GtkBuilder   *builder,
                               GObject      *child,
                               const char   *type)
{
  BdQueueFilterBar *self = BD_QUEUE_FILTER_BAR (buildable);

  /* the template's own children come before the row is there */
  if (self->filter_row != NULL && GTK_IS_WIDGET (child) && type == NULL)
    gtk_box_append (self->filter_row, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
bd_queue_filter_bar_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = bd_queue_filter_bar_add_child;
}

static void
bd_queue_filter_bar_dispose (GObject *object)
{
  bd_widget_dispose_children (GTK_WIDGET (object), BD_TYPE_QUEUE_FILTER_BAR);

  G_OBJECT_CLASS (bd_queue_filter_bar_parent_class)->dispose (object);
}

static void
bd_queue_filter_bar_class_init (BdQueueFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_queue_filter_bar_dispose;

  /* Any filter changed: the query to show is another one. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* Enter in the search: the person is done typing and goes to the list. */
  signals[SEARCH_ACTIVATED] =
    g_signal_new ("search-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-queue-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, filter_row);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, sku_entry);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, supplier_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
}

static void
bd_queue_filter_bar_init (BdQueueFilterBar *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (status_items); i++)
    {
      g_autoptr(GObject) item = NULL;

      gtk_string_list_append (statuses, _(status_items[i].label));
      item = g_list_model_get_item (G_LIST_MODEL (statuses), i);
      g_object_set_data (item, STATUS_FILTER_KEY, GUINT_TO_POINTER (status_items[i].filter));
    }
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
}
