/* crm-vcard.c — contacts in from vCard files (2.1, 3.0, 4.0) through
 * EDS's libebook-contacts
 *
 * Reading happens in two steps. First the file is cut into cards and each
 * card's lines are tidied so that EVCard reads them the way the exporter
 * meant and never warns: folded lines and quoted-printable soft breaks are
 * joined, raw 8-bit values are turned into UTF-8 (their CHARSET, else
 * Windows-1251), junk lines and parameters EVCard cannot read are dropped,
 * and a backslash that starts no vCard escape is kept as a backslash.
 * EVCard then splits each card into attributes, parameters and values and
 * decodes QUOTED-PRINTABLE with its CHARSET itself (it does that right).
 * Second, the attributes are mapped to a CrmContact's fields.
 *
 * Writing is in crm-vcard-writer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

/* libebook-contacts.h includes libedataserver's headers, which still
 * declare functions that take GTimeVal (deprecated since GLib 2.62). */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "crm-phone.h"
#include "crm-vcard.h"

G_DEFINE_QUARK (crm - vcard - error - quark, crm_vcard_error)

/* The Russian exporter's default when a card's bytes are not UTF-8 and
 * say nothing else (old Nokia and Outlook exports, 1C). */
#define FALLBACK_CHARSET "WINDOWS-1251"

/* The attributes Rapport reads. Everything else (PHOTO, URL, CATEGORIES,
 * X-EVOLUTION-…) is dropped before EVCard sees the card. */
static const char *const wanted_attributes[] = {
  "N", "FN", "TEL", "EMAIL", "ORG", "TITLE", "ROLE", "ADR", "NOTE", "BDAY",
  "X-SKYPE", "X-SKYPE-USERNAME", "IMPP", "X-ABLABEL", "X-ABSHOWAS", "VERSION"
};

/* The phone fields in the order "the first free one" is looked for. */
typedef enum
{
  SLOT_NONE = -1,
  SLOT_MOBILE,
  SLOT_WORK,
  SLOT_HOME,
  N_SLOTS
} PhoneSlot;

static const char *const slot_fields[N_SLOTS] = { "phone_mobile", "phone_work", "phone_home" };

/* ------------------------------------------------------------------ */
/* Step 1: cards and clean lines                                       */
/* ------------------------------------------------------------------ */

typedef struct
{
  GString *text; /* "BEGIN:VCARD\r\n" … "END:VCARD\r\n" for EVCard */
  guint    line; /* where its BEGIN:VCARD is, 1-based */
} RawCard;

typedef struct
{
  GPtrArray *cards; /* RawCard */
  RawCard   *current;
  guint      depth;     /* BEGIN:VCARD nesting (2.1 AGENT cards inside a card) */
  gboolean   last_kept; /* the card's last line was kept: junk may continue it */
  gboolean   last_qp;
  gboolean   last_agent; /* the last line was AGENT: a 2.1 card inside follows */
  gboolean   seen_begin;
  GPtrArray *warnings;
} Splitter;

static void
raw_card_free (gpointer data)
{
  RawCard *card = data;

  g_string_free (card->text, TRUE);
  g_free (card);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static gboolean
is_name (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!is_name_char (*p))
      return FALSE;
  return text[0] != '\0';
}

/* The first ':' of @line outside double quotes, or NULL. */
static const char *
find_value_colon (const char *line)
{
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        return p;
    }
  return NULL;
}

static gboolean
params_say_quoted_printable (const char *line,
                             const char *colon)
{
  g_autofree char *head = g_ascii_strup (line, colon - line);

  return strstr (head, "QUOTED-PRINTABLE") != NULL;
}

/* Whether a quoted-printable value ends in a soft line break ("=" at the
 * end that starts no "=XX"). */
static gboolean
ends_in_soft_break (const char *value,
                    gsize       length)
{
  gsize i = 0;

  while (i < length)
    {
      if (value[i] == '=')
        {
          if (i + 1 == length)
            return TRUE;
          i += 3;
        }
      else
        i++;
    }
  return FALSE;
}

static gboolean
charset_is_utf8 (const char *charset)
{
  return g_ascii_strcasecmp (charset, "UTF-8") == 0 || g_ascii_strcasecmp (charset, "UTF8") == 0;
}

/* @length bytes of text as UTF-8: valid UTF-8 stays as it is (Cyrillic in
 * Windows-1251 is never valid UTF-8, so a wrong CHARSET label cannot spoil
 * it); otherwise @charset, then Windows-1251; U+FFFD as a last resort. */
static char *
text_to_utf8 (const char *text,
              gssize      length,
              const char *charset)
{
  char *converted;

  if (length < 0)
    length = strlen (text);

  if (g_utf8_validate (text, length, NULL))
    return g_strndup (text, length);

  if (charset != NULL && !charset_is_utf8 (charset))
    {
      converted = g_convert (text, length, "UTF-8", charset, NULL, NULL, NULL);
      if (converted != NULL)
        return converted;
    }

  converted = g_convert (text, length, "UTF-8", FALLBACK_CHARSET, NULL, NULL, NULL);
  if (converted != NULL)
    return converted;

  return g_utf8_make_valid (text, length);
}

