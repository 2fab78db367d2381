/* test-ui-admin.c — Users and Roles, and what a record page shows a login
 * with fewer rights (issue 4: U1, U2, B5), under Xvfb on a real database
 * with the demo data
 *
 * An administrator's window adds an employee and deactivates one with
 * their records going to a colleague; a manager's window shows the
 * annual revenue as Hidden, a record shared with them to view as read
 * only, and shares their own record with a team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libpq-fe.h>

#include "crm-account.h"
#include "crm-admin.h"
#include "crm-list-page.h"
#include "crm-record-page.h"
#include "crm-screenshot.h"
#include "crm-share-dialog.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-users-dialog.h"
#include "crm-window.h"

/* Login roles are cluster-wide: this program's own, dropped at the end. */
#define DROP_LOGINS                \
  "DROP ROLE IF EXISTS uia_admin;" \
  "DROP ROLE IF EXISTS uia_mgr;"   \
  "DROP ROLE IF EXISTS uia_other;" \
  "DROP ROLE IF EXISTS uia_new;"   \
  "DROP ROLE IF EXISTS uia_kotova"

static char       *conninfo;
static PGconn     *conn; /* the superuser's, to look behind the UI's back */
static CrmContext *admin_context;
static CrmContext *manager_context;

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static GtkWidget *
find_widget_named (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible toplevel of @type, or NULL. */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static void
keep_screenshot_of (GtkWidget  *widget,
                    const char *name)
{
  const char      *dir = g_getenv ("RAPPORT_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (dir == NULL || dir[0] == '\0')
    return;

  /* Let it finish drawing (and any toast slide in). */
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  file = g_file_new_for_path (path);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!crm_screenshot_widget (widget, file, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) || g_get_monotonic_time () > deadline)
        g_error ("Screenshot failed: %s", error->message);
      g_clear_error (&error);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Whether the button that runs @action under @root may be clicked. */
static gboolean
action_button_sensitive (GtkWidget  *root,
                         const char *action)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return gtk_widget_is_sensitive (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (action_button_sensitive (child, action))
      return TRUE;
  return FALSE;
}

/* A click on a button that may be clicked (gtk_widget_activate() would
 * only press it and send "clicked" after its animation). */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
list_page_ready (gpointer data)
{
  return crm_list_page_get_ready (CRM_LIST_PAGE (data));
}

static CrmWindow *
open_window (CrmContext *context)
{
  CrmWindow *window = crm_window_new (NULL);

  crm_window_set_section (window, "accounts");
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (list_page_ready, crm_window_get_list_page (window, "accounts"), "the list shows its data");
  return window;
}

static char *
query (const char *sql,
       const char *param)
{
  return crm_test_db_query_value (conn, sql, param);
}

static gint64
query_id (const char *sql,
          const char *param)
{
  g_autofree char *text = query (sql, param);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* Users and Roles ------------------------------------------------------------ */

static gboolean
users_offered (gpointer data)
{
  return crm_window_get_users_offered (CRM_WINDOW (data));
}

static gboolean
users_dialog_ready (gpointer data)
{
  return crm_users_dialog_get_ready (CRM_USERS_DIALOG (data));
}

static gboolean
add_window_gone (gpointer data)
{
  return crm_users_dialog_get_add_window (CRM_USERS_DIALOG (data)) == NULL &&
         crm_users_dialog_get_ready (CRM_USERS_DIALOG (data));
}

/* The visible question that holds a widget named @name, or NULL. */
static GtkWidget *
find_question (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          find_widget_named (GTK_WIDGET (window), name) != NULL)
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
question_shown (gpointer data)
{
  return find_question (data) != NULL;
}

static gboolean
question_gone (gpointer data)
{
  return find_question (data) == NULL;
}

/* Answer the question and wait until it has closed. */
static void
answer (GtkWidget  *question,
        const char *name,
        const char *response)
{
  /* What its button does: the response, then it closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), response);
  gtk_window_close (GTK_WINDOW (question));
  wait_until (question_gone, (gpointer) name, "the question closes");
}

static void
set_field (GtkWidget  *window,
           const char *name,
           const char *text)
{
  GtkWidget *row = find_widget_named (window, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_users_and_roles (void)
{
  CrmWindow       *window = open_window (admin_context);
  CrmUsersDialog  *dialog;
  GtkWidget       *add_window, *message, *reassign, *row;
  GListModel      *names;
  g_autofree char *role = NULL;
  g_autofree char *can_login = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *mgr_id = NULL;
  g_autofree char *team_name = NULL;
  g_autofree char *editors = NULL;
  guint            before;
  guint            heir = GTK_INVALID_LIST_POSITION;

  /* Offered to the administrator, in the main menu. */
  wait_until (users_offered, window, "Users and Roles is offered");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.users", NULL);
  dialog = CRM_USERS_DIALOG (find_toplevel (CRM_TYPE_USERS_DIALOG));
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 760, 640);
  wait_until (users_dialog_ready, dialog, "the employees are read");
  before = crm_users_dialog_get_n_employees (dialog);
  g_assert_cmpuint (before, >=, 8); /* the demo's six and ours */
  g_assert_nonnull (crm_users_dialog_get_employee_row (dialog, "uia_mgr"));
  keep_screenshot_of (GTK_WIDGET (dialog), "users-and-roles");

  /* Add an employee: a head of the sales team with a password. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.add-employee", NULL);
  add_window = crm_users_dialog_get_add_window (dialog);
  g_assert_nonnull (add_window);
  set_field (add_window, "full-name", "Соколов Дмитрий Андреевич");
  /* The login follows the name until it is typed in. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (add_window, "login"))), ==, "sokolov.da");
  set_field (add_window, "login", "uia_new");
  set_field (add_window, "full-name", "Соколов Дмитрий Андреевич ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (add_window, "login"))), ==, "uia_new");
  set_field (add_window, "password", "Весна-2025");
  set_field (add_window, "password-again", "Весна-2024");
  set_field (add_window, "position", "Руководитель отдела продаж");
  set_field (add_window, "email", "sokolov@example.ru");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget_named (add_window, "role")), 1); /* head */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget_named (add_window, "team")), 1);
  /* The passwords differ: said in the window, nothing added. */
  click (find_widget_named (add_window, "add"));
  g_assert_true (crm_users_dialog_get_ready (dialog));
  g_assert_cmpuint (crm_users_dialog_get_n_employees (dialog), ==, before);
  g_assert_nonnull (crm_users_dialog_get_add_window (dialog));
  keep_screenshot_of (add_window, "users-add-employee-mismatch");
  set_field (add_window, "password-again", "Весна-2025");
  keep_screenshot_of (add_window, "users-add-employee");
  click (find_widget_named (add_window, "add"));
  wait_until (add_window_gone, dialog, "the employee is added and the window closes");
  g_assert_cmpuint (crm_users_dialog_get_n_employees (dialog), ==, before + 1);
  row = crm_users_dialog_get_employee_row (dialog, "uia_new");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "uia_new"));
  role = query ("SELECT rapport.role_of($1)", "uia_new");
  g_assert_cmpstr (role, ==, "head");
  verifier = query ("SELECT rolpassword FROM pg_authid WHERE rolname = $1", "uia_new");
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));

  /* A login for one of the demo's people, who owns records: their menu
   * offers it, the login follows their name, and they stay themselves. */
  {
    g_autofree char *kotova_id = query ("SELECT id FROM rapport.employees WHERE full_name = $1", "Анна Сергеевна Котова");
    g_autofree char *owned = query ("SELECT count(*) FROM rapport.accounts WHERE owner_id = $1::bigint", kotova_id);
    g_autofree char *row_name = g_strdup_printf ("employee-%s", kotova_id);
    g_autofree char *suggested = crm_employee_suggest_login ("Анна Сергеевна Котова");
    g_autofree char *kotova_login = NULL;
    g_autofree char *owned_after = NULL;
    g_autofree char *kotova_role = NULL;
    g_autofree char *kotova_verifier = NULL;
    g_autofree char *taken = NULL;
    GtkWidget       *grant_window, *menu_button;
    GMenuModel      *menu;
    gboolean         offered = FALSE;

    g_assert_nonnull (kotova_id);
    g_assert_cmpint (g_ascii_strtoll (owned, NULL, 10), >, 0);
    row = crm_users_dialog_get_employee_row (dialog, row_name);
    g_assert_nonnull (row);
    menu_button = find_widget_of_type (row, GTK_TYPE_MENU_BUTTON);
    menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
    for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
      {
        g_autofree char *action = NULL;

        if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
          offered |= g_str_equal (action, "users.grant-login");
      }
    g_assert_true (offered);

    gtk_widget_activate_action (GTK_WIDGET (dialog), "users.grant-login", "x", g_ascii_strtoll (kotova_id, NULL, 10));
    grant_window = crm_users_dialog_get_add_window (dialog);
    g_assert_nonnull (grant_window);
    g_assert_null (find_widget_named (grant_window, "team"));
    g_assert_nonnull (suggested);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (grant_window, "login"))), ==, suggested);
    /* A login someone has already: said in the window, nothing given. */
    set_field (grant_window, "login", "uia_mgr");
    set_field (grant_window, "password", "Зима-2025");
    set_field (grant_window, "password-again", "Зима-2025");
    click (find_widget_named (grant_window, "add"));
    wait_until (users_dialog_ready, dialog, "the taken login is refused");
    g_assert_nonnull (crm_users_dialog_get_add_window (dialog));
    taken = g_strdup_printf (_ ("An employee with the login “%s” already exists"), "uia_mgr");
    g_assert_cmpstr (crm_users_dialog_get_last_message (dialog), ==, taken);
    keep_screenshot_of (grant_window, "users-give-login-taken");
    set_field (grant_window, "login", "uia_kotova");
    adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget_named (grant_window, "role")), 2); /* manager */
    keep_screenshot_of (grant_window, "users-give-login");
    click (find_widget_named (grant_window, "add"));
    wait_until (add_window_gone, dialog, "the login is given and the window closes");
    g_test_message ("%s", crm_users_dialog_get_last_message (dialog));
    g_assert_nonnull (strstr (crm_users_dialog_get_last_message (dialog), "uia_kotova"));

    /* The same employee, their records still theirs. */
    kotova_login = query ("SELECT login FROM rapport.employees WHERE id = $1::bigint", kotova_id);
    g_assert_cmpstr (kotova_login, ==, "uia_kotova");
    owned_after = query ("SELECT count(*) FROM rapport.accounts WHERE owner_id = $1::bigint", kotova_id);
    g_assert_cmpstr (owned_after, ==, owned);
    kotova_role = query ("SELECT rapport.role_of($1)", "uia_kotova");
    g_assert_cmpstr (kotova_role, ==, "manager");
    kotova_verifier = query ("SELECT rolpassword FROM pg_authid WHERE rolname = $1", "uia_kotova");
    g_assert_true (g_str_has_prefix (kotova_verifier, "SCRAM-SHA-256$"));
    row = crm_users_dialog_get_employee_row (dialog, "uia_kotova");
    g_assert_nonnull (row);
    g_assert_null (crm_users_dialog_get_employee_row (dialog, row_name));
    g_assert_cmpuint (crm_users_dialog_get_n_employees (dialog), ==, before + 1);
  }

  /* Deactivate them with their records going to the manager, in one step. */
  new_id = query ("SELECT id FROM rapport.employees WHERE login = $1", "uia_new");
  g_free (query ("INSERT INTO rapport.accounts (name, owner_id) VALUES ('ООО «Соколиный глаз»', $1::bigint) RETURNING id",
                 new_id));
  g_free (query ("INSERT INTO rapport.contacts (last_name, owner_id) VALUES ('Соколова', $1::bigint) RETURNING id",
                 new_id));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.deactivate", "x", g_ascii_strtoll (new_id, NULL, 10));
  wait_until (question_shown, "reassign-to", "the question is asked");
  message = find_question ("reassign-to");
  reassign = find_widget_named (message, "reassign-to");
  g_assert_nonnull (reassign);
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (reassign));
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Кузнецова Мария Олеговна") == 0)
      heir = i;
  g_assert_cmpuint (heir, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (reassign), heir);
  keep_screenshot_of (message, "users-deactivate");
  answer (message, "reassign-to", "deactivate");
  wait_until (users_dialog_ready, dialog, "the employee is deactivated");
  g_test_message ("%s", crm_users_dialog_get_last_message (dialog));
  g_assert_nonnull (strstr (crm_users_dialog_get_last_message (dialog), "2"));
  g_assert_nonnull (strstr (crm_users_dialog_get_last_message (dialog), "Кузнецова Мария Олеговна"));
  owner = query ("SELECT e.login FROM rapport.accounts a JOIN rapport.employees e ON e.id = a.owner_id"
                 " WHERE a.name = $1",
                 "ООО «Соколиный глаз»");
  g_assert_cmpstr (owner, ==, "uia_mgr");
  can_login = query ("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", "uia_new");
  g_assert_cmpstr (can_login, ==, "f");
  keep_screenshot_of (GTK_WIDGET (dialog), "users-after-deactivate");

  /* Back again. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.reactivate", "x", g_ascii_strtoll (new_id, NULL, 10));
  wait_until (users_dialog_ready, dialog, "the employee is reactivated");
  g_free (can_login);
  can_login = query ("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", "uia_new");
  g_assert_cmpstr (can_login, ==, "t");

  /* A password for the manager, who had none: typed twice, kept as a verifier. */
  mgr_id = query ("SELECT id FROM rapport.employees WHERE login = $1", "uia_mgr");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.set-password", "x", g_ascii_strtoll (mgr_id, NULL, 10));
  wait_until (question_shown, "password", "the password is asked for");
  message = find_question ("password");
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (message, "password")), "Осень-2025");
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (message, "password-again")), "Осень-2024");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (message), "set"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (message, "password-again")), "Осень-2025");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (message), "set"));
  keep_screenshot_of (message, "users-set-password");
  answer (message, "password", "set");
  wait_until (users_dialog_ready, dialog, "the password is set");
  g_free (verifier);
  verifier = query ("SELECT rolpassword FROM pg_authid WHERE rolname = $1", "uia_mgr");
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));

  /* A new team, then renamed. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.add-team", NULL);
  wait_until (question_shown, "team-name", "the team's name is asked for");
  message = find_question ("team-name");
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (message, "team-name")), "  Продажи, Казань ");
  keep_screenshot_of (message, "users-new-team");
  answer (message, "team-name", "save");
  wait_until (users_dialog_ready, dialog, "the team is added");
  team_id = query ("SELECT id FROM rapport.teams WHERE name = $1", "Продажи, Казань");
  g_assert_nonnull (team_id);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.rename-team", "x", g_ascii_strtoll (team_id, NULL, 10));
  wait_until (question_shown, "team-name", "the new name is asked for");
  message = find_question ("team-name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (message, "team-name"))), ==, "Продажи, Казань");
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (message, "team-name")), "Продажи, Поволжье");
  answer (message, "team-name", "save");
  wait_until (users_dialog_ready, dialog, "the team is renamed");
  team_name = query ("SELECT name FROM rapport.teams WHERE id = $1::bigint", team_id);
  g_assert_cmpstr (team_name, ==, "Продажи, Поволжье");

  /* Accounts left to the administrator alone, then to everyone again. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.module-editors", "i", 0);
  wait_until (question_shown, "uia_admin", "the editors are asked for");
  message = find_question ("uia_admin");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget_named (message, "uia_admin")), TRUE);
  keep_screenshot_of (message, "users-module-editors");
  answer (message, "uia_admin", "save");
  wait_until (users_dialog_ready, dialog, "the editors are saved");
  g_free (editors);
  editors = query ("SELECT string_agg(e.login, ',') FROM rapport.module_editors m"
                   " JOIN rapport.employees e ON e.id = m.employee_id WHERE m.table_name = $1",
                   "accounts");
  g_assert_cmpstr (editors, ==, "uia_admin");
  row = crm_users_dialog_get_employee_row (dialog, "accounts");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Орлова Анна Сергеевна");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget_of_type (GTK_WIDGET (dialog), ADW_TYPE_VIEW_STACK)),
                                         "modules");
  keep_screenshot_of (GTK_WIDGET (dialog), "users-modules");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "users.module-editors", "i", 0);
  wait_until (question_shown, "uia_admin", "the editors are asked for again");
  message = find_question ("uia_admin");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_widget_named (message, "uia_admin"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget_named (message, "uia_admin")), FALSE);
  answer (message, "uia_admin", "save");
  wait_until (users_dialog_ready, dialog, "the editors are cleared");
  g_free (editors);
  editors = query ("SELECT count(*) FROM rapport.module_editors", NULL);
  g_assert_cmpstr (editors, ==, "0");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (find_toplevel (CRM_TYPE_USERS_DIALOG));
}

/* A manager's record pages -------------------------------------------------- */

