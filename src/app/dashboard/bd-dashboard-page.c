/* bd-dashboard-page.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dashboard-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bd-dashboard-page.h"
#include "bd-dashboard-page-private.h"
#include "bd-util.h"
#include "bd-widget-util.h"

/* How the backorder operation is doing over a range of days (README,
 * "Metrics"): a tile per figure with its change against the period of the
 * same length before, and the charts. The figures are computed on a
 * thread with a connection of its own (DESIGN.md, Threads); meanwhile the
 * page keeps showing the figures it has, with a spinner, and a range
 * chosen before they come cancels the computing of the stale one. The
 * page computes only while it is shown, and again after the store
 * changed. Clicking a figure that counts lines says "show-lines" with the
 * queue's query for exactly those lines (bd_metrics_lines_query()).
 *
 * A range's figures and those of the period before come from one pass
 * over the order lines, cut in parts read at once, one a core
 * (bd_metrics_compute_ranges()). The figures computed are kept until the
 * store changes: a range whose period before was computed (shown, or
 * compared with) takes it from there, and the pass counts for the range
 * alone. */

struct _BdDashboardPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkDropDown *range_dropdown;
  GtkSpinner *spinner;
  GtkWidget *custom_box;
  GtkEntry *from_entry;
  GtkEntry *to_entry;
  GtkLabel *range_label;
  GtkLabel *error_label;
  GtkFlowBox *tiles_box;
  GtkFlowBox *charts_box;

  /* Owned references */
  BdStore *store;
  GCancellable *cancellable;  /* the figures being computed */
  char *from;                 /* the range asked for */
  char *to;
  BdMetrics *metrics;         /* the figures shown, and those before them */
  BdMetrics *previous;
  BdMetricsSeries *series;
  GPtrArray *tiles;           /* BdKpiTile *, borrowed from tiles_box */
  GHashTable *computed;       /* "from to" -> BdMetrics of the store as it is */
  guint generation;           /* the store's writes seen */
  guint refresh_source;

  guint dirty : 1;            /* the store changed since the figures shown */
  guint setting_range : 1;
};

G_DEFINE_FINAL_TYPE (BdDashboardPage, bd_dashboard_page, GTK_TYPE_WIDGET)

enum {
  SHOW_LINES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  KIND_RATE,
  KIND_COUNT,
  KIND_DAYS,
  KIND_MONEY,
  KIND_SUPPLIERS,
  KIND_TURNOVER,
} TileKind;

#define NO_LINES -1

/* The tiles, in the order shown: each figure, whether more of it is
 * better, and the lines behind it when the queue can list them. */
static const struct
{
  const char *name;
  const char *title;
  TileKind kind;
  gsize offset;
  gboolean higher_is_better;
  int lines;
} tile_specs[] = {
  { "backorder_rate", N_("Backorder rate"), KIND_RATE, G_STRUCT_OFFSET (BdMetrics, backorder_rate), FALSE, NO_LINES },
  { "backorder_lines", N_("Backorder lines ordered"), KIND_COUNT, G_STRUCT_OFFSET (BdMetrics, backorder_lines), FALSE,
    BD_METRICS_LINES_ORDERED },
  { "fill_rate", N_("Fill rate"), KIND_RATE, G_STRUCT_OFFSET (BdMetrics, fill_rate), TRUE, NO_LINES },
  { "unit_fill_rate", N_("Unit fill rate"), KIND_RATE, G_STRUCT_OFFSET (BdMetrics, unit_fill_rate), TRUE, NO_LINES },
  { "on_time_delivery_rate", N_("On-time delivery"), KIND_RATE, G_STRUCT_OFFSET (BdMetrics, on_time_delivery_rate),
    TRUE, NO_LINES },
  { "open_backorders", N_("Open backorders"), KIND_COUNT, G_STRUCT_OFFSET (BdMetrics, open_backorders), FALSE,
    BD_METRICS_LINES_OPEN },
  { "overdue_backorders", N_("Overdue backorders"), KIND_COUNT, G_STRUCT_OFFSET (BdMetrics, overdue_backorders),
    FALSE, BD_METRICS_LINES_OVERDUE },
  { "backorder_age_mean_days", N_("Mean backorder age"), KIND_DAYS,
    G_STRUCT_OFFSET (BdMetrics, backorder_age_mean_days), FALSE, NO_LINES },
  { "backorder_age_median_days", N_("Median backorder age"), KIND_DAYS,
    G_STRUCT_OFFSET (BdMetrics, backorder_age_median_days), FALSE, NO_LINES },
  { "promises_breached_rate", N_("Promises breached"), KIND_RATE,
    G_STRUCT_OFFSET (BdMetrics, promises_breached_rate), FALSE, BD_METRICS_LINES_BREACHED },
  { "cancellation_rate", N_("Cancellation rate"), KIND_RATE, G_STRUCT_OFFSET (BdMetrics, cancellation_rate), FALSE,
    NO_LINES },
  { "backorder_value_open", N_("Open backorder value"), KIND_MONEY,
    G_STRUCT_OFFSET (BdMetrics, backorder_value_open), FALSE, NO_LINES },
  { "revenue_lost", N_("Revenue lost"), KIND_MONEY, G_STRUCT_OFFSET (BdMetrics, revenue_lost), FALSE, NO_LINES },
  { "never_notified_open", N_("Open, never notified"), KIND_COUNT, G_STRUCT_OFFSET (BdMetrics, never_notified_open),
    FALSE, BD_METRICS_LINES_NEVER_NOTIFIED },
  { "complaints", N_("Complaints"), KIND_COUNT, G_STRUCT_OFFSET (BdMetrics, complaints), FALSE, NO_LINES },
  { "promise_kept_rate", N_("Promises kept"), KIND_RATE, G_STRUCT_OFFSET (BdMetrics, promise_kept_rate), TRUE,
    NO_LINES },
  { "supplier_on_time_rate", N_("Supplier on-time"), KIND_SUPPLIERS,
    G_STRUCT_OFFSET (BdMetrics, suppliers_on_time_rate), TRUE, NO_LINES },
  { "inventory_turnover", N_("Inventory turnover"), KIND_TURNOVER, G_STRUCT_OFFSET (BdMetrics, inventory_turnover),
    TRUE, NO_LINES },
};

