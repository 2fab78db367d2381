/* crm-funnel.c — the sales funnel of a pipeline, month by month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-funnel.h"

typedef struct
{
  gint64 id;
  char  *name;
} Choice;

typedef struct
{
  gint64 id;
  char  *name;
  int    position;
} Stage;

typedef struct
{
  guint month;
  guint deals, won, lost;
} Month;

typedef struct
{
  guint  month;
  guint  stage; /* index into stages */
  guint  count;
  gint64 sum;
} Row;

struct _CrmFunnel
{
  GObject  parent_instance;

  gint64   pipeline_id;
  gint64   owner_id;
  gboolean sums_withheld;
  GArray  *pipelines; /* Choice */
  GArray  *owners;    /* Choice */
  GArray  *stages;    /* Stage, in position order */
  GArray  *months;    /* Month, newest first */
  GArray  *rows;      /* Row */
};

G_DEFINE_FINAL_TYPE (CrmFunnel, crm_funnel, G_TYPE_OBJECT)

static void
choice_clear (gpointer data)
{
  Choice *c = data;

  g_free (c->name);
}

static void
stage_clear (gpointer data)
{
  Stage *s = data;

  g_free (s->name);
}

static void
crm_funnel_finalize (GObject *object)
{
  CrmFunnel *self = CRM_FUNNEL (object);

  g_array_unref (self->pipelines);
  g_array_unref (self->owners);
  g_array_unref (self->stages);
  g_array_unref (self->months);
  g_array_unref (self->rows);
  G_OBJECT_CLASS (crm_funnel_parent_class)->finalize (object);
}

static void
crm_funnel_class_init (CrmFunnelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_funnel_finalize;
}

static void
crm_funnel_init (CrmFunnel *self)
{
  self->pipelines = g_array_new (FALSE, TRUE, sizeof (Choice));
  g_array_set_clear_func (self->pipelines, choice_clear);
  self->owners = g_array_new (FALSE, TRUE, sizeof (Choice));
  g_array_set_clear_func (self->owners, choice_clear);
  self->stages = g_array_new (FALSE, TRUE, sizeof (Stage));
  g_array_set_clear_func (self->stages, stage_clear);
  self->months = g_array_new (FALSE, TRUE, sizeof (Month));
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
}

CrmFunnel *
crm_funnel_new (gint64 pipeline_id,
                gint64 owner_id)
{
  CrmFunnel *self = g_object_new (CRM_TYPE_FUNNEL, NULL);

  self->pipeline_id = pipeline_id;
  self->owner_id = owner_id;
  return self;
}

static void
add_choice (GArray     *choices,
            gint64      id,
            const char *name)
{
  Choice c = { id, g_strdup (name) };

  g_array_append_val (choices, c);
}

void
crm_funnel_add_pipeline (CrmFunnel  *self,
                         gint64      id,
                         const char *name)
{
  g_return_if_fail (CRM_IS_FUNNEL (self));
  add_choice (self->pipelines, id, name);
}

void
crm_funnel_add_owner (CrmFunnel  *self,
                      gint64      id,
                      const char *name)
{
  g_return_if_fail (CRM_IS_FUNNEL (self));
  add_choice (self->owners, id, name);
}

void
crm_funnel_set_pipeline_id (CrmFunnel *self,
                            gint64     pipeline_id)
{
  g_return_if_fail (CRM_IS_FUNNEL (self));
  self->pipeline_id = pipeline_id;
}

void
crm_funnel_set_sums_withheld (CrmFunnel *self,
                              gboolean   withheld)
{
  g_return_if_fail (CRM_IS_FUNNEL (self));
  self->sums_withheld = !!withheld;
}

static guint
find_stage (CrmFunnel  *self,
            gint64      stage_id,
            const char *name,
            int         position)
{
  Stage s;

  for (guint i = 0; i < self->stages->len; i++)
    if (g_array_index (self->stages, Stage, i).id == stage_id)
      return i;

  /* Keep position order whatever order rows come in. */
  s.id = stage_id;
  s.name = g_strdup (name);
  s.position = position;
  for (guint i = 0; i < self->stages->len; i++)
    {
      Stage *o = &g_array_index (self->stages, Stage, i);

      if (o->position > position || (o->position == position && o->id > stage_id))
        {
          g_array_insert_val (self->stages, i, s);
          for (guint r = 0; r < self->rows->len; r++)
            if (g_array_index (self->rows, Row, r).stage >= i)
              g_array_index (self->rows, Row, r).stage++;
          return i;
        }
    }
  g_array_append_val (self->stages, s);
  return self->stages->len - 1;
}

static Month *
find_month (CrmFunnel *self,
            guint      month)
{
  for (guint i = 0; i < self->months->len; i++)
    if (g_array_index (self->months, Month, i).month == month)
      return &g_array_index (self->months, Month, i);
  return NULL;
}

