/* bd-sync-status-button.c: the header bar's sync status, and its popover
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-status-button"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-sync-status-button.h"

/* An icon in the header bar that says how the sync stands (synced,
 * syncing, offline, failed, stopped), with the same words in its tooltip
 * and for screen readers; its popover says when the last sync was or why
 * it failed, the progress of a sync with Stop, what the server refused and
 * the conflicts left for a person with Review…, and has Sync Now. Hidden
 * while no server is set up. */

struct _BdSyncStatusButton
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkMenuButton *menu_button;
  GtkStack *icon_stack;
  GtkImage *icon;
  GtkSpinner *spinner;
  GtkLabel *title_label;
  GtkLabel *detail_label;
  GtkProgressBar *progress_bar;
  GtkWidget *attention_box;
  GtkLabel *attention_label;
  GtkWidget *stop_button;

  /* Owned references */
  BdSyncController *controller;
  char *text;
};

G_DEFINE_FINAL_TYPE (BdSyncStatusButton, bd_sync_status_button, GTK_TYPE_WIDGET)

/* What the server refused and the conflicts no rule settled: said in the
 * popover, with Review… to decide, and in the tooltip. */
static void
update_attention (BdSyncStatusButton *self)
{
  guint refused = self->controller != NULL ? bd_sync_controller_get_n_refused (self->controller) : 0;
  guint conflicts = self->controller != NULL ? bd_sync_controller_get_n_conflicts (self->controller) : 0;
  g_autofree char *refused_text = NULL;
  g_autofree char *conflicts_text = NULL;
  g_autofree char *text = NULL;

  if (refused > 0)
    refused_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change refused by the server",
                                                 "%u changes refused by the server", refused), refused);
  if (conflicts > 0)
    conflicts_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict to decide",
                                                   "%u conflicts to decide", conflicts), conflicts);
  if (refused_text != NULL && conflicts_text != NULL)
    /* Translators: "2 changes refused by the server", then "1 conflict to decide" */
    text = g_strdup_printf (_("%s, %s."), refused_text, conflicts_text);
  else if (refused_text != NULL || conflicts_text != NULL)
    text = g_strdup_printf (_("%s."), refused_text != NULL ? refused_text : conflicts_text);

  gtk_widget_set_visible (self->attention_box, text != NULL);
  gtk_label_set_label (self->attention_label, text != NULL ? text : "");
  if (text != NULL)
    {
      /* Translators: the state ("Synced, last at …"), then "1 conflict to decide." */
      g_autofree char *full = g_strdup_printf (_("%s. %s"), self->text, text);

      g_free (self->text);
      self->text = g_steal_pointer (&full);
    }
}

