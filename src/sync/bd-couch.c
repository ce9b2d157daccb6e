/* bd-couch.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-couch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bd-couch.h"
#include "bd-sync-map.h"

struct _BdCouch
{
  SoupSession *session;
  char *url;        /* ends in "/" */
  char *db;
  char *user;
  char *authorization;
  char *ca_file;    /* the certificate authorities trusted instead of the system's */
  gsize max_reply;
};

/* A database name as CouchDB allows it: a lowercase letter, then
 * lowercase letters, digits and _$()+-/ */
static gboolean
db_name_is_valid (const char *db)
{
  if (db == NULL || !g_ascii_islower (db[0]))
    return FALSE;
  for (const char *p = db; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr ("_$()+-/", *p) == NULL)
      return FALSE;
  return TRUE;
}

BdCouch *
bd_couch_new (const char  *url,
              const char  *db,
              const char  *user,
              const char  *password,
              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  BdCouch *self;

  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP,
                   _("“%s” is not a server address (expected https://host:port/)"), url ? url : "");
      return NULL;
    }
  if (!db_name_is_valid (db))
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP,
                   _("“%s” is not a database name (lowercase letters, digits and _$()+-/, starting with a letter)"),
                   db ? db : "");
      return NULL;
    }

  self = g_new0 (BdCouch, 1);
  /* TLS is verified against the system's certificate authorities: a
   * certificate error fails the request, it is never ignored */
  self->session = soup_session_new_with_options ("timeout", 120, "idle-timeout", 60, NULL);
  /* replies uncompressed: Apache CouchDB sends them so anyway, and a
   * server that compresses on the fly (PouchDB Server, a proxy) spends
   * more time on it than a local network saves; see README, "Sync" */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  self->url = g_str_has_suffix (url, "/") ? g_strdup (url) : g_strconcat (url, "/", NULL);
  self->db = g_strdup (db);
  self->user = g_strdup (user);
  self->max_reply = BD_COUCH_MAX_REPLY;
  if (user != NULL)
    {
      g_autofree char *pair = g_strconcat (user, ":", password ? password : "", NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      memset (pair, 0, strlen (pair));
    }

  return self;
}

void
bd_couch_free (BdCouch *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->session);
  g_free (self->url);
  g_free (self->db);
  g_free (self->user);
  g_free (self->ca_file);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_free (self);
}

const char *
bd_couch_get_url (BdCouch *self)
{
  return self->url;
}

const char *
bd_couch_get_db (BdCouch *self)
{
  return self->db;
}

const char *
bd_couch_get_user (BdCouch *self)
{
  return self->user;
}

/* Trusts the certificate authorities of the PEM file @path (a company's
 * own, say) instead of the system's: a server's certificate is verified
 * against them, and an error is never ignored. NULL: the system's again. */
gboolean
bd_couch_set_ca_file (BdCouch     *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path == NULL)
    {
      soup_session_set_tls_database (self->session, NULL);
      g_clear_pointer (&self->ca_file, g_free);
      return TRUE;
    }
  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CERTIFICATE,
                   _("Cannot use “%s” as the certificate authorities to trust: %s"), path, local_error->message);
      return FALSE;
    }
  soup_session_set_tls_database (self->session, database);
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  return TRUE;
}

const char *
bd_couch_get_ca_file (BdCouch *self)
{
  return self->ca_file;
}

/* Why a certificate is not trusted, in words. */
static char *
certificate_problems (GTlsCertificateFlags flags)
{
  static const struct
  {
    GTlsCertificateFlags flag;
    const char *text;
  } problems[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is not signed by a trusted certificate authority") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it is for another host name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it was revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("its signature is insecure") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it is invalid") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (flags & problems[i].flag)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", _(problems[i].text));
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

void
bd_couch_set_max_reply (BdCouch *self,
                        gsize    max)
{
  self->max_reply = max;
}

static GBytes *
read_reply (BdCouch       *self,
            GInputStream  *stream,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[16384];

  while (TRUE)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize)n > self->max_reply)
        {
          g_autofree char *size = g_format_size (self->max_reply);

          g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                       _("The server’s reply is larger than %s: refused"), size);
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* The "last_seq" a page of changes most likely has, read off its bytes
 * without parsing them: the last such key, near the end (CouchDB and
 * PouchDB put it after the results), for the next request to go before
 * the page is parsed. A guess, to be checked once the page is parsed;
 * NULL when there is none to make. */
