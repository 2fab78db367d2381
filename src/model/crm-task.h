/* crm-task.h — tasks: what an employee has to do, and by when (T1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record.h"

G_BEGIN_DECLS

#define CRM_TYPE_TASK (crm_task_get_type ())
G_DECLARE_FINAL_TYPE (CrmTask, crm_task, CRM, TASK, CrmRecord)

extern const CrmRecordType crm_task_type;

CrmTask                   *crm_task_new (void);

G_END_DECLS
