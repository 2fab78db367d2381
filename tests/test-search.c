/* test-search.c — what a search box finds, against a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-store-private.h"
#include "crm-test-db.h"

typedef struct
{
  char     *conninfo;
  CrmStore *store;
  gint64    romashka;    /* account, INN 7707083893, info@romashka.ru */
  gint64    percent;     /* account "Скидка 100% гарантия" */
  gint64    thousand;    /* account "Скидка 1000 рублей" */
  gint64    gromykhailo; /* contact at Ромашка, +79163258798 */
  gint64    yolkin;      /* contact Ёлкин */
  gint64    agronomov;   /* contact with "гр" inside the name */
  gint64    petrova;     /* contact, other phone */
} Fixture;

static gint64
save (CrmStore  *store,
      CrmRecord *record)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) saved = crm_store_save_sync (store, record, NULL, &error);

  g_assert_no_error (error);
  g_object_unref (record);
  return crm_record_get_id (saved);
}

static CrmRecord *
contact (const char *last,
         const char *first,
         const char *middle,
         const char *phone)
{
  CrmRecord *record = CRM_RECORD (crm_contact_new ());

  crm_record_set_string (record, "last_name", last);
  crm_record_set_string (record, "first_name", first);
  crm_record_set_string (record, "middle_name", middle);
  crm_record_set_string (record, "phone_mobile", phone);
  return record;
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer user_data)
{
  CrmRecord *record;

  fixture->conninfo = crm_test_db_create ("search");
  fixture->store = crm_test_db_open_store (fixture->conninfo);

  record = CRM_RECORD (crm_account_new ());
  crm_record_set_string (record, "name", "ООО «Ромашка»");
  crm_record_set_string (record, "inn", "7707083893");
  crm_record_set_string (record, "email", "info@romashka.ru");
  crm_record_set_string (record, "city", "Москва");
  fixture->romashka = save (fixture->store, record);

  record = CRM_RECORD (crm_account_new ());
  crm_record_set_string (record, "name", "Скидка 100% гарантия");
  crm_record_set_string (record, "city", "Тверь");
  fixture->percent = save (fixture->store, record);

  record = CRM_RECORD (crm_account_new ());
  crm_record_set_string (record, "name", "Скидка 1000 рублей");
  crm_record_set_string (record, "email", "sale_1000@skidka.ru");
  crm_record_set_string (record, "city", "Москва");
  fixture->thousand = save (fixture->store, record);

  record = contact ("Громыхайло", "Игорь", "Викторович", "+79163258798");
  crm_record_set_int (record, "account_id", fixture->romashka);
  crm_record_set_string (record, "email", "igor@romashka.ru");
  fixture->gromykhailo = save (fixture->store, record);

  fixture->yolkin = save (fixture->store, contact ("Ёлкин", "Семён", NULL, "+7 495 111-22-33"));
  fixture->agronomov = save (fixture->store, contact ("Агрономов", "Пётр", "Ильич", NULL));
  fixture->petrova = save (fixture->store, contact ("Петрова", "Анна", "Сергеевна", "8 (812) 555-44-33"));
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_clear_object (&fixture->store);
  crm_test_db_drop (fixture->conninfo);
  g_free (fixture->conninfo);
}

static GArray *
search (Fixture             *fixture,
        const CrmRecordType *type,
        const char          *text)
{
  g_autoptr (CrmQuery) query = crm_query_new (type);
  g_autoptr (GError) error = NULL;
  GArray *ids;

  crm_query_set_search (query, text);
  ids = crm_store_list_ids_sync (fixture->store, query, NULL, &error);
  g_assert_no_error (error);
  return ids;
}

/* The search finds exactly @expected (in any order), nothing else. */
static void
assert_finds (Fixture             *fixture,
              const CrmRecordType *type,
              const char          *text,
              ...)
{
  g_autoptr (GArray) ids = search (fixture, type, text);
  g_autoptr (GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;
  gint64  id;

  va_start (args, text);
  while ((id = va_arg (args, gint64)) != 0)
    g_array_append_val (expected, id);
  va_end (args);

  if (ids->len != expected->len)
    g_test_message ("search “%s”: %u found, %u expected", text, ids->len, expected->len);
  g_assert_cmpuint (ids->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < ids->len && !found; j++)
        found = g_array_index (ids, gint64, j) == g_array_index (expected, gint64, i);
      if (!found)
        g_test_message ("search “%s” missed id %" G_GINT64_FORMAT, text, g_array_index (expected, gint64, i));
      g_assert_true (found);
    }
}

