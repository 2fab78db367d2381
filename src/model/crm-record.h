/* crm-record.h — the base of every stored record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record-type.h"

G_BEGIN_DECLS

#define CRM_TYPE_RECORD (crm_record_get_type ())
G_DECLARE_DERIVABLE_TYPE (CrmRecord, crm_record, CRM, RECORD, GObject)

struct _CrmRecordClass
{
  GObjectClass         parent_class;

  const CrmRecordType *record_type;

  /* The title when the title field is computed and not loaded yet. */
  char *(*dup_title) (CrmRecord *self);
  /* Rules over several fields, run by crm_record_validate() after the
   * fields' own checks: on failure sets @error and adds field name →
   * message to @field_errors. */
  gboolean (*check) (CrmRecord  *self,
                     GHashTable *field_errors,
                     GError    **error);

  gpointer padding[7];
};

/* Called from a subclass's class_init: installs one GObject property per
 * field of @type (names with '-') and makes the class use @type. */
void                 crm_record_class_install_fields (CrmRecordClass      *klass,
                                                      const CrmRecordType *type);

CrmRecord           *crm_record_new (const CrmRecordType *type);
const CrmRecordType *crm_record_get_record_type (CrmRecord *self);
gint64               crm_record_get_id (CrmRecord *self);
gint                 crm_record_get_version (CrmRecord *self);
gint64               crm_record_get_owner_id (CrmRecord *self);
void                 crm_record_set_owner_id (CrmRecord *self, gint64 owner_id);
const char          *crm_record_get_owner_name (CrmRecord *self);
GDateTime           *crm_record_get_created_at (CrmRecord *self);
GDateTime           *crm_record_get_updated_at (CrmRecord *self);
const char          *crm_record_get_created_by (CrmRecord *self);
const char          *crm_record_get_updated_by (CrmRecord *self);
const char          *crm_record_get_custom (CrmRecord *self);
/* FALSE while a lazy list has only the id and the row is on its way. */
gboolean             crm_record_get_loaded (CrmRecord *self);
char                *crm_record_dup_title (CrmRecord *self);

/* Field values by column name (any field, common or own). */
const GValue        *crm_record_peek_value (CrmRecord  *self,
                                            const char *field);
void                 crm_record_set_value (CrmRecord    *self,
                                           const char   *field,
                                           const GValue *value);
const char          *crm_record_get_string (CrmRecord *self, const char *field);
void                 crm_record_set_string (CrmRecord *self, const char *field, const char *value);
gint64               crm_record_get_int (CrmRecord *self, const char *field);
void                 crm_record_set_int (CrmRecord *self, const char *field, gint64 value);
gboolean             crm_record_get_bool (CrmRecord *self, const char *field);
void                 crm_record_set_bool (CrmRecord *self, const char *field, gboolean value);

/* The text form used for SQL parameters and CSV ("t"/"f", ISO 8601,
 * decimal ids); NULL when the value is empty. */
char                *crm_record_dup_text (CrmRecord *self, const char *field);
/* Parse the text form back (as PostgreSQL prints it). */
gboolean             crm_record_set_text (CrmRecord  *self,
                                          const char *field,
                                          const char *text,
                                          GError    **error);
/* Fill a new record from the text forms of all of its fields (NULL: no
 * value), in the order of its values: the common fields, then the type's
 * (the order _crm_sql_append_select_list() selects them in). Marks it
 * loaded and notifies nothing: for records nobody watches yet, which the
 * store builds on a worker thread. A value that does not parse is left
 * empty and the first such is reported in @error; the others are read. */
gboolean             crm_record_load_texts (CrmRecord         *self,
                                            const char *const *texts,
                                            guint              n_texts,
                                            GError           **error);
/* The non-empty string values of @fields joined with @separator
 * (a person's "Фамилия Имя Отчество"). */
char                *crm_record_join_strings (CrmRecord         *self,
                                              const char *const *fields,
                                              const char        *separator);
/* A field the database does not let this user read (money columns):
 * its value is unknown, shown as "Hidden", never saved. */
void                 crm_record_set_withheld (CrmRecord  *self,
                                              const char *field,
                                              gboolean    withheld);
gboolean             crm_record_is_withheld (CrmRecord  *self,
                                             const char *field);
/* A person-readable form: choice labels, formatted phones, local dates;
 * "Hidden" for a withheld field. */
char                *crm_record_dup_display (CrmRecord *self, const char *field);

/* Normalise and check every field. Returns FALSE and sets @error to the
 * first problem; @field_errors (optional) receives field name → message
 * for every problem, for inline messages in forms. */
gboolean             crm_record_validate (CrmRecord   *self,
                                          GHashTable **field_errors,
                                          GError     **error);

/* Used by the store after loading or saving. */
void                 crm_record_set_stored (CrmRecord *self,
                                            gint64     id,
                                            gint       version);
void                 crm_record_set_loaded (CrmRecord *self,
                                            gboolean   loaded);
/* Copy every field value of @from into @self and emit notify for changed
 * ones (a lazy list fills its placeholder objects this way). */
void                 crm_record_assign (CrmRecord *self,
                                        CrmRecord *from);
CrmRecord           *crm_record_copy (CrmRecord *self);
/* Field names whose values differ between the two records. */
GPtrArray           *crm_record_diff (CrmRecord *a,
                                      CrmRecord *b);

G_END_DECLS
