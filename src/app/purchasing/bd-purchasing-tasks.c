/* bd-purchasing-tasks.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-purchasing-tasks"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-purchase-orders.h"
#include "bd-purchasing-tasks.h"

/* The Suppliers page's and the replenishment dialog's reads and writes,
 * each on a thread with a connection of its own: suggestions over a big
 * store take a while, and a write waits for a store another program
 * holds. A write's changed tables, told by the thread's connection, are
 * told again by the window's store once it is done, so that the queue
 * and the lists re-read what changed. */

typedef struct
{
  char *database;
  char *author;
  char *ref;
  BdSupplierWrite *write;
  BdPoWrite *po_write;
  GArray *items;                /* BdReplenishPlanItem */
  GHashTable *tables;           /* interned names the write changed */
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->database);
  g_free (data->author);
  g_free (data->ref);
  g_clear_pointer (&data->write, bd_supplier_write_free);
  g_clear_pointer (&data->po_write, bd_po_write_free);
  g_clear_pointer (&data->items, g_array_unref);
  g_clear_pointer (&data->tables, g_hash_table_unref);
  g_free (data);
}

static GTask *
task_new (BdStore             *store,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             tag)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  data->database = g_strdup (bd_store_get_path (store));
  data->author = g_strdup (bd_store_get_author (store));
  data->tables = g_hash_table_new (g_str_hash, g_str_equal);
  g_task_set_task_data (task, data, (GDestroyNotify)task_data_free);
  g_task_set_source_tag (task, tag);
  return task;
}

static void
thread_store_changed_cb (BdStore            *store,
                         const char * const *tables,
                         GHashTable         *set)
{
  for (guint i = 0; tables != NULL && tables[i] != NULL; i++)
    g_hash_table_add (set, (gpointer)g_intern_string (tables[i]));
}

static BdStore *
open_store (TaskData  *data,
            gboolean   writable,
            GError   **error)
{
  BdStore *store = writable ? bd_store_open (data->database, error)
                            : bd_store_open_readonly (data->database, error);

  if (store == NULL)
    return NULL;
  if (data->author != NULL)
    bd_store_set_author (store, data->author);
  if (writable)
    g_signal_connect (store, "changed", G_CALLBACK (thread_store_changed_cb), data->tables);
  return store;
}

/* Tells the window's store what the thread's connection wrote. */
static void
emit_tables (GTask *task)
{
  TaskData *data = g_task_get_task_data (task);
  BdStore *store = g_task_get_source_object (task);
  g_autofree const char **names = NULL;

  if (g_hash_table_size (data->tables) == 0)
    return;
  names = (const char **)g_hash_table_get_keys_as_array (data->tables, NULL);
  g_hash_table_remove_all (data->tables);
  bd_store_emit_changed_tables (store, names);
}

void
bd_supplier_detail_free (BdSupplierDetail *detail)
{
  if (detail == NULL)
    return;
  g_clear_object (&detail->supplier);
  g_clear_pointer (&detail->products, g_ptr_array_unref);
  g_clear_pointer (&detail->pos, g_ptr_array_unref);
  g_clear_pointer (&detail->chase, g_ptr_array_unref);
  g_clear_pointer (&detail->reliability, bd_supplier_reliability_free);
  g_free (detail->currency);
  g_free (detail);
}

BdSupplierWrite *
bd_supplier_write_new (BdSupplierWriteKind  kind,
                       const char          *ref)
{
  BdSupplierWrite *write = g_new0 (BdSupplierWrite, 1);

  write->kind = kind;
  write->ref = g_strdup (ref);
  return write;
}

void
bd_supplier_write_free (BdSupplierWrite *write)
{
  if (write == NULL)
    return;
  g_free (write->ref);
  g_free (write->sku);
  for (guint i = 0; i < G_N_ELEMENTS (write->fields); i++)
    g_free (write->fields[i]);
  g_free (write);
}

