/* crm-lead-conversion.c — a qualified lead becomes an account, a contact
 * and maybe a deal, in one transaction
 *
 * The drafts are ordinary records written with the store's own INSERT
 * (_crm_store_write_row: the withheld money columns left alone, the
 * record rules of row-level security applied), so a conversion writes
 * exactly what New Account, New Contact and New Deal would. The steps and
 * their rules are in crm-lead-conversion.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-deal.h"
#include "crm-lead-conversion.h"
#include "crm-lead.h"
#include "crm-store-private.h"

/* The longest deal name made from a request's description. */
#define DEAL_NAME_MAX 80

struct _CrmLeadConversion
{
  GObject    parent_instance;

  CrmRecord *lead;
  CrmRecord *account;
  gint64     existing_account;
  CrmRecord *contact;
  gint64     existing_contact;
  CrmRecord *deal;
  gboolean   with_deal;
};

G_DEFINE_FINAL_TYPE (CrmLeadConversion, crm_lead_conversion, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CrmLeadConverted, crm_lead_converted, crm_lead_converted_copy, crm_lead_converted_free)

/* ---- CrmLeadConverted ---- */

CrmLeadConverted *
crm_lead_converted_copy (const CrmLeadConverted *self)
{
  CrmLeadConverted *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->account_name = g_strdup (self->account_name);
  copy->contact_name = g_strdup (self->contact_name);
  copy->deal_name = g_strdup (self->deal_name);
  copy->converted_at = self->converted_at ? g_date_time_ref (self->converted_at) : NULL;
  copy->converted_by = g_strdup (self->converted_by);
  return copy;
}

void
crm_lead_converted_free (CrmLeadConverted *self)
{
  if (self == NULL)
    return;
  g_free (self->account_name);
  g_free (self->contact_name);
  g_free (self->deal_name);
  g_clear_pointer (&self->converted_at, g_date_time_unref);
  g_free (self->converted_by);
  g_free (self);
}

/* ---- The plan ---- */

static void
crm_lead_conversion_finalize (GObject *object)
{
  CrmLeadConversion *self = CRM_LEAD_CONVERSION (object);

  g_clear_object (&self->lead);
  g_clear_object (&self->account);
  g_clear_object (&self->contact);
  g_clear_object (&self->deal);

  G_OBJECT_CLASS (crm_lead_conversion_parent_class)->finalize (object);
}

static void
crm_lead_conversion_class_init (CrmLeadConversionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_lead_conversion_finalize;
}

static void
crm_lead_conversion_init (CrmLeadConversion *self)
{
  self->with_deal = TRUE;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

/* A Russian mobile number (+79…) goes to Mobile phone, any other to Work
 * phone; a second number to the slot that is left. */
static void
place_phones (CrmRecord  *contact,
              const char *phone,
              const char *phone2)
{
  const char *numbers[2] = { phone, phone2 };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      const char *slot;

      if (is_blank (numbers[i]))
        continue;
      slot = g_str_has_prefix (numbers[i], "+79") ? "phone_mobile" : "phone_work";
      if (crm_record_get_string (contact, slot) != NULL)
        slot = g_str_equal (slot, "phone_mobile") ? "phone_work" : "phone_mobile";
      if (crm_record_get_string (contact, slot) == NULL)
        crm_record_set_string (contact, slot, numbers[i]);
    }
}

/* The request's first clause ("Деловая поездка на агровыставку в
 * Ганновер: 5 человек…" → "Деловая поездка на агровыставку в Ганновер"),
 * cut at a word when long; NULL when there is none. */
