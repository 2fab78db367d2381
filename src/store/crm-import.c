/* crm-import.c — many rows into a table as one batch that can be undone
 *
 * The SQL is built once per load from the targets (identifiers from the
 * descriptors only, through _crm_sql_append_ident) and runs a fixed
 * number of statements over the staging table, whatever its size. The
 * staging table "import_staging" lives in pg_temp and goes with the
 * transaction. Its own columns, beside one text column per target:
 *
 *   s_line     the file's line
 *   s_account  contacts: the account the row links to
 *   s_owner    the employee "owner_name" names
 *   s_key      the natural key rows of one file are told apart by
 *   s_match    the stored record the row matches
 *   s_first    FALSE for a row that repeats an earlier one of the file
 *   s_search_name, s_search_text
 *              accounts and contacts: the search columns, computed here
 *              as the search triggers would (contacts' without their
 *              account's name, which the INSERT adds), so that the rows
 *              go in without the triggers (0005-import-speed.sql)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-import.h"
#include "crm-search.h"
#include "crm-store-private.h"

/* COPY data is sent in pieces of about this size. */
#define COPY_CHUNK (256 * 1024)

/* The columns rapport.accounts_search() and rapport.contacts_search()
 * (0001) make search_name and search_text of, in their order; a phone
 * goes in as its digits. Contacts' search_text ends with the account's
 * name, which only the database knows: insert_new() adds it. */
typedef struct
{
  const char *column;
  gboolean    phone;
} SearchPart;

static const SearchPart account_name_parts[] = { { "name", FALSE } };
static const SearchPart account_text_parts[] = {
  { "name", FALSE },
  { "full_name", FALSE },
  { "code", FALSE },
  { "inn", FALSE },
  { "ogrn", FALSE },
  { "city", FALSE },
  { "email", FALSE },
  { "email2", FALSE },
  { "website", FALSE },
  { "phone", TRUE },
  { "phone2", TRUE },
};
static const SearchPart contact_name_parts[] = { { "last_name", FALSE }, { "first_name", FALSE }, { "middle_name", FALSE } };
static const SearchPart contact_text_parts[] = {
  { "last_name", FALSE },
  { "first_name", FALSE },
  { "middle_name", FALSE },
  { "code", FALSE },
  { "city", FALSE },
  { "email", FALSE },
  { "email2", FALSE },
  { "skype", FALSE },
  { "phone_mobile", TRUE },
  { "phone_work", TRUE },
  { "phone_home", TRUE },
  { "phone_internal", TRUE },
};

#define MAX_SEARCH_PARTS 12

typedef struct
{
  const SearchPart *parts;
  guint             n_parts;
  int               index[MAX_SEARCH_PARTS]; /* in the targets, or -1 */
} SearchColumn;

struct _CrmImportLoad
{
  PGconn              *conn;
  const CrmRecordType *type;
  GStrv                targets;
  guint                n_targets;
  CrmImportDuplicates  mode;
  gint64               batch_id;
  GHashTable          *employees; /* folded full name or login → TRUE */
  GString             *buffer;    /* COPY rows not sent yet */
  GString             *row;
  guint                n_rows;
  gboolean             has_search; /* accounts and contacts */
  SearchColumn         search_name;
  SearchColumn         search_text;
  gboolean             in_transaction;
  gboolean             in_copy;
  gboolean             indexes_aside; /* some table's indexes wait for COMMIT */
};

const char *
crm_import_duplicates_to_string (CrmImportDuplicates mode)
{
  switch (mode)
    {
    case CRM_IMPORT_DUPLICATES_UPDATE:
      return "update";
    case CRM_IMPORT_DUPLICATES_CREATE:
      return "create";
    case CRM_IMPORT_DUPLICATES_SKIP:
    default:
      return "skip";
    }
}

gboolean
crm_import_duplicates_from_string (const char          *name,
                                   CrmImportDuplicates *mode)
{
  static const CrmImportDuplicates modes[] = { CRM_IMPORT_DUPLICATES_SKIP, CRM_IMPORT_DUPLICATES_UPDATE,
                                               CRM_IMPORT_DUPLICATES_CREATE };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (name != NULL && g_ascii_strcasecmp (name, crm_import_duplicates_to_string (modes[i])) == 0)
      {
        *mode = modes[i];
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_target (CrmImportLoad *load,
            const char    *name)
{
  return g_strv_contains ((const char *const *) load->targets, name);
}

/* The field a target fills, or NULL for the CRM_IMPORT_TARGET_* ones. */
static const CrmField *
target_field (const CrmRecordType *type,
              const char          *target)
{
  const CrmField *field = crm_record_type_get_field (type, target);

  if (field == NULL || (field->flags & CRM_FIELD_COMPUTED) || field->kind == CRM_FIELD_REF)
    return NULL;
  return field;
}

static const char *
cast_for (const CrmField *field)
{
  switch (field->kind)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_REF:
      return "::bigint";
    case CRM_FIELD_BOOL:
      return "::boolean";
    case CRM_FIELD_DATE:
      return "::date";
    case CRM_FIELD_TIMESTAMP:
      return "::timestamptz";
    default:
      return "";
    }
}

/* s."target"::type */
static void
append_staged (GString        *sql,
               const CrmField *field)
{
  g_string_append (sql, "s.");
  _crm_sql_append_ident (sql, field->name);
  g_string_append (sql, cast_for (field));
}

static gboolean
exec_ok (PGconn              *conn,
         const char          *sql,
         guint                n_params,
         const char *const   *params,
         const CrmRecordType *type,
         PGresult           **out,
         GError             **error)
{
  gint64    start = g_get_monotonic_time ();
  PGresult *res = _crm_store_exec_full (conn, sql, n_params, params, FALSE, CRM_SQL_WRITE, type, error);

  g_debug ("Import: %.1f ms for %.60s…", (g_get_monotonic_time () - start) / 1000.0, sql);
  if (res == NULL)
    return FALSE;
  if (out != NULL)
    *out = res;
  else
    PQclear (res);
  return TRUE;
}

static guint
result_uint (PGresult *res,
             int       row,
             int       col)
{
  if (res == NULL || row >= PQntuples (res) || PQgetisnull (res, row, col))
    return 0;
  return (guint) g_ascii_strtoull (PQgetvalue (res, row, col), NULL, 10);
}

/* Before an INSERT of the rows @count_sql counts into @table. */
static gboolean
set_indexes_aside (CrmImportLoad *load,
                   const char    *table,
                   const char    *count_sql,
                   GError       **error)
{
  PGresult *res = NULL;
  guint64   n_rows;
  gboolean  aside = FALSE;

  if (!exec_ok (load->conn, count_sql, 0, NULL, NULL, &res, error))
    return FALSE;
  n_rows = g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);

  if (!_crm_store_set_indexes_aside (load->conn, table, n_rows, &aside, error))
    return FALSE;
  load->indexes_aside |= aside;
  return TRUE;
}

