/* test-tasks.c — tasks (T1) and contract renewal reminders (S2) in the
 * database: a task saved and read back with its links, done setting when
 * it was completed, the renewal job making one reminder per contract and
 * end date for the support manager (and nothing on a second run, nor for
 * contracts terminated, completed, being prepared, already ended or ending
 * later), the days setting and who may change it, a manager seeing their
 * own tasks and not another manager's, `rapportctl reminders`, and the
 * demo's tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "crm-demo.h"
#include "crm-reminder-scheduler.h"
#include "crm-reminders.h"
#include "crm-store.h"
#include "crm-task.h"
#include "crm-test-db.h"

#ifndef RAPPORTCTL_PATH
#error "RAPPORTCTL_PATH must name the rapportctl executable"
#endif

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Cluster-wide login roles of this program, dropped after each test. */
static const char *const logins[] = { "tsk_head", "tsk_mgr", "tsk_mgr2", "tsk_ro", NULL };

typedef struct
{
  CrmTestFixture db;
  char          *head, *mgr, *mgr2;
  char          *account, *contact, *deal, *contract;
} World;

static gint64
to_id (const char *text)
{
  return g_ascii_strtoll (text, NULL, 10);
}

static void
world_set_up (World        *w,
              gconstpointer name)
{
  g_autofree char *sales = NULL;
  g_autofree char *support = NULL;

  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  /* Two teams: a manager sees their team's records, not the other's. */
  support = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Служба поддержки");
  sales = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.teams (name) VALUES ($1) RETURNING id", "Отдел продаж");
  w->head = crm_test_db_add_employee (w->db.conn, "tsk_head", "Белов Дмитрий Андреевич", "head", sales);
  w->mgr = crm_test_db_add_employee (w->db.conn, "tsk_mgr", "Котова Анна Сергеевна", "manager", support);
  w->mgr2 = crm_test_db_add_employee (w->db.conn, "tsk_mgr2", "Гусев Павел Игоревич", "manager", sales);
  g_free (crm_test_db_add_employee (w->db.conn, "tsk_ro", "Лебедева Марина Олеговна", "readonly", NULL));

  w->account = crm_test_db_query_value (w->db.conn, "INSERT INTO rapport.accounts (name, owner_id) VALUES ('Звезда Азии', $1::bigint)"
                                                    " RETURNING id",
                                        w->mgr);
  w->contact = crm_test_db_query_value (w->db.conn,
                                        "INSERT INTO rapport.contacts (last_name, first_name, account_id, owner_id)"
                                        " SELECT 'Редькин', 'Игнат', a.id, a.owner_id FROM rapport.accounts a WHERE a.id = $1::bigint"
                                        " RETURNING id",
                                        w->account);
  w->deal = crm_test_db_query_value (w->db.conn,
                                     "INSERT INTO rapport.deals (name, account_id, owner_id)"
                                     " SELECT 'Продажа авиабилетов для субагента', a.id, a.owner_id FROM rapport.accounts a"
                                     " WHERE a.id = $1::bigint RETURNING id",
                                     w->account);
  w->contract = crm_test_db_query_value (w->db.conn,
                                         "INSERT INTO rapport.contracts (number, title, account_id, start_date, end_date, status, owner_id)"
                                         " SELECT '№ 100 / S', 'Договор на продажу авиабилетов', a.id, '2020-08-22', '2021-08-21',"
                                         " 'signed', a.owner_id FROM rapport.accounts a WHERE a.id = $1::bigint RETURNING id",
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
  g_free (w->head);
  g_free (w->mgr);
  g_free (w->mgr2);
  g_free (w->account);
  g_free (w->contact);
  g_free (w->deal);
  g_free (w->contract);
}

/* A call with Игнат Редькин saved by his manager comes back with its
 * account, contact, deal and contract by name, its due time and its
 * responsible; a subject of blanks and a percentage over 100 are refused
 * in words. */
static void
test_save (World        *w,
           gconstpointer data)
{
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "tsk_mgr");
  g_autoptr (CrmRecord) task = crm_record_new (&crm_task_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) back = NULL;
  g_autoptr (GHashTable) field_errors = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *search = NULL;

  /* A new task is a planned one of normal priority. */
  g_assert_cmpstr (crm_record_get_string (task, "kind"), ==, "task");
  g_assert_cmpstr (crm_record_get_string (task, "status"), ==, "planned");
  g_assert_cmpstr (crm_record_get_string (task, "priority"), ==, "normal");

  crm_record_set_string (task, "subject", "Созвониться для согласования даты деловой встречи");
  crm_record_set_string (task, "kind", "call");
  crm_record_set_string (task, "priority", "high");
  g_assert_true (crm_record_set_text (task, "due_at", "2026-09-04T16:00:00+03:00", NULL));
  crm_record_set_int (task, "percent_done", 101);
  crm_record_set_int (task, "account_id", to_id (w->account));
  crm_record_set_int (task, "contact_id", to_id (w->contact));
  crm_record_set_int (task, "deal_id", to_id (w->deal));
  crm_record_set_int (task, "contract_id", to_id (w->contract));
  crm_record_set_owner_id (task, to_id (w->mgr));
  crm_record_set_string (task, "description", "Исходящий звонок");

  g_assert_false (crm_record_validate (task, &field_errors, &error));
  g_assert_cmpstr (error->message, ==, "Done, %: how far a task got is a percentage from 0 to 100");
  g_assert_nonnull (g_hash_table_lookup (field_errors, "percent_done"));
  g_clear_error (&error);
  crm_record_set_int (task, "percent_done", 20);

  saved = crm_store_save_sync (store, task, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);

  back = crm_store_get_sync (store, &crm_task_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (back, "subject"), ==, "Созвониться для согласования даты деловой встречи");
  g_assert_cmpstr (crm_record_get_string (back, "kind"), ==, "call");
  g_assert_cmpstr (crm_record_get_string (back, "status"), ==, "planned");
  g_assert_cmpstr (crm_record_get_string (back, "priority"), ==, "high");
  g_assert_cmpint (crm_record_get_int (back, "percent_done"), ==, 20);
  g_assert_cmpstr (crm_record_get_string (back, "account_name"), ==, "Звезда Азии");
  g_assert_cmpstr (crm_record_get_string (back, "contact_name"), ==, "Редькин Игнат");
  g_assert_cmpstr (crm_record_get_string (back, "deal_name"), ==, "Продажа авиабилетов для субагента");
  g_assert_cmpstr (crm_record_get_string (back, "contract_name"), ==, "№ 100 / S");
  g_assert_cmpstr (crm_record_get_owner_name (back), ==, "Котова Анна Сергеевна");
  g_assert_null (g_value_get_boxed (crm_record_peek_value (back, "completed_at")));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (back));
  stored = crm_test_db_query_value (w->db.conn,
                                    "SELECT to_char(due_at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') FROM rapport.tasks"
                                    " WHERE id = $1::bigint",
                                    id);
  g_assert_cmpstr (stored, ==, "04.09.2026 16:00");

  /* Found by its contact and its contract. */
  search = crm_test_db_query_value (w->db.conn, "SELECT search_text FROM rapport.tasks WHERE id = $1::bigint", id);
  g_assert_nonnull (strstr (search, "редькин"));
  g_assert_nonnull (strstr (search, "100"));

  /* A subject of blanks: the database refuses it in words. */
  crm_record_set_string (back, "subject", "   ");
  g_clear_object (&saved);
  saved = crm_store_save_sync (store, back, NULL, &error);
  g_assert_null (saved);
  g_assert_nonnull (error);

  g_clear_object (&back);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* Done sets when the task was completed and 100 %; back in progress
 * clears it again. */