#define NONE ((gint64) 0)

static void
test_name_fragment (Fixture      *fixture,
                    gconstpointer user_data)
{
  assert_finds (fixture, &crm_contact_type, "громых", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "ГРОМЫХ", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "  Громыхайло  ", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "ыхайл", fixture->gromykhailo, NONE);
  /* Every word must match, in any order. */
  assert_finds (fixture, &crm_contact_type, "игорь громыхайло", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "громыхайло анна", NONE);
  /* The account's name is part of a contact's search text. */
  assert_finds (fixture, &crm_contact_type, "ромашка", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "Семён", fixture->yolkin, NONE);
  assert_finds (fixture, &crm_contact_type, "Иванов", NONE);
  assert_finds (fixture, &crm_account_type, "ромаш", fixture->romashka, NONE);
}

static void
test_phone (Fixture      *fixture,
            gconstpointer user_data)
{
  assert_finds (fixture, &crm_contact_type, "+7 (916) 325-87-98", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "79163258798", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "89163258798", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "8 916 325 87 98", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "325-87-98", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "916", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "555-44", fixture->petrova, NONE);
  assert_finds (fixture, &crm_contact_type, "+7 (916) 325-87-99", NONE);
}

static void
test_requisites_and_email (Fixture      *fixture,
                           gconstpointer user_data)
{
  assert_finds (fixture, &crm_account_type, "770708", fixture->romashka, NONE);
  assert_finds (fixture, &crm_account_type, "7707083893", fixture->romashka, NONE);
  assert_finds (fixture, &crm_account_type, "7707083894", NONE);
  assert_finds (fixture, &crm_account_type, "info@romashka", fixture->romashka, NONE);
  assert_finds (fixture, &crm_account_type, "INFO@ROMASHKA.RU", fixture->romashka, NONE);
  assert_finds (fixture, &crm_contact_type, "igor@romashka.ru", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_account_type, "москва", fixture->romashka, fixture->thousand, NONE);
}

static void
test_yo (Fixture      *fixture,
         gconstpointer user_data)
{
  assert_finds (fixture, &crm_contact_type, "елкин", fixture->yolkin, NONE);
  assert_finds (fixture, &crm_contact_type, "Ёлкин", fixture->yolkin, NONE);
  assert_finds (fixture, &crm_contact_type, "ЕЛКИН", fixture->yolkin, NONE);
  assert_finds (fixture, &crm_contact_type, "семен", fixture->yolkin, NONE);
  assert_finds (fixture, &crm_contact_type, "петр ильич", fixture->agronomov, NONE);
}

static void
test_prefix (Fixture      *fixture,
             gconstpointer user_data)
{
  /* One or two letters match the start of the name only: not Агрономов. */
  assert_finds (fixture, &crm_contact_type, "Гр", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "гр", fixture->gromykhailo, NONE);
  assert_finds (fixture, &crm_contact_type, "Ё", fixture->yolkin, NONE);
  assert_finds (fixture, &crm_contact_type, "а", fixture->agronomov, NONE);
  assert_finds (fixture, &crm_contact_type, "я", NONE);
  assert_finds (fixture, &crm_account_type, "ск", fixture->percent, fixture->thousand, NONE);
}

static void
test_like_metacharacters (Fixture      *fixture,
                          gconstpointer user_data)
{
  g_autoptr (GArray) all = search (fixture, &crm_account_type, NULL);

  g_assert_cmpuint (all->len, ==, 3);
  assert_finds (fixture, &crm_account_type, "100%", fixture->percent, NONE);
  assert_finds (fixture, &crm_account_type, "%%%", NONE);
  assert_finds (fixture, &crm_account_type, "sale_1000", fixture->thousand, NONE);
  assert_finds (fixture, &crm_account_type, "sale_", fixture->thousand, NONE);
  assert_finds (fixture, &crm_account_type, "e_1", fixture->thousand, NONE);
  assert_finds (fixture, &crm_account_type, "a_e", NONE);
  assert_finds (fixture, &crm_account_type, "\\", NONE);
  assert_finds (fixture, &crm_account_type, "___", NONE);
}

