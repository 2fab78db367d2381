/* crm-pipeline.h — pipelines and their stages, the settings of deals (S1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE (crm_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (CrmPipeline, crm_pipeline, CRM, PIPELINE, CrmRecord)

#define CRM_TYPE_PIPELINE_STAGE (crm_pipeline_stage_get_type ())
G_DECLARE_FINAL_TYPE (CrmPipelineStage, crm_pipeline_stage, CRM, PIPELINE_STAGE, CrmRecord)

extern const CrmRecordType crm_pipeline_type;
extern const CrmRecordType crm_pipeline_stage_type;

typedef enum
{
  CRM_STAGE_OPEN,
  CRM_STAGE_WON,
  CRM_STAGE_LOST,
} CrmStageKind;

/* open (In progress), won, lost */
extern const CrmChoice crm_stage_kind_choices[];

CrmPipeline           *crm_pipeline_new (void);
CrmPipelineStage      *crm_pipeline_stage_new (void);
CrmStageKind           crm_pipeline_stage_get_kind (CrmPipelineStage *self);

G_END_DECLS
