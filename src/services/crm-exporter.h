/* crm-exporter.h — records to a CSV file (Q3)
 *
 * What a list page shows (its query: search, filters and sort) or the
 * rows selected in it (ids), written to a file on a worker thread with
 * progress and Cancel:
 *
 *   exporter = crm_exporter_new (store, query);      // or _new_for_ids ()
 *   crm_exporter_set_encoding (exporter, CRM_CSV_ENCODING_CP1251);
 *   crm_exporter_run_async (exporter, file, cancellable, on_done_cb, self);
 *   … "notify::progress" on the caller's thread …
 *   n = crm_exporter_run_finish (exporter, result, &error);   // rows or -1
 *
 * `rapportctl export` uses crm_exporter_run_sync() the same way.
 *
 * The file: the first row names the columns (field labels, translated;
 * with raw set, the column names, which crm-import-mapping maps back
 * exactly). Each cell is the stored value in its text form
 * (crm_record_dup_text()): phones in E.164 ("+79163258798;ext=12"),
 * dates "2024-03-01", timestamps ISO 8601 with offset, yes/no "t"/"f",
 * choices by their stored value ("client"), references by name
 * ("account_name", "owner_name"). That is what the importer reads back,
 * so export then import gives the same records. Unless raw, cells that a
 * spreadsheet would run as a formula are neutralised (crm_csv_neutralize:
 * "+7…" is written "'+7…"; importers undo it with crm_csv_unneutralize).
 *
 * The file appears whole or not at all: rows go to a temporary file in
 * the same folder, renamed over @file at the end; on an error or Cancel
 * it is deleted and an existing @file is left as it was.
 *
 * Rows are read in pages of CRM_EXPORTER_PAGE_SIZE, each in the state it
 * has when its page is read; rows deleted meanwhile are left out (the
 * count returned says how many were written).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-csv.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_EXPORTER_PAGE_SIZE 1000

#define CRM_TYPE_EXPORTER (crm_exporter_get_type ())
G_DECLARE_FINAL_TYPE (CrmExporter, crm_exporter, CRM, EXPORTER, GObject)

/* Every record @query matches, in its order. */
CrmExporter         *crm_exporter_new (CrmStore       *store,
                                       const CrmQuery *query);
/* The records with these ids, in this order (selected rows). */
CrmExporter         *crm_exporter_new_for_ids (CrmStore            *store,
                                               const CrmRecordType *type,
                                               const gint64        *ids,
                                               guint                n_ids);
const CrmRecordType *crm_exporter_get_record_type (CrmExporter *self);

/* The columns, as field names (NULL: crm_exporter_dup_default_fields).
 * Any field of the type may be named, computed ones too; an unknown name
 * is a programming error. */
void                 crm_exporter_set_fields (CrmExporter       *self,
                                              const char *const *fields);
GStrv                crm_exporter_dup_fields (CrmExporter *self);
/* "id", every field a person can set (references replaced by the name of
 * what they point to, "account_name"), then "owner_name", "created_at",
 * "updated_at". */
GStrv                crm_exporter_dup_default_fields (const CrmRecordType *type);

/* Default UTF-8 with BOM (what Excel opens as Unicode) and ';' (what a
 * Russian Excel splits on). */
void                 crm_exporter_set_encoding (CrmExporter   *self,
                                                CrmCsvEncoding encoding);
CrmCsvEncoding       crm_exporter_get_encoding (CrmExporter *self);
void                 crm_exporter_set_delimiter (CrmExporter *self,
                                                 char         delimiter);
char                 crm_exporter_get_delimiter (CrmExporter *self);
/* Raw: column names in the header, formulas not neutralised (for
 * migrations and round trips; `rapportctl export --raw`). */
void                 crm_exporter_set_raw (CrmExporter *self,
                                           gboolean     raw);
gboolean             crm_exporter_get_raw (CrmExporter *self);

/* Progress of a run, on the thread that started it: the "progress"
 * property (0.0 … 1.0) is notified as pages are written; n_done of
 * n_total rows (n_total is known once the ids are listed). */
double               crm_exporter_get_progress (CrmExporter *self);
guint                crm_exporter_get_n_done (CrmExporter *self);
guint                crm_exporter_get_n_total (CrmExporter *self);
/* After a run: characters Windows-1251 could not hold (written as "?"). */
guint                crm_exporter_get_n_lossy (CrmExporter *self);

/* Write the file. Returns the number of rows written (the header not
 * counted), or -1 with @error set (G_IO_ERROR_CANCELLED when cancelled,
 * CRM_STORE_ERROR_* from the database, G_IO_ERROR_* from the disk). One
 * run at a time per exporter. */
gint64               crm_exporter_run_sync (CrmExporter  *self,
                                            GFile        *file,
                                            GCancellable *cancellable,
                                            GError      **error);
void                 crm_exporter_run_async (CrmExporter        *self,
                                             GFile              *file,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gint64               crm_exporter_run_finish (CrmExporter  *self,
                                              GAsyncResult *result,
                                              GError      **error);

G_END_DECLS