static char *
deal_name_from (const char *description)
{
  g_autofree char *stripped = NULL;
  const char      *end;
  glong            length;

  if (is_blank (description))
    return NULL;
  stripped = crm_text_strip (description);
  end = stripped + strcspn (stripped, ":;.\n");
  *(char *) end = '\0';
  g_strstrip (stripped);
  length = g_utf8_strlen (stripped, -1);
  if (length == 0)
    return NULL;
  if (length > DEAL_NAME_MAX)
    {
      char *cut = g_utf8_offset_to_pointer (stripped, DEAL_NAME_MAX - 1);
      char *space = g_utf8_strrchr (stripped, cut - stripped, ' ');

      *(space != NULL ? space : cut) = '\0';
      return g_strconcat (stripped, "…", NULL);
    }
  return g_steal_pointer (&stripped);
}

CrmLeadConversion *
crm_lead_conversion_new (CrmRecord *lead)
{
  static const char *const name_fields[] = { "last_name", "first_name", "middle_name" };
  CrmLeadConversion       *self;
  const char              *company;
  g_autofree char         *person = NULL;
  g_autofree char         *deal_name = NULL;

  g_return_val_if_fail (CRM_IS_LEAD (lead), NULL);

  self = g_object_new (CRM_TYPE_LEAD_CONVERSION, NULL);
  self->lead = crm_record_copy (lead);
  company = crm_record_get_string (lead, "company_name");
  person = crm_lead_dup_full_name (CRM_LEAD (lead));

  /* A company's lead becomes the company; a private client's, the person. */
  self->account = crm_record_new (&crm_account_type);
  crm_record_set_string (self->account, "name", !is_blank (company) ? company : person);
  crm_record_set_string (self->account, "inn", crm_record_get_string (lead, "inn"));
  crm_record_set_string (self->account, "city", crm_record_get_string (lead, "city"));
  crm_record_set_string (self->account, "account_type", "client");
  if (is_blank (company))
    {
      crm_record_set_string (self->account, "phone", crm_record_get_string (lead, "phone"));
      crm_record_set_string (self->account, "phone2", crm_record_get_string (lead, "phone2"));
      crm_record_set_string (self->account, "email", crm_record_get_string (lead, "email"));
    }

  self->contact = crm_record_new (&crm_contact_type);
  for (guint i = 0; i < G_N_ELEMENTS (name_fields); i++)
    crm_record_set_string (self->contact, name_fields[i], crm_record_get_string (lead, name_fields[i]));
  crm_record_set_string (self->contact, "position", crm_record_get_string (lead, "position"));
  crm_record_set_string (self->contact, "email", crm_record_get_string (lead, "email"));
  crm_record_set_string (self->contact, "city", crm_record_get_string (lead, "city"));
  place_phones (self->contact, crm_record_get_string (lead, "phone"), crm_record_get_string (lead, "phone2"));

  self->deal = crm_record_new (&crm_deal_type);
  deal_name = deal_name_from (crm_record_get_string (lead, "description"));
  if (deal_name == NULL)
    deal_name = g_strdup_printf (_ ("Deal with %s"), crm_record_get_string (self->account, "name"));
  crm_record_set_string (self->deal, "name", deal_name);
  crm_record_set_string (self->deal, "description", crm_record_get_string (lead, "description"));

  return self;
}

CrmRecord *
crm_lead_conversion_get_lead (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), NULL);
  return self->lead;
}

CrmRecord *
crm_lead_conversion_get_account (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), NULL);
  return self->account;
}

void
crm_lead_conversion_set_existing_account (CrmLeadConversion *self,
                                          gint64             account_id)
{
  g_return_if_fail (CRM_IS_LEAD_CONVERSION (self));
  g_return_if_fail (account_id >= 0);
  self->existing_account = account_id;
}

gint64
crm_lead_conversion_get_existing_account (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), 0);
  return self->existing_account;
}

CrmRecord *
crm_lead_conversion_get_contact (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), NULL);
  return self->contact;
}

void
crm_lead_conversion_set_existing_contact (CrmLeadConversion *self,
                                          gint64             contact_id)
{
  g_return_if_fail (CRM_IS_LEAD_CONVERSION (self));
  g_return_if_fail (contact_id >= 0);
  self->existing_contact = contact_id;
}

