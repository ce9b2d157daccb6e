/* bd-suppliers-page.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-suppliers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-compose-dialog.h"
#include "bd-link-dialog.h"
#include "bd-po-status.h"
#include "bd-purchasing-tasks.h"
#include "bd-refused-banner.h"
#include "bd-supplier-dialog.h"
#include "bd-suppliers-page.h"
#include "bd-util.h"
#include "bd-widget-util.h"

/* The Suppliers page: the suppliers beside the one picked (its contact,
 * what it has to be chased for, how reliably it delivered over the last
 * 365 days, its products and their terms, its purchase orders), in a
 * leaflet. A shop has tens of suppliers, a few hundred at most: they are
 * read whole, on a thread, into a GListStore that a filter (search, to
 * chase, archived) narrows. */

struct _BdSuppliersPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkSearchEntry *search_entry;
  GtkWidget *chase_toggle;
  GtkWidget *chase_all_button;
  GtkStack *list_stack;
  GtkSpinner *list_spinner;
  AdwStatusPage *none_match_page;
  GtkListBox *list_box;
  GtkStack *detail_stack;
  GtkSpinner *detail_spinner;
  AdwStatusPage *detail_error_page;
  GtkWidget *back_button;
  GtkLabel *name_label;
  GtkLabel *ref_label;
  BdRefusedBanner *refused_banner;
  GtkWidget *edit_button;
  GtkWidget *archive_button;
  GtkWidget *restore_button;
  AdwPreferencesGroup *chase_group;
  GtkWidget *chase_supplier_button;
  AdwActionRow *contact_row;
  AdwActionRow *email_row;
  AdwActionRow *phone_row;
  AdwActionRow *lead_time_row;
  AdwActionRow *minimum_row;
  AdwPreferencesGroup *reliability_group;
  AdwActionRow *on_time_row;
  AdwActionRow *mean_late_row;
  AdwActionRow *p90_late_row;
  AdwPreferencesGroup *products_group;
  AdwPreferencesGroup *pos_group;

  /* Owned references */
  BdStore *store;
  GListStore *suppliers;        /* BdSupplier, all of them */
  GtkFilterListModel *shown;
  GtkCustomFilter *filter;
  GCancellable *list_cancellable;
  GCancellable *detail_cancellable;
  BdSupplierDetail *detail;
  GPtrArray *detail_rows;       /* GtkWidget: rows added to the groups, to take out again */
  GPtrArray *product_rows;      /* GtkWidget: the same, of the products group */
  GPtrArray *chase_checks;      /* GtkCheckButton: one a PO to chase, in the detail's order */
  GtkSearchEntry *product_search;
  char *filter_mode;            /* "all", "chase", "archived" */
  char *selected_ref;
  char *list_error;             /* why the suppliers could not be read */

  guint n_pos_to_chase;         /* of every supplier, archived too */
  guint loading;                /* reads on their way */
  guint writing;                /* writes on their way */
  gboolean loaded;              /* the list was read once */
};

