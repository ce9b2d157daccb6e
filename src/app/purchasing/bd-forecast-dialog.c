/* bd-forecast-dialog.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-forecast-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bd-forecast.h"
#include "bd-forecast-dialog.h"

/* Each product's suggested reorder point and safety stock from its demand
 * forecast, beside what it has now, with the method and how far it can
 * be trusted (its held-back error against the naive forecast's); the
 * clerk ticks the products to set and applies them in one undoable
 * action. The forecast is worked out on a thread with a connection of
 * its own (10,000 products take a second), and so is Apply. */

/* One product of the list: its forecast, and whether the clerk chose it.
 * A class of the dialog's own, as small as the list needs. */
struct _BdForecastChoice
{
  GObject parent_instance;

  BdForecast *forecast;
  gboolean chosen;
};

G_DEFINE_FINAL_TYPE (BdForecastChoice, bd_forecast_choice, G_TYPE_OBJECT)

enum {
  CHOICE_PROP_0,
  CHOICE_PROP_SKU,
  CHOICE_PROP_CHOSEN,
  CHOICE_N_PROPS
};

static GParamSpec *choice_properties[CHOICE_N_PROPS];

static void
bd_forecast_choice_finalize (GObject *object)
{
  BdForecastChoice *self = (BdForecastChoice *)object;

  g_clear_pointer (&self->forecast, bd_forecast_free);

  G_OBJECT_CLASS (bd_forecast_choice_parent_class)->finalize (object);
}

