/* crm-audit.c — reading the audit trail
 *
 * One query reads a page of rapport.audit_log rows joined to their fields
 * (one result row per changed field, jsonb_each), with the employee's name
 * for the login and, for a delete, the record it was merged into; a second
 * one names every record the page mentions: the entries' own records and
 * those their references point to, one UNION ALL branch per record type,
 * a deleted record named from its last audit row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-audit.h"
#include "crm-search.h"
#include "crm-store-private.h"

/* Larger pages are cut to this. */
#define MAX_LIMIT 1000


typedef struct
{
  /* history */
  const CrmRecordType *type;
  gint64               record_id;
  /* log */
  gboolean             whole_log;
  char                *table_name;
  char                *actor;
  int                  op;
  GDateTime           *since;
  GDateTime           *until;
  char                *text;
  /* both */
  gint64               before_id;
  guint                limit;
} ReadData;

typedef struct
{
  GPtrArray *entries;
  gboolean   more;
} Page;

static void
read_data_free (gpointer data)
{
  ReadData *rd = data;

  g_free (rd->table_name);
  g_free (rd->actor);
  g_clear_pointer (&rd->since, g_date_time_unref);
  g_clear_pointer (&rd->until, g_date_time_unref);
  g_free (rd->text);
  g_free (rd);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->entries, g_ptr_array_unref);
  g_free (page);
}

static const char op_codes[] = { 'I', 'U', 'D' };

static CrmAuditOp
op_from_code (char code)
{
  switch (code)
    {
    case 'I':
      return CRM_AUDIT_OP_INSERT;
    case 'D':
      return CRM_AUDIT_OP_DELETE;
    default:
      return CRM_AUDIT_OP_UPDATE;
    }
}

/* ---- Parameters ---- */

typedef struct
{
  GPtrArray *values; /* char *, NULL = SQL NULL */
} Params;

static guint
params_add (Params     *params,
            const char *value)
{
  g_ptr_array_add (params->values, g_strdup (value));
  return params->values->len;
}

static guint
params_add_take (Params *params,
                 char   *value)
{
  g_ptr_array_add (params->values, value);
  return params->values->len;
}

static char *
format_timestamp (GDateTime *dt)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (dt);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S.%f+00");
}

/* ---- Naming records ---- */

/* The record types that references and entries may name: a descriptor's
 * or, for employees (no descriptor yet), their table and full_name. */
typedef struct
{
  const char          *kind;  /* "account", "employee" */
  const CrmRecordType *type;  /* NULL for employees */
  const char          *table; /* "accounts" */
} NameKind;

static gboolean
name_kind_for (const char *name,
               NameKind   *kind)
{
  const CrmRecordType *type;

  if (g_str_equal (name, "employee") || g_str_equal (name, "employees"))
    {
      *kind = (NameKind){ "employee", NULL, "employees" };
      return TRUE;
    }
  type = crm_record_type_lookup (name);
  if (type == NULL)
    return FALSE;
  *kind = (NameKind){ type->name, type, type->table };
  return TRUE;
}

static void
append_title_expr (GString        *sql,
                   const NameKind *kind)
{
  if (kind->type == NULL)
    g_string_append (sql, "t.full_name");
  else
    _crm_sql_append_field_expr (sql, crm_record_type_get_field (kind->type, kind->type->title_field));
}

static void
append_kind_table (GString        *sql,
                   const NameKind *kind)
{
  if (kind->type == NULL)
    g_string_append (sql, "rapport.employees");
  else
    _crm_sql_append_table (sql, kind->type);
}

/* kind → GHashTable of ids (as gint64 keys in a set). */
static void
want_name (GHashTable *wanted,
           const char *kind_name,
           gint64      id)
{
  NameKind    kind;
  GHashTable *ids;

  if (id <= 0 || !name_kind_for (kind_name, &kind))
    return;
  ids = g_hash_table_lookup (wanted, kind.kind);
  if (ids == NULL)
    {
      ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (wanted, (gpointer) kind.kind, ids);
    }
  if (!g_hash_table_contains (ids, &id))
    g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
}

static gint64
parse_id (const char *text)
{
  gint64 id = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return id;
}

