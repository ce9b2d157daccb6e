/* bd-po-document.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-document"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "bd-po-document.h"
#include "bd-util.h"

/* The page: a header with the company and the order on the first page, a
 * short one on the others; the lines in a table whose header repeats on
 * every page; the total and the note after the last line; "Page N of M"
 * at the foot of each. Sizes are in points, whatever the page size. */
#define MARGIN 48.0
#define ROW_PADDING 4.0
#define BODY_FONT "Sans 9.5"
#define SMALL_FONT "Sans 8"
#define TITLE_FONT "Sans Bold 16"

/* The table's columns, as fractions of the width between the margins;
 * numbers are right-aligned at the column's end. */
enum { COL_SKU, COL_NAME, COL_QTY, COL_COST, COL_TOTAL, N_COLS };
static const double col_start[N_COLS] = { 0.0, 0.2, 0.6, 0.7, 0.85 };
static const double col_end[N_COLS] = { 0.19, 0.59, 0.69, 0.84, 1.0 };

struct _BdPoDocument
{
  char *number;
  char *currency;
  char *company_name;
  char *company_address;
  char *supplier_ref;
  char *supplier_name;
  char *supplier_contact;
  char *supplier_email;
  char *supplier_phone;
  char *ordered_at;
  char *expected_at;
  char *confirmed_date;
  char *note;
  GPtrArray *lines;       /* BdPoDocumentLine */

  /* the layout for the last page size paginated */
  double width;
  double height;
  GArray *page_starts;    /* guint: the first line of each page */
};

static void
line_free (gpointer data)
{
  BdPoDocumentLine *line = data;

  g_free (line->sku);
  g_free (line->name);
  g_free (line);
}

