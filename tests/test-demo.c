/* test-demo.c — the demo data and the synthetic generator (db suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-demo.h"
#include "crm-email.h"
#include "crm-phone.h"
#include "crm-requisites.h"
#include "crm-test-db.h"

typedef struct
{
  char     *conninfo;
  CrmStore *store;
  PGconn   *conn;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->conninfo = crm_test_db_create ("demo");
  fixture->store = crm_test_db_open_store (fixture->conninfo);
  fixture->conn = crm_test_db_connect (fixture->conninfo);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->conn, PQfinish);
  g_clear_object (&fixture->store);
  crm_test_db_drop (fixture->conninfo);
  g_clear_pointer (&fixture->conninfo, g_free);
}

static gint64
query_count (PGconn     *conn,
             const char *sql,
             const char *param)
{
  g_autofree char *value = crm_test_db_query_value (conn, sql, param);

  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

static PGresult *
query_rows (PGconn     *conn,
            const char *sql)
{
  PGresult *res = PQexecParams (conn, sql, 0, NULL, NULL, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("SQL failed: %s\n%s", PQresultErrorMessage (res), sql);
  return res;
}

static void
assert_counts (PGconn *conn,
               gint64  n_employees,
               gint64  n_accounts,
               gint64  n_contacts)
{
  g_assert_cmpint (query_count (conn, "SELECT count(*) FROM rapport.employees", NULL), ==, n_employees);
  g_assert_cmpint (query_count (conn, "SELECT count(*) FROM rapport.accounts", NULL), ==, n_accounts);
  g_assert_cmpint (query_count (conn, "SELECT count(*) FROM rapport.contacts", NULL), ==, n_contacts);
}

/* Every stored text value of @type's fields is what the model's own check
 * makes of it: validators accept it and leave it unchanged. */
static void
assert_rows_validate (PGconn              *conn,
                      const CrmRecordType *type,
                      const char          *sql)
{
  PGresult *res = query_rows (conn, sql);

  g_assert_cmpint (PQntuples (res), >, 0);

  for (guint f = 0; f < type->n_fields; f++)
    {
      const CrmField *field = &type->fields[f];
      int             column;

      if (field->flags & CRM_FIELD_COMPUTED)
        continue;
      switch (field->kind)
        {
        case CRM_FIELD_TEXT:
        case CRM_FIELD_MULTILINE:
        case CRM_FIELD_CHOICE:
        case CRM_FIELD_PHONE:
        case CRM_FIELD_EMAIL:
        case CRM_FIELD_URL:
        case CRM_FIELD_INN:
        case CRM_FIELD_KPP:
        case CRM_FIELD_OGRN:
        case CRM_FIELD_DIGITS:
          break;
        case CRM_FIELD_INT:
        case CRM_FIELD_MONEY:
        case CRM_FIELD_BOOL:
        case CRM_FIELD_DATE:
        case CRM_FIELD_TIMESTAMP:
        case CRM_FIELD_REF:
        default:
          continue;
        }

      column = PQfnumber (res, field->name);
      g_assert_cmpint (column, >=, 0);

      for (int row = 0; row < PQntuples (res); row++)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *normalized = NULL;
          const char      *value;

          if (PQgetisnull (res, row, column))
            continue;
          value = PQgetvalue (res, row, column);

          if (!crm_field_check_text (field, value, &normalized, &error))
            g_error ("%s.%s “%s” (row %d) does not validate: %s",
                     type->table, field->name, value, row, error->message);
          g_assert_cmpstr (normalized, ==, value);
        }
    }

  PQclear (res);
}

/* INN, KPP and OGRN of every account pass their checks and belong
 * together; no two accounts share an INN. */