static char *
name_key (const char *kind,
          gint64      id)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, id);
}

/* One query for all the names: "kind:id" → title. */
static GHashTable *
fetch_names (PGconn     *conn,
             GHashTable *wanted,
             GError    **error)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  Params         params = { values };
  GHashTableIter iter;
  gpointer       key, value;
  PGresult      *res;

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      NameKind    kind;
      GHashTable *ids = value;
      g_autoptr (GArray) list = g_array_new (FALSE, FALSE, sizeof (gint64));
      GHashTableIter id_iter;
      gpointer       id;
      guint          p_kind, p_ids, p_table;

      if (!name_kind_for (key, &kind))
        continue;
      g_hash_table_iter_init (&id_iter, ids);
      while (g_hash_table_iter_next (&id_iter, &id, NULL))
        g_array_append_val (list, *(gint64 *) id);

      p_kind = params_add (&params, kind.kind);
      p_ids = params_add_take (&params, _crm_store_ids_literal ((gint64 *) (gpointer) list->data, list->len));
      p_table = params_add (&params, kind.table);

      if (sql->len > 0)
        g_string_append (sql, " UNION ALL ");
      /* Those that are there now. */
      g_string_append_printf (sql, "SELECT $%u::text, t.id, (", p_kind);
      append_title_expr (sql, &kind);
      g_string_append (sql, ")::text FROM ");
      append_kind_table (sql, &kind);
      g_string_append_printf (sql, " t WHERE t.id = ANY($%u::bigint[])", p_ids);
      /* Deleted ones, as their last audit row left them. */
      g_string_append_printf (sql, " UNION ALL SELECT $%u::text, d.record_id, (", p_kind);
      append_title_expr (sql, &kind);
      g_string_append (sql, ")::text FROM (SELECT DISTINCT ON (a.record_id) a.record_id, a.fields"
                            " FROM rapport.audit_log a");
      g_string_append_printf (sql, " WHERE a.table_name = $%u AND a.op = 'D' AND a.record_id = ANY($%u::bigint[])",
                              p_table, p_ids);
      g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM ");
      append_kind_table (sql, &kind);
      g_string_append (sql, " x WHERE x.id = a.record_id)"
                            " ORDER BY a.record_id, a.at DESC, a.id DESC) d"
                            " CROSS JOIN LATERAL jsonb_populate_record(NULL::");
      append_kind_table (sql, &kind);
      g_string_append (sql, ", (SELECT jsonb_object_agg(f.key, f.value -> 'old') FROM jsonb_each(d.fields) f)) t");
    }

  if (sql->len == 0)
    return g_steal_pointer (&names);

  res = _crm_store_exec (conn, sql->str, values->len, (const char *const *) values->pdata, FALSE, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autofree char *k = NULL;

      if (PQgetisnull (res, i, 2))
        continue;
      k = g_strdup_printf ("%s:%s", PQgetvalue (res, i, 0), PQgetvalue (res, i, 1));
      if (!g_hash_table_contains (names, k))
        g_hash_table_insert (names, g_steal_pointer (&k), g_strdup (PQgetvalue (res, i, 2)));
    }
  PQclear (res);

  return g_steal_pointer (&names);
}

static const char *
lookup_name (GHashTable *names,
             const char *kind_name,
             const char *id_text)
{
  NameKind         kind;
  gint64           id = parse_id (id_text);
  g_autofree char *key = NULL;

  if (id == 0 || !name_kind_for (kind_name, &kind))
    return NULL;
  key = name_key (kind.kind, id);
  return g_hash_table_lookup (names, key);
}