static void
test_with_filter (Fixture      *fixture,
                  gconstpointer user_data)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;

  crm_query_set_search (query, "скидка");
  crm_query_set_filter (query, "city", "Москва");
  ids = crm_store_list_ids_sync (fixture->store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->thousand);
  g_clear_pointer (&ids, g_array_unref);

  /* The contacts of one account. */
  {
    g_autoptr (CrmQuery) contacts = crm_query_new (&crm_contact_type);
    g_autofree char *account = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->romashka);

    crm_query_set_filter (contacts, "account_id", account);
    ids = crm_store_list_ids_sync (fixture->store, contacts, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->gromykhailo);
    g_clear_pointer (&ids, g_array_unref);

    /* … and those without one. */
    crm_query_set_filter (contacts, "account_id", CRM_QUERY_FILTER_EMPTY);
    ids = crm_store_list_ids_sync (fixture->store, contacts, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 3);
  }
}

/* With enough rows the planner must use the search indexes. */
static void
assert_plan_uses (PGconn         *conn,
                  const CrmQuery *query,
                  const char     *index)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_ids_sql (query, params);
  g_autofree char *explain = g_strconcat ("EXPLAIN ", sql, NULL);
  g_autoptr (GString) plan = g_string_new (NULL);
  PGresult *res;

  res = PQexecParams (conn, explain, (int) params->len, NULL, (const char *const *) params->pdata,
                      NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (res); i++)
    g_string_append_printf (plan, "%s\n", PQgetvalue (res, i, 0));
  PQclear (res);

  if (strstr (plan->str, index) == NULL)
    g_test_message ("%s\n%s", sql, plan->str);
  g_assert_nonnull (strstr (plan->str, index));
}

static void
test_plans (Fixture      *fixture,
            gconstpointer user_data)
{
  PGconn *conn = crm_test_db_connect (fixture->conninfo);
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);

  crm_test_db_exec (conn,
                    "INSERT INTO rapport.contacts (last_name, first_name, phone_mobile) "
                    "SELECT 'Фамилия' || i, 'Имя' || (i % 100), '+7916' || lpad(i::text, 7, '0') "
                    "FROM generate_series(1, 30000) i");
  /* What autovacuum does soon after a bulk insert: it also moves the GIN
   * index's pending entries into the index proper. */
  crm_test_db_exec (conn, "VACUUM ANALYZE rapport.contacts");

  crm_query_set_search (query, "громых");
  assert_plan_uses (conn, query, "contacts_search_text");
  crm_query_set_search (query, "325-87-98");
  assert_plan_uses (conn, query, "contacts_search_text");
  crm_query_set_search (query, "Гр");
  assert_plan_uses (conn, query, "contacts_search_name");
  /* The whole list in name order can come straight off the name index
   * (the planner prefers a sort for a table this small; forbid it). */
  crm_query_set_search (query, NULL);
  crm_test_db_exec (conn, "SET enable_sort = off");
  assert_plan_uses (conn, query, "Index Only Scan using contacts_search_name");
  crm_query_set_sort (query, "full_name", TRUE);
  assert_plan_uses (conn, query, "Index Only Scan Backward using contacts_search_name");

  PQfinish (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/search/name-fragment", test_name_fragment);
  ADD ("/search/phone", test_phone);
  ADD ("/search/requisites-and-email", test_requisites_and_email);
  ADD ("/search/yo", test_yo);
  ADD ("/search/prefix", test_prefix);
  ADD ("/search/like-metacharacters", test_like_metacharacters);
  ADD ("/search/with-filter", test_with_filter);
  ADD ("/search/plans", test_plans);
#undef ADD

  return g_test_run ();
}
