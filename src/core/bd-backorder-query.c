/* bd-backorder-query.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-query"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-backorder-query.h"
#include "bd-backorder-query-private.h"
#include "bd-delay-notices-private.h"
#include "bd-followups.h"
#include "bd-purchasing-private.h"
#include "bd-sort.h"
#include "bd-status.h"
#include "bd-util.h"

static const char * const status_filters[] = {
  [BD_STATUS_FILTER_OPEN] = "open",
  [BD_STATUS_FILTER_ALL] = "all",
  [BD_STATUS_FILTER_WAITING] = "waiting",
  [BD_STATUS_FILTER_ON_ORDER] = "on_order",
  [BD_STATUS_FILTER_ALLOCATED] = "allocated",
  [BD_STATUS_FILTER_SHIPPED] = "shipped",
  [BD_STATUS_FILTER_CANCELLED] = "cancelled",
};

static const char * const sort_keys[] = {
  [BD_SORT_QUEUE] = "queue",
  [BD_SORT_ORDER_REF] = "order",
  [BD_SORT_CUSTOMER] = "customer",
  [BD_SORT_PRODUCT] = "product",
  [BD_SORT_SHORT] = "short",
  [BD_SORT_AGE] = "age",
  [BD_SORT_PROMISED] = "promised",
  [BD_SORT_STATUS] = "status",
  [BD_SORT_PRIORITY] = "priority",
  [BD_SORT_SUPPLIER] = "supplier",
  [BD_SORT_ETA] = "eta",
  [BD_SORT_PO] = "po",
};

BdBackorderQuery *
bd_backorder_query_new (void)
{
  BdBackorderQuery *query = g_new0 (BdBackorderQuery, 1);

  query->age_min = -1;
  query->age_max = -1;
  return query;
}

BdBackorderQuery *
bd_backorder_query_copy (const BdBackorderQuery *query)
{
  BdBackorderQuery *copy = g_memdup2 (query, sizeof *query);

  copy->search = g_strdup (query->search);
  copy->product_sku = g_strdup (query->product_sku);
  copy->supplier_ref = g_strdup (query->supplier_ref);
  copy->ordered_from = g_strdup (query->ordered_from);
  copy->ordered_to = g_strdup (query->ordered_to);
  copy->as_of = g_strdup (query->as_of);

  return copy;
}

void
bd_backorder_query_free (BdBackorderQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->search);
  g_free (query->product_sku);
  g_free (query->supplier_ref);
  g_free (query->ordered_from);
  g_free (query->ordered_to);
  g_free (query->as_of);
  g_free (query);
}

/* Whether @query has any of the filters a dashboard figure sets. */
gboolean
bd_backorder_query_has_figure (const BdBackorderQuery *query)
{
  g_return_val_if_fail (query != NULL, FALSE);

  return query->ordered_from != NULL || query->ordered_to != NULL || query->as_of != NULL || query->open_then ||
         query->age_min >= 0 || query->age_max >= 0 || query->promise_breached || query->supplier_counted ||
         query->never_notified || query->followup_due;
}

/* Takes off the filters a dashboard figure set (not the supplier). */
void
bd_backorder_query_clear_figure (BdBackorderQuery *query)
{
  g_return_if_fail (query != NULL);

  g_clear_pointer (&query->ordered_from, g_free);
  g_clear_pointer (&query->ordered_to, g_free);
  g_clear_pointer (&query->as_of, g_free);
  query->open_then = FALSE;
  query->age_min = -1;
  query->age_max = -1;
  query->promise_breached = FALSE;
  query->never_notified = FALSE;
  query->supplier_counted = FALSE;
  query->followup_due = FALSE;
}

gboolean
bd_backorder_query_equal (const BdBackorderQuery *a,
                const BdBackorderQuery *b)
{
  return a->status == b->status &&
         a->overdue == b->overdue &&
         a->not_covered == b->not_covered &&
         a->must_cancel == b->must_cancel &&
         a->needs_notice == b->needs_notice &&
         a->sort == b->sort &&
         a->descending == b->descending &&
         g_strcmp0 (a->search, b->search) == 0 &&
         g_strcmp0 (a->product_sku, b->product_sku) == 0 &&
         g_strcmp0 (a->supplier_ref, b->supplier_ref) == 0 &&
         g_strcmp0 (a->ordered_from, b->ordered_from) == 0 &&
         g_strcmp0 (a->ordered_to, b->ordered_to) == 0 &&
         g_strcmp0 (a->as_of, b->as_of) == 0 &&
         a->open_then == b->open_then &&
         a->age_min == b->age_min &&
         a->age_max == b->age_max &&
         a->promise_breached == b->promise_breached &&
         a->never_notified == b->never_notified &&
         a->supplier_counted == b->supplier_counted &&
         a->followup_due == b->followup_due;
}

gboolean
bd_status_filter_from_string (const char     *text,
                              BdStatusFilter *filter)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_filters); i++)
    if (g_strcmp0 (text, status_filters[i]) == 0)
      {
        *filter = i;
        return TRUE;
      }

  return FALSE;
}

const char *
bd_sort_key_to_string (BdSortKey key)
{
  g_return_val_if_fail (key < G_N_ELEMENTS (sort_keys), NULL);
  return sort_keys[key];
}

gboolean
bd_sort_key_from_string (const char *text,
                         BdSortKey  *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_keys); i++)
    if (g_strcmp0 (text, sort_keys[i]) == 0)
      {
        *key = i;
        return TRUE;
      }

  return FALSE;
}

/* One typed word as an FTS5 prefix phrase: "SO-10" becomes "SO-10"*, which
 * matches the tokens so and 10… in sequence. NULL for a word with nothing
 * searchable in it. */
char *
bd_backorder_query_fts_term (const char *term)
{
  g_autoptr(GString) phrase = g_string_new ("\"");
  gboolean has_alnum = FALSE;

  for (const char *p = term; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        has_alnum = TRUE;
      if (c == '"')
        g_string_append_c (phrase, '"');
      g_string_append_unichar (phrase, c);
    }

  if (!has_alnum)
    return NULL;

  g_string_append (phrase, "\"*");
  return g_string_free (g_steal_pointer (&phrase), FALSE);
}

/* Counting a word's matches in each search index: customers, products,
 * orders, notes, complaints. */
static const char * const count_sql[] = {
  "SELECT count(*) FROM (SELECT 1 FROM customers_fts WHERE customers_fts MATCH ?1 LIMIT ?2)",
  "SELECT count(*) FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ?1 LIMIT ?2)",
  "SELECT count(*) FROM (SELECT 1 FROM orders_fts WHERE orders_fts MATCH ?1 LIMIT ?2)",
  "SELECT count(*) FROM (SELECT 1 FROM notes_fts WHERE notes_fts MATCH ?1 LIMIT ?2)",
  "SELECT count(*) FROM (SELECT 1 FROM complaints_fts WHERE complaints_fts MATCH ?1 LIMIT ?2)",
};

#define N_INDEXES G_N_ELEMENTS (count_sql)

/* How many rows of search index @table (customers, products, orders,
 * notes) @fts matches, counting up to @limit + 1; @limit + 1 on error. */
static guint
count_in (BdStore    *store,
          guint       table,
          const char *fts,
          guint       limit)
{
  sqlite3_stmt *stmt = bd_store_cached (store, count_sql[table], NULL);
  guint n = limit + 1;

  if (stmt == NULL)
    return n;
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, limit + 1);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* How many customers, products, orders and notes an FTS term matches, up
 * to @limit, and about how many lines that makes (a customer has about 20
 * lines, a product 100, an order 2, a note 1: the benchmark shop's
 * proportions). Only the speed of a search depends on these guesses. */
static guint
count_matches (BdStore    *store,
               const char *fts,
               guint       limit,
               guint      *lines,
               guint       counts[N_INDEXES])
{
  static const guint lines_each[N_INDEXES] = { 20, 100, 2, 1, 1 };
  guint total = 0;

  *lines = 0;
  for (guint i = 0; i < G_N_ELEMENTS (count_sql); i++)
    counts[i] = limit + 1;     /* not counted: assume it matches */

  for (guint i = 0; i < G_N_ELEMENTS (count_sql) && total <= limit; i++)
    {
      counts[i] = count_in (store, i, fts, limit);
      total += counts[i];
      *lines += counts[i] * lines_each[i];
    }

  return total;
}

#define FEW_MATCHES 2000
#define FEW_LINES 500

/* Appends the search's conditions to @sql. Every word must match the
 * line's customer, product, order or notes, each looked up in its own index
 * (DESIGN.md, Large lists). How depends on how much a word matches, as
 * measured on the 1M benchmark store:
 * - a word whose matches hold a few lines (an order reference, an SKU)
 *   fetches those lines by id: 1-3 ms instead of 20 ms reading every open
 *   line;
 * - any other word is tested against the lines the filters leave, read
 *   from the queue's covering index: "SKU" (every product) takes 60 ms this
 *   way against 1.7 s listing the lines of its matches, a common surname
 *   35 ms against 55 ms.
 * Returns TRUE when the query should be driven by the ids of a word's
 * lines. */
/* Per index a word is looked up in: the condition, up to its parameter,
 * and what closes it. */
static const char * const by_id_parts[][2] = {
  { " UNION ALL SELECT id FROM order_lines WHERE backordered_quantity > 0 AND deleted = 0"
    " AND customer_id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?", ")" },
  { " UNION ALL SELECT id FROM order_lines WHERE backordered_quantity > 0 AND deleted = 0"
    " AND product_id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?", ")" },
  { " UNION ALL SELECT id FROM order_lines WHERE order_id IN"
    " (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?", ")" },
  { " UNION ALL SELECT line_id FROM notes WHERE deleted = 0 AND id IN"
    " (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?", ")" },
  { " UNION ALL SELECT line_id FROM complaints WHERE deleted = 0 AND id IN"
    " (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?", ")" },
};

static const char * const on_line_parts[][2] = {
  { " OR l.customer_id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?", ")" },
  { " OR l.product_id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?", ")" },
  { " OR l.order_id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?", ")" },
  { " OR l.id IN (SELECT line_id FROM notes WHERE deleted = 0 AND id IN"
    " (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?", "))" },
  { " OR l.id IN (SELECT line_id FROM complaints WHERE deleted = 0 AND id IN"
    " (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?", "))" },
};

/* Appends @open, the part for each index the word (parameter @n) matches
 * anything in, and the closing parenthesis. */
