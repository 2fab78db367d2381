/* crm-duplicates.c — finding duplicate records and merging them
 *
 * Finding builds one statement per record type from its descriptor (the
 * rules are in crm-duplicates.h). Every rule first finds the keys shared by
 * two or more records with an aggregate over a sorted index (GROUP BY …
 * HAVING min(id) <> max(id), or a window over the neighbours in name
 * order), then collects the members of those keys only; the groups of all
 * rules are deduplicated (one set of records, one group: the strongest
 * reason), ordered and cut at CRM_DUPLICATES_MAX_GROUPS in SQL. A second
 * statement in the same snapshot reads the member records.
 *
 * Merging locks both rows (FOR UPDATE, in id order), checks their
 * versions, writes A's chosen values and hands the rest to
 * rapport.merge_record() (data/sql/0003-merge.sql): pointing the rows
 * that refer to B at A, recording B in rapport.merges and deleting it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "crm-duplicates.h"
#include "crm-phone.h"
#include "crm-store-private.h"

struct _CrmDuplicateGroup
{
  GObject              parent_instance;

  CrmDuplicateReason   reason;
  char                *value;
  const CrmRecordType *type;
  GPtrArray           *records; /* CrmRecord, oldest first */
};

static void crm_duplicate_group_list_model_init (GListModelInterface *iface);

/* clang-format off */
G_DEFINE_FINAL_TYPE_WITH_CODE (CrmDuplicateGroup, crm_duplicate_group, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, crm_duplicate_group_list_model_init))

G_DEFINE_ENUM_TYPE (CrmDuplicateReason, crm_duplicate_reason,
                    G_DEFINE_ENUM_VALUE (CRM_DUPLICATE_SAME_INN, "same-inn"),
                    G_DEFINE_ENUM_VALUE (CRM_DUPLICATE_SAME_EMAIL, "same-email"),
                    G_DEFINE_ENUM_VALUE (CRM_DUPLICATE_SAME_PHONE, "same-phone"),
                    G_DEFINE_ENUM_VALUE (CRM_DUPLICATE_SAME_NAME, "same-name"))
/* clang-format on */

enum
{
  PROP_0,
  PROP_REASON,
  PROP_VALUE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The reasons are written into the SQL as these literals. */
G_STATIC_ASSERT (CRM_DUPLICATE_SAME_INN == 0);
G_STATIC_ASSERT (CRM_DUPLICATE_SAME_EMAIL == 1);
G_STATIC_ASSERT (CRM_DUPLICATE_SAME_PHONE == 2);
G_STATIC_ASSERT (CRM_DUPLICATE_SAME_NAME == 3);
#define REASON_INN   "0"
#define REASON_EMAIL "1"
#define REASON_PHONE "2"
#define REASON_NAME  "3"

/* What counts as a duplicate, per record type (see crm-duplicates.h). */
typedef struct
{
  const char *type_name;
  /* Shared values of the EMAIL and PHONE fields count (contacts). */
  gboolean    shared_values;
  /* SAME_NAME also needs this field to match: a REF the same record, a
   * text the same normalised text. */
  const char *name_scope;
  /* …and this field not to differ when both records have it (NULL: no
   * such field). */
  const char *name_compat;
} DuplicateRules;

static const DuplicateRules duplicate_rules[] = {
  { "account", FALSE, "city", "inn" },
  { "contact", TRUE, "account_id", NULL },
};

/* ---- CrmDuplicateGroup ---- */

static GType
crm_duplicate_group_get_item_type (GListModel *model)
{
  return CRM_TYPE_RECORD;
}

static guint
crm_duplicate_group_get_n_items (GListModel *model)
{
  return CRM_DUPLICATE_GROUP (model)->records->len;
}

static gpointer
crm_duplicate_group_get_item (GListModel *model,
                              guint       position)
{
  CrmDuplicateGroup *self = CRM_DUPLICATE_GROUP (model);

  if (position >= self->records->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
crm_duplicate_group_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_duplicate_group_get_item_type;
  iface->get_n_items = crm_duplicate_group_get_n_items;
  iface->get_item = crm_duplicate_group_get_item;
}

static void
crm_duplicate_group_finalize (GObject *object)
{
  CrmDuplicateGroup *self = CRM_DUPLICATE_GROUP (object);

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_duplicate_group_parent_class)->finalize (object);
}

static void
crm_duplicate_group_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CrmDuplicateGroup *self = CRM_DUPLICATE_GROUP (object);

  switch (prop_id)
    {
    case PROP_REASON:
      g_value_set_enum (value, self->reason);
      break;

    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->records->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_duplicate_group_class_init (CrmDuplicateGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_duplicate_group_finalize;
  object_class->get_property = crm_duplicate_group_get_property;

  properties[PROP_REASON] =
      g_param_spec_enum ("reason", NULL, NULL, CRM_TYPE_DUPLICATE_REASON, CRM_DUPLICATE_SAME_INN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VALUE] =
      g_param_spec_string ("value", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_duplicate_group_init (CrmDuplicateGroup *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
}

static gint
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  CrmRecord *ra = *(CrmRecord *const *) a;
  CrmRecord *rb = *(CrmRecord *const *) b;
  GDateTime *ta = crm_record_get_created_at (ra);
  GDateTime *tb = crm_record_get_created_at (rb);
  gint64     ia = crm_record_get_id (ra);
  gint64     ib = crm_record_get_id (rb);

  if (ta != NULL && tb != NULL)
    {
      gint cmp = g_date_time_compare (ta, tb);

      if (cmp != 0)
        return cmp;
    }
  return (ia > ib) - (ia < ib);
}

/* Takes @records. */
static CrmDuplicateGroup *
duplicate_group_new (const CrmRecordType *type,
                     CrmDuplicateReason   reason,
                     const char          *value,
                     GPtrArray           *records)
{
  CrmDuplicateGroup *self = g_object_new (CRM_TYPE_DUPLICATE_GROUP, NULL);

  self->type = type;
  self->reason = reason;
  self->value = g_strdup (value);
  g_ptr_array_unref (self->records);
  self->records = records;
  g_ptr_array_sort (self->records, compare_oldest_first);

  return self;
}

/* ---- Finding: SQL ---- */

static const DuplicateRules *
rules_for (const CrmRecordType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (duplicate_rules); i++)
    if (g_str_equal (duplicate_rules[i].type_name, type->name))
      return &duplicate_rules[i];
  return NULL;
}

/* Append every argument up to NULL. */
static void G_GNUC_NULL_TERMINATED
append_all (GString    *sql,
            const char *first,
            ...)
{
  va_list     args;
  const char *s;

  va_start (args, first);
  for (s = first; s != NULL; s = va_arg (args, const char *))
    g_string_append (sql, s);
  va_end (args);
}

/* alias."column" */
static void
append_column (GString    *sql,
               const char *alias,
               const char *column)
{
  append_all (sql, alias, ".", NULL);
  _crm_sql_append_ident (sql, column);
}

/* The value two records must share: e-mail addresses case-insensitively
 * (the expression of the contacts_dup_email* indexes), the rest as stored. */
static void
append_key (GString        *sql,
            const char     *alias,
            const CrmField *field)
{
  if (field->kind == CRM_FIELD_EMAIL)
    {
      g_string_append (sql, "lower(");
      append_column (sql, alias, field->name);
      g_string_append_c (sql, ')');
    }
  else
    append_column (sql, alias, field->name);
}

static GPtrArray *
stored_fields_of_kind (const CrmRecordType *type,
                       CrmFieldKind         kind)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; i < type->n_fields; i++)
    if (type->fields[i].kind == kind && !(type->fields[i].flags & CRM_FIELD_COMPUTED))
      g_ptr_array_add (fields, (gpointer) &type->fields[i]);
  return fields;
}

