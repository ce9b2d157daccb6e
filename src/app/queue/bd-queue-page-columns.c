/* bd-queue-page-columns.c: the queue's cells, its columns' sorters, and
 * what a person made of the columns (which are shown, order, widths)
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-queue-page-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-backorder.h"
#include "bd-queue-page-private.h"
#include "bd-refused-banner.h"
#include "bd-row-cells.h"
#include "bd-util.h"
#include "bd-widget-util.h"

/* The cells. Signal factories rather than expressions in the .ui: a bind
 * sets the texts and watches the row once, where each expression binding
 * set up and tore down its own property watches on every bind, which made
 * scrolling 400,000 lines twice as slow (see the README's benchmarks).
 * GtkInscription rather than GtkLabel: a new text is drawn in the column's
 * width without measuring the cell again, a third of the work of each
 * frame when scrolling fast. */
typedef enum
{
  CELL_PRIORITY,
  CELL_ORDER,
  CELL_CUSTOMER,
  CELL_PRODUCT,
  CELL_SHORT,
  CELL_AGE,
  CELL_PROMISED,
  CELL_STATUS,
  CELL_ETA,
  CELL_PO,
  CELL_SUPPLIER,
  N_CELLS
} CellKind;

/* The columns as the template declares them, in that order: their names
 * (in the settings, in "columns.show-NAME", and of their cells' widgets),
 * the field that holds each, the key it sorts by, and whether a person may
 * hide it. Priority may not: the queue is worked by it. */
static const struct
{
  const char *name;
  gsize offset;
  int sort;
  gboolean hideable;
} columns[N_CELLS] = {
  [CELL_PRIORITY] = { "priority", G_STRUCT_OFFSET (BdQueuePage, priority_column), BD_SORT_PRIORITY, FALSE },
  [CELL_ORDER] = { "order", G_STRUCT_OFFSET (BdQueuePage, order_column), BD_SORT_ORDER_REF, TRUE },
  [CELL_CUSTOMER] = { "customer", G_STRUCT_OFFSET (BdQueuePage, customer_column), BD_SORT_CUSTOMER, TRUE },
  [CELL_PRODUCT] = { "product", G_STRUCT_OFFSET (BdQueuePage, product_column), BD_SORT_PRODUCT, TRUE },
  [CELL_SHORT] = { "short", G_STRUCT_OFFSET (BdQueuePage, short_column), BD_SORT_SHORT, TRUE },
  [CELL_AGE] = { "age", G_STRUCT_OFFSET (BdQueuePage, age_column), BD_SORT_AGE, TRUE },
  [CELL_PROMISED] = { "promised", G_STRUCT_OFFSET (BdQueuePage, promised_column), BD_SORT_PROMISED, TRUE },
  [CELL_STATUS] = { "status", G_STRUCT_OFFSET (BdQueuePage, status_column), BD_SORT_STATUS, TRUE },
  [CELL_SUPPLIER] = { "supplier", G_STRUCT_OFFSET (BdQueuePage, supplier_column), BD_SORT_SUPPLIER, TRUE },
  [CELL_ETA] = { "eta", G_STRUCT_OFFSET (BdQueuePage, eta_column), BD_SORT_ETA, TRUE },
  [CELL_PO] = { "po", G_STRUCT_OFFSET (BdQueuePage, po_column), BD_SORT_PO, TRUE },
};

#define COLUMN(self, kind) (*(GtkColumnViewColumn **)G_STRUCT_MEMBER_P ((self), columns[(kind)].offset))

static int
kind_by_name (const char *name)
{
  for (guint kind = 0; kind < N_CELLS; kind++)
    if (g_strcmp0 (columns[kind].name, name) == 0)
      return kind;
  return -1;
}

/* The kind of a column or of a list item, kept as kind + 1 */
static G_DEFINE_QUARK (bd-cell-kind, cell_kind)

static int
kind_of (gpointer object)
{
  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (object), cell_kind_quark ())) - 1;
}

