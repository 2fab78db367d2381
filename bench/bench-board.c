/* bench-board.c — the pipeline board over thousands of open deals (S1)
 *
 *   bench-board [--database CONNINFO] [--deals 5000] [--opens 5] [--moves 10]
 *
 * Makes sure the default pipeline holds at least --deals open deals
 * (adding them spread over its open stages and the first accounts, with
 * amounts and expected closing dates, then ANALYZE), and times
 *   - the board: from crm_board_new() until its columns exist, every
 *     column's first page is listed with its totals ("ready") and the
 *     first 30 cards of each column (what a screen shows) are read (the
 *     median of --opens fresh boards);
 *   - the totals alone: crm_store_deal_totals_sync() for the pipeline;
 *   - a move: crm_board_move_async() of a deal to the next stage until it
 *     is saved (the median of --moves, each moved back after).
 * The baselines run bare SQL on a connection of its own: the aggregate
 * grouped by stage, and each open stage's first 200 deals by expected
 * close.
 *
 * Prints the figures "board columns + first pages", "board totals" and
 * "board move" (see bench-figure.h); details on standard error. Timings
 * are printed, never asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-figure.h"
#include "crm-board.h"
#include "crm-deal-totals.h"
#include "crm-deal.h"
#include "crm-store-private.h"

#define CARDS_ON_SCREEN 30

static PGresult *
exec_or_die (PGconn     *conn,
             const char *sql,
             const char *param)
{
  g_autoptr (GError) error = NULL;
  const char *params[1] = { param };
  PGresult   *res = _crm_store_exec (conn, sql, param ? 1 : 0, params, FALSE, &error);

  if (res == NULL)
    g_error ("%s: %s", sql, error->message);
  return res;
}

/* At least @wanted open deals in the default pipeline. */
static void
ensure_deals (PGconn *conn,
              guint   wanted)
{
  PGresult        *res;
  guint            have;
  g_autofree char *missing = NULL;

  res = exec_or_die (conn,
                     "SELECT count(*) FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id "
                     "WHERE s.kind = 'open' AND d.pipeline_id = rapport.default_pipeline()",
                     NULL);
  have = (guint) g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  if (have >= wanted)
    {
      g_printerr ("%u open deals already\n", have);
      return;
    }

  missing = g_strdup_printf ("%u", wanted - have);
  g_printerr ("adding %s open deals\n", missing);
  PQclear (exec_or_die (conn,
                        "WITH st AS (SELECT s.id, row_number() OVER (ORDER BY s.position, s.id) - 1 AS n "
                        "            FROM rapport.pipeline_stages s "
                        "            WHERE s.pipeline_id = rapport.default_pipeline() AND s.kind = 'open'), "
                        "     ac AS (SELECT a.id, row_number() OVER (ORDER BY a.id) - 1 AS n "
                        "            FROM (SELECT id FROM rapport.accounts ORDER BY id LIMIT 1000) a) "
                        "INSERT INTO rapport.deals (name, account_id, stage_id, amount, expected_close) "
                        "SELECT 'Сделка для замера № ' || g, "
                        "       (SELECT ac.id FROM ac WHERE ac.n = g % (SELECT count(*) FROM ac)), "
                        "       (SELECT st.id FROM st WHERE st.n = g % (SELECT count(*) FROM st)), "
                        "       (g * 7919 % 100000) * 10000, current_date + (g % 365) "
                        "FROM generate_series(1, $1::int) g",
                        missing));
  PQclear (exec_or_die (conn, "ANALYZE rapport.deals", NULL));
}

static gboolean
board_idle (CrmBoard *board)
{
  return crm_board_get_ready (board) && !crm_board_get_refreshing (board);
}

/* Milliseconds until a new board shows its columns, totals and the first
 * cards of every column. */
static double
open_board (CrmContext *context,
            guint      *n_columns,
            guint      *n_deals)
{
  g_autoptr (CrmBoard) board = NULL;
  gint64      start = g_get_monotonic_time ();
  GListModel *columns;
  double      ms;

  board = crm_board_new (context);
  crm_board_start (board);
  while (!board_idle (board))
    {
      if (crm_board_get_error (board) != NULL)
        g_error ("The board failed: %s", crm_board_get_error (board)->message);
      g_main_context_iteration (NULL, TRUE);
    }

  columns = crm_board_get_columns (board);
  *n_columns = g_list_model_get_n_items (columns);
  *n_deals = 0;
  for (guint i = 0; i < *n_columns; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (columns, i);
      GListModel *deals = G_LIST_MODEL (crm_board_column_get_deals (column));
      guint       n = MIN (g_list_model_get_n_items (deals), CARDS_ON_SCREEN);

      *n_deals += crm_board_column_get_count (column);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr (CrmRecord) deal = g_list_model_get_item (deals, j);

          while (!crm_record_get_loaded (deal))
            g_main_context_iteration (NULL, TRUE);
        }
    }
  ms = bench_ms_since (start);

  while (crm_board_get_refreshing (board))
    g_main_context_iteration (NULL, TRUE);
  return ms;
}

typedef struct
{
  gboolean   done;
  CrmRecord *saved;
  GError    *error;
} Moved;

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Moved *m = user_data;

  m->saved = crm_board_move_finish (CRM_BOARD (source), result, NULL, &m->error);
  m->done = TRUE;
}

