/* bd-replenish-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-replenish-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-purchasing-tasks.h"
#include "bd-replenish-dialog.h"
#include "bd-replenish-item.h"

/* The demand no PO covers, per product and grouped by the supplier it
 * would be ordered from (the preferred one until the clerk picks
 * another), with the suggested quantity; the clerk changes quantities and
 * suppliers, then makes one draft PO per supplier in one step. The
 * suggestions are worked out on a thread (a big shop has thousands of
 * products with demand) and listed in a GtkListView, which makes rows
 * only for what is on screen. */

struct _BdReplenishDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *create_button;
  GtkSpinner *create_spinner;
  GtkLabel *error_label;
  GtkStack *stack;
  GtkSpinner *loading_spinner;
  AdwStatusPage *error_page;
  GtkListView *list_view;

  /* Owned references */
  BdStore *store;
  GListStore *items;            /* BdReplenishItem, grouped */
  GCancellable *cancellable;

  BdReplenishItem *follow;      /* a product whose supplier changed: its row keeps the focus */
  guint follow_tick;            /* frames waited for its row */
  guint follow_id;
  guint regroup_source;
  gboolean loading;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (BdReplenishDialog, bd_replenish_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_regroup (BdReplenishDialog *self);

/* Suppliers by name, then reference; products no supplier delivers
 * last; then by SKU. The names' collation keys are made once per
 * supplier (@keys: supplier id -> key): collating thousands of products'
 * names at each comparison took a while. */
static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      keys)
{
  BdReplenishItem *item_a = *(BdReplenishItem **)a;
  BdReplenishItem *item_b = *(BdReplenishItem **)b;
  const BdSupplierOption *option_a = bd_replenish_item_get_option (item_a);
  const BdSupplierOption *option_b = bd_replenish_item_get_option (item_b);
  int order;

  if ((option_a == NULL) != (option_b == NULL))
    return option_a == NULL ? 1 : -1;
  if (option_a != NULL && option_a->supplier_id != option_b->supplier_id)
    {
      if ((order = strcmp (g_hash_table_lookup (keys, &option_a->supplier_id),
                           g_hash_table_lookup (keys, &option_b->supplier_id))) != 0)
        return order;
      return g_strcmp0 (option_a->supplier_ref, option_b->supplier_ref);
    }
  return g_strcmp0 (bd_replenish_item_get_suggestion (item_a)->sku, bd_replenish_item_get_suggestion (item_b)->sku);
}

static gboolean
same_group (BdReplenishItem *a,
            BdReplenishItem *b)
{
  const BdSupplierOption *option_a = bd_replenish_item_get_option (a);
  const BdSupplierOption *option_b = bd_replenish_item_get_option (b);

  if (option_a == NULL || option_b == NULL)
    return option_a == option_b;
  return option_a->supplier_id == option_b->supplier_id;
}

static void
update_title (BdReplenishDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint suppliers = 0, ordered = 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *products = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdReplenishItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (bd_replenish_item_get_option (item) != NULL && bd_replenish_item_get_quantity (item) > 0)
        ordered++;
      if (bd_replenish_item_get_first (item) && bd_replenish_item_get_option (item) != NULL)
        suppliers++;
    }

  products = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", ordered), ordered);
  /* Translators: "%s" is "N products"; %u a number of suppliers */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s from %u supplier", "%s from %u suppliers",
                                           suppliers), products, suppliers);
  adw_window_title_set_subtitle (self->window_title, self->loading ? NULL : subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "replenish.create", !self->loading && !self->busy && ordered > 0);
}

/* A row's widgets, and the item it shows */
typedef struct
{
  BdReplenishDialog *dialog;
  BdReplenishItem *item;        /* the bound one */
  GtkWidget *header;
  GtkLabel *group_title;
  GtkLabel *group_caption;
  GtkLabel *title;
  GtkLabel *need;
  GtkSpinButton *quantity;
  GtkDropDown *supplier;
  GtkLabel *option;
  GtkLabel *warning;
  gboolean binding;
} Row;

