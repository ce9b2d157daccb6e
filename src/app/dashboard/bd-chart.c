/* bd-chart.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include <glib/gi18n.h>

#include "bd-chart.h"
#include "bd-csv.h"
#include "bd-util.h"

/* A small chart the application draws itself with cairo (no web view):
 * bars, a line, or bars lying down for long names. Its colours come from
 * the style (the text colour and libadwaita's named accent and success
 * colours), so it reads in the light and the dark style; what it shows is
 * its accessible description too, in words. Its menu saves it as a PNG
 * (drawn again into an image, the same drawing) and its data as CSV. A
 * chart that is clickable says which label was chosen, by a click or by
 * the arrow keys and Enter. */

struct _BdChart
{
  GtkWidget parent_instance;

  /* Children */
  GtkWidget *header;
  GtkLabel *title_label;
  GtkMenuButton *menu_button;
  GtkWidget *plot;
  GtkWidget *legend;

  /* Owned references */
  char *title;
  char *currency;
  GPtrArray *labels;          /* char * */
  GPtrArray *series_names;    /* char * */
  GArray *values;             /* double, label by label, NAN: none */
  char *description;

  BdChartKind kind;
  BdChartUnit unit;
  int focus_index;            /* the label the keys are on, or -1 */
  guint clickable : 1;
};

G_DEFINE_FINAL_TYPE (BdChart, bd_chart, GTK_TYPE_WIDGET)

