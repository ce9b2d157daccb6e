/* test-ui-comm.c: communication in the app beyond the compose dialog's
 * batch: mail to a PO's supplier from the Purchase Orders page, under
 * Xvfb, against a real SMTP server on loopback
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-comm"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-application.h"
#include "bd-compose-dialog.h"
#include "bd-compose-item.h"
#include "bd-mail.h"
#include "bd-backorder.h"
#include "bd-demo.h"
#include "bd-followups.h"
#include "bd-install-settings.h"
#include "bd-messages.h"
#include "bd-po-detail.h"
#include "bd-po-history.h"
#include "bd-po-mail-dialog.h"
#include "bd-po-page.h"
#include "bd-purchase-order.h"
#include "bd-queue-page.h"
#include "bd-status.h"
#include "bd-suppliers.h"
#include "bd-suppliers-page.h"
#include "bd-team-settings.h"
#include "bd-test-ui-util.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* A program of its own, as test-ui-po is: the pages' widgets would take
 * test-ui past GLib's first block of quarks (see test-preferences.c). */

typedef struct
{
  char *dir;
  char *database;
  BdWindow *window;
  BdPoPage *page;
  GSubprocess *smtp;
  char *smtp_out;
} Fixture;

static BdApplication *app;
static char *desktop_dir;       /* XDG dirs with a mail program of the test's */

static gboolean
po_list_loaded (Fixture *fixture)
{
  BdSqlListModel *model = bd_po_page_get_model (fixture->page);

  return model != NULL && !bd_sql_list_model_get_loading (model);
}