G_DEFINE_FINAL_TYPE (BdSuppliersPage, bd_suppliers_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_detail (BdSuppliersPage *self);
static void update_actions (BdSuppliersPage *self);

/* A stored date or time as the local date, or NULL. */
static char *
day_text (const char *stored)
{
  gint64 day;

  if (stored == NULL || !bd_local_day (stored, &day))
    return NULL;
  return bd_day_to_date (day);
}

/* "3 open POs · 1 to chase · next 2026-12-04 · 92% on time" */
static char *
supplier_summary (BdSupplier *supplier)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint open = bd_supplier_get_open_pos (supplier);
  guint chase = bd_supplier_get_pos_to_chase (supplier);
  const char *next = bd_supplier_get_next_expected (supplier);
  double rate = bd_supplier_get_on_time_rate (supplier);

  if (bd_supplier_get_archived (supplier))
    g_ptr_array_add (parts, g_strdup (_("Archived")));
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open PO", "%u open POs", open), open));
  if (chase > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to chase", "%u to chase", chase),
                                             chase));
  if (next != NULL)
    {
      g_autofree char *day = day_text (next);

      /* Translators: %s is the date of the next delivery a supplier confirmed or is expected to make */
      g_ptr_array_add (parts, g_strdup_printf (_("next %s"), day != NULL ? day : next));
    }
  if (rate >= 0)
    /* Translators: a supplier's share of PO lines received on time */
    g_ptr_array_add (parts, g_strdup_printf (_("%.0f%% on time"), rate * 100));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  BdSupplier *supplier = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (bd_supplier_get_name (supplier));
  GtkWidget *ref = gtk_label_new (bd_supplier_get_ref (supplier));
  g_autofree char *text = supplier_summary (supplier);
  GtkWidget *summary = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (ref, "dim-label");
  gtk_widget_add_css_class (ref, "caption");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), ref);

  if (bd_supplier_get_pos_to_chase (supplier) > 0 && !bd_supplier_get_archived (supplier))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_tooltip_text (icon, _("Purchase orders to chase"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Purchase orders to chase"), -1);
      gtk_box_append (GTK_BOX (top), icon);
    }
  if (bd_supplier_get_refused_reason (supplier) != NULL)
    {
      GtkWidget *marker = bd_refused_marker_new ();

      bd_refused_marker_set_reason (marker, bd_supplier_get_refused_reason (supplier));
      gtk_box_append (GTK_BOX (top), marker);
    }

  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_add_css_class (summary, "caption");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, summary, NULL, -1);
  g_object_set_data_full (G_OBJECT (row), "bd-ref", g_strdup (bd_supplier_get_ref (supplier)), g_free);
  return row;
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  BdSuppliersPage *self = user_data;
  BdSupplier *supplier = item;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean archived = bd_supplier_get_archived (supplier);

  if (g_strcmp0 (self->filter_mode, "archived") == 0 ? !archived : archived)
    return FALSE;
  if (g_strcmp0 (self->filter_mode, "chase") == 0 && bd_supplier_get_pos_to_chase (supplier) == 0)
    return FALSE;

  if (search != NULL && *search != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (search, -1);
      const char *fields[] = { bd_supplier_get_name (supplier), bd_supplier_get_ref (supplier),
                               bd_supplier_get_contact_name (supplier), bd_supplier_get_email (supplier) };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_autofree char *hay = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

          if (hay != NULL && strstr (hay, needle) != NULL)
            return TRUE;
        }
      return FALSE;
    }

  return TRUE;
}

static GtkListBoxRow *
find_row (BdSuppliersPage *self,
          const char      *ref)
{
  GtkListBoxRow *row;

  for (guint i = 0; ref != NULL && (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "bd-ref"), ref) == 0)
      return row;
  return NULL;
}

/* Which of the list's pages shows: loading, empty, nothing matches, the list. */
static void
update_list_stack (BdSuppliersPage *self)
{
  const char *page;
  gboolean none_match = FALSE;

  if (!self->loaded)
    page = "loading";
  else if (self->list_error != NULL)
    {
      /* the page that says nothing is listed, saying why */
      page = "none-match";
      adw_status_page_set_title (self->none_match_page, _("Could Not Read the Suppliers"));
      adw_status_page_set_description (self->none_match_page, self->list_error);
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->suppliers)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->shown)) == 0)
    {
      page = "none-match";
      none_match = TRUE;
    }
  else
    page = "list";

  if (none_match)
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      if (search != NULL && *search != '\0')
        adw_status_page_set_description (self->none_match_page, _("No supplier has this name, reference or contact."));
      else if (g_strcmp0 (self->filter_mode, "chase") == 0)
        adw_status_page_set_description (self->none_match_page,
                                         _("Every purchase order sent is confirmed, and none is late."));
      else if (g_strcmp0 (self->filter_mode, "archived") == 0)
        adw_status_page_set_description (self->none_match_page, _("No supplier is archived."));
      else
        adw_status_page_set_description (self->none_match_page, NULL);
      adw_status_page_set_title (self->none_match_page,
                                 g_strcmp0 (self->filter_mode, "chase") == 0 && (search == NULL || *search == '\0')
                                 ? _("Nothing to Chase") : _("No Matching Suppliers"));
    }

  gtk_spinner_set_spinning (self->list_spinner, !self->loaded);
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

/* After the list or its filter changed: the supplier shown stays
 * selected while it is listed. */
static void
reselect (BdSuppliersPage *self)
{
  GtkListBoxRow *row = find_row (self, self->selected_ref);

  update_list_stack (self);
  if (row != NULL && gtk_list_box_get_selected_row (self->list_box) != row)
    gtk_list_box_select_row (self->list_box, row);
}

