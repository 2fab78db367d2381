/* test-local-server.c — the embedded PostgreSQL: first start, reuse, stop
 *
 * Runs initdb and a real server in a temporary RAPPORT_LOCAL_DIR (as the
 * postgres account when the test runs as root).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm-local-server.h"
#include "crm-migrations.h"
#include "crm-store-private.h"
#include "crm-test-db.h"

static char *base_dir;

static gboolean
can_connect (const char *conninfo)
{
  PGconn  *conn = PQconnectdb (conninfo);
  gboolean ok = PQstatus (conn) == CONNECTION_OK;

  PQfinish (conn);
  return ok;
}

static void
on_started_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GThread *main_thread;

static void
on_started_here_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  guint *n = user_data;

  /* Bound widgets must hear of it on the main thread. */
  g_assert_true (g_thread_self () == main_thread);
  (*n)++;
}

static void
test_first_start (void)
{
  guint n_notified = 0;
  g_autoptr (CrmLocalServer) server = NULL;
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *expected_data = g_build_filename (base_dir, "pgdata", NULL);
  g_autofree char *expected_run = g_build_filename (base_dir, "run", NULL);
  g_autofree char *version_file = NULL;
  g_autofree char *expected_conninfo = NULL;
  GStatBuf         st;

  /* The environment variable picks the folder. */
  g_setenv ("RAPPORT_LOCAL_DIR", base_dir, TRUE);
  server = crm_local_server_new (NULL);
  g_unsetenv ("RAPPORT_LOCAL_DIR");

  g_assert_cmpstr (crm_local_server_get_data_dir (server), ==, expected_data);
  g_assert_cmpstr (crm_local_server_get_socket_dir (server), ==, expected_run);
  g_assert_false (crm_local_server_get_started_here (server));

  main_thread = g_thread_self ();
  g_signal_connect (server, "notify::started-here", G_CALLBACK (on_started_here_cb), &n_notified);
  crm_local_server_start_async (server, NULL, on_started_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (crm_local_server_start_finish (server, result, &error));
  g_assert_no_error (error);
  g_assert_true (crm_local_server_get_started_here (server));
  g_assert_cmpuint (n_notified, ==, 1);

  version_file = g_build_filename (expected_data, "PG_VERSION", NULL);
  g_assert_true (g_file_test (version_file, G_FILE_TEST_EXISTS));
  /* The socket folder is private; under root both belong to postgres. */
  g_assert_cmpint (g_stat (expected_run, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  if (geteuid () == 0)
    g_assert_cmpint (st.st_uid, !=, 0);

  conninfo = crm_local_server_dup_conninfo (server, "rapport");
  expected_conninfo = g_strdup_printf ("host='%s' dbname='rapport' user='%s'", expected_run,
                                       geteuid () == 0 ? "postgres" : g_get_user_name ());
  g_assert_cmpstr (conninfo, ==, expected_conninfo);

  /* The database "rapport" is there and a store opens it. */
  store = crm_store_new (conninfo);
  g_assert_true (crm_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* No TCP: only the socket. */
  {
    g_autofree char *postgres = crm_local_server_dup_conninfo (server, "postgres");
    PGconn          *conn = crm_test_db_connect (postgres);
    g_autofree char *listen = crm_test_db_query_value (conn, "SELECT current_setting($1)", "listen_addresses");
    g_autofree char *max = crm_test_db_query_value (conn, "SELECT current_setting($1)", "max_connections");

    g_assert_cmpstr (listen, ==, "");
    g_assert_cmpstr (max, ==, "50");
    PQfinish (conn);
  }

  /* A second Rapport finds it running and leaves it alone on stop. */
  {
    g_autoptr (CrmLocalServer) second = crm_local_server_new (base_dir);

    g_assert_true (crm_local_server_start_sync (second, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (crm_local_server_get_started_here (second));
    g_assert_true (crm_local_server_stop (second, &error));
    g_assert_no_error (error);
    g_assert_true (can_connect (conninfo));
  }

  /* The one that started it stops it. */
  g_assert_true (crm_local_server_stop (server, &error));
  g_assert_no_error (error);
  g_assert_false (crm_local_server_get_started_here (server));
  g_assert_false (can_connect (conninfo));
}

static void
test_restart_keeps_data (void)
{
  g_autoptr (CrmLocalServer) server = crm_local_server_new (base_dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *conninfo = NULL;
  PGconn          *conn;
  g_autofree char *version = NULL;
  g_auto (GStrv) migrations = crm_migrations_list ();

  /* Second start of the same folder: no initdb, the data is still there. */
  g_assert_true (crm_local_server_start_sync (server, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (crm_local_server_get_started_here (server));

  conninfo = crm_local_server_dup_conninfo (server, "rapport");
  conn = crm_test_db_connect (conninfo);
  version = crm_test_db_query_value (conn, "SELECT count(*)::text FROM rapport.schema_migrations", NULL);
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, g_strv_length (migrations));
  PQfinish (conn);

  g_assert_true (crm_local_server_stop (server, &error));
  g_assert_no_error (error);
}

static void
test_start_failure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-local-bad-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "pgdata", NULL);
  g_autofree char *version = g_build_filename (data, "PG_VERSION", NULL);
  g_autofree char *conf = g_build_filename (data, "postgresql.conf", NULL);
  g_autoptr (CrmLocalServer) server = NULL;
  g_autoptr (GError) error = NULL;

  /* A data folder that claims to be a cluster but is not one. */
  g_chmod (dir, 0755);
  g_assert_cmpint (g_mkdir (data, 0700), ==, 0);
  g_assert_true (g_file_set_contents (version, "15\n", -1, NULL));
  g_assert_true (g_file_set_contents (conf, "# empty\n", -1, NULL));
  g_chmod (conf, 0644);

  server = crm_local_server_new (dir);
  g_assert_false (crm_local_server_start_sync (server, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The local database server did not start: "));
  g_assert_false (crm_local_server_get_started_here (server));

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  }
}

/* After a failed test a server may still run in @dir: stop it hard. */
static void
stop_leftover (const char *dir)
{
  g_autofree char *data = g_build_filename (dir, "pgdata", NULL);
  g_autofree char *pid = g_build_filename (data, "postmaster.pid", NULL);
  g_autofree char *bindir = g_strdup (g_getenv ("RAPPORT_TEST_PGBIN"));
  g_autofree char *pg_ctl = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  if (!g_file_test (pid, G_FILE_TEST_EXISTS))
    return;

  if (bindir == NULL && g_spawn_command_line_sync ("pg_config --bindir", &bindir, NULL, NULL, NULL))
    g_strstrip (bindir);
  pg_ctl = g_build_filename (bindir ? bindir : "/usr/lib/postgresql/15/bin", "pg_ctl", NULL);

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, (gpointer) "runuser");
      g_ptr_array_add (argv, (gpointer) "-u");
      g_ptr_array_add (argv, (gpointer) "postgres");
      g_ptr_array_add (argv, (gpointer) "--");
    }
  g_ptr_array_add (argv, pg_ctl);
  g_ptr_array_add (argv, (gpointer) "-D");
  g_ptr_array_add (argv, data);
  g_ptr_array_add (argv, (gpointer) "-m");
  g_ptr_array_add (argv, (gpointer) "immediate");
  g_ptr_array_add (argv, (gpointer) "-w");
  g_ptr_array_add (argv, (gpointer) "stop");
  g_ptr_array_add (argv, NULL);
  g_spawn_sync ("/", (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Needs no test database, but the same server programs the harness
   * uses; run it through the harness like the other db tests. */
  crm_test_db_init ();

  base_dir = g_dir_make_tmp ("rapport-local-XXXXXX", NULL);
  /* The server account must be able to reach the folders inside. */
  g_chmod (base_dir, 0755);

  g_test_add_func ("/local-server/first-start", test_first_start);
  g_test_add_func ("/local-server/restart-keeps-data", test_restart_keeps_data);
  g_test_add_func ("/local-server/start-failure", test_start_failure);

  status = g_test_run ();

  stop_leftover (base_dir);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", base_dir);

    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (base_dir);

  return status;
}
