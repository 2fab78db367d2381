/* test-deals.c — deals (S1), pipelines and stages in the database: the
 * default pipeline, a new deal's first stage, the stage rules (probability,
 * closing, a lost deal's reason, the furthest stage reached), every move
 * recorded and audited, a stage holding deals deleted only with where its
 * deals go, pipelines changed only by heads, absurd amounts refused, and
 * the demo's deals across the funnel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "crm-account-totals.h"
#include "crm-deal.h"
#include "crm-demo.h"
#include "crm-pipeline.h"
#include "crm-store.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Cluster-wide login roles of this program, dropped after each test. */
static const char *const logins[] = { "deal_head", "deal_mgr", "deal_mgr2", NULL };

typedef struct
{
  CrmTestFixture db;
  char          *mgr, *mgr2;
  char          *account;
} World;

static void
world_set_up (World        *w,
              gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  g_free (crm_test_db_add_employee (w->db.conn, "deal_head", "Белов Дмитрий Андреевич", "head", NULL));
  w->mgr = crm_test_db_add_employee (w->db.conn, "deal_mgr", "Котова Анна Сергеевна", "manager", NULL);
  w->mgr2 = crm_test_db_add_employee (w->db.conn, "deal_mgr2", "Гусев Павел Игоревич", "manager", NULL);
  w->account = crm_test_db_query_value (w->db.conn,
                                        "INSERT INTO rapport.accounts (name, inn, owner_id) VALUES ('Звезда Азии', '7707083893', $1::bigint)"
                                        " RETURNING id",
                                        w->mgr);
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
  g_free (w->mgr2);
  g_free (w->account);
}

static char *
stage_id (World      *w,
          const char *name)
{
  return crm_test_db_query_value (w->db.conn,
                                  "SELECT id FROM rapport.pipeline_stages WHERE pipeline_id = rapport.default_pipeline() AND name = $1",
                                  name);
}

static char *
new_deal (World      *w,
          PGconn     *conn,
          const char *name)
{
  const char *params[2] = { name, w->account };
  PGresult   *res = PQexecParams (conn,
                                  "INSERT INTO rapport.deals (name, account_id, amount, owner_id)"
                                    " SELECT $1, a.id, 150000000, a.owner_id FROM rapport.accounts a WHERE a.id = $2::bigint"
                                    " RETURNING id",
                                  2, NULL, params, NULL, NULL, 0);
  char       *id;

  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return id;
}

static void
move (PGconn     *conn,
      const char *deal,
      const char *stage,
      const char *reason)
{
  const char *params[3] = { deal, stage, reason };
  PGresult   *res = PQexecParams (conn,
                                  "UPDATE rapport.deals SET stage_id = $2::bigint, loss_reason = coalesce($3, loss_reason)"
                                    " WHERE id = $1::bigint",
                                  3, NULL, params, NULL, NULL, 0);

  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  g_assert_cmpstr (PQcmdTuples (res), ==, "1");
  PQclear (res);
}

/* The default pipeline «Продажи» has the seed's five stages, then won and
 * lost; a new deal starts in «Бассейн» with its probability, the pipeline
 * following from the stage. */
static void
test_default_pipeline (World        *w,
                       gconstpointer data)
{
  g_autofree char *stages = crm_test_db_query_value (w->db.conn,
                                                     "SELECT string_agg(name || ':' || kind || ':' || probability, ', ' ORDER BY position)"
                                                     " FROM rapport.pipeline_stages WHERE pipeline_id = rapport.default_pipeline()",
                                                     NULL);
  g_autofree char *pipeline = crm_test_db_query_value (w->db.conn, "SELECT name FROM rapport.pipelines WHERE is_default", NULL);
  g_autofree char *deal = new_deal (w, w->db.conn, "Продажа авиабилетов");
  g_autofree char *where = crm_test_db_query_value (w->db.conn,
                                                    "SELECT s.name || '/' || d.probability || '/' || (d.pipeline_id = s.pipeline_id)"
                                                    " || '/' || (d.closed_on IS NULL)"
                                                    " FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
                                                    " WHERE d.id = $1::bigint",
                                                    deal);

  g_assert_cmpstr (pipeline, ==, "Продажи");
  g_assert_cmpstr (stages, ==,
                   "Бассейн:open:5, Назначен в работу:open:10, Предварительный контакт:open:25, "
                   "Договор подписан:open:70, Первая продажа:open:90, Выиграна:won:100, Проиграна:lost:0");
  g_assert_cmpstr (where, ==, "Бассейн/5/true/true");
}

