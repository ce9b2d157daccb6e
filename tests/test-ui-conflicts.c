/* test-ui-conflicts.c: the Sync Conflicts window, driven as a clerk
 * would, under Xvfb
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-conflicts"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bd-application.h"
#include "bd-conflict-row.h"
#include "bd-conflicts-dialog.h"
#include "bd-refused-row.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* A program of its own, as test-ui-forecast is: GLib's quarks (see
 * tests/bd-test-util.c). */

typedef struct
{
  char *dir;
  char *database;
  BdStore *store;               /* a connection of the test's own, to check */
  BdWindow *window;
  BdConflictsDialog *dialog;
} Fixture;

static BdApplication *app;

/* What a sync leaves: the server's email and name of customer C-1 in the
 * row, Bob's (this machine's) in two conflicts, the audit events saying
 * who wrote which; an edit of purchase order PO-1 and a new supplier
 * the server refused (an agent's). */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);

  {
    g_autoptr(BdStore) store = bd_store_create (fixture->database, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (bd_test_import_text (store, BD_IMPORT_ORDERS,
                                        "order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,"
                                        "quantity,backordered_quantity\n"
                                        "SO-1,2026-03-01,C-1,Ada Lovelace,ada@old.example,MUG,1,1\n",
                                        NULL, &error));
    g_assert_no_error (error);
    g_assert_true (bd_store_exec (store,
                                  "UPDATE customers SET dirty = 0, rev = '2-a', updated_at = '2026-04-01T09:00:00Z';"
                                  "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value,"
                                  " local_updated_at, remote_updated_at, created_at)"
                                  " SELECT 'customer:' || uuid, 'email', 'ada@new.example', 'ada@old.example',"
                                  " '2026-04-01T10:00:00Z', '2026-04-01T09:00:00Z', '2026-04-01T10:05:00Z'"
                                  " FROM customers;"
                                  "INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value,"
                                  " local_updated_at, remote_updated_at, created_at)"
                                  " SELECT 'customer:' || uuid, 'name', 'Ada King, Countess of Lovelace',"
                                  " 'Ada Lovelace', '2026-04-01T10:00:00Z', '2026-04-01T09:00:00Z',"
                                  " '2026-04-01T10:05:00Z' FROM customers;"
                                  "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
                                  " entity_uuid, field, old_value, new_value, dirty)"
                                  " SELECT 'e-1', '2026-04-01T09:00:00Z', '2026-04-01T09:00:00Z', 'b-1', 'Ann',"
                                  " 'contact', 'customers', uuid, 'email', NULL, 'ada@old.example', 0 FROM customers;"
                                  "INSERT INTO events (uuid, created_at, updated_at, batch, author, action, entity,"
                                  " entity_uuid, field, old_value, new_value)"
                                  " SELECT 'e-2', '2026-04-01T10:00:00Z', '2026-04-01T10:00:00Z', 'b-2', 'Bob',"
                                  " 'contact', 'customers', uuid, 'email', NULL, 'ada@new.example' FROM customers;"
                                  "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at, dirty, rev)"
                                  " VALUES ('S-1', 'Acme', 'supplier-1', '2026-03-01T00:00:00Z',"
                                  " '2026-03-01T00:00:00Z', 0, '1-s');"
                                  "INSERT INTO purchase_orders (number, supplier_id, currency, ordered_at, note, uuid,"
                                  " created_at, updated_at, rev, dirty)"
                                  " SELECT 'PO-1', id, 'EUR', '2026-03-01', 'cheaper elsewhere', 'po-1',"
                                  " '2026-03-01T00:00:00Z', '2026-04-01T10:00:00Z', '1-p', 1 FROM suppliers;"
                                  "INSERT INTO sync_shadow (doc_id, rev, body) VALUES ('purchase_order:po-1', '1-p',"
                                  " '{\"_id\":\"purchase_order:po-1\",\"currency\":\"EUR\",\"note\":null,"
                                  "\"ordered_at\":\"2026-03-01\",\"number\":\"PO-1\",\"supplier_id\":\"supplier-1\","
                                  "\"type\":\"purchase_order\",\"created_at\":\"2026-03-01T00:00:00Z\","
                                  "\"updated_at\":\"2026-03-01T00:00:00Z\"}');"
                                  "INSERT INTO sync_refused (doc_id, reason, body, refused_at) VALUES"
                                  " ('purchase_order:po-1', 'bob (agent) may not write purchase_order documents',"
                                  " '{\"_id\":\"purchase_order:po-1\",\"note\":\"cheaper elsewhere\"}',"
                                  " '2026-04-01T10:06:00Z');"
                                  "INSERT INTO suppliers (ref, name, uuid, created_at, updated_at)"
                                  " VALUES ('S-9', 'Bargain Bin', 'supplier-9', '2026-04-01T10:00:00Z',"
                                  " '2026-04-01T10:00:00Z');"
                                  "INSERT INTO sync_refused (doc_id, reason, body, refused_at) VALUES"
                                  " ('supplier:supplier-9', 'bob (agent) may not write supplier documents', '{}',"
                                  " '2026-04-01T10:06:00Z')", &error));
    g_assert_no_error (error);
  }

  fixture->store = bd_store_open (fixture->database, NULL);
  g_assert_nonnull (fixture->store);

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 800);
  bd_test_ui_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bd_test_ui_destroy_dialogs (GTK_WINDOW (fixture->window));
  /* the dialog goes before the window it is transient for */
  g_clear_object (&fixture->dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  bd_test_ui_wind_down ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->database);
  g_free (fixture->dir);
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