static gboolean
load_employees (CrmImportLoad *load,
                GError       **error)
{
  PGresult *res = NULL;

  if (!exec_ok (load->conn, "SELECT full_name, login FROM rapport.employees", 0, NULL, NULL, &res, error))
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    for (int col = 0; col < 2; col++)
      if (!PQgetisnull (res, i, col))
        g_hash_table_add (load->employees, crm_search_normalize (PQgetvalue (res, i, col)));
  PQclear (res);
  return TRUE;
}

static void
search_column_init (SearchColumn     *column,
                    CrmImportLoad    *load,
                    const SearchPart *parts,
                    guint             n_parts)
{
  g_assert (n_parts <= MAX_SEARCH_PARTS);

  column->parts = parts;
  column->n_parts = n_parts;
  for (guint i = 0; i < n_parts; i++)
    {
      column->index[i] = -1;
      for (guint j = 0; j < load->n_targets; j++)
        if (g_str_equal (load->targets[j], parts[i].column))
          column->index[i] = (int) j;
    }
}

/* The column's value for a row, as the search trigger would make it:
 * every part the row gives (NULL when it is empty, as the INSERT sends
 * it), phones as their digits. */
static char *
search_column_value (const SearchColumn *column,
                     const char *const  *values)
{
  const char *texts[MAX_SEARCH_PARTS];
  char       *digits[MAX_SEARCH_PARTS] = { NULL };
  char       *result;

  for (guint i = 0; i < column->n_parts; i++)
    {
      const char *value = column->index[i] >= 0 ? values[column->index[i]] : NULL;

      if (value != NULL && value[0] == '\0')
        value = NULL;
      if (column->parts[i].phone)
        value = digits[i] = crm_search_phone_digits (value);
      texts[i] = value;
    }
  result = crm_search_join (texts, column->n_parts);
  for (guint i = 0; i < column->n_parts; i++)
    g_free (digits[i]);
  return result;
}

CrmImportLoad *
crm_import_load_begin (gpointer             conn,
                       const CrmRecordType *type,
                       const char *const   *targets,
                       CrmImportDuplicates  mode,
                       const char          *source,
                       GError             **error)
{
  g_autoptr (CrmImportLoad) load = NULL;
  g_autoptr (GString) sql = g_string_new (NULL);
  const char *params[2];
  PGresult   *res = NULL;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (targets != NULL, NULL);

  load = g_new0 (CrmImportLoad, 1);
  load->conn = conn;
  load->type = type;
  load->mode = mode;
  load->targets = g_strdupv ((char **) targets);
  load->n_targets = g_strv_length (load->targets);
  load->employees = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load->buffer = g_string_sized_new (COPY_CHUNK + 4096);
  load->row = g_string_new (NULL);

  for (guint i = 0; i < load->n_targets; i++)
    {
      const char *t = load->targets[i];
      gboolean    special = g_str_equal (t, CRM_IMPORT_TARGET_OWNER_NAME) || (g_str_equal (type->name, "contact") && (g_str_equal (t, CRM_IMPORT_TARGET_ACCOUNT_INN) || g_str_equal (t, CRM_IMPORT_TARGET_ACCOUNT_NAME)));

      if (!special && target_field (type, t) == NULL)
        g_error ("crm_import_load_begin: “%s” is not an import target of %s", t, type->name);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (t, load->targets[j]))
          g_error ("crm_import_load_begin: target “%s” given twice", t);
    }

  if (g_str_equal (type->name, "account"))
    {
      search_column_init (&load->search_name, load, account_name_parts, G_N_ELEMENTS (account_name_parts));
      search_column_init (&load->search_text, load, account_text_parts, G_N_ELEMENTS (account_text_parts));
      load->has_search = TRUE;
    }
  else if (g_str_equal (type->name, "contact"))
    {
      search_column_init (&load->search_name, load, contact_name_parts, G_N_ELEMENTS (contact_name_parts));
      search_column_init (&load->search_text, load, contact_text_parts, G_N_ELEMENTS (contact_text_parts));
      load->has_search = TRUE;
    }

  /* The staging table of a large file is read and rewritten a few times
   * over (links, keys, matches): in the session's own buffers rather than
   * through temporary files where possible. PostgreSQL takes the setting
   * only before the session's first temporary table (a connection that
   * imported before keeps what it has): a refusal changes nothing. */
  PQclear (PQexec (conn, "SET temp_buffers = '256MB'"));
  /* Sorting and hashing a million rows in memory, for this import only. */
  if (!_crm_store_exec_command (conn, "BEGIN; SET LOCAL statement_timeout = 0; SET LOCAL work_mem = '128MB'", error))
    return NULL;
  load->in_transaction = TRUE;

  if (!load_employees (load, error))
    return NULL;

  params[0] = type->table;
  params[1] = source ? source : "";
  if (!exec_ok (conn, "INSERT INTO rapport.import_batches (table_name, source) VALUES ($1, $2) RETURNING id", 2,
                params, NULL, &res, error))
    return NULL;
  load->batch_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);

  g_string_append (sql, "CREATE TEMP TABLE import_staging (s_line integer NOT NULL");
  for (guint i = 0; i < load->n_targets; i++)
    {
      g_string_append (sql, ", ");
      _crm_sql_append_ident (sql, load->targets[i]);
      g_string_append (sql, " text");
    }
  g_string_append (sql, ", s_search_name text, s_search_text text, s_account bigint, s_owner bigint, s_key text,"
                        " s_match bigint, s_first boolean NOT NULL DEFAULT TRUE) ON COMMIT DROP");
  if (!_crm_store_exec_command (conn, sql->str, error))
    return NULL;

  g_string_assign (sql, "COPY import_staging (s_line");
  for (guint i = 0; i < load->n_targets; i++)
    {
      g_string_append (sql, ", ");
      _crm_sql_append_ident (sql, load->targets[i]);
    }
  if (load->has_search)
    g_string_append (sql, ", s_search_name, s_search_text");
  g_string_append (sql, ") FROM STDIN");
  if (!_crm_store_copy_begin (conn, sql->str, error))
    return NULL;
  load->in_copy = TRUE;

  g_debug ("Import batch %" G_GINT64_FORMAT " into %s started", load->batch_id, type->table);
  return g_steal_pointer (&load);
}

