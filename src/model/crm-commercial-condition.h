/* crm-commercial-condition.h — a tariff plan's commercial conditions (S3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_COMMERCIAL_CONDITION (crm_commercial_condition_get_type ())
G_DECLARE_FINAL_TYPE (CrmCommercialCondition, crm_commercial_condition, CRM, COMMERCIAL_CONDITION, CrmRecord)

extern const CrmRecordType crm_commercial_condition_type;

CrmCommercialCondition    *crm_commercial_condition_new (void);

G_END_DECLS
