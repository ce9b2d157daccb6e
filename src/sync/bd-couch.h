/* bd-couch.h: a CouchDB database over HTTP
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest reply read: a page of changes is far smaller; anything
 * larger is refused, not held in memory. */
#define BD_COUCH_MAX_REPLY (64 * 1024 * 1024)

typedef struct _BdCouch BdCouch;

BdCouch    *bd_couch_new          (const char   *url,
                                   const char   *db,
                                   const char   *user,
                                   const char   *password,
                                   GError      **error);
void        bd_couch_free         (BdCouch      *self);
const char *bd_couch_get_url      (BdCouch      *self);
const char *bd_couch_get_db       (BdCouch      *self);
const char *bd_couch_get_user     (BdCouch      *self);
gboolean    bd_couch_set_ca_file  (BdCouch      *self,
                                   const char   *path,
                                   GError      **error);
const char *bd_couch_get_ca_file  (BdCouch      *self);
void        bd_couch_set_max_reply (BdCouch     *self,
                                    gsize        max);

/* @path: below the database ("_changes?since=0"), or from the server's
 * root when it starts with "/" ("/_users/org.couchdb.user:ann"). The reply
 * is JSON; a status of 400 and above is an error that carries the
 * server's reason; *status (may be NULL) is the HTTP status. */
JsonNode   *bd_couch_request      (BdCouch      *self,
                                   const char   *method,
                                   const char   *path,
                                   JsonNode     *body,
                                   guint        *status,
                                   GCancellable *cancellable,
                                   GError      **error);

/* The same in two steps, for a reply read on one thread and parsed on
 * another: the bytes of the reply whatever its status, then its JSON or
 * the error its status carries. */
GBytes     *bd_couch_send         (BdCouch      *self,
                                   const char   *method,
                                   const char   *path,
                                   JsonNode     *body,
                                   guint        *status,
                                   GCancellable *cancellable,
                                   GError      **error);
JsonNode   *bd_couch_parse_reply  (BdCouch      *self,
                                   const char   *method,
                                   const char   *path,
                                   GBytes       *reply,
                                   guint         status,
                                   GError      **error);

char       *bd_couch_guess_last_seq (GBytes    *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdCouch, bd_couch_free)

G_END_DECLS
