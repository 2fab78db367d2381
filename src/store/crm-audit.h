/* crm-audit.h — reading the audit trail (U4)
 *
 * The statement triggers of data/sql/0002-import.sql write one row of
 * rapport.audit_log per inserted, updated or deleted record: when, the
 * login role that did it, and the fields with their old and new values.
 * This reads them back as CrmAuditEntry objects, newest first, a page at a
 * time, with the actors' employee names, the records' titles and the names
 * of the records that references (owner_id, account_id) point to, all
 * resolved on the worker in one query. Only reading: which rows a user may
 * see is for the database's row-level security to decide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-audit-entry.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* What the whole log is narrowed to; zero/NULL members do not narrow. */
typedef struct
{
  const char *table_name; /* "contacts" */
  const char *actor;      /* a login role */
  int         op;         /* -1 any, else a CrmAuditOp */
  GDateTime  *since;      /* at or after */
  GDateTime  *until;      /* before */
  const char *text;       /* in an old or new value (case and ё/е folded) */
} CrmAuditFilter;

#define CRM_AUDIT_FILTER_INIT        \
  {                                  \
    NULL, NULL, -1, NULL, NULL, NULL \
  }

/* The history of one record, with that of the records merged into it
 * (rapport.merged_ids): at most @limit entries older than entry
 * @before_id (0: the newest), newest first. A GPtrArray of CrmAuditEntry;
 * @more: whether older ones remain. */
GPtrArray *crm_audit_history_sync (CrmStore            *store,
                                   const CrmRecordType *type,
                                   gint64               record_id,
                                   gint64               before_id,
                                   guint                limit,
                                   gboolean            *more,
                                   GCancellable        *cancellable,
                                   GError             **error);
void       crm_audit_history_async (CrmStore            *store,
                                    const CrmRecordType *type,
                                    gint64               record_id,
                                    gint64               before_id,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GPtrArray *crm_audit_history_finish (CrmStore     *store,
                                     GAsyncResult *result,
                                     gboolean     *more,
                                     GError      **error);

/* The whole log (every table), narrowed by @filter (NULL: everything), in
 * pages as above. */
GPtrArray *crm_audit_log_sync (CrmStore             *store,
                               const CrmAuditFilter *filter,
                               gint64                before_id,
                               guint                 limit,
                               gboolean             *more,
                               GCancellable         *cancellable,
                               GError              **error);
void       crm_audit_log_async (CrmStore             *store,
                                const CrmAuditFilter *filter,
                                gint64                before_id,
                                guint                 limit,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
GPtrArray *crm_audit_log_finish (CrmStore     *store,
                                 GAsyncResult *result,
                                 gboolean     *more,
                                 GError      **error);

/* The people a filter can offer: employees with a login and the current
 * login if it is nobody's, as parallel arrays (name NULL → show the
 * login), by name. */
void       crm_audit_list_actors_async (CrmStore           *store,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean   crm_audit_list_actors_finish (CrmStore     *store,
                                         GAsyncResult *result,
                                         GStrv        *logins,
                                         GStrv        *names,
                                         GError      **error);

/* Whether the signed-in login is an administrator (a superuser, the
 * database's owner or a member of rapport_admin): the UI offers the whole
 * Audit Log to them only. What they then see is still up to the
 * database. */
gboolean   crm_audit_can_browse_sync (CrmStore     *store,
                                      GCancellable *cancellable,
                                      GError      **error);
void       crm_audit_can_browse_async (CrmStore           *store,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean   crm_audit_can_browse_finish (CrmStore     *store,
                                        GAsyncResult *result,
                                        GError      **error);

G_END_DECLS
