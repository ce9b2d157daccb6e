/* bd-team-settings.h
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"

G_BEGIN_DECLS

/* Settings the whole team shares (they sync): one row per key in
 * team_settings. What belongs to one installation stays in the settings
 * table, and one person's preferences in GSettings. */

#define BD_TEAM_SETTING_COMPANY_NAME      "company_name"
#define BD_TEAM_SETTING_COMPANY_ADDRESS   "company_address"
#define BD_TEAM_SETTING_HANDLING_DAYS     "handling_days"
#define BD_TEAM_SETTING_CHASE_DAYS        "chase_days"
#define BD_TEAM_SETTING_ALLOCATION_POLICY "allocation_policy"
#define BD_TEAM_SETTING_PO_PREFIX         "po_prefix"
#define BD_TEAM_SETTING_FTC_RULE          "ftc_rule"
#define BD_TEAM_SETTING_FTC_DAYS          "ftc_days"
#define BD_TEAM_SETTING_FOLLOW_UP_DAYS    "follow_up_days"
#define BD_TEAM_SETTING_SERVICE_LEVEL     "service_level"

typedef enum
{
  BD_TEAM_SETTING_TEXT,
  BD_TEAM_SETTING_NUMBER,
  BD_TEAM_SETTING_CHOICE,
  BD_TEAM_SETTING_FRACTION,       /* a decimal from min_fraction to max_fraction */
} BdTeamSettingKind;

typedef struct
{
  const char *key;
  BdTeamSettingKind kind;
  const char *default_value;
  gint64 min;                     /* NUMBER */
  gint64 max;                     /* NUMBER; TEXT: the most characters */
  const char * const *choices;    /* CHOICE */
  const char *label;              /* N_(): its name for people, in messages */
  const char *summary;            /* N_(): one line for --help and lists */
  double min_fraction;            /* FRACTION */
  double max_fraction;            /* FRACTION */
} BdTeamSettingSpec;

/* One setting as stored: its value, or the default while it is not set. */
typedef struct
{
  const BdTeamSettingSpec *spec;
  char *value;
  gboolean is_set;
} BdTeamSetting;

void                     bd_team_setting_free        (gpointer                 setting);
const BdTeamSettingSpec *bd_team_setting_specs       (guint                   *n_specs);
const BdTeamSettingSpec *bd_team_setting_lookup      (const char              *key,
                                                      GError                 **error);
char                    *bd_team_setting_uuid        (const char              *key);
char                    *bd_team_setting_normalize   (const BdTeamSettingSpec *spec,
                                                      const char              *value,
                                                      GError                 **error);
const char              *bd_allocation_policy_label  (const char              *policy);

GPtrArray *bd_team_settings_list    (BdStore     *store,
                                     GError     **error);
char      *bd_team_settings_get     (BdStore     *store,
                                     const char  *key,
                                     GError     **error);
gint64     bd_team_settings_get_int (BdStore     *store,
                                     const char  *key);
double     bd_team_settings_get_double (BdStore  *store,
                                        const char *key);
gboolean   bd_team_settings_set     (BdStore     *store,
                                     const char  *key,
                                     const char  *value,
                                     char       **batch,
                                     GError     **error);

G_END_DECLS
