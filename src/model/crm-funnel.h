/* crm-funnel.h — the sales funnel of a pipeline, month by month (S1, Q2)
 *
 * The funnel of month M of pipeline P: the deals of P created in month M
 * (deals.created_at); for each open stage S, in position order, how many
 * of those deals reached at least S (deals.reached_position >= S.position:
 * a won deal reached every open stage, a lost one keeps the furthest it
 * reached) and the sum of their amounts; and how many of them were won and
 * lost. "All months" adds the months up. The store fills a CrmFunnel
 * (crm-funnel-reader.h) with what the signed-in user may see; the page
 * reads a month's stages as a GListModel of CrmFunnelStage.
 *
 * A month is a number yyyymm (202002 = February 2020);
 * CRM_FUNNEL_ALL_MONTHS (0) is every month together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-funnel-stage.h"

G_BEGIN_DECLS

#define CRM_FUNNEL_ALL_MONTHS 0u

#define CRM_TYPE_FUNNEL (crm_funnel_get_type ())
G_DECLARE_FINAL_TYPE (CrmFunnel, crm_funnel, CRM, FUNNEL, GObject)

CrmFunnel  *crm_funnel_new (gint64 pipeline_id,
                            gint64 owner_id);

/* Filling it (the store), rows in month and stage position order. */
void        crm_funnel_add_pipeline (CrmFunnel  *self,
                                     gint64      id,
                                     const char *name);
void        crm_funnel_add_owner (CrmFunnel  *self,
                                  gint64      id,
                                  const char *name);
void        crm_funnel_set_pipeline_id (CrmFunnel *self,
                                        gint64     pipeline_id);
void        crm_funnel_set_sums_withheld (CrmFunnel *self,
                                          gboolean   withheld);
/* @count deals of @month reached the open stage @stage_id, worth @sum;
 * @deals of that month in all, @won and @lost of them. */
void        crm_funnel_add_row (CrmFunnel  *self,
                                guint       month,
                                gint64      stage_id,
                                const char *stage_name,
                                int         position,
                                guint       count,
                                gint64      sum,
                                guint       deals,
                                guint       won,
                                guint       lost);

/* The pipeline it counts (0: none exists) and the owner it is narrowed
 * to (0: everybody's deals). */
gint64      crm_funnel_get_pipeline_id (CrmFunnel *self);
gint64      crm_funnel_get_owner_id (CrmFunnel *self);
gboolean    crm_funnel_get_sums_withheld (CrmFunnel *self);
/* Every pipeline (the default first) and the employees owning deals the
 * user sees, by name: for the choosers. */
guint       crm_funnel_get_n_pipelines (CrmFunnel *self);
gint64      crm_funnel_get_pipeline (CrmFunnel   *self,
                                     guint        i,
                                     const char **name);
guint       crm_funnel_get_n_owners (CrmFunnel *self);
gint64      crm_funnel_get_owner (CrmFunnel   *self,
                                  guint        i,
                                  const char **name);
/* The months that have deals, newest first. */
guint       crm_funnel_get_n_months (CrmFunnel *self);
guint       crm_funnel_get_month (CrmFunnel *self,
                                  guint      i);
/* Deals created in @month (or all months), and how many of them were won
 * and lost; FALSE when there were none. */
gboolean    crm_funnel_get_outcome (CrmFunnel *self,
                                    guint      month,
                                    guint     *deals,
                                    guint     *won,
                                    guint     *lost);
/* The open stages for @month (or all months) in position order, with
 * their counts, sums and conversions: a new GListModel of CrmFunnelStage,
 * empty when the month has no deals. */
GListModel *crm_funnel_dup_stages (CrmFunnel *self,
                                   guint      month);

G_END_DECLS
