/* crm-admin.c — employees, roles, teams and shares
 *
 * Each call is one parameterised statement (two for a password: the
 * login is read to salt the verifier) on a pooled connection. The
 * administrative functions of 0006-security.sql check rights themselves;
 * their refusals are turned into CRM_STORE_ERRORs here, worded for
 * people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-admin.h"
#include "crm-email.h"
#include "crm-phone.h"
#include "crm-store-private.h"

typedef enum
{
  OP_ADD_EMPLOYEE,
  OP_SET_ROLE,
  OP_SET_TEAM,
  OP_SET_PASSWORD,
  OP_DEACTIVATE,
  OP_REACTIVATE,
  OP_SAVE_TEAM,
  OP_RECORD_ACCESS,
  OP_ADD_SHARE,
  OP_REMOVE_SHARE,
  OP_SET_EDITORS,
  OP_GRANT_LOGIN,
} OpKind;

typedef struct
{
  OpKind               kind;
  gint64               id;    /* employee, team (OP_SAVE_TEAM), record, share */
  gint64               other; /* reassign to, team, employee to share with */
  gint64               team;  /* OP_ADD_SHARE */
  gboolean             flag;  /* can_edit */
  char                *text;  /* role, team name, password */
  const CrmRecordType *type;
  CrmEmployee         *employee;
  char                *login; /* OP_GRANT_LOGIN */
  char                *role;  /* OP_GRANT_LOGIN */
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->text != NULL)
    {
      /* Passwords too: do not leave them lying in freed memory. */
      memset (op->text, 0, strlen (op->text));
      g_free (op->text);
    }
  g_clear_object (&op->employee);
  g_free (op->login);
  g_free (op->role);
  g_free (op);
}

static Op *
op_new (OpKind kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  return op;
}

static char *
int_param (gint64 value)
{
  return value != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : NULL;
}

static gint64
parse_int (const char *text)
{
  gint64 value = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return 0;
  return value;
}

/* ---- Errors ---- */

static const char *
server_primary (const PGresult *res)
{
  const char *primary = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  return primary ? primary : "";
}

/* Turn a refusal of an administrative statement into words; what is not
 * one of ours goes to _crm_store_set_error. */
static void
set_admin_error (GError        **error,
                 PGconn         *conn,
                 const PGresult *res,
                 const Op       *op)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = server_primary (res);
  const char *login = op->employee ? crm_employee_get_login (op->employee) : op->login;
  gboolean    new_login = op->kind == OP_ADD_EMPLOYEE || op->kind == OP_GRANT_LOGIN;

  if (state == NULL)
    state = "";

  if (g_str_equal (state, "42501"))
    {
      if (op->kind == OP_ADD_SHARE || op->kind == OP_REMOVE_SHARE)
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                             _ ("Only someone who may change this record may share it"));
      else
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                             _ ("Only an administrator may manage employees and teams"));
      return;
    }
  if (g_str_equal (state, "P0002"))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("There is no such employee"));
      return;
    }
  if (g_str_equal (state, "23505") && new_login)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _ ("An employee with the login “%s” already exists"), login);
      return;
    }
  if (g_str_equal (state, "42710") && new_login)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _ ("A database role named “%s” already exists: choose another login"), login);
      return;
    }
  if (g_str_equal (state, "23505") && op->kind == OP_SAVE_TEAM)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, _ ("There is a team named “%s” already"),
                   op->text);
      return;
    }
  if (g_str_equal (state, "23514") && op->kind == OP_SAVE_TEAM)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, _ ("Enter the team’s name"));
      return;
    }
  if (g_str_equal (state, "23514") && op->kind == OP_ADD_EMPLOYEE)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, _ ("Enter the employee’s full name"));
      return;
    }
  if (g_str_equal (state, "22023") || g_str_equal (state, "23505") || g_str_equal (state, "42710"))
    {
      if (g_str_has_prefix (primary, "you cannot deactivate yourself"))
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, _ ("You cannot deactivate yourself"));
      else if (g_str_has_prefix (primary, "records can only go to an active employee"))
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                             _ ("Records can only go to an active employee"));
      else if (g_str_has_prefix (primary, "unknown role"))
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                     _ ("Unknown role “%s”: use admin, head, manager or readonly"),
                     op->kind == OP_ADD_EMPLOYEE  ? crm_employee_get_role (op->employee)
                     : op->kind == OP_GRANT_LOGIN ? op->role
                                                  : op->text);
      else if (g_str_has_prefix (primary, "the employee already signs in as"))
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                             _ ("This employee has a login already"));
      else if (strstr (primary, "has no login") != NULL)
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                             _ ("This employee has no login of their own"));
      else
        g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, primary);
      return;
    }

  _crm_store_set_error (error, conn, res, CRM_SQL_WRITE, NULL);
}

