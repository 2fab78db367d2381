/* crm-account.h — counterparties (R1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_ACCOUNT (crm_account_get_type ())
G_DECLARE_FINAL_TYPE (CrmAccount, crm_account, CRM, ACCOUNT, CrmRecord)

extern const CrmRecordType crm_account_type;

CrmAccount                *crm_account_new (void);
const char                *crm_account_get_name (CrmAccount *self);
const char                *crm_account_get_inn (CrmAccount *self);

G_END_DECLS
