/* crm-board.c — the deals pipeline board without a display (S1)
 *
 * Loading goes pipelines → the chosen pipeline's stages → one column per
 * stage, each with a CrmRecordList (its first page at once, the rest of
 * its ids after, rows in pages when a view asks) and the totals of every
 * column from one aggregate query (crm_store_deal_totals_async). The
 * lists follow the change feed by themselves; the board reads the totals
 * again shortly after deals changed (several changes in a row make one
 * read), and the stages when the pipeline's settings changed.
 *
 * A move writes the whole deal as read with its version
 * (crm_store_save_async): the database refuses it when someone changed
 * the deal since, and the stage rules of 0012 (probability, closing, the
 * loss reason, deal_stage_moves) apply as for any save. While the save
 * runs the deal is left out of the column it leaves; afterwards both
 * columns are read again, so that it shows where the database has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-board.h"
#include "crm-change-feed.h"
#include "crm-deal-totals.h"
#include "crm-deal.h"

/* How long after a change of deals the totals are read again. */
#define TOTALS_DELAY_MS 150
#define MAX_STAGES      500

/* ---- Columns ---- */

struct _CrmBoardColumn
{
  GObject        parent_instance;

  CrmRecord     *stage;
  CrmStageKind   kind;
  CrmRecordList *deals;
  guint          count;
  gint64         sum;
  gboolean       sum_withheld;
};

G_DEFINE_FINAL_TYPE (CrmBoardColumn, crm_board_column, G_TYPE_OBJECT)

enum
{
  COL_PROP_0,
  COL_PROP_COUNT,
  COL_PROP_SUM,
  COL_PROP_SUM_WITHHELD,
  COL_N_PROPS
};

static GParamSpec *column_properties[COL_N_PROPS];

static void
crm_board_column_dispose (GObject *object)
{
  CrmBoardColumn *self = CRM_BOARD_COLUMN (object);

  g_clear_object (&self->stage);
  g_clear_object (&self->deals);

  G_OBJECT_CLASS (crm_board_column_parent_class)->dispose (object);
}

static void
crm_board_column_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmBoardColumn *self = CRM_BOARD_COLUMN (object);

  switch (prop_id)
    {
    case COL_PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case COL_PROP_SUM:
      g_value_set_int64 (value, self->sum);
      break;
    case COL_PROP_SUM_WITHHELD:
      g_value_set_boolean (value, self->sum_withheld);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_board_column_class_init (CrmBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_board_column_dispose;
  object_class->get_property = crm_board_column_get_property;

  column_properties[COL_PROP_COUNT] =
      g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  column_properties[COL_PROP_SUM] =
      g_param_spec_int64 ("sum", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  column_properties[COL_PROP_SUM_WITHHELD] =
      g_param_spec_boolean ("sum-withheld", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, COL_N_PROPS, column_properties);
}

static void
crm_board_column_init (CrmBoardColumn *self)
{
}

static void
column_set_totals (CrmBoardColumn       *self,
                   const CrmStageTotals *totals)
{
  guint    count = totals ? totals->count : 0;
  gint64   sum = totals ? totals->sum : 0;
  gboolean withheld = totals ? totals->sum_withheld : FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), column_properties[COL_PROP_COUNT]);
    }
  if (self->sum != sum)
    {
      self->sum = sum;
      g_object_notify_by_pspec (G_OBJECT (self), column_properties[COL_PROP_SUM]);
    }
  if (self->sum_withheld != withheld)
    {
      self->sum_withheld = withheld;
      g_object_notify_by_pspec (G_OBJECT (self), column_properties[COL_PROP_SUM_WITHHELD]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

CrmRecord *
crm_board_column_get_stage (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), NULL);
  return self->stage;
}

gint64
crm_board_column_get_stage_id (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), 0);
  return crm_record_get_id (self->stage);
}

const char *
crm_board_column_get_name (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), NULL);
  return crm_record_get_string (self->stage, "name");
}

CrmStageKind
crm_board_column_get_kind (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), CRM_STAGE_OPEN);
  return self->kind;
}

CrmRecordList *
crm_board_column_get_deals (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), NULL);
  return self->deals;
}

guint
crm_board_column_get_count (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), 0);
  return self->count;
}

gint64
crm_board_column_get_sum (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), 0);
  return self->sum;
}

