/* crm-duplicates.h — finding duplicate records and merging them
 *
 * Finding: one set-based query per record type (over the indexes of
 * data/sql/0003-merge.sql) returns groups of records that look like one:
 *   accounts  the same INN (and the same KPP when both have one: branches
 *             with their own KPP are not duplicates); else the same
 *             normalised name (lower case, ё = е) in the same city, unless
 *             their INNs differ;
 *   contacts  the same e-mail, case-insensitive, in either e-mail field;
 *             the same phone (E.164, extension included) in any phone
 *             field; the same normalised full name at the same account
 *             (or both without one).
 * E-mail addresses and phones that are on an account card (the company's
 * switchboard, info@…) are shared by its people and are not counted. A
 * set of records is reported once, under the strongest reason (INN,
 * e-mail, phone, name); groups come in that order, then by their oldest
 * record, at most CRM_DUPLICATES_MAX_GROUPS of them (each reason offers
 * its first 2 × CRM_DUPLICATES_MAX_GROUPS, so a set found for several
 * reasons does not push others out). Merging a group away and searching
 * again shows the next ones.
 *
 * Merging: crm_merge_records_*() merges record B into record A in one
 * transaction: both must still have the versions the caller holds (else
 * CRM_STORE_ERROR_CONFLICT and nothing changes); A gets the value chosen
 * per field; every row that refers to B (contacts.account_id for an
 * account, and any foreign key added later) is pointed at A; B's last
 * state goes to rapport.merges and B is deleted. The triggers audit A's
 * update, B's delete and every moved row; B's audit_log and changes rows
 * stay, so the history of both remains. The History view shows B's
 * history under A with the records rapport.merged_ids(table, A) returns:
 *
 *   SELECT l.* FROM rapport.audit_log l
 *   WHERE l.table_name = $1 AND l.record_id IN (SELECT rapport.merged_ids($1, $2))
 *   ORDER BY l.at, l.id
 *
 * and the merge itself from rapport.merges (kept_id, merged_id,
 * merged_row, moved, at, actor).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-record.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* Why records were grouped, strongest first. */
typedef enum
{
  CRM_DUPLICATE_SAME_INN,   /* accounts: value "INN" or "INN / KPP" */
  CRM_DUPLICATE_SAME_EMAIL, /* contacts: value the address in lower case */
  CRM_DUPLICATE_SAME_PHONE, /* contacts: value the phone in E.164 */
  CRM_DUPLICATE_SAME_NAME,  /* value the normalised name (search_name) */
} CrmDuplicateReason;

#define CRM_TYPE_DUPLICATE_REASON (crm_duplicate_reason_get_type ())
GType crm_duplicate_reason_get_type (void) G_GNUC_CONST;

#define CRM_DUPLICATES_MAX_GROUPS 500

/* A group of records that look like one: a GListModel of its CrmRecords,
 * oldest first (created_at, then id). */
#define CRM_TYPE_DUPLICATE_GROUP (crm_duplicate_group_get_type ())
G_DECLARE_FINAL_TYPE (CrmDuplicateGroup, crm_duplicate_group, CRM, DUPLICATE_GROUP, GObject)

CrmDuplicateReason   crm_duplicate_group_get_reason (CrmDuplicateGroup *self);
/* What matched, as the reason describes it. */
const char          *crm_duplicate_group_get_value (CrmDuplicateGroup *self);
const CrmRecordType *crm_duplicate_group_get_record_type (CrmDuplicateGroup *self);
guint                crm_duplicate_group_get_n_records (CrmDuplicateGroup *self);
/* (transfer none) */
CrmRecord           *crm_duplicate_group_get_record (CrmDuplicateGroup *self,
                                                     guint              index);
/* A translated sentence for a heading: "Same phone +7 916 325-87-98". */
char                *crm_duplicate_group_dup_label (CrmDuplicateGroup *self);

/* Whether duplicates of @type can be looked for (accounts, contacts). */
gboolean             crm_duplicates_supported (const CrmRecordType *type);

/* The groups of duplicate records of @type: a GPtrArray of
 * CrmDuplicateGroup (empty when there are none). Read in one snapshot. */
GPtrArray           *crm_duplicates_find_sync (CrmStore            *store,
                                               const CrmRecordType *type,
                                               GCancellable        *cancellable,
                                               GError             **error);
void                 crm_duplicates_find_async (CrmStore            *store,
                                                const CrmRecordType *type,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray           *crm_duplicates_find_finish (CrmStore     *store,
                                                 GAsyncResult *result,
                                                 GError      **error);

/* The stored records @candidate looks like, by the same rules (a record
 * not stored yet, such as one about to be made from a lead, or a stored
 * one, itself left out): the same INN (KPP not differing), the same
 * e-mail or phone (contacts; not one on the card of the account it
 * refers to), the same normalised name (contacts: at the same account or
 * both without one; accounts: in the same city where both name one, INNs
 * not differing). A GPtrArray of CrmDuplicateGroup, one per reason and
 * value, strongest reason first, each record only once; the candidate is
 * in none of them. Empty when nothing matches. */
GPtrArray           *crm_duplicates_find_similar_sync (CrmStore     *store,
                                                       CrmRecord    *candidate,
                                                       GCancellable *cancellable,
                                                       GError      **error);
void                 crm_duplicates_find_similar_async (CrmStore           *store,
                                                        CrmRecord          *candidate,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GPtrArray           *crm_duplicates_find_similar_finish (CrmStore     *store,
                                                         GAsyncResult *result,
                                                         GError      **error);

/* ---- Merging ---- */

#define CRM_MERGE_KEEP_A "a"
#define CRM_MERGE_TAKE_B "b"

/* The fields a merge chooses between (the type's stored fields, then
 * owner_id and custom), as const CrmField pointers; free the array only. */
GPtrArray  *crm_merge_dup_fields (const CrmRecordType *type);
/* Field name → CRM_MERGE_KEEP_A or CRM_MERGE_TAKE_B for every field of
 * crm_merge_dup_fields(): A's value, or B's where A's is empty and B's is
 * not. A new table with its own strings; change it and pass it on. */
GHashTable *crm_merge_default_choices (CrmRecord *a,
                                       CrmRecord *b);
/* A copy of @a with the chosen values (@choices may be NULL or name only
 * some fields; the others follow the defaults): what A will look like. */
CrmRecord  *crm_merge_preview (CrmRecord  *a,
                               CrmRecord  *b,
                               GHashTable *choices);

/* Merge @b into @a as described at the top (both of one record type,
 * loaded from the store: their versions are checked). @choices as for crm_merge_preview;
 * a field name that is not one of crm_merge_dup_fields() or a value other
 * than "a"/"b" is refused (CRM_STORE_ERROR_INVALID), so is @b being @a.
 * Returns A as now stored: merge the next record of a group into that
 * (A's version moved), and reload records that referred to B (theirs
 * moved too). */
CrmRecord  *crm_merge_records_sync (CrmStore     *store,
                                    CrmRecord    *a,
                                    CrmRecord    *b,
                                    GHashTable   *choices,
                                    GCancellable *cancellable,
                                    GError      **error);
void        crm_merge_records_async (CrmStore           *store,
                                     CrmRecord          *a,
                                     CrmRecord          *b,
                                     GHashTable         *choices,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
CrmRecord  *crm_merge_records_finish (CrmStore     *store,
                                      GAsyncResult *result,
                                      GError      **error);

G_END_DECLS
