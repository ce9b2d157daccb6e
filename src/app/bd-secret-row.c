/* bd-secret-row.c: an entry row of Preferences for a password or token,
 * which goes to the keyring and is never shown again
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-secret-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-secret-row.h"

/* Passwords and tokens live in the keyring (bd-secrets.c) and nowhere
 * else: a row for one is empty, and its title says whether the keyring
 * holds one for @account (NULL: none can be kept yet). */
void
bd_secret_row_show_state (AdwEntryRow  *row,
                          BdSecretKind  kind,
                          const char   *account,
                          const char   *title,
                          const char   *title_set)
{
  g_autofree char *secret = NULL;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  if (account != NULL)
    secret = bd_secret_lookup (kind, account, NULL, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), secret != NULL ? title_set : title);
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
}

/* Empties @row without offering to apply the empty text. */
static void
empty_row (AdwEntryRow *row)
{
  gboolean apply = adw_entry_row_get_show_apply_button (row);

  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  adw_entry_row_set_show_apply_button (row, apply);
}

/* Puts @row's text in the keyring under @account (an empty row forgets
 * the secret kept there) and empties the row: a secret is typed once and
 * never shown again, also when it could not be kept. @error holds the
 * keyring's own words, which never hold the secret. */
gboolean
bd_secret_row_store (AdwEntryRow  *row,
                     BdSecretKind  kind,
                     const char   *account,
                     GError      **error)
{
  const char *secret;
  gboolean stored;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  secret = gtk_editable_get_text (GTK_EDITABLE (row));
  if (*secret == '\0')
    stored = bd_secret_clear (kind, account, NULL, error);
  else
    stored = bd_secret_store (kind, account, secret, NULL, error);

  empty_row (row);
  return stored;
}

/**
 * bd_secret_row_save:
 * @no_account: what to say when @account is %NULL: which settings the
 *   secret waits for
 * @said: (out) (transfer full): what to tell the person, saved or not
 *
 * How a Preferences page saves the password or token typed in @row: in
 * the keyring under @account (bd_secret_row_store()), or, when the
 * settings it is for are not set yet (@account %NULL), nowhere. The row
 * is emptied either way.
 *
 * Returns: whether the keyring took it
 */
gboolean
bd_secret_row_save (AdwEntryRow   *row,
                    BdSecretKind   kind,
                    const char    *account,
                    const char    *no_account,
                    char         **said)
{
  g_autoptr(GError) error = NULL;
  gboolean token = kind == BD_SECRET_SMS;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), FALSE);
  g_return_val_if_fail (no_account != NULL && said != NULL, FALSE);

  if (account == NULL)
    {
      empty_row (row);
      *said = g_strdup (no_account);
      return FALSE;
    }

  if (!bd_secret_row_store (row, kind, account, &error))
    {
      /* the keyring's own words: they never hold the secret */
      *said = g_strdup_printf (token ? _("The token is not saved: %s") : _("The password is not saved: %s"),
                               error->message);
      return FALSE;
    }

  *said = g_strdup (token ? _("Token saved in the keyring") : _("Password saved in the keyring"));
  return TRUE;
}
