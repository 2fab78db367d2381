/* crm-query.c — what a list shows: record type, search, filters, sort
 *
 * A query turns into one SELECT of ids. Identifiers come from the record
 * type's descriptor only; everything a person typed is a parameter.
 *
 * Search (crm_search_classify() decides the kind):
 *   TEXT    every word must occur in search_text:  search_text LIKE '%word%'
 *           (GIN trigram index), LIKE metacharacters escaped; in the
 *           title's order the names that start with what was typed come
 *           first ("ranked", see below);
 *   PREFIX  one or two letters: search_name LIKE 'xy%' (btree
 *           text_pattern_ops index on search_name);
 *   DIGITS  a phone/INN/code fragment: search_text LIKE '%digits%'; when
 *           the digits as typed differ from the normalised ones (a leading
 *           8 of a Russian number), either matches.
 * Filters are equality on the column; the value "" (CRM_QUERY_FILTER_EMPTY)
 * means "no value" (IS NULL, or '' for text). A range filter is
 * column >= from AND column < until (a period of dates or times).
 * Sort: the title field sorts by search_name (case- and ё-insensitive)
 * with the operators of its text_pattern_ops index, so that the index
 * delivers the order; a computed field by its expression; text fields by
 * lower(); others by the column; NULLs last; the id breaks ties in the same
 * direction so that descending is exactly the reverse.
 *
 * The first rows fast (crm_query_build_head_sql, crm-store.c decides
 * which parts it runs): a list shows its first page before all of its ids
 * are known. Sorting every match of a common fragment by name reads the
 * whole table (160,000 matches of "пет" in 1M contacts: a second), so a
 * search in the title's order is looked up in parts that each stop after
 * the rows they are asked for:
 *   PREFIX   (TEXT only) names that start with the term, straight off the
 *            (search_name, id) btree: search_name LIKE 'term%'. search_text
 *            holds the name (the triggers put it first), so every word of
 *            the term is in it;
 *   WALK     the other matches among the first N names in order: an
 *            index-only scan of (search_name, id) INCLUDE (search_text),
 *            about 1 µs a name, quick when matches are common and spread
 *            over the alphabet (first names, patronymics);
 *   MATCHES  the other matches from the trigram index, sorted: quick when
 *            they are few, and the only safe way when they cluster (a
 *            fragment inside surnames that start with one letter).
 * The whole list orders by the same keys, (name starts with the term)
 * first, so its head is exactly what the parts return. Anything else
 * (no search, a prefix search, another sort) is the list's SQL with a
 * LIMIT (LIST).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-query.h"
#include "crm-search.h"
#include "crm-store-private.h"

typedef struct
{
  const CrmField *field;
  char           *value;
  char           *until; /* a range [value, until) when set */
} Filter;

struct _CrmQuery
{
  const CrmRecordType *type;
  char                *search;
  GArray              *filters; /* Filter, sorted by field name */
  const CrmField      *sort;    /* NULL: the type's default_sort */
  gboolean             descending;
};

G_DEFINE_BOXED_TYPE (CrmQuery, crm_query, crm_query_ref, crm_query_unref)

static void
filter_clear (gpointer data)
{
  Filter *filter = data;

  g_clear_pointer (&filter->value, g_free);
  g_clear_pointer (&filter->until, g_free);
}

static void
crm_query_clear (gpointer data)
{
  CrmQuery *self = data;

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->filters, g_array_unref);
}

static GArray *
filters_new (void)
{
  GArray *filters = g_array_new (FALSE, TRUE, sizeof (Filter));

  g_array_set_clear_func (filters, filter_clear);
  return filters;
}

