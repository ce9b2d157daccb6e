/* test-ui-suppliers.c: the Suppliers page and the replenishment dialog,
 * driven as a purchasing clerk would, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-suppliers"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bd-application.h"
#include "bd-backorder.h"
#include "bd-demo.h"
#include "bd-link-dialog.h"
#include "bd-queue-model.h"
#include "bd-replenish-dialog.h"
#include "bd-replenish-item.h"
#include "bd-supplier-dialog.h"
#include "bd-suppliers-page.h"
#include "bd-suppliers.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* A program of its own, as test-preferences is: GLib's quarks (see there). */

typedef struct
{
  char *dir;
  char *database;
  BdStore *store;               /* a connection of the test's own, to check */
  BdWindow *window;
  BdSuppliersPage *page;
} Fixture;

static BdApplication *app;

/* what a fixture holds */
enum {
  DEMO,
  SECOND_SUPPLIERS,             /* the demo, and a second supplier for each product with demand */
  EMPTY,
};

static gboolean
one_item (GListModel *model)
{
  return g_list_model_get_n_items (model) == 1;
}

static gboolean
page_idle (Fixture *fixture)
{
  return !bd_suppliers_page_get_busy (fixture->page);
}

/* The demo's data, and a second supplier for each product with demand,
 * so that the clerk has a choice. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);

  if (GPOINTER_TO_INT (data) == EMPTY)
    {
      g_autoptr(BdStore) store = bd_store_create (fixture->database, NULL);

      g_assert_nonnull (store);
    }
  else
  bd_test_ui_make_demo_store (fixture->database);

  fixture->store = bd_store_open (fixture->database, NULL);
  g_assert_nonnull (fixture->store);

  if (GPOINTER_TO_INT (data) == SECOND_SUPPLIERS)
    {
      g_autoptr(GPtrArray) suggestions = bd_replenish_suggest (fixture->store, 0, NULL);

      g_assert_nonnull (suggestions);
      for (guint i = 0; i < suggestions->len; i++)
        {
          BdReplenishSuggestion *s = g_ptr_array_index (suggestions, i);
          const BdSupplierOption *chosen = bd_replenish_suggestion_get_chosen (s);
          const char *other = chosen != NULL && g_str_equal (chosen->supplier_ref, "SUP-01") ? "SUP-02" : "SUP-01";
          BdSupplierLinkFields fields = { "2.50", NULL, "4", "10", NULL, NULL };
          g_autoptr(GError) error = NULL;

          g_assert_true (bd_suppliers_set_link (fixture->store, other, s->sku, &fields, NULL, &error));
          g_assert_no_error (error);
        }
    }

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 800);
  fixture->page = BD_SUPPLIERS_PAGE (bd_window_get_suppliers_page (fixture->window));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (fixture->page),
                                                                                  ADW_TYPE_VIEW_STACK)),
                                         "suppliers");
  bd_test_ui_wait_for (fixture, page_idle, "the suppliers to load");
  bd_test_ui_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bd_test_ui_destroy_dialogs (GTK_WINDOW (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  bd_test_ui_wind_down ();
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
}

/* Labels (or rows' titles and subtitles) showing @text in @root. */
static guint
count_text (GtkWidget  *root,
            const char *text)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return 0;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_text (child, text);

  return n;
}

/* A label whose text has @part in @root, or NULL. */
static GtkLabel *
find_label_with (GtkWidget  *root,
                 const char *part)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), part) != NULL)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The message dialog on screen whose heading starts with @prefix, or NULL. */
static AdwMessageDialog *
find_message (const char *prefix)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), prefix))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static BdSupplier *
shown_supplier (Fixture    *fixture,
                const char *ref)
{
  GListModel *shown = bd_suppliers_page_get_shown (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(BdSupplier) supplier = g_list_model_get_item (shown, i);

      if (g_str_equal (bd_supplier_get_ref (supplier), ref))
        return supplier;
    }
  return NULL;
}

static char *wanted_ref;

static gboolean
detail_shown (Fixture *fixture)
{
  return !bd_suppliers_page_get_busy (fixture->page) &&
         g_strcmp0 (bd_suppliers_page_get_shown_ref (fixture->page), wanted_ref) == 0;
}

static void
show_supplier (Fixture    *fixture,
               const char *ref)
{
  g_free (wanted_ref);
  wanted_ref = g_strdup (ref);
  g_assert_true (bd_suppliers_page_select (fixture->page, ref));
  bd_test_ui_wait_for (fixture, detail_shown, "the supplier's pane");
  bd_test_ui_drain ();
}

/* Folding without animations makes GTK 4.8 allocate the view switcher
 * bar's box at width 0 and warn (test-ui says so too): the narrowing runs
 * as a person sees it. */
