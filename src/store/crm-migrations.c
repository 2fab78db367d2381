/* crm-migrations.c — the schema, applied in order from data/sql
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "crm-migrations.h"
#include "crm-store-private.h"
#include "rapport-sql-resources.h"

#define SQL_PATH "/org/rapportcrm/Rapport/sql/"
/* pg_advisory_xact_lock key: "Rapport" migrations, any constant will do
 * as long as every Rapport uses the same one. */
#define MIGRATION_LOCK "7234091772353700"

typedef struct
{
  guint version;
  char *name; /* "0001-foundation.sql" */
} Migration;

static void
migration_clear (gpointer data)
{
  Migration *m = data;

  g_clear_pointer (&m->name, g_free);
}

static gint
migration_compare (gconstpointer a,
                   gconstpointer b)
{
  const Migration *ma = a;
  const Migration *mb = b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* NNNN-name.sql → NNNN, or 0 when the name does not fit. */
static guint
parse_version (const char *name)
{
  guint64          version;
  const char      *dash = strchr (name, '-');
  g_autofree char *digits = NULL;

  if (dash == NULL || !g_str_has_suffix (name, ".sql"))
    return 0;
  digits = g_strndup (name, (gsize) (dash - name));
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT, &version, NULL))
    return 0;
  return (guint) version;
}

/* The migrations this build carries, sorted by version. */
static GArray *
list_migrations (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  GArray *migrations = g_array_new (FALSE, TRUE, sizeof (Migration));

  g_array_set_clear_func (migrations, migration_clear);

  /* Referencing the resource also keeps the linker from dropping it out of
   * the static library. */
  names = g_resource_enumerate_children (rapport_sql_get_resource (), SQL_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (names == NULL)
    {
      g_critical ("No schema migrations in the resources: %s", error->message);
      return migrations;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      Migration m;

      m.version = parse_version (names[i]);
      if (m.version == 0)
        continue;
      m.name = g_strdup (names[i]);
      g_array_append_val (migrations, m);
    }
  g_array_sort (migrations, migration_compare);

  return migrations;
}

GStrv
crm_migrations_list (void)
{
  g_autoptr (GArray) migrations = list_migrations ();
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < migrations->len; i++)
    g_strv_builder_add (builder, g_array_index (migrations, Migration, i).name);

  return g_strv_builder_end (builder);
}

static char *
load_migration (const Migration *m,
                GError         **error)
{
  g_autofree char *path = g_strconcat (SQL_PATH, m->name, NULL);
  g_autoptr (GBytes) bytes = NULL;
  gsize       size;
  const char *data;

  bytes = g_resource_lookup_data (rapport_sql_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

/* Versions recorded in the database, in a hash set; NULL on error. */
static GHashTable *
applied_versions (PGconn  *conn,
                  guint   *newest,
                  GError **error)
{
  GHashTable *versions;
  PGresult   *res;

  res = _crm_store_exec (conn, "SELECT version FROM rapport.schema_migrations", 0, NULL, FALSE, error);
  if (res == NULL)
    return NULL;

  versions = g_hash_table_new (NULL, NULL);
  *newest = 0;
  for (int i = 0; i < PQntuples (res); i++)
    {
      guint version = (guint) g_ascii_strtoull (PQgetvalue (res, i, 0), NULL, 10);

      g_hash_table_add (versions, GUINT_TO_POINTER (version));
      *newest = MAX (*newest, version);
    }
  PQclear (res);

  return versions;
}

static gboolean
apply_locked (PGconn  *conn,
              guint   *n_applied,
              GError **error)
{
  g_autoptr (GArray) migrations = list_migrations ();
  g_autoptr (GHashTable) applied = NULL;
  const char *params[1] = { MIGRATION_LOCK };
  guint       newest = 0;
  guint       known = 0;
  PGresult   *res;

  res = _crm_store_exec (conn, "SELECT pg_advisory_xact_lock($1::bigint)", 1, params, FALSE, error);
  if (res == NULL)
    return FALSE;
  PQclear (res);

  if (!_crm_store_exec_command (conn,
                                "CREATE SCHEMA IF NOT EXISTS rapport;"
                                "CREATE TABLE IF NOT EXISTS rapport.schema_migrations ("
                                "  version    integer PRIMARY KEY,"
                                "  name       text NOT NULL,"
                                "  applied_at timestamptz NOT NULL DEFAULT now())",
                                error))
    return FALSE;

  applied = applied_versions (conn, &newest, error);
  if (applied == NULL)
    return FALSE;

  if (migrations->len > 0)
    known = g_array_index (migrations, Migration, migrations->len - 1).version;
  if (newest > known)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA,
                   _ ("The database was set up by a newer version of Rapport (schema %u, this version knows %u); "
                      "update Rapport"),
                   newest, known);
      return FALSE;
    }

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *m = &g_array_index (migrations, Migration, i);
      g_autofree char *sql = NULL;
      g_autofree char *version = NULL;
      g_autoptr (GError) local_error = NULL;
      const char *insert_params[2];

      if (g_hash_table_contains (applied, GUINT_TO_POINTER (m->version)))
        continue;

      sql = load_migration (m, error);
      if (sql == NULL)
        return FALSE;

      g_debug ("Applying migration %s", m->name);
      if (!_crm_store_exec_command (conn, sql, &local_error))
        {
          if (local_error->domain == CRM_STORE_ERROR && local_error->code == CRM_STORE_ERROR_CONNECTION)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA,
                         _ ("Could not update the database schema (%s): %s"), m->name, local_error->message);
          return FALSE;
        }

      version = g_strdup_printf ("%u", m->version);
      insert_params[0] = version;
      insert_params[1] = m->name;
      res = _crm_store_exec (conn, "INSERT INTO rapport.schema_migrations (version, name) VALUES ($1, $2)",
                             2, insert_params, FALSE, error);
      if (res == NULL)
        return FALSE;
      PQclear (res);

      if (n_applied != NULL)
        (*n_applied)++;
    }

  return TRUE;
}

