/* crm-deal.h — deals: sales in the making, moving through a pipeline (S1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL (crm_deal_get_type ())
G_DECLARE_FINAL_TYPE (CrmDeal, crm_deal, CRM, DEAL, CrmRecord)

extern const CrmRecordType crm_deal_type;

/* The largest amount a deal may have, in kopecks (a trillion roubles). */
#define CRM_DEAL_MAX_AMOUNT G_GINT64_CONSTANT (100000000000000)

/* A new deal is in roubles; the database puts it in the first stage of the
 * default pipeline unless a stage is set. */
CrmDeal *crm_deal_new (void);

G_END_DECLS
