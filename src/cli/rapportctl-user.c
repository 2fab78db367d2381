/* rapportctl-user.c — employees and teams from scripts (issue 4, U1)
 *
 *   rapportctl user add LOGIN --name NAME --role ROLE [--team TEAM]
 *              [--position P] [--email E] [--phone P]
 *              [--password-file FILE | --no-password]
 *   rapportctl user add LOGIN --employee FULL-NAME|ID --role ROLE
 *              [--password-file FILE | --no-password]
 *   rapportctl user grant LOGIN ROLE
 *   rapportctl user password LOGIN [--password-file FILE]
 *   rapportctl user deactivate LOGIN [--reassign-to LOGIN]
 *   rapportctl user reactivate LOGIN
 *   rapportctl user list
 *   rapportctl team add NAME
 *   rapportctl team list
 *
 * The same store calls as the Users & Roles page (crm-admin.h): the
 * database refuses them to anyone but an administrator. A password comes
 * from a file's first line or is asked for twice on the terminal, never
 * from the command line; the server only ever gets its SCRAM verifier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "crm-admin.h"
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

static gboolean
parse_role (const char *role,
            ExitCode   *code)
{
  g_autofree char *message = NULL;

  if (role != NULL && g_strv_contains (crm_role_names (), role))
    return TRUE;
  message = g_strdup_printf (_ ("unknown role “%s”: use admin, head, manager or readonly"), role ? role : "");
  *code = fail_usage (message);
  return FALSE;
}

/* ---- Passwords ---------------------------------------------------------- */

