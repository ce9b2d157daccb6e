/* bd-smtp.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-mail.h"

G_BEGIN_DECLS

#define BD_SMTP_ERROR (bd_smtp_error_quark ())

typedef enum
{
  BD_SMTP_ERROR_SETTINGS,      /* no host, no sender, a bad address */
  BD_SMTP_ERROR_CONNECT,       /* the server cannot be reached */
  BD_SMTP_ERROR_CERTIFICATE,   /* its certificate does not verify */
  BD_SMTP_ERROR_TLS,           /* TLS could not be set up */
  BD_SMTP_ERROR_LOGIN,         /* it refused the user and password */
  BD_SMTP_ERROR_REFUSED,       /* it refused the sender, a recipient or the message */
  BD_SMTP_ERROR_DROPPED,       /* the connection broke before the message was whole */
  BD_SMTP_ERROR_UNKNOWN,       /* it broke after: the message may have gone out */
} BdSmtpError;

typedef enum
{
  BD_SMTP_SECURITY_STARTTLS,   /* port 587: plain, then STARTTLS, required */
  BD_SMTP_SECURITY_TLS,        /* port 465: TLS from the first byte */
  BD_SMTP_SECURITY_NONE,       /* only for a relay on this machine */
} BdSmtpSecurity;

typedef struct
{
  char *host;
  guint port;                  /* 0: the security's usual port */
  BdSmtpSecurity security;
  char *user;                  /* NULL: no login */
  char *password;
  char *ca_file;               /* NULL: the system's CAs */
  guint timeout_seconds;       /* 0: 30 s */
} BdSmtpSettings;

typedef struct _BdSmtpSession BdSmtpSession;

GQuark          bd_smtp_error_quark       (void);
const char     *bd_smtp_security_to_string   (BdSmtpSecurity  security);
gboolean        bd_smtp_security_from_string (const char     *text,
                                              BdSmtpSecurity *security);

BdSmtpSession  *bd_smtp_session_new       (const BdSmtpSettings *settings);
void            bd_smtp_session_free      (BdSmtpSession        *self);
gboolean        bd_smtp_session_send      (BdSmtpSession        *self,
                                           const BdMail         *mail,
                                           GDateTime            *date,
                                           GError              **error);
guint           bd_smtp_session_get_n_connections (BdSmtpSession *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSmtpSession, bd_smtp_session_free)

G_END_DECLS
