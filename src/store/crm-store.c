/* crm-store.c — the asynchronous door to PostgreSQL
 *
 * A small pool of connections, each used by one worker thread at a time.
 * Every public operation is a CrmStoreFunc run by store_run() on a pooled
 * connection: the _sync variants on the calling thread, the _async ones on
 * a GTask worker thread. Results are GObjects built on the worker.
 *
 * Failures are mapped to CrmStoreError by SQLSTATE (_crm_store_set_error,
 * in crm-store-sql.c with the other SQL helpers of crm-store-private.h);
 * a serialization failure or deadlock is retried once, a read on a
 * connection that broke is retried once on a fresh one, and a cancelled
 * GCancellable cancels the running statement on the server (PQcancel).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-migrations.h"
#include "crm-store-private.h"
#include "crm-store.h"

#define POOL_MAX 4
/* Rapport needs EXECUTE FUNCTION triggers, WITH (FORCE), pg_trgm 1.5. */
#define MIN_SERVER_VERSION 130000

struct _CrmStore
{
  GObject parent_instance;

  char   *conninfo;
  char   *password; /* given at sign-in; never written anywhere */

  GMutex  lock;
  GCond   cond;
  GQueue  idle;   /* PGconn *, ready for use */
  guint   n_open; /* idle and busy */
};

typedef enum
{
  RUN_RETRY_ON_RESET = 1 << 0, /* safe to run again on a new connection */
  RUN_RETRY_CONFLICT = 1 << 1, /* one transaction: rerun after 40001/40P01 */
} RunFlags;

#define RUN_READ  (RUN_RETRY_ON_RESET | RUN_RETRY_CONFLICT)
#define RUN_WRITE (RUN_RETRY_CONFLICT)

G_DEFINE_FINAL_TYPE (CrmStore, crm_store, G_TYPE_OBJECT)

/* A store error also says why a sign-in failed, when it did
 * (crm_store_error_get_login_problem). */
typedef struct
{
  CrmStoreLoginProblem login_problem;
} CrmStoreErrorPrivate;

static void
crm_store_error_private_init (CrmStoreErrorPrivate *priv)
{
  priv->login_problem = CRM_STORE_LOGIN_OTHER;
}

static void
crm_store_error_private_copy (const CrmStoreErrorPrivate *src,
                              CrmStoreErrorPrivate       *dest)
{
  dest->login_problem = src->login_problem;
}

static void
crm_store_error_private_clear (CrmStoreErrorPrivate *priv)
{
}

/* clang-format off */
G_DEFINE_EXTENDED_ERROR (CrmStoreError, crm_store_error)
/* clang-format on */

void
_crm_store_error_set_login_problem (GError              *error,
                                    CrmStoreLoginProblem problem)
{
  g_return_if_fail (error != NULL && error->domain == CRM_STORE_ERROR);

  crm_store_error_get_private (error)->login_problem = problem;
}

CrmStoreLoginProblem
crm_store_error_get_login_problem (const GError *error)
{
  if (error == NULL || error->domain != CRM_STORE_ERROR)
    return CRM_STORE_LOGIN_OTHER;

  return crm_store_error_get_private (error)->login_problem;
}

enum
{
  PROP_0,
  PROP_CONNINFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Names ---- */

/* Password-free parts of a conninfo. */
static void
parse_conninfo (const char *conninfo,
                char      **host,
                char      **port,
                char      **dbname)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo ? conninfo : "", NULL);

  *host = *port = *dbname = NULL;
  if (opts == NULL)
    return;

  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        *host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "hostaddr") && *host == NULL)
        *host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "port"))
        *port = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "dbname"))
        *dbname = g_strdup (o->val);
    }
  PQconninfoFree (opts);
}

/* ---- The pool ---- */

static PGconn *
pool_acquire (CrmStore     *self,
              GCancellable *cancellable,
              GError      **error)
{
  PGconn *conn = NULL;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      if (self->idle.length > 0)
        {
          conn = g_queue_pop_head (&self->idle);
          break;
        }
      if (self->n_open < POOL_MAX)
        {
          self->n_open++;
          break;
        }
      g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
    }
  g_mutex_unlock (&self->lock);

  if (conn != NULL && PQstatus (conn) != CONNECTION_OK)
    {
      g_debug ("Resetting a broken database connection");
      PQreset (conn);
      if (PQstatus (conn) != CONNECTION_OK)
        {
          _crm_store_finish (conn);
          conn = NULL;
        }
    }

  if (conn == NULL)
    conn = _crm_store_connect_with_password (self->conninfo, self->password, error);

  if (conn == NULL)
    {
      g_mutex_lock (&self->lock);
      self->n_open--;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
    }

  return conn;
}