gboolean
crm_import_load_has_employee (CrmImportLoad *load,
                              const char    *name)
{
  g_autofree char *folded = crm_search_normalize (name);

  return g_hash_table_contains (load->employees, folded);
}

static gboolean
flush_buffer (CrmImportLoad *load,
              GError       **error)
{
  if (load->buffer->len == 0)
    return TRUE;
  if (!_crm_store_copy_put (load->conn, load->buffer->str, load->buffer->len, error))
    {
      load->in_copy = FALSE;
      return FALSE;
    }
  g_string_truncate (load->buffer, 0);
  return TRUE;
}

gboolean
crm_import_load_add_row (CrmImportLoad     *load,
                         guint              line,
                         const char *const *values,
                         GError           **error)
{
  char number[16];

  g_return_val_if_fail (load != NULL && load->in_copy, FALSE);

  g_snprintf (number, sizeof number, "%u", line);
  g_string_truncate (load->row, 0);
  _crm_store_copy_append_field (load->row, number);
  for (guint i = 0; i < load->n_targets; i++)
    {
      const char *value = values[i];

      _crm_store_copy_append_field (load->row, value != NULL && value[0] != '\0' ? value : NULL);
    }
  if (load->has_search)
    {
      g_autofree char *name = search_column_value (&load->search_name, values);
      g_autofree char *text = search_column_value (&load->search_text, values);

      _crm_store_copy_append_field (load->row, name);
      _crm_store_copy_append_field (load->row, text);
    }
  g_string_append_c (load->row, '\n');
  g_string_append_len (load->buffer, load->row->str, load->row->len);
  load->n_rows++;

  if (load->buffer->len >= COPY_CHUNK)
    return flush_buffer (load, error);
  return TRUE;
}

guint
crm_import_load_get_n_rows (CrmImportLoad *load)
{
  return load->n_rows;
}

/* ---- The set-based part ---- */

/* s_account for the rows without one: the oldest account with the row's
 * INN, else (rows with a name) with its name. Two joins on one key each,
 * which PostgreSQL can hash or merge; an OR of the two could only run as
 * a nested loop (rows × accounts). */
static gboolean
link_existing (CrmImportLoad *load,
               gboolean       by_inn,
               gboolean       by_name,
               GError       **error)
{
  if (by_inn && !exec_ok (load->conn,
                          "UPDATE import_staging s SET s_account = a.id"
                          "  FROM (SELECT DISTINCT ON (inn) inn, id FROM rapport.accounts"
                          "         WHERE inn IN (SELECT account_inn FROM import_staging WHERE s_account IS NULL)"
                          "         ORDER BY inn, id) a"
                          " WHERE s.s_account IS NULL AND a.inn = s.account_inn",
                          0, NULL, NULL, NULL, error))
    return FALSE;

  return !by_name || exec_ok (load->conn,
                              "UPDATE import_staging s SET s_account = a.id"
                              "  FROM (SELECT DISTINCT ON (search_name) search_name, id FROM rapport.accounts"
                              "         WHERE search_name IN (SELECT rapport.search_norm(account_name) FROM import_staging"
                              "                                WHERE s_account IS NULL AND account_name IS NOT NULL)"
                              "         ORDER BY search_name, id) a"
                              " WHERE s.s_account IS NULL AND s.account_name IS NOT NULL"
                              "   AND a.search_name = rapport.search_norm(s.account_name)",
                              0, NULL, NULL, NULL, error);
}

/* Contacts: s_account from "account_inn", else "account_name"; accounts
 * that are not there yet are created (one per INN, or per name when the
 * row has no INN, named as the first row that mentions it), recorded in
 * the batch, and linked like the others. */
