/* bd-template.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-template"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-template.h"
#include "bd-util.h"

G_DEFINE_QUARK (bd-template-error-quark, bd_template_error)

/* Every name a template may use, with what it stands for (shown in the
 * editor). A message has a value for the names its kind knows: a
 * customer's message no PO number, a supplier's no customer. */
static const struct
{
  const char *name;
  const char *description;
} placeholders[] = {
  { "customer.name", N_("The customer’s name") },
  { "customer.email", N_("The customer’s email address") },
  { "order.ref", N_("The order’s reference") },
  { "order.date", N_("The day the order was placed") },
  { "product.name", N_("The product’s name") },
  { "product.sku", N_("The product’s SKU") },
  { "quantity", N_("The quantity the customer waits for") },
  { "eta", N_("The expected date") },
  { "eta_range", N_("The range of the expected date, from earliest to latest") },
  { "promised_at", N_("The date promised when the order was placed") },
  { "cancel_deadline", N_("The day by which the customer may answer a delay notice") },
  { "alternatives", N_("Products in stock the customer may take instead, one a line") },
  { "incentive", N_("The discount or free shipping offered") },
  { "company.name", N_("Your company’s name") },
  { "agent.name", N_("Your name") },
  { "supplier.name", N_("The supplier’s name") },
  { "supplier.contact", N_("The supplier’s contact person") },
  { "po.number", N_("The purchase order’s number") },
  { "po.expected_at", N_("The delivery date of the purchase order") },
  { "po.lines", N_("The lines of the purchase order, one a line") },
};

typedef struct
{
  const char *literal;    /* in text, or NULL for a placeholder */
  gsize length;
  const char *name;       /* interned */
} Segment;

struct _BdTemplate
{
  char *text;
  GArray *segments;       /* Segment */
  GPtrArray *names;       /* interned, each once, NULL-terminated */
};

const char * const *
bd_template_placeholders (void)
{
  static const char *names[G_N_ELEMENTS (placeholders) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
      names[i] = placeholders[i].name;

  return names;
}

const char *
bd_template_placeholder_describe (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (g_strcmp0 (placeholders[i].name, name) == 0)
      return _(placeholders[i].description);

  return NULL;
}

static gboolean
is_placeholder (const char *name,
                gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (strlen (placeholders[i].name) == length &&
        strncmp (placeholders[i].name, name, length) == 0)
      return TRUE;

  return FALSE;
}

/* Edit distance, for "did you mean": names are short. */
static guint
distance (const char *a,
          gsize       la,
          const char *b)
{
  gsize lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] == b[j - 1] ? 0 : 1));
          diag = up;
        }
    }

  return row[lb];
}

static const char *
closest_placeholder (const char *name,
                     gsize       length)
{
  const char *best = NULL;
  guint best_distance = 4;

  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      guint d = distance (name, length, placeholders[i].name);

      if (d < best_distance)
        {
          best = placeholders[i].name;
          best_distance = d;
        }
    }

  return best;
}

static void
set_span (BdTemplateSpan *span,
          const char     *text,
          const char     *at,
          gsize           length)
{
  span->offset = at - text;
  span->length = length;
  span->line = 1;
  span->column = 1;
  for (const char *p = text; p < at; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        {
          span->line++;
          span->column = 1;
        }
      else
        span->column++;
    }
}

static gboolean
fail (BdTemplateSpan  *span,
      const char      *text,
      const char      *at,
      gsize            length,
      GError         **error,
      BdTemplateError  code,
      const char      *message)
{
  BdTemplateSpan local;

  if (span == NULL)
    span = &local;
  set_span (span, text, at, length);
  /* TRANSLATORS: "line 3, column 12: “{{” is not closed by “}}”" */
  g_set_error (error, BD_TEMPLATE_ERROR, code, _("line %u, column %u: %s"),
               span->line, span->column, message);
  return FALSE;
}

static void
add_literal (BdTemplate *self,
             const char *start,
             const char *end)
{
  Segment segment = { start, end - start, NULL };

  if (end > start)
    g_array_append_val (self->segments, segment);
}

/* Parses @text: literal text and {{name}} placeholders (spaces inside the
 * braces allowed). A single brace is text. An error names the line and
 * column of the first problem and sets @span to it. */
