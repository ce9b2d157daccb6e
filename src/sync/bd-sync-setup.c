/* bd-sync-setup.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-setup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-sync-setup.h"

static const char * const roles[] = { "agent", "purchasing", "importer", "admin", NULL };

const char * const *
bd_sync_roles (void)
{
  return roles;
}

gboolean
bd_sync_role_is_valid (const char *role)
{
  return role != NULL && g_strv_contains (roles, role);
}

/* Who may write what (README, "Who may write what"): per role, per
 * document type, the fields it may change ("*": all, and create and
 * delete). An admin writes everything; events are everyone's, with their
 * own name as the author. */
static const char permissions[] =
  "{"
  " \"agent\": {"
  "  \"order_line\": [\"status\", \"priority\", \"shipped_at\", \"cancelled_at\", \"cancel_reason\", \"refunded\","
  "                  \"promised_at\", \"updated_at\"],"
  "  \"note\": \"*\", \"complaint\": \"*\", \"message\": \"*\", \"template\": \"*\", \"delay_notice\": \"*\","
  "  \"incentive\": \"*\","
  "  \"customer\": [\"email\", \"phone\", \"language\", \"preferred_channel\", \"sms_consent\","
  "                \"consent_withdrawn_in_desk\", \"updated_at\"]"
  " },"
  " \"purchasing\": {"
  "  \"supplier\": \"*\", \"product\": \"*\", \"product_supplier\": \"*\", \"product_alternative\": \"*\","
  "  \"purchase_order\": \"*\", \"po_line\": \"*\", \"po_line_cover\": \"*\", \"receipt\": \"*\","
  "  \"receipt_line\": \"*\", \"allocation\": \"*\", \"on_hand_snapshot\": \"*\","
  "  \"order_line\": [\"status\", \"covered_quantity\", \"allocated_quantity\", \"eta\", \"updated_at\"]"
  " },"
  " \"importer\": {"
  "  \"customer\": \"*\", \"order\": \"*\", \"order_line\": \"*\", \"product\": \"*\","
  "  \"on_hand_snapshot\": \"*\""
  " }"
  "}";

/* The line statuses each role may set. */
static const char statuses[] =
  "{ \"agent\": [\"waiting\", \"shipped\", \"cancelled\"], \"purchasing\": [\"on_order\", \"allocated\"],"
  "  \"importer\": [\"waiting\", \"on_order\", \"allocated\", \"shipped\", \"cancelled\"] }";

