/* test-contracts.c — contracts (S2), tariff plans and commercial
 * conditions (S3) in the database: the demo's three contracts of seed 000
 * on their plans, an end before the start crm_test_db_refused_constraint (by validation with its
 * message, and by the database's contracts_end_date_check), a number
 * taken twice refused, and the sums withheld from managers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "crm-commercial-condition.h"
#include "crm-contract.h"
#include "crm-demo.h"
#include "crm-store.h"
#include "crm-tariff-plan.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Cluster-wide login roles of this program, dropped after each test. */
static const char *const logins[] = { "ctr_head", "ctr_mgr", "ctr_ro", NULL };

typedef struct
{
  CrmTestFixture db;
  char          *mgr;
  char          *account, *plan, *contract;
} World;

static void
world_set_up (World        *w,
              gconstpointer name)
{
  g_autofree char *team = NULL;

  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  team = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Служба поддержки");
  g_free (crm_test_db_add_employee (w->db.conn, "ctr_head", "Белов Дмитрий Андреевич", "head", team));
  w->mgr = crm_test_db_add_employee (w->db.conn, "ctr_mgr", "Котова Анна Сергеевна", "manager", team);
  g_free (crm_test_db_add_employee (w->db.conn, "ctr_ro", "Лебедева Марина Олеговна", "readonly", NULL));

  w->account = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('Звезда Азии', $1::bigint)"
                                                    " RETURNING id",
                                        w->mgr);
  w->plan = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.tariff_plans (code, name, valid_from) VALUES ('1', $1, '2018-02-01')"
                                                 " RETURNING id",
                                     "Стандартный");
  w->contract = crm_test_db_query_value (w->db.conn,
                                         "INSERT INTO rapport.contracts (number, title, account_id, tariff_plan_id, start_date, end_date,"
                                         " status, planned_sum, actual_sum, owner_id)"
                                         " SELECT '№ 100 / S', 'Договор на продажу авиабилетов', a.id, p.id, '2020-08-22', '2021-08-21',"
                                         " 'signed', 480000000, 215730000, a.owner_id"
                                         " FROM rapport.accounts a, rapport.tariff_plans p WHERE a.id = $1::bigint AND p.code = '1'"
                                         " RETURNING id",
                                         w->account);
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);
  g_free (w->mgr);
  g_free (w->account);
  g_free (w->plan);
  g_free (w->contract);
}

static gint64
to_id (const char *text)
{
  return g_ascii_strtoll (text, NULL, 10);
}

/* Seed 000: three contracts for the sale of air tickets on the plans
 * «Профи», «Новичок» and «Стандартный», and the plan's conditions. */
