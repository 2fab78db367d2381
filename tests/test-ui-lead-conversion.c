/* test-ui-lead-conversion.c — Convert… on a lead's page (R3): the dialog
 * offers the account with the lead's INN and the contact with its e-mail
 * at the top, refuses an amount it cannot read, converts with a deal in
 * one step (the database checked), opens the account; the lead cannot be
 * converted again and its dialog shows where it went; a lead without
 * duplicates becomes a new account, without a deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-account.h"
#include "crm-context.h"
#include "crm-deal.h"
#include "crm-lead-convert-dialog.h"
#include "crm-lead.h"
#include "crm-record-page.h"
#include "crm-related-group.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

static char       *conninfo;
static CrmContext *context;
static PGconn     *conn;

static char *
query (const char *sql,
       const char *param)
{
  return crm_test_db_query_value (conn, sql, param);
}

static void
assert_query (const char *sql,
              const char *param,
              const char *expected)
{
  g_autofree char *got = query (sql, param);

  g_assert_cmpstr (got, ==, expected);
}

static gboolean
dialog_ready (gpointer dialog)
{
  return crm_lead_convert_dialog_get_ready (CRM_LEAD_CONVERT_DIALOG (dialog));
}

static gboolean
dialog_done (gpointer data)
{
  GtkWidget **dialog = data;

  return *dialog == NULL || crm_lead_convert_dialog_get_error (CRM_LEAD_CONVERT_DIALOG (*dialog)) != NULL;
}

static void
set_text (GtkWidget  *dialog,
          const char *name,
          const char *text)
{
  GtkWidget *row = crm_test_find_widget_named (dialog, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static CrmRecordPage *
open_lead (CrmWindow  *window,
           const char *id)
{
  CrmRecordPage *page;

  crm_window_open_record (window, &crm_lead_type, g_ascii_strtoll (id, NULL, 10));
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  g_assert_nonnull (page);
  crm_test_wait_until (crm_test_record_page_ready, page, "the lead's page shows it");
  return page;
}

static gboolean
convert_dialog_shown (gpointer data)
{
  return crm_test_find_toplevel (CRM_TYPE_LEAD_CONVERT_DIALOG) != NULL;
}

/* Convert as the button does; waits until the dialog closed (converted)
 * or says what was wrong. */