gboolean
crm_migrations_apply (PGconn  *conn,
                      guint   *n_applied,
                      GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);

  if (n_applied != NULL)
    *n_applied = 0;

  /* Up to date: nothing to lock or create. This is also what lets an
   * employee who may not change the schema (rapport_manager…) open the
   * database; CREATE SCHEMA IF NOT EXISTS checks the privilege first. */
  {
    g_autoptr (GArray) migrations = list_migrations ();
    g_autoptr (GError) status_error = NULL;
    guint applied = 0;
    guint newest = 0;

    if (crm_migrations_status (conn, &applied, NULL, &newest, &status_error) &&
        applied == migrations->len && applied > 0 &&
        newest == g_array_index (migrations, Migration, migrations->len - 1).version)
      return TRUE;
  }

  if (!_crm_store_exec_command (conn, "BEGIN", error))
    return FALSE;

  if (!apply_locked (conn, n_applied, error))
    {
      PGresult *res = PQexec (conn, "ROLLBACK");

      PQclear (res);
      if (n_applied != NULL)
        *n_applied = 0;
      return FALSE;
    }

  return _crm_store_exec_command (conn, "COMMIT", error);
}

gboolean
crm_migrations_status (PGconn  *conn,
                       guint   *applied,
                       guint   *available,
                       guint   *newest_applied,
                       GError **error)
{
  g_autoptr (GArray) migrations = NULL;
  g_autoptr (GHashTable) versions = NULL;
  guint     newest = 0;
  gboolean  exists;
  PGresult *res;

  g_return_val_if_fail (conn != NULL, FALSE);

  res = _crm_store_exec (conn, "SELECT to_regclass('rapport.schema_migrations') IS NOT NULL",
                         0, NULL, FALSE, error);
  if (res == NULL)
    return FALSE;
  exists = PQgetvalue (res, 0, 0)[0] == 't';
  PQclear (res);

  if (exists)
    {
      versions = applied_versions (conn, &newest, error);
      if (versions == NULL)
        return FALSE;
    }

  migrations = list_migrations ();

  if (applied != NULL)
    *applied = versions ? g_hash_table_size (versions) : 0;
  if (available != NULL)
    *available = migrations->len;
  if (newest_applied != NULL)
    *newest_applied = newest;

  return TRUE;
}

guint
crm_migrations_get_newest_known (void)
{
  g_autoptr (GArray) migrations = list_migrations ();
  guint newest = 0;

  for (guint i = 0; i < migrations->len; i++)
    newest = MAX (newest, g_array_index (migrations, Migration, i).version);
  return newest;
}
