/* crm-reminder-scheduler.c — making the renewal reminders while Rapport
 * runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include "crm-reminder-scheduler.h"
#include "crm-reminders.h"

struct _CrmReminderScheduler
{
  GObject       parent_instance;

  CrmStore     *store;
  GCancellable *cancellable;
  guint         timeout_id;
  guint         n_runs;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (CrmReminderScheduler, crm_reminder_scheduler, G_TYPE_OBJECT)

enum
{
  RAN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CrmReminderScheduler) self = user_data;
  g_autoptr (GError) error = NULL;
  int made = crm_reminders_run_finish (CRM_STORE (object), result, &error);

  self->running = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_warning ("Could not make the contract renewal reminders: %s", error->message);
  else if (made > 0)
    g_debug ("Made %d contract renewal reminders", made);

  self->n_runs++;
  g_signal_emit (self, signals[RAN], 0, made);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  crm_reminder_scheduler_run (CRM_REMINDER_SCHEDULER (user_data));
  return G_SOURCE_CONTINUE;
}

static void
crm_reminder_scheduler_dispose (GObject *object)
{
  CrmReminderScheduler *self = CRM_REMINDER_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_reminder_scheduler_parent_class)->dispose (object);
}

static void
crm_reminder_scheduler_class_init (CrmReminderSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_reminder_scheduler_dispose;

  signals[RAN] = g_signal_new ("ran", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                               1, G_TYPE_INT);
}

static void
crm_reminder_scheduler_init (CrmReminderScheduler *self)
{
  self->cancellable = g_cancellable_new ();
}

CrmReminderScheduler *
crm_reminder_scheduler_new (CrmStore *store)
{
  CrmReminderScheduler *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_REMINDER_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  self->timeout_id = g_timeout_add_seconds (CRM_REMINDER_SCHEDULER_INTERVAL, on_timeout_cb, self);
  crm_reminder_scheduler_run (self);
  return self;
}

void
crm_reminder_scheduler_run (CrmReminderScheduler *self)
{
  g_return_if_fail (CRM_IS_REMINDER_SCHEDULER (self));

  if (self->running)
    return;
  self->running = TRUE;
  crm_reminders_run_async (self->store, 0, self->cancellable, on_run_done_cb, g_object_ref (self));
}

guint
crm_reminder_scheduler_get_n_runs (CrmReminderScheduler *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER_SCHEDULER (self), 0);

  return self->n_runs;
}
