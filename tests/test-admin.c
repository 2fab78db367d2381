/* test-admin.c — employees, roles, teams and shares through the store
 * (crm-admin.h; issue 4: U1, U2, B5), as an administrator's login and as
 * a manager's, whom the database refuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>

#include "crm-account.h"
#include "crm-admin.h"
#include "crm-contact.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Login roles are cluster-wide: this program's own names, dropped after
 * each test. */
static const char *const logins[] = { "adm_boss", "adm_mgr", "adm_mgr2", "adm_new", "adm_taken", "adm_old", NULL };

typedef struct
{
  CrmTestFixture db;
  CrmStore      *admin;   /* signed in as adm_boss (rapport_admin) */
  CrmStore      *manager; /* as adm_mgr (rapport_manager, team A) */
  gint64         boss, mgr, mgr2;
  gint64         team_a, team_b;
} World;

static gint64
value_int (PGconn     *conn,
           const char *sql,
           const char *param)
{
  g_autofree char *text = crm_test_db_query_value (conn, sql, param);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static CrmStore *
store_as (World      *w,
          const char *login)
{
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", w->db.conninfo, login);

  return crm_test_db_open_store (conninfo);
}

static void
world_set_up (World        *w,
              gconstpointer name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) boss = NULL;
  g_autoptr (CrmEmployee) mgr = NULL;
  g_autoptr (CrmEmployee) mgr2 = NULL;

  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  /* The schema's owner (the harness's superuser) sets the world up. */
  w->team_a = crm_admin_save_team_sync (w->db.store, 0, "Продажи, Москва", NULL, &error);
  g_assert_no_error (error);
  w->team_b = crm_admin_save_team_sync (w->db.store, 0, "  Продажи, Казань ", NULL, &error);
  g_assert_no_error (error);
  boss = crm_employee_new (0, "adm_boss", "Орлова Анна Сергеевна", CRM_ROLE_ADMIN, 0, NULL, TRUE);
  w->boss = crm_admin_add_employee_sync (w->db.store, boss, NULL, NULL, &error);
  g_assert_no_error (error);
  mgr = crm_employee_new (0, "adm_mgr", "Кузнецова Мария Олеговна", CRM_ROLE_MANAGER, w->team_a, NULL, TRUE);
  w->mgr = crm_admin_add_employee_sync (w->db.store, mgr, NULL, NULL, &error);
  g_assert_no_error (error);
  mgr2 = crm_employee_new (0, "adm_mgr2", "Волкова Елена Андреевна", CRM_ROLE_MANAGER, w->team_b, NULL, TRUE);
  w->mgr2 = crm_admin_add_employee_sync (w->db.store, mgr2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (w->boss, >, 0);
  g_assert_cmpint (w->mgr, >, w->boss);

  w->admin = store_as (w, "adm_boss");
  w->manager = store_as (w, "adm_mgr");
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_assert_finalized (w->admin);
  crm_test_assert_finalized (w->manager);
  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);
}

static CrmEmployee *
find (GPtrArray  *employees,
      const char *login)
{
  for (guint i = 0; i < employees->len; i++)
    if (g_strcmp0 (crm_employee_get_login (g_ptr_array_index (employees, i)), login) == 0)
      return g_ptr_array_index (employees, i);
  return NULL;
}

static void
test_who_am_i (World        *w,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmWhoAmI) boss = crm_admin_who_am_i_sync (w->admin, NULL, &error);
  g_autoptr (CrmWhoAmI) mgr = NULL;
  g_autoptr (CrmWhoAmI) owner = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (boss->employee_id, ==, w->boss);
  g_assert_cmpstr (boss->login, ==, "adm_boss");
  g_assert_cmpstr (boss->role, ==, "admin");
  g_assert_true (boss->is_admin);

  mgr = crm_admin_who_am_i_sync (w->manager, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mgr->employee_id, ==, w->mgr);
  g_assert_cmpstr (mgr->role, ==, "manager");
  g_assert_false (mgr->is_admin);

  /* The schema's owner is nobody's login but administers. */
  owner = crm_admin_who_am_i_sync (w->db.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (owner->employee_id, ==, 0);
  g_assert_true (owner->is_admin);
}

typedef struct
{
  GMainLoop *loop;
  gint64     value;
  GError    *error;
} Wait;

