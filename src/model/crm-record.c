/* crm-record.c — the base of every stored record
 *
 * Values live in one GValue per field: the common fields of every table
 * first, then the record type's own. Each field is also a GObject
 * property, so widgets can bind to any of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "crm-money.h"
#include "crm-phone.h"
#include "crm-record.h"

typedef struct
{
  const CrmRecordType *type;
  GValue              *values; /* n_common + type->n_fields */
  guint                n_values;
  gboolean             loaded;
  gboolean            *withheld; /* n_values flags, NULL when none is */
} CrmRecordPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CrmRecord, crm_record, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Common-field property ids follow the fixed ones. */
#define COMMON_PROP_BASE N_PROPS

static guint
n_common_fields (void)
{
  guint n;

  crm_record_type_common_fields (&n);
  return n;
}

static const CrmField *
field_at (const CrmRecordType *type,
          guint                index,
          guint                n_common)
{
  const CrmField *common = crm_record_type_common_fields (NULL);

  if (index < n_common)
    return &common[index];
  return &type->fields[index - n_common];
}

static gint
field_index (CrmRecord  *self,
             const char *name)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  guint             n_common = n_common_fields ();

  for (guint i = 0; i < priv->n_values; i++)
    if (g_str_equal (field_at (priv->type, i, n_common)->name, name))
      return (gint) i;

  return -1;
}

static GParamSpec *
field_pspec (const CrmField *field)
{
  g_autofree char *name = crm_field_property_name (field);
  const char      *nick = field->label;
  GParamFlags      flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  switch (crm_field_get_value_type (field))
    {
    case G_TYPE_INT64:
      return g_param_spec_int64 (g_intern_string (name), nick, NULL, G_MININT64, G_MAXINT64, 0, flags);
    case G_TYPE_BOOLEAN:
      return g_param_spec_boolean (g_intern_string (name), nick, NULL, FALSE, flags);
    case G_TYPE_STRING:
      return g_param_spec_string (g_intern_string (name), nick, NULL, NULL, flags);
    default:
      return g_param_spec_boxed (g_intern_string (name), nick, NULL, G_TYPE_DATE_TIME, flags);
    }
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  switch (G_VALUE_TYPE (a))
    {
    case G_TYPE_INT64:
      return g_value_get_int64 (a) == g_value_get_int64 (b);
    case G_TYPE_BOOLEAN:
      return g_value_get_boolean (a) == g_value_get_boolean (b);
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    default:
      {
        GDateTime *da = g_value_get_boxed (a);
        GDateTime *db = g_value_get_boxed (b);

        if (da == NULL || db == NULL)
          return da == db;
        return g_date_time_equal (da, db);
      }
    }
}

/* The property of each value: the common fields' are CrmRecord's, the
 * type's are its class's (crm_record_class_install_fields). */
static GParamSpec **common_pspecs;
static GQuark       field_pspecs_quark;

static GParamSpec *
pspec_at (CrmRecord *self,
          guint      index)
{
  guint        n_common = n_common_fields ();
  GParamSpec **own = NULL;

  if (index < n_common)
    return common_pspecs[index];
  for (GType type = G_OBJECT_TYPE (self); own == NULL && type != CRM_TYPE_RECORD; type = g_type_parent (type))
    own = g_type_get_qdata (type, field_pspecs_quark);
  return own != NULL ? own[index - n_common] : NULL;
}

/* After slot @index changed: its property, and the title with the title
 * field. */
static void
notify_at (CrmRecord *self,
           guint      index)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  const CrmField   *field = field_at (priv->type, index, n_common_fields ());
  GParamSpec       *pspec = pspec_at (self, index);

  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
  if (priv->type && priv->type->title_field && g_str_equal (field->name, priv->type->title_field))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* Store @value into slot @index; empty strings become NULL. Notifies. */
static void
set_value_at (CrmRecord    *self,
              guint         index,
              const GValue *value)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  GValue           *slot = &priv->values[index];
  g_auto (GValue) copy = G_VALUE_INIT;

  g_value_init (&copy, G_VALUE_TYPE (slot));
  if (!g_value_transform (value, &copy))
    {
      g_critical ("Cannot store a %s in field %s",
                  G_VALUE_TYPE_NAME (value),
                  field_at (priv->type, index, n_common_fields ())->name);
      return;
    }

  if (G_VALUE_HOLDS_STRING (&copy))
    {
      const char *s = g_value_get_string (&copy);

      if (s != NULL && s[0] == '\0')
        g_value_set_string (&copy, NULL);
    }

  if (values_equal (slot, &copy))
    return;

  g_value_copy (&copy, g_value_reset (slot));
  notify_at (self, index);
}

