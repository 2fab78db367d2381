/* crm-store-private.h — helpers shared by the code that speaks SQL
 *
 * For src/store and rapportctl only: the UI never sees a PGconn. Run these
 * on a connection handed out by crm_store_run_sync() (a worker thread) or
 * on one of your own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* ---- SQL text from descriptors (crm-query.c) ----
 * Identifiers only ever come from descriptors; these check that they are
 * plain lower-case names and write them double-quoted. */

/* "name" → "\"name\"" (aborts on anything but [a-z_][a-z0-9_]*). */
void _crm_sql_append_ident (GString    *sql,
                            const char *ident);
/* rapport."accounts" */
void _crm_sql_append_table (GString             *sql,
                            const CrmRecordType *type);
/* t."col" for a stored field, (expression) for a COMPUTED one. */
void _crm_sql_append_field_expr (GString        *sql,
                                 const CrmField *field);
/* Every field of @type, common ones first: t."id", t."version", …,
 * (expr) AS "computed", … — the columns crm_record_set_text() reads;
 * those in @withheld (may be NULL) as NULL AS "col". */
void _crm_sql_append_select_list (GString             *sql,
                                  const CrmRecordType *type,
                                  GHashTable          *withheld);

/* ---- Running SQL (crm-store-sql.c); any thread ---- */

typedef enum
{
  CRM_SQL_READ,  /* a refusal reads "You may not see these records" */
  CRM_SQL_WRITE, /* a refusal reads "You may not change this record" */
} CrmSqlIntent;

/* PQexecParams with text parameters (NULL = SQL NULL) and text results
 * (@binary: binary results). Returns the result, or NULL with @error set
 * from the server's answer (see _crm_store_set_error). */
PGresult   *_crm_store_exec (PGconn            *conn,
                             const char        *sql,
                             guint              n_params,
                             const char *const *params,
                             gboolean           binary,
                             GError           **error);
/* As above with the intent and the record type used to word errors
 * (constraint and column names become field labels). */
PGresult   *_crm_store_exec_full (PGconn              *conn,
                                  const char          *sql,
                                  guint                n_params,
                                  const char *const   *params,
                                  gboolean             binary,
                                  CrmSqlIntent         intent,
                                  const CrmRecordType *type,
                                  GError             **error);
/* PQexec: no parameters, several statements allowed (BEGIN, COMMIT, DDL,
 * migrations). Never pass text that contains values. */
gboolean    _crm_store_exec_command (PGconn     *conn,
                                     const char *sql,
                                     GError    **error);
/* Turn a failed result (or a failed connection when @res is NULL) into a
 * CRM_STORE_ERROR by SQLSTATE: 08… CONNECTION, 28… AUTH, 42501
 * PERMISSION, 23…/22… INVALID (naming the field), 42P01/42703 SCHEMA,
 * 57014 G_IO_ERROR_CANCELLED, anything else FAILED with the server's
 * message. */
void        _crm_store_set_error (GError             **error,
                                  PGconn              *conn,
                                  const PGresult      *res,
                                  CrmSqlIntent         intent,
                                  const CrmRecordType *type);

/* Bulk loading with COPY … FROM STDIN (text format):
 *   _crm_store_copy_begin (conn, "COPY rapport.x (a, b) FROM STDIN", &error);
 *   for each row: _crm_store_copy_append_field (row, value) … '\n' …
 *                 _crm_store_copy_put (conn, row->str, row->len, &error);
 *   _crm_store_copy_end (conn, &error);
 * A failed put or end leaves the COPY finished (aborted); roll back. */
gboolean    _crm_store_copy_begin (PGconn     *conn,
                                   const char *copy_sql,
                                   GError    **error);
gboolean    _crm_store_copy_put (PGconn     *conn,
                                 const char *data,
                                 gsize       len,
                                 GError    **error);
gboolean    _crm_store_copy_end (PGconn  *conn,
                                 GError **error);
/* Before an INSERT or COPY of about @n_rows rows into rapport.@table
 * (accounts or contacts) in the open transaction: the database sets the
 * table's indexes aside, to be built after the rows, when the rows are
 * many for the table (0016-bulk-import.sql); *@aside says whether it did.
 * COMMIT builds them; _crm_store_restore_indexes() does it before. */
gboolean    _crm_store_set_indexes_aside (PGconn     *conn,
                                          const char *table,
                                          guint64     n_rows,
                                          gboolean   *aside,
                                          GError    **error);
gboolean    _crm_store_restore_indexes (PGconn  *conn,
                                        GError **error);
