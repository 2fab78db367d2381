/* crm-sale.h — sales: a product sold to an account (S4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_SALE (crm_sale_get_type ())
G_DECLARE_FINAL_TYPE (CrmSale, crm_sale, CRM, SALE, CrmRecord)

extern const CrmRecordType crm_sale_type;

CrmSale                   *crm_sale_new (void);

G_END_DECLS