/* What a figure without a value had none of: its denominator, in words
 * (README, "Metrics"), so that a clerk reads why the tile is empty where
 * a chart of the same days shows something. */
static const struct
{
  const char *name;
  const char *why;
} null_reasons[] = {
  { "backorder_rate", N_("No line ordered in this range") },
  { "fill_rate", N_("No line ordered in this range") },
  { "unit_fill_rate", N_("No unit ordered in this range") },
  { "on_time_delivery_rate", N_("No line ordered in this range has shipped with a promised date yet") },
  { "backorder_age_mean_days", N_("No backorder open at the range’s end") },
  { "backorder_age_median_days", N_("No backorder open at the range’s end") },
  { "cancellation_rate", N_("No backorder line ordered in this range") },
  { "promise_kept_rate", N_("No backorder line shipped in this range after being told a date") },
  { "inventory_turnover", N_("No stock counts in this range") },
};

static const char *
null_reason (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (null_reasons); i++)
    if (g_str_equal (null_reasons[i].name, name))
      return _(null_reasons[i].why);
  return _("Nothing to count in this range");
}

/* The ranges of the drop-down, in its order; the last item is Custom. */
static const BdMetricsRange presets[] = {
  BD_METRICS_RANGE_LAST_7,
  BD_METRICS_RANGE_LAST_30,
  BD_METRICS_RANGE_LAST_90,
  BD_METRICS_RANGE_THIS_QUARTER,
  BD_METRICS_RANGE_THIS_YEAR,
};

#define CUSTOM_ITEM G_N_ELEMENTS (presets)

