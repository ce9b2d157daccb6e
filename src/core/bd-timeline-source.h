/* bd-timeline-source.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-row-source.h"

G_BEGIN_DECLS

/* Whose timeline: one order line, or every backorder line of a customer
 * with the desk's changes to the customer's contact details. Set one of
 * the two. */
typedef struct
{
  gint64 line_id;
  gint64 customer_id;
} BdTimelineQuery;

/* The events of a line or a customer (BdEvent rows), oldest first: every
 * note, complaint and change writes an event, so an event's id is the
 * entry's id. */
#define BD_TYPE_TIMELINE_SOURCE (bd_timeline_source_get_type ())
G_DECLARE_FINAL_TYPE (BdTimelineSource, bd_timeline_source, BD, TIMELINE_SOURCE, GObject)

BdRowSource *bd_timeline_source_new (void);

G_END_DECLS
