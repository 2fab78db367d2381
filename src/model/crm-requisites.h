/* crm-requisites.h — Russian company requisites: INN, KPP, OGRN, OGRNIP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each check accepts surrounding whitespace, nothing else, and on failure
 * sets CRM_VALIDATION_ERROR_INVALID with a translated message saying what
 * is wrong (empty, length, non-digits, checksum). Numbers of zeros only
 * are refused. KPP letters may be typed in either case (store upper case);
 * an OGRN starts with 1 or 5, an OGRNIP with 3. */
gboolean crm_inn_check (const char *inn, GError **error);   /* 10 (legal) or 12 (person) digits */
gboolean crm_kpp_check (const char *kpp, GError **error);   /* 9 characters: 4 digits, 2 digits or A-Z, 3 digits */
gboolean crm_ogrn_check (const char *ogrn, GError **error); /* 13 (OGRN) or 15 (OGRNIP) digits */

/* Compute the check digits for a prefix (tests and the demo generator):
 * 9 digits → a valid 10-digit INN; 10 digits → a valid 12-digit INN. */
char    *crm_inn_complete (const char *prefix);
/* 12 digits → a valid 13-digit OGRN; 14 digits → a valid 15-digit OGRNIP
 * (the first digit is the caller's: 1 or 5 for OGRN, 3 for OGRNIP).
 * Both return NULL when the prefix has the wrong length or non-digits. */
char    *crm_ogrn_complete (const char *prefix);

G_END_DECLS