/* A backslash that starts no escape EVCard knows (\n \r \; \, \\) would
 * make it warn and keep the pair: "\:" (Apple's and Google's escaped
 * colon in URLs) becomes ":", any other becomes a plain backslash. */
static void
append_value_escapes_fixed (GString    *out,
                            const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] != '\0' && strchr ("nNrR;,\\", p[1]) != NULL)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *++p);
        }
      else if (p[1] == ':')
        g_string_append_c (out, *++p);
      else
        g_string_append (out, "\\\\");
    }
}

/* Parameters EVCard can read, joined with ';' (without the leading one).
 * Sets @qp for quoted-printable, @binary for BASE64 values, and @charset
 * (a new string) for CHARSET. CHARSET stays only on quoted-printable
 * lines, where EVCard converts after decoding; other values are converted
 * here. */
static GString *
clean_params (const char *params,
              gsize       length,
              gboolean   *qp,
              gboolean   *binary,
              char      **charset)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  gboolean    quoted = FALSE;
  const char *start = params;
  const char *end = params + length;

  for (const char *p = params; p <= end; p++)
    {
      if (p < end && *p == '"')
        quoted = !quoted;
      if (p == end || (*p == ';' && !quoted))
        {
          if (p > start)
            g_ptr_array_add (tokens, g_strndup (start, p - start));
          start = p + 1;
        }
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      const char *eq;
      gsize       name_length = 0;

      while (is_name_char (token[name_length]))
        name_length++;
      if (name_length == 0 || (token[name_length] != '\0' && token[name_length] != '='))
        continue; /* EVCard would warn about it and skip the rest of the line */

      eq = token[name_length] == '=' ? token + name_length + 1 : NULL;
      if (eq != NULL && eq[0] != '"' && strchr (eq, '=') != NULL)
        continue; /* EVCard would take "a=b=c" for two parameters and leak one */

      /* 2.1 allows the encoding as a bare word; 8BIT and 7BIT need
       * nothing. ENCODING and CHARSET are written again below. */
      if (eq == NULL && g_ascii_strcasecmp (token, "QUOTED-PRINTABLE") == 0)
        {
          *qp = TRUE;
          continue;
        }
      if (eq == NULL && g_ascii_strcasecmp (token, "BASE64") == 0)
        {
          *binary = TRUE;
          continue;
        }
      if (eq != NULL && g_ascii_strncasecmp (token, "ENCODING=", 9) == 0)
        {
          if (g_ascii_strcasecmp (eq, "QUOTED-PRINTABLE") == 0)
            *qp = TRUE;
          else if (g_ascii_strcasecmp (eq, "BASE64") == 0 || g_ascii_strcasecmp (eq, "B") == 0)
            *binary = TRUE;
          continue;
        }
      if (eq != NULL && g_ascii_strncasecmp (token, "CHARSET=", 8) == 0)
        {
          g_free (*charset);
          *charset = g_strdup (eq);
          g_strstrip (g_strdelimit (*charset, "\"", ' '));
          continue;
        }

      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append (out, token);
    }

  if (*qp)
    {
      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append (out, "ENCODING=QUOTED-PRINTABLE");
      if (*charset != NULL && !charset_is_utf8 (*charset) && is_name (*charset))
        g_string_append_printf (out, ";CHARSET=%s", *charset);
    }

  return out;
}

