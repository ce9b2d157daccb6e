/* bd-queue-page-columns.c: the queue's cells, and its columns' sorters
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-page-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-backorder.h"
#include "bd-queue-page-private.h"
#include "bd-util.h"

/* The cells. Signal factories rather than expressions in the .ui: a bind
 * sets the texts and watches the row once, where each expression binding
 * set up and tore down its own property watches on every bind, which made
 * scrolling 400,000 lines twice as slow (see the README's benchmarks).
 * GtkInscription rather than GtkLabel: a new text is drawn in the column's
 * width without measuring the cell again, a third of the work of each
 * frame when scrolling fast. */
typedef enum
{
  CELL_ORDER,
  CELL_CUSTOMER,
  CELL_PRODUCT,
  CELL_SHORT,
  CELL_AGE,
  CELL_PROMISED,
  CELL_STATUS,
  CELL_PRIORITY,
} CellKind;

static void
cell_update (GtkListItem *item)
{
  BdBackorder *row = gtk_list_item_get_item (item);
  CellKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "bd-cell"));
  GtkWidget *child = gtk_list_item_get_child (item);
  char text[32];

  if (row == NULL || child == NULL)
    return;

  switch (kind)
    {
    case CELL_ORDER:
      gtk_inscription_set_text (GTK_INSCRIPTION (child), bd_backorder_get_order_ref (row));
      break;
    case CELL_CUSTOMER:
      gtk_inscription_set_text (GTK_INSCRIPTION (child), bd_backorder_get_customer_name (row));
      break;
    case CELL_PRODUCT:
      gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_first_child (child)), bd_backorder_get_product_name (row));
      gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_last_child (child)), bd_backorder_get_sku (row));
      break;
    case CELL_SHORT:
      g_snprintf (text, sizeof text, "%d", bd_backorder_get_short (row));
      gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
      break;
    case CELL_AGE:
      /* Translators: an age in days, as short as possible: "12 d" */
      g_snprintf (text, sizeof text, _("%d d"), bd_backorder_get_age_days (row));
      gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
      break;
    case CELL_PROMISED:
      {
        g_autofree char *day = bd_format_local_date (bd_backorder_get_promised_at (row));

        gtk_inscription_set_text (GTK_INSCRIPTION (child), *day ? day : "—");
        /* the colour for the eye, the description for a screen reader;
         * both only when they change, which a bind mostly does not */
        if (bd_backorder_get_overdue (row) != gtk_widget_has_css_class (child, "overdue"))
          {
            if (bd_backorder_get_overdue (row))
              {
                gtk_widget_add_css_class (child, "overdue");
                gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Overdue"),
                                                -1);
              }
            else
              {
                gtk_widget_remove_css_class (child, "overdue");
                gtk_accessible_reset_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
              }
          }
      }
      break;
    case CELL_STATUS:
      gtk_inscription_set_text (GTK_INSCRIPTION (child), bd_status_label (bd_backorder_get_status (row)));
      break;
    case CELL_PRIORITY:
      {
        int priority = bd_backorder_get_priority (row);

        gtk_inscription_set_text (GTK_INSCRIPTION (child), bd_priority_label (priority));
        if (priority == 2)
          gtk_widget_add_css_class (child, "urgent");
        else
          gtk_widget_remove_css_class (child, "urgent");
        if (priority == 1)
          gtk_widget_add_css_class (child, "high");
        else
          gtk_widget_remove_css_class (child, "high");
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
cell_text (gboolean numeric)
{
  GtkWidget *text = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (text), numeric ? 1 : 0);
  if (numeric)
    gtk_widget_add_css_class (text, "numeric");
  return text;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  CellKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "bd-cell"));
  GtkWidget *child;

  g_object_set_data (G_OBJECT (item), "bd-cell", GUINT_TO_POINTER (kind));

  if (kind == CELL_PRODUCT)
    {
      GtkWidget *sku = cell_text (FALSE);

      child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (child), cell_text (FALSE));
      gtk_widget_add_css_class (sku, "caption");
      gtk_widget_add_css_class (sku, "dim-label");
      gtk_box_append (GTK_BOX (child), sku);
    }
  else
    child = cell_text (kind == CELL_SHORT || kind == CELL_AGE || kind == CELL_PROMISED);

  gtk_list_item_set_child (item, child);
}

