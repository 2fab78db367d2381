/* crm-duplicates-dialog.h — Find Duplicates: groups of records that look
 * like one, and a side-by-side merge of two of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_DUPLICATES_DIALOG (crm_duplicates_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmDuplicatesDialog, crm_duplicates_dialog, CRM, DUPLICATES_DIALOG, AdwWindow)

/* "merged" is emitted after each merge. */
GtkWidget *crm_duplicates_dialog_new (CrmContext          *context,
                                      const CrmRecordType *type);
/* TRUE once the search is done (tests). */
gboolean   crm_duplicates_dialog_get_ready (CrmDuplicatesDialog *self);
guint      crm_duplicates_dialog_get_n_groups (CrmDuplicatesDialog *self);
/* Choose which record's value a field keeps ("a" left, "b" right). */
void       crm_duplicates_dialog_choose (CrmDuplicatesDialog *self,
                                         const char          *field,
                                         const char          *side);

G_END_DECLS
