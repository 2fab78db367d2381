/* test-login.c — signing in to a server: each way it can fail gets its own
 * CrmStoreLoginProblem, on the harness's real PostgreSQL (SCRAM passwords
 * for members of rapport_test_password on the socket, SSL only over TCP;
 * see tests/pg-harness), and the sign-in page's addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "crm-login.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

#define PASSWORD "Верный-пароль 1'\\"

static char *db_conninfo; /* a fresh migrated database, as the superuser */
static char *db_name;
static char *user_ok;       /* may sign in with PASSWORD */
static char *user_expired;  /* VALID UNTIL in the past */
static char *user_off;      /* NOLOGIN: deactivated */
static char *user_rejected; /* pg_hba.conf rejects it over TCP */

static char *
quote (const char *value)
{
  g_autoptr (GString) out = g_string_new ("'");

  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The test database as @user (socket). */
static char *
as_user (const char *user)
{
  g_autofree char *quoted = quote (user);

  return g_strdup_printf ("%s user=%s", db_conninfo, quoted);
}

/* The test database as @user over TCP (SSL only) with @sslmode. */
static char *
over_tcp (const char *user,
          const char *sslmode)
{
  const char *tcp = g_getenv ("RAPPORT_TEST_DATABASE_TCP");

  if (tcp == NULL || tcp[0] == '\0')
    g_error ("RAPPORT_TEST_DATABASE_TCP is not set: tests/pg-harness sets it when openssl is installed "
             "(build-aux/deps installs it)");
  return g_strdup_printf ("%s dbname=%s user=%s sslmode=%s connect_timeout=10", tcp, db_name, user, sslmode);
}

/* Opening a store on @conninfo fails; returns the error. */
static GError *
open_error (const char *conninfo,
            const char *password)
{
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  GError *error = NULL;

  crm_store_set_password (store, password);
  g_assert_false (crm_store_open_sync (store, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s → %s", conninfo, error->message);
  if (password != NULL && password[0] != '\0')
    g_assert_null (strstr (error->message, password));
  return error;
}

static void
assert_problem (const char          *conninfo,
                const char          *password,
                int                  code,
                CrmStoreLoginProblem problem)
{
  g_autoptr (GError) error = open_error (conninfo, password);

  g_assert_error (error, CRM_STORE_ERROR, code);
  g_assert_cmpint (crm_store_error_get_login_problem (error), ==, problem);
}

/* ---- Failures ---- */

static void
test_wrong_password (void)
{
  g_autofree char *ok = as_user (user_ok);
  g_autofree char *expired = as_user (user_expired);
  g_autofree char *nobody = as_user ("nobody_at_all");

  assert_problem (ok, "wrong", CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_WRONG_PASSWORD);
  /* An expired role reads the same to the client (28P01). */
  assert_problem (expired, PASSWORD, CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_WRONG_PASSWORD);
  /* A user that does not exist (trusted socket: "role … does not exist"). */
  assert_problem (nobody, NULL, CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_WRONG_PASSWORD);
}

static void
test_password_needed (void)
{
  g_autofree char *ok = as_user (user_ok);

  assert_problem (ok, NULL, CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_PASSWORD_NEEDED);
  assert_problem (ok, "", CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_PASSWORD_NEEDED);
}

static void
test_deactivated (void)
{
  g_autofree char *off = as_user (user_off);

  /* The right password, a role that may not log in. */
  assert_problem (off, PASSWORD, CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_DEACTIVATED);
  /* With a wrong one the password check comes first. */
  assert_problem (off, "wrong", CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_WRONG_PASSWORD);
}

static void
test_no_database (void)
{
  g_autofree char *ok = as_user (user_ok);
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=no_such_rapport_db", ok);
  g_autoptr (GError) error = open_error (conninfo, PASSWORD);

  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
  g_assert_cmpint (crm_store_error_get_login_problem (error), ==, CRM_STORE_LOGIN_NO_DATABASE);
  g_assert_nonnull (strstr (error->message, "no_such_rapport_db"));
}

static void
test_unreachable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-nosrv-XXXXXX", NULL);
  g_autofree char *socket_dir = g_strdup_printf ("host=%s dbname=rapport", dir);

  assert_problem ("host=db.invalid dbname=rapport", NULL, CRM_STORE_ERROR_CONNECTION, CRM_STORE_LOGIN_UNKNOWN_HOST);
  assert_problem ("host=127.0.0.1 port=1 dbname=rapport", NULL, CRM_STORE_ERROR_CONNECTION, CRM_STORE_LOGIN_REFUSED);
  assert_problem (socket_dir, NULL, CRM_STORE_ERROR_CONNECTION, CRM_STORE_LOGIN_REFUSED);
  assert_problem ("postgresql://[not a uri", NULL, CRM_STORE_ERROR_CONNECTION, CRM_STORE_LOGIN_BAD_ADDRESS);
  g_rmdir (dir);
}

/* A port that takes connections and never answers. */
static void
test_timeout (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *conninfo = NULL;

  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  conninfo = g_strdup_printf ("host=127.0.0.1 port=%u dbname=rapport sslmode=disable connect_timeout=2",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  assert_problem (conninfo, PASSWORD, CRM_STORE_ERROR_CONNECTION, CRM_STORE_LOGIN_TIMEOUT);
}

/* A server that says "no SSL here" (the answer to SSLRequest is 'N'). */
static gpointer
no_ssl_server_thread (gpointer data)
{
  GSocket *listener = data;
  g_autoptr (GSocket) client = g_socket_accept (listener, NULL, NULL);
  char buffer[8];

  if (client != NULL && g_socket_receive (client, buffer, sizeof buffer, NULL, NULL) == sizeof buffer)
    g_socket_send (client, "N", 1, NULL, NULL);
  /* libpq hangs up itself: SSL was required. */
  if (client != NULL)
    g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);
  return NULL;
}

static void
test_ssl_unsupported (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *conninfo = NULL;
  GThread         *thread;

  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("no-ssl", no_ssl_server_thread, socket);

  conninfo = g_strdup_printf ("host=127.0.0.1 port=%u dbname=rapport sslmode=require",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  assert_problem (conninfo, PASSWORD, CRM_STORE_ERROR_CONNECTION, CRM_STORE_LOGIN_SSL_UNSUPPORTED);
  g_thread_join (thread);
}

static void
test_ssl_required (void)
{
  g_autofree char *plain = over_tcp (user_ok, "disable");
  g_autofree char *rejected = over_tcp (user_rejected, "require");

  /* The server has only hostssl lines for TCP. */
  assert_problem (plain, PASSWORD, CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_SSL_REQUIRED);
  /* A pg_hba.conf "reject" line for an encrypted connection. */
  assert_problem (rejected, PASSWORD, CRM_STORE_ERROR_AUTH, CRM_STORE_LOGIN_NOT_ALLOWED);
}

/* ---- Signing in ---- */

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
assert_signed_in (const char *conninfo,
                  const char *expected_name)
{
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *login = NULL;
  g_autofree char *full_name = NULL;

  crm_store_set_password (store, PASSWORD);
  g_assert_true (crm_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);

  crm_store_who_am_i_async (store, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (crm_store_who_am_i_finish (store, result, &login, &full_name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (login, ==, user_ok);
  g_assert_cmpstr (full_name, ==, expected_name);
  g_clear_object (&result);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

static void
test_sign_in (void)
{
  g_autofree char *socket = as_user (user_ok);
  g_autofree char *tcp = over_tcp (user_ok, "require");
  g_autoptr (PGconn) conn = NULL;
  g_autofree char *sql = NULL;

  /* SCRAM on the socket, SCRAM over SSL on TCP; no employee yet. */
  assert_signed_in (socket, NULL);
  assert_signed_in (tcp, NULL);

  conn = crm_test_db_connect (db_conninfo);
  sql = g_strdup_printf ("INSERT INTO rapport.employees (login, full_name) VALUES ('%s', 'Анна Сергеевна Ковалёва')",
                         user_ok);
  crm_test_db_exec (conn, sql);
  assert_signed_in (tcp, "Анна Сергеевна Ковалёва");
}

/* ---- Addresses from the sign-in page ---- */

static void
test_build_conninfo (void)
{
  struct
  {
    const char *server, *database, *user;
    gboolean    secure;
    const char *expected;
  } cases[] = {
    { "crm.example.ru", "rapport", "ivanov", TRUE,
      "host='crm.example.ru' dbname='rapport' user='ivanov' sslmode='require'" },
    { " crm.example.ru:5433 ", "", "", FALSE, "host='crm.example.ru' port='5433' sslmode='prefer'" },
    { "[::1]:5433", "crm", "o'neil", TRUE, "host='::1' port='5433' dbname='crm' user='o\\'neil' sslmode='require'" },
    { "/run/postgresql", "rapport", "me", FALSE, "host='/run/postgresql' dbname='rapport' user='me' sslmode='prefer'" },
    /* A URI: its password is dropped, the fields override, its sslmode stays. */
    { "postgresql://u:secret@db.local:6000/crm?sslmode=verify-full", "", "petrov", FALSE,
      "dbname='crm' host='db.local' port='6000' sslmode='verify-full' user='petrov'" },
    { "host=db.local dbname=crm", "sales", "", TRUE, "host='db.local' dbname='sales' sslmode='require'" },
  };
  const char *bad[] = { "", "  ", "db:notaport", "db:70000", "[::1", "postgresql://[oops", "two words" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *conninfo = crm_login_build_conninfo (cases[i].server, cases[i].database, cases[i].user,
                                                            cases[i].secure, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (conninfo, ==, cases[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *conninfo = crm_login_build_conninfo (bad[i], "rapport", "me", TRUE, &error);

      g_assert_null (conninfo);
      g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
      g_assert_cmpint (crm_store_error_get_login_problem (error), ==, CRM_STORE_LOGIN_BAD_ADDRESS);
      g_assert_null (strstr (error->message, "oops"));
    }
}

static void
test_split_conninfo (void)
{
  g_autofree char *server = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  gboolean         secure = FALSE;

  g_assert_true (crm_login_split_conninfo ("host=db.local port=6000 dbname=crm user=petrov sslmode=prefer",
                                           &server, &database, &user, &secure));
  g_assert_cmpstr (server, ==, "db.local:6000");
  g_assert_cmpstr (database, ==, "crm");
  g_assert_cmpstr (user, ==, "petrov");
  g_assert_false (secure);
  g_clear_pointer (&server, g_free);
  g_clear_pointer (&database, g_free);
  g_clear_pointer (&user, g_free);

  g_assert_true (crm_login_split_conninfo ("postgresql://[::1]:5433/crm", &server, &database, &user, &secure));
  g_assert_cmpstr (server, ==, "[::1]:5433");
  g_assert_cmpstr (user, ==, "");
  g_assert_true (secure);
  g_clear_pointer (&server, g_free);
  g_clear_pointer (&database, g_free);
  g_clear_pointer (&user, g_free);

  g_assert_false (crm_login_split_conninfo ("postgresql://[oops", &server, &database, &user, &secure));

  g_assert_true (crm_login_get_keys ("postgresql://db.local/crm?user=petrov", &host, &port, &database, &user));
  g_assert_cmpstr (host, ==, "db.local");
  g_assert_cmpstr (port, ==, "5432");
  g_assert_cmpstr (database, ==, "crm");
  g_assert_cmpstr (user, ==, "petrov");

  g_assert_true (crm_login_is_local ("host=/run/rapport dbname=rapport"));
  g_assert_true (crm_login_is_local ("dbname=rapport"));
  g_assert_false (crm_login_is_local ("postgresql://db.local/crm"));
}

/* A server that speaks Russian (lc_messages): its messages as libpq
 * hands them over, with the SQLSTATE that verbose errors carry. */
static void
test_classify_messages (void)
{
  struct
  {
    const char          *message;
    gboolean             encryption_off;
    CrmStoreLoginProblem expected;
  } cases[] = {
    { "connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" failed: ВАЖНО:  28P01: "
      "пользователь \"petrov\" не прошёл проверку подлинности (по паролю)\nLOCATION:  auth_failed, auth.c:326\n",
      FALSE, CRM_STORE_LOGIN_WRONG_PASSWORD },
    { "connection to server at \"crm\" (10.0.0.5), port 5432 failed: ВАЖНО:  28000: для роли \"petrov\" вход запрещён\n",
      FALSE, CRM_STORE_LOGIN_DEACTIVATED },
    { "connection to server at \"crm\" (10.0.0.5), port 5432 failed: ВАЖНО:  28000: роль \"petrov\" не существует\n",
      FALSE, CRM_STORE_LOGIN_WRONG_PASSWORD },
    { "connection to server at \"crm\" (10.0.0.5), port 5432 failed: ВАЖНО:  3D000: база данных \"crm\" не существует\n",
      FALSE, CRM_STORE_LOGIN_NO_DATABASE },
    { "connection to server at \"crm\" (10.0.0.5), port 5432 failed: ВАЖНО:  28000: в pg_hba.conf нет записи для "
      "компьютера \"10.0.0.9\", пользователя \"petrov\", базы \"crm\", без шифрования\n",
      TRUE, CRM_STORE_LOGIN_SSL_REQUIRED },
    /* sslmode=prefer: the encrypted try was refused as well. */
    { "connection to server at \"crm\" (10.0.0.5), port 5432 failed: ВАЖНО:  28000: в pg_hba.conf нет записи для "
      "компьютера \"10.0.0.9\", пользователя \"petrov\", базы \"crm\", Шифрование SSL\n"
      "connection to server at \"crm\" (10.0.0.5), port 5432 failed: ВАЖНО:  28000: в pg_hba.conf нет записи для "
      "компьютера \"10.0.0.9\", пользователя \"petrov\", базы \"crm\", без шифрования\n",
      FALSE, CRM_STORE_LOGIN_NOT_ALLOWED },
    { "connection to server at \"crm\" (10.0.0.5), port 5432 failed: FATAL:  53300: sorry, too many clients already\n",
      FALSE, CRM_STORE_LOGIN_OTHER },
    { "could not translate host name \"crm\" to address: Name or service not known\n", FALSE,
      CRM_STORE_LOGIN_UNKNOWN_HOST },
    { "connection to server at \"10.0.0.5\", port 5432 failed: No route to host\n", FALSE,
      CRM_STORE_LOGIN_UNREACHABLE },
    { "connection to server at \"10.0.0.5\", port 5432 failed: Network is unreachable\n", FALSE,
      CRM_STORE_LOGIN_UNREACHABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (crm_login_classify_message (cases[i].message, FALSE, cases[i].encryption_off), ==, cases[i].expected);
  g_assert_cmpint (crm_login_classify_message ("fe_sendauth: no password supplied\n", TRUE, FALSE), ==,
                   CRM_STORE_LOGIN_PASSWORD_NEEDED);
}

/* ---- Setting up ---- */

static void
create_roles (void)
{
  g_autoptr (PGconn) conn = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  g_autofree char *password = quote (PASSWORD);
  g_autofree char *sql = NULL;
  guint            pid = (guint) getpid ();

  user_ok = g_strdup_printf ("login_ok_%u", pid);
  user_expired = g_strdup_printf ("login_expired_%u", pid);
  user_off = g_strdup_printf ("login_off_%u", pid);
  user_rejected = g_strdup_printf ("login_rejected_%u", pid);

  /* The group roles the harness's pg_hba.conf names. */
  crm_test_db_exec (conn,
                    "DO $$ BEGIN CREATE ROLE rapport_test_password NOLOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"
                    "DO $$ BEGIN CREATE ROLE rapport_test_rejected NOLOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
  /* user_ok may open the database as its owner would (migrations find
   * nothing to do). */
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD E%s IN ROLE rapport_test_password, rapport_test;"
                         "CREATE ROLE %s LOGIN PASSWORD E%s VALID UNTIL '2001-01-01' IN ROLE rapport_test_password;"
                         "CREATE ROLE %s NOLOGIN PASSWORD E%s IN ROLE rapport_test_password;"
                         "CREATE ROLE %s LOGIN PASSWORD E%s IN ROLE rapport_test_password, rapport_test_rejected",
                         user_ok, password, user_expired, password, user_off, password, user_rejected, password);
  crm_test_db_exec (conn, sql);
}

static void
drop_roles (void)
{
  g_autoptr (PGconn) conn = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  g_autofree char *sql = g_strdup_printf ("DROP ROLE %s, %s, %s, %s", user_ok, user_expired, user_off, user_rejected);

  crm_test_db_exec (conn, sql);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  db_conninfo = crm_test_db_create ("login");
  {
    g_autoptr (CrmStore) store = crm_test_db_open_store (db_conninfo);
    g_autoptr (PGconn) conn = crm_test_db_connect (db_conninfo);

    db_name = g_strdup (PQdb (conn));
  }
  create_roles ();

  g_test_add_func ("/login/wrong-password", test_wrong_password);
  g_test_add_func ("/login/password-needed", test_password_needed);
  g_test_add_func ("/login/deactivated", test_deactivated);
  g_test_add_func ("/login/no-database", test_no_database);
  g_test_add_func ("/login/unreachable", test_unreachable);
  g_test_add_func ("/login/timeout", test_timeout);
  g_test_add_func ("/login/ssl-unsupported", test_ssl_unsupported);
  g_test_add_func ("/login/ssl-required", test_ssl_required);
  g_test_add_func ("/login/sign-in", test_sign_in);
  g_test_add_func ("/login/build-conninfo", test_build_conninfo);
  g_test_add_func ("/login/classify-messages", test_classify_messages);
  g_test_add_func ("/login/split-conninfo", test_split_conninfo);

  status = g_test_run ();

  crm_test_db_drop (db_conninfo);
  drop_roles ();
  g_free (db_conninfo);
  g_free (db_name);
  return status;
}
