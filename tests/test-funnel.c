/* test-funnel.c — the sales funnel by month (S1, Q2) in the database: the
 * store's numbers match an independent count (a correlated count per month
 * and stage) on the demo data and on hand-made deals; a deal lost at stage
 * 3 counts at stages 0..3 only, a won deal everywhere; months apart; the
 * owner filter; a manager's funnel holds their own deals only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>

#include "crm-demo.h"
#include "crm-funnel-reader.h"
#include "crm-store.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Cluster-wide login roles of this program, dropped after each test. */
static const char *const logins[] = { "fnl_head", "fnl_mgr1", "fnl_mgr2", NULL };

typedef struct
{
  CrmTestFixture db;
  char          *mgr1, *mgr2;
  char          *account1, *account2;
} World;

static char *
add_employee (World      *w,
              const char *login,
              const char *full_name,
              const char *role)
{
  const char *params[3] = { login, full_name, role };
  g_autoptr (PGresult) res = PQexecParams (w->db.conn, "SELECT rapport.employee_add($1, NULL, $2, $3, NULL)", 3, NULL,
                                           params, NULL, NULL, 0);

  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  return g_strdup (PQgetvalue (res, 0, 0));
}

static void
world_set_up (World        *w,
              gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_drop_roles (w->db.conn, logins);

  g_free (add_employee (w, "fnl_head", "Белов Дмитрий Андреевич", "head"));
  w->mgr1 = add_employee (w, "fnl_mgr1", "Котова Анна Сергеевна", "manager");
  w->mgr2 = add_employee (w, "fnl_mgr2", "Орлов Павел Игоревич", "manager");
  w->account1 = crm_test_db_query_value (w->db.conn,
                                         "INSERT INTO rapport.accounts (name, owner_id) VALUES ('Звезда Азии', $1::bigint)"
                                         " RETURNING id",
                                         w->mgr1);
  w->account2 = crm_test_db_query_value (w->db.conn,
                                         "INSERT INTO rapport.accounts (name, owner_id) VALUES ('Поехали', $1::bigint)"
                                         " RETURNING id",
                                         w->mgr2);
}

/* The demo loads into an empty database only. */
static void
demo_set_up (World        *w,
             gconstpointer name)
{
  crm_test_fixture_set_up (&w->db, name);
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  g_autoptr (PGconn) admin = NULL;

  crm_test_fixture_tear_down (&w->db, name);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_drop_roles (admin, logins);
  g_free (w->mgr1);
  g_free (w->mgr2);
  g_free (w->account1);
  g_free (w->account2);
}

static gint64
to_id (const char *text)
{
  return g_ascii_strtoll (text, NULL, 10);
}

/* A deal of the default pipeline that entered the funnel on @entered,
 * moved to the open stage at @reached and then, for "won" or "lost", on
 * to the won or lost stage. */
