/* crm-application.c — the Rapport application
 *
 * Picks the database (--database > $RAPPORT_DATABASE > GSettings
 * database-uri > the embedded server), opens it without blocking the main
 * loop, and hands the resulting CrmContext to every window.
 *
 * A server that asks for a password gets the one remembered in the keyring
 * (CrmCredentials); when there is none, or it no longer works, or the
 * account may not sign in, the windows show the sign-in page. The embedded
 * server signs in silently as its owner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-application.h"
#include "crm-local-server.h"
#include "crm-login.h"
#include "crm-record-page.h"
#include "crm-reminder-scheduler.h"
#include "crm-window.h"

struct _CrmApplication
{
  AdwApplication        parent_instance;

  GSettings            *settings;
  CrmContext           *context;
  CrmLocalServer       *local_server;
  CrmCredentials       *credentials;
  GCancellable         *cancellable;
  /* Contract renewal reminders: asked for on connecting, then hourly. */
  CrmReminderScheduler *reminders;
  gboolean              signed_in; /* with a password: "Sign Out" makes sense */

  char                 *database_option; /* --database or a server chosen in the window */
  char                 *screenshot_path;
  char                 *section;
  int                   exit_status;
};

G_DEFINE_FINAL_TYPE (CrmApplication, crm_application, ADW_TYPE_APPLICATION)

static void crm_application_connect (CrmApplication *self);

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.rapportcrm.Rapport", TRUE);
  if (schema == NULL)
    {
      g_warning ("The GSettings schema org.rapportcrm.Rapport is not installed; settings will not be kept");
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static GList *
get_crm_windows (CrmApplication *self)
{
  GList *result = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CRM_IS_WINDOW (l->data))
      result = g_list_prepend (result, l->data);

  return g_list_reverse (result);
}

/* The database to use, or NULL for the embedded server. */
static char *
dup_configured_database (CrmApplication *self)
{
  const char *env;

  if (self->database_option != NULL && self->database_option[0] != '\0')
    return g_strdup (self->database_option);

  env = g_getenv ("RAPPORT_DATABASE");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  if (self->settings != NULL)
    {
      g_autofree char *uri = g_settings_get_string (self->settings, "database-uri");

      if (uri[0] != '\0')
        return g_steal_pointer (&uri);
    }

  return NULL;
}

static void
show_error_in_windows (CrmApplication *self,
                       const GError   *error)
{
  g_autolist (GObject) unused = NULL;
  GList *windows = get_crm_windows (self);

  g_warning ("Cannot open the database: %s", error->message);

  for (GList *l = windows; l; l = l->next)
    crm_window_show_error (CRM_WINDOW (l->data), error);
  g_list_free (windows);

  /* A screenshot of an error is still a screenshot: the windows take it. */
}

static void
update_actions (CrmApplication *self)
{
  GAction         *sign_out = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out");
  GAction         *use_local = g_action_map_lookup_action (G_ACTION_MAP (self), "use-local-database");
  g_autofree char *configured = dup_configured_database (self);

  if (sign_out != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (sign_out), self->context != NULL && self->signed_in);
  /* The menu offers the local database when another one is in use. */
  if (use_local != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (use_local), configured != NULL);
}

static void
use_store (CrmApplication *self,
           CrmStore       *store,
           gboolean        signed_in)
{
  GList *windows;

  g_debug ("Using the database %s (%s)", crm_store_get_conninfo (store),
           signed_in ? "signed in with a password" : "as given");
  g_clear_object (&self->reminders);
  g_clear_object (&self->context);
  self->context = crm_context_new (store, self->settings);
  self->reminders = crm_reminder_scheduler_new (store);
  self->signed_in = signed_in;
  update_actions (self);

  windows = get_crm_windows (self);
  for (GList *l = windows; l; l = l->next)
    crm_window_set_context (CRM_WINDOW (l->data), self->context);
  g_list_free (windows);
}

static void
show_sign_in_in_windows (CrmApplication *self,
                         const char     *conninfo,
                         const GError   *error)
{
  GList *windows = get_crm_windows (self);

  g_debug ("Showing the sign-in page for %s (login problem %d)", conninfo,
           error != NULL ? (int) crm_store_error_get_login_problem (error) : -1);
  for (GList *l = windows; l; l = l->next)
    crm_window_show_sign_in (CRM_WINDOW (l->data), self->credentials, self->settings, conninfo, error, FALSE);
  g_list_free (windows);
}