static gboolean
ident_is_plain (const char *ident)
{
  if (ident == NULL || !(g_ascii_islower (ident[0]) || ident[0] == '_'))
    return FALSE;
  for (const char *p = ident; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

void
_crm_sql_append_ident (GString    *sql,
                       const char *ident)
{
  /* Descriptors are compiled in; anything else is a programming error. */
  if (!ident_is_plain (ident))
    g_error ("Refusing to use “%s” as an SQL identifier", ident ? ident : "(null)");

  g_string_append_c (sql, '"');
  g_string_append (sql, ident);
  g_string_append_c (sql, '"');
}

void
_crm_sql_append_table (GString             *sql,
                       const CrmRecordType *type)
{
  g_string_append (sql, "rapport.");
  _crm_sql_append_ident (sql, type->table);
}

void
_crm_sql_append_field_expr (GString        *sql,
                            const CrmField *field)
{
  if (field->flags & CRM_FIELD_COMPUTED)
    {
      g_assert (field->sql != NULL);
      g_string_append_c (sql, '(');
      g_string_append (sql, field->sql);
      g_string_append_c (sql, ')');
    }
  else
    {
      g_string_append (sql, "t.");
      _crm_sql_append_ident (sql, field->name);
    }
}

static void
append_select_field (GString             *sql,
                     const CrmRecordType *type,
                     const CrmField      *field,
                     GHashTable          *withheld,
                     gboolean            *first)
{
  if (!*first)
    g_string_append (sql, ", ");
  *first = FALSE;

  if (!(field->flags & CRM_FIELD_COMPUTED) && _crm_store_is_withheld (withheld, type, field->name))
    {
      /* Naming the column would fail the whole query: an empty value in
       * its place, and the record marks the field withheld. */
      g_string_append (sql, "NULL AS ");
      _crm_sql_append_ident (sql, field->name);
      return;
    }

  _crm_sql_append_field_expr (sql, field);
  if (field->flags & CRM_FIELD_COMPUTED)
    {
      g_string_append (sql, " AS ");
      _crm_sql_append_ident (sql, field->name);
    }
}

void
_crm_sql_append_select_list (GString             *sql,
                             const CrmRecordType *type,
                             GHashTable          *withheld)
{
  const CrmField *common;
  guint           n_common;
  gboolean        first = TRUE;

  common = crm_record_type_common_fields (&n_common);
  for (guint i = 0; i < n_common; i++)
    append_select_field (sql, type, &common[i], withheld, &first);
  for (guint i = 0; i < type->n_fields; i++)
    append_select_field (sql, type, &type->fields[i], withheld, &first);
}

static gint
filter_compare (gconstpointer a,
                gconstpointer b)
{
  const Filter *fa = a;
  const Filter *fb = b;

  return strcmp (fa->field->name, fb->field->name);
}

/* Escape the LIKE metacharacters (backslash is PostgreSQL's default
 * escape character). */
static void
append_like_escaped (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '\\' || *p == '%' || *p == '_')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

static char *
like_pattern (const char *text,
              gboolean    leading_wildcard)
{
  GString *out = g_string_new (leading_wildcard ? "%" : NULL);

  append_like_escaped (out, text);
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

/* Adds @value to @params and writes its placeholder "$n". */
static void
append_param (GString   *sql,
              GPtrArray *params,
              char      *value)
{
  g_ptr_array_add (params, value);
  g_string_append_printf (sql, "$%u", params->len);
}

static void
append_condition_start (GString  *sql,
                        gboolean *first)
{
  g_string_append (sql, *first ? " WHERE " : " AND ");
  *first = FALSE;
}

static char *
digits_of (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
append_search (GString        *sql,
               GPtrArray      *params,
               const CrmQuery *self,
               gboolean       *first)
{
  g_autofree char *term = NULL;
  CrmSearchKind    kind;

  if (self->search == NULL)
    return;

  kind = crm_search_classify (self->search, &term);
  if (term == NULL || term[0] == '\0')
    return;

  switch (kind)
    {
    case CRM_SEARCH_TEXT:
      {
        g_auto (GStrv) words = g_strsplit (term, " ", -1);

        for (guint i = 0; words[i] != NULL; i++)
          {
            if (words[i][0] == '\0')
              continue;
            append_condition_start (sql, first);
            g_string_append (sql, "t.search_text LIKE ");
            append_param (sql, params, like_pattern (words[i], TRUE));
          }
      }
      break;

    case CRM_SEARCH_PREFIX:
      append_condition_start (sql, first);
      g_string_append (sql, "t.search_name LIKE ");
      append_param (sql, params, like_pattern (term, FALSE));
      break;

    case CRM_SEARCH_DIGITS:
      {
        g_autofree char *typed = digits_of (self->search);

        append_condition_start (sql, first);
        if (typed[0] != '\0' && !g_str_equal (typed, term))
          {
            g_string_append (sql, "(t.search_text LIKE ");
            append_param (sql, params, like_pattern (term, TRUE));
            g_string_append (sql, " OR t.search_text LIKE ");
            append_param (sql, params, like_pattern (typed, TRUE));
            g_string_append_c (sql, ')');
          }
        else
          {
            g_string_append (sql, "t.search_text LIKE ");
            append_param (sql, params, like_pattern (term, TRUE));
          }
      }
      break;

    case CRM_SEARCH_EMPTY:
    default:
      break;
    }
}

static const CrmField *sort_field (const CrmQuery *self);

/* The normalised term of a TEXT search whose list is in the title's order
 * (the names that start with it come first), else NULL. */
static char *
ranked_term (const CrmQuery *self)
{
  g_autofree char *term = NULL;
  const CrmField  *field = sort_field (self);

  if (self->search == NULL || field == NULL || self->type->title_field == NULL ||
      !g_str_equal (field->name, self->type->title_field))
    return NULL;
  if (crm_search_classify (self->search, &term) != CRM_SEARCH_TEXT || term == NULL || term[0] == '\0')
    return NULL;
  return g_steal_pointer (&term);
}

static const char *
param_cast (const CrmField *field)
{
  switch (field->kind)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_REF:
      return "::bigint";
    case CRM_FIELD_BOOL:
      return "::boolean";
    case CRM_FIELD_DATE:
      return "::date";
    case CRM_FIELD_TIMESTAMP:
      return "::timestamptz";
    case CRM_FIELD_TEXT:
    case CRM_FIELD_MULTILINE:
    case CRM_FIELD_CHOICE:
    case CRM_FIELD_PHONE:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
    case CRM_FIELD_INN:
    case CRM_FIELD_KPP:
    case CRM_FIELD_OGRN:
    case CRM_FIELD_DIGITS:
    default:
      return "";
    }
}

static void
append_filter (GString      *sql,
               GPtrArray    *params,
               const Filter *filter,
               gboolean     *first)
{
  gboolean is_text = crm_field_get_value_type (filter->field) == G_TYPE_STRING;

  append_condition_start (sql, first);

  if (filter->until != NULL)
    {
      g_string_append_c (sql, '(');
      _crm_sql_append_field_expr (sql, filter->field);
      g_string_append (sql, " >= ");
      append_param (sql, params, g_strdup (filter->value));
      g_string_append (sql, param_cast (filter->field));
      g_string_append (sql, " AND ");
      _crm_sql_append_field_expr (sql, filter->field);
      g_string_append (sql, " < ");
      append_param (sql, params, g_strdup (filter->until));
      g_string_append (sql, param_cast (filter->field));
      g_string_append_c (sql, ')');
      return;
    }

  if (filter->value[0] == '\0')
    {
      if (is_text)
        {
          g_string_append_c (sql, '(');
          _crm_sql_append_field_expr (sql, filter->field);
          g_string_append (sql, " IS NULL OR ");
          _crm_sql_append_field_expr (sql, filter->field);
          g_string_append (sql, " = '')");
        }
      else
        {
          _crm_sql_append_field_expr (sql, filter->field);
          g_string_append (sql, " IS NULL");
        }
      return;
    }

  _crm_sql_append_field_expr (sql, filter->field);
  g_string_append (sql, " = ");
  append_param (sql, params, g_strdup (filter->value));
  g_string_append (sql, param_cast (filter->field));
}

static const CrmField *
sort_field (const CrmQuery *self)
{
  if (self->sort != NULL)
    return self->sort;
  if (self->type->default_sort != NULL)
    return crm_record_type_get_field (self->type, self->type->default_sort);
  return NULL;
}

/* ORDER BY …; with @ranked_param (the number of the parameter 'term%',
 * 0 for none) the names that start with the term first, in either
 * direction. */
static void
append_order (GString        *sql,
              const CrmQuery *self,
              guint           ranked_param)
{
  const CrmField *field = sort_field (self);
  const char     *dir = self->descending ? " DESC" : "";

  g_string_append (sql, " ORDER BY ");
  if (ranked_param > 0)
    g_string_append_printf (sql, "(t.search_name LIKE $%u) DESC, ", ranked_param);

  if (field != NULL && !g_str_equal (field->name, "id"))
    {
      if (self->type->title_field != NULL && g_str_equal (field->name, self->type->title_field))
        {
          /* NOT NULL, and indexed with id as (search_name
           * text_pattern_ops, id): ordering by that operator class (byte
           * order of the normalised name, alphabetical for it) lets a
           * list of any size come straight off the index. */
          g_string_append_printf (sql, "t.search_name USING %s, ", self->descending ? "~>~" : "~<~");
        }
      else
        {
          gboolean lower = field->kind == CRM_FIELD_TEXT || field->kind == CRM_FIELD_MULTILINE;

          if (lower)
            g_string_append (sql, "lower(");
          _crm_sql_append_field_expr (sql, field);
          if (lower)
            g_string_append_c (sql, ')');
          g_string_append_printf (sql, "%s NULLS LAST, ", dir);
        }
    }

  g_string_append_printf (sql, "t.id%s", dir);
}

CrmQuery *
crm_query_new (const CrmRecordType *type)
{
  CrmQuery *self;

  g_return_val_if_fail (type != NULL, NULL);

  self = g_atomic_rc_box_new0 (CrmQuery);
  self->type = type;
  self->filters = filters_new ();

  return self;
}

CrmQuery *
crm_query_copy (const CrmQuery *self)
{
  CrmQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = crm_query_new (self->type);
  copy->search = g_strdup (self->search);
  copy->sort = self->sort;
  copy->descending = self->descending;
  for (guint i = 0; i < self->filters->len; i++)
    {
      const Filter *f = &g_array_index (self->filters, Filter, i);
      Filter        c = { f->field, g_strdup (f->value), g_strdup (f->until) };

      g_array_append_val (copy->filters, c);
    }

  return copy;
}

CrmQuery *
crm_query_ref (CrmQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
crm_query_unref (CrmQuery *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, crm_query_clear);
}

const CrmRecordType *
crm_query_get_record_type (const CrmQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->type;
}

void
crm_query_set_search (CrmQuery   *self,
                      const char *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->search);
  self->search = (text != NULL && text[0] != '\0') ? g_strdup (text) : NULL;
}

const char *
crm_query_get_search (const CrmQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->search;
}

void
crm_query_set_filter (CrmQuery   *self,
                      const char *field,
                      const char *value)
{
  const CrmField *f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (field != NULL);

  f = crm_record_type_get_field (self->type, field);
  if (f == NULL || !((f->flags & CRM_FIELD_FILTERABLE) || f->kind == CRM_FIELD_REF))
    {
      g_critical ("%s: cannot filter %s by “%s”", G_STRFUNC, self->type->name, field);
      return;
    }

  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *existing = &g_array_index (self->filters, Filter, i);

      if (existing->field == f)
        {
          if (value == NULL)
            g_array_remove_index (self->filters, i);
          else
            {
              g_free (existing->value);
              existing->value = g_strdup (value);
              g_clear_pointer (&existing->until, g_free);
            }
          return;
        }
    }

  if (value != NULL)
    {
      Filter filter = { f, g_strdup (value), NULL };

      g_array_append_val (self->filters, filter);
      g_array_sort (self->filters, filter_compare);
    }
}

const char *
crm_query_get_filter (const CrmQuery *self,
                      const char     *field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < self->filters->len; i++)
    {
      const Filter *f = &g_array_index (self->filters, Filter, i);

      if (g_str_equal (f->field->name, field))
        return f->value;
    }

  return NULL;
}

