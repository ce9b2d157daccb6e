/* bd-po-detail.c: one purchase order in the pane beside the list: its
 * dates, lines and what each covers, receipts and history
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-detail"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bd-default-templates.h"
#include "bd-po-detail.h"
#include "bd-po-history.h"
#include "bd-po-status.h"
#include "bd-purchase-orders.h"
#include "bd-refused-banner.h"
#include "bd-util.h"
#include "bd-widget-util.h"

struct _BdPoDetail
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *back_button;
  GtkStack *stack;
  GtkWidget *scroller;
  GtkLabel *number_label;
  GtkLabel *subtitle_label;
  BdRefusedBanner *refused_banner;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkWidget *send_button;
  GtkWidget *confirm_button;
  GtkWidget *receive_button;
  GtkWidget *date_button;
  GtkWidget *cancel_button;
  GtkWidget *mail_button;
  GtkWidget *chase_button;
  AdwActionRow *status_row;
  AdwActionRow *dates_row;
  AdwActionRow *value_row;
  AdwPreferencesGroup *lines_group;
  AdwPreferencesGroup *receipts_group;
  AdwPreferencesGroup *history_group;

  /* Owned references */
  BdStore *store;
  BdPurchaseOrder *po;
  GPtrArray *lines;           /* BdPoLine */
  GPtrArray *rows;            /* GtkWidget *: the rows added to the groups, with their group */
  gint64 po_id;
};

G_DEFINE_FINAL_TYPE (BdPoDetail, bd_po_detail, GTK_TYPE_WIDGET)

static void
add_row (BdPoDetail          *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  g_object_set_data (G_OBJECT (row), "bd-group", group);
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (group, row);
}

static void
clear_rows (BdPoDetail *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "bd-group"), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static char *
money (gboolean    has_value,
       gint64      value,
       const char *currency)
{
  if (!has_value)
    return g_strdup (_("no cost given"));
  return bd_format_money (value, currency);
}

/* A stored time (UTC) as a local date, or a local date as it is. */
static char *
date_text (const char *value)
{
  if (value == NULL)
    return NULL;
  if (strchr (value, 'T') != NULL)
    return bd_format_local_date (value);
  return g_strdup (value);
}

static void
set_line_quantity_cb (GtkButton *button,
                      BdPoDetail *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (button), "bd-spin");
  const char *sku = g_object_get_data (G_OBJECT (button), "bd-sku");

  gtk_widget_activate_action (GTK_WIDGET (self), "po.set-line-quantity", "(si)", sku,
                              gtk_spin_button_get_value_as_int (spin));
}

static GtkWidget *
line_row (BdPoDetail *self,
          BdPoLine   *line)
{
  const char *currency = bd_purchase_order_get_currency (self->po);
  g_autofree char *cost = money (line->has_unit_cost, line->unit_cost, currency);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->sku);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: a PO line: product name, quantity ordered, received, unit cost, quantity covering backorders */
  subtitle = g_strdup_printf (_("%s · %d ordered, %d received · %s each · covers %d"), line->product_name,
                              line->quantity, line->quantity_received, cost, line->covered);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  if (bd_po_status_can_edit_lines (bd_purchase_order_get_status (self->po)))
    {
      GtkWidget *edit = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 1000000, 1);
      GtkWidget *set = gtk_button_new_with_mnemonic (_("_Set"));
      g_autofree char *spin_label = g_strdup_printf (_("Quantity of %s"), line->sku);
      g_autofree char *set_label = g_strdup_printf (_("Set the quantity of %s"), line->sku);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (edit), _("Quantity"));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), line->quantity);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (set, GTK_ALIGN_CENTER);
      gtk_widget_set_name (spin, "bd-quantity");
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, spin_label, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (set), GTK_ACCESSIBLE_PROPERTY_LABEL, set_label, -1);
      g_object_set_data (G_OBJECT (set), "bd-spin", spin);
      g_object_set_data_full (G_OBJECT (set), "bd-sku", g_strdup (line->sku), g_free);
      g_signal_connect_object (set, "clicked", G_CALLBACK (set_line_quantity_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (edit), spin);
      adw_action_row_add_suffix (ADW_ACTION_ROW (edit), set);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), edit);
    }

  for (guint i = 0; i < line->covers->len; i++)
    {
      BdPoCover *cover = g_ptr_array_index (line->covers, i);
      GtkWidget *cover_row = adw_action_row_new ();
      GtkWidget *quantity;
      g_autofree char *text = g_strdup_printf ("%d", cover->quantity);
      /* Translators: what a PO line covers: a backorder line's reference */
      g_autofree char *title = g_strdup_printf (_("Covers %s"), cover->ref);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (cover_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cover_row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (cover_row), cover->customer_name);
      quantity = gtk_label_new (text);
      gtk_widget_add_css_class (quantity, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (cover_row), quantity);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), cover_row);
    }

  if (line->covers->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("Covers no waiting line"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (none), _("What arrives goes to stock"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), none);
    }

  return row;
}