BdPoDocument *
bd_po_document_new (const char *number,
                    const char *currency)
{
  BdPoDocument *self;

  g_return_val_if_fail (number != NULL, NULL);

  self = g_new0 (BdPoDocument, 1);
  self->number = g_strdup (number);
  self->currency = g_strdup (currency);
  self->lines = g_ptr_array_new_with_free_func (line_free);
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

void
bd_po_document_free (BdPoDocument *self)
{
  if (self == NULL)
    return;

  g_free (self->number);
  g_free (self->currency);
  g_free (self->company_name);
  g_free (self->company_address);
  g_free (self->supplier_ref);
  g_free (self->supplier_name);
  g_free (self->supplier_contact);
  g_free (self->supplier_email);
  g_free (self->supplier_phone);
  g_free (self->ordered_at);
  g_free (self->expected_at);
  g_free (self->confirmed_date);
  g_free (self->note);
  g_ptr_array_unref (self->lines);
  g_array_unref (self->page_starts);
  g_free (self);
}

static void
forget_layout (BdPoDocument *self)
{
  g_array_set_size (self->page_starts, 0);
  self->width = self->height = 0;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

void
bd_po_document_set_company (BdPoDocument *self,
                            const char   *name,
                            const char   *address)
{
  g_return_if_fail (self != NULL);

  replace (&self->company_name, name);
  replace (&self->company_address, address);
  forget_layout (self);
}

void
bd_po_document_set_supplier (BdPoDocument *self,
                             const char   *ref,
                             const char   *name,
                             const char   *contact,
                             const char   *email,
                             const char   *phone)
{
  g_return_if_fail (self != NULL);

  replace (&self->supplier_ref, ref);
  replace (&self->supplier_name, name);
  replace (&self->supplier_contact, contact);
  replace (&self->supplier_email, email);
  replace (&self->supplier_phone, phone);
  forget_layout (self);
}

void
bd_po_document_set_dates (BdPoDocument *self,
                          const char   *ordered_at,
                          const char   *expected_at,
                          const char   *confirmed_date)
{
  g_return_if_fail (self != NULL);

  replace (&self->ordered_at, ordered_at);
  replace (&self->expected_at, expected_at);
  replace (&self->confirmed_date, confirmed_date);
  forget_layout (self);
}

void
bd_po_document_set_note (BdPoDocument *self,
                         const char   *note)
{
  g_return_if_fail (self != NULL);

  replace (&self->note, note);
  forget_layout (self);
}

void
bd_po_document_add_line (BdPoDocument *self,
                         const char   *sku,
                         const char   *name,
                         gint64        quantity,
                         gboolean      has_cost,
                         gint64        unit_cost)
{
  BdPoDocumentLine *line;

  g_return_if_fail (self != NULL);
  g_return_if_fail (sku != NULL);

  line = g_new0 (BdPoDocumentLine, 1);
  line->sku = g_strdup (sku);
  line->name = g_strdup (name != NULL ? name : "");
  line->quantity = quantity;
  line->has_cost = has_cost;
  line->unit_cost = has_cost ? unit_cost : 0;
  g_ptr_array_add (self->lines, line);
  forget_layout (self);
}

const char *
bd_po_document_get_number (BdPoDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->number;
}

guint
bd_po_document_get_n_lines (BdPoDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines->len;
}

/* The sum of the lines, FALSE when a line has no cost (then no total is
 * printed: a partial sum would read as the order's value). */
gboolean
bd_po_document_get_total (BdPoDocument *self,
                          gint64       *total)
{
  gint64 sum = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->lines->len; i++)
    {
      BdPoDocumentLine *line = g_ptr_array_index (self->lines, i);

      if (!line->has_cost)
        return FALSE;
      sum += line->quantity * line->unit_cost;
    }

  *total = sum;
  return TRUE;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static char *
team_setting (BdStore    *store,
              const char *key)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store,
                                             "SELECT value FROM team_settings"
                                             " WHERE key = ? AND deleted = 0", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return column_text (stmt, 0);
}

/* The purchase order @number as the store has it, with its supplier, its
 * lines in the order they were added, and the company from the team
 * settings. */
BdPoDocument *
bd_po_document_load (BdStore     *store,
                     const char  *number,
                     GError     **error)
{
  g_autoptr(BdPoDocument) self = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  g_autoptr(BdStmt) lines = NULL;
  g_autofree char *company_name = NULL;
  g_autofree char *company_address = NULL;
  gint64 po_id;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  stmt = bd_store_prepare (store,
                           "SELECT po.id, po.currency, po.ordered_at, po.expected_at, po.confirmed_date,"
                           " po.note, s.ref, s.name, s.contact_name, s.email, s.phone"
                           " FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id"
                           " WHERE po.number = ? AND po.deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                   _("There is no purchase order “%s”"), number);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      bd_store_set_sql_error (store, error, _("Could not read the purchase order"));
      return NULL;
    }

  po_id = sqlite3_column_int64 (stmt, 0);
  self = bd_po_document_new (number, (const char *)sqlite3_column_text (stmt, 1));
  self->ordered_at = column_text (stmt, 2);
  self->expected_at = column_text (stmt, 3);
  self->confirmed_date = column_text (stmt, 4);
  self->note = column_text (stmt, 5);
  bd_po_document_set_supplier (self,
                               (const char *)sqlite3_column_text (stmt, 6),
                               (const char *)sqlite3_column_text (stmt, 7),
                               (const char *)sqlite3_column_text (stmt, 8),
                               (const char *)sqlite3_column_text (stmt, 9),
                               (const char *)sqlite3_column_text (stmt, 10));

  company_name = team_setting (store, "company_name");
  company_address = team_setting (store, "company_address");
  bd_po_document_set_company (self, company_name, company_address);

  lines = bd_store_prepare (store,
                            "SELECT p.sku, p.name, l.quantity, l.unit_cost IS NOT NULL, l.unit_cost"
                            " FROM po_lines l JOIN products p ON p.id = l.product_id"
                            " WHERE l.po_id = ? AND l.deleted = 0 ORDER BY l.id", error);
  if (lines == NULL)
    return NULL;
  sqlite3_bind_int64 (lines, 1, po_id);
  while ((rc = sqlite3_step (lines)) == SQLITE_ROW)
    bd_po_document_add_line (self,
                             (const char *)sqlite3_column_text (lines, 0),
                             (const char *)sqlite3_column_text (lines, 1),
                             sqlite3_column_int64 (lines, 2),
                             sqlite3_column_int (lines, 3),
                             sqlite3_column_int64 (lines, 4));
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("Could not read the lines of the purchase order"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Layout */

typedef struct
{
  BdPoDocument *doc;
  cairo_t *cr;
  PangoLayout *layout;
  gboolean draw;          /* FALSE: only measure */
  double left;
  double right;
  double y;
} Pen;

static void
pen_init (Pen          *pen,
          BdPoDocument *doc,
          cairo_t      *cr,
          double        width,
          gboolean      draw)
{
  PangoContext *context = pango_cairo_create_context (cr);

  /* sizes are points on any page: 72 units an inch */
  pango_cairo_context_set_resolution (context, 72);
  pen->layout = pango_layout_new (context);
  g_object_unref (context);
  pen->doc = doc;
  pen->cr = cr;
  pen->draw = draw;
  pen->left = MARGIN;
  pen->right = width - MARGIN;
  pen->y = MARGIN;
}

static void
pen_clear (Pen *pen)
{
  g_clear_object (&pen->layout);
}

/* Sets the pen's layout to @text in @font between @x0 and @x1, and returns
 * its height. */
static double
set_text (Pen            *pen,
          const char     *font,
          const char     *text,
          double          x0,
          double          x1,
          PangoAlignment  align,
          gboolean        one_line)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (pen->layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (pen->layout, text != NULL ? text : "", -1);
  pango_layout_set_width (pen->layout, (int)((x1 - x0) * PANGO_SCALE));
  pango_layout_set_alignment (pen->layout, align);
  pango_layout_set_ellipsize (pen->layout, one_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (pen->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_size (pen->layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

/* Writes @text at the pen's line between @x0 and @x1; returns its height
 * without moving the pen. */
static double
put (Pen            *pen,
     const char     *font,
     const char     *text,
     double          x0,
     double          x1,
     PangoAlignment  align,
     gboolean        one_line)
{
  double h = set_text (pen, font, text, x0, x1, align, one_line);

  if (pen->draw)
    {
      cairo_move_to (pen->cr, x0, pen->y);
      pango_cairo_show_layout (pen->cr, pen->layout);
    }
  return h;
}

static double
col_x (Pen *pen,
       int  col,
       gboolean end)
{
  double w = pen->right - pen->left;

  return pen->left + w * (end ? col_end[col] : col_start[col]);
}

static void
rule (Pen    *pen,
      double  y,
      double  line_width)
{
  if (!pen->draw)
    return;

  cairo_set_line_width (pen->cr, line_width);
  cairo_move_to (pen->cr, pen->left, y);
  cairo_line_to (pen->cr, pen->right, y);
  cairo_stroke (pen->cr);
}

static char *
format_day (const char *value)
{
  if (value == NULL)
    return NULL;
  /* a date is printed as stored; a time is the local date of it */
  if (strlen (value) == 10)
    return g_strdup (value);
  return bd_format_local_date (value);
}

/* "Label: value" lines of a block, skipping empty values. */
static double
put_pairs (Pen                *pen,
           const char * const *pairs,
           double              x0,
           double              x1)
{
  double y0 = pen->y;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_autofree char *text = NULL;

      if (pairs[i + 1] == NULL)
        continue;
      text = g_strdup_printf ("%s %s", pairs[i], pairs[i + 1]);
      pen->y += put (pen, BODY_FONT, text, x0, x1, PANGO_ALIGN_LEFT, FALSE);
    }

  return pen->y - y0;
}

/* The first page's header: the company at the left, the title and number
 * at the right; then the supplier and the dates. */
static void
put_header (Pen *pen)
{
  BdPoDocument *doc = pen->doc;
  double mid = (pen->left + pen->right) / 2;
  double top = pen->y;
  double left_h, right_h;
  g_autofree char *ordered = format_day (doc->ordered_at);
  g_autofree char *expected = format_day (doc->expected_at);
  g_autofree char *confirmed = format_day (doc->confirmed_date);
  g_autofree char *supplier = NULL;

  left_h = put (pen, TITLE_FONT, doc->company_name != NULL ? doc->company_name : "",
                pen->left, mid - 12, PANGO_ALIGN_LEFT, FALSE);
  right_h = put (pen, TITLE_FONT, _("Purchase Order"), mid, pen->right, PANGO_ALIGN_RIGHT, FALSE);
  pen->y += left_h;
  if (doc->company_address != NULL)
    left_h += put (pen, SMALL_FONT, doc->company_address, pen->left, mid - 12, PANGO_ALIGN_LEFT, FALSE);
  pen->y = top + right_h;
  right_h += put (pen, BODY_FONT, doc->number, mid, pen->right, PANGO_ALIGN_RIGHT, FALSE);
  pen->y = top + MAX (left_h, right_h) + 18;

  top = pen->y;
  supplier = g_strdup_printf ("%s (%s)", doc->supplier_name ? doc->supplier_name : "",
                              doc->supplier_ref ? doc->supplier_ref : "");
  left_h = put_pairs (pen, (const char * const[]) {
                        _("Supplier:"), supplier,
                        _("Contact:"), doc->supplier_contact,
                        _("Email:"), doc->supplier_email,
                        _("Phone:"), doc->supplier_phone,
                        NULL }, pen->left, mid - 12);
  pen->y = top;
  right_h = put_pairs (pen, (const char * const[]) {
                         _("Ordered:"), ordered,
                         _("Expected:"), expected,
                         _("Confirmed for:"), confirmed,
                         _("Currency:"), doc->currency,
                         NULL }, mid, pen->right);
  pen->y = top + MAX (left_h, right_h) + 18;
}

static void
put_continued_header (Pen   *pen,
                      guint  page,
                      guint  n_pages)
{
  g_autofree char *text = g_strdup_printf (_("%s (continued)"), pen->doc->number);

  pen->y += put (pen, BODY_FONT, text, pen->left, pen->right, PANGO_ALIGN_LEFT, TRUE) + 12;
}

static void
put_table_header (Pen *pen)
{
  static const char *titles[N_COLS] = { N_("SKU"), N_("Product"), N_("Quantity"),
                                        N_("Unit cost"), N_("Total") };
  double h = 0;

  for (int c = 0; c < N_COLS; c++)
    h = MAX (h, put (pen, BODY_FONT, _(titles[c]), col_x (pen, c, FALSE), col_x (pen, c, TRUE),
                     c >= COL_QTY ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, TRUE));
  pen->y += h + 3;
  rule (pen, pen->y, 0.8);
  pen->y += ROW_PADDING;
}

static double
put_row (Pen              *pen,
         BdPoDocumentLine *line)
{
  g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);
  g_autofree char *cost = line->has_cost ? bd_format_money (line->unit_cost, pen->doc->currency) : g_strdup ("—");
  g_autofree char *total = line->has_cost ? bd_format_money (line->unit_cost * line->quantity, pen->doc->currency)
                                          : g_strdup ("—");
  const char *texts[N_COLS] = { line->sku, line->name, qty, cost, total };
  double h = 0;

  /* a supplier reads the whole product name: it wraps, the rest is one line */
  for (int c = 0; c < N_COLS; c++)
    h = MAX (h, put (pen, BODY_FONT, texts[c], col_x (pen, c, FALSE), col_x (pen, c, TRUE),
                     c >= COL_QTY ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, c != COL_NAME));
  return h + ROW_PADDING;
}

static void
put_total (Pen *pen)
{
  BdPoDocument *doc = pen->doc;
  gint64 total;
  g_autofree char *units = NULL;
  g_autofree char *n_units_text = NULL;
  gint64 n_units = 0;

  for (guint i = 0; i < doc->lines->len; i++)
    n_units += ((BdPoDocumentLine *)g_ptr_array_index (doc->lines, i))->quantity;

  rule (pen, pen->y, 0.8);
  pen->y += ROW_PADDING;
  n_units_text = g_strdup_printf ("%" G_GINT64_FORMAT, n_units);
  /* TRANSLATORS: "3 lines, 25 units" under the table of a purchase order */
  units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line, %s units", "%u lines, %s units",
                                        doc->lines->len),
                           doc->lines->len, n_units_text);
  put (pen, BODY_FONT, units, pen->left, col_x (pen, COL_QTY, TRUE), PANGO_ALIGN_LEFT, TRUE);
  if (bd_po_document_get_total (doc, &total))
    {
      g_autofree char *money = bd_format_money (total, doc->currency);
      g_autofree char *text = g_strdup_printf (_("Total: %s"), money);

      put (pen, "Sans Bold 10", text, col_x (pen, COL_COST, FALSE), pen->right, PANGO_ALIGN_RIGHT, TRUE);
    }
  pen->y += set_text (pen, BODY_FONT, "X", pen->left, pen->right, PANGO_ALIGN_LEFT, TRUE) + 14;

  if (doc->note != NULL)
    pen->y += put (pen, BODY_FONT, doc->note, pen->left, pen->right, PANGO_ALIGN_LEFT, FALSE);
}

static double
footer_height (Pen *pen)
{
  return set_text (pen, SMALL_FONT, "X", pen->left, pen->right, PANGO_ALIGN_LEFT, TRUE) + 12;
}

static void
put_footer (Pen    *pen,
            double  height,
            guint   page,
            guint   n_pages)
{
  g_autofree char *text = g_strdup_printf (_("%s · Page %u of %u"), pen->doc->number, page + 1, n_pages);

  pen->y = height - MARGIN - footer_height (pen) + 12;
  put (pen, SMALL_FONT, text, pen->left, pen->right, PANGO_ALIGN_RIGHT, TRUE);
}

/* Breaks the lines into pages of @width x @height points; returns the
 * number of pages. The total goes on a page of its own when it does not
 * fit under the last line. */
guint
bd_po_document_paginate (BdPoDocument *self,
                         cairo_t      *cr,
                         double        width,
                         double        height)
{
  Pen pen;
  double bottom;
  guint i = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);

  if (self->page_starts->len > 0 && self->width == width && self->height == height)
    return self->page_starts->len;

  g_array_set_size (self->page_starts, 0);
  self->width = width;
  self->height = height;

  pen_init (&pen, self, cr, width, FALSE);
  bottom = height - MARGIN - footer_height (&pen);

  for (guint page = 0; ; page++)
    {
      double total_top;

      g_array_append_val (self->page_starts, i);
      pen.y = MARGIN;
      if (page == 0)
        put_header (&pen);
      else
        put_continued_header (&pen, page, 0);
      put_table_header (&pen);

      /* at least one line a page, however small the page */
      for (guint on_page = 0; i < self->lines->len; i++, on_page++)
        {
          double before = pen.y;

          pen.y += put_row (&pen, g_ptr_array_index (self->lines, i));
          if (pen.y > bottom && on_page > 0)
            {
              pen.y = before;
              break;
            }
        }
      if (i < self->lines->len)
        continue;

      total_top = pen.y;
      put_total (&pen);
      if (pen.y <= bottom || total_top <= MARGIN + 1)
        break;
      /* the total on a page of its own: i is the number of lines */
      g_array_append_val (self->page_starts, i);
      break;
    }

  pen_clear (&pen);
  return self->page_starts->len;
}

void
bd_po_document_draw_page (BdPoDocument *self,
                          cairo_t      *cr,
                          double        width,
                          double        height,
                          guint         page)
{
  Pen pen;
  guint n_pages, first, end;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  n_pages = bd_po_document_paginate (self, cr, width, height);
  g_return_if_fail (page < n_pages);

  first = g_array_index (self->page_starts, guint, page);
  end = page + 1 < n_pages ? g_array_index (self->page_starts, guint, page + 1) : self->lines->len;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pen_init (&pen, self, cr, width, TRUE);

  if (page == 0)
    put_header (&pen);
  else
    put_continued_header (&pen, page, n_pages);

  if (first < end || first < self->lines->len || self->lines->len == 0)
    {
      put_table_header (&pen);
      for (guint i = first; i < end; i++)
        pen.y += put_row (&pen, g_ptr_array_index (self->lines, i));
    }
  if (page + 1 == n_pages)
    put_total (&pen);

  put_footer (&pen, height, page, n_pages);
  pen_clear (&pen);
  cairo_restore (cr);
}

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The PDF of the PO on A4, in memory: for a file, or attached to the
 * email that sends it. */
GBytes *
bd_po_document_to_pdf (BdPoDocument  *self,
                       GError       **error)
{
  const double width = 595.276, height = 841.89;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;

  g_return_val_if_fail (self != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes_cb, bytes, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->number);
  cr = cairo_create (surface);
  n_pages = bd_po_document_paginate (self, cr, width, height);
  for (guint page = 0; page < n_pages; page++)
    {
      bd_po_document_draw_page (self, cr, width, height, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not make the PDF of %s: %s"), self->number, cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* The PDF written in one go: an error (a full disk, a folder that cannot
 * be written) leaves any file at @path as it was. */
gboolean
bd_po_document_write_pdf (BdPoDocument  *self,
                          const char    *path,
                          GError       **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pdf = bd_po_document_to_pdf (self, error);
  if (pdf == NULL)
    return FALSE;

  return g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}