void
crm_funnel_add_row (CrmFunnel  *self,
                    guint       month,
                    gint64      stage_id,
                    const char *stage_name,
                    int         position,
                    guint       count,
                    gint64      sum,
                    guint       deals,
                    guint       won,
                    guint       lost)
{
  Row    row = { 0 };
  Month *m;

  g_return_if_fail (CRM_IS_FUNNEL (self));
  g_return_if_fail (month != CRM_FUNNEL_ALL_MONTHS);

  row.month = month;
  row.stage = find_stage (self, stage_id, stage_name, position);
  row.count = count;
  row.sum = sum;
  g_array_append_val (self->rows, row);

  m = find_month (self, month);
  if (m == NULL)
    {
      Month nm = { month, deals, won, lost };
      guint i = 0;

      while (i < self->months->len && g_array_index (self->months, Month, i).month > month)
        i++;
      g_array_insert_val (self->months, i, nm);
    }
}

gint64
crm_funnel_get_pipeline_id (CrmFunnel *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  return self->pipeline_id;
}

gint64
crm_funnel_get_owner_id (CrmFunnel *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  return self->owner_id;
}

gboolean
crm_funnel_get_sums_withheld (CrmFunnel *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), FALSE);
  return self->sums_withheld;
}

guint
crm_funnel_get_n_pipelines (CrmFunnel *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  return self->pipelines->len;
}

gint64
crm_funnel_get_pipeline (CrmFunnel   *self,
                         guint        i,
                         const char **name)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  g_return_val_if_fail (i < self->pipelines->len, 0);
  if (name != NULL)
    *name = g_array_index (self->pipelines, Choice, i).name;
  return g_array_index (self->pipelines, Choice, i).id;
}

guint
crm_funnel_get_n_owners (CrmFunnel *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  return self->owners->len;
}

gint64
crm_funnel_get_owner (CrmFunnel   *self,
                      guint        i,
                      const char **name)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  g_return_val_if_fail (i < self->owners->len, 0);
  if (name != NULL)
    *name = g_array_index (self->owners, Choice, i).name;
  return g_array_index (self->owners, Choice, i).id;
}

guint
crm_funnel_get_n_months (CrmFunnel *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  return self->months->len;
}

guint
crm_funnel_get_month (CrmFunnel *self,
                      guint      i)
{
  g_return_val_if_fail (CRM_IS_FUNNEL (self), 0);
  g_return_val_if_fail (i < self->months->len, 0);
  return g_array_index (self->months, Month, i).month;
}

gboolean
crm_funnel_get_outcome (CrmFunnel *self,
                        guint      month,
                        guint     *deals,
                        guint     *won,
                        guint     *lost)
{
  guint d = 0, w = 0, l = 0;

  g_return_val_if_fail (CRM_IS_FUNNEL (self), FALSE);

  for (guint i = 0; i < self->months->len; i++)
    {
      Month *m = &g_array_index (self->months, Month, i);

      if (month == CRM_FUNNEL_ALL_MONTHS || m->month == month)
        {
          d += m->deals;
          w += m->won;
          l += m->lost;
        }
    }
  if (deals != NULL)
    *deals = d;
  if (won != NULL)
    *won = w;
  if (lost != NULL)
    *lost = l;
  return d > 0;
}

GListModel *
crm_funnel_dup_stages (CrmFunnel *self,
                       guint      month)
{
  GListStore        *store;
  g_autofree guint  *counts = NULL;
  g_autofree gint64 *sums = NULL;

  g_return_val_if_fail (CRM_IS_FUNNEL (self), NULL);

  store = g_list_store_new (CRM_TYPE_FUNNEL_STAGE);
  if (!crm_funnel_get_outcome (self, month, NULL, NULL, NULL))
    return G_LIST_MODEL (store);

  counts = g_new0 (guint, self->stages->len);
  sums = g_new0 (gint64, self->stages->len);
  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);

      if (month == CRM_FUNNEL_ALL_MONTHS || row->month == month)
        {
          counts[row->stage] += row->count;
          sums[row->stage] += row->sum;
        }
    }

  for (guint i = 0; i < self->stages->len; i++)
    {
      Stage *s = &g_array_index (self->stages, Stage, i);
      double conversion = i > 0 && counts[i - 1] > 0 ? 100.0 * counts[i] / counts[i - 1] : -1;
      g_autoptr (CrmFunnelStage) stage =
          crm_funnel_stage_new (s->id, s->name, s->position, counts[i], self->sums_withheld ? 0 : sums[i],
                                self->sums_withheld, conversion);

      g_list_store_append (store, stage);
    }
  return G_LIST_MODEL (store);
}
