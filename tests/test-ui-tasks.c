/* test-ui-tasks.c — the Tasks section (T1): the demo's tasks listed by
 * due date with their kind, status, priority, account and responsible;
 * seed 000's renewal reminder opened with its contract and account, then
 * reopened and done again, the database setting when it was completed; a
 * contract's page listing its tasks and adding one for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-context.h"
#include "crm-contract.h"
#include "crm-demo.h"
#include "crm-list-page.h"
#include "crm-record-list.h"
#include "crm-record-page.h"
#include "crm-related-group.h"
#include "crm-task.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

static char       *conninfo;
static CrmContext *context;

static char *
query (const char *sql,
       const char *param)
{
  PGconn *conn = crm_test_db_connect (conninfo);
  char   *text = crm_test_db_query_value (conn, sql, param);

  PQfinish (conn);
  return text;
}

/* The demo's tasks, soonest due first: the seed's two of 2020 and 2021
 * lead, today's work follows. */
static void
test_list (void)
{
  CrmWindow   *window = crm_test_open_window (context, "tasks");
  CrmListPage *page = CRM_LIST_PAGE (crm_window_get_list_page (window, "tasks"));
  GListModel  *model = G_LIST_MODEL (crm_list_page_get_model (page));

  g_assert_true (crm_list_page_get_record_type (page) == &crm_task_type);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CRM_DEMO_N_TASKS);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (model, i);

      crm_test_wait_until (crm_test_record_loaded, item, "a task row is loaded");
      g_assert_cmpstr (crm_record_get_string (item, "account_name"), ==, "Звезда Азии");
    }
  {
    g_autoptr (CrmRecord) first = g_list_model_get_item (model, 0);
    g_autoptr (CrmRecord) second = g_list_model_get_item (model, 1);

    g_assert_cmpstr (crm_record_get_string (first, "subject"), ==, "Созвониться для согласования даты деловой встречи");
    g_assert_cmpstr (crm_record_get_string (first, "contact_name"), ==, "Редькин Игнат");
    g_assert_cmpstr (crm_record_get_string (second, "subject"), ==, "№ 100 / S Contract Renewal Reminder");
  }
  crm_test_keep_screenshot (window, "tasks-list");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The renewal reminder: its contract and account on its page; reopened,
 * the database clears when it was done, and done again sets it anew. */
static void
test_task_page (void)
{
  CrmWindow       *window = crm_test_open_window (context, "tasks");
  g_autofree char *id_text = query ("SELECT id FROM rapport.tasks WHERE subject = $1", "№ 100 / S Contract Renewal Reminder");
  CrmRecordPage   *page;
  CrmRecord       *stored;
  GtkWidget       *status;
  g_autofree char *reopened = NULL;
  g_autofree char *done = NULL;

  crm_window_open_record (window, &crm_task_type, g_ascii_strtoll (id_text, NULL, 10));
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the task page is shown");
  stored = crm_record_page_get_stored (page);
  g_assert_cmpstr (crm_record_get_string (stored, "contract_name"), ==, "№ 100 / S");
  g_assert_cmpstr (crm_record_get_string (stored, "account_name"), ==, "Звезда Азии");
  g_assert_cmpstr (crm_record_get_string (stored, "kind"), ==, "renewal");
  crm_test_keep_screenshot (window, "task-renewal-page");

  status = crm_record_page_get_field_widget (page, "status");
  g_assert_true (ADW_IS_COMBO_ROW (status));
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 2); /* —, planned, in progress */
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  reopened = query ("SELECT status || ' ' || (completed_at IS NULL) FROM rapport.tasks WHERE id = $1::bigint", id_text);
  g_assert_cmpstr (reopened, ==, "in_progress true");

  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 3); /* done */
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  done = query ("SELECT status || ' ' || (now() - completed_at < interval '1 minute') || ' ' || percent_done"
                " FROM rapport.tasks WHERE id = $1::bigint",
                id_text);
  g_assert_cmpstr (done, ==, "done true 100");
  crm_test_keep_screenshot (window, "task-done");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* № 100 / S lists its renewal reminder; its + adds a task for it, the
 * contract and its account filled in. */
static void
test_contract_tasks (void)
{
  CrmWindow       *window = crm_test_open_window (context, "contracts");
  g_autofree char *id_text = query ("SELECT id FROM rapport.contracts WHERE number = $1", "№ 100 / S");
  gint64           id = g_ascii_strtoll (id_text, NULL, 10);
  g_autofree char *saved = NULL;
  CrmRecordPage   *page;
  GtkWidget       *group, *stack;
  CrmTestCount     count;

  crm_window_open_record (window, &crm_contract_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the contract page is shown");
  group = crm_test_find_widget (GTK_WIDGET (page), CRM_TYPE_RELATED_GROUP, "tasks");
  g_assert_nonnull (group);
  count.model = G_LIST_MODEL (crm_related_group_get_list (CRM_RELATED_GROUP (group)));
  count.n = 1;
  crm_test_wait_until (crm_test_count_reached, &count, "the contract's tasks are listed");
  {
    g_autoptr (CrmRecord) first = g_list_model_get_item (count.model, 0);

    crm_test_wait_until (crm_test_record_loaded, first, "the renewal reminder is loaded");
    g_assert_cmpstr (crm_record_get_string (first, "subject"), ==, "№ 100 / S Contract Renewal Reminder");
  }
  stack = crm_test_find_widget (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK, NULL);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "related");
  crm_test_keep_screenshot (window, "contract-tasks");

  gtk_widget_activate_action (group, "related.add", "s", "task");
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the new task page is shown");
  g_assert_true (crm_record_page_get_record_type (page) == &crm_task_type);
  g_assert_cmpint (crm_record_get_int (crm_record_page_get_draft (page), "contract_id"), ==, id);
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "subject")),
                         "Подготовить дополнительное соглашение о продлении № 100 / S");
  /* The due time is typed as people write it; nonsense is refused next
   * to the field. */
  {
    GtkWidget *due = crm_record_page_get_field_widget (page, "due_at");

    g_assert_true (ADW_IS_ENTRY_ROW (due));
    gtk_editable_set_text (GTK_EDITABLE (due), "31.02.2027 10:00");
    g_assert_cmpint (crm_test_save_page (page), ==, -1);
    gtk_editable_set_text (GTK_EDITABLE (due), "15.07.2027 14:30");
  }
  crm_test_keep_screenshot (window, "task-new");
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  {
    g_autofree char *due = query ("SELECT to_char(due_at AT TIME ZONE current_setting('TimeZone'), 'DD.MM.YYYY HH24:MI')"
                                  " FROM rapport.tasks WHERE subject = $1",
                                  "Подготовить дополнительное соглашение о продлении № 100 / S");

    g_assert_cmpstr (due, ==, "15.07.2027 14:30");
  }
  saved = query ("SELECT concat_ws(' | ', t.kind, t.status, k.number, a.name) FROM rapport.tasks t"
                 " JOIN rapport.contracts k ON k.id = t.contract_id JOIN rapport.accounts a ON a.id = t.account_id"
                 " WHERE t.subject = $1",
                 "Подготовить дополнительное соглашение о продлении № 100 / S");
  g_assert_cmpstr (saved, ==, "task | planned | № 100 / S | Звезда Азии");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_tasks", &conninfo);

  g_test_add_func ("/ui/tasks/list", test_list);
  g_test_add_func ("/ui/tasks/task-page", test_task_page);
  g_test_add_func ("/ui/tasks/contract-tasks", test_contract_tasks);
  status = g_test_run ();

  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
