/* crm-test-db.c — fresh databases for the db test suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm-demo.h"
#include "crm-test-db.h"

#define HOW_TO_RUN                                                             \
  "RAPPORT_TEST_DATABASE is not set: the db tests need the PostgreSQL server " \
  "that tests/pg-harness starts. Run them as "                                 \
  "`tests/pg-harness meson test -C BUILDDIR --suite db` (or build-aux/test)."

void
crm_test_db_init (void)
{
  const char *conninfo = g_getenv ("RAPPORT_TEST_DATABASE");

  if (conninfo == NULL || conninfo[0] == '\0')
    {
      /* "Bail out!" makes a TAP reader report the reason as a failure. */
      g_print ("Bail out! %s\n", HOW_TO_RUN);
      g_printerr ("%s\n", HOW_TO_RUN);
      exit (EXIT_FAILURE);
    }
}

const char *
crm_test_db_get_admin_conninfo (void)
{
  crm_test_db_init ();
  return g_getenv ("RAPPORT_TEST_DATABASE");
}

/* @conninfo with dbname replaced, as a key=value string. */
static char *
conninfo_with_dbname (const char *conninfo,
                      const char *dbname)
{
  g_autoptr (GString) out = g_string_new (NULL);
  char             *errmsg = NULL;
  PQconninfoOption *opts = PQconninfoParse (conninfo, &errmsg);

  if (opts == NULL)
    g_error ("Bad conninfo “%s”: %s", conninfo, errmsg ? errmsg : "out of memory");

  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    {
      const char *value = g_str_equal (o->keyword, "dbname") ? dbname : o->val;

      if (value == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s='", o->keyword);
      for (const char *p = value; *p; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '\'');
    }
  PQconninfoFree (opts);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
conninfo_dbname (const char *conninfo)
{
  char             *errmsg = NULL;
  PQconninfoOption *opts = PQconninfoParse (conninfo, &errmsg);
  char             *dbname = NULL;

  g_assert_nonnull (opts);
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "dbname"))
      dbname = g_strdup (o->val);
  PQconninfoFree (opts);

  return dbname;
}

static void
on_notice_cb (void       *arg,
              const char *message)
{
  g_debug ("Server notice: %s", message);
}

PGconn *
crm_test_db_connect (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to the test server (%s): %s", conninfo, PQerrorMessage (conn));
  PQsetNoticeProcessor (conn, on_notice_cb, NULL);

  return conn;
}

void
crm_test_db_exec (PGconn     *conn,
                  const char *sql)
{
  PGresult      *res = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("SQL failed: %s\n%s", PQresultErrorMessage (res), sql);
  PQclear (res);
}

char *
crm_test_db_query_value (PGconn     *conn,
                         const char *sql,
                         const char *param1)
{
  const char *params[1] = { param1 };
  PGresult   *res = PQexecParams (conn, sql, param1 ? 1 : 0, NULL, params, NULL, NULL, 0);
  char       *value = NULL;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("SQL failed: %s\n%s", PQresultErrorMessage (res), sql);
  if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);

  return value;
}

static void
drop_database (PGconn     *admin,
               const char *dbname)
{
  g_autofree char *sql = NULL;
  char            *ident = PQescapeIdentifier (admin, dbname, strlen (dbname));

  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", ident);
  PQfreemem (ident);
  crm_test_db_exec (admin, sql);
}

char *
crm_test_db_create (const char *name)
{
  const char      *admin_conninfo = crm_test_db_get_admin_conninfo ();
  g_autofree char *dbname = NULL;
  g_autofree char *sql = NULL;
  PGconn          *admin;
  char            *ident;

  g_assert_nonnull (name);

  dbname = g_strdup_printf ("rapport_test_%s_%d", name, (int) getpid ());
  g_strcanon (dbname, "abcdefghijklmnopqrstuvwxyz0123456789_", '_');

  admin = crm_test_db_connect (admin_conninfo);
  drop_database (admin, dbname);
  ident = PQescapeIdentifier (admin, dbname, strlen (dbname));
  sql = g_strdup_printf ("CREATE DATABASE %s", ident);
  PQfreemem (ident);
  crm_test_db_exec (admin, sql);
  PQfinish (admin);

  return conninfo_with_dbname (admin_conninfo, dbname);
}