static const char *
action_label (const char *action)
{
  if (g_strcmp0 (action, "po-create") == 0)
    return _("Created");
  if (g_strcmp0 (action, "po-status") == 0)
    return _("Status changed");
  if (g_strcmp0 (action, "po-date") == 0)
    return _("Expected date changed");
  if (g_strcmp0 (action, "po-line") == 0)
    return _("Line quantity changed");
  if (g_strcmp0 (action, "receive") == 0)
    return _("Received");
  if (g_strcmp0 (action, "receive-undo") == 0)
    return _("Receipt undone");
  if (g_strcmp0 (action, "import") == 0)
    return _("Imported");
  if (g_strcmp0 (action, "message") == 0)
    return _("Message to the supplier");
  return action;
}

static const char *
field_label (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "status", N_("Status") },
    { "sent_at", N_("Sent") },
    { "confirmed_at", N_("Confirmed") },
    { "confirmed_date", N_("Confirmed for") },
    { "expected_at", N_("Expected") },
    { "received_at", N_("Received") },
    { "cancelled_at", N_("Cancelled") },
    { "quantity", N_("Quantity") },
    { "quantity_received", N_("Quantity received") },
    { "deleted", N_("Undone") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (field, labels[i].field) == 0)
      return _(labels[i].label);
  return field ? field : "";
}

static char *
value_text (const char *field,
            const char *value)
{
  if (value == NULL)
    return g_strdup ("—");
  if (g_strcmp0 (field, "status") == 0 && bd_po_status_is_valid (value))
    return g_strdup (bd_po_status_label (value));
  if (g_str_has_suffix (field, "_at") && strchr (value, 'T') != NULL)
    return bd_format_local_datetime (value);
  return g_strdup (value);
}

static const char *
message_status_label (const char *status)
{
  if (g_strcmp0 (status, "sent") == 0)
    return _("Sent by email");
  if (g_strcmp0 (status, "saved") == 0)
    return _("Saved as an .eml file");
  if (g_strcmp0 (status, "failed") == 0)
    return _("Not sent");
  if (g_strcmp0 (status, "unknown") == 0)
    return _("May have gone out");
  if (g_strcmp0 (status, "handed_to_client") == 0)
    return _("Handed to the mail program");
  return _("Sending");
}

/* A message to the supplier: which kind, and what came of it. */
static GtkWidget *
message_row (BdHistoryEntry *entry)
{
  const BdTemplateKind *kind = bd_template_kind_find (entry->subject);
  g_autofree char *when = bd_format_local_datetime (entry->at);
  /* Translators: a PO's history: a message of this kind to the supplier, when */
  g_autofree char *title = g_strdup_printf (_("Message to the supplier · %s · %s"),
                                            kind != NULL ? _(kind->label) : "", when);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (entry->author != NULL && entry->author[0] != '\0')
    subtitle = g_strdup_printf ("%s\n%s", message_status_label (entry->new_value), entry->author);
  else
    subtitle = g_strdup (message_status_label (entry->new_value));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
history_row (BdHistoryEntry *entry)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autofree char *when = bd_format_local_datetime (entry->at);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (entry->subject != NULL)
    /* Translators: a history entry: what was done, to which SKU, when */
    title = g_strdup_printf (_("%s · %s · %s"), action_label (entry->action), entry->subject, when);
  else
    title = g_strdup_printf (_("%s · %s"), action_label (entry->action), when);

  for (guint i = 0; i < entry->changes->len; i++)
    {
      BdHistoryChange *change = g_ptr_array_index (entry->changes, i);
      g_autofree char *old_value = value_text (change->field, change->old_value);
      g_autofree char *new_value = value_text (change->field, change->new_value);

      if (changes->len > 0)
        g_string_append_c (changes, '\n');
      /* Translators: a change in a PO's history: what, old value, new value */
      g_string_append_printf (changes, _("%s: %s → %s"), field_label (change->field), old_value, new_value);
    }
  if (entry->author != NULL && entry->author[0] != '\0')
    g_string_append_printf (changes, "\n%s", entry->author);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), changes->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