static void
pool_release (CrmStore *self,
              PGconn   *conn)
{
  if (PQstatus (conn) == CONNECTION_OK)
    {
      PGTransactionStatusType tx = PQtransactionStatus (conn);

      if (tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR)
        {
          PGresult *res = PQexec (conn, "ROLLBACK");

          PQclear (res);
        }
      else if (tx == PQTRANS_ACTIVE)
        {
          /* Left in the middle of a COPY or a query: not reusable. */
          _crm_store_finish (conn);
          conn = NULL;
        }
    }
  else
    {
      _crm_store_finish (conn);
      conn = NULL;
    }

  g_mutex_lock (&self->lock);
  if (conn != NULL && PQtransactionStatus (conn) == PQTRANS_IDLE)
    g_queue_push_head (&self->idle, conn);
  else
    {
      if (conn != NULL)
        _crm_store_finish (conn);
      self->n_open--;
    }
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Cancelling a running statement: PQcancel() opens a connection to the
 * server, which must not happen on the thread that cancels (the UI), so a
 * worker sends it. The statement's own thread marks the handle done before
 * the connection goes back to the pool, so that a late request never hits
 * the next statement on it. */
typedef struct
{
  GMutex    lock;
  PGcancel *cancel;
  gboolean  done;
} CancelHandle;

static void
cancel_handle_clear (gpointer data)
{
  CancelHandle *handle = data;

  g_clear_pointer (&handle->cancel, PQfreeCancel);
  g_mutex_clear (&handle->lock);
}

static void
cancel_handle_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, cancel_handle_clear);
}

static CancelHandle *
cancel_handle_new (PGconn *conn)
{
  CancelHandle *handle = g_atomic_rc_box_new0 (CancelHandle);

  g_mutex_init (&handle->lock);
  handle->cancel = PQgetCancel (conn);
  return handle;
}

static void
cancel_handle_finish (CancelHandle *handle)
{
  g_mutex_lock (&handle->lock);
  handle->done = TRUE;
  g_mutex_unlock (&handle->lock);
}

static void
cancel_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CancelHandle *handle = task_data;
  char          message[256];

  g_mutex_lock (&handle->lock);
  if (!handle->done && handle->cancel != NULL && !PQcancel (handle->cancel, message, sizeof message))
    g_debug ("Could not cancel the query: %s", message);
  g_mutex_unlock (&handle->lock);

  g_task_return_boolean (task, TRUE);
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, on_cancelled_cb);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (user_data), cancel_handle_unref);
  g_task_run_in_thread (task, cancel_thread);
}

static gpointer
store_run (CrmStore     *self,
           CrmStoreFunc  func,
           gpointer      data,
           RunFlags      flags,
           GCancellable *cancellable,
           GError      **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local_error = NULL;
      CancelHandle *cancel = NULL;
      gulong        handler = 0;
      gboolean      conflict, broken;
      gpointer      result;
      PGconn       *conn;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      conn = pool_acquire (self, cancellable, error);
      if (conn == NULL)
        return NULL;

      if (cancellable != NULL)
        {
          cancel = cancel_handle_new (conn);
          handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), cancel, NULL);
        }

      _crm_store_take_retryable_failure (); /* forget an earlier one */
      result = func (self, conn, data, cancellable, &local_error);
      conflict = _crm_store_take_retryable_failure ();

      if (cancellable != NULL)
        {
          g_cancellable_disconnect (cancellable, handler);
          cancel_handle_finish (cancel);
          g_clear_pointer (&cancel, cancel_handle_unref);
        }

      broken = PQstatus (conn) != CONNECTION_OK;
      pool_release (self, conn);

      if (local_error == NULL)
        return result;

      g_assert (result == NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (attempt == 0 && ((conflict && (flags & RUN_RETRY_CONFLICT)) || (broken && (flags & RUN_RETRY_ON_RESET))))
        {
          g_debug ("Retrying after: %s", local_error->message);
          continue;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
}

/* ---- Operations (worker thread) ---- */

char *
_crm_store_ids_literal (const gint64 *ids,
                        guint         n_ids)
{
  GString *out = g_string_sized_new (n_ids * 8 + 2);

  g_string_append_c (out, '{');
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

GPtrArray *
_crm_store_fetch_rows (PGconn              *conn,
                       const CrmRecordType *type,
                       const gint64        *ids,
                       guint                n_ids,
                       GError             **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT ");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) by_id = NULL;
  g_autofree char *id_list = NULL;
  GPtrArray       *ordered;
  const char      *params[1];
  PGresult        *res;

  GHashTable      *withheld = _crm_store_withheld (conn);

  _crm_sql_append_select_list (sql, type, withheld);
  g_string_append (sql, " FROM ");
  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t WHERE t.id = ANY($1::bigint[])");

  id_list = _crm_store_ids_literal (ids, n_ids);
  params[0] = id_list;

  res = _crm_store_exec_full (conn, sql->str, 1, params, FALSE, CRM_SQL_READ, type, error);
  if (res == NULL)
    return NULL;
  records = _crm_store_records_from_result (type, res, error);
  PQclear (res);
  if (records == NULL)
    return NULL;
  _crm_store_mark_withheld (withheld, type, records);

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      CrmRecord *record = g_ptr_array_index (records, i);

      g_hash_table_insert (by_id, g_memdup2 (&(gint64){ crm_record_get_id (record) }, sizeof (gint64)), record);
    }

  ordered = g_ptr_array_new_full (records->len, g_object_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      CrmRecord *record = g_hash_table_lookup (by_id, &ids[i]);

      if (record != NULL)
        g_ptr_array_add (ordered, g_object_ref (record));
    }

  return ordered;
}

typedef struct
{
  const CrmRecordType *type;
  GArray              *ids;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fd = data;

  g_clear_pointer (&fd->ids, g_array_unref);
  g_free (fd);
}

static FetchData *
fetch_data_new (const CrmRecordType *type,
                const gint64        *ids,
                guint                n_ids)
{
  FetchData *fd = g_new0 (FetchData, 1);

  fd->type = type;
  fd->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (fd->ids, ids, n_ids);
  return fd;
}

static gpointer
fetch_func (CrmStore     *self,
            gpointer      conn,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  FetchData *fd = data;

  return _crm_store_fetch_rows (conn, fd->type, (const gint64 *) (gpointer) fd->ids->data, fd->ids->len, error);
}

static gpointer
get_func (CrmStore     *self,
          gpointer      conn,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  FetchData *fd = data;
  g_autoptr (GPtrArray) records = NULL;
  gint64 id = g_array_index (fd->ids, gint64, 0);

  records = _crm_store_fetch_rows (conn, fd->type, &id, 1, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_debug ("No %s %" G_GINT64_FORMAT, fd->type->name, id);
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                           _ ("This record no longer exists"));
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (records, 0));
}