static gboolean
lists_idle (Fixture *fixture)
{
  BdQueueModel *queue = bd_queue_page_get_model (bd_window_get_queue_page (fixture->window));

  return po_list_loaded (fixture) && (queue == NULL || !bd_queue_model_get_loading (queue));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bd_test_tmpdir ();
  fixture->database = g_build_filename (fixture->dir, "desk.sqlite3", NULL);
  fixture->smtp_out = g_build_filename (fixture->dir, "smtp.jsonl", NULL);

  {
    g_autoptr(BdStore) store = bd_store_create (fixture->database, NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GError) error = NULL;
    BdDemoOptions options = { 300, 3, now };

    g_assert_true (bd_demo_generate (store, &options, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (bd_team_settings_set (store, "company_name", "Kestrel Home Goods", NULL, &error));
    g_assert_no_error (error);
  }

  fixture->window = bd_test_ui_open_window (app, fixture->database, FALSE, 1280, 800);
  fixture->page = bd_window_get_po_page (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bd_test_ui_settle ();
  bd_test_ui_wait_for (fixture, lists_idle, "the lists to finish reading");

  bd_test_ui_destroy_dialogs (GTK_WINDOW (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  bd_test_ui_wind_down ();
  bd_test_smtp_server_stop (&fixture->smtp);
  bd_test_rm_rf (fixture->dir);
  g_free (fixture->smtp_out);
  g_free (fixture->database);
  g_free (fixture->dir);
}



/* A text the window's store answers, through a connection of the test's
 * own (as another program would read it). */
static char *
sql_text (Fixture    *fixture,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static char *
sql_text (Fixture    *fixture,
          const char *format,
          ...)
{
  g_autoptr(BdStore) store = bd_store_open (fixture->database, NULL);
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert_nonnull (store);
  return bd_test_text (store, sql);
}

static void
sql_exec (Fixture    *fixture,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_store_exec (bd_window_get_store (fixture->window), sql, &error));
  g_assert_no_error (error);
}

/* This installation sends through a real SMTP server on loopback, started
 * with @args. */
static void
start_mail_server (Fixture            *fixture,
                   const char * const *args)
{
  BdStore *store = bd_window_get_store (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  guint port;

  fixture->smtp = bd_test_smtp_server_start (fixture->smtp_out, args, &port);
  port_text = g_strdup_printf ("%u", port);
  g_assert_true (bd_install_settings_set (store, "smtp.host", "127.0.0.1", &error));
  g_assert_true (bd_install_settings_set (store, "smtp.port", port_text, &error));
  g_assert_true (bd_install_settings_set (store, "smtp.security", "none", &error));
  g_assert_true (bd_install_settings_set (store, "smtp.from", "desk@shop.example", &error));
  g_assert_no_error (error);
}

/* Purchase orders */

static gboolean
po_page_loaded (Fixture *fixture)
{
  return po_list_loaded (fixture);
}

static gboolean
po_selected (Fixture *fixture)
{
  BdPurchaseOrder *po = bd_po_detail_get_po (bd_po_page_get_detail (fixture->page));

  return po != NULL && g_str_equal (bd_purchase_order_get_number (po),
                                    g_object_get_data (G_OBJECT (fixture->window), "bd-wanted"));
}

/* The Purchase Orders page, showing @number. */
static void
show_po (Fixture    *fixture,
         const char *number)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (fixture->page), ADW_TYPE_VIEW_STACK));

  adw_view_stack_set_visible_child_name (stack, "purchase-orders");
  bd_test_ui_wait_for (fixture, po_page_loaded, "the purchase orders to load");
  g_object_set_data_full (G_OBJECT (fixture->window), "bd-wanted", g_strdup (number), g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-po", "s", number));
  bd_test_ui_wait_for (fixture, po_selected, "the purchase order to be selected");
  bd_test_ui_drain ();
}

static char *
po_with_status (Fixture    *fixture,
                const char *status)
{
  return sql_text (fixture, "SELECT number FROM purchase_orders WHERE status = '%s'"
                            " AND EXISTS (SELECT 1 FROM po_lines WHERE po_id = purchase_orders.id)"
                            " ORDER BY number LIMIT 1", status);
}

static BdPoMailDialog *
find_mail_dialog (void)
{
  return bd_test_ui_find_window (BD_TYPE_PO_MAIL_DIALOG);
}

static gboolean
mail_dialog_written (Fixture *fixture)
{
  BdPoMailDialog *dialog = find_mail_dialog ();

  return dialog != NULL && g_strcmp0 (bd_po_mail_dialog_get_state (dialog), "loading") != 0;
}

static gboolean
mail_dialog_done (Fixture *fixture)
{
  BdPoMailDialog *dialog = find_mail_dialog ();

  return dialog != NULL && (g_strcmp0 (bd_po_mail_dialog_get_state (dialog), "sent") == 0 ||
                            g_strcmp0 (bd_po_mail_dialog_get_state (dialog), "failed") == 0);
}

/* Opens the dialog of @action for the PO shown and waits for its message. */
static BdPoMailDialog *
open_mail_dialog (Fixture    *fixture,
                  const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  bd_test_ui_wait_for (fixture, mail_dialog_written, "the message to the supplier to be written");
  if (bd_po_mail_dialog_get_problem (find_mail_dialog ()) != NULL)
    g_test_message ("the dialog says: %s", bd_po_mail_dialog_get_problem (find_mail_dialog ()));
  return find_mail_dialog ();
}

static void
send_and_wait (Fixture        *fixture,
               BdPoMailDialog *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "po-mail.send", NULL));
  bd_test_ui_wait_for (fixture, mail_dialog_done, "the message to go");
  bd_test_ui_settle ();
}

static guint
count_po_messages (Fixture    *fixture,
                   const char *number,
                   const char *status)
{
  g_autofree char *n = sql_text (fixture, "SELECT count(*) FROM messages m JOIN purchase_orders po"
                                          " ON po.id = m.po_id WHERE po.number = '%s' AND m.status = '%s'",
                                 number, status);

  return (guint)g_ascii_strtoull (n, NULL, 10);
}

/* Send by Email… on a draft PO: the purchase order from its template with
 * its PDF, shown before it goes; sent through the SMTP server, which gets
 * the PDF; logged; and the draft is marked sent. */
static void
test_po_send_mail (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "draft");
  g_autofree char *email = NULL;
  g_autofree char *status = NULL;
  g_autofree char *attachment_header = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GPtrArray) history = NULL;
  BdPoDetail *detail = bd_po_page_get_detail (fixture->page);
  const BdOutgoing *outgoing;
  BdPoMailDialog *dialog;
  JsonObject *mail;
  const char *text;
  gboolean listed = FALSE;

  g_assert_nonnull (number);
  email = sql_text (fixture, "SELECT s.email FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                             " WHERE po.number = '%s'", number);
  g_assert_nonnull (email);
  start_mail_server (fixture, NULL);
  show_po (fixture, number);

  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (detail, BD_TYPE_PO_DETAIL, "mail_button")));
  g_assert_false (gtk_widget_get_visible (bd_test_ui_template_child (detail, BD_TYPE_PO_DETAIL, "chase_button")));

  dialog = open_mail_dialog (fixture, "po.send-mail");
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "ready");
  g_assert_null (bd_po_mail_dialog_get_problem (dialog));
  outgoing = bd_po_mail_dialog_get_outgoing (dialog);
  g_assert_cmpstr (outgoing->kind, ==, "purchase_order");
  g_assert_cmpstr (outgoing->recipient, ==, email);
  g_assert_nonnull (strstr (outgoing->subject, number));
  g_assert_nonnull (outgoing->attachment);
  g_assert_true (g_str_has_prefix (outgoing->attachment_name, number));
  /* the dialog shows what goes */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG,
                                                                                  "to_row"))), email));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG,
                                                                         "subject_row"))), ==, outgoing->subject);
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "attachment_row")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "body_label"))), ==,
                   outgoing->body);
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail.png");
  /* narrow and dark, as a phone-sized window shows it */
  {
    AdwStyleManager *style = adw_style_manager_get_default ();

    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 600);
    bd_test_ui_settle ();
    bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail-narrow-dark.png");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 640);
    bd_test_ui_settle ();
  }

  /* nothing went before Send */
  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, 0);
  g_clear_pointer (&received, g_ptr_array_unref);
  status = sql_text (fixture, "SELECT status FROM purchase_orders WHERE number = '%s'", number);
  g_assert_cmpstr (status, ==, "draft");
  g_clear_pointer (&status, g_free);

  send_and_wait (fixture, dialog);
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "sent");

  /* the server has it, with the PDF */
  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, 1);
  mail = json_node_get_object (g_ptr_array_index (received, 0));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (mail, "to"), 0), ==, email);
  text = json_object_get_string_member (mail, "data");
  attachment_header = g_strdup_printf ("Content-Disposition: attachment; filename=\"%s.pdf\"", number);
  g_assert_nonnull (strstr (text, "Content-Type: application/pdf"));
  g_assert_nonnull (strstr (text, attachment_header));
  /* "%PDF" in base64 */
  g_assert_nonnull (strstr (text, "JVBERi"));

  /* logged, the PO sent, and its history says so */
  g_assert_cmpuint (count_po_messages (fixture, number, "sent"), ==, 1);
  status = sql_text (fixture, "SELECT status FROM purchase_orders WHERE number = '%s'", number);
  g_assert_cmpstr (status, ==, "sent");
  g_assert_cmpstr (bd_purchase_order_get_status (bd_po_detail_get_po (detail)), ==, "sent");
  history = bd_po_history_list (bd_window_get_store (fixture->window),
                                bd_purchase_order_get_id (bd_po_detail_get_po (detail)), NULL);
  g_assert_nonnull (history);
  for (guint i = 0; i < history->len; i++)
    {
      BdHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_strcmp0 (entry->action, "message") == 0 && g_strcmp0 (entry->new_value, "sent") == 0)
        {
          g_assert_cmpstr (entry->subject, ==, "purchase_order");
          listed = TRUE;
        }
    }
  g_assert_true (listed);
  /* a sent PO can be chased now */
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (detail, BD_TYPE_PO_DETAIL, "chase_button")));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail-sent.png");
}

