/* crm-record-page.h — one record: key facts, fields edited in place,
 * related records, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_RECORD_PAGE (crm_record_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmRecordPage, crm_record_page, CRM, RECORD_PAGE, GtkWidget)

/* @id 0 makes a new record, with the values of @prefill if given. */
GtkWidget           *crm_record_page_new (CrmContext          *context,
                                          const CrmRecordType *type,
                                          gint64               id,
                                          CrmRecord           *prefill);
const CrmRecordType *crm_record_page_get_record_type (CrmRecordPage *self);
gint64               crm_record_page_get_record_id (CrmRecordPage *self);
/* The record as being edited (tests drive the form through it or the widgets). */
CrmRecord           *crm_record_page_get_draft (CrmRecordPage *self);
/* The record as last loaded or saved; NULL for a new record. */
CrmRecord           *crm_record_page_get_stored (CrmRecordPage *self);
gboolean             crm_record_page_get_ready (CrmRecordPage *self);
gboolean             crm_record_page_get_dirty (CrmRecordPage *self);
/* The editor widget of a field (an AdwEntryRow, AdwComboRow…), and the
 * message shown under it, NULL when the field is fine. */
GtkWidget           *crm_record_page_get_field_widget (CrmRecordPage *self,
                                                       const char    *field);
const char          *crm_record_page_get_field_error (CrmRecordPage *self,
                                                      const char    *field);
/* Show the "details", "related" or "history" tab. */
void                 crm_record_page_set_view (CrmRecordPage *self,
                                               const char    *name);
/* The History tab's view (a CrmHistoryView). */
GtkWidget           *crm_record_page_get_history_view (CrmRecordPage *self);
/* Whether the database lets this login only see the record ('see'): the
 * fields are read-only and a banner says so. */
gboolean             crm_record_page_get_read_only (CrmRecordPage *self);
/* Save as Ctrl+S does; "saved" or "save-failed" is emitted after. */
void                 crm_record_page_save (CrmRecordPage *self);
/* Throw away the edits (Esc). */
void                 crm_record_page_revert (CrmRecordPage *self);
/* The conflict view while it is open (a CrmConflictDialog), else NULL. */
GtkWidget           *crm_record_page_get_conflict_dialog (CrmRecordPage *self);
/* The message the banner above the form shows, NULL when there is none. */
const char          *crm_record_page_get_banner (CrmRecordPage *self);

G_END_DECLS