BdTemplate *
bd_template_parse (const char      *text,
                   BdTemplateSpan  *span,
                   GError         **error)
{
  g_autoptr(BdTemplate) self = NULL;
  const char *p, *literal;

  g_return_val_if_fail (text != NULL, NULL);

  for (p = text; *p != '\0' && g_ascii_isspace (*p); p++)
    ;
  if (*p == '\0')
    {
      fail (span, text, text, 0, error, BD_TEMPLATE_ERROR_EMPTY, _("the template has no text"));
      return NULL;
    }

  self = g_new0 (BdTemplate, 1);
  self->text = g_strdup (text);
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  self->names = g_ptr_array_new ();

  literal = p = self->text;
  while (*p != '\0')
    {
      const char *open = p, *name, *name_end, *close;

      if (p[0] == '}' && p[1] == '}')
        {
          fail (span, self->text, p, 2, error, BD_TEMPLATE_ERROR_UNBALANCED,
                _("“}}” without “{{” before it"));
          return NULL;
        }
      if (p[0] != '{' || p[1] != '{')
        {
          p++;
          continue;
        }

      /* the placeholder ends at the first "}}", on the same line */
      for (close = open + 2; *close != '\0' && *close != '\n'; close++)
        if ((close[0] == '}' && close[1] == '}') || (close[0] == '{' && close[1] == '{'))
          break;
      if (close[0] != '}' || close[1] != '}')
        {
          fail (span, self->text, open, close - open, error, BD_TEMPLATE_ERROR_UNBALANCED,
                _("“{{” is not closed by “}}” on its line"));
          return NULL;
        }

      for (name = open + 2; name < close && g_ascii_isspace (*name); name++)
        ;
      for (name_end = close; name_end > name && g_ascii_isspace (name_end[-1]); name_end--)
        ;
      if (!is_placeholder (name, name_end - name))
        {
          g_autofree char *written = g_strndup (open, close + 2 - open);
          const char *closest = closest_placeholder (name, name_end - name);
          g_autofree char *message = NULL;

          if (name == name_end)
            message = g_strdup (_("“{{}}” names no placeholder"));
          else if (closest != NULL)
            message = g_strdup_printf (_("there is no placeholder “%s”; did you mean “{{%s}}”?"),
                                       written, closest);
          else
            message = g_strdup_printf (_("there is no placeholder “%s”"), written);
          fail (span, self->text, open, close + 2 - open, error, BD_TEMPLATE_ERROR_UNKNOWN, message);
          return NULL;
        }

      add_literal (self, literal, open);
      {
        g_autofree char *key = g_strndup (name, name_end - name);
        Segment segment = { NULL, 0, g_intern_string (key) };

        g_array_append_val (self->segments, segment);
        if (!g_ptr_array_find (self->names, segment.name, NULL))
          g_ptr_array_add (self->names, (gpointer)segment.name);
      }
      literal = p = close + 2;
    }
  add_literal (self, literal, p);
  g_ptr_array_add (self->names, NULL);

  return g_steal_pointer (&self);
}

void
bd_template_free (BdTemplate *self)
{
  if (self == NULL)
    return;

  g_free (self->text);
  g_array_unref (self->segments);
  g_ptr_array_unref (self->names);
  g_free (self);
}

/* The placeholders the text uses, each once, in the order they first
 * come. */
const char * const *
bd_template_get_names (BdTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->names->pdata;
}

/* The text with each placeholder replaced by its value in @values (name
 * to text). A placeholder without a value is an error: a message never
 * goes out with a hole in it. */
char *
bd_template_render (BdTemplate  *self,
                    GHashTable  *values,
                    GError     **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  out = g_string_sized_new (strlen (self->text) + 64);
  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);
      const char *value;

      if (segment->literal != NULL)
        {
          g_string_append_len (out, segment->literal, segment->length);
          continue;
        }

      value = g_hash_table_lookup (values, segment->name);
      if (value == NULL)
        {
          g_set_error (error, BD_TEMPLATE_ERROR, BD_TEMPLATE_ERROR_NO_VALUE,
                       _("{{%s}} has no value for this message"), segment->name);
          return NULL;
        }
      g_string_append (out, value);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Languages */

static const char * const languages[] = { "en", "de", "fr", "es", NULL };

/* The languages default templates ship in; the first is the default. */
const char * const *
bd_template_languages (void)
{
  return languages;
}

/* @language ("de", "de_AT", "de-CH") as one of ours, or the default. */
const char *
bd_template_language_or_default (const char *language)
{
  if (language != NULL)
    for (guint i = 0; languages[i] != NULL; i++)
      if (g_ascii_strncasecmp (language, languages[i], 2) == 0 &&
          (language[2] == '\0' || language[2] == '_' || language[2] == '-'))
        return languages[i];

  return languages[0];
}