static const CrmField *
first_field_of_kind (const CrmRecordType *type,
                     CrmFieldKind         kind)
{
  g_autoptr (GPtrArray) fields = stored_fields_of_kind (type, kind);

  return fields->len > 0 ? g_ptr_array_index (fields, 0) : NULL;
}

/* card_values (v): the e-mail addresses (in lower case) and phones on the
 * cards of the records @type refers to, from one scan of each table.
 * Returns FALSE when there are none. */
static gboolean
append_card_values_cte (GString             *sql,
                        const CrmRecordType *type)
{
  gboolean any = FALSE;

  for (guint i = 0; i < type->n_fields; i++)
    {
      const CrmField      *ref = &type->fields[i];
      const CrmRecordType *ref_type;
      gboolean             first = TRUE;

      if (ref->kind != CRM_FIELD_REF || ref->ref_type == NULL || (ref->flags & CRM_FIELD_COMPUTED))
        continue;
      ref_type = crm_record_type_lookup (ref->ref_type);
      if (ref_type == NULL)
        continue;

      for (guint j = 0; j < ref_type->n_fields; j++)
        {
          const CrmField *f = &ref_type->fields[j];

          if ((f->kind != CRM_FIELD_EMAIL && f->kind != CRM_FIELD_PHONE) || (f->flags & CRM_FIELD_COMPUTED))
            continue;
          if (first)
            {
              g_string_append (sql, any ? " UNION ALL SELECT c.v FROM " : "card_values AS MATERIALIZED (SELECT c.v FROM ");
              _crm_sql_append_table (sql, ref_type);
              g_string_append (sql, " x, LATERAL (VALUES (");
            }
          else
            g_string_append (sql, "), (");
          append_key (sql, "x", f);
          first = FALSE;
          any = TRUE;
        }
      if (!first)
        g_string_append (sql, ")) c (v) WHERE c.v IS NOT NULL");
    }
  if (any)
    g_string_append (sql, ")");

  return any;
}

/* Values of the @kind fields of @type (e-mails, phones) that two records
 * share, in the same field or across fields, except those on the card of
 * a record a REF field points to (an account's switchboard and info@
 * address are shared by its people; card_values when @with_card_values):
 *   <cte>_keys (v, first): the first $2 values by their oldest record;
 *   <cte>_groups (reason, value, ids).
 * Returns FALSE when @type has no such field. */
static gboolean
append_shared_value_ctes (GString             *sql,
                          const CrmRecordType *type,
                          CrmFieldKind         kind,
                          const char          *cte,
                          const char          *reason,
                          gboolean             with_card_values)
{
  g_autoptr (GPtrArray) fields = stored_fields_of_kind (type, kind);

  if (fields->len == 0)
    return FALSE;

  append_all (sql, cte, "_keys AS MATERIALIZED (SELECT u.v, min(u.first) AS first FROM (", NULL);

  /* Shared within one field: an aggregate over an index-only scan. */
  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *f = g_ptr_array_index (fields, i);

      if (i > 0)
        g_string_append (sql, " UNION ALL ");
      g_string_append (sql, "SELECT ");
      append_key (sql, "t", f);
      g_string_append (sql, " AS v, min(t.id) AS first FROM ");
      _crm_sql_append_table (sql, type);
      g_string_append (sql, " t WHERE ");
      append_column (sql, "t", f->name);
      g_string_append (sql, " IS NOT NULL GROUP BY 1 HAVING min(t.id) <> max(t.id)");
    }

  /* Across two fields: a join of the two indexes. */
  for (guint i = 0; i < fields->len; i++)
    for (guint j = i + 1; j < fields->len; j++)
      {
        const CrmField *fi = g_ptr_array_index (fields, i);
        const CrmField *fj = g_ptr_array_index (fields, j);

        g_string_append (sql, " UNION ALL SELECT ");
        append_key (sql, "a", fi);
        g_string_append (sql, ", least(a.id, b.id) FROM ");
        _crm_sql_append_table (sql, type);
        g_string_append (sql, " a JOIN ");
        _crm_sql_append_table (sql, type);
        g_string_append (sql, " b ON ");
        append_key (sql, "b", fj);
        g_string_append (sql, " = ");
        append_key (sql, "a", fi);
        g_string_append (sql, " AND b.id <> a.id WHERE ");
        append_column (sql, "a", fi->name);
        g_string_append (sql, " IS NOT NULL AND ");
        append_column (sql, "b", fj->name);
        g_string_append (sql, " IS NOT NULL");
      }
  g_string_append (sql, ") u WHERE TRUE");

  /* Not the values on the card of a referenced record. */
  if (with_card_values)
    g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM card_values c WHERE c.v = u.v)");
  g_string_append (sql, " GROUP BY u.v ORDER BY 2, 1 LIMIT $2), ");

  /* The members of those values only. */
  append_all (sql, cte, "_groups AS (SELECT ", reason,
              " AS reason, m.v AS value, array_agg(m.id ORDER BY m.id) AS ids FROM (", NULL);
  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *f = g_ptr_array_index (fields, i);

      if (i > 0)
        g_string_append (sql, " UNION ");
      append_all (sql, "SELECT k.v, t.id FROM ", cte, "_keys k JOIN ", NULL);
      _crm_sql_append_table (sql, type);
      g_string_append (sql, " t ON ");
      append_key (sql, "t", f);
      g_string_append (sql, " = k.v WHERE ");
      append_column (sql, "t", f->name);
      g_string_append (sql, " IS NOT NULL");
    }
  g_string_append (sql, ") m GROUP BY m.v)");

  return TRUE;
}