enum {
  LABEL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define BAR_CHART_HEIGHT 180
#define ROW_HEIGHT 26
#define MARGIN 8

static double
value_at (BdChart *self,
          guint    label,
          guint    series)
{
  return g_array_index (self->values, double, label * self->series_names->len + series);
}

/* A value as shown beside its bar and told in words. */
char *
bd_chart_format_value (BdChart *self,
                       double   value)
{
  g_return_val_if_fail (BD_IS_CHART (self), NULL);

  if (isnan (value))
    return g_strdup (_("none"));

  switch (self->unit)
    {
    case BD_CHART_FRACTION:
      return g_strdup_printf ("%.0f%%", value * 100);
    case BD_CHART_MONEY:
      {
        int exponent = bd_currency_exponent (self->currency);
        g_autofree char *amount = bd_format_decimal ((gint64)llround (value), exponent < 0 ? 2 : exponent);

        return g_strdup_printf ("%s %s", self->currency != NULL ? self->currency : "", amount);
      }
    case BD_CHART_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

/* The value as the CSV holds it: a count, a fraction, money as decimal
 * text; empty for none. */
static char *
csv_value (BdChart *self,
           double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  switch (self->unit)
    {
    case BD_CHART_FRACTION:
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
    case BD_CHART_MONEY:
      {
        int exponent = bd_currency_exponent (self->currency);

        return bd_format_decimal ((gint64)llround (value), exponent < 0 ? 2 : exponent);
      }
    case BD_CHART_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* GTK 4.8 has no other way to a named colour of the style (4.10
   * deprecates this one without a replacement before 4.10) */
  if (!gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

typedef struct
{
  GdkRGBA text;
  GdkRGBA grid;
  GdkRGBA series[2];
  GdkRGBA background;
} Colors;

static void
get_colors (BdChart *self,
            Colors  *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &colors->text);
  colors->grid = colors->text;
  colors->grid.alpha *= 0.15;
  lookup_color (GTK_WIDGET (self), "accent_color", &colors->series[0]);
  lookup_color (GTK_WIDGET (self), "success_color", &colors->series[1]);
  lookup_color (GTK_WIDGET (self), "card_bg_color", &colors->background);
  /* the card's colour is see-through over the window's: a PNG has no
   * window below it */
  if (colors->background.alpha < 1)
    lookup_color (GTK_WIDGET (self), "window_bg_color", &colors->background);
}

static PangoLayout *
make_layout (BdChart    *self,
             const char *text,
             double      scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static double
max_value (BdChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->values->len; i++)
    {
      double v = g_array_index (self->values, double, i);

      if (!isnan (v) && v > max)
        max = v;
    }
  return max;
}

/* A round top for the vertical axis: 1, 2 or 5 times a power of ten. */
static double
nice_top (BdChart *self,
          double   max)
{
  double power;

  if (self->unit == BD_CHART_FRACTION)
    return 1;
  if (max <= 0)
    return self->unit == BD_CHART_MONEY ? 100 : 1;
  power = pow (10, floor (log10 (max)));
  if (max <= power)
    return power;
  if (max <= 2 * power)
    return 2 * power;
  if (max <= 5 * power)
    return 5 * power;
  return 10 * power;
}

typedef struct
{
  double left, top, width, height;   /* the plot's area */
  double step;                        /* per label: width or height */
  gboolean wrap;                      /* the labels below in two lines */
} Geometry;

/* A label below the plot, in at most @width pixels (0: one line). */
static PangoLayout *
make_label (BdChart    *self,
            const char *text,
            double      width)
{
  PangoLayout *layout = make_layout (self, text, 0.8);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int)width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    }
  return layout;
}

/* Whether the labels below, too wide side by side in @step pixels each,
 * each fit it in two lines: a few categories (the backlog's ages at 360
 * pixels) are then all shown so, rather than every other one left out
 * as the weeks are. */
static gboolean
labels_wrap (BdChart *self,
             double   step)
{
  gboolean too_wide = FALSE;

  if (self->kind == BD_CHART_ROWS || step < 24)
    return FALSE;
  for (guint i = 0; i < self->labels->len && !too_wide; i++)
    {
      g_autoptr(PangoLayout) layout = make_label (self, g_ptr_array_index (self->labels, i), 0);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      too_wide = tw + 8 > step;
    }
  if (!too_wide)
    return FALSE;
  for (guint i = 0; i < self->labels->len; i++)
    {
      g_autoptr(PangoLayout) layout = make_label (self, g_ptr_array_index (self->labels, i), step - 4);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      if (pango_layout_get_line_count (layout) > 2 || tw > step - 4)
        return FALSE;
    }
  return TRUE;
}

static void
get_geometry (BdChart  *self,
              int       width,
              int       height,
              Geometry *g)
{
  guint n = MAX (self->labels->len, 1);

  if (self->kind == BD_CHART_ROWS)
    {
      g->left = 0;
      g->top = 0;
      g->width = width;
      g->height = height;
      g->step = ROW_HEIGHT;
      return;
    }

  /* room for the axis' values on the left and the labels below */
  g->left = 48;
  g->top = MARGIN;
  g->width = MAX (width - g->left - MARGIN, 1);
  g->step = g->width / n;
  g->wrap = labels_wrap (self, g->step);
  g->height = MAX (height - g->top - (g->wrap ? 38 : 24), 1);
}

static void
draw_focus (BdChart       *self,
            cairo_t       *cr,
            const Geometry *g,
            const Colors  *colors)
{
  GdkRGBA focus = colors->series[0];

  if (!self->clickable || self->focus_index < 0 || (guint)self->focus_index >= self->labels->len ||
      !gtk_widget_has_focus (self->plot))
    return;

  focus.alpha = 0.8;
  gdk_cairo_set_source_rgba (cr, &focus);
  cairo_set_line_width (cr, 2);
  if (self->kind == BD_CHART_ROWS)
    cairo_rectangle (cr, g->left + 1, g->top + self->focus_index * g->step + 1, g->width - 2, g->step - 2);
  else
    cairo_rectangle (cr, g->left + self->focus_index * g->step + 1, g->top + 1, g->step - 2, g->height - 2);
  cairo_stroke (cr);
}

static void
draw_axes (BdChart        *self,
           cairo_t        *cr,
           const Geometry *g,
           const Colors   *colors,
           double          top_value)
{
  guint n = self->labels->len;
  guint every;
  double widest = 0;

  /* three lines across: 0, half, top */
  for (int i = 0; i <= 2; i++)
    {
      double v = top_value * i / 2;
      double y = g->top + g->height - g->height * i / 2;
      g_autofree char *text = bd_chart_format_value (self, v);
      g_autoptr(PangoLayout) layout = NULL;
      int tw, th;

      if (self->unit == BD_CHART_MONEY)
        {
          int exponent = bd_currency_exponent (self->currency);

          g_free (text);
          text = g_strdup_printf ("%.0f", v / pow (10, exponent < 0 ? 2 : exponent));
        }
      layout = make_layout (self, text, 0.8);
      gdk_cairo_set_source_rgba (cr, &colors->grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, g->left, floor (y) + 0.5);
      cairo_line_to (cr, g->left + g->width, floor (y) + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &tw, &th);
      show_text (cr, layout, g->left - tw - 6, y - th / 2.0, &colors->text);
    }

  /* the labels below: in two lines each where they fit so */
  if (g->wrap)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PangoLayout) layout = make_label (self, g_ptr_array_index (self->labels, i), g->step - 4);

          show_text (cr, layout, g->left + g->step * i + 2, g->top + g->height + 4, &colors->text);
        }
      return;
    }