/* A local date (YYYY-MM-DD) as a person reads it: "31 Mar 2026". */
static char *
format_day (const char *day)
{
  g_autofree char *text = g_strconcat (day, "T12:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, NULL);

  return date != NULL ? g_date_time_format (date, "%-d %b %Y") : g_strdup (day);
}

static char *
format_money (const BdMetricsAmount *amount,
              gboolean               sign)
{
  int exponent = bd_currency_exponent (amount->currency);
  g_autofree char *number = bd_format_decimal (amount->amount, exponent < 0 ? 2 : exponent);

  return g_strdup_printf ("%s %s%s", amount->currency, sign && amount->amount > 0 ? "+" : "", number);
}

static gint64
money_in (GPtrArray  *amounts,
          const char *currency)
{
  for (guint i = 0; amounts != NULL && i < amounts->len; i++)
    {
      const BdMetricsAmount *amount = g_ptr_array_index (amounts, i);

      if (g_str_equal (amount->currency, currency))
        return amount->amount;
    }
  return 0;
}

/* A figure with one value as a double, NAN for null. */
static double
scalar (const BdMetrics *metrics,
        guint            spec)
{
  gconstpointer p = G_STRUCT_MEMBER_P (metrics, tile_specs[spec].offset);

  switch (tile_specs[spec].kind)
    {
    case KIND_COUNT:
      return (double)*(const gint64 *)p;
    case KIND_RATE:
    case KIND_DAYS:
    case KIND_SUPPLIERS:
    case KIND_TURNOVER:
      return *(const double *)p;
    case KIND_MONEY:
    default:
      return NAN;
    }
}

static char *
format_scalar (TileKind kind,
               double   value)
{
  if (isnan (value))
    return g_strdup ("—");
  switch (kind)
    {
    case KIND_RATE:
    case KIND_SUPPLIERS:
      return g_strdup_printf ("%.1f%%", value * 100);
    case KIND_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.1f day", "%.1f days", (gulong)value), value);
    case KIND_TURNOVER:
      /* Translators: how many times the stock turned over, "0.85×" */
      return g_strdup_printf (_("%.2f×"), value);
    case KIND_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

/* The difference as a person reads it: points for rates. */
static char *
format_delta (TileKind kind,
              double   delta)
{
  switch (kind)
    {
    case KIND_RATE:
    case KIND_SUPPLIERS:
      /* Translators: a change of a rate in percentage points */
      return g_strdup_printf (_("%+.1f pts"), delta * 100);
    case KIND_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%+.1f day", "%+.1f days", (gulong)fabs (delta)), delta);
    case KIND_TURNOVER:
      return g_strdup_printf ("%+.2f", delta);
    case KIND_COUNT:
    default:
      return g_strdup_printf ("%+.0f", delta);
    }
}

/* The change of a figure from @before to @now, in words, with whether
 * it is good news. */
static char *
describe_change (TileKind        kind,
                 gboolean        higher_is_better,
                 double          now,
                 double          before,
                 BdKpiDirection *direction,
                 gboolean       *good)
{
  g_autofree char *was = NULL;
  g_autofree char *delta = NULL;

  *good = FALSE;
  if (isnan (now) || isnan (before))
    {
      *direction = BD_KPI_UNKNOWN;
      return g_strdup (isnan (before) ? _("No figure for the period before") : "");
    }

  was = format_scalar (kind, before);
  if (fabs (now - before) < 1e-9)
    {
      *direction = BD_KPI_SAME;
      /* Translators: a figure did not change; %s is its value before */
      return g_strdup_printf (_("No change from %s"), was);
    }

  *direction = now > before ? BD_KPI_UP : BD_KPI_DOWN;
  *good = (now > before) == higher_is_better;
  delta = format_delta (kind, now - before);
  /* Translators: how a figure changed: "+2.1 pts from 10.3%, worse" */
  return g_strdup_printf (*good ? _("%s from %s, better") : _("%s from %s, worse"), delta, was);
}

static void
show_money_tile (BdDashboardPage *self,
                 BdKpiTile       *tile,
                 guint            spec)
{
  GPtrArray *now = G_STRUCT_MEMBER (GPtrArray *, self->metrics, tile_specs[spec].offset);
  GPtrArray *before = self->previous != NULL ? G_STRUCT_MEMBER (GPtrArray *, self->previous, tile_specs[spec].offset)
                                             : NULL;
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(GString) change = g_string_new (NULL);
  BdKpiDirection direction = BD_KPI_UNKNOWN;
  gboolean good = FALSE;

  for (guint i = 0; i < now->len; i++)
    {
      const BdMetricsAmount *amount = g_ptr_array_index (now, i);
      BdMetricsAmount difference = { amount->currency, amount->amount - money_in (before, amount->currency) };
      g_autofree char *text = format_money (amount, FALSE);
      g_autofree char *delta = format_money (&difference, TRUE);

      g_string_append_printf (value, "%s%s", i > 0 ? "\n" : "", text);
      if (before == NULL)
        continue;
      if (i == 0)
        {
          /* the arrow follows the first currency; the words say each */
          direction = difference.amount > 0 ? BD_KPI_UP : difference.amount < 0 ? BD_KPI_DOWN : BD_KPI_SAME;
          good = (difference.amount > 0) == tile_specs[spec].higher_is_better;
        }
      if (change->len > 0)
        g_string_append (change, "\n");
      if (difference.amount == 0)
        /* Translators: an amount did not change; %s is its currency */
        g_string_append_printf (change, _("%s: no change"), amount->currency);
      else
        g_string_append_printf (change, (difference.amount > 0) == tile_specs[spec].higher_is_better
                                          ? _("%s, better") : _("%s, worse"),
                                delta);
    }
  if (now->len == 0)
    {
      g_string_append (value, _("None"));
      if (before != NULL && before->len > 0)
        {
          direction = BD_KPI_DOWN;
          good = !tile_specs[spec].higher_is_better;
          g_string_append (change, good ? _("Down to none, better") : _("Down to none, worse"));
        }
      else
        direction = BD_KPI_SAME;
    }

  bd_kpi_tile_set_value (tile, value->str, NULL);
  bd_kpi_tile_set_change (tile, direction, good, change->str);
}

static void
show_tiles (BdDashboardPage *self)
{
  for (guint i = 0; i < self->tiles->len; i++)
    {
      BdKpiTile *tile = g_ptr_array_index (self->tiles, i);
      g_autofree char *value = NULL;
      g_autofree char *change = NULL;
      g_autofree char *detail = NULL;
      BdKpiDirection direction;
      gboolean good;
      double now, before;

      if (tile_specs[i].kind == KIND_MONEY)
        {
          show_money_tile (self, tile, i);
          continue;
        }

      now = scalar (self->metrics, i);
      before = self->previous != NULL ? scalar (self->previous, i) : NAN;
      value = format_scalar (tile_specs[i].kind, now);
      change = describe_change (tile_specs[i].kind, tile_specs[i].higher_is_better, now, before, &direction, &good);

      if (tile_specs[i].lines == BD_METRICS_LINES_BREACHED)
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " line",
                                               "%" G_GINT64_FORMAT " lines", self->metrics->promises_breached),
                                  self->metrics->promises_breached);
      else if (tile_specs[i].kind == KIND_SUPPLIERS)
        /* Translators: the supplier tile's figure is over all their PO lines together */
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Of %" G_GINT64_FORMAT " PO line received",
                                               "Of %" G_GINT64_FORMAT " PO lines received",
                                               self->metrics->suppliers_po_lines_received),
                                  self->metrics->suppliers_po_lines_received);
      else if (isnan (now))
        detail = g_strdup (null_reason (tile_specs[i].name));

      bd_kpi_tile_set_value (tile, value, detail);
      bd_kpi_tile_set_change (tile, direction, good, change);
    }
}