static void
test_demo (CrmTestFixture *f,
           gconstpointer   data)
{
  g_autofree char *contracts = NULL;
  g_autofree char *plans = NULL;
  g_autofree char *conditions = NULL;
  g_autofree char *standard = NULL;
  g_autofree char *managers = NULL;
  g_autofree char *found = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contract_type);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  crm_test_db_load_demo (f->store);

  contracts = crm_test_db_query_value (f->conn,
                                       "SELECT string_agg(concat_ws(' | ', c.number, c.title, c.organization, a.name, p.name,"
                                       " to_char(c.start_date, 'DD.MM.YYYY'), c.status), E'\\n' ORDER BY c.number DESC)"
                                       " FROM rapport.contracts c JOIN rapport.accounts a ON a.id = c.account_id"
                                       " JOIN rapport.tariff_plans p ON p.id = c.tariff_plan_id",
                                       NULL);
  g_assert_cmpstr (contracts, ==,
                   "№ 125 / S | Договор на продажу авиабилетов | Моя организация | Дорога к Морю | Профи | 28.07.2020 | preparing\n"
                   "№ 117 / S | Договор на продажу авиабилетов | Моя организация | Поехали | Новичок | 24.08.2020 | signed\n"
                   "№ 100 / S | Договор на продажу авиабилетов | Моя организация | Звезда Азии | Стандартный | 22.08.2020 | signed");
  plans = crm_test_db_query_value (f->conn, "SELECT count(*) FROM rapport.tariff_plans", NULL);
  g_assert_cmpint (to_id (plans), ==, CRM_DEMO_N_TARIFF_PLANS);
  standard = crm_test_db_query_value (f->conn,
                                      "SELECT concat_ws(' | ', code, general_agent, to_char(valid_from, 'DD.MM.YYYY'),"
                                      " to_char(status_date, 'DD.MM.YYYY'), status, notes) FROM rapport.tariff_plans WHERE name = $1",
                                      "Стандартный");
  g_assert_cmpstr (standard, ==, "1 | Моя организация | 01.02.2018 | 20.01.2018 | active | Тарифный план для стандартных договоров");
  conditions = crm_test_db_query_value (f->conn,
                                        "SELECT string_agg(c.name || ' / ' || c.supplier || ' / ' || c.condition_text, E'\\n' ORDER BY c.name)"
                                        " FROM rapport.commercial_conditions c JOIN rapport.tariff_plans p ON p.id = c.tariff_plan_id"
                                        " WHERE p.name = $1 AND c.status = 'active'",
                                        "Стандартный");
  g_assert_cmpstr (conditions, ==,
                   "КУ_XML_ЖД_возврат / ЖД Магнат / За транзакции ЖД билетов (возврат) - 1 руб. 60 коп.\n"
                   "КУ_XML_ЖД_продажа / ЖД Магнат / За транзакции ЖД билетов (продажа) - 1 руб. 60 коп.");
  /* One support manager keeps them all. */
  managers = crm_test_db_query_value (f->conn,
                                      "SELECT string_agg(DISTINCT e.full_name, ',') FROM rapport.contracts c"
                                      " JOIN rapport.employees e ON e.id = c.owner_id",
                                      NULL);
  g_assert_cmpstr (managers, ==, "Анна Сергеевна Котова");

  /* Through the store: found by the account's name, the plan listed. */
  crm_query_set_search (query, "звезда");
  records = crm_store_list_head_sync (f->store, query, 100, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (crm_record_get_string (records->pdata[0], "number"), ==, "№ 100 / S");
  g_assert_cmpstr (crm_record_get_string (records->pdata[0], "tariff_plan_name"), ==, "Стандартный");
  g_assert_cmpstr (crm_record_get_string (records->pdata[0], "account_name"), ==, "Звезда Азии");
  g_assert_cmpint (crm_record_get_int (records->pdata[0], "actual_sum"), ==, 215730000);
}

/* A contract cannot end before it starts: validation says so next to the
 * End date, and the database refuses it from any other client. */
static void
test_dates (World        *w,
            gconstpointer data)
{
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "ctr_head");
  g_autoptr (CrmRecord) contract = crm_record_new (&crm_contract_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GHashTable) field_errors = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *constraint = NULL;
  g_autofree char *count = NULL;

  crm_record_set_string (contract, "number", "№ 126 / S");
  crm_record_set_int (contract, "account_id", to_id (w->account));
  g_assert_true (crm_record_set_text (contract, "start_date", "2026-03-01", NULL));
  g_assert_true (crm_record_set_text (contract, "end_date", "2026-02-28", NULL));

  g_assert_false (crm_record_validate (contract, &field_errors, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "End date: a contract cannot end before it starts");
  g_assert_cmpstr (g_hash_table_lookup (field_errors, "end_date"), ==, error->message);
  g_clear_error (&error);

  saved = crm_store_save_sync (store, contract, NULL, &error);
  g_assert_null (saved);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "a contract cannot end before it starts"));
  g_clear_error (&error);

  constraint = crm_test_db_refused_constraint (w->db.conn, "UPDATE rapport.contracts SET end_date = '2020-08-21' WHERE id = $1::bigint",
                                               w->contract, "23514");
  g_assert_cmpstr (constraint, ==, "contracts_end_date_check");
  g_assert_cmpstr (crm_record_type_constraint_message (&crm_contract_type, constraint), ==,
                   "a contract cannot end before it starts");
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.contracts", NULL);
  g_assert_cmpstr (count, ==, "1");

  /* Ending on the day it starts is fine. */
  g_assert_true (crm_record_set_text (contract, "end_date", "2026-03-01", NULL));
  saved = crm_store_save_sync (store, contract, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);

  g_clear_object (&saved);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* «№ 100 / S» and «№100/S» are one number. */