/* The first line of @path, without its line end. */
static char *
read_password_file (const char *path,
                    GError    **error)
{
  g_autofree char *contents = NULL;
  char            *end;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  end = strpbrk (contents, "\r\n");
  if (end != NULL)
    *end = '\0';
  if (contents[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("The password file “%s” is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* A line from the terminal with echo off. NULL at end of input. */
static char *
prompt_hidden (FILE       *tty,
               const char *prompt)
{
  struct termios saved, quiet;
  char           line[1024];
  gboolean       hidden;
  char          *result = NULL;

  fputs (prompt, tty);
  fflush (tty);
  hidden = tcgetattr (fileno (tty), &saved) == 0;
  if (hidden)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (fileno (tty), TCSAFLUSH, &quiet);
    }
  if (fgets (line, sizeof line, tty) != NULL)
    {
      line[strcspn (line, "\r\n")] = '\0';
      result = g_strdup (line);
    }
  if (hidden)
    tcsetattr (fileno (tty), TCSAFLUSH, &saved);
  fputc ('\n', tty);
  memset (line, 0, sizeof line);
  return result;
}

/* The password from --password-file, else asked twice on the terminal. */
static char *
get_password (const char *password_file,
              ExitCode   *code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  FILE            *tty;
  char            *password;

  if (password_file != NULL)
    {
      password = read_password_file (password_file, &error);
      if (password == NULL)
        *code = fail_file (error);
      return password;
    }

  if (!isatty (STDIN_FILENO) || (tty = fopen ("/dev/tty", "r+")) == NULL)
    {
      *code = fail_usage (_ ("no terminal to ask for the password on: give --password-file FILE"));
      return NULL;
    }
  first = prompt_hidden (tty, _ ("New password: "));
  if (first != NULL && first[0] != '\0')
    again = prompt_hidden (tty, _ ("The same password again: "));
  fclose (tty);

  if (first == NULL || first[0] == '\0')
    {
      *code = fail_usage (_ ("no password given"));
      return NULL;
    }
  if (g_strcmp0 (first, again) != 0)
    {
      *code = fail_usage (_ ("the passwords do not match"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

typedef char Password;

static void
password_free (char *password)
{
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Password, password_free)

/* ---- Looking things up -------------------------------------------------- */

static CrmEmployee *
find_employee (Ctl        *ctl,
               const char *login,
               ExitCode   *code)
{
  g_autoptr (GError) error = NULL;
  CrmEmployee *employee = crm_admin_find_employee_sync (ctl->store, login, ctl->cancellable, &error);

  if (employee == NULL)
    {
      *code = fail (error);
      /* A login nobody has is a mistake in the data given. */
      if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
        *code = EXIT_DATA;
    }
  return employee;
}

/* The team named @name (case and surrounding spaces aside); 0 with
 * @code set when there is none. */
static gint64
find_team (Ctl        *ctl,
           const char *name,
           ExitCode   *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) teams = crm_admin_list_teams_sync (ctl->store, ctl->cancellable, &error);
  g_autofree char *wanted = g_utf8_casefold (g_strstrip (g_strdup (name)), -1);

  if (teams == NULL)
    {
      *code = fail (error);
      return 0;
    }
  for (guint i = 0; i < teams->len; i++)
    {
      CrmTeam         *team = g_ptr_array_index (teams, i);
      g_autofree char *folded = g_utf8_casefold (crm_team_get_name (team), -1);

      if (g_str_equal (folded, wanted))
        return crm_team_get_id (team);
    }

  g_printerr (_ ("rapportctl: there is no team named “%s” (add it with “rapportctl team add”)\n"), name);
  *code = EXIT_DATA;
  return 0;
}

/* Full names compare without case and with runs of spaces as one. */
static char *
name_key (const char *name)
{
  g_auto (GStrv) words = g_strsplit_set (name, " \t", -1);
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (joined->len > 0)
          g_string_append_c (joined, ' ');
        g_string_append (joined, words[i]);
      }
  return g_utf8_casefold (joined->str, -1);
}

/* The employee on record without a login whom @wanted names (their full
 * name, or their id): NULL with @code set when there is none, when they
 * sign in already, or when several have that name (named with their ids
 * to choose by). */
static CrmEmployee *
find_employee_without_login (Ctl        *ctl,
                             const char *wanted,
                             ExitCode   *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) employees = crm_admin_list_employees_sync (ctl->store, ctl->cancellable, &error);
  g_autoptr (GPtrArray) matches = g_ptr_array_new ();
  g_autoptr (GPtrArray) without = g_ptr_array_new ();
  g_autofree char *key = name_key (wanted);
  gint64           id = 0;

  if (employees == NULL)
    {
      *code = fail (error);
      return NULL;
    }
  if (!g_ascii_string_to_signed (wanted, 10, 1, G_MAXINT64, &id, NULL))
    id = 0;
  for (guint i = 0; i < employees->len; i++)
    {
      CrmEmployee     *e = g_ptr_array_index (employees, i);
      g_autofree char *other = name_key (crm_employee_get_full_name (e));

      if (id != 0 ? crm_employee_get_id (e) == id : g_str_equal (other, key))
        {
          g_ptr_array_add (matches, e);
          if (crm_employee_get_login (e) == NULL)
            g_ptr_array_add (without, e);
        }
    }

  *code = EXIT_DATA;
  if (matches->len == 0)
    {
      g_printerr (_ ("rapportctl: there is no employee “%s” (see “rapportctl user list”)\n"), wanted);
      return NULL;
    }
  if (without->len == 0)
    {
      CrmEmployee *e = g_ptr_array_index (matches, 0);

      g_printerr (_ ("rapportctl: %s signs in as “%s” already\n"), crm_employee_get_full_name (e),
                  crm_employee_get_login (e));
      return NULL;
    }
  if (without->len > 1)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "rapportctl: %u employee without a login is named “%s”; give the id of one with "
                               "--employee:\n",
                               "rapportctl: %u employees without a login are named “%s”; give the id of one with "
                               "--employee:\n",
                               without->len),
                  without->len, wanted);
      for (guint i = 0; i < without->len; i++)
        {
          CrmEmployee *e = g_ptr_array_index (without, i);

          g_printerr ("  %lld\t%s\t%s\t%s\n", (long long) crm_employee_get_id (e), crm_employee_get_full_name (e),
                      crm_employee_get_position (e) ? crm_employee_get_position (e) : "-",
                      crm_employee_get_email (e) ? crm_employee_get_email (e) : "-");
        }
      return NULL;
    }
  *code = EXIT_OK;
  return g_object_ref (g_ptr_array_index (without, 0));
}

/* ---- user --------------------------------------------------------------- */

/* `user add LOGIN --employee NAME`: a login for someone on record. */
static ExitCode
grant_login (Ctl        *ctl,
             const char *login,
             const char *wanted,
             const char *role,
             const char *password)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  ExitCode code = EXIT_OK;

  if (!open_database (ctl, &code) || (employee = find_employee_without_login (ctl, wanted, &code)) == NULL)
    return code;
  if (crm_admin_grant_login_sync (ctl->store, crm_employee_get_id (employee), login, password, role,
                                  ctl->cancellable, &error) < 0)
    return fail (error);

  g_print (_ ("%s (employee %lld) signs in as %s now, as %s; their records stay theirs.\n"),
           crm_employee_get_full_name (employee), (long long) crm_employee_get_id (employee), login, role);
  return EXIT_OK;
}