static gboolean
link_accounts (CrmImportLoad   *load,
               const char      *batch,
               CrmImportCounts *counts,
               GError         **error)
{
  gboolean    by_inn = has_target (load, CRM_IMPORT_TARGET_ACCOUNT_INN);
  gboolean    by_name = has_target (load, CRM_IMPORT_TARGET_ACCOUNT_NAME);
  const char *params[1] = { batch };
  PGresult   *res = NULL;

  if (!link_existing (load, by_inn, by_name, error))
    return FALSE;
  if (!by_name)
    return TRUE;

  if (!set_indexes_aside (load, "accounts",
                          by_inn ? "SELECT count(DISTINCT coalesce(account_inn, lower(account_name))) FROM import_staging"
                                   " WHERE s_account IS NULL AND account_name IS NOT NULL"
                                 : "SELECT count(DISTINCT lower(account_name)) FROM import_staging"
                                   " WHERE s_account IS NULL AND account_name IS NOT NULL",
                          error))
    return FALSE;

  if (!exec_ok (load->conn,
                by_inn ? "WITH wanted AS ("
                         "  SELECT DISTINCT ON (coalesce(account_inn, rapport.search_norm(account_name)))"
                         "         btrim(account_name) AS name, account_inn AS inn"
                         "    FROM import_staging"
                         "   WHERE s_account IS NULL AND account_name IS NOT NULL"
                         "   ORDER BY coalesce(account_inn, rapport.search_norm(account_name)), s_line),"
                         " created AS ("
                         "  INSERT INTO rapport.accounts (name, inn, search_name, search_text)"
                         "  SELECT name, inn, rapport.search_norm(name), rapport.search_norm(concat_ws(' ', name, inn))"
                         "    FROM wanted"
                         "  RETURNING id, version)"
                         "INSERT INTO rapport.import_rows (batch_id, table_name, record_id, op, version)"
                         " SELECT $1, 'accounts', id, 'I', version FROM created"
                       : "WITH wanted AS ("
                         "  SELECT DISTINCT ON (rapport.search_norm(account_name))"
                         "         btrim(account_name) AS name"
                         "    FROM import_staging"
                         "   WHERE s_account IS NULL AND account_name IS NOT NULL"
                         "   ORDER BY rapport.search_norm(account_name), s_line),"
                         " created AS ("
                         "  INSERT INTO rapport.accounts (name, search_name, search_text)"
                         "  SELECT name, rapport.search_norm(name), rapport.search_norm(name) FROM wanted"
                         "  RETURNING id, version)"
                         "INSERT INTO rapport.import_rows (batch_id, table_name, record_id, op, version)"
                         " SELECT $1, 'accounts', id, 'I', version FROM created",
                1, params, &crm_account_type, &res, error))
    return FALSE;
  counts->n_accounts_created = (guint) g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  PQclear (res);

  return counts->n_accounts_created == 0 || link_existing (load, by_inn, by_name, error);
}

/* A SQL expression over s that is the row's natural key, and the
 * condition under which a stored record (alias t) matches it. */
static void
append_key (CrmImportLoad *load,
            GString       *sql)
{
  if (g_str_equal (load->type->name, "account"))
    {
      if (has_target (load, "inn"))
        g_string_append (sql, has_target (load, "kpp") ? "s.inn || '/' || coalesce(s.kpp, '')" : "s.inn");
      else
        g_string_append (sql, "NULL");
      return;
    }

  /* Contacts: e-mail, else a phone, else the name at the account. */
  g_string_append (sql, "coalesce(");
  if (has_target (load, "email"))
    g_string_append (sql, "'e' || lower(s.email), ");
  if (has_target (load, "email2"))
    g_string_append (sql, "'e' || lower(s.email2), ");
  if (has_target (load, "phone_mobile"))
    g_string_append (sql, "'p' || s.phone_mobile, ");
  if (has_target (load, "phone_work"))
    g_string_append (sql, "'p' || s.phone_work, ");
  if (has_target (load, "last_name"))
    {
      g_string_append (sql, "'n' || rapport.search_norm(concat_ws(' ', s.last_name");
      if (has_target (load, "first_name"))
        g_string_append (sql, ", s.first_name");
      if (has_target (load, "middle_name"))
        g_string_append (sql, ", s.middle_name");
      g_string_append (sql, ")) || '@' || coalesce(s.s_account::text, ''), ");
    }
  g_string_append (sql, "NULL)");
}

/* s_match for the rows still without one: the oldest record of the
 * type's table t for which @condition (over s2 and t) holds. One join
 * per key, so the planner can hash a large file against a large table
 * instead of probing per row. */
static gboolean
match_by (CrmImportLoad *load,
          const char    *condition,
          GError       **error)
{
  g_autoptr (GString) sql = g_string_new ("UPDATE import_staging s SET s_match = m.id FROM ("
                                          "SELECT DISTINCT ON (s2.s_line) s2.s_line, t.id"
                                          "  FROM import_staging s2 JOIN ");

  _crm_sql_append_table (sql, load->type);
  g_string_append (sql, " t ON ");
  g_string_append (sql, condition);
  g_string_append (sql, " WHERE s2.s_match IS NULL ORDER BY s2.s_line, t.id) m WHERE m.s_line = s.s_line");
  return exec_ok (load->conn, sql->str, 0, NULL, load->type, NULL, error);
}

/* Accounts: INN and KPP (INN alone when the row has none). Contacts:
 * either e-mail against either stored one, else a mobile or work phone,
 * else the full name at the same account (or both without one). */