static void
bd_forecast_choice_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BdForecastChoice *self = BD_FORECAST_CHOICE (object);

  switch (prop_id)
    {
    case CHOICE_PROP_SKU:
      g_value_set_string (value, self->forecast->sku);
      break;
    case CHOICE_PROP_CHOSEN:
      g_value_set_boolean (value, self->chosen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_forecast_choice_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BdForecastChoice *self = BD_FORECAST_CHOICE (object);

  switch (prop_id)
    {
    case CHOICE_PROP_CHOSEN:
      bd_forecast_choice_set_chosen (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_forecast_choice_class_init (BdForecastChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_forecast_choice_finalize;
  object_class->get_property = bd_forecast_choice_get_property;
  object_class->set_property = bd_forecast_choice_set_property;

  choice_properties[CHOICE_PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  choice_properties[CHOICE_PROP_CHOSEN] =
    g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, CHOICE_N_PROPS, choice_properties);
}

static void
bd_forecast_choice_init (BdForecastChoice *self)
{
}

/* Takes @forecast. */
static BdForecastChoice *
bd_forecast_choice_new (BdForecast *forecast)
{
  BdForecastChoice *self = g_object_new (BD_TYPE_FORECAST_CHOICE, NULL);

  self->forecast = forecast;
  /* a product whose levels would change is chosen to begin with */
  self->chosen = forecast->reorder_point != forecast->current_reorder_point ||
                 forecast->safety_stock != forecast->current_safety_stock;
  return self;
}

const char *
bd_forecast_choice_get_sku (BdForecastChoice *self)
{
  g_return_val_if_fail (BD_IS_FORECAST_CHOICE (self), NULL);
  return self->forecast->sku;
}

gboolean
bd_forecast_choice_get_chosen (BdForecastChoice *self)
{
  g_return_val_if_fail (BD_IS_FORECAST_CHOICE (self), FALSE);
  return self->chosen;
}

void
bd_forecast_choice_set_chosen (BdForecastChoice *self,
                               gboolean          chosen)
{
  g_return_if_fail (BD_IS_FORECAST_CHOICE (self));

  chosen = !!chosen;
  if (self->chosen == chosen)
    return;
  self->chosen = chosen;
  g_object_notify_by_pspec (G_OBJECT (self), choice_properties[CHOICE_PROP_CHOSEN]);
}

struct _BdForecastDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *apply_button;
  GtkSpinner *apply_spinner;
  GtkLabel *error_label;
  GtkLabel *explanation_label;
  GtkStack *stack;
  GtkSpinner *loading_spinner;
  AdwStatusPage *error_page;
  GtkListView *list_view;

  /* Owned references */
  BdStore *store;
  GListStore *items;            /* BdForecastChoice */
  GCancellable *cancellable;

  gboolean loading;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (BdForecastDialog, bd_forecast_dialog, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_title (BdForecastDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint chosen = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdForecastChoice) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      chosen += item->chosen;
    }

  /* Translators: the first %u is how many products are ticked, the second
   * how many have a suggestion */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u product chosen", "%u of %u products chosen", n),
                              chosen, n);
  adw_window_title_set_subtitle (self->window_title, self->loading ? NULL : subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forecast.apply", !self->loading && !self->busy && chosen > 0);
}

/* Says in words how far the forecast did better than the naive one on
 * the held-back days: what a clerk decides to trust it by. */
static char *
trust_text (const BdForecast *f)
{
  char mae[G_ASCII_DTOSTR_BUF_SIZE], naive[G_ASCII_DTOSTR_BUF_SIZE];
  const char *verdict;

  if (isnan (f->mae) || isnan (f->naive_mae))
    return g_strdup (_("Too little history to judge the forecast by"));

  g_snprintf (mae, sizeof mae, "%.2f", f->mae);
  g_snprintf (naive, sizeof naive, "%.2f", f->naive_mae);
  if (f->mae < 0.9 * f->naive_mae)
    verdict = _("better than the naive forecast");
  else if (f->mae > 1.1 * f->naive_mae)
    verdict = _("worse than the naive forecast: trust it less");
  else
    verdict = _("about as good as the naive forecast");

  /* Translators: the first two %s are errors in units a day; the last
   * says what that means, like "better than the naive forecast" */
  return g_strdup_printf (_("Off by %s a day over the last %d days, the naive forecast by %s: %s"),
                          mae, BD_FORECAST_HOLDOUT_DAYS, naive, verdict);
}

static char *
method_text (const BdForecast *f)
{
  switch (f->method)
    {
    case BD_FORECAST_HOLT:
      /* Translators: α and β are the fitted smoothing parameters; the
       * last %s the forecast demand a day */
      return g_strdup_printf (_("Holt’s linear trend (α %.2f, β %.2f): %.2f a day"), f->alpha, f->beta, f->daily);
    case BD_FORECAST_SIMPLE:
      return g_strdup_printf (_("Simple exponential smoothing (α %.2f): %.2f a day"), f->alpha, f->daily);
    case BD_FORECAST_MEAN:
      return g_strdup_printf (_("The mean of a short history: %.2f a day"), f->daily);
    case BD_FORECAST_NONE:
    default:
      return g_strdup (_("No orders"));
    }
}

/* A row's widgets */
typedef struct
{
  GtkCheckButton *check;
  GtkLabel *title;
  GtkLabel *levels;
  GtkLabel *method;
  GtkLabel *trust;
  BdForecastChoice *item;       /* the bound one */
} Row;

static GtkLabel *
row_label (GtkBox     *box,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  Row            *row)
{
  if (row->item != NULL)
    bd_forecast_choice_set_chosen (row->item, gtk_check_button_get_active (check));
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BdForecastDialog         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  Row *row = g_new0 (Row, 1);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  row->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->check), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->check));
  g_signal_connect (row->check, "toggled", G_CALLBACK (check_toggled_cb), row);

  gtk_widget_set_hexpand (texts, TRUE);
  row->title = row_label (GTK_BOX (texts), "heading");
  row->levels = row_label (GTK_BOX (texts), NULL);
  row->method = row_label (GTK_BOX (texts), "dim-label");
  row->trust = row_label (GTK_BOX (texts), "caption");
  gtk_box_append (GTK_BOX (box), texts);

  g_object_set_data_full (G_OBJECT (box), "bd-row", row, g_free);
  gtk_list_item_set_child (list_item, box);
  /* the check button is what the keyboard works */
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BdForecastDialog         *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "bd-row");
  BdForecastChoice *item = gtk_list_item_get_item (list_item);
  const BdForecast *f = item->forecast;
  g_autofree char *title = g_strdup_printf ("%s · %s", f->sku, f->product_name);
  g_autofree char *levels = NULL;
  g_autofree char *method = method_text (f);
  g_autofree char *trust = trust_text (f);
  g_autofree char *check_label = NULL;

  /* Translators: suggested and current levels: the reorder level (the
   * stock at which to order, README "forecast") is the reorder point
   * plus the safety stock; the lead time in days last */
  levels = g_strdup_printf (_("Reorder level %d (now %d): reorder point %d + safety stock %d (now %d + %d) · "
                              "Lead time %d days"),
                            f->reorder_point + f->safety_stock, f->current_reorder_point + f->current_safety_stock,
                            f->reorder_point, f->safety_stock, f->current_reorder_point, f->current_safety_stock,
                            f->lead_time_days);
  gtk_label_set_label (row->title, title);
  gtk_label_set_label (row->levels, levels);
  gtk_label_set_label (row->method, method);
  gtk_label_set_label (row->trust, trust);

  row->item = NULL;
  gtk_check_button_set_active (row->check, item->chosen);
  row->item = item;

  /* Translators: %s is a product's SKU */
  check_label = g_strdup_printf (_("Set the levels of %s"), f->sku);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, levels, -1);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BdForecastDialog         *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "bd-row");

  row->item = NULL;
}