static void
assert_requisites (PGconn *conn)
{
  PGresult *res = query_rows (conn, "SELECT inn, kpp, ogrn FROM rapport.accounts ORDER BY id");

  for (int row = 0; row < PQntuples (res); row++)
    {
      g_autoptr (GError) error = NULL;
      const char *inn = PQgetvalue (res, row, 0);
      const char *ogrn = PQgetvalue (res, row, 2);

      g_assert_false (PQgetisnull (res, row, 0));
      g_assert_false (PQgetisnull (res, row, 2));
      g_assert_true (crm_inn_check (inn, &error));
      g_assert_no_error (error);
      g_assert_true (crm_ogrn_check (ogrn, &error));
      g_assert_no_error (error);

      if (strlen (inn) == 10)
        {
          const char *kpp = PQgetvalue (res, row, 1);

          /* A company: 13-digit OGRN, KPP of its tax office. */
          g_assert_cmpuint (strlen (ogrn), ==, 13);
          g_assert_false (PQgetisnull (res, row, 1));
          g_assert_true (crm_kpp_check (kpp, &error));
          g_assert_no_error (error);
          g_assert_true (strncmp (kpp, inn, 4) == 0);
        }
      else
        {
          /* An individual entrepreneur: OGRNIP, no KPP. */
          g_assert_cmpuint (strlen (inn), ==, 12);
          g_assert_cmpuint (strlen (ogrn), ==, 15);
          g_assert_true (PQgetisnull (res, row, 1));
        }
    }

  g_assert_cmpint (query_count (conn, "SELECT count(DISTINCT inn) FROM rapport.accounts", NULL),
                   ==, PQntuples (res));
  PQclear (res);
}

/* The seed's people are there, at their accounts. */
static void
assert_seed_person (PGconn     *conn,
                    const char *last_name,
                    const char *first_name,
                    const char *account,
                    const char *city)
{
  const char *params[] = { last_name };
  PGresult   *res;

  res = PQexecParams (conn,
                      "SELECT c.first_name, a.name, c.city FROM rapport.contacts c"
                      " JOIN rapport.accounts a ON a.id = c.account_id"
                      " WHERE c.last_name = $1",
                      1, NULL, params, NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, first_name);
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, account);
  g_assert_cmpstr (PQgetvalue (res, 0, 2), ==, city);
  PQclear (res);
}

static gpointer
load_func (CrmStore     *store,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  gboolean *loaded = data;

  if (!crm_demo_load_full (conn, CRM_DEMO_LOAD_DEFAULT, loaded, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
test_demo_load (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  gboolean         empty = FALSE;
  gboolean         loaded = FALSE;

  g_assert_true (crm_demo_is_empty (fixture->conn, &empty, &error));
  g_assert_no_error (error);
  g_assert_true (empty);

  /* The way rapportctl runs it: on a pooled connection of the store. */
  g_assert_nonnull (crm_store_run_sync (fixture->store, load_func, &loaded, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (loaded);

  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, CRM_DEMO_N_ACCOUNTS, CRM_DEMO_N_CONTACTS);
  g_assert_true (crm_demo_is_empty (fixture->conn, &empty, &error));
  g_assert_false (empty);

  assert_requisites (fixture->conn);
  assert_rows_validate (fixture->conn, &crm_account_type, "SELECT * FROM rapport.accounts ORDER BY id");
  assert_rows_validate (fixture->conn, &crm_contact_type, "SELECT * FROM rapport.contacts ORDER BY id");

  /* The seed companies come first, in the seed's order. */
  value = crm_test_db_query_value (fixture->conn,
                                   "SELECT string_agg(name, ', ' ORDER BY id) FROM"
                                   " (SELECT id, name FROM rapport.accounts ORDER BY id LIMIT 6) s",
                                   NULL);
  g_assert_cmpstr (value, ==, "Звезда Азии, Поехали, Дорога к Морю, В Пути!, Реал сервис, Агентство поездок");
  g_clear_pointer (&value, g_free);

  value = crm_test_db_query_value (fixture->conn,
                                   "SELECT concat_ws('|', size_group, city, phone, email)"
                                   " FROM rapport.accounts WHERE name = $1",
                                   "Поехали");
  g_assert_cmpstr (value, ==, "medium|Подольск|+79163258798|info@go.ru");
  g_clear_pointer (&value, g_free);

  /* Громыхайло at Реал сервис with exactly this mobile: search tests rely
   * on it, also through search_text (phone digits, company name). */
  value = crm_test_db_query_value (fixture->conn,
                                   "SELECT concat_ws('|', c.first_name, c.middle_name, c.phone_mobile, a.name)"
                                   " FROM rapport.contacts c JOIN rapport.accounts a ON a.id = c.account_id"
                                   " WHERE c.last_name = $1",
                                   "Громыхайло");
  g_assert_cmpstr (value, ==, "Игорь|Викторович|+79163258798|Реал сервис");
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts WHERE phone_mobile = $1",
                                "+79163258798"),
                   ==, 1);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts"
                                " WHERE search_text LIKE '%' || $1 || '%'",
                                "79163258798"),
                   ==, 1);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts"
                                " WHERE search_text LIKE '%' || $1 || '%'",
                                "громых"),
                   ==, 1);

  assert_seed_person (fixture->conn, "Редькин", "Игнат", "Звезда Азии", "Казань");
  assert_seed_person (fixture->conn, "Мировой", "Владимир", "В Пути!", "Домодедово");
  assert_seed_person (fixture->conn, "Струнина", "Надежда", "Агентство поездок", "Санкт-Петербург");
  assert_seed_person (fixture->conn, "Ёлкина", "Алёна", "ИП Ёлкина А. В.", "Ярославль");

  /* ё is folded to е for search. */
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts"
                                " WHERE search_text LIKE '%' || $1 || '%'",
                                "елкина алена"),
                   ==, 1);

  /* Everything has an owner; every contact an account. */
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.accounts WHERE owner_id IS NULL", NULL),
                   ==, 0);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts"
                                " WHERE owner_id IS NULL OR account_id IS NULL",
                                NULL),
                   ==, 0);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.employees WHERE login IS NULL", NULL),
                   ==, CRM_DEMO_N_EMPLOYEES);
}

