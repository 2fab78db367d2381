/* crm-funnel-chart.h — a sales funnel drawn as centred bars narrowing
 * stage by stage (S1, Q2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CRM_TYPE_FUNNEL_CHART (crm_funnel_chart_get_type ())
G_DECLARE_FINAL_TYPE (CrmFunnelChart, crm_funnel_chart, CRM, FUNNEL_CHART, GtkWidget)

GtkWidget  *crm_funnel_chart_new (void);
/* @model: a GListModel of CrmFunnelStage (crm_funnel_dup_stages()), or
 * NULL. */
void        crm_funnel_chart_set_model (CrmFunnelChart *self,
                                        GListModel     *model);
GListModel *crm_funnel_chart_get_model (CrmFunnelChart *self);
/* Whether the bars' widths follow the sums instead of the counts. */
void        crm_funnel_chart_set_by_sum (CrmFunnelChart *self,
                                         gboolean        by_sum);
gboolean    crm_funnel_chart_get_by_sum (CrmFunnelChart *self);
/* What the chart says to a screen reader and in its tooltips: one line
 * per stage ("Бассейн: 4 deals, 1 000,00 ₽"), with the conversion from
 * the previous stage. */
char       *crm_funnel_chart_dup_description (CrmFunnelChart *self);

/* The bars' widths, without drawing: @values[i] against the largest,
 * the largest filling @available; any value above zero gets at least
 * @min_width (a tiny stage stays visible), zero gets 0. */
void        crm_funnel_chart_compute_widths (const double *values,
                                             guint         n_values,
                                             double        available,
                                             double        min_width,
                                             double       *widths);

G_END_DECLS