/* Entering a stage sets its probability unless the same save sets one;
 * a won stage closes the deal today and counts it as having passed every
 * open stage; a lost one needs its reason and keeps how far it got; back
 * in an open stage the deal is open again. */
static void
test_stage_rules (World        *w,
                  gconstpointer data)
{
  g_autofree char *deal = new_deal (w, w->db.conn, "Корпоративное обслуживание");
  g_autofree char *contact = stage_id (w, "Предварительный контакт");
  g_autofree char *signed_ = stage_id (w, "Договор подписан");
  g_autofree char *won = stage_id (w, "Выиграна");
  g_autofree char *lost = stage_id (w, "Проиграна");
  g_autofree char *pool = stage_id (w, "Бассейн");
  g_autofree char *constraint = NULL;
  g_autofree char *state = NULL;
  g_autofree char *own = NULL;

  move (w->db.conn, deal, contact, NULL);
  state = crm_test_db_query_value (w->db.conn, "SELECT probability || '/' || reached_position FROM rapport.deals WHERE id = $1::bigint",
                                   deal);
  g_assert_cmpstr (state, ==, "25/2");
  g_clear_pointer (&state, g_free);

  /* Lost without a reason: refused, the deal where it was. */
  constraint = crm_test_db_refused_constraint (w->db.conn, "UPDATE rapport.deals SET stage_id = (SELECT id FROM rapport.pipeline_stages"
                                                           " WHERE name = 'Проиграна') WHERE id = $1::bigint",
                                               deal, "23514");
  g_assert_cmpstr (constraint, ==, "deals_loss_reason_check");
  g_assert_cmpstr (crm_record_type_constraint_message (&crm_deal_type, constraint), ==, "say why the deal was lost");

  move (w->db.conn, deal, lost, "Выбрали конкурента");
  state = crm_test_db_query_value (w->db.conn,
                                   "SELECT probability || '/' || reached_position || '/' || (closed_on = current_date)"
                                   " FROM rapport.deals WHERE id = $1::bigint",
                                   deal);
  g_assert_cmpstr (state, ==, "0/2/true");
  g_clear_pointer (&state, g_free);

  /* Reopened: open, no closing date, still having reached the contact. */
  move (w->db.conn, deal, pool, NULL);
  state = crm_test_db_query_value (w->db.conn,
                                   "SELECT probability || '/' || reached_position || '/' || (closed_on IS NULL)"
                                   " FROM rapport.deals WHERE id = $1::bigint",
                                   deal);
  g_assert_cmpstr (state, ==, "5/2/true");
  g_clear_pointer (&state, g_free);

  /* A probability set in the same save wins over the stage's. */
  {
    const char *params[2] = { deal, signed_ };
    PGresult   *res = PQexecParams (w->db.conn,
                                    "UPDATE rapport.deals SET stage_id = $2::bigint, probability = 55 WHERE id = $1::bigint",
                                    2, NULL, params, NULL, NULL, 0);

    g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
    PQclear (res);
  }
  own = crm_test_db_query_value (w->db.conn, "SELECT probability FROM rapport.deals WHERE id = $1::bigint", deal);
  g_assert_cmpstr (own, ==, "55");

  move (w->db.conn, deal, won, NULL);
  state = crm_test_db_query_value (w->db.conn,
                                   "SELECT probability || '/' || reached_position || '/' || (closed_on = current_date)"
                                   " FROM rapport.deals WHERE id = $1::bigint",
                                   deal);
  g_assert_cmpstr (state, ==, "100/4/true");
}

