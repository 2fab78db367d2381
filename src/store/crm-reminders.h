/* crm-reminders.h — contract renewal reminders (S2; issue 5, item 4)
 *
 * N days before a signed or in-effect contract ends, its support manager
 * (the contract's responsible) gets a task «№ 100 / S Contract Renewal
 * Reminder» linked to the contract and its account. The database makes
 * them (rapport.create_renewal_reminders(), 0013-tasks.sql), once per
 * contract and end date, for every contract whoever asks: the application
 * asks after it connects and every hour (CrmReminderScheduler), and
 * `rapportctl reminders run` from the command line.
 *
 * N is the company's setting renewal_reminder_days (rapport.settings,
 * default 30, 1 to 365): everyone reads it, administrators and heads
 * change it. Running with another number of days is for them too; anyone
 * else gets CRM_STORE_ERROR_PERMISSION.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* The days a setting or a run may name. */
#define CRM_REMINDERS_MIN_DAYS 1
#define CRM_REMINDERS_MAX_DAYS 365

/* Make the renewal reminders that are due: @days days ahead, or with
 * @days 0 the company's setting. Returns how many were made (0 when all
 * were made before), or -1 with @error set. */
int      crm_reminders_run_sync (CrmStore     *store,
                                 int           days,
                                 GCancellable *cancellable,
                                 GError      **error);
void     crm_reminders_run_async (CrmStore           *store,
                                  int                 days,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
int      crm_reminders_run_finish (CrmStore     *store,
                                   GAsyncResult *result,
                                   GError      **error);

/* The setting: how many days before a contract ends its reminder is
 * made. -1 with @error set on failure. */
int      crm_reminders_get_days_sync (CrmStore     *store,
                                      GCancellable *cancellable,
                                      GError      **error);
/* Change it (administrators and heads; 1 to 365). */
gboolean crm_reminders_set_days_sync (CrmStore     *store,
                                      int           days,
                                      GCancellable *cancellable,
                                      GError      **error);

G_END_DECLS
