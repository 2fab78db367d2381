/* crm-employee.c — an employee and the names of the roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-employee.h"

struct _CrmEmployee
{
  GObject  parent_instance;

  gint64   id;
  char    *login;
  char    *full_name;
  char    *role;
  gint64   team_id;
  char    *team_name;
  gboolean active;
  char    *position;
  char    *email;
  char    *phone;
};

G_DEFINE_FINAL_TYPE (CrmEmployee, crm_employee, G_TYPE_OBJECT)

static const char *const role_names[] = { CRM_ROLE_ADMIN, CRM_ROLE_HEAD, CRM_ROLE_MANAGER, CRM_ROLE_READONLY, NULL };

const char *const *
crm_role_names (void)
{
  return role_names;
}

const char *
crm_role_get_label (const char *role)
{
  if (g_strcmp0 (role, CRM_ROLE_ADMIN) == 0)
    return _ ("Administrator");
  if (g_strcmp0 (role, CRM_ROLE_HEAD) == 0)
    return _ ("Head");
  if (g_strcmp0 (role, CRM_ROLE_MANAGER) == 0)
    return _ ("Manager");
  if (g_strcmp0 (role, CRM_ROLE_READONLY) == 0)
    return _ ("Read Only");
  return _ ("No access");
}

const char *
crm_role_get_description (const char *role)
{
  if (g_strcmp0 (role, CRM_ROLE_ADMIN) == 0)
    return _ ("Sees and changes everything, manages employees and teams");
  if (g_strcmp0 (role, CRM_ROLE_HEAD) == 0)
    return _ ("Sees every record and the money figures; changes the team’s records");
  if (g_strcmp0 (role, CRM_ROLE_MANAGER) == 0)
    return _ ("Sees and changes own and the team’s records and those shared with them; no money figures");
  if (g_strcmp0 (role, CRM_ROLE_READONLY) == 0)
    return _ ("Sees every record but the money figures; changes nothing");
  return _ ("May not sign in to Rapport’s data");
}

static void
crm_employee_finalize (GObject *object)
{
  CrmEmployee *self = CRM_EMPLOYEE (object);

  g_free (self->login);
  g_free (self->full_name);
  g_free (self->role);
  g_free (self->team_name);
  g_free (self->position);
  g_free (self->email);
  g_free (self->phone);

  G_OBJECT_CLASS (crm_employee_parent_class)->finalize (object);
}

static void
crm_employee_class_init (CrmEmployeeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_employee_finalize;
}

static void
crm_employee_init (CrmEmployee *self)
{
}

CrmEmployee *
crm_employee_new (gint64      id,
                  const char *login,
                  const char *full_name,
                  const char *role,
                  gint64      team_id,
                  const char *team_name,
                  gboolean    active)
{
  CrmEmployee *self = g_object_new (CRM_TYPE_EMPLOYEE, NULL);

  self->id = id;
  self->login = g_strdup (login);
  self->full_name = g_strdup (full_name);
  self->role = g_strdup (role);
  self->team_id = team_id;
  self->team_name = g_strdup (team_name);
  self->active = active;
  return self;
}

/* Empty strings count as none. */
static char *
dup_or_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

void
crm_employee_set_contacts (CrmEmployee *self,
                           const char  *position,
                           const char  *email,
                           const char  *phone)
{
  g_return_if_fail (CRM_IS_EMPLOYEE (self));

  g_free (self->position);
  g_free (self->email);
  g_free (self->phone);
  self->position = dup_or_null (position);
  self->email = dup_or_null (email);
  self->phone = dup_or_null (phone);
}

#define GETTER(type, name, zero)                         \
  type crm_employee_get_##name (CrmEmployee *self)       \
  {                                                      \
    g_return_val_if_fail (CRM_IS_EMPLOYEE (self), zero); \
    return self->name;                                   \
  }

GETTER (gint64, id, 0)
GETTER (const char *, login, NULL)
GETTER (const char *, full_name, NULL)
GETTER (const char *, role, NULL)
GETTER (gint64, team_id, 0)
GETTER (const char *, team_name, NULL)
GETTER (gboolean, active, FALSE)
GETTER (const char *, position, NULL)
GETTER (const char *, email, NULL)
GETTER (const char *, phone, NULL)

#undef GETTER

gboolean
crm_employee_check_login (const char *login,
                          char      **message)
{
  gsize len = login != NULL ? strlen (login) : 0;

  if (message != NULL)
    *message = NULL;

  if (len == 0)
    {
      if (message != NULL)
        *message = g_strdup (_ ("Enter a login"));
      return FALSE;
    }
  if (len > 63 || !(g_ascii_islower (login[0]) || login[0] == '_'))
    goto invalid;
  for (gsize i = 1; i < len; i++)
    if (!(g_ascii_islower (login[i]) || g_ascii_isdigit (login[i]) || strchr ("._-", login[i]) != NULL))
      goto invalid;
  if (g_str_has_prefix (login, "rapport_") || g_str_has_prefix (login, "pg_"))
    {
      if (message != NULL)
        *message = g_strdup_printf (_ ("The login “%s” is reserved"), login);
      return FALSE;
    }
  return TRUE;

invalid:
  if (message != NULL)
    *message = g_strdup_printf (_ ("The login “%s” is not valid: use lower-case Latin letters, digits, “.”, “-” "
                                   "and “_”, starting with a letter"),
                                login);
  return FALSE;
}

/* Russian letters in Latin, as in passports (ICAO Doc 9303). */
static const char *
transliterate (gunichar c)
{
  static const char *const table[] = {
    "a",
    "b",
    "v",
    "g",
    "d",
    "e",
    "zh",
    "z",
    "i",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "r",
    "s",
    "t",
    "u",
    "f",
    "kh",
    "ts",
    "ch",
    "sh",
    "shch",
    "ie",
    "y",
    "",
    "e",
    "iu",
    "ia",
  };

  c = g_unichar_tolower (c);
  if (c >= 0x0430 && c <= 0x044F) /* а … я */
    return table[c - 0x0430];
  if (c == 0x0451) /* ё */
    return "e";
  return NULL;
}

static void
append_latin (GString    *out,
              const char *word,
              gboolean    first_only)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar    c = g_utf8_get_char (p);
      const char *latin = transliterate (c);
      gsize       before = out->len;

      if (latin != NULL)
        g_string_append (out, latin);
      else if (c < 0x80 && g_ascii_isalnum ((char) c))
        g_string_append_c (out, g_ascii_tolower ((char) c));
      else if (c == '-' && !first_only && out->len > 0)
        g_string_append_c (out, '-');
      if (first_only && out->len > before)
        {
          /* One letter for an initial: "zh" → "z". */
          g_string_truncate (out, before + 1);
          return;
        }
    }
}

char *
crm_employee_suggest_login (const char *full_name)
{
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) login = g_string_new (NULL);
  guint n = 0;

  if (full_name == NULL)
    return NULL;
  words = g_strsplit_set (full_name, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n == 0)
        append_latin (login, words[i], FALSE);
      else
        {
          if (n == 1 && login->len > 0)
            g_string_append_c (login, '.');
          append_latin (login, words[i], TRUE);
        }
      n++;
    }
  while (login->len > 0 && strchr (".-", login->str[login->len - 1]) != NULL)
    g_string_truncate (login, login->len - 1);
  if (login->len > 63)
    g_string_truncate (login, 63);
  if (!crm_employee_check_login (login->str, NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&login), FALSE);
}
