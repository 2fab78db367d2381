/* bench-list.c — the list of every contact: first page, deep pages, memory
 *
 *   bench-list [--database CONNINFO] [--seed N] [--opens 5] [--jumps 50]
 *
 * Opens a CrmRecordList over all contacts in their default order, the way
 * the Contacts section does, and times
 *   - the first page: from crm_record_list_new() until the list shows its
 *     first CRM_RECORD_LIST_PAGE_SIZE rows materialised (the median of
 *     --opens fresh lists); the rest of the ids follows ("list all ids",
 *     until n_items is final);
 *   - a deep page: get_item() at a random position whose page is not cached
 *     until that row is loaded (--jumps of them, p50 and p95), taking turns
 *     with the bare baseline, each on a page neither has read;
 *   - VmRSS of the process with the last list open (after the jumps),
 *     against VmRSS before the first list (store open, nothing listed).
 * The baselines run the same SQL bare on a connection of its own: the
 * first page's ids (_crm_store_head_ids) plus their rows (WHERE id = ANY);
 * the ids query (crm_query_build_ids_sql, binary results); and a page of
 * rows by id at other random positions.
 *
 * Prints the figures "list first page", "list all ids", "list deep page
 * p50/p95" and "list RSS" (see bench-figure.h); details on standard
 * error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "bench-figure.h"
#include "crm-contact.h"
#include "crm-record-list.h"
#include "crm-store-private.h"

#define TARGET_FIRST_MS 100.0
#define TARGET_PAGE_MS  20.0
#define TARGET_RSS_MB   200.0

/* ---- Through the store ---- */

static void
wait_loaded (CrmRecord *record)
{
  while (!crm_record_get_loaded (record))
    g_main_context_iteration (NULL, TRUE);
}

/* A new list over @query; returns the milliseconds until its first page
 * is shown (@all_ms: until all of its ids are there). */
static double
open_list (CrmStore       *store,
           CrmQuery       *query,
           CrmRecordList **out_list,
           double         *all_ms)
{
  g_autoptr (CrmRecordList) list = NULL;
  g_autoptr (CrmRecord) first = NULL;
  g_autoptr (CrmRecord) last = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;
  guint  n;

  list = crm_record_list_new (store, query);
  while (crm_record_list_get_loading (list) && !crm_record_list_get_partial (list))
    g_main_context_iteration (NULL, TRUE);
  if (crm_record_list_get_error (list) != NULL)
    g_error ("Listing contacts failed: %s", crm_record_list_get_error (list)->message);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n == 0)
    g_error ("No contacts: load data first (rapportctl demo --contacts N)");

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), MIN (n, CRM_RECORD_LIST_PAGE_SIZE) - 1);
  wait_loaded (first);
  wait_loaded (last);
  ms = bench_ms_since (start);

  while (crm_record_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  *all_ms = bench_ms_since (start);
  if (crm_record_list_get_error (list) != NULL)
    g_error ("Listing contacts failed: %s", crm_record_list_get_error (list)->message);

  *out_list = g_steal_pointer (&list);
  return ms;
}

/* A random position on a page other than page 0, not in @used while there
 * are pages left that are not (then any; @used records it). */
static guint
random_position (GRand      *rand,
                 guint       n_items,
                 GHashTable *used)
{
  guint    n_pages = (n_items + CRM_RECORD_LIST_PAGE_SIZE - 1) / CRM_RECORD_LIST_PAGE_SIZE;
  gboolean fresh = g_hash_table_size (used) + 1 < n_pages;

  g_assert (n_pages >= 2);

  for (;;)
    {
      guint position = (guint) g_rand_int_range (rand, CRM_RECORD_LIST_PAGE_SIZE, (gint32) n_items);
      guint page = position / CRM_RECORD_LIST_PAGE_SIZE;

      if (g_hash_table_add (used, GUINT_TO_POINTER (page)) || !fresh)
        return position;
    }
}

static double
jump (CrmRecordList *list,
      guint          position)
{
  g_autoptr (CrmRecord) record = NULL;
  gint64 start = g_get_monotonic_time ();

  record = g_list_model_get_item (G_LIST_MODEL (list), position);
  wait_loaded (record);
  return bench_ms_since (start);
}

