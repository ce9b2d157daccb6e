/* bd-team-settings.c: settings the whole team shares
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-team-settings"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bd-delay-notices.h"
#include "bd-followups.h"
#include "bd-po-number.h"
#include "bd-team-settings.h"
#include "bd-util.h"

static const char * const allocation_policies[] = { "fifo", "priority", "complete", NULL };
static const char * const on_off[] = { "on", "off", NULL };

/* In the order lists and the Preferences window show them. */
static const BdTeamSettingSpec specs[] = {
  { BD_TEAM_SETTING_COMPANY_NAME, BD_TEAM_SETTING_TEXT, "", 0, 200, NULL,
    N_("The company name"), N_("The company name on the header of purchase orders") },
  { BD_TEAM_SETTING_COMPANY_ADDRESS, BD_TEAM_SETTING_TEXT, "", 0, 1000, NULL,
    N_("The company address"), N_("The company address on the header of purchase orders, lines separated by line breaks") },
  { BD_TEAM_SETTING_PO_PREFIX, BD_TEAM_SETTING_TEXT, BD_PO_NUMBER_DEFAULT_PREFIX, 1, 10, NULL,
    N_("The PO number prefix"), N_("The first part of every PO number, like PO in PO-K7-0042: letters and digits") },
  { BD_TEAM_SETTING_HANDLING_DAYS, BD_TEAM_SETTING_NUMBER, "1", 0, 365, NULL,
    N_("The handling days"), N_("Days from stock in hand to a parcel on its way, added to every expected date") },
  { BD_TEAM_SETTING_CHASE_DAYS, BD_TEAM_SETTING_NUMBER, "3", 0, 365, NULL,
    N_("The days before chasing"), N_("Days a sent PO may go unconfirmed before the supplier is to be chased") },
  { BD_TEAM_SETTING_ALLOCATION_POLICY, BD_TEAM_SETTING_CHOICE, "fifo", 0, 0, allocation_policies,
    N_("The default allocation policy"), N_("How a receipt is handed out unless the clerk picks otherwise: fifo (oldest order first), "
       "priority (highest priority, then oldest) or complete (orders it completes first)") },
  /* read by bd-delay-notices.c and bd-followups.c */
  { BD_TEAM_SETTING_FTC_RULE, BD_TEAM_SETTING_CHOICE, "on", 0, 0, on_off,
    N_("The delay notice rule"), N_("Whether the desk asks for delay notices after the FTC Mail Order Rule: "
                                    "on, or off for shops it does not bind") },
  { BD_TEAM_SETTING_FTC_DAYS, BD_TEAM_SETTING_NUMBER, G_STRINGIFY (BD_FTC_DEFAULT_DAYS), 1, 365, NULL,
    N_("The days to ship"), N_("Days from the order within which a line without a promised date is to "
                               "ship, or have a delay notice") },
  { BD_TEAM_SETTING_FOLLOW_UP_DAYS, BD_TEAM_SETTING_NUMBER, G_STRINGIFY (BD_FOLLOW_UP_DEFAULT_DAYS), 1, 365, NULL,
    N_("The follow-up days"), N_("Days between two words to a customer who waits") },
  /* read by bd-forecast.c */
  { BD_TEAM_SETTING_SERVICE_LEVEL, BD_TEAM_SETTING_FRACTION, "0.95", 0, 0, NULL,
    N_("The service level"), N_("The share of lead times the suggested safety stock is to come through "
                                "without running out, from 0.5 to 0.999"), 0.5, 0.999 },
};

/* The namespace of the uuids of team settings (RFC 9562, version 5): every
 * machine of a team derives the same uuid for a key, so that the rows
 * of two machines that set it offline are one document to sync. */
static const guint8 settings_namespace[16] = {
  0x1b, 0x5e, 0x0a, 0x77, 0x3c, 0x4d, 0x4f, 0x21, 0x9a, 0x6e, 0x52, 0x0d, 0xb3, 0x18, 0xc4, 0x6f,
};

void
bd_team_setting_free (gpointer data)
{
  BdTeamSetting *setting = data;

  g_free (setting->value);
  g_free (setting);
}

const BdTeamSettingSpec *
bd_team_setting_specs (guint *n_specs)
{
  *n_specs = G_N_ELEMENTS (specs);
  return specs;
}

static char *
known_keys (void)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    g_string_append_printf (keys, "%s%s", i ? ", " : "", specs[i].key);

  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/* The spec of @key, or NULL with an error that lists the keys there are. */
