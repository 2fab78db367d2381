/* test-rapportctl.c — the command line: exit codes, messages, output
 * (db suite: runs the built rapportctl against the harness's server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-demo.h"
#include "crm-test-db.h"

#ifndef RAPPORTCTL_PATH
#error "RAPPORTCTL_PATH must name the rapportctl executable"
#endif

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Run rapportctl with the arguments (NULL-terminated); never with a
 * database from the environment. */
static void
run_ctl (Run        *run,
         const char *first,
         ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  va_list args;
  int     wait_status = 0;

  g_strv_builder_add (builder, RAPPORTCTL_PATH);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  envp = g_environ_unsetenv (envp, "RAPPORT_DATABASE");
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  run_clear (run);
  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  if (g_spawn_check_wait_status (wait_status, &error))
    run->status = 0;
  else if (error->domain == G_SPAWN_EXIT_ERROR)
    run->status = error->code;
  else
    g_error ("rapportctl did not exit normally: %s\nstderr: %s", error->message, run->err);

  g_test_message ("rapportctl %s → %d\nstdout: %s\nstderr: %s",
                  argv[1] ? argv[1] : "", run->status, run->out, run->err);
}

static void
assert_error_message (const Run *run)
{
  g_assert_true (g_str_has_prefix (run->err, "rapportctl: "));
  g_assert_cmpstr (run->out, ==, "");
}

static void
test_usage (void)
{
  g_auto (Run) run = { 0 };

  run_ctl (&run, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);

  run_ctl (&run, "bogus", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);
  g_assert_nonnull (strstr (run.err, "bogus"));

  run_ctl (&run, "db", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "db", "drop", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "db", "status", "extra", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--no-such-option", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--contacts", "0", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--contacts", "many", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--if-empty", "--force", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);

  run_ctl (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "rapportctl " PACKAGE_VERSION "\n");

  /* The help documents the commands and every exit code. */
  run_ctl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "db status"));
  g_assert_nonnull (strstr (run.out, "--contacts N"));
  for (guint code = 0; code <= 4; code++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %u  ", code);

      g_assert_nonnull (strstr (run.out, line));
    }
}

static void
test_bad_database (void)
{
  g_auto (Run) run = { 0 };

  /* No server behind the socket. */
  run_ctl (&run, "--database", "host=/nonexistent/rapport-socket dbname=rapport", "demo", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_error_message (&run);

  /* Not an address at all. */
  run_ctl (&run, "db", "status", "--database", "postgresql://[::1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_error_message (&run);

  run_ctl (&run, "--database", "host=/nonexistent/rapport-socket", "db", "migrate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_error_message (&run);
}

static void
test_demo_and_status (void)
{
  g_autofree char *conninfo = crm_test_db_create ("ctl_demo");
  g_auto (Run) run = { 0 };

  /* A fresh empty database: the schema comes first, then the data. */
  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.out, "db init"));

  run_ctl (&run, "--database", conninfo, "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "36 accounts"));
  g_assert_nonnull (strstr (run.out, "60 contacts"));

  run_ctl (&run, "db", "status", "--database", conninfo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "PostgreSQL"));
  g_assert_nonnull (strstr (run.out, "Accounts:    36\n"));
  g_assert_nonnull (strstr (run.out, "Contacts:    60\n"));
  g_assert_nonnull (strstr (run.out, "Employees:   6\n"));

  /* Data is there: refused without a word of what to do… */
  run_ctl (&run, "--database", conninfo, "demo", NULL);
  g_assert_cmpint (run.status, ==, 4);
  assert_error_message (&run);
  g_assert_nonnull (strstr (run.err, "--force"));

  /* …fine with --if-empty (build-aux/run's way; options after the command)… */
  run_ctl (&run, "demo", "--if-empty", "--database", conninfo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "nothing loaded"));

  /* …and added with --force. */
  run_ctl (&run, "--database", conninfo, "demo", "--force", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Accounts:    72\n"));

  /* Synthetic data on top, with its speed. */
  run_ctl (&run, "--database", conninfo, "demo", "--force", "--contacts", "1000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "rows/s"));
  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Accounts:    172\n"));
  g_assert_nonnull (strstr (run.out, "Contacts:    1120\n"));

  crm_test_db_drop (conninfo);
}

static void
test_db_init (void)
{
  g_autofree char *conninfo = crm_test_db_create ("ctl_init");
  g_auto (Run) run = { 0 };

  /* A database the server does not have yet is created. */
  crm_test_db_drop (conninfo);

  run_ctl (&run, "--database", conninfo, "db", "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Created the database"));
  g_assert_nonnull (strstr (run.out, "Applied"));

  run_ctl (&run, "--database", conninfo, "db", "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Created the database"));
  g_assert_nonnull (strstr (run.out, "already up to date"));

  run_ctl (&run, "--database", conninfo, "db", "migrate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "already up to date"));

  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Accounts:    0\n"));

  /* --contacts into the empty database. */
  run_ctl (&run, "--database", conninfo, "demo", "--contacts", "50", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Generated 50 contacts and 5 accounts"));

  crm_test_db_drop (conninfo);
}

int
main (int   argc,
      char *argv[])
{
  crm_test_db_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapportctl/usage", test_usage);
  g_test_add_func ("/rapportctl/bad-database", test_bad_database);
  g_test_add_func ("/rapportctl/demo-and-status", test_demo_and_status);
  g_test_add_func ("/rapportctl/db-init", test_db_init);

  return g_test_run ();
}
