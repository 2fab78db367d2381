/* bench-search.c — search latency through the list vs the same SQL bare
 *
 *   bench-search [--database CONNINFO] [--seed N]
 *
 * Builds 200 queries of the kinds people type into a list's search box
 * from the rows of the database itself (surname prefixes and fragments,
 * "Surname Firstname", phones in several spellings, e-mails, domains, INNs,
 * company names, and a few that match nothing) and runs each one through
 * the real search path, a CrmRecordList over a CrmQuery as the list page
 * makes it, and the same SQL bare with PQexecParams on a connection of its
 * own. Every query runs once untimed first (warm cache), then timed through
 * both paths, alternating which goes first.
 *
 * Two times per query:
 *   - shown: until the list holds the query's first page with its rows
 *     (CrmRecordList "partial", or done): what a person waits for. Bare:
 *     the parts of crm_query_build_head_sql and the rows by id;
 *   - complete: until every matching id is known (the count, the rest of
 *     the list). Bare: crm_query_build_ids_sql.
 *
 * Prints the figures "search p50/p95/p99" (shown) and "search complete
 * p95" (see bench-figure.h); on standard error a breakdown per kind of
 * query and EXPLAIN ANALYZE of the slowest ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <locale.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "bench-figure.h"
#include "crm-account.h"
#include "crm-contact.h"
#include "crm-record-list.h"
#include "crm-store-private.h"

#define N_SAMPLE     600
#define N_SLOWEST    5
#define TARGET_P95MS 50.0

typedef struct
{
  const CrmRecordType *type;
  char                *text;
  const char          *kind;
  double               store_ms; /* first page shown */
  double               bare_ms;
  double               store_all_ms; /* every id known */
  double               bare_all_ms;
  gint                 n_rows;
} Query;

typedef struct
{
  char *last_name;
  char *first_name;
  char *middle_name;
  char *phone;
  char *email;
} Person;

typedef struct
{
  char *name;
  char *inn;
  char *domain;
} Company;

static void
query_clear (gpointer data)
{
  Query *q = data;

  g_clear_pointer (&q->text, g_free);
}

static void
person_clear (gpointer data)
{
  Person *p = data;

  g_free (p->last_name);
  g_free (p->first_name);
  g_free (p->middle_name);
  g_free (p->phone);
  g_free (p->email);
}

static void
company_clear (gpointer data)
{
  Company *c = data;

  g_free (c->name);
  g_free (c->inn);
  g_free (c->domain);
}

/* ---- Bare libpq ---- */

static PGconn *
bare_connect (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", conninfo, PQerrorMessage (conn));
  return conn;
}

static PGresult *
bare_exec (PGconn            *conn,
           const char        *sql,
           int                n_params,
           const char *const *params,
           int                binary)
{
  PGresult *res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, binary);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s\n  failed: %s", sql, PQerrorMessage (conn));
  return res;
}

static char *
dup_value (const PGresult *res,
           int             row,
           int             col)
{
  return PQgetisnull (res, row, col) ? g_strdup ("") : g_strdup (PQgetvalue (res, row, col));
}

/* Random existing rows: ids drawn between min and max, seeded. @range_sql
 * gives min(id), max(id); @sample_sql takes the ids as $1. */
static PGresult *
sample_rows (PGconn     *conn,
             GRand      *rand,
             const char *range_sql,
             const char *sample_sql)
{
  g_autoptr (GString) ids = g_string_new ("{");
  const char *params[1];
  PGresult   *res;
  gint64      lo, hi;

  res = bare_exec (conn, range_sql, 0, NULL, 0);
  if (PQgetisnull (res, 0, 0))
    g_error ("No rows for “%s”: load data first (rapportctl demo --contacts N)", range_sql);
  lo = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  hi = g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10);
  PQclear (res);

  for (guint i = 0; i < N_SAMPLE; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            lo + (gint64) (g_rand_double (rand) * (double) (hi - lo + 1)));
  g_string_append_c (ids, '}');

  params[0] = ids->str;
  return bare_exec (conn, sample_sql, 1, params, 0);
}

