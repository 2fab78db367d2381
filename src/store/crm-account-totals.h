/* crm-account-totals.h — an account's deals in figures: its open pipeline
 * and what it bought this year (S1, R8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  open_count;   /* deals in an open stage */
  gint64 open_sum;     /* their amounts, kopecks (roubles only) */
  gint64 weighted_sum; /* the same weighted by each deal's probability */
  guint  won_count;    /* deals won (closed) since 1 January */
  gint64 won_sum;
  guint  other_currencies; /* deals in another currency, left out of the sums */
} CrmAccountTotals;

/* What the signed-in employee may see of @account_id's deals (the
 * database's rules apply). The result is g_free()d. */
CrmAccountTotals *crm_account_totals_sync (CrmStore     *store,
                                           gint64        account_id,
                                           GCancellable *cancellable,
                                           GError      **error);
void              crm_account_totals_async (CrmStore           *store,
                                            gint64              account_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
CrmAccountTotals *crm_account_totals_finish (CrmStore     *store,
                                             GAsyncResult *result,
                                             GError      **error);

G_END_DECLS