static ExitCode
cmd_user_add (Ctl   *ctl,
              char **args)
{
  g_autofree char *name = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *role = NULL;
  g_autofree char *team = NULL;
  g_autofree char *position = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *password_file = NULL;
  g_autoptr (Password) password = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  g_auto (GStrv) positional = NULL;
  g_autofree char   *login_message = NULL;
  gboolean           no_password = FALSE;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_ ("Full name, as colleagues see it"), N_ ("FULL-NAME") },
    { "employee", 'e', 0, G_OPTION_ARG_STRING, &existing,
      N_ ("Give the login to this employee on record instead (full name or id): they keep their records"),
      N_ ("FULL-NAME|ID") },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role, N_ ("admin, head, manager or readonly"), N_ ("ROLE") },
    { "team", 't', 0, G_OPTION_ARG_STRING, &team, N_ ("The team, by name"), N_ ("TEAM") },
    { "position", 0, 0, G_OPTION_ARG_STRING, &position, N_ ("Position"), N_ ("TEXT") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_ ("E-mail"), N_ ("ADDRESS") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_ ("Phone"), N_ ("NUMBER") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_ ("Read the password from the file’s first line (else it is asked for on the terminal)"), N_ ("FILE") },
    { "no-password", 0, 0, G_OPTION_ARG_NONE, &no_password,
      N_ ("No password: adopt an existing database role, or one that signs in otherwise"), NULL },
    { NULL }
  };
  ExitCode code = EXIT_OK;
  gint64   team_id = 0;
  gint64   id;

  if (!parse_command (ctl, "user add", _ ("LOGIN"),
                      _ ("Add an employee with a PostgreSQL login role of their own, member of the "
                         "role’s group: admin, head, manager or readonly. With --employee, give that login "
                         "to an employee already on record (imported, say) instead."),
                      entries, args, 1, 1, &positional, &code))
    return code;
  if (existing != NULL && (name != NULL || team != NULL || position != NULL || email != NULL || phone != NULL))
    return fail_usage (_ ("--employee is someone on record: --name, --team and the contacts are theirs already"));
  if (existing != NULL && g_strstrip (existing)[0] == '\0')
    return fail_usage (_ ("--employee needs a full name or an id"));
  if (existing == NULL && (name == NULL || g_strstrip (name)[0] == '\0'))
    return fail_usage (_ ("“user add” needs --name (or --employee)"));
  if (!parse_role (role, &code))
    return code;
  if (!crm_employee_check_login (positional[0], &login_message))
    return fail_usage (login_message);
  if (no_password && password_file != NULL)
    return fail_usage (_ ("--password-file and --no-password exclude each other"));
  if (!no_password && (password = get_password (password_file, &code)) == NULL)
    return code;
  if (existing != NULL)
    return grant_login (ctl, positional[0], existing, role, password);

  if (!open_database (ctl, &code))
    return code;
  if (team != NULL && (team_id = find_team (ctl, team, &code)) == 0)
    return code;

  employee = crm_employee_new (0, positional[0], name, role, team_id, NULL, TRUE);
  crm_employee_set_contacts (employee, position, email, phone);
  id = crm_admin_add_employee_sync (ctl->store, employee, password, ctl->cancellable, &error);
  if (id < 0)
    return fail (error);

  g_print (_ ("Added %s (%s) as %s, employee %lld.\n"), positional[0], name, role, (long long) id);
  return EXIT_OK;
}

