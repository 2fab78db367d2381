/* test-app.c — the rapport program itself: --screenshot on a real database,
 * and a clear message (not a crash, not a hang) when the server is wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "crm-demo.h"
#include "crm-test-db.h"

static int
run_rapport (const char *database,
             const char *section,
             const char *png,
             char      **out_stderr)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int              status = 0;

  g_ptr_array_add (argv, (gpointer) RAPPORT_PATH);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) database);
  if (section != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--section");
      g_ptr_array_add (argv, (gpointer) section);
    }
  g_ptr_array_add (argv, (gpointer) "--screenshot");
  g_ptr_array_add (argv, (gpointer) png);
  g_ptr_array_add (argv, NULL);

  /* stdout is captured: the TAP stream is this test's own. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, out_stderr, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    {
      /* A saved screenshot is announced with its path. */
      g_autofree char *expected = g_strconcat (png, "\n", NULL);
      g_assert_cmpstr (out, ==, expected);
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
assert_png (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 300);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 300);
}

static void
test_screenshot_with_data (void)
{
  g_autofree char *conninfo = crm_test_db_create ("app");
  g_autoptr (CrmStore) store = crm_test_db_open_store (conninfo);
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "rapport-test-app.png", NULL);
  g_autofree char *err = NULL;

  crm_test_db_load_demo (store);

  g_unlink (png);
  g_assert_cmpint (run_rapport (conninfo, "contacts", png, &err), ==, 0);
  assert_png (png);
  g_unlink (png);
  crm_test_db_drop (conninfo);
}

static void
test_server_down (void)
{
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "rapport-test-app-down.png", NULL);
  g_autofree char *err = NULL;
  gint64           start = g_get_monotonic_time ();

  /* Nothing listens on port 1: the window says so, with its buttons, and
   * the program ends with an error instead of hanging. */
  g_unlink (png);
  g_assert_cmpint (run_rapport ("host=127.0.0.1 port=1 dbname=rapport", NULL, png, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Cannot connect to the database server"));
  g_assert_nonnull (strstr (err, "127.0.0.1:1"));
  assert_png (png);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
  g_unlink (png);
}

static void
test_bad_uri (void)
{
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "rapport-test-app-uri.png", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_rapport ("postgresql://[::1", NULL, png, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "database"));
  g_unlink (png);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add_func ("/app/screenshot-with-data", test_screenshot_with_data);
  g_test_add_func ("/app/server-down", test_server_down);
  g_test_add_func ("/app/bad-uri", test_bad_uri);

  return g_test_run ();
}