/* Every move is written down with who made it, and the audit trail has
 * the stage change too. */
static void
test_moves_recorded (World        *w,
                     gconstpointer data)
{
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "deal_mgr");
  g_autofree char *deal = new_deal (w, mgr, "Ж/д билеты для бригад");
  g_autofree char *assigned = stage_id (w, "Назначен в работу");
  g_autofree char *signed_ = stage_id (w, "Договор подписан");
  g_autofree char *moves = NULL;
  g_autofree char *audited = NULL;
  g_autofree char *theirs = NULL;

  move (mgr, deal, assigned, NULL);
  move (mgr, deal, signed_, NULL);

  moves = crm_test_db_query_value (w->db.conn,
                                   "SELECT string_agg(coalesce(f.name, '-') || '→' || t.name || ' ' || m.moved_by"
                                   "                  || ' ' || (m.employee_id = e.id), '; ' ORDER BY m.id)"
                                   " FROM rapport.deal_stage_moves m"
                                   " LEFT JOIN rapport.pipeline_stages f ON f.id = m.from_stage_id"
                                   " JOIN rapport.pipeline_stages t ON t.id = m.to_stage_id"
                                   " JOIN rapport.employees e ON e.login = 'deal_mgr'"
                                   " WHERE m.deal_id = $1::bigint",
                                   deal);
  g_assert_cmpstr (moves, ==,
                   "-→Бассейн deal_mgr true; Бассейн→Назначен в работу deal_mgr true; "
                   "Назначен в работу→Договор подписан deal_mgr true");

  audited = crm_test_db_query_value (w->db.conn,
                                     "SELECT count(*) FROM rapport.audit_log l WHERE l.table_name = 'deals' AND l.record_id = $1::bigint"
                                     " AND l.op = 'U' AND l.fields ? 'stage_id'",
                                     deal);
  g_assert_cmpstr (audited, ==, "2");

  /* The manager reads the moves of their deal; another manager sees none. */
  theirs = crm_test_db_query_value (mgr, "SELECT count(*) FROM rapport.deal_stage_moves WHERE deal_id = $1::bigint", deal);
  g_assert_cmpstr (theirs, ==, "3");
  {
    g_autoptr (PGconn) other = crm_test_db_connect_as (w->db.conninfo, "deal_mgr2");
    g_autofree char *none = crm_test_db_query_value (other, "SELECT count(*) FROM rapport.deal_stage_moves WHERE deal_id = $1::bigint",
                                                     deal);
    g_autofree char *hidden = crm_test_db_query_value (other, "SELECT count(*) FROM rapport.deals WHERE id = $1::bigint", deal);

    g_assert_cmpstr (none, ==, "0");
    g_assert_cmpstr (hidden, ==, "0");
    /* Nobody writes a move by hand. */
    crm_test_db_refused (other, "INSERT INTO rapport.deal_stage_moves (deal_id) VALUES ($1::bigint)", deal, "42501");
  }
}

/* A stage holding deals is crm_test_db_refused_constraint (saying how many) until the deals
 * have somewhere to go; then they move and the stage is gone. Managers
 * change no pipeline. */
