/* bd-sms.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bd-sms.h"
#include "bd-util.h"

/* Text messages go to an HTTP gateway of the shop's choice (README, "SMS
 * gateway"): one POST of {"to", "body", "reference"} as JSON, with the
 * token as a bearer token; any 2xx is sent, anything else failed with the
 * gateway's reason. The reference is the message's own id, so that a
 * gateway (or the adapter a shop puts in front of its provider) can drop a
 * request it has seen. Blocking: call it from a worker thread. */

G_DEFINE_QUARK (bd-sms-error-quark, bd_sms_error)

/* A phone number as gateways take it: "+" and digits, the spaces, dots,
 * dashes and brackets people write taken out. NULL if it is not one. */
char *
bd_sms_normalize_phone (const char *phone)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (phone == NULL)
    return NULL;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (out, *p);
      else if (*p == '+' && out->len == 0)
        g_string_append_c (out, *p);
      else if (strchr (" .-()/", *p) == NULL)
        return NULL;
    }

  /* E.164: at most 15 digits; fewer than 6 is no phone number */
  if (out->len - (out->str[0] == '+') < 6 || out->len - (out->str[0] == '+') > 15)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The gateway's reason from its answer: an "error" or "message" member of
 * a JSON object, else the start of the text. */
static char *
gateway_reason (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  JsonNode *root;

  if (length == 0)
    return NULL;

  if (json_parser_load_from_data (parser, data, length, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      for (const char * const *name = (const char * const[]) { "error", "message", "reason", NULL };
           *name != NULL; name++)
        if (json_object_has_member (object, *name) &&
            JSON_NODE_HOLDS_VALUE (json_object_get_member (object, *name)) &&
            json_object_get_string_member (object, *name) != NULL)
          return g_strdup (json_object_get_string_member (object, *name));
    }

  if (!g_utf8_validate (data, length, NULL))
    return NULL;
  return g_utf8_substring (data, 0, MIN (g_utf8_strlen (data, length), 200));
}

gboolean
bd_sms_send (const BdSmsSettings  *settings,
             const char           *to,
             const char           *body,
             const char           *reference,
             GCancellable         *cancellable,
             GError              **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *json = NULL;
  guint status;

  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (body != NULL && reference != NULL, FALSE);

  if (settings->url == NULL || *settings->url == '\0')
    {
      g_set_error_literal (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS,
                           _("No SMS gateway is set: set its URL in Preferences"));
      return FALSE;
    }
  uri = g_uri_parse (settings->url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL ||
      !(g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ||
        (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 && bd_host_is_loopback (g_uri_get_host (uri)))))
    {
      g_set_error (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS,
                   _("The SMS gateway “%s” is not an https:// address (http:// is only for a gateway "
                     "on this machine)"), settings->url);
      return FALSE;
    }
  number = bd_sms_normalize_phone (to);
  if (number == NULL)
    {
      g_set_error (error, BD_SMS_ERROR, BD_SMS_ERROR_SETTINGS,
                   _("“%s” is not a phone number a text message can go to"), to != NULL ? to : "");
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, number);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, reference);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  request = g_bytes_new (json, strlen (json));

  session = soup_session_new_with_options ("timeout", settings->timeout_seconds ? settings->timeout_seconds : 30,
                                           "user-agent", "Backorder Desk/" PACKAGE_VERSION,
                                           NULL);
  message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  if (settings->token != NULL && *settings->token != '\0')
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", settings->token);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }

  answer = soup_session_send_and_read (session, message, cancellable, &local_error);
  if (answer == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
               soup_message_get_tls_peer_certificate_errors (message) != 0)
        g_set_error (error, BD_SMS_ERROR, BD_SMS_ERROR_CERTIFICATE,
                     _("The certificate of the SMS gateway %s does not verify, so nothing was sent: %s"),
                     g_uri_get_host (uri), local_error->message);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, BD_SMS_ERROR, BD_SMS_ERROR_UNKNOWN,
                     _("The SMS gateway %s did not answer within %u s: the message may have gone out"),
                     g_uri_get_host (uri), settings->timeout_seconds ? settings->timeout_seconds : 30);
      else
        g_set_error (error, BD_SMS_ERROR, BD_SMS_ERROR_CONNECT,
                     _("Could not reach the SMS gateway %s: %s"), g_uri_get_host (uri), local_error->message);
      return FALSE;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *reason = gateway_reason (answer);

      g_set_error (error, BD_SMS_ERROR, BD_SMS_ERROR_REFUSED,
                   _("The SMS gateway refused the message to %s (%u %s)%s%s"), number, status,
                   soup_message_get_reason_phrase (message) != NULL ? soup_message_get_reason_phrase (message) : "",
                   reason != NULL ? ": " : "", reason != NULL ? reason : "");
      return FALSE;
    }

  return TRUE;
}