static void
test_demo_load_idempotent (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gboolean loaded = TRUE;

  g_assert_true (crm_demo_load (fixture->conn, &error));
  g_assert_no_error (error);
  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, CRM_DEMO_N_ACCOUNTS, CRM_DEMO_N_CONTACTS);

  /* Data is there: nothing happens, and the connection is left idle. */
  g_assert_true (crm_demo_load (fixture->conn, &error));
  g_assert_no_error (error);
  g_assert_true (crm_demo_load_full (fixture->conn, CRM_DEMO_LOAD_DEFAULT, &loaded, &error));
  g_assert_no_error (error);
  g_assert_false (loaded);
  g_assert_cmpint (PQtransactionStatus (fixture->conn), ==, PQTRANS_IDLE);
  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, CRM_DEMO_N_ACCOUNTS, CRM_DEMO_N_CONTACTS);

  /* Forced: the records again, the staff reused. */
  crm_demo_load_full (fixture->conn, CRM_DEMO_LOAD_FORCE, &loaded, &error);
  g_assert_no_error (error);
  g_assert_true (loaded);
  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, 2 * CRM_DEMO_N_ACCOUNTS, 2 * CRM_DEMO_N_CONTACTS);
}

static void
test_demo_load_failure_rolls_back (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* A constraint the demo data cannot meet: the load fails as a whole. */
  crm_test_db_exec (fixture->conn,
                    "ALTER TABLE rapport.contacts ADD CONSTRAINT no_gromykhaylo"
                    " CHECK (last_name <> 'Громыхайло')");

  g_assert_false (crm_demo_load (fixture->conn, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_cmpint (PQtransactionStatus (fixture->conn), ==, PQTRANS_IDLE);
  assert_counts (fixture->conn, 0, 0, 0);
}

typedef struct
{
  guint   n_calls;
  guint64 last_done;
  guint64 total;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >=, progress->last_done);
  g_assert_cmpuint (done, <=, total);
  progress->n_calls++;
  progress->last_done = done;
  progress->total = total;
}

/* A digest of the generated rows, to compare two databases. */
static char *
dup_generated_digest (PGconn *conn)
{
  return crm_test_db_query_value (conn,
                                  "SELECT md5(string_agg(concat_ws('|', c.last_name, c.first_name,"
                                  " c.middle_name, c.gender, c.email, c.phone_mobile, c.city, a.name,"
                                  " a.inn, a.ogrn), E'\\n' ORDER BY c.id))"
                                  " FROM rapport.contacts c JOIN rapport.accounts a ON a.id = c.account_id",
                                  NULL);
}

/* The indexes of accounts and contacts: their definitions, and their oids
 * (which change when an index is built again). */
static const char index_definitions_sql[] =
    "SELECT string_agg(pg_get_indexdef(i.indexrelid), E'\\n' ORDER BY i.indexrelid::regclass::text)"
    "  FROM pg_index i WHERE i.indrelid IN ('rapport.accounts'::regclass, 'rapport.contacts'::regclass)";
static const char index_oids_sql[] =
    "SELECT string_agg(i.indexrelid::text, ',' ORDER BY i.indexrelid::regclass::text)"
    "  FROM pg_index i WHERE i.indrelid IN ('rapport.accounts'::regclass, 'rapport.contacts'::regclass)";

static void
test_demo_generate (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *other_digest = NULL;
  g_autofree char *first_names = NULL;
  g_autofree char *other_first_names = NULL;
  g_autofree char *other_conninfo = NULL;
  g_autofree char *indexes = NULL;
  Progress         progress = { 0 };
  PGresult        *res;
  PGconn          *other;

  g_assert_true (crm_demo_generate (fixture->conn, 10000, on_progress, &progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (PQtransactionStatus (fixture->conn), ==, PQTRANS_IDLE);

  /* The demo staff owns the records when there is nobody else. */
  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, 1000, 10000);
  g_assert_cmpuint (progress.n_calls, >=, 2);
  g_assert_cmpuint (progress.total, ==, 11000);
  g_assert_cmpuint (progress.last_done, ==, 11000);

  assert_requisites (fixture->conn);
  assert_rows_validate (fixture->conn, &crm_account_type, "SELECT * FROM rapport.accounts ORDER BY id");
  assert_rows_validate (fixture->conn, &crm_contact_type, "SELECT * FROM rapport.contacts ORDER BY id");

  /* Every contact has an e-mail or a phone worth the name, and most have
   * both; middle names agree with gender. */
  res = query_rows (fixture->conn,
                    "SELECT gender, middle_name, email, phone_mobile FROM rapport.contacts ORDER BY id");
  for (int row = 0; row < PQntuples (res); row++)
    {
      const char *gender = PQgetvalue (res, row, 0);
      const char *middle = PQgetvalue (res, row, 1);

      if (g_str_equal (gender, "female"))
        g_assert_true (g_str_has_suffix (middle, "вна") || g_str_has_suffix (middle, "чна"));
      else
        g_assert_true (g_str_has_suffix (middle, "вич") || g_str_has_suffix (middle, "ич"));

      if (!PQgetisnull (res, row, 2))
        {
          g_autoptr (GError) email_error = NULL;
          g_autofree char *email = crm_email_normalize (PQgetvalue (res, row, 2), &email_error);

          g_assert_no_error (email_error);
          g_assert_cmpstr (email, ==, PQgetvalue (res, row, 2));
        }
      if (!PQgetisnull (res, row, 3))
        {
          g_autoptr (GError) phone_error = NULL;
          g_autofree char *phone = crm_phone_normalize (PQgetvalue (res, row, 3), &phone_error);

          g_assert_no_error (phone_error);
          g_assert_cmpstr (phone, ==, PQgetvalue (res, row, 3));
          g_assert_true (g_str_has_prefix (phone, "+79"));
          g_assert_cmpuint (strlen (phone), ==, 12);
        }
    }
  PQclear (res);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts WHERE email IS NOT NULL", NULL),
                   >, 8500);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts"
                                " WHERE account_id IS NULL OR owner_id IS NULL OR search_text = ''",
                                NULL),
                   ==, 0);
  /* Nobody is called Громыхайло: that name stays rare. */
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts WHERE last_name LIKE $1",
                                "Громыхайл%"),
                   ==, 0);

  /* The same seed makes the same data in another database. */
  digest = dup_generated_digest (fixture->conn);
  first_names = crm_test_db_query_value (fixture->conn,
                                         "SELECT string_agg(first_name, ',' ORDER BY id) FROM"
                                         " (SELECT id, first_name FROM rapport.contacts ORDER BY id LIMIT 20) s",
                                         NULL);

  indexes = crm_test_db_query_value (fixture->conn, index_definitions_sql, NULL);
  other_conninfo = crm_test_db_create ("demo_other");
  {
    g_autoptr (CrmStore) other_store = crm_test_db_open_store (other_conninfo);

    g_autofree char *oids = NULL;
    g_autofree char *other_oids = NULL;
    g_autofree char *other_indexes = NULL;

    /* This time with the indexes built after the rows (0016): the same
     * rows, the same indexes, built anew. */
    other = crm_test_db_connect (other_conninfo);
    crm_test_db_exec (other, "UPDATE rapport.settings SET value = '1' WHERE key = 'import_bulk_min_rows'");
    oids = crm_test_db_query_value (other, index_oids_sql, NULL);
    g_assert_true (crm_demo_generate (other, 10000, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    other_oids = crm_test_db_query_value (other, index_oids_sql, NULL);
    g_assert_cmpstr (other_oids, !=, oids);
    other_indexes = crm_test_db_query_value (other, index_definitions_sql, NULL);
    g_assert_cmpstr (other_indexes, ==, indexes);
    other_digest = dup_generated_digest (other);
    other_first_names = crm_test_db_query_value (other,
                                                 "SELECT string_agg(first_name, ',' ORDER BY id) FROM"
                                                 " (SELECT id, first_name FROM rapport.contacts ORDER BY id LIMIT 20) s",
                                                 NULL);
    PQfinish (other);
  }
  crm_test_db_drop (other_conninfo);

  g_assert_cmpstr (first_names, ==, other_first_names);
  g_assert_cmpstr (digest, ==, other_digest);
}

static void
test_demo_generate_beside_demo (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (crm_demo_load (fixture->conn, &error));
  g_assert_no_error (error);

  /* Fewer than ten contacts still make one account; existing staff and
   * records are kept. */
  g_assert_true (crm_demo_generate (fixture->conn, 5, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, CRM_DEMO_N_ACCOUNTS + 1, CRM_DEMO_N_CONTACTS + 5);

  g_assert_true (crm_demo_generate (fixture->conn, 30, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_counts (fixture->conn, CRM_DEMO_N_EMPLOYEES, CRM_DEMO_N_ACCOUNTS + 4, CRM_DEMO_N_CONTACTS + 35);

  /* Generated contacts belong to generated accounts. */
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(*) FROM rapport.contacts c JOIN rapport.accounts a"
                                " ON a.id = c.account_id WHERE c.code LIKE 'КТ-_______'"
                                " AND a.code NOT LIKE 'КА-%'",
                                NULL),
                   ==, 0);
  g_assert_cmpint (query_count (fixture->conn,
                                "SELECT count(DISTINCT code) FROM rapport.contacts", NULL),
                   ==, CRM_DEMO_N_CONTACTS + 35);
}

static void
on_progress_cancel (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_demo_generate_cancelled (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  /* Cancelled after the first chunk: nothing is kept, the connection is
   * usable. */
  g_assert_false (crm_demo_generate (fixture->conn, 20000, on_progress_cancel, cancellable,
                                     cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (PQtransactionStatus (fixture->conn), ==, PQTRANS_IDLE);
  assert_counts (fixture->conn, 0, 0, 0);

  g_clear_error (&error);
  g_assert_true (crm_demo_load (fixture->conn, &error));
  g_assert_no_error (error);
}

static void
test_demo_values (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *latin = NULL;
  g_autofree char *ogrn = NULL;
  g_autofree char *ogrnip = NULL;
  g_autofree char *account = NULL;

  latin = crm_demo_transliterate ("Пётр Ёлкин, Щукина Юлия");
  g_assert_cmpstr (latin, ==, "petr elkin, shchukina yuliya");
  g_clear_pointer (&latin, g_free);
  latin = crm_demo_transliterate ("Хабибуллин Ильдар Объектович");
  g_assert_cmpstr (latin, ==, "khabibullin ildar obektovich");

  /* ПАО Сбербанк's OGRN. */
  ogrn = crm_demo_ogrn_complete ("102770013219");
  g_assert_cmpstr (ogrn, ==, "1027700132195");
  g_assert_true (crm_ogrn_check (ogrn, &error));
  g_assert_no_error (error);

  ogrnip = crm_demo_ogrn_complete ("30450011600015");
  g_assert_cmpuint (strlen (ogrnip), ==, 15);
  g_assert_true (crm_ogrn_check (ogrnip, &error));
  g_assert_no_error (error);

  /* The key digit (the 9th) is replaced by the one that fits the BIK. */
  account = crm_demo_bank_account_complete ("044525225", "40702810000000012345");
  g_assert_cmpstr (account, ==, "40702810200000012345");
  g_clear_pointer (&account, g_free);
  account = crm_demo_bank_account_complete ("044525225", "40702810900000012345");
  g_assert_cmpstr (account, ==, "40702810200000012345");
}

int
main (int   argc,
      char *argv[])
{
  crm_test_db_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/values", test_demo_values);
  g_test_add ("/demo/load", Fixture, NULL, fixture_set_up, test_demo_load, fixture_tear_down);
  g_test_add ("/demo/load-idempotent", Fixture, NULL,
              fixture_set_up, test_demo_load_idempotent, fixture_tear_down);
  g_test_add ("/demo/load-failure-rolls-back", Fixture, NULL,
              fixture_set_up, test_demo_load_failure_rolls_back, fixture_tear_down);
  g_test_add ("/demo/generate", Fixture, NULL, fixture_set_up, test_demo_generate, fixture_tear_down);
  g_test_add ("/demo/generate-cancelled", Fixture, NULL,
              fixture_set_up, test_demo_generate_cancelled, fixture_tear_down);
  g_test_add ("/demo/generate-beside-demo", Fixture, NULL,
              fixture_set_up, test_demo_generate_beside_demo, fixture_tear_down);

  return g_test_run ();
}