static void
append_parts (GString          *sql,
              const char       *open,
              const char * const parts[][2],
              const guint       *counts,
              guint              n)
{
  g_string_append (sql, open);
  for (guint t = 0; t < G_N_ELEMENTS (count_sql); t++)
    if (counts[t] > 0)
      g_string_append_printf (sql, "%s%u%s", parts[t][0], n, parts[t][1]);
  g_string_append (sql, ")");
}

/* How a search's lines are found (see append_search()). */
typedef enum
{
  SEARCH_SCAN,          /* every word tested against the lines the filters leave */
  SEARCH_BY_IDS,        /* a word's few lines fetched by id */
  SEARCH_BY_CUSTOMER,   /* a word's customers' lines read from their covering index */
} SearchPath;

/* A word that matches only customers, and at most this many, drives the
 * query through the lines of those customers: "Hoffmann" (2,300 customers,
 * 4,600 open lines) 6 ms instead of 24 ms testing every open line. */
#define CUSTOMER_DRIVE_MAX 10000

static SearchPath
append_search (BdStore       *store,
               GString       *sql,
               GPtrArray     *params,
               const char    *search)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (search));
  g_autoptr(GString) conditions = g_string_new (NULL);
  gboolean by_ids = FALSE;
  guint driver = 0;              /* the parameter of the word driving by customer */
  guint driver_matches = G_MAXUINT;

  if (g_utf8_strlen (stripped, -1) < BD_BACKORDER_QUERY_MIN_SEARCH)
    return SEARCH_SCAN;

  words = g_strsplit_set (stripped, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *fts = bd_backorder_query_fts_term (words[i]);
      guint n, matches, lines = 0;
      guint counts[N_INDEXES];

      if (fts == NULL)
        continue;

      g_ptr_array_add (params, fts);
      n = params->len;
      if (store != NULL)
        matches = count_matches (store, fts, FEW_MATCHES, &lines, counts);
      else
        {
          matches = FEW_MATCHES + 1;
          for (guint t = 0; t < G_N_ELEMENTS (counts); t++)
            counts[t] = 1;
        }

      /* only the indexes where the word matches anything take part */
      if (matches <= FEW_MATCHES && lines <= FEW_LINES)
        {
          by_ids = TRUE;
          append_parts (conditions, " AND l.id IN (SELECT 0", by_id_parts, counts, n);
          continue;
        }

      /* a word matching customers and nothing else may drive the query:
       * count what count_matches() stopped short of */
      if (store != NULL && counts[0] > 0)
        {
          gboolean only_customers = TRUE;

          for (guint t = 1; t < G_N_ELEMENTS (counts) && only_customers; t++)
            {
              if (counts[t] > FEW_MATCHES)
                counts[t] = count_in (store, t, fts, 0);
              only_customers = counts[t] == 0;
            }
          if (only_customers)
            {
              guint customers = counts[0] <= FEW_MATCHES ? counts[0]
                                                         : count_in (store, 0, fts, CUSTOMER_DRIVE_MAX);

              if (customers <= CUSTOMER_DRIVE_MAX && customers < driver_matches)
                {
                  driver = n;
                  driver_matches = customers;
                }
            }
        }

      append_parts (conditions, " AND (0", on_line_parts, counts, n);
    }

  /* a narrow word's ids beat a customer's lines */
  if (by_ids || driver == 0)
    {
      g_string_append (sql, conditions->str);
      return by_ids ? SEARCH_BY_IDS : SEARCH_SCAN;
    }

  /* the driving word as a plain condition on the index's first column */
  g_string_append_printf (sql, " AND l.customer_id IN (SELECT rowid FROM customers_fts"
                               " WHERE customers_fts MATCH ?%u)", driver);
  g_string_append (sql, conditions->str);
  return SEARCH_BY_CUSTOMER;
}

/* Every sort happens in C: the covering index gives id and keys of 400,000
 * lines in 40 ms, SQLite's sorter then takes three times as long as qsort
 * over integer keys (bd-sort.c). An order, customer or product sorts by its
 * rank in the order of its reference or name (see ranks_for()): joining and
 * sorting by text took SQLite 2.4 s for all 400,000 lines by customer. */
static const char *
sort_columns (BdSortKey key)
{
  switch (key)
    {
    case BD_SORT_ORDER_REF:
      return ", l.order_id, NULL";
    case BD_SORT_CUSTOMER:
      return ", l.customer_id, NULL";
    case BD_SORT_PRODUCT:
    case BD_SORT_SUPPLIER:
      return ", l.product_id, NULL";
    case BD_SORT_QUEUE:
    case BD_SORT_PRIORITY:
      return ", l.priority, l.ordered_at";
    case BD_SORT_SHORT:
      return ", l.backordered_quantity, NULL";
    case BD_SORT_AGE:
      return ", l.ordered_at, NULL";
    case BD_SORT_PROMISED:
      return ", l.promised_at, NULL";
    case BD_SORT_STATUS:
      return ", l.status, NULL";
    case BD_SORT_ETA:
      /* The stored ETA is not in the queue's index, and reading it from
       * the row costs a seek into the table for each line: it comes from
       * its own index (see sort_keys_load()), status and product from
       * this one. The third column is the stored ETA where a query reads
       * it from order_lines_eta (first_by_eta()). */
      return ", l.status, NULL, l.product_id";
    case BD_SORT_PO:
      return ", NULL, NULL";
    default:
      return "";
    }
}

/* Status text in the order SQL compares it: NULL first. */
static gint64
status_rank (const char *status)
{
  static const char * const ordered[] = { "allocated", "cancelled", "on_order", "shipped", "waiting" };

  if (status == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (ordered); i++)
    if (strcmp (status, ordered[i]) == 0)
      return i + 1;
  return G_N_ELEMENTS (ordered) + 1;
}

static gboolean
needs_ranks (BdSortKey key)
{
  return key == BD_SORT_ORDER_REF || key == BD_SORT_CUSTOMER || key == BD_SORT_PRODUCT ||
         key == BD_SORT_SUPPLIER || key == BD_SORT_PO;
}

/* The ranks an order, customer or product sorts by: its place in the
 * order of its reference or name (see bd_ranks_get()); NULL for a key that
 * needs none, or on an error. */
static const BdRanks *
ranks_for (BdStore    *store,
           BdSortKey   key,
           GError    **error)
{
  switch (key)
    {
    case BD_SORT_ORDER_REF:
      return bd_ranks_get (store, "SELECT id, ref FROM orders ORDER BY ref", TRUE, error);
    case BD_SORT_CUSTOMER:
      return bd_ranks_get (store, "SELECT id, sort_name FROM customers ORDER BY sort_name", FALSE, error);
    case BD_SORT_PRODUCT:
      return bd_ranks_get (store, "SELECT id, sort_name FROM products ORDER BY sort_name", FALSE, error);
    case BD_SORT_SUPPLIER:
      /* products ranked by their preferred supplier (the one the queue
       * shows), so that lines sort by it from the product in the index;
       * products of one supplier share a rank, and those without one come
       * first. Supplier names have no sort key of their own: lower() is
       * enough for the few hundred of them. */
      return bd_ranks_get (store,
                           "SELECT p.id, coalesce ((SELECT lower (s.name) FROM product_suppliers ps"
                           " JOIN suppliers s ON s.id = ps.supplier_id"
                           " WHERE ps.product_id = p.id AND ps.preferred <> 0 AND ps.deleted = 0 AND s.deleted = 0"
                           " ORDER BY s.name, s.id LIMIT 1), '') AS k"
                           " FROM products p ORDER BY k",
                           FALSE, error);
    case BD_SORT_PO:
      return bd_ranks_get (store, "SELECT id, number FROM purchase_orders ORDER BY number", TRUE, error);
    default:
      return NULL;
    }
}

/* What the keys of a row are worked out from, beyond its columns: the
 * ranks of its order, customer, product or PO, and for the ETA and PO
 * sorts what purchasing knows of the lines and products. */
typedef struct
{
  const BdRanks *ranks;
  GHashTable *covering;        /* line id -> CoveringPo, for the ETA and PO sorts */
  GHashTable *lead_days;       /* product id -> ProductLead, for the ETA sort */
  GHashTable *stored;          /* line id -> StoredEta, for the ETA sort */
  GArray *stored_items;        /* StoredEta, what @stored points into */
  gint64 today;                /* day number of the local today */
  int handling_days;
} SortKeys;

/* The open PO that decides a covered line's ETA, as
 * BD_BACKORDER_PURCHASING_JOINS picks it: the one that comes last. */
typedef struct
{
  gint64 line_id;
  gint64 po_id;
  gint64 day;                  /* its date's day number; NO_DAY for none */
} CoveringPo;

typedef struct
{
  gint64 product_id;
  int lead_days;               /* the preferred supplier's lead time; -1: none */
  gint64 supplier_id;          /* of the preferred supplier picked */
  char *supplier_name;
} ProductLead;

/* The ETA an on_order or allocated line keeps, as a day number. */
typedef struct
{
  gint64 line_id;
  gint64 day;
} StoredEta;

/* order_lines_eta's condition word for word (bd-schema.c, step 8):
 * SQLite reads a partial index only for a query that states it. */
#define ETA_INDEXED_SQL \
  " l.backordered_quantity > 0 AND l.deleted = 0" \
  " AND CASE l.status WHEN 'on_order' THEN 1 WHEN 'allocated' THEN 1 WHEN 'waiting' THEN l.covered_quantity > 0" \
  " ELSE 0 END"

/* The covers of open POs, a row (line id, PO id, PO date) each. */
#define OPEN_COVERS_SQL \
  "SELECT pc.line_id, po.id, " BD_PO_DATE_SQL \
  " FROM po_line_covers pc JOIN po_lines pl ON pl.id = pc.po_line_id" \
  " JOIN purchase_orders po ON po.id = pl.po_id" \
  " WHERE pc.deleted = 0" \
  " AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received')"

static void
product_lead_free (gpointer data)
{
  ProductLead *lead = data;

  g_free (lead->supplier_name);
  g_free (lead);
}

#define NO_DAY G_MININT64

static guint query_statuses (const BdBackorderQuery  *query,
                             const char             **statuses);

