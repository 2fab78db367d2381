/* test-ui-board.c — the Pipeline section (S1) on the demo data: one column
 * per stage of the default pipeline with the counts and sums the database
 * has, a card moved to the next stage with the keyboard's action (saved,
 * written to deal_stage_moves, the headers following) and moved back with
 * the toast's Undo, Enter opening the deal, the filters emptying the
 * board; screenshots for a person to look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-context.h"
#include "crm-deal.h"
#include "crm-money.h"
#include "crm-pipeline-board.h"
#include "crm-record-page.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

static char       *conninfo;
static CrmContext *context;

static char *
query_value (const char *sql,
             const char *param)
{
  PGconn *conn = crm_test_db_connect (conninfo);
  char   *text = crm_test_db_query_value (conn, sql, param);

  PQfinish (conn);
  return text;
}

static gint64
query_id (const char *sql,
          const char *param)
{
  g_autofree char *text = query_value (sql, param);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_visible (root) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
board_ready (gpointer data)
{
  return crm_pipeline_board_get_ready (data);
}

static gboolean
board_settled (gpointer data)
{
  CrmPipelineBoard *board = data;

  return crm_pipeline_board_get_ready (board) && !crm_pipeline_board_get_moving (board) &&
         !crm_board_get_refreshing (crm_pipeline_board_get_board (board));
}

static CrmWindow *
new_window (CrmPipelineBoard **board)
{
  CrmWindow *window = crm_window_new (NULL);

  crm_window_set_section (window, "pipeline");
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  gtk_window_present (GTK_WINDOW (window));
  *board = CRM_PIPELINE_BOARD (crm_window_get_list_page (window, "pipeline"));
  g_assert_true (CRM_IS_PIPELINE_BOARD (*board));
  crm_test_wait_until (board_ready, *board, "the board shows the pipeline");
  return window;
}

typedef struct
{
  CrmPipelineBoard *board;
  gint64            stage_id;
  char             *count;
  char             *sum;
} Header;

static gboolean
header_shows (gpointer data)
{
  Header *h = data;

  return board_settled (h->board) &&
         g_strcmp0 (crm_pipeline_board_get_header_text (h->board, h->stage_id, "count"), h->count) == 0 &&
         g_strcmp0 (crm_pipeline_board_get_header_text (h->board, h->stage_id, "sum"), h->sum) == 0;
}

/* Every column's header says what the database holds. */
static void
check_headers (CrmPipelineBoard *board)
{
  PGconn   *conn = crm_test_db_connect (conninfo);
  PGresult *res = PQexec (conn, "SELECT s.id, count(d.id), coalesce(sum(d.amount), 0) FROM rapport.pipeline_stages s "
                                "LEFT JOIN rapport.deals d ON d.stage_id = s.id "
                                "WHERE s.pipeline_id = rapport.default_pipeline() GROUP BY s.id ORDER BY s.id");

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 7);
  for (int i = 0; i < PQntuples (res); i++)
    {
      guint  count = (guint) g_ascii_strtoull (PQgetvalue (res, i, 1), NULL, 10);
      Header h = { board, g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10),
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal", "%u deals", count), count),
                   crm_money_format (g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10)) };

      crm_test_wait_until (header_shows, &h, "a column's header shows the database's count and sum");
      g_free (h.count);
      g_free (h.sum);
    }
  PQclear (res);
  PQfinish (conn);
}

typedef struct
{
  const char *sql;
  const char *param;
  const char *expected;
} Value;

static gboolean
value_is (gpointer data)
{
  Value           *v = data;
  g_autofree char *seen = query_value (v->sql, v->param);

  return g_strcmp0 (seen, v->expected) == 0;
}

static gboolean
card_shown (gpointer data)
{
  gpointer *args = data;

  return crm_pipeline_board_find_card (args[0], *(gint64 *) args[1]) != NULL;
}

static gboolean
card_loaded (gpointer data)
{
  gpointer  *args = data;
  GtkWidget *card = crm_pipeline_board_find_card (args[0], *(gint64 *) args[1]);

  return card != NULL && !shows_text (card, "…");
}

