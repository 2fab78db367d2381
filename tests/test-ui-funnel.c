/* test-ui-funnel.c — the Funnel section (S1, Q2) on the demo data: seed
 * 000's «2020~Февраль» funnel with the numbers the database counts, all
 * months together, bars by amount, one employee's deals; a second
 * pipeline appearing while the page is open (the change feed), empty until
 * a deal enters it, then drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-context.h"
#include "crm-funnel-page.h"
#include "crm-funnel-stage.h"
#include "crm-funnel.h"
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

static void
exec_sql (const char *sql)
{
  PGconn *conn = crm_test_db_connect (conninfo);

  crm_test_db_exec (conn, sql);
  PQfinish (conn);
}

static gboolean
page_ready (gpointer page)
{
  return crm_funnel_page_get_ready (page);
}

/* "name count/sum; …" of what the chart draws. */
static char *
chart_text (CrmFunnelPage *page)
{
  GListModel *model = crm_funnel_chart_get_model (crm_funnel_page_get_chart (page));
  GString    *s = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CrmFunnelStage) stage = g_list_model_get_item (model, i);

      g_string_append_printf (s, "%s %u/%" G_GINT64_FORMAT "; ", crm_funnel_stage_get_name (stage),
                              crm_funnel_stage_get_count (stage), crm_funnel_stage_get_sum (stage) / 100);
    }
  return g_string_free (s, FALSE);
}

/* The same, counted by the database: for each open stage of «Продажи»
 * the deals created in @month (yyyymm; "": any) whose furthest stage is
 * at or past it. */
static char *
sql_text (const char *month)
{
  return query_value ("SELECT string_agg(format('%s %s/%s; ', st.name,"
                      "   (SELECT count(*) FROM rapport.deals d WHERE d.pipeline_id = st.pipeline_id"
                      "      AND d.reached_position >= st.position"
                      "      AND ($1 = '' OR to_char(d.created_at, 'YYYYMM') = $1)),"
                      "   (SELECT (coalesce(sum(d.amount), 0) / 100)::bigint FROM rapport.deals d WHERE d.pipeline_id = st.pipeline_id"
                      "      AND d.reached_position >= st.position"
                      "      AND ($1 = '' OR to_char(d.created_at, 'YYYYMM') = $1))), '' ORDER BY st.position)"
                      " FROM rapport.pipeline_stages st"
                      " WHERE st.pipeline_id = rapport.default_pipeline() AND st.kind = 'open'",
                      month);
}

static gboolean
shows_empty (gpointer page)
{
  GtkStack *stack = GTK_STACK (crm_test_find_widget (GTK_WIDGET (page), GTK_TYPE_STACK, "view-stack"));

  return crm_funnel_page_get_ready (page) && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") == 0;
}

static gboolean
shows_one_deal (gpointer page)
{
  g_autofree char *text = chart_text (page);

  return crm_funnel_page_get_ready (page) && g_str_has_prefix (text, "Заявка 1/");
}

static gboolean
offers_two_pipelines (gpointer page)
{
  guint visible = 0;

  for (GtkWidget *w = crm_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_DROP_DOWN (w) && gtk_widget_get_visible (w))
      visible++;
  return crm_funnel_page_get_ready (page) && visible == 3;
}