/* Each chart's name, for tests and its lines. */
#define CHART_NAME_KEY "bd-chart-name"
#define CHART_LINES_KEY "bd-chart-lines"
#define CHART_REFS_KEY "bd-chart-refs"

static void chart_label_activated_cb (BdChart         *chart,
                                      guint            index,
                                      BdDashboardPage *self);

static BdChart *
add_chart (BdDashboardPage *self,
           const char      *name,
           BdChartKind      kind,
           BdChartUnit      unit,
           const char      *title,
           int              lines)
{
  BdChart *chart = bd_chart_new (kind, unit, title);
  GtkWidget *child = gtk_flow_box_child_new ();

  g_object_set_data_full (G_OBJECT (chart), CHART_NAME_KEY, g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (chart), CHART_LINES_KEY, GINT_TO_POINTER (lines));
  if (lines != NO_LINES)
    {
      bd_chart_set_clickable (chart, TRUE);
      g_signal_connect_object (chart, "label-activated", G_CALLBACK (chart_label_activated_cb), self, 0);
    }
  /* the tab goes to the chart's menu and plot, not to the box's cell */
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), GTK_WIDGET (chart));
  gtk_flow_box_append (self->charts_box, child);
  return chart;
}

static char *
week_label (const char *monday)
{
  g_autofree char *text = g_strconcat (monday, "T12:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, NULL);

  return date != NULL ? g_date_time_format (date, "%-d %b") : g_strdup (monday);
}

static void
add_top_chart (BdDashboardPage *self,
               const char      *name,
               const char      *title,
               GPtrArray       *tops,
               const char      *currency,
               gboolean         by_value,
               int              lines)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  const char *series_name = by_value ? _("Value") : _("Units");
  BdChart *chart;

  for (guint i = 0; i < tops->len; i++)
    {
      const BdMetricsTop *top = g_ptr_array_index (tops, i);
      double value = by_value ? (double)top->value : (double)top->units;

      if (currency != NULL && g_strcmp0 (top->currency, currency) != 0)
        continue;
      g_ptr_array_add (labels, g_strdup (top->name != NULL && *top->name != '\0' ? top->name : top->ref));
      g_ptr_array_add (refs, g_strdup (top->ref));
      g_array_append_val (values, value);
    }
  g_ptr_array_add (refs, NULL);

  chart = add_chart (self, name, BD_CHART_ROWS, by_value ? BD_CHART_MONEY : BD_CHART_COUNT, title, lines);
  bd_chart_set_currency (chart, currency);
  g_object_set_data_full (G_OBJECT (chart), CHART_REFS_KEY, g_ptr_array_free (g_steal_pointer (&refs), FALSE),
                          (GDestroyNotify)g_strfreev);
  bd_chart_set_data (chart, (const char * const *)labels->pdata, labels->len, &series_name, 1,
                     (const double *)(gpointer)values->data);
}

/* The currencies of a list by value, in its order (by code). */
static GPtrArray *
currencies_of (GPtrArray *tops)
{
  GPtrArray *currencies = g_ptr_array_new ();

  for (guint i = 0; i < tops->len; i++)
    {
      const BdMetricsTop *top = g_ptr_array_index (tops, i);

      if (currencies->len == 0 || g_strcmp0 (g_ptr_array_index (currencies, currencies->len - 1), top->currency) != 0)
        g_ptr_array_add (currencies, top->currency);
    }
  return currencies;
}