static gboolean
is_wanted (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (wanted_attributes); i++)
    if (g_ascii_strcasecmp (name, wanted_attributes[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
value_is_vcard (const char *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));

  return g_ascii_strcasecmp (copy, "VCARD") == 0;
}

static void
splitter_end_card (Splitter *self)
{
  g_string_append (self->current->text, "END:VCARD\r\n");
  g_ptr_array_add (self->cards, self->current);
  self->current = NULL;
}

/* A line inside a card that is no "name:value" (an exporter that did not
 * fold a long note): it continues the value of the line before. */
static void
splitter_add_junk (Splitter   *self,
                   const char *line)
{
  GString         *text = self->current->text;
  g_autofree char *utf8 = NULL;

  if (!self->last_kept || self->last_qp)
    return;

  utf8 = text_to_utf8 (line, -1, NULL);
  g_string_truncate (text, text->len - 2); /* the "\r\n" */
  g_string_append (text, "\\n");
  append_value_escapes_fixed (text, utf8);
  g_string_append (text, "\r\n");
}

static void
splitter_add_line (Splitter   *self,
                   const char *line,
                   guint       line_number)
{
  const char      *name_end = line;
  const char      *colon;
  const char      *name;
  const char      *dot = NULL;
  gboolean         qp = FALSE;
  gboolean         binary = FALSE;
  g_autofree char *charset = NULL;
  g_autofree char *attr_name = NULL;
  g_autoptr (GString) params = NULL;
  RawCard *card;

  while (is_name_char (*name_end) || *name_end == '.')
    {
      if (*name_end == '.')
        dot = name_end;
      name_end++;
    }
  colon = find_value_colon (line);

  if (name_end == line || (*name_end != ';' && *name_end != ':') || colon == NULL || colon < name_end)
    {
      /* Blank lines end 2.1 BASE64 blocks; other junk continues a value. */
      if (self->current != NULL && self->depth == 1 && line[strspn (line, " \t")] != '\0')
        splitter_add_junk (self, line);
      return;
    }

  name = dot != NULL ? dot + 1 : line;
  attr_name = g_strndup (name, name_end - name);
  if (attr_name[0] == '\0')
    return;

  if (g_ascii_strcasecmp (attr_name, "BEGIN") == 0 && value_is_vcard (colon + 1))
    {
      self->seen_begin = TRUE;
      if (self->depth == 1 && !self->last_agent)
        {
          /* The card before was cut short: it ends here. */
          g_ptr_array_add (self->warnings,
                           g_strdup_printf (_ ("Line %u, card %u: the card has no END:VCARD; it ends where the next card begins"),
                                            self->current->line, self->cards->len + 1));
          splitter_end_card (self);
          self->depth = 0;
        }
      self->last_agent = FALSE;
      if (self->depth++ == 0)
        {
          self->current = g_new0 (RawCard, 1);
          self->current->line = line_number;
          self->current->text = g_string_new ("BEGIN:VCARD\r\n");
          self->last_kept = FALSE;
        }
      return;
    }

  if (g_ascii_strcasecmp (attr_name, "END") == 0 && value_is_vcard (colon + 1))
    {
      if (self->depth > 0 && --self->depth == 0)
        splitter_end_card (self);
      return;
    }

  if (self->current == NULL || self->depth != 1)
    return; /* between cards, or inside a nested card */

  self->last_kept = FALSE;
  self->last_agent = g_ascii_strcasecmp (attr_name, "AGENT") == 0;
  if (!is_wanted (attr_name))
    return;

  params = clean_params (name_end, colon - name_end, &qp, &binary, &charset);
  if (binary)
    return;

  card = self->current;
  if (dot != NULL && dot > line)
    {
      /* Keep only the last group ("a.b.TEL" makes EVCard warn). */
      const char *group = dot;

      while (group > line && group[-1] != '.')
        group--;
      g_string_append_len (card->text, group, dot - group + 1);
    }
  g_string_append (card->text, attr_name);
  if (params->len > 0)
    {
      g_string_append_c (card->text, ';');
      g_string_append (card->text, params->str);
    }
  g_string_append_c (card->text, ':');

  if (qp)
    {
      g_autofree char *value = g_strdup (colon + 1);
      gsize            length = strlen (value);

      /* A soft break with nothing after it would make EVCard read on
       * into the next line. */
      if (ends_in_soft_break (value, length))
        value[length - 1] = '\0';
      append_value_escapes_fixed (card->text, value);
    }
  else
    {
      g_autofree char *utf8 = text_to_utf8 (colon + 1, -1, charset);

      append_value_escapes_fixed (card->text, utf8);
    }
  g_string_append (card->text, "\r\n");

  self->last_kept = TRUE;
  self->last_qp = qp;
}

/* Whether the content line gathered so far is quoted-printable and ends
 * in a soft line break, so that the next physical line continues it. */
static gboolean
logical_has_soft_break (GString *logical)
{
  const char *colon;

  if (logical->len == 0 || logical->str[logical->len - 1] != '=')
    return FALSE;
  colon = find_value_colon (logical->str);
  return colon != NULL && params_say_quoted_printable (logical->str, colon) &&
         ends_in_soft_break (colon + 1, logical->str + logical->len - (colon + 1));
}

/* Whether the physical line @next may continue a quoted-printable value
 * that ended in a soft break (a broken exporter may end one with "=" and
 * then close the card). */
static gboolean
may_continue_qp (const char *next)
{
  return g_ascii_strncasecmp (next, "END:VCARD", 9) != 0 && g_ascii_strncasecmp (next, "BEGIN:VCARD", 11) != 0;
}

/* Cut @text (NUL-terminated, no NUL inside) into cards. */
static GPtrArray *
split_cards (const char *text,
             GPtrArray  *warnings)
{
  Splitter self = { .warnings = warnings };
  g_autoptr (GString) logical = g_string_new (NULL);
  guint       logical_line = 0;
  gboolean    have_logical = FALSE;
  gboolean    soft_break = FALSE;
  guint       line_number = 0;
  const char *p = text;

  self.cards = g_ptr_array_new_with_free_func (raw_card_free);

  while (*p != '\0')
    {
      const char      *end = p + strcspn (p, "\r\n");
      g_autofree char *physical = g_strndup (p, end - p);

      line_number++;
      p = end;
      if (*p == '\r')
        p++;
      if (*p == '\n')
        p++;

      if (have_logical && soft_break && may_continue_qp (physical))
        {
          const char *rest = physical;

          g_string_truncate (logical, logical->len - 1); /* the "=" */
          if (*rest == ' ' || *rest == '\t')
            rest++;
          g_string_append (logical, rest);
          soft_break = logical_has_soft_break (logical);
          continue;
        }

      if (have_logical && (physical[0] == ' ' || physical[0] == '\t'))
        {
          g_string_append (logical, physical + 1);
        }
      else
        {
          if (have_logical)
            splitter_add_line (&self, logical->str, logical_line);
          g_string_assign (logical, physical);
          logical_line = line_number;
          have_logical = TRUE;
        }

      soft_break = logical_has_soft_break (logical);
    }
  if (have_logical)
    splitter_add_line (&self, logical->str, logical_line);

  if (self.current != NULL)
    {
      g_ptr_array_add (warnings,
                       g_strdup_printf (_ ("Line %u, card %u: the card has no END:VCARD; it was read up to the end of the file"),
                                        self.current->line, self.cards->len + 1));
      splitter_end_card (&self);
    }

  if (!self.seen_begin)
    g_clear_pointer (&self.cards, g_ptr_array_unref);

  return self.cards;
}

/* ------------------------------------------------------------------ */
/* Step 2: attributes to fields                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray  *warnings;
  guint       line;
  guint       number;
  char       *label; /* the card's name for messages, may be empty */
  CrmRecord  *contact;
  const char *phones[N_SLOTS];
} CardReader;