/* Chase Supplier… on a sent PO: the chase template, the PO's PDF
 * attached; the PO stays sent. */
static void
test_po_chase (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "sent");
  g_autofree char *status = NULL;
  g_autoptr(GPtrArray) received = NULL;
  const BdOutgoing *outgoing;
  BdPoMailDialog *dialog;
  const char *text;

  g_assert_nonnull (number);
  start_mail_server (fixture, NULL);
  show_po (fixture, number);
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (bd_po_page_get_detail (fixture->page), BD_TYPE_PO_DETAIL,
                                                "chase_button")));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-comm-po-detail.png");

  dialog = open_mail_dialog (fixture, "po.chase");
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "ready");
  outgoing = bd_po_mail_dialog_get_outgoing (dialog);
  g_assert_cmpstr (outgoing->kind, ==, "chase");
  g_assert_nonnull (outgoing->attachment);
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "attachment_row")));

  send_and_wait (fixture, dialog);
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "sent");
  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, 1);
  text = json_object_get_string_member (json_node_get_object (g_ptr_array_index (received, 0)), "data");
  g_assert_nonnull (strstr (text, "application/pdf"));
  g_assert_cmpuint (count_po_messages (fixture, number, "sent"), ==, 1);
  status = sql_text (fixture, "SELECT status FROM purchase_orders WHERE number = '%s'", number);
  g_assert_cmpstr (status, ==, "sent");
}

/* A supplier without an email address: said in the dialog, Send off,
 * nothing logged, nothing sent, the PO as it was. */
static void
test_po_mail_no_address (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "draft");
  g_autofree char *sql = NULL;
  g_autofree char *status = NULL;
  g_autofree char *n_messages = NULL;
  g_autoptr(GPtrArray) received = NULL;
  BdPoMailDialog *dialog;

  g_assert_nonnull (number);
  start_mail_server (fixture, NULL);
  sql = g_strdup_printf ("UPDATE suppliers SET email = NULL WHERE id ="
                         " (SELECT supplier_id FROM purchase_orders WHERE number = '%s')", number);
  sql_exec (fixture, sql);
  show_po (fixture, number);

  dialog = open_mail_dialog (fixture, "po.send-mail");
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "blocked");
  g_assert_nonnull (strstr (bd_po_mail_dialog_get_problem (dialog), "has no email address"));
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "status_label")));
  g_assert_false (gtk_widget_is_sensitive (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "send_button")));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail-no-address.png");

  /* the action too refuses */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "po-mail.send", NULL) == FALSE ||
                 g_strcmp0 (bd_po_mail_dialog_get_state (dialog), "blocked") == 0);
  bd_test_ui_settle ();
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "blocked");
  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, 0);
  n_messages = sql_text (fixture, "SELECT count(*) FROM messages");
  g_assert_cmpstr (n_messages, ==, "0");
  status = sql_text (fixture, "SELECT status FROM purchase_orders WHERE number = '%s'", number);
  g_assert_cmpstr (status, ==, "draft");
}

/* The server refuses the supplier's address: said in the dialog, logged
 * as failed, and the draft stays a draft. */
static void
test_po_mail_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "draft");
  g_autofree char *email = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GPtrArray) received = NULL;
  BdPoMailDialog *dialog;

  g_assert_nonnull (number);
  email = sql_text (fixture, "SELECT s.email FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                             " WHERE po.number = '%s'", number);
  start_mail_server (fixture, (const char *[]) { "--refuse-rcpt", email, NULL });
  show_po (fixture, number);

  dialog = open_mail_dialog (fixture, "po.send-mail");
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "ready");
  send_and_wait (fixture, dialog);
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "failed");
  g_assert_nonnull (bd_po_mail_dialog_get_problem (dialog));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "status_label"))),
                            "Not sent"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail-refused.png");

  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, 0);
  g_assert_cmpuint (count_po_messages (fixture, number, "failed"), ==, 1);
  g_assert_cmpuint (count_po_messages (fixture, number, "sent"), ==, 0);
  status = sql_text (fixture, "SELECT status FROM purchase_orders WHERE number = '%s'", number);
  g_assert_cmpstr (status, ==, "draft");
}