static void
show_charts (BdDashboardPage *self)
{
  const BdMetricsSeries *series = self->series;
  g_autoptr(GPtrArray) weeks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) opened_closed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) on_time = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) currencies = NULL;
  const char *bucket_labels[BD_METRICS_N_AGE_BUCKETS] = {
    _("0–7 days"), _("8–14 days"), _("15–30 days"), _("31–60 days"), _("Over 60 days"),
  };
  const char *week_series[] = { _("Opened"), _("Closed") };
  const char *on_time_series[] = { _("On time") };
  const char *bucket_series[] = { _("Open lines") };
  double buckets[BD_METRICS_N_AGE_BUCKETS];
  GtkWidget *child;
  BdChart *chart;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts_box))) != NULL)
    gtk_flow_box_remove (self->charts_box, child);

  for (guint i = 0; i < series->weeks->len; i++)
    {
      const BdMetricsWeek *week = g_ptr_array_index (series->weeks, i);
      double values[2] = { week->opened, week->closed };

      g_ptr_array_add (weeks, week_label (week->week_start));
      g_array_append_vals (opened_closed, values, 2);
      g_array_append_val (on_time, week->on_time_rate);
    }

  chart = add_chart (self, "opened-closed", BD_CHART_BARS, BD_CHART_COUNT,
                     _("Backorders opened and closed per week"), NO_LINES);
  bd_chart_set_data (chart, (const char * const *)weeks->pdata, weeks->len, week_series, 2,
                     (const double *)(gpointer)opened_closed->data);

  for (guint b = 0; b < BD_METRICS_N_AGE_BUCKETS; b++)
    buckets[b] = self->metrics->age_buckets[b];
  chart = add_chart (self, "age-buckets", BD_CHART_BARS, BD_CHART_COUNT,
                     _("Open backlog by age"), BD_METRICS_LINES_AGE_BUCKET);
  bd_chart_set_data (chart, bucket_labels, BD_METRICS_N_AGE_BUCKETS, bucket_series, 1, buckets);

  chart = add_chart (self, "on-time", BD_CHART_LINE, BD_CHART_FRACTION, _("On-time delivery per week"), NO_LINES);
  bd_chart_set_data (chart, (const char * const *)weeks->pdata, weeks->len, on_time_series, 1,
                     (const double *)(gpointer)on_time->data);

  add_top_chart (self, "top-products-units", _("Top products by backordered units"),
                 series->top_products_units, NULL, FALSE, BD_METRICS_LINES_PRODUCT);
  add_top_chart (self, "top-suppliers-units", _("Top suppliers by backordered units"),
                 series->top_suppliers_units, NULL, FALSE, BD_METRICS_LINES_SUPPLIER);

  currencies = currencies_of (series->top_products_value);
  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      g_autofree char *name = g_strdup_printf ("top-products-value-%s", currency);
      /* Translators: %s is a currency code */
      g_autofree char *title = g_strdup_printf (_("Top products by backordered value, %s"), currency);

      add_top_chart (self, name, title, series->top_products_value, currency, TRUE, BD_METRICS_LINES_PRODUCT);
    }
  g_clear_pointer (&currencies, g_ptr_array_unref);
  currencies = currencies_of (series->top_suppliers_value);
  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      g_autofree char *name = g_strdup_printf ("top-suppliers-value-%s", currency);
      /* Translators: %s is a currency code */
      g_autofree char *title = g_strdup_printf (_("Top suppliers by backordered value, %s"), currency);

      add_top_chart (self, name, title, series->top_suppliers_value, currency, TRUE, BD_METRICS_LINES_SUPPLIER);
    }
}

static void
show_range (BdDashboardPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  if (self->metrics == NULL)
    {
      gtk_label_set_label (self->range_label, "");
      return;
    }

  from = format_day (self->metrics->from);
  to = format_day (self->metrics->to);
  if (self->previous != NULL)
    {
      g_autofree char *previous_from = format_day (self->previous->from);
      g_autofree char *previous_to = format_day (self->previous->to);

      /* Translators: the range of the figures and the one they are
       * compared with */
      text = g_strdup_printf (_("%s to %s, compared with %s to %s"), from, to, previous_from, previous_to);
    }
  else
    text = g_strdup_printf (_("%s to %s"), from, to);
  gtk_label_set_label (self->range_label, text);
}

static void
set_loading (BdDashboardPage *self,
             gboolean         loading)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);
}

typedef struct
{
  char *database;
  char *from;
  char *to;
  char *previous_from;        /* NULL: no period before to compute */
  char *previous_to;
  BdMetrics *previous;        /* the period before's, computed already */
  guint generation;           /* the store's writes seen when asked */
} Request;

typedef struct
{
  BdMetrics *metrics;
  BdMetrics *previous;
  BdMetricsSeries *series;
} Figures;

static void
request_free (Request *request)
{
  g_free (request->database);
  g_free (request->from);
  g_free (request->to);
  g_free (request->previous_from);
  g_free (request->previous_to);
  g_clear_pointer (&request->previous, bd_metrics_free);
  g_free (request);
}

static void
figures_free (Figures *figures)
{
  g_clear_pointer (&figures->metrics, bd_metrics_free);
  g_clear_pointer (&figures->previous, bd_metrics_free);
  g_clear_pointer (&figures->series, bd_metrics_series_free);
  g_free (figures);
}

/* Held, the computing threads wait before they start: a test sees the
 * page while its figures are being computed, however fast they are. */