/* Names for every entry's record and every reference in the page. */
static gboolean
name_everything (PGconn    *conn,
                 GPtrArray *entries,
                 GError   **error)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  g_autoptr (GHashTable) names = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      CrmAuditEntry       *entry = g_ptr_array_index (entries, i);
      const CrmRecordType *type = crm_audit_entry_get_record_type (entry);

      want_name (wanted, crm_audit_entry_get_table_name (entry), crm_audit_entry_get_record_id (entry));
      for (guint j = 0; j < crm_audit_entry_get_n_changes (entry); j++)
        {
          CrmAuditChange *change = crm_audit_entry_get_change (entry, j);
          const CrmField *f = crm_record_type_get_field (type, change->field);

          if (f == NULL || f->kind != CRM_FIELD_REF || f->ref_type == NULL)
            continue;
          want_name (wanted, f->ref_type, parse_id (change->old_text));
          want_name (wanted, f->ref_type, parse_id (change->new_text));
        }
    }

  names = fetch_names (conn, wanted, error);
  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      CrmAuditEntry       *entry = g_ptr_array_index (entries, i);
      const CrmRecordType *type = crm_audit_entry_get_record_type (entry);
      g_autofree char     *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, crm_audit_entry_get_record_id (entry));

      crm_audit_entry_set_record_title (entry, lookup_name (names, crm_audit_entry_get_table_name (entry), id_text));
      for (guint j = 0; j < crm_audit_entry_get_n_changes (entry); j++)
        {
          CrmAuditChange *change = crm_audit_entry_get_change (entry, j);
          const CrmField *f = crm_record_type_get_field (type, change->field);

          if (f == NULL || f->kind != CRM_FIELD_REF || f->ref_type == NULL)
            continue;
          crm_audit_change_set_names (change,
                                      lookup_name (names, f->ref_type, change->old_text),
                                      lookup_name (names, f->ref_type, change->new_text));
        }
    }

  return TRUE;
}

/* ---- Reading a page ---- */

static GDateTime *
datetime_from_usec (const char *text)
{
  gint64 usec = g_ascii_strtoll (text, NULL, 10);
  gint64 sec = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr (GDateTime) whole = NULL;

  if (rest < 0)
    {
      rest += G_USEC_PER_SEC;
      sec--;
    }
  whole = g_date_time_new_from_unix_utc (sec);
  return g_date_time_add (whole, rest);
}

/* Whether a field of an entry is worth showing: the id is the record's
 * own, an empty "custom" on insert or delete says nothing. */
static gboolean
keep_field (const char *field,
            const char *old_text,
            const char *new_text)
{
  if (g_str_equal (field, "id"))
    return FALSE;
  if (g_str_equal (field, "custom"))
    return !(g_strcmp0 (old_text ? old_text : "{}", "{}") == 0 && g_strcmp0 (new_text ? new_text : "{}", "{}") == 0);
  return TRUE;
}

/* What the query may use on this connection: whether the login may read
 * audit_log.money_fields, where 0006 keeps the old and new values of money
 * columns (annual revenue) apart — admins and heads may, managers and
 * read-only users may not, and asking for the column would fail the
 * whole query for them; and whether lower() folds Cyrillic (not in a
 * database made with the C locale). */
static gboolean
read_session (PGconn   *conn,
              gboolean *money,
              gboolean *folds,
              GError  **error)
{
  PGresult *res = _crm_store_exec (conn,
                                   "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a"
                                   "  WHERE a.attrelid = 'rapport.audit_log'::regclass"
                                   "    AND a.attname = 'money_fields' AND NOT a.attisdropped)"
                                   " THEN has_column_privilege('rapport.audit_log', 'money_fields', 'SELECT')"
                                   " ELSE false END,"
                                   " lower('ЁЖ') = 'ёж'",
                                   0, NULL, FALSE, error);

  if (res == NULL)
    return FALSE;
  *money = PQgetvalue (res, 0, 0)[0] == 't';
  *folds = PQgetvalue (res, 0, 1)[0] == 't';
  PQclear (res);
  return TRUE;
}

/* A LIKE pattern that matches at least every lower-cased document in
 * which @text is found as rapport.search_norm() finds it: е and ё as any
 * one character; white space, quotes and backslashes as any run. */
