/* crm-local-server.h — the private embedded PostgreSQL of one user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_LOCAL_SERVER (crm_local_server_get_type ())
G_DECLARE_FINAL_TYPE (CrmLocalServer, crm_local_server, CRM, LOCAL_SERVER, GObject)

/* @base_dir: holds pgdata/ and run/ (the socket); NULL for the default:
 * $RAPPORT_LOCAL_DIR, else $XDG_DATA_HOME/rapport (data) and
 * $XDG_RUNTIME_DIR/rapport (socket) for a normal user, /var/lib/rapport
 * when running as root (the server then runs as the postgres account). */
CrmLocalServer *crm_local_server_new (const char *base_dir);
const char     *crm_local_server_get_data_dir (CrmLocalServer *self);
const char     *crm_local_server_get_socket_dir (CrmLocalServer *self);

/* initdb on first use, then pg_ctl start unless it already runs (a second
 * Rapport reuses it), then create the database "rapport". */
gboolean        crm_local_server_start_sync (CrmLocalServer *self,
                                             GCancellable   *cancellable,
                                             GError        **error);
void            crm_local_server_start_async (CrmLocalServer     *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean        crm_local_server_start_finish (CrmLocalServer *self,
                                               GAsyncResult   *result,
                                               GError        **error);
/* Stop the server if this object started it. */
gboolean        crm_local_server_stop (CrmLocalServer *self,
                                       GError        **error);
gboolean        crm_local_server_get_started_here (CrmLocalServer *self);
/* conninfo for a database on this server ("host=… dbname=… user=…"). */
char           *crm_local_server_dup_conninfo (CrmLocalServer *self,
                                               const char     *dbname);

G_END_DECLS
