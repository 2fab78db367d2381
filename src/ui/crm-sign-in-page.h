/* crm-sign-in-page.h — signing in to the company's PostgreSQL server
 *
 * Server, database, user and password, "Secure connection" and "Remember
 * password". Signing in opens a CrmStore; on success the fields (never the
 * password) go to GSettings, the password to the keyring when asked, and
 * "signed-in" hands the open store over. Each way it can fail gets its own
 * message under the fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-credentials.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_SIGN_IN_PAGE (crm_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmSignInPage, crm_sign_in_page, CRM, SIGN_IN_PAGE, AdwBin)

GtkWidget  *crm_sign_in_page_new (void);
/* Where passwords are remembered and the fields are kept (may be NULL). */
void        crm_sign_in_page_set_keeping (CrmSignInPage  *self,
                                          CrmCredentials *credentials,
                                          GSettings      *settings);
/* Fill the fields from @conninfo, or from the settings when NULL; the
 * password is left empty and focused. */
void        crm_sign_in_page_prefill (CrmSignInPage *self,
                                      const char    *conninfo);
/* Show why signing in failed (@error NULL: clear the message). */
void        crm_sign_in_page_show_error (CrmSignInPage *self,
                                         const GError  *error);
const char *crm_sign_in_page_get_message (CrmSignInPage *self);
gboolean    crm_sign_in_page_get_busy (CrmSignInPage *self);
/* Sign in with what the fields say (what the Sign In button does). */
void        crm_sign_in_page_sign_in (CrmSignInPage *self);

/* The sentence the sign-in page shows for @error. */
char       *crm_sign_in_page_describe_error (const GError *error,
                                             const char   *server,
                                             const char   *database,
                                             const char   *user);

G_END_DECLS
