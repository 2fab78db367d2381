/* crm-context.h — what every part of the application is handed: the
 * database, the settings and the clock. Passed down as a construct
 * property; there are no globals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTEXT (crm_context_get_type ())
G_DECLARE_FINAL_TYPE (CrmContext, crm_context, CRM, CONTEXT, GObject)

CrmContext *crm_context_new (CrmStore  *store,
                             GSettings *settings);
CrmStore   *crm_context_get_store (CrmContext *self);
/* May be NULL when the schema is not installed (tests). */
GSettings  *crm_context_get_settings (CrmContext *self);
/* The current time; tests may freeze it. */
GDateTime  *crm_context_dup_now (CrmContext *self);
void        crm_context_set_now (CrmContext *self,
                                 GDateTime  *now);

G_END_DECLS
