/* crm-tariff-plan.c — tariff plans: the terms contracts are made on (S3)
 *
 * A tariff plan («Стандартный», «Профи», «Новичок») is valid from one date
 * to another, has a status and a status date, and lists its commercial
 * conditions (crm-commercial-condition.c); a contract names its plan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-tariff-plan.h"

struct _CrmTariffPlan
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmTariffPlan, crm_tariff_plan, CRM_TYPE_RECORD)

static const CrmChoice status_choices[] = {
  { "active", N_ ("Active") },
  { "inactive", N_ ("Inactive") },
  { NULL, NULL }
};

#define MAIN  N_ ("Main")
#define NOTES N_ ("Remark and notes")

static const CrmField tariff_plan_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 255 },
  { "code", N_ ("Tariff plan ID"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .max_length = 50 },
  { "general_agent", N_ ("General agent"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN,
    .max_length = 255 },
  { "valid_from", N_ ("Valid from"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "valid_to", N_ ("Valid until"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN },
  { "status", N_ ("Status"), CRM_FIELD_CHOICE,
    CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .choices = status_choices },
  { "status_date", N_ ("Status date"), CRM_FIELD_DATE, CRM_FIELD_SORTABLE, MAIN },
  { "remark", N_ ("Remark"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 1000 },
  { "notes", N_ ("Plan notes"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, NOTES, .max_length = 20000 },
};

/* The database's rules, in words (also validation's message). */
#define ENDS_BEFORE_START N_ ("a tariff plan cannot end before it starts")

static const CrmConstraintMessage tariff_plan_constraints[] = {
  { "tariff_plans_valid_to_check", ENDS_BEFORE_START },
  { NULL, NULL }
};

static const CrmRelated tariff_plan_related[] = {
  { "commercial_condition", "tariff_plan_id", N_ ("Commercial Conditions"), N_ ("No commercial conditions under this tariff plan yet"), { "supplier", "condition_text", NULL }, "name", FALSE, N_ ("Add a Commercial Condition to This Tariff Plan"), { "general_agent", NULL } },
  { "contract", "tariff_plan_id", N_ ("Contracts"), N_ ("No contracts on this tariff plan yet"), { "account_name", "start_date", "status_name", NULL }, "start_date", TRUE, NULL },
  { NULL }
};

const CrmRecordType crm_tariff_plan_type = {
  .name = "tariff_plan",
  .table = "tariff_plans",
  .label = N_ ("Tariff Plan"),
  .plural = N_ ("Tariff Plans"),
  .icon_name = "view-list-bullet-symbolic",
  .new_label = N_ ("New Tariff Plan"),
  .empty_title = N_ ("No Tariff Plans Yet"),
  .empty_description = N_ ("Add the tariff plans your contracts are made on, with their commercial conditions"),
  .search_placeholder = N_ ("Search by name, ID, remark or description"),
  .count_singular = NP_ ("%u tariff plan", "%u tariff plans"),
  .title_field = "name",
  .default_sort = "name",
  .fields = tariff_plan_fields,
  .n_fields = G_N_ELEMENTS (tariff_plan_fields),
  .get_type = crm_tariff_plan_get_type,
  .constraint_messages = tariff_plan_constraints,
  .related = tariff_plan_related,
};

static gboolean
crm_tariff_plan_check (CrmRecord  *record,
                       GHashTable *field_errors,
                       GError    **error)
{
  const GValue *from = crm_record_peek_value (record, "valid_from");
  const GValue *to = crm_record_peek_value (record, "valid_to");
  GDateTime    *from_date = from ? g_value_get_boxed (from) : NULL;
  GDateTime    *to_date = to ? g_value_get_boxed (to) : NULL;

  if (from_date != NULL && to_date != NULL && g_date_time_compare (to_date, from_date) < 0)
    {
      const CrmField *field = crm_record_type_get_field (&crm_tariff_plan_type, "valid_to");

      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, "%s: %s", crm_field_get_label (field),
                   _ (ENDS_BEFORE_START));
      g_hash_table_insert (field_errors, (gpointer) field->name, g_strdup ((*error)->message));
      return FALSE;
    }
  return TRUE;
}

static void
crm_tariff_plan_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_tariff_plan_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "status", "active");
}

static void
crm_tariff_plan_class_init (CrmTariffPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = crm_tariff_plan_constructed;
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_tariff_plan_type);
  CRM_RECORD_CLASS (klass)->check = crm_tariff_plan_check;
}

static void
crm_tariff_plan_init (CrmTariffPlan *self)
{
}

CrmTariffPlan *
crm_tariff_plan_new (void)
{
  return g_object_new (CRM_TYPE_TARIFF_PLAN, NULL);
}
