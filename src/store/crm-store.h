/* crm-store.h — the asynchronous door to PostgreSQL
 *
 * Every call runs its libpq work on a worker thread with a connection of
 * its own from a small pool; results come back to the caller's main
 * context as GObjects. SQL is always parameterised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-query.h"
#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_STORE_ERROR (crm_store_error_quark ())
GQuark crm_store_error_quark (void);

typedef enum
{
  CRM_STORE_ERROR_CONNECTION, /* server unreachable, bad URI, connection lost */
  CRM_STORE_ERROR_AUTH,       /* wrong password, no such role */
  CRM_STORE_ERROR_CONFLICT,   /* someone else saved first (version moved) */
  CRM_STORE_ERROR_NOT_FOUND,  /* the record is gone */
  CRM_STORE_ERROR_PERMISSION, /* the database refused: no rights */
  CRM_STORE_ERROR_INVALID,    /* the database refused the values (constraint) */
  CRM_STORE_ERROR_SCHEMA,     /* migrations missing or newer than this build */
  CRM_STORE_ERROR_FAILED,     /* anything else, with the server's message */
} CrmStoreError;

/* Why connecting failed, for the sign-in page; a CrmStoreError carries it
 * (CONNECTION or AUTH). Classified from the SQLSTATE of the server's answer
 * where there is one, else from what libpq says. */
typedef enum
{
  CRM_STORE_LOGIN_OTHER,           /* not a sign-in failure, or not recognised */
  CRM_STORE_LOGIN_BAD_ADDRESS,     /* the conninfo does not parse */
  CRM_STORE_LOGIN_UNKNOWN_HOST,    /* the host name does not resolve */
  CRM_STORE_LOGIN_REFUSED,         /* nothing listens there (no server, wrong port) */
  CRM_STORE_LOGIN_UNREACHABLE,     /* no route to the host */
  CRM_STORE_LOGIN_TIMEOUT,         /* no answer within connect_timeout */
  CRM_STORE_LOGIN_SSL_REQUIRED,    /* the server takes only encrypted connections */
  CRM_STORE_LOGIN_SSL_UNSUPPORTED, /* encryption asked for, the server has none */
  CRM_STORE_LOGIN_NOT_ALLOWED,     /* pg_hba.conf lets no such connection in */
  CRM_STORE_LOGIN_PASSWORD_NEEDED, /* the server asks for a password; none given */
  CRM_STORE_LOGIN_WRONG_PASSWORD,  /* 28P01: wrong user or password, or the role expired */
  CRM_STORE_LOGIN_DEACTIVATED,     /* the role may not log in (NOLOGIN) */
  CRM_STORE_LOGIN_NO_DATABASE,     /* 3D000: no such database */
} CrmStoreLoginProblem;

CrmStoreLoginProblem crm_store_error_get_login_problem (const GError *error);

#define CRM_TYPE_STORE (crm_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmStore, crm_store, CRM, STORE, GObject)

/* @conninfo: a libpq URI or key=value string. No connection is made yet. */
CrmStore   *crm_store_new (const char *conninfo);
const char *crm_store_get_conninfo (CrmStore *self);
/* The password for every connection the store makes (it is kept in memory
 * only, never in the conninfo). Before the store is first used. */
void        crm_store_set_password (CrmStore   *self,
                                    const char *password);
/* A short, password-free description for the UI ("db on host:port"). */
char       *crm_store_dup_display_name (CrmStore *self);

