/* test-security.c — the database is the security boundary (issue 4: U1,
 * U2, U4, B5): each role, on its own login connection, sees and changes
 * exactly what data/sql/0006-security.sql allows
 *
 * Every check runs on a connection signed in as the employee's own login
 * role (the harness trusts its socket, so no passwords), the way psql
 * would: nothing here relies on Rapport's UI or store to hide anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>

#include <glib/gstdio.h>

#include "crm-account.h"
#include "crm-importer.h"
#include "crm-query.h"
#include "crm-store.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Login roles are cluster-wide: these names are this program's own, and
 * are dropped after each test. */
static const char *const logins[] = {
  "sec_admin",
  "sec_head_a",
  "sec_mgr_a1",
  "sec_mgr_a2",
  "sec_mgr_b",
  "sec_ro",
  "sec_new",
  NULL,
};

typedef struct
{
  CrmTestFixture db;
  /* employees */
  char          *admin, *head_a, *mgr_a1, *mgr_a2, *mgr_b, *ro;
  char          *team_a, *team_b;
  /* accounts */
  char          *a1, *a2, *b, *none, *shared, *shared_edit;
} World;

static char *
add_account (World      *w,
             const char *name,
             const char *owner,
             const char *revenue)
{
  const char *params[3] = { name, owner, revenue };
  PGresult   *res;
  char       *id;

  res = PQexecParams (w->db.conn,
                      "INSERT INTO rapport.accounts (name, owner_id, annual_revenue, phone)"
                      " VALUES ($1, $2::bigint, $3::bigint, '+74951234567') RETURNING id",
                      3, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return id;
}

static void
add_contact (World      *w,
             const char *last_name,
             const char *account,
             const char *owner)
{
  const char *params[3] = { last_name, account, owner };
  PGresult   *res;

  res = PQexecParams (w->db.conn,
                      "INSERT INTO rapport.contacts (last_name, first_name, account_id, owner_id)"
                      " VALUES ($1, 'Иван', $2::bigint, $3::bigint)",
                      3, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  PQclear (res);
}

static void
share (World      *w,
       const char *account,
       const char *employee,
       const char *team,
       gboolean    can_edit)
{
  const char *params[4] = { account, employee, team, can_edit ? "true" : "false" };
  PGresult   *res;

  res = PQexecParams (w->db.conn,
                      "INSERT INTO rapport.record_shares (table_name, record_id, employee_id, team_id, can_edit)"
                      " VALUES ('accounts', $1::bigint, $2::bigint, $3::bigint, $4::boolean)",
                      4, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  PQclear (res);
}

/* Two teams, six employees (one of each role, three managers), six
 * accounts with a contact each: owned in each team, by nobody, and two
 * of the other team's shared with team A (one to see, one to edit). */
static void
world_set_up (World        *w,
              gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  w->team_a = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Продажи, Москва");
  w->team_b = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id",
                                       "Продажи, Санкт-Петербург");

  w->admin = crm_test_db_add_employee (w->db.conn, "sec_admin", "Орлова Анна Сергеевна", "admin", NULL);
  w->head_a = crm_test_db_add_employee (w->db.conn, "sec_head_a", "Белов Игорь Петрович", "head", w->team_a);
  w->mgr_a1 = crm_test_db_add_employee (w->db.conn, "sec_mgr_a1", "Кузнецова Мария Олеговна", "manager", w->team_a);
  w->mgr_a2 = crm_test_db_add_employee (w->db.conn, "sec_mgr_a2", "Смирнов Алексей Иванович", "manager", w->team_a);
  w->mgr_b = crm_test_db_add_employee (w->db.conn, "sec_mgr_b", "Волкова Елена Андреевна", "manager", w->team_b);
  w->ro = crm_test_db_add_employee (w->db.conn, "sec_ro", "Зайцев Олег Викторович", "readonly", NULL);

  w->a1 = add_account (w, "ООО «Альфа-Опт»", w->mgr_a1, "125000000");
  w->a2 = add_account (w, "АО «Волга-Сервис»", w->mgr_a2, NULL);
  w->b = add_account (w, "ООО «Балтика Трейд»", w->mgr_b, "98000000");
  w->none = add_account (w, "ИП Сидоров П. П.", NULL, NULL);
  w->shared = add_account (w, "ООО «Северный ветер»", w->mgr_b, NULL);
  w->shared_edit = add_account (w, "ЗАО «Нева-Логистик»", w->mgr_b, NULL);
  share (w, w->shared, w->mgr_a1, NULL, FALSE);
  share (w, w->shared_edit, NULL, w->team_a, TRUE);

  add_contact (w, "Альфин", w->a1, w->mgr_a1);
  add_contact (w, "Волгин", w->a2, w->mgr_a2);
  add_contact (w, "Балтийский", w->b, w->mgr_b);
  add_contact (w, "Ничейный", w->none, NULL);
  add_contact (w, "Северов", w->shared, w->mgr_b);
  add_contact (w, "Невский", w->shared_edit, w->mgr_b);
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);

  g_free (w->admin);
  g_free (w->head_a);
  g_free (w->mgr_a1);
  g_free (w->mgr_a2);
  g_free (w->mgr_b);
  g_free (w->ro);
  g_free (w->team_a);
  g_free (w->team_b);
  g_free (w->a1);
  g_free (w->a2);
  g_free (w->b);
  g_free (w->none);
  g_free (w->shared);
  g_free (w->shared_edit);
}

static char *
conninfo_as (World      *w,
             const char *login)
{
  return g_strdup_printf ("%s user=%s", w->db.conninfo, login);
}

/* The values of the first column, joined with "|". */
static char *
column (PGconn     *conn,
        const char *sql)
{
  g_autoptr (GString) out = g_string_new (NULL);
  PGresult *res = PQexec (conn, sql);

  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  for (int i = 0; i < PQntuples (res); i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, PQgetvalue (res, i, 0));
    }
  PQclear (res);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ALL_ACCOUNTS "АО «Волга-Сервис»|ЗАО «Нева-Логистик»|ИП Сидоров П. П.|ООО «Альфа-Опт»|ООО «Балтика Трейд»|ООО «Северный ветер»"
#define ALL_CONTACTS "Альфин|Балтийский|Волгин|Невский|Ничейный|Северов"

static void
assert_sees (World      *w,
             const char *login,
             const char *accounts,
             const char *contacts)
{
  g_autoptr (PGconn) conn = crm_test_db_connect_as (w->db.conninfo, login);
  g_autofree char *seen_accounts = column (conn, "SELECT name FROM rapport.accounts ORDER BY name COLLATE \"C\"");
  g_autofree char *seen_contacts = column (conn, "SELECT last_name FROM rapport.contacts ORDER BY last_name COLLATE \"C\"");
  g_autofree char *employees = column (conn, "SELECT count(*) FROM rapport.employees");
  g_autofree char *teams = column (conn, "SELECT count(*) FROM rapport.teams");

  g_test_message ("%s sees %s", login, seen_accounts);
  g_assert_cmpstr (seen_accounts, ==, accounts);
  g_assert_cmpstr (seen_contacts, ==, contacts);
  /* Everyone sees their colleagues and the teams. */
  g_assert_cmpstr (employees, ==, "6");
  g_assert_cmpstr (teams, ==, "2");
}

static void
test_visibility (World        *w,
                 gconstpointer data)
{
  g_autoptr (PGconn) mgr = NULL;
  g_autofree char *foreign = NULL;

  assert_sees (w, "sec_admin", ALL_ACCOUNTS, ALL_CONTACTS);
  assert_sees (w, "sec_head_a", ALL_ACCOUNTS, ALL_CONTACTS);
  assert_sees (w, "sec_ro", ALL_ACCOUNTS, ALL_CONTACTS);
  /* Own, the team's, nobody's and what is shared with them: not team B's.
   * A share is one record's: the shared accounts' contacts stay team B's. */
  assert_sees (w, "sec_mgr_a1",
               "АО «Волга-Сервис»|ЗАО «Нева-Логистик»|ИП Сидоров П. П.|ООО «Альфа-Опт»|ООО «Северный ветер»",
               "Альфин|Волгин|Ничейный");
  /* «Северный ветер» is shared with Kuznetsova alone, not her team. */
  assert_sees (w, "sec_mgr_a2",
               "АО «Волга-Сервис»|ЗАО «Нева-Логистик»|ИП Сидоров П. П.|ООО «Альфа-Опт»",
               "Альфин|Волгин|Ничейный");
  assert_sees (w, "sec_mgr_b",
               "ЗАО «Нева-Логистик»|ИП Сидоров П. П.|ООО «Балтика Трейд»|ООО «Северный ветер»",
               "Балтийский|Невский|Ничейный|Северов");

  /* A raw query for another team's account by its id: nothing, not an
   * error that would tell it exists. */
  mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  foreign = crm_test_db_query_value (mgr, "SELECT count(*) FROM rapport.accounts WHERE id = $1::bigint", w->b);
  g_assert_cmpstr (foreign, ==, "0");
}

static void
test_changes (World        *w,
              gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "sec_head_a");
  g_autoptr (PGconn) ro = crm_test_db_connect_as (w->db.conninfo, "sec_ro");
  g_autofree char *insert_foreign = g_strdup_printf ("INSERT INTO rapport.accounts (name, owner_id)"
                                                     " VALUES ('ООО «Чужое»', %s)",
                                                     w->mgr_b);
  g_autofree char *insert_own = g_strdup_printf ("INSERT INTO rapport.accounts (name, owner_id)"
                                                 " VALUES ('ООО «Своё»', %s)",
                                                 w->mgr_a1);
  g_autofree char *give_away = g_strdup_printf ("UPDATE rapport.accounts SET owner_id = %s WHERE id = $1::bigint",
                                                w->mgr_b);
  g_autofree char *actor = NULL;
  g_autofree char *audit_actor = NULL;

  const char      *comment = "UPDATE rapport.accounts SET comments = 'проверка' WHERE id = $1::bigint";

  /* A manager: own and team's and shared-for-editing yes; shared to see,
   * the other team's no (the rows are not there for it). */
  g_assert_cmpint (crm_test_db_changed (mgr, comment, w->a1), ==, 1);
  g_assert_cmpint (crm_test_db_changed (mgr, comment, w->a2), ==, 1);
  g_assert_cmpint (crm_test_db_changed (mgr, comment, w->none), ==, 1);
  g_assert_cmpint (crm_test_db_changed (mgr, comment, w->shared_edit), ==, 1);
  g_assert_cmpint (crm_test_db_changed (mgr, comment, w->shared), ==, 0);
  g_assert_cmpint (crm_test_db_changed (mgr, comment, w->b), ==, 0);
  g_assert_cmpint (crm_test_db_changed (mgr, "DELETE FROM rapport.accounts WHERE id = $1::bigint", w->b), ==, 0);
  /* Creating a record for someone of another team, or giving one away. */
  crm_test_db_refused (mgr, insert_foreign, NULL, "42501");
  g_assert_cmpint (crm_test_db_changed (mgr, insert_own, NULL), ==, 1);
  crm_test_db_refused (mgr, give_away, w->a1, "42501");
  /* The stamps cannot be forged. */
  crm_test_db_refused (mgr, "UPDATE rapport.accounts SET created_by = 'sec_admin' WHERE id = $1::bigint", w->a1, "42501");

  /* Who did it is the login itself. */
  actor = crm_test_db_query_value (w->db.conn, "SELECT updated_by FROM rapport.accounts WHERE id = $1::bigint", w->a1);
  g_assert_cmpstr (actor, ==, "sec_mgr_a1");
  audit_actor = crm_test_db_query_value (w->db.conn,
                                         "SELECT actor FROM rapport.audit_log WHERE table_name = 'accounts'"
                                         " AND record_id = $1::bigint ORDER BY id DESC LIMIT 1",
                                         w->a1);
  g_assert_cmpstr (audit_actor, ==, "sec_mgr_a1");

  /* A head changes the team's records and may hand them to anyone, but
   * not the other team's. */
  g_assert_cmpint (crm_test_db_changed (head, comment, w->a2), ==, 1);
  g_assert_cmpint (crm_test_db_changed (head, comment, w->b), ==, 0);
  g_assert_cmpint (crm_test_db_changed (head, give_away, w->a2), ==, 1);

  /* Read-only: sees, changes nothing. */
  crm_test_db_refused (ro, comment, w->none, "42501");
  crm_test_db_refused (ro, "INSERT INTO rapport.accounts (name) VALUES ('ООО «Новое»')", NULL, "42501");
  crm_test_db_refused (ro, "DELETE FROM rapport.accounts WHERE id = $1::bigint", w->none, "42501");

  /* Directories: only admins change them. */
  crm_test_db_refused (mgr, "INSERT INTO rapport.teams (name) VALUES ('Свой отдел')", NULL, "42501");
  crm_test_db_refused (mgr, "UPDATE rapport.employees SET full_name = 'Хакер' WHERE id = $1::bigint", w->admin, "42501");
}

