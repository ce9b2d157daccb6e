/* bd-mail.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-mail"

#include "config.h"

#include "bd-mail.h"

/* A message as RFC 5322 text with MIME (RFC 2045-2047): the same bytes go
 * to the SMTP server and into an .eml file. Only what our messages need
 * is written: a UTF-8 text part, encoded in base64 (so that no line is
 * long, none starts with a dot, and no server needs 8BITMIME), and an
 * optional attachment. Writing this much by hand was preferred to a new
 * dependency (GMime) for one function; reading mail is not our job. */

BdMail *
bd_mail_new (void)
{
  return g_new0 (BdMail, 1);
}

void
bd_mail_free (BdMail *mail)
{
  if (mail == NULL)
    return;

  g_free (mail->message_id);
  g_free (mail->from);
  g_free (mail->from_name);
  g_free (mail->to);
  g_free (mail->to_name);
  g_free (mail->subject);
  g_free (mail->body);
  g_clear_pointer (&mail->attachment, g_bytes_unref);
  g_free (mail->attachment_name);
  g_free (mail->attachment_type);
  g_free (mail);
}

/* A plain address: one "@", something on each side, no spaces, angle
 * brackets, commas or line breaks (which would let a customer's data add
 * recipients or headers). */
gboolean
bd_mail_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || *address == '\0' || !g_utf8_validate (address, -1, NULL))
    return FALSE;

  for (const char *p = address; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("<>,;\"()[]\\", *p) != NULL)
      return FALSE;

  at = strchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

static gboolean
is_plain (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p >= 0x7f || (g_ascii_iscntrl (*p) && *p != '\t'))
      return FALSE;

  return TRUE;
}

/* A header's text as RFC 2047 encoded words when it is not plain ASCII,
 * each word at most 75 characters and whole UTF-8 characters. Line breaks
 * in the text become spaces: a header is one line. */
static void
append_header_text (GString    *out,
                    const char *text)
{
  g_autofree char *one_line = g_strdup (text != NULL ? text : "");
  const char *p;
  gboolean first = TRUE;

  g_strdelimit (one_line, "\r\n", ' ');
  if (is_plain (one_line))
    {
      g_string_append (out, one_line);
      return;
    }

  /* 45 bytes of text make 60 of base64, which with "=?UTF-8?B?" and "?="
   * is 72 */
  for (p = one_line; *p != '\0';)
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      while (*end != '\0' && g_utf8_next_char (end) - p <= 45)
        end = g_utf8_next_char (end);
      if (end == p)
        end = g_utf8_next_char (p);
      encoded = g_base64_encode ((const guchar *)p, end - p);
      g_string_append_printf (out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", encoded);
      first = FALSE;
      p = end;
    }
}

static void
append_address (GString    *out,
                const char *header,
                const char *name,
                const char *address)
{
  g_string_append_printf (out, "%s: ", header);
  if (name != NULL && *name != '\0')
    {
      g_autofree char *one_line = g_strdup (name);

      g_strdelimit (one_line, "\r\n", ' ');
      if (is_plain (one_line))
        {
          g_autoptr(GString) quoted = g_string_new ("\"");

          for (const char *p = one_line; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_c (quoted, '\\');
              g_string_append_c (quoted, *p);
            }
          g_string_append (out, quoted->str);
          g_string_append (out, "\"");
        }
      else
        append_header_text (out, one_line);
      g_string_append_c (out, ' ');
    }
  g_string_append_printf (out, "<%s>\r\n", address);
}

static void
append_base64 (GString      *out,
               const guchar *data,
               gsize         length)
{
  g_autofree char *encoded = g_base64_encode (data, length);
  gsize n = strlen (encoded);

  for (gsize i = 0; i < n; i += 76)
    {
      g_string_append_len (out, encoded + i, MIN (76, n - i));
      g_string_append (out, "\r\n");
    }
}

/* The text a body is sent as: "\n" and "\r\n" both become CRLF. */
static char *
crlf_text (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 64);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' && p[1] == '\n')
        continue;
      if (*p == '\n' || *p == '\r')
        g_string_append (out, "\r\n");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_text_part (GString    *out,
                  const char *body)
{
  g_autofree char *text = crlf_text (body != NULL ? body : "");

  g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: base64\r\n\r\n");
  append_base64 (out, (const guchar *)text, strlen (text));
}

