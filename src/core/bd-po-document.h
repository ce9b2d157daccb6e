/* bd-po-document.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "bd-store.h"

G_BEGIN_DECLS

/* A purchase order as it is printed: read from the store once, then laid
 * out on pages of any size. One renderer for the app's GtkPrintOperation
 * and the CLI's PDF, with cairo and pango. */

typedef struct
{
  char *sku;
  char *name;
  gint64 quantity;
  gint64 unit_cost;       /* minor units of the PO's currency */
  gboolean has_cost;
} BdPoDocumentLine;

typedef struct _BdPoDocument BdPoDocument;

BdPoDocument *bd_po_document_load        (BdStore       *store,
                                          const char    *number,
                                          GError       **error);
BdPoDocument *bd_po_document_new         (const char    *number,
                                          const char    *currency);
void          bd_po_document_free        (BdPoDocument  *self);

void          bd_po_document_set_company  (BdPoDocument *self,
                                           const char   *name,
                                           const char   *address);
void          bd_po_document_set_supplier (BdPoDocument *self,
                                           const char   *ref,
                                           const char   *name,
                                           const char   *contact,
                                           const char   *email,
                                           const char   *phone);
void          bd_po_document_set_dates    (BdPoDocument *self,
                                           const char   *ordered_at,
                                           const char   *expected_at,
                                           const char   *confirmed_date);
void          bd_po_document_set_note     (BdPoDocument *self,
                                           const char   *note);
void          bd_po_document_add_line     (BdPoDocument *self,
                                           const char   *sku,
                                           const char   *name,
                                           gint64        quantity,
                                           gboolean      has_cost,
                                           gint64        unit_cost);

const char   *bd_po_document_get_number  (BdPoDocument  *self);
guint         bd_po_document_get_n_lines (BdPoDocument  *self);
gboolean      bd_po_document_get_total   (BdPoDocument  *self,
                                          gint64        *total);

guint         bd_po_document_paginate    (BdPoDocument  *self,
                                          cairo_t       *cr,
                                          double         width,
                                          double         height);
void          bd_po_document_draw_page   (BdPoDocument  *self,
                                          cairo_t       *cr,
                                          double         width,
                                          double         height,
                                          guint          page);
GBytes       *bd_po_document_to_pdf      (BdPoDocument  *self,
                                          GError       **error);
gboolean      bd_po_document_write_pdf   (BdPoDocument  *self,
                                          const char    *path,
                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdPoDocument, bd_po_document_free)

G_END_DECLS