static PGresult *
admin_exec (PGconn            *conn,
            const Op          *op,
            const char        *sql,
            guint              n_params,
            const char *const *params,
            GError           **error)
{
  PGresult      *res = PQexecParams (conn, sql, (int) n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (res);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return res;
  set_admin_error (error, conn, res, op);
  PQclear (res);
  return NULL;
}

/* A SCRAM verifier for @password, made here: the server never sees the
 * password itself. */
static char *
make_verifier (PGconn     *conn,
               const char *login,
               const char *password,
               GError    **error)
{
  char *encrypted = PQencryptPasswordConn (conn, password, login, "scram-sha-256");
  char *verifier;

  if (encrypted == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED, _ ("Could not encrypt the password: %s"),
                   PQerrorMessage (conn));
      return NULL;
    }
  verifier = g_strdup (encrypted);
  PQfreemem (encrypted);
  return verifier;
}

/* ---- The changes, on a worker ---- */

static gboolean
run_add_employee (PGconn  *conn,
                  Op      *op,
                  gint64  *result,
                  GError **error)
{
  CrmEmployee     *e = op->employee;
  g_autofree char *message = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *team = int_param (crm_employee_get_team_id (e));
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *full_name = NULL;
  const char      *params[8];
  PGresult        *res;

  if (!crm_employee_check_login (crm_employee_get_login (e), &message))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, message);
      return FALSE;
    }
  full_name = g_strstrip (g_strdup (crm_employee_get_full_name (e)));
  if (full_name == NULL || full_name[0] == '\0')
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, _ ("Enter the employee’s full name"));
      return FALSE;
    }
  if (crm_employee_get_email (e) != NULL && (email = crm_email_normalize (crm_employee_get_email (e), error)) == NULL)
    return FALSE;
  if (crm_employee_get_phone (e) != NULL && (phone = crm_phone_normalize (crm_employee_get_phone (e), error)) == NULL)
    return FALSE;
  if (op->text != NULL && (verifier = make_verifier (conn, crm_employee_get_login (e), op->text, error)) == NULL)
    return FALSE;

  params[0] = crm_employee_get_login (e);
  params[1] = verifier;
  params[2] = full_name;
  params[3] = crm_employee_get_role (e);
  params[4] = team;
  params[5] = crm_employee_get_position (e);
  params[6] = email;
  params[7] = phone;
  res = admin_exec (conn, op, "SELECT rapport.employee_add($1, $2, $3, $4, $5::bigint, $6, $7, $8)",
                    8, params, error);
  if (res == NULL)
    return FALSE;
  *result = parse_int (PQgetvalue (res, 0, 0));
  PQclear (res);
  return TRUE;
}

static gboolean
run_grant_login (PGconn  *conn,
                 Op      *op,
                 GError **error)
{
  g_autofree char *id = int_param (op->id);
  g_autofree char *message = NULL;
  g_autofree char *verifier = NULL;
  const char      *params[4];
  PGresult        *res;

  if (!crm_employee_check_login (op->login, &message))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, message);
      return FALSE;
    }
  if (op->text != NULL && (verifier = make_verifier (conn, op->login, op->text, error)) == NULL)
    return FALSE;

  params[0] = id;
  params[1] = op->login;
  params[2] = verifier;
  params[3] = op->role;
  res = admin_exec (conn, op, "SELECT rapport.employee_grant_login($1::bigint, $2, $3, $4)", 4, params, error);
  if (res == NULL)
    return FALSE;
  PQclear (res);
  return TRUE;
}