/* Groups from <cte>_rows (id, k1, k2, c): the records with equal k1 and k2
 * whose c does not differ (NULL goes with any value; when the rows of a key
 * have several values of c, there is a group per value), the first $2 by
 * their oldest record. With @need_unset_compat a group must have a record
 * without c (else all have the same c: a stronger reason reports them).
 * The keys are counted first so that only those of a group are joined
 * back to their rows. */
static void
append_compat_groups (GString    *sql,
                      const char *cte,
                      const char *reason,
                      const char *value_sql,
                      gboolean    need_unset_compat)
{
  append_all (sql, cte, "_counts AS MATERIALIZED (SELECT r.k1, r.k2, r.c, count(*) AS n FROM ", cte, "_rows r",
              " GROUP BY 1, 2, 3), ", NULL);
  /* A value of c with others of it or with records without c; records
   * without c among themselves when no record of the key has c. */
  append_all (sql, cte, "_keys AS (SELECT s.k1, s.k2, s.c FROM ", cte, "_counts s LEFT JOIN ", cte, "_counts z",
              " ON z.k1 = s.k1 AND z.k2 IS NOT DISTINCT FROM s.k2 AND z.c IS NULL",
              " WHERE s.c IS NOT NULL AND s.n + coalesce(z.n, 0) > 1", NULL);
  if (need_unset_compat)
    g_string_append (sql, " AND z.n IS NOT NULL");
  append_all (sql, " UNION ALL SELECT s.k1, s.k2, NULL FROM ", cte, "_counts s WHERE s.c IS NULL AND s.n > 1",
              " AND NOT EXISTS (SELECT 1 FROM ", cte, "_counts o",
              " WHERE o.k1 = s.k1 AND o.k2 IS NOT DISTINCT FROM s.k2 AND o.c IS NOT NULL)), ", NULL);
  append_all (sql, cte, "_groups AS (SELECT ", reason, " AS reason, ", value_sql, " AS value,",
              " array_agg(r.id ORDER BY r.id) AS ids FROM ", cte, "_keys g JOIN ", cte, "_rows r",
              " ON r.k1 = g.k1 AND r.k2 IS NOT DISTINCT FROM g.k2",
              " AND (r.c IS NULL OR g.c IS NULL OR r.c = g.c)",
              " GROUP BY g.k1, g.k2, g.c ORDER BY min(r.id) LIMIT $2)", NULL);
}

