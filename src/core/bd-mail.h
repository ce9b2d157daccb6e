/* bd-mail.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One email: who it goes to, its text, its own Message-ID (the key that
 * keeps a retry from sending it twice) and at most one attachment (a PO's
 * PDF). */
typedef struct
{
  char *message_id;       /* without the angle brackets: "uuid@host" */
  char *from;             /* address */
  char *from_name;
  char *to;               /* address */
  char *to_name;
  char *subject;
  char *body;             /* UTF-8 text, lines separated by "\n" */
  GBytes *attachment;
  char *attachment_name;
  char *attachment_type;  /* "application/pdf" */
} BdMail;

BdMail   *bd_mail_new          (void);
void      bd_mail_free         (BdMail      *mail);
char     *bd_mail_format       (const BdMail *mail,
                                GDateTime   *date);
gboolean  bd_mail_address_is_valid (const char *address);
char     *bd_mail_mailto_uri   (const char  *to,
                                const char  *subject,
                                const char  *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMail, bd_mail_free)

G_END_DECLS
