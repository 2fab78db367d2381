/* crm-store-rights.c — what the signed-in role may not read (U2)
 *
 * The database withholds money columns from some roles by column
 * privileges (data/sql/0006-security.sql). A query naming such a column
 * fails as a whole, so the store asks once per connection which columns of
 * the rapport tables its role may not read, leaves them out of what it
 * selects and writes, and marks them withheld on the records it returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-store-private.h"

typedef struct
{
  int         backend_pid; /* tells a new connection at the same address apart */
  GHashTable *withheld;    /* "table.column" */
} Rights;

static GMutex      rights_lock;
static GHashTable *rights_by_conn; /* PGconn * → Rights */

static void
rights_free (gpointer data)
{
  Rights *rights = data;

  g_hash_table_unref (rights->withheld);
  g_free (rights);
}

static GHashTable *
query_withheld (PGconn *conn)
{
  GHashTable *withheld = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) error = NULL;
  PGresult *res;

  /* Columns of tables the role reads only in part: the rest it reads
   * whole or not at all (and then the query says so). */
  res = _crm_store_exec (conn,
                         "SELECT c.relname || '.' || a.attname"
                         " FROM pg_class c"
                         " JOIN pg_namespace n ON n.oid = c.relnamespace"
                         " JOIN pg_attribute a ON a.attrelid = c.oid"
                         " WHERE n.nspname = 'rapport' AND c.relkind IN ('r', 'p', 'v')"
                         "   AND a.attnum > 0 AND NOT a.attisdropped"
                         "   AND NOT has_table_privilege(c.oid, 'SELECT')"
                         "   AND has_any_column_privilege(c.oid, 'SELECT')"
                         "   AND NOT has_column_privilege(c.oid, a.attnum, 'SELECT')",
                         0, NULL, FALSE, &error);
  if (res == NULL)
    {
      /* The queries that follow will say what is wrong, in context. */
      g_debug ("Cannot read the column privileges: %s", error->message);
      return withheld;
    }
  for (int i = 0; i < PQntuples (res); i++)
    g_hash_table_add (withheld, g_strdup (PQgetvalue (res, i, 0)));
  PQclear (res);

  g_debug ("%u column(s) withheld from this role", g_hash_table_size (withheld));
  return withheld;
}

/* The set of "table.column" this connection's role may not read; owned by
 * the cache (valid until the connection is finished). Never NULL. */
GHashTable *
_crm_store_withheld (PGconn *conn)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Rights *rights;
  int     pid;

  g_assert (conn != NULL);

  pid = PQbackendPID (conn);
  locker = g_mutex_locker_new (&rights_lock);
  if (rights_by_conn == NULL)
    rights_by_conn = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, rights_free);

  rights = g_hash_table_lookup (rights_by_conn, conn);
  if (rights != NULL && rights->backend_pid == pid)
    return rights->withheld;

  /* Asking takes a round trip: not under the lock. Each connection is
   * used by one thread at a time, so nobody else asks for this one. */
  g_clear_pointer (&locker, g_mutex_locker_free);
  rights = g_new0 (Rights, 1);
  rights->backend_pid = pid;
  rights->withheld = query_withheld (conn);

  locker = g_mutex_locker_new (&rights_lock);
  g_hash_table_replace (rights_by_conn, conn, rights);
  return rights->withheld;
}

/* PQfinish(), forgetting what was learnt about @conn. */
void
_crm_store_finish (PGconn *conn)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&rights_lock);

  if (rights_by_conn != NULL)
    g_hash_table_remove (rights_by_conn, conn);
  g_clear_pointer (&locker, g_mutex_locker_free);
  PQfinish (conn);
}

gboolean
_crm_store_is_withheld (GHashTable          *withheld,
                        const CrmRecordType *type,
                        const char          *column)
{
  g_autofree char *key = NULL;

  if (withheld == NULL || g_hash_table_size (withheld) == 0)
    return FALSE;
  key = g_strconcat (type->table, ".", column, NULL);
  return g_hash_table_contains (withheld, key);
}

/* Mark the withheld fields of @type on each of @records. */
void
_crm_store_mark_withheld (GHashTable          *withheld,
                          const CrmRecordType *type,
                          GPtrArray           *records)
{
  if (withheld == NULL || g_hash_table_size (withheld) == 0)
    return;

  for (guint f = 0; f < type->n_fields; f++)
    {
      const CrmField *field = &type->fields[f];

      if ((field->flags & CRM_FIELD_COMPUTED) || !_crm_store_is_withheld (withheld, type, field->name))
        continue;
      for (guint i = 0; i < records->len; i++)
        crm_record_set_withheld (g_ptr_array_index (records, i), field->name, TRUE);
    }
}