/* NOT_FOUND or CONFLICT after an UPDATE/DELETE that touched no row. */
static void
set_missing_row_error (PGconn              *conn,
                       const CrmRecordType *type,
                       const char          *id_text,
                       const char          *version_text,
                       GError             **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT t.version FROM ");
  const char *params[1] = { id_text };
  PGresult   *res;

  _crm_sql_append_table (sql, type);
  g_string_append (sql, " t WHERE t.id = $1");

  res = _crm_store_exec_full (conn, sql->str, 1, params, FALSE, CRM_SQL_READ, type, error);
  if (res == NULL)
    return;

  /* Still there at the version we had: row-level security kept the
   * UPDATE or DELETE from touching it. */
  if (PQntuples (res) > 0 && version_text != NULL && g_str_equal (PQgetvalue (res, 0, 0), version_text))
    g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION,
                         _ ("You may not change this record"));
  else if (PQntuples (res) > 0)
    g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT,
                         _ ("Someone else changed this record since you opened it"));
  else
    g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                         _ ("Someone else deleted this record"));
  PQclear (res);
}

/* The columns a save writes: the type's stored fields, owner and custom.
 * Never id, version, created_*, updated_* (triggers keep those). */
static GPtrArray *
writable_fields (const CrmRecordType *type,
                 GHashTable          *withheld)
{
  GPtrArray *fields = g_ptr_array_new ();

  /* Withheld fields were never read: writing them would blank them (and
   * the database would refuse anyway). */
  for (guint i = 0; i < type->n_fields; i++)
    if (!(type->fields[i].flags & CRM_FIELD_COMPUTED) &&
        !_crm_store_is_withheld (withheld, type, type->fields[i].name))
      g_ptr_array_add (fields, (gpointer) &type->fields[i]);
  g_ptr_array_add (fields, (gpointer) crm_record_type_get_field (NULL, "owner_id"));
  g_ptr_array_add (fields, (gpointer) crm_record_type_get_field (NULL, "custom"));

  return fields;
}

static void
append_value_param (GString        *sql,
                    const CrmField *field,
                    guint           n)
{
  if (g_str_equal (field->name, "custom"))
    g_string_append_printf (sql, "coalesce($%u::jsonb, '{}'::jsonb)", n);
  else
    g_string_append_printf (sql, "$%u", n);
}

