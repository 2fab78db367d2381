/* test-migrations.c — the schema is applied in order, once, safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-migrations.h"
#include "crm-store-private.h"
#include "crm-test-db.h"

typedef struct
{
  char   *conninfo;
  PGconn *conn;
} Fixture;

static void
fixture_setup (Fixture      *fixture,
               gconstpointer user_data)
{
  fixture->conninfo = crm_test_db_create ("migrations");
  fixture->conn = crm_test_db_connect (fixture->conninfo);
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer user_data)
{
  PQfinish (fixture->conn);
  crm_test_db_drop (fixture->conninfo);
  g_free (fixture->conninfo);
}

static guint
count_rows (PGconn     *conn,
            const char *sql)
{
  g_autofree char *value = crm_test_db_query_value (conn, sql, NULL);

  g_assert_nonnull (value);
  return (guint) g_ascii_strtoull (value, NULL, 10);
}

static gboolean
relation_exists (PGconn     *conn,
                 const char *name)
{
  g_autofree char *value = crm_test_db_query_value (conn, "SELECT to_regclass($1) IS NOT NULL", name);

  return g_strcmp0 (value, "t") == 0;
}

static void
test_list (void)
{
  g_auto (GStrv) names = crm_migrations_list ();

  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), >=, 1);
  g_assert_cmpstr (names[0], ==, "0001-foundation.sql");
  for (guint i = 1; names[i] != NULL; i++)
    g_assert_cmpint (g_strcmp0 (names[i - 1], names[i]), <, 0);
}

static void
test_apply_empty (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = crm_migrations_list ();
  g_autofree char *first = NULL;
  guint            applied = 99, available = 0, newest = 99, n_applied = 0;

  g_assert_true (crm_migrations_status (fixture->conn, &applied, &available, &newest, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 0);
  g_assert_cmpuint (newest, ==, 0);
  g_assert_cmpuint (available, ==, g_strv_length (names));
  g_assert_false (relation_exists (fixture->conn, "rapport.accounts"));

  g_assert_true (crm_migrations_apply (fixture->conn, &n_applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, available);

  for (const char *const *rel = (const char *const[]){ "rapport.accounts", "rapport.contacts",
                                                       "rapport.employees", "rapport.changes",
                                                       "rapport.audit_log", "rapport.schema_migrations",
                                                       NULL };
       *rel != NULL; rel++)
    g_assert_true (relation_exists (fixture->conn, *rel));

  g_assert_cmpuint (count_rows (fixture->conn, "SELECT count(*) FROM rapport.schema_migrations"), ==, available);
  first = crm_test_db_query_value (fixture->conn,
                                   "SELECT name FROM rapport.schema_migrations WHERE version = $1", "1");
  g_assert_cmpstr (first, ==, "0001-foundation.sql");
  g_assert_cmpuint (count_rows (fixture->conn,
                                "SELECT count(*) FROM rapport.schema_migrations WHERE applied_at IS NULL"),
                    ==, 0);

  g_assert_true (crm_migrations_status (fixture->conn, &applied, &available, &newest, &error));
  g_assert_cmpuint (applied, ==, available);
  g_assert_cmpuint (newest, ==, crm_migrations_get_newest_known ());
  g_assert_cmpint (PQtransactionStatus (fixture->conn), ==, PQTRANS_IDLE);
}

static void
test_apply_twice (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *applied_at = NULL;
  g_autofree char *applied_at_again = NULL;
  g_auto (GStrv) names = crm_migrations_list ();
  guint n_applied = 99;

  g_assert_true (crm_migrations_apply (fixture->conn, NULL, &error));
  g_assert_no_error (error);
  applied_at = crm_test_db_query_value (fixture->conn, "SELECT applied_at::text FROM rapport.schema_migrations "
                                                       "WHERE version = $1",
                                        "1");

  g_assert_true (crm_migrations_apply (fixture->conn, &n_applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, 0);

  applied_at_again = crm_test_db_query_value (fixture->conn, "SELECT applied_at::text FROM rapport.schema_migrations "
                                                             "WHERE version = $1",
                                              "1");
  g_assert_cmpstr (applied_at, ==, applied_at_again);
  g_assert_cmpuint (count_rows (fixture->conn, "SELECT count(*) FROM rapport.schema_migrations"),
                    ==, g_strv_length (names));
}

static gpointer
apply_thread (gpointer data)
{
  const char *conninfo = data;
  g_autoptr (GError) error = NULL;
  PGconn  *conn = crm_test_db_connect (conninfo);
  gboolean ok = crm_migrations_apply (conn, NULL, &error);

  g_assert_no_error (error);
  PQfinish (conn);
  return GINT_TO_POINTER (ok);
}

static void
test_apply_concurrent (Fixture      *fixture,
                       gconstpointer user_data)
{
  g_auto (GStrv) names = crm_migrations_list ();
  GThread *threads[3];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("migrate", apply_thread, fixture->conninfo);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));

  g_assert_cmpuint (count_rows (fixture->conn, "SELECT count(*) FROM rapport.schema_migrations"),
                    ==, g_strv_length (names));
  g_assert_true (relation_exists (fixture->conn, "rapport.contacts"));
}

static void
test_newer_schema (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) store = NULL;
  guint n_applied = 99;

  crm_test_db_exec (fixture->conn,
                    "CREATE SCHEMA rapport;"
                    "CREATE TABLE rapport.schema_migrations (version integer PRIMARY KEY, name text NOT NULL,"
                    "  applied_at timestamptz NOT NULL DEFAULT now());"
                    "INSERT INTO rapport.schema_migrations (version, name) VALUES (9999, '9999-future.sql')");

  g_assert_false (crm_migrations_apply (fixture->conn, &n_applied, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Rapport"));
  g_assert_cmpuint (n_applied, ==, 0);
  g_assert_false (relation_exists (fixture->conn, "rapport.accounts"));
  g_assert_cmpint (PQtransactionStatus (fixture->conn), ==, PQTRANS_IDLE);
  g_clear_error (&error);

  /* The store refuses to open such a database. */
  store = crm_store_new (fixture->conninfo);
  g_assert_false (crm_store_open_sync (store, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA);
}