/* Failures the person can do something about on the sign-in page. */
static gboolean
wants_sign_in (const GError *error)
{
  switch (crm_store_error_get_login_problem (error))
    {
    case CRM_STORE_LOGIN_PASSWORD_NEEDED:
    case CRM_STORE_LOGIN_WRONG_PASSWORD:
    case CRM_STORE_LOGIN_DEACTIVATED:
    case CRM_STORE_LOGIN_NOT_ALLOWED:
    case CRM_STORE_LOGIN_NO_DATABASE:
    case CRM_STORE_LOGIN_SSL_REQUIRED:
    case CRM_STORE_LOGIN_SSL_UNSUPPORTED:
      return TRUE;
    default:
      return FALSE;
    }
}

typedef enum
{
  OPEN_AS_GIVEN,   /* the conninfo alone (trust, peer, .pgpass, a password in it) */
  OPEN_WITH_STORED /* with the password remembered in the keyring */
} OpenStage;

typedef struct
{
  CrmApplication *self;
  char           *conninfo;
  OpenStage       stage;
} Opening;

static void
opening_free (Opening *opening)
{
  g_clear_object (&opening->self);
  g_free (opening->conninfo);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void open_store (CrmApplication *self,
                        const char     *conninfo,
                        const char     *password,
                        OpenStage       stage);

static void
on_password_looked_up_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (Opening) opening = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = crm_credentials_lookup_finish (CRM_CREDENTIALS (object), result, &error);
  CrmApplication  *self = opening->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);

  if (password != NULL && password[0] != '\0')
    open_store (self, opening->conninfo, password, OPEN_WITH_STORED);
  else
    show_sign_in_in_windows (self, opening->conninfo, NULL);
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (Opening) opening = user_data;
  CrmApplication *self = opening->self;
  CrmStore       *store = CRM_STORE (object);
  g_autoptr (GError) error = NULL;

  if (!crm_store_open_finish (store, result, &error))
    {
      CrmStoreLoginProblem problem = crm_store_error_get_login_problem (error);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* The server wants a password: the keyring may have one. */
      if (opening->stage == OPEN_AS_GIVEN &&
          (problem == CRM_STORE_LOGIN_PASSWORD_NEEDED || problem == CRM_STORE_LOGIN_WRONG_PASSWORD))
        {
          Opening *next = g_steal_pointer (&opening);

          crm_credentials_lookup_async (self->credentials, next->conninfo, self->cancellable,
                                        on_password_looked_up_cb, next);
          return;
        }

      if (wants_sign_in (error))
        show_sign_in_in_windows (self, opening->conninfo,
                                 problem == CRM_STORE_LOGIN_PASSWORD_NEEDED ? NULL : error);
      else
        show_error_in_windows (self, error);
      return;
    }

  use_store (self, store, opening->stage == OPEN_WITH_STORED);
}

static void
open_store (CrmApplication *self,
            const char     *conninfo,
            const char     *password,
            OpenStage       stage)
{
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  Opening *opening = g_new0 (Opening, 1);

  opening->self = g_object_ref (self);
  opening->conninfo = g_strdup (conninfo);
  opening->stage = stage;
  if (password != NULL)
    crm_store_set_password (store, password);
  crm_store_open_async (store, self->cancellable, on_store_opened_cb, opening);
}