static void
test_delete_stage (World        *w,
                   gconstpointer data)
{
  g_autoptr (PGconn) head = crm_test_db_connect_as (w->db.conninfo, "deal_head");
  g_autoptr (PGconn) mgr = crm_test_db_connect_as (w->db.conninfo, "deal_mgr");
  g_autofree char *deal = new_deal (w, w->db.conn, "Туры для сотрудников");
  g_autofree char *contact = stage_id (w, "Предварительный контакт");
  g_autofree char *assigned = stage_id (w, "Назначен в работу");
  g_autofree char *lost = stage_id (w, "Проиграна");
  g_autofree char *constraint = NULL;
  g_autofree char *where = NULL;
  g_autofree char *left = NULL;
  g_autofree char *sql = NULL;
  PGresult        *res;

  move (w->db.conn, deal, contact, NULL);

  /* Managers: no deleting, renaming or adding stages. */
  crm_test_db_refused (mgr, "SELECT rapport.delete_stage($1::bigint, NULL)", contact, "42501");
  g_assert_cmpint (crm_test_db_changed (mgr, "UPDATE rapport.pipeline_stages SET name = 'X' WHERE id = $1::bigint",
                                        contact),
                   ==, 0);
  crm_test_db_refused (mgr, "INSERT INTO rapport.pipeline_stages (pipeline_id, name) VALUES ($1::bigint, 'Тендер')",
                       "1", "42501");

  /* The head: refused while it holds the deal, and the error says so. */
  {
    const char *params[1] = { contact };

    res = PQexecParams (head, "SELECT rapport.delete_stage($1::bigint, NULL)", 1, NULL, params, NULL, NULL, 0);
    g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
    g_assert_nonnull (strstr (PQresultErrorMessage (res), "holds 1 deals"));
    constraint = g_strdup (PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME));
    PQclear (res);
  }
  g_assert_cmpstr (crm_record_type_constraint_message (&crm_pipeline_stage_type, constraint), ==,
                   "the stage still holds deals: say where to move them");

  /* Not into itself, nor into another pipeline. */
  sql = g_strdup_printf ("SELECT rapport.delete_stage($1::bigint, %s)", contact); /* sql-identifier: an id */
  crm_test_db_refused (head, sql, contact, "22023");

  /* Into «Назначен в работу»: the deal moves, the stage is gone. */
  {
    const char *params[2] = { contact, assigned };

    res = PQexecParams (head, "SELECT rapport.delete_stage($1::bigint, $2::bigint)", 2, NULL, params, NULL, NULL, 0);
    g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
    g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "1");
    PQclear (res);
  }
  where = crm_test_db_query_value (w->db.conn, "SELECT s.name FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
                                               " WHERE d.id = $1::bigint",
                                   deal);
  g_assert_cmpstr (where, ==, "Назначен в работу");
  left = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.pipeline_stages WHERE id = $1::bigint", contact);
  g_assert_cmpstr (left, ==, "0");

  /* An empty stage goes without asking; a stage moved into «lost» gets a
   * reason of its own. */
  {
    g_autofree char *empty = crm_test_db_query_value (head,
                                                      "INSERT INTO rapport.pipeline_stages (pipeline_id, name, position)"
                                                      " VALUES (rapport.default_pipeline(), 'Тендер', 3) RETURNING id",
                                                      NULL);
    g_autofree char *gone = NULL;
    g_autofree char *reason = NULL;
    const char      *params[2] = { assigned, lost };

    g_assert_cmpint (crm_test_db_changed (head, "SELECT rapport.delete_stage($1::bigint, NULL)", empty), ==, 1);
    gone = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.pipeline_stages WHERE id = $1::bigint", empty);
    g_assert_cmpstr (gone, ==, "0");

    res = PQexecParams (head, "SELECT rapport.delete_stage($1::bigint, $2::bigint)", 2, NULL, params, NULL, NULL, 0);
    g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
    PQclear (res);
    reason = crm_test_db_query_value (w->db.conn, "SELECT loss_reason FROM rapport.deals WHERE id = $1::bigint", deal);
    g_assert_cmpstr (reason, ==, "Этап «Назначен в работу» удалён");
  }
}

/* A deal of a trillion roubles and a kopeck is a slip: validation says so
 * next to Amount, and the database refuses it too; so does a probability
 * over 100. */
