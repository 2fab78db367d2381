/* crm-related-view.h — the records that name a record, on its page: an
 * account's contacts, deals, contracts and sales with its totals (R8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "crm-context.h"
#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_RELATED_VIEW (crm_related_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmRelatedView, crm_related_view, CRM, RELATED_VIEW, GtkBox)

GtkWidget *crm_related_view_new (CrmContext *context);
/* Show what names @record (stored, of a type with CrmRecordType.related),
 * or nothing for NULL or a new record. */
void       crm_related_view_set_record (CrmRelatedView *self,
                                        CrmRecord      *record);
/* FALSE when the record's type lists nothing. */
gboolean   crm_related_view_get_has_related (CrmRelatedView *self);
/* The related records shown, all groups together ("n-items"). */
guint      crm_related_view_get_n_items (CrmRelatedView *self);
/* Whether the + buttons may add records (the record may be edited). */
void       crm_related_view_set_may_add (CrmRelatedView *self,
                                         gboolean        may_add);

G_END_DECLS
