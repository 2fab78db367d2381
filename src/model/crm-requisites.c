/* crm-requisites.c — Russian company requisites: INN, KPP, OGRN, OGRNIP
 *
 * The check digits follow the tax service's published algorithms:
 *
 *  - INN of a legal entity (10 digits): the 10th digit is the sum of the
 *    first nine times 2 4 10 3 5 9 4 6 8, modulo 11, modulo 10.
 *  - INN of a person (12 digits): the 11th digit uses the weights
 *    7 2 4 10 3 5 9 4 6 8 over the first ten, the 12th the weights
 *    3 7 2 4 10 3 5 9 4 6 8 over the first eleven, each modulo 11, modulo 10.
 *  - OGRN (13 digits): the first twelve as a number, modulo 11, modulo 10.
 *  - OGRNIP (15 digits): the first fourteen as a number, modulo 13,
 *    modulo 10.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-record-type.h"
#include "crm-requisites.h"

static const guint inn10_weights[] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
static const guint inn11_weights[] = { 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
static const guint inn12_weights[] = { 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };

static gboolean
all_digits (const char *s)
{
  g_assert (s != NULL);

  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;

  return TRUE;
}

static gboolean
all_zeros (const char *s)
{
  g_assert (s != NULL);

  for (; *s != '\0'; s++)
    if (*s != '0')
      return FALSE;

  return TRUE;
}

static char
weighted_check_digit (const char  *digits,
                      const guint *weights,
                      guint        n_weights)
{
  guint sum = 0;

  for (guint i = 0; i < n_weights; i++)
    sum += (guint) (digits[i] - '0') * weights[i];

  return (char) ('0' + sum % 11 % 10);
}

/* The first @n_digits of @digits as a number modulo @modulus, modulo 10. */
static char
mod_check_digit (const char *digits,
                 guint       n_digits,
                 guint       modulus)
{
  guint rest = 0;

  for (guint i = 0; i < n_digits; i++)
    rest = (rest * 10 + (guint) (digits[i] - '0')) % modulus;

  return (char) ('0' + rest % 10);
}

/* Fills in the check digits of a 10- or 12-digit INN in place. */
static void
inn_fill_check_digits (char *inn)
{
  gsize len = strlen (inn);

  g_assert (len == 10 || len == 12);

  if (len == 10)
    {
      inn[9] = weighted_check_digit (inn, inn10_weights, G_N_ELEMENTS (inn10_weights));
    }
  else
    {
      inn[10] = weighted_check_digit (inn, inn11_weights, G_N_ELEMENTS (inn11_weights));
      inn[11] = weighted_check_digit (inn, inn12_weights, G_N_ELEMENTS (inn12_weights));
    }
}

static void
set_invalid (GError    **error,
             const char *message)
{
  g_set_error_literal (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, message);
}

/**
 * crm_inn_check:
 * @inn: the INN as typed
 * @error: return location for a #GError
 *
 * Checks a taxpayer number: 10 digits for a legal entity, 12 for a
 * person or sole proprietor, with matching check digits. The number made
 * of zeros only is refused although its check digits match.
 *
 * Returns: %TRUE when @inn is a valid INN
 */
