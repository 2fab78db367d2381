/* main.c — Rapport, a desktop CRM for sales and support teams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "crm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CrmApplication) app = NULL;

  const char *localedir = g_getenv ("RAPPORT_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* build-aux/run points this at the build tree's compiled catalogues. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  int status;

  app = crm_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : crm_application_get_exit_status (app);
}
