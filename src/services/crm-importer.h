/* crm-importer.h — a CSV or vCard file into accounts or contacts (I4, B3)
 *
 *   importer = crm_importer_new (store, type, file, cancellable, &error);
 *   … headers, preview, detected encoding and delimiter, suggested targets …
 *   crm_importer_set_target (importer, 3, "inn");           // or NULL: skip
 *   crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_UPDATE);
 *   crm_importer_run_async (importer, cancellable, on_done, self);
 *   … "notify::progress" on the caller's thread …
 *   crm_importer_run_finish (importer, result, &error);
 *   crm_importer_get_counts (importer)->batch_id …
 *
 * The file is read as it streams into the database (never whole in
 * memory): each row's cells go through crm_csv_unneutralize() and the
 * field's rules (crm_field_check_text: INN checksum, phone, e-mail…;
 * dates as 31.12.2024, 2024-12-31 or 31/12/2024; yes/no as да/нет, yes/no,
 * true/false, 1/0; a responsible employee by name). A row with any bad
 * cell is rejected whole: it goes to the rejects list with its line,
 * column and reason, and to the rejects file — the file's own columns
 * then "Line" and "Error", in the file's encoding and delimiter, ready to
 * be fixed and imported again. Good rows go in through crm-import.h as
 * one batch (COPY into a staging table and set-based statements).
 *
 * Either the batch is in whole or nothing is: Cancel, a read error (the
 * file vanished or changed, bad bytes in the chosen encoding, a quote
 * left open), or a lost server roll everything back; the rejects file is
 * written all the same for the rows read.
 *
 * A vCard file (recognised by BEGIN:VCARD, for contacts only) has fixed
 * columns: full name parts, organisation (account name), title, phones,
 * e-mails, city, birthday and note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-csv.h"
#include "crm-import.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* The rejects list keeps this many rows (the rejects file has them all). */
#define CRM_IMPORTER_MAX_REJECTS 1000

typedef enum
{
  CRM_IMPORT_FORMAT_CSV,
  CRM_IMPORT_FORMAT_VCARD,
} CrmImportFormat;

typedef struct
{
  guint line;    /* line of the file where the row starts (1-based) */
  char *column;  /* the column's header, NULL for the row as a whole */
  char *message; /* translated: "INN: the check digit is wrong" */
} CrmImportReject;

#define CRM_TYPE_IMPORTER (crm_importer_get_type ())
G_DECLARE_FINAL_TYPE (CrmImporter, crm_importer, CRM, IMPORTER, GObject)

/* Open @file and detect its format, encoding, delimiter and header, and
 * suggest a target per column (crm-import-mapping). Errors: CRM_CSV_ERROR
 * (empty, binary…), G_IO_ERROR (not found…); a vCard file for accounts is
 * G_IO_ERROR_NOT_SUPPORTED. Blocks on the file's first 64 KB. */
CrmImporter           *crm_importer_new (CrmStore            *store,
                                         const CrmRecordType *type,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GError             **error);
const CrmRecordType   *crm_importer_get_record_type (CrmImporter *self);
GFile                 *crm_importer_get_file (CrmImporter *self);
CrmImportFormat        crm_importer_get_format (CrmImporter *self);

/* CSV only: what the reader detected; set_* re-reads the header and the
 * preview and suggests targets again (errors as for _new). */
CrmCsvEncoding         crm_importer_get_encoding (CrmImporter *self);
gboolean               crm_importer_set_encoding (CrmImporter   *self,
                                                  CrmCsvEncoding encoding,
                                                  GError       **error);
char                   crm_importer_get_delimiter (CrmImporter *self);
gboolean               crm_importer_set_delimiter (CrmImporter *self,
                                                   char         delimiter,
                                                   GError     **error);

/* The columns: their headers (for vCard, translated names of the fixed
 * columns) and the first rows of data (GStrv each, possibly ragged). */
guint                  crm_importer_get_n_columns (CrmImporter *self);
const char            *crm_importer_get_header (CrmImporter *self,
                                                guint        column);
GPtrArray             *crm_importer_get_preview (CrmImporter *self);

/* The target of each column (a crm_import_mapping_list_targets() name,
 * or NULL: not imported). A target given to another column is taken
 * away from it. Returns FALSE for a name that is not a target. */
const char            *crm_importer_get_target (CrmImporter *self,
                                                guint        column);
gboolean               crm_importer_set_target (CrmImporter *self,
                                                guint        column,
                                                const char  *target);
/* "col=target,…" as on rapportctl's --map: col is a header or a 1-based
 * column number, target a field name or "-" to skip. Error names what is
 * wrong (G_OPTION_ERROR_BAD_VALUE). */
gboolean               crm_importer_apply_map (CrmImporter *self,
                                               const char  *map,
                                               GError     **error);
/* NULL when ready, else a translated sentence saying what is missing
 * (the type's required fields — a contact's last name may come from
 * "full_name" — must each have a column). */
char                  *crm_importer_check_targets (CrmImporter *self);

void                   crm_importer_set_duplicates (CrmImporter        *self,
                                                    CrmImportDuplicates mode);
CrmImportDuplicates    crm_importer_get_duplicates (CrmImporter *self);
/* Where the rejects go (default: "<file>-rejects.csv" in the user's
 * cache folder; the file is only written when there are rejects). */
void                   crm_importer_set_rejects_file (CrmImporter *self,
                                                      GFile       *file);
GFile                 *crm_importer_get_rejects_file (CrmImporter *self);
/* Check and count everything, then roll back. */
void                   crm_importer_set_dry_run (CrmImporter *self,
                                                 gboolean     dry_run);

/* Progress of a run on the thread that started it: "progress" 0.0 … 1.0
 * while the file is read; "saving" becomes TRUE when the rows are being
 * applied (the bar should pulse: no fraction is known then). */
double                 crm_importer_get_progress (CrmImporter *self);
gboolean               crm_importer_get_saving (CrmImporter *self);

/* One run per importer. TRUE when the batch is in (or, dry run, would
 * be): see get_counts / get_n_rejected / get_rejects. */
gboolean               crm_importer_run_sync (CrmImporter  *self,
                                              GCancellable *cancellable,
                                              GError      **error);
void                   crm_importer_run_async (CrmImporter        *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean               crm_importer_run_finish (CrmImporter  *self,
                                                GAsyncResult *result,
                                                GError      **error);

const CrmImportCounts *crm_importer_get_counts (CrmImporter *self);
guint                  crm_importer_get_n_rows (CrmImporter *self); /* data rows read */
guint                  crm_importer_get_n_rejected (CrmImporter *self);
/* CrmImportReject *, the first CRM_IMPORTER_MAX_REJECTS. */
GPtrArray             *crm_importer_get_rejects (CrmImporter *self);

/* Undo a batch (see crm_import_undo). */
gboolean               crm_importer_undo_sync (CrmStore            *store,
                                               gint64               batch_id,
                                               CrmImportUndoCounts *counts,
                                               GCancellable        *cancellable,
                                               GError             **error);
void                   crm_importer_undo_async (CrmStore           *store,
                                                gint64              batch_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean               crm_importer_undo_finish (GAsyncResult        *result,
                                                 CrmImportUndoCounts *counts,
                                                 GError             **error);
/* The newest batches (CrmImportBatch *), for `rapportctl import list`. */
GPtrArray             *crm_importer_list_batches_sync (CrmStore     *store,
                                                       guint         limit,
                                                       GCancellable *cancellable,
                                                       GError      **error);

G_END_DECLS