gboolean
crm_inn_check (const char *inn,
               GError    **error)
{
  g_autofree char *s = NULL;
  g_autofree char *expected = NULL;
  gsize            len;

  g_return_val_if_fail (inn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (inn, -1, NULL))
    {
      set_invalid (error, _ ("The INN must contain only digits"));
      return FALSE;
    }

  s = crm_text_strip (inn);
  len = strlen (s);

  if (len == 0)
    {
      set_invalid (error, _ ("The INN is empty"));
      return FALSE;
    }

  if (!all_digits (s))
    {
      set_invalid (error, _ ("The INN must contain only digits"));
      return FALSE;
    }

  if (len != 10 && len != 12)
    {
      set_invalid (error, _ ("The INN must have 10 or 12 digits"));
      return FALSE;
    }

  if (all_zeros (s))
    {
      set_invalid (error, _ ("The INN cannot be all zeros"));
      return FALSE;
    }

  expected = g_strdup (s);
  inn_fill_check_digits (expected);
  if (strcmp (expected, s) != 0)
    {
      set_invalid (error, _ ("The INN checksum does not match"));
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_kpp_check:
 * @kpp: the KPP as typed
 * @error: return location for a #GError
 *
 * Checks the format of a tax registration reason code: four digits (the
 * tax office), two digits or Latin letters (the reason), three digits
 * (the number). Letters are accepted in either case; the stored form is
 * upper case. A KPP has no check digit.
 *
 * Returns: %TRUE when @kpp has the form of a KPP
 */
gboolean
crm_kpp_check (const char *kpp,
               GError    **error)
{
  g_autofree char *s = NULL;

  g_return_val_if_fail (kpp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (kpp, -1, NULL))
    {
      set_invalid (error, _ ("The KPP must be 4 digits, 2 digits or Latin letters, and 3 digits"));
      return FALSE;
    }

  s = crm_text_strip (kpp);

  if (s[0] == '\0')
    {
      set_invalid (error, _ ("The KPP is empty"));
      return FALSE;
    }

  if (g_utf8_strlen (s, -1) != 9)
    {
      set_invalid (error, _ ("The KPP must have 9 characters"));
      return FALSE;
    }

  for (guint i = 0; i < 9; i++)
    {
      gboolean ok;

      if (i == 4 || i == 5)
        ok = g_ascii_isdigit (s[i]) || g_ascii_isalpha (s[i]);
      else
        ok = g_ascii_isdigit (s[i]);

      if (!ok)
        {
          set_invalid (error, _ ("The KPP must be 4 digits, 2 digits or Latin letters, and 3 digits"));
          return FALSE;
        }
    }

  if (all_zeros (s))
    {
      set_invalid (error, _ ("The KPP cannot be all zeros"));
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_ogrn_check:
 * @ogrn: the OGRN or OGRNIP as typed
 * @error: return location for a #GError
 *
 * Checks a primary state registration number: 13 digits starting with 1
 * or 5 (OGRN of a legal entity) or 15 digits starting with 3 (OGRNIP of a
 * sole proprietor), with a matching check digit. Other first digits mark
 * registration records (GRN), not the registration number itself.
 *
 * Returns: %TRUE when @ogrn is a valid OGRN or OGRNIP
 */
gboolean
crm_ogrn_check (const char *ogrn,
                GError    **error)
{
  g_autofree char *s = NULL;
  gsize            len;

  g_return_val_if_fail (ogrn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (ogrn, -1, NULL))
    {
      set_invalid (error, _ ("The OGRN must contain only digits"));
      return FALSE;
    }

  s = crm_text_strip (ogrn);
  len = strlen (s);

  if (len == 0)
    {
      set_invalid (error, _ ("The OGRN is empty"));
      return FALSE;
    }

  if (!all_digits (s))
    {
      set_invalid (error, _ ("The OGRN must contain only digits"));
      return FALSE;
    }

  if (len == 13)
    {
      if (s[0] != '1' && s[0] != '5')
        {
          set_invalid (error, _ ("An OGRN starts with 1 or 5"));
          return FALSE;
        }
      if (mod_check_digit (s, 12, 11) != s[12])
        {
          set_invalid (error, _ ("The OGRN checksum does not match"));
          return FALSE;
        }
    }
  else if (len == 15)
    {
      if (s[0] != '3')
        {
          set_invalid (error, _ ("An OGRNIP starts with 3"));
          return FALSE;
        }
      if (mod_check_digit (s, 14, 13) != s[14])
        {
          set_invalid (error, _ ("The OGRNIP checksum does not match"));
          return FALSE;
        }
    }
  else
    {
      set_invalid (error, _ ("The OGRN must have 13 digits, or 15 for an OGRNIP"));
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_inn_complete:
 * @prefix: 9 digits (legal entity) or 10 digits (person)
 *
 * Appends the check digits to @prefix.
 *
 * Returns: (transfer full) (nullable): a 10- or 12-digit INN, or %NULL
 *   when @prefix is not 9 or 10 digits
 */
char *
crm_inn_complete (const char *prefix)
{
  g_autofree char *inn = NULL;
  gsize            len;

  g_return_val_if_fail (prefix != NULL, NULL);

  len = strlen (prefix);
  if ((len != 9 && len != 10) || !all_digits (prefix))
    return NULL;

  inn = g_strconcat (prefix, len == 9 ? "0" : "00", NULL);
  inn_fill_check_digits (inn);

  return g_steal_pointer (&inn);
}

/**
 * crm_ogrn_complete:
 * @prefix: 12 digits (OGRN) or 14 digits (OGRNIP)
 *
 * Appends the check digit to @prefix. The first digit is not checked, so
 * callers wanting a number crm_ogrn_check() accepts start with 1 or 5
 * (OGRN) or 3 (OGRNIP).
 *
 * Returns: (transfer full) (nullable): a 13- or 15-digit number, or %NULL
 *   when @prefix is not 12 or 14 digits
 */
char *
crm_ogrn_complete (const char *prefix)
{
  gsize len;

  g_return_val_if_fail (prefix != NULL, NULL);

  len = strlen (prefix);
  if ((len != 12 && len != 14) || !all_digits (prefix))
    return NULL;

  return g_strdup_printf ("%s%c", prefix,
                          len == 12 ? mod_check_digit (prefix, 12, 11)
                                    : mod_check_digit (prefix, 14, 13));
}
