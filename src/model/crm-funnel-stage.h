/* crm-funnel-stage.h — one stage of a sales funnel: how many deals reached
 * it and what they are worth (S1, Q2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_TYPE_FUNNEL_STAGE (crm_funnel_stage_get_type ())
G_DECLARE_FINAL_TYPE (CrmFunnelStage, crm_funnel_stage, CRM, FUNNEL_STAGE, GObject)

/* @sum: kopecks; @sum_withheld: the sums are money this user may not see.
 * @conversion: the percentage of the previous stage's deals that reached
 * this one, or -1 for the first stage (and after a stage of none). */
CrmFunnelStage *crm_funnel_stage_new (gint64      stage_id,
                                      const char *name,
                                      int         position,
                                      guint       count,
                                      gint64      sum,
                                      gboolean    sum_withheld,
                                      double      conversion);
gint64          crm_funnel_stage_get_stage_id (CrmFunnelStage *self);
const char     *crm_funnel_stage_get_name (CrmFunnelStage *self);
int             crm_funnel_stage_get_position (CrmFunnelStage *self);
guint           crm_funnel_stage_get_count (CrmFunnelStage *self);
gint64          crm_funnel_stage_get_sum (CrmFunnelStage *self);
gboolean        crm_funnel_stage_get_sum_withheld (CrmFunnelStage *self);
double          crm_funnel_stage_get_conversion (CrmFunnelStage *self);

G_END_DECLS