receipt_row (BdPoReceiptEntry *entry)
{
  g_autofree char *when = bd_format_local_datetime (entry->received_at);
  /* Translators: a receipt: quantity × SKU, when */
  g_autofree char *title = g_strdup_printf (_("%d × %s · %s"), entry->quantity, entry->sku, when);
  /* Translators: a receipt: who booked it, the allocation policy, units to backorders, units to stock */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %d to waiting orders, %d to stock"),
                                               entry->author, entry->policy ? entry->policy : "—",
                                               entry->allocated, entry->to_stock);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
note_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
show_po (BdPoDetail *self)
{
  BdPurchaseOrder *po = self->po;
  const char *status = bd_purchase_order_get_status (po);
  const char *expected = bd_purchase_order_get_expected_at (po);
  const char *confirmed = bd_purchase_order_get_confirmed_date (po);
  g_autoptr(GPtrArray) receipts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) dates = g_string_new (NULL);
  g_autofree char *ordered = date_text (bd_purchase_order_get_ordered_at (po));
  g_autofree char *sent = date_text (bd_purchase_order_get_sent_at (po));
  g_autofree char *received = date_text (bd_purchase_order_get_received_at (po));
  g_autofree char *cancelled = date_text (bd_purchase_order_get_cancelled_at (po));
  g_autofree char *subtitle = NULL;
  g_autofree char *value = NULL;
  gboolean open = bd_po_status_is_open (status);

  gtk_label_set_label (self->number_label, bd_purchase_order_get_number (po));
  /* Translators: supplier name (reference) · PO status */
  subtitle = g_strdup_printf (_("%s (%s) · %s"), bd_purchase_order_get_supplier_name (po),
                              bd_purchase_order_get_supplier_ref (po), bd_po_status_label (status));
  gtk_label_set_label (self->subtitle_label, subtitle);
  bd_refused_banner_set_reason (self->refused_banner, bd_purchase_order_get_refused_reason (po));

  /* the buttons for the moves the state machine allows; the actions
   * behind them still ask the store, which says why a move is refused */
  gtk_widget_set_visible (self->send_button, bd_po_status_why_not_by_hand (status, "sent") == NULL);
  gtk_widget_set_visible (self->confirm_button, bd_po_status_why_not_by_hand (status, "confirmed") == NULL);
  gtk_widget_set_visible (self->cancel_button, bd_po_status_why_not_by_hand (status, "cancelled") == NULL);
  gtk_widget_set_visible (self->receive_button, open && g_strcmp0 (status, "draft") != 0);
  gtk_widget_set_visible (self->date_button, bd_po_status_can_set_expected (status));
  gtk_widget_set_visible (self->mail_button, open);
  /* a reminder is for what the supplier has not confirmed yet */
  gtk_widget_set_visible (self->chase_button, g_strcmp0 (status, "sent") == 0);

  adw_action_row_set_subtitle (self->status_row, bd_po_status_label (status));
  g_string_append_printf (dates, _("Ordered %s"), ordered);
  if (sent != NULL)
    g_string_append_printf (dates, _(" · sent %s"), sent);
  if (confirmed != NULL)
    g_string_append_printf (dates, _(" · confirmed for %s"), confirmed);
  if (expected != NULL)
    g_string_append_printf (dates, _(" · expected %s"), expected);
  if (received != NULL)
    g_string_append_printf (dates, _(" · received %s"), received);
  if (cancelled != NULL)
    g_string_append_printf (dates, _(" · cancelled %s"), cancelled);
  adw_action_row_set_subtitle (self->dates_row, dates->str);
  value = money (bd_purchase_order_get_has_value (po), bd_purchase_order_get_value (po),
                 bd_purchase_order_get_currency (po));
  adw_action_row_set_subtitle (self->value_row, value);

  clear_rows (self);
  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    add_row (self, self->lines_group, line_row (self, g_ptr_array_index (self->lines, i)));

  receipts = bd_po_history_receipts (self->store, self->po_id, &error);
  if (receipts == NULL)
    add_row (self, self->receipts_group, note_row (error->message));
  else if (receipts->len == 0)
    add_row (self, self->receipts_group, note_row (_("Nothing received yet")));
  else
    for (guint i = 0; i < receipts->len; i++)
      add_row (self, self->receipts_group, receipt_row (g_ptr_array_index (receipts, i)));
  g_clear_error (&error);

  history = bd_po_history_list (self->store, self->po_id, &error);
  if (history == NULL)
    add_row (self, self->history_group, note_row (error->message));
  else
    /* newest first, as the queue's line history */
    for (guint i = history->len; i > 0; i--)
      {
        BdHistoryEntry *entry = g_ptr_array_index (history, i - 1);

        /* a message's first step ("sending") is told by its last */
        if (g_strcmp0 (entry->action, "message") == 0)
          {
            if (g_strcmp0 (entry->new_value, "sending") != 0)
              add_row (self, self->history_group, message_row (entry));
            continue;
          }
        add_row (self, self->history_group, history_row (entry));
      }
}