  /* else as many as fit */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, g_ptr_array_index (self->labels, i), 0.8);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      widest = MAX (widest, tw + 8);
    }
  every = MAX (1, (guint)ceil (widest / MAX (g->step, 1)));
  for (guint i = 0; i < n; i += every)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, g_ptr_array_index (self->labels, i), 0.8);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      show_text (cr, layout, g->left + g->step * (i + 0.5) - tw / 2.0, g->top + g->height + 4, &colors->text);
    }
}

static void
draw_bars (BdChart        *self,
           cairo_t        *cr,
           const Geometry *g,
           const Colors   *colors)
{
  guint n_series = self->series_names->len;
  double top_value = nice_top (self, max_value (self));
  double bar = g->step * 0.7 / MAX (n_series, 1);

  draw_axes (self, cr, g, colors, top_value);
  for (guint i = 0; i < self->labels->len; i++)
    for (guint s = 0; s < n_series; s++)
      {
        double v = value_at (self, i, s);
        double h;

        if (isnan (v))
          continue;
        h = g->height * v / top_value;
        gdk_cairo_set_source_rgba (cr, &colors->series[s % 2]);
        cairo_rectangle (cr, g->left + g->step * i + g->step * 0.15 + bar * s, g->top + g->height - h,
                         MAX (bar - 1, 1), h);
        cairo_fill (cr);
      }
}

