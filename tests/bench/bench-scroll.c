/* bench-scroll.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-scroll"

#include "config.h"

#include <stdio.h>

#include "bench-scroll.h"
#include "bench-util.h"

typedef struct
{
  GtkAdjustment *adjustment;
  BenchFrames *frames;
  BenchScrollFilter filter;
  gpointer user_data;
  double frame_start;
  double cpu_start;
  double waited_start;
  double last_start;
  guint frame;
  guint block_left;  /* frames left in this view's turn; 0: no turns */
  gboolean wrap;     /* down and up again and again, until told to stop */
  gboolean turns;    /* it takes turns with another view ... */
  gboolean in_turn;  /* ... and the frames of its own turns only count */
  gboolean turn_over; /* its turn's last frame is painted */
  gboolean done;
} Scroll;

void
bench_frames_init (BenchFrames *frames)
{
  frames->work = g_array_new (FALSE, FALSE, sizeof (double));
  frames->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  frames->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  frames->waited = g_array_new (FALSE, FALSE, sizeof (double));
}

void
bench_frames_clear (BenchFrames *frames)
{
  g_clear_pointer (&frames->work, g_array_unref);
  g_clear_pointer (&frames->intervals, g_array_unref);
  g_clear_pointer (&frames->cpu, g_array_unref);
  g_clear_pointer (&frames->waited, g_array_unref);
}

/* How long the calling thread has waited for a processor while it was
 * ready to run, ms, from the kernel's scheduler statistics; -1 where the
 * kernel does not keep them. */
static double
thread_waited_ms (void)
{
  g_autofree char *text = NULL;
  guint64 on_cpu, waited;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL) ||
      sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &on_cpu, &waited) != 2)
    return -1;
  return waited / 1e6;
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
  /* the other view's turn: after-paint counts nothing either */
  if (!scroll->in_turn)
    return;
  /* the file read first, outside the frame's time */
  scroll->waited_start = thread_waited_ms ();
  scroll->cpu_start = bench_thread_cpu_ms ();
  scroll->frame_start = bench_now_ms ();
}

/* The first frame only starts the count: its layout is the view's. */
static void
after_paint_cb (GdkFrameClock *clock,
                Scroll        *scroll)
{
  double ms = bench_now_ms () - scroll->frame_start;
  double cpu = bench_thread_cpu_ms () - scroll->cpu_start;

  if (!scroll->in_turn)
    return;
  if (scroll->frame > 0 && (scroll->wrap || scroll->frame <= BENCH_SCROLL_FRAMES) &&
      (scroll->filter == NULL || scroll->filter (scroll->user_data)))
    {
      double interval = scroll->frame_start - scroll->last_start;
      double waited = thread_waited_ms ();

      waited = waited >= 0 && scroll->waited_start >= 0 ? waited - scroll->waited_start : -1;
      g_array_append_val (scroll->frames->work, ms);
      g_array_append_val (scroll->frames->cpu, cpu);
      g_array_append_val (scroll->frames->waited, waited);
      if (scroll->last_start > 0)
        g_array_append_val (scroll->frames->intervals, interval);
    }
  scroll->last_start = scroll->frame_start;
  if (scroll->turns && scroll->block_left == 0)
    {
      scroll->turn_over = TRUE;
      scroll->in_turn = FALSE;
    }
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
  guint at = scroll->wrap ? scroll->frame % BENCH_SCROLL_FRAMES : scroll->frame;
  guint step = at < half ? at : BENCH_SCROLL_FRAMES - at;

  gtk_adjustment_set_value (scroll->adjustment, upper * step / half);
  scroll->frame++;

  if (!scroll->wrap && scroll->frame > BENCH_SCROLL_FRAMES + 1)
    {
      scroll->done = TRUE;
      scroll->block_left = 0;
      return G_SOURCE_REMOVE;
    }
  /* the turn ends after this frame's paint */
  if (scroll->block_left > 0 && --scroll->block_left == 0)
    return G_SOURCE_REMOVE;
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
  Scroll scroll = { .frames = frames, .filter = filter, .user_data = user_data, .in_turn = TRUE };
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

/* Scrolls @first and @second (column views in windows of their own) in
 * turns of BENCH_SCROLL_TURN frames each, so that whatever else the
 * machine does meanwhile weighs on both alike. With @until NULL, each
 * goes down and back up in BENCH_SCROLL_FRAMES frames as
 * bench_scroll_through() does; otherwise both go down and up again until
 * @until returns FALSE, and only the frames painted while it returned
 * TRUE count. A turn's first frame does not count the time since the
 * view's last frame, which the other view took. */
void
bench_scroll_alternating (GtkWidget         *first,
                          BenchFrames       *first_frames,
                          GtkWidget         *second,
                          BenchFrames       *second_frames,
                          BenchScrollFilter  until,
                          gpointer           user_data)
{
  Scroll scrolls[2] = {
    { .frames = first_frames, .filter = until, .user_data = user_data },
    { .frames = second_frames, .filter = until, .user_data = user_data },
  };
  GtkWidget *views[2] = { first, second };
  gulong before[2], after[2];
  guint timeout = g_timeout_add_seconds (1800, scroll_timeout_cb, NULL);

  for (guint i = 0; i < 2; i++)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (views[i]);

      scrolls[i].adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (views[i]));
      scrolls[i].wrap = until != NULL;
      scrolls[i].turns = TRUE;
      before[i] = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &scrolls[i]);
      after[i] = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &scrolls[i]);
    }

  for (guint turn = 0; ; turn = 1 - turn)
    {
      Scroll *scroll = &scrolls[turn];

      if (until != NULL ? !until (user_data) : scrolls[0].done && scrolls[1].done)
        break;
      if (scroll->done)
        continue;
      scroll->block_left = BENCH_SCROLL_TURN;
      scroll->turn_over = FALSE;
      scroll->in_turn = TRUE;
      scroll->last_start = 0;
      gtk_widget_add_tick_callback (views[turn], scroll_tick_cb, scroll, NULL);
      while (!scroll->turn_over && !scroll->done)
        g_main_context_iteration (NULL, TRUE);
    }

  for (guint i = 0; i < 2; i++)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (views[i]);

      g_signal_handler_disconnect (clock, before[i]);
      g_signal_handler_disconnect (clock, after[i]);
    }
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

