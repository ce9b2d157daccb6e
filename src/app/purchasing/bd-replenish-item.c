/* bd-replenish-item.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-replenish-item"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-replenish-item.h"
#include "bd-util.h"

/* A product of the replenishment dialog: the core's suggestion, and the
 * supplier and quantity the clerk chose. A quantity the clerk typed stays
 * when the supplier changes; one not touched becomes the new supplier's
 * suggestion (its MOQ and pack size). */

struct _BdReplenishItem
{
  GObject parent_instance;

  BdReplenishSuggestion *suggestion;
  int chosen;
  int quantity;
  gboolean edited;
  gboolean first;
  guint group_size;
};

G_DEFINE_FINAL_TYPE (BdReplenishItem, bd_replenish_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHOSEN,
  PROP_QUANTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Takes @suggestion. */
BdReplenishItem *
bd_replenish_item_new (BdReplenishSuggestion *suggestion)
{
  BdReplenishItem *self = g_object_new (BD_TYPE_REPLENISH_ITEM, NULL);

  self->suggestion = suggestion;
  self->chosen = suggestion->chosen;
  self->quantity = suggestion->chosen >= 0 ? suggestion->quantity : 0;
  return self;
}

const BdReplenishSuggestion *
bd_replenish_item_get_suggestion (BdReplenishItem *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), NULL);
  return self->suggestion;
}

/* The chosen supplier's option, or NULL when no supplier delivers it. */
const BdSupplierOption *
bd_replenish_item_get_option (BdReplenishItem *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), NULL);

  if (self->chosen < 0 || (guint)self->chosen >= self->suggestion->options->len)
    return NULL;
  return g_ptr_array_index (self->suggestion->options, self->chosen);
}

int
bd_replenish_item_get_chosen (BdReplenishItem *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), -1);
  return self->chosen;
}

void
bd_replenish_item_set_chosen (BdReplenishItem *self,
                              int              chosen)
{
  const BdSupplierOption *option;

  g_return_if_fail (BD_IS_REPLENISH_ITEM (self));
  g_return_if_fail (chosen >= 0 && (guint)chosen < self->suggestion->options->len);

  if (chosen == self->chosen)
    return;

  self->chosen = chosen;
  option = bd_replenish_item_get_option (self);
  if (!self->edited && self->quantity != option->quantity)
    {
      self->quantity = option->quantity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

int
bd_replenish_item_get_quantity (BdReplenishItem *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), 0);
  return self->quantity;
}

void
bd_replenish_item_set_quantity (BdReplenishItem *self,
                                int              quantity)
{
  g_return_if_fail (BD_IS_REPLENISH_ITEM (self));
  g_return_if_fail (quantity >= 0);

  if (quantity == self->quantity)
    return;
  self->quantity = quantity;
  self->edited = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
}

/* What is odd about the quantity for the chosen supplier, or NULL. It is
 * only said: the clerk may order below the MOQ or in part packs. */
char *
bd_replenish_item_get_warning (BdReplenishItem *self)
{
  const BdSupplierOption *option;

  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), NULL);

  if ((option = bd_replenish_item_get_option (self)) == NULL)
    return g_strdup (_("No supplier delivers this product: add one on the Suppliers page"));
  if (self->quantity == 0)
    return g_strdup (_("Not ordered"));
  if (option->moq > 0 && self->quantity < option->moq)
    /* Translators: %s is a supplier's name, %d its minimum order quantity */
    return g_strdup_printf (_("Below the minimum order quantity of %s, %d"), option->supplier_name, option->moq);
  if (option->pack_size > 1 && self->quantity % option->pack_size != 0)
    /* Translators: %d is a number of units in a pack, then the quantity in whole packs */
    return g_strdup_printf (_("Not whole packs of %d: %d would be"), option->pack_size,
                            bd_replenish_round (self->quantity, option->moq, option->pack_size));
  if (self->quantity < self->suggestion->need)
    /* Translators: %d is a number of units */
    return g_strdup_printf (_("Less than the %d needed"), self->suggestion->need);
  return NULL;
}

/* "4.50 USD · 14 days · MOQ 10 · packs of 6 · 92% on time · preferred" */
char *
bd_replenish_option_describe (const BdSupplierOption *option)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (option->has_unit_cost)
    g_ptr_array_add (parts, bd_format_money (option->unit_cost, option->currency));
  else
    g_ptr_array_add (parts, g_strdup (_("no cost")));
  if (option->lead_time_days >= 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                                          option->lead_time_days), option->lead_time_days));
  if (option->moq > 0)
    /* Translators: MOQ is the minimum order quantity */
    g_ptr_array_add (parts, g_strdup_printf (_("MOQ %d"), option->moq));
  if (option->pack_size > 1)
    g_ptr_array_add (parts, g_strdup_printf (_("packs of %d"), option->pack_size));
  if (option->on_time_rate >= 0)
    /* Translators: a supplier's share of PO lines received on time */
    g_ptr_array_add (parts, g_strdup_printf (_("%.0f%% on time"), option->on_time_rate * 100));
  else
    g_ptr_array_add (parts, g_strdup (_("no deliveries yet")));
  if (option->preferred)
    g_ptr_array_add (parts, g_strdup (_("preferred")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

gboolean
bd_replenish_item_get_first (BdReplenishItem *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), FALSE);
  return self->first;
}

guint
bd_replenish_item_get_group_size (BdReplenishItem *self)
{
  g_return_val_if_fail (BD_IS_REPLENISH_ITEM (self), 0);
  return self->group_size;
}

void
bd_replenish_item_set_group (BdReplenishItem *self,
                             gboolean         first,
                             guint            group_size)
{
  g_return_if_fail (BD_IS_REPLENISH_ITEM (self));
  self->first = first;
  self->group_size = group_size;
}

static void
bd_replenish_item_finalize (GObject *object)
{
  BdReplenishItem *self = (BdReplenishItem *)object;

  g_clear_pointer (&self->suggestion, bd_replenish_suggestion_free);

  G_OBJECT_CLASS (bd_replenish_item_parent_class)->finalize (object);
}

static void
bd_replenish_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BdReplenishItem *self = BD_REPLENISH_ITEM (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_int (value, self->chosen);
      break;
    case PROP_QUANTITY:
      g_value_set_int (value, self->quantity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_replenish_item_class_init (BdReplenishItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_replenish_item_finalize;
  object_class->get_property = bd_replenish_item_get_property;

  properties[PROP_CHOSEN] =
    g_param_spec_int ("chosen", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUANTITY] =
    g_param_spec_int ("quantity", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_replenish_item_init (BdReplenishItem *self)
{
  self->chosen = -1;
}