gint64
_crm_store_write_row (PGconn    *conn,
                      CrmRecord *record,
                      GError   **error)
{
  const CrmRecordType *type = crm_record_get_record_type (record);
  g_autoptr (GPtrArray) fields = writable_fields (type, _crm_store_withheld (conn));
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) sql = g_string_new (NULL);
  gint64    id = crm_record_get_id (record);
  gint64    new_id = 0;
  PGresult *res;

  if (id == 0)
    {
      g_string_append (sql, "INSERT INTO ");
      _crm_sql_append_table (sql, type);
      g_string_append (sql, " (");
      for (guint i = 0; i < fields->len; i++)
        {
          const CrmField *f = g_ptr_array_index (fields, i);

          if (i > 0)
            g_string_append (sql, ", ");
          _crm_sql_append_ident (sql, f->name);
        }
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; i < fields->len; i++)
        {
          const CrmField *f = g_ptr_array_index (fields, i);

          if (i > 0)
            g_string_append (sql, ", ");
          g_ptr_array_add (params, crm_record_dup_text (record, f->name));
          if (g_str_equal (f->name, "owner_id"))
            /* A new record is its creator's unless given to someone. */
            g_string_append_printf (sql, "coalesce($%u::bigint, rapport.current_employee())", params->len);
          else
            append_value_param (sql, f, params->len);
        }
      g_string_append (sql, ") RETURNING id");
    }
  else
    {
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, id));
      g_ptr_array_add (params, g_strdup_printf ("%d", crm_record_get_version (record)));

      g_string_append (sql, "UPDATE ");
      _crm_sql_append_table (sql, type);
      g_string_append (sql, " SET ");
      for (guint i = 0; i < fields->len; i++)
        {
          const CrmField *f = g_ptr_array_index (fields, i);

          if (i > 0)
            g_string_append (sql, ", ");
          _crm_sql_append_ident (sql, f->name);
          g_string_append (sql, " = ");
          g_ptr_array_add (params, crm_record_dup_text (record, f->name));
          append_value_param (sql, f, params->len);
        }
      g_string_append (sql, " WHERE id = $1 AND version = $2 RETURNING id");
    }

  res = _crm_store_exec_full (conn, sql->str, params->len, (const char *const *) params->pdata,
                              FALSE, CRM_SQL_WRITE, type, error);
  if (res == NULL)
    return 0;

  if (PQntuples (res) == 0)
    {
      PQclear (res);
      set_missing_row_error (conn, type, g_ptr_array_index (params, 0),
                             id != 0 ? g_ptr_array_index (params, 1) : NULL, error);
      return 0;
    }
  new_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);

  return new_id;
}

static gpointer
save_func (CrmStore     *self,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  CrmRecord           *record = data;
  const CrmRecordType *type = crm_record_get_record_type (record);
  g_autoptr (GPtrArray) stored = NULL;
  gint64 new_id = _crm_store_write_row (conn, record, error);

  if (new_id == 0)
    return NULL;

  stored = _crm_store_fetch_rows (conn, type, &new_id, 1, error);
  if (stored == NULL)
    return NULL;
  if (stored->len == 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                           _ ("The record was saved but can no longer be read back"));
      return NULL;
    }

  g_debug ("Saved %s %" G_GINT64_FORMAT " version %d", type->name, new_id,
           crm_record_get_version (g_ptr_array_index (stored, 0)));

  return g_object_ref (g_ptr_array_index (stored, 0));
}

static gpointer
delete_func (CrmStore     *self,
             gpointer      conn,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  CrmRecord           *record = data;
  const CrmRecordType *type = crm_record_get_record_type (record);
  g_autoptr (GString) sql = g_string_new ("DELETE FROM ");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (record));
  g_autofree char *version = g_strdup_printf ("%d", crm_record_get_version (record));
  const char      *params[2] = { id, version };
  PGresult        *res;
  gboolean         deleted;

  _crm_sql_append_table (sql, type);
  g_string_append (sql, " WHERE id = $1 AND version = $2");

  res = _crm_store_exec_full (conn, sql->str, 2, params, FALSE, CRM_SQL_WRITE, type, error);
  if (res == NULL)
    return NULL;
  deleted = g_strcmp0 (PQcmdTuples (res), "0") != 0;
  PQclear (res);

  if (!deleted)
    {
      set_missing_row_error (conn, type, id, version, error);
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

/* Appends the ids of a binary one-column result to @ids. */
static void
append_ids (GArray         *ids,
            const PGresult *res)
{
  guint start = ids->len;
  int   n = PQntuples (res);

  g_array_set_size (ids, start + (guint) n);
  for (int i = 0; i < n; i++)
    {
      guint64 be;

      g_assert (PQgetlength (res, i, 0) == sizeof be);
      memcpy (&be, PQgetvalue (res, i, 0), sizeof be);
      g_array_index (ids, gint64, start + (guint) i) = (gint64) GUINT64_FROM_BE (be);
    }
}

static gpointer
list_ids_func (CrmStore     *self,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  CrmQuery *query = data;
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_ids_sql (query, params);
  GArray          *ids;
  PGresult        *res;

  res = _crm_store_exec_full (conn, sql, params->len, (const char *const *) params->pdata,
                              TRUE, CRM_SQL_READ, crm_query_get_record_type (query), error);
  if (res == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) PQntuples (res));
  append_ids (ids, res);
  PQclear (res);

  return ids;
}

typedef struct
{
  CrmQuery *query;
  guint     limit;
} HeadData;

static void
head_data_free (gpointer data)
{
  HeadData *hd = data;

  g_clear_pointer (&hd->query, crm_query_unref);
  g_free (hd);
}

typedef struct
{
  GPtrArray *records;
  gboolean   complete;
} Head;

static void
head_free (gpointer data)
{
  Head *head = data;

  g_clear_pointer (&head->records, g_ptr_array_unref);
  g_free (head);
}

/* Runs one part of a head (NULL when it does not apply: returns TRUE with
 * nothing appended); appends at most @limit ids to @ids. */
