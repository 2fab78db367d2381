/* crm-funnel-page.h — the Funnel section: the sales funnel by month (S1, Q2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-funnel-chart.h"

G_BEGIN_DECLS

#define CRM_TYPE_FUNNEL_PAGE (crm_funnel_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmFunnelPage, crm_funnel_page, CRM, FUNNEL_PAGE, GtkWidget)

GtkWidget      *crm_funnel_page_new (CrmContext *context);
/* TRUE once the funnel read last is shown (the chart or the empty
 * state); FALSE while it is being read ("ready" property). */
gboolean        crm_funnel_page_get_ready (CrmFunnelPage *self);
CrmFunnelChart *crm_funnel_page_get_chart (CrmFunnelPage *self);
/* Show @month (yyyymm, or CRM_FUNNEL_ALL_MONTHS) as choosing it would;
 * FALSE when the chooser does not offer it. */
gboolean        crm_funnel_page_select_month (CrmFunnelPage *self,
                                              guint          month);
/* Narrow to @owner_id's deals (0: everybody's) as choosing them would;
 * FALSE when the chooser does not offer them. */
gboolean        crm_funnel_page_select_owner (CrmFunnelPage *self,
                                              gint64         owner_id);
/* "February 2020", "All months". */
char           *crm_funnel_page_dup_month_name (guint month);

G_END_DECLS
