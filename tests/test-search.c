/* test-search.c — what a search box finds, against a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-search.h"
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

/* With enough rows the planner must use the search indexes: the plan of
 * @sql names one of the |-separated @indexes. */
static void
assert_sql_plan_uses (PGconn     *conn,
                      const char *sql,
                      GPtrArray  *params,
                      const char *indexes)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN ", sql, NULL);
  g_autoptr (GString) plan = g_string_new (NULL);
  g_auto (GStrv) any = g_strsplit (indexes, "|", -1);
  gboolean  found = FALSE;
  PGresult *res;

  res = PQexecParams (conn, explain, (int) params->len, NULL, (const char *const *) params->pdata,
                      NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (res); i++)
    g_string_append_printf (plan, "%s\n", PQgetvalue (res, i, 0));
  PQclear (res);

  for (guint i = 0; any[i] != NULL && !found; i++)
    found = strstr (plan->str, any[i]) != NULL;
  if (!found)
    g_test_message ("%s\n%s", sql, plan->str);
  g_assert_true (found);
}

static void
assert_plan_uses (PGconn         *conn,
                  const CrmQuery *query,
                  const char     *indexes)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_ids_sql (query, params);

  assert_sql_plan_uses (conn, sql, params, indexes);
}

static void
assert_head_plan_uses (PGconn          *conn,
                       const CrmQuery  *query,
                       CrmQueryHeadPart part,
                       const char      *indexes)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_head_sql (query, part, 2000, 200, params);

  g_assert_nonnull (sql);
  assert_sql_plan_uses (conn, sql, params, indexes);
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
                    "FROM generate_series(1, 30000) i ORDER BY random()");
  /* What autovacuum does soon after a bulk insert: it also moves the GIN
   * index's pending entries into the index proper. */
  crm_test_db_exec (conn, "VACUUM ANALYZE rapport.contacts");

  crm_query_set_search (query, "громых");
  assert_plan_uses (conn, query, "contacts_search_text");
  crm_query_set_search (query, "325-87-98");
  assert_plan_uses (conn, query, "contacts_search_text");
  /* Both btrees on search_name serve a prefix (0004 added the covering
   * one). */
  crm_query_set_search (query, "Гр");
  assert_plan_uses (conn, query, "contacts_search_name|contacts_search_walk");

  /* The first page of a search: names that start with the term from a
   * btree on search_name, the walk over the others an index-only scan of
   * the covering index, the rest from the trigram index. */
  crm_query_set_search (query, "Фамилия12");
  assert_head_plan_uses (conn, query, CRM_QUERY_HEAD_PREFIX, "contacts_search_name|contacts_search_walk");
  /* (A table this small is cheaper to read in the narrower index's order
   * than the wider index: without that one and a sort, the walk must be
   * an index-only scan.) */
  crm_query_set_search (query, "амилия12");
  crm_test_db_exec (conn, "BEGIN; DROP INDEX rapport.contacts_search_name; SET LOCAL enable_seqscan = off; "
                          "SET LOCAL enable_sort = off");
  assert_head_plan_uses (conn, query, CRM_QUERY_HEAD_WALK, "Index Only Scan using contacts_search_walk");
  crm_test_db_exec (conn, "ROLLBACK");
  crm_test_db_exec (conn, "SET enable_seqscan = off; SET enable_indexscan = off; SET enable_indexonlyscan = off");
  assert_head_plan_uses (conn, query, CRM_QUERY_HEAD_MATCHES, "contacts_search_text");
  crm_test_db_exec (conn, "RESET enable_seqscan; RESET enable_indexscan; RESET enable_indexonlyscan");

  /* The whole list in name order can come straight off the name index
   * (the planner prefers a sort for a table this small; forbid it). */
  crm_query_set_search (query, NULL);
  crm_test_db_exec (conn, "SET enable_sort = off");
  assert_plan_uses (conn, query, "Index Only Scan using contacts_search_name");
  crm_query_set_sort (query, "full_name", TRUE);
  assert_plan_uses (conn, query, "Index Only Scan Backward using contacts_search_name");

  PQfinish (conn);
}

/* The ranked search relies on it: the triggers put the name at the start
 * of the search text, whatever fields are empty. */
