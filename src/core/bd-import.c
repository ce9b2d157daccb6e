/* bd-import.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bd-import.h"
#include "bd-sms.h"
#include "bd-on-hand-snapshots-private.h"
#include "bd-po-import-private.h"
#include "bd-purchasing-private.h"
#include "bd-store-private.h"
#include "bd-util.h"

/* Importing is the shop's nightly routine, so an import is an upsert by key:
 * the file is the truth for what it says about orders, and the desk's own work
 * (priority, notes, complaints, status set by hand) is left alone, except that
 * a shipped_at or cancelled_at in the file closes a line. An unchanged row is
 * not written at all, so importing the same file twice changes nothing. */

typedef struct
{
  const char *name;
  gboolean required;
} ColumnSpec;

enum { SUP_REF, SUP_NAME, SUP_EMAIL, SUP_PHONE, SUP_LEAD, N_SUP };
static const ColumnSpec supplier_columns[N_SUP] = {
  { "supplier_ref", TRUE }, { "name", TRUE }, { "email", FALSE }, { "phone", FALSE },
  { "lead_time_days", FALSE },
};

enum { PRO_SKU, PRO_NAME, PRO_ON_HAND, PRO_REORDER, PRO_SAFETY, PRO_PACK, PRO_SUPPLIER,
       PRO_COST, PRO_LEAD, N_PRO };
static const ColumnSpec product_columns[N_PRO] = {
  { "sku", TRUE }, { "name", TRUE }, { "on_hand", FALSE }, { "reorder_point", FALSE },
  { "safety_stock", FALSE }, { "pack_size", FALSE }, { "supplier_ref", FALSE },
  { "unit_cost", FALSE }, { "lead_time_days", FALSE },
};

enum { ORD_REF, ORD_AT, ORD_CUSTOMER, ORD_CUSTOMER_NAME, ORD_CUSTOMER_EMAIL, ORD_SKU,
       ORD_PRODUCT_NAME, ORD_QTY, ORD_BO, ORD_PRICE, ORD_CURRENCY, ORD_PROMISED,
       ORD_SHIPPED, ORD_CANCELLED, ORD_SHIP_COMPLETE, ORD_CUSTOMER_PHONE, ORD_CUSTOMER_LANGUAGE,
       ORD_CUSTOMER_SMS, N_ORD };
static const ColumnSpec order_columns[N_ORD] = {
  { "order_ref", TRUE }, { "ordered_at", TRUE }, { "customer_ref", TRUE },
  { "customer_name", FALSE }, { "customer_email", FALSE }, { "sku", TRUE },
  { "product_name", FALSE }, { "quantity", TRUE }, { "backordered_quantity", FALSE },
  { "unit_price", FALSE }, { "currency", FALSE }, { "promised_at", FALSE },
  { "shipped_at", FALSE }, { "cancelled_at", FALSE }, { "ship_complete", FALSE },
  { "customer_phone", FALSE }, { "customer_language", FALSE }, { "customer_sms_consent", FALSE },
};

/* Products a customer may take instead of another, one pair a row. */
enum { ALT_SKU, ALT_ALTERNATIVE, N_ALT };
static const ColumnSpec product_alternative_columns[N_ALT] = {
  { "sku", TRUE }, { "alternative_sku", TRUE },
};

/* Several suppliers per product, each with its terms. */
enum { PS_SKU, PS_SUPPLIER, PS_COST, PS_CURRENCY, PS_LEAD, PS_MOQ, PS_PACK, PS_PREFERRED, N_PS };
static const ColumnSpec product_supplier_columns[N_PS] = {
  { "sku", TRUE }, { "supplier_ref", TRUE }, { "unit_cost", FALSE }, { "currency", FALSE },
  { "lead_time_days", FALSE }, { "moq", FALSE }, { "pack_size", FALSE }, { "preferred", FALSE },
};

enum { PUR_NUMBER, PUR_SUPPLIER, PUR_SKU, PUR_QTY, PUR_RECEIVED, PUR_ORDERED, PUR_EXPECTED,
       PUR_STATUS, N_PUR };
static const ColumnSpec purchase_order_columns[N_PUR] = {
  { "po_number", TRUE }, { "supplier_ref", TRUE }, { "sku", TRUE }, { "quantity", TRUE },
  { "quantity_received", FALSE }, { "ordered_at", TRUE }, { "expected_at", FALSE },
  { "status", FALSE },
};

/* the most columns a kind of file has */
#define MAX_COLUMNS 24
G_STATIC_ASSERT (N_SUP <= MAX_COLUMNS && N_PRO <= MAX_COLUMNS && N_ORD <= MAX_COLUMNS &&
                 N_PUR <= MAX_COLUMNS && N_PS <= MAX_COLUMNS);

typedef struct
{
  gint64 product_id;
  guint line;
} LineSeen;

/* An order of the file, for the checks across its lines. Its texts live in
 * the import's string chunk: a million-line file has half a million
 * orders. */
typedef struct
{
  gint64 id;
  guint line;
  gint64 customer_id;
  const char *ordered_at;
  const char *currency;
  const char *ship_complete;  /* "1", "0", or NULL while no line said */
  guint ship_complete_line;
  GArray *lines;   /* LineSeen */
  gboolean created;
} OrderSeen;

typedef struct
{
  BdStore *store;
  BdImportReport *report;
  BdCsvReader *reader;
  const ColumnSpec *columns;
  guint n_columns;
  int column_index[MAX_COLUMNS];
  guint n_header_fields;

  char *batch;
  char *now;
  char *today;            /* the local date of now: the day of on-hand snapshots */
  char *default_currency;
  GHashTable *stmts;      /* SQL text -> sqlite3_stmt */
  GHashTable *upsert_stmts; /* StmtKey -> sqlite3_stmt */
  GHashTable *seen;       /* key -> line, for duplicates in one file */
  GHashTable *preferred;  /* sku -> line that names its preferred supplier */
  GHashTable *customer_ids; /* ref -> gint64 id, for what this import looked up */
  GHashTable *product_ids;  /* sku -> gint64 id */
  const char *last_customer_ref; /* the customer of the line before, a key of customer_ids */
  gint64 last_customer_id;
  GHashTable *orders;     /* order_ref -> OrderSeen */
  GStringChunk *strings;  /* the texts of orders */

  GPtrArray *purchase_orders;  /* BdPoImportOrder, in the order of the file */
  GHashTable *po_by_number;    /* number -> BdPoImportOrder */

  gboolean writing;       /* FALSE from the first bad row on: only checking */
  guint levels_kept;      /* products whose levels set in the desk the file would change */
  guint32 upsert_written; /* the fields the last upsert() wrote, a bit per field */
  BdStoreMarks marks;     /* the highest ids before the import */
  gboolean bulk_lines;    /* order_lines was empty: every line is new */
  GPtrArray *recreate;    /* SQL of the indexes dropped for a bulk import */
} Import;

typedef struct
{
  const char *column;
  const char *value;      /* NULL is SQL NULL */
  gboolean given;         /* FALSE: keep what the store has */
} Field;

typedef enum
{
  UPSERT_LINE = 1 << 0,   /* events name the line */
  UPSERT_NEW = 1 << 1,    /* the caller knows the row is not stored: no lookup */
} UpsertFlags;

typedef enum
{
  UPSERT_CREATED,
  UPSERT_UPDATED,
  UPSERT_UNCHANGED,
} UpsertResult;

/* Called with the stored row (columns 2.. are the fields, in order) or NULL
 * for a new one, to settle the fields that depend on what is stored. */
typedef void (*AdjustFunc) (sqlite3_stmt *old,
                            Field        *fields,
                            gpointer      data);

G_DEFINE_QUARK (bd-import-error-quark, bd_import_error)

static void
order_seen_free (gpointer data)
{
  OrderSeen *seen = data;

  g_clear_pointer (&seen->lines, g_array_unref);
  g_free (seen);
}

static void
problem_free (gpointer data)
{
  BdImportProblem *problem = data;

  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

BdImportReport *
bd_import_report_new (void)
{
  BdImportReport *report = g_new0 (BdImportReport, 1);

  report->warnings = g_ptr_array_new_with_free_func (g_free);
  report->problems = g_ptr_array_new_with_free_func (problem_free);

  return report;
}

void
bd_import_report_free (BdImportReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->warnings);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

char *
bd_import_report_describe (BdImportReport *report)
{
  return g_strdup_printf (_("%u rows read: %u new, %u updated, %u unchanged"),
                          report->rows, report->created, report->updated, report->unchanged);
}

const char *
bd_import_kind_to_string (BdImportKind kind)
{
  switch (kind)
    {
    case BD_IMPORT_SUPPLIERS: return "suppliers";
    case BD_IMPORT_PRODUCTS: return "products";
    case BD_IMPORT_ORDERS: return "orders";
    case BD_IMPORT_PURCHASE_ORDERS: return "purchase-orders";
    case BD_IMPORT_PRODUCT_SUPPLIERS: return "product-suppliers";
    case BD_IMPORT_PRODUCT_ALTERNATIVES: return "product-alternatives";
    default: g_return_val_if_reached (NULL);
    }
}

/* Files imported together go suppliers first, then the products that name
 * them, then the links between the two, then the orders that name the
 * products, then the purchase orders that cover their lines. */
static const BdImportKind import_order[] = {
  BD_IMPORT_SUPPLIERS, BD_IMPORT_PRODUCTS, BD_IMPORT_PRODUCT_SUPPLIERS, BD_IMPORT_PRODUCT_ALTERNATIVES,
  BD_IMPORT_ORDERS, BD_IMPORT_PURCHASE_ORDERS,
};

gboolean
bd_import_kind_from_string (const char   *text,
                            BdImportKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (import_order); i++)
    if (g_strcmp0 (text, bd_import_kind_to_string (import_order[i])) == 0)
      {
        *kind = import_order[i];
        return TRUE;
      }

  return FALSE;
}

/* "suppliers, products, product-suppliers, …": the kinds as the CLI
 * names them, in the order they import. */
char *
bd_import_kinds_to_string (const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (import_order); i++)
    g_string_append_printf (text, "%s%s", i ? separator : "", bd_import_kind_to_string (import_order[i]));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
header_has (BdCsvReader *reader,
            const char  *name)
{
  for (guint i = 0; i < bd_csv_reader_get_n_fields (reader); i++)
    if (g_ascii_strcasecmp (bd_csv_reader_get_field (reader, i), name) == 0)
      return TRUE;

  return FALSE;
}