static GMutex compute_gate;

void
bd_dashboard_page_hold_computing (gboolean hold)
{
  if (hold)
    g_mutex_lock (&compute_gate);
  else
    g_mutex_unlock (&compute_gate);
}

/* The parts the pass over the lines is cut in, read at once: one a core
 * (DESIGN.md, Threads: the machines are laptops with 2 to 8). */
static guint
n_parts (void)
{
  return CLAMP (g_get_num_processors (), 1, 4);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *froms[] = { request->from, request->previous_from };
  const char *tos[] = { request->to, request->previous_to };
  BdMetrics *metrics[2] = { NULL, NULL };
  Figures *figures;

  g_mutex_lock (&compute_gate);
  g_mutex_unlock (&compute_gate);

  /* the range's figures and charts, and those of the period before
   * unless kept, from one pass over the lines in parts read at once; a
   * range chosen meanwhile stops its queries */
  figures = g_new0 (Figures, 1);
  figures->previous = g_steal_pointer (&request->previous);
  store = bd_store_open_readonly (request->database, &error);
  if (store != NULL &&
      bd_metrics_compute_ranges (store, request->previous_from != NULL ? 2 : 1, froms, tos, &figures->series,
                                 n_parts (), cancellable, metrics, &error))
    {
      figures->metrics = metrics[0];
      if (metrics[1] != NULL)
        figures->previous = metrics[1];
    }

  if (g_task_return_error_if_cancelled (task) || error != NULL)
    {
      figures_free (figures);
      if (error != NULL && !g_task_had_error (task))
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, figures, (GDestroyNotify)figures_free);
}

#define MAX_COMPUTED 8

static void
keep_figures (BdDashboardPage *self,
              BdMetrics       *metrics)
{
  if (metrics == NULL)
    return;
  if (g_hash_table_size (self->computed) >= MAX_COMPUTED)
    g_hash_table_remove_all (self->computed);
  g_hash_table_replace (self->computed, g_strconcat (metrics->from, " ", metrics->to, NULL), bd_metrics_ref (metrics));
}

static void
compute_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BdDashboardPage *self = BD_DASHBOARD_PAGE (object);
  g_autoptr(GError) error = NULL;
  Figures *figures = g_task_propagate_pointer (G_TASK (result), &error);

  /* a stale range: the next one's task is running or done */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&figures, figures_free);
      return;
    }

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (figures == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_pointer (&self->metrics, bd_metrics_free);
  g_clear_pointer (&self->previous, bd_metrics_free);
  g_clear_pointer (&self->series, bd_metrics_series_free);
  self->metrics = g_steal_pointer (&figures->metrics);
  self->previous = g_steal_pointer (&figures->previous);
  /* figures of the store as it still is: kept for the ranges to come */
  if (((Request *)g_task_get_task_data (G_TASK (result)))->generation == self->generation)
    {
      keep_figures (self, self->metrics);
      keep_figures (self, self->previous);
    }
  self->series = g_steal_pointer (&figures->series);
  figures_free (figures);

  show_range (self);
  show_tiles (self);
  show_charts (self);
}

/* Computes the figures of the range asked for, off the main thread; a
 * computing still running is cancelled. */
void
bd_dashboard_page_refresh (BdDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (BD_IS_DASHBOARD_PAGE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store == NULL || self->from == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->dirty = FALSE;

  request = g_new0 (Request, 1);
  request->database = g_strdup (bd_store_get_path (self->store));
  request->from = g_strdup (self->from);
  request->to = g_strdup (self->to);
  request->generation = self->generation;
  if (!bd_metrics_previous_range (self->from, self->to, &request->previous_from, &request->previous_to))
    request->previous_from = request->previous_to = NULL;
  else
    {
      g_autofree char *key = g_strconcat (request->previous_from, " ", request->previous_to, NULL);
      BdMetrics *computed = g_hash_table_lookup (self->computed, key);

      if (computed != NULL)
        {
          request->previous = bd_metrics_ref (computed);
          g_clear_pointer (&request->previous_from, g_free);
          g_clear_pointer (&request->previous_to, g_free);
        }
    }

  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, bd_dashboard_page_refresh);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  g_task_run_in_thread (task, compute_thread);
}

/* Whether figures are being computed. */
gboolean
bd_dashboard_page_get_loading (BdDashboardPage *self)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

static void
set_dates (BdDashboardPage *self,
           const char      *from,
           const char      *to)
{
  if (g_strcmp0 (self->from, from) == 0 && g_strcmp0 (self->to, to) == 0 && !self->dirty && self->metrics != NULL)
    return;

  g_free (self->from);
  g_free (self->to);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bd_dashboard_page_refresh (self);
  else
    self->dirty = TRUE;
}