static void
refilter (BdSuppliersPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  reselect (self);
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdSuppliersPage) self = user_data;
  g_autoptr(GPtrArray) suppliers = NULL;
  g_autoptr(GError) error = NULL;

  self->loading--;
  suppliers = bd_purchasing_list_suppliers_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->list_error, g_free);
  if (suppliers == NULL)
    {
      self->list_error = g_strdup (error->message);
      suppliers = g_ptr_array_new ();
    }

  self->loaded = TRUE;
  {
    guint chase = 0;
    g_autofree char *label = NULL;

    self->n_pos_to_chase = 0;
    for (guint i = 0; i < suppliers->len; i++)
      {
        BdSupplier *supplier = g_ptr_array_index (suppliers, i);

        self->n_pos_to_chase += bd_supplier_get_pos_to_chase (supplier);
        if (!bd_supplier_get_archived (supplier) && bd_supplier_get_pos_to_chase (supplier) > 0)
          chase++;
      }
    /* Translators: the filter of suppliers with POs to chase, and how many there are */
    label = chase > 0 ? g_strdup_printf (_("To Chase (%u)"), chase) : g_strdup (_("To Chase"));
    gtk_button_set_label (GTK_BUTTON (self->chase_toggle), label);
  }
  g_list_store_splice (self->suppliers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->suppliers)),
                       suppliers->pdata, suppliers->len);
  reselect (self);
  update_actions (self);
}

static void
load_list (BdSuppliersPage *self)
{
  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->loading++;
  update_list_stack (self);
  bd_purchasing_list_suppliers_async (self->store, self->list_cancellable, list_done_cb, g_object_ref (self));
}

static void
clear_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (BdSuppliersPage     *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (group == self->products_group ? self->product_rows : self->detail_rows, row);
  return row;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : _("Not known"));
}

static char *
chase_text (const BdChaseEntry *entry)
{
  g_autofree char *since = day_text (entry->since);

  if (entry->reason == BD_CHASE_UNCONFIRMED)
    /* Translators: %s is a date, %d a number of days */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %s, not confirmed after %d day",
                                         "Sent %s, not confirmed after %d days", entry->days),
                            since != NULL ? since : entry->since, entry->days);
  /* Translators: %s is a date, %d a number of days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due %s, %d day late, not fully received",
                                       "Due %s, %d days late, not fully received", entry->days),
                          since != NULL ? since : entry->since, entry->days);
}

static char *
product_text (const BdSupplierProduct *product,
              int                      supplier_lead_time)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  int lead = product->lead_time_days >= 0 ? product->lead_time_days : supplier_lead_time;
  int pack = product->pack_size >= 0 ? product->pack_size : product->product_pack_size;

  if (product->has_unit_cost)
    {
      g_autofree char *cost = bd_format_money (product->unit_cost, product->currency);

      /* Translators: %s is a unit cost with its currency */
      g_ptr_array_add (parts, g_strdup_printf (_("%s each"), cost));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("no cost")));
  if (lead >= 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day lead time",
                                                          "%d days lead time", lead), lead));
  if (product->moq > 0)
    /* Translators: MOQ is the minimum order quantity */
    g_ptr_array_add (parts, g_strdup_printf (_("MOQ %d"), product->moq));
  if (pack > 1)
    g_ptr_array_add (parts, g_strdup_printf (_("packs of %d"), pack));
  if (product->preferred)
    g_ptr_array_add (parts, g_strdup (_("preferred")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static char *
po_text (const BdSupplierPo *po)
{
  g_autofree char *ordered = day_text (po->ordered_at);
  g_autofree char *expected = day_text (po->confirmed_date != NULL ? po->confirmed_date : po->expected_at);
  g_autofree char *value = bd_format_money (po->value, po->currency);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, g_strdup (bd_po_status_label (po->status)));
  if (ordered != NULL)
    /* Translators: %s is a date */
    g_ptr_array_add (parts, g_strdup_printf (_("ordered %s"), ordered));
  if (expected != NULL)
    /* Translators: %s is a date */
    g_ptr_array_add (parts, g_strdup_printf (_("expected %s"), expected));
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", po->lines),
                                           po->lines));
  g_ptr_array_add (parts, g_steal_pointer (&value));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

/* A big shop's supplier delivers thousands of products: the pane shows
 * the first of those the search above them matches, and says how many
 * more there are. */
#define MAX_ROWS 100