static GtkButton *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return GTK_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first menu button under @root with a menu (the header bar's sync
 * status is a menu button with a popover of its own). */
static GtkMenuButton *
find_menu (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)) != NULL)
    return GTK_MENU_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the main menu has an item that activates @action. */
static gboolean
main_menu_has (Fixture    *fixture,
               const char *action)
{
  GtkMenuButton *button = find_menu (GTK_WIDGET (fixture->window));
  GMenuModel *menu;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (button);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *name = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
              g_str_equal (name, action))
            return TRUE;
        }
    }
  return FALSE;
}

static const char *
visible_page (Fixture *fixture)
{
  GtkStack *stack = GTK_STACK (bd_test_ui_template_child (fixture->dialog, BD_TYPE_CONFLICTS_DIALOG, "stack"));

  return gtk_stack_get_visible_child_name (stack);
}

static gboolean
loaded (Fixture *fixture)
{
  return !bd_conflicts_dialog_get_loading (fixture->dialog);
}

/* Reads again after a change, as the dialog does, and waits for it. */
static void
wait_loaded (Fixture *fixture)
{
  bd_test_ui_wait_for (fixture, loaded, "the lists to be read");
}

/* Opens the window by the main window's action, as the main menu does:
 * it says it is reading, the lists come from a thread. */
static void
open_dialog (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-conflicts", NULL));
  fixture->dialog = g_object_ref (bd_test_ui_find_window (BD_TYPE_CONFLICTS_DIALOG));
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpstr (visible_page (fixture), ==, "loading");
  g_assert_true (bd_conflicts_dialog_get_loading (fixture->dialog));
  wait_loaded (fixture);
  bd_test_ui_drain ();
}

static char *
customer (Fixture *fixture)
{
  return bd_test_text (fixture->store, "SELECT email || '|' || name || '|' || dirty FROM customers");
}

static gboolean
email_kept (Fixture *fixture)
{
  bd_test_ui_drain ();
  return loaded (fixture) && bd_conflicts_dialog_get_n_conflicts (fixture->dialog) == 1;
}

static gboolean
discarded (Fixture *fixture)
{
  bd_test_ui_drain ();
  return loaded (fixture) && bd_conflicts_dialog_get_n_refused (fixture->dialog) == 1;
}

static gboolean
all_settled (Fixture *fixture)
{
  bd_test_ui_drain ();
  return loaded (fixture) && g_strcmp0 (visible_page (fixture), "empty") == 0;
}

/* Both conflicts with both values, who wrote them; Keep Mine clicked on
 * the email, another name typed in Edit…; the refused PO edit
 * discarded, the refused new supplier sent again: each written to the
 * store, and the window ends on its empty state. */
