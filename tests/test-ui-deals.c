/* test-ui-deals.c — deals on screen (S1, R8): the Deals section lists the
 * demo's deals with their stages; an account's page shows its deals under
 * its figures (open pipeline, won this year) as the database counts them;
 * deleting a stage that holds deals asks where they go, and «Move and
 * Delete» moves them and deletes the stage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "crm-account-totals.h"
#include "crm-account.h"
#include "crm-context.h"
#include "crm-deal.h"
#include "crm-demo.h"
#include "crm-list-page.h"
#include "crm-money.h"
#include "crm-pipeline.h"
#include "crm-record-list.h"
#include "crm-record-page.h"
#include "crm-related-group.h"
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

/* All the demo's deals, each with its account and stage. */
static void
test_list (void)
{
  CrmWindow   *window = crm_test_open_window (context, "deals");
  CrmListPage *page = CRM_LIST_PAGE (crm_window_get_list_page (window, "deals"));
  GListModel  *model = G_LIST_MODEL (crm_list_page_get_model (page));

  g_assert_true (crm_list_page_get_record_type (page) == &crm_deal_type);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CRM_DEMO_N_DEALS);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (model, i);

      crm_test_wait_until (crm_test_record_loaded, item, "a deal row is loaded");
      g_assert_nonnull (crm_record_get_string (item, "account_name"));
      g_assert_nonnull (crm_record_get_string (item, "stage_name"));
    }
  crm_test_keep_screenshot (window, "deals-list");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
label_has_text (gpointer data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (data));

  return text != NULL && *text != '\0';
}

/* Звезда Азии: its deals listed, and its figures as the database counts
 * them. */
static void
test_account_figures (void)
{
  CrmWindow       *window = crm_test_open_window (context, "accounts");
  gint64           id = query_id ("SELECT id FROM rapport.accounts WHERE name = $1", "Звезда Азии");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *open_sum = query_value ("SELECT coalesce(sum(d.amount), 0) FROM rapport.deals d"
                                           " JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
                                           " WHERE d.account_id = $1::bigint AND s.kind = 'open'",
                                           id_text);
  g_autofree char *n_deals = query_value ("SELECT count(*) FROM rapport.deals WHERE account_id = $1::bigint", id_text);
  g_autofree char *money = crm_money_format (g_ascii_strtoll (open_sum, NULL, 10));
  CrmRecordPage   *page;
  GtkWidget       *totals, *group, *stack, *label;
  CrmTestCount     count;

  crm_window_open_record (window, &crm_account_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the account page is shown");
  stack = crm_test_find_widget (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK, NULL);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "related");

  group = crm_test_find_widget (GTK_WIDGET (page), CRM_TYPE_RELATED_GROUP, "deals");
  g_assert_nonnull (group);
  count.model = G_LIST_MODEL (crm_related_group_get_list (CRM_RELATED_GROUP (group)));
  count.n = (guint) atoi (n_deals);
  g_assert_cmpuint (count.n, >=, 2);
  crm_test_wait_until (crm_test_count_reached, &count, "the account's deals are listed");

  totals = crm_test_find_widget_named (GTK_WIDGET (page), "totals");
  g_assert_nonnull (totals);
  label = gtk_widget_get_first_child (totals);
  crm_test_wait_until (label_has_text, label, "the account's figures are counted");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), money));
  crm_test_keep_screenshot (window, "account-deals");

  /* + adds a deal with this account. */
  gtk_widget_activate_action (group, "related.add", "s", "deal");
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the new deal page is shown");
  g_assert_true (crm_record_page_get_record_type (page) == &crm_deal_type);
  g_assert_cmpint (crm_record_get_int (crm_record_page_get_draft (page), "account_id"), ==, id);
  crm_test_keep_screenshot (window, "deal-new");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
dialog_shown (gpointer data)
{
  return crm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
stage_gone (gpointer data)
{
  g_autofree char *left = query_value ("SELECT count(*) FROM rapport.pipeline_stages WHERE id = $1::bigint", data);

  return g_strcmp0 (left, "0") == 0;
}

/* «Предварительный контакт» holds deals: deleting it asks where they go
 * (the next stage offered); they move to «Договор подписан» and the stage
 * is gone. */
static void
test_delete_stage (void)
{
  CrmWindow       *window = crm_test_open_window (context, "pipeline-stages");
  gint64           id = query_id ("SELECT id FROM rapport.pipeline_stages WHERE name = $1", "Предварительный контакт");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *held = query_value ("SELECT count(*) FROM rapport.deals WHERE stage_id = $1::bigint", id_text);
  g_autofree char *before = query_value ("SELECT count(*) FROM rapport.deals d JOIN rapport.pipeline_stages s"
                                         " ON s.id = d.stage_id WHERE s.name = $1",
                                         "Договор подписан");
  g_autofree char *after = NULL;
  g_autofree char *heading = NULL;
  CrmRecordPage   *page;
  GtkWidget       *dialog;
  GtkDropDown     *choice;

  g_assert_cmpint (atoi (held), >, 0);
  crm_window_open_record (window, &crm_pipeline_stage_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  crm_test_wait_until (crm_test_record_page_ready, page, "the stage page is shown");
  crm_test_keep_screenshot (window, "stage-page");

  gtk_widget_activate_action (GTK_WIDGET (page), "record.delete", NULL);
  crm_test_wait_until (dialog_shown, NULL, "the dialog asks where the deals go");
  dialog = crm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  heading = g_strdup (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (strstr (heading, "Предварительный контакт"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), held));
  choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (choice))), ==,
                   "Договор подписан");
  crm_test_keep_widget_screenshot (dialog, "stage-delete-dialog");

  /* Cancel leaves everything. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (stage_gone (id_text));

  gtk_widget_activate_action (GTK_WIDGET (crm_window_get_record_page (window)), "record.delete", NULL);
  crm_test_wait_until (dialog_shown, NULL, "the dialog asks again");
  dialog = crm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "move");
  gtk_window_destroy (GTK_WINDOW (dialog));
  crm_test_wait_until (stage_gone, id_text, "the stage is deleted");

  after = query_value ("SELECT count(*) FROM rapport.deals d JOIN rapport.pipeline_stages s"
                       " ON s.id = d.stage_id WHERE s.name = $1",
                       "Договор подписан");
  g_assert_cmpint (atoi (after), ==, atoi (before) + atoi (held));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_deals", &conninfo);

  g_test_add_func ("/ui/deals/list", test_list);
  g_test_add_func ("/ui/deals/account-figures", test_account_figures);
  g_test_add_func ("/ui/deals/delete-stage", test_delete_stage);
  status = g_test_run ();

  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