static void
add_deal (World      *w,
          const char *account,
          const char *owner,
          const char *entered,
          int         reached,
          const char *outcome,
          const char *roubles)
{
  g_autofree char *position = g_strdup_printf ("%d", reached);
  const char      *params[5] = { account, owner, position, roubles, entered };
  g_autoptr (PGresult) res = NULL;
  const char *id;

  res = PQexecParams (w->db.conn,
                      "INSERT INTO rapport.deals (name, account_id, owner_id, stage_id, amount)"
                      " SELECT 'Сделка ' || $5, $1::bigint, $2::bigint, s.id, $4::bigint * 100"
                      "   FROM rapport.pipeline_stages s"
                      "  WHERE s.pipeline_id = rapport.default_pipeline() AND s.position = $3::integer"
                      " RETURNING id",
                      5, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  g_assert_cmpint (PQntuples (res), ==, 1);
  id = PQgetvalue (res, 0, 0);

  if (outcome != NULL)
    g_assert_cmpint (crm_test_db_changed (w->db.conn,
                                          g_str_equal (outcome, "won")
                                              ? "UPDATE rapport.deals d SET stage_id = s.id FROM rapport.pipeline_stages s"
                                                " WHERE d.id = $1::bigint AND s.pipeline_id = d.pipeline_id AND s.kind = 'won'"
                                              : "UPDATE rapport.deals d SET stage_id = s.id, loss_reason = 'Дорого'"
                                                " FROM rapport.pipeline_stages s"
                                                " WHERE d.id = $1::bigint AND s.pipeline_id = d.pipeline_id AND s.kind = 'lost'",
                                          id),
                     ==, 1);

  /* The month it entered: behind the stamp trigger's back. */
  {
    const char *backdate[2] = { id, entered };
    g_autoptr (PGresult) upd = NULL;

    crm_test_db_exec (w->db.conn, "SET session_replication_role = replica");
    upd = PQexecParams (w->db.conn, "UPDATE rapport.deals SET created_at = $2::date + time '12:00' WHERE id = $1::bigint",
                        2, NULL, backdate, NULL, NULL, 0);
    g_assert_cmpstr (PQresultErrorMessage (upd), ==, "");
    crm_test_db_exec (w->db.conn, "RESET session_replication_role");
  }
}

static CrmFunnel *
read_funnel (CrmStore *store,
             gint64    owner_id)
{
  g_autoptr (GError) error = NULL;
  CrmFunnel *funnel = crm_funnel_read_sync (store, 0, owner_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (funnel);
  return funnel;
}

/* The counts of @month as "count/sum count/sum …", the sums in roubles. */
static char *
stages_text (CrmFunnel *funnel,
             guint      month)
{
  g_autoptr (GListModel) stages = crm_funnel_dup_stages (funnel, month);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr (CrmFunnelStage) stage = g_list_model_get_item (stages, i);

      g_string_append_printf (s, "%s%u/%" G_GINT64_FORMAT, i ? " " : "", crm_funnel_stage_get_count (stage),
                              crm_funnel_stage_get_sum (stage) / 100);
    }
  return g_string_free (s, FALSE);
}

static char *
outcome_text (CrmFunnel *funnel,
              guint      month)
{
  guint deals = 0, won = 0, lost = 0;

  crm_funnel_get_outcome (funnel, month, &deals, &won, &lost);
  return g_strdup_printf ("%u deals, %u won, %u lost", deals, won, lost);
}

/* The same numbers counted another way, on @conn (as the same user, for
 * the same rows): per month and open stage a correlated count and sum of
 * the deals whose furthest stage is at or past it; and per month the
 * deals in won and lost stages. Every month and every stage of the
 * funnel is compared, and the funnel has no month this does not. */
static void
assert_matches_sql (PGconn    *conn,
                    CrmFunnel *funnel,
                    gint64     owner_id)
{
  g_autofree char *pipeline = g_strdup_printf ("%" G_GINT64_FORMAT, crm_funnel_get_pipeline_id (funnel));
  g_autofree char *owner = owner_id ? g_strdup_printf ("%" G_GINT64_FORMAT, owner_id) : NULL;
  const char      *params[2] = { pipeline, owner };
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GHashTable) months = g_hash_table_new (NULL, NULL);

  res = PQexecParams (conn,
                      "WITH months AS ("
                      "  SELECT DISTINCT to_char(x.created_at, 'YYYYMM')::integer AS ym"
                      "    FROM rapport.deals x"
                      "   WHERE x.pipeline_id = $1::bigint AND (x.owner_id = $2::bigint OR $2 IS NULL))"
                      " SELECT mo.ym, st.id,"
                      "   (SELECT count(*) FROM rapport.deals y"
                      "     WHERE y.pipeline_id = st.pipeline_id AND to_char(y.created_at, 'YYYYMM')::integer = mo.ym"
                      "       AND (y.owner_id = $2::bigint OR $2 IS NULL)"
                      "       AND y.reached_position >= st.position),"
                      "   (SELECT coalesce(sum(y.amount), 0) FROM rapport.deals y"
                      "     WHERE y.pipeline_id = st.pipeline_id AND to_char(y.created_at, 'YYYYMM')::integer = mo.ym"
                      "       AND (y.owner_id = $2::bigint OR $2 IS NULL)"
                      "       AND NOT y.reached_position < st.position),"
                      "   (SELECT count(*) FROM rapport.deals y JOIN rapport.pipeline_stages k ON k.id = y.stage_id"
                      "     WHERE y.pipeline_id = st.pipeline_id AND to_char(y.created_at, 'YYYYMM')::integer = mo.ym"
                      "       AND (y.owner_id = $2::bigint OR $2 IS NULL) AND k.kind = 'won'),"
                      "   (SELECT count(*) FROM rapport.deals y JOIN rapport.pipeline_stages k ON k.id = y.stage_id"
                      "     WHERE y.pipeline_id = st.pipeline_id AND to_char(y.created_at, 'YYYYMM')::integer = mo.ym"
                      "       AND (y.owner_id = $2::bigint OR $2 IS NULL) AND k.kind = 'lost')"
                      "  FROM months mo CROSS JOIN rapport.pipeline_stages st"
                      " WHERE st.pipeline_id = $1::bigint AND st.kind = 'open'"
                      " ORDER BY mo.ym DESC, st.position",
                      2, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");

  for (int r = 0; r < PQntuples (res); r++)
    {
      guint  month = (guint) to_id (PQgetvalue (res, r, 0));
      gint64 stage_id = to_id (PQgetvalue (res, r, 1));
      g_autoptr (GListModel) stages = crm_funnel_dup_stages (funnel, month);
      gboolean found = FALSE;
      guint    won = 0, lost = 0;

      g_assert_true (crm_funnel_get_outcome (funnel, month, NULL, &won, &lost));
      g_assert_cmpuint (won, ==, (guint) to_id (PQgetvalue (res, r, 4)));
      g_assert_cmpuint (lost, ==, (guint) to_id (PQgetvalue (res, r, 5)));
      g_hash_table_add (months, GUINT_TO_POINTER (month));
      for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
        {
          g_autoptr (CrmFunnelStage) stage = g_list_model_get_item (stages, i);

          if (crm_funnel_stage_get_stage_id (stage) != stage_id)
            continue;
          g_assert_false (found);
          found = TRUE;
          g_assert_cmpuint (crm_funnel_stage_get_count (stage), ==, (guint) to_id (PQgetvalue (res, r, 2)));
          g_assert_cmpint (crm_funnel_stage_get_sum (stage), ==, to_id (PQgetvalue (res, r, 3)));
        }
      g_assert_true (found);
    }
  g_assert_cmpuint (crm_funnel_get_n_months (funnel), ==, g_hash_table_size (months));
}

/* Hand-made deals: February 2020 holds a deal lost at «Договор подписан»
 * (position 3), a won one, one still in «Бассейн» (Котова's three) and
 * one at «Предварительный контакт» (Орлов's); March 2020 one of Орлов's
 * at «Назначен в работу». */
static void
add_hand_made (World *w)
{
  add_deal (w, w->account1, w->mgr1, "2020-02-03", 3, "lost", "100");
  add_deal (w, w->account1, w->mgr1, "2020-02-10", 4, "won", "200");
  add_deal (w, w->account1, w->mgr1, "2020-02-28", 0, NULL, "300");
  add_deal (w, w->account2, w->mgr2, "2020-02-14", 2, NULL, "400");
  add_deal (w, w->account2, w->mgr2, "2020-03-01", 1, NULL, "500");
}

static void
test_hand_made (World        *w,
                gconstpointer name)
{
  g_autoptr (CrmFunnel) all = NULL;
  g_autoptr (CrmFunnel) mine = NULL;
  g_autoptr (GListModel) stages = NULL;
  g_autoptr (CrmFunnelStage) first = NULL;
  g_autoptr (CrmFunnelStage) last = NULL;
  g_autofree char *text = NULL;

  add_hand_made (w);
  all = read_funnel (w->db.store, 0);

  /* The months, newest first; the stages of «Продажи» in order. */
  g_assert_cmpuint (crm_funnel_get_n_months (all), ==, 2);
  g_assert_cmpuint (crm_funnel_get_month (all, 0), ==, 202003);
  g_assert_cmpuint (crm_funnel_get_month (all, 1), ==, 202002);
  g_assert_cmpuint (crm_funnel_get_n_pipelines (all), ==, 1);
  g_assert_cmpuint (crm_funnel_get_n_owners (all), ==, 2);
  stages = crm_funnel_dup_stages (all, 202002);
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 5);
  first = g_list_model_get_item (stages, 0);
  last = g_list_model_get_item (stages, 4);
  g_assert_cmpstr (crm_funnel_stage_get_name (first), ==, "Бассейн");
  g_assert_cmpstr (crm_funnel_stage_get_name (last), ==, "Первая продажа");
  g_assert_cmpfloat (crm_funnel_stage_get_conversion (first), <, 0);
  /* One of two deals at «Договор подписан» got to «Первая продажа». */
  g_assert_cmpfloat_with_epsilon (crm_funnel_stage_get_conversion (last), 50.0, 0.001);

  /* Lost at 3: stages 0..3; won: every stage; months apart. */
  text = stages_text (all, 202002);
  g_assert_cmpstr (text, ==, "4/1000 3/700 3/700 2/300 1/200");
  g_clear_pointer (&text, g_free);
  text = outcome_text (all, 202002);
  g_assert_cmpstr (text, ==, "4 deals, 1 won, 1 lost");
  g_clear_pointer (&text, g_free);
  text = stages_text (all, 202003);
  g_assert_cmpstr (text, ==, "1/500 1/500 0/0 0/0 0/0");
  g_clear_pointer (&text, g_free);
  text = stages_text (all, CRM_FUNNEL_ALL_MONTHS);
  g_assert_cmpstr (text, ==, "5/1500 4/1200 3/700 2/300 1/200");
  g_clear_pointer (&text, g_free);
  text = outcome_text (all, CRM_FUNNEL_ALL_MONTHS);
  g_assert_cmpstr (text, ==, "5 deals, 1 won, 1 lost");
  g_clear_pointer (&text, g_free);

  /* A month without deals is empty. */
  g_clear_object (&stages);
  stages = crm_funnel_dup_stages (all, 202001);
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 0);
  g_assert_false (crm_funnel_get_outcome (all, 202001, NULL, NULL, NULL));

  /* One owner's deals only. */
  mine = read_funnel (w->db.store, to_id (w->mgr1));
  g_assert_cmpuint (crm_funnel_get_n_months (mine), ==, 1);
  text = stages_text (mine, 202002);
  g_assert_cmpstr (text, ==, "3/600 2/300 2/300 2/300 1/200");
  g_clear_pointer (&text, g_free);

  assert_matches_sql (w->db.conn, all, 0);
  assert_matches_sql (w->db.conn, mine, to_id (w->mgr1));
}

