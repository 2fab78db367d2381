/* crm-team.h — a team of employees (rapport.teams, U2)
 *
 * A manager sees and changes the records of the people in the team; a
 * team's head changes them too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_TYPE_TEAM (crm_team_get_type ())
G_DECLARE_FINAL_TYPE (CrmTeam, crm_team, CRM, TEAM, GObject)

/* @n_members: active employees in the team. */
CrmTeam    *crm_team_new (gint64      id,
                          const char *name,
                          guint       n_members);
gint64      crm_team_get_id (CrmTeam *self);
const char *crm_team_get_name (CrmTeam *self);
guint       crm_team_get_n_members (CrmTeam *self);

G_END_DECLS