gint64
crm_lead_conversion_get_existing_contact (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), 0);
  return self->existing_contact;
}

CrmRecord *
crm_lead_conversion_dup_contact_candidate (CrmLeadConversion *self)
{
  CrmRecord *candidate;

  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), NULL);

  candidate = crm_record_copy (self->contact);
  crm_record_set_int (candidate, "account_id", self->existing_account);
  return candidate;
}

CrmRecord *
crm_lead_conversion_get_deal (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), NULL);
  return self->deal;
}

void
crm_lead_conversion_set_with_deal (CrmLeadConversion *self,
                                   gboolean           with_deal)
{
  g_return_if_fail (CRM_IS_LEAD_CONVERSION (self));
  self->with_deal = !!with_deal;
}

gboolean
crm_lead_conversion_get_with_deal (CrmLeadConversion *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), FALSE);
  return self->with_deal;
}

/* Validate @draft (a copy: validation normalises), its errors under
 * "@part.field" and its message after @label. */
static gboolean
validate_part (CrmRecord  *draft,
               const char *part,
               const char *label,
               GHashTable *field_errors,
               GError    **error)
{
  g_autoptr (CrmRecord) copy = crm_record_copy (draft);
  g_autoptr (GHashTable) errors = NULL;
  GHashTableIter iter;
  gpointer       key, value;

  /* The deal's account is set when converting. */
  if (crm_record_type_get_field (crm_record_get_record_type (copy), "account_id") != NULL &&
      crm_record_get_int (copy, "account_id") == 0)
    crm_record_set_int (copy, "account_id", G_MAXINT64);

  if (crm_record_validate (copy, &errors, error))
    return TRUE;

  g_prefix_error (error, "%s: ", label);
  if (field_errors != NULL && errors != NULL)
    {
      g_hash_table_iter_init (&iter, errors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (field_errors, g_strdup_printf ("%s.%s", part, (const char *) key), g_strdup (value));
    }
  return FALSE;
}

gboolean
crm_lead_conversion_validate (CrmLeadConversion *self,
                              GHashTable       **field_errors,
                              GError           **error)
{
  g_autoptr (GHashTable) errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GError  *first = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (self), FALSE);

  if (self->existing_account == 0)
    ok &= validate_part (self->account, "account", _ ("New account"), errors, first ? NULL : &first);
  if (self->existing_contact == 0)
    ok &= validate_part (self->contact, "contact", _ ("New contact"), errors, first ? NULL : &first);
  if (self->with_deal)
    ok &= validate_part (self->deal, "deal", _ ("New deal"), errors, first ? NULL : &first);

  if (field_errors != NULL)
    *field_errors = g_steal_pointer (&errors);
  if (!ok)
    g_propagate_error (error, first);
  return ok;
}

/* ---- Converting: the worker ---- */

typedef struct
{
  CrmRecord *lead;
  CrmRecord *account; /* NULL: existing_account */
  gint64     existing_account;
  CrmRecord *contact; /* NULL: existing_contact */
  gint64     existing_contact;
  CrmRecord *deal; /* NULL: no deal */
} ConvertData;

static void
convert_data_free (gpointer data)
{
  ConvertData *cd = data;

  g_clear_object (&cd->lead);
  g_clear_object (&cd->account);
  g_clear_object (&cd->contact);
  g_clear_object (&cd->deal);
  g_free (cd);
}

/* A copy normalised by validation (the drafts passed it already). */
static CrmRecord *
normalised_copy (CrmRecord *draft)
{
  CrmRecord *copy = crm_record_copy (draft);

  crm_record_validate (copy, NULL, NULL);
  return copy;
}

static gint64
insert_part (PGconn     *conn,
             CrmRecord  *record,
             const char *label,
             GError    **error)
{
  gint64 id = _crm_store_write_row (conn, record, error);

  if (id == 0)
    g_prefix_error (error, "%s: ", label);
  return id;
}

