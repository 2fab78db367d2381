/* crm-search.h — the text normalisation search uses, identical to SQL's
 * rapport.search_norm(): lower case, ё→е, whitespace collapsed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CRM_SEARCH_EMPTY,
  CRM_SEARCH_TEXT,    /* words: match name fragments */
  CRM_SEARCH_PREFIX,  /* one or two letters: match the start of the name */
  CRM_SEARCH_DIGITS,  /* a phone, INN, OGRN or code fragment */
} CrmSearchKind;

char          *crm_search_normalize (const char *text);
/* Classify a query typed in a search box and return its normalised term. */
CrmSearchKind  crm_search_classify  (const char *query, char **term);

G_END_DECLS
