/* crm-store-sql.c — running SQL for CrmStore and the code that uses it
 *
 * The helpers of crm-store-private.h that any thread may call on a
 * connection of its own: opening a connection with Rapport's session
 * settings (_crm_store_connect), running statements and bulk COPY, reading
 * records out of a result, and turning a failed result into a CrmStoreError
 * by SQLSTATE (_crm_store_set_error) with a message fit for the UI.
 *
 * A serialization failure or deadlock is also noted per thread, so that the
 * pool in crm-store.c can run the operation again
 * (_crm_store_take_retryable_failure).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-store-private.h"
#include "crm-store.h"

/* Set by _crm_store_set_error on the failing thread when the failure was a
 * serialization failure or deadlock; see _crm_store_take_retryable_failure. */
static GPrivate retryable_failure = G_PRIVATE_INIT (NULL);

/* ---- Names and messages ---- */

/* libpq messages end with newlines and continue lines with a tab. */
static char *
tidy_message (const char *message)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = message ? message : ""; *p; p++)
    {
      if (*p == '\n' || *p == '\t' || *p == '\r')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_c (out, *p);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
_crm_store_format_server (const char *host,
                          const char *port)
{
  if (host == NULL || host[0] == '\0')
    return g_strdup ("localhost");
  if (host[0] == '/' || host[0] == '@')
    return g_strdup (host);
  if (port != NULL && port[0] != '\0' && !g_str_equal (port, "5432"))
    return g_strdup_printf ("%s:%s", host, port);
  return g_strdup (host);
}

static char *
server_name_of_conn (PGconn *conn)
{
  if (conn == NULL)
    return g_strdup (_ ("unknown server"));
  return _crm_store_format_server (PQhost (conn), PQport (conn));
}

static gboolean
is_auth_failure (PGconn     *conn,
                 const char *message)
{
  return PQconnectionNeedsPassword (conn) ||
         strstr (message, "password authentication failed") != NULL ||
         strstr (message, "authentication failed for user") != NULL ||
         strstr (message, "no password supplied") != NULL ||
         strstr (message, "no pg_hba.conf entry") != NULL ||
         strstr (message, "pg_hba.conf rejects connection") != NULL ||
         (strstr (message, "role \"") != NULL && strstr (message, "does not exist") != NULL);
}

/* Server notices ("schema … already exists, skipping") are for debugging. */
static void
on_notice_cb (void       *arg,
              const char *message)
{
  g_debug ("Server notice: %s", message);
}

PGconn *
_crm_store_connect (const char *conninfo,
                    GError    **error)
{
  return _crm_store_connect_with_password (conninfo, NULL, error);
}

static gboolean
is_auth_problem (CrmStoreLoginProblem problem)
{
  switch (problem)
    {
    case CRM_STORE_LOGIN_PASSWORD_NEEDED:
    case CRM_STORE_LOGIN_WRONG_PASSWORD:
    case CRM_STORE_LOGIN_DEACTIVATED:
    case CRM_STORE_LOGIN_NOT_ALLOWED:
    case CRM_STORE_LOGIN_SSL_REQUIRED:
      return TRUE;
    default:
      return FALSE;
    }
}

PGconn *
_crm_store_connect_with_password (const char *conninfo,
                                  const char *password,
                                  GError    **error)
{
  /* Defaults first: the conninfo (expanded from "dbname") overrides them,
   * and a password given apart overrides the conninfo's; the encoding
   * comes last because the code relies on UTF-8. An empty password counts
   * as none. */
  const char          *keys[] = { "application_name", "connect_timeout", "dbname", "password", "client_encoding", NULL };
  const char          *values[] = { "Rapport", "5", conninfo, password, "UTF8", NULL };
  g_autofree char     *server = NULL;
  g_autofree char     *message = NULL;
  char                *parse_error = NULL;
  PQconninfoOption    *opts;
  CrmStoreLoginProblem problem;
  PGconn              *conn;
  PGresult            *res;

  opts = PQconninfoParse (conninfo, &parse_error);
  if (opts == NULL)
    {
      GError *local;

      message = tidy_message (parse_error);
      PQfreemem (parse_error);
      /* libpq quotes the whole address, password and all: leave it out. */
      if (conninfo[0] != '\0' && strstr (message, conninfo) != NULL)
        {
          g_auto (GStrv) parts = g_strsplit (message, conninfo, -1);

          g_free (message);
          message = g_strjoinv ("…", parts);
        }
      local = g_error_new (CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION,
                           _ ("The database address is not valid: %s"),
                           message[0] ? message : _ ("out of memory"));
      _crm_store_error_set_login_problem (local, CRM_STORE_LOGIN_BAD_ADDRESS);
      g_propagate_error (error, local);
      return NULL;
    }
  PQconninfoFree (opts);

  conn = _crm_login_connect (keys, values, &problem, &message);
  if (conn == NULL)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION, _ ("Out of memory"));
      return NULL;
    }

  server = server_name_of_conn (conn);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *tidy = tidy_message (message);
      GError          *local;

      if (is_auth_problem (problem) || (problem == CRM_STORE_LOGIN_OTHER && is_auth_failure (conn, tidy)))
        local = g_error_new (CRM_STORE_ERROR, CRM_STORE_ERROR_AUTH,
                             _ ("The database server “%s” refused the login: %s"), server, tidy);
      else
        local = g_error_new (CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION,
                             _ ("Cannot connect to the database server “%s”: %s"), server, tidy);
      _crm_store_error_set_login_problem (local, problem);
      g_debug ("Connecting to %s failed (problem %d): %s", server, problem, tidy);
      g_propagate_error (error, local);
      PQfinish (conn);
      return NULL;
    }

  PQsetNoticeProcessor (conn, on_notice_cb, NULL);

  /* Dates and times as crm_record_set_text() reads them. */
  res = PQexec (conn, "SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'");
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      _crm_store_set_error (error, conn, res, CRM_SQL_READ, NULL);
      PQclear (res);
      PQfinish (conn);
      return NULL;
    }
  PQclear (res);

  g_debug ("Connected to %s (server %d)", server, PQserverVersion (conn));

  return conn;
}

