/* crm-lead.c — leads: people and companies who may become clients (R3)
 *
 * A lead is a request that has not become an account yet: who asked,
 * from which company, where the request came from, how far it got
 * (status) and how likely it is to buy (qualification). The database
 * keeps the status rules (0010-leads.sql): a converted lead stays
 * converted, and a refusal needs its reason, which validation checks
 * first so that the form can say so next to the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-lead.h"

struct _CrmLead
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmLead, crm_lead, CRM_TYPE_RECORD)

static const CrmChoice source_choices[] = {
  { "call", N_ ("Call") },
  { "email", N_ ("E-mail") },
  { "meeting", N_ ("Meeting") },
  { "conference", N_ ("Conference or exhibition") },
  { "web_form", N_ ("Web form") },
  { "ad", N_ ("Advertising") },
  { "other", N_ ("Other") },
  { NULL, NULL }
};

static const CrmChoice status_choices[] = {
  { "new", N_ ("New") },
  { "assigned", N_ ("Assigned") },
  { "in_progress", N_ ("In progress") },
  { "converted", N_ ("Converted") },
  { "rejected", N_ ("Refused") },
  { NULL, NULL }
};

static const CrmChoice qualification_choices[] = {
  { "cold", N_ ("Cold") },
  { "warm", N_ ("Warm") },
  { "hot", N_ ("Hot") },
  { NULL, NULL }
};

#define MAIN    N_ ("Main")
#define CONTACT N_ ("Contacts")
#define NOTES   N_ ("Notes")

static const CrmField lead_fields[] = {
  { "full_name", N_ ("Full name"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, NULL,
    .sql = "concat_ws(' ', t.last_name, t.first_name, t.middle_name)" },
  { "last_name", N_ ("Last name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE, MAIN, .max_length = 100 },
  { "first_name", N_ ("First name"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, MAIN, .max_length = 100 },
  { "middle_name", N_ ("Middle name"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, MAIN, .max_length = 100 },
  { "company_name", N_ ("Company"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .max_length = 300 },
  { "inn", N_ ("INN"), CRM_FIELD_INN, CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, MAIN },
  { "position", N_ ("Position"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE, MAIN, .max_length = 200 },
  { "status", N_ ("Status"), CRM_FIELD_CHOICE,
    CRM_FIELD_REQUIRED | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN,
    .choices = status_choices },
  { "refusal_reason", N_ ("Refusal reason"), CRM_FIELD_TEXT, 0, MAIN, .max_length = 1000 },
  { "source", N_ ("Source"), CRM_FIELD_CHOICE,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN,
    .choices = source_choices },
  { "qualification", N_ ("Qualification"), CRM_FIELD_CHOICE,
    CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE | CRM_FIELD_HEADER, MAIN, .choices = qualification_choices },
  { "phone", N_ ("Phone"), CRM_FIELD_PHONE, CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, CONTACT },
  { "phone2", N_ ("Other phone"), CRM_FIELD_PHONE, CRM_FIELD_SEARCHABLE, CONTACT },
  { "email", N_ ("E-mail"), CRM_FIELD_EMAIL, CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, CONTACT },
  { "city", N_ ("City"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE, CONTACT, .max_length = 200 },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, 0, NOTES, .max_length = 20000 },
  /* What a converted lead became (0014); written by the conversion only. */
  { "converted_account_id", N_ ("Became account"), CRM_FIELD_REF, CRM_FIELD_COMPUTED | CRM_FIELD_FILTERABLE, NULL,
    .sql = "t.converted_account_id", .ref_type = "account" },
  { "converted_contact_id", N_ ("Became contact"), CRM_FIELD_REF, CRM_FIELD_COMPUTED | CRM_FIELD_FILTERABLE, NULL,
    .sql = "t.converted_contact_id", .ref_type = "contact" },
};

static const CrmConstraintMessage lead_constraints[] = {
  { "leads_status_converted_check", N_ ("a converted lead keeps its status: it is an account, contacts and a deal now") },
  { "leads_refusal_reason_check", N_ ("say why the lead was refused") },
  { NULL, NULL }
};

/* What the lead became. */
static const CrmRelated lead_related[] = {
  { "deal", "lead_id", N_ ("Deals"), N_ ("No deals from this lead yet"), { "account_name", "stage_name", "amount", NULL }, "expected_close", TRUE, NULL },
  { NULL }
};

const CrmRecordType crm_lead_type = {
  .name = "lead",
  .table = "leads",
  .label = N_ ("Lead"),
  .plural = N_ ("Leads"),
  .icon_name = "mail-unread-symbolic",
  .new_label = N_ ("New Lead"),
  .empty_title = N_ ("No Leads Yet"),
  .empty_description = N_ ("Add the people and companies who asked about your services: calls, e-mails, web forms, exhibitions"),
  .search_placeholder = N_ ("Search by name, company, phone, e-mail or INN"),
  .count_singular = NP_ ("%u lead", "%u leads"),
  .title_field = "full_name",
  .default_sort = "full_name",
  .fields = lead_fields,
  .n_fields = G_N_ELEMENTS (lead_fields),
  .get_type = crm_lead_get_type,
  .constraint_messages = lead_constraints,
  .related = lead_related,
};

static char *
crm_lead_dup_title (CrmRecord *record)
{
  return crm_lead_dup_full_name (CRM_LEAD (record));
}

static gboolean
crm_lead_check (CrmRecord  *record,
                GHashTable *field_errors,
                GError    **error)
{
  const char *status = crm_record_get_string (record, "status");
  const char *reason = crm_record_get_string (record, "refusal_reason");

  if (g_strcmp0 (status, "rejected") == 0 && (reason == NULL || *reason == '\0'))
    {
      const CrmField *field = crm_record_type_get_field (&crm_lead_type, "refusal_reason");

      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_REQUIRED,
                   _ ("%s: say why the lead was refused"), crm_field_get_label (field));
      g_hash_table_insert (field_errors, (gpointer) field->name, g_strdup ((*error)->message));
      return FALSE;
    }
  return TRUE;
}

/* The values exist once CrmRecord is constructed. */
static void
crm_lead_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_lead_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "status", "new");
}

static void
crm_lead_class_init (CrmLeadClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  CrmRecordClass *record_class = CRM_RECORD_CLASS (klass);

  object_class->constructed = crm_lead_constructed;

  crm_record_class_install_fields (record_class, &crm_lead_type);
  record_class->dup_title = crm_lead_dup_title;
  record_class->check = crm_lead_check;
}

static void
crm_lead_init (CrmLead *self)
{
}

CrmLead *
crm_lead_new (void)
{
  return g_object_new (CRM_TYPE_LEAD, NULL);
}

char *
crm_lead_dup_full_name (CrmLead *self)
{
  static const char *const name_fields[] = { "last_name", "first_name", "middle_name", NULL };

  g_return_val_if_fail (CRM_IS_LEAD (self), NULL);

  return crm_record_join_strings (CRM_RECORD (self), name_fields, " ");
}
