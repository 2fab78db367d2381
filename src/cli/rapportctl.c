/* rapportctl.c — Rapport's command line for administrators
 *
 *   rapportctl [--database URI] db init|migrate|status
 *   rapportctl [--database URI] demo [--if-empty|--force] [--contacts N]
 *   rapportctl [--database URI] export accounts|contacts FILE [--encoding E]
 *              [--delimiter D] [--raw] [--search TEXT]
 *   rapportctl [--database URI] import accounts|contacts FILE [--map MAP]
 *              [--encoding E] [--delimiter D] [--on-duplicate skip|update|create]
 *              [--rejects FILE] [--dry-run]
 *   rapportctl [--database URI] import undo BATCH
 *   rapportctl [--database URI] import list [--limit N]
 *   rapportctl [--database URI] user add|grant|password|deactivate|reactivate|list …
 *   rapportctl [--database URI] team add|list …
 *   rapportctl [--database URI] reminders run [--days N] | days [N]
 *
 * Export and import are in rapportctl-data.c, users and teams in
 * rapportctl-user.c, renewal reminders in rapportctl-reminders.c.
 *
 * The database is the one the application would use: --database, else
 * $RAPPORT_DATABASE, else the GSettings key database-uri, else the private
 * embedded server (started when needed, and stopped again at exit when
 * this process started it). Errors go to stderr as "rapportctl: …" with an
 * exit code per kind of failure (see ExitCode).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "crm-csv.h"
#include "crm-demo.h"
#include "crm-local-server.h"
#include "crm-migrations.h"
#include "crm-store-private.h"
#include "crm-store.h"
#include "rapportctl-private.h"

#define SETTINGS_SCHEMA_ID "org.rapportcrm.Rapport"

static void
ctl_clear (Ctl *ctl)
{
  g_clear_object (&ctl->store);

  if (ctl->server != NULL && crm_local_server_get_started_here (ctl->server))
    {
      g_autoptr (GError) error = NULL;

      if (!crm_local_server_stop (ctl->server, &error))
        g_printerr ("rapportctl: %s\n", error->message);
    }

  g_clear_object (&ctl->server);
  g_clear_object (&ctl->cancellable);
  g_clear_pointer (&ctl->conninfo, g_free);
  g_clear_pointer (&ctl->database, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ctl, ctl_clear)

/* ---- Messages ----------------------------------------------------------- */

ExitCode
fail_usage (const char *message)
{
  g_printerr ("rapportctl: %s\n", message);
  g_printerr (_ ("Try “rapportctl --help” for more information.\n"));
  return EXIT_USAGE;
}

static ExitCode
exit_code_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return EXIT_INTERRUPTED;

  if (error->domain == CRM_STORE_ERROR)
    {
      switch ((CrmStoreError) error->code)
        {
        case CRM_STORE_ERROR_CONNECTION:
        case CRM_STORE_ERROR_AUTH:
          return EXIT_CONNECTION;
        case CRM_STORE_ERROR_INVALID:
        case CRM_STORE_ERROR_CONFLICT:
          return EXIT_DATA;
        case CRM_STORE_ERROR_NOT_FOUND:
        case CRM_STORE_ERROR_PERMISSION:
        case CRM_STORE_ERROR_SCHEMA:
        case CRM_STORE_ERROR_FAILED:
        default:
          return EXIT_DATABASE;
        }
    }

  return EXIT_DATABASE;
}

ExitCode
fail (const GError *error)
{
  g_printerr ("rapportctl: %s\n", error->message);
  return exit_code_for_error (error);
}

/* No database to talk to: the embedded server would not start either. */
ExitCode
fail_connection (const GError *error)
{
  ExitCode code = fail (error);

  return code == EXIT_INTERRUPTED ? code : EXIT_CONNECTION;
}

