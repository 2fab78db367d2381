/* crm-email.c — e-mail address syntax
 *
 * What is accepted, following RFC 5321/5322 with the internationalised
 * extensions of RFC 6531/6532 in practice:
 *
 *  - exactly one "@" outside a quoted local part;
 *  - a local part of at most 64 bytes: either a dot-atom (letters, digits
 *    and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, separated by single dots,
 *    not starting or ending with one) where letters and digits may be any
 *    script's ("иван@пример.рф" is a real address with SMTPUTF8), or a
 *    quoted string ("john doe"@example.com);
 *  - a domain of at least two labels of letters (any script, for IDN
 *    written in UTF-8), digits and inner hyphens, each at most 63 bytes,
 *    whose last label has at least two characters and is not all digits
 *    (so no bare IP addresses, no address literals, no trailing dot);
 *  - at most 254 bytes in all.
 *
 * The address comes back trimmed, with the domain in lower case (NFC);
 * the local part keeps its case, which only the receiving server may
 * interpret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-email.h"
#include "crm-record-type.h"

#define LOCAL_MAX_BYTES   64
#define LABEL_MAX_BYTES   63
#define DOMAIN_MAX_BYTES  253
#define ADDRESS_MAX_BYTES 254

static gboolean
is_letter_or_digit (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c);

  /* Combining marks belong to the letter before them (й as и + ◌̆). */
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_atext (gunichar c)
{
  return is_letter_or_digit (c) || (c < 0x80 && strchr ("!#$%&'*+-/=?^_`{|}~", (int) c) != NULL);
}

/* A dot-atom: atoms of atext separated by single dots. */
static gboolean
check_dot_atom (const char *local,
                gsize       len)
{
  const char *end = local + len;
  gboolean    after_dot = TRUE;

  for (const char *p = local; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.')
        {
          if (after_dot)
            return FALSE;
          after_dot = TRUE;
        }
      else if (is_atext (c))
        after_dot = FALSE;
      else
        return FALSE;
    }

  return !after_dot;
}

/* Finds the end of the quoted string starting at @text ('"'): returns a
 * pointer after the closing quote, or NULL when the string is broken. */
static const char *
skip_quoted_string (const char *text)
{
  const char *p = text + 1;

  g_assert (*text == '"');

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"')
        return p + 1;

      if (c == '\\')
        {
          p++;
          if (*p == '\0' || (guchar) *p < 0x20 || *p == 0x7f)
            return NULL;
          p = g_utf8_next_char (p);
          continue;
        }

      /* Printable ASCII and space, or any UTF-8 (RFC 6532). */
      if (c < 0x20 || c == 0x7f)
        return NULL;

      p = g_utf8_next_char (p);
    }

  return NULL;
}

static gboolean
check_label (const char *label)
{
  gsize len = strlen (label);

  if (len == 0 || len > LABEL_MAX_BYTES)
    return FALSE;

  if (label[0] == '-' || label[len - 1] == '-')
    return FALSE;

  for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '-' && !is_letter_or_digit (c))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_domain (const char *domain)
{
  g_auto (GStrv) labels = NULL;
  const char *tld;
  guint       n;

  if (strlen (domain) > DOMAIN_MAX_BYTES)
    return FALSE;

  labels = g_strsplit (domain, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!check_label (labels[i]))
      return FALSE;

  tld = labels[n - 1];
  if (g_utf8_strlen (tld, -1) < 2)
    return FALSE;

  for (const char *p = tld; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return TRUE;

  return FALSE;
}

static void
set_invalid (GError    **error,
             const char *message)
{
  g_set_error_literal (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, message);
}

/**
 * crm_email_normalize:
 * @text: an e-mail address as typed
 * @error: return location for a #GError
 *
 * See crm-email.h and the top of this file for what is accepted.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with @error set
 */
char *
crm_email_normalize (const char *text,
                     GError    **error)
{
  g_autofree char *s = NULL;
  g_autofree char *domain_nfc = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *result = NULL;
  const char      *at;
  gsize            local_len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      set_invalid (error, _ ("The e-mail address is not valid text"));
      return NULL;
    }

  s = crm_text_strip (text);

  if (s[0] == '\0')
    {
      set_invalid (error, _ ("The e-mail address is empty"));
      return NULL;
    }

  if (s[0] == '"')
    {
      at = skip_quoted_string (s);
      if (at == NULL)
        {
          set_invalid (error, _ ("The part before “@” is not valid"));
          return NULL;
        }
      if (*at != '@')
        {
          set_invalid (error, strchr (at, '@') != NULL
                                  ? _ ("The part before “@” is not valid")
                                  : _ ("An e-mail address must contain “@”"));
          return NULL;
        }
    }
  else
    {
      at = strchr (s, '@');
      if (at == NULL)
        {
          set_invalid (error, _ ("An e-mail address must contain “@”"));
          return NULL;
        }
    }

  if (strchr (at + 1, '@') != NULL)
    {
      set_invalid (error, _ ("An e-mail address must contain only one “@”"));
      return NULL;
    }

  local_len = at - s;
  if (local_len == 0 || local_len > LOCAL_MAX_BYTES || (s[0] != '"' && !check_dot_atom (s, local_len)))
    {
      set_invalid (error, _ ("The part before “@” is not valid"));
      return NULL;
    }

  domain_nfc = g_utf8_normalize (at + 1, -1, G_NORMALIZE_NFC);
  domain = g_utf8_strdown (domain_nfc, -1);
  if (!check_domain (domain))
    {
      set_invalid (error, _ ("The domain after “@” is not valid"));
      return NULL;
    }

  result = g_strdup_printf ("%.*s@%s", (int) local_len, s, domain);
  if (strlen (result) > ADDRESS_MAX_BYTES)
    {
      set_invalid (error, _ ("The e-mail address is too long"));
      return NULL;
    }

  return g_steal_pointer (&result);
}
