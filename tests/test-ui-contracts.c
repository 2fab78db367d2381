/* test-ui-contracts.c — the Contracts and Tariff Plans sections (S2, S3):
 * the demo's three contracts listed with their accounts and plans; a
 * contract's page refusing an end before its start next to End date, then
 * saving its new status; a tariff plan's page listing its conditions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-commercial-condition.h"
#include "crm-context.h"
#include "crm-contract.h"
#include "crm-demo.h"
#include "crm-list-page.h"
#include "crm-record-list.h"
#include "crm-record-page.h"
#include "crm-ref-chooser.h"
#include "crm-related-group.h"
#include "crm-tariff-plan.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

static char       *conninfo;
static CrmContext *context;


static gint64
query_id (const char *sql,
          const char *param)
{
  PGconn          *conn = crm_test_db_connect (conninfo);
  g_autofree char *text = crm_test_db_query_value (conn, sql, param);

  PQfinish (conn);
  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* Seed 000's three contracts, newest first by default sort, with their
 * accounts and tariff plans. */
static void
test_list (void)
{
  CrmWindow   *window = crm_test_open_window (context, "contracts");
  CrmListPage *page = CRM_LIST_PAGE (crm_window_get_list_page (window, "contracts"));
  GListModel  *model = G_LIST_MODEL (crm_list_page_get_model (page));
  g_autoptr (GString) seen = g_string_new (NULL);

  g_assert_true (crm_list_page_get_record_type (page) == &crm_contract_type);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CRM_DEMO_N_CONTRACTS);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (model, i);

      crm_test_wait_until (crm_test_record_loaded, item, "a contract row is loaded");
      g_string_append_printf (seen, "%s %s %s;", crm_record_get_string (item, "number"),
                              crm_record_get_string (item, "account_name"),
                              crm_record_get_string (item, "tariff_plan_name"));
    }
  g_assert_cmpstr (seen->str, ==,
                   "№ 125 / S Дорога к Морю Профи;№ 100 / S Звезда Азии Стандартный;№ 117 / S Поехали Новичок;");
  crm_test_keep_screenshot (window, "contracts-list");

  crm_window_set_section (window, "tariff-plans");
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "tariff-plans"), "the tariff plans are listed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_list_page_get_model (
                        CRM_LIST_PAGE (crm_window_get_list_page (window, "tariff-plans"))))),
                    ==, CRM_DEMO_N_TARIFF_PLANS);
  crm_test_keep_screenshot (window, "tariff-plans-list");

  crm_window_set_section (window, "commercial-conditions");
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "commercial-conditions"),
                       "the commercial conditions are listed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_list_page_get_model (
                        CRM_LIST_PAGE (crm_window_get_list_page (window, "commercial-conditions"))))),
                    ==, CRM_DEMO_N_CONDITIONS);
  crm_test_keep_screenshot (window, "commercial-conditions-list");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* № 100 / S opened: its fields in the form; an end before the start is
 * marked next to End date and nothing is saved; the status changed to In
 * effect saves. */