static void
resize_window (Fixture *fixture,
               int      width,
               int      height)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  for (guint i = 0; i < 60; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* The page lists the demo's suppliers with the core's figures; To Chase
 * narrows it to those with POs to chase; a supplier's pane shows its
 * contact, reliability, products and POs. */
static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) suppliers = bd_suppliers_list (fixture->store, FALSE, NULL);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) pos = NULL;
  g_autoptr(BdSupplierReliability) reliability = NULL;
  GListModel *shown = bd_suppliers_page_get_shown (fixture->page);
  GtkWidget *page = GTK_WIDGET (fixture->page);
  BdSupplier *first;
  guint to_chase = 0;
  g_autofree char *on_time = NULL;
  g_autofree char *rate = NULL;

  g_assert_nonnull (suppliers);
  g_assert_cmpuint (suppliers->len, >, 2);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, suppliers->len);

  for (guint i = 0; i < suppliers->len; i++)
    {
      BdSupplier *supplier = g_ptr_array_index (suppliers, i);
      guint open = bd_supplier_get_open_pos (supplier);
      g_autofree char *open_text = g_strdup_printf (open == 1 ? "%u open PO" : "%u open POs", open);
      GtkLabel *summary;

      g_assert_cmpuint (count_text (page, bd_supplier_get_name (supplier)), ==, 1);
      g_assert_cmpuint (count_text (page, bd_supplier_get_ref (supplier)), ==, 1);
      /* the row's summary starts with the open POs and has the rest */
      summary = find_label_with (page, bd_supplier_get_name (supplier));
      g_assert_nonnull (summary);
      summary = GTK_LABEL (gtk_widget_get_next_sibling (gtk_widget_get_parent (GTK_WIDGET (summary))));
      g_assert_true (g_str_has_prefix (gtk_label_get_label (summary), open_text));
      if (bd_supplier_get_pos_to_chase (supplier) > 0)
        {
          g_autofree char *chase = g_strdup_printf ("%u to chase", bd_supplier_get_pos_to_chase (supplier));

          g_assert_nonnull (strstr (gtk_label_get_label (summary), chase));
          to_chase++;
        }
      if (bd_supplier_get_on_time_rate (supplier) >= 0)
        {
          g_autofree char *percent = g_strdup_printf ("%.0f%% on time", bd_supplier_get_on_time_rate (supplier) * 100);

          g_assert_nonnull (strstr (gtk_label_get_label (summary), percent));
        }
      if (bd_supplier_get_next_expected (supplier) != NULL)
        g_assert_nonnull (strstr (gtk_label_get_label (summary), "next "));
    }
  /* the sample data has POs sent and not confirmed */
  g_assert_cmpuint (to_chase, >, 0);
  {
    g_autofree char *label = g_strdup_printf ("To Chase (%u)", to_chase);

    g_assert_cmpuint (count_text (page, label), ==, 1);
  }

  first = g_ptr_array_index (suppliers, 0);
  show_supplier (fixture, bd_supplier_get_ref (first));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-suppliers.png");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (gtk_widget_get_template_child (page,
                                                                  BD_TYPE_SUPPLIERS_PAGE, "products_group")),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-suppliers-products.png");
    gtk_adjustment_set_value (adjustment, 0);
  }

  products = bd_suppliers_list_products (fixture->store, first, NULL);
  pos = bd_suppliers_list_pos (fixture->store, first, NULL);
  reliability = bd_suppliers_reliability (fixture->store, first, NULL);
  g_assert_cmpuint (products->len, >, 0);
  g_assert_cmpuint (pos->len, >, 0);
  for (guint i = 0; i < products->len; i++)
    {
      BdSupplierProduct *product = g_ptr_array_index (products, i);
      g_autofree char *title = g_strdup_printf ("%s — %s", product->sku, product->product_name);

      g_assert_cmpuint (count_text (page, title), ==, 1);
    }
  for (guint i = 0; i < pos->len; i++)
    {
      BdSupplierPo *po = g_ptr_array_index (pos, i);

      g_assert_cmpuint (count_text (page, po->number), >=, 1);
    }
  g_assert_cmpuint (reliability->lines, >, 0);
  on_time = g_strdup_printf ("%.0f%% · %u of %u lines by the date confirmed", reliability->on_time_rate * 100,
                             reliability->on_time, reliability->lines);
  g_assert_cmpuint (count_text (page, on_time), ==, 1);
  rate = g_strdup_printf ("%d", reliability->p90_days_late);
  g_assert_cmpuint (count_text (page, rate), >=, 1);
  g_assert_cmpuint (count_text (page, bd_supplier_get_email (first)), ==, 1);

  /* the products searched by SKU */
  {
    BdSupplierProduct *product = g_ptr_array_index (products, products->len - 1);
    BdSupplierProduct *other = g_ptr_array_index (products, 0);
    g_autofree char *title = g_strdup_printf ("%s — %s", product->sku, product->product_name);
    g_autofree char *other_title = g_strdup_printf ("%s — %s", other->sku, other->product_name);
    GtkEditable *search = GTK_EDITABLE (bd_test_ui_find_widget (GTK_WIDGET (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE,
                                                                                    "products_group")),
                                                     GTK_TYPE_SEARCH_ENTRY));

    g_assert_cmpuint (products->len, >, 1);
    gtk_editable_set_text (search, product->sku);
    g_signal_emit_by_name (search, "search-changed");
    g_assert_cmpuint (count_text (page, title), ==, 1);
    g_assert_cmpuint (count_text (page, other_title), ==, 0);
    gtk_editable_set_text (search, "");
    g_assert_cmpuint (count_text (page, other_title), ==, 1);
  }

  /* To Chase: the suppliers with POs to chase, and only those */
  gtk_widget_activate_action (page, "suppliers.filter", "s", "chase");
  bd_test_ui_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, to_chase);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(BdSupplier) supplier = g_list_model_get_item (shown, i);

      g_assert_cmpuint (bd_supplier_get_pos_to_chase (supplier), >, 0);
    }
  {
    g_autoptr(BdSupplier) chased = g_list_model_get_item (shown, 0);
    g_autoptr(GPtrArray) chase = bd_suppliers_chase (fixture->store, NULL);

    show_supplier (fixture, bd_supplier_get_ref (chased));
    for (guint i = 0; i < chase->len; i++)
      {
        BdChaseEntry *entry = g_ptr_array_index (chase, i);

        if (g_str_equal (entry->supplier_ref, bd_supplier_get_ref (chased)))
          g_assert_cmpuint (count_text (page, entry->po_number), >=, 2);  /* to chase, and among its POs */
      }
  }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-suppliers-chase.png");

  /* a search by name */
  gtk_widget_activate_action (page, "suppliers.filter", "s", "all");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "search_entry")),
                         bd_supplier_get_name (first));
  bd_test_ui_wait_for (fixture, page_idle, "the search");
  bd_test_ui_wait_for (shown, one_item, "the search to narrow the list");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "search_entry")),
                         "");

  /* Ctrl+F: the search */
  gtk_widget_activate_action (page, "suppliers.focus-search", NULL);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE,
                                                                                  "search_entry"))) ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->window)),
                                         GTK_WIDGET (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE,
                                                                                    "search_entry"))));

  /* the page takes a phone's width, 360 pixels, with a supplier shown
   * and the To Chase count on its button (test-ui checks the window) */
  {
    int min;

    gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_assert_cmpint (min, <=, 340);
  }

  /* narrow and dark */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  resize_window (fixture, 360, 720);
  /* folded, a click on a supplier slides its pane over the list */
  {
    GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "list_box"));

    g_assert_nonnull (gtk_list_box_get_selected_row (list));
    g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_selected_row (list));
  }
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "leaflet"));

    g_assert_true (adw_leaflet_get_folded (leaflet));
    g_assert_true (adw_leaflet_get_visible_child (leaflet) ==
                   GTK_WIDGET (gtk_widget_get_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "detail_stack")));
  }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-suppliers-narrow-dark.png");
  gtk_widget_activate_action (page, "suppliers.show-list", NULL);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-suppliers-narrow-list-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}