static char *
dup_like_pattern (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autoptr (GString) out = g_string_new ("%");

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x0435 || c == 0x0451) /* е, ё */
        g_string_append_c (out, '_');
      else if (g_unichar_isspace (c) || c == '"' || c == '\\')
        {
          /* Spaces may differ; JSON writes a quote or a backslash as two
           * characters. */
          if (out->str[out->len - 1] != '%')
            g_string_append_c (out, '%');
        }
      else
        {
          if (c == '%' || c == '_')
            g_string_append_c (out, '\\');
          g_string_append_unichar (out, c);
        }
    }
  if (out->str[out->len - 1] != '%')
    g_string_append_c (out, '%');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Rows with @text in an old or new value: as rapport.search_norm() finds
 * text, and a phone typed in any spelling ("8 (916) 325-87-98") in the
 * digits of a stored one, as the lists' search does. First a cheap look
 * at the whole document for rows that may match (15 µs a row), then the
 * values themselves, not the keys, for the rows that pass (folding every
 * row's values took 150 µs a row). */
static void
append_text_filter (GString    *sql,
                    Params     *params,
                    const char *fields,
                    gboolean    folds,
                    const char *text)
{
  g_autofree char *digits = NULL;
  guint            p_text = params_add (params, text);
  guint            p_digits = 0;

  if (crm_search_classify (text, &digits) == CRM_SEARCH_DIGITS)
    p_digits = params_add (params, digits);

  /* Without a lower() that folds Cyrillic, no shortcut: the values only. */
  if (folds)
    {
      guint p_like = params_add_take (params, dup_like_pattern (text));

      if (p_digits != 0)
        g_string_append_printf (sql, " AND (strpos((%s)::text, $%u) > 0 OR lower((%s)::text) LIKE $%u)", /* sql-identifier: fields is one of two fixed expressions */
                                fields, p_digits, fields, p_like);
      else
        g_string_append_printf (sql, " AND lower((%s)::text) LIKE $%u", fields, p_like); /* sql-identifier: fixed expression */
    }

  g_string_append_printf (sql, " AND EXISTS (SELECT 1 FROM jsonb_each(%s) f WHERE f.key <> 'id' AND (", fields); /* sql-identifier: fixed expression */
  g_string_append_printf (sql, "strpos(rapport.search_norm(concat_ws(' ', f.value ->> 'old', f.value ->> 'new')),"
                               " rapport.search_norm($%u)) > 0",
                          p_text);
  if (p_digits != 0)
    g_string_append_printf (sql, " OR strpos(rapport.phone_digits(f.value ->> 'old'), $%u) > 0"
                                 " OR strpos(rapport.phone_digits(f.value ->> 'new'), $%u) > 0",
                            p_digits, p_digits);
  g_string_append (sql, "))");
}

static gpointer
read_func (CrmStore     *store,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  ReadData *rd = data;
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  Params         params = { values };
  CrmAuditEntry *entry = NULL;
  gint64         entry_id = 0;
  guint          limit = CLAMP (rd->limit, 1, MAX_LIMIT);
  gboolean       money = FALSE;
  gboolean       folds = FALSE;
  const char    *fields;
  PGresult      *res;
  Page          *page;

  if (!read_session (conn, &money, &folds, error))
    return NULL;
  /* The values of money columns are in the document only for those who
   * may read them. */
  fields = money ? "(l.fields || coalesce(l.money_fields, '{}'))" : "l.fields";

  g_string_append (sql, "WITH page AS (SELECT l.id, l.at, l.actor, l.table_name, l.record_id, l.op, l.version, ");
  g_string_append (sql, fields);
  g_string_append (sql, " AS fields FROM rapport.audit_log l WHERE true");

  if (!rd->whole_log)
    {
      guint p_table = params_add (&params, rd->type->table);
      guint p_id = params_add_take (&params, g_strdup_printf ("%" G_GINT64_FORMAT, rd->record_id));

      /* = ANY (ARRAY(…)), not IN (SELECT …): the (table_name, record_id,
       * at) index, not a walk back through the whole log by time. */
      g_string_append_printf (sql, " AND l.table_name = $%u"
                                   " AND l.record_id = ANY (ARRAY(SELECT rapport.merged_ids($%u, $%u::bigint)))",
                              p_table, p_table, p_id);
    }
  else
    {
      if (rd->table_name != NULL)
        g_string_append_printf (sql, " AND l.table_name = $%u", params_add (&params, rd->table_name));
      if (rd->actor != NULL)
        g_string_append_printf (sql, " AND l.actor = $%u", params_add (&params, rd->actor));
      if (rd->op >= 0 && rd->op < (int) G_N_ELEMENTS (op_codes))
        {
          char code[2] = { op_codes[rd->op], '\0' };

          g_string_append_printf (sql, " AND l.op = $%u", params_add (&params, code));
        }
      if (rd->since != NULL)
        g_string_append_printf (sql, " AND l.at >= $%u::timestamptz", params_add_take (&params, format_timestamp (rd->since)));
      if (rd->until != NULL)
        g_string_append_printf (sql, " AND l.at < $%u::timestamptz", params_add_take (&params, format_timestamp (rd->until)));
      if (rd->text != NULL && rd->text[0] != '\0')
        append_text_filter (sql, &params, fields, folds, rd->text);
    }

  if (rd->before_id > 0)
    {
      guint p_before = params_add_take (&params, g_strdup_printf ("%" G_GINT64_FORMAT, rd->before_id));

      /* The plain "at <=" lets the (at) index start at the cursor. */
      g_string_append_printf (sql, " AND l.at <= (SELECT c.at FROM rapport.audit_log c WHERE c.id = $%u::bigint)"
                                   " AND (l.at, l.id) < (SELECT c.at, c.id FROM rapport.audit_log c WHERE c.id = $%u::bigint)",
                              p_before, p_before);
    }

  g_string_append_printf (sql, " ORDER BY l.at DESC, l.id DESC LIMIT $%u)",
                          params_add_take (&params, g_strdup_printf ("%u", limit + 1)));
  g_string_append (sql, " SELECT p.id, (extract(epoch FROM p.at) * 1000000)::bigint, p.actor,"
                        " (SELECT e.full_name FROM rapport.employees e WHERE e.login = p.actor),"
                        " p.table_name, p.record_id, p.op, p.version,"
                        " (SELECT m.kept_id FROM rapport.merges m"
                        "   WHERE p.op = 'D' AND m.table_name = p.table_name AND m.merged_id = p.record_id),"
                        " f.key, f.value ->> 'old', f.value ->> 'new'"
                        " FROM page p LEFT JOIN LATERAL jsonb_each(p.fields) f ON true"
                        " ORDER BY p.at DESC, p.id DESC");

  res = _crm_store_exec_full (conn, sql->str, values->len, (const char *const *) values->pdata, FALSE,
                              CRM_SQL_READ, rd->type, error);
  if (res == NULL)
    return NULL;

  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      if (entry == NULL || id != entry_id)
        {
          g_autoptr (GDateTime) at = datetime_from_usec (PQgetvalue (res, i, 1));

          entry = crm_audit_entry_new (id, at, PQgetvalue (res, i, 2),
                                       PQgetisnull (res, i, 3) ? NULL : PQgetvalue (res, i, 3),
                                       PQgetvalue (res, i, 4),
                                       g_ascii_strtoll (PQgetvalue (res, i, 5), NULL, 10),
                                       op_from_code (PQgetvalue (res, i, 6)[0]),
                                       (int) g_ascii_strtoll (PQgetvalue (res, i, 7), NULL, 10));
          if (!PQgetisnull (res, i, 8))
            crm_audit_entry_set_merged_into (entry, g_ascii_strtoll (PQgetvalue (res, i, 8), NULL, 10));
          entry_id = id;
          g_ptr_array_add (entries, entry);
        }

      if (!PQgetisnull (res, i, 9))
        {
          const char *field = PQgetvalue (res, i, 9);
          const char *old_text = PQgetisnull (res, i, 10) ? NULL : PQgetvalue (res, i, 10);
          const char *new_text = PQgetisnull (res, i, 11) ? NULL : PQgetvalue (res, i, 11);

          if (keep_field (field, old_text, new_text))
            crm_audit_entry_add_change (entry, field, old_text, new_text);
        }
    }
  PQclear (res);

  page = g_new0 (Page, 1);
  page->more = entries->len > limit;
  if (page->more)
    g_ptr_array_set_size (entries, limit);
  for (guint i = 0; i < entries->len; i++)
    crm_audit_entry_sort_changes (g_ptr_array_index (entries, i));

  if (!name_everything (conn, entries, error))
    {
      page_free (page);
      return NULL;
    }
  page->entries = g_steal_pointer (&entries);

  return page;
}