static void
draw_line (BdChart        *self,
           cairo_t        *cr,
           const Geometry *g,
           const Colors   *colors)
{
  double top_value = nice_top (self, max_value (self));
  gboolean drawing = FALSE;

  draw_axes (self, cr, g, colors, top_value);
  gdk_cairo_set_source_rgba (cr, &colors->series[0]);
  cairo_set_line_width (cr, 2);
  /* a week without a value breaks the line */
  for (guint i = 0; i < self->labels->len; i++)
    {
      double v = value_at (self, i, 0);
      double x = g->left + g->step * (i + 0.5);

      if (isnan (v))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, g->top + g->height - g->height * v / top_value);
      else
        cairo_move_to (cr, x, g->top + g->height - g->height * v / top_value);
      drawing = TRUE;
    }
  cairo_stroke (cr);
  for (guint i = 0; i < self->labels->len; i++)
    {
      double v = value_at (self, i, 0);

      if (isnan (v))
        continue;
      cairo_arc (cr, g->left + g->step * (i + 0.5), g->top + g->height - g->height * v / top_value, 3.5, 0,
                 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_rows (BdChart        *self,
           cairo_t        *cr,
           const Geometry *g,
           const Colors   *colors)
{
  double top_value = max_value (self);
  double label_width = MIN (g->width * 0.4, 220);
  double value_width = MIN (g->width * 0.25, 110);
  double bar_width = MAX (g->width - label_width - value_width - 12, 1);

  for (guint i = 0; i < self->labels->len; i++)
    {
      double v = value_at (self, i, 0);
      double y = g->top + g->step * i;
      g_autoptr(PangoLayout) label = make_layout (self, g_ptr_array_index (self->labels, i), 0.85);
      g_autofree char *text = bd_chart_format_value (self, v);
      g_autoptr(PangoLayout) value = make_layout (self, text, 0.85);
      double w = top_value > 0 && !isnan (v) ? bar_width * v / top_value : 0;
      int tw, th;

      pango_layout_set_width (label, (int)(label_width - 6) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &tw, &th);
      show_text (cr, label, g->left + 4, y + (g->step - th) / 2, &colors->text);

      gdk_cairo_set_source_rgba (cr, &colors->series[0]);
      cairo_rectangle (cr, g->left + label_width, y + 5, MAX (w, 1), g->step - 10);
      cairo_fill (cr);

      pango_layout_get_pixel_size (value, &tw, &th);
      show_text (cr, value, g->left + label_width + w + 6, y + (g->step - th) / 2, &colors->text);
    }
}

static void
draw_plot (BdChart *self,
           cairo_t *cr,
           int      width,
           int      height)
{
  Colors colors;
  Geometry g;

  get_colors (self, &colors);
  get_geometry (self, width, height, &g);

  if (self->labels->len == 0)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, _("Nothing in this range"), 1);
      GdkRGBA dim = colors.text;
      int tw, th;

      dim.alpha *= 0.6;
      pango_layout_get_pixel_size (layout, &tw, &th);
      show_text (cr, layout, (width - tw) / 2.0, (height - th) / 2.0, &dim);
      return;
    }

  switch (self->kind)
    {
    case BD_CHART_BARS:
      draw_bars (self, cr, &g, &colors);
      break;
    case BD_CHART_LINE:
      draw_line (self, cr, &g, &colors);
      break;
    case BD_CHART_ROWS:
    default:
      draw_rows (self, cr, &g, &colors);
    }
  draw_focus (self, cr, &g, &colors);
}

static void
plot_draw_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  draw_plot (BD_CHART (user_data), cr, width, height);
}

/* The label at @x, @y in the plot, or -1. */
static int
label_at (BdChart *self,
          double   x,
          double   y)
{
  Geometry g;
  int index;

  get_geometry (self, gtk_widget_get_width (self->plot), gtk_widget_get_height (self->plot), &g);
  if (self->kind == BD_CHART_ROWS)
    index = (int)floor ((y - g.top) / g.step);
  else
    index = (int)floor ((x - g.left) / g.step);
  return index >= 0 && (guint)index < self->labels->len ? index : -1;
}

/* What a click on a label or Enter on it does: says which. */
void
bd_chart_activate_label (BdChart *self,
                         guint    index)
{
  g_return_if_fail (BD_IS_CHART (self));
  g_return_if_fail (index < self->labels->len);

  if (self->clickable)
    g_signal_emit (self, signals[LABEL_ACTIVATED], 0, index);
}

static void
plot_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  BdChart         *self)
{
  int index = label_at (self, x, y);

  if (index >= 0)
    {
      self->focus_index = index;
      bd_chart_activate_label (self, index);
    }
}

/* What a key pressed on the plot does: the arrows move between the
 * labels, Enter or Space chooses the one the keys are on. TRUE when it
 * did something. */
gboolean
bd_chart_handle_key (BdChart *self,
                     guint    keyval)
{
  int n;

  g_return_val_if_fail (BD_IS_CHART (self), FALSE);

  n = self->labels->len;
  if (n == 0 || !self->clickable)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_Up:
      self->focus_index = self->focus_index <= 0 ? 0 : self->focus_index - 1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_Down:
      self->focus_index = MIN (self->focus_index + 1, n - 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->focus_index >= 0)
        bd_chart_activate_label (self, self->focus_index);
      return TRUE;
    default:
      return FALSE;
    }
  gtk_widget_queue_draw (self->plot);
  return TRUE;
}

