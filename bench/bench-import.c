/* bench-import.c — a big contacts file through the real import path vs a
 * bare COPY of the same rows
 *
 *   bench-import [--database CONNINFO] [--rows N] [--source CONNINFO]
 *                [--psql PATH] [--dir DIR] [--no-baseline]
 *
 * The file: N contacts of the synthetic generator (Russian names, +7
 * phones, e-mails, positions, cities, birthdays, and the name and INN of
 * each one's account), written as a ';' CSV the way a spreadsheet export
 * looks: half the phones spelled "8 (916) 325-87-98", the rest in E.164.
 * The rows come from --source (a database `rapportctl demo --contacts N`
 * filled; build-aux/bench passes its own), or, without it, are generated
 * into --database first (crm_demo_generate) and exported from there.
 *
 * Both runs start from the same empty tables (accounts, contacts, the
 * change feed, the audit log and the import batches truncated) in
 * --database, which must be a scratch database:
 *   - baseline: `psql -c '\copy rapport.contacts (…) FROM FILE'` of the
 *     same rows with exactly the table's columns (the account columns
 *     left out, since the table has only an account id), through the
 *     table's own triggers and indexes;
 *   - Rapport: CrmImporter (contacts, the file's headers mapped as
 *     detected, duplicates skipped) run_sync, which reads, checks and
 *     normalises every cell (phones to E.164, e-mails), COPYs into its
 *     staging table, creates the N/10 accounts the rows name by INN, links
 *     the contacts to them and records the batch for undo.
 *
 * --no-baseline leaves the COPY out (for trying a change to the import:
 * the figures then have no baseline and no ratio).
 *
 * Figures (bench-figure.h): "import" rows/s vs the COPY's rows/s, "import
 * time" and "import ÷ bare COPY". Targets (DESIGN.md): at most 2× the bare
 * COPY, and 1M rows in under 30 s (33,334 rows/s). Details on stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-figure.h"
#include "crm-contact.h"
#include "crm-demo.h"
#include "crm-importer.h"
#include "crm-store-private.h"

#define TARGET_RATIO        2.0
#define TARGET_ROWS_PER_SEC (1000000.0 / 30.0)

/* The table's columns the file carries (both files), in order. */
#define CONTACT_COLUMNS \
  "last_name, first_name, middle_name, position, gender, phone_mobile, phone_work, email, status, city, birthday"

/* The rows, in one fixed order: half the phones as people type them. */
static const char rows_sql[] =
    "SELECT c.last_name, c.first_name, c.middle_name, c.position, c.gender,"
    " CASE WHEN mod(c.id, 2) = 0 AND c.phone_mobile ~ '^\\+7\\d{10}$'"
    "  THEN concat('8 (', substr(c.phone_mobile, 3, 3), ') ', substr(c.phone_mobile, 6, 3), '-',"
    "              substr(c.phone_mobile, 9, 2), '-', substr(c.phone_mobile, 11, 2))"
    "  ELSE c.phone_mobile END AS phone_mobile,"
    " c.phone_work, c.email, c.status, c.city, c.birthday,"
    " a.name AS account_name, a.inn AS account_inn"
    " FROM rapport.contacts c LEFT JOIN rapport.accounts a ON a.id = c.account_id"
    " ORDER BY c.id";

static const char truncate_sql[] =
    "TRUNCATE rapport.contacts, rapport.accounts, rapport.import_rows, rapport.import_batches,"
    " rapport.changes, rapport.audit_log CASCADE";

