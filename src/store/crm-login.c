/* crm-login.c — signing in to a PostgreSQL server
 *
 * Connecting is done with PQconnectStartParams and a poll loop, so that
 * the connection's error verbosity can be raised before the server answers:
 * its FATAL message then carries the SQLSTATE (28P01 wrong password or
 * expired role, 28000 not permitted / pg_hba.conf, 3D000 no database),
 * which does not depend on the server's language. libpq's own messages
 * (host not found, refused, SSL not offered) have no SQLSTATE; they are
 * produced in the C locale on this thread so that they can be told apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <poll.h>
#include <string.h>

#include "crm-login.h"
#include "crm-store-private.h"

/* libpq waits at least this long whatever connect_timeout says. */
#define MIN_TIMEOUT_S 2

/* ---- Connecting (worker thread) ---- */

static int
connect_timeout_of (PGconn *conn)
{
  PQconninfoOption *opts = PQconninfo (conn);
  int               timeout = 0;

  for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "connect_timeout") && o->val != NULL)
      timeout = atoi (o->val);
  PQconninfoFree (opts);

  return timeout <= 0 ? 0 : MAX (timeout, MIN_TIMEOUT_S);
}

static const char *
option_of (PGconn     *conn,
           const char *keyword,
           char      **out)
{
  PQconninfoOption *opts = PQconninfo (conn);

  *out = NULL;
  for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL)
      *out = g_strdup (o->val);
  PQconninfoFree (opts);

  return *out;
}

