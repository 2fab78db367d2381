/* crm-account-totals.c — an account's deals in figures: its open pipeline
 * and what it bought this year (S1, R8)
 *
 * One statement over the account's deals joined to their stages, under
 * the signed-in employee's row rules, so a manager's totals are those of
 * the deals they may see. Sums are of the deals in roubles; deals in
 * other currencies are counted apart rather than added as if they were
 * roubles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-account-totals.h"
#include "crm-deal.h"
#include "crm-store-private.h"

static const char totals_sql[] =
    "SELECT count(*) FILTER (WHERE s.kind = 'open' AND d.currency = 'RUB'),"
    "       coalesce(sum(d.amount) FILTER (WHERE s.kind = 'open' AND d.currency = 'RUB'), 0),"
    "       coalesce(round(sum(d.amount * coalesce(d.probability, s.probability) / 100.0)"
    "                      FILTER (WHERE s.kind = 'open' AND d.currency = 'RUB')), 0)::bigint,"
    "       count(*) FILTER (WHERE s.kind = 'won' AND d.currency = 'RUB'"
    "                        AND d.closed_on >= date_trunc('year', current_date)),"
    "       coalesce(sum(d.amount) FILTER (WHERE s.kind = 'won' AND d.currency = 'RUB'"
    "                                      AND d.closed_on >= date_trunc('year', current_date)), 0),"
    "       count(*) FILTER (WHERE d.currency <> 'RUB' AND (s.kind = 'open'"
    "                        OR s.kind = 'won' AND d.closed_on >= date_trunc('year', current_date)))"
    "  FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id"
    " WHERE d.account_id = $1::bigint";

static gpointer
totals_func (CrmStore     *store,
             gpointer      conn,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  g_autofree char  *id = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) data);
  const char       *params[] = { id };
  CrmAccountTotals *totals;
  PGresult         *res;

  res = _crm_store_exec_full (conn, totals_sql, G_N_ELEMENTS (params), params, FALSE, CRM_SQL_READ, &crm_deal_type,
                              error);
  if (res == NULL)
    return NULL;

  totals = g_new0 (CrmAccountTotals, 1);
  totals->open_count = (guint) g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
  totals->open_sum = g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10);
  totals->weighted_sum = g_ascii_strtoll (PQgetvalue (res, 0, 2), NULL, 10);
  totals->won_count = (guint) g_ascii_strtoull (PQgetvalue (res, 0, 3), NULL, 10);
  totals->won_sum = g_ascii_strtoll (PQgetvalue (res, 0, 4), NULL, 10);
  totals->other_currencies = (guint) g_ascii_strtoull (PQgetvalue (res, 0, 5), NULL, 10);
  PQclear (res);
  return totals;
}

CrmAccountTotals *
crm_account_totals_sync (CrmStore     *store,
                         gint64        account_id,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return crm_store_run_sync (store, totals_func, &account_id, cancellable, error);
}

void
crm_account_totals_async (CrmStore           *store,
                          gint64              account_id,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));

  crm_store_run_async (store, totals_func, g_memdup2 (&account_id, sizeof account_id), g_free, g_free, cancellable,
                       callback, user_data);
}

CrmAccountTotals *
crm_account_totals_finish (CrmStore     *store,
                           GAsyncResult *result,
                           GError      **error)
{
  return crm_store_run_finish (store, result, error);
}
