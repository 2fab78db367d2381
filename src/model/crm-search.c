/* crm-search.c — the text normalisation search uses
 *
 * crm_search_normalize() must give what rapport.search_norm() gives in
 * the database (data/sql/0001-foundation.sql):
 *
 *   btrim(regexp_replace(translate(lower(coalesce(t, '')),
 *                                  'АБВ…ЯЁё', 'абв…яее'),
 *                        '\s+', ' ', 'g'))
 *
 * on a UTF-8 database with a libc locale such as C.UTF-8 or ru_RU.UTF-8:
 *
 *  - lower() maps each code point on its own (towlower), which is the
 *    simple Unicode mapping g_unichar_tolower() makes plus Ⅰ…Ⅿ and Ⓐ…Ⓩ
 *    — not g_utf8_strdown(), whose special cases (final sigma, İ → i̇)
 *    differ. Checked against PostgreSQL 15 on Debian 12 for every code
 *    point, as "XaXXBX";
 *  - translate() then only adds ё → е;
 *  - \s is iswspace(): the ASCII spaces \t \n \v \f \r and " ", and the
 *    Unicode spaces except the no-break ones (U+00A0, U+2007, U+202F stay
 *    as they are);
 *  - btrim() removes the single spaces left at either end.
 *
 * On a database created with the plain "C" locale lower() leaves letters
 * outside ASCII and the Russian alphabet alone and \s is ASCII only, so
 * such letters (é, Ї…) would differ; Rapport's servers use UTF-8 locales.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-phone.h"
#include "crm-search.h"

/* glibc's iswspace() in its UTF-8 locales. */
static gboolean
is_sql_space (gunichar c)
{
  switch (c)
    {
    case 0x0009:
    case 0x000A:
    case 0x000B:
    case 0x000C:
    case 0x000D:
    case 0x0020:
    case 0x1680:
    case 0x2000:
    case 0x2001:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x2028:
    case 0x2029:
    case 0x205F:
    case 0x3000:
      return TRUE;

    default:
      return FALSE;
    }
}

/* towlower(): g_unichar_tolower() maps letters only, glibc also the
 * upper-case Roman numerals and circled Latin letters. */
static gunichar
sql_tolower (gunichar c)
{
  if (c >= 0x2160 && c <= 0x216F) /* Ⅰ…Ⅿ → ⅰ…ⅿ */
    return c + 0x10;

  if (c >= 0x24B6 && c <= 0x24CF) /* Ⓐ…Ⓩ → ⓐ…ⓩ */
    return c + 0x1A;

  return g_unichar_tolower (c);
}

/**
 * crm_search_normalize:
 * @text: (nullable): any text; %NULL is taken as ""
 *
 * Lower case (each code point, Cyrillic included), ё → е, runs of white
 * space made one space, no space at either end: exactly what
 * rapport.search_norm() does. Invalid UTF-8 is repaired first.
 *
 * Returns: (transfer full): the normalised text, perhaps ""
 */
char *
crm_search_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  GString         *out;
  gboolean         pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_sql_space (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }

      c = sql_tolower (c);
      if (c == 0x0451) /* ё */
        c = 0x0435;    /* е */

      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * crm_search_classify:
 * @query: (nullable): what was typed into a search box
 * @term: (out) (optional) (transfer full) (nullable): the term to look
 *   for, %NULL for %CRM_SEARCH_EMPTY
 *
 * Decides how a query is looked up:
 *
 *  - nothing but white space: %CRM_SEARCH_EMPTY;
 *  - phone-like, at least three digits with only spaces, brackets, dashes,
 *    a leading "+" or an extension around them ("+7 (916) 325-87-98",
 *    "8 916 325", an INN or OGRN): %CRM_SEARCH_DIGITS with the digits of
 *    crm_phone_search_digits() ("79163258798");
 *  - one or two characters once normalised: %CRM_SEARCH_PREFIX;
 *  - anything else: %CRM_SEARCH_TEXT with crm_search_normalize().
 *
 * Returns: the kind of search
 */
CrmSearchKind
crm_search_classify (const char *query,
                     char      **term)
{
  g_autofree char *norm = NULL;
  g_autofree char *digits = NULL;
  CrmSearchKind    kind;

  norm = crm_search_normalize (query);

  if (norm[0] == '\0')
    {
      kind = CRM_SEARCH_EMPTY;
      g_clear_pointer (&norm, g_free);
    }
  else if ((digits = crm_phone_search_digits (query)) != NULL)
    {
      kind = CRM_SEARCH_DIGITS;
      g_free (norm);
      norm = g_steal_pointer (&digits);
    }
  else if (g_utf8_strlen (norm, -1) <= 2)
    kind = CRM_SEARCH_PREFIX;
  else
    kind = CRM_SEARCH_TEXT;

  if (term != NULL)
    *term = g_steal_pointer (&norm);

  return kind;
}

/**
 * crm_search_phone_digits:
 * @phone: (nullable): a phone as stored ("+79163258798;ext=5")
 *
 * The digits of @phone before any ";": what rapport.phone_digits() puts
 * into search_text ("79163258798"). %NULL gives "", like coalesce().
 * Only the ASCII digits count, as for PostgreSQL's \d in a UTF-8 locale.
 *
 * Returns: (transfer full): the digits, perhaps ""
 */
char *
crm_search_phone_digits (const char *phone)
{
  GString *out = g_string_new (NULL);

  for (const char *p = phone; p != NULL && *p != '\0' && *p != ';'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/**
 * crm_search_join:
 * @parts: (array length=n_parts): the texts, %NULL for none
 * @n_parts: how many
 *
 * crm_search_normalize() of the texts joined with spaces, skipping the
 * %NULL ones: rapport.search_norm(concat_ws(' ', …)).
 *
 * Returns: (transfer full): the normalised text, perhaps ""
 */
char *
crm_search_join (const char *const *parts,
                 guint              n_parts)
{
  g_autoptr (GString) joined = g_string_new (NULL);
  gboolean first = TRUE;

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL)
        continue;
      if (!first)
        g_string_append_c (joined, ' ');
      g_string_append (joined, parts[i]);
      first = FALSE;
    }

  return crm_search_normalize (joined->str);
}