/* The last SQLSTATE in a verbose message ("FATAL:  28P01: password …"). */
static char *
sqlstate_of (const char *message)
{
  g_autoptr (GRegex) regex = g_regex_new (":  ([0-9A-Z]{5}): ", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  char *state = NULL;

  g_regex_match (regex, message, 0, &match);
  while (g_match_info_matches (match))
    {
      g_free (state);
      state = g_match_info_fetch (match, 1);
      g_match_info_next (match, NULL);
    }
  return state;
}

/* The verbose message as the default one reads: no SQLSTATE, no LOCATION. */
static char *
clean_message (const char *message)
{
  g_autoptr (GRegex) state = g_regex_new (":  [0-9A-Z]{5}: ", 0, 0, NULL);
  g_autoptr (GRegex) location = g_regex_new ("^LOCATION: .*$\\n?", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *without_location = g_regex_replace_literal (location, message, -1, 0, "", 0, NULL);

  return g_regex_replace_literal (state, without_location, -1, 0, ":  ", 0, NULL);
}

static gboolean
contains (const char *message,
          const char *english,
          const char *russian)
{
  return strstr (message, english) != NULL || (russian != NULL && strstr (message, russian) != NULL);
}

/* Why connecting failed. @message: libpq's message in English (the
 * server's part in the server's language, English or Russian understood)
 * with SQLSTATEs. @encryption_off: whether the connection was to a host
 * over TCP with sslmode=disable. */
CrmStoreLoginProblem
crm_login_classify_message (const char *message,
                            gboolean    needs_password,
                            gboolean    encryption_off)
{
  g_autofree char *state = sqlstate_of (message);

  if (state != NULL)
    {
      if (g_str_equal (state, "28P01"))
        return CRM_STORE_LOGIN_WRONG_PASSWORD;
      if (g_str_equal (state, "3D000"))
        return CRM_STORE_LOGIN_NO_DATABASE;
      if (g_str_equal (state, "28000"))
        {
          if (strstr (message, "pg_hba.conf") != NULL)
            {
              /* "…, no encryption": an entry needs SSL (hostssl), or none
               * at all fits; only the first is worth saying, and only
               * when no encrypted attempt was refused too. */
              gboolean encrypted_refused = contains (message, "SSL encryption", "Шифрование SSL") ||
                                           contains (message, "GSS encryption", "Шифрование GSS");

              if (encryption_off ||
                  (contains (message, "no encryption", "без шифрования") && !encrypted_refused))
                return CRM_STORE_LOGIN_SSL_REQUIRED;
              return CRM_STORE_LOGIN_NOT_ALLOWED;
            }
          if (contains (message, "is not permitted to log in", "вход запрещён"))
            return CRM_STORE_LOGIN_DEACTIVATED;
          /* "role … does not exist" (trust auth), "Peer authentication
           * failed" and the like: the user name is wrong. */
          return CRM_STORE_LOGIN_WRONG_PASSWORD;
        }
      return CRM_STORE_LOGIN_OTHER;
    }

  if (needs_password || strstr (message, "no password supplied") != NULL)
    return CRM_STORE_LOGIN_PASSWORD_NEEDED;
  if (strstr (message, "could not translate host name") != NULL)
    return CRM_STORE_LOGIN_UNKNOWN_HOST;
  if (strstr (message, "timeout expired") != NULL)
    return CRM_STORE_LOGIN_TIMEOUT;
  if (strstr (message, "server does not support SSL") != NULL)
    return CRM_STORE_LOGIN_SSL_UNSUPPORTED;
  if (strstr (message, "Connection refused") != NULL || strstr (message, "No such file or directory") != NULL)
    return CRM_STORE_LOGIN_REFUSED;
  if (strstr (message, "Network is unreachable") != NULL || strstr (message, "No route to host") != NULL ||
      strstr (message, "Cannot assign requested address") != NULL)
    return CRM_STORE_LOGIN_UNREACHABLE;
  if (strstr (message, "password authentication failed") != NULL)
    return CRM_STORE_LOGIN_WRONG_PASSWORD;

  return CRM_STORE_LOGIN_OTHER;
}

static gboolean
wait_for_socket (PGconn                   *conn,
                 PostgresPollingStatusType status,
                 gint64                    deadline)
{
  struct pollfd pfd = { 0 };

  pfd.fd = PQsocket (conn);
  pfd.events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
  if (pfd.fd < 0)
    return TRUE; /* nothing to wait for: let libpq go on */

  for (;;)
    {
      int timeout_ms = -1;
      int n;

      if (deadline > 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            return FALSE;
          timeout_ms = (int) MIN (left / 1000 + 1, G_MAXINT);
        }

      n = poll (&pfd, 1, timeout_ms);
      if (n > 0)
        return TRUE;
      if (n == 0)
        return FALSE;
      if (errno != EINTR)
        return TRUE; /* libpq will find the socket's trouble itself */
    }
}

PGconn *
_crm_login_connect (const char *const    *keys,
                    const char *const    *values,
                    CrmStoreLoginProblem *problem,
                    char                **message)
{
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  g_autofree char          *sslmode = NULL;
  locale_t                  c_locale, old_locale = (locale_t) 0;
  gboolean                  timed_out = FALSE;
  gboolean                  encryption_off;
  gint64                    deadline = 0;
  PGconn                   *conn;

  *problem = CRM_STORE_LOGIN_OTHER;
  *message = NULL;

  /* libpq's messages (and strerror's) in English on this thread only. */
  c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  if (c_locale != (locale_t) 0)
    old_locale = uselocale (c_locale);

  conn = PQconnectStartParams (keys, values, 1);
  if (conn != NULL)
    {
      int timeout;

      PQsetErrorVerbosity (conn, PQERRORS_VERBOSE);
      timeout = connect_timeout_of (conn);
      if (timeout > 0)
        deadline = g_get_monotonic_time () + timeout * G_USEC_PER_SEC;

      if (PQstatus (conn) == CONNECTION_BAD)
        status = PGRES_POLLING_FAILED;

      while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
        {
          if (!wait_for_socket (conn, status, deadline))
            {
              timed_out = TRUE;
              break;
            }
          status = PQconnectPoll (conn);
        }

      if (status != PGRES_POLLING_OK)
        {
          const char *host = PQhost (conn);

          encryption_off = host != NULL && host[0] != '/' && host[0] != '\0' &&
                           g_strcmp0 (option_of (conn, "sslmode", &sslmode), "disable") == 0;
          if (timed_out)
            {
              *problem = CRM_STORE_LOGIN_TIMEOUT;
              *message = g_strdup ("timeout expired");
            }
          else
            {
              *problem = crm_login_classify_message (PQerrorMessage (conn), PQconnectionNeedsPassword (conn), encryption_off);
              *message = clean_message (PQerrorMessage (conn));
            }
        }
      else
        PQsetErrorVerbosity (conn, PQERRORS_DEFAULT);
    }

  if (c_locale != (locale_t) 0)
    {
      uselocale (old_locale);
      freelocale (c_locale);
    }

  return conn;
}

/* ---- Addresses ---- */

static gboolean
looks_like_conninfo (const char *server)
{
  return g_str_has_prefix (server, "postgresql://") || g_str_has_prefix (server, "postgres://") ||
         strchr (server, '=') != NULL;
}

/* "host", "host:port", "[::1]:5433", "/run/postgresql" → host and port. */
static gboolean
split_host_port (const char *server,
                 char      **host,
                 char      **port)
{
  const char *colon;

  *host = *port = NULL;
  if (server[0] == '/' || server[0] == '@')
    {
      *host = g_strdup (server);
      return TRUE;
    }

  if (server[0] == '[')
    {
      const char *end = strchr (server, ']');

      if (end == NULL)
        return FALSE;
      *host = g_strndup (server + 1, (gsize) (end - server - 1));
      if (end[1] == ':')
        *port = g_strdup (end + 2);
      else if (end[1] != '\0')
        return FALSE;
    }
  else if ((colon = strchr (server, ':')) != NULL && strchr (colon + 1, ':') == NULL)
    {
      *host = g_strndup (server, (gsize) (colon - server));
      *port = g_strdup (colon + 1);
    }
  else
    *host = g_strdup (server);

  if (*port != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (*port, 10, 1, 65535, &n, NULL))
        return FALSE;
    }
  return (*host)[0] != '\0' && strpbrk (*host, " \t'\\") == NULL;
}

static void
append_option (GString    *out,
               const char *keyword,
               const char *value)
{
  if (value == NULL)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s='", keyword);
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

static void
set_bad_address (GError    **error,
                 const char *detail)
{
  GError *local = g_error_new (CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION,
                               _ ("The database address is not valid: %s"), detail);

  _crm_store_error_set_login_problem (local, CRM_STORE_LOGIN_BAD_ADDRESS);
  g_propagate_error (error, local);
}

char *
crm_login_build_conninfo (const char *server,
                          const char *database,
                          const char *user,
                          gboolean    secure,
                          GError    **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *trimmed = g_strstrip (g_strdup (server ? server : ""));
  g_autofree char *db = g_strstrip (g_strdup (database ? database : ""));
  g_autofree char *login = g_strstrip (g_strdup (user ? user : ""));
  gboolean         has_sslmode = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (trimmed[0] == '\0')
    {
      set_bad_address (error, _ ("no server given"));
      return NULL;
    }

  if (looks_like_conninfo (trimmed))
    {
      char             *parse_error = NULL;
      PQconninfoOption *opts = PQconninfoParse (trimmed, &parse_error);

      if (opts == NULL)
        {
          g_autofree char *detail = g_strstrip (g_strdup (parse_error ? parse_error : _ ("out of memory")));

          PQfreemem (parse_error);
          /* libpq quotes the whole address, password and all. */
          if (strstr (detail, trimmed) != NULL)
            {
              g_free (detail);
              detail = g_strdup (_ ("the URI does not parse"));
            }
          set_bad_address (error, detail);
          return NULL;
        }

      for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
        {
          if (o->val == NULL || o->val[0] == '\0' || g_str_equal (o->keyword, "password"))
            continue;
          if (g_str_equal (o->keyword, "dbname") && db[0] != '\0')
            continue;
          if (g_str_equal (o->keyword, "user") && login[0] != '\0')
            continue;
          if (g_str_equal (o->keyword, "sslmode"))
            has_sslmode = TRUE;
          append_option (out, o->keyword, o->val);
        }
      PQconninfoFree (opts);
    }
  else
    {
      g_autofree char *host = NULL;
      g_autofree char *port = NULL;

      if (!split_host_port (trimmed, &host, &port))
        {
          set_bad_address (error, _ ("write the server as name, name:port or a postgresql:// address"));
          return NULL;
        }
      append_option (out, "host", host);
      append_option (out, "port", port);
    }

  if (db[0] != '\0')
    append_option (out, "dbname", db);
  if (login[0] != '\0')
    append_option (out, "user", login);
  if (!has_sslmode)
    append_option (out, "sslmode", secure ? "require" : "prefer");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
option_value (PQconninfoOption *opts,
              const char       *keyword)
{
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL && o->val[0] != '\0')
      return g_strdup (o->val);
  return NULL;
}

gboolean
crm_login_split_conninfo (const char *conninfo,
                          char      **server,
                          char      **database,
                          char      **user,
                          gboolean   *secure)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo ? conninfo : "", NULL);
  g_autofree char  *host = NULL;
  g_autofree char  *port = NULL;
  g_autofree char  *sslmode = NULL;

  *server = *database = *user = NULL;
  *secure = TRUE;
  if (opts == NULL)
    return FALSE;

  host = option_value (opts, "host");
  if (host == NULL)
    host = option_value (opts, "hostaddr");
  port = option_value (opts, "port");
  sslmode = option_value (opts, "sslmode");
  *database = option_value (opts, "dbname");
  *user = option_value (opts, "user");
  PQconninfoFree (opts);

  if (host == NULL)
    *server = g_strdup ("");
  else if (port != NULL && host[0] != '/' && strchr (host, ':') != NULL)
    *server = g_strdup_printf ("[%s]:%s", host, port);
  else if (port != NULL && host[0] != '/')
    *server = g_strdup_printf ("%s:%s", host, port);
  else
    *server = g_strdup (host);
  if (*database == NULL)
    *database = g_strdup ("");
  if (*user == NULL)
    *user = g_strdup ("");
  *secure = sslmode == NULL || (!g_str_equal (sslmode, "disable") && !g_str_equal (sslmode, "allow") &&
                                !g_str_equal (sslmode, "prefer"));

  return TRUE;
}