static void
test_absurd_amounts (World        *w,
                     gconstpointer data)
{
  g_autoptr (CrmRecord) deal = crm_record_new (&crm_deal_type);
  g_autoptr (GHashTable) field_errors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autofree char *constraint = NULL;
  g_autofree char *other = new_deal (w, w->db.conn, "Ещё одна");

  crm_record_set_string (deal, "name", "Опечатка");
  crm_record_set_int (deal, "account_id", g_ascii_strtoll (w->account, NULL, 10));
  /* As typed in the form: the field takes the sum, the record refuses it. */
  {
    const CrmField  *amount = crm_record_type_get_field (&crm_deal_type, "amount");
    g_autofree char *kopecks = NULL;
    g_autofree char *negative = NULL;

    g_assert_true (crm_field_check_text (amount, "1 000 000 000 000,01", &kopecks, &error));
    g_assert_no_error (error);
    g_assert_true (crm_record_set_text (deal, "amount", kopecks, &error));
    g_assert_no_error (error);
    g_assert_cmpint (crm_record_get_int (deal, "amount"), ==, CRM_DEAL_MAX_AMOUNT + 1);
    g_assert_false (crm_record_validate (deal, &field_errors, &error));
    g_assert_cmpstr (error->message, ==, "Amount: a deal's amount is between 0 and 1 000 000 000 000 ₽");
    g_assert_true (g_hash_table_contains (field_errors, "amount"));
    g_clear_error (&error);

    g_assert_false (crm_field_check_text (amount, "-5", &negative, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  constraint = crm_test_db_refused_constraint (w->db.conn, "UPDATE rapport.deals SET amount = 100000000000001 WHERE id = $1::bigint",
                                               other, "23514");
  g_assert_cmpstr (constraint, ==, "deals_amount_check");

  crm_record_set_int (deal, "amount", 150000000);
  crm_record_set_int (deal, "probability", 140);
  g_assert_false (crm_record_validate (deal, &field_errors, &error));
  g_assert_true (g_hash_table_contains (field_errors, "probability"));
  g_clear_error (&error);

  crm_record_set_int (deal, "probability", 40);
  saved = crm_store_save_sync (w->db.store, deal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_int (saved, "amount"), ==, 150000000);
  g_assert_cmpint (crm_record_get_int (saved, "probability"), ==, 40);
  g_assert_cmpstr (crm_record_get_string (saved, "stage_name"), ==, "Бассейн");
  g_assert_cmpstr (crm_record_get_string (saved, "currency"), ==, "RUB");
}

/* An account's figures: the open pipeline (weighted by probability) and
 * what was won this year, in roubles; a deal in dollars counted apart; a
 * manager's figures only count the deals they may see. */
static void
test_account_totals (World        *w,
                     gconstpointer data)
{
  g_autofree char *open1 = new_deal (w, w->db.conn, "Авиабилеты");
  g_autofree char *open2 = new_deal (w, w->db.conn, "Ж/д билеты");
  g_autofree char *won = new_deal (w, w->db.conn, "Туры");
  g_autofree char *lost = new_deal (w, w->db.conn, "Визы");
  g_autofree char *dollars = new_deal (w, w->db.conn, "Дубай");
  g_autofree char *won_stage = stage_id (w, "Выиграна");
  g_autofree char *lost_stage = stage_id (w, "Проиграна");
  g_autofree char *contact = stage_id (w, "Предварительный контакт");
  g_autoptr (GError) error = NULL;
  g_autofree CrmAccountTotals *all = NULL;
  g_autofree CrmAccountTotals *mine = NULL;
  g_autoptr (CrmStore) mgr = NULL;
  g_autofree char *mgr_conninfo = g_strdup_printf ("%s user=deal_mgr", w->db.conninfo);

  move (w->db.conn, open2, contact, NULL); /* 25 % */
  move (w->db.conn, won, won_stage, NULL);
  move (w->db.conn, lost, lost_stage, "Нет бюджета");
  g_assert_cmpint (crm_test_db_changed (w->db.conn, "UPDATE rapport.deals SET currency = 'USD' WHERE id = $1::bigint",
                                        dollars),
                   ==, 1);
  /* The second open deal is the other manager's. */
  {
    const char *params[2] = { open2, w->mgr2 };
    PGresult   *res = PQexecParams (w->db.conn, "UPDATE rapport.deals SET owner_id = $2::bigint WHERE id = $1::bigint",
                                    2, NULL, params, NULL, NULL, 0);

    g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
    PQclear (res);
  }

  all = crm_account_totals_sync (w->db.store, g_ascii_strtoll (w->account, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->open_count, ==, 2);
  g_assert_cmpint (all->open_sum, ==, 300000000);
  /* 1 500 000 × 5 % + 1 500 000 × 25 % */
  g_assert_cmpint (all->weighted_sum, ==, 7500000 + 37500000);
  g_assert_cmpuint (all->won_count, ==, 1);
  g_assert_cmpint (all->won_sum, ==, 150000000);
  g_assert_cmpuint (all->other_currencies, ==, 1);

  mgr = crm_test_db_open_store (mgr_conninfo);
  mine = crm_account_totals_sync (mgr, g_ascii_strtoll (w->account, NULL, 10), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->open_count, ==, 1);
  g_assert_cmpint (mine->open_sum, ==, 150000000);
  crm_test_assert_finalized (g_steal_pointer (&mgr));
}

/* The demo: seed 000's February 2020 funnel of six agencies, then deals
 * in every stage, won and lost ones with their dates and reasons. */
static void
test_demo (World        *w,
           gconstpointer data)
{
  g_autofree char *n = NULL;
  g_autofree char *february = NULL;
  g_autofree char *stages = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *closed = NULL;

  g_autoptr (GError) error = NULL;
  gboolean loaded = FALSE;

  /* The world's own account is there already: load the demo beside it. */
  crm_demo_load_full (w->db.conn, CRM_DEMO_LOAD_FORCE, &loaded, &error);
  g_assert_no_error (error);
  g_assert_true (loaded);

  n = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.deals", NULL);
  g_assert_cmpint (atoi (n), ==, CRM_DEMO_N_DEALS);

  february = crm_test_db_query_value (w->db.conn,
                                      "SELECT string_agg(a.name || ':' || s.name, ', ' ORDER BY d.id)"
                                      " FROM rapport.deals d JOIN rapport.accounts a ON a.id = d.account_id"
                                      " JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
                                      " WHERE date_trunc('month', d.created_at) = '2020-02-01' AND a.name IN ('Звезда Азии', 'Поехали')",
                                      NULL);
  g_assert_cmpstr (february, ==, "Звезда Азии:Выиграна, Поехали:Первая продажа");

  stages = crm_test_db_query_value (w->db.conn,
                                    "SELECT count(DISTINCT d.stage_id) FROM rapport.deals d"
                                    " WHERE d.pipeline_id = rapport.default_pipeline()",
                                    NULL);
  g_assert_cmpstr (stages, ==, "7");

  lost = crm_test_db_query_value (w->db.conn, "SELECT count(*) FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
                                              " WHERE s.kind = 'lost' AND btrim(coalesce(d.loss_reason, '')) = ''",
                                  NULL);
  g_assert_cmpstr (lost, ==, "0");
  closed = crm_test_db_query_value (w->db.conn,
                                    "SELECT count(*) FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
                                    " WHERE (s.kind = 'open') <> (d.closed_on IS NULL) OR d.closed_on > current_date"
                                    " OR d.created_at > now()",
                                    NULL);
  g_assert_cmpstr (closed, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, fn) g_test_add ("/deals/" path, World, path, world_set_up, fn, world_tear_down)
  ADD ("default-pipeline", test_default_pipeline);
  ADD ("stage-rules", test_stage_rules);
  ADD ("moves-recorded", test_moves_recorded);
  ADD ("delete-stage", test_delete_stage);
  ADD ("absurd-amounts", test_absurd_amounts);
  ADD ("account-totals", test_account_totals);
  ADD ("demo", test_demo);
#undef ADD

  return g_test_run ();
}
