/* test-leads.c — leads (R3): the status rules the database keeps, who
 * sees which leads, search and filters, the demo's leads
 *
 * The rules and row-level security are checked on raw connections, the
 * way psql would write, so that nothing relies on the app's own checks;
 * the app's side (validation, search, filters) through the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "crm-demo.h"
#include "crm-lead.h"
#include "crm-query.h"
#include "crm-store.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Login roles are cluster-wide: these names are this program's own, and
 * are dropped after each test. */
static const char *const logins[] = {
  "lead_head_a",
  "lead_mgr_a1",
  "lead_mgr_a2",
  "lead_mgr_b",
  "lead_ro",
  NULL,
};

typedef struct
{
  CrmTestFixture db;
  char          *team_a, *team_b;
  char          *head_a, *mgr_a1, *mgr_a2, *mgr_b, *ro;
  char          *lead_a1, *lead_a2, *lead_b, *lead_none;
} World;

static char *
add_employee (World      *w,
              const char *login,
              const char *full_name,
              const char *role,
              const char *team)
{
  const char *params[4] = { login, full_name, role, team };
  PGresult   *res;
  char       *id;

  res = PQexecParams (w->db.conn, "SELECT rapport.employee_add($1, NULL, $2, $3, $4::bigint)",
                      4, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return id;
}

static char *
add_lead (PGconn     *conn,
          const char *last_name,
          const char *owner)
{
  const char *params[2] = { last_name, owner };
  PGresult   *res;
  char       *id;

  res = PQexecParams (conn,
                      "INSERT INTO rapport.leads (last_name, company_name, phone, owner_id)"
                      " VALUES ($1, 'ООО «Путешествия»', '+79161112233', $2::bigint) RETURNING id",
                      2, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return id;
}

/* Two teams; a head and two managers in A, a manager in B, a read-only
 * user; a lead owned by each manager and one by nobody. */
static void
world_set_up (World        *w,
              gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  w->team_a = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id",
                                       "Продажи, Москва");
  w->team_b = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id",
                                       "Продажи, Казань");
  w->head_a = add_employee (w, "lead_head_a", "Белов Дмитрий Андреевич", "head", w->team_a);
  w->mgr_a1 = add_employee (w, "lead_mgr_a1", "Смирнова Ольга Викторовна", "manager", w->team_a);
  w->mgr_a2 = add_employee (w, "lead_mgr_a2", "Гусев Павел Игоревич", "manager", w->team_a);
  w->mgr_b = add_employee (w, "lead_mgr_b", "Сабирова Алсу Ринатовна", "manager", w->team_b);
  w->ro = add_employee (w, "lead_ro", "Орлов Константин Николаевич", "readonly", NULL);

  w->lead_a1 = add_lead (w->db.conn, "Фомина", w->mgr_a1);
  w->lead_a2 = add_lead (w->db.conn, "Лаптев", w->mgr_a2);
  w->lead_b = add_lead (w->db.conn, "Сафин", w->mgr_b);
  w->lead_none = add_lead (w->db.conn, "Корнилов", NULL);
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);

  g_free (w->team_a);
  g_free (w->team_b);
  g_free (w->head_a);
  g_free (w->mgr_a1);
  g_free (w->mgr_a2);
  g_free (w->mgr_b);
  g_free (w->ro);
  g_free (w->lead_a1);
  g_free (w->lead_a2);
  g_free (w->lead_b);
  g_free (w->lead_none);
}