static void
show_products (BdSuppliersPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->product_search));
  g_autofree char *needle = search != NULL && *search != '\0' ? g_utf8_casefold (search, -1) : NULL;
  int lead = bd_supplier_get_lead_time_days (self->detail->supplier);
  guint shown = 0, more = 0;

  clear_rows (self->product_rows);

  if (self->detail->products->len == 0)
    add_row (self, self->products_group, _("No products"), _("Import product_suppliers.csv to say what it delivers."));
  for (guint i = 0; i < self->detail->products->len; i++)
    {
      BdSupplierProduct *product = g_ptr_array_index (self->detail->products, i);
      g_autofree char *title = g_strdup_printf ("%s — %s", product->sku, product->product_name);
      g_autofree char *text = NULL;
      GtkWidget *row, *button;
      g_autofree char *label = NULL;

      if (needle != NULL)
        {
          g_autofree char *hay = g_utf8_casefold (title, -1);

          if (strstr (hay, needle) == NULL)
            continue;
        }
      if (shown == MAX_ROWS)
        {
          more++;
          continue;
        }
      shown++;

      text = product_text (product, lead);
      row = add_row (self, self->products_group, title, text);
      button = gtk_button_new_from_icon_name ("document-edit-symbolic");
      /* Translators: %s is an SKU */
      label = g_strdup_printf (_("Edit the terms of %s"), product->sku);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", product->sku);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "suppliers.edit-link");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }

  if (more > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more product",
                                                             "And %u more products", more), more);

      add_row (self, self->products_group, title, _("Search to find the one you want."));
    }
  else if (shown == 0 && self->detail->products->len > 0)
    add_row (self, self->products_group, _("No product matches the search"), NULL);
}

static void
product_search_changed_cb (BdSuppliersPage *self)
{
  if (self->detail != NULL)
    show_products (self);
}

static void
show_detail (BdSuppliersPage *self)
{
  BdSupplierDetail *detail = self->detail;
  BdSupplier *supplier = detail->supplier;
  BdSupplierReliability *reliability = detail->reliability;
  int lead = bd_supplier_get_lead_time_days (supplier);
  g_autofree char *lead_text = NULL;
  g_autofree char *minimum = NULL;
  g_autofree char *on_time = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *p90 = NULL;
  g_autofree char *description = NULL;
  g_autofree char *ref = NULL;

  clear_rows (self->detail_rows);

  gtk_label_set_label (self->name_label, bd_supplier_get_name (supplier));
  ref = bd_supplier_get_archived (supplier)
        /* Translators: %s is a supplier's reference */
        ? g_strdup_printf (_("%s · archived"), bd_supplier_get_ref (supplier))
        : g_strdup (bd_supplier_get_ref (supplier));
  gtk_label_set_label (self->ref_label, ref);
  bd_refused_banner_set_reason (self->refused_banner, bd_supplier_get_refused_reason (supplier));

  set_subtitle (self->contact_row, bd_supplier_get_contact_name (supplier));
  set_subtitle (self->email_row, bd_supplier_get_email (supplier));
  set_subtitle (self->phone_row, bd_supplier_get_phone (supplier));
  if (lead >= 0)
    lead_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", lead), lead);
  set_subtitle (self->lead_time_row, lead_text);
  if (bd_supplier_get_minimum_order (supplier) >= 0)
    minimum = bd_format_money (bd_supplier_get_minimum_order (supplier), detail->currency);
  set_subtitle (self->minimum_row, minimum);

  /* Translators: the two dates a supplier's reliability is counted between */
  description = g_strdup_printf (_("PO lines received from %s to %s"), reliability->since, reliability->until);
  adw_preferences_group_set_description (self->reliability_group, description);
  if (reliability->lines == 0)
    {
      on_time = g_strdup (_("No PO line received in these days"));
      mean = g_strdup ("—");
      p90 = g_strdup ("—");
    }
  else
    {
      on_time = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f%% · %u of %u line by the date confirmed",
                                              "%.0f%% · %u of %u lines by the date confirmed", reliability->lines),
                                 reliability->on_time_rate * 100, reliability->on_time, reliability->lines);
      mean = g_strdup_printf ("%.1f", reliability->mean_days_late);
      p90 = g_strdup_printf ("%d", reliability->p90_days_late);
    }
  adw_action_row_set_subtitle (self->on_time_row, on_time);
  adw_action_row_set_subtitle (self->mean_late_row, mean);
  adw_action_row_set_subtitle (self->p90_late_row, p90);

  if (detail->chase->len == 0)
    add_row (self, self->chase_group, _("Nothing to chase"),
             _("Every purchase order sent is confirmed, and none is late."));
  g_ptr_array_set_size (self->chase_checks, 0);
  for (guint i = 0; i < detail->chase->len; i++)
    {
      BdChaseEntry *entry = g_ptr_array_index (detail->chase, i);
      g_autofree char *text = chase_text (entry);
      /* Translators: %s is a purchase order's number */
      g_autofree char *include = g_strdup_printf (_("Chase %s"), entry->po_number);
      GtkWidget *row = add_row (self, self->chase_group, entry->po_number, text);
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");
      GtkWidget *check = gtk_check_button_new ();

      /* which of them Chase… writes to: all, until the clerk leaves some out */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, include);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, include, -1);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      g_ptr_array_add (self->chase_checks, check);

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("To chase"), -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", entry->po_number);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "suppliers.show-po");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }

  show_products (self);

  if (detail->pos->len == 0)
    add_row (self, self->pos_group, _("No purchase orders"), NULL);
  for (guint i = 0; i < MIN (detail->pos->len, MAX_ROWS); i++)
    {
      BdSupplierPo *po = g_ptr_array_index (detail->pos, i);
      g_autofree char *text = po_text (po);
      GtkWidget *row = add_row (self, self->pos_group, po->number, text);

      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", po->number);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "suppliers.show-po");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }

  if (detail->pos->len > MAX_ROWS)
    {
      guint more = detail->pos->len - MAX_ROWS;
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u older purchase order",
                                                             "And %u older purchase orders", more), more);

      add_row (self, self->pos_group, title, NULL);
    }

  gtk_widget_set_visible (self->archive_button, !bd_supplier_get_archived (supplier));
  gtk_widget_set_visible (self->restore_button, bd_supplier_get_archived (supplier));
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
detail_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BdSuppliersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  BdSupplierDetail *detail;

  self->loading--;
  detail = bd_purchasing_load_detail_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->detail_spinner, FALSE);
  g_clear_pointer (&self->detail, bd_supplier_detail_free);
  self->detail = detail;
  if (detail == NULL)
    {
      adw_status_page_set_description (self->detail_error_page, error->message);
      gtk_stack_set_visible_child_name (self->detail_stack, "error");
    }
  else
    show_detail (self);
  update_actions (self);
}

