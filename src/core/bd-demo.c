/* bd-demo.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-actions.h"
#include "bd-csv.h"
#include "bd-demo.h"
#include "bd-notes.h"
#include "bd-backorder-query.h"
#include "bd-purchase-orders.h"
#include "bd-receiving.h"
#include "bd-replenish.h"

/* The demo writes the three CSV files a shop would export and imports them
 * through the real import, then does some desk work (priorities, notes, a
 * complaint) through the real actions, and purchasing through the real
 * purchasing calls: a history of POs received over the past months, and
 * today's POs in every state. */

static const char * const first_names[] = {
  "Ada", "Bruno", "Chloé", "Dmitri", "Eva", "Farah", "Gustav", "Hana", "Ines", "Jonas",
  "Kai", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
  "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë",
};
static const char * const last_names[] = {
  "Andersson", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hoffmann",
  "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrov",
  "Quinn", "Rossi", "Schmidt", "Tanaka", "Underwood", "Virtanen", "Weber", "Yilmaz",
};
static const char * const adjectives[] = {
  "Enamel", "Oak", "Linen", "Copper", "Ceramic", "Wool", "Bamboo", "Glass", "Cast Iron",
  "Walnut", "Stoneware", "Leather",
};
static const char * const nouns[] = {
  "Mug", "Teapot", "Cutting Board", "Table Lamp", "Throw Blanket", "Skillet", "Vase",
  "Serving Bowl", "Desk Organiser", "Plant Pot", "Notebook Cover", "Coaster Set",
};
static const char * const colours[] = { "Red", "Sand", "Slate", "Sage", "Ochre", "Ink" };
static const char * const supplier_names[] = {
  "Nordic Homeware AB", "Atelier Ceramica", "Pacific Woodcraft", "Linen & Loom",
  "Forge Brothers", "Glasshaus GmbH", "Bamboo Works", "Tannery Lane",
};
static const char * const note_texts[] = {
  "Customer asked for an update by phone.",
  "Customer is happy to wait; gift for next month.",
  "Offered a substitute colour, customer declined.",
  "Customer wants it before the holidays, please chase.",
};

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

#define PICK(rand, list) pick (rand, list, G_N_ELEMENTS (list))

static char *
format_day (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
import_text (BdStore       *store,
             BdImportKind   kind,
             GString       *text,
             const char    *name,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text->str, text->len);
  g_autoptr(BdCsvReader) reader = bd_csv_reader_new_for_bytes (bytes, name);

  return bd_import_reader (store, kind, reader, NULL, NULL, NULL, cancellable, error);
}

/* What the steps of one sample dataset share. The random numbers are drawn
 * in the same order on every run of a seed: the tests name lines of it. */
