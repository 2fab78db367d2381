/* crm-list-page.h — a list of records of one type: search, filters,
 * sortable columns, all done by the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-record-list.h"

G_BEGIN_DECLS

#define CRM_TYPE_LIST_PAGE (crm_list_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmListPage, crm_list_page, CRM, LIST_PAGE, GtkWidget)

GtkWidget           *crm_list_page_new (CrmContext          *context,
                                        const CrmRecordType *type);
const CrmRecordType *crm_list_page_get_record_type (CrmListPage *self);
CrmRecordList       *crm_list_page_get_model (CrmListPage *self);
GtkColumnView       *crm_list_page_get_column_view (CrmListPage *self);
/* TRUE once the list shows its rows (or its empty state). */
gboolean             crm_list_page_get_ready (CrmListPage *self);
void                 crm_list_page_reload (CrmListPage *self);
void                 crm_list_page_focus_search (CrmListPage *self);
void                 crm_list_page_set_search_text (CrmListPage *self,
                                                    const char  *text);
/* Set a filter as the filter bar would (tests, saved filters); FALSE
 * while the menu does not offer @value (yet: a menu fills in when it is
 * first opened, and this asks for its values as opening it would). */
gboolean             crm_list_page_set_filter (CrmListPage *self,
                                               const char  *field,
                                               const char  *value);
/* The ids of the selected rows, in list order (no row is fetched). */
GArray              *crm_list_page_dup_selected_ids (CrmListPage *self);
/* Hide a record while its delete waits for the undo toast. */
void                 crm_list_page_set_record_hidden (CrmListPage *self,
                                                      gint64       id,
                                                      gboolean     hidden);

G_END_DECLS