static void
test_demo (void)
{
  CrmWindow       *window = crm_window_new (NULL);
  CrmFunnelPage   *page;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *description = NULL;
  g_autofree char *owner = NULL;
  GtkStack        *stack;
  GtkToggleButton *by_sum;

  crm_window_set_section (window, "funnel");
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  page = CRM_FUNNEL_PAGE (crm_window_get_list_page (window, "funnel"));
  crm_test_wait_until (page_ready, page, "the funnel is drawn");
  stack = GTK_STACK (crm_test_find_widget (GTK_WIDGET (page), GTK_TYPE_STACK, "view-stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "chart");

  /* Seed 000's February 2020: six agencies, as the database counts. */
  g_assert_true (crm_funnel_page_select_month (page, 202002));
  text = chart_text (page);
  expected = sql_text ("202002");
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_str_has_prefix (text, "Бассейн 6/"));
  description = crm_funnel_chart_dup_description (crm_funnel_page_get_chart (page));
  g_assert_true (g_str_has_prefix (description, "Бассейн: "));
  g_assert_nonnull (strstr (description, "Первая продажа: "));
  crm_test_keep_screenshot (window, "funnel-february-2020");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  crm_test_keep_screenshot (window, "funnel-february-2020-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Every month together. */
  g_assert_true (crm_funnel_page_select_month (page, CRM_FUNNEL_ALL_MONTHS));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = chart_text (page);
  expected = sql_text ("");
  g_assert_cmpstr (text, ==, expected);
  by_sum = GTK_TOGGLE_BUTTON (gtk_widget_get_next_sibling (crm_test_find_widget (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, NULL)));
  gtk_toggle_button_set_active (by_sum, TRUE);
  g_assert_true (crm_funnel_chart_get_by_sum (crm_funnel_page_get_chart (page)));
  crm_test_keep_screenshot (window, "funnel-all-months-by-amount");
  gtk_toggle_button_set_active (by_sum, FALSE);
  g_assert_false (crm_funnel_chart_get_by_sum (crm_funnel_page_get_chart (page)));

  /* One employee's deals: fewer. */
  owner = query_value ("SELECT d.owner_id FROM rapport.deals d GROUP BY d.owner_id ORDER BY count(*), d.owner_id LIMIT 1",
                       NULL);
  g_assert_true (crm_funnel_page_select_owner (page, g_ascii_strtoll (owner, NULL, 10)));
  crm_test_wait_until (page_ready, page, "one employee's funnel is drawn");
  {
    g_autofree char *mine = chart_text (page);
    g_autofree char *count = query_value ("SELECT count(*) FROM rapport.deals d WHERE d.owner_id = $1::bigint", owner);
    g_autofree char *prefix = g_strdup_printf ("Бассейн %s/", count);

    g_assert_true (g_str_has_prefix (mine, prefix));
    g_assert_cmpstr (mine, !=, text);
  }
  g_assert_true (crm_funnel_page_select_owner (page, 0));
  crm_test_wait_until (page_ready, page, "everybody's funnel is drawn again");

  /* A smaller window: the bars narrow, the labels stay whole. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  crm_test_keep_screenshot (window, "funnel-narrow");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A pipeline added elsewhere appears in the chooser; chosen, it is empty
 * until a deal enters it. */
static void
test_live (void)
{
  CrmWindow     *window = crm_window_new (NULL);
  CrmFunnelPage *page;
  GtkDropDown   *pipelines = NULL;

  crm_window_set_section (window, "funnel");
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  page = CRM_FUNNEL_PAGE (crm_window_get_list_page (window, "funnel"));
  crm_test_wait_until (page_ready, page, "the funnel is drawn");

  exec_sql ("WITH p AS (INSERT INTO rapport.pipelines (name, position) VALUES ('Партнёры', 1) RETURNING id)"
            " INSERT INTO rapport.pipeline_stages (pipeline_id, name, position, kind)"
            " SELECT p.id, s.name, s.position, s.kind FROM p,"
            " (VALUES ('Заявка', 0, 'open'), ('Переговоры', 1, 'open'), ('Партнёр', 2, 'won'), ('Отказ', 3, 'lost'))"
            " AS s (name, position, kind)");
  crm_test_wait_until (offers_two_pipelines, page, "the pipeline chooser shows");

  for (GtkWidget *w = crm_test_find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_DROP_DOWN (w) && g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (w))) == 2)
      pipelines = GTK_DROP_DOWN (w);
  g_assert_nonnull (pipelines);
  gtk_drop_down_set_selected (pipelines, 1);
  crm_test_wait_until (shows_empty, page, "the new pipeline's funnel is empty");
  crm_test_keep_screenshot (window, "funnel-empty");

  exec_sql ("INSERT INTO rapport.deals (name, account_id, stage_id, amount)"
            " SELECT 'Партнёрская программа', (SELECT min(a.id) FROM rapport.accounts a), s.id, 5000000"
            " FROM rapport.pipeline_stages s JOIN rapport.pipelines p ON p.id = s.pipeline_id"
            " WHERE p.name = 'Партнёры' AND s.position = 0");
  crm_test_wait_until (shows_one_deal, page, "the deal shows in the new pipeline's funnel");

  /* Last month it had no deals: said so, the month named. */
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) before = g_date_time_add_months (now, -1);
    guint            month = (guint) (g_date_time_get_year (before) * 100 + g_date_time_get_month (before));
    g_autofree char *name = crm_funnel_page_dup_month_name (month);
    AdwStatusPage   *empty = ADW_STATUS_PAGE (crm_test_find_widget (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE, NULL));

    g_assert_true (crm_funnel_page_select_month (page, month));
    g_assert_true (shows_empty (page));
    g_assert_nonnull (strstr (adw_status_page_get_description (empty), name));
    crm_test_keep_screenshot (window, "funnel-empty-month");
  }

  exec_sql ("DELETE FROM rapport.deals d USING rapport.pipelines p WHERE p.id = d.pipeline_id AND p.name = 'Партнёры';"
            " DELETE FROM rapport.pipelines p WHERE p.name = 'Партнёры'");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_funnel", &conninfo);

  g_test_add_func ("/ui/funnel/demo", test_demo);
  g_test_add_func ("/ui/funnel/live", test_live);
  status = g_test_run ();

  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
