/* test-store.c — CRUD, versions, audit, conflicts and failures through
 * CrmStore against a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-store-private.h"
#include "crm-test-db.h"

/* A valid legal-entity INN (checksum correct). */
#define GOOD_INN "7707083893"

typedef CrmTestFixture Fixture;

static guint
count (PGconn     *conn,
       const char *sql,
       const char *param)
{
  g_autofree char *value = crm_test_db_query_value (conn, sql, param);

  g_assert_nonnull (value);
  return (guint) g_ascii_strtoull (value, NULL, 10);
}

static char *
id_text (CrmRecord *record)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (record));
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* Iterate the main context until the callback stored the result. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static CrmRecord *
new_account (const char *name)
{
  CrmRecord *account = CRM_RECORD (crm_account_new ());

  crm_record_set_string (account, "name", name);
  return account;
}

/* ---- Accounts through the sync API ---- */

static void
test_account_crud_sync (Fixture      *fixture,
                        gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("ООО «Ромашка»");
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) loaded = NULL;
  g_autoptr (CrmRecord) updated = NULL;
  g_autoptr (CrmRecord) gone = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *actor = NULL;

  crm_record_set_string (account, "inn", GOOD_INN);
  crm_record_set_string (account, "phone", "8 (916) 325-87-98");
  crm_record_set_string (account, "email", "Info@Romashka.RU");
  crm_record_set_string (account, "size_group", "large");
  crm_record_set_bool (account, "confirmed", TRUE);

  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (CRM_IS_ACCOUNT (saved));
  g_assert_cmpint (crm_record_get_id (saved), >, 0);
  g_assert_cmpint (crm_record_get_version (saved), ==, 1);
  g_assert_true (crm_record_get_loaded (saved));
  g_assert_nonnull (crm_record_get_created_at (saved));
  g_assert_nonnull (crm_record_get_updated_at (saved));
  g_assert_cmpstr (crm_record_get_created_by (saved), ==, "rapport_test");
  g_assert_cmpstr (crm_record_get_string (saved, "name"), ==, "ООО «Ромашка»");
  g_assert_cmpstr (crm_record_get_string (saved, "phone"), ==, "+79163258798");
  g_assert_cmpstr (crm_record_get_string (saved, "email"), ==, "Info@romashka.ru");
  g_assert_cmpstr (crm_record_get_string (saved, "size_group"), ==, "large");
  g_assert_true (crm_record_get_bool (saved, "confirmed"));
  g_assert_cmpint (crm_record_get_int (saved, "contact_count"), ==, 0);
  g_assert_cmpstr (crm_record_get_custom (saved), ==, "{}");
  /* The caller's record is untouched: the store saved a validated copy. */
  g_assert_cmpint (crm_record_get_id (account), ==, 0);
  g_assert_cmpstr (crm_record_get_string (account, "phone"), ==, "8 (916) 325-87-98");

  id = id_text (saved);
  loaded = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) diff = crm_record_diff (saved, loaded);

    g_assert_cmpuint (diff->len, ==, 0);
  }

  /* Update: the version moves, the audit log has the field's old and new value. */
  crm_record_set_string (loaded, "name", "ООО «Ромашка-2»");
  crm_record_set_string (loaded, "city", "Тверь");
  updated = crm_store_save_sync (fixture->store, loaded, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_id (updated), ==, crm_record_get_id (saved));
  g_assert_cmpint (crm_record_get_version (updated), ==, 2);
  g_assert_cmpstr (crm_record_get_string (updated, "name"), ==, "ООО «Ромашка-2»");
  g_assert_cmpstr (crm_record_get_string (updated, "city"), ==, "Тверь");
  g_assert_true (g_date_time_equal (crm_record_get_created_at (updated), crm_record_get_created_at (saved)));

  old_name = crm_test_db_query_value (fixture->conn,
                                      "SELECT fields->'name'->>'old' FROM rapport.audit_log "
                                      "WHERE table_name = 'accounts' AND record_id = $1 AND op = 'U'",
                                      id);
  new_name = crm_test_db_query_value (fixture->conn,
                                      "SELECT fields->'name'->>'new' FROM rapport.audit_log "
                                      "WHERE table_name = 'accounts' AND record_id = $1 AND op = 'U'",
                                      id);
  actor = crm_test_db_query_value (fixture->conn,
                                   "SELECT actor FROM rapport.audit_log "
                                   "WHERE table_name = 'accounts' AND record_id = $1 AND op = 'U'",
                                   id);
  g_assert_cmpstr (old_name, ==, "ООО «Ромашка»");
  g_assert_cmpstr (new_name, ==, "ООО «Ромашка-2»");
  g_assert_cmpstr (actor, ==, "rapport_test");
  /* Unchanged fields are not in the update's entry. */
  g_assert_cmpuint (count (fixture->conn,
                           "SELECT count(*) FROM rapport.audit_log, jsonb_object_keys(fields) k "
                           "WHERE record_id = $1 AND op = 'U'",
                           id),
                    ==, 2);
  g_assert_cmpuint (count (fixture->conn,
                           "SELECT count(*) FROM rapport.audit_log WHERE record_id = $1 AND op = 'I' "
                           "AND fields->'inn'->>'new' = '" GOOD_INN "'",
                           id),
                    ==, 1);

  /* Delete. */
  g_assert_true (crm_store_delete_sync (fixture->store, updated, NULL, &error));
  g_assert_no_error (error);
  gone = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_null (gone);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);

  /* The change feed: insert, update, delete with their versions. */
  {
    g_autofree char *ops = crm_test_db_query_value (fixture->conn,
                                                    "SELECT string_agg(op || version, ',' ORDER BY seq) "
                                                    "FROM rapport.changes WHERE table_name = 'accounts' "
                                                    "AND record_id = $1",
                                                    id);

    g_assert_cmpstr (ops, ==, "I1,U2,D2");
  }
  g_assert_cmpuint (count (fixture->conn,
                           "SELECT count(*) FROM rapport.audit_log WHERE record_id = $1 AND op = 'D' "
                           "AND fields->'name'->>'old' = 'ООО «Ромашка-2»'",
                           id),
                    ==, 1);
}

