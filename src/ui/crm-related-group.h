/* crm-related-group.h — a record page's list of related records (an
 * account's contacts…), opening one on activation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-record-list.h"

G_BEGIN_DECLS

#define CRM_TYPE_RELATED_GROUP (crm_related_group_get_type ())
G_DECLARE_FINAL_TYPE (CrmRelatedGroup, crm_related_group, CRM, RELATED_GROUP, AdwPreferencesGroup)

/* @subtitle_fields: NULL-terminated fields shown under each title. */
GtkWidget     *crm_related_group_new (CrmRecordList     *list,
                                      const char        *title,
                                      const char        *empty_text,
                                      const char *const *subtitle_fields);
CrmRecordList *crm_related_group_get_list (CrmRelatedGroup *self);
/* A "+" button in the header that activates @action_name. */
void           crm_related_group_add_button (CrmRelatedGroup *self,
                                             const char      *action_name,
                                             const char      *tooltip);

G_END_DECLS
