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
 * a supplier, lines not covered by a PO, lines that must be cancelled. It says "changed" when any of them does, and hands the page
 * a query with them; the page adds the sort of its columns. The SKU and
 * the supplier are typed in the filter button's popover, which offers the
 * products or suppliers the text matches (core finds them); choosing one
 * sets the filter, shown as a chip below the row that takes it off.
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
  GtkMenuButton *filter_button;
  GtkPopover *filter_popover;
  GtkEntry *sku_entry;
  GtkListBox *sku_suggestions;
  GtkWidget *sku_none;
  GtkEntry *supplier_entry;
  GtkListBox *supplier_suggestions;
  GtkWidget *supplier_none;
  GtkCheckButton *not_covered_check;
  GtkCheckButton *must_cancel_check;
  GtkCheckButton *needs_notice_check;
  GtkBox *chip_box;

  /* Owned references */
  BdStore *store;            /* where products are looked up */
  GPtrArray *suppliers;      /* BdSupplierInfo *, by name */
  char *sku;                 /* the SKU filter on, or NULL */
  char *supplier_ref;        /* the supplier filter on, or NULL */
  BdBackorderQuery *figure;  /* the lines of a dashboard figure, or NULL:
                              * only its figure fields count */
  char *figure_label;        /* what its chip says */

  guint setting_text : 1;    /* an entry shows the filter on: not typing */
  guint applying : 1;        /* setting several filters: "changed" once */
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

/* Each suggestion row carries what choosing it filters by: an SKU or a
 * supplier's reference. */
#define SUGGESTION_VALUE_KEY "bd-suggestion-value"

/* How many products or suppliers the entries offer at most. */
#define MAX_SUGGESTIONS 8

static void
emit_changed (BdQueueFilterBar *self)
{
  if (!self->applying)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* A new query with the filters as they are; its sort is the default. */
BdBackorderQuery *
bd_queue_filter_bar_get_query (BdQueueFilterBar *self)
{
  BdBackorderQuery *query;
  GObject *status;

  g_return_val_if_fail (BD_IS_QUEUE_FILTER_BAR (self), NULL);

  query = bd_backorder_query_new ();
  status = gtk_drop_down_get_selected_item (self->status_dropdown);

  query->status = status != NULL ? GPOINTER_TO_UINT (g_object_get_data (status, STATUS_FILTER_KEY))
                                 : BD_STATUS_FILTER_OPEN;
  query->overdue = gtk_toggle_button_get_active (self->overdue_button);
  query->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query->product_sku = g_strdup (self->sku);
  query->supplier_ref = g_strdup (self->supplier_ref);
  if (self->figure != NULL)
    {
      query->ordered_from = g_strdup (self->figure->ordered_from);
      query->ordered_to = g_strdup (self->figure->ordered_to);
      query->as_of = g_strdup (self->figure->as_of);
      query->open_then = self->figure->open_then;
      query->age_min = self->figure->age_min;
      query->age_max = self->figure->age_max;
      query->promise_breached = self->figure->promise_breached;
      query->never_notified = self->figure->never_notified;
      query->supplier_counted = self->figure->supplier_counted && self->supplier_ref != NULL;
      query->followup_due = self->figure->followup_due;
    }
  query->not_covered = gtk_check_button_get_active (self->not_covered_check);
  query->must_cancel = gtk_check_button_get_active (self->must_cancel_check);
  query->needs_notice = gtk_check_button_get_active (self->needs_notice_check);

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
  emit_changed (self);
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

static const BdSupplierInfo *
find_supplier (BdQueueFilterBar *self,
               const char       *ref)
{
  for (guint i = 0; ref != NULL && self->suppliers != NULL && i < self->suppliers->len; i++)
    {
      const BdSupplierInfo *info = g_ptr_array_index (self->suppliers, i);

      if (g_strcmp0 (info->ref, ref) == 0)
        return info;
    }

  return NULL;
}

/* Shows @text in @entry without taking it for typing. */
static void
set_entry_text (BdQueueFilterBar *self,
                GtkEntry         *entry,
                const char       *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  self->setting_text = FALSE;
}

static void
hide_suggestions (GtkListBox *list,
                  GtkWidget  *none)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
  gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
  gtk_widget_set_visible (none, FALSE);
}

/* A row offering @value, shown as @title with @subtitle below it. */
static void
add_suggestion (GtkListBox *list,
                const char *title,
                const char *subtitle,
                const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);
  g_autofree char *accessible = g_strdup_printf ("%s, %s", title, subtitle);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle_label, "caption");
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), subtitle_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), SUGGESTION_VALUE_KEY, g_strdup (value), g_free);
  gtk_list_box_append (list, row);
}

