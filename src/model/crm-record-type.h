/* crm-record-type.h — descriptors of record types and their fields
 *
 * A descriptor says, for one record type, which table holds it and which
 * fields it has: their labels, kinds and whether they can be searched,
 * sorted and filtered. Generic lists, forms, filters, the store's SQL and
 * import/export are all driven by it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-types.h"

G_BEGIN_DECLS

/* Mark a singular/plural pair for translation (xgettext --keyword=NP_:1,2). */
#define NP_(singular, plural) singular, plural

typedef enum
{
  CRM_FIELD_TEXT,
  CRM_FIELD_MULTILINE,
  CRM_FIELD_INT, /* gint64 */
  CRM_FIELD_BOOL,
  CRM_FIELD_DATE,      /* GDateTime at local midnight */
  CRM_FIELD_TIMESTAMP, /* GDateTime */
  CRM_FIELD_CHOICE,    /* a string, one of CrmField.choices */
  CRM_FIELD_REF,       /* gint64 id of a record of ref_type, 0 = none */
  CRM_FIELD_PHONE,     /* E.164, optional ";ext=NNN" */
  CRM_FIELD_EMAIL,
  CRM_FIELD_URL,
  CRM_FIELD_INN,
  CRM_FIELD_KPP,
  CRM_FIELD_OGRN,   /* OGRN (13 digits) or OGRNIP (15 digits) */
  CRM_FIELD_DIGITS, /* exactly max_length digits (BIK, bank accounts) */
  CRM_FIELD_MONEY,  /* gint64 kopecks; a bigint column; shown "1 234,56 ₽" */
} CrmFieldKind;

typedef enum
{
  CRM_FIELD_SEARCHABLE = 1 << 0, /* part of search_text */
  CRM_FIELD_SORTABLE = 1 << 1,   /* a list can be sorted by it */
  CRM_FIELD_FILTERABLE = 1 << 2, /* the filter bar offers it */
  CRM_FIELD_REQUIRED = 1 << 3,
  CRM_FIELD_COMPUTED = 1 << 4,    /* read-only, CrmField.sql computes it */
  CRM_FIELD_LIST = 1 << 5,        /* a column of the list by default */
  CRM_FIELD_HEADER = 1 << 6,      /* a key fact in the record page header */
  CRM_FIELD_NO_NEGATIVE = 1 << 7, /* MONEY, INT: below zero is refused */
} CrmFieldFlags;

typedef struct
{
  const char *value; /* stored value */
  const char *label; /* N_() label */
} CrmChoice;

struct _CrmField
{
  const char      *name;  /* column name; the property is the same with '-' */
  const char      *label; /* N_() */
  CrmFieldKind     kind;
  CrmFieldFlags    flags;
  const char      *group;    /* N_() section of the form */
  const char      *sql;      /* COMPUTED: expression over the row aliased "t" */
  const char      *ref_type; /* REF: name of the referenced record type */
  const CrmChoice *choices;  /* CHOICE: terminated by { NULL, NULL } */
  guint            max_length;
};

/* A database constraint (or a trigger's CONSTRAINT name) and what it
 * means in words (N_()), e.g. { "contracts_dates_check", N_("The end
 * date is before the start date") }. */
typedef struct
{
  const char *constraint;
  const char *message;
} CrmConstraintMessage;

/* The translated meaning of @constraint of @type, or NULL. */
const char *crm_record_type_constraint_message (const CrmRecordType *type,
                                                const char          *constraint);

/* Records of another type that name this one, listed on its page (an
 * account's contacts, deals, contracts…). */
typedef struct
{
  const char *type;        /* the other record type's name: "contact" */
  const char *ref_field;   /* its REF field naming this record: "account_id" */
  const char *title;       /* N_() the group's title */
  const char *empty;       /* N_() shown when there are none */
  const char *subtitle[5]; /* fields shown under each one, NULL-terminated */
  const char *sort;        /* the order, a SORTABLE field of the other type */
  gboolean    descending;
  /* N_() tooltip of a + button adding one named after this record, or
   * NULL for none; @copy: this record's fields copied into the new one
   * under the same names (NULL-terminated). */
  const char *add_label;
  const char *copy[3];
} CrmRelated;

struct _CrmRecordType
{
  const char     *name;   /* "account" */
  const char     *table;  /* "accounts", in schema rapport */
  const char     *label;  /* N_("Account") */
  const char     *plural; /* N_("Accounts") */
  const char     *icon_name;
  const char     *new_label;          /* N_("New Account") */
  const char     *empty_title;        /* N_("No Accounts") */
  const char     *empty_description;  /* N_() what to do about it */
  const char     *search_placeholder; /* N_() what the search box finds */
  const char     *count_singular;     /* NP_("%u account", "%u accounts") */
  const char     *count_plural;
  const char     *title_field;  /* field shown as the record's title */
  const char     *default_sort; /* field the list sorts by at first */
  const CrmField *fields;       /* own fields, after the common CrmRecord ones */
  guint           n_fields;
  GType (*get_type) (void);
  /* What the table's named constraints mean, for when the database
   * refuses a save: terminated by { NULL, NULL }; may be NULL. */
  const CrmConstraintMessage *constraint_messages;
  /* The records listed on this type's page, terminated by { NULL }; may
   * be NULL. */
  const CrmRelated           *related;
};

const CrmRecordType *crm_record_type_lookup (const char *name);
const CrmRecordType *crm_record_type_for_gtype (GType gtype);
const CrmField      *crm_record_type_get_field (const CrmRecordType *type,
                                                const char          *name);
const CrmField      *crm_record_type_common_fields (guint *n_fields);
const char          *crm_field_get_label (const CrmField *field);
/* "36 accounts", translated with the right plural form. */
char                *crm_record_type_format_count (const CrmRecordType *type,
                                                   guint                count);
const char          *crm_choice_get_label (const CrmField *field,
                                           const char     *value);
GType                crm_field_get_value_type (const CrmField *field);
char                *crm_field_property_name (const CrmField *field);

/* @text (valid UTF-8) without the white space around it, Unicode spaces
 * such as U+00A0 included. */
char                *crm_text_strip (const char *text);

/* Check and normalise a value typed by a person for a field. On success
 * returns the stored form (E.164 phone, trimmed text…) or NULL for empty.
 * On failure sets @error with a message that names the field. */
gboolean             crm_field_check_text (const CrmField *field,
                                           const char     *text,
                                           char          **normalized,
                                           GError        **error);

#define CRM_VALIDATION_ERROR (crm_validation_error_quark ())
GQuark crm_validation_error_quark (void);

typedef enum
{
  CRM_VALIDATION_ERROR_REQUIRED,
  CRM_VALIDATION_ERROR_INVALID,
  CRM_VALIDATION_ERROR_TOO_LONG,
} CrmValidationError;

G_END_DECLS