static void
load_detail (BdSuppliersPage *self)
{
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);

  if (self->selected_ref == NULL || self->store == NULL)
    {
      g_clear_pointer (&self->detail, bd_supplier_detail_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      update_actions (self);
      return;
    }

  self->detail_cancellable = g_cancellable_new ();
  self->loading++;
  /* the supplier shown stays while it is read again after a change */
  if (self->detail == NULL || g_strcmp0 (bd_supplier_get_ref (self->detail->supplier), self->selected_ref) != 0)
    {
      g_clear_pointer (&self->detail, bd_supplier_detail_free);
      gtk_spinner_set_spinning (self->detail_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->detail_stack, "loading");
    }
  bd_purchasing_load_detail_async (self->store, self->selected_ref, self->detail_cancellable, detail_done_cb,
                                   g_object_ref (self));
  update_actions (self);
}

static void
row_selected_cb (BdSuppliersPage *self,
                 GtkListBoxRow   *row)
{
  const char *ref;

  /* a row taken out by the filter does not unselect the supplier shown */
  if (row == NULL)
    return;
  ref = g_object_get_data (G_OBJECT (row), "bd-ref");
  if (g_strcmp0 (ref, self->selected_ref) == 0 && self->detail != NULL)
    return;
  g_free (self->selected_ref);
  self->selected_ref = g_strdup (ref);
  load_detail (self);
}

static void
row_activated_cb (BdSuppliersPage *self,
                  GtkListBoxRow   *row)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_stack));
}

static void
search_changed_cb (BdSuppliersPage *self)
{
  refilter (self);
}

static void
folded_changed_cb (BdSuppliersPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
}

