/* crm-admin.h — employees, roles, teams and shares (issue 4: U1, U2, B5)
 *
 * What the Users & Roles page, the record page's Share… and `rapportctl
 * user|team` ask of the database. The database decides who may do what
 * (data/sql/0006-security.sql): the administrative calls fail with
 * CRM_STORE_ERROR_PERMISSION for anyone but an administrator, whatever
 * the UI offers; a bad login, an unknown role or a login that exists
 * already fail with CRM_STORE_ERROR_INVALID and the reason.
 *
 * Passwords never reach the server: the worker turns them into a SCRAM
 * verifier with PQencryptPasswordConn() first.
 *
 * Every change finishes with crm_admin_change_finish().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-employee.h"
#include "crm-share.h"
#include "crm-store.h"
#include "crm-team.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_RECORD_ACCESS_NONE, /* not visible (or gone) */
  CRM_RECORD_ACCESS_SEE,  /* may view it, not change it */
  CRM_RECORD_ACCESS_EDIT, /* may change it (and share it) */
} CrmRecordAccess;

/* Who is signed in: the employee's id (0 when the login is nobody's),
 * the login role, its role (NULL: none) and whether it administers. */
typedef struct
{
  gint64   employee_id;
  char    *login;
  char    *role;
  gboolean is_admin;
} CrmWhoAmI;

void crm_who_am_i_free (CrmWhoAmI *who);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmWhoAmI, crm_who_am_i_free)

CrmWhoAmI   *crm_admin_who_am_i_sync (CrmStore     *store,
                                      GCancellable *cancellable,
                                      GError      **error);
