/* crm-product.h — the catalogue of products and services (S5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_PRODUCT (crm_product_get_type ())
G_DECLARE_FINAL_TYPE (CrmProduct, crm_product, CRM, PRODUCT, CrmRecord)

extern const CrmRecordType crm_product_type;

CrmProduct                *crm_product_new (void);

G_END_DECLS