static GtkWidget *
find_item_row (GtkWidget *root,
               gpointer   item)
{
  if (g_object_get_data (G_OBJECT (root), "bd-item") == item)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_item_row (child, item);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  BdReplenishDialog *self = user_data;
  GtkWidget *row = self->follow != NULL ? find_item_row (GTK_WIDGET (self->list_view), self->follow) : NULL;

  if (row == NULL && self->follow != NULL && ++self->follow_tick < 10)
    return G_SOURCE_CONTINUE;

  if (row != NULL)
    {
      Row *parts = g_object_get_data (G_OBJECT (row), "bd-row");

      gtk_widget_grab_focus (GTK_WIDGET (parts->supplier));
    }
  g_clear_object (&self->follow);
  self->follow_tick = 0;
  self->follow_id = 0;
  return G_SOURCE_REMOVE;
}

/* A product moved to another supplier's group: the list scrolls to it
 * and its supplier keeps the focus, so that the keyboard goes on from
 * there. */
static void
follow_item (BdReplenishDialog *self)
{
  guint position;

  if (self->follow == NULL ||
      !g_list_store_find (self->items, self->follow, &position))
    {
      g_clear_object (&self->follow);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->follow_tick = 0;
  if (self->follow_id == 0)
    self->follow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), follow_tick_cb, self, NULL);
}

/* Sorts the items by supplier and marks the first of each group. */
static void
regroup (BdReplenishDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  for (guint i = 0; i < n; i++)
    {
      BdReplenishItem *item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const BdSupplierOption *option = bd_replenish_item_get_option (item);

      g_ptr_array_add (items, item);
      if (option != NULL && !g_hash_table_contains (keys, &option->supplier_id))
        g_hash_table_insert (keys, (gpointer)&option->supplier_id, g_utf8_collate_key (option->supplier_name, -1));
    }
  g_ptr_array_sort_with_data (items, compare_items, keys);

  for (guint start = 0; start < items->len;)
    {
      guint end = start + 1;

      while (end < items->len && same_group (items->pdata[start], items->pdata[end]))
        end++;
      for (guint i = start; i < end; i++)
        bd_replenish_item_set_group (items->pdata[i], i == start, end - start);
      start = end;
    }

  g_list_store_splice (self->items, 0, n, items->pdata, items->len);
  update_title (self);
  follow_item (self);
}

static gboolean
regroup_cb (gpointer user_data)
{
  BdReplenishDialog *self = user_data;

  self->regroup_source = 0;
  regroup (self);
  return G_SOURCE_REMOVE;
}

/* Later: a row is not rebuilt from within its own widget's signal. */
static void
schedule_regroup (BdReplenishDialog *self)
{
  if (self->regroup_source == 0)
    self->regroup_source = g_idle_add_full (G_PRIORITY_DEFAULT, regroup_cb, self, NULL);
}


static char *
need_text (const BdReplenishSuggestion *s)
{
  g_autofree char *waiting = NULL;

  if (s->demand > 0)
    /* Translators: %d is a number of units, %d a number of backorder lines */
    waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d waiting on %d line", "%d waiting on %d lines",
                                            s->n_lines), s->demand, s->n_lines);
  if (s->shortfall > 0 && waiting != NULL)
    /* Translators: a product's need: units waiting, then the units below its reorder point and safety stock */
    return g_strdup_printf (_("Need %d: %s, %d below the reorder point"), s->need, waiting, s->shortfall);
  if (s->shortfall > 0)
    return g_strdup_printf (_("Need %d below the reorder point"), s->need);
  /* Translators: %d is a number of units, %s says how many wait on how many lines */
  return g_strdup_printf (_("Need %d: %s"), s->need, waiting != NULL ? waiting : "");
}