/* The card of deal @id, shown with its data. */
static GtkWidget *
wait_for_card (CrmPipelineBoard *board,
               gint64            id)
{
  gpointer args[2] = { board, &id };

  crm_test_wait_until (card_shown, args, "the deal's card is shown");
  crm_test_wait_until (card_loaded, args, "the deal's card shows its data");
  return crm_pipeline_board_find_card (board, id);
}

/* Destroy @window and wait until it and the board are gone (they hold the
 * store). */
static void
destroy_window (CrmWindow        *window,
                CrmPipelineBoard *board)
{
  gpointer   w = window, b = board, logic = crm_pipeline_board_get_board (board);
  GPtrArray *lists;
  gint64     deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (window), &w);
  g_object_add_weak_pointer (G_OBJECT (board), &b);
  g_object_add_weak_pointer (G_OBJECT (logic), &logic);
  {
    GListModel *columns = crm_board_get_columns (CRM_BOARD (logic));

    lists = g_ptr_array_new ();
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr (CrmBoardColumn) column = g_list_model_get_item (columns, i);

        g_ptr_array_add (lists, crm_board_column_get_deals (column));
      }
    for (guint i = 0; i < lists->len; i++)
      g_object_add_weak_pointer (lists->pdata[i], &lists->pdata[i]);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  while ((w != NULL || b != NULL || logic != NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (w != NULL)
    g_error ("the window is still there (%u references)", G_OBJECT (w)->ref_count);
  if (b != NULL)
    g_error ("the board is still there (%u references)", G_OBJECT (b)->ref_count);
  if (logic != NULL)
    g_error ("the CrmBoard is still there (%u references)", G_OBJECT (logic)->ref_count);
  while (g_get_monotonic_time () < deadline)
    {
      gboolean alive = FALSE;

      for (guint i = 0; i < lists->len; i++)
        alive = alive || lists->pdata[i] != NULL;
      if (!alive)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  for (guint i = 0; i < lists->len; i++)
    if (lists->pdata[i] != NULL)
      g_error ("column %u's deals are still there (%u references)", i, G_OBJECT (lists->pdata[i])->ref_count);
  g_ptr_array_unref (lists);
}

static void
test_board (void)
{
  CrmPipelineBoard *board;
  CrmWindow        *window = new_window (&board);
  gint64            deal = query_id ("SELECT id FROM rapport.deals WHERE name = $1", "Тур в Сочи (тест доски)");
  g_autofree char  *deal_text = g_strdup_printf ("%" G_GINT64_FORMAT, deal);
  GtkWidget        *card;
  AdwToast         *toast;
  Value             v = { "SELECT s.name FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id "
                                      "WHERE d.id = $1",
                          deal_text, NULL };

  check_headers (board);
  g_assert_cmpstr (crm_pipeline_board_get_header_text (board, query_id ("SELECT id FROM rapport.pipeline_stages "
                                                                        "WHERE name = $1",
                                                                        "Бассейн"),
                                                       "name"),
                   ==, "Бассейн");
  crm_test_keep_screenshot (window, "pipeline-board");

  /* Ctrl+Right on the card: to «Назначен в работу». */
  card = wait_for_card (board, deal);
  g_assert_true (shows_text (card, "Согласовать отель в Сочи")); /* its next task */
  gtk_widget_grab_focus (gtk_widget_get_parent (card));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.move-next", NULL));
  v.expected = "Назначен в работу";
  crm_test_wait_until (value_is, &v, "the deal is saved in the next stage");
  {
    g_autofree char *moves = query_value ("SELECT count(*) FROM rapport.deal_stage_moves m JOIN "
                                          "rapport.pipeline_stages s ON s.id = m.to_stage_id "
                                          "WHERE m.deal_id = $1 AND s.name = 'Назначен в работу'",
                                          deal_text);

    g_assert_cmpstr (moves, ==, "1");
  }
  check_headers (board);
  wait_for_card (board, deal);
  crm_test_keep_screenshot (window, "pipeline-board-moved");

  /* The toast's Undo: back to «Бассейн», again with the version check. */
  toast = crm_pipeline_board_dup_undo_toast (board);
  g_assert_nonnull (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  g_object_unref (toast);
  v.expected = "Бассейн";
  crm_test_wait_until (value_is, &v, "Undo moves the deal back");
  check_headers (board);

  /* Enter on a card opens the deal. */
  card = wait_for_card (board, deal);
  g_assert_true (gtk_widget_activate_action (gtk_widget_get_ancestor (card, GTK_TYPE_LIST_VIEW), "list.activate-item",
                                             "u", 0));
  g_assert_nonnull (crm_window_get_record_page (window));
  g_assert_cmpint (crm_record_page_get_record_id (CRM_RECORD_PAGE (crm_window_get_record_page (window))), ==,
                   query_id ("SELECT d.id FROM rapport.deals d WHERE d.stage_id = (SELECT id FROM "
                             "rapport.pipeline_stages WHERE name = $1) ORDER BY d.expected_close NULLS LAST, d.id "
                             "LIMIT 1",
                             "Бассейн"));

  destroy_window (window, board);
}

/* A period none of the deals is in: the empty state, and back. */
static void
test_filters (void)
{
  CrmPipelineBoard *board;
  CrmWindow        *window = new_window (&board);
  CrmBoard         *b = crm_pipeline_board_get_board (board);
  g_autoptr (GDateTime) far = g_date_time_new_utc (2001, 3, 1, 12, 0, 0);

  GtkDropDown *period = GTK_DROP_DOWN (find_widget (GTK_WIDGET (board), GTK_TYPE_DROP_DOWN, "period"));

  /* «Created This Month» in March 2001. */
  crm_context_set_now (context, far);
  gtk_drop_down_set_selected (period, 4);
  g_assert_cmpint (crm_board_get_period (b), ==, CRM_BOARD_PERIOD_MONTH);
  g_assert_cmpint (crm_board_get_period_date (b), ==, CRM_BOARD_DATE_CREATED);
  crm_test_wait_until (board_settled, board, "the board shows the period");
  {
    GtkWidget *empty = find_widget (GTK_WIDGET (board), ADW_TYPE_STATUS_PAGE, "empty");

    g_assert_true (gtk_widget_get_mapped (empty));
    g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), ==, _ ("No Deals Match"));
  }
  crm_test_keep_screenshot (window, "pipeline-board-empty");
  crm_context_set_now (context, NULL);
  gtk_drop_down_set_selected (period, 0);
  g_assert_cmpint (crm_board_get_period (b), ==, CRM_BOARD_PERIOD_ANY);
  crm_test_wait_until (board_settled, board, "the board shows every deal again");
  check_headers (board);
  destroy_window (window, board);
}

static gboolean
message_dialog_shown (gpointer data)
{
  AdwMessageDialog **dialog = data;
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      *dialog = l->data;
  return *dialog != NULL;
}

static GtkDropTarget *
column_drop_target (CrmPipelineBoard *board,
                    const char       *stage)
{
  GtkWidget *column = find_widget (GTK_WIDGET (board), GTK_TYPE_BOX, stage);
  g_autoptr (GListModel) controllers = NULL;

  g_assert_nonnull (column);
  controllers = gtk_widget_observe_controllers (column);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

/* A card dropped on the lost column (the drop target's "drop", as a drag
 * ends): the loss reason is asked first, Mark as Lost saves it with it;
 * dropped back on an open column it opens again. The won and lost columns
 * come last. */
static void
test_drop_and_lose (void)
{
  CrmPipelineBoard *board;
  CrmWindow        *window = new_window (&board);
  gint64            deal = query_id ("SELECT id FROM rapport.deals WHERE name = $1", "Визовая поддержка (тест доски)");
  g_autofree char  *deal_text = g_strdup_printf ("%" G_GINT64_FORMAT, deal);
  GValue            value = G_VALUE_INIT;
  AdwMessageDialog *dialog = NULL;
  GtkWidget        *entry;
  gboolean          accepted = FALSE;
  GtkAdjustment    *hadjustment;
  Value             v = { "SELECT s.name || ': ' || coalesce(d.loss_reason, '') FROM rapport.deals d JOIN rapport.pipeline_stages s "
                                      "ON s.id = d.stage_id WHERE d.id = $1",
                          deal_text, NULL };

  wait_for_card (board, deal);
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, deal);
  g_signal_emit_by_name (column_drop_target (board, "Проиграна"), "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  crm_test_wait_until (message_dialog_shown, &dialog, "the loss reason is asked");
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "lost")); /* not without a reason */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Клиент выбрал другое агентство");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "lost"));
  adw_message_dialog_response (dialog, "lost");
  gtk_window_destroy (GTK_WINDOW (dialog));
  v.expected = "Проиграна: Клиент выбрал другое агентство";
  crm_test_wait_until (value_is, &v, "the deal is saved as lost with its reason");
  check_headers (board);

  /* The closed columns at the end, for a person to look at. */
  hadjustment = gtk_scrolled_window_get_hadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (find_widget (GTK_WIDGET (board), GTK_TYPE_BOX, "Проиграна"),
                                                    GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (hadjustment, gtk_adjustment_get_upper (hadjustment));
  wait_for_card (board, deal);
  crm_test_keep_screenshot (window, "pipeline-board-closed");

  /* Dropped back on «Бассейн»: open again. */
  g_signal_emit_by_name (column_drop_target (board, "Бассейн"), "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  v.expected = "Бассейн: Клиент выбрал другое агентство";
  crm_test_wait_until (value_is, &v, "the deal is open again");
  check_headers (board);
  g_value_unset (&value);
  destroy_window (window, board);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CrmStore) store = NULL;
  PGconn *conn;
  int     status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();
  gtk_init ();
  if (g_getenv ("RAPPORT_LOCALEDIR") != NULL)
    {
      /* Screenshots in another language: LANGUAGE=ru RAPPORT_LOCALEDIR=_build/po */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/rapportcrm/Rapport/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      "/org/rapportcrm/Rapport/icons");
  }

  conninfo = crm_test_db_create ("ui_board");
  store = crm_test_db_open_store (conninfo);
  crm_test_db_load_demo (store);
  /* Deals of the test's own across the funnel, whatever the demo has. */
  conn = crm_test_db_connect (conninfo);
  crm_test_db_exec (conn,
                    "INSERT INTO rapport.deals (name, account_id, stage_id, amount, expected_close, loss_reason) "
                    "SELECT v.name, (SELECT min(id) FROM rapport.accounts), s.id, v.amount, v.closes, v.reason "
                    "FROM (VALUES ('Тур в Сочи (тест доски)', 'Бассейн', 12500000, date '2000-01-10', NULL), "
                    "  ('Визовая поддержка (тест доски)', 'Бассейн', 3400000, date '2030-02-01', NULL), "
                    "  ('Корпоративный выезд «Алтай» на 40 человек (тест доски)', 'Назначен в работу', 184000000, "
                    "   NULL, NULL), "
                    "  ('Ж/д билеты для филиала (тест доски)', 'Предварительный контакт', 960000, date '2030-03-15', "
                    "   NULL), "
                    "  ('Страхование сотрудников (тест доски)', 'Договор подписан', 45000000, date '2030-01-20', NULL),"
                    "  ('Авиабилеты на конференцию (тест доски)', 'Первая продажа', 27800000, date '2030-01-05', "
                    "   NULL), "
                    "  ('Круиз для партнёров (тест доски)', 'Выиграна', 99000000, date '2029-12-01', NULL), "
                    "  ('Туры выходного дня (тест доски)', 'Проиграна', 5600000, date '2029-11-11', 'Выбрали "
                    "конкурента')) AS v (name, stage, amount, closes, reason) "
                    "JOIN rapport.pipeline_stages s ON s.name = v.stage AND s.pipeline_id = "
                    "rapport.default_pipeline()");
  crm_test_db_exec (conn, "INSERT INTO rapport.tasks (subject, deal_id, due_at) SELECT 'Согласовать отель в Сочи', "
                          "d.id, now() + interval '2 days' FROM rapport.deals d WHERE d.name = 'Тур в Сочи (тест доски)'");
  PQfinish (conn);
  context = crm_context_new (store, NULL);

  g_test_add_func ("/ui/board/columns-and-moves", test_board);
  g_test_add_func ("/ui/board/filters", test_filters);
  g_test_add_func ("/ui/board/drop-and-lose", test_drop_and_lose);
  status = g_test_run ();

  g_clear_object (&context);
  crm_test_assert_finalized (g_steal_pointer (&store));
  crm_test_db_drop (conninfo);
  g_free (conninfo);
  return status;
}
