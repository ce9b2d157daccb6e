/* bench-scroll.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-scroll"

#include "config.h"

#include "bench-scroll.h"
#include "bench-util.h"

typedef struct
{
  GtkAdjustment *adjustment;
  BenchFrames *frames;
  BenchScrollFilter filter;
  gpointer user_data;
  double frame_start;
  double last_start;
  guint frame;
  gboolean done;
} Scroll;

void
bench_frames_init (BenchFrames *frames)
{
  frames->work = g_array_new (FALSE, FALSE, sizeof (double));
  frames->intervals = g_array_new (FALSE, FALSE, sizeof (double));
}

void
bench_frames_clear (BenchFrames *frames)
{
  g_clear_pointer (&frames->work, g_array_unref);
  g_clear_pointer (&frames->intervals, g_array_unref);
}

static gboolean
scroll_timeout_cb (gpointer data)
{
  g_error ("timed out scrolling");
  return G_SOURCE_REMOVE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Scroll        *scroll)
{
  scroll->frame_start = bench_now_ms ();
}

/* The first frame only starts the count: its layout is the view's. */
static void
after_paint_cb (GdkFrameClock *clock,
                Scroll        *scroll)
{
  double ms = bench_now_ms () - scroll->frame_start;

  if (scroll->frame > 0 && scroll->frame <= BENCH_SCROLL_FRAMES &&
      (scroll->filter == NULL || scroll->filter (scroll->user_data)))
    {
      double interval = scroll->frame_start - scroll->last_start;

      g_array_append_val (scroll->frames->work, ms);
      if (scroll->last_start > 0)
        g_array_append_val (scroll->frames->intervals, interval);
    }
  scroll->last_start = scroll->frame_start;
}

/* Each frame moves the view one step: half the frames from the top to the
 * bottom, half back. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Scroll *scroll = user_data;
  double upper = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);
  guint half = BENCH_SCROLL_FRAMES / 2;
  guint step = scroll->frame < half ? scroll->frame : BENCH_SCROLL_FRAMES - scroll->frame;

  gtk_adjustment_set_value (scroll->adjustment, upper * step / half);
  scroll->frame++;

  if (scroll->frame > BENCH_SCROLL_FRAMES + 1)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Scrolls @view (a GtkColumnView in a scrolled window) down and back up
 * in BENCH_SCROLL_FRAMES frames, adding to @frames what each frame took,
 * when @filter (if any) says the frame counts. */
void
bench_scroll_through (GtkWidget         *view,
                      BenchFrames       *frames,
                      BenchScrollFilter  filter,
                      gpointer           user_data)
{
  Scroll scroll = { NULL, frames, filter, user_data, 0, 0, 0, FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
  guint timeout = g_timeout_add_seconds (300, scroll_timeout_cb, NULL);
  gulong before, after;

  scroll.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  before = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &scroll);
  after = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &scroll);
  gtk_widget_add_tick_callback (view, scroll_tick_cb, &scroll, NULL);

  while (!scroll.done)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);
  g_source_remove (timeout);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* A window with a plain GtkColumnView of @n_rows strings under the same
 * columns as the queue's, as fast as a column view gets; its view is its
 * "view" data. */
GtkWidget *
bench_scroll_baseline_window (guint n_rows)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  const char *titles[] = { "Order", "Customer", "Product", "Short", "Age", "Promised", "Status", "Priority" };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;

  for (guint i = 0; i < n_rows; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "SO-%07u", i);
      gtk_string_list_append (strings, text);
    }

  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (g_steal_pointer (&strings)))));
  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_expand (column, c == 1 || c == 2);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set_data (G_OBJECT (window), "view", view);
  return window;
}