static void
test_failed_migration_rolls_back (Fixture      *fixture,
                                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* A table in the way makes 0001 fail half-way; nothing may remain. */
  crm_test_db_exec (fixture->conn, "CREATE SCHEMA rapport; CREATE TABLE rapport.accounts (x int)");

  g_assert_false (crm_migrations_apply (fixture->conn, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "0001-foundation.sql"));
  g_assert_false (relation_exists (fixture->conn, "rapport.schema_migrations"));
  g_assert_false (relation_exists (fixture->conn, "rapport.changes"));
}

static void
on_open_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  if (!crm_store_open_finish (CRM_STORE (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "opened");
}

static void
test_store_open (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autoptr (CrmStore) store = crm_store_new (fixture->conninfo);
  GError *result = NULL;

  crm_store_open_async (store, NULL, on_open_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* on_open_cb reports success as G_IO_ERROR_EXISTS. */
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&result);

  g_assert_true (relation_exists (fixture->conn, "rapport.accounts"));

  /* Opening again (another workstation starting) changes nothing. */
  g_assert_true (crm_store_open_sync (store, NULL, &result));
  g_assert_no_error (result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add_func ("/migrations/list", test_list);
  g_test_add ("/migrations/apply-empty", Fixture, NULL, fixture_setup, test_apply_empty, fixture_teardown);
  g_test_add ("/migrations/apply-twice", Fixture, NULL, fixture_setup, test_apply_twice, fixture_teardown);
  g_test_add ("/migrations/apply-concurrent", Fixture, NULL, fixture_setup, test_apply_concurrent, fixture_teardown);
  g_test_add ("/migrations/newer-schema", Fixture, NULL, fixture_setup, test_newer_schema, fixture_teardown);
  g_test_add ("/migrations/failure-rolls-back", Fixture, NULL, fixture_setup,
              test_failed_migration_rolls_back, fixture_teardown);
  g_test_add ("/migrations/store-open", Fixture, NULL, fixture_setup, test_store_open, fixture_teardown);

  return g_test_run ();
}
