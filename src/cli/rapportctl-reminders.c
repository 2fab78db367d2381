/* rapportctl-reminders.c — contract renewal reminders from the command
 * line (S2; issue 5, item 4)
 *
 *   rapportctl reminders run [--days N]
 *   rapportctl reminders days [N]
 *
 * "run" makes the reminders that are due now, as every running Rapport
 * does hourly (for a server's cron, or to see it work), and says how many
 * it made; --days is for administrators and heads. "days" shows the
 * company's setting, or changes it (administrators and heads).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-reminders.h"
#include "rapportctl-private.h"

static gboolean
open_database (Ctl      *ctl,
               ExitCode *code)
{
  g_autoptr (GError) error = NULL;

  if (!ctl_choose_database (ctl, &error))
    {
      *code = fail_connection (error);
      return FALSE;
    }
  if (!ctl_open_store (ctl, &error))
    {
      *code = fail (error);
      return FALSE;
    }
  return TRUE;
}

/* 1 to 365, or a usage error. */
static gboolean
parse_days (const char *text,
            int        *days,
            ExitCode   *code)
{
  gint64 value = 0;

  if (text != NULL &&
      g_ascii_string_to_signed (text, 10, CRM_REMINDERS_MIN_DAYS, CRM_REMINDERS_MAX_DAYS, &value, NULL))
    {
      *days = (int) value;
      return TRUE;
    }

  {
    g_autofree char *message = g_strdup_printf (_ ("the number of days must be from %d to %d, not “%s”"),
                                                CRM_REMINDERS_MIN_DAYS, CRM_REMINDERS_MAX_DAYS, text ? text : "");

    *code = fail_usage (message);
    return FALSE;
  }
}

static ExitCode
reminders_run (Ctl   *ctl,
               char **args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *days_text = NULL;
  const GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_STRING, &days_text,
      N_ ("Remind of contracts that end within N days instead of the company’s setting"), N_ ("N") },
    { NULL }
  };
  ExitCode code = EXIT_OK;
  int      days = 0;
  int      made;

  if (!parse_command (ctl, "reminders run", NULL,
                      _ ("Give the support manager of every signed or in-effect contract that ends soon a "
                         "renewal reminder task, once per contract and end date, as Rapport does every hour. "
                         "Prints how many were made."),
                      entries, args, 0, 0, NULL, &code))
    return code;
  if (days_text != NULL && !parse_days (days_text, &days, &code))
    return code;
  if (!open_database (ctl, &code))
    return code;

  if (days == 0)
    {
      days = crm_reminders_get_days_sync (ctl->store, ctl->cancellable, &error);
      if (days < 0)
        return fail (error);
      made = crm_reminders_run_sync (ctl->store, 0, ctl->cancellable, &error);
    }
  else
    {
      made = crm_reminders_run_sync (ctl->store, days, ctl->cancellable, &error);
    }
  if (made < 0)
    return fail (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Made %d renewal reminder for contracts that end within %d days.\n",
                        "Made %d renewal reminders for contracts that end within %d days.\n", (gulong) made),
           made, days);
  return EXIT_OK;
}

static ExitCode
reminders_days (Ctl   *ctl,
                char **args)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) positional = NULL;
  ExitCode code = EXIT_OK;
  int      days = 0;

  if (!parse_command (ctl, "reminders days", _ ("[N]"),
                      _ ("Show how many days before a contract ends its renewal reminder is made, or set it "
                         "(administrators and heads; 1 to 365)."),
                      NULL, args, 0, 1, &positional, &code))
    return code;
  if (positional[0] != NULL && !parse_days (positional[0], &days, &code))
    return code;
  if (!open_database (ctl, &code))
    return code;

  if (days > 0)
    {
      if (!crm_reminders_set_days_sync (ctl->store, days, ctl->cancellable, &error))
        return fail (error);
    }
  else
    {
      days = crm_reminders_get_days_sync (ctl->store, ctl->cancellable, &error);
      if (days < 0)
        return fail (error);
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Renewal reminders are made %d day before a contract ends.\n",
                        "Renewal reminders are made %d days before a contract ends.\n", (gulong) days),
           days);
  return EXIT_OK;
}

ExitCode
run_reminders (Ctl   *ctl,
               char **args)
{
  const char *sub = args[0];

  if (sub != NULL && g_str_equal (sub, "run"))
    return reminders_run (ctl, args + 1);
  if (sub != NULL && g_str_equal (sub, "days"))
    return reminders_days (ctl, args + 1);
  if (sub == NULL)
    return fail_usage (_ ("“reminders” needs a subcommand: run or days"));

  {
    g_autofree char *message = g_strdup_printf (_ ("unknown reminders subcommand “%s”"), sub);

    return fail_usage (message);
  }
}