static PGconn *
connect_or_die (const char *conninfo)
{
  g_autoptr (GError) error = NULL;
  PGconn *conn = _crm_store_connect (conninfo, &error);

  if (conn == NULL)
    g_error ("Cannot connect to %s: %s", conninfo, error->message);
  return conn;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (!_crm_store_exec_command (conn, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

static guint64
count_rows (PGconn     *conn,
            const char *sql)
{
  g_autoptr (GError) error = NULL;
  PGresult *res = _crm_store_exec (conn, sql, 0, NULL, FALSE, &error);
  guint64   n;

  if (res == NULL)
    g_error ("%s: %s", sql, error->message);
  n = g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return n;
}

/* COPY (@select) TO STDOUT as CSV into @path. */
static void
copy_out (PGconn     *conn,
          const char *select,
          const char *path)
{
  g_autofree char *sql = g_strdup_printf ("COPY (%s) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')", select);
  PGresult        *res = PQexec (conn, sql);
  FILE            *out;
  char            *buffer = NULL;
  int              n;

  if (PQresultStatus (res) != PGRES_COPY_OUT)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (res);

  out = g_fopen (path, "wb");
  if (out == NULL)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));

  while ((n = PQgetCopyData (conn, &buffer, FALSE)) > 0)
    {
      if (fwrite (buffer, 1, (size_t) n, out) != (size_t) n)
        g_error ("Cannot write %s: %s", path, g_strerror (errno));
      PQfreemem (buffer);
    }
  if (n == -2)
    g_error ("COPY out: %s", PQerrorMessage (conn));
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        g_error ("COPY out: %s", PQresultErrorMessage (res));
      PQclear (res);
    }
  if (fclose (out) != 0)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));
}

/* The two files from @conn's contacts: the import file (the table's
 * columns plus the account's name and INN) and the COPY file (the table's
 * columns only). Returns the number of rows. */
static guint
write_files (PGconn     *conn,
             guint       n_rows,
             const char *import_path,
             const char *copy_path)
{
  /* COPY takes no parameters; the limit is our own number. */
  g_autofree char *rows = g_strdup_printf ("%s LIMIT %u", rows_sql, n_rows);
  g_autofree char *copy_rows = g_strdup_printf ("SELECT " CONTACT_COLUMNS " FROM (%s) r", rows);
  gint64           start = g_get_monotonic_time ();
  guint64          available = count_rows (conn, "SELECT count(*) FROM rapport.contacts");

  copy_out (conn, rows, import_path);
  copy_out (conn, copy_rows, copy_path);
  g_printerr ("Wrote the files in %.1f s\n", bench_ms_since (start) / 1000.0);

  return (guint) MIN (available, n_rows);
}

static void
on_generate_progress (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  guint *last = user_data;
  guint  percent = total > 0 ? (guint) (done * 100 / total) : 100;

  if (percent / 10 != *last / 10)
    g_printerr ("  generating: %u%%\n", percent);
  *last = percent;
}

/* No --source: generate the rows into @conninfo itself, to be exported
 * and truncated again. */
static void
generate_rows (const char *conninfo,
               guint       n_rows)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  PGconn *conn;
  gint64  start = g_get_monotonic_time ();
  guint   last = 0;

  /* Opening the store applies the migrations. */
  if (!crm_store_open_sync (store, NULL, &error))
    g_error ("Cannot open %s: %s", conninfo, error->message);
  g_clear_object (&store);

  g_printerr ("Generating %u contacts (no --source given)\n", n_rows);
  conn = connect_or_die (conninfo);
  if (!crm_demo_generate (conn, n_rows, on_generate_progress, &last, NULL, &error))
    g_error ("Generating failed: %s", error->message);
  PQfinish (conn);
  g_printerr ("Generated in %.1f s\n", bench_ms_since (start) / 1000.0);
}

static void
fresh_tables (PGconn *conn)
{
  exec_or_die (conn, truncate_sql);
  exec_or_die (conn, "CHECKPOINT");
}

/* psql's \copy of @path; returns the seconds the psql process took. */
static double
run_copy (const char *psql,
          const char *conninfo,
          const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("\\copy rapport.contacts (" CONTACT_COLUMNS ") FROM '%s'"
                                              " WITH (FORMAT csv, HEADER, DELIMITER ';')",
                                              path);
  const char      *argv[] = { psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", command, NULL };
  g_autofree char *err = NULL;
  int              wait_status = 0;
  gint64           start;
  double           seconds;

  g_assert (strchr (path, '\'') == NULL);

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &wait_status, &error) ||
      !g_spawn_check_wait_status (wait_status, &error))
    g_error ("%s \\copy failed: %s\n%s", psql, error->message, err ? err : "");
  seconds = bench_ms_since (start) / 1000.0;

  return seconds;
}

typedef struct
{
  double          seconds;
  double          read_seconds; /* until "saving" */
  guint           n_rows;
  guint           n_rejected;
  CrmImportCounts counts;
} ImportRun;

static void
on_saving_cb (CrmImporter *importer,
              GParamSpec  *pspec,
              gint64      *saving_at)
{
  if (crm_importer_get_saving (importer) && *saving_at == 0)
    *saving_at = g_get_monotonic_time ();
}

