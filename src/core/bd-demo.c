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
#include "bd-backorder-query.h"

/* The demo writes the three CSV files a shop would export and imports them
 * through the real import, then does some desk work (priorities, notes, a
 * complaint) through the real actions. */

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

static gboolean
write_sample_data (BdStore              *store,
                   const BdDemoOptions  *options,
                   BdProgressFunc        progress,
                   gpointer              progress_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  g_autoptr(GDateTime) now = options->now ? g_date_time_to_utc (options->now)
                                          : g_date_time_new_now_utc ();
  g_autoptr(GString) suppliers = g_string_new ("supplier_ref,name,email,phone,lead_time_days\r\n");
  g_autoptr(GString) products = g_string_new ("sku,name,on_hand,reorder_point,safety_stock,"
                                              "pack_size,supplier_ref,unit_cost,lead_time_days\r\n");
  g_autoptr(GString) orders = g_string_new ("order_ref,ordered_at,customer_ref,customer_name,"
                                            "customer_email,sku,product_name,quantity,"
                                            "backordered_quantity,unit_price,currency,"
                                            "promised_at,shipped_at,cancelled_at\r\n");
  g_autoptr(BdBackorderQuery) query = bd_backorder_query_new ();
  g_autoptr(GArray) open_ids = NULL;
  guint n_orders = MAX (options->n_orders, 1);
  guint n_products = CLAMP (n_orders / 25, 24, 10000);
  guint n_customers = MAX (n_orders / 3, 10);
  guint n_suppliers = G_N_ELEMENTS (supplier_names);
  g_autofree int *lead_times = g_new0 (int, n_suppliers);
  g_autofree int *prices = g_new0 (int, n_products);
  g_auto(GStrv) product_names = g_new0 (char *, n_products + 1);
  g_auto(GStrv) product_skus = g_new0 (char *, n_products + 1);

  bd_store_set_fixed_clock (store, now);
  bd_store_set_seed (store, options->seed);

  for (guint s = 0; s < n_suppliers; s++)
    {
      g_autofree char *slug = g_ascii_strdown (supplier_names[s], 6);
      const char *values[5];
      g_autofree char *ref = g_strdup_printf ("SUP-%02u", s + 1);
      g_autofree char *email = NULL;
      g_autofree char *phone = g_strdup_printf ("+49 30 %07d", g_rand_int_range (rand, 1000000, 9999999));
      g_autofree char *lead = NULL;

      g_strdelimit (slug, " &", '-');
      email = g_strdup_printf ("orders@%s.example", slug);
      lead_times[s] = g_rand_int_range (rand, 7, 42);
      lead = g_strdup_printf ("%d", lead_times[s]);
      values[0] = ref; values[1] = supplier_names[s]; values[2] = email;
      values[3] = phone; values[4] = lead;
      bd_csv_append_row (suppliers, values, 5);
    }

  for (guint p = 0; p < n_products; p++)
    {
      const char *values[9];
      guint s = p % n_suppliers;
      const char *colour = PICK (rand, colours);
      g_autofree char *sku = g_ascii_strup (colour, 3);
      g_autofree char *name = g_strdup_printf ("%s %s, %s", PICK (rand, adjectives), PICK (rand, nouns), colour);
      g_autofree char *on_hand = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 40));
      g_autofree char *reorder = g_strdup_printf ("%d", g_rand_int_range (rand, 5, 20));
      g_autofree char *safety = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 5));
      g_autofree char *supplier = g_strdup_printf ("SUP-%02u", s + 1);
      g_autofree char *cost = NULL;

      product_skus[p] = g_strdup_printf ("%s-%05u", sku, p + 1);
      prices[p] = g_rand_int_range (rand, 8, 120);
      cost = g_strdup_printf ("%d.%02d", prices[p] / 2, g_rand_int_range (rand, 0, 100));
      product_names[p] = g_strdup (name);
      values[0] = product_skus[p]; values[1] = name; values[2] = on_hand; values[3] = reorder;
      values[4] = safety; values[5] = (p % 3 == 0) ? "6" : "1"; values[6] = supplier;
      values[7] = cost; values[8] = NULL;
      bd_csv_append_row (products, values, 9);
    }

  for (guint o = 0; o < n_orders; o++)
    {
      guint c = g_rand_int_range (rand, 0, n_customers);
      guint n_lines = g_rand_int_range (rand, 1, 4);
      int age_minutes = g_rand_int_range (rand, 0, 180 * 24 * 60);
      g_autoptr(GDateTime) ordered = g_date_time_add_minutes (now, -age_minutes);
      g_autofree char *ordered_text = format_day (ordered);
      g_autofree char *order_ref = g_strdup_printf ("SO-%06u", 100001 + o);
      g_autofree char *customer_ref = g_strdup_printf ("C-%05u", c + 1);
      g_autofree char *customer_name = g_strdup_printf ("%s %s",
                                                        first_names[c % G_N_ELEMENTS (first_names)],
                                                        last_names[(c / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)]);
      g_autofree char *customer_email = g_strdup_printf ("customer%05u@mail.example", c + 1);
      guint first_product = g_rand_int_range (rand, 0, n_products);

      for (guint l = 0; l < n_lines; l++)
        {
          guint p = (first_product + l * 7) % n_products;
          const char *values[14];
          int qty = g_rand_int_range (rand, 1, 5);
          int bo = 0;
          int age_days = age_minutes / (24 * 60);
          g_autofree char *qty_text = g_strdup_printf ("%d", qty);
          g_autofree char *bo_text = NULL;
          g_autofree char *price = g_strdup_printf ("%d.%02d", prices[p], (p * 37) % 100);
          g_autofree char *promised = NULL;
          g_autofree char *shipped = NULL;
          g_autofree char *cancelled = NULL;

          if (g_rand_int_range (rand, 0, 100) < 30)
            {
              int lead = lead_times[p % n_suppliers] + g_rand_int_range (rand, 0, 10);
              g_autoptr(GDateTime) promise = g_date_time_add_days (ordered, lead);
              int roll = g_rand_int_range (rand, 0, 100);

              bo = g_rand_int_range (rand, 1, qty + 1);
              promised = format_day (promise);

              /* Old backorders have mostly been dealt with. */
              if (age_days > lead + 10 && roll < 75)
                {
                  g_autoptr(GDateTime) when = g_date_time_add_days (ordered, lead + g_rand_int_range (rand, -3, 9));
                  if (g_date_time_compare (when, now) > 0)
                    when = g_date_time_ref (now);
                  shipped = format_day (when);
                }
              else if (roll >= 92)
                {
                  g_autoptr(GDateTime) when = g_date_time_add_days (ordered, MIN (age_days, g_rand_int_range (rand, 1, 20)));
                  cancelled = format_day (when);
                }
            }
          bo_text = g_strdup_printf ("%d", bo);

          values[0] = order_ref; values[1] = ordered_text; values[2] = customer_ref;
          values[3] = customer_name; values[4] = customer_email; values[5] = product_skus[p];
          values[6] = product_names[p]; values[7] = qty_text; values[8] = bo_text;
          values[9] = price; values[10] = (o % 10 == 9) ? "EUR" : "USD";
          values[11] = promised; values[12] = shipped; values[13] = cancelled;
          bd_csv_append_row (orders, values, 14);
        }

      if (progress != NULL && (o & 0x3ff) == 0)
        progress (0.3 * o / n_orders, progress_data);
    }

  if (!import_text (store, BD_IMPORT_SUPPLIERS, suppliers, "suppliers.csv", cancellable, error) ||
      !import_text (store, BD_IMPORT_PRODUCTS, products, "products.csv", cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (0.35, progress_data);
  if (!import_text (store, BD_IMPORT_ORDERS, orders, "orders.csv", cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (0.9, progress_data);

  /* Some of the desk's own work, as agents would have left it. */
  open_ids = bd_backorder_query_run_ids (store, query, cancellable, error);
  if (open_ids == NULL)
    return FALSE;

  for (guint i = 0; i < open_ids->len; i++)
    {
      gint64 id = g_array_index (open_ids, gint64, i);
      guint roll = g_rand_int_range (rand, 0, 100);

      if (roll < 6 && !bd_actions_set_priority (store, &id, 1, 2, NULL, error))
        return FALSE;
      if (roll >= 6 && roll < 20 && !bd_actions_set_priority (store, &id, 1, 1, NULL, error))
        return FALSE;
      if (roll % 9 == 0 && !bd_actions_add_note (store, id, PICK (rand, note_texts), NULL, error))
        return FALSE;
      if (roll == 97 && !bd_actions_add_complaint (store, id, "delay",
                                                   "Customer complained that the date keeps slipping.",
                                                   NULL, error))
        return FALSE;
      if ((i & 0xff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

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