/* The entry row titled @title in @root. */
static GtkEditable *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_ENTRY_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return GTK_EDITABLE (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
supplier_dialog_gone (Fixture *fixture)
{
  return bd_test_ui_find_window (BD_TYPE_SUPPLIER_DIALOG) == NULL && !bd_suppliers_page_get_busy (fixture->page);
}

static gboolean
supplier_dialog_answered (Fixture *fixture)
{
  BdSupplierDialog *dialog = BD_SUPPLIER_DIALOG (bd_test_ui_find_window (BD_TYPE_SUPPLIER_DIALOG));

  return dialog == NULL || !bd_supplier_dialog_get_busy (dialog);
}

static gboolean
link_dialog_answered (Fixture *fixture)
{
  BdLinkDialog *dialog = BD_LINK_DIALOG (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));

  return (dialog == NULL || !bd_link_dialog_get_busy (dialog)) && !bd_suppliers_page_get_busy (fixture->page);
}

static BdSupplierDialog *
open_supplier_dialog (Fixture    *fixture,
                      const char *action)
{
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL);
  bd_test_ui_drain ();
  dialog = bd_test_ui_find_window (BD_TYPE_SUPPLIER_DIALOG);
  g_assert_nonnull (dialog);
  return BD_SUPPLIER_DIALOG (dialog);
}