void         crm_admin_who_am_i_async (CrmStore           *store,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
CrmWhoAmI   *crm_admin_who_am_i_finish (CrmStore     *store,
                                        GAsyncResult *result,
                                        GError      **error);

/* Every employee (active first, by name) with role and team: a GPtrArray
 * of CrmEmployee. */
GPtrArray   *crm_admin_list_employees_sync (CrmStore     *store,
                                            GCancellable *cancellable,
                                            GError      **error);
void         crm_admin_list_employees_async (CrmStore           *store,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
GPtrArray   *crm_admin_list_employees_finish (CrmStore     *store,
                                              GAsyncResult *result,
                                              GError      **error);

/* Every team by name: a GPtrArray of CrmTeam. */
GPtrArray   *crm_admin_list_teams_sync (CrmStore     *store,
                                        GCancellable *cancellable,
                                        GError      **error);
void         crm_admin_list_teams_async (CrmStore           *store,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
GPtrArray   *crm_admin_list_teams_finish (CrmStore     *store,
                                          GAsyncResult *result,
                                          GError      **error);

/* ---- Changes: each _sync returns what crm_admin_change_finish() does --- */

/* A new employee from @employee's login, full name, role, team and
 * contacts (its id is ignored): creates the login role with @password
 * (NULL: an existing role is adopted, or the role signs in otherwise).
 * Returns the new employee's id, or -1. */
gint64       crm_admin_add_employee_sync (CrmStore     *store,
                                          CrmEmployee  *employee,
                                          const char   *password,
                                          GCancellable *cancellable,
                                          GError      **error);
void         crm_admin_add_employee_async (CrmStore           *store,
                                           CrmEmployee        *employee,
                                           const char         *password,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);

/* A login for an employee already on record who has none (imported,
 * demo data, made before logins): @login becomes their login role with
 * @password (NULL: an existing role is adopted, or the role signs in
 * otherwise) and @role (CRM_ROLE_*); they keep their id, so the records
 * they own stay theirs, and they are active again. Returns 0, or -1. */
gint64       crm_admin_grant_login_sync (CrmStore     *store,
                                         gint64        employee_id,
                                         const char   *login,
                                         const char   *password,
                                         const char   *role,
                                         GCancellable *cancellable,
                                         GError      **error);
void         crm_admin_grant_login_async (CrmStore           *store,
                                          gint64              employee_id,
                                          const char         *login,
                                          const char         *password,
                                          const char         *role,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);

/* @role: CRM_ROLE_*. Returns 0, or -1. */
gint64       crm_admin_set_role_sync (CrmStore     *store,
                                      gint64        employee_id,
                                      const char   *role,
                                      GCancellable *cancellable,
                                      GError      **error);
void         crm_admin_set_role_async (CrmStore           *store,
                                       gint64              employee_id,
                                       const char         *role,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);

/* @team_id 0: no team. Returns 0, or -1. */
gint64       crm_admin_set_team_sync (CrmStore     *store,
                                      gint64        employee_id,
                                      gint64        team_id,
                                      GCancellable *cancellable,
                                      GError      **error);
void         crm_admin_set_team_async (CrmStore           *store,
                                       gint64              employee_id,
                                       gint64              team_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);

/* Returns 0, or -1. */
gint64       crm_admin_set_password_sync (CrmStore     *store,
                                          gint64        employee_id,
                                          const char   *password,
                                          GCancellable *cancellable,
                                          GError      **error);
void         crm_admin_set_password_async (CrmStore           *store,
                                           gint64              employee_id,
                                           const char         *password,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);

/* No more sign-in; the history stays. With @reassign_to (0: keep them)
 * every record the employee owns goes to that employee first, in the
 * same transaction. Returns how many records moved, or -1. */
gint64       crm_admin_deactivate_sync (CrmStore     *store,
                                        gint64        employee_id,
                                        gint64        reassign_to,
                                        GCancellable *cancellable,
                                        GError      **error);
void         crm_admin_deactivate_async (CrmStore           *store,
                                         gint64              employee_id,
                                         gint64              reassign_to,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);

/* Returns 0, or -1. */
gint64       crm_admin_reactivate_sync (CrmStore     *store,
                                        gint64        employee_id,
                                        GCancellable *cancellable,
                                        GError      **error);
void         crm_admin_reactivate_async (CrmStore           *store,
                                         gint64              employee_id,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);

/* A new team (returns its id) or a new name for one (@team_id ≠ 0:
 * returns 0); -1 on failure. */
gint64       crm_admin_save_team_sync (CrmStore     *store,
                                       gint64        team_id,
                                       const char   *name,
                                       GCancellable *cancellable,
                                       GError      **error);
void         crm_admin_save_team_async (CrmStore           *store,
                                        gint64              team_id,
                                        const char         *name,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);

/* ---- One record's rights and shares ---- */

/* What the signed-in login may do with the record: returns the
 * CrmRecordAccess, or -1. */
gint64       crm_admin_record_access_sync (CrmStore            *store,
                                           const CrmRecordType *type,
                                           gint64               record_id,
                                           GCancellable        *cancellable,
                                           GError             **error);
void         crm_admin_record_access_async (CrmStore            *store,
                                            const CrmRecordType *type,
                                            gint64               record_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* Share the record with one employee or one team (exactly one of the ids
 * ≠ 0), to view or also to change; sharing again with the same one only
 * changes @can_edit. Returns the share's id, or -1. Only someone who may
 * change the record may share it. */
gint64       crm_admin_add_share_sync (CrmStore            *store,
                                       const CrmRecordType *type,
                                       gint64               record_id,
                                       gint64               employee_id,
                                       gint64               team_id,
                                       gboolean             can_edit,
                                       GCancellable        *cancellable,
                                       GError             **error);
void         crm_admin_add_share_async (CrmStore            *store,
                                        const CrmRecordType *type,
                                        gint64               record_id,
                                        gint64               employee_id,
                                        gint64               team_id,
                                        gboolean             can_edit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);

/* Returns 0 (also when it was gone already), or -1. */
gint64       crm_admin_remove_share_sync (CrmStore     *store,
                                          gint64        share_id,
                                          GCancellable *cancellable,
                                          GError      **error);
void         crm_admin_remove_share_async (CrmStore           *store,
                                           gint64              share_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);

/* What every change above finishes with: its result, or -1 with @error. */
gint64       crm_admin_change_finish (CrmStore     *store,
                                      GAsyncResult *result,
                                      GError      **error);

/* The record's shares, people first, by name: a GPtrArray of CrmShare. */
GPtrArray   *crm_admin_list_shares_sync (CrmStore            *store,
                                         const CrmRecordType *type,
                                         gint64               record_id,
                                         GCancellable        *cancellable,
                                         GError             **error);
void         crm_admin_list_shares_async (CrmStore            *store,
                                          const CrmRecordType *type,
                                          gint64               record_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray   *crm_admin_list_shares_finish (CrmStore     *store,
                                           GAsyncResult *result,
                                           GError      **error);

/* ---- Modules with named editors ---- */

/* Who alone may change records of @type (rapport.module_editors): the
 * employees' ids, a GArray of gint64; empty when everyone who may change
 * records may. */
GArray      *crm_admin_list_module_editors_sync (CrmStore            *store,
                                                 const CrmRecordType *type,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void         crm_admin_list_module_editors_async (CrmStore            *store,
                                                  const CrmRecordType *type,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GArray      *crm_admin_list_module_editors_finish (CrmStore     *store,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* Leave @type to exactly these employees (none: to everyone again), in
 * one statement. Administrators only. Returns how many editors it has
 * now, or -1. */
gint64       crm_admin_set_module_editors_sync (CrmStore            *store,
                                                const CrmRecordType *type,
                                                const gint64        *employee_ids,
                                                guint                n_ids,
                                                GCancellable        *cancellable,
                                                GError             **error);
void         crm_admin_set_module_editors_async (CrmStore            *store,
                                                 const CrmRecordType *type,
                                                 const gint64        *employee_ids,
                                                 guint                n_ids,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* The employee with @login, or NULL (NOT_FOUND) — for rapportctl. */
CrmEmployee *crm_admin_find_employee_sync (CrmStore     *store,
                                           const char   *login,
                                           GCancellable *cancellable,
                                           GError      **error);

G_END_DECLS
