/* crm-local-server.c — the private embedded PostgreSQL of one user
 *
 * Data in <base>/pgdata (default $XDG_DATA_HOME/rapport/pgdata), the Unix
 * socket in <base>/run (default $XDG_RUNTIME_DIR/rapport), no TCP at all.
 * PostgreSQL refuses to run as root, so under root (containers, CI) the
 * folders belong to the postgres account and every server program runs
 * through `runuser -u postgres --`; the default base is then
 * /var/lib/rapport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "crm-local-server.h"
#include "crm-store-private.h"

#define SERVER_ACCOUNT "postgres"
#define LOG_TAIL_LINES 15

struct _CrmLocalServer
{
  GObject  parent_instance;

  char    *base_dir; /* as given, or NULL for the default */
  char    *data_dir;
  char    *socket_dir;
  char    *bin_dir; /* found on start */
  char    *superuser;
  gboolean as_root;
  gboolean started_here;
};

G_DEFINE_FINAL_TYPE (CrmLocalServer, crm_local_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_DIR,
  PROP_DATA_DIR,
  PROP_SOCKET_DIR,
  PROP_STARTED_HERE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Helpers ---- */

static char *
tail_lines (const char *text,
            guint       n_lines)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  const char      *p;
  guint            seen = 0;

  for (p = copy + strlen (copy); p > copy; p--)
    if (p[-1] == '\n' && ++seen == n_lines)
      break;

  return g_strdup (p);
}

static char *
file_tail (const char *path,
           guint       n_lines)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return tail_lines (contents, n_lines);
}

static gboolean
has_initdb (const char *dir)
{
  g_autofree char *initdb = g_build_filename (dir, "initdb", NULL);
  g_autofree char *pg_ctl = g_build_filename (dir, "pg_ctl", NULL);

  return g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) && g_file_test (pg_ctl, G_FILE_TEST_IS_EXECUTABLE);
}

/* "15" < "9.6" must not happen: compare the leading numbers. */
static gint
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  const char *va = *(const char *const *) a;
  const char *vb = *(const char *const *) b;
  gdouble     na = g_ascii_strtod (va, NULL);
  gdouble     nb = g_ascii_strtod (vb, NULL);

  return (na > nb) - (na < nb);
}

/* `pg_config --bindir` when it has initdb, else the newest
 * /usr/lib/postgresql/<version>/bin. */
static char *
find_bin_dir (void)
{
  g_autofree char *out = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  const char *pgbin = g_getenv ("RAPPORT_PGBIN");
  const char *name;
  int         status = 0;

  if (pgbin != NULL && has_initdb (pgbin))
    return g_strdup (pgbin);

  if (g_spawn_command_line_sync ("pg_config --bindir", &out, NULL, &status, NULL) &&
      g_spawn_check_wait_status (status, NULL))
    {
      g_strstrip (out);
      if (has_initdb (out))
        return g_steal_pointer (&out);
    }

  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  if (dir == NULL)
    return NULL;

  versions = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (versions, g_strdup (name));
  g_ptr_array_sort (versions, compare_versions);

  for (guint i = versions->len; i > 0; i--)
    {
      g_autofree char *bin = g_build_filename ("/usr/lib/postgresql",
                                               (const char *) g_ptr_array_index (versions, i - 1),
                                               "bin", NULL);

      if (has_initdb (bin))
        return g_steal_pointer (&bin);
    }

  return NULL;
}

/* Run a server program (as postgres under root) and collect its output.
 * Returns FALSE only when it could not be run; @status gets the exit
 * status. */
static gboolean
run_program (CrmLocalServer    *self,
             const char *const *argv,
             int               *exit_status,
             char             **output,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *program = g_build_filename (self->bin_dir, argv[0], NULL);

  if (self->as_root)
    {
      g_ptr_array_add (args, (gpointer) "runuser");
      g_ptr_array_add (args, (gpointer) "-u");
      g_ptr_array_add (args, (gpointer) SERVER_ACCOUNT);
      g_ptr_array_add (args, (gpointer) "--");
    }
  g_ptr_array_add (args, program);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                        G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  /* The caller's folder may be closed to the postgres account. */
  g_subprocess_launcher_set_cwd (launcher, "/");
  for (const char *const *var = (const char *const[]){ "PGDATA", "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER",
                                                       "PGDATABASE", "PGOPTIONS", "PGSERVICE", NULL };
       *var != NULL; var++)
    g_subprocess_launcher_unsetenv (launcher, *var);
  g_subprocess_launcher_setenv (launcher, "LC_MESSAGES", "C", TRUE);

  g_debug ("Running %s", program);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, error);
  if (process == NULL)
    return FALSE;

  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, &out, NULL, error))
    return FALSE;

  *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (output != NULL)
    *output = g_steal_pointer (&out);

  return TRUE;
}