/* ---- Actors and rights ---- */

typedef struct
{
  GStrv logins;
  GStrv names;
} Actors;

static void
actors_free (gpointer data)
{
  Actors *a = data;

  g_strfreev (a->logins);
  g_strfreev (a->names);
  g_free (a);
}

static gpointer
actors_func (CrmStore     *store,
             gpointer      conn,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (GPtrArray) logins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Actors   *a;
  PGresult *res;

  res = _crm_store_exec (conn,
                         "SELECT e.login, e.full_name FROM rapport.employees e WHERE e.login IS NOT NULL"
                         " UNION ALL SELECT session_user::text, NULL"
                         "  WHERE NOT EXISTS (SELECT 1 FROM rapport.employees e WHERE e.login = session_user::text)"
                         " ORDER BY 2 NULLS LAST, 1",
                         0, NULL, FALSE, error);
  if (res == NULL)
    return NULL;

  for (int i = 0; i < PQntuples (res); i++)
    {
      g_ptr_array_add (logins, g_strdup (PQgetvalue (res, i, 0)));
      g_ptr_array_add (names, PQgetisnull (res, i, 1) ? g_strdup (PQgetvalue (res, i, 0)) : g_strdup (PQgetvalue (res, i, 1)));
    }
  PQclear (res);
  g_ptr_array_add (logins, NULL);
  g_ptr_array_add (names, NULL);

  a = g_new0 (Actors, 1);
  a->logins = (GStrv) g_ptr_array_steal (logins, NULL);
  a->names = (GStrv) g_ptr_array_steal (names, NULL);
  return a;
}