ExitCode
fail_file (const GError *error)
{
  g_printerr ("rapportctl: %s\n", error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return EXIT_INTERRUPTED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return EXIT_DATA; /* a vCard file for accounts */
  if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR ||
      g_error_matches (error, CRM_CSV_ERROR, CRM_CSV_ERROR_IO))
    return EXIT_FILE;
  if (error->domain == CRM_CSV_ERROR)
    return EXIT_DATA;

  return exit_code_for_error (error);
}

/* Lines of "Label:  value" with the values lined up. */
void
print_table (const char *const *pairs)
{
  glong width = 0;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    width = MAX (width, g_utf8_strlen (pairs[i], -1));

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      glong pad = width - g_utf8_strlen (pairs[i], -1);

      g_print ("%s:%*s %s\n", pairs[i], (int) pad + 1, "", pairs[i + 1]);
    }
}

/* ---- Choosing and opening the database ---------------------------------- */

static char *
dup_settings_database_uri (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;

  /* Not installed (a build tree, a server without the GUI): skip it. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "database-uri"))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_string (settings, "database-uri");
}

/* Pick the database; start the embedded server when it is the one. */
gboolean
ctl_choose_database (Ctl     *ctl,
                     GError **error)
{
  const char      *env = g_getenv ("RAPPORT_DATABASE");
  g_autofree char *from_settings = NULL;

  if (ctl->database != NULL && ctl->database[0] != '\0')
    {
      ctl->conninfo = g_strdup (ctl->database);
      ctl->source = SOURCE_OPTION;
      return TRUE;
    }

  if (env != NULL && env[0] != '\0')
    {
      ctl->conninfo = g_strdup (env);
      ctl->source = SOURCE_ENVIRONMENT;
      return TRUE;
    }

  from_settings = dup_settings_database_uri ();
  if (from_settings != NULL && from_settings[0] != '\0')
    {
      ctl->conninfo = g_steal_pointer (&from_settings);
      ctl->source = SOURCE_SETTINGS;
      return TRUE;
    }

  ctl->source = SOURCE_EMBEDDED;
  ctl->server = crm_local_server_new (NULL);
  g_debug ("Starting the embedded server in %s", crm_local_server_get_data_dir (ctl->server));
  if (!crm_local_server_start_sync (ctl->server, ctl->cancellable, error))
    return FALSE;

  ctl->conninfo = crm_local_server_dup_conninfo (ctl->server, "rapport");
  return TRUE;
}

/* Connect, check the server and apply pending migrations. */
gboolean
ctl_open_store (Ctl     *ctl,
                GError **error)
{
  g_assert (ctl->conninfo != NULL);

  ctl->store = crm_store_new (ctl->conninfo);
  return crm_store_open_sync (ctl->store, ctl->cancellable, error);
}

/* The name of the database a conninfo points at (libpq's default: the
 * user name). */
static char *
dup_conninfo_dbname (const PQconninfoOption *opts)
{
  const char *user = NULL;

  for (const PQconninfoOption *o = opts; o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "dbname") && o->val != NULL && o->val[0] != '\0')
        return g_strdup (o->val);
      if (g_str_equal (o->keyword, "user") && o->val != NULL && o->val[0] != '\0')
        user = o->val;
    }

  return g_strdup (user != NULL ? user : g_get_user_name ());
}

/* The same server with another database (for CREATE DATABASE). */
static PGconn *
connect_to_other_database (const PQconninfoOption *opts,
                           const char             *dbname)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GPtrArray) values = g_ptr_array_new ();

  for (const PQconninfoOption *o = opts; o->keyword != NULL; o++)
    {
      if (o->val == NULL || g_str_equal (o->keyword, "dbname"))
        continue;
      g_ptr_array_add (keys, (gpointer) o->keyword);
      g_ptr_array_add (values, o->val);
    }
  g_ptr_array_add (keys, (gpointer) "dbname");
  g_ptr_array_add (values, (gpointer) dbname);
  g_ptr_array_add (keys, (gpointer) "application_name");
  g_ptr_array_add (values, (gpointer) "rapportctl");
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);

  return PQconnectdbParams ((const char *const *) keys->pdata,
                            (const char *const *) values->pdata, 0);
}

