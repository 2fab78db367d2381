/* test-app-sign-in.c — the rapport program starting on a server that asks
 * for a password: it signs in with the password remembered in the keyring
 * (a real one: run under tests/keyring-session), and shows the sign-in
 * page when none is remembered, when it no longer works, or when the
 * account was deactivated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "crm-credentials.h"
#include "crm-login.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

#define PASSWORD "Пароль-2024"

static char *db_conninfo;
static char *socket_server; /* host=… port=… dbname=… of the test database */
static char *user_ok;
static char *user_off;

/* Run rapport --screenshot on @conninfo; returns what it printed (its
 * debug messages name the page it showed). */
static char *
run_rapport (const char *conninfo)
{
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "rapport-test-app-sign-in.png", NULL);
  const char      *argv[] = { RAPPORT_PATH, "--database", conninfo, "--screenshot", png, NULL };
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "G_MESSAGES_DEBUG", "Rapport", TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int              status = 0;

  g_unlink (png);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* A picture of whatever it showed. */
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_unlink (png);
  return g_strconcat (out, err, NULL);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
remember (const char *conninfo,
          const char *password)
{
  g_autoptr (CrmCredentials) credentials = crm_credentials_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  if (password != NULL)
    crm_credentials_store_async (credentials, conninfo, password, NULL, on_result_cb, &result);
  else
    crm_credentials_forget_async (credentials, conninfo, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (password != NULL)
    g_assert_true (crm_credentials_store_finish (credentials, result, &error));
  else
    g_assert_true (crm_credentials_forget_finish (credentials, result, &error));
  g_assert_no_error (error);
}

static void
assert_shown (const char *output,
              const char *expected)
{
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, expected));
}

static void
test_start (void)
{
  g_autofree char *ok = g_strdup_printf ("%s user=%s", socket_server, user_ok);
  g_autofree char *off = g_strdup_printf ("%s user=%s", socket_server, user_off);
  g_autofree char *page_without_message = g_strdup_printf ("Showing the sign-in page for %s (login problem -1)", ok);
  g_autofree char *wrong = g_strdup_printf ("Showing the sign-in page for %s (login problem %d)", ok,
                                            CRM_STORE_LOGIN_WRONG_PASSWORD);
  g_autofree char *deactivated = g_strdup_printf ("Showing the sign-in page for %s (login problem %d)", off,
                                                  CRM_STORE_LOGIN_DEACTIVATED);
  g_autofree char *signed_in = g_strdup_printf ("Using the database %s (signed in with a password)", ok);
  g_autofree char *out = NULL;

  /* Nothing remembered: the page, with nothing wrong yet. */
  remember (ok, NULL);
  out = run_rapport (ok);
  assert_shown (out, page_without_message);
  g_clear_pointer (&out, g_free);

  /* Remembered: signed in at once. */
  remember (ok, PASSWORD);
  out = run_rapport (ok);
  assert_shown (out, signed_in);
  g_clear_pointer (&out, g_free);

  /* The password was changed since. */
  remember (ok, "an old password");
  out = run_rapport (ok);
  assert_shown (out, wrong);
  g_clear_pointer (&out, g_free);

  /* The account was deactivated. */
  remember (off, PASSWORD);
  out = run_rapport (off);
  assert_shown (out, deactivated);

  remember (ok, NULL);
  remember (off, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (PGconn) admin = NULL;
  g_autoptr (PGconn) conn = NULL;
  g_autoptr (CrmStore) store = NULL;
  g_autofree char *sql = NULL;
  guint            pid = (guint) getpid ();
  int              status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("Bail out! No session bus: run under tests/keyring-session\n");
      return 1;
    }

  db_conninfo = crm_test_db_create ("app_sign_in");
  store = crm_test_db_open_store (db_conninfo);
  crm_test_db_load_demo (store);
  conn = crm_test_db_connect (db_conninfo);
  socket_server = g_strdup_printf ("host=%s port=%s dbname=%s", PQhost (conn), PQport (conn), PQdb (conn));
  user_ok = g_strdup_printf ("app_ok_%u", pid);
  user_off = g_strdup_printf ("app_off_%u", pid);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_exec (admin, "DO $$ BEGIN CREATE ROLE rapport_test_password NOLOGIN; "
                           "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE rapport_test_password, rapport_test;"
                         "CREATE ROLE %s NOLOGIN PASSWORD '%s' IN ROLE rapport_test_password",
                         user_ok, PASSWORD, user_off, PASSWORD);
  crm_test_db_exec (admin, sql);

  g_test_add_func ("/app/sign-in/start", test_start);
  status = g_test_run ();

  g_clear_object (&store);
  crm_test_db_drop (db_conninfo);
  g_free (sql);
  sql = g_strdup_printf ("DROP ROLE %s, %s", user_ok, user_off);
  crm_test_db_exec (admin, sql);
  g_free (db_conninfo);
  g_free (socket_server);
  g_free (user_ok);
  g_free (user_off);
  return status;
}
