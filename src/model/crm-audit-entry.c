/* crm-audit-entry.c — one row of the audit trail and its plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-audit-entry.h"
#include "crm-record.h"

/* A value longer than this is cut with "…" (comments can be 20,000). */
#define MAX_VALUE_CHARS 200

#define NBSP "\u00a0"

struct _CrmAuditEntry
{
  GObject              parent_instance;

  gint64               id;
  GDateTime           *at;
  char                *actor;
  char                *actor_name;
  char                *table_name;
  const CrmRecordType *type;
  gint64               record_id;
  CrmAuditOp           op;
  int                  version;
  char                *record_title;
  gint64               merged_into;
  GPtrArray           *changes; /* CrmAuditChange */
  CrmRecord           *scratch; /* for formatting values, made when needed */
};

G_DEFINE_FINAL_TYPE (CrmAuditEntry, crm_audit_entry, G_TYPE_OBJECT)

static void
change_free (gpointer data)
{
  CrmAuditChange *change = data;

  g_free (change->field);
  g_free (change->old_text);
  g_free (change->new_text);
  g_free (change->old_name);
  g_free (change->new_name);
  g_free (change);
}

/* Where a field stands in the form: own fields in their order, then the
 * common ones, then anything else. */
static guint
field_rank (const CrmRecordType *type,
            const char          *field)
{
  guint           n_common;
  const CrmField *common = crm_record_type_common_fields (&n_common);
  guint           n_own = type ? type->n_fields : 0;

  for (guint i = 0; i < n_own; i++)
    if (g_str_equal (type->fields[i].name, field))
      return i;
  for (guint i = 0; i < n_common; i++)
    if (g_str_equal (common[i].name, field))
      return n_own + i;
  return G_MAXUINT;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const CrmRecordType  *type = user_data;
  const CrmAuditChange *ca = *(CrmAuditChange *const *) a;
  const CrmAuditChange *cb = *(CrmAuditChange *const *) b;
  guint                 ra = field_rank (type, ca->field);
  guint                 rb = field_rank (type, cb->field);

  if (ra != rb)
    return ra < rb ? -1 : 1;
  return strcmp (ca->field, cb->field);
}

/* One line, at most MAX_VALUE_CHARS characters. */
static char *
one_line (const char *text)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p != '\0' && n < MAX_VALUE_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  if (g_utf8_strlen (text, -1) > MAX_VALUE_CHARS)
    g_string_append (out, "…");

  return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
}

static void
crm_audit_entry_finalize (GObject *object)
{
  CrmAuditEntry *self = CRM_AUDIT_ENTRY (object);

  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->table_name, g_free);
  g_clear_pointer (&self->record_title, g_free);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_object (&self->scratch);

  G_OBJECT_CLASS (crm_audit_entry_parent_class)->finalize (object);
}

static void
crm_audit_entry_class_init (CrmAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_audit_entry_finalize;
}

static void
crm_audit_entry_init (CrmAuditEntry *self)
{
  self->changes = g_ptr_array_new_with_free_func (change_free);
}

CrmAuditEntry *
crm_audit_entry_new (gint64      id,
                     GDateTime  *at,
                     const char *actor,
                     const char *actor_name,
                     const char *table_name,
                     gint64      record_id,
                     CrmAuditOp  op,
                     int         version)
{
  CrmAuditEntry *self;

  g_return_val_if_fail (at != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  self = g_object_new (CRM_TYPE_AUDIT_ENTRY, NULL);
  self->id = id;
  self->at = g_date_time_ref (at);
  self->actor = g_strdup (actor);
  self->actor_name = (actor_name && actor_name[0]) ? g_strdup (actor_name) : NULL;
  self->table_name = g_strdup (table_name);
  self->type = crm_record_type_lookup (table_name);
  self->record_id = record_id;
  self->op = op;
  self->version = version;

  return self;
}

gint64
crm_audit_entry_get_id (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), 0);
  return self->id;
}

GDateTime *
crm_audit_entry_get_at (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->at;
}

const char *
crm_audit_entry_get_actor (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->actor;
}

const char *
crm_audit_entry_get_actor_name (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->actor_name;
}