static gboolean
plot_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     BdChart               *self)
{
  return bd_chart_handle_key (self, keyval);
}

static void
update_plot_size (BdChart *self)
{
  int height = self->kind == BD_CHART_ROWS ? (int)MAX (self->labels->len, 1) * ROW_HEIGHT : BAR_CHART_HEIGHT;

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->plot), height);
}

/* Says in words what the chart shows: its title, then each label's
 * values. */
static void
update_description (BdChart *self)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s. ", self->title);
  if (self->labels->len == 0)
    g_string_append (text, _("Nothing in this range."));
  for (guint i = 0; i < self->labels->len; i++)
    {
      g_string_append_printf (text, "%s: ", (const char *)g_ptr_array_index (self->labels, i));
      for (guint s = 0; s < self->series_names->len; s++)
        {
          g_autofree char *value = bd_chart_format_value (self, value_at (self, i, s));

          if (self->series_names->len > 1)
            /* Translators: a chart's value and what it counts: "3 opened" */
            g_string_append_printf (text, C_("chart value", "%s %s"), value,
                                    (const char *)g_ptr_array_index (self->series_names, s));
          else
            g_string_append (text, value);
          g_string_append (text, s + 1 < self->series_names->len ? ", " : "; ");
        }
    }

  g_free (self->description);
  self->description = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plot),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);
}

/* A legend in words beside each series' colour: not colour alone. The
 * swatches take their colour from the style sheet (style.css), so they
 * follow the dark and light styles as the plot does. */
static void
update_legend (BdChart *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->legend)) != NULL)
    gtk_box_remove (GTK_BOX (self->legend), child);

  for (guint s = 0; self->series_names->len > 1 && s < self->series_names->len; s++)
    {
      GtkWidget *swatch = g_object_new (GTK_TYPE_BOX,
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                        "valign", GTK_ALIGN_CENTER,
                                        NULL);
      GtkWidget *label = gtk_label_new (g_ptr_array_index (self->series_names, s));

      gtk_widget_add_css_class (swatch, "chart-swatch");
      gtk_widget_add_css_class (swatch, s % 2 == 0 ? "series-0" : "series-1");
      gtk_widget_add_css_class (label, "caption");
      if (s > 0)
        gtk_widget_set_margin_start (swatch, 12);
      gtk_box_append (GTK_BOX (self->legend), swatch);
      gtk_box_append (GTK_BOX (self->legend), label);
    }
  gtk_widget_set_visible (self->legend, self->series_names->len > 1);
}

/* @values: @n_labels times @n_series values, label by label; NAN for
 * none. */
void
bd_chart_set_data (BdChart            *self,
                   const char * const *labels,
                   guint               n_labels,
                   const char * const *series_names,
                   guint               n_series,
                   const double       *values)
{
  g_return_if_fail (BD_IS_CHART (self));
  g_return_if_fail (n_series > 0);

  g_ptr_array_set_size (self->labels, 0);
  g_ptr_array_set_size (self->series_names, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_labels; i++)
    g_ptr_array_add (self->labels, g_strdup (labels[i]));
  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (self->series_names, g_strdup (series_names[s]));
  g_array_append_vals (self->values, values, n_labels * n_series);
  self->focus_index = n_labels > 0 ? MIN (MAX (self->focus_index, 0), (int)n_labels - 1) : -1;

  update_plot_size (self);
  update_description (self);
  update_legend (self);
  gtk_widget_queue_draw (self->plot);
}

void
bd_chart_set_currency (BdChart    *self,
                       const char *currency)
{
  g_return_if_fail (BD_IS_CHART (self));

  g_free (self->currency);
  self->currency = g_strdup (currency);
}

/* A clickable chart says "label-activated" and can be focused. */
void
bd_chart_set_clickable (BdChart  *self,
                        gboolean  clickable)
{
  g_return_if_fail (BD_IS_CHART (self));

  self->clickable = !!clickable;
  gtk_widget_set_focusable (self->plot, clickable);
  gtk_widget_set_cursor_from_name (self->plot, clickable ? "pointer" : NULL);
}