static void
set_kind (gpointer object,
          int      kind)
{
  g_object_set_qdata (G_OBJECT (object), cell_kind_quark (), GINT_TO_POINTER (kind + 1));
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on == gtk_widget_has_css_class (widget, name))
    return;
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static void
cell_update (GtkListItem *item)
{
  BdBackorder *row = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  /* A row the list still reads on a thread shows empty, not "Low", "0"
   * and "—" for a frame; its fields notify when they come. */
  gboolean read;
  const char *none;
  char text[32];

  if (row == NULL || child == NULL)
    return;

  read = bd_backorder_is_read (row);
  none = read ? "—" : NULL;

  switch (kind_of (item))
    {
    case CELL_PRIORITY:
      {
        GtkWidget *label = gtk_widget_get_first_child (child);
        int priority = bd_backorder_get_priority (row);

        gtk_inscription_set_text (GTK_INSCRIPTION (label), read ? bd_priority_label (priority) : NULL);
        set_class (label, "urgent", read && priority == 2);
        set_class (label, "high", read && priority == 1);
        set_class (label, "dim-label", read && priority == 0);
        /* a complaint still to be answered, beside what leads the row */
        gtk_widget_set_visible (gtk_widget_get_last_child (child), bd_backorder_get_has_open_complaint (row));
      }
      break;
    case CELL_ORDER:
      /* a change of the line the team's server refused, with its reason:
       * the priority's column has no room left for a second marker */
      bd_refused_marker_set_reason (gtk_widget_get_first_child (child), bd_backorder_get_refused_reason (row));
      gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_last_child (child)), bd_backorder_get_order_ref (row));
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
      gtk_inscription_set_text (GTK_INSCRIPTION (child), read ? text : NULL);
      break;
    case CELL_AGE:
      /* Translators: an age in days, as short as possible: "12 d" */
      g_snprintf (text, sizeof text, _("%d d"), bd_backorder_get_age_days (row));
      gtk_inscription_set_text (GTK_INSCRIPTION (child), read ? text : NULL);
      break;
    case CELL_PROMISED:
      {
        g_autofree char *day = bd_format_local_date (bd_backorder_get_promised_at (row));
        GtkWidget *marker = gtk_widget_get_first_child (child);
        GtkWidget *label = gtk_widget_get_last_child (child);
        gboolean overdue = bd_backorder_get_overdue (row);

        gtk_inscription_set_text (GTK_INSCRIPTION (label), *day ? day : none);
        /* not by colour alone: an icon for the eye, the description for
         * a screen reader; only when they change, which a bind mostly
         * does not */
        if (overdue != gtk_widget_get_visible (marker))
          {
            gtk_widget_set_visible (marker, overdue);
            set_class (label, "overdue", overdue);
            if (overdue)
              gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Overdue"),
                                              -1);
            else
              gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          }
      }
      break;
    case CELL_STATUS:
      gtk_inscription_set_text (GTK_INSCRIPTION (child), bd_status_label (bd_backorder_get_status (row)));
      break;
    case CELL_SUPPLIER:
      {
        const char *supplier = bd_backorder_get_supplier_name (row);

        gtk_inscription_set_text (GTK_INSCRIPTION (child), supplier ? supplier : none);
      }
      break;
    case CELL_ETA:
      {
        const char *eta = bd_backorder_get_eta (row);

        gtk_inscription_set_text (GTK_INSCRIPTION (child), eta != NULL ? eta : none);
      }
      break;
    case CELL_PO:
      {
        g_autofree char *partly = bd_queue_page_describe_partly (row);
        const char *number = bd_backorder_get_po_number (row);
        GtkWidget *caption = gtk_widget_get_last_child (child);

        gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_first_child (child)),
                                  number != NULL ? number : none);
        gtk_inscription_set_text (GTK_INSCRIPTION (caption), partly);
        gtk_widget_set_visible (caption, partly != NULL);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * bd_queue_page_describe_partly:
 * @row: a line
 *
 * How much of a line partly served is on order or set aside: "2 of 5 on
 * order", "3 of 5 allocated"; %NULL for a line served whole or not at all.
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
bd_queue_page_describe_partly (BdBackorder *row)
{
  int missing = bd_backorder_get_short (row);
  int covered = bd_backorder_get_covered (row);
  int allocated = bd_backorder_get_allocated (row);
  g_autofree char *on_order = NULL;
  g_autofree char *set_aside = NULL;

  if (!bd_backorder_is_open (row) || covered + allocated == 0 || covered + allocated >= missing)
    return NULL;

  if (covered > 0)
    /* Translators: part of a line's units covered by purchase orders: "2 of 5 on order" */
    on_order = g_strdup_printf (_("%d of %d on order"), covered, missing);
  if (allocated > 0)
    /* Translators: part of a line's units set aside from a receipt: "3 of 5 allocated" */
    set_aside = g_strdup_printf (_("%d of %d allocated"), allocated, missing);

  if (on_order != NULL && set_aside != NULL)
    /* Translators: "3 of 5 allocated, 1 of 5 on order" */
    return g_strdup_printf (_("%s, %s"), set_aside, on_order);
  return g_strdup (set_aside != NULL ? set_aside : on_order);
}