static void
update_row_texts (Row *row)
{
  const BdSupplierOption *option = bd_replenish_item_get_option (row->item);
  g_autofree char *warning = bd_replenish_item_get_warning (row->item);
  g_autofree char *option_text = option != NULL ? bd_replenish_option_describe (option) : NULL;
  g_autofree char *need = need_text (bd_replenish_item_get_suggestion (row->item));

  /* what the core suggests for this supplier, once the clerk typed another */
  if (option != NULL && option->quantity != bd_replenish_item_get_quantity (row->item))
    {
      g_autofree char *with = NULL;

      /* Translators: a product's need, then the quantity suggested for the supplier's MOQ and pack size */
      with = g_strdup_printf (_("%s · suggested %d"), need, option->quantity);
      g_free (need);
      need = g_steal_pointer (&with);
    }
  gtk_label_set_label (row->need, need);

  gtk_label_set_label (row->option, option_text);
  gtk_widget_set_visible (GTK_WIDGET (row->option), option_text != NULL);
  gtk_label_set_label (row->warning, warning);
  gtk_widget_set_visible (GTK_WIDGET (row->warning), warning != NULL);
}

static void
quantity_changed_cb (GtkSpinButton *spin,
                     Row           *row)
{
  if (row->binding || row->item == NULL)
    return;
  bd_replenish_item_set_quantity (row->item, gtk_spin_button_get_value_as_int (spin));
  update_row_texts (row);
  update_title (row->dialog);
}

static void
supplier_changed_cb (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     Row         *row)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (row->binding || row->item == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  bd_replenish_item_set_chosen (row->item, (int)selected);
  row->binding = TRUE;
  gtk_spin_button_set_value (row->quantity, bd_replenish_item_get_quantity (row->item));
  row->binding = FALSE;
  update_row_texts (row);
  g_set_object (&row->dialog->follow, row->item);
  schedule_regroup (row->dialog);
}

static GtkWidget *
caption_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  return label;
}

/* The supplier button shows the name; its list, each supplier's figures
 * beside it. The list's strings are "name\tfigures". */
static void
option_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  full)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), name);
  if (full)
    {
      GtkWidget *figures = caption_label ();

      gtk_widget_add_css_class (figures, "dim-label");
      gtk_box_append (GTK_BOX (box), figures);
    }
  gtk_list_item_set_child (list_item, box);
}

static void
option_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  full)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  const char *tab = strchr (text, '\t');
  g_autofree char *supplier = tab != NULL ? g_strndup (text, tab - text) : g_strdup (text);

  gtk_label_set_label (GTK_LABEL (name), supplier);
  if (full)
    gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (name)), tab != NULL ? tab + 1 : "");
}

static GtkListItemFactory *
option_factory (gboolean full)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (option_setup_cb), GINT_TO_POINTER (full));
  g_signal_connect (factory, "bind", G_CALLBACK (option_bind_cb), GINT_TO_POINTER (full));
  return factory;
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BdReplenishDialog        *self)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GtkListItemFactory) button_factory = option_factory (FALSE);
  g_autoptr(GtkListItemFactory) list_factory = option_factory (TRUE);

  row->dialog = self;
  row->header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  row->group_title = GTK_LABEL (gtk_label_new (NULL));
  row->group_caption = GTK_LABEL (caption_label ());
  row->title = GTK_LABEL (gtk_label_new (NULL));
  row->need = GTK_LABEL (caption_label ());
  row->quantity = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 1000000, 1));
  row->supplier = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  row->option = GTK_LABEL (caption_label ());
  row->warning = GTK_LABEL (caption_label ());

  gtk_label_set_xalign (row->group_title, 0);
  gtk_label_set_wrap (row->group_title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->group_title), "title-4");
  gtk_widget_add_css_class (GTK_WIDGET (row->group_caption), "dim-label");
  gtk_widget_set_margin_top (row->header, 12);
  gtk_widget_set_margin_bottom (row->header, 6);
  gtk_box_append (GTK_BOX (row->header), GTK_WIDGET (row->group_title));
  gtk_box_append (GTK_BOX (row->header), GTK_WIDGET (row->group_caption));

  gtk_label_set_xalign (row->title, 0);
  gtk_label_set_wrap (row->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->title), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (row->need), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->option), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->warning), "warning");

  gtk_spin_button_set_numeric (row->quantity, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (row->quantity), GTK_ALIGN_CENTER);
  gtk_drop_down_set_factory (row->supplier, button_factory);
  gtk_drop_down_set_list_factory (row->supplier, list_factory);
  gtk_widget_set_hexpand (GTK_WIDGET (row->supplier), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (row->supplier), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (row->quantity));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (row->supplier));

  gtk_box_append (GTK_BOX (box), row->header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->need));
  gtk_box_append (GTK_BOX (box), controls);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->option));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->warning));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  g_signal_connect (row->quantity, "value-changed", G_CALLBACK (quantity_changed_cb), row);
  g_signal_connect (row->supplier, "notify::selected", G_CALLBACK (supplier_changed_cb), row);
  g_object_set_data_full (G_OBJECT (box), "bd-row", row, g_free);
  /* the controls take the focus, not the row around them */
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, box);
}