static const char validate_template[] =
  "function (newDoc, oldDoc, userCtx, secObj) {\n"
  "  var TYPES = %s;\n"
  "  var MAY = %s;\n"
  "  var STATUSES = %s;\n"
  "  var roles = userCtx.roles || [];\n"
  "  function deny (why) { throw ({ forbidden: why }); }\n"
  "  var admin = roles.indexOf('_admin') >= 0 || roles.indexOf('admin') >= 0;\n"
  "  var id = newDoc._id;\n"
  "  if (id.indexOf('_design/') === 0) {\n"
  "    if (!admin) deny('Only an admin changes the design document');\n"
  "    return;\n"
  "  }\n"
  "  var colon = id.indexOf(':');\n"
  "  var type = colon > 0 ? id.substring(0, colon) : '';\n"
  "  var spec = TYPES[type];\n"
  "  if (!spec) deny('Unknown document type: \"' + type + '\" (' + id + ')');\n"
  "  function mine () {\n"
  "    for (var i = 0; i < roles.length; i++) {\n"
  "      var m = MAY[roles[i]];\n"
  "      if (m && m[type] === '*') return '*';\n"
  "    }\n"
  "    var fields = [];\n"
  "    for (var j = 0; j < roles.length; j++) {\n"
  "      var n = MAY[roles[j]];\n"
  "      if (n && n[type]) fields = fields.concat(n[type]);\n"
  "    }\n"
  "    return fields;\n"
  "  }\n"
  "  var who = userCtx.name + ' (' + (roles.join(', ') || 'no role') + ')';\n"
  "  if (newDoc._deleted) {\n"
  "    if (admin) return;\n"
  "    if (type === 'template' || type === 'supplier') deny('Only an admin deletes a ' + type + ': ' + who + ' may not');\n"
  "    if (mine() !== '*') deny(who + ' may not delete a ' + type);\n"
  "    return;\n"
  "  }\n"
  "  if (newDoc.type !== type) deny('Document ' + id + ' should have the type \"' + type + '\"');\n"
  "  for (var f in spec) {\n"
  "    var kind = spec[f], v = newDoc[f];\n"
  "    if (v === undefined || v === null) {\n"
  "      if (kind.charAt(0) === '!') deny('A ' + type + ' needs the field \"' + f + '\"');\n"
  "      continue;\n"
  "    }\n"
  "    var k = kind.replace('!', '');\n"
  "    if (k === 'integer' && (typeof v !== 'number' || Math.floor(v) !== v))\n"
  "      deny('A ' + type + '\\'s \"' + f + '\" should be an integer');\n"
  "    if (k === 'text' && typeof v !== 'string')\n"
  "      deny('A ' + type + '\\'s \"' + f + '\" should be text');\n"
  "  }\n"
  "  if (admin) return;\n"
  "  if (type === 'event') {\n"
  "    if (newDoc.author !== userCtx.name) deny('An event\\'s author should be ' + userCtx.name + ', not ' + newDoc.author);\n"
  "    if (oldDoc && !oldDoc._deleted) deny('Events are never changed, only added');\n"
  "    return;\n"
  "  }\n"
  "  var may = mine();\n"
  "  if (may === '*') {\n"
  "    if (oldDoc && !oldDoc._deleted && newDoc.deleted && (type === 'template' || type === 'supplier') && !oldDoc.deleted)\n"
  "      deny('Only an admin deletes a ' + type + ': ' + who + ' may not');\n"
  "  } else {\n"
  "    if (may.length === 0) deny(who + ' may not write ' + type + ' documents');\n"
  "    if (!oldDoc || oldDoc._deleted) deny(who + ' may not create ' + type + ' documents');\n"
  "    for (var g in newDoc) {\n"
  "      if (g.charAt(0) === '_') continue;\n"
  "      if (JSON.stringify(newDoc[g]) !== JSON.stringify(oldDoc[g]) && may.indexOf(g) < 0)\n"
  "        deny(who + ' may not change the \"' + g + '\" of a ' + type);\n"
  "    }\n"
  "  }\n"
  "  if (type === 'order_line' && oldDoc && newDoc.status !== oldDoc.status) {\n"
  "    var allowed = [];\n"
  "    for (var r = 0; r < roles.length; r++) allowed = allowed.concat(STATUSES[roles[r]] || []);\n"
  "    if (allowed.indexOf(newDoc.status) < 0)\n"
  "      deny(who + ' may not set a line to ' + newDoc.status);\n"
  "  }\n"
  "}\n";

/* validate_doc_update for the schema of @map: each type's fields, their
 * types, which are required, and who may write what. */
char *
bd_sync_validate_function (BdSyncMap *map)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) types = NULL;
  g_autofree char *types_text = NULL;

  json_builder_begin_object (builder);
  for (guint t = 0; t < bd_sync_map_get_n_tables (map); t++)
    {
      const BdSyncTable *table = bd_sync_map_get_table (map, t);

      json_builder_set_member_name (builder, table->type);
      json_builder_begin_object (builder);
      for (guint i = 0; i < table->columns->len; i++)
        {
          const BdSyncColumn *column = table->columns->pdata[i];
          const char *kind = column->integer && column->ref_table == NULL ? "integer" : "text";

          json_builder_set_member_name (builder, column->name);
          /* "!": required; a field with a default may be absent (a
           * document from an older version) */
          if (column->not_null && !column->has_default)
            {
              g_autofree char *required = g_strconcat ("!", kind, NULL);

              json_builder_add_string_value (builder, required);
            }
          else
            json_builder_add_string_value (builder, kind);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  types = json_builder_get_root (builder);
  types_text = json_to_string (types, FALSE);

  return g_strdup_printf (validate_template, types_text, permissions, statuses);
}

/* Creates the database when it is not there, sets its _security (members
 * by role) and puts the design document of this version, replacing an
 * older one. */
gboolean
bd_sync_setup_server (BdCouch       *admin,
                      BdSyncMap     *map,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) security = NULL;
  g_autoptr(JsonNode) design = NULL;
  g_autoptr(JsonNode) old = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *validate = NULL;
  guint status = 0;

  reply = bd_couch_request (admin, "PUT", "", NULL, &status, cancellable, &local_error);
  if (reply == NULL && status != 412)   /* 412: it exists */
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  g_clear_pointer (&reply, json_node_unref);

  security = json_from_string ("{\"admins\": {\"names\": [], \"roles\": [\"admin\"]},"
                               " \"members\": {\"names\": [], \"roles\": [\"agent\", \"purchasing\", \"importer\", \"admin\"]}}",
                               NULL);
  reply = bd_couch_request (admin, "PUT", "_security", security, NULL, cancellable, error);
  if (reply == NULL)
    return FALSE;
  g_clear_pointer (&reply, json_node_unref);

  old = bd_couch_request (admin, "GET", BD_SYNC_DESIGN_ID, NULL, &status, cancellable, &local_error);
  if (old == NULL && status != 404)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  validate = bd_sync_validate_function (map);
  json_object_set_string_member (doc, "_id", BD_SYNC_DESIGN_ID);
  if (old != NULL && JSON_NODE_HOLDS_OBJECT (old) &&
      json_object_get_string_member_with_default (json_node_get_object (old), "_rev", NULL) != NULL)
    json_object_set_string_member (doc, "_rev", json_object_get_string_member (json_node_get_object (old), "_rev"));
  json_object_set_string_member (doc, "language", "javascript");
  json_object_set_string_member (doc, "backorder_desk_version", PACKAGE_VERSION);
  json_object_set_string_member (doc, "validate_doc_update", validate);
  design = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (design, doc);
  reply = bd_couch_request (admin, "PUT", BD_SYNC_DESIGN_ID, design, NULL, cancellable, error);

  return reply != NULL;
}