static CrmRecord *
move (CrmBoard  *board,
      CrmRecord *deal,
      gint64     stage_id)
{
  Moved m = { 0 };

  crm_board_move_async (board, deal, stage_id, NULL, NULL, on_moved_cb, &m);
  while (!m.done)
    g_main_context_iteration (NULL, TRUE);
  if (m.error != NULL)
    g_error ("Moving a deal failed: %s", m.error->message);
  return m.saved;
}

/* The median of @moves moves of the first deal of the first column to the
 * second (each moved back after, not timed). */
static double
time_moves (CrmContext *context,
            guint       moves)
{
  g_autoptr (CrmBoard) board = crm_board_new (context);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (CrmBoardColumn) first = NULL;
  g_autoptr (CrmBoardColumn) second = NULL;
  g_autoptr (CrmRecord) deal = NULL;

  crm_board_start (board);
  while (!board_idle (board))
    g_main_context_iteration (NULL, TRUE);
  first = g_list_model_get_item (crm_board_get_columns (board), 0);
  second = g_list_model_get_item (crm_board_get_columns (board), 1);
  if (first == NULL || second == NULL || crm_board_column_get_count (first) == 0)
    return BENCH_NONE;

  deal = g_list_model_get_item (G_LIST_MODEL (crm_board_column_get_deals (first)), 0);
  while (!crm_record_get_loaded (deal))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < moves; i++)
    {
      gint64     start = g_get_monotonic_time ();
      CrmRecord *moved = move (board, deal, crm_board_column_get_stage_id (second));
      double     ms = bench_ms_since (start);

      g_array_append_val (times, ms);
      g_object_unref (deal);
      deal = move (board, moved, crm_board_column_get_stage_id (first));
      g_object_unref (moved);
    }
  while (crm_board_get_refreshing (board))
    g_main_context_iteration (NULL, TRUE);
  return bench_percentile (times, 50);
}

int
main (int   argc,
      char *argv[])
{
  const char *conninfo;
  guint       wanted, opens, moves;
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (CrmContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) board_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) totals_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_heads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (CrmQuery) totals_query = crm_query_new (&crm_deal_type);
  PGconn *conn;
  guint   n_columns = 0, n_deals = 0;
  double  move_ms;

  setlocale (LC_ALL, "");
  conninfo = bench_database (argc, argv);
  wanted = (guint) g_ascii_strtoull (bench_option (argc, argv, "deals", "5000"), NULL, 10);
  opens = MAX (1, (guint) g_ascii_strtoull (bench_option (argc, argv, "opens", "5"), NULL, 10));
  moves = MAX (1, (guint) g_ascii_strtoull (bench_option (argc, argv, "moves", "10"), NULL, 10));

  conn = _crm_store_connect (conninfo, &error);
  if (conn == NULL)
    g_error ("%s", error->message);
  ensure_deals (conn, wanted);

  store = crm_store_new (conninfo);
  if (!crm_store_open_sync (store, NULL, &error))
    g_error ("%s", error->message);
  context = crm_context_new (store, NULL);

  for (guint i = 0; i < opens; i++)
    {
      double ms = open_board (context, &n_columns, &n_deals);

      g_array_append_val (board_times, ms);
      g_printerr ("board %u: %.1f ms (%u columns, %u deals)\n", i + 1, ms, n_columns, n_deals);
    }

  {
    PGresult *res = exec_or_die (conn, "SELECT rapport.default_pipeline()", NULL);

    crm_query_set_filter (totals_query, "pipeline_id", PQgetvalue (res, 0, 0));
    PQclear (res);
  }
  for (guint i = 0; i < opens; i++)
    {
      g_autoptr (GArray) totals = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      totals = crm_store_deal_totals_sync (store, totals_query, NULL, &error);
      if (totals == NULL)
        g_error ("%s", error->message);
      ms = bench_ms_since (start);
      g_array_append_val (totals_times, ms);

      start = g_get_monotonic_time ();
      PQclear (exec_or_die (conn,
                            "SELECT stage_id, count(*), sum(amount) FROM rapport.deals "
                            "WHERE pipeline_id = rapport.default_pipeline() GROUP BY stage_id",
                            NULL));
      ms = bench_ms_since (start);
      g_array_append_val (bare_totals, ms);

      start = g_get_monotonic_time ();
      PQclear (exec_or_die (conn,
                            "SELECT d.* FROM rapport.pipeline_stages s, LATERAL (SELECT * FROM rapport.deals d "
                            "WHERE d.stage_id = s.id ORDER BY d.expected_close NULLS LAST, d.id LIMIT 200) d "
                            "WHERE s.pipeline_id = rapport.default_pipeline()",
                            NULL));
      ms = bench_ms_since (start);
      g_array_append_val (bare_heads, ms);
    }

  move_ms = time_moves (context, moves);
  PQfinish (conn);

  bench_figure ("board columns + first pages", bench_percentile (board_times, 50), "ms",
                bench_percentile (bare_heads, 50) + bench_percentile (bare_totals, 50),
                "bare: each stage's first 200 deals + the totals", NULL, -1);
  bench_figure ("board totals", bench_percentile (totals_times, 50), "ms", bench_percentile (bare_totals, 50),
                "bare GROUP BY stage_id", NULL, -1);
  bench_figure ("board move", move_ms, "ms", BENCH_NONE, NULL, NULL, -1);
  g_printerr ("%u columns, %u deals in the default pipeline\n", n_columns, n_deals);
  return 0;
}