/* The app takes any of the files and tells them apart by their header. */
gboolean
bd_import_detect_kind (const char    *path,
                       BdImportKind  *kind,
                       GError       **error)
{
  g_autoptr(BdCsvReader) reader = bd_csv_reader_new_for_path (path, error);
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr(GError) local_error = NULL;

  if (reader == NULL)
    return FALSE;

  if (!bd_csv_reader_next (reader, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_HEADER,
                     _("%s is empty: expected a header row"), name);
      return FALSE;
    }
  bd_csv_reader_strip_fields (reader);

  if (header_has (reader, "po_number"))
    *kind = BD_IMPORT_PURCHASE_ORDERS;
  else if (header_has (reader, "order_ref"))
    *kind = BD_IMPORT_ORDERS;
  else if (header_has (reader, "sku") && header_has (reader, "alternative_sku"))
    *kind = BD_IMPORT_PRODUCT_ALTERNATIVES;
  /* products.csv names a supplier too, but only it names the product */
  else if (header_has (reader, "sku") && header_has (reader, "supplier_ref") && !header_has (reader, "name"))
    *kind = BD_IMPORT_PRODUCT_SUPPLIERS;
  else if (header_has (reader, "sku"))
    *kind = BD_IMPORT_PRODUCTS;
  else if (header_has (reader, "supplier_ref"))
    *kind = BD_IMPORT_SUPPLIERS;
  else
    {
      g_set_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_UNKNOWN_KIND,
                   _("%s is not an orders, products, product suppliers, suppliers or purchase "
                     "orders file: its header has none of the columns order_ref, sku, "
                     "supplier_ref or po_number"), name);
      return FALSE;
    }

  return TRUE;
}

/* The place of @kind in the order files import in (import_order). */
guint
bd_import_kind_order (BdImportKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (import_order); i++)
    if (import_order[i] == kind)
      return i;

  g_return_val_if_reached (G_N_ELEMENTS (import_order));
}

typedef struct
{
  guint order;
  guint index;
  char *path;
} SortedPath;

