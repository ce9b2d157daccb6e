/* test-template.c: message templates parsed, checked and rendered
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-template"

#include "config.h"

#include "bd-default-templates.h"
#include "bd-template.h"
#include "bd-templates.h"
#include "bd-test-util.h"

static GHashTable *
values_new (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

/* Every placeholder renders its value; text around it, single braces and
 * spaces inside the braces are kept as written. */
static void
test_template_render (void)
{
  const char * const *names = bd_template_placeholders ();
  g_autoptr(GString) text = g_string_new ("Dear {customer}, ");
  g_autoptr(GString) want = g_string_new ("Dear {customer}, ");
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BdTemplate) tpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      char *value = g_strdup_printf ("<%s value>", names[n]);

      g_ptr_array_add (owned, value);
      g_hash_table_insert (values, (gpointer)names[n], value);
      g_string_append_printf (text, n % 2 ? "{{%s}} | " : "{{ %s }} | ", names[n]);
      g_string_append_printf (want, "%s | ", value);
      g_assert_nonnull (bd_template_placeholder_describe (names[n]));
    }
  g_assert_cmpuint (n, >=, 12);

  tpl = bd_template_parse (text->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **)bd_template_get_names (tpl)), ==, n);
  out = bd_template_render (tpl, values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, want->str);
}

/* What comes from customer data is inserted as it is: a name that looks
 * like a placeholder is not expanded again. */
