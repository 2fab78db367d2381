/* crm-commercial-condition.c — a tariff plan's commercial conditions (S3)
 *
 * A commercial condition («КУ_XML_ЖД_продажа») is a fee or commission a
 * general agent agreed with a service supplier, in words, under a tariff
 * plan; the plan's page lists its conditions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-commercial-condition.h"

struct _CrmCommercialCondition
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmCommercialCondition, crm_commercial_condition, CRM_TYPE_RECORD)

static const CrmChoice status_choices[] = {
  { "active", N_ ("In force") },
  { "inactive", N_ ("Not in force") },
  { NULL, NULL }
};

#define MAIN N_ ("Main")

static const CrmField commercial_condition_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 255 },
  { "tariff_plan_id", N_ ("Tariff plan"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, MAIN, .ref_type = "tariff_plan" },
  { "tariff_plan_name", N_ ("Tariff plan"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT p.name FROM rapport.tariff_plans p WHERE p.id = t.tariff_plan_id)" },
  { "general_agent", N_ ("General agent"), CRM_FIELD_TEXT, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN,
    .max_length = 255 },
  { "supplier", N_ ("Service supplier"), CRM_FIELD_TEXT,
    CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .max_length = 255 },
  { "condition_text", N_ ("Condition"), CRM_FIELD_TEXT, CRM_FIELD_SEARCHABLE | CRM_FIELD_LIST, MAIN,
    .max_length = 4000 },
  { "status", N_ ("Status"), CRM_FIELD_CHOICE,
    CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .choices = status_choices },
};

const CrmRecordType crm_commercial_condition_type = {
  .name = "commercial_condition",
  .table = "commercial_conditions",
  .label = N_ ("Commercial Condition"),
  .plural = N_ ("Commercial Conditions"),
  .icon_name = "format-justify-left-symbolic",
  .new_label = N_ ("New Commercial Condition"),
  .empty_title = N_ ("No Commercial Conditions Yet"),
  .empty_description = N_ ("Add the fees and commissions agreed with service suppliers under each tariff plan"),
  .search_placeholder = N_ ("Search by name, supplier or text"),
  .count_singular = NP_ ("%u commercial condition", "%u commercial conditions"),
  .title_field = "name",
  .default_sort = "name",
  .fields = commercial_condition_fields,
  .n_fields = G_N_ELEMENTS (commercial_condition_fields),
  .get_type = crm_commercial_condition_get_type,
};

static void
crm_commercial_condition_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_commercial_condition_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "status", "active");
}

static void
crm_commercial_condition_class_init (CrmCommercialConditionClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = crm_commercial_condition_constructed;
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_commercial_condition_type);
}

static void
crm_commercial_condition_init (CrmCommercialCondition *self)
{
}

CrmCommercialCondition *
crm_commercial_condition_new (void)
{
  return g_object_new (CRM_TYPE_COMMERCIAL_CONDITION, NULL);
}