/* ---- Contacts through the async API ---- */

static void
test_contact_crud_async (Fixture      *fixture,
                         gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("АО «Вектор»");
  g_autoptr (CrmRecord) account_saved = NULL;
  g_autoptr (CrmRecord) contact = CRM_RECORD (crm_contact_new ());
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) loaded = NULL;
  g_autoptr (CrmRecord) updated = NULL;
  g_autoptr (CrmRecord) account_again = NULL;
  g_autoptr (GDateTime) birthday = g_date_time_new_local (1980, 2, 29, 0, 0, 0);
  g_autoptr (GDateTime) last_contact = g_date_time_new_utc (2024, 5, 17, 9, 30, 15.25);
  g_autofree char *title = NULL;
  GAsyncResult    *result = NULL;
  g_autoptr (GAsyncResult) res = NULL;

  crm_store_save_async (fixture->store, account, NULL, on_result_cb, &result);
  res = wait_for (&result);
  account_saved = crm_store_save_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);

  crm_record_set_string (contact, "last_name", "Громыхайло");
  crm_record_set_string (contact, "first_name", "Игорь");
  crm_record_set_string (contact, "middle_name", "Викторович");
  crm_record_set_string (contact, "phone_mobile", "+7 916 325 87 98");
  crm_record_set_string (contact, "gender", "male");
  crm_record_set_int (contact, "account_id", crm_record_get_id (account_saved));
  g_object_set (contact, "birthday", birthday, "last-contact-at", last_contact, NULL);
  crm_record_set_string (contact, "custom", "{\"vip\": true}");

  crm_store_save_async (fixture->store, contact, NULL, on_result_cb, &result);
  res = wait_for (&result);
  saved = crm_store_save_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);

  g_assert_true (CRM_IS_CONTACT (saved));
  g_assert_cmpint (crm_record_get_version (saved), ==, 1);
  g_assert_cmpstr (crm_record_get_string (saved, "phone_mobile"), ==, "+79163258798");
  g_assert_cmpstr (crm_record_get_string (saved, "full_name"), ==, "Громыхайло Игорь Викторович");
  g_assert_cmpstr (crm_record_get_string (saved, "account_name"), ==, "АО «Вектор»");
  g_assert_cmpint (crm_contact_get_account_id (CRM_CONTACT (saved)), ==, crm_record_get_id (account_saved));
  g_assert_cmpstr (crm_record_get_custom (saved), ==, "{\"vip\": true}");
  title = crm_record_dup_title (saved);
  g_assert_cmpstr (title, ==, "Громыхайло Игорь Викторович");
  {
    GDateTime *b = g_value_get_boxed (crm_record_peek_value (saved, "birthday"));
    GDateTime *l = g_value_get_boxed (crm_record_peek_value (saved, "last_contact_at"));

    g_assert_nonnull (b);
    g_assert_cmpint (g_date_time_get_year (b), ==, 1980);
    g_assert_cmpint (g_date_time_get_month (b), ==, 2);
    g_assert_cmpint (g_date_time_get_day_of_month (b), ==, 29);
    g_assert_nonnull (l);
    g_assert_true (g_date_time_equal (l, last_contact));
  }

  crm_store_get_async (fixture->store, &crm_contact_type, crm_record_get_id (saved), NULL, on_result_cb, &result);
  res = wait_for (&result);
  loaded = crm_store_get_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);
  {
    g_autoptr (GPtrArray) diff = crm_record_diff (saved, loaded);

    g_assert_cmpuint (diff->len, ==, 0);
  }

  /* The account counts its contacts (a computed field). */
  account_again = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (account_saved),
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_int (account_again, "contact_count"), ==, 1);

  crm_record_set_string (loaded, "position", "Директор");
  crm_record_set_int (loaded, "account_id", 0);
  crm_store_save_async (fixture->store, loaded, NULL, on_result_cb, &result);
  res = wait_for (&result);
  updated = crm_store_save_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_cmpint (crm_record_get_version (updated), ==, 2);
  g_assert_cmpstr (crm_record_get_string (updated, "position"), ==, "Директор");
  g_assert_cmpint (crm_record_get_int (updated, "account_id"), ==, 0);
  g_assert_null (crm_record_get_string (updated, "account_name"));

  crm_store_delete_async (fixture->store, updated, NULL, on_result_cb, &result);
  res = wait_for (&result);
  g_assert_true (crm_store_delete_finish (fixture->store, res, &error));
  g_assert_no_error (error);
  g_clear_object (&res);

  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts", NULL), ==, 0);
}