static void
sort_keys_clear (SortKeys *keys)
{
  g_clear_pointer (&keys->covering, g_hash_table_unref);
  g_clear_pointer (&keys->lead_days, g_hash_table_unref);
  g_clear_pointer (&keys->stored, g_hash_table_unref);
  g_clear_pointer (&keys->stored_items, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SortKeys, sort_keys_clear)

/* The day number (days since 1970-01-01) of a date that starts
 * YYYY-MM-DD; FALSE for anything else. Days from the civil date, without
 * a GDate per row: sorting 400,000 lines reads as many dates. */
static gboolean
day_number (const char *text,
            gint64     *day)
{
  gint64 y, m, d, era, yoe, doy, doe;

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;

  y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m = (text[5] - '0') * 10 + (text[6] - '0');
  d = (text[8] - '0') * 10 + (text[9] - '0');
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return FALSE;

  y -= m <= 2;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *day = era * 146097 + doe - 719468;
  return TRUE;
}

/* Adds to @keys->covering the covers (line id, PO id, PO date) @sql
 * yields: for each line the open PO that decides its ETA, as
 * BD_BACKORDER_PURCHASING_JOINS picks it (the latest, NULL earliest). */
static gboolean
read_covering (SortKeys    *keys,
               BdStore     *store,
               const char  *sql,
               GError     **error)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (keys->covering == NULL)
    keys->covering = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 line_id = sqlite3_column_int64 (stmt, 0);
      gint64 po_id = sqlite3_column_int64 (stmt, 1);
      gint64 day = NO_DAY;
      CoveringPo *covering;

      if (!day_number ((const char *)sqlite3_column_text (stmt, 2), &day))
        day = NO_DAY;
      covering = g_hash_table_lookup (keys->covering, &line_id);
      if (covering == NULL)
        {
          covering = g_new (CoveringPo, 1);
          covering->line_id = line_id;
          covering->po_id = po_id;
          covering->day = day;
          g_hash_table_insert (keys->covering, &covering->line_id, covering);
        }
      /* ORDER BY date DESC, id DESC LIMIT 1: the latest, NULL earliest */
      else if (day > covering->day || (day == covering->day && po_id > covering->po_id))
        {
          covering->po_id = po_id;
          covering->day = day;
        }
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("searching"));
      return FALSE;
    }

  return TRUE;
}

/* Each product's preferred supplier's lead time, the supplier the line
 * shows (BD_BACKORDER_PURCHASING_JOINS: the first preferred one by name
 * and id): one pass over the preferred links, rather than a subquery per
 * product (3 ms against 17 for 10,000 products). */
static gboolean
read_lead_days (SortKeys  *keys,
                BdStore   *store,
                GError   **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  keys->lead_days = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, product_lead_free);
  stmt = bd_store_prepare (store,
                           "SELECT x.product_id, coalesce(x.lead_time_days, xs.lead_time_days), xs.id, xs.name"
                           " FROM product_suppliers x JOIN suppliers xs ON xs.id = x.supplier_id"
                           " WHERE x.preferred <> 0 AND x.deleted = 0 AND xs.deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (stmt, 0);
      gint64 supplier_id = sqlite3_column_int64 (stmt, 2);
      const char *name = (const char *)sqlite3_column_text (stmt, 3);
      ProductLead *lead = g_hash_table_lookup (keys->lead_days, &product_id);
      int cmp;

      if (lead == NULL)
        {
          lead = g_new0 (ProductLead, 1);
          lead->product_id = product_id;
          g_hash_table_insert (keys->lead_days, &lead->product_id, lead);
        }
      else if ((cmp = g_strcmp0 (name, lead->supplier_name)) > 0 ||
               (cmp == 0 && supplier_id > lead->supplier_id))
        continue;

      lead->supplier_id = supplier_id;
      g_free (lead->supplier_name);
      lead->supplier_name = g_strdup (name);
      lead->lead_days = sqlite3_column_type (stmt, 1) != SQLITE_NULL && sqlite3_column_int (stmt, 1) >= 0
                        ? sqlite3_column_int (stmt, 1) : -1;
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("searching"));
      return FALSE;
    }

  return TRUE;
}

/* The stored ETAs of the lines of @status from order_lines_eta. */
static gboolean
read_stored (SortKeys    *keys,
             BdStore     *store,
             const char  *status,
             GError     **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int rc;

  stmt = bd_store_prepare (store,
                           "SELECT l.id, l.eta FROM order_lines l INDEXED BY order_lines_eta"
                           " WHERE" ETA_INDEXED_SQL " AND l.status = ?1 AND l.eta IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredEta stored = { sqlite3_column_int64 (stmt, 0), 0 };

      if (day_number ((const char *)sqlite3_column_text (stmt, 1), &stored.day))
        g_array_append_val (keys->stored_items, stored);
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("searching"));
      return FALSE;
    }

  return TRUE;
}

/* What the ETA sort of the lines of @query needs beyond their queue
 * index columns: today, the handling days, and for the statuses it
 * lists the stored ETAs (with @with_stored; first_by_eta() reads them
 * with the lines), the POs of the lines whose ETA they decide though it
 * is not stored (waiting lines covered in part, on_order lines without
 * a stored ETA: few, found in order_lines_eta) and the lead times. */
static gboolean
sort_keys_load_eta (SortKeys                *keys,
                    BdStore                 *store,
                    const BdBackorderQuery  *query,
                    gboolean                 with_stored,
                    GError                 **error)
{
  g_autofree char *today = bd_purchasing_today (store);
  const char *statuses[6];
  guint n_statuses = query_statuses (query, statuses);
  gboolean waiting = FALSE, on_order = FALSE;

  if (!day_number (today, &keys->today))
    keys->today = 0;
  keys->handling_days = bd_purchasing_handling_days (store);

  for (guint i = 0; i < n_statuses; i++)
    {
      if (g_strcmp0 (statuses[i], "waiting") == 0)
        waiting = TRUE;
      else if (g_strcmp0 (statuses[i], "on_order") == 0)
        on_order = TRUE;
      else if (g_strcmp0 (statuses[i], "allocated") != 0)
        continue;

      if (with_stored && g_strcmp0 (statuses[i], "waiting") != 0)
        {
          if (keys->stored_items == NULL)
            keys->stored_items = g_array_new (FALSE, FALSE, sizeof (StoredEta));
          if (!read_stored (keys, store, statuses[i], error))
            return FALSE;
        }
    }

  if (keys->stored_items != NULL)
    {
      keys->stored = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < keys->stored_items->len; i++)
        {
          StoredEta *stored = &g_array_index (keys->stored_items, StoredEta, i);

          g_hash_table_insert (keys->stored, &stored->line_id, stored);
        }
    }

  if (waiting &&
      (!read_covering (keys, store,
                       "SELECT l.id, po.id, " BD_PO_DATE_SQL
                       " FROM order_lines l INDEXED BY order_lines_eta"
                       " CROSS JOIN po_line_covers pc ON pc.line_id = l.id"
                       " JOIN po_lines pl ON pl.id = pc.po_line_id JOIN purchase_orders po ON po.id = pl.po_id"
                       " WHERE" ETA_INDEXED_SQL " AND l.status = 'waiting' AND pc.deleted = 0"
                       " AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received')",
                       error) ||
       !read_lead_days (keys, store, error)))
    return FALSE;
  if (on_order &&
      !read_covering (keys, store,
                      "SELECT l.id, po.id, " BD_PO_DATE_SQL
                      " FROM order_lines l INDEXED BY order_lines_eta"
                      " CROSS JOIN po_line_covers pc ON pc.line_id = l.id"
                      " JOIN po_lines pl ON pl.id = pc.po_line_id JOIN purchase_orders po ON po.id = pl.po_id"
                      " WHERE" ETA_INDEXED_SQL " AND l.status = 'on_order' AND l.eta IS NULL AND pc.deleted = 0"
                      " AND po.status IN ('draft', 'sent', 'confirmed', 'partially_received')",
                      error))
    return FALSE;

  return TRUE;
}

/* Reads what the ETA and PO sorts need beyond the queue index's columns
 * (sort_keys_load_eta() for the ETA; the PO deciding each covered line's
 * ETA for the PO sort: one pass over the covers of open POs, instead of a
 * subquery per line). */
static gboolean
sort_keys_load (SortKeys                *keys,
                BdStore                 *store,
                const BdBackorderQuery  *query,
                GError                 **error)
{
  if (query->sort == BD_SORT_ETA)
    return sort_keys_load_eta (keys, store, query, TRUE, error);
  if (query->sort == BD_SORT_PO)
    return read_covering (keys, store, OPEN_COVERS_SQL, error);
  return TRUE;
}

/* The day of the ETA the queue shows for the line @id (of @status, with
 * the @stored_eta of its row, of product @product_id), by
 * bd_eta_compute()'s rules; FALSE for a line without one (closed, or
 * waiting for a product with no preferred supplier's lead time). The
 * stored ETA comes from @keys->stored when it was read apart, else from
 * the row. */
static gboolean
eta_day_of (const SortKeys *keys,
            gint64          id,
            const char     *status,
            const char     *stored_eta,
            gint64          product_id,
            gint64         *day)
{
  const StoredEta *stored = NULL;
  StoredEta in_row = { id, 0 };
  const CoveringPo *covering;
  const ProductLead *lead;
  gint64 by_lead;

  if (status == NULL || !bd_status_is_open (status))
    return FALSE;

  if (keys->stored != NULL)
    stored = g_hash_table_lookup (keys->stored, &id);
  else if (day_number (stored_eta, &in_row.day))
    stored = &in_row;

  /* stored when the units were set aside; no sooner than today + the
   * handling days for a line still not shipped */
  if (strcmp (status, "allocated") == 0)
    {
      *day = MAX (stored != NULL ? stored->day : NO_DAY, keys->today + keys->handling_days);
      return TRUE;
    }

  covering = keys->covering != NULL ? g_hash_table_lookup (keys->covering, &id) : NULL;
  if (strcmp (status, "on_order") == 0)
    {
      if (stored != NULL)
        {
          *day = stored->day;
          return TRUE;
        }
      if (covering == NULL || covering->day == NO_DAY)
        return FALSE;
      *day = covering->day + keys->handling_days;
      return TRUE;
    }

  /* waiting: by the lead time, or the PO of a part when that is later */
  lead = keys->lead_days != NULL ? g_hash_table_lookup (keys->lead_days, &product_id) : NULL;
  if (lead == NULL || lead->lead_days < 0)
    return FALSE;
  by_lead = keys->today + lead->lead_days + keys->handling_days;
  if (covering != NULL && covering->day != NO_DAY && covering->day + keys->handling_days > by_lead)
    *day = covering->day + keys->handling_days;
  else
    *day = by_lead;
  return TRUE;
}