static int
compare_sorted_paths (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const SortedPath *x = a;
  const SortedPath *y = b;

  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts @paths (char *) into the order they import in, each file's kind
 * told by its header (read once). Files of one kind keep their order; one
 * whose kind cannot be told goes last, where its import says what is
 * wrong with it. */
void
bd_import_sort_paths (GPtrArray *paths)
{
  g_autofree SortedPath *sorted = NULL;

  g_return_if_fail (paths != NULL);

  sorted = g_new (SortedPath, paths->len);
  for (guint i = 0; i < paths->len; i++)
    {
      BdImportKind kind;

      sorted[i].path = g_ptr_array_index (paths, i);
      sorted[i].index = i;
      sorted[i].order = bd_import_detect_kind (sorted[i].path, &kind, NULL)
                          ? bd_import_kind_order (kind) : G_MAXUINT;
    }

  g_qsort_with_data (sorted, paths->len, sizeof *sorted, compare_sorted_paths, NULL);
  for (guint i = 0; i < paths->len; i++)
    paths->pdata[i] = sorted[i].path;
}

/* A number as text, into @buffer: g_strdup_printf() parses its format,
 * and allocates, for every number of a million rows. */
typedef char IntText[24];

static const char *
format_int (IntText  buffer,
            gint64   value)
{
  char *p = buffer + sizeof (IntText);
  guint64 v = value < 0 ? -(guint64)value : (guint64)value;

  *--p = '\0';
  do
    *--p = '0' + v % 10;
  while ((v /= 10) != 0);
  if (value < 0)
    *--p = '-';

  return p;
}

static char *
int_text (gint64 value)
{
  IntText buffer;

  return g_strdup (format_int (buffer, value));
}

static const char *
col (Import *imp,
     int     spec)
{
  int index = imp->column_index[spec];

  if (index < 0)
    return NULL;

  return bd_csv_reader_get_field (imp->reader, index);
}

static const char *
col_given (Import *imp,
           int     spec)
{
  const char *value = col (imp, spec);

  return value != NULL && *value != '\0' ? value : NULL;
}

G_GNUC_PRINTF (3, 4)
static void
add_problem (Import     *imp,
             int         spec,
             const char *format,
             ...)
{
  BdImportProblem *problem;
  va_list args;

  imp->writing = FALSE;

  if (imp->report->problems->len >= BD_IMPORT_MAX_PROBLEMS)
    return;

  problem = g_new0 (BdImportProblem, 1);
  problem->line = bd_csv_reader_get_line (imp->reader);
  problem->column = g_strdup (spec >= 0 ? imp->columns[spec].name : "");
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (imp->report->problems, problem);
}

static void
add_expected (Import     *imp,
              int         spec,
              const char *expected,
              const char *found)
{
  add_problem (imp, spec, _("expected %s, found “%s”"), _(expected), found);
}

static const char *
require (Import     *imp,
         int         spec,
         const char *what)
{
  const char *value = col_given (imp, spec);

  if (value == NULL)
    add_problem (imp, spec, _("expected %s, found nothing"), what);

  return value;
}

/* An optional integer column: NULL when empty; sets *ok FALSE when bad. */
static char *
optional_int (Import   *imp,
              int       spec,
              gint64    min,
              gint64    max,
              gboolean *ok)
{
  const char *text = col_given (imp, spec);
  g_autofree char *expected = NULL;
  gint64 value;

  if (text == NULL)
    return NULL;

  if (!bd_parse_int (text, min, max, &value, &expected))
    {
      add_problem (imp, spec, _("expected %s, found “%s”"), expected, text);
      *ok = FALSE;
      return NULL;
    }

  return int_text (value);
}

static char *
optional_date (Import   *imp,
               int       spec,
               gboolean *ok)
{
  const char *text = col_given (imp, spec);
  const char *expected;
  char *iso = NULL;

  if (text == NULL)
    return NULL;

  if (!bd_parse_date (text, &iso, &expected))
    {
      add_expected (imp, spec, expected, text);
      *ok = FALSE;
      return NULL;
    }

  return iso;
}

static char *
optional_money (Import     *imp,
                int         spec,
                const char *currency,
                gboolean   *ok)
{
  const char *text = col_given (imp, spec);
  const char *expected;
  gint64 minor;

  if (text == NULL)
    return NULL;

  if (!bd_parse_money (text, bd_currency_exponent (currency), &minor, &expected))
    {
      add_expected (imp, spec, expected, text);
      *ok = FALSE;
      return NULL;
    }

  return int_text (minor);
}

static sqlite3_stmt *
import_stmt (Import      *imp,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (imp->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  stmt = bd_store_prepare (imp->store, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (imp->stmts, g_strdup (sql), stmt);

  return stmt;
}

static char *
json_of_fields (const Field *fields,
                guint        n_fields,
                const int   *changed,
                guint        n_changed,
                char       **old_values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < n_changed; i++)
    {
      const char *value = old_values ? old_values[changed[i]] : fields[changed[i]].value;

      json_builder_set_member_name (builder, fields[changed[i]].column);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

typedef enum
{
  STMT_SELECT,
  STMT_INSERT,
  STMT_UPDATE,
} StmtKind;

/* What an upsert statement is made of: the call site's table and fields,
 * and which of them it writes. */
typedef struct
{
  StmtKind kind;
  const char *table;
  const char *first_column;
  guint n_fields;
  guint32 mask;
} StmtKey;

static guint
stmt_key_hash (gconstpointer data)
{
  const StmtKey *key = data;

  return g_direct_hash (key->table) ^ g_direct_hash (key->first_column) ^
         (key->mask * 2654435761u) ^ (key->kind << 24) ^ (key->n_fields << 16);
}

/* Table and column names are string literals: compared as pointers, the
 * same name at two places in the code at worst gets two statements. */
static gboolean
stmt_key_equal (gconstpointer a,
                gconstpointer b)
{
  const StmtKey *x = a, *y = b;

  return x->kind == y->kind && x->mask == y->mask && x->n_fields == y->n_fields &&
         x->table == y->table && x->first_column == y->first_column;
}

/* The statement for one kind of upsert step, built and prepared once per
 * import: a million rows share a handful of statements. */
static sqlite3_stmt *
upsert_stmt (Import       *imp,
             StmtKind      kind,
             const char   *table,
             const Field  *keys,
             guint         n_keys,
             const Field  *fields,
             guint         n_fields,
             guint32       mask,
             GError      **error)
{
  StmtKey key = { kind, table, fields[0].column, n_fields, mask };
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;

  /* every parameter is bound again on each use */
  stmt = g_hash_table_lookup (imp->upsert_stmts, &key);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      return stmt;
    }

  switch (kind)
    {
    case STMT_SELECT:
      sql = g_string_new ("SELECT id, uuid");
      for (guint i = 0; i < n_fields; i++)
        g_string_append_printf (sql, ", %s", fields[i].column);
      g_string_append_printf (sql, " FROM %s WHERE ", table);
      for (guint i = 0; i < n_keys; i++)
        g_string_append_printf (sql, "%s%s = ?", i ? " AND " : "", keys[i].column);
      break;

    case STMT_INSERT:
      sql = g_string_new (NULL);
      g_string_printf (sql, "INSERT INTO %s (uuid, created_at, updated_at", table);
      for (guint i = 0; i < n_keys; i++)
        g_string_append_printf (sql, ", %s", keys[i].column);
      for (guint i = 0; i < n_fields; i++)
        if (mask & (1u << i))
          g_string_append_printf (sql, ", %s", fields[i].column);
      g_string_append (sql, ") VALUES (?, ?, ?");
      for (guint i = 0; i < n_keys; i++)
        g_string_append (sql, ", ?");
      for (guint i = 0; i < n_fields; i++)
        if (mask & (1u << i))
          g_string_append (sql, ", ?");
      g_string_append (sql, ")");
      break;

    case STMT_UPDATE:
      sql = g_string_new (NULL);
      g_string_printf (sql, "UPDATE %s SET ", table);
      for (guint i = 0; i < n_fields; i++)
        if (mask & (1u << i))
          g_string_append_printf (sql, "%s = ?, ", fields[i].column);
      g_string_append (sql, "updated_at = ?, dirty = 1 WHERE id = ?");
      break;

    default:
      g_assert_not_reached ();
    }

  stmt = bd_store_prepare (imp->store, sql->str, error);
  if (stmt != NULL)
    g_hash_table_insert (imp->upsert_stmts, g_memdup2 (&key, sizeof key), stmt);

  return stmt;
}

/* Binds a value from a file: a whole number in its one canonical spelling
 * as an integer, which an INTEGER column stores without converting the
 * text and a TEXT column turns back into the same text; anything else as
 * text. */
static void
bind_value (sqlite3_stmt *stmt,
            int           n,
            const char   *value)
{
  const char *digits = value != NULL && *value == '-' ? value + 1 : value;
  gint64 number = 0;
  int n_digits = 0;

  /* canonical: "0", or a digit 1-9 then up to 17 more digits, after an
   * optional minus ("-0" and "007" are not) */
  if (value != NULL && strcmp (value, "0") == 0)
    {
      sqlite3_bind_int64 (stmt, n, 0);
      return;
    }

  if (digits != NULL && *digits >= '1' && *digits <= '9')
    for (const char *p = digits; *p != '\0'; p++, n_digits++)
      {
        if (*p < '0' || *p > '9' || n_digits == 18)
          {
            n_digits = 0;
            break;
          }
        number = number * 10 + (*p - '0');
      }

  if (n_digits > 0)
    sqlite3_bind_int64 (stmt, n, digits != value ? -number : number);
  else
    sqlite3_bind_text (stmt, n, value, -1, SQLITE_STATIC);
}

/* Inserts or updates one row by its key, writing only what differs and one
 * event for a row that changed. */
static gboolean
upsert (Import        *imp,
        const char    *table,
        const Field   *keys,
        guint          n_keys,
        Field         *fields,
        guint          n_fields,
        UpsertFlags    flags,
        AdjustFunc     adjust,
        gpointer       adjust_data,
        gint64        *id_out,
        UpsertResult  *result,
        GError       **error)
{
  gboolean is_line = (flags & UPSERT_LINE) != 0;
  g_autofree char *uuid = NULL;
  char *old_values[16] = { NULL, };
  int changed[16];
  guint n_changed = 0;
  guint32 mask = 0;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  gboolean ok = FALSE;
  gint64 id = 0;
  int rc;

  g_assert (n_fields <= G_N_ELEMENTS (old_values));
  imp->upsert_written = 0;

  if (!(flags & UPSERT_NEW))
    {
      if (!(stmt = upsert_stmt (imp, STMT_SELECT, table, keys, n_keys, fields, n_fields, 0, error)))
        return FALSE;

      for (guint i = 0; i < n_keys; i++)
        sqlite3_bind_text (stmt, i + 1, keys[i].value, -1, SQLITE_STATIC);

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          bd_store_set_sql_error (imp->store, error, _("reading"));
          sqlite3_reset (stmt);
          return FALSE;
        }
      found = (rc == SQLITE_ROW);
    }

  if (adjust != NULL)
    adjust (found ? stmt : NULL, fields, adjust_data);

  if (found)
    {
      id = sqlite3_column_int64 (stmt, 0);
      uuid = g_strdup ((const char *)sqlite3_column_text (stmt, 1));

      for (guint i = 0; i < n_fields; i++)
        {
          const char *old = (const char *)sqlite3_column_text (stmt, i + 2);

          if (!fields[i].given || g_strcmp0 (old, fields[i].value) == 0)
            continue;

          old_values[i] = g_strdup (old);
          changed[n_changed++] = i;
          mask |= 1u << i;
        }
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);

  if (found && n_changed == 0)
    {
      *id_out = id;
      *result = UPSERT_UNCHANGED;
      return TRUE;
    }

  if (found)
    {
      g_autofree char *old_json = NULL;
      g_autofree char *new_json = NULL;
      g_autoptr(GString) field_names = g_string_new (NULL);
      int n = 1;

      if (!(stmt = upsert_stmt (imp, STMT_UPDATE, table, keys, n_keys, fields, n_fields, mask, error)))
        goto out;

      for (guint i = 0; i < n_changed; i++)
        {
          bind_value (stmt, n++, fields[changed[i]].value);
          g_string_append_printf (field_names, "%s%s", i ? "," : "", fields[changed[i]].column);
        }
      sqlite3_bind_text (stmt, n++, imp->now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, n++, id);

      if (!bd_store_step_done (imp->store, stmt, error))
        goto out;

      old_json = json_of_fields (fields, n_fields, changed, n_changed, old_values);
      new_json = json_of_fields (fields, n_fields, changed, n_changed, NULL);
      if (!bd_store_add_event (imp->store, imp->batch, "import-update", table, uuid,
                               is_line ? id : 0, field_names->str, old_json, new_json, error))
        goto out;

      *result = UPSERT_UPDATED;
    }
  else
    {
      int n = 1;

      for (guint i = 0; i < n_fields; i++)
        if (fields[i].given)
          mask |= 1u << i;

      if (!(stmt = upsert_stmt (imp, STMT_INSERT, table, keys, n_keys, fields, n_fields, mask, error)))
        goto out;

      uuid = bd_store_new_uuid (imp->store);
      sqlite3_bind_text (stmt, n++, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, n++, imp->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, n++, imp->now, -1, SQLITE_STATIC);
      for (guint i = 0; i < n_keys; i++)
        bind_value (stmt, n++, keys[i].value);
      for (guint i = 0; i < n_fields; i++)
        if (fields[i].given)
          bind_value (stmt, n++, fields[i].value);

      if (!bd_store_step_done (imp->store, stmt, error))
        goto out;

      /* No event per created row: the import's own event counts them, and
       * each row's created_at says when. Events are for what changed. */
      id = sqlite3_last_insert_rowid (bd_store_get_db (imp->store));
      *result = UPSERT_CREATED;
    }

  *id_out = id;
  imp->upsert_written = mask;
  ok = TRUE;

out:
  for (guint i = 0; i < n_fields; i++)
    g_free (old_values[i]);
  return ok;
}

static void
count_result (Import       *imp,
              UpsertResult  result)
{
  switch (result)
    {
    case UPSERT_CREATED: imp->report->created++; break;
    case UPSERT_UPDATED: imp->report->updated++; break;
    case UPSERT_UNCHANGED: imp->report->unchanged++; break;
    default: g_assert_not_reached ();
    }
}

/* Returns FALSE (with a problem) when @key was already on an earlier line. */
static gboolean
check_unique (Import     *imp,
              int         spec,
              const char *key,
              const char *what)
{
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (imp->seen, key));

  if (line != 0)
    {
      add_problem (imp, spec, _("%s “%s” is already on line %u of this file"), what, key, line);
      return FALSE;
    }

  g_hash_table_insert (imp->seen, g_strdup (key),
                       GUINT_TO_POINTER (bd_csv_reader_get_line (imp->reader)));
  return TRUE;
}

static gboolean
lookup_id (Import      *imp,
           const char  *sql,
           const char  *key,
           gint64      *id,
           GError     **error)
{
  sqlite3_stmt *stmt = import_stmt (imp, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (imp->store, error, _("reading"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
import_supplier_row (Import  *imp,
                     GError **error)
{
  const char *ref = require (imp, SUP_REF, _("a supplier reference"));
  const char *name = require (imp, SUP_NAME, _("a supplier name"));
  gboolean ok = TRUE;
  g_autofree char *lead = optional_int (imp, SUP_LEAD, 0, 3650, &ok);
  const char *email = col_given (imp, SUP_EMAIL);
  const char *phone = col_given (imp, SUP_PHONE);
  Field key = { "ref", ref, TRUE };
  Field fields[] = {
    { "name", name, TRUE },
    { "email", email, email != NULL },
    { "phone", phone, phone != NULL },
    { "lead_time_days", lead, lead != NULL },
  };
  UpsertResult result;
  gint64 id;

  if (ref == NULL || name == NULL || !ok)
    return TRUE;
  if (!check_unique (imp, SUP_REF, ref, _("Supplier")) || !imp->writing)
    return TRUE;

  if (!upsert (imp, "suppliers", &key, 1, fields, G_N_ELEMENTS (fields), FALSE,
               NULL, NULL, &id, &result, error))
    return FALSE;

  count_result (imp, result);
  return TRUE;
}

/* Makes @link_id the one preferred supplier of @product_id: its other
 * preferred links are unset, each with its event. Returns how many, or -1
 * on error. */
static int
unset_other_preferred (Import  *imp,
                       gint64   product_id,
                       gint64   link_id,
                       GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = import_stmt (imp, "SELECT id, uuid FROM product_suppliers"
                           " WHERE product_id = ? AND id <> ? AND preferred = 1", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, link_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (uuids, bd_stmt_dup_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (imp->store, error, _("reading"));
      return -1;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      stmt = import_stmt (imp, "UPDATE product_suppliers SET preferred = 0, updated_at = ?, dirty = 1"
                               " WHERE id = ?", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_text (stmt, 1, imp->now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!bd_store_step_done (imp->store, stmt, error) ||
          !bd_store_add_event (imp->store, imp->batch, "import-update", "product_suppliers",
                               g_ptr_array_index (uuids, i), 0, "preferred",
                               "{\"preferred\":\"1\"}", "{\"preferred\":\"0\"}", error))
        return -1;
    }

  return ids->len;
}

enum { PF_NAME, PF_SORT_NAME, PF_ON_HAND, PF_REORDER, PF_SAFETY, PF_PACK, PF_LEVELS_SET, N_PF };

/* reorder_point and safety_stock set in the desk are desk work, which a
 * later products.csv does not overwrite (on_hand is the shop's count and
 * is). */
static void
keep_desk_levels_cb (sqlite3_stmt *old,
                     Field        *fields,
                     gpointer      data)
{
  Import *imp = data;
  gboolean kept = FALSE;

  if (old == NULL || sqlite3_column_int (old, 2 + PF_LEVELS_SET) == 0)
    return;

  for (guint i = PF_REORDER; i <= PF_SAFETY; i++)
    if (fields[i].given)
      {
        kept |= g_strcmp0 ((const char *)sqlite3_column_text (old, 2 + i), fields[i].value) != 0;
        fields[i].given = FALSE;
      }

  if (kept)
    imp->levels_kept++;
}

/* What products.csv's supplier_ref, unit_cost and lead_time_days may do
 * to the link of the product and that supplier: nothing once
 * product_suppliers.csv or the desk set that link; and the supplier they
 * name is the product's preferred one unless one of those chose another. */
static gboolean
shorthand_link_state (Import    *imp,
                      gint64     product_id,
                      gint64     supplier_id,
                      gboolean  *set_as_link,
                      gboolean  *other_chosen,
                      GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = import_stmt (imp, "SELECT set_as_link FROM product_suppliers"
                           " WHERE product_id = ? AND supplier_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, supplier_id);
  rc = sqlite3_step (stmt);
  *set_as_link = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    goto fail;

  stmt = import_stmt (imp, "SELECT 1 FROM product_suppliers WHERE product_id = ? AND supplier_id <> ?"
                           " AND preferred = 1 AND set_as_link = 1 AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, supplier_id);
  rc = sqlite3_step (stmt);
  *other_chosen = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    goto fail;

  return TRUE;

fail:
  bd_store_set_sql_error (imp->store, error, _("reading"));
  return FALSE;
}

static gboolean
import_product_row (Import  *imp,
                    GError **error)
{
  const char *sku = require (imp, PRO_SKU, _("an SKU"));
  const char *name = require (imp, PRO_NAME, _("a product name"));
  const char *supplier_ref = col_given (imp, PRO_SUPPLIER);
  gboolean ok = TRUE;
  g_autofree char *on_hand = optional_int (imp, PRO_ON_HAND, -1000000000, 1000000000, &ok);
  g_autofree char *reorder = optional_int (imp, PRO_REORDER, 0, G_MAXINT32, &ok);
  g_autofree char *safety = optional_int (imp, PRO_SAFETY, 0, G_MAXINT32, &ok);
  g_autofree char *pack = optional_int (imp, PRO_PACK, 1, G_MAXINT32, &ok);
  g_autofree char *cost = optional_money (imp, PRO_COST, imp->default_currency, &ok);
  g_autofree char *lead = optional_int (imp, PRO_LEAD, 0, 3650, &ok);
  g_autofree char *product_id = NULL;
  g_autofree char *supplier_id_text = NULL;
  Field key = { "sku", sku, TRUE };
  g_autofree char *sort_name = bd_sort_key (name);
  Field fields[N_PF] = {
    [PF_NAME] = { "name", name, TRUE },
    [PF_SORT_NAME] = { "sort_name", sort_name, TRUE },
    [PF_ON_HAND] = { "on_hand", on_hand, on_hand != NULL },
    [PF_REORDER] = { "reorder_point", reorder, reorder != NULL },
    [PF_SAFETY] = { "safety_stock", safety, safety != NULL },
    [PF_PACK] = { "pack_size", pack, pack != NULL },
    /* read for keep_desk_levels_cb(), never written */
    [PF_LEVELS_SET] = { "levels_set_in_desk", NULL, FALSE },
  };
  UpsertResult result;
  gboolean on_hand_written;
  gint64 supplier_id = 0;
  gint64 id;

  if (supplier_ref != NULL)
    {
      if (!lookup_id (imp, "SELECT id FROM suppliers WHERE ref = ? AND deleted = 0",
                      supplier_ref, &supplier_id, error))
        return FALSE;
      if (supplier_id == 0)
        {
          add_problem (imp, PRO_SUPPLIER,
                       _("there is no supplier “%s”: import suppliers.csv first, or correct the reference"),
                       supplier_ref);
          ok = FALSE;
        }
    }
  else if (cost != NULL || lead != NULL)
    {
      add_problem (imp, PRO_SUPPLIER,
                   _("unit_cost and lead_time_days belong to a supplier: expected a supplier_ref"));
      ok = FALSE;
    }

  if (sku == NULL || name == NULL || !ok)
    return TRUE;
  if (!check_unique (imp, PRO_SKU, sku, _("SKU")) || !imp->writing)
    return TRUE;

  if (!upsert (imp, "products", &key, 1, fields, N_PF, FALSE,
               keep_desk_levels_cb, imp, &id, &result, error))
    return FALSE;
  on_hand_written = (imp->upsert_written & (1u << PF_ON_HAND)) != 0;

  if (supplier_id != 0)
    {
      gboolean set_as_link = FALSE;
      gboolean other_chosen = FALSE;

      /* a new product has no links yet */
      if (result != UPSERT_CREATED &&
          !shorthand_link_state (imp, id, supplier_id, &set_as_link, &other_chosen, error))
        return FALSE;

      if (!set_as_link)
        {
          Field link_keys[2];
          Field link_fields[] = {
            { "unit_cost", cost, cost != NULL },
            { "currency", imp->default_currency, cost != NULL },
            { "lead_time_days", lead, lead != NULL },
            { "preferred", "1", !other_chosen },
            { "deleted", "0", TRUE },
          };
          UpsertResult link_result;
          gint64 link_id;
          int n_unset = 0;

          product_id = int_text (id);
          supplier_id_text = int_text (supplier_id);
          link_keys[0] = (Field) { "product_id", product_id, TRUE };
          link_keys[1] = (Field) { "supplier_id", supplier_id_text, TRUE };

          if (!upsert (imp, "product_suppliers", link_keys, 2, link_fields, G_N_ELEMENTS (link_fields),
                       FALSE, NULL, NULL, &link_id, &link_result, error))
            return FALSE;

          /* the supplier products.csv names is the preferred one */
          if (!other_chosen && result != UPSERT_CREATED &&
              (n_unset = unset_other_preferred (imp, id, link_id, error)) < 0)
            return FALSE;

          if ((link_result != UPSERT_UNCHANGED || n_unset > 0) && result == UPSERT_UNCHANGED)
            result = UPSERT_UPDATED;
        }
    }

  /* the day's on-hand snapshot, valued at the cost the link now has */
  if (on_hand_written &&
      !bd_on_hand_snapshot_write (imp->store, id, imp->today, imp->now, NULL, NULL, error))
    return FALSE;

  count_result (imp, result);
  return TRUE;
}

/* One row of product_alternatives.csv: @alternative_sku may replace @sku.
 * Both products must be known; a pair already stored is left as it is. */
static gboolean
import_product_alternative_row (Import  *imp,
                                GError **error)
{
  const char *sku = require (imp, ALT_SKU, _("an SKU"));
  const char *alternative = require (imp, ALT_ALTERNATIVE, _("the SKU of the alternative"));
  g_autofree char *pair = NULL;
  gint64 product_id = 0, alternative_id = 0;
  IntText product_text, alternative_text;
  UpsertResult result;
  gint64 id;

  if (sku == NULL || alternative == NULL)
    return TRUE;
  if (g_strcmp0 (sku, alternative) == 0)
    {
      add_problem (imp, ALT_ALTERNATIVE, _("a product is no alternative to itself"));
      return TRUE;
    }
  pair = g_strconcat (sku, " → ", alternative, NULL);
  if (!check_unique (imp, ALT_ALTERNATIVE, pair, _("the pair")))
    return TRUE;

  if (!lookup_id (imp, "SELECT id FROM products WHERE sku = ? AND deleted = 0", sku, &product_id, error) ||
      !lookup_id (imp, "SELECT id FROM products WHERE sku = ? AND deleted = 0", alternative, &alternative_id, error))
    return FALSE;
  if (product_id == 0)
    add_problem (imp, ALT_SKU, _("there is no product “%s”: import it with products.csv first"), sku);
  if (alternative_id == 0)
    add_problem (imp, ALT_ALTERNATIVE, _("there is no product “%s”: import it with products.csv first"), alternative);
  if (product_id == 0 || alternative_id == 0 || !imp->writing)
    return TRUE;

  {
    Field keys[2];
    Field fields[1] = { { "deleted", "0", TRUE } };

    keys[0] = (Field) { "product_id", format_int (product_text, product_id), TRUE };
    keys[1] = (Field) { "alternative_id", format_int (alternative_text, alternative_id), TRUE };
    if (!upsert (imp, "product_alternatives", keys, 2, fields, 1, 0, NULL, NULL, &id, &result, error))
      return FALSE;
  }

  count_result (imp, result);
  return TRUE;
}

/* One row of product_suppliers.csv: the terms of one supplier for one
 * product. For the links it names it wins over products.csv's shorthand,
 * which leaves them alone from then on (set_as_link). */
static gboolean
import_product_supplier_row (Import  *imp,
                             GError **error)
{
  const char *sku = require (imp, PS_SKU, _("an SKU"));
  const char *supplier_ref = require (imp, PS_SUPPLIER, _("a supplier reference"));
  const char *currency = col_given (imp, PS_CURRENCY);
  const char *preferred_text = col_given (imp, PS_PREFERRED);
  const char *expected;
  gboolean ok = TRUE;
  gboolean preferred = FALSE;
  g_autofree char *cost = NULL;
  g_autofree char *lead = optional_int (imp, PS_LEAD, 0, 3650, &ok);
  g_autofree char *moq = optional_int (imp, PS_MOQ, 0, G_MAXINT32, &ok);
  g_autofree char *pack = optional_int (imp, PS_PACK, 1, G_MAXINT32, &ok);
  g_autofree char *pair = NULL;
  IntText product_text, supplier_text;
  gint64 product_id = 0, supplier_id = 0;
  guint line;

  if (currency != NULL && bd_currency_exponent (currency) < 0)
    {
      add_expected (imp, PS_CURRENCY, N_("a three-letter ISO 4217 currency code like EUR"), currency);
      ok = FALSE;
    }
  else
    {
      cost = optional_money (imp, PS_COST, currency ? currency : imp->default_currency, &ok);
      /* a currency alone would change what a stored cost means */
      if (currency != NULL && cost == NULL && col_given (imp, PS_COST) == NULL)
        {
          add_problem (imp, PS_CURRENCY, _("a currency belongs to a unit cost: expected a unit_cost "
                                           "in this row too"));
          ok = FALSE;
        }
    }

  if (preferred_text != NULL && !bd_parse_bool (preferred_text, &preferred, &expected))
    {
      add_expected (imp, PS_PREFERRED, expected, preferred_text);
      ok = FALSE;
    }

  if (sku != NULL)
    {
      if (!lookup_id (imp, "SELECT id FROM products WHERE sku = ? AND deleted = 0", sku, &product_id, error))
        return FALSE;
      if (product_id == 0)
        {
          add_problem (imp, PS_SKU, _("there is no product “%s”: import products.csv first, or correct "
                                      "the SKU"), sku);
          ok = FALSE;
        }
    }
  if (supplier_ref != NULL)
    {
      gint64 archived_id = 0;

      if (!lookup_id (imp, "SELECT id FROM suppliers WHERE ref = ? AND deleted = 0",
                      supplier_ref, &supplier_id, error))
        return FALSE;
      if (supplier_id == 0)
        {
          add_problem (imp, PS_SUPPLIER, _("there is no supplier “%s”: import suppliers.csv first, or "
                                           "correct the reference"), supplier_ref);
          ok = FALSE;
        }
      else if (preferred &&
               !lookup_id (imp, "SELECT id FROM suppliers WHERE ref = ? AND archived = 1",
                           supplier_ref, &archived_id, error))
        return FALSE;
      if (archived_id != 0)
        {
          add_problem (imp, PS_PREFERRED, _("supplier “%s” is archived: it cannot be a product’s preferred "
                                            "supplier"), supplier_ref);
          ok = FALSE;
        }
    }

  if (!ok || product_id == 0 || supplier_id == 0)
    return TRUE;

  pair = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, product_id, supplier_id);
  line = GPOINTER_TO_UINT (g_hash_table_lookup (imp->seen, pair));
  if (line != 0)
    {
      add_problem (imp, PS_SUPPLIER, _("SKU “%s” with supplier “%s” is already on line %u of this file"),
                   sku, supplier_ref, line);
      return TRUE;
    }
  g_hash_table_insert (imp->seen, g_steal_pointer (&pair), GUINT_TO_POINTER (bd_csv_reader_get_line (imp->reader)));

  if (preferred)
    {
      line = GPOINTER_TO_UINT (g_hash_table_lookup (imp->preferred, sku));
      if (line != 0)
        {
          add_problem (imp, PS_PREFERRED, _("SKU “%s” has its preferred supplier on line %u already: a "
                                            "product has one preferred supplier at most"), sku, line);
          return TRUE;
        }
      g_hash_table_insert (imp->preferred, g_strdup (sku), GUINT_TO_POINTER (bd_csv_reader_get_line (imp->reader)));
    }

  if (!imp->writing)
    return TRUE;

  {
    Field keys[2];
    Field fields[] = {
      { "unit_cost", cost, cost != NULL },
      { "currency", currency ? currency : imp->default_currency, cost != NULL },
      { "lead_time_days", lead, lead != NULL },
      { "moq", moq, moq != NULL },
      { "pack_size", pack, pack != NULL },
      { "preferred", preferred ? "1" : "0", preferred_text != NULL },
      { "set_as_link", "1", TRUE },
      /* the file names it: a link removed before is back */
      { "deleted", "0", TRUE },
    };
    UpsertResult result;
    gint64 link_id;
    int n_unset = 0;

    keys[0] = (Field) { "product_id", format_int (product_text, product_id), TRUE };
    keys[1] = (Field) { "supplier_id", format_int (supplier_text, supplier_id), TRUE };

    if (!upsert (imp, "product_suppliers", keys, 2, fields, G_N_ELEMENTS (fields), 0,
                 NULL, NULL, &link_id, &result, error))
      return FALSE;

    if (preferred && (n_unset = unset_other_preferred (imp, product_id, link_id, error)) < 0)
      return FALSE;
    if (n_unset > 0 && result == UPSERT_UNCHANGED)
      result = UPSERT_UPDATED;

    count_result (imp, result);
  }

  return TRUE;
}

static void
keep_stored_name_cb (sqlite3_stmt *old,
                     Field        *fields,
                     gpointer      data)
{
  /* orders.csv names a product only to create it; products.csv owns it. */
  if (old != NULL)
    fields[0].given = fields[1].given = FALSE;
}

/* What a row of orders.csv says, checked; its texts live as long as the
 * row. */
typedef struct
{
  const char *order_ref;
  const char *customer_ref;
  const char *sku;
  const char *currency;
  char *ordered_at;
  char *promised_at;
  char *shipped_at;
  char *cancelled_at;
  char *price;
  const char *ship_complete;  /* "1", "0", or NULL when the row does not say */
  char *customer_phone;
  char *customer_language;    /* ISO 639-1, lower case */
  const char *sms_consent;    /* "1", "0", or NULL */
  gint64 quantity;
  gint64 backordered;
} OrderRow;

static void
order_row_clear (OrderRow *row)
{
  g_free (row->ordered_at);
  g_free (row->promised_at);
  g_free (row->shipped_at);
  g_free (row->cancelled_at);
  g_free (row->price);
  g_free (row->customer_phone);
  g_free (row->customer_language);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrderRow, order_row_clear)

/* The fields of a customer from orders.csv, in the order of the upsert. */
enum { CUS_NAME, CUS_SORT_NAME, CUS_EMAIL, CUS_PHONE, CUS_LANGUAGE, CUS_SMS, CUS_WITHDRAWN, N_CUS };

/* Whether an agent changed @field of the customer @uuid in the desk
 * (bd_customers_set_contact() writes an "edit" event each): the events by
 * entity (schema step 7) find it without a column of its own. */
static gboolean
customer_edited_in_desk (Import      *imp,
                         const char  *uuid,
                         const char  *field)
{
  sqlite3_stmt *stmt = bd_store_cached (imp->store,
                                        "SELECT 1 FROM events WHERE entity_uuid = ?1 AND entity = 'customer'"
                                        " AND action = 'edit' AND field = ?2 AND deleted = 0 LIMIT 1", NULL);
  gboolean edited;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  edited = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return edited;
}

/* A new customer always gets a name: the reference if the file has none.
 * What an agent set in the desk is the customer's own word, which a later
 * file does not overwrite: consent to texts withdrawn, and an email, phone
 * or language edited (looked up only when the file differs from the
 * store, so that a nightly file of the same customers costs nothing). */
static void
customer_name_required_cb (sqlite3_stmt *old,
                           Field        *fields,
                           gpointer      data)
{
  Import *imp = data;
  const char *uuid;
  static const guint contact[] = { CUS_EMAIL, CUS_PHONE, CUS_LANGUAGE };

  if (old == NULL)
    {
      fields[CUS_NAME].given = fields[CUS_SORT_NAME].given = TRUE;
      return;
    }

  if (sqlite3_column_int (old, 2 + CUS_WITHDRAWN))
    fields[CUS_SMS].given = FALSE;

  uuid = (const char *)sqlite3_column_text (old, 1);
  for (guint i = 0; i < G_N_ELEMENTS (contact); i++)
    {
      Field *field = &fields[contact[i]];

      if (field->given &&
          g_strcmp0 ((const char *)sqlite3_column_text (old, 2 + contact[i]), field->value) != 0 &&
          customer_edited_in_desk (imp, uuid, field->column))
        field->given = FALSE;
    }
}

static gboolean
customer_id_for_row (Import          *imp,
                     const OrderRow  *row,
                     gint64          *id,
                     GError         **error)
{
  const char *ref = col_given (imp, ORD_CUSTOMER);
  const char *name;
  const char *email;
  g_autofree char *sort_name = NULL;
  gint64 *cached;
  gpointer stored_ref;
  Field key = { "ref", ref, TRUE };
  UpsertResult result;

  /* the lines of an order follow each other: most lines have the customer
   * of the line before, and a lookup in a big table misses the CPU's cache */
  if (imp->last_customer_ref != NULL && strcmp (ref, imp->last_customer_ref) == 0)
    {
      *id = imp->last_customer_id;
      return TRUE;
    }

  if (g_hash_table_lookup_extended (imp->customer_ids, ref, &stored_ref, (gpointer *)&cached))
    {
      imp->last_customer_ref = stored_ref;
      imp->last_customer_id = *id = *cached;
      return TRUE;
    }

  name = col_given (imp, ORD_CUSTOMER_NAME);
  email = col_given (imp, ORD_CUSTOMER_EMAIL);
  sort_name = bd_sort_key (name ? name : ref);

  {
    Field fields[N_CUS] = {
      [CUS_NAME] = { "name", name ? name : ref, name != NULL },
      [CUS_SORT_NAME] = { "sort_name", sort_name, name != NULL },
      [CUS_EMAIL] = { "email", email, email != NULL },
      [CUS_PHONE] = { "phone", row->customer_phone, row->customer_phone != NULL },
      [CUS_LANGUAGE] = { "language", row->customer_language, row->customer_language != NULL },
      [CUS_SMS] = { "sms_consent", row->sms_consent, row->sms_consent != NULL },
      [CUS_WITHDRAWN] = { "consent_withdrawn_in_desk", NULL, FALSE },
    };

    /* into a store without customers every customer is new */
    if (!upsert (imp, "customers", &key, 1, fields, G_N_ELEMENTS (fields),
                 imp->marks.customers == 0 ? UPSERT_NEW : 0,
                 customer_name_required_cb, imp, id, &result, error))
      return FALSE;
  }

  stored_ref = g_strdup (ref);
  g_hash_table_insert (imp->customer_ids, stored_ref, g_memdup2 (id, sizeof *id));
  imp->last_customer_ref = stored_ref;
  imp->last_customer_id = *id;
  return TRUE;
}

static gboolean
product_id_for_row (Import   *imp,
                    gint64   *id,
                    GError  **error)
{
  const char *sku = col_given (imp, ORD_SKU);
  const char *name;
  g_autofree char *sort_name = NULL;
  gint64 *cached = g_hash_table_lookup (imp->product_ids, sku);
  Field key = { "sku", sku, TRUE };
  UpsertResult result;

  if (cached != NULL)
    {
      *id = *cached;
      return TRUE;
    }

  name = col_given (imp, ORD_PRODUCT_NAME);
  sort_name = bd_sort_key (name ? name : sku);

  {
    Field fields[] = { { "name", name ? name : sku, TRUE }, { "sort_name", sort_name, TRUE } };

    if (!upsert (imp, "products", &key, 1, fields, G_N_ELEMENTS (fields), FALSE,
                 keep_stored_name_cb, NULL, id, &result, error))
      return FALSE;
  }

  g_hash_table_insert (imp->product_ids, g_strdup (sku), g_memdup2 (id, sizeof *id));
  return TRUE;
}

enum { L_CUSTOMER, L_ORDERED, L_QTY, L_BO, L_PRICE, L_STATUS, L_PROMISED, L_SHIPPED,
       L_CANCELLED, N_L };

/* The status rules of a re-import (see the comment at the top). */
static void
adjust_line_cb (sqlite3_stmt *old,
                Field        *fields,
                gpointer      data)
{
  const char *old_status = old ? (const char *)sqlite3_column_text (old, 2 + L_STATUS) : NULL;
  gboolean backorder = g_strcmp0 (fields[L_BO].value, "0") != 0;
  const char *from_file;

  if (fields[L_SHIPPED].value != NULL)
    from_file = "shipped";
  else if (fields[L_CANCELLED].value != NULL)
    from_file = "cancelled";
  else
    from_file = NULL;

  fields[L_STATUS].given = FALSE;
  fields[L_STATUS].value = NULL;

  if (old_status == NULL)
    {
      if (backorder)
        {
          fields[L_STATUS].value = from_file ? from_file : "waiting";
          fields[L_STATUS].given = TRUE;
        }
    }
  else if (from_file != NULL && g_strcmp0 (old_status, from_file) != 0)
    {
      fields[L_STATUS].value = from_file;
      fields[L_STATUS].given = TRUE;
    }
}

/* Reads and checks the fields of an order line, adding a problem for each
 * bad one. Returns whether the row can be written. */
static gboolean
parse_order_row (Import   *imp,
                 OrderRow *row)
{
  const char *ordered_text = col_given (imp, ORD_AT);
  const char *qty_text = col_given (imp, ORD_QTY);
  const char *bo_text = col_given (imp, ORD_BO);
  const char *expected;
  g_autofree char *int_problem = NULL;
  gboolean ok = TRUE;

  row->order_ref = require (imp, ORD_REF, _("an order reference"));
  row->customer_ref = require (imp, ORD_CUSTOMER, _("a customer reference"));
  row->sku = require (imp, ORD_SKU, _("an SKU"));
  row->currency = col_given (imp, ORD_CURRENCY);
  row->promised_at = optional_date (imp, ORD_PROMISED, &ok);
  row->shipped_at = optional_date (imp, ORD_SHIPPED, &ok);
  row->cancelled_at = optional_date (imp, ORD_CANCELLED, &ok);

  if (ordered_text == NULL)
    {
      add_problem (imp, ORD_AT, _("expected the date of the order, found nothing"));
      ok = FALSE;
    }
  else if (!bd_parse_date (ordered_text, &row->ordered_at, &expected))
    {
      add_expected (imp, ORD_AT, expected, ordered_text);
      ok = FALSE;
    }

  if (qty_text == NULL)
    {
      add_problem (imp, ORD_QTY, _("expected the quantity ordered, found nothing"));
      ok = FALSE;
    }
  else if (!bd_parse_int (qty_text, 1, G_MAXINT32, &row->quantity, &int_problem))
    {
      add_problem (imp, ORD_QTY, _("expected %s, found “%s”"), int_problem, qty_text);
      g_clear_pointer (&int_problem, g_free);
      ok = FALSE;
    }

  /* the quantity is the upper bound when it is known */
  if (bo_text != NULL &&
      !bd_parse_int (bo_text, 0, row->quantity > 0 ? row->quantity : G_MAXINT32,
                     &row->backordered, &int_problem))
    {
      add_problem (imp, ORD_BO, _("expected %s, found “%s”"), int_problem, bo_text);
      g_clear_pointer (&int_problem, g_free);
      ok = FALSE;
    }

  if (row->currency == NULL)
    row->currency = imp->default_currency;
  else if (bd_currency_exponent (row->currency) < 0)
    {
      add_expected (imp, ORD_CURRENCY, N_("a three-letter ISO 4217 currency code like EUR"),
                    row->currency);
      row->currency = imp->default_currency;
      ok = FALSE;
    }
  row->price = optional_money (imp, ORD_PRICE, row->currency, &ok);

  /* how to reach the customer: a phone number a text can go to, a
   * language ("de", "de_AT", "de-AT" are German), consent to texts */
  if (col_given (imp, ORD_CUSTOMER_PHONE) != NULL)
    {
      const char *phone = col_given (imp, ORD_CUSTOMER_PHONE);
      g_autofree char *normalized = bd_sms_normalize_phone (phone);

      if (normalized == NULL)
        {
          add_expected (imp, ORD_CUSTOMER_PHONE, N_("a phone number like +49 30 1234567"), phone);
          ok = FALSE;
        }
      else
        row->customer_phone = g_strdup (phone);
    }
  if (col_given (imp, ORD_CUSTOMER_LANGUAGE) != NULL)
    {
      const char *language = col_given (imp, ORD_CUSTOMER_LANGUAGE);

      if (g_ascii_isalpha (language[0]) && g_ascii_isalpha (language[1]) &&
          (language[2] == '\0' || language[2] == '_' || language[2] == '-'))
        row->customer_language = g_ascii_strdown (language, 2);
      else
        {
          add_expected (imp, ORD_CUSTOMER_LANGUAGE, N_("a two-letter ISO 639-1 language code like de"), language);
          ok = FALSE;
        }
    }
  if (col_given (imp, ORD_CUSTOMER_SMS) != NULL)
    {
      const char *consent_text = col_given (imp, ORD_CUSTOMER_SMS);
      gboolean consent;

      if (bd_parse_bool (consent_text, &consent, &expected))
        row->sms_consent = consent ? "1" : "0";
      else
        {
          add_expected (imp, ORD_CUSTOMER_SMS, expected, consent_text);
          ok = FALSE;
        }
    }

  if (col_given (imp, ORD_SHIP_COMPLETE) != NULL)
    {
      const char *ship_text = col_given (imp, ORD_SHIP_COMPLETE);
      gboolean whole;

      if (bd_parse_bool (ship_text, &whole, &expected))
        row->ship_complete = whole ? "1" : "0";
      else
        {
          add_expected (imp, ORD_SHIP_COMPLETE, expected, ship_text);
          ok = FALSE;
        }
    }

  if (row->shipped_at != NULL && row->cancelled_at != NULL)
    {
      add_problem (imp, ORD_CANCELLED, _("a line cannot be both shipped and cancelled: "
                                         "expected shipped_at or cancelled_at, not both"));
      ok = FALSE;
    }

  return ok && row->order_ref != NULL && row->customer_ref != NULL && row->sku != NULL;
}

/* ship_complete given first by a later line of an order: the order's row,
 * already written, gets it (by id: during a first import the orders have
 * no index on their reference). */
static gboolean
set_ship_complete (Import      *imp,
                   OrderSeen   *order,
                   const char  *order_ref,
                   GError     **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *old_value = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = import_stmt (imp, "SELECT uuid, ship_complete FROM orders WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      uuid = bd_stmt_dup_text (stmt, 0);
      old_value = bd_stmt_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      bd_store_set_sql_error (imp->store, error, _("reading"));
      return FALSE;
    }

  if (g_strcmp0 (old_value, order->ship_complete) == 0)
    return TRUE;

  stmt = import_stmt (imp, "UPDATE orders SET ship_complete = ?, updated_at = ?, dirty = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, g_str_equal (order->ship_complete, "1"));
  sqlite3_bind_text (stmt, 2, imp->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, order->id);
  if (!bd_store_step_done (imp->store, stmt, error))
    return FALSE;

  /* a row this import made is no change to log */
  if (order->created)
    return TRUE;

  {
    g_autofree char *old_json = g_strdup_printf ("{\"ship_complete\":\"%s\"}", old_value);
    g_autofree char *new_json = g_strdup_printf ("{\"ship_complete\":\"%s\"}", order->ship_complete);

    return bd_store_add_event (imp->store, imp->batch, "import-update", "orders", uuid, 0,
                               "ship_complete", old_json, new_json, error);
  }
}

/* The order a row belongs to: one seen before in this file, whose
 * customer, date and currency the row must repeat, or a new one, written
 * to the store. Returns FALSE with @error when the store fails; *@order is
 * NULL when the row has a problem. */
static gboolean
order_for_row (Import          *imp,
               const OrderRow  *row,
               gint64           customer_id,
               gint64           product_id,
               OrderSeen      **order_out,
               GError         **error)
{
  OrderSeen *order = g_hash_table_lookup (imp->orders, row->order_ref);
  Field key = { "ref", row->order_ref, TRUE };
  Field fields[4];
  IntText customer_id_text;
  UpsertResult order_result;

  *order_out = NULL;

  if (order != NULL)
    {
      if (order->customer_id != customer_id)
        add_problem (imp, ORD_CUSTOMER, _("order “%s” has another customer on line %u"),
                     row->order_ref, order->line);
      else if (g_strcmp0 (order->ordered_at, row->ordered_at) != 0)
        add_problem (imp, ORD_AT, _("order “%s” has another date on line %u"),
                     row->order_ref, order->line);
      else if (g_strcmp0 (order->currency, row->currency) != 0)
        add_problem (imp, ORD_CURRENCY, _("order “%s” has another currency on line %u"),
                     row->order_ref, order->line);
      else if (row->ship_complete != NULL && order->ship_complete != NULL &&
               g_strcmp0 (order->ship_complete, row->ship_complete) != 0)
        add_problem (imp, ORD_SHIP_COMPLETE, _("order “%s” has another ship_complete on line %u"),
                     row->order_ref, order->ship_complete_line);
      else if (row->ship_complete != NULL && order->ship_complete == NULL)
        {
          /* the first of its lines that says */
          order->ship_complete = row->ship_complete;
          order->ship_complete_line = bd_csv_reader_get_line (imp->reader);
          if (imp->writing && !set_ship_complete (imp, order, row->order_ref, error))
            return FALSE;
        }

      for (guint i = 0; i < order->lines->len; i++)
        {
          LineSeen *other = &g_array_index (order->lines, LineSeen, i);

          if (other->product_id == product_id)
            {
              add_problem (imp, ORD_SKU, _("order “%s” has SKU “%s” already on line %u of this file"),
                           row->order_ref, row->sku, other->line);
              return TRUE;
            }
        }

      *order_out = order;
      return TRUE;
    }

  fields[0] = (Field) { "customer_id", format_int (customer_id_text, customer_id), TRUE };
  fields[1] = (Field) { "ordered_at", row->ordered_at, TRUE };
  fields[2] = (Field) { "currency", row->currency, TRUE };
  fields[3] = (Field) { "ship_complete", row->ship_complete, row->ship_complete != NULL };

  order = g_new0 (OrderSeen, 1);
  order->line = bd_csv_reader_get_line (imp->reader);
  order->ship_complete = row->ship_complete;
  order->ship_complete_line = order->line;
  order->customer_id = customer_id;
  order->ordered_at = g_string_chunk_insert (imp->strings, row->ordered_at);
  order->currency = g_string_chunk_insert_const (imp->strings, row->currency);
  order->lines = g_array_sized_new (FALSE, FALSE, sizeof (LineSeen), 2);
  g_hash_table_insert (imp->orders, g_string_chunk_insert (imp->strings, row->order_ref), order);

  if (imp->writing &&
      !upsert (imp, "orders", &key, 1, fields, G_N_ELEMENTS (fields),
               imp->marks.orders == 0 ? UPSERT_NEW : 0,
               NULL, NULL, &order->id, &order_result, error))
    return FALSE;
  order->created = imp->writing && order_result == UPSERT_CREATED;

  *order_out = order;
  return TRUE;
}

static gboolean
write_order_line (Import          *imp,
                  const OrderRow  *row,
                  const OrderSeen *order,
                  gint64           customer_id,
                  gint64           product_id,
                  GError         **error)
{
  Field keys[2];
  Field fields[N_L];
  IntText qty, bo, customer_id_text, order_id_text, product_id_text;
  UpsertResult result;
  gint64 line_id;

  keys[0] = (Field) { "order_id", format_int (order_id_text, order->id), TRUE };
  keys[1] = (Field) { "product_id", format_int (product_id_text, product_id), TRUE };
  fields[L_CUSTOMER] = (Field) { "customer_id", format_int (customer_id_text, customer_id), TRUE };
  fields[L_ORDERED] = (Field) { "ordered_at", row->ordered_at, TRUE };
  fields[L_QTY] = (Field) { "quantity", format_int (qty, row->quantity), TRUE };
  fields[L_BO] = (Field) { "backordered_quantity", format_int (bo, row->backordered), TRUE };
  fields[L_PRICE] = (Field) { "unit_price", row->price, row->price != NULL };
  fields[L_STATUS] = (Field) { "status", NULL, FALSE };
  fields[L_PROMISED] = (Field) { "promised_at", row->promised_at, row->promised_at != NULL };
  fields[L_SHIPPED] = (Field) { "shipped_at", row->shipped_at, row->shipped_at != NULL };
  fields[L_CANCELLED] = (Field) { "cancelled_at", row->cancelled_at, row->cancelled_at != NULL };

  /* the lines of an order this import created are new too, and so is
   * every line of an import into an empty store (the file's own
   * duplicates are found in order_for_row()) */
  if (!upsert (imp, "order_lines", keys, 2, fields, N_L,
               UPSERT_LINE | (order->created || imp->bulk_lines ? UPSERT_NEW : 0),
               adjust_line_cb, NULL, &line_id, &result, error))
    return FALSE;

  count_result (imp, result);
  return TRUE;
}

/* A row of orders.csv: checked, its customer and product found or made,
 * its order found or made, and the line written. */
static gboolean
import_order_row (Import  *imp,
                  GError **error)
{
  g_auto(OrderRow) row = { 0, };
  gint64 customer_id, product_id;
  OrderSeen *order;
  LineSeen seen_line;

  if (!parse_order_row (imp, &row))
    return TRUE;

  if (!customer_id_for_row (imp, &row, &customer_id, error) ||
      !product_id_for_row (imp, &product_id, error) ||
      !order_for_row (imp, &row, customer_id, product_id, &order, error))
    return FALSE;
  if (order == NULL)
    return TRUE;

  seen_line.product_id = product_id;
  seen_line.line = bd_csv_reader_get_line (imp->reader);
  g_array_append_val (order->lines, seen_line);

  if (!imp->writing)
    return TRUE;

  return write_order_line (imp, &row, order, customer_id, product_id, error);
}

/* A row of purchase_orders.csv: one line of a PO from the shop's previous
 * tool. The rows of one PO must agree on its supplier, dates and status;
 * what the store already holds of the PO is checked here too, so that
 * every bad row is reported with its line and column before anything is
 * written. The POs are written at the end (bd-po-import.c). */
static gboolean
import_purchase_order_row (Import  *imp,
                           GError **error)
{
  const char *number = require (imp, PUR_NUMBER, _("a purchase order number"));
  const char *supplier_ref = require (imp, PUR_SUPPLIER, _("a supplier reference"));
  const char *sku = require (imp, PUR_SKU, _("an SKU"));
  const char *qty_text = col_given (imp, PUR_QTY);
  const char *received_text = col_given (imp, PUR_RECEIVED);
  const char *ordered_text = col_given (imp, PUR_ORDERED);
  const char *expected_text = col_given (imp, PUR_EXPECTED);
  const char *status = col_given (imp, PUR_STATUS);
  g_autofree char *int_problem = NULL;
  g_autofree char *ordered_at = NULL;
  g_autofree char *expected_at = NULL;
  const char *expected;
  gint64 quantity = 0, received = 0, supplier_id = 0, product_id = 0;
  gboolean archived = FALSE;
  gboolean ok = TRUE;
  BdPoImportOrder *po;
  BdPoImportLine line = { 0, };

  if (qty_text == NULL)
    {
      add_problem (imp, PUR_QTY, _("expected the quantity ordered, found nothing"));
      ok = FALSE;
    }
  else if (!bd_parse_int (qty_text, 1, G_MAXINT32, &quantity, &int_problem))
    {
      add_problem (imp, PUR_QTY, _("expected %s, found “%s”"), int_problem, qty_text);
      g_clear_pointer (&int_problem, g_free);
      ok = FALSE;
    }

  if (received_text != NULL &&
      !bd_parse_int (received_text, 0, quantity > 0 ? quantity : G_MAXINT32, &received, &int_problem))
    {
      add_problem (imp, PUR_RECEIVED, _("expected %s (no more than ordered), found “%s”"),
                   int_problem, received_text);
      g_clear_pointer (&int_problem, g_free);
      ok = FALSE;
    }

  if (ordered_text == NULL)
    {
      add_problem (imp, PUR_ORDERED, _("expected the date of the order, found nothing"));
      ok = FALSE;
    }
  else if (!bd_parse_date (ordered_text, &ordered_at, &expected))
    {
      add_expected (imp, PUR_ORDERED, expected, ordered_text);
      ok = FALSE;
    }

  if (expected_text != NULL && !bd_po_import_parse_date (expected_text, &expected_at, &expected))
    {
      add_expected (imp, PUR_EXPECTED, expected, expected_text);
      ok = FALSE;
    }

  if (status != NULL && !bd_po_import_status_is_valid (status))
    {
      add_problem (imp, PUR_STATUS, _("expected one of draft, sent, confirmed, partially_received, "
                                      "received or cancelled, found “%s”"), status);
      ok = FALSE;
    }
  else if (status != NULL && received > 0 && g_str_equal (status, "draft"))
    {
      add_problem (imp, PUR_RECEIVED, _("a draft has received nothing: expected 0 or a status "
                                        "past draft, found %" G_GINT64_FORMAT " received"), received);
      ok = FALSE;
    }

  if (supplier_ref != NULL)
    {
      if (!bd_po_import_find_supplier (imp->store, supplier_ref, &supplier_id, &archived, error))
        return FALSE;
      if (supplier_id == 0)
        {
          add_problem (imp, PUR_SUPPLIER,
                       _("there is no supplier “%s”: import suppliers.csv first, or correct the reference"),
                       supplier_ref);
          ok = FALSE;
        }
      else if (archived)
        {
          add_problem (imp, PUR_SUPPLIER, _("supplier “%s” is archived: it takes no purchase orders"),
                       supplier_ref);
          ok = FALSE;
        }
    }

  if (sku != NULL)
    {
      if (!lookup_id (imp, "SELECT id FROM products WHERE sku = ? AND deleted = 0", sku, &product_id, error))
        return FALSE;
      if (product_id == 0)
        {
          add_problem (imp, PUR_SKU,
                       _("there is no product “%s”: import products.csv first, or correct the SKU"), sku);
          ok = FALSE;
        }
    }

  if (number == NULL || supplier_ref == NULL || sku == NULL || !ok)
    return TRUE;

  /* what the store holds already of this PO and this line */
  {
    g_autofree char *problem = NULL;
    int column = -1;

    if (!bd_po_import_check_stored (imp->store, number, supplier_id, product_id, (int)quantity,
                                    (int)received, &column, &problem, error))
      return FALSE;
    if (problem != NULL)
      {
        int spec = column == 0 ? PUR_SUPPLIER : column == 1 ? PUR_QTY : PUR_RECEIVED;

        add_problem (imp, spec, "%s", problem);
        return TRUE;
      }
  }

  po = g_hash_table_lookup (imp->po_by_number, number);
  if (po != NULL)
    {
      if (po->supplier_id != supplier_id)
        add_problem (imp, PUR_SUPPLIER, _("purchase order “%s” has another supplier on line %u"),
                     number, po->line);
      else if (g_strcmp0 (po->ordered_at, ordered_at) != 0)
        add_problem (imp, PUR_ORDERED, _("purchase order “%s” has another date on line %u"),
                     number, po->line);
      else if (g_strcmp0 (po->expected_at, expected_at) != 0)
        add_problem (imp, PUR_EXPECTED, _("purchase order “%s” has another expected date on line %u"),
                     number, po->line);
      else if (g_strcmp0 (po->status, status) != 0)
        add_problem (imp, PUR_STATUS, _("purchase order “%s” has another status on line %u"),
                     number, po->line);

      for (guint i = 0; i < po->lines->len; i++)
        if (g_array_index (po->lines, BdPoImportLine, i).product_id == product_id)
          {
            add_problem (imp, PUR_SKU, _("purchase order “%s” has SKU “%s” already on line %u of this file"),
                         number, sku, g_array_index (po->lines, BdPoImportLine, i).line);
            return TRUE;
          }
    }
  else
    {
      po = bd_po_import_order_new (number, supplier_id, ordered_at, expected_at, status,
                                   bd_csv_reader_get_line (imp->reader));
      g_ptr_array_add (imp->purchase_orders, po);
      g_hash_table_insert (imp->po_by_number, po->number, po);
    }

  line.product_id = product_id;
  line.quantity = (int)quantity;
  line.received = (int)received;
  line.line = bd_csv_reader_get_line (imp->reader);
  g_array_append_val (po->lines, line);
  return TRUE;
}

/* An import of orders into a store without orders or lines (the first
 * import of a shop's history) needs no lookups in their indexes: every row
 * is new. It drops them and builds them again at the end, which takes 40%
 * less time for a million lines than keeping them in step row by row. */
static gboolean
bulk_begin (Import  *imp,
            GError **error)
{
  if (imp->report->kind != BD_IMPORT_ORDERS)
    return TRUE;

  imp->recreate = g_ptr_array_new_with_free_func (g_free);

  /* orders are looked up by reference unless there are none */
  if (imp->marks.orders == 0 &&
      !bd_store_drop_indexes (imp->store, "orders", imp->recreate, error))
    return FALSE;

  imp->bulk_lines = imp->marks.lines == 0;
  if (imp->bulk_lines &&
      !bd_store_drop_indexes (imp->store, "order_lines", imp->recreate, error))
    return FALSE;

  return TRUE;
}

static gboolean
read_header (Import  *imp,
             GError **error)
{
  const char *name = bd_csv_reader_get_name (imp->reader);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;

  if (!bd_csv_reader_next (imp->reader, &local_error))
    {
      g_autoptr(GString) names = g_string_new (NULL);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      for (guint i = 0; i < imp->n_columns; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", imp->columns[i].name);
      g_set_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_HEADER,
                   _("%s is empty: expected a header row with the columns %s"), name, names->str);
      return FALSE;
    }

  bd_csv_reader_strip_fields (imp->reader);
  imp->n_header_fields = bd_csv_reader_get_n_fields (imp->reader);

  for (guint i = 0; i < G_N_ELEMENTS (imp->column_index); i++)
    imp->column_index[i] = -1;

  for (guint f = 0; f < bd_csv_reader_get_n_fields (imp->reader); f++)
    {
      const char *header = bd_csv_reader_get_field (imp->reader, f);
      gboolean known = FALSE;

      for (guint i = 0; i < imp->n_columns; i++)
        {
          if (g_ascii_strcasecmp (header, imp->columns[i].name) != 0)
            continue;

          if (imp->column_index[i] >= 0)
            {
              g_set_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_HEADER,
                           _("%s, line 1: the column “%s” appears twice (columns %d and %u)"),
                           name, imp->columns[i].name, imp->column_index[i] + 1, f + 1);
              return FALSE;
            }
          imp->column_index[i] = f;
          known = TRUE;
        }

      if (!known)
        g_ptr_array_add (imp->report->warnings,
                         g_strdup_printf (_("%s: the column “%s” is not known and was ignored"),
                                          name, header));
    }

  for (guint i = 0; i < imp->n_columns; i++)
    if (imp->columns[i].required && imp->column_index[i] < 0)
      g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", imp->columns[i].name);

  if (missing->len > 0)
    {
      g_set_error (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_HEADER,
                   _("%s, line 1: the header lacks the required column(s) %s"),
                   name, missing->str);
      return FALSE;
    }

  return TRUE;
}

static void
set_rows_error (Import  *imp,
                GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *problems = imp->report->problems;

  g_string_printf (text,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s has a row that cannot be imported; nothing was imported:",
                                "%s has rows that cannot be imported; nothing was imported:",
                                problems->len),
                   bd_csv_reader_get_name (imp->reader));

  for (guint i = 0; i < problems->len; i++)
    {
      BdImportProblem *problem = g_ptr_array_index (problems, i);

      if (*problem->column != '\0')
        g_string_append_printf (text, _("\nline %u, column %s: %s"),
                                problem->line, problem->column, problem->message);
      else
        g_string_append_printf (text, _("\nline %u: %s"), problem->line, problem->message);
    }

  if (problems->len >= BD_IMPORT_MAX_PROBLEMS)
    g_string_append_printf (text, _("\n(only the first %d problems are listed)"),
                            BD_IMPORT_MAX_PROBLEMS);

  g_set_error_literal (error, BD_IMPORT_ERROR, BD_IMPORT_ERROR_ROWS, text->str);
}

static gboolean
write_import_event (Import  *imp,
                    GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *summary = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, bd_csv_reader_get_name (imp->reader));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, imp->report->rows);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, imp->report->created);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, imp->report->updated);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  summary = json_to_string (root, FALSE);

  return bd_store_add_event (imp->store, imp->batch, "import", "file", NULL, 0,
                             bd_import_kind_to_string (imp->report->kind), NULL, summary, error);
}

/* Seconds since *@mark, which becomes now. */
static double
lap (gint64 *mark)
{
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - *mark) / (double)G_USEC_PER_SEC;

  *mark = now;
  return seconds;
}

/* Each kind of file: its columns and what imports one row of it. */
typedef struct
{
  BdImportKind kind;
  const ColumnSpec *columns;
  guint n_columns;
  gboolean (*import_row) (Import  *imp,
                          GError **error);
} KindSpec;

static const KindSpec kinds[] = {
  { BD_IMPORT_SUPPLIERS, supplier_columns, N_SUP, import_supplier_row },
  { BD_IMPORT_PRODUCTS, product_columns, N_PRO, import_product_row },
  { BD_IMPORT_ORDERS, order_columns, N_ORD, import_order_row },
  { BD_IMPORT_PURCHASE_ORDERS, purchase_order_columns, N_PUR, import_purchase_order_row },
  { BD_IMPORT_PRODUCT_SUPPLIERS, product_supplier_columns, N_PS, import_product_supplier_row },
  { BD_IMPORT_PRODUCT_ALTERNATIVES, product_alternative_columns, N_ALT, import_product_alternative_row },
};

static const KindSpec *
kind_spec (BdImportKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return &kinds[i];

  return NULL;
}

static void
import_init (Import *imp)
{
  imp->batch = bd_store_new_uuid (imp->store);
  imp->now = bd_store_now_iso (imp->store);
  imp->today = bd_purchasing_today (imp->store);
  imp->default_currency = bd_store_get_default_currency (imp->store);
  imp->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, bd_stmt_free);
  imp->upsert_stmts = g_hash_table_new_full (stmt_key_hash, stmt_key_equal, g_free, bd_stmt_free);
  imp->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->preferred = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->customer_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  imp->product_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  imp->strings = g_string_chunk_new (1 << 20);
  imp->orders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, order_seen_free);
  if (imp->report->kind == BD_IMPORT_PURCHASE_ORDERS)
    {
      imp->purchase_orders = g_ptr_array_new_with_free_func (bd_po_import_order_free);
      imp->po_by_number = g_hash_table_new (g_str_hash, g_str_equal);
    }
}