typedef struct
{
  GRand *rand;
  GDateTime *now;
  guint n_orders;
  guint n_products;
  guint n_customers;
  guint n_suppliers;
  int *lead_times;        /* days, per supplier */
  int *prices;            /* whole units, per product */
  char **product_names;
  char **product_skus;
} Demo;

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->rand, g_rand_free);
  g_clear_pointer (&demo->now, g_date_time_unref);
  g_clear_pointer (&demo->lead_times, g_free);
  g_clear_pointer (&demo->prices, g_free);
  g_clear_pointer (&demo->product_names, g_strfreev);
  g_clear_pointer (&demo->product_skus, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static GString *
suppliers_csv (Demo *demo)
{
  GString *suppliers = g_string_new ("supplier_ref,name,email,phone,lead_time_days\r\n");

  for (guint s = 0; s < demo->n_suppliers; s++)
    {
      g_autofree char *slug = g_ascii_strdown (supplier_names[s], 6);
      const char *values[5];
      g_autofree char *ref = g_strdup_printf ("SUP-%02u", s + 1);
      g_autofree char *email = NULL;
      g_autofree char *phone = g_strdup_printf ("+49 30 %07d", g_rand_int_range (demo->rand, 1000000, 9999999));
      g_autofree char *lead = NULL;

      g_strdelimit (slug, " &", '-');
      email = g_strdup_printf ("orders@%s.example", slug);
      demo->lead_times[s] = g_rand_int_range (demo->rand, 7, 42);
      lead = g_strdup_printf ("%d", demo->lead_times[s]);
      values[0] = ref; values[1] = supplier_names[s]; values[2] = email;
      values[3] = phone; values[4] = lead;
      bd_csv_append_row (suppliers, values, 5);
    }

  return suppliers;
}

static GString *
products_csv (Demo *demo)
{
  GRand *rand = demo->rand;
  GString *products = g_string_new ("sku,name,on_hand,reorder_point,safety_stock,"
                                    "pack_size,supplier_ref,unit_cost,lead_time_days\r\n");

  for (guint p = 0; p < demo->n_products; p++)
    {
      const char *values[9];
      guint s = p % demo->n_suppliers;
      const char *colour = PICK (rand, colours);
      g_autofree char *sku = g_ascii_strup (colour, 3);
      g_autofree char *name = g_strdup_printf ("%s %s, %s", PICK (rand, adjectives), PICK (rand, nouns), colour);
      g_autofree char *on_hand = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 40));
      g_autofree char *reorder = g_strdup_printf ("%d", g_rand_int_range (rand, 5, 20));
      g_autofree char *safety = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 5));
      g_autofree char *supplier = g_strdup_printf ("SUP-%02u", s + 1);
      g_autofree char *cost = NULL;

      demo->product_skus[p] = g_strdup_printf ("%s-%05u", sku, p + 1);
      demo->prices[p] = g_rand_int_range (rand, 8, 120);
      cost = g_strdup_printf ("%d.%02d", demo->prices[p] / 2, g_rand_int_range (rand, 0, 100));
      demo->product_names[p] = g_strdup (name);
      values[0] = demo->product_skus[p]; values[1] = name; values[2] = on_hand; values[3] = reorder;
      values[4] = safety; values[5] = (p % 3 == 0) ? "6" : "1"; values[6] = supplier;
      values[7] = cost; values[8] = NULL;
      bd_csv_append_row (products, values, 9);
    }

  return products;
}

/* One line of a sample order: three in ten are short, and of those the old
 * ones have mostly been shipped by now, a few cancelled. */
static void
append_order_line (Demo       *demo,
                   GString    *orders,
                   const char *order_values[5],
                   GDateTime  *ordered,
                   int         age_minutes,
                   guint       p,
                   const char *currency)
{
  GRand *rand = demo->rand;
  const char *values[14];
  int qty = g_rand_int_range (rand, 1, 5);
  int bo = 0;
  int age_days = age_minutes / (24 * 60);
  g_autofree char *qty_text = g_strdup_printf ("%d", qty);
  g_autofree char *bo_text = NULL;
  g_autofree char *price = g_strdup_printf ("%d.%02d", demo->prices[p], (p * 37) % 100);
  g_autofree char *promised = NULL;
  g_autofree char *shipped = NULL;
  g_autofree char *cancelled = NULL;

  if (g_rand_int_range (rand, 0, 100) < 30)
    {
      int lead = demo->lead_times[p % demo->n_suppliers] + g_rand_int_range (rand, 0, 10);
      g_autoptr(GDateTime) promise = g_date_time_add_days (ordered, lead);
      int roll = g_rand_int_range (rand, 0, 100);

      bo = g_rand_int_range (rand, 1, qty + 1);
      promised = format_day (promise);

      if (age_days > lead + 10 && roll < 75)
        {
          g_autoptr(GDateTime) when = g_date_time_add_days (ordered, lead + g_rand_int_range (rand, -3, 9));
          if (g_date_time_compare (when, demo->now) > 0)
            when = g_date_time_ref (demo->now);
          shipped = format_day (when);
        }
      else if (roll >= 92)
        {
          g_autoptr(GDateTime) when = g_date_time_add_days (ordered, MIN (age_days, g_rand_int_range (rand, 1, 20)));
          cancelled = format_day (when);
        }
    }
  bo_text = g_strdup_printf ("%d", bo);

  values[0] = order_values[0]; values[1] = order_values[1]; values[2] = order_values[2];
  values[3] = order_values[3]; values[4] = order_values[4]; values[5] = demo->product_skus[p];
  values[6] = demo->product_names[p]; values[7] = qty_text; values[8] = bo_text;
  values[9] = price; values[10] = currency;
  values[11] = promised; values[12] = shipped; values[13] = cancelled;
  bd_csv_append_row (orders, values, 14);
}