static GArray *
sample_people (PGconn *conn,
               GRand  *rand)
{
  GArray   *people = g_array_new (FALSE, TRUE, sizeof (Person));
  PGresult *res;

  g_array_set_clear_func (people, person_clear);
  res = sample_rows (conn, rand, "SELECT min(id), max(id) FROM rapport.contacts",
                     "SELECT last_name, first_name, middle_name, phone_mobile, email"
                     " FROM rapport.contacts WHERE id = ANY($1::bigint[]) ORDER BY id");
  for (int i = 0; i < PQntuples (res); i++)
    {
      Person p = {
        dup_value (res, i, 0), dup_value (res, i, 1), dup_value (res, i, 2),
        dup_value (res, i, 3), dup_value (res, i, 4)
      };

      g_array_append_val (people, p);
    }
  PQclear (res);

  if (people->len == 0)
    g_error ("No contacts sampled");
  return people;
}

static GArray *
sample_companies (PGconn *conn,
                  GRand  *rand)
{
  GArray   *companies = g_array_new (FALSE, TRUE, sizeof (Company));
  PGresult *res;

  g_array_set_clear_func (companies, company_clear);
  res = sample_rows (conn, rand, "SELECT min(id), max(id) FROM rapport.accounts",
                     "SELECT name, inn, website FROM rapport.accounts WHERE id = ANY($1::bigint[]) ORDER BY id");
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autofree char *website = dup_value (res, i, 2);
      const char      *host = strstr (website, "://");
      Company          c = { dup_value (res, i, 0), dup_value (res, i, 1), g_strdup (host ? host + 3 : "") };

      g_array_append_val (companies, c);
    }
  PQclear (res);

  if (companies->len == 0)
    g_error ("No accounts sampled");
  return companies;
}

/* ---- The queries ---- */

static void
add_query (GArray              *queries,
           const CrmRecordType *type,
           const char          *kind,
           char                *text)
{
  Query q = { type, text, kind, 0, 0, 0, 0, -1 };

  g_array_append_val (queries, q);
}

/* The @i-th sampled item with a non-empty @field (cycling). */
static const Person *
person_with (GArray *people,
             guint  *cursor,
             gsize   field_offset)
{
  for (guint tries = 0; tries < people->len; tries++)
    {
      const Person *p = &g_array_index (people, Person, (*cursor)++ % people->len);
      const char   *value = G_STRUCT_MEMBER (const char *, p, field_offset);

      if (value != NULL && value[0] != '\0')
        return p;
    }
  g_error ("No sampled contact has that field set");
}

static char *
utf8_slice (const char *text,
            glong       start,
            glong       len)
{
  glong n = g_utf8_strlen (text, -1);

  start = MIN (start, MAX (n - 1, 0));
  return g_utf8_substring (text, start, MIN (n, start + len));
}

/* "+79161234567;ext=12" as people type it: kind 0–5. */
static char *
phone_as_typed (const char *e164,
                guint       style)
{
  g_autoptr (GString) d = g_string_new (NULL);

  for (const char *p = e164; *p && *p != ';'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (d, *p);
  if (d->len != 11)
    return NULL;

  switch (style % 6)
    {
    case 0:
      return g_strdup_printf ("+7 (%.3s) %.3s-%.2s-%.2s", d->str + 1, d->str + 4, d->str + 7, d->str + 9);
    case 1:
      return g_strdup_printf ("8%s", d->str + 1);
    case 2:
      return g_strdup_printf ("8 %.3s %.3s %.2s %.2s", d->str + 1, d->str + 4, d->str + 7, d->str + 9);
    case 3:
      return g_strdup_printf ("%.3s-%.2s-%.2s", d->str + 4, d->str + 7, d->str + 9);
    case 4:
      return g_strdup_printf ("%.3s %.3s", d->str + 1, d->str + 4);
    default:
      return g_strdup_printf ("+%.7s", d->str);
    }
}

/* The longest word (run of letters and digits) of a company name: without
 * quotes («», "") or the legal form, what people type for a company. */
static char *
company_word (const char *name)
{
  const char *best = name, *start = NULL;
  glong       best_len = 0, len = 0;

  for (const char *p = name;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          if (start == NULL)
            {
              start = p;
              len = 0;
            }
          len++;
          continue;
        }
      if (start != NULL && len > best_len)
        {
          best = start;
          best_len = len;
        }
      start = NULL;
      if (c == 0)
        break;
    }

  return best_len > 0 ? g_utf8_substring (best, 0, best_len) : g_strdup (name);
}