static gpointer
can_browse_func (CrmStore     *store,
                 gpointer      conn,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  PGresult *res;
  gboolean  admin;

  res = _crm_store_exec (conn,
                         "SELECT r.rolsuper"
                         " OR EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND d.datdba = r.oid)"
                         " OR EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rapport_admin'"
                         "            AND pg_has_role(r.oid, g.oid, 'MEMBER'))"
                         " FROM pg_roles r WHERE r.rolname = session_user",
                         0, NULL, FALSE, error);
  if (res == NULL)
    return NULL;
  admin = PQntuples (res) == 1 && PQgetvalue (res, 0, 0)[0] == 't';
  PQclear (res);

  /* Never NULL: that means failure. */
  return GUINT_TO_POINTER (admin ? 2 : 1);
}

/* ---- Async plumbing ---- */

static void
on_page_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  Page   *page = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, page_free);
}

static void
on_actors_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  Actors *actors = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, actors, actors_free);
}

static void
on_can_browse_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError  *error = NULL;
  gpointer answer = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, GPOINTER_TO_UINT (answer) == 2);
}

static void
start_read (CrmStore           *store,
            gpointer            source_tag,
            ReadData           *rd,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  crm_store_run_async (store, read_func, rd, read_data_free, page_free, cancellable,
                       on_page_done_cb, g_steal_pointer (&task));
}

static GPtrArray *
finish_read (CrmStore     *store,
             GAsyncResult *result,
             gpointer      source_tag,
             gboolean     *more,
             GError      **error)
{
  Page      *page;
  GPtrArray *entries;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  page = g_task_propagate_pointer (G_TASK (result), error);
  if (page == NULL)
    return NULL;
  if (more != NULL)
    *more = page->more;
  entries = g_steal_pointer (&page->entries);
  page_free (page);
  return entries;
}

static GPtrArray *
read_sync (CrmStore     *store,
           ReadData     *rd,
           gboolean     *more,
           GCancellable *cancellable,
           GError      **error)
{
  Page      *page = crm_store_run_sync (store, read_func, rd, cancellable, error);
  GPtrArray *entries;

  read_data_free (rd);
  if (page == NULL)
    return NULL;
  if (more != NULL)
    *more = page->more;
  entries = g_steal_pointer (&page->entries);
  page_free (page);
  return entries;
}

