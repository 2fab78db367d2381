/* test-ui-leads.c — the Leads section (R3): the list of the demo's leads,
 * filtered by status; a new lead refused with its problems marked next to
 * the fields (no name, a wrong INN, a refusal without its reason), then
 * fixed and saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-context.h"
#include "crm-demo.h"
#include "crm-lead.h"
#include "crm-list-page.h"
#include "crm-query.h"
#include "crm-record-list.h"
#include "crm-record-page.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

static char       *conninfo;
static CrmContext *context;

static gboolean
status_filter_set (gpointer data)
{
  return crm_list_page_set_filter (CRM_LIST_PAGE (data), "status", "rejected");
}

static guint
count_leads (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_lead_type);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  ids = crm_store_list_ids_sync (crm_context_get_store (context), query, NULL, &error);
  g_assert_no_error (error);
  return ids->len;
}

/* Position of @value in a choice field's menu ("—" first). */
static guint
choice_position (const char *field,
                 const char *value)
{
  const CrmField *f = crm_record_type_get_field (&crm_lead_type, field);

  for (guint i = 0; f->choices[i].value != NULL; i++)
    if (g_str_equal (f->choices[i].value, value))
      return i + 1;
  g_assert_not_reached ();
}

static void
test_list_and_filter (void)
{
  CrmWindow   *window = crm_window_new (NULL);
  CrmListPage *page;
  GListModel  *model;

  crm_window_set_section (window, "leads");
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  page = CRM_LIST_PAGE (crm_window_get_list_page (window, "leads"));
  g_assert_nonnull (page);
  g_assert_true (crm_list_page_get_record_type (page) == &crm_lead_type);
  crm_test_wait_until (crm_test_list_page_ready, page, "the leads list shows its data");
  model = G_LIST_MODEL (crm_list_page_get_model (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CRM_DEMO_N_LEADS);
  crm_test_keep_screenshot (window, "leads-list");

  /* Only the refused ones, each with its reason. */
  crm_test_wait_until (status_filter_set, page, "the status filter offers Refused");
  crm_test_wait_until (crm_test_list_page_ready, page, "the filtered list is shown");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (model, i);

      crm_test_wait_until (crm_test_record_loaded, item, "a filtered row is loaded");
      g_assert_cmpstr (crm_record_get_string (item, "status"), ==, "rejected");
    }
  crm_test_keep_screenshot (window, "leads-refused");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_new_lead (void)
{
  CrmWindow     *window = crm_window_new (NULL);
  CrmRecordPage *page;
  GtkWidget     *last_name, *inn, *status, *reason, *company, *phone, *source;
  guint          before = count_leads ();
  CrmRecord     *stored;

  crm_window_set_section (window, "leads");
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "leads"), "the leads list shows its data");

  crm_window_new_record (window, &crm_lead_type, NULL);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  g_assert_nonnull (page);
  crm_test_wait_until (crm_test_record_page_ready, page, "the new lead page is shown");

  last_name = crm_record_page_get_field_widget (page, "last_name");
  inn = crm_record_page_get_field_widget (page, "inn");
  status = crm_record_page_get_field_widget (page, "status");
  reason = crm_record_page_get_field_widget (page, "refusal_reason");
  company = crm_record_page_get_field_widget (page, "company_name");
  phone = crm_record_page_get_field_widget (page, "phone");
  source = crm_record_page_get_field_widget (page, "source");
  g_assert_true (ADW_IS_COMBO_ROW (status));
  g_assert_true (ADW_IS_COMBO_ROW (source));

  /* A new lead starts as New. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (status)), ==, choice_position ("status", "new"));

  /* No name, a wrong INN, refused without saying why: nothing saved, each
   * problem next to its field. */
  gtk_editable_set_text (GTK_EDITABLE (company), "ООО «Сибирские семена»");
  gtk_editable_set_text (GTK_EDITABLE (inn), "5406271957");
  adw_combo_row_set_selected (ADW_COMBO_ROW (source), choice_position ("source", "conference"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), choice_position ("status", "rejected"));
  g_assert_cmpint (crm_test_save_page (page), ==, -1);
  g_assert_nonnull (crm_record_page_get_field_error (page, "last_name"));
  g_assert_nonnull (crm_record_page_get_field_error (page, "inn"));
  g_assert_nonnull (crm_record_page_get_field_error (page, "refusal_reason"));
  g_assert_nonnull (crm_record_page_get_banner (page));
  crm_test_keep_screenshot (window, "lead-invalid");
  g_assert_cmpuint (count_leads (), ==, before);

  /* Fixed: it saves. */
  gtk_editable_set_text (GTK_EDITABLE (last_name), "Тихонова");
  gtk_editable_set_text (GTK_EDITABLE (inn), "5406271956");
  g_assert_null (crm_record_page_get_field_error (page, "inn"));
  gtk_editable_set_text (GTK_EDITABLE (reason), "Бюджет не согласовали, вернуться в следующем квартале");
  gtk_editable_set_text (GTK_EDITABLE (phone), "8 (383) 218-44-61");
  g_assert_cmpint (crm_test_save_page (page), ==, 1);
  g_assert_cmpuint (count_leads (), ==, before + 1);
  g_assert_cmpint (crm_record_page_get_record_id (page), >, 0);
  stored = crm_record_page_get_stored (page);
  g_assert_cmpstr (crm_record_get_string (stored, "status"), ==, "rejected");
  g_assert_cmpstr (crm_record_get_string (stored, "source"), ==, "conference");
  g_assert_cmpstr (crm_record_get_string (stored, "phone"), ==, "+73832184461");
  g_assert_false (crm_record_page_get_dirty (page));
  crm_test_keep_screenshot (window, "lead-saved");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_leads", &conninfo);

  g_test_add_func ("/ui/leads/list-and-filter", test_list_and_filter);
  g_test_add_func ("/ui/leads/new-lead", test_new_lead);
  status = g_test_run ();

  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