static gboolean
match_rows (CrmImportLoad *load,
            GError       **error)
{
  static const char *const emails[] = { "email", "email2" };
  static const char *const phones[] = { "phone_mobile", "phone_work" };
  g_autoptr (GString) condition = g_string_new (NULL);

  if (g_str_equal (load->type->name, "account"))
    {
      if (!has_target (load, "inn"))
        return TRUE;
      return match_by (load,
                       has_target (load, "kpp") ? "t.inn = s2.inn AND (s2.kpp IS NULL OR t.kpp = s2.kpp)"
                                                : "t.inn = s2.inn",
                       error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    if (has_target (load, emails[i]))
      for (guint j = 0; j < G_N_ELEMENTS (emails); j++)
        {
          g_string_assign (condition, "lower(t.");
          _crm_sql_append_ident (condition, emails[j]);
          g_string_append (condition, ") = lower(s2.");
          _crm_sql_append_ident (condition, emails[i]);
          g_string_append (condition, ")");
          if (!match_by (load, condition->str, error))
            return FALSE;
        }
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    if (has_target (load, phones[i]))
      for (guint j = 0; j < G_N_ELEMENTS (phones); j++)
        {
          g_string_assign (condition, "t.");
          _crm_sql_append_ident (condition, phones[j]);
          g_string_append (condition, " = s2.");
          _crm_sql_append_ident (condition, phones[i]);
          if (!match_by (load, condition->str, error))
            return FALSE;
        }
  if (has_target (load, "last_name"))
    {
      g_string_assign (condition, "t.search_name = rapport.search_norm(concat_ws(' ', s2.last_name");
      if (has_target (load, "first_name"))
        g_string_append (condition, ", s2.first_name");
      if (has_target (load, "middle_name"))
        g_string_append (condition, ", s2.middle_name");
      g_string_append (condition, ")) AND t.account_id IS NOT DISTINCT FROM s2.s_account");
      if (!match_by (load, condition->str, error))
        return FALSE;
    }
  return TRUE;
}

/* The stored columns the rows fill: (field, expression over s). */
typedef struct
{
  const char     *column;
  const CrmField *field; /* NULL: s_owner / s_account */
  const char     *expr;
} Column;

static GArray *
list_columns (CrmImportLoad *load)
{
  GArray *columns = g_array_new (FALSE, FALSE, sizeof (Column));

  for (guint i = 0; i < load->n_targets; i++)
    {
      const CrmField *field = target_field (load->type, load->targets[i]);

      if (field != NULL)
        g_array_append_val (columns, ((Column){ field->name, field, NULL }));
    }
  if (has_target (load, CRM_IMPORT_TARGET_OWNER_NAME))
    g_array_append_val (columns, ((Column){ "owner_id", NULL, "s.s_owner" }));
  if (has_target (load, CRM_IMPORT_TARGET_ACCOUNT_INN) || has_target (load, CRM_IMPORT_TARGET_ACCOUNT_NAME))
    g_array_append_val (columns, ((Column){ "account_id", NULL, "s.s_account" }));
  return columns;
}

static void
append_value (GString      *sql,
              const Column *c)
{
  if (c->field != NULL)
    append_staged (sql, c->field);
  else
    g_string_append (sql, c->expr);
}

static gboolean
insert_new (CrmImportLoad   *load,
            GArray          *columns,
            const char      *batch,
            CrmImportCounts *counts,
            GError         **error)
{
  g_autoptr (GString) sql = g_string_new ("WITH ins AS (INSERT INTO ");
  const char *params[2] = { batch, load->type->table };
  gboolean    linked = g_str_equal (load->type->name, "contact") &&
                    (has_target (load, CRM_IMPORT_TARGET_ACCOUNT_INN) || has_target (load, CRM_IMPORT_TARGET_ACCOUNT_NAME));
  PGresult *res = NULL;

  _crm_sql_append_table (sql, load->type);
  g_string_append (sql, " (");
  for (guint i = 0; i < columns->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      _crm_sql_append_ident (sql, g_array_index (columns, Column, i).column);
    }
  if (load->has_search)
    g_string_append (sql, ", search_name, search_text");
  g_string_append (sql, ") SELECT ");
  for (guint i = 0; i < columns->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      append_value (sql, &g_array_index (columns, Column, i));
    }
  /* The search columns as computed by search_column_value(); a contact's
   * search_text then gets its account's name, normalised once per
   * account, as rapport.contacts_search() adds it. */
  if (load->has_search && linked)
    g_string_append (sql, ", s.s_search_name, concat_ws(' ', nullif(s.s_search_text, ''), sa.search_name)"
                          " FROM import_staging s LEFT JOIN ("
                          "   SELECT id, rapport.search_norm(name) AS search_name FROM rapport.accounts"
                          "    WHERE id IN (SELECT s_account FROM import_staging)) sa ON sa.id = s.s_account");
  else if (load->has_search)
    g_string_append (sql, ", s.s_search_name, s.s_search_text FROM import_staging s");
  else
    g_string_append (sql, " FROM import_staging s");
  g_string_append (sql, " WHERE s.s_match IS NULL AND s.s_first ORDER BY s.s_line"
                        " RETURNING id, version)"
                        " INSERT INTO rapport.import_rows (batch_id, table_name, record_id, op, version)"
                        " SELECT $1, $2, id, 'I', version FROM ins");

  if (!exec_ok (load->conn, sql->str, 2, params, load->type, &res, error))
    return FALSE;
  counts->n_inserted = (guint) g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  PQclear (res);
  return TRUE;
}

/* UPDATE: the first row matching each stored record fills it where the
 * row has a value that differs; the record as it was goes to import_rows. */
/* The columns an update may change and undo restores: owner, custom and
 * the stored fields, less those this role may not read (column
 * privileges: they are neither imported nor restored by it). */
static GPtrArray *
snapshot_columns (const CrmRecordType *type,
                  GHashTable          *withheld)
{
  GPtrArray *columns = g_ptr_array_new ();

  g_ptr_array_add (columns, (gpointer) "owner_id");
  g_ptr_array_add (columns, (gpointer) "custom");
  for (guint i = 0; i < type->n_fields; i++)
    {
      const CrmField *field = &type->fields[i];

      if (!(field->flags & CRM_FIELD_COMPUTED) && !_crm_store_is_withheld (withheld, type, field->name))
        g_ptr_array_add (columns, (gpointer) field->name);
    }
  return columns;
}

/* The row of t as it was, as jsonb: (SELECT to_jsonb(x) FROM (SELECT
 * t."owner_id", …) x) — to_jsonb(t) would need every column. */
static void
append_snapshot (GString             *sql,
                 const CrmRecordType *type,
                 GHashTable          *withheld)
{
  g_autoptr (GPtrArray) columns = snapshot_columns (type, withheld);

  g_string_append (sql, "(SELECT to_jsonb(x) FROM (SELECT ");
  for (guint i = 0; i < columns->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, "t.");
      _crm_sql_append_ident (sql, g_ptr_array_index (columns, i));
    }
  g_string_append (sql, ") x)");
}

static gboolean
update_matched (CrmImportLoad   *load,
                GArray          *columns,
                const char      *batch,
                CrmImportCounts *counts,
                GError         **error)
{
  g_autoptr (GString) changed = g_string_new (NULL);
  g_autoptr (GString) sql = g_string_new (NULL);
  const char *params[2] = { batch, load->type->table };
  PGresult   *res = NULL;

  for (guint i = 0; i < columns->len; i++)
    {
      const Column *c = &g_array_index (columns, Column, i);

      if (i > 0)
        g_string_append (changed, " OR ");
      g_string_append_c (changed, '(');
      append_value (changed, c);
      g_string_append (changed, " IS NOT NULL AND ");
      append_value (changed, c);
      g_string_append (changed, " IS DISTINCT FROM t.");
      _crm_sql_append_ident (changed, c->column);
      g_string_append_c (changed, ')');
    }
  if (columns->len == 0)
    g_string_append (changed, "FALSE");

  g_string_append (sql, "WITH old AS MATERIALIZED (SELECT t.id, ");
  append_snapshot (sql, load->type, _crm_store_withheld (load->conn));
  g_string_append (sql, " AS old FROM ");
  _crm_sql_append_table (sql, load->type);
  g_string_append (sql, " t JOIN import_staging s ON s.s_match = t.id WHERE s.s_first AND (");
  g_string_append (sql, changed->str);
  g_string_append (sql, ") FOR UPDATE OF t), upd AS (UPDATE ");
  _crm_sql_append_table (sql, load->type);
  g_string_append (sql, " t SET ");
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *c = &g_array_index (columns, Column, i);

      if (i > 0)
        g_string_append (sql, ", ");
      _crm_sql_append_ident (sql, c->column);
      g_string_append (sql, " = coalesce(");
      append_value (sql, c);
      g_string_append (sql, ", t.");
      _crm_sql_append_ident (sql, c->column);
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " FROM import_staging s, old o WHERE s.s_match = t.id AND s.s_first AND o.id = t.id"
                        " RETURNING t.id, t.version)"
                        " INSERT INTO rapport.import_rows (batch_id, table_name, record_id, op, version, old)"
                        " SELECT $1, $2, u.id, 'U', u.version, o.old FROM upd u JOIN old o USING (id)");

  if (!exec_ok (load->conn, sql->str, 2, params, load->type, &res, error))
    return FALSE;
  counts->n_updated = (guint) g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  PQclear (res);
  return TRUE;
}