static void
test_money (World        *w,
            gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) ro = crm_test_db_connect_as (w->db.conninfo, "sec_ro");
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "sec_head_a");
  g_autofree char *revenue = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *money = NULL;

  /* Withheld from managers and read-only users, whatever they ask. */
  crm_test_db_refused (mgr, "SELECT annual_revenue FROM rapport.accounts", NULL, "42501");
  crm_test_db_refused (mgr, "SELECT * FROM rapport.accounts", NULL, "42501");
  crm_test_db_refused (mgr, "SELECT sum(annual_revenue) FROM rapport.accounts", NULL, "42501");
  crm_test_db_refused (ro, "SELECT to_jsonb(a) FROM rapport.accounts a", NULL, "42501");
  crm_test_db_refused (mgr, "UPDATE rapport.accounts SET annual_revenue = 1 WHERE id = $1::bigint", w->a1, "42501");
  /* The rest of the row is theirs. */
  g_assert_cmpint (crm_test_db_changed (mgr, "UPDATE rapport.accounts SET phone = '+74957654321' WHERE id = $1::bigint", w->a1),
                   ==, 1);

  revenue = crm_test_db_query_value (head, "SELECT annual_revenue FROM rapport.accounts WHERE id = $1::bigint", w->a1);
  g_assert_cmpstr (revenue, ==, "125000000");
  g_assert_cmpint (crm_test_db_changed (head,
                                        "UPDATE rapport.accounts SET annual_revenue = 130000000, comments = 'рост'"
                                        " WHERE id = $1::bigint",
                                        w->a1),
                   ==, 1);

  /* The audit trail of that change: the manager reads the comment's old
   * and new value but not the revenue's; the head reads both. */
  fields = crm_test_db_query_value (mgr,
                                    "SELECT fields::text FROM rapport.audit_log WHERE table_name = 'accounts'"
                                    " AND record_id = $1::bigint AND actor = 'sec_head_a' ORDER BY id DESC LIMIT 1",
                                    w->a1);
  g_assert_nonnull (fields);
  g_assert_nonnull (strstr (fields, "рост"));
  g_assert_null (strstr (fields, "annual_revenue"));
  g_assert_null (strstr (fields, "130000000"));
  crm_test_db_refused (mgr, "SELECT money_fields FROM rapport.audit_log", NULL, "42501");
  money = crm_test_db_query_value (head,
                                   "SELECT money_fields::text FROM rapport.audit_log WHERE table_name = 'accounts'"
                                   " AND record_id = $1::bigint AND actor = 'sec_head_a' ORDER BY id DESC LIMIT 1",
                                   w->a1);
  g_assert_cmpstr (money, ==, "{\"annual_revenue\": {\"new\": 130000000, \"old\": 125000000}}");
}