static void
show_suggestions (GtkListBox *list,
                  GtkWidget  *none)
{
  gboolean any = gtk_widget_get_first_child (GTK_WIDGET (list)) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (list), any);
  gtk_widget_set_visible (none, !any);
}

static void
chip_clicked_cb (GtkButton        *chip,
                 BdQueueFilterBar *self)
{
  const char *kind = g_object_get_data (G_OBJECT (chip), "bd-chip");

  /* the chip goes: keep the keyboard near it */
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_button));
  if (g_str_equal (kind, "sku"))
    bd_queue_filter_bar_set_sku (self, NULL);
  else if (g_str_equal (kind, "figure"))
    bd_queue_filter_bar_set_figure (self, NULL, NULL);
  else if (g_str_equal (kind, "not-covered"))
    gtk_check_button_set_active (self->not_covered_check, FALSE);
  else if (g_str_equal (kind, "must-cancel"))
    gtk_check_button_set_active (self->must_cancel_check, FALSE);
  else if (g_str_equal (kind, "needs-notice"))
    gtk_check_button_set_active (self->needs_notice_check, FALSE);
  else
    bd_queue_filter_bar_set_supplier (self, NULL);
}

/* A button that says which filter is on and takes it off. */
static GtkWidget *
make_chip (BdQueueFilterBar *self,
           const char       *kind,
           const char       *text,
           const char       *accessible)
{
  GtkWidget *chip = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "window-close-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* a figure's chip says which lines and on which days: room for both */
  gtk_label_set_max_width_chars (GTK_LABEL (label), g_str_equal (kind, "figure") ? 56 : 24);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_button_set_child (GTK_BUTTON (chip), box);
  gtk_widget_add_css_class (chip, "filter-chip");
  gtk_widget_set_tooltip_text (chip, _("Remove this filter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (chip), "bd-chip", (gpointer)kind);
  g_signal_connect_object (chip, "clicked", G_CALLBACK (chip_clicked_cb), self, 0);

  return chip;
}

/* The chips, and the filter button's look, for the filters on. */
static void
update_chips (BdQueueFilterBar *self)
{
  const BdSupplierInfo *supplier = find_supplier (self, self->supplier_ref);
  g_autoptr(GString) description = g_string_new (NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chip_box))) != NULL)
    gtk_box_remove (self->chip_box, child);

  if (self->figure != NULL)
    {
      /* Translators: a removable chip's accessible label; %s says which
       * dashboard figure's lines the queue shows */
      g_autofree char *accessible = g_strdup_printf (_("Remove the filter %s"), self->figure_label);

      gtk_box_append (self->chip_box, make_chip (self, "figure", self->figure_label, accessible));
      g_string_append (description, self->figure_label);
    }

  if (self->sku != NULL)
    {
      /* Translators: a removable chip naming the SKU the queue is filtered by */
      g_autofree char *text = g_strdup_printf (_("SKU: %s"), self->sku);
      g_autofree char *accessible = g_strdup_printf (_("Remove the SKU filter %s"), self->sku);

      gtk_box_append (self->chip_box, make_chip (self, "sku", text, accessible));
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append_printf (description, _("SKU %s"), self->sku);
    }

  if (self->supplier_ref != NULL)
    {
      const char *name = supplier != NULL ? supplier->name : self->supplier_ref;
      /* Translators: a removable chip naming the supplier the queue is filtered by */
      g_autofree char *text = g_strdup_printf (_("Supplier: %s"), name);
      g_autofree char *accessible = g_strdup_printf (_("Remove the supplier filter %s"), name);

      gtk_box_append (self->chip_box, make_chip (self, "supplier", text, accessible));
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append_printf (description, _("supplier %s"), name);
    }

  if (gtk_check_button_get_active (self->not_covered_check))
    {
      gtk_box_append (self->chip_box, make_chip (self, "not-covered", _("Not covered by a PO"),
                                                 _("Remove the filter Not covered by a PO")));
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append (description, _("not covered by a PO"));
    }

  if (gtk_check_button_get_active (self->must_cancel_check))
    {
      gtk_box_append (self->chip_box, make_chip (self, "must-cancel", _("Must cancel and refund"),
                                                 _("Remove the filter Must cancel and refund")));
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append (description, _("must cancel and refund"));
    }

  if (gtk_check_button_get_active (self->needs_notice_check))
    {
      gtk_box_append (self->chip_box, make_chip (self, "needs-notice", _("Needs a delay notice"),
                                                 _("Remove the filter Needs a delay notice")));
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append (description, _("needs a delay notice"));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->chip_box), description->len > 0);

  /* the button shows that a filter is on, to the eye and to a screen reader */
  if (description->len > 0)
    {
      /* Translators: the filter button's description; %s lists the filters on */
      g_autofree char *on = g_strdup_printf (_("Filtered by %s"), description->str);

      gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "filter-on");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_button), on);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, on, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "filter-on");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_button), _("More Filters"));
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->filter_button),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Filters by the product @sku, or by none when NULL or empty; says
 * "changed" when that is another filter than before. */