/* Same INN, and the same KPP where both have one. */
static gboolean
append_inn_ctes (GString             *sql,
                 const CrmRecordType *type)
{
  const CrmField *inn = first_field_of_kind (type, CRM_FIELD_INN);
  const CrmField *kpp = first_field_of_kind (type, CRM_FIELD_KPP);

  if (inn == NULL)
    return FALSE;

  g_string_append (sql, "inn_rows AS MATERIALIZED (SELECT t.id, ");
  append_column (sql, "t", inn->name);
  g_string_append (sql, " AS k1, ''::text AS k2, ");
  if (kpp != NULL)
    append_column (sql, "t", kpp->name);
  else
    g_string_append (sql, "NULL::text");
  g_string_append (sql, " AS c FROM ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t WHERE ");
  append_column (sql, "t", inn->name);
  g_string_append (sql, " IN (SELECT ");
  append_column (sql, "x", inn->name);
  g_string_append (sql, " FROM ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " x WHERE ");
  append_column (sql, "x", inn->name);
  g_string_append (sql, " IS NOT NULL GROUP BY 1 HAVING count(*) > 1)), ");

  append_compat_groups (sql, "inn", REASON_INN, "g.k1 || coalesce(' / ' || g.c, '')", FALSE);
  return TRUE;
}

/* The scope of a name: the same referenced record, or the same normalised
 * text (the expressions of the *_dup_name indexes). */
static void
append_name_scope (GString        *sql,
                   const char     *alias,
                   const CrmField *scope)
{
  if (scope->kind == CRM_FIELD_REF)
    {
      append_column (sql, alias, scope->name);
      return;
    }
  g_string_append (sql, "rapport.search_norm(");
  append_column (sql, alias, scope->name);
  g_string_append (sql, ")");
}

/* The same normalised name (search_name, kept by the triggers of 0001),
 * the same @rules->name_scope, and no different @rules->name_compat. The
 * rows whose (name, scope) two or more records share come from one window
 * over the *_dup_name index (it has the compat field too). */
static gboolean
append_name_ctes (GString              *sql,
                  const CrmRecordType  *type,
                  const DuplicateRules *rules)
{
  const CrmField *scope = crm_record_type_get_field (type, rules->name_scope);
  const CrmField *compat = rules->name_compat ? crm_record_type_get_field (type, rules->name_compat) : NULL;

  g_assert (scope != NULL);

  g_string_append (sql, "name_rows AS MATERIALIZED (SELECT w.id, w.k1, w.k2, w.c FROM (SELECT t.id,"
                        " t.search_name AS k1, ");
  append_name_scope (sql, "t", scope);
  g_string_append (sql, " AS k2, ");
  if (compat != NULL)
    append_column (sql, "t", compat->name);
  else
    g_string_append (sql, "NULL::text");
  g_string_append (sql, " AS c, count(*) OVER (PARTITION BY t.search_name, ");
  append_name_scope (sql, "t", scope);
  g_string_append (sql, ") AS n FROM ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t) w WHERE w.n > 1), ");

  append_compat_groups (sql, "name", REASON_NAME, "g.k1", compat != NULL);
  return TRUE;
}

/* After the CTEs of a rule: note its groups, and a comma before the next
 * rule (@mark: where that comma starts, to cut the last one). */
static void
end_rule (GString    *sql,
          GPtrArray  *ctes,
          const char *groups_cte,
          gsize      *mark)
{
  g_ptr_array_add (ctes, (gpointer) groups_cte);
  *mark = sql->len;
  g_string_append (sql, ", ");
}

/* (reason, value, ids as text) of at most $1 groups; each rule contributes
 * its first $2 (more than $1: the strongest reason keeps a set of records
 * that several rules find). */
static char *
build_find_sql (const CrmRecordType *type)
{
  const DuplicateRules *rules = rules_for (type);
  g_autoptr (GString) sql = g_string_new ("WITH ");
  g_autoptr (GPtrArray) ctes = g_ptr_array_new ();
  gboolean with_card_values = FALSE;
  gsize    mark;

  g_assert (rules != NULL);

  if (rules->shared_values && append_card_values_cte (sql, type))
    {
      with_card_values = TRUE;
      g_string_append (sql, ", ");
    }

  mark = sql->len;
  if (append_inn_ctes (sql, type))
    end_rule (sql, ctes, "inn_groups", &mark);
  if (rules->shared_values &&
      append_shared_value_ctes (sql, type, CRM_FIELD_EMAIL, "email", REASON_EMAIL, with_card_values))
    end_rule (sql, ctes, "email_groups", &mark);
  if (rules->shared_values &&
      append_shared_value_ctes (sql, type, CRM_FIELD_PHONE, "phone", REASON_PHONE, with_card_values))
    end_rule (sql, ctes, "phone_groups", &mark);
  if (append_name_ctes (sql, type, rules))
    end_rule (sql, ctes, "name_groups", &mark);
  g_assert (ctes->len > 0);
  g_string_truncate (sql, mark); /* the last comma */

  g_string_append (sql, " SELECT d.reason, d.value, d.ids::text FROM (SELECT DISTINCT ON (g.ids)"
                        " g.reason, g.value, g.ids FROM (");
  for (guint i = 0; i < ctes->len; i++)
    append_all (sql, i > 0 ? " UNION ALL " : "", "SELECT * FROM ", g_ptr_array_index (ctes, i), NULL);
  g_string_append (sql, ") g ORDER BY g.ids, g.reason) d ORDER BY d.reason, d.ids[1], d.value LIMIT $1");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* ---- Finding: the worker ---- */

/* "{1,2,3}" → gint64s appended to @ids. */
static gboolean
parse_id_array (const char *text,
                GArray     *ids)
{
  const char *p = text;

  if (*p++ != '{')
    return FALSE;
  while (*p != '}' && *p != '\0')
    {
      char  *end;
      gint64 id = g_ascii_strtoll (p, &end, 10);

      if (end == p)
        return FALSE;
      g_array_append_val (ids, id);
      p = end;
      if (*p == ',')
        p++;
    }
  return *p == '}';
}

typedef struct
{
  CrmDuplicateReason reason;
  char              *value;
  GArray            *ids;
} RawGroup;

static void
raw_group_clear (gpointer data)
{
  RawGroup *raw = data;

  g_clear_pointer (&raw->value, g_free);
  g_clear_pointer (&raw->ids, g_array_unref);
}

static GArray *
read_raw_groups (PGconn              *conn,
                 const CrmRecordType *type,
                 GError             **error)
{
  g_autofree char *sql = build_find_sql (type);
  g_autofree char *limit = g_strdup_printf ("%u", CRM_DUPLICATES_MAX_GROUPS);
  g_autofree char *rule_limit = g_strdup_printf ("%u", 2 * CRM_DUPLICATES_MAX_GROUPS);
  const char      *params[2] = { limit, rule_limit };
  GArray          *groups;
  PGresult        *res;

  res = _crm_store_exec_full (conn, sql, 2, params, FALSE, CRM_SQL_READ, type, error);
  if (res == NULL)
    return NULL;

  groups = g_array_sized_new (FALSE, TRUE, sizeof (RawGroup), (guint) PQntuples (res));
  g_array_set_clear_func (groups, raw_group_clear);
  for (int row = 0; row < PQntuples (res); row++)
    {
      RawGroup raw;
      gint64   reason = g_ascii_strtoll (PQgetvalue (res, row, 0), NULL, 10);

      raw.reason = (CrmDuplicateReason) CLAMP (reason, CRM_DUPLICATE_SAME_INN, CRM_DUPLICATE_SAME_NAME);
      raw.value = g_strdup (PQgetvalue (res, row, 1));
      raw.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!parse_id_array (PQgetvalue (res, row, 2), raw.ids))
        g_warning ("Cannot read the ids of a group of duplicates: %s", PQgetvalue (res, row, 2));
      g_array_append_val (groups, raw);
    }
  PQclear (res);

  return groups;
}

static gpointer
find_func (CrmStore     *store,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  const CrmRecordType *type = data;
  g_autoptr (GArray) raw_groups = NULL;
  g_autoptr (GArray) all_ids = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GPtrArray) groups = NULL;

  /* One snapshot for the groups and their records. The sorts and hashes
   * of the grouping fit in memory; parallel workers only cost time here
   * (every part is one index scan in key order). */
  if (!_crm_store_exec_command (conn,
                                "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
                                " SET LOCAL work_mem = '64MB';"
                                " SET LOCAL max_parallel_workers_per_gather = 0",
                                error))
    return NULL;

  raw_groups = read_raw_groups (conn, type, error);
  if (raw_groups == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  all_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < raw_groups->len; i++)
    {
      RawGroup *raw = &g_array_index (raw_groups, RawGroup, i);

      g_array_append_vals (all_ids, raw->ids->data, raw->ids->len);
    }

  records = _crm_store_fetch_rows (conn, type, (const gint64 *) (gpointer) all_ids->data, all_ids->len, error);
  if (records == NULL)
    return NULL;
  if (!_crm_store_exec_command (conn, "COMMIT", error))
    return NULL;

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      CrmRecord *record = g_ptr_array_index (records, i);

      g_hash_table_insert (by_id, g_memdup2 (&(gint64){ crm_record_get_id (record) }, sizeof (gint64)), record);
    }

  groups = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < raw_groups->len; i++)
    {
      RawGroup *raw = &g_array_index (raw_groups, RawGroup, i);
      g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = 0; j < raw->ids->len; j++)
        {
          CrmRecord *record = g_hash_table_lookup (by_id, &g_array_index (raw->ids, gint64, j));

          if (record != NULL)
            g_ptr_array_add (members, g_object_ref (record));
        }
      if (members->len < 2)
        continue;
      g_ptr_array_add (groups, duplicate_group_new (type, raw->reason, raw->value, g_steal_pointer (&members)));
    }

  g_debug ("Found %u groups of duplicate %s records", groups->len, type->name);

  return g_steal_pointer (&groups);
}

/* ---- Finding the records one record looks like ---- */

/* "(reason, value, id)" rows of the stored records of @candidate's type
 * that look like it by the rules of crm-duplicates.h, @candidate itself
 * left out; its values are the parameters. */
typedef struct
{
  GString   *sql;
  GPtrArray *params; /* char *, owned */
  gboolean   any;
} SimilarSql;

static guint
similar_param (SimilarSql *q,
               char       *value)
{
  g_ptr_array_add (q->params, value);
  return q->params->len;
}

static void
similar_begin (SimilarSql          *q,
               const char          *reason,
               const char          *value_sql,
               const CrmRecordType *type)
{
  append_all (q->sql, q->any ? " UNION ALL " : "", "SELECT ", reason, " AS reason, ", value_sql, " AS value, t.id FROM ",
              NULL);
  _crm_sql_append_table (q->sql, type);
  g_string_append (q->sql, " t WHERE t.id <> $1");
  q->any = TRUE;
}

/* AND the value $@n is on none of the cards @candidate refers to (an
 * account's switchboard and info@ address are its people's too). */