/* eta_day_of() for the line of @stmt (id, status, stored eta, product
 * id, from column @first on). */
static gboolean
eta_key (const SortKeys *keys,
         sqlite3_stmt   *stmt,
         int             first,
         gint64         *day)
{
  return eta_day_of (keys, sqlite3_column_int64 (stmt, first), (const char *)sqlite3_column_text (stmt, first + 1),
                     (const char *)sqlite3_column_text (stmt, first + 2), sqlite3_column_int64 (stmt, first + 3),
                     day);
}

static gint64
time_key (BdTimeParser *parser,
          sqlite3_stmt *stmt,
          int           column,
          gboolean     *missing)
{
  gint64 t = 0;

  *missing = !bd_sort_time_key (parser, (const char *)sqlite3_column_text (stmt, column), &t);
  return t;
}

/* The keys of a row of a C-sorted query (sort_columns()). */
static inline BdSortItem
sort_item (BdSortKey       key,
           const SortKeys *keys,
           BdTimeParser   *parser,
           sqlite3_stmt   *stmt)
{
  BdSortItem item = { 0, 0, sqlite3_column_int64 (stmt, 0) };
  const BdRanks *ranks = keys != NULL ? keys->ranks : NULL;
  gboolean missing;

  switch (key)
    {
    case BD_SORT_ORDER_REF:
    case BD_SORT_CUSTOMER:
    case BD_SORT_PRODUCT:
    case BD_SORT_SUPPLIER:
      item.k1 = bd_ranks_lookup (ranks, sqlite3_column_int64 (stmt, 1));
      break;
    case BD_SORT_QUEUE:
    case BD_SORT_PRIORITY:
      item.k1 = sqlite3_column_int64 (stmt, 1);
      item.k2 = time_key (parser, stmt, 2, &missing);
      break;
    case BD_SORT_SHORT:
      item.k1 = sqlite3_column_int64 (stmt, 1);
      break;
    case BD_SORT_AGE:
      item.k1 = time_key (parser, stmt, 1, &missing);
      break;
    case BD_SORT_PROMISED:
      item.k2 = time_key (parser, stmt, 1, &missing);
      item.k1 = missing;      /* lines without a promise last, either way */
      break;
    case BD_SORT_STATUS:
      item.k1 = status_rank ((const char *)sqlite3_column_text (stmt, 1));
      break;
    case BD_SORT_ETA:
      item.k1 = !eta_key (keys, stmt, 0, &item.k2);   /* without an ETA last, either way */
      break;
    case BD_SORT_PO:
      {
        const CoveringPo *covering = g_hash_table_lookup (keys->covering, &item.id);

        item.k1 = covering == NULL;                     /* without a PO last, either way */
        item.k2 = covering != NULL ? bd_ranks_lookup (ranks, covering->po_id) : 0;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return item;
}

static void
add_sort_item (BdSortKey       key,
               const SortKeys *keys,
               BdTimeParser   *parser,
               sqlite3_stmt   *stmt,
               GArray         *items)
{
  BdSortItem item = sort_item (key, keys, parser, stmt);

  g_array_append_val (items, item);
}

/* The order the SQL ORDER BY of each key would give. */
static BdSortOrder
sort_order (BdSortKey key,
            gboolean  descending)
{
  int d = descending ? -1 : 1;

  switch (key)
    {
    case BD_SORT_QUEUE:       /* priority high first, then oldest first */
      return (BdSortOrder) { -d, d, d };
    case BD_SORT_PRIORITY:    /* within a priority oldest first, either way */
      return (BdSortOrder) { d, 1, d };
    case BD_SORT_AGE:         /* the oldest order has the greatest age */
      return (BdSortOrder) { -d, 1, -d };
    case BD_SORT_PROMISED:    /* without a promise last, either way */
    case BD_SORT_ETA:         /* without an ETA last, either way */
    case BD_SORT_PO:          /* without a PO last, either way */
      return (BdSortOrder) { 1, d, d };
    default:
      return (BdSortOrder) { d, 1, d };
    }
}

/* The UTC time the local day @date (YYYY-MM-DD) starts, @days after it;
 * NULL for a day that is not one. */
static char *
day_start (const char *date,
           int         days)
{
  g_autoptr(GDate) day = g_date_new ();
  const char *problem = NULL;
  char text[16];
  char *start = NULL;

  g_date_set_parse (day, date);
  if (!g_date_valid (day) || strlen (date) != 10)
    return NULL;
  if (days > 0)
    g_date_add_days (day, days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  if (!bd_parse_date (text, &start, &problem))
    return NULL;
  return start;
}

/* What a day that is not one filters by: no line. Not a constant false,
 * which leaves SQLite no plan for a query INDEXED BY the queue's index. */
#define NO_LINE " AND +l.id < 0"

/* Adds @value to @params; returns its number. */
static guint
add_param (GPtrArray *params,
           char      *value)
{
  g_ptr_array_add (params, value);
  return params->len;
}

/* The filters of a dashboard figure (README, "Metrics": the same rules,
 * as_of as the range's last day). A day that is not one matches no
 * line. */
static void
append_figure (GString                *sql,
               const BdBackorderQuery *query,
               GPtrArray              *params)
{
  g_autofree char *end_start = NULL;    /* the last day's start */
  g_autofree char *after_end = NULL;    /* the next day's start (UTC) */
  g_autofree char *end_day = NULL;

  if (query->ordered_from != NULL)
    {
      char *start = day_start (query->ordered_from, 0);

      if (start == NULL)
        g_string_append (sql, NO_LINE);
      else
        g_string_append_printf (sql, " AND l.ordered_at >= ?%u", add_param (params, start));
    }
  if (query->ordered_to != NULL)
    {
      char *after = day_start (query->ordered_to, 1);

      if (after == NULL)
        g_string_append (sql, NO_LINE);
      else
        g_string_append_printf (sql, " AND l.ordered_at < ?%u", add_param (params, after));
    }

  if (!query->open_then && query->age_min < 0 && query->age_max < 0 && !query->promise_breached &&
      !query->never_notified)
    return;

  if (query->as_of != NULL)
    {
      end_day = g_strdup (query->as_of);
      end_start = day_start (end_day, 0);
      after_end = day_start (end_day, 1);
    }
  else
    {
      g_autoptr(GTimeZone) tz = bd_local_time_zone ();
      g_autoptr(GDateTime) now = g_date_time_new_now (tz);

      end_day = g_date_time_format (now, "%Y-%m-%d");
      end_start = bd_today_start_utc ();
      after_end = day_start (end_day, 1);
    }
  if (end_start == NULL || after_end == NULL)
    {
      g_string_append (sql, NO_LINE);
      return;
    }

  if (query->open_then)
    {
      guint after = add_param (params, g_strdup (after_end));

      g_string_append_printf (sql, " AND l.ordered_at < ?%u AND (l.status IN (%s)"
                                   " OR (l.status = 'shipped' AND l.shipped_at >= ?%u)"
                                   " OR (l.status = 'cancelled' AND l.cancelled_at >= ?%u))",
                              after, bd_status_open_sql (), after, after);
      if (query->overdue)
        g_string_append_printf (sql, " AND l.promised_at < ?%u", add_param (params, g_strdup (end_start)));
    }

  if (query->age_min >= 0 || query->age_max >= 0)
    {
      guint day = add_param (params, g_strdup (end_day));

      g_string_append_printf (sql, " AND CAST(julianday(?%u) - julianday(date(l.ordered_at, 'localtime')) AS INTEGER)"
                                   " BETWEEN %d AND %d",
                              day, MAX (query->age_min, 0), query->age_max >= 0 ? query->age_max : G_MAXINT);
    }

  /* never_notified_open's lines: no message sent about them before the
   * day after (README, "Metrics") */
  if (query->never_notified)
    g_string_append_printf (sql, " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.line_id = l.id"
                                 " AND m.direction = 'out' AND m.status = 'sent' AND m.deleted = 0"
                                 " AND m.sent_at IS NOT NULL AND m.sent_at < ?%u)",
                            add_param (params, g_strdup (after_end)));

  if (query->promise_breached)
    {
      guint start = add_param (params, g_strdup (end_start));
      guint after = add_param (params, g_strdup (after_end));

      g_string_append_printf (sql, " AND l.promised_at IS NOT NULL AND ("
                                   "(l.shipped_at IS NOT NULL AND l.shipped_at > l.promised_at"
                                   "  AND date(l.shipped_at, 'localtime') > date(l.promised_at, 'localtime'))"
                                   " OR (l.shipped_at IS NULL AND l.promised_at < ?%u"
                                   "  AND (l.status IN (%s) OR (l.status = 'cancelled' AND l.cancelled_at >= ?%u))))",
                              start, bd_status_open_sql (), after);
    }
}

/* The "needs a delay notice" filter: the rule of bd-delay-notices.c
 * (bd_delay_rule_judge(), the one place it is written) judges each open
 * line as the query reads it, on the ETA the ETA sort works out
 * (eta_key()) from the columns NOTICE_COLUMNS adds, all in the queue's
 * index. bd_delay_notices_list() loads each line for its ETA instead:
 * over the 100,000 open lines of the 1M store that takes 1 to 2 s, where
 * this adds some 40 ms to reading them; the ids as literals in the SQL
 * took longer to parse and look up than to find. */
#define NOTICE_COLUMNS ", l.id, l.status, NULL, l.product_id, l.promised_at, l.ordered_at"

typedef struct
{
  BdDelayRule *rule;
  SortKeys keys;
  int first;                   /* the column NOTICE_COLUMNS start at */
} NoticeFilter;

static void
notice_filter_clear (NoticeFilter *filter)
{
  g_clear_pointer (&filter->rule, bd_delay_rule_free);
  sort_keys_clear (&filter->keys);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NoticeFilter, notice_filter_clear)

static gboolean
notice_filter_load (NoticeFilter  *filter,
                    BdStore       *store,
                    BdSortKey      sort,
                    GError       **error)
{
  g_autoptr(BdBackorderQuery) open = bd_backorder_query_new ();
  g_autofree char *today = bd_purchasing_today (store);
  const char *columns = sort_columns (sort);

  /* after the id and the sort columns */
  filter->first = 1;
  for (const char *c = columns; *c != '\0'; c++)
    filter->first += *c == ',';

  filter->rule = bd_delay_rule_new (store, today, error);
  return filter->rule != NULL && sort_keys_load_eta (&filter->keys, store, open, TRUE, error);
}

static inline gboolean
notice_filter_passes (const NoticeFilter *filter,
                      sqlite3_stmt       *stmt)
{
  int first = filter->first;
  BdNoticeState state;
  gint64 eta_day;

  return eta_key (&filter->keys, stmt, first, &eta_day) &&
         bd_delay_rule_judge (filter->rule, sqlite3_column_int64 (stmt, first), eta_day,
                              (const char *)sqlite3_column_text (stmt, first + 4),
                              (const char *)sqlite3_column_text (stmt, first + 5), &state, NULL) &&
         state == BD_NOTICE_NEEDED;
}

static char *
build_sql (BdStore       *store,
           const BdBackorderQuery *query,
           GPtrArray     *params,
           gboolean      *searching)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) search = g_string_new (NULL);
  SearchPath path = SEARCH_SCAN;
  gboolean by_ids;
  const char *plus;

  /* A unary + keeps SQLite from reading the queue's index for these terms
   * when a search word's few lines should drive the query. */
  if (query->search != NULL)
    path = append_search (store, search, params, query->search);
  by_ids = path == SEARCH_BY_IDS;

  g_string_printf (sql, "SELECT l.id%s%s FROM order_lines l", sort_columns (query->sort),
                   query->needs_notice ? NOTICE_COLUMNS : "");
  /* Without a status to look up, SQLite would read the smaller index of
   * lines by product (it holds the same lines) and then every line: 900 ms
   * for the 400,000 backorder lines of the 1M store, 40 ms from this one.
   * Not when a search word or a product drives the query. */
  if (path == SEARCH_BY_CUSTOMER)
    g_string_append (sql, " INDEXED BY order_lines_customer");
  else if (query->status == BD_STATUS_FILTER_ALL && !by_ids && !query->must_cancel && !query->needs_notice &&
           (query->product_sku == NULL || *query->product_sku == '\0') &&
           (query->supplier_ref == NULL || *query->supplier_ref == '\0'))
    g_string_append (sql, " INDEXED BY order_lines_queue");

  plus = by_ids ? "+" : "";

  g_string_append_printf (sql, " WHERE %sl.backordered_quantity > 0 AND %sl.deleted = 0", plus, plus);

  switch (query->status)
    {
    case BD_STATUS_FILTER_OPEN:
      g_string_append_printf (sql, " AND %sl.status IN (%s)", plus, bd_status_open_sql ());
      break;
    case BD_STATUS_FILTER_ALL:
      break;
    default:
      g_ptr_array_add (params, g_strdup (status_filters[query->status]));
      g_string_append_printf (sql, " AND %sl.status = ?%u", plus, params->len);
    }

  if (query->overdue && !query->open_then)
    {
      g_ptr_array_add (params, bd_today_start_utc ());
      g_string_append_printf (sql, " AND l.status IN (%s) AND l.promised_at < ?%u",
                              bd_status_open_sql (), params->len);
    }

  /* Waiting is what a line is while POs and stock do not make up its
   * whole backordered quantity; the sums say so for a status filter too. */
  if (query->not_covered)
    g_string_append (sql, " AND l.status = 'waiting'"
                          " AND l.covered_quantity + l.allocated_quantity < l.backordered_quantity");

  /* The rule needs each line's ETA and its notices, worked out in C
   * (bd-delay-notices.c, the one place it is written). Must cancel looks
   * only at the few lines with a notice: their ids, as literals. Of the
   * open lines, those that need a notice are picked as they are read
   * (NoticeFilter). */
  if (query->must_cancel)
    {
      g_autoptr(GArray) ids = NULL;

      g_autoptr(GError) error = NULL;

      if (store != NULL)
        ids = bd_delay_notices_must_cancel_ids (store, &error);
      if (error != NULL)
        g_warning ("Cannot tell the lines that must be cancelled: %s", error->message);
      g_string_append (sql, " AND l.id IN (0");
      for (guint i = 0; ids != NULL && i < ids->len; i++)
        g_string_append_printf (sql, ",%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
      g_string_append (sql, ")");
    }
  if (query->needs_notice)
    g_string_append_printf (sql, " AND l.status IN (%s)", bd_status_open_sql ());

  /* The cadence counts from each customer's last message, worked out in
   * C (bd_followups_list()): the customers due, as literals. */
  if (query->followup_due)
    {
      g_autoptr(GPtrArray) due = NULL;
      g_autoptr(GError) error = NULL;

      if (store != NULL)
        due = bd_followups_list (store, FALSE, &error);
      if (error != NULL)
        g_warning ("Cannot tell the customers due a follow-up: %s", error->message);
      g_string_append_printf (sql, " AND l.status IN (%s) AND l.customer_id IN (0", bd_status_open_sql ());
      for (guint i = 0; due != NULL && i < due->len; i++)
        g_string_append_printf (sql, ",%" G_GINT64_FORMAT, ((BdFollowup *)g_ptr_array_index (due, i))->customer_id);
      g_string_append (sql, ")");
    }

  if (query->product_sku != NULL && *query->product_sku != '\0')
    {
      g_ptr_array_add (params, g_strdup (query->product_sku));
      g_string_append_printf (sql, " AND l.product_id = (SELECT id FROM products WHERE sku = ?%u)",
                              params->len);
    }

  if (query->supplier_ref != NULL && *query->supplier_ref != '\0' && query->supplier_counted)
    {
      g_ptr_array_add (params, g_strdup (query->supplier_ref));
      g_string_append_printf (sql, " AND (SELECT id FROM suppliers WHERE ref = ?%u) ="
                                   " " BD_LINE_COUNTED_SUPPLIER_SQL, params->len);
    }
  else if (query->supplier_ref != NULL && *query->supplier_ref != '\0')
    {
      g_ptr_array_add (params, g_strdup (query->supplier_ref));
      g_string_append_printf (sql, " AND l.product_id IN (SELECT ps.product_id FROM product_suppliers ps"
                                   " JOIN suppliers s ON s.id = ps.supplier_id"
                                   " WHERE s.ref = ?%u AND ps.deleted = 0)", params->len);
    }

  append_figure (sql, query, params);

  g_string_append (sql, search->str);
  /* sorted in C, see bd_backorder_query_run_ids() */

  if (searching != NULL)
    *searching = search->len > 0;

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The SQL @query runs (its parameters as ?N), for tests and debugging:
 * how a search is answered depends on what its words match in @store. */
char *
bd_backorder_query_to_sql (BdStore       *store,
                 const BdBackorderQuery *query)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return build_sql (store, query, params, NULL);
}

static void
interrupt_cb (GCancellable *cancellable,
              sqlite3      *db)
{
  sqlite3_interrupt (db);
}

/* The first rows of a result early (DESIGN.md, Large lists).
 *
 * Reading the keys of 400,000 lines takes 40 ms before the sort, so once a
 * result proves long (EARLY_SORT_MIN rows read), its first screen is found
 * without the rest where an index gives the order, and from all the keys
 * before the sort otherwise. The first rows must be exactly those the
 * whole result starts with (the list then grows at its end and nothing on
 * screen moves), so each way below gathers candidates that surely hold
 * them, in the same read transaction, and picks them with the same keys
 * and the same comparison as the whole sort (bd_sort_first()):
 *
 * - queue, priority and age: for each status and priority the queue's
 *   index holds the lines in the order of ordered_at, so a LIMIT query
 *   per range gives the first of each (text order is time order for the
 *   stored YYYY-MM-DDTHH:MM:SSZ);
 * - order, customer and product: the orders, customers or products in
 *   the order of their rank, and the lines of each from its own index,
 *   until enough lines are in and the rank changes; this gives up after
 *   WALK_MAX of them (a filter that few lines pass);
 * - status: the lines of each status in the order of their id, from the
 *   table (a status of many lines) or the queue's index (one of few).
 *
 * Searches, products and suppliers select few lines, or drive the query
 * from another index: they get the selection from the keys, as do the
 * other sorts. */

/* Entities a walk visits before it gives up. */
#define WALK_MAX 1024
/* A status with more lines than this is found in id order from the
 * table: enough lines on each page of it to read only a few pages. */
#define DENSE_MIN 4096
/* Results shorter than this are read and sorted whole before they are
 * shown: that takes a few milliseconds, less than finding their first
 * rows another way may (the lines of a product are read from the table
 * to check their status: 5 ms for the first 128 cancelled lines by
 * product, where reading all 20,000 takes 3 ms). */
#define EARLY_SORT_MIN 30000

static guint early_sort_min = EARLY_SORT_MIN;

/* For tests: the ways to the first rows, on results of any length. */
void
bd_backorder_query_set_early_min (guint rows)
{
  early_sort_min = rows > 0 ? rows : EARLY_SORT_MIN;
}

/* The statuses @query lists (NULL for a line without one), in the order
 * SQL sorts them; returns how many. */
static guint
query_statuses (const BdBackorderQuery  *query,
                const char    **statuses)
{
  static const char * const all[] = { NULL, "allocated", "cancelled", "on_order", "shipped", "waiting" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      gboolean listed;

      switch (query->status)
        {
        case BD_STATUS_FILTER_OPEN:
          listed = bd_status_is_open (all[i]);
          break;
        case BD_STATUS_FILTER_ALL:
          listed = TRUE;
          break;
        default:
          listed = g_strcmp0 (all[i], status_filters[query->status]) == 0;
        }
      if (query->overdue && !bd_status_is_open (all[i]))
        listed = FALSE;
      if (listed)
        statuses[n++] = all[i];
    }

  return n;
}

/* Steps @stmt to its end, adding its rows (id and sort_columns()) to
 * @items. */
static gboolean
read_items (BdStore        *store,
            const BdBackorderQuery  *query,
            const SortKeys *keys,
            BdTimeParser   *parser,
            sqlite3_stmt   *stmt,
            GArray         *items,
            GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_sort_item (query->sort, keys, parser, stmt, items);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("searching"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
first_in_ranges (BdStore        *store,
                 const BdBackorderQuery  *query,
                 guint           n,
                 GArray         *candidates,
                 GError        **error)
{
  BdSortOrder order = sort_order (query->sort, query->descending);
  int time_sign = query->sort == BD_SORT_AGE ? order.k1 : order.k2;
  g_autofree char *today = query->overdue ? bd_today_start_utc () : NULL;
  g_autofree char *sql = NULL;
  g_autoptr(BdStmt) stmt = NULL;
  BdTimeParser parser = { 0, };
  const char *statuses[6];
  guint n_statuses = query_statuses (query, statuses);

  sql = g_strdup_printf ("SELECT l.id%s FROM order_lines l INDEXED BY order_lines_queue"
                         " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                         " AND l.status IS ?1 AND l.priority = ?2%s"
                         " ORDER BY l.ordered_at %s, l.id %s LIMIT ?3",
                         sort_columns (query->sort),
                         today != NULL ? " AND l.promised_at < ?4" : "",
                         time_sign > 0 ? "ASC" : "DESC", order.id > 0 ? "ASC" : "DESC");
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint s = 0; s < n_statuses; s++)
    for (int priority = 0; priority <= 2; priority++)
      {
        sqlite3_reset (stmt);
        sqlite3_bind_text (stmt, 1, statuses[s], -1, SQLITE_STATIC);
        sqlite3_bind_int (stmt, 2, priority);
        sqlite3_bind_int (stmt, 3, n);
        if (today != NULL)
          sqlite3_bind_text (stmt, 4, today, -1, SQLITE_STATIC);
        if (!read_items (store, query, NULL, &parser, stmt, candidates, error))
          return FALSE;
      }

  return TRUE;
}

/* The conditions of @query's status and overdue filters, literal but for
 * today (parameter @today_param). */
static void
append_status_conditions (GString       *sql,
                          const BdBackorderQuery *query,
                          guint          today_param)
{
  switch (query->status)
    {
    case BD_STATUS_FILTER_OPEN:
      g_string_append_printf (sql, " AND l.status IN (%s)", bd_status_open_sql ());
      break;
    case BD_STATUS_FILTER_ALL:
      break;
    default:
      /* one of our own names, not a person's text */
      g_string_append_printf (sql, " AND l.status = '%s'", status_filters[query->status]);
    }

  if (query->overdue)
    g_string_append_printf (sql, " AND l.status IN (%s) AND l.promised_at < ?%u",
                            bd_status_open_sql (), today_param);
}

static gboolean
first_by_walk (BdStore        *store,
               const BdBackorderQuery  *query,
               const BdRanks  *ranks,
               guint           n,
               GCancellable   *cancellable,
               GArray         *candidates,
               gboolean       *found,
               GError        **error)
{
  BdSortOrder order = sort_order (query->sort, query->descending);
  g_autofree char *today = query->overdue ? bd_today_start_utc () : NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(BdStmt) stmt = NULL;
  guint n_rows = bd_ranks_get_n_rows (ranks);
  SortKeys keys = { ranks, };
  gint64 last_rank = -1;
  const char *column;

  switch (query->sort)
    {
    case BD_SORT_ORDER_REF: column = "l.order_id"; break;
    case BD_SORT_CUSTOMER: column = "l.customer_id"; break;
    case BD_SORT_PRODUCT: column = "l.product_id"; break;
    case BD_SORT_SUPPLIER: column = "l.product_id"; break;
    default: g_assert_not_reached ();
    }

  /* each from the index of lines by order, customer or product */
  g_string_printf (sql, "SELECT l.id%s FROM order_lines l WHERE %s = ?1"
                        " AND l.backordered_quantity > 0 AND l.deleted = 0",
                   sort_columns (query->sort), column);
  append_status_conditions (sql, query, 2);
  stmt = bd_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  *found = FALSE;
  for (guint visited = 0; visited < n_rows; visited++)
    {
      guint nth = order.k1 > 0 ? visited : n_rows - 1 - visited;
      gint64 id = bd_ranks_get_nth_id (ranks, nth);
      gint64 rank = bd_ranks_lookup (ranks, id);

      /* entities of one rank (one name) sort their lines together */
      if (candidates->len >= n && rank != last_rank)
        break;
      if (visited >= WALK_MAX || g_cancellable_is_cancelled (cancellable))
        return TRUE;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      if (today != NULL)
        sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
      if (!read_items (store, query, &keys, NULL, stmt, candidates, error))
        return FALSE;
      last_rank = rank;
    }

  *found = TRUE;
  return TRUE;
}

/* The statements that read the first lines of a status by id. */
typedef struct
{
  BdStmt *count;
  BdStmt *few;
  BdStmt *many;
} ByIdStmts;

static void
by_id_stmts_clear (ByIdStmts *stmts)
{
  g_clear_pointer (&stmts->count, bd_stmt_free);
  g_clear_pointer (&stmts->few, bd_stmt_free);
  g_clear_pointer (&stmts->many, bd_stmt_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ByIdStmts, by_id_stmts_clear)

static gboolean
by_id_stmts_prepare (ByIdStmts  *stmts,
                     BdStore    *store,
                     gboolean    ascending,
                     GError    **error)
{
  stmts->count = bd_store_prepare (store,
                                   "SELECT count(*) FROM (SELECT 1 FROM order_lines l INDEXED BY order_lines_queue"
                                   " WHERE l.backordered_quantity > 0 AND l.deleted = 0 AND l.status IS ?1 LIMIT ?2)",
                                   error);
  stmts->few = stmts->count ? bd_store_prepare (store,
                                                "SELECT l.id, l.status, NULL, NULL FROM order_lines l"
                                                " INDEXED BY order_lines_queue"
                                                " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                                                " AND l.status IS ?1",
                                                error) : NULL;
  stmts->many = stmts->few ? bd_store_prepare (store,
                                               ascending
                                               ? "SELECT l.id, l.status, NULL, NULL FROM order_lines l NOT INDEXED"
                                                 " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                                                 " AND l.status IS ?1 ORDER BY l.id ASC LIMIT ?2"
                                               : "SELECT l.id, l.status, NULL, NULL FROM order_lines l NOT INDEXED"
                                                 " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                                                 " AND l.status IS ?1 ORDER BY l.id DESC LIMIT ?2",
                                               error) : NULL;
  return stmts->many != NULL;
}

/* Adds to @candidates the first @n lines of @status in the order of
 * their id (@stmts' direction): from the table for a status of many
 * lines, all of them from the queue's index for one of few. */
static gboolean
read_first_by_id (BdStore                 *store,
                  const BdBackorderQuery  *query,
                  const SortKeys          *keys,
                  ByIdStmts               *stmts,
                  const char              *status,
                  guint                    n,
                  GArray                  *candidates,
                  GError                 **error)
{
  gint64 lines = DENSE_MIN;
  sqlite3_stmt *stmt;

  sqlite3_bind_text (stmts->count, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmts->count, 2, DENSE_MIN);
  if (sqlite3_step (stmts->count) == SQLITE_ROW)
    lines = sqlite3_column_int64 (stmts->count, 0);
  sqlite3_reset (stmts->count);

  stmt = lines < DENSE_MIN ? stmts->few : stmts->many;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  if (stmt == stmts->many)
    sqlite3_bind_int (stmt, 2, n);
  return read_items (store, query, keys, NULL, stmt, candidates, error);
}

static gboolean
first_by_status (BdStore        *store,
                 const BdBackorderQuery  *query,
                 guint           n,
                 GArray         *candidates,
                 GError        **error)
{
  BdSortOrder order = sort_order (query->sort, query->descending);
  g_auto(ByIdStmts) stmts = { NULL, };
  const char *statuses[6];
  guint n_statuses = query_statuses (query, statuses);

  if (!by_id_stmts_prepare (&stmts, store, order.id > 0, error))
    return FALSE;

  for (guint i = 0; i < n_statuses && candidates->len < n; i++)
    {
      const char *status = statuses[order.k1 > 0 ? i : n_statuses - 1 - i];

      if (!read_first_by_id (store, query, NULL, &stmts, status, n, candidates, error))
        return FALSE;
    }

  return TRUE;
}

/* The ETA sort's first rows: lines with an ETA first (their day, then
 * their id), the others after in the order of their id. Among the lines
 * of each status the first are:
 * - on_order: the first @n stored ETAs from order_lines_eta (in the
 *   sort's order: date-only text, then id), and all those without one
 *   (few: a PO with no date); allocated: all of them;
 * - waiting: every one (by the lead time of its product's preferred
 *   supplier, or a PO covering part of it: they are read whole, from the
 *   queue's index, 10 ms for 100,000);
 * - closed, and a line without a status: no ETA; needed only when fewer
 *   than @n lines have one, and then their first @n by id.
 * FALSE in *found where that is not the way (an overdue filter, a stored
 * ETA that is not a date). */
static gboolean
first_by_eta (BdStore                 *store,
              const BdBackorderQuery  *query,
              guint                    n,
              GArray                  *candidates,
              gboolean                *found,
              GError                 **error)
{
  BdSortOrder order = sort_order (query->sort, query->descending);
  g_auto(SortKeys) keys = { NULL, };
  g_autoptr(BdStmt) stored = NULL;
  g_autoptr(BdStmt) unstored = NULL;
  g_autoptr(BdStmt) waiting = NULL;
  const char *statuses[6];
  guint n_statuses = query_statuses (query, statuses);
  guint with_eta = 0;
  gboolean closed = FALSE;

  *found = FALSE;
  if (query->overdue)
    return TRUE;
  if (!sort_keys_load_eta (&keys, store, query, FALSE, error))
    return FALSE;

  stored = bd_store_prepare (store,
                             order.k2 > 0
                             ? "SELECT l.id, l.status, l.eta, NULL FROM order_lines l INDEXED BY order_lines_eta"
                               " WHERE" ETA_INDEXED_SQL " AND l.status = ?1 AND l.eta IS NOT NULL"
                               " ORDER BY l.eta ASC, l.id ASC LIMIT ?2"
                             : "SELECT l.id, l.status, l.eta, NULL FROM order_lines l INDEXED BY order_lines_eta"
                               " WHERE" ETA_INDEXED_SQL " AND l.status = ?1 AND l.eta IS NOT NULL"
                               " ORDER BY l.eta DESC, l.id DESC LIMIT ?2",
                             error);
  unstored = stored ? bd_store_prepare (store,
                                        "SELECT l.id, l.status, NULL, NULL FROM order_lines l"
                                        " INDEXED BY order_lines_eta"
                                        " WHERE" ETA_INDEXED_SQL " AND l.status = ?1 AND l.eta IS NULL",
                                        error) : NULL;
  waiting = unstored ? bd_store_prepare (store,
                                         "SELECT l.id, l.status, NULL, l.product_id FROM order_lines l"
                                         " INDEXED BY order_lines_queue"
                                         " WHERE l.backordered_quantity > 0 AND l.deleted = 0"
                                         " AND l.status = 'waiting'",
                                         error) : NULL;
  if (waiting == NULL)
    return FALSE;

  for (guint i = 0; i < n_statuses; i++)
    {
      guint before = candidates->len;

      if (g_strcmp0 (statuses[i], "waiting") == 0)
        {
          if (!read_items (store, query, &keys, NULL, waiting, candidates, error))
            return FALSE;
        }
      else if (g_strcmp0 (statuses[i], "on_order") == 0 || g_strcmp0 (statuses[i], "allocated") == 0)
        {
          /* an allocated line's ETA is no sooner than today + the
           * handling days (eta_day_of()): those whose stored date is
           * sooner tie there, in the order of their id, so all of them
           * are read (lines set aside to ship are few) */
          sqlite3_bind_text (stored, 1, statuses[i], -1, SQLITE_STATIC);
          sqlite3_bind_int (stored, 2, g_str_equal (statuses[i], "allocated") ? -1 : (int)n);
          while (sqlite3_step (stored) == SQLITE_ROW)
            {
              const char *eta = (const char *)sqlite3_column_text (stored, 2);
              gint64 day;

              /* text order is the order of days only for dates alone */
              if (strlen (eta) != 10 || !day_number (eta, &day))
                return TRUE;
            }
          sqlite3_reset (stored);
          sqlite3_bind_text (unstored, 1, statuses[i], -1, SQLITE_STATIC);
          if (!read_items (store, query, &keys, NULL, stored, candidates, error) ||
              !read_items (store, query, &keys, NULL, unstored, candidates, error))
            return FALSE;
        }
      else
        closed = TRUE;

      for (guint c = before; c < candidates->len; c++)
        with_eta += g_array_index (candidates, BdSortItem, c).k1 == 0;
    }

  /* the lines without an ETA come after every line with one */
  if (closed && with_eta < n)
    {
      g_auto(ByIdStmts) stmts = { NULL, };

      if (!by_id_stmts_prepare (&stmts, store, order.id > 0, error))
        return FALSE;
      for (guint i = 0; i < n_statuses; i++)
        if (!bd_status_is_open (statuses[i]) &&
            !read_first_by_id (store, query, &keys, &stmts, statuses[i], n, candidates, error))
          return FALSE;
    }

  *found = TRUE;
  return TRUE;
}

/* The first @n ids of @query's result (fewer if the result is shorter),
 * or NULL when there is no way to them but the whole result (set @error
 * only on an error). */
static GArray *
first_ids (BdStore        *store,
           const BdBackorderQuery  *query,
           const BdRanks  *ranks,
           guint           n,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (BdSortItem));
  g_autoptr(GArray) first = NULL;
  BdSortOrder order = sort_order (query->sort, query->descending);
  gboolean found = TRUE;
  gboolean ok;
  GArray *ids;

  switch (query->sort)
    {
    case BD_SORT_QUEUE:
    case BD_SORT_PRIORITY:
    case BD_SORT_AGE:
      ok = first_in_ranges (store, query, n, candidates, error);
      break;
    case BD_SORT_ORDER_REF:
    case BD_SORT_CUSTOMER:
    case BD_SORT_PRODUCT:
    case BD_SORT_SUPPLIER:
      ok = first_by_walk (store, query, ranks, n, cancellable, candidates, &found, error);
      break;
    case BD_SORT_STATUS:
      /* overdue lines may be few among their status */
      if (query->overdue)
        return NULL;
      ok = first_by_status (store, query, n, candidates, error);
      break;
    case BD_SORT_ETA:
      ok = first_by_eta (store, query, n, candidates, &found, error);
      break;
    default:
      return NULL;
    }
  if (!ok || !found)
    return NULL;

  first = g_array_sized_new (FALSE, FALSE, sizeof (BdSortItem), n);
  bd_sort_first (candidates, n, &order, first);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), first->len);
  for (guint i = 0; i < first->len; i++)
    g_array_append_val (ids, g_array_index (first, BdSortItem, i).id);
  return ids;
}

/* Whether @query's status filters select at least @rows lines (the
 * other filters are not the early ways'). */
static gboolean
reaches (BdStore                *store,
         const BdBackorderQuery *query,
         guint                   rows)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM (SELECT 1 FROM order_lines l"
                                         " INDEXED BY order_lines_queue"
                                         " WHERE l.backordered_quantity > 0 AND l.deleted = 0");
  g_autofree char *today = query->overdue ? bd_today_start_utc () : NULL;
  g_autoptr(BdStmt) stmt = NULL;

  append_status_conditions (sql, query, 2);
  g_string_append (sql, " LIMIT ?1)");
  stmt = bd_store_prepare (store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, rows);
  if (today != NULL)
    sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) >= rows;
}