static void
on_change_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Wait *wait = user_data;

  wait->value = crm_admin_change_finish (CRM_STORE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_manage_employees (World        *w,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) new_one = NULL;
  g_autoptr (GPtrArray) employees = NULL;
  g_autoptr (GPtrArray) teams = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *verifier2 = NULL;
  g_autofree char *can_login = NULL;
  g_autofree char *id_text = NULL;
  CrmEmployee     *e;
  Wait             wait = { g_main_loop_new (NULL, FALSE), 0, NULL };
  gint64           id, moved, account;

  /* Added from the admin's own login, asynchronously, with a password. */
  new_one = crm_employee_new (0, "adm_new", "Белов Игорь Петрович", CRM_ROLE_MANAGER, w->team_a, NULL, TRUE);
  crm_employee_set_contacts (new_one, "Менеджер по продажам", "Belov@Example.RU", "8 (916) 325-87-98");
  crm_admin_add_employee_async (w->admin, new_one, "секрет-123", NULL, on_change_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  id = wait.value;
  g_assert_cmpint (id, >, w->mgr2);

  /* The server keeps a SCRAM verifier, never the password. */
  verifier = crm_test_db_query_value (w->db.conn, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", "adm_new");
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));
  g_assert_null (strstr (verifier, "секрет"));

  employees = crm_admin_list_employees_sync (w->admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (employees->len, >=, 4);
  e = find (employees, "adm_new");
  g_assert_nonnull (e);
  g_assert_cmpint (crm_employee_get_id (e), ==, id);
  g_assert_cmpstr (crm_employee_get_full_name (e), ==, "Белов Игорь Петрович");
  g_assert_cmpstr (crm_employee_get_role (e), ==, "manager");
  g_assert_cmpint (crm_employee_get_team_id (e), ==, w->team_a);
  g_assert_cmpstr (crm_employee_get_team_name (e), ==, "Продажи, Москва");
  g_assert_true (crm_employee_get_active (e));
  g_assert_cmpstr (crm_employee_get_position (e), ==, "Менеджер по продажам");
  g_assert_cmpstr (crm_employee_get_email (e), ==, "Belov@example.ru");
  g_assert_cmpstr (crm_employee_get_phone (e), ==, "+79163258798");

  /* Teams, with the names trimmed and their active members counted. */
  teams = crm_admin_list_teams_sync (w->admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (teams->len, ==, 2);
  g_assert_cmpstr (crm_team_get_name (g_ptr_array_index (teams, 0)), ==, "Продажи, Казань");
  g_assert_cmpuint (crm_team_get_n_members (g_ptr_array_index (teams, 1)), ==, 2);
  g_assert_cmpint (crm_admin_save_team_sync (w->admin, w->team_b, "Продажи, Поволжье", NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* Role, team, password. */
  g_assert_cmpint (crm_admin_set_role_sync (w->admin, id, CRM_ROLE_HEAD, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_admin_set_team_sync (w->admin, id, w->team_b, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_admin_set_password_sync (w->admin, id, "другой-пароль", NULL, &error), ==, 0);
  g_assert_no_error (error);
  verifier2 = crm_test_db_query_value (w->db.conn, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", "adm_new");
  g_assert_true (g_str_has_prefix (verifier2, "SCRAM-SHA-256$"));
  g_assert_cmpstr (verifier2, !=, verifier);
  g_clear_pointer (&employees, g_ptr_array_unref);
  employees = crm_admin_list_employees_sync (w->admin, NULL, &error);
  e = find (employees, "adm_new");
  g_assert_cmpstr (crm_employee_get_role (e), ==, "head");
  g_assert_cmpstr (crm_employee_get_team_name (e), ==, "Продажи, Поволжье");

  /* Deactivated with the records going to the manager in one step. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  account = value_int (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Ромашка»', $1::bigint) RETURNING id",
                       id_text);
  value_int (w->db.conn, "INSERT INTO rapport.contacts (last_name, owner_id) VALUES ('Ромашкин', $1::bigint) RETURNING id",
             id_text);
  crm_admin_deactivate_async (w->admin, id, w->mgr, NULL, on_change_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  moved = wait.value;
  g_assert_cmpint (moved, ==, 2);
  g_free (id_text);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, account);
  g_assert_cmpint (value_int (w->db.conn, "SELECT owner_id FROM rapport.accounts WHERE id = $1::bigint", id_text), ==, w->mgr);
  can_login = crm_test_db_query_value (w->db.conn, "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", "adm_new");
  g_assert_cmpstr (can_login, ==, "f");
  g_clear_pointer (&employees, g_ptr_array_unref);
  employees = crm_admin_list_employees_sync (w->admin, NULL, &error);
  g_assert_false (crm_employee_get_active (find (employees, "adm_new")));
  /* Active ones first. */
  g_assert_true (crm_employee_get_active (g_ptr_array_index (employees, 0)));
  g_assert_false (crm_employee_get_active (g_ptr_array_index (employees, employees->len - 1)));

  /* Records go only to someone active. */
  g_assert_cmpint (crm_admin_deactivate_sync (w->admin, w->mgr2, id, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Records can only go to an active employee");
  g_clear_error (&error);

  g_assert_cmpint (crm_admin_reactivate_sync (w->admin, id, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_free (can_login);
  can_login = crm_test_db_query_value (w->db.conn, "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", "adm_new");
  g_assert_cmpstr (can_login, ==, "t");

  g_main_loop_unref (wait.loop);
}

static void
assert_invalid (gint64      result,
                GError    **error,
                const char *message)
{
  g_assert_cmpint (result, ==, -1);
  g_assert_error (*error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_test_message ("%s", (*error)->message);
  if (message != NULL)
    g_assert_cmpstr ((*error)->message, ==, message);
  g_clear_error (error);
}

static void
test_bad_input (World        *w,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) bad_login = crm_employee_new (0, "Петров", "Петров П. П.", CRM_ROLE_MANAGER, 0, NULL, TRUE);
  g_autoptr (CrmEmployee) injected = crm_employee_new (0, "x\"; DROP ROLE adm_boss; --", "Злоумышленник", CRM_ROLE_MANAGER, 0,
                                                       NULL, TRUE);
  g_autoptr (CrmEmployee) reserved = crm_employee_new (0, "rapport_admin", "Хитрый", CRM_ROLE_ADMIN, 0, NULL, TRUE);
  g_autoptr (CrmEmployee) taken = crm_employee_new (0, "adm_mgr", "Двойник", CRM_ROLE_MANAGER, 0, NULL, TRUE);
  g_autoptr (CrmEmployee) role_exists = crm_employee_new (0, "adm_taken", "Занятый", CRM_ROLE_MANAGER, 0, NULL, TRUE);
  g_autoptr (CrmEmployee) bad_role = crm_employee_new (0, "adm_new", "Без роли", "boss", 0, NULL, TRUE);
  g_autoptr (CrmEmployee) no_name = crm_employee_new (0, "adm_new", "   ", CRM_ROLE_MANAGER, 0, NULL, TRUE);
  g_autoptr (CrmEmployee) bad_mail = crm_employee_new (0, "adm_new", "Почтовый", CRM_ROLE_MANAGER, 0, NULL, TRUE);
  g_autofree char *exists = NULL;

  assert_invalid (crm_admin_add_employee_sync (w->admin, bad_login, "x", NULL, &error), &error,
                  "The login “Петров” is not valid: use lower-case Latin letters, digits, “.”, “-” and “_”, "
                  "starting with a letter");
  assert_invalid (crm_admin_add_employee_sync (w->admin, injected, "x", NULL, &error), &error, NULL);
  assert_invalid (crm_admin_add_employee_sync (w->admin, reserved, "x", NULL, &error), &error,
                  "The login “rapport_admin” is reserved");
  assert_invalid (crm_admin_add_employee_sync (w->admin, taken, "x", NULL, &error), &error,
                  "An employee with the login “adm_mgr” already exists");
  crm_test_db_exec (w->db.conn, "CREATE ROLE adm_taken");
  assert_invalid (crm_admin_add_employee_sync (w->admin, role_exists, "x", NULL, &error), &error,
                  "A database role named “adm_taken” already exists: choose another login");
  assert_invalid (crm_admin_add_employee_sync (w->admin, bad_role, "x", NULL, &error), &error,
                  "Unknown role “boss”: use admin, head, manager or readonly");
  assert_invalid (crm_admin_add_employee_sync (w->admin, no_name, "x", NULL, &error), &error,
                  "Enter the employee’s full name");
  crm_employee_set_contacts (bad_mail, NULL, "не адрес", NULL);
  g_assert_cmpint (crm_admin_add_employee_sync (w->admin, bad_mail, "x", NULL, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* Nothing of those was made, and the injection stayed a string. */
  exists = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM pg_roles WHERE rolname IN ('adm_new', 'adm_boss')", NULL);
  g_assert_cmpstr (exists, ==, "1");

  assert_invalid (crm_admin_set_role_sync (w->admin, w->mgr, "owner", NULL, &error), &error,
                  "Unknown role “owner”: use admin, head, manager or readonly");
  assert_invalid (crm_admin_deactivate_sync (w->admin, w->boss, 0, NULL, &error), &error, "You cannot deactivate yourself");
  assert_invalid (crm_admin_save_team_sync (w->admin, 0, "Продажи, Москва", NULL, &error), &error,
                  "There is a team named “Продажи, Москва” already");
  assert_invalid (crm_admin_save_team_sync (w->admin, 0, " ", NULL, &error), &error, "Enter the team’s name");
  g_assert_cmpint (crm_admin_set_role_sync (w->admin, 999999, CRM_ROLE_HEAD, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (crm_admin_set_team_sync (w->admin, 999999, w->team_a, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
assert_refused (gint64   result,
                GError **error)
{
  g_assert_cmpint (result, ==, -1);
  g_assert_error (*error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_cmpstr ((*error)->message, ==, "Only an administrator may manage employees and teams");
  g_clear_error (error);
}

static void
test_manager_refused (World        *w,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) new_one = crm_employee_new (0, "adm_new", "Белов Игорь Петрович", CRM_ROLE_ADMIN, 0, NULL, TRUE);
  g_autoptr (GPtrArray) employees = NULL;
  g_autofree char *role = NULL;
  g_autofree char *made = NULL;

  /* Reading the directory is for everyone. */
  employees = crm_admin_list_employees_sync (w->manager, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (employees->len, ==, 3);

  assert_refused (crm_admin_add_employee_sync (w->manager, new_one, "x", NULL, &error), &error);
  assert_refused (crm_admin_set_role_sync (w->manager, w->mgr, CRM_ROLE_ADMIN, NULL, &error), &error);
  assert_refused (crm_admin_set_team_sync (w->manager, w->mgr, w->team_b, NULL, &error), &error);
  assert_refused (crm_admin_set_password_sync (w->manager, w->boss, "x", NULL, &error), &error);
  assert_refused (crm_admin_deactivate_sync (w->manager, w->boss, w->mgr, NULL, &error), &error);
  assert_refused (crm_admin_reactivate_sync (w->manager, w->mgr2, NULL, &error), &error);
  assert_refused (crm_admin_save_team_sync (w->manager, 0, "Свой отдел", NULL, &error), &error);
  assert_refused (crm_admin_save_team_sync (w->manager, w->team_a, "Захвачено", NULL, &error), &error);

  /* And nothing changed. */
  made = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM pg_roles WHERE rolname = $1", "adm_new");
  g_assert_cmpstr (made, ==, "0");
  role = crm_test_db_query_value (w->db.conn, "SELECT rapport.role_of($1)", "adm_mgr");
  g_assert_cmpstr (role, ==, "manager");
}

static void
test_shares (World        *w,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) shares = NULL;
  g_autofree char *mgr = g_strdup_printf ("%" G_GINT64_FORMAT, w->mgr);
  g_autofree char *mgr2 = g_strdup_printf ("%" G_GINT64_FORMAT, w->mgr2);
  gint64           own, foreign, share, team_share;
  CrmShare        *s;

  own = value_int (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Своё»', $1::bigint) RETURNING id", mgr);
  foreign = value_int (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Чужое»', $1::bigint) RETURNING id",
                       mgr2);

  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, own, NULL, &error), ==, CRM_RECORD_ACCESS_EDIT);
  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, foreign, NULL, &error), ==, CRM_RECORD_ACCESS_NONE);
  g_assert_cmpint (crm_admin_record_access_sync (w->admin, &crm_account_type, foreign, NULL, &error), ==, CRM_RECORD_ACCESS_EDIT);
  g_assert_no_error (error);

  /* The manager may not share what is not theirs. */
  g_assert_cmpint (crm_admin_add_share_sync (w->manager, &crm_account_type, foreign, w->mgr, 0, TRUE, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Shared to view: the manager sees it, read only. */
  share = crm_admin_add_share_sync (w->admin, &crm_account_type, foreign, w->mgr, 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (share, >, 0);
  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, foreign, NULL, &error), ==, CRM_RECORD_ACCESS_SEE);
  /* Shared again, for editing: the same share, changed. */
  g_assert_cmpint (crm_admin_add_share_sync (w->admin, &crm_account_type, foreign, w->mgr, 0, TRUE, NULL, &error), ==, share);
  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, foreign, NULL, &error), ==, CRM_RECORD_ACCESS_EDIT);
  team_share = crm_admin_add_share_sync (w->admin, &crm_account_type, foreign, 0, w->team_a, FALSE, NULL, &error);
  g_assert_no_error (error);

  shares = crm_admin_list_shares_sync (w->manager, &crm_account_type, foreign, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shares->len, ==, 2);
  s = g_ptr_array_index (shares, 0);
  g_assert_cmpint (crm_share_get_id (s), ==, share);
  g_assert_cmpstr (crm_share_get_name (s), ==, "Кузнецова Мария Олеговна");
  g_assert_cmpint (crm_share_get_employee_id (s), ==, w->mgr);
  g_assert_true (crm_share_get_can_edit (s));
  s = g_ptr_array_index (shares, 1);
  g_assert_cmpint (crm_share_get_team_id (s), ==, w->team_a);
  g_assert_cmpstr (crm_share_get_name (s), ==, "Продажи, Москва");
  g_assert_false (crm_share_get_can_edit (s));

  /* Shared for editing, the manager may share it on, and unshare. */
  g_assert_cmpint (crm_admin_remove_share_sync (w->manager, team_share, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_admin_remove_share_sync (w->admin, share, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, foreign, NULL, &error), ==, CRM_RECORD_ACCESS_NONE);
  g_clear_pointer (&shares, g_ptr_array_unref);
  shares = crm_admin_list_shares_sync (w->admin, &crm_account_type, foreign, NULL, &error);
  g_assert_cmpuint (shares->len, ==, 0);
  /* Gone already: nothing to do. */
  g_assert_cmpint (crm_admin_remove_share_sync (w->admin, share, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

/* The accounts left to the administrator alone: the manager may only see
 * their own account; given back to everyone, may change it again. */
static void
test_module_editors (World        *w,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) editors = NULL;
  g_autofree char *mgr = g_strdup_printf ("%" G_GINT64_FORMAT, w->mgr);
  gint64           own, ids[2] = { w->boss, w->mgr2 };

  own = value_int (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Своё»', $1::bigint) RETURNING id",
                   mgr);
  editors = crm_admin_list_module_editors_sync (w->manager, &crm_account_type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (editors->len, ==, 0);

  g_assert_cmpint (crm_admin_set_module_editors_sync (w->admin, &crm_account_type, ids, 2, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_clear_pointer (&editors, g_array_unref);
  editors = crm_admin_list_module_editors_sync (w->manager, &crm_account_type, NULL, &error);
  g_assert_cmpuint (editors->len, ==, 2);
  g_assert_cmpint (g_array_index (editors, gint64, 0), ==, w->boss);
  g_assert_cmpint (g_array_index (editors, gint64, 1), ==, w->mgr2);
  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, own, NULL, &error), ==, CRM_RECORD_ACCESS_SEE);
  /* Contacts are not restricted. */
  g_clear_pointer (&editors, g_array_unref);
  editors = crm_admin_list_module_editors_sync (w->manager, &crm_contact_type, NULL, &error);
  g_assert_cmpuint (editors->len, ==, 0);

  /* One fewer, in the same call; and the manager may not change the list. */
  g_assert_cmpint (crm_admin_set_module_editors_sync (w->admin, &crm_account_type, ids, 1, NULL, &error), ==, 1);
  g_clear_pointer (&editors, g_array_unref);
  editors = crm_admin_list_module_editors_sync (w->admin, &crm_account_type, NULL, &error);
  g_assert_cmpuint (editors->len, ==, 1);
  g_assert_cmpint (crm_admin_set_module_editors_sync (w->manager, &crm_account_type, NULL, 0, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_cmpint (crm_admin_set_module_editors_sync (w->admin, &crm_account_type, NULL, 0, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_admin_record_access_sync (w->manager, &crm_account_type, own, NULL, &error), ==, CRM_RECORD_ACCESS_EDIT);
}

/* An employee on record without a login (imported, say), owning an
 * account: given a login, they keep their id, sign in with the password
 * and see their own account; a manager may not give logins, nor may a
 * login be given twice or taken from someone else. */
static void
test_grant_login (World        *w,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) employees = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (CrmStore) old_store = NULL;
  g_autoptr (CrmWhoAmI) who = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *made = NULL;
  CrmEmployee     *e;
  Wait             wait = { g_main_loop_new (NULL, FALSE), 0, NULL };
  gint64           id, account;

  id = value_int (w->db.conn, "INSERT INTO rapport.employees (full_name, active) VALUES ($1, false) RETURNING id",
                  "Зайцев Олег Николаевич");
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  account = value_int (w->db.conn,
                       "INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Зайцев и партнёры»', $1::bigint) RETURNING id",
                       id_text);

  /* A manager is refused, and nothing is made. */
  assert_refused (crm_admin_grant_login_sync (w->manager, id, "adm_old", "пароль-1", CRM_ROLE_MANAGER, NULL, &error),
                  &error);
  made = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM pg_roles WHERE rolname = $1", "adm_old");
  g_assert_cmpstr (made, ==, "0");

  /* Bad and taken logins, an unknown role. */
  assert_invalid (crm_admin_grant_login_sync (w->admin, id, "Зайцев", "x", CRM_ROLE_MANAGER, NULL, &error), &error,
                  "The login “Зайцев” is not valid: use lower-case Latin letters, digits, “.”, “-” and “_”, "
                  "starting with a letter");
  assert_invalid (crm_admin_grant_login_sync (w->admin, id, "adm_mgr", "x", CRM_ROLE_MANAGER, NULL, &error), &error,
                  "An employee with the login “adm_mgr” already exists");
  crm_test_db_exec (w->db.conn, "CREATE ROLE adm_taken");
  assert_invalid (crm_admin_grant_login_sync (w->admin, id, "adm_taken", "x", CRM_ROLE_MANAGER, NULL, &error), &error,
                  "A database role named “adm_taken” already exists: choose another login");
  assert_invalid (crm_admin_grant_login_sync (w->admin, id, "adm_old", "x", "boss", NULL, &error), &error,
                  "Unknown role “boss”: use admin, head, manager or readonly");
  g_assert_cmpint (crm_admin_grant_login_sync (w->admin, 999999, "adm_old", "x", CRM_ROLE_MANAGER, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Granted, asynchronously, with a password kept as a verifier. */
  crm_admin_grant_login_async (w->admin, id, "adm_old", "пароль-1", CRM_ROLE_MANAGER, NULL, on_change_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_cmpint (wait.value, ==, 0);
  verifier = crm_test_db_query_value (w->db.conn, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", "adm_old");
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));
  g_assert_null (strstr (verifier, "пароль"));

  /* The same employee, active, with the login and the role. */
  employees = crm_admin_list_employees_sync (w->admin, NULL, &error);
  g_assert_no_error (error);
  e = find (employees, "adm_old");
  g_assert_nonnull (e);
  g_assert_cmpint (crm_employee_get_id (e), ==, id);
  g_assert_cmpstr (crm_employee_get_full_name (e), ==, "Зайцев Олег Николаевич");
  g_assert_cmpstr (crm_employee_get_role (e), ==, "manager");
  g_assert_true (crm_employee_get_active (e));
  g_assert_cmpint (value_int (w->db.conn, "SELECT count(*) FROM rapport.employees WHERE full_name = $1",
                              "Зайцев Олег Николаевич"),
                   ==, 1);

  /* Signed in as the new login (with the password): their own account. */
  conninfo = g_strdup_printf ("%s user=adm_old password=пароль-1", w->db.conninfo);
  old_store = crm_test_db_open_store (conninfo);
  who = crm_admin_who_am_i_sync (old_store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (who->employee_id, ==, id);
  g_assert_cmpstr (who->role, ==, "manager");
  g_assert_cmpint (crm_admin_record_access_sync (old_store, &crm_account_type, account, NULL, &error), ==,
                   CRM_RECORD_ACCESS_EDIT);
  g_assert_no_error (error);

  /* Only once. */
  assert_invalid (crm_admin_grant_login_sync (w->admin, id, "adm_new", NULL, CRM_ROLE_MANAGER, NULL, &error), &error,
                  "This employee has a login already");

  g_clear_object (&old_store);
  g_main_loop_unref (wait.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add ("/admin/who-am-i", World, "admin_who", world_set_up, test_who_am_i, world_tear_down);
  g_test_add ("/admin/manage-employees", World, "admin_manage", world_set_up, test_manage_employees, world_tear_down);
  g_test_add ("/admin/bad-input", World, "admin_bad", world_set_up, test_bad_input, world_tear_down);
  g_test_add ("/admin/manager-refused", World, "admin_refused", world_set_up, test_manager_refused, world_tear_down);
  g_test_add ("/admin/shares", World, "admin_shares", world_set_up, test_shares, world_tear_down);
  g_test_add ("/admin/grant-login", World, "admin_grant", world_set_up, test_grant_login, world_tear_down);
  g_test_add ("/admin/module-editors", World, "admin_modules", world_set_up, test_module_editors, world_tear_down);

  return g_test_run ();
}
