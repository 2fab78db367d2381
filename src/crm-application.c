/* crm-application.c — the Rapport application
 *
 * Picks the database (--database > $RAPPORT_DATABASE > GSettings
 * database-uri > the embedded server), opens it without blocking the main
 * loop, and hands the resulting CrmContext to every window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-application.h"
#include "crm-local-server.h"
#include "crm-window.h"

struct _CrmApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CrmContext     *context;
  CrmLocalServer *local_server;
  GCancellable   *cancellable;

  char           *database_option; /* --database or a server chosen in the window */
  char           *screenshot_path;
  char           *section;
  int             exit_status;
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
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (CrmApplication) self = user_data;
  CrmStore *store = CRM_STORE (object);
  g_autoptr (GError) error = NULL;
  GList *windows;

  if (!crm_store_open_finish (store, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error_in_windows (self, error);
      return;
    }

  g_clear_object (&self->context);
  self->context = crm_context_new (store, self->settings);

  windows = get_crm_windows (self);
  for (GList *l = windows; l; l = l->next)
    crm_window_set_context (CRM_WINDOW (l->data), self->context);
  g_list_free (windows);
}

static void
open_store (CrmApplication *self,
            const char     *conninfo)
{
  g_autoptr (CrmStore) store = crm_store_new (conninfo);

  crm_store_open_async (store, self->cancellable, on_store_opened_cb, g_object_ref (self));
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
  open_store (self, conninfo);
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
      open_store (self, database);
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

static CrmWindow *
create_window (CrmApplication *self)
{
  CrmWindow *window = crm_window_new (self);

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

  crm_application_connect (self);
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
}

static void
crm_application_shutdown (GApplication *application)
{
  CrmApplication *self = CRM_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
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
  g_clear_object (&self->context);
  g_clear_object (&self->local_server);
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
