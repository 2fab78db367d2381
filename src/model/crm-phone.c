/* crm-phone.c — phone numbers in any common spelling to E.164
 *
 * A phone number as people write it is split into the number itself
 * (digits with spaces, brackets, dashes, dots or slashes between them and
 * perhaps a leading "+") and an optional extension after a marker word
 * ("доб.", "ext.", "x", "#"…). The digits are then read the Russian way:
 * eleven digits starting with 8 or 7, or ten digits, are a Russian number;
 * anything else must be written internationally with "+" or "00" (or the
 * old Russian "8 10" prefix). There is no numbering-plan check beyond the
 * lengths: "+7 123 …" is accepted although no such area code is in use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-phone.h"
#include "crm-record-type.h"

#define E164_MIN_DIGITS 7
#define E164_MAX_DIGITS 15
#define EXT_MAX_DIGITS  10

typedef enum
{
  PARSE_OK,
  PARSE_EMPTY,
  PARSE_NOT_A_PHONE, /* letters or signs that are no extension marker */
  PARSE_BAD_EXTENSION,
} ParseResult;

typedef struct
{
  GString *digits;    /* the number's digits, without the extension */
  char    *extension; /* the extension's digits, or NULL */
  gboolean plus;      /* written with a leading "+" */
  gboolean trunk_8;   /* the number begins with a lone "8" group: "8 (916) …" */
} PhoneParts;

/* Words and signs that introduce an extension, in lower case, without the
 * dots, colons, equal signs, semicolons and spaces around them. */
static const char *const extension_markers[] = {
  "доб",
  "добав",
  "добавочный",
  "доп",
  "вн",
  "внутр",
  "внутренний",
  "ext",
  "extn",
  "extension",
  "x",
  "#",
  ",",
};

static void
phone_parts_clear (PhoneParts *parts)
{
  if (parts->digits != NULL)
    g_string_free (parts->digits, TRUE);
  g_clear_pointer (&parts->extension, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PhoneParts, phone_parts_clear)

static gboolean
is_separator (gunichar c)
{
  return c == '(' || c == ')' || c == '-' || c == '.' || c == '/' ||
         g_unichar_isspace (c) ||
         g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION;
}

static gboolean
is_extension_marker (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (extension_markers); i++)
    if (g_str_equal (word, extension_markers[i]))
      return TRUE;

  return FALSE;
}

/* Reads the extension from the text that follows the number: a marker,
 * then 1 to EXT_MAX_DIGITS digits, then nothing but spaces or a closing
 * bracket. */
static ParseResult
parse_extension (const char *tail,
                 PhoneParts *parts)
{
  g_autofree char *lower = g_utf8_strdown (tail, -1);
  g_autoptr (GString) marker = g_string_new (NULL);
  g_autoptr (GString) digits = g_string_new (NULL);
  const char *p = lower;

  for (; *p != '\0' && !g_ascii_isdigit (*p); p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '.' || c == ':' || c == '=' || c == ';')
        continue;
      g_string_append_unichar (marker, c);
    }

  if (!is_extension_marker (marker->str))
    return PARSE_NOT_A_PHONE;

  for (; g_ascii_isdigit (*p); p++)
    g_string_append_c (digits, *p);

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != ')')
        return PARSE_BAD_EXTENSION;
    }

  if (digits->len == 0 || digits->len > EXT_MAX_DIGITS)
    return PARSE_BAD_EXTENSION;

  parts->extension = g_string_free (g_steal_pointer (&digits), FALSE);

  return PARSE_OK;
}

static ParseResult
parse_phone (const char *text,
             PhoneParts *parts)
{
  const char *p = text;
  gsize       first_group = 0;

  g_assert (text != NULL);
  g_assert (parts->digits == NULL);

  parts->digits = g_string_new (NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return PARSE_NOT_A_PHONE;

  while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  if (*p == '\0')
    return PARSE_EMPTY;

  if (*p == '+')
    {
      parts->plus = TRUE;
      p++;
    }

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (*p))
        g_string_append_c (parts->digits, *p);
      else if (is_separator (c))
        {
          if (first_group == 0)
            first_group = parts->digits->len;
        }
      else
        break;
    }

  parts->trunk_8 = !parts->plus &&
                   first_group == 1 &&
                   parts->digits->str[0] == '8' &&
                   parts->digits->len > 1;

  if (*p != '\0')
    {
      if (parts->digits->len == 0)
        return PARSE_NOT_A_PHONE;
      return parse_extension (p, parts);
    }

  if (parts->digits->len == 0)
    return PARSE_NOT_A_PHONE;

  return PARSE_OK;
}

static void
set_invalid (GError    **error,
             const char *message)
{
  g_set_error_literal (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, message);
}

/* Checks and returns the digits of an international number (after "+",
 * "00" or "8 10"), or NULL with @error set. */