/* Connect, check the server and apply pending migrations. */
void        crm_store_open_async (CrmStore           *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean    crm_store_open_finish (CrmStore     *self,
                                   GAsyncResult *result,
                                   GError      **error);
gboolean    crm_store_open_sync (CrmStore     *self,
                                 GCancellable *cancellable,
                                 GError      **error);

CrmRecord  *crm_store_get_sync (CrmStore            *self,
                                const CrmRecordType *type,
                                gint64               id,
                                GCancellable        *cancellable,
                                GError             **error);
void        crm_store_get_async (CrmStore            *self,
                                 const CrmRecordType *type,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
CrmRecord  *crm_store_get_finish (CrmStore     *self,
                                  GAsyncResult *result,
                                  GError      **error);

/* Insert (id 0) or update with "WHERE id = $1 AND version = $2". The record
 * is validated first. Returns a new record as now stored (id, version,
 * computed fields); CRM_STORE_ERROR_CONFLICT when the version moved. */
CrmRecord  *crm_store_save_sync (CrmStore     *self,
                                 CrmRecord    *record,
                                 GCancellable *cancellable,
                                 GError      **error);
void        crm_store_save_async (CrmStore           *self,
                                  CrmRecord          *record,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
CrmRecord  *crm_store_save_finish (CrmStore     *self,
                                   GAsyncResult *result,
                                   GError      **error);

/* Delete when the version still matches. */
gboolean    crm_store_delete_sync (CrmStore     *self,
                                   CrmRecord    *record,
                                   GCancellable *cancellable,
                                   GError      **error);
void        crm_store_delete_async (CrmStore           *self,
                                    CrmRecord          *record,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean    crm_store_delete_finish (CrmStore     *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* The ordered ids matching @query, as a GArray of gint64. */
GArray     *crm_store_list_ids_sync (CrmStore       *self,
                                     const CrmQuery *query,
                                     GCancellable   *cancellable,
                                     GError        **error);
void        crm_store_list_ids_async (CrmStore           *self,
                                      const CrmQuery     *query,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
GArray     *crm_store_list_ids_finish (CrmStore     *self,
                                       GAsyncResult *result,
                                       GError      **error);

/* The first @limit records of the list of @query (its first ids, in the
 * same order, with their rows): what a list shows before all of its ids
 * are known. @complete: whether that is the whole list (fewer ids than
 * @limit). A GPtrArray of CrmRecord. */
GPtrArray  *crm_store_list_head_sync (CrmStore       *self,
                                      const CrmQuery *query,
                                      guint           limit,
                                      gboolean       *complete,
                                      GCancellable   *cancellable,
                                      GError        **error);
void        crm_store_list_head_async (CrmStore           *self,
                                       const CrmQuery     *query,
                                       guint               limit,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GPtrArray  *crm_store_list_head_finish (CrmStore     *self,
                                        GAsyncResult *result,
                                        gboolean     *complete,
                                        GError      **error);

/* Records for the given ids (any order in, same order out; missing ids are
 * left out). A GPtrArray of CrmRecord. */
GPtrArray  *crm_store_fetch_sync (CrmStore            *self,
                                  const CrmRecordType *type,
                                  const gint64        *ids,
                                  guint                n_ids,
                                  GCancellable        *cancellable,
                                  GError             **error);
void        crm_store_fetch_async (CrmStore            *self,
                                   const CrmRecordType *type,
                                   const gint64        *ids,
                                   guint                n_ids,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GPtrArray  *crm_store_fetch_finish (CrmStore     *self,
                                    GAsyncResult *result,
                                    GError      **error);

/* Distinct non-empty values of a field, sorted, for filter menus. */
void        crm_store_distinct_async (CrmStore            *self,
                                      const CrmRecordType *type,
                                      const char          *field,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GStrv       crm_store_distinct_finish (CrmStore     *self,
                                       GAsyncResult *result,
                                       GError      **error);

/* Employees as (id, name) for "responsible" pickers: a GPtrArray of
 * CrmChoice-like pairs is awkward across threads, so ids and names come
 * as two parallel arrays. */
void        crm_store_list_employees_async (CrmStore           *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean    crm_store_list_employees_finish (CrmStore     *self,
                                             GAsyncResult *result,
                                             GArray      **ids,
                                             GStrv        *names,
                                             GError      **error);

/* Run @func with a pooled connection (a PGconn *) on a worker thread. For
 * other store code (demo, migrations, import); not for the UI. */
typedef gpointer (*CrmStoreFunc) (CrmStore     *self,
                                  gpointer      conn,
                                  gpointer      data,
                                  GCancellable *cancellable,
                                  GError      **error);
/* Returns what @func returns; on failure @func returns NULL and sets
 * @error. Cancelling @cancellable cancels the running statement on the
 * server. An open transaction left by @func is rolled back. The SQL
 * helpers for @func are in crm-store-private.h. */
gpointer crm_store_run_sync (CrmStore     *self,
                             CrmStoreFunc  func,
                             gpointer      data,
                             GCancellable *cancellable,
                             GError      **error);
/* The same on a worker thread; @data_free frees @data afterwards and
 * @result_free a result nobody finished. */
void     crm_store_run_async (CrmStore           *self,
                              CrmStoreFunc        func,
                              gpointer            data,
                              GDestroyNotify      data_free,
                              GDestroyNotify      result_free,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
gpointer crm_store_run_finish (CrmStore     *self,
                               GAsyncResult *result,
                               GError      **error);

G_END_DECLS