/* Shows the PO @po_id of @store, or none (0). */
void
bd_po_detail_show (BdPoDetail *self,
                   BdStore    *store,
                   gint64      po_id)
{
  g_return_if_fail (BD_IS_PO_DETAIL (self));

  if (po_id != self->po_id)
    bd_po_detail_show_error (self, NULL);

  g_set_object (&self->store, store);
  self->po_id = store != NULL ? po_id : 0;
  bd_po_detail_reload (self);
}

/* Reads the PO again: after a change of the store. */
void
bd_po_detail_reload (BdPoDetail *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BD_IS_PO_DETAIL (self));

  g_clear_object (&self->po);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  if (self->po_id != 0)
    {
      self->po = bd_purchase_order_load (self->store, self->po_id, &error);
      if (self->po != NULL)
        self->lines = bd_purchase_orders_load_lines (self->store, self->po_id, &error);
    }

  if (self->po == NULL || self->lines == NULL)
    {
      clear_rows (self);
      if (error != NULL)
        bd_po_detail_show_error (self, error->message);
      g_clear_object (&self->po);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  show_po (self);
  gtk_stack_set_visible_child_name (self->stack, "po");
}

BdPurchaseOrder *
bd_po_detail_get_po (BdPoDetail *self)
{
  g_return_val_if_fail (BD_IS_PO_DETAIL (self), NULL);
  return self->po;
}

/* The lines of the PO shown (BdPoLine), or NULL. */
GPtrArray *
bd_po_detail_get_lines (BdPoDetail *self)
{
  g_return_val_if_fail (BD_IS_PO_DETAIL (self), NULL);
  return self->lines;
}

/* Shows what the store refused, or hides it (NULL). */
void
bd_po_detail_show_error (BdPoDetail *self,
                         const char *message)
{
  g_return_if_fail (BD_IS_PO_DETAIL (self));

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  /* hidden too: the box's spacing around an empty revealer is a gap */
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), message != NULL);
}

const char *
bd_po_detail_get_error (BdPoDetail *self)
{
  g_return_val_if_fail (BD_IS_PO_DETAIL (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

/* While a change of the PO runs, its lines' quantities cannot be set
 * (the page turns its actions off for the buttons). */
void
bd_po_detail_set_busy (BdPoDetail *self,
                       gboolean    busy)
{
  g_return_if_fail (BD_IS_PO_DETAIL (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->lines_group), !busy);
}

void
bd_po_detail_set_folded (BdPoDetail *self,
                         gboolean    folded)
{
  g_return_if_fail (BD_IS_PO_DETAIL (self));
  gtk_widget_set_visible (self->back_button, folded);
}

static void
dismiss_error_cb (BdPoDetail *self)
{
  bd_po_detail_show_error (self, NULL);
}

static void
bd_po_detail_dispose (GObject *object)
{
  BdPoDetail *self = BD_PO_DETAIL (object);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_PO_DETAIL);
  g_clear_object (&self->po);
  g_clear_object (&self->store);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_po_detail_parent_class)->dispose (object);
}

static void
bd_po_detail_finalize (GObject *object)
{
  BdPoDetail *self = BD_PO_DETAIL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_po_detail_parent_class)->finalize (object);
}

static void
bd_po_detail_class_init (BdPoDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_po_detail_dispose;
  object_class->finalize = bd_po_detail_finalize;

  g_type_ensure (BD_TYPE_REFUSED_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/backorderdesk/BackorderDesk/purchasing/bd-po-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, number_label);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, refused_banner);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, send_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, receive_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, date_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, mail_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, chase_button);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, status_row);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, dates_row);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, value_row);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, lines_group);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, receipts_group);
  gtk_widget_class_bind_template_child (widget_class, BdPoDetail, history_group);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_error_cb);
}

static void
bd_po_detail_init (BdPoDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
