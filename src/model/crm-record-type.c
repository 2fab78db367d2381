/* crm-record-type.c — descriptors of record types and their fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-email.h"
#include "crm-commercial-condition.h"
#include "crm-contract.h"
#include "crm-deal.h"
#include "crm-pipeline.h"
#include "crm-lead.h"
#include "crm-money.h"
#include "crm-phone.h"
#include "crm-product.h"
#include "crm-record-type.h"
#include "crm-requisites.h"
#include "crm-sale.h"
#include "crm-tariff-plan.h"
#include "crm-task.h"

G_DEFINE_QUARK (crm - validation - error - quark, crm_validation_error)

/* Fields every business table has (DESIGN.md, Store). */
static const CrmField common_fields[] = {
  { "id", N_ ("ID"), CRM_FIELD_INT, CRM_FIELD_SORTABLE, NULL },
  { "version", N_ ("Version"), CRM_FIELD_INT, 0, NULL },
  { "created_at", N_ ("Created"), CRM_FIELD_TIMESTAMP, CRM_FIELD_SORTABLE, NULL },
  { "created_by", N_ ("Created by"), CRM_FIELD_TEXT, 0, NULL },
  { "updated_at", N_ ("Modified"), CRM_FIELD_TIMESTAMP, CRM_FIELD_SORTABLE, NULL },
  { "updated_by", N_ ("Modified by"), CRM_FIELD_TEXT, 0, NULL },
  { "owner_id", N_ ("Responsible"), CRM_FIELD_REF, CRM_FIELD_FILTERABLE, NULL, .ref_type = "employee" },
  { "owner_name", N_ ("Responsible"), CRM_FIELD_TEXT, CRM_FIELD_COMPUTED | CRM_FIELD_SORTABLE | CRM_FIELD_LIST, NULL,
    .sql = "(SELECT e.full_name FROM rapport.employees e WHERE e.id = t.owner_id)" },
  { "custom", N_ ("Custom fields"), CRM_FIELD_TEXT, 0, NULL },
};

const CrmField *
crm_record_type_common_fields (guint *n_fields)
{
  if (n_fields)
    *n_fields = G_N_ELEMENTS (common_fields);
  return common_fields;
}

const CrmRecordType *
crm_record_type_lookup (const char *name)
{
  static const CrmRecordType *types[] = { &crm_account_type, &crm_contact_type, &crm_lead_type, &crm_product_type,
                                          &crm_sale_type, &crm_tariff_plan_type, &crm_commercial_condition_type,
                                          &crm_contract_type, &crm_deal_type, &crm_pipeline_type,
                                          &crm_pipeline_stage_type, &crm_task_type, &crm_contract_status_type };

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i]->name, name) || g_str_equal (types[i]->table, name))
      return types[i];

  return NULL;
}

const CrmRecordType *
crm_record_type_for_gtype (GType gtype)
{
  if (g_type_is_a (gtype, CRM_TYPE_ACCOUNT))
    return &crm_account_type;
  if (g_type_is_a (gtype, CRM_TYPE_CONTACT))
    return &crm_contact_type;
  if (g_type_is_a (gtype, CRM_TYPE_LEAD))
    return &crm_lead_type;
  if (g_type_is_a (gtype, CRM_TYPE_PRODUCT))
    return &crm_product_type;
  if (g_type_is_a (gtype, CRM_TYPE_SALE))
    return &crm_sale_type;
  if (g_type_is_a (gtype, CRM_TYPE_TARIFF_PLAN))
    return &crm_tariff_plan_type;
  if (g_type_is_a (gtype, CRM_TYPE_COMMERCIAL_CONDITION))
    return &crm_commercial_condition_type;
  if (g_type_is_a (gtype, CRM_TYPE_CONTRACT))
    return &crm_contract_type;
  if (g_type_is_a (gtype, CRM_TYPE_CONTRACT_STATUS))
    return &crm_contract_status_type;
  if (g_type_is_a (gtype, CRM_TYPE_DEAL))
    return &crm_deal_type;
  if (g_type_is_a (gtype, CRM_TYPE_PIPELINE))
    return &crm_pipeline_type;
  if (g_type_is_a (gtype, CRM_TYPE_PIPELINE_STAGE))
    return &crm_pipeline_stage_type;
  if (g_type_is_a (gtype, CRM_TYPE_TASK))
    return &crm_task_type;
  return NULL;
}

