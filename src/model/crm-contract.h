/* crm-contract.h — contracts with accounts (S2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTRACT (crm_contract_get_type ())
G_DECLARE_FINAL_TYPE (CrmContract, crm_contract, CRM, CONTRACT, CrmRecord)

#define CRM_TYPE_CONTRACT_STATUS (crm_contract_status_get_type ())
G_DECLARE_FINAL_TYPE (CrmContractStatus, crm_contract_status, CRM, CONTRACT_STATUS, CrmRecord)

extern const CrmRecordType crm_contract_type;
extern const CrmRecordType crm_contract_status_type;

CrmContract               *crm_contract_new (void);

G_END_DECLS