/* Edit a supplier; bad input is said in the dialog, which keeps what was
 * typed, and the store keeps what it had; a new supplier; a product's
 * terms. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) suppliers = bd_suppliers_list (fixture->store, FALSE, NULL);
  BdSupplier *first = g_ptr_array_index (suppliers, 0);
  const char *ref = bd_supplier_get_ref (first);
  g_autoptr(BdSupplier) after = NULL;
  g_autoptr(BdSupplier) created = NULL;
  g_autoptr(GPtrArray) products = NULL;
  BdSupplierProduct *product;
  BdSupplierDialog *dialog;
  BdLinkDialog *link;
  GtkWidget *page = GTK_WIDGET (fixture->page);

  show_supplier (fixture, ref);

  /* a contact person */
  dialog = open_supplier_dialog (fixture, "suppliers.edit");
  g_assert_cmpstr (gtk_editable_get_text (find_row (GTK_WIDGET (dialog), "Name")), ==, bd_supplier_get_name (first));
  gtk_editable_set_text (find_row (GTK_WIDGET (dialog), "Contact Person"), "Dana Fischer");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "supplier.save", NULL);
  bd_test_ui_wait_for (fixture, supplier_dialog_gone, "the supplier to be saved");
  after = bd_suppliers_find (fixture->store, ref, NULL);
  g_assert_cmpstr (bd_supplier_get_contact_name (after), ==, "Dana Fischer");
  bd_test_ui_wait_for (fixture, page_idle, "the pane to read it again");
  g_assert_cmpuint (count_text (page, "Dana Fischer"), ==, 1);
  g_clear_object (&after);

  /* a lead time that is no number */
  dialog = open_supplier_dialog (fixture, "suppliers.edit");
  gtk_editable_set_text (find_row (GTK_WIDGET (dialog), "Lead Time in Days"), "soon");
  gtk_editable_set_text (find_row (GTK_WIDGET (dialog), "Phone"), "+49 30 1234");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "supplier.save", NULL);
  bd_test_ui_drain ();
  bd_test_ui_wait_for (fixture, supplier_dialog_answered, "the save to be refused");
  g_assert_true (bd_test_ui_find_window (BD_TYPE_SUPPLIER_DIALOG) == GTK_WINDOW (dialog));
  g_assert_nonnull (bd_supplier_dialog_get_error (dialog));
  g_assert_nonnull (strstr (bd_supplier_dialog_get_error (dialog), "soon"));
  g_test_message ("refused: %s", bd_supplier_dialog_get_error (dialog));
  g_assert_cmpstr (gtk_editable_get_text (find_row (GTK_WIDGET (dialog), "Lead Time in Days")), ==, "soon");
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-supplier-dialog-error.png");
  after = bd_suppliers_find (fixture->store, ref, NULL);
  g_assert_cmpint (bd_supplier_get_lead_time_days (after), ==, bd_supplier_get_lead_time_days (first));
  g_assert_cmpstr (bd_supplier_get_phone (after), ==, bd_supplier_get_phone (first));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&after);

  /* a new supplier, shown once saved */
  dialog = open_supplier_dialog (fixture, "suppliers.new");
  gtk_editable_set_text (find_row (GTK_WIDGET (dialog), "Reference"), "SUP-NEW");
  gtk_editable_set_text (find_row (GTK_WIDGET (dialog), "Name"), "Northwind Parts");
  gtk_editable_set_text (find_row (GTK_WIDGET (dialog), "Lead Time in Days"), "12");
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-supplier-dialog.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "supplier.save", NULL);
  bd_test_ui_wait_for (fixture, supplier_dialog_gone, "the new supplier to be saved");
  created = bd_suppliers_find (fixture->store, "SUP-NEW", NULL);
  g_assert_nonnull (created);
  g_assert_cmpstr (bd_supplier_get_name (created), ==, "Northwind Parts");
  g_assert_cmpint (bd_supplier_get_lead_time_days (created), ==, 12);
  g_free (wanted_ref);
  wanted_ref = g_strdup ("SUP-NEW");
  bd_test_ui_wait_for (fixture, detail_shown, "the new supplier's pane");
  g_assert_nonnull (shown_supplier (fixture, "SUP-NEW"));
  g_assert_cmpuint (count_text (page, "Northwind Parts"), ==, 2);   /* the row and the pane */

  /* a product's terms: a negative MOQ is refused, a good one kept */
  show_supplier (fixture, ref);
  products = bd_suppliers_list_products (fixture->store, first, NULL);
  product = g_ptr_array_index (products, 0);
  gtk_widget_activate_action (page, "suppliers.edit-link", "s", product->sku);
  bd_test_ui_drain ();
  link = BD_LINK_DIALOG (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
  g_assert_nonnull (link);
  gtk_editable_set_text (find_row (GTK_WIDGET (link), "Minimum Order Quantity"), "-3");
  gtk_widget_activate_action (GTK_WIDGET (link), "link.save", NULL);
  bd_test_ui_drain ();
  bd_test_ui_wait_for (fixture, link_dialog_answered, "the terms to be refused");
  g_assert_nonnull (bd_link_dialog_get_error (link));
  g_test_message ("refused: %s", bd_link_dialog_get_error (link));
  g_assert_true (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG) == GTK_WINDOW (link));
  bd_test_ui_save_png (GTK_WIDGET (link), "ui-link-dialog-error.png");
  {
    g_autoptr(GPtrArray) again = bd_suppliers_list_products (fixture->store, first, NULL);

    g_assert_cmpint (((BdSupplierProduct *)g_ptr_array_index (again, 0))->moq, ==, product->moq);
  }
  gtk_editable_set_text (find_row (GTK_WIDGET (link), "Minimum Order Quantity"), "24");
  gtk_widget_activate_action (GTK_WIDGET (link), "link.save", NULL);
  bd_test_ui_drain ();
  bd_test_ui_wait_for (fixture, link_dialog_answered, "the terms to be saved");
  g_assert_null (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
  {
    g_autoptr(GPtrArray) again = bd_suppliers_list_products (fixture->store, first, NULL);

    g_assert_cmpint (((BdSupplierProduct *)g_ptr_array_index (again, 0))->moq, ==, 24);
  }
  bd_test_ui_wait_for (fixture, page_idle, "the pane to read it again");
  g_assert_nonnull (find_label_with (page, "MOQ 24"));

  /* a product the supplier did not deliver: an unknown SKU is refused */
  {
    BdSupplier *other = g_ptr_array_index (suppliers, 1);
    g_autoptr(GPtrArray) others = bd_suppliers_list_products (fixture->store, other, NULL);
    BdSupplierProduct *new_product = g_ptr_array_index (others, 0);
    g_autofree char *title = g_strdup_printf ("%s — %s", new_product->sku, new_product->product_name);
    g_autoptr(GPtrArray) now = NULL;
    gboolean linked = FALSE;

    gtk_widget_activate_action (page, "suppliers.add-link", NULL);
    bd_test_ui_drain ();
    link = BD_LINK_DIALOG (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
    g_assert_nonnull (link);
    gtk_editable_set_text (find_row (GTK_WIDGET (link), "SKU"), "NO-SUCH-SKU");
    gtk_editable_set_text (find_row (GTK_WIDGET (link), "Unit Cost in USD"), "3.25");
    gtk_widget_activate_action (GTK_WIDGET (link), "link.save", NULL);
    bd_test_ui_drain ();
    bd_test_ui_wait_for (fixture, link_dialog_answered, "the unknown SKU to be refused");
    g_assert_nonnull (bd_link_dialog_get_error (link));
    g_test_message ("refused: %s", bd_link_dialog_get_error (link));
    g_assert_nonnull (strstr (bd_link_dialog_get_error (link), "NO-SUCH-SKU"));
    bd_test_ui_save_png (GTK_WIDGET (link), "ui-link-dialog-new.png");

    gtk_editable_set_text (find_row (GTK_WIDGET (link), "SKU"), new_product->sku);
    gtk_widget_activate_action (GTK_WIDGET (link), "link.save", NULL);
    bd_test_ui_drain ();
    bd_test_ui_wait_for (fixture, link_dialog_answered, "the product to be added");
    g_assert_null (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
    now = bd_suppliers_list_products (fixture->store, first, NULL);
    for (guint i = 0; i < now->len; i++)
      {
        BdSupplierProduct *p = g_ptr_array_index (now, i);

        if (g_str_equal (p->sku, new_product->sku))
          {
            linked = TRUE;
            g_assert_true (p->has_unit_cost);
            g_assert_cmpint (p->unit_cost, ==, 325);
          }
      }
    g_assert_true (linked);
    bd_test_ui_wait_for (fixture, page_idle, "the pane to read it again");
    g_assert_cmpuint (count_text (page, title), ==, 1);

    /* and no longer: removed after a question */
    gtk_widget_activate_action (page, "suppliers.edit-link", "s", new_product->sku);
    bd_test_ui_drain ();
    link = BD_LINK_DIALOG (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
    gtk_widget_activate_action (GTK_WIDGET (link), "link.remove", NULL);
    bd_test_ui_drain ();
    g_assert_nonnull (find_message ("Remove "));
    adw_message_dialog_response (find_message ("Remove "), "remove");
    bd_test_ui_drain ();
    bd_test_ui_wait_for (fixture, link_dialog_answered, "the product to be removed");
    g_assert_null (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
    g_clear_pointer (&now, g_ptr_array_unref);
    now = bd_suppliers_list_products (fixture->store, first, NULL);
    for (guint i = 0; i < now->len; i++)
      g_assert_cmpstr (((BdSupplierProduct *)g_ptr_array_index (now, i))->sku, !=, new_product->sku);
    bd_test_ui_wait_for (fixture, page_idle, "the pane to read it again");
    g_assert_cmpuint (count_text (page, title), ==, 0);
  }
}

static gboolean
idle_supplier_listed (Fixture *fixture)
{
  return !bd_suppliers_page_get_busy (fixture->page) && shown_supplier (fixture, "SUP-IDLE") != NULL;
}

static gboolean
error_shown (Fixture *fixture)
{
  return find_message ("Could Not Archive") != NULL;
}

static void
archive_shown (Fixture *fixture)
{
  AdwMessageDialog *confirm;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "suppliers.archive", NULL);
  bd_test_ui_drain ();
  confirm = find_message ("Archive “");
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "archive");
  bd_test_ui_drain ();
}

/* Archiving a supplier with open POs is refused in a dialog that says
 * why, and changes nothing; one without is archived, listed under
 * Archived, and restored. */
static void
test_archive (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) suppliers = bd_suppliers_list (fixture->store, FALSE, NULL);
  BdSupplier *busy = NULL;
  BdSupplierFields fields = { "Idle Supplies", NULL, NULL, NULL, NULL, NULL };
  g_autoptr(BdSupplier) after = NULL;
  AdwMessageDialog *error;

  for (guint i = 0; i < suppliers->len && busy == NULL; i++)
    if (bd_supplier_get_open_pos (g_ptr_array_index (suppliers, i)) > 0)
      busy = g_ptr_array_index (suppliers, i);
  g_assert_nonnull (busy);

  show_supplier (fixture, bd_supplier_get_ref (busy));
  archive_shown (fixture);
  bd_test_ui_wait_for (fixture, error_shown, "the refusal");
  error = find_message ("Could Not Archive");
  g_test_message ("refused: %s", adw_message_dialog_get_body (error));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (error), "open purchase order"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (error), bd_supplier_get_ref (busy)));
  bd_test_ui_save_png (GTK_WIDGET (error), "ui-suppliers-archive-error.png");
  adw_message_dialog_response (error, "close");
  bd_test_ui_drain ();
  after = bd_suppliers_find (fixture->store, bd_supplier_get_ref (busy), NULL);
  g_assert_false (bd_supplier_get_archived (after));
  g_assert_nonnull (shown_supplier (fixture, bd_supplier_get_ref (busy)));
  g_clear_object (&after);

  /* another program makes a supplier: the page lists it */
  g_assert_true (bd_suppliers_create (fixture->store, "SUP-IDLE", &fields, NULL, NULL));
  bd_test_ui_wait_for (fixture, idle_supplier_listed, "the new supplier to be listed");
  show_supplier (fixture, "SUP-IDLE");
  archive_shown (fixture);
  bd_test_ui_wait_for (fixture, page_idle, "the supplier to be archived");
  after = bd_suppliers_find (fixture->store, "SUP-IDLE", NULL);
  g_assert_true (bd_supplier_get_archived (after));
  g_clear_object (&after);
  g_assert_null (shown_supplier (fixture, "SUP-IDLE"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "suppliers.filter", "s", "archived");
  bd_test_ui_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (bd_suppliers_page_get_shown (fixture->page)), ==, 1);
  g_assert_nonnull (shown_supplier (fixture, "SUP-IDLE"));
  g_assert_cmpuint (count_text (GTK_WIDGET (fixture->page), "SUP-IDLE · archived"), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "suppliers.restore", NULL);
  bd_test_ui_drain ();
  bd_test_ui_wait_for (fixture, page_idle, "the supplier to be restored");
  after = bd_suppliers_find (fixture->store, "SUP-IDLE", NULL);
  g_assert_false (bd_supplier_get_archived (after));
}