gboolean
crm_board_column_get_sum_withheld (CrmBoardColumn *self)
{
  g_return_val_if_fail (CRM_IS_BOARD_COLUMN (self), FALSE);
  return self->sum_withheld;
}

/* ---- The board ---- */

struct _CrmBoard
{
  GObject        parent_instance;

  CrmContext    *context;
  CrmStore      *store;
  CrmChangeFeed *feed;

  GListStore    *pipelines; /* CrmRecord */
  GListStore    *columns;   /* CrmBoardColumn */
  gint64         pipeline_id;
  gint64         wanted_pipeline_id; /* 0: the default */
  gint64         owner_id;
  CrmBoardPeriod period;
  CrmBoardDate   period_date;

  gboolean       started;
  gboolean       stages_loaded;
  gboolean       totals_loaded;
  gboolean       ready;
  GError        *error;

  GCancellable  *load_cancellable;   /* pipelines and stages */
  GCancellable  *totals_cancellable; /* set while the totals are read */
  gboolean       totals_again;       /* changed while they were read */
  guint          totals_timeout;
  guint          structure_timeout;
  guint          tasks_timeout;
};

G_DEFINE_FINAL_TYPE (CrmBoard, crm_board, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_PIPELINE_ID,
  PROP_OWNER_ID,
  PROP_READY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void        load_pipelines (CrmBoard *self);
static void        refresh_totals (CrmBoard *self);

static void
set_error (CrmBoard     *self,
           const GError *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
update_ready (CrmBoard *self)
{
  gboolean ready = self->stages_loaded && self->totals_loaded;
  guint    n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));

  for (guint i = 0; ready && i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      ready = !crm_record_list_get_loading (column->deals) || crm_record_list_get_partial (column->deals);
    }

  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

static void
on_list_loading_cb (CrmRecordList *list,
                    GParamSpec    *pspec,
                    CrmBoard      *self)
{
  update_ready (self);
}

/* The first day of the period that holds @now and of the next one, as
 * "YYYY-MM-DD". */
static void
period_bounds (CrmBoardPeriod period,
               GDateTime     *now,
               char         **from,
               char         **until)
{
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);
  int first, months;

  switch (period)
    {
    case CRM_BOARD_PERIOD_MONTH:
      first = month;
      months = 1;
      break;
    case CRM_BOARD_PERIOD_QUARTER:
      first = (month - 1) / 3 * 3 + 1;
      months = 3;
      break;
    case CRM_BOARD_PERIOD_YEAR:
    case CRM_BOARD_PERIOD_ANY:
    default:
      first = 1;
      months = 12;
      break;
    }

  *from = g_strdup_printf ("%04d-%02d-01", year, first);
  first += months;
  if (first > 12)
    {
      first -= 12;
      year++;
    }
  *until = g_strdup_printf ("%04d-%02d-01", year, first);
}

static void
apply_filter (CrmBoard *self,
              CrmQuery *query)
{
  if (self->owner_id != 0)
    {
      g_autofree char *owner = g_strdup_printf ("%" G_GINT64_FORMAT, self->owner_id);

      crm_query_set_filter (query, "owner_id", owner);
    }
  if (self->period != CRM_BOARD_PERIOD_ANY)
    {
      g_autoptr (GDateTime) now = crm_context_dup_now (self->context);
      g_autofree char *from = NULL;
      g_autofree char *until = NULL;

      period_bounds (self->period, now, &from, &until);
      crm_query_set_range (query, self->period_date == CRM_BOARD_DATE_CREATED ? "created_at" : "expected_close", from,
                           until);
    }
}

CrmQuery *
crm_board_build_query (CrmBoard    *self,
                       gint64       stage_id,
                       CrmStageKind kind)
{
  g_autofree char *stage = g_strdup_printf ("%" G_GINT64_FORMAT, stage_id);
  CrmQuery        *query;

  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);

  query = crm_query_new (&crm_deal_type);
  crm_query_set_filter (query, "stage_id", stage);
  apply_filter (self, query);
  /* What is due first; closed deals: the latest closed first. */
  if (kind == CRM_STAGE_OPEN)
    crm_query_set_sort (query, "expected_close", FALSE);
  else
    crm_query_set_sort (query, "closed_on", TRUE);
  return query;
}