/* Suppliers */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(BdStore) store = NULL;
  GPtrArray *suppliers;
  GError *error = NULL;

  store = open_store (task_data, FALSE, &error);
  if (store == NULL || (suppliers = bd_suppliers_list (store, TRUE, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, suppliers, (GDestroyNotify)g_ptr_array_unref);
}

/* Every supplier, the archived too, in the core's order. */
void
bd_purchasing_list_suppliers_async (BdStore             *store,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (store, cancellable, callback, user_data,
                                    bd_purchasing_list_suppliers_async);

  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
bd_purchasing_list_suppliers_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
detail_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdSupplierDetail) detail = g_new0 (BdSupplierDetail, 1);
  g_autoptr(GPtrArray) chase = NULL;
  GError *error = NULL;

  store = open_store (data, FALSE, &error);
  if (store == NULL ||
      (detail->supplier = bd_suppliers_find (store, data->ref, &error)) == NULL ||
      (detail->products = bd_suppliers_list_products (store, detail->supplier, &error)) == NULL ||
      (detail->pos = bd_suppliers_list_pos (store, detail->supplier, &error)) == NULL ||
      (detail->reliability = bd_suppliers_reliability (store, detail->supplier, &error)) == NULL ||
      (chase = bd_suppliers_chase (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  detail->chase = g_ptr_array_new_with_free_func (bd_chase_entry_free);
  for (guint i = 0; i < chase->len; i++)
    {
      BdChaseEntry *entry = g_ptr_array_index (chase, i);

      if (g_strcmp0 (entry->supplier_ref, data->ref) == 0)
        g_ptr_array_add (detail->chase, g_ptr_array_steal_index (chase, i--));
    }
  detail->currency = bd_store_get_default_currency (store);
  g_task_return_pointer (task, g_steal_pointer (&detail), (GDestroyNotify)bd_supplier_detail_free);
}

void
bd_purchasing_load_detail_async (BdStore             *store,
                                 const char          *ref,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (store, cancellable, callback, user_data,
                                    bd_purchasing_load_detail_async);
  TaskData *data = g_task_get_task_data (task);

  data->ref = g_strdup (ref);
  g_task_run_in_thread (task, detail_thread);
}

BdSupplierDetail *
bd_purchasing_load_detail_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
run_write (BdStore          *store,
           BdSupplierWrite  *write,
           GError          **error)
{
  const BdSupplierFields fields = {
    write->fields[0], write->fields[1], write->fields[2], write->fields[3], write->fields[4], write->fields[5],
  };
  const BdSupplierLinkFields link = {
    write->fields[0], write->fields[1], write->fields[2], write->fields[3], write->fields[4], write->fields[5],
  };

  switch (write->kind)
    {
    case BD_SUPPLIER_WRITE_CREATE:
      return bd_suppliers_create (store, write->ref, &fields, NULL, error);
    case BD_SUPPLIER_WRITE_EDIT:
      return bd_suppliers_edit (store, write->ref, &fields, NULL, error);
    case BD_SUPPLIER_WRITE_ARCHIVE:
      return bd_suppliers_set_archived (store, write->ref, TRUE, NULL, error);
    case BD_SUPPLIER_WRITE_RESTORE:
      return bd_suppliers_set_archived (store, write->ref, FALSE, NULL, error);
    case BD_SUPPLIER_WRITE_LINK:
      return bd_suppliers_set_link (store, write->ref, write->sku, &link, NULL, error);
    case BD_SUPPLIER_WRITE_REMOVE_LINK:
      return bd_suppliers_remove_link (store, write->ref, write->sku, NULL, error);
    default:
      g_assert_not_reached ();
    }
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  GError *error = NULL;

  store = open_store (data, TRUE, &error);
  if (store == NULL || !run_write (store, data->write, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Takes @write. */
void
bd_purchasing_write_async (BdStore             *store,
                           BdSupplierWrite     *write,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (store, NULL, callback, user_data, bd_purchasing_write_async);
  TaskData *data = g_task_get_task_data (task);

  data->write = write;
  g_task_run_in_thread (task, write_thread);
}

gboolean
bd_purchasing_write_finish (GAsyncResult  *result,
                            GError       **error)
{
  emit_tables (G_TASK (result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Replenishment */

static void
suggest_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(BdStore) store = NULL;
  GPtrArray *suggestions;
  GError *error = NULL;

  store = open_store (task_data, FALSE, &error);
  if (store == NULL || (suggestions = bd_replenish_suggest (store, 0, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, suggestions, (GDestroyNotify)g_ptr_array_unref);
}

void
bd_purchasing_suggest_async (BdStore             *store,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (store, cancellable, callback, user_data, bd_purchasing_suggest_async);

  g_task_run_in_thread (task, suggest_thread);
}

GPtrArray *
bd_purchasing_suggest_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  BdReplenishResult *result;
  GError *error = NULL;

  store = open_store (data, TRUE, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* covering many lines touches more pages than a connection's small
   * cache holds, as bd_replenish_create_from_demand() says */
  bd_store_exec (store, "PRAGMA cache_size = -262144", NULL);
  result = bd_replenish_create_orders (store, (const BdReplenishPlanItem *)(gpointer)data->items->data,
                                       data->items->len, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)bd_replenish_result_free);
}

/* @items: BdReplenishPlanItem, the plan as the clerk left it. */
void
bd_purchasing_create_orders_async (BdStore             *store,
                                   GArray              *items,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (store, NULL, callback, user_data, bd_purchasing_create_orders_async);
  TaskData *data = g_task_get_task_data (task);

  data->items = g_array_ref (items);
  g_task_run_in_thread (task, create_thread);
}

BdReplenishResult *
bd_purchasing_create_orders_finish (GAsyncResult  *result,
                                    GError       **error)
{
  emit_tables (G_TASK (result));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Purchase orders */

BdPoWrite *
bd_po_write_new (BdPoWriteKind  kind,
                 const char    *number)
{
  BdPoWrite *write = g_new0 (BdPoWrite, 1);

  write->kind = kind;
  write->number = g_strdup (number);
  return write;
}

void
bd_po_write_free (BdPoWrite *write)
{
  if (write == NULL)
    return;
  g_free (write->number);
  g_free (write->date);
  g_free (write->sku);
  g_free (write);
}

static gboolean
run_po_write (BdStore    *store,
              BdPoWrite  *write,
              char      **batch,
              GError    **error)
{
  gint64 id;

  if (!bd_purchase_orders_find (store, write->number, &id, error))
    return FALSE;

  switch (write->kind)
    {
    case BD_PO_WRITE_SEND:
      return bd_purchase_orders_set_status (store, id, "sent", NULL, batch, error);
    case BD_PO_WRITE_CONFIRM:
      return bd_purchase_orders_set_status (store, id, "confirmed", write->date, batch, error);
    case BD_PO_WRITE_SET_EXPECTED:
      return bd_purchase_orders_set_expected (store, id, write->date, batch, error);
    case BD_PO_WRITE_CANCEL:
      return bd_purchase_orders_cancel (store, id, batch, error);
    case BD_PO_WRITE_SET_LINE_QUANTITY:
      return bd_purchase_orders_set_line_quantity (store, id, write->sku, write->quantity, batch, error);
    default:
      g_assert_not_reached ();
    }
}

static void
po_write_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *batch = NULL;
  GError *error = NULL;

  store = open_store (data, TRUE, &error);
  if (store == NULL || !run_po_write (store, data->po_write, &batch, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&batch), g_free);
}

/* Takes @write. A PO's change recomputes the ETAs of the lines it covers,
 * thousands on a big PO, and waits for a store another program holds:
 * not on the main thread. */
void
bd_purchasing_po_write_async (BdStore             *store,
                              BdPoWrite           *write,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (store, NULL, callback, user_data, bd_purchasing_po_write_async);
  TaskData *data = g_task_get_task_data (task);

  data->po_write = write;
  g_task_run_in_thread (task, po_write_thread);
}

/* Returns: the batch of the events the write made (see
 * bd_eta_list_at_risk()), or NULL with @error set. */
char *
bd_purchasing_po_write_finish (GAsyncResult  *result,
                               GError       **error)
{
  emit_tables (G_TASK (result));
  return g_task_propagate_pointer (G_TASK (result), error);
}