/* Loops that skip unusable samples give up rather than spin. */
static void
enough (guint *tries)
{
  if (++(*tries) > 20 * N_SAMPLE)
    g_error ("Too few usable sampled rows (phones, domains or INNs) to build the queries");
}

static GArray *
build_queries (GArray *people,
               GArray *companies,
               GRand  *rand)
{
  static const char *const rare[] = { "Громыхайло", "громыхай", "Громых", "Шварценеггер", "Достоевский" };
  GArray                  *queries = g_array_new (FALSE, TRUE, sizeof (Query));
  const CrmRecordType     *contacts = &crm_contact_type;
  const CrmRecordType     *accounts = &crm_account_type;
  guint                    pc = 0, cc = 0, tries = 0;

  g_array_set_clear_func (queries, query_clear);

#define PERSON(field) person_with (people, &pc, G_STRUCT_OFFSET (Person, field))
#define COMPANY()     (&g_array_index (companies, Company, cc++ % companies->len))

  for (guint i = 0; i < 30; i++)
    add_query (queries, contacts, "surname prefix", utf8_slice (PERSON (last_name)->last_name, 0, 3 + i % 3));
  for (guint i = 0; i < 10; i++)
    add_query (queries, contacts, "two letters", utf8_slice (PERSON (last_name)->last_name, 0, 2));
  for (guint i = 0; i < 25; i++)
    add_query (queries, contacts, "surname", g_strdup (PERSON (last_name)->last_name));
  for (guint i = 0; i < 20; i++)
    {
      const Person *p = PERSON (first_name);

      add_query (queries, contacts, "surname name", g_strdup_printf ("%s %s", p->last_name, p->first_name));
    }
  for (guint i = 0; i < 15; i++)
    add_query (queries, contacts, "surname fragment", utf8_slice (PERSON (last_name)->last_name, 1 + i % 2, 4 + i % 2));
  for (guint i = 0; i < 10; i++)
    {
      const Person *p = PERSON (middle_name);

      add_query (queries, contacts, "name patronymic", g_strdup_printf ("%s %s", p->first_name, p->middle_name));
    }
  for (guint i = 0; i < G_N_ELEMENTS (rare); i++)
    add_query (queries, contacts, "no match", g_strdup (rare[i]));
  for (guint i = 0; i < 30; enough (&tries))
    {
      char *typed = phone_as_typed (PERSON (phone)->phone, i);

      if (typed != NULL)
        {
          add_query (queries, contacts, "phone", typed);
          i++;
        }
    }
  for (guint i = 0; i < 10; i++)
    add_query (queries, contacts, "e-mail", g_strdup (PERSON (email)->email));
  for (guint i = 0; i < 8; i++)
    {
      const char *email = PERSON (email)->email;
      const char *at = strchr (email, '@');

      add_query (queries, contacts, "e-mail local part", at ? g_strndup (email, at - email) : g_strdup (email));
    }
  for (guint i = 0; i < 7; enough (&tries))
    {
      const Company *c = COMPANY ();

      if (c->domain[0] != '\0')
        {
          add_query (queries, contacts, "e-mail domain", g_strdup (c->domain));
          i++;
        }
    }
  for (guint i = 0; i < 20; enough (&tries))
    {
      const Company *c = COMPANY ();

      if (strlen (c->inn) >= 10)
        {
          add_query (queries, accounts, "INN", i < 14 ? g_strdup (c->inn) : g_strdup (c->inn + strlen (c->inn) - 6));
          i++;
        }
    }
  for (guint i = 0; i < 10; i++)
    add_query (queries, accounts, "company name", company_word (COMPANY ()->name));

#undef PERSON
#undef COMPANY

  /* Interleave the kinds (Fisher–Yates with the seeded generator). */
  for (guint i = queries->len - 1; i > 0; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
      Query tmp = g_array_index (queries, Query, i);

      g_array_index (queries, Query, i) = g_array_index (queries, Query, j);
      g_array_index (queries, Query, j) = tmp;
    }

  return queries;
}