static void
ensure_values (CrmRecord *self)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  CrmRecordClass   *klass = CRM_RECORD_GET_CLASS (self);
  guint             n_common = n_common_fields ();

  if (priv->values != NULL)
    return;

  priv->type = klass->record_type;
  priv->n_values = n_common + (priv->type ? priv->type->n_fields : 0);
  priv->values = g_new0 (GValue, priv->n_values);
  for (guint i = 0; i < priv->n_values; i++)
    g_value_init (&priv->values[i], crm_field_get_value_type (field_at (priv->type, i, n_common)));
}

static void
crm_record_field_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmRecord        *self = CRM_RECORD (object);
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  guint             n_common = n_common_fields ();

  /* Own fields of a subclass: ids 1…n_fields. */
  g_assert (prop_id >= 1 && prop_id <= priv->type->n_fields);
  g_value_copy (&priv->values[n_common + prop_id - 1], value);
}

static void
crm_record_field_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmRecord        *self = CRM_RECORD (object);
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  g_assert (prop_id >= 1 && prop_id <= priv->type->n_fields);
  set_value_at (self, n_common_fields () + prop_id - 1, value);
}

static void
crm_record_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrmRecord        *self = CRM_RECORD (object);
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, priv->loaded);
      break;

    case PROP_TITLE:
      g_value_take_string (value, crm_record_dup_title (self));
      break;

    default:
      if (prop_id >= COMMON_PROP_BASE && prop_id < COMMON_PROP_BASE + n_common_fields ())
        g_value_copy (&priv->values[prop_id - COMMON_PROP_BASE], value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_record_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrmRecord *self = CRM_RECORD (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      crm_record_set_loaded (self, g_value_get_boolean (value));
      break;

    default:
      if (prop_id >= COMMON_PROP_BASE && prop_id < COMMON_PROP_BASE + n_common_fields ())
        set_value_at (self, prop_id - COMMON_PROP_BASE, value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_record_finalize (GObject *object)
{
  CrmRecord        *self = CRM_RECORD (object);
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  for (guint i = 0; i < priv->n_values; i++)
    g_value_unset (&priv->values[i]);
  g_free (priv->values);
  g_free (priv->withheld);

  G_OBJECT_CLASS (crm_record_parent_class)->finalize (object);
}

static void
crm_record_constructed (GObject *object)
{
  CrmRecord        *self = CRM_RECORD (object);
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  /* While crm_record_init() runs the instance's class is still
   * CrmRecordClass (GType sets each class in turn during the init chain),
   * so only now is the subclass's descriptor known. Nothing has been
   * stored yet: size the values for it. */
  if (priv->type != CRM_RECORD_GET_CLASS (self)->record_type)
    {
      for (guint i = 0; i < priv->n_values; i++)
        g_value_unset (&priv->values[i]);
      g_clear_pointer (&priv->values, g_free);
      ensure_values (self);
    }

  G_OBJECT_CLASS (crm_record_parent_class)->constructed (object);
}

static void
crm_record_class_init (CrmRecordClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  const CrmField *common;
  guint           n_common;

  object_class->constructed = crm_record_constructed;
  object_class->finalize = crm_record_finalize;
  object_class->get_property = crm_record_get_property;
  object_class->set_property = crm_record_set_property;

  properties[PROP_LOADED] =
      g_param_spec_boolean ("loaded", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
      g_param_spec_string ("title", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  common = crm_record_type_common_fields (&n_common);
  common_pspecs = g_new0 (GParamSpec *, n_common);
  for (guint i = 0; i < n_common; i++)
    {
      common_pspecs[i] = field_pspec (&common[i]);
      g_object_class_install_property (object_class, COMMON_PROP_BASE + i, common_pspecs[i]);
    }
  field_pspecs_quark = g_quark_from_static_string ("crm-record-field-pspecs");
}

static void
crm_record_init (CrmRecord *self)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  priv->loaded = TRUE;
  ensure_values (self);
}

void
crm_record_class_install_fields (CrmRecordClass      *klass,
                                 const CrmRecordType *type)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec  **pspecs;

  g_return_if_fail (CRM_IS_RECORD_CLASS (klass));
  g_return_if_fail (type != NULL);

  klass->record_type = type;
  object_class->get_property = crm_record_field_get_property;
  object_class->set_property = crm_record_field_set_property;

  /* Kept for the life of the class (classes are never finalised). */
  pspecs = g_new0 (GParamSpec *, type->n_fields);
  for (guint i = 0; i < type->n_fields; i++)
    {
      pspecs[i] = field_pspec (&type->fields[i]);
      g_object_class_install_property (object_class, i + 1, pspecs[i]);
    }
  g_type_set_qdata (G_TYPE_FROM_CLASS (klass), field_pspecs_quark, pspecs);
}

CrmRecord *
crm_record_new (const CrmRecordType *type)
{
  g_return_val_if_fail (type != NULL, NULL);

  return g_object_new (type->get_type (), NULL);
}

const CrmRecordType *
crm_record_get_record_type (CrmRecord *self)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  g_return_val_if_fail (CRM_IS_RECORD (self), NULL);

  return priv->type;
}

const GValue *
crm_record_peek_value (CrmRecord  *self,
                       const char *field)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  gint              index;

  g_return_val_if_fail (CRM_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  index = field_index (self, field);
  if (index < 0)
    {
      g_critical ("%s has no field %s", G_OBJECT_TYPE_NAME (self), field);
      return NULL;
    }
  return &priv->values[index];
}

char *
crm_record_join_strings (CrmRecord         *self,
                         const char *const *fields,
                         const char        *separator)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (CRM_IS_RECORD (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *value = crm_record_get_string (self, fields[i]);

      if (value == NULL || value[0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, value);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * crm_record_set_withheld:
 *
 * Marks @field as withheld: the database does not let this user read it
 * (column privileges), so its value is unknown — not empty, not zero.
 * The store sets it on records it reads and never writes such fields.
 */
void
crm_record_set_withheld (CrmRecord  *self,
                         const char *field,
                         gboolean    withheld)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  gint              index;

  g_return_if_fail (CRM_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  index = field_index (self, field);
  if (index < 0)
    {
      g_critical ("%s has no field %s", G_OBJECT_TYPE_NAME (self), field);
      return;
    }
  if (priv->withheld == NULL)
    {
      if (!withheld)
        return;
      priv->withheld = g_new0 (gboolean, priv->n_values);
    }
  priv->withheld[index] = withheld;
}

gboolean
crm_record_is_withheld (CrmRecord  *self,
                        const char *field)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  gint              index;

  g_return_val_if_fail (CRM_IS_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (priv->withheld == NULL)
    return FALSE;
  index = field_index (self, field);
  return index >= 0 && priv->withheld[index];
}

void
crm_record_set_value (CrmRecord    *self,
                      const char   *field,
                      const GValue *value)
{
  gint index;

  g_return_if_fail (CRM_IS_RECORD (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (G_IS_VALUE (value));

  index = field_index (self, field);
  if (index < 0)
    {
      g_critical ("%s has no field %s", G_OBJECT_TYPE_NAME (self), field);
      return;
    }
  set_value_at (self, index, value);
}

const char *
crm_record_get_string (CrmRecord  *self,
                       const char *field)
{
  const GValue *v = crm_record_peek_value (self, field);

  g_return_val_if_fail (v != NULL && G_VALUE_HOLDS_STRING (v), NULL);
  return g_value_get_string (v);
}

void
crm_record_set_string (CrmRecord  *self,
                       const char *field,
                       const char *value)
{
  g_auto (GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, value);
  crm_record_set_value (self, field, &v);
}

gint64
crm_record_get_int (CrmRecord  *self,
                    const char *field)
{
  const GValue *v = crm_record_peek_value (self, field);

  g_return_val_if_fail (v != NULL && G_VALUE_HOLDS_INT64 (v), 0);
  return g_value_get_int64 (v);
}

void
crm_record_set_int (CrmRecord  *self,
                    const char *field,
                    gint64      value)
{
  g_auto (GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, value);
  crm_record_set_value (self, field, &v);
}

gboolean
crm_record_get_bool (CrmRecord  *self,
                     const char *field)
{
  const GValue *v = crm_record_peek_value (self, field);

  g_return_val_if_fail (v != NULL && G_VALUE_HOLDS_BOOLEAN (v), FALSE);
  return g_value_get_boolean (v);
}

void
crm_record_set_bool (CrmRecord  *self,
                     const char *field,
                     gboolean    value)
{
  g_auto (GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_BOOLEAN);
  g_value_set_boolean (&v, value);
  crm_record_set_value (self, field, &v);
}

gint64
crm_record_get_id (CrmRecord *self)
{
  return crm_record_get_int (self, "id");
}

gint
crm_record_get_version (CrmRecord *self)
{
  return (gint) crm_record_get_int (self, "version");
}

gint64
crm_record_get_owner_id (CrmRecord *self)
{
  return crm_record_get_int (self, "owner_id");
}

void
crm_record_set_owner_id (CrmRecord *self,
                         gint64     owner_id)
{
  crm_record_set_int (self, "owner_id", owner_id);
}

const char *
crm_record_get_owner_name (CrmRecord *self)
{
  return crm_record_get_string (self, "owner_name");
}

GDateTime *
crm_record_get_created_at (CrmRecord *self)
{
  return g_value_get_boxed (crm_record_peek_value (self, "created_at"));
}

GDateTime *
crm_record_get_updated_at (CrmRecord *self)
{
  return g_value_get_boxed (crm_record_peek_value (self, "updated_at"));
}

const char *
crm_record_get_created_by (CrmRecord *self)
{
  return crm_record_get_string (self, "created_by");
}

const char *
crm_record_get_updated_by (CrmRecord *self)
{
  return crm_record_get_string (self, "updated_by");
}

const char *
crm_record_get_custom (CrmRecord *self)
{
  return crm_record_get_string (self, "custom");
}

gboolean
crm_record_get_loaded (CrmRecord *self)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  g_return_val_if_fail (CRM_IS_RECORD (self), FALSE);

  return priv->loaded;
}

void
crm_record_set_loaded (CrmRecord *self,
                       gboolean   loaded)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);

  g_return_if_fail (CRM_IS_RECORD (self));

  loaded = !!loaded;
  if (priv->loaded == loaded)
    return;
  priv->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

void
crm_record_set_stored (CrmRecord *self,
                       gint64     id,
                       gint       version)
{
  crm_record_set_int (self, "id", id);
  crm_record_set_int (self, "version", version);
}

char *
crm_record_dup_title (CrmRecord *self)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  CrmRecordClass   *klass;
  const char       *title = NULL;

  g_return_val_if_fail (CRM_IS_RECORD (self), NULL);

  if (priv->type && priv->type->title_field)
    title = crm_record_get_string (self, priv->type->title_field);
  if (title != NULL && title[0] != '\0')
    return g_strdup (title);

  klass = CRM_RECORD_GET_CLASS (self);
  if (klass->dup_title != NULL)
    return klass->dup_title (self);

  return g_strdup ("");
}

char *
crm_record_dup_text (CrmRecord  *self,
                     const char *field)
{
  const GValue   *v = crm_record_peek_value (self, field);
  const CrmField *f;

  g_return_val_if_fail (v != NULL, NULL);

  if (crm_record_is_withheld (self, field))
    /* Translators: in place of a value the database does not show this user */
    return g_strdup (_ ("Hidden"));

  f = crm_record_type_get_field (crm_record_get_record_type (self), field);

  switch (G_VALUE_TYPE (v))
    {
    case G_TYPE_STRING:
      return g_value_dup_string (v);

    case G_TYPE_INT64:
      /* 0 is "none" for a reference and for a stored number (a number
       * nobody entered must stay NULL when the record is saved). */
      if ((f->kind == CRM_FIELD_REF || !(f->flags & CRM_FIELD_COMPUTED)) && g_value_get_int64 (v) == 0)
        return NULL;
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (v));

    case G_TYPE_BOOLEAN:
      return g_strdup (g_value_get_boolean (v) ? "t" : "f");

    default:
      {
        GDateTime *dt = g_value_get_boxed (v);

        if (dt == NULL)
          return NULL;
        if (f->kind == CRM_FIELD_DATE)
          return g_date_time_format (dt, "%Y-%m-%d");
        return g_date_time_format_iso8601 (dt);
      }
    }
}

/* The local time zone, read once: g_time_zone_new_local() reads
 * /etc/localtime again on every call when TZ is unset, and a list or an
 * export parses a timestamp per row. */
static GTimeZone *
local_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

/* Parse the text form of @f's value into @v (initialised to the field's
 * value type; "" and NULL leave it empty). */
static gboolean
parse_text (const CrmField *f,
            const char     *text,
            GValue         *v,
            GError        **error)
{
  if (text == NULL || text[0] == '\0')
    return TRUE;

  switch (G_VALUE_TYPE (v))
    {
    case G_TYPE_STRING:
      g_value_set_string (v, text);
      break;

    case G_TYPE_INT64:
      {
        g_autoptr (GString) digits = g_string_new (NULL);
        gint64 n;

        /* "1 250 000" as people and spreadsheets group digits: spaces,
         * no-break and narrow no-break spaces are left out. */
        for (const char *p = text; *p; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);

            if (c != ' ' && c != 0x00A0 && c != 0x202F && c != 0x2009)
              g_string_append_unichar (digits, c);
          }
        if (!g_ascii_string_to_signed (digits->str, 10, G_MININT64, G_MAXINT64, &n, NULL))
          {
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: “%s” is not a whole number"), crm_field_get_label (f), text);
            return FALSE;
          }
        g_value_set_int64 (v, n);
      }
      break;

    case G_TYPE_BOOLEAN:
      g_value_set_boolean (v, text[0] == 't' || text[0] == 'T' || text[0] == '1' || text[0] == 'y');
      break;

    default:
      {
        GDateTime *dt = NULL;

        if (f->kind == CRM_FIELD_DATE)
          {
            int y, m, d;

            if (sscanf (text, "%d-%d-%d", &y, &m, &d) == 3)
              dt = g_date_time_new (local_time_zone (), y, m, d, 0, 0, 0);
          }
        else
          {
            dt = g_date_time_new_from_iso8601 (text, local_time_zone ());
          }
        if (dt == NULL)
          {
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: “%s” is not a date"), crm_field_get_label (f), text);
            return FALSE;
          }
        g_value_take_boxed (v, dt);
      }
      break;
    }

  return TRUE;
}

gboolean
crm_record_set_text (CrmRecord  *self,
                     const char *field,
                     const char *text,
                     GError    **error)
{
  const CrmField *f;
  g_auto (GValue) v = G_VALUE_INIT;

  g_return_val_if_fail (CRM_IS_RECORD (self), FALSE);

  f = crm_record_type_get_field (crm_record_get_record_type (self), field);
  if (f == NULL)
    {
      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                   "No field “%s” in %s", field, G_OBJECT_TYPE_NAME (self));
      return FALSE;
    }

  g_value_init (&v, crm_field_get_value_type (f));
  if (!parse_text (f, text, &v, error))
    return FALSE;

  crm_record_set_value (self, field, &v);
  return TRUE;
}

gboolean
crm_record_load_texts (CrmRecord         *self,
                       const char *const *texts,
                       guint              n_texts,
                       GError           **error)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  guint             n_common = n_common_fields ();
  gboolean          ok = TRUE;

  g_return_val_if_fail (CRM_IS_RECORD (self), FALSE);
  g_return_val_if_fail (n_texts == priv->n_values, FALSE);

  for (guint i = 0; i < n_texts; i++)
    {
      GValue *slot = &priv->values[i];

      g_value_reset (slot);
      /* Like set_value_at(): no empty strings. */
      if (!parse_text (field_at (priv->type, i, n_common), texts[i], slot, ok ? error : NULL))
        ok = FALSE;
    }
  priv->loaded = TRUE;

  return ok;
}