/* Through the store, as the UI reads and saves: the withheld field is
 * marked, shown as hidden and never written. */
static void
test_money_in_store (World        *w,
                     gconstpointer data)
{
  g_autofree char *mgr_info = conninfo_as (w, "sec_mgr_a1");
  g_autofree char *head_info = conninfo_as (w, "sec_head_a");
  g_autoptr (CrmStore) mgr = crm_test_db_open_store (mgr_info);
  g_autoptr (CrmStore) head = crm_test_db_open_store (head_info);
  g_autoptr (CrmRecord) record = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) as_head = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *revenue = NULL;

  record = crm_store_get_sync (mgr, &crm_account_type, g_ascii_strtoll (w->a1, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crm_record_is_withheld (record, "annual_revenue"));
  g_assert_false (crm_record_is_withheld (record, "phone"));
  shown = crm_record_dup_display (record, "annual_revenue");
  g_assert_cmpstr (shown, ==, "Hidden");

  crm_record_set_string (record, "comments", "Звонить после 15:00");
  saved = crm_store_save_sync (mgr, record, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crm_record_is_withheld (saved, "annual_revenue"));
  revenue = crm_test_db_query_value (w->db.conn, "SELECT annual_revenue FROM rapport.accounts WHERE id = $1::bigint", w->a1);
  g_assert_cmpstr (revenue, ==, "125000000");

  as_head = crm_store_get_sync (head, &crm_account_type, g_ascii_strtoll (w->a1, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crm_record_is_withheld (as_head, "annual_revenue"));
  g_assert_cmpint (crm_record_get_int (as_head, "annual_revenue"), ==, 125000000);
  g_assert_cmpstr (crm_record_get_string (as_head, "comments"), ==, "Звонить после 15:00");

  g_clear_object (&record);
  g_clear_object (&saved);
  g_clear_object (&as_head);
  crm_test_assert_finalized (g_steal_pointer (&mgr));
  crm_test_assert_finalized (g_steal_pointer (&head));
}

/* What the store says when the database keeps a change from happening. */
static void
test_store_refusals (World        *w,
                     gconstpointer data)
{
  g_autofree char *mgr_info = conninfo_as (w, "sec_mgr_a1");
  g_autofree char *ro_info = conninfo_as (w, "sec_ro");
  g_autoptr (CrmStore) mgr = crm_test_db_open_store (mgr_info);
  g_autoptr (CrmStore) ro = crm_test_db_open_store (ro_info);
  g_autoptr (CrmRecord) shared = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) none = NULL;
  g_autoptr (CrmRecord) fresh = NULL;
  g_autoptr (CrmRecord) hidden = NULL;
  g_autoptr (GError) error = NULL;

  /* Shared with her to see: the save is refused, and says why. */
  shared = crm_store_get_sync (mgr, &crm_account_type, g_ascii_strtoll (w->shared, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (shared, "comments", "правка");
  saved = crm_store_save_sync (mgr, shared, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "You may not change this record");
  g_assert_null (saved);
  g_clear_error (&error);
  g_assert_false (crm_store_delete_sync (mgr, shared, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* The other team's account is not there for her at all. */
  hidden = crm_store_get_sync (mgr, &crm_account_type, g_ascii_strtoll (w->b, NULL, 10), NULL, &error);
  g_assert_null (hidden);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Read-only: any save is refused by the database. */
  none = crm_store_get_sync (ro, &crm_account_type, g_ascii_strtoll (w->none, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (none, "comments", "правка");
  saved = crm_store_save_sync (ro, none, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  fresh = CRM_RECORD (crm_account_new ());
  crm_record_set_string (fresh, "name", "ООО «Новое»");
  saved = crm_store_save_sync (ro, fresh, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_null (saved);

  g_clear_object (&shared);
  g_clear_object (&none);
  g_clear_object (&fresh);
  crm_test_assert_finalized (g_steal_pointer (&mgr));
  crm_test_assert_finalized (g_steal_pointer (&ro));
}

static void
test_audit (World        *w,
            gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) admin = crm_test_db_connect_as (w->db.conninfo, "sec_admin");
  g_autofree char *own = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *foreign_admin = NULL;

  own = crm_test_db_query_value (mgr, "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1::bigint",
                                 w->a1);
  g_assert_cmpstr (own, ==, "1");
  foreign = crm_test_db_query_value (mgr,
                                     "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1::bigint",
                                     w->b);
  g_assert_cmpstr (foreign, ==, "0");
  foreign_admin = crm_test_db_query_value (admin,
                                           "SELECT count(*) FROM rapport.audit_log WHERE table_name = 'accounts'"
                                           " AND record_id = $1::bigint",
                                           w->b);
  g_assert_cmpstr (foreign_admin, ==, "1");

  /* Nobody writes the trail by hand, not even an admin. */
  crm_test_db_refused (admin, "INSERT INTO rapport.audit_log (table_name, record_id, op, version) VALUES ('accounts', 1, 'D', 1)",
                       NULL, "42501");
  crm_test_db_refused (mgr, "DELETE FROM rapport.audit_log", NULL, "42501");
  crm_test_db_refused (mgr, "INSERT INTO rapport.changes (table_name, record_id, op, version) VALUES ('accounts', 1, 'D', 1)",
                       NULL, "42501");
}

static void
test_administration (World        *w,
                     gconstpointer data)
{
  g_autoptr (PGconn) admin = crm_test_db_connect_as (w->db.conninfo, "sec_admin");
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) newcomer = NULL;
  g_autoptr (PGconn) gone = NULL;
  g_autofree char *add = g_strdup_printf ("SELECT rapport.employee_add('sec_new', NULL, 'Новикова Ольга Павловна',"
                                          " 'manager', %s)",
                                          w->team_a);
  g_autofree char *new_id = NULL;
  g_autofree char *role = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *deactivate = g_strdup_printf ("SELECT rapport.employee_deactivate(%s, %s)", w->mgr_a2, w->mgr_a1);
  g_autofree char *gone_info = conninfo_as (w, "sec_mgr_a2");
  g_autofree char *moved = NULL;

  /* Only admins add people, and only through the function. */
  crm_test_db_refused (mgr, add, NULL, "42501");
  crm_test_db_refused (mgr, "CREATE ROLE sec_intruder LOGIN", NULL, "42501");

  new_id = column (admin, add);
  role = crm_test_db_query_value (admin, "SELECT role FROM rapport.employee_roles WHERE id = $1::bigint", new_id);
  g_assert_cmpstr (role, ==, "manager");
  newcomer = crm_test_db_connect_as (w->db.conninfo, "sec_new");
  seen = column (newcomer, "SELECT name FROM rapport.accounts WHERE owner_id IS NOT NULL ORDER BY name COLLATE \"C\"");
  g_assert_cmpstr (seen, ==, "АО «Волга-Сервис»|ЗАО «Нева-Логистик»|ООО «Альфа-Опт»");

  /* Demoted to read-only, the same person changes nothing. */
  column (admin, "SELECT rapport.employee_set_role((SELECT id FROM rapport.employees WHERE login = 'sec_new'),"
                 " 'readonly')");
  g_clear_pointer (&role, g_free);
  role = crm_test_db_query_value (admin, "SELECT role FROM rapport.employee_roles WHERE id = $1::bigint", new_id);
  g_assert_cmpstr (role, ==, "readonly");
  crm_test_db_refused (newcomer, "UPDATE rapport.accounts SET comments = 'x' WHERE id = $1::bigint", w->a1, "42501");
  crm_test_db_refused (admin, "SELECT rapport.employee_set_role($1::bigint, 'boss')", new_id, "22023");

  /* Deactivated: the records go to a colleague in one step, the login
   * stops working, the history stays. */
  moved = column (admin, deactivate);
  g_assert_cmpstr (moved, ==, "2"); /* the account and the contact */
  owner = crm_test_db_query_value (w->db.conn, "SELECT owner_id FROM rapport.accounts WHERE id = $1::bigint", w->a2);
  g_assert_cmpstr (owner, ==, w->mgr_a1);
  gone = PQconnectdb (gone_info);
  g_assert_cmpint (PQstatus (gone), ==, CONNECTION_BAD);
  g_assert_nonnull (strstr (PQerrorMessage (gone), "not permitted to log in"));
  g_clear_pointer (&role, g_free);
  role = crm_test_db_query_value (w->db.conn, "SELECT active::text FROM rapport.employees WHERE id = $1::bigint", w->mgr_a2);
  g_assert_cmpstr (role, ==, "false");
  crm_test_db_refused (admin, "SELECT rapport.employee_deactivate((SELECT id FROM rapport.employees WHERE login = 'sec_admin'))",
                       NULL, "22023");
}

static void
test_module_editors (World        *w,
                     gconstpointer data)
{
  g_autoptr (PGconn) admin = crm_test_db_connect_as (w->db.conninfo, "sec_admin");
  g_autoptr (PGconn) mgr1 = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) mgr2 = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a2");
  const char *comment = "UPDATE rapport.accounts SET comments = 'каталог' WHERE id = $1::bigint";

  /* Only Smirnov edits accounts now; the others still see them. */
  g_assert_cmpint (crm_test_db_changed (admin, "INSERT INTO rapport.module_editors VALUES ('accounts', $1::bigint)", w->mgr_a2),
                   ==, 1);
  g_assert_cmpint (crm_test_db_changed (mgr1, comment, w->a1), ==, 0);
  crm_test_db_refused (mgr1, "INSERT INTO rapport.accounts (name) VALUES ('ООО «Новое»')", NULL, "42501");
  g_assert_cmpint (crm_test_db_changed (mgr2, comment, w->a1), ==, 1);
  g_assert_cmpint (crm_test_db_changed (admin, comment, w->b), ==, 1);
  /* Contacts are not restricted. */
  g_assert_cmpint (crm_test_db_changed (mgr1, "UPDATE rapport.contacts SET comments = 'x' WHERE last_name = 'Альфин'", NULL), ==, 1);
  crm_test_db_refused (mgr2, "DELETE FROM rapport.module_editors", NULL, "42501");
}

static void
test_sharing (World        *w,
              gconstpointer data)
{
  g_autoptr (PGconn) mgr_b = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_b");
  g_autoptr (PGconn) mgr_a1 = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) mgr_a2 = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a2");
  g_autofree char *share_b = g_strdup_printf ("INSERT INTO rapport.record_shares (table_name, record_id, employee_id)"
                                              " VALUES ('accounts', $1::bigint, %s)",
                                              w->mgr_a2);
  g_autofree char *seen = NULL;

  /* The owner shares; the colleague then sees it (to see, not to edit). */
  g_assert_cmpint (crm_test_db_changed (mgr_b, share_b, w->b), ==, 1);
  seen = crm_test_db_query_value (mgr_a2, "SELECT name FROM rapport.accounts WHERE id = $1::bigint", w->b);
  g_assert_cmpstr (seen, ==, "ООО «Балтика Трейд»");
  g_assert_cmpint (crm_test_db_changed (mgr_a2, "UPDATE rapport.accounts SET comments = 'x' WHERE id = $1::bigint", w->b), ==, 0);

  /* Sharing what one may only see, or not see at all, is refused. */
  crm_test_db_refused (mgr_a1, share_b, w->shared, "42501");
  crm_test_db_refused (mgr_a1, "INSERT INTO rapport.record_shares (table_name, record_id, team_id) VALUES ('accounts', $1::bigint, 1)",
                       w->b, "42501");
  /* Nor can one unshare what someone else shared with oneself. */
  g_assert_cmpint (crm_test_db_changed (mgr_a1, "DELETE FROM rapport.record_shares WHERE record_id = $1::bigint", w->shared), ==, 0);
}

static void
test_merge_rights (World        *w,
                   gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autofree char *merge_shared = g_strdup_printf ("SELECT rapport.merge_record('accounts', %s, $1::bigint)", w->a1);
  g_autofree char *left = NULL;

  crm_test_db_refused (mgr, merge_shared, w->shared, "42501");
  crm_test_db_refused (mgr, merge_shared, w->b, "42501");
  crm_test_db_refused (mgr, "SELECT rapport.merge_record_unchecked('accounts', 1, 2)", NULL, "42501");
  /* Two records she may change: merged, and the contact moved along. */
  column (mgr, "BEGIN");
  g_assert_cmpint (crm_test_db_changed (mgr, merge_shared, w->a2), ==, 1);
  column (mgr, "COMMIT");
  left = crm_test_db_query_value (w->db.conn, "SELECT account_id FROM rapport.contacts WHERE last_name = $1", "Волгин");
  g_assert_cmpstr (left, ==, w->a1);
}

/* Injection attempts are text like any other. */
static void
test_injection (World        *w,
                gconstpointer data)
{
  g_autofree char *mgr_info = conninfo_as (w, "sec_mgr_a1");
  g_autoptr (CrmStore) store = crm_test_db_open_store (mgr_info);
  g_autoptr (CrmRecord) record = CRM_RECORD (crm_account_new ());
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *id = NULL;
  const char      *evil = "Robert'); DROP TABLE rapport.accounts; --";

  crm_record_set_string (record, "name", evil);
  crm_record_set_int (record, "owner_id", g_ascii_strtoll (w->mgr_a1, NULL, 10));
  saved = crm_store_save_sync (store, record, NULL, &error);
  g_assert_no_error (error);
  id = crm_record_dup_text (saved, "id");
  name = crm_test_db_query_value (w->db.conn, "SELECT name FROM rapport.accounts WHERE id = $1::bigint", id);
  g_assert_cmpstr (name, ==, evil);

  crm_query_set_search (query, "'); DROP TABLE rapport.accounts; --");
  ids = crm_store_list_ids_sync (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  crm_query_set_search (query, "' OR 1=1 --");
  ids = crm_store_list_ids_sync (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);

  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.accounts", NULL);
  g_assert_cmpstr (count, ==, "7");

  g_clear_object (&record);
  g_clear_object (&saved);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* A manager imports over an account whose revenue she may not read, and
 * undoes it: both work, and the revenue is never touched. */
static void
test_import_as_manager (World        *w,
                        gconstpointer data)
{
  g_autofree char *mgr_info = conninfo_as (w, "sec_mgr_a1");
  g_autoptr (CrmStore) store = crm_test_db_open_store (mgr_info);
  g_autofree char *dir = g_dir_make_tmp ("rapport-security-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.csv", NULL);
  g_autofree char *rejects_path = g_build_filename (dir, "rejects.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) rejects = g_file_new_for_path (rejects_path);
  g_autoptr (CrmImporter) importer = NULL;
  g_autoptr (GError) error = NULL;
  CrmImportUndoCounts undo = { 0 };
  gint64              batch;
  const char         *csv = "Наименование;ИНН;Телефон\nООО «Альфа-Опт»;7707083893;+7 (495) 111-22-33\n";
  g_autofree char    *phone = NULL;
  g_autofree char    *revenue = NULL;
  g_autofree char    *actor = NULL;

  crm_test_db_exec (w->db.conn, "UPDATE rapport.accounts SET inn = '7707083893' WHERE name = 'ООО «Альфа-Опт»'");
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  importer = crm_importer_new (store, &crm_account_type, file, NULL, &error);
  g_assert_no_error (error);
  crm_importer_set_rejects_file (importer, rejects);
  crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_UPDATE);
  g_assert_true (crm_importer_run_sync (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (crm_importer_get_counts (importer)->n_updated, ==, 1);
  batch = crm_importer_get_counts (importer)->batch_id;

  phone = crm_test_db_query_value (w->db.conn, "SELECT phone FROM rapport.accounts WHERE id = $1::bigint", w->a1);
  g_assert_cmpstr (phone, ==, "+74951112233");
  actor = crm_test_db_query_value (w->db.conn, "SELECT actor FROM rapport.import_batches ORDER BY id DESC LIMIT 1", NULL);
  g_assert_cmpstr (actor, ==, "sec_mgr_a1");

  g_assert_true (crm_importer_undo_sync (store, batch, &undo, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (undo.n_restored, ==, 1);
  g_clear_pointer (&phone, g_free);
  phone = crm_test_db_query_value (w->db.conn, "SELECT phone FROM rapport.accounts WHERE id = $1::bigint", w->a1);
  g_assert_cmpstr (phone, ==, "+74951234567");
  revenue = crm_test_db_query_value (w->db.conn, "SELECT annual_revenue FROM rapport.accounts WHERE id = $1::bigint", w->a1);
  g_assert_cmpstr (revenue, ==, "125000000");

  g_clear_object (&importer);
  g_unlink (path);
  g_unlink (rejects_path);
  g_rmdir (dir);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* An employee already on record (owning records) gets a login: the same
 * employee, so the records are theirs when they sign in. */
static void
test_grant_login (World        *w,
                  gconstpointer data)
{
  g_autoptr (PGconn) admin = crm_test_db_connect_as (w->db.conninfo, "sec_admin");
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) newcomer = NULL;
  g_autofree char *employee = crm_test_db_query_value (w->db.conn,
                                                       "INSERT INTO rapport.employees (full_name) VALUES ($1) RETURNING id",
                                                       "Новикова Ольга Павловна");
  g_autofree char *owned = g_strdup_printf ("INSERT INTO rapport.accounts (name, owner_id)"
                                            " VALUES ('ООО «Новиковъ и партнёры»', %s)",
                                            employee);
  g_autofree char *grant = g_strdup_printf ("SELECT rapport.employee_grant_login(%s, 'sec_new', NULL, 'manager')",
                                            employee);
  g_autofree char *seen = NULL;
  g_autofree char *me = NULL;
  g_autofree char *role = NULL;

  crm_test_db_exec (w->db.conn, owned);
  crm_test_db_refused (mgr, grant, NULL, "42501");
  column (admin, grant);
  role = crm_test_db_query_value (admin, "SELECT role FROM rapport.employee_roles WHERE id = $1::bigint", employee);
  g_assert_cmpstr (role, ==, "manager");

  newcomer = crm_test_db_connect_as (w->db.conninfo, "sec_new");
  me = column (newcomer, "SELECT rapport.current_employee()");
  g_assert_cmpstr (me, ==, employee);
  seen = column (newcomer, "SELECT name FROM rapport.accounts WHERE owner_id IS NOT NULL");
  g_assert_cmpstr (seen, ==, "ООО «Новиковъ и партнёры»");

  /* Once is enough; and a login is one person's. */
  crm_test_db_refused (admin, grant, NULL, "22023");
  crm_test_db_refused (admin, "SELECT rapport.employee_grant_login($1::bigint, 'sec_mgr_b', NULL, 'manager')", w->mgr_a1,
                       "22023");
}

/* The change feed carries no values, but which record changed when and by
 * whom is still for those who may see the record. */
static void
test_change_feed (World        *w,
                  gconstpointer data)
{
  g_autoptr (PGconn) mgr_a1 = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_a1");
  g_autoptr (PGconn) mgr_b = crm_test_db_connect_as (w->db.conninfo, "sec_mgr_b");
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "sec_head_a");
  g_autofree char *give_to_b = g_strdup_printf ("UPDATE rapport.accounts SET owner_id = %s WHERE id = $1::bigint",
                                                w->mgr_b);
  const char      *count = "SELECT count(*) FROM rapport.changes WHERE table_name = 'accounts' AND record_id = $1::bigint";
  g_autofree char *a1_foreign = NULL;
  g_autofree char *b_own = NULL;
  g_autofree char *b_head = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *left = NULL;
  g_autofree char *after = NULL;

  a1_foreign = crm_test_db_query_value (mgr_a1, count, w->b);
  g_assert_cmpstr (a1_foreign, ==, "0");
  b_own = crm_test_db_query_value (mgr_b, count, w->b);
  g_assert_cmpstr (b_own, ==, "1");
  b_head = crm_test_db_query_value (head, count, w->b);
  g_assert_cmpstr (b_head, ==, "1");
  /* Shared with her (to see): its changes too. */
  shared = crm_test_db_query_value (mgr_a1, count, w->shared);
  g_assert_cmpstr (shared, ==, "1");

  /* Her team's account handed to the other department: she still learns
   * it crm_test_db_changed (it leaves her list); what happens to it next she does not. */
  g_assert_cmpint (crm_test_db_changed (head, give_to_b, w->a2), ==, 1);
  left = crm_test_db_query_value (mgr_a1, count, w->a2);
  g_assert_cmpstr (left, ==, "2");
  g_assert_cmpint (crm_test_db_changed (mgr_b, "UPDATE rapport.accounts SET comments = 'наш' WHERE id = $1::bigint", w->a2), ==, 1);
  after = crm_test_db_query_value (mgr_a1, count, w->a2);
  g_assert_cmpstr (after, ==, "2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func) g_test_add (path, World, "security", world_set_up, func, world_tear_down)
  ADD ("/security/visibility", test_visibility);
  ADD ("/security/changes", test_changes);
  ADD ("/security/money", test_money);
  ADD ("/security/money-in-store", test_money_in_store);
  ADD ("/security/store-refusals", test_store_refusals);
  ADD ("/security/audit", test_audit);
  ADD ("/security/administration", test_administration);
  ADD ("/security/module-editors", test_module_editors);
  ADD ("/security/sharing", test_sharing);
  ADD ("/security/merge", test_merge_rights);
  ADD ("/security/injection", test_injection);
  ADD ("/security/import-as-manager", test_import_as_manager);
  ADD ("/security/grant-login", test_grant_login);
  ADD ("/security/change-feed", test_change_feed);
#undef ADD

  return g_test_run ();
}