/* ---- Running them ---- */

static gboolean
first_page_shown (CrmRecordList *list)
{
  g_autoptr (CrmRecord) first = NULL;

  if (crm_record_list_get_loading (list) && !crm_record_list_get_partial (list))
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return TRUE;
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  return crm_record_get_loaded (first);
}

/* A new list for the query, as the list page makes one: until its first
 * page is shown (q->store_ms) and until all of its ids are known. */
static void
run_store (CrmStore *store,
           Query    *q)
{
  g_autoptr (CrmQuery) query = crm_query_new (q->type);
  g_autoptr (CrmRecordList) list = NULL;
  gint64 start;

  crm_query_set_search (query, q->text);

  start = g_get_monotonic_time ();
  list = crm_record_list_new (store, query);
  while (!first_page_shown (list))
    g_main_context_iteration (NULL, TRUE);
  q->store_ms = bench_ms_since (start);
  while (crm_record_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  q->store_all_ms = bench_ms_since (start);

  if (crm_record_list_get_error (list) != NULL)
    g_error ("Search “%s” failed: %s", q->text, crm_record_list_get_error (list)->message);
  q->n_rows = (gint) g_list_model_get_n_items (G_LIST_MODEL (list));
}

static PGresult *
exec_sql (PGconn     *conn,
          const char *prefix,
          const char *sql,
          GPtrArray  *params)
{
  g_autofree char *full = g_strconcat (prefix, sql, NULL);

  return bare_exec (conn, full, (int) params->len, (const char *const *) params->pdata, prefix[0] == '\0');
}

static PGresult *
exec_bare (PGconn      *conn,
           const Query *q,
           const char  *prefix)
{
  g_autoptr (CrmQuery) query = crm_query_new (q->type);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;

  crm_query_set_search (query, q->text);
  sql = crm_query_build_ids_sql (query, params);
  return exec_sql (conn, prefix, sql, params);
}

/* What the store does for the first page on a connection of its own, bare:
 * the head's parts (_crm_store_head_ids), then the rows of those ids. */
static void
run_bare_head (PGconn      *conn,
               const Query *q)
{
  g_autoptr (CrmQuery) query = crm_query_new (q->type);
  g_autoptr (GString) ids = g_string_new ("{");
  g_autoptr (GString) rows_sql = g_string_new ("SELECT ");
  g_autoptr (GArray) head = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  const char *params[1];
  guint       n = 0;

  crm_query_set_search (query, q->text);
  if (!_crm_store_head_ids (conn, query, CRM_RECORD_LIST_PAGE_SIZE, head, &error))
    g_error ("“%s”: %s", q->text, error->message);
  for (guint i = 0; i < head->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, n++ ? "," : "", g_array_index (head, gint64, i));
  g_string_append_c (ids, '}');
  if (n == 0)
    return;

  _crm_sql_append_select_list (rows_sql, q->type, NULL);
  g_string_append (rows_sql, " FROM ");
  _crm_sql_append_table (rows_sql, q->type);
  g_string_append (rows_sql, " t WHERE t.id = ANY($1::bigint[])");
  params[0] = ids->str;
  PQclear (bare_exec (conn, rows_sql->str, 1, params, 0));
}

static void
run_bare (PGconn *conn,
          Query  *q,
          gint   *n_rows)
{
  gint64    start = g_get_monotonic_time ();
  PGresult *res;

  run_bare_head (conn, q);
  q->bare_ms = bench_ms_since (start);

  start = g_get_monotonic_time ();
  res = exec_bare (conn, q, "");
  *n_rows = PQntuples (res);
  PQclear (res);
  q->bare_all_ms = bench_ms_since (start);
}

static gint
compare_store_ms_desc (gconstpointer a,
                       gconstpointer b)
{
  const Query *x = a;
  const Query *y = b;

  return (x->store_ms < y->store_ms) - (x->store_ms > y->store_ms);
}

static void
print_breakdown (GArray *queries)
{
  g_autoptr (GPtrArray) kinds = g_ptr_array_new ();

  for (guint i = 0; i < queries->len; i++)
    {
      const char *kind = g_array_index (queries, Query, i).kind;

      if (!g_ptr_array_find_with_equal_func (kinds, kind, g_str_equal, NULL))
        g_ptr_array_add (kinds, (gpointer) kind);
    }

  g_printerr ("\nSearch by kind of query (ms until the first page is shown, and until all ids are known;"
              " rows = median ids found):\n");
  g_printerr ("  %-20s %4s %8s %9s %9s %9s %9s %9s %9s\n", "kind", "n", "rows", "shown p50", "shown max",
              "bare p50", "bare max", "all p50", "all max");
  for (guint k = 0; k < kinds->len; k++)
    {
      g_autoptr (GArray) store = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < queries->len; i++)
        {
          const Query *q = &g_array_index (queries, Query, i);
          double       n = q->n_rows;

          if (!g_str_equal (q->kind, kinds->pdata[k]))
            continue;
          g_array_append_val (store, q->store_ms);
          g_array_append_val (bare, q->bare_ms);
          g_array_append_val (rows, n);
          g_array_append_val (all, q->store_all_ms);
        }
      g_printerr ("  %-20s %4u %8.0f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f\n", (const char *) kinds->pdata[k],
                  store->len, bench_percentile (rows, 50), bench_percentile (store, 50), bench_percentile (store, 100),
                  bench_percentile (bare, 50), bench_percentile (bare, 100), bench_percentile (all, 50),
                  bench_percentile (all, 100));
    }
}

