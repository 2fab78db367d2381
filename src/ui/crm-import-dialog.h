/* crm-import-dialog.h — the import wizard: a CSV or vCard file, its
 * encoding, delimiter and columns with a preview, what to do with
 * duplicates, progress with Cancel, the result with the rejected rows and
 * Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-csv.h"
#include "crm-importer.h"

G_BEGIN_DECLS

#define CRM_TYPE_IMPORT_DIALOG (crm_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmImportDialog, crm_import_dialog, CRM, IMPORT_DIALOG, AdwWindow)

/* "finished" is emitted when an import or its undo changed the data. */
GtkWidget     *crm_import_dialog_new (CrmContext          *context,
                                      const CrmRecordType *type);
/* Read @file as "Choose File…" would; the "columns" page follows (or the
 * "file" page with the reason it cannot be read). */
void           crm_import_dialog_open_file (CrmImportDialog *self,
                                            GFile           *file);

/* For tests: the page shown ("file", "opening", "columns", "progress",
 * "done"), the importer once a file is open, and what the widgets say. */
const char    *crm_import_dialog_get_page (CrmImportDialog *self);
CrmImporter   *crm_import_dialog_get_importer (CrmImportDialog *self);
/* The encoding and delimiter the combo rows show. */
CrmCsvEncoding crm_import_dialog_get_encoding (CrmImportDialog *self);
char           crm_import_dialog_get_delimiter (CrmImportDialog *self);
/* Choose them as a person would (the file is read again). */
void           crm_import_dialog_set_encoding (CrmImportDialog *self,
                                               CrmCsvEncoding   encoding);
/* The target a column's row shows (NULL: "Do not import"), and choosing
 * one in it. */
const char    *crm_import_dialog_get_target (CrmImportDialog *self,
                                             guint            column);
void           crm_import_dialog_set_target (CrmImportDialog *self,
                                             guint            column,
                                             const char      *target);
/* Choose what happens to a row matching a stored record. */
void           crm_import_dialog_set_duplicates (CrmImportDialog    *self,
                                                 CrmImportDuplicates mode);
/* The sentence saying which fields still need a column (NULL: ready). */
const char    *crm_import_dialog_get_missing (CrmImportDialog *self);
/* The done page's title and description. */
const char    *crm_import_dialog_get_result_title (CrmImportDialog *self);
const char    *crm_import_dialog_get_result_description (CrmImportDialog *self);
/* Copy the rejected rows to @file, as "Save Rejected Rows…" does. */
void           crm_import_dialog_save_rejects (CrmImportDialog *self,
                                               GFile           *file);

G_END_DECLS