/* ---- Bare ---- */

static PGresult *
bare_exec (PGconn            *conn,
           const char        *sql,
           int                n_params,
           const char *const *params,
           int                binary)
{
  PGresult *res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, binary);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s\n  failed: %s", sql, PQerrorMessage (conn));
  return res;
}

/* The ids, as the store reads them (binary int8). */
static GArray *
bare_ids (PGconn         *conn,
          const CrmQuery *query)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_ids_sql (query, params);
  PGresult        *res = bare_exec (conn, sql, (int) params->len, (const char *const *) params->pdata, 1);
  int              n = PQntuples (res);
  GArray          *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) n);

  g_array_set_size (ids, (guint) n);
  for (int i = 0; i < n; i++)
    {
      guint64 be;

      memcpy (&be, PQgetvalue (res, i, 0), sizeof be);
      g_array_index (ids, gint64, i) = (gint64) GUINT64_FROM_BE (be);
    }
  PQclear (res);
  return ids;
}

/* The first page's ids, as the store finds them. */
static GArray *
bare_head (PGconn         *conn,
           const CrmQuery *query)
{
  g_autoptr (GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!_crm_store_head_ids (conn, query, CRM_RECORD_LIST_PAGE_SIZE, ids, &error))
    g_error ("The first page failed: %s", error->message);
  return ids;
}

/* The rows of one page, as the store asks for them. Returns the rows. */
static int
bare_page (PGconn     *conn,
           const char *rows_sql,
           GArray     *ids,
           guint       position)
{
  guint start = position - position % CRM_RECORD_LIST_PAGE_SIZE;
  guint n = MIN (CRM_RECORD_LIST_PAGE_SIZE, ids->len - start);
  g_autoptr (GString) list = g_string_new ("{");
  const char *params[1];
  PGresult   *res;
  int         rows;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, start + i));
  g_string_append_c (list, '}');
  params[0] = list->str;

  res = bare_exec (conn, rows_sql, 1, params, 0);
  rows = PQntuples (res);
  PQclear (res);
  return rows;
}