static void
print_slowest (PGconn *conn,
               GArray *queries)
{
  g_autoptr (GArray) sorted = g_array_copy (queries);

  g_array_sort (sorted, compare_store_ms_desc);
  g_printerr ("\nThe %d slowest searches through the store, with the plan of their SQL:\n", N_SLOWEST);
  for (guint i = 0; i < MIN (N_SLOWEST, sorted->len); i++)
    {
      const Query *q = &g_array_index (sorted, Query, i);
      g_autoptr (CrmQuery) query = crm_query_new (q->type);

      crm_query_set_search (query, q->text);
      g_printerr ("\n  “%s” (%s, %s): %d rows, shown %.2f ms (bare %.2f ms), all ids %.2f ms (bare %.2f ms)\n",
                  q->text, q->kind, q->type->table, q->n_rows, q->store_ms, q->bare_ms, q->store_all_ms,
                  q->bare_all_ms);
      /* The plans of the head's parts (the store runs the ones it needs). */
      for (CrmQueryHeadPart part = CRM_QUERY_HEAD_LIST; part <= CRM_QUERY_HEAD_MATCHES; part++)
        {
          g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
          g_autofree char *sql = crm_query_build_head_sql (query, part, 2000, CRM_RECORD_LIST_PAGE_SIZE, params);
          PGresult        *res;

          if (sql == NULL)
            continue;
          g_printerr ("  part %d: %s\n", part, sql);
          for (guint p = 0; p < params->len; p++)
            g_printerr ("    $%u = '%s'\n", p + 1, (const char *) params->pdata[p]);
          /* As the store runs it: the trigram index only. */
          if (part == CRM_QUERY_HEAD_MATCHES)
            PQclear (PQexec (conn, "BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
                                   "SET LOCAL enable_indexonlyscan = off"));
          res = exec_sql (conn, "EXPLAIN (ANALYZE, BUFFERS) ", sql, params);
          for (int r = 0; r < PQntuples (res); r++)
            g_printerr ("    %s\n", PQgetvalue (res, r, 0));
          PQclear (res);
          if (part == CRM_QUERY_HEAD_MATCHES)
            PQclear (PQexec (conn, "ROLLBACK"));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  const char *conninfo = bench_database (argc, argv);
  guint32     seed = (guint32) g_ascii_strtoull (bench_option (argc, argv, "seed", "20240601"), NULL, 10);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (GArray) people = NULL;
  g_autoptr (GArray) companies = NULL;
  g_autoptr (GArray) queries = NULL;
  g_autoptr (GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) store_all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  double  p50, p95, p99;
  PGconn *conn;

  setlocale (LC_ALL, ""); /* messages in UTF-8, not "?" */
  g_set_prgname ("bench-search");

  store = crm_store_new (conninfo);
  if (!crm_store_open_sync (store, NULL, &error))
    g_error ("Cannot open the store: %s", error->message);
  conn = bare_connect (conninfo);

  people = sample_people (conn, rand);
  companies = sample_companies (conn, rand);
  queries = build_queries (people, companies, rand);
  g_printerr ("%u search queries from %u sampled contacts and %u accounts\n", queries->len, people->len,
              companies->len);

  /* Warm up: every query once through each path, untimed. */
  for (guint i = 0; i < queries->len; i++)
    {
      Query *q = &g_array_index (queries, Query, i);
      gint   n;

      run_store (store, q);
      run_bare (conn, q, &n);
    }

  for (guint i = 0; i < queries->len; i++)
    {
      Query *q = &g_array_index (queries, Query, i);
      gint   n_bare = 0;

      if (i % 2 == 0)
        {
          run_store (store, q);
          run_bare (conn, q, &n_bare);
        }
      else
        {
          run_bare (conn, q, &n_bare);
          run_store (store, q);
        }
      if (n_bare != q->n_rows)
        g_error ("“%s”: the store found %d rows, the same SQL bare %d", q->text, q->n_rows, n_bare);

      g_array_append_val (store_ms, q->store_ms);
      g_array_append_val (bare_ms, q->bare_ms);
      g_array_append_val (store_all_ms, q->store_all_ms);
      g_array_append_val (bare_all_ms, q->bare_all_ms);
    }

  print_breakdown (queries);
  print_slowest (conn, queries);
  PQfinish (conn);

  p50 = bench_percentile (store_ms, 50);
  p95 = bench_percentile (store_ms, 95);
  p99 = bench_percentile (store_ms, 99);
  bench_figure ("search p50", p50, "ms", bench_percentile (bare_ms, 50), "first page: same SQL, bare libpq", NULL,
                -1);
  bench_figure ("search p95", p95, "ms", bench_percentile (bare_ms, 95), "first page: same SQL, bare libpq",
                "< 50 ms", p95 < TARGET_P95MS);
  bench_figure ("search p99", p99, "ms", bench_percentile (bare_ms, 99), "first page: same SQL, bare libpq", NULL,
                -1);
  bench_figure ("search, all ids p95", bench_percentile (store_all_ms, 95), "ms", bench_percentile (bare_all_ms, 95),
                "all ids: same SQL, bare libpq", NULL, -1);

  return EXIT_SUCCESS;
}