/* The real path: a CrmImporter over the file, run_sync, into @conninfo. */
static void
run_import (const char *conninfo,
            const char *path,
            ImportRun  *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *rejects_path = g_strconcat (path, "-rejects.csv", NULL);
  g_autoptr (GFile) rejects = g_file_new_for_path (rejects_path);
  g_autoptr (CrmImporter) importer = NULL;
  g_autofree char *missing = NULL;
  gint64           start, saving_at = 0;

  if (!crm_store_open_sync (store, NULL, &error))
    g_error ("Cannot open %s: %s", conninfo, error->message);

  start = g_get_monotonic_time ();
  importer = crm_importer_new (store, &crm_contact_type, file, NULL, &error);
  if (importer == NULL)
    g_error ("Cannot read %s: %s", path, error->message);

  g_printerr ("Mapping:");
  for (guint i = 0; i < crm_importer_get_n_columns (importer); i++)
    g_printerr (" %s→%s", crm_importer_get_header (importer, i),
                crm_importer_get_target (importer, i) ? crm_importer_get_target (importer, i) : "-");
  g_printerr ("\n");
  missing = crm_importer_check_targets (importer);
  if (missing != NULL)
    g_error ("The file does not map: %s", missing);

  crm_importer_set_duplicates (importer, CRM_IMPORT_DUPLICATES_SKIP);
  crm_importer_set_rejects_file (importer, rejects);
  g_signal_connect (importer, "notify::saving", G_CALLBACK (on_saving_cb), &saving_at);

  if (!crm_importer_run_sync (importer, NULL, &error))
    g_error ("The import failed: %s", error->message);

  result->seconds = bench_ms_since (start) / 1000.0;
  result->read_seconds = saving_at > 0 ? (saving_at - start) / 1e6 : result->seconds;
  result->n_rows = crm_importer_get_n_rows (importer);
  result->n_rejected = crm_importer_get_n_rejected (importer);
  result->counts = *crm_importer_get_counts (importer);

  if (result->n_rejected > 0)
    {
      GPtrArray *list = crm_importer_get_rejects (importer);

      for (guint i = 0; i < MIN (list->len, 5); i++)
        {
          const CrmImportReject *reject = g_ptr_array_index (list, i);

          g_printerr ("  rejected: line %u, %s: %s\n", reject->line, reject->column ? reject->column : "-",
                      reject->message);
        }
    }
  g_unlink (rejects_path);
}

static char *
dup_file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return g_strdup ("?");
  return g_format_size ((guint64) st.st_size);
}