static void
test_done (World        *w,
           gconstpointer data)
{
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "tsk_mgr");
  g_autoptr (CrmRecord) task = crm_record_new (&crm_task_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) done = NULL;
  g_autoptr (CrmRecord) reopened = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *cleared = NULL;

  crm_record_set_string (task, "subject", "Проверить оплату по договору № 100 / S");
  crm_record_set_int (task, "contract_id", to_id (w->contract));
  saved = crm_store_save_sync (store, task, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (g_value_get_boxed (crm_record_peek_value (saved, "completed_at")));

  crm_record_set_string (saved, "status", "done");
  done = crm_store_save_sync (store, saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_value_get_boxed (crm_record_peek_value (done, "completed_at")));
  g_assert_cmpint (crm_record_get_int (done, "percent_done"), ==, 100);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (done));
  completed = crm_test_db_query_value (w->db.conn,
                                       "SELECT status || ' ' || (now() - completed_at < interval '1 minute') || ' ' || percent_done"
                                       " FROM rapport.tasks WHERE id = $1::bigint",
                                       id);
  g_assert_cmpstr (completed, ==, "done true 100");

  crm_record_set_string (done, "status", "in_progress");
  reopened = crm_store_save_sync (store, done, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (g_value_get_boxed (crm_record_peek_value (reopened, "completed_at")));
  cleared = crm_test_db_query_value (w->db.conn, "SELECT status || ' ' || (completed_at IS NULL) FROM rapport.tasks WHERE id = $1::bigint",
                                     id);
  g_assert_cmpstr (cleared, ==, "in_progress true");

  g_clear_object (&saved);
  g_clear_object (&done);
  g_clear_object (&reopened);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* A contract numbered @number of the world's account, kept by @owner,
 * ending @days days from today, in @status. */
static char *
add_contract (World      *w,
              const char *number,
              int         days,
              const char *status,
              const char *owner)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO rapport.contracts (number, account_id, start_date, end_date,"
                                          " status, owner_id)"
                                          " VALUES ($1, %s, current_date - 300, current_date + %d, '%s', %s)"
                                          " RETURNING id",
                                          w->account, days, status, owner);

  return crm_test_db_query_value (w->db.conn, sql, number);
}