static Row *
list_item_row (GtkListItem *list_item)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "bd-row");
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BdReplenishDialog        *self)
{
  Row *row = list_item_row (list_item);
  BdReplenishItem *item = gtk_list_item_get_item (list_item);
  const BdReplenishSuggestion *s = bd_replenish_item_get_suggestion (item);
  g_autoptr(GtkStringList) options = gtk_string_list_new (NULL);
  g_autofree char *title = g_strdup_printf ("%s — %s", s->sku, s->product_name);
  /* Translators: %s is an SKU */
  g_autofree char *quantity_label = g_strdup_printf (_("Quantity of %s to order"), s->sku);
  /* Translators: %s is an SKU */
  g_autofree char *supplier_label = g_strdup_printf (_("Supplier to order %s from"), s->sku);

  row->binding = TRUE;
  row->item = item;
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "bd-item", item);

  gtk_widget_set_visible (row->header, bd_replenish_item_get_first (item));
  if (bd_replenish_item_get_first (item))
    {
      const BdSupplierOption *option = bd_replenish_item_get_option (item);
      guint size = bd_replenish_item_get_group_size (item);
      g_autofree char *caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", size),
                                                  size);

      gtk_label_set_label (row->group_title, option != NULL ? option->supplier_name : _("No Supplier"));
      if (option != NULL)
        {
          g_autofree char *with_ref = g_strdup_printf ("%s · %s", option->supplier_ref, caption);

          gtk_label_set_label (row->group_caption, with_ref);
        }
      else
        gtk_label_set_label (row->group_caption, caption);
    }

  gtk_label_set_label (row->title, title);

  for (guint i = 0; i < s->options->len; i++)
    {
      const BdSupplierOption *option = g_ptr_array_index (s->options, i);
      g_autofree char *figures = bd_replenish_option_describe (option);
      g_autofree char *text = g_strdup_printf ("%s\t%s", option->supplier_name, figures);

      gtk_string_list_append (options, text);
    }
  gtk_drop_down_set_model (row->supplier, G_LIST_MODEL (options));
  gtk_drop_down_set_selected (row->supplier, bd_replenish_item_get_chosen (item) >= 0
                                             ? (guint)bd_replenish_item_get_chosen (item)
                                             : GTK_INVALID_LIST_POSITION);
  gtk_widget_set_visible (GTK_WIDGET (row->supplier), s->options->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (row->quantity), s->options->len > 0);
  gtk_spin_button_set_value (row->quantity, bd_replenish_item_get_quantity (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->quantity), GTK_ACCESSIBLE_PROPERTY_LABEL, quantity_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->supplier), GTK_ACCESSIBLE_PROPERTY_LABEL, supplier_label,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->quantity), quantity_label);
  update_row_texts (row);
  row->binding = FALSE;
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BdReplenishDialog        *self)
{
  Row *row = list_item_row (list_item);

  row->item = NULL;
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "bd-item", NULL);
}

/* Loading and creating */