const char *
crm_audit_entry_get_actor_display (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->actor_name ? self->actor_name : self->actor;
}

const char *
crm_audit_entry_get_table_name (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->table_name;
}

const CrmRecordType *
crm_audit_entry_get_record_type (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->type;
}

gint64
crm_audit_entry_get_record_id (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), 0);
  return self->record_id;
}

CrmAuditOp
crm_audit_entry_get_op (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), CRM_AUDIT_OP_UPDATE);
  return self->op;
}

int
crm_audit_entry_get_version (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), 0);
  return self->version;
}

const char *
crm_audit_entry_get_record_title (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  return self->record_title;
}

void
crm_audit_entry_set_record_title (CrmAuditEntry *self,
                                  const char    *title)
{
  g_return_if_fail (CRM_IS_AUDIT_ENTRY (self));

  g_free (self->record_title);
  self->record_title = (title && title[0]) ? g_strdup (title) : NULL;
}

gint64
crm_audit_entry_get_merged_into (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), 0);
  return self->merged_into;
}

void
crm_audit_entry_set_merged_into (CrmAuditEntry *self,
                                 gint64         kept_id)
{
  g_return_if_fail (CRM_IS_AUDIT_ENTRY (self));
  self->merged_into = kept_id;
}

void
crm_audit_entry_add_change (CrmAuditEntry *self,
                            const char    *field,
                            const char    *old_text,
                            const char    *new_text)
{
  CrmAuditChange *change;

  g_return_if_fail (CRM_IS_AUDIT_ENTRY (self));
  g_return_if_fail (field != NULL);

  change = g_new0 (CrmAuditChange, 1);
  change->field = g_strdup (field);
  change->old_text = g_strdup (old_text);
  change->new_text = g_strdup (new_text);
  g_ptr_array_add (self->changes, change);
}

void
crm_audit_entry_sort_changes (CrmAuditEntry *self)
{
  g_return_if_fail (CRM_IS_AUDIT_ENTRY (self));

  g_ptr_array_sort_with_data (self->changes, compare_changes, (gpointer) self->type);
}

guint
crm_audit_entry_get_n_changes (CrmAuditEntry *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), 0);
  return self->changes->len;
}

CrmAuditChange *
crm_audit_entry_get_change (CrmAuditEntry *self,
                            guint          index)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  g_return_val_if_fail (index < self->changes->len, NULL);

  return g_ptr_array_index (self->changes, index);
}

CrmAuditChange *
crm_audit_entry_find_change (CrmAuditEntry *self,
                             const char    *field)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < self->changes->len; i++)
    {
      CrmAuditChange *change = g_ptr_array_index (self->changes, i);

      if (g_str_equal (change->field, field))
        return change;
    }
  return NULL;
}

void
crm_audit_change_set_names (CrmAuditChange *change,
                            const char     *old_name,
                            const char     *new_name)
{
  g_return_if_fail (change != NULL);

  g_free (change->old_name);
  g_free (change->new_name);
  change->old_name = g_strdup (old_name);
  change->new_name = g_strdup (new_name);
}

/* ---- In plain words ---- */

static const CrmField *
lookup_field (CrmAuditEntry *self,
              const char    *field)
{
  /* Without a descriptor only the common fields are known. */
  return crm_record_type_get_field (self->type, field);
}

const char *
crm_audit_entry_get_field_label (CrmAuditEntry *self,
                                 const char    *field)
{
  const CrmField *f;

  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  f = lookup_field (self, field);
  return f ? crm_field_get_label (f) : field;
}