static gboolean
run_set_password (PGconn  *conn,
                  Op      *op,
                  GError **error)
{
  g_autofree char *id = int_param (op->id);
  g_autofree char *verifier = NULL;
  g_autofree char *login = NULL;
  const char      *params[2] = { id, NULL };
  PGresult        *res;

  res = admin_exec (conn, op, "SELECT rapport.employee_login($1::bigint)", 1, params, error);
  if (res == NULL)
    return FALSE;
  login = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);

  if (op->text == NULL || op->text[0] == '\0')
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, _ ("Enter a password"));
      return FALSE;
    }
  verifier = make_verifier (conn, login, op->text, error);
  if (verifier == NULL)
    return FALSE;
  params[1] = verifier;
  res = admin_exec (conn, op, "SELECT rapport.employee_set_password($1::bigint, $2)", 2, params, error);
  if (res == NULL)
    return FALSE;
  PQclear (res);
  return TRUE;
}

static gboolean
run_remove_share (PGconn  *conn,
                  Op      *op,
                  GError **error)
{
  g_autofree char *id = int_param (op->id);
  const char      *params[1] = { id };
  PGresult        *res;
  gboolean         left;

  res = admin_exec (conn, op, "DELETE FROM rapport.record_shares WHERE id = $1::bigint", 1, params, error);
  if (res == NULL)
    return FALSE;
  left = atoi (PQcmdTuples (res)) == 0;
  PQclear (res);
  if (!left)
    return TRUE;

  /* Nothing deleted: gone already, or there and not ours to remove. */
  res = admin_exec (conn, op, "SELECT 1 FROM rapport.record_shares WHERE id = $1::bigint", 1, params, error);
  if (res == NULL)
    return FALSE;
  left = PQntuples (res) > 0;
  PQclear (res);
  if (left)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                           _ ("Only someone who may change this record may share it"));
      return FALSE;
    }
  return TRUE;
}

static gpointer
op_func (CrmStore     *store,
         gpointer      conn,
         gpointer      data,
         GCancellable *cancellable,
         GError      **error)
{
  Op              *op = data;
  g_autofree char *id = int_param (op->id);
  g_autofree char *other = int_param (op->other);
  g_autofree char *team = int_param (op->team);
  const char      *params[5] = { id, NULL, NULL, NULL, NULL };
  PGresult        *res = NULL;
  gint64           result = 0;

  switch (op->kind)
    {
    case OP_ADD_EMPLOYEE:
      if (!run_add_employee (conn, op, &result, error))
        return NULL;
      break;

    case OP_SET_ROLE:
      params[1] = op->text;
      res = admin_exec (conn, op, "SELECT rapport.employee_set_role($1::bigint, $2)", 2, params, error);
      break;

    case OP_SET_TEAM:
      params[1] = other;
      /* Only admins may: the privilege check says so before any row does. */
      res = admin_exec (conn, op, "UPDATE rapport.employees SET team_id = $2::bigint WHERE id = $1::bigint",
                        2, params, error);
      if (res != NULL && atoi (PQcmdTuples (res)) == 0)
        {
          PQclear (res);
          g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("There is no such employee"));
          return NULL;
        }
      break;

    case OP_SET_PASSWORD:
      if (!run_set_password (conn, op, error))
        return NULL;
      break;

    case OP_GRANT_LOGIN:
      if (!run_grant_login (conn, op, error))
        return NULL;
      break;

    case OP_DEACTIVATE:
      params[1] = other;
      res = admin_exec (conn, op, "SELECT rapport.employee_deactivate($1::bigint, $2::bigint)", 2, params, error);
      if (res != NULL)
        result = parse_int (PQgetvalue (res, 0, 0));
      break;

    case OP_REACTIVATE:
      res = admin_exec (conn, op, "SELECT rapport.employee_reactivate($1::bigint)", 1, params, error);
      break;

    case OP_SAVE_TEAM:
      params[1] = op->text;
      if (op->id == 0)
        {
          res = admin_exec (conn, op, "INSERT INTO rapport.teams (name) VALUES (btrim($1)) RETURNING id",
                            1, params + 1, error);
          if (res != NULL)
            result = parse_int (PQgetvalue (res, 0, 0));
        }
      else
        {
          res = admin_exec (conn, op, "UPDATE rapport.teams SET name = btrim($2) WHERE id = $1::bigint",
                            2, params, error);
          if (res != NULL && atoi (PQcmdTuples (res)) == 0)
            {
              PQclear (res);
              g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("There is no such team"));
              return NULL;
            }
        }
      break;

    case OP_RECORD_ACCESS:
      params[0] = op->type->table;
      params[1] = id;
      res = _crm_store_exec (conn, "SELECT rapport.record_access(current_user, $1, $2::bigint)", 2, params, FALSE,
                             error);
      if (res != NULL)
        {
          const char *access = PQgetisnull (res, 0, 0) ? "" : PQgetvalue (res, 0, 0);

          result = g_str_equal (access, "edit")  ? CRM_RECORD_ACCESS_EDIT
                   : g_str_equal (access, "see") ? CRM_RECORD_ACCESS_SEE
                                                 : CRM_RECORD_ACCESS_NONE;
        }
      break;

    case OP_ADD_SHARE:
      params[0] = op->type->table;
      params[1] = id;
      params[2] = other;
      params[3] = team;
      params[4] = op->flag ? "true" : "false";
      res = admin_exec (conn, op,
                        "INSERT INTO rapport.record_shares (table_name, record_id, employee_id, team_id, can_edit)"
                        " VALUES ($1, $2::bigint, $3::bigint, $4::bigint, $5::boolean)"
                        " ON CONFLICT (table_name, record_id, coalesce(employee_id, 0), coalesce(team_id, 0))"
                        " DO UPDATE SET can_edit = EXCLUDED.can_edit"
                        " RETURNING id",
                        5, params, error);
      if (res != NULL)
        result = parse_int (PQgetvalue (res, 0, 0));
      break;

    case OP_REMOVE_SHARE:
      if (!run_remove_share (conn, op, error))
        return NULL;
      break;

    case OP_SET_EDITORS:
      params[0] = op->type->table;
      params[1] = op->text; /* "{1,2}" */
      /* Both changes in one statement: the CTEs run whatever the query reads. */
      res = admin_exec (conn, op,
                        "WITH gone AS (DELETE FROM rapport.module_editors"
                        "               WHERE table_name = $1 AND NOT (employee_id = ANY ($2::bigint[])) RETURNING 1),"
                        " added AS (INSERT INTO rapport.module_editors (table_name, employee_id)"
                        "           SELECT $1, e FROM unnest($2::bigint[]) e ON CONFLICT DO NOTHING RETURNING 1)"
                        " SELECT cardinality($2::bigint[])",
                        2, params, error);
      if (res != NULL)
        result = parse_int (PQgetvalue (res, 0, 0));
      break;

    default:
      g_assert_not_reached ();
    }

  if (res == NULL && op->kind != OP_ADD_EMPLOYEE && op->kind != OP_SET_PASSWORD && op->kind != OP_GRANT_LOGIN && op->kind != OP_REMOVE_SHARE)
    return NULL;
  g_clear_pointer (&res, PQclear);

  return g_memdup2 (&result, sizeof result);
}