static void
cell_notify_cb (GtkListItem *item)
{
  cell_update (item);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  BdBackorder *row = gtk_list_item_get_item (item);
  gulong handler;

  cell_update (item);

  /* a write changes the row object in place: the cell follows it */
  handler = g_signal_connect_object (row, "notify", G_CALLBACK (cell_notify_cb), item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (item), "bd-notify", GSIZE_TO_POINTER (handler));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  BdBackorder *row = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "bd-notify"));

  if (row != NULL && handler != 0)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (item), "bd-notify", NULL);
}

static void
setup_column (GtkColumnViewColumn *column,
              CellKind             kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "bd-cell", GUINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

/* The column view only tells which column sorts and which way: each
 * column's sorter records its key in the items it is asked to compare,
 * so asking the view's sorter to compare two probes tells the primary
 * column, and the sign of its answer the direction (GTK 4.8 has no API
 * for either). The rows themselves are sorted in SQL. */
static int
probe_compare_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  /* both: a descending column may hand them over the other way round */
  g_object_set_data ((GObject *)a, "bd-sort-key", user_data);
  g_object_set_data ((GObject *)b, "bd-sort-key", user_data);
  return GTK_ORDERING_SMALLER;
}

static void
setup_sorter (GtkColumnViewColumn *column,
              BdSortKey            key)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));

  gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_compare_cb,
                                   GUINT_TO_POINTER (key), NULL);
  gtk_column_view_column_set_sorter (column, sorter);
}

/* Sets the sort of @query to the one the column headers show. */
void
bd_queue_page_read_sort (BdQueuePage *self,
                         BdBackorderQuery     *query)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  g_assert (BD_IS_QUEUE_PAGE (self));

  query->sort = BD_SORT_QUEUE;
  query->descending = FALSE;

  if (sorter == NULL)
    return;

  g_object_set_data (self->sort_probe_a, "bd-sort-key", GUINT_TO_POINTER (BD_SORT_QUEUE));
  order = gtk_sorter_compare (sorter, self->sort_probe_a, self->sort_probe_b);
  if (order == GTK_ORDERING_EQUAL)
    return;

  query->sort = GPOINTER_TO_UINT (g_object_get_data (self->sort_probe_a, "bd-sort-key"));
  query->descending = (order == GTK_ORDERING_LARGER);
}

/* The cells and the sort keys of the columns the template declares. */
void
bd_queue_page_setup_columns (BdQueuePage *self)
{
  g_assert (BD_IS_QUEUE_PAGE (self));

  setup_column (self->order_column, CELL_ORDER);
  setup_column (self->customer_column, CELL_CUSTOMER);
  setup_column (self->product_column, CELL_PRODUCT);
  setup_column (self->short_column, CELL_SHORT);
  setup_column (self->age_column, CELL_AGE);
  setup_column (self->promised_column, CELL_PROMISED);
  setup_column (self->status_column, CELL_STATUS);
  setup_column (self->priority_column, CELL_PRIORITY);

  setup_sorter (self->order_column, BD_SORT_ORDER_REF);
  setup_sorter (self->customer_column, BD_SORT_CUSTOMER);
  setup_sorter (self->product_column, BD_SORT_PRODUCT);
  setup_sorter (self->short_column, BD_SORT_SHORT);
  setup_sorter (self->age_column, BD_SORT_AGE);
  setup_sorter (self->promised_column, BD_SORT_PROMISED);
  setup_sorter (self->status_column, BD_SORT_STATUS);
  setup_sorter (self->priority_column, BD_SORT_PRIORITY);

  self->sort_probe_a = g_object_new (BD_TYPE_BACKORDER, NULL);
  self->sort_probe_b = g_object_new (BD_TYPE_BACKORDER, NULL);
}
