/* crm-share.h — a record shared with a person or a team (U2)
 *
 * rapport.record_shares: the record is seen, or also changed (can_edit),
 * by one employee or by everyone in one team, whoever owns it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_TYPE_SHARE (crm_share_get_type ())
G_DECLARE_FINAL_TYPE (CrmShare, crm_share, CRM, SHARE, GObject)

/* Exactly one of @employee_id and @team_id is set; @name is the
 * employee's full name or the team's name. */
CrmShare   *crm_share_new (gint64      id,
                           gint64      employee_id,
                           gint64      team_id,
                           const char *name,
                           gboolean    can_edit);
gint64      crm_share_get_id (CrmShare *self);
gint64      crm_share_get_employee_id (CrmShare *self);
gint64      crm_share_get_team_id (CrmShare *self);
const char *crm_share_get_name (CrmShare *self);
gboolean    crm_share_get_can_edit (CrmShare *self);

G_END_DECLS