const CrmField *
crm_record_type_get_field (const CrmRecordType *type,
                           const char          *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (type != NULL)
    {
      for (guint i = 0; i < type->n_fields; i++)
        if (g_str_equal (type->fields[i].name, name))
          return &type->fields[i];
    }

  for (guint i = 0; i < G_N_ELEMENTS (common_fields); i++)
    if (g_str_equal (common_fields[i].name, name))
      return &common_fields[i];

  return NULL;
}

const char *
crm_field_get_label (const CrmField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, field->label);
}

char *
crm_record_type_format_count (const CrmRecordType *type,
                              guint                count)
{
  g_return_val_if_fail (type != NULL, NULL);

  /* The format comes from the descriptor's NP_() pair, never from data. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, type->count_singular, type->count_plural, count), count);
#pragma GCC diagnostic pop
}

const char *
crm_choice_get_label (const CrmField *field,
                      const char     *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL || field->choices == NULL)
    return value;

  for (const CrmChoice *c = field->choices; c->value; c++)
    if (g_str_equal (c->value, value))
      return g_dgettext (GETTEXT_PACKAGE, c->label);

  return value;
}

GType
crm_field_get_value_type (const CrmField *field)
{
  switch (field->kind)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_REF:
      return G_TYPE_INT64;
    case CRM_FIELD_BOOL:
      return G_TYPE_BOOLEAN;
    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
      return G_TYPE_DATE_TIME;
    case CRM_FIELD_TEXT:
    case CRM_FIELD_MULTILINE:
    case CRM_FIELD_CHOICE:
    case CRM_FIELD_PHONE:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
    case CRM_FIELD_INN:
    case CRM_FIELD_KPP:
    case CRM_FIELD_OGRN:
    case CRM_FIELD_DIGITS:
    default:
      return G_TYPE_STRING;
    }
}

char *
crm_text_strip (const char *text)
{
  const char *start = text;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  end = text + strlen (text);
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

char *
crm_field_property_name (const CrmField *field)
{
  char *name = g_strdup (field->name);

  return g_strdelimit (name, "_", '-');
}

static gboolean
prefix_error (const CrmField *field,
              GError        **error,
              GError         *inner)
{
  /* "INN: the checksum does not match" — the field is always named. */
  g_set_error (error, inner->domain, inner->code, "%s: %s",
               crm_field_get_label (field), inner->message);
  g_error_free (inner);
  return FALSE;
}