static void
test_contract_page (void)
{
  CrmWindow       *window = crm_test_open_window (context, "contracts");
  CrmRecordPage   *page;
  GtkWidget       *end, *status;
  gint64           id = query_id ("SELECT id FROM rapport.contracts WHERE number = $1", "№ 100 / S");
  CrmRecord       *stored;
  g_autofree char *kept = NULL;
  PGconn          *conn;

  crm_window_open_record (window, &crm_contract_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the contract page is shown");
  stored = crm_record_page_get_stored (page);
  g_assert_cmpstr (crm_record_get_string (stored, "tariff_plan_name"), ==, "Стандартный");
  g_assert_cmpint (crm_record_get_int (stored, "planned_sum"), ==, 480000000);
  crm_test_keep_screenshot (window, "contract-page");

  end = crm_record_page_get_field_widget (page, "end_date");
  status = crm_record_page_get_field_widget (page, "status_id");
  g_assert_true (CRM_IS_REF_CHOOSER (status));
  g_assert_cmpstr (crm_record_get_string (stored, "status_name"), ==, "Подписан");
  gtk_editable_set_text (GTK_EDITABLE (end), "01.08.2020");
  g_assert_cmpint (crm_test_save_page (page), ==, -1);
  g_assert_nonnull (crm_record_page_get_field_error (page, "end_date"));
  g_assert_nonnull (strstr (crm_record_page_get_field_error (page, "end_date"),
                            _ ("a contract cannot end before it starts")));
  crm_test_keep_screenshot (window, "contract-end-before-start");

  gtk_editable_set_text (GTK_EDITABLE (end), "21.08.2021");
  /* «Действует», chosen as the chooser's list does. */
  crm_ref_chooser_choose (CRM_REF_CHOOSER (status), query_id ("SELECT id FROM rapport.contract_statuses WHERE code = $1", "in_effect"),
                          "Действует");
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  conn = crm_test_db_connect (conninfo);
  kept = crm_test_db_query_value (conn, "SELECT status || ' ' || end_date FROM rapport.contracts WHERE number = $1",
                                  "№ 100 / S");
  PQfinish (conn);
  g_assert_cmpstr (kept, ==, "in_effect 2021-08-21");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* «Стандартный» lists its two commercial conditions. */
static void
test_tariff_plan_page (void)
{
  CrmWindow     *window = crm_test_open_window (context, "tariff-plans");
  CrmRecordPage *page;
  GtkWidget     *group, *stack;
  gint64         id = query_id ("SELECT id FROM rapport.tariff_plans WHERE name = $1", "Стандартный");
  CrmTestCount   count;

  crm_window_open_record (window, &crm_tariff_plan_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the tariff plan page is shown");
  crm_test_keep_screenshot (window, "tariff-plan-page");
  group = crm_test_find_widget (GTK_WIDGET (page), CRM_TYPE_RELATED_GROUP, "commercial_conditions");
  g_assert_nonnull (group);
  count.model = G_LIST_MODEL (crm_related_group_get_list (CRM_RELATED_GROUP (group)));
  count.n = CRM_DEMO_N_CONDITIONS;
  crm_test_wait_until (crm_test_count_reached, &count, "the plan's conditions are listed");
  {
    g_autoptr (CrmRecord) first = g_list_model_get_item (count.model, 0);

    crm_test_wait_until (crm_test_record_loaded, first, "the first condition is loaded");
    g_assert_cmpstr (crm_record_get_string (first, "name"), ==, "КУ_XML_ЖД_возврат");
  }
  stack = crm_test_find_widget (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK, NULL);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "related");
  crm_test_keep_screenshot (window, "tariff-plan-conditions");

  /* "+" adds a condition under this plan. */
  gtk_widget_activate_action (group, "related.add", "s", "commercial_condition");
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the new condition page is shown");
  g_assert_true (crm_record_page_get_record_type (page) == &crm_commercial_condition_type);
  g_assert_cmpint (crm_record_get_int (crm_record_page_get_draft (page), "tariff_plan_id"), ==, id);
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "name")), "КУ_XML_Авиа_продажа");
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "supplier")), "Авиа Магнат");
  crm_test_keep_screenshot (window, "condition-new");
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  {
    PGconn          *conn = crm_test_db_connect (conninfo);
    g_autofree char *plan = crm_test_db_query_value (conn,
                                                     "SELECT p.name || ' ' || c.general_agent FROM rapport.commercial_conditions c"
                                                     " JOIN rapport.tariff_plans p ON p.id = c.tariff_plan_id WHERE c.name = $1",
                                                     "КУ_XML_Авиа_продажа");

    PQfinish (conn);
    g_assert_cmpstr (plan, ==, "Стандартный Моя организация");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_contracts", &conninfo);

  g_test_add_func ("/ui/contracts/list", test_list);
  g_test_add_func ("/ui/contracts/contract-page", test_contract_page);
  g_test_add_func ("/ui/contracts/tariff-plan-page", test_tariff_plan_page);
  status = g_test_run ();

  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