void
bd_queue_filter_bar_set_sku (BdQueueFilterBar *self,
                             const char       *sku)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  if (sku != NULL && *sku == '\0')
    sku = NULL;

  set_entry_text (self, self->sku_entry, sku);
  hide_suggestions (self->sku_suggestions, self->sku_none);
  if (g_strcmp0 (sku, self->sku) == 0)
    return;

  g_free (self->sku);
  self->sku = g_strdup (sku);
  update_chips (self);
  emit_changed (self);
}

/* Filters by the supplier with the reference @ref, or by none. */
void
bd_queue_filter_bar_set_supplier (BdQueueFilterBar *self,
                                  const char       *ref)
{
  const BdSupplierInfo *info;

  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  if (ref != NULL && *ref == '\0')
    ref = NULL;

  info = find_supplier (self, ref);
  set_entry_text (self, self->supplier_entry, info != NULL ? info->name : ref);
  hide_suggestions (self->supplier_suggestions, self->supplier_none);
  if (g_strcmp0 (ref, self->supplier_ref) == 0)
    return;

  g_free (self->supplier_ref);
  self->supplier_ref = g_strdup (ref);
  update_chips (self);
  emit_changed (self);
}

/* Filters by the lines of a dashboard figure: @query's figure fields
 * (bd_backorder_query_has_figure()), shown as a chip saying @label, or
 * none when @query is NULL. */
void
bd_queue_filter_bar_set_figure (BdQueueFilterBar       *self,
                                const BdBackorderQuery *query,
                                const char             *label)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  if (query == NULL && self->figure == NULL)
    return;

  g_clear_pointer (&self->figure, bd_backorder_query_free);
  g_clear_pointer (&self->figure_label, g_free);
  if (query != NULL)
    {
      self->figure = bd_backorder_query_copy (query);
      self->figure_label = g_strdup (label != NULL ? label : _("Dashboard figure"));
    }
  update_chips (self);
  emit_changed (self);
}

/* Shows @query: its status, overdue, product, supplier and figure, the
 * search emptied; says "changed" once. @label names the figure. */
void
bd_queue_filter_bar_apply (BdQueueFilterBar       *self,
                           const BdBackorderQuery *query,
                           const char             *label)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));
  g_return_if_fail (query != NULL);

  self->applying = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  bd_queue_filter_bar_set_status (self, query->status);
  gtk_toggle_button_set_active (self->overdue_button, query->overdue);
  bd_queue_filter_bar_set_sku (self, query->product_sku);
  bd_queue_filter_bar_set_supplier (self, query->supplier_ref);
  bd_queue_filter_bar_set_figure (self, bd_backorder_query_has_figure (query) ? query : NULL, label);
  self->applying = FALSE;

  update_chips (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The store products are looked up in, for the SKU's suggestions. */
void
bd_queue_filter_bar_set_store (BdQueueFilterBar *self,
                               BdStore          *store)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  g_set_object (&self->store, store);
}