static gboolean
run_head_part (PGconn          *conn,
               const CrmQuery  *query,
               CrmQueryHeadPart part,
               guint            walk,
               guint            limit,
               GArray          *ids,
               gboolean        *applies,
               GError         **error)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_head_sql (query, part, walk, limit, params);
  PGresult        *res;

  *applies = sql != NULL;
  if (sql == NULL)
    return TRUE;

  res = _crm_store_exec_full (conn, sql, params->len, (const char *const *) params->pdata, TRUE, CRM_SQL_READ,
                              crm_query_get_record_type (query), error);
  if (res == NULL)
    return FALSE;
  append_ids (ids, res);
  PQclear (res);
  return TRUE;
}

/* The other matches from the trigram index only: the planner would walk
 * the names in order when its estimate says matches are common, which
 * reads the whole index when they cluster far from the start. */
static gboolean
run_head_matches (PGconn         *conn,
                  const CrmQuery *query,
                  guint           limit,
                  GArray         *ids,
                  gboolean       *applies,
                  GError        **error)
{
  gboolean ok;

  if (!_crm_store_exec_command (conn,
                                "BEGIN READ ONLY; SET LOCAL enable_seqscan = off; "
                                "SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off",
                                error))
    return FALSE;
  ok = run_head_part (conn, query, CRM_QUERY_HEAD_MATCHES, 0, limit, ids, applies, error);
  if (!_crm_store_exec_command (conn, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL))
    return FALSE;
  return ok;
}

/* Names walked first, and at most after that, looking for the other
 * matches in order (about 1 µs a name); a walk that finds fewer than half
 * of what it would need in HEAD_WALK_FIRST names leaves it to the trigram
 * index. */
#define HEAD_WALK_FIRST 2000
#define HEAD_WALK_MAX   20000

gboolean
_crm_store_head_ids (PGconn         *conn,
                     const CrmQuery *query,
                     guint           limit,
                     GArray         *ids,
                     GError        **error)
{
  gboolean applies;
  guint    start, found, rest;

  g_return_val_if_fail (limit > 0, FALSE);

  /* Names that start with the term come first. */
  if (!run_head_part (conn, query, CRM_QUERY_HEAD_PREFIX, 0, limit, ids, &applies, error))
    return FALSE;
  if (ids->len >= limit)
    return TRUE;

  /* Common matches: a short walk fills the page; one that finds enough to
   * say how far to go walks that far, once. */
  start = ids->len;
  rest = limit - start;
  if (!run_head_part (conn, query, CRM_QUERY_HEAD_WALK, HEAD_WALK_FIRST, rest, ids, &applies, error))
    return FALSE;
  if (applies)
    {
      guint64 walk;

      found = ids->len - start;
      if (found == rest)
        return TRUE;
      g_array_set_size (ids, start);
      walk = found > 0 ? (guint64) HEAD_WALK_FIRST * rest * 3 / 2 / found : G_MAXUINT64;
      if (walk <= HEAD_WALK_MAX)
        {
          if (!run_head_part (conn, query, CRM_QUERY_HEAD_WALK, (guint) walk, rest, ids, &applies, error))
            return FALSE;
          if (ids->len - start == rest)
            return TRUE;
          g_array_set_size (ids, start);
        }
    }

  /* The rest from the trigram index, or the list's own SQL. */
  if (!run_head_matches (conn, query, rest, ids, &applies, error))
    return FALSE;
  if (!applies && start == 0)
    return run_head_part (conn, query, CRM_QUERY_HEAD_LIST, 0, limit, ids, &applies, error);
  return TRUE;
}

/* The ids of the first rows, then their rows. */
static gpointer
list_head_func (CrmStore     *self,
                gpointer      conn,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  HeadData            *hd = data;
  const CrmRecordType *type = crm_query_get_record_type (hd->query);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Head *head;

  if (!_crm_store_head_ids (conn, hd->query, hd->limit, ids, error))
    return NULL;

  head = g_new0 (Head, 1);
  /* Fewer ids than asked for: there are no more. */
  head->complete = ids->len < hd->limit;
  if (ids->len == 0)
    head->records = g_ptr_array_new_with_free_func (g_object_unref);
  else
    head->records = _crm_store_fetch_rows (conn, type, (const gint64 *) (gpointer) ids->data, ids->len, error);
  if (head->records == NULL)
    g_clear_pointer (&head, head_free);
  return head;
}

typedef struct
{
  const CrmRecordType *type;
  const CrmField      *field;
} DistinctData;