static gboolean
mail_dialog_saved (Fixture *fixture)
{
  BdPoMailDialog *dialog = find_mail_dialog ();

  return dialog != NULL && (g_strcmp0 (bd_po_mail_dialog_get_state (dialog), "saved") == 0 ||
                            g_strcmp0 (bd_po_mail_dialog_get_state (dialog), "failed") == 0);
}

/* A desk without a mail server: the dialog says so, and saves the
 * purchase order as an .eml file with its PDF instead, logged as saved;
 * the PO stays a draft until the clerk sent it from their mail program. */
static void
test_po_mail_save_eml (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "draft");
  g_autofree char *folder_path = g_build_filename (fixture->dir, "outbox", NULL);
  g_autofree char *status = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *attachment_header = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  BdPoMailDialog *dialog;

  g_assert_nonnull (number);
  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  g_assert_true (bd_install_settings_set (bd_window_get_store (fixture->window), "smtp.from", "desk@shop.example",
                                          &error));
  g_assert_no_error (error);
  show_po (fixture, number);

  dialog = open_mail_dialog (fixture, "po.send-mail");
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "blocked");
  g_assert_nonnull (strstr (bd_po_mail_dialog_get_problem (dialog), "No mail server"));
  g_assert_false (gtk_widget_is_sensitive (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "send_button")));
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "eml_button")));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail-no-server.png");

  folder = g_file_new_for_path (folder_path);
  bd_po_mail_dialog_save_eml (dialog, folder);
  bd_test_ui_wait_for (fixture, mail_dialog_saved, "the message to be saved");
  bd_test_ui_settle ();
  g_assert_cmpstr (bd_po_mail_dialog_get_state (dialog), ==, "saved");
  g_assert_false (gtk_widget_get_visible (bd_test_ui_template_child (dialog, BD_TYPE_PO_MAIL_DIALOG, "eml_button")));

  /* one .eml file, the PDF attached */
  dir = g_dir_open (folder_path, 0, &error);
  g_assert_no_error (error);
  name = g_strdup (g_dir_read_name (dir));
  g_assert_nonnull (name);
  g_assert_true (g_str_has_suffix (name, ".eml"));
  g_assert_null (g_dir_read_name (dir));
  path = g_build_filename (folder_path, name, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "From: <desk@shop.example>"));
  attachment_header = g_strdup_printf ("Content-Disposition: attachment; filename=\"%s.pdf\"", number);
  g_assert_nonnull (strstr (text, attachment_header));
  g_assert_nonnull (strstr (text, "JVBERi"));

  saved = sql_text (fixture, "SELECT count(*) FROM messages WHERE channel = 'eml' AND status = 'saved'");
  g_assert_cmpstr (saved, ==, "1");
  status = sql_text (fixture, "SELECT status FROM purchase_orders WHERE number = '%s'", number);
  g_assert_cmpstr (status, ==, "draft");
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-po-mail-saved.png");
}

/* The AdwMessageDialog on screen, or NULL. */
static AdwMessageDialog *
find_message_dialog (void)
{
  return bd_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static BdComposeDialog *
find_compose_dialog (void)
{
  return bd_test_ui_find_window (BD_TYPE_COMPOSE_DIALOG);
}

static gboolean
found_compose_ready (Fixture *fixture)
{
  BdComposeDialog *dialog = find_compose_dialog ();

  return dialog != NULL && g_strcmp0 (bd_compose_dialog_get_state (dialog), "ready") == 0;
}

/* The date change is written on a thread: the list of the lines it made
 * late comes when it is done. */
static gboolean
at_risk_shown (Fixture *fixture)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (dialog)), "bd-at-risk") == 0;
}

/* A later date for a confirmed PO lists the lines it makes late for
 * their promise; Send Delay Notices… there writes the delay notice (the
 * new date and the option to cancel) to each of them, to read and send. */