/* Create the database of a given address when the server does not have
 * it yet. When the server cannot be asked (no maintenance database we may
 * use), opening the store afterwards reports the real problem. */
static gboolean
ensure_database_exists (const char *conninfo,
                        gboolean   *created,
                        GError    **error)
{
  static const char *const maintenance[] = { "postgres", "template1" };
  PQconninfoOption        *opts;
  g_autofree char         *dbname = NULL;
  char                    *parse_error = NULL;
  PGconn                  *conn = NULL;
  PGresult                *res;
  gboolean                 exists;

  *created = FALSE;

  opts = PQconninfoParse (conninfo, &parse_error);
  if (opts == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION,
                   _ ("The database address is not valid: %s"),
                   parse_error != NULL ? g_strstrip (parse_error) : _ ("out of memory"));
      PQfreemem (parse_error);
      return FALSE;
    }

  dbname = dup_conninfo_dbname (opts);
  for (guint i = 0; i < G_N_ELEMENTS (maintenance) && conn == NULL; i++)
    {
      conn = connect_to_other_database (opts, maintenance[i]);
      if (PQstatus (conn) != CONNECTION_OK)
        g_clear_pointer (&conn, PQfinish);
    }
  PQconninfoFree (opts);

  if (conn == NULL)
    return TRUE;

  {
    const char *params[] = { dbname };

    res = _crm_store_exec (conn, "SELECT 1 FROM pg_database WHERE datname = $1",
                           1, params, FALSE, error);
  }
  if (res == NULL)
    {
      PQfinish (conn);
      return FALSE;
    }
  exists = PQntuples (res) > 0;
  PQclear (res);

  if (!exists)
    {
      /* CREATE DATABASE takes no parameters: the name goes in as an
       * identifier quoted by libpq. */
      char            *quoted = PQescapeIdentifier (conn, dbname, strlen (dbname));
      g_autofree char *sql = NULL;

      if (quoted == NULL)
        {
          _crm_store_set_error (error, conn, NULL, CRM_SQL_WRITE, NULL);
          PQfinish (conn);
          return FALSE;
        }
      sql = g_strconcat ("CREATE DATABASE ", quoted, NULL);
      PQfreemem (quoted);

      if (!_crm_store_exec_command (conn, sql, error))
        {
          g_prefix_error (error, _ ("Could not create the database “%s”: "), dbname);
          PQfinish (conn);
          return FALSE;
        }
      *created = TRUE;
    }

  PQfinish (conn);
  return TRUE;
}

/* ---- db init | migrate | status ----------------------------------------- */

