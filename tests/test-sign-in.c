/* test-sign-in.c — the sign-in page under Xvfb on the harness's real
 * PostgreSQL (SCRAM passwords for members of rapport_test_password, SSL
 * only over TCP): each way signing in can fail shows its own message on
 * the page; signing in remembers the fields and the password, and the
 * window then shows the data and who is signed in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "crm-credentials.h"
#include "crm-list-page.h"
#include "crm-login.h"
#include "crm-sign-in-page.h"
#include "crm-test-db.h"
#include "crm-window.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

#define PASSWORD      "Пароль-2024"
#define EMPLOYEE_NAME "Анна Сергеевна Ковалёва"

static char *db_conninfo;
static char *db_name;
static char *socket_server; /* "host=… port=…" of the harness's socket */
static char *user_ok;
static char *user_expired;
static char *user_off;
static char *user_rejected;

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

static gboolean
flag_set (gpointer data)
{
  return *(int *) data != 0;
}

static void
on_screenshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (GError) error = NULL;

  if (!crm_window_screenshot_finish (CRM_WINDOW (object), result, &error))
    g_error ("Screenshot failed: %s", error->message);
  *(int *) data = 1;
}

/* With $RAPPORT_TEST_SCREENSHOTS set, keep a picture of the window. */
static void
keep_screenshot (CrmWindow  *window,
                 const char *name)
{
  const char      *dir = g_getenv ("RAPPORT_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  int done = 0;

  if (dir == NULL || dir[0] == '\0')
    return;

  path = g_strdup_printf ("%s/%s.png", dir, name);
  file = g_file_new_for_path (path);
  crm_window_screenshot_async (window, file, NULL, on_screenshot_cb, &done);
  wait_until (flag_set, &done, "the screenshot is saved");
}

/* ---- Filling in the page ---- */

typedef struct
{
  CrmWindow      *window;
  CrmSignInPage  *page;
  CrmCredentials *credentials;
  GSettings      *settings;
  CrmStore       *signed_in; /* what "signed-in" handed over */
} SignIn;

static void
on_signed_in_cb (CrmWindow *window,
                 CrmStore  *store,
                 SignIn    *sign_in)
{
  g_set_object (&sign_in->signed_in, store);
}

static GSettings *
settings_or_null (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.rapportcrm.Rapport", TRUE);
  if (schema == NULL)
    {
      g_test_message ("GSETTINGS_SCHEMA_DIR has no Rapport schema: the fields are not kept");
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
sign_in_open (SignIn *sign_in)
{
  sign_in->window = crm_window_new (NULL);
  sign_in->credentials = crm_credentials_new_in_memory ();
  sign_in->settings = settings_or_null ();
  g_signal_connect (sign_in->window, "signed-in", G_CALLBACK (on_signed_in_cb), sign_in);
  gtk_window_set_default_size (GTK_WINDOW (sign_in->window), 900, 760);
  crm_window_show_sign_in (sign_in->window, sign_in->credentials, sign_in->settings, NULL, NULL, FALSE);
  gtk_window_present (GTK_WINDOW (sign_in->window));
  sign_in->page = CRM_SIGN_IN_PAGE (crm_window_get_sign_in_page (sign_in->window));
}

static void
sign_in_close (SignIn *sign_in)
{
  gtk_window_destroy (GTK_WINDOW (sign_in->window));
  g_clear_object (&sign_in->credentials);
  g_clear_object (&sign_in->settings);
  g_clear_object (&sign_in->signed_in);
}

static void
set_field (SignIn     *sign_in,
           const char *name,
           const char *text)
{
  GtkWidget *row = find_widget_named (GTK_WIDGET (sign_in->page), name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
page_idle (gpointer data)
{
  return !crm_sign_in_page_get_busy (CRM_SIGN_IN_PAGE (data));
}

/* Fill in the fields, press Sign In and wait for the answer. */
static void
try_sign_in (SignIn     *sign_in,
             const char *server,
             const char *database,
             const char *user,
             const char *password,
             gboolean    secure)
{
  GtkWidget *button = find_widget_named (GTK_WIDGET (sign_in->page), "sign-in");

  set_field (sign_in, "server", server);
  set_field (sign_in, "database", database);
  set_field (sign_in, "user", user);
  set_field (sign_in, "password", password);
  gtk_switch_set_active (GTK_SWITCH (find_widget_named (GTK_WIDGET (sign_in->page), "secure")), secure);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (crm_sign_in_page_get_busy (sign_in->page) || gtk_widget_get_visible (find_widget_named (GTK_WIDGET (sign_in->page), "error")));
  wait_until (page_idle, sign_in->page, "the server answers");
}

static void
assert_message (SignIn     *sign_in,
                const char *expected)
{
  GtkWidget *label = find_widget_named (GTK_WIDGET (sign_in->page), "error");

  g_test_message ("The page says: %s", gtk_label_get_label (GTK_LABEL (label)));
  g_assert_cmpstr (crm_sign_in_page_get_message (sign_in->page), ==, expected);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_null (sign_in->signed_in);
  /* The page stays, for another try. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (
                       gtk_widget_get_parent (GTK_WIDGET (sign_in->page))))),
                   ==, "sign-in");
}

/* ---- Tests ---- */

static void
test_sign_in_errors (void)
{
  SignIn           sign_in = { 0 };
  const char      *tcp = g_getenv ("RAPPORT_TEST_DATABASE_TCP");
  g_autofree char *plain_tcp = NULL;
  g_autofree char *secure_tcp = NULL;
  g_autofree char *expected = NULL;

  if (tcp == NULL || tcp[0] == '\0')
    g_error ("RAPPORT_TEST_DATABASE_TCP is not set: tests/pg-harness sets it when openssl is installed");
  plain_tcp = g_strdup_printf ("%s sslmode=disable", tcp);
  secure_tcp = g_strdup_printf ("%s sslmode=require", tcp);

  sign_in_open (&sign_in);

  try_sign_in (&sign_in, socket_server, db_name, user_ok, "wrong", TRUE);
  assert_message (&sign_in, _ ("Wrong user name or password, or the account has expired"));
  keep_screenshot (sign_in.window, "sign-in-wrong-password");

  try_sign_in (&sign_in, socket_server, db_name, user_expired, PASSWORD, TRUE);
  assert_message (&sign_in, _ ("Wrong user name or password, or the account has expired"));

  try_sign_in (&sign_in, socket_server, db_name, user_off, PASSWORD, TRUE);
  assert_message (&sign_in, _ ("This account has been deactivated"));
  keep_screenshot (sign_in.window, "sign-in-deactivated");

  try_sign_in (&sign_in, socket_server, db_name, user_ok, "", TRUE);
  assert_message (&sign_in, _ ("Enter the password"));

  try_sign_in (&sign_in, socket_server, "no_such_db", user_ok, PASSWORD, TRUE);
  expected = g_strdup_printf (_ ("The server has no database named “%s”"), "no_such_db");
  assert_message (&sign_in, expected);
  g_free (expected);

  try_sign_in (&sign_in, "db.invalid", "rapport", user_ok, PASSWORD, TRUE);
  expected = g_strdup_printf (_ ("No server named “%s” was found. Check the server name"), "db.invalid");
  assert_message (&sign_in, expected);
  g_free (expected);

  try_sign_in (&sign_in, "127.0.0.1:1", "rapport", user_ok, PASSWORD, TRUE);
  expected = g_strdup_printf (_ ("The server “%s” refused the connection: PostgreSQL is not running there, "
                                 "or it listens on another port"),
                              "127.0.0.1:1");
  assert_message (&sign_in, expected);
  g_clear_pointer (&expected, g_free);

  /* The harness's TCP port takes only SSL connections. */
  try_sign_in (&sign_in, plain_tcp, db_name, user_ok, PASSWORD, FALSE);
  assert_message (&sign_in, _ ("The server accepts only secure connections. Switch on “Secure Connection”"));

  /* A port that takes the connection and never answers. */
  {
    g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr (GSocketAddress) bound = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *silent = NULL;

    g_assert_true (g_socket_bind (socket, address, TRUE, &error));
    g_assert_true (g_socket_listen (socket, &error));
    bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    silent = g_strdup_printf ("host=127.0.0.1 port=%u connect_timeout=2",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    try_sign_in (&sign_in, silent, "rapport", user_ok, PASSWORD, FALSE);
    expected = g_strdup_printf (_ ("The server “%s” did not answer in time. Check the server name and the network"),
                                silent);
    assert_message (&sign_in, expected);
    g_clear_pointer (&expected, g_free);
  }

  /* pg_hba.conf turns this user away on the TCP port. */
  try_sign_in (&sign_in, secure_tcp, db_name, user_rejected, PASSWORD, TRUE);
  expected = g_strdup_printf (_ ("The server does not let “%s” connect to this database from this computer. "
                                 "Ask your administrator"),
                              user_rejected);
  assert_message (&sign_in, expected);
  g_clear_pointer (&expected, g_free);

  try_sign_in (&sign_in, "crm.example.ru:notaport", "rapport", user_ok, PASSWORD, TRUE);
  expected = g_strdup_printf (_ ("The database address is not valid: %s"),
                              _ ("write the server as name, name:port or a postgresql:// address"));
  assert_message (&sign_in, expected);

  /* Nothing was remembered. */
  if (sign_in.settings != NULL)
    {
      g_autofree char *user = g_settings_get_string (sign_in.settings, "sign-in-user");

      g_assert_cmpstr (user, ==, "");
    }

  sign_in_close (&sign_in);
}

static gboolean
list_page_ready (gpointer data)
{
  return crm_list_page_get_ready (CRM_LIST_PAGE (data));
}

static gboolean
name_shown (gpointer data)
{
  return g_strcmp0 (crm_window_get_signed_in_name (CRM_WINDOW (data)), EMPLOYEE_NAME) == 0;
}

static void
on_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr (GError) error = NULL;

  *(char **) data = crm_credentials_lookup_finish (CRM_CREDENTIALS (object), result, &error);
  g_assert_no_error (error);
  if (*(char **) data == NULL)
    *(char **) data = g_strdup ("");
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Which page the window's state stack shows: "sign-in", "main"… */
static const char *
window_state (SignIn *sign_in)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (sign_in->page), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_sign_in_shows_data (void)
{
  SignIn sign_in = { 0 };
  g_autoptr (CrmContext) context = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *conninfo = NULL;
  CrmListPage     *list;

  sign_in_open (&sign_in);

  /* SCRAM over the harness's SSL-only port. */
  conninfo = g_strdup_printf ("%s sslmode=require", g_getenv ("RAPPORT_TEST_DATABASE_TCP"));
  try_sign_in (&sign_in, conninfo, db_name, user_ok, PASSWORD, TRUE);
  g_assert_nonnull (sign_in.signed_in);
  g_assert_cmpstr (crm_sign_in_page_get_message (sign_in.page), ==, "");

  /* The password went to the keyring, the fields to the settings; the
   * password field is empty again. */
  crm_credentials_lookup_async (sign_in.credentials, crm_store_get_conninfo (sign_in.signed_in), NULL, on_lookup_cb, &kept);
  wait_until (pointer_set, &kept, "the keyring answers");
  g_assert_cmpstr (kept, ==, PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (sign_in.page), "password"))), ==, "");
  if (sign_in.settings != NULL)
    {
      g_autofree char *user = g_settings_get_string (sign_in.settings, "sign-in-user");
      g_autofree char *database = g_settings_get_string (sign_in.settings, "sign-in-database");
      g_autofree char *uri = g_settings_get_string (sign_in.settings, "database-uri");

      g_assert_cmpstr (user, ==, user_ok);
      g_assert_cmpstr (database, ==, db_name);
      g_assert_null (strstr (uri, PASSWORD));
      g_assert_cmpstr (uri, ==, crm_store_get_conninfo (sign_in.signed_in));
    }

  /* What the application does with the store: the window shows the data
   * and who is signed in. */
  context = crm_context_new (sign_in.signed_in, sign_in.settings);
  crm_window_set_context (sign_in.window, context);
  list = CRM_LIST_PAGE (crm_window_get_list_page (sign_in.window, "accounts"));
  wait_until (list_page_ready, list, "the accounts are listed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_list_page_get_model (list))), >=, 30);
  wait_until (name_shown, sign_in.window, "the window names who is signed in");
  keep_screenshot (sign_in.window, "signed-in");

  /* Connect to a Server… over the data: Back returns to it. */
  crm_window_show_sign_in (sign_in.window, sign_in.credentials, sign_in.settings,
                           crm_store_get_conninfo (sign_in.signed_in), NULL, TRUE);
  g_assert_cmpstr (window_state (&sign_in), ==, "sign-in");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (sign_in.page), "user"))), ==,
                   user_ok);
  g_signal_emit_by_name (find_widget_named (GTK_WIDGET (sign_in.window), "sign-in-back"), "clicked");
  g_assert_cmpstr (window_state (&sign_in), ==, "main");
  wait_until (widget_mapped, list, "the list is back");

  /* Signing out forgets the data on screen. */
  crm_window_clear_context (sign_in.window);
  g_assert_null (crm_window_get_context (sign_in.window));
  g_assert_null (crm_window_get_list_page (sign_in.window, "accounts"));

  sign_in_close (&sign_in);
  g_clear_object (&context);
}

/* The fields come back from the settings, and from an address. */
static void
test_prefill (void)
{
  SignIn sign_in = { 0 };

  sign_in_open (&sign_in);
  crm_window_show_sign_in (sign_in.window, sign_in.credentials, sign_in.settings,
                           "host=crm.example.ru port=6432 dbname=sales user=petrov sslmode=prefer", NULL, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (sign_in.page), "server"))), ==,
                   "crm.example.ru:6432");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (sign_in.page), "database"))), ==,
                   "sales");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (sign_in.page), "user"))), ==,
                   "petrov");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (find_widget_named (GTK_WIDGET (sign_in.page), "secure"))));

  /* A socket folder with a port cannot be said in the fields. */
  crm_window_show_sign_in (sign_in.window, sign_in.credentials, sign_in.settings, "host=/run/rapport port=6000 dbname=crm user=me", NULL, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (sign_in.page), "server"))), ==,
                   "host=/run/rapport port=6000 dbname=crm user=me");
  sign_in_close (&sign_in);
}

