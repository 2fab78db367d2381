/* crm-reminders.c — contract renewal reminders (S2; issue 5, item 4)
 *
 * Thin calls of rapport.create_renewal_reminders() and the setting
 * renewal_reminder_days; the rules are the database's (0013-tasks.sql).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-reminders.h"
#include "crm-store-private.h"

static const char run_sql[] = "SELECT rapport.create_renewal_reminders($1::integer)";

static const char get_days_sql[] = "SELECT rapport.renewal_reminder_days()";

static const char set_days_sql[] = "UPDATE rapport.settings SET value = $1 WHERE key = 'renewal_reminder_days'";

static gboolean
check_days (int      days,
            GError **error)
{
  if (days >= CRM_REMINDERS_MIN_DAYS && days <= CRM_REMINDERS_MAX_DAYS)
    return TRUE;

  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
               _ ("Renewal reminders are made %d to %d days before a contract ends, not %d"), CRM_REMINDERS_MIN_DAYS,
               CRM_REMINDERS_MAX_DAYS, days);
  return FALSE;
}

/* A refusal in words about reminders rather than about "this record". */
static void
reword_permission (GError    **error,
                   const char *message)
{
  if (error != NULL && g_error_matches (*error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION))
    {
      g_clear_error (error);
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION, message);
    }
}

static gpointer
run_func (CrmStore     *store,
          gpointer      conn,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  int              days = GPOINTER_TO_INT (data);
  g_autofree char *days_text = days > 0 ? g_strdup_printf ("%d", days) : NULL;
  const char      *params[] = { days_text };
  PGresult        *res;
  int             *made;

  res = _crm_store_exec_full (conn, run_sql, 1, params, FALSE, CRM_SQL_WRITE, NULL, error);
  if (res == NULL)
    {
      reword_permission (error, days > 0 ? _ ("Only administrators and heads choose another number of days for "
                                              "renewal reminders")
                                         : _ ("Only Rapport’s employees make renewal reminders"));
      return NULL;
    }

  made = g_new (int, 1);
  *made = (int) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  g_debug ("Renewal reminders: %d made", *made);
  return made;
}

int
crm_reminders_run_sync (CrmStore     *store,
                        int           days,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autofree int *made = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (days >= 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (days != 0 && !check_days (days, error))
    return -1;

  made = crm_store_run_sync (store, run_func, GINT_TO_POINTER (days), cancellable, error);
  return made != NULL ? *made : -1;
}

void
crm_reminders_run_async (CrmStore           *store,
                         int                 days,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (days >= 0);

  crm_store_run_async (store, run_func, GINT_TO_POINTER (days), NULL, g_free, cancellable, callback, user_data);
}

int
crm_reminders_run_finish (CrmStore     *store,
                          GAsyncResult *result,
                          GError      **error)
{
  g_autofree int *made = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), -1);

  made = crm_store_run_finish (store, result, error);
  return made != NULL ? *made : -1;
}

static gpointer
get_days_func (CrmStore     *store,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  PGresult *res = _crm_store_exec (conn, get_days_sql, 0, NULL, FALSE, error);
  int      *days;

  if (res == NULL)
    return NULL;
  days = g_new (int, 1);
  *days = (int) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return days;
}

int
crm_reminders_get_days_sync (CrmStore     *store,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_autofree int *days = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  days = crm_store_run_sync (store, get_days_func, NULL, cancellable, error);
  return days != NULL ? *days : -1;
}

static gpointer
set_days_func (CrmStore     *store,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char *days = g_strdup_printf ("%d", GPOINTER_TO_INT (data));
  const char      *params[] = { days };
  PGresult        *res;

  res = _crm_store_exec_full (conn, set_days_sql, 1, params, FALSE, CRM_SQL_WRITE, NULL, error);
  if (res == NULL)
    {
      reword_permission (error, _ ("Only administrators and heads change how early renewal reminders are made"));
      return NULL;
    }
  PQclear (res);
  return GINT_TO_POINTER (TRUE);
}

gboolean
crm_reminders_set_days_sync (CrmStore     *store,
                             int           days,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_days (days, error))
    return FALSE;
  return crm_store_run_sync (store, set_days_func, GINT_TO_POINTER (days), cancellable, error) != NULL;
}
