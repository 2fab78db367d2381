/* crm-lead.h — leads: people and companies who may become clients (R3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEAD (crm_lead_get_type ())
G_DECLARE_FINAL_TYPE (CrmLead, crm_lead, CRM, LEAD, CrmRecord)

extern const CrmRecordType crm_lead_type;

/* A new lead's status is "new". */
CrmLead                   *crm_lead_new (void);
/* "Фомина Ксения Андреевна" */
char                      *crm_lead_dup_full_name (CrmLead *self);

G_END_DECLS