/* The numbers of the POs to chase whose box is ticked. */
static GPtrArray *
chase_chosen (BdSuppliersPage *self)
{
  GPtrArray *numbers = g_ptr_array_new ();

  if (self->detail == NULL || self->chase_checks == NULL)
    return numbers;
  for (guint i = 0; i < self->chase_checks->len && i < self->detail->chase->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->chase_checks, i)))
      g_ptr_array_add (numbers, ((BdChaseEntry *)g_ptr_array_index (self->detail->chase, i))->po_number);
  return numbers;
}

static void
update_actions (BdSuppliersPage *self)
{
  gboolean writable = self->store != NULL && !bd_store_is_read_only (self->store);
  gboolean shown = self->detail != NULL;
  g_autoptr(GPtrArray) chosen = chase_chosen (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.new", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.edit", writable && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.archive",
                                 writable && shown && !bd_supplier_get_archived (self->detail->supplier));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.restore",
                                 writable && shown && bd_supplier_get_archived (self->detail->supplier));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.edit-link", writable && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.add-link", writable && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.chase", writable && chosen->len > 0);
  if (shown && chosen->len < self->detail->chase->len)
    {
      /* Translators: the button that chases the POs ticked, and how many */
      g_autofree char *label = g_strdup_printf (_("_Chase %u…"), chosen->len);

      gtk_button_set_label (GTK_BUTTON (self->chase_supplier_button), label);
    }
  else
    gtk_button_set_label (GTK_BUTTON (self->chase_supplier_button), _("_Chase All…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppliers.chase-all", writable && self->n_pos_to_chase > 0);
  gtk_widget_set_visible (self->chase_all_button, g_strcmp0 (self->filter_mode, "chase") == 0);
  gtk_widget_set_visible (self->chase_supplier_button, shown && self->detail->chase->len > 0);
}

/* Errors of what the clerk asked for: a dialog that says what failed and
 * why, over the window. */
static void
show_error (BdSuppliersPage *self,
            const char      *heading,
            const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (BdSuppliersPage *self,
            const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

typedef struct
{
  BdSuppliersPage *self;
  BdSupplierWriteKind kind;
  char *name;
} WriteData;

static void
archive_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WriteData *data = user_data;
  g_autoptr(BdSuppliersPage) self = data->self;
  g_autofree char *name = data->name;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean archive = data->kind == BD_SUPPLIER_WRITE_ARCHIVE;

  g_free (data);
  self->writing--;

  if (!bd_purchasing_write_finish (result, &error))
    {
      /* Translators: %s is a supplier's name */
      g_autofree char *heading = g_strdup_printf (archive ? _("Could Not Archive “%s”") : _("Could Not Restore “%s”"),
                                                  name);

      show_error (self, heading, error->message);
      return;
    }

  /* Translators: %s is a supplier's name */
  text = g_strdup_printf (archive ? _("“%s” archived") : _("“%s” restored"), name);
  show_toast (self, text);
}

static void
write_archived (BdSuppliersPage     *self,
                BdSupplierWriteKind  kind)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->self = g_object_ref (self);
  data->kind = kind;
  data->name = g_strdup (bd_supplier_get_name (self->detail->supplier));
  self->writing++;
  bd_purchasing_write_async (self->store, bd_supplier_write_new (kind, bd_supplier_get_ref (self->detail->supplier)),
                             archive_done_cb, data);
}

static void
archive_response_cb (BdSuppliersPage *self,
                     const char      *response)
{
  if (g_str_equal (response, "archive") && self->detail != NULL)
    write_archived (self, BD_SUPPLIER_WRITE_ARCHIVE);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->detail == NULL)
    return;

  /* Translators: %s is a supplier's name */
  heading = g_strdup_printf (_("Archive “%s”?"), bd_supplier_get_name (self->detail->supplier));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("An archived supplier is offered for no new purchase order and is no longer "
                                     "any product’s preferred supplier. Its history stays, and it can be restored."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "archive", _("_Archive"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (archive_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);

  if (self->detail != NULL)
    write_archived (self, BD_SUPPLIER_WRITE_RESTORE);
}

static void
supplier_saved_cb (BdSuppliersPage *self,
                   const char      *ref)
{
  if (g_strcmp0 (ref, self->selected_ref) != 0)
    {
      g_free (self->selected_ref);
      self->selected_ref = g_strdup (ref);
      /* a new supplier is in use: the list it shows on */
      if (g_strcmp0 (self->filter_mode, "archived") == 0)
        g_object_set (self, "filter", "all", NULL);
      load_detail (self);
    }
}

static void
open_supplier_dialog (BdSuppliersPage *self,
                      BdSupplier      *supplier)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BdSupplierDialog *dialog = bd_supplier_dialog_new (self->store, supplier);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (supplier_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_supplier_dialog (BD_SUPPLIERS_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);

  if (self->detail != NULL)
    open_supplier_dialog (self, self->detail->supplier);
}

static void
edit_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);
  const char *sku = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->detail == NULL)
    return;

  for (guint i = 0; i < self->detail->products->len; i++)
    {
      BdSupplierProduct *product = g_ptr_array_index (self->detail->products, i);

      if (g_str_equal (product->sku, sku))
        {
          BdLinkDialog *dialog = bd_link_dialog_new (self->store, self->detail->supplier, product,
                                                     self->detail->currency);

          gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
          gtk_window_present (GTK_WINDOW (dialog));
          return;
        }
    }
}