static void
test_po_at_risk_notices (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *number = po_with_status (fixture, "confirmed");
  g_autofree char *sql = NULL;
  g_autofree char *covered = NULL;
  g_auto(GStrv) covered_ids = NULL;
  AdwMessageDialog *dialog;
  BdComposeDialog *compose;
  GListModel *items;
  guint n;

  g_assert_nonnull (number);
  sql = g_strdup_printf ("UPDATE order_lines SET promised_at = strftime('%%Y-%%m-%%dT00:00:00Z', 'now', '+7 days')"
                         " WHERE id IN (SELECT c.line_id FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                         " JOIN purchase_orders po ON po.id = pl.po_id WHERE po.number = '%s' AND c.deleted = 0)",
                         number);
  sql_exec (fixture, sql);
  covered = sql_text (fixture, "SELECT group_concat(id, ' ') FROM (SELECT DISTINCT c.line_id AS id"
                               " FROM po_line_covers c JOIN po_lines pl ON pl.id = c.po_line_id"
                               " JOIN purchase_orders po ON po.id = pl.po_id"
                               " WHERE po.number = '%s' AND c.deleted = 0)", number);
  covered_ids = g_strsplit (covered, " ", -1);
  show_po (fixture, number);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "po.set-expected", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "2031-06-30");
  adw_message_dialog_response (dialog, "set");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, at_risk_shown, "the lines the new date makes late");

  dialog = find_message_dialog ();
  g_assert_true (adw_message_dialog_has_response (dialog, "notify"));
  adw_message_dialog_response (dialog, "notify");
  gtk_window_destroy (GTK_WINDOW (dialog));

  bd_test_ui_wait_for (fixture, found_compose_ready, "the delay notices to be written");
  compose = find_compose_dialog ();
  g_assert_cmpstr (bd_compose_dialog_get_kind (compose), ==, "delay_notice");
  items = bd_compose_dialog_get_items (compose);
  n = g_list_model_get_n_items (items);
  g_assert_cmpuint (n, ==, g_strv_length (covered_ids));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, bd_compose_item_get_line_id (item));
      BdOutgoing *outgoing = bd_compose_item_get_outgoing (item);

      g_assert_true (g_strv_contains ((const char * const *)covered_ids, id));
      g_assert_nonnull (outgoing);
      g_assert_cmpstr (outgoing->kind, ==, "delay_notice");
    }
  bd_test_ui_save_png (GTK_WIDGET (compose), "ui-comm-at-risk-notices.png");
}

/* Suppliers: chase every PO on the To Chase list at once */

static gboolean
suppliers_idle (Fixture *fixture)
{
  BdSuppliersPage *page = BD_SUPPLIERS_PAGE (bd_window_get_suppliers_page (fixture->window));

  return !bd_suppliers_page_get_busy (page) && g_list_model_get_n_items (bd_suppliers_page_get_shown (page)) > 0;
}