/* Six months of orders of one to three lines each. */
static GString *
orders_csv (Demo           *demo,
            BdProgressFunc  progress,
            gpointer        progress_data)
{
  GRand *rand = demo->rand;
  GString *orders = g_string_new ("order_ref,ordered_at,customer_ref,customer_name,"
                                  "customer_email,sku,product_name,quantity,"
                                  "backordered_quantity,unit_price,currency,"
                                  "promised_at,shipped_at,cancelled_at\r\n");

  for (guint o = 0; o < demo->n_orders; o++)
    {
      guint c = g_rand_int_range (rand, 0, demo->n_customers);
      guint n_lines = g_rand_int_range (rand, 1, 4);
      int age_minutes = g_rand_int_range (rand, 0, 180 * 24 * 60);
      g_autoptr(GDateTime) ordered = g_date_time_add_minutes (demo->now, -age_minutes);
      g_autofree char *ordered_text = format_day (ordered);
      g_autofree char *order_ref = g_strdup_printf ("SO-%06u", 100001 + o);
      g_autofree char *customer_ref = g_strdup_printf ("C-%05u", c + 1);
      g_autofree char *customer_name = g_strdup_printf ("%s %s",
                                                        first_names[c % G_N_ELEMENTS (first_names)],
                                                        last_names[(c / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)]);
      g_autofree char *customer_email = g_strdup_printf ("customer%05u@mail.example", c + 1);
      const char *order_values[5] = { order_ref, ordered_text, customer_ref, customer_name, customer_email };
      guint first_product = g_rand_int_range (rand, 0, demo->n_products);

      for (guint l = 0; l < n_lines; l++)
        append_order_line (demo, orders, order_values, ordered, age_minutes,
                           (first_product + l * 7) % demo->n_products,
                           (o % 10 == 9) ? "EUR" : "USD");

      if (progress != NULL && (o & 0x3ff) == 0)
        progress (0.3 * o / demo->n_orders, progress_data);
    }

  return orders;
}

/* Some of the desk's own work on the open lines, as agents would have left
 * it: priorities, notes, a complaint now and then. */
static gboolean
desk_work (Demo          *demo,
           BdStore       *store,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) open_ids = bd_backorder_query_run_ids (store, query, cancellable, error);

  if (open_ids == NULL)
    return FALSE;

  for (guint i = 0; i < open_ids->len; i++)
    {
      gint64 id = g_array_index (open_ids, gint64, i);
      guint roll = g_rand_int_range (demo->rand, 0, 100);

      if (roll < 6 && !bd_actions_set_priority (store, &id, 1, 2, NULL, error))
        return FALSE;
      if (roll >= 6 && roll < 20 && !bd_actions_set_priority (store, &id, 1, 1, NULL, error))
        return FALSE;
      if (roll % 9 == 0 && !bd_notes_add (store, id, PICK (demo->rand, note_texts), NULL, error))
        return FALSE;
      if (roll == 97 && !bd_notes_add_complaint (store, id, "delay",
                                                 "Customer complained that the date keeps slipping.",
                                                 NULL, error))
        return FALSE;
      if ((i & 0xff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return TRUE;
}


/* The purchasing steps draw from a GRand of their own, so that the
 * numbers the steps before them draw, and with them the lines the tests
 * name, stay what they were. The store's clock is moved to the day each
 * thing happened and back to now at the end. */
typedef struct
{
  Demo *demo;
  BdStore *store;
  GRand *rand;
} Purchasing;

static void
set_day (Purchasing *p,
         int         days_ago,
         int         hour)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (p->demo->now, -days_ago);
  g_autoptr(GDateTime) at = g_date_time_new_utc (g_date_time_get_year (day), g_date_time_get_month (day),
                                                 g_date_time_get_day_of_month (day), hour, 0, 0);

  bd_store_set_fixed_clock (p->store, days_ago > 0 ? at : p->demo->now);
}

static char *
day_text (Purchasing *p,
          int         days_ago)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (p->demo->now, -days_ago);

  return g_date_time_format (day, "%Y-%m-%d");
}

