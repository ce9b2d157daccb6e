/* bd-kpi-tile.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-kpi-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-kpi-tile.h"

/* A figure of the dashboard: its name, its value, and how it changed
 * against the period before, with an arrow, a colour and words that say
 * whether the change is good (not colour alone). A tile whose lines can
 * be listed is a button that says "clicked". */

struct _BdKpiTile
{
  GtkWidget parent_instance;

  /* Children */
  GtkWidget *frame;          /* a GtkButton when clickable, else a GtkBox */
  GtkLabel *title_label;
  GtkLabel *value_label;
  GtkLabel *detail_label;
  GtkImage *change_icon;
  GtkLabel *change_label;

  /* Owned references */
  char *name;
  char *title;

  guint good : 1;
};

G_DEFINE_FINAL_TYPE (BdKpiTile, bd_kpi_tile, GTK_TYPE_WIDGET)

enum {
  CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_accessible (BdKpiTile *self)
{
  /* Translators: a dashboard tile read aloud: its title, its value, then
   * how it changed, e.g. "Backorder rate: 12%. Up 2 points, worse" */
  g_autofree char *text = g_strdup_printf (_("%s: %s. %s"), self->title,
                                           gtk_label_get_label (self->value_label),
                                           gtk_label_get_label (self->change_label));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->frame), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

void
bd_kpi_tile_set_value (BdKpiTile  *self,
                       const char *value,
                       const char *detail)
{
  g_return_if_fail (BD_IS_KPI_TILE (self));

  gtk_label_set_label (self->value_label, value);
  gtk_label_set_label (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  update_accessible (self);
}

const char *
bd_kpi_tile_get_value (BdKpiTile *self)
{
  g_return_val_if_fail (BD_IS_KPI_TILE (self), NULL);
  return gtk_label_get_label (self->value_label);
}

const char *
bd_kpi_tile_get_detail (BdKpiTile *self)
{
  g_return_val_if_fail (BD_IS_KPI_TILE (self), NULL);
  return gtk_label_get_label (self->detail_label);
}

/* @text says the change in words, and whether it is good. */
void
bd_kpi_tile_set_change (BdKpiTile      *self,
                        BdKpiDirection  direction,
                        gboolean        good,
                        const char     *text)
{
  static const char * const icons[] = {
    [BD_KPI_SAME] = "pan-end-symbolic",
    [BD_KPI_UP] = "pan-up-symbolic",
    [BD_KPI_DOWN] = "pan-down-symbolic",
    [BD_KPI_UNKNOWN] = NULL,
  };
  GtkWidget *change = gtk_widget_get_parent (GTK_WIDGET (self->change_label));

  g_return_if_fail (BD_IS_KPI_TILE (self));

  self->good = !!good;
  gtk_image_set_from_icon_name (self->change_icon, icons[direction]);
  gtk_widget_set_visible (GTK_WIDGET (self->change_icon), icons[direction] != NULL);
  gtk_label_set_label (self->change_label, text);
  gtk_widget_remove_css_class (change, "good");
  gtk_widget_remove_css_class (change, "bad");
  if (direction == BD_KPI_UP || direction == BD_KPI_DOWN)
    gtk_widget_add_css_class (change, good ? "good" : "bad");
  update_accessible (self);
}

const char *
bd_kpi_tile_get_change (BdKpiTile *self)
{
  g_return_val_if_fail (BD_IS_KPI_TILE (self), NULL);
  return gtk_label_get_label (self->change_label);
}

gboolean
bd_kpi_tile_get_good (BdKpiTile *self)
{
  g_return_val_if_fail (BD_IS_KPI_TILE (self), FALSE);
  return self->good;
}

const char *
bd_kpi_tile_get_name (BdKpiTile *self)
{
  g_return_val_if_fail (BD_IS_KPI_TILE (self), NULL);
  return self->name;
}

/* What clicking the tile does: says "clicked" if it is a button. */
void
bd_kpi_tile_click (BdKpiTile *self)
{
  g_return_if_fail (BD_IS_KPI_TILE (self));

  if (GTK_IS_BUTTON (self->frame))
    g_signal_emit (self, signals[CLICKED], 0);
}

static void
frame_clicked_cb (BdKpiTile *self)
{
  bd_kpi_tile_click (self);
}

BdKpiTile *
bd_kpi_tile_new (const char *name,
                 const char *title,
                 gboolean    clickable)
{
  BdKpiTile *self = g_object_new (BD_TYPE_KPI_TILE, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *change = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);

  self->name = g_strdup (name);
  self->title = g_strdup (title);

  self->title_label = GTK_LABEL (gtk_label_new (title));
  self->value_label = GTK_LABEL (gtk_label_new ("—"));
  self->detail_label = GTK_LABEL (gtk_label_new (NULL));
  self->change_icon = GTK_IMAGE (gtk_image_new ());
  self->change_label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "caption-heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  gtk_label_set_xalign (self->value_label, 0);
  gtk_label_set_wrap (self->value_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "numeric");
  gtk_label_set_xalign (self->detail_label, 0);
  gtk_label_set_wrap (self->detail_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), FALSE);
  gtk_label_set_xalign (self->change_label, 0);
  gtk_label_set_wrap (self->change_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->change_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->change_icon), FALSE);
  gtk_widget_add_css_class (change, "kpi-change");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->value_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->detail_label));
  gtk_box_append (GTK_BOX (change), GTK_WIDGET (self->change_icon));
  gtk_box_append (GTK_BOX (change), GTK_WIDGET (self->change_label));
  gtk_box_append (GTK_BOX (box), change);

  if (clickable)
    {
      self->frame = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (self->frame), box);
      gtk_widget_set_tooltip_text (self->frame, _("Show these lines in the queue"));
      g_signal_connect_object (self->frame, "clicked", G_CALLBACK (frame_clicked_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      self->frame = box;
      box = NULL;
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->frame), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  gtk_widget_add_css_class (self->frame, "card");
  gtk_widget_add_css_class (self->frame, "kpi-tile");
  gtk_widget_set_parent (self->frame, GTK_WIDGET (self));
  update_accessible (self);

  return self;
}

static void
bd_kpi_tile_dispose (GObject *object)
{
  BdKpiTile *self = (BdKpiTile *)object;

  g_clear_pointer (&self->frame, gtk_widget_unparent);

  G_OBJECT_CLASS (bd_kpi_tile_parent_class)->dispose (object);
}

static void
bd_kpi_tile_finalize (GObject *object)
{
  BdKpiTile *self = (BdKpiTile *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (bd_kpi_tile_parent_class)->finalize (object);
}

static void
bd_kpi_tile_class_init (BdKpiTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_kpi_tile_dispose;
  object_class->finalize = bd_kpi_tile_finalize;

  signals[CLICKED] =
    g_signal_new ("clicked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bd_kpi_tile_init (BdKpiTile *self)
{
}
