/* crm-deal-totals.c — how many deals each stage holds and their sum (S1)
 *
 * One statement: the ids the query lists (crm_query_build_ids_sql, every
 * value a parameter) joined back to the deals and grouped by stage. A role
 * that may not read amounts (rapport.money_columns()) gets the counts,
 * and sum_withheld instead of the sums: naming the column would fail the
 * whole query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-deal-totals.h"
#include "crm-deal.h"
#include "crm-store-private.h"

static gpointer
totals_func (CrmStore     *store,
             gpointer      conn,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (CrmQuery) query = crm_query_copy (data);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autofree char *ids_sql = NULL;
  GHashTable      *withheld = _crm_store_withheld (conn);
  gboolean         hidden = _crm_store_is_withheld (withheld, &crm_deal_type, "amount");
  PGresult        *res;
  GArray          *totals;

  /* Every stage: the column is the group. */
  crm_query_set_filter (query, "stage_id", NULL);
  ids_sql = crm_query_build_ids_sql (query, params);
  g_string_append (sql, "SELECT d.stage_id, count(*), ");
  g_string_append (sql, hidden ? "NULL" : "coalesce(sum(d.amount), 0)");
  g_string_append (sql, " FROM rapport.deals d WHERE d.id IN (");
  g_string_append (sql, ids_sql);
  g_string_append (sql, ") GROUP BY d.stage_id ORDER BY d.stage_id");

  res = _crm_store_exec_full (conn, sql->str, params->len, (const char *const *) params->pdata, FALSE, CRM_SQL_READ,
                              &crm_deal_type, error);
  if (res == NULL)
    return NULL;

  totals = g_array_sized_new (FALSE, TRUE, sizeof (CrmStageTotals), PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      CrmStageTotals t = { 0 };

      t.stage_id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
      t.count = (guint) g_ascii_strtoull (PQgetvalue (res, i, 1), NULL, 10);
      t.sum_withheld = hidden;
      if (!PQgetisnull (res, i, 2))
        t.sum = g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10);
      g_array_append_val (totals, t);
    }
  PQclear (res);

  return totals;
}

static gboolean
check_query (const CrmQuery *query)
{
  return query != NULL && crm_query_get_record_type (query) == &crm_deal_type;
}

GArray *
crm_store_deal_totals_sync (CrmStore       *self,
                            const CrmQuery *query,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (check_query (query), NULL);

  return crm_store_run_sync (self, totals_func, (gpointer) query, cancellable, error);
}

void
crm_store_deal_totals_async (CrmStore           *self,
                             const CrmQuery     *query,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (check_query (query));

  _crm_store_read_async (self, totals_func, crm_query_copy (query), (GDestroyNotify) crm_query_unref,
                         (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
crm_store_deal_totals_finish (CrmStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_run_finish (self, result, error);
}