static gint64
find_id (BdStore    *store,
         const char *sql,
         const char *key)
{
  g_autoptr(BdStmt) stmt = bd_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Sends the PO, and has the supplier confirm it @confirm_after days later
 * for the day @due_days_ago (negative: ahead); @confirm_after < 0: not
 * confirmed. */
static gboolean
send_and_confirm (Purchasing  *p,
                  gint64       po_id,
                  int          sent_days_ago,
                  int          confirm_after,
                  int          due_days_ago,
                  GError     **error)
{
  g_autofree char *due = day_text (p, due_days_ago);

  set_day (p, sent_days_ago, 9);
  if (!bd_purchase_orders_set_status (p->store, po_id, "sent", NULL, NULL, error))
    return FALSE;
  if (confirm_after < 0)
    return TRUE;

  set_day (p, sent_days_ago - confirm_after, 11);
  return bd_purchase_orders_set_status (p->store, po_id, "confirmed", due, NULL, error);
}

/* How late each sample supplier tends to be, in days: one early, one
 * very late, the others about on time. */
static const int supplier_lateness[] = { -2, 0, 1, 3, 8, 0, 2, -1 };

/* POs of the past months, in four rounds a month or more apart, one per
 * supplier a round, received on time, early or late, some in two
 * deliveries. They come before the orders (the file holds today's lines),
 * so what they brought went to stock. A round's POs are made in one call,
 * as a clerk makes them from the replenishment view. */
static gboolean
purchasing_history (Purchasing    *p,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Demo *demo = p->demo;

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (BdReplenishPlanItem));
      g_autoptr(BdReplenishResult) result = NULL;
      int ordered_days_ago = 175 - 40 * round - g_rand_int_range (p->rand, 0, 10);
      guint ordering[G_N_ELEMENTS (supplier_names)];
      guint n_ordering = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint s = 0; s < demo->n_suppliers; s++)
        {
          g_autofree char *ref = g_strdup_printf ("SUP-%02u", s + 1);
          int lateness = supplier_lateness[s % G_N_ELEMENTS (supplier_lateness)];
          /* the supplier's products are those of index s, s + n, s + 2n … */
          guint per = (demo->n_products - s + demo->n_suppliers - 1) / demo->n_suppliers;
          guint first = g_rand_int_range (p->rand, 0, per);
          gint64 first_product = 0;

          /* every delivery of the PO has come by now */
          if (ordered_days_ago - demo->lead_times[s] - lateness - 10 <= 2)
            continue;

          for (guint i = 0; i < 2 && (i == 0 || g_rand_boolean (p->rand)); i++)
            {
              guint product = s + ((first + i) % per) * demo->n_suppliers;
              BdReplenishPlanItem item;

              item.product_id = find_id (p->store, "SELECT id FROM products WHERE sku = ?",
                                         demo->product_skus[product]);
              item.supplier_id = find_id (p->store, "SELECT id FROM suppliers WHERE ref = ?", ref);
              item.quantity = 6 * g_rand_int_range (p->rand, 1, 5);
              item.seen_need = 0;
              if (item.product_id != first_product)
                g_array_append_val (items, item);
              first_product = item.product_id;
            }
          ordering[n_ordering++] = s;
        }

      set_day (p, ordered_days_ago, 8);
      result = bd_replenish_create_orders (p->store, (BdReplenishPlanItem *)(gpointer)items->data, items->len,
                                           error);
      if (result == NULL)
        return FALSE;

      /* one PO per supplier, in the order of their references */
      for (guint k = 0; k < result->numbers->len && k < n_ordering; k++)
        {
          guint s = ordering[k];
          g_autoptr(GPtrArray) lines = NULL;
          int late = supplier_lateness[s % G_N_ELEMENTS (supplier_lateness)] + g_rand_int_range (p->rand, -2, 3);
          int due_days_ago = ordered_days_ago - demo->lead_times[s];
          gint64 po_id;

          if (!bd_purchase_orders_find (p->store, result->numbers->pdata[k], &po_id, error) ||
              !send_and_confirm (p, po_id, ordered_days_ago, g_rand_int_range (p->rand, 1, 3), due_days_ago, error) ||
              !(lines = bd_purchase_orders_load_lines (p->store, po_id, error)))
            return FALSE;

          for (guint l = 0; l < lines->len; l++)
            {
              BdPoLine *line = g_ptr_array_index (lines, l);
              g_autoptr(BdReceipt) part = NULL;
              g_autoptr(BdReceipt) rest = NULL;
              int first_part = line->quantity;

              /* one delivery in four comes in two */
              if (g_rand_int_range (p->rand, 0, 4) == 0)
                first_part = line->quantity / 2;

              set_day (p, due_days_ago - late, 10);
              part = bd_receiving_receive (p->store, po_id, line->sku, first_part, BD_ALLOCATION_FIFO,
                                           BD_RECEIVE_NONE, error);
              if (part == NULL)
                return FALSE;
              if (first_part < line->quantity)
                {
                  set_day (p, due_days_ago - late - g_rand_int_range (p->rand, 3, 8), 10);
                  rest = bd_receiving_receive (p->store, po_id, line->sku, line->quantity - first_part,
                                               BD_ALLOCATION_FIFO, BD_RECEIVE_NONE, error);
                  if (rest == NULL)
                    return FALSE;
                }
            }
        }
    }

  set_day (p, 0, 0);
  return TRUE;
}