static void
on_local_server_started_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr (CrmApplication) self = user_data;
  CrmLocalServer *server = CRM_LOCAL_SERVER (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *conninfo = NULL;

  if (!crm_local_server_start_finish (server, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error_in_windows (self, error);
      return;
    }

  conninfo = crm_local_server_dup_conninfo (server, "rapport");
  open_store (self, conninfo, NULL, OPEN_AS_GIVEN);
}

static void
crm_application_connect (CrmApplication *self)
{
  g_autofree char *database = dup_configured_database (self);
  GList           *windows;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  windows = get_crm_windows (self);
  for (GList *l = windows; l; l = l->next)
    crm_window_show_connecting (CRM_WINDOW (l->data));
  g_list_free (windows);

  if (database != NULL)
    {
      g_debug ("Opening the database %s", database);
      open_store (self, database, NULL, OPEN_AS_GIVEN);
      return;
    }

  if (self->local_server == NULL)
    self->local_server = crm_local_server_new (NULL);

  g_debug ("Starting the embedded server in %s", crm_local_server_get_data_dir (self->local_server));
  crm_local_server_start_async (self->local_server, self->cancellable,
                                on_local_server_started_cb, g_object_ref (self));
}

static void
on_screenshot_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (CrmApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!crm_window_screenshot_finish (CRM_WINDOW (object), result, &error))
    {
      g_printerr ("rapport: %s\n", error->message);
      self->exit_status = 1;
    }
  else
    g_print ("%s\n", self->screenshot_path);

  g_application_quit (G_APPLICATION (self));
}

/* Signed in on a window's sign-in page: every window uses that server. */
static void
on_window_signed_in_cb (CrmWindow      *window,
                        CrmStore       *store,
                        CrmApplication *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_free (self->database_option);
  self->database_option = g_strdup (crm_store_get_conninfo (store));
  use_store (self, store, TRUE);
}

static CrmWindow *
create_window (CrmApplication *self)
{
  CrmWindow *window = crm_window_new (self);

  g_signal_connect_object (window, "signed-in", G_CALLBACK (on_window_signed_in_cb), self, 0);

  if (self->section != NULL)
    crm_window_set_section (window, self->section);
  if (self->context != NULL)
    crm_window_set_context (window, self->context);
  else
    crm_window_show_connecting (window);

  return window;
}

static void
crm_application_activate (GApplication *application)
{
  CrmApplication *self = CRM_APPLICATION (application);
  GtkWindow      *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gboolean        first = (window == NULL);

  /* The database opens on a worker while the window is built and drawn. */
  if (first && self->context == NULL)
    crm_application_connect (self);

  if (window == NULL)
    window = GTK_WINDOW (create_window (self));

  gtk_window_present (window);

  if (first && self->screenshot_path != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (self->screenshot_path);

      g_application_hold (application);
      crm_window_screenshot_async (CRM_WINDOW (window), file, NULL,
                                   on_screenshot_done_cb, g_object_ref (self));
      g_application_release (application);
    }
}

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  crm_application_connect (CRM_APPLICATION (user_data));
}

/* app.use-database('uri'): '' means the embedded server. Remembered. */
static void
use_database_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CrmApplication *self = CRM_APPLICATION (user_data);
  const char     *uri = g_variant_get_string (parameter, NULL);

  g_free (self->database_option);
  self->database_option = g_strdup (uri);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "database-uri", uri);

  update_actions (self);
  crm_application_connect (self);
}

/* app.sign-in: the sign-in page in the active window, filled in with the
 * server in use or the one signed in to last. */
static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CrmApplication *self = CRM_APPLICATION (user_data);
  GtkWindow      *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char     *current = NULL;

  if (!CRM_IS_WINDOW (window))
    return;

  if (self->context != NULL)
    {
      current = crm_store_get_conninfo (crm_context_get_store (self->context));
      if (crm_login_is_local (current) && !self->signed_in)
        current = NULL; /* the embedded server: start from the last server */
    }
  crm_window_show_sign_in (CRM_WINDOW (window), self->credentials, self->settings, current, NULL, TRUE);
}

/* app.sign-out: forget the remembered password and the data on screen;
 * the sign-in page asks again. */