static void
deliver_first (GArray         *items,
               guint           n,
               const BdSortOrder *order,
               BdFirstIdsFunc  func,
               gpointer        user_data)
{
  g_autoptr(GArray) first = g_array_sized_new (FALSE, FALSE, sizeof (BdSortItem), n);
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  bd_sort_first (items, n, order, first);
  for (guint i = 0; i < first->len; i++)
    g_array_append_val (ids, g_array_index (first, BdSortItem, i).id);
  func ((const gint64 *)(gpointer)ids->data, ids->len, user_data);
}

GArray *
bd_backorder_query_run_ids (BdStore        *store,
                  const BdBackorderQuery  *query,
                  GCancellable   *cancellable,
                  GError        **error)
{
  return bd_backorder_query_run_ids_first (store, query, 0, NULL, NULL, cancellable, error);
}

/* The ordered ids of every line @query selects, as bd_backorder_query_run_ids().
 * With @n_first > 0, @first_ids may receive the first @n_first of them
 * before the whole result is read and sorted (see first_ids()); call it
 * in a read transaction, so that both come from the same state of the
 * store. */
GArray *
bd_backorder_query_run_ids_first (BdStore         *store,
                        const BdBackorderQuery   *query,
                        guint            n_first,
                        BdFirstIdsFunc   first_ids_func,
                        gpointer         user_data,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (BdSortItem));
  g_autoptr(BdStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  BdTimeParser parser = { 0, };
  BdSortOrder order = sort_order (query->sort, query->descending);
  const BdRanks *ranks = NULL;
  g_auto(SortKeys) keys = { NULL, };
  g_auto(NoticeFilter) notice_filter = { NULL, };
  gboolean searching = FALSE;
  gboolean try_early;
  gboolean first_sent = FALSE;
  gulong handler = 0;
  int rc = SQLITE_ERROR;
  gint64 t_start = g_get_monotonic_time (), t_keys = t_start, t_scan = t_start;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (n_first == 0 || first_ids_func != NULL, NULL);

  sql = build_sql (store, query, params, &searching);
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  if (query->needs_notice && !notice_filter_load (&notice_filter, store, query->sort, error))
    return NULL;

  for (guint i = 0; i < params->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (params, i), -1, SQLITE_STATIC);

  /* A search overtaken by the next keystroke stops at once, sorting
   * included, instead of holding a core until it is done. */
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb),
                                     bd_store_get_db (store), NULL);

  /* Only a long result is worth finding its first rows another way:
   * when the whole one reaches early_sort_min rows, they are looked for
   * (on the same connection, in the same transaction) before it goes on. */
  try_early = n_first > 0 && !searching && !bd_backorder_query_has_figure (query) &&
              !query->not_covered && !query->must_cancel && !query->needs_notice &&
              (query->product_sku == NULL || *query->product_sku == '\0') &&
              (query->supplier_ref == NULL || *query->supplier_ref == '\0');

  /* The ETA sort's first rows take a few reads of the indexes, its keys
   * for every line a pass over the stored ETAs: they are looked for
   * before, as soon as the result proves long. */
  if (try_early && query->sort == BD_SORT_ETA && !query->overdue && reaches (store, query, early_sort_min))
    {
      g_autoptr(GError) early_error = NULL;
      g_autoptr(GArray) first = first_ids (store, query, NULL, n_first, cancellable, &early_error);

      if (first != NULL)
        {
          first_ids_func ((const gint64 *)(gpointer)first->data, first->len, user_data);
          first_sent = TRUE;
        }
      else if (early_error != NULL && !g_cancellable_is_cancelled (cancellable))
        g_warning ("Cannot find the first lines early: %s", early_error->message);
    }

  if (needs_ranks (query->sort))
    ranks = ranks_for (store, query->sort, error);
  keys.ranks = ranks;
  t_keys = g_get_monotonic_time ();
  if ((ranks != NULL || !needs_ranks (query->sort)) && sort_keys_load (&keys, store, query, error))
    {
      guint n = 0;

      t_scan = g_get_monotonic_time ();

      /* written in place into an array that doubles: appending each
       * row was 2% of reading 400,000 lines */
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (query->needs_notice && !notice_filter_passes (&notice_filter, stmt))
            continue;
          if (G_UNLIKELY (n == items->len))
            g_array_set_size (items, MAX (4096, items->len * 2));
          g_array_index (items, BdSortItem, n++) = sort_item (query->sort, &keys, &parser, stmt);

          if (G_UNLIKELY (try_early && n == early_sort_min && query->sort != BD_SORT_ETA))
            {
              g_autoptr(GError) early_error = NULL;
              g_autoptr(GArray) first = first_ids (store, query, ranks, n_first, cancellable, &early_error);

              if (first != NULL)
                {
                  first_ids_func ((const gint64 *)(gpointer)first->data, first->len, user_data);
                  first_sent = TRUE;
                }
              else if (early_error != NULL && !g_cancellable_is_cancelled (cancellable))
                g_warning ("Cannot find the first lines early: %s", early_error->message);
            }
        }
      g_array_set_size (items, n);
      if (rc != SQLITE_DONE && !g_cancellable_is_cancelled (cancellable))
        bd_store_set_sql_error (store, error, _("searching"));
      g_debug ("sort %s: early %.1f ms, keys %.1f ms, %u rows read in %.1f ms", sort_keys[query->sort],
               (t_keys - t_start) / 1000.0, (t_scan - t_keys) / 1000.0, n, (g_get_monotonic_time () - t_scan) / 1000.0);
    }

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    return NULL;

  if (n_first > 0 && !first_sent && items->len >= early_sort_min)
    deliver_first (items, n_first, &order, first_ids_func, user_data);

  bd_sort_items (items, &order);
  g_array_set_size (ids, items->len);
  for (guint i = 0; i < items->len; i++)
    g_array_index (ids, gint64, i) = g_array_index (items, BdSortItem, i).id;

  return g_steal_pointer (&ids);
}