/* Replenishment */

static BdReplenishDialog *replenish;
static GStrv created_numbers;

static gboolean
replenish_loaded (Fixture *fixture)
{
  return !bd_replenish_dialog_get_loading (replenish);
}

static gboolean
replenish_answered (Fixture *fixture)
{
  return !bd_replenish_dialog_get_busy (replenish);
}

static gboolean
replenish_closed (Fixture *fixture)
{
  return created_numbers != NULL && bd_test_ui_find_window (BD_TYPE_REPLENISH_DIALOG) == NULL;
}

static void
created_cb (BdReplenishDialog  *dialog,
            const char * const *numbers)
{
  g_strfreev (created_numbers);
  created_numbers = g_strdupv ((char **)numbers);
}

static void
open_replenish (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.replenish", NULL);
  bd_test_ui_drain ();
  replenish = BD_REPLENISH_DIALOG (bd_test_ui_find_window (BD_TYPE_REPLENISH_DIALOG));
  g_assert_nonnull (replenish);
  g_signal_connect (replenish, "created", G_CALLBACK (created_cb), NULL);
  bd_test_ui_wait_for (fixture, replenish_loaded, "the suggestions");
  bd_test_ui_settle ();
}

/* The row widget the list shows @item in, or NULL. */
static GtkWidget *
find_item_row (GtkWidget *root,
               gpointer   item)
{
  if (g_object_get_data (G_OBJECT (root), "bd-item") == item && item != NULL)
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

static BdReplenishItem *
replenish_item (guint position)
{
  return g_list_model_get_item (bd_replenish_dialog_get_items (replenish), position);
}

static gint64
sql_count (Fixture    *fixture,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
sql_count (Fixture    *fixture,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return bd_test_count (fixture->store, sql);
}

static char *on_order_sku;

static gboolean
queue_shows_on_order (Fixture *fixture)
{
  BdQueueModel *model = bd_queue_page_get_model (bd_window_get_queue_page (fixture->window));

  if (model == NULL || bd_queue_model_get_loading (model))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(BdBackorder) line = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_str_equal (bd_backorder_get_sku (line), on_order_sku))
        return g_str_equal (bd_backorder_get_status (line), "on_order");
    }
  return FALSE;
}

/* The products are grouped by supplier, the groups in the order of the
 * suppliers' names, the first product of each marked. */
static void
assert_grouped (GListModel *items)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *previous_name = NULL;
  gint64 previous = -1;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BdReplenishItem) item = g_list_model_get_item (items, i);
      const BdSupplierOption *option = bd_replenish_item_get_option (item);
      gboolean first;

      g_assert_nonnull (option);
      first = option->supplier_id != previous;
      g_assert_cmpint (bd_replenish_item_get_first (item), ==, first);
      if (first)
        {
          g_assert_false (g_hash_table_contains (seen, &option->supplier_id));
          g_hash_table_add (seen, (gpointer)&bd_replenish_item_get_option (item)->supplier_id);
          if (previous_name != NULL)
            g_assert_cmpint (g_utf8_collate (previous_name, option->supplier_name), <=, 0);
          g_free (previous_name);
          previous_name = g_strdup (option->supplier_name);
          previous = option->supplier_id;
        }
    }
}