static gboolean
found_compose_done (Fixture *fixture)
{
  BdComposeDialog *dialog = find_compose_dialog ();

  return dialog != NULL && g_strcmp0 (bd_compose_dialog_get_state (dialog), "done") == 0;
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    g_ptr_array_add (checks, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_checks (child, checks);
}

/* One supplier's POs to chase all have an email address but one: its
 * supplier loses it, so that the batch shows what cannot go. */
static char *
drop_an_address (Fixture   *fixture,
                 GPtrArray *chase)
{
  BdChaseEntry *last = g_ptr_array_index (chase, chase->len - 1);
  g_autofree char *sql = g_strdup_printf ("UPDATE suppliers SET email = NULL WHERE ref = '%s'", last->supplier_ref);

  sql_exec (fixture, sql);
  return g_strdup (last->supplier_ref);
}

/* Chase All Suppliers… under the To Chase filter: one reminder per PO on
 * the list, from the chase template, to its own supplier with the PO's
 * PDF, all shown before any goes; a supplier without an address said
 * first and left out; Send sends the rest over the mail server, each
 * logged on its PO. Chase All… of one supplier writes only its own. */
static void
test_suppliers_chase_all (Fixture       *fixture,
                          gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  GtkWidget *page = bd_window_get_suppliers_page (fixture->window);
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK));
  g_autoptr(GPtrArray) chase = bd_suppliers_chase (store, NULL);
  g_autoptr(GPtrArray) received = NULL;
  g_autofree char *no_address = NULL;
  BdComposeDialog *compose;
  GListModel *items;
  guint n_sendable = 0, n_problems = 0;

  /* the demo's POs to chase, dated from today */
  g_assert_nonnull (chase);
  g_assert_cmpuint (chase->len, >=, 2);
  start_mail_server (fixture, NULL);
  no_address = drop_an_address (fixture, chase);

  adw_view_stack_set_visible_child_name (stack, "suppliers");
  bd_test_ui_wait_for (fixture, suppliers_idle, "the suppliers to load");
  g_assert_false (gtk_widget_get_visible (bd_test_ui_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "chase_all_button")));
  gtk_widget_activate_action (page, "suppliers.filter", "s", "chase");
  bd_test_ui_drain ();
  g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "chase_all_button")));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-comm-suppliers-chase-all-button.png");

  g_assert_true (gtk_widget_activate_action (page, "suppliers.chase-all", NULL));
  bd_test_ui_wait_for (fixture, found_compose_ready, "the reminders to be written");
  compose = find_compose_dialog ();
  g_assert_cmpstr (bd_compose_dialog_get_kind (compose), ==, "chase");
  items = bd_compose_dialog_get_items (compose);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, chase->len);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BdComposeItem) item = g_list_model_get_item (items, i);
      BdOutgoing *outgoing = bd_compose_item_get_outgoing (item);
      BdChaseEntry *entry = NULL;
      g_autofree char *pdf = NULL;

      for (guint j = 0; j < chase->len; j++)
        if (g_str_equal (((BdChaseEntry *)g_ptr_array_index (chase, j))->po_number, bd_compose_item_get_ref (item)))
          entry = g_ptr_array_index (chase, j);
      g_assert_nonnull (entry);
      g_assert_nonnull (outgoing);
      g_assert_cmpstr (outgoing->kind, ==, "chase");
      g_assert_cmpint (outgoing->po_id, >, 0);
      g_assert_nonnull (strstr (outgoing->subject, entry->po_number));
      pdf = g_strdup_printf ("%s.pdf", entry->po_number);
      g_assert_cmpstr (outgoing->attachment_name, ==, pdf);
      g_assert_nonnull (outgoing->attachment);
      if (g_str_equal (entry->supplier_ref, no_address))
        {
          /* what cannot go comes first */
          g_assert_cmpuint (i, <, chase->len - n_sendable);
          g_assert_nonnull (strstr (bd_compose_item_get_problem (item), "has no email address"));
          n_problems++;
        }
      else
        {
          g_assert_cmpstr (outgoing->recipient, ==, entry->email);
          g_assert_null (bd_compose_item_get_problem (item));
          n_sendable++;
        }
    }
  g_assert_cmpuint (n_problems, >, 0);
  g_assert_cmpuint (n_sendable, >, 0);
  g_assert_cmpuint (bd_compose_dialog_get_n_sendable (compose), ==, n_sendable);
  bd_test_ui_save_png (GTK_WIDGET (compose), "ui-comm-suppliers-chase-all.png");
  {
    AdwStyleManager *style = adw_style_manager_get_default ();
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (compose), &width, &height);
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    gtk_window_set_default_size (GTK_WINDOW (compose), 360, 640);
    bd_test_ui_settle ();
    bd_test_ui_save_png (GTK_WIDGET (compose), "ui-comm-suppliers-chase-all-narrow-dark.png");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    gtk_window_set_default_size (GTK_WINDOW (compose), width, height);
    bd_test_ui_settle ();
  }

  /* nothing went before Send */
  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, 0);
  g_clear_pointer (&received, g_ptr_array_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compose), "compose.send", NULL));
  bd_test_ui_wait_for (fixture, found_compose_done, "the reminders to go");
  bd_test_ui_save_png (GTK_WIDGET (compose), "ui-comm-suppliers-chase-all-sent.png");
  received = bd_test_smtp_received (fixture->smtp_out);
  g_assert_cmpuint (received->len, ==, n_sendable);
  for (guint i = 0; i < chase->len; i++)
    {
      BdChaseEntry *entry = g_ptr_array_index (chase, i);
      g_autofree char *po_id = sql_text (fixture, "SELECT id FROM purchase_orders WHERE number = '%s'",
                                         entry->po_number);
      g_autoptr(GPtrArray) history = bd_po_history_list (store, g_ascii_strtoll (po_id, NULL, 10), NULL);
      guint logged = 0;

      g_assert_cmpuint (count_po_messages (fixture, entry->po_number, "sent"), ==,
                        g_str_equal (entry->supplier_ref, no_address) ? 0 : 1);
      for (guint j = 0; history != NULL && j < history->len; j++)
        {
          BdHistoryEntry *event = g_ptr_array_index (history, j);

          if (g_strcmp0 (event->action, "message") == 0 && g_strcmp0 (event->subject, "chase") == 0 &&
              g_strcmp0 (event->new_value, "sent") == 0)
            logged++;
        }
      g_assert_cmpuint (logged, ==, g_str_equal (entry->supplier_ref, no_address) ? 0 : 1);
    }
  gtk_window_destroy (GTK_WINDOW (compose));
  bd_test_ui_drain ();

  /* one supplier's: only its own POs */
  {
    BdChaseEntry *first = g_ptr_array_index (chase, 0);
    guint own = 0;

    for (guint i = 0; i < chase->len; i++)
      own += g_str_equal (((BdChaseEntry *)g_ptr_array_index (chase, i))->supplier_ref, first->supplier_ref);
    g_assert_true (bd_suppliers_page_select (BD_SUPPLIERS_PAGE (page), first->supplier_ref));
    bd_test_ui_wait_for (fixture, suppliers_idle, "the supplier to be shown");
    g_assert_true (gtk_widget_get_visible (bd_test_ui_template_child (page, BD_TYPE_SUPPLIERS_PAGE,
                                                                      "chase_supplier_button")));
    bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-comm-suppliers-chase-supplier.png");
    g_assert_true (gtk_widget_activate_action (page, "suppliers.chase", NULL));
    bd_test_ui_wait_for (fixture, found_compose_ready, "the supplier's reminders to be written");
    compose = find_compose_dialog ();
    g_assert_cmpuint (g_list_model_get_n_items (bd_compose_dialog_get_items (compose)), ==, own);
    gtk_window_destroy (GTK_WINDOW (compose));
    bd_test_ui_drain ();

    /* the one ticked, when the clerk leaves the others out; none, no Chase */
    {
      GtkWidget *group = bd_test_ui_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "chase_group");
      GtkWidget *button = bd_test_ui_template_child (page, BD_TYPE_SUPPLIERS_PAGE, "chase_supplier_button");
      g_autoptr(GPtrArray) checks = g_ptr_array_new ();
      g_autoptr(BdComposeItem) item = NULL;

      collect_checks (group, checks);
      g_assert_cmpuint (checks->len, ==, own);
      for (guint i = 0; i < checks->len; i++)
        gtk_check_button_set_active (g_ptr_array_index (checks, i), FALSE);
      g_assert_false (gtk_widget_is_sensitive (button));
      gtk_check_button_set_active (g_ptr_array_index (checks, 0), TRUE);
      g_assert_true (gtk_widget_is_sensitive (button));
      if (own > 1)
        g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Chase 1…");
      g_assert_true (gtk_widget_activate_action (page, "suppliers.chase", NULL));
      bd_test_ui_wait_for (fixture, found_compose_ready, "the one reminder to be written");
      compose = find_compose_dialog ();
      g_assert_cmpuint (g_list_model_get_n_items (bd_compose_dialog_get_items (compose)), ==, 1);
      item = g_list_model_get_item (bd_compose_dialog_get_items (compose), 0);
      g_assert_cmpstr (bd_compose_item_get_ref (item), ==, first->po_number);
      gtk_window_destroy (GTK_WINDOW (compose));
      bd_test_ui_drain ();
    }
  }

  /* a phone's width, dark: the supplier's pane with its Chase button */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  for (guint i = 0; i < 60; i++)
    {
      bd_test_ui_drain ();
      g_usleep (10000);
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-comm-suppliers-chase-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The compose dialog */

static gboolean
compose_ready (Fixture *fixture)
{
  BdComposeDialog *dialog = g_object_get_data (G_OBJECT (fixture->window), "bd-compose");

  return g_strcmp0 (bd_compose_dialog_get_state (dialog), "loading") != 0;
}

static gboolean
compose_done (Fixture *fixture)
{
  BdComposeDialog *dialog = g_object_get_data (G_OBJECT (fixture->window), "bd-compose");

  return g_strcmp0 (bd_compose_dialog_get_state (dialog), "done") == 0;
}

static char *
mail_program_path (void)
{
  return g_build_filename (desktop_dir, "mailto.txt", NULL);
}

static gboolean
mail_program_ran (Fixture *fixture)
{
  g_autofree char *path = mail_program_path ();

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Email customer on a desk without a mail server: the one message goes
 * to the user's own mail program as a mailto: URI, its subject and text
 * encoded whole, and is logged as handed over, never as sent. */
static void
test_mail_app (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *line_text = sql_text (fixture, "SELECT id FROM order_lines WHERE backordered_quantity > 0"
                                                  " AND status = 'waiting' ORDER BY id LIMIT 1");
  gint64 line_id = g_ascii_strtoll (line_text, NULL, 10);
  g_autofree char *path = mail_program_path ();
  g_autofree char *opened = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *handed = NULL;
  g_autofree char *sent = NULL;
  g_autoptr(BdComposeItem) item = NULL;
  BdComposeDialog *dialog;
  BdOutgoing *outgoing;
  GtkWidget *row;

  g_remove (path);
  dialog = bd_compose_dialog_new (GTK_WINDOW (fixture->window), bd_window_get_store (fixture->window),
                                  &line_id, 1, BD_COMPOSE_TARGET_OVERDUE);
  g_object_set_data (G_OBJECT (fixture->window), "bd-compose", dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  bd_test_ui_wait_for (fixture, compose_ready, "the message to be written");

  /* no mail server: it cannot go by email from here, but the user's mail
   * program can take it */
  g_assert_cmpuint (bd_compose_dialog_get_n_sendable (dialog), ==, 0);
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), BD_TYPE_COMPOSE_DIALOG, "mail_app_row"));
  g_assert_true (gtk_widget_get_visible (row));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-mail-app.png");

  item = g_list_model_get_item (bd_compose_dialog_get_items (dialog), 0);
  outgoing = bd_compose_item_get_outgoing (item);
  g_assert_nonnull (outgoing);
  expected = bd_mail_mailto_uri (outgoing->recipient, outgoing->subject, outgoing->body);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "compose.open-mail-app", NULL));
  bd_test_ui_wait_for (fixture, compose_done, "the message to be handed to the mail program");
  bd_test_ui_wait_for (fixture, mail_program_ran, "the mail program to run");
  bd_test_ui_settle ();

  /* the mail program got the URI, which decodes to the message */
  g_assert_true (g_file_get_contents (path, &opened, NULL, NULL));
  g_assert_cmpstr (opened, ==, expected);
  g_assert_cmpstr (bd_compose_dialog_get_mailto_uri (dialog), ==, expected);
  g_assert_true (g_str_has_prefix (opened, "mailto:"));
  g_assert_null (strchr (opened, ' '));
  g_assert_null (strchr (opened, '\n'));
  subject = g_uri_unescape_segment (strstr (opened, "?subject=") + 9, strstr (opened, "&body="), NULL);
  g_assert_cmpstr (subject, ==, outgoing->subject);
  body = g_uri_unescape_string (strstr (opened, "&body=") + 6, NULL);
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "\r\n"));
  g_assert_true (g_str_has_prefix (body, "Dear "));

  /* logged as handed over, not as sent */
  handed = sql_text (fixture, "SELECT count(*) FROM messages WHERE channel = 'mailto' AND status = 'handed_to_client'"
                              " AND line_id = %" G_GINT64_FORMAT, line_id);
  g_assert_cmpstr (handed, ==, "1");
  sent = sql_text (fixture, "SELECT count(*) FROM messages WHERE status = 'sent'");
  g_assert_cmpstr (sent, ==, "0");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (
                      GTK_WIDGET (dialog), BD_TYPE_COMPOSE_DIALOG, "summary_label"))), "not as sent"));
  bd_test_ui_save_png (GTK_WIDGET (dialog), "ui-comm-mail-app-done.png");
}