/* A draft PO for all a supplier's waiting demand, made @days_ago; its id,
 * or 0 when there is nothing to order. */
static gboolean
order_demand (Purchasing  *p,
              guint        s,
              int          days_ago,
              gint64      *po_id,
              GError     **error)
{
  g_autofree char *ref = g_strdup_printf ("SUP-%02u", s + 1);
  g_autoptr(BdReplenishResult) result = NULL;
  gint64 supplier_id;

  *po_id = 0;
  if (!bd_purchase_orders_find_supplier (p->store, ref, &supplier_id, error))
    return FALSE;

  set_day (p, days_ago, 8);
  result = bd_replenish_create_from_demand (p->store, supplier_id, error);
  if (result == NULL)
    return FALSE;

  return result->numbers->len == 0 ||
         bd_purchase_orders_find (p->store, result->numbers->pdata[0], po_id, error);
}

/* Today's purchasing, supplier by supplier: a draft made today; a PO sent
 * days ago and not confirmed (to chase); one sent yesterday; one confirmed
 * and due soon; one confirmed and late; one partly received this morning,
 * handed to the oldest orders. The last suppliers' demand is not ordered
 * yet, for the replenishment view. */
static gboolean
purchasing_today (Purchasing    *p,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Demo *demo = p->demo;
  gint64 po_id;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!order_demand (p, 0, 0, &po_id, error))
    return FALSE;

  if (demo->n_suppliers > 1 && (!order_demand (p, 1, 6, &po_id, error) ||
                                (po_id > 0 && !send_and_confirm (p, po_id, 6, -1, 0, error))))
    return FALSE;

  if (demo->n_suppliers > 2 && (!order_demand (p, 2, 1, &po_id, error) ||
                                (po_id > 0 && !send_and_confirm (p, po_id, 1, -1, 0, error))))
    return FALSE;

  if (demo->n_suppliers > 3 && (!order_demand (p, 3, 12, &po_id, error) ||
                                (po_id > 0 && !send_and_confirm (p, po_id, 12, 2,
                                                                 -g_rand_int_range (p->rand, 3, 9), error))))
    return FALSE;

  if (demo->n_suppliers > 4 && (!order_demand (p, 4, 35, &po_id, error) ||
                                (po_id > 0 && !send_and_confirm (p, po_id, 35, 2,
                                                                 g_rand_int_range (p->rand, 3, 7), error))))
    return FALSE;

  if (demo->n_suppliers > 5)
    {
      g_autoptr(GPtrArray) lines = NULL;

      if (!order_demand (p, 5, 25, &po_id, error) ||
          (po_id > 0 && !send_and_confirm (p, po_id, 25, 2, 1, error)))
        return FALSE;

      if (po_id > 0 && (lines = bd_purchase_orders_load_lines (p->store, po_id, error)) == NULL)
        return FALSE;

      /* this morning's delivery: of one line enough for its oldest
       * orders and all but one unit of the next (the one with the most to
       * wait for), who is first in line for the rest; all of another */
      set_day (p, 0, 0);
      if (lines != NULL && lines->len > 0)
        {
          BdPoLine *partial = NULL, *whole = NULL;
          g_autoptr(BdReceipt) first = NULL;
          g_autoptr(BdReceipt) second = NULL;
          int partial_quantity = 0, most = 1;

          for (guint l = 0; l < lines->len; l++)
            {
              BdPoLine *line = g_ptr_array_index (lines, l);
              int before = 0;

              for (guint c = 0; c < line->covers->len; c++)
                {
                  BdPoCover *cover = g_ptr_array_index (line->covers, c);

                  if (cover->quantity > most)
                    {
                      partial = line;
                      partial_quantity = before + cover->quantity - 1;
                      most = cover->quantity;
                    }
                  before += cover->quantity;
                }
            }
          for (guint l = 0; l < lines->len && whole == NULL; l++)
            if (g_ptr_array_index (lines, l) != partial)
              whole = g_ptr_array_index (lines, l);

          if (partial != NULL &&
              !(first = bd_receiving_receive (p->store, po_id, partial->sku, partial_quantity, BD_ALLOCATION_FIFO,
                                              BD_RECEIVE_NONE, error)))
            return FALSE;
          if (whole != NULL &&
              !(second = bd_receiving_receive (p->store, po_id, whole->sku, whole->quantity, BD_ALLOCATION_FIFO,
                                               BD_RECEIVE_NONE, error)))
            return FALSE;
        }
    }

  set_day (p, 0, 0);
  return TRUE;
}