/* A manager's funnel: their own deals, and only themselves to filter by;
 * asking for somebody else's deals finds none. */
static void
test_manager (World        *w,
              gconstpointer name)
{
  g_autofree char *conninfo = g_strdup_printf ("%s user=fnl_mgr2", w->db.conninfo);
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (PGconn) conn = NULL;
  g_autoptr (CrmFunnel) funnel = NULL;
  g_autoptr (CrmFunnel) other = NULL;
  g_autofree char *text = NULL;
  const char      *name_of = NULL;

  add_hand_made (w);
  store = crm_test_db_open_store (conninfo);
  conn = crm_test_db_connect (conninfo);

  funnel = read_funnel (store, 0);
  g_assert_cmpuint (crm_funnel_get_n_owners (funnel), ==, 1);
  g_assert_cmpint (crm_funnel_get_owner (funnel, 0, &name_of), ==, to_id (w->mgr2));
  g_assert_cmpstr (name_of, ==, "Орлов Павел Игоревич");
  text = stages_text (funnel, 202002);
  g_assert_cmpstr (text, ==, "1/400 1/400 1/400 0/0 0/0");
  g_clear_pointer (&text, g_free);
  text = outcome_text (funnel, 202002);
  g_assert_cmpstr (text, ==, "1 deals, 0 won, 0 lost");
  g_clear_pointer (&text, g_free);
  assert_matches_sql (conn, funnel, 0);

  other = read_funnel (store, to_id (w->mgr1));
  g_assert_cmpuint (crm_funnel_get_n_months (other), ==, 0);

  g_clear_pointer (&conn, PQfinish);
  crm_test_assert_finalized (g_steal_pointer (&store));
}

/* The demo's deals: every month, for everybody and for each owner. */
static void
test_demo (World        *w,
           gconstpointer name)
{
  g_autoptr (CrmFunnel) all = NULL;

  crm_test_db_load_demo (w->db.store);
  all = read_funnel (w->db.store, 0);
  g_assert_cmpuint (crm_funnel_get_n_months (all), >=, 2);
  g_assert_cmpuint (crm_funnel_get_n_owners (all), >=, 2);
  assert_matches_sql (w->db.conn, all, 0);

  for (guint i = 0; i < crm_funnel_get_n_owners (all); i++)
    {
      gint64 owner = crm_funnel_get_owner (all, i, NULL);
      g_autoptr (CrmFunnel) mine = read_funnel (w->db.store, owner);

      g_assert_cmpuint (crm_funnel_get_n_months (mine), >=, 1);
      assert_matches_sql (w->db.conn, mine, owner);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add ("/funnel/hand-made", World, "funnel_hand", world_set_up, test_hand_made, world_tear_down);
  g_test_add ("/funnel/manager", World, "funnel_mgr", world_set_up, test_manager, world_tear_down);
  g_test_add ("/funnel/demo", World, "funnel_demo", demo_set_up, test_demo, world_tear_down);

  return g_test_run ();
}