static void card_warn (CardReader *reader,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
card_warn (CardReader *reader,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (reader->label != NULL && reader->label[0] != '\0')
    /* Translators: "Line 14, card 2 (Ёлкина Алёна): <what happened>" */
    g_ptr_array_add (reader->warnings, g_strdup_printf (_ ("Line %u, card %u (%s): %s"),
                                                        reader->line, reader->number, reader->label, message));
  else
    g_ptr_array_add (reader->warnings, g_strdup_printf (_ ("Line %u, card %u: %s"),
                                                        reader->line, reader->number, message));
}

static gboolean
attr_is (EVCardAttribute *attr,
         const char      *name)
{
  return g_ascii_strcasecmp (e_vcard_attribute_get_name (attr), name) == 0;
}

/* Value @n of @attr, valid UTF-8 and stripped; "" when missing. */
static char *
attr_dup_value (EVCardAttribute *attr,
                guint            n)
{
  GList           *values = e_vcard_attribute_get_values (attr);
  const char      *value = g_list_nth_data (values, n);
  g_autofree char *utf8 = NULL;

  if (value == NULL)
    return g_strdup ("");
  utf8 = text_to_utf8 (value, -1, NULL);
  return crm_text_strip (utf8);
}

/* All values of @attr joined with ';' again (a 2.1 NOTE with a bare ';',
 * a tel: URI with ";ext="), valid UTF-8 and stripped. */
static char *
attr_dup_text (EVCardAttribute *attr)
{
  g_autoptr (GString) joined = g_string_new (NULL);
  g_autofree char *utf8 = NULL;

  for (GList *l = e_vcard_attribute_get_values (attr); l != NULL; l = l->next)
    {
      if (l != e_vcard_attribute_get_values (attr))
        g_string_append_c (joined, ';');
      g_string_append (joined, l->data);
    }
  utf8 = text_to_utf8 (joined->str, joined->len, NULL);

  /* Line ends as the rest of Rapport keeps them: "\n". */
  g_string_truncate (joined, 0);
  for (const char *p = utf8; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (joined, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (joined, *p);
    }
  return crm_text_strip (joined->str);
}

/* Whether @attr has @type among its TYPE values: 2.1 bare types (EVCard
 * makes them TYPE), TYPE=a;TYPE=b, TYPE=a,b and 4.0's TYPE="a,b". */
static gboolean
attr_has_type (EVCardAttribute *attr,
               const char      *type)
{
  for (GList *l = e_vcard_attribute_get_param (attr, EVC_TYPE); l != NULL; l = l->next)
    {
      g_auto (GStrv) parts = g_strsplit (l->data, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (g_ascii_strcasecmp (g_strstrip (parts[i]), type) == 0)
          return TRUE;
    }
  return FALSE;
}

static gboolean
attr_is_pref (EVCardAttribute *attr)
{
  return attr_has_type (attr, "PREF") || e_vcard_attribute_get_param (attr, "PREF") != NULL;
}

/* Apple writes "item1.TEL:…" with "item1.X-ABLabel:_$!<Mobile>!$_" or a
 * label the person typed ("Рабочий"). */
static PhoneSlot
slot_from_apple_label (EVCard          *card,
                       EVCardAttribute *tel)
{
  const char *group = e_vcard_attribute_get_group (tel);

  if (group == NULL)
    return SLOT_NONE;

  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      EVCardAttribute *attr = l->data;
      g_autofree char *label = NULL;
      g_autofree char *lower = NULL;

      if (!attr_is (attr, "X-ABLABEL") || g_strcmp0 (e_vcard_attribute_get_group (attr), group) != 0)
        continue;

      label = attr_dup_text (attr);
      lower = g_utf8_strdown (label, -1);
      if (strstr (lower, "mobile") || strstr (lower, "cell") || strstr (lower, "iphone") ||
          strstr (lower, "моб") || strstr (lower, "сот"))
        return SLOT_MOBILE;
      if (strstr (lower, "home") || strstr (lower, "дом"))
        return SLOT_HOME;
      if (strstr (lower, "work") || strstr (lower, "раб") || strstr (lower, "служ"))
        return SLOT_WORK;
      return SLOT_NONE;
    }
  return SLOT_NONE;
}

static PhoneSlot
phone_slot (EVCard          *card,
            EVCardAttribute *tel)
{
  if (attr_has_type (tel, "CELL") || attr_has_type (tel, "MOBILE") || attr_has_type (tel, "IPHONE"))
    return SLOT_MOBILE;
  if (attr_has_type (tel, "HOME"))
    return SLOT_HOME;
  if (attr_has_type (tel, "WORK") || attr_has_type (tel, "VOICE"))
    return SLOT_WORK;
  return slot_from_apple_label (card, tel);
}

/* Put a checked text value into @field; an over-long one is shortened
 * with a warning, an invalid one left out with a warning. */
static void
reader_set_text (CardReader *reader,
                 const char *field,
                 const char *value)
{
  const CrmField  *f = crm_record_type_get_field (&crm_contact_type, field);
  g_autofree char *normalized = NULL;
  g_autoptr (GError) error = NULL;

  if (crm_field_check_text (f, value, &normalized, &error))
    {
      crm_record_set_string (reader->contact, field, normalized);
      return;
    }

  if (g_error_matches (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_TOO_LONG) && f->max_length > 0)
    {
      g_autofree char *stripped = crm_text_strip (value);
      g_autofree char *shortened = g_utf8_substring (stripped, 0, f->max_length);
      g_autofree char *checked = NULL;

      if (crm_field_check_text (f, shortened, &checked, NULL))
        crm_record_set_string (reader->contact, field, checked);
      card_warn (reader, _ ("%s shortened to %u characters"), crm_field_get_label (f), f->max_length);
      return;
    }

  card_warn (reader, _ ("“%s” left out: %s"), value, error->message);
}

static gboolean
looks_like_patronymic (const char *word)
{
  static const char *const endings[] = {
    "вич", "вна", "чна", "оглы", "кызы", "улы"
  };
  g_autofree char *lower = g_utf8_strdown (word, -1);

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (lower, endings[i]))
      return TRUE;
  return FALSE;
}

static gboolean
has_cyrillic (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_CYRILLIC)
      return TRUE;
  return FALSE;
}

