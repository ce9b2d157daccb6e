/* bd-smtp.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-smtp"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "bd-smtp.h"
#include "bd-util.h"

/* Mail goes out by SMTP through libcurl (DESIGN.md): TLS always verified
 * against the system's CAs or a company's own CA file, never skipped; one
 * connection for many messages (libcurl keeps it open between transfers of
 * one easy handle). A send either ends with the server's acceptance, or
 * with an error that says whether the message may have gone out anyway:
 * a connection that broke after the whole message was handed over, before
 * the server's reply, is BD_SMTP_ERROR_UNKNOWN, and the caller asks before
 * sending it again. Blocking: call it from a worker thread. */

G_DEFINE_QUARK (bd-smtp-error-quark, bd_smtp_error)

struct _BdSmtpSession
{
  BdSmtpSettings settings;
  char *url;
  CURL *curl;
  guint n_connections;
};

typedef struct
{
  const char *data;
  gsize length;
  gsize sent;
} Upload;

static const char * const security_names[] = { "starttls", "tls", "none" };

const char *
bd_smtp_security_to_string (BdSmtpSecurity security)
{
  g_return_val_if_fail (security <= BD_SMTP_SECURITY_NONE, NULL);

  return security_names[security];
}

gboolean
bd_smtp_security_from_string (const char     *text,
                              BdSmtpSecurity *security)
{
  for (guint i = 0; i < G_N_ELEMENTS (security_names); i++)
    if (g_strcmp0 (text, security_names[i]) == 0)
      {
        *security = i;
        return TRUE;
      }

  return FALSE;
}

BdSmtpSession *
bd_smtp_session_new (const BdSmtpSettings *settings)
{
  static gsize initialized;
  BdSmtpSession *self;
  guint port;

  g_return_val_if_fail (settings != NULL, NULL);

  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }

  self = g_new0 (BdSmtpSession, 1);
  self->settings.host = g_strdup (settings->host);
  self->settings.security = settings->security;
  self->settings.user = g_strdup (settings->user);
  self->settings.password = g_strdup (settings->password);
  self->settings.ca_file = g_strdup (settings->ca_file);
  self->settings.timeout_seconds = settings->timeout_seconds ? settings->timeout_seconds : 30;

  port = settings->port;
  if (port == 0)
    port = settings->security == BD_SMTP_SECURITY_TLS ? 465 : settings->security == BD_SMTP_SECURITY_NONE ? 25 : 587;
  self->settings.port = port;
  self->url = g_strdup_printf ("%s://%s:%u", settings->security == BD_SMTP_SECURITY_TLS ? "smtps" : "smtp",
                               settings->host != NULL ? settings->host : "", port);
  return self;
}

void
bd_smtp_session_free (BdSmtpSession *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_free (self->settings.host);
  g_free (self->settings.user);
  if (self->settings.password != NULL)
    {
      memset (self->settings.password, 0, strlen (self->settings.password));
      g_free (self->settings.password);
    }
  g_free (self->settings.ca_file);
  g_free (self->url);
  g_free (self);
}

/* How many connections the session opened: one for many messages, unless
 * the server closed it between them. */
guint
bd_smtp_session_get_n_connections (BdSmtpSession *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_connections;
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  Upload *upload = user_data;
  gsize n = MIN (size * n_items, upload->length - upload->sent);

  memcpy (buffer, upload->data + upload->sent, n);
  upload->sent += n;
  return n;
}

static gboolean
set_error_for (BdSmtpSession  *self,
               CURLcode        code,
               const char     *detail,
               const Upload   *upload,
               const BdMail   *mail,
               GError        **error)
{
  const char *host = self->settings.host;
  long response = 0;

  curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &response);
  if (detail == NULL || *detail == '\0')
    detail = curl_easy_strerror (code);

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_CONNECT,
                   _("Could not reach the mail server %s on port %u: %s"), host, self->settings.port, detail);
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_CERTIFICATE,
                   _("The certificate of the mail server %s does not verify, so nothing was sent: %s. "
                     "If your company runs its own certificate authority, set its CA file in Preferences."),
                   host, detail);
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_TLS,
                   _("Could not set up an encrypted connection to the mail server %s: %s"), host, detail);
      break;
    case CURLE_LOGIN_DENIED:
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_LOGIN,
                   _("The mail server %s refused the login of “%s” (reply %ld): check the user and password"),
                   host, self->settings.user != NULL ? self->settings.user : "", response);
      break;
    default:
      /* All of it was handed over and the last word from the server was
       * "354 go ahead": the end of the message may have reached it. TCP
       * cannot tell more, so this errs on the side of asking. */
      if (upload->sent == upload->length && (response == 0 || response == 354) &&
          (code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING ||
           code == CURLE_OPERATION_TIMEDOUT || code == CURLE_WEIRD_SERVER_REPLY ||
           code == CURLE_PARTIAL_FILE))
        g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_UNKNOWN,
                     _("The connection to %s broke after the whole message was sent and before the "
                       "server confirmed it: it may have gone out (%s)"), host, detail);
      else if (response >= 400)
        g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_REFUSED,
                     _("The mail server %s refused the message to %s (reply %ld): %s"),
                     host, mail->to, response, detail);
      else
        g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_DROPPED,
                     _("The connection to the mail server %s broke before the message was sent: %s"),
                     host, detail);
      break;
    }

  /* a broken connection is not used again */
  g_clear_pointer (&self->curl, curl_easy_cleanup);
  return FALSE;
}