static void
item_chosen_cb (BdForecastDialog *self)
{
  update_title (self);
}

/* The thread's work: a connection of its own, read-only to forecast and
 * writable to apply. */
typedef struct
{
  char *database;
  char *author;
  GPtrArray *chosen;            /* BdForecast, copies: Apply */
  guint n_changed;
  GHashTable *tables;           /* interned names the write changed */
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->database);
  g_free (data->author);
  g_clear_pointer (&data->chosen, g_ptr_array_unref);
  g_clear_pointer (&data->tables, g_hash_table_unref);
  g_free (data);
}

static GTask *
task_new (BdForecastDialog    *self,
          GAsyncReadyCallback  callback)
{
  GTask *task = g_task_new (self, self->cancellable, callback, NULL);
  TaskData *data = g_new0 (TaskData, 1);

  data->database = g_strdup (bd_store_get_path (self->store));
  data->author = g_strdup (bd_store_get_author (self->store));
  data->tables = g_hash_table_new (g_str_hash, g_str_equal);
  g_task_set_task_data (task, data, (GDestroyNotify)task_data_free);
  return task;
}

static void
forecast_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  GPtrArray *forecasts = NULL;
  GError *error = NULL;

  store = bd_store_open_readonly (data->database, &error);
  if (store == NULL || (forecasts = bd_forecast_compute (store, NULL, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, forecasts, (GDestroyNotify)g_ptr_array_unref);
}

static void
thread_store_changed_cb (BdStore            *store,
                         const char * const *tables,
                         GHashTable         *set)
{
  for (guint i = 0; tables != NULL && tables[i] != NULL; i++)
    g_hash_table_add (set, (gpointer)g_intern_string (tables[i]));
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  char *batch = NULL;
  GError *error = NULL;

  store = bd_store_open (data->database, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->author != NULL)
    bd_store_set_author (store, data->author);
  g_signal_connect (store, "changed", G_CALLBACK (thread_store_changed_cb), data->tables);
  if (!bd_forecast_apply (store, data->chosen, &data->n_changed, &batch, &error))
    g_task_return_error (task, error);
  else
    /* an empty batch: nothing changed */
    g_task_return_pointer (task, batch != NULL ? batch : g_strdup (""), g_free);
}

static void
forecast_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BdForecastDialog *self = BD_FORECAST_DIALOG (object);
  g_autoptr(GPtrArray) forecasts = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;
  guint n_left = 0;

  forecasts = g_task_propagate_pointer (G_TASK (result), &error);
  /* the dialog went meanwhile */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;

  self->loading = FALSE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  if (forecasts == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_title (self);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < forecasts->len; i++)
    {
      BdForecast *forecast = g_ptr_array_index (forecasts, i);
      BdForecastChoice *item;

      if (!forecast->has_suggestion)
        {
          n_left++;
          continue;
        }
      /* the item takes the forecast */
      g_ptr_array_index (forecasts, i) = NULL;
      item = bd_forecast_choice_new (forecast);
      g_signal_connect_object (item, "notify::chosen", G_CALLBACK (item_chosen_cb), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (items, item);
    }
  g_ptr_array_set_free_func (forecasts, NULL);
  for (guint i = 0; i < forecasts->len; i++)
    g_clear_pointer (&g_ptr_array_index (forecasts, i), bd_forecast_free);
  g_list_store_splice (self->items, 0, 0, items->pdata, items->len);

  /* Translators: %.1f is the team's service level as a percentage */
  explanation = g_strdup_printf (_("Safety stock for a %.1f%% service level (set for the team in Preferences, Purchasing). The reorder level is "
                                   "the demand forecast over the lead time (the reorder point) plus the safety stock; "
                                   "replenishment fills up to it."),
                                 bd_forecast_service_level (self->store) * 100);
  if (n_left > 0)
    {
      g_autofree char *left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u product without orders or a supplier’s lead time "
                                                            "is not listed.",
                                                            "%u products without orders or a supplier’s lead time "
                                                            "are not listed.", n_left),
                                               n_left);
      g_autofree char *both = g_strconcat (explanation, " ", left, NULL);

      g_free (explanation);
      explanation = g_steal_pointer (&both);
    }
  gtk_label_set_label (self->explanation_label, explanation);

  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
  update_title (self);
  if (items->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
set_busy (BdForecastDialog *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->apply_spinner), busy);
  gtk_spinner_set_spinning (self->apply_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_view), !busy);
  update_title (self);
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdForecastDialog *self = BD_FORECAST_DIALOG (object);
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;

  batch = g_task_propagate_pointer (G_TASK (result), &error);
  /* the window went, and its dialogs with it */
  if (self->store == NULL)
    return;
  set_busy (self, FALSE);
  if (batch == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  /* what the thread's connection wrote, told by the window's store, so
   * that the lists over those tables read them again */
  if (g_hash_table_size (data->tables) > 0 && self->store != NULL)
    {
      g_autofree const char **names = (const char **)g_hash_table_get_keys_as_array (data->tables, NULL);

      bd_store_emit_changed_tables (self->store, names);
    }

  g_signal_emit (self, signals[APPLIED], 0, *batch != '\0' ? batch : NULL, data->n_changed);
  gtk_window_destroy (GTK_WINDOW (self));
}

