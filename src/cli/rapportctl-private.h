/* rapportctl-private.h — what the files of rapportctl share
 *
 * rapportctl.c: choosing and opening the database, messages and exit
 * codes, option parsing, the db and demo commands and main().
 * rapportctl-data.c: export and import (issue 3).
 * rapportctl-reminders.c: contract renewal reminders (S2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-local-server.h"
#include "crm-store.h"

G_BEGIN_DECLS

typedef enum
{
  EXIT_OK = 0,
  EXIT_USAGE = 1,         /* bad command line */
  EXIT_CONNECTION = 2,    /* no server, bad address, login refused */
  EXIT_DATABASE = 3,      /* the database or its schema failed */
  EXIT_DATA = 4,          /* the data refused: constraint, demo over real data, every row rejected */
  EXIT_FILE = 5,          /* a file could not be read or written */
  EXIT_INTERRUPTED = 130, /* Ctrl+C: the work was cancelled and rolled back */
} ExitCode;

typedef enum
{
  SOURCE_OPTION,
  SOURCE_ENVIRONMENT,
  SOURCE_SETTINGS,
  SOURCE_EMBEDDED,
} DatabaseSource;

typedef struct
{
  char           *database; /* --database */
  char           *conninfo; /* the one chosen */
  DatabaseSource  source;
  CrmLocalServer *server; /* SOURCE_EMBEDDED */
  CrmStore       *store;
  GCancellable   *cancellable; /* cancelled by Ctrl+C */
} Ctl;

/* "rapportctl: @message" and the hint to --help; EXIT_USAGE. */
ExitCode fail_usage (const char *message);
/* "rapportctl: @error's message"; the exit code for its kind. */
ExitCode fail (const GError *error);
/* Same for the errors of files and their contents: a CSV file that
 * cannot be read as one is EXIT_DATA, a file that cannot be opened or
 * written EXIT_FILE. */
ExitCode fail_file (const GError *error);

/* Lines of "Label:  value" with the values lined up (@pairs: label,
 * value, …, NULL). */
void     print_table (const char *const *pairs);

/* Pick the database (starting the embedded server when it is the one);
 * errors are fail_connection()'s. */
gboolean ctl_choose_database (Ctl     *ctl,
                              GError **error);
ExitCode fail_connection (const GError *error);
/* Connect, check the server and apply pending migrations. */
gboolean ctl_open_store (Ctl     *ctl,
                         GError **error);

/* Parse a command's options (@args: the command's words after its name).
 * @parameters names the positional arguments for the usage line ("FILE"),
 * NULL for none; between @min_positional and @max_positional of them are
 * accepted and returned in @positional (NULL when none are allowed).
 * Anything else is a usage error: FALSE with @code set. */
gboolean parse_command (Ctl                *ctl,
                        const char         *command,
                        const char         *parameters,
                        const char         *summary,
                        const GOptionEntry *entries,
                        char              **args,
                        guint               min_positional,
                        guint               max_positional,
                        GStrv              *positional,
                        ExitCode           *code);

/* rapportctl-data.c: @args are the words after the command's name. */
ExitCode run_export (Ctl   *ctl,
                     char **args);
ExitCode run_import (Ctl   *ctl,
                     char **args);

/* rapportctl-user.c: @args are the words after "user" or "team". */
ExitCode run_user (Ctl   *ctl,
                   char **args);
ExitCode run_team (Ctl   *ctl,
                   char **args);

/* rapportctl-reminders.c: @args are the words after "reminders". */
ExitCode run_reminders (Ctl   *ctl,
                        char **args);

G_END_DECLS