/* @suppliers: (element-type BdSupplierInfo) (nullable): the suppliers to
 * choose from, by name. The supplier chosen stays chosen if it is still
 * there. Suppliers change only with an import, which reloads the list. */
void
bd_queue_filter_bar_set_suppliers (BdQueueFilterBar *self,
                                   GPtrArray        *suppliers)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  self->suppliers = g_ptr_array_new_with_free_func (bd_supplier_info_free);
  for (guint i = 0; suppliers != NULL && i < suppliers->len; i++)
    {
      const BdSupplierInfo *info = g_ptr_array_index (suppliers, i);
      BdSupplierInfo *copy = g_new0 (BdSupplierInfo, 1);

      copy->ref = g_strdup (info->ref);
      copy->name = g_strdup (info->name);
      g_ptr_array_add (self->suppliers, copy);
    }

  if (self->supplier_ref != NULL && find_supplier (self, self->supplier_ref) == NULL)
    bd_queue_filter_bar_set_supplier (self, NULL);
  else
    update_chips (self);
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
  emit_changed (self);
}

static void
purchasing_toggled_cb (BdQueueFilterBar *self)
{
  update_chips (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Only the open lines with units no PO covers yet, or not. */
void
bd_queue_filter_bar_set_not_covered (BdQueueFilterBar *self,
                                     gboolean          not_covered)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  gtk_check_button_set_active (self->not_covered_check, not_covered);
}

/* Only the lines the delay-notice rule says to cancel and refund, or not. */
void
bd_queue_filter_bar_set_must_cancel (BdQueueFilterBar *self,
                                     gboolean          must_cancel)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  gtk_check_button_set_active (self->must_cancel_check, must_cancel);
}

/* Only the lines the delay-notice rule says need a notice now, or not. */
void
bd_queue_filter_bar_set_needs_notice (BdQueueFilterBar *self,
                                      gboolean          needs_notice)
{
  g_return_if_fail (BD_IS_QUEUE_FILTER_BAR (self));

  gtk_check_button_set_active (self->needs_notice_check, needs_notice);
}

static void
search_activate_cb (BdQueueFilterBar *self)
{
  g_signal_emit (self, signals[SEARCH_ACTIVATED], 0);
}

/* Typing in the SKU entry offers products; only choosing one filters, so
 * that the list does not empty and fill again at every key. An emptied
 * entry takes the filter off. */
static void
sku_changed_cb (BdQueueFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->sku_entry));
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  if (self->setting_text)
    return;

  hide_suggestions (self->sku_suggestions, self->sku_none);
  if (*text == '\0')
    {
      bd_queue_filter_bar_set_sku (self, NULL);
      return;
    }
  if (self->store == NULL)
    return;

  products = bd_backorder_query_suggest_products (self->store, text, MAX_SUGGESTIONS, &error);
  if (products == NULL)
    {
      g_warning ("Cannot look up products: %s", error->message);
      return;
    }
  for (guint i = 0; i < products->len; i++)
    {
      BdProductInfo *info = g_ptr_array_index (products, i);

      add_suggestion (self->sku_suggestions, info->sku, info->name, info->sku);
    }
  show_suggestions (self->sku_suggestions, self->sku_none);
}

static void
supplier_changed_cb (BdQueueFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->supplier_entry));
  g_autoptr(GPtrArray) matches = NULL;

  if (self->setting_text)
    return;

  hide_suggestions (self->supplier_suggestions, self->supplier_none);
  if (*text == '\0')
    {
      bd_queue_filter_bar_set_supplier (self, NULL);
      return;
    }
  if (self->suppliers == NULL)
    return;

  matches = bd_supplier_info_match (self->suppliers, text, MAX_SUGGESTIONS);
  for (guint i = 0; i < matches->len; i++)
    {
      BdSupplierInfo *info = g_ptr_array_index (matches, i);

      add_suggestion (self->supplier_suggestions, info->name, info->ref, info->ref);
    }
  show_suggestions (self->supplier_suggestions, self->supplier_none);
}

static const char *
first_suggestion (GtkListBox *list)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  return row != NULL ? g_object_get_data (G_OBJECT (row), SUGGESTION_VALUE_KEY) : NULL;
}