char *
crm_record_dup_display (CrmRecord  *self,
                        const char *field)
{
  const GValue   *v = crm_record_peek_value (self, field);
  const CrmField *f;

  g_return_val_if_fail (v != NULL, NULL);

  f = crm_record_type_get_field (crm_record_get_record_type (self), field);

  switch (f->kind)
    {
    case CRM_FIELD_CHOICE:
      return g_strdup (crm_choice_get_label (f, g_value_get_string (v)));

    case CRM_FIELD_PHONE:
      return g_value_get_string (v) ? crm_phone_format (g_value_get_string (v)) : NULL;

    case CRM_FIELD_BOOL:
      return g_strdup (g_value_get_boolean (v) ? _ ("Yes") : _ ("No"));

    case CRM_FIELD_REF:
      return NULL;

    case CRM_FIELD_MONEY:
      if (crm_record_is_withheld (self, field))
        return crm_record_dup_text (self, field);
      if (g_value_get_int64 (v) == 0 && !(f->flags & CRM_FIELD_COMPUTED))
        return NULL;
      return crm_money_format (g_value_get_int64 (v));

    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
      {
        GDateTime *dt = g_value_get_boxed (v);
        g_autoptr (GDateTime) local = NULL;

        if (dt == NULL)
          return NULL;
        local = g_date_time_to_timezone (dt, local_time_zone ());
        /* Translators: a date as shown in lists and cards, strftime format */
        return g_date_time_format (local, f->kind == CRM_FIELD_DATE ? _ ("%d.%m.%Y") : _ ("%d.%m.%Y %H:%M"));
      }

    case CRM_FIELD_TEXT:
    case CRM_FIELD_MULTILINE:
    case CRM_FIELD_INT:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
    case CRM_FIELD_INN:
    case CRM_FIELD_KPP:
    case CRM_FIELD_OGRN:
    case CRM_FIELD_DIGITS:
    default:
      return crm_record_dup_text (self, field);
    }
}

