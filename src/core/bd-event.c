/* bd-event.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-event"

#include "config.h"

#include "bd-event.h"

struct _BdEvent
{
  GObject parent_instance;

  gint64 id;
  char *at;
  char *author;
  char *action;
  char *field;
  char *old_value;
  char *new_value;
  char *entity;
  gint64 line_id;
  char *refused_reason;   /* of the note or complaint it is about, or NULL */
};

G_DEFINE_FINAL_TYPE (BdEvent, bd_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_AUTHOR,
  PROP_ACTION,
  PROP_FIELD,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  PROP_ENTITY,
  PROP_LINE_ID,
  PROP_REFUSED_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bd_event_finalize (GObject *object)
{
  BdEvent *self = (BdEvent *)object;

  g_free (self->at);
  g_free (self->author);
  g_free (self->action);
  g_free (self->field);
  g_free (self->old_value);
  g_free (self->new_value);
  g_free (self->entity);
  g_free (self->refused_reason);

  G_OBJECT_CLASS (bd_event_parent_class)->finalize (object);
}

static void
bd_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BdEvent *self = BD_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_AT: g_value_set_string (value, self->at); break;
    case PROP_AUTHOR: g_value_set_string (value, self->author); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_FIELD: g_value_set_string (value, self->field); break;
    case PROP_OLD_VALUE: g_value_set_string (value, self->old_value); break;
    case PROP_NEW_VALUE: g_value_set_string (value, self->new_value); break;
    case PROP_ENTITY: g_value_set_string (value, self->entity); break;
    case PROP_LINE_ID: g_value_set_int64 (value, self->line_id); break;
    case PROP_REFUSED_REASON: g_value_set_string (value, self->refused_reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_event_class_init (BdEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = bd_event_finalize;
  object_class->get_property = bd_event_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_AT] = g_param_spec_string ("at", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  properties[PROP_OLD_VALUE] = g_param_spec_string ("old-value", NULL, NULL, NULL, flags);
  properties[PROP_NEW_VALUE] = g_param_spec_string ("new-value", NULL, NULL, NULL, flags);
  properties[PROP_ENTITY] = g_param_spec_string ("entity", NULL, NULL, NULL, flags);
  properties[PROP_LINE_ID] = g_param_spec_int64 ("line-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* a sync's refusal, or its discard, changes it in place */
  properties[PROP_REFUSED_REASON] = g_param_spec_string ("refused-reason", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_event_init (BdEvent *self)
{
}

static void
set_string (BdEvent       *self,
            char         **field,
            sqlite3_stmt  *stmt,
            int            column,
            int            prop)
{
  const char *value = (const char *)sqlite3_column_text (stmt, column);

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Fills the event from a row of BD_EVENT_SELECT, notifying what changed:
 * events are written once, but sync may bring a corrected one. */
void
bd_event_update_from_stmt (BdEvent      *self,
                           sqlite3_stmt *stmt)
{
  gint64 id;

  g_return_if_fail (BD_IS_EVENT (self));

  g_object_freeze_notify (G_OBJECT (self));

  id = sqlite3_column_int64 (stmt, 0);
  if (id != self->id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  set_string (self, &self->at, stmt, 1, PROP_AT);
  set_string (self, &self->author, stmt, 2, PROP_AUTHOR);
  set_string (self, &self->action, stmt, 3, PROP_ACTION);
  set_string (self, &self->field, stmt, 4, PROP_FIELD);
  set_string (self, &self->old_value, stmt, 5, PROP_OLD_VALUE);
  set_string (self, &self->new_value, stmt, 6, PROP_NEW_VALUE);
  set_string (self, &self->entity, stmt, 7, PROP_ENTITY);
  if (sqlite3_column_int64 (stmt, 8) != self->line_id)
    {
      self->line_id = sqlite3_column_int64 (stmt, 8);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ID]);
    }
  set_string (self, &self->refused_reason, stmt, 9, PROP_REFUSED_REASON);

  g_object_thaw_notify (G_OBJECT (self));
}

#define GETTER(type, name, field) \
  type bd_event_get_##name (BdEvent *self) \
  { \
    g_return_val_if_fail (BD_IS_EVENT (self), 0); \
    return self->field; \
  }

GETTER (gint64, id, id)
GETTER (const char *, at, at)
GETTER (const char *, author, author)
GETTER (const char *, action, action)
GETTER (const char *, field, field)
GETTER (const char *, old_value, old_value)
GETTER (const char *, new_value, new_value)
GETTER (const char *, entity, entity)
GETTER (gint64, line_id, line_id)
GETTER (const char *, refused_reason, refused_reason)

#undef GETTER