static ExitCode
cmd_user_grant (Ctl   *ctl,
                char **args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  g_auto (GStrv) positional = NULL;
  ExitCode code = EXIT_OK;

  if (!parse_command (ctl, "user grant", _ ("LOGIN ROLE"),
                      _ ("Give the employee another role (admin, head, manager or readonly) "
                         "instead of theirs."),
                      NULL, args, 2, 2, &positional, &code))
    return code;
  if (!parse_role (positional[1], &code))
    return code;
  if (!open_database (ctl, &code) || (employee = find_employee (ctl, positional[0], &code)) == NULL)
    return code;
  if (crm_admin_set_role_sync (ctl->store, crm_employee_get_id (employee), positional[1], ctl->cancellable,
                               &error) < 0)
    return fail (error);

  g_print (_ ("%s is now %s.\n"), positional[0], positional[1]);
  return EXIT_OK;
}

static ExitCode
cmd_user_password (Ctl   *ctl,
                   char **args)
{
  g_autofree char *password_file = NULL;
  g_autoptr (Password) password = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  g_auto (GStrv) positional = NULL;
  const GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_ ("Read the password from the file’s first line (else it is asked for on the terminal)"), N_ ("FILE") },
    { NULL }
  };
  ExitCode code = EXIT_OK;

  if (!parse_command (ctl, "user password", _ ("LOGIN"), _ ("Set the employee’s password."), entries, args, 1, 1,
                      &positional, &code))
    return code;
  if ((password = get_password (password_file, &code)) == NULL)
    return code;
  if (!open_database (ctl, &code) || (employee = find_employee (ctl, positional[0], &code)) == NULL)
    return code;
  if (crm_admin_set_password_sync (ctl->store, crm_employee_get_id (employee), password, ctl->cancellable, &error) < 0)
    return fail (error);

  g_print (_ ("Set the password of %s.\n"), positional[0]);
  return EXIT_OK;
}

static ExitCode
cmd_user_deactivate (Ctl   *ctl,
                     char **args)
{
  g_autofree char *reassign_to = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  g_autoptr (CrmEmployee) heir = NULL;
  g_auto (GStrv) positional = NULL;
  const GOptionEntry entries[] = {
    { "reassign-to", 0, 0, G_OPTION_ARG_STRING, &reassign_to,
      N_ ("Give the employee’s records to this colleague first"), N_ ("LOGIN") },
    { NULL }
  };
  ExitCode code = EXIT_OK;
  gint64   moved;

  if (!parse_command (ctl, "user deactivate", _ ("LOGIN"),
                      _ ("Take away the employee’s sign-in and keep their history; with "
                         "--reassign-to their records go to a colleague in the same step."),
                      entries, args, 1, 1, &positional, &code))
    return code;
  if (!open_database (ctl, &code) || (employee = find_employee (ctl, positional[0], &code)) == NULL)
    return code;
  if (reassign_to != NULL && (heir = find_employee (ctl, reassign_to, &code)) == NULL)
    return code;

  moved = crm_admin_deactivate_sync (ctl->store, crm_employee_get_id (employee),
                                     heir != NULL ? crm_employee_get_id (heir) : 0, ctl->cancellable, &error);
  if (moved < 0)
    return fail (error);

  if (heir != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Deactivated %s; %lld record went to %s.\n",
                          "Deactivated %s; %lld records went to %s.\n", (gulong) moved),
             positional[0], (long long) moved, reassign_to);
  else
    g_print (_ ("Deactivated %s.\n"), positional[0]);
  return EXIT_OK;
}

static ExitCode
cmd_user_reactivate (Ctl   *ctl,
                     char **args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  g_auto (GStrv) positional = NULL;
  ExitCode code = EXIT_OK;

  if (!parse_command (ctl, "user reactivate", _ ("LOGIN"), _ ("Let a deactivated employee sign in again."), NULL,
                      args, 1, 1, &positional, &code))
    return code;
  if (!open_database (ctl, &code) || (employee = find_employee (ctl, positional[0], &code)) == NULL)
    return code;
  if (crm_admin_reactivate_sync (ctl->store, crm_employee_get_id (employee), ctl->cancellable, &error) < 0)
    return fail (error);

  g_print (_ ("Reactivated %s.\n"), positional[0]);
  return EXIT_OK;
}