/* ---- Optimistic locking ---- */

static void
test_conflict (Fixture      *fixture,
               gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) other = crm_test_db_open_store (fixture->conninfo);
  g_autoptr (CrmRecord) account = new_account ("Первая редакция");
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) mine = NULL;
  g_autoptr (CrmRecord) theirs = NULL;
  g_autoptr (CrmRecord) mine_saved = NULL;
  g_autoptr (CrmRecord) theirs_saved = NULL;
  g_autoptr (CrmRecord) stored = NULL;

  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);

  /* Two people open the same record on two workstations. */
  mine = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  theirs = crm_store_get_sync (other, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);

  crm_record_set_string (mine, "name", "Правка первого");
  crm_record_set_string (theirs, "name", "Правка второго");

  mine_saved = crm_store_save_sync (fixture->store, mine, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_version (mine_saved), ==, 2);

  theirs_saved = crm_store_save_sync (other, theirs, NULL, &error);
  g_assert_null (theirs_saved);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Someone else changed this record since you opened it");
  g_clear_error (&error);

  stored = crm_store_get_sync (other, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (stored, "name"), ==, "Правка первого");
  g_assert_cmpint (crm_record_get_version (stored), ==, 2);

  /* Deleting with the old version is a conflict too, and deletes nothing. */
  g_assert_false (crm_store_delete_sync (other, theirs, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 1);

  /* Once it is gone, saving or deleting the old copy says so. */
  g_assert_true (crm_store_delete_sync (fixture->store, mine_saved, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_delete_sync (other, mine_saved, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (crm_store_save_sync (other, stored, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

/* ---- Bad input ---- */

static void
test_invalid_refused (Fixture      *fixture,
                      gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("ООО «Кривой ИНН»");
  g_autoptr (CrmRecord) contact = CRM_RECORD (crm_contact_new ());
  g_autoptr (CrmRecord) saved = NULL;
  GAsyncResult *result = NULL;
  g_autoptr (GAsyncResult) res = NULL;

  crm_record_set_string (account, "inn", "7707083894"); /* checksum off by one */
  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_null (saved);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "INN"));
  g_clear_error (&error);

  /* The async path refuses the same way. */
  crm_store_save_async (fixture->store, account, NULL, on_result_cb, &result);
  res = wait_for (&result);
  g_assert_null (crm_store_save_finish (fixture->store, res, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "INN"));
  g_clear_error (&error);

  /* A required field. */
  crm_record_set_string (contact, "first_name", "Без фамилии");
  g_assert_null (crm_store_save_sync (fixture->store, contact, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Last name"));
  g_clear_error (&error);

  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 0);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.contacts", NULL), ==, 0);
  /* (The migrations' own rows, the default pipeline's, are not these.) */
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.changes WHERE table_name IN ('accounts', 'contacts')", NULL), ==, 0);
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.audit_log WHERE table_name IN ('accounts', 'contacts')", NULL), ==, 0);
}

/* What the database itself refuses is reported with the field named. */
static gpointer
insert_bad_inn_func (CrmStore     *store,
                     gpointer      conn,
                     gpointer      data,
                     GCancellable *cancellable,
                     GError      **error)
{
  const char *params[2] = { "Обход проверки", data };
  PGresult   *res;

  res = _crm_store_exec_full (conn, "INSERT INTO rapport.accounts (name, inn) VALUES ($1, $2)",
                              2, params, FALSE, CRM_SQL_WRITE, &crm_account_type, error);
  if (res == NULL)
    return NULL;
  PQclear (res);
  return GINT_TO_POINTER (TRUE);
}

static gpointer
insert_nameless_func (CrmStore     *store,
                      gpointer      conn,
                      gpointer      data,
                      GCancellable *cancellable,
                      GError      **error)
{
  PGresult *res;

  res = _crm_store_exec_full (conn, "INSERT INTO rapport.accounts (name) VALUES (NULL)",
                              0, NULL, FALSE, CRM_SQL_WRITE, &crm_account_type, error);
  if (res == NULL)
    return NULL;
  PQclear (res);
  return GINT_TO_POINTER (TRUE);
}

static void
test_database_constraints (Fixture      *fixture,
                           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (crm_store_run_sync (fixture->store, insert_bad_inn_func, (gpointer) "12345", NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "INN:"));
  g_assert_nonnull (strstr (error->message, "accounts_inn_check"));
  g_clear_error (&error);

  g_assert_null (crm_store_run_sync (fixture->store, insert_nameless_func, NULL, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Name: this field is required");
  g_clear_error (&error);

  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 0);
}

static void
test_injection_stored_verbatim (Fixture      *fixture,
                                gconstpointer user_data)
{
  const char *evil = "'); DROP TABLE rapport.accounts; --";
  const char *evil2 = "Robert\"; DELETE FROM rapport.contacts; -- $1 \\ %_";
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account (evil);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) loaded = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (GArray) ids = NULL;
  g_autofree char *stored = NULL;

  crm_record_set_string (account, "comments", evil2);
  crm_record_set_string (account, "custom", "{\"note\": \"'); DROP TABLE x; --\"}");
  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);

  stored = crm_test_db_query_value (fixture->conn, "SELECT name FROM rapport.accounts", NULL);
  g_assert_cmpstr (stored, ==, evil);

  loaded = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (loaded, "name"), ==, evil);
  g_assert_cmpstr (crm_record_get_string (loaded, "comments"), ==, evil2);

  /* Searching for it finds it and drops nothing either. */
  crm_query_set_search (query, "drop table");
  crm_query_set_filter (query, "city", "'; DELETE FROM rapport.accounts; --");
  ids = crm_store_list_ids_sync (fixture->store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  crm_query_set_filter (query, "city", NULL);
  ids = crm_store_list_ids_sync (fixture->store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);

  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 1);
}

/* ---- Reading ---- */

static void
test_fetch_order (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  gint64        ids[5];
  gint64        wanted[5];
  GAsyncResult *result = NULL;
  g_autoptr (GAsyncResult) res = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("Счёт %u", i);
      g_autoptr (CrmRecord) account = new_account (name);
      g_autoptr (CrmRecord) saved = crm_store_save_sync (fixture->store, account, NULL, &error);

      g_assert_no_error (error);
      ids[i] = crm_record_get_id (saved);
    }

  wanted[0] = ids[3];
  wanted[1] = ids[0];
  wanted[2] = 999999; /* missing: left out */
  wanted[3] = ids[4];
  wanted[4] = ids[1];

  records = crm_store_fetch_sync (fixture->store, &crm_account_type, wanted, G_N_ELEMENTS (wanted), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);
  g_assert_cmpint (crm_record_get_id (g_ptr_array_index (records, 0)), ==, ids[3]);
  g_assert_cmpint (crm_record_get_id (g_ptr_array_index (records, 1)), ==, ids[0]);
  g_assert_cmpint (crm_record_get_id (g_ptr_array_index (records, 2)), ==, ids[4]);
  g_assert_cmpint (crm_record_get_id (g_ptr_array_index (records, 3)), ==, ids[1]);
  g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, 0), "name"), ==, "Счёт 3");
  for (guint i = 0; i < records->len; i++)
    g_assert_true (crm_record_get_loaded (g_ptr_array_index (records, i)));
  g_clear_pointer (&records, g_ptr_array_unref);

  crm_store_fetch_async (fixture->store, &crm_account_type, wanted, 2, NULL, on_result_cb, &result);
  res = wait_for (&result);
  records = crm_store_fetch_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (crm_record_get_id (g_ptr_array_index (records, 1)), ==, ids[0]);
}

