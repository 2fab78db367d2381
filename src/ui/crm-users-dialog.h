/* crm-users-dialog.h — Users and Roles: employees, their roles and teams
 * (issue 4, U1, administration)
 *
 * Offered to administrators from the main menu; the database refuses
 * everything here to anyone else anyway (crm-admin.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_USERS_DIALOG (crm_users_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmUsersDialog, crm_users_dialog, CRM, USERS_DIALOG, AdwWindow)

GtkWidget  *crm_users_dialog_new (CrmContext *context);

/* For tests: nothing is being read or changed. */
gboolean    crm_users_dialog_get_ready (CrmUsersDialog *self);
guint       crm_users_dialog_get_n_employees (CrmUsersDialog *self);
/* The row of the employee with @login (an AdwActionRow), or NULL. */
GtkWidget  *crm_users_dialog_get_employee_row (CrmUsersDialog *self,
                                               const char     *login);
/* The New Employee (or Give a Login) window while it is open, or NULL. */
GtkWidget  *crm_users_dialog_get_add_window (CrmUsersDialog *self);
/* What the last change said in its toast (or its error). */
const char *crm_users_dialog_get_last_message (CrmUsersDialog *self);

G_END_DECLS