static gboolean
apply (CrmImportLoad   *load,
       CrmImportCounts *counts,
       GError         **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GArray) columns = list_columns (load);
  g_autofree char *batch = g_strdup_printf ("%" G_GINT64_FORMAT, load->batch_id);
  PGresult        *res = NULL;
  guint            n_matched_first;

  counts->batch_id = load->batch_id;

  if (g_str_equal (load->type->name, "contact") && !link_accounts (load, batch, counts, error))
    return FALSE;

  if (has_target (load, CRM_IMPORT_TARGET_OWNER_NAME) && !exec_ok (load->conn,
                                                                   "UPDATE import_staging s SET s_owner = e.id"
                                                                   "  FROM (SELECT DISTINCT ON (k) k, id FROM ("
                                                                   "          SELECT rapport.search_norm(full_name) AS k, id FROM rapport.employees"
                                                                   "          UNION ALL"
                                                                   "          SELECT rapport.search_norm(login), id FROM rapport.employees WHERE login IS NOT NULL) x"
                                                                   "        ORDER BY k, id) e"
                                                                   " WHERE e.k = rapport.search_norm(s.owner_name)",
                                                                   0, NULL, NULL, NULL, error))
    return FALSE;

  /* Match and number: a row repeating an earlier one of the file (same
   * stored record, or same key) is not the first. */
  if (load->mode != CRM_IMPORT_DUPLICATES_CREATE)
    {
      g_string_assign (sql, "UPDATE import_staging s SET s_key = ");
      append_key (load, sql);
      if (!exec_ok (load->conn, sql->str, 0, NULL, load->type, NULL, error) || !match_rows (load, error))
        return FALSE;

      if (!exec_ok (load->conn,
                    "UPDATE import_staging s SET s_first = FALSE FROM ("
                    "  SELECT s_line, row_number () OVER (PARTITION BY coalesce(s_match::text, s_key) ORDER BY s_line) AS n"
                    "    FROM import_staging WHERE s_match IS NOT NULL OR s_key IS NOT NULL) d"
                    " WHERE d.s_line = s.s_line AND d.n > 1",
                    0, NULL, NULL, NULL, error))
        return FALSE;
    }

  if (!set_indexes_aside (load, load->type->table,
                          "SELECT count(*) FROM import_staging WHERE s_match IS NULL AND s_first", error) ||
      !insert_new (load, columns, batch, counts, error))
    return FALSE;

  if (!exec_ok (load->conn, "SELECT count(*) FILTER (WHERE NOT s_first), count(*) FILTER (WHERE s_first AND s_match IS NOT NULL) FROM import_staging", 0, NULL, NULL, &res, error))
    return FALSE;
  counts->n_skipped = result_uint (res, 0, 0);
  n_matched_first = result_uint (res, 0, 1);
  PQclear (res);

  if (load->mode == CRM_IMPORT_DUPLICATES_UPDATE)
    {
      if (!update_matched (load, columns, batch, counts, error))
        return FALSE;
      counts->n_unchanged = n_matched_first - counts->n_updated;
    }
  else
    counts->n_skipped += n_matched_first;

  g_string_assign (sql, "UPDATE rapport.import_batches SET n_inserted = $2, n_updated = $3, n_skipped = $4,"
                        " n_accounts_created = $5 WHERE id = $1");
  {
    g_autofree char *ins = g_strdup_printf ("%u", counts->n_inserted);
    g_autofree char *upd = g_strdup_printf ("%u", counts->n_updated);
    g_autofree char *skip = g_strdup_printf ("%u", counts->n_skipped + counts->n_unchanged);
    g_autofree char *acc = g_strdup_printf ("%u", counts->n_accounts_created);
    const char      *p[5] = { batch, ins, upd, skip, acc };

    if (!exec_ok (load->conn, sql->str, 5, p, NULL, NULL, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
crm_import_load_commit (CrmImportLoad   *load,
                        gboolean         dry_run,
                        CrmImportCounts *counts,
                        GError         **error)
{
  CrmImportCounts local = { 0 };

  g_return_val_if_fail (load != NULL && load->in_copy, FALSE);

  if (!flush_buffer (load, error))
    return FALSE;
  load->in_copy = FALSE;
  if (!_crm_store_copy_end (load->conn, error))
    return FALSE;

  if (!exec_ok (load->conn, "ANALYZE import_staging", 0, NULL, NULL, NULL, error))
    return FALSE;

  if (!apply (load, &local, error))
    return FALSE;

  /* COMMIT would build them too; here they are timed, and a dry run does
   * not pay for them. */
  if (load->indexes_aside && !dry_run && !_crm_store_restore_indexes (load->conn, error))
    return FALSE;

  if (!_crm_store_exec_command (load->conn, dry_run ? "ROLLBACK" : "COMMIT", error))
    return FALSE;
  load->in_transaction = FALSE;

  if (dry_run)
    local.batch_id = 0;
  if (counts != NULL)
    *counts = local;
  return TRUE;
}

void
crm_import_load_free (CrmImportLoad *load)
{
  if (load == NULL)
    return;

  if (load->in_copy)
    {
      PGresult *res;

      PQputCopyEnd (load->conn, "import abandoned");
      while ((res = PQgetResult (load->conn)) != NULL)
        PQclear (res);
    }
  if (load->in_transaction && PQstatus (load->conn) == CONNECTION_OK)
    PQclear (PQexec (load->conn, "ROLLBACK"));

  g_strfreev (load->targets);
  g_hash_table_unref (load->employees);
  g_string_free (load->buffer, TRUE);
  g_string_free (load->row, TRUE);
  g_free (load);
}

/* ---- Large loads ---- */

gboolean
_crm_store_set_indexes_aside (PGconn     *conn,
                              const char *table,
                              guint64     n_rows,
                              gboolean   *aside,
                              GError    **error)
{
  g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, n_rows);
  const char      *params[2] = { table, rows };
  PGresult        *res;

  res = _crm_store_exec (conn, "SELECT rapport.set_indexes_aside($1, $2)", 2, params, FALSE, error);
  if (res == NULL)
    return FALSE;
  *aside = PQgetvalue (res, 0, 0)[0] == 't';
  PQclear (res);
  if (*aside)
    g_debug ("%s rows into %s: its indexes are built after them", rows, table);
  return TRUE;
}

gboolean
_crm_store_restore_indexes (PGconn  *conn,
                            GError **error)
{
  gint64 start = g_get_monotonic_time ();

  if (!_crm_store_exec_command (conn, "SELECT rapport.restore_indexes()", error))
    return FALSE;
  g_debug ("Indexes built again in %.1f s", (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

/* ---- Undo ---- */

/* The columns a person sets, which undo puts back: owner_id, custom and
 * every stored own field. */
/* col = CASE WHEN r.old ? 'col' THEN o.col ELSE t.col END for each
 * column the import may have changed: a column the snapshot left out (the
 * importer could not read it) keeps its value, and so does one the undoer
 * may not write. */
static void
append_restore_set (GString             *sql,
                    const CrmRecordType *type,
                    GHashTable          *withheld)
{
  g_autoptr (GPtrArray) columns = snapshot_columns (type, withheld);

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      if (i > 0)
        g_string_append (sql, ", ");
      _crm_sql_append_ident (sql, column);
      /* sql-identifier: a descriptor's column name ([a-z_]) as the key */
      g_string_append_printf (sql, " = CASE WHEN r.old ? '%s' THEN o.", column);
      _crm_sql_append_ident (sql, column);
      g_string_append (sql, " ELSE t.");
      _crm_sql_append_ident (sql, column);
      g_string_append (sql, " END");
    }
}

static gboolean
undo_table (PGconn              *conn,
            const char          *batch,
            const CrmRecordType *type,
            CrmImportUndoCounts *counts,
            GError             **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  const char *params[2] = { batch, type->table };
  PGresult   *res = NULL;

  /* Changed since, or (accounts) linked to contacts that stay. */
  g_string_append (sql, "SELECT count(*) FROM rapport.import_rows r JOIN ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t ON t.id = r.record_id WHERE r.batch_id = $1 AND r.table_name = $2"
                        " AND (t.version <> r.version");
  if (g_str_equal (type->name, "account"))
    g_string_append (sql, " OR (r.op = 'I' AND EXISTS (SELECT 1 FROM rapport.contacts c WHERE c.account_id = t.id))");
  g_string_append (sql, ")");
  if (!exec_ok (conn, sql->str, 2, params, type, &res, error))
    return FALSE;
  counts->n_kept += result_uint (res, 0, 0);
  PQclear (res);

  g_string_assign (sql, "DELETE FROM ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t USING rapport.import_rows r WHERE r.batch_id = $1 AND r.table_name = $2"
                        " AND r.op = 'I' AND t.id = r.record_id AND t.version = r.version");
  if (g_str_equal (type->name, "account"))
    g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM rapport.contacts c WHERE c.account_id = t.id)");
  if (!exec_ok (conn, sql->str, 2, params, type, &res, error))
    return FALSE;
  counts->n_deleted += (guint) g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  PQclear (res);

  g_string_assign (sql, "UPDATE ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t SET ");
  append_restore_set (sql, type, _crm_store_withheld (conn));
  g_string_append (sql, " FROM rapport.import_rows r, LATERAL jsonb_populate_record (NULL::");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, ", r.old) o WHERE r.batch_id = $1 AND r.table_name = $2 AND r.op = 'U'"
                        " AND t.id = r.record_id AND t.version = r.version");
  if (!exec_ok (conn, sql->str, 2, params, type, &res, error))
    return FALSE;
  counts->n_restored += (guint) g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  PQclear (res);
  return TRUE;
}

gboolean
crm_import_undo (gpointer             conn,
                 gint64               batch_id,
                 CrmImportUndoCounts *counts,
                 GError             **error)
{
  g_autofree char    *batch = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
  const char         *params[1] = { batch };
  CrmImportUndoCounts local = { 0 };
  PGresult           *res = NULL;
  gboolean            ok;

  g_return_val_if_fail (conn != NULL, FALSE);

  if (!_crm_store_exec_command (conn, "BEGIN; SET LOCAL statement_timeout = 0", error))
    return FALSE;

  ok = exec_ok (conn, "SELECT undone_at IS NOT NULL FROM rapport.import_batches WHERE id = $1 FOR UPDATE", 1, params,
                NULL, &res, error);
  if (ok && PQntuples (res) == 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, _ ("There is no import number %s"), batch);
      ok = FALSE;
    }
  else if (ok && PQgetvalue (res, 0, 0)[0] == 't')
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT, _ ("Import number %s has already been undone"),
                   batch);
      ok = FALSE;
    }
  g_clear_pointer (&res, PQclear);

  /* Contacts first: an account the batch created goes after its contacts. */
  ok = ok && undo_table (conn, batch, &crm_contact_type, &local, error);
  ok = ok && undo_table (conn, batch, &crm_account_type, &local, error);
  ok = ok && exec_ok (conn, "UPDATE rapport.import_batches SET undone_at = now(), undone_by = rapport.current_actor()"
                            " WHERE id = $1",
                      1, params, NULL, NULL, error);
  ok = ok && _crm_store_exec_command (conn, "COMMIT", error);
  if (!ok)
    {
      if (PQstatus (conn) == CONNECTION_OK)
        PQclear (PQexec (conn, "ROLLBACK"));
      return FALSE;
    }
  if (counts != NULL)
    *counts = local;
  return TRUE;
}