void
crm_query_set_range (CrmQuery   *self,
                     const char *field,
                     const char *from,
                     const char *until)
{
  const CrmField *f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail ((from == NULL) == (until == NULL));

  f = crm_record_type_get_field (self->type, field);
  if (f == NULL || !(f->kind == CRM_FIELD_DATE || f->kind == CRM_FIELD_TIMESTAMP))
    {
      g_critical ("%s: cannot filter %s by a period of “%s”", G_STRFUNC, self->type->name, field);
      return;
    }

  for (guint i = 0; i < self->filters->len; i++)
    if (g_array_index (self->filters, Filter, i).field == f)
      {
        g_array_remove_index (self->filters, i);
        break;
      }

  if (from != NULL)
    {
      Filter filter = { f, g_strdup (from), g_strdup (until) };

      g_array_append_val (self->filters, filter);
      g_array_sort (self->filters, filter_compare);
    }
}

gboolean
crm_query_get_range (const CrmQuery *self,
                     const char     *field,
                     const char    **from,
                     const char    **until)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  for (guint i = 0; i < self->filters->len; i++)
    {
      const Filter *f = &g_array_index (self->filters, Filter, i);

      if (f->until != NULL && g_str_equal (f->field->name, field))
        {
          if (from != NULL)
            *from = f->value;
          if (until != NULL)
            *until = f->until;
          return TRUE;
        }
    }
  return FALSE;
}