static gboolean
record_page_shows (gpointer data)
{
  CrmWindow *window = ((gpointer *) data)[0];
  gint64     id = *(gint64 *) ((gpointer *) data)[1];
  GtkWidget *page = crm_window_get_record_page (window);

  return page != NULL && crm_record_page_get_record_id (CRM_RECORD_PAGE (page)) == id &&
         crm_record_page_get_ready (CRM_RECORD_PAGE (page));
}

static CrmRecordPage *
open_account (CrmWindow *window,
              gint64     id)
{
  CrmRecordPage *page;

  gpointer       args[2] = { window, &id };

  crm_window_open_record (window, &crm_account_type, id);
  wait_until (record_page_shows, args, "the account page is shown");
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  return page;
}

static gboolean
flag_set (gpointer data)
{
  return *(int *) data != 0;
}

static void
on_save_result_cb (CrmRecordPage *page,
                   gpointer       data)
{
  *(int *) data = 1;
}

static void
on_save_failed_cb (CrmRecordPage *page,
                   const GError  *error,
                   gpointer       data)
{
  g_test_message ("Save failed: %s", error->message);
  *(int *) data = -1;
}

/* Save the page and wait for the answer: 1 saved, -1 refused. */
static int
save_page (CrmRecordPage *page)
{
  int    result = 0;
  gulong ok = g_signal_connect (page, "saved", G_CALLBACK (on_save_result_cb), &result);
  gulong failed = g_signal_connect (page, "save-failed", G_CALLBACK (on_save_failed_cb), &result);

  gtk_widget_activate_action (GTK_WIDGET (page), "record.save", NULL);
  wait_until (flag_set, &result, "the save finishes");
  g_signal_handler_disconnect (page, ok);
  g_signal_handler_disconnect (page, failed);
  return result;
}

