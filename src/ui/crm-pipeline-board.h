/* crm-pipeline-board.h — the deals pipeline board, a sidebar section (S1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-board.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE_BOARD (crm_pipeline_board_get_type ())
G_DECLARE_FINAL_TYPE (CrmPipelineBoard, crm_pipeline_board, CRM, PIPELINE_BOARD, GtkWidget)

/* Reads nothing until it is first shown. */
GtkWidget  *crm_pipeline_board_new (CrmContext *context);
/* For the window's sections[]. */
GtkWidget  *crm_pipeline_board_create (CrmContext *context);
CrmBoard   *crm_pipeline_board_get_board (CrmPipelineBoard *self);
/* TRUE once the columns show their first data ("ready"). */
gboolean    crm_pipeline_board_get_ready (CrmPipelineBoard *self);
/* The card widget showing deal @deal_id, if one is on screen (tests). */
GtkWidget  *crm_pipeline_board_find_card (CrmPipelineBoard *self,
                                          gint64            deal_id);
/* The text of a column's header: "name", "count" (as shown, e.g. "3
 * deals") or "sum" (tests). */
const char *crm_pipeline_board_get_header_text (CrmPipelineBoard *self,
                                                gint64            stage_id,
                                                const char       *part);
/* The last move's toast with Undo while it is shown, else NULL (tests). */
AdwToast   *crm_pipeline_board_dup_undo_toast (CrmPipelineBoard *self);
/* TRUE while a move is being saved (tests wait for it). */
gboolean    crm_pipeline_board_get_moving (CrmPipelineBoard *self);

G_END_DECLS