/* An existing record this user sees, else PERMISSION naming @what. */
static gboolean
check_visible (PGconn              *conn,
               const CrmRecordType *type,
               gint64               id,
               const char          *what,
               GError             **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT 1 FROM ");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char      *params[1] = { id_text };
  PGresult        *res;
  gboolean         found;

  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t WHERE t.id = $1");
  res = _crm_store_exec_full (conn, sql->str, 1, params, FALSE, CRM_SQL_READ, type, error);
  if (res == NULL)
    return FALSE;
  found = PQntuples (res) > 0;
  PQclear (res);
  if (!found)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                 _ ("%s is not one you may see, or it was deleted"), what);
  return found;
}

/* Lock the lead and check that it may be converted. */
static gboolean
lock_lead (PGconn    *conn,
           CrmRecord *lead,
           GError   **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (lead));
  g_autofree char *title = crm_record_dup_title (lead);
  const char      *params[1] = { id };
  PGresult        *res;
  gboolean         visible;

  res = _crm_store_exec_full (conn,
                              "SELECT l.version, l.status, to_char(l.converted_at, 'DD.MM.YYYY HH24:MI'),"
                              " l.converted_by FROM rapport.leads l WHERE l.id = $1 FOR UPDATE",
                              1, params, FALSE, CRM_SQL_WRITE, &crm_lead_type, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    {
      gint64 version = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);

      if (g_str_equal (PQgetvalue (res, 0, 1), "converted"))
        {
          if (!PQgetisnull (res, 0, 2))
            g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                         _ ("“%s” was already converted on %s by %s; a lead is converted only once"), title,
                         PQgetvalue (res, 0, 2), PQgetisnull (res, 0, 3) ? "?" : PQgetvalue (res, 0, 3));
          else
            g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                         _ ("“%s” is converted already; a lead is converted only once"), title);
          PQclear (res);
          return FALSE;
        }
      if (version != crm_record_get_version (lead))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT,
                       _ ("Someone else changed “%s” since you opened it; look at it again before converting"),
                       title);
          PQclear (res);
          return FALSE;
        }
      PQclear (res);
      return TRUE;
    }
  PQclear (res);

  /* FOR UPDATE sees only what this user may change. */
  res = _crm_store_exec_full (conn, "SELECT 1 FROM rapport.leads l WHERE l.id = $1", 1, params, FALSE,
                              CRM_SQL_READ, &crm_lead_type, error);
  if (res == NULL)
    return FALSE;
  visible = PQntuples (res) > 0;
  PQclear (res);
  if (visible)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                 _ ("You may not change “%s”, so you may not convert it"), title);
  else
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("Someone else deleted “%s”"), title);
  return FALSE;
}

static char *
id_or_null (gint64 id)
{
  return id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;
}

static const char read_converted_sql[] =
    "SELECT l.status = 'converted', l.converted_account_id, a.name, l.converted_contact_id,"
    " concat_ws(' ', c.last_name, c.first_name, c.middle_name), l.converted_deal_id, d.name,"
    " extract(epoch FROM l.converted_at)::bigint,"
    " coalesce((SELECT e.full_name FROM rapport.employees e WHERE e.login = l.converted_by), l.converted_by)"
    " FROM rapport.leads l"
    " LEFT JOIN rapport.accounts a ON a.id = l.converted_account_id"
    " LEFT JOIN rapport.contacts c ON c.id = l.converted_contact_id"
    " LEFT JOIN rapport.deals d ON d.id = l.converted_deal_id"
    " WHERE l.id = $1";