char *
bd_couch_guess_last_seq (GBytes *reply)
{
  static const char key[] = "\"last_seq\"";
  gsize size;
  const char *data = g_bytes_get_data (reply, &size);
  const char *end = data + size;
  const char *p;

  if (data == NULL || size < sizeof key)
    return NULL;
  for (p = end - (sizeof key - 1); p >= data && end - p < 4096; p--)
    if (memcmp (p, key, sizeof key - 1) == 0)
      break;
  if (p < data || end - p >= 4096)
    return NULL;

  p += sizeof key - 1;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p++ != ':')
    return NULL;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '"')
    {
      const char *start = ++p;

      while (p < end && *p != '"' && *p != '\\' && p - start < 1024)
        p++;
      return p < end && *p == '"' && p > start ? g_strndup (start, p - start) : NULL;
    }
  else
    {
      const char *start = p;

      while (p < end && g_ascii_isdigit (*p) && p - start < 20)
        p++;
      return p > start && p < end && !g_ascii_isdigit (*p) ? g_strndup (start, p - start) : NULL;
    }
}

/* Sends the request and reads the whole reply, whatever its status. */
GBytes *
bd_couch_send (BdCouch      *self,
               const char   *method,
               const char   *path,
               JsonNode     *body,
               guint        *status,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *reply = NULL;

  if (path[0] == '/')
    uri = g_strconcat (self->url, path + 1, NULL);
  else
    {
      g_autofree char *db = g_uri_escape_string (self->db, NULL, FALSE);

      uri = g_strconcat (self->url, db, path[0] != '\0' ? "/" : "", path, NULL);
    }
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NOT_SET_UP, _("“%s” is not an address"), uri);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", self->authorization);
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  if (stream != NULL)
    reply = read_reply (self, stream, cancellable, &local_error);
  if (reply == NULL)
    {
      if (local_error->domain == BD_SYNC_ERROR ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->domain == G_TLS_ERROR)
        {
          g_autofree char *problems = certificate_problems (soup_message_get_tls_peer_certificate_errors (msg));

          if (self->ca_file != NULL)
            g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CERTIFICATE,
                         _("The server %s has a certificate that cannot be trusted (checked against %s): %s"),
                         self->url, self->ca_file, problems != NULL ? problems : local_error->message);
          else
            g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CERTIFICATE,
                         _("The server %s has a certificate that cannot be trusted: %s"), self->url,
                         problems != NULL ? problems : local_error->message);
        }
      else
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_NETWORK, _("Cannot reach the server %s: %s"),
                     self->url, local_error->message);
      return NULL;
    }

  *status = soup_message_get_status (msg);
  return reply;
}

/* What bd_couch_send() read: its JSON, or the error its status says. */
JsonNode *
bd_couch_parse_reply (BdCouch     *self,
                      const char  *method,
                      const char  *path,
                      GBytes      *reply,
                      guint        status,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize size;
  const char *data;

  data = g_bytes_get_data (reply, &size);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_PROTOCOL,
                   _("The server’s reply to %s %s is not JSON (HTTP %u): %s"), method, path, status,
                   local_error ? local_error->message : _("it is empty"));
      return NULL;
    }
  root = json_parser_get_root (parser);

  if (status >= 400)
    {
      const char *reason = NULL;
      const char *what = NULL;

      if (JSON_NODE_HOLDS_OBJECT (root))
        {
          reason = json_object_get_string_member_with_default (json_node_get_object (root), "reason", NULL);
          what = json_object_get_string_member_with_default (json_node_get_object (root), "error", NULL);
        }
      if (status == SOUP_STATUS_UNAUTHORIZED)
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_AUTH,
                     _("The server %s refused user “%s”: %s"), self->url, self->user ? self->user : "",
                     reason ? reason : _("wrong user name or password"));
      else if (status == SOUP_STATUS_FORBIDDEN)
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_FORBIDDEN, _("User “%s” may not do this: %s"),
                     self->user ? self->user : "", reason ? reason : what ? what : _("forbidden"));
      else
        g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_SERVER, _("The server refused %s %s (HTTP %u): %s"),
                     method, path, status, reason ? reason : what ? what : soup_status_get_phrase (status));
      return NULL;
    }

  /* the parser's tree, not a copy of it: a page of changes is large */
  return json_parser_steal_root (parser);
}

JsonNode *
bd_couch_request (BdCouch      *self,
                  const char   *method,
                  const char   *path,
                  JsonNode     *body,
                  guint        *status_out,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  reply = bd_couch_send (self, method, path, body, &status, cancellable, error);
  if (reply == NULL)
    return NULL;
  if (status_out != NULL)
    *status_out = status;
  return bd_couch_parse_reply (self, method, path, reply, status, error);
}