/* 1 if the store holds any order line, 0 if not, -1 on error: what the
 * window asks to choose between the queue and the empty page. */
int
bd_backorder_query_has_lines (BdStore  *store,
                    GError  **error)
{
  g_autoptr(BdStmt) stmt = NULL;
  int has_lines;

  g_return_val_if_fail (BD_IS_STORE (store), -1);

  stmt = bd_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM order_lines WHERE deleted = 0)", error);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      bd_store_set_sql_error (store, error, _("reading"));
      return -1;
    }

  has_lines = sqlite3_column_int (stmt, 0);
  return has_lines ? 1 : 0;
}

void
bd_supplier_info_free (gpointer data)
{
  BdSupplierInfo *info = data;

  g_free (info->ref);
  g_free (info->name);
  g_free (info);
}

/* Suppliers by name, for filters: a shop has tens of them, not millions. */
GPtrArray *
bd_backorder_query_list_suppliers (BdStore  *store,
                         GError  **error)
{
  g_autoptr(GPtrArray) suppliers = g_ptr_array_new_with_free_func (bd_supplier_info_free);
  g_autoptr(BdStmt) stmt = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  stmt = bd_store_prepare (store,
                           "SELECT ref, name FROM suppliers WHERE deleted = 0"
                           " ORDER BY name COLLATE NOCASE, ref",
                           error);
  if (stmt == NULL)
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BdSupplierInfo *info = g_new0 (BdSupplierInfo, 1);

      info->ref = bd_stmt_dup_text (stmt, 0);
      info->name = bd_stmt_dup_text (stmt, 1);
      g_ptr_array_add (suppliers, info);
    }

  return g_steal_pointer (&suppliers);
}