/* Enter takes the first product offered: the best match. */
static void
sku_activate_cb (BdQueueFilterBar *self)
{
  g_autofree char *sku = g_strdup (first_suggestion (self->sku_suggestions));

  if (sku != NULL)
    {
      bd_queue_filter_bar_set_sku (self, sku);
      gtk_popover_popdown (self->filter_popover);
    }
}

static void
supplier_activate_cb (BdQueueFilterBar *self)
{
  g_autofree char *ref = g_strdup (first_suggestion (self->supplier_suggestions));

  if (ref != NULL)
    {
      bd_queue_filter_bar_set_supplier (self, ref);
      gtk_popover_popdown (self->filter_popover);
    }
}

static void
sku_suggestion_activated_cb (BdQueueFilterBar *self,
                             GtkListBoxRow    *row)
{
  g_autofree char *sku = g_strdup (g_object_get_data (G_OBJECT (row), SUGGESTION_VALUE_KEY));

  bd_queue_filter_bar_set_sku (self, sku);
  gtk_popover_popdown (self->filter_popover);
}

static void
supplier_suggestion_activated_cb (BdQueueFilterBar *self,
                                  GtkListBoxRow    *row)
{
  g_autofree char *ref = g_strdup (g_object_get_data (G_OBJECT (row), SUGGESTION_VALUE_KEY));

  bd_queue_filter_bar_set_supplier (self, ref);
  gtk_popover_popdown (self->filter_popover);
}

/* Down in an entry goes to what it offers. */
static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkListBox            *list)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if (!gtk_widget_get_visible (GTK_WIDGET (list)) || (row = gtk_list_box_get_row_at_index (list, 0)) == NULL)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

/* Closed without choosing: the entries show the filters on again. */
static void
popover_closed_cb (BdQueueFilterBar *self)
{
  const BdSupplierInfo *supplier = find_supplier (self, self->supplier_ref);

  set_entry_text (self, self->sku_entry, self->sku);
  set_entry_text (self, self->supplier_entry, supplier != NULL ? supplier->name : self->supplier_ref);
  hide_suggestions (self->sku_suggestions, self->sku_none);
  hide_suggestions (self->supplier_suggestions, self->supplier_none);
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
  BdQueueFilterBar *self = (BdQueueFilterBar *)object;

  bd_widget_dispose_children (GTK_WIDGET (object), BD_TYPE_QUEUE_FILTER_BAR);

  g_clear_object (&self->store);
  g_clear_pointer (&self->suppliers, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_queue_filter_bar_parent_class)->dispose (object);
}

static void
bd_queue_filter_bar_finalize (GObject *object)
{
  BdQueueFilterBar *self = (BdQueueFilterBar *)object;

  g_clear_pointer (&self->sku, g_free);
  g_clear_pointer (&self->supplier_ref, g_free);
  g_clear_pointer (&self->figure, bd_backorder_query_free);
  g_clear_pointer (&self->figure_label, g_free);

  G_OBJECT_CLASS (bd_queue_filter_bar_parent_class)->finalize (object);
}

static void
bd_queue_filter_bar_class_init (BdQueueFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_queue_filter_bar_dispose;
  object_class->finalize = bd_queue_filter_bar_finalize;

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
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, filter_button);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, sku_entry);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, sku_suggestions);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, sku_none);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, supplier_entry);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, supplier_suggestions);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, supplier_none);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, not_covered_check);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, must_cancel_check);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, needs_notice_check);
  gtk_widget_class_bind_template_child (widget_class, BdQueueFilterBar, chip_box);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sku_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sku_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sku_suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, supplier_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, supplier_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, supplier_suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, purchasing_toggled_cb);
}

static void
bd_queue_filter_bar_init (BdQueueFilterBar *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (status_items); i++)
    {
      g_autoptr(GObject) item = NULL;

      gtk_string_list_append (statuses, _(status_items[i].label));
      item = g_list_model_get_item (G_LIST_MODEL (statuses), i);
      g_object_set_data (item, STATUS_FILTER_KEY, GUINT_TO_POINTER (status_items[i].filter));
    }
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self->sku_suggestions);
  gtk_widget_add_controller (GTK_WIDGET (self->sku_entry), controller);
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self->supplier_suggestions);
  gtk_widget_add_controller (GTK_WIDGET (self->supplier_entry), controller);
}