/* Whether @text's inscription cuts its text short. Measured when a
 * tooltip is asked for, not at each bind: a scroll binds dozens of
 * cells a frame. */
static gboolean
is_ellipsized (GtkWidget *text)
{
  const char *shown = gtk_inscription_get_text (GTK_INSCRIPTION (text));
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  if (shown == NULL || *shown == '\0')
    return FALSE;

  layout = gtk_widget_create_pango_layout (text, shown);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width > gtk_widget_get_width (text);
}

/**
 * bd_queue_page_cell_dup_tooltip:
 * @cell: a text of one of the queue's cells
 *
 * What the cell's tooltip says when the pointer rests on it: the whole
 * text of a name cut short, what a quantity short means, that a promise
 * is overdue.
 *
 * Returns: (transfer full) (nullable): the tooltip, or %NULL for none
 */
char *
bd_queue_page_cell_dup_tooltip (GtkWidget *cell)
{
  GtkListItem *item;
  BdBackorder *row;

  g_return_val_if_fail (GTK_IS_INSCRIPTION (cell), NULL);

  item = g_object_get_data (G_OBJECT (cell), "bd-item");
  row = item ? gtk_list_item_get_item (item) : NULL;
  if (row == NULL || !bd_backorder_is_read (row))
    return NULL;

  switch (kind_of (item))
    {
    case CELL_SHORT:
      {
        int missing = bd_backorder_get_short (row);

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%d of %d ordered is not in stock yet",
                                             "%d of %d ordered are not in stock yet", missing),
                                missing, bd_backorder_get_quantity (row));
      }
    case CELL_ETA:
      if (bd_backorder_get_eta (row) != NULL)
        return g_strdup_printf (_("Expected %s; the line’s pane says where the date comes from"),
                                bd_backorder_get_eta (row));
      if (bd_backorder_is_open (row))
        return g_strdup (_("No expected date: no purchase order, and no supplier lead time"));
      break;
    case CELL_PROMISED:
      if (bd_backorder_get_overdue (row))
        return g_strdup_printf (_("Overdue: promised for %s"), gtk_inscription_get_text (GTK_INSCRIPTION (cell)));
      break;
    default:
      break;
    }

  if (is_ellipsized (cell))
    return g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (cell)));

  return NULL;
}

/* The tooltip is asked for rather than set at each bind: setting one asks
 * the display where the pointer is, a round trip to the X server that
 * cost 50 µs a cell, a frame's worth at every screen of a fast scroll. */
static gboolean
cell_query_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  g_autofree char *text = bd_queue_page_cell_dup_tooltip (cell);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static GtkWidget *
cell_text (GtkListItem *item,
           const char  *name,
           gboolean     numeric)
{
  GtkWidget *text = gtk_inscription_new (NULL);

  gtk_widget_set_name (text, name);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (text), numeric ? 1 : 0);
  if (numeric)
    gtk_widget_add_css_class (text, "numeric");

  g_object_set_data (G_OBJECT (text), "bd-item", item);
  gtk_widget_set_has_tooltip (text, TRUE);
  g_signal_connect (text, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);

  return text;
}

/* An icon that says what a colour or a column alone would not, shown only
 * on the rows it concerns. */