/* "accounts_inn_check" on table "accounts" → the field "inn". */
static const CrmField *
field_of_error (const PGresult      *res,
                const CrmRecordType *type)
{
  const char        *column = PQresultErrorField (res, PG_DIAG_COLUMN_NAME);
  const char        *constraint = PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME);
  const char        *table = PQresultErrorField (res, PG_DIAG_TABLE_NAME);
  static const char *suffixes[] = { "_check", "_fkey", "_key", "_not_null" };

  if (type == NULL)
    return NULL;

  if (table != NULL && !g_str_equal (table, type->table))
    return NULL;

  if (column != NULL)
    return crm_record_type_get_field (type, column);

  if (constraint != NULL && table != NULL && g_str_has_prefix (constraint, table) && constraint[strlen (table)] == '_')
    {
      g_autofree char *name = g_strdup (constraint + strlen (table) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        if (g_str_has_suffix (name, suffixes[i]))
          {
            name[strlen (name) - strlen (suffixes[i])] = '\0';
            break;
          }
      return crm_record_type_get_field (type, name);
    }

  return NULL;
}

static void
set_invalid_error (GError             **error,
                   const PGresult      *res,
                   const char          *state,
                   const char          *primary,
                   const CrmRecordType *type)
{
  const CrmField *field = field_of_error (res, type);
  const char     *constraint = PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME);
  const char     *meaning = type ? crm_record_type_constraint_message (type, constraint) : NULL;

  /* A rule the record type explains in words: say it so. */
  if (meaning != NULL)
    {
      if (field != NULL)
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "%s: %s", crm_field_get_label (field), meaning);
      else
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, meaning);
      return;
    }

  if (field == NULL)
    {
      if (g_str_has_prefix (state, "22"))
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                     _ ("The database refused a value: %s"), primary);
      else
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                     _ ("The database refused the values: %s"), primary);
      return;
    }

  if (g_str_equal (state, "23502"))
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                 _ ("%s: this field is required"), crm_field_get_label (field));
  else if (g_str_equal (state, "23505"))
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                 _ ("%s: another record already has this value"), crm_field_get_label (field));
  else if (g_str_equal (state, "23503"))
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                 _ ("%s: the record it refers to does not exist"), crm_field_get_label (field));
  else
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                 _ ("%s: the database refused this value (%s)"), crm_field_get_label (field),
                 constraint ? constraint : primary);
}

