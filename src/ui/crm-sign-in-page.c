/* crm-sign-in-page.c — signing in to the company's PostgreSQL server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-login.h"
#include "crm-sign-in-page.h"

struct _CrmSignInPage
{
  AdwBin          parent_instance;

  AdwEntryRow    *server_row;
  AdwEntryRow    *database_row;
  AdwEntryRow    *user_row;
  AdwEntryRow    *password_row;
  GtkSwitch      *secure_switch;
  GtkSwitch      *remember_switch;
  GtkLabel       *error_label;
  GtkButton      *sign_in_button;
  GtkSpinner     *spinner;

  CrmCredentials *credentials;
  GSettings      *settings;
  GCancellable   *cancellable;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (CrmSignInPage, crm_sign_in_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CrmSignInPage *self;
  CrmStore      *store;
  char          *conninfo;
  char          *password;
  gboolean       remember;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_object (&sign_in->self);
  g_clear_object (&sign_in->store);
  g_free (sign_in->conninfo);
  g_free (sign_in->password);
  g_free (sign_in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignIn, sign_in_free)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_busy (CrmSignInPage *self,
          gboolean       busy)
{
  /* The fields stay editable (a focused entry made insensitive loses its
   * focus-out); Enter does nothing while busy. */
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

char *
crm_sign_in_page_describe_error (const GError *error,
                                 const char   *server,
                                 const char   *database,
                                 const char   *user)
{
  g_return_val_if_fail (error != NULL, NULL);

  switch (crm_store_error_get_login_problem (error))
    {
    case CRM_STORE_LOGIN_WRONG_PASSWORD:
      return g_strdup (_ ("Wrong user name or password, or the account has expired"));
    case CRM_STORE_LOGIN_DEACTIVATED:
      return g_strdup (_ ("This account has been deactivated"));
    case CRM_STORE_LOGIN_PASSWORD_NEEDED:
      return g_strdup (_ ("Enter the password"));
    case CRM_STORE_LOGIN_NO_DATABASE:
      return g_strdup_printf (_ ("The server has no database named “%s”"), database);
    case CRM_STORE_LOGIN_UNKNOWN_HOST:
      return g_strdup_printf (_ ("No server named “%s” was found. Check the server name"), server);
    case CRM_STORE_LOGIN_REFUSED:
      return g_strdup_printf (_ ("The server “%s” refused the connection: PostgreSQL is not running there, "
                                 "or it listens on another port"),
                              server);
    case CRM_STORE_LOGIN_UNREACHABLE:
      return g_strdup_printf (_ ("The server “%s” cannot be reached from this computer. Check the network"), server);
    case CRM_STORE_LOGIN_TIMEOUT:
      return g_strdup_printf (_ ("The server “%s” did not answer in time. Check the server name and the network"),
                              server);
    case CRM_STORE_LOGIN_SSL_REQUIRED:
      return g_strdup (_ ("The server accepts only secure connections. Switch on “Secure Connection”"));
    case CRM_STORE_LOGIN_SSL_UNSUPPORTED:
      return g_strdup (_ ("The server does not offer secure connections. Switch off “Secure Connection”, "
                          "or ask your administrator to set up SSL on the server"));
    case CRM_STORE_LOGIN_NOT_ALLOWED:
      return g_strdup_printf (_ ("The server does not let “%s” connect to this database from this computer. "
                                 "Ask your administrator"),
                              user);
    case CRM_STORE_LOGIN_BAD_ADDRESS:
    case CRM_STORE_LOGIN_OTHER:
    default:
      return g_strdup (error->message);
    }
}

/* ---- Signing in ---- */

static void
on_password_kept_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean remember = GPOINTER_TO_INT (user_data);
  gboolean ok;

  if (remember)
    ok = crm_credentials_store_finish (CRM_CREDENTIALS (object), result, &error);
  else
    ok = crm_credentials_forget_finish (CRM_CREDENTIALS (object), result, &error);

  /* Signed in all the same: the password is asked for next time. */
  if (!ok)
    g_warning ("Could not %s the password in the keyring: %s", remember ? "keep" : "forget", error->message);
}

static void
keep_fields (CrmSignInPage *self,
             SignIn        *sign_in)
{
  if (self->settings != NULL)
    {
      g_settings_delay (self->settings);
      g_autofree char *server = g_strstrip (g_strdup (text_of (self->server_row)));

      g_settings_set_string (self->settings, "sign-in-server", server);
      g_settings_set_string (self->settings, "sign-in-database", text_of (self->database_row));
      g_settings_set_string (self->settings, "sign-in-user", text_of (self->user_row));
      g_settings_set_boolean (self->settings, "sign-in-secure", gtk_switch_get_active (self->secure_switch));
      g_settings_set_string (self->settings, "database-uri", sign_in->conninfo);
      g_settings_apply (self->settings);
    }

  if (self->credentials == NULL)
    return;

  if (sign_in->remember && sign_in->password != NULL && sign_in->password[0] != '\0')
    crm_credentials_store_async (self->credentials, sign_in->conninfo, sign_in->password, NULL,
                                 on_password_kept_cb, GINT_TO_POINTER (TRUE));
  else
    crm_credentials_forget_async (self->credentials, sign_in->conninfo, NULL,
                                  on_password_kept_cb, GINT_TO_POINTER (FALSE));
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (SignIn) sign_in = user_data;
  g_autoptr (GError) error = NULL;
  CrmSignInPage *self = sign_in->self;

  if (!crm_store_open_finish (CRM_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      crm_sign_in_page_show_error (self, error);
      switch (crm_store_error_get_login_problem (error))
        {
        case CRM_STORE_LOGIN_WRONG_PASSWORD:
        case CRM_STORE_LOGIN_PASSWORD_NEEDED:
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
          break;
        case CRM_STORE_LOGIN_NO_DATABASE:
          gtk_widget_grab_focus (GTK_WIDGET (self->database_row));
          break;
        case CRM_STORE_LOGIN_UNKNOWN_HOST:
        case CRM_STORE_LOGIN_REFUSED:
        case CRM_STORE_LOGIN_BAD_ADDRESS:
          gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
          break;
        default:
          break;
        }
      return;
    }

  set_busy (self, FALSE);
  crm_sign_in_page_show_error (self, NULL);
  keep_fields (self, sign_in);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, sign_in->store);
}

