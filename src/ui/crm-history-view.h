/* crm-history-view.h — a record page's History tab: the record's audit
 * trail (U4, R8), newest first, a page at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_HISTORY_VIEW (crm_history_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmHistoryView, crm_history_view, CRM, HISTORY_VIEW, GtkWidget)

GtkWidget *crm_history_view_new (CrmContext *context);
/* The record to show (@id 0: none). Reads it when the view is shown, at
 * once if it is. */
void       crm_history_view_set_record (CrmHistoryView      *self,
                                        const CrmRecordType *type,
                                        gint64               id);
/* Read it again (after a save). */
void       crm_history_view_reload (CrmHistoryView *self);
/* TRUE once what was asked for is shown (tests). */
gboolean   crm_history_view_get_ready (CrmHistoryView *self);
guint      crm_history_view_get_n_entries (CrmHistoryView *self);
/* (transfer none) a CrmAuditRow */
GtkWidget *crm_history_view_get_row (CrmHistoryView *self,
                                     guint           index);

G_END_DECLS
