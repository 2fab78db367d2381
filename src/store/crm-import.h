/* crm-import.h — many rows into a table as one batch that can be undone
 * (I4, B3)
 *
 * The SQL half of an import; reading and checking the file is
 * CrmImporter's (src/services). On a connection handed out by
 * crm_store_run_sync():
 *
 *   load = crm_import_load_begin (conn, type, targets, mode, "clients.csv", &error);
 *   for each good row: crm_import_load_add_row (load, line, values, &error);
 *   crm_import_load_commit (load, &counts, &error);    // or _free() alone: nothing in
 *
 * begin() opens a transaction, records the batch and starts
 * COPY … FROM STDIN into a temporary staging table with one text column
 * per target. commit() ends the COPY and runs a fixed number of
 * set-based statements, whatever the number of rows:
 *
 *  - contacts' "account_inn" / "account_name" link to the account with
 *    that INN, else that name (ё = е, case and spaces folded); an account
 *    that does not exist yet is created in the same batch (with the INN
 *    when one is given);
 *  - "owner_name" finds the employee by full name or login (unknown names
 *    leave the owner empty: CrmImporter rejects them before they get
 *    here);
 *  - a row that matches an existing record by its natural key — accounts:
 *    INN and KPP (INN alone when the row has no KPP); contacts: e-mail
 *    (either of the two), else a mobile or work phone, else the full name
 *    at the same account — is skipped, merged into it (UPDATE: the row's
 *    non-empty cells replace what is stored, empty cells keep it) or
 *    created anyway (CREATE). Rows of one file with the same key count as
 *    one: the first creates or updates, the later ones are skipped;
 *  - every inserted id, and every updated row as it was before, is kept
 *    in rapport.import_rows, so crm_import_undo() can put it all back.
 *
 * Values must already be in their stored text form (crm_field_check_text
 * and CrmImporter's date and yes/no parsing): the database still checks
 * them, and a row it refuses fails the whole batch with the line named.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-record-type.h"

G_BEGIN_DECLS

/* Targets besides field names (crm-import-mapping.h says more). */
#define CRM_IMPORT_TARGET_OWNER_NAME   "owner_name"
#define CRM_IMPORT_TARGET_ACCOUNT_NAME "account_name"
#define CRM_IMPORT_TARGET_ACCOUNT_INN  "account_inn"
#define CRM_IMPORT_TARGET_FULL_NAME    "full_name"

typedef enum
{
  CRM_IMPORT_DUPLICATES_SKIP,   /* keep what is stored, leave the row out */
  CRM_IMPORT_DUPLICATES_UPDATE, /* fill the stored record from the row */
  CRM_IMPORT_DUPLICATES_CREATE, /* add the row as a new record anyway */
} CrmImportDuplicates;

/* "skip", "update", "create" (command lines). */
const char *crm_import_duplicates_to_string (CrmImportDuplicates mode);
gboolean    crm_import_duplicates_from_string (const char          *name,
                                               CrmImportDuplicates *mode);

typedef struct
{
  gint64 batch_id;
  guint  n_inserted;         /* new records of the type imported */
  guint  n_updated;          /* existing records changed (UPDATE) */
  guint  n_unchanged;        /* matched, UPDATE, but nothing new in the row */
  guint  n_skipped;          /* matched and skipped (SKIP), or repeated in the file */
  guint  n_accounts_created; /* contacts: accounts created to link to */
} CrmImportCounts;

typedef struct _CrmImportLoad CrmImportLoad;

/* @targets: one per value of each row, NULL-terminated — field names of
 * @type a person may set, or the CRM_IMPORT_TARGET_* names of
 * crm-import-mapping.h (the caller checks them; an unknown one is a
 * programming error). @source: what the batch is called in lists (the
 * file's name). */
CrmImportLoad                *crm_import_load_begin (gpointer             conn,
                                                     const CrmRecordType *type,
                                                     const char *const   *targets,
                                                     CrmImportDuplicates  mode,
                                                     const char          *source,
                                                     GError             **error);
/* One row: as many @values as targets, NULL or "" for none. @line is the
 * file's line, for messages. */
gboolean                      crm_import_load_add_row (CrmImportLoad     *load,
                                                       guint              line,
                                                       const char *const *values,
                                                       GError           **error);
guint                         crm_import_load_get_n_rows (CrmImportLoad *load);
/* Whether an employee has this full name or login (folded as search
 * folds: case, ё/е, spaces), for checking "owner_name" cells. */
gboolean                      crm_import_load_has_employee (CrmImportLoad *load,
                                                            const char    *name);
/* End the COPY, apply the rows and commit (@dry_run: roll back instead,
 * after counting). On failure nothing is in and the transaction is
 * rolled back. */
gboolean                      crm_import_load_commit (CrmImportLoad   *load,
                                                      gboolean         dry_run,
                                                      CrmImportCounts *counts,
                                                      GError         **error);
/* Abandon a load that was not committed (rolls back) and free it. */
void                          crm_import_load_free (CrmImportLoad *load);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImportLoad, crm_import_load_free)

typedef struct
{
  guint n_deleted;  /* records the batch created, deleted again */
  guint n_restored; /* records it updated, put back as they were */
  guint n_kept;     /* changed by someone since the import: left alone */
} CrmImportUndoCounts;

/* Undo batch @batch_id in one transaction: delete what it inserted and
 * restore what it updated — unless a record was changed after the import
 * (its version moved on), which is kept and counted. Errors:
 * CRM_STORE_ERROR_NOT_FOUND (no such batch), CRM_STORE_ERROR_CONFLICT
 * (already undone). */
gboolean crm_import_undo (gpointer             conn,
                          gint64               batch_id,
                          CrmImportUndoCounts *counts,
                          GError             **error);

typedef struct
{
  gint64     id;
  char      *table; /* "contacts" */
  char      *source;
  char      *actor;
  GDateTime *at;
  guint      n_inserted;
  guint      n_updated;
  guint      n_skipped;
  guint      n_accounts_created;
  GDateTime *undone_at; /* NULL while in force */
} CrmImportBatch;

void crm_import_batch_free (CrmImportBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImportBatch, crm_import_batch_free)

/* The newest @limit batches, newest first (CrmImportBatch *). */
GPtrArray *crm_import_list_batches (gpointer conn,
                                    guint    limit,
                                    GError **error);

G_END_DECLS