/* The whole message, headers and body, with CRLF line ends, dated @date
 * (now when NULL). */
char *
bd_mail_format (const BdMail *mail,
                GDateTime    *date)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date_text = NULL;

  g_return_val_if_fail (mail != NULL, NULL);
  g_return_val_if_fail (mail->from != NULL && mail->to != NULL && mail->message_id != NULL, NULL);

  if (date == NULL)
    date = now = g_date_time_new_now_local ();
  /* RFC 5322 dates are in English whatever the locale */
  {
    static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                           "Aug", "Sep", "Oct", "Nov", "Dec" };
    gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;

    date_text = g_strdup_printf ("%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
                                 days[g_date_time_get_day_of_week (date) - 1],
                                 g_date_time_get_day_of_month (date),
                                 months[g_date_time_get_month (date) - 1],
                                 g_date_time_get_year (date),
                                 g_date_time_get_hour (date), g_date_time_get_minute (date),
                                 g_date_time_get_second (date),
                                 offset < 0 ? '-' : '+', (int)(ABS (offset) / 60), (int)(ABS (offset) % 60));
  }

  append_address (out, "From", mail->from_name, mail->from);
  append_address (out, "To", mail->to_name, mail->to);
  g_string_append (out, "Subject: ");
  append_header_text (out, mail->subject);
  g_string_append_printf (out, "\r\nDate: %s\r\n", date_text);
  g_string_append_printf (out, "Message-ID: <%s>\r\n", mail->message_id);
  g_string_append (out, "MIME-Version: 1.0\r\n");

  if (mail->attachment == NULL)
    append_text_part (out, mail->body);
  else
    {
      /* the boundary is made of the Message-ID, which the text cannot
       * contain in base64 */
      g_autofree char *boundary = g_strdup_printf ("=_bd_%s", mail->message_id);
      gsize length;
      const guchar *data = g_bytes_get_data (mail->attachment, &length);

      g_strdelimit (boundary, "@", '_');
      g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
      g_string_append_printf (out, "--%s\r\n", boundary);
      append_text_part (out, mail->body);
      g_string_append_printf (out, "--%s\r\n", boundary);
      g_string_append_printf (out, "Content-Type: %s\r\n",
                              mail->attachment_type != NULL ? mail->attachment_type : "application/octet-stream");
      g_string_append (out, "Content-Disposition: attachment; filename=\"");
      for (const char *p = mail->attachment_name != NULL ? mail->attachment_name : "attachment"; *p != '\0'; p++)
        if (*p != '"' && *p != '\\' && !g_ascii_iscntrl (*p))
          g_string_append_c (out, *p);
      g_string_append (out, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
      append_base64 (out, data, length);
      g_string_append_printf (out, "--%s--\r\n", boundary);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A mailto: URI (RFC 6068) for a message to @to: what the user's own mail
 * program opens, through the portal in the Flatpak. The address, subject
 * and body are percent-encoded as UTF-8 (a space is %20, never "+", which
 * mail programs would show as it is; "&", "=", "?" and "#" of the text are
 * encoded, so that the text cannot end the subject or add fields such as
 * cc); line breaks of the body are CRLF, %0D%0A, as the RFC asks, and the
 * subject is one line. NULL when @to is not a plain address. */
char *
bd_mail_mailto_uri (const char *to,
                    const char *subject,
                    const char *body)
{
  g_autoptr(GString) uri = g_string_new ("mailto:");
  g_autofree char *address = NULL;

  if (!bd_mail_address_is_valid (to))
    return NULL;

  address = g_uri_escape_string (to, "@+", FALSE);
  g_string_append (uri, address);

  if (subject != NULL && *subject != '\0')
    {
      g_autofree char *one_line = g_strdup (subject);
      g_autofree char *escaped = NULL;

      g_strdelimit (one_line, "\r\n", ' ');
      escaped = g_uri_escape_string (one_line, NULL, FALSE);
      g_string_append_printf (uri, "?subject=%s", escaped);
    }

  if (body != NULL && *body != '\0')
    {
      g_autofree char *text = crlf_text (body);
      g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

      g_string_append_printf (uri, "%cbody=%s", strchr (uri->str, '?') != NULL ? '&' : '?', escaped);
    }

  return g_string_free (g_steal_pointer (&uri), FALSE);
}