/* Text as matching compares it: without accents, in one case. Not
 * bd_sort_key(), which makes every letter outside Latin a "?". */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  g_autoptr(GString) bare = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, -1);
}

/* TRUE when a word of @folded (after a space or a punctuation mark)
 * starts with @prefix: "mugs" in "nordic mugs", "red" in "mug-red". */
static gboolean
has_word_prefix (const char *folded,
                 const char *prefix)
{
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      if (p != folded && g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (p))))
        continue;
      if (g_str_has_prefix (p, prefix))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint rank;
  guint order;
  gpointer info;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int
compare_product_rank (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return strcmp (((BdProductInfo *)x->info)->sku, ((BdProductInfo *)y->info)->sku);
}

#define NOT_MATCHED G_MAXUINT

/* How well @text (folded) matches a supplier: its name starts with it,
 * its reference does, a word of its name does, or either holds it. */
static guint
supplier_rank (const BdSupplierInfo *info,
               const char           *text)
{
  g_autofree char *name = fold (info->name);
  g_autofree char *ref = fold (info->ref);

  if (g_str_has_prefix (name, text))
    return 0;
  if (g_str_has_prefix (ref, text))
    return 1;
  if (has_word_prefix (name, text))
    return 2;
  if (strstr (name, text) != NULL || strstr (ref, text) != NULL)
    return 3;
  return NOT_MATCHED;
}

