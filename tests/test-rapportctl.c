/* test-rapportctl.c — the command line: exit codes, messages, output
 * (db suite: runs the built rapportctl against the harness's server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-demo.h"
#include "crm-test-db.h"

#ifndef RAPPORTCTL_PATH
#error "RAPPORTCTL_PATH must name the rapportctl executable"
#endif

/* Files the tests write, and the cache folder rapportctl sees. */
static char *tmp_dir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Run rapportctl with the arguments (NULL-terminated); never with a
 * database from the environment. */
static void
run_ctl (Run        *run,
         const char *first,
         ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  va_list args;
  int     wait_status = 0;

  g_strv_builder_add (builder, RAPPORTCTL_PATH);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  envp = g_environ_unsetenv (envp, "RAPPORT_DATABASE");
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", tmp_dir, TRUE);

  run_clear (run);
  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  if (g_spawn_check_wait_status (wait_status, &error))
    run->status = 0;
  else if (error->domain == G_SPAWN_EXIT_ERROR)
    run->status = error->code;
  else
    g_error ("rapportctl did not exit normally: %s\nstderr: %s", error->message, run->err);

  g_test_message ("rapportctl %s → %d\nstdout: %s\nstderr: %s",
                  argv[1] ? argv[1] : "", run->status, run->out, run->err);
}

static void
assert_error_message (const Run *run)
{
  g_assert_true (g_str_has_prefix (run->err, "rapportctl: "));
  g_assert_cmpstr (run->out, ==, "");
}

static void
test_usage (void)
{
  g_auto (Run) run = { 0 };

  run_ctl (&run, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);

  run_ctl (&run, "bogus", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);
  g_assert_nonnull (strstr (run.err, "bogus"));

  run_ctl (&run, "db", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "db", "drop", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "db", "status", "extra", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--no-such-option", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--contacts", "0", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--contacts", "many", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "demo", "--if-empty", "--force", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);

  run_ctl (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "rapportctl " PACKAGE_VERSION "\n");

  /* The help documents the commands and every exit code. */
  run_ctl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "db status"));
  g_assert_nonnull (strstr (run.out, "--contacts N"));
  g_assert_nonnull (strstr (run.out, "import undo BATCH"));
  for (guint code = 0; code <= 5; code++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %u  ", code);

      g_assert_nonnull (strstr (run.out, line));
    }
}

