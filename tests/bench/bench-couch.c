/* bench-couch.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-couch"

#include "config.h"

#include "bench-couch.h"

/* @n customers, new, in batches of 1,000: the documents the pull rows
 * pull. Their references start at C-@first: customers of another call
 * must not share them, or the pull takes them for the same customers
 * imported twice, and merges them. */
void
bench_couch_put_customers (BdCouch *couch,
                           guint    first,
                           guint    n)
{
  for (guint done = first; done < first + n;)
    {
      g_autoptr(JsonArray) docs = json_array_new ();
      g_autoptr(JsonObject) request = json_object_new ();
      g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 1000 && done < first + n; i++, done++)
        {
          JsonObject *doc = json_object_new ();
          g_autofree char *uuid = g_uuid_string_random ();
          g_autofree char *id = g_strconcat ("customer:", uuid, NULL);
          g_autofree char *ref = g_strdup_printf ("C-%07u", done);
          g_autofree char *name = g_strdup_printf ("Customer number %u", done);
          g_autofree char *email = g_strdup_printf ("customer%u@mail.example", done);

          json_object_set_string_member (doc, "_id", id);
          json_object_set_string_member (doc, "type", "customer");
          json_object_set_string_member (doc, "ref", ref);
          json_object_set_string_member (doc, "name", name);
          json_object_set_string_member (doc, "sort_name", name);
          json_object_set_string_member (doc, "email", email);
          json_object_set_string_member (doc, "created_at", "2026-03-01T00:00:00Z");
          json_object_set_string_member (doc, "updated_at", "2026-03-01T00:00:00Z");
          json_object_set_int_member (doc, "deleted", 0);
          json_array_add_object_element (docs, doc);
        }
      json_object_set_array_member (request, "docs", json_array_ref (docs));
      json_node_set_object (body, request);
      reply = bd_couch_request (couch, "POST", "_bulk_docs", body, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

