/* crm-audit-entry.h — one row of the audit trail (U4): who changed which
 * record when, field by field, and how to say it in plain words
 *
 * The store builds entries from rapport.audit_log (crm-audit.h); the
 * History tab and the Audit Log show them with the sentences and values
 * made here: field labels from the record type's descriptor, values
 * formatted as the form shows them, references as the names of the
 * records they point to (the store resolves those).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record-type.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_AUDIT_OP_INSERT, /* 'I' */
  CRM_AUDIT_OP_UPDATE, /* 'U' */
  CRM_AUDIT_OP_DELETE, /* 'D' */
} CrmAuditOp;

/* One field of an entry. Values are text forms as PostgreSQL's JSON gives
 * them ("t"/"true", ISO 8601 dates, decimal ids); NULL = empty. */
typedef struct
{
  char *field;
  char *old_text;
  char *new_text;
  char *old_name; /* REF fields: the title of the record old_text names */
  char *new_name;
} CrmAuditChange;

#define CRM_TYPE_AUDIT_ENTRY (crm_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (CrmAuditEntry, crm_audit_entry, CRM, AUDIT_ENTRY, GObject)

/* @actor is the login role; @actor_name the employee's full name (NULL
 * when the login is nobody's). */
CrmAuditEntry       *crm_audit_entry_new (gint64      id,
                                          GDateTime  *at,
                                          const char *actor,
                                          const char *actor_name,
                                          const char *table_name,
                                          gint64      record_id,
                                          CrmAuditOp  op,
                                          int         version);
gint64               crm_audit_entry_get_id (CrmAuditEntry *self);
GDateTime           *crm_audit_entry_get_at (CrmAuditEntry *self);
const char          *crm_audit_entry_get_actor (CrmAuditEntry *self);
const char          *crm_audit_entry_get_actor_name (CrmAuditEntry *self);
/* The employee's name, else the login. */
const char          *crm_audit_entry_get_actor_display (CrmAuditEntry *self);
const char          *crm_audit_entry_get_table_name (CrmAuditEntry *self);
/* The descriptor of the table, NULL for tables that have none (employees). */
const CrmRecordType *crm_audit_entry_get_record_type (CrmAuditEntry *self);
gint64               crm_audit_entry_get_record_id (CrmAuditEntry *self);
CrmAuditOp           crm_audit_entry_get_op (CrmAuditEntry *self);
int                  crm_audit_entry_get_version (CrmAuditEntry *self);

/* The record's title (now, or as it was when deleted); NULL if unknown. */
const char          *crm_audit_entry_get_record_title (CrmAuditEntry *self);
void                 crm_audit_entry_set_record_title (CrmAuditEntry *self,
                                                       const char    *title);
/* A delete that was a merge: the id of the record it was merged into. */
gint64               crm_audit_entry_get_merged_into (CrmAuditEntry *self);
void                 crm_audit_entry_set_merged_into (CrmAuditEntry *self,
                                                      gint64         kept_id);

/* Changes in the order the form shows the fields (the descriptor's, then
 * the common ones, then unknown names alphabetically) once
 * crm_audit_entry_sort_changes() ran; the store does that. */
void                 crm_audit_entry_add_change (CrmAuditEntry *self,
                                                 const char    *field,
                                                 const char    *old_text,
                                                 const char    *new_text);
void                 crm_audit_entry_sort_changes (CrmAuditEntry *self);
guint                crm_audit_entry_get_n_changes (CrmAuditEntry *self);
CrmAuditChange      *crm_audit_entry_get_change (CrmAuditEntry *self,
                                                 guint          index);
/* NULL when the entry does not touch @field. */
CrmAuditChange      *crm_audit_entry_find_change (CrmAuditEntry *self,
                                                  const char    *field);
/* Sets a REF change's names (the store, after resolving the ids). */
void                 crm_audit_change_set_names (CrmAuditChange *change,
                                                 const char     *old_name,
                                                 const char     *new_name);

/* ---- In plain words ---- */

/* The field's label from the descriptor ("Mobile phone"), else its name. */
const char          *crm_audit_entry_get_field_label (CrmAuditEntry *self,
                                                      const char    *field);
/* A value as the form shows it (choice labels, formatted phones, local
 * dates, Yes/No, the name of a referenced record), on one line and cut
 * at about 200 characters; NULL when empty. Phones are written with
 * no-break spaces (U+00A0) so that no line breaks inside one. */
char                *crm_audit_entry_dup_value (CrmAuditEntry        *self,
                                                const CrmAuditChange *change,
                                                gboolean              new_value);
/* What happened, in one sentence: "Anna Smirnova changed “Phone”: +7 916
 * 111-22-33 → +7 916 444-55-66", "… changed 3 fields", "… created the
 * record", "… merged “X” into this record". @context_id: the record whose
 * history is shown (0 in the whole log). */
char                *crm_audit_entry_dup_summary (CrmAuditEntry *self,
                                                  gint64         context_id);
/* The lines under the summary, one per field ("Phone: a → b"), or NULL
 * when the summary says it all (one changed field). */
GStrv                crm_audit_entry_dup_details (CrmAuditEntry *self);
/* For an entry of another record shown in @context_id's history (one
 * merged into it): "In “X”, later merged into this record"; else NULL. */
char                *crm_audit_entry_dup_note (CrmAuditEntry *self,
                                               gint64         context_id);

/* "just now", "5 minutes ago", "3 hours ago" (up to 6), "today at 14:20",
 * "yesterday at 14:20", "2 December at 14:20", "2 December 2025 at 14:20",
 * in the time zone of @now. */
char                *crm_audit_format_time (GDateTime *at,
                                            GDateTime *now);

G_END_DECLS