static ReadData *
history_data_new (const CrmRecordType *type,
                  gint64               record_id,
                  gint64               before_id,
                  guint                limit)
{
  ReadData *rd = g_new0 (ReadData, 1);

  rd->type = type;
  rd->record_id = record_id;
  rd->before_id = before_id;
  rd->limit = limit;
  rd->op = -1;
  return rd;
}

static ReadData *
log_data_new (const CrmAuditFilter *filter,
              gint64                before_id,
              guint                 limit)
{
  ReadData *rd = g_new0 (ReadData, 1);

  rd->whole_log = TRUE;
  rd->before_id = before_id;
  rd->limit = limit;
  rd->op = -1;
  if (filter != NULL)
    {
      rd->table_name = g_strdup (filter->table_name);
      rd->actor = g_strdup (filter->actor);
      rd->op = filter->op;
      rd->since = filter->since ? g_date_time_ref (filter->since) : NULL;
      rd->until = filter->until ? g_date_time_ref (filter->until) : NULL;
      rd->text = g_strdup (filter->text);
    }
  return rd;
}

/* ---- Public API ---- */

GPtrArray *
crm_audit_history_sync (CrmStore            *store,
                        const CrmRecordType *type,
                        gint64               record_id,
                        gint64               before_id,
                        guint                limit,
                        gboolean            *more,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  return read_sync (store, history_data_new (type, record_id, before_id, limit), more, cancellable, error);
}

void
crm_audit_history_async (CrmStore            *store,
                         const CrmRecordType *type,
                         gint64               record_id,
                         gint64               before_id,
                         guint                limit,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (type != NULL);

  start_read (store, crm_audit_history_async, history_data_new (type, record_id, before_id, limit),
              cancellable, callback, user_data);
}

GPtrArray *
crm_audit_history_finish (CrmStore     *store,
                          GAsyncResult *result,
                          gboolean     *more,
                          GError      **error)
{
  return finish_read (store, result, crm_audit_history_async, more, error);
}

GPtrArray *
crm_audit_log_sync (CrmStore             *store,
                    const CrmAuditFilter *filter,
                    gint64                before_id,
                    guint                 limit,
                    gboolean             *more,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return read_sync (store, log_data_new (filter, before_id, limit), more, cancellable, error);
}

void
crm_audit_log_async (CrmStore             *store,
                     const CrmAuditFilter *filter,
                     gint64                before_id,
                     guint                 limit,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));

  start_read (store, crm_audit_log_async, log_data_new (filter, before_id, limit), cancellable, callback, user_data);
}

GPtrArray *
crm_audit_log_finish (CrmStore     *store,
                      GAsyncResult *result,
                      gboolean     *more,
                      GError      **error)
{
  return finish_read (store, result, crm_audit_log_async, more, error);
}

void
crm_audit_list_actors_async (CrmStore           *store,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_audit_list_actors_async);
  crm_store_run_async (store, actors_func, NULL, NULL, actors_free, cancellable,
                       on_actors_done_cb, g_steal_pointer (&task));
}

gboolean
crm_audit_list_actors_finish (CrmStore     *store,
                              GAsyncResult *result,
                              GStrv        *logins,
                              GStrv        *names,
                              GError      **error)
{
  Actors *actors;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_audit_list_actors_async, FALSE);

  actors = g_task_propagate_pointer (G_TASK (result), error);
  if (actors == NULL)
    return FALSE;
  if (logins != NULL)
    *logins = g_steal_pointer (&actors->logins);
  if (names != NULL)
    *names = g_steal_pointer (&actors->names);
  actors_free (actors);
  return TRUE;
}

gboolean
crm_audit_can_browse_sync (CrmStore     *store,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  return GPOINTER_TO_UINT (crm_store_run_sync (store, can_browse_func, NULL, cancellable, error)) == 2;
}

void
crm_audit_can_browse_async (CrmStore           *store,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_audit_can_browse_async);
  crm_store_run_async (store, can_browse_func, NULL, NULL, NULL, cancellable,
                       on_can_browse_done_cb, g_steal_pointer (&task));
}

gboolean
crm_audit_can_browse_finish (CrmStore     *store,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_audit_can_browse_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