static CrmQuery *
build_totals_query (CrmBoard *self)
{
  g_autofree char *pipeline = g_strdup_printf ("%" G_GINT64_FORMAT, self->pipeline_id);
  CrmQuery        *query = crm_query_new (&crm_deal_type);

  crm_query_set_filter (query, "pipeline_id", pipeline);
  apply_filter (self, query);
  return query;
}

/* -- Totals -- */

static void
on_totals_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmBoard) self = user_data;
  g_autoptr (GArray) totals = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  totals = crm_store_deal_totals_finish (CRM_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->totals_cancellable);

  if (error != NULL)
    {
      g_debug ("Could not read the pipeline's totals: %s", error->message);
      set_error (self, error);
    }
  else
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);
          const CrmStageTotals *found = NULL;
          gint64                id = crm_board_column_get_stage_id (column);

          for (guint j = 0; j < totals->len && found == NULL; j++)
            if (g_array_index (totals, CrmStageTotals, j).stage_id == id)
              found = &g_array_index (totals, CrmStageTotals, j);
          column_set_totals (column, found);
        }
      self->totals_loaded = TRUE;
    }

  if (self->totals_again)
    {
      self->totals_again = FALSE;
      refresh_totals (self);
    }
  update_ready (self);
}

static void
refresh_totals (CrmBoard *self)
{
  g_autoptr (CrmQuery) query = NULL;

  if (!self->stages_loaded)
    return;
  if (self->totals_cancellable != NULL)
    {
      /* One read at a time; the one under way is followed by another. */
      self->totals_again = TRUE;
      return;
    }

  query = build_totals_query (self);
  self->totals_cancellable = g_cancellable_new ();
  crm_store_deal_totals_async (self->store, query, self->totals_cancellable, on_totals_cb, g_object_ref (self));
}

/* A filter changed: the totals read so far are another filter's. */
static void
restart_totals (CrmBoard *self)
{
  if (self->totals_cancellable != NULL)
    g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  self->totals_again = FALSE;
  self->totals_loaded = FALSE;
  refresh_totals (self);
}

static gboolean
totals_timeout_cb (gpointer data)
{
  CrmBoard *self = data;

  self->totals_timeout = 0;
  refresh_totals (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_totals (CrmBoard *self)
{
  if (self->totals_timeout == 0)
    self->totals_timeout = g_timeout_add (TOTALS_DELAY_MS, totals_timeout_cb, self);
}

/* -- Pipelines and stages -- */

static void
clear_columns (CrmBoard *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      g_signal_handlers_disconnect_by_data (column->deals, self);
    }
  g_list_store_remove_all (self->columns);
}

static void
on_stages_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmBoard) self = user_data;
  g_autoptr (GPtrArray) stages = NULL;
  g_autoptr (GPtrArray) columns = NULL;
  g_autoptr (GError) error = NULL;

  stages = crm_store_list_head_finish (CRM_STORE (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      set_error (self, error);
      return;
    }

  columns = g_ptr_array_new_with_free_func (g_object_unref);
  /* Open stages in their order, then won, then lost. */
  for (int pass = CRM_STAGE_OPEN; pass <= CRM_STAGE_LOST; pass++)
    for (guint i = 0; i < stages->len; i++)
      {
        CrmRecord      *stage = g_ptr_array_index (stages, i);
        CrmStageKind    kind = crm_pipeline_stage_get_kind (CRM_PIPELINE_STAGE (stage));
        CrmBoardColumn *column;
        g_autoptr (CrmQuery) query = NULL;

        if ((int) kind != pass)
          continue;
        column = g_object_new (CRM_TYPE_BOARD_COLUMN, NULL);
        column->stage = g_object_ref (stage);
        column->kind = kind;
        query = crm_board_build_query (self, crm_record_get_id (stage), kind);
        column->deals = crm_record_list_new (self->store, query);
        g_signal_connect (column->deals, "notify::loading", G_CALLBACK (on_list_loading_cb), self);
        g_signal_connect (column->deals, "notify::partial", G_CALLBACK (on_list_loading_cb), self);
        g_ptr_array_add (columns, column);
      }

  clear_columns (self);
  g_list_store_splice (self->columns, 0, 0, columns->pdata, columns->len);
  self->stages_loaded = TRUE;
  if (self->error != NULL)
    set_error (self, NULL);
  restart_totals (self);
  update_ready (self);
}