gboolean
crm_login_get_keys (const char *conninfo,
                    char      **host,
                    char      **port,
                    char      **database,
                    char      **user)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo ? conninfo : "", NULL);

  *host = *port = *database = *user = NULL;
  if (opts == NULL)
    return FALSE;

  *host = option_value (opts, "host");
  if (*host == NULL)
    *host = option_value (opts, "hostaddr");
  if (*host == NULL)
    *host = g_strdup ("localhost");
  *port = option_value (opts, "port");
  if (*port == NULL)
    *port = g_strdup ("5432");
  *user = option_value (opts, "user");
  if (*user == NULL)
    *user = g_strdup (g_get_user_name ());
  *database = option_value (opts, "dbname");
  if (*database == NULL)
    *database = g_strdup (*user);
  PQconninfoFree (opts);

  return TRUE;
}

gboolean
crm_login_is_local (const char *conninfo)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo ? conninfo : "", NULL);
  g_autofree char  *host = NULL;

  if (opts == NULL)
    return FALSE;
  host = option_value (opts, "host");
  PQconninfoFree (opts);

  return host == NULL || host[0] == '/' || host[0] == '@';
}

/* ---- Who is signed in ---- */

typedef struct
{
  char *login;
  char *full_name;
} WhoAmI;

static void
who_am_i_free (gpointer data)
{
  WhoAmI *who = data;

  g_free (who->login);
  g_free (who->full_name);
  g_free (who);
}