static void
add_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  BdLinkDialog *dialog;

  if (self->detail == NULL)
    return;

  dialog = bd_link_dialog_new (self->store, self->detail->supplier, NULL, self->detail->currency);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A PO's number opens it on the Purchase Orders page, where the window
 * has one (win.show-po, looked up at each click: the page may come
 * later); without it the number is only shown. */
static void
show_po_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  const GVariantType *type = NULL;
  gboolean enabled = FALSE;

  /* an action added to the window's action map */
  if (G_IS_ACTION_GROUP (root) &&
      g_action_group_query_action (G_ACTION_GROUP (root), "show-po", &enabled, &type, NULL, NULL, NULL))
    {
      if (enabled && type != NULL && g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
        g_action_group_activate_action (G_ACTION_GROUP (root), "show-po", parameter);
      return;
    }

  /* or one of the window's class: nothing happens when there is none */
  gtk_widget_activate_action_variant (widget, "win.show-po", parameter);
}

static void
open_chase_dialog (BdSuppliersPage    *self,
                   const char * const *po_numbers)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BdComposeDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = bd_compose_dialog_new_for_pos (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                          po_numbers);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Chase All… of the supplier shown: a reminder for each of its POs to
 * chase (those ticked), all shown before any goes (the compose dialog's
 * batch). */
static void
chase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);
  g_autoptr(GPtrArray) numbers = chase_chosen (self);

  if (numbers->len == 0)
    return;
  g_ptr_array_add (numbers, NULL);
  open_chase_dialog (self, (const char * const *)numbers->pdata);
}

/* Chase All Suppliers…: every PO on the clerk's list, each to its own
 * supplier; the dialog reads the list when it opens. */
static void
chase_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_chase_dialog (BD_SUPPLIERS_PAGE (widget), NULL);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_box));
}

static void
store_changed_cb (BdSuppliersPage    *self,
                  const char * const *tables)
{
  const char *read[] = { "suppliers", "product_suppliers", "products", "purchase_orders", "po_lines",
                         "receipts", "receipt_lines", "team_settings", "sync_refused" };

  for (guint i = 0; i < G_N_ELEMENTS (read); i++)
    if (bd_store_changes_include (tables, read[i]))
      {
        load_list (self);
        load_detail (self);
        return;
      }
}

void
bd_suppliers_page_set_store (BdSuppliersPage *self,
                             BdStore         *store)
{
  g_return_if_fail (BD_IS_SUPPLIERS_PAGE (self));
  g_return_if_fail (BD_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  self->loaded = FALSE;
  g_clear_pointer (&self->selected_ref, g_free);
  g_clear_pointer (&self->detail, bd_supplier_detail_free);
  g_list_store_remove_all (self->suppliers);
  load_list (self);
  load_detail (self);
}

/* The suppliers the list shows (BdSupplier), as filtered. */
GListModel *
bd_suppliers_page_get_shown (BdSuppliersPage *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIERS_PAGE (self), NULL);
  return G_LIST_MODEL (self->shown);
}

gboolean
bd_suppliers_page_get_loading (BdSuppliersPage *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIERS_PAGE (self), FALSE);
  return self->loading > 0 || !self->loaded;
}

gboolean
bd_suppliers_page_get_busy (BdSuppliersPage *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIERS_PAGE (self), FALSE);
  return self->writing > 0 || bd_suppliers_page_get_loading (self);
}