static BdForecast *
forecast_copy (const BdForecast *forecast)
{
  BdForecast *copy = g_memdup2 (forecast, sizeof *forecast);

  copy->sku = g_strdup (forecast->sku);
  copy->product_name = g_strdup (forecast->product_name);
  return copy;
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BdForecastDialog *self = BD_FORECAST_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  TaskData *data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (self->busy || self->loading)
    return;

  task = task_new (self, apply_done_cb);
  data = g_task_get_task_data (task);
  data->chosen = g_ptr_array_new_with_free_func (bd_forecast_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdForecastChoice) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (item->chosen)
        g_ptr_array_add (data->chosen, forecast_copy (item->forecast));
    }
  if (data->chosen->len == 0)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  /* a write is seen through once begun: it is not cancelled */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, apply_thread);
}

GListModel *
bd_forecast_dialog_get_items (BdForecastDialog *self)
{
  g_return_val_if_fail (BD_IS_FORECAST_DIALOG (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
bd_forecast_dialog_get_loading (BdForecastDialog *self)
{
  g_return_val_if_fail (BD_IS_FORECAST_DIALOG (self), FALSE);
  return self->loading;
}

gboolean
bd_forecast_dialog_get_busy (BdForecastDialog *self)
{
  g_return_val_if_fail (BD_IS_FORECAST_DIALOG (self), FALSE);
  return self->busy;
}

/* What the last Apply could not do, or NULL. */
const char *
bd_forecast_dialog_get_error (BdForecastDialog *self)
{
  g_return_val_if_fail (BD_IS_FORECAST_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

/* A write on its way is seen through: its answer needs the dialog. */
static gboolean
bd_forecast_dialog_close_request (GtkWindow *window)
{
  BdForecastDialog *self = BD_FORECAST_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bd_forecast_dialog_parent_class)->close_request (window);
}

static void
bd_forecast_dialog_dispose (GObject *object)
{
  BdForecastDialog *self = (BdForecastDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_FORECAST_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->items);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_forecast_dialog_parent_class)->dispose (object);
}

static void
bd_forecast_dialog_class_init (BdForecastDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_forecast_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bd_forecast_dialog_close_request;

  /* the batch of the change (NULL when nothing changed), for Undo, and
   * how many products changed */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/purchasing/bd-forecast-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, apply_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdForecastDialog, list_view);

  gtk_widget_class_install_action (widget_class, "forecast.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "forecast.apply", NULL);
}

static void
bd_forecast_dialog_init (BdForecastDialog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (BD_TYPE_FORECAST_CHOICE);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

BdForecastDialog *
bd_forecast_dialog_new (BdStore *store)
{
  BdForecastDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  self = g_object_new (BD_TYPE_FORECAST_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_title (self);
  task = task_new (self, forecast_done_cb);
  g_task_run_in_thread (task, forecast_thread);
  return self;
}
