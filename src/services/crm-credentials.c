/* crm-credentials.c — remembered server passwords, in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "crm-credentials.h"
#include "crm-login.h"

struct _CrmCredentials
{
  GObject     parent_instance;

  GHashTable *memory; /* "host\nport\ndatabase\nuser" → password; NULL: the keyring */
};

G_DEFINE_FINAL_TYPE (CrmCredentials, crm_credentials, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.rapportcrm.Rapport.Database",
    SECRET_SCHEMA_NONE,
    {
        { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

typedef struct
{
  char *host;
  char *port;
  char *database;
  char *user;
} Keys;

static void
keys_clear (Keys *keys)
{
  g_free (keys->host);
  g_free (keys->port);
  g_free (keys->database);
  g_free (keys->user);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Keys, keys_clear)

static gboolean
get_keys (const char *conninfo,
          Keys       *keys,
          GError    **error)
{
  if (crm_login_get_keys (conninfo, &keys->host, &keys->port, &keys->database, &keys->user))
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("The database address is not valid"));
  return FALSE;
}

static GHashTable *
attributes_of (const Keys *keys)
{
  return secret_attributes_build (get_schema (),
                                  "host", keys->host,
                                  "port", keys->port,
                                  "database", keys->database,
                                  "user", keys->user,
                                  NULL);
}

static char *
memory_key (const Keys *keys)
{
  return g_strjoin ("\n", keys->host, keys->port, keys->database, keys->user, NULL);
}

/* ---- Lookup ---- */

static void
on_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
crm_credentials_lookup_async (CrmCredentials     *self,
                              const char         *conninfo,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Keys) keys = { 0 };

  g_return_if_fail (CRM_IS_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_credentials_lookup_async);

  if (!get_keys (conninfo, &keys, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->memory != NULL)
    {
      g_autofree char *key = memory_key (&keys);

      g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, key)), g_free);
      return;
    }

  {
    g_autoptr (GHashTable) attributes = attributes_of (&keys);

    secret_password_lookupv (get_schema (), attributes, cancellable, on_lookup_cb, g_steal_pointer (&task));
  }
}

char *
crm_credentials_lookup_finish (CrmCredentials *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Store and forget ---- */

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
crm_credentials_store_async (CrmCredentials     *self,
                             const char         *conninfo,
                             const char         *password,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Keys) keys = { 0 };

  g_return_if_fail (CRM_IS_CREDENTIALS (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_credentials_store_async);

  if (!get_keys (conninfo, &keys, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->memory != NULL)
    {
      g_hash_table_replace (self->memory, memory_key (&keys), g_strdup (password));
      g_task_return_boolean (task, TRUE);
      return;
    }

  {
    g_autoptr (GHashTable) attributes = attributes_of (&keys);
    /* Translators: the keyring's name for a password: "Rapport: ivanov on crm.example.ru/rapport" */
    g_autofree char *label = g_strdup_printf (_ ("Rapport: %s on %s/%s"), keys.user, keys.host, keys.database);

    secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, password,
                            cancellable, on_stored_cb, g_steal_pointer (&task));
  }
}

gboolean
crm_credentials_store_finish (CrmCredentials *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_cleared_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  /* FALSE without an error: there was nothing to forget. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
crm_credentials_forget_async (CrmCredentials     *self,
                              const char         *conninfo,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Keys) keys = { 0 };

  g_return_if_fail (CRM_IS_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_credentials_forget_async);

  if (!get_keys (conninfo, &keys, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->memory != NULL)
    {
      g_autofree char *key = memory_key (&keys);

      g_hash_table_remove (self->memory, key);
      g_task_return_boolean (task, TRUE);
      return;
    }

  {
    g_autoptr (GHashTable) attributes = attributes_of (&keys);

    secret_password_clearv (get_schema (), attributes, cancellable, on_cleared_cb, g_steal_pointer (&task));
  }
}

gboolean
crm_credentials_forget_finish (CrmCredentials *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_credentials_forget_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- The object ---- */

static void
crm_credentials_finalize (GObject *object)
{
  CrmCredentials *self = CRM_CREDENTIALS (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (crm_credentials_parent_class)->finalize (object);
}

static void
crm_credentials_class_init (CrmCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_credentials_finalize;
}

static void
crm_credentials_init (CrmCredentials *self)
{
}

CrmCredentials *
crm_credentials_new (void)
{
  return g_object_new (CRM_TYPE_CREDENTIALS, NULL);
}

CrmCredentials *
crm_credentials_new_in_memory (void)
{
  CrmCredentials *self = g_object_new (CRM_TYPE_CREDENTIALS, NULL);

  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}