static char *
international_digits (const char *digits,
                      GError    **error)
{
  gsize len = strlen (digits);

  if (len == 0)
    {
      set_invalid (error, _ ("The phone number has too few digits"));
      return NULL;
    }

  if (digits[0] == '0')
    {
      set_invalid (error, _ ("A country code cannot start with 0"));
      return NULL;
    }

  if (digits[0] == '7' && len != 11)
    {
      set_invalid (error, _ ("A Russian phone number must have 10 digits after +7"));
      return NULL;
    }

  if (len < E164_MIN_DIGITS)
    {
      set_invalid (error, _ ("The phone number has too few digits"));
      return NULL;
    }

  if (len > E164_MAX_DIGITS)
    {
      set_invalid (error, _ ("The phone number has too many digits"));
      return NULL;
    }

  return g_strdup (digits);
}

/* Checks and returns the digits of a number written without "+". */
static char *
national_digits (const char *digits,
                 GError    **error)
{
  gsize len = strlen (digits);

  if (g_str_has_prefix (digits, "00"))
    return international_digits (digits + 2, error);

  if (g_str_has_prefix (digits, "810") && len > 11)
    return international_digits (digits + 3, error);

  if (len == 11 && (digits[0] == '8' || digits[0] == '7'))
    return g_strconcat ("7", digits + 1, NULL);

  if (len == 10 && digits[0] != '0')
    return g_strconcat ("7", digits, NULL);

  if (len < 10)
    {
      set_invalid (error, _ ("The phone number has too few digits; write it with the area code"));
      return NULL;
    }

  set_invalid (error, _ ("Write a foreign phone number with “+” and the country code"));
  return NULL;
}

/**
 * crm_phone_normalize:
 * @text: a phone number as typed
 * @error: return location for a #GError
 *
 * See crm-phone.h.
 *
 * Returns: (transfer full) (nullable): the number in E.164, perhaps with
 *   ";ext=NNN", or %NULL with @error set
 */
char *
crm_phone_normalize (const char *text,
                     GError    **error)
{
  g_auto (PhoneParts) parts = { 0 };
  g_autofree char *digits = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (parse_phone (text, &parts))
    {
    case PARSE_OK:
      break;

    case PARSE_EMPTY:
      set_invalid (error, _ ("The phone number is empty"));
      return NULL;

    case PARSE_NOT_A_PHONE:
      set_invalid (error,
                   _ ("A phone number can contain only digits, spaces, brackets, dashes and an extension"));
      return NULL;

    case PARSE_BAD_EXTENSION:
      set_invalid (error, _ ("The extension must be 1 to 10 digits"));
      return NULL;

    default:
      g_assert_not_reached ();
    }

  if (parts.plus)
    digits = international_digits (parts.digits->str, error);
  else
    digits = national_digits (parts.digits->str, error);

  if (digits == NULL)
    return NULL;

  if (parts.extension != NULL)
    return g_strconcat ("+", digits, ";ext=", parts.extension, NULL);

  return g_strconcat ("+", digits, NULL);
}

/* Whether @s is made of @min to @max ASCII digits. */
static gboolean
digits_between (const char *s,
                gsize       len,
                gsize       min,
                gsize       max)
{
  if (len < min || len > max)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;

  return TRUE;
}

/**
 * crm_phone_format:
 * @e164: a number as crm_phone_normalize() returns it
 *
 * See crm-phone.h.
 *
 * Returns: (transfer full): the number for display
 */
char *
crm_phone_format (const char *e164)
{
  g_autoptr (GString) out = NULL;
  const char *ext;
  gsize       number_len;

  g_return_val_if_fail (e164 != NULL, NULL);

  ext = strstr (e164, ";ext=");
  number_len = ext != NULL ? (gsize) (ext - e164) : strlen (e164);

  if (e164[0] != '+' || e164[1] == '0' ||
      !digits_between (e164 + 1, number_len - 1, E164_MIN_DIGITS, E164_MAX_DIGITS) ||
      (ext != NULL && !digits_between (ext + 5, strlen (ext + 5), 1, EXT_MAX_DIGITS)))
    return g_strdup (e164);

  out = g_string_new (NULL);

  if (number_len == 12 && e164[1] == '7')
    g_string_append_printf (out, "+7 %.3s %.3s-%.2s-%.2s",
                            e164 + 2, e164 + 5, e164 + 8, e164 + 10);
  else
    g_string_append_len (out, e164, number_len);

  if (ext != NULL)
    {
      /* Translators: the abbreviation of "extension" shown in a phone
       * number, as in "+7 916 325-87-98 ext. 12" */
      g_string_append_printf (out, " %s %s", _ ("ext."), ext + 5);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * crm_phone_search_digits:
 * @text: what was typed into a search box
 *
 * See crm-phone.h.
 *
 * Returns: (transfer full) (nullable): the digits to look for, or %NULL
 */
char *
crm_phone_search_digits (const char *text)
{
  g_auto (PhoneParts) parts = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  if (parse_phone (text, &parts) != PARSE_OK)
    return NULL;

  if (parts.digits->len < 3)
    return NULL;

  if (!parts.plus &&
      parts.digits->str[0] == '8' &&
      (parts.digits->len == 11 || parts.trunk_8))
    parts.digits->str[0] = '7';

  return g_strdup (parts.digits->str);
}
