/* crm-tariff-plan.h — tariff plans: the terms contracts are made on (S3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_TARIFF_PLAN (crm_tariff_plan_get_type ())
G_DECLARE_FINAL_TYPE (CrmTariffPlan, crm_tariff_plan, CRM, TARIFF_PLAN, CrmRecord)

extern const CrmRecordType crm_tariff_plan_type;

CrmTariffPlan             *crm_tariff_plan_new (void);

G_END_DECLS