/* Shows one of the ranges that end today. */
void
bd_dashboard_page_set_range (BdDashboardPage *self,
                             BdMetricsRange   range)
{
  g_autofree char *today = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_if_fail (BD_IS_DASHBOARD_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (presets[i] == range && gtk_drop_down_get_selected (self->range_dropdown) != i)
      {
        /* its handler comes back here */
        gtk_drop_down_set_selected (self->range_dropdown, i);
        return;
      }

  gtk_widget_set_visible (self->custom_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (self->store == NULL)
    return;
  today = bd_metrics_today (self->store);
  if (bd_metrics_range_dates (range, today, &from, &to))
    set_dates (self, from, to);
}

/* Shows @from to @to (YYYY-MM-DD); FALSE, and says why below the dates,
 * when they are not a range. */
gboolean
bd_dashboard_page_set_custom_range (BdDashboardPage *self,
                                    const char      *from,
                                    const char      *to)
{
  g_autofree char *previous_from = NULL;
  g_autofree char *previous_to = NULL;
  g_autofree char *from_text = g_strstrip (g_strdup (from));
  g_autofree char *to_text = g_strstrip (g_strdup (to));

  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), FALSE);

  self->setting_range = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, CUSTOM_ITEM);
  self->setting_range = FALSE;
  gtk_widget_set_visible (self->custom_box, TRUE);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), from_text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from_text);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), to_text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to_text);

  /* a range whose days are dates has a period before it */
  if (!bd_metrics_previous_range (from_text, from_text, &previous_from, &previous_to))
    {
      g_autofree char *message = g_strdup_printf (_("The first day “%s” is not a date: expected a date like 2026-03-01"),
                                                  from_text);

      gtk_label_set_label (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }
  g_clear_pointer (&previous_from, g_free);
  g_clear_pointer (&previous_to, g_free);
  if (!bd_metrics_previous_range (to_text, to_text, &previous_from, &previous_to))
    {
      g_autofree char *message = g_strdup_printf (_("The last day “%s” is not a date: expected a date like 2026-03-31"),
                                                  to_text);

      gtk_label_set_label (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }
  if (strcmp (from_text, to_text) > 0)
    {
      g_autofree char *message = g_strdup_printf (_("The range starts on %s, after it ends on %s"), from_text, to_text);

      gtk_label_set_label (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_dates (self, from_text, to_text);
  return TRUE;
}

static void
range_changed_cb (BdDashboardPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);

  if (self->setting_range)
    return;

  if (selected < G_N_ELEMENTS (presets))
    bd_dashboard_page_set_range (self, presets[selected]);
  else
    {
      /* start from the range shown */
      gtk_widget_set_visible (self->custom_box, TRUE);
      if (*gtk_editable_get_text (GTK_EDITABLE (self->from_entry)) == '\0' && self->from != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->from_entry), self->from);
          gtk_editable_set_text (GTK_EDITABLE (self->to_entry), self->to);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
    }
}

static void
custom_changed_cb (BdDashboardPage *self)
{
  bd_dashboard_page_set_custom_range (self, gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
}

static void
show_lines (BdDashboardPage *self,
            BdMetricsLines   lines,
            guint            bucket,
            const char      *ref,
            const char      *what)
{
  g_autoptr(BdBackorderQuery) query = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *label = NULL;

  if (self->metrics == NULL)
    return;

  query = bd_metrics_lines_query (lines, self->metrics->from, self->metrics->to, bucket, ref);
  from = format_day (self->metrics->from);
  to = format_day (self->metrics->to);
  switch (lines)
    {
    case BD_METRICS_LINES_OPEN:
    case BD_METRICS_LINES_OVERDUE:
    case BD_METRICS_LINES_AGE_BUCKET:
    case BD_METRICS_LINES_NEVER_NOTIFIED:
      /* Translators: a queue filter's chip: "Open backorders on 31 Mar 2026" */
      label = g_strdup_printf (_("%s on %s"), what, to);
      break;
    default:
      /* Translators: a queue filter's chip: "Promises breached, ordered 1 Mar 2026 to 31 Mar 2026" */
      label = g_strdup_printf (_("%s, ordered %s to %s"), what, from, to);
    }

  g_signal_emit (self, signals[SHOW_LINES], 0, query, label);
}

static void
tile_clicked_cb (BdKpiTile       *tile,
                 BdDashboardPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tile_specs); i++)
    if (g_str_equal (tile_specs[i].name, bd_kpi_tile_get_name (tile)))
      show_lines (self, tile_specs[i].lines, 0, NULL, _(tile_specs[i].title));
}