const BdTeamSettingSpec *
bd_team_setting_lookup (const char  *key,
                        GError     **error)
{
  g_autofree char *known = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_strcmp0 (specs[i].key, key) == 0)
      return &specs[i];

  known = known_keys ();
  g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_NOT_FOUND,
               _("There is no team setting “%s”: expected one of %s"), key ? key : "", known);
  return NULL;
}

char *
bd_team_setting_uuid (const char *key)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_return_val_if_fail (key != NULL, NULL);

  g_checksum_update (checksum, settings_namespace, sizeof settings_namespace);
  g_checksum_update (checksum, (const guchar *)key, -1);
  g_checksum_get_digest (checksum, digest, &len);

  digest[6] = 0x50 | (digest[6] & 0x0f);
  digest[8] = 0x80 | (digest[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

const char *
bd_allocation_policy_label (const char *policy)
{
  if (g_strcmp0 (policy, "fifo") == 0)
    return C_("allocation policy", "Oldest order first");
  if (g_strcmp0 (policy, "priority") == 0)
    return C_("allocation policy", "Priority, then oldest");
  if (g_strcmp0 (policy, "complete") == 0)
    return C_("allocation policy", "Whole orders first");
  return policy ? policy : "";
}

static gboolean
prefix_is_valid (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;

  return TRUE;
}

/**
 * bd_team_setting_normalize:
 *
 * @value as @spec stores it (spaces around it gone, a number in its one
 * spelling, a choice in lower case), or %NULL with an error that names
 * the setting and says what it takes.
 */
char *
bd_team_setting_normalize (const BdTeamSettingSpec  *spec,
                           const char               *value,
                           GError                  **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("%s (%s) is not text"), _(spec->label), spec->key);
      return NULL;
    }

  text = g_strstrip (g_strdup (value));

  switch (spec->kind)
    {
    case BD_TEAM_SETTING_NUMBER:
      {
        g_autofree char *expected = NULL;
        gint64 number;

        if (!bd_parse_int (text, spec->min, spec->max, &number, &expected))
          {
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                         _("%s (%s) expects %s, found “%s”"), _(spec->label), spec->key,
                         expected, value);
            return NULL;
          }
        return g_strdup_printf ("%" G_GINT64_FORMAT, number);
      }

    case BD_TEAM_SETTING_FRACTION:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        char *end = NULL;
        double number = g_ascii_strtod (text, &end);

        /* three decimals at most: 0.95 is kept as it was typed, and what
         * every machine of the team reads back is the same number */
        if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (number) ||
            number < spec->min_fraction || number > spec->max_fraction ||
            fabs (number * 1000 - round (number * 1000)) > 1e-9)
          {
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                         _("%s (%s) expects a fraction from %g to %g with at most three decimals, "
                           "like 0.95, found “%s”"),
                         _(spec->label), spec->key, spec->min_fraction, spec->max_fraction, value);
            return NULL;
          }
        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3g", round (number * 1000) / 1000));
      }

    case BD_TEAM_SETTING_CHOICE:
      {
        g_autofree char *lower = g_ascii_strdown (text, -1);
        g_autofree char *known = NULL;

        if (g_strv_contains (spec->choices, lower))
          return g_steal_pointer (&lower);

        known = g_strjoinv (", ", (char **)spec->choices);
        g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                     _("%s (%s) expects one of %s, found “%s”"), _(spec->label), spec->key,
                     known, value);
        return NULL;
      }

    case BD_TEAM_SETTING_TEXT:
      if (g_utf8_strlen (text, -1) < spec->min || g_utf8_strlen (text, -1) > spec->max)
        {
          if (spec->min > 0 && *text == '\0')
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                         _("%s (%s) cannot be empty"), _(spec->label), spec->key);
          else
            g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                         _("%s (%s) takes at most %" G_GINT64_FORMAT " characters, found %ld"),
                         _(spec->label), spec->key, spec->max, g_utf8_strlen (text, -1));
          return NULL;
        }
      /* a PO number is read out on the phone and sorted: its prefix is
       * plain letters and digits, and the dash is the number's own */
      if (g_str_equal (spec->key, BD_TEAM_SETTING_PO_PREFIX) && !prefix_is_valid (text))
        {
          g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                       _("%s (%s) expects letters A to Z and digits only, like PO, found “%s”"),
                       _(spec->label), spec->key, value);
          return NULL;
        }
      return g_steal_pointer (&text);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
read_row (BdStore     *store,
          const char  *key,
          char       **value,
          GError     **error)
{
  sqlite3_stmt *stmt = bd_store_cached (store,
                                        "SELECT value FROM team_settings WHERE key = ? AND deleted = 0",
                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? bd_stmt_dup_text (stmt, 0) : NULL;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bd_store_set_sql_error (store, error, _("reading the team settings"));
      return FALSE;
    }

  return TRUE;
}

