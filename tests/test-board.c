/* test-board.c — the deals pipeline board without a display (S1): which
 * deal lands in which column, the columns' counts and sums under the
 * responsible and period filters, a move saved with the version check (a
 * stale version refused, the row unchanged), undo moving it back, a lost
 * stage refused without its reason (by validation and by the database),
 * every move written to deal_stage_moves, and a move made by another
 * workstation showing up in the columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "crm-board.h"
#include "crm-deal-totals.h"
#include "crm-deal.h"
#include "crm-test-db.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

typedef struct
{
  CrmTestFixture db;
  CrmContext    *context;
  CrmBoard      *board;
  char          *anna, *boris;
  gint64         stage[7]; /* by position: 5 open, won, lost */
} World;

static const char *const stage_names[] = { "Бассейн", "Назначен в работу", "Предварительный контакт",
                                           "Договор подписан", "Первая продажа", "Выиграна", "Проиграна" };

typedef gboolean (*Condition) (World *w, gpointer data);

static void
wait_for (World      *w,
          Condition   condition,
          gpointer    data,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (w, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Ready, the totals read again after every change, no list checking
 * changes or loading. */
static gboolean
board_settled (World   *w,
               gpointer data)
{
  GListModel *columns = crm_board_get_columns (w->board);

  if (!crm_board_get_ready (w->board) || crm_board_get_refreshing (w->board))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (columns, i);
      CrmRecordList *deals = crm_board_column_get_deals (column);

      if (crm_record_list_get_loading (deals) || crm_record_list_get_checking_changes (deals))
        return FALSE;
    }
  return TRUE;
}

static char *
insert_deal (World      *w,
             const char *name,
             int         position,
             const char *amount,
             const char *expected_close,
             const char *owner)
{
  g_autofree char *stage = g_strdup_printf ("%" G_GINT64_FORMAT, w->stage[position]);
  const char      *params[6] = { name, stage, amount, expected_close, owner, position == 6 ? "Дорого" : NULL };
  PGresult        *res;
  char            *id;

  res = PQexecParams (w->db.conn,
                      "INSERT INTO rapport.deals (name, account_id, stage_id, amount, expected_close, owner_id, "
                      "loss_reason) SELECT $1, a.id, $2::bigint, $3::bigint, $4::date, $5::bigint, $6 "
                      "FROM rapport.accounts a WHERE a.name = 'ООО «Ветер»' RETURNING id",
                      6, NULL, params, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorMessage (res), ==, "");
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return id;
}

static char *
value (World      *w,
       const char *sql,
       const char *param)
{
  return crm_test_db_query_value (w->db.conn, sql, param);
}

static void
world_set_up (World        *w,
              gconstpointer name)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 6, 15, 12, 0, 0);
  g_autofree char *anna = NULL;

  crm_test_fixture_set_up (&w->db, name);
  crm_test_db_exec (w->db.conn, "INSERT INTO rapport.accounts (name) VALUES ('ООО «Ветер»')");
  w->anna = value (w, "INSERT INTO rapport.employees (full_name) VALUES ($1) RETURNING id", "Анна Орлова");
  w->boris = value (w, "INSERT INTO rapport.employees (full_name) VALUES ($1) RETURNING id", "Борис Ким");
  for (guint i = 0; i < G_N_ELEMENTS (stage_names); i++)
    {
      g_autofree char *id = value (w, "SELECT id FROM rapport.pipeline_stages WHERE name = $1", stage_names[i]);

      g_assert_nonnull (id);
      w->stage[i] = g_ascii_strtoll (id, NULL, 10);
    }

  g_free (insert_deal (w, "Тур в Сочи", 0, "10000000", "2026-06-20", w->anna));
  g_free (insert_deal (w, "Визы Шенген", 0, "5000000", "2026-08-10", w->boris));
  g_free (insert_deal (w, "Корпоратив", 0, NULL, NULL, w->anna));
  g_free (insert_deal (w, "Ж/д билеты", 2, "2500000", "2026-06-30", w->boris));
  g_free (insert_deal (w, "Страховка", 3, "7000000", "2026-12-01", w->anna));
  g_free (insert_deal (w, "Круиз", 5, "30000000", "2026-05-01", w->anna));
  g_free (insert_deal (w, "Авиабилеты", 6, "1000000", "2026-06-05", w->boris));

  w->context = crm_context_new (w->db.store, NULL);
  crm_context_set_now (w->context, now);
  w->board = crm_board_new (w->context);
  crm_board_start (w->board);
  wait_for (w, board_settled, NULL, "the board shows the pipeline");
}