gboolean
crm_record_validate (CrmRecord   *self,
                     GHashTable **field_errors,
                     GError     **error)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  g_autoptr (GHashTable) errors = NULL;
  GError *first = NULL;

  g_return_val_if_fail (CRM_IS_RECORD (self), FALSE);

  errors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < priv->type->n_fields; i++)
    {
      const CrmField  *f = &priv->type->fields[i];
      g_autofree char *normalized = NULL;
      g_autoptr (GError) local_error = NULL;
      const char *text;

      if (f->flags & CRM_FIELD_COMPUTED)
        continue;
      if (crm_field_get_value_type (f) != G_TYPE_STRING)
        continue;

      text = crm_record_get_string (self, f->name);
      if (!crm_field_check_text (f, text, &normalized, &local_error))
        {
          g_hash_table_insert (errors, (gpointer) f->name, g_strdup (local_error->message));
          if (first == NULL)
            first = g_steal_pointer (&local_error);
          continue;
        }
      crm_record_set_string (self, f->name, normalized);
    }

  if (CRM_RECORD_GET_CLASS (self)->check != NULL)
    {
      GError *rule_error = NULL;

      if (!CRM_RECORD_GET_CLASS (self)->check (self, errors, &rule_error))
        {
          if (first == NULL)
            first = rule_error;
          else
            g_error_free (rule_error);
        }
    }

  if (field_errors != NULL)
    *field_errors = g_steal_pointer (&errors);

  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}

