/* crm-reminder-scheduler.h — making the renewal reminders while Rapport
 * runs
 *
 * Asks the database for the contract renewal reminders that are due
 * (crm_reminders_run_async(), with the company's setting) once when it is
 * created, that is right after the application connected, and then every
 * hour. The database makes each reminder once, so every workstation may
 * ask. Dropping the scheduler stops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* How often the reminders are asked for, in seconds. */
#define CRM_REMINDER_SCHEDULER_INTERVAL (60 * 60)

#define CRM_TYPE_REMINDER_SCHEDULER (crm_reminder_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (CrmReminderScheduler, crm_reminder_scheduler, CRM, REMINDER_SCHEDULER, GObject)

/* Starts at once: the first run is on its way when this returns. The
 * "ran" signal (int made, -1 on failure) follows every run. */
CrmReminderScheduler *crm_reminder_scheduler_new (CrmStore *store);
/* Ask now (unless a run is still on its way). */
void                  crm_reminder_scheduler_run (CrmReminderScheduler *self);
/* Runs that finished so far. */
guint                 crm_reminder_scheduler_get_n_runs (CrmReminderScheduler *self);

G_END_DECLS