/* Whether the labels below the plot are drawn in two lines at the
 * chart's size (every label shown where side by side some would not). */
gboolean
bd_chart_get_labels_wrapped (BdChart *self)
{
  Geometry g;

  g_return_val_if_fail (BD_IS_CHART (self), FALSE);
  get_geometry (self, gtk_widget_get_width (self->plot), gtk_widget_get_height (self->plot), &g);
  return g.wrap;
}

const char *
bd_chart_get_title (BdChart *self)
{
  g_return_val_if_fail (BD_IS_CHART (self), NULL);
  return self->title;
}

guint
bd_chart_get_n_labels (BdChart *self)
{
  g_return_val_if_fail (BD_IS_CHART (self), 0);
  return self->labels->len;
}

const char *
bd_chart_get_description (BdChart *self)
{
  g_return_val_if_fail (BD_IS_CHART (self), NULL);
  return self->description;
}

/* The data as CSV: a column for the labels, one per series. A label
 * that would start a formula is quoted. */
char *
bd_chart_to_csv (BdChart *self)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (BD_IS_CHART (self), NULL);

  g_ptr_array_add (row, g_strdup (_("label")));
  for (guint s = 0; s < self->series_names->len; s++)
    g_ptr_array_add (row, g_strdup (g_ptr_array_index (self->series_names, s)));
  bd_csv_append_row (out, (const char **)row->pdata, row->len);

  for (guint i = 0; i < self->labels->len; i++)
    {
      g_autofree char *owned = NULL;

      g_ptr_array_set_size (row, 0);
      g_ptr_array_add (row, g_strdup (bd_csv_formula_safe (g_ptr_array_index (self->labels, i), &owned)));
      for (guint s = 0; s < self->series_names->len; s++)
        g_ptr_array_add (row, csv_value (self, value_at (self, i, s)));
      bd_csv_append_row (out, (const char **)row->pdata, row->len);
    }

  return g_string_free (out, FALSE);
}

gboolean
bd_chart_save_csv (BdChart  *self,
                   GFile    *file,
                   GError  **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (BD_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  csv = bd_chart_to_csv (self);
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL) ? CAIRO_STATUS_SUCCESS
                                                                             : CAIRO_STATUS_WRITE_ERROR;
}

/* Draws the chart, its title and legend into a PNG of @width x @height
 * pixels (@height 0: as tall as the chart needs), on the style's card
 * colour. */
