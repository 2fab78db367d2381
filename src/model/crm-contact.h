/* crm-contact.h — people at counterparties (R2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTACT (crm_contact_get_type ())
G_DECLARE_FINAL_TYPE (CrmContact, crm_contact, CRM, CONTACT, CrmRecord)

extern const CrmRecordType crm_contact_type;

CrmContact                *crm_contact_new (void);
/* "Громыхайло Игорь Викторович" */
char                      *crm_contact_dup_full_name (CrmContact *self);
gint64                     crm_contact_get_account_id (CrmContact *self);

G_END_DECLS