static gpointer
who_am_i_func (CrmStore     *self,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  WhoAmI   *who;
  PGresult *res;

  res = _crm_store_exec (conn, "SELECT session_user::text", 0, NULL, FALSE, error);
  if (res == NULL)
    return NULL;
  who = g_new0 (WhoAmI, 1);
  who->login = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);

  /* An employee may not see the employees (yet): then the login will do. */
  {
    g_autoptr (GError) local_error = NULL;
    const char *params[1] = { who->login };

    res = _crm_store_exec (conn,
                           "SELECT full_name FROM rapport.employees WHERE login = $1 "
                           "ORDER BY active DESC, id LIMIT 1",
                           1, params, FALSE, &local_error);
    if (res == NULL)
      g_debug ("Cannot look up the employee %s: %s", who->login, local_error->message);
    else
      {
        if (PQntuples (res) > 0)
          who->full_name = g_strdup (PQgetvalue (res, 0, 0));
        PQclear (res);
      }
  }

  return who;
}

void
crm_store_who_am_i_async (CrmStore           *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));

  crm_store_run_async (self, who_am_i_func, NULL, NULL, who_am_i_free, cancellable, callback, user_data);
}

gboolean
crm_store_who_am_i_finish (CrmStore     *self,
                           GAsyncResult *result,
                           char        **login,
                           char        **full_name,
                           GError      **error)
{
  WhoAmI *who = crm_store_run_finish (self, result, error);

  if (who == NULL)
    return FALSE;

  if (login != NULL)
    *login = g_steal_pointer (&who->login);
  if (full_name != NULL)
    *full_name = g_steal_pointer (&who->full_name);
  who_am_i_free (who);

  return TRUE;
}