/* The follow-up notification */

static gboolean
queue_shows_followups (Fixture *fixture)
{
  BdQueuePage *page = bd_window_get_queue_page (fixture->window);
  const BdBackorderQuery *query = bd_queue_page_get_query (page);
  BdQueueModel *model = bd_queue_page_get_model (page);

  return query != NULL && query->followup_due && model != NULL && !bd_queue_model_get_loading (model) &&
         bd_queue_model_get_query (model)->followup_due;
}

/* A label under @root that reads @text, mapped. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicking the notification (app.show-followups, its default action,
 * with the database as its target) shows the queue of that database's
 * window filtered to the open lines of the customers due a follow-up,
 * under a chip that says so. */
static void
test_followups_show (Fixture       *fixture,
                     gconstpointer  data)
{
  BdStore *store = bd_window_get_store (fixture->window);
  BdQueuePage *page = bd_window_get_queue_page (fixture->window);
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GHashTable) due_refs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) ids = g_string_new ("0");
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  BdQueueModel *model;
  guint n;

  due = bd_followups_list (store, FALSE, &error);
  g_assert_no_error (error);
  /* the demo's customers waited weeks without a word: some are due, not all */
  g_assert_cmpuint (due->len, >, 0);
  for (guint i = 0; i < due->len; i++)
    {
      BdFollowup *followup = g_ptr_array_index (due, i);

      g_hash_table_add (due_refs, followup->customer_ref);
      g_string_append_printf (ids, ",%" G_GINT64_FORMAT, followup->customer_id);
    }
  sql = g_strdup_printf ("SELECT count(*) FROM order_lines WHERE backordered_quantity > 0 AND deleted = 0"
                         " AND status IN (%s) AND customer_id IN (%s)", bd_status_open_sql (), ids->str);
  expected = sql_text (fixture, "%s", sql);
  adw_view_stack_set_visible_child_name (stack, "dashboard");
  bd_test_ui_drain ();

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "show-followups",
                                  g_variant_new_string (fixture->database));
  bd_test_ui_wait_for (fixture, queue_shows_followups, "the queue to show the follow-ups due");
  bd_test_ui_drain ();

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "queue");
  model = bd_queue_page_get_model (page);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, ==, (guint)g_ascii_strtoull (expected, NULL, 10));
  for (guint i = 0; i < MIN (n, 40); i++)
    {
      g_autoptr(BdBackorder) line = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (g_hash_table_contains (due_refs, bd_backorder_get_customer_ref (line)));
      g_assert_true (bd_status_is_open (bd_backorder_get_status (line)));
    }
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Follow-up due"));
  bd_test_ui_save_png (GTK_WIDGET (fixture->window), "ui-comm-followups-queue.png");
}

