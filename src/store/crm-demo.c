/* crm-demo.c — loading the demo data, and what the demo code shares
 *
 * crm_demo_load() writes the tables of crm-demo-data.c (employees,
 * accounts, contacts, leads) in one transaction. The transaction, lock and query
 * helpers below are shared with the synthetic generator
 * (crm-demo-generator.c) through crm-demo-private.h; the public value
 * helpers (transliteration, OGRN and bank account check digits) are the
 * ones it uses to make values, public for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-demo-private.h"
#include "crm-store-private.h"

/* ---- SQL ---------------------------------------------------------------- */

/* Other writers wait while the demo is loaded or generated (readers do
 * not): the emptiness check stays true until COMMIT, and the identity
 * values of the accounts a COPY writes are ours and in order. */
static const char lock_sql[] =
    "LOCK TABLE rapport.accounts, rapport.contacts IN SHARE ROW EXCLUSIVE MODE";

static const char is_empty_sql[] =
    "SELECT NOT EXISTS (SELECT 1 FROM rapport.accounts)"
    " AND NOT EXISTS (SELECT 1 FROM rapport.contacts)";

static const char find_employee_sql[] =
    "SELECT id FROM rapport.employees WHERE full_name = $1 ORDER BY id LIMIT 1";

static const char insert_employee_sql[] =
    "INSERT INTO rapport.employees (full_name, position, phone, email)"
    " VALUES ($1, $2, $3, $4) RETURNING id";

static const char insert_account_sql[] =
    "INSERT INTO rapport.accounts (code, name, full_name, inn, kpp, ogrn,"
    " size_group, account_type, status, region, industry, city, director,"
    " accountant, legal_address, actual_address, phone, phone2, email, email2,"
    " website, bank_name, bank_bik, bank_account, bank_corr_account,"
    " competitors, comments, confirmed, owner_id, annual_revenue)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)"
    " RETURNING id";

/* Our two departments (0006-security): a team and its head. */
static const char ensure_team_sql[] =
    "INSERT INTO rapport.teams (name, head_id) VALUES ($1, $2)"
    " ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id";

static const char join_team_sql[] =
    "UPDATE rapport.employees SET team_id = $1 WHERE id = ANY($2::bigint[]) AND team_id IS NULL";

static const char insert_contact_sql[] =
    "INSERT INTO rapport.contacts (code, last_name, first_name, middle_name,"
    " account_id, position, gender, phone_mobile, phone_work, phone_internal,"
    " skype, messengers, email, email2, status, city, birthday, comments,"
    " owner_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17, $18, $19)";

static const char insert_lead_sql[] =
    "INSERT INTO rapport.leads (last_name, first_name, middle_name, company_name,"
    " inn, position, phone, email, city, source, status, qualification,"
    " refusal_reason, description, owner_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
query_is_empty (PGconn   *conn,
                gboolean *empty,
                GError  **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  res = _crm_store_exec (conn, is_empty_sql, 0, NULL, FALSE, error);
  if (res == NULL)
    return FALSE;

  *empty = PQntuples (res) == 1 && g_str_equal (PQgetvalue (res, 0, 0), "t");
  return TRUE;
}

static guint
demo_account_index (const char *name)
{
  for (guint i = 0; i < _crm_demo_n_accounts; i++)
    {
      if (g_str_equal (_crm_demo_accounts[i].name, name))
        return i;
    }

  g_assert_not_reached ();
}

/* A plausible annual revenue for the company's size, in whole roubles,
 * the same on every load: large 1.2–9.8 bn, medium 150–950 m, small
 * 12–95 m, in hundreds of thousands. */
static char *
demo_revenue (const CrmDemoAccount *a)
{
  guint  h = g_str_hash (a->inn ? a->inn : a->name);
  gint64 low = 12000000, span = 83000000;

  if (g_strcmp0 (a->size_group, "large") == 0)
    low = 1200000000, span = 8600000000;
  else if (g_strcmp0 (a->size_group, "medium") == 0)
    low = 150000000, span = 800000000;

  return _crm_demo_int64_to_text ((low + (gint64) (h % 10007) * span / 10007) / 100000 * 100000);
}