/* Split a formatted name into last/first/middle: «Фамилия Имя Отчество»
 * (or «Имя Отчество Фамилия» when the second word is a patronymic) for
 * Cyrillic names, "Given Middle Family" for Latin ones. */
static void
split_formatted_name (const char *fn,
                      char      **last,
                      char      **first,
                      char      **middle)
{
  g_auto (GStrv) words = g_regex_split_simple ("\\s+", fn, 0, 0);
  g_autoptr (GPtrArray) w = g_ptr_array_new ();
  guint n;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (w, words[i]);
  n = w->len;
  g_ptr_array_add (w, NULL);

  *last = *first = *middle = NULL;
  if (n == 0)
    return;
  if (n == 1)
    {
      *last = g_strdup (w->pdata[0]);
      return;
    }

  if (has_cyrillic (fn))
    {
      if (n >= 3 && looks_like_patronymic (w->pdata[1]) && !looks_like_patronymic (w->pdata[0]))
        {
          *first = g_strdup (w->pdata[0]);
          *middle = g_strdup (w->pdata[1]);
          *last = g_strjoinv (" ", (char **) w->pdata + 2);
        }
      else
        {
          *last = g_strdup (w->pdata[0]);
          *first = g_strdup (w->pdata[1]);
          *middle = n > 2 ? g_strjoinv (" ", (char **) w->pdata + 2) : NULL;
        }
      return;
    }

  *first = g_strdup (w->pdata[0]);
  *last = g_strdup (w->pdata[n - 1]);
  if (n > 2)
    {
      w->pdata[n - 1] = NULL;
      *middle = g_strjoinv (" ", (char **) w->pdata + 1);
    }
}

static EVCardAttribute *
card_find (EVCard     *card,
           const char *name)
{
  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    if (attr_is (l->data, name))
      return l->data;
  return NULL;
}

static char *
card_dup_first_text (EVCard     *card,
                     const char *name)
{
  EVCardAttribute *attr = card_find (card, name);

  return attr != NULL ? attr_dup_text (attr) : g_strdup ("");
}

/* Names from N, else from FN (a company card's FN whole), else ORG.
 * Returns FALSE when the card has no name at all. */
static gboolean
read_names (CardReader *reader,
            EVCard     *card,
            const char *org)
{
  EVCardAttribute *n = card_find (card, "N");
  g_autofree char *fn = card_dup_first_text (card, "FN");
  g_autofree char *show_as = card_dup_first_text (card, "X-ABSHOWAS");
  g_autofree char *last = n != NULL ? attr_dup_value (n, 0) : g_strdup ("");
  g_autofree char *first = n != NULL ? attr_dup_value (n, 1) : g_strdup ("");
  g_autofree char *middle = n != NULL ? attr_dup_value (n, 2) : g_strdup ("");

  if (last[0] == '\0' && first[0] == '\0' && middle[0] == '\0')
    {
      g_clear_pointer (&last, g_free);
      g_clear_pointer (&first, g_free);
      g_clear_pointer (&middle, g_free);

      if (fn[0] != '\0' && (g_ascii_strcasecmp (show_as, "COMPANY") == 0 || g_utf8_collate (fn, org) == 0))
        last = g_strdup (fn);
      else if (fn[0] != '\0')
        split_formatted_name (fn, &last, &first, &middle);
      else if (org[0] != '\0')
        last = g_strdup (org);
      else
        return FALSE;
    }
  else if (last[0] == '\0')
    {
      /* "N:;Alice;;;": one name only, and the last name is required. */
      g_free (last);
      last = g_steal_pointer (&first);
    }

  /* Google puts the patronymic with the first name: "N:Громыхайло;Игорь
   * Викторович;;;". */
  if (first != NULL && (middle == NULL || middle[0] == '\0'))
    {
      g_auto (GStrv) words = g_strsplit (first, " ", -1);

      if (g_strv_length (words) == 2 && has_cyrillic (words[1]) && looks_like_patronymic (words[1]))
        {
          g_free (first);
          g_free (middle);
          first = g_strdup (words[0]);
          middle = g_strdup (words[1]);
        }
    }

  reader_set_text (reader, "last_name", last);
  reader_set_text (reader, "first_name", first);
  reader_set_text (reader, "middle_name", middle);
  return TRUE;
}