void
crm_record_assign (CrmRecord *self,
                   CrmRecord *from)
{
  CrmRecordPrivate *priv = crm_record_get_instance_private (self);
  CrmRecordPrivate *from_priv = crm_record_get_instance_private (from);

  g_return_if_fail (CRM_IS_RECORD (self));
  g_return_if_fail (CRM_IS_RECORD (from));
  g_return_if_fail (G_OBJECT_TYPE (self) == G_OBJECT_TYPE (from));

  /* Same type, so the values need no transforming (and hold no empty
   * strings): copy the ones that differ. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < priv->n_values; i++)
    {
      GValue *slot = &priv->values[i];

      if (values_equal (slot, &from_priv->values[i]))
        continue;
      g_value_copy (&from_priv->values[i], g_value_reset (slot));
      notify_at (self, i);
    }
  g_clear_pointer (&priv->withheld, g_free);
  if (from_priv->withheld != NULL)
    priv->withheld = g_memdup2 (from_priv->withheld, sizeof (gboolean) * priv->n_values);
  crm_record_set_loaded (self, from_priv->loaded);
  g_object_thaw_notify (G_OBJECT (self));
}

CrmRecord *
crm_record_copy (CrmRecord *self)
{
  CrmRecord *copy;

  g_return_val_if_fail (CRM_IS_RECORD (self), NULL);

  copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  crm_record_assign (copy, self);
  return copy;
}

GPtrArray *
crm_record_diff (CrmRecord *a,
                 CrmRecord *b)
{
  CrmRecordPrivate *pa = crm_record_get_instance_private (a);
  CrmRecordPrivate *pb = crm_record_get_instance_private (b);
  GPtrArray        *names = g_ptr_array_new ();
  guint             n_common = n_common_fields ();

  g_return_val_if_fail (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b), names);

  for (guint i = 0; i < pa->n_values; i++)
    if (!values_equal (&pa->values[i], &pb->values[i]))
      g_ptr_array_add (names, (gpointer) field_at (pa->type, i, n_common)->name);

  return names;
}
