/* crm-query.h — what a list shows: record type, search, filters, sort
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record-type.h"

G_BEGIN_DECLS

#define CRM_TYPE_QUERY (crm_query_get_type ())
GType                crm_query_get_type (void) G_GNUC_CONST;

CrmQuery            *crm_query_new (const CrmRecordType *type);
CrmQuery            *crm_query_copy (const CrmQuery *self);
CrmQuery            *crm_query_ref (CrmQuery *self);
void                 crm_query_unref (CrmQuery *self);
const CrmRecordType *crm_query_get_record_type (const CrmQuery *self);

/* What the person typed in the search box (normalised with crm-search). */
void                 crm_query_set_search (CrmQuery *self, const char *text);
const char          *crm_query_get_search (const CrmQuery *self);
/* field = value; a NULL value removes the filter. Only FILTERABLE or REF
 * fields (anything else is a programming error: g_critical). The value is
 * the field's text form (crm_record_dup_text()); CRM_QUERY_FILTER_EMPTY
 * matches records where the field has no value. */
#define CRM_QUERY_FILTER_EMPTY ""
void        crm_query_set_filter (CrmQuery *self, const char *field, const char *value);
const char *crm_query_get_filter (const CrmQuery *self, const char *field);
/* from <= field < until, for a DATE or TIMESTAMP field (any field of the
 * type, filterable or not), the values in their text form
 * ("2026-12-01"); NULL and NULL remove it. Takes the place of an
 * equality filter on the same field (and the other way round). */
void        crm_query_set_range (CrmQuery *self, const char *field, const char *from, const char *until);
gboolean    crm_query_get_range (const CrmQuery *self, const char *field, const char **from, const char **until);
/* Sort by a SORTABLE field (NULL: the type's default_sort); id breaks ties
 * so the order is stable. get_sort returns the effective field name. */
void        crm_query_set_sort (CrmQuery *self, const char *field, gboolean descending);
const char *crm_query_get_sort (const CrmQuery *self, gboolean *descending);
gboolean    crm_query_equal (const CrmQuery *a, const CrmQuery *b);

/* Build the SQL that lists the matching ids in order. Identifiers come from
 * the descriptor only; every value is a parameter ($n…, numbered after
 * what @params already holds) appended to @params as a newly allocated
 * string (NULL = SQL NULL): create it with g_ptr_array_new_with_free_func
 * (g_free). */
char       *crm_query_build_ids_sql (const CrmQuery *self,
                                     GPtrArray      *params);
/* The same list restricted to the ids of @ids_literal ("{1,2,3}"): which
 * of them match, in list order (the change feed checks changed records
 * with it). */
char       *crm_query_build_ids_among_sql (const CrmQuery *self,
                                           const char     *ids_literal,
                                           GPtrArray      *params);
/* The first ids of the same list, fast, in parts (crm-query.c says how;
 * crm_store_list_head_async() runs them):
 *   LIST     the list's SQL with LIMIT @limit: any query;
 *   PREFIX   a ranked search (words, in the title's order): the names that
 *            start with the term, which come first in the list;
 *   WALK     a search in the title's order without filters: the other
 *            matches among the first @walk names (an index-only scan);
 *   MATCHES  a search in the title's order: the other matches, meant for
 *            the trigram index.
 * Each returns at most @limit ids in list order, or NULL when the part
 * does not apply to this query. Parameters as above, @limit among them. */
typedef enum
{
  CRM_QUERY_HEAD_LIST,
  CRM_QUERY_HEAD_PREFIX,
  CRM_QUERY_HEAD_WALK,
  CRM_QUERY_HEAD_MATCHES,
} CrmQueryHeadPart;

char *crm_query_build_head_sql (const CrmQuery  *self,
                                CrmQueryHeadPart part,
                                guint            walk,
                                guint            limit,
                                GPtrArray       *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmQuery, crm_query_unref)

G_END_DECLS