void
crm_sign_in_page_sign_in (CrmSignInPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *conninfo = NULL;
  SignIn          *sign_in;

  g_return_if_fail (CRM_IS_SIGN_IN_PAGE (self));

  if (self->busy)
    return;

  conninfo = crm_login_build_conninfo (text_of (self->server_row), text_of (self->database_row),
                                       text_of (self->user_row), gtk_switch_get_active (self->secure_switch),
                                       &error);
  if (conninfo == NULL)
    {
      crm_sign_in_page_show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->self = g_object_ref (self);
  sign_in->store = crm_store_new (conninfo);
  sign_in->conninfo = g_steal_pointer (&conninfo);
  sign_in->password = g_strdup (text_of (self->password_row));
  sign_in->remember = gtk_switch_get_active (self->remember_switch);
  if (sign_in->password[0] != '\0')
    crm_store_set_password (sign_in->store, sign_in->password);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  crm_store_open_async (sign_in->store, self->cancellable, on_store_opened_cb, sign_in);
}

static void
on_sign_in_clicked_cb (CrmSignInPage *self)
{
  crm_sign_in_page_sign_in (self);
}

static void
on_entry_activated_cb (CrmSignInPage *self)
{
  crm_sign_in_page_sign_in (self);
}

/* ---- The object ---- */

static void
crm_sign_in_page_dispose (GObject *object)
{
  CrmSignInPage *self = CRM_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (crm_sign_in_page_parent_class)->dispose (object);
}

static void
crm_sign_in_page_class_init (CrmSignInPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_sign_in_page_dispose;

  /* The store is open: take it. */
  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_STORE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, database_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, secure_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CrmSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "signinpage");
}

static void
crm_sign_in_page_init (CrmSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
crm_sign_in_page_new (void)
{
  return g_object_new (CRM_TYPE_SIGN_IN_PAGE, NULL);
}

void
crm_sign_in_page_set_keeping (CrmSignInPage  *self,
                              CrmCredentials *credentials,
                              GSettings      *settings)
{
  g_return_if_fail (CRM_IS_SIGN_IN_PAGE (self));

  g_set_object (&self->credentials, credentials);
  g_set_object (&self->settings, settings);
}

void
crm_sign_in_page_prefill (CrmSignInPage *self,
                          const char    *conninfo)
{
  g_autofree char *server = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  gboolean         secure = TRUE;

  g_return_if_fail (CRM_IS_SIGN_IN_PAGE (self));

  if (conninfo != NULL && crm_login_split_conninfo (conninfo, &server, &database, &user, &secure))
    {
      /* When the fields cannot say it (a socket folder with a port,
       * options), the whole address goes in the server field. */
      g_autofree char *rebuilt = crm_login_build_conninfo (server, database, user, secure, NULL);
      char            *a[4] = { NULL }, *b[4] = { NULL };

      if (rebuilt == NULL || !crm_login_get_keys (conninfo, &a[0], &a[1], &a[2], &a[3]) ||
          !crm_login_get_keys (rebuilt, &b[0], &b[1], &b[2], &b[3]) || g_strcmp0 (a[0], b[0]) != 0 ||
          g_strcmp0 (a[1], b[1]) != 0 || g_strcmp0 (a[2], b[2]) != 0 || g_strcmp0 (a[3], b[3]) != 0)
        {
          g_free (server);
          server = g_strdup (conninfo);
        }
      for (guint i = 0; i < 4; i++)
        {
          g_free (a[i]);
          g_free (b[i]);
        }
    }
  else if (self->settings != NULL)
    {
      server = g_settings_get_string (self->settings, "sign-in-server");
      database = g_settings_get_string (self->settings, "sign-in-database");
      user = g_settings_get_string (self->settings, "sign-in-user");
      secure = g_settings_get_boolean (self->settings, "sign-in-secure");
    }

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server ? server : "");
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database ? database : "rapport");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_switch_set_active (self->secure_switch, secure);

  if (server == NULL || server[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (user == NULL || user[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

void
crm_sign_in_page_show_error (CrmSignInPage *self,
                             const GError  *error)
{
  g_autofree char *message = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (CRM_IS_SIGN_IN_PAGE (self));

  if (error == NULL)
    {
      gtk_label_set_label (self->error_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      return;
    }

  user = g_strstrip (g_strdup (text_of (self->user_row)));
  if (user[0] == '\0')
    {
      g_free (user);
      user = g_strdup (g_get_user_name ());
    }
  server = g_strstrip (g_strdup (text_of (self->server_row)));
  message = crm_sign_in_page_describe_error (error, server, text_of (self->database_row), user);
  g_debug ("Sign-in failed: %s", error->message);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

const char *
crm_sign_in_page_get_message (CrmSignInPage *self)
{
  g_return_val_if_fail (CRM_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_label_get_label (self->error_label);
}

gboolean
crm_sign_in_page_get_busy (CrmSignInPage *self)
{
  g_return_val_if_fail (CRM_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}
