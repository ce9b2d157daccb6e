/* bd-sms.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_SMS_ERROR (bd_sms_error_quark ())

typedef enum
{
  BD_SMS_ERROR_SETTINGS,     /* no gateway, a URL we do not send to, a bad number */
  BD_SMS_ERROR_CONNECT,      /* the gateway cannot be reached */
  BD_SMS_ERROR_CERTIFICATE,  /* its certificate does not verify */
  BD_SMS_ERROR_REFUSED,      /* it answered, but not 2xx */
  BD_SMS_ERROR_UNKNOWN,      /* no answer after the request went: it may have gone out */
} BdSmsError;

typedef struct
{
  char *url;                 /* https://…, or http:// to this machine */
  char *token;               /* sent as "Authorization: Bearer …"; NULL: none */
  guint timeout_seconds;     /* 0: 30 s */
} BdSmsSettings;

GQuark    bd_sms_error_quark     (void);
char     *bd_sms_normalize_phone (const char          *phone);
gboolean  bd_sms_send            (const BdSmsSettings *settings,
                                  const char          *to,
                                  const char          *body,
                                  const char          *reference,
                                  GCancellable        *cancellable,
                                  GError             **error);

G_END_DECLS