static void
load_stages (CrmBoard *self)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_pipeline_stage_type);
  g_autofree char *pipeline = g_strdup_printf ("%" G_GINT64_FORMAT, self->pipeline_id);

  crm_query_set_filter (query, "pipeline_id", pipeline);
  crm_query_set_sort (query, "position", FALSE);
  crm_store_list_head_async (self->store, query, MAX_STAGES, self->load_cancellable, on_stages_cb,
                             g_object_ref (self));
}

static void
on_pipelines_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (CrmBoard) self = user_data;
  g_autoptr (GPtrArray) pipelines = NULL;
  g_autoptr (GError) error = NULL;
  gint64 chosen = 0, fallback = 0;

  pipelines = crm_store_list_head_finish (CRM_STORE (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      set_error (self, error);
      return;
    }

  for (guint i = 0; i < pipelines->len; i++)
    {
      CrmRecord *pipeline = g_ptr_array_index (pipelines, i);
      gint64     id = crm_record_get_id (pipeline);

      if (id == self->wanted_pipeline_id)
        chosen = id;
      if ((fallback == 0 && i == 0) || crm_record_get_bool (pipeline, "is_default"))
        fallback = crm_record_get_bool (pipeline, "is_default") || fallback == 0 ? id : fallback;
    }
  if (chosen == 0)
    chosen = fallback;

  g_list_store_splice (self->pipelines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pipelines)),
                       pipelines->pdata, pipelines->len);

  if (chosen == 0)
    {
      /* No pipeline at all: no columns. */
      clear_columns (self);
      self->pipeline_id = 0;
      self->stages_loaded = TRUE;
      self->totals_loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_ID]);
      update_ready (self);
      return;
    }

  if (chosen != self->pipeline_id)
    {
      self->pipeline_id = chosen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_ID]);
    }
  load_stages (self);
}

static void
load_pipelines (CrmBoard *self)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_pipeline_type);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  crm_query_set_sort (query, "position", FALSE);
  crm_store_list_head_async (self->store, query, MAX_STAGES, self->load_cancellable, on_pipelines_cb,
                             g_object_ref (self));
}

static gboolean
structure_timeout_cb (gpointer data)
{
  CrmBoard *self = data;

  self->structure_timeout = 0;
  load_pipelines (self);
  return G_SOURCE_REMOVE;
}

/* Tasks changed: the cards read their next task again (the rows cached,
 * in place). */
static gboolean
tasks_timeout_cb (gpointer data)
{
  CrmBoard *self = data;
  guint     n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));

  self->tasks_timeout = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      crm_record_list_reload (column->deals);
    }
  return G_SOURCE_REMOVE;
}

static void
on_feed_changes_cb (CrmChangeFeed *feed,
                    GPtrArray     *changes,
                    CrmBoard      *self)
{
  gboolean deals = FALSE, structure = FALSE, tasks = FALSE;

  if (!self->started)
    return;

  for (guint i = 0; i < changes->len; i++)
    {
      const CrmChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->table, crm_deal_type.table))
        deals = TRUE;
      else if (g_str_equal (change->table, "tasks"))
        tasks = TRUE; /* a card's next task */
      else if (g_str_equal (change->table, crm_pipeline_stage_type.table) ||
               g_str_equal (change->table, crm_pipeline_type.table))
        structure = TRUE;
    }

  if (structure && self->structure_timeout == 0)
    self->structure_timeout = g_timeout_add (TOTALS_DELAY_MS, structure_timeout_cb, self);
  else if (deals)
    schedule_totals (self);
  if (tasks && !structure && self->tasks_timeout == 0)
    self->tasks_timeout = g_timeout_add (TOTALS_DELAY_MS, tasks_timeout_cb, self);
}

static void
on_feed_resync_cb (CrmChangeFeed *feed,
                   CrmBoard      *self)
{
  if (self->started)
    load_pipelines (self);
}

/* -- GObject -- */

static void
crm_board_dispose (GObject *object)
{
  CrmBoard *self = CRM_BOARD (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->totals_cancellable != NULL)
    g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  g_clear_handle_id (&self->totals_timeout, g_source_remove);
  g_clear_handle_id (&self->structure_timeout, g_source_remove);
  g_clear_handle_id (&self->tasks_timeout, g_source_remove);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  if (self->columns != NULL)
    clear_columns (self);
  g_clear_object (&self->columns);
  g_clear_object (&self->pipelines);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_board_parent_class)->dispose (object);
}