/* Statements hold read locks on nothing once reset, but they are finalized
 * before COMMIT so that a failed commit rolls back cleanly. */
static void
import_clear_statements (Import *imp)
{
  g_clear_pointer (&imp->stmts, g_hash_table_unref);
  g_clear_pointer (&imp->upsert_stmts, g_hash_table_unref);
}

static void
import_clear (Import *imp)
{
  import_clear_statements (imp);
  g_clear_pointer (&imp->seen, g_hash_table_unref);
  g_clear_pointer (&imp->preferred, g_hash_table_unref);
  g_clear_pointer (&imp->customer_ids, g_hash_table_unref);
  g_clear_pointer (&imp->recreate, g_ptr_array_unref);
  g_clear_pointer (&imp->product_ids, g_hash_table_unref);
  g_clear_pointer (&imp->orders, g_hash_table_unref);
  g_clear_pointer (&imp->po_by_number, g_hash_table_unref);
  g_clear_pointer (&imp->purchase_orders, g_ptr_array_unref);
  g_clear_pointer (&imp->strings, g_string_chunk_free);
  g_clear_pointer (&imp->batch, g_free);
  g_clear_pointer (&imp->now, g_free);
  g_clear_pointer (&imp->today, g_free);
  g_clear_pointer (&imp->default_currency, g_free);
}