static void
place_phone (CardReader *reader,
             PhoneSlot   slot,
             const char *e164)
{
  reader->phones[slot] = e164;
  crm_record_set_string (reader->contact, slot_fields[slot], e164);
}

typedef struct
{
  char     *text;
  char     *e164;
  PhoneSlot slot;
} Phone;

static void
phone_clear (gpointer data)
{
  Phone *phone = data;

  g_free (phone->text);
  g_free (phone->e164);
}

/* Typed phones go to their field; the rest (and a second phone of a
 * type) to the first field still free, in the order of the card. */
static void
read_phones (CardReader *reader,
             EVCard     *card)
{
  g_autoptr (GArray) phones = g_array_new (FALSE, TRUE, sizeof (Phone));
  g_autoptr (GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_set_clear_func (phones, phone_clear);

  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      EVCardAttribute *attr = l->data;
      g_autofree char *text = NULL;
      g_autoptr (GError) error = NULL;
      Phone       phone = { 0 };
      const char *number;
      gboolean    seen = FALSE;

      if (!attr_is (attr, "TEL"))
        continue;

      text = attr_dup_text (attr);
      number = g_ascii_strncasecmp (text, "tel:", 4) == 0 ? text + 4 : text;
      if (*number == '\0')
        continue;

      phone.e164 = crm_phone_normalize (number, &error);
      if (phone.e164 == NULL)
        {
          card_warn (reader, _ ("phone “%s” left out: %s"), number, error->message);
          continue;
        }
      for (guint i = 0; i < phones->len && !seen; i++)
        seen = g_str_equal (g_array_index (phones, Phone, i).e164, phone.e164);
      if (seen)
        {
          g_free (phone.e164);
          continue; /* the same number twice (Google and Apple do that) */
        }
      phone.text = g_strdup (number);
      phone.slot = phone_slot (card, attr);
      g_array_append_val (phones, phone);
    }

  for (guint i = 0; i < phones->len; i++)
    {
      Phone *phone = &g_array_index (phones, Phone, i);

      if (phone->slot != SLOT_NONE && reader->phones[phone->slot] == NULL)
        place_phone (reader, phone->slot, phone->e164);
      else
        g_array_append_val (waiting, i);
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      Phone    *phone = &g_array_index (phones, Phone, g_array_index (waiting, guint, i));
      PhoneSlot slot = SLOT_NONE;

      for (guint s = 0; s < N_SLOTS && slot == SLOT_NONE; s++)
        if (reader->phones[s] == NULL)
          slot = (PhoneSlot) s;
      if (slot == SLOT_NONE)
        card_warn (reader, _ ("phone “%s” left out: the contact has no free phone field"), phone->text);
      else
        place_phone (reader, slot, phone->e164);
    }

  /* The strings belong to the array: the record has copies. */
  memset (reader->phones, 0, sizeof reader->phones);
}

/* EMAIL in the card's order, a PREF one first: the first → email, the
 * second → email2. */
static void
read_emails (CardReader *reader,
             EVCard     *card)
{
  static const char *const fields[] = { "email", "email2" };
  const CrmField          *email_field = crm_record_type_get_field (&crm_contact_type, "email");
  g_autoptr (GPtrArray) pref = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) other = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      EVCardAttribute *attr = l->data;
      char            *text;

      if (!attr_is (attr, "EMAIL"))
        continue;
      text = attr_dup_text (attr);
      if (g_ascii_strncasecmp (text, "mailto:", 7) == 0)
        memmove (text, text + 7, strlen (text + 7) + 1);
      if (text[0] == '\0')
        g_free (text);
      else
        g_ptr_array_add (attr_is_pref (attr) ? pref : other, text);
    }
  g_ptr_array_extend_and_steal (pref, g_steal_pointer (&other));

  for (guint i = 0; i < pref->len; i++)
    {
      const char      *text = g_ptr_array_index (pref, i);
      g_autofree char *normalized = NULL;
      g_autoptr (GError) error = NULL;
      gboolean seen = FALSE;

      if (!crm_field_check_text (email_field, text, &normalized, &error))
        {
          card_warn (reader, _ ("e-mail “%s” left out: %s"), text, error->message);
          continue;
        }
      for (guint k = 0; k < kept->len && !seen; k++)
        seen = g_ascii_strcasecmp (g_ptr_array_index (kept, k), normalized) == 0;
      if (seen)
        continue;
      if (kept->len == G_N_ELEMENTS (fields))
        {
          card_warn (reader, _ ("e-mail “%s” left out: the contact has no free e-mail field"), text);
          continue;
        }
      crm_record_set_string (reader->contact, fields[kept->len], normalized);
      g_ptr_array_add (kept, g_steal_pointer (&normalized));
    }
}

