/* crm-test-db.h — fresh databases for the db test suite
 *
 * The db tests run against the PostgreSQL server that tests/pg-harness
 * starts for them; it passes a superuser conninfo in
 * RAPPORT_TEST_DATABASE. Without it every db test fails (it never skips):
 * run them as `tests/pg-harness meson test --suite db` (build-aux/test
 * does that).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* Call first in main(): fails the program at once, with a message saying
 * how to run it, when RAPPORT_TEST_DATABASE is not set. */
void        crm_test_db_init (void);
/* The harness's superuser conninfo (dbname=postgres). */
const char *crm_test_db_get_admin_conninfo (void);

/* Create an empty database named after @name and this process (dropped
 * first if it exists) and return its conninfo. Free with g_free() after
 * crm_test_db_drop(). */
char       *crm_test_db_create (const char *name);
/* Drop the database of @conninfo (connections to it are terminated). */
void        crm_test_db_drop (const char *conninfo);

/* A raw connection for setting up data or looking behind the store's
 * back; asserts that it works. PQfinish() it. */
PGconn     *crm_test_db_connect (const char *conninfo);
/* Run @sql (no parameters; several statements allowed); asserts success. */
void        crm_test_db_exec (PGconn     *conn,
                              const char *sql);
/* The first column of the first row of a parameterised query as text
 * (NULL for SQL NULL or no row). Asserts success. */
char       *crm_test_db_query_value (PGconn     *conn,
                                     const char *sql,
                                     const char *param1);
/* Rows a parameterised statement (@param may be NULL) changed; asserts
 * it succeeded. */
int         crm_test_db_changed (PGconn     *conn,
                                 const char *sql,
                                 const char *param);
/* A statement the database must refuse with @sqlstate. */
void        crm_test_db_refused (PGconn     *conn,
                                 const char *sql,
                                 const char *param,
                                 const char *sqlstate);
/* DROP ROLE IF EXISTS each of @logins (NULL-terminated fixed names: login
 * roles are cluster-wide, a test drops its own). */
void        crm_test_db_drop_roles (PGconn            *conn,
                                    const char *const *logins);
/* A store on @conninfo, opened (migrations applied); asserts success. */
CrmStore   *crm_test_db_open_store (const char *conninfo);
/* rapport.employee_add (@login with no password, @full_name, @role, the
 * team of id @team or none); returns the new employee's id as text. */
char       *crm_test_db_add_employee (PGconn     *conn,
                                      const char *login,
                                      const char *full_name,
                                      const char *role,
                                      const char *team);
/* The database of @conninfo signed in as @login (trusted on the harness's
 * socket). */
PGconn     *crm_test_db_connect_as (const char *conninfo,
                                    const char *login);
CrmStore   *crm_test_db_open_store_as (const char *conninfo,
                                       const char *login);
/* As crm_test_db_refused(); returns the constraint the error names (or
 * NULL). */
char       *crm_test_db_refused_constraint (PGconn     *conn,
                                            const char *sql,
                                            const char *param,
                                            const char *sqlstate);
/* The fixture most db tests use: a fresh database (named after @name,
 * passed as g_test_add's data), an opened store on it and a raw
 * connection. Tear-down checks that the store was finalised (no leaked
 * reference) and drops the database. */
typedef struct
{
  char     *conninfo;
  CrmStore *store;
  PGconn   *conn;
} CrmTestFixture;

void crm_test_fixture_set_up (CrmTestFixture *fixture,
                              gconstpointer   name);
void crm_test_fixture_tear_down (CrmTestFixture *fixture,
                                 gconstpointer   name);
/* Drop the last reference to @object and wait (a worker thread may hold
 * a task a moment longer) until it is finalised; fails after 5 s. */
void crm_test_assert_finalized (gpointer object);

/* Load the demo data through @store (crm_demo_load); asserts success. */
void crm_test_db_load_demo (CrmStore *store);

G_END_DECLS