static void
crm_board_finalize (GObject *object)
{
  CrmBoard *self = CRM_BOARD (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (crm_board_parent_class)->finalize (object);
}

static void
crm_board_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrmBoard *self = CRM_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PIPELINE_ID:
      g_value_set_int64 (value, self->pipeline_id);
      break;
    case PROP_OWNER_ID:
      g_value_set_int64 (value, self->owner_id);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_board_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CrmBoard *self = CRM_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_PIPELINE_ID:
      crm_board_set_pipeline_id (self, g_value_get_int64 (value));
      break;
    case PROP_OWNER_ID:
      crm_board_set_owner_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_board_constructed (GObject *object)
{
  CrmBoard *self = CRM_BOARD (object);

  G_OBJECT_CLASS (crm_board_parent_class)->constructed (object);

  g_assert (CRM_IS_CONTEXT (self->context));
  self->store = g_object_ref (crm_context_get_store (self->context));
}

static void
crm_board_class_init (CrmBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_board_constructed;
  object_class->dispose = crm_board_dispose;
  object_class->finalize = crm_board_finalize;
  object_class->get_property = crm_board_get_property;
  object_class->set_property = crm_board_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, CRM_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPELINE_ID] =
      g_param_spec_int64 ("pipeline-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OWNER_ID] =
      g_param_spec_int64 ("owner-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READY] =
      g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
      g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_board_init (CrmBoard *self)
{
  self->pipelines = g_list_store_new (CRM_TYPE_PIPELINE);
  self->columns = g_list_store_new (CRM_TYPE_BOARD_COLUMN);
}

/* ---- Public API ---- */

CrmBoard *
crm_board_new (CrmContext *context)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  return g_object_new (CRM_TYPE_BOARD, "context", context, NULL);
}

void
crm_board_start (CrmBoard *self)
{
  g_return_if_fail (CRM_IS_BOARD (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->feed = g_object_ref (crm_store_get_change_feed (self->store));
  g_signal_connect (self->feed, "changes", G_CALLBACK (on_feed_changes_cb), self);
  g_signal_connect (self->feed, "resync", G_CALLBACK (on_feed_resync_cb), self);
  load_pipelines (self);
}

CrmContext *
crm_board_get_context (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);
  return self->context;
}

GListModel *
crm_board_get_pipelines (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);
  return G_LIST_MODEL (self->pipelines);
}

gint64
crm_board_get_pipeline_id (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), 0);
  return self->pipeline_id;
}

void
crm_board_set_pipeline_id (CrmBoard *self,
                           gint64    pipeline_id)
{
  g_return_if_fail (CRM_IS_BOARD (self));

  if (self->wanted_pipeline_id == pipeline_id && (pipeline_id == 0 || pipeline_id == self->pipeline_id))
    return;
  self->wanted_pipeline_id = pipeline_id;
  if (!self->started)
    return;
  self->stages_loaded = FALSE;
  self->totals_loaded = FALSE;
  update_ready (self);
  load_pipelines (self);
}

gint64
crm_board_get_owner_id (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), 0);
  return self->owner_id;
}

static void
filter_changed (CrmBoard *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);
      g_autoptr (CrmQuery) query = crm_board_build_query (self, crm_board_column_get_stage_id (column), column->kind);

      crm_record_list_set_query (column->deals, query);
    }
  restart_totals (self);
  update_ready (self);
}

void
crm_board_set_owner_id (CrmBoard *self,
                        gint64    owner_id)
{
  g_return_if_fail (CRM_IS_BOARD (self));

  if (self->owner_id == owner_id)
    return;
  self->owner_id = owner_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_ID]);
  filter_changed (self);
}

CrmBoardPeriod
crm_board_get_period (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), CRM_BOARD_PERIOD_ANY);
  return self->period;
}

CrmBoardDate
crm_board_get_period_date (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), CRM_BOARD_DATE_EXPECTED_CLOSE);
  return self->period_date;
}

void
crm_board_set_period (CrmBoard      *self,
                      CrmBoardPeriod period,
                      CrmBoardDate   date)
{
  g_return_if_fail (CRM_IS_BOARD (self));

  if (self->period == period && self->period_date == date)
    return;
  self->period = period;
  self->period_date = date;
  filter_changed (self);
}

GListModel *
crm_board_get_columns (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);
  return G_LIST_MODEL (self->columns);
}

