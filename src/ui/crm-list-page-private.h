/* crm-list-page-private.h — what the files of CrmListPage share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-list-page.h"

G_BEGIN_DECLS

CrmContext *_crm_list_page_get_context (CrmListPage *self);
/* Install the list.import / list.export… actions (crm-list-page-export.c). */
void        _crm_list_page_class_init_export (GtkWidgetClass *widget_class);
void        _crm_list_page_update_export_actions (CrmListPage *self);

G_END_DECLS