static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CrmApplication  *self = CRM_APPLICATION (user_data);
  g_autofree char *conninfo = NULL;
  GList           *windows;

  if (self->context == NULL)
    return;

  /* No edit is dropped without the person saying so. */
  windows = get_crm_windows (self);
  for (GList *l = windows; l; l = l->next)
    {
      GtkWidget *page = crm_window_get_record_page (CRM_WINDOW (l->data));

      if (page != NULL && crm_record_page_get_dirty (CRM_RECORD_PAGE (page)))
        {
          gtk_window_present (GTK_WINDOW (l->data));
          crm_window_show_message (CRM_WINDOW (l->data), _ ("Save or cancel your changes before signing out"));
          g_list_free (windows);
          return;
        }
    }
  g_list_free (windows);

  conninfo = g_strdup (crm_store_get_conninfo (crm_context_get_store (self->context)));
  crm_credentials_forget_async (self->credentials, conninfo, NULL, NULL, NULL);

  windows = get_crm_windows (self);
  for (GList *l = windows; l; l = l->next)
    {
      crm_window_clear_context (CRM_WINDOW (l->data));
      crm_window_show_sign_in (CRM_WINDOW (l->data), self->credentials, self->settings, conninfo, NULL, FALSE);
    }
  g_list_free (windows);

  g_clear_object (&self->reminders);
  g_clear_object (&self->context);
  self->signed_in = FALSE;
  update_actions (self);
}

static void
use_local_database_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "use-database", g_variant_new_string (""));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (create_window (CRM_APPLICATION (user_data))));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CrmApplication    *self = CRM_APPLICATION (user_data);
  static const char *developers[] = { "Rapport Team", NULL };
  GtkWidget         *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _ ("Rapport"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developers", developers,
                        "comments", _ ("Customer relationships for sales and support teams"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here */
                        "translator-credits", _ ("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "reconnect", reconnect_action },
  { "use-database", use_database_action, "s" },
  { "sign-in", sign_in_action },
  { "sign-out", sign_out_action },
  { "use-local-database", use_local_database_action },
  { "new-window", new_window_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
crm_application_startup (GApplication *application)
{
  CrmApplication    *self = CRM_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control><Shift>n", NULL };

  G_APPLICATION_CLASS (crm_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);

  self->settings = create_settings ();
  self->credentials = crm_credentials_new ();
  update_actions (self);
}

static void
crm_application_shutdown (GApplication *application)
{
  CrmApplication *self = CRM_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->reminders);
  g_clear_object (&self->context);

  if (self->local_server != NULL && crm_local_server_get_started_here (self->local_server))
    {
      g_autoptr (GError) error = NULL;

      if (!crm_local_server_stop (self->local_server, &error))
        g_warning ("Could not stop the embedded database server: %s", error->message);
    }

  G_APPLICATION_CLASS (crm_application_parent_class)->shutdown (application);
}

static gint
crm_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  CrmApplication *self = CRM_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("rapport %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "database", "s", &self->database_option);
  g_variant_dict_lookup (options, "section", "s", &self->section);
  if (g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path))
    {
      /* A screenshot run is a process of its own: it must not hand its
       * work to a Rapport that is already open. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  if (self->section != NULL && !crm_window_is_known_section (self->section))
    {
      g_printerr (_ ("rapport: unknown section “%s”\n"), self->section);
      return 1;
    }

  return -1;
}

static void
crm_application_finalize (GObject *object)
{
  CrmApplication *self = CRM_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->reminders);
  g_clear_object (&self->context);
  g_clear_object (&self->local_server);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);
  g_free (self->database_option);
  g_free (self->screenshot_path);
  g_free (self->section);

  G_OBJECT_CLASS (crm_application_parent_class)->finalize (object);
}

static void
crm_application_class_init (CrmApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = crm_application_finalize;
  app_class->activate = crm_application_activate;
  app_class->startup = crm_application_startup;
  app_class->shutdown = crm_application_shutdown;
  app_class->handle_local_options = crm_application_handle_local_options;
}

static void
crm_application_init (CrmApplication *self)
{
  static const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_STRING, NULL,
      N_ ("PostgreSQL server to use (a libpq URI such as postgresql://host/rapport)"), N_ ("URI") },
    { "section", 's', 0, G_OPTION_ARG_STRING, NULL,
      N_ ("Section to open first (accounts, contacts)"), N_ ("NAME") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_ ("Open the main window, wait for its data, save it as a PNG image and quit"), N_ ("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _ ("Customer relationships for sales and support teams"));
  self->exit_status = 0;
}

CrmApplication *
crm_application_new (void)
{
  return g_object_new (CRM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/rapportcrm/Rapport",
                       NULL);
}

CrmContext *
crm_application_get_context (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);

  return self->context;
}

int
crm_application_get_exit_status (CrmApplication *self)
{
  return self->exit_status;
}