void
_crm_store_set_error (GError             **error,
                      PGconn              *conn,
                      const PGresult      *res,
                      CrmSqlIntent         intent,
                      const CrmRecordType *type)
{
  const char      *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char      *primary_field = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *primary = NULL;
  g_autofree char *server = NULL;

  if (primary_field != NULL)
    primary = tidy_message (primary_field);
  else if (res != NULL && PQresultErrorMessage (res)[0] != '\0')
    primary = tidy_message (PQresultErrorMessage (res));
  else
    primary = tidy_message (conn ? PQerrorMessage (conn) : NULL);
  if (primary[0] == '\0')
    {
      g_free (primary);
      primary = g_strdup (_ ("unknown error"));
    }

  if (state == NULL)
    state = "";

  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01"))
    {
      g_private_set (&retryable_failure, GINT_TO_POINTER (TRUE));
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED,
                   _ ("Another change to the same data got in the way; please try again (%s)"), primary);
      return;
    }

  if ((conn != NULL && PQstatus (conn) != CONNECTION_OK) ||
      g_str_has_prefix (state, "08") ||
      g_str_equal (state, "57P01") || g_str_equal (state, "57P02") || g_str_equal (state, "57P03"))
    {
      server = server_name_of_conn (conn);
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION,
                   _ ("Lost the connection to the database server “%s”: %s"), server, primary);
      return;
    }

  if (g_str_equal (state, "57014"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The operation was cancelled"));
      return;
    }

  if (g_str_has_prefix (state, "28"))
    {
      server = server_name_of_conn (conn);
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_AUTH,
                   _ ("The database server “%s” refused the login: %s"), server, primary);
      return;
    }

  if (g_str_equal (state, "42501"))
    {
      if (intent == CRM_SQL_WRITE)
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                             _ ("You may not change this record"));
      else
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                             _ ("You may not see these records"));
      return;
    }

  if (g_str_has_prefix (state, "23") || g_str_has_prefix (state, "22"))
    {
      set_invalid_error (error, res, state, primary, type);
      return;
    }

  if (g_str_equal (state, "42P01") || g_str_equal (state, "42703") || g_str_equal (state, "3F000"))
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA,
                   _ ("The database does not have the tables this version of Rapport needs: %s"), primary);
      return;
    }

  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED,
               _ ("The database reported an error: %s"), primary);
}

gboolean
_crm_store_take_retryable_failure (void)
{
  gboolean failed = g_private_get (&retryable_failure) != NULL;

  g_private_set (&retryable_failure, NULL);
  return failed;
}

/* ---- Running SQL ---- */

PGresult *
_crm_store_exec_full (PGconn              *conn,
                      const char          *sql,
                      guint                n_params,
                      const char *const   *params,
                      gboolean             binary,
                      CrmSqlIntent         intent,
                      const CrmRecordType *type,
                      GError             **error)
{
  PGresult      *res;
  ExecStatusType status;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  res = PQexecParams (conn, sql, (int) n_params, NULL, params, NULL, NULL, binary ? 1 : 0);
  status = PQresultStatus (res);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return res;

  _crm_store_set_error (error, conn, res, intent, type);
  PQclear (res);
  return NULL;
}

PGresult *
_crm_store_exec (PGconn            *conn,
                 const char        *sql,
                 guint              n_params,
                 const char *const *params,
                 gboolean           binary,
                 GError           **error)
{
  return _crm_store_exec_full (conn, sql, n_params, params, binary, CRM_SQL_READ, NULL, error);
}

gboolean
_crm_store_exec_command (PGconn     *conn,
                         const char *sql,
                         GError    **error)
{
  PGresult      *res;
  ExecStatusType status;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  res = PQexec (conn, sql);
  status = PQresultStatus (res);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      PQclear (res);
      return TRUE;
    }

  _crm_store_set_error (error, conn, res, CRM_SQL_WRITE, NULL);
  PQclear (res);
  return FALSE;
}

gboolean
_crm_store_copy_begin (PGconn     *conn,
                       const char *copy_sql,
                       GError    **error)
{
  PGresult *res = PQexec (conn, copy_sql);

  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      _crm_store_set_error (error, conn, res, CRM_SQL_WRITE, NULL);
      PQclear (res);
      return FALSE;
    }
  PQclear (res);
  return TRUE;
}

