/* crm-application.h — the Rapport application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_APPLICATION (crm_application_get_type ())
G_DECLARE_FINAL_TYPE (CrmApplication, crm_application, CRM, APPLICATION, AdwApplication)

CrmApplication *crm_application_new (void);
/* NULL until the database is open. */
CrmContext     *crm_application_get_context (CrmApplication *self);
/* Non-zero when --screenshot failed. */
int             crm_application_get_exit_status (CrmApplication *self);

G_END_DECLS