void
crm_test_db_drop (const char *conninfo)
{
  g_autofree char *dbname = conninfo_dbname (conninfo);
  PGconn          *admin;

  g_assert_nonnull (dbname);
  g_assert_cmpstr (dbname, !=, "postgres");

  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  drop_database (admin, dbname);
  PQfinish (admin);
}

CrmStore *
crm_test_db_open_store (const char *conninfo)
{
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  g_autoptr (GError) error = NULL;

  crm_store_open_sync (store, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

static gpointer
load_demo_func (CrmStore     *store,
                gpointer      conn,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  return crm_demo_load (conn, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
crm_test_db_load_demo (CrmStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (crm_store_run_sync (store, load_demo_func, NULL, NULL, &error));
  g_assert_no_error (error);
}

void
crm_test_fixture_set_up (CrmTestFixture *fixture,
                         gconstpointer   name)
{
  fixture->conninfo = crm_test_db_create (name);
  fixture->store = crm_test_db_open_store (fixture->conninfo);
  fixture->conn = crm_test_db_connect (fixture->conninfo);
}

void
crm_test_assert_finalized (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;

  g_object_add_weak_pointer (object, &object);
  g_object_unref (object);
  while (object != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (object);
}

void
crm_test_fixture_tear_down (CrmTestFixture *fixture,
                            gconstpointer   name)
{
  PQfinish (fixture->conn);
  crm_test_assert_finalized (fixture->store);
  crm_test_db_drop (fixture->conninfo);
  g_free (fixture->conninfo);
}

int
crm_test_db_changed (PGconn     *conn,
                     const char *sql,
                     const char *param)
{
  const char *params[1] = { param };
  PGresult   *res = PQexecParams (conn, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
  int         n;

  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  n = atoi (PQcmdTuples (res));
  PQclear (res);
  return n;
}

void
crm_test_db_refused (PGconn     *conn,
                     const char *sql,
                     const char *param,
                     const char *sqlstate)
{
  const char *params[1] = { param };
  PGresult   *res = PQexecParams (conn, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, sqlstate);
  PQclear (res);
}

void
crm_test_db_drop_roles (PGconn            *conn,
                        const char *const *logins)
{
  for (guint i = 0; logins[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", logins[i]); /* sql-identifier: fixed names */

      crm_test_db_exec (conn, sql);
    }
}

char *
crm_test_db_add_employee (PGconn     *conn,
                          const char *login,
                          const char *full_name,
                          const char *role,
                          const char *team)
{
  const char *params[4] = { login, full_name, role, team };
  PGresult   *res = PQexecParams (conn, "SELECT rapport.employee_add($1, NULL, $2, $3, $4::bigint)", 4, NULL, params,
                                  NULL, NULL, 0);
  char       *id;

  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return id;
}

PGconn *
crm_test_db_connect_as (const char *conninfo,
                        const char *login)
{
  g_autofree char *as = g_strdup_printf ("%s user=%s", conninfo, login);

  return crm_test_db_connect (as);
}

CrmStore *
crm_test_db_open_store_as (const char *conninfo,
                           const char *login)
{
  g_autofree char *as = g_strdup_printf ("%s user=%s", conninfo, login);

  return crm_test_db_open_store (as);
}

char *
crm_test_db_refused_constraint (PGconn     *conn,
                                const char *sql,
                                const char *param,
                                const char *sqlstate)
{
  const char *params[1] = { param };
  PGresult   *res = PQexecParams (conn, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
  char       *constraint;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, sqlstate);
  constraint = g_strdup (PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME));
  PQclear (res);
  return constraint;
}