static void
test_list_ids_distinct_employees (Fixture      *fixture,
                                  gconstpointer user_data)
{
  const char *cities[] = { "Тверь", "Москва", NULL, "Тверь", "Казань" };
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GArray) employee_ids = NULL;
  g_auto (GStrv) values = NULL;
  g_auto (GStrv) names = NULL;
  GAsyncResult *result = NULL;
  g_autoptr (GAsyncResult) res = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    {
      g_autofree char *name = g_strdup_printf ("Компания %c", 'E' - i);
      g_autoptr (CrmRecord) account = new_account (name);
      g_autoptr (CrmRecord) saved = NULL;

      crm_record_set_string (account, "city", cities[i]);
      saved = crm_store_save_sync (fixture->store, account, NULL, &error);
      g_assert_no_error (error);
    }

  crm_store_list_ids_async (fixture->store, query, NULL, on_result_cb, &result);
  res = wait_for (&result);
  ids = crm_store_list_ids_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);
  /* Sorted by name: "Компания A" (the last inserted) first. */
  g_assert_cmpuint (ids->len, ==, 5);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i - 1), >, g_array_index (ids, gint64, i));

  crm_store_distinct_async (fixture->store, &crm_account_type, "city", NULL, on_result_cb, &result);
  res = wait_for (&result);
  values = crm_store_distinct_finish (fixture->store, res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_cmpuint (g_strv_length (values), ==, 3);
  g_assert_cmpstr (values[0], ==, "Казань");
  g_assert_cmpstr (values[1], ==, "Москва");
  g_assert_cmpstr (values[2], ==, "Тверь");

  crm_test_db_exec (fixture->conn,
                    "INSERT INTO rapport.employees (full_name, active) VALUES "
                    "('Яковлева Анна', true), ('Борисов Пётр', true), ('Уволенный Иван', false)");
  crm_store_list_employees_async (fixture->store, NULL, on_result_cb, &result);
  res = wait_for (&result);
  g_assert_true (crm_store_list_employees_finish (fixture->store, res, &employee_ids, &names, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (employee_ids->len, ==, 2);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Борисов Пётр");
  g_assert_cmpstr (names[1], ==, "Яковлева Анна");
  g_assert_cmpint (g_array_index (employee_ids, gint64, 0), >, 0);
}

static void
test_owner (Fixture      *fixture,
            gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("С ответственным");
  g_autoptr (CrmRecord) saved = NULL;
  g_autofree char *employee = NULL;

  employee = crm_test_db_query_value (fixture->conn,
                                      "INSERT INTO rapport.employees (full_name) VALUES ($1) RETURNING id",
                                      "Менеджер Мария");
  crm_record_set_owner_id (account, g_ascii_strtoll (employee, NULL, 10));
  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_owner_id (saved), ==, g_ascii_strtoll (employee, NULL, 10));
  g_assert_cmpstr (crm_record_get_owner_name (saved), ==, "Менеджер Мария");
  g_clear_object (&saved);

  /* A reference to nothing is refused by the database, naming the field. */
  crm_record_set_owner_id (account, 424242);
  g_assert_null (crm_store_save_sync (fixture->store, account, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Responsible:"));
}

/* ---- Refusals and retries ---- */

static void
test_permission (Fixture      *fixture,
                 gconstpointer user_data)
{
  g_autofree char *role = g_strdup_printf ("rapport_test_reader_%d", (int) getpid ());
  g_autofree char *sql = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr (CrmStore) reader = NULL;
  g_autoptr (CrmRecord) account = new_account ("Только чтение");
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) loaded = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (CrmQuery) contacts = crm_query_new (&crm_contact_type);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);

  /* A login role that may read and nothing else (0006-security). */
  sql = g_strdup_printf ("DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN IN ROLE rapport_readonly", role, role);
  crm_test_db_exec (fixture->conn, sql);
  conninfo = g_strdup_printf ("%s user=%s", fixture->conninfo, role);
  reader = crm_store_new (conninfo);

  loaded = crm_store_get_sync (reader, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (loaded, "name", "Попытка правки");
  g_assert_null (crm_store_save_sync (reader, loaded, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "You may not change this record");
  g_clear_error (&error);

  g_assert_false (crm_store_delete_sync (reader, loaded, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  g_clear_pointer (&sql, g_free);
  /* This database's contacts closed to read-only users. */
  crm_test_db_exec (fixture->conn, "REVOKE SELECT ON rapport.contacts FROM rapport_readonly");
  ids = crm_store_list_ids_sync (reader, contacts, NULL, &error);
  g_assert_null (ids);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "You may not see these records");
  g_clear_error (&error);

  ids = crm_store_list_ids_sync (reader, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);

  g_clear_object (&reader);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '%s'", role);
  crm_test_db_exec (fixture->conn, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("DROP OWNED BY %s; DROP ROLE %s", role, role);
  crm_test_db_exec (fixture->conn, sql);
}

static void
test_retry_serialization_failure (Fixture      *fixture,
                                  gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("Со второй попытки");
  g_autoptr (CrmRecord) saved = NULL;
  g_autofree char *calls = NULL;

  /* The first insert fails as if another transaction got in the way (a
   * sequence counts the attempts: it is not rolled back). */
  crm_test_db_exec (fixture->conn,
                    "CREATE SEQUENCE rapport.test_attempts;"
                    "CREATE FUNCTION rapport.test_fail_first() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    "BEGIN IF nextval('rapport.test_attempts') = 1 THEN "
                    "RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'; "
                    "END IF; RETURN NEW; END $$;"
                    "CREATE TRIGGER test_fail_first BEFORE INSERT ON rapport.accounts "
                    "FOR EACH ROW EXECUTE FUNCTION rapport.test_fail_first()");

  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (saved, "name"), ==, "Со второй попытки");
  calls = crm_test_db_query_value (fixture->conn, "SELECT last_value::text FROM rapport.test_attempts", NULL);
  g_assert_cmpstr (calls, ==, "2");
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 1);

  /* Failing every time: tried twice, then reported. */
  crm_test_db_exec (fixture->conn, "ALTER SEQUENCE rapport.test_attempts RESTART WITH 1;"
                                   "CREATE OR REPLACE FUNCTION rapport.test_fail_first() RETURNS trigger "
                                   "LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('rapport.test_attempts'); "
                                   "RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END $$");
  g_clear_object (&saved);
  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_null (saved);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_FAILED);
  g_clear_pointer (&calls, g_free);
  calls = crm_test_db_query_value (fixture->conn, "SELECT last_value::text FROM rapport.test_attempts", NULL);
  g_assert_cmpstr (calls, ==, "2");
  g_assert_cmpuint (count (fixture->conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 1);
}

/* ---- Cancellation and concurrency ---- */

static void
test_cancelled (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  GAsyncResult *result = NULL;
  g_autoptr (GAsyncResult) res = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (crm_store_list_ids_sync (fixture->store, query, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  crm_store_list_ids_async (fixture->store, query, cancellable, on_result_cb, &result);
  res = wait_for (&result);
  g_assert_null (crm_store_list_ids_finish (fixture->store, res, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  CrmStore *store;
  gint64    id;
} SleepData;

static gpointer
sleep_func (CrmStore     *store,
            gpointer      conn,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  PGresult *res = _crm_store_exec (conn, "SELECT pg_sleep(30)", 0, NULL, FALSE, error);

  if (res == NULL)
    return NULL;
  PQclear (res);
  return GINT_TO_POINTER (TRUE);
}

static gboolean
cancel_later_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_running_query (Fixture      *fixture,
                           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) res = NULL;
  GAsyncResult *result = NULL;
  gint64        start = g_get_monotonic_time ();

  crm_store_run_async (fixture->store, sleep_func, NULL, NULL, NULL, cancellable, on_result_cb, &result);
  g_timeout_add (200, cancel_later_cb, cancellable);
  res = wait_for (&result);
  g_assert_null (crm_store_run_finish (fixture->store, res, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The statement was cancelled on the server, not waited out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_TIME_SPAN_SECOND);
  g_clear_error (&error);

  /* The connection went back to the pool in a usable state. */
  {
    g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
    g_autoptr (GArray) ids = crm_store_list_ids_sync (fixture->store, query, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 0);
  }
}

static void
test_pool (Fixture      *fixture,
           gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("Для пула");
  g_autoptr (CrmRecord) saved = NULL;
  GAsyncResult *results[24] = {
    NULL,
  };
  g_autofree char *backends = NULL;

  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    crm_store_get_async (fixture->store, &crm_account_type, crm_record_get_id (saved), NULL,
                         on_result_cb, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr (GAsyncResult) res = wait_for (&results[i]);
      g_autoptr (CrmRecord) record = crm_store_get_finish (fixture->store, res, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (crm_record_get_string (record, "name"), ==, "Для пула");
    }

  backends = crm_test_db_query_value (fixture->conn,
                                      "SELECT count(*) FROM pg_stat_activity "
                                      "WHERE application_name = $1 AND datname = current_database()",
                                      "Rapport");
  g_assert_cmpint (g_ascii_strtoll (backends, NULL, 10), >=, 1);
  g_assert_cmpint (g_ascii_strtoll (backends, NULL, 10), <=, 4);
}

static void
test_reconnect (Fixture      *fixture,
                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) account = new_account ("Переживёт разрыв");
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) loaded = NULL;

  saved = crm_store_save_sync (fixture->store, account, NULL, &error);
  g_assert_no_error (error);

  /* The server drops every connection of the store (a restart, a network
   * hiccup): the next read reconnects by itself. */
  g_free (crm_test_db_query_value (fixture->conn,
                                   "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE application_name = $1 AND datname = current_database()",
                                   "Rapport"));
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);

  loaded = crm_store_get_sync (fixture->store, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (loaded, "name"), ==, "Переживёт разрыв");
}

/* ---- Connection failures ---- */

static void
test_connection_errors (void)
{
  struct
  {
    const char *conninfo;
    int         code;
  } cases[] = {
    { "host=/nonexistent/rapport dbname=rapport", CRM_STORE_ERROR_CONNECTION },
    { "host=127.0.0.1 port=1 dbname=rapport", CRM_STORE_ERROR_CONNECTION },
    { "postgresql://[not a uri", CRM_STORE_ERROR_CONNECTION },
    { "host=/tmp dbname", CRM_STORE_ERROR_CONNECTION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CrmStore) store = crm_store_new (cases[i].conninfo);
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_false (crm_store_open_sync (store, NULL, &error));
      g_assert_error (error, CRM_STORE_ERROR, cases[i].code);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_TIME_SPAN_SECOND);
      g_test_message ("%s → %s", cases[i].conninfo, error->message);
    }

  /* The message names the server and says what happened. */
  {
    g_autoptr (CrmStore) store = crm_store_new ("host=db.invalid port=5433 dbname=rapport connect_timeout=2");
    g_autoptr (GError) error = NULL;
    g_autofree char *name = crm_store_dup_display_name (store);

    g_assert_cmpstr (name, ==, "rapport on db.invalid:5433");
    g_assert_false (crm_store_open_sync (store, NULL, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
    g_assert_true (g_str_has_prefix (error->message, "Cannot connect to the database server “db.invalid:5433”: "));
  }

  /* The async path fails the same way, without blocking the caller. */
  {
    g_autoptr (CrmStore) store = crm_store_new ("host=/nonexistent/rapport dbname=rapport");
    g_autoptr (GError) error = NULL;
    g_autoptr (GAsyncResult) res = NULL;
    GAsyncResult *result = NULL;

    crm_store_open_async (store, NULL, on_result_cb, &result);
    res = wait_for (&result);
    g_assert_false (crm_store_open_finish (store, res, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
  }
}

static void
test_auth_error (void)
{
  g_autofree char *conninfo = g_strconcat (crm_test_db_get_admin_conninfo (), " user=nobody_at_all", NULL);
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  g_autoptr (GError) error = NULL;

  g_assert_false (crm_store_open_sync (store, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "nobody_at_all"));
}

static void
test_server_down (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-nosrv-XXXXXX", NULL);
  g_autofree char *conninfo = g_strdup_printf ("host=%s dbname=rapport", dir);
  g_autoptr (CrmStore) store = crm_store_new (conninfo);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  gint64 start = g_get_monotonic_time ();

  g_assert_null (crm_store_list_ids_sync (store, query, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_TIME_SPAN_SECOND);
  g_assert_nonnull (strstr (error->message, dir));
  g_rmdir (dir);
}

static void
test_display_name (void)
{
  struct
  {
    const char *conninfo;
    const char *name;
  } cases[] = {
    { "host=db.example.com dbname=crm user=anna password=secret", "crm on db.example.com" },
    { "postgresql://anna:secret@db.example.com:6543/crm", "crm on db.example.com:6543" },
    { "host=/run/rapport dbname=rapport", "rapport on this computer" },
    { "host=db.example.com", "db.example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CrmStore) store = crm_store_new (cases[i].conninfo);
      g_autofree char *name = crm_store_dup_display_name (store);

      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_null (strstr (name, "secret"));
      g_assert_cmpstr (crm_store_get_conninfo (store), ==, cases[i].conninfo);
    }
}

static void
test_copy_helpers (Fixture      *fixture,
                   gconstpointer user_data)
{
  g_autoptr (GString) row = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *comments = NULL;
  PGconn          *conn = fixture->conn;

  _crm_store_copy_append_field (row, "Табуляция\tи\\слеш");
  _crm_store_copy_append_field (row, NULL);
  _crm_store_copy_append_field (row, "строка\nдве");
  g_string_append_c (row, '\n');
  g_assert_cmpstr (row->str, ==, "Табуляция\\tи\\\\слеш\t\\N\tстрока\\nдве\n");

  crm_test_db_exec (conn, "BEGIN");
  g_assert_true (_crm_store_copy_begin (conn, "COPY rapport.accounts (name, city, comments) FROM STDIN", &error));
  g_assert_no_error (error);
  g_assert_true (_crm_store_copy_put (conn, row->str, row->len, &error));
  g_assert_true (_crm_store_copy_end (conn, &error));
  g_assert_no_error (error);
  crm_test_db_exec (conn, "COMMIT");

  comments = crm_test_db_query_value (conn, "SELECT comments FROM rapport.accounts WHERE city IS NULL", NULL);
  g_assert_cmpstr (comments, ==, "строка\nдве");

  /* A bad row aborts the COPY with the server's reason. */
  g_string_assign (row, "");
  _crm_store_copy_append_field (row, "Плохой ИНН");
  _crm_store_copy_append_field (row, "123");
  g_string_append_c (row, '\n');
  g_assert_true (_crm_store_copy_begin (conn, "COPY rapport.accounts (name, inn) FROM STDIN", &error));
  g_assert_true (_crm_store_copy_put (conn, row->str, row->len, &error));
  g_assert_false (_crm_store_copy_end (conn, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_cmpint (PQtransactionStatus (conn), ==, PQTRANS_IDLE);
  g_assert_cmpuint (count (conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func) g_test_add (path, Fixture, "store", crm_test_fixture_set_up, func, crm_test_fixture_tear_down)
  ADD ("/store/account/crud-sync", test_account_crud_sync);
  ADD ("/store/contact/crud-async", test_contact_crud_async);
  ADD ("/store/conflict", test_conflict);
  ADD ("/store/invalid-refused", test_invalid_refused);
  ADD ("/store/database-constraints", test_database_constraints);
  ADD ("/store/injection-stored-verbatim", test_injection_stored_verbatim);
  ADD ("/store/fetch-order", test_fetch_order);
  ADD ("/store/list-ids-distinct-employees", test_list_ids_distinct_employees);
  ADD ("/store/owner", test_owner);
  ADD ("/store/permission", test_permission);
  ADD ("/store/retry-serialization-failure", test_retry_serialization_failure);
  ADD ("/store/cancelled", test_cancelled);
  ADD ("/store/cancel-running-query", test_cancel_running_query);
  ADD ("/store/pool", test_pool);
  ADD ("/store/reconnect", test_reconnect);
  ADD ("/store/copy-helpers", test_copy_helpers);
#undef ADD
  g_test_add_func ("/store/connection-errors", test_connection_errors);
  g_test_add_func ("/store/auth-error", test_auth_error);
  g_test_add_func ("/store/server-down", test_server_down);
  g_test_add_func ("/store/display-name", test_display_name);

  return g_test_run ();
}