static GtkWidget *
cell_marker (const char *name,
             const char *icon_name,
             const char *meaning)
{
  GtkWidget *marker = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_set_name (marker, name);
  gtk_widget_set_visible (marker, FALSE);
  gtk_widget_set_valign (marker, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (marker, name);
  gtk_widget_set_tooltip_text (marker, meaning);
  gtk_accessible_update_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL, meaning, -1);

  return marker;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  int kind = kind_of (factory);
  GtkWidget *child;

  set_kind (item, kind);
  /* In GTK 4.8 a cell is a list item widget with a click gesture of its
   * own: the cell and then its row each selected the clicked line, so a
   * Ctrl+click toggled it twice and the selection stayed as it was. The
   * row alone selects and activates. */
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_activatable (item, FALSE);

  switch (kind)
    {
    case CELL_PRIORITY:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (child), cell_text (item, "priority", FALSE));
      gtk_widget_set_hexpand (gtk_widget_get_first_child (child), TRUE);
      gtk_box_append (GTK_BOX (child), cell_marker ("complaint-marker", "face-sad-symbolic",
                                                    _("Complaint not resolved yet")));
      break;
    case CELL_PRODUCT:
      {
        GtkWidget *sku = cell_text (item, "sku", FALSE);

        child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        gtk_box_append (GTK_BOX (child), cell_text (item, "product", FALSE));
        gtk_widget_add_css_class (sku, "caption");
        gtk_widget_add_css_class (sku, "dim-label");
        gtk_box_append (GTK_BOX (child), sku);
      }
      break;
    case CELL_PO:
      {
        GtkWidget *partly = cell_text (item, "po-partly", FALSE);

        child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        gtk_box_append (GTK_BOX (child), cell_text (item, "po", FALSE));
        gtk_widget_add_css_class (partly, "caption");
        gtk_widget_add_css_class (partly, "dim-label");
        gtk_widget_set_visible (partly, FALSE);
        gtk_box_append (GTK_BOX (child), partly);
      }
      break;
    case CELL_ORDER:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_box_append (GTK_BOX (child), cell_marker ("refused-marker", "dialog-warning-symbolic",
                                                    _("The server refused this change")));
      gtk_box_append (GTK_BOX (child), cell_text (item, "order", FALSE));
      gtk_widget_set_hexpand (gtk_widget_get_last_child (child), TRUE);
      break;
    case CELL_PROMISED:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_box_append (GTK_BOX (child), cell_marker ("overdue-marker", "alarm-symbolic", _("Overdue")));
      gtk_box_append (GTK_BOX (child), cell_text (item, "promised", TRUE));
      gtk_widget_set_hexpand (gtk_widget_get_last_child (child), TRUE);
      break;
    default:
      child = cell_text (item, columns[kind].name, kind == CELL_SHORT || kind == CELL_AGE || kind == CELL_ETA);
    }

  gtk_list_item_set_child (item, child);
}

/* @row_cells: the cells of all the columns */
static void
setup_column (GtkColumnViewColumn *column,
              CellKind             kind,
              BdRowCells          *row_cells)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  set_kind (factory, kind);
  set_kind (column, kind);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  bd_row_cells_follow (row_cells, GTK_SIGNAL_LIST_ITEM_FACTORY (factory));
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
bd_queue_page_read_sort (BdQueuePage      *self,
                         BdBackorderQuery *query)
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

static GtkColumnViewColumn *
column_for_sort (BdQueuePage *self,
                 BdSortKey    key)
{
  for (guint kind = 0; kind < N_CELLS; kind++)
    if (columns[kind].sort == (int)key)
      return COLUMN (self, kind);
  return NULL;
}

/* Called when the view's sorter changes, before the page reads it. GTK's
 * header turns a sorted column round at every click; the click that turns
 * it from descending back to ascending is the third, and brings back the
 * queue's own order (priority, then oldest), which no header shows. */
void
bd_queue_page_follow_sort (BdQueuePage *self)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  GtkColumnViewColumn *column;
  GAction *queue_order;

  g_assert (BD_IS_QUEUE_PAGE (self));

  bd_queue_page_read_sort (self, query);
  column = query->sort == BD_SORT_QUEUE ? NULL : column_for_sort (self, query->sort);

  if (column != NULL && column == self->sort_column && self->sort_descending && !query->descending)
    {
      self->sort_column = NULL;
      self->sort_descending = FALSE;
      /* the view's sorter changes again, and this runs again for it */
      gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
      return;
    }

  self->sort_column = column;
  self->sort_descending = query->descending;

  queue_order = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), "queue-order");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (queue_order), column != NULL);
}

/**
 * bd_queue_page_describe_sort:
 * @explanation: (out): how to change it, for a tooltip
 *
 * The order in force, in a few words: "Queue order" or which column.
 */