static void
update (BdSyncStatusButton *self)
{
  BdSyncState state = self->controller != NULL ? bd_sync_controller_get_state (self->controller)
                                               : BD_SYNC_STATE_OFF;
  GDateTime *last = self->controller != NULL ? bd_sync_controller_get_last_sync (self->controller) : NULL;
  g_autofree char *when = last != NULL ? g_date_time_format (last, "%x %H:%M") : NULL;
  g_autofree char *detail = NULL;
  const char *icon_name = "emblem-ok-symbolic";
  const char *title = _("Synced");
  gboolean syncing = state == BD_SYNC_STATE_SYNCING;

  g_free (self->text);
  self->text = self->controller != NULL ? bd_sync_controller_describe (self->controller)
                                        : g_strdup (_("Sync is not set up"));

  switch (state)
    {
    case BD_SYNC_STATE_OFF:
    case BD_SYNC_STATE_SYNCED:
      /* Translators: %s is a date and time */
      detail = when != NULL ? g_strdup_printf (_("Last synced at %s."), when) : NULL;
      break;
    case BD_SYNC_STATE_SYNCING:
      icon_name = "emblem-synchronizing-symbolic";
      title = _("Syncing");
      break;
    case BD_SYNC_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      title = _("Offline");
      detail = g_strdup (_("Changes made here are kept and sent when the network is back."));
      break;
    case BD_SYNC_STATE_ERROR:
      icon_name = "dialog-warning-symbolic";
      title = _("Sync Failed");
      detail = g_strdup (bd_sync_controller_get_message (self->controller));
      break;
    case BD_SYNC_STATE_STOPPED:
      icon_name = "media-playback-pause-symbolic";
      title = _("Sync Stopped");
      detail = g_strdup (_("What came before the stop is kept. Sync Now goes on from where it stopped."));
      break;
    default:
      g_assert_not_reached ();
    }
  if (detail == NULL && when != NULL && state != BD_SYNC_STATE_SYNCED)
    detail = g_strdup_printf (_("Last synced at %s."), when);
  if (detail == NULL && state == BD_SYNC_STATE_SYNCED)
    detail = g_strdup (_("Everything is on the server."));

  gtk_widget_set_visible (GTK_WIDGET (self), state != BD_SYNC_STATE_OFF);
  /* a spinning spinner keeps the frame clock ticking: only while shown */
  gtk_spinner_set_spinning (self->spinner, syncing);
  gtk_stack_set_visible_child_name (self->icon_stack, syncing ? "spinner" : "icon");
  if (state == BD_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->menu_button), "error");

  /* the popover's parts first: what is left for a person goes in the text */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing);
  gtk_widget_set_visible (self->stop_button, syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-status.stop", syncing);
  update_attention (self);
  if (state == BD_SYNC_STATE_SYNCED && self->controller != NULL &&
      bd_sync_controller_get_n_refused (self->controller) + bd_sync_controller_get_n_conflicts (self->controller) > 0)
    icon_name = "dialog-warning-symbolic";
  gtk_image_set_from_icon_name (self->icon, icon_name);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), self->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);
  if (syncing)
    {
      guint64 pulled, total;

      if (bd_sync_controller_get_pull_progress (self->controller, &pulled, &total))
        {
          /* Translators: changes received so far of those to receive: "1,200 of 100,000 changes" */
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%'" G_GUINT64_FORMAT " of %'" G_GUINT64_FORMAT " change",
                                                                "%'" G_GUINT64_FORMAT " of %'" G_GUINT64_FORMAT " changes",
                                                                total),
                                                   pulled, total);

          gtk_progress_bar_set_text (self->progress_bar, text);
          gtk_progress_bar_set_fraction (self->progress_bar, (double)pulled / (double)total);
        }
      else
        {
          guint done = bd_sync_controller_get_progress (self->controller);
          g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%u change", "%u changes", done), done);

          /* the number of changes to come is not known: it pulses */
          gtk_progress_bar_set_text (self->progress_bar, text);
          gtk_progress_bar_pulse (self->progress_bar);
        }
      /* the bar's words and fraction, for a screen reader */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      self->text, -1);
    }
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdSyncStatusButton *self = BD_SYNC_STATUS_BUTTON (widget);

  if (self->controller != NULL)
    bd_sync_controller_pause (self->controller);
}

static void
bd_sync_status_button_dispose (GObject *object)
{
  BdSyncStatusButton *self = (BdSyncStatusButton *)object;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_SYNC_STATUS_BUTTON);

  G_OBJECT_CLASS (bd_sync_status_button_parent_class)->dispose (object);
}

static void
bd_sync_status_button_finalize (GObject *object)
{
  BdSyncStatusButton *self = (BdSyncStatusButton *)object;

  g_free (self->text);

  G_OBJECT_CLASS (bd_sync_status_button_parent_class)->finalize (object);
}

static void
bd_sync_status_button_class_init (BdSyncStatusButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_sync_status_button_dispose;
  object_class->finalize = bd_sync_status_button_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sync/bd-sync-status-button.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, icon);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, detail_label);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, attention_box);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, attention_label);
  gtk_widget_class_bind_template_child (widget_class, BdSyncStatusButton, stop_button);

  gtk_widget_class_install_action (widget_class, "sync-status.stop", NULL, stop_action);
}

static void
bd_sync_status_button_init (BdSyncStatusButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

void
bd_sync_status_button_set_controller (BdSyncStatusButton *self,
                                      BdSyncController   *controller)
{
  g_return_if_fail (BD_IS_SYNC_STATUS_BUTTON (self));
  g_return_if_fail (controller == NULL || BD_IS_SYNC_CONTROLLER (controller));

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect_object (controller, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

BdSyncController *
bd_sync_status_button_get_controller (BdSyncStatusButton *self)
{
  g_return_val_if_fail (BD_IS_SYNC_STATUS_BUTTON (self), NULL);
  return self->controller;
}

/* What the button says to screen readers and in its tooltip. */
const char *
bd_sync_status_button_get_text (BdSyncStatusButton *self)
{
  g_return_val_if_fail (BD_IS_SYNC_STATUS_BUTTON (self), NULL);
  return self->text;
}