static void
test_search_text_starts_with_name (Fixture      *fixture,
                                   gconstpointer user_data)
{
  PGconn          *conn = crm_test_db_connect (fixture->conninfo);
  g_autofree char *contacts = NULL;
  g_autofree char *accounts = NULL;

  crm_test_db_exec (conn,
                    "INSERT INTO rapport.contacts (last_name, first_name, middle_name, city, email) VALUES "
                    "('  Пустов ', '', NULL, 'Тверь', 'a@b.ru'), ('Без Имени', NULL, 'Отчество', NULL, NULL), "
                    "('Ёжиков', 'Ёж', '', NULL, '')");
  crm_test_db_exec (conn, "INSERT INTO rapport.accounts (name, city) VALUES (' ООО  «Пробелы» ', 'Тверь')");
  contacts = crm_test_db_query_value (conn,
                                      "SELECT count(*) FROM rapport.contacts WHERE strpos(search_text, search_name) <> $1",
                                      "1");
  accounts = crm_test_db_query_value (conn,
                                      "SELECT count(*) FROM rapport.accounts WHERE strpos(search_text, search_name) <> $1",
                                      "1");
  g_assert_cmpstr (contacts, ==, "0");
  g_assert_cmpstr (accounts, ==, "0");
  PQfinish (conn);
}

/* The first page of a search (all of its parts: names that start with the
 * term, the walk, the trigram index) is exactly the start of the whole
 * list, in the same order, whatever the limit. */
static void
assert_head_is_list_start (Fixture        *fixture,
                           const CrmQuery *query)
{
  static const guint limits[] = { 1, 7, 150, 200, 5000 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = crm_store_list_ids_sync (fixture->store, query, NULL, &error);

  g_assert_no_error (error);
  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      g_autoptr (GPtrArray) head = NULL;
      gboolean complete = FALSE;

      head = crm_store_list_head_sync (fixture->store, query, limits[l], &complete, NULL, &error);
      g_assert_no_error (error);
      if (head->len != MIN (limits[l], all->len))
        g_test_message ("“%s”, limit %u: %u of %u", crm_query_get_search (query), limits[l], head->len, all->len);
      g_assert_cmpuint (head->len, ==, MIN (limits[l], all->len));
      g_assert_true (complete == (head->len < limits[l]));
      for (guint i = 0; i < head->len; i++)
        {
          CrmRecord *record = g_ptr_array_index (head, i);

          g_assert_true (crm_record_get_loaded (record));
          g_assert_cmpint (crm_record_get_id (record), ==, g_array_index (all, gint64, i));
        }
    }
}

static void
test_head (Fixture      *fixture,
           gconstpointer user_data)
{
  static const char *const searches[] = {
    "пет",         /* names that start with it, then Апетов, Пётр, Петрович */
    "петров пётр", /* two words, the name in that order first */
    "ерба",        /* only inside surnames near the end of the alphabet */
    "ович",        /* in most patronymics: the walk fills the page */
    "нет такого",  /* nothing */
    "916 55",      /* phone digits */
    "пе",          /* two letters: names that start with them */
    "@mail.ru",    /* an e-mail domain, not in any name */
  };
  PGconn *conn = crm_test_db_connect (fixture->conninfo);
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);

  /* 6,000 contacts, names in all orders: Петров/Апетов/Щербаков…, Пётр or
   * others, patronymics mostly in -ович/-овна. */
  crm_test_db_exec (conn,
                    "INSERT INTO rapport.contacts (last_name, first_name, middle_name, phone_mobile, email, city) "
                    "SELECT (ARRAY['Петров','Апетов','Щербаков','Ахметов','Петрова','Яковлев','Зайцев'])[1 + i % 7] "
                    "       || CASE WHEN i % 3 = 0 THEN '' ELSE chr(1072 + i % 32) END, "
                    "       (ARRAY['Пётр','Анна','Иван','Ольга','Сергей'])[1 + i % 5], "
                    "       CASE WHEN i % 10 = 0 THEN NULL ELSE (ARRAY['Петрович','Ивановна','Ильич'])[1 + i % 3] END, "
                    "       '+7916' || lpad((i * 7919 % 10000000)::text, 7, '0'), "
                    "       CASE WHEN i % 4 = 0 THEN 'user' || i || '@mail.ru' END, "
                    "       (ARRAY['Москва','Тверь'])[1 + i % 2] "
                    "FROM generate_series(1, 6000) i");
  crm_test_db_exec (conn, "VACUUM ANALYZE rapport.contacts");

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      crm_query_set_search (query, searches[i]);
      crm_query_set_sort (query, NULL, FALSE);
      crm_query_set_filter (query, "city", NULL);
      assert_head_is_list_start (fixture, query);
      crm_query_set_sort (query, "full_name", TRUE);
      assert_head_is_list_start (fixture, query);
      crm_query_set_sort (query, "city", FALSE);
      assert_head_is_list_start (fixture, query);
      crm_query_set_sort (query, NULL, FALSE);
      crm_query_set_filter (query, "city", "Тверь");
      assert_head_is_list_start (fixture, query);
    }

  /* Ranked: the names that start with the term first, each group in name
   * order. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GArray) ids = NULL;
    g_autoptr (GPtrArray) rows = NULL;
    gboolean prefix = TRUE;

    crm_query_set_filter (query, "city", NULL);
    crm_query_set_search (query, "Пет");
    ids = crm_store_list_ids_sync (fixture->store, query, NULL, &error);
    g_assert_no_error (error);
    rows = crm_store_fetch_sync (fixture->store, &crm_contact_type, (const gint64 *) (gpointer) ids->data, ids->len,
                                 NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, >, 2000);
    for (guint i = 0; i < rows->len; i++)
      {
        g_autofree char *name = crm_search_normalize (crm_record_get_string (g_ptr_array_index (rows, i), "last_name"));

        if (!g_str_has_prefix (name, "пет"))
          prefix = FALSE;
        else
          g_assert_true (prefix); /* no name with the prefix after one without */
      }
    g_assert_false (prefix); /* Апетов, Пётр… came too */
  }

  PQfinish (conn);
}