char *
bd_queue_page_describe_sort (BdQueuePage  *self,
                             char        **explanation)
{
  const BdBackorderQuery *query = bd_queue_page_get_query (self);
  GtkColumnViewColumn *column = NULL;
  const char *title;

  g_assert (BD_IS_QUEUE_PAGE (self));

  if (query != NULL && query->sort != BD_SORT_QUEUE)
    column = column_for_sort (self, query->sort);

  if (column == NULL)
    {
      *explanation = g_strdup (_("Highest priority first, then the oldest order. A click on a column’s header "
                                 "sorts by that column; a third click comes back to this order."));
      return g_strdup (_("Queue order"));
    }

  title = gtk_column_view_column_get_title (column);
  *explanation = g_strdup (_("Click the column’s header again to turn the order round, "
                             "a third time for the queue order."));
  if (query->descending)
    return g_strdup_printf (_("Sorted by %s, descending"), title);
  return g_strdup_printf (_("Sorted by %s"), title);
}

static void
sort_in_queue_order_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  BdQueuePage *self = user_data;

  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
}

/* What a person makes of the columns (which are shown, their order and
 * widths) is kept per person in GSettings. */

static void
save_now (BdQueuePage *self)
{
  GListModel *shown = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) hidden = g_strv_builder_new ();
  g_auto(GStrv) order_v = NULL;
  g_auto(GStrv) hidden_v = NULL;
  GVariantBuilder widths;

  g_variant_builder_init (&widths, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (shown, i);
      int kind = kind_of (column);

      if (kind < 0)
        continue;
      g_strv_builder_add (order, columns[kind].name);
      /* as the person left them, not as a narrow window has them now */
      if (!gtk_column_view_column_get_visible (column) && !bd_queue_page_column_hidden_when_narrow (column))
        g_strv_builder_add (hidden, columns[kind].name);
      g_variant_builder_add (&widths, "{si}", columns[kind].name, bd_queue_page_column_chosen_width (column));
    }
  order_v = g_strv_builder_end (order);
  hidden_v = g_strv_builder_end (hidden);

  g_settings_set_strv (self->settings, "queue-column-order", (const char * const *)order_v);
  g_settings_set_strv (self->settings, "queue-hidden-columns", (const char * const *)hidden_v);
  g_settings_set_value (self->settings, "queue-column-widths", g_variant_builder_end (&widths));
}

static gboolean
save_columns_cb (gpointer data)
{
  BdQueuePage *self = data;

  self->save_columns_source = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

/* After the change settles: a column being resized changes its width at
 * every motion of the pointer. */
static void
schedule_save (BdQueuePage *self)
{
  if (self->settings == NULL || self->restoring_columns || self->save_columns_source != 0)
    return;

  self->save_columns_source = g_timeout_add (500, save_columns_cb, self);
}

/* Saves a change not saved yet, now: the page is going. */
void
bd_queue_page_save_columns (BdQueuePage *self)
{
  g_assert (BD_IS_QUEUE_PAGE (self));

  if (self->save_columns_source == 0)
    return;

  g_clear_handle_id (&self->save_columns_source, g_source_remove);
  if (self->column_view != NULL)
    save_now (self);
}

/* GTK 4.8 gives a column's header no tooltip: the title's button gets
 * the explanation of "Qty Short", each time the view makes the buttons
 * (when a column is added or moved). */
static void
explain_headers (BdQueuePage *self)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  const char *title = gtk_column_view_column_get_title (self->short_column);
  const char *explanation = _("Units ordered that were not in stock, still to come for this line");

  for (GtkWidget *button = header ? gtk_widget_get_first_child (header) : NULL;
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      GtkWidget *box = gtk_widget_get_first_child (button);
      GtkWidget *label = box ? gtk_widget_get_first_child (box) : NULL;

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), title) == 0 &&
          g_strcmp0 (gtk_widget_get_tooltip_text (button), explanation) != 0)
        {
          gtk_widget_set_tooltip_text (button, explanation);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation,
                                          -1);
        }
    }
}

/* Puts the columns as the settings say, or as the template has them
 * where they say nothing (no settings: as the template has them). */