/* The city of a work address, else of the first address that has one. */
static void
read_city (CardReader *reader,
           EVCard     *card)
{
  g_autofree char *city = NULL;

  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      EVCardAttribute *attr = l->data;
      g_autofree char *locality = NULL;

      if (!attr_is (attr, "ADR"))
        continue;
      locality = attr_dup_value (attr, 3);
      if (locality[0] == '\0')
        continue;
      if (city == NULL)
        city = g_strdup (locality);
      if (attr_has_type (attr, "WORK"))
        {
          g_free (city);
          city = g_steal_pointer (&locality);
          break;
        }
    }
  if (city != NULL)
    reader_set_text (reader, "city", city);
}

/* BDAY as 1975-03-14, 19750314, 1975-03-14T00:00:00Z or 14.03.1975.
 * Without a year (--0314, Apple's X-APPLE-OMIT-YEAR) there is no date
 * to keep. */
static void
read_birthday (CardReader *reader,
               EVCard     *card)
{
  EVCardAttribute *attr = card_find (card, "BDAY");
  g_autofree char *text = NULL;
  g_autofree char *digits = NULL;
  int              y = 0, m = 0, d = 0;
  char            *t;

  if (attr == NULL)
    return;
  text = attr_dup_text (attr);
  if (text[0] == '\0')
    return;

  if (g_str_has_prefix (text, "--") || e_vcard_attribute_get_param (attr, "X-APPLE-OMIT-YEAR") != NULL)
    {
      card_warn (reader, _ ("birthday “%s” left out: it has no year"), text);
      return;
    }

  digits = g_strdup (text);
  t = strchr (digits, 'T');
  if (t != NULL)
    *t = '\0';

  if (strlen (digits) != 10 || sscanf (digits, "%2d.%2d.%4d", &d, &m, &y) != 3)
    {
      char     only[9];
      guint    n = 0;
      gboolean ok = TRUE;

      y = m = d = 0;
      for (const char *p = digits; *p != '\0' && ok; p++)
        {
          if (g_ascii_isdigit (*p) && n < 8)
            only[n++] = *p;
          else if (*p != '-')
            ok = FALSE; /* any other sign, or too many digits: not a date */
        }
      only[n] = '\0';
      if (ok && n == 8 && sscanf (only, "%4d%2d%2d", &y, &m, &d) != 3)
        y = 0;
    }

  if (y < 1 || y > 9999 || !g_date_valid_dmy (d, m, y))
    {
      card_warn (reader, _ ("birthday “%s” left out: it is not a date"), text);
      return;
    }

  {
    g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02d", y, m, d);

    crm_record_set_text (reader->contact, "birthday", iso, NULL);
  }
}

/* X-SKYPE (Evolution), X-SKYPE-USERNAME, IMPP:skype:… (RFC 4770, 4.0). */
static void
read_skype (CardReader *reader,
            EVCard     *card)
{
  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      EVCardAttribute *attr = l->data;
      g_autofree char *text = NULL;
      char            *name;

      if (attr_is (attr, "IMPP"))
        {
          GList *service = e_vcard_attribute_get_param (attr, "X-SERVICE-TYPE");

          text = attr_dup_text (attr);
          if (g_ascii_strncasecmp (text, "skype:", 6) == 0)
            name = text + 6;
          else if (service != NULL && g_ascii_strcasecmp (service->data, "skype") == 0)
            name = strchr (text, ':') ? strchr (text, ':') + 1 : text;
          else
            continue;
        }
      else if (attr_is (attr, "X-SKYPE") || attr_is (attr, "X-SKYPE-USERNAME"))
        {
          text = attr_dup_text (attr);
          name = g_ascii_strncasecmp (text, "skype:", 6) == 0 ? text + 6 : text;
        }
      else
        continue;

      name[strcspn (name, "?")] = '\0'; /* skype:name?call */
      if (*name == '\0')
        continue;
      if (crm_record_get_string (reader->contact, "skype") != NULL)
        {
          card_warn (reader, _ ("Skype name “%s” left out: the contact has only one Skype field"), name);
          continue;
        }
      reader_set_text (reader, "skype", name);
    }
}

static void
read_comments (CardReader *reader,
               EVCard     *card)
{
  g_autoptr (GString) notes = g_string_new (NULL);

  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      g_autofree char *text = NULL;

      if (!attr_is (l->data, "NOTE"))
        continue;
      text = attr_dup_text (l->data);
      if (text[0] == '\0')
        continue;
      if (notes->len > 0)
        g_string_append (notes, "\n\n");
      g_string_append (notes, text);
    }
  if (notes->len > 0)
    reader_set_text (reader, "comments", notes->str);
}