char *
crm_audit_entry_dup_value (CrmAuditEntry        *self,
                           const CrmAuditChange *change,
                           gboolean              new_value)
{
  const char      *text;
  const char      *name;
  const CrmField  *f;
  g_autofree char *display = NULL;

  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);
  g_return_val_if_fail (change != NULL, NULL);

  text = new_value ? change->new_text : change->old_text;
  name = new_value ? change->new_name : change->old_name;
  if (text == NULL || text[0] == '\0')
    return NULL;

  f = lookup_field (self, change->field);
  if (f == NULL || g_str_equal (f->name, "custom"))
    return one_line (text);

  switch (f->kind)
    {
    case CRM_FIELD_REF:
      if (name != NULL && name[0] != '\0')
        return one_line (name);
      /* Translators: a record that could not be named (deleted, or not
       * yours to see), by its number */
      return g_strdup_printf (_ ("No. %s"), text);

    case CRM_FIELD_BOOL:
      return g_strdup (text[0] == 't' || text[0] == 'T' || text[0] == '1' || text[0] == 'y' ? _ ("Yes") : _ ("No"));

    case CRM_FIELD_TEXT:
    case CRM_FIELD_MULTILINE:
    case CRM_FIELD_INT:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
    case CRM_FIELD_INN:
    case CRM_FIELD_KPP:
    case CRM_FIELD_OGRN:
    case CRM_FIELD_DIGITS:
      return one_line (text);

    case CRM_FIELD_CHOICE:
    case CRM_FIELD_PHONE:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
    default:
      break;
    }

  /* As the form shows it: through a record of the type. */
  if (self->type == NULL)
    return one_line (text);
  if (self->scratch == NULL)
    self->scratch = crm_record_new (self->type);
  if (!crm_record_set_text (self->scratch, f->name, text, NULL))
    return one_line (text);
  display = crm_record_dup_display (self->scratch, f->name);
  crm_record_set_text (self->scratch, f->name, NULL, NULL);

  /* A phone is one word: lines break around it, not inside it. */
  if (display != NULL && f->kind == CRM_FIELD_PHONE)
    {
      g_auto (GStrv) parts = g_strsplit (display, " ", -1);

      g_free (display);
      display = g_strjoinv (NBSP, parts);
    }

  return display ? one_line (display) : one_line (text);
}

static char *
dup_value_or_dash (CrmAuditEntry        *self,
                   const CrmAuditChange *change,
                   gboolean              new_value)
{
  char *value = crm_audit_entry_dup_value (self, change, new_value);

  return value ? value : g_strdup ("—");
}

static gboolean
is_foreign (CrmAuditEntry *self,
            gint64         context_id)
{
  return context_id != 0 && self->record_id != context_id;
}

char *
crm_audit_entry_dup_summary (CrmAuditEntry *self,
                             gint64         context_id)
{
  const char *who;

  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);

  who = crm_audit_entry_get_actor_display (self);

  switch (self->op)
    {
    case CRM_AUDIT_OP_INSERT:
      /* Translators: %s is a person */
      return g_strdup_printf (_ ("%s created the record"), who);

    case CRM_AUDIT_OP_DELETE:
      if (self->merged_into != 0 && is_foreign (self, context_id) && self->merged_into == context_id)
        /* Translators: the first %s is a person, the second a record's name */
        return g_strdup_printf (_ ("%s merged “%s” into this record"), who,
                                self->record_title ? self->record_title : "—");
      if (self->merged_into != 0)
        /* Translators: %s is a person */
        return g_strdup_printf (_ ("%s merged the record into another one"), who);
      /* Translators: %s is a person */
      return g_strdup_printf (_ ("%s deleted the record"), who);

    case CRM_AUDIT_OP_UPDATE:
    default:
      break;
    }

  /* Nothing, or only fields withheld from the reader (revenue). */
  if (self->changes->len == 0)
    /* Translators: %s is a person */
    return g_strdup_printf (_ ("%s saved the record with no changes you can see"), who);

  if (self->changes->len == 1)
    {
      const CrmAuditChange *change = g_ptr_array_index (self->changes, 0);
      const char           *label = crm_audit_entry_get_field_label (self, change->field);
      g_autofree char      *old_value = crm_audit_entry_dup_value (self, change, FALSE);
      g_autofree char      *new_value = crm_audit_entry_dup_value (self, change, TRUE);

      if (old_value == NULL && new_value == NULL)
        /* Translators: %1$s is a person, %2$s a field's label */
        return g_strdup_printf (_ ("%1$s changed “%2$s”"), who, label);
      if (old_value == NULL)
        /* Translators: %1$s is a person, %2$s a field's label, %3$s its new value */
        return g_strdup_printf (_ ("%1$s filled in “%2$s”: %3$s"), who, label, new_value);
      if (new_value == NULL)
        /* Translators: %1$s is a person, %2$s a field's label, %3$s the value it had */
        return g_strdup_printf (_ ("%1$s cleared “%2$s” (was: %3$s)"), who, label, old_value);
      /* Translators: %1$s is a person, %2$s a field's label, %3$s the old and %4$s the new value */
      return g_strdup_printf (_ ("%1$s changed “%2$s”: %3$s → %4$s"), who, label, old_value, new_value);
    }

  /* Translators: %1$s is a person, %2$u how many fields they changed */
  return g_strdup_printf (ngettext ("%1$s changed %2$u field", "%1$s changed %2$u fields", self->changes->len),
                          who, self->changes->len);
}