/* Sends @mail, dated @date (now when NULL), over the session's connection,
 * opened on the first message. */
gboolean
bd_smtp_session_send (BdSmtpSession  *self,
                      const BdMail   *mail,
                      GDateTime      *date,
                      GError        **error)
{
  g_autofree char *text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  struct curl_slist *recipients = NULL;
  char detail[CURL_ERROR_SIZE] = "";
  Upload upload = { 0, };
  CURLcode code;
  long n_connects = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (mail != NULL, FALSE);

  if (self->settings.host == NULL || *self->settings.host == '\0')
    {
      g_set_error_literal (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                           _("No mail server is set: set one in Preferences"));
      return FALSE;
    }
  /* without encryption the user's password and the customers' mail
   * would cross the network in the clear: only a relay on this machine */
  if (self->settings.security == BD_SMTP_SECURITY_NONE && !bd_host_is_loopback (self->settings.host))
    {
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                   _("The mail server %s is not on this computer: a connection without encryption (none) is "
                     "only for a relay on this computer; choose STARTTLS or TLS in Preferences"),
                   self->settings.host);
      return FALSE;
    }
  if (!bd_mail_address_is_valid (mail->from))
    {
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                   _("The sender address “%s” is not an email address"), mail->from ? mail->from : "");
      return FALSE;
    }
  if (!bd_mail_address_is_valid (mail->to))
    {
      g_set_error (error, BD_SMTP_ERROR, BD_SMTP_ERROR_SETTINGS,
                   _("The recipient address “%s” is not an email address"), mail->to ? mail->to : "");
      return FALSE;
    }

  text = bd_mail_format (mail, date);
  upload.data = text;
  upload.length = strlen (text);
  from = g_strdup_printf ("<%s>", mail->from);
  to = g_strdup_printf ("<%s>", mail->to);
  recipients = curl_slist_append (NULL, to);

  if (self->curl == NULL)
    {
      self->curl = curl_easy_init ();
      curl_easy_setopt (self->curl, CURLOPT_URL, self->url);
      curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
      curl_easy_setopt (self->curl, CURLOPT_USE_SSL,
                        self->settings.security == BD_SMTP_SECURITY_NONE ? (long)CURLUSESSL_NONE
                                                                         : (long)CURLUSESSL_ALL);
      curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYHOST, 2L);
      if (self->settings.ca_file != NULL)
        curl_easy_setopt (self->curl, CURLOPT_CAINFO, self->settings.ca_file);
      if (self->settings.user != NULL)
        {
          curl_easy_setopt (self->curl, CURLOPT_USERNAME, self->settings.user);
          curl_easy_setopt (self->curl, CURLOPT_PASSWORD,
                            self->settings.password != NULL ? self->settings.password : "");
        }
      curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, (long)self->settings.timeout_seconds);
      /* a server that stops answering mid-way: less than a byte a second
       * for the timeout is a broken connection */
      curl_easy_setopt (self->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt (self->curl, CURLOPT_LOW_SPEED_TIME, (long)self->settings.timeout_seconds);
      curl_easy_setopt (self->curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (self->curl, CURLOPT_READFUNCTION, read_cb);
    }

  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt (self->curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (self->curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (self->curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt (self->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)upload.length);

  code = curl_easy_perform (self->curl);
  if (self->curl != NULL)
    {
      curl_easy_getinfo (self->curl, CURLINFO_NUM_CONNECTS, &n_connects);
      self->n_connections += n_connects;
    }
  curl_slist_free_all (recipients);

  if (code != CURLE_OK)
    return set_error_for (self, code, detail, &upload, mail, error);

  /* the handle keeps pointers to what goes away now */
  curl_easy_setopt (self->curl, CURLOPT_MAIL_RCPT, NULL);
  curl_easy_setopt (self->curl, CURLOPT_READDATA, NULL);
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, NULL);
  return TRUE;
}