/* Every row of the file after the header, inside the import's transaction.
 * A bad row is a problem in the report and the rows after it are only
 * checked; FALSE with @error is for what stops the import at once (the
 * store, the file, a cancel). */
static gboolean
import_rows (Import          *imp,
             const KindSpec  *spec,
             BdProgressFunc   progress,
             gpointer         progress_data,
             GCancellable    *cancellable,
             GError         **error)
{
  BdCsvReader *reader = imp->reader;
  BdImportReport *report = imp->report;
  g_autoptr(GError) local_error = NULL;

  while (bd_csv_reader_next (reader, &local_error))
    {
      guint n_fields = bd_csv_reader_get_n_fields (reader);

      report->rows++;
      bd_csv_reader_strip_fields (reader);

      if (n_fields == 1 && *bd_csv_reader_get_field (reader, 0) == '\0')
        continue;

      if (n_fields != imp->n_header_fields)
        add_problem (imp, -1, _("the row has %u fields, but the header has %u "
                                "(is a comma or a quote missing?)"),
                     n_fields, imp->n_header_fields);
      else if (!spec->import_row (imp, error))
        return FALSE;

      if (report->problems->len >= BD_IMPORT_MAX_PROBLEMS)
        break;

      if ((report->rows & 0xfff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (bd_csv_reader_get_fraction (reader), progress_data);
        }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (report->problems->len > 0)
    {
      set_rows_error (imp, error);
      return FALSE;
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* After the rows: the import's event, the indexes a bulk import dropped,
 * the search index of the new rows; then the commit. Times each phase in
 * the report. On failure the transaction is rolled back. */
static gboolean
import_finish (Import  *imp,
               gint64  *mark,
               GError **error)
{
  BdImportReport *report = imp->report;

  /* the POs of purchase_orders.csv, once every row is checked */
  if (imp->purchase_orders != NULL &&
      !bd_po_import_orders (imp->store, imp->batch, imp->now, imp->purchase_orders,
                            &report->created, &report->updated, &report->unchanged, error))
    goto rollback;

  if (imp->levels_kept > 0)
    g_ptr_array_add (report->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s: %u product’s reorder point or safety stock was set "
                                                   "in the desk and was kept",
                                                   "%s: %u products’ reorder points or safety stocks were set "
                                                   "in the desk and were kept",
                                                   imp->levels_kept),
                                      bd_csv_reader_get_name (imp->reader), imp->levels_kept));

  report->seconds_rows = lap (mark);
  if (!write_import_event (imp, error) ||
      (imp->recreate != NULL && !bd_store_recreate_indexes (imp->store, imp->recreate, error)))
    goto rollback;
  report->seconds_indexes = lap (mark);
  if (!bd_store_index_new_rows (imp->store, &imp->marks, error))
    goto rollback;
  report->seconds_search = lap (mark);

  import_clear_statements (imp);

  lap (mark);
  /* a commit that fails rolls back by itself */
  if (!bd_store_commit (imp->store, error))
    return FALSE;
  report->seconds_commit = lap (mark);
  g_debug ("%u rows: %.2f s, indexes %.2f s, search indexes %.2f s, commit %.2f s",
           report->rows, report->seconds_rows, report->seconds_indexes, report->seconds_search,
           report->seconds_commit);
  return TRUE;

rollback:
  import_clear_statements (imp);
  bd_store_rollback (imp->store);
  return FALSE;
}

gboolean
bd_import_reader (BdStore         *store,
                  BdImportKind     kind,
                  BdCsvReader     *reader,
                  BdImportReport  *report,
                  BdProgressFunc   progress,
                  gpointer         progress_data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  const KindSpec *spec = kind_spec (kind);
  Import imp = { 0, };
  gint64 mark = g_get_monotonic_time ();
  g_autoptr(BdImportReport) own_report = NULL;
  gboolean ret = FALSE;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (report == NULL)
    report = own_report = bd_import_report_new ();
  report->kind = kind;

  imp.store = store;
  imp.report = report;
  imp.reader = reader;
  imp.writing = TRUE;
  imp.columns = spec->columns;
  imp.n_columns = spec->n_columns;

  if (!read_header (&imp, error))
    return FALSE;

  import_init (&imp);

  /* A big import touches far more pages than the default cache holds;
   * spilling them to the WAL and reading them back costs more than the
   * memory. */
  bd_store_exec (store, "PRAGMA cache_size = -262144", NULL);

  /* The import makes its references itself (a line's order, customer and
   * product are looked up or created just before it), so SQLite need not
   * check each one again; it is switched back on however the import ends. */
  bd_store_exec (store, "PRAGMA foreign_keys = OFF", NULL);

  if (bd_store_begin (store, error))
    {
      if (bd_store_mark_rows (store, &imp.marks, error) &&
          bulk_begin (&imp, error) &&
          import_rows (&imp, spec, progress, progress_data, cancellable, error))
        ret = import_finish (&imp, &mark, error);
      else
        {
          import_clear_statements (&imp);
          bd_store_rollback (store);
        }
    }

  import_clear (&imp);
  bd_store_exec (store, "PRAGMA foreign_keys = ON", NULL);

  if (ret)
    {
      if (progress != NULL)
        progress (1.0, progress_data);

      bd_store_emit_changed_tables (store, (const char * const[]) {
                                      "suppliers", "products", "product_suppliers", "product_alternatives",
                                      "customers",
                                      "orders", "order_lines", "events", "purchase_orders", "po_lines",
                                      "po_line_covers", "receipts", "receipt_lines", "on_hand_snapshots",
                                      NULL });
    }

  return ret;
}

gboolean
bd_import_path (BdStore         *store,
                BdImportKind     kind,
                const char      *path,
                BdImportReport  *report,
                BdProgressFunc   progress,
                gpointer         progress_data,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(BdCsvReader) reader = bd_csv_reader_new_for_path (path, error);

  if (reader == NULL)
    return FALSE;

  return bd_import_reader (store, kind, reader, report, progress, progress_data,
                           cancellable, error);
}