static gint64
run_op_sync (CrmStore     *store,
             Op           *op,
             GCancellable *cancellable,
             GError      **error)
{
  g_autofree gint64 *result = crm_store_run_sync (store, op_func, op, cancellable, error);

  op_free (op);
  return result != NULL ? *result : -1;
}

static void
on_op_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  gint64 *value = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    {
      g_task_return_int (task, (gssize) *value);
      g_free (value);
    }
}

static void
run_op_async (CrmStore           *store,
              Op                 *op,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, crm_admin_change_finish);
  crm_store_run_async (store, op_func, op, op_free, g_free, cancellable, on_op_done_cb, g_steal_pointer (&task));
}

gint64
crm_admin_change_finish (CrmStore     *store,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (g_task_is_valid (result, store), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_admin_change_finish, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- Reading, on a worker ---- */

typedef enum
{
  READ_WHO,
  READ_EMPLOYEES,
  READ_TEAMS,
  READ_SHARES,
  READ_FIND,
  READ_EDITORS,
} ReadKind;

typedef struct
{
  ReadKind             kind;
  const CrmRecordType *type;
  gint64               id;
  char                *login;
} Read;

static void
read_free (gpointer data)
{
  Read *read = data;

  g_free (read->login);
  g_free (read);
}

void
crm_who_am_i_free (CrmWhoAmI *who)
{
  if (who == NULL)
    return;
  g_free (who->login);
  g_free (who->role);
  g_free (who);
}

static const char *
value_or_null (const PGresult *res,
               int             row,
               int             column)
{
  return PQgetisnull (res, row, column) ? NULL : PQgetvalue (res, row, column);
}

#define EMPLOYEE_SQL                                                        \
  "SELECT r.id, r.login, r.full_name, r.role, r.team_id, t.name, r.active," \
  "       e.position, e.email, e.phone"                                     \
  "  FROM rapport.employee_roles r"                                         \
  "  JOIN rapport.employees e ON e.id = r.id"                               \
  "  LEFT JOIN rapport.teams t ON t.id = r.team_id"

static GPtrArray *
employees_from_result (const PGresult *res)
{
  GPtrArray *employees = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < PQntuples (res); i++)
    {
      CrmEmployee *e = crm_employee_new (parse_int (PQgetvalue (res, i, 0)), value_or_null (res, i, 1),
                                         PQgetvalue (res, i, 2), value_or_null (res, i, 3),
                                         parse_int (value_or_null (res, i, 4)), value_or_null (res, i, 5),
                                         PQgetvalue (res, i, 6)[0] == 't');

      crm_employee_set_contacts (e, value_or_null (res, i, 7), value_or_null (res, i, 8), value_or_null (res, i, 9));
      g_ptr_array_add (employees, e);
    }
  return employees;
}

static gpointer
read_func (CrmStore     *store,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  Read            *read = data;
  g_autofree char *id = int_param (read->id);
  const char      *params[2] = { NULL, NULL };
  GPtrArray       *list;
  PGresult        *res;

  switch (read->kind)
    {
    case READ_WHO:
      {
        CrmWhoAmI *who;

        res = _crm_store_exec (conn,
                               "SELECT rapport.current_employee(), session_user, rapport.role_of(session_user),"
                               " rapport.is_admin(session_user)",
                               0, NULL, FALSE, error);
        if (res == NULL)
          return NULL;
        who = g_new0 (CrmWhoAmI, 1);
        who->employee_id = parse_int (value_or_null (res, 0, 0));
        who->login = g_strdup (PQgetvalue (res, 0, 1));
        who->role = g_strdup (value_or_null (res, 0, 2));
        who->is_admin = PQgetvalue (res, 0, 3)[0] == 't';
        PQclear (res);
        return who;
      }

    case READ_EMPLOYEES:
      res = _crm_store_exec (conn, EMPLOYEE_SQL " ORDER BY r.active DESC, r.full_name, r.id", 0, NULL, FALSE, error);
      if (res == NULL)
        return NULL;
      list = employees_from_result (res);
      PQclear (res);
      return list;

    case READ_FIND:
      params[0] = read->login;
      res = _crm_store_exec (conn, EMPLOYEE_SQL " WHERE r.login = $1", 1, params, FALSE, error);
      if (res == NULL)
        return NULL;
      list = employees_from_result (res);
      PQclear (res);
      if (list->len == 0)
        {
          g_ptr_array_unref (list);
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("There is no employee with the login “%s”"),
                       read->login);
          return NULL;
        }
      return list;

    case READ_TEAMS:
      res = _crm_store_exec (conn,
                             "SELECT t.id, t.name,"
                             " (SELECT count(*) FROM rapport.employees e WHERE e.team_id = t.id AND e.active)"
                             " FROM rapport.teams t ORDER BY t.name, t.id",
                             0, NULL, FALSE, error);
      if (res == NULL)
        return NULL;
      list = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 0; i < PQntuples (res); i++)
        g_ptr_array_add (list, crm_team_new (parse_int (PQgetvalue (res, i, 0)), PQgetvalue (res, i, 1),
                                             (guint) parse_int (PQgetvalue (res, i, 2))));
      PQclear (res);
      return list;

    case READ_SHARES:
      params[0] = read->type->table;
      params[1] = id;
      res = _crm_store_exec (conn,
                             "SELECT s.id, s.employee_id, s.team_id, coalesce(e.full_name, t.name), s.can_edit"
                             " FROM rapport.record_shares s"
                             " LEFT JOIN rapport.employees e ON e.id = s.employee_id"
                             " LEFT JOIN rapport.teams t ON t.id = s.team_id"
                             " WHERE s.table_name = $1 AND s.record_id = $2::bigint"
                             " ORDER BY s.team_id IS NOT NULL, 4, s.id",
                             2, params, FALSE, error);
      if (res == NULL)
        return NULL;
      list = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 0; i < PQntuples (res); i++)
        g_ptr_array_add (list, crm_share_new (parse_int (PQgetvalue (res, i, 0)), parse_int (value_or_null (res, i, 1)),
                                              parse_int (value_or_null (res, i, 2)), PQgetvalue (res, i, 3),
                                              PQgetvalue (res, i, 4)[0] == 't'));
      PQclear (res);
      return list;

    case READ_EDITORS:
      {
        GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

        params[0] = read->type->table;
        res = _crm_store_exec (conn,
                               "SELECT employee_id FROM rapport.module_editors WHERE table_name = $1 ORDER BY 1", 1,
                               params, FALSE, error);
        if (res == NULL)
          {
            g_array_unref (ids);
            return NULL;
          }
        for (int i = 0; i < PQntuples (res); i++)
          {
            gint64 id = parse_int (PQgetvalue (res, i, 0));

            g_array_append_val (ids, id);
          }
        PQclear (res);
        return ids;
      }

    default:
      g_assert_not_reached ();
    }
}