static ExitCode
cmd_user_list (Ctl   *ctl,
               char **args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) employees = NULL;
  ExitCode code = EXIT_OK;

  if (!parse_command (ctl, "user list", NULL,
                      _ ("List the employees: login, role, whether they may sign in, team and name, "
                         "separated by tabs."),
                      NULL, args, 0, 0, NULL, &code))
    return code;
  if (!open_database (ctl, &code))
    return code;
  employees = crm_admin_list_employees_sync (ctl->store, ctl->cancellable, &error);
  if (employees == NULL)
    return fail (error);

  for (guint i = 0; i < employees->len; i++)
    {
      CrmEmployee *e = g_ptr_array_index (employees, i);

      g_print ("%s\t%s\t%s\t%s\t%s\n", crm_employee_get_login (e) ? crm_employee_get_login (e) : "-",
               crm_employee_get_role (e) ? crm_employee_get_role (e) : "-",
               crm_employee_get_active (e) ? "active" : "inactive",
               crm_employee_get_team_name (e) ? crm_employee_get_team_name (e) : "-", crm_employee_get_full_name (e));
    }
  return EXIT_OK;
}

ExitCode
run_user (Ctl   *ctl,
          char **args)
{
  const char *sub = args[0];

  if (sub == NULL)
    return fail_usage (_ ("“user” needs a subcommand: add, grant, password, deactivate, reactivate or list"));
  if (g_str_equal (sub, "add"))
    return cmd_user_add (ctl, args + 1);
  if (g_str_equal (sub, "grant"))
    return cmd_user_grant (ctl, args + 1);
  if (g_str_equal (sub, "password"))
    return cmd_user_password (ctl, args + 1);
  if (g_str_equal (sub, "deactivate"))
    return cmd_user_deactivate (ctl, args + 1);
  if (g_str_equal (sub, "reactivate"))
    return cmd_user_reactivate (ctl, args + 1);
  if (g_str_equal (sub, "list"))
    return cmd_user_list (ctl, args + 1);

  {
    g_autofree char *message = g_strdup_printf (_ ("unknown user subcommand “%s”"), sub);

    return fail_usage (message);
  }
}

/* ---- team --------------------------------------------------------------- */

ExitCode
run_team (Ctl   *ctl,
          char **args)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) positional = NULL;
  const char *sub = args[0];
  ExitCode    code = EXIT_OK;

  if (sub != NULL && g_str_equal (sub, "add"))
    {
      gint64 id;

      if (!parse_command (ctl, "team add", _ ("TEAM"), _ ("Add a team."), NULL, args + 1, 1, 1, &positional, &code))
        return code;
      if (!open_database (ctl, &code))
        return code;
      id = crm_admin_save_team_sync (ctl->store, 0, positional[0], ctl->cancellable, &error);
      if (id < 0)
        return fail (error);
      g_print (_ ("Added the team “%s”, team %lld.\n"), g_strstrip (positional[0]), (long long) id);
      return EXIT_OK;
    }
  if (sub != NULL && g_str_equal (sub, "list"))
    {
      g_autoptr (GPtrArray) teams = NULL;

      if (!parse_command (ctl, "team list", NULL,
                          _ ("List the teams: name and active members, separated by a tab."), NULL, args + 1, 0, 0,
                          NULL, &code))
        return code;
      if (!open_database (ctl, &code))
        return code;
      teams = crm_admin_list_teams_sync (ctl->store, ctl->cancellable, &error);
      if (teams == NULL)
        return fail (error);
      for (guint i = 0; i < teams->len; i++)
        g_print ("%s\t%u\n", crm_team_get_name (g_ptr_array_index (teams, i)),
                 crm_team_get_n_members (g_ptr_array_index (teams, i)));
      return EXIT_OK;
    }
  if (sub == NULL)
    return fail_usage (_ ("“team” needs a subcommand: add or list"));

  {
    g_autofree char *message = g_strdup_printf (_ ("unknown team subcommand “%s”"), sub);

    return fail_usage (message);
  }
}
