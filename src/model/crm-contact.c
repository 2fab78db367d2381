/* crm-contact.c — people at counterparties (R2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-contact.h"

struct _CrmContact
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmContact, crm_contact, CRM_TYPE_RECORD)

static const CrmChoice gender_choices[] = {
  { "male", N_ ("Male") },
  { "female", N_ ("Female") },
  { NULL, NULL }
};

#define MAIN   N_ ("Main")
#define PHONES N_ ("Phones and messengers")
#define NOTES  N_ ("Notes")

static const CrmField contact_fields[] = {
  { "full_name", N_ ("Full name"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, NULL,
    .sql = "concat_ws(' ', t.last_name, t.first_name, t.middle_name)" },
  { "last_name", N_ ("Last name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE, MAIN, .max_length = 100 },
  { "first_name", N_ ("First name"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, MAIN, .max_length = 100 },
  { "middle_name", N_ ("Middle name"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, MAIN, .max_length = 100 },
  { "code", N_ ("Code"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, MAIN, .max_length = 50 },
  { "account_id", N_ ("Account"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, MAIN, .ref_type = "account" },
  { "account_name", N_ ("Account"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT a.name FROM rapport.accounts a WHERE a.id = t.account_id)" },
  { "position", N_ ("Position"), CRM_FIELD_TEXT,
    CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .max_length = 200 },
  { "gender", N_ ("Gender"), CRM_FIELD_CHOICE, 0, MAIN, .choices = gender_choices },
  { "status", N_ ("Status"), CRM_FIELD_TEXT,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST, MAIN, .max_length = 100 },
  { "city", N_ ("City"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST, MAIN, .max_length = 200 },
  { "phone_mobile", N_ ("Mobile phone"), CRM_FIELD_PHONE,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, PHONES },
  { "phone_work", N_ ("Work phone"), CRM_FIELD_PHONE, CRM_FIELD_SEARCHABLE | CRM_FIELD_HEADER, PHONES },
  { "phone_home", N_ ("Home phone"), CRM_FIELD_PHONE, CRM_FIELD_SEARCHABLE, PHONES },
  { "phone_internal", N_ ("Internal phone"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, PHONES, .max_length = 20 },
  { "email", N_ ("E-mail"), CRM_FIELD_EMAIL, CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, PHONES },
  { "email2", N_ ("Other e-mail"), CRM_FIELD_EMAIL, CRM_FIELD_SEARCHABLE, PHONES },
  { "skype", N_ ("Skype"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, PHONES, .max_length = 100 },
  { "messengers", N_ ("Other messengers"), CRM_FIELD_TEXT, 0, PHONES, .max_length = 500 },
  { "birthday", N_ ("Birthday"), CRM_FIELD_DATE, 0, MAIN },
  { "last_contact_at", N_ ("Last communication"), CRM_FIELD_TIMESTAMP,
    CRM_FIELD_SORTABLE | CRM_FIELD_HEADER, MAIN },
  { "comments", N_ ("Comments"), CRM_FIELD_MULTILINE, 0, NOTES, .max_length = 20000 },
};

static const CrmRelated contact_related[] = {
  { "lead", "converted_contact_id", N_ ("Leads"), N_ ("No leads became this contact"), { "status", "source", "company_name", NULL }, "full_name", FALSE, NULL },
  { "deal", "contact_id", N_ ("Deals"), N_ ("No deals with this contact yet"), { "account_name", "stage_name", "amount", NULL }, "expected_close", TRUE, NULL },
  { "task", "contact_id", N_ ("Tasks"), N_ ("No tasks with this contact yet"), { "kind", "status", "due_at", "owner_name", NULL }, "due_at", TRUE, N_ ("Add a Task with This Contact"), { "account_id", "account_name", NULL } },
  { NULL }
};

const CrmRecordType crm_contact_type = {
  .name = "contact",
  .table = "contacts",
  .label = N_ ("Contact"),
  .plural = N_ ("Contacts"),
  .icon_name = "avatar-default-symbolic",
  .new_label = N_ ("New Contact"),
  .empty_title = N_ ("No Contacts Yet"),
  .empty_description = N_ ("Add the people you talk to at your accounts"),
  .search_placeholder = N_ ("Search by name, phone, e-mail, code or company"),
  .count_singular = NP_ ("%u contact", "%u contacts"),
  .title_field = "full_name",
  .default_sort = "full_name",
  .fields = contact_fields,
  .n_fields = G_N_ELEMENTS (contact_fields),
  .get_type = crm_contact_get_type,
  .related = contact_related,
};

static char *
crm_contact_dup_title (CrmRecord *record)
{
  return crm_contact_dup_full_name (CRM_CONTACT (record));
}

static void
crm_contact_class_init (CrmContactClass *klass)
{
  CrmRecordClass *record_class = CRM_RECORD_CLASS (klass);

  crm_record_class_install_fields (record_class, &crm_contact_type);
  record_class->dup_title = crm_contact_dup_title;
}

static void
crm_contact_init (CrmContact *self)
{
}

CrmContact *
crm_contact_new (void)
{
  return g_object_new (CRM_TYPE_CONTACT, NULL);
}

char *
crm_contact_dup_full_name (CrmContact *self)
{
  static const char *const name_fields[] = { "last_name", "first_name", "middle_name", NULL };

  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return crm_record_join_strings (CRM_RECORD (self), name_fields, " ");
}

gint64
crm_contact_get_account_id (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return crm_record_get_int (CRM_RECORD (self), "account_id");
}
