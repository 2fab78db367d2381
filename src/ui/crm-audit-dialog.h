/* crm-audit-dialog.h — the Audit Log (U4): every change to every record,
 * newest first, narrowed by record type, employee, period, operation and
 * text; a row opens its record. For administrators: the window offers it
 * to them only, and the database decides which rows anyone reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-audit-entry.h"
#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_AUDIT_DIALOG (crm_audit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmAuditDialog, crm_audit_dialog, CRM, AUDIT_DIALOG, AdwWindow)

/* "open-record" (const CrmRecordType *type, gint64 id) is emitted when a
 * row is activated; the window opens the record. */
GtkWidget *crm_audit_dialog_new (CrmContext *context);
/* TRUE once what the filters ask for is shown (tests). */
gboolean   crm_audit_dialog_get_ready (CrmAuditDialog *self);
guint      crm_audit_dialog_get_n_entries (CrmAuditDialog *self);
/* (transfer none) a CrmAuditRow */
GtkWidget *crm_audit_dialog_get_row (CrmAuditDialog *self,
                                     guint           index);
/* The filters, as a person sets them. */
void       crm_audit_dialog_set_search_text (CrmAuditDialog *self,
                                             const char     *text);
/* @table_name: "contacts", "accounts", "employees" or NULL for all. */
void       crm_audit_dialog_set_record_type (CrmAuditDialog *self,
                                             const char     *table_name);
/* -1 for any, else a CrmAuditOp. */
void       crm_audit_dialog_set_operation (CrmAuditDialog *self,
                                           int             op);

G_END_DECLS