static gboolean
chown_to_server (const char *path,
                 GError    **error)
{
  struct passwd *pw = getpwnam (SERVER_ACCOUNT);

  if (pw == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The “%s” account is missing; install the postgresql package"), SERVER_ACCOUNT);
      return FALSE;
    }
  if (chown (path, pw->pw_uid, pw->pw_gid) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot give “%s” to the %s account: %s"), path, SERVER_ACCOUNT, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_dir (CrmLocalServer *self,
            const char     *path,
            GError        **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot create the folder “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (g_chmod (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot protect the folder “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (self->as_root)
    {
      g_autofree char *parent = g_path_get_dirname (path);

      /* The server account must be able to reach its folders. */
      if (!chown_to_server (path, error))
        return FALSE;
      if (!g_str_equal (parent, "/"))
        {
          GStatBuf st;

          if (g_stat (parent, &st) == 0 && (st.st_mode & 0001) == 0)
            g_chmod (parent, (st.st_mode & 07777) | 0011);
        }
    }
  return TRUE;
}

/* Written at every start, so the socket follows $XDG_RUNTIME_DIR. */
static gboolean
write_settings (CrmLocalServer *self,
                GError        **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "rapport.conf", NULL);
  g_autoptr (GString) conf = g_string_new ("# Written by Rapport at every start; edit postgresql.conf instead.\n");

  g_string_append (conf, "listen_addresses = ''\nunix_socket_directories = '");
  for (const char *p = self->socket_dir; *p; p++)
    {
      if (*p == '\'')
        g_string_append_c (conf, '\'');
      g_string_append_c (conf, *p);
    }
  g_string_append (conf, "'\nmax_connections = 50\nshared_buffers = 128MB\n");

  if (!g_file_set_contents_full (path, conf->str, (gssize) conf->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  if (self->as_root && !chown_to_server (path, error))
    return FALSE;

  return TRUE;
}

static gboolean
include_settings (CrmLocalServer *self,
                  GError        **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "postgresql.conf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *updated = NULL;
  const char      *line = "\n# Rapport's settings\ninclude_if_exists = 'rapport.conf'\n";

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  if (strstr (contents, "include_if_exists = 'rapport.conf'") != NULL)
    return TRUE;

  updated = g_strconcat (contents, line, NULL);
  if (!g_file_set_contents_full (path, updated, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  if (self->as_root && !chown_to_server (path, error))
    return FALSE;

  return TRUE;
}

static gboolean
run_initdb (CrmLocalServer *self,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autofree char *output = NULL;
  g_autofree char *user_arg = g_strconcat ("--username=", self->superuser, NULL);
  const char      *argv[] = { "initdb", "-D", self->data_dir, "-E", "UTF8", "--locale=C.UTF-8",
                              "-A", "trust", user_arg, NULL };
  int              status = -1;

  g_debug ("Creating the local database cluster in %s", self->data_dir);
  if (!run_program (self, argv, &status, &output, cancellable, error))
    return FALSE;

  if (status != 0)
    {
      g_autofree char *tail = tail_lines (output, LOG_TAIL_LINES);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Could not create the local database in “%s”: %s"), self->data_dir, tail);
      return FALSE;
    }

  return include_settings (self, error);
}

/* 0 running, 3 not running, 4 no usable data folder (pg_ctl status). */
static int
server_status (CrmLocalServer *self,
               GCancellable   *cancellable)
{
  const char *argv[] = { "pg_ctl", "status", "-D", self->data_dir, NULL };
  int         status = -1;

  if (!run_program (self, argv, &status, NULL, cancellable, NULL))
    return -1;
  return status;
}

/* A server already running may have its socket elsewhere: postmaster.pid
 * line 5 is the first socket directory. */
static void
read_running_socket_dir (CrmLocalServer *self)
{
  g_autofree char *path = g_build_filename (self->data_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", 0);
  if (g_strv_length (lines) > 4 && lines[4][0] == '/' && !g_str_equal (lines[4], self->socket_dir))
    {
      g_debug ("The running server listens in %s", lines[4]);
      g_free (self->socket_dir);
      self->socket_dir = g_strdup (lines[4]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOCKET_DIR]);
    }
}

static gboolean
run_pg_ctl_start (CrmLocalServer *self,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autofree char *log = g_build_filename (self->data_dir, "server.log", NULL);
  g_autofree char *output = NULL;
  const char      *argv[] = { "pg_ctl", "-D", self->data_dir, "-l", log, "-w", "-t", "60", "start", NULL };
  int              status = -1;

  if (!run_program (self, argv, &status, &output, cancellable, error))
    return FALSE;

  if (status != 0)
    {
      g_autofree char *tail = file_tail (log, LOG_TAIL_LINES);

      if (tail[0] == '\0')
        {
          g_free (tail);
          tail = tail_lines (output, LOG_TAIL_LINES);
        }
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("The local database server did not start: %s"), tail);
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_database (CrmLocalServer *self,
                 const char     *dbname,
                 GError        **error)
{
  g_autofree char *conninfo = crm_local_server_dup_conninfo (self, "postgres");
  const char      *params[1] = { dbname };
  gboolean         exists;
  PGresult        *res;
  PGconn          *conn;

  conn = _crm_store_connect (conninfo, error);
  if (conn == NULL)
    return FALSE;

  res = _crm_store_exec (conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, params, FALSE, error);
  if (res == NULL)
    {
      PQfinish (conn);
      return FALSE;
    }
  exists = PQntuples (res) > 0;
  PQclear (res);

  /* The name is fixed (the only database this server is for), never data. */
  if (!exists && !_crm_store_exec_command (conn, "CREATE DATABASE rapport", error))
    {
      PQfinish (conn);
      return FALSE;
    }

  PQfinish (conn);
  return TRUE;
}

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (crm_local_server_start_sync (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_start_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  g_object_thaw_notify (source);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* ---- GObject ---- */

static void
crm_local_server_constructed (GObject *object)
{
  CrmLocalServer *self = CRM_LOCAL_SERVER (object);
  const char     *env = g_getenv ("RAPPORT_LOCAL_DIR");

  G_OBJECT_CLASS (crm_local_server_parent_class)->constructed (object);

  self->as_root = geteuid () == 0;
  self->superuser = g_strdup (self->as_root ? SERVER_ACCOUNT : g_get_user_name ());

  if (self->base_dir == NULL && env != NULL && env[0] != '\0')
    self->base_dir = g_strdup (env);

  if (self->base_dir != NULL)
    {
      self->data_dir = g_build_filename (self->base_dir, "pgdata", NULL);
      self->socket_dir = g_build_filename (self->base_dir, "run", NULL);
    }
  else if (self->as_root)
    {
      self->data_dir = g_build_filename ("/var/lib/rapport", "pgdata", NULL);
      self->socket_dir = g_build_filename ("/var/lib/rapport", "run", NULL);
    }
  else
    {
      self->data_dir = g_build_filename (g_get_user_data_dir (), "rapport", "pgdata", NULL);
      /* Without a runtime folder GLib falls back to the cache folder. */
      self->socket_dir = g_build_filename (g_get_user_runtime_dir (), "rapport", NULL);
    }
}

static void
crm_local_server_finalize (GObject *object)
{
  CrmLocalServer *self = CRM_LOCAL_SERVER (object);

  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->socket_dir, g_free);
  g_clear_pointer (&self->bin_dir, g_free);
  g_clear_pointer (&self->superuser, g_free);

  G_OBJECT_CLASS (crm_local_server_parent_class)->finalize (object);
}

static void
crm_local_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmLocalServer *self = CRM_LOCAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_BASE_DIR:
      g_value_set_string (value, self->base_dir);
      break;

    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    case PROP_SOCKET_DIR:
      g_value_set_string (value, self->socket_dir);
      break;

    case PROP_STARTED_HERE:
      g_value_set_boolean (value, self->started_here);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_local_server_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmLocalServer *self = CRM_LOCAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_BASE_DIR:
      g_free (self->base_dir);
      self->base_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_local_server_class_init (CrmLocalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_local_server_constructed;
  object_class->finalize = crm_local_server_finalize;
  object_class->get_property = crm_local_server_get_property;
  object_class->set_property = crm_local_server_set_property;

  properties[PROP_BASE_DIR] =
      g_param_spec_string ("base-dir", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOCKET_DIR] =
      g_param_spec_string ("socket-dir", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STARTED_HERE] =
      g_param_spec_boolean ("started-here", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_local_server_init (CrmLocalServer *self)
{
}

/* ---- Public API ---- */

CrmLocalServer *
crm_local_server_new (const char *base_dir)
{
  return g_object_new (CRM_TYPE_LOCAL_SERVER, "base-dir", base_dir, NULL);
}

const char *
crm_local_server_get_data_dir (CrmLocalServer *self)
{
  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), NULL);

  return self->data_dir;
}

const char *
crm_local_server_get_socket_dir (CrmLocalServer *self)
{
  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), NULL);

  return self->socket_dir;
}

gboolean
crm_local_server_get_started_here (CrmLocalServer *self)
{
  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), FALSE);

  return self->started_here;
}

gboolean
crm_local_server_start_sync (CrmLocalServer *self,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autofree char *version_file = NULL;
  int              status;

  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), FALSE);

  if (self->bin_dir == NULL)
    {
      self->bin_dir = find_bin_dir ();
      if (self->bin_dir == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _ ("PostgreSQL server programs were not found; install the postgresql package"));
          return FALSE;
        }
    }

  if (self->as_root && getpwnam (SERVER_ACCOUNT) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The “%s” account is missing; install the postgresql package"), SERVER_ACCOUNT);
      return FALSE;
    }

  if (!ensure_dir (self, self->data_dir, error))
    return FALSE;

  version_file = g_build_filename (self->data_dir, "PG_VERSION", NULL);
  if (!g_file_test (version_file, G_FILE_TEST_EXISTS) && !run_initdb (self, cancellable, error))
    return FALSE;

  status = server_status (self, cancellable);
  if (status == 0)
    {
      g_debug ("The local database server already runs; using it");
      read_running_socket_dir (self);
    }
  else
    {
      if (!ensure_dir (self, self->socket_dir, error) ||
          !include_settings (self, error) ||
          !write_settings (self, error) ||
          !run_pg_ctl_start (self, cancellable, error))
        return FALSE;
      self->started_here = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_HERE]);
    }

  return create_database (self, "rapport", error);
}