static void
world_tear_down (World        *w,
                 gconstpointer name)
{
  crm_test_assert_finalized (g_steal_pointer (&w->board));
  g_clear_object (&w->context);
  g_free (w->anna);
  g_free (w->boris);
  crm_test_fixture_tear_down (&w->db, name);
}

/* "name:count:sum;" for every column, and the deals of each in order. */
static char *
describe (World *w)
{
  GListModel *columns = crm_board_get_columns (w->board);
  GString    *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (columns, i);
      GListModel *deals = G_LIST_MODEL (crm_board_column_get_deals (column));

      g_string_append_printf (out, "%s %u %" G_GINT64_FORMAT, crm_board_column_get_name (column),
                              crm_board_column_get_count (column), crm_board_column_get_sum (column) / 100);
      if (g_list_model_get_n_items (deals) != crm_board_column_get_count (column))
        g_string_append_printf (out, " (%u listed)", g_list_model_get_n_items (deals));
      for (guint j = 0; j < g_list_model_get_n_items (deals); j++)
        {
          g_autoptr (CrmRecord) deal = g_list_model_get_item (deals, j);

          while (!crm_record_get_loaded (deal))
            g_main_context_iteration (NULL, TRUE);
          g_string_append_printf (out, "%s%s", j == 0 ? ": " : ", ", crm_record_get_string (deal, "name"));
          if (crm_record_get_string (deal, "next_task_subject") != NULL)
            g_string_append_printf (out, " [%s]", crm_record_get_string (deal, "next_task_subject"));
        }
      g_string_append (out, "\n");
    }
  return g_string_free (out, FALSE);
}

/* The board settles on @expected (changes from elsewhere take a moment
 * to arrive). */