int
main (int    argc,
      char **argv)
{
  const char *conninfo = bench_database (argc, argv);
  guint32     seed = (guint32) g_ascii_strtoull (bench_option (argc, argv, "seed", "20240601"), NULL, 10);
  guint       n_opens = (guint) g_ascii_strtoull (bench_option (argc, argv, "opens", "5"), NULL, 10);
  guint       n_jumps = (guint) g_ascii_strtoull (bench_option (argc, argv, "jumps", "50"), NULL, 10);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) jump_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_jump_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GString) rows_sql = g_string_new ("SELECT ");
  g_autoptr (GError) error = NULL;
  double  rss_before, rss_open;
  guint   n_items;
  PGconn *conn;

  setlocale (LC_ALL, ""); /* messages in UTF-8, not "?" */
  g_set_prgname ("bench-list");
  n_opens = CLAMP (n_opens, 1, 100);
  n_jumps = CLAMP (n_jumps, 1, 1000);

  store = crm_store_new (conninfo);
  if (!crm_store_open_sync (store, NULL, &error))
    g_error ("Cannot open the store: %s", error->message);
  rss_before = bench_rss_mb ();

  /* Through the store: fresh lists, then jumps on the last one. */
  for (guint i = 0; i < n_opens; i++)
    {
      g_autoptr (CrmRecordList) opened = NULL;
      double all;
      double ms = open_list (store, query, &opened, &all);

      g_array_append_val (first_ms, ms);
      g_array_append_val (all_ms, all);
      g_printerr ("list: open %u: %u contacts, first page in %.1f ms, all ids in %.1f ms\n", i + 1,
                  g_list_model_get_n_items (G_LIST_MODEL (opened)), ms, all);
      g_clear_object (&list);
      list = g_steal_pointer (&opened);
    }
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n_items <= CRM_RECORD_LIST_PAGE_SIZE)
    g_error ("Only %u contacts: deep pages need more than %d", n_items, CRM_RECORD_LIST_PAGE_SIZE);
  /* Every jump (of the list's, and as many bare) goes to a page that is
   * not cached yet. */
  n_jumps = MIN (n_jumps, (n_items - 1) / CRM_RECORD_LIST_PAGE_SIZE / 2);

  /* Bare: the same SQL on a connection of its own. */
  conn = PQconnectdb (conninfo);
  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", conninfo, PQerrorMessage (conn));

  _crm_sql_append_select_list (rows_sql, &crm_contact_type, NULL);
  g_string_append (rows_sql, " FROM ");
  _crm_sql_append_table (rows_sql, &crm_contact_type);
  g_string_append (rows_sql, " t WHERE t.id = ANY($1::bigint[])");

  for (guint i = 0; i < n_opens; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GArray) head = bare_head (conn, query);
      g_autoptr (GArray) ids = NULL;
      double ms;

      bare_page (conn, rows_sql->str, head, 0);
      ms = bench_ms_since (start);
      g_array_append_val (bare_first_ms, ms);

      start = g_get_monotonic_time ();
      ids = bare_ids (conn, query);
      ms = bench_ms_since (start);
      g_array_append_val (bare_all_ms, ms);
      if (ids->len != n_items)
        g_error ("The list has %u contacts, the same SQL bare %u", n_items, ids->len);
    }

  /* Deep pages, taking turns: each jump goes to a page neither path has
   * read, and which path goes first alternates, so that neither reads a
   * cache the other warmed more. */
  {
    g_autoptr (GArray) ids = bare_ids (conn, query);

    for (guint i = 0; i < 2 * n_jumps; i++)
      {
        guint  position = random_position (rand, n_items, used);
        gint64 start;
        double ms;

        if ((i % 2 == 0) == (i / 2 % 2 == 0))
          {
            ms = jump (list, position);
            g_array_append_val (jump_ms, ms);
            continue;
          }
        start = g_get_monotonic_time ();
        if (bare_page (conn, rows_sql->str, ids, position) == 0)
          g_error ("No rows for the page at %u", position);
        ms = bench_ms_since (start);
        g_array_append_val (bare_jump_ms, ms);
      }
  }
  rss_open = bench_rss_mb ();
  g_printerr ("list: %u jumps: p50 %.2f ms, p95 %.2f ms, max %.2f ms; %u rows materialised\n", n_jumps,
              bench_percentile (jump_ms, 50), bench_percentile (jump_ms, 95), bench_percentile (jump_ms, 100),
              crm_record_list_get_n_materialized (list));
  g_printerr ("list: VmRSS %.1f MB before the first list, %.1f MB with the list open\n", rss_before, rss_open);
  PQfinish (conn);

  g_printerr ("list bare: first page p50 %.1f ms; all ids p50 %.1f ms; page by id p50 %.2f ms, p95 %.2f ms\n",
              bench_percentile (bare_first_ms, 50), bench_percentile (bare_all_ms, 50),
              bench_percentile (bare_jump_ms, 50), bench_percentile (bare_jump_ms, 95));

  bench_figure ("list first page", bench_percentile (first_ms, 50), "ms", bench_percentile (bare_first_ms, 50),
                "first 200 ids + rows, bare libpq", "< 100 ms", bench_percentile (first_ms, 50) < TARGET_FIRST_MS);
  bench_figure ("list all ids", bench_percentile (all_ms, 50), "ms", bench_percentile (bare_all_ms, 50),
                "all ids, bare libpq", NULL, -1);
  bench_figure ("list deep page p50", bench_percentile (jump_ms, 50), "ms", bench_percentile (bare_jump_ms, 50),
                "200 rows by id, bare libpq", NULL, -1);
  bench_figure ("list deep page p95", bench_percentile (jump_ms, 95), "ms", bench_percentile (bare_jump_ms, 95),
                "200 rows by id, bare libpq", "< 20 ms", bench_percentile (jump_ms, 95) < TARGET_PAGE_MS);
  bench_figure ("list RSS", rss_open, "MB", rss_before, "process before the list", "< 200 MB",
                rss_open < TARGET_RSS_MB);

  g_clear_object (&list);
  return EXIT_SUCCESS;
}
