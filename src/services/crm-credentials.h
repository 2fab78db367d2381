/* crm-credentials.h — remembered server passwords, in the keyring
 *
 * Passwords are kept by libsecret under the schema
 * "org.rapportcrm.Rapport.Database" with the attributes host, port,
 * database and user (as crm_login_get_keys() reads them from a conninfo);
 * never in GSettings or a file. Tests may keep them in memory instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRM_TYPE_CREDENTIALS (crm_credentials_get_type ())
G_DECLARE_FINAL_TYPE (CrmCredentials, crm_credentials, CRM, CREDENTIALS, GObject)

/* The user's keyring (the Secret Service, through libsecret). */
CrmCredentials *crm_credentials_new (void);
/* Passwords kept in this object only, for tests. */
CrmCredentials *crm_credentials_new_in_memory (void);

/* The password kept for the server, database and user of @conninfo; NULL
 * without an error when none is kept. */
void            crm_credentials_lookup_async (CrmCredentials     *self,
                                              const char         *conninfo,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
char           *crm_credentials_lookup_finish (CrmCredentials *self,
                                               GAsyncResult   *result,
                                               GError        **error);

/* Keep @password for @conninfo's server, database and user (replacing one
 * kept before). */
void            crm_credentials_store_async (CrmCredentials     *self,
                                             const char         *conninfo,
                                             const char         *password,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean        crm_credentials_store_finish (CrmCredentials *self,
                                              GAsyncResult   *result,
                                              GError        **error);

/* Forget the password kept for @conninfo, if any. */
void            crm_credentials_forget_async (CrmCredentials     *self,
                                              const char         *conninfo,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean        crm_credentials_forget_finish (CrmCredentials *self,
                                               GAsyncResult   *result,
                                               GError        **error);

G_END_DECLS