void
crm_local_server_start_async (CrmLocalServer     *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) worker = NULL;

  g_return_if_fail (CRM_IS_LOCAL_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_local_server_start_async);

  /* Property changes made on the worker are notified here, on the
   * caller's thread, when the work is done (on_start_done_cb thaws). */
  g_object_freeze_notify (G_OBJECT (self));
  worker = g_task_new (self, cancellable, on_start_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, start_thread);
  g_task_run_in_thread (worker, start_thread);
}

gboolean
crm_local_server_start_finish (CrmLocalServer *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
crm_local_server_stop (CrmLocalServer *self,
                       GError        **error)
{
  g_autofree char *output = NULL;
  const char      *argv[] = { "pg_ctl", "stop", "-D", NULL, "-m", "fast", "-w", NULL };
  int              status = -1;

  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), FALSE);

  if (!self->started_here)
    return TRUE;

  argv[3] = self->data_dir;
  if (!run_program (self, argv, &status, &output, NULL, error))
    return FALSE;
  if (status != 0)
    {
      g_autofree char *tail = tail_lines (output, LOG_TAIL_LINES);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("The local database server did not stop: %s"), tail);
      return FALSE;
    }

  self->started_here = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_HERE]);
  return TRUE;
}

/* A conninfo value in single quotes, backslash-escaped. */
static void
append_conninfo_value (GString    *out,
                       const char *key,
                       const char *value)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s='", key);
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
crm_local_server_dup_conninfo (CrmLocalServer *self,
                               const char     *dbname)
{
  GString *out;

  g_return_val_if_fail (CRM_IS_LOCAL_SERVER (self), NULL);

  out = g_string_new (NULL);
  append_conninfo_value (out, "host", self->socket_dir);
  append_conninfo_value (out, "dbname", dbname ? dbname : "rapport");
  append_conninfo_value (out, "user", self->superuser);

  return g_string_free (out, FALSE);
}