static void
test_resolve_discard (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *value = NULL;
  GtkWidget *row;
  AdwMessageDialog *edit;
  gint64 name_id;

  g_assert_true (main_menu_has (fixture, "win.show-conflicts"));
  open_dialog (fixture);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_conflicts (fixture->dialog), ==, 2);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_refused (fixture->dialog), ==, 2);
  g_assert_cmpstr (visible_page (fixture), ==, "list");
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "Customer C-1 (Ada Lovelace): Email"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "ada@new.example"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "ada@old.example"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "Bob, 2026-04-01 10:00"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "Ann, 2026-04-01 09:00"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "Purchase order PO-1"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "bob (agent) may not write purchase_order"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "Changed here: Note."));
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "Discarding deletes it"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts.png");

  /* Keep Mine on the first (the email), clicked */
  row = bd_test_ui_find_widget (GTK_WIDGET (fixture->dialog), BD_TYPE_CONFLICT_ROW);
  gtk_widget_activate (bd_conflict_row_get_first_button (BD_CONFLICT_ROW (row)));
  bd_test_ui_wait_for (fixture, email_kept, "the email to be kept");
  value = customer (fixture);
  g_assert_cmpstr (value, ==, "ada@new.example|Ada Lovelace|1");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM events WHERE action = 'sync-resolve'"
                                                  " AND field = 'email' AND new_value = 'ada@new.example'"), ==, 1);
  /* the next row's Keep Mine has the keyboard now */
  row = bd_test_ui_find_widget (GTK_WIDGET (fixture->dialog), BD_TYPE_CONFLICT_ROW);
  g_assert_true (gtk_widget_has_focus (bd_conflict_row_get_first_button (BD_CONFLICT_ROW (row))));

  /* Edit… on the name: another value typed and saved */
  name_id = bd_conflict_row_get_id (BD_CONFLICT_ROW (row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "conflicts.edit", "x", name_id));
  edit = bd_conflicts_dialog_get_edit_dialog (fixture->dialog);
  g_assert_nonnull (edit);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (edit))), ==,
                   "Ada King, Countess of Lovelace");
  bd_test_ui_save_png (GTK_WIDGET (edit), "ui-conflicts-edit.png");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (edit)), "Ada, Countess of Lovelace");
  adw_message_dialog_response (edit, "save");
  wait_loaded (fixture);
  g_free (value);
  value = customer (fixture);
  g_assert_cmpstr (value, ==, "ada@new.example|Ada, Countess of Lovelace|1");
  g_assert_cmpuint (bd_conflicts_dialog_get_n_conflicts (fixture->dialog), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM sync_conflicts WHERE resolved = 0"), ==, 0);
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-refused.png");

  /* Discard on the PO's edit: back to the server's version */
  row = bd_test_ui_find_widget (GTK_WIDGET (fixture->dialog), BD_TYPE_REFUSED_ROW);
  g_assert_cmpstr (bd_refused_row_get_doc_id (BD_REFUSED_ROW (row)), ==, "purchase_order:po-1");
  gtk_widget_activate (GTK_WIDGET (find_button (row, "_Discard")));
  bd_test_ui_wait_for (fixture, discarded, "the PO's edit to be discarded");
  g_free (value);
  value = bd_test_text (fixture->store, "SELECT coalesce(note, '(none)') || '|' || dirty FROM purchase_orders");
  g_assert_cmpstr (value, ==, "(none)|0");

  /* Retry on the new supplier: sent again with the next sync */
  row = bd_test_ui_find_widget (GTK_WIDGET (fixture->dialog), BD_TYPE_REFUSED_ROW);
  gtk_widget_activate (GTK_WIDGET (find_button (row, "_Retry")));
  bd_test_ui_wait_for (fixture, all_settled, "nothing left to decide");
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT count(*) FROM sync_refused"), ==, 0);
  g_assert_cmpint (bd_test_count (fixture->store, "SELECT dirty FROM suppliers WHERE ref = 'S-9'"), ==, 1);
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "No Conflicts"));
  /* the last action's toast, not the first's */
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "goes to the server again"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-empty.png");
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 360, 640);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-empty-narrow-dark.png");
}