CrmBoardColumn *
crm_board_find_column (CrmBoard *self,
                       gint64    stage_id)
{
  guint n;

  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      if (crm_board_column_get_stage_id (column) == stage_id)
        return column; /* the store keeps its reference */
    }
  return NULL;
}

gboolean
crm_board_get_ready (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), FALSE);
  return self->ready;
}

const GError *
crm_board_get_error (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);
  return self->error;
}

gboolean
crm_board_get_refreshing (CrmBoard *self)
{
  g_return_val_if_fail (CRM_IS_BOARD (self), FALSE);
  return self->totals_cancellable != NULL || self->totals_timeout != 0;
}

void
crm_board_reload (CrmBoard *self)
{
  guint n;

  g_return_if_fail (CRM_IS_BOARD (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      crm_record_list_reload (column->deals);
    }
  refresh_totals (self);
}

/* -- Moving -- */

typedef struct
{
  gint64 deal_id;
  gint64 from_stage_id;
  gint64 to_stage_id;
} Move;

static void
reload_stage (CrmBoard *self,
              gint64    stage_id)
{
  CrmBoardColumn *column = crm_board_find_column (self, stage_id);

  if (column != NULL)
    crm_record_list_reload (column->deals);
}

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CrmBoard       *self = g_task_get_source_object (task);
  Move           *move = g_task_get_task_data (task);
  CrmRecord      *saved;
  GError         *error = NULL;
  CrmBoardColumn *from;

  saved = crm_store_save_finish (CRM_STORE (source), result, &error);

  /* Shown again where the database has it, whatever happened. */
  from = crm_board_find_column (self, move->from_stage_id);
  if (from != NULL)
    crm_record_list_set_hidden (from->deals, move->deal_id, FALSE);
  reload_stage (self, move->from_stage_id);
  reload_stage (self, move->to_stage_id);
  refresh_totals (self);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, saved, g_object_unref);
}

void
crm_board_move_async (CrmBoard           *self,
                      CrmRecord          *deal,
                      gint64              to_stage_id,
                      const char         *loss_reason,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (CrmRecord) copy = NULL;
  CrmBoardColumn *to, *from;
  Move           *move;

  g_return_if_fail (CRM_IS_BOARD (self));
  g_return_if_fail (CRM_IS_DEAL (deal));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_board_move_async);

  if (!crm_record_get_loaded (deal) || crm_record_get_id (deal) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _ ("The deal is still being read"));
      return;
    }
  to = crm_board_find_column (self, to_stage_id);
  if (to == NULL)
    {
      g_task_return_new_error (task, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                               _ ("The stage is not one of this pipeline's"));
      return;
    }

  move = g_new0 (Move, 1);
  move->deal_id = crm_record_get_id (deal);
  move->from_stage_id = crm_record_get_int (deal, "stage_id");
  move->to_stage_id = to_stage_id;
  g_task_set_task_data (task, move, g_free);

  copy = crm_record_copy (deal);
  crm_record_set_int (copy, "stage_id", to_stage_id);
  /* What validation checks (a lost stage needs its reason), as the
   * database will. */
  crm_record_set_string (copy, "stage_kind", to->kind == CRM_STAGE_LOST ? "lost" : to->kind == CRM_STAGE_WON ? "won"
                                                                                                             : "open");
  crm_record_set_string (copy, "stage_name", crm_board_column_get_name (to));
  if (loss_reason != NULL)
    crm_record_set_string (copy, "loss_reason", loss_reason);

  {
    GError *error = NULL;

    if (!crm_record_validate (copy, NULL, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  }

  from = crm_board_find_column (self, move->from_stage_id);
  if (from != NULL && move->from_stage_id != to_stage_id)
    crm_record_list_set_hidden (from->deals, move->deal_id, TRUE);

  crm_store_save_async (self->store, copy, cancellable, on_moved_cb, g_steal_pointer (&task));
}

CrmRecord *
crm_board_move_finish (CrmBoard     *self,
                       GAsyncResult *result,
                       gint64       *from_stage_id,
                       GError      **error)
{
  GTask *task;
  Move  *move;

  g_return_val_if_fail (CRM_IS_BOARD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  task = G_TASK (result);
  move = g_task_get_task_data (task);
  if (from_stage_id != NULL)
    *from_stage_id = move ? move->from_stage_id : 0;
  return g_task_propagate_pointer (task, error);
}
