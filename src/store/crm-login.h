/* crm-login.h — signing in to a PostgreSQL server: the address from the
 * sign-in page's fields, the keys a password is kept under, and who is
 * signed in
 *
 * Why a sign-in failed comes with the store's error
 * (crm_store_error_get_login_problem in crm-store.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* A password-free key=value conninfo from the sign-in page's fields.
 * @server: host, host:port, [IPv6]:port, a Unix socket folder, or a whole
 * postgresql:// URI or key=value conninfo (a password in it is dropped).
 * @database and @user, when not empty, override the URI's. @secure asks
 * for an encrypted connection (sslmode=require; else sslmode=prefer) unless
 * the URI names an sslmode itself. NULL with CRM_STORE_ERROR_CONNECTION
 * (login problem BAD_ADDRESS) when it does not parse. */
char                *crm_login_build_conninfo (const char *server,
                                               const char *database,
                                               const char *user,
                                               gboolean    secure,
                                               GError    **error);

/* The fields of the sign-in page for @conninfo: @server as host[:port],
 * @database, @user (empty when not given) and whether it asks for
 * encryption. FALSE when it does not parse. */
gboolean             crm_login_split_conninfo (const char *conninfo,
                                               char      **server,
                                               char      **database,
                                               char      **user,
                                               gboolean   *secure);

/* What a remembered password is kept under: the host ("localhost" when
 * none), the port ("5432"), the database and the user as libpq would
 * choose them when the conninfo leaves them out. */
gboolean             crm_login_get_keys (const char *conninfo,
                                         char      **host,
                                         char      **port,
                                         char      **database,
                                         char      **user);

/* Whether @conninfo points at a Unix socket folder (the embedded server
 * or a server on this computer) rather than a host on the network. */
gboolean             crm_login_is_local (const char *conninfo);

/* Why connecting failed, from libpq's verbose message (with the server's
 * SQLSTATEs; libpq's own words in English, the server's in English or
 * Russian). @needs_password: PQconnectionNeedsPassword(). @encryption_off:
 * the connection was to a host over TCP with sslmode=disable. */
CrmStoreLoginProblem crm_login_classify_message (const char *message,
                                                 gboolean    needs_password,
                                                 gboolean    encryption_off);

/* Who is signed in: the login role (session_user) and, when the
 * employees table names it, the employee's full name (else NULL). */
void                 crm_store_who_am_i_async (CrmStore           *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean             crm_store_who_am_i_finish (CrmStore     *self,
                                                GAsyncResult *result,
                                                char        **login,
                                                char        **full_name,
                                                GError      **error);

G_END_DECLS
