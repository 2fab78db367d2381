/* crm-audit-row.h — one entry of the audit trail as a list row: who, what
 * in plain words, the fields changed, when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-audit-entry.h"

G_BEGIN_DECLS

#define CRM_TYPE_AUDIT_ROW (crm_audit_row_get_type ())
G_DECLARE_FINAL_TYPE (CrmAuditRow, crm_audit_row, CRM, AUDIT_ROW, GtkListBoxRow)

/* @context_id: the record whose history the row is in (0 in the whole
 * log, where the row names its record too). */
GtkWidget     *crm_audit_row_new (CrmAuditEntry *entry,
                                  gint64         context_id);
CrmAuditEntry *crm_audit_row_get_entry (CrmAuditRow *self);
/* Whether some of a created record's values wait under "Show N More
 * Values", and showing them (the button does). */
gboolean       crm_audit_row_get_values_cut (CrmAuditRow *self);
void           crm_audit_row_show_all_values (CrmAuditRow *self);
/* Say "5 minutes ago" as of now again. */
void           crm_audit_row_update_time (CrmAuditRow *self);
/* The sentence and the lines shown, joined by newlines (tests); a
 * created record's values beyond the first few only once shown. */
char          *crm_audit_row_dup_text (CrmAuditRow *self);

G_END_DECLS
