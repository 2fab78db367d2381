/* crm-funnel-stage.c — one stage of a sales funnel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-funnel-stage.h"

struct _CrmFunnelStage
{
  GObject  parent_instance;

  gint64   stage_id;
  char    *name;
  int      position;
  guint    count;
  gint64   sum;
  gboolean sum_withheld;
  double   conversion;
};

G_DEFINE_FINAL_TYPE (CrmFunnelStage, crm_funnel_stage, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STAGE_ID,
  PROP_NAME,
  PROP_POSITION,
  PROP_COUNT,
  PROP_SUM,
  PROP_SUM_WITHHELD,
  PROP_CONVERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_funnel_stage_finalize (GObject *object)
{
  CrmFunnelStage *self = CRM_FUNNEL_STAGE (object);

  g_free (self->name);
  G_OBJECT_CLASS (crm_funnel_stage_parent_class)->finalize (object);
}

static void
crm_funnel_stage_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmFunnelStage *self = CRM_FUNNEL_STAGE (object);

  switch (prop_id)
    {
    case PROP_STAGE_ID:
      g_value_set_int64 (value, self->stage_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_SUM:
      g_value_set_int64 (value, self->sum);
      break;
    case PROP_SUM_WITHHELD:
      g_value_set_boolean (value, self->sum_withheld);
      break;
    case PROP_CONVERSION:
      g_value_set_double (value, self->conversion);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_funnel_stage_class_init (CrmFunnelStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = crm_funnel_stage_finalize;
  object_class->get_property = crm_funnel_stage_get_property;

  properties[PROP_STAGE_ID] = g_param_spec_int64 ("stage-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SUM] = g_param_spec_int64 ("sum", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SUM_WITHHELD] = g_param_spec_boolean ("sum-withheld", NULL, NULL, FALSE, flags);
  properties[PROP_CONVERSION] = g_param_spec_double ("conversion", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_funnel_stage_init (CrmFunnelStage *self)
{
  self->conversion = -1;
}

CrmFunnelStage *
crm_funnel_stage_new (gint64      stage_id,
                      const char *name,
                      int         position,
                      guint       count,
                      gint64      sum,
                      gboolean    sum_withheld,
                      double      conversion)
{
  CrmFunnelStage *self = g_object_new (CRM_TYPE_FUNNEL_STAGE, NULL);

  self->stage_id = stage_id;
  self->name = g_strdup (name);
  self->position = position;
  self->count = count;
  self->sum = sum;
  self->sum_withheld = sum_withheld;
  self->conversion = conversion;
  return self;
}

gint64
crm_funnel_stage_get_stage_id (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), 0);
  return self->stage_id;
}

const char *
crm_funnel_stage_get_name (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), NULL);
  return self->name;
}

int
crm_funnel_stage_get_position (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), 0);
  return self->position;
}

guint
crm_funnel_stage_get_count (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), 0);
  return self->count;
}

gint64
crm_funnel_stage_get_sum (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), 0);
  return self->sum;
}

gboolean
crm_funnel_stage_get_sum_withheld (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), FALSE);
  return self->sum_withheld;
}

double
crm_funnel_stage_get_conversion (CrmFunnelStage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STAGE (self), -1);
  return self->conversion;
}