static CrmLeadConverted *
read_converted (PGconn  *conn,
                gint64   lead_id,
                GError **error)
{
  g_autofree char  *id = g_strdup_printf ("%" G_GINT64_FORMAT, lead_id);
  const char       *params[1] = { id };
  CrmLeadConverted *out;
  PGresult         *res;

  res = _crm_store_exec_full (conn, read_converted_sql, 1, params, FALSE, CRM_SQL_READ, &crm_lead_type, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      PQclear (res);
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("This record no longer exists"));
      return NULL;
    }

  out = g_new0 (CrmLeadConverted, 1);
  out->lead_id = lead_id;
  out->converted = g_str_equal (PQgetvalue (res, 0, 0), "t");
#define ID_AT(col)   (PQgetisnull (res, 0, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, 0, col), NULL, 10))
#define TEXT_AT(col) (PQgetisnull (res, 0, col) ? NULL : g_strdup (PQgetvalue (res, 0, col)))
  out->account_id = ID_AT (1);
  out->account_name = TEXT_AT (2);
  out->contact_id = ID_AT (3);
  /* Names only of the records this user sees. */
  out->contact_name = out->contact_id != 0 && PQgetvalue (res, 0, 4)[0] != '\0' ? TEXT_AT (4) : NULL;
  out->deal_id = ID_AT (5);
  out->deal_name = TEXT_AT (6);
  if (!PQgetisnull (res, 0, 7))
    out->converted_at = g_date_time_new_from_unix_local (ID_AT (7));
  out->converted_by = TEXT_AT (8);
#undef ID_AT
#undef TEXT_AT
  PQclear (res);
  return out;
}

static gpointer
convert_func (CrmStore     *store,
              gpointer      conn,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  ConvertData      *cd = data;
  gint64            account_id = cd->existing_account;
  gint64            contact_id = cd->existing_contact;
  gint64            deal_id = 0;
  g_autofree char  *lead_id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (cd->lead));
  g_autofree char  *account_text = NULL;
  g_autofree char  *contact_text = NULL;
  g_autofree char  *deal_text = NULL;
  const char       *params[4];
  CrmLeadConverted *out;
  PGresult         *res;

  if (!_crm_store_exec_command (conn, "BEGIN", error))
    return NULL;
  if (!lock_lead (conn, cd->lead, error))
    return NULL;

  if (cd->account == NULL)
    {
      if (!check_visible (conn, &crm_account_type, account_id, _ ("The chosen account"), error))
        return NULL;
    }
  else if ((account_id = insert_part (conn, cd->account, _ ("New account"), error)) == 0)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (cd->contact == NULL)
    {
      if (contact_id != 0 && !check_visible (conn, &crm_contact_type, contact_id, _ ("The chosen contact"), error))
        return NULL;
    }
  else
    {
      crm_record_set_int (cd->contact, "account_id", account_id);
      if ((contact_id = insert_part (conn, cd->contact, _ ("New contact"), error)) == 0)
        return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (cd->deal != NULL)
    {
      /* No stage: the deals_stage trigger puts it at the default
       * pipeline's first open stage. */
      crm_record_set_int (cd->deal, "account_id", account_id);
      crm_record_set_int (cd->deal, "contact_id", contact_id);
      crm_record_set_int (cd->deal, "lead_id", crm_record_get_id (cd->lead));
      crm_record_set_int (cd->deal, "stage_id", 0);
      if ((deal_id = insert_part (conn, cd->deal, _ ("New deal"), error)) == 0)
        return NULL;
    }

  account_text = id_or_null (account_id);
  contact_text = id_or_null (contact_id);
  deal_text = id_or_null (deal_id);
  params[0] = lead_id;
  params[1] = account_text;
  params[2] = contact_text;
  params[3] = deal_text;
  /* 0014 stamps the time and who, and makes the lead converted. */
  res = _crm_store_exec_full (conn,
                              "UPDATE rapport.leads SET converted_account_id = $2, converted_contact_id = $3,"
                              " converted_deal_id = $4, converted_at = now() WHERE id = $1 RETURNING id",
                              4, params, FALSE, CRM_SQL_WRITE, &crm_lead_type, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) != 1)
    {
      PQclear (res);
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION, _ ("You may not change this record"));
      return NULL;
    }
  PQclear (res);

  out = read_converted (conn, crm_record_get_id (cd->lead), error);
  if (out == NULL)
    return NULL;
  out->account_created = cd->account != NULL;
  out->contact_created = cd->contact != NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_crm_store_exec_command (conn, "COMMIT", error))
    {
      crm_lead_converted_free (out);
      return NULL;
    }

  g_debug ("Converted lead %s: account %" G_GINT64_FORMAT ", contact %" G_GINT64_FORMAT ", deal %" G_GINT64_FORMAT,
           lead_id, account_id, contact_id, deal_id);
  return out;
}