static gboolean
write_sample_data (BdStore              *store,
                   const BdDemoOptions  *options,
                   BdProgressFunc        progress,
                   gpointer              progress_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_auto(Demo) demo = { 0, };
  g_autoptr(GString) suppliers = NULL;
  g_autoptr(GString) products = NULL;
  g_autoptr(GString) orders = NULL;
  const guint32 purchasing_seed[] = { options->seed, 0x5eed };
  g_autoptr(GRand) purchasing_rand = g_rand_new_with_seed_array (purchasing_seed, G_N_ELEMENTS (purchasing_seed));
  Purchasing purchasing = { &demo, store, purchasing_rand };

  demo.rand = g_rand_new_with_seed (options->seed);
  demo.now = options->now ? g_date_time_to_utc (options->now) : g_date_time_new_now_utc ();
  demo.n_orders = MAX (options->n_orders, 1);
  demo.n_products = CLAMP (demo.n_orders / 25, 24, 10000);
  demo.n_customers = MAX (demo.n_orders / 3, 10);
  demo.n_suppliers = G_N_ELEMENTS (supplier_names);
  demo.lead_times = g_new0 (int, demo.n_suppliers);
  demo.prices = g_new0 (int, demo.n_products);
  demo.product_names = g_new0 (char *, demo.n_products + 1);
  demo.product_skus = g_new0 (char *, demo.n_products + 1);

  bd_store_set_fixed_clock (store, demo.now);
  bd_store_set_seed (store, options->seed);

  suppliers = suppliers_csv (&demo);
  products = products_csv (&demo);
  orders = orders_csv (&demo, progress, progress_data);

  /* the products' first count a year back: their on-hand snapshots from
   * then on (the receipts since write theirs) give the dashboard an
   * inventory turnover over any range */
  {
    g_autoptr(GDateTime) year_ago = g_date_time_add_days (demo.now, -365);

    bd_store_set_fixed_clock (store, year_ago);
    if (!import_text (store, BD_IMPORT_SUPPLIERS, suppliers, "suppliers.csv", cancellable, error) ||
        !import_text (store, BD_IMPORT_PRODUCTS, products, "products.csv", cancellable, error))
      return FALSE;
    bd_store_set_fixed_clock (store, demo.now);
  }
  if (progress != NULL)
    progress (0.35, progress_data);
  if (!purchasing_history (&purchasing, cancellable, error) ||
      !import_text (store, BD_IMPORT_ORDERS, orders, "orders.csv", cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (0.9, progress_data);

  if (!desk_work (&demo, store, cancellable, error) ||
      !purchasing_today (&purchasing, cancellable, error))
    return FALSE;

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* All of it or nothing: the imports and the desk work inside it are each a
 * transaction of their own, which nest in this one (a killed or cancelled
 * demo used to leave half a dataset behind). */
gboolean
bd_demo_generate (BdStore              *store,
                  const BdDemoOptions  *options,
                  BdProgressFunc        progress,
                  gpointer              progress_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (!bd_store_begin (store, error))
    return FALSE;

  if (!write_sample_data (store, options, progress, progress_data, cancellable, error))
    {
      bd_store_rollback (store);
      return FALSE;
    }

  if (!bd_store_commit (store, error))
    return FALSE;

  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