/* The clerk changes a quantity and switches a product to another of its
 * suppliers, below that one's MOQ (warned, allowed), then makes the POs:
 * one draft per supplier, covering the waiting lines, which the queue
 * then shows on order. */
static void
test_replenish (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BdReplenishItem) edited = NULL;
  g_autoptr(BdReplenishItem) switched = NULL;
  const BdReplenishSuggestion *es, *ss;
  const BdSupplierOption *option;
  GtkWidget *row;
  int edited_quantity;
  gint64 edited_supplier, switched_supplier, pos_before;
  g_autoptr(GHashTable) suppliers = g_hash_table_new (g_int64_hash, g_int64_equal);
  GListModel *items;

  pos_before = bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders");
  open_replenish (fixture);
  bd_test_ui_save_png (GTK_WIDGET (replenish), "ui-replenish.png");
  items = bd_replenish_dialog_get_items (replenish);
  g_assert_cmpuint (g_list_model_get_n_items (items), >, 2);
  assert_grouped (items);

  /* a quantity typed in the second row */
  edited = replenish_item (1);
  es = bd_replenish_item_get_suggestion (edited);
  g_assert_cmpuint (es->options->len, ==, 2);
  g_assert_cmpint (es->demand, >, 0);
  row = find_item_row (GTK_WIDGET (replenish), edited);
  g_assert_nonnull (row);
  edited_quantity = bd_replenish_item_get_quantity (edited) + 7;
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (bd_test_ui_find_widget (row, GTK_TYPE_SPIN_BUTTON)), edited_quantity);
  g_assert_cmpint (bd_replenish_item_get_quantity (edited), ==, edited_quantity);
  {
    g_autofree char *suggested = g_strdup_printf ("suggested %d", bd_replenish_item_get_option (edited)->quantity);

    g_assert_nonnull (find_label_with (row, suggested));
  }
  edited_supplier = bd_replenish_item_get_option (edited)->supplier_id;
  on_order_sku = g_strdup (es->sku);

  /* the first row to its other supplier, which shows each one's figures */
  switched = replenish_item (0);
  ss = bd_replenish_item_get_suggestion (switched);
  g_assert_cmpuint (ss->options->len, ==, 2);
  row = find_item_row (GTK_WIDGET (replenish), switched);
  g_assert_nonnull (row);
  {
    GtkDropDown *dropdown = GTK_DROP_DOWN (bd_test_ui_find_widget (row, GTK_TYPE_DROP_DOWN));
    GListModel *model = gtk_drop_down_get_model (dropdown);
    guint other = bd_replenish_item_get_chosen (switched) == 0 ? 1 : 0;

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        const char *text = gtk_string_list_get_string (GTK_STRING_LIST (model), i);
        const BdSupplierOption *o = g_ptr_array_index (ss->options, i);

        g_assert_true (g_str_has_prefix (text, o->supplier_name));
        g_assert_nonnull (strstr (text, o->on_time_rate >= 0 ? "on time" : "no deliveries yet"));
      }
    /* the suppliers side by side, as the clerk sees them */
    {
      GtkPopover *popover = GTK_POPOVER (bd_test_ui_find_widget (GTK_WIDGET (dropdown), GTK_TYPE_POPOVER));

      g_assert_nonnull (popover);
      gtk_popover_popup (popover);
      bd_test_ui_save_png (GTK_WIDGET (popover), "ui-replenish-suppliers.png");
      gtk_popover_popdown (popover);
      bd_test_ui_settle ();
    }
    gtk_drop_down_set_selected (dropdown, other);
    g_assert_cmpint (bd_replenish_item_get_chosen (switched), ==, (int)other);
  }
  option = bd_replenish_item_get_option (switched);
  switched_supplier = option->supplier_id;
  g_assert_cmpint (option->moq, ==, 10);
  bd_test_ui_wait_for (fixture, replenish_loaded, "the list to group again");
  bd_test_ui_settle ();
  assert_grouped (items);

  /* below the MOQ: said, and allowed */
  row = find_item_row (GTK_WIDGET (replenish), switched);
  g_assert_nonnull (row);
  /* the product moved to its new supplier's group, and its supplier kept the focus */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (replenish));

    g_assert_nonnull (focus);
    g_assert_true (focus == bd_test_ui_find_widget (row, GTK_TYPE_DROP_DOWN) ||
                   gtk_widget_is_ancestor (focus, bd_test_ui_find_widget (row, GTK_TYPE_DROP_DOWN)));
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (bd_test_ui_find_widget (row, GTK_TYPE_SPIN_BUTTON)), 3);
  g_assert_cmpint (bd_replenish_item_get_quantity (switched), ==, 3);
  g_assert_nonnull (find_label_with (row, "Below the minimum order quantity"));
  bd_test_ui_save_png (GTK_WIDGET (replenish), "ui-replenish-edited.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (replenish), 360, 640);
  bd_test_ui_save_png (GTK_WIDGET (replenish), "ui-replenish-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BdReplenishItem) item = replenish_item (i);

      if (bd_replenish_item_get_option (item) != NULL && bd_replenish_item_get_quantity (item) > 0)
        g_hash_table_add (suppliers, (gpointer)&bd_replenish_item_get_option (item)->supplier_id);
    }

  gtk_widget_activate_action (GTK_WIDGET (replenish), "replenish.create", NULL);
  bd_test_ui_wait_for (fixture, replenish_closed, "the purchase orders");

  /* one draft per supplier, each with its number in the toast */
  g_assert_cmpuint (g_strv_length (created_numbers), ==, g_hash_table_size (suppliers));
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders"), ==,
                   pos_before + g_hash_table_size (suppliers));
  for (guint i = 0; created_numbers[i] != NULL; i++)
    {
      g_assert_cmpint (sql_count (fixture, "SELECT count(*) FROM purchase_orders WHERE number = '%s'"
                                  " AND status = 'draft'", created_numbers[i]), ==, 1);
      g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->window), created_numbers[i]));
    }
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-replenish-toast.png");

  /* the clerk's quantities from the clerk's suppliers */
  g_assert_cmpint (sql_count (fixture, "SELECT pl.quantity FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id"
                              " WHERE pl.product_id = %" G_GINT64_FORMAT " AND po.supplier_id = %" G_GINT64_FORMAT
                              " AND po.status = 'draft' AND pl.deleted = 0", es->product_id, edited_supplier),
                   ==, edited_quantity);
  g_assert_cmpint (sql_count (fixture, "SELECT pl.quantity FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id"
                              " WHERE pl.product_id = %" G_GINT64_FORMAT " AND po.supplier_id = %" G_GINT64_FORMAT
                              " AND po.status = 'draft' AND pl.deleted = 0", ss->product_id, switched_supplier),
                   ==, 3);

  /* covers: every waiting line of the edited product is on order now */
  g_assert_cmpint (sql_count (fixture, "SELECT count(*) FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                              " JOIN purchase_orders po ON po.id = pl.po_id"
                              " WHERE pl.product_id = %" G_GINT64_FORMAT " AND po.status = 'draft'"
                              " AND c.deleted = 0", es->product_id), >=, es->n_lines);
  g_assert_cmpint (sql_count (fixture, "SELECT count(*) FROM order_lines WHERE product_id = %" G_GINT64_FORMAT
                              " AND status = 'waiting'", es->product_id), ==, 0);
  g_assert_cmpint (sql_count (fixture, "SELECT count(*) FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                              " WHERE pl.product_id = %" G_GINT64_FORMAT " AND c.deleted = 0"
                              " AND pl.quantity = 3", ss->product_id), >, 0);

  /* and the queue, told by the store, shows it */
  bd_test_ui_wait_for (fixture, queue_shows_on_order, "the queue to show the line on order");
  g_clear_pointer (&on_order_sku, g_free);
  g_clear_pointer (&created_numbers, g_strfreev);
}