static ConvertData *
convert_data_new (CrmLeadConversion *conversion,
                  GError           **error)
{
  ConvertData *cd;

  if (!crm_lead_conversion_validate (conversion, NULL, error))
    return NULL;

  cd = g_new0 (ConvertData, 1);
  cd->lead = crm_record_copy (conversion->lead);
  cd->existing_account = conversion->existing_account;
  if (cd->existing_account == 0)
    cd->account = normalised_copy (conversion->account);
  cd->existing_contact = conversion->existing_contact;
  if (cd->existing_contact == 0)
    cd->contact = normalised_copy (conversion->contact);
  if (conversion->with_deal)
    cd->deal = normalised_copy (conversion->deal);
  return cd;
}

static gpointer
get_converted_func (CrmStore     *store,
                    gpointer      conn,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  return read_converted (conn, *(gint64 *) data, error);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError           *error = NULL;
  CrmLeadConverted *out = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, out, (GDestroyNotify) crm_lead_converted_free);
}

/* ---- Public API ---- */

CrmLeadConverted *
crm_store_convert_lead_sync (CrmStore          *store,
                             CrmLeadConversion *conversion,
                             GCancellable      *cancellable,
                             GError           **error)
{
  ConvertData      *cd;
  CrmLeadConverted *out;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (CRM_IS_LEAD_CONVERSION (conversion), NULL);

  cd = convert_data_new (conversion, error);
  if (cd == NULL)
    return NULL;
  out = crm_store_run_sync (store, convert_func, cd, cancellable, error);
  convert_data_free (cd);
  return out;
}

void
crm_store_convert_lead_async (CrmStore           *store,
                              CrmLeadConversion  *conversion,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GError      *error = NULL;
  ConvertData *cd;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (CRM_IS_LEAD_CONVERSION (conversion));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_store_convert_lead_async);
  cd = convert_data_new (conversion, &error);
  if (cd == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  crm_store_run_async (store, convert_func, cd, convert_data_free, (GDestroyNotify) crm_lead_converted_free,
                       cancellable, on_done_cb, g_steal_pointer (&task));
}

CrmLeadConverted *
crm_store_convert_lead_finish (CrmStore     *store,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_store_convert_lead_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CrmLeadConverted *
crm_store_get_lead_conversion_sync (CrmStore     *store,
                                    gint64        lead_id,
                                    GCancellable *cancellable,
                                    GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (lead_id > 0, NULL);

  return crm_store_run_sync (store, get_converted_func, &lead_id, cancellable, error);
}

void
crm_store_get_lead_conversion_async (CrmStore           *store,
                                     gint64              lead_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (lead_id > 0);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_store_get_lead_conversion_async);
  _crm_store_read_async (store, get_converted_func, g_memdup2 (&lead_id, sizeof lead_id), g_free,
                         (GDestroyNotify) crm_lead_converted_free, cancellable, on_done_cb, g_steal_pointer (&task));
}

CrmLeadConverted *
crm_store_get_lead_conversion_finish (CrmStore     *store,
                                      GAsyncResult *result,
                                      GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_store_get_lead_conversion_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