int
main (int   argc,
      char *argv[])
{
  const char      *conninfo;
  const char      *source;
  const char      *psql_bin;
  const char      *dir_option;
  guint            n_rows;
  gboolean         baseline = TRUE;
  g_autofree char *default_psql = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *import_size = NULL;
  g_autofree char *copy_size = NULL;
  g_autofree char *time_target = NULL;
  g_autoptr (GError) error = NULL;
  PGconn   *conn;
  double    copy_seconds = BENCH_NONE;
  guint64   copied;
  guint64   imported_contacts;
  guint64   imported_accounts;
  ImportRun import = { 0 };
  double    import_rate, copy_rate, ratio, time_limit;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-import");

  conninfo = bench_database (argc, argv);
  n_rows = (guint) g_ascii_strtoull (bench_option (argc, argv, "rows", "1000000"), NULL, 10);
  source = bench_option (argc, argv, "source", NULL);
  if (g_getenv ("RAPPORT_TEST_PGBIN") != NULL)
    default_psql = g_build_filename (g_getenv ("RAPPORT_TEST_PGBIN"), "psql", NULL);
  psql_bin = bench_option (argc, argv, "psql", default_psql ? default_psql : "psql");
  dir_option = bench_option (argc, argv, "dir", g_getenv ("RAPPORT_BENCH_TMP"));
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--no-baseline"))
      baseline = FALSE;
  if (n_rows == 0)
    g_error ("--rows must be a positive number");
  if (source != NULL && g_str_equal (source, conninfo))
    g_error ("--source must not be --database: the tables of --database are emptied");

  if (dir_option != NULL)
    {
      dir = g_build_filename (dir_option, "bench-import", NULL);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_error ("Cannot create %s: %s", dir, g_strerror (errno));
    }
  else if ((dir = g_dir_make_tmp ("rapport-bench-import-XXXXXX", &error)) == NULL)
    g_error ("No temporary folder: %s", error->message);
  import_path = g_build_filename (dir, "contacts.csv", NULL);
  copy_path = g_build_filename (dir, "contacts-copy.csv", NULL);

  /* The rows. */
  if (source == NULL)
    generate_rows (conninfo, n_rows);
  conn = connect_or_die (source != NULL ? source : conninfo);
  n_rows = write_files (conn, n_rows, import_path, copy_path);
  PQfinish (conn);
  import_size = dup_file_size (import_path);
  copy_size = dup_file_size (copy_path);
  g_printerr ("Import file: %s, %u rows, %s\nCOPY file:   %s, %s\n", import_path, n_rows, import_size, copy_path,
              copy_size);
  if (n_rows == 0)
    g_error ("No contacts to export: fill --source (or --database) with `rapportctl demo --contacts N`");

  /* Baseline: psql \copy into the empty table. */
  conn = connect_or_die (conninfo);
  if (baseline)
    {
      fresh_tables (conn);
      copy_seconds = run_copy (psql_bin, conninfo, copy_path);
      copied = count_rows (conn, "SELECT count(*) FROM rapport.contacts");
      g_printerr ("Bare COPY: %" G_GUINT64_FORMAT " rows in %.2f s (%.0f rows/s)\n", copied, copy_seconds,
                  n_rows / copy_seconds);
      if (copied != n_rows)
        g_error ("COPY loaded %" G_GUINT64_FORMAT " rows of %u", copied, n_rows);
    }

  /* Rapport: the import into the same empty tables. */
  fresh_tables (conn);
  run_import (conninfo, import_path, &import);
  imported_contacts = count_rows (conn, "SELECT count(*) FROM rapport.contacts");
  imported_accounts = count_rows (conn, "SELECT count(*) FROM rapport.accounts");
  g_printerr ("Import: %u rows read in %.2f s (reading and checking %.2f s, saving %.2f s): "
              "%u added, %u skipped as duplicates within the file, %u rejected, %u accounts created; "
              "batch %" G_GINT64_FORMAT "; the table holds %" G_GUINT64_FORMAT " contacts and %" G_GUINT64_FORMAT
              " accounts\n",
              import.n_rows, import.seconds, import.read_seconds, import.seconds - import.read_seconds,
              import.counts.n_inserted, import.counts.n_skipped, import.n_rejected,
              import.counts.n_accounts_created, import.counts.batch_id, imported_contacts, imported_accounts);
  if (import.n_rows != n_rows)
    g_error ("The importer read %u rows of %u", import.n_rows, n_rows);
  PQfinish (conn);

  g_unlink (import_path);
  g_unlink (copy_path);
  g_rmdir (dir);

  /* The figures. */
  import_rate = n_rows / import.seconds;
  copy_rate = baseline ? n_rows / copy_seconds : BENCH_NONE;
  ratio = baseline ? import.seconds / copy_seconds : BENCH_NONE;
  time_limit = 30.0 * n_rows / 1e6;
  g_printerr ("Import ÷ bare COPY: %.2f× (target ≤ %.0f×); %.0f rows/s (target ≥ %.0f rows/s, 1M rows in %.1f s)\n",
              ratio, TARGET_RATIO, import_rate, TARGET_ROWS_PER_SEC, 1e6 / import_rate);

  if (n_rows == 1000000)
    time_target = g_strdup ("< 30 s");
  else
    time_target = g_strdup_printf ("< %.1f s (%u rows; 30 s per 1M)", time_limit, n_rows);

  bench_figure ("import", import_rate, "rows/s", copy_rate, "bare COPY of the same file",
                "≤ 2× bare COPY, 1M rows < 30 s",
                (!baseline || ratio <= TARGET_RATIO) && import_rate >= TARGET_ROWS_PER_SEC);
  bench_figure ("import time", import.seconds, "s", copy_seconds, "psql \\copy of the same rows", time_target,
                import.seconds < time_limit);
  if (baseline)
    bench_figure ("import ÷ bare COPY", ratio, "×", BENCH_NONE, NULL, "≤ 2×", ratio <= TARGET_RATIO);

  return 0;
}
