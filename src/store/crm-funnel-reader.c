/* crm-funnel-reader.c — reading the sales funnel by month
 *
 * The funnel is one statement: the deals of the pipeline (of one owner or
 * all) with their month (created_at in the database's time zone) and the
 * kind of stage they are in; per month how many, won and lost; then every
 * month against every open stage, counting the deals whose furthest open
 * stage (reached_position) is at or past the stage. A role that may not
 * read amounts (rapport.money_columns()) gets the counts and no sums:
 * naming the column would fail the whole query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-deal.h"
#include "crm-funnel-reader.h"
#include "crm-pipeline.h"
#include "crm-store-private.h"

#define FUNNEL_SQL(AMOUNT)                                                                                 \
  "WITH d AS ("                                                                                            \
  "  SELECT (extract(year FROM d.created_at) * 100 + extract(month FROM d.created_at))::integer AS month," \
  "         d.reached_position, " AMOUNT " AS amount, s.kind"                                              \
  "    FROM rapport.deals d JOIN rapport.pipeline_stages s ON s.id = d.stage_id"                           \
  "   WHERE d.pipeline_id = $1::bigint AND ($2::bigint IS NULL OR d.owner_id = $2::bigint)),"              \
  " m AS ("                                                                                                \
  "  SELECT d.month, count(*) AS deals, count(*) FILTER (WHERE d.kind = 'won') AS won,"                    \
  "         count(*) FILTER (WHERE d.kind = 'lost') AS lost"                                               \
  "    FROM d GROUP BY d.month)"                                                                           \
  " SELECT m.month, st.id, st.name, st.position, count(d.month), sum(d.amount), m.deals, m.won, m.lost"    \
  "   FROM m CROSS JOIN rapport.pipeline_stages st"                                                        \
  "   LEFT JOIN d ON d.month = m.month AND d.reached_position >= st.position"                              \
  "  WHERE st.pipeline_id = $1::bigint AND st.kind = 'open'"                                               \
  "  GROUP BY m.month, m.deals, m.won, m.lost, st.id, st.name, st.position"                                \
  "  ORDER BY m.month, st.position, st.id"

typedef struct
{
  gint64 pipeline_id;
  gint64 owner_id;
} ReadData;

static gint64
to_int64 (const PGresult *res,
          int             row,
          int             col)
{
  return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static gpointer
read_func (CrmStore     *store,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  ReadData *rd = data;
  g_autoptr (CrmFunnel) funnel = crm_funnel_new (0, rd->owner_id);
  GHashTable      *withheld = _crm_store_withheld (conn);
  gboolean         hidden = _crm_store_is_withheld (withheld, &crm_deal_type, "amount");
  g_autofree char *pipeline = NULL;
  g_autofree char *owner = NULL;
  const char      *params[2];
  gint64           pipeline_id = 0;
  PGresult        *res;

  crm_funnel_set_sums_withheld (funnel, hidden);

  /* Every pipeline, the default first; the one asked for if it is still
   * there, else the default. */
  res = _crm_store_exec_full (conn,
                              "SELECT p.id, p.name FROM rapport.pipelines p"
                              " ORDER BY p.is_default DESC, p.position, lower(p.name), p.id",
                              0, NULL, FALSE, CRM_SQL_READ, &crm_pipeline_type, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = to_int64 (res, i, 0);

      crm_funnel_add_pipeline (funnel, id, PQgetvalue (res, i, 1));
      if (i == 0 || id == rd->pipeline_id)
        pipeline_id = id;
    }
  PQclear (res);
  crm_funnel_set_pipeline_id (funnel, pipeline_id);
  if (pipeline_id == 0)
    return g_steal_pointer (&funnel);

  /* The employees owning deals of the pipeline that this user sees. */
  pipeline = g_strdup_printf ("%" G_GINT64_FORMAT, pipeline_id);
  params[0] = pipeline;
  res = _crm_store_exec_full (conn,
                              "SELECT e.id, e.full_name FROM rapport.employees e"
                              " WHERE EXISTS (SELECT FROM rapport.deals d"
                              "                WHERE d.owner_id = e.id AND d.pipeline_id = $1::bigint)"
                              " ORDER BY lower(e.full_name), e.id",
                              1, params, FALSE, CRM_SQL_READ, &crm_deal_type, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    crm_funnel_add_owner (funnel, to_int64 (res, i, 0), PQgetvalue (res, i, 1));
  PQclear (res);

  /* The funnel. */
  if (rd->owner_id != 0)
    owner = g_strdup_printf ("%" G_GINT64_FORMAT, rd->owner_id);
  params[1] = owner;
  res = _crm_store_exec_full (conn, hidden ? FUNNEL_SQL ("NULL::bigint") : FUNNEL_SQL ("d.amount"), 2, params,
                              FALSE, CRM_SQL_READ, &crm_deal_type, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    crm_funnel_add_row (funnel, (guint) to_int64 (res, i, 0), to_int64 (res, i, 1), PQgetvalue (res, i, 2),
                        (int) to_int64 (res, i, 3), (guint) to_int64 (res, i, 4), to_int64 (res, i, 5),
                        (guint) to_int64 (res, i, 6), (guint) to_int64 (res, i, 7), (guint) to_int64 (res, i, 8));
  PQclear (res);

  return g_steal_pointer (&funnel);
}

CrmFunnel *
crm_funnel_read_sync (CrmStore     *store,
                      gint64        pipeline_id,
                      gint64        owner_id,
                      GCancellable *cancellable,
                      GError      **error)
{
  ReadData rd = { pipeline_id, owner_id };

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id >= 0 && owner_id >= 0, NULL);

  return crm_store_run_sync (store, read_func, &rd, cancellable, error);
}

void
crm_funnel_read_async (CrmStore           *store,
                       gint64              pipeline_id,
                       gint64              owner_id,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  ReadData *rd;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (pipeline_id >= 0 && owner_id >= 0);

  rd = g_new (ReadData, 1);
  rd->pipeline_id = pipeline_id;
  rd->owner_id = owner_id;
  _crm_store_read_async (store, read_func, rd, g_free, g_object_unref, cancellable, callback, user_data);
}

CrmFunnel *
crm_funnel_read_finish (CrmStore     *store,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return crm_store_run_finish (store, result, error);
}
