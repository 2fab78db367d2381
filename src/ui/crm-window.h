/* crm-window.h — the main window: sections on the left, pages on the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-credentials.h"

G_BEGIN_DECLS

#define CRM_TYPE_WINDOW (crm_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmWindow, crm_window, CRM, WINDOW, AdwApplicationWindow)

CrmWindow  *crm_window_new (gpointer application);
gboolean    crm_window_is_known_section (const char *name);
void        crm_window_set_section (CrmWindow  *self,
                                    const char *name);
const char *crm_window_get_section (CrmWindow *self);
void        crm_window_set_context (CrmWindow  *self,
                                    CrmContext *context);
CrmContext *crm_window_get_context (CrmWindow *self);
void        crm_window_show_connecting (CrmWindow *self);
void        crm_window_show_error (CrmWindow    *self,
                                   const GError *error);
/* The sign-in page, filled from @conninfo (NULL: from @settings), with
 * why the last attempt failed (@error, may be NULL). @can_go_back: a Back
 * button returns to the data the window shows. A successful sign-in emits
 * "signed-in" (CrmStore *store, already open); the window does not take
 * the store itself. @credentials keeps the password when asked. */
void        crm_window_show_sign_in (CrmWindow      *self,
                                     CrmCredentials *credentials,
                                     GSettings      *settings,
                                     const char     *conninfo,
                                     const GError   *error,
                                     gboolean        can_go_back);
/* Forget the data of the context (after signing out); shows nothing of
 * it until the next crm_window_set_context(). */
void        crm_window_clear_context (CrmWindow *self);
/* Who the sidebar says is signed in ("" while unknown or none). */
const char *crm_window_get_signed_in_name (CrmWindow *self);
GtkWidget  *crm_window_get_sign_in_page (CrmWindow *self);

/* Record pages. @prefill (optional) gives the values of a new record. */
void        crm_window_open_record (CrmWindow           *self,
                                    const CrmRecordType *type,
                                    gint64               id);
void        crm_window_new_record (CrmWindow           *self,
                                   const CrmRecordType *type,
                                   CrmRecord           *prefill);
/* Reload the list page of a record type (after a save elsewhere). */
void        crm_window_refresh_list (CrmWindow           *self,
                                     const CrmRecordType *type);
void        crm_window_go_back (CrmWindow *self);
/* Delete after the undo toast is gone; Undo brings the records back. */
void        crm_window_delete_records (CrmWindow *self,
                                       GPtrArray *records);
/* The same without asking first (a stage holding deals asks where they
 * go: crm-stage-delete.c). */
void        crm_window_delete_records_now (CrmWindow *self,
                                           GPtrArray *records);
void        crm_window_delete_record (CrmWindow *self,
                                      CrmRecord *record);
void        crm_window_add_toast (CrmWindow *self,
                                  AdwToast  *toast);
void        crm_window_show_message (CrmWindow  *self,
                                     const char *message);
/* The page of a section, made if it was not yet (tests and the screenshot use
 * it); NULL before the window has a database. */
GtkWidget  *crm_window_get_list_page (CrmWindow  *self,
                                      const char *section);
GtkWidget  *crm_window_get_record_page (CrmWindow *self);

/* Wait until the visible page shows its data, then save the window as PNG. */
void        crm_window_screenshot_async (CrmWindow          *self,
                                         GFile              *file,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean    crm_window_screenshot_finish (CrmWindow    *self,
                                          GAsyncResult *result,
                                          GError      **error);
/* Whether the menu offers the Audit Log (to administrators). */
gboolean    crm_window_get_audit_log_offered (CrmWindow *self);
/* Whether the menu offers Users and Roles (to administrators). */
gboolean    crm_window_get_users_offered (CrmWindow *self);

G_END_DECLS
