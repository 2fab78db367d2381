/* crm-funnel-reader.h — reading the sales funnel by month (S1, Q2)
 *
 * Fills a CrmFunnel (crm-funnel.h says what it counts) for one pipeline,
 * everybody's deals or one employee's, with the choices the page offers:
 * every pipeline, and the employees owning deals the user sees. The
 * funnel itself is one statement; the database's row-level security
 * decides which deals count (a manager sees the funnel of their own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-funnel.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* @pipeline_id: 0 (or a pipeline that is gone) for the default pipeline;
 * @owner_id: 0 for everybody's deals. */
CrmFunnel *crm_funnel_read_sync (CrmStore     *store,
                                 gint64        pipeline_id,
                                 gint64        owner_id,
                                 GCancellable *cancellable,
                                 GError      **error);
void       crm_funnel_read_async (CrmStore           *store,
                                  gint64              pipeline_id,
                                  gint64              owner_id,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
CrmFunnel *crm_funnel_read_finish (CrmStore     *store,
                                   GAsyncResult *result,
                                   GError      **error);

G_END_DECLS