static void
similar_not_on_cards (SimilarSql *q,
                      CrmRecord  *candidate,
                      guint       n)
{
  const CrmRecordType *type = crm_record_get_record_type (candidate);

  for (guint i = 0; i < type->n_fields; i++)
    {
      const CrmField      *ref = &type->fields[i];
      const CrmRecordType *ref_type;
      guint                ref_param;

      if (ref->kind != CRM_FIELD_REF || ref->ref_type == NULL || (ref->flags & CRM_FIELD_COMPUTED) ||
          crm_record_get_int (candidate, ref->name) == 0)
        continue;
      ref_type = crm_record_type_lookup (ref->ref_type);
      if (ref_type == NULL)
        continue;
      ref_param = similar_param (q, crm_record_dup_text (candidate, ref->name));
      g_string_append (q->sql, " AND NOT EXISTS (SELECT 1 FROM ");
      _crm_sql_append_table (q->sql, ref_type);
      g_string_append_printf (q->sql, " x WHERE x.id = $%u::bigint AND $%u IN (NULL", ref_param, n);
      for (guint j = 0; j < ref_type->n_fields; j++)
        {
          const CrmField *f = &ref_type->fields[j];

          if ((f->kind != CRM_FIELD_EMAIL && f->kind != CRM_FIELD_PHONE) || (f->flags & CRM_FIELD_COMPUTED))
            continue;
          g_string_append (q->sql, ", ");
          append_key (q->sql, "x", f);
        }
      g_string_append (q->sql, "))");
    }
}

/* The candidate's e-mails (in lower case) or phones shared with a stored
 * record in any field of that kind. */
static void
append_similar_values (SimilarSql  *q,
                       CrmRecord   *candidate,
                       CrmFieldKind kind,
                       const char  *reason)
{
  const CrmRecordType *type = crm_record_get_record_type (candidate);
  g_autoptr (GPtrArray) fields = stored_fields_of_kind (type, kind);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField  *own = g_ptr_array_index (fields, i);
      g_autofree char *value = crm_record_dup_text (candidate, own->name);
      g_autofree char *value_sql = NULL;
      guint            n;

      if (value == NULL || value[0] == '\0')
        continue;
      if (kind == CRM_FIELD_EMAIL)
        {
          char *lower = g_utf8_strdown (value, -1);

          g_free (value);
          value = lower;
        }
      if (!g_hash_table_add (seen, g_strdup (value)))
        continue;
      n = similar_param (q, g_steal_pointer (&value));
      value_sql = g_strdup_printf ("$%u::text", n);
      similar_begin (q, reason, value_sql, type);
      g_string_append_printf (q->sql, " AND $%u IN (NULL", n);
      for (guint j = 0; j < fields->len; j++)
        {
          g_string_append (q->sql, ", ");
          append_key (q->sql, "t", g_ptr_array_index (fields, j));
        }
      g_string_append (q->sql, ")");
      similar_not_on_cards (q, candidate, n);
    }
}

static char *
build_similar_sql (CrmRecord *candidate,
                   GPtrArray *params)
{
  const CrmRecordType  *type = crm_record_get_record_type (candidate);
  const DuplicateRules *rules = rules_for (type);
  const CrmField       *inn = first_field_of_kind (type, CRM_FIELD_INN);
  const CrmField       *kpp = first_field_of_kind (type, CRM_FIELD_KPP);
  const CrmField       *scope = crm_record_type_get_field (type, rules->name_scope);
  const CrmField       *compat = rules->name_compat ? crm_record_type_get_field (type, rules->name_compat) : NULL;
  g_autofree char      *title = crm_record_dup_title (candidate);
  SimilarSql            q = { g_string_new ("SELECT s.reason, s.value, s.id FROM ("), params, FALSE };

  /* $1: the candidate's id (0 when it is not stored). */
  similar_param (&q, g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (candidate)));

  if (inn != NULL && crm_record_get_string (candidate, inn->name) != NULL)
    {
      guint            n = similar_param (&q, crm_record_dup_text (candidate, inn->name));
      g_autofree char *value_sql = g_strdup_printf ("$%u::text", n);

      similar_begin (&q, REASON_INN, value_sql, type);
      g_string_append (q.sql, " AND ");
      append_column (q.sql, "t", inn->name);
      g_string_append_printf (q.sql, " = $%u", n);
      /* Branches with KPPs of their own are not the same. */
      if (kpp != NULL && crm_record_get_string (candidate, kpp->name) != NULL)
        {
          g_string_append (q.sql, " AND (");
          append_column (q.sql, "t", kpp->name);
          g_string_append (q.sql, " IS NULL OR ");
          append_column (q.sql, "t", kpp->name);
          g_string_append_printf (q.sql, " = $%u)", similar_param (&q, crm_record_dup_text (candidate, kpp->name)));
        }
    }
  if (rules->shared_values)
    {
      append_similar_values (&q, candidate, CRM_FIELD_EMAIL, REASON_EMAIL);
      append_similar_values (&q, candidate, CRM_FIELD_PHONE, REASON_PHONE);
    }
  if (title != NULL && title[0] != '\0')
    {
      guint n = similar_param (&q, g_strdup (title));

      similar_begin (&q, REASON_NAME, "t.search_name", type);
      g_string_append_printf (q.sql, " AND t.search_name = rapport.search_norm($%u)", n);
      if (scope->kind == CRM_FIELD_REF)
        {
          /* The same account, or both without one. */
          g_string_append (q.sql, " AND ");
          append_column (q.sql, "t", scope->name);
          g_string_append_printf (q.sql, " IS NOT DISTINCT FROM $%u::bigint",
                                  similar_param (&q, crm_record_dup_text (candidate, scope->name)));
        }
      else if (crm_record_get_string (candidate, scope->name) != NULL)
        {
          /* The same city where both say one. */
          guint c = similar_param (&q, crm_record_dup_text (candidate, scope->name));

          g_string_append (q.sql, " AND (");
          append_column (q.sql, "t", scope->name);
          g_string_append (q.sql, " IS NULL OR ");
          append_name_scope (q.sql, "t", scope);
          g_string_append_printf (q.sql, " = rapport.search_norm($%u))", c);
        }
      if (compat != NULL && crm_record_get_string (candidate, compat->name) != NULL)
        {
          g_string_append (q.sql, " AND (");
          append_column (q.sql, "t", compat->name);
          g_string_append (q.sql, " IS NULL OR ");
          append_column (q.sql, "t", compat->name);
          g_string_append_printf (q.sql, " = $%u)", similar_param (&q, crm_record_dup_text (candidate, compat->name)));
        }
    }
  if (!q.any)
    {
      g_string_free (q.sql, TRUE);
      return NULL;
    }
  g_string_append (q.sql, ") s ORDER BY s.reason, s.value, s.id LIMIT 200");
  return g_string_free (q.sql, FALSE);
}