static void
on_read_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError        *error = NULL;
  gpointer       value = crm_store_run_finish (CRM_STORE (source), result, &error);
  GDestroyNotify free_func = g_task_get_task_data (task);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, free_func);
}

static void
start_read (CrmStore           *store,
            Read               *read,
            gpointer            source_tag,
            GDestroyNotify      result_free,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, result_free, NULL);
  _crm_store_read_async (store, read_func, read, read_free, result_free, cancellable, on_read_done_cb,
                         g_steal_pointer (&task));
}

static gpointer
finish_read (CrmStore     *store,
             GAsyncResult *result,
             gpointer      source_tag,
             GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
read_sync (CrmStore     *store,
           Read         *read,
           GCancellable *cancellable,
           GError      **error)
{
  gpointer value = crm_store_run_sync (store, read_func, read, cancellable, error);

  read_free (read);
  return value;
}

static Read *
read_new (ReadKind kind)
{
  Read *read = g_new0 (Read, 1);

  read->kind = kind;
  return read;
}

/* ---- Public API: reading ---- */

CrmWhoAmI *
crm_admin_who_am_i_sync (CrmStore     *store,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  return read_sync (store, read_new (READ_WHO), cancellable, error);
}

void
crm_admin_who_am_i_async (CrmStore           *store,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  start_read (store, read_new (READ_WHO), crm_admin_who_am_i_async, (GDestroyNotify) crm_who_am_i_free,
              cancellable, callback, user_data);
}

CrmWhoAmI *
crm_admin_who_am_i_finish (CrmStore     *store,
                           GAsyncResult *result,
                           GError      **error)
{
  return finish_read (store, result, crm_admin_who_am_i_async, error);
}

GPtrArray *
crm_admin_list_employees_sync (CrmStore     *store,
                               GCancellable *cancellable,
                               GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  return read_sync (store, read_new (READ_EMPLOYEES), cancellable, error);
}

void
crm_admin_list_employees_async (CrmStore           *store,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  start_read (store, read_new (READ_EMPLOYEES), crm_admin_list_employees_async,
              (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
crm_admin_list_employees_finish (CrmStore     *store,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return finish_read (store, result, crm_admin_list_employees_async, error);
}

GPtrArray *
crm_admin_list_teams_sync (CrmStore     *store,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  return read_sync (store, read_new (READ_TEAMS), cancellable, error);
}

void
crm_admin_list_teams_async (CrmStore           *store,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  start_read (store, read_new (READ_TEAMS), crm_admin_list_teams_async, (GDestroyNotify) g_ptr_array_unref,
              cancellable, callback, user_data);
}

GPtrArray *
crm_admin_list_teams_finish (CrmStore     *store,
                             GAsyncResult *result,
                             GError      **error)
{
  return finish_read (store, result, crm_admin_list_teams_async, error);
}

static Read *
shares_read_new (const CrmRecordType *type,
                 gint64               record_id)
{
  Read *read = read_new (READ_SHARES);

  read->type = type;
  read->id = record_id;
  return read;
}

GPtrArray *
crm_admin_list_shares_sync (CrmStore            *store,
                            const CrmRecordType *type,
                            gint64               record_id,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  return read_sync (store, shares_read_new (type, record_id), cancellable, error);
}

void
crm_admin_list_shares_async (CrmStore            *store,
                             const CrmRecordType *type,
                             gint64               record_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL);
  start_read (store, shares_read_new (type, record_id), crm_admin_list_shares_async,
              (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
crm_admin_list_shares_finish (CrmStore     *store,
                              GAsyncResult *result,
                              GError      **error)
{
  return finish_read (store, result, crm_admin_list_shares_async, error);
}

CrmEmployee *
crm_admin_find_employee_sync (CrmStore     *store,
                              const char   *login,
                              GCancellable *cancellable,
                              GError      **error)
{
  Read *read;
  g_autoptr (GPtrArray) found = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  read = read_new (READ_FIND);
  read->login = g_strdup (login);
  found = read_sync (store, read, cancellable, error);
  return found != NULL ? g_object_ref (g_ptr_array_index (found, 0)) : NULL;
}

/* ---- Public API: changes ---- */

static Op *
add_employee_op (CrmEmployee *employee,
                 const char  *password)
{
  Op *op = op_new (OP_ADD_EMPLOYEE);

  op->employee = g_object_ref (employee);
  op->text = g_strdup (password);
  return op;
}

gint64
crm_admin_add_employee_sync (CrmStore     *store,
                             CrmEmployee  *employee,
                             const char   *password,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (CRM_IS_EMPLOYEE (employee), -1);
  return run_op_sync (store, add_employee_op (employee, password), cancellable, error);
}

void
crm_admin_add_employee_async (CrmStore           *store,
                              CrmEmployee        *employee,
                              const char         *password,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (CRM_IS_EMPLOYEE (employee));
  run_op_async (store, add_employee_op (employee, password), cancellable, callback, user_data);
}

static Op *
grant_login_op (gint64      employee_id,
                const char *login,
                const char *password,
                const char *role)
{
  Op *op = op_new (OP_GRANT_LOGIN);

  op->id = employee_id;
  op->login = g_strdup (login);
  op->text = g_strdup (password);
  op->role = g_strdup (role);
  return op;
}

gint64
crm_admin_grant_login_sync (CrmStore     *store,
                            gint64        employee_id,
                            const char   *login,
                            const char   *password,
                            const char   *role,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (login != NULL, -1);
  g_return_val_if_fail (role != NULL, -1);
  return run_op_sync (store, grant_login_op (employee_id, login, password, role), cancellable, error);
}

void
crm_admin_grant_login_async (CrmStore           *store,
                             gint64              employee_id,
                             const char         *login,
                             const char         *password,
                             const char         *role,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (login != NULL);
  g_return_if_fail (role != NULL);
  run_op_async (store, grant_login_op (employee_id, login, password, role), cancellable, callback, user_data);
}

static Op *
simple_op (OpKind      kind,
           gint64      id,
           gint64      other,
           const char *text)
{
  Op *op = op_new (kind);

  op->id = id;
  op->other = other;
  op->text = g_strdup (text);
  return op;
}

#define SIMPLE_OP(name, KIND, args_decl, id, other, text)                                                \
  gint64 crm_admin_##name##_sync (CrmStore *store, args_decl, GCancellable *cancellable, GError **error) \
  {                                                                                                      \
    g_return_val_if_fail (CRM_IS_STORE (store), -1);                                                     \
    return run_op_sync (store, simple_op (KIND, id, other, text), cancellable, error);                   \
  }                                                                                                      \
  void crm_admin_##name##_async (CrmStore *store, args_decl, GCancellable *cancellable,                  \
                                 GAsyncReadyCallback callback, gpointer user_data)                       \
  {                                                                                                      \
    g_return_if_fail (CRM_IS_STORE (store));                                                             \
    run_op_async (store, simple_op (KIND, id, other, text), cancellable, callback, user_data);           \
  }

#define COMMA ,

SIMPLE_OP (set_role, OP_SET_ROLE, gint64 employee_id COMMA const char *role, employee_id, 0, role)
SIMPLE_OP (set_team, OP_SET_TEAM, gint64 employee_id COMMA gint64 team_id, employee_id, team_id, NULL)
SIMPLE_OP (set_password, OP_SET_PASSWORD, gint64 employee_id COMMA const char *password, employee_id, 0, password)
SIMPLE_OP (deactivate, OP_DEACTIVATE, gint64 employee_id COMMA gint64 reassign_to, employee_id, reassign_to, NULL)
SIMPLE_OP (reactivate, OP_REACTIVATE, gint64 employee_id, employee_id, 0, NULL)
SIMPLE_OP (save_team, OP_SAVE_TEAM, gint64 team_id COMMA const char *name, team_id, 0, name)
SIMPLE_OP (remove_share, OP_REMOVE_SHARE, gint64 share_id, share_id, 0, NULL)

#undef SIMPLE_OP
#undef COMMA

static Op *
access_op (const CrmRecordType *type,
           gint64               record_id)
{
  Op *op = op_new (OP_RECORD_ACCESS);

  op->type = type;
  op->id = record_id;
  return op;
}

gint64
crm_admin_record_access_sync (CrmStore            *store,
                              const CrmRecordType *type,
                              gint64               record_id,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (type != NULL, -1);
  return run_op_sync (store, access_op (type, record_id), cancellable, error);
}

void
crm_admin_record_access_async (CrmStore            *store,
                               const CrmRecordType *type,
                               gint64               record_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL);
  run_op_async (store, access_op (type, record_id), cancellable, callback, user_data);
}

static Op *
share_op (const CrmRecordType *type,
          gint64               record_id,
          gint64               employee_id,
          gint64               team_id,
          gboolean             can_edit)
{
  Op *op = op_new (OP_ADD_SHARE);

  op->type = type;
  op->id = record_id;
  op->other = employee_id;
  op->team = team_id;
  op->flag = can_edit;
  return op;
}

gint64
crm_admin_add_share_sync (CrmStore            *store,
                          const CrmRecordType *type,
                          gint64               record_id,
                          gint64               employee_id,
                          gint64               team_id,
                          gboolean             can_edit,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (type != NULL, -1);
  g_return_val_if_fail ((employee_id != 0) != (team_id != 0), -1);
  return run_op_sync (store, share_op (type, record_id, employee_id, team_id, can_edit), cancellable, error);
}

void
crm_admin_add_share_async (CrmStore            *store,
                           const CrmRecordType *type,
                           gint64               record_id,
                           gint64               employee_id,
                           gint64               team_id,
                           gboolean             can_edit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL);
  g_return_if_fail ((employee_id != 0) != (team_id != 0));
  run_op_async (store, share_op (type, record_id, employee_id, team_id, can_edit), cancellable, callback, user_data);
}

/* ---- Modules with named editors ---- */

static Read *
editors_read_new (const CrmRecordType *type)
{
  Read *read = read_new (READ_EDITORS);

  read->type = type;
  return read;
}

GArray *
crm_admin_list_module_editors_sync (CrmStore            *store,
                                    const CrmRecordType *type,
                                    GCancellable        *cancellable,
                                    GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  return read_sync (store, editors_read_new (type), cancellable, error);
}

void
crm_admin_list_module_editors_async (CrmStore            *store,
                                     const CrmRecordType *type,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL);
  start_read (store, editors_read_new (type), crm_admin_list_module_editors_async, (GDestroyNotify) g_array_unref,
              cancellable, callback, user_data);
}

GArray *
crm_admin_list_module_editors_finish (CrmStore     *store,
                                      GAsyncResult *result,
                                      GError      **error)
{
  return finish_read (store, result, crm_admin_list_module_editors_async, error);
}

static Op *
editors_op (const CrmRecordType *type,
            const gint64        *employee_ids,
            guint                n_ids)
{
  Op *op = op_new (OP_SET_EDITORS);

  op->type = type;
  op->text = _crm_store_ids_literal (employee_ids, n_ids);
  return op;
}

gint64
crm_admin_set_module_editors_sync (CrmStore            *store,
                                   const CrmRecordType *type,
                                   const gint64        *employee_ids,
                                   guint                n_ids,
                                   GCancellable        *cancellable,
                                   GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (type != NULL, -1);
  g_return_val_if_fail (employee_ids != NULL || n_ids == 0, -1);
  return run_op_sync (store, editors_op (type, employee_ids, n_ids), cancellable, error);
}

void
crm_admin_set_module_editors_async (CrmStore            *store,
                                    const CrmRecordType *type,
                                    const gint64        *employee_ids,
                                    guint                n_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL);
  g_return_if_fail (employee_ids != NULL || n_ids == 0);
  run_op_async (store, editors_op (type, employee_ids, n_ids), cancellable, callback, user_data);
}