static gpointer
distinct_func (CrmStore     *self,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  DistinctData *dd = data;
  g_autoptr (GString) sql = g_string_new ("SELECT DISTINCT (");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  PGresult *res;

  _crm_sql_append_field_expr (sql, dd->field);
  g_string_append (sql, ")::text FROM ");
  _crm_sql_append_table (sql, dd->type);
  g_string_append (sql, " t WHERE ");
  _crm_sql_append_field_expr (sql, dd->field);
  g_string_append (sql, " IS NOT NULL AND (");
  _crm_sql_append_field_expr (sql, dd->field);
  g_string_append (sql, ")::text <> '' ORDER BY 1 LIMIT 500");

  res = _crm_store_exec_full (conn, sql->str, 0, NULL, FALSE, CRM_SQL_READ, dd->type, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_strv_builder_add (builder, PQgetvalue (res, i, 0));
  PQclear (res);

  return g_strv_builder_end (builder);
}

typedef struct
{
  GArray *ids;
  GStrv   names;
} Employees;

static void
employees_free (gpointer data)
{
  Employees *e = data;

  g_clear_pointer (&e->ids, g_array_unref);
  g_clear_pointer (&e->names, g_strfreev);
  g_free (e);
}

static gpointer
list_employees_func (CrmStore     *self,
                     gpointer      conn,
                     gpointer      data,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  Employees *e;
  PGresult  *res;

  res = _crm_store_exec (conn,
                         "SELECT id, full_name FROM rapport.employees WHERE active "
                         "ORDER BY full_name, id",
                         0, NULL, FALSE, error);
  if (res == NULL)
    return NULL;

  e = g_new0 (Employees, 1);
  e->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (e->ids, id);
      g_strv_builder_add (builder, PQgetvalue (res, i, 1));
    }
  e->names = g_strv_builder_end (builder);
  PQclear (res);

  return e;
}

static gpointer
open_func (CrmStore     *self,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  PGresult *res;
  int       version;

  res = _crm_store_exec (conn, "SELECT 1", 0, NULL, FALSE, error);
  if (res == NULL)
    return NULL;
  PQclear (res);

  version = PQserverVersion (conn);
  if (version < MIN_SERVER_VERSION)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SCHEMA,
                   _ ("The database server runs PostgreSQL %d.%d; Rapport needs version %d or newer"),
                   version / 10000, version % 10000 / 100, MIN_SERVER_VERSION / 10000);
      return NULL;
    }

  if (!crm_migrations_apply (conn, NULL, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/* ---- GTask plumbing ---- */

typedef struct
{
  CrmStoreFunc   func;
  gpointer       data;
  GDestroyNotify data_free;
  RunFlags       flags;
  GDestroyNotify result_free;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->data_free != NULL)
    op->data_free (op->data);
  g_free (op);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Op      *op = task_data;
  GError  *error = NULL;
  gpointer result;

  result = store_run (source_object, op->func, op->data, op->flags, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, op->result_free);
}

static void
start_op (CrmStore           *self,
          gpointer            source_tag,
          CrmStoreFunc        func,
          gpointer            data,
          GDestroyNotify      data_free,
          RunFlags            flags,
          GDestroyNotify      result_free,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Op *op = g_new0 (Op, 1);

  op->func = func;
  op->data = data;
  op->data_free = data_free;
  op->flags = flags;
  op->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, op_free);
  g_task_run_in_thread (task, op_thread);
}

static gpointer
finish_op (CrmStore     *self,
           GAsyncResult *result,
           gpointer      source_tag,
           GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject ---- */

static void
crm_store_finalize (GObject *object)
{
  CrmStore *self = CRM_STORE (object);
  PGconn   *conn;

  while ((conn = g_queue_pop_head (&self->idle)) != NULL)
    _crm_store_finish (conn);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->password, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (crm_store_parent_class)->finalize (object);
}

static void
crm_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrmStore *self = CRM_STORE (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_store_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CrmStore *self = CRM_STORE (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_free (self->conninfo);
      self->conninfo = g_value_dup_string (value);
      if (self->conninfo == NULL)
        self->conninfo = g_strdup ("");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_store_class_init (CrmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_store_finalize;
  object_class->get_property = crm_store_get_property;
  object_class->set_property = crm_store_set_property;

  properties[PROP_CONNINFO] =
      g_param_spec_string ("conninfo", NULL, NULL, "",
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_store_init (CrmStore *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->idle);
}

/* ---- Public API ---- */

CrmStore *
crm_store_new (const char *conninfo)
{
  return g_object_new (CRM_TYPE_STORE, "conninfo", conninfo, NULL);
}

const char *
crm_store_get_conninfo (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return self->conninfo;
}

void
crm_store_set_password (CrmStore   *self,
                        const char *password)
{
  gboolean busy;

  g_return_if_fail (CRM_IS_STORE (self));

  /* Read by the pool's threads: only before the first connection. */
  g_mutex_lock (&self->lock);
  busy = self->n_open > 0;
  if (!busy)
    {
      g_free (self->password);
      self->password = g_strdup (password);
    }
  g_mutex_unlock (&self->lock);

  if (busy)
    g_critical ("crm_store_set_password: the store is already connected");
}

char *
crm_store_dup_display_name (CrmStore *self)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  parse_conninfo (self->conninfo, &host, &port, &dbname);
  if (host == NULL || host[0] == '\0' || host[0] == '/' || host[0] == '@')
    server = g_strdup (_ ("this computer"));
  else
    server = _crm_store_format_server (host, port);
  if (dbname == NULL || dbname[0] == '\0')
    return g_steal_pointer (&server);

  /* Translators: "database on server", e.g. "rapport on db.example.com" */
  return g_strdup_printf (_ ("%s on %s"), dbname, server);
}

gboolean
crm_store_open_sync (CrmStore     *self,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return store_run (self, open_func, NULL, RUN_RETRY_CONFLICT, cancellable, error) != NULL;
}

void
crm_store_open_async (CrmStore           *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));

  start_op (self, crm_store_open_async, open_func, NULL, NULL, RUN_RETRY_CONFLICT, NULL,
            cancellable, callback, user_data);
}

gboolean
crm_store_open_finish (CrmStore     *self,
                       GAsyncResult *result,
                       GError      **error)
{
  return finish_op (self, result, crm_store_open_async, error) != NULL;
}

CrmRecord *
crm_store_get_sync (CrmStore            *self,
                    const CrmRecordType *type,
                    gint64               id,
                    GCancellable        *cancellable,
                    GError             **error)
{
  FetchData *fd;
  CrmRecord *record;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  fd = fetch_data_new (type, &id, 1);
  record = store_run (self, get_func, fd, RUN_READ, cancellable, error);
  fetch_data_free (fd);

  return record;
}

void
crm_store_get_async (CrmStore            *self,
                     const CrmRecordType *type,
                     gint64               id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (type != NULL);

  start_op (self, crm_store_get_async, get_func, fetch_data_new (type, &id, 1), fetch_data_free,
            RUN_READ, g_object_unref, cancellable, callback, user_data);
}

CrmRecord *
crm_store_get_finish (CrmStore     *self,
                      GAsyncResult *result,
                      GError      **error)
{
  return finish_op (self, result, crm_store_get_async, error);
}

/* A validated copy of @record for a worker thread (validation normalises
 * values and must not touch an object the UI holds). */
static CrmRecord *
prepare_save (CrmRecord *record,
              GError   **error)
{
  g_autoptr (CrmRecord) copy = crm_record_copy (record);
  g_autoptr (GError) local_error = NULL;

  if (!crm_record_validate (copy, NULL, &local_error))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&copy);
}

