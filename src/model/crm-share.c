/* crm-share.c — a record shared with a person or a team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-share.h"

struct _CrmShare
{
  GObject  parent_instance;

  gint64   id;
  gint64   employee_id;
  gint64   team_id;
  char    *name;
  gboolean can_edit;
};

G_DEFINE_FINAL_TYPE (CrmShare, crm_share, G_TYPE_OBJECT)

static void
crm_share_finalize (GObject *object)
{
  g_free (CRM_SHARE (object)->name);

  G_OBJECT_CLASS (crm_share_parent_class)->finalize (object);
}

static void
crm_share_class_init (CrmShareClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_share_finalize;
}

static void
crm_share_init (CrmShare *self)
{
}

CrmShare *
crm_share_new (gint64      id,
               gint64      employee_id,
               gint64      team_id,
               const char *name,
               gboolean    can_edit)
{
  CrmShare *self = g_object_new (CRM_TYPE_SHARE, NULL);

  self->id = id;
  self->employee_id = employee_id;
  self->team_id = team_id;
  self->name = g_strdup (name);
  self->can_edit = can_edit;
  return self;
}

gint64
crm_share_get_id (CrmShare *self)
{
  g_return_val_if_fail (CRM_IS_SHARE (self), 0);
  return self->id;
}

gint64
crm_share_get_employee_id (CrmShare *self)
{
  g_return_val_if_fail (CRM_IS_SHARE (self), 0);
  return self->employee_id;
}

gint64
crm_share_get_team_id (CrmShare *self)
{
  g_return_val_if_fail (CRM_IS_SHARE (self), 0);
  return self->team_id;
}

const char *
crm_share_get_name (CrmShare *self)
{
  g_return_val_if_fail (CRM_IS_SHARE (self), NULL);
  return self->name;
}

gboolean
crm_share_get_can_edit (CrmShare *self)
{
  g_return_val_if_fail (CRM_IS_SHARE (self), FALSE);
  return self->can_edit;
}