/* crm_search_normalize(), crm_search_phone_digits() and crm_search_join()
 * give byte for byte what rapport.search_norm(), rapport.phone_digits()
 * and search_norm(concat_ws(' ', …)) give on the server: the import sends
 * the search columns computed in C (0005-import-speed.sql). */
static void
test_normalize_matches_sql (Fixture      *fixture,
                            gconstpointer user_data)
{
  static const char *const texts[] = {
    "Ёлкин Пётр",
    "ЁЛКИН ёлкин Ёё",
    "ГрОмЫхАйЛо Igor SMITH-Петров",
    "ООО «Ромашка» & Co.",
    "  Пётр \t Ильич\nЧайковский\r\n",
    "a\v\fb",
    "a\u2003b\u3000c\u2028d\u2029e\u205Ff\u1680g",
    "a\u00a0b\u2007c\u202Fd",
    "\u00a0 Ёж \u00a0",
    "ÄÖÜ Straße Ï Ĳ",
    "ΟΔΥΣΣΕΥΣ İstanbul",
    "Ⅻ Ⓐ ǅ ẞ",
    "Їжак Євген ҐАНОК",
    "ivan.PETROV@Example.COM",
    "+7 (916) 325-87-98",
    "8 916 325 87 98;ext=5",
    "+79163258798;ext=12",
    "٣٤٥ ۱۲ १२",
    "",
    " ",
    "\t\n",
    "x\u0301 e\u0308",
    "😀 Emoji 😀",
    "A\u200bB",
    "Ab\xc2\x85"
    "cd",
  };
  PGconn *conn = crm_test_db_connect (fixture->conninfo);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *norm = crm_search_normalize (texts[i]);
      g_autofree char *digits = crm_search_phone_digits (texts[i]);
      g_autofree char *sql_norm = crm_test_db_query_value (conn, "SELECT rapport.search_norm($1)", texts[i]);
      g_autofree char *sql_digits = crm_test_db_query_value (conn, "SELECT rapport.phone_digits($1)", texts[i]);

      g_test_message ("“%s”", texts[i]);
      g_assert_cmpstr (norm, ==, sql_norm);
      g_assert_cmpstr (digits, ==, sql_digits);
    }

  /* Joined with NULLs and empty parts, as the search triggers join the
   * columns (concat_ws skips NULL, keeps ""). */
  for (guint i = 0; i + 2 < G_N_ELEMENTS (texts); i++)
    {
      const char      *parts[4] = { texts[i], NULL, texts[i + 1], texts[i + 2] };
      const char      *params[3] = { texts[i], texts[i + 1], texts[i + 2] };
      g_autofree char *joined = crm_search_join (parts, G_N_ELEMENTS (parts));
      PGresult        *res = PQexecParams (conn, "SELECT rapport.search_norm(concat_ws(' ', $1::text, NULL, $2::text, $3::text))", 3, NULL,
                                           params, NULL, NULL, 0);

      g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
      g_assert_cmpstr (joined, ==, PQgetvalue (res, 0, 0));
      PQclear (res);
    }
  {
    g_autofree char *nothing = crm_search_join (NULL, 0);
    g_autofree char *no_phone = crm_search_phone_digits (NULL);

    g_assert_cmpstr (nothing, ==, "");
    g_assert_cmpstr (no_phone, ==, "");
  }

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
  ADD ("/search/text-starts-with-name", test_search_text_starts_with_name);
  ADD ("/search/head", test_head);
  ADD ("/search/normalize-matches-sql", test_normalize_matches_sql);
#undef ADD

  return g_test_run ();
}
