/* bd-compose-item.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-compose-item"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-compose-item.h"

/* One message of the compose dialog: the line it is about, the message
 * written for it (or why none could be), and what came of sending it.
 * Made on the thread that writes the messages; its state changes only on
 * the main thread. */
struct _BdComposeItem
{
  GObject parent_instance;

  gint64 line_id;
  char *ref;
  BdOutgoing *outgoing;
  char *problem;
  BdComposeState state;
  char *message_uuid;
  char *error;
};

G_DEFINE_FINAL_TYPE (BdComposeItem, bd_compose_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Takes @outgoing; @problem, when set, says why the message cannot go. */
BdComposeItem *
bd_compose_item_new (gint64      line_id,
                     const char *ref,
                     BdOutgoing *outgoing,
                     const char *problem)
{
  BdComposeItem *self = g_object_new (BD_TYPE_COMPOSE_ITEM, NULL);

  self->line_id = line_id;
  self->ref = g_strdup (ref);
  self->outgoing = outgoing;
  self->problem = g_strdup (problem);
  self->state = problem != NULL ? BD_COMPOSE_STATE_PROBLEM : BD_COMPOSE_STATE_PREVIEW;
  return self;
}

gint64
bd_compose_item_get_line_id (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), 0);
  return self->line_id;
}

const char *
bd_compose_item_get_ref (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);
  return self->ref;
}

/* The message as written, or NULL when it could not be. */
BdOutgoing *
bd_compose_item_get_outgoing (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);
  return self->outgoing;
}

const char *
bd_compose_item_get_problem (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);
  return self->problem;
}

/* "Ada Becker <ada@mail.example>", or the name alone when there is no
 * address. */
char *
bd_compose_item_dup_recipient (BdComposeItem *self)
{
  const BdOutgoing *outgoing;

  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);

  outgoing = self->outgoing;
  if (outgoing == NULL)
    return g_strdup (self->ref);
  if (outgoing->recipient == NULL || *outgoing->recipient == '\0')
    return g_strdup (outgoing->recipient_name != NULL ? outgoing->recipient_name : self->ref);
  if (outgoing->recipient_name == NULL)
    return g_strdup (outgoing->recipient);
  /* Translators: a message's recipient: their name and address */
  return g_strdup_printf (_("%s <%s>"), outgoing->recipient_name, outgoing->recipient);
}

const char *
bd_compose_item_get_channel_label (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);

  if (self->outgoing == NULL)
    return "";

  switch (self->outgoing->channel)
    {
    case BD_CHANNEL_EMAIL:
      return _("Email");
    case BD_CHANNEL_SMS:
      return _("Text message");
    case BD_CHANNEL_EML:
      return _(".eml file");
    case BD_CHANNEL_MAILTO:
      return _("Mail program");
    case BD_CHANNEL_CALL:
    case BD_CHANNEL_REPLY:
    default:
      return "";
    }
}

BdComposeState
bd_compose_item_get_state (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), BD_COMPOSE_STATE_PREVIEW);
  return self->state;
}

/* Why it failed, or may not have gone. */
const char *
bd_compose_item_get_error (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);
  return self->error;
}

/* The message's uuid in the log, once it is logged. */
const char *
bd_compose_item_get_message_uuid (BdComposeItem *self)
{
  g_return_val_if_fail (BD_IS_COMPOSE_ITEM (self), NULL);
  return self->message_uuid;
}

void
bd_compose_item_set_result (BdComposeItem  *self,
                            BdComposeState  state,
                            const char     *message_uuid,
                            const char     *error)
{
  g_return_if_fail (BD_IS_COMPOSE_ITEM (self));

  /* g_set_str() is GLib 2.76 */
  if (message_uuid != NULL && g_strcmp0 (self->message_uuid, message_uuid) != 0)
    {
      g_free (self->message_uuid);
      self->message_uuid = g_strdup (message_uuid);
    }
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
bd_compose_item_finalize (GObject *object)
{
  BdComposeItem *self = (BdComposeItem *)object;

  g_free (self->ref);
  g_clear_pointer (&self->outgoing, bd_outgoing_free);
  g_free (self->problem);
  g_free (self->message_uuid);
  g_free (self->error);

  G_OBJECT_CLASS (bd_compose_item_parent_class)->finalize (object);
}

static void
bd_compose_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdComposeItem *self = BD_COMPOSE_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_compose_item_class_init (BdComposeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_compose_item_finalize;
  object_class->get_property = bd_compose_item_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, BD_COMPOSE_STATE_PREVIEW, BD_COMPOSE_STATE_NOT_SENT,
                      BD_COMPOSE_STATE_PREVIEW, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_compose_item_init (BdComposeItem *self)
{
}
