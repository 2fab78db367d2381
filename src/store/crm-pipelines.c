/* crm-pipelines.c — what pipeline stages hold, and deleting a stage whose
 * deals move elsewhere (S1)
 *
 * A stage holding deals is never deleted out from under them: the
 * foreign key refuses it (deals_stage_id_fkey), and the app asks where
 * the deals go, then calls rapport.delete_stage(stage, move_to), which
 * moves them and deletes the stage in one statement (0012-deals.sql).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-pipeline.h"
#include "crm-pipelines.h"
#include "crm-store-private.h"

typedef struct
{
  gint64 stage_id;
  gint64 move_to;
} StageOp;

void
crm_stage_usage_free (CrmStageUsage *usage)
{
  if (usage == NULL)
    return;
  g_free (usage->name);
  g_clear_pointer (&usage->other_ids, g_array_unref);
  g_strfreev (usage->other_names);
  g_free (usage);
}

static const char stage_sql[] =
    "SELECT s.name, (SELECT count(*) FROM rapport.deals d WHERE d.stage_id = s.id), s.position"
    "  FROM rapport.pipeline_stages s WHERE s.id = $1::bigint";

/* The same pipeline's other stages, in order. */
static const char others_sql[] =
    "SELECT o.id, o.name, (o.position, o.id) > (s.position, s.id) FROM rapport.pipeline_stages s"
    "  JOIN rapport.pipeline_stages o ON o.pipeline_id = s.pipeline_id AND o.id <> s.id"
    " WHERE s.id = $1::bigint ORDER BY o.position, o.id";

static gpointer
usage_func (CrmStore     *store,
            gpointer      conn,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  StageOp         *op = data;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, op->stage_id);
  const char      *params[] = { id };
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  CrmStageUsage *usage;
  PGresult      *res;

  res = _crm_store_exec_full (conn, stage_sql, G_N_ELEMENTS (params), params, FALSE, CRM_SQL_READ,
                              &crm_pipeline_stage_type, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, "%s", _ ("The stage no longer exists"));
      PQclear (res);
      return NULL;
    }
  usage = g_new0 (CrmStageUsage, 1);
  usage->name = g_strdup (PQgetvalue (res, 0, 0));
  usage->n_deals = g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10);
  usage->other_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  usage->next_index = -1;
  PQclear (res);

  res = _crm_store_exec_full (conn, others_sql, G_N_ELEMENTS (params), params, FALSE, CRM_SQL_READ,
                              &crm_pipeline_stage_type, error);
  if (res == NULL)
    {
      crm_stage_usage_free (usage);
      return NULL;
    }
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 other = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (usage->other_ids, other);
      g_strv_builder_add (names, PQgetvalue (res, i, 1));
      if (usage->next_index < 0 && PQgetvalue (res, i, 2)[0] == 't')
        usage->next_index = i;
    }
  if (usage->next_index < 0)
    usage->next_index = PQntuples (res) - 1;
  PQclear (res);
  usage->other_names = g_strv_builder_end (names);
  return usage;
}

static gpointer
delete_func (CrmStore     *store,
             gpointer      conn,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  StageOp         *op = data;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, op->stage_id);
  g_autofree char *to = op->move_to > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, op->move_to) : NULL;
  const char      *params[] = { id, to };
  PGresult        *res;
  gint64          *moved;

  res = _crm_store_exec_full (conn, "SELECT rapport.delete_stage($1::bigint, $2::bigint)", G_N_ELEMENTS (params),
                              params, FALSE, CRM_SQL_WRITE, &crm_pipeline_stage_type, error);
  if (res == NULL)
    return NULL;
  moved = g_new (gint64, 1);
  *moved = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return moved;
}

static StageOp *
stage_op_new (gint64 stage_id,
              gint64 move_to)
{
  StageOp *op = g_new (StageOp, 1);

  op->stage_id = stage_id;
  op->move_to = move_to;
  return op;
}

static gint64
take_count (gint64 *value)
{
  gint64 n = value != NULL ? *value : -1;

  g_free (value);
  return n;
}

void
crm_pipeline_stage_usage_async (CrmStore           *store,
                                gint64              stage_id,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));

  crm_store_run_async (store, usage_func, stage_op_new (stage_id, 0), g_free,
                       (GDestroyNotify) crm_stage_usage_free, cancellable, callback, user_data);
}

CrmStageUsage *
crm_pipeline_stage_usage_finish (CrmStore     *store,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return crm_store_run_finish (store, result, error);
}

CrmStageUsage *
crm_pipeline_stage_usage_sync (CrmStore     *store,
                               gint64        stage_id,
                               GCancellable *cancellable,
                               GError      **error)
{
  StageOp op = { stage_id, 0 };

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return crm_store_run_sync (store, usage_func, &op, cancellable, error);
}

gint64
crm_pipeline_delete_stage_sync (CrmStore     *store,
                                gint64        stage_id,
                                gint64        move_to,
                                GCancellable *cancellable,
                                GError      **error)
{
  StageOp op = { stage_id, move_to };

  g_return_val_if_fail (CRM_IS_STORE (store), -1);

  return take_count (crm_store_run_sync (store, delete_func, &op, cancellable, error));
}

void
crm_pipeline_delete_stage_async (CrmStore           *store,
                                 gint64              stage_id,
                                 gint64              move_to,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));

  crm_store_run_async (store, delete_func, stage_op_new (stage_id, move_to), g_free, g_free, cancellable, callback,
                       user_data);
}

gint64
crm_pipeline_delete_stage_finish (CrmStore     *store,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return take_count (crm_store_run_finish (store, result, error));
}
