/* crm-money.c — sums of money in kopecks (CRM_FIELD_MONEY)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-money.h"

#define NBSP "\xc2\xa0"

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\t' || c == '\'';
}

/* Leave out a currency sign or word at the end: "₽", "р.", "руб.", "RUB". */
static char *
strip_currency (const char *text)
{
  static const char *const suffixes[] = { "₽", "руб.", "руб", "р.", "р", "rub", "RUB", "Руб.", "Руб", NULL };
  g_autofree char         *s = g_strstrip (g_strdup (text));

  for (guint i = 0; suffixes[i]; i++)
    if (g_str_has_suffix (s, suffixes[i]))
      {
        s[strlen (s) - strlen (suffixes[i])] = '\0';
        break;
      }
  return g_steal_pointer (&s);
}

CrmMoneyParse
crm_money_parse (const char *text,
                 gboolean    allow_negative,
                 gint64     *kopecks)
{
  g_autofree char *body = NULL;
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  gint     last_mark = -1; /* index into digits->str where the last mark was */
  guint    n_marks = 0;
  gchar    mark_char = 0;
  gboolean mixed = FALSE;
  guint64  whole = 0;
  guint    frac = 0;
  guint    n_frac;

  g_return_val_if_fail (kopecks != NULL, CRM_MONEY_INVALID);
  *kopecks = 0;
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return CRM_MONEY_INVALID;

  body = strip_currency (text);
  for (const char *p = body; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space (c))
        continue;
      if ((c == '-' || c == 0x2212) && digits->len == 0 && !negative)
        negative = TRUE;
      else if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (c == ',' || c == '.')
        {
          if (digits->len == 0)
            return CRM_MONEY_INVALID;
          if (mark_char != 0 && mark_char != (char) c)
            mixed = TRUE;
          mark_char = (char) c;
          n_marks++;
          last_mark = (gint) digits->len;
          g_string_append_c (digits, (char) c);
        }
      else
        return CRM_MONEY_INVALID;
    }
  if (digits->len == 0 || digits->str[digits->len - 1] == ',' || digits->str[digits->len - 1] == '.')
    return CRM_MONEY_INVALID;

  /* The last mark is the decimal one when one or two digits follow it and
   * it is the only one of its kind ("1.234,56", "1234.5"); otherwise all
   * marks group thousands ("1.234.567", "1,234"). */
  n_frac = last_mark >= 0 ? digits->len - (guint) last_mark - 1 : 0;
  if (last_mark >= 0 && (n_frac == 1 || n_frac == 2) && (n_marks == 1 || mixed))
    {
      for (guint i = (guint) last_mark + 1; i < digits->len; i++)
        frac = frac * 10 + (guint) (digits->str[i] - '0');
      if (n_frac == 1)
        frac *= 10;
      g_string_truncate (digits, (gsize) last_mark);
    }
  else if (last_mark >= 0 && n_frac != 3)
    return CRM_MONEY_INVALID;

  for (const char *p = digits->str; *p; p++)
    {
      if (*p == ',' || *p == '.')
        continue;
      if (whole > (guint64) (G_MAXINT64 / 100 - 9) / 10)
        return CRM_MONEY_TOO_LARGE;
      whole = whole * 10 + (guint64) (*p - '0');
    }

  *kopecks = (gint64) whole * 100 + (gint64) frac;
  if (negative && *kopecks != 0)
    {
      if (!allow_negative)
        {
          *kopecks = 0;
          return CRM_MONEY_NEGATIVE;
        }
      *kopecks = -*kopecks;
    }
  return CRM_MONEY_OK;
}

char *
crm_money_format (gint64 kopecks)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint64          value = kopecks < 0 ? (guint64) (-(kopecks + 1)) + 1 : (guint64) kopecks;
  g_autofree char *whole = g_strdup_printf ("%" G_GUINT64_FORMAT, value / 100);
  gsize            len = strlen (whole);

  if (kopecks < 0)
    g_string_append (out, "−");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, NBSP);
      g_string_append_c (out, whole[i]);
    }
  g_string_append_printf (out, ",%02u" NBSP "₽", (guint) (value % 100));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
crm_money_format_plain (gint64 kopecks)
{
  guint64 value = kopecks < 0 ? (guint64) (-(kopecks + 1)) + 1 : (guint64) kopecks;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", kopecks < 0 ? "-" : "", value / 100, (guint) (value % 100));
}