static void
chart_label_activated_cb (BdChart         *chart,
                          guint            index,
                          BdDashboardPage *self)
{
  BdMetricsLines lines = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chart), CHART_LINES_KEY));
  char **refs = g_object_get_data (G_OBJECT (chart), CHART_REFS_KEY);
  g_autofree char *what = NULL;

  switch (lines)
    {
    case BD_METRICS_LINES_AGE_BUCKET:
      {
        int min, max;

        bd_metrics_age_bucket_days (index, &min, &max);
        what = max >= 0 ? g_strdup_printf (_("Open %d to %d days"), min, max)
                        : g_strdup_printf (_("Open over %d days"), min - 1);
        show_lines (self, lines, index, NULL, what);
      }
      break;
    case BD_METRICS_LINES_PRODUCT:
      g_return_if_fail (refs != NULL && index < g_strv_length (refs));
      /* Translators: %s is an SKU */
      what = g_strdup_printf (_("Backorders of %s"), refs[index]);
      show_lines (self, lines, 0, refs[index], what);
      break;
    case BD_METRICS_LINES_SUPPLIER:
      g_return_if_fail (refs != NULL && index < g_strv_length (refs));
      /* Translators: %s is a supplier's reference */
      what = g_strdup_printf (_("Backorders counted for %s"), refs[index]);
      show_lines (self, lines, 0, refs[index], what);
      break;
    default:
      break;
    }
}

static void
refresh_cb (gpointer data)
{
  BdDashboardPage *self = data;

  self->refresh_source = 0;
  bd_dashboard_page_refresh (self);
}

/* A write changes the figures: computed again a moment after, while the
 * page is shown, or when it is next shown. */
static void
store_changed_cb (BdDashboardPage *self)
{
  self->dirty = TRUE;
  self->generation++;
  g_hash_table_remove_all (self->computed);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->refresh_source == 0)
    self->refresh_source = g_timeout_add_once (1000, refresh_cb, self);
}

void
bd_dashboard_page_set_store (BdDashboardPage *self,
                             BdStore         *store)
{
  g_return_if_fail (BD_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  range_changed_cb (self);
}

const BdMetrics *
bd_dashboard_page_get_metrics (BdDashboardPage *self)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), NULL);
  return self->metrics;
}

/* The figures of the period before, which the tiles compare with. */
const BdMetrics *
bd_dashboard_page_get_previous (BdDashboardPage *self)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), NULL);
  return self->previous;
}

const BdMetricsSeries *
bd_dashboard_page_get_series (BdDashboardPage *self)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), NULL);
  return self->series;
}

BdKpiTile *
bd_dashboard_page_get_tile (BdDashboardPage *self,
                            const char      *name)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), NULL);

  for (guint i = 0; i < self->tiles->len; i++)
    if (g_str_equal (bd_kpi_tile_get_name (g_ptr_array_index (self->tiles, i)), name))
      return g_ptr_array_index (self->tiles, i);
  return NULL;
}

BdChart *
bd_dashboard_page_get_chart (BdDashboardPage *self,
                             const char      *name)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charts_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *chart = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (chart), CHART_NAME_KEY), name) == 0)
        return BD_CHART (chart);
    }
  return NULL;
}

static void
bd_dashboard_page_map (GtkWidget *widget)
{
  BdDashboardPage *self = BD_DASHBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (bd_dashboard_page_parent_class)->map (widget);

  /* computed when first shown, not when the window opens */
  if (self->dirty || (self->metrics == NULL && self->cancellable == NULL))
    bd_dashboard_page_refresh (self);
}

static void
bd_dashboard_page_dispose (GObject *object)
{
  BdDashboardPage *self = (BdDashboardPage *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (bd_dashboard_page_parent_class)->dispose (object);
}

static void
bd_dashboard_page_finalize (GObject *object)
{
  BdDashboardPage *self = (BdDashboardPage *)object;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->metrics, bd_metrics_free);
  g_clear_pointer (&self->previous, bd_metrics_free);
  g_clear_pointer (&self->series, bd_metrics_series_free);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->computed, g_hash_table_unref);

  G_OBJECT_CLASS (bd_dashboard_page_parent_class)->finalize (object);
}

static void
bd_dashboard_page_class_init (BdDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_dashboard_page_dispose;
  object_class->finalize = bd_dashboard_page_finalize;
  widget_class->map = bd_dashboard_page_map;

  /* A figure was clicked: the queue should show the lines of the
   * BdBackorderQuery (borrowed), with a chip saying the label. */
  signals[SHOW_LINES] =
    g_signal_new ("show-lines",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dashboard/bd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_changed_cb);
}

static void
bd_dashboard_page_init (BdDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->tiles = g_ptr_array_new ();
  self->computed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)bd_metrics_free);
  for (guint i = 0; i < G_N_ELEMENTS (tile_specs); i++)
    {
      BdKpiTile *tile = bd_kpi_tile_new (tile_specs[i].name, _(tile_specs[i].title),
                                         tile_specs[i].lines != NO_LINES);
      GtkWidget *child = gtk_flow_box_child_new ();

      if (tile_specs[i].lines != NO_LINES)
        g_signal_connect_object (tile, "clicked", G_CALLBACK (tile_clicked_cb), self, 0);
      gtk_widget_set_focusable (child, FALSE);
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), GTK_WIDGET (tile));
      gtk_flow_box_append (self->tiles_box, child);
      g_ptr_array_add (self->tiles, tile);
    }
}