static void
test_number (World        *w,
             gconstpointer data)
{
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "ctr_head");
  g_autoptr (CrmRecord) contract = crm_record_new (&crm_contract_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;

  crm_record_set_string (contract, "number", "№100/S");
  crm_record_set_int (contract, "account_id", to_id (w->account));
  saved = crm_store_save_sync (store, contract, NULL, &error);
  g_assert_null (saved);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Contract number: another record already has this value");

  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* The planned and actual sums are money: a manager and a read-only user
 * neither read nor write them, a head does; through the store they are
 * "Hidden" and a manager's change keeps them. */
static void
test_money (World        *w,
            gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "ctr_mgr");
  g_autoptr (PGconn) ro = crm_test_db_connect_as (w->db.conninfo, "ctr_ro");
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "ctr_head");
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "ctr_mgr");
  g_autoptr (CrmRecord) contract = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sums = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *number = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL, *c5 = NULL, *c6 = NULL;

  c1 = crm_test_db_refused_constraint (mgr, "SELECT planned_sum FROM rapport.contracts", NULL, "42501");
  c2 = crm_test_db_refused_constraint (mgr, "SELECT sum(actual_sum) FROM rapport.contracts", NULL, "42501");
  c3 = crm_test_db_refused_constraint (ro, "SELECT actual_sum FROM rapport.contracts", NULL, "42501");
  c4 = crm_test_db_refused_constraint (mgr, "UPDATE rapport.contracts SET actual_sum = 1 WHERE id = $1::bigint", w->contract, "42501");
  /* Sales and accounts stay withheld beside them. */
  c5 = crm_test_db_refused_constraint (mgr, "SELECT amount FROM rapport.sales", NULL, "42501");
  c6 = crm_test_db_refused_constraint (mgr, "SELECT annual_revenue FROM rapport.accounts", NULL, "42501");
  number = crm_test_db_query_value (mgr, "SELECT number FROM rapport.contracts WHERE id = $1::bigint", w->contract);
  g_assert_cmpstr (number, ==, "№ 100 / S");
  sums = crm_test_db_query_value (head, "SELECT planned_sum || '/' || actual_sum FROM rapport.contracts WHERE id = $1::bigint",
                                  w->contract);
  g_assert_cmpstr (sums, ==, "480000000/215730000");

  contract = crm_store_get_sync (store, &crm_contract_type, to_id (w->contract), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crm_record_is_withheld (contract, "planned_sum"));
  g_assert_true (crm_record_is_withheld (contract, "actual_sum"));
  shown = crm_record_dup_display (contract, "actual_sum");
  g_assert_cmpstr (shown, ==, "Hidden");
  g_assert_cmpstr (crm_record_get_string (contract, "tariff_plan_name"), ==, "Стандартный");
  {
    g_autofree char *in_effect = crm_test_db_query_value (w->db.conn, "SELECT id FROM rapport.contract_statuses WHERE code = $1",
                                                          "in_effect");

    crm_record_set_int (contract, "status_id", to_id (in_effect));
  }
  saved = crm_store_save_sync (store, contract, NULL, &error);
  g_assert_no_error (error);
  kept = crm_test_db_query_value (w->db.conn, "SELECT status || ' ' || planned_sum || '/' || actual_sum FROM rapport.contracts"
                                              " WHERE id = $1::bigint",
                                  w->contract);
  g_assert_cmpstr (kept, ==, "in_effect 480000000/215730000");

  g_clear_object (&contract);
  g_clear_object (&saved);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* The statuses are the company's list: a new one («Приостановлен») is
 * added by a head, refused to a manager, given to a contract by id or by
 * its code; one that contracts have is not deleted; a status that
 * reminds brings renewal reminders to its contracts. */