/* ---- Listing ---- */

void
crm_import_batch_free (CrmImportBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->table);
  g_free (batch->source);
  g_free (batch->actor);
  g_clear_pointer (&batch->at, g_date_time_unref);
  g_clear_pointer (&batch->undone_at, g_date_time_unref);
  g_free (batch);
}

static GDateTime *
parse_timestamp (PGresult *res,
                 int       row,
                 int       col)
{
  g_autofree char *iso = NULL;

  if (PQgetisnull (res, row, col))
    return NULL;
  /* "2026-11-22 10:00:00.123+03" → ISO 8601 for GLib. */
  iso = g_strdup (PQgetvalue (res, row, col));
  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';
  return g_date_time_new_from_iso8601 (iso, NULL);
}

GPtrArray *
crm_import_list_batches (gpointer conn,
                         guint    limit,
                         GError **error)
{
  g_autofree char *n = g_strdup_printf ("%u", limit);
  const char      *params[1] = { n };
  GPtrArray       *batches;
  PGresult        *res = NULL;

  g_return_val_if_fail (conn != NULL, NULL);

  if (!exec_ok (conn,
                "SELECT id, table_name, source, actor, at, n_inserted, n_updated, n_skipped,"
                "       n_accounts_created, undone_at"
                "  FROM rapport.import_batches ORDER BY id DESC LIMIT $1",
                1, params, NULL, &res, error))
    return NULL;

  batches = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_import_batch_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      CrmImportBatch *b = g_new0 (CrmImportBatch, 1);

      b->id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
      b->table = g_strdup (PQgetvalue (res, i, 1));
      b->source = g_strdup (PQgetvalue (res, i, 2));
      b->actor = g_strdup (PQgetvalue (res, i, 3));
      b->at = parse_timestamp (res, i, 4);
      b->n_inserted = result_uint (res, i, 5);
      b->n_updated = result_uint (res, i, 6);
      b->n_skipped = result_uint (res, i, 7);
      b->n_accounts_created = result_uint (res, i, 8);
      b->undone_at = parse_timestamp (res, i, 9);
      g_ptr_array_add (batches, b);
    }
  PQclear (res);
  return batches;
}