/* Every team setting, in the order of the specs. */
GPtrArray *
bd_team_settings_list (BdStore  *store,
                       GError  **error)
{
  g_autoptr(GPtrArray) settings = g_ptr_array_new_with_free_func (bd_team_setting_free);

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      BdTeamSetting *setting = g_new0 (BdTeamSetting, 1);

      g_ptr_array_add (settings, setting);
      setting->spec = &specs[i];
      if (!read_row (store, specs[i].key, &setting->value, error))
        return NULL;
      setting->is_set = setting->value != NULL;
      if (!setting->is_set)
        setting->value = g_strdup (specs[i].default_value);
    }

  return g_steal_pointer (&settings);
}

/* The value of @key, its default while it is not set. */
char *
bd_team_settings_get (BdStore     *store,
                      const char  *key,
                      GError     **error)
{
  const BdTeamSettingSpec *spec;
  char *value;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!(spec = bd_team_setting_lookup (key, error)) ||
      !read_row (store, key, &value, error))
    return NULL;

  return value != NULL ? value : g_strdup (spec->default_value);
}

/* A number setting for the code that uses it: the default while it is
 * not set, or when what sync brought is not a number this version takes. */
gint64
bd_team_settings_get_int (BdStore    *store,
                          const char *key)
{
  const BdTeamSettingSpec *spec = bd_team_setting_lookup (key, NULL);
  g_autofree char *value = NULL;
  g_autofree char *expected = NULL;
  gint64 number;

  g_return_val_if_fail (BD_IS_STORE (store), 0);
  g_return_val_if_fail (spec != NULL && spec->kind == BD_TEAM_SETTING_NUMBER, 0);

  if (!read_row (store, key, &value, NULL) || value == NULL ||
      !bd_parse_int (value, spec->min, spec->max, &number, &expected))
    return g_ascii_strtoll (spec->default_value, NULL, 10);

  return number;
}

/* A fraction setting for the code that uses it: the default while it is
 * not set, or when what sync brought is not one this version takes. */
double
bd_team_settings_get_double (BdStore    *store,
                             const char *key)
{
  const BdTeamSettingSpec *spec = bd_team_setting_lookup (key, NULL);
  g_autofree char *value = NULL;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), 0);
  g_return_val_if_fail (spec != NULL && spec->kind == BD_TEAM_SETTING_FRACTION, 0);

  if (!read_row (store, key, &value, NULL) || value == NULL ||
      (normal = bd_team_setting_normalize (spec, value, NULL)) == NULL)
    return g_ascii_strtod (spec->default_value, NULL);

  return g_ascii_strtod (normal, NULL);
}

/**
 * bd_team_settings_set:
 * @batch: (out) (optional): the batch of the change's event, or %NULL
 *   when the setting already had that value and nothing was written
 *
 * Sets a team setting, one transaction with its event. A value the
 * setting does not take is refused with an error that says what it takes,
 * and nothing is written.
 */
gboolean
bd_team_settings_set (BdStore     *store,
                      const char  *key,
                      const char  *value,
                      char       **batch,
                      GError     **error)
{
  const BdTeamSettingSpec *spec;
  g_autofree char *normalized = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;
  g_autofree char *new_batch = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);

  if (batch != NULL)
    *batch = NULL;

  if (!(spec = bd_team_setting_lookup (key, error)) ||
      !(normalized = bd_team_setting_normalize (spec, value, error)))
    return FALSE;

  if (!bd_store_begin (store, error))
    return FALSE;

  ok = read_row (store, key, &old_value, error);
  if (ok && g_strcmp0 (old_value, normalized) == 0)
    {
      bd_store_rollback (store);
      return TRUE;
    }

  uuid = bd_team_setting_uuid (key);
  now = bd_store_now_iso (store);
  new_batch = bd_store_new_uuid (store);

  /* a tombstoned row (a setting unset on another machine) comes back */
  stmt = ok ? bd_store_cached (store,
                               "INSERT INTO team_settings (key, value, uuid, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?4)"
                               " ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?4,"
                               "  deleted = 0, dirty = 1",
                               error) : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      ok = bd_store_step_done (store, stmt, error) &&
           bd_store_add_event (store, new_batch, "setting", "team_settings", uuid, 0,
                               key, old_value, normalized, error);
    }

  if (ok)
    {
      bd_store_emit_changed_tables (store, (const char * const[]) { "team_settings", "events", NULL });
      ok = bd_store_commit (store, error);
    }
  else
    bd_store_rollback (store);

  if (ok && batch != NULL)
    *batch = g_steal_pointer (&new_batch);

  return ok;
}