CrmRecord *
crm_store_save_sync (CrmStore     *self,
                     CrmRecord    *record,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autoptr (CrmRecord) copy = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (record), NULL);

  copy = prepare_save (record, error);
  if (copy == NULL)
    return NULL;

  return store_run (self, save_func, copy, RUN_WRITE, cancellable, error);
}

void
crm_store_save_async (CrmStore           *self,
                      CrmRecord          *record,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  GError    *error = NULL;
  CrmRecord *copy;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (CRM_IS_RECORD (record));

  copy = prepare_save (record, &error);
  if (copy == NULL)
    {
      g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, crm_store_save_async);
      g_task_return_error (task, error);
      return;
    }

  start_op (self, crm_store_save_async, save_func, copy, g_object_unref,
            RUN_WRITE, g_object_unref, cancellable, callback, user_data);
}

CrmRecord *
crm_store_save_finish (CrmStore     *self,
                       GAsyncResult *result,
                       GError      **error)
{
  return finish_op (self, result, crm_store_save_async, error);
}

gboolean
crm_store_delete_sync (CrmStore     *self,
                       CrmRecord    *record,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr (CrmRecord) copy = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_RECORD (record), FALSE);

  copy = crm_record_copy (record);
  return store_run (self, delete_func, copy, RUN_WRITE, cancellable, error) != NULL;
}

void
crm_store_delete_async (CrmStore           *self,
                        CrmRecord          *record,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (CRM_IS_RECORD (record));

  start_op (self, crm_store_delete_async, delete_func, crm_record_copy (record), g_object_unref,
            RUN_WRITE, NULL, cancellable, callback, user_data);
}

gboolean
crm_store_delete_finish (CrmStore     *self,
                         GAsyncResult *result,
                         GError      **error)
{
  return finish_op (self, result, crm_store_delete_async, error) != NULL;
}

GArray *
crm_store_list_ids_sync (CrmStore       *self,
                         const CrmQuery *query,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr (CrmQuery) copy = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  copy = crm_query_copy (query);
  return store_run (self, list_ids_func, copy, RUN_READ, cancellable, error);
}