static PGconn *
connect_as (World      *w,
            const char *login)
{
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", w->db.conninfo, login);

  return crm_test_db_connect (conninfo);
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

/* A statement the database must refuse with @sqlstate; returns the
 * primary message. */
static char *
refused (PGconn     *conn,
         const char *sql,
         const char *param,
         const char *sqlstate)
{
  const char *params[1] = { param };
  PGresult   *res = PQexecParams (conn, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
  char       *message;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, sqlstate);
  message = g_strdup (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
  PQclear (res);
  return message;
}

#define SEEN "SELECT last_name FROM rapport.leads ORDER BY last_name COLLATE \"C\""

static void
test_status_rules (World        *w,
                   gconstpointer data)
{
  PGconn          *conn = w->db.conn;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  g_autofree char *back = NULL;

  /* A new lead is "new"; a status outside the list is refused. */
  status = crm_test_db_query_value (conn, "SELECT status FROM rapport.leads WHERE id = $1::bigint", w->lead_a1);
  g_assert_cmpstr (status, ==, "new");
  g_free (refused (conn, "UPDATE rapport.leads SET status = 'lost' WHERE id = $1::bigint", w->lead_a1, "23514"));

  /* A refusal needs its reason: none, or only spaces, is refused. */
  message = refused (conn, "UPDATE rapport.leads SET status = 'rejected' WHERE id = $1::bigint", w->lead_a1, "23514");
  g_assert_nonnull (message);
  g_free (refused (conn, "UPDATE rapport.leads SET status = 'rejected', refusal_reason = '  ' WHERE id = $1::bigint",
                   w->lead_a1, "23514"));
  g_free (refused (conn, "INSERT INTO rapport.leads (last_name, status) VALUES ($1, 'rejected')", "Дроздов", "23514"));
  g_assert_cmpint (crm_test_db_changed (conn, "UPDATE rapport.leads SET status = 'rejected', refusal_reason = 'Дорого'"
                                              " WHERE id = $1::bigint",
                                        w->lead_a1),
                   ==, 1);
  /* A refused lead may be taken up again. */
  g_assert_cmpint (crm_test_db_changed (conn, "UPDATE rapport.leads SET status = 'in_progress' WHERE id = $1::bigint", w->lead_a1),
                   ==, 1);

  /* A converted lead stays converted, with a message that says so, and
   * can still be edited otherwise. */
  g_assert_cmpint (crm_test_db_changed (conn, "UPDATE rapport.leads SET status = 'converted' WHERE id = $1::bigint", w->lead_a1),
                   ==, 1);
  back = refused (conn, "UPDATE rapport.leads SET status = 'in_progress' WHERE id = $1::bigint", w->lead_a1, "23514");
  g_assert_nonnull (strstr (back, "converted lead cannot change its status"));
  g_free (refused (conn, "UPDATE rapport.leads SET status = 'rejected', refusal_reason = 'Передумал'"
                         " WHERE id = $1::bigint",
                   w->lead_a1, "23514"));
  g_assert_cmpint (crm_test_db_changed (conn, "UPDATE rapport.leads SET description = 'Договор подписан' WHERE id = $1::bigint",
                                        w->lead_a1),
                   ==, 1);
  g_assert_cmpint (crm_test_db_changed (conn, "UPDATE rapport.leads SET status = 'converted' WHERE id = $1::bigint", w->lead_a1),
                   ==, 1);
  status = (g_free (status), crm_test_db_query_value (conn, "SELECT status FROM rapport.leads WHERE id = $1::bigint",
                                                      w->lead_a1));
  g_assert_cmpstr (status, ==, "converted");
  reason = crm_test_db_query_value (conn, "SELECT refusal_reason FROM rapport.leads WHERE id = $1::bigint", w->lead_a1);
  g_assert_cmpstr (reason, ==, "Дорого");

  /* A managers' write goes through the same rules. */
  {
    g_autoptr (PGconn) mgr = connect_as (w, "lead_mgr_b");

    g_free (refused (mgr, "UPDATE rapport.leads SET status = 'rejected' WHERE id = $1::bigint", w->lead_b, "23514"));
  }
}

/* The app's side: validation says what is missing next to the field
 * before anything is sent; the database's refusal of a converted lead's
 * new status names the Status field. */
static void
test_status_in_store (World        *w,
                      gconstpointer data)
{
  g_autoptr (CrmLead) lead = crm_lead_new ();
  g_autoptr (GHashTable) field_errors = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) back = NULL;
  CrmRecord *record = CRM_RECORD (lead);

  g_assert_cmpstr (crm_record_get_string (record, "status"), ==, "new");
  crm_record_set_string (record, "last_name", "Лисицына");
  crm_record_set_string (record, "status", "rejected");
  g_assert_false (crm_record_validate (record, &field_errors, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_REQUIRED);
  g_assert_true (g_hash_table_contains (field_errors, "refusal_reason"));
  g_assert_cmpuint (g_hash_table_size (field_errors), ==, 1);
  g_clear_error (&error);

  saved = crm_store_save_sync (w->db.store, record, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_null (saved);
  g_clear_error (&error);

  crm_record_set_string (record, "refusal_reason", "Не успевает загранпаспорт");
  crm_record_set_string (record, "inn", "7712458308");
  saved = crm_store_save_sync (w->db.store, record, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (saved, "status"), ==, "rejected");

  /* A wrong INN is caught like an account's. */
  back = crm_record_copy (saved);
  crm_record_set_string (back, "inn", "7712458309");
  g_assert_false (crm_record_validate (back, NULL, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&back);

  back = crm_record_copy (saved);
  crm_record_set_string (back, "status", "converted");
  g_clear_object (&saved);
  saved = crm_store_save_sync (w->db.store, back, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&back);

  back = crm_record_copy (saved);
  crm_record_set_string (back, "status", "in_progress");
  g_clear_object (&saved);
  saved = crm_store_save_sync (w->db.store, back, NULL, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  /* In words the record type gives (so translated), not the server's. */
  g_assert_cmpstr (error->message, ==,
                   "Status: a converted lead keeps its status: it is an account, contacts and a deal now");
  g_assert_null (saved);
}

static void
test_visibility (World        *w,
                 gconstpointer data)
{
  g_autoptr (PGconn) mgr_a1 = connect_as (w, "lead_mgr_a1");
  g_autoptr (PGconn) mgr_b = connect_as (w, "lead_mgr_b");
  g_autoptr (PGconn) head_a = connect_as (w, "lead_head_a");
  g_autoptr (PGconn) ro = connect_as (w, "lead_ro");
  g_autofree char *seen_a1 = column (mgr_a1, SEEN);
  g_autofree char *seen_b = column (mgr_b, SEEN);
  g_autofree char *seen_head = column (head_a, SEEN);
  g_autofree char *seen_ro = column (ro, SEEN);
  g_autofree char *mine = NULL;
  g_autofree char *owner = NULL;

  /* A manager sees their team's leads and nobody's; not the other team's. */
  g_assert_cmpstr (seen_a1, ==, "Корнилов|Лаптев|Фомина");
  g_assert_cmpstr (seen_b, ==, "Корнилов|Сафин");
  g_assert_cmpstr (seen_head, ==, "Корнилов|Лаптев|Сафин|Фомина");
  g_assert_cmpstr (seen_ro, ==, "Корнилов|Лаптев|Сафин|Фомина");

  /* Another team's lead can be neither changed nor deleted, nor handed
   * over to the other team. */
  g_assert_cmpint (crm_test_db_changed (mgr_b, "UPDATE rapport.leads SET status = 'assigned' WHERE id = $1::bigint", w->lead_a1), ==,
                   0);
  g_assert_cmpint (crm_test_db_changed (mgr_b, "DELETE FROM rapport.leads WHERE id = $1::bigint", w->lead_a2), ==, 0);
  g_assert_cmpint (crm_test_db_changed (mgr_a1, "UPDATE rapport.leads SET status = 'in_progress' WHERE id = $1::bigint", w->lead_a2),
                   ==, 1);
  g_free (refused (mgr_a1, "UPDATE rapport.leads SET owner_id = $1::bigint WHERE last_name = 'Фомина'", w->mgr_b,
                   "42501"));

  /* A manager's own new lead is theirs to see; a read-only user writes
   * nothing. */
  g_free (add_lead (mgr_b, "Ахмедова", w->mgr_b));
  mine = column (mgr_b, SEEN);
  g_assert_cmpstr (mine, ==, "Ахмедова|Корнилов|Сафин");
  g_free (refused (ro, "INSERT INTO rapport.leads (last_name) VALUES ($1)", "Зуева", "42501"));
  g_free (refused (ro, "UPDATE rapport.leads SET city = 'Тверь' WHERE id = $1::bigint", w->lead_none, "42501"));

  /* Deactivating an employee hands their leads over too. */
  g_assert_cmpint (crm_test_db_changed (w->db.conn, "SELECT rapport.employee_reassign($1::bigint, NULL)", w->mgr_a2), ==, 1);
  owner = crm_test_db_query_value (w->db.conn, "SELECT owner_id FROM rapport.leads WHERE id = $1::bigint", w->lead_a2);
  g_assert_null (owner);
}

static GArray *
find (CrmStore   *store,
      const char *search,
      const char *field,
      const char *value)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_lead_type);
  g_autoptr (GError) error = NULL;
  GArray *ids;

  if (search != NULL)
    crm_query_set_search (query, search);
  if (field != NULL)
    crm_query_set_filter (query, field, value);
  ids = crm_store_list_ids_sync (store, query, NULL, &error);
  g_assert_no_error (error);
  return ids;
}

static guint
count (CrmStore   *store,
       const char *search,
       const char *field,
       const char *value)
{
  g_autoptr (GArray) ids = find (store, search, field, value);

  return ids->len;
}

/* The demo's leads: every status, spread over the demo's people; found
 * by name, company, phone, e-mail and INN; filtered by status, source
 * and responsible. */
static void
test_demo_search (CrmTestFixture *f,
                  gconstpointer   data)
{
  g_autofree char *owners = NULL;
  g_autofree char *belov = NULL;
  g_autofree char *statuses = NULL;

  crm_test_db_load_demo (f->store);

  g_assert_cmpuint (count (f->store, NULL, NULL, NULL), ==, CRM_DEMO_N_LEADS);
  statuses = column (f->conn, "SELECT string_agg(status || '=' || n, ' ' ORDER BY status)"
                              " FROM (SELECT status, count(*) AS n FROM rapport.leads GROUP BY status) s");
  g_assert_cmpstr (statuses, ==, "assigned=3 converted=2 in_progress=4 new=4 rejected=3");
  owners = column (f->conn, "SELECT count(DISTINCT owner_id) FROM rapport.leads");
  g_assert_cmpstr (owners, ==, "5");

  g_assert_cmpuint (count (f->store, "ТехноСтрой", NULL, NULL), ==, 1);
  g_assert_cmpuint (count (f->store, "фомина", NULL, NULL), ==, 1);
  g_assert_cmpuint (count (f->store, "7816034720", NULL, NULL), ==, 1);
  g_assert_cmpuint (count (f->store, "d.melnikova@inbox", NULL, NULL), ==, 1);
  g_assert_cmpuint (count (f->store, "440-88-23", NULL, NULL), ==, 1);
  g_assert_cmpuint (count (f->store, NULL, "status", "rejected"), ==, 3);
  g_assert_cmpuint (count (f->store, NULL, "source", "web_form"), ==, 3);
  g_assert_cmpuint (count (f->store, "москва", "status", "new"), ==, 3);
  belov = crm_test_db_query_value (f->conn, "SELECT id FROM rapport.employees WHERE full_name = $1",
                                   "Дмитрий Андреевич Белов");
  g_assert_cmpuint (count (f->store, NULL, "owner_id", belov), ==, 4);

  /* The demo's refusals all say why. */
  {
    g_autofree char *reasons = column (f->conn, "SELECT count(*) FROM rapport.leads"
                                                " WHERE status = 'rejected' AND refusal_reason <> ''");

    g_assert_cmpstr (reasons, ==, "3");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func) g_test_add (path, World, "leads", world_set_up, func, world_tear_down)
  ADD ("/leads/status-rules", test_status_rules);
  ADD ("/leads/status-in-store", test_status_in_store);
  ADD ("/leads/visibility", test_visibility);
#undef ADD
  g_test_add ("/leads/demo-search", CrmTestFixture, "leads", crm_test_fixture_set_up, test_demo_search,
              crm_test_fixture_tear_down);

  return g_test_run ();
}