/* A plan the store no longer allows (the supplier chosen stopped
 * delivering the product meanwhile) is refused in the dialog, which
 * keeps the plan; nothing is written. */
static void
test_replenish_error (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BdReplenishItem) switched = NULL;
  const BdSupplierOption *option;
  GtkWidget *row;
  gint64 pos_before = bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders");

  open_replenish (fixture);
  switched = replenish_item (0);
  row = find_item_row (GTK_WIDGET (replenish), switched);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (bd_test_ui_find_widget (row, GTK_TYPE_DROP_DOWN)),
                              bd_replenish_item_get_chosen (switched) == 0 ? 1 : 0);
  bd_test_ui_wait_for (fixture, replenish_loaded, "the list to group again");
  option = bd_replenish_item_get_option (switched);
  g_assert_true (bd_suppliers_remove_link (fixture->store, option->supplier_ref,
                                           bd_replenish_item_get_suggestion (switched)->sku, NULL, NULL));

  gtk_widget_activate_action (GTK_WIDGET (replenish), "replenish.create", NULL);
  bd_test_ui_drain ();
  bd_test_ui_wait_for (fixture, replenish_answered, "the refusal");
  g_assert_true (bd_test_ui_find_window (BD_TYPE_REPLENISH_DIALOG) == GTK_WINDOW (replenish));
  g_assert_nonnull (bd_replenish_dialog_get_error (replenish));
  g_test_message ("refused: %s", bd_replenish_dialog_get_error (replenish));
  g_assert_nonnull (strstr (bd_replenish_dialog_get_error (replenish), "does not deliver it"));
  g_assert_cmpint (bd_replenish_item_get_chosen (switched), ==, option == g_ptr_array_index (
                     bd_replenish_item_get_suggestion (switched)->options, 0) ? 0 : 1);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM purchase_orders"), ==, pos_before);
  g_assert_null (created_numbers);
  bd_test_ui_save_png (GTK_WIDGET (replenish), "ui-replenish-error.png");
}

/* Shortcut and menu: Ctrl+Shift+P opens the dialog, the main menu has it. */
static void
test_replenish_shortcut (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->window));
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      g_autoptr(GListModel) shortcuts = NULL;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      shortcuts = g_object_ref (G_LIST_MODEL (controller));
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (action) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_p &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == (GDK_CONTROL_MASK | GDK_SHIFT_MASK) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.replenish"))
            found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
show_po_cb (GSimpleAction *action,
            GVariant      *parameter,
            char         **shown)
{
  g_free (*shown);
  *shown = g_variant_dup_string (parameter, NULL);
}

/* A PO's number in the pane opens it through win.show-po when the window
 * has it (the Purchase Orders page), and does nothing without it. */
static void
test_show_po (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) suppliers = bd_suppliers_list (fixture->store, FALSE, NULL);
  BdSupplier *first = g_ptr_array_index (suppliers, 0);
  g_autoptr(GPtrArray) pos = bd_suppliers_list_pos (fixture->store, first, NULL);
  BdSupplierPo *po = g_ptr_array_index (pos, 0);
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-po", G_VARIANT_TYPE_STRING);
  g_autofree char *shown = NULL;

  show_supplier (fixture, bd_supplier_get_ref (first));

  /* no such action yet: nothing happens */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "suppliers.show-po", "s", po->number);
  bd_test_ui_drain ();

  g_signal_connect (action, "activate", G_CALLBACK (show_po_cb), &shown);
  g_action_map_add_action (G_ACTION_MAP (fixture->window), G_ACTION (action));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "suppliers.show-po", "s", po->number);
  bd_test_ui_drain ();
  g_assert_cmpstr (shown, ==, po->number);
  g_action_map_remove_action (G_ACTION_MAP (fixture->window), "show-po");
}

static gboolean
has_label_text (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_text (child))
      return TRUE;
  return FALSE;
}

/* Controls in @root a screen reader could not name: no text of their
 * own, no accessible label, labelled by nothing. */