/* Shows the supplier @ref when the list shows it. */
gboolean
bd_suppliers_page_select (BdSuppliersPage *self,
                          const char      *ref)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BD_IS_SUPPLIERS_PAGE (self), FALSE);

  if ((row = find_row (self, ref)) == NULL)
    return FALSE;
  gtk_list_box_select_row (self->list_box, row);
  return TRUE;
}

/* The reference of the supplier in the pane, once it is read, or NULL. */
const char *
bd_suppliers_page_get_shown_ref (BdSuppliersPage *self)
{
  g_return_val_if_fail (BD_IS_SUPPLIERS_PAGE (self), NULL);
  return self->detail != NULL ? bd_supplier_get_ref (self->detail->supplier) : NULL;
}

static void
bd_suppliers_page_dispose (GObject *object)
{
  BdSuppliersPage *self = (BdSuppliersPage *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->detail_cancellable);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_SUPPLIERS_PAGE);

  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_object (&self->shown);
  g_clear_object (&self->suppliers);
  g_clear_object (&self->store);
  g_clear_pointer (&self->detail, bd_supplier_detail_free);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->product_rows, g_ptr_array_unref);
  g_clear_pointer (&self->chase_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_suppliers_page_parent_class)->dispose (object);
}

static void
bd_suppliers_page_finalize (GObject *object)
{
  BdSuppliersPage *self = (BdSuppliersPage *)object;

  g_free (self->filter_mode);
  g_free (self->selected_ref);
  g_free (self->list_error);

  G_OBJECT_CLASS (bd_suppliers_page_parent_class)->finalize (object);
}

static void
bd_suppliers_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_string (value, self->filter_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_suppliers_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BdSuppliersPage *self = BD_SUPPLIERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      if (g_strcmp0 (self->filter_mode, g_value_get_string (value)) != 0)
        {
          g_free (self->filter_mode);
          self->filter_mode = g_value_dup_string (value);
          if (self->filter != NULL)
            refilter (self);
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_suppliers_page_class_init (BdSuppliersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_suppliers_page_dispose;
  object_class->finalize = bd_suppliers_page_finalize;
  object_class->get_property = bd_suppliers_page_get_property;
  object_class->set_property = bd_suppliers_page_set_property;

  /* which suppliers the list shows: "all" in use, those to "chase", or
   * the "archived" */
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BD_TYPE_REFUSED_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/purchasing/bd-suppliers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, chase_toggle);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, none_match_page);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, detail_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, detail_error_page);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, ref_label);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, refused_banner);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, chase_group);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, chase_supplier_button);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, chase_all_button);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, contact_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, lead_time_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, minimum_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, reliability_group);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, on_time_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, mean_late_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, p90_late_row);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, products_group);
  gtk_widget_class_bind_template_child (widget_class, BdSuppliersPage, pos_group);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "suppliers.filter", "filter");
  gtk_widget_class_install_action (widget_class, "suppliers.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "suppliers.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "suppliers.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "suppliers.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "suppliers.edit-link", "s", edit_link_action);
  gtk_widget_class_install_action (widget_class, "suppliers.add-link", NULL, add_link_action);
  gtk_widget_class_install_action (widget_class, "suppliers.show-po", "s", show_po_action);
  gtk_widget_class_install_action (widget_class, "suppliers.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "suppliers.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "suppliers.chase", NULL, chase_action);
  gtk_widget_class_install_action (widget_class, "suppliers.chase-all", NULL, chase_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "suppliers.focus-search", NULL);
}

static void
bd_suppliers_page_init (BdSuppliersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter_mode = g_strdup ("all");
  self->detail_rows = g_ptr_array_new ();
  self->product_rows = g_ptr_array_new ();
  self->chase_checks = g_ptr_array_new ();

  self->product_search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->product_search, "placeholder-text", _("Search products"), NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->product_search), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->product_search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the supplier’s products"), -1);
  g_signal_connect_object (self->product_search, "search-changed", G_CALLBACK (product_search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

    gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (add, "flat");
    gtk_widget_set_tooltip_text (add, _("Add a Product…"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Add a product the supplier delivers"), -1);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "suppliers.add-link");
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->product_search));
    gtk_box_append (GTK_BOX (box), add);
    adw_preferences_group_set_header_suffix (self->products_group, box);
  }
  self->suppliers = g_list_store_new (BD_TYPE_SUPPLIER);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->suppliers)),
                                           GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->shown), create_row_cb, self, NULL);
  update_list_stack (self);
  update_actions (self);
}