static gpointer
find_similar_func (CrmStore     *store,
                   gpointer      conn,
                   gpointer      data,
                   GCancellable *cancellable,
                   GError      **error)
{
  CrmRecord           *candidate = data;
  const CrmRecordType *type = crm_record_get_record_type (candidate);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = build_similar_sql (candidate, params);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  PGresult *res;

  if (sql == NULL)
    return g_steal_pointer (&groups);

  res = _crm_store_exec_full (conn, sql, params->len, (const char *const *) params->pdata, FALSE, CRM_SQL_READ,
                              type, error);
  if (res == NULL)
    return NULL;
  for (int row = 0; row < PQntuples (res); row++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, row, 2), NULL, 10);

      g_array_append_val (ids, id);
    }

  records = _crm_store_fetch_rows (conn, type, (const gint64 *) (gpointer) ids->data, ids->len, error);
  if (records == NULL)
    {
      PQclear (res);
      return NULL;
    }
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      CrmRecord *record = g_ptr_array_index (records, i);

      g_hash_table_insert (by_id, g_memdup2 (&(gint64){ crm_record_get_id (record) }, sizeof (gint64)), record);
    }

  /* One group per reason and value, in the order of the rows; a record
   * only under its strongest reason. */
  for (int row = 0; row < PQntuples (res); row++)
    {
      gint64             id = g_array_index (ids, gint64, row);
      CrmDuplicateReason reason = (CrmDuplicateReason) CLAMP (g_ascii_strtoll (PQgetvalue (res, row, 0), NULL, 10),
                                                              CRM_DUPLICATE_SAME_INN, CRM_DUPLICATE_SAME_NAME);
      const char        *value = PQgetvalue (res, row, 1);
      CrmRecord         *record = g_hash_table_lookup (by_id, &id);
      CrmDuplicateGroup *last = groups->len > 0 ? g_ptr_array_index (groups, groups->len - 1) : NULL;

      if (record == NULL || !g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        continue;
      if (last == NULL || last->reason != reason || g_strcmp0 (last->value, value) != 0)
        g_ptr_array_add (groups, duplicate_group_new (type, reason, value, g_ptr_array_new_with_free_func (g_object_unref)));
      last = g_ptr_array_index (groups, groups->len - 1);
      g_ptr_array_add (last->records, g_object_ref (record));
    }
  PQclear (res);

  /* Oldest first within each group, as for the groups of a whole table. */
  for (guint i = 0; i < groups->len; i++)
    {
      CrmDuplicateGroup *group = g_ptr_array_index (groups, i);

      g_ptr_array_sort (group->records, compare_oldest_first);
    }
  return g_steal_pointer (&groups);
}

/* ---- Merging ---- */

typedef struct
{
  CrmRecord *a; /* as the caller has it: id and version */
  CrmRecord *b;
  CrmRecord *merged; /* A with the chosen values, validated */
} MergeData;

static void
merge_data_free (gpointer data)
{
  MergeData *md = data;

  g_clear_object (&md->a);
  g_clear_object (&md->b);
  g_clear_object (&md->merged);
  g_free (md);
}

static gboolean
value_is_empty (CrmRecord      *record,
                const CrmField *field)
{
  g_autofree char *text = crm_record_dup_text (record, field->name);

  if (text == NULL || text[0] == '\0')
    return TRUE;
  /* No custom fields. */
  return g_str_equal (field->name, "custom") && g_str_equal (text, "{}");
}

static const char *
default_choice (CrmRecord      *a,
                CrmRecord      *b,
                const CrmField *field)
{
  if (value_is_empty (a, field) && !value_is_empty (b, field))
    return CRM_MERGE_TAKE_B;
  return CRM_MERGE_KEEP_A;
}

/* The stored row of A after the merge. */
static CrmRecord *
build_merged (CrmRecord  *a,
              CrmRecord  *b,
              GHashTable *choices)
{
  const CrmRecordType *type = crm_record_get_record_type (a);
  g_autoptr (GPtrArray) fields = crm_merge_dup_fields (type);
  CrmRecord *merged = crm_record_copy (a);

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *f = g_ptr_array_index (fields, i);
      const char     *choice = choices ? g_hash_table_lookup (choices, f->name) : NULL;

      if (choice == NULL)
        choice = default_choice (a, b, f);
      if (g_str_equal (choice, CRM_MERGE_TAKE_B))
        crm_record_set_value (merged, f->name, crm_record_peek_value (b, f->name));
    }

  return merged;
}

/* Check @choices, then build and validate A's new values. */
static CrmRecord *
prepare_merge (CrmRecord  *a,
               CrmRecord  *b,
               GHashTable *choices,
               GError    **error)
{
  const CrmRecordType *type = crm_record_get_record_type (a);
  g_autoptr (CrmRecord) merged = NULL;
  g_autoptr (GError) local_error = NULL;

  if (crm_record_get_id (a) == crm_record_get_id (b))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _ ("A record cannot be merged with itself"));
      return NULL;
    }

  if (choices != NULL)
    {
      g_autoptr (GPtrArray) fields = crm_merge_dup_fields (type);
      GHashTableIter iter;
      gpointer       key, value;

      g_hash_table_iter_init (&iter, choices);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gboolean known = FALSE;

          for (guint i = 0; i < fields->len && !known; i++)
            known = g_str_equal (((const CrmField *) g_ptr_array_index (fields, i))->name, key);
          if (!known)
            {
              g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _ ("“%s” is not a field that a merge can choose"), (const char *) key);
              return NULL;
            }
          if (value == NULL || (!g_str_equal (value, CRM_MERGE_KEEP_A) && !g_str_equal (value, CRM_MERGE_TAKE_B)))
            {
              g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _ ("The merge choice for “%s” must be “a” or “b”"), (const char *) key);
              return NULL;
            }
        }
    }

  merged = build_merged (a, b, choices);

  /* A reference between the two would point at the kept record itself. */
  for (guint i = 0; i < type->n_fields; i++)
    {
      const CrmField *f = &type->fields[i];
      gint64          target;

      if (f->kind != CRM_FIELD_REF || (f->flags & CRM_FIELD_COMPUTED) || g_strcmp0 (f->ref_type, type->name) != 0)
        continue;
      target = crm_record_get_int (merged, f->name);
      if (target == crm_record_get_id (a) || target == crm_record_get_id (b))
        crm_record_set_int (merged, f->name, 0);
    }

  if (!crm_record_validate (merged, NULL, &local_error))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&merged);
}

