/* crm-stage-delete.h — deleting a pipeline stage asks where its deals go
 * (S1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-context.h"
#include "crm-record.h"
#include "crm-window.h"

G_BEGIN_DECLS

/* Delete @stage (a pipeline stage): when it holds no deals, the usual
 * undoable delete (crm_window_delete_records_now); otherwise a dialog
 * asks which stage of the pipeline takes its deals, then moves them and
 * deletes the stage in one statement; the dialog is an AdwMessageDialog
 * named "stage-delete" with the responses "cancel" and "move". */
void crm_stage_delete_ask (CrmWindow  *window,
                           CrmContext *context,
                           CrmRecord  *stage);

G_END_DECLS