static guint
count_unlabelled (GtkWidget *root)
{
  gboolean control = GTK_IS_BUTTON (root) || GTK_IS_SPIN_BUTTON (root) || GTK_IS_DROP_DOWN (root) ||
                     GTK_IS_SEARCH_ENTRY (root) || GTK_IS_SWITCH (root) || GTK_IS_LIST_BOX (root) ||
                     GTK_IS_LIST_VIEW (root) || GTK_IS_SPINNER (root) || GTK_IS_MENU_BUTTON (root);
  guint n = 0;

  /* an entry row is named by its title, and its parts by libadwaita */
  if (ADW_IS_ENTRY_ROW (root))
    return 0;

  if (control)
    {
      gboolean button = GTK_IS_BUTTON (root) || GTK_IS_MENU_BUTTON (root);
      /* a button is labelled by its child, text or icon: only text names it */
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                       (button ? has_label_text (root)
                               : gtk_test_accessible_has_relation (GTK_ACCESSIBLE (root),
                                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));

      /* a list box of rows inside a preferences group is the group's */
      if (GTK_IS_LIST_BOX (root) && gtk_widget_get_ancestor (root, ADW_TYPE_PREFERENCES_GROUP) != NULL)
        named = TRUE;
      if (!named)
        {
          g_test_message ("no accessible name: %s (%s) in %s in %s", G_OBJECT_TYPE_NAME (root),
                          GTK_IS_BUTTON (root) && gtk_button_get_icon_name (GTK_BUTTON (root)) != NULL
                          ? gtk_button_get_icon_name (GTK_BUTTON (root)) : "",
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (root)),
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (root))));
          n++;
        }
      /* their parts are named by GTK */
      if (!GTK_IS_LIST_BOX (root) && !GTK_IS_LIST_VIEW (root))
        return n;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_unlabelled (child);
  return n;
}

/* Every control of the page and the dialogs has a name for a screen
 * reader. */
static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) suppliers = bd_suppliers_list (fixture->store, FALSE, NULL);
  g_autoptr(GPtrArray) products = NULL;
  BdSupplierDialog *dialog;

  show_supplier (fixture, bd_supplier_get_ref (g_ptr_array_index (suppliers, 0)));
  g_assert_cmpuint (count_unlabelled (GTK_WIDGET (fixture->page)), ==, 0);

  dialog = open_supplier_dialog (fixture, "suppliers.edit");
  g_assert_cmpuint (count_unlabelled (GTK_WIDGET (dialog)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  products = bd_suppliers_list_products (fixture->store, g_ptr_array_index (suppliers, 0), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "suppliers.edit-link", "s",
                              ((BdSupplierProduct *)g_ptr_array_index (products, 0))->sku);
  bd_test_ui_drain ();
  g_assert_nonnull (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));
  g_assert_cmpuint (count_unlabelled (GTK_WIDGET (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG))), ==, 0);
  gtk_window_destroy (bd_test_ui_find_window (BD_TYPE_LINK_DIALOG));

  open_replenish (fixture);
  g_assert_cmpuint (count_unlabelled (GTK_WIDGET (replenish)), ==, 0);
}

/* A store without suppliers: the page says so and offers New Supplier. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkStack *list_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), BD_TYPE_SUPPLIERS_PAGE,
                                                                   "list_stack"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (bd_suppliers_page_get_shown (fixture->page)), ==, 0);
  g_assert_cmpuint (count_text (GTK_WIDGET (fixture->page), "No Suppliers"), ==, 1);
  g_assert_cmpuint (count_text (GTK_WIDGET (fixture->page), "_New Supplier…"), ==, 1);

  /* while the suppliers are read, a spinner */
  bd_suppliers_page_set_store (fixture->page, bd_window_get_store (fixture->window));
  g_assert_true (bd_suppliers_page_get_loading (fixture->page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "loading");
  bd_test_ui_wait_for (fixture, page_idle, "the suppliers to load again");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "empty");

  /* a store that cannot be read (its file went): the page says why */
  {
    g_autofree char *moved = g_strconcat (fixture->database, ".moved", NULL);
    g_autofree char *reason = NULL;

    g_assert_cmpint (g_rename (fixture->database, moved), ==, 0);
    bd_suppliers_page_set_store (fixture->page, bd_window_get_store (fixture->window));
    bd_test_ui_wait_for (fixture, page_idle, "the suppliers to be read");
    g_assert_cmpint (g_rename (moved, fixture->database), ==, 0);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "none-match");
    g_assert_cmpuint (count_text (GTK_WIDGET (fixture->page), "Could Not Read the Suppliers"), ==, 1);
    g_test_message ("said: %s", adw_status_page_get_description (
                      ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                      BD_TYPE_SUPPLIERS_PAGE, "none_match_page"))));
  }

  /* read again, the page lists what there is */
  bd_suppliers_page_set_store (fixture->page, bd_window_get_store (fixture->window));
  bd_test_ui_wait_for (fixture, page_idle, "the suppliers to be read again");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "empty");
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestSuppliers");

  g_test_add ("/ui-suppliers/list", Fixture, GINT_TO_POINTER (DEMO), fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/ui-suppliers/edit", Fixture, GINT_TO_POINTER (DEMO), fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/ui-suppliers/archive", Fixture, GINT_TO_POINTER (DEMO), fixture_set_up, test_archive,
              fixture_tear_down);
  g_test_add ("/ui-suppliers/replenish", Fixture, GINT_TO_POINTER (SECOND_SUPPLIERS), fixture_set_up, test_replenish,
              fixture_tear_down);
  g_test_add ("/ui-suppliers/replenish-error", Fixture, GINT_TO_POINTER (SECOND_SUPPLIERS), fixture_set_up,
              test_replenish_error, fixture_tear_down);
  g_test_add ("/ui-suppliers/replenish-shortcut", Fixture, GINT_TO_POINTER (DEMO), fixture_set_up,
              test_replenish_shortcut, fixture_tear_down);
  g_test_add ("/ui-suppliers/show-po", Fixture, GINT_TO_POINTER (DEMO), fixture_set_up, test_show_po,
              fixture_tear_down);
  g_test_add ("/ui-suppliers/accessible", Fixture, GINT_TO_POINTER (DEMO), fixture_set_up, test_accessible,
              fixture_tear_down);
  g_test_add ("/ui-suppliers/empty", Fixture, GINT_TO_POINTER (EMPTY), fixture_set_up, test_empty, fixture_tear_down);

  return g_test_run ();
}