static void
test_statuses (World        *w,
               gconstpointer data)
{
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "ctr_head");
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "ctr_mgr");
  g_autofree char *names = crm_test_db_query_value (w->db.conn,
                                                    "SELECT string_agg(name, ', ' ORDER BY position) FROM rapport.contract_statuses",
                                                    NULL);
  g_autofree char *paused = NULL;
  g_autofree char *state = NULL;
  g_autofree char *constraint = NULL;
  g_autofree char *made = NULL;

  g_assert_cmpstr (names, ==, "Подготовка к отправке, Подписан, Действует, Завершён, Расторгнут");
  state = crm_test_db_query_value (w->db.conn,
                                   "SELECT c.status || ' ' || s.name FROM rapport.contracts c"
                                   " JOIN rapport.contract_statuses s ON s.id = c.status_id WHERE c.id = $1::bigint",
                                   w->contract);
  g_assert_cmpstr (state, ==, "signed Подписан");
  g_clear_pointer (&state, g_free);

  crm_test_db_refused (mgr, "INSERT INTO rapport.contract_statuses (code, name) VALUES ('paused', $1)", "Приостановлен",
                       "42501");
  paused = crm_test_db_query_value (head,
                                    "INSERT INTO rapport.contract_statuses (code, name, position, reminds)"
                                    " VALUES ('paused', $1, 5, true) RETURNING id",
                                    "Приостановлен");
  g_assert_nonnull (paused);

  /* By code, as a script writes it; the id follows. */
  g_assert_cmpint (crm_test_db_changed (w->db.conn, "UPDATE rapport.contracts SET status = 'paused', end_date = current_date + 10"
                                                    " WHERE id = $1::bigint",
                                        w->contract),
                   ==, 1);
  state = crm_test_db_query_value (w->db.conn, "SELECT status_id FROM rapport.contracts WHERE id = $1::bigint", w->contract);
  g_assert_cmpstr (state, ==, paused);
  g_clear_pointer (&state, g_free);

  /* A status that reminds: the contract's renewal reminder is made. */
  made = crm_test_db_query_value (w->db.conn, "SELECT rapport.create_renewal_reminders(NULL)", NULL);
  g_assert_cmpstr (made, ==, "1");

  /* In use: not deleted, and the error says so. */
  constraint = crm_test_db_refused_constraint (head, "DELETE FROM rapport.contract_statuses WHERE id = $1::bigint", paused,
                                               "23503");
  g_assert_cmpstr (crm_record_type_constraint_message (&crm_contract_status_type, constraint), ==,
                   "contracts have this status: give them another one first");
  /* A code nobody has is refused. */
  crm_test_db_refused (w->db.conn, "UPDATE rapport.contracts SET status = 'nonsense', status_id = NULL WHERE id = $1::bigint",
                       w->contract, "23503");
}

/* A tariff plan's conditions are found by their plan; everyone reads the
 * plans, whoever added them. */
static void
test_conditions (World        *w,
                 gconstpointer data)
{
  g_autoptr (PGconn) ro = crm_test_db_connect_as (w->db.conninfo, "ctr_ro");
  g_autoptr (CrmQuery) query = crm_query_new (&crm_commercial_condition_type);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *other = NULL;

  g_free (crm_test_db_query_value (w->db.conn,
                                   "INSERT INTO rapport.commercial_conditions (tariff_plan_id, name, supplier, condition_text)"
                                   " VALUES ($1::bigint, 'КУ_XML_ЖД_продажа', 'ЖД Магнат',"
                                   " 'За транзакции ЖД билетов (продажа) - 1 руб. 60 коп.') RETURNING id",
                                   w->plan));
  other = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.tariff_plans (name) VALUES ('Профи') RETURNING id", NULL);
  g_free (crm_test_db_query_value (w->db.conn,
                                   "INSERT INTO rapport.commercial_conditions (tariff_plan_id, name) VALUES ($1::bigint, 'КУ_Профи')"
                                   " RETURNING id",
                                   other));

  crm_query_set_filter (query, "tariff_plan_id", w->plan);
  records = crm_store_list_head_sync (w->db.store, query, 100, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (crm_record_get_string (records->pdata[0], "name"), ==, "КУ_XML_ЖД_продажа");
  g_assert_cmpstr (crm_record_get_string (records->pdata[0], "tariff_plan_name"), ==, "Стандартный");
  g_assert_cmpstr (crm_record_get_string (records->pdata[0], "status"), ==, "active");

  seen = crm_test_db_query_value (ro, "SELECT string_agg(name, ',' ORDER BY name) FROM rapport.tariff_plans", NULL);
  g_assert_cmpstr (seen, ==, "Профи,Стандартный");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add ("/contracts/demo", CrmTestFixture, "contracts", crm_test_fixture_set_up, test_demo,
              crm_test_fixture_tear_down);
#define ADD(path, func) g_test_add (path, World, "contracts", world_set_up, func, world_tear_down)
  ADD ("/contracts/dates", test_dates);
  ADD ("/contracts/statuses", test_statuses);
  ADD ("/contracts/number", test_number);
  ADD ("/contracts/money", test_money);
  ADD ("/contracts/conditions", test_conditions);
#undef ADD

  return g_test_run ();
}
