/* crm-board.h — the deals pipeline board without a display (S1)
 *
 * One pipeline (the default one unless chosen) as columns, one per stage
 * in the pipeline's order: the open stages, then won and lost. Each column
 * lists its deals lazily (a CrmRecordList over the deals of that stage and
 * the board's filter, soonest expected close first; won and lost: the
 * latest closed first) and knows how many they are and their sum (one
 * aggregate query for every column, read again when deals change). The
 * filter: the responsible employee (or everyone) and a period (this
 * month, quarter or year of the expected close or of the creation).
 *
 * Moving a deal saves it with its version: someone else's change in
 * between is a CRM_STORE_ERROR_CONFLICT and the deal stays where the
 * database has it; a lost stage needs the loss reason. The move hands
 * back the stage it came from, for an undo that moves it back the same
 * way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-context.h"
#include "crm-pipeline.h"
#include "crm-record-list.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_BOARD_PERIOD_ANY,
  CRM_BOARD_PERIOD_MONTH,
  CRM_BOARD_PERIOD_QUARTER,
  CRM_BOARD_PERIOD_YEAR,
} CrmBoardPeriod;

typedef enum
{
  CRM_BOARD_DATE_EXPECTED_CLOSE,
  CRM_BOARD_DATE_CREATED,
} CrmBoardDate;

#define CRM_TYPE_BOARD_COLUMN (crm_board_column_get_type ())
G_DECLARE_FINAL_TYPE (CrmBoardColumn, crm_board_column, CRM, BOARD_COLUMN, GObject)

CrmRecord     *crm_board_column_get_stage (CrmBoardColumn *self);
gint64         crm_board_column_get_stage_id (CrmBoardColumn *self);
const char    *crm_board_column_get_name (CrmBoardColumn *self);
CrmStageKind   crm_board_column_get_kind (CrmBoardColumn *self);
/* The column's deals (lazy, live). */
CrmRecordList *crm_board_column_get_deals (CrmBoardColumn *self);
/* From the totals query ("count", "sum", "sum-withheld" properties):
 * 0 until it has answered. */
guint          crm_board_column_get_count (CrmBoardColumn *self);
gint64         crm_board_column_get_sum (CrmBoardColumn *self);
gboolean       crm_board_column_get_sum_withheld (CrmBoardColumn *self);

#define CRM_TYPE_BOARD (crm_board_get_type ())
G_DECLARE_FINAL_TYPE (CrmBoard, crm_board, CRM, BOARD, GObject)

/* Nothing is read until crm_board_start(). */
CrmBoard       *crm_board_new (CrmContext *context);
/* Read the pipelines, the stages and the columns' first pages (once). */
void            crm_board_start (CrmBoard *self);
CrmContext     *crm_board_get_context (CrmBoard *self);
/* The pipelines (CrmPipeline records, in their order). */
GListModel     *crm_board_get_pipelines (CrmBoard *self);
/* The pipeline shown (0 until known); setting 0 shows the default one. */
gint64          crm_board_get_pipeline_id (CrmBoard *self);
void            crm_board_set_pipeline_id (CrmBoard *self,
                                           gint64    pipeline_id);
/* The responsible employee whose deals are shown; 0: everyone's. */
gint64          crm_board_get_owner_id (CrmBoard *self);
void            crm_board_set_owner_id (CrmBoard *self,
                                        gint64    owner_id);
CrmBoardPeriod  crm_board_get_period (CrmBoard *self);
CrmBoardDate    crm_board_get_period_date (CrmBoard *self);
/* The period (of the context's clock) of the date. */
void            crm_board_set_period (CrmBoard      *self,
                                      CrmBoardPeriod period,
                                      CrmBoardDate   date);
/* The columns (CrmBoardColumn), in the pipeline's order. */
GListModel     *crm_board_get_columns (CrmBoard *self);
CrmBoardColumn *crm_board_find_column (CrmBoard *self,
                                       gint64    stage_id);
/* The deal query of a column's stage under the board's filter. */
CrmQuery       *crm_board_build_query (CrmBoard    *self,
                                       gint64       stage_id,
                                       CrmStageKind kind);
/* TRUE once the columns and their totals show the data of the current
 * pipeline and filter ("ready"); FALSE again while a new pipeline or
 * filter loads. */
gboolean        crm_board_get_ready (CrmBoard *self);
/* Why loading failed ("error"), NULL when it did not. */
const GError   *crm_board_get_error (CrmBoard *self);
/* TRUE while the totals are being read again (tests wait for it). */
gboolean        crm_board_get_refreshing (CrmBoard *self);
/* Read every column and the totals again. */
void            crm_board_reload (CrmBoard *self);

/* Move @deal (a record as read, with its version) to @to_stage_id of its
 * pipeline. @loss_reason: for a lost stage (NULL keeps the deal's own);
 * without one the move is refused (CRM_VALIDATION_ERROR, as the database
 * would). The columns concerned are read again whatever the outcome.
 * Finish returns the deal as now stored and the stage it left. */
void            crm_board_move_async (CrmBoard           *self,
                                      CrmRecord          *deal,
                                      gint64              to_stage_id,
                                      const char         *loss_reason,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
CrmRecord      *crm_board_move_finish (CrmBoard     *self,
                                       GAsyncResult *result,
                                       gint64       *from_stage_id,
                                       GError      **error);

G_END_DECLS