static void
restore_columns (BdQueuePage *self)
{
  GListModel *shown = gtk_column_view_get_columns (self->column_view);
  g_auto(GStrv) order = NULL;
  g_auto(GStrv) hidden = NULL;
  g_autoptr(GVariant) widths = NULL;
  GtkColumnViewColumn *wanted[N_CELLS];
  guint n_wanted = 0;

  if (self->settings != NULL)
    {
      order = g_settings_get_strv (self->settings, "queue-column-order");
      hidden = g_settings_get_strv (self->settings, "queue-hidden-columns");
      widths = g_settings_get_value (self->settings, "queue-column-widths");
    }

  self->restoring_columns = TRUE;

  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      int kind = kind_by_name (order[i]);
      gboolean seen = FALSE;

      for (guint j = 0; kind >= 0 && j < n_wanted; j++)
        seen |= wanted[j] == COLUMN (self, kind);
      if (kind >= 0 && !seen)
        wanted[n_wanted++] = COLUMN (self, kind);
    }
  for (guint kind = 0; kind < N_CELLS; kind++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < n_wanted; j++)
        seen |= wanted[j] == COLUMN (self, kind);
      if (!seen)
        wanted[n_wanted++] = COLUMN (self, kind);
    }
  for (guint i = 0; i < n_wanted; i++)
    {
      g_autoptr(GtkColumnViewColumn) at = g_list_model_get_item (shown, i);

      if (at != wanted[i])
        gtk_column_view_insert_column (self->column_view, i, wanted[i]);
    }

  for (guint kind = 0; kind < N_CELLS; kind++)
    {
      GtkColumnViewColumn *column = COLUMN (self, kind);
      int width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "bd-default-width"));
      int saved;

      if (widths != NULL && g_variant_lookup (widths, columns[kind].name, "i", &saved) && saved >= 24)
        width = MIN (saved, 2000);
      bd_queue_page_column_visibility_chosen (column);
      bd_queue_page_column_width_chosen (column);
      gtk_column_view_column_set_fixed_width (column, width);
      gtk_column_view_column_set_visible (column, !columns[kind].hideable || hidden == NULL ||
                                                  !g_strv_contains ((const char * const *)hidden,
                                                                    columns[kind].name));
    }

  self->restoring_columns = FALSE;
  explain_headers (self);
  /* a narrow window keeps the columns it keeps */
  bd_queue_page_update_narrow (self);
}

static void
reset_columns_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  BdQueuePage *self = user_data;

  g_clear_handle_id (&self->save_columns_source, g_source_remove);
  if (self->settings != NULL)
    {
      g_settings_reset (self->settings, "queue-column-order");
      g_settings_reset (self->settings, "queue-hidden-columns");
      g_settings_reset (self->settings, "queue-column-widths");
    }
  restore_columns (self);
}

static void
show_column_cb (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  BdQueuePage *self = user_data;
  int kind = kind_by_name (g_action_get_name (G_ACTION (action)) + strlen ("show-"));

  g_assert (kind >= 0);
  gtk_column_view_column_set_visible (COLUMN (self, kind), g_variant_get_boolean (state));
}

static void
column_visible_cb (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   BdQueuePage         *self)
{
  g_autofree char *name = g_strconcat ("show-", columns[kind_of (column)].name, NULL);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), name);

  if (!self->restoring_columns)
    bd_queue_page_column_visibility_chosen (column);
  /* a column only a narrow window hides is still one the person shows */
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (gtk_column_view_column_get_visible (column) ||
                                                      bd_queue_page_column_hidden_when_narrow (column)));
  schedule_save (self);
}

static void
column_width_cb (GtkColumnViewColumn *column,
                 GParamSpec          *pspec,
                 BdQueuePage         *self)
{
  /* A double click on a header's edge asks for the width of the text:
   * the view would then measure every cell it shows, on every frame of a
   * scroll. The column's usual width instead. */
  if (gtk_column_view_column_get_fixed_width (column) < 0)
    {
      gtk_column_view_column_set_fixed_width (column, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column),
                                                                                           "bd-default-width")));
      return;
    }
  if (!self->restoring_columns)
    bd_queue_page_column_width_chosen (column);
  schedule_save (self);
}

static void
columns_changed_cb (BdQueuePage *self)
{
  explain_headers (self);
  schedule_save (self);
}

/* The cells, the sort keys and the menu of the columns the template
 * declares, put as the person left them. */