static char *
card_dup_label (EVCard *card)
{
  EVCardAttribute *n;
  g_autofree char *fn = card_dup_first_text (card, "FN");

  if (fn[0] != '\0')
    return g_steal_pointer (&fn);

  n = card_find (card, "N");
  if (n != NULL)
    {
      g_autofree char *last = attr_dup_value (n, 0);
      g_autofree char *first = attr_dup_value (n, 1);
      g_autofree char *middle = attr_dup_value (n, 2);
      const char      *parts[] = { last, first, middle };
      GString         *label = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i][0] != '\0')
          g_string_append_printf (label, "%s%s", label->len > 0 ? " " : "", parts[i]);
      return g_string_free (label, FALSE);
    }
  return g_strdup ("");
}

static CrmContact *
read_card (RawCard   *raw,
           guint      number,
           GPtrArray *warnings)
{
  EVCard *card = e_vcard_new_from_string (raw->text->str);
  g_autoptr (CrmContact) contact = crm_contact_new ();
  CardReader       reader = { 0 };
  g_autofree char *org = NULL;
  g_autofree char *title = NULL;
  EVCardAttribute *attr;

  reader.warnings = warnings;
  reader.line = raw->line;
  reader.number = number;
  reader.label = card_dup_label (card);
  reader.contact = CRM_RECORD (contact);

  attr = card_find (card, "ORG");
  org = attr != NULL ? attr_dup_value (attr, 0) : g_strdup ("");

  if (!read_names (&reader, card, org))
    {
      card_warn (&reader, _ ("the card has no name (N, FN or ORG) and was left out"));
      g_clear_object (&contact);
    }
  else
    {
      reader_set_text (&reader, "account_name", org);
      title = card_dup_first_text (card, "TITLE");
      if (title[0] == '\0')
        {
          g_free (title);
          title = card_dup_first_text (card, "ROLE");
        }
      reader_set_text (&reader, "position", title);
      read_phones (&reader, card);
      read_emails (&reader, card);
      read_city (&reader, card);
      read_comments (&reader, card);
      read_birthday (&reader, card);
      read_skype (&reader, card);
    }

  g_free (reader.label);
  g_object_unref (card);
  return g_steal_pointer (&contact);
}

/* The text of @data as UTF-8-compatible bytes without a BOM: UTF-16
 * (Outlook saves it) is converted, NUL bytes refused. */
static char *
prepare_text (const char *data,
              gsize       length,
              GError    **error)
{
  const guchar *u = (const guchar *) data;
  const char   *from = NULL;

  if (length >= 2 && u[0] == 0xFF && u[1] == 0xFE)
    from = "UTF-16LE", data += 2, length -= 2;
  else if (length >= 2 && u[0] == 0xFE && u[1] == 0xFF)
    from = "UTF-16BE", data += 2, length -= 2;
  else if (length >= 4 && u[0] != 0 && u[1] == 0 && u[2] != 0 && u[3] == 0)
    from = "UTF-16LE";
  else if (length >= 4 && u[0] == 0 && u[1] != 0 && u[2] == 0 && u[3] != 0)
    from = "UTF-16BE";

  if (from != NULL)
    {
      gsize            written = 0;
      g_autofree char *converted = g_convert (data, length, "UTF-8", from, NULL, &written, NULL);

      if (converted == NULL)
        {
          g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_NOT_VCARD,
                       _ ("This is not a vCard file: it looks like UTF-16 text but is not valid UTF-16"));
          return NULL;
        }
      return prepare_text (converted, written, error);
    }

  if (length >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    data += 3, length -= 3;

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_NOT_VCARD,
                   _ ("This is not a vCard file: it contains binary data"));
      return NULL;
    }

  return g_strndup (data, length);
}

GPtrArray *
crm_vcard_parse (const char *data,
                 gsize       length,
                 GPtrArray **warnings,
                 GError    **error)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) cards = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = prepare_text (data != NULL ? data : "", length, error);
  if (text == NULL)
    return NULL;

  if (text[strspn (text, " \t\r\n")] == '\0')
    {
      g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_EMPTY, _ ("The vCard file is empty"));
      return NULL;
    }

  cards = split_cards (text, found);
  if (cards == NULL)
    {
      g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_NOT_VCARD,
                   _ ("This is not a vCard file: no line says BEGIN:VCARD"));
      return NULL;
    }

  contacts = g_ptr_array_new_full (cards->len, g_object_unref);
  for (guint i = 0; i < cards->len; i++)
    {
      CrmContact *contact = read_card (g_ptr_array_index (cards, i), i + 1, found);

      if (contact != NULL)
        g_ptr_array_add (contacts, contact);
    }

  g_debug ("vCard: %u cards, %u contacts, %u warnings", cards->len, contacts->len, found->len);

  if (warnings != NULL)
    *warnings = g_steal_pointer (&found);
  return g_steal_pointer (&contacts);
}

GPtrArray *
crm_vcard_load_file (GFile      *file,
                     GPtrArray **warnings,
                     GError    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  GPtrArray *contacts;
  gsize      length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info != NULL && g_file_info_get_size (info) > CRM_VCARD_MAX_FILE_SIZE)
    {
      g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_IO,
                   _ ("Could not read “%s”: the file is bigger than %u MB"),
                   name, CRM_VCARD_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (info == NULL || !g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_IO,
                   _ ("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  contacts = crm_vcard_parse (contents, length, warnings, error);
  if (contacts == NULL)
    g_prefix_error (error, "%s: ", name);
  return contacts;
}
