/* crm-conflict-dialog.h — someone else saved the record you are editing:
 * both versions side by side, field by field, and what to keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-record.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_CONFLICT_KEEP_MINE,   /* every value as I left it */
  CRM_CONFLICT_TAKE_THEIRS, /* their version; my edits are dropped */
  CRM_CONFLICT_MERGE,       /* per field, as chosen */
} CrmConflictChoice;

#define CRM_TYPE_CONFLICT_DIALOG (crm_conflict_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmConflictDialog, crm_conflict_dialog, CRM, CONFLICT_DIALOG, AdwWindow)

/* @base: the record as I opened it; @mine: my edits of it; @theirs: as it
 * is stored now. The dialog emits "resolved" (CrmConflictChoice, the
 * CrmRecord to put on the page: @theirs' id and version with the values
 * chosen) and closes; closed any other way, nothing is decided. */
GtkWidget *crm_conflict_dialog_new (CrmRecord *base,
                                    CrmRecord *mine,
                                    CrmRecord *theirs);
/* The fields shown, whose values differ (tests). */
GStrv      crm_conflict_dialog_dup_fields (CrmConflictDialog *self);
/* Whether my value of @field is chosen for a merge; choose it or theirs. */
gboolean   crm_conflict_dialog_get_mine (CrmConflictDialog *self,
                                         const char        *field);
void       crm_conflict_dialog_choose (CrmConflictDialog *self,
                                       const char        *field,
                                       gboolean           mine);
/* The record a choice gives (a new one). */
CrmRecord *crm_conflict_dialog_dup_result (CrmConflictDialog *self,
                                           CrmConflictChoice  choice);

G_END_DECLS
