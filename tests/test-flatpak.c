/* test-flatpak.c: the Flatpak manifest, which CI cannot build
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-flatpak"

#include "config.h"

#include <json-glib/json-glib.h>

static JsonObject *
load_manifest (JsonParser *parser)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "flatpak",
                                                 "io.github.backorderdesk.BackorderDesk.json", NULL);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_flatpak_manifest (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *finish_args;
  JsonArray *modules;
  JsonObject *app_module;
  const char *version;

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==,
                   "io.github.backorderdesk.BackorderDesk");
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "backorder-desk");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");

  /* GNOME 43 is the runtime with GTK 4.8 and libadwaita 1.2, our minimums */
  version = json_object_get_string_member (manifest, "runtime-version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), >=, 43);

  finish_args = json_object_get_array_member (manifest, "finish-args");
  g_assert_true (array_has (finish_args, "--socket=wayland"));
  g_assert_true (array_has (finish_args, "--socket=fallback-x11"));
  g_assert_true (array_has (finish_args, "--share=network"));     /* CouchDB sync */
  /* files come through the portal's chooser, never by reaching into $HOME */
  for (guint i = 0; i < json_array_get_length (finish_args); i++)
    g_assert_false (g_str_has_prefix (json_array_get_string_element (finish_args, i), "--filesystem="));

  modules = json_object_get_array_member (manifest, "modules");
  g_assert_cmpuint (json_array_get_length (modules), >=, 1);
  app_module = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (app_module, "name"), ==, "backorder-desk");
  g_assert_cmpstr (json_object_get_string_member (app_module, "buildsystem"), ==, "meson");
}

static void
test_flatpak_desktop_file_matches (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "io.github.backorderdesk.BackorderDesk.desktop.in.in", NULL);
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;

  g_key_file_load_from_file (desktop, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  exec = g_key_file_get_string (desktop, "Desktop Entry", "Exec", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, json_object_get_string_member (manifest, "command"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak/manifest", test_flatpak_manifest);
  g_test_add_func ("/flatpak/desktop-file-matches", test_flatpak_desktop_file_matches);

  return g_test_run ();
}