void
crm_store_list_ids_async (CrmStore           *self,
                          const CrmQuery     *query,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (query != NULL);

  start_op (self, crm_store_list_ids_async, list_ids_func,
            crm_query_copy (query), (GDestroyNotify) crm_query_unref,
            RUN_READ, (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
crm_store_list_ids_finish (CrmStore     *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return finish_op (self, result, crm_store_list_ids_async, error);
}

static GPtrArray *
head_steal_records (Head     *head,
                    gboolean *complete)
{
  GPtrArray *records;

  if (head == NULL)
    return NULL;
  if (complete != NULL)
    *complete = head->complete;
  records = g_steal_pointer (&head->records);
  head_free (head);
  return records;
}

GPtrArray *
crm_store_list_head_sync (CrmStore       *self,
                          const CrmQuery *query,
                          guint           limit,
                          gboolean       *complete,
                          GCancellable   *cancellable,
                          GError        **error)
{
  HeadData *hd;
  Head     *head;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  hd = g_new0 (HeadData, 1);
  hd->query = crm_query_copy (query);
  hd->limit = limit;
  head = store_run (self, list_head_func, hd, RUN_READ, cancellable, error);
  head_data_free (hd);
  return head_steal_records (head, complete);
}

void
crm_store_list_head_async (CrmStore           *self,
                           const CrmQuery     *query,
                           guint               limit,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  HeadData *hd;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (limit > 0);

  hd = g_new0 (HeadData, 1);
  hd->query = crm_query_copy (query);
  hd->limit = limit;
  start_op (self, crm_store_list_head_async, list_head_func, hd, head_data_free, RUN_READ,
            head_free, cancellable, callback, user_data);
}

GPtrArray *
crm_store_list_head_finish (CrmStore     *self,
                            GAsyncResult *result,
                            gboolean     *complete,
                            GError      **error)
{
  return head_steal_records (finish_op (self, result, crm_store_list_head_async, error), complete);
}

GPtrArray *
crm_store_fetch_sync (CrmStore            *self,
                      const CrmRecordType *type,
                      const gint64        *ids,
                      guint                n_ids,
                      GCancellable        *cancellable,
                      GError             **error)
{
  FetchData *fd;
  GPtrArray *records;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  fd = fetch_data_new (type, ids, n_ids);
  records = store_run (self, fetch_func, fd, RUN_READ, cancellable, error);
  fetch_data_free (fd);

  return records;
}

void
crm_store_fetch_async (CrmStore            *self,
                       const CrmRecordType *type,
                       const gint64        *ids,
                       guint                n_ids,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (ids != NULL || n_ids == 0);

  start_op (self, crm_store_fetch_async, fetch_func, fetch_data_new (type, ids, n_ids), fetch_data_free,
            RUN_READ, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
crm_store_fetch_finish (CrmStore     *self,
                        GAsyncResult *result,
                        GError      **error)
{
  return finish_op (self, result, crm_store_fetch_async, error);
}

void
crm_store_distinct_async (CrmStore            *self,
                          const CrmRecordType *type,
                          const char          *field,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  DistinctData   *dd;
  const CrmField *f;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (field != NULL);

  f = crm_record_type_get_field (type, field);
  if (f == NULL)
    {
      g_critical ("%s: %s has no field “%s”", G_STRFUNC, type->name, field);
      return;
    }

  dd = g_new0 (DistinctData, 1);
  dd->type = type;
  dd->field = f;
  start_op (self, crm_store_distinct_async, distinct_func, dd, g_free,
            RUN_READ, (GDestroyNotify) g_strfreev, cancellable, callback, user_data);
}

GStrv
crm_store_distinct_finish (CrmStore     *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return finish_op (self, result, crm_store_distinct_async, error);
}

void
crm_store_list_employees_async (CrmStore           *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));

  start_op (self, crm_store_list_employees_async, list_employees_func, NULL, NULL,
            RUN_READ, employees_free, cancellable, callback, user_data);
}

gboolean
crm_store_list_employees_finish (CrmStore     *self,
                                 GAsyncResult *result,
                                 GArray      **ids,
                                 GStrv        *names,
                                 GError      **error)
{
  Employees *e = finish_op (self, result, crm_store_list_employees_async, error);

  if (e == NULL)
    return FALSE;

  if (ids != NULL)
    *ids = g_steal_pointer (&e->ids);
  if (names != NULL)
    *names = g_steal_pointer (&e->names);
  employees_free (e);

  return TRUE;
}

gpointer
crm_store_run_sync (CrmStore     *self,
                    CrmStoreFunc  func,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return store_run (self, func, data, 0, cancellable, error);
}

void
crm_store_run_async (CrmStore           *self,
                     CrmStoreFunc        func,
                     gpointer            data,
                     GDestroyNotify      data_free,
                     GDestroyNotify      result_free,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (func != NULL);

  start_op (self, crm_store_run_async, func, data, data_free, 0, result_free,
            cancellable, callback, user_data);
}

gpointer
crm_store_run_finish (CrmStore     *self,
                      GAsyncResult *result,
                      GError      **error)
{
  return finish_op (self, result, crm_store_run_async, error);
}

void
_crm_store_read_async (CrmStore           *self,
                       CrmStoreFunc        func,
                       gpointer            data,
                       GDestroyNotify      data_free,
                       GDestroyNotify      result_free,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (func != NULL);

  start_op (self, crm_store_run_async, func, data, data_free, RUN_READ, result_free, cancellable, callback,
            user_data);
}

void
_crm_store_drop_idle_connections (CrmStore *self)
{
  GQueue  idle;
  PGconn *conn;

  g_return_if_fail (CRM_IS_STORE (self));

  g_mutex_lock (&self->lock);
  idle = self->idle;
  g_queue_init (&self->idle);
  self->n_open -= idle.length;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  while ((conn = g_queue_pop_head (&idle)) != NULL)
    _crm_store_finish (conn);
}

char *
_crm_store_dup_password (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return g_strdup (self->password);
}