/* The suppliers of @suppliers (BdSupplierInfo, as listed by
 * bd_backorder_query_list_suppliers()) that @text names, best first, at
 * most @limit: what a person typing a supplier is offered. Any case, with
 * or without accents, by name (as shown) or by reference. A shop has tens
 * of suppliers, which the filter holds: no query.
 *
 * Returns: (transfer container) (element-type BdSupplierInfo): items of
 * @suppliers, which must outlive it */
GPtrArray *
bd_supplier_info_match (GPtrArray  *suppliers,
                        const char *text,
                        guint       limit)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *folded = fold (stripped);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GPtrArray *matches = g_ptr_array_new ();

  g_return_val_if_fail (suppliers != NULL, matches);

  if (*folded == '\0')
    return matches;

  for (guint i = 0; i < suppliers->len; i++)
    {
      Ranked r = { supplier_rank (g_ptr_array_index (suppliers, i), folded), i,
                   g_ptr_array_index (suppliers, i) };

      if (r.rank != NOT_MATCHED)
        g_array_append_val (ranked, r);
    }

  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len && i < limit; i++)
    g_ptr_array_add (matches, g_array_index (ranked, Ranked, i).info);

  return matches;
}

void
bd_product_info_free (gpointer data)
{
  BdProductInfo *info = data;

  g_free (info->sku);
  g_free (info->name);
  g_free (info);
}

/* Adds the products @stmt (bound) yields to @found, once each by SKU. */
static gboolean
collect_products (BdStore      *store,
                  sqlite3_stmt *stmt,
                  GHashTable   *found,
                  GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sku = (const char *)sqlite3_column_text (stmt, 0);

      if (!g_hash_table_contains (found, sku))
        {
          BdProductInfo *info = g_new0 (BdProductInfo, 1);

          info->sku = bd_stmt_dup_text (stmt, 0);
          info->name = bd_stmt_dup_text (stmt, 1);
          g_hash_table_insert (found, info->sku, info);
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("looking up products"));
      return FALSE;
    }

  return TRUE;
}

/* How many products the search index is asked for, before ranking: the
 * SKU prefixes come from the SKU index, all of them up to @limit. */
#define SUGGEST_FTS_ROWS 200

/* The products a person typing @text in the SKU filter is offered, best
 * first, at most @limit: those whose SKU starts with it (any case), then
 * those whose name does, then those with a word of their SKU or name
 * that does ("red" for MUG-RED, "skillet" for Cast Iron Skillet). From
 * the SKU index (a range for the text as typed, in capitals and in lower
 * case: SKUs are mostly one or the other) and the products' search index,
 * never a scan of the products.
 *
 * Returns: (transfer full) (element-type BdProductInfo) */
GPtrArray *
bd_backorder_query_suggest_products (BdStore     *store,
                                     const char  *text,
                                     guint        limit,
                                     GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *folded = fold (stripped);
  g_autofree char *fts = bd_backorder_query_fts_term (stripped);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, bd_product_info_free);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func (bd_product_info_free);
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;
  const char *prefixes[3];
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (*stripped == '\0' || limit == 0)
    return g_steal_pointer (&suggestions);

  upper = g_utf8_strup (stripped, -1);
  lower = g_utf8_strdown (stripped, -1);
  prefixes[0] = stripped;
  prefixes[1] = upper;
  prefixes[2] = lower;

  stmt = bd_store_cached (store,
                          "SELECT sku, name FROM products WHERE sku >= ?1 AND sku < ?2 AND deleted = 0"
                          " ORDER BY sku LIMIT ?3",
                          error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *end = g_strdup (prefixes[i]);
      gsize len = strlen (end);

      if ((i == 1 && g_str_equal (upper, stripped)) ||
          (i == 2 && (g_str_equal (lower, stripped) || g_str_equal (lower, upper))))
        continue;

      /* every text starting with the prefix sorts before this (UTF-8
       * never has a byte 0xFF to carry over) */
      end[len - 1]++;
      sqlite3_bind_text (stmt, 1, prefixes[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, end, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, limit);
      if (!collect_products (store, stmt, found, error))
        return NULL;
    }

  if (fts != NULL)
    {
      stmt = bd_store_cached (store,
                              "SELECT p.sku, p.name FROM products_fts f JOIN products p ON p.id = f.rowid"
                              " WHERE products_fts MATCH ?1 AND p.deleted = 0 LIMIT ?2",
                              error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, SUGGEST_FTS_ROWS);
      if (!collect_products (store, stmt, found, error))
        return NULL;
    }

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BdProductInfo *info = value;
      g_autofree char *sku = fold (info->sku);
      g_autofree char *name = fold (info->name);
      Ranked r = { 2, 0, info };

      if (g_str_has_prefix (sku, folded))
        r.rank = 0;
      else if (g_str_has_prefix (name, folded))
        r.rank = 1;
      g_array_append_val (ranked, r);
    }

  /* within a rank, by SKU */
  g_array_sort_with_data (ranked, compare_product_rank, NULL);
  for (guint i = 0; i < ranked->len && i < limit; i++)
    {
      BdProductInfo *info = g_array_index (ranked, Ranked, i).info;

      g_hash_table_steal (found, info->sku);
      g_ptr_array_add (suggestions, info);
    }

  return g_steal_pointer (&suggestions);
}

/* Checks a query's SKU and supplier filters against the store, so that a
 * mistyped one is an error that names it rather than an empty list; a
 * supplier may be given by its reference or by the name people see, which
 * becomes its reference in @query. */
gboolean
bd_backorder_query_resolve_filters (BdStore  *store,
                          BdBackorderQuery  *query,
                          GError  **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  if (query->product_sku != NULL && *query->product_sku != '\0')
    {
      g_autoptr(BdStmt) stmt = bd_store_prepare (store,
                                                 "SELECT 1 FROM products WHERE sku = ? AND deleted = 0",
                                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, query->product_sku, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                       _("There is no product with the SKU “%s”"), query->product_sku);
          return FALSE;
        }
    }

  if (query->supplier_ref != NULL && *query->supplier_ref != '\0')
    {
      g_autoptr(BdStmt) stmt = NULL;
      g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);

      /* the reference first; a name only when no reference is spelled so */
      stmt = bd_store_prepare (store,
                               "SELECT ref FROM suppliers WHERE deleted = 0 AND ref = ?1"
                               " UNION ALL "
                               "SELECT ref FROM suppliers WHERE deleted = 0 AND name = ?1 COLLATE NOCASE"
                               " AND NOT EXISTS (SELECT 1 FROM suppliers WHERE deleted = 0 AND ref = ?1)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, query->supplier_ref, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (refs, bd_stmt_dup_text (stmt, 0));

      if (refs->len == 0)
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
                       _("There is no supplier “%s” (by reference or name)"), query->supplier_ref);
          return FALSE;
        }
      if (refs->len > 1)
        {
          g_autofree char *listed = NULL;

          g_ptr_array_add (refs, NULL);
          listed = g_strjoinv (", ", (char **)refs->pdata);
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_AMBIGUOUS,
                       _("More than one supplier is called “%s”; give one of their references: %s"),
                       query->supplier_ref, listed);
          return FALSE;
        }

      g_free (query->supplier_ref);
      query->supplier_ref = g_strdup (g_ptr_array_index (refs, 0));
    }

  return TRUE;
}