/* A mail program of the test's: it writes the URI it is given to
 * mailto.txt in @dir. */
static void
install_mail_program (const char *dir)
{
  g_autofree char *applications = g_build_filename (dir, "data", "applications", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *script = g_build_filename (dir, "fake-mail", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = g_build_filename (applications, "bd-fake-mail.desktop", NULL);
  g_autofree char *desktop_text = NULL;
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *out = g_build_filename (dir, "mailto.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.part' && mv '%s.part' '%s'\n", out, out, out);
  g_assert_true (g_file_set_contents (script, script_text, -1, &error));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Mail\nExec=%s %%u\n"
                                  "MimeType=x-scheme-handler/mailto;\nNoDisplay=true\n", script);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, &error));
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                                "x-scheme-handler/mailto=bd-fake-mail.desktop\n", -1, &error));
  g_assert_no_error (error);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  bd_test_keep_glib_quark_block ();

  desktop_dir = g_dir_make_tmp ("bd-ui-comm-XXXXXX", NULL);
  g_assert_nonnull (desktop_dir);
  install_mail_program (desktop_dir);

  app = bd_test_ui_init (&argc, &argv, "io.github.backorderdesk.BackorderDesk.TestUiComm");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui-comm/po-mail/send", test_po_send_mail);
  ADD ("/ui-comm/po-mail/chase", test_po_chase);
  ADD ("/ui-comm/po-mail/no-address", test_po_mail_no_address);
  ADD ("/ui-comm/po-mail/refused", test_po_mail_refused);
  ADD ("/ui-comm/po-mail/save-eml", test_po_mail_save_eml);
  ADD ("/ui-comm/po-at-risk/notices", test_po_at_risk_notices);
  ADD ("/ui-comm/suppliers/chase-all", test_suppliers_chase_all);
  ADD ("/ui-comm/compose/mail-app", test_mail_app);
  ADD ("/ui-comm/followups/show", test_followups_show);

  status = g_test_run ();
  bd_test_rm_rf (desktop_dir);
  g_free (desktop_dir);
  return status;
}
