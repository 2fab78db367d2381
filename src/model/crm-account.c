/* crm-account.c — counterparties (R1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-account.h"

struct _CrmAccount
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmAccount, crm_account, CRM_TYPE_RECORD)

static const CrmChoice size_choices[] = {
  { "large", N_ ("Large") },
  { "medium", N_ ("Medium") },
  { "small", N_ ("Small") },
  { NULL, NULL }
};

static const CrmChoice type_choices[] = {
  { "client", N_ ("Client") },
  { "subagent", N_ ("Sub-agent") },
  { "partner", N_ ("Partner") },
  { "supplier", N_ ("Supplier") },
  { "competitor", N_ ("Competitor") },
  { NULL, NULL }
};

#define MAIN    N_ ("Main")
#define REQS    N_ ("Requisites")
#define CONTACT N_ ("Contacts and addresses")
#define BANK    N_ ("Bank details")
#define NOTES   N_ ("Notes")

static const CrmField account_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 300 },
  { "full_name", N_ ("Full legal name"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, MAIN, .max_length = 1000 },
  { "code", N_ ("Code"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, MAIN, .max_length = 50 },
  { "inn", N_ ("INN"), CRM_FIELD_INN,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, REQS },
  { "kpp", N_ ("KPP"), CRM_FIELD_KPP, 0, REQS },
  { "ogrn", N_ ("OGRN"), CRM_FIELD_OGRN, CRM_FIELD_SEARCHABLE, REQS },
  { "size_group", N_ ("Group"), CRM_FIELD_CHOICE,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .choices = size_choices },
  { "account_type", N_ ("Type"), CRM_FIELD_CHOICE,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_HEADER, MAIN, .choices = type_choices },
  { "status", N_ ("Status"), CRM_FIELD_TEXT,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .max_length = 100 },
  { "region", N_ ("Region"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE, MAIN, .max_length = 200 },
  { "industry", N_ ("Industry"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE, MAIN, .max_length = 200 },
  /* Money: withheld by the database from managers and read-only users. */
  { "annual_revenue", N_ ("Annual revenue, ₽"), CRM_FIELD_INT, CRM_FIELD_SORTABLE, MAIN },
  { "city", N_ ("City"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST, CONTACT, .max_length = 200 },
  { "phone", N_ ("Phone"), CRM_FIELD_PHONE, CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, CONTACT },
  { "phone2", N_ ("Other phone"), CRM_FIELD_PHONE, CRM_FIELD_SEARCHABLE, CONTACT },
  { "email", N_ ("E-mail"), CRM_FIELD_EMAIL, CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, CONTACT },
  { "email2", N_ ("Other e-mail"), CRM_FIELD_EMAIL, CRM_FIELD_SEARCHABLE, CONTACT },
  { "website", N_ ("Website"), CRM_FIELD_URL, CRM_FIELD_SEARCHABLE, CONTACT, .max_length = 300 },
  { "legal_address", N_ ("Legal address"), CRM_FIELD_TEXT, 0, CONTACT, .max_length = 500 },
  { "actual_address", N_ ("Actual address"), CRM_FIELD_TEXT, 0, CONTACT, .max_length = 500 },
  { "director", N_ ("Director"), CRM_FIELD_TEXT, 0, REQS, .max_length = 200 },
  { "accountant", N_ ("Chief accountant"), CRM_FIELD_TEXT, 0, REQS, .max_length = 200 },
  { "bank_name", N_ ("Bank"), CRM_FIELD_TEXT, 0, BANK, .max_length = 300 },
  { "bank_bik", N_ ("BIK"), CRM_FIELD_DIGITS, 0, BANK, .max_length = 9 },
  { "bank_account", N_ ("Settlement account"), CRM_FIELD_DIGITS, 0, BANK, .max_length = 20 },
  { "bank_corr_account", N_ ("Correspondent account"), CRM_FIELD_DIGITS, 0, BANK, .max_length = 20 },
  { "competitors", N_ ("Competitors"), CRM_FIELD_MULTILINE, 0, NOTES, .max_length = 4000 },
  { "comments", N_ ("Comments"), CRM_FIELD_MULTILINE, 0, NOTES, .max_length = 20000 },
  { "confirmed", N_ ("Confirmed by accounting"), CRM_FIELD_BOOL, 0, REQS },
  { "contact_count", N_ ("Contacts"), CRM_FIELD_INT, CRM_FIELD_COMPUTED, NULL,
    .sql = "(SELECT count(*) FROM rapport.contacts c WHERE c.account_id = t.id)" },
};

/* The 360° view (R8): the account's people, deals, contracts and what it
 * bought, newest first. */
static const CrmRelated account_related[] = {
  { "contact", "account_id", N_ ("Contacts"), N_ ("No contacts at this account yet"), { "position", "phone_mobile", "phone_work", "email", NULL }, "full_name", FALSE, N_ ("Add a Contact to This Account"), { "city", NULL } },
  { "lead", "converted_account_id", N_ ("Leads"), N_ ("No leads became this account"), { "status", "source", "phone", "email", NULL }, "full_name", FALSE, NULL },
  { "deal", "account_id", N_ ("Deals"), N_ ("No deals with this account yet"), { "stage_name", "amount", "expected_close", NULL }, "expected_close", TRUE, N_ ("Add a Deal with This Account") },
  { "contract", "account_id", N_ ("Contracts"), N_ ("No contracts with this account yet"), { "title", "start_date", "status_name", NULL }, "start_date", TRUE, N_ ("Add a Contract with This Account") },
  { "task", "account_id", N_ ("Tasks"), N_ ("No tasks for this account yet"), { "kind", "status", "due_at", "owner_name", NULL }, "due_at", TRUE, N_ ("Add a Task for This Account") },
  { "sale", "account_id", N_ ("Sales"), N_ ("No sales to this account yet"), { "sale_date", "quantity", "amount", NULL }, "sale_date", TRUE, NULL },
  { NULL }
};

const CrmRecordType crm_account_type = {
  .name = "account",
  .table = "accounts",
  .label = N_ ("Account"),
  .plural = N_ ("Accounts"),
  .icon_name = "system-users-symbolic",
  .new_label = N_ ("New Account"),
  .empty_title = N_ ("No Accounts Yet"),
  .empty_description = N_ ("Add the companies you work with: clients, partners, suppliers"),
  .search_placeholder = N_ ("Search by name, INN, phone or e-mail"),
  .count_singular = NP_ ("%u account", "%u accounts"),
  .title_field = "name",
  .default_sort = "name",
  .fields = account_fields,
  .n_fields = G_N_ELEMENTS (account_fields),
  .get_type = crm_account_get_type,
  .related = account_related,
};

static void
crm_account_class_init (CrmAccountClass *klass)
{
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_account_type);
}

static void
crm_account_init (CrmAccount *self)
{
}

CrmAccount *
crm_account_new (void)
{
  return g_object_new (CRM_TYPE_ACCOUNT, NULL);
}

const char *
crm_account_get_name (CrmAccount *self)
{
  g_return_val_if_fail (CRM_IS_ACCOUNT (self), NULL);

  return crm_record_get_string (CRM_RECORD (self), "name");
}

const char *
crm_account_get_inn (CrmAccount *self)
{
  g_return_val_if_fail (CRM_IS_ACCOUNT (self), NULL);

  return crm_record_get_string (CRM_RECORD (self), "inn");
}