/* Append one COPY text field (tab before it unless it is the first in
 * @row): backslash, tab, newline and CR escaped; NULL written as \N. */
void        _crm_store_copy_append_field (GString    *row,
                                          const char *value);

/* Records from a text result whose column names are field names (as
 * _crm_sql_append_select_list() writes them): one per row, loaded. */
/* "{1,2,3}": ids as one text parameter for "= ANY($1::bigint[])". */
char       *_crm_store_ids_literal (const gint64 *ids,
                                    guint         n_ids);
/* The records of @type with these ids, in this order; missing ids are
 * left out. */
GPtrArray  *_crm_store_fetch_rows (PGconn              *conn,
                                   const CrmRecordType *type,
                                   const gint64        *ids,
                                   guint                n_ids,
                                   GError             **error);
GPtrArray  *_crm_store_records_from_result (const CrmRecordType *type,
                                            const PGresult      *res,
                                            GError             **error);

/* What crm_store_save_sync() writes, on @conn (in the caller's
 * transaction, if any): INSERT for id 0, else UPDATE where the version
 * still matches, the withheld fields left alone. Returns the record's id,
 * or 0 with @error (CONFLICT, NOT_FOUND, PERMISSION, INVALID…). The
 * record is not validated here. */
gint64      _crm_store_write_row (PGconn    *conn,
                                  CrmRecord *record,
                                  GError   **error);

/* The ids of the first @limit rows of @query's list, appended to @ids
 * (crm_store_list_head_async() without the rows; the benchmarks run it on
 * a connection of their own): its head parts, the cheapest first. */
gboolean    _crm_store_head_ids (PGconn         *conn,
                                 const CrmQuery *query,
                                 guint           limit,
                                 GArray         *ids,
                                 GError        **error);

/* A new connection with Rapport's session settings (application_name,
 * connect_timeout, UTF8, ISO dates) or NULL with a CONNECTION/AUTH error
 * naming the server. PQfinish() it. */
PGconn     *_crm_store_connect (const char *conninfo,
                                GError    **error);
/* The same with a password that is not in the conninfo (may be NULL). The
 * error says why a sign-in failed (crm_store_error_get_login_problem). */
PGconn     *_crm_store_connect_with_password (const char *conninfo,
                                              const char *password,
                                              GError    **error);
void        _crm_store_error_set_login_problem (GError              *error,
                                                CrmStoreLoginProblem problem);
/* (crm-login.c) PQconnectStartParams and a poll loop up to connect_timeout,
 * with libpq's messages in English and the server's SQLSTATE in them.
 * Returns the connection whatever its status (NULL: out of memory); when
 * it failed, why, and the message without SQLSTATEs. */
PGconn     *_crm_login_connect (const char *const    *keys,
                                const char *const    *values,
                                CrmStoreLoginProblem *problem,
                                char                **message);

/* crm_store_run_async() for a read: run again once on a fresh connection
 * when the pooled one had broken. Finish with crm_store_run_finish(). */
void        _crm_store_read_async (CrmStore           *self,
                                   CrmStoreFunc        func,
                                   gpointer            data,
                                   GDestroyNotify      data_free,
                                   GDestroyNotify      result_free,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
/* Close the idle pooled connections (the server went away: they are as
 * good as broken); the next operation connects afresh. */
void        _crm_store_drop_idle_connections (CrmStore *self);
/* The password given at sign-in (crm_store_set_password), for connections
 * made outside the pool (the change feed's); NULL when none. */
char       *_crm_store_dup_password (CrmStore *self);

/* ---- Rights (crm-store-rights.c) ---- */

/* The "table.column"s this connection's role may not read (column
 * privileges), asked once per connection; never NULL. */
GHashTable *_crm_store_withheld (PGconn *conn);
/* PQfinish() for connections the store read rights on. */
void        _crm_store_finish (PGconn *conn);
gboolean    _crm_store_is_withheld (GHashTable          *withheld,
                                    const CrmRecordType *type,
                                    const char          *column);
void        _crm_store_mark_withheld (GHashTable          *withheld,
                                      const CrmRecordType *type,
                                      GPtrArray           *records);

/* ---- Between crm-store.c and crm-store-sql.c ---- */

/* host[:port] for messages; a Unix socket is named by its folder. */
char       *_crm_store_format_server (const char *host,
                                      const char *port);
/* Whether _crm_store_set_error met a serialization failure or deadlock
 * (40001, 40P01) on this thread since the last call; clears the mark. */
gboolean    _crm_store_take_retryable_failure (void);

G_END_DECLS