/* The job's reminders: "number|owner|subject|kind|status|priority|account|
 * due (Moscow-free: date and hour)" one a line, by number. */
static char *
reminders (World *w)
{
  return crm_test_db_query_value (w->db.conn,
                                  "SELECT string_agg(concat_ws('|', c.number, e.login, t.subject, t.kind, t.status, t.priority,"
                                  " a.name, to_char(t.due_at, 'YYYY-MM-DD HH24:MI') = to_char(greatest(c.end_date - 30, current_date)"
                                  " + time '09:00', 'YYYY-MM-DD HH24:MI'), t.contract_end_date = c.end_date), E'\\n' ORDER BY c.number)"
                                  " FROM rapport.tasks t JOIN rapport.contracts c ON c.id = t.contract_id"
                                  " JOIN rapport.accounts a ON a.id = t.account_id JOIN rapport.employees e ON e.id = t.owner_id"
                                  " WHERE t.kind = 'renewal'",
                                  NULL);
}

/* One reminder for each signed or in-effect contract ending within the
 * setting's 30 days, for its support manager, due 30 days before the end
 * (today when that has passed) at 09:00; a second run makes none; none
 * for contracts terminated, completed, being prepared, ended yesterday or
 * ending in 31 days. Any employee may run it; another number of days is
 * for heads. A deleted reminder is not made again; a new end date gets
 * one. */
