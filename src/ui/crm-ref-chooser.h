/* crm-ref-chooser.h — a form row holding a link to another record, with a
 * searchable popover to pick one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_REF_CHOOSER (crm_ref_chooser_get_type ())
G_DECLARE_FINAL_TYPE (CrmRefChooser, crm_ref_chooser, CRM, REF_CHOOSER, AdwActionRow)

GtkWidget           *crm_ref_chooser_new (CrmStore            *store,
                                          const CrmRecordType *type,
                                          const char          *title);
const CrmRecordType *crm_ref_chooser_get_record_type (CrmRefChooser *self);
gint64               crm_ref_chooser_get_id (CrmRefChooser *self);
const char          *crm_ref_chooser_get_name (CrmRefChooser *self);
/* Show a value without emitting "changed". */
void                 crm_ref_chooser_set_value (CrmRefChooser *self,
                                                gint64         id,
                                                const char    *name);
/* Pick a value as the person would ("changed" is emitted). */
void                 crm_ref_chooser_choose (CrmRefChooser *self,
                                             gint64         id,
                                             const char    *name);

G_END_DECLS