static const char * const months[][12] = {
  { "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" },
  { "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember" },
  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre" },
  { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre" },
};

static guint
language_index (const char *language)
{
  const char *ours = bd_template_language_or_default (language);

  for (guint i = 0; languages[i] != NULL; i++)
    if (languages[i] == ours)
      return i;

  return 0;
}

/* @date (a local date YYYY-MM-DD, or a time in UTC as stored, read as its
 * local date) written out in @language: "December 3, 2026",
 * "3. Dezember 2026", "3 décembre 2026", "3 de diciembre de 2026". The
 * words are ours, not the system's: a message goes out in the customer's
 * language whatever the machine's locale. NULL for a malformed date. */
char *
bd_template_format_date (const char *date,
                         const char *language)
{
  int year, month, day;

  g_return_val_if_fail (date != NULL, NULL);

  if (strlen (date) == 10)
    {
      g_autoptr(GDate) parsed = g_date_new ();

      g_date_set_parse (parsed, date);
      if (!g_date_valid (parsed) || date[4] != '-' || date[7] != '-')
        return NULL;
      year = g_date_get_year (parsed);
      month = g_date_get_month (parsed);
      day = g_date_get_day (parsed);
    }
  else
    {
      gint64 unix_time;
      g_autoptr(GDateTime) utc = NULL;
      g_autoptr(GDateTime) local = NULL;
      g_autoptr(GTimeZone) tz = bd_local_time_zone ();

      if (!bd_iso_to_unix (date, &unix_time))
        return NULL;
      utc = g_date_time_new_from_unix_utc (unix_time);
      local = g_date_time_to_timezone (utc, tz);
      year = g_date_time_get_year (local);
      month = g_date_time_get_month (local);
      day = g_date_time_get_day_of_month (local);
    }

  switch (language_index (language))
    {
    case 1:
      return g_strdup_printf ("%d. %s %d", day, months[1][month - 1], year);
    case 2:
      return g_strdup_printf (day == 1 ? "%der %s %d" : "%d %s %d", day, months[2][month - 1], year);
    case 3:
      return g_strdup_printf ("%d de %s de %d", day, months[3][month - 1], year);
    default:
      return g_strdup_printf ("%s %d, %d", months[0][month - 1], day, year);
    }
}

static const char *
currency_symbol (const char *currency)
{
  if (g_strcmp0 (currency, "USD") == 0)
    return "$";
  if (g_strcmp0 (currency, "EUR") == 0)
    return "€";
  if (g_strcmp0 (currency, "GBP") == 0)
    return "£";

  return NULL;
}

/* @minor units of @currency written out in @language: "$1,234.50",
 * "1.234,50 €", "1 234,50 €", "1234,50 €"; a currency without a symbol
 * we know keeps its code. */
char *
bd_template_format_money (gint64      minor,
                          const char *currency,
                          const char *language)
{
  guint lang = language_index (language);
  int exponent = bd_currency_exponent (currency);
  const char *symbol = currency_symbol (currency);
  /* the thousands separator, the decimal mark, the space before a symbol
   * that follows: U+202F and U+00A0 keep the number on one line */
  static const char * const thousands[] = { ",", ".", "\u202f", "." };
  static const char * const decimal[] = { ".", ",", ",", "," };
  guint64 abs_value = minor < 0 ? (guint64)(-minor) : (guint64)minor;
  guint64 scale = 1, whole, fraction;
  g_autofree char *digits = NULL;
  g_autoptr(GString) number = g_string_new (minor < 0 ? "-" : "");
  gsize n_digits;

  if (exponent < 0)
    exponent = 2;
  for (int i = 0; i < exponent; i++)
    scale *= 10;
  whole = abs_value / scale;
  fraction = abs_value % scale;

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  n_digits = strlen (digits);
  for (gsize i = 0; i < n_digits; i++)
    {
      /* Spanish groups only from five digits on */
      if (i > 0 && (n_digits - i) % 3 == 0 && (lang != 3 || n_digits > 4))
        g_string_append (number, thousands[lang]);
      g_string_append_c (number, digits[i]);
    }
  if (exponent > 0)
    g_string_append_printf (number, "%s%0*" G_GUINT64_FORMAT, decimal[lang], exponent, fraction);

  if (symbol == NULL)
    return g_strdup_printf (lang == 0 ? "%s %s" : "%s\u00a0%s", number->str, currency != NULL ? currency : "");
  if (lang == 0)
    return minor < 0 ? g_strdup_printf ("-%s%s", symbol, number->str + 1)
                     : g_strdup_printf ("%s%s", symbol, number->str);
  return g_strdup_printf ("%s\u00a0%s", number->str, symbol);
}
