/* bd-delay-notice-group.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-delay-notice-group"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-delay-notice-group.h"
#include "bd-widget-util.h"

/* The line's delay notice in its view (README, "Delay notices"): what the
 * rule asks now (a notice, the customer's answer, or to cancel and
 * refund), and the buttons that do it: send the notice from its template,
 * and record the answer (waits, takes an alternative, cancels). The
 * buttons name the queue page's actions; the page writes. Hidden when the
 * rule asks nothing of the line. */

struct _BdDelayNoticeGroup
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *group;
  AdwActionRow *state_row;
  GtkImage *state_icon;
  GtkWidget *send_button;
  GtkWidget *wait_button;
  GtkWidget *alternative_button;
  GtkWidget *cancel_button;

  BdNoticeState state;
};

G_DEFINE_FINAL_TYPE (BdDelayNoticeGroup, bd_delay_notice_group, GTK_TYPE_WIDGET)

/* "December 8, 2026" style is for messages; the desk shows ISO dates. */
static char *
describe (const BdDelayCase *delay_case)
{
  switch (delay_case->state)
    {
    case BD_NOTICE_NEEDED:
      if (delay_case->n_notices == 0)
        /* Translators: both are dates */
        return g_strdup_printf (_("Expected %s, later than the %s promised. Send the customer the new date "
                                  "and the option to cancel for a full refund."),
                                delay_case->eta, delay_case->promised_at);
      /* Translators: both are dates */
      return g_strdup_printf (_("Expected %s, later than the %s the last notice gave. Send a new notice: "
                                "only the customer’s express consent keeps the line now."),
                              delay_case->eta, delay_case->last_new_date);
    case BD_NOTICE_AWAITING:
      /* Translators: both are dates */
      return g_strdup_printf (_("Sent with the new date %s. The customer may answer until %s."),
                              delay_case->last_new_date, delay_case->deadline);
    case BD_NOTICE_CONSENTED:
      if (g_strcmp0 (delay_case->answer, "wait") == 0)
        /* Translators: %s is a date */
        return g_strdup_printf (_("The customer agreed to wait until %s."), delay_case->last_new_date);
      /* Translators: %s is a date */
      return g_strdup_printf (_("No answer by %s: silence counts as consent to a first notice at most 30 days "
                                "late."), delay_case->deadline);
    case BD_NOTICE_MUST_CANCEL:
    default:
      /* Translators: %s is a date */
      return g_strdup_printf (_("No express consent by %s. The rule says to cancel the line and refund it in "
                                "full, unless the customer agrees now."), delay_case->deadline);
    }
}

static const char *
title_for (BdNoticeState state)
{
  switch (state)
    {
    case BD_NOTICE_NEEDED:
      return _("Needs a delay notice");
    case BD_NOTICE_AWAITING:
      return _("Waiting for the customer’s answer");
    case BD_NOTICE_CONSENTED:
      return _("The customer waits");
    case BD_NOTICE_MUST_CANCEL:
    default:
      return _("Must cancel and refund");
    }
}

/* Shows what the rule asks of the line, or hides the group when
 * @delay_case is NULL. */
void
bd_delay_notice_group_show (BdDelayNoticeGroup *self,
                            const BdDelayCase  *delay_case)
{
  g_autofree char *text = NULL;
  gboolean sent;
  const char *style;
  const char *icon;

  g_return_if_fail (BD_IS_DELAY_NOTICE_GROUP (self));

  gtk_widget_set_visible (GTK_WIDGET (self), delay_case != NULL);
  if (delay_case == NULL)
    return;

  self->state = delay_case->state;
  sent = delay_case->n_notices > 0;
  text = describe (delay_case);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title_for (delay_case->state));
  adw_action_row_set_subtitle (self->state_row, text);

  switch (delay_case->state)
    {
    case BD_NOTICE_NEEDED:
      style = "warning", icon = "mail-unread-symbolic";
      break;
    case BD_NOTICE_AWAITING:
      style = "dim-label", icon = "alarm-symbolic";
      break;
    case BD_NOTICE_CONSENTED:
      style = "success", icon = "emblem-ok-symbolic";
      break;
    case BD_NOTICE_MUST_CANCEL:
    default:
      style = "error", icon = "dialog-warning-symbolic";
      break;
    }
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_icon), (const char *[]) { style, NULL });

  /* a notice first; an answer is to a notice sent, and a "wait" given
   * stands until the date slips again */
  bd_flow_box_show_child (self->send_button, delay_case->state == BD_NOTICE_NEEDED);
  bd_flow_box_show_child (self->wait_button, sent && delay_case->state != BD_NOTICE_NEEDED &&
                                             g_strcmp0 (delay_case->answer, "wait") != 0);
  bd_flow_box_show_child (self->alternative_button, sent && delay_case->state != BD_NOTICE_NEEDED);
  bd_flow_box_show_child (self->cancel_button, sent && delay_case->state != BD_NOTICE_NEEDED);
}

BdNoticeState
bd_delay_notice_group_get_state (BdDelayNoticeGroup *self)
{
  g_return_val_if_fail (BD_IS_DELAY_NOTICE_GROUP (self), BD_NOTICE_NEEDED);
  return self->state;
}

static void
bd_delay_notice_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DELAY_NOTICE_GROUP);

  G_OBJECT_CLASS (bd_delay_notice_group_parent_class)->dispose (object);
}

static void
bd_delay_notice_group_class_init (BdDelayNoticeGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_delay_notice_group_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/queue/bd-delay-notice-group.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, group);
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, state_row);
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, state_icon);
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, send_button);
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, wait_button);
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, alternative_button);
  gtk_widget_class_bind_template_child (widget_class, BdDelayNoticeGroup, cancel_button);
}

static void
bd_delay_notice_group_init (BdDelayNoticeGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