static void
check_board (World      *w,
             const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *seen = NULL;

      wait_for (w, board_settled, NULL, "the board shows the filter's deals");
      seen = describe (w);
      if (g_str_equal (seen, expected) || g_get_monotonic_time () > deadline)
        {
          g_assert_cmpstr (seen, ==, expected);
          return;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static void
test_columns (World        *w,
              gconstpointer data)
{
  CrmBoardColumn *lost;

  g_assert_cmpint (crm_board_get_pipeline_id (w->board), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (crm_board_get_pipelines (w->board)), ==, 1);
  lost = crm_board_find_column (w->board, w->stage[6]);
  g_assert_nonnull (lost);
  g_assert_cmpint (crm_board_column_get_kind (lost), ==, CRM_STAGE_LOST);
  g_assert_false (crm_board_column_get_sum_withheld (lost));

  /* Everyone, any time: open stages in order, then won and lost; soonest
   * expected close first, none last. */
  check_board (w, "Бассейн 3 150000: Тур в Сочи, Визы Шенген, Корпоратив\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 1 25000: Ж/д билеты\n"
                  "Договор подписан 1 70000: Страховка\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 1 10000: Авиабилеты\n");

  crm_board_set_owner_id (w->board, g_ascii_strtoll (w->anna, NULL, 10));
  check_board (w, "Бассейн 2 100000: Тур в Сочи, Корпоратив\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 0 0\n"
                  "Договор подписан 1 70000: Страховка\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 0 0\n");

  /* Anna's closing in June 2026 (the clock says 15 June). */
  crm_board_set_period (w->board, CRM_BOARD_PERIOD_MONTH, CRM_BOARD_DATE_EXPECTED_CLOSE);
  check_board (w, "Бассейн 1 100000: Тур в Сочи\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 0 0\n"
                  "Договор подписан 0 0\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 0 0\n"
                  "Проиграна 0 0\n");

  crm_board_set_owner_id (w->board, 0);
  crm_board_set_period (w->board, CRM_BOARD_PERIOD_QUARTER, CRM_BOARD_DATE_EXPECTED_CLOSE);
  check_board (w, "Бассейн 1 100000: Тур в Сочи\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 1 25000: Ж/д билеты\n"
                  "Договор подписан 0 0\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 1 10000: Авиабилеты\n");

  crm_board_set_period (w->board, CRM_BOARD_PERIOD_YEAR, CRM_BOARD_DATE_EXPECTED_CLOSE);
  check_board (w, "Бассейн 2 150000: Тур в Сочи, Визы Шенген\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 1 25000: Ж/д билеты\n"
                  "Договор подписан 1 70000: Страховка\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 1 10000: Авиабилеты\n");

  /* Created in June 2026: none, they were all created today. */
  {
    g_autoptr (GDateTime) today = g_date_time_new_now_utc ();

    crm_board_set_period (w->board, CRM_BOARD_PERIOD_MONTH, CRM_BOARD_DATE_CREATED);
    if (g_date_time_get_year (today) != 2026 || g_date_time_get_month (today) != 6)
      check_board (w, "Бассейн 0 0\nНазначен в работу 0 0\nПредварительный контакт 0 0\nДоговор подписан 0 0\n"
                      "Первая продажа 0 0\nВыиграна 0 0\nПроиграна 0 0\n");
    crm_context_set_now (w->context, today);
    /* The same filter on another day: set it again. */
    crm_board_set_period (w->board, CRM_BOARD_PERIOD_ANY, CRM_BOARD_DATE_CREATED);
    crm_board_set_period (w->board, CRM_BOARD_PERIOD_MONTH, CRM_BOARD_DATE_CREATED);
    check_board (w, "Бассейн 3 150000: Тур в Сочи, Визы Шенген, Корпоратив\n"
                    "Назначен в работу 0 0\n"
                    "Предварительный контакт 1 25000: Ж/д билеты\n"
                    "Договор подписан 1 70000: Страховка\n"
                    "Первая продажа 0 0\n"
                    "Выиграна 1 300000: Круиз\n"
                    "Проиграна 1 10000: Авиабилеты\n");
  }
}

/* The totals query alone, as the store runs it: a stage filter is left
 * out, the others kept. */
static void
test_totals_query (World        *w,
                   gconstpointer data)
{
  g_autoptr (CrmQuery) query = crm_board_build_query (w->board, w->stage[0], CRM_STAGE_OPEN);
  g_autoptr (GArray) totals = NULL;
  g_autoptr (GError) error = NULL;

  crm_query_set_filter (query, "owner_id", w->boris);
  totals = crm_store_deal_totals_sync (w->db.store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 3); /* Визы Шенген, Ж/д билеты, Авиабилеты */
  for (guint i = 0; i < totals->len; i++)
    {
      CrmStageTotals *t = &g_array_index (totals, CrmStageTotals, i);

      g_assert_cmpuint (t->count, ==, 1);
      if (t->stage_id == w->stage[0])
        g_assert_cmpint (t->sum, ==, 5000000);
      else if (t->stage_id == w->stage[2])
        g_assert_cmpint (t->sum, ==, 2500000);
      else
        {
          g_assert_cmpint (t->stage_id, ==, w->stage[6]);
          g_assert_cmpint (t->sum, ==, 1000000);
        }
    }
}

typedef struct
{
  gboolean   done;
  CrmRecord *saved;
  gint64     from;
  GError    *error;
} MoveResult;

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MoveResult *r = user_data;

  r->saved = crm_board_move_finish (CRM_BOARD (source), result, &r->from, &r->error);
  r->done = TRUE;
}

static gboolean
move_done (World   *w,
           gpointer data)
{
  return ((MoveResult *) data)->done;
}

static void
move (World      *w,
      CrmRecord  *deal,
      int         position,
      const char *reason,
      MoveResult *r)
{
  memset (r, 0, sizeof *r);
  crm_board_move_async (w->board, deal, w->stage[position], reason, NULL, on_moved_cb, r);
  wait_for (w, move_done, r, "the move is saved or refused");
}

static CrmRecord *
first_deal (World *w,
            int    position)
{
  CrmBoardColumn *column = crm_board_find_column (w->board, w->stage[position]);
  CrmRecord      *deal = g_list_model_get_item (G_LIST_MODEL (crm_board_column_get_deals (column)), 0);

  g_assert_nonnull (deal);
  while (!crm_record_get_loaded (deal))
    g_main_context_iteration (NULL, TRUE);
  return deal;
}

static char *
stage_of (World      *w,
          const char *deal_id)
{
  return value (w, "SELECT s.name FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id WHERE d.id = $1",
                deal_id);
}

static void
test_move (World        *w,
           gconstpointer data)
{
  g_autoptr (CrmRecord) deal = first_deal (w, 2); /* Ж/д билеты */
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (deal));
  g_autofree char *moves = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *version = NULL;
  g_autoptr (CrmRecord) moved = NULL;
  MoveResult r;

  g_assert_cmpstr (crm_record_get_string (deal, "name"), ==, "Ж/д билеты");

  /* Moved on to «Договор подписан»: saved, the probability of the stage. */
  move (w, deal, 3, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.from, ==, w->stage[2]);
  moved = g_steal_pointer (&r.saved);
  g_assert_cmpint (crm_record_get_version (moved), ==, crm_record_get_version (deal) + 1);
  stage = stage_of (w, id);
  g_assert_cmpstr (stage, ==, "Договор подписан");
  g_clear_pointer (&stage, g_free);
  moves = value (w,
                 "SELECT string_agg(coalesce(f.name, '-') || '→' || t.name, ', ' ORDER BY m.id) "
                 "FROM rapport.deal_stage_moves m LEFT JOIN rapport.pipeline_stages f ON f.id = m.from_stage_id "
                 "JOIN rapport.pipeline_stages t ON t.id = m.to_stage_id WHERE m.deal_id = $1",
                 id);
  g_assert_cmpstr (moves, ==, "-→Предварительный контакт, Предварительный контакт→Договор подписан");
  g_clear_pointer (&moves, g_free);
  g_assert_cmpint (crm_record_get_int (moved, "probability"), ==, 70);
  check_board (w, "Бассейн 3 150000: Тур в Сочи, Визы Шенген, Корпоратив\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 0 0\n"
                  "Договор подписан 2 95000: Ж/д билеты, Страховка\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 1 10000: Авиабилеты\n");

  /* The stale record (the version before the move): refused, the row
   * stays where it is. */
  version = value (w, "SELECT version FROM rapport.deals WHERE id = $1", id);
  move (w, deal, 4, NULL, &r);
  g_assert_error (r.error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_assert_null (r.saved);
  g_clear_error (&r.error);
  stage = stage_of (w, id);
  g_assert_cmpstr (stage, ==, "Договор подписан");
  g_clear_pointer (&stage, g_free);
  {
    g_autofree char *after = value (w, "SELECT version FROM rapport.deals WHERE id = $1", id);

    g_assert_cmpstr (after, ==, version);
  }
  check_board (w, "Бассейн 3 150000: Тур в Сочи, Визы Шенген, Корпоратив\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 0 0\n"
                  "Договор подписан 2 95000: Ж/д билеты, Страховка\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 1 10000: Авиабилеты\n");

  /* Undo: back to where it came from, with the version of the move. */
  move (w, moved, 2, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.from, ==, w->stage[3]);
  stage = stage_of (w, id);
  g_assert_cmpstr (stage, ==, "Предварительный контакт");
  g_clear_pointer (&stage, g_free);
  g_clear_object (&moved);
  moved = g_steal_pointer (&r.saved);
  g_assert_cmpint (crm_record_get_int (moved, "probability"), ==, 25);
  moves = value (w, "SELECT count(*) FROM rapport.deal_stage_moves WHERE deal_id = $1", id);
  g_assert_cmpstr (moves, ==, "3");
  g_clear_pointer (&moves, g_free);

  /* Lost without a reason: refused before the database, which refuses it
   * too; nothing changed. */
  move (w, moved, 6, NULL, &r);
  g_assert_error (r.error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (r.error->message, "say why the deal was lost"));
  g_clear_error (&r.error);
  move (w, moved, 6, "  ", &r);
  g_assert_error (r.error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_clear_error (&r.error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE rapport.deals SET stage_id = %" G_GINT64_FORMAT " WHERE id = $1",
                                            w->stage[6]);

    crm_test_db_refused (w->db.conn, sql, id, "23514");
  }
  stage = stage_of (w, id);
  g_assert_cmpstr (stage, ==, "Предварительный контакт");
  g_clear_pointer (&stage, g_free);

  /* With its reason: lost, closed today. */
  move (w, moved, 6, "Выбрали другое агентство", &r);
  g_assert_no_error (r.error);
  g_clear_object (&moved);
  moved = g_steal_pointer (&r.saved);
  g_assert_cmpstr (crm_record_get_string (moved, "loss_reason"), ==, "Выбрали другое агентство");
  {
    g_autofree char *closed = value (w, "SELECT closed_on = current_date FROM rapport.deals WHERE id = $1", id);

    g_assert_cmpstr (closed, ==, "t");
  }
  check_board (w, "Бассейн 3 150000: Тур в Сочи, Визы Шенген, Корпоратив\n"
                  "Назначен в работу 0 0\n"
                  "Предварительный контакт 0 0\n"
                  "Договор подписан 1 70000: Страховка\n"
                  "Первая продажа 0 0\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 2 35000: Авиабилеты, Ж/д билеты\n"); /* both closed today: the newer deal first */

  /* A stage of no column (another pipeline's): refused. */
  memset (&r, 0, sizeof r);
  crm_board_move_async (w->board, moved, 999999, NULL, NULL, on_moved_cb, &r);
  wait_for (w, move_done, &r, "the move is refused");
  g_assert_error (r.error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&r.error);
}

/* Another workstation moves a deal, adds one and plans tasks: the
 * columns, their totals and the cards' next tasks follow through the change
 * feed. */
static void
test_live (World        *w,
           gconstpointer data)
{
  g_autoptr (PGconn) other = crm_test_db_connect (w->db.conninfo);
  g_autofree char *sql = g_strdup_printf ("UPDATE rapport.deals SET stage_id = %" G_GINT64_FORMAT
                                          " WHERE name = 'Визы Шенген'",
                                          w->stage[1]);

  crm_test_db_exec (other, sql);
  g_free (insert_deal (w, "Автобусный тур", 4, "4200000", "2026-07-01", w->boris));
  /* A card shows its deal's nearest open task (0013); done ones are not. */
  crm_test_db_exec (other, "INSERT INTO rapport.tasks (subject, deal_id, due_at, status) "
                           "SELECT v.subject, d.id, v.due, v.status FROM rapport.deals d, "
                           "(VALUES ('Отправить полис', timestamptz '2026-06-25 10:00+03', 'planned'), "
                           "        ('Позвонить о полисе', timestamptz '2026-06-18 10:00+03', 'in_progress'), "
                           "        ('Уже сделано', timestamptz '2026-06-01 10:00+03', 'done')) AS v (subject, due, status) "
                           "WHERE d.name = 'Страховка'");
  check_board (w, "Бассейн 2 100000: Тур в Сочи, Корпоратив\n"
                  "Назначен в работу 1 50000: Визы Шенген\n"
                  "Предварительный контакт 1 25000: Ж/д билеты\n"
                  "Договор подписан 1 70000: Страховка [Позвонить о полисе]\n"
                  "Первая продажа 1 42000: Автобусный тур\n"
                  "Выиграна 1 300000: Круиз\n"
                  "Проиграна 1 10000: Авиабилеты\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  g_test_add ("/board/columns", World, "board_columns", world_set_up, test_columns, world_tear_down);
  g_test_add ("/board/totals-query", World, "board_totals", world_set_up, test_totals_query, world_tear_down);
  g_test_add ("/board/move", World, "board_move", world_set_up, test_move, world_tear_down);
  g_test_add ("/board/live", World, "board_live", world_set_up, test_live, world_tear_down);

  return g_test_run ();
}
