/* crm-search.h — the text normalisation search uses, identical to SQL's
 * rapport.search_norm(): lower case, ё→е, whitespace collapsed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CRM_SEARCH_EMPTY,
  CRM_SEARCH_TEXT,   /* words: match name fragments */
  CRM_SEARCH_PREFIX, /* one or two letters: match the start of the name */
  CRM_SEARCH_DIGITS, /* a phone, INN, OGRN or code fragment */
} CrmSearchKind;

/* NULL is taken as "", like coalesce() in SQL; invalid UTF-8 is repaired. */
char         *crm_search_normalize (const char *text);
/* Classify a query typed in a search box and return its normalised term
 * (NULL for CRM_SEARCH_EMPTY; the digits of crm_phone_search_digits() for
 * CRM_SEARCH_DIGITS, "8 916 325" → "7916325"; crm_search_normalize()
 * otherwise). Phone-like queries with at least 3 digits are DIGITS, then
 * one or two characters are PREFIX, the rest TEXT. */
CrmSearchKind crm_search_classify (const char *query, char **term);
/* rapport.phone_digits(): the ASCII digits before any ';' ("" for NULL). */
char         *crm_search_phone_digits (const char *phone);
/* rapport.search_norm(concat_ws(' ', parts…)): NULL parts are skipped. */
char         *crm_search_join (const char *const *parts, guint n_parts);

G_END_DECLS