static gpointer
migrations_status_func (CrmStore     *store,
                        gpointer      conn,
                        gpointer      data,
                        GCancellable *cancellable,
                        GError      **error)
{
  guint *applied = data;

  if (!crm_migrations_status (conn, &applied[0], &applied[1], NULL, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static ExitCode
report_schema (Ctl        *ctl,
               guint       applied_before,
               const char *done_message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *where = crm_store_dup_display_name (ctl->store);
  guint            counts[2] = { 0, 0 };
  guint            n_new;

  if (crm_store_run_sync (ctl->store, migrations_status_func, counts, ctl->cancellable, &error) == NULL)
    return fail (error);

  n_new = counts[0] - MIN (applied_before, counts[0]);
  g_print ("%s: %s\n", done_message, where);
  if (n_new > 0)
    g_print (ngettext ("Applied %u migration; the schema is up to date (%u of %u).\n",
                       "Applied %u migrations; the schema is up to date (%u of %u).\n", n_new),
             n_new, counts[0], counts[1]);
  else
    g_print (_ ("The schema was already up to date (%u of %u migrations).\n"),
             counts[0], counts[1]);

  return EXIT_OK;
}

/* Migrations applied before the store opens (and migrates), for the
 * report; 0 when the database cannot tell (opening reports why). */
static guint
count_applied_migrations (const char *conninfo)
{
  g_autoptr (GError) error = NULL;
  guint   applied = 0, available = 0;
  PGconn *conn;

  conn = _crm_store_connect (conninfo, &error);
  if (conn == NULL)
    return 0;
  if (!crm_migrations_status (conn, &applied, &available, NULL, &error))
    {
      g_debug ("Migration status: %s", error->message);
      applied = 0;
    }
  PQfinish (conn);
  return applied;
}

static ExitCode
cmd_db_init (Ctl *ctl)
{
  g_autoptr (GError) error = NULL;
  guint applied_before;

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);

  if (ctl->source != SOURCE_EMBEDDED)
    {
      gboolean created = FALSE;

      if (!ensure_database_exists (ctl->conninfo, &created, &error))
        return fail (error);
      if (created)
        g_print (_ ("Created the database.\n"));
    }

  applied_before = count_applied_migrations (ctl->conninfo);
  if (!ctl_open_store (ctl, &error))
    return fail (error);

  return report_schema (ctl, applied_before, _ ("Database ready"));
}

static ExitCode
cmd_db_migrate (Ctl *ctl)
{
  g_autoptr (GError) error = NULL;
  guint applied_before;

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);

  applied_before = count_applied_migrations (ctl->conninfo);
  if (!ctl_open_store (ctl, &error))
    return fail (error);

  return report_schema (ctl, applied_before, _ ("Database migrated"));
}

static ExitCode
cmd_db_status (Ctl *ctl)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) store = NULL;
  g_autofree char *where = NULL;
  g_autofree char *server = NULL;
  g_autofree char *migrations = NULL;
  g_autofree char *n_employees = NULL;
  g_autofree char *n_accounts = NULL;
  g_autofree char *n_contacts = NULL;
  const char      *version;
  guint            applied = 0, available = 0, newest = 0;
  ExitCode         status = EXIT_OK;
  PGconn          *conn;

  if (ctl->database == NULL && g_getenv ("RAPPORT_DATABASE") == NULL)
    {
      /* Do not create the embedded server only to say it is empty. */
      g_autoptr (CrmLocalServer) server_probe = crm_local_server_new (NULL);
      g_autofree char *marker = g_build_filename (crm_local_server_get_data_dir (server_probe),
                                                  "PG_VERSION", NULL);
      g_autofree char *uri = dup_settings_database_uri ();

      if ((uri == NULL || uri[0] == '\0') && !g_file_test (marker, G_FILE_TEST_EXISTS))
        {
          g_printerr (_ ("rapportctl: the embedded database in %s has not been created yet; "
                         "run “rapportctl db init”\n"),
                      crm_local_server_get_data_dir (server_probe));
          return EXIT_DATABASE;
        }
    }

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);

  conn = _crm_store_connect (ctl->conninfo, &error);
  if (conn == NULL)
    return fail (error);

  store = crm_store_new (ctl->conninfo);
  where = crm_store_dup_display_name (store);
  version = PQparameterStatus (conn, "server_version");
  server = g_strdup_printf ("PostgreSQL %s%s", version ? version : "?",
                            ctl->source == SOURCE_EMBEDDED ? _ (" (embedded)") : "");

  if (!crm_migrations_status (conn, &applied, &available, &newest, &error))
    {
      PQfinish (conn);
      return fail (error);
    }

  if (applied > 0)
    {
      PGresult *res;

      res = _crm_store_exec (conn,
                             "SELECT (SELECT count(*) FROM rapport.employees),"
                             " (SELECT count(*) FROM rapport.accounts),"
                             " (SELECT count(*) FROM rapport.contacts)",
                             0, NULL, FALSE, &error);
      if (res == NULL)
        {
          PQfinish (conn);
          return fail (error);
        }
      n_employees = g_strdup (PQgetvalue (res, 0, 0));
      n_accounts = g_strdup (PQgetvalue (res, 0, 1));
      n_contacts = g_strdup (PQgetvalue (res, 0, 2));
      PQclear (res);
    }
  PQfinish (conn);

  if (applied == 0)
    {
      migrations = g_strdup_printf (_ ("none of %u applied (run “rapportctl db init”)"), available);
      status = EXIT_DATABASE;
    }
  else if (applied < available)
    {
      migrations = g_strdup_printf (_ ("%u of %u applied (run “rapportctl db migrate”)"),
                                    applied, available);
      status = EXIT_DATABASE;
    }
  else if (newest > crm_migrations_get_newest_known ())
    {
      migrations = g_strdup_printf (_ ("%u applied, newer than this rapportctl (%u)"),
                                    applied, available);
      status = EXIT_DATABASE;
    }
  else
    {
      migrations = g_strdup_printf (_ ("%u of %u applied"), applied, available);
    }

  {
    const char *none = "—";
    const char *rows[] = {
      _ ("Database"),
      where,
      _ ("Server"),
      server,
      _ ("Migrations"),
      migrations,
      _ ("Employees"),
      n_employees ? n_employees : none,
      _ ("Accounts"),
      n_accounts ? n_accounts : none,
      _ ("Contacts"),
      n_contacts ? n_contacts : none,
      NULL,
    };

    print_table (rows);
  }

  return status;
}