static void
suggest_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BdReplenishDialog) self = user_data;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  suggestions = bd_purchasing_suggest_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  if (suggestions == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_title (self);
      return;
    }

  items = g_ptr_array_new_full (suggestions->len, g_object_unref);
  /* the items take the suggestions */
  g_ptr_array_set_free_func (suggestions, NULL);
  for (guint i = 0; i < suggestions->len; i++)
    g_ptr_array_add (items, bd_replenish_item_new (g_ptr_array_index (suggestions, i)));
  g_list_store_splice (self->items, 0, 0, items->pdata, items->len);
  regroup (self);

  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
  if (items->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
set_busy (BdReplenishDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), busy);
  gtk_spinner_set_spinning (self->create_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_view), !busy);
  update_title (self);
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BdReplenishDialog) self = user_data;
  g_autoptr(BdReplenishResult) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) numbers = NULL;

  created = bd_purchasing_create_orders_finish (result, &error);
  /* the window went, and its dialogs with it */
  if (self->store == NULL)
    return;

  set_busy (self, FALSE);
  if (created == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  for (guint i = 0; i < created->numbers->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (created->numbers, i));
  numbers = g_strv_builder_end (builder);
  g_signal_emit (self, signals[CREATED], 0, numbers);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdReplenishDialog *self = BD_REPLENISH_DIALOG (widget);
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (BdReplenishPlanItem));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (self->busy || self->loading)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdReplenishItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const BdReplenishSuggestion *s = bd_replenish_item_get_suggestion (item);
      const BdSupplierOption *option = bd_replenish_item_get_option (item);
      BdReplenishPlanItem plan_item = { 0, };

      if (option == NULL || bd_replenish_item_get_quantity (item) == 0)
        continue;
      plan_item.product_id = s->product_id;
      plan_item.supplier_id = option->supplier_id;
      plan_item.quantity = bd_replenish_item_get_quantity (item);
      plan_item.seen_need = s->need;
      g_array_append_val (plan, plan_item);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  bd_purchasing_create_orders_async (self->store, plan, create_done_cb, g_object_ref (self));
}

GListModel *
bd_replenish_dialog_get_items (BdReplenishDialog *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_DIALOG (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
bd_replenish_dialog_get_loading (BdReplenishDialog *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_DIALOG (self), FALSE);
  return self->loading || self->regroup_source != 0;
}

gboolean
bd_replenish_dialog_get_busy (BdReplenishDialog *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_DIALOG (self), FALSE);
  return self->busy;
}

/* What the last Create could not do, or NULL. */
const char *
bd_replenish_dialog_get_error (BdReplenishDialog *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

/* A write on its way is seen through: its answer needs the dialog. */
static gboolean
bd_replenish_dialog_close_request (GtkWindow *window)
{
  BdReplenishDialog *self = BD_REPLENISH_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bd_replenish_dialog_parent_class)->close_request (window);
}

static void
bd_replenish_dialog_dispose (GObject *object)
{
  BdReplenishDialog *self = (BdReplenishDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->regroup_source, g_source_remove);
  if (self->follow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->follow_id);
  self->follow_id = 0;
  g_clear_object (&self->follow);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_REPLENISH_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->items);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_replenish_dialog_parent_class)->dispose (object);
}

static void
bd_replenish_dialog_class_init (BdReplenishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_replenish_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bd_replenish_dialog_close_request;

  /* the numbers of the purchase orders made, as a GStrv */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/purchasing/bd-replenish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdReplenishDialog, list_view);

  gtk_widget_class_install_action (widget_class, "replenish.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "replenish.create", NULL);
}

static void
bd_replenish_dialog_init (BdReplenishDialog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (BD_TYPE_REPLENISH_ITEM);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

BdReplenishDialog *
bd_replenish_dialog_new (BdStore *store)
{
  BdReplenishDialog *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_REPLENISH_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_title (self);
  bd_purchasing_suggest_async (store, self->cancellable, suggest_done_cb, g_object_ref (self));
  return self;
}