GStrv
crm_audit_entry_dup_details (CrmAuditEntry *self)
{
  g_autoptr (GStrvBuilder) builder = NULL;

  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);

  if (self->op == CRM_AUDIT_OP_UPDATE && self->changes->len <= 1)
    return NULL;
  if (self->changes->len == 0)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->changes->len; i++)
    {
      const CrmAuditChange *change = g_ptr_array_index (self->changes, i);
      const char           *label = crm_audit_entry_get_field_label (self, change->field);

      if (self->op == CRM_AUDIT_OP_UPDATE)
        {
          g_autofree char *old_value = dup_value_or_dash (self, change, FALSE);
          g_autofree char *new_value = dup_value_or_dash (self, change, TRUE);

          g_autofree char *line = NULL;

          /* Translators: a changed field: its label, the old and the new value */
          line = g_strdup_printf (_ ("%1$s: %2$s → %3$s"), label, old_value, new_value);
          g_strv_builder_add (builder, line);
        }
      else
        {
          g_autofree char *value = dup_value_or_dash (self, change, self->op == CRM_AUDIT_OP_INSERT);

          g_autofree char *line = NULL;

          /* Translators: a field's label and its value */
          line = g_strdup_printf (_ ("%1$s: %2$s"), label, value);
          g_strv_builder_add (builder, line);
        }
    }

  return g_strv_builder_end (builder);
}

char *
crm_audit_entry_dup_note (CrmAuditEntry *self,
                          gint64         context_id)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (self), NULL);

  if (!is_foreign (self, context_id) || (self->op == CRM_AUDIT_OP_DELETE && self->merged_into == context_id))
    return NULL;

  /* Translators: %s is the name of a record that was merged into the one shown */
  return g_strdup_printf (_ ("In “%s”, later merged into this record"),
                          self->record_title ? self->record_title : "—");
}

char *
crm_audit_format_time (GDateTime *at,
                       GDateTime *now)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) local_now = NULL;
  g_autoptr (GDateTime) yesterday = NULL;
  GTimeSpan span;

  g_return_val_if_fail (at != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  span = g_date_time_difference (now, at);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_ ("just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      guint minutes = (guint) (span / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("%u minute ago", "%u minutes ago", minutes), minutes);
    }

  /* Days as the person sees them: in @now's zone. */
  local_now = g_date_time_ref (now);
  local = g_date_time_to_timezone (at, g_date_time_get_timezone (now));
  yesterday = g_date_time_add_days (local_now, -1);

  if (g_date_time_get_year (local) == g_date_time_get_year (local_now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    {
      guint hours = (guint) (span / G_TIME_SPAN_HOUR);

      if (hours < 6)
        return g_strdup_printf (ngettext ("%u hour ago", "%u hours ago", hours), hours);
      /* Translators: a time today, strftime format (%H:%M is the time) */
      return g_date_time_format (local, _ ("today at %H:%M"));
    }
  if (g_date_time_get_year (local) == g_date_time_get_year (yesterday) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (yesterday))
    /* Translators: a time yesterday, strftime format (%H:%M is the time) */
    return g_date_time_format (local, _ ("yesterday at %H:%M"));
  if (g_date_time_get_year (local) == g_date_time_get_year (local_now) && span > 0)
    /* Translators: a date this year with the time, strftime format: "2 December at 14:20" */
    return g_date_time_format (local, _ ("%-d %B at %H:%M"));
  /* Translators: a date with the year and the time, strftime format: "2 December 2025 at 14:20" */
  return g_date_time_format (local, _ ("%-d %B %Y at %H:%M"));
}