void
bd_queue_page_setup_columns (BdQueuePage *self)
{
  const GActionEntry actions[] = {
    { "queue-order", sort_in_queue_order_cb },
    { "reset", reset_columns_cb },
  };
  g_autoptr(BdRowCells) row_cells = bd_row_cells_new (cell_update);

  g_assert (BD_IS_QUEUE_PAGE (self));

  self->sort_probe_a = g_object_new (BD_TYPE_BACKORDER, NULL);
  self->sort_probe_b = g_object_new (BD_TYPE_BACKORDER, NULL);
  self->settings = bd_settings_new ();

  self->column_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->column_actions), actions, G_N_ELEMENTS (actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->column_actions),
                                                                           "queue-order")), FALSE);

  for (guint kind = 0; kind < N_CELLS; kind++)
    {
      GtkColumnViewColumn *column = COLUMN (self, kind);

      setup_column (column, kind, row_cells);
      if (columns[kind].sort >= 0)
        setup_sorter (column, columns[kind].sort);
      g_object_set_data (G_OBJECT (column), "bd-default-width",
                         GINT_TO_POINTER (gtk_column_view_column_get_fixed_width (column)));

      if (columns[kind].hideable)
        {
          g_autofree char *name = g_strconcat ("show-", columns[kind].name, NULL);
          g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (name, NULL,
                                                                         g_variant_new_boolean (TRUE));

          g_signal_connect_object (action, "change-state", G_CALLBACK (show_column_cb), self, 0);
          g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
        }
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", G_ACTION_GROUP (self->column_actions));

  /* before the restore: the actions' states follow the columns */
  for (guint kind = 0; kind < N_CELLS; kind++)
    {
      g_signal_connect_object (COLUMN (self, kind), "notify::visible", G_CALLBACK (column_visible_cb), self, 0);
      g_signal_connect_object (COLUMN (self, kind), "notify::fixed-width", G_CALLBACK (column_width_cb), self, 0);
    }
  g_signal_connect_object (gtk_column_view_get_columns (self->column_view), "items-changed",
                           G_CALLBACK (columns_changed_cb), self, G_CONNECT_SWAPPED);

  restore_columns (self);
}

/* Stops following the columns before the view takes them away. */
void
bd_queue_page_teardown_columns (BdQueuePage *self)
{
  g_assert (BD_IS_QUEUE_PAGE (self));

  if (self->column_view != NULL)
    {
      bd_queue_page_save_columns (self);
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_columns (self->column_view), self);
      for (guint kind = 0; kind < N_CELLS; kind++)
        if (COLUMN (self, kind) != NULL)
          g_signal_handlers_disconnect_by_data (COLUMN (self, kind), self);
    }
  g_clear_handle_id (&self->save_columns_source, g_source_remove);
  if (self->column_actions != NULL)
    {
      g_auto(GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (self->column_actions));

      /* the window holds the group too: its actions do nothing now */
      for (guint i = 0; names[i] != NULL; i++)
        g_signal_handlers_disconnect_by_data (g_action_map_lookup_action (G_ACTION_MAP (self->column_actions),
                                                                          names[i]),
                                              self);
      gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", NULL);
    }
  g_clear_object (&self->column_actions);
  g_clear_object (&self->settings);
  g_clear_object (&self->sort_probe_a);
  g_clear_object (&self->sort_probe_b);
}

/**
 * bd_queue_page_get_column:
 * @name: a column's name: "priority", "order", "customer", "product",
 *   "short", "age", "promised", "status", "supplier", "eta" or "po"
 *
 * Returns: (transfer none) (nullable): the column, wherever it is now
 */
GtkColumnViewColumn *
bd_queue_page_get_column (BdQueuePage *self,
                          const char  *name)
{
  int kind;

  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);

  kind = kind_by_name (name);
  return kind >= 0 ? COLUMN (self, kind) : NULL;
}

/* "columns.show-NAME" (stateful) for each column a person may hide,
 * "columns.queue-order" and "columns.reset": for the page's header menu,
 * and for the window, whose main menu offers the same. */
GActionGroup *
bd_queue_page_get_column_actions (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return G_ACTION_GROUP (self->column_actions);
}

GMenuModel *
bd_queue_page_get_columns_menu (BdQueuePage *self)
{
  g_return_val_if_fail (BD_IS_QUEUE_PAGE (self), NULL);
  return self->columns_menu;
}
