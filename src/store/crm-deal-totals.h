/* crm-deal-totals.h — how many deals each stage holds and their sum (S1)
 *
 * The pipeline board's column headers: one aggregate query over the deals
 * a CrmQuery lists (its filters and search; a stage filter is ignored),
 * grouped by stage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   stage_id;
  guint    count;
  gint64   sum;          /* kopecks; 0 when none has an amount */
  gboolean sum_withheld; /* this role may not read amounts */
} CrmStageTotals;

/* A GArray of CrmStageTotals, one per stage that holds a matching deal
 * (stages holding none are left out), ordered by stage id. @query must
 * be a query of deals. */
GArray *crm_store_deal_totals_sync (CrmStore       *self,
                                    const CrmQuery *query,
                                    GCancellable   *cancellable,
                                    GError        **error);
void    crm_store_deal_totals_async (CrmStore           *self,
                                     const CrmQuery     *query,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
GArray *crm_store_deal_totals_finish (CrmStore     *self,
                                      GAsyncResult *result,
                                      GError      **error);

G_END_DECLS
