/* crm-team.c — a team of employees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-team.h"

struct _CrmTeam
{
  GObject parent_instance;

  gint64  id;
  char   *name;
  guint   n_members;
};

G_DEFINE_FINAL_TYPE (CrmTeam, crm_team, G_TYPE_OBJECT)

static void
crm_team_finalize (GObject *object)
{
  g_free (CRM_TEAM (object)->name);

  G_OBJECT_CLASS (crm_team_parent_class)->finalize (object);
}

static void
crm_team_class_init (CrmTeamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_team_finalize;
}

static void
crm_team_init (CrmTeam *self)
{
}

CrmTeam *
crm_team_new (gint64      id,
              const char *name,
              guint       n_members)
{
  CrmTeam *self = g_object_new (CRM_TYPE_TEAM, NULL);

  self->id = id;
  self->name = g_strdup (name);
  self->n_members = n_members;
  return self;
}

gint64
crm_team_get_id (CrmTeam *self)
{
  g_return_val_if_fail (CRM_IS_TEAM (self), 0);
  return self->id;
}

const char *
crm_team_get_name (CrmTeam *self)
{
  g_return_val_if_fail (CRM_IS_TEAM (self), NULL);
  return self->name;
}

guint
crm_team_get_n_members (CrmTeam *self)
{
  g_return_val_if_fail (CRM_IS_TEAM (self), 0);
  return self->n_members;
}
