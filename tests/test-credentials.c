/* test-credentials.c — remembered passwords in a real keyring (libsecret
 * and gnome-keyring on a private session bus: tests/keyring-session) and
 * in the in-memory stand-in the UI tests use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <libsecret/secret.h>

#include "crm-credentials.h"

#define SERVER "host=crm.example.ru port=6432 dbname=sales user=petrov sslmode=require"
/* The same server, database and user written another way. */
#define SAME  "postgresql://petrov@crm.example.ru:6432/sales?sslmode=prefer"
#define OTHER "host=crm.example.ru port=6432 dbname=sales user=ivanov"

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static char *
lookup (CrmCredentials *credentials,
        const char     *conninfo)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *password;

  crm_credentials_lookup_async (credentials, conninfo, NULL, on_result_cb, &slot);
  result = wait_for (&slot);
  password = crm_credentials_lookup_finish (credentials, result, &error);
  g_assert_no_error (error);
  return password;
}

static void
store (CrmCredentials *credentials,
       const char     *conninfo,
       const char     *password)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  crm_credentials_store_async (credentials, conninfo, password, NULL, on_result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (crm_credentials_store_finish (credentials, result, &error));
  g_assert_no_error (error);
}

static void
forget (CrmCredentials *credentials,
        const char     *conninfo)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  crm_credentials_forget_async (credentials, conninfo, NULL, on_result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (crm_credentials_forget_finish (credentials, result, &error));
  g_assert_no_error (error);
}

static void
check_round_trip (CrmCredentials *credentials)
{
  g_autofree char *none = NULL;
  g_autofree char *first = NULL;
  g_autofree char *same = NULL;
  g_autofree char *other = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *forgotten = NULL;

  none = lookup (credentials, SERVER);
  g_assert_null (none);

  store (credentials, SERVER, "Пароль 1");
  first = lookup (credentials, SERVER);
  g_assert_cmpstr (first, ==, "Пароль 1");
  /* Keyed by host, port, database and user, not by how they are written. */
  same = lookup (credentials, SAME);
  g_assert_cmpstr (same, ==, "Пароль 1");
  other = lookup (credentials, OTHER);
  g_assert_null (other);

  store (credentials, SAME, "Пароль 2");
  replaced = lookup (credentials, SERVER);
  g_assert_cmpstr (replaced, ==, "Пароль 2");

  forget (credentials, SERVER);
  forgotten = lookup (credentials, SERVER);
  g_assert_null (forgotten);
  /* Forgetting what is not there is no error. */
  forget (credentials, OTHER);
}

static void
test_keyring (void)
{
  g_autoptr (CrmCredentials) credentials = crm_credentials_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char   *raw = NULL;
  const SecretSchema schema = {
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

  check_round_trip (credentials);

  /* What another program sees in the keyring: the schema and attributes. */
  store (credentials, SERVER, "seen");
  raw = secret_password_lookup_sync (&schema, NULL, &error, "host", "crm.example.ru", "port", "6432",
                                     "database", "sales", "user", "petrov", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (raw, ==, "seen");
  forget (credentials, SERVER);
}

static void
test_in_memory (void)
{
  g_autoptr (CrmCredentials) credentials = crm_credentials_new_in_memory ();

  check_round_trip (credentials);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("Bail out! No session bus: run under tests/keyring-session\n");
      return 1;
    }

  g_test_add_func ("/credentials/keyring", test_keyring);
  g_test_add_func ("/credentials/in-memory", test_in_memory);

  return g_test_run ();
}