static void
click_convert (GtkWidget **dialog)
{
  g_object_add_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
  g_signal_emit_by_name (crm_test_find_widget_named (*dialog, "convert"), "clicked");
  crm_test_wait_until (dialog_done, dialog, "the conversion finishes");
  if (*dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
}

static void
test_convert_with_deal (void)
{
  CrmWindow       *window = crm_window_new (NULL);
  CrmRecordPage   *page;
  GtkWidget       *dialog;
  GtkWidget       *button;
  g_autofree char *lead = query ("SELECT id FROM rapport.leads WHERE last_name = $1", "Тихонов");
  g_autofree char *accounts = query ("SELECT count(*) FROM rapport.accounts", NULL);
  g_autofree char *contacts = query ("SELECT count(*) FROM rapport.contacts", NULL);
  g_autofree char *account = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *deal = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *row_name = NULL;

  /* The company is in Rapport already, under a shorter name; the person
   * too, by e-mail, without an account yet. */
  account = query ("INSERT INTO rapport.accounts (name, full_name, inn, city) VALUES ($1, 'ООО «Сибирские семена»',"
                   " '5406271956', 'Новосибирск') RETURNING id",
                   "Сиб. семена");
  contact = query ("INSERT INTO rapport.contacts (last_name, first_name, email) VALUES ($1, 'Роман',"
                   " 'r.tikhonov@sib-seeds.ru') RETURNING id",
                   "Тихонов");
  g_free (accounts);
  accounts = query ("SELECT count(*) FROM rapport.accounts", NULL);
  g_free (contacts);
  contacts = query ("SELECT count(*) FROM rapport.contacts", NULL);

  crm_window_set_section (window, "leads");
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  page = open_lead (window, lead);
  button = crm_test_find_widget_named (GTK_WIDGET (page), "convert-lead");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  crm_test_keep_screenshot (window, "lead-convert-button");

  g_signal_emit_by_name (button, "clicked");
  dialog = crm_test_find_toplevel (CRM_TYPE_LEAD_CONVERT_DIALOG);
  g_assert_nonnull (dialog);
  crm_test_wait_until (dialog_ready, dialog, "the dialog looks for duplicates");
  g_assert_null (crm_lead_convert_dialog_get_error (CRM_LEAD_CONVERT_DIALOG (dialog)));

  /* The account with the lead's INN is offered and chosen; the contact
   * with its e-mail too. */
  g_assert_cmpuint (crm_lead_convert_dialog_get_n_account_candidates (CRM_LEAD_CONVERT_DIALOG (dialog)), ==, 1);
  g_assert_cmpint (crm_lead_convert_dialog_get_account_choice (CRM_LEAD_CONVERT_DIALOG (dialog)), ==,
                   g_ascii_strtoll (account, NULL, 10));
  g_assert_cmpuint (crm_lead_convert_dialog_get_n_contact_candidates (CRM_LEAD_CONVERT_DIALOG (dialog)), ==, 1);
  row_name = g_strconcat ("contact-", contact, NULL);
  g_assert_nonnull (crm_test_find_widget_named (dialog, row_name));

  /* An amount it cannot read: nothing happens but the message. */
  set_text (dialog, "deal-amount", "полтора миллиона");
  set_text (dialog, "deal-close", "31.03.2027");
  click_convert (&dialog);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (crm_lead_convert_dialog_get_error (CRM_LEAD_CONVERT_DIALOG (dialog)), "полтора миллиона"));
  assert_query ("SELECT status FROM rapport.leads WHERE id = $1::bigint", lead, "assigned");
  crm_test_keep_widget_screenshot (dialog, "lead-convert-invalid");

  set_text (dialog, "deal-amount", "1 450 000");
  crm_test_keep_widget_screenshot (dialog, "lead-convert-dialog");
  click_convert (&dialog);
  g_assert_null (dialog);

  /* No new account nor contact; the deal at the account, from the lead. */
  assert_query ("SELECT count(*) FROM rapport.accounts", NULL, accounts);
  assert_query ("SELECT count(*) FROM rapport.contacts", NULL, contacts);
  deal = query ("SELECT id FROM rapport.deals WHERE lead_id = $1::bigint", lead);
  g_assert_nonnull (deal);
  expected = g_strdup_printf ("converted|%s|%s|%s", account, contact, deal);
  assert_query ("SELECT concat_ws('|', status, converted_account_id, converted_contact_id, converted_deal_id)"
                " FROM rapport.leads WHERE id = $1::bigint",
                lead, expected);
  g_free (expected);
  expected = g_strdup_printf ("%s|%s|Деловая поездка на агровыставку в Ганновер|145000000|2027-03-31|Бассейн", account,
                              contact);
  assert_query ("SELECT concat_ws('|', d.account_id, d.contact_id, d.name, d.amount, d.expected_close, s.name)"
                " FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id WHERE d.id = $1::bigint",
                deal, expected);

  /* The account is open, with the toast. */
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  g_assert_true (crm_record_page_get_record_type (page) == &crm_account_type);
  g_assert_cmpint (crm_record_page_get_record_id (page), ==, g_ascii_strtoll (account, NULL, 10));
  crm_test_wait_until (crm_test_record_page_ready, page, "the account's page shows it");
  crm_test_keep_screenshot (window, "lead-converted-account");
  /* Its Related tab lists the lead it came from. */
  {
    GtkWidget   *group = crm_test_find_widget (GTK_WIDGET (page), CRM_TYPE_RELATED_GROUP, "leads");
    CrmTestCount count;

    g_assert_nonnull (group);
    count.model = G_LIST_MODEL (crm_related_group_get_list (CRM_RELATED_GROUP (group)));
    count.n = 1;
    crm_test_wait_until (crm_test_count_reached, &count, "the account lists the lead it came from");
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (count.model, 0);

      g_assert_cmpint (crm_record_get_id (item), ==, g_ascii_strtoll (lead, NULL, 10));
    }
  }

  /* The lead is not converted twice: its button now reads «Converted
   * Into…», and its dialog shows where it went, each link opening its
   * record. */
  page = open_lead (window, lead);
  button = crm_test_find_widget_named (GTK_WIDGET (page), "convert-lead");
  crm_test_wait_until ((CrmTestCondition) gtk_widget_get_visible, button, "the button is shown");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Converted _Into…");
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  crm_test_wait_until (convert_dialog_shown, NULL, "the button opens the dialog");
  dialog = crm_test_find_toplevel (CRM_TYPE_LEAD_CONVERT_DIALOG);
  crm_test_wait_until (dialog_ready, dialog, "the dialog reads where the lead went");
  g_assert_nonnull (crm_lead_convert_dialog_get_converted (CRM_LEAD_CONVERT_DIALOG (dialog)));
  g_assert_cmpint (crm_lead_convert_dialog_get_converted (CRM_LEAD_CONVERT_DIALOG (dialog))->deal_id, ==,
                   g_ascii_strtoll (deal, NULL, 10));
  g_assert_false (gtk_widget_get_visible (crm_test_find_widget_named (dialog, "convert")));
  g_assert_nonnull (crm_test_find_widget_named (dialog, "account"));
  g_assert_nonnull (crm_test_find_widget_named (dialog, "contact"));
  crm_test_keep_widget_screenshot (dialog, "lead-convert-converted");
  g_signal_emit_by_name (crm_test_find_widget_named (dialog, "deal"), "activated");
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  g_assert_true (crm_record_page_get_record_type (page) == &crm_deal_type);
  g_assert_cmpint (crm_record_page_get_record_id (page), ==, g_ascii_strtoll (deal, NULL, 10));
  g_assert_null (crm_test_find_toplevel (CRM_TYPE_LEAD_CONVERT_DIALOG));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A lead without duplicates: a new account and contact, no deal. */