/* Lock both rows and check that they still have the caller's versions. */
static gboolean
lock_and_check (PGconn    *conn,
                MergeData *md,
                GError   **error)
{
  const CrmRecordType *type = crm_record_get_record_type (md->a);
  g_autoptr (GString) sql = g_string_new ("SELECT t.id, t.version FROM ");
  gint64           ids[2] = { crm_record_get_id (md->a), crm_record_get_id (md->b) };
  g_autofree char *id_list = _crm_store_ids_literal (ids, 2);
  const char      *params[1] = { id_list };
  CrmRecord       *records[2] = { md->a, md->b };
  PGresult        *res;

  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t WHERE t.id = ANY($1::bigint[]) ORDER BY t.id FOR UPDATE");

  res = _crm_store_exec_full (conn, sql->str, 1, params, FALSE, CRM_SQL_WRITE, type, error);
  if (res == NULL)
    return FALSE;

  /* A record that is gone first: merging it again cannot help. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (records); i++)
      {
        g_autofree char *title = NULL;
        int              row;

        for (row = 0; row < PQntuples (res); row++)
          if (g_ascii_strtoll (PQgetvalue (res, row, 0), NULL, 10) == ids[i])
            break;

        if (pass == 0 && row == PQntuples (res))
          {
            title = crm_record_dup_title (records[i]);
            g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                         _ ("Someone else deleted “%s”; nothing was merged"), title);
            PQclear (res);
            return FALSE;
          }
        if (pass == 1 && g_ascii_strtoll (PQgetvalue (res, row, 1), NULL, 10) != crm_record_get_version (records[i]))
          {
            title = crm_record_dup_title (records[i]);
            g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT,
                         _ ("Someone else changed “%s” since you opened it; nothing was merged"), title);
            PQclear (res);
            return FALSE;
          }
      }
  PQclear (res);

  return TRUE;
}

/* UPDATE A SET <merge fields> = <merged values> WHERE id = $1 (locked). */
static gboolean
write_kept (PGconn    *conn,
            MergeData *md,
            GError   **error)
{
  const CrmRecordType *type = crm_record_get_record_type (md->a);
  g_autoptr (GPtrArray) fields = crm_merge_dup_fields (type);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) sql = g_string_new ("UPDATE ");
  PGresult *res;

  g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (md->a)));

  _crm_sql_append_table (sql, type);
  g_string_append (sql, " SET ");
  GHashTable *withheld = _crm_store_withheld (conn);
  gboolean    first = TRUE;

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *f = g_ptr_array_index (fields, i);

      /* Not read, so not merged: the kept record keeps its own value. */
      if (_crm_store_is_withheld (withheld, type, f->name))
        continue;
      if (!first)
        g_string_append (sql, ", ");
      first = FALSE;
      _crm_sql_append_ident (sql, f->name);
      g_ptr_array_add (params, crm_record_dup_text (md->merged, f->name));
      if (g_str_equal (f->name, "custom"))
        g_string_append_printf (sql, " = coalesce($%u::jsonb, '{}'::jsonb)", params->len);
      else
        g_string_append_printf (sql, " = $%u", params->len);
    }
  g_string_append (sql, " WHERE id = $1");

  res = _crm_store_exec_full (conn, sql->str, params->len, (const char *const *) params->pdata,
                              FALSE, CRM_SQL_WRITE, type, error);
  if (res == NULL)
    return FALSE;
  PQclear (res);

  return TRUE;
}

static gpointer
merge_func (CrmStore     *store,
            gpointer      conn,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  MergeData           *md = data;
  const CrmRecordType *type = crm_record_get_record_type (md->a);
  g_autofree char     *a_id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (md->a));
  g_autofree char     *b_id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (md->b));
  const char          *params[3] = { type->table, a_id, b_id };
  g_autoptr (GPtrArray) stored = NULL;
  gint64    kept = crm_record_get_id (md->a);
  PGresult *res;

  if (!_crm_store_exec_command (conn, "BEGIN", error))
    return NULL;
  if (!lock_and_check (conn, md, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* A first, so that the rows moved to it see its new values (contacts
   * keep the account's name in their search text). */
  if (!write_kept (conn, md, error))
    return NULL;

  res = _crm_store_exec_full (conn, "SELECT rapport.merge_record($1, $2::bigint, $3::bigint)",
                              3, params, FALSE, CRM_SQL_WRITE, type, error);
  if (res == NULL)
    return NULL;
  PQclear (res);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!_crm_store_exec_command (conn, "COMMIT", error))
    return NULL;

  g_debug ("Merged %s %s into %s", type->name, b_id, a_id);

  stored = _crm_store_fetch_rows (conn, type, &kept, 1, error);
  if (stored == NULL)
    return NULL;
  if (stored->len == 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                           _ ("The records were merged but the result can no longer be read back"));
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (stored, 0));
}

/* ---- Async plumbing ---- */

static void
on_find_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError    *error = NULL;
  GPtrArray *groups = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, groups, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_merge_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError    *error = NULL;
  CrmRecord *record = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, g_object_unref);
}

/* ---- Public API ---- */

CrmDuplicateReason
crm_duplicate_group_get_reason (CrmDuplicateGroup *self)
{
  g_return_val_if_fail (CRM_IS_DUPLICATE_GROUP (self), CRM_DUPLICATE_SAME_NAME);

  return self->reason;
}

const char *
crm_duplicate_group_get_value (CrmDuplicateGroup *self)
{
  g_return_val_if_fail (CRM_IS_DUPLICATE_GROUP (self), NULL);

  return self->value;
}

const CrmRecordType *
crm_duplicate_group_get_record_type (CrmDuplicateGroup *self)
{
  g_return_val_if_fail (CRM_IS_DUPLICATE_GROUP (self), NULL);

  return self->type;
}

guint
crm_duplicate_group_get_n_records (CrmDuplicateGroup *self)
{
  g_return_val_if_fail (CRM_IS_DUPLICATE_GROUP (self), 0);

  return self->records->len;
}