static char *
user_path (const char *name)
{
  g_autofree char *id = g_strconcat ("org.couchdb.user:", name, NULL);
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/_users/", escaped, NULL);
}

static gboolean
check_user (const char  *name,
            const char  *role,
            GError     **error)
{
  if (name == NULL || *name == '\0' || strchr (name, ':') != NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP, _("“%s” is not a user name"), name ? name : "");
      return FALSE;
    }
  if (role != NULL && !bd_sync_role_is_valid (role))
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP,
                   _("“%s” is not a role (expected agent, purchasing, importer or admin)"), role);
      return FALSE;
    }
  return TRUE;
}

gboolean
bd_sync_add_user (BdCouch       *admin,
                  const char    *name,
                  const char    *role,
                  const char    *password,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status = 0;

  if (!check_user (name, role, error))
    return FALSE;
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP, _("User “%s” needs a password"), name);
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, role);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  doc = json_builder_get_root (builder);

  path = user_path (name);
  reply = bd_couch_request (admin, "PUT", path, doc, &status, cancellable, &local_error);
  if (reply == NULL)
    {
      if (status == 409)
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_SERVER, _("User “%s” exists already"), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
get_user (BdCouch       *admin,
          const char    *name,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *path = user_path (name);
  g_autoptr(GError) local_error = NULL;
  guint status = 0;
  JsonNode *doc = bd_couch_request (admin, "GET", path, NULL, &status, cancellable, &local_error);

  if (doc == NULL)
    {
      if (status == 404)
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_SERVER, _("There is no user “%s”"), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (doc) ||
      json_object_get_string_member_with_default (json_node_get_object (doc), "_rev", NULL) == NULL)
    {
      json_node_unref (doc);
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL, _("The server’s record of user “%s” is malformed"),
                   name);
      return NULL;
    }
  return doc;
}

gboolean
bd_sync_set_role (BdCouch       *admin,
                  const char    *name,
                  const char    *role,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  JsonArray *array;

  if (!check_user (name, role, error))
    return FALSE;
  doc = get_user (admin, name, cancellable, error);
  if (doc == NULL)
    return FALSE;
  array = json_array_new ();
  json_array_add_string_element (array, role);
  json_object_set_array_member (json_node_get_object (doc), "roles", array);
  path = user_path (name);
  reply = bd_couch_request (admin, "PUT", path, doc, NULL, cancellable, error);
  return reply != NULL;
}

gboolean
bd_sync_remove_user (BdCouch       *admin,
                     const char    *name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *rev = NULL;

  if (!check_user (name, NULL, error))
    return FALSE;
  doc = get_user (admin, name, cancellable, error);
  if (doc == NULL)
    return FALSE;
  rev = g_uri_escape_string (json_object_get_string_member (json_node_get_object (doc), "_rev"), NULL, FALSE);
  base = user_path (name);
  path = g_strdup_printf ("%s?rev=%s", base, rev);
  reply = bd_couch_request (admin, "DELETE", path, NULL, NULL, cancellable, error);
  return reply != NULL;
}