static void
test_convert_new_account (void)
{
  CrmWindow       *window = crm_window_new (NULL);
  CrmRecordPage   *page;
  GtkWidget       *dialog;
  g_autofree char *lead = query ("SELECT id FROM rapport.leads WHERE last_name = $1", "Лаптев");
  g_autofree char *accounts = query ("SELECT count(*) + 1 FROM rapport.accounts", NULL);
  g_autofree char *deals = query ("SELECT count(*) FROM rapport.deals", NULL);
  g_autofree char *account = NULL;
  g_autofree char *expected = NULL;

  crm_window_set_section (window, "leads");
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  page = open_lead (window, lead);
  gtk_widget_activate_action (GTK_WIDGET (page), "record.convert-lead", NULL);
  dialog = crm_test_find_toplevel (CRM_TYPE_LEAD_CONVERT_DIALOG);
  g_assert_nonnull (dialog);
  crm_test_wait_until (dialog_ready, dialog, "the dialog looks for duplicates");
  g_assert_cmpuint (crm_lead_convert_dialog_get_n_account_candidates (CRM_LEAD_CONVERT_DIALOG (dialog)), ==, 0);
  g_assert_cmpint (crm_lead_convert_dialog_get_account_choice (CRM_LEAD_CONVERT_DIALOG (dialog)), ==, 0);
  set_text (dialog, "account-name", "ТехноСтрой-Инжиниринг (Москва)");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (crm_test_find_widget_named (dialog, "with-deal")), FALSE);
  crm_test_keep_widget_screenshot (dialog, "lead-convert-new-account");
  click_convert (&dialog);
  g_assert_null (dialog);

  assert_query ("SELECT count(*) FROM rapport.accounts", NULL, accounts);
  assert_query ("SELECT count(*) FROM rapport.deals", NULL, deals);
  account = query ("SELECT converted_account_id FROM rapport.leads WHERE id = $1::bigint", lead);
  assert_query ("SELECT concat_ws('|', name, inn, city) FROM rapport.accounts WHERE id = $1::bigint", account,
                "ТехноСтрой-Инжиниринг (Москва)|7712458308|Москва");
  expected = g_strdup_printf ("Лаптев|Офис-менеджер|%s", account);
  assert_query ("SELECT concat_ws('|', c.last_name, c.position, c.account_id) FROM rapport.contacts c"
                " JOIN rapport.leads l ON l.converted_contact_id = c.id WHERE l.id = $1::bigint",
                lead, expected);
  assert_query ("SELECT converted_deal_id IS NULL FROM rapport.leads WHERE id = $1::bigint", lead, "t");
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  g_assert_cmpint (crm_record_page_get_record_id (page), ==, g_ascii_strtoll (account, NULL, 10));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  crm_test_ui_init (&argc, &argv);

  context = crm_test_ui_open_demo ("ui_lead_conversion", &conninfo);
  conn = crm_test_db_connect (conninfo);

  g_test_add_func ("/ui/lead-conversion/with-deal", test_convert_with_deal);
  g_test_add_func ("/ui/lead-conversion/new-account", test_convert_new_account);
  status = g_test_run ();

  g_clear_pointer (&conn, PQfinish);
  crm_test_ui_close_demo (g_steal_pointer (&context), g_steal_pointer (&conninfo));
  return status;
}