static void
test_template_no_reexpansion (void)
{
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(BdTemplate) tpl = bd_template_parse ("Hello {{customer.name}}, order {{order.ref}}.", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_hash_table_insert (values, "customer.name", "{{order.ref}} }} {{");
  g_hash_table_insert (values, "order.ref", "SO-1");
  out = bd_template_render (tpl, values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "Hello {{order.ref}} }} {{, order SO-1.");
  g_assert_null (bd_template_placeholder_describe ("customer.nam"));
}

/* Each problem is refused with its line and column, and the span the
 * editor underlines. */
static void
test_template_errors (void)
{
  const struct
  {
    const char *text;
    BdTemplateError code;
    guint line, column;
    gsize offset, length;
    const char *message;
  } cases[] = {
    { "Hello {{customer.nme}}!", BD_TEMPLATE_ERROR_UNKNOWN, 1, 7, 6, 16,
      "line 1, column 7: there is no placeholder “{{customer.nme}}”; did you mean “{{customer.name}}”?" },
    { "Grüße\nbis {{eta", BD_TEMPLATE_ERROR_UNBALANCED, 2, 5, 12, 5,
      "line 2, column 5: “{{” is not closed by “}}” on its line" },
    { "x }} y", BD_TEMPLATE_ERROR_UNBALANCED, 1, 3, 2, 2, "line 1, column 3: “}}” without “{{” before it" },
    { "a {{eta\n}}", BD_TEMPLATE_ERROR_UNBALANCED, 1, 3, 2, 5, NULL },
    { "{{eta {{eta}}", BD_TEMPLATE_ERROR_UNBALANCED, 1, 1, 0, 6, NULL },
    { "ok {{ }}", BD_TEMPLATE_ERROR_UNKNOWN, 1, 4, 3, 5, "line 1, column 4: “{{}}” names no placeholder" },
    { "{{zzzzzzzzzz}}", BD_TEMPLATE_ERROR_UNKNOWN, 1, 1, 0, 14, "line 1, column 1: there is no placeholder “{{zzzzzzzzzz}}”" },
    { "", BD_TEMPLATE_ERROR_EMPTY, 1, 1, 0, 0, NULL },
    { " \n\t", BD_TEMPLATE_ERROR_EMPTY, 1, 1, 0, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      BdTemplateSpan span = { 0, };
      g_autoptr(BdTemplate) tpl = bd_template_parse (cases[i].text, &span, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (tpl);
      g_assert_error (error, BD_TEMPLATE_ERROR, (int)cases[i].code);
      g_assert_cmpuint (span.line, ==, cases[i].line);
      g_assert_cmpuint (span.column, ==, cases[i].column);
      g_assert_cmpuint (span.offset, ==, cases[i].offset);
      g_assert_cmpuint (span.length, ==, cases[i].length);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* A placeholder this message has no value for stops the message. */
static void
test_template_no_value (void)
{
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(BdTemplate) tpl = bd_template_parse ("PO {{po.number}} for {{customer.name}}", NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (values, "customer.name", "Ada");
  g_assert_null (bd_template_render (tpl, values, &error));
  g_assert_error (error, BD_TEMPLATE_ERROR, BD_TEMPLATE_ERROR_NO_VALUE);
  g_assert_cmpstr (error->message, ==, "{{po.number}} has no value for this message");
}

static void
test_template_dates (void)
{
  const struct { const char *date, *language, *want; } cases[] = {
    { "2026-12-03", "en", "December 3, 2026" },
    { "2026-12-03", "de", "3. Dezember 2026" },
    { "2026-03-01", "de_AT", "1. März 2026" },
    { "2026-02-03", "fr", "3 février 2026" },
    { "2026-02-01", "fr", "1er février 2026" },
    { "2026-08-03", "es", "3 de agosto de 2026" },
    { "2026-08-03", "pt", "August 3, 2026" },
    { "2026-08-03", NULL, "August 3, 2026" },
    /* a time in UTC is its local date: TZ is UTC in the tests */
    { "2026-08-03T23:30:00Z", "en", "August 3, 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = bd_template_format_date (cases[i].date, cases[i].language);

      g_assert_cmpstr (got, ==, cases[i].want);
    }

  g_assert_null (bd_template_format_date ("2026-13-01", "en"));
  g_assert_null (bd_template_format_date ("yesterday", "en"));
  g_assert_cmpstr (bd_template_language_or_default ("de-CH"), ==, "de");
  g_assert_cmpstr (bd_template_language_or_default ("deu"), ==, "en");
}

static void
test_template_money (void)
{
  const struct { gint64 minor; const char *currency, *language, *want; } cases[] = {
    { 123450, "USD", "en", "$1,234.50" },
    { -500, "USD", "en", "-$5.00" },
    { 99, "EUR", "en", "€0.99" },
    { 123450, "EUR", "de", "1.234,50\u00a0€" },
    { 123450, "EUR", "fr", "1\u202f234,50\u00a0€" },
    { 123450, "EUR", "es", "1234,50\u00a0€" },
    { 12345600, "EUR", "es", "123.456,00\u00a0€" },
    { 1235, "JPY", "en", "1,235 JPY" },
    { 1234567, "CHF", "de", "12.345,67\u00a0CHF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = bd_template_format_money (cases[i].minor, cases[i].currency, cases[i].language);

      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

/* Every kind ships in every language; each default's subject and body
 * parse and render with the values a message of its audience has, and
 * use the placeholders a reader of that kind needs. */
static void
test_template_defaults (void)
{
  guint n_kinds, n_templates;
  const BdTemplateKind *kinds = bd_template_kinds (&n_kinds);
  const BdDefaultTemplate *templates = bd_default_templates (&n_templates);
  const char * const *languages = bd_template_languages ();
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const *names = bd_template_placeholders ();

  for (guint i = 0; names[i] != NULL; i++)
    g_hash_table_insert (values, (gpointer)names[i], "x");

  g_assert_cmpuint (n_templates, ==, n_kinds * g_strv_length ((char **)languages));
  for (guint k = 0; k < n_kinds; k++)
    for (guint l = 0; languages[l] != NULL; l++)
      {
        const BdDefaultTemplate *found = NULL;
        g_autoptr(BdTemplate) subject = NULL;
        g_autoptr(BdTemplate) body = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *rendered = NULL;
        char *uuid;

        for (guint t = 0; t < n_templates; t++)
          if (g_str_equal (templates[t].kind, kinds[k].kind) && g_str_equal (templates[t].language, languages[l]))
            {
              g_assert_null (found);
              found = &templates[t];
            }
        g_assert_nonnull (found);

        subject = bd_template_parse (found->subject, NULL, &error);
        g_assert_no_error (error);
        body = bd_template_parse (found->body, NULL, &error);
        g_assert_no_error (error);
        rendered = bd_template_render (body, values, &error);
        g_assert_no_error (error);
        g_assert_true (g_strv_contains (bd_template_get_names (body), "company.name"));
        if (kinds[k].audience == BD_AUDIENCE_CUSTOMER)
          {
            g_assert_true (g_strv_contains (bd_template_get_names (body), "customer.name"));
            g_assert_true (g_strv_contains (bd_template_get_names (body), "order.ref"));
          }
        else
          g_assert_true (g_strv_contains (bd_template_get_names (body), "po.number") ||
                         g_strv_contains (bd_template_get_names (subject), "po.number"));
        if (g_str_equal (kinds[k].kind, "delay_notice"))
          {
            g_assert_true (g_strv_contains (bd_template_get_names (body), "cancel_deadline"));
            g_assert_true (g_strv_contains (bd_template_get_names (body), "eta"));
          }

        /* the same uuid every time, another for every kind and language */
        uuid = bd_default_template_uuid (found->kind, found->language);
        g_assert_cmpuint (strlen (uuid), ==, 36);
        g_assert_cmpint (uuid[14], ==, '5');
        {
          g_autofree char *again = bd_default_template_uuid (found->kind, found->language);

          g_assert_cmpstr (uuid, ==, again);
        }
        g_assert_true (g_hash_table_add (uuids, uuid));
      }
}

/* A store has the defaults from its start; writing them again (a later
 * step that ships new defaults) keeps a person's edit. */
static void
test_template_defaults_in_store (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = bd_default_template_uuid ("delay_notice", "de");
  g_autofree char *sql = g_strdup_printf ("SELECT body FROM templates WHERE uuid = '%s'", uuid);
  g_autofree char *body = NULL;

  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM templates"), ==, 44);
  g_assert_true (bd_store_exec (store, "UPDATE templates SET body = 'Unser eigener Text {{order.ref}}', edited = 1"
                                       " WHERE kind = 'delay_notice' AND language = 'de'", &error));
  g_assert_no_error (error);
  g_assert_true (bd_default_templates_insert (bd_store_get_db (store), &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM templates"), ==, 44);
  body = bd_test_text (store, sql);
  g_assert_cmpstr (body, ==, "Unser eigener Text {{order.ref}}");

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

/* The team edits, writes and restores templates; a template that cannot
 * be sent is refused with its position and leaves the store as it was. */
static void
test_template_store_edits (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BdStore) store = bd_test_store_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdTemplateRow) row = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *uuid = NULL;
  BdTemplateSpan span = { 0, };
  gboolean in_subject = TRUE;

  /* a reader's language, else the default one */
  row = bd_templates_find (store, "delay_notice", "de_AT", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (row->language, ==, "de");
  g_assert_true (row->is_default);
  g_assert_false (row->edited);
  g_clear_pointer (&row, bd_template_row_free);
  row = bd_templates_find (store, "delay_notice", "pt", &error);
  g_assert_cmpstr (row->language, ==, "en");
  g_clear_pointer (&row, bd_template_row_free);
  g_assert_null (bd_templates_find (store, "poem", "en", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* refused: nothing written */
  before = bd_test_dump (store);
  g_assert_false (bd_templates_save (store, "delay_update", "en", NULL, "New date {{eta}",
                                     "Dear {{customer.name}}", NULL, &error));
  g_assert_error (error, BD_TEMPLATE_ERROR, BD_TEMPLATE_ERROR_UNBALANCED);
  g_assert_true (g_str_has_prefix (error->message, "Subject, line 1, column 10:"));
  g_clear_error (&error);
  g_assert_false (bd_templates_check ("ok {{order.ref}}", "Dear {{customer.nam}}", &span, &in_subject, &error));
  g_assert_false (in_subject);
  g_assert_cmpuint (span.column, ==, 6);
  g_assert_true (g_str_has_prefix (error->message, "Text, line 1, column 6:"));
  g_clear_error (&error);
  g_assert_false (bd_templates_save (store, "delay_update", "english", NULL, NULL, "x", NULL, &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = bd_test_dump (store);
  g_assert_cmpstr (before, ==, after);

  /* an edit keeps the row and its uuid, and is marked edited */
  g_assert_true (bd_templates_save (store, "delay_update", "en", NULL, "New date: {{eta}}",
                                    "Dear {{customer.name}}, it comes on {{eta}}.", &uuid, &error));
  g_assert_no_error (error);
  row = bd_templates_find (store, "delay_update", "en", &error);
  g_assert_cmpstr (row->uuid, ==, uuid);
  g_assert_true (row->edited);
  g_assert_cmpstr (row->subject, ==, "New date: {{eta}}");
  g_assert_cmpstr (row->name, ==, "Delay update");
  g_clear_pointer (&row, bd_template_row_free);
  g_assert_cmpint (bd_test_count (store, "SELECT count(*) FROM events WHERE entity = 'template'"
                                         " AND action = 'edit' AND field = 'body'"), ==, 1);

  /* a language the app does not ship */
  g_clear_pointer (&uuid, g_free);
  g_assert_true (bd_templates_save (store, "delay_update", "it", "Aggiornamento", NULL,
                                    "Gentile {{customer.name}}, arriva il {{eta}}.", &uuid, &error));
  g_assert_no_error (error);
  row = bd_templates_find (store, "delay_update", "it", &error);
  g_assert_cmpstr (row->language, ==, "it");
  g_assert_false (row->is_default);
  g_clear_pointer (&row, bd_template_row_free);
  all = bd_templates_list (store, &error);
  g_assert_cmpuint (all->len, ==, 45);
  /* by kind, then en, de, fr, es, then the others */
  g_assert_cmpstr (((BdTemplateRow *)g_ptr_array_index (all, 0))->kind, ==, "backorder_confirmation");
  g_assert_cmpstr (((BdTemplateRow *)g_ptr_array_index (all, 4))->language, ==, "en");
  g_assert_cmpstr (((BdTemplateRow *)g_ptr_array_index (all, 8))->language, ==, "it");
  g_assert_false (bd_templates_restore_default (store, "delay_update", "it", &error));
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* the app's own text back */
  g_assert_true (bd_templates_restore_default (store, "delay_update", "en", &error));
  g_assert_no_error (error);
  row = bd_templates_find (store, "delay_update", "en", &error);
  g_assert_false (row->edited);
  g_assert_cmpstr (row->subject, ==, "Your order {{order.ref}}: a new date for {{product.name}}");

  g_clear_object (&store);
  bd_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/render", test_template_render);
  g_test_add_func ("/template/no-reexpansion", test_template_no_reexpansion);
  g_test_add_func ("/template/errors", test_template_errors);
  g_test_add_func ("/template/no-value", test_template_no_value);
  g_test_add_func ("/template/dates", test_template_dates);
  g_test_add_func ("/template/money", test_template_money);
  g_test_add_func ("/template/defaults", test_template_defaults);
  g_test_add_func ("/template/defaults-in-store", test_template_defaults_in_store);
  g_test_add_func ("/template/store-edits", test_template_store_edits);

  return g_test_run ();
}