gboolean
bd_chart_save_png (BdChart  *self,
                   GFile    *file,
                   int       width,
                   int       height,
                   GError  **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) legend = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Colors colors;
  int title_height, legend_height = 0, plot_height;

  g_return_val_if_fail (BD_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (width > 0 && height >= 0, FALSE);

  get_colors (self, &colors);
  title = make_layout (self, self->title, 1.1);
  pango_layout_set_width (title, (width - 2 * MARGIN) * PANGO_SCALE);
  pango_layout_set_wrap (title, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (title, NULL, &title_height);
  title_height += 2 * MARGIN;
  if (self->series_names->len > 1)
    {
      g_autoptr(GString) markup = g_string_new (NULL);

      for (guint s = 0; s < self->series_names->len; s++)
        {
          const GdkRGBA *rgba = &colors.series[s % 2];
          g_autofree char *name = g_markup_escape_text (g_ptr_array_index (self->series_names, s), -1);

          g_string_append_printf (markup, "%s<span foreground=\"#%02x%02x%02x\">■</span> %s", s > 0 ? "   " : "",
                                  (guint)(rgba->red * 255 + 0.5), (guint)(rgba->green * 255 + 0.5),
                                  (guint)(rgba->blue * 255 + 0.5), name);
        }
      legend = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_markup (legend, markup->str, -1);
      pango_layout_get_pixel_size (legend, NULL, &legend_height);
      legend_height += MARGIN;
    }
  plot_height = self->kind == BD_CHART_ROWS ? (int)MAX (self->labels->len, 1) * ROW_HEIGHT : BAR_CHART_HEIGHT;
  if (height == 0)
    height = title_height + plot_height + legend_height + MARGIN;
  plot_height = MAX (height - title_height - legend_height - MARGIN, 1);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);
  show_text (cr, title, MARGIN, MARGIN, &colors.text);
  cairo_save (cr);
  cairo_translate (cr, MARGIN, title_height);
  draw_plot (self, cr, width - 2 * MARGIN, plot_height);
  cairo_restore (cr);
  if (legend != NULL)
    show_text (cr, legend, MARGIN, title_height + plot_height + MARGIN / 2, &colors.text);
  cairo_destroy (cr);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  status = cairo_surface_write_to_png_stream (surface, write_png_cb, stream);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the picture “%s”: %s"), name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  BdChart         *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean png = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "bd-png"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (png ? !bd_chart_save_png (self, file, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 480), 0, &error)
              : !bd_chart_save_csv (self, file, &error))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      _("Cannot Save the Chart"), error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  g_object_unref (chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdChart *self = BD_CHART (widget);
  gboolean png = g_str_equal (action_name, "chart.save-png");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (png ? _("Save Chart as PNG") : _("Save Chart Data as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, png ? _("PNG images") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, png ? "image/png" : "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = g_strdup_printf ("%s.%s", self->title, png ? "png" : "csv");
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "bd-png", GINT_TO_POINTER (png));
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

BdChart *
bd_chart_new (BdChartKind  kind,
              BdChartUnit  unit,
              const char  *title)
{
  BdChart *self = g_object_new (BD_TYPE_CHART, NULL);
  g_autofree char *menu_label = NULL;

  self->kind = kind;
  self->unit = unit;
  self->title = g_strdup (title);
  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plot), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  /* Translators: the accessible label of a chart's menu; %s is its title */
  menu_label = g_strdup_printf (_("Save %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);
  update_plot_size (self);
  update_description (self);
  return self;
}

static void
bd_chart_dispose (GObject *object)
{
  BdChart *self = (BdChart *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bd_chart_parent_class)->dispose (object);
}

static void
bd_chart_finalize (GObject *object)
{
  BdChart *self = (BdChart *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->series_names, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (bd_chart_parent_class)->finalize (object);
}

static void
bd_chart_class_init (BdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_chart_dispose;
  object_class->finalize = bd_chart_finalize;

  /* A label (a week, a bucket, a product) was clicked or chosen with the
   * keys: its number. */
  signals[LABEL_ACTIVATED] =
    g_signal_new ("label-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "chart.save-png", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "chart.save-csv", NULL, save_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
bd_chart_init (BdChart *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkGesture *click;
  GtkEventController *keys;

  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->series_names = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->focus_index = -1;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->title_label));

  g_menu_append (menu, _("Save as _PNG…"), "chart.save-png");
  g_menu_append (menu, _("Save _Data as CSV…"), "chart.save-csv");
  self->menu_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->menu_button, "view-more-symbolic");
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), _("Save the Chart"));
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "flat");
  gtk_widget_set_valign (GTK_WIDGET (self->menu_button), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->menu_button));

  self->plot = g_object_new (GTK_TYPE_DRAWING_AREA,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                             NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->plot), plot_draw_cb, self, NULL);
  gtk_widget_set_hexpand (self->plot, TRUE);
  gtk_widget_set_parent (self->plot, GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (plot_released_cb), self);
  gtk_widget_add_controller (self->plot, GTK_EVENT_CONTROLLER (click));
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (plot_key_pressed_cb), self);
  gtk_widget_add_controller (self->plot, keys);
  /* the focus ring is drawn by the chart, on the label the keys are on */
  g_signal_connect_swapped (self->plot, "notify::has-focus", G_CALLBACK (gtk_widget_queue_draw), self->plot);

  self->legend = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_visible (self->legend, FALSE);
  gtk_widget_set_parent (self->legend, GTK_WIDGET (self));
}