static gboolean
error_shown (Fixture *fixture)
{
  bd_test_ui_drain ();
  return find_label_with (GTK_WIDGET (fixture->dialog), "no open conflict 999") != NULL;
}

/* Keep Theirs leaves the server's value, now as this machine's choice;
 * at 360 pixels and in the dark style the two sides stack and stay
 * readable. */
static void
test_narrow_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *value = NULL;
  GtkWidget *row;

  open_dialog (fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 360, 720);
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-narrow.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  /* the dark style takes a frame to apply */
  bd_test_ui_settle ();
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-narrow-dark.png");

  row = bd_test_ui_find_widget (GTK_WIDGET (fixture->dialog), BD_TYPE_CONFLICT_ROW);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "conflicts.keep-theirs", "x",
                                             bd_conflict_row_get_id (BD_CONFLICT_ROW (row))));
  wait_loaded (fixture);
  value = customer (fixture);
  g_assert_cmpstr (value, ==, "ada@old.example|Ada Lovelace|1");
  g_assert_cmpuint (bd_conflicts_dialog_get_n_conflicts (fixture->dialog), ==, 1);

  /* a conflict not open any more (settled by a sync meanwhile): said so,
   * nothing written */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "conflicts.keep-mine", "x",
                                             (gint64)999));
  wait_loaded (fixture);
  g_free (value);
  value = customer (fixture);
  g_assert_cmpstr (value, ==, "ada@old.example|Ada Lovelace|1");
  bd_test_ui_wait_for (fixture, error_shown, "the error in a toast");
}

/* The @index-th conflict row shown. */
static BdConflictRow *
nth_conflict_row (Fixture *fixture,
                  guint    index)
{
  GtkWidget *box = bd_test_ui_template_child (fixture->dialog, BD_TYPE_CONFLICTS_DIALOG, "conflicts_box");
  GtkWidget *row = gtk_widget_get_first_child (box);

  for (guint i = 0; i < index && row != NULL; i++)
    row = gtk_widget_get_next_sibling (row);
  g_assert_true (BD_IS_CONFLICT_ROW (row));
  return BD_CONFLICT_ROW (row);
}

static guint
count_children (GtkWidget *box)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The conflict row the keyboard is in, or 0. */
static gint64
focused_conflict (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->dialog));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, BD_TYPE_CONFLICT_ROW) : NULL;

  return row != NULL ? bd_conflict_row_get_id (BD_CONFLICT_ROW (row)) : 0;
}

static void
add_conflicts (Fixture *fixture,
               guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u)"
                                          " INSERT INTO sync_conflicts (doc_id, field, local_value, remote_value,"
                                          " local_updated_at, remote_updated_at, created_at)"
                                          " SELECT 'customer:' || c.uuid, 'phone', '+44 20 7946 ' || (1000 + i),"
                                          " '+44 20 7946 ' || (5000 + i), '2026-04-02T10:00:00Z',"
                                          " '2026-04-02T09:00:00Z', '2026-04-02T10:05:00Z' FROM n, customers c", n);

  g_assert_true (bd_store_exec (fixture->store, sql, &error));
  g_assert_no_error (error);
}