CrmRecord *
crm_duplicate_group_get_record (CrmDuplicateGroup *self,
                                guint              index)
{
  g_return_val_if_fail (CRM_IS_DUPLICATE_GROUP (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return g_ptr_array_index (self->records, index);
}

char *
crm_duplicate_group_dup_label (CrmDuplicateGroup *self)
{
  g_autofree char      *title = NULL;
  g_autofree char      *phone = NULL;
  const DuplicateRules *rules;
  const CrmField       *scope;
  CrmRecord            *oldest;
  const char           *city;

  g_return_val_if_fail (CRM_IS_DUPLICATE_GROUP (self), NULL);

  switch (self->reason)
    {
    case CRM_DUPLICATE_SAME_INN:
      if (strchr (self->value, '/') != NULL)
        return g_strdup_printf (_ ("Same INN and KPP %s"), self->value);
      return g_strdup_printf (_ ("Same INN %s"), self->value);

    case CRM_DUPLICATE_SAME_EMAIL:
      return g_strdup_printf (_ ("Same e-mail %s"), self->value);

    case CRM_DUPLICATE_SAME_PHONE:
      phone = crm_phone_format (self->value);
      return g_strdup_printf (_ ("Same phone %s"), phone);

    case CRM_DUPLICATE_SAME_NAME:
    default:
      break;
    }

  oldest = g_ptr_array_index (self->records, 0);
  title = crm_record_dup_title (oldest);
  rules = rules_for (self->type);
  scope = rules ? crm_record_type_get_field (self->type, rules->name_scope) : NULL;
  if (scope != NULL && scope->kind == CRM_FIELD_REF)
    {
      if (crm_record_get_int (oldest, scope->name) != 0)
        return g_strdup_printf (_ ("Same name “%s” at the same account"), title);
      return g_strdup_printf (_ ("Same name “%s”, no account"), title);
    }

  city = scope != NULL ? crm_record_get_string (oldest, scope->name) : NULL;
  if (city != NULL && city[0] != '\0')
    return g_strdup_printf (_ ("Same name “%s” in %s"), title, city);
  return g_strdup_printf (_ ("Same name “%s”"), title);
}

gboolean
crm_duplicates_supported (const CrmRecordType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  return rules_for (type) != NULL;
}

GPtrArray *
crm_duplicates_find_sync (CrmStore            *store,
                          const CrmRecordType *type,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL && crm_duplicates_supported (type), NULL);

  return crm_store_run_sync (store, find_func, (gpointer) type, cancellable, error);
}

void
crm_duplicates_find_async (CrmStore            *store,
                           const CrmRecordType *type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL && crm_duplicates_supported (type));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_duplicates_find_async);
  crm_store_run_async (store, find_func, (gpointer) type, NULL, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, on_find_done_cb, g_steal_pointer (&task));
}

GPtrArray *
crm_duplicates_find_finish (CrmStore     *store,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_duplicates_find_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
crm_duplicates_find_similar_sync (CrmStore     *store,
                                  CrmRecord    *candidate,
                                  GCancellable *cancellable,
                                  GError      **error)
{
  g_autoptr (CrmRecord) copy = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (candidate), NULL);
  g_return_val_if_fail (crm_duplicates_supported (crm_record_get_record_type (candidate)), NULL);

  copy = crm_record_copy (candidate);
  return crm_store_run_sync (store, find_similar_func, copy, cancellable, error);
}

void
crm_duplicates_find_similar_async (CrmStore           *store,
                                   CrmRecord          *candidate,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (CRM_IS_RECORD (candidate));
  g_return_if_fail (crm_duplicates_supported (crm_record_get_record_type (candidate)));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_duplicates_find_similar_async);
  _crm_store_read_async (store, find_similar_func, crm_record_copy (candidate), g_object_unref,
                         (GDestroyNotify) g_ptr_array_unref, cancellable, on_find_done_cb, g_steal_pointer (&task));
}

GPtrArray *
crm_duplicates_find_similar_finish (CrmStore     *store,
                                    GAsyncResult *result,
                                    GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_duplicates_find_similar_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
crm_merge_dup_fields (const CrmRecordType *type)
{
  GPtrArray *fields;

  g_return_val_if_fail (type != NULL, NULL);

  fields = g_ptr_array_new ();
  for (guint i = 0; i < type->n_fields; i++)
    if (!(type->fields[i].flags & CRM_FIELD_COMPUTED))
      g_ptr_array_add (fields, (gpointer) &type->fields[i]);
  g_ptr_array_add (fields, (gpointer) crm_record_type_get_field (NULL, "owner_id"));
  g_ptr_array_add (fields, (gpointer) crm_record_type_get_field (NULL, "custom"));

  return fields;
}

GHashTable *
crm_merge_default_choices (CrmRecord *a,
                           CrmRecord *b)
{
  g_autoptr (GPtrArray) fields = NULL;
  GHashTable *choices;

  g_return_val_if_fail (CRM_IS_RECORD (a), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (b), NULL);
  g_return_val_if_fail (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b), NULL);

  fields = crm_merge_dup_fields (crm_record_get_record_type (a));
  choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *f = g_ptr_array_index (fields, i);

      g_hash_table_insert (choices, g_strdup (f->name), g_strdup (default_choice (a, b, f)));
    }

  return choices;
}

CrmRecord *
crm_merge_preview (CrmRecord  *a,
                   CrmRecord  *b,
                   GHashTable *choices)
{
  g_return_val_if_fail (CRM_IS_RECORD (a), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (b), NULL);
  g_return_val_if_fail (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b), NULL);

  return build_merged (a, b, choices);
}

static MergeData *
merge_data_new (CrmRecord  *a,
                CrmRecord  *b,
                GHashTable *choices,
                GError    **error)
{
  g_autoptr (CrmRecord) merged = prepare_merge (a, b, choices, error);
  MergeData *md;

  if (merged == NULL)
    return NULL;

  md = g_new0 (MergeData, 1);
  md->a = crm_record_copy (a);
  md->b = crm_record_copy (b);
  md->merged = g_steal_pointer (&merged);
  return md;
}

CrmRecord *
crm_merge_records_sync (CrmStore     *store,
                        CrmRecord    *a,
                        CrmRecord    *b,
                        GHashTable   *choices,
                        GCancellable *cancellable,
                        GError      **error)
{
  MergeData *md;
  CrmRecord *kept;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (a) && crm_record_get_id (a) > 0 && crm_record_get_loaded (a), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (b) && crm_record_get_id (b) > 0 && crm_record_get_loaded (b), NULL);
  g_return_val_if_fail (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b), NULL);

  md = merge_data_new (a, b, choices, error);
  if (md == NULL)
    return NULL;

  kept = crm_store_run_sync (store, merge_func, md, cancellable, error);
  merge_data_free (md);

  return kept;
}

void
crm_merge_records_async (CrmStore           *store,
                         CrmRecord          *a,
                         CrmRecord          *b,
                         GHashTable         *choices,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GError    *error = NULL;
  MergeData *md;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (CRM_IS_RECORD (a) && crm_record_get_id (a) > 0 && crm_record_get_loaded (a));
  g_return_if_fail (CRM_IS_RECORD (b) && crm_record_get_id (b) > 0 && crm_record_get_loaded (b));
  g_return_if_fail (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_merge_records_async);

  md = merge_data_new (a, b, choices, &error);
  if (md == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  crm_store_run_async (store, merge_func, md, merge_data_free, g_object_unref,
                       cancellable, on_merge_done_cb, g_steal_pointer (&task));
}

CrmRecord *
crm_merge_records_finish (CrmStore     *store,
                          GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_merge_records_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