void
crm_query_set_sort (CrmQuery   *self,
                    const char *field,
                    gboolean    descending)
{
  const CrmField *f = NULL;

  g_return_if_fail (self != NULL);

  if (field != NULL)
    {
      f = crm_record_type_get_field (self->type, field);
      if (f == NULL || !(f->flags & CRM_FIELD_SORTABLE))
        {
          g_critical ("%s: cannot sort %s by “%s”", G_STRFUNC, self->type->name, field);
          return;
        }
    }

  self->sort = f;
  self->descending = !!descending;
}

const char *
crm_query_get_sort (const CrmQuery *self,
                    gboolean       *descending)
{
  const CrmField *field;

  g_return_val_if_fail (self != NULL, NULL);

  if (descending != NULL)
    *descending = self->descending;

  field = sort_field (self);
  return field ? field->name : "id";
}

gboolean
crm_query_equal (const CrmQuery *a,
                 const CrmQuery *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->type != b->type ||
      g_strcmp0 (a->search, b->search) != 0 ||
      sort_field (a) != sort_field (b) ||
      a->descending != b->descending ||
      a->filters->len != b->filters->len)
    return FALSE;

  for (guint i = 0; i < a->filters->len; i++)
    {
      const Filter *fa = &g_array_index (a->filters, Filter, i);
      const Filter *fb = &g_array_index (b->filters, Filter, i);

      if (fa->field != fb->field || g_strcmp0 (fa->value, fb->value) != 0 || g_strcmp0 (fa->until, fb->until) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
append_select_ids (GString        *sql,
                   const CrmQuery *self)
{
  g_string_append (sql, "SELECT t.id FROM ");
  _crm_sql_append_table (sql, self->type);
  g_string_append (sql, " t");
}

static void
append_filters (GString        *sql,
                GPtrArray      *params,
                const CrmQuery *self,
                gboolean       *first)
{
  for (guint i = 0; i < self->filters->len; i++)
    append_filter (sql, params, &g_array_index (self->filters, Filter, i), first);
}

static void
append_limit (GString   *sql,
              GPtrArray *params,
              guint      limit)
{
  g_string_append (sql, " LIMIT ");
  append_param (sql, params, g_strdup_printf ("%u", limit));
}

char *
crm_query_build_ids_sql (const CrmQuery *self,
                         GPtrArray      *params)
{
  g_autoptr (GString) sql = NULL;
  g_autofree char *ranked = NULL;
  guint            ranked_param = 0;
  gboolean         first = TRUE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  sql = g_string_new (NULL);
  append_select_ids (sql, self);
  append_search (sql, params, self, &first);
  append_filters (sql, params, self, &first);

  ranked = ranked_term (self);
  if (ranked != NULL)
    {
      g_ptr_array_add (params, like_pattern (ranked, FALSE));
      ranked_param = params->len;
    }
  append_order (sql, self, ranked_param);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

char *
crm_query_build_ids_among_sql (const CrmQuery *self,
                               const char     *ids_literal,
                               GPtrArray      *params)
{
  g_autoptr (GString) sql = NULL;
  g_autofree char *ranked = NULL;
  guint            ranked_param = 0;
  gboolean         first = TRUE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ids_literal != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  sql = g_string_new (NULL);
  append_select_ids (sql, self);
  append_search (sql, params, self, &first);
  append_filters (sql, params, self, &first);
  append_condition_start (sql, &first);
  g_string_append (sql, "t.id = ANY (");
  append_param (sql, params, g_strdup (ids_literal));
  g_string_append (sql, "::bigint[])");

  ranked = ranked_term (self);
  if (ranked != NULL)
    {
      g_ptr_array_add (params, like_pattern (ranked, FALSE));
      ranked_param = params->len;
    }
  append_order (sql, self, ranked_param);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* A TEXT or DIGITS search in the title's order: the WALK and MATCHES parts
 * apply. */
static gboolean
search_in_title_order (const CrmQuery *self)
{
  const CrmField *field = sort_field (self);
  CrmSearchKind   kind;

  if (self->search == NULL || field == NULL || self->type->title_field == NULL ||
      !g_str_equal (field->name, self->type->title_field))
    return FALSE;
  kind = crm_search_classify (self->search, NULL);
  return kind == CRM_SEARCH_TEXT || kind == CRM_SEARCH_DIGITS;
}

/* The search, and NOT (name starts with the term) for a ranked one. */
static void
append_other_matches (GString        *sql,
                      GPtrArray      *params,
                      const CrmQuery *self,
                      const char     *ranked,
                      gboolean       *first)
{
  append_search (sql, params, self, first);
  if (ranked != NULL)
    {
      append_condition_start (sql, first);
      g_string_append (sql, "NOT (t.search_name LIKE ");
      append_param (sql, params, like_pattern (ranked, FALSE));
      g_string_append_c (sql, ')');
    }
}

char *
crm_query_build_head_sql (const CrmQuery  *self,
                          CrmQueryHeadPart part,
                          guint            walk,
                          guint            limit,
                          GPtrArray       *params)
{
  g_autoptr (GString) sql = NULL;
  g_autofree char *ranked = NULL;
  gboolean         first = TRUE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  ranked = ranked_term (self);
  sql = g_string_new (NULL);

  switch (part)
    {
    case CRM_QUERY_HEAD_LIST:
      append_select_ids (sql, self);
      append_search (sql, params, self, &first);
      append_filters (sql, params, self, &first);
      break;

    case CRM_QUERY_HEAD_PREFIX:
      if (ranked == NULL)
        return NULL;
      /* Every word is in a name that starts with the term (see above). */
      append_select_ids (sql, self);
      append_condition_start (sql, &first);
      g_string_append (sql, "t.search_name LIKE ");
      append_param (sql, params, like_pattern (ranked, FALSE));
      append_filters (sql, params, self, &first);
      break;

    case CRM_QUERY_HEAD_WALK:
      /* Filters need the table's rows, which an index-only walk never
       * reads. */
      g_return_val_if_fail (walk > 0, NULL);
      if (!search_in_title_order (self) || self->filters->len > 0)
        return NULL;
      /* The first @walk names off the covering index (the LIMIT keeps the
       * search's conditions out of the subquery), then their matches. */
      g_string_append (sql, "SELECT t.id FROM (SELECT t.id, t.search_name, t.search_text FROM ");
      _crm_sql_append_table (sql, self->type);
      g_string_append (sql, " t");
      append_order (sql, self, 0);
      append_limit (sql, params, walk);
      g_string_append (sql, ") t");
      append_other_matches (sql, params, self, ranked, &first);
      break;

    case CRM_QUERY_HEAD_MATCHES:
      if (!search_in_title_order (self))
        return NULL;
      append_select_ids (sql, self);
      append_other_matches (sql, params, self, ranked, &first);
      append_filters (sql, params, self, &first);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  append_order (sql, self, 0);
  append_limit (sql, params, limit);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}