/* ---- demo --------------------------------------------------------------- */

typedef struct
{
  CrmDemoLoadFlags flags;
  gboolean         loaded;
  gboolean         empty;
} DemoLoad;

static gpointer
demo_is_empty_func (CrmStore     *store,
                    gpointer      conn,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  DemoLoad *load = data;

  if (!crm_demo_is_empty (conn, &load->empty, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
demo_load_func (CrmStore     *store,
                gpointer      conn,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  DemoLoad *load = data;

  if (!crm_demo_load_full (conn, load->flags, &load->loaded, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  guint    n_contacts;
  gboolean show_progress;
  guint    last_percent;
} DemoGenerate;

static void
on_generate_progress (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  DemoGenerate *generate = user_data;
  guint         percent = total > 0 ? (guint) (done * 100 / total) : 100;

  if (!generate->show_progress || percent == generate->last_percent)
    return;

  generate->last_percent = percent;
  g_printerr (_ ("\rGenerating: %3u%%"), percent);
  if (done == total)
    g_printerr ("\n");
}

static gpointer
demo_generate_func (CrmStore     *store,
                    gpointer      conn,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  DemoGenerate *generate = data;

  if (!crm_demo_generate (conn, generate->n_contacts, on_generate_progress, generate,
                          cancellable, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static ExitCode
demo_generate (Ctl  *ctl,
               guint n_contacts)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  DemoGenerate generate = {
    .n_contacts = n_contacts,
    .show_progress = isatty (STDERR_FILENO),
    .last_percent = G_MAXUINT,
  };
  guint  n_accounts = MAX (n_contacts / 10, 1);
  double seconds;

  if (crm_store_run_sync (ctl->store, demo_generate_func, &generate, ctl->cancellable, &error) == NULL)
    {
      if (generate.show_progress && generate.last_percent != G_MAXUINT)
        g_printerr ("\n");
      return fail (error);
    }

  seconds = MAX (g_timer_elapsed (timer, NULL), 0.001);
  g_print (ngettext ("Generated %u contact and %u accounts in %.1f s (%.0f rows/s).\n",
                     "Generated %u contacts and %u accounts in %.1f s (%.0f rows/s).\n",
                     n_contacts),
           n_contacts, n_accounts, seconds, (n_contacts + n_accounts) / seconds);
  return EXIT_OK;
}

static ExitCode
cmd_demo (Ctl     *ctl,
          gboolean if_empty,
          gboolean force,
          gint64   n_contacts)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *where = NULL;
  DemoLoad         load = { .flags = force ? CRM_DEMO_LOAD_FORCE : CRM_DEMO_LOAD_DEFAULT };

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);
  if (!ctl_open_store (ctl, &error))
    return fail (error);

  where = crm_store_dup_display_name (ctl->store);

  if (!force)
    {
      if (crm_store_run_sync (ctl->store, demo_is_empty_func, &load, ctl->cancellable, &error) == NULL)
        return fail (error);

      if (!load.empty && if_empty)
        {
          g_print (_ ("The database %s already has data; nothing loaded.\n"), where);
          return EXIT_OK;
        }
      if (!load.empty)
        {
          g_printerr (_ ("rapportctl: the database %s already has accounts or contacts; "
                         "not loading demo data into it (use --force to add it anyway, "
                         "or --if-empty to accept this)\n"),
                      where);
          return EXIT_DATA;
        }
    }

  if (n_contacts > 0)
    return demo_generate (ctl, (guint) n_contacts);

  if (crm_store_run_sync (ctl->store, demo_load_func, &load, ctl->cancellable, &error) == NULL)
    return fail (error);

  if (!load.loaded)
    {
      /* Someone else filled it in the meantime. */
      g_print (_ ("The database %s already has data; nothing loaded.\n"), where);
      return if_empty ? EXIT_OK : EXIT_DATA;
    }

  g_print (_ ("Loaded the demo data into %s: %u employees, %u accounts, %u contacts.\n"),
           where, CRM_DEMO_N_EMPLOYEES, CRM_DEMO_N_ACCOUNTS, CRM_DEMO_N_CONTACTS);
  return EXIT_OK;
}

/* ---- Command line ------------------------------------------------------- */

static const char *
exit_codes_help (void)
{
  return _ ("Commands:\n"
            "  db init              Create the database if needed and its schema\n"
            "  db migrate           Apply the schema migrations this version has\n"
            "  db status            Show the server, the schema and the record counts\n"
            "  demo                 Load the demo data into an empty database\n"
            "  demo --contacts N    Add N synthetic contacts (and N/10 accounts)\n"
            "  export TYPE FILE     Write the accounts or contacts to a CSV file\n"
            "  import TYPE FILE     Add accounts or contacts from a CSV or vCard file\n"
            "  import undo BATCH    Take an import back out\n"
            "  import list          Show the recent imports\n"
            "  user add LOGIN       Add an employee with a login (--name, --role, --team)\n"
            "  user grant LOGIN ROLE  Give an employee another role\n"
            "  user deactivate LOGIN  Take away a sign-in (--reassign-to LOGIN)\n"
            "  user list            List the employees and their roles\n"
            "  team add NAME        Add a team\n"
            "  reminders run        Make the contract renewal reminders that are due\n"
            "  reminders days [N]   Show or set how many days ahead they are made\n"
            "\n"
            "TYPE is accounts or contacts; “rapportctl COMMAND --help” tells more.\n"
            "\n"
            "The database: --database, else $RAPPORT_DATABASE, else the GSettings\n"
            "key database-uri, else the private embedded server.\n"
            "\n"
            "Exit status:\n"
            "  0  success\n"
            "  1  bad command line\n"
            "  2  cannot connect: no server, bad address, login refused\n"
            "  3  database or schema failure (db status: schema missing or old)\n"
            "  4  data refused (demo: the database already has data; import: no row\n"
            "     could be imported)\n"
            "  5  a file could not be read or written\n"
            "  130  interrupted: the work was rolled back");
}

static GOptionEntry *
database_entry (Ctl *ctl)
{
  static GOptionEntry entries[2];

  entries[0] = (GOptionEntry){
    "database", 'd', 0, G_OPTION_ARG_STRING, &ctl->database,
    N_ ("PostgreSQL connection URI or key=value string"), N_ ("URI")
  };
  entries[1] = (GOptionEntry){ NULL };
  return entries;
}

gboolean
parse_command (Ctl                *ctl,
               const char         *command,
               const char         *parameters,
               const char         *summary,
               const GOptionEntry *entries,
               char              **args,
               guint               min_positional,
               guint               max_positional,
               GStrv              *positional,
               ExitCode           *code)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  g_autofree char *prgname = g_strconcat ("rapportctl ", command, NULL);
  g_autofree char *saved_prgname = g_strdup (g_get_prgname ());
  gboolean         ok;
  guint            n_positional;

  g_assert (min_positional <= max_positional);
  g_assert (max_positional == 0 || positional != NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, database_entry (ctl), GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  g_strv_builder_add (builder, prgname);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  /* "Usage: rapportctl demo [OPTION…]" */
  g_set_prgname (prgname);
  ok = g_option_context_parse_strv (context, &argv, &error);
  g_set_prgname (saved_prgname);

  if (!ok)
    {
      *code = fail_usage (error->message);
      return FALSE;
    }

  n_positional = argv[0] != NULL ? g_strv_length (argv) - 1 : 0;
  if (n_positional > max_positional)
    {
      g_autofree char *message = g_strdup_printf (_ ("unexpected argument “%s”"),
                                                  argv[1 + max_positional]);

      *code = fail_usage (message);
      return FALSE;
    }
  if (n_positional < min_positional)
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” needs %s"), prgname, parameters);

      *code = fail_usage (message);
      return FALSE;
    }

  if (positional != NULL)
    *positional = n_positional > 0 ? g_strdupv (argv + 1) : g_new0 (char *, 1);
  return TRUE;
}

/* @args: the words after "db". */
static ExitCode
run_db (Ctl   *ctl,
        char **args)
{
  ExitCode    code = EXIT_OK;
  const char *sub = args[0];

  if (sub == NULL)
    return fail_usage (_ ("“db” needs a subcommand: init, migrate or status"));

  if (g_str_equal (sub, "init"))
    {
      if (!parse_command (ctl, "db init", NULL,
                          _ ("Create the database when the server lacks it (or start the "
                             "embedded server), then apply the schema migrations."),
                          NULL, args + 1, 0, 0, NULL, &code))
        return code;
      return cmd_db_init (ctl);
    }
  if (g_str_equal (sub, "migrate"))
    {
      if (!parse_command (ctl, "db migrate", NULL, _ ("Apply the schema migrations that are missing."),
                          NULL, args + 1, 0, 0, NULL, &code))
        return code;
      return cmd_db_migrate (ctl);
    }
  if (g_str_equal (sub, "status"))
    {
      if (!parse_command (ctl, "db status", NULL,
                          _ ("Show the server, the schema and how many records there are. "
                             "Exits with 3 when the schema is missing or out of date."),
                          NULL, args + 1, 0, 0, NULL, &code))
        return code;
      return cmd_db_status (ctl);
    }

  {
    g_autofree char *message = g_strdup_printf (_ ("unknown db subcommand “%s”"), sub);

    return fail_usage (message);
  }
}

/* @args: the words after "demo". */
static ExitCode
run_demo (Ctl   *ctl,
          char **args)
{
  gboolean           if_empty = FALSE;
  gboolean           force = FALSE;
  gint64             n_contacts = -1; /* not given */
  const GOptionEntry entries[] = {
    { "if-empty", 0, 0, G_OPTION_ARG_NONE, &if_empty,
      N_ ("Do nothing when the database already has data"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_ ("Add the data even when the database already has some"), NULL },
    { "contacts", 'n', 0, G_OPTION_ARG_INT64, &n_contacts,
      N_ ("Generate N synthetic contacts and N/10 accounts instead"), N_ ("N") },
    { NULL }
  };
  ExitCode code = EXIT_OK;

  if (!parse_command (ctl, "demo", NULL,
                      _ ("Load the demo data (6 employees, 36 accounts, 60 contacts) into an "
                         "empty database, or with --contacts generate a large synthetic set "
                         "(the same one every time for the same N)."),
                      entries, args, 0, 0, NULL, &code))
    return code;

  if (if_empty && force)
    return fail_usage (_ ("--if-empty and --force exclude each other"));
  if (n_contacts == 0 || n_contacts < -1 || n_contacts > G_MAXINT32)
    return fail_usage (_ ("--contacts must be a number from 1 to 2147483647"));

  return cmd_demo (ctl, if_empty, force, MAX (n_contacts, 0));
}

/* ---- Ctrl+C ------------------------------------------------------------- */

/* The handler only writes the signal's number to a pipe; a thread reads it
 * and cancels: the running statement is cancelled on the server, the
 * transaction rolls back, and the embedded server is stopped on the way
 * out. A second Ctrl+C ends the process at once. */
static int signal_pipe[2] = { -1, -1 };

static void
on_signal (int signum)
{
  char    c = (char) signum;
  ssize_t written = write (signal_pipe[1], &c, 1);

  (void) written;
}

static gpointer
signal_thread (gpointer data)
{
  GCancellable *cancellable = data;
  guint         n_signals = 0;
  char          c;

  while (read (signal_pipe[0], &c, 1) == 1)
    {
      if (n_signals++ > 0)
        _exit (EXIT_INTERRUPTED);
      g_printerr (_ ("\nrapportctl: interrupted; rolling back (press Ctrl+C again to quit at once)\n"));
      g_cancellable_cancel (cancellable);
    }

  return NULL;
}

static void
catch_signals (GCancellable *cancellable)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action = { 0 };
  g_autoptr (GError) error = NULL;

  if (!g_unix_open_pipe (signal_pipe, FD_CLOEXEC, &error))
    {
      g_debug ("No Ctrl+C handling: %s", error->message);
      return;
    }

  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, NULL);

  g_thread_unref (g_thread_new ("rapportctl-signals", signal_thread, g_object_ref (cancellable)));
}

int
main (int   argc,
      char *argv[])
{
  g_auto (Ctl) ctl = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  gboolean           version = FALSE;
  const char        *localedir = g_getenv ("RAPPORT_LOCALEDIR");
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Show the version and exit"), NULL },
    { NULL }
  };
  const char *command;
  int         n_args;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("rapportctl");

  ctl.cancellable = g_cancellable_new ();
  catch_signals (ctl.cancellable);

  /* g_option_context_parse_strv: arguments in UTF-8 on every platform. */
  args = g_strdupv (argv);

  context = g_option_context_new (_ ("COMMAND [OPTION…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _ ("Administer Rapport’s database: create it, migrate "
                                            "it, check it, fill it with demo data, and export "
                                            "and import records."));
  g_option_context_set_description (context, exit_codes_help ());
  g_option_context_add_main_entries (context, database_entry (&ctl), GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command: its options are its own. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse_strv (context, &args, &error))
    return fail_usage (error->message);

  if (version)
    {
      g_print ("rapportctl %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  n_args = (int) g_strv_length (args);
  if (n_args < 2)
    return fail_usage (_ ("no command given"));

  command = args[1];
  if (g_str_equal (command, "db"))
    return run_db (&ctl, args + 2);
  if (g_str_equal (command, "demo"))
    return run_demo (&ctl, args + 2);
  if (g_str_equal (command, "export"))
    return run_export (&ctl, args + 2);
  if (g_str_equal (command, "import"))
    return run_import (&ctl, args + 2);
  if (g_str_equal (command, "user"))
    return run_user (&ctl, args + 2);
  if (g_str_equal (command, "team"))
    return run_team (&ctl, args + 2);
  if (g_str_equal (command, "reminders"))
    return run_reminders (&ctl, args + 2);

  {
    g_autofree char *message = g_strdup_printf (_ ("unknown command “%s”"), command);

    return fail_usage (message);
  }
}