/* ---- Setting up ---- */

static char *
quote (const char *value)
{
  g_autoptr (GString) out = g_string_new ("'");

  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_up (void)
{
  g_autoptr (PGconn) admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  g_autoptr (PGconn) conn = NULL;
  g_autoptr (CrmStore) store = NULL;
  g_autofree char *password = quote (PASSWORD);
  g_autofree char *sql = NULL;
  guint            pid = (guint) getpid ();

  db_conninfo = crm_test_db_create ("sign_in");
  store = crm_test_db_open_store (db_conninfo);
  crm_test_db_load_demo (store);
  conn = crm_test_db_connect (db_conninfo);
  db_name = g_strdup (PQdb (conn));
  socket_server = g_strdup_printf ("host=%s port=%s", PQhost (conn), PQport (conn));

  user_ok = g_strdup_printf ("signin_ok_%u", pid);
  user_expired = g_strdup_printf ("signin_expired_%u", pid);
  user_off = g_strdup_printf ("signin_off_%u", pid);
  user_rejected = g_strdup_printf ("signin_rejected_%u", pid);
  crm_test_db_exec (admin, "DO $$ BEGIN CREATE ROLE rapport_test_password NOLOGIN; "
                           "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"
                           "DO $$ BEGIN CREATE ROLE rapport_test_rejected NOLOGIN; "
                           "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
  /* user_ok opens the database as its owner would. */
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD E%s IN ROLE rapport_test_password, rapport_test;"
                         "CREATE ROLE %s LOGIN PASSWORD E%s VALID UNTIL '2001-01-01' IN ROLE rapport_test_password;"
                         "CREATE ROLE %s NOLOGIN PASSWORD E%s IN ROLE rapport_test_password;"
                         "CREATE ROLE %s LOGIN PASSWORD E%s IN ROLE rapport_test_password, rapport_test_rejected",
                         user_ok, password, user_expired, password, user_off, password, user_rejected, password);
  crm_test_db_exec (admin, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO rapport.employees (login, full_name) VALUES ('%s', '%s')", user_ok, EMPLOYEE_NAME);
  crm_test_db_exec (conn, sql);
}

static void
tear_down (void)
{
  g_autoptr (PGconn) admin = NULL;
  g_autofree char *sql = NULL;

  crm_test_db_drop (db_conninfo);
  admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  sql = g_strdup_printf ("DROP ROLE %s, %s, %s, %s", user_ok, user_expired, user_off, user_rejected);
  crm_test_db_exec (admin, sql);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  if (g_getenv ("RAPPORT_LOCALEDIR") != NULL)
    {
      /* Screenshots in another language: LANGUAGE=ru RAPPORT_LOCALEDIR=_build/po;
       * the messages are compared translated. */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  crm_test_db_init ();
  set_up ();

  g_test_add_func ("/sign-in/errors", test_sign_in_errors);
  g_test_add_func ("/sign-in/shows-data", test_sign_in_shows_data);
  g_test_add_func ("/sign-in/prefill", test_prefill);

  status = g_test_run ();

  tear_down ();
  g_free (db_conninfo);
  g_free (db_name);
  g_free (socket_server);
  g_free (user_ok);
  g_free (user_expired);
  g_free (user_off);
  g_free (user_rejected);
  return status;
}
