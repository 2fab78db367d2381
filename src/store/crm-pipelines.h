/* crm-pipelines.h — what pipeline stages hold, and deleting a stage whose
 * deals move elsewhere (S1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* What a stage holds and where its deals could go instead. */
typedef struct
{
  char   *name;      /* the stage's */
  gint64  n_deals;   /* the deals it holds (those the employee may see) */
  GArray *other_ids; /* gint64: the pipeline's other stages, in order */
  GStrv   other_names;
  int     next_index; /* in other_ids: the stage after this one, else the last; -1: none */
} CrmStageUsage;

void crm_stage_usage_free (CrmStageUsage *usage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmStageUsage, crm_stage_usage_free)

void           crm_pipeline_stage_usage_async (CrmStore           *store,
                                               gint64              stage_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
CrmStageUsage *crm_pipeline_stage_usage_finish (CrmStore     *store,
                                                GAsyncResult *result,
                                                GError      **error);
CrmStageUsage *crm_pipeline_stage_usage_sync (CrmStore     *store,
                                              gint64        stage_id,
                                              GCancellable *cancellable,
                                              GError      **error);

/* Delete @stage_id, first moving all its deals (whoever owns them) to
 * @move_to, another stage of the same pipeline (0: none; refused when
 * the stage holds deals). rapport.delete_stage() checks the employee may
 * change pipelines. Returns how many deals moved, or -1 with @error. */
gint64         crm_pipeline_delete_stage_sync (CrmStore     *store,
                                               gint64        stage_id,
                                               gint64        move_to,
                                               GCancellable *cancellable,
                                               GError      **error);
void           crm_pipeline_delete_stage_async (CrmStore           *store,
                                                gint64              stage_id,
                                                gint64              move_to,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gint64         crm_pipeline_delete_stage_finish (CrmStore     *store,
                                                 GAsyncResult *result,
                                                 GError      **error);

G_END_DECLS