/* After a failed put or end: collect the results so the connection can be
 * used again, and report the first error. */
static gboolean
copy_finish (PGconn  *conn,
             GError **error)
{
  gboolean  ok = TRUE;
  PGresult *res;

  while ((res = PQgetResult (conn)) != NULL)
    {
      if (PQresultStatus (res) != PGRES_COMMAND_OK && ok)
        {
          _crm_store_set_error (error, conn, res, CRM_SQL_WRITE, NULL);
          ok = FALSE;
        }
      PQclear (res);
    }
  return ok;
}

gboolean
_crm_store_copy_put (PGconn     *conn,
                     const char *data,
                     gsize       len,
                     GError    **error)
{
  g_return_val_if_fail (len <= G_MAXINT, FALSE);

  if (PQputCopyData (conn, data, (int) len) != 1)
    {
      PQputCopyEnd (conn, "COPY data could not be sent");
      if (copy_finish (conn, error))
        _crm_store_set_error (error, conn, NULL, CRM_SQL_WRITE, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
_crm_store_copy_end (PGconn  *conn,
                     GError **error)
{
  if (PQputCopyEnd (conn, NULL) != 1)
    {
      _crm_store_set_error (error, conn, NULL, CRM_SQL_WRITE, NULL);
      copy_finish (conn, NULL);
      return FALSE;
    }
  return copy_finish (conn, error);
}

void
_crm_store_copy_append_field (GString    *row,
                              const char *value)
{
  if (row->len > 0 && row->str[row->len - 1] != '\n')
    g_string_append_c (row, '\t');

  if (value == NULL)
    {
      g_string_append (row, "\\N");
      return;
    }

  for (const char *p = value; *p; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (row, "\\\\");
          break;
        case '\t':
          g_string_append (row, "\\t");
          break;
        case '\n':
          g_string_append (row, "\\n");
          break;
        case '\r':
          g_string_append (row, "\\r");
          break;
        default:
          g_string_append_c (row, *p);
          break;
        }
    }
}

/* Whether the result's columns are every field of @type in the order of a
 * record's values (what _crm_sql_append_select_list() selects). */
static gboolean
columns_are_values (const CrmRecordType *type,
                    const PGresult      *res)
{
  const CrmField *common;
  guint           n_common;
  int             n_cols = PQnfields (res);

  common = crm_record_type_common_fields (&n_common);
  if (n_cols != (int) (n_common + type->n_fields))
    return FALSE;
  for (int col = 0; col < n_cols; col++)
    {
      const CrmField *field = (guint) col < n_common ? &common[col] : &type->fields[col - n_common];

      if (!g_str_equal (PQfname (res, col), field->name))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
_crm_store_records_from_result (const CrmRecordType *type,
                                const PGresult      *res,
                                GError             **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autofree const char **texts = NULL;
  int                     n_rows = PQntuples (res);
  int                     n_cols = PQnfields (res);
  gboolean                in_order = columns_are_values (type, res);

  records = g_ptr_array_new_full ((guint) n_rows, g_object_unref);
  texts = g_new0 (const char *, n_cols);

  for (int row = 0; row < n_rows; row++)
    {
      CrmRecord *record = crm_record_new (type);

      if (in_order)
        {
          g_autoptr (GError) local_error = NULL;

          /* The quick way: every value at once, nothing to notify. */
          for (int col = 0; col < n_cols; col++)
            texts[col] = PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);
          if (!crm_record_load_texts (record, texts, (guint) n_cols, &local_error))
            g_warning ("Cannot read a row of %s: %s", type->table, local_error->message);
          g_ptr_array_add (records, record);
          continue;
        }

      g_object_freeze_notify (G_OBJECT (record));
      for (int col = 0; col < n_cols; col++)
        {
          g_autoptr (GError) local_error = NULL;
          const char *text = PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);

          if (!crm_record_set_text (record, PQfname (res, col), text, &local_error))
            g_warning ("Cannot read %s.%s = “%s”: %s", type->table, PQfname (res, col),
                       text, local_error->message);
        }
      crm_record_set_loaded (record, TRUE);
      g_object_thaw_notify (G_OBJECT (record));
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}