static void
test_renewal (World        *w,
              gconstpointer data)
{
  g_autoptr (CrmStore) mgr2 = crm_test_db_open_store_as (w->db.conninfo, "tsk_mgr2");
  g_autoptr (CrmStore) head = crm_test_db_open_store_as (w->db.conninfo, "tsk_head");
  g_autoptr (CrmStore) ro = crm_test_db_open_store_as (w->db.conninfo, "tsk_ro");
  g_autoptr (GError) error = NULL;
  g_autofree char *soon = add_contract (w, "№ 1 / S", 10, "signed", w->mgr);
  g_autofree char *edge = add_contract (w, "№ 2 / S", 30, "in_effect", w->mgr2);
  g_autofree char *later = add_contract (w, "№ 4 / S", 31, "signed", w->mgr);
  g_autofree char *list = NULL;
  g_autofree char *count = NULL;
  g_autofree char *setting = NULL;

  g_free (add_contract (w, "№ 3 / S", 0, "in_effect", w->head));
  g_free (add_contract (w, "№ 5 / S", 5, "terminated", w->mgr));
  g_free (add_contract (w, "№ 6 / S", 5, "completed", w->mgr));
  g_free (add_contract (w, "№ 7 / S", 5, "preparing", w->mgr));
  g_free (add_contract (w, "№ 8 / S", -1, "signed", w->mgr));

  /* Made by another manager's workstation, for each contract's own. */
  g_assert_cmpint (crm_reminders_run_sync (mgr2, 0, NULL, &error), ==, 3);
  g_assert_no_error (error);
  list = reminders (w);
  g_assert_cmpstr (list, ==,
                   "№ 1 / S|tsk_mgr|№ 1 / S Contract Renewal Reminder|renewal|planned|high|Звезда Азии|t|t\n"
                   "№ 2 / S|tsk_mgr2|№ 2 / S Contract Renewal Reminder|renewal|planned|high|Звезда Азии|t|t\n"
                   "№ 3 / S|tsk_head|№ 3 / S Contract Renewal Reminder|renewal|planned|high|Звезда Азии|t|t");
  g_clear_pointer (&list, g_free);
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) || ' ' || min(description) FROM rapport.tasks WHERE contract_id = $1::bigint",
                                   soon);
  g_assert_true (g_str_has_prefix (count, "1 Договор № 1 / S с «Звезда Азии» заканчивается "));
  g_clear_pointer (&count, g_free);

  /* Running it again, from anywhere, makes nothing more. */
  g_assert_cmpint (crm_reminders_run_sync (mgr2, 0, NULL, &error), ==, 0);
  g_assert_cmpint (crm_reminders_run_sync (ro, 0, NULL, &error), ==, 0);
  g_assert_cmpint (crm_reminders_run_sync (w->db.store, 0, NULL, &error), ==, 0);
  g_assert_no_error (error);
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.tasks WHERE kind = 'renewal'", NULL);
  g_assert_cmpstr (count, ==, "3");
  g_clear_pointer (&count, g_free);

  /* The unique index refuses a second one made by hand. */
  crm_test_db_refused (w->db.conn,
                       "INSERT INTO rapport.tasks (subject, kind, contract_id, contract_end_date)"
                       " SELECT 'again', 'renewal', c.id, c.end_date FROM rapport.contracts c WHERE c.id = $1::bigint",
                       soon, "23505");

  /* Deleted: not made again. Its end date moved: made for the new one. */
  g_assert_cmpint (crm_test_db_changed (w->db.conn, "DELETE FROM rapport.tasks WHERE contract_id = $1::bigint", edge), ==, 1);
  g_assert_cmpint (crm_reminders_run_sync (mgr2, 0, NULL, &error), ==, 0);
  g_assert_cmpint (crm_test_db_changed (w->db.conn,
                                        "UPDATE rapport.contracts SET end_date = current_date + 20 WHERE id = $1::bigint",
                                        soon),
                   ==, 1);
  g_assert_cmpint (crm_reminders_run_sync (mgr2, 0, NULL, &error), ==, 1);
  g_assert_no_error (error);
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.tasks WHERE contract_id = $1::bigint", soon);
  g_assert_cmpstr (count, ==, "2");
  g_clear_pointer (&count, g_free);

  /* Another number of days: heads, not managers; 1 to 365. */
  g_assert_cmpint (crm_reminders_run_sync (mgr2, 40, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "Only administrators and heads choose another number of days for renewal reminders");
  g_clear_error (&error);
  g_assert_cmpint (crm_reminders_run_sync (head, 366, NULL, &error), ==, -1);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  crm_test_db_refused (w->db.conn, "SELECT rapport.create_renewal_reminders($1::integer)", "0", "22023");
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.tasks WHERE contract_id = $1::bigint", later);
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  g_assert_cmpint (crm_reminders_run_sync (head, 40, NULL, &error), ==, 1);
  g_assert_no_error (error);
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) || ' ' || min(e.login) FROM rapport.tasks t"
                                               " JOIN rapport.employees e ON e.id = t.owner_id WHERE t.contract_id = $1::bigint",
                                   later);
  g_assert_cmpstr (count, ==, "1 tsk_mgr");
  g_clear_pointer (&count, g_free);

  /* The setting: read by everyone, changed by heads, 1 to 365. */
  g_assert_cmpint (crm_reminders_get_days_sync (ro, NULL, &error), ==, 30);
  g_assert_false (crm_reminders_set_days_sync (mgr2, 14, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (crm_reminders_set_days_sync (head, 0, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  crm_test_db_refused (w->db.conn, "UPDATE rapport.settings SET value = $1 WHERE key = 'renewal_reminder_days'", "400",
                       "23514");
  g_assert_true (crm_reminders_set_days_sync (head, 14, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminders_get_days_sync (mgr2, NULL, &error), ==, 14);
  setting = crm_test_db_query_value (w->db.conn, "SELECT value || ' ' || updated_by FROM rapport.settings WHERE key = 'renewal_reminder_days'",
                                     NULL);
  g_assert_cmpstr (setting, ==, "14 tsk_head");

  crm_test_assert_finalized (g_steal_pointer (&mgr2));
  crm_test_assert_finalized (g_steal_pointer (&head));
  crm_test_assert_finalized (g_steal_pointer (&ro));
}

/* Tasks follow the record rules: a manager sees their own (and their
 * team's), not another team's manager's; the head and read-only see all;
 * a manager cannot give a task to another team's manager. */
static void
test_rights (World        *w,
             gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "tsk_mgr");
  g_autoptr (PGconn) mgr2 = crm_test_db_connect_as (w->db.conninfo, "tsk_mgr2");
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "tsk_head");
  g_autoptr (PGconn) ro = crm_test_db_connect_as (w->db.conninfo, "tsk_ro");
  g_autofree char *own = NULL, *other = NULL, *all = NULL, *seen_ro = NULL;
  g_autofree char *sql = NULL;

  g_free (crm_test_db_query_value (mgr, "INSERT INTO rapport.tasks (subject, owner_id) VALUES ($1, rapport.current_employee()) RETURNING id",
                                   "Задача Котовой"));
  g_free (crm_test_db_query_value (mgr2, "INSERT INTO rapport.tasks (subject, owner_id) VALUES ($1, rapport.current_employee()) RETURNING id",
                                   "Задача Гусева"));

  own = crm_test_db_query_value (mgr, "SELECT string_agg(subject, ',' ORDER BY subject) FROM rapport.tasks", NULL);
  g_assert_cmpstr (own, ==, "Задача Котовой");
  other = crm_test_db_query_value (mgr2, "SELECT string_agg(subject, ',' ORDER BY subject) FROM rapport.tasks", NULL);
  g_assert_cmpstr (other, ==, "Задача Гусева");
  all = crm_test_db_query_value (head, "SELECT string_agg(subject, ',' ORDER BY subject) FROM rapport.tasks", NULL);
  g_assert_cmpstr (all, ==, "Задача Гусева,Задача Котовой");
  seen_ro = crm_test_db_query_value (ro, "SELECT count(*) FROM rapport.tasks", NULL);
  g_assert_cmpstr (seen_ro, ==, "2");

  /* Another manager's task cannot be changed or handed over. */
  g_assert_cmpint (crm_test_db_changed (mgr2, "UPDATE rapport.tasks SET status = 'done' WHERE subject = $1",
                                        "Задача Котовой"),
                   ==, 0);
  sql = g_strdup_printf ("INSERT INTO rapport.tasks (subject, owner_id) VALUES ($1, %s)", w->mgr);
  crm_test_db_refused (mgr2, sql, "Чужая задача", "42501");
  crm_test_db_refused (ro, "INSERT INTO rapport.tasks (subject) VALUES ($1)", "Задача", "42501");
}

static void
on_ran_cb (CrmReminderScheduler *scheduler,
           int                   made,
           int                  *result)
{
  *result = made;
}

/* The application's scheduler asks at once when it starts (and then
 * hourly): the contract ending in ten days gets its reminder. */
static void
test_scheduler (World        *w,
                gconstpointer data)
{
  g_autoptr (CrmStore) store = crm_test_db_open_store_as (w->db.conninfo, "tsk_mgr2");
  g_autoptr (CrmReminderScheduler) scheduler = NULL;
  g_autofree char *made = NULL;
  int              result = -2;

  g_free (add_contract (w, "№ 1 / S", 10, "in_effect", w->mgr));
  scheduler = crm_reminder_scheduler_new (store);
  g_signal_connect (scheduler, "ran", G_CALLBACK (on_ran_cb), &result);
  while (crm_reminder_scheduler_get_n_runs (scheduler) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result, ==, 1);
  made = crm_test_db_query_value (w->db.conn, "SELECT subject FROM rapport.tasks WHERE kind = 'renewal'", NULL);
  g_assert_cmpstr (made, ==, "№ 1 / S Contract Renewal Reminder");

  /* Asked again: nothing more. */
  crm_reminder_scheduler_run (scheduler);
  while (crm_reminder_scheduler_get_n_runs (scheduler) == 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result, ==, 0);

  g_clear_object (&scheduler);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* `rapportctl reminders run` says how many it made; `reminders days`
 * shows and sets the setting; a bad number of days is a usage error. */
static void
run_ctl (World      *w,
         int        *status,
         char      **out,
         const char *first,
         ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *err = NULL;
  va_list          args;
  int              wait_status = 0;

  g_strv_builder_add_many (builder, RAPPORTCTL_PATH, "--database", w->db.conninfo, NULL);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);
  envp = g_environ_unsetenv (envp, "RAPPORT_DATABASE");
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (wait_status, &error))
    *status = 0;
  else if (error->domain == G_SPAWN_EXIT_ERROR)
    *status = error->code;
  else
    g_error ("rapportctl did not exit normally: %s", error->message);
  g_test_message ("rapportctl %s → %d\nstdout: %s\nstderr: %s", first, *status, *out, err);
}

static void
test_rapportctl (World        *w,
                 gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *count = NULL;
  int              status = -1;

  g_free (add_contract (w, "№ 1 / S", 10, "signed", w->mgr));
  g_free (add_contract (w, "№ 2 / S", 45, "signed", w->mgr));

  run_ctl (w, &status, &out, "reminders", "run", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Made 1 renewal reminder for contracts that end within 30 days.\n");
  g_clear_pointer (&out, g_free);
  run_ctl (w, &status, &out, "reminders", "run", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Made 0 renewal reminders for contracts that end within 30 days.\n");
  g_clear_pointer (&out, g_free);
  run_ctl (w, &status, &out, "reminders", "run", "--days", "60", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Made 1 renewal reminder for contracts that end within 60 days.\n");
  g_clear_pointer (&out, g_free);
  count = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.tasks WHERE kind = 'renewal'", NULL);
  g_assert_cmpstr (count, ==, "2");

  run_ctl (w, &status, &out, "reminders", "run", "--days", "0", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  run_ctl (w, &status, &out, "reminders", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);

  run_ctl (w, &status, &out, "reminders", "days", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Renewal reminders are made 30 days before a contract ends.\n");
  g_clear_pointer (&out, g_free);
  run_ctl (w, &status, &out, "reminders", "days", "21", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Renewal reminders are made 21 days before a contract ends.\n");
  g_clear_pointer (&out, g_free);
  g_free (count);
  count = crm_test_db_query_value (w->db.conn, "SELECT value FROM rapport.settings WHERE key = 'renewal_reminder_days'", NULL);
  g_assert_cmpstr (count, ==, "21");
}

/* The demo: seed 000's call with Игнат Редькин and its renewal reminder
 * for № 100 / S, and the employees' tasks of these days; the job finds
 * nothing to add (the demo's contracts ended in 2021). */
static void
test_demo (CrmTestFixture *f,
           gconstpointer   data)
{
  g_autofree char *count = NULL;
  g_autofree char *call = NULL;
  g_autofree char *renewal = NULL;
  g_autofree char *statuses = NULL;
  g_autoptr (GError) error = NULL;

  crm_test_db_load_demo (f->store);

  count = crm_test_db_query_value (f->conn, "SELECT count(*) FROM rapport.tasks", NULL);
  g_assert_cmpint (to_id (count), ==, CRM_DEMO_N_TASKS);
  call = crm_test_db_query_value (f->conn,
                                  "SELECT concat_ws(' | ', t.kind, t.status, c.last_name || ' ' || c.first_name, a.name,"
                                  " to_char(t.due_at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI'))"
                                  " FROM rapport.tasks t JOIN rapport.contacts c ON c.id = t.contact_id"
                                  " JOIN rapport.accounts a ON a.id = t.account_id WHERE t.subject = $1",
                                  "Созвониться для согласования даты деловой встречи");
  g_assert_cmpstr (call, ==, "call | done | Редькин Игнат | Звезда Азии | 04.09.2020 16:00");
  renewal = crm_test_db_query_value (f->conn,
                                     "SELECT concat_ws(' | ', t.kind, k.number, a.name, e.full_name, t.contract_end_date,"
                                     " to_char(t.due_at AT TIME ZONE 'UTC', 'DD.MM.YYYY HH24:MI'))"
                                     " FROM rapport.tasks t JOIN rapport.contracts k ON k.id = t.contract_id"
                                     " JOIN rapport.accounts a ON a.id = t.account_id JOIN rapport.employees e ON e.id = t.owner_id"
                                     " WHERE t.subject = $1",
                                     "№ 100 / S Contract Renewal Reminder");
  g_assert_cmpstr (renewal, ==, "renewal | № 100 / S | Звезда Азии | Анна Сергеевна Котова | 2021-08-21 | 07.08.2021 06:00");
  statuses = crm_test_db_query_value (f->conn,
                                      "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status)"
                                      " FROM (SELECT status, count(*) AS n FROM rapport.tasks GROUP BY status) s",
                                      NULL);
  g_assert_cmpstr (statuses, ==, "cancelled 1, done 3, in_progress 2, planned 7");

  g_assert_cmpint (crm_reminders_run_sync (f->store, 0, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add ("/tasks/demo", CrmTestFixture, "tasks", crm_test_fixture_set_up, test_demo, crm_test_fixture_tear_down);
#define ADD(path, func) g_test_add (path, World, "tasks", world_set_up, func, world_tear_down)
  ADD ("/tasks/save", test_save);
  ADD ("/tasks/done", test_done);
  ADD ("/tasks/renewal", test_renewal);
  ADD ("/tasks/rights", test_rights);
  ADD ("/tasks/scheduler", test_scheduler);
  ADD ("/tasks/rapportctl", test_rapportctl);
#undef ADD

  return g_test_run ();
}