static gboolean
insert_demo_teams (PGconn      *conn,
                   const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                   GError     **error)
{
  static const struct
  {
    const char       *name;
    CrmDemoEmployeeId head;
    CrmDemoEmployeeId members[4];
    guint             n_members;
  } teams[] = {
    { "Отдел продаж", CRM_DEMO_EMPLOYEE_BELOV, { CRM_DEMO_EMPLOYEE_BELOV, CRM_DEMO_EMPLOYEE_SMIRNOVA, CRM_DEMO_EMPLOYEE_GUSEV }, 3 },
    { "Служба поддержки", CRM_DEMO_EMPLOYEE_KOTOVA, { CRM_DEMO_EMPLOYEE_KOTOVA, CRM_DEMO_EMPLOYEE_LEBEDEVA }, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    {
      g_autofree char *head = _crm_demo_int64_to_text (employee_ids[teams[i].head]);
      g_autofree char *team = NULL;
      g_autoptr (GString) members = g_string_new ("{");
      const char *team_params[] = { teams[i].name, head };
      gint64      team_id = 0;

      if (!_crm_demo_query_int64 (conn, ensure_team_sql, G_N_ELEMENTS (team_params), team_params, &team_id, error))
        return FALSE;
      for (guint m = 0; m < teams[i].n_members; m++)
        g_string_append_printf (members, "%s%" G_GINT64_FORMAT, m > 0 ? "," : "",
                                employee_ids[teams[i].members[m]]);
      g_string_append_c (members, '}');
      team = _crm_demo_int64_to_text (team_id);
      {
        const char *join_params[] = { team, members->str };
        g_autoptr (CrmDemoResult) res = _crm_store_exec (conn, join_team_sql, 2, join_params, FALSE, error);

        if (res == NULL)
          return FALSE;
      }
    }

  return TRUE;
}

static gboolean
insert_demo_accounts (PGconn      *conn,
                      const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                      gint64       account_ids[CRM_DEMO_N_ACCOUNTS],
                      GError     **error)
{
  for (guint i = 0; i < _crm_demo_n_accounts; i++)
    {
      const CrmDemoAccount *a = &_crm_demo_accounts[i];
      const CrmDemoBank    *bank = &_crm_demo_banks[a->bank];
      g_autofree char      *owner_id = _crm_demo_int64_to_text (employee_ids[a->owner]);
      g_autofree char      *revenue = demo_revenue (a);
      const char           *params[] = {
                  a->code,
                  a->name,
                  a->full_name,
                  a->inn,
                  a->kpp,
                  a->ogrn,
                  a->size_group,
                  a->account_type,
                  a->status,
                  a->region,
                  a->industry,
                  a->city,
                  a->director,
                  a->accountant,
                  a->legal_address,
        a->actual_address ? a->actual_address : a->legal_address,
                  a->phone,
                  a->phone2,
                  a->email,
                  a->email2,
                  a->website,
                  bank->name,
                  bank->bik,
                  a->bank_account,
                  bank->corr_account,
                  a->competitors,
                  a->comments,
        a->confirmed ? "t" : "f",
                  owner_id,
                  revenue,
      };

      if (!_crm_demo_query_int64 (conn, insert_account_sql, G_N_ELEMENTS (params), params,
                                  &account_ids[i], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_demo_contacts (PGconn      *conn,
                      const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                      const gint64 account_ids[CRM_DEMO_N_ACCOUNTS],
                      GError     **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  for (guint i = 0; i < _crm_demo_n_contacts; i++)
    {
      const CrmDemoContact *c = &_crm_demo_contacts[i];
      guint                 account = demo_account_index (c->account);
      g_autofree char      *code = g_strdup_printf ("КТ-%04u", i + 1);
      g_autofree char      *account_id = _crm_demo_int64_to_text (account_ids[account]);
      g_autofree char      *owner_id = _crm_demo_int64_to_text (employee_ids[_crm_demo_accounts[account].owner]);
      const char           *params[] = {
                  code,
                  c->last_name,
                  c->first_name,
                  c->middle_name,
                  account_id,
                  c->position,
                  c->gender,
                  c->phone_mobile,
                  c->phone_work,
                  c->phone_internal,
                  c->skype,
                  c->messengers,
                  c->email,
                  c->email2,
                  c->status,
                  c->city,
                  c->birthday,
                  c->comments,
                  owner_id,
      };

      res = _crm_store_exec (conn, insert_contact_sql, G_N_ELEMENTS (params), params,
                             FALSE, error);
      if (res == NULL)
        return FALSE;
      g_clear_pointer (&res, PQclear);
    }

  return TRUE;
}

static gboolean
insert_demo_leads (PGconn      *conn,
                   const gint64 employee_ids[CRM_DEMO_N_EMPLOYEES],
                   GError     **error)
{
  for (guint i = 0; i < _crm_demo_n_leads; i++)
    {
      const CrmDemoLead *l = &_crm_demo_leads[i];
      g_autofree char   *owner_id = _crm_demo_int64_to_text (employee_ids[l->owner]);
      const char        *params[] = {
               l->last_name,
               l->first_name,
               l->middle_name,
               l->company_name,
               l->inn,
               l->position,
               l->phone,
               l->email,
               l->city,
               l->source,
               l->status,
               l->qualification,
               l->refusal_reason,
               l->description,
               owner_id,
      };
      g_autoptr (CrmDemoResult) res = _crm_store_exec (conn, insert_lead_sql, G_N_ELEMENTS (params), params,
                                                       FALSE, error);

      if (res == NULL)
        return FALSE;
    }

  return TRUE;
}

/* ---- Shared with the generator ------------------------------------------ */

gboolean
_crm_demo_begin_transaction (PGconn  *conn,
                             GError **error)
{
  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED,
                           _ ("The database connection is busy with another transaction"));
      return FALSE;
    }

  return _crm_store_exec_command (conn, "BEGIN", error);
}

void
_crm_demo_rollback (PGconn *conn)
{
  g_autoptr (GError) error = NULL;

  if (PQtransactionStatus (conn) == PQTRANS_IDLE)
    return;

  if (!_crm_store_exec_command (conn, "ROLLBACK", &error))
    g_debug ("Demo data: rollback failed: %s", error->message);
}

gboolean
_crm_demo_lock_tables (PGconn  *conn,
                       GError **error)
{
  return _crm_store_exec_command (conn, lock_sql, error);
}

/* The first column of the first row as an integer (0 for none or NULL). */
gboolean
_crm_demo_query_int64 (PGconn            *conn,
                       const char        *sql,
                       guint              n_params,
                       const char *const *params,
                       gint64            *value,
                       GError           **error)
{
  g_autoptr (CrmDemoResult) res = NULL;

  res = _crm_store_exec (conn, sql, n_params, params, FALSE, error);
  if (res == NULL)
    return FALSE;

  if (PQntuples (res) > 0 && PQnfields (res) > 0 && !PQgetisnull (res, 0, 0))
    *value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  else
    *value = 0;

  return TRUE;
}

char *
_crm_demo_int64_to_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* The ids of the demo employees, in CrmDemoEmployeeId order: an employee of
 * the same name is reused, a missing one is added. */
gboolean
_crm_demo_ensure_employees (PGconn  *conn,
                            gint64   ids[CRM_DEMO_N_EMPLOYEES],
                            GError **error)
{
  for (guint i = 0; i < CRM_DEMO_N_EMPLOYEES; i++)
    {
      const CrmDemoEmployee *e = &_crm_demo_employees[i];
      const char            *find_params[] = { e->full_name };
      const char            *insert_params[] = { e->full_name, e->position, e->phone, e->email };

      if (!_crm_demo_query_int64 (conn, find_employee_sql, 1, find_params, &ids[i], error))
        return FALSE;
      if (ids[i] == 0 &&
          !_crm_demo_query_int64 (conn, insert_employee_sql, G_N_ELEMENTS (insert_params),
                                  insert_params, &ids[i], error))
        return FALSE;
    }

  return TRUE;
}

/* ---- Public: demo data -------------------------------------------------- */

gboolean
crm_demo_is_empty (PGconn   *conn,
                   gboolean *empty,
                   GError  **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (empty != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return query_is_empty (conn, empty, error);
}

gboolean
crm_demo_load (PGconn  *conn,
               GError **error)
{
  return crm_demo_load_full (conn, CRM_DEMO_LOAD_DEFAULT, NULL, error);
}

gboolean
crm_demo_load_full (PGconn          *conn,
                    CrmDemoLoadFlags flags,
                    gboolean        *loaded,
                    GError         **error)
{
  gint64   employee_ids[CRM_DEMO_N_EMPLOYEES];
  gint64   account_ids[CRM_DEMO_N_ACCOUNTS];
  gboolean empty = TRUE;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (loaded != NULL)
    *loaded = FALSE;

  if (!_crm_demo_begin_transaction (conn, error))
    return FALSE;

  if (!_crm_demo_lock_tables (conn, error))
    goto fail;

  if ((flags & CRM_DEMO_LOAD_FORCE) == 0 && !query_is_empty (conn, &empty, error))
    goto fail;

  if (!empty)
    {
      g_debug ("Demo data: the database has data already; nothing loaded");
      _crm_demo_rollback (conn);
      return TRUE;
    }

  if (!_crm_demo_ensure_employees (conn, employee_ids, error) ||
      !insert_demo_teams (conn, employee_ids, error) ||
      !insert_demo_accounts (conn, employee_ids, account_ids, error) ||
      !_crm_demo_insert_sales (conn, employee_ids, account_ids, error) ||
      !_crm_demo_insert_contracts (conn, employee_ids, account_ids, error) ||
      !insert_demo_contacts (conn, employee_ids, account_ids, error) ||
      !insert_demo_leads (conn, employee_ids, error) ||
      !_crm_demo_insert_deals (conn, employee_ids, account_ids, error) ||
      !_crm_demo_insert_tasks (conn, employee_ids, account_ids, error) ||
      !_crm_store_exec_command (conn, "COMMIT", error))
    goto fail;

  g_debug ("Demo data: loaded %u accounts and %u contacts",
           CRM_DEMO_N_ACCOUNTS, CRM_DEMO_N_CONTACTS);
  if (loaded != NULL)
    *loaded = TRUE;
  return TRUE;

fail:
  g_prefix_error (error, _ ("Could not load the demo data: "));
  _crm_demo_rollback (conn);
  return FALSE;
}

/* ---- Public: value helpers ---------------------------------------------- */

/* а…я, then ё */
static const char *const translit_table[] = {
  "a",
  "b",
  "v",
  "g",
  "d",
  "e",
  "zh",
  "z",
  "i",
  "y",
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
  "",
  "y",
  "",
  "e",
  "yu",
  "ya",
};

char *
crm_demo_transliterate (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (c >= 0x0430 && c <= 0x044F)
        g_string_append (out, translit_table[c - 0x0430]);
      else if (c == 0x0451) /* ё */
        g_string_append_c (out, 'e');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_digits (const char *text,
           gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

char *
crm_demo_ogrn_complete (const char *prefix)
{
  guint64 number;
  guint   check;

  g_return_val_if_fail (prefix != NULL, NULL);
  g_return_val_if_fail (is_digits (prefix, 12) || is_digits (prefix, 14), NULL);

  number = g_ascii_strtoull (prefix, NULL, 10);
  /* OGRN: the first 12 digits mod 11; OGRNIP: the first 14 mod 13; the
   * last digit of the remainder. */
  check = strlen (prefix) == 12 ? number % 11 % 10 : number % 13 % 10;

  return g_strdup_printf ("%s%u", prefix, check);
}

char *
crm_demo_bank_account_complete (const char *bik,
                                const char *account)
{
  static const guint weights[] = { 7, 1, 3 };
  char               digits[24];
  guint              sum = 0;
  char              *result;

  g_return_val_if_fail (bik != NULL && is_digits (bik, 9), NULL);
  g_return_val_if_fail (account != NULL && is_digits (account, 20), NULL);

  /* The Bank of Russia's control key: the last three digits of the BIK
   * then the account, weights 7 1 3 repeated; the sum of the last digits
   * of the products must end in 0. The key is the account's 9th digit. */
  memcpy (digits, bik + 6, 3);
  memcpy (digits + 3, account, 20);
  digits[3 + 8] = '0';
  digits[23] = '\0';

  for (guint i = 0; i < 23; i++)
    sum += (guint) (digits[i] - '0') * weights[i % 3] % 10;

  result = g_strdup (account);
  /* The key's weight is 3 (position 11); 3 × 7 ≡ 1 (mod 10). */
  result[8] = (char) ('0' + (10 - sum % 10) % 10 * 7 % 10);

  return result;
}