static void
test_bad_database (void)
{
  g_auto (Run) run = { 0 };

  /* No server behind the socket. */
  run_ctl (&run, "--database", "host=/nonexistent/rapport-socket dbname=rapport", "demo", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_error_message (&run);

  /* Not an address at all. */
  run_ctl (&run, "db", "status", "--database", "postgresql://[::1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_error_message (&run);

  run_ctl (&run, "--database", "host=/nonexistent/rapport-socket", "db", "migrate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_error_message (&run);
}

static void
test_demo_and_status (void)
{
  g_autofree char *conninfo = crm_test_db_create ("ctl_demo");
  g_auto (Run) run = { 0 };

  /* A fresh empty database: the schema comes first, then the data. */
  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.out, "db init"));

  run_ctl (&run, "--database", conninfo, "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "36 accounts"));
  g_assert_nonnull (strstr (run.out, "60 contacts"));

  run_ctl (&run, "db", "status", "--database", conninfo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "PostgreSQL"));
  g_assert_nonnull (strstr (run.out, "Accounts:    36\n"));
  g_assert_nonnull (strstr (run.out, "Contacts:    60\n"));
  g_assert_nonnull (strstr (run.out, "Employees:   6\n"));

  /* Data is there: refused without a word of what to do… */
  run_ctl (&run, "--database", conninfo, "demo", NULL);
  g_assert_cmpint (run.status, ==, 4);
  assert_error_message (&run);
  g_assert_nonnull (strstr (run.err, "--force"));

  /* …fine with --if-empty (build-aux/run's way; options after the command)… */
  run_ctl (&run, "demo", "--if-empty", "--database", conninfo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "nothing loaded"));

  /* …and added with --force. */
  run_ctl (&run, "--database", conninfo, "demo", "--force", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Accounts:    72\n"));

  /* Synthetic data on top, with its speed. */
  run_ctl (&run, "--database", conninfo, "demo", "--force", "--contacts", "1000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "rows/s"));
  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Accounts:    172\n"));
  g_assert_nonnull (strstr (run.out, "Contacts:    1120\n"));

  crm_test_db_drop (conninfo);
}

static void
test_db_init (void)
{
  g_autofree char *conninfo = crm_test_db_create ("ctl_init");
  g_auto (Run) run = { 0 };

  /* A database the server does not have yet is created. */
  crm_test_db_drop (conninfo);

  run_ctl (&run, "--database", conninfo, "db", "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Created the database"));
  g_assert_nonnull (strstr (run.out, "Applied"));

  run_ctl (&run, "--database", conninfo, "db", "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Created the database"));
  g_assert_nonnull (strstr (run.out, "already up to date"));

  run_ctl (&run, "--database", conninfo, "db", "migrate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "already up to date"));

  run_ctl (&run, "--database", conninfo, "db", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Accounts:    0\n"));

  /* --contacts into the empty database. */
  run_ctl (&run, "--database", conninfo, "demo", "--contacts", "50", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Generated 50 contacts and 5 accounts"));

  crm_test_db_drop (conninfo);
}

/* ---- export and import -------------------------------------------------- */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Delete a folder and what is in it. */
static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Write @text to a file of the temporary folder; returns its path. */
static char *
write_tmp_file (const char *name,
                const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = tmp_path (name);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The number on the "@label:  N" line of an import's or undo's report;
 * fails when there is no such line. */
static guint
report_count (const Run  *run,
              const char *label)
{
  g_autofree char *key = g_strdup_printf ("%s:", label);
  const char      *line = run->out;

  while (line != NULL && *line != '\0')
    {
      if (g_str_has_prefix (line, key))
        return (guint) g_ascii_strtoull (line + strlen (key), NULL, 10);
      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }

  g_error ("no “%s” line in:\n%s", label, run->out);
}

static char *
query (const char *conninfo,
       const char *sql)
{
  PGconn *conn = crm_test_db_connect (conninfo);
  char   *value = crm_test_db_query_value (conn, sql, NULL);

  PQfinish (conn);
  return value;
}

static guint
count_rows (const char *conninfo,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM rapport.%s", table);
  g_autofree char *value = query (conninfo, sql);

  return (guint) g_ascii_strtoull (value, NULL, 10);
}

/* Every record of the table as JSON, without what the database assigns
 * (ids, versions, stamps, search columns) and with references by name:
 * what an export and import must carry over. */
static char *
dup_records (const char *conninfo,
             const char *table)
{
  static const char drop[] =
      " - ARRAY['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by',"
      " 'owner_id', 'account_id', 'search_name', 'search_text']";
  g_autofree char *sql = NULL;

  if (g_str_equal (table, "contacts"))
    sql = g_strconcat ("SELECT string_agg(((to_jsonb(c)", drop, ")"
                                                                " || jsonb_build_object('account', a.name, 'owner', e.full_name))::text,"
                                                                " E'\\n' ORDER BY c.code, c.last_name, c.first_name)"
                                                                " FROM rapport.contacts c"
                                                                " LEFT JOIN rapport.accounts a ON a.id = c.account_id"
                                                                " LEFT JOIN rapport.employees e ON e.id = c.owner_id",
                       NULL);
  else
    sql = g_strconcat ("SELECT string_agg(((to_jsonb(t)", drop, ")"
                                                                " || jsonb_build_object('owner', e.full_name))::text,"
                                                                " E'\\n' ORDER BY t.code, t.name)"
                                                                " FROM rapport.accounts t"
                                                                " LEFT JOIN rapport.employees e ON e.id = t.owner_id",
                       NULL);

  return query (conninfo, sql);
}

/* A database with the demo's employees and no accounts or contacts: what
 * an import into a new installation finds (the owners exist). */
static char *
create_empty_database (const char *name)
{
  char *conninfo = crm_test_db_create (name);
  g_auto (Run) run = { 0 };
  PGconn *conn;

  run_ctl (&run, "--database", conninfo, "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  conn = crm_test_db_connect (conninfo);
  crm_test_db_exec (conn, "DELETE FROM rapport.contacts; DELETE FROM rapport.accounts;");
  PQfinish (conn);
  return conninfo;
}

static void
test_data_usage (void)
{
  /* No server behind it: these must fail before it is needed. */
  static const char *const db = "host=/nonexistent/rapport-socket dbname=rapport";
  g_autofree char         *missing = tmp_path ("no-such-file.csv");
  g_autofree char         *vcard = write_tmp_file ("usage.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ким;Анна;;;\r\n"
                                                                        "FN:Анна Ким\r\nEND:VCARD\r\n");
  g_auto (Run) run = { 0 };

  run_ctl (&run, "export", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);
  run_ctl (&run, "export", "contacts", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "FILE"));
  run_ctl (&run, "export", "invoices", "x.csv", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "invoices"));
  run_ctl (&run, "export", "contacts", "x.csv", "y.csv", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "y.csv"));
  run_ctl (&run, "export", "contacts", "x.csv", "--encoding", "koi8-r", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "koi8-r"));
  run_ctl (&run, "export", "contacts", "x.csv", "--encoding", "auto", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "export", "contacts", "x.csv", "--delimiter", "|", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);

  run_ctl (&run, "import", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "import", "contacts", "x.csv", "--on-duplicate", "merge", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "merge"));
  run_ctl (&run, "import", "undo", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "import", "undo", "12x", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "12x"));
  run_ctl (&run, "import", "list", "--limit", "0", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_error_message (&run);

  /* The commands' own help. */
  run_ctl (&run, "import", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--on-duplicate"));
  g_assert_nonnull (strstr (run.out, "--rejects"));
  run_ctl (&run, "export", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--raw"));

  /* The file is looked at before the server is. */
  run_ctl (&run, "--database", db, "import", "contacts", missing, NULL);
  g_assert_cmpint (run.status, ==, 5);
  assert_error_message (&run);
  run_ctl (&run, "--database", db, "import", "accounts", vcard, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "vCard"));
}

/* Export, then import into a database without the records: the same
 * records, through the labelled UTF-8 file with neutralised phones, the
 * raw tab file and a Windows-1251 ';' file. */
static void
test_round_trip (void)
{
  g_autofree char *source = crm_test_db_create ("ctl_export");
  g_autofree char *target = create_empty_database ("ctl_import");
  g_autofree char *contacts_csv = tmp_path ("contacts.csv");
  g_autofree char *contacts_1251 = tmp_path ("contacts-1251.csv");
  g_autofree char *accounts_tsv = tmp_path ("accounts.tsv");
  g_autofree char *found_csv = tmp_path ("found.csv");
  g_autofree char *text = NULL;
  g_autofree char *expected_accounts = NULL;
  g_autofree char *expected_contacts = NULL;
  g_autofree char *got = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *phone = NULL;
  g_auto (Run) run = { 0 };

  run_ctl (&run, "--database", source, "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected_accounts = dup_records (source, "accounts");
  expected_contacts = dup_records (source, "contacts");

  /* The default file: UTF-8 with BOM, ';', labels, "+7…" neutralised. */
  run_ctl (&run, "--database", source, "export", "contacts", contacts_csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Exported 60 contacts to "));
  g_assert_nonnull (strstr (run.out, contacts_csv));
  text = read_file (contacts_csv);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"
                                         "ID;Last name;"));
  g_assert_nonnull (strstr (text, ";'+79163258798;"));
  g_clear_pointer (&text, g_free);

  run_ctl (&run, "--database", source, "export", "accounts", accounts_tsv, "--raw", "--delimiter", "tab",
           "--encoding", "utf-8", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Exported 36 accounts"));
  text = read_file (accounts_tsv);
  g_assert_true (g_str_has_prefix (text, "id\tname\t"));
  g_clear_pointer (&text, g_free);

  run_ctl (&run, "--database", source, "export", "contacts", contacts_1251, "--encoding", "cp1251",
           "--delimiter", ";", NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = read_file (contacts_1251);
  g_assert_false (g_utf8_validate (text, -1, NULL)); /* Cyrillic in one byte each */
  g_clear_pointer (&text, g_free);

  /* A folder that is not there: the file's fault, and no file. */
  run_ctl (&run, "--database", source, "export", "contacts", "/nonexistent-rapport-dir/contacts.csv", NULL);
  g_assert_cmpint (run.status, ==, 5);
  assert_error_message (&run);

  /* --search: what the list's search box finds. */
  run_ctl (&run, "--database", source, "export", "contacts", found_csv, "--search", "Громыхайло", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Exported 1 contact to "));

  /* Accounts first, then the contacts link to them by name. */
  run_ctl (&run, "--database", target, "import", "accounts", accounts_tsv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Added"), ==, 36);
  g_assert_cmpuint (report_count (&run, "Rejected"), ==, 0);
  g_assert_nonnull (strstr (run.err, "delimiter tab"));
  g_assert_nonnull (strstr (run.err, "→ INN (inn)\n"));
  got = dup_records (target, "accounts");
  g_assert_cmpstr (got, ==, expected_accounts);
  g_clear_pointer (&got, g_free);

  run_ctl (&run, "--database", target, "import", "contacts", contacts_csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "UTF-8 with BOM"));
  g_assert_nonnull (strstr (run.err, "delimiter “;”"));
  g_assert_nonnull (strstr (run.err, "→ Mobile phone (phone_mobile)\n"));
  g_assert_cmpuint (report_count (&run, "Added"), ==, 60);
  g_assert_cmpuint (report_count (&run, "Accounts created"), ==, 0);
  batch = g_strdup_printf ("%u", report_count (&run, "Batch"));
  got = dup_records (target, "contacts");
  g_assert_cmpstr (got, ==, expected_contacts);
  g_clear_pointer (&got, g_free);
  phone = query (target, "SELECT phone_mobile FROM rapport.contacts WHERE last_name = 'Громыхайло'");
  g_assert_cmpstr (phone, ==, "+79163258798");

  /* Out again, and in from the Windows-1251 file. */
  run_ctl (&run, "--database", target, "import", "undo", batch, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Deleted"), ==, 60);
  g_assert_cmpuint (count_rows (target, "contacts"), ==, 0);

  run_ctl (&run, "--database", target, "import", "contacts", contacts_1251, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Windows-1251"));
  g_assert_cmpuint (report_count (&run, "Added"), ==, 60);
  got = dup_records (target, "contacts");
  g_assert_cmpstr (got, ==, expected_contacts);

  crm_test_db_drop (target);
  crm_test_db_drop (source);
}

static void
test_import_rejects (void)
{
  g_autofree char *conninfo = create_empty_database ("ctl_rejects");
  /* Line 4 holds a comment over two lines: the rows after it start one
   * line later than their number. */
  g_autofree char *csv = write_tmp_file ("people.csv",
                                         "Last name;First name;E-mail;Mobile phone;Comments\n"
                                         "Иванов;Пётр;p.ivanov@example.ru;+7 916 111-22-33;\n"
                                         "Петров;Олег;not-an-address;;\n"
                                         "Сидоров;Иван;s.sidorov@example.ru;;\"две\n строки\"\n"
                                         "Кузнецов;Глеб;g.kuznetsov@example.ru;12;\n"
                                         "Орлова;Анна;a.orlova@example.ru;8 (495) 123-45-67;\n");
  g_autofree char *bad = write_tmp_file ("bad.csv",
                                         "Last name;E-mail\n"
                                         "Петров;no-at-sign\n"
                                         "Сидоров;also.bad@\n");
  g_autofree char *rejects = tmp_path ("people-rejects.csv");
  g_autofree char *text = NULL;
  g_autofree char *default_rejects = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (Run) run = { 0 };

  /* A dry run checks and counts, and saves nothing. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--dry-run", "--rejects", rejects, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Added"), ==, 3);
  g_assert_cmpuint (report_count (&run, "Rejected"), ==, 2);
  g_assert_nonnull (strstr (run.err, "Dry run"));
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 0);

  /* The good rows go in; the batch is in: exit 0, and stderr says what
   * was left out, where, and why. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--rejects", rejects, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Added"), ==, 3);
  g_assert_cmpuint (report_count (&run, "Rejected"), ==, 2);
  g_assert_cmpuint (report_count (&run, "Batch"), >, 0);
  g_assert_nonnull (strstr (run.err, "2 rows were rejected"));
  g_assert_nonnull (strstr (run.err, "line 3, column “E-mail”"));
  g_assert_nonnull (strstr (run.err, "line 6, column “Mobile phone”"));
  g_assert_nonnull (strstr (run.err, rejects));
  g_assert_nonnull (strstr (run.err, "without the 2 rejected rows"));
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 3);

  /* The rejects file: the file's columns, then the line and the reason. */
  text = read_file (rejects);
  lines = g_strsplit_set (g_strstrip (text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[1], "Петров;Олег;not-an-address;"));
  g_assert_nonnull (strstr (lines[1], ";3;"));
  g_assert_true (g_str_has_prefix (lines[2], "Кузнецов;Глеб;"));
  g_assert_nonnull (strstr (lines[2], ";6;"));

  /* Every row bad: nothing imported, and the exit status says so. The
   * rejects file goes to the cache folder unless told otherwise. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", bad, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "nothing was imported"));
  g_assert_cmpuint (report_count (&run, "Rejected"), ==, 2);
  default_rejects = g_build_filename (tmp_dir, "rapport", "bad-rejects.csv", NULL);
  g_assert_nonnull (strstr (run.err, default_rejects));
  g_assert_true (g_file_test (default_rejects, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 3);

  crm_test_db_drop (conninfo);
}

static void
test_import_mapping (void)
{
  g_autofree char *conninfo = create_empty_database ("ctl_mapping");
  g_autofree char *csv = write_tmp_file ("unnamed.csv",
                                         "Person,Mail,Notes\n"
                                         "Ёлкина Алёна Петровна,a.elkina@example.ru,first\n"
                                         "Кравченко Олег,o.kravchenko@example.ru,second\n");
  g_autofree char *last_name = NULL;
  g_auto (Run) run = { 0 };

  /* Nothing says which column is the name: refused, with the way out. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "--map"));
  g_assert_nonnull (strstr (run.err, "full_name"));
  g_assert_nonnull (strstr (run.err, "Person → not imported"));
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 0);

  /* A bad --map is the command line's fault. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--map", "Person=no_such_field", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--map"));
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--map", "Nobody=email", NULL);
  g_assert_cmpint (run.status, ==, 1);

  /* By header and by number; "-" skips. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--map", "Person=full_name,2=email,Notes=-",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Person → "));
  g_assert_nonnull (strstr (run.err, "(full_name)"));
  g_assert_cmpuint (report_count (&run, "Added"), ==, 2);
  last_name = query (conninfo, "SELECT last_name || ' ' || first_name || ' ' || middle_name"
                               " FROM rapport.contacts WHERE email = 'a.elkina@example.ru'");
  g_assert_cmpstr (last_name, ==, "Ёлкина Алёна Петровна");

  crm_test_db_drop (conninfo);
}

static void
test_import_duplicates_and_undo (void)
{
  g_autofree char *conninfo = crm_test_db_create ("ctl_duplicates");
  /* Two demo contacts by their e-mail, and one new person. */
  g_autofree char *csv = write_tmp_file ("update.csv",
                                         "E-mail;Last name;Position\n"
                                         "i.groh@realservice.ru;Громыхайло;Президент\n"
                                         "v.bazhova@ural-gems.ru;Бажова;Председатель совета\n"
                                         "n.novikova@example.ru;Новикова;Аналитик\n");
  g_autofree char *first_batch = NULL;
  g_autofree char *second_batch = NULL;
  g_autofree char *position = NULL;
  g_auto (Run) run = { 0 };

  run_ctl (&run, "--database", conninfo, "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_ctl (&run, "--database", conninfo, "import", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No imports yet"));

  /* skip (the default): the stored records stay as they are. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Added"), ==, 1);
  g_assert_cmpuint (report_count (&run, "Skipped"), ==, 2);
  g_assert_cmpuint (report_count (&run, "Updated"), ==, 0);
  first_batch = g_strdup_printf ("%u", report_count (&run, "Batch"));
  position = query (conninfo, "SELECT position FROM rapport.contacts WHERE email = 'i.groh@realservice.ru' ORDER BY id LIMIT 1");
  g_assert_cmpstr (position, ==, "Генеральный директор");
  g_clear_pointer (&position, g_free);
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 61);

  /* update: the row's cells replace the stored ones; the one added
   * before has nothing new. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--on-duplicate", "update", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Added"), ==, 0);
  g_assert_cmpuint (report_count (&run, "Updated"), ==, 2);
  g_assert_cmpuint (report_count (&run, "Unchanged"), ==, 1);
  second_batch = g_strdup_printf ("%u", report_count (&run, "Batch"));
  position = query (conninfo, "SELECT position FROM rapport.contacts WHERE email = 'i.groh@realservice.ru' ORDER BY id LIMIT 1");
  g_assert_cmpstr (position, ==, "Президент");
  g_clear_pointer (&position, g_free);
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 61);

  /* create: another record for each row. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", csv, "--on-duplicate", "create", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Added"), ==, 3);
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 64);

  /* The list, newest first. */
  run_ctl (&run, "--database", conninfo, "import", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Batch"));
  g_assert_nonnull (strstr (run.out, "update.csv"));
  {
    g_auto (GStrv) lines = g_strsplit (run.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 5); /* header, 3 batches, "" */
    g_assert_true (g_str_has_suffix (lines[1], "—"));
  }

  /* Undo the update: the records are as they were. */
  run_ctl (&run, "--database", conninfo, "import", "undo", second_batch, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Restored"), ==, 2);
  g_assert_cmpuint (report_count (&run, "Deleted"), ==, 0);
  position = query (conninfo, "SELECT position FROM rapport.contacts WHERE email = 'i.groh@realservice.ru' ORDER BY id LIMIT 1");
  g_assert_cmpstr (position, ==, "Генеральный директор");
  g_clear_pointer (&position, g_free);

  /* Not twice, and not a batch that is not there. */
  run_ctl (&run, "--database", conninfo, "import", "undo", second_batch, NULL);
  g_assert_cmpint (run.status, ==, 4);
  assert_error_message (&run);
  run_ctl (&run, "--database", conninfo, "import", "undo", "999999", NULL);
  g_assert_cmpint (run.status, ==, 4);
  assert_error_message (&run);

  /* The first batch's new person goes again. */
  run_ctl (&run, "--database", conninfo, "import", "undo", first_batch, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (report_count (&run, "Deleted"), ==, 1);
  g_assert_cmpuint (count_rows (conninfo, "contacts"), ==, 63);

  run_ctl (&run, "--database", conninfo, "import", "list", "--limit", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_auto (GStrv) lines = g_strsplit (run.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_false (g_str_has_suffix (lines[2], "—")); /* the update, undone */
  }

  crm_test_db_drop (conninfo);
}

static void
test_import_vcard (void)
{
  g_autofree char *conninfo = create_empty_database ("ctl_vcard");
  g_autofree char *vcf = write_tmp_file ("people.vcf",
                                         "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                                         "N:Ёлкин;Пётр;Сергеевич;;\r\nFN:Пётр Сергеевич Ёлкин\r\n"
                                         "ORG:Вектор\r\nTEL;TYPE=CELL:+7 916 555-44-33\r\n"
                                         "EMAIL;TYPE=INTERNET:p.elkin@vektor.ru\r\nEND:VCARD\r\n"
                                         "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                                         "N:Орлова;Анна;;;\r\nFN:Анна Орлова\r\n"
                                         "EMAIL:a.orlova@example.ru\r\nEND:VCARD\r\n");
  g_autofree char *phone = NULL;
  g_auto (Run) run = { 0 };

  /* A vCard file imports contacts whatever the options say. */
  run_ctl (&run, "--database", conninfo, "import", "contacts", vcf, "--encoding", "cp1251", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "vCard"));
  g_assert_cmpuint (report_count (&run, "Added"), ==, 2);
  g_assert_cmpuint (report_count (&run, "Accounts created"), ==, 1);
  phone = query (conninfo, "SELECT phone_mobile FROM rapport.contacts c JOIN rapport.accounts a"
                           " ON a.id = c.account_id WHERE a.name = 'Вектор' AND c.last_name = 'Ёлкин'");
  g_assert_cmpstr (phone, ==, "+79165554433");

  crm_test_db_drop (conninfo);
}

/* Employees and teams (issue 4): added, granted, deactivated with their
 * records going to a colleague, listed; a manager's login is refused. */
static void
drop_user_logins (void)
{
  PGconn *conn = crm_test_db_connect (crm_test_db_get_admin_conninfo ());

  crm_test_db_exec (conn, "DROP ROLE IF EXISTS ctl_anna; DROP ROLE IF EXISTS ctl_boris; DROP ROLE IF EXISTS ctl_vera;"
                          "DROP ROLE IF EXISTS ctl_oleg; DROP ROLE IF EXISTS ctl_ivan");
  PQfinish (conn);
}

static void
test_users (void)
{
  g_autofree char *conninfo = crm_test_db_create ("ctl_users");
  g_autofree char *as_manager = NULL;
  g_autofree char *password_file = write_tmp_file ("password", "Пароль-2024\n");
  g_autofree char *empty_file = write_tmp_file ("empty-password", "\n");
  g_autofree char *verifier = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *team = NULL;
  g_autofree char *login = NULL;
  g_auto (Run) run = { 0 };

  drop_user_logins ();
  run_ctl (&run, "--database", conninfo, "db", "init", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_ctl (&run, "--database", conninfo, "team", "add", "Продажи, Москва", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_ctl (&run, "--database", conninfo, "team", "add", "Продажи, Москва", NULL);
  g_assert_cmpint (run.status, ==, 4);
  assert_error_message (&run);

  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_anna", "--name", "Орлова Анна Сергеевна", "--role",
           "manager", "--team", "продажи, москва", "--email", "orlova@example.ru", "--password-file", password_file,
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ctl_anna"));
  /* The server has the verifier, not the password. */
  verifier = query (conninfo, "SELECT rolpassword FROM pg_authid WHERE rolname = 'ctl_anna'");
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));
  team = query (conninfo, "SELECT t.name FROM rapport.employees e JOIN rapport.teams t ON t.id = e.team_id"
                          " WHERE e.login = 'ctl_anna'");
  g_assert_cmpstr (team, ==, "Продажи, Москва");

  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_boris", "--name", "Белов Борис", "--role", "head",
           "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Bad input: nothing reaches the database. */
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_vera", "--name", "Вера", "--role", "boss",
           "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "boss"));
  run_ctl (&run, "--database", conninfo, "user", "add", "Вера", "--name", "Вера", "--role", "manager",
           "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_vera", "--role", "manager", "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 1);
  /* No terminal to ask on, and no file: refused, not a login without a password. */
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_vera", "--name", "Вера", "--role", "manager", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--password-file"));
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_vera", "--name", "Вера", "--role", "manager",
           "--password-file", empty_file, NULL);
  g_assert_cmpint (run.status, ==, 5);
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_vera", "--name", "Вера", "--role", "manager",
           "--team", "Нет такой", "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "Нет такой"));
  login = query (conninfo, "SELECT count(*) FROM pg_roles WHERE rolname = 'ctl_vera'");
  g_assert_cmpstr (login, ==, "0");
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_anna", "--name", "Двойник", "--role", "manager",
           "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "already exists"));

  run_ctl (&run, "--database", conninfo, "user", "grant", "ctl_anna", "head", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_ctl (&run, "--database", conninfo, "user", "grant", "ctl_nobody", "head", NULL);
  g_assert_cmpint (run.status, ==, 4);
  assert_error_message (&run);

  run_ctl (&run, "--database", conninfo, "user", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ctl_anna\thead\tactive\tПродажи, Москва\tОрлова Анна Сергеевна\n"));
  g_assert_nonnull (strstr (run.out, "ctl_boris\thead\tactive\t-\tБелов Борис\n"));

  /* Deactivated: Anna's account goes to Boris in the same step. */
  g_free (owner);
  owner = query (conninfo, "INSERT INTO rapport.accounts (name, owner_id)"
                           " SELECT 'ООО «Ромашка»', id FROM rapport.employees WHERE login = 'ctl_anna' RETURNING id");
  run_ctl (&run, "--database", conninfo, "user", "deactivate", "ctl_anna", "--reassign-to", "ctl_boris", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1 record went to ctl_boris"));
  g_free (owner);
  owner = query (conninfo, "SELECT e.login FROM rapport.accounts a JOIN rapport.employees e ON e.id = a.owner_id"
                           " WHERE a.name = 'ООО «Ромашка»'");
  g_assert_cmpstr (owner, ==, "ctl_boris");
  g_free (login);
  login = query (conninfo, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'ctl_anna'");
  g_assert_cmpstr (login, ==, "f");
  run_ctl (&run, "--database", conninfo, "user", "list", NULL);
  g_assert_nonnull (strstr (run.out, "ctl_anna\thead\tinactive\t"));

  run_ctl (&run, "--database", conninfo, "user", "reactivate", "ctl_anna", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_free (login);
  login = query (conninfo, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'ctl_anna'");
  g_assert_cmpstr (login, ==, "t");

  /* Boris had no password; now he has one, as a verifier. */
  run_ctl (&run, "--database", conninfo, "user", "password", "ctl_boris", "--password-file", password_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_free (verifier);
  verifier = query (conninfo, "SELECT rolpassword FROM pg_authid WHERE rolname = 'ctl_boris'");
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));

  run_ctl (&run, "--database", conninfo, "team", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Продажи, Москва\t1\n"); /* Anna, active again */

  /* Logins for employees on record (imported): by name, keeping their id
   * and their records; none or several of that name are named. */
  {
    g_autofree char *oleg = query (conninfo, "INSERT INTO rapport.employees (full_name) VALUES ('Зайцев Олег')"
                                             " RETURNING id");
    g_autofree char *ivan1 = query (conninfo, "INSERT INTO rapport.employees (full_name, position)"
                                              " VALUES ('Иванов Иван', 'Кладовщик') RETURNING id");
    g_autofree char *ivan2 = query (conninfo, "INSERT INTO rapport.employees (full_name, position)"
                                              " VALUES ('Иванов Иван', 'Водитель') RETURNING id");
    g_autofree char *sql = NULL;
    g_autofree char *value = NULL;

    g_free (owner);
    owner = query (conninfo, "INSERT INTO rapport.accounts (name, owner_id)"
                             " SELECT 'ООО «Заяц»', id FROM rapport.employees WHERE full_name = 'Зайцев Олег'"
                             " RETURNING id");

    run_ctl (&run, "--database", conninfo, "user", "add", "ctl_oleg", "--employee", "Зайцев Олег", "--name", "Олег",
             "--role", "manager", "--no-password", NULL);
    g_assert_cmpint (run.status, ==, 1);
    run_ctl (&run, "--database", conninfo, "user", "add", "ctl_oleg", "--employee", "Никто Никакой", "--role",
             "manager", "--no-password", NULL);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "Никто Никакой"));
    run_ctl (&run, "--database", conninfo, "user", "add", "ctl_ivan", "--employee", "Иванов Иван", "--role",
             "manager", "--no-password", NULL);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, ivan1));
    g_assert_nonnull (strstr (run.err, ivan2));
    g_assert_nonnull (strstr (run.err, "Водитель"));
    g_free (value);
    value = query (conninfo, "SELECT count(*) FROM pg_roles WHERE rolname IN ('ctl_oleg', 'ctl_ivan')");
    g_assert_cmpstr (value, ==, "0");

    /* Name matched without case or extra spaces; the password a verifier. */
    run_ctl (&run, "--database", conninfo, "user", "add", "ctl_oleg", "--employee", " зайцев  олег", "--role",
             "manager", "--password-file", password_file, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "ctl_oleg"));
    g_free (value);
    value = query (conninfo, "SELECT login FROM rapport.employees WHERE full_name = 'Зайцев Олег'");
    g_assert_cmpstr (value, ==, "ctl_oleg");
    sql = g_strdup_printf ("SELECT owner_id FROM rapport.accounts WHERE id = %s", owner);
    g_free (value);
    value = query (conninfo, sql);
    g_assert_cmpstr (value, ==, oleg);
    g_free (value);
    value = query (conninfo, "SELECT count(*) FROM rapport.employees WHERE full_name = 'Зайцев Олег'");
    g_assert_cmpstr (value, ==, "1");
    g_free (verifier);
    verifier = query (conninfo, "SELECT rolpassword FROM pg_authid WHERE rolname = 'ctl_oleg'");
    g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));
    run_ctl (&run, "--database", conninfo, "user", "list", NULL);
    g_assert_nonnull (strstr (run.out, "ctl_oleg\tmanager\tactive\t-\tЗайцев Олег\n"));
    /* Only once. */
    run_ctl (&run, "--database", conninfo, "user", "add", "ctl_ivan", "--employee", "Зайцев Олег", "--role",
             "manager", "--no-password", NULL);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "ctl_oleg"));

    /* One of two namesakes, by the id the error gave. */
    run_ctl (&run, "--database", conninfo, "user", "add", "ctl_ivan", "--employee", ivan2, "--role", "readonly",
             "--no-password", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_free (value);
    value = query (conninfo, "SELECT id FROM rapport.employees WHERE login = 'ctl_ivan'");
    g_assert_cmpstr (value, ==, ivan2);
    g_free (value);
    value = query (conninfo, "SELECT rapport.role_of('ctl_ivan')");
    g_assert_cmpstr (value, ==, "readonly");
  }

  /* A manager's own login may not do any of it. */
  run_ctl (&run, "--database", conninfo, "user", "add", "ctl_vera", "--name", "Вера", "--role", "manager",
           "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 0);
  as_manager = g_strdup_printf ("%s user=ctl_vera", conninfo);
  run_ctl (&run, "--database", as_manager, "user", "add", "ctl_anna2", "--employee", "Иванов Иван", "--role",
           "admin", "--no-password", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "Only an administrator"));
  run_ctl (&run, "--database", as_manager, "user", "grant", "ctl_vera", "admin", NULL);
  g_assert_cmpint (run.status, ==, 3);
  assert_error_message (&run);
  g_assert_nonnull (strstr (run.err, "Only an administrator"));
  run_ctl (&run, "--database", as_manager, "team", "add", "Свой отдел", NULL);
  g_assert_cmpint (run.status, ==, 3);
  run_ctl (&run, "--database", as_manager, "user", "deactivate", "ctl_boris", NULL);
  g_assert_cmpint (run.status, ==, 3);
  run_ctl (&run, "--database", as_manager, "user", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);

  crm_test_db_drop (conninfo);
  drop_user_logins ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  crm_test_db_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapportctl/usage", test_usage);
  g_test_add_func ("/rapportctl/bad-database", test_bad_database);
  g_test_add_func ("/rapportctl/demo-and-status", test_demo_and_status);
  g_test_add_func ("/rapportctl/db-init", test_db_init);
  g_test_add_func ("/rapportctl/data-usage", test_data_usage);
  g_test_add_func ("/rapportctl/round-trip", test_round_trip);
  g_test_add_func ("/rapportctl/import-rejects", test_import_rejects);
  g_test_add_func ("/rapportctl/import-mapping", test_import_mapping);
  g_test_add_func ("/rapportctl/import-duplicates-and-undo", test_import_duplicates_and_undo);
  g_test_add_func ("/rapportctl/import-vcard", test_import_vcard);
  g_test_add_func ("/rapportctl/users", test_users);

  tmp_dir = g_dir_make_tmp ("rapportctl-test-XXXXXX", &error);
  g_assert_no_error (error);
  status = g_test_run ();
  remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  return status;
}