/* A thousand conflicts (a first sync between machines that drifted
 * apart): the window says it is reading, the list fills in from the
 * thread, every row in; a sync adding one meanwhile shows it, the list
 * staying up while it is read again and the keyboard staying on the row
 * it was on. */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const tables[] = { "sync_conflicts", NULL };
  GtkWidget *box;
  gint64 id;

  add_conflicts (fixture, 1000);
  open_dialog (fixture);
  g_assert_cmpstr (visible_page (fixture), ==, "list");
  g_assert_cmpuint (bd_conflicts_dialog_get_n_conflicts (fixture->dialog), ==, 1002);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_refused (fixture->dialog), ==, 2);
  box = bd_test_ui_template_child (fixture->dialog, BD_TYPE_CONFLICTS_DIALOG, "conflicts_box");
  g_assert_cmpuint (count_children (box), ==, 1002);
  g_assert_nonnull (find_label_with (GTK_WIDGET (fixture->dialog), "+44 20 7946 1500"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-many.png");

  /* the keyboard on the third row; a sync adds a conflict */
  id = bd_conflict_row_get_id (nth_conflict_row (fixture, 2));
  gtk_widget_grab_focus (bd_conflict_row_get_first_button (nth_conflict_row (fixture, 2)));
  g_assert_cmpint (focused_conflict (fixture), ==, id);
  add_conflicts (fixture, 1);
  bd_store_emit_changed_tables (bd_window_get_store (fixture->window), tables);
  g_assert_true (bd_conflicts_dialog_get_loading (fixture->dialog));
  g_assert_cmpstr (visible_page (fixture), ==, "list");
  wait_loaded (fixture);
  g_assert_cmpuint (bd_conflicts_dialog_get_n_conflicts (fixture->dialog), ==, 1003);
  g_assert_cmpuint (count_children (box), ==, 1003);
  g_assert_cmpint (focused_conflict (fixture), ==, id);

  /* how the reading looks, narrow and dark: the page a slow read shows
   * (a read this small is over before a frame can be drawn) */
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 360, 640);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bd_test_ui_settle ();
  {
    GtkStack *stack = GTK_STACK (bd_test_ui_template_child (fixture->dialog, BD_TYPE_CONFLICTS_DIALOG, "stack"));
    GtkSpinner *spinner = GTK_SPINNER (bd_test_ui_template_child (fixture->dialog, BD_TYPE_CONFLICTS_DIALOG,
                                                                  "loading_spinner"));

    gtk_stack_set_visible_child_name (stack, "loading");
    gtk_spinner_set_spinning (spinner, TRUE);
    bd_test_ui_save_png (GTK_WIDGET (fixture->dialog), "ui-conflicts-loading-narrow-dark.png");
    gtk_spinner_set_spinning (spinner, FALSE);
    gtk_stack_set_visible_child_name (stack, "list");
  }
}

/* Closed while it reads the lists again (a sync changed them a moment
 * before): the window goes at once, not when its read ends, and the read
 * ending later touches nothing of it. */
static void
test_closed_while_reading (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const tables[] = { "sync_conflicts", NULL };
  BdConflictsDialog *dialog;

  open_dialog (fixture);
  bd_store_emit_changed_tables (bd_window_get_store (fixture->window), tables);
  g_assert_true (bd_conflicts_dialog_get_loading (fixture->dialog));
  dialog = g_steal_pointer (&fixture->dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_object_unref (dialog);
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);
  bd_test_ui_wind_down ();
}

/* A closed window something still holds (a thread's work, here the
 * test) lets go of its transient parent when that goes, rather than
 * pointing to it freed and disconnecting from it when it goes itself;
 * as the app's dialogs are, it is one to be destroyed with its parent. */
static void
test_outlives_parent (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  g_autoptr(GtkWindow) child = g_object_ref (GTK_WINDOW (gtk_window_new ()));

  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *)&parent);
  gtk_window_set_transient_for (child, parent);
  gtk_window_set_destroy_with_parent (child, TRUE);
  gtk_window_present (parent);
  gtk_window_present (child);
  bd_test_ui_drain ();
  gtk_window_destroy (child);
  g_assert_true (gtk_window_get_transient_for (child) == parent);
  gtk_window_destroy (parent);
  g_assert_null (parent);
  g_assert_null (gtk_window_get_transient_for (child));
}

int
main (int    argc,
      char **argv)
{
  /* before GTK makes its quarks (tests/bd-test-util.c) */
  bd_test_keep_glib_quark_block ();

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestConflicts");

  g_test_add ("/ui-conflicts/resolve-discard", Fixture, NULL, fixture_set_up, test_resolve_discard,
              fixture_tear_down);
  g_test_add ("/ui-conflicts/narrow-dark", Fixture, NULL, fixture_set_up, test_narrow_dark, fixture_tear_down);
  g_test_add ("/ui-conflicts/many", Fixture, NULL, fixture_set_up, test_many, fixture_tear_down);
  g_test_add ("/ui-conflicts/closed-while-reading", Fixture, NULL, fixture_set_up, test_closed_while_reading,
              fixture_tear_down);
  g_test_add ("/ui-conflicts/outlives-parent", Fixture, NULL, fixture_set_up, test_outlives_parent,
              fixture_tear_down);

  return g_test_run ();
}