static gboolean
share_dialog_ready (gpointer data)
{
  return crm_share_dialog_get_ready (CRM_SHARE_DIALOG (data));
}

static void
test_manager_record_pages (void)
{
  CrmWindow       *window = open_window (manager_context);
  CrmRecordPage   *page;
  CrmShareDialog  *share;
  GtkWidget       *revenue;
  g_autofree char *mgr = query ("SELECT id FROM rapport.employees WHERE login = $1", "uia_mgr");
  g_autofree char *other = query ("SELECT id FROM rapport.employees WHERE login = $1", "uia_other");
  gint64           own, shared;
  g_autofree char *shared_text = NULL;
  g_autofree char *n_shares = NULL;
  g_autofree char *team_label = NULL;
  g_autofree char *share_id = NULL;
  g_autofree char *own_text = NULL;

  own = query_id ("INSERT INTO rapport.accounts (name, owner_id, annual_revenue, city)"
                  " VALUES ('ООО «Своя выручка»', $1::bigint, 125000000, 'Москва') RETURNING id",
                  mgr);
  shared = query_id ("INSERT INTO rapport.accounts (name, owner_id, annual_revenue, city)"
                     " VALUES ('АО «Чужой берег»', $1::bigint, 98000000, 'Казань') RETURNING id",
                     other);
  shared_text = g_strdup_printf ("%" G_GINT64_FORMAT, shared);
  own_text = g_strdup_printf ("%" G_GINT64_FORMAT, own);
  g_free (query ("INSERT INTO rapport.record_shares (table_name, record_id, employee_id, can_edit)"
                 " SELECT 'accounts', $1::bigint, id, false FROM rapport.employees WHERE login = 'uia_mgr'"
                 " RETURNING id",
                 shared_text));

  /* The manager's own account: the revenue is Hidden, not 0, and locked. */
  page = open_account (window, own);
  g_assert_false (crm_record_page_get_read_only (page));
  g_assert_true (crm_record_is_withheld (crm_record_page_get_stored (page), "annual_revenue"));
  revenue = crm_record_page_get_field_widget (page, "annual_revenue");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (revenue)), ==, _ ("Hidden"));
  g_assert_false (gtk_widget_get_sensitive (revenue));
  g_assert_true (action_button_sensitive (GTK_WIDGET (page), "record.save") == FALSE); /* nothing changed yet */
  g_assert_true (action_button_sensitive (GTK_WIDGET (page), "record.delete"));
  gtk_widget_grab_focus (crm_record_page_get_field_widget (page, "city"));
  keep_screenshot_of (GTK_WIDGET (window), "manager-revenue-hidden");

  /* Saving another field leaves the revenue as it was. */
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "city")), "Тула");
  g_assert_cmpint (save_page (page), ==, 1);
  {
    g_autofree char *city = query ("SELECT city FROM rapport.accounts WHERE id = $1::bigint", own_text);
    g_autofree char *kept = query ("SELECT annual_revenue FROM rapport.accounts WHERE id = $1::bigint", own_text);

    g_assert_cmpstr (city, ==, "Тула");
    g_assert_cmpstr (kept, ==, "125000000");
    g_assert_true (crm_record_is_withheld (crm_record_page_get_stored (page), "annual_revenue"));
  }

  /* Shared with them to view: read only, and the page says so. */
  crm_window_go_back (window);
  page = open_account (window, shared);
  g_assert_true (crm_record_page_get_read_only (page));
  g_assert_cmpstr (crm_record_page_get_banner (page), ==, _ ("You may view this record but not change it"));
  g_assert_false (action_button_sensitive (GTK_WIDGET (page), "record.delete"));
  /* Share… does nothing here: only who may change a record shares it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "record.share", NULL);
  g_assert_null (find_toplevel (CRM_TYPE_SHARE_DIALOG));
  g_assert_false (gtk_widget_is_sensitive (crm_record_page_get_field_widget (page, "name")));
  keep_screenshot_of (GTK_WIDGET (window), "manager-read-only");

  /* Share their own account with a team, to view. */
  crm_window_go_back (window);
  page = open_account (window, own);
  gtk_widget_activate_action (GTK_WIDGET (page), "record.share", NULL);
  share = CRM_SHARE_DIALOG (find_toplevel (CRM_TYPE_SHARE_DIALOG));
  g_assert_nonnull (share);
  wait_until (share_dialog_ready, share, "the share dialog reads who is there");
  g_assert_cmpuint (crm_share_dialog_get_n_shares (share), ==, 0);
  team_label = g_strdup_printf (_ ("Team: %s"), "Отдел продаж");
  g_assert_true (crm_share_dialog_choose (share, team_label, FALSE));
  click (find_widget_named (GTK_WIDGET (share), "share"));
  wait_until (share_dialog_ready, share, "the record is shared");
  g_assert_null (crm_share_dialog_get_error (share));
  g_assert_cmpuint (crm_share_dialog_get_n_shares (share), ==, 1);
  n_shares = query ("SELECT count(*) FROM rapport.record_shares WHERE table_name = 'accounts' AND team_id IS NOT NULL"
                    " AND record_id = $1::bigint",
                    own_text);
  g_assert_cmpstr (n_shares, ==, "1");
  keep_screenshot_of (GTK_WIDGET (share), "share-dialog");

  /* And no longer. */
  share_id = query ("SELECT id FROM rapport.record_shares WHERE table_name = 'accounts' AND record_id = $1::bigint", own_text);
  gtk_widget_activate_action (GTK_WIDGET (share), "share.remove", "x", g_ascii_strtoll (share_id, NULL, 10));
  wait_until (share_dialog_ready, share, "the share is removed");
  g_assert_null (crm_share_dialog_get_error (share));
  g_assert_cmpuint (crm_share_dialog_get_n_shares (share), ==, 0);
  g_free (n_shares);
  n_shares = query ("SELECT count(*) FROM rapport.record_shares WHERE record_id = $1::bigint", own_text);
  g_assert_cmpstr (n_shares, ==, "0");
  gtk_window_destroy (GTK_WINDOW (share));

  /* Users and Roles is not for managers: nothing opens. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.users", NULL);
  g_assert_false (crm_window_get_users_offered (window));
  g_assert_null (find_toplevel (CRM_TYPE_USERS_DIALOG));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CrmStore) store = NULL;
  g_autoptr (CrmStore) admin_store = NULL;
  g_autoptr (CrmStore) manager_store = NULL;
  g_autofree char *admin_conninfo = NULL;
  g_autofree char *manager_conninfo = NULL;
  g_autoptr (GError) error = NULL;
  PGconn *cluster;
  int     status;

  crm_test_ui_init (&argc, &argv);

  cluster = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  crm_test_db_exec (cluster, DROP_LOGINS);

  conninfo = crm_test_db_create ("ui_admin");
  store = crm_test_db_open_store (conninfo);
  crm_test_db_load_demo (store);
  conn = crm_test_db_connect (conninfo);

  /* An administrator, a manager of the demo's sales team and a colleague
   * in no team, each with a login of their own. */
  {
    g_autoptr (CrmEmployee) admin = crm_employee_new (0, "uia_admin", "Орлова Анна Сергеевна", CRM_ROLE_ADMIN, 0,
                                                      NULL, TRUE);
    g_autoptr (CrmEmployee) manager = NULL;
    g_autoptr (CrmEmployee) other = crm_employee_new (0, "uia_other", "Волкова Елена Андреевна", CRM_ROLE_MANAGER, 0,
                                                      NULL, TRUE);
    gint64 team = query_id ("SELECT min(id) FROM rapport.teams", NULL);

    manager = crm_employee_new (0, "uia_mgr", "Кузнецова Мария Олеговна", CRM_ROLE_MANAGER, team, NULL, TRUE);
    g_assert_cmpint (crm_admin_add_employee_sync (store, admin, NULL, NULL, &error), >, 0);
    g_assert_cmpint (crm_admin_add_employee_sync (store, manager, NULL, NULL, &error), >, 0);
    g_assert_cmpint (crm_admin_add_employee_sync (store, other, NULL, NULL, &error), >, 0);
    g_assert_no_error (error);
  }
  admin_conninfo = g_strdup_printf ("%s user=uia_admin", conninfo);
  manager_conninfo = g_strdup_printf ("%s user=uia_mgr", conninfo);
  admin_store = crm_test_db_open_store (admin_conninfo);
  manager_store = crm_test_db_open_store (manager_conninfo);
  admin_context = crm_context_new (admin_store, NULL);
  manager_context = crm_context_new (manager_store, NULL);

  g_test_add_func ("/ui-admin/users-and-roles", test_users_and_roles);
  g_test_add_func ("/ui-admin/manager-record-pages", test_manager_record_pages);

  status = g_test_run ();

  g_clear_object (&admin_context);
  g_clear_object (&manager_context);
  g_clear_object (&admin_store);
  g_clear_object (&manager_store);
  g_clear_object (&store);
  PQfinish (conn);
  crm_test_db_drop (conninfo);
  g_free (conninfo);
  crm_test_db_exec (cluster, DROP_LOGINS);
  PQfinish (cluster);
  return status;
}