static gboolean
check_digits_only (const char *text,
                   gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

gboolean
crm_field_check_text (const CrmField *field,
                      const char     *text,
                      char          **normalized,
                      GError        **error)
{
  g_autofree char *value = NULL;
  g_autofree char *result = NULL;
  GError          *inner = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (normalized != NULL, FALSE);

  *normalized = NULL;

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                   _ ("%s: the text is not valid UTF-8"), crm_field_get_label (field));
      return FALSE;
    }

  /* No-break and other Unicode spaces around a pasted value go too. */
  value = crm_text_strip (text ? text : "");

  if (value[0] == '\0')
    {
      if (field->flags & CRM_FIELD_REQUIRED)
        {
          g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_REQUIRED,
                       _ ("%s: this field is required"), crm_field_get_label (field));
          return FALSE;
        }
      return TRUE;
    }

  if (field->max_length > 0 && g_utf8_strlen (value, -1) > field->max_length)
    {
      g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_TOO_LONG,
                   _ ("%s: at most %u characters are allowed"),
                   crm_field_get_label (field), field->max_length);
      return FALSE;
    }

  switch (field->kind)
    {
    case CRM_FIELD_PHONE:
      result = crm_phone_normalize (value, &inner);
      if (result == NULL)
        return prefix_error (field, error, inner);
      break;

    case CRM_FIELD_EMAIL:
      result = crm_email_normalize (value, &inner);
      if (result == NULL)
        return prefix_error (field, error, inner);
      break;

    case CRM_FIELD_INN:
      if (!crm_inn_check (value, &inner))
        return prefix_error (field, error, inner);
      result = g_steal_pointer (&value);
      break;

    case CRM_FIELD_KPP:
      if (!crm_kpp_check (value, &inner))
        return prefix_error (field, error, inner);
      result = g_ascii_strup (value, -1);
      break;

    case CRM_FIELD_OGRN:
      if (!crm_ogrn_check (value, &inner))
        return prefix_error (field, error, inner);
      result = g_steal_pointer (&value);
      break;

    case CRM_FIELD_CHOICE:
      if (field->choices != NULL)
        {
          gboolean found = FALSE;

          for (const CrmChoice *c = field->choices; c->value && !found; c++)
            found = g_str_equal (c->value, value) || g_utf8_collate (g_dgettext (GETTEXT_PACKAGE, c->label), value) == 0;
          if (!found)
            {
              g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                           _ ("%s: “%s” is not one of the allowed values"),
                           crm_field_get_label (field), value);
              return FALSE;
            }
          for (const CrmChoice *c = field->choices; c->value; c++)
            if (g_str_equal (c->value, value) || g_utf8_collate (g_dgettext (GETTEXT_PACKAGE, c->label), value) == 0)
              {
                result = g_strdup (c->value);
                break;
              }
        }
      else
        result = g_steal_pointer (&value);
      break;

    case CRM_FIELD_DIGITS:
      if (!check_digits_only (value, field->max_length))
        {
          g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                       _ ("%s: must be %u digits"), crm_field_get_label (field), field->max_length);
          return FALSE;
        }
      result = g_steal_pointer (&value);
      break;

    case CRM_FIELD_URL:
      if (strchr (value, ' ') != NULL || strchr (value, '.') == NULL)
        {
          g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                       _ ("%s: “%s” is not a web address"), crm_field_get_label (field), value);
          return FALSE;
        }
      result = g_steal_pointer (&value);
      break;

    case CRM_FIELD_INT:
    case CRM_FIELD_REF:
      {
        gint64 n;

        if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &n, NULL))
          {
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: “%s” is not a whole number"), crm_field_get_label (field), value);
            return FALSE;
          }
        if (n < 0 && (field->flags & CRM_FIELD_NO_NEGATIVE))
          {
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: cannot be negative"), crm_field_get_label (field));
            return FALSE;
          }
        result = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      }
      break;

    case CRM_FIELD_MONEY:
      {
        gint64 kopecks;

        switch (crm_money_parse (value, !(field->flags & CRM_FIELD_NO_NEGATIVE), &kopecks))
          {
          case CRM_MONEY_OK:
            break;
          case CRM_MONEY_NEGATIVE:
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: the sum cannot be negative"), crm_field_get_label (field));
            return FALSE;
          case CRM_MONEY_TOO_LARGE:
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: the sum is too large"), crm_field_get_label (field));
            return FALSE;
          case CRM_MONEY_INVALID:
          default:
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: “%s” is not a sum of money (write it as 1 234,56)"), crm_field_get_label (field),
                         value);
            return FALSE;
          }
        result = g_strdup_printf ("%" G_GINT64_FORMAT, kopecks);
      }
      break;

    case CRM_FIELD_TEXT:
    case CRM_FIELD_MULTILINE:
    case CRM_FIELD_BOOL:
    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
    default:
      result = g_steal_pointer (&value);
      break;
    }

  *normalized = g_steal_pointer (&result);
  return TRUE;
}

const char *
crm_record_type_constraint_message (const CrmRecordType *type,
                                    const char          *constraint)
{
  g_return_val_if_fail (type != NULL, NULL);

  if (constraint == NULL || type->constraint_messages == NULL)
    return NULL;
  for (const CrmConstraintMessage *m = type->constraint_messages; m->constraint != NULL; m++)
    if (g_str_equal (m->constraint, constraint))
      return g_dgettext (GETTEXT_PACKAGE, m->message);
  return NULL;
}
