/* crm-pipeline.c — pipelines and their stages, the settings of deals (S1)
 *
 * A pipeline is an ordered list of stages a deal goes through, ending in
 * a won or a lost stage. The company may keep several (sales, renewals,
 * tenders); one is the default for new deals. Everyone reads them; only
 * administrators and heads change them (0012-deals.sql).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-pipeline.h"

struct _CrmPipeline
{
  CrmRecord parent_instance;
};

struct _CrmPipelineStage
{
  CrmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmPipeline, crm_pipeline, CRM_TYPE_RECORD)
G_DEFINE_FINAL_TYPE (CrmPipelineStage, crm_pipeline_stage, CRM_TYPE_RECORD)

#define MAIN N_ ("Main")

static const CrmField pipeline_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 100 },
  { "position", N_ ("Order"), CRM_FIELD_INT, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN },
  { "is_default", N_ ("Default for new deals"), CRM_FIELD_BOOL, CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN },
  { "description", N_ ("Description"), CRM_FIELD_MULTILINE, CRM_FIELD_SEARCHABLE, MAIN, .max_length = 2000 },
};

static const CrmConstraintMessage pipeline_constraints[] = {
  { "pipelines_name_key", N_ ("there is already a pipeline of this name") },
  { "pipelines_one_default", N_ ("another pipeline is the default: make it not the default first") },
  { "deals_stage_id_fkey", N_ ("the pipeline still holds deals: move them to another pipeline first") },
  { NULL, NULL }
};

static const CrmRelated pipeline_related[] = {
  { "pipeline_stage", "pipeline_id", N_ ("Stages"), N_ ("No stages in this pipeline yet"), { "kind", "probability", NULL }, "position", FALSE, N_ ("Add a Stage to This Pipeline") },
  { NULL }
};

const CrmRecordType crm_pipeline_type = {
  .name = "pipeline",
  .table = "pipelines",
  .label = N_ ("Pipeline"),
  .plural = N_ ("Pipelines"),
  .icon_name = "view-continuous-symbolic",
  .new_label = N_ ("New Pipeline"),
  .empty_title = N_ ("No Pipelines"),
  .empty_description = N_ ("A pipeline is the list of stages your deals go through, from the first interest to the sale"),
  .search_placeholder = N_ ("Search by name"),
  .count_singular = NP_ ("%u pipeline", "%u pipelines"),
  .title_field = "name",
  .default_sort = "position",
  .fields = pipeline_fields,
  .n_fields = G_N_ELEMENTS (pipeline_fields),
  .get_type = crm_pipeline_get_type,
  .constraint_messages = pipeline_constraints,
  .related = pipeline_related,
};

const CrmChoice crm_stage_kind_choices[] = {
  { "open", N_ ("In progress") },
  { "won", N_ ("Won") },
  { "lost", N_ ("Lost") },
  { NULL, NULL }
};

static const CrmField stage_fields[] = {
  { "name", N_ ("Name"), CRM_FIELD_TEXT,
    CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN, .max_length = 100 },
  { "pipeline_id", N_ ("Pipeline"), CRM_FIELD_REF, CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, MAIN,
    .ref_type = "pipeline" },
  { "pipeline_name", N_ ("Pipeline"), CRM_FIELD_TEXT,
    CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, NULL,
    .sql = "(SELECT p.name FROM rapport.pipelines p WHERE p.id = t.pipeline_id)" },
  { "position", N_ ("Order"), CRM_FIELD_INT, CRM_FIELD_SORTABLE | CRM_FIELD_LIST, MAIN },
  { "probability", N_ ("Probability, %"), CRM_FIELD_INT, CRM_FIELD_NO_NEGATIVE | CRM_FIELD_LIST, MAIN },
  { "kind", N_ ("Kind"), CRM_FIELD_CHOICE,
    CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_LIST | CRM_FIELD_HEADER, MAIN, .choices = crm_stage_kind_choices },
};

static const CrmConstraintMessage stage_constraints[] = {
  { "pipeline_stages_name_key", N_ ("the pipeline already has a stage of this name") },
  { "pipeline_stages_probability_check", N_ ("the probability is a percentage from 0 to 100") },
  { "deals_stage_id_fkey", N_ ("the stage still holds deals: say where to move them") },
  { NULL, NULL }
};

static const CrmRelated stage_related[] = {
  { "deal", "stage_id", N_ ("Deals"), N_ ("No deals in this stage"), { "account_name", "amount", "expected_close", NULL }, "expected_close", FALSE, NULL },
  { NULL }
};

const CrmRecordType crm_pipeline_stage_type = {
  .name = "pipeline_stage",
  .table = "pipeline_stages",
  .label = N_ ("Stage"),
  .plural = N_ ("Stages"),
  .icon_name = "view-list-ordered-symbolic",
  .new_label = N_ ("New Stage"),
  .empty_title = N_ ("No Stages"),
  .empty_description = N_ ("Add the stages of your pipelines in the order deals go through them"),
  .search_placeholder = N_ ("Search by stage or pipeline"),
  .count_singular = NP_ ("%u stage", "%u stages"),
  .title_field = "name",
  .default_sort = "position",
  .fields = stage_fields,
  .n_fields = G_N_ELEMENTS (stage_fields),
  .get_type = crm_pipeline_stage_get_type,
  .constraint_messages = stage_constraints,
  .related = stage_related,
};

static gboolean
crm_pipeline_stage_check (CrmRecord  *record,
                          GHashTable *field_errors,
                          GError    **error)
{
  if (crm_record_get_int (record, "probability") > 100)
    {
      const CrmField *field = crm_record_type_get_field (&crm_pipeline_stage_type, "probability");

      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, "%s: %s", crm_field_get_label (field),
                   _ ("the probability is a percentage from 0 to 100"));
      g_hash_table_insert (field_errors, (gpointer) field->name, g_strdup ((*error)->message));
      return FALSE;
    }
  return TRUE;
}

static void
crm_pipeline_class_init (CrmPipelineClass *klass)
{
  crm_record_class_install_fields (CRM_RECORD_CLASS (klass), &crm_pipeline_type);
}

static void
crm_pipeline_init (CrmPipeline *self)
{
}

static void
crm_pipeline_stage_constructed (GObject *object)
{
  G_OBJECT_CLASS (crm_pipeline_stage_parent_class)->constructed (object);

  crm_record_set_string (CRM_RECORD (object), "kind", "open");
}

static void
crm_pipeline_stage_class_init (CrmPipelineStageClass *klass)
{
  CrmRecordClass *record_class = CRM_RECORD_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = crm_pipeline_stage_constructed;
  crm_record_class_install_fields (record_class, &crm_pipeline_stage_type);
  record_class->check = crm_pipeline_stage_check;
}

static void
crm_pipeline_stage_init (CrmPipelineStage *self)
{
}

CrmPipeline *
crm_pipeline_new (void)
{
  return g_object_new (CRM_TYPE_PIPELINE, NULL);
}

CrmPipelineStage *
crm_pipeline_stage_new (void)
{
  return g_object_new (CRM_TYPE_PIPELINE_STAGE, NULL);
}

CrmStageKind
crm_pipeline_stage_get_kind (CrmPipelineStage *self)
{
  const char *kind;

  g_return_val_if_fail (CRM_IS_PIPELINE_STAGE (self), CRM_STAGE_OPEN);

  kind = crm_record_get_string (CRM_RECORD (self), "kind");
  if (g_strcmp0 (kind, "won") == 0)
    return CRM_STAGE_WON;
  if (g_strcmp0 (kind, "lost") == 0)
    return CRM_STAGE_LOST;
  return CRM_STAGE_OPEN;
}
